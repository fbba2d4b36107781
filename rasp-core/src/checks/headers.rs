//! Forbidden headers: requests carrying any header named in `FORBIDDEN_HEADERS`.

use crate::request::Request;
use crate::verdict::{Check, Detection, Location};

/// The compiled list of forbidden header names, lower-cased. A list of a
/// few names is searched faster than a hash set is hashed into.
#[derive(Debug, Clone, Default)]
pub(crate) struct ForbiddenHeaders {
    names: Vec<String>,
}

impl ForbiddenHeaders {
    pub fn new(names: &[String]) -> Self {
        let mut names: Vec<String> = names
            .iter()
            .map(|n| n.trim().to_ascii_lowercase())
            .collect();
        names.sort_unstable();
        names.dedup();
        ForbiddenHeaders { names }
    }

    pub fn check(&self, req: &Request) -> Option<Detection> {
        if self.names.is_empty() {
            return None;
        }
        req.headers()
            .find(|(n, _)| self.names.iter().any(|f| f == n))
            .map(|(n, _)| Detection::new(Check::Headers, Location::HeadersNames, n))
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
    }
}
