//! The demo app on actix-web, protected by rasp.

use actix_web::{web, App, HttpServer};
use rasp_actix::RaspMiddleware;
use rasp_examples::{actix_app, load_rasp, Args, Hits};

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
    if args.null_middleware {
        // actix-web's own middleware that passes everything through, added
        // as rasp is (bench/e2e.py, PROTECT=null).
        return HttpServer::new(move || {
            App::new()
                .wrap(actix_web::middleware::Identity::default())
                .app_data(hits.clone())
                .configure(actix_app::routes)
        })
        .bind(args.addr)?
        .run()
        .await;
    }
    if args.unprotected {
        return HttpServer::new(move || {
            App::new()
                .app_data(hits.clone())
                .configure(actix_app::routes)
        })
        .bind(args.addr)?
        .run()
        .await;
    }
    // The two lines that protect the app.
    let rasp = RaspMiddleware::new(load_rasp(&args));
    HttpServer::new(move || {
        App::new()
            .wrap(rasp.clone())
            .app_data(hits.clone())
            .configure(actix_app::routes)
    })
    .bind(args.addr)?
    .run()
    .await
}
