//! The check pipeline on a typical request: ~10 query and form values and a
//! 1 KiB JSON body, with every rule-based check on.
//!
//! `cargo bench -p rasp-core --bench pipeline`

use std::net::IpAddr;

use std::time::Instant;

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rasp_core::{Config, Rasp, Request, Response, RouteTable};

mod support;

fn all_on() -> Config {
    Config {
        hosts: vec!["shop.example.com".into()],
        ..support::every_check_on()
    }
}

fn json_body() -> String {
    let mut items = Vec::new();
    for i in 0..12 {
        items.push(format!(
            r#"{{"id": {i}, "name": "Widget number {i}", "note": "Ships in 2-3 days, O'Brien's choice", "price": 19.99}}"#
        ));
    }
    let s = format!(
        r#"{{"customer": {{"email": "jane.doe@example.com", "city": "Lyon"}}, "items": [{}]}}"#,
        items.join(", ")
    );
    assert!(s.len() >= 1000, "{}", s.len());
    s
}

fn requests() -> (Request, Request) {
    let peer: IpAddr = "203.0.113.10".parse().unwrap();
    let get = Request::new(
        "GET",
        "/api/products/42?q=red+shoes&page=2&sort=price&order=asc&size=42&color=red&brand=acme&min=10&max=200&ref=home",
        peer,
    )
    .with_header("Host", "shop.example.com")
    .with_header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
    .with_header("Accept", "text/html,application/xhtml+xml")
    .with_header("Cookie", "session=8f14e45fceea167a5a36dedd4bea2543; theme=dark")
    .with_header("Referer", "https://shop.example.com/?q=shoes");
    let post = Request::new("POST", "/api/orders?src=web", peer)
        .with_header("Host", "shop.example.com")
        .with_header("Content-Type", "application/json")
        .with_header(
            "User-Agent",
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        )
        .with_body(json_body(), false);
    (get, post)
}

fn bench(c: &mut Criterion) {
    let mut routes = RouteTable::new();
    routes
        .add(&["GET"], "/api/products/{id}")
        .add(&["POST"], "/api/orders");
    let rasp = Rasp::builder()
        .config(all_on())
        .routes(routes)
        .build()
        .unwrap();
    let (get, post) = requests();
    assert!(!rasp.check_request(&get).is_block());
    assert!(!rasp.check_request(&post).is_block());

    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Elements(1));
    g.bench_function("get_10_query_values", |b| {
        b.iter(|| rasp.check_request(black_box(&get)))
    });
    g.bench_function("post_1k_json", |b| {
        b.iter(|| rasp.check_request(black_box(&post)))
    });
    let page = Response::new(200)
        .with_header("content-type", "text/html")
        .with_body("<html><body><p>Order confirmed. Thank you!</p></body></html>".repeat(16));
    g.bench_function("response_1k_dlp", |b| {
        b.iter(|| rasp.check_response(black_box(&get), black_box(&page)))
    });
    let big_page = Response::new(200)
        .with_header("content-type", "text/plain")
        .with_body(support::text_page());
    g.bench_function("response_256k_dlp", |b| {
        b.iter(|| rasp.check_response(black_box(&get), black_box(&big_page)))
    });
    let post64 = Request::new(
        "POST",
        "/api/orders?src=web",
        "203.0.113.10".parse().unwrap(),
    )
    .with_header("Host", "shop.example.com")
    .with_header("Content-Type", "application/json")
    .with_body(support::order_json(64 * 1024), false);
    assert!(!rasp.check_request(&post64).is_block());
    g.bench_function("post_64k_json", |b| {
        b.iter(|| rasp.check_request(black_box(&post64)))
    });
    g.finish();
    url_and_key_checks(c, &rasp);
    parallel(c, &rasp, &get);
}

/// The checks of a value that has the server fetch or read something
/// (`traversal`, `ssrf`) and of keys (`nosql`), through the pipeline: a GET
/// with one URL or path value, and a JSON body with a `$` key; benign ones
/// and the attacks each check refuses.
fn url_and_key_checks(c: &mut Criterion, rasp: &Rasp) {
    let peer: IpAddr = "203.0.113.11".parse().unwrap();
    let get = |value: &str| {
        Request::new("GET", &format!("/api/products/42?url={value}"), peer)
            .with_header("Host", "shop.example.com")
    };
    let json = |body: &str| {
        Request::new("POST", "/api/orders", peer)
            .with_header("Host", "shop.example.com")
            .with_header("Content-Type", "application/json")
            .with_body(body.to_string(), false)
    };
    let cases = [
        (
            "benign_url",
            get("https://cdn.example.com/images/2026/11/products/red-shoes-42.jpg?w=640&h=480"),
            false,
        ),
        (
            "ssrf_url",
            get("http://169.254.169.254/latest/meta-data/iam/security-credentials/"),
            true,
        ),
        ("benign_path", get("docs/guides/getting-started.md"), false),
        ("traversal_path", get("../../../etc/passwd"), true),
        (
            "benign_schema_keys",
            json(r#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "name": "x"}"#),
            false,
        ),
        (
            "nosql_key",
            json(r#"{"username": "admin", "password": {"$ne": null}}"#),
            true,
        ),
    ];
    let mut g = c.benchmark_group("pipeline_url_and_key_checks");
    g.throughput(Throughput::Elements(1));
    for (name, req, attack) in &cases {
        assert_eq!(rasp.check_request(req).is_block(), *attack, "{name}");
        g.bench_function(*name, |b| b.iter(|| rasp.check_request(black_box(req))));
    }
    g.finish();
}

/// The small GET judged on one and on two threads at once, from one source
/// (every thread updates the same flood entry and counters) and from one
/// source per thread. Each thread judges as many requests as one thread does
/// alone, and the time reported is the wall time per request of one thread:
/// without contention on shared state the two-thread figure equals the
/// one-thread one (on a machine with two free cores).
///
/// `exchange_*` judge each request as the adapters do, through an
/// [`rasp_core::Exchange`], and the 1 KiB page answered to it too (the
/// response side counts every response for telemetry).
///
/// `get_engine_per_thread` is the control: one engine per thread, so
/// nothing is shared but the allocator and the read-only models. On a
/// machine whose two cores are hyperthreads of one, two threads are slower
/// than one even there; contention is what the shared cases add to it.
fn parallel(c: &mut Criterion, rasp: &Rasp, get: &Request) {
    let mut g = c.benchmark_group("pipeline_parallel");
    let own: Vec<Rasp> = (0..2)
        .map(|_| Rasp::builder().config(all_on()).build().unwrap())
        .collect();
    let page = Response::new(200)
        .with_header("content-type", "text/html")
        .with_body("<html><body><p>Order confirmed. Thank you!</p></body></html>".repeat(16));
    // (sources, name, an engine per thread, the response judged too)
    for (sources, name, own_engine, with_response) in [
        (1, "get_one_source", false, false),
        (2, "get_source_per_thread", false, false),
        (2, "get_engine_per_thread", true, false),
        (2, "exchange_source_per_thread", false, true),
        (2, "exchange_engine_per_thread", true, true),
    ] {
        for threads in [1usize, 2] {
            let reqs: Vec<Request> = (0..threads)
                .map(|t| {
                    let peer: IpAddr = format!("203.0.113.{}", 10 + t % sources).parse().unwrap();
                    let mut r =
                        Request::new("GET", &format!("{}?{}", get.path(), get.query()), peer);
                    for (n, v) in get.headers() {
                        r.push_header(n, v);
                    }
                    r
                })
                .collect();
            g.bench_function(BenchmarkId::new(name, threads), |b| {
                b.iter_custom(|iters| {
                    let start = Instant::now();
                    std::thread::scope(|s| {
                        for (t, r) in reqs.iter().enumerate() {
                            let rasp = if own_engine { &own[t] } else { rasp };
                            let page = &page;
                            s.spawn(move || {
                                for _ in 0..iters {
                                    if with_response {
                                        // As adapters judge: one exchange,
                                        // its request, then its response.
                                        let ex = rasp.exchange(black_box(r));
                                        black_box(ex.check_request(r));
                                        black_box(ex.check_response(black_box(page)));
                                    } else {
                                        black_box(rasp.check_request(black_box(r)));
                                    }
                                }
                            });
                        }
                    });
                    start.elapsed()
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
