//! A tolerant SQL lexer for injection fragments.
//!
//! `sqlparser`'s tokenizer stops with an error on an unterminated string or
//! comment, which is exactly what an injected fragment looks like
//! (`1' or '1'='1` ends inside a string in two of its three contexts), and it
//! allocates a `String` per word. This lexer never fails, never allocates, and
//! maps each token to a one-letter class in the manner of libinjection's
//! fingerprints, which is what the model needs.

/// Token classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    /// A number: `1`, `3.5`, `0x7171`, `1e3`.
    Number,
    /// A complete quoted string.
    String,
    /// A string that runs to the end of the value.
    OpenString,
    /// A SQL keyword.
    Keyword,
    /// A word followed by `(`.
    Function,
    /// `and`, `or`, `xor`, `not`, `&&`, `||`.
    Logic,
    /// An operator: `=`, `<`, `>`, `!=`, `+`, `*`, `|`...
    Operator,
    /// `--`, `#`, `/* */` (possibly unterminated).
    Comment,
    /// `(`.
    Open,
    /// `)`.
    Close,
    /// `,`.
    Comma,
    /// `;`.
    Semicolon,
    /// `.`.
    Dot,
    /// `@x`, `@@x`.
    Variable,
    /// Another word.
    Bareword,
    /// Anything else.
    Other,
}

impl Tok {
    /// A value: a number or a name. Two side by side (`Size 10`, `red
    /// shoes`) are no SQL expression outside an alias: the shape of prose.
    pub fn is_value(self) -> bool {
        matches!(self, Tok::Number | Tok::Bareword)
    }

    /// The one-letter class used in fingerprints.
    pub fn letter(self) -> u8 {
        match self {
            Tok::Number => b'1',
            Tok::String => b's',
            Tok::OpenString => b'S',
            Tok::Keyword => b'k',
            Tok::Function => b'f',
            Tok::Logic => b'&',
            Tok::Operator => b'o',
            Tok::Comment => b'c',
            Tok::Open => b'(',
            Tok::Close => b')',
            Tok::Comma => b',',
            Tok::Semicolon => b';',
            Tok::Dot => b'.',
            Tok::Variable => b'v',
            Tok::Bareword => b'n',
            Tok::Other => b'?',
        }
    }
}

/// Words that are SQL keywords in the dialects attackers target.
const KEYWORDS: &[&str] = &[
    "all",
    "alter",
    "analyze",
    "as",
    "asc",
    "begin",
    "between",
    "by",
    "case",
    "cast",
    "collate",
    "column",
    "convert",
    "create",
    "cross",
    "current_user",
    "database",
    "declare",
    "delay",
    "delete",
    "desc",
    "distinct",
    "div",
    "drop",
    "else",
    "end",
    "escape",
    "exec",
    "execute",
    "exists",
    "from",
    "full",
    "glob",
    "grant",
    "group",
    "having",
    "identified",
    "if",
    "ilike",
    "in",
    "inner",
    "insert",
    "into",
    "is",
    "join",
    "left",
    "like",
    "limit",
    "load_file",
    "match",
    "mod",
    "null",
    "offset",
    "on",
    "order",
    "outfile",
    "privileges",
    "procedure",
    "regexp",
    "revoke",
    "rlike",
    "right",
    "rownum",
    "select",
    "set",
    "shutdown",
    "sounds",
    "table",
    "then",
    "top",
    "truncate",
    "union",
    "update",
    "user",
    "using",
    "values",
    "waitfor",
    "when",
    "where",
    "with",
    "dumpfile",
    "information_schema",
    "sysobjects",
    "syscolumns",
    "pg_sleep",
    "sleep",
    "benchmark",
    "dbms_pipe",
    "utl_inaddr",
    "xp_cmdshell",
    "char",
    "chr",
    "concat",
    "count",
    "substring",
    "ascii",
    "version",
];

/// Whether `w` (lower-case) is a keyword. Every word of every value scored
/// is looked up: a hash set built once (a binary search over the sorted list
/// cost ~350 instructions a word in callgrind, eight string compares).
pub fn is_keyword(w: &str) -> bool {
    type Set = std::collections::HashSet<&'static str, foldhash::fast::FixedState>;
    static SET: std::sync::OnceLock<Set> = std::sync::OnceLock::new();
    SET.get_or_init(|| KEYWORDS.iter().copied().collect())
        .contains(w)
}

fn is_logic(w: &str) -> bool {
    matches!(w, "and" | "or" | "xor" | "not")
}

/// One token: its class and its text (a slice of the input).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// Class.
    pub tok: Tok,
    /// Text as in the input.
    pub text: &'a str,
}

/// Where the value lands in the query, as libinjection's contexts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// As a bare value (after `=` of a number column).
    Bare,
    /// Inside a single-quoted string: the text up to the first `'` is data.
    SingleQuote,
    /// Inside a double-quoted string.
    DoubleQuote,
}

/// Tokens of `value` in `ctx`, at most `max` of them. `None` when the
/// context cannot apply (a string context without its closing quote: the
/// whole value stays data).
pub fn lex<'a>(value: &'a str, ctx: Context, max: usize, out: &mut Vec<Token<'a>>) -> bool {
    out.clear();
    let start = match ctx {
        Context::Bare => 0,
        Context::SingleQuote | Context::DoubleQuote => {
            let q = if ctx == Context::SingleQuote {
                b'\''
            } else {
                b'"'
            };
            match close_quote(value.as_bytes(), 0, q) {
                Some(i) => i + 1,
                None => return false,
            }
        }
    };
    lex_from(value, start, max, out);
    true
}

fn close_quote(b: &[u8], mut i: usize, q: u8) -> Option<usize> {
    while i < b.len() {
        if b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == q {
            // A doubled quote is an escaped quote inside the string.
            if b.get(i + 1) == Some(&q) {
                i += 2;
                continue;
            }
            return Some(i);
        }
        i += 1;
    }
    None
}

fn lex_from<'a>(s: &'a str, mut i: usize, max: usize, out: &mut Vec<Token<'a>>) {
    let b = s.as_bytes();
    while i < b.len() && out.len() < max {
        let c = b[i];
        let start = i;
        let tok = match c {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | b'+'
                if c != b'+' || !prev_is_value(out) =>
            {
                i += 1;
                continue;
            }
            b'\'' | b'"' | b'`' => match close_quote(b, i + 1, c) {
                Some(end) => {
                    i = end + 1;
                    if c == b'`' {
                        Tok::Bareword
                    } else {
                        Tok::String
                    }
                }
                None => {
                    i = b.len();
                    Tok::OpenString
                }
            },
            b'0'..=b'9' => {
                i += 1;
                if c == b'0' && matches!(b.get(i), Some(b'x' | b'X' | b'b' | b'B')) {
                    i += 1;
                }
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'.') {
                    i += 1;
                }
                Tok::Number
            }
            b'-' if b.get(i + 1) == Some(&b'-') => {
                i = line_end(b, i);
                Tok::Comment
            }
            b'#' => {
                i = line_end(b, i);
                Tok::Comment
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = match find(b, i + 2, b"*/") {
                    Some(e) => e + 2,
                    None => b.len(),
                };
                Tok::Comment
            }
            b'@' => {
                i += 1;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'@')
                {
                    i += 1;
                }
                Tok::Variable
            }
            b'(' => {
                i += 1;
                Tok::Open
            }
            b')' => {
                i += 1;
                Tok::Close
            }
            b',' => {
                i += 1;
                Tok::Comma
            }
            b';' => {
                i += 1;
                Tok::Semicolon
            }
            b'.' => {
                i += 1;
                Tok::Dot
            }
            b'&' | b'|' if b.get(i + 1) == Some(&c) => {
                i += 2;
                Tok::Logic
            }
            b'=' | b'<' | b'>' | b'!' | b'+' | b'-' | b'*' | b'/' | b'%' | b'|' | b'^' | b'~'
            | b'&' | b':' => {
                i += 1;
                while i < b.len() && matches!(b[i], b'=' | b'<' | b'>' | b'!') {
                    i += 1;
                }
                Tok::Operator
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c == b'$' || c >= 0x80 => {
                while i < b.len()
                    && (b[i].is_ascii_alphanumeric()
                        || b[i] == b'_'
                        || b[i] == b'$'
                        || b[i] >= 0x80)
                {
                    i += 1;
                }
                let w = &s[start..i];
                let mut buf = [0u8; 24];
                let lw = lower(w, &mut buf);
                let next = b[i..].iter().find(|c| !c.is_ascii_whitespace());
                if is_logic(lw) {
                    Tok::Logic
                } else if next == Some(&b'(') {
                    Tok::Function
                } else if is_keyword(lw) {
                    Tok::Keyword
                } else {
                    Tok::Bareword
                }
            }
            _ => {
                i += s[i..].chars().next().map(char::len_utf8).unwrap_or(1);
                Tok::Other
            }
        };
        // Slices always fall on char boundaries: every branch stops at ASCII or the end.
        let text = s.get(start..i).unwrap_or("");
        out.push(Token { tok, text });
    }
}

/// `+` is a space in URL-encoded SQL unless it follows a value (then it is addition).
fn prev_is_value(out: &[Token<'_>]) -> bool {
    matches!(
        out.last().map(|t| t.tok),
        Some(Tok::Number | Tok::String | Tok::Bareword | Tok::Close | Tok::Variable)
    )
}

fn line_end(b: &[u8], i: usize) -> usize {
    b[i..]
        .iter()
        .position(|&c| c == b'\n')
        .map(|p| i + p)
        .unwrap_or(b.len())
}

fn find(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    if from >= b.len() {
        return None;
    }
    b[from..]
        .windows(pat.len())
        .position(|w| w == pat)
        .map(|p| from + p)
}

/// Lower-cases an ASCII word into `buf`; words longer than the buffer are
/// never keywords, so they come back as an empty string.
pub fn lower<'b>(w: &str, buf: &'b mut [u8; 24]) -> &'b str {
    std::str::from_utf8(lower_bytes(w.as_bytes(), buf)).unwrap_or("")
}

/// [`lower`] on bytes, for callers that hold the word as bytes and match
/// it against byte strings (no UTF-8 check either way).
pub fn lower_bytes<'b>(w: &[u8], buf: &'b mut [u8; 24]) -> &'b [u8] {
    if w.len() > buf.len() || !w.is_ascii() {
        return &[];
    }
    for (d, s) in buf.iter_mut().zip(w) {
        *d = s.to_ascii_lowercase();
    }
    &buf[..w.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp(v: &str, ctx: Context) -> Option<String> {
        let mut out = Vec::new();
        lex(v, ctx, 64, &mut out).then(|| out.iter().map(|t| t.tok.letter() as char).collect())
    }

    #[test]
    fn fingerprints() {
        assert_eq!(
            fp("1 union select password from users--", Context::Bare).unwrap(),
            "1kknknc"
        );
        assert_eq!(fp("1' or '1'='1", Context::SingleQuote).unwrap(), "&soS");
        assert_eq!(fp("O'Brien", Context::SingleQuote).unwrap(), "n");
        assert_eq!(fp("plain text", Context::SingleQuote), None);
        assert_eq!(
            fp("1;waitfor delay '0:0:5'--", Context::Bare).unwrap(),
            "1;kksc"
        );
        assert_eq!(fp("sleep(5)", Context::Bare).unwrap(), "f(1)");
        assert_eq!(fp("a && b || @@version", Context::Bare).unwrap(), "n&n&v");
        assert_eq!(fp("x/*comment", Context::Bare).unwrap(), "nc");
    }

    #[test]
    fn never_panics_on_odd_input() {
        let mut out = Vec::new();
        for v in [
            "'",
            "\\",
            "é'",
            "0x",
            "@",
            "/*",
            "--",
            "#",
            "''''",
            "\u{10FFFF}(",
            "a'\\",
        ] {
            for ctx in [Context::Bare, Context::SingleQuote, Context::DoubleQuote] {
                lex(v, ctx, 64, &mut out);
            }
        }
    }
}
