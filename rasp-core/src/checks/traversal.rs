//! Path traversal: a value that names a file outside the directory the
//! application joins it to (`../../../etc/passwd` given to a handler that
//! reads `uploads/{name}`), or a system file by its absolute path.
//!
//! Judged on the decoded value (`..%2f`, `%2e%2e`, `%5c` are decoded
//! before), with `\` read as `/` (Windows takes both). A value is refused
//! when it
//! - climbs three directories or more (`../../../x`): no relative link of a
//!   page climbs so far, and a handler's base directory is rarely deeper;
//! - or names a system file (`etc/passwd`, `windows/win.ini`, `WEB-INF/`,
//!   `proc/self/`, `.ssh/`, ...) after a climb (`../etc/passwd`) or as an
//!   absolute path that is the whole value (`/etc/passwd`, `C:\boot.ini`,
//!   `file:///etc/shadow`).
//!
//! A climb is `..` between separators, or `....` before one (`....//`
//! becomes `../` once a filter deletes `../`). One or two climbs alone
//! (`../img/logo.png`, a relative link of a CMS page) and a system file
//! named in prose or inside a URL (`my /etc/passwd is broken`,
//! `https://example.com/etc/passwd-guide`) pass.

/// Paths (lower case, `/` separators) whose naming is what an attacker
/// reads files for; matched at a segment's start.
const SYSTEM_FILES: [&[u8]; 22] = [
    b"etc/passwd",
    b"etc/shadow",
    b"etc/group",
    b"etc/hosts",
    b"etc/issue",
    b"etc/master.passwd",
    b"etc/sudoers",
    b"proc/self/",
    b"proc/version",
    b"windows/win.ini",
    b"windows/system.ini",
    b"windows/system32/",
    b"winnt/",
    b"boot.ini",
    b"win.ini",
    b"inetpub/",
    b"web-inf/",
    b"meta-inf/",
    b".htpasswd",
    b".ssh/",
    b".aws/credentials",
    b".git/config",
];

/// Whether `v` (decoded) climbs out of its directory or names a system
/// file as a path (see the module).
pub(crate) fn is_traversal(v: &str) -> bool {
    let b = v.as_bytes();
    let mut climbs = 0;
    let mut system_file = false;
    for i in memchr::memchr2_iter(b'/', b'\\', b) {
        if climbs_before(b, i) {
            climbs += 1;
        }
        system_file = system_file || names_system_file(&b[i + 1..]);
    }
    if b.len() >= 2 && climbs_before(b, b.len()) {
        climbs += 1;
    }
    climbs >= 3 || system_file && (climbs >= 1 || absolute(b))
}

/// Whether `..` ends at `end` as a climb: at the start, after a separator,
/// or as the last two dots of `....`.
fn climbs_before(b: &[u8], end: usize) -> bool {
    end >= 2 && &b[end - 2..end] == b".." && (end == 2 || matches!(b[end - 3], b'/' | b'\\' | b'.'))
}

fn names_system_file(rest: &[u8]) -> bool {
    SYSTEM_FILES.iter().any(|f| {
        rest.len() >= f.len()
            && rest[..f.len()]
                .iter()
                .zip(f.iter())
                .all(|(&c, &want)| c.to_ascii_lowercase() == want || (c == b'\\' && want == b'/'))
    })
}

/// An absolute path as the whole value: `/...`, `\...`, `~/...`, `C:\...`
/// or `C:/...`, or a `file:` URL, without white space (`/etc/passwd is
/// missing` is a sentence about the file).
fn absolute(b: &[u8]) -> bool {
    let b = b.trim_ascii();
    if b.iter().any(u8::is_ascii_whitespace) {
        return false;
    }
    match b {
        [b'/' | b'\\', ..] | [b'~', b'/' | b'\\', ..] => true,
        [d, b':', b'/' | b'\\', ..] if d.is_ascii_alphabetic() => true,
        _ => b.len() >= 5 && b[..5].eq_ignore_ascii_case(b"file:"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn climbs_and_system_files_are_traversal() {
        for v in [
            "../../../etc/passwd",
            "../etc/passwd",
            "..\\..\\windows\\win.ini",
            "....//....//etc/passwd",
            "//../....//....//etc/passwd",
            "/../../../web-inf/web.xml",
            "/../../../../{file}",
            "../../../",
            "/etc/passwd",
            "/ETC/Shadow",
            "c:/windows/win.ini",
            "C:\\boot.ini",
            "file:/c:/boot.ini",
            "file:///etc/passwd",
            "~/.ssh/id_rsa",
            "/proc/self/environ",
            "uploads/../../.git/config",
            "x/../../../y",
        ] {
            assert!(is_traversal(v), "{v}");
        }
    }

    #[test]
    fn relative_links_and_prose_pass() {
        for v in [
            "../img/logo.png",
            "../../lib/util.js",
            "my /etc/passwd is broken",
            "/etc/passwd is missing",
            "https://example.com/etc/passwd-guide",
            "See docs/etc/passwd.md",
            "12/05/2024",
            "and/or",
            "Wait... what?",
            "..",
            "...",
            "a..b/c",
            "/home/jane/report.pdf",
            "C:\\Users\\jane\\Documents\\invoice (1).pdf",
            "/windows-tips",
            "",
        ] {
            assert!(!is_traversal(v), "{v}");
        }
    }
}
