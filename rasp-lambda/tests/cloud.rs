//! Lambda cloud mode: configuration and a beacon at start, then a beacon
//! from the first invocation after BEACON_DELAY, and nothing in between.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::routing::post;
use axum::Router;
use lambda_http::{Body, Error, Request, Response};
use rasp_cloud::CloudSettings;
use rasp_core::Rasp;
use rasp_lambda::RaspLambda;

fn event() -> String {
    serde_json::json!({
        "version": "2.0", "routeKey": "$default", "rawPath": "/", "rawQueryString": "",
        "headers": {"host": "api.example.com"},
        "requestContext": {"accountId": "1", "apiId": "a", "domainName": "api.example.com", "domainPrefix": "api",
            "requestId": "r", "routeKey": "$default", "stage": "$default", "time": "26/Nov/2026:12:00:00 +0000",
            "timeEpoch": 1795000000000u64,
            "http": {"method": "GET", "path": "/", "protocol": "HTTP/1.1", "sourceIp": "203.0.113.1", "userAgent": "t"}},
        "isBase64Encoded": false
    })
    .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn beacons_follow_invocations() {
    let beacons = Arc::new(AtomicUsize::new(0));
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    let b = beacons.clone();
    let config = serde_json::json!({"config": {
        "BEACON": true, "BEACON_DELAY": 1, "BEACON_URL": format!("http://{addr}/beacon"), "DENY_STATUS_CODE": 451
    }})
    .to_string();
    let app = Router::new()
        .route("/config", post(move || async move { config }))
        .route(
            "/beacon",
            post(move || {
                let b = b.clone();
                async move {
                    b.fetch_add(1, Ordering::SeqCst);
                    "{}"
                }
            }),
        );
    tokio::spawn(async move { axum::serve(l, app).await.unwrap() });

    let settings = CloudSettings::new(format!("http://{addr}/config"), "lambda-1");
    let rasp = RaspLambda::with_cloud(Rasp::builder(), settings).unwrap();
    assert_eq!(
        rasp.rasp().deny().0,
        451,
        "configuration downloaded at start"
    );
    assert_eq!(beacons.load(Ordering::SeqCst), 1, "a beacon at start");

    let f = rasp.wrap(|_req: Request| async { Ok::<_, Error>(Response::new(Body::from("ok"))) });
    let call = || f(lambda_http::request::from_str(&event()).unwrap());
    assert_eq!(call().await.unwrap().status(), 200);
    assert_eq!(
        beacons.load(Ordering::SeqCst),
        1,
        "no beacon before BEACON_DELAY"
    );
    // Idle: nothing runs between invocations.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(
        beacons.load(Ordering::SeqCst),
        1,
        "a beacon was sent without an invocation"
    );
    assert_eq!(call().await.unwrap().status(), 200);
    assert_eq!(
        beacons.load(Ordering::SeqCst),
        2,
        "the first invocation after BEACON_DELAY sends one"
    );
}
