//! Server-side request forgery toward the cloud's instance metadata: a value
//! holding a URL whose host is the metadata service of the machine the
//! application runs on (`http://169.254.169.254/latest/meta-data/iam/...`,
//! `http://metadata.google.internal/computeMetadata/v1/...`). An
//! application that fetches a URL it was given (a webhook, an avatar or a
//! link preview) hands the sender the machine's cloud credentials; no
//! public page lives at those addresses, so a value naming them is no
//! user's.
//!
//! The host is read as the application's HTTP client reads it, after the
//! core's decoders (percent-encoding, full-width digits): by the WHATWG URL
//! standard's host parser (the `url` crate's, behind reqwest; getaddrinfo's
//! `inet_aton` reads numbers alike), which takes `2852039166`,
//! `0xa9fea9fe`, `0251.0376.0251.0376`, `169.254.43518` and
//! `[::ffff:a9fe:a9fe]` for `169.254.169.254`, after a user name and `@`,
//! and with a backslash or extra slashes after the scheme. A name that
//! embeds the address for a wildcard DNS service (`169.254.169.254.nip.io`)
//! counts too. So do the `gopher://` and `dict://` schemes, which no page
//! links to and which SSRF uses to speak to a local Redis or SMTP server
//! through a client that follows them (curl).
//!
//! The hosts: 169.254.169.254 (AWS, Google Cloud, Azure, OpenStack,
//! DigitalOcean, Oracle, Hetzner...), AWS's task and pod credentials at
//! 169.254.170.2 and 169.254.170.23, Scaleway's 169.254.42.42, Alibaba's
//! 100.100.100.200, Azure's 168.63.129.16, Oracle's 192.0.0.192, AWS's
//! IPv6 fd00:ec2::254 and fd00:ec2::23, and the names
//! `metadata.google.internal`, `metadata`, `instance-data`,
//! `instance-data.ec2.internal` and `metadata.tencentyun.com`. Not the
//! whole link-local range 169.254.0.0/16: a device without DHCP (a printer,
//! an embedded admin page) takes an address there, and its pages' links
//! and Referer name it.
//!
//! A URL is looked for after `//` (or `\\`, which the parser reads alike)
//! and at the start of the value (`169.254.169.254/latest`, for an
//! application that puts the scheme in front itself). A bare address with
//! nothing after it is a plain value, never judged. The host is read in
//! place, without allocating, and each byte of the value is read a bounded
//! number of times: 2 MiB of `//0` is read once, not parsed 700,000 times
//! (the first version, with the `url` crate's parser, took 0.46 s for it).

use std::net::{Ipv4Addr, Ipv6Addr};

/// Host names of metadata services (lower case, no trailing dot).
const NAMES: [&str; 5] = [
    "metadata.google.internal",
    "metadata",
    "instance-data",
    "instance-data.ec2.internal",
    "metadata.tencentyun.com",
];

/// IPv4 addresses of metadata services.
const V4: [Ipv4Addr; 7] = [
    Ipv4Addr::new(169, 254, 169, 254),
    Ipv4Addr::new(169, 254, 170, 2),
    Ipv4Addr::new(169, 254, 170, 23),
    Ipv4Addr::new(169, 254, 42, 42),
    Ipv4Addr::new(100, 100, 100, 200),
    Ipv4Addr::new(168, 63, 129, 16),
    Ipv4Addr::new(192, 0, 0, 192),
];

/// IPv6 addresses of metadata services (AWS's).
const V6: [Ipv6Addr; 2] = [
    Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254),
    Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x23),
];

/// Whether `v` (decoded) holds a URL to an instance metadata service, or
/// one of the schemes only SSRF uses (see the module). `separator` is the
/// index of the first `/` or `\\` of `v`, which the caller looked for.
pub(crate) fn is_ssrf(v: &str, separator: Option<usize>) -> bool {
    let b = v.as_bytes();
    // At the start, only a dotted or bracketed address or name: a number
    // before a slash (`2852039166/2`) is not written as a host. Most values
    // start with none of their first bytes and cost one comparison here.
    let lead = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    if matches!(
        b.get(lead),
        Some(b'0'..=b'9' | b'[' | b'm' | b'M' | b'i' | b'I')
    ) {
        let dotted = b[lead..]
            .iter()
            .take_while(|&&c| !matches!(c, b'/' | b'\\' | b'?' | b'#') && !c.is_ascii_whitespace())
            .any(|&c| c == b'.' || c == b'[');
        if dotted && host_is_metadata(v, lead) {
            return true;
        }
    }
    let Some(mut i) = separator else {
        return false;
    };
    while let Some(k) = memchr::memchr2(b'/', b'\\', &b[i..]) {
        let at = i + k;
        // `http:////host` and `http:\\/host` are `http://host` to the parser.
        let run = b[at..]
            .iter()
            .take_while(|&&c| c == b'/' || c == b'\\')
            .count();
        if run >= 2 {
            if at > 0 && b[at - 1] == b':' && smuggling_scheme(&b[..at - 1]) {
                return true;
            }
            if host_is_metadata(v, at + run) {
                return true;
            }
        }
        i = at + run;
    }
    false
}

/// Whether the scheme that ends `before` (the bytes before `://`) is
/// `gopher` or `dict`.
fn smuggling_scheme(before: &[u8]) -> bool {
    let letters = before
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    let scheme = &before[before.len() - letters..];
    scheme.eq_ignore_ascii_case(b"gopher") || scheme.eq_ignore_ascii_case(b"dict")
}

/// Whether the authority that starts at `start` of `v` names a metadata host.
fn host_is_metadata(v: &str, start: usize) -> bool {
    let rest = &v.as_bytes()[start..];
    let len = rest
        .iter()
        .position(|&c| {
            matches!(
                c,
                b'/' | b'\\' | b'?' | b'#' | b'"' | b'\'' | b'<' | b'>' | b'`'
            ) || c.is_ascii_whitespace()
        })
        .unwrap_or(rest.len());
    let authority = &v[start..start + len];
    // The host: after any `user:password@`, before any port.
    let host = match authority.rfind('@') {
        Some(at) => &authority[at + 1..],
        None => authority,
    };
    if let Some(inside) = host.strip_prefix('[') {
        return inside
            .split_once(']')
            .and_then(|(ip, _)| ip.parse::<Ipv6Addr>().ok())
            .is_some_and(metadata_v6);
    }
    let host = host.split_once(':').map_or(host, |(h, _)| h);
    if let Some(ip) = whatwg_ipv4(host) {
        return metadata_v4(ip);
    }
    let name = host.trim_end_matches('.');
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name)) || embeds_metadata_v4(name)
}

/// The IPv4 address `host` is to the WHATWG URL parser, when its last label
/// is a number: up to four `.`-separated numbers, each decimal, octal
/// (`0` first) or hexadecimal (`0x` first), the last filling the bytes
/// left (`169.254.43518`, `2852039166`); one trailing dot allowed.
fn whatwg_ipv4(host: &str) -> Option<Ipv4Addr> {
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.is_empty()
        || !host
            .bytes()
            .all(|c| c.is_ascii_hexdigit() || matches!(c, b'.' | b'x' | b'X'))
    {
        return None;
    }
    let mut numbers = [0u64; 4];
    let mut n = 0;
    for part in host.split('.') {
        if n == 4 {
            return None;
        }
        numbers[n] = number(part)?;
        n += 1;
    }
    let last = numbers[n - 1];
    if numbers[..n - 1].iter().any(|&x| x > 255) || last >= 1u64 << (8 * (5 - n)) {
        return None;
    }
    let mut ip = last;
    for (i, &x) in numbers[..n - 1].iter().enumerate() {
        ip += x << (8 * (3 - i));
    }
    u32::try_from(ip).ok().map(Ipv4Addr::from)
}

/// One number of a WHATWG IPv4 address; `None` past `u32` or when it is
/// not one.
fn number(part: &str) -> Option<u64> {
    let (digits, radix) =
        if let Some(hex) = part.strip_prefix("0x").or_else(|| part.strip_prefix("0X")) {
            (hex, 16)
        } else if part.len() > 1 && part.starts_with('0') {
            (&part[1..], 8)
        } else {
            (part, 10)
        };
    if digits.is_empty() {
        // `0x` alone is 0; an empty part is no number.
        return (radix == 16).then_some(0);
    }
    let digits = digits.trim_start_matches('0');
    if digits.len() > 11 {
        return None;
    }
    u64::from_str_radix(if digits.is_empty() { "0" } else { digits }, radix).ok()
}

fn metadata_v4(ip: Ipv4Addr) -> bool {
    V4.contains(&ip)
}

fn metadata_v6(ip: Ipv6Addr) -> bool {
    ip.to_ipv4_mapped().is_some_and(metadata_v4) || V6.contains(&ip)
}

/// Whether the first four labels of `name` are a metadata address
/// (`169.254.169.254.nip.io`, which wildcard DNS services resolve to it).
fn embeds_metadata_v4(name: &str) -> bool {
    let mut labels = name.splitn(5, '.');
    let mut octets = [0u8; 4];
    for o in &mut octets {
        match labels.next().and_then(|l| l.parse().ok()) {
            Some(n) => *o = n,
            None => return false,
        }
    }
    labels.next().is_some() && metadata_v4(Ipv4Addr::from(octets))
}

#[cfg(test)]
mod tests {

    fn is_ssrf(v: &str) -> bool {
        super::is_ssrf(v, memchr::memchr2(b'/', b'\\', v.as_bytes()))
    }

    #[test]
    fn metadata_urls_in_any_writing_are_ssrf() {
        for v in [
            "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
            "https://169.254.169.254",
            "http://169.254.169.254:80/latest/user-data",
            "see http://169.254.169.254/latest/meta-data/ please",
            "http://2852039166/latest/meta-data/",
            "http://0xa9fea9fe/",
            "http://0xA9.0xFE.0xA9.0xFE/",
            "http://0251.0376.0251.0376/",
            "http://169.254.43518/",
            "http://169.254.169.254./",
            "http://[::ffff:169.254.169.254]/",
            "http://[::ffff:a9fe:a9fe]/latest",
            "http://[fd00:ec2::254]/latest/meta-data/",
            "http://[fd00:ec2::23]/",
            "http://169.254.42.42/conf",
            "http://metadata.tencentyun.com/latest/meta-data/",
            "http://user:pass@169.254.169.254/",
            "http://evil.example@169.254.169.254/",
            "http:\\\\169.254.169.254\\latest",
            "http:////169.254.169.254/latest",
            "//169.254.169.254/latest/meta-data/",
            "169.254.169.254/latest/meta-data/",
            "http://169.254.170.2/v2/credentials/x",
            "http://100.100.100.200/latest/meta-data/",
            "http://168.63.129.16/machine?comp=goalstate",
            "http://192.0.0.192/",
            "http://metadata.google.internal/computeMetadata/v1/",
            "http://METADATA.google.internal./computeMetadata/v1/",
            "http://metadata/computeMetadata/v1/",
            "http://instance-data/latest/meta-data/",
            "http://169.254.169.254.nip.io/latest/meta-data/",
            "http://0x00000000a9fea9fe/",
            "http://0xa9fea9fe./",
            "http://169.0xfe.0251.254/",
            "gopher://127.0.0.1:6379/_SET%20x%201",
            "dict://localhost:11211/stat",
            "url=GOPHER://internal:25/_HELO",
            "{\"webhook\": \"http://169.254.169.254/latest\"}",
        ] {
            assert!(is_ssrf(v), "{v}");
        }
    }

    #[test]
    fn other_urls_and_text_pass() {
        for v in [
            "https://www.example.com/path?q=1",
            "http://localhost:3000/callback",
            "http://127.0.0.1:8080/health",
            "http://10.0.0.5/internal",
            "https://cafe.be/menu",
            "https://dead.beef.ad/",
            "http://169.255.169.254/",
            "http://169.254.12.34/settings",
            "http://[fe80::1]/",
            "https://metadata-viewer.example.com/",
            "https://example.com/metadata/169.254.169.254",
            "https://en.wikipedia.org/wiki/Link-local_address 169.254.0.0/16",
            "The range 169.254.0.0/16 is link-local",
            "2852039166/2",
            "1/2 cup of flour, 3/4 cup of sugar",
            "a // comment",
            "ftp://ftp.example.org/pub/file.txt",
            "http://[::1]:8080/",
            "http://[2001:db8::1]/",
            "https://12.34.56.78/",
            "http://",
            "//",
            "http://[/",
            "http://0x1a9fea9fe/",
            "http://169..254/",
            "http://08.254.169.254/",
            "http://0x/",
        ] {
            assert!(!is_ssrf(v), "{v}");
        }
    }

    /// The address the `url` crate (reqwest's parser) reads in `host`.
    fn url_crate_ipv4(host: &str) -> Option<std::net::Ipv4Addr> {
        match url::Url::parse(&format!("http://{host}/")).ok()?.host()? {
            url::Host::Ipv4(ip) => Some(ip),
            _ => None,
        }
    }

    #[test]
    fn addresses_read_as_the_url_crate_reads_them() {
        for h in [
            "169.254.169.254",
            "2852039166",
            "0xa9fea9fe",
            "0XA9.0XFE.0XA9.0XFE",
            "0251.0376.0251.0376",
            "169.254.43518",
            "169.16689662",
            "0x00000000a9fea9fe",
            "169.254.169.254.",
            "0x",
            "0x.0x.0x.0x",
            "00000000000000000000169.254.169.254",
            "4294967296",
            "256.1.1.1",
            "1.2.3.4.5",
            "08.1.1.1",
            "1..1",
            "",
        ] {
            assert_eq!(super::whatwg_ipv4(h), url_crate_ipv4(h), "{h}");
        }
    }

    proptest::proptest! {
        /// Hosts of one to five numbers, each decimal, octal or hex, some
        /// out of range, some with digits their base lacks (`08`): every
        /// one ends in a number, so the url crate reads an address or
        /// refuses the host, and so must the reader.
        #[test]
        fn numeric_hosts_read_as_the_url_crate_reads_them(
            h in "((0[xX][0-9a-fA-F]{0,9}|0[0-9]{0,12}|[1-9][0-9]{0,10})\\.){0,4}(0[xX][0-9a-fA-F]{0,9}|0[0-9]{0,12}|[1-9][0-9]{0,10})\\.?"
        ) {
            proptest::prop_assert_eq!(super::whatwg_ipv4(&h), url_crate_ipv4(&h), "{}", h);
        }
    }
}
