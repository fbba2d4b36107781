//! The `rasp` binary, run as a user would.

use std::io::Write;
use std::process::{Command, Stdio};

fn rasp() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rasp"))
}

fn tmp(name: &str, content: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("rasp-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

/// `rasp scan` on `input` (one value per line): its JSON lines, parsed.
fn scan(input: &str) -> Vec<serde_json::Value> {
    let mut child = rasp()
        .arg("scan")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn scan_scores_each_line() {
    let lines = scan("hello world\n1' union select password from users--\n<img src=x onerror=alert(1)>\n; cat /etc/passwd\nO'Brien\n");
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0]["verdict"], "allow");
    assert_eq!(lines[1]["verdict"], "block");
    assert_eq!(lines[1]["check"], "sqli");
    assert!(lines[1]["sqli"].as_f64().unwrap() > 0.9);
    assert_eq!(lines[2]["check"], "xss");
    assert_eq!(lines[3]["command"], true);
    assert_eq!(lines[4]["verdict"], "allow");
    assert!(lines[4]["sqli"].as_f64().unwrap() < 0.5);
}

/// `sqli_grammar` says whether a score between the threshold and certainty
/// stood the grammatical reading: null outside that band, false for a value
/// the reading cleared (allowed with a score over the threshold).
#[test]
fn scan_says_what_the_grammar_made_of_a_borderline_score() {
    let lines = scan(
        "Use the 'Delete' key to remove it\nShe's 5'6\" and he's 6'1\"\nSize 10.5 or 11 -- whichever fits\n\
         Press 'Select', then 'Drop' the file here\n' or 1=1 --\nred shoes\n",
    );
    assert_eq!(lines.len(), 6);
    let mut cleared = 0;
    for l in &lines {
        let score = l["sqli"].as_f64().unwrap();
        match l["sqli_grammar"].as_bool() {
            None => assert!(!(0.725..0.99).contains(&score), "{l}"),
            Some(reads) => {
                assert!((0.725..0.99).contains(&score), "{l}");
                assert_eq!(l["verdict"] == "block", reads, "{l}");
                cleared += usize::from(!reads);
            }
        }
    }
    // Prose the model flags without certainty: some of it is cleared (which
    // of these lands in the band moves with each retrain).
    assert!(cleared >= 1, "{lines:?}");
    assert!(lines[4]["sqli_grammar"].is_null() && lines[4]["verdict"] == "block");
    assert!(lines[5]["sqli_grammar"].is_null() && lines[5]["verdict"] == "allow");
}

#[test]
fn eval_reports_rates() {
    let attacks = tmp("sqli.txt", "' or 1=1--\n1 union select 1,2,3--\n");
    let benign = tmp("benign.txt", "hello\nselect your plan\nO'Brien\n");
    let out = rasp()
        .args([
            "eval", "--format", "lines", "--label", "attack", "--type", "sqli",
        ])
        .arg(&attacks)
        .stderr(Stdio::null())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{text}");
    assert!(text.contains("| sqli | 2 | 2 | 100.00 %"), "{text}");
    let out = rasp()
        .args(["eval", "--format", "lines", "--label", "benign"])
        .arg(&benign)
        .stderr(Stdio::null())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("| benign (false positives) | 3 | 0 | 0.000 %"),
        "{text}"
    );
    let csv = tmp("p.csv", "\"payload\",\"length\",\"attack_type\",\"label\"\n\"hello\",\"5\",\"norm\",\"norm\"\n\"<script>alert(1)</script>\",\"25\",\"xss\",\"anom\"\n");
    let out = rasp()
        .args(["eval", "--format", "httpparams"])
        .arg(&csv)
        .stderr(Stdio::null())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("| xss | 1 | 1 | 100.00 %"), "{text}");
}

#[test]
fn check_config_names_the_bad_key() {
    let good = tmp("good.json", r#"{"config": {"FLOOD_RATIO": 7}}"#);
    let out = rasp().arg("check-config").arg(&good).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["config"]["FLOOD_RATIO"], 7);
    assert_eq!(v["config"]["FLOOD_DELAY"], 60);
    let bad = tmp(
        "bad.json",
        r#"{"config": {"SECURITY_CHECKS": {"xss": "on"}}}"#,
    );
    let out = rasp().arg("check-config").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("SECURITY_CHECKS.xss"), "{err}");
}

#[test]
fn unknown_command_fails_clearly() {
    let out = rasp().arg("frobnicate").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("unknown command"));
}
