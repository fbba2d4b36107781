//! The wrapper invoked locally with `lambda_http` requests parsed from API
//! Gateway REST (v1), HTTP API (v2) and ALB event documents.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use lambda_http::{Body, Error, Request, Response};
use rasp_core::{Config, Level, Rasp};
use rasp_lambda::RaspLambda;

fn v1(path: &str, query: &[(&str, &str)], body: Option<&str>, ip: &str) -> String {
    let qs: serde_json::Map<String, serde_json::Value> = query
        .iter()
        .map(|(k, v)| (k.to_string(), serde_json::json!(v)))
        .collect();
    let mqs: serde_json::Map<String, serde_json::Value> = query
        .iter()
        .map(|(k, v)| (k.to_string(), serde_json::json!([v])))
        .collect();
    serde_json::json!({
        "resource": "/{proxy+}", "path": path, "httpMethod": if body.is_some() { "POST" } else { "GET" },
        "headers": {"Host": "api.example.com", "Content-Type": "application/x-www-form-urlencoded", "User-Agent": "curl/8"},
        "multiValueHeaders": {"Host": ["api.example.com"], "Content-Type": ["application/x-www-form-urlencoded"], "User-Agent": ["curl/8"]},
        "queryStringParameters": if query.is_empty() { serde_json::Value::Null } else { serde_json::Value::Object(qs) },
        "multiValueQueryStringParameters": if query.is_empty() { serde_json::Value::Null } else { serde_json::Value::Object(mqs) },
        "pathParameters": null, "stageVariables": null,
        "requestContext": {"accountId": "123456789012", "resourceId": "abc", "stage": "prod", "requestId": "r1",
            "identity": {"sourceIp": ip, "userAgent": "curl/8"}, "resourcePath": "/{proxy+}", "httpMethod": "GET",
            "apiId": "api1", "path": path},
        "body": body, "isBase64Encoded": false
    })
    .to_string()
}

fn v2(raw_path: &str, raw_query: &str, ip: &str, cookies: &[&str]) -> String {
    serde_json::json!({
        "version": "2.0", "routeKey": "$default", "rawPath": raw_path, "rawQueryString": raw_query,
        "cookies": cookies,
        "headers": {"host": "api.example.com", "user-agent": "curl/8"},
        "requestContext": {"accountId": "123456789012", "apiId": "api1", "domainName": "api.example.com",
            "domainPrefix": "api", "requestId": "r2", "routeKey": "$default", "stage": "$default",
            "time": "26/Nov/2026:12:00:00 +0000", "timeEpoch": 1795000000000u64,
            "http": {"method": "GET", "path": raw_path, "protocol": "HTTP/1.1", "sourceIp": ip, "userAgent": "curl/8"}},
        "isBase64Encoded": false
    })
    .to_string()
}

fn alb(path: &str, query: &[(&str, &str)], xff: &str) -> String {
    let qs: serde_json::Map<String, serde_json::Value> = query
        .iter()
        .map(|(k, v)| (k.to_string(), serde_json::json!(v)))
        .collect();
    serde_json::json!({
        "requestContext": {"elb": {"targetGroupArn": "arn:aws:elasticloadbalancing:region:123456789012:targetgroup/tg/1"}},
        "httpMethod": "GET", "path": path, "queryStringParameters": qs,
        "headers": {"host": "lb.example.com", "x-forwarded-for": xff, "user-agent": "curl/8"},
        "body": "", "isBase64Encoded": false
    })
    .to_string()
}

fn config() -> Config {
    let mut c = Config::default();
    c.security_checks.path = Level::Off;
    c.security_checks.command = Level::Blacklist;
    c.security_checks.dlp = Level::Block;
    c.dlp_cc_numbers = true;
    c.deny_status_code = 418;
    c
}

type Handler = Arc<AtomicUsize>;

async fn call(rasp: &RaspLambda, hits: &Handler, event: &str) -> Response<Body> {
    let req: Request = lambda_http::request::from_str(event).expect("event parses");
    let hits = hits.clone();
    let f = rasp.clone().wrap(move |req: Request| {
        let hits = hits.clone();
        async move {
            hits.fetch_add(1, Ordering::SeqCst);
            let body = if req.uri().path() == "/leak" {
                "card 4111 1111 1111 1111".to_string()
            } else {
                "ok".to_string()
            };
            Ok::<_, Error>(Response::new(Body::Text(body)))
        }
    });
    f(req).await.expect("wrapper never fails on its own")
}

#[tokio::test]
async fn api_gateway_v1() {
    let rasp = RaspLambda::new(Rasp::new(config()).unwrap());
    let hits = Handler::default();
    let ok = call(
        &rasp,
        &hits,
        &v1("/search", &[("q", "red shoes")], None, "198.51.100.1"),
    )
    .await;
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.headers()["server"], "Apache");
    let bad = call(
        &rasp,
        &hits,
        &v1(
            "/search",
            &[("q", "; cat /etc/passwd")],
            None,
            "198.51.100.2",
        ),
    )
    .await;
    assert_eq!(bad.status(), 418);
    assert_eq!(
        hits.load(Ordering::SeqCst),
        1,
        "the handler ran for a blocked request"
    );
    // Level 2: the source address from the request context is blacklisted.
    let again = call(&rasp, &hits, &v1("/", &[], None, "198.51.100.2")).await;
    assert_eq!(again.status(), 418);
    let other = call(&rasp, &hits, &v1("/", &[], None, "198.51.100.3")).await;
    assert_eq!(other.status(), 200);
    // Form body.
    let form = call(
        &rasp,
        &hits,
        &v1("/form", &[], Some("host=x%0aid"), "198.51.100.4"),
    )
    .await;
    assert_eq!(form.status(), 418);
}

#[tokio::test]
async fn api_gateway_v2() {
    let rasp = RaspLambda::new(Rasp::new(config()).unwrap());
    let hits = Handler::default();
    assert_eq!(
        call(
            &rasp,
            &hits,
            &v2("/items", "id=3", "203.0.113.1", &["s=abc"])
        )
        .await
        .status(),
        200
    );
    assert_eq!(
        call(&rasp, &hits, &v2("/items", "", "203.0.113.2", &["s=a|id"]))
            .await
            .status(),
        418
    );
    assert!(rasp
        .rasp()
        .blacklist()
        .entries(0)
        .iter()
        .any(|(ip, _)| ip.to_string() == "203.0.113.2"));
    assert_eq!(
        call(&rasp, &hits, &v2("/leak", "", "203.0.113.3", &[]))
            .await
            .status(),
        418
    );
}

#[tokio::test]
async fn alb_uses_the_last_forwarded_hop() {
    let rasp = RaspLambda::new(Rasp::new(config()).unwrap());
    let hits = Handler::default();
    let bad = call(
        &rasp,
        &hits,
        &alb("/x", &[("q", "`id`")], "6.6.6.6, 192.0.2.77"),
    )
    .await;
    assert_eq!(bad.status(), 418);
    let entries = rasp.rasp().blacklist().entries(0);
    assert!(
        entries.iter().any(|(ip, _)| ip.to_string() == "192.0.2.77"),
        "{entries:?}"
    );
    assert!(!entries.iter().any(|(ip, _)| ip.to_string() == "6.6.6.6"));
}
