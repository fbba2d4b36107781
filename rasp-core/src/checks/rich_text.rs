//! XSS in rich-text fields (`RICH_TEXT_FIELDS`): HTML that an editor sends
//! and the application shows as HTML.
//!
//! Anywhere else markup is XSS to rasp (HTML injection is how script gets
//! in, and the data sets label it so), which blocks every comment written
//! in a WYSIWYG editor. In a field the application declares rich text, the
//! value is read as a browser reads it (html5ever's tokenizer: attribute
//! values with their entities decoded, broken tags as a browser recovers
//! them) and judged by what it would build: only elements and attributes
//! of formatting (an allowlist much like the sanitizer `ammonia`'s
//! defaults, with `video`, `audio` and `source`), links and media to
//! `http(s)`, `mailto`, `tel`, relative URLs and raster `data:` images, and inline styles without `url()` to other
//! schemes, `expression`, bindings, imports or escapes. Anything else (a
//! `<script>`, an event handler, `<svg>`, `<iframe>`, `<form>`, `<style>`,
//! a `javascript:` link, `data-*` and `id`/`name`, which a page's own
//! script may read) is XSS. The text between tags is text, whatever it
//! says.

use std::cell::Cell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Tag, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// Elements of formatting a rich-text field may hold.
const ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "font",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "map",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
];

/// Attributes any of them may carry (`style` is read, see [`inert_style`]).
const ATTRIBUTES: &[&str] = &[
    "align",
    "alt",
    "autoplay",
    "border",
    "cellpadding",
    "cellspacing",
    "class",
    "color",
    "colspan",
    "controls",
    "datetime",
    "dir",
    "face",
    "height",
    "hreflang",
    "lang",
    "loop",
    "muted",
    "playsinline",
    "preload",
    "rel",
    "reversed",
    "rowspan",
    "scope",
    "size",
    "span",
    "start",
    "style",
    "summary",
    "target",
    "title",
    "type",
    "valign",
    "value",
    "width",
];

/// Attributes whose value is a URL (see [`inert_url`]).
const URL_ATTRIBUTES: &[&str] = &["href", "src", "cite", "poster"];

/// Whether the HTML `html` would run script, load it, or give a page's own
/// script something to act on, were it shown as HTML.
pub(crate) fn runs_script(html: &str) -> bool {
    // A field that is one script URL is a link, whatever it was declared:
    // in a page's text it shows, in an `href` it runs.
    if script_url(html) {
        return true;
    }
    if !html.contains(['<', '>']) {
        return false; // text only: no tag, whatever its entities
    }
    if html.contains(END) {
        return true; // a noncharacter no editor sends, and our end mark
    }
    let sink = Judge {
        unsafe_markup: Cell::new(false),
        ended_in_text: Cell::new(false),
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    // A value that ends inside a tag, an attribute or a comment goes on in
    // the page's own markup (`<x </onxxx=1` takes the page's next tag for
    // attributes): a mark after it must come out as text.
    input.push_back(StrTendril::from_char(END));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let judge = &tokenizer.sink;
    judge.unsafe_markup.get() || !judge.ended_in_text.get()
}

/// Fed after the value: seen as text only if the value left the tokenizer
/// between tags.
const END: char = '\u{ffff}';

struct Judge {
    unsafe_markup: Cell<bool>,
    ended_in_text: Cell<bool>,
}

impl TokenSink for Judge {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if self.unsafe_markup.get() {
            return TokenSinkResult::Continue;
        }
        let unsafe_token = match token {
            Token::TagToken(tag) => !inert_tag(&tag),
            // Internet Explorer's conditional comments (`<!--[if IE]>`) are
            // markup to it.
            Token::CommentToken(c) => c.contains("[if") || c.contains("<!["),
            Token::CharacterTokens(t) => {
                if t.ends_with(END) {
                    self.ended_in_text.set(true);
                }
                false
            }
            _ => false,
        };
        if unsafe_token {
            self.unsafe_markup.set(true);
        }
        TokenSinkResult::Continue
    }
}

fn inert_tag(tag: &Tag) -> bool {
    let name: &str = &tag.name;
    ELEMENTS.contains(&name)
        && tag.attrs.iter().all(|a| {
            let attr: &str = &a.name.local;
            let value: &str = &a.value;
            if URL_ATTRIBUTES.contains(&attr) {
                inert_url(value, (name == "img" && attr == "src") || attr == "poster")
            } else if attr == "style" {
                inert_style(value)
            } else {
                a.name.ns.is_empty() && a.name.prefix.is_none() && ATTRIBUTES.contains(&attr)
            }
        })
}

/// The longest inline style read.
const MAX_STYLE: usize = 2048;

/// Whether a link or image URL loads or runs no script: relative, or
/// `http`, `https`, `mailto`, `tel`; for an image, a raster `data:` URL too.
/// Browsers drop tabs and line breaks inside a URL and blanks around it
/// (`java\tscript:`).
fn inert_url(url: &str, image: bool) -> bool {
    let Some((scheme, rest)) = scheme_of(url) else {
        return true; // relative: the page's own scheme
    };
    if matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel") {
        return true;
    }
    image && scheme == "data" && {
        let rest = without_breaks(rest).to_ascii_lowercase();
        ["png", "jpeg", "jpg", "gif", "webp", "avif", "bmp"]
            .iter()
            .any(|t| {
                rest.starts_with(&format!("image/{t};")) || rest.starts_with(&format!("image/{t},"))
            })
    }
}

/// The scheme of a URL as a browser reads it, lowercased, and what follows
/// its `:` as written; `None` for a relative URL. Blanks and control
/// characters around the URL are dropped, and tabs and line breaks inside
/// the scheme (`java\tscript:`).
fn scheme_of(url: &str) -> Option<(String, &str)> {
    let url = url.trim_matches(|c: char| c.is_ascii_whitespace() || c.is_ascii_control());
    let colon = url
        .find([':', '/', '?', '#'])
        .filter(|&i| url.as_bytes()[i] == b':')?;
    Some((
        without_breaks(&url[..colon]).to_ascii_lowercase(),
        &url[colon + 1..],
    ))
}

/// `s` without the tabs and line breaks a browser drops inside a URL.
fn without_breaks(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// Whether the value is one URL of a scheme that runs script
/// (`javascript:`, `vbscript:`, `livescript:`, `mocha:`, a `data:` URL but
/// a raster image's), as a browser reads a link: blanks around it and tabs
/// and line breaks inside dropped.
fn script_url(v: &str) -> bool {
    if v.contains(['<', '>']) {
        return false;
    }
    // The code after the scheme may hold spaces (`javascript:alert('a b')`);
    // a scheme with one (`Java script: a talk`) is none of these.
    let Some((scheme, _)) = scheme_of(v) else {
        return false;
    };
    match scheme.as_str() {
        "javascript" | "vbscript" | "livescript" | "mocha" => true,
        "data" => !inert_url(v, true),
        _ => false,
    }
}

/// Whether an inline style can load or run nothing: no `expression()` or
/// behaviour (old Internet Explorer), no binding, import or escape (which
/// hide words), no comment (which splits them), and `url()` only to
/// `http(s)` or a relative URL.
fn inert_style(style: &str) -> bool {
    // An editor's inline style is a few declarations; a long one is read
    // no further (each `url(` below looks for its end).
    if style.len() > MAX_STYLE {
        return false;
    }
    let s = style.to_ascii_lowercase();
    const HIDDEN: &[&str] = &[
        "expression",
        "behavior",
        "behaviour",
        "binding",
        "@import",
        "javascript",
        "vbscript",
        "\\",
        "/*",
        "<",
        "&",
    ];
    if HIDDEN.iter().any(|w| s.contains(w)) {
        return false;
    }
    s.match_indices("url(").all(|(i, _)| {
        let arg = s[i + 4..].trim_start().trim_start_matches(['\'', '"']);
        let end = arg.find([')', '\'', '"']).unwrap_or(arg.len());
        inert_url(&arg[..end], false) && !arg[..end].starts_with("data:")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_editors_send_runs_nothing() {
        for v in [
            "<p>Dear customer,</p><p>your parcel <strong>#A77-12</strong> left.</p>",
            "<p style=\"margin-left: 40px;\">Indented note</p>",
            "<h3 style=\"color: rgb(34, 34, 34);\">Opening hours</h3>",
            "<img src=\"https://images.example.org/a.jpg\" alt=\"Red sneaker\" style=\"width: 100%;\">",
            "<a href=\"https://docs.example.org/guide#install\" target=\"_blank\" rel=\"noopener noreferrer\">guide</a>",
            "<a href=\"#section-2\">Jump</a> <a href=\"/help?q=1\">help</a>",
            "<p>Contact: <a href=\"mailto:hello@example.org?subject=Hi\">mail</a> or <a href=\"tel:+15551234\">call</a></p>",
            "<p><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"dot\"></p>",
            "<p class=\"MsoNormal\"><span lang=\"EN-GB\">Kind regards,</span></p>",
            "<pre><code class=\"language-js\">const x = 1;\nconsole.log(x);</code></pre>",
            "<p>5 &lt; 6 and 7 &gt; 3, a < b</p>",
            "<p>Write &lt;script&gt;alert(1)&lt;/script&gt; to test</p>",
            "<table border=\"1\"><tr><td colspan=\"2\">x</td></tr></table>",
            "<!-- pasted from Word --><p>Hi</p>",
            "<p style=\"background: url('https://example.org/bg.png')\">x</p>",
            "plain text, no tags; alert(1) as text",
            "Note: see https://example.org",
            "Java script: a talk about scripts",
            "Tip:",
            "<ol start=\"3\"><li>three</li></ol><hr><br/>",
            "<video controls src=\"https://cdn.example.com/v/intro.mp4\"></video>",
            "<audio controls><source src=\"/a/welcome.mp3\" type=\"audio/mpeg\"></audio>",
        ] {
            assert!(!runs_script(v), "{v}");
        }
    }

    #[test]
    fn script_and_what_can_run_it_is_found() {
        for v in [
            "<script>alert(1)</script>",
            "<p>hi</p><script src=//evil.example/x.js></script>",
            "<img src=x onerror=alert(1)>",
            "<img src='1' onerror/=alert(0) />",
            "<img[a][b][c]src[d]=x[e]onerror=[f]\"alert(1)\">",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<a href=\"java\tscript:alert(1)\">x</a>",
            "<a href=\"  JaVaScRiPt&colon;alert(1)\">x</a>",
            "<a href=\"&#106;avascript:alert(1)\">x</a>",
            "<a href=\"vbscript:msgbox(1)\">x</a>",
            "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
            "<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">",
            "<svg onload=alert(1)>",
            "<svg><a href=\"#\">x</a></svg>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<form action=https://evil.example><input name=p></form>",
            "<style>body{background:red}</style>",
            "<p style=\"width: expression(alert(1))\">x</p>",
            "<p style=\"background:url(javascript:alert(1))\">x</p>",
            "<p style=\"behavior: url(x.htc)\">x</p>",
            "<p style=\"x:\\65xpression(alert(1))\">x</p>",
            "<div data-bs-toggle=\"tooltip\" data-bs-html=\"true\">x</div>",
            "<img id=\"cookie\" src=x>",
            "<a name=\"x\">x</a>",
            "<details open ontoggle=alert(1)>",
            "<video><source onerror=alert(1)></video>",
            "<video poster=javascript:alert(1)></video>",
            "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->",
            "<base href=\"https://evil.example/\">",
            "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
            "<x </onxxx=1",
            "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
            "<p xmlns:xlink=\"x\" xlink:href=\"javascript:alert(1)\">x</p>",
            "</script><script>alert(1)</script>",
            // Ends inside markup, which the page's own goes on with.
            "<p title=\"x",
            "<p>x</p><b",
            "<!-- x",
            "x\u{ffff}<b>",
            // One script URL.
            "javascript:alert(1)//",
            " java\tscript:alert(1)",
            "jAvascript:alert('Top Page: '+document.location);//",
            "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        ] {
            assert!(runs_script(v), "{v}");
        }
    }
}
