//! Mutated requests and responses for the soak (`examples/soak.rs`) and
//! its bounded run in `tests/soak.rs`: seed values spliced, cut at any
//! byte, encoded and repeated, placed in every target rasp reads.

use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};

use rasp_core::{Rasp, Request, Response};

use super::{every_check_on, form_encode};

/// The engine the soak judges with: every check on, and `body` a rich-text
/// field (the generator puts values under that name).
pub fn engine() -> Rasp {
    let mut cfg = every_check_on();
    cfg.rich_text_fields = vec!["body".into()];
    Rasp::builder().config(cfg).build().expect("config")
}

/// Counts every panic in `counter`, also those caught later (a caught panic
/// still runs the hook), then lets the previous hook print it.
pub fn count_panics(counter: &'static AtomicU64) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        counter.fetch_add(1, Ordering::Relaxed);
        previous(info);
    }));
}

/// xorshift64*: reproducible from the seed, no dependency.
pub struct Rng(pub u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

/// Fragments that sit at the edges of what the decoders and rules read.
const SHARDS: &[&str] = &[
    "'",
    "\"",
    "`",
    "<",
    ">",
    "</",
    "/>",
    "\\",
    "/",
    ";",
    "|",
    "&",
    "$",
    "$(",
    "${",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "#",
    "--",
    "/*",
    "*/",
    "%",
    "%2",
    "%25",
    "%u",
    "%u00",
    "&#",
    "&#x",
    "&lt;",
    "\\u",
    "\\x",
    "\\u00",
    "+",
    "=",
    "\n",
    "\r\n",
    "\t",
    "\0",
    "é",
    "\u{ffff}",
    "\u{200b}",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "javascript:",
    "data:text/html;base64,",
    "query {",
    "mutation",
    "fragment",
    "\"\"\"",
    "{{",
    "}}",
    "url(",
    "expression(",
    "on",
    "=x ",
    "select ",
    "union ",
    " or ",
    "1=1",
    "sleep(",
    "` id `",
    "\nid\n",
    "<x:",
    "<svg",
    "<a href=",
];

/// How many times longer values may grow than their base bounds below
/// (`SOAK_SCALE`, 1 by default): 16 makes 4 KiB JSON values 64 KiB, to
/// find costs that grow faster than the value.
fn scale() -> usize {
    static SCALE: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *SCALE.get_or_init(|| {
        std::env::var("SOAK_SCALE")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(1)
    })
}

/// A mutated value of at most about `max` bytes (times [`scale`]).
pub fn value(rng: &mut Rng, seeds: &[String], max: usize) -> Vec<u8> {
    let max = max * scale();
    let mut v: Vec<u8> = rng.pick(seeds).as_bytes().to_vec();
    for _ in 0..rng.below(6) {
        match rng.below(8) {
            // Splice in another seed or a shard at any byte.
            0 | 1 => {
                let add = if rng.chance(50) {
                    rng.pick(seeds).as_bytes().to_vec()
                } else {
                    rng.pick(SHARDS).as_bytes().to_vec()
                };
                let at = rng.below(v.len() + 1);
                v.splice(at..at, add);
            }
            // Cut at any byte (in the middle of a UTF-8 character too).
            2 => {
                let at = rng.below(v.len() + 1);
                if rng.chance(50) {
                    v.truncate(at);
                } else {
                    v.drain(..at);
                }
            }
            // Percent-encode a stretch, sometimes twice.
            3 => {
                let (a, b) = span(rng, v.len());
                let mut enc = Vec::new();
                for &c in &v[a..b] {
                    enc.extend_from_slice(format!("%{c:02X}").as_bytes());
                }
                if rng.chance(30) {
                    enc = enc
                        .iter()
                        .flat_map(|&c| if c == b'%' { b"%25".to_vec() } else { vec![c] })
                        .collect();
                }
                v.splice(a..b, enc);
            }
            // Repeat a stretch: long values, many lines, deep nesting.
            4 => {
                let (a, b) = span(rng, v.len());
                let piece = v[a..b].to_vec();
                let most = if rng.chance(10) { 5000 } else { 20 };
                let times = 1 + rng.below(most);
                for _ in 0..times {
                    if v.len() + piece.len() > max {
                        break;
                    }
                    v.extend_from_slice(&piece);
                }
            }
            // A random byte anywhere.
            5 => {
                let at = rng.below(v.len() + 1);
                v.insert(at, rng.next() as u8);
            }
            // Entities and escapes for a stretch.
            6 => {
                let (a, b) = span(rng, v.len());
                let mut enc = Vec::new();
                for &c in &v[a..b] {
                    let s = match rng.below(3) {
                        0 => format!("&#{c};"),
                        1 => format!("&#x{c:x}"),
                        _ => format!("\\u{c:04x}"),
                    };
                    enc.extend_from_slice(s.as_bytes());
                }
                v.splice(a..b, enc);
            }
            // Case flips.
            _ => {
                for c in v.iter_mut() {
                    if rng.chance(20) {
                        *c ^= 0x20 * u8::from(c.is_ascii_alphabetic());
                    }
                }
            }
        }
        v.truncate(max);
    }
    v
}

fn span(rng: &mut Rng, len: usize) -> (usize, usize) {
    let a = rng.below(len + 1);
    let b = a + rng.below(len - a + 1).min(64);
    (a, b)
}

fn text(v: &[u8]) -> String {
    String::from_utf8_lossy(v).into_owned()
}

fn json_string(v: &[u8]) -> String {
    serde_json::to_string(&text(v)).unwrap_or_default()
}

/// A JSON document of mutated keys and values, nested up to `depth`; cut
/// at a random byte now and then.
fn json(rng: &mut Rng, seeds: &[String], depth: usize) -> String {
    match rng.below(if depth == 0 { 2 } else { 5 }) {
        0 => json_string(&value(rng, seeds, 4096)),
        1 => ["1", "-0.5e3", "true", "null", "19.99"][rng.below(5)].to_string(),
        2 | 3 => {
            let n = rng.below(8);
            let members: Vec<String> = (0..n)
                .map(|_| {
                    let key = if rng.chance(70) {
                        rng.pick(&["q", "name", "password", "body", "query", "note", "id"])
                            .to_string()
                    } else {
                        text(&value(rng, seeds, 64))
                    };
                    format!(
                        "{}: {}",
                        serde_json::to_string(&key).unwrap_or_default(),
                        json(rng, seeds, depth - 1)
                    )
                })
                .collect();
            format!("{{{}}}", members.join(", "))
        }
        _ => {
            let n = rng.below(8);
            let items: Vec<String> = (0..n).map(|_| json(rng, seeds, depth - 1)).collect();
            format!("[{}]", items.join(","))
        }
    }
}

fn query(rng: &mut Rng, seeds: &[String]) -> String {
    (0..1 + rng.below(6))
        .map(|_| {
            let k = if rng.chance(70) {
                rng.pick(&["q", "id", "password", "query", "page", "body"])
                    .to_string()
            } else {
                text(&value(rng, seeds, 32))
            };
            let v = text(&value(rng, seeds, 2048));
            if rng.chance(50) {
                format!("{}={}", form_encode(&k), form_encode(&v))
            } else {
                format!("{k}={v}")
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

pub fn request(rng: &mut Rng, seeds: &[String], peer: IpAddr) -> Request {
    let path = match rng.below(5) {
        0 => "/graphql".to_string(),
        1 => "/api/items".to_string(),
        2 => format!("/{}", form_encode(&text(&value(rng, seeds, 128)))),
        3 => format!(
            "/x/{}",
            text(&value(rng, seeds, 128)).replace(['?', '#'], "")
        ),
        _ => "/search".to_string(),
    };
    let target = if rng.chance(60) {
        format!("{path}?{}", query(rng, seeds))
    } else {
        path
    };
    let method = *rng.pick(&["GET", "POST", "PUT", "DELETE", "PATCH", "G\u{e9}T", ""]);
    let mut req = Request::new(method, &target, peer);
    req.push_header("Host", if rng.chance(90) { "localhost" } else { "evil" });
    for _ in 0..rng.below(4) {
        let name = *rng.pick(&[
            "User-Agent",
            "Referer",
            "Cookie",
            "X-Forwarded-For",
            "X-Custom",
        ]);
        let v = value(rng, seeds, 1024);
        req.push_header_bytes(name, &v);
    }
    let (ct, body): (&str, Vec<u8>) = match rng.below(7) {
        0 => {
            let depth = 1 + rng.below(5);
            let mut b = json(rng, seeds, depth).into_bytes();
            if rng.chance(15) {
                let at = rng.below(b.len() + 1);
                b.truncate(at);
            }
            // A JSON document under another type is walked as JSON too.
            let ct = if rng.chance(20) {
                "text/plain"
            } else {
                "application/json"
            };
            (ct, b)
        }
        1 => (
            "application/x-www-form-urlencoded",
            query(rng, seeds).into_bytes(),
        ),
        2 => {
            let mut b = Vec::new();
            for _ in 0..1 + rng.below(3) {
                b.extend_from_slice(
                    b"--x\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\n",
                );
                b.extend_from_slice(&value(rng, seeds, 4096));
                b.extend_from_slice(b"\r\n");
            }
            b.extend_from_slice(b"--x--\r\n");
            ("multipart/form-data; boundary=x", b)
        }
        3 => {
            let doc = format!(
                "query Q {{ a(x: {}) {{ b }} }}",
                json_string(&value(rng, seeds, 2048))
            );
            let body = format!(
                "{{\"query\": {}, \"variables\": {{\"v\": {}}}}}",
                serde_json::to_string(&doc).unwrap_or_default(),
                json_string(&value(rng, seeds, 512))
            );
            ("application/json", body.into_bytes())
        }
        4 => ("application/graphql", value(rng, seeds, 4096)),
        5 => {
            // Values put in raw: a `<` or `&` in one breaks the document
            // there, which is a case too.
            let mut b = b"<?xml version=\"1.0\"?><r a=\"".to_vec();
            b.extend_from_slice(&value(rng, seeds, 256));
            b.extend_from_slice(b"\">");
            for _ in 0..1 + rng.below(4) {
                b.extend_from_slice(b"<v>");
                b.extend_from_slice(&value(rng, seeds, 2048));
                b.extend_from_slice(b"</v>");
            }
            b.extend_from_slice(b"</r>");
            if rng.chance(15) {
                let at = rng.below(b.len() + 1);
                b.truncate(at);
            }
            ("application/xml", b)
        }
        _ => ("", Vec::new()),
    };
    // Sent compressed: judged decoded.
    let (body, gzipped) = if !body.is_empty() && rng.chance(10) {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let _ = e.write_all(&body);
        (e.finish().unwrap_or_default(), true)
    } else {
        (body, false)
    };
    if gzipped {
        req.push_header("Content-Encoding", "gzip");
    }
    if !ct.is_empty() {
        req.push_header("Content-Type", ct);
    }
    let cut = rng.chance(5);
    req.with_body(body, cut)
}

pub fn response(rng: &mut Rng, seeds: &[String]) -> Response {
    let ct = *rng.pick(&[
        "text/html",
        "application/json",
        "text/plain",
        "image/png",
        "",
    ]);
    let mut body = Vec::new();
    for _ in 0..1 + rng.below(8) {
        body.extend_from_slice(&value(rng, seeds, 8192));
        const LEAKS: [&str; 6] = [
            " 4111 1111 1111 1111 ",
            "\nroot:x:0:0:root:/root:/bin/bash\n",
            " +33 6 12 34 56 78 ",
            " $2b$12$abcdefghijklmnopqrstuv ",
            "-----BEGIN RSA PRIVATE KEY-----",
            "",
        ];
        let leak = rng.pick(&LEAKS);
        body.extend_from_slice(leak.as_bytes());
    }
    let mut r = Response::new(200).with_body(body);
    if !ct.is_empty() {
        r.push_header("Content-Type", ct);
    }
    r
}
