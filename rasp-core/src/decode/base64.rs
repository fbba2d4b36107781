//! Base64 values (`DECODE_B64`): judged in decoded form too, but only when
//! they decode to readable text, so that ordinary words and IDs that happen
//! to use the base64 alphabet never become a second, garbage value to judge.

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;

/// Shortest encoded value considered: below this, words like `password` or
/// `username` are valid base64 and decoding them yields noise.
const MIN_LEN: usize = 12;

/// The decoded text when `value` is base64 of printable UTF-8.
pub fn base64_text(value: &str) -> Option<String> {
    let b = value.as_bytes();
    if b.len() < MIN_LEN {
        return None;
    }
    let mut alpha_num = true;
    let (mut upper, mut lower, mut digit_or_sym) = (false, false, false);
    for &c in b {
        match c {
            b'A'..=b'Z' => upper = true,
            b'a'..=b'z' => lower = true,
            b'0'..=b'9' | b'+' | b'/' | b'-' | b'_' | b'=' => digit_or_sym = true,
            _ => {
                alpha_num = false;
                break;
            }
        }
    }
    // Real base64 of text mixes cases; a lower-case word or a number never does.
    if !alpha_num || !(digit_or_sym || upper && lower) {
        return None;
    }
    let bytes = [STANDARD, URL_SAFE, STANDARD_NO_PAD, URL_SAFE_NO_PAD]
        .iter()
        .find_map(|e| e.decode(b).ok())?;
    let text = String::from_utf8(bytes).ok()?;
    let readable = !text.is_empty()
        && text
            .chars()
            .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'));
    readable.then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_text() {
        assert_eq!(
            base64_text("PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==").as_deref(),
            Some("<script>alert(1)</script>")
        );
        assert_eq!(
            base64_text("OyBjYXQgL2V0Yy9wYXNzd2Q").as_deref(),
            Some("; cat /etc/passwd")
        );
    }

    #[test]
    fn ignores_words_ids_and_binary() {
        for v in [
            "password",
            "administrator",
            "ThisIsMyPassword",
            "550e8400-e29b-41d4-a716-446655440000",
            "1234567890123456",
            "AAECAwQFBgcICQoLDA0ODw==",
            "hello world again",
        ] {
            assert_eq!(base64_text(v), None, "{v}");
        }
    }
}
