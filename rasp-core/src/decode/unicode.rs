//! Unicode compatibility folding (NFKC): full-width `＜` becomes `<`, `ｓｅｌｅｃｔ`
//! becomes `select`, ligatures and other compatibility forms fold to ASCII.

use std::borrow::Cow;

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Folds the value to NFKC; ASCII and already-folded text is borrowed.
pub fn nfkc(value: &str) -> Cow<'_, str> {
    if value.is_ascii() || is_nfkc_quick(value.chars()) == IsNormalized::Yes {
        return Cow::Borrowed(value);
    }
    let folded: String = value.nfkc().collect();
    if folded == value {
        Cow::Borrowed(value)
    } else {
        Cow::Owned(folded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_fullwidth() {
        assert_eq!(nfkc("＜ｓｃｒｉｐｔ＞"), "<script>");
        assert_eq!(nfkc("ＵＮＩＯＮ　ＳＥＬＥＣＴ"), "UNION SELECT");
        assert!(matches!(nfkc("plain"), Cow::Borrowed(_)));
        assert!(matches!(nfkc("café"), Cow::Borrowed(_)));
    }
}
