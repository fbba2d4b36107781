//! Backslash and `%u` escapes: `\uXXXX`, `\u{X..}`, `\xXX`, `%uXXXX`.

use std::borrow::Cow;

/// Decodes JavaScript/JSON-style and IIS-style escapes once. An escape that
/// does not decode (bad digits, surrogate) is left as written.
pub fn unescape(value: &str) -> Cow<'_, str> {
    let b = value.as_bytes();
    let has = b
        .windows(2)
        .any(|w| matches!(w, [b'\\', b'u' | b'x' | b'U' | b'X'] | [b'%', b'u' | b'U']));
    if !has {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut i = 0;
    let mut changed = false;
    while i < value.len() {
        if let Some((c, used)) = escape_at(&value[i..]) {
            out.push(c);
            i += used;
            changed = true;
        } else {
            let ch = value[i..].chars().next().unwrap_or('\u{fffd}');
            out.push(ch);
            i += ch.len_utf8().max(1);
        }
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(value)
    }
}

fn escape_at(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    if b.len() < 4 {
        return None;
    }
    let hex = |from: usize, n: usize| -> Option<u32> {
        let d = s.get(from..from + n)?;
        if d.bytes().all(|c| c.is_ascii_hexdigit()) {
            u32::from_str_radix(d, 16).ok()
        } else {
            None
        }
    };
    match (b[0], b[1]) {
        (b'\\', b'u' | b'U') if b[2] == b'{' => {
            let close = s[3..].find('}')?;
            if close == 0 || close > 6 {
                return None;
            }
            let v = hex(3, close)?;
            Some((char::from_u32(v)?, 3 + close + 1))
        }
        (b'\\', b'u' | b'U') | (b'%', b'u' | b'U') => Some((char::from_u32(hex(2, 4)?)?, 6)),
        (b'\\', b'x' | b'X') => Some((char::from_u32(hex(2, 2)?)?, 4)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_each_form() {
        assert_eq!(unescape("\\u003cscript\\u003e"), "<script>");
        assert_eq!(unescape("\\u{3c}b"), "<b");
        assert_eq!(unescape("\\x3cimg"), "<img");
        assert_eq!(unescape("%u0027 or 1=1"), "' or 1=1");
    }

    #[test]
    fn leaves_non_escapes() {
        assert!(matches!(unescape("C:\\users\\xavier"), Cow::Borrowed(_)));
        assert!(matches!(unescape("\\uZZZZ"), Cow::Borrowed(_)));
        assert!(matches!(unescape("\\ud800"), Cow::Borrowed(_)));
        assert_eq!(unescape("é\\x41"), "éA");
    }
}
