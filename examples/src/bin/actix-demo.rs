//! The demo app on actix-web, protected by rasp.

use actix_web::dev::Service;
use actix_web::{web, App, HttpServer};
use rasp_actix::RaspMiddleware;
use rasp_examples::{actix_app, busy_wait, load_rasp, Args, Hits};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let args = Args::parse();
    let hits = web::Data::new(Hits::default());
    eprintln!("actix demo listening on http://{}", args.addr);
    // One server builder for the four ways the app is served; `App::wrap`
    // changes the app's type, so each is its own closure.
    macro_rules! serve {
        ($app:expr) => {
            HttpServer::new($app).bind(args.addr)?.run().await
        };
    }
    if args.busy_ns > 0 {
        // A middleware that only spins, added as rasp is (bench/e2e.py, BUSY_NS).
        let ns = args.busy_ns;
        return serve!(move || {
            App::new()
                .wrap_fn(move |req, srv| {
                    busy_wait(ns);
                    srv.call(req)
                })
                .app_data(hits.clone())
                .configure(actix_app::routes)
        });
    }
    if args.null_middleware {
        // actix-web's own middleware that passes everything through, added
        // as rasp is (bench/e2e.py, PROTECT=null).
        return serve!(move || {
            App::new()
                .wrap(actix_web::middleware::Identity::default())
                .app_data(hits.clone())
                .configure(actix_app::routes)
        });
    }
    if args.unprotected {
        return serve!(move || {
            App::new()
                .app_data(hits.clone())
                .configure(actix_app::routes)
        });
    }
    // The two lines that protect the app.
    let rasp = RaspMiddleware::new(load_rasp(&args));
    serve!(move || {
        App::new()
            .wrap(rasp.clone())
            .app_data(hits.clone())
            .configure(actix_app::routes)
    })
}
