//! Data-leak prevention on response bodies: each kind of secret behind its
//! own `DLP_*` switch. Patterns are compiled once per configuration; each has
//! a cheap byte pre-filter so that a body without, say, `PRIVATE KEY` never
//! runs the private-key regex.

use memchr::memmem;
use regex::bytes::Regex;

use crate::config::Config;

/// What leaked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LeakKind {
    Phone,
    Card,
    PrivateKey,
    Hash,
    WindowsCreds,
    LinuxCreds,
}

impl LeakKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LeakKind::Phone => "phone number",
            LeakKind::Card => "card number",
            LeakKind::PrivateKey => "private key",
            LeakKind::Hash => "hash",
            LeakKind::WindowsCreds => "windows credentials",
            LeakKind::LinuxCreds => "linux credentials",
        }
    }
}

#[derive(Debug)]
struct Rule {
    kind: LeakKind,
    re: Regex,
    /// Every match contains one of these, checked before the regex runs
    /// (none: no such check). Searchers built once: building one costs more
    /// than searching a small page with it (callgrind).
    needles: Vec<memmem::Finder<'static>>,
    /// The byte every needle starts with, when they share one: a page
    /// without it is cleared by one `memchr`.
    first: Option<u8>,
    /// A check every page with a match passes, run before the regex (in
    /// place of needles when no fixed string will do).
    precheck: fn(&[u8], &Hints) -> bool,
}

/// The compiled data-leak rules of a configuration.
#[derive(Debug, Default)]
pub(crate) struct DataLeak {
    rules: Vec<Rule>,
    /// Card numbers, found by `card_number` (a linear scan and Luhn).
    cards: bool,
    /// Bare MD5/SHA-1/SHA-256/SHA-512 hex digests, found by `hex_digest`.
    digests: bool,
}

impl DataLeak {
    pub fn new(cfg: &Config) -> Self {
        let mut rules = Vec::new();
        let mut add = |on: bool,
                       kind,
                       pattern: &str,
                       needles: &'static [&'static [u8]],
                       precheck: fn(&[u8], &Hints) -> bool| {
            if on {
                // The patterns are constants of this file, covered by tests.
                let re = Regex::new(pattern).expect("built-in DLP pattern");
                let first = needles.first().and_then(|n| n.first().copied());
                let first = first.filter(|&b| needles.iter().all(|n| n.first() == Some(&b)));
                rules.push(Rule {
                    kind,
                    re,
                    needles: needles.iter().map(memmem::Finder::new).collect(),
                    first,
                    precheck,
                });
            }
        };
        add(
            cfg.dlp_private_keys,
            LeakKind::PrivateKey,
            r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----",
            &[b"PRIVATE KEY"],
            |_, _| true,
        );
        add(
            cfg.dlp_windows_creds,
            LeakKind::WindowsCreds,
            // pwdump / secretsdump: user:rid:LMHASH:NTHASH:::
            r"(?m)(?:^|\\n)[^:\s]{1,64}:\d{1,10}:[0-9A-Fa-f]{32}:[0-9A-Fa-f]{32}:::",
            &[],
            |body, hints| line_starts(body, hints).any(pwdump_line_start),
        );
        add(
            cfg.dlp_linux_creds,
            LeakKind::LinuxCreds,
            // passwd: name:x:uid:gid:gecos:home:shell ; shadow: name:$id$salt$hash:...
            r#"(?m)(?:^|\\n)[a-z_][a-z0-9_.-]{0,31}:(?:[x*!]?:\d{1,10}:\d{1,10}:[^:\n]*:/[^:\n]*:/[^:\n\s\\"]*|\$(?:1|2[aby]?|5|6|y|7)\$[^:\n]{8,}:\d*:)"#,
            &[],
            |body, hints| line_starts(body, hints).any(passwd_line_start),
        );
        add(
            cfg.dlp_hashes,
            LeakKind::Hash,
            // bcrypt / crypt(3) hashes; bare hex digests are found by `hex_digest`.
            r"\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}|\$(?:1|5|6)\$[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{22,86}",
            // Not the needle `$`: prices put it on many pages.
            &[],
            |body, _| crypt_prefix(body),
        );
        add(
            cfg.dlp_phone_numbers,
            LeakKind::Phone,
            // Boundaries (no digit or `+` just before, no digit just after) are
            // checked on each match: a boundary group in the pattern would
            // keep the regex engine off its fast literal search.
            r"\+[1-9][0-9]{0,2}[ .-]?(?:\(?[0-9]{1,4}\)?[ .-]?){2,4}[0-9]{2,4}|\(?[2-9][0-9]{2}\)?[ .-][2-9][0-9]{2}[ .-][0-9]{4}",
            &[],
            |body, _| phone_shape(body),
        );
        DataLeak {
            rules,
            cards: cfg.dlp_cc_numbers,
            digests: cfg.dlp_hashes,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty() && !self.cards && !self.digests
    }

    /// The first leak found in `body`, with the matched text. `escapes`: the
    /// body is JSON or JavaScript (its strings' `\n` escapes end lines).
    pub fn scan(&self, body: &[u8], escapes: bool) -> Option<(LeakKind, String)> {
        let hints = Hints::of(body, escapes);
        for r in &self.rules {
            if !hints.may_hold(r.kind) {
                continue;
            }
            if !r.needles.is_empty() && !r.holds_a_needle(body) {
                continue;
            }
            if !(r.precheck)(body, &hints) {
                continue;
            }
            for m in r.re.find_iter(body) {
                if r.kind == LeakKind::Phone && !phone_bounded(body, m.start(), m.end()) {
                    continue;
                }
                let text = String::from_utf8_lossy(m.as_bytes());
                let text = text.strip_prefix("\\n").unwrap_or(&text);
                return Some((r.kind, text.trim().to_string()));
            }
        }
        if self.cards && hints.may_hold(LeakKind::Card) {
            if let Some(c) = card_number(body) {
                return Some((LeakKind::Card, c));
            }
        }
        // A 32-hex-digit digest without a single decimal digit has odds of
        // about (6/16)^32: digests come with digits.
        if self.digests && hints.digits >= 4 {
            if let Some(h) = hex_digest(body) {
                return Some((LeakKind::Hash, h));
            }
        }
        None
    }
}

/// A 13-19 digit number, in groups separated by single spaces or dashes,
/// not part of a longer number, that passes the Luhn check.
fn card_number(body: &[u8]) -> Option<String> {
    const MIN: usize = 13;
    let card_byte = |c: u8| c.is_ascii_digit() || c == b' ' || c == b'-';
    let mut i = 0;
    while i < body.len() {
        // A card number spans at least 13 bytes, digits and single
        // separators: when the 13th byte from here is neither, or is a
        // separator after a byte that is no digit, none starts before it
        // (a JSON page's spaces are mostly before a quote). Otherwise a
        // card starting here or after covers it, so none starts before the
        // run of such bytes that ends there: the scan goes on from that
        // run's start, not from the next byte (it read a JSON page's
        // numbers and spaces a byte at a time, ~1,700 instructions a KiB,
        // callgrind, actix demo's 1 KiB echo).
        let probe = i + MIN - 1;
        let Some(&c) = body.get(probe) else {
            break;
        };
        if !card_byte(c) || !c.is_ascii_digit() && !body[probe - 1].is_ascii_digit() {
            i = probe + 1;
            continue;
        }
        let mut start = probe;
        while start > i && card_byte(body[start - 1]) {
            start -= 1;
        }
        i = start;
        match card_at(body, i) {
            Ok(card) => return Some(card),
            Err(next) => i = next,
        }
    }
    None
}

/// The card number that starts at `i`, or the index to go on from.
fn card_at(body: &[u8], i: usize) -> Result<String, usize> {
    if !body[i].is_ascii_digit() || (i > 0 && (body[i - 1].is_ascii_digit() || body[i - 1] == b'.'))
    {
        return Err(i + 1);
    }
    // Read digits and single separators.
    let start = i;
    let mut digits = 0;
    let mut j = i;
    let mut end = i;
    while j < body.len() {
        let c = body[j];
        if c.is_ascii_digit() {
            digits += 1;
            j += 1;
            end = j;
        } else if (c == b' ' || c == b'-')
            && body.get(j + 1).is_some_and(u8::is_ascii_digit)
            && digits > 0
        {
            j += 1;
        } else {
            break;
        }
        if digits > 19 {
            break;
        }
    }
    let followed_by_digit = body.get(end).is_some_and(u8::is_ascii_digit);
    if (13..=19).contains(&digits)
        && !followed_by_digit
        && luhn_card(&body[start..end])
        && (b'3'..=b'6').contains(&body[start])
    {
        return Ok(String::from_utf8_lossy(&body[start..end]).into_owned());
    }
    Err(end.max(i + 1))
}

/// A run of exactly 32, 40, 64 or 128 hex digits (MD5, SHA-1, SHA-256,
/// SHA-512) standing alone, with at least one decimal digit and one letter.
fn hex_digest(body: &[u8]) -> Option<String> {
    const MIN: usize = 32;
    let hex = |i: usize| body[i].is_ascii_hexdigit();
    // Look at every 32nd byte only: a run of 32 hex digits covers one of
    // them. `i` always follows a byte that is not a hex digit (or is 0), so
    // the run found around the probe starts at `i` at the earliest.
    let mut i = 0;
    while i + MIN <= body.len() {
        let probe = i + MIN - 1;
        if !hex(probe) {
            i = probe + 1;
            continue;
        }
        let mut start = probe;
        while start > i && hex(start - 1) {
            start -= 1;
        }
        let mut end = probe + 1;
        while end < body.len() && hex(end) {
            end += 1;
        }
        if is_digest(body, start, end) {
            return Some(String::from_utf8_lossy(&body[start..end]).into_owned());
        }
        i = end + 1;
    }
    None
}

/// Whether the hex run `body[start..end]` is a digest: 32, 40, 64 or 128
/// digits, not glued to a letter or digit, with a decimal digit and a letter.
fn is_digest(body: &[u8], start: usize, end: usize) -> bool {
    let run = &body[start..end];
    let alone_before = start == 0 || !body[start - 1].is_ascii_alphanumeric();
    let alone_after = end == body.len() || !body[end].is_ascii_alphanumeric();
    matches!(run.len(), 32 | 40 | 64 | 128)
        && alone_before
        && alone_after
        && run.iter().any(u8::is_ascii_digit)
        && run.iter().any(u8::is_ascii_alphabetic)
}

/// What one cheap pass over the body tells about which patterns can match,
/// so that a page without enough digits never runs those regexes or scans.
struct Hints {
    digits: usize,
    /// Which of the bytes some rules cannot match without ([`COLON`],
    /// [`DOLLAR`], [`DASH`]) the body holds; all of them on a page longer
    /// than [`SMALL_PAGE`], which is not looked at for them.
    marks: u8,
    /// Whether the body is JSON or JavaScript, whose strings write a line
    /// break as the escape `\n`.
    escapes: bool,
    /// Whether the body holds a line break or a backslash, asked once by the
    /// first rule that reads lines (see [`line_starts`]).
    breaks: std::cell::Cell<Option<bool>>,
}

/// `:`, which both credential patterns hold.
const COLON: u8 = 1;
/// `$`, which a crypt hash starts with.
const DOLLAR: u8 = 2;
/// `-`, which a private key's `-----BEGIN` holds.
const DASH: u8 = 4;

/// Up to this many bytes, a page is also looked at for the marks: on a
/// short answer (`{"ok":true}`, a line of text) the rules' own searches,
/// a `memchr` each with its set-up, were most of the check (callgrind: ~800
/// instructions for the 21-byte answer of the demos' GET), and one pass
/// settles them; on a long page the marks are nearly always there.
const SMALL_PAGE: usize = 255;

impl Hints {
    fn of(body: &[u8], escapes: bool) -> Hints {
        if body.len() <= SMALL_PAGE {
            let (mut digits, mut marks) = (0u8, 0u8);
            for &b in body {
                digits += u8::from(b.wrapping_sub(b'0') < 10);
                marks |= (u8::from(b == b':') * COLON)
                    | (u8::from(b == b'$') * DOLLAR)
                    | (u8::from(b == b'-') * DASH);
            }
            return Hints {
                digits: usize::from(digits),
                marks,
                escapes,
                breaks: std::cell::Cell::new(None),
            };
        }
        // Counted per 255-byte chunk in a `u8`, which the compiler turns
        // into 16 or 32 bytes per instruction; a `usize` count is not.
        let digits: usize = body
            .chunks(255)
            .map(|c| {
                usize::from(
                    c.iter()
                        .fold(0u8, |n, &b| n + u8::from(b.wrapping_sub(b'0') < 10)),
                )
            })
            .sum();
        Hints {
            digits,
            marks: COLON | DOLLAR | DASH,
            escapes,
            breaks: std::cell::Cell::new(None),
        }
    }

    /// Whether a match of the rule for `kind` may be in the body; its
    /// needles and pre-checks decide the rest. (`Hash` here is the crypt
    /// pattern's rule; bare hex digests are looked for apart.)
    fn may_hold(&self, kind: LeakKind) -> bool {
        let has = |mark: u8| self.marks & mark != 0;
        match kind {
            LeakKind::Card => self.digits >= 13,
            LeakKind::Phone => self.digits >= 7,
            LeakKind::WindowsCreds => self.digits >= 4 && has(COLON),
            LeakKind::LinuxCreds => has(COLON),
            LeakKind::Hash => has(DOLLAR),
            LeakKind::PrivateKey => has(DASH),
        }
    }
}

/// Whether a phone-regex match at `start..end` stands alone: no digit or `+`
/// just before it, no digit just after (not part of a longer number).
fn phone_bounded(body: &[u8], start: usize, end: usize) -> bool {
    let before = start.checked_sub(1).map(|i| body[i]);
    let after = body.get(end).copied();
    !(before.is_some_and(|c| c.is_ascii_digit() || c == b'+')
        || after.is_some_and(|c| c.is_ascii_digit()))
}

/// Whether `body` has what every phone-number match has: `+` then a digit
/// 1-9 (international form), or a group of exactly three digits, one
/// separator (` `, `.`, `-`, or `)` and one of those) and a digit 2-9
/// (`555-234`, `(555) 234`). Prices (`19.99`), ranges (`2-3`), ISO dates,
/// clock times and plain numbers do not; so most pages full of numbers
/// never run the phone regex.
///
/// `+` is rare and found by `memchr`. For the groups, each byte is classed
/// once, into one array per class ([`PhoneClasses`]), then each position is
/// tested on the classes of the bytes around it, both with no branch and 256
/// positions at a time: a form the compiler turns into vector instructions.
/// A scan that followed each run of digits cost six instructions a byte on a
/// 64 KiB JSON response full of numbers (callgrind), about half of the
/// response check.
fn phone_shape(body: &[u8]) -> bool {
    let international = |i: usize| body.get(i + 1).is_some_and(|d| (b'1'..=b'9').contains(d));
    if memchr::memchr_iter(b'+', body).any(international) {
        return true;
    }
    // Most pages with numbers have no `)` (a JSON answer): one search
    // spares the `)` class and its test at every position (callgrind, a
    // 1 KiB JSON answer's check: see the commit).
    if memchr::memchr(b')', body).is_some() {
        group_shape::<true>(body)
    } else {
        group_shape::<false>(body)
    }
}

/// [`phone_shape`]'s test of the groups; `CLOSE`: the body holds a `)`.
fn group_shape<const CLOSE: bool>(body: &[u8]) -> bool {
    const BLOCK: usize = 256;
    let n = body.len();
    // Positions 4..n-2 look at bytes p-4..=p+2, all inside the body; the
    // first four and the last two are tested with the bytes outside the body
    // as zeros, which no class takes ("no digit before" holds at the start,
    // "a digit after" fails at the end).
    // The edges are read from zero-padded copies, with the classes the
    // blocks use (classes of their own for each edge position cost 1,342
    // instructions on a 90-byte response, now 1,057: callgrind).
    let mut classes = PhoneClasses::default();
    let mut head = [0u8; 11];
    if n < 6 {
        head[4..4 + n].copy_from_slice(body);
        classes.read::<CLOSE>(&head[..n + 6]);
        return classes.any_shape::<CLOSE>(n);
    }
    head[4..10].copy_from_slice(&body[..6]);
    classes.read::<CLOSE>(&head[..10]);
    if classes.any_shape::<CLOSE>(4) {
        return true;
    }
    let mut tail = [0u8; 8];
    tail[..6].copy_from_slice(&body[n - 6..]);
    classes.read::<CLOSE>(&tail);
    if classes.any_shape::<CLOSE>(2) {
        return true;
    }
    let positions = n - 6;
    let mut start = 0;
    while start < positions {
        let len = (positions - start).min(BLOCK);
        classes.read::<CLOSE>(&body[start..start + len + 6]);
        if classes.any_shape::<CLOSE>(len) {
            return true;
        }
        start += len;
    }
    false
}

/// The classes of up to 262 bytes that the phone shape looks at, one array
/// per class, each byte 0 or 0xFF.
struct PhoneClasses {
    digit: [u8; 262],
    separator: [u8; 262],
    /// 2-9: a North American group's first digit.
    lead: [u8; 262],
    close: [u8; 262],
}

impl Default for PhoneClasses {
    fn default() -> Self {
        PhoneClasses {
            digit: [0; 262],
            separator: [0; 262],
            lead: [0; 262],
            close: [0; 262],
        }
    }
}

impl PhoneClasses {
    /// Classes the bytes of `bytes` (at most 262).
    /// `CLOSE`: the body holds a `)`; without one, the `)` class is
    /// neither made nor tested ([`PhoneClasses::any_shape`]).
    fn read<const CLOSE: bool>(&mut self, bytes: &[u8]) {
        let mask = |yes: bool| 0u8.wrapping_sub(u8::from(yes));
        // Every slice cut to the same `n` bytes, so that the loop's indexing
        // needs no bounds check and is turned into vector instructions.
        let n = bytes.len().min(262);
        let bytes = &bytes[..n];
        let digit = &mut self.digit[..n];
        let separator = &mut self.separator[..n];
        let lead = &mut self.lead[..n];
        let close = &mut self.close[..n];
        for i in 0..n {
            let c = bytes[i];
            digit[i] = mask(c.wrapping_sub(b'0') < 10);
            separator[i] = mask(c == b' ') | mask(c == b'.') | mask(c == b'-');
            lead[i] = mask(c.wrapping_sub(b'2') < 8);
            if CLOSE {
                close[i] = mask(c == b')');
            }
        }
    }

    /// Whether a group of a phone number ends at one of the first `len`
    /// positions, position `j` being byte `j + 4` of what was read (which
    /// then holds `len + 6` bytes): a group of exactly three digits followed
    /// by a separator and a digit 2-9, or by `)`, a separator and a digit 2-9.
    fn any_shape<const CLOSE: bool>(&self, len: usize) -> bool {
        // Each class sliced at the offset a test reads it from, to exactly
        // `len` bytes, so that the loop's indexing needs no bounds check.
        fn at(class: &[u8; 262], offset: usize, len: usize) -> &[u8] {
            &class[offset..][..len]
        }
        let (d0, d1, d2, d3) = (
            at(&self.digit, 0, len),
            at(&self.digit, 1, len),
            at(&self.digit, 2, len),
            at(&self.digit, 3, len),
        );
        let (sep4, sep5) = (at(&self.separator, 4, len), at(&self.separator, 5, len));
        let (lead5, lead6) = (at(&self.lead, 5, len), at(&self.lead, 6, len));
        let close4 = at(&self.close, 4, len);
        let hit = (0..len).fold(0u8, |acc, j| {
            let three_digits = !d0[j] & d1[j] & d2[j] & d3[j];
            let separated = sep4[j] & lead5[j];
            let closed = if CLOSE {
                close4[j] & sep5[j] & lead6[j]
            } else {
                0
            };
            acc | (three_digits & (separated | closed))
        });
        hit != 0
    }
}

/// Every line of `body` (from the start of the body and after each `\n`, as
/// the credential patterns' `(?m)^` reads lines), to its end; and every line
/// of a JSON string, after each `\n` escape (the two characters, as the
/// patterns' `\\n` reads them): a file leaked through a JSON API is one
/// string, its lines joined by escapes, and passed before the seventeenth
/// session. A JSON document on one line without escapes is one line: the
/// credential rules then look at one place instead of searching the whole
/// body for `::` or `:::` (five passes of `memmem` over a 64 KiB response
/// before, as JSON is full of colons).
fn line_starts<'a>(body: &'a [u8], hints: &Hints) -> impl Iterator<Item = &'a [u8]> {
    // A body without a line break or a backslash is one line: one search
    // for either, shared by the rules that read lines, settles it (each
    // rule searched a one-line JSON answer twice: ~850 of the ~10,500
    // instructions of a 1 KiB JSON response's check, callgrind).
    let breaks = hints.breaks.get().unwrap_or_else(|| {
        let found = memchr::memchr2(b'\n', b'\\', body).is_some();
        hints.breaks.set(Some(found));
        found
    });
    // A search not needed is not made at all: one over nothing still cost
    // a call and its set-up, four a response (~240 instructions of a small
    // page's check, callgrind).
    let searched = |on: bool| (on && breaks).then_some(body);
    // Escapes are looked for only in JSON and JavaScript: a second search
    // over every page cost 10 % of the scan of a 256 KiB text page
    // (callgrind).
    std::iter::once(body)
        .chain(
            searched(true)
                .into_iter()
                .flat_map(|b| memchr::memchr_iter(b'\n', b).map(move |i| &b[i + 1..])),
        )
        .chain(searched(hints.escapes).into_iter().flat_map(|b| {
            memchr::memchr_iter(b'\\', b)
                .filter(move |&i| b.get(i + 1) == Some(&b'n'))
                .map(move |i| &b[i + 2..])
        }))
}

/// Whether a line starts as a passwd or shadow entry does: a user name
/// (`[a-z_][a-z0-9_.-]{0,31}`), `:`, then `$` (a crypt hash) or an optional
/// `x`, `*` or `!` and `:`. Every match of the Linux-credentials pattern
/// starts a line this way.
fn passwd_line_start(line: &[u8]) -> bool {
    let name_byte = |c: &u8| matches!(c, b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-');
    if !line
        .first()
        .is_some_and(|c| matches!(c, b'a'..=b'z' | b'_'))
    {
        return false;
    }
    // The `:` after the name is the first one, within 33 bytes: `memchr`
    // settles most lines of text, which have none there, before the name is
    // read (~140 instructions a line read a byte at a time, callgrind).
    let head = &line[..line.len().min(33)];
    memchr::memchr(b':', head).is_some_and(|name| {
        matches!(
            line[name..],
            [b':', b'$' | b':', ..] | [b':', b'x' | b'*' | b'!', b':', ..]
        ) && head[..name].iter().all(name_byte)
    })
}

/// Whether a line starts as a pwdump entry does: 1 to 64 characters that are
/// neither `:` nor white space (at most 256 bytes of UTF-8), `:`, a digit.
/// Every match of the Windows-credentials pattern starts a line this way
/// (only ASCII white space ends the name here: looser than the pattern's
/// Unicode `\s`, never stricter).
fn pwdump_line_start(line: &[u8]) -> bool {
    // The first `:` found by `memchr`, then the rest asked of it: a line
    // without one in its first 257 bytes (a form body, base64) was read a
    // byte at a time (~8 instructions a byte, callgrind, a form echoed back).
    let head = &line[..line.len().min(257)];
    memchr::memchr(b':', head).is_some_and(|name| {
        (1..=256).contains(&name)
            && line.get(name + 1).is_some_and(u8::is_ascii_digit)
            && !head[..name].iter().any(u8::is_ascii_whitespace)
    })
}

/// Whether `body` holds what every match of the crypt-hash pattern starts
/// with: `$2a$`, `$2b$`, `$2y$`, `$1$`, `$5$` or `$6$`. A price (`$19.99`)
/// does not, so a shop page does not run the regex.
fn crypt_prefix(body: &[u8]) -> bool {
    memchr::memchr_iter(b'$', body).any(|i| {
        matches!(
            body.get(i + 1..i + 4),
            Some([b'2', b'a' | b'b' | b'y', b'$'] | [b'1' | b'5' | b'6', b'$', _])
        )
    })
}

impl Rule {
    /// Whether `hay` holds one of the needles; when they share their first
    /// byte, one `memchr` pass rules out most bodies before any `memmem` pass.
    fn holds_a_needle(&self, hay: &[u8]) -> bool {
        if let Some(b) = self.first {
            if memchr::memchr(b, hay).is_none() {
                return false;
            }
        }
        self.needles.iter().any(|f| f.find(hay).is_some())
    }
}

/// Luhn checksum over the digits of a 13-19 digit number.
fn luhn_card(s: &[u8]) -> bool {
    let digits: Vec<u32> = s
        .iter()
        .filter(|b| b.is_ascii_digit())
        .map(|b| u32::from(b - b'0'))
        .collect();
    if !(13..=19).contains(&digits.len()) || digits.iter().all(|d| *d == digits[0]) {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_on() -> DataLeak {
        DataLeak::new(&Config {
            dlp_phone_numbers: true,
            dlp_cc_numbers: true,
            dlp_private_keys: true,
            dlp_hashes: true,
            dlp_windows_creds: true,
            dlp_linux_creds: true,
            ..Config::default()
        })
    }

    fn kind(body: &str) -> Option<LeakKind> {
        all_on().scan(body.as_bytes(), true).map(|(k, _)| k)
    }

    #[test]
    fn finds_each_kind() {
        assert_eq!(kind("card: 4111 1111 1111 1111 exp"), Some(LeakKind::Card));
        assert_eq!(
            kind("{\"cc\":\"5500-0000-0000-0004\"}"),
            Some(LeakKind::Card)
        );
        assert_eq!(
            kind("-----BEGIN RSA PRIVATE KEY-----\nMIIE"),
            Some(LeakKind::PrivateKey)
        );
        assert_eq!(
            kind("-----BEGIN OPENSSH PRIVATE KEY-----"),
            Some(LeakKind::PrivateKey)
        );
        assert_eq!(
            kind("md5 = 5f4dcc3b5aa765d61d8327deb882cf99"),
            Some(LeakKind::Hash)
        );
        assert_eq!(
            kind("$2b$12$KIXQJFzq5Xq5Xq5Xq5Xq5uXq5Xq5Xq5Xq5Xq5Xq5Xq5Xq5Xq5Xq5W"),
            Some(LeakKind::Hash)
        );
        assert_eq!(
            kind("Administrator:500:aad3b435b51404eeaad3b435b51404ee:31d6cfe0d16ae931b73c59d7e0c089c0:::"),
            Some(LeakKind::WindowsCreds)
        );
        assert_eq!(
            kind("root:x:0:0:root:/root:/bin/bash\n"),
            Some(LeakKind::LinuxCreds)
        );
        assert_eq!(
            kind("root:$6$saltsalt$abcdefghijklmnop:19000:0:99999:7:::"),
            Some(LeakKind::LinuxCreds)
        );
        assert_eq!(kind("call +33 1 23 45 67 89 now"), Some(LeakKind::Phone));
        assert_eq!(kind("call (415) 555-0132"), Some(LeakKind::Phone));
    }

    /// The marks looked for on a short page never hide a leak the long
    /// page's path (which does not look for them) finds: each kind, short,
    /// and padded past `SMALL_PAGE`.
    #[test]
    fn short_pages_find_what_long_ones_do() {
        for body in [
            "-----BEGIN RSA PRIVATE KEY-----\nMIIE",
            "$2b$12$KIXQJFzq5Xq5Xq5Xq5Xq5uXq5Xq5Xq5Xq5Xq5Xq5Xq5Xq5Xq5Xq5W",
            "Administrator:500:aad3b435b51404eeaad3b435b51404ee:31d6cfe0d16ae931b73c59d7e0c089c0:::",
            "root:x:0:0:root:/root:/bin/bash\n",
            "call (415) 555-0132",
            "results for red shoes",
        ] {
            assert!(body.len() <= SMALL_PAGE);
            let long = format!("{body}{}", " ".repeat(SMALL_PAGE));
            assert_eq!(kind(body), kind(&long), "{body}");
        }
    }

    /// A file leaked through a JSON API is one string whose line breaks are
    /// the two characters `\n`: its lines are credential lines all the same.
    #[test]
    fn credentials_in_a_json_string() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\nbin:x:1:1:bin:/bin:/usr/sbin/nologin\n";
        // A JSON string's first line is not a line start (a quote before
        // every string of a document would be one): the lines after it are.
        let shadow = "root:*:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\nalice:$6$saltsalt$abcdefghijklmnop:19000:0:99999:7:::\n";
        let pwdump = "Guest:501:aad3b435b51404eeaad3b435b51404ee:31d6cfe0d16ae931b73c59d7e0c089c0:::\nAdministrator:500:aad3b435b51404eeaad3b435b51404ee:31d6cfe0d16ae931b73c59d7e0c089c0:::";
        for (file, leak) in [
            (passwd, LeakKind::LinuxCreds),
            (shadow, LeakKind::LinuxCreds),
            (pwdump, LeakKind::WindowsCreds),
        ] {
            for body in [
                serde_json::json!({"path": "../../etc/passwd", "content": file}).to_string(),
                serde_json::json!([{"line": 1}, file]).to_string(),
            ] {
                let found = DataLeak::new(&Config {
                    dlp_windows_creds: true,
                    dlp_linux_creds: true,
                    ..Config::default()
                })
                .scan(body.as_bytes(), true);
                let (kind, text) = found.unwrap_or_else(|| panic!("{body}"));
                assert_eq!(kind, leak, "{body}");
                assert!(!text.starts_with('\\'), "{text}");
            }
        }
        // An escaped line break before ordinary text is nothing.
        assert_eq!(
            kind(r#"{"note": "Ships in 2-3 days\nroot: cause found\n"}"#),
            None
        );
        assert_eq!(kind(r#"{"t": "a\nmail:x:com\nb"}"#), None);
    }

    #[test]
    fn ordinary_content_passes() {
        for body in [
            "<html><body>Order 4111 1111 1111 1112 shipped</body></html>", // fails Luhn
            "id: 1234567890123456789012",
            "uuid 550e8400-e29b-41d4-a716-446655440000",
            "total 1299.00 EUR, 3 items, 2024-05-01",
            "timestamp 1700000000000",
            "0000 0000 0000 0000",
            "a:b:c",
        ] {
            assert_eq!(kind(body), None, "false alarm on {body}");
        }
    }

    #[test]
    fn switches_are_honoured() {
        let only_keys = DataLeak::new(&Config {
            dlp_private_keys: true,
            ..Config::default()
        });
        assert!(only_keys.scan(b"4111 1111 1111 1111", true).is_none());
        assert!(DataLeak::new(&Config::default()).is_empty());
    }

    /// The straightforward scan `hex_digest` replaced: every byte read.
    fn hex_digest_every_byte(body: &[u8]) -> Option<String> {
        let mut i = 0;
        while i < body.len() {
            if !body[i].is_ascii_hexdigit() {
                i += 1;
                continue;
            }
            let start = i;
            while i < body.len() && body[i].is_ascii_hexdigit() {
                i += 1;
            }
            if is_digest(body, start, i) {
                return Some(String::from_utf8_lossy(&body[start..i]).into_owned());
            }
            while i < body.len() && body[i].is_ascii_alphanumeric() {
                i += 1;
            }
        }
        None
    }

    /// The phone pre-filter as first written: following each run of digits.
    fn phone_shape_by_runs(body: &[u8]) -> bool {
        let mut run = 0usize;
        for (i, &c) in body.iter().enumerate() {
            if c.is_ascii_digit() {
                run += 1;
                continue;
            }
            if c == b'+' && body.get(i + 1).is_some_and(|d| (b'1'..=b'9').contains(d)) {
                return true;
            }
            if run == 3 {
                let next = body.get(i + 1).copied();
                let after = body.get(i + 2).copied();
                let sep = |b: Option<u8>| matches!(b, Some(b' ' | b'.' | b'-'));
                let lead = |b: Option<u8>| matches!(b, Some(b'2'..=b'9'));
                if (sep(Some(c)) && lead(next)) || (c == b')' && sep(next) && lead(after)) {
                    return true;
                }
            }
            run = 0;
        }
        false
    }

    #[test]
    fn phone_shape_on_every_short_body() {
        // Every body of up to 7 bytes from the bytes the shape looks at: the
        // edges, read from padded copies, at every length.
        const BYTES: [u8; 6] = [b'5', b'2', b'1', b' ', b')', b'+'];
        let mut bodies = vec![Vec::new()];
        for _ in 0..7 {
            let longer: Vec<Vec<u8>> = bodies
                .iter()
                .filter(|b: &&Vec<u8>| b.len() == bodies.last().map_or(0, Vec::len))
                .flat_map(|b| {
                    BYTES.iter().map(move |&c| {
                        let mut b = b.clone();
                        b.push(c);
                        b
                    })
                })
                .collect();
            bodies.extend(longer);
        }
        assert_eq!(bodies.len(), (0..=7).map(|k| 6usize.pow(k)).sum::<usize>());
        for b in &bodies {
            assert_eq!(
                phone_shape(b),
                phone_shape_by_runs(b),
                "{:?}",
                String::from_utf8_lossy(b)
            );
        }
    }

    #[test]
    fn phone_shape_examples() {
        for yes in [
            "+33 1 23 45 67 89",
            "(555) 123-4567",
            "555.123.4567",
            "call 555-123-4567",
        ] {
            assert!(phone_shape(yes.as_bytes()), "{yes}");
        }
        for no in [
            r#"{"id": 123, "price": 19.99, "note": "2-3 days"}"#,
            "2024 x",
            "in stock since 2024-05-01, open 9:00-17:30",
            r#"{"created": "2026-11-26T22:23:38Z", "zip": "690 01"}"#,
        ] {
            assert!(!phone_shape(no.as_bytes()), "{no}");
        }
    }

    /// `card_number` without its skip: every byte read.
    fn card_number_every_byte(body: &[u8]) -> Option<String> {
        let mut i = 0;
        while i < body.len() {
            match card_at(body, i) {
                Ok(card) => return Some(card),
                Err(next) => i = next,
            }
        }
        None
    }

    fn hash_rule() -> Rule {
        let cfg = Config {
            dlp_hashes: true,
            ..Config::default()
        };
        let d = DataLeak::new(&cfg);
        d.rules
            .into_iter()
            .find(|r| r.kind == LeakKind::Hash)
            .unwrap()
    }

    #[test]
    fn crypt_prefix_skips_prices() {
        assert!(!crypt_prefix(b"Total: $19.99, shipping $5.00, was $129"));
        assert!(crypt_prefix(b"x $2y$10$abc"));
        assert!(crypt_prefix(b"$6$salt$hash"));
    }

    proptest::proptest! {
        #[test]
        fn crypt_prefix_holds_wherever_the_hash_pattern_matches(
            body in r"([$]|2[aby]|[1256]|[0-9]{1,3}|[./A-Za-z0-9]{1,60}| |\.){0,40}"
        ) {
            if hash_rule().re.is_match(body.as_bytes()) {
                proptest::prop_assert!(crypt_prefix(body.as_bytes()), "{body}");
            }
        }

        #[test]
        fn crypt_prefix_finds_hashes_amid_prices(
            body in concat!(
                r"([ a-z0-9.]|[$][0-9]{1,3}[.][0-9]{2}){0,12}",
                r"([$]2[aby][$][0-9]{2}[$][./A-Za-z0-9]{53}|[$][156][$][./A-Za-z0-9]{1,16}[$][./A-Za-z0-9]{22,86})",
                r"([ a-z0-9.]|[$][0-9]{1,3}){0,12}",
            )
        ) {
            proptest::prop_assert!(hash_rule().re.is_match(body.as_bytes()));
            proptest::prop_assert!(crypt_prefix(body.as_bytes()), "{body}");
        }

        #[test]
        fn skipping_card_scan_agrees_with_reading_every_byte(
            body in "(4111 1111 1111 1111|5500-0000-0000-0004|378282246310005|[0-9]{1,8}|[ .x-]){0,10}"
        ) {
            proptest::prop_assert_eq!(
                card_number(body.as_bytes()),
                card_number_every_byte(body.as_bytes())
            );
        }

        #[test]
        fn skipping_digest_scan_agrees_with_reading_every_byte(
            body in "([0-9a-f]{1,70}|[ gx:]){0,12}"
        ) {
            proptest::prop_assert_eq!(
                hex_digest(body.as_bytes()),
                hex_digest_every_byte(body.as_bytes())
            );
        }

        // The windowed test agrees with following the runs of digits, at
        // every length (the edges and the 256-position blocks included).
        #[test]
        fn windowed_phone_shape_agrees_with_following_digit_runs(
            body in proptest::collection::vec(proptest::sample::select(vec![b'0', b'1', b'2', b'5', b'9', b'+', b' ', b'.', b'-', b')', b'(', b'a', b'/', b':', 0x00, 0x80, 0xAB, 0xFF]), 0..600)
        ) {
            proptest::prop_assert_eq!(phone_shape(&body), phone_shape_by_runs(&body));
        }

        // The same without `)`, which takes the test that skips its class,
        // over bodies of several blocks.
        #[test]
        fn windowed_phone_shape_without_a_close_agrees(
            body in proptest::collection::vec(proptest::sample::select(vec![b'0', b'1', b'2', b'5', b'9', b' ', b'.', b'-', b'(', b'a', b':', 0x80]), 0..1200)
        ) {
            proptest::prop_assert_eq!(phone_shape(&body), phone_shape_by_runs(&body));
        }

        // The line-start tests never hide credentials the patterns report.
        #[test]
        fn credential_line_starts_hold_wherever_the_patterns_match(
            body in concat!(
                r"(\n|\\n|\\|[a-z_.0-9-]{1,34}|[A-Z]{1,3}|é|\u{a0}| |\t|:|::|[x*!]|[$]|[0-9]{1,11}",
                r"|[0-9a-f]{32}|/[a-z]{1,6}|:::|[$]6[$]|[./a-z]{8,12}){0,16}",
            )
        ) {
            let creds = DataLeak::new(&Config {
                dlp_windows_creds: true,
                dlp_linux_creds: true,
                ..Config::default()
            });
            let b = body.as_bytes();
            for rule in &creds.rules {
                if rule.re.is_match(b) {
                    proptest::prop_assert!((rule.precheck)(b, &Hints::of(b, true)), "{:?} {:?}", rule.kind, body);
                }
            }
        }

        #[test]
        fn passwd_line_start_agrees_with_reading_every_byte(
            line in r"([a-z_]{0,40}|[a-z:$x*! .-]{0,6}|:x:|::|A|é){0,4}"
        ) {
            let b = line.as_bytes();
            let name_byte = |c: &u8| matches!(c, b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-');
            let name = b.iter().take(33).take_while(|c| name_byte(c)).count();
            let every_byte = b.first().is_some_and(|c| matches!(c, b'a'..=b'z' | b'_'))
                && name <= 32
                && matches!(
                    b[name..],
                    [b':', b'$' | b':', ..] | [b':', b'x' | b'*' | b'!', b':', ..]
                );
            proptest::prop_assert_eq!(passwd_line_start(b), every_byte, "{:?}", line);
        }

        #[test]
        fn pwdump_line_start_agrees_with_reading_every_byte(
            line in r"([a-z]{0,300}|[a-z: \t0-9]{0,20}|:[0-9]|é){0,4}"
        ) {
            let b = line.as_bytes();
            let name = b
                .iter()
                .take(257)
                .take_while(|c| **c != b':' && !c.is_ascii_whitespace())
                .count();
            let every_byte = (1..=256).contains(&name)
                && b.get(name) == Some(&b':')
                && b.get(name + 1).is_some_and(u8::is_ascii_digit);
            proptest::prop_assert_eq!(pwdump_line_start(b), every_byte, "{:?}", line);
        }

        #[test]
        fn credential_line_starts_find_credentials_amid_json(
            before in r#"([a-z :{}",0-9]{0,30}\n){0,2}"#,
            line in concat!(
                r"[a-z_][a-z0-9_.-]{0,31}:[x*!]?:[0-9]{1,10}:[0-9]{1,10}:[A-Za-z ,]{0,10}:/[a-z/]{0,10}:/[a-z/]{0,10}",
                r"|[a-z_][a-z0-9_.-]{0,31}:[$]6[$][./a-z0-9]{8,20}:[0-9]{0,5}:",
                r"|[^:\s]{1,64}:[0-9]{1,10}:[0-9a-f]{32}:[0-9A-F]{32}:::",
            ),
            after in r#"(\n[a-z :{}",0-9]{0,30}){0,2}"#,
        ) {
            let creds = DataLeak::new(&Config {
                dlp_windows_creds: true,
                dlp_linux_creds: true,
                ..Config::default()
            });
            let body = format!("{before}{line}{after}");
            let b = body.as_bytes();
            let matched: Vec<_> = creds.rules.iter().filter(|r| r.re.is_match(b)).collect();
            proptest::prop_assert!(!matched.is_empty(), "{:?}", body);
            for rule in matched {
                proptest::prop_assert!((rule.precheck)(b, &Hints::of(b, true)), "{:?} {:?}", rule.kind, body);
            }
        }

        // Whatever a short page holds, the marks skip no rule that finds
        // something in it (the same page padded past `SMALL_PAGE` is judged
        // without them).
        #[test]
        fn short_page_marks_hide_nothing(
            body in concat!(
                r"(root|x|0|500|:|[$]|2b|-|[0-9]{1,4}|[a-f0-9]{32}| |\n|",
                r"root:x:0:0:root:/root:/bin/bash|bin:[$]6[$]saltsalt[$]abcdefgh:19000:|",
                r"adm:500:[a-f0-9]{32}:[a-f0-9]{32}:::|-----BEGIN RSA PRIVATE KEY-----|",
                r"[$]2b[$]12[$][a-zA-Z0-9]{53}|[(]415[)] 555-0132|[+]33 1 23 45 67 89){0,8}"
            )
        ) {
            proptest::prop_assume!(body.len() <= SMALL_PAGE);
            let long = format!("{body}{}", " ".repeat(SMALL_PAGE));
            proptest::prop_assert_eq!(kind(&body), kind(&long), "{:?}", body);
        }

        // The shape test never hides a number the phone regex would report.
        #[test]
        fn phone_shape_holds_for_every_phone_match(
            body in "([0-9]{1,5}|[ .()+-]|[a-z]{1,3}){0,14}"
        ) {
            let phones = DataLeak::new(&Config {
                dlp_phone_numbers: true,
                ..Config::default()
            });
            let rule = &phones.rules[0];
            let b = body.as_bytes();
            if rule.re.find_iter(b).any(|m| phone_bounded(b, m.start(), m.end())) {
                proptest::prop_assert!(phone_shape(b), "{}", body);
            }
        }
    }
}
