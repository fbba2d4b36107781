//! The middleware hands response bodies on as the handler made them.

use actix_web::body::{BodySize, MessageBody};
use actix_web::{test, web, App, HttpResponse};
use rasp_actix::RaspMiddleware;

fn middleware() -> RaspMiddleware {
    RaspMiddleware::new(rasp_core::Rasp::new(rasp_core::Config::default()).expect("config"))
}

#[actix_web::test]
async fn a_body_of_no_size_keeps_no_size() {
    let app = test::init_service(
        App::new()
            .wrap(middleware())
            .route(
                "/none",
                web::get().to(|| async { HttpResponse::Ok().body(actix_web::body::None::new()) }),
            )
            .route("/text", web::get().to(|| async { "results" })),
    )
    .await;
    let res = test::call_service(&app, test::TestRequest::get().uri("/none").to_request()).await;
    assert_eq!(res.status(), 200);
    // No Content-Length at all, not a length of 0.
    assert_eq!(res.response().body().size(), BodySize::None);

    let res = test::call_service(&app, test::TestRequest::get().uri("/text").to_request()).await;
    assert_eq!(res.response().body().size(), BodySize::Sized(7));
    assert_eq!(test::read_body(res).await, "results");
}
