//! Host spoofing: the `Host` header must be one of `HOSTS`.
//!
//! An entry without a port accepts that host on any port; an entry with a
//! port accepts only that port. Comparison is case-blind and ignores a
//! trailing dot. A missing `Host` is refused when `HOSTS` is set.

use crate::request::Request;
use crate::verdict::{Check, Detection, Location};

#[derive(Debug, Clone, Default)]
pub(crate) struct HostSpoofing {
    /// (host, optional port), lower-case.
    hosts: Vec<(String, Option<String>)>,
}

/// Host and port of a `Host` value, as slices of it (compared case-blind).
/// Byte scans: `str` searchers and Unicode trimming cost ~360 instructions a
/// request here (callgrind, axum demo), for a header that is ASCII.
fn split_host(h: &str) -> (&str, Option<&str>) {
    let h = h.trim_ascii();
    let b = h.as_bytes();
    if b.first() == Some(&b'[') {
        // [::1]:8080
        if let Some(end) = b.iter().position(|&c| c == b']') {
            let port = h[end + 1..].strip_prefix(':');
            return (&h[..=end], port);
        }
    }
    let colon = b.iter().rposition(|&c| c == b':');
    match colon {
        Some(i) if !b[..i].contains(&b':') && b[i + 1..].iter().all(u8::is_ascii_digit) => {
            (trim_dots(&h[..i]), Some(&h[i + 1..]))
        }
        _ => (trim_dots(h), None),
    }
}

/// `h` without trailing dots (`example.com.` is `example.com`).
fn trim_dots(h: &str) -> &str {
    let n = h.len() - h.bytes().rev().take_while(|&c| c == b'.').count();
    &h[..n]
}

impl HostSpoofing {
    pub fn new(hosts: &[String]) -> Self {
        HostSpoofing {
            hosts: hosts
                .iter()
                .map(|h| {
                    let (host, port) = split_host(h);
                    (host.to_ascii_lowercase(), port.map(str::to_string))
                })
                .collect(),
        }
    }

    pub fn check(&self, req: &Request) -> Option<Detection> {
        if self.hosts.is_empty() {
            return None;
        }
        let Some(raw) = req.host() else {
            return Some(Detection::new(Check::Spoofing, Location::Host, ""));
        };
        let (host, port) = split_host(raw);
        let ok = self
            .hosts
            .iter()
            .any(|(h, p)| h.eq_ignore_ascii_case(host) && (p.is_none() || p.as_deref() == port));
        (!ok).then(|| Detection::new(Check::Spoofing, Location::Host, raw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(host: Option<&str>) -> Request {
        let r = Request::new("GET", "/", "127.0.0.1".parse().unwrap());
        match host {
            Some(h) => r.with_header("Host", h),
            None => r,
        }
    }

    #[test]
    fn with_and_without_port() {
        let s = HostSpoofing::new(&[
            "Example.com".into(),
            "api.example.com:8443".into(),
            "[::1]:80".into(),
        ]);
        assert!(s.check(&req(Some("example.com"))).is_none());
        assert!(s.check(&req(Some("EXAMPLE.COM:8080"))).is_none());
        assert!(s.check(&req(Some("example.com."))).is_none());
        assert!(s.check(&req(Some("api.example.com:8443"))).is_none());
        assert!(s.check(&req(Some("api.example.com:9000"))).is_some());
        assert!(s.check(&req(Some("api.example.com"))).is_some());
        assert!(s.check(&req(Some("[::1]:80"))).is_none());
        assert!(s.check(&req(Some("evil.com"))).is_some());
        assert!(s.check(&req(Some("example.com.evil.com"))).is_some());
        assert!(s.check(&req(None)).is_some());
        assert!(HostSpoofing::new(&[]).check(&req(Some("any"))).is_none());
        assert!(s.check(&req(Some(" example.com:80 "))).is_none());
        assert!(s.check(&req(Some("example.com..:80"))).is_none());
        assert!(s.check(&req(Some(":80"))).is_some());
        assert!(s.check(&req(Some("example.com:80:80"))).is_some());
    }

    /// The first version, written with `str` searchers and Unicode trimming:
    /// the byte scan must split every ASCII value as it did.
    fn split_host_with_str(h: &str) -> (&str, Option<&str>) {
        let h = h.trim();
        if h.starts_with('[') {
            if let Some(end) = h.find(']') {
                let port = h[end + 1..].strip_prefix(':');
                return (&h[..=end], port);
            }
        }
        match h.rsplit_once(':') {
            Some((host, port))
                if !host.contains(':') && port.bytes().all(|b| b.is_ascii_digit()) =>
            {
                (host.trim_end_matches('.'), Some(port))
            }
            _ => (h.trim_end_matches('.'), None),
        }
    }

    proptest::proptest! {
        #[test]
        fn byte_scan_splits_as_the_str_version(h in "[ a-z0-9.:\\[\\]]{0,24}") {
            proptest::prop_assert_eq!(split_host(&h), split_host_with_str(&h));
        }
    }
}
