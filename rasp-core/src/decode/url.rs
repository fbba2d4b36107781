//! Percent-decoding (one layer; `normalize` repeats it).

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

/// Decodes `%XX` sequences once. Bytes that do not form UTF-8 become U+FFFD.
/// `+` is left alone: it means a space only in form and query encoding, which
/// the request parser already decoded.
pub fn url_decode_once(value: &str) -> Cow<'_, str> {
    if !value.as_bytes().contains(&b'%') {
        return Cow::Borrowed(value);
    }
    match percent_decode_str(value).decode_utf8_lossy() {
        Cow::Borrowed(_) => Cow::Borrowed(value),
        Cow::Owned(s) => Cow::Owned(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_borrows() {
        assert_eq!(url_decode_once("a%20b%27"), "a b'");
        assert!(matches!(url_decode_once("plain"), Cow::Borrowed(_)));
        // A lone or broken escape is kept as is.
        assert!(matches!(url_decode_once("100%"), Cow::Borrowed(_)));
        assert_eq!(url_decode_once("%zz%41"), "%zzA");
        assert_eq!(url_decode_once("%ff"), "\u{fffd}");
    }
}
