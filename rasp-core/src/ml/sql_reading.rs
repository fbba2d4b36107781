//! How databases read what a generic SQL reading takes for noise. sqlmap's
//! tamper scripts are built on these readings (`versionedkeywords`,
//! `halfversionedmorekeywords`, `modsecurityversioned`, `scientific`,
//! `space2mssqlblank`, `binary`, `escapequotes`): the same injection, hidden
//! from a reader that stops at the comment, the odd number, the control
//! character, the cast or the backslash.
//!
//! - MySQL runs the text of a *versioned comment*: `/*!50000UNION*/`,
//!   `/*!0AND`, `/*! SELECT */` read as `UNION`, `AND`, `SELECT`.
//! - MySQL skips a number written `1.e` right before `(`, `)`, `,`, `.`,
//!   `*`, `^`, `/`, `|` or `&` (GoSecure, 2021: `CHAR 1.e(113 1.e)` reads as
//!   `CHAR(113)`).
//! - SQL Server reads every control character from 0x01 to 0x1F as a space
//!   (MySQL reads 0x09 to 0x0D so): `SELECT\x04CHAR(113)`.
//! - MySQL's `BINARY` before an operand casts it to a binary string, which
//!   leaves a comparison's shape as it was: `1 AND binary 7854=binary 4674`
//!   reads as `1 AND 7854=4674` (the reading drops the word).
//! - PostgreSQL (since 9.1), SQL Server and SQLite read a backslash in a
//!   string as a character, not an escape: `1%\' ORDER BY 1#` closes the
//!   string at its quote there, where MySQL (and the model's lexer) read an
//!   escaped quote. The reading drops such a backslash; the string ends at
//!   the same place.
//! - MySQL reads `\N` outside a string as `NULL`, and ends the word there:
//!   `\Nunion select 1` reads as `NULL union select 1` (a WAF bypass of
//!   the same family as `1e0union`).
//!
//! [`database_reading`] gives the value as those databases read it, or the
//! value itself (borrowed, no work beyond one scan) when nothing differs.

use std::borrow::Cow;

use crate::swar;

/// The value as MySQL, SQL Server and PostgreSQL read it (see the module):
/// versioned comments opened, `1.e` before punctuation dropped, control
/// characters other than tab and line breaks made spaces, MySQL's `BINARY`
/// cast dropped, a backslash before a quote dropped. Borrowed when none is
/// there.
pub(crate) fn database_reading(v: &str) -> Cow<'_, str> {
    let b = v.as_bytes();
    // Every change starts at a control character, the `!` of `/*!`, the
    // `.e` of a number, the `y` of `binary` or a backslash: found eight
    // bytes at a time.
    let differs = swar::positions(
        b,
        |w| {
            swar::below(w, 0x20)
                | swar::equal_to(w, b'!')
                | swar::equal_to(w, b'.')
                | swar::equal_to(w, b'\\')
                | swar::equal_to(w | 0x2020_2020_2020_2020, b'y')
        },
        |c| c < 0x20 || matches!(c, b'!' | b'.' | b'\\' | b'y' | b'Y'),
    )
    .any(|i| match b[i] {
        b'!' => i >= 2 && versioned_comment_at(b, i - 2).is_some(),
        b'\\' => escaped_quote_at(b, i) || mysql_null_at(b, i),
        b'y' | b'Y' => i >= 5 && binary_cast_at(b, i - 5).is_some(),
        b'.' => {
            matches!(b.get(i + 1), Some(b'e' | b'E')) && {
                let number = b[..i]
                    .iter()
                    .rev()
                    .take_while(|c| c.is_ascii_digit())
                    .count();
                number > 0 && scientific_at(b, i - number).is_some()
            }
        }
        c => stray_control(c),
    });
    if !differs {
        return Cow::Borrowed(v);
    }
    let mut out = Vec::with_capacity(b.len());
    let mut in_versioned = false;
    let mut i = 0;
    while i < b.len() {
        if stray_control(b[i]) {
            out.push(b' ');
            i += 1;
        } else if let Some(end) = versioned_comment_at(b, i) {
            out.push(b' ');
            in_versioned = true;
            i = end;
        } else if in_versioned && b[i..].starts_with(b"*/") {
            out.push(b' ');
            in_versioned = false;
            i += 2;
        } else if let Some(end) = scientific_at(b, i) {
            i = end;
        } else if escaped_quote_at(b, i) {
            i += 1;
        } else if mysql_null_at(b, i) {
            out.extend_from_slice(b" NULL ");
            i += 2;
        } else if let Some(end) = binary_cast_at(b, i) {
            i = end;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    // Only ASCII bytes were replaced or dropped, whole: the rest is the
    // value's own UTF-8.
    Cow::Owned(
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    )
}

/// A control character SQL Server reads as a space, other than those every
/// reader takes for white space (tab, line feed, carriage return).
fn stray_control(c: u8) -> bool {
    c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r') && c != 0
}

/// Where the word `binary` that starts at `i` ends, when it stands alone
/// (after the start, white space, `(`, `,` or a comparison) before white
/// space and a literal: MySQL's cast.
fn binary_cast_at(b: &[u8], i: usize) -> Option<usize> {
    let word = b.get(i..i + 6)?;
    let before = i.checked_sub(1).map(|k| b[k]);
    let alone = before
        .is_none_or(|c| c.is_ascii_whitespace() || matches!(c, b'(' | b',' | b'=' | b'<' | b'>'));
    let spaces = b[i + 6..]
        .iter()
        .take_while(|c| c.is_ascii_whitespace())
        .count();
    // A literal: a number, a string, a parenthesis, a variable or NULL (a
    // name after it, `binary editor and viewer`, is prose).
    let rest = &b[i + 6 + spaces..];
    let operand = matches!(rest.first(), Some(b'0'..=b'9' | b'\'' | b'"' | b'(' | b'@'))
        || rest
            .get(..4)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"null"));
    (word.eq_ignore_ascii_case(b"binary") && alone && spaces > 0 && operand).then_some(i + 6)
}

/// Whether `i` holds MySQL's `\N` standing alone before it (at the start,
/// after white space, `(`, `,`, `=`, `<`, `>` or `|`): `NULL` to MySQL
/// outside a string. A path (`C:\New`) or a word (`a\Nb`) has a name
/// before it.
fn mysql_null_at(b: &[u8], i: usize) -> bool {
    b[i] == b'\\'
        && b.get(i + 1) == Some(&b'N')
        && i.checked_sub(1).is_none_or(|k| {
            b[k].is_ascii_whitespace() || matches!(b[k], b'(' | b',' | b'=' | b'<' | b'>' | b'|')
        })
}

/// Whether `i` holds a backslash before a quote.
fn escaped_quote_at(b: &[u8], i: usize) -> bool {
    b[i] == b'\\' && matches!(b.get(i + 1), Some(b'\'' | b'"'))
}

/// Where the opening of a versioned comment at `i` ends: `/*!` and up to six
/// digits of a version.
fn versioned_comment_at(b: &[u8], i: usize) -> Option<usize> {
    if !b[i..].starts_with(b"/*!") {
        return None;
    }
    let digits = b[i + 3..]
        .iter()
        .take(6)
        .take_while(|c| c.is_ascii_digit())
        .count();
    Some(i + 3 + digits)
}

/// Where a number written `<digits>.e` ends, when it starts at `i` (not
/// inside a name or a longer number) and is followed by punctuation MySQL
/// skips it before.
fn scientific_at(b: &[u8], i: usize) -> Option<usize> {
    let starts_a_number = b[i].is_ascii_digit()
        && (i == 0
            || !(b[i - 1].is_ascii_alphanumeric() || matches!(b[i - 1], b'_' | b'.' | b'$')));
    if !starts_a_number {
        return None;
    }
    let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let end = i + digits + 2;
    let shape = b.get(i + digits) == Some(&b'.')
        && matches!(b.get(i + digits + 1), Some(b'e' | b'E'))
        && matches!(
            b.get(end),
            Some(b'(' | b')' | b',' | b'.' | b'*' | b'^' | b'/' | b'|' | b'&')
        );
    shape.then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_as_the_databases_do() {
        for (v, read) in [
            ("1 /*!50000UNION*/ /*!SELECT*/ 1", "1  UNION   SELECT  1"),
            ("1%'/*!0AND 'x%'='x", "1%' AND 'x%'='x"),
            ("CHAR 1.e(113 1.e) 1.e| 1.e|x", "CHAR (113 ) | |x"),
            ("SELECT\x04CHAR(113)\x0bFROM\tt", "SELECT CHAR(113) FROM\tt"),
            ("1%\\' ORDER BY 1#", "1%' ORDER BY 1#"),
            ("1 AND BINARY 7854=(binary 4674)", "1 AND  7854=( 4674)"),
            (r#"{\"a\": 1} C:\dir"#, r#"{"a": 1} C:\dir"#),
            (r"\Nunion select 1", " NULL union select 1"),
            (r"1=\N or (\N)", "1= NULL  or ( NULL )"),
        ] {
            assert_eq!(database_reading(v), read, "{v:?}");
        }
    }

    #[test]
    fn ordinary_text_is_borrowed() {
        for v in [
            "Version 1.e is out (finally)",
            "v1.e(x) and file.ext",
            "Price 1.5, shipping 2.e5",
            "a /* b */ c",
            r"C:\Users\jane\report.pdf",
            r"C:\New folder\a\Nb",
            r"line one \n line two",
            "non-binary, binary, binaryfile and the binary",
            "binary editor and viewer",
            "héllo wörld\ttab\nline",
            "",
        ] {
            assert!(matches!(database_reading(v), Cow::Borrowed(_)), "{v:?}");
        }
    }

    proptest::proptest! {
        // Any text: no panic; a reading that differs only replaces or drops
        // ASCII (never longer, but for `\N`, two bytes read as ` NULL `),
        // and text with none of the marks is borrowed.
        #[test]
        fn reads_any_text(v in r"(\PC|[\x00-\x1f]|/\*!|\*/|[0-9]{1,3}\.[eE]|[().,|&^*/]|\\['\x22N]| ){0,40}") {
            match database_reading(&v) {
                Cow::Owned(read) => {
                    proptest::prop_assert!(read != v);
                    let nulls = v.matches("\\N").count();
                    proptest::prop_assert!(read.len() <= v.len() + 4 * nulls);
                }
                Cow::Borrowed(read) => proptest::prop_assert_eq!(read, v.as_str()),
            }
            let marked = v.bytes().any(|c| c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r' | 0))
                || v.contains("/*!")
                || v.contains("\\'")
                || v.contains("\\\"")
                || v.contains("\\N")
                || v.to_ascii_lowercase().contains("binary");
            if !marked && !v.contains(".e") && !v.contains(".E") {
                proptest::prop_assert!(matches!(database_reading(&v), Cow::Borrowed(_)));
            }
        }
    }

    #[test]
    fn keeps_other_text_whole() {
        // Multi-byte characters beside what is replaced stay intact.
        assert_eq!(database_reading("é\x01ü /*!1 ß*/"), "é ü   ß ");
    }
}
