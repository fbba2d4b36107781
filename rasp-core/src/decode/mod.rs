//! Transformations applied to a value before it is judged.
//!
//! Each decoder returns its input untouched (`Cow::Borrowed`) when there is
//! nothing to decode, so clean traffic costs a scan and no allocation.
//! [`normalize`] chains them until the value is stable, so that layered
//! encodings (`%2526lt%253B` → `%26lt%3B` → `&lt;` → `<`) cannot hide a payload.

mod base64;
mod escapes;
mod html;
mod nul;
mod unicode;
mod url;

use std::borrow::Cow;

pub use self::base64::base64_text;
pub(crate) use self::escapes::escape_at;
pub use self::escapes::unescape;
pub use self::html::html_entities;
pub(crate) use self::html::numeric_reference;
pub use self::nul::strip_nul;
pub use self::unicode::nfkc;
pub use self::url::url_decode_once;

/// How many full rounds of decoding are applied at most. Each round can peel
/// one layer of every encoding; four layers is beyond what any real client
/// sends, and the bound keeps the work linear in the value's length.
const MAX_ROUNDS: usize = 4;

/// Applies every decoder, repeatedly, until the value no longer changes.
pub fn normalize(value: &str) -> Cow<'_, str> {
    decode_seeing(value, |_| {})
}

/// Whether `test` holds for the value as some decoder of [`normalize`]
/// receives it: how a value was encoded, which its decoded form no longer
/// shows (`&#x003c` and `&lt;` both decode to `<`).
pub(crate) fn before_some_decoder(value: &str, mut test: impl FnMut(&str) -> bool) -> bool {
    let mut found = false;
    decode_seeing(value, |form| found = found || test(form));
    found
}

/// [`normalize`], showing `see` the value before each decoder that may
/// change it.
fn decode_seeing(value: &str, mut see: impl FnMut(&str)) -> Cow<'_, str> {
    // Every decoder needs one of these bytes to change anything (`%` for
    // URL and `%u` escapes, `&` for entities, `\\` for escapes, NUL, and
    // non-ASCII for NFKC): one scan settles most values.
    let may_decode = crate::swar::find(
        value.as_bytes(),
        0,
        |w| {
            use crate::swar::equal_to;
            equal_to(w, b'%')
                | equal_to(w, b'&')
                | equal_to(w, b'\\')
                | equal_to(w, 0)
                | crate::swar::non_ascii(w)
        },
        |c| matches!(c, b'%' | b'&' | b'\\' | 0 | 0x80..=0xff),
    );
    if may_decode.is_none() {
        return Cow::Borrowed(value);
    }
    let mut current: Cow<'_, str> = Cow::Borrowed(value);
    for _ in 0..MAX_ROUNDS {
        let next = one_round(&current, &mut see);
        match next {
            Cow::Borrowed(_) => return current,
            Cow::Owned(s) => current = Cow::Owned(s),
        }
    }
    current
}

/// One pass of every decoder; `Borrowed` when nothing changed.
fn one_round<'a>(value: &'a str, see: &mut impl FnMut(&str)) -> Cow<'a, str> {
    let mut out: Cow<'_, str> = Cow::Borrowed(value);
    for step in [url_decode_once, html_entities, unescape, strip_nul, nfkc] {
        see(&out);
        if let Cow::Owned(s) = step(&out) {
            out = Cow::Owned(s);
        }
    }
    out
}

/// The forms of a value that detectors judge: the normalized value and, when
/// `decode_b64` is on and the value is base64 of readable text (whole, or
/// as the data of a `data:...;base64,` URL), the normalized decoded text.
pub fn variants(value: &str, decode_b64: bool) -> (Cow<'_, str>, Option<String>) {
    let norm = normalize(value);
    let b64 = if decode_b64 {
        let v = value.trim();
        base64_text(data_url_base64(v).unwrap_or(v)).map(|t| normalize(&t).into_owned())
    } else {
        None
    };
    (norm, b64)
}

/// The data of a base64 `data:` URL (`data:text/html;base64,PHN2Zz4=`):
/// a browser decodes it and renders the HTML or runs the script, so the
/// decoded text is what must be judged.
fn data_url_base64(v: &str) -> Option<&str> {
    let head = v.get(..5)?;
    if !head.eq_ignore_ascii_case("data:") {
        return None;
    }
    let comma = v.find(',')?;
    let meta = &v[5..comma];
    let is_b64 = meta
        .rsplit(';')
        .next()
        .is_some_and(|p| p.trim().eq_ignore_ascii_case("base64"));
    is_b64.then(|| &v[comma + 1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_value_is_borrowed() {
        assert!(matches!(normalize("hello world 42"), Cow::Borrowed(_)));
    }

    #[test]
    fn layered_encodings_are_peeled() {
        assert_eq!(normalize("%253Cscript%253E"), "<script>");
        assert_eq!(normalize("%26lt%3Bscript%26gt%3B"), "<script>");
        assert_eq!(normalize("&amp;lt;svg&amp;gt;"), "<svg>");
        assert_eq!(normalize("\\u003cimg\\u003e"), "<img>");
        assert_eq!(normalize("%5Cx3cb%5Cx3e"), "<b>");
        assert_eq!(normalize("＜script＞"), "<script>");
        assert_eq!(normalize("sel%00ect"), "select");
        assert_eq!(normalize("%u003Cscript%u003E"), "<script>");
    }

    proptest::proptest! {
        // What the pre-scan skips, no decoder would have changed.
        #[test]
        fn the_pre_scan_skips_only_what_decoders_leave_alone(v in "[ -$'-\\[\\]-~\t\r\n]{0,64}") {
            let unchanged = matches!(one_round(&v, &mut |_: &str| ()), Cow::Borrowed(_));
            proptest::prop_assert!(unchanged);
        }
    }

    #[test]
    fn rounds_are_bounded() {
        let mut v = String::from("<");
        for _ in 0..10 {
            v = v.replace('%', "%25").replace('<', "%3C");
        }
        // Ten layers: only MAX_ROUNDS are peeled, and the call returns.
        assert_ne!(normalize(&v), "<");
    }

    #[test]
    fn base64_variant() {
        let (_, b) = variants("JyBPUiAxPTEgLS0=", true);
        assert_eq!(b.as_deref(), Some("' OR 1=1 --"));
        let (_, b) = variants("JyBPUiAxPTEgLS0=", false);
        assert_eq!(b, None);
    }

    #[test]
    fn base64_data_url_is_decoded() {
        let (_, b) = variants("data:text/html;base64,PHN2Zy9vbmxvYWQ9YWxlcnQoMik+", true);
        assert_eq!(b.as_deref(), Some("<svg/onload=alert(2)>"));
        let (_, b) = variants(
            " DATA:text/html;charset=utf-8;BASE64,PHN2Zy9vbmxvYWQ9YWxlcnQoMik+",
            true,
        );
        assert_eq!(b.as_deref(), Some("<svg/onload=alert(2)>"));
        // Not base64, not a data URL, or decoding off: nothing more to judge.
        for (v, on) in [
            ("data:text/plain,hello", true),
            ("see data:text/html;base64,PHN2Zz4=", true),
            ("data:text/html;base64,PHN2Zy9vbmxvYWQ9YWxlcnQoMik+", false),
        ] {
            assert_eq!(variants(v, on).1, None, "{v}");
        }
    }
}
