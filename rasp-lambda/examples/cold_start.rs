//! What a Lambda cold start pays for rasp: run once per process.
//!
//! `cargo build --release -p rasp-lambda --example cold_start &&
//!  /usr/bin/time -v target/release/examples/cold_start examples/rasp.json`
//!
//! Prints the time to build the engine (configuration, built-in SQLi/XSS
//! models, PATH scan for the command-injection check) and to judge the
//! first request; `/usr/bin/time -v` gives the peak memory of the process.

use std::time::Instant;

use rasp_lambda::RaspLambda;

fn main() {
    let conf = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "examples/rasp.json".into());
    let t0 = Instant::now();
    let rasp = match RaspLambda::from_file(&conf) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let built = t0.elapsed();
    let req = rasp_core::Request::new(
        "GET",
        "/search?q=red+shoes&id=1%27%20or%201%3D1--",
        "203.0.113.9".parse().unwrap(),
    );
    let t1 = Instant::now();
    let verdict = rasp.rasp().check_request(&req);
    let first = t1.elapsed();
    println!(
        "engine ready in {:.2} ms; first request judged in {:.1} us ({})",
        built.as_secs_f64() * 1e3,
        first.as_secs_f64() * 1e6,
        if verdict.is_block() {
            "blocked"
        } else {
            "allowed"
        }
    );
}
