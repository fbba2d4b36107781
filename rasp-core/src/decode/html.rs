//! HTML character references: named (`&lt;`), decimal (`&#60;`) and hex (`&#x3c;`),
//! with or without the closing `;` as browsers accept them.

use std::borrow::Cow;

/// Decodes HTML character references once.
pub fn html_entities(value: &str) -> Cow<'_, str> {
    if !value.as_bytes().contains(&b'&') {
        return Cow::Borrowed(value);
    }
    // Numeric references without `;` are decoded by browsers but not by
    // html-escape, so they are handled first.
    let numeric = numeric_refs(value);
    let legacy = legacy_refs(&numeric);
    let decoded = html_escape::decode_html_entities(&legacy);
    if decoded == value {
        Cow::Borrowed(value)
    } else {
        Cow::Owned(decoded.into_owned())
    }
}

/// The references of markup characters that browsers (and Python's
/// `html.unescape`) decode without their `;` too, in lower or upper case:
/// `&lt`, `&gt`, `&amp`, `&quot`, `&LT`, `&GT`, `&AMP`, `&QUOT`.
/// html-escape decodes them only with the `;`, so `&ltscript&gt` passed as
/// text. A name followed by letters or digits then `=` is left alone: that
/// is a URL parameter (`?a=1&gtin=4006381333931`, `&ltv=3`, `&quota=5`),
/// which browsers leave alone in attributes for the same reason.
fn legacy_refs(value: &str) -> Cow<'_, str> {
    const NAMES: [(&str, char); 8] = [
        ("lt", '<'),
        ("gt", '>'),
        ("amp", '&'),
        ("quot", '"'),
        ("LT", '<'),
        ("GT", '>'),
        ("AMP", '&'),
        ("QUOT", '"'),
    ];
    let b = value.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    for i in memchr::memchr_iter(b'&', b) {
        if i < copied {
            continue;
        }
        let rest = &b[i + 1..];
        let Some(&(name, c)) = NAMES.iter().find(|(n, _)| rest.starts_with(n.as_bytes())) else {
            continue;
        };
        let after = &rest[name.len()..];
        let run = after
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if after.first() == Some(&b';') || after.get(run) == Some(&b'=') {
            continue;
        }
        let o = out.get_or_insert_with(|| String::with_capacity(value.len()));
        o.push_str(&value[copied..i]);
        o.push(c);
        copied = i + 1 + name.len();
    }
    match out {
        Some(mut o) => {
            o.push_str(&value[copied..]);
            Cow::Owned(o)
        }
        None => Cow::Borrowed(value),
    }
}

/// A numeric character reference after its `&#`: whether it is hex, its
/// digits as written (leading zeros included), and the number they make
/// when the decoder decodes them (1 to 8 digits; longer runs are left as
/// written).
pub(crate) fn numeric_reference(after: &str) -> (bool, &str, Option<u32>) {
    let hex = matches!(after.as_bytes().first(), Some(b'x' | b'X'));
    let d = &after[usize::from(hex)..];
    let n = d
        .bytes()
        .take_while(|b| {
            if hex {
                b.is_ascii_hexdigit()
            } else {
                b.is_ascii_digit()
            }
        })
        .count();
    let digits = &d[..n];
    let code = (1..=8)
        .contains(&n)
        .then(|| u32::from_str_radix(digits, if hex { 16 } else { 10 }).ok())
        .flatten();
    (hex, digits, code)
}

fn numeric_refs(value: &str) -> Cow<'_, str> {
    if !value.contains("&#") {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(i) = rest.find("&#") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let (hex, digits, code) = numeric_reference(after);
        let code = code.and_then(char::from_u32);
        match code {
            Some(c) => {
                out.push(c);
                let mut consumed = 2 + usize::from(hex) + digits.len();
                if rest[i + consumed..].starts_with(';') {
                    consumed += 1;
                }
                rest = &rest[i + consumed..];
            }
            None => {
                out.push_str("&#");
                rest = &rest[i + 2..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_and_numeric() {
        assert_eq!(html_entities("&lt;script&gt;"), "<script>");
        assert_eq!(html_entities("&#60;&#x3C;&#X3c"), "<<<");
        assert_eq!(html_entities("&#0000060script"), "<script");
        assert_eq!(
            html_entities("javascript&colon;alert(1)"),
            "javascript:alert(1)"
        );
    }

    #[test]
    fn markup_references_without_semicolon() {
        assert_eq!(
            html_entities("&ltscript&gtalert(1)&lt/script&gt"),
            "<script>alert(1)</script>"
        );
        assert_eq!(html_entities("&LTiframe src=x&GT"), "<iframe src=x>");
        assert_eq!(html_entities("x=&quot1&quot"), "x=\"1\"");
        assert_eq!(html_entities("&amp &AMP"), "& &");
        // URL parameters whose names start with one of them.
        for v in ["?a=1&gtin=4006381333931", "&ltv=3", "x&quota=5&amount=2"] {
            assert!(matches!(html_entities(v), Cow::Borrowed(_)), "{v}");
        }
    }

    #[test]
    fn plain_ampersands_are_untouched() {
        assert!(matches!(html_entities("Tom & Jerry"), Cow::Borrowed(_)));
        assert!(matches!(html_entities("a=1&b=2"), Cow::Borrowed(_)));
        assert_eq!(html_entities("&#;"), "&#;");
    }
}
