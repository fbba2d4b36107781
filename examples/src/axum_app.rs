//! The demo app on axum.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{Html, IntoResponse};
use axum::routing::{get, post};
use axum::{Json, Router};

use crate::{big_body, Hits, INDEX, LEAK};

/// The routes, without protection.
pub fn router(hits: Hits) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/search", get(search))
        .route("/form", post(echo))
        .route("/api/items", post(echo))
        .route("/api/items/:id", get(item))
        .route("/api/orders", post(orders))
        .route("/signup", post(signup))
        .route("/files/*rest", get(file))
        .route("/upload", post(echo))
        .route("/echo", post(echo))
        .route("/graphql", post(echo))
        .route("/leak", get(leak))
        .route("/leak.gz", get(leak_gz))
        .route("/big", get(big))
        .route("/leak/stream", get(stream))
        .route("/big/stream", get(stream))
        .layer(axum::extract::DefaultBodyLimit::max(16 * 1024 * 1024))
        .with_state(hits)
}

async fn index(State(h): State<Hits>) -> Html<&'static str> {
    h.hit();
    Html(INDEX)
}

async fn search(
    State(h): State<Hits>,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> String {
    h.hit();
    format!(
        "results for {}",
        q.get("q").map(String::as_str).unwrap_or("")
    )
}

async fn echo(State(h): State<Hits>, headers: HeaderMap, body: Bytes) -> impl IntoResponse {
    h.hit();
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/octet-stream")
        .to_string();
    ([(header::CONTENT_TYPE, ct)], body)
}

async fn file(State(h): State<Hits>, Path(rest): Path<String>) -> String {
    h.hit();
    crate::file_answer(&rest)
}

async fn signup(State(h): State<Hits>, axum::Form(f): axum::Form<crate::Signup>) -> String {
    h.hit();
    crate::signup_answer(&f.name, &f.comment)
}

async fn orders(State(h): State<Hits>, body: Bytes) -> impl IntoResponse {
    h.hit();
    let (status, json) = crate::order_summary(&body);
    (
        axum::http::StatusCode::from_u16(status).unwrap_or(axum::http::StatusCode::BAD_REQUEST),
        [(header::CONTENT_TYPE, "application/json")],
        json,
    )
}

async fn item(State(h): State<Hits>, Path(id): Path<String>) -> Json<serde_json::Value> {
    h.hit();
    Json(serde_json::json!({ "id": id, "name": "widget" }))
}

async fn leak(State(h): State<Hits>) -> Html<&'static str> {
    h.hit();
    Html(LEAK)
}

async fn leak_gz(State(h): State<Hits>) -> impl axum::response::IntoResponse {
    h.hit();
    (
        [
            (axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (axum::http::header::CONTENT_ENCODING, "gzip"),
        ],
        crate::leak_gzip(),
    )
}

async fn stream(State(h): State<Hits>, uri: axum::http::Uri) -> impl IntoResponse {
    h.hit();
    let chunks = crate::streamed(uri.path()).unwrap_or_default();
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        axum::body::Body::from_stream(futures_util::stream::iter(
            chunks
                .into_iter()
                .map(|c| Ok::<_, std::io::Error>(Bytes::from(c))),
        )),
    )
}

async fn big(State(h): State<Hits>) -> String {
    h.hit();
    big_body()
}
