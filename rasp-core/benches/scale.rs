//! How the pipeline's cost grows: with the request size (1 KiB to 1 MiB of
//! JSON), with the number of parameters (1 to 1,000 query values), and with
//! the number of sources tracked (1 to 1,000,000 distinct addresses through
//! a table bounded by MAX_TRACKED_SOURCES), and with the size of one hostile
//! value (64 KiB and 256 KiB of one short pattern repeated: each rule that
//! searched from every occurrence to the end cost its length squared).
//!
//! `cargo bench -p rasp-core --bench scale`

use std::net::IpAddr;

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rasp_core::{Config, Level, Rasp, Request};

mod support;

/// Every check on but request validation and Host spoofing (no routes or
/// hosts are declared here).
fn all_on() -> Config {
    let mut c = support::every_check_on();
    c.security_checks.path = Level::Off;
    c.security_checks.spoofing = Level::Off;
    c
}

/// A JSON body of about `size` bytes whose values are all distinct.
fn json_of(size: usize) -> String {
    let mut s = String::from("{\"items\": [");
    let mut i = 0;
    while s.len() < size {
        if i > 0 {
            s.push_str(", ");
        }
        s.push_str(&format!(
            "{{\"id\": {i}, \"name\": \"Widget number {i}\", \"note\": \"Order {i} ships in {} days, O'Brien's pick\"}}",
            i % 7 + 1
        ));
        i += 1;
    }
    s.push_str("]}");
    s
}

fn bench(c: &mut Criterion) {
    let peer: IpAddr = "203.0.113.10".parse().unwrap();
    let rasp = Rasp::new(Config {
        max_body_size: 2 * 1024 * 1024,
        ..all_on()
    })
    .unwrap();

    let mut g = c.benchmark_group("scale/body_bytes");
    g.sample_size(10);
    for size in [1usize << 10, 16 << 10, 128 << 10, 1 << 20] {
        let req = Request::new("POST", "/api", peer)
            .with_header("Content-Type", "application/json")
            .with_body(json_of(size), false);
        assert!(!rasp.check_request(&req).is_block());
        g.throughput(Throughput::Bytes(size as u64));
        g.bench_with_input(BenchmarkId::from_parameter(size), &req, |b, r| {
            b.iter(|| rasp.check_request(black_box(r)))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("scale/parameters");
    g.sample_size(20);
    for n in [1usize, 10, 100, 1000] {
        let q: Vec<String> = (0..n).map(|i| format!("p{i}=value+number+{i}")).collect();
        let req = Request::new("GET", &format!("/search?{}", q.join("&")), peer);
        assert!(!rasp.check_request(&req).is_block());
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &req, |b, r| {
            b.iter(|| rasp.check_request(black_box(r)))
        });
    }
    g.finish();

    // One form value of a pattern repeated: line breaks (command
    // injection), `<!--` and `<x:` (tags), `` `a `` (tagged templates),
    // `x=alert;` (aliases), `(select ` (subqueries), `x (y; id` lines
    // (unparsable lines), `a b #x` lines (line comments).
    let mut g = c.benchmark_group("scale/hostile_value");
    g.sample_size(10);
    for (name, pattern) in [
        ("line_breaks", "\n"),
        ("comments", "<!--"),
        ("scheme_tags", "<x:"),
        ("templates", "`a "),
        ("aliases", "x=alert;"),
        ("subqueries", "(select "),
        ("unparsable_lines", "x (y; id\n"),
        ("comment_lines", "a b #x\n"),
        ("globbed_paths", ";/x/a*b*c*d*e*f*g*h*i*j*k*z -x "),
    ] {
        for size in [64usize << 10, 256 << 10] {
            let value: String = pattern.repeat(size / pattern.len() + 1)[..size].into();
            let body = format!("v={}", support::form_encode(&value));
            let req = Request::new("POST", "/api", peer)
                .with_header("Content-Type", "application/x-www-form-urlencoded")
                .with_body(body, false);
            g.throughput(Throughput::Bytes(size as u64));
            g.bench_with_input(BenchmarkId::new(name, size), &req, |b, r| {
                b.iter(|| rasp.check_request(black_box(r)))
            });
        }
    }
    // Bodies of many small values each read as their format reads them:
    // XML elements (each a value, handed out one at a time), multipart
    // parts with bare LF line ends (read both ways).
    for size in [64usize << 10, 256 << 10] {
        let mut xml = String::from("<r>");
        let mut i = 0;
        while xml.len() < size {
            xml.push_str(&format!("<a>it's {i} o'clock</a>"));
            i += 1;
        }
        xml.push_str("</r>");
        let mut mp = String::new();
        let mut i = 0;
        while mp.len() < size {
            mp.push_str(&format!(
                "--B\nContent-Disposition: form-data; name=\"f{i}\"\n\nit's {i} o'clock\n"
            ));
            i += 1;
        }
        mp.push_str("--B--\n");
        for (name, ct, body) in [
            ("xml_elements", "application/xml", xml),
            ("multipart_lf_parts", "multipart/form-data; boundary=B", mp),
        ] {
            let req = Request::new("POST", "/api", peer)
                .with_header("Content-Type", ct)
                .with_body(body, false);
            g.throughput(Throughput::Bytes(size as u64));
            g.bench_with_input(BenchmarkId::new(name, size), &req, |b, r| {
                b.iter(|| rasp.check_request(black_box(r)))
            });
        }
    }
    g.finish();

    let mut g = c.benchmark_group("scale/sources");
    g.sample_size(20);
    for n in [1u32, 1_000, 100_000, 1_000_000] {
        // A fresh engine that has seen `n` distinct sources (bounded at 100,000).
        let r = Rasp::new(all_on()).unwrap();
        for i in 0..n {
            r.check_request(&Request::new(
                "GET",
                "/",
                IpAddr::from((0x0a00_0000 + i).to_be_bytes()),
            ));
        }
        let mut i = 0u32;
        g.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| {
                i = i.wrapping_add(1);
                let req = Request::new(
                    "GET",
                    "/?q=1",
                    IpAddr::from((0x0b00_0000 + (i % 1_000_000)).to_be_bytes()),
                );
                r.check_request(black_box(&req))
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
