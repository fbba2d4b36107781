//! GraphQL documents sent to a GraphQL endpoint, read as GraphQL.
//!
//! A GraphQL request carries its operation as a document (`{"query": "query
//! Cart($id: ID!) {\n  cart(id: $id) {\n    id\n  }\n}"}`). Judged as one
//! free-text value, such a document is what a shell would run: a line break,
//! then `id`, a command of every host. Three queries in ten of a real
//! storefront's (Magento's PWA Studio) were blocked so. But the document is
//! read by the GraphQL engine, not by the application's code: its names
//! (fields, arguments, enum values) are checked against the schema and can
//! hold nothing but `[_A-Za-z][_0-9A-Za-z]*`, its comments are dropped, and
//! the only free text a resolver receives from it is its string values
//! (`search(term: "...")`). So on a GraphQL endpoint, a document that lexes
//! as GraphQL is judged by its string values, each decoded of GraphQL's
//! escapes; the `variables` beside it are JSON values as any other. A
//! document with anything GraphQL does not lex (`;`, a quote left open, a
//! byte outside ASCII outside a string or a comment), or not shaped as an
//! executable document (an operation or fragment, brackets balanced), is
//! judged whole, as before.
//!
//! The lexer follows the October 2021 specification: ignored tokens
//! (whitespace, line terminators, commas, the byte-order mark, `#` comments),
//! punctuators, names, numbers, strings and block strings.

use std::borrow::Cow;

/// The string values of `doc` when it lexes as a GraphQL executable
/// document, in order and decoded; `None` when it is no such document.
pub(crate) fn string_values(doc: &str) -> Option<Vec<Cow<'_, str>>> {
    let b = doc.as_bytes();
    let mut values = Vec::new();
    // Open brackets, innermost last; bounded so that a crafted document
    // cannot make it grow without end.
    let mut open: Vec<u8> = Vec::new();
    // At the start and after each definition's closing brace, the next
    // token starts a definition: `{`, or an operation's or a fragment's
    // keyword (so `{ a }\nid` is no document).
    let mut first = true;
    let mut braces = 0usize;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b' ' | b'\t' | b'\n' | b'\r' | b',' => i += 1,
            b'#' => {
                while i < b.len() && !matches!(b[i], b'\n' | b'\r') {
                    i += 1;
                }
            }
            b'{' | b'(' | b'[' => {
                if first && c != b'{' {
                    return None;
                }
                first = false;
                if open.len() >= MAX_DEPTH {
                    return None;
                }
                open.push(c);
                braces += usize::from(c == b'{');
                i += 1;
            }
            b'}' | b')' | b']' => {
                let want = match c {
                    b'}' => b'{',
                    b')' => b'(',
                    _ => b'[',
                };
                if open.pop() != Some(want) {
                    return None;
                }
                first = open.is_empty() && c == b'}';
                i += 1;
            }
            // `&` and `|` are punctuators of type definitions (`implements
            // A & B`, `union U = A | B`), which no request executes.
            b'!' | b'$' | b':' | b'=' | b'@' => {
                if first {
                    return None;
                }
                i += 1;
            }
            b'.' => {
                if first || !b[i..].starts_with(b"...") {
                    return None;
                }
                i += 3;
            }
            b'_' | b'a'..=b'z' | b'A'..=b'Z' => {
                let end = i + b[i..]
                    .iter()
                    .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
                    .unwrap_or(b.len() - i);
                if first
                    && !matches!(
                        &b[i..end],
                        b"query" | b"mutation" | b"subscription" | b"fragment"
                    )
                {
                    return None;
                }
                first = false;
                i = end;
            }
            b'-' | b'0'..=b'9' => {
                if first {
                    return None;
                }
                i = number(b, i)?;
            }
            b'"' => {
                if first {
                    return None;
                }
                let (value, end) = if b[i..].starts_with(b"\"\"\"") {
                    block_string(doc, i + 3)?
                } else {
                    string(doc, i + 1)?
                };
                values.push(value);
                i = end;
            }
            _ if doc[i..].starts_with('\u{feff}') => i += '\u{feff}'.len_utf8(),
            _ => return None,
        }
    }
    (open.is_empty() && braces > 0).then_some(values)
}

/// Whether `text` may start a GraphQL document: past blanks, its first
/// byte is `{` or `#` (a comment), or its first word is `query`, `mutation`,
/// `subscription` or `fragment`. A few compares, asked before anything
/// else of every value that could be a document.
#[inline]
pub(crate) fn starts_a_document(text: &str) -> bool {
    let mut t = text.as_bytes();
    loop {
        match t {
            [b' ' | b'\t' | b'\n' | b'\r' | b',', rest @ ..] => t = rest,
            [0xef, 0xbb, 0xbf, rest @ ..] => t = rest,
            _ => break,
        }
    }
    let word = |w: &[u8]| {
        t.starts_with(w)
            && t.get(w.len())
                .is_none_or(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
    };
    match t.first() {
        Some(b'{' | b'#') => true,
        Some(b'q') => word(b"query"),
        Some(b'm') => word(b"mutation"),
        Some(b's') => word(b"subscription"),
        Some(b'f') => word(b"fragment"),
        _ => false,
    }
}

/// Brackets a document may nest: deeper than any schema's queries, small
/// enough that the stack of open ones stays a few hundred bytes.
const MAX_DEPTH: usize = 256;

/// The end of the number that starts at `i`: `-?(0|[1-9][0-9]*)`, an
/// optional fraction and exponent, not followed by a name or a dot.
fn number(b: &[u8], mut i: usize) -> Option<usize> {
    let digits = |i: usize| b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    if b[i] == b'-' {
        i += 1;
    }
    let n = digits(i);
    if n == 0 || (n > 1 && b[i] == b'0') {
        return None;
    }
    i += n;
    if b.get(i) == Some(&b'.') {
        let n = digits(i + 1);
        if n == 0 {
            return None;
        }
        i += 1 + n;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let n = digits(i);
        if n == 0 {
            return None;
        }
        i += n;
    }
    match b.get(i) {
        Some(c) if c.is_ascii_alphabetic() || *c == b'_' || *c == b'.' => None,
        _ => Some(i),
    }
}

/// The value of the string whose first character is at `start` (after its
/// opening quote), and the index after its closing quote. Escapes are
/// decoded; a line break or an escape GraphQL does not define ends the
/// document's reading.
fn string(doc: &str, start: usize) -> Option<(Cow<'_, str>, usize)> {
    let b = doc.as_bytes();
    let close = start
        + b[start..]
            .iter()
            .position(|&c| matches!(c, b'"' | b'\\' | b'\n' | b'\r'))?;
    if b[close] == b'"' {
        return Some((Cow::Borrowed(&doc[start..close]), close + 1));
    }
    let mut out = String::from(&doc[start..close]);
    let mut chars = doc[close..].char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return Some((Cow::Owned(out), close + at + 1)),
            '\n' | '\r' => return None,
            '\\' => match chars.next()?.1 {
                'u' => {
                    let rest = &doc[close + at + 2..];
                    let (hex, used) = match rest.strip_prefix('{') {
                        Some(inner) => {
                            let end = inner.find('}')?;
                            (&inner[..end], end + 2)
                        }
                        None => (rest.get(..4)?, 4),
                    };
                    if hex.is_empty()
                        || hex.len() > 6
                        || !hex.bytes().all(|c| c.is_ascii_hexdigit())
                    {
                        return None;
                    }
                    let code = u32::from_str_radix(hex, 16).ok()?;
                    // A lone surrogate half decodes to the replacement
                    // character: the value is judged, not refused.
                    out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                    for _ in 0..used {
                        chars.next();
                    }
                }
                e => out.push(crate::json::short_escape(e)?),
            },
            c => out.push(c),
        }
    }
    None
}

/// The value of the block string whose content starts at `start` (after
/// its `"""`), and the index after its closing `"""`. `\"""` is three
/// quotes of the content; nothing else is an escape. The common
/// indentation is left as it is: it changes no judgement.
fn block_string(doc: &str, start: usize) -> Option<(Cow<'_, str>, usize)> {
    let b = doc.as_bytes();
    let mut i = start;
    let mut escaped = false;
    while i < b.len() {
        if b[i..].starts_with(b"\\\"\"\"") {
            escaped = true;
            i += 4;
        } else if b[i..].starts_with(b"\"\"\"") {
            let raw = &doc[start..i];
            let value = if escaped {
                Cow::Owned(raw.replace("\\\"\"\"", "\"\"\""))
            } else {
                Cow::Borrowed(raw)
            };
            return Some((value, i + 3));
        } else {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(doc: &str) -> Option<Vec<String>> {
        string_values(doc).map(|v| v.into_iter().map(Cow::into_owned).collect())
    }

    #[test]
    fn documents_give_their_string_values() {
        let doc = "query Cart($id: ID!, $n: Int = 10) {\n  # a comment; with $(id)\n  cart(id: $id, first: -1.5e3) {\n    id\n    ...F @include(if: true)\n  }\n  search(term: \"red shoes\", tags: [\"a\", \"b\"]) { id }\n}\nfragment F on Cart { total }";
        assert_eq!(
            values(doc),
            Some(vec!["red shoes".into(), "a".into(), "b".into()])
        );
        assert_eq!(values("{ id }"), Some(vec![]));
        assert_eq!(values("\u{feff}{ id },"), Some(vec![]));
        assert_eq!(
            values("mutation { add(input: {note: \"x\"}) { id } }"),
            Some(vec!["x".into()])
        );
        assert_eq!(
            values("subscription S { onMessage(room: \"r\") { text } }"),
            Some(vec!["r".into()])
        );
    }

    #[test]
    fn first_words_of_documents() {
        for v in [
            "{ a }",
            "  \r\n{ a }",
            "\u{feff}query X { a }",
            "# c\n{ a }",
            "mutation{ a }",
            "subscription S { a }",
            "fragment F on T { a }",
            "query",
        ] {
            assert!(starts_a_document(v), "{v:?}");
        }
        for v in [
            "",
            "queryX { a }",
            "select x",
            "Query { a }",
            "[{ a }]",
            "red shoes",
        ] {
            assert!(!starts_a_document(v), "{v:?}");
        }
        // Whatever string_values takes, this takes.
        for v in ["{ id }", "query X { a }", "fragment F on T { b }"] {
            assert!(string_values(v).is_some() && starts_a_document(v), "{v:?}");
        }
    }

    proptest::proptest! {
        // The pre-filter never turns away a document the lexer takes, and
        // the lexer answers any text.
        #[test]
        fn every_document_passes_the_first_word_test(
            v in "[ \t\r\n,#{}()\\[\\]$:!=@.\"a-z0-9_-]{0,40}|(query|mutation|fragment|subscription|\\{)[ -~\n]{0,40}"
        ) {
            if string_values(&v).is_some() {
                proptest::prop_assert!(starts_a_document(&v), "{v:?}");
            }
        }
    }

    #[test]
    fn escapes_are_decoded() {
        assert_eq!(
            values(r#"{ f(a: "1\u0027 OR \u{27}1\u0027=\"1\\\/\n") }"#),
            Some(vec!["1' OR '1'=\"1\\/\n".into()])
        );
        assert_eq!(
            values("{ f(a: \"\"\"<script>\n\\\"\"\"x\"\"\") }"),
            Some(vec!["<script>\n\"\"\"x".into()])
        );
        assert_eq!(
            values(r#"{ f(a: "\ud800") }"#),
            Some(vec!["\u{fffd}".into()])
        );
    }

    #[test]
    fn what_graphql_does_not_lex_is_no_document() {
        for v in [
            "",
            "red shoes",
            "id",
            "{ id }; cat /etc/passwd",
            "{ id } | id",
            "{ id } & id",
            "{ a }\nid",
            "{ a } id { b }",
            "query A { a } \"s\"",
            "{ f(a: \"open) }",
            "{ f(a: \"line\nbreak\") }",
            "{ f(a: \"\\x41\") }",
            "{ f(a: \"\\u00\") }",
            "{ f(a: \"\"\"never closed) }",
            "{ id }}",
            "{ f(a: 1) ",
            "{ f(a: [1) ] }",
            "query X",
            "query X { a(n: 01) }",
            "query X { a(n: 1x) }",
            "query X { a(n: 1.) }",
            "query X { a(n: 1e) }",
            "{ a .. b }",
            "{ é }",
            "{ a\u{0} }",
            "(a) { b }",
            "[{ a }]",
            "$x { a }",
            "select { a }",
            "1 { a }",
            "\"s\" { a }",
            "<script>{ a }</script>",
            "' OR 1=1 -- { a }",
        ] {
            assert_eq!(values(v), None, "{v:?}");
        }
        let deep = format!("{}{}", "{".repeat(MAX_DEPTH + 1), "}".repeat(MAX_DEPTH + 1));
        assert_eq!(values(&deep), None);
        let ok = format!("{}{}", "{".repeat(MAX_DEPTH), "}".repeat(MAX_DEPTH));
        assert_eq!(values(&ok), Some(vec![]));
    }
}
