//! The demo app on actix-web.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};

use crate::{big_body, Hits, INDEX, LEAK};

/// Registers the routes on an `App` (with `.configure(actix_app::routes)`).
pub fn routes(cfg: &mut web::ServiceConfig) {
    // `web::resource(..).route(..)`: a method the resource does not serve is
    // answered 405 by actix, which rasp reports as request validation.
    cfg.app_data(web::PayloadConfig::new(16 * 1024 * 1024))
        .service(web::resource("/").route(web::get().to(index)))
        .service(web::resource("/search").route(web::get().to(search)))
        .service(web::resource("/form").route(web::post().to(echo)))
        .service(web::resource("/api/items").route(web::post().to(echo)))
        .service(web::resource("/api/items/{id}").route(web::get().to(item)))
        .service(web::resource("/api/orders").route(web::post().to(orders)))
        .service(web::resource("/signup").route(web::post().to(signup)))
        .service(web::resource("/files/{rest:.*}").route(web::get().to(file)))
        .service(web::resource("/upload").route(web::post().to(echo)))
        .service(web::resource("/echo").route(web::post().to(echo)))
        .service(web::resource("/graphql").route(web::post().to(echo)))
        .service(web::resource("/leak").route(web::get().to(leak)))
        .service(web::resource("/leak.gz").route(web::get().to(leak_gz)))
        .service(web::resource("/big").route(web::get().to(big)))
        .service(web::resource("/leak/stream").route(web::get().to(stream)))
        .service(web::resource("/big/stream").route(web::get().to(stream)));
}

async fn index(h: web::Data<Hits>) -> HttpResponse {
    h.hit();
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(INDEX)
}

async fn search(
    h: web::Data<Hits>,
    q: web::Query<std::collections::HashMap<String, String>>,
) -> String {
    h.hit();
    format!(
        "results for {}",
        q.get("q").map(String::as_str).unwrap_or("")
    )
}

async fn echo(h: web::Data<Hits>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    h.hit();
    let ct = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/octet-stream")
        .to_string();
    HttpResponse::Ok().content_type(ct).body(body)
}

async fn file(h: web::Data<Hits>, rest: web::Path<String>) -> String {
    h.hit();
    crate::file_answer(&rest)
}

async fn signup(h: web::Data<Hits>, f: web::Form<crate::Signup>) -> String {
    h.hit();
    crate::signup_answer(&f.name, &f.comment)
}

async fn orders(h: web::Data<Hits>, body: web::Bytes) -> HttpResponse {
    h.hit();
    let (status, json) = crate::order_summary(&body);
    HttpResponse::build(
        actix_web::http::StatusCode::from_u16(status)
            .unwrap_or(actix_web::http::StatusCode::BAD_REQUEST),
    )
    .content_type("application/json")
    .body(json)
}

async fn item(h: web::Data<Hits>, id: web::Path<String>) -> HttpResponse {
    h.hit();
    HttpResponse::Ok().json(serde_json::json!({ "id": id.into_inner(), "name": "widget" }))
}

async fn leak(h: web::Data<Hits>) -> HttpResponse {
    h.hit();
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(LEAK)
}

async fn leak_gz(h: web::Data<Hits>) -> HttpResponse {
    h.hit();
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("Content-Encoding", "gzip"))
        .body(crate::leak_gzip())
}

async fn stream(h: web::Data<Hits>, req: HttpRequest) -> HttpResponse {
    h.hit();
    let chunks = crate::streamed(req.path()).unwrap_or_default();
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .streaming(futures_util::stream::iter(
            chunks
                .into_iter()
                .map(|c| Ok::<_, actix_web::Error>(web::Bytes::from(c))),
        ))
}

async fn big(h: web::Data<Hits>) -> String {
    h.hit();
    big_body()
}
