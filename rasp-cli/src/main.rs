//! `rasp`: score payloads, evaluate the detectors, check a configuration,
//! and train the SQLi/XSS models.
//!
//! ```text
//! rasp scan [--conf F] [--file F] [--name N]      one value per line in, one JSON object per line out
//! rasp eval --format httpparams|lines [--label attack|benign] [--type sqli|xss|cmdi] [--conf F] FILE...
//! rasp check-config FILE                          validate and print the effective values
//! rasp train [--data DIR] [--out DIR] [--seed N] [--without-payload-lists] [--report FILE]
//! ```

#![forbid(unsafe_code)]

mod data;
mod train;

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use data::{Kind, Sample};
use rasp_core::{Config, Level, Rasp, Request, ValueDetector, Verdict};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = args.first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest = &args[1..];
    let result = match cmd.as_str() {
        "scan" => scan(rest),
        "eval" => eval(rest),
        "check-config" => check_config(rest),
        "train" => train::run(rest),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command {other:?}\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rasp: {e}");
            ExitCode::from(1)
        }
    }
}

const USAGE: &str = "usage:
  rasp scan [--conf FILE] [--file FILE] [--name NAME] [--path PATH] [--json-strings]
  rasp eval --format httpparams|lines [--label attack|benign] [--type sqli|xss|cmdi] [--conf FILE] FILE...
  rasp check-config FILE
  rasp train [--data DIR] [--out DIR] [--seed N] [--without-payload-lists] [--report FILE] [--dump FILE] [--evaluate DIR]";

/// Minimal option parsing: `--name value` pairs and positional arguments.
pub(crate) struct Opts {
    pairs: Vec<(String, String)>,
    flags: Vec<String>,
    pub positional: Vec<String>,
}

impl Opts {
    pub fn parse(args: &[String], flags: &[&str]) -> Result<Opts, String> {
        let mut o = Opts {
            pairs: vec![],
            flags: vec![],
            positional: vec![],
        };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            if flags.contains(&a.as_str()) {
                o.flags.push(a.clone());
            } else if let Some(name) = a.strip_prefix("--") {
                let v = it.next().ok_or_else(|| format!("--{name} takes a value"))?;
                o.pairs.push((name.to_string(), v.clone()));
            } else {
                o.positional.push(a.clone());
            }
        }
        Ok(o)
    }
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    pub fn flag(&self, name: &str) -> bool {
        self.flags.iter().any(|f| f == name)
    }
}

fn load_config(path: Option<&str>) -> Result<Config, String> {
    match path {
        Some(p) => Config::from_file(p)
            .map(|f| f.config)
            .map_err(|e| e.to_string()),
        None => Ok(Config::default()),
    }
}

/// A configuration that judges values only: SQLi, XSS and command injection
/// at level 1 (when not off), everything else off.
fn values_only(mut c: Config) -> Config {
    let s = &mut c.security_checks;
    let one = |l: Level| {
        if l.enabled() {
            Level::Block
        } else {
            Level::Off
        }
    };
    let (sqli, xss, command) = (one(s.sqli), one(s.xss), one(s.command));
    let (xxe, traversal, ssrf) = (one(s.xxe), one(s.traversal), one(s.ssrf));
    let nosql = one(s.nosql);
    *s = rasp_core::SecurityChecks {
        path: Level::Off,
        headers: Level::Off,
        flood: Level::Off,
        spoofing: Level::Off,
        decoy: Level::Off,
        sqli,
        xss,
        hpp: Level::Off,
        command,
        dlp: Level::Off,
        format: Level::Off,
        xxe,
        traversal,
        ssrf,
        nosql,
    };
    c.log_enabled = false;
    c.verbose = 0;
    c
}

fn pct(v: &str) -> String {
    let mut s = String::with_capacity(v.len() * 3);
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

/// The engine's verdict on one value placed in a query string.
fn judge(rasp: &Rasp, v: &str) -> Verdict {
    judge_named(rasp, "/", "v", v)
}

/// Judges `v` as the value of the query parameter `name`.
fn judge_named(rasp: &Rasp, path: &str, name: &str, v: &str) -> Verdict {
    let req = Request::new(
        "GET",
        &format!("{path}?{}={}", pct(name), pct(v)),
        "192.0.2.1".parse().expect("constant"),
    );
    rasp.check_request(&req)
}

fn quiet_engine(c: Config) -> Result<Rasp, String> {
    // The banner goes to stderr; `scan` and `eval` write their results to stdout.
    Rasp::new(values_only(c)).map_err(|e| e.to_string())
}

fn scan(args: &[String]) -> Result<(), String> {
    let o = Opts::parse(args, &["--json-strings"])?;
    // Each line a JSON string (`"query {\n  id\n}"`): values of several
    // lines, as a JSON body carries them.
    let json_strings = o.flag("--json-strings");
    let cfg = load_config(o.get("conf"))?;
    let b64 = cfg.decode_b64;
    let sqli_proba = cfg.sqli_proba;
    let rasp = quiet_engine(cfg)?;
    // The verdict is the engine's on the value of this query parameter; the
    // scores are the detectors' own, whatever the name.
    let name = o.get("name").unwrap_or("v");
    // The path the values are sent to: `/graphql` with `--name query` sends
    // each as a GraphQL document (see `GRAPHQL_PATHS`).
    let path = o.get("path").unwrap_or("/");
    if !path.starts_with('/') || path.contains(['?', '#']) {
        return Err(format!("--path is a path starting with /, not {path:?}"));
    }
    let (sqli, xss) = rasp_core::ml::builtin();
    let cmd = rasp_core::CommandInjection::system();
    let input: Box<dyn BufRead> = match o.get("file") {
        Some(f) => Box::new(std::io::BufReader::new(
            std::fs::File::open(f).map_err(|e| format!("{f}: {e}"))?,
        )),
        None => Box::new(std::io::BufReader::new(std::io::stdin())),
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in input.split(b'\n') {
        let line = line.map_err(|e| e.to_string())?;
        let v = String::from_utf8_lossy(&line);
        let v = v.trim_end_matches('\r');
        let unquoted;
        let v = if json_strings {
            unquoted = serde_json::from_str::<String>(v)
                .map_err(|e| format!("--json-strings: line {v:?} is no JSON string: {e}"))?;
            unquoted.as_str()
        } else {
            v
        };
        let (norm, dec) = rasp_core::decode::variants(v, b64);
        let forms: Vec<&str> = std::iter::once(norm.as_ref())
            .chain(dec.as_deref())
            .collect();
        let best = |d: &dyn ValueDetector| {
            forms
                .iter()
                .map(|f| (d.score(f), *f))
                .fold((0.0, ""), |a, b| if b.0 > a.0 { b } else { a })
        };
        let (sqli_score, sqli_form) = best(sqli.as_ref());
        // The grammatical reading is asked for scores from SQLI_PROBA up to
        // certainty only: null outside that band, else whether the value
        // reads as SQL (false: the score stands over the threshold, but
        // the value was cleared).
        let sqli_grammar = (sqli_score >= sqli_proba
            && sqli_score < rasp_core::ml::sql_grammar::CERTAIN)
            .then(|| sqli.confirm(sqli_form, sqli_score));
        let verdict = judge_named(&rasp, path, name, v);
        let j = serde_json::json!({
            "value": v,
            "sqli": round(sqli_score),
            "sqli_grammar": sqli_grammar,
            "xss": round(best(xss.as_ref()).0),
            // Probes are blocked as XSS by structure, not by score.
            "xss_probe": forms.iter().any(|f| rasp_core::ml::xss_probe(v, f)),
            "command": forms.iter().any(|f| cmd.is_injection(f)),
            "verdict": if verdict.is_block() { "block" } else { "allow" },
            "check": verdict.detection().map(|d| d.check.as_str()),
        });
        writeln!(out, "{j}").map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Counts of an evaluation, per kind.
#[derive(Default, Debug, Clone)]
pub(crate) struct Tally {
    pub per_kind: std::collections::BTreeMap<Kind, (usize, usize)>,
    /// Benign values blocked and attacks let through, with the check that fired.
    pub errors: Vec<String>,
}

impl Tally {
    pub fn add(&mut self, kind: Kind, blocked: bool) {
        let e = self.per_kind.entry(kind).or_default();
        e.0 += 1;
        e.1 += usize::from(blocked);
    }

    pub fn report(&self) -> String {
        let mut s = String::new();
        let fp = self
            .per_kind
            .get(&Kind::Benign)
            .copied()
            .unwrap_or_default();
        s.push_str("| type | values | blocked | rate | precision | F1 |\n| --- | --- | --- | --- | --- | --- |\n");
        for (k, (n, b)) in &self.per_kind {
            let rate = if *n == 0 { 0.0 } else { *b as f64 / *n as f64 };
            if *k == Kind::Benign {
                s.push_str(&format!(
                    "| benign (false positives) | {n} | {b} | {:.3} % | | |\n",
                    100.0 * rate
                ));
            } else {
                let precision = if b + fp.1 == 0 {
                    0.0
                } else {
                    *b as f64 / (*b + fp.1) as f64
                };
                let f1 = if precision + rate == 0.0 {
                    0.0
                } else {
                    2.0 * precision * rate / (precision + rate)
                };
                s.push_str(&format!(
                    "| {} | {n} | {b} | {:.2} % | {:.4} | {:.4} |\n",
                    k.name(),
                    100.0 * rate,
                    precision,
                    f1
                ));
            }
        }
        s
    }
}

/// Judges every sample through the engine and tallies blocks per kind.
pub(crate) fn evaluate(rasp: &Rasp, samples: &[Sample]) -> Tally {
    let mut t = Tally::default();
    for s in samples {
        let v = judge(rasp, &s.value);
        let blocked = v.is_block();
        if blocked == (s.kind == Kind::Benign) {
            let check = v.detection().map(|d| d.check.as_str()).unwrap_or("-");
            t.errors.push(format!(
                "{}\t{}\t{}\t{}",
                s.kind.name(),
                check,
                s.source,
                s.value.replace('\n', "\\n")
            ));
        }
        t.add(s.kind, blocked);
    }
    t
}

fn eval(args: &[String]) -> Result<(), String> {
    let o = Opts::parse(args, &[])?;
    let format = o.get("format").unwrap_or("lines");
    let cfg = load_config(o.get("conf"))?;
    let rasp = quiet_engine(cfg)?;
    if o.positional.is_empty() {
        return Err(format!("eval needs at least one FILE\n{USAGE}"));
    }
    let mut samples = Vec::new();
    for f in &o.positional {
        let p = PathBuf::from(f);
        match format {
            "httpparams" => samples.extend(data::read_httpparams(&p)?),
            "lines" => {
                let kind = match (o.get("label").unwrap_or("attack"), o.get("type")) {
                    ("benign", _) => Kind::Benign,
                    ("attack", Some(t)) => {
                        Kind::parse(t).ok_or_else(|| format!("unknown --type {t}"))?
                    }
                    ("attack", None) => guess_kind(f),
                    (l, _) => return Err(format!("--label is attack or benign, not {l}")),
                };
                samples.extend(data::read_lines(&p, kind)?);
            }
            other => return Err(format!("--format is httpparams or lines, not {other}")),
        }
    }
    let t = evaluate(&rasp, &samples);
    print!("{}", t.report());
    Ok(())
}

/// `--type` defaults to the payload folder's name (`payloads/xss/...`).
fn guess_kind(path: &str) -> Kind {
    for k in [Kind::Sqli, Kind::Xss, Kind::Cmdi] {
        if path.contains(&format!("/{}/", k.name())) || path.contains(k.name()) {
            return k;
        }
    }
    Kind::Sqli
}

fn check_config(args: &[String]) -> Result<(), String> {
    let o = Opts::parse(args, &[])?;
    let f = o.positional.first().ok_or("check-config needs a FILE")?;
    let file = Config::from_file(f).map_err(|e| format!("{f}: {e}"))?;
    for w in &file.warnings {
        eprintln!("warning: {w}");
    }
    let doc = serde_json::json!({ "config": file.config, "blacklist": file.blacklist });
    println!(
        "{}",
        serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?
    );
    eprintln!("{f}: valid");
    Ok(())
}
