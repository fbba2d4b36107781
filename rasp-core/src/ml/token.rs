//! Generated secrets (`86ffZR@8rjN6h4Wi`, `2vC#wXQ&HdnSh33&`): what a
//! password manager writes into a sign-up form's password field, or an
//! application into a key or token field. Letters and digits with `@`, `#`,
//! `%`, `&` or `^` among them are, to the SQLi model, variables, comments
//! and operators after a number: 17 of 400 passwords made with the symbol
//! sets of two common generators (`!@#$%^&*`) were blocked as SQLi, 8 of
//! them with certainty.
//!
//! Such a value has no quote, so it cannot leave a string literal: in a
//! quoted context it is data. What it can do is limited to the bare
//! context (a number column's `WHERE id = <value>`), and there, without
//! spaces, calls, `=`, SQL keywords or a comment other than `#`, and with no
//! arithmetic after a `)` (which may close a parenthesis of the query), it
//! is arithmetic over numbers, names and user variables: the risk of a bare
//! name (`id`, read as `WHERE id = id`), which every plain value already
//! carries, and nothing more. The one thing more it could do is cut the
//! query short with `#` (MySQL's comment) after a complete expression:
//! `3#...` ends `WHERE id = 3` and drops any condition after it. So a `#`
//! is accepted only where what precedes it is no complete expression:
//! nothing, an operator, two operands side by side (`Ef@TxU2` is a name
//! then a variable), or a digit-led word that is no number (`2vC`, a column
//! name no schema has: MySQL reports an unknown column). `3#4LWXSDV#U$vVSC`
//! and `id#xxxxxxxx` stay with the model (blocked). System variables
//! (`@@version`, readable bit by bit through arithmetic) are not accepted.
//!
//! Before the cut and the arithmetic are asked about, a value whose tokens
//! up to any comment make every statement fail is accepted: a name after a
//! `)` (`)R3Jel1B#...`, `hl_I8)uf#...`), a digit-led name (`W7i)^6Pl`) or an
//! operator that needs a left operand at the start (`&4#A!VBx`). A
//! statement that fails to parse, or names a column no schema has, runs no
//! arithmetic and cuts nothing; a comment hides only what follows it, so it
//! cannot hide the error. Cleared so: 7 of the 14 Faker passwords of two
//! draws blocked as SQLi, and of 10,000 passwords of four generators'
//! alphabets drawn after the rule, 15 of the 75 blocked as SQLi.

use super::sql_lexer::{lex, Context, Tok, Token};

/// Shorter values are not secrets a generator writes, and longer ones are
/// left to the model.
const LEN: std::ops::RangeInclusive<usize> = 8..=128;

/// The symbols password generators use beside letters and digits (`-` and
/// `:` from browsers' generators, `_` and `.` from key formats, `(`, `)`
/// and `+` from the set `!@#$%^&*()_+` of Python's Faker and others).
pub(super) const SYMBOLS: &[u8] = b"!@#$%^&*_.-:()+";

pub(super) fn token_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || SYMBOLS.contains(&c)
}

/// Whether `v` is a token of letters, digits and generator symbols that SQL
/// can only read as arithmetic (see the module doc).
pub(crate) fn inert_token(v: &str) -> bool {
    inert(v, false)
}

/// [`inert_token`] for the value of a password field, where a `#` may cut
/// what follows after any expression: a password is compared as a string,
/// and if an application compares it bare (a PIN in a number column), the
/// password's condition is the query's last, as in every login query
/// (`WHERE user = '...' AND password = ...`), so there is nothing after it
/// to cut. Arithmetic after a `)` is still refused: `1)+(1` would make the
/// condition true for every row.
pub(crate) fn inert_password(v: &str) -> bool {
    inert(v, true)
}

fn inert(v: &str, cut_allowed: bool) -> bool {
    let b = v.as_bytes();
    if !LEN.contains(&b.len())
        || !b.iter().all(|&c| token_byte(c))
        || b.windows(2).any(|w| w == b"--" || w == b"@@")
    {
        return false;
    }
    let mut toks = Vec::with_capacity(16);
    lex(v, Context::Bare, 64, &mut toks);
    // Past 64 tokens the value is left to the model.
    if toks.len() >= 64 {
        return false;
    }
    let mut before_comment = toks.len();
    let mut arithmetic_after_close = false;
    for (i, t) in toks.iter().enumerate() {
        match t.tok {
            Tok::Number | Tok::Bareword | Tok::Variable | Tok::Operator | Tok::Dot | Tok::Open => {}
            // A `)` can close a parenthesis of the query, and arithmetic
            // after it then works on the comparison's result: `1)+(1` makes
            // `WHERE (id = 1)+(1)` true for every row. Anything else after
            // a `)` (a name, a number, `(`) is a syntax error there.
            Tok::Close if toks.get(i + 1).is_some_and(|n| n.tok == Tok::Operator) => {
                arithmetic_after_close = true;
            }
            Tok::Close => {}
            Tok::Comment if t.text.starts_with('#') => {
                before_comment = i;
                break;
            }
            _ => return false,
        }
    }
    let before = &toks[..before_comment];
    if fails_everywhere(before) {
        return true;
    }
    !arithmetic_after_close
        && (before_comment == toks.len() || cut_allowed || cut_is_harmless(before))
}

fn is_operand(t: &Token<'_>) -> bool {
    matches!(t.tok, Tok::Number | Tok::Bareword | Tok::Variable)
}

/// Whether the statement fails, whatever the query around the value, on
/// the tokens before any comment (a comment hides only what follows it):
/// - a digit-led word that is no number (`2vC`): MySQL reads a name no
///   schema has (unknown column), the others a number then a name (a syntax
///   error); `1e` before `+`/`-` is left out, the start of `1e+3`;
/// - a `)` followed by an operand or `(` (`)R3Jel1B`, `x)4`): a syntax
///   error after a parenthesis, the query's or none;
/// - an operator that takes two operands at the start (`&4`, `^x`): a
///   syntax error where an expression starts.
///
/// A statement that fails runs nothing: no arithmetic, no cut, no call.
fn fails_everywhere(before: &[Token<'_>]) -> bool {
    let digit_led_name = |t: &Token<'_>| {
        t.tok == Tok::Number
            && !is_number_literal(t.text)
            && !t
                .text
                .strip_suffix(['e', 'E'])
                .is_some_and(is_number_literal)
    };
    before.iter().any(digit_led_name)
        || before
            .windows(2)
            .any(|w| w[0].tok == Tok::Close && (is_operand(&w[1]) || w[1].tok == Tok::Open))
        || before
            .first()
            .is_some_and(|t| t.tok == Tok::Operator && matches!(t.text, "&" | "^" | "%" | "*"))
}

/// Whether the tokens before a `#` comment are no complete expression.
fn cut_is_harmless(before: &[Token<'_>]) -> bool {
    before.is_empty()
        || before.last().is_some_and(|t| t.tok == Tok::Operator)
        || before
            .windows(2)
            .any(|w| is_operand(&w[0]) && is_operand(&w[1]))
}

/// A number as SQL reads it: digits with an optional fraction and
/// exponent, or a `0x`/`0b` literal. The lexer's number tokens also take
/// digit-led words (`2vC`), which MySQL reads as names.
fn is_number_literal(t: &str) -> bool {
    let b = t.as_bytes();
    if let Some(rest) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return !rest.is_empty() && rest.bytes().all(|c| c.is_ascii_hexdigit());
    }
    if let Some(rest) = t.strip_prefix("0b").or_else(|| t.strip_prefix("0B")) {
        return !rest.is_empty() && rest.bytes().all(|c| c == b'0' || c == b'1');
    }
    let digits = |i: usize| b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut i = digits(0);
    if b.get(i) == Some(&b'.') {
        i += 1 + digits(i + 1);
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let e = digits(i + 1);
        if e == 0 {
            return false;
        }
        i += 1 + e;
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_secrets() {
        for v in [
            "86ffZR@8rjN6h4Wi",
            "9vb$Ls@7V4LHtp6y",
            "2vC#wXQ&HdnSh33&",
            "5Yu5CyWgAVj#%2Tj",
            "Ef@TxU2sFyZfC#L!",
            "3q@r^aW3BAYPh#iw",
            "#%%qLUPuj%WCcxUD",
            "aB3-xY7.kL9:mN2",
            "1&1&1&1&1",
            // Faker's `!@#$%^&*()_+`: a `)` then a name, an unclosed `(`.
            ")Rt7GGTd",
            "3LJ@9rmGiRU)4Z53Fy",
            "(9WUfU0c1#",
            "4$xExOQ#na0+",
            "*0_LQ)a)w1sepKV",
            // A statement that fails before the cut or the arithmetic: a
            // name after a `)`, a digit-led name, a leading `&`.
            ")nZPIZtWI6UbG#3u*",
            "hl_I8)uf#Xu5Rch",
            ")4^GZr0nOS#",
            "W7i)^6Pl",
            "&4#A!VBx",
        ] {
            assert!(inert_token(v), "{v}");
        }
    }

    #[test]
    fn what_is_not_an_inert_token() {
        for v in [
            // Too short, spaces, quotes, parentheses.
            "aB3$k9#",
            "correct horse battery",
            "x9'Kp2$vL5@",
            "sleep(5)aaaa",
            "ascii(x)aaaa",
            // Arithmetic after a `)` that may close one of the query's.
            "1)+(1)#aaaaa",
            "11111)*(1)",
            "abcd)-1#aaaa",
            "abcd)-1e+3#a",
            // A call is left to the model, whatever else fails.
            "1btJ_a+ux)n8J(aVr)g",
            // A cut right after a `)`.
            "x)#aaaaaaaa",
            "(1)#aaaaaaa",
            // A cut after a complete expression.
            "3#4LWXSDV#U$vVSC",
            "12345678#",
            "id#xxxxxxxx",
            "1&id#xxxxxxxx",
            "t.id#xxxxxxx",
            // A name no schema has, but a name: left to the model.
            "xK9#mP2$vL5@",
            "@taALKFQd2#5cLCH",
            "0x1F#aaaaaaaa",
            "1e5#aaaaaaaa",
            // Comments, keywords, system variables, logic.
            "1--aaaaaaaa",
            "1&@@version",
            "1||1aaaaaaaa",
            "1&&1aaaaaaaa",
            "xK9#mP2$vL5@or",
            "1%or%1aaaaaaa",
            "1/**/aaaaaaaa",
        ] {
            assert!(!inert_token(v), "{v}");
        }
    }

    #[test]
    fn a_password_may_cut_after_an_expression() {
        for v in ["5#oZX2sWIL", "@hM#nTGupmT3", "27#+2KMy", "1&1#aaaaaaaa"] {
            assert!(!inert_token(v), "{v}");
            assert!(inert_password(v), "{v}");
        }
        // Arithmetic after a `)`, calls, comments other than `#`, system
        // variables and logic are refused in a password too.
        for v in [
            "1)+(1)#aaaaa",
            "0)+bHh+Wj+Cwm3",
            "sleep(5)aaaa",
            "1--aaaaaaaa",
            "1&@@version",
            "1||1aaaaaaaa",
        ] {
            assert!(!inert_password(v), "{v}");
        }
    }

    #[test]
    fn number_literals() {
        for t in ["1", "3.5", "1e5", "2.5E10", "0x1F", "0b101", "7."] {
            assert!(is_number_literal(t), "{t}");
        }
        for t in ["2vC", "5Yu5CyWgAVj", "1e", "0x", "0xZZ", "86ffZR", "1.2.3"] {
            assert!(!is_number_literal(t), "{t}");
        }
    }
}
