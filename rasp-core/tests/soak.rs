//! The mutation soak of `examples/soak.rs`, bounded by a count rather than
//! a time: a few thousand mutated exchanges (from the hand-written sets of
//! `models/handwritten`, which a clean clone has) judged with every check
//! on, and not one panic, counted in the panic hook so that a panic rasp
//! catches itself (around `sqlparser`) fails it too: a caught panic still
//! prints through the app's hook. `sqlparser` 0.59's `1 div /` was such a
//! panic. Alone in its test binary: the hook is the process's.

use std::net::IpAddr;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};

#[path = "../benches/support/mod.rs"]
mod support;

use support::mutate::{count_panics, engine, request, response, Rng};

static PANICS: AtomicU64 = AtomicU64::new(0);

/// Exchanges judged; a few seconds in a debug build.
const EXCHANGES: u64 = 20_000;

#[test]
fn mutated_exchanges_never_panic() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../models/handwritten");
    let mut seeds: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(dir).expect("models/handwritten") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "txt") {
            let text = std::fs::read_to_string(&path).expect("seed file");
            seeds.extend(text.lines().filter(|l| !l.is_empty()).map(str::to_string));
        }
    }
    seeds.sort();
    assert!(seeds.len() > 1000, "seed values: {}", seeds.len());
    let rasp = engine();
    count_panics(&PANICS);
    let mut rng = Rng(20_261_128);
    let mut blocked = 0;
    for n in 0..EXCHANGES {
        let peer = IpAddr::from([10, 0, (n >> 8) as u8, n as u8]);
        let req = request(&mut rng, &seeds, peer);
        let resp = response(&mut rng, &seeds);
        let before = PANICS.load(Ordering::Relaxed);
        let run = catch_unwind(AssertUnwindSafe(|| {
            rasp.check_request(&req).is_block() || rasp.check_response(&req, &resp).is_block()
        }));
        blocked += u64::from(run.unwrap_or(false));
        assert_eq!(
            PANICS.load(Ordering::Relaxed),
            before,
            "panic on exchange {n}: {} {}?{} ({} body bytes)",
            req.method(),
            req.path(),
            req.query(),
            req.body().len()
        );
    }
    // The exchanges are judged, not all waved through or all refused.
    assert!(blocked > EXCHANGES / 2 && blocked < EXCHANGES, "{blocked}");
}
