//! Source addresses: whitelist / trusted-proxy matching and the client-IP rule.

use std::net::IpAddr;

use ipnet::IpNet;

/// One address or CIDR range from `WHITELIST` or `TRUSTED_PROXIES`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IpMatcher {
    /// A single address.
    Addr(IpAddr),
    /// A range such as `10.0.0.0/8`.
    Net(IpNet),
}

impl IpMatcher {
    /// Parses `1.2.3.4`, `::1` or `10.0.0.0/8`.
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if let Ok(a) = s.parse::<IpAddr>() {
            return Ok(IpMatcher::Addr(a));
        }
        s.parse::<IpNet>()
            .map(IpMatcher::Net)
            .map_err(|_| format!("{s:?} is not an IP address or CIDR range"))
    }

    /// Whether `ip` is this address or inside this range.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        match self {
            IpMatcher::Addr(a) => canonical(*a) == ip,
            IpMatcher::Net(n) => n.contains(&ip),
        }
    }
}

/// A list of matchers, checked in order.
#[derive(Debug, Clone, Default)]
pub struct IpList(Vec<IpMatcher>);

impl IpList {
    /// Builds the list; entries were checked by `Config::validate`, bad ones are skipped.
    pub fn new(entries: &[String]) -> Self {
        IpList(
            entries
                .iter()
                .filter_map(|s| IpMatcher::parse(s).ok())
                .collect(),
        )
    }

    /// Whether any entry matches.
    pub fn contains(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|m| m.contains(ip))
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// An IPv4-mapped IPv6 address (`::ffff:1.2.3.4`) is the IPv4 address, so that
/// a dual-stack listener cannot give one client two identities.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

/// The client address: the peer, unless the peer is a trusted proxy, in which
/// case the forwarding headers are walked from the nearest hop outwards and
/// the first hop that is not itself a trusted proxy is the client. A client
/// can write anything in these headers, so only hops appended by trusted
/// proxies are believed.
pub fn client_ip<'a>(
    peer: IpAddr,
    trusted: &IpList,
    forwarded_for: impl Iterator<Item = &'a str>,
    forwarded: impl Iterator<Item = &'a str>,
) -> IpAddr {
    let peer = canonical(peer);
    if trusted.is_empty() || !trusted.contains(peer) {
        return peer;
    }
    // Hops in order client..nearest. `Forwarded` (RFC 7239) wins when present.
    let mut hops: Vec<Option<IpAddr>> = forwarded
        .flat_map(|h| h.split(','))
        .filter_map(|el| {
            el.split(';')
                .map(str::trim)
                .find(|kv| kv.len() > 4 && kv[..4].eq_ignore_ascii_case("for="))
                .map(|kv| parse_forwarded_node(&kv[4..]))
        })
        .collect();
    if hops.is_empty() {
        hops = forwarded_for
            .flat_map(|h| h.split(','))
            .map(|s| s.trim().parse::<IpAddr>().ok())
            .collect();
    }
    let mut client = peer;
    for hop in hops.iter().rev() {
        match hop {
            Some(ip) => {
                client = canonical(*ip);
                if !trusted.contains(client) {
                    return client;
                }
            }
            // An unreadable hop was not written by a trusted proxy: stop at the
            // last address a trusted proxy vouched for.
            None => return client,
        }
    }
    client
}

fn parse_forwarded_node(node: &str) -> Option<IpAddr> {
    let node = node.trim().trim_matches('"');
    if let Some(rest) = node.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    if let Ok(ip) = node.parse() {
        return Some(ip);
    }
    // `1.2.3.4:8080`
    node.rsplit_once(':').and_then(|(h, _)| h.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn untrusted_peer_is_the_client_whatever_the_headers() {
        let trusted = IpList::new(&["10.0.0.1".into()]);
        let c = client_ip(
            ip("203.0.113.9"),
            &trusted,
            ["1.1.1.1"].into_iter(),
            std::iter::empty(),
        );
        assert_eq!(c, ip("203.0.113.9"));
        let none = IpList::default();
        let c = client_ip(
            ip("203.0.113.9"),
            &none,
            ["1.1.1.1"].into_iter(),
            std::iter::empty(),
        );
        assert_eq!(c, ip("203.0.113.9"));
    }

    #[test]
    fn trusted_peer_gives_last_untrusted_hop() {
        let trusted = IpList::new(&["10.0.0.0/8".into()]);
        // The client wrote 6.6.6.6 itself; 198.51.100.7 connected to proxy 10.0.0.2.
        let c = client_ip(
            ip("10.0.0.1"),
            &trusted,
            ["6.6.6.6, 198.51.100.7", "10.0.0.2"].into_iter(),
            std::iter::empty(),
        );
        assert_eq!(c, ip("198.51.100.7"));
    }

    #[test]
    fn forwarded_header_and_garbage_hop() {
        let trusted = IpList::new(&["10.0.0.1".into()]);
        let c = client_ip(
            ip("10.0.0.1"),
            &trusted,
            std::iter::empty(),
            [r#"for="[2001:db8::1]:4711";proto=https, for=192.0.2.60"#].into_iter(),
        );
        assert_eq!(c, ip("192.0.2.60"));
        let c = client_ip(
            ip("10.0.0.1"),
            &trusted,
            ["garbage"].into_iter(),
            std::iter::empty(),
        );
        assert_eq!(c, ip("10.0.0.1"));
    }

    #[test]
    fn mapped_v4_is_v4() {
        let l = IpList::new(&["127.0.0.1".into()]);
        assert!(l.contains(ip("::ffff:127.0.0.1")));
        assert!(IpMatcher::parse("nope").is_err());
    }
}
