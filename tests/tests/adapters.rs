//! The same end-to-end scenarios against every framework adapter, on real
//! servers on loopback.

use std::net::IpAddr;
use std::time::Duration;

use rasp_core::Level;
use rasp_tests::{client, raw_post_late_body, run_table, start, table_config, Framework, Logs};

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

async fn attack_table(fw: Framework) {
    let logs = Logs::start();
    let app = start(fw, table_config(&logs), logs).await;
    let failures = run_table(&app, ip("127.0.0.2")).await;
    assert!(failures.is_empty(), "{fw:?}:\n{}", failures.join("\n"));
}

async fn blacklist_levels(fw: Framework) {
    let logs = Logs::start();
    let mut cfg = table_config(&logs);
    cfg.security_checks.command = Level::Blacklist;
    cfg.security_checks.decoy = Level::Block;
    let app = start(fw, cfg, logs).await;
    let base = format!("http://{}", app.addr);
    let attacker = client(ip("127.0.0.10"));
    let other = client(ip("127.0.0.11"));
    let status = |r: reqwest::Response| r.status().as_u16();

    // Level 1 (decoy): blocked, not blacklisted.
    assert_eq!(
        status(attacker.get(format!("{base}/.env")).send().await.unwrap()),
        418
    );
    assert_eq!(
        status(attacker.get(format!("{base}/")).send().await.unwrap()),
        200
    );
    // Level 2 (command): blocked and blacklisted.
    assert_eq!(
        status(
            attacker
                .get(format!("{base}/search?q=;id"))
                .send()
                .await
                .unwrap()
        ),
        418
    );
    assert_eq!(
        status(attacker.get(format!("{base}/")).send().await.unwrap()),
        418
    );
    assert!(app
        .logs
        .wait_for(&[
            "\"blacklist\"",
            "\"127.0.0.10\"",
            "\"source_ip:127.0.0.10\""
        ])
        .is_some());
    // Another source is served.
    assert_eq!(
        status(other.get(format!("{base}/")).send().await.unwrap()),
        200
    );
}

async fn flood(fw: Framework) {
    let logs = Logs::start();
    let mut cfg = table_config(&logs);
    cfg.flood_ratio = 5;
    cfg.flood_delay = 60;
    let app = start(fw, cfg, logs).await;
    let c = client(ip("127.0.0.20"));
    let url = format!("http://{}/", app.addr);
    for i in 0..5 {
        assert_eq!(
            c.get(&url).send().await.unwrap().status().as_u16(),
            200,
            "request {i}"
        );
    }
    assert_eq!(c.get(&url).send().await.unwrap().status().as_u16(), 418);
    assert!(app
        .logs
        .wait_for(&["\"flood\"", "\"127.0.0.20\""])
        .is_some());
    // Others are not affected.
    assert_eq!(
        client(ip("127.0.0.21"))
            .get(&url)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        200
    );
}

/// A body that reaches the server after its head (a slow client): the
/// adapter waits for it, judges it whole and hands the application all of
/// it, as for a body that came with the head.
async fn late_body(fw: Framework) {
    let logs = Logs::start();
    let app = start(fw, table_config(&logs), logs).await;
    let (status, gtfo) = app.rasp.deny();
    let late = Duration::from_millis(150);
    let benign = b"name=Jane+O%27Brien&comment=Great+shop%2C+thanks%21";
    let (code, _, body) = raw_post_late_body(app.addr, ip("127.0.0.30"), "/form", benign, late)
        .await
        .unwrap();
    assert_eq!((code, body.as_slice()), (200, &benign[..]), "{fw:?}");
    let hits = app.hits.get();
    let attack = b"name=Jane&comment=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E";
    let (code, _, body) = raw_post_late_body(app.addr, ip("127.0.0.30"), "/form", attack, late)
        .await
        .unwrap();
    assert_eq!((code, body.as_slice()), (status, gtfo.as_bytes()), "{fw:?}");
    assert_eq!(app.hits.get(), hits, "{fw:?}: the handler ran");
    assert!(app
        .logs
        .wait_for(&["\"xss\"", "\"127.0.0.30\"", "\"post_values:"])
        .is_some());
}

macro_rules! per_framework {
    ($($name:ident => $fw:expr),* $(,)?) => {$(
        mod $name {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn attack_table_() { attack_table($fw).await }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn blacklist_levels_() { blacklist_levels($fw).await }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn flood_() { flood($fw).await }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn late_body_() { late_body($fw).await }
        }
    )*};
}

per_framework! {
    axum => Framework::Axum,
    actix => Framework::Actix,
    rocket => Framework::Rocket,
    lambda => Framework::Lambda,
}
