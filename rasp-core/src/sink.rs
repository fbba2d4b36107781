//! Event delivery: a bounded queue drained by one background thread, so that
//! sending an event never blocks or slows a request. When the queue is full
//! the event is dropped and counted; the request is never held back.
//!
//! Country resolution (`RESOLVE_COUNTRY`) happens on that thread too, from an
//! offline `.mmdb` database: never on the request path, never on the network.

use std::io::Write;
use std::net::{IpAddr, TcpStream, ToSocketAddrs, UdpSocket};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::time::Duration;

use crate::blacklist::Stats;
use crate::config::{Config, LogFormat, LogProtocol};
use crate::event::Event;

/// syslog priority: facility user (1) * 8 + severity warning (4).
const SYSLOG_PRI: &str = "<12>";
const NET_TIMEOUT: Duration = Duration::from_secs(3);

/// The settings that shape delivery; a configuration change that leaves them
/// equal keeps the running sink.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SinkSettings {
    enabled: bool,
    format: LogFormat,
    protocol: LogProtocol,
    server: String,
    port: u16,
    path: String,
    resolve_country: bool,
    geoip: String,
    queue: usize,
}

impl SinkSettings {
    pub fn of(c: &Config) -> Self {
        SinkSettings {
            enabled: c.log_enabled,
            format: c.log_format,
            protocol: c.log_protocol,
            server: c.log_server.clone(),
            port: c.log_port,
            path: c.log_path.clone(),
            resolve_country: c.resolve_country,
            geoip: c.geoip_database.clone(),
            queue: c.log_queue_size,
        }
    }
}

/// The sending side. Dropping it lets the thread drain its queue and stop.
#[derive(Debug)]
pub(crate) struct EventSink {
    pub settings: SinkSettings,
    tx: Option<SyncSender<Event>>,
}

impl EventSink {
    pub fn start(settings: SinkSettings) -> Self {
        if !settings.enabled {
            return EventSink { settings, tx: None };
        }
        let (tx, rx) = sync_channel(settings.queue);
        let s = settings.clone();
        let spawned = std::thread::Builder::new()
            .name("rasp-events".into())
            .spawn(move || run(s, rx));
        if let Err(e) = spawned {
            tracing::error!("rasp: cannot start the event thread, events will not be sent: {e}");
            return EventSink { settings, tx: None };
        }
        EventSink {
            settings,
            tx: Some(tx),
        }
    }

    /// Queues an event; never blocks.
    pub fn send(&self, ev: Event, stats: &Stats) {
        if let Some(tx) = &self.tx {
            match tx.try_send(ev) {
                Ok(()) => {}
                Err(TrySendError::Full(_)) | Err(TrySendError::Disconnected(_)) => {
                    stats.dropped_event()
                }
            }
        }
    }
}

/// Resolves countries from an offline database.
pub(crate) struct CountryResolver {
    db: Option<maxminddb::Reader<Vec<u8>>>,
}

impl CountryResolver {
    pub fn open(enabled: bool, path: &str) -> Self {
        if !enabled || path.is_empty() {
            return CountryResolver { db: None };
        }
        match maxminddb::Reader::open_readfile(path) {
            Ok(db) => CountryResolver { db: Some(db) },
            Err(e) => {
                tracing::warn!("rasp: GEOIP_DATABASE {path}: {e}; countries will be empty");
                CountryResolver { db: None }
            }
        }
    }

    /// `Private` for private and local ranges, the ISO code when the database
    /// knows the address, empty otherwise (and when disabled).
    pub fn country(&self, ip: IpAddr) -> String {
        if is_private(ip) {
            return "Private".into();
        }
        let Some(db) = &self.db else {
            return String::new();
        };
        db.lookup::<maxminddb::geoip2::Country>(ip)
            .ok()
            .and_then(|c| c.country.and_then(|c| c.iso_code.map(str::to_string)))
            .unwrap_or_default()
    }
}

/// Private, loopback, link-local and unique-local addresses.
pub fn is_private(ip: IpAddr) -> bool {
    match crate::net::canonical(ip) {
        IpAddr::V4(a) => {
            a.is_private() || a.is_loopback() || a.is_link_local() || a.is_unspecified()
        }
        IpAddr::V6(a) => {
            a.is_loopback()
                || a.is_unspecified()
                || (a.segments()[0] & 0xfe00) == 0xfc00
                || (a.segments()[0] & 0xffc0) == 0xfe80
        }
    }
}

enum Transport {
    Udp(Option<UdpSocket>),
    Tcp(Option<TcpStream>),
    Http(Option<reqwest::blocking::Client>, String),
}

fn run(s: SinkSettings, rx: Receiver<Event>) {
    let resolver = CountryResolver::open(s.resolve_country, &s.geoip);
    let mut transport = match s.protocol {
        LogProtocol::Udp => Transport::Udp(None),
        LogProtocol::Tcp => Transport::Tcp(None),
        LogProtocol::Http | LogProtocol::Https => {
            let scheme = if s.protocol == LogProtocol::Https {
                "https"
            } else {
                "http"
            };
            let path = if s.path.is_empty() || s.path.starts_with('/') {
                s.path.clone()
            } else {
                format!("/{}", s.path)
            };
            let url = format!("{scheme}://{}:{}{}", s.server, s.port, path);
            let client = reqwest::blocking::Client::builder()
                .timeout(NET_TIMEOUT)
                .connect_timeout(NET_TIMEOUT)
                .build()
                .map_err(|e| tracing::error!("rasp: cannot build the HTTP log client: {e}"))
                .ok();
            Transport::Http(client, url)
        }
    };
    while let Ok(mut ev) = rx.recv() {
        ev.country = resolver.country(ev.source_ip);
        let payload = match s.format {
            LogFormat::Syslog => format!("{SYSLOG_PRI}{}", ev.syslog_line()),
            LogFormat::Json => ev.json().to_string(),
        };
        if let Err(e) = deliver(&mut transport, &s, &payload) {
            tracing::warn!("rasp: event not delivered to {}:{}: {e}", s.server, s.port);
        }
    }
}

fn deliver(t: &mut Transport, s: &SinkSettings, payload: &str) -> Result<(), String> {
    match t {
        Transport::Udp(sock) => {
            if sock.is_none() {
                let addr = resolve(s)?;
                let bind = if addr.is_ipv4() {
                    "0.0.0.0:0"
                } else {
                    "[::]:0"
                };
                let u = UdpSocket::bind(bind).map_err(|e| e.to_string())?;
                u.connect(addr).map_err(|e| e.to_string())?;
                *sock = Some(u);
            }
            let u = sock.as_ref().ok_or("no socket")?;
            u.send(payload.as_bytes()).map(|_| ()).map_err(|e| {
                *sock = None;
                e.to_string()
            })
        }
        Transport::Tcp(stream) => {
            // One reconnection attempt per event: a log server that went away
            // and came back gets the next events without a restart.
            for attempt in 0..2 {
                if stream.is_none() {
                    let addr = resolve(s)?;
                    let c = TcpStream::connect_timeout(&addr, NET_TIMEOUT)
                        .map_err(|e| e.to_string())?;
                    let _ = c.set_write_timeout(Some(NET_TIMEOUT));
                    *stream = Some(c);
                }
                let c = stream.as_mut().ok_or("no stream")?;
                match c.write_all(format!("{payload}\n").as_bytes()) {
                    Ok(()) => return Ok(()),
                    Err(e) => {
                        *stream = None;
                        if attempt == 1 {
                            return Err(e.to_string());
                        }
                    }
                }
            }
            Ok(())
        }
        Transport::Http(client, url) => {
            let client = client.as_ref().ok_or("no HTTP client")?;
            let resp = client
                .post(url.as_str())
                .header("content-type", "application/json")
                .body(payload.to_string())
                .send()
                .map_err(|e| e.to_string())?;
            if resp.status().is_success() {
                Ok(())
            } else {
                Err(format!("server answered {}", resp.status()))
            }
        }
    }
}

fn resolve(s: &SinkSettings) -> Result<std::net::SocketAddr, String> {
    (s.server.as_str(), s.port)
        .to_socket_addrs()
        .map_err(|e| e.to_string())?
        .next()
        .ok_or_else(|| format!("{} does not resolve", s.server))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::{Check, Detection, Location};

    fn event() -> Event {
        Event::new(
            "app",
            "203.0.113.5".parse().unwrap(),
            &Detection::new(Check::Xss, Location::QsValues, "<script>"),
        )
    }

    #[test]
    fn syslog_over_udp() {
        let server = UdpSocket::bind("127.0.0.1:0").unwrap();
        server
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let cfg = Config {
            log_enabled: true,
            log_port: server.local_addr().unwrap().port(),
            ..Config::default()
        };
        let sink = EventSink::start(SinkSettings::of(&cfg));
        sink.send(event(), &Stats::default());
        let mut buf = [0u8; 2048];
        let n = server.recv(&mut buf).unwrap();
        let line = std::str::from_utf8(&buf[..n]).unwrap();
        assert!(line.starts_with("<12>["), "{line}");
        assert!(
            line.ends_with("\"xss\" - \"203.0.113.5\" - \"\" - \"qs_values:<script>\""),
            "{line}"
        );
    }

    #[test]
    fn syslog_over_tcp() {
        use std::io::{BufRead, BufReader};
        let server = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let cfg = Config {
            log_enabled: true,
            log_protocol: LogProtocol::Tcp,
            log_port: server.local_addr().unwrap().port(),
            ..Config::default()
        };
        let sink = EventSink::start(SinkSettings::of(&cfg));
        sink.send(event(), &Stats::default());
        sink.send(event(), &Stats::default());
        let (c, _) = server.accept().unwrap();
        c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut lines = BufReader::new(c).lines();
        for _ in 0..2 {
            let l = lines.next().unwrap().unwrap();
            assert!(l.contains("\"xss\""), "{l}");
        }
    }

    #[test]
    fn json_over_http() {
        use std::io::{BufRead, BufReader, Read};
        let server = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let cfg = Config {
            log_enabled: true,
            log_format: LogFormat::Json,
            log_protocol: LogProtocol::Http,
            log_path: "/logs".into(),
            log_port: server.local_addr().unwrap().port(),
            ..Config::default()
        };
        let sink = EventSink::start(SinkSettings::of(&cfg));
        sink.send(event(), &Stats::default());
        let (mut c, _) = server.accept().unwrap();
        c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut r = BufReader::new(c.try_clone().unwrap());
        let mut first = String::new();
        r.read_line(&mut first).unwrap();
        assert!(first.starts_with("POST /logs HTTP/1.1"), "{first}");
        let mut len = 0;
        loop {
            let mut h = String::new();
            r.read_line(&mut h).unwrap();
            if h == "\r\n" {
                break;
            }
            if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
                len = v.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; len];
        r.read_exact(&mut body).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["log_data"][0], "xss");
        assert_eq!(v["log_data"][3]["payload"], "<script>");
        c.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
            .unwrap();
    }

    #[test]
    fn full_queue_drops_and_counts() {
        let cfg = Config {
            log_enabled: true,
            log_protocol: LogProtocol::Tcp,
            log_server: "127.0.0.1".into(),
            log_port: 9, // discard port, normally closed: delivery fails fast
            log_queue_size: 1,
            ..Config::default()
        };
        let sink = EventSink::start(SinkSettings::of(&cfg));
        let stats = Stats::default();
        // try_send never waits: the loop ends whatever the network does, and
        // the events that found the queue full are counted.
        for _ in 0..10_000 {
            sink.send(event(), &stats);
        }
        assert!(stats.dropped_events() > 0);
    }

    #[test]
    fn private_ranges() {
        let r = CountryResolver::open(true, "");
        assert_eq!(r.country("10.1.2.3".parse().unwrap()), "Private");
        assert_eq!(r.country("::1".parse().unwrap()), "Private");
        assert_eq!(r.country("8.8.8.8".parse().unwrap()), "");
        let missing = CountryResolver::open(true, "/nonexistent.mmdb");
        assert_eq!(missing.country("8.8.8.8".parse().unwrap()), "");
    }
}
