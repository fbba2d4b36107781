//! The demo application, written once per framework with the same routes,
//! so that the same attack table runs against every adapter.
//!
//! | route | what it does |
//! | --- | --- |
//! | `GET /` | an HTML page |
//! | `GET /search?q=` | echoes the query |
//! | `POST /form`, `/api/items`, `/upload`, `/echo` | echo the request body byte for byte |
//! | `POST /graphql` | stands for a GraphQL endpoint (see `GRAPHQL_PATHS`): echoes the request body |
//! | `GET /api/items/{id}` | a JSON document |
//! | `GET /files/{*rest}` | a wildcard route: answers the rest of the path, its segments joined |
//! | `POST /api/orders` | parses a JSON order into typed structs, as a JSON API does, and answers a summary |
//! | `POST /signup` | parses a url-encoded form (`name`, `comment`) with the framework's typed form extractor (rocket: `Judged<Form<_>>`) and answers `welcome NAME` |
//! | `GET /leak` | a page that leaks a card number (for the data-leak demo) |
//! | `GET /leak.gz` | the same page gzipped, `Content-Encoding: gzip` (as a server of precompressed assets sends it) |
//! | `GET /big` | a 256 KiB text page |
//!
//! Every handler counts its calls, so tests can prove that a blocked request
//! never reached the application.

#![forbid(unsafe_code)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

pub mod actix_app;
pub mod axum_app;
pub mod lambda_app;
pub mod rocket_app;

/// Calls to the application's handlers.
#[derive(Clone, Default, Debug)]
pub struct Hits(Arc<AtomicUsize>);

impl Hits {
    /// Counts one handler call.
    pub fn hit(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
    /// Handler calls so far.
    pub fn get(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

/// The page returned by `GET /`: about 1 KiB of HTML.
pub const INDEX: &str = "<!doctype html><html><head><title>rasp demo</title></head><body><h1>rasp demo</h1>\
<p>This app is protected by rasp. Every request is judged before it reaches a handler, and every \
response on its way out. Try a query with an injection, a decoy path, or the leak page to see it work.</p>\
<ul><li><a href=\"/search?q=red+shoes\">Search</a> for red shoes, size 42, in stock since 2024-05-01.</li>\
<li><a href=\"/api/items/42\">Item 42</a>: a JSON document with an id and a name.</li>\
<li>POST a form to /form, JSON to /api/items, a file to /upload; each echoes what it received.</li>\
<li><a href=\"/big\">A 256 KiB page</a> of harmless text, for the data-leak scan.</li></ul>\
<p>Prices: 19.99 EUR, 25.00 USD. Opening hours: 9:00-17:30, Monday to Friday. Call us any time, \
or write to the shop; we answer within two working days. Thank you for visiting!</p>\
<footer>rasp demo app, one per framework, same routes everywhere.</footer></body></html>";
/// The body of `GET /leak`.
pub const LEAK: &str = "<html><body>Your card: 4111 1111 1111 1111</body></html>";

/// The body of `GET /leak.gz`: [`LEAK`] gzipped.
pub fn leak_gzip() -> Vec<u8> {
    gzip(LEAK.as_bytes())
}

/// `b` gzipped (for the demos' precompressed page and the tests' bodies).
pub fn gzip(b: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(b).expect("gzip to memory");
    e.finish().expect("gzip to memory")
}

/// The chunks of `GET /leak/stream` and `GET /big/stream`: [`LEAK`] and
/// [`big_body`] sent as a stream (7 and 4,096 bytes a chunk, so the card
/// number spans chunks), which adapters read otherwise than a body in one
/// piece. `None` for another path. (Lambda has no streams: its demo sends
/// them whole.)
pub fn streamed(path: &str) -> Option<Vec<Vec<u8>>> {
    let (body, size) = match path {
        "/leak/stream" => (LEAK.as_bytes().to_vec(), 7),
        "/big/stream" => (big_body().into_bytes(), 4096),
        _ => return None,
    };
    Some(body.chunks(size).map(<[u8]>::to_vec).collect())
}

/// The body of `GET /big`: 256 KiB of harmless text.
pub fn big_body() -> String {
    "lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(4600)[..256 * 1024]
        .to_string()
}

/// An order as `POST /api/orders` takes it.
#[derive(Debug, serde::Deserialize)]
pub struct Order {
    /// Who orders.
    pub customer: Customer,
    /// What is ordered.
    pub items: Vec<Item>,
}

/// The customer of an [`Order`].
#[derive(Debug, serde::Deserialize)]
pub struct Customer {
    /// Contact address.
    pub email: String,
    /// Delivery city.
    #[serde(default)]
    pub city: String,
}

/// One line of an [`Order`].
#[derive(Debug, serde::Deserialize)]
pub struct Item {
    /// Product id.
    pub id: u64,
    /// Product name.
    pub name: String,
    /// Free text.
    #[serde(default)]
    pub note: String,
    /// Unit price.
    pub price: f64,
}

/// The form `POST /signup` takes.
#[derive(Debug, serde::Deserialize)]
pub struct Signup {
    /// Who signs up.
    pub name: String,
    /// Free text.
    pub comment: String,
}

/// What `GET /files/{*rest}` answers.
pub fn file_answer(rest: &str) -> String {
    format!("file {rest}")
}

/// What `POST /signup` answers.
pub fn signup_answer(name: &str, comment: &str) -> String {
    format!(
        "welcome {name} ({} characters of comment)",
        comment.chars().count()
    )
}

/// What `POST /api/orders` does with its body: the status and the JSON
/// answer (`{"items": n, "total": t}`, or an error).
pub fn order_summary(body: &[u8]) -> (u16, String) {
    match serde_json::from_slice::<Order>(body) {
        Ok(o) => {
            let total: f64 = o.items.iter().map(|i| i.price).sum();
            (
                200,
                serde_json::json!({ "items": o.items.len(), "total": total }).to_string(),
            )
        }
        Err(e) => (
            400,
            serde_json::json!({ "error": e.to_string() }).to_string(),
        ),
    }
}

/// Command-line options shared by the demo binaries.
#[derive(Debug, Clone)]
pub struct Args {
    /// `--addr HOST:PORT`, default `127.0.0.1:8080`.
    pub addr: SocketAddr,
    /// `--conf FILE`, default `PYRASP_CONF`/`RASP_CONF`, else the `rasp.json` beside the examples.
    pub conf: PathBuf,
    /// `--unprotected`: serve without rasp (for overhead measurements).
    pub unprotected: bool,
    /// `--null-middleware`: serve without rasp, through a middleware of the
    /// framework's own that does nothing (axum's `Identity` layer,
    /// actix-web's `Identity`, a rocket fairing with empty request and
    /// response hooks), added where rasp would be: what being a middleware
    /// costs on that framework, the floor under rasp's overhead.
    pub null_middleware: bool,
    /// `--busy-middleware NS`: as `--null-middleware`, but the middleware
    /// busy-waits NS nanoseconds on each request before passing it on: what
    /// a middleware costing that much does to the benchmark's ratios on this
    /// machine, the scale against which rasp's own cost is read. 0 with
    /// `--null-middleware` alone.
    pub busy_ns: u64,
    /// `--cloud-url URL` and `--key KEY` (or `PYRASP_CLOUD_URL`/`PYRASP_KEY`, `RASP_*`):
    /// take the configuration from a management server.
    pub cloud: Option<(String, String)>,
}

impl Args {
    /// Parses `std::env::args()`; prints usage and exits on a bad option.
    pub fn parse() -> Args {
        let mut addr: SocketAddr = "127.0.0.1:8080".parse().expect("constant address");
        let env = rasp_core::EnvSettings::read();
        let mut conf = env
            .conf
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/rasp.json")));
        let mut unprotected = false;
        let mut null_middleware = false;
        let mut busy_ns = 0;
        let mut cloud_url = env.cloud_url;
        let mut key = env.key;
        let mut it = std::env::args().skip(1);
        while let Some(a) = it.next() {
            match a.as_str() {
                "--addr" => match it.next().and_then(|v| v.parse().ok()) {
                    Some(v) => addr = v,
                    None => usage("--addr takes HOST:PORT"),
                },
                "--conf" => match it.next() {
                    Some(v) => conf = PathBuf::from(v),
                    None => usage("--conf takes a file path"),
                },
                "--unprotected" => unprotected = true,
                "--null-middleware" => null_middleware = true,
                "--busy-middleware" => match it.next().and_then(|v| v.parse().ok()) {
                    Some(v) => {
                        null_middleware = true;
                        busy_ns = v;
                    }
                    None => usage("--busy-middleware takes a number of nanoseconds"),
                },
                "--cloud-url" => {
                    cloud_url = Some(
                        it.next()
                            .unwrap_or_else(|| usage("--cloud-url takes a URL")),
                    )
                }
                "--key" => {
                    key = Some(
                        it.next()
                            .unwrap_or_else(|| usage("--key takes the agent key")),
                    )
                }
                "-h" | "--help" => usage(""),
                other => usage(&format!("unknown option {other}")),
            }
        }
        let cloud = match (cloud_url, key) {
            (Some(u), Some(k)) => Some((u, k)),
            (None, None) => None,
            _ => usage("--cloud-url and --key go together"),
        };
        Args {
            addr,
            conf,
            unprotected: unprotected || null_middleware,
            null_middleware,
            busy_ns,
            cloud,
        }
    }
}

/// Spins for `ns` nanoseconds (`--busy-middleware`): a cost of a known
/// size, on the CPU, as rasp's checks are.
pub fn busy_wait(ns: u64) {
    if ns == 0 {
        return;
    }
    let start = std::time::Instant::now();
    let ns = u128::from(ns);
    while start.elapsed().as_nanos() < ns {
        std::hint::spin_loop();
    }
}

fn usage(err: &str) -> ! {
    if !err.is_empty() {
        eprintln!("error: {err}");
    }
    eprintln!("usage: demo [--addr HOST:PORT] [--conf rasp.json] [--cloud-url URL --key KEY] [--unprotected | --null-middleware | --busy-middleware NS]");
    std::process::exit(if err.is_empty() { 0 } else { 2 })
}

/// Loads the engine for a demo binary (from the file, then from the
/// management server when one is given), exiting with the error on a bad file.
pub fn load_rasp(args: &Args) -> rasp_core::Rasp {
    let built = rasp_core::Rasp::builder_from_file(&args.conf).and_then(|b| match &args.cloud {
        Some((url, key)) => rasp_cloud::connect(
            b,
            rasp_cloud::CloudSettings::new(url.as_str(), key.as_str()),
        ),
        None => b.build(),
    });
    match built {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1)
        }
    }
}
