//! # rasp-rocket
//!
//! rasp for rocket: [`RaspFairing`].
//!
//! ```no_run
//! #[macro_use] extern crate rocket;
//! use rasp_rocket::RaspFairing;
//!
//! #[get("/")]
//! fn index() -> &'static str { "hello" }
//!
//! #[launch]
//! fn rocket() -> _ {
//!     rocket::build()
//!         .mount("/", routes![index])
//!         .attach(RaspFairing::from_file("rasp.json").expect("valid rasp.json"))
//! }
//! ```
//!
//! A rocket fairing cannot answer a request itself. At ignite the fairing
//! mounts one route of its own under a random, unguessable path; a request
//! judged an attack is re-routed there (method `GET`, that path), so the
//! application's handler never runs, and the route answers
//! `DENY_STATUS_CODE` with `GTFO_MSG`. The application's mounted routes form
//! the route table for request validation.
//!
//! Rocket only lets a fairing peek at the first 512 bytes of a request body
//! (`rocket::data::PEEK_BYTES`) without consuming it: the fairing judges the
//! path, query, headers and cookies in full and the body on those 512
//! bytes. A handler whose bodies may be longer takes its body through the
//! [`Judged`] data guard, which reads it whole (up to rocket's limit for
//! its kind) and has rasp judge it (its first `MAX_BODY_SIZE` bytes) before
//! the handler runs; a blocked body gets the deny answer, as a blocked
//! request does:
//!
//! ```no_run
//! #[macro_use] extern crate rocket;
//! use rasp_rocket::{Judged, RaspFairing};
//! use rocket::serde::json::{Json, Value};
//!
//! #[post("/api/items", data = "<item>")]
//! fn create(item: Judged<Json<Value>>) -> String {
//!     let Judged(Json(item)) = item;
//!     format!("stored {}", item["name"])
//! }
//!
//! #[launch]
//! fn rocket() -> _ {
//!     rocket::build()
//!         .mount("/", routes![create])
//!         .attach(RaspFairing::from_file("rasp.json").expect("valid rasp.json"))
//! }
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::hash::{BuildHasher, Hasher};
use std::io::Cursor;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::atomic::{AtomicBool, Ordering};

use bytes::Bytes;
use rasp_core::{ConfigError, Exchange, Rasp, RouteTable, Verdict};
use rocket::tokio::io::AsyncReadExt;

use rocket::data::Data;
use rocket::fairing::{self, Fairing, Info, Kind};
use rocket::http::uri::Origin;
use rocket::http::{ContentType, Header, Method, Status};
use rocket::route::{Handler, Outcome, Route};
use rocket::{Build, Request, Response, Rocket};

/// What rocket lets a fairing peek at (`rocket::data::Data::peek` caps it).
const PEEK_BYTES: usize = 512;

/// The largest response buffer reserved from the size a response announces.
const PRESIZE_LIMIT: usize = 16 << 20;

/// A fairing that protects a rocket application with rasp.
#[derive(Clone, Debug)]
pub struct RaspFairing {
    rasp: Rasp,
    deny_path: String,
}

/// What the request phase left for the [`Judged`] guard and the response
/// phase.
struct RaspState {
    /// The request as the fairing judged it (its body cut at 512 bytes), and
    /// its exchange: the configuration, client and exemption of both phases.
    /// `None` for a request the fairing did not see.
    judged: Option<(rasp_core::Request, Exchange)>,
    blocked: bool,
    /// Set by [`Judged`] when the whole body was blocked: the response,
    /// whatever rocket's catcher made, becomes the deny answer.
    body_blocked: AtomicBool,
}

impl RaspState {
    fn none() -> Self {
        RaspState {
            judged: None,
            blocked: false,
            body_blocked: AtomicBool::new(false),
        }
    }
}

/// Managed by rocket when the fairing is attached: the [`Judged`] guard
/// then judges (under the request's exchange, kept in its state).
struct RaspHandle;

impl RaspFairing {
    /// Protects with this engine.
    pub fn new(rasp: Rasp) -> Self {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(0x7261_7370);
        let deny_path = format!("/__rasp_blocked_{:016x}", h.finish());
        RaspFairing { rasp, deny_path }
    }

    /// Protects with the configuration in a pyrasp `rasp.json` file.
    pub fn from_file(path: impl AsRef<std::path::Path>) -> Result<Self, ConfigError> {
        Ok(Self::new(Rasp::from_file(path)?))
    }

    /// Protects as the environment says: `RASP_CLOUD_URL`/`PYRASP_CLOUD_URL`
    /// with `RASP_KEY`/`PYRASP_KEY` for a cloud agent, and
    /// `RASP_CONF`/`PYRASP_CONF` for the local configuration (the defaults
    /// when unset).
    pub fn from_env() -> Result<Self, ConfigError> {
        Ok(Self::new(rasp_cloud::from_env()?))
    }

    /// Protects with the configuration and blacklist of a management server
    /// (`cloud_url`, `key`); until the server answers, the local
    /// configuration of `RASP_CONF`/`PYRASP_CONF` (or the defaults) applies.
    pub fn from_cloud(cloud_url: &str, key: &str) -> Result<Self, ConfigError> {
        Ok(Self::new(rasp_cloud::from_cloud(cloud_url, key)?))
    }

    /// The engine.
    pub fn rasp(&self) -> &Rasp {
        &self.rasp
    }
}

#[derive(Clone)]
struct DenyHandler(Rasp);

#[rocket::async_trait]
impl Handler for DenyHandler {
    async fn handle<'r>(&self, req: &'r Request<'_>, _data: Data<'r>) -> Outcome<'r> {
        let (status, msg) = self.0.deny();
        Outcome::from(req, (Status::new(status), (ContentType::HTML, msg)))
    }
}

#[rocket::async_trait]
impl Fairing for RaspFairing {
    fn info(&self) -> Info {
        Info {
            name: "rasp",
            kind: Kind::Ignite | Kind::Request | Kind::Response,
        }
    }

    async fn on_ignite(&self, rocket: Rocket<Build>) -> fairing::Result {
        let mut table = RouteTable::new();
        for r in rocket.routes() {
            table.add(&[r.method.as_str()], r.uri.path());
        }
        self.rasp.set_routes(table);
        let route = Route::new(Method::Get, &self.deny_path, DenyHandler(self.rasp.clone()));
        Ok(rocket.mount("/", vec![route]).manage(RaspHandle))
    }

    async fn on_request(&self, req: &mut Request<'_>, data: &mut Data<'_>) {
        // The socket peer: rocket's `client_ip()` would believe X-Real-IP from
        // anyone; the core applies its trusted-proxy rule instead.
        let peer = req
            .remote()
            .map(|a| a.ip())
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        // The raw path and query, handed apart: `Origin`'s `Display` writes
        // them through the formatter (1.3 % of the CPU of a protected demo
        // serving small GETs, perf), and joining them by hand took a buffer
        // a request.
        let uri = req.uri();
        let query = uri.query().map_or("", |q| q.as_str());
        let mut core_req = rasp_core::Request::from_path_and_query(
            req.method().as_str(),
            uri.path().as_str(),
            query,
            peer,
        );
        for h in req.headers().iter() {
            core_req.push_header(h.name().as_str(), h.value());
        }
        let mut blocked = false;
        let ex = self.rasp.exchange(&core_req);
        if !ex.is_exempt() {
            let limit = ex.max_body_size().min(PEEK_BYTES);
            let body = data.peek(limit).await.to_vec();
            let truncated = !data.peek_complete();
            core_req = core_req.with_body(body, truncated);
            if let Verdict::Block(_) = ex.check_request(&core_req) {
                blocked = true;
                req.set_method(Method::Get);
                if let Ok(uri) = Origin::parse_owned(self.deny_path.clone()) {
                    req.set_uri(uri);
                }
            }
        }
        req.local_cache(|| RaspState {
            judged: Some((core_req, ex)),
            blocked,
            body_blocked: AtomicBool::new(false),
        });
    }

    async fn on_response<'r>(&self, req: &'r Request<'_>, res: &mut Response<'r>) {
        let state = req.local_cache(RaspState::none);
        // A request the fairing did not see (none of rocket's requests)
        // is answered under the live configuration.
        let Some((_, ex)) = &state.judged else {
            if let Some(s) = self.rasp.server_header() {
                res.set_header(Header::new("Server", s));
            }
            return;
        };
        let deny = if state.body_blocked.load(Ordering::Relaxed) {
            true
        } else if state.blocked || ex.is_exempt() {
            false
        } else {
            judge_response(ex, res).await
        };
        if deny {
            let (status, msg) = ex.deny();
            res.set_status(Status::new(status));
            res.set_header(ContentType::HTML);
            res.remove_header("Content-Encoding");
            res.set_sized_body(msg.len(), Cursor::new(msg.to_owned()));
        }
        if let Some(s) = ex.server_header_bytes() {
            res.set_header(Header::new(
                "Server",
                String::from_utf8_lossy(s).into_owned(),
            ));
        }
    }
}

/// Returns true when the response must be replaced by the deny answer.
async fn judge_response(ex: &Exchange, res: &mut Response<'_>) -> bool {
    // One pass over the few headers of a response: each `get_one` hashes
    // its name case-insensitively (about 600 instructions a lookup,
    // callgrind, a protected demo serving small GETs).
    // The lengths first: rocket answers with several headers (its `Shield`
    // adds three), and a call to compare each name case-blind cost ~50
    // instructions apiece (callgrind, rocket demo).
    let (mut ct, mut ce) = (None, None);
    for h in res.headers().iter() {
        let name = h.name().as_str();
        if ct.is_none() && name.len() == 12 && name.eq_ignore_ascii_case("content-type") {
            ct = Some(h);
        } else if ce.is_none() && name.len() == 16 && name.eq_ignore_ascii_case("content-encoding")
        {
            ce = Some(h);
        }
    }
    let (mut core_resp, wants_body) = ex.response_head(
        res.status().code,
        ct.as_ref().map(|h| h.value()),
        ce.as_ref().map(|h| h.value()),
    );
    // The headers borrow the response, whose body is read next.
    drop((ct, ce));
    if wants_body {
        // Sized up front when rocket knows the length: growing the buffer
        // by doubling copied a 256 KiB page twice over (callgrind).
        let size = res.body().preset_size().unwrap_or(0);
        let bytes = match read_whole(res.body_mut(), size.min(PRESIZE_LIMIT)).await {
            Ok(buf) => Bytes::from(buf),
            Err(_) => return false,
        };
        // A view of the body, not a copy: the same buffer is then sent.
        let limit = ex.max_body_size();
        core_resp = core_resp.with_body(bytes.slice(..bytes.len().min(limit)));
        let verdict = ex.check_response(&core_resp);
        res.set_sized_body(bytes.len(), Cursor::new(bytes));
        return verdict.is_block();
    }
    ex.check_response(&core_resp).is_block()
}

/// Reads `body` to its end into a buffer of `capacity` bytes first, grown
/// only when the body is longer. tokio's `read_to_end` grows a buffer of
/// fewer than 32 bytes before reading (a small answer, `{"ok":true}`, was
/// reallocated, then given a second allocation by `Bytes::from` for the
/// spare room: callgrind, Rocket demo); a buffer filled exactly turns into
/// `Bytes` as it is.
async fn read_whole(
    body: &mut rocket::response::Body<'_>,
    capacity: usize,
) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(capacity);
    loop {
        if buf.len() < buf.capacity() {
            // Into the room left: `read_buf` grows a full buffer only.
            if body.read_buf(&mut buf).await? == 0 {
                return Ok(buf);
            }
            continue;
        }
        // Full: a read into the stack tells whether the body ends here.
        let mut more = [0u8; 32];
        match body.read(&mut more).await? {
            0 => return Ok(buf),
            n => buf.extend_from_slice(&more[..n]),
        }
    }
}

/// A request body read whole and judged by rasp before the handler gets
/// it: the fairing judges only the first 512 bytes of a body (all rocket
/// lets it peek at). `T` is what the body becomes: `Vec<u8>`, `String`,
/// [`Bytes`], `rocket::serde::json::Json<_>` or a url-encoded
/// `rocket::form::Form<_>`, read up to rocket's limit for that kind
/// (`bytes`, `string`, `json`, `form`; 413 past it, as rocket's own
/// guards answer), judged on its first `MAX_BODY_SIZE` bytes (a longer one
/// the application reads as values is refused: the `format` check). A body rasp
/// blocks fails the guard with `DENY_STATUS_CODE`, and the fairing answers
/// `GTFO_MSG` whatever catcher ran. Without [`RaspFairing`] attached the
/// guard only reads the body, and logs a warning once.
#[derive(Debug)]
pub struct Judged<T>(pub T);

/// What a [`Judged`] body can become.
pub trait FromJudgedBody: Sized {
    /// The name of rocket's size limit for this kind of body.
    const LIMIT: &'static str;
    /// The value of a body, or why it is not one.
    fn from_body(body: Bytes) -> Result<Self, String>;
}

impl FromJudgedBody for Bytes {
    const LIMIT: &'static str = "bytes";
    fn from_body(body: Bytes) -> Result<Self, String> {
        Ok(body)
    }
}

impl FromJudgedBody for Vec<u8> {
    const LIMIT: &'static str = "bytes";
    fn from_body(body: Bytes) -> Result<Self, String> {
        Ok(body.into())
    }
}

impl FromJudgedBody for String {
    const LIMIT: &'static str = "string";
    fn from_body(body: Bytes) -> Result<Self, String> {
        String::from_utf8(body.into()).map_err(|e| e.to_string())
    }
}

impl<T: rocket::serde::DeserializeOwned> FromJudgedBody for rocket::serde::json::Json<T> {
    const LIMIT: &'static str = "json";
    fn from_body(body: Bytes) -> Result<Self, String> {
        serde_json::from_slice(&body)
            .map(rocket::serde::json::Json)
            .map_err(|e| e.to_string())
    }
}

/// A url-encoded form, parsed strictly as rocket's own `Form<T>` guard
/// parses (an unknown or missing field fails it; wrap `T` in
/// `rocket::form::Lenient` for lenient parsing), under rocket's `form`
/// limit (32 KiB by default). `Form<T>` taken directly is judged on its
/// first 512 bytes only; through `Judged` the whole form is. Multipart forms
/// are not parsed here (`TempFile` fields need rocket's own guard).
impl<T: for<'a> rocket::form::FromForm<'a> + Send + 'static> FromJudgedBody
    for rocket::form::Form<T>
{
    const LIMIT: &'static str = "form";
    fn from_body(body: Bytes) -> Result<Self, String> {
        // Decoded as rocket's parser does (`+` a space, `%XX` a byte),
        // invalid UTF-8 replaced.
        let fields: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
        let mut context = T::init(rocket::form::Options::Strict);
        for (name, value) in &fields {
            T::push_value(
                &mut context,
                rocket::form::ValueField::from((name.as_str(), value.as_str())),
            );
        }
        T::finalize(context)
            .map(rocket::form::Form::from)
            .map_err(|e| e.to_string())
    }
}

/// Why a [`Judged`] guard failed.
#[derive(Debug)]
pub enum JudgedError {
    /// rasp blocked the body.
    Blocked,
    /// The body is longer than rocket's limit.
    TooLarge,
    /// The body could not be read or is not a `T`.
    Invalid(String),
}

static WARNED_NO_FAIRING: AtomicBool = AtomicBool::new(false);

#[rocket::async_trait]
impl<'r, T: FromJudgedBody + Send> rocket::data::FromData<'r> for Judged<T> {
    type Error = JudgedError;

    async fn from_data(req: &'r Request<'_>, data: Data<'r>) -> rocket::data::Outcome<'r, Self> {
        use rocket::outcome::Outcome::{Error, Success};
        let limit = req
            .limits()
            .get(T::LIMIT)
            .unwrap_or(rocket::data::ByteUnit::from(1 << 20));
        let body = match data.open(limit).into_bytes().await {
            Ok(b) if b.is_complete() => Bytes::from(b.into_inner()),
            Ok(_) => return Error((Status::PayloadTooLarge, JudgedError::TooLarge)),
            Err(e) => return Error((Status::BadRequest, JudgedError::Invalid(e.to_string()))),
        };
        match req.rocket().state::<RaspHandle>() {
            // The fairing judged a body of up to 512 bytes whole.
            Some(RaspHandle) if body.len() > PEEK_BYTES => {
                let state = req.local_cache(RaspState::none);
                if let Some((core_req, ex)) = &state.judged {
                    let judged = body.len().min(ex.max_body_size());
                    let core_req = core_req
                        .clone()
                        .with_body(body.slice(..judged), judged < body.len());
                    if ex.check_request_body(&core_req).is_block() {
                        state.body_blocked.store(true, Ordering::Relaxed);
                        let (status, _) = ex.deny();
                        return Error((Status::new(status), JudgedError::Blocked));
                    }
                }
            }
            Some(_) => {}
            None => {
                if !WARNED_NO_FAIRING.swap(true, Ordering::Relaxed) {
                    tracing::warn!("rasp: Judged body guard used without RaspFairing attached: bodies are not judged");
                }
            }
        }
        match T::from_body(body) {
            Ok(v) => Success(Judged(v)),
            Err(e) => Error((Status::UnprocessableEntity, JudgedError::Invalid(e))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::read_whole;
    use rocket::Response;
    use std::io::Cursor;

    /// The whole body comes back whatever room it is read into: less than
    /// it holds, exactly its size (the buffer then turned into `Bytes` as
    /// it is), more, or none; and whatever size the body announces.
    #[test]
    fn a_body_is_read_whole_into_any_room() {
        let rt = rocket::tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        for len in [0usize, 1, 21, 31, 32, 33, 100, 5000] {
            let data: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            for room in [0, 1, len.saturating_sub(1), len, len + 1, 64] {
                for announced in [None, Some(len)] {
                    let mut res = Response::build()
                        .sized_body(announced, Cursor::new(data.clone()))
                        .finalize();
                    let read = rt.block_on(read_whole(res.body_mut(), room)).unwrap();
                    assert_eq!(
                        read, data,
                        "len {len}, room {room}, announced {announced:?}"
                    );
                    if room == len && len > 0 {
                        assert_eq!(read.capacity(), len, "len {len}: grown when full");
                    }
                }
            }
        }
    }
}
