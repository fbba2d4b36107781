//! The demo app on rocket.

use rasp_rocket::Judged;
use rocket::data::ToByteUnit;
use rocket::http::ContentType;
use rocket::response::content::RawHtml;
use rocket::response::stream::ByteStream;
use rocket::serde::json::Json;
use rocket::{get, post, routes, Build, Rocket, State};

use crate::{big_body, Hits, INDEX, LEAK};

/// The app, without protection, on `config`. Bodies are taken through
/// [`Judged`], which has rasp judge them whole when `RaspFairing` is
/// attached (the fairing alone sees a body's first 512 bytes), up to 16 MiB.
pub fn build(hits: Hits, config: rocket::Config) -> Rocket<Build> {
    let config = rocket::Config {
        limits: config.limits.clone().limit("bytes", 16.mebibytes()),
        ..config
    };
    rocket::custom(config).manage(hits).mount(
        "/",
        routes![
            index,
            search,
            form,
            items_post,
            item,
            orders,
            signup,
            file,
            upload,
            echo,
            graphql,
            leak,
            leak_gz,
            big,
            leak_stream,
            big_stream
        ],
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
fn echo_body(h: &Hits, ct: Option<&ContentType>, data: Body) -> (ContentType, Vec<u8>) {
    h.hit();
    (ct.cloned().unwrap_or(ContentType::Binary), data.0)
}

/// A body read whole (and judged whole when rasp protects the app).
type Body = Judged<Vec<u8>>;

#[post("/form", data = "<data>")]
async fn form(h: &State<Hits>, ct: Option<&ContentType>, data: Body) -> (ContentType, Vec<u8>) {
    echo_body(h, ct, data)
}

#[post("/api/items", data = "<data>")]
async fn items_post(
    h: &State<Hits>,
    ct: Option<&ContentType>,
    data: Body,
) -> (ContentType, Vec<u8>) {
    echo_body(h, ct, data)
}

#[post("/api/orders", data = "<data>")]
async fn orders(h: &State<Hits>, data: Body) -> (rocket::http::Status, (ContentType, String)) {
    h.hit();
    let (status, json) = crate::order_summary(&data.0);
    (rocket::http::Status::new(status), (ContentType::JSON, json))
}

#[get("/api/items/<id>")]
fn item(h: &State<Hits>, id: String) -> Json<serde_json::Value> {
    h.hit();
    Json(serde_json::json!({ "id": id, "name": "widget" }))
}

#[get("/files/<rest..>")]
fn file(h: &State<Hits>, rest: std::path::PathBuf) -> String {
    h.hit();
    crate::file_answer(&rest.to_string_lossy())
}

/// The form of `POST /signup`, parsed as rocket's `Form` guard does; taken
/// through [`Judged`] so that rasp judges it whole.
#[derive(rocket::FromForm)]
struct Signup {
    name: String,
    comment: String,
    // Taken, not used: rocket's form guard refuses a field it has no place
    // for, and the benchmark's form (bench/e2e.py) sends these too.
    #[allow(dead_code)]
    email: Option<String>,
    #[allow(dead_code)]
    rating: Option<u8>,
}

#[post("/signup", data = "<data>")]
fn signup(h: &State<Hits>, data: Judged<rocket::form::Form<Signup>>) -> String {
    h.hit();
    crate::signup_answer(&data.0.name, &data.0.comment)
}

#[post("/upload", data = "<data>")]
async fn upload(h: &State<Hits>, ct: Option<&ContentType>, data: Body) -> (ContentType, Vec<u8>) {
    echo_body(h, ct, data)
}

#[post("/echo", data = "<data>")]
async fn echo(h: &State<Hits>, ct: Option<&ContentType>, data: Body) -> (ContentType, Vec<u8>) {
    echo_body(h, ct, data)
}

#[post("/graphql", data = "<data>")]
async fn graphql(h: &State<Hits>, ct: Option<&ContentType>, data: Body) -> (ContentType, Vec<u8>) {
    echo_body(h, ct, data)
}

#[get("/leak")]
fn leak(h: &State<Hits>) -> RawHtml<&'static str> {
    h.hit();
    RawHtml(LEAK)
}

/// The leak page gzipped, as a server of precompressed assets sends it.
struct Gzipped(Vec<u8>);

impl<'r> rocket::response::Responder<'r, 'static> for Gzipped {
    fn respond_to(self, _: &'r rocket::Request<'_>) -> rocket::response::Result<'static> {
        rocket::Response::build()
            .header(ContentType::HTML)
            .raw_header("Content-Encoding", "gzip")
            .sized_body(self.0.len(), std::io::Cursor::new(self.0))
            .ok()
    }
}

#[get("/leak.gz")]
fn leak_gz(h: &State<Hits>) -> Gzipped {
    h.hit();
    Gzipped(crate::leak_gzip())
}

/// A streamed page: its chunks, one at a time.
type Streamed = (
    ContentType,
    ByteStream<futures_util::stream::Iter<std::vec::IntoIter<Vec<u8>>>>,
);

#[get("/leak/stream")]
fn leak_stream(h: &State<Hits>) -> Streamed {
    stream(h, "/leak/stream")
}

#[get("/big/stream")]
fn big_stream(h: &State<Hits>) -> Streamed {
    stream(h, "/big/stream")
}

fn stream(h: &State<Hits>, path: &str) -> Streamed {
    h.hit();
    let chunks = crate::streamed(path).unwrap_or_default();
    (
        ContentType::HTML,
        ByteStream(futures_util::stream::iter(chunks)),
    )
}

#[get("/big")]
fn big(h: &State<Hits>) -> String {
    h.hit();
    big_body()
}
