//! Host spoofing: the `Host` header must be one of `HOSTS`, and so must
//! every host a forwarding header names (`X-Forwarded-Host`, `Forwarded`'s
//! `host=`): actix-web's `ConnectionInfo::host` (behind `url_for`) and
//! axum's `Host` extractor read those first, so a client that writes one
//! hands the application another host than the `Host` rasp judged (links
//! in a password-reset mail pointing at the attacker's site). A proxy's own
//! forwarding headers name the public host, which is one of `HOSTS`.
//!
//! An entry without a port accepts that host on any port; an entry with a
//! port accepts only that port. Comparison is case-blind and ignores a
//! trailing dot. A missing `Host` is refused when `HOSTS` is set.

use crate::request::Request;
use crate::swar;
use crate::verdict::{Check, Detection, Location};

#[derive(Debug, Clone, Default)]
pub(crate) struct HostSpoofing {
    hosts: Vec<AllowedHost>,
}

/// One entry of `HOSTS`.
#[derive(Debug, Clone)]
struct AllowedHost {
    /// Lower case.
    host: String,
    port: Option<String>,
    /// Whether [`HostSpoofing::allows_as_written`] may settle it: no `:`
    /// outside closed brackets (`::1` written bare is left to the split).
    as_written: bool,
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
                    AllowedHost {
                        // An unclosed `[` is no bracketed address: `[:[`
                        // would allow `[:[:`, which the split refuses (found
                        // by the property test below).
                        as_written: (host.starts_with('[') && host.ends_with(']'))
                            || !host.contains(':'),
                        host: host.to_ascii_lowercase(),
                        port: port.map(str::to_string),
                    }
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
        if !self.allows(raw) {
            return Some(Detection::new(Check::Spoofing, Location::Host, raw));
        }
        // One pass over the headers (names are stored in lower case).
        for (name, value) in req.header_names() {
            // An empty entry names nothing.
            let (header, spoofed) = match name {
                b"x-forwarded-host" => (
                    "X-Forwarded-Host",
                    req.header_value(value)
                        .split(',')
                        .map(str::trim)
                        .find(|h| !h.is_empty() && !self.allows(h)),
                ),
                b"forwarded" => (
                    "Forwarded",
                    forwarded_hosts(req.header_value(value))
                        .find(|h| !h.is_empty() && !self.allows(h)),
                ),
                _ => continue,
            };
            if let Some(h) = spoofed {
                let mut d = Detection::new(Check::Spoofing, Location::Host, h);
                d.name = header.to_string();
                return Some(d);
            }
        }
        None
    }

    fn allows(&self, raw: &str) -> bool {
        self.allows_as_written(raw) || self.allows_split(raw)
    }

    /// The usual `Host`, an entry as written, with or without a port, in one
    /// comparison (the split below cost ~400 instructions a request,
    /// callgrind, actix demo). Allows only what [`Self::allows_split`]
    /// allows (a property test checks it): an entry with a `:` outside
    /// brackets is left to the split.
    fn allows_as_written(&self, raw: &str) -> bool {
        let r = raw.as_bytes();
        self.hosts.iter().any(|a| {
            let h = a.host.as_bytes();
            // Entries are stored in lower case, as clients send most hosts:
            // an exact comparison settles those before a case-blind one,
            // which folds each byte (~160 instructions for `127.0.0.1`).
            if !a.as_written
                || r.len() < h.len()
                || !(swar::same(&r[..h.len()], h) || r[..h.len()].eq_ignore_ascii_case(h))
            {
                return false;
            }
            match &r[h.len()..] {
                [] => a.port.is_none(),
                [b':', port @ ..] => {
                    port.iter().all(u8::is_ascii_digit)
                        && a.port
                            .as_deref()
                            .is_none_or(|p| swar::same(p.as_bytes(), port))
                }
                _ => false,
            }
        })
    }

    fn allows_split(&self, raw: &str) -> bool {
        let (host, port) = split_host(raw);
        self.hosts.iter().any(|a| {
            a.host.eq_ignore_ascii_case(host) && (a.port.is_none() || a.port.as_deref() == port)
        })
    }
}

/// The `host=` values of a `Forwarded` header (RFC 7239: elements
/// separated by `,`, pairs by `;`, names case-blind, values maybe quoted).
fn forwarded_hosts(value: &str) -> impl Iterator<Item = &str> {
    value.split([',', ';']).filter_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("host")
            .then(|| value.trim().trim_matches('"'))
    })
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
        assert!(s.check(&req(Some(""))).is_some());
        assert!(s.check(&req(Some("example.com:80:80"))).is_some());
    }

    #[test]
    fn forwarding_headers_name_allowed_hosts_only() {
        let s = HostSpoofing::new(&["shop.example".into()]);
        let with = |name: &str, value: &str| req(Some("shop.example")).with_header(name, value);
        for (name, value) in [
            ("X-Forwarded-Host", "shop.example"),
            ("X-Forwarded-Host", "SHOP.example:443"),
            ("x-forwarded-host", "shop.example, shop.example"),
            ("Forwarded", "for=192.0.2.60;proto=https;host=shop.example"),
            (
                "Forwarded",
                "for=192.0.2.60, for=198.51.100.17;HOST=\"shop.example\"",
            ),
            ("Forwarded", "for=192.0.2.60"),
        ] {
            assert!(s.check(&with(name, value)).is_none(), "{name}: {value}");
        }
        for (name, value, spoofed) in [
            ("X-Forwarded-Host", "evil.example", "evil.example"),
            (
                "X-Forwarded-Host",
                "evil.example, shop.example",
                "evil.example",
            ),
            (
                "X-Forwarded-Host",
                "shop.example,evil.example",
                "evil.example",
            ),
            ("Forwarded", "host=evil.example", "evil.example"),
            (
                "Forwarded",
                "for=192.0.2.60;host=\"evil.example:8080\"",
                "evil.example:8080",
            ),
            (
                "Forwarded",
                "host=shop.example, host=evil.example",
                "evil.example",
            ),
        ] {
            let d = s.check(&with(name, value)).expect(value);
            assert_eq!((d.location, d.payload.as_str()), (Location::Host, spoofed));
            assert!(d.name.eq_ignore_ascii_case(name), "{}", d.name);
        }
        // Off when `HOSTS` is empty, as for `Host`.
        let off = HostSpoofing::new(&[]);
        assert!(off
            .check(&with("X-Forwarded-Host", "evil.example"))
            .is_none());
    }

    #[test]
    fn usual_hosts_are_settled_as_written() {
        let s = HostSpoofing::new(&["127.0.0.1".into(), "Shop.example:8443".into()]);
        for h in [
            "127.0.0.1",
            "127.0.0.1:8080",
            "shop.example:8443",
            "SHOP.EXAMPLE:8443",
        ] {
            assert!(s.allows_as_written(h), "{h}");
        }
        // Left to the split (which allows the first two).
        for h in [
            " 127.0.0.1",
            "127.0.0.1.:80",
            "shop.example:80",
            "shop.example",
        ] {
            assert!(!s.allows_as_written(h), "{h}");
        }
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

    #[test]
    fn an_unclosed_bracket_is_not_settled_as_written() {
        let s = HostSpoofing::new(&["[:[".into()]);
        assert!(!s.allows_as_written("[:[:"));
        assert!(s.check(&req(Some("[:[:"))).is_some());
    }

    proptest::proptest! {
        #[test]
        fn byte_scan_splits_as_the_str_version(h in "[ a-z0-9.:\\[\\]]{0,24}") {
            proptest::prop_assert_eq!(split_host(&h), split_host_with_str(&h));
        }

        /// The one-comparison path allows nothing the split does not.
        #[test]
        fn as_written_allows_only_what_the_split_allows(
            entries in proptest::collection::vec("[ aA:.\\[\\]1]{0,6}", 1..3),
            pick in 0usize..3,
            suffix in "[ :.1a\\]]{0,3}",
            other in "[ aA:.\\[\\]1]{0,9}",
            derived: bool,
        ) {
            // Half the time an entry with a few bytes after it, where the
            // two paths could part.
            let raw = if derived {
                format!("{}{suffix}", entries[pick % entries.len()])
            } else {
                other
            };
            let s = HostSpoofing::new(&entries);
            if s.allows_as_written(&raw) {
                proptest::prop_assert!(s.allows_split(&raw), "{:?} {:?}", entries, raw);
            }
        }
    }
}
