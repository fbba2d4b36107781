//! Backslash and `%u` escapes: `\uXXXX`, `\u{X..}`, `\xXX`, `%uXXXX`, and
//! JavaScript's legacy octal escapes of printable ASCII (`\74` is `<`):
//! in a script's string literal, `\74script\76` is `<script>` as surely as
//! `\x3cscript\x3e` is.

use std::borrow::Cow;

/// Decodes JavaScript/JSON-style and IIS-style escapes once. An escape that
/// does not decode (bad digits, surrogate) is left as written.
pub fn unescape(value: &str) -> Cow<'_, str> {
    let b = value.as_bytes();
    let has = b.windows(2).any(|w| {
        matches!(
            w,
            [b'\\', b'u' | b'x' | b'U' | b'X' | b'0'..=b'7'] | [b'%', b'u' | b'U']
        )
    });
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

/// The character of the escape that starts `s` (`\\x3c`, `\\u003c`,
/// `\\u{3c}`, `%u003c`, `\\74`) and the bytes it takes; `None` where
/// [`unescape`] leaves `s` as written.
pub(crate) fn escape_at(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    if b.len() >= 3 && b[0] == b'\\' && b[1].is_ascii_digit() {
        return octal_at(b);
    }
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
            // JavaScript reads any number of leading zeros, then up to six
            // digits. The `}` is looked for right after them: searched to
            // the end of the value from each `\u{`, a value of them cost its
            // length squared (600 KB of `\u{` took 7 s, `rasp scan`).
            let zeros = b[3..].iter().take_while(|&&c| c == b'0').count();
            let start = 3 + zeros;
            let digits = b[start..]
                .iter()
                .take(7)
                .take_while(|c| c.is_ascii_hexdigit())
                .count();
            if digits > 6 || zeros + digits == 0 || b.get(start + digits) != Some(&b'}') {
                return None;
            }
            let v = if digits == 0 { 0 } else { hex(start, digits)? };
            Some((char::from_u32(v)?, start + digits + 1))
        }
        (b'\\', b'u' | b'U') | (b'%', b'u' | b'U') => Some((char::from_u32(hex(2, 4)?)?, 6)),
        (b'\\', b'x' | b'X') => Some((char::from_u32(hex(2, 2)?)?, 4)),
        _ => None,
    }
}

/// `\NN` or `\NNN` as JavaScript reads a legacy octal escape (up to three
/// digits after `0`-`3`, two after `4`-`7`), when it stands for printable
/// ASCII. One digit (`\1`, a regex back-reference) and control characters
/// are left as written.
fn octal_at(b: &[u8]) -> Option<(char, usize)> {
    let max = if b[1] <= b'3' { 3 } else { 2 };
    let digits = b[1..]
        .iter()
        .take(max)
        .take_while(|c| (b'0'..=b'7').contains(*c))
        .count();
    if digits < 2 {
        return None;
    }
    let v = b[1..=digits]
        .iter()
        .fold(0u32, |v, &c| v * 8 + u32::from(c - b'0'));
    (0x20..0x7f)
        .contains(&v)
        .then(|| (char::from(v as u8), 1 + digits))
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
        assert_eq!(unescape("\\74script\\76"), "<script>");
        assert_eq!(unescape("\\074img\\040src=x\\076"), "<img src=x>");
        assert_eq!(unescape("x\\47 or 1=1"), "x' or 1=1");
    }

    #[test]
    fn octal_escapes_of_printable_ascii_only() {
        // A back-reference, a control character, a value past ASCII.
        for kept in ["s/(a)/\\1/", "line\\12break", "\\377", "\\8", "\\09"] {
            assert!(matches!(unescape(kept), Cow::Borrowed(_)), "{kept}");
        }
        // Two digits after 4-7: `\741` is `<` then `1`.
        assert_eq!(unescape("\\741"), "<1");
    }

    #[test]
    fn code_point_escapes_take_leading_zeros() {
        assert_eq!(unescape("\\u{3c}\\u{0}"), "<\0");
        // As JavaScript reads them: `\u{0000003c}` passed undecoded before.
        assert_eq!(unescape("\\u{0000003c}x\\u{00000000000041}"), "<xA");
        for kept in ["\\u{}", "\\u{1234567}", "\\u{110000}", "\\u{3c", "\\u{3cz}"] {
            assert!(matches!(unescape(kept), Cow::Borrowed(_)), "{kept}");
        }
    }

    #[test]
    fn leaves_non_escapes() {
        assert!(matches!(unescape("C:\\users\\xavier"), Cow::Borrowed(_)));
        assert!(matches!(unescape("\\uZZZZ"), Cow::Borrowed(_)));
        assert!(matches!(unescape("\\ud800"), Cow::Borrowed(_)));
        assert_eq!(unescape("é\\x41"), "éA");
    }
}
