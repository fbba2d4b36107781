//! The normalized request and response that adapters build from their
//! framework's types, and the parsing of a request into judged targets.

use std::borrow::Cow;
use std::net::IpAddr;
use std::ops::Range;

use bytes::Bytes;

use crate::decode;
use crate::json;
use crate::net::{client_ip, IpList};
use crate::route::RouteHint;
use crate::verdict::Location;

/// An HTTP request as rasp sees it. Adapters fill it from their framework;
/// the body holds at most `MAX_BODY_SIZE` bytes.
///
/// The method, path, query and headers live in one text buffer: building a
/// request costs one or two allocations instead of two per header (most of
/// what an adapter spent per request outside the checks, callgrind).
#[derive(Clone)]
pub struct Request {
    text: String,
    method: Span,
    path: Span,
    query: Span,
    /// Name (lower case) and value of each header, in the order received.
    headers: HeaderSpans<8>,
    peer: IpAddr,
    body: Bytes,
    body_truncated: bool,
    route: RouteHint,
}

/// Where each header's name and value are in the text buffer, the first `N`
/// kept inline: a request's usual headers (eight) and the response's one or
/// two the core reads need no allocation of their own (an allocation and
/// its release were ~200 instructions a request, callgrind, actix demo).
type HeaderSpans<const N: usize> = smallvec::SmallVec<[(Span, Span); N]>;

/// `s` without white space at either end, then without the bytes of
/// `also` (ASCII) at either end. `str::trim` and `trim_matches`, which
/// decode characters from both ends, are skipped when both end bytes are
/// visible ASCII and not in `also`: nothing to trim (most cookie names and
/// values; the cookie pass was ~300 instructions for two cookies,
/// callgrind, a browser's GET).
fn trimmed<'s>(s: &'s str, also: &[u8]) -> &'s str {
    let keeps = |c: &u8| c.is_ascii_graphic() && !also.contains(c);
    match s.as_bytes() {
        [] => s,
        [first, .., last] | [first @ last] if keeps(first) && keeps(last) => s,
        _ => s
            .trim()
            .trim_matches(|c: char| c.is_ascii() && also.contains(&(c as u8))),
    }
}

/// Where a header's value is (see [`Request::header_names`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct HeaderAt(Span);

/// A byte range of `Request::text`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Span {
    start: u32,
    end: u32,
}

impl Request {
    /// A request for `target` (`/path?query`, or an absolute URL) from `peer`.
    pub fn new(method: &str, target: &str, peer: IpAddr) -> Self {
        let target = strip_scheme_and_authority(target);
        // `?` found eight bytes at a time: `split_once('?')` searched with a
        // `memchr` call, then compared the byte found with a `memcmp` call
        // (~150 instructions a GET, callgrind, actix demo).
        // `?` is ASCII: both sides are on character boundaries.
        let (path, query) = match crate::swar::byte_positions(target.as_bytes(), b'?').next() {
            Some(i) => (&target[..i], &target[i + 1..]),
            None => (target, ""),
        };
        Self::from_path_and_query(method, path, query, peer)
    }

    /// A request for `path` and `query` (without its `?`; empty when there
    /// is none) from `peer`, for a framework that hands them apart (rocket):
    /// the same request as [`Request::new`] with `path?query`, without
    /// joining them first.
    pub fn from_path_and_query(method: &str, path: &str, query: &str, peer: IpAddr) -> Self {
        let path = if path.is_empty() { "/" } else { path };
        // Room for the usual headers too, so that most requests need no
        // second allocation of the buffer.
        let mut text = String::with_capacity(method.len() + path.len() + query.len() + 256);
        let method = append(&mut text, method);
        let path = append(&mut text, path);
        // A fragment is never sent by a browser; if a client sends one anyway
        // it stays in the query and is judged with it.
        let query = append(&mut text, query);
        Request {
            text,
            method,
            path,
            query,
            headers: HeaderSpans::new(),
            peer,
            body: Bytes::new(),
            body_truncated: false,
            route: RouteHint::Unknown,
        }
    }

    /// Adds a header (builder style). Names are compared case-blind.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.push_header(name, value);
        self
    }

    /// Adds a header whose value arrived as bytes (what every framework
    /// hands over): bytes that are not UTF-8 are replaced by U+FFFD.
    pub fn push_header_bytes(&mut self, name: &str, value: &[u8]) {
        match std::str::from_utf8(value) {
            Ok(v) => self.push_header(name, v),
            Err(_) => self.push_header(name, &String::from_utf8_lossy(value)),
        }
    }

    /// Adds a header.
    pub fn push_header(&mut self, name: &str, value: &str) {
        push_header(&mut self.text, &mut self.headers, name, value);
    }

    /// Adds headers whose values arrived as bytes (what every framework
    /// hands over), as [`Request::push_header_bytes`] does one by one, but
    /// checked as UTF-8 in one pass over the whole text: a check per value
    /// cost ~100 instructions a header, most of it the check's set-up
    /// (callgrind, actix demo). When a value is not UTF-8, the headers are
    /// added again one by one, its bad bytes replaced by U+FFFD.
    pub fn push_headers_bytes<'h>(
        &mut self,
        headers: impl IntoIterator<Item = (&'h str, &'h [u8])>,
    ) {
        let mut text = std::mem::take(&mut self.text).into_bytes();
        let from = text.len();
        let first = self.headers.len();
        for (name, value) in headers {
            text.reserve(name.len() + value.len());
            let n = append_bytes(&mut text, name.as_bytes());
            if may_hold_ascii_uppercase(name.as_bytes()) {
                text[n.range()].make_ascii_lowercase();
            }
            let v = append_bytes(&mut text, value);
            self.headers.push((n, v));
        }
        // The text as a whole may be UTF-8 while a value is not: one that
        // ends inside a character whose rest starts the next value (an empty
        // name between them). Each value must start and end on a character
        // boundary too, or slicing it would panic.
        let mut text = match String::from_utf8(text) {
            Ok(text)
                if self.headers[first..].iter().all(|&(_, v)| {
                    text.is_char_boundary(v.start as usize) && text.is_char_boundary(v.end as usize)
                }) =>
            {
                self.text = text;
                return;
            }
            Ok(text) => text.into_bytes(),
            Err(e) => e.into_bytes(),
        };
        let added = text.split_off(from);
        // What came before was a `String`, cut where it ended.
        self.text = String::from_utf8(text)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        let spans: Vec<_> = self.headers.drain(first..).collect();
        for (n, v) in spans {
            let at = |i: u32| (i as usize).saturating_sub(from);
            let piece = |s: Span| &added[at(s.start)..at(s.end)];
            self.push_header_bytes(&String::from_utf8_lossy(piece(n)), piece(v));
        }
    }

    /// Sets the body read so far; `truncated` when more bytes followed.
    pub fn with_body(mut self, body: impl Into<Bytes>, truncated: bool) -> Self {
        self.body = body.into();
        self.body_truncated = truncated;
        self
    }

    /// Tells the core what the framework's router decided for this request.
    pub fn with_route(mut self, route: RouteHint) -> Self {
        self.route = route;
        self
    }

    /// The method, as sent.
    pub fn method(&self) -> &str {
        self.span(self.method)
    }
    /// The path, still percent-encoded.
    pub fn path(&self) -> &str {
        self.span(self.path)
    }
    /// The raw query string, without `?`.
    pub fn query(&self) -> &str {
        self.span(self.query)
    }
    /// Headers (lower-case name, value), in the order received.
    pub fn headers(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + '_ {
        self.headers
            .iter()
            .map(|&(n, v)| (self.span(n), self.span(v)))
    }
    /// The first value of a header (name case-blind).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|&&(n, _)| self.is_named(n, name))
            .map(|&(_, v)| self.span(v))
    }
    /// Every value of a header.
    pub fn headers_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |&&(n, _)| self.is_named(n, name))
            .map(|&(_, v)| self.span(v))
    }
    /// Each header's name (lower case) as bytes, and a handle to its value
    /// ([`Request::header_value`]): for the loops that look for a few names
    /// among all the headers. [`Request::headers`] slices each name and
    /// value as `str`, which checks both ends for a character boundary
    /// (~30 instructions a header, callgrind, a browser's GET of fourteen).
    pub(crate) fn header_names(&self) -> impl Iterator<Item = (&[u8], HeaderAt)> + '_ {
        self.headers
            .iter()
            .map(|&(n, v)| (&self.text.as_bytes()[n.range()], HeaderAt(v)))
    }
    /// The value [`Request::header_names`] handed out a handle to.
    pub(crate) fn header_value(&self, v: HeaderAt) -> &str {
        self.span(v.0)
    }
    #[inline(always)]
    fn is_named(&self, n: Span, name: &str) -> bool {
        is_named(&self.text, n, name)
    }
    fn span(&self, s: Span) -> &str {
        &self.text[s.range()]
    }
    /// The TCP peer.
    pub fn peer(&self) -> IpAddr {
        self.peer
    }
    /// The body read (at most `MAX_BODY_SIZE` bytes).
    pub fn body(&self) -> &Bytes {
        &self.body
    }
    /// Whether the body was longer than what was read.
    pub fn body_truncated(&self) -> bool {
        self.body_truncated
    }
    /// The path (`items[3].note`) of the JSON key or string value whose
    /// opening quote is at byte `at` of the body.
    pub(crate) fn json_path(&self, at: usize) -> Option<String> {
        json::path_of(self.json_bytes(), MAX_JSON_DEPTH, at)
    }
    /// The key (as written) of the JSON member whose string value opens at
    /// byte `at` of the body; `None` for an array item.
    pub(crate) fn json_member_key(&self, at: usize) -> Option<&str> {
        json::member_key(self.json_bytes(), at)
    }
    /// The body to walk as JSON: a body cut by the size limit may end
    /// inside a UTF-8 character, which is dropped.
    fn json_bytes(&self) -> &[u8] {
        if !self.body_truncated {
            return &self.body; // the walker checks UTF-8 itself
        }
        // Only the last character can be cut: its lead byte is at most
        // three back. (Checking the whole body here cost its length at
        // every call: a JSON member's key is read through this, and a
        // batch of many GraphQL documents cut at 1 MiB took 1.7 s.)
        let b = &self.body[..];
        let continuations = b
            .iter()
            .rev()
            .take(3)
            .take_while(|&&c| c & 0b1100_0000 == 0b1000_0000)
            .count();
        let lead = (b.len() - continuations).saturating_sub(1);
        match std::str::from_utf8(&b[lead..]) {
            Err(e) if e.error_len().is_none() => &b[..lead + e.valid_up_to()],
            _ => b,
        }
    }
    /// The router's decision, when the adapter knows it.
    pub fn route(&self) -> RouteHint {
        self.route
    }
    /// `Host` header, or the authority of an HTTP/2 request.
    pub fn host(&self) -> Option<&str> {
        self.header("host")
    }
    /// The client address under the trusted-proxy rule.
    pub fn client_ip(&self, trusted_proxies: &IpList) -> IpAddr {
        client_ip(
            self.peer,
            trusted_proxies,
            self.headers_named("x-forwarded-for"),
            self.headers_named("forwarded"),
        )
    }
}

impl Span {
    fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// Appends a header to `text` (its name in lower case) and its spans to
/// `headers`.
fn push_header<const N: usize>(
    text: &mut String,
    headers: &mut HeaderSpans<N>,
    name: &str,
    value: &str,
) {
    // Room for both at once: growing the buffer for the name, then again
    // for the value, reallocated (a response's buffer starts empty).
    text.reserve(name.len() + value.len());
    let n = append(text, name);
    // Most names arrive in lower case (the `http` crate's always do): a
    // test of eight bytes at a time spares them the byte-at-a-time folding,
    // which header names are too short to have vectorized (~260
    // instructions a request of three headers, actix demo).
    if may_hold_ascii_uppercase(name.as_bytes()) {
        text[n.range()].make_ascii_lowercase();
    }
    let v = append(text, value);
    headers.push((n, v));
}

/// Whether `b` may hold an ASCII capital: true when it does, and also when
/// it holds a byte past ASCII (the caller then folds it byte by byte, which
/// is right either way). Eight bytes at a time: for a byte below 0x80,
/// adding `0x80 - b'A'` sets its top bit when it is `A` or more, adding
/// `0x80 - b'Z' - 1` when it is past `Z`, and neither carries into the next
/// byte.
fn may_hold_ascii_uppercase(b: &[u8]) -> bool {
    use crate::swar::{half, word as at};
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const TOP: u64 = ONES * 0x80;
    let word = |w: u64| {
        let from_a = w.wrapping_add(ONES * u64::from(0x80 - b'A'));
        let past_z = w.wrapping_add(ONES * u64::from(0x80 - b'Z' - 1));
        (from_a & !past_z | w) & TOP != 0
    };
    // Whole words only, overlapping at the end (the question is whether
    // any byte is one, so a byte read twice does no harm): a name's last
    // bytes copied into a word cost a `memcpy` call, and read one by one
    // ~5 instructions a byte (callgrind, actix demo: two names, 157).
    let n = b.len();
    if n >= 8 {
        let mut i = 0;
        while i + 8 < n {
            if word(at(b, i)) {
                return true;
            }
            i += 8;
        }
        return word(at(b, n - 8));
    }
    if n >= 4 {
        return word(u64::from(half(b, 0)) | u64::from(half(b, n - 4)) << 32);
    }
    b.iter().any(|&c| c.is_ascii_uppercase() || !c.is_ascii())
}

/// Whether the header name at `n` of `text` is `name`, case-blind. Compared
/// as bytes, and values sliced only when the name matches: the core looks
/// headers up several times per request. Inlined always, as
/// [`crate::swar::same`] inside it: each lookup calls it once a header.
#[inline(always)]
fn is_named(text: &str, n: Span, name: &str) -> bool {
    // The lengths first: most names are not the one asked for, and settle
    // there without a call. Then, stored names being lower case as the core
    // asks for them, an exact compare settles most lookups without folding
    // each byte.
    let stored = &text.as_bytes()[n.range()];
    stored.len() == name.len()
        && (crate::swar::same(stored, name.as_bytes())
            || stored.eq_ignore_ascii_case(name.as_bytes()))
}

/// [`append`] for bytes that are checked as UTF-8 afterwards (a piece cut at
/// 4 GiB may then end inside a character, and is checked like any other).
fn append_bytes(text: &mut Vec<u8>, s: &[u8]) -> Span {
    let start = text.len().min(u32::MAX as usize);
    let room = (u32::MAX as usize).saturating_sub(start);
    let s = &s[..s.len().min(room)];
    text.extend_from_slice(s);
    Span {
        start: start as u32,
        end: (start + s.len()) as u32,
    }
}

/// Appends `s` to `text` and returns where it landed. Offsets are `u32`:
/// text beyond 4 GiB (never sent by a server that enforces any header
/// limit) is cut rather than wrapped.
fn append(text: &mut String, s: &str) -> Span {
    let start = text.len().min(u32::MAX as usize);
    let room = (u32::MAX as usize).saturating_sub(start);
    let s = if s.len() <= room {
        s
    } else {
        let mut cut = room;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        &s[..cut]
    };
    text.push_str(s);
    Span {
        start: start as u32,
        end: (start + s.len()) as u32,
    }
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method())
            .field("path", &self.path())
            .field("query", &self.query())
            .field("headers", &self.headers().collect::<Vec<_>>())
            .field("peer", &self.peer)
            .field("body", &self.body)
            .field("body_truncated", &self.body_truncated)
            .field("route", &self.route)
            .finish()
    }
}

fn strip_scheme_and_authority(target: &str) -> &str {
    if target.starts_with('/') {
        return target;
    }
    if let Some(i) = target.find("://") {
        let rest = &target[i + 3..];
        return match rest.find(['/', '?']) {
            Some(j) if rest.as_bytes()[j] == b'/' => &rest[j..],
            Some(j) => &rest[j..],
            None => "/",
        };
    }
    target
}

/// The first `limit` bytes of a body received in `chunks`: what adapters hand
/// to [`Request::with_body`] and [`Response::with_body`]. A single chunk
/// within the limit is shared, not copied.
pub fn body_prefix(chunks: &[Bytes], limit: usize) -> Bytes {
    if let [one] = chunks {
        if one.len() <= limit {
            return one.clone();
        }
    }
    let total: usize = chunks.iter().map(Bytes::len).sum();
    let mut buf = Vec::with_capacity(total.min(limit));
    for c in chunks {
        let room = limit - buf.len();
        buf.extend_from_slice(&c[..c.len().min(room)]);
        if buf.len() == limit {
            break;
        }
    }
    Bytes::from(buf)
}

/// `s` split at each `sep`, an ASCII byte (so the pieces fall on character
/// boundaries), as `str::split` splits it. Over bytes: `str::split` and
/// `split_once` with a `char` search with a `memchr` call, then compare the
/// byte found with a `memcmp` call, which costs more than the few bytes of
/// a path segment, a cookie or a media type (callgrind, perf).
pub(crate) fn split_ascii(s: &str, sep: u8) -> impl Iterator<Item = &str> + Clone {
    debug_assert!(sep.is_ascii());
    let mut start = 0;
    s.as_bytes().split(move |&c| c == sep).map(move |piece| {
        let piece_str = &s[start..start + piece.len()];
        start += piece.len() + 1;
        piece_str
    })
}

/// `s` cut at its first `sep`, an ASCII byte, as `str::split_once` cuts it
/// (see [`split_ascii`]).
pub(crate) fn split_once_ascii(s: &str, sep: u8) -> Option<(&str, &str)> {
    debug_assert!(sep.is_ascii());
    let i = s.bytes().position(|c| c == sep)?;
    Some((&s[..i], &s[i + 1..]))
}

/// A response as rasp sees it, for the data-leak and error-flood checks.
#[derive(Debug, Clone)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Header names (lower case) and values, side by side in one buffer as
    /// in [`Request`]: one allocation for the text, where a `String` per
    /// name and per value made two a header.
    text: String,
    headers: HeaderSpans<2>,
    /// The body, or its first part; empty when the body is streamed and not inspected.
    pub body: Bytes,
    /// What [`crate::Exchange::response_head`] found of the content type
    /// and encoding, so that the data-leak check does not judge them again
    /// (twice ~450 instructions for `x-www-form-urlencoded`, callgrind, axum
    /// demo's form echo). Back to [`Head::FromHeaders`] when a header is added.
    pub(crate) head: Head,
}

/// Where the data-leak check learns a response's media type and encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Head {
    /// From its headers, when it is judged.
    FromHeaders,
    /// Found scannable; the headers were copied, for the encoding to undo.
    Scannable,
    /// Found scannable, with no encoding; the headers were not copied (a
    /// `String` made and freed per response, with two searches of it:
    /// ~450 instructions a GET, callgrind). `escapes`: the body is JSON or
    /// JavaScript (see [`crate::checks::dlp`]).
    Bare { escapes: bool },
}

impl Response {
    /// A response with a status and no headers or body.
    pub fn new(status: u16) -> Self {
        Response {
            status,
            text: String::new(),
            headers: HeaderSpans::new(),
            body: Bytes::new(),
            head: Head::FromHeaders,
        }
    }

    /// Adds a header (builder style). Names are compared case-blind.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.push_header(name, value);
        self
    }

    /// Adds a header.
    pub fn push_header(&mut self, name: &str, value: &str) {
        push_header(&mut self.text, &mut self.headers, name, value);
        self.head = Head::FromHeaders;
    }

    /// Sets the body (builder style).
    pub fn with_body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|&&(n, _)| is_named(&self.text, n, name))
            .map(|&(_, v)| &self.text[v.range()])
    }

    /// Every header, names in lower case, in the order added.
    pub fn headers(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + '_ {
        self.headers
            .iter()
            .map(|&(n, v)| (&self.text[n.range()], &self.text[v.range()]))
    }
}

/// One value to judge: where it came from, its name (parameter, JSON path,
/// cookie name) and its text as received (decoders run later).
#[derive(Debug, Clone)]
pub(crate) struct Target<'a> {
    pub location: Location,
    pub name: Cow<'a, str>,
    pub text: Cow<'a, str>,
    /// For JSON keys and values, the offset of the string in the body, from
    /// which its path is built on a detection.
    pub json_at: usize,
    /// For JSON keys and values, the containers around it (1: a member of
    /// the top-level object); 0 elsewhere, 255 for 255 and deeper. A byte:
    /// the target stays 64 bytes (72 put a request's
    /// 16 of them past the allocator's small-block cache, +260 instructions
    /// a GET).
    pub json_depth: u8,
}

impl<'a> Target<'a> {
    /// A target of nothing, which [`push_target`] fills in place.
    const EMPTY: Target<'static> = Target {
        location: Location::Path,
        name: Cow::Borrowed(""),
        text: Cow::Borrowed(""),
        json_at: 0,
        json_depth: 0,
    };

    /// A target outside a JSON body.
    fn new(location: Location, name: Cow<'a, str>, text: Cow<'a, str>) -> Self {
        Target {
            location,
            name,
            text,
            json_at: 0,
            json_depth: 0,
        }
    }
}

/// Adds a target outside a JSON body, written in its slot of `targets`.
/// Built first and then pushed, a target was assembled on the stack a word
/// at a time and copied into the list in wider pieces, which the processor
/// cannot forward from the words still being written: a stall on every
/// target (`perf annotate`, `profile get`: a third of `Parsed::parse`'s
/// samples on those copies; user time of `profile get 3000000`, five
/// alternating runs, median 0.94 -> 0.84 s, for +80 instructions a GET).
#[inline(always)]
fn push_target<'a>(
    targets: &mut Vec<Target<'a>>,
    location: Location,
    name: Cow<'a, str>,
    text: Cow<'a, str>,
) {
    targets.push(Target::EMPTY);
    if let Some(t) = targets.last_mut() {
        t.location = location;
        t.name = name;
        t.text = text;
    }
}

/// A request split into the targets the checks judge.
pub(crate) struct Parsed<'a> {
    /// Every target but those of a JSON body.
    pub targets: Vec<Target<'a>>,
    /// A JSON body, whose targets are handed out one at a time by
    /// [`Parsed::for_each_json_target`] rather than collected: a hostile
    /// 1 MiB body of short strings made 7 MB of targets (`profile hostile1m`).
    json: Option<&'a [u8]>,
    /// An XML body, whose values [`Parsed::for_each_xml_target`] hands out
    /// one at a time, as the JSON ones.
    xml: Option<&'a [u8]>,
    /// Whether the body was cut (at `MAX_BODY_SIZE`, or rocket's peek).
    body_cut: bool,
}

/// At most how many keys and string values a JSON body holds (each has two
/// quotes).
pub(crate) fn json_strings_hint(json: &[u8]) -> usize {
    memchr::memchr_iter(b'"', json).count() / 2
}

/// JSON nested deeper than this is judged as raw text rather than walked.
/// `serde_json`, the parser behind axum's, actix-web's and rocket's `Json`,
/// reads 128 levels (any number with its `unbounded_depth` feature): at 64,
/// `x' or '1'='1` 100 arrays deep was judged inside one raw text and passed.
/// The walker's stack costs 24 bytes a level, 96 KiB at this depth.
pub(crate) const MAX_JSON_DEPTH: usize = 4096;

impl<'a> Parsed<'a> {
    pub fn parse(req: &'a Request) -> Self {
        let mut targets = Vec::with_capacity(16);

        let path = req.path();
        let mut segments = 0;
        for seg in split_ascii(path, b'/').filter(|s| !s.is_empty()) {
            segments += 1;
            push_target(
                &mut targets,
                Location::Path,
                Cow::Borrowed(""),
                Cow::Borrowed(seg),
            );
        }
        // A wildcard route (axum's `/files/*rest`, actix-web's
        // `{tail:.*}`) hands the application its segments joined: judged one
        // by one, `1'/**/union/**/select/**/password/**/from/**/users--` read
        // as nothing. A path of more than one segment with a byte other than
        // an unreserved one is judged whole too (most paths have none), and
        // so is one with a `..` segment, which browsers resolve before
        // sending: axum and actix-web hand `/files/../../../etc/passwd` to a
        // wildcard route as `../../../etc/passwd`.
        if segments > 1
            && (path.bytes().any(|c| {
                !(c.is_ascii_alphanumeric() || matches!(c, b'/' | b'-' | b'.' | b'_' | b'~'))
            }) || split_ascii(path, b'/').any(|s| matches!(s.as_bytes(), [b'.', b'.'])))
        {
            push_target(
                &mut targets,
                Location::Path,
                Cow::Borrowed(""),
                Cow::Borrowed(path),
            );
        }
        if !req.query().is_empty() {
            for (k, v) in form_pairs(req.query()) {
                push_target(
                    &mut targets,
                    Location::QsVariables,
                    Cow::Borrowed(""),
                    k.clone(),
                );
                push_target(&mut targets, Location::QsValues, k, v);
            }
        }
        // One pass over the headers (names are stored in lower case).
        for (name, value) in req.header_names() {
            let (location, name) = match name {
                b"cookie" => {
                    for pair in split_ascii(req.header_value(value), b';') {
                        let (k, v) = split_once_ascii(pair, b'=').unwrap_or((pair, ""));
                        push_target(
                            &mut targets,
                            Location::Cookies,
                            Cow::Borrowed(trimmed(k, b"")),
                            Cow::Borrowed(trimmed(v, b"\"")),
                        );
                    }
                    continue;
                }
                b"user-agent" => (Location::UserAgent, "User-Agent"),
                b"referer" => (Location::Referer, "Referer"),
                // Client addresses, which a client may write: applications
                // log and show them, and actix-web's `realip_remote_addr`
                // hands the text over unparsed (`<script>` in
                // `X-Forwarded-For` shown by a log viewer, `'` in a logging
                // query). An address is a plain value, cleared at once.
                b"x-forwarded-for" => (Location::HeadersValues, "X-Forwarded-For"),
                b"x-real-ip" => (Location::HeadersValues, "X-Real-IP"),
                b"forwarded" => (Location::HeadersValues, "Forwarded"),
                _ => continue,
            };
            push_target(
                &mut targets,
                location,
                Cow::Borrowed(name),
                Cow::Borrowed(req.header_value(value)),
            );
        }
        let (json, xml) = match (!req.body.is_empty())
            .then(|| parse_body(req, &mut targets))
            .flatten()
        {
            Some(Deferred::Json(b)) => (Some(b), None),
            Some(Deferred::Xml(b)) => (None, Some(b)),
            None => (None, None),
        };
        Parsed {
            targets,
            json,
            xml,
            body_cut: req.body_truncated(),
        }
    }

    /// The query and form/multipart parameter names in request order, query
    /// first, with where each was found: what parameter pollution compares.
    pub fn parameter_names(&self) -> impl Iterator<Item = (&str, Location)> + Clone {
        self.targets
            .iter()
            .filter(|t| matches!(t.location, Location::QsVariables | Location::PostVariables))
            .map(|t| (t.text.as_ref(), t.location))
    }

    /// The JSON body, if the request has one: at most how many keys and
    /// string values it holds is [`json_strings_hint`] of it.
    pub fn json_body(&self) -> Option<&'a [u8]> {
        self.json
    }

    /// The XML body, if the request has one (see [`crate::xml`]).
    pub(crate) fn xml_body(&self) -> Option<&[u8]> {
        self.xml
    }

    /// Whether the request has a JSON body, whose targets
    /// [`Parsed::for_each_json_target`] hands out.
    pub fn has_json(&self) -> bool {
        self.json.is_some()
    }

    /// Calls `f` with each element text and attribute value of an XML body
    /// (see [`crate::xml`]) that `plain` does not pass, until `f` returns
    /// false; from where the body stops being XML, the rest comes last as
    /// one raw text. One value at a time: a body of many tiny elements
    /// holds one value's text, not a list of them. Returns false when `f`
    /// stopped it.
    pub fn for_each_xml_target(
        &self,
        plain: impl Fn(&str) -> bool,
        mut f: impl FnMut(&Target<'_>) -> bool,
    ) -> bool {
        let Some(xml) = self.xml else {
            return true;
        };
        let doc = String::from_utf8_lossy(xml);
        let mut stopped = false;
        let walked = crate::xml::for_each_value(&doc, |name, text| {
            if plain(&text) {
                return true;
            }
            stopped = !f(&Target::new(Location::PostValues, name, text));
            !stopped
        });
        if stopped {
            return false;
        }
        let Err(mut at) = walked else {
            return true;
        };
        at = at.min(doc.len());
        while !doc.is_char_boundary(at) {
            at += 1;
        }
        let rest = &doc[at..];
        rest.trim().is_empty()
            || plain(rest)
            || f(&Target::new(
                Location::PostValues,
                Cow::Borrowed(""),
                Cow::Borrowed(rest),
            ))
    }

    /// Calls `f` with each key and string value of a JSON body, in document
    /// order, until `f` returns false. A body that stops being JSON part-way
    /// (cut at `MAX_BODY_SIZE` or rocket's 512-byte peek, malformed from
    /// some point) keeps the keys and
    /// values read before the break, and the rest, from the end of the last
    /// complete string, comes last as one raw text: judging a cut document
    /// as one text let its other values outvote a payload, and ran the SQLi
    /// model over the whole prefix. A string whose bytes all have a class
    /// in `classes` (see [`json::for_each_string_skipping`]: the walker reads them as
    /// it looks for the end of the string) and that `skip` passes, given
    /// those classes ORed and the text, is left out: most keys and values of
    /// a large body are plain, and are known so without being read again or
    /// made a `Target`. Returns false when `f` stopped it.
    pub fn for_each_json_target(
        &self,
        classes: &[u8; 256],
        skip: impl Fn(u8, &str) -> bool,
        mut f: impl FnMut(&Target<'a>) -> bool,
    ) -> bool {
        let Some(json) = self.json else {
            return true;
        };
        let mut judged_up_to = 0;
        let mut stopped = false;
        let walked = json::for_each_string_skipping(
            json,
            MAX_JSON_DEPTH,
            classes,
            &skip,
            &mut judged_up_to,
            // Inlined into the walker, as its wrapper in `json`: called out
            // of line, the string was handed over through memory and read
            // back in wider pieces than written, a stall on each judged
            // string (perf, `profile json64k 20001`: user time, six
            // alternating runs, median 0.75 -> 0.73 s; callgrind json1k
            // +177 instructions).
            #[inline(always)]
            |s| {
                stopped = !f(&Target {
                    location: if s.is_key {
                        Location::JsonKeys
                    } else {
                        Location::JsonValues
                    },
                    name: Cow::Borrowed(""),
                    text: s.text,
                    json_at: s.at,
                    json_depth: u8::try_from(s.depth).unwrap_or(u8::MAX),
                });
                !stopped
            },
        );
        if stopped {
            return false;
        }
        if walked.is_ok() {
            return true;
        }
        let mut rest = &json[judged_up_to..];
        if self.body_cut {
            // Cut in the middle of well-formed JSON, the rest is structure
            // (`:7,"`) and perhaps the start of a string: only that start is
            // text. Judged whole, such punctuation scored as an injection.
            if let Some(partial) = cut_json_tail(rest) {
                rest = partial;
            }
        }
        let rest = String::from_utf8_lossy(rest);
        let left_out =
            crate::byte_class::classes_of(rest.as_bytes(), classes).is_some_and(|c| skip(c, &rest));
        rest.is_empty()
            || left_out
            || f(&Target::new(Location::PostValues, Cow::Borrowed(""), rest))
    }
}

/// The text of an unfinished string at the end of `rest`, when `rest` is
/// what follows the last complete string of a JSON document cut short:
/// structure (whitespace, `:`, `,`, brackets, numbers, `true`, `false`,
/// `null`), then optionally an opening quote and text with no closing quote
/// (empty when there is none). `None` when `rest` holds anything else: the
/// document stopped being JSON, and the whole rest is judged.
fn cut_json_tail(rest: &[u8]) -> Option<&[u8]> {
    let structure = |c: &u8| {
        matches!(
            c,
            b' ' | b'\t' | b'\r' | b'\n' | b':' | b',' | b'{' | b'}' | b'[' | b']'
        ) || matches!(c, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
            || b"truefalsn".contains(c)
    };
    let start = rest
        .iter()
        .position(|c| !structure(c))
        .unwrap_or(rest.len());
    let Some(text) = rest[start..].strip_prefix(b"\"") else {
        return (start == rest.len()).then_some(&rest[rest.len()..]);
    };
    // No closing quote: a `"` after an even run of backslashes closes.
    let mut backslashes = 0;
    for &c in text {
        match c {
            b'\\' => backslashes += 1,
            b'"' if backslashes % 2 == 0 => return None,
            _ => backslashes = 0,
        }
    }
    Some(text)
}

/// The media type of the body, lower case, and the parameters after it.
/// Out of line: inlined into the engine's body reading, it cost a GET,
/// which has no body, ~50 instructions (callgrind, `profile get`).
#[inline(never)]
fn content_type(req: &Request) -> (Cow<'_, str>, &str) {
    let ct = req.header("content-type").unwrap_or("");
    let (mime, params) = split_once_ascii(ct, b';').unwrap_or((ct, ""));
    // Copied only when it needs lower-casing: most clients write it so.
    let mime = mime.trim();
    let mime = if may_hold_ascii_uppercase(mime.as_bytes()) {
        Cow::Owned(mime.to_ascii_lowercase())
    } else {
        Cow::Borrowed(mime)
    };
    (mime, params)
}

/// Whether a media type is `name`, compared without a call to `memcmp`
/// (see [`crate::swar::same`]).
fn media_is(mime: &str, name: &str) -> bool {
    crate::swar::same(mime.as_bytes(), name.as_bytes())
}

/// Whether a body longer than `limit` reached rasp cut at that size, and is
/// one the application reads as values: any type but the uploads, or one
/// that starts as a JSON or XML document whatever its type (as
/// [`parse_body`] reads it). Uploads are `multipart/form-data` and the
/// binary types the data-leak check does not scan (images, audio, video,
/// fonts, archives, PDFs, `application/octet-stream`): their files are not
/// judged anyway. An unknown type counts as values (`application/graphql`,
/// `application/x-ndjson`...). A limit of 0 reads no body, and none is cut.
pub(crate) fn is_oversized(req: &Request, limit: usize) -> bool {
    if limit == 0 || !req.body_truncated() || req.body.len() < limit {
        return false;
    }
    let (mime, _) = content_type(req);
    let (json, xml) = starts_as_document(&req.body);
    !media_is(&mime, "multipart/form-data")
        && (crate::engine::text_like(Some(&mime)) || json || xml)
}

/// Whether a body starts (after white space) as a JSON document (`{`, `[`)
/// and whether as an XML one (`<?xml`): such a body is read as one
/// whatever its declared type.
fn starts_as_document(body: &[u8]) -> (bool, bool) {
    let start = body
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(body.len());
    let rest = &body[start..];
    (
        matches!(rest.first(), Some(b'{' | b'[')),
        rest.starts_with(b"<?xml"),
    )
}

/// A body whose values are handed out one at a time as the checks read
/// them, rather than collected.
enum Deferred<'a> {
    Json(&'a [u8]),
    Xml(&'a [u8]),
}

/// Adds the targets of the body, or returns it as JSON or XML to walk.
fn parse_body<'a>(req: &'a Request, targets: &mut Vec<Target<'a>>) -> Option<Deferred<'a>> {
    let (mime, params) = content_type(req);
    let body: &'a [u8] = &req.body;
    if media_is(&mime, "application/json") || mime.ends_with("+json") {
        return Some(Deferred::Json(req.json_bytes()));
    }
    // Many handlers parse a body as JSON whatever its declared type (a
    // Lambda function's `serde_json::from_str(event.body())`, a handler
    // taking `Bytes`): a JSON document sent as `text/plain`, with no type or
    // as a form is walked as JSON too. Judged only as one raw text, its
    // other values outvoted a payload (`x' or '1'='1` in the twenty-first
    // value of a `text/plain` document passed).
    let (looks_like_json, declares_xml) = starts_as_document(body);
    if media_is(&mime, "application/x-www-form-urlencoded") {
        for (k, v) in form_pairs_of_bytes(body) {
            push_target(
                targets,
                Location::PostVariables,
                Cow::Borrowed(""),
                k.clone(),
            );
            push_target(targets, Location::PostValues, k, v);
        }
        return looks_like_json.then(|| Deferred::Json(req.json_bytes()));
    }
    if media_is(&mime, "multipart/form-data") {
        // `mime` (axum's and rocket's parser, through multer) takes the
        // first `boundary`; a parser that took the last would read other
        // parts. Each distinct boundary is read.
        let boundaries: Vec<String> = header_params(params)
            .into_iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("boundary"))
            .map(|(_, v)| v)
            .collect();
        let mut read = false;
        for (i, b) in boundaries.iter().enumerate() {
            if !boundaries[..i].contains(b) {
                read |= parse_multipart(body, b, targets, read);
            }
        }
        if read {
            return None;
        }
    }
    if looks_like_json {
        return Some(Deferred::Json(req.json_bytes()));
    }
    // As JSON: a document that declares itself XML is read as XML whatever
    // its type says.
    if media_is(&mime, "application/xml")
        || media_is(&mime, "text/xml")
        || mime.ends_with("+xml")
        || declares_xml
    {
        return Some(Deferred::Xml(body));
    }
    push_target(
        targets,
        Location::PostValues,
        Cow::Borrowed(""),
        String::from_utf8_lossy(body),
    );
    None
}

/// Parses `multipart/form-data`: each part that is not a file is a text
/// field whose content is judged, whatever its own `Content-Type` says (an
/// application reads a field declared `image/jpeg` as text all the same);
/// a file part contributes its file name only (file content is the
/// application's business, not an injection vector rasp can judge).
///
/// Where two parsers could read a body differently, rasp reads it both
/// ways, so that a payload is not hidden in the difference:
/// - multer (axum, rocket) ends a part only at CRLF and the delimiter; a
///   reader that takes bare LF line ends splits at LF too, so a body with a
///   delimiter after a bare LF is read both ways (a delimiter in the middle
///   of a line splits nothing: read as one, the field's text is whole);
/// - a part is a file only when both the strict reading of its
///   `Content-Disposition` (RFC 7578's parameters, quoted strings with
///   escapes, names in any case) and multer's lenient one (the first
///   `filename` after a space or `;`, lower case only) find a file name,
///   in every `Content-Disposition` of the part.
///
/// `again`: the body was read already with another boundary (see
/// [`multipart_parts`]). Returns false when the body does not look like
/// multipart at all.
fn parse_multipart<'a>(
    body: &'a [u8],
    boundary: &str,
    targets: &mut Vec<Target<'a>>,
    again: bool,
) -> bool {
    if boundary.is_empty() || boundary.len() > 200 {
        return false;
    }
    let delim = format!("\r\n--{boundary}");
    let Some(first) = find(body, &delim.as_bytes()[2..]) else {
        return false;
    };
    let rest = &body[first + delim.len() - 2..];
    let mut parts = multipart_parts(rest, delim.as_bytes(), targets, again);
    let bare_lf = &delim.as_bytes()[1..];
    if memchr::memmem::find_iter(rest, bare_lf).any(|i| i == 0 || rest[i - 1] != b'\r') {
        parts += multipart_parts(rest, bare_lf, targets, true);
    }
    parts > 0
}

/// Reads the parts of `rest` (the body after the first delimiter), each
/// ending where `delim` starts; the number of parts. `again`: the body was
/// read once already (another line end, another boundary), and a name read
/// then is not added twice (parameter pollution would see it repeated).
fn multipart_parts<'a>(
    mut rest: &'a [u8],
    delim: &[u8],
    targets: &mut Vec<Target<'a>>,
    again: bool,
) -> usize {
    let mut parts = 0;
    // The names read already, looked up in a set: a scan of the targets per
    // part was quadratic (256 KiB of small parts: 35 ms, criterion).
    let known: std::collections::HashSet<String> = if again {
        targets
            .iter()
            .filter(|t| t.location == Location::PostVariables)
            .map(|t| t.text.to_string())
            .collect()
    } else {
        Default::default()
    };
    while !rest.starts_with(b"--") && parts <= 10_000 {
        let rest_after_crlf = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .unwrap_or(rest);
        let end = find(rest_after_crlf, delim);
        let part = match end {
            Some(i) => &rest_after_crlf[..i],
            None => rest_after_crlf, // cut by the size limit: judge what is there
        };
        let (head, content) = match find(part, b"\r\n\r\n") {
            Some(i) => (&part[..i], &part[i + 4..]),
            None => match find(part, b"\n\n") {
                Some(i) => (&part[..i], &part[i + 2..]),
                None => (part, &b""[..]),
            },
        };
        let content = content
            .strip_suffix(b"\r\n")
            .or_else(|| content.strip_suffix(b"\n"))
            .or_else(|| content.strip_suffix(b"\r"))
            .unwrap_or(content);
        let head = String::from_utf8_lossy(head);
        let mut name = None;
        let mut filename = None;
        // A file by every reading of every `Content-Disposition`; a part
        // without one is a field.
        let mut is_file = None;
        for line in head.lines() {
            let Some((h, v)) = line.split_once(':') else {
                continue;
            };
            if h.trim().eq_ignore_ascii_case("content-disposition") {
                let params = header_params(v.split_once(';').map_or("", |(_, p)| p));
                let param = |key: &str| {
                    params
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case(key))
                        .map(|(_, v)| v.clone())
                };
                let strict = param("filename");
                is_file =
                    Some(is_file.unwrap_or(true) && strict.is_some() && multer_finds_filename(v));
                name = name.or_else(|| param("name"));
                filename = filename.or(strict);
            }
        }
        let name = name.unwrap_or_default();
        parts += 1;
        if !known.contains(&name) {
            push_target(
                targets,
                Location::PostVariables,
                Cow::Borrowed(""),
                Cow::Owned(name.clone()),
            );
        }
        if let Some(f) = filename {
            push_target(
                targets,
                Location::PostValues,
                Cow::Owned(name.clone()),
                Cow::Owned(f),
            );
        }
        if is_file != Some(true) {
            push_target(
                targets,
                Location::PostValues,
                Cow::Owned(name),
                String::from_utf8_lossy(content),
            );
        }
        match end {
            Some(i) => rest = &rest_after_crlf[i + delim.len()..],
            None => break,
        }
    }
    // Past the cap on parts, the rest is one raw text: a payload in the
    // ten-thousand-and-second part must not pass unread.
    if parts > 10_000 && !rest.starts_with(b"--") {
        push_target(
            targets,
            Location::PostValues,
            Cow::Borrowed(""),
            String::from_utf8_lossy(rest),
        );
    }
    parts
}

/// Header parameters (`boundary=x`, `name="a b"`; `params` is what follows
/// the value's first `;`), read as RFC 7578 and RFC 9110 say: `key=token`
/// or `key="quoted string"` with `\\` escapes, separated by `;` outside
/// quotes. Keys as written; a piece without `=` is skipped.
fn header_params(params: &str) -> Vec<(String, String)> {
    let b = params.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        while b
            .get(i)
            .is_some_and(|c| c.is_ascii_whitespace() || *c == b';')
        {
            i += 1;
        }
        let key_start = i;
        while b.get(i).is_some_and(|&c| c != b'=' && c != b';') {
            i += 1;
        }
        let key = params[key_start..i].trim();
        if b.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while b.get(i).is_some_and(|c| c.is_ascii_whitespace()) {
            i += 1;
        }
        let mut value = String::new();
        if b.get(i) == Some(&b'"') {
            let mut chars = params[i + 1..].char_indices();
            let mut end = params.len();
            while let Some((k, c)) = chars.next() {
                match c {
                    '"' => {
                        end = i + 1 + k + 1;
                        break;
                    }
                    '\\' => value.extend(chars.next().map(|(_, e)| e)),
                    c => value.push(c),
                }
            }
            // What follows the closing quote up to the next `;` is noise.
            i = end;
            while b.get(i).is_some_and(|&c| c != b';') {
                i += 1;
            }
        } else {
            let start = i;
            while b.get(i).is_some_and(|&c| c != b';') {
                i += 1;
            }
            value.push_str(params[start..i].trim());
        }
        if !key.is_empty() {
            out.push((key.to_string(), value));
        }
    }
    out
}

/// Whether multer (axum's and rocket's multipart parser) finds a file name
/// in a `Content-Disposition` value: it takes the first `filename`, in lower
/// case, that follows the start, a space or a `;` (even inside a quoted
/// name), and then needs an `=` (else there is none), and a closing quote
/// when the value is quoted.
fn multer_finds_filename(v: &str) -> bool {
    let b = v.as_bytes();
    for i in memchr::memmem::find_iter(b, b"filename") {
        if i > 0 && !(b[i - 1].is_ascii_whitespace() || b[i - 1] == b';') {
            continue;
        }
        let mut j = i + "filename".len();
        while b.get(j).is_some_and(|c| c.is_ascii_whitespace()) {
            j += 1;
        }
        if b.get(j) != Some(&b'=') {
            return false;
        }
        j += 1;
        while b.get(j).is_some_and(|c| c.is_ascii_whitespace()) {
            j += 1;
        }
        if b.get(j) != Some(&b'"') {
            return true;
        }
        // A closing quote: one not after a backslash.
        let mut k = j + 1;
        return loop {
            match memchr::memchr(b'"', &b[k..]) {
                Some(q) if b[k + q - 1] == b'\\' => k += q + 1,
                Some(_) => break true,
                None => break false,
            }
        };
    }
    false
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// Percent-decodes the path (repeatedly), folds `\` to `/`, collapses `//`
/// and resolves `.` and `..`, so that `/css/../admin`, `//admin` and `/%61dmin`
/// are all judged as `/admin` by path-based rules.
pub(crate) fn clean_path(path: &str) -> Cow<'_, str> {
    let decoded = decode::normalize(path);
    // One pass over the bytes (`str::contains` with a string needle builds a
    // searcher per call: a thousand instructions on a short path).
    let b = decoded.as_bytes();
    let needs = b.first() != Some(&b'/')
        || b.iter()
            .enumerate()
            .any(|(i, &c)| c == b'\\' || (c == b'/' && matches!(b.get(i + 1), Some(b'/' | b'.'))));
    if !needs {
        return decoded;
    }
    let mut out: Vec<&str> = Vec::new();
    let replaced = decoded.replace('\\', "/");
    for seg in replaced.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    let mut s = String::with_capacity(replaced.len() + 1);
    for seg in &out {
        s.push('/');
        s.push_str(seg);
    }
    if s.is_empty() || (replaced.ends_with('/') && !s.ends_with('/')) {
        s.push('/');
    }
    Cow::Owned(s)
}

/// `application/x-www-form-urlencoded` pairs, as `form_urlencoded::parse`
/// gives them (split on `&`, empty pieces skipped, name and value split at
/// the first `=`, `+` as a space, `%XX` decoded, invalid UTF-8 replaced),
/// but a name or value with nothing to decode is borrowed from the input:
/// callgrind showed the crate's per-piece decoding and lossy conversion as a
/// quarter of the cost of a small GET.
fn form_pairs(input: &str) -> impl Iterator<Item = (Cow<'_, str>, Cow<'_, str>)> {
    // `&` and `=` are ASCII, so the ranges fall on character boundaries.
    form_pieces(input.as_bytes()).map(|p| {
        (
            form_decode(&input[p.name], p.name_escaped),
            form_decode(&input[p.value], p.value_escaped),
        )
    })
}

/// Form pairs of a body that may not be UTF-8. When it is not, each piece is
/// decoded as bytes before the UTF-8 check, as the application's parser
/// does: a raw lead byte and a `%XX` continuation make one character. An
/// iterator, not a list: the targets are the one list (callgrind, the
/// form POST of `profile form`: a `Vec` of pairs then copied was 4 % of it).
fn form_pairs_of_bytes(body: &[u8]) -> impl Iterator<Item = (Cow<'_, str>, Cow<'_, str>)> {
    let text = std::str::from_utf8(body).ok();
    form_pieces(body).map(move |p| match text {
        Some(t) => (
            form_decode(&t[p.name], p.name_escaped),
            form_decode(&t[p.value], p.value_escaped),
        ),
        None => (
            form_decode_bytes(&body[p.name]),
            form_decode_bytes(&body[p.value]),
        ),
    })
}

/// Where a form piece's name and value are, and whether each holds a `+` or
/// a `%` (and so needs decoding).
struct FormPiece {
    name: Range<usize>,
    value: Range<usize>,
    name_escaped: bool,
    value_escaped: bool,
}

/// The bytes [`form_pieces`] stops at; every other byte is skipped by one
/// table lookup.
const FORM_SPECIAL: [bool; 256] = crate::byte_class::set_of(b"&=+%");

/// Where the names and values of a form are: pieces between `&`, empty
/// ones skipped, split at the first `=` (no `=`: an empty value). One pass
/// over the bytes finds the separators and the escapes together: a split at
/// `&`, a search for `=` and one for `+`/`%` in each half read a query
/// string three times (callgrind, `profile get`: ~770 of the 1,500
/// instructions that made the GET's targets; ~460 in one pass).
fn form_pieces(input: &[u8]) -> impl Iterator<Item = FormPiece> + '_ {
    let mut pos = 0;
    std::iter::from_fn(move || {
        while pos < input.len() {
            let start = pos;
            let mut eq = None;
            let mut escaped = [false; 2];
            let mut i = pos;
            while let Some(&c) = input.get(i) {
                if FORM_SPECIAL[usize::from(c)] {
                    match c {
                        b'&' => break,
                        b'=' if eq.is_none() => eq = Some(i),
                        b'+' | b'%' => escaped[usize::from(eq.is_some())] = true,
                        _ => {}
                    }
                }
                i += 1;
            }
            pos = i + 1;
            if i == start {
                continue;
            }
            return Some(match eq {
                Some(e) => FormPiece {
                    name: start..e,
                    value: e + 1..i,
                    name_escaped: escaped[0],
                    value_escaped: escaped[1],
                },
                None => FormPiece {
                    name: start..i,
                    value: i..i,
                    name_escaped: escaped[0],
                    value_escaped: false,
                },
            });
        }
        None
    })
}

/// A form piece decoded; borrowed when [`form_pieces`] found no escape in it.
fn form_decode(raw: &str, escaped: bool) -> Cow<'_, str> {
    if !escaped {
        return Cow::Borrowed(raw);
    }
    Cow::Owned(form_decode_bytes(raw.as_bytes()).into_owned())
}

/// `+` as a space and `%XX` decoded, then invalid UTF-8 replaced; borrowed
/// when there was nothing to decode or replace.
fn form_decode_bytes(raw: &[u8]) -> Cow<'_, str> {
    let Some(first) = raw.iter().position(|&c| c == b'+' || c == b'%') else {
        return String::from_utf8_lossy(raw);
    };
    // A byte at a time after the first escape: form text has a `+` every
    // few bytes, and copying the runs between them (a search and a `memcpy`
    // call each) cost more than the bytes (callgrind: 1,300 instructions
    // for `Great+shop%2C+thanks%21`).
    // Decoded in place in a copy: the text only shrinks, so each byte is
    // written at or before where it was read, and no write checks for room
    // as a `push` does (callgrind, `profile form`: 916 -> 827 instructions
    // for its four escaped pieces).
    let mut out = raw.to_vec();
    let mut i = first;
    let mut n = first;
    while let Some(&c) = out.get(i) {
        let (byte, len) = match c {
            b'+' => (b' ', 1),
            b'%' => match (hex_value(out.get(i + 1)), hex_value(out.get(i + 2))) {
                (Some(hi), Some(lo)) => (hi << 4 | lo, 3),
                _ => (b'%', 1),
            },
            c => (c, 1),
        };
        out[n] = byte;
        n += 1;
        i += len;
    }
    out.truncate(n);
    Cow::Owned(match String::from_utf8(out) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// The value of a hexadecimal digit.
fn hex_value(c: Option<&u8>) -> Option<u8> {
    match *c? {
        c @ b'0'..=b'9' => Some(c - b'0'),
        c @ b'a'..=b'f' => Some(c - b'a' + 10),
        c @ b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn form_pairs_match_the_form_urlencoded_crate(
            input in proptest::collection::vec(
                proptest::sample::select(b"ab=&+%2Fz0\xff\xc3\xa9 Cc".to_vec()),
                0..40,
            )
        ) {
            let ours: Vec<(String, String)> = form_pairs_of_bytes(&input)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            let theirs: Vec<(String, String)> = form_urlencoded::parse(&input)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            proptest::prop_assert_eq!(ours, theirs);
        }
    }

    proptest::proptest! {
        #[test]
        fn ascii_splits_agree_with_str_splits(s in "[a/;=é\\.]{0,24}") {
            for sep in [b'/', b';', b'='] {
                let theirs: Vec<&str> = s.split(char::from(sep)).collect();
                let ours: Vec<&str> = split_ascii(&s, sep).collect();
                proptest::prop_assert_eq!(ours, theirs);
                proptest::prop_assert_eq!(split_once_ascii(&s, sep), s.split_once(char::from(sep)));
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn uppercase_test_never_misses_a_capital(b in proptest::collection::vec(proptest::num::u8::ANY, 0..40)) {
            let ascii_capital = b.iter().any(u8::is_ascii_uppercase);
            let past_ascii = b.iter().any(|c| !c.is_ascii());
            let answer = may_hold_ascii_uppercase(&b);
            proptest::prop_assert!(!ascii_capital || answer);
            // And it says so only for a capital or a byte past ASCII.
            proptest::prop_assert!(!answer || ascii_capital || past_ascii);
        }
    }

    /// Two values that are not UTF-8 alone but are together (a lead byte
    /// ending one, its continuation starting the next, an empty name
    /// between): the whole text passed the UTF-8 check, and slicing the
    /// first value panicked (found by the proptest below).
    #[test]
    fn a_character_split_across_two_values_is_replaced_not_sliced() {
        let mut r = Request::new("GET", "/", ip());
        r.push_headers_bytes([("x-a", &b"\xc3"[..]), ("", &b"\x80"[..])]);
        assert_eq!(
            r.headers().collect::<Vec<_>>(),
            [("x-a", "\u{fffd}"), ("", "\u{fffd}")]
        );
        assert_eq!(r.header("x-a"), Some("\u{fffd}"));
    }

    proptest::proptest! {
        /// Headers added together make the request that adding them one by
        /// one makes, bytes that are not UTF-8 included.
        #[test]
        fn headers_added_together_are_added_as_one_by_one(
            headers in proptest::collection::vec(
                (
                    proptest::sample::select(vec!["Host", "cookie", "X-Token", "", "\u{e9}T"]),
                    proptest::collection::vec(
                        proptest::sample::select(b"aZ =;\xff\xc3\xa9\x80".to_vec()),
                        0..12,
                    ),
                ),
                0..6,
            ),
            already in proptest::bool::ANY,
        ) {
            let start = || {
                let r = Request::new("GET", "/a?b=c", ip());
                if already { r.with_header("Accept", "*/*") } else { r }
            };
            let mut one_by_one = start();
            for (n, v) in &headers {
                one_by_one.push_header_bytes(n, v);
            }
            let mut together = start();
            together.push_headers_bytes(headers.iter().map(|(n, v)| (*n, v.as_slice())));
            proptest::prop_assert_eq!(
                together.headers().collect::<Vec<_>>(),
                one_by_one.headers().collect::<Vec<_>>()
            );
            proptest::prop_assert_eq!(
                (together.method(), together.path(), together.query()),
                ("GET", "/a", "b=c")
            );
        }
    }

    proptest::proptest! {
        /// The cookie trimming's shortcut trims as `trim` then
        /// `trim_matches` do.
        #[test]
        fn trimmed_trims_as_str_does(s in "[ a\"\u{a0}\u{3000}\t=x]{0,8}") {
            proptest::prop_assert_eq!(trimmed(&s, b"\""), s.trim().trim_matches('"'));
            proptest::prop_assert_eq!(trimmed(&s, b""), s.trim());
        }
    }

    #[test]
    fn path_and_query_apart_make_the_same_request() {
        for (target, path, query) in [
            (
                "/search?q=red+shoes&page=2",
                "/search",
                "q=red+shoes&page=2",
            ),
            ("/", "/", ""),
            ("/a?", "/a", ""),
            ("/a?b?c#d", "/a", "b?c#d"),
        ] {
            let joined = Request::new("GET", target, ip());
            let apart = Request::from_path_and_query("GET", path, query, ip());
            assert_eq!(
                (apart.method(), apart.path(), apart.query()),
                (joined.method(), joined.path(), joined.query()),
                "{target}"
            );
        }
        assert_eq!(
            Request::from_path_and_query("GET", "", "", ip()).path(),
            "/"
        );
    }

    #[test]
    fn uppercase_test_on_header_names() {
        for name in [
            "host",
            "user-agent",
            "x-forwarded-for",
            "content-type",
            "",
            "@[`{",
        ] {
            assert!(!may_hold_ascii_uppercase(name.as_bytes()), "{name}");
        }
        for name in [
            "Host",
            "user-Agent",
            "x-forwarded-foR",
            "content-typeZ",
            "A",
            "\u{e9}",
        ] {
            assert!(may_hold_ascii_uppercase(name.as_bytes()), "{name}");
        }
        let r = Request::new("GET", "/", ip()).with_header("X-Long-Header-Name-Past-Eight", "v");
        assert_eq!(r.header("x-long-header-name-past-eight"), Some("v"));
        assert_eq!(
            r.headers().next(),
            Some(("x-long-header-name-past-eight", "v"))
        );
    }

    #[test]
    fn response_headers_keep_order_and_lower_case_names() {
        let r = Response::new(200)
            .with_header("Content-Type", "text/HTML")
            .with_header("X-Two", "a")
            .with_header("x-two", "b");
        assert_eq!(r.header("content-type"), Some("text/HTML"));
        assert_eq!(r.header("X-TWO"), Some("a"));
        assert_eq!(r.header("server"), None);
        let all: Vec<_> = r.headers().collect();
        assert_eq!(
            all,
            [
                ("content-type", "text/HTML"),
                ("x-two", "a"),
                ("x-two", "b")
            ]
        );
        assert_eq!(Response::new(204).headers().len(), 0);
    }

    #[test]
    fn form_pairs_borrow_what_needs_no_decoding() {
        let pairs: Vec<_> = form_pairs("q=red&size=42&x=a+b%21").collect();
        assert!(matches!(pairs[0].1, Cow::Borrowed("red")));
        assert!(matches!(pairs[1].0, Cow::Borrowed("size")));
        assert_eq!(pairs[2].1, "a b!");
        // A raw lead byte completed by a percent-encoded continuation byte.
        let split: Vec<_> = form_pairs_of_bytes(&[0xC3, b'%', b'a', b'2']).collect();
        assert_eq!(split[0].0, "\u{e2}");
    }

    use super::*;

    fn ip() -> IpAddr {
        "127.0.0.1".parse().unwrap()
    }

    /// Every target of `p`, JSON ones included.
    fn all<'a>(p: &Parsed<'a>) -> Vec<Target<'a>> {
        let mut out = p.targets.clone();
        assert!(p.for_each_json_target(
            &[0; 256],
            |_, _| false,
            |t| {
                out.push(t.clone());
                true
            }
        ));
        out
    }

    fn names<'p>(p: &'p Parsed<'_>) -> Vec<&'p str> {
        p.parameter_names().map(|(n, _)| n).collect()
    }

    fn texts(p: &Parsed<'_>, loc: Location) -> Vec<String> {
        all(p)
            .iter()
            .filter(|t| t.location == loc)
            .map(|t| t.text.to_string())
            .collect()
    }

    #[test]
    fn headers_keep_order_lower_case_names_and_replace_bad_bytes() {
        let mut r = Request::new("PATCH", "/a/b?x=1", ip());
        r.push_header("X-Token", "Abc");
        r.push_header_bytes("Cookie", b"k=v\xff;");
        r.push_header("x-token", "second");
        r.push_header("Empty", "");
        assert_eq!(r.method(), "PATCH");
        assert_eq!(r.path(), "/a/b");
        assert_eq!(r.query(), "x=1");
        assert_eq!(
            r.headers().collect::<Vec<_>>(),
            [
                ("x-token", "Abc"),
                ("cookie", "k=v\u{fffd};"),
                ("x-token", "second"),
                ("empty", "")
            ]
        );
        assert_eq!(r.header("X-TOKEN"), Some("Abc"));
        assert_eq!(
            r.headers_named("x-token").collect::<Vec<_>>(),
            ["Abc", "second"]
        );
        assert_eq!(r.header("missing"), None);
        assert_eq!(Request::new("GET", "", ip()).path(), "/");
        assert!(format!("{r:?}").contains("\"x-token\", \"Abc\""));
    }

    #[test]
    fn query_keeps_repeats_in_order_and_plus() {
        let r = Request::new("GET", "/a/b?x=1&y=a+b&x=2", ip());
        let p = Parsed::parse(&r);
        assert_eq!(texts(&p, Location::QsValues), ["1", "a b", "2"]);
        assert_eq!(names(&p), ["x", "y", "x"]);
        assert_eq!(texts(&p, Location::Path), ["a", "b"]);
    }

    #[test]
    fn absolute_target() {
        let r = Request::new("GET", "http://example.com/p?q=1", ip());
        assert_eq!(r.path(), "/p");
        assert_eq!(r.query(), "q=1");
        assert_eq!(Request::new("GET", "http://example.com", ip()).path(), "/");
    }

    #[test]
    fn form_json_multipart_raw() {
        let r = Request::new("POST", "/", ip())
            .with_header("Content-Type", "application/x-www-form-urlencoded")
            .with_body("name=O%27Brien&note=a+b", false);
        let p = Parsed::parse(&r);
        assert_eq!(texts(&p, Location::PostValues), ["O'Brien", "a b"]);

        let r = Request::new("POST", "/", ip())
            .with_header("Content-Type", "application/json; charset=utf-8")
            .with_body(
                r#"{"user": {"name": "x", "tags": ["a", {"deep": "y"}]}, "n": 3}"#,
                false,
            );
        let p = Parsed::parse(&r);
        assert_eq!(texts(&p, Location::JsonValues), ["x", "a", "y"]);
        assert_eq!(
            texts(&p, Location::JsonKeys),
            ["user", "name", "tags", "deep", "n"]
        );
        let deep = all(&p).into_iter().find(|t| t.text == "y").unwrap();
        assert_eq!(
            r.json_path(deep.json_at).as_deref(),
            Some("user.tags[1].deep")
        );
        let key = all(&p).into_iter().find(|t| t.text == "name").unwrap();
        assert_eq!(r.json_path(key.json_at).as_deref(), Some("user.name"));

        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nhello\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\x7fPNG\r\n--XyZ--\r\n";
        let r = Request::new("POST", "/", ip())
            .with_header("Content-Type", "multipart/form-data; boundary=XyZ")
            .with_body(body, false);
        let p = Parsed::parse(&r);
        assert_eq!(texts(&p, Location::PostValues), ["hello", "a.png"]);
        assert_eq!(names(&p), ["title", "file"]);

        let r = Request::new("POST", "/", ip())
            .with_header("Content-Type", "text/plain")
            .with_body("just text", false);
        assert_eq!(
            texts(&Parsed::parse(&r), Location::PostValues),
            ["just text"]
        );
    }

    #[test]
    fn header_params_read_quoted_strings() {
        let p =
            header_params(r#" name="a; b"; filename = "x\"y.png" ;x=tok en; junk; FileName="z""#);
        let p: Vec<(&str, &str)> = p.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            p,
            [
                ("name", "a; b"),
                ("filename", "x\"y.png"),
                ("x", "tok en"),
                ("FileName", "z")
            ]
        );
        assert_eq!(
            header_params(r#"name="unclosed; filename=x"#)[0].1,
            "unclosed; filename=x"
        );
        assert!(header_params("").is_empty());
    }

    #[test]
    fn multer_file_names_as_multer_finds_them() {
        for (v, found) in [
            (r#"form-data; name="a"; filename="x.png""#, true),
            (r#"form-data; name="a"; filename=x.png"#, true),
            (r#"form-data; name="a"; filename="""#, true),
            (r#"form-data; name="a"; FileName="x.png""#, false),
            (r#"form-data; name="a"; filename*=UTF-8''x.png"#, false),
            (r#"form-data; name="a filename"; filename="x.png""#, false),
            (r#"form-data; name="a; filename=x""#, true),
            (r#"form-data; name="a"; xfilename="x""#, false),
            (r#"form-data; name="a"; filename="x\""#, false),
        ] {
            assert_eq!(multer_finds_filename(v), found, "{v}");
        }
    }

    #[test]
    fn broken_json_is_raw_text_from_where_it_breaks() {
        let r = Request::new("POST", "/", ip())
            .with_header("Content-Type", "application/json")
            .with_body(r#"{"a": "' or 1=1 --"#, true);
        let p = Parsed::parse(&r);
        assert_eq!(texts(&p, Location::JsonKeys), ["a"]);
        assert_eq!(texts(&p, Location::PostValues), ["' or 1=1 --"]);

        let r = Request::new("POST", "/", ip())
            .with_header("Content-Type", "application/json")
            .with_body("not json at all", false);
        let p = Parsed::parse(&r);
        assert_eq!(texts(&p, Location::PostValues), ["not json at all"]);

        // Valid, then garbage after the document.
        let r = Request::new("POST", "/", ip())
            .with_header("Content-Type", "application/json")
            .with_body(r#"{"a": "x"} <script>"#, false);
        let p = Parsed::parse(&r);
        assert_eq!(texts(&p, Location::JsonValues), ["x"]);
        assert_eq!(texts(&p, Location::PostValues), ["} <script>"]);
    }

    #[test]
    fn json_cut_by_the_size_limit_keeps_its_values() {
        // Cut inside the 2-byte `é` of the last value.
        let full = r#"{"items": [{"note": "O'Brien's"}, {"note": "café"}]}"#;
        let cut = &full.as_bytes()[..full.find('é').unwrap() + 1];
        let r = Request::new("POST", "/", ip())
            .with_header("Content-Type", "application/json")
            .with_body(cut.to_vec(), true);
        let p = Parsed::parse(&r);
        assert_eq!(texts(&p, Location::JsonKeys), ["items", "note", "note"]);
        assert_eq!(texts(&p, Location::JsonValues), ["O'Brien's"]);
        // Only the unfinished string's text, not the structure before it.
        assert_eq!(texts(&p, Location::PostValues), ["caf"]);
        let v = all(&p).into_iter().find(|t| t.text == "O'Brien's").unwrap();
        assert_eq!(r.json_path(v.json_at).as_deref(), Some("items[0].note"));
        // Cut after each byte of a 3- and a 4-byte character: the bytes of
        // the unfinished character are dropped, a whole one is kept.
        for ch in ["€", "𝄞"] {
            let full = format!(r#"{{"a": "x{ch}"#);
            for keep in 1..=ch.len() {
                let cut = &full.as_bytes()[..full.len() - ch.len() + keep];
                let r = Request::new("POST", "/", ip())
                    .with_header("Content-Type", "application/json")
                    .with_body(cut.to_vec(), true);
                let want = if keep == ch.len() {
                    format!("x{ch}")
                } else {
                    "x".into()
                };
                assert_eq!(
                    r.json_bytes().len(),
                    cut.len() - if keep == ch.len() { 0 } else { keep }
                );
                assert_eq!(texts(&Parsed::parse(&r), Location::PostValues), [want]);
            }
        }
    }

    #[test]
    fn the_tail_of_a_cut_json_body_is_read_as_json() {
        let cut = |body: &str| {
            let r = Request::new("POST", "/", ip())
                .with_header("Content-Type", "application/json")
                .with_body(body.to_owned(), true);
            texts(&Parsed::parse(&r), Location::PostValues)
        };
        // Structure only (rocket's 512-byte peek ended at `{"id":7,"`).
        assert!(cut(r#"{"items":[{"id":6,"n":"a"},{"id":7,""#).is_empty());
        assert!(cut(r#"{"a": [1, 2.5e3, true, nul"#).is_empty());
        // An unfinished value or key is judged, escapes and all.
        assert_eq!(cut(r#"{"a": "x\" or 1=1 --"#), [r#"x\" or 1=1 --"#]);
        assert_eq!(cut(r#"{"a": 1, "x' or "#), ["x' or "]);
        // Not JSON before the cut: the whole rest, as before.
        assert_eq!(
            cut(r#"{"a": 1, x' or 1=1 -- "b"#),
            [r#": 1, x' or 1=1 -- "b"#]
        );
        // (a missing comma is not told apart: the string's text is judged)
        assert_eq!(cut(r#"{"a": "b" "c"#), ["c"]);
        // An uncut body that ends early is judged whole too.
        let r = Request::new("POST", "/", ip())
            .with_header("Content-Type", "application/json")
            .with_body(r#"{"id":7,""#, false);
        assert_eq!(texts(&Parsed::parse(&r), Location::PostValues), [r#":7,""#]);
    }

    #[test]
    fn deep_json_is_walked_to_a_bound() {
        let json = |depth: usize| {
            let body = "[".repeat(depth) + "\"x\"" + &"]".repeat(depth);
            Request::new("POST", "/", ip())
                .with_header("Content-Type", "application/json")
                .with_body(body, false)
        };
        let walked = |r: &Request| {
            let p = Parsed::parse(r);
            let mut seen = vec![];
            p.for_each_json_target(
                &[0; 256],
                |_, _| false,
                |t| {
                    seen.push((t.text.to_string(), t.location, t.json_depth));
                    true
                },
            );
            seen
        };
        for (depth, byte) in [(100, 100), (1000, u8::MAX), (MAX_JSON_DEPTH, u8::MAX)] {
            let r = json(depth);
            assert_eq!(walked(&r), [("x".to_string(), Location::JsonValues, byte)]);
            // Its path in events names the first levels only.
            let path = r.json_path(depth).unwrap();
            assert!(
                path.starts_with("[0][0]") && path.ends_with("..."),
                "{path}"
            );
            assert!(path.len() < 200);
        }
        // Deeper: one raw text.
        let raw = walked(&json(MAX_JSON_DEPTH + 1));
        assert_eq!(raw.len(), 1);
        assert_eq!(raw[0].1, Location::PostValues);
    }

    #[test]
    fn cookies_ua_referer() {
        let r = Request::new("GET", "/", ip())
            .with_header("Cookie", "a=1; b=\"two\"")
            .with_header("User-Agent", "curl/8")
            .with_header("Referer", "http://x/");
        let p = Parsed::parse(&r);
        assert_eq!(texts(&p, Location::Cookies), ["1", "two"]);
        assert_eq!(texts(&p, Location::UserAgent), ["curl/8"]);
        assert_eq!(texts(&p, Location::Referer), ["http://x/"]);
        let r = Request::new("GET", "/", ip())
            .with_header("X-Forwarded-For", "203.0.113.7, 10.0.0.1")
            .with_header("X-Real-IP", "203.0.113.7")
            .with_header("Forwarded", "for=203.0.113.7;proto=https")
            .with_header("Accept-Language", "fr");
        let p = Parsed::parse(&r);
        assert_eq!(
            texts(&p, Location::HeadersValues),
            [
                "203.0.113.7, 10.0.0.1",
                "203.0.113.7",
                "for=203.0.113.7;proto=https"
            ]
        );
    }

    #[test]
    fn prefix_of_chunks() {
        let one = Bytes::from_static(b"abc");
        assert_eq!(
            body_prefix(std::slice::from_ref(&one), 3).as_ptr(),
            one.as_ptr()
        );
        let chunks = [Bytes::from_static(b"abc"), Bytes::from_static(b"def")];
        assert_eq!(body_prefix(&chunks, 4), "abcd");
        assert_eq!(body_prefix(&chunks, 10), "abcdef");
        assert_eq!(body_prefix(&[], 10), "");
    }

    #[test]
    fn path_cleaning() {
        assert_eq!(clean_path("/a/b"), "/a/b");
        assert_eq!(clean_path("/css/../admin"), "/admin");
        assert_eq!(clean_path("//admin"), "/admin");
        assert_eq!(clean_path("/%61dmin"), "/admin");
        assert_eq!(clean_path("/%2e%2e/%2e%2e/etc"), "/etc");
        assert_eq!(clean_path("/a\\..\\admin/"), "/admin/");
        assert_eq!(clean_path("/.git/config"), "/.git/config");
    }
}
