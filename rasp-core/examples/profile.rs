//! Runs one request kind through the pipeline N times, for a profiler that
//! counts instructions (`valgrind --tool=callgrind`), whose counts do not
//! depend on what else the machine is doing.
//!
//! `cargo build --release -p rasp-core --example profile &&
//!  valgrind --tool=callgrind target/release/examples/profile json64k 20`
//!
//! Kinds: `get`, `browser` (the GET with a browser's headers), `json1k`, `json64k`, `form`, `dlp256k`, `respjson64k`, `hostile1m` (1 MiB
//! of short distinct JSON strings), `paramsN` (a GET with N query values, as in
//! the `scale` bench), `form=BODY` (a form POST of that urlencoded body: what one
//! value costs), `respfile=PATH` (a `GET /` whose `text/html` response body is
//! that file's content, `application/json` for a `.json` file: what the
//! response check costs a page).

use std::net::IpAddr;

use rasp_core::{Rasp, Request, Response};

#[path = "../benches/support/mod.rs"]
mod support;

fn main() {
    let mut args = std::env::args().skip(1);
    let kind = args.next().unwrap_or_else(|| "json64k".into());
    let n: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(20);
    let rasp = Rasp::builder()
        .config(support::every_check_on())
        .build()
        .expect("config");
    let peer: IpAddr = "203.0.113.10".parse().expect("ip");
    let ua = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
    let get = Request::new("GET", "/search?q=red+shoes&page=2&sort=price&size=42", peer)
        .with_header("Host", "localhost")
        .with_header("User-Agent", ua);
    let post = |ct: &str, body: String| {
        Request::new("POST", "/api/items", peer)
            .with_header("Host", "localhost")
            .with_header("User-Agent", ua)
            .with_header("Content-Type", ct)
            .with_body(body, false)
    };
    let req = match kind.as_str() {
        k if k.starts_with("params") => {
            let n: usize = k["params".len()..].parse().unwrap_or(100);
            let q: Vec<String> = (0..n).map(|i| format!("p{i}=value+number+{i}")).collect();
            Request::new("GET", &format!("/search?{}", q.join("&")), peer)
        }
        k if k.starts_with("form=") => {
            post("application/x-www-form-urlencoded", k["form=".len()..].into())
        }
        k if k == "get" || k == "dlp256k" || k == "respjson64k" || k.starts_with("respfile=") => {
            get
        }
        // The GET as a browser sends it: a dozen more headers.
        "browser" => get
            .with_header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
            .with_header("Accept-Language", "en-US,en;q=0.5")
            .with_header("Accept-Encoding", "gzip, deflate, br, zstd")
            .with_header("Referer", "https://shop.example/")
            .with_header("Cookie", "session=8f14e45fceea167a5a36dedd4bea2543; theme=dark")
            .with_header("Connection", "keep-alive")
            .with_header("Upgrade-Insecure-Requests", "1")
            .with_header("Sec-Fetch-Dest", "document")
            .with_header("Sec-Fetch-Mode", "navigate")
            .with_header("Sec-Fetch-Site", "same-origin")
            .with_header("Sec-Fetch-User", "?1")
            .with_header("Priority", "u=0, i"),
        "form" => post(
            "application/x-www-form-urlencoded",
            "name=Jane+O%27Brien&email=jane.doe%40example.com&comment=Great+shop%2C+thanks%21&rating=5".into(),
        ),
        "json1k" => post("application/json", support::order_json(1024)),
        // A hostile 1 MiB body: short distinct strings that are not plain
        // (a space), each a value to judge.
        "hostile1m" => {
            let mut body = String::from("[");
            let mut i = 0;
            while body.len() < (1 << 20) - 16 {
                body.push_str(&format!("\"x y{i}\","));
                i += 1;
            }
            body.push_str("\"end\"]");
            post("application/json", body)
        }
        _ => post("application/json", support::order_json(64 * 1024)),
    };
    let resp = match kind.as_str() {
        k if k.starts_with("respfile=") => {
            let path = &k["respfile=".len()..];
            // A `.json` file is served as the demos' echo serves JSON.
            let ct = if path.ends_with(".json") {
                "application/json"
            } else {
                "text/html; charset=utf-8"
            };
            Response::new(200)
                .with_header("content-type", ct)
                .with_body(std::fs::read(path).expect("respfile"))
        }
        // The 64 KiB JSON echoed back, as the demo's /api/items does.
        "respjson64k" => Response::new(200)
            .with_header("content-type", "application/json")
            .with_body(support::order_json(64 * 1024)),
        _ => Response::new(200)
            .with_header("content-type", "text/plain")
            .with_body(support::text_page()),
    };
    let mut blocked = 0;
    for _ in 0..n {
        let v = if kind.starts_with("dlp") || kind.starts_with("resp") {
            rasp.check_response(&req, &resp)
        } else {
            rasp.check_request(&req)
        };
        blocked += usize::from(v.is_block());
    }
    println!("{kind}: {n} runs, {blocked} blocked");
}
