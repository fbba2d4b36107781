//! Arithmetic over numbers (`3 * (4 + 5) = 27`, `sqrt(16) = 4`, `max(3, 7)
//! = 7`): what a homework site, a calculator or a forum receives. To the
//! SQLi model it is a comparison of expressions after a value, the shape of
//! sqlmap's boolean probes: 11 of 30 hand-written math lines were blocked,
//! 8 of them with certainty.
//!
//! Where such a value can change a query is the bare context, `WHERE b =
//! <value>`. Without names, quotes, comments or logic, what it can make
//! there is decided by its comparisons, so they are constrained:
//!
//! - none: `b = <expression>`, an ordinary lookup by number;
//! - one `=`, outside any parentheses, whose right side is a number literal
//!   other than 0: SQL reads `(b = <left>) = <number>`, a truth value
//!   compared with the number: with 1 the ordinary lookup again, with any
//!   other number no row. A right side of 0 selects every row *but* one
//!   (`2 - 2 = 0`), and `<`, `>` or a second `=` give every row (`1 < 5`):
//!   not accepted. A comparison inside parentheses is a truth value used in
//!   arithmetic, sqlmap's `(1589=1589)*1`: not accepted either.
//!
//! Names are not accepted (`x = (a + b) / 2` could name columns), save the
//! mathematical functions below, which read no data and take no time.

/// Functions of arithmetic that SQL dialects share or lack, none of which
/// reads a table, a setting or the clock, or waits.
const FUNCTIONS: &[&str] = &[
    "sqrt", "sin", "cos", "tan", "asin", "acos", "atan", "log", "ln", "log10", "log2", "exp",
    "abs", "round", "floor", "ceil", "pow", "power", "max", "min",
];

/// Values longer than this are left to the model.
const MAX_LEN: usize = 128;

/// The bytes beside letters and digits that the walk below accepts.
pub(super) const SYMBOLS: &[u8] = b" +-*/%().,=";

/// Whether the whole value is arithmetic over numbers as the module doc
/// describes.
pub(crate) fn harmless_arithmetic(v: &str) -> bool {
    let b = v.as_bytes().trim_ascii();
    if b.is_empty() || b.len() > MAX_LEN || !b.iter().any(u8::is_ascii_digit) {
        return false;
    }
    let mut depth = 0usize;
    // Whether the last thing read ends an operand (a number or a `)`).
    let mut operand = false;
    let mut equals_at = None;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b' ' => i += 1,
            b'0'..=b'9' | b'.' if !operand => {
                let n = b[i..]
                    .iter()
                    .take_while(|d| d.is_ascii_digit() || **d == b'.')
                    .count();
                if b[i..i + n].iter().filter(|d| **d == b'.').count() > 1
                    || !b[i..i + n].iter().any(u8::is_ascii_digit)
                {
                    return false;
                }
                i += n;
                operand = true;
            }
            b'a'..=b'z' | b'A'..=b'Z' if !operand => {
                let n = b[i..]
                    .iter()
                    .take_while(|d| d.is_ascii_alphanumeric())
                    .count();
                let name = &b[i..i + n];
                i += n;
                if b.get(i) != Some(&b'(')
                    || !FUNCTIONS
                        .iter()
                        .any(|f| f.as_bytes().eq_ignore_ascii_case(name))
                {
                    return false;
                }
            }
            b'(' if !operand => {
                depth += 1;
                i += 1;
            }
            b')' if operand && depth > 0 => {
                depth -= 1;
                i += 1;
            }
            b',' if operand && depth > 0 => {
                operand = false;
                i += 1;
            }
            // A sign, or an operator between operands; never two in a row
            // (no `--` comment, no `/*`).
            b'-' | b'+' if !operand && b.get(i + 1) != Some(&c) && b.get(i + 1) != Some(&b'-') => {
                i += 1;
            }
            b'+' | b'-' | b'*' | b'/' | b'%' if operand => {
                if b.get(i + 1) == Some(&b'-') && c == b'-' {
                    return false;
                }
                operand = false;
                i += 1;
            }
            b'=' if operand && depth == 0 && equals_at.is_none() => {
                equals_at = Some(i);
                operand = false;
                i += 1;
            }
            _ => return false,
        }
    }
    if depth != 0 || !operand {
        return false;
    }
    match equals_at {
        None => true,
        Some(at) => {
            let right = b[at + 1..].trim_ascii();
            right.iter().all(|d| d.is_ascii_digit() || *d == b'.')
                && std::str::from_utf8(right)
                    .ok()
                    .and_then(|r| r.parse::<f64>().ok())
                    .is_some_and(|n| n.is_finite() && n != 0.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic() {
        for v in [
            "3 * (4 + 5) = 27",
            "sqrt(16) = 4",
            "sin(30) = 0.5",
            "2 * (3 + 4)",
            "log(100) = 2",
            "(5 + 3) * 2 = 16",
            "10 - (3 + 2) = 5",
            "max(3, 7) = 7",
            "1 + 1 = 2",
            "-3 + 4 = 1",
            "10 - -1 = 11",
            "2.5 * 4 = 10",
        ] {
            assert!(harmless_arithmetic(v), "{v}");
        }
    }

    #[test]
    fn what_is_not_harmless_arithmetic() {
        for v in [
            "",
            "x = (a + b) / 2",
            "avg = (90 + 85) / 2",
            "f'(x) = 2x",
            // Comparisons that select rows.
            "2 - 2 = 0",
            "1 < 5",
            "1 = 1 = 1",
            "(1589=1589)*1",
            "1 = (2)",
            "3 = 1 + 2",
            "0=0",
            // Comments, logic, data, time.
            "5--3",
            "1 -- x",
            "1 /* x */",
            "1 or 1 = 2",
            "sleep(5) = 5",
            "ascii(substr(user(),1,1)) = 64",
            "1 = 2 # x",
            "1; select 1",
            "(1 + 2",
            "1 + 2)",
            "1 +",
            "1.2.3 = 4",
        ] {
            assert!(!harmless_arithmetic(v), "{v}");
        }
    }
}
