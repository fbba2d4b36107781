//! The whole cloud loop on loopback: the management server (SQLite file)
//! and two protected demo apps (axum) with real agents.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use rasp_cloud::server::{router, ServerState};
use rasp_cloud::CloudSettings;
use rasp_core::Rasp;
use rasp_examples::Hits;
use serde_json::json;

const TOKEN: &str = "test-admin-token-0123";

struct Server {
    stop: tokio::sync::oneshot::Sender<()>,
    done: tokio::task::JoinHandle<()>,
}

async fn start_server(addr: SocketAddr, db: &std::path::Path) -> Server {
    let state = ServerState::open(db, TOKEN).unwrap();
    let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let done = tokio::spawn(async move {
        axum::serve(listener, router(state))
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await
            .unwrap();
    });
    Server { stop: tx, done }
}

async fn start_app(server: SocketAddr, key: &str) -> SocketAddr {
    let mut s = CloudSettings::new(format!("http://{server}/config"), key);
    s.timeout = Duration::from_secs(2);
    s.routes = vec!["/".into(), "/search".into()];
    let rasp: Rasp =
        tokio::task::spawn_blocking(move || rasp_cloud::connect(Rasp::builder(), s).unwrap())
            .await
            .unwrap();
    let app =
        rasp_examples::axum_app::router(Hits::default()).layer(rasp_axum::RaspLayer::new(rasp));
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(l, app.into_make_service_with_connect_info::<SocketAddr>())
            .await
            .unwrap();
    });
    addr
}

fn client(source: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(source.parse::<std::net::IpAddr>().unwrap())
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

async fn status(c: &reqwest::Client, url: String) -> u16 {
    c.get(url).send().await.unwrap().status().as_u16()
}

/// Polls until `f` returns true or the deadline passes.
async fn within(limit: Duration, mut f: impl AsyncFnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if f().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

fn profile(server: SocketAddr, deny: u16) -> serde_json::Value {
    json!({
        "APP_NAME": "cloud e2e",
        "DENY_STATUS_CODE": deny,
        "BEACON": true,
        "BEACON_DELAY": 1,
        "BEACON_URL": format!("http://{server}/beacon"),
        "TELEMETRY_DATA": true,
        "BLACKLIST_SHARE": true,
        "SECURITY_CHECKS": {"command": 2, "path": 1, "flood": 0}
    })
}

async fn set_profile(admin: &reqwest::Client, server: SocketAddr, key: &str, deny: u16) {
    let r = admin
        .put(format!("http://{server}/admin/agents/{key}/config"))
        .bearer_auth(TOKEN)
        .json(&profile(server, deny))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_apps_one_server() {
    let dir = std::env::temp_dir().join(format!("rasp-cloud-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("state.sqlite3");
    let _ = std::fs::remove_file(&db);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let server: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let srv = start_server(server, &db).await;
    let admin = client("127.0.0.1");

    // The admin API is authenticated; agent keys are checked.
    let r = admin
        .get(format!("http://{server}/admin/agents"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = admin
        .post(format!("http://{server}/config"))
        .json(&json!({"key": "nobody"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = admin
        .post(format!("http://{server}/config"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = admin
        .post(format!("http://{server}/admin/agents/empty"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let r = admin
        .post(format!("http://{server}/config"))
        .json(&json!({"key": "empty"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    // A configuration an agent would refuse is refused by the server too.
    let r = admin
        .put(format!("http://{server}/admin/agents/app-a/config"))
        .bearer_auth(TOKEN)
        .json(&json!({"SECURITY_CHECKS": {"sqli": 9}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);

    set_profile(&admin, server, "app-a", 418).await;
    set_profile(&admin, server, "app-b", 418).await;
    let a = start_app(server, "app-a").await;
    let b = start_app(server, "app-b").await;
    let user = client("127.0.0.70");
    assert_eq!(status(&user, format!("http://{a}/")).await, 200);
    assert_eq!(status(&user, format!("http://{b}/")).await, 200);

    // App A blacklists an attacker (command injection at level 2)...
    let attacker = client("127.0.0.60");
    assert_eq!(status(&attacker, format!("http://{b}/")).await, 200);
    assert_eq!(
        status(&attacker, format!("http://{a}/search?q=;id")).await,
        418
    );
    assert_eq!(status(&attacker, format!("http://{a}/")).await, 418);
    // ...and app B blocks it once A's beacon shared it and B's beacon fetched it
    // (one beacon period each: BEACON_DELAY is 1 s).
    assert!(
        within(Duration::from_secs(4), async || status(
            &attacker,
            format!("http://{b}/")
        )
        .await
            == 418)
        .await,
        "app B never blocked the attacker that app A blacklisted"
    );
    assert_eq!(status(&user, format!("http://{b}/")).await, 200);

    // A configuration change through the admin API reaches both apps.
    set_profile(&admin, server, "app-a", 451).await;
    set_profile(&admin, server, "app-b", 451).await;
    for app in [a, b] {
        assert!(
            within(Duration::from_secs(3), async || status(
                &attacker,
                format!("http://{app}/")
            )
            .await
                == 451)
            .await,
            "{app} did not take the new DENY_STATUS_CODE"
        );
    }

    // Telemetry and agents are recorded.
    let agents: serde_json::Value = admin
        .get(format!("http://{server}/admin/agents"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let list = agents["data"].as_array().unwrap();
    let app_a = list.iter().find(|x| x["key"] == "app-a").unwrap();
    assert!(app_a["last_seen"].as_i64().unwrap() > 0);
    assert!(app_a["telemetry"]["requests"].is_object(), "{app_a}");

    // The server stops: both apps keep serving and protecting.
    srv.stop.send(()).unwrap();
    srv.done.await.unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(status(&user, format!("http://{a}/")).await, 200);
    assert_eq!(status(&user, format!("http://{b}/")).await, 200);
    let attacker2 = client("127.0.0.61");
    assert_eq!(
        status(&attacker2, format!("http://{b}/search?q=%60id%60")).await,
        451
    );
    assert_eq!(status(&attacker, format!("http://{a}/")).await, 451);

    // Restarted on the same database, the loop resumes with its state.
    let srv = start_server(server, &db).await;
    let bl: serde_json::Value = admin
        .get(format!("http://{server}/admin/blacklist"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(bl["data"]["127.0.0.60"].is_number(), "{bl}");
    // Attacker 2, blacklisted by B while the server was down, reaches A.
    assert!(
        within(Duration::from_secs(5), async || status(
            &attacker2,
            format!("http://{a}/")
        )
        .await
            == 451)
        .await,
        "the entry B blacklisted while the server was down never reached A"
    );
    set_profile(&admin, server, "app-a", 429).await;
    assert!(
        within(Duration::from_secs(3), async || status(
            &attacker,
            format!("http://{a}/")
        )
        .await
            == 429)
        .await
    );
    // An admin removal propagates.
    let r = admin
        .delete(format!("http://{server}/admin/blacklist/127.0.0.60"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        within(Duration::from_secs(3), async || status(
            &attacker,
            format!("http://{b}/")
        )
        .await
            == 200)
        .await
    );
    srv.stop.send(()).unwrap();
}
