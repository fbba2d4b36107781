//! The demo app on rocket.

use rocket::data::{Data, ToByteUnit};
use rocket::http::ContentType;
use rocket::response::content::RawHtml;
use rocket::serde::json::Json;
use rocket::{get, post, routes, Build, Rocket, State};

use crate::{big_body, Hits, INDEX, LEAK};

/// The app, without protection, on `config`.
pub fn build(hits: Hits, config: rocket::Config) -> Rocket<Build> {
    rocket::custom(config).manage(hits).mount(
        "/",
        routes![index, search, form, items_post, item, orders, upload, echo, graphql, leak, big],
    )
}

#[get("/")]
fn index(h: &State<Hits>) -> RawHtml<&'static str> {
    h.hit();
    RawHtml(INDEX)
}

#[get("/search?<q>")]
fn search(h: &State<Hits>, q: Option<String>) -> String {
    h.hit();
    format!("results for {}", q.unwrap_or_default())
}

/// What every POST route does: count the call, answer the body as received.
async fn echo_body(h: &Hits, ct: Option<&ContentType>, data: Data<'_>) -> (ContentType, Vec<u8>) {
    h.hit();
    (ct.cloned().unwrap_or(ContentType::Binary), read(data).await)
}

async fn read(data: Data<'_>) -> Vec<u8> {
    data.open(16.mebibytes())
        .into_bytes()
        .await
        .map(|b| b.into_inner())
        .unwrap_or_default()
}

#[post("/form", data = "<data>")]
async fn form(h: &State<Hits>, ct: Option<&ContentType>, data: Data<'_>) -> (ContentType, Vec<u8>) {
    echo_body(h, ct, data).await
}

#[post("/api/items", data = "<data>")]
async fn items_post(
    h: &State<Hits>,
    ct: Option<&ContentType>,
    data: Data<'_>,
) -> (ContentType, Vec<u8>) {
    echo_body(h, ct, data).await
}

#[post("/api/orders", data = "<data>")]
async fn orders(h: &State<Hits>, data: Data<'_>) -> (rocket::http::Status, (ContentType, String)) {
    h.hit();
    let (status, json) = crate::order_summary(&read(data).await);
    (rocket::http::Status::new(status), (ContentType::JSON, json))
}

#[get("/api/items/<id>")]
fn item(h: &State<Hits>, id: String) -> Json<serde_json::Value> {
    h.hit();
    Json(serde_json::json!({ "id": id, "name": "widget" }))
}

#[post("/upload", data = "<data>")]
async fn upload(
    h: &State<Hits>,
    ct: Option<&ContentType>,
    data: Data<'_>,
) -> (ContentType, Vec<u8>) {
    echo_body(h, ct, data).await
}

#[post("/echo", data = "<data>")]
async fn echo(h: &State<Hits>, ct: Option<&ContentType>, data: Data<'_>) -> (ContentType, Vec<u8>) {
    echo_body(h, ct, data).await
}

#[post("/graphql", data = "<data>")]
async fn graphql(
    h: &State<Hits>,
    ct: Option<&ContentType>,
    data: Data<'_>,
) -> (ContentType, Vec<u8>) {
    echo_body(h, ct, data).await
}

#[get("/leak")]
fn leak(h: &State<Hits>) -> RawHtml<&'static str> {
    h.hit();
    RawHtml(LEAK)
}

#[get("/big")]
fn big(h: &State<Hits>) -> String {
    h.hit();
    big_body()
}
