//! Data-leak prevention on response bodies: each kind of secret behind its
//! own `DLP_*` switch. Patterns are compiled once per configuration; each has
//! a cheap byte pre-filter so that a body without, say, `PRIVATE KEY` never
//! runs the private-key regex.

use memchr::memmem;
use regex::bytes::Regex;

use crate::config::Config;
use crate::swar;

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
    precheck: fn(&[u8]) -> bool,
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
                       precheck: fn(&[u8]) -> bool| {
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
            |_| true,
        );
        add(
            cfg.dlp_windows_creds,
            LeakKind::WindowsCreds,
            // pwdump / secretsdump: user:rid:LMHASH:NTHASH:::
            r"(?m)^[^:\s]{1,64}:\d{1,10}:[0-9A-Fa-f]{32}:[0-9A-Fa-f]{32}:::",
            &[b":::"],
            |_| true,
        );
        add(
            cfg.dlp_linux_creds,
            LeakKind::LinuxCreds,
            // passwd: name:x:uid:gid:gecos:home:shell ; shadow: name:$id$salt$hash:...
            r"(?m)^[a-z_][a-z0-9_.-]{0,31}:(?:[x*!]?:\d{1,10}:\d{1,10}:[^:\n]*:/[^:\n]*:/[^:\n\s]*|\$(?:1|2[aby]?|5|6|y|7)\$[^:\n]{8,}:\d*:)",
            // After the name comes `::`, `:x:`, `:*:`, `:!:` or `:$`; a bare
            // `:` would send every JSON document to the regex.
            &[b"::", b":x:", b":*:", b":!:", b":$"],
            |_| true,
        );
        add(
            cfg.dlp_hashes,
            LeakKind::Hash,
            // bcrypt / crypt(3) hashes; bare hex digests are found by `hex_digest`.
            r"\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}|\$(?:1|5|6)\$[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{22,86}",
            // Not the needle `$`: prices put it on many pages.
            &[],
            crypt_prefix,
        );
        add(
            cfg.dlp_phone_numbers,
            LeakKind::Phone,
            // Boundaries (no digit or `+` just before, no digit just after) are
            // checked on each match: a boundary group in the pattern would
            // keep the regex engine off its fast literal search.
            r"\+[1-9][0-9]{0,2}[ .-]?(?:\(?[0-9]{1,4}\)?[ .-]?){2,4}[0-9]{2,4}|\(?[2-9][0-9]{2}\)?[ .-][2-9][0-9]{2}[ .-][0-9]{4}",
            &[],
            phone_shape,
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

    /// The first leak found in `body`, with the matched text.
    pub fn scan(&self, body: &[u8]) -> Option<(LeakKind, String)> {
        let hints = Hints::of(body);
        for r in &self.rules {
            if !hints.may_hold(r.kind) {
                continue;
            }
            if !r.needles.is_empty() && !r.holds_a_needle(body) {
                continue;
            }
            if !(r.precheck)(body) {
                continue;
            }
            for m in r.re.find_iter(body) {
                if r.kind == LeakKind::Phone && !phone_bounded(body, m.start(), m.end()) {
                    continue;
                }
                let text = String::from_utf8_lossy(m.as_bytes());
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

/// The index of the first ASCII digit or `+` at or after `from`, or
/// `body.len()`. Eight bytes at a time: JSON and prose are mostly other
/// bytes, and reading them one by one was most of the cost of the phone
/// pre-filter on a 64 KiB JSON response (callgrind).
fn next_digit_or_plus(body: &[u8], from: usize) -> usize {
    swar::find(
        body,
        from,
        |w| swar::digits(w) | swar::equal_to(w, b'+'),
        |c| c.is_ascii_digit() || c == b'+',
    )
    .unwrap_or(body.len())
}

/// A 13-19 digit number, in groups separated by single spaces or dashes,
/// not part of a longer number, that passes the Luhn check.
fn card_number(body: &[u8]) -> Option<String> {
    const MIN: usize = 13;
    let card_byte = |c: u8| c.is_ascii_digit() || c == b' ' || c == b'-';
    let mut i = 0;
    while i < body.len() {
        // A card number spans at least 13 bytes, all digits or separators:
        // when the 13th byte from here is neither, none starts before it.
        if body.get(i + MIN - 1).is_some_and(|&c| !card_byte(c)) {
            i += MIN;
            continue;
        }
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
}

impl Hints {
    fn of(body: &[u8]) -> Hints {
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
        Hints { digits }
    }

    fn may_hold(&self, kind: LeakKind) -> bool {
        match kind {
            LeakKind::Card => self.digits >= 13,
            LeakKind::Phone => self.digits >= 7,
            LeakKind::WindowsCreds => self.digits >= 4,
            // Their needles and pre-checks (`PRIVATE KEY`, `::`, a crypt
            // prefix...) decide.
            LeakKind::Hash | LeakKind::PrivateKey | LeakKind::LinuxCreds => true,
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
fn phone_shape(body: &[u8]) -> bool {
    phone_shape_skipping(body, true)
}

/// `phone_shape`, going straight to the next digit or `+` when no digit
/// run is pending ([`next_digit_or_plus`]). `skip` off reads every byte, for the
/// test that both agree.
fn phone_shape_skipping(body: &[u8], skip: bool) -> bool {
    let mut run = 0usize;
    let mut i = 0;
    while i < body.len() {
        if skip && run == 0 {
            i = next_digit_or_plus(body, i);
            if i == body.len() {
                break;
            }
        }
        let c = body[i];
        if c.is_ascii_digit() {
            run += 1;
            i += 1;
            continue;
        }
        if c == b'+' && body.get(i + 1).is_some_and(|d| (b'1'..=b'9').contains(d)) {
            return true;
        }
        // `(555) 234-` or `555.234.`: a group of exactly three digits (a
        // longer run only matches preceded by a digit, which the scan
        // refuses), then one separator, then a digit 2-9. ISO dates
        // (`2024-05-01`) and clock times do not pass.
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
        i += 1;
    }
    false
}

/// Whether `hay` holds one of `needles`; when they share their first byte,
/// one `memchr` pass rules out most bodies before any `memmem` pass.
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
        all_on().scan(body.as_bytes()).map(|(k, _)| k)
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
        assert!(only_keys.scan(b"4111 1111 1111 1111").is_none());
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

        #[test]
        fn next_digit_agrees_with_a_byte_loop(
            body in proptest::collection::vec(proptest::sample::select(vec![b'0', b'9', b'+', b'/', b':', b'*', b',', b'a', 0x01, 0x80, 0xB0, 0xB9, 0xFF]), 0..40),
            from in 0usize..41,
        ) {
            let from = from.min(body.len());
            let naive = body[from..]
                .iter()
                .position(|c| c.is_ascii_digit() || *c == b'+')
                .map_or(body.len(), |k| from + k);
            proptest::prop_assert_eq!(next_digit_or_plus(&body, from), naive);
        }

        // Skipping digit-free words changes no answer.
        #[test]
        fn skipping_phone_shape_agrees_with_reading_every_byte(
            body in proptest::collection::vec(proptest::sample::select(vec![b'0', b'5', b'9', b'+', b' ', b'.', b'-', b')', b'(', b'a', b'/', b':', 0x80, 0xAB, 0xFF]), 0..64)
        ) {
            proptest::prop_assert_eq!(
                phone_shape_skipping(&body, true),
                phone_shape_skipping(&body, false)
            );
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
