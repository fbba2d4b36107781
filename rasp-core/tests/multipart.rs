//! Multipart bodies read as the application's parser reads them. A part the
//! application sees as a text field must be judged, however its headers are
//! written: a payload hidden where rasp's reading and the application's
//! differ (a field declared `image/jpeg`, a `filename` only one of two
//! parsers finds, a fake boundary in the middle of a line) would pass.
//!
//! The reference is `multer`, the parser of axum's `Multipart` extractor and
//! of rocket's forms: for every body built from the evasions below, each
//! part multer hands out without a file name is a text field, and when it
//! holds the payload rasp must block the request. Bodies multer refuses
//! reach no handler and are not asserted on; well-formed bodies without the
//! payload must pass.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::atomic::{AtomicU32, Ordering};

use rasp_core::{Config, Level, Rasp, Request, Verdict};

const PAYLOAD: &str = "1' union select password from users--";
const BOUNDARY: &str = "XBOUNDARY";

/// How the part's `Content-Disposition` is written; `{n}` is the field name.
const DISPOSITIONS: &[&str] = &[
    r#"form-data; name="{n}""#,
    r#"form-data; name={n}"#,
    r#"form-data; name="{n}"; filename="a.png""#,
    r#"form-data; filename="a.png"; name="{n}""#,
    r#"form-data; name="{n}"; filename=a.png"#,
    r#"form-data; name="{n}"; filename="""#,
    // Case: multer matches `filename` in lower case only.
    r#"form-data; name="{n}"; FileName="a.png""#,
    r#"form-data; name="{n}"; FILENAME="a.png""#,
    // RFC 5987's extended value, which multer does not read.
    r#"form-data; name="{n}"; filename*=UTF-8''a.png"#,
    // A `;` or the word inside a quoted name: a reader that splits on `;`
    // or searches for the word finds a file name that is not there, or
    // stops at the first occurrence and misses the real one.
    r#"form-data; name="{n}; filename=a.png""#,
    r#"form-data; name="{n} filename"; filename="a.png""#,
    r#"form-data; name="{n}"; filename="a;b.png""#,
    r#"form-data; name="{n}"; filename="a\".png""#,
    r#"form-data; name="{n}"; xfilename="a.png""#,
    r#"form-data;name="{n}";filename="a.png""#,
    r#"form-data; name="{n}"; filename ="a.png""#,
    r#"form-data; name="{n}"; filename= "a.png""#,
];

/// The part's own `Content-Type`, if any: a field is a field whatever it says.
const PART_TYPES: &[Option<&str>] = &[
    None,
    Some("text/plain"),
    Some("image/jpeg"),
    Some("application/octet-stream"),
    Some("Text/Plain; charset=utf-8"),
];

/// The field's content: the payload whole, or cut by text that looks like a
/// boundary without being one for multer (which splits only at CRLF and the
/// delimiter).
fn contents() -> Vec<String> {
    let (a, b) = PAYLOAD.split_at(8);
    vec![
        PAYLOAD.to_string(),
        format!("{a}--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.png\"\r\n\r\n{b}"),
        format!("{a}\n--{BOUNDARY}\nContent-Disposition: form-data; name=\"f\"; filename=\"x.png\"\n\n{b}"),
        format!("{a}\n--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.png\"\r\n\r\n{b}"),
    ]
}

fn part(disposition: &str, part_type: Option<&str>, content: &str) -> String {
    let mut s = format!(
        "--{BOUNDARY}\r\nContent-Disposition: {}\r\n",
        disposition.replace("{n}", "comment")
    );
    if let Some(t) = part_type {
        s.push_str(&format!("Content-Type: {t}\r\n"));
    }
    s.push_str("\r\n");
    s.push_str(content);
    s.push_str("\r\n");
    s
}

fn body(parts: &[String]) -> String {
    // A benign field first, as a form has.
    let mut s = part(r#"form-data; name="title""#, None, "holiday pictures");
    for p in parts {
        s.push_str(p);
    }
    s.push_str(&format!("--{BOUNDARY}--\r\n"));
    s
}

/// What multer hands the application: (file name, content) of each part, or
/// `None` when it refuses the body.
fn multer_parts(content_type: &str, body: &str) -> Option<Vec<(Option<String>, String)>> {
    let boundary = multer::parse_boundary(content_type).ok()?;
    let stream = futures_util::stream::once(async move {
        Ok::<_, std::convert::Infallible>(bytes::Bytes::from(body.to_string()))
    });
    let mut mp = multer::Multipart::new(stream, boundary);
    futures_executor::block_on(async {
        let mut out = Vec::new();
        while let Some(field) = mp.next_field().await.ok()? {
            let file = field.file_name().map(str::to_string);
            let data = field.bytes().await.ok()?;
            out.push((file, String::from_utf8_lossy(&data).into_owned()));
        }
        Some(out)
    })
}

fn rasp() -> Rasp {
    let mut cfg = Config::default();
    cfg.security_checks.sqli = Level::Block;
    cfg.security_checks.xss = Level::Block;
    cfg.security_checks.command = Level::Block;
    cfg.security_checks.path = Level::Off;
    // Hundreds of requests from one source.
    cfg.security_checks.flood = Level::Off;
    Rasp::new(cfg).unwrap()
}

/// Judges a request from a new source each time: a source that sent
/// several attacks is blacklisted, and would be refused benign requests.
fn blocks(r: &Rasp, content_type: &str, body: &str) -> bool {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    let ip = IpAddr::V4(Ipv4Addr::from(
        0x0a00_0000 + NEXT.fetch_add(1, Ordering::Relaxed),
    ));
    let req = Request::new("POST", "/upload", ip)
        .with_header("Content-Type", content_type)
        .with_body(body.to_string(), false);
    matches!(r.check_request(&req), Verdict::Block(_))
}

/// Each case: what multer reads, and whether rasp blocks. Returns the
/// descriptions of the cases where a field multer hands out holds the
/// payload and rasp let it through, and of well-formed benign bodies rasp
/// blocked.
fn failures(content_type: &str) -> (Vec<String>, usize) {
    let r = rasp();
    let mut failed = Vec::new();
    let mut asserted = 0;
    for d in DISPOSITIONS {
        for t in PART_TYPES {
            for c in contents() {
                let b = body(&[part(d, *t, &c)]);
                let Some(parts) = multer_parts(content_type, &b) else {
                    continue;
                };
                let field_has_payload = parts.iter().any(|(file, text)| {
                    file.is_none() && text.contains(PAYLOAD.split_at(8).0) && {
                        // The payload whole, or both halves in one field.
                        let (a, z) = PAYLOAD.split_at(8);
                        text.contains(a) && text.contains(z)
                    }
                });
                if field_has_payload {
                    asserted += 1;
                    if !blocks(&r, content_type, &b) {
                        failed.push(format!("passed: {d} / {t:?} / {c:?}"));
                    }
                }
                // The same part, benign: a well-formed form passes.
                let benign = body(&[part(d, *t, "see you at the lake")]);
                if multer_parts(content_type, &benign).is_some()
                    && blocks(&r, content_type, &benign)
                {
                    failed.push(format!("benign blocked: {d} / {t:?}"));
                }
            }
        }
    }
    (failed, asserted)
}

#[test]
fn every_text_field_multer_reads_is_judged() {
    let (failed, asserted) = failures(&format!("multipart/form-data; boundary={BOUNDARY}"));
    assert!(
        asserted >= 140,
        "only {asserted} cases put the payload in a field"
    );
    assert!(
        failed.is_empty(),
        "{} failures:\n{}",
        failed.len(),
        failed.join("\n")
    );
}

#[test]
fn a_second_boundary_parameter_does_not_hide_the_parts() {
    // multer (through `mime`) takes the first `boundary`; a parser that takes
    // the last would read another set of parts. Both are judged.
    for ct in [
        format!("multipart/form-data; boundary={BOUNDARY}; boundary=other"),
        format!("multipart/form-data; boundary=other; boundary={BOUNDARY}"),
    ] {
        let r = rasp();
        let b = body(&[part(r#"form-data; name="{n}""#, None, PAYLOAD)]);
        assert!(blocks(&r, &ct, &b), "{ct}");
    }
}

#[test]
fn a_body_read_twice_is_no_parameter_pollution() {
    // LF line ends (read both ways) and two boundaries (read with each):
    // the names of a benign form are not seen as repeated.
    let mut cfg = Config::default();
    cfg.security_checks.hpp = Level::Block;
    cfg.security_checks.path = Level::Off;
    let r = Rasp::new(cfg).unwrap();
    let lf = format!(
        "--{BOUNDARY}\nContent-Disposition: form-data; name=\"title\"\n\nholiday\n--{BOUNDARY}\nContent-Disposition: form-data; name=\"comment\"\n\nsee you\n--{BOUNDARY}--\n"
    );
    let crlf = body(&[part(r#"form-data; name="{n}""#, None, "see you")]);
    for (ct, b) in [
        (format!("multipart/form-data; boundary={BOUNDARY}"), lf),
        (
            format!("multipart/form-data; boundary={BOUNDARY}; boundary={BOUNDARY}x"),
            crlf.clone(),
        ),
        (
            // A prefix of the first: the body reads with both.
            format!("multipart/form-data; boundary={BOUNDARY}; boundary=XBOUND"),
            crlf,
        ),
    ] {
        assert!(!blocks(&r, &ct, &b), "{ct}: {b:?}");
    }
    // A name given twice in one reading still is.
    let twice = body(&[part(r#"form-data; name="title""#, None, "again")]);
    assert!(blocks(
        &r,
        &format!("multipart/form-data; boundary={BOUNDARY}"),
        &twice
    ));
}

#[test]
fn parts_past_the_cap_are_still_judged() {
    let r = rasp();
    let mut b = String::new();
    for i in 0..10_050 {
        b.push_str(&format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"f{i}\"\r\n\r\nv\r\n"
        ));
    }
    let ct = format!("multipart/form-data; boundary={BOUNDARY}");
    let benign = format!("{b}--{BOUNDARY}--\r\n");
    assert!(!blocks(&r, &ct, &benign));
    let attack = format!(
        "{b}--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"last\"\r\n\r\n{PAYLOAD}\r\n--{BOUNDARY}--\r\n"
    );
    assert!(blocks(&r, &ct, &attack));
}
