//! The demo app on axum, protected by rasp (the README's first command).

use std::net::SocketAddr;

use rasp_axum::RaspLayer;
use rasp_examples::{axum_app, busy_wait, load_rasp, Args, Hits};

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let args = Args::parse();
    let mut app = axum_app::router(Hits::default());
    if args.busy_ns > 0 {
        // A layer that only spins, added as rasp is (bench/e2e.py, BUSY_NS).
        let ns = args.busy_ns;
        app = app.layer(tower::util::MapRequestLayer::new(
            move |r: axum::extract::Request| {
                busy_wait(ns);
                r
            },
        ));
    } else if args.null_middleware {
        // A layer that wraps nothing, added as rasp is: axum still wraps
        // each route in its own boxes for it (bench/e2e.py, PROTECT=null).
        app = app.layer(tower::layer::util::Identity::new());
    } else if !args.unprotected {
        // The two lines that protect the app.
        app = app.layer(RaspLayer::new(load_rasp(&args)));
    }
    let listener = match tokio::net::TcpListener::bind(args.addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {}: {e}", args.addr);
            std::process::exit(1);
        }
    };
    eprintln!("axum demo listening on http://{}", args.addr);
    if let Err(e) = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await
    {
        eprintln!("error: {e}");
    }
}
