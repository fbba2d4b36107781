//! Forbidden headers: requests carrying any header named in `FORBIDDEN_HEADERS`.

use crate::request::Request;
use crate::verdict::{Check, Detection, Location};

/// The compiled list of forbidden header names, lower-cased. A list of a
/// few names is searched faster than a hash set is hashed into.
#[derive(Debug, Clone, Default)]
pub(crate) struct ForbiddenHeaders {
    names: Vec<String>,
    /// Bit `n` set when a name is `n` bytes long (`n` < 64; longer names
    /// set bit 63): most request headers (`host`, `accept`, `user-agent`)
    /// have no forbidden name's length and are passed on one test
    /// (callgrind: the comparisons were ~200 instructions a request).
    lengths: u64,
}

fn length_bit(len: usize) -> u64 {
    1 << len.min(63)
}

impl ForbiddenHeaders {
    pub fn new(names: &[String]) -> Self {
        let mut names: Vec<String> = names
            .iter()
            .map(|n| n.trim().to_ascii_lowercase())
            .collect();
        names.sort_unstable();
        names.dedup();
        let lengths = names.iter().fold(0, |bits, n| bits | length_bit(n.len()));
        ForbiddenHeaders { names, lengths }
    }

    pub fn check(&self, req: &Request) -> Option<Detection> {
        if self.names.is_empty() {
            return None;
        }
        req.header_names()
            .find_map(|(n, _)| {
                if self.lengths & length_bit(n.len()) == 0 {
                    return None;
                }
                // The first byte before the whole name: a header of a
                // forbidden name's length mostly differs there
                // (`sec-fetch-dest` and `x-original-url`).
                self.names
                    .iter()
                    .find(|f| f.as_bytes().first() == n.first() && f.as_bytes() == n)
            })
            .map(|f| Detection::new(Check::Headers, Location::HeadersNames, f.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_forbidden_name_case_blind() {
        let f = ForbiddenHeaders::new(&["X-Original-URL".into()]);
        let ip = "127.0.0.1".parse().unwrap();
        let r = Request::new("GET", "/", ip).with_header("x-ORIGINAL-url", "/admin");
        let d = f.check(&r).unwrap();
        assert_eq!(d.payload, "x-original-url");
        let ok = Request::new("GET", "/", ip).with_header("Accept", "*/*");
        assert!(f.check(&ok).is_none());
        // Names of 63 bytes and more share a length bit.
        let long = "x".repeat(70);
        let f = ForbiddenHeaders::new(&[long.clone(), "x-a".into()]);
        for (name, forbidden) in [
            (long.as_str(), true),
            (&long[..65], false),
            ("X-A", true),
            ("x-b", false),
        ] {
            let r = Request::new("GET", "/", ip).with_header(name, "1");
            assert_eq!(f.check(&r).is_some(), forbidden, "{name}");
        }
    }
}
