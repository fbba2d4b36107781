//! Response bodies that make the layer wait: a body that is not ready at
//! the first poll is read with the task's own waker (the layer first polls
//! it once with a no-op waker, to judge a whole body without a future), so
//! it is neither lost nor left hanging, and its leak is still found.
//! Real HTTP on loopback.

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::routing::get;
use axum::Router;
use bytes::Bytes;
use rasp_axum::RaspLayer;
use rasp_core::{Config, Level, Rasp};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A body whose chunks come from a task after `delay`: its first poll
/// finds nothing.
fn late_body(chunks: Vec<&'static str>, delay: Duration) -> Body {
    let (tx, rx) = tokio::sync::mpsc::channel::<Bytes>(4);
    tokio::spawn(async move {
        tokio::time::sleep(delay).await;
        for c in chunks {
            if tx.send(Bytes::from_static(c.as_bytes())).await.is_err() {
                return;
            }
        }
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv()
            .await
            .map(|chunk| (Ok::<_, std::io::Error>(chunk), rx))
    });
    Body::from_stream(stream)
}

async fn serve() -> SocketAddr {
    let cfg = Config {
        security_checks: rasp_core::SecurityChecks {
            dlp: Level::Block,
            ..Default::default()
        },
        dlp_cc_numbers: true,
        ..Config::default()
    };
    let rasp = Rasp::new(cfg).expect("config");
    let app = Router::new()
        .route(
            "/late",
            get(|| async {
                late_body(
                    vec!["results ", "for ", "red shoes"],
                    Duration::from_millis(50),
                )
            }),
        )
        .route(
            "/late/leak",
            get(|| async {
                late_body(
                    vec!["<p>Card: 4111-1111-", "1111-1111</p>"],
                    Duration::from_millis(50),
                )
            }),
        )
        .layer(RaspLayer::new(rasp));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .expect("serve");
    });
    addr
}

/// The status line and the body of a GET of `path`.
async fn get_once(addr: SocketAddr, path: &str) -> (String, String) {
    let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let req = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.expect("write");
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut raw))
        .await
        .expect("answered within 5 s")
        .expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.lines().next().unwrap_or("").to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    // A streamed body comes chunked: keep the chunks' data only.
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        let mut out = String::new();
        let mut rest = body;
        while let Some((size, after)) = rest.split_once("\r\n") {
            let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
            if n == 0 || after.len() < n {
                break;
            }
            out.push_str(&after[..n]);
            rest = after[n..].trim_start_matches("\r\n");
        }
        out
    } else {
        body.to_string()
    };
    (status, body)
}

#[tokio::test]
async fn a_body_that_is_not_ready_at_once_is_served_whole() {
    let addr = serve().await;
    let (status, body) = get_once(addr, "/late").await;
    assert!(status.contains(" 200 "), "{status}");
    assert_eq!(body, "results for red shoes");
}

#[tokio::test]
async fn a_leak_in_a_body_that_is_not_ready_at_once_is_refused() {
    let addr = serve().await;
    let (status, body) = get_once(addr, "/late/leak").await;
    assert!(status.contains(" 403 "), "{status}");
    assert!(!body.contains("4111"), "{body}");
}
