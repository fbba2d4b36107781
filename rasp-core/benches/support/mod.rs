//! What the benchmarks and `examples/profile.rs` share: the configuration
//! with every check on, and the bodies `bench/e2e.py` sends and serves, so
//! that criterion, callgrind and the load run measure the same work.

// Each includer uses part of it.
#![allow(dead_code)]

use rasp_core::{Config, Level, SecurityChecks};

pub mod mutate;

/// Every check at level 1 and every data-leak pattern on; the flood
/// threshold out of reach, since a benchmark is one source sending fast.
pub fn every_check_on() -> Config {
    Config {
        security_checks: SecurityChecks {
            path: Level::Block,
            headers: Level::Block,
            flood: Level::Block,
            spoofing: Level::Block,
            decoy: Level::Block,
            sqli: Level::Block,
            xss: Level::Block,
            hpp: Level::Block,
            command: Level::Block,
            dlp: Level::Block,
            format: Level::Block,
            xxe: Level::Block,
            traversal: Level::Block,
            ssrf: Level::Block,
            nosql: Level::Block,
        },
        flood_ratio: u64::MAX / 2,
        dlp_cc_numbers: true,
        dlp_phone_numbers: true,
        dlp_private_keys: true,
        dlp_hashes: true,
        dlp_windows_creds: true,
        dlp_linux_creds: true,
        ..Config::default()
    }
}

/// The JSON order `bench/e2e.py` posts: items until `size` bytes.
pub fn order_json(size: usize) -> String {
    let mut items = Vec::new();
    let mut i = 0;
    loop {
        items.push(format!(
            r#"{{"id": {i}, "name": "Widget {i}", "note": "Ships in 2-3 days, O'Brien's choice", "price": 19.99}}"#
        ));
        let s = format!(
            r#"{{"customer": {{"email": "jane.doe@example.com", "city": "Lyon"}}, "items": [{}]}}"#,
            items.join(", ")
        );
        if s.len() >= size {
            return s;
        }
        i += 1;
    }
}

/// A text page of about 256 KiB without anything to leak.
pub fn text_page() -> String {
    "lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(4600)
}

/// `value` as a form field's value: every byte but letters and digits
/// percent-encoded.
pub fn form_encode(value: &str) -> String {
    value
        .bytes()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                (c as char).to_string()
            } else {
                format!("%{c:02X}")
            }
        })
        .collect()
}
