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

fn split_host(h: &str) -> (String, Option<String>) {
    let h = h.trim().to_ascii_lowercase();
    if let Some(rest) = h.strip_prefix('[') {
        // [::1]:8080
        if let Some((addr, after)) = rest.split_once(']') {
            let port = after.strip_prefix(':').map(str::to_string);
            return (format!("[{addr}]"), port);
        }
    }
    match h.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') && port.bytes().all(|b| b.is_ascii_digit()) => (
            host.trim_end_matches('.').to_string(),
            Some(port.to_string()),
        ),
        _ => (h.trim_end_matches('.').to_string(), None),
    }
}

impl HostSpoofing {
    pub fn new(hosts: &[String]) -> Self {
        HostSpoofing {
            hosts: hosts.iter().map(|h| split_host(h)).collect(),
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
            .any(|(h, p)| *h == host && (p.is_none() || *p == port));
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
    }
}
