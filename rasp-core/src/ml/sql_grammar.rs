//! A second, grammatical reading of a value the SQLi model flagged without
//! certainty: can the value, placed where an attacker's input lands in a
//! query, be read by an SQL parser at all?
//!
//! The model scores resemblance to injections; prose with quotes and SQL
//! words resembles them (`Use the 'Delete' key to remove it` 0.75,
//! `She's 5'6" and he's 6'1"` 0.98 with the models of 2026-11-27; each
//! retrain moves such prose). An injection has to be SQL in its
//! context: inside a quoted string it must close the quote and leave a
//! query that parses (`' or 1=1 --`); bare, it must continue an expression
//! (`1 or 1=1`, `1) union select ...`). Prose does not. Most of the
//! fragments the data sets label SQLi do not parse either (a probe such as
//! `'or'` or a comment stub), but the model is certain of them: this reading
//! is only asked for scores below [`CERTAIN`], and at most four times a
//! request (a value that parses nowhere is tried in every context, up to
//! two milliseconds: not hot-path work).
//!
//! The queries are parsed by `sqlparser` with its generic, MySQL and SQL
//! Server dialects (SQL Server for T-SQL batches such as `declare @q ...
//! exec(@q)`; adding PostgreSQL and SQLite changed no decision on the data
//! sets' payloads).

use std::ops::ControlFlow;

use sqlparser::ast::{
    Query, SetExpr, Statement, TableAlias, TableFactor, Visit, VisitMut, Visitor, VisitorMut,
};
use sqlparser::dialect::{Dialect, GenericDialect, MsSqlDialect, MySqlDialect};
use sqlparser::parser::{Parser, ParserError};

/// At or above this score the model's word is taken as is.
pub const CERTAIN: f64 = 0.99;

/// Longer values are taken on the model's word: parsing cost grows with
/// length (prose that parses nowhere, tried in every context: about 1.1 ms
/// at 500 bytes, 6 ms at 2,000, `rasp scan`). 512 until the fifteenth
/// session, which blocked a paragraph of a licence or contract the model
/// flagged whatever it said (`(a) under intellectual property rights
/// (other than patent or trademark) ...`: 32 of the 1,468 paragraphs over
/// 512 bytes of the SPDX licence texts, 2 at this bound). The engine also
/// bounds the bytes a request may have read (`Seen::READING_BYTES`).
pub const MAX_LEN: usize = 2048;

/// Values whose parentheses nest deeper than this are said to read as SQL,
/// unparsed. `sqlparser` backtracks at each unclosed call it fails to read,
/// so its time doubles or worse with each level (`cast(cast(cast(...`: 0.7
/// ms at 4 levels, 1.9 s at 12, 16 s at 14, in all contexts; found by the
/// soak of `examples/soak.rs`, where a 409-byte value took 6 s). Prose does
/// not nest parentheses this deep.
pub const MAX_DEPTH: usize = 5;

/// Where a value lands: the query text before and after it. Each quote is
/// tried only when the value holds it (otherwise the value stays inside
/// the string literal, as data), with zero to two open parentheses, and
/// as one of a list of values.
const BEFORE: &str = "SELECT a FROM t WHERE b = ";
const BEFORE_LIST: &str = "SELECT a FROM t WHERE b IN (";
const PARENS: [(&str, &str); 3] = [("", ""), ("(", ")"), ("((", "))")];

const DIALECTS: [&dyn Dialect; 3] = [&GenericDialect {}, &MySqlDialect {}, &MsSqlDialect {}];

/// Whether `value` reads as SQL in one of the contexts an injection lands
/// in. Values longer than [`MAX_LEN`] or nested deeper than [`MAX_DEPTH`]
/// are said to read as SQL.
pub fn reads_as_sql(value: &str) -> bool {
    if value.len() > MAX_LEN || nesting(value) > MAX_DEPTH || breaks_the_query(value) {
        return true;
    }
    // Control characters separate words as spaces do where the parser
    // refuses them (sqlmap ends payloads with `\x16`: `-4602 OR
    // 1925=1925\x16`); line breaks end a line comment and stay.
    let stray = |c: char| c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r');
    let spaced;
    let value = if value.contains(stray) {
        spaced = value.replace(stray, " ");
        spaced.as_str()
    } else {
        value
    };
    // One buffer for every query: the text before the value, the value,
    // the text after it; and the same query without the value, which a
    // reading must differ from (a value that is only a comment, such as a
    // Markdown heading `# Title` after `WHERE b = 1 `, leaves the query as
    // it was: it injected nothing).
    let mut query = String::with_capacity(BEFORE.len() + value.len() + 16);
    let mut without = String::with_capacity(BEFORE.len() + 16);
    let mut parses_in = |before: &[&str], after: &[&str]| {
        query.clear();
        without.clear();
        before.iter().for_each(|p| query.push_str(p));
        without.push_str(&query);
        query.push_str(value);
        after.iter().for_each(|p| {
            query.push_str(p);
            without.push_str(p);
        });
        parses(&query, &without)
    };
    // A value that is one quoted text (`"We demand rigidly defined areas of
    // doubt and uncertainty!" -- Vroomfondel`, a quotation and its
    // attribution) reads, bare or as a sort key, as a string or a name and
    // nothing more: no injection. Only the strings of the query it can
    // close are tried.
    let quoted = one_quoted_text(value);
    for quote in ["'", "\"", "`", ""] {
        if !value.contains(quote) || (quoted && quote.is_empty()) {
            continue;
        }
        if PARENS
            .iter()
            .any(|&(open, close)| parses_in(&[BEFORE, open, quote], &[quote, close]))
        {
            return true;
        }
        // One of a list of values, as in `INSERT ... VALUES ('x', ...)`,
        // `SET a = 'x', b = ...` or a function's arguments: an injection
        // there continues the list (`x', (select ...), 'y`).
        if parses_in(&[BEFORE_LIST, quote], &[quote, ")"]) {
            return true;
        }
        // MySQL's backticks quote names: a name the app puts in a query,
        // such as a sort key (``id`desc,(select sleep(5))#``).
        if quote == "`" && parses_in(&["SELECT a FROM t ORDER BY `"], &["`"]) {
            return true;
        }
    }
    // After a value of the query (`WHERE b = 1 <value>`, in parentheses
    // too), after a table name (` WHERE 1=1 AND 1=0`), as a sort key, and
    // as statements of their own (stacked after a `;`, or a T-SQL batch).
    !quoted
        && (PARENS
            .iter()
            .any(|&(open, close)| parses_in(&[BEFORE, open, "1 "], &[close]))
            || parses_in(&["SELECT a FROM t "], &[])
            || parses_in(&["SELECT a FROM t ORDER BY "], &[])
            || parses_in(&[], &[]))
}

/// Whether the value is one quoted text of three words or more: a quote,
/// text without that quote, the same quote, then at most sentence
/// punctuation, blanks and line breaks, and a line comment to the end (`"I'm not going!"`,
/// `"355/113 -- Not the famous PI"`, `"..." -- Author`). Bare, such a
/// value compares with a text no identifier or number matches; a quoted
/// number or word with a comment after it (`"1" -- -`) is different: it
/// selects a row and cuts off the rest of the condition, and is read in
/// every context as before. Where the value lands inside a string of the
/// query, its quotes close and reopen that string (`"or 1=1 or"` there is
/// a tautology): those contexts read it as usual.
fn one_quoted_text(value: &str) -> bool {
    let b = value.trim().as_bytes();
    let Some(&q) = b.first().filter(|q| matches!(q, b'"' | b'\'' | b'`')) else {
        return false;
    };
    let Some(close) = memchr::memchr(q, &b[1..]).map(|e| e + 1) else {
        return false;
    };
    if memchr::memchr_iter(b' ', &b[1..close]).count() < 2 {
        return false;
    }
    let rest = &b[close + 1..];
    // The attribution may stand on a line of its own (`"..."\r\n\t\t--
    // Norm Schryer`): blanks of any kind before it.
    let tail = rest
        .iter()
        .position(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'.' | b',' | b'!' | b'?'))
        .map_or(&rest[rest.len()..], |p| &rest[p..]);
    tail.is_empty()
        || (tail.starts_with(b"--")
            && !tail.contains(&q)
            && memchr::memchr2(b'\n', b'\r', tail).is_none())
}

/// A value with an odd number of one kind of quote, or more closing than
/// opening parentheses, leaves the query it lands in unterminated or
/// unbalanced: an error probe (`x'`, `admin)`), kept as the model said.
/// An apostrophe between two letters (`It's`, `l'Église`, `O'Brien`) is
/// not counted: it breaks the query just as much, but it is how prose is
/// written, and an error probe puts its quote where a string ends (`admin'`,
/// `1' `). Such a value is still parsed in every context below: an
/// injection through a word's apostrophe (`admin'union select ...`) reads as
/// SQL there.
///
/// The marks of a height in feet and inches (`5'11"`) are not counted
/// either: a measurement, not a probe; nor a backtick between two letters,
/// typed for an apostrophe (`Don`t forget`); nor the `)` of a smiley or of
/// an enumeration's label.
fn breaks_the_query(value: &str) -> bool {
    let b = value.as_bytes();
    let count = |c: u8| value.bytes().filter(|&b| b == c).count();
    let letters = b.iter().any(u8::is_ascii_alphabetic);
    let mut apostrophes = 0;
    let mut inch_marks = 0;
    for i in memchr::memchr_iter(b'\'', b) {
        match height_at(b, i, letters).or_else(|| minutes_at(b, i, letters)) {
            Some(j) => inch_marks += usize::from(b.get(j) == Some(&b'"')),
            None => {
                apostrophes += usize::from(
                    !inside_a_word(value, i)
                        && !length_mark(b, i)
                        && !accent_at(value, i)
                        && !elision_at(value, i)
                        && !year_at(b, i)
                        && !thousands_at(b, i)
                        && !geresh_at(value, i)
                        && !prime_at(b, i),
                )
            }
        }
    }
    let length_marks = memchr::memchr_iter(b'"', b)
        .filter(|&i| length_mark(b, i) || gershayim_at(value, i))
        .count();
    let smileys = memchr::memchr_iter(b')', b)
        .filter(|&i| smiley_at(b, i) || enumeration_at(b, i))
        .count();
    // A backtick between two letters is an apostrophe typed with the key
    // next to it (`it`s`, `O`Brien`), counted no more than one.
    let backticks = memchr::memchr_iter(b'`', b)
        .filter(|&i| !inside_a_word(value, i))
        .count();
    apostrophes % 2 == 1
        || count(b'"').saturating_sub(inch_marks + length_marks) % 2 == 1
        || backticks % 2 == 1
        || count(b')') - smileys > count(b'(')
}

/// Whether the `)` at `i` ends a smiley (`:)`, `;)`, `:-)`, `;-)`, `=)`)
/// at the end of a word: `Love it ;) thanks` (0.99 to the model) has a `)`
/// more than `(`, but it closes no parenthesis of a query.
fn smiley_at(b: &[u8], i: usize) -> bool {
    let eyes = match b[..i] {
        [.., e, b'-'] | [.., e] => e,
        [] => return false,
    };
    matches!(eyes, b':' | b';' | b'=') && b.get(i + 1).is_none_or(|c| !c.is_ascii_alphanumeric())
}

/// Whether `b` holds two spaces or more: a sentence, where an accent typed
/// as `'` or an enumeration's `)` is read as prose, not as a probe.
fn three_words_or_more(b: &[u8]) -> bool {
    memchr::memchr_iter(b' ', b).nth(1).is_some()
}

/// Whether the `)` at `i` ends the label of an item of an enumeration, in a
/// value of three words or more: a letter, a small roman numeral, or one or
/// two digits with an optional `.` and a letter or digits after, starting a
/// word (`a)`, `ii)`, `1.a)`, `12)`), then a space or a comma (`See section
/// 1.a) and 2.b) of the contract` 0.77 to the model: a `)` more than `(`,
/// an error probe to the grammar). A word of the query does not pass for a
/// label (`aBC) and TRUE` is still a probe); the grammar still parses such a
/// value where a parenthesis closes (`1) or (1=1`).
fn enumeration_at(b: &[u8], i: usize) -> bool {
    let len = b[..i]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'.')
        .count();
    let label = &b[i - len..i];
    let starts_a_word = i == len || b[i - len - 1] == b' ';
    let numbered = |l: &[u8]| {
        let digits = l.iter().take_while(|c| c.is_ascii_digit()).count();
        (1..=2).contains(&digits)
            && match &l[digits..] {
                [] => true,
                [b'.', rest @ ..] => {
                    matches!(rest, [c] if c.is_ascii_alphabetic())
                        || (1..=2).contains(&rest.len()) && rest.iter().all(u8::is_ascii_digit)
                }
                _ => false,
            }
    };
    let roman =
        |l: &[u8]| (1..=4).contains(&l.len()) && l.iter().all(|c| matches!(c, b'i' | b'v' | b'x'));
    let letter = |l: &[u8]| matches!(l, [c] if c.is_ascii_alphabetic());
    starts_a_word
        && (letter(label) || roman(label) || numbered(label))
        && b.get(i + 1).is_none_or(|c| *c == b' ' || *c == b',')
        && three_words_or_more(b)
}

/// Whether the `'` at `i` shortens a year to two digits, or names a decade
/// so, at a word start (`Class of '98`, `Windows '98`, `Чернобыль '86`,
/// `the '80s` 0.98 to the model): no string ends there.
fn year_at(b: &[u8], i: usize) -> bool {
    let end = if b.get(i + 3) == Some(&b's') {
        i + 4
    } else {
        i + 3
    };
    (i == 0 || b[i - 1] == b' ')
        && b.get(i + 1..i + 3)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        && b.get(end)
            .is_none_or(|c| matches!(c, b' ' | b',' | b'.' | b';' | b':' | b'!' | b'?' | b')'))
}

/// Whether the `'` at `i` groups the thousands of a number, as Switzerland
/// and Liechtenstein write them (`1'000.00`, `CHF 12'500`, `1'000'000`:
/// 0.98 to the model, an odd apostrophe, an error probe to the grammar):
/// one to three digits standing alone (at the start, or after a byte that
/// is neither a letter, a digit, a quote nor a decimal mark), then groups
/// of exactly three digits each after a `'`, the last one ending the number
/// (no letter or digit after it; a decimal part after `.` or `,` is the
/// number's). FuzzDB's error probe `1'1` has one digit after its quote,
/// and a probe ends with its quote (`1'`); a digit after a quote breaks any
/// query the quote would close, so no injection reads on through it.
fn thousands_at(b: &[u8], i: usize) -> bool {
    let group_after = |q: usize| {
        b.get(q + 1..q + 4)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
            && b.get(q + 4).is_none_or(|c| !c.is_ascii_alphanumeric())
    };
    // Back over the groups before this one, to the number's first digit.
    let mut q = i;
    loop {
        if !group_after(q) {
            return false;
        }
        let n = b[..q]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let start = q - n;
        match start.checked_sub(1).map(|p| b[p]) {
            Some(b'\'') if n == 3 => q = start - 1,
            _ if !(1..=3).contains(&n) => return false,
            None => return true,
            Some(c) => {
                return !c.is_ascii_alphanumeric()
                    && !matches!(c, b'\'' | b'"' | b'`' | b'.' | b',')
            }
        }
    }
}

/// Whether the `'` at `i` follows a Hebrew letter: the geresh, typed as an
/// apostrophe, that marks an abbreviation or a numeral at a word's end
/// (`מס' 12`, "No. 12", 0.98 to the model; `וכו'`, "etc."; `כיתה ג'`,
/// "third grade"). Inside a word (`צ'יפס`) it is already an apostrophe
/// between letters. See also [`gershayim_at`].
fn geresh_at(value: &str, i: usize) -> bool {
    value[..i].chars().next_back().is_some_and(hebrew_letter)
}

/// Whether the `"` at `i` sits between two Hebrew letters: the gershayim,
/// typed as a double quote, of an acronym (`ת"ז`, an identity card; `בע"מ`,
/// "Ltd."), not a string's end.
fn gershayim_at(value: &str, i: usize) -> bool {
    between(value, i, hebrew_letter)
}

fn hebrew_letter(c: char) -> bool {
    ('\u{5d0}'..='\u{5ea}').contains(&c)
}

/// Whether the `'` at `i` stands for the accent of a final vowel, as
/// Italian is typed without accented keys (`perche'`, `citta'`, `e'`, `c'e'`)
/// in a value of three words or more: a vowel ending a word, the quote,
/// then a space, punctuation or the end. An error probe is a word and its
/// quote (`admin'`), not a sentence; and the quote that closes a quoted
/// word (`'kopniak_z_półobrotu'`) is no accent.
fn accent_at(value: &str, i: usize) -> bool {
    let b = value.as_bytes();
    let vowel = |c: u8| matches!(c.to_ascii_lowercase(), b'a' | b'e' | b'i' | b'o' | b'u');
    // The quote that opens the word, if any: one at a word start (the `'`
    // of `c'e'` is inside a word).
    let word = value[..i].trim_end_matches(|c: char| c.is_alphanumeric() || c == '_');
    let opened = word.ends_with('\'')
        && !word[..word.len() - 1]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
    i >= 1
        && vowel(b[i - 1])
        && !opened
        && b.get(i + 1)
            .is_none_or(|c| matches!(c, b' ' | b'.' | b',' | b';' | b':' | b'!' | b'?' | b')'))
        && three_words_or_more(b)
}

/// Whether the `'` at `i` stands for the dropped `g` of `-ing`, as song
/// titles and chat write it (`Nothin' on You` 0.74, `Stormy Weather (Keeps
/// Rainin' All the Time)` 0.88, `Shakin' All Over` 0.997: an odd
/// apostrophe, an error probe to the grammar), in a value of three words or
/// more: a word of three letters or more ending in `in`, the quote, then a
/// space and a letter, punctuation or the end. As for [`accent_at`], a word
/// and its quote alone (`admin'`, `Fallin'`) stays a probe, and the quote
/// that closes a quoted word (`'cousin'`) is no elision; the value is still
/// read in every context (`admin' or 1=1 -- x` parses where its quote
/// closes a string).
pub(crate) fn elision_at(value: &str, i: usize) -> bool {
    let b = value.as_bytes();
    let word = b[..i]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    let start = i - word;
    word >= 3
        && b[i - 2..i].eq_ignore_ascii_case(b"in")
        && (start == 0 || matches!(b[start - 1], b' ' | b'(' | b'"'))
        && match b.get(i + 1) {
            None => true,
            Some(b' ') => b.get(i + 2).is_some_and(u8::is_ascii_alphabetic),
            Some(c) => matches!(c, b'.' | b',' | b'!' | b'?' | b')'),
        }
        && three_words_or_more(b)
}

/// For the `'` at `i`, the index of the inch mark (`"`, or the first `'`
/// of `''`) when they make a height in feet and inches: a digit 1-9
/// standing alone, `'`, an optional space, one or two digits, the inch
/// mark (`5'11"`, `6' 2"`, `5'4''`). Prose often leaves the inch mark out
/// (`he is 6'2`, `I'm 5'8 and love hiking`, `Size M fits 5'7-5'10`: 6 of 11
/// such values written before this rule were blocked): a person's height,
/// 3 to 7 feet and 0 to 11 inches with nothing but a space or punctuation
/// after them, in a value that holds a letter, is one too; the index
/// returned is then the byte after the inches. The caller says once
/// whether the value holds a letter (`letters`): asked at each quote, a long
/// value of such marks without one would be read once a quote. Without a letter the same
/// shape is FuzzDB's error probe `1'1`, and stays one. A digit after a
/// quote breaks any query the quote would close, so no injection reads on
/// through such a quote.
fn height_at(b: &[u8], i: usize, letters: bool) -> Option<usize> {
    let feet =
        i >= 1 && (b'1'..=b'9').contains(&b[i - 1]) && (i < 2 || !b[i - 2].is_ascii_alphanumeric());
    let mut j = i + 1;
    if b.get(j) == Some(&b' ') {
        j += 1;
    }
    let inches = j;
    while b.get(j).is_some_and(u8::is_ascii_digit) {
        j += 1;
    }
    if !feet || !(1..=2).contains(&(j - inches)) {
        return None;
    }
    if b.get(j) == Some(&b'"') || b.get(j..j + 2) == Some(b"''") {
        return Some(j);
    }
    let person = (b'3'..=b'7').contains(&b[i - 1])
        && (j - inches == 1 || matches!(&b[inches..j], b"10" | b"11"))
        && b.get(j)
            .is_none_or(|&c| !c.is_ascii_alphanumeric() && !matches!(c, b'\'' | b'"' | b'`'))
        && letters;
    person.then_some(j)
}

/// For the `'` at `i`, the index after it and its seconds when it marks
/// minutes: of a time, one to three digits standing alone, the mark, two
/// digits (`1'23.456` a lap, `10'30"` a pace, `1'21"789`; a `"` after the
/// seconds is their mark), or of a match's added time, a number standing
/// alone, `+`, a number, the mark ending the word (`90+3'`), or the mark
/// then `+` and a number (`45'+2`). `Lap time 1'23.456` and `Goal at 90+3'`
/// scored 0.98 and 0.96: an odd apostrophe, an error probe to the grammar.
/// A probe puts its quote where a string ends (`1'`, `id=1'`, `1+1'`): no
/// digits after it, and no `+` before a number standing alone in a value
/// without a letter (`letters`: whether the value holds one, which the
/// caller asks once, as for [`height_at`]).
fn minutes_at(b: &[u8], i: usize, letters: bool) -> Option<usize> {
    let digits_back = |end: usize| {
        b[..end]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let alone = |start: usize| start == 0 || matches!(b[start - 1], b' ' | b'(');
    let n = digits_back(i);
    if !(1..=3).contains(&n) {
        return None;
    }
    let start = i - n;
    let seconds = b
        .get(i + 1..i + 3)
        .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        && b.get(i + 3).is_none_or(|c| !c.is_ascii_alphanumeric());
    if alone(start) && seconds {
        return Some(i + 3);
    }
    let word_ends = b
        .get(i + 1)
        .is_none_or(|c| !c.is_ascii_alphanumeric() && *c != b'\'');
    let added_before = start >= 2 && b[start - 1] == b'+' && {
        let m = digits_back(start - 1);
        (1..=3).contains(&m) && alone(start - 1 - m)
    };
    let added_after = b.get(i + 1) == Some(&b'+') && b.get(i + 2).is_some_and(u8::is_ascii_digit);
    // Added time is told in prose; a sum and a quote alone (`1+1'`) is an
    // arithmetic error probe.
    let added = (added_before && word_ends) || (alone(start) && added_after);
    (added && letters).then_some(i + 1)
}

/// Whether the quote at `i` marks a length in feet or inches after a
/// number, followed by a word (`10' ladder`, `55" 4K TV`, `13.3" laptop`):
/// a number standing alone (at the start, after a space or `(`: not the
/// end of a quoted `'50/50'`), the mark, a space, then a word that is not
/// one of SQL's (`1' or 1=1` is not a length), or a parenthetical that
/// does not open with one (`14" (M3, 2023)`). An inch mark may also end
/// the value (`15.6"`, a screen size, and `13″`, folded to `13"`); a foot
/// mark there (`10'`) is what an error probe looks like (`id=1'`), and
/// stays one.
fn length_mark(b: &[u8], i: usize) -> bool {
    if i == 0 || !b[i - 1].is_ascii_digit() {
        return false;
    }
    let number = b[..i]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_digit() || **c == b'.')
        .count();
    if i != number && !matches!(b[i - number - 1], b' ' | b'(') {
        return false;
    }
    // A word from `k` on that is not one of SQL's.
    let plain_word_at = |k: usize| {
        let n = b
            .get(k..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        n > 0 && !super::is_bare_sql_word(&b[k..k + n])
    };
    let word_after = b.get(i + 1) == Some(&b' ') && plain_word_at(i + 2);
    // A parenthetical after the mark (`MacBook Pro 14" (M3, 2023)`), not
    // opening with a word of SQL (sqlmap's `1" (SELECT COUNT(*) FROM ...`).
    let aside_after = b.get(i + 1..i + 3) == Some(b" (") && plain_word_at(i + 3);
    let inches_at_end = b[i] == b'"' && i + 1 == b.len();
    word_after || aside_after || inches_at_end
}

/// Whether the value marks a length in feet or inches (see
/// [`length_mark`]).
pub(crate) fn has_length_mark(v: &str) -> bool {
    let b = v.as_bytes();
    memchr::memchr2_iter(b'\'', b'"', b).any(|i| length_mark(b, i))
}

/// Whether the `'` at `i` is a prime of calculus after a one-letter name
/// (`f'(x) = 2x` 0.996 to the model, `f''(x)`, `y' = 3x^2`): the letter
/// stands alone (at the start, after a space, `(` or an operator), one more
/// prime may stand between, and `(` or `=` follows (a space may stand
/// before the `=`). An error probe puts its quote after a word, a number or
/// a letter, at the end or before SQL (`admin'`, `1'`, `a'`, `x' or
/// sleep(5)`): none of those is a prime.
fn prime_at(b: &[u8], i: usize) -> bool {
    let mut j = i;
    if j >= 1 && b[j - 1] == b'\'' {
        j -= 1;
    }
    let letter = j >= 1 && b[j - 1].is_ascii_alphabetic();
    let alone = j < 2
        || matches!(
            b[j - 2],
            b' ' | b'(' | b'+' | b'-' | b'*' | b'/' | b'=' | b','
        );
    let after = matches!(
        b.get(i + 1..),
        Some([b'(' | b'\'' | b'=', ..]) | Some([b' ', b'=', ..])
    );
    letter && alone && after
}

/// Whether every `'` of the value is a prime of calculus (see [`prime_at`]).
pub(crate) fn only_primes(v: &str) -> bool {
    let b = v.as_bytes();
    let mut quotes = memchr::memchr_iter(b'\'', b).peekable();
    quotes.peek().is_some()
        && quotes.all(|i| prime_at(b, i))
        && memchr::memchr2(b'"', b'`', b).is_none()
}

/// Whether the value shortens a year or names a decade with an apostrophe
/// (see [`year_at`]).
pub(crate) fn has_short_year(v: &str) -> bool {
    let b = v.as_bytes();
    memchr::memchr_iter(b'\'', b).any(|i| year_at(b, i))
}

/// Whether the value holds a height in feet and inches (see [`height_at`]).
pub(crate) fn has_height(v: &str) -> bool {
    let b = v.as_bytes();
    let letters = b.iter().any(u8::is_ascii_alphabetic);
    memchr::memchr_iter(b'\'', b).any(|i| height_at(b, i, letters).is_some())
}

/// Whether the byte at `i` sits between two letters (of any script).
pub(crate) fn inside_a_word(value: &str, i: usize) -> bool {
    between(value, i, char::is_alphabetic)
}

/// Whether the characters on each side of the byte at `i` are `kind`.
fn between(value: &str, i: usize, kind: impl Fn(char) -> bool) -> bool {
    let before = value[..i].chars().next_back();
    let after = value[i + 1..].chars().next();
    before.is_some_and(&kind) && after.is_some_and(kind)
}

/// The deepest nesting of parentheses in `value`, wherever they are
/// (quoted or not: counting too many only leaves the value unparsed).
fn nesting(value: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for c in value.bytes() {
        match c {
            b'(' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// Whether `query` parses in one dialect, as SQL written to run (see
/// [`needs_implicit_alias`], [`lax_show`]), into something else than
/// `without` (the same query without the value).
fn parses(query: &str, without: &str) -> bool {
    DIALECTS.iter().any(|d| {
        // A third-party parser reads attacker text here: should it ever
        // panic (0.59 did on MySQL's `1 div /`, which random token
        // sequences without `div` never met; see the tests), the request is
        // judged on the model's score, not failed.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            parse(*d, query).is_ok_and(|s| {
                // Rendered once: the alias rule reads the rendering, and
                // the comparison with the query without the value too.
                let written = rendered(&s);
                !s.is_empty()
                    && !needs_implicit_alias(query, &written)
                    && !lax_show(&s)
                    && !selects_nothing(&s)
                    && parse(*d, without).map_or(true, |w| rendered(&w) != written)
            })
        }))
        .unwrap_or(true)
    })
}

/// Whether the parse read two words side by side as a name and its alias
/// without `AS` (`SELECT 2 or 3 items FROM the list`: `items` names the
/// column, `list` the table `the`). Prose parses so, word after word;
/// an injection written to run names a column or a table by itself. The
/// parser writes every alias back with `AS`: more of them in its rendering
/// than in the text means one was implicit.
///
/// An alias that the text uses as a qualifier (`users u ... u.id`) is the
/// mark of SQL written by hand, not of prose: such a parse counts.
/// `written` is the parse as [`rendered`] writes it.
fn needs_implicit_alias(query: &str, written: &[String]) -> bool {
    let written_as: usize = written.iter().map(|r| as_words(r)).sum();
    written_as > as_words(query)
        && !written
            .iter()
            .flat_map(|r| aliases(r))
            .any(|a| qualifies(query, a))
        && !names_a_derived_table(query)
}

/// `sql` parsed, every table alias written back with `AS`, as every alias
/// is: [`needs_implicit_alias`] counts the `AS` words of the rendering
/// (since 0.60 `sqlparser` writes a table alias as it was written).
fn parse(dialect: &dyn Dialect, sql: &str) -> Result<Vec<Statement>, ParserError> {
    let mut statements = Parser::parse_sql(dialect, sql)?;
    let _ = VisitMut::visit(&mut statements, &mut AliasesWithAs);
    Ok(statements)
}

struct AliasesWithAs;

impl VisitorMut for AliasesWithAs {
    type Break = ();

    fn pre_visit_table_factor(&mut self, table: &mut TableFactor) -> ControlFlow<()> {
        if let Some(alias) = table_alias(table) {
            alias.explicit = true;
        }
        ControlFlow::Continue(())
    }
}

fn table_alias(table: &mut TableFactor) -> Option<&mut TableAlias> {
    match table {
        TableFactor::Table { alias, .. }
        | TableFactor::Derived { alias, .. }
        | TableFactor::TableFunction { alias, .. }
        | TableFactor::Function { alias, .. }
        | TableFactor::UNNEST { alias, .. }
        | TableFactor::JsonTable { alias, .. }
        | TableFactor::OpenJsonTable { alias, .. }
        | TableFactor::NestedJoin { alias, .. }
        | TableFactor::Pivot { alias, .. }
        | TableFactor::Unpivot { alias, .. }
        | TableFactor::MatchRecognize { alias, .. }
        | TableFactor::XmlTable { alias, .. }
        | TableFactor::SemanticView { alias, .. } => alias.as_mut(),
        _ => None,
    }
}

/// Whether a name follows a closing parenthesis at once (`(SELECT ...)x
/// GROUP BY x`, `...))s)`): the alias MySQL requires of a derived table,
/// as sqlmap writes it (`FLOOR(RAND(0)*2))x FROM ...`). Prose puts a space
/// after a parenthesis.
fn names_a_derived_table(query: &str) -> bool {
    let b = query.as_bytes();
    memchr::memchr_iter(b')', b).any(|i| b.get(i + 1).is_some_and(u8::is_ascii_alphabetic))
}

/// The names that follow the word `AS` in a rendering.
fn aliases(sql: &str) -> impl Iterator<Item = &str> {
    let b = sql.as_bytes();
    (0..b.len().saturating_sub(3)).filter_map(move |i| {
        let after = i + 3;
        let is_as = b[i] == b' '
            && b[i + 1..after].eq_ignore_ascii_case(b"as")
            && b.get(after) == Some(&b' ');
        if !is_as {
            return None;
        }
        let start = after + 1;
        let len = b[start..]
            .iter()
            .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
            .unwrap_or(b.len() - start);
        (len > 0).then(|| &sql[start..start + len])
    })
}

/// Whether `query` uses `name` as a qualifier: `name.` then a column.
fn qualifies(query: &str, name: &str) -> bool {
    let b = query.as_bytes();
    query.match_indices(name).any(|(i, _)| {
        let end = i + name.len();
        (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_'))
            && b.get(end) == Some(&b'.')
            && b.get(end + 1)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'*')
    })
}

/// The statements as the parser writes them back (its AST carries source
/// positions, so two parses of one query at different offsets are compared
/// by their rendering).
fn rendered(statements: &[Statement]) -> Vec<String> {
    statements.iter().map(|s| s.to_string()).collect()
}

/// `sqlparser` reads `SHOW` followed by any words as a statement (`Show all
/// results from 2019 or 2020` parses, its numbers dropped): no evidence.
fn lax_show(statements: &[Statement]) -> bool {
    statements
        .iter()
        .any(|s| matches!(s, Statement::ShowVariable { .. }))
}

/// Whether a query of the parse selects no column: the generic dialect
/// reads `SELECT` with an empty list, as PostgreSQL allows (`Select all`, a
/// button's label, parsed as `SELECT ALL` wherever a subquery goes, and was
/// blocked), which MySQL and SQL Server refuse and which reads no data in
/// any database: no evidence.
fn selects_nothing(statements: &[Statement]) -> bool {
    struct Empty;
    impl Visitor for Empty {
        type Break = ();
        fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<()> {
            if body_selects_nothing(&query.body) {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        }
    }
    statements
        .iter()
        .any(|s| Visit::visit(s, &mut Empty).is_break())
}

fn body_selects_nothing(body: &SetExpr) -> bool {
    match body {
        SetExpr::Select(select) => select.projection.is_empty(),
        SetExpr::SetOperation { left, right, .. } => {
            body_selects_nothing(left) || body_selects_nothing(right)
        }
        SetExpr::Query(query) => body_selects_nothing(&query.body),
        _ => false,
    }
}

/// How many times the word `AS` (any case) occurs in `sql`.
fn as_words(sql: &str) -> usize {
    let b = sql.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'@' || c == b'$';
    b.windows(2)
        .enumerate()
        .filter(|&(i, w)| {
            w.eq_ignore_ascii_case(b"as")
                && (i == 0 || !word(b[i - 1]))
                && b.get(i + 2).is_none_or(|&c| !word(c))
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injections_read_as_sql() {
        for v in [
            "' or 1=1 --",
            "' or 'x'='x",
            "admin' --",
            "1 or 1=1",
            "1) union select username, password from users --",
            "')) or (('1'='1",
            "\" or \"\"=\"",
            "'; drop table users; --",
            "1 AND SLEEP(5)",
            "OR x=x",
            "'+(select 1)+'",
            "' OR username IS NOT NULL OR username = '",
            "x' OR full_name LIKE '%Bob%",
            "1,(select case when 1=1 then 1 else 2 end)",
            "' union select 1,2,3#",
            " WHERE 1=1 AND 1=0",
            "select session_user;",
            "x', (select password from users limit 1), 'y",
            // aliases written out
            "1 union select 1 as a, password as b from users as u",
        ] {
            assert!(reads_as_sql(v), "{v}");
        }
    }

    #[test]
    fn prose_with_quotes_and_sql_words_does_not() {
        for v in [
            "Use the 'Delete' key to remove it",
            "She's 5'6\" and he's 6'1\"",
            "Size 10.5 or 11 -- whichever fits",
            "SELECT * is slow, use columns",
            "/* draft */ final version",
            "Press 'Select', then 'Drop' the file here",
            // parse only with an alias without `AS` (`2 or 3 AS items`,
            // `the AS list`)
            "Select 2 or 3 items from the list",
            // `SHOW` and any words
            "Show all results from 2019 or 2020",
            // An implicit alias that nothing qualifies with.
            "1 union select name from users u",
            // `SELECT` with no column, which only the generic dialect reads.
            "Select all",
            "Select distinct",
        ] {
            assert!(!reads_as_sql(v), "{v}");
        }
        // A column after it is a query again.
        assert!(reads_as_sql("1 union select all password from users"));
    }

    #[test]
    fn quotations_are_text() {
        for v in [
            "\"We demand rigidly defined areas of doubt and uncertainty!\" -- Vroomfondel",
            "\"I'm not stupid, I'm not expendable, and I'M NOT GOING!\"",
            "\"355/113 -- Not the famous irrational number PI\"",
            "  'Stay hungry, stay foolish.' -- Steve Jobs",
            // The attribution on a line of its own.
            "\"If the code and the comments disagree, then both are probably wrong.\"\r\n\t\t-- Norm Schryer",
        ] {
            assert!(one_quoted_text(v), "{v}");
            assert!(!reads_as_sql(v), "{v}");
        }
        // A number or a word in quotes, then a comment, selects a row and
        // cuts off the rest of the condition; quotes that close the query's
        // own string; more after the quote than punctuation and a comment.
        for v in [
            "\"1\" -- -",
            "\"admin user\" --",
            "\"a b c\" or 1=1",
            "\"a b c\" --\n or 1=1",
            "\"a b c\"\n-- x\n or 1=1",
            "\"a b c\"; drop table users",
            "\"a b c",
        ] {
            assert!(!one_quoted_text(v), "{v}");
        }
        for v in ["\"1\" -- -", "\"or 1=1 or\"", "\"a b c\" or 1=1"] {
            assert!(reads_as_sql(v), "{v}");
        }
        // One quoted text, read inside the query's own string.
        assert!(one_quoted_text("\"or 1=1 or\""));
    }

    #[test]
    fn heights_are_measurements() {
        for v in ["He's 5'11\" tall", "5'11\"", "6' 2\"", "5'4''", "(5'11\")"] {
            assert!(has_height(v), "{v}");
        }
        // Without the inch mark: a person's height, in prose.
        for v in [
            "he is 6'2",
            "6'2 tall",
            "Size M fits 5'7-5'10",
            "under 6'5.",
            "3'11 kid",
        ] {
            assert!(has_height(v), "{v}");
            assert!(!breaks_the_query(v), "{v}");
            assert!(!reads_as_sql(v), "{v}");
        }
        for v in [
            "1'1",
            "6'2",
            "he is 8'2",
            "he is 6'12",
            "he is 6'2x",
            "he is 6'2' or 1=1 --",
            "he is 2'1",
        ] {
            assert!(!has_height(v), "{v}");
        }
        // An injection closes the string where the feet end; inches after
        // the quote leave no query (`'he is 6' 2 or ...` parses nowhere).
        assert!(reads_as_sql("he is 6' or 1=1 --"));
        assert!(reads_as_sql("he is 6'2\" or 1=1 --"));
        for v in [
            "x5'11\"",
            "15'11\"",
            "5'111\"",
            "5'11",
            "1' or 1=1",
            "O'Brien",
        ] {
            assert!(!has_height(v), "{v}");
        }
        // Not a probe; prose around a height reads as SQL nowhere, an
        // injection after one still does.
        assert!(!breaks_the_query("He's 5'11\" and weighs 180 lbs"));
        assert!(!reads_as_sql("He's 5'11\" and weighs 180 lbs"));
        assert!(!reads_as_sql("5'4'' and 120 lbs"));
        assert!(reads_as_sql("5'11\" or 1=1 --"));
        assert!(reads_as_sql("5'11\" or \"1\"=\"1"));
    }

    #[test]
    fn hebrew_marks_are_letters() {
        for v in ["מס' 12", "כיתה ג'", "ת\"ז מס' 012345678", "בע\"מ, סניף 3"] {
            assert!(!breaks_the_query(v), "{v}");
            assert!(!reads_as_sql(v), "{v}");
        }
        // A quote after a Latin letter, or a double quote not between two
        // Hebrew letters, still counts; an injection after a geresh reads.
        for v in ["x' 12", "מס\" 12", "ת\"z"] {
            assert!(breaks_the_query(v), "{v}");
        }
        assert!(reads_as_sql("מס' or 1=1-- -"));
    }

    #[test]
    fn primes_of_calculus() {
        for v in [
            "f'(x) = 2x",
            "y' = 3x^2",
            "f''(x) = 2",
            "(g'(t))",
            "2*h'(0)",
        ] {
            assert!(only_primes(v), "{v}");
        }
        for v in [
            "a'",
            "x' or sleep(5)",
            "admin'(1)",
            "1'(x)",
            "f'(x) = 'y'",
            "f'x",
            "no quote",
        ] {
            assert!(!only_primes(v), "{v}");
        }
        assert!(!breaks_the_query("f'(x) = 2x"));
        assert!(!reads_as_sql("f'(x) = 2x"));
        assert!(reads_as_sql("f' union select password from users-- -"));
    }

    #[test]
    fn minutes_are_times() {
        let marked = |v: &str| {
            let b = v.as_bytes();
            let letters = b.iter().any(u8::is_ascii_alphabetic);
            memchr::memchr_iter(b'\'', b).any(|i| minutes_at(b, i, letters).is_some())
        };
        for v in [
            "Lap time 1'23.456",
            "10'30\" per km",
            "Best lap: 1'21\"789",
            "Goal at 90+3'",
            "45'+2 penalty",
            "(1'23)",
        ] {
            assert!(marked(v), "{v}");
        }
        for v in [
            "1'",
            "id=1'",
            "1+1'",
            "5'+1",
            "x1'23",
            "1234'56",
            "1'234",
            "1'2",
            "90+3'x",
            "1' or 1=1",
        ] {
            assert!(!marked(v), "{v}");
        }
        assert!(!breaks_the_query("Lap time 1'23.456"));
        assert!(!breaks_the_query("Pace 10'30\" per km"));
        assert!(!breaks_the_query("Goal at 90+3'"));
        assert!(breaks_the_query("1+1'"));
        // Prose around a time reads as SQL nowhere; an injection after one
        // still does.
        assert!(!reads_as_sql("Goal at 90+3'"));
        assert!(reads_as_sql("Goal at 90+3' or '1'='1"));
        assert!(reads_as_sql("45'+2 union select password from users-- -"));
    }

    #[test]
    fn dropped_g_is_an_elision() {
        let elided = |v: &str| memchr::memchr_iter(b'\'', v.as_bytes()).any(|i| elision_at(v, i));
        for v in [
            "Nothin' on You",
            "Stormy Weather (Keeps Rainin' All the Time)",
            "Shakin' All Over",
            "just chillin', nothing more",
            "we are goin'",
        ] {
            assert!(elided(v), "{v}");
            assert!(!breaks_the_query(v), "{v}");
            assert!(!reads_as_sql(v), "{v}");
        }
        // A word and its quote alone, fewer than three words, a quoted
        // word, a short word, a word glued to a mark, a digit after it.
        for v in [
            "admin'",
            "Fallin'",
            "Feelin' Good",
            "a 'cousin' of mine",
            "in' on it x",
            "x=admin' or y",
            "we are goin'1 x",
        ] {
            assert!(!elided(v), "{v}");
        }
        // The value is still read in every context.
        for v in ["admin' or 1=1 -- x", "we are goin' or '1'='1"] {
            assert!(elided(v), "{v}");
            assert!(reads_as_sql(v), "{v}");
        }
    }

    #[test]
    fn thousands_are_grouped_numbers() {
        let grouped = |v: &str| {
            let b = v.as_bytes();
            memchr::memchr_iter(b'\'', b).all(|i| thousands_at(b, i))
        };
        for v in [
            "1'000.00",
            "1'000,00",
            "CHF 12'500",
            "1'000'000",
            "(ca. 40'000 Fr.)",
            "Lohn: 85'000",
            "Fr. 1'000.-",
        ] {
            assert!(grouped(v), "{v}");
            assert!(!breaks_the_query(v), "{v}");
            assert!(!reads_as_sql(v), "{v}");
        }
        // FuzzDB's probe, a quote ending the value, groups of other sizes,
        // a number glued to a word or to a quote: not grouped thousands.
        for v in [
            "1'1", "1'", "1'00", "1'0000", "1234'567", "a1'000", "1'000x", "'1'000", "1.5'000",
            "1'000'", "1'000'00",
        ] {
            assert!(!grouped(v), "{v}");
        }
        // A quote after the number is counted: the value is a probe, kept
        // as the model said.
        for v in ["1'000'", "1'000.00' and sleep(5)-- -"] {
            assert!(breaks_the_query(v), "{v}");
        }
    }

    #[test]
    fn lengths_are_measurements() {
        for v in [
            "10' ladder",
            "55\" 4K TV",
            "13.3\" laptop sleeve",
            "a 6' 2x4",
            // Inches may end the value.
            "15.6\"",
            "Screen 14.4\"",
            // A parenthetical after the mark.
            "MacBook Pro 14\" (M3, 2023) - Space Gray",
            "Pool noodles 5' (pack of 6)",
        ] {
            assert!(!breaks_the_query(v), "{v}");
            assert!(!reads_as_sql(v), "{v}");
        }
        assert!(has_length_mark("6' HDMI 2.1 cable"));
        for v in ["1\" (SELECT COUNT(*) FROM t)-- x", "14\" (", "1' or 1=1"] {
            assert!(!has_length_mark(v), "{v}");
        }
        // A probe, an SQL word after the mark, a mark glued to a word or to
        // what follows: still counted.
        for v in [
            "1'",
            "10'",
            "1' or 1=1",
            "1\" and 1",
            "x1' ladder",
            "5'6",
            "1'  x",
            // Feet at the end are how a probe ends; inches glued to a word.
            "15.6'",
            "x15.6\"",
        ] {
            assert!(breaks_the_query(v), "{v}");
        }
        // After inches at the end, an injection still reads as SQL.
        assert!(reads_as_sql("15.6\" or 1=1 --"));
        // The quote that closes `'50/50'` is counted as one: the pair is even.
        assert!(!breaks_the_query("It's '50/50' really"));
    }

    #[test]
    fn a_value_that_leaves_the_query_as_it_was_is_not_sql() {
        // Only a comment wherever it lands (`WHERE b = 1 # Title` is `WHERE
        // b = 1`): a Markdown heading, a hashtag line.
        for v in [
            "# Heading 1",
            "## Installation",
            "# Title",
            "#1 best seller",
        ] {
            assert!(!reads_as_sql(v), "{v}");
        }
        // A comment that ends a real change, or a quote it leaves by, still is.
        for v in ["1 or 1=1 # x", "admin'#", "# x\nor 1=1", "' or 1=1 # Title"] {
            assert!(reads_as_sql(v), "{v}");
        }
    }

    #[test]
    fn aliases_used_as_qualifiers_are_sql() {
        for v in [
            "1 union select u.name from users u",
            "1 union select u.password from users u where u.id=1",
            "' union select a.name, b.pass from users a join creds b on a.id=b.uid--",
        ] {
            assert!(reads_as_sql(v), "{v}");
        }
        assert!(qualifies("select u.id from users u", "u"));
        assert!(!qualifies("select menu.id from users u", "u"));
        assert!(!qualifies("the list.", "list"));
    }

    #[test]
    fn error_probes_read_as_sql() {
        // Unterminated or unbalanced where they land: what an error-based
        // probe is for, even when no parser reads it.
        for v in [
            "x'",
            "abc`",
            // (A number then `"` at the end is a length in inches, `15.6"`.)
            "a1\"",
            "admin)",
            "') --",
            "it's 'or not",
            "5'6",
        ] {
            assert!(breaks_the_query(v), "{v}");
            assert!(reads_as_sql(v), "{v}");
        }
        assert!(!breaks_the_query("Use the 'Delete' key (twice)"));
    }

    #[test]
    fn sqlmap_writes_sql_the_grammar_reads() {
        for v in [
            // A control character where a space would be.
            "-4602 OR 1925=1925\x16",
            "-7443 OR 7499=1966\x16",
            // Derived tables named without `AS`.
            "1`=`1` AND (SELECT 3547 FROM(SELECT COUNT(*),CONCAT(0x71,(SELECT (ELT(3547=3547,1))),0x71,FLOOR(RAND(0)*2))x FROM INFORMATION_SCHEMA.PLUGINS GROUP BY x)a) AND `1`=`1",
        ] {
            assert!(reads_as_sql(v), "{v}");
        }
        // A line break still ends a line comment.
        assert!(reads_as_sql("1 --\x16\n or 1=1"));
        assert!(names_a_derived_table("(SELECT 1)x"));
        assert!(!names_a_derived_table("(see docs) below"));
    }

    #[test]
    fn enumeration_labels_leave_the_query_whole() {
        for v in [
            "See section 1.a) and 2.b) of the contract",
            "Answer a) or b), not both",
            "I need i) a copy and ii) the number",
        ] {
            assert!(!breaks_the_query(v), "{v}");
            assert!(!reads_as_sql(v), "{v}");
        }
        // A label alone, a longer word, a label inside a word: probes.
        for v in [
            "1)",
            "a) b",
            "admin) or x",
            "aBC) and TRUE",
            "123) and more words",
        ] {
            assert!(breaks_the_query(v), "{v}");
        }
        // Still read as SQL where a parenthesis closes.
        for v in ["1) or (1=1", "x) union select password from (users"] {
            assert!(reads_as_sql(v), "{v}");
        }
    }

    #[test]
    fn smileys_and_typed_accents_leave_the_query_whole() {
        for v in [
            "Love it ;) thanks",
            "Thanks for the quick reply =) see you Monday",
            "Works fine :-) and ;-)",
            "Il motivo e' perche' c'e'.",
            "La qualita' e' ottima, grazie",
            "Class of '98 reunion, see you there",
            "Хиросима '45, Чернобыль '86, Windows '98",
            "the '80s",
            "music of the '90s, mostly",
            // A quoted word that ends with a vowel keeps both its quotes.
            "0, 1 i 'kopniak_z_półobrotu'. ok",
        ] {
            assert!(!breaks_the_query(v), "{v}");
            assert!(!reads_as_sql(v), "{v}");
        }
        for v in [
            // A parenthesis after a word or a number; one smiley too many.
            "1;x)",
            "admin)",
            "a:b) or 1",
            "x')) ;)",
            // One word and its quote; a quoted word closed after a vowel.
            "perche'",
            "e' x",
            "two words 'kopniak_z_polobrotu' and 'x",
            // A year is two digits alone; `'50/50'` is a quoted ratio.
            "It's '50/50 really",
            "x '123",
            "x '80ss",
            "x '8s",
        ] {
            assert!(breaks_the_query(v), "{v}");
        }
        // Still read as SQL when they are.
        for v in [
            "e' or 1=1 --",
            "perche' union select password from users --",
            "x') or 1=1 ;)",
        ] {
            assert!(reads_as_sql(v), "{v}");
        }
    }

    #[test]
    fn apostrophes_inside_words_are_prose() {
        // Not error probes: read in every context, and prose parses nowhere.
        for v in [
            "It's 50% cotton and 50% polyester",
            "Rue de l'\u{c9}glise 7, 75001 Paris",
            "user's name = 'John' and age > 30",
            "it's 'or' not",
        ] {
            assert!(!breaks_the_query(v), "{v}");
            assert!(!reads_as_sql(v), "{v}");
        }
        // An injection through a word's apostrophe is SQL where it lands.
        for v in [
            "admin'union select password from users--",
            "x'or'a'='a",
            "it's' or 1=1 --",
        ] {
            assert!(reads_as_sql(v), "{v}");
        }
    }

    #[test]
    fn long_values_are_left_to_the_model() {
        let v = "word ".repeat(MAX_LEN / 5 + 1);
        assert!(v.len() > MAX_LEN);
        assert!(reads_as_sql(&v));
    }

    #[test]
    fn mysql_div_without_an_operand_is_an_error_not_a_panic() {
        // sqlparser 0.59 unwrapped the operand of MySQL's `DIV` (found by
        // `examples/soak.rs`): `catch_unwind` kept the request alive, but
        // the panic hook printed a backtrace to the app's stderr for each
        // such value (88 ms with RUST_BACKTRACE=1). 0.64 returns an error.
        for q in ["SELECT a FROM t WHERE b = 1 div /", "SELECT 1 DIV"] {
            assert!(Parser::parse_sql(&MySqlDialect {}, q).is_err(), "{q}");
        }
    }

    #[test]
    fn deep_nesting_is_left_to_the_model() {
        assert_eq!(nesting("a (b) (c (d)) e"), 2);
        assert_eq!(nesting("))(("), 2);
        // Unclosed calls, which the parser fails to read at every level:
        // within the bound they are parsed (and read as nothing)...
        let shallow = format!("1 and {}", "cast(".repeat(MAX_DEPTH));
        assert!(!reads_as_sql(&shallow), "{shallow}");
        // ...past it they are not parsed at all: the model's score stands.
        for shape in ["cast(", "f(x,", "23=benchmark(3=benchmark", "interval ("] {
            let deep = format!("1 and {}", shape.repeat(MAX_DEPTH + 1));
            assert!(reads_as_sql(&deep), "{deep}");
        }
        // Closed nesting within the bound is read as before.
        let closed = format!("1 or {}1=1{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert!(reads_as_sql(&closed));
    }

    /// The parser on random sequences of SQL tokens in each context and
    /// dialect, and its rendering of what parses: a panic fails the test
    /// (`reads_as_sql` would hide it). `RASP_FUZZ_N=3000000 cargo test
    /// --release -p rasp-core --lib sql_grammar::tests::random -- --ignored`
    /// ran 36 million parses without one; with the rendering,
    /// `RASP_FUZZ_N=1000000` ran 12 million parses and renderings without
    /// one (71 s).
    #[test]
    #[ignore]
    fn random_token_sequences_never_panic_the_parser() {
        const TOKENS: &[&str] = &[
            "'", "\"", "`", "(", ")", ",", ";", "--", "#", "/*", "*/", " ", "select", "from",
            "where", "union", "or", "and", "1", "x", "=", "@", "@@", "$", "[", "]", "{", "}", ":",
            "::", "?", "\\", "case", "when", "end", "exec", "declare", "into", "values", "insert",
            "set", "with", "as", "order by", "limit", "0x", "e", ".", "*", "+", "-", "||", "&&",
            "!", "<", ">", "N'", "X'", "$$", "~", "%", "^", "|", "&", "div", "cast(", "interval",
            "not", "in", "is", "null", "like", "between", "exists",
        ];
        let n: usize = std::env::var("RASP_FUZZ_N")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(100_000);
        let mut seed: u64 = 0x1234_5678;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as usize
        };
        for _ in 0..n {
            let v: String = (0..1 + next() % 24)
                .map(|_| TOKENS[next() % TOKENS.len()])
                .collect();
            for before in [BEFORE, "SELECT a FROM t WHERE b = '", BEFORE_LIST, ""] {
                let query = format!("{before}{v}");
                for d in DIALECTS {
                    // What parses is also rendered back: the implicit-alias
                    // rule reads the parser's rendering.
                    if let Ok(statements) = Parser::parse_sql(d, &query) {
                        statements.iter().for_each(|s| drop(s.to_string()));
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// Any text, hostile nesting included, gets an answer.
        #[test]
        fn any_text_gets_an_answer(v in "[()'\"a-z0-9 ;=*/#-]{0,80}|\\PC{0,40}") {
            let _ = reads_as_sql(&v);
        }
    }
}
