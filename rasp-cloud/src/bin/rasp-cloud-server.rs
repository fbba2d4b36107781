//! `rasp-cloud-server`: the management server for rasp (and pyrasp) agents.
//!
//! ```text
//! rasp-cloud-server [--addr 127.0.0.1:8600] [--db rasp-cloud.sqlite3] --admin-token TOKEN
//! ```
//! The admin token can also come from `RASP_ADMIN_TOKEN`.

use rasp_cloud::server::{router, ServerState};

fn usage(err: &str) -> ! {
    eprintln!(
        "error: {err}\nusage: rasp-cloud-server [--addr HOST:PORT] [--db FILE] --admin-token TOKEN"
    );
    std::process::exit(2)
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt().init();
    let mut addr = "127.0.0.1:8600".to_string();
    let mut db = "rasp-cloud.sqlite3".to_string();
    let mut token = std::env::var("RASP_ADMIN_TOKEN").unwrap_or_default();
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut val = || {
            it.next()
                .unwrap_or_else(|| usage(&format!("{a} takes a value")))
        };
        match a.as_str() {
            "--addr" => addr = val(),
            "--db" => db = val(),
            "--admin-token" => token = val(),
            other => usage(&format!("unknown option {other}")),
        }
    }
    if token.len() < 12 {
        usage("an admin token of at least 12 characters is required (--admin-token or RASP_ADMIN_TOKEN)");
    }
    let state = match ServerState::open(&db, &token) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {addr}: {e}");
            std::process::exit(1);
        }
    };
    eprintln!("rasp-cloud-server on http://{addr} (database {db})");
    if let Err(e) = axum::serve(listener, router(state)).await {
        eprintln!("error: {e}");
    }
}
