//! XSS probes: what a scanner sends to learn how a page treats markup
//! before it sends a payload, and which neither the model nor its length
//! floor (`MIN_XSS_LEN`) sees as script.
//!
//! - *A markup character written in a form no serializer writes*: `<` or
//!   `>` as a numeric reference with leading zeros, without its `;` or with
//!   an upper-case `X` (`&#x0003C`, `&#60`, `&#X3c`), as `&LT;`, `&lt`
//!   without `;`, or as a JavaScript or IIS escape other than JSON's
//!   (`\x3c`, `\u{3c}`, `\74`, `%u003c`). Browsers decode them all; a filter
//!   that knows only `&lt;` does not, which is what the probe asks. A page
//!   that escapes `<` writes `&lt;`, `&#60;` or `&#x3c;`, and JSON writes
//!   `\u003c` (Go's encoder does for every `<`): those forms are not probes.
//! - *A closing tag alone* (`</div>`, `</form>`): it ends an element the page
//!   opened, to leave a `<textarea>` or `<title>` for markup or to break the
//!   page's layout; nobody's text is a lone closing tag. An opening tag alone
//!   (`<br>`, `<b>`) is left to the model and the length floor: people type
//!   `<br>` as text.

use crate::decode;

use super::script_shape::is_html_element;

/// Whether a value is an XSS probe: `raw` as received (before decoding)
/// and `decoded` its normalized form.
#[inline]
pub fn xss_probe(raw: &str, decoded: &str) -> bool {
    // The decoders hand back their input when they decode nothing: then no
    // character was disguised.
    closing_tag(decoded)
        || !std::ptr::eq(raw, decoded)
            && memchr::memchr2(b'<', b'>', decoded.as_bytes()).is_some()
            && decode::before_some_decoder(raw, disguised_markup_char)
}

#[inline]
fn closing_tag(v: &str) -> bool {
    // Most values do not end with `>`: one byte settles them.
    let b = v.as_bytes();
    let end = match b.last() {
        Some(b'>') => b.len(),
        Some(c) if c.is_ascii_whitespace() => {
            match b.iter().rposition(|c| !c.is_ascii_whitespace()) {
                Some(i) if b[i] == b'>' => i + 1,
                _ => return false,
            }
        }
        _ => return false,
    };
    let start = b.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(0);
    let Some(inner) = b[start..end]
        .strip_prefix(b"</")
        .and_then(|t| t.strip_suffix(b">"))
    else {
        return false;
    };
    let name_end = inner
        .iter()
        .position(|c| !c.is_ascii_alphanumeric())
        .unwrap_or(inner.len());
    let name = &inner[..name_end];
    name.first().is_some_and(u8::is_ascii_alphabetic)
        && inner[name_end..].iter().all(u8::is_ascii_whitespace)
        && is_html_element(name)
}

/// Whether `s` writes `<` or `>` in a form of the module's list.
fn disguised_markup_char(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr3_iter(b'&', b'\\', b'%', b).any(|i| match &b[i..] {
        // `&`, `#` are ASCII: `i + 2` is a character boundary.
        [b'&', b'#', ..] => disguised_reference(&s[i + 2..]),
        [b'&', rest @ ..] => disguised_name(rest),
        // As the decoder reads escapes; JSON's `\u003c` is no probe.
        _ => decode::escape_at(&s[i..]).is_some_and(|(c, used)| {
            let json = used == 6 && b[i] == b'\\' && b[i + 2] != b'{';
            matches!(c, '<' | '>') && !json
        }),
    })
}

fn is_markup(code: u32) -> bool {
    code == 0x3c || code == 0x3e
}

/// After an `&` (not `&#`): `&LT` or `&GT`, or `&lt` or `&gt` without `;`.
fn disguised_name(rest: &[u8]) -> bool {
    match rest {
        // `&LTD` and `&ltd` are words after an ampersand.
        [b'L' | b'G', b'T', r @ ..] => !r.first().is_some_and(u8::is_ascii_alphanumeric),
        [b'l' | b'g', b't', r @ ..] => r
            .first()
            .is_none_or(|c| *c != b';' && !c.is_ascii_alphanumeric()),
        _ => false,
    }
}

/// After `&#`: a reference to `<` or `>` other than `&#60;`, `&#62;`,
/// `&#x3c;` or `&#x3e;` (either case of the hex digits).
fn disguised_reference(after: &str) -> bool {
    let (hex, digits, code) = decode::numeric_reference(after);
    let canonical = after.as_bytes().get(usize::from(hex) + digits.len()) == Some(&b';')
        && digits.len() == 2
        && (!hex || after.starts_with('x'));
    code.is_some_and(is_markup) && !canonical
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe(raw: &str) -> bool {
        xss_probe(raw, &decode::normalize(raw))
    }

    #[test]
    fn disguised_markup_characters_are_probes() {
        for v in [
            "&#060",
            "&#0060;",
            "&#60",
            "&#x3c",
            "&#x03c;",
            "&#X3c;",
            "&#x000003C;",
            "&#62",
            "&#x003e;",
            "&LT;",
            "&LT",
            "&GT;",
            "&lt",
            "a &lt b",
            "\\x3c",
            "\\x3E",
            "\\u{3c}",
            "\\74",
            "\\074",
            // as the decoder reads them: `<` then `1`; leading zeros
            "x \\741",
            "\\u{0000003c}",
            "%u003c",
            "%25u003C",
            "%26%23x03c%3B",
            "%2526%2523060",
            "&amp;#x03c;",
            "price &#x003c; 10",
        ] {
            assert!(probe(v), "{v} -> {:?}", decode::normalize(v));
        }
    }

    #[test]
    fn the_forms_pages_and_json_write_are_not() {
        for v in [
            "&lt;",
            "&gt;",
            "&#60;",
            "&#62;",
            "&#x3c;",
            "&#x3C;",
            "&#x3e;",
            "%3C",
            "%3e",
            "\\u003c",
            "\\u003E",
            "a < b",
            "a &lt; b and c &gt; d",
            "Tom &amp; Jerry",
            "&#039;quoted&#039;",
            "&#x41;&#65",
            "\\x41",
            "\\101",
            "%u0041",
            "x &LTD",
            "50% off",
            "＜3",
        ] {
            assert!(!probe(v), "{v}");
        }
    }

    #[test]
    fn closing_tags_alone_are_probes() {
        for v in [
            "</div>",
            "</form>",
            "</HTML>",
            " </a> ",
            "</p >",
            "</textarea>",
        ] {
            assert!(probe(v), "{v}");
        }
        for v in [
            "</3",
            "</>",
            "</vector>",
            "<br>",
            "</div> and more",
            "</div foo>",
            "<o/ yay",
        ] {
            assert!(!probe(v), "{v}");
        }
    }
}
