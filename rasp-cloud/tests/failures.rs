//! Every way the management server can fail: the agent logs it, keeps its
//! last good configuration, and carries beacon data to the next beacon.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::post;
use axum::Router;
use rasp_cloud::{Agent, CloudError, CloudSettings};
use rasp_core::{Config, Rasp, Request, Response};

/// A server whose answer the test sets, recording the bodies it receives.
#[derive(Clone, Default)]
struct Mock {
    answer: Arc<Mutex<(u16, String, u64)>>,
    seen: Arc<Mutex<Vec<serde_json::Value>>>,
}

async fn serve(mock: Mock) -> SocketAddr {
    let m = mock.clone();
    let handler = move |body: String| {
        let m = m.clone();
        async move {
            if let Ok(v) = serde_json::from_str(&body) {
                m.seen.lock().unwrap().push(v);
            }
            let (status, text, delay_ms) = m.answer.lock().unwrap().clone();
            tokio::time::sleep(Duration::from_millis(delay_ms)).await;
            (
                StatusCode::from_u16(status).unwrap(),
                [("content-type", "application/json")],
                text,
            )
                .into_response()
        }
    };
    let app = Router::new()
        .route("/config", post(handler.clone()))
        .route("/beacon", post(handler));
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(l, app).await.unwrap() });
    addr
}

/// Status, body and delay of the mock's answer.
type Answer = (u16, &'static str, u64);
/// What the agent must make of it.
type Expected = fn(&CloudError) -> bool;

fn local() -> Rasp {
    Rasp::new(Config {
        deny_status_code: 406,
        ..Config::default()
    })
    .unwrap()
}

fn settings(addr: SocketAddr) -> CloudSettings {
    let mut s = CloudSettings::new(format!("http://{addr}/config"), "k1");
    s.timeout = Duration::from_millis(500);
    s
}

async fn start(rasp: Rasp, s: CloudSettings) -> (Agent, Option<CloudError>) {
    tokio::task::spawn_blocking(move || Agent::start(rasp, s))
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_failure_keeps_the_local_configuration() {
    let mock = Mock::default();
    let addr = serve(mock.clone()).await;
    let cases: Vec<(Answer, Expected)> = vec![
        ((500, "{}", 0), |e| matches!(e, CloudError::Status(500))),
        (
            (403, r#"{"status": false, "message": "invalid key"}"#, 0),
            |e| matches!(e, CloudError::Refused(403)),
        ),
        ((404, r#"{"status": false}"#, 0), |e| {
            matches!(e, CloudError::NoProfile)
        }),
        ((200, "<html>oops</html>", 0), |e| {
            matches!(e, CloudError::Garbage(_))
        }),
        ((200, "[1, 2, 3]", 0), |e| {
            matches!(e, CloudError::Garbage(_))
        }),
        (
            (200, r#"{"status": true, "data": {"blacklist": {}}}"#, 0),
            |e| matches!(e, CloudError::Garbage(_)),
        ),
        (
            (200, r#"{"status": false, "message": "disabled"}"#, 0),
            |e| matches!(e, CloudError::Rejected(_)),
        ),
        (
            (200, r#"{"config": {"SECURITY_CHECKS": {"sqli": 9}}}"#, 0),
            |e| matches!(e, CloudError::BadConfig(_)),
        ),
        (
            (
                200,
                r#"{"config": {"DENY_STATUS_CODE": 410}, "blacklist": "nope"}"#,
                0,
            ),
            |e| matches!(e, CloudError::Garbage(_)),
        ),
        (
            (200, r#"{"config": {"DENY_STATUS_CODE": 410}}"#, 2000),
            |e| matches!(e, CloudError::Http(_)),
        ),
    ];
    for ((status, body, delay), expected) in cases {
        *mock.answer.lock().unwrap() = (status, body.to_string(), delay);
        let rasp = local();
        let t = Instant::now();
        let (agent, err) = start(rasp.clone(), settings(addr)).await;
        agent.stop();
        let err = err.unwrap_or_else(|| panic!("{status} {body}: no error"));
        assert!(expected(&err), "{status} {body}: {err:?}");
        assert_eq!(rasp.deny().0, 406, "{status} {body}: configuration changed");
        // The exchange is bounded: a slow server costs at most the timeout.
        assert!(
            t.elapsed() < Duration::from_secs(3),
            "{status} {body}: took {:?}",
            t.elapsed()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_down_then_up_is_picked_up_with_backoff() {
    // Nothing listens there yet.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let rasp = local();
    let (agent, err) = start(rasp.clone(), settings(addr)).await;
    assert!(matches!(err, Some(CloudError::Http(_))), "{err:?}");
    assert_eq!(rasp.deny().0, 406);
    // The request path is not affected.
    assert!(rasp
        .check_request(&Request::new(
            "GET",
            "/?q=;id",
            "192.0.2.1".parse().unwrap()
        ))
        .is_block());
    // The server comes up: the agent retries (1 s, then 2 s...) and applies it.
    let mock = Mock::default();
    *mock.answer.lock().unwrap() = (
        200,
        r#"{"config": {"DENY_STATUS_CODE": 410}, "blacklist": {"198.51.100.9": 1700000000}}"#
            .into(),
        0,
    );
    let m = mock.clone();
    let app = Router::new().route(
        "/config",
        post(move |body: String| {
            let m = m.clone();
            async move {
                m.seen
                    .lock()
                    .unwrap()
                    .push(serde_json::from_str(&body).unwrap());
                m.answer.lock().unwrap().1.clone()
            }
        }),
    );
    let l = tokio::net::TcpListener::bind(addr).await.unwrap();
    tokio::spawn(async move { axum::serve(l, app).await.unwrap() });
    let deadline = Instant::now() + Duration::from_secs(10);
    while rasp.deny().0 != 410 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    agent.stop();
    assert_eq!(rasp.deny().0, 410);
    let first = mock.seen.lock().unwrap()[0].clone();
    assert_eq!(first["key"], "k1");
    assert!(
        first["version"].is_string() && first["platform"].is_string() && first["routes"].is_array()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn beacon_data_is_kept_until_acknowledged() {
    let mock = Mock::default();
    let addr = serve(mock.clone()).await;
    let cfg = serde_json::json!({
        "BEACON": true, "BEACON_DELAY": 1, "TELEMETRY_DATA": true, "BLACKLIST_SHARE": true,
        "BEACON_URL": format!("http://{addr}/beacon"),
        "SECURITY_CHECKS": {"command": 2}
    });
    // The wrapped pyrasp shape.
    *mock.answer.lock().unwrap() = (
        200,
        serde_json::json!({"status": true, "message": "ok", "data": {"config": cfg}}).to_string(),
        0,
    );
    let rasp = local();
    let (agent, err) = start(rasp.clone(), settings(addr)).await;
    assert_eq!(err, None);
    // Traffic: one success, one error, one attack (blacklisted, to share).
    let ok = Request::new("GET", "/", "192.0.2.1".parse().unwrap());
    rasp.check_response(&ok, &Response::new(200));
    rasp.check_response(&ok, &Response::new(500));
    assert!(rasp
        .check_request(&Request::new(
            "GET",
            "/?q=;id",
            "192.0.2.66".parse().unwrap()
        ))
        .is_block());
    // The server now fails beacons: nothing is forgotten.
    *mock.answer.lock().unwrap() = (503, "{}".into(), 0);
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(rasp.blacklist().pending_share().len(), 1);
    assert_eq!(rasp.stats().snapshot().attacks, 1);
    // It recovers and answers with blacklist updates.
    *mock.answer.lock().unwrap() = (
        200,
        r#"{"blacklist": {"new": ["203.0.113.5"], "remove": ["192.0.2.66"]}}"#.into(),
        0,
    );
    let deadline = Instant::now() + Duration::from_secs(5);
    while !rasp.blacklist().pending_share().is_empty() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    agent.stop();
    assert!(rasp.blacklist().pending_share().is_empty());
    assert_eq!(rasp.stats().snapshot(), rasp_core::StatsSnapshot::default());
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(rasp
        .blacklist()
        .contains("203.0.113.5".parse().unwrap(), now));
    assert!(!rasp
        .blacklist()
        .contains("192.0.2.66".parse().unwrap(), now));
    let beacons: Vec<serde_json::Value> = mock
        .seen
        .lock()
        .unwrap()
        .iter()
        .filter(|v| v.get("telemetry").is_some())
        .cloned()
        .collect();
    let last = beacons.last().unwrap();
    assert_eq!(last["key"], "k1");
    assert_eq!(last["telemetry"]["requests"]["success"], 1);
    assert_eq!(last["telemetry"]["requests"]["errors"], 1);
    assert_eq!(last["telemetry"]["requests"]["attacks"], 1);
    assert!(last["telemetry"]["cpu"].is_number() && last["telemetry"]["memory"].is_number());
    assert_eq!(last["blacklist"][0][0], "192.0.2.66");
}
