//! A mutation soak of the whole pipeline: requests and responses built
//! from seed values (attack lists, hand-written sets), mutated (spliced,
//! cut at any byte, encoded, repeated to tens of KiB) and placed in every
//! target rasp reads (query, form, JSON at any depth, multipart, GraphQL,
//! a rich-text field, cookies, headers, the path), then judged with every
//! check on. It reports any panic (those rasp catches too) and any request or response that takes
//! longer than `SLOW_MS` to judge, and writes each such input to a file.
//!
//! `cargo run --release -p rasp-core --example soak -- SECONDS SEED FILE...`
//! (seed files: one value a line). The random inputs of the property test
//! in `tests/pipeline.rs` rarely form a JSON document, a GraphQL query or a
//! value near an injection; these do, which is where the rules are. The
//! generator is `benches/support/mutate.rs`; `tests/soak.rs` runs it for a
//! fixed count in CI.

use std::net::IpAddr;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[path = "../benches/support/mod.rs"]
mod support;

use support::mutate::{count_panics, engine, request, response, Rng};

/// Every panic, also those rasp catches itself (around `sqlparser`): a
/// caught panic still runs the app's panic hook, which prints it.
static PANICS_SEEN: AtomicU64 = AtomicU64::new(0);

/// A request or response slower than this is reported (`SOAK_SLOW_MS`
/// sets another bound).
const SLOW_MS: u128 = 50;

fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(60);
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let mut seeds: Vec<String> = Vec::new();
    for file in args {
        if let Ok(b) = std::fs::read(&file) {
            seeds.extend(
                String::from_utf8_lossy(&b)
                    .lines()
                    .filter(|l| !l.is_empty())
                    .map(str::to_string),
            );
        }
    }
    if seeds.is_empty() {
        seeds.push("' or 1=1--".into());
        seeds.push("<img src=x onerror=alert(1)>".into());
    }
    let rasp = engine();
    count_panics(&PANICS_SEEN);
    let slow_ms: u128 = std::env::var("SOAK_SLOW_MS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(SLOW_MS);
    let mut rng = Rng(seed.max(1));
    let until = Instant::now() + Duration::from_secs(seconds);
    let (mut n, mut blocked, mut slow, mut panics) = (0u64, 0u64, 0u64, 0u64);
    let mut slowest = Duration::ZERO;
    while Instant::now() < until {
        // A new source now and then: the flood and per-source tables too.
        let peer = IpAddr::from([10, 0, (n >> 8) as u8, n as u8]);
        let req = request(&mut rng, &seeds, peer);
        let resp = response(&mut rng, &seeds);
        let panics_before = PANICS_SEEN.load(Ordering::Relaxed);
        let t = Instant::now();
        let run = catch_unwind(AssertUnwindSafe(|| {
            let v = rasp.check_request(&req);
            let w = rasp.check_response(&req, &resp);
            v.is_block() || w.is_block()
        }));
        let took = t.elapsed();
        n += 1;
        slowest = slowest.max(took);
        let keep = |what: &str, k: u64| {
            let name = format!("/tmp/soak-{what}-{seed}-{k}.txt");
            let dump = format!(
                "{} {}?{}\n{:?}\n\nbody ({} bytes):\n{}\n\nresponse ({} bytes):\n{}\n",
                req.method(),
                req.path(),
                req.query(),
                req.headers().collect::<Vec<_>>(),
                req.body().len(),
                String::from_utf8_lossy(req.body()),
                resp.body.len(),
                String::from_utf8_lossy(&resp.body),
            );
            let _ = std::fs::write(&name, dump);
            name
        };
        if let Ok(b) = run {
            blocked += u64::from(b);
        }
        if PANICS_SEEN.load(Ordering::Relaxed) != panics_before {
            panics += 1;
            println!("PANIC, input in {}", keep("panic", panics));
        }
        if took.as_millis() > slow_ms {
            slow += 1;
            println!("slow: {took:?}, input in {}", keep("slow", slow));
        }
    }
    println!(
        "{n} exchanges in {seconds} s (seed {seed}, {} seed values): {blocked} blocked, {panics} panics, {slow} slower than {slow_ms} ms, slowest {slowest:?}",
        seeds.len()
    );
    if panics > 0 || slow > 0 {
        std::process::exit(1);
    }
}
