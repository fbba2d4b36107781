//! A zero-copy JSON walker for request bodies.
//!
//! rasp does not need a JSON document, only its keys and string values, each
//! with its place in the document. Building a `serde_json::Value` for that
//! (a map node and a `String` per key and value) was most of the cost of
//! judging a JSON body; this walker reads the body once, checks that it is
//! JSON, and hands out every key and string value as a slice of the body
//! (an owned string only when the text holds escapes). The path of a string
//! (`items[3].note`) is built only for a detection, by walking again.
//!
//! It accepts everything `serde_json` accepts and judges more: every
//! occurrence of a repeated key is seen (a `Value` keeps only the last one),
//! and control characters inside strings are tolerated (the application's
//! parser refuses such a body anyway). Anything else that is not JSON, and
//! any document nested deeper than the limit, is an error, reported after
//! the strings before it were handed out: the caller then judges the rest
//! of the body as raw text. The walker is iterative, so depth costs heap,
//! never stack.

use std::borrow::Cow;

use crate::byte_class;
use crate::swar;

/// A key or string value, with the offsets of its opening quote and of the
/// byte after its closing quote in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JsonString<'a> {
    pub is_key: bool,
    pub text: Cow<'a, str>,
    pub at: usize,
    pub end: usize,
    /// Containers around it: 1 for a member of the top-level object.
    pub depth: usize,
    /// The caller's byte classes (see [`for_each_string`]) of the bytes of
    /// `text`, ORed, when every byte has one; `None` otherwise.
    pub classes: Option<u8>,
}

/// A table that classes no byte, for walks that do not need classes.
const NO_CLASSES: [u8; 256] = [0; 256];

/// Why a body is not walked as JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NotJson;

/// One open container. For an object, the span of the current key (raw,
/// between its quotes), used only to build paths.
#[derive(Clone, Copy)]
enum Frame {
    Object { key: (usize, usize) },
    Array { index: usize },
}

/// Calls `f` with every key and string value of `body`, in document order,
/// until `f` returns false; `NotJson` (after some calls, maybe) when the body
/// is not JSON. `classes` gives each byte a class (a bit set, 0 for none;
/// `"` and `\\` must have none): the walker reads a string's bytes through
/// it while looking for the closing quote, and reports them ORed, so that a
/// caller asking "does this string hold only such bytes?" need not read the
/// string again. (The engine walks with [`for_each_string_skipping`].)
#[cfg(test)]
pub(crate) fn for_each_string<'a>(
    body: &'a [u8],
    max_depth: usize,
    classes: &[u8; 256],
    f: impl FnMut(JsonString<'a>) -> bool,
) -> Result<(), NotJson> {
    for_each_string_skipping(body, max_depth, classes, |_, _| false, &mut 0, f)
}

/// [`for_each_string`] without the strings whose bytes all have a class and
/// that `skip` passes, given those classes ORed and the text: the walker
/// asks it before it makes a [`JsonString`] or calls `f` (callgrind, 64 KiB
/// JSON: most strings are plain, and handing each out to be left out cost
/// more than the test). `last_end` is left at the end of the last complete
/// string, skipped or not, which is where the caller takes up a body that
/// stops being JSON.
pub(crate) fn for_each_string_skipping<'a>(
    body: &'a [u8],
    max_depth: usize,
    classes: &[u8; 256],
    skip: impl Fn(u8, &str) -> bool,
    last_end: &mut usize,
    mut f: impl FnMut(JsonString<'a>) -> bool,
) -> Result<(), NotJson> {
    debug_assert!(classes[usize::from(b'"')] == 0 && classes[usize::from(b'\\')] == 0);
    walk(
        body,
        max_depth,
        classes,
        skip,
        last_end,
        #[inline(always)]
        |s, _| f(s),
    )
}

/// Containers named in a path; a deeper string's path ends in `...`.
const PATH_DEPTH: usize = 64;

/// The path (`user.tags[1].name`) of the key or string value whose opening
/// quote is at `at`; `None` when there is none there.
pub(crate) fn path_of(body: &[u8], max_depth: usize, at: usize) -> Option<String> {
    let mut found = None;
    let _ = walk(
        body,
        max_depth,
        &NO_CLASSES,
        |_, _| false,
        &mut 0,
        |s, frames| {
            if s.at != at {
                return true;
            }
            let mut path = String::new();
            for (i, f) in frames.iter().take(PATH_DEPTH).enumerate() {
                match *f {
                    Frame::Object { key: (start, end) } => {
                        // The innermost frame of a key is the key itself.
                        if s.is_key && i == frames.len() - 1 {
                            break;
                        }
                        if !path.is_empty() {
                            path.push('.');
                        }
                        let raw = std::str::from_utf8(&body[start..end]).unwrap_or("");
                        path.push_str(&unescape(raw));
                    }
                    Frame::Array { index } => {
                        path.push('[');
                        path.push_str(&index.to_string());
                        path.push(']');
                    }
                }
            }
            // Deeper levels are left out of an event's path.
            let cut = frames.len() > PATH_DEPTH;
            if cut {
                path.push_str("...");
            }
            if s.is_key {
                if !path.is_empty() && !cut {
                    path.push('.');
                }
                path.push_str(&s.text);
            }
            found = Some(path);
            false
        },
    );
    found
}

/// The key, as written (escapes left in), of the member whose string value
/// opens at `at` in a body the walker read up to there; `None` for an array
/// item or a key. Reads backwards from the value over `"key" :` only, so it
/// costs the key's length, not the body's (the walker does not keep keys:
/// asked for the rare value a check needs the name of).
pub(crate) fn member_key(body: &[u8], at: usize) -> Option<&str> {
    let before = |mut i: usize| {
        while i > 0 && matches!(body[i - 1], b' ' | b'\t' | b'\n' | b'\r') {
            i -= 1;
        }
        i
    };
    let colon = before(at);
    if colon == 0 || body[colon - 1] != b':' {
        return None;
    }
    let close = before(colon - 1);
    if close == 0 || body[close - 1] != b'"' {
        return None;
    }
    // The key's opening quote: the first `"` back that no odd run of
    // backslashes escapes.
    let end = close - 1;
    let mut i = end;
    while i > 0 {
        i -= 1;
        if body[i] == b'"' {
            let slashes = body[..i].iter().rev().take_while(|&&c| c == b'\\').count();
            if slashes % 2 == 0 {
                return std::str::from_utf8(&body[i + 1..end]).ok();
            }
        }
    }
    None
}

/// Where the walker hands its strings: to `f`, unless `skip` passes them
/// (see [`for_each_string_skipping`]); `last_end` follows every complete
/// string.
struct Out<'e, S, F> {
    skip: S,
    last_end: &'e mut usize,
    f: F,
}

impl<S: Fn(u8, &str) -> bool, F> Out<'_, S, F> {
    /// Hands `s` to `f` unless it is skipped; false when `f` stopped the walk.
    #[inline(always)]
    fn offer<'a>(&mut self, s: JsonString<'a>, frames: &[Frame]) -> bool
    where
        F: FnMut(JsonString<'a>, &[Frame]) -> bool,
    {
        *self.last_end = s.end;
        if s.classes.is_some_and(|c| (self.skip)(c, &s.text)) {
            return true;
        }
        (self.f)(s, frames)
    }
}

/// Walks `body`, calling `f` for every key and string value; `f` returns
/// false to stop early (the result is then `Ok`).
fn walk<'a>(
    body: &'a [u8],
    max_depth: usize,
    classes: &[u8; 256],
    skip: impl Fn(u8, &str) -> bool,
    last_end: &mut usize,
    f: impl FnMut(JsonString<'a>, &[Frame]) -> bool,
) -> Result<(), NotJson> {
    let mut out = Out { skip, last_end, f };
    let text = std::str::from_utf8(body).map_err(|_| NotJson)?;
    let b = text.as_bytes();
    let mut frames: Vec<Frame> = Vec::new();
    let mut i = skip_ws(b, 0);

    // The parser is a loop over "a value is expected here" and "a container
    // continues or closes here"; `value_done` says which.
    let mut value_done = false;
    loop {
        if !value_done {
            match b.get(i).copied().ok_or(NotJson)? {
                b'{' => {
                    if frames.len() >= max_depth {
                        return Err(NotJson);
                    }
                    i = skip_ws(b, i + 1);
                    if b.get(i) == Some(&b'}') {
                        i += 1;
                        value_done = true;
                    } else {
                        frames.push(Frame::Object { key: (0, 0) });
                        match key(text, i, classes, &mut frames, &mut out)? {
                            Some(next) => i = next,
                            None => return Ok(()),
                        }
                    }
                }
                b'[' => {
                    if frames.len() >= max_depth {
                        return Err(NotJson);
                    }
                    i = skip_ws(b, i + 1);
                    if b.get(i) == Some(&b']') {
                        i += 1;
                        value_done = true;
                    } else {
                        frames.push(Frame::Array { index: 0 });
                    }
                }
                b'"' => {
                    let (s, end, seen) = string(text, i, classes)?;
                    let s = JsonString {
                        is_key: false,
                        text: s,
                        at: i,
                        end,
                        depth: frames.len(),
                        classes: seen,
                    };
                    if !out.offer(s, &frames) {
                        return Ok(());
                    }
                    i = end;
                    value_done = true;
                }
                b't' | b'f' | b'n' => {
                    i = literal(b, i)?;
                    value_done = true;
                }
                b'-' | b'0'..=b'9' => {
                    i = number(b, i)?;
                    value_done = true;
                }
                _ => return Err(NotJson),
            }
            continue;
        }
        // A value just ended: close containers or move to the next member.
        i = skip_ws(b, i);
        let Some(top) = frames.last_mut() else {
            // The top-level value is complete; only whitespace may follow.
            return if i == b.len() { Ok(()) } else { Err(NotJson) };
        };
        match (b.get(i).copied(), top) {
            (Some(b','), Frame::Array { index }) => {
                *index += 1;
                i = skip_ws(b, i + 1);
                value_done = false;
            }
            (Some(b']'), Frame::Array { .. }) | (Some(b'}'), Frame::Object { .. }) => {
                frames.pop();
                i += 1;
            }
            (Some(b','), Frame::Object { .. }) => {
                match key(text, skip_ws(b, i + 1), classes, &mut frames, &mut out)? {
                    Some(next) => i = next,
                    None => return Ok(()),
                }
                value_done = false;
            }
            _ => return Err(NotJson),
        }
    }
}

/// Reads `"key" :` at `i` into the innermost (object) frame and reports the
/// key; returns the index after the colon, or `None` when `f` stopped.
#[inline(always)]
fn key<'a, S: Fn(u8, &str) -> bool, F: FnMut(JsonString<'a>, &[Frame]) -> bool>(
    text: &'a str,
    i: usize,
    classes: &[u8; 256],
    frames: &mut [Frame],
    out: &mut Out<'_, S, F>,
) -> Result<Option<usize>, NotJson> {
    let b = text.as_bytes();
    if b.get(i) != Some(&b'"') {
        return Err(NotJson);
    }
    let (s, end, seen) = string(text, i, classes)?;
    if let Some(Frame::Object { key }) = frames.last_mut() {
        *key = (i + 1, end - 1);
    }
    let s = JsonString {
        is_key: true,
        text: s,
        at: i,
        end,
        depth: frames.len(),
        classes: seen,
    };
    if !out.offer(s, frames) {
        return Ok(None);
    }
    let j = skip_ws(b, end);
    if b.get(j) != Some(&b':') {
        return Err(NotJson);
    }
    Ok(Some(skip_ws(b, j + 1)))
}

/// The character a one-letter escape stands for (`\n`, `\"`...): the same
/// in JSON and in GraphQL's strings.
pub(crate) fn short_escape(e: char) -> Option<char> {
    Some(match e {
        '"' | '\\' | '/' => e,
        'b' => '\u{8}',
        'f' => '\u{c}',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        _ => return None,
    })
}

/// The index of the first byte at or after `i` that is not JSON whitespace.
/// Called between any two tokens, mostly before a token or one space: a
/// byte above `' '` ends it at once (callgrind, 64 KiB JSON: the match over
/// four bytes was 5 % of a request).
#[inline(always)]
fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while let Some(&c) = b.get(i) {
        if c > b' ' || !matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
            break;
        }
        i += 1;
    }
    i
}

/// `true`, `false` or `null` at `i`; the index after it.
fn literal(b: &[u8], i: usize) -> Result<usize, NotJson> {
    let word: &[u8] = match b[i] {
        b't' => b"true",
        b'f' => b"false",
        _ => b"null",
    };
    if b[i..].starts_with(word) {
        Ok(i + word.len())
    } else {
        Err(NotJson)
    }
}

/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?` at `i`; the index after it.
/// Inlined always: called out of line, twice an item of an order list, it
/// cost 64 KiB JSON 1,163K instructions against 1,148K (callgrind).
#[inline(always)]
fn number(b: &[u8], mut i: usize) -> Result<usize, NotJson> {
    let digits = |b: &[u8], mut i: usize| {
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        (i > start).then_some(i).ok_or(NotJson)
    };
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    i = match b.get(i) {
        Some(b'0') => i + 1,
        Some(b'1'..=b'9') => digits(b, i)?,
        _ => return Err(NotJson),
    };
    if b.get(i) == Some(&b'.') {
        i = digits(b, i + 1)?;
    }
    if let Some(b'e' | b'E') = b.get(i) {
        i += 1;
        if let Some(b'+' | b'-') = b.get(i) {
            i += 1;
        }
        i = digits(b, i)?;
    }
    Ok(i)
}

/// The string whose opening quote is at `i`, the index after its closing
/// quote, and its bytes' classes ORed when all have one. Borrowed unless it
/// holds escapes.
#[inline(always)]
fn string<'a>(
    text: &'a str,
    i: usize,
    classes: &[u8; 256],
) -> Result<(Cow<'a, str>, usize, Option<u8>), NotJson> {
    let b = text.as_bytes();
    let start = i + 1;
    // Most strings of a document (keys, names, numbers as text) are short
    // and of classed bytes only: one table loop finds their end and their
    // classes. The first unclassed byte ends it; if that is not the closing
    // quote, the eight-bytes-at-a-time search takes over.
    let (seen, n) = byte_class::classed_prefix(&b[start..], classes);
    let mut j = start + n;
    if b.get(j) == Some(&b'"') {
        return Ok((Cow::Borrowed(&text[start..j]), j + 1, Some(seen)));
    }
    let mut escaped = false;
    loop {
        j = quote_or_backslash(b, j).ok_or(NotJson)?;
        if b[j] == b'"' {
            break;
        }
        escaped = true;
        // Skip the escaped character; `\u` digits are checked when decoding.
        j += 2;
        if j > b.len() {
            return Err(NotJson);
        }
    }
    let raw = &text[start..j];
    if escaped {
        let s = decode_escapes(raw)?;
        let seen = byte_class::classes_of(s.as_bytes(), classes);
        Ok((Cow::Owned(s), j + 1, seen))
    } else {
        Ok((Cow::Borrowed(raw), j + 1, None))
    }
}

/// The index of the first `"` or `\\` at or after `from`, eight bytes at a
/// time: most JSON strings are short, too short for `memchr` to pay for its
/// set-up.
fn quote_or_backslash(b: &[u8], from: usize) -> Option<usize> {
    swar::find(
        b,
        from,
        |w| swar::equal_to(w, b'"') | swar::equal_to(w, b'\\'),
        |c| c == b'"' || c == b'\\',
    )
}

/// Decodes the escapes of a raw string (already checked to be well formed
/// by `string`, except for `\u` digits). A lone surrogate becomes U+FFFD, as
/// a lenient decoder would give the application.
fn decode_escapes(raw: &str) -> Result<String, NotJson> {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.char_indices();
    let hex4 = |at: usize| -> Result<u32, NotJson> {
        let h = raw.get(at..at + 4).ok_or(NotJson)?;
        if !h.bytes().all(|c| c.is_ascii_hexdigit()) {
            return Err(NotJson);
        }
        u32::from_str_radix(h, 16).map_err(|_| NotJson)
    };
    while let Some((_, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let (at, e) = chars.next().ok_or(NotJson)?;
        if let Some(c) = short_escape(e) {
            out.push(c);
            continue;
        }
        match e {
            'u' => {
                let hi = hex4(at + 1)?;
                for _ in 0..4 {
                    chars.next();
                }
                let code =
                    if (0xD800..0xDC00).contains(&hi) && raw.get(at + 5..at + 7) == Some("\\u") {
                        match hex4(at + 7)? {
                            lo @ 0xDC00..=0xDFFF => {
                                for _ in 0..6 {
                                    chars.next();
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            }
                            _ => 0xFFFD,
                        }
                    } else {
                        hi
                    };
                out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
            }
            _ => return Err(NotJson),
        }
    }
    Ok(out)
}

/// Decodes a raw key for a path; a malformed one is shown as received.
fn unescape(raw: &str) -> Cow<'_, str> {
    if raw.contains('\\') {
        decode_escapes(raw).map_or(Cow::Borrowed(raw), Cow::Owned)
    } else {
        Cow::Borrowed(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(body: &[u8], depth: usize) -> Result<Vec<JsonString<'_>>, NotJson> {
        let mut out = Vec::new();
        for_each_string(body, depth, &NO_CLASSES, |s| {
            out.push(s);
            true
        })
        .map(|()| out)
    }

    fn texts(body: &str) -> Vec<(bool, String)> {
        strings(body.as_bytes(), 64)
            .unwrap()
            .into_iter()
            .map(|s| (s.is_key, s.text.into_owned()))
            .collect()
    }

    proptest::proptest! {
        // The eight-bytes-at-a-time search finds what a byte loop finds,
        // whatever surrounds the quote (bytes 0x01 and 0x80-0xFF are where
        // the has-zero-byte test can flag a wrong byte).
        #[test]
        fn quote_search_agrees_with_a_byte_loop(
            b in proptest::collection::vec(proptest::sample::select(vec![0u8, 1, b'"', b'\\', b'a', 0x21, 0x23, 0x5b, 0x5d, 0x80, 0xa2, 0xdc, 0xff]), 0..40),
            from in 0usize..41,
        ) {
            let from = from.min(b.len());
            let naive = b[from..].iter().position(|&c| c == b'"' || c == b'\\').map(|k| from + k);
            proptest::prop_assert_eq!(quote_or_backslash(&b, from), naive);
        }
    }

    proptest::proptest! {
        // The classes the walker reports with a string are those of its
        // text, escapes decoded, read again: what lets the engine leave out
        // plain strings without reading them.
        #[test]
        fn classes_are_those_of_the_text(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "a", "Z", "9", "_", ".", "-", " ", "\\\"", "\\n", "\\u0041", "\\u00e9",
                "\\\\", "\\/", "é", ",", "'", "<", "\t",
            ]), 0..12),
        ) {
            let raw = pieces.concat();
            let body = format!("{{\"{raw}\": [\"{raw}\", 1, \"x{raw}\"]}}");
            let table = &crate::checks::injection::PLAIN_CLASSES;
            let mut n = 0;
            for_each_string(body.as_bytes(), 64, table, |s| {
                n += 1;
                assert_eq!(s.classes, byte_class::classes_of(s.text.as_bytes(), table), "{:?}", s.text);
                true
            })
            .unwrap();
            proptest::prop_assert_eq!(n, 3);
        }
    }

    proptest::proptest! {
        // Leaving out the strings `skip` passes hands out exactly the
        // others, and leaves `last_end` where the unskipped walk's last
        // string ended, whole or cut, JSON or not.
        #[test]
        fn skipping_leaves_out_exactly_what_skip_passes(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "{", "}", "[", "]", ",", ":", "\"a\"", "\"b c\"", "\"x'y\"", "\"\\n\"", "1", "true", " ",
            ]), 0..24),
        ) {
            let body = pieces.concat();
            let table = &crate::checks::injection::PLAIN_CLASSES;
            let skip = |_: u8, t: &str| !t.contains(' ');
            let mut all = Vec::new();
            let mut all_end = 0;
            let whole = for_each_string(body.as_bytes(), 64, table, |s| {
                all_end = s.end;
                all.push(s);
                true
            });
            let mut kept = Vec::new();
            let mut last_end = 0;
            let skipped = for_each_string_skipping(body.as_bytes(), 64, table, skip, &mut last_end, |s| {
                kept.push(s);
                true
            });
            proptest::prop_assert_eq!(whole.is_ok(), skipped.is_ok());
            let expected: Vec<_> = all
                .into_iter()
                .filter(|s| !s.classes.is_some_and(|c| skip(c, &s.text)))
                .collect();
            proptest::prop_assert_eq!(kept, expected);
            proptest::prop_assert_eq!(last_end, all_end);
        }
    }

    #[test]
    fn keys_and_string_values_in_document_order() {
        let body = r#" {"b": "x", "a": [1, -2.5e3, true, null, {"c": "y"}], "b": "z"} "#;
        assert_eq!(
            texts(body),
            [
                (true, "b".into()),
                (false, "x".into()),
                (true, "a".into()),
                (true, "c".into()),
                (false, "y".into()),
                (true, "b".into()),
                (false, "z".into()),
            ]
        );
    }

    #[test]
    fn plain_strings_are_borrowed_and_escapes_decoded() {
        let got = strings(
            br#"["plain", "a\"b\\c\/\n\u0041\u00e9\ud83d\ude00\ud800x"]"#,
            64,
        )
        .unwrap();
        assert!(matches!(got[0].text, Cow::Borrowed("plain")));
        assert_eq!(got[1].text, "a\"b\\c/\nA\u{e9}\u{1f600}\u{fffd}x");
    }

    #[test]
    fn scalars_and_empty_containers() {
        for ok in [
            "1",
            "-0",
            "0.5",
            "1e9",
            "1E-2",
            "true",
            "null",
            "\"s\"",
            "{}",
            "[]",
            "[[]]",
            "{\"a\":{}}",
            " [ 1 , 2 ] ",
        ] {
            assert!(strings(ok.as_bytes(), 64).is_ok(), "{ok}");
        }
    }

    #[test]
    fn not_json_is_refused() {
        for bad in [
            "",
            " ",
            "{",
            "[1,]",
            "{\"a\"}",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{a:1}",
            "'s'",
            "01",
            "1.",
            "-",
            "1e",
            "[1 2]",
            "{\"a\":1}}",
            "\"open",
            "\"bad \\q\"",
            "\"\\u12\"",
            "tru",
            "nul",
            "[1]x",
            "{\"a\":1]",
            "[\"a\"}",
            "\"\\",
        ] {
            assert_eq!(strings(bad.as_bytes(), 64), Err(NotJson), "{bad:?}");
        }
        assert_eq!(strings(b"[\"\xff\"]", 64), Err(NotJson));
    }

    #[test]
    fn agrees_with_serde_json_on_what_is_json() {
        for body in [
            r#"{"a":[{"b":"c"},"d",1.5,{"e":null}]}"#,
            r#"[[[["deep"]]]]"#,
            r#"{"":""}"#,
            "[1,2,3e+4,-0.0]",
            "{\"a\":1,,}",
            "[01]",
        ] {
            let ours = strings(body.as_bytes(), 64).is_ok();
            let theirs = serde_json::from_str::<serde_json::Value>(body).is_ok();
            assert_eq!(ours, theirs, "{body}");
        }
    }

    #[test]
    fn depth_is_bounded_without_recursion() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        assert_eq!(strings(deep.as_bytes(), 64), Err(NotJson));
        let ok = "[".repeat(64) + &"]".repeat(64);
        assert!(strings(ok.as_bytes(), 64).is_ok());
        let over = "[".repeat(65) + &"]".repeat(65);
        assert_eq!(strings(over.as_bytes(), 64), Err(NotJson));
    }

    #[test]
    fn member_keys() {
        let body = r#"{"user": {"password" : "a", "tags": ["b", "c"]}, "k\"q\\": "d", "e":"f"}"#;
        let all = strings(body.as_bytes(), 64).unwrap();
        let key_of = |text: &str| {
            let s = all.iter().find(|s| s.text == text && !s.is_key).unwrap();
            member_key(body.as_bytes(), s.at)
        };
        assert_eq!(key_of("a"), Some("password"));
        assert_eq!(key_of("b"), None);
        assert_eq!(key_of("c"), None);
        assert_eq!(key_of("d"), Some("k\\\"q\\\\"));
        assert_eq!(key_of("f"), Some("e"));
        let key = all.iter().find(|s| s.is_key && s.text == "user").unwrap();
        assert_eq!(member_key(body.as_bytes(), key.at), None);
    }

    #[test]
    fn paths() {
        let body =
            r#"{"user": {"tags": ["a", {"na\u006de": "b"}]}, "k\"q": "v", "list": [[1, "x"]]}"#;
        let all = strings(body.as_bytes(), 64).unwrap();
        let path = |text: &str, key: bool| {
            let s = all
                .iter()
                .find(|s| s.text == text && s.is_key == key)
                .unwrap();
            path_of(body.as_bytes(), 64, s.at).unwrap()
        };
        assert_eq!(path("user", true), "user");
        assert_eq!(path("tags", true), "user.tags");
        assert_eq!(path("a", false), "user.tags[0]");
        assert_eq!(path("name", true), "user.tags[1].name");
        assert_eq!(path("b", false), "user.tags[1].name");
        assert_eq!(path("k\"q", true), "k\"q");
        assert_eq!(path("v", false), "k\"q");
        assert_eq!(path("x", false), "list[0][1]");
        assert_eq!(path_of(body.as_bytes(), 64, 3), None);
    }
}
