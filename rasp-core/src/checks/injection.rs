//! The interface the SQL-injection and XSS detectors plug into.
//!
//! A detector scores one decoded value; the engine compares the score with
//! the configured threshold (`SQLI_PROBA`, `XSS_PROBA`) and skips values
//! shorter than the configured minimum (`MIN_SQLI_LEN`, `MIN_XSS_LEN`).

use crate::byte_class;
use crate::verdict::Check;

/// A detector of one attack type over single values.
pub trait ValueDetector: Send + Sync + 'static {
    /// The attack type it detects: [`Check::Sqli`] or [`Check::Xss`].
    fn check(&self) -> Check;

    /// The probability, from 0 to 1, that `value` (already decoded) is an
    /// attack. Must be cheap for values that cannot be an attack and must
    /// never panic. Plain values (ASCII letters, digits, `_`, `.`, single
    /// `-`, spaces, `,`, `!` and `?`, with no SQL word such as `or`, `union`
    /// or `select` when spaced, and apostrophes between two letters that
    /// the built-in SQLi detector clears at once) are judged clean by the
    /// engine and never reach a detector.
    fn score(&self, value: &str) -> f64;

    /// A second, costlier reading of a value whose score reached the
    /// threshold: false clears it. The engine asks at most four times a
    /// request (any later flagged value of the request is judged on its
    /// score alone), so this may take far longer than [`score`](Self::score).
    /// Must never panic. By default the score stands.
    fn confirm(&self, value: &str, score: f64) -> bool {
        let _ = (value, score);
        true
    }
}

// Byte classes for [`is_plain`], as bits so that one loop ORs them.
const NOT: u8 = 0;
const WORD: u8 = 1;
const DOT: u8 = 2;
const DASH: u8 = 4;
const SPACE: u8 = 8;
/// `,`, `!` and `?`: prose punctuation that no decoder, no SQL without an
/// SQL word, no markup and no shell syntax gives a meaning to, and that
/// base64 does not use.
const MARK: u8 = 16;
/// `@`: plain only in a plain e-mail address (see [`is_plain_given`]).
const AT: u8 = 32;
/// `'`: plain only between two ASCII letters, around words that cannot be
/// SQL there (`O'Brien`, `don't`, `rock'n'roll`; see [`plain_words`]).
const APOS: u8 = 64;

/// The class of each byte for [`is_plain`]: one load a byte. 0 for every
/// byte that cannot be in a plain value (the JSON walker relies on `"` and
/// `\\` being 0 when it classes strings as it reads them).
pub(crate) const PLAIN_CLASSES: [u8; 256] = {
    let mut t = [NOT; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = if b.is_ascii_alphanumeric() || b == b'_' {
            WORD
        } else if b == b'.' {
            DOT
        } else if b == b'-' {
            DASH
        } else if b == b' ' {
            SPACE
        } else if matches!(b, b',' | b'!' | b'?') {
            MARK
        } else if b == b'@' {
            AT
        } else if b == b'\'' {
            APOS
        } else {
            NOT
        };
        c += 1;
    }
    t
};

/// [`PLAIN_CLASSES`] without the apostrophe: the JSON walker's table. A
/// string with an apostrophe then ends the walker's table loop there (its
/// end is found eight bytes at a time) and reaches the engine, which asks
/// [`is_plain`] of it once a request: such a string often repeats (an
/// order's note on every item), and its repeats stop at the texts already
/// judged. With the apostrophe classed, every string's test read the note
/// again in full (callgrind, 1 KiB JSON body: 25,069 -> 36,858
/// instructions), and the walker's table loop read the rest of each note a
/// byte at a time (64 KiB: +2 %).
pub(crate) const PLAIN_CLASSES_UNQUOTED: [u8; 256] = {
    let mut t = PLAIN_CLASSES;
    t[b'\'' as usize] = NOT;
    t
};

/// Whether a value is plain: ASCII letters, digits, `_`, `.`, single `-`,
/// spaces, `,`, `!` and `?` only (identifiers, numbers, dates, UUIDs, most
/// JSON keys, names and phrases such as `Widget 12`, `red shoes` or `Great
/// shop, thanks!`), or a plain e-mail address (`jane.doe@example.com`),
/// and, when it holds a space, none of the SQL words that can change a
/// query without punctuation (`1 or 1`, `1 union select ...`); or such a
/// value with apostrophes between two letters (`Jane O'Brien`, `don't`)
/// that the SQLi detector would not score (see [`plain_words`]).
/// No decoder changes such a value and no injection fits in it, so the
/// engine judges it clean without decoding, hashing or scoring it;
/// detectors never see it. With `DECODE_B64` on, a value of 12 bytes or
/// more made only of base64's letters could be base64 and is not plain; a
/// `.`, a mark or a space between words says it is not (the base64 decoder
/// trims the value and refuses them). A value that starts or ends with a
/// space is not asked further: rare, and the test is on the hot path of the
/// JSON walker (a search for a space between words there cost 4 % of a 64
/// KiB JSON body's `check_request` though never called, callgrind).
#[inline]
pub(crate) fn is_plain(v: &str, decode_b64: bool) -> bool {
    // One table loop ORs the classes and stops at a byte of none; what
    // depends on neighbours (`--`) or on the whole value is asked after it
    // (a match per byte that tracked the previous byte cost ~15 instructions
    // a byte, callgrind, 64 KiB JSON).
    byte_class::classes_of(v.as_bytes(), &PLAIN_CLASSES)
        .is_some_and(|seen| is_plain_given(seen, v, decode_b64))
}

/// [`is_plain`] for a value whose bytes all have a class in
/// [`PLAIN_CLASSES`], `seen` being those classes ORed (the JSON walker
/// computes them while it looks for the closing quote). Reads the value
/// again only when it holds a dash or a space.
#[inline]
pub(crate) fn is_plain_given(seen: u8, v: &str, decode_b64: bool) -> bool {
    let b = v.as_bytes();
    // Base64 first: one length test settles most values (keys, numbers).
    let not_base64 = !decode_b64
        || b.len() < 12
        || seen & (DOT | MARK | AT | APOS) != 0
        || seen & SPACE != 0 && b[0] != b' ' && b[b.len() - 1] != b' ';
    // A dash or an `@` is asked out of line: this is inlined into the JSON
    // walker's loop, where every test written inline cost (the `@` test,
    // inline, 2 % of a 64 KiB body's `check_request` though no string of
    // that body holds an `@`, callgrind).
    not_base64
        && if seen & (DASH | AT | APOS) == 0 {
            // Spaced words reach the SQLi model when one is an SQL word
            // (see `ml::sqli_candidate`, which this must agree with).
            seen & SPACE == 0 || !crate::ml::has_bare_sql_word(b)
        } else {
            plain_words(seen, v)
        }
}

/// The tests of [`is_plain_given`] on the bytes that need their neighbours
/// or the whole value.
#[inline(never)]
fn plain_words(seen: u8, v: &str) -> bool {
    if seen & APOS != 0 {
        // Names and prose with apostrophes (`Jane O'Brien` in a form, `it's`
        // in a review) were judged in full for nothing: the SQLi detector
        // scores no value whose every quote is an apostrophe between two
        // letters around words that cannot be SQL there (see
        // `ml::sqli_scored`), no XSS pre-filter takes a value without `<`,
        // `(`, `=` or a backquote, no shell line a value without a
        // separator or substitution, and no decoder or base64 reading
        // changes one. Asking the detector's own test keeps the two in
        // step, `--`, SQL words and e-mail addresses included (callgrind,
        // the demos' form: ~1,900 instructions a request for `Jane
        // O'Brien`).
        return crate::ml::sqli_never_scored(v);
    }
    let b = v.as_bytes();
    (seen & DASH == 0 || !b.windows(2).any(|w| w == b"--"))
        // Spaced words reach the SQLi model when one is an SQL word (see
        // `ml::sqli_candidate`, which this must agree with).
        && (seen & SPACE == 0 || !crate::ml::has_bare_sql_word(b))
        // `@` starts MySQL variables; one in `local@domain.tld` does not.
        && (seen & AT == 0 || crate::ml::is_plain_email(v))
}

/// The words a password field's name is made of, besides the one that
/// says password: `new_password`, `password_confirmation`, `confirmPass`,
/// `j_password`, `password2`. A name with any other word (`pass_id`,
/// `passenger_count`, `bus_pass_number`) is not a password's: its value may
/// be a number an application puts in a query bare.
const PASSWORD_QUALIFIERS: [&str; 16] = [
    "new",
    "old",
    "current",
    "confirm",
    "confirmation",
    "confirmed",
    "repeat",
    "again",
    "verify",
    "retype",
    "re",
    "user",
    "login",
    "account",
    "my",
    "j",
];

/// Whether `name`, a query, form or JSON member name, names a password
/// field: its last part (`user[password]`, `user.password`) is made of
/// `password`, `passwd`, `passwort`, `passphrase`, `pass` or `pwd` and
/// only the qualifiers above and digits, in any case, split at `_`, `-`,
/// digits and camelCase humps (`newPassword1`).
pub(crate) fn is_password_name(name: &[u8]) -> bool {
    // Every word it accepts holds `pa` or `pw`: most names (`note`, `id`,
    // `email`) are refused by this scan alone.
    let p_then = |w: &[u8]| w[0] | 0x20 == b'p' && matches!(w[1] | 0x20, b'a' | b'w');
    if name.len() > 64 || !name.windows(2).any(p_then) {
        return false;
    }
    let mut end = name.len();
    while end > 0 && name[end - 1] == b']' {
        end -= 1;
    }
    let b = name[..end]
        .rsplit(|&c| matches!(c, b'[' | b']' | b'.'))
        .next()
        .unwrap_or_default();
    let mut secret = false;
    let mut word_start = 0;
    for i in 0..=b.len() {
        let boundary = i == b.len()
            || !b[i].is_ascii_alphabetic()
            || (i > word_start && b[i].is_ascii_uppercase() && b[i - 1].is_ascii_lowercase());
        if !boundary {
            continue;
        }
        let word = &b[word_start..i];
        if !word.is_empty() {
            let is = |w: &str| word.eq_ignore_ascii_case(w.as_bytes());
            if [
                "password",
                "passwd",
                "passwort",
                "passphrase",
                "pass",
                "pwd",
            ]
            .iter()
            .any(|w| is(w))
            {
                secret = true;
            } else if !PASSWORD_QUALIFIERS.iter().any(|w| is(w)) {
                return false;
            }
        }
        word_start = i + usize::from(i < b.len() && !b[i].is_ascii_alphabetic());
        if i < b.len() && !b[i].is_ascii_alphanumeric() && !matches!(b[i], b'_' | b'-') {
            return false;
        }
    }
    secret
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_names() {
        for n in [
            "password",
            "Password",
            "PASSWORD",
            "passwd",
            "pwd",
            "pass",
            "passphrase",
            "new_password",
            "password_confirmation",
            "confirmPassword",
            "newPassword1",
            "j_password",
            "password2",
            "user[password]",
            "user.password",
            "data[attributes][password]",
            "login-pwd",
            "userPWD",
        ] {
            assert!(is_password_name(n.as_bytes()), "{n}");
        }
        for n in [
            "",
            "id",
            "pass_id",
            "passenger_count",
            "bus_pass_number",
            "passport",
            "bypass",
            "compass",
            "password_hint",
            "password[id]",
            "password hint",
            "pin",
            "passcode",
            "token",
        ] {
            assert!(!is_password_name(n.as_bytes()), "{n}");
        }
    }
    use crate::checks::command::CommandInjection;
    use crate::decode;
    use crate::ml;

    #[test]
    fn plain_values() {
        for v in [
            "id",
            "user_name",
            "2024-01-31",
            "19.99",
            "www.example.com",
            "Widget 12",
            "red shoes",
            "Jane Doe",
            "Great shop, thanks!",
            "Is it waterproof?",
            "Ships in 2-3 days",
            "jane.doe@example.com",
            "j_o-e@mail.example.co.uk",
            "O'Brien",
            "Jane O'Brien",
            "don't",
            "rock'n'roll",
            "Ships in 2-3 days, O'Brien's choice",
            "QWxhZGRp'bjpvcGVu",
        ] {
            assert!(is_plain(v, false), "{v}");
            assert!(is_plain(v, true), "{v}");
        }
        for v in ["id", "user_name", "2024-01-31", "19.99", "www.example.com"] {
            assert!(is_plain(v, true), "{v}");
        }
        for v in [
            "1 or 1",
            "1 UNION select password from users",
            "x.union select",
            "1 and sleep 5",
            // An apostrophe that is not between two letters, or around a
            // word that is SQL there, is a string's end.
            "O'",
            "'Brien",
            "10'",
            "O''Brien",
            "a'1",
            "a'or'b",
            "admin'or",
            "a'div'b",
            "it's the end",
            "O'Brien or 1",
            "O'Brien--",
            "O'Brien@x",
            "1--",
            "a%27",
            "x;y",
            "<b>",
            "é",
            "QWxhZGRpbjpvcGVu",
            "  QWxhZGRpbjpvcGVu ",
            "1 or 1, 2",
            "x!=y",
            "a,b;c",
            "@@version",
            "a@b",
            "1 union select @@version",
            "x@y.z@w.v",
            "jane doe@example.com",
            "jane@example.com, joe@example.com",
            "a--b@example.com",
        ] {
            assert!(!is_plain(v, true), "{v}");
        }
        // Long base64-alphabet values are decoded first when DECODE_B64 is on.
        assert!(is_plain("QWxhZGRpbjpvcGVu", false));
        assert!(!is_plain("550e8400-e29b-41d4-a716-446655440000", true));
        assert!(is_plain("550e8400-e29b-41d4-a716-446655440000", false));
    }

    proptest::proptest! {
        // Skipping a plain value changes no verdict: every decoder leaves it
        // alone and every built-in detector's pre-filter clears it.
        #[test]
        fn plain_values_clear_every_prefilter(
            v in "[A-Za-z0-9_. ,!?@'-]{0,40}|[a-z0-9._-]{1,12}@[a-z0-9._-]{1,12}|([a-zA-Z]{1,9}[ ,!?']?){1,6}|(union|select|or|and|from|where|sleep|is|end|div|x|1|_|-|'|\\.| |,|!|\\?){1,8}| ?[A-Za-z0-9]{4,12}( [A-Za-z0-9]{4,12}){0,3} ?|([a-zA-Z]{1,6}'[a-zA-Z]{1,6}[ ,.]?){1,4}|[0-9]{1,3}\\.e[a-z]{1,6}( [a-z']{1,6}){0,3}",
            b64: bool,
        ) {
            // Not an assumption: the SQL-word alternatives are mostly not
            // plain, and proptest gives up after too many rejections.
            if !is_plain(&v, b64) {
                return Ok(());
            }
            let (norm, decoded) = decode::variants(&v, b64);
            proptest::prop_assert!(matches!(norm, std::borrow::Cow::Borrowed(_)));
            proptest::prop_assert!(decoded.is_none());
            // The detector's own first test; the training filter's too
            // when there is no apostrophe (it takes every one).
            proptest::prop_assert!(ml::sqli_never_scored(&v));
            proptest::prop_assert!(v.contains('\'') || !ml::sqli_candidate(&v));
            proptest::prop_assert!(ml::builtin().0.score(&v) == 0.0);
            proptest::prop_assert!(!ml::xss_candidate(&v));
            proptest::prop_assert!(!CommandInjection::system().is_injection(&v));
        }
    }
}
