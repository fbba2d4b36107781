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
use std::sync::{Arc, RwLock};

use bytes::Bytes;
use rasp_core::{ConfigError, Exchange, Rasp, RouteHint, RouteTable, Verdict};
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
    /// Shared with the [`Judged`] guard through rocket's managed state.
    bodies: Arc<BodyRoutes>,
}

/// Which of the application's routes read their body through [`Judged`],
/// learned from the guard itself: rocket's codegen lists each route's guard
/// types, but not publicly. The fairing leaves a body longer than its peek to
/// the guard when every route the request can reach is one of them (see
/// [`BodyRoutes::judged_whole`]).
#[derive(Debug, Default)]
struct BodyRoutes {
    learned: RwLock<Learned>,
}

#[derive(Debug, Default)]
struct Learned {
    /// Every route of the application, as mounted at ignite.
    routes: Vec<RouteKey>,
    /// Which of `routes` were seen taking their body through [`Judged`].
    judged: Vec<bool>,
    /// The patterns of those routes, and of all the others.
    judged_table: RouteTable,
    other_table: RouteTable,
}

/// What tells one route from another: rocket refuses two routes that agree
/// on all of it.
#[derive(Debug, PartialEq, Eq)]
struct RouteKey {
    method: Method,
    uri: String,
    /// The path part of `uri`, as the route table reads patterns.
    path: String,
    rank: isize,
    format: Option<String>,
}

impl RouteKey {
    fn of(r: &Route) -> Self {
        RouteKey {
            method: r.method,
            uri: r.uri.to_string(),
            path: r.uri.path().to_string(),
            rank: r.rank,
            format: r.format.as_ref().map(ToString::to_string),
        }
    }
}

/// The route table of `keys`, as the core reads routes.
fn table_of<'k>(keys: impl IntoIterator<Item = &'k RouteKey>) -> RouteTable {
    let mut table = RouteTable::new();
    for key in keys {
        table.add(&[key.method.as_str()], &key.path);
    }
    table
}

impl Learned {
    fn rebuild(&mut self) {
        let with = |judged: bool| {
            self.routes
                .iter()
                .zip(&self.judged)
                .filter(move |&(_, &j)| j == judged)
                .map(|(key, _)| key)
        };
        (self.judged_table, self.other_table) = (table_of(with(true)), table_of(with(false)));
    }
}

impl BodyRoutes {
    /// The application's routes, none known to read through [`Judged`] yet;
    /// returns the table of all of them, which the core judges paths by.
    fn set_routes<'r>(&self, routes: impl Iterator<Item = &'r Route>) -> RouteTable {
        let keys: Vec<RouteKey> = routes.map(RouteKey::of).collect();
        let all = table_of(&keys);
        if let Ok(mut l) = self.learned.write() {
            l.judged = vec![false; keys.len()];
            l.routes = keys;
            l.rebuild();
        }
        all
    }

    /// Notes that `route` read its body through [`Judged`].
    fn learn(&self, route: &Route) {
        let key = RouteKey::of(route);
        let known = |l: &Learned| l.routes.iter().position(|k| *k == key);
        let index = match self.learned.read() {
            Ok(l) => match known(&l) {
                Some(i) if !l.judged[i] => i,
                _ => return,
            },
            Err(_) => return,
        };
        if let Ok(mut l) = self.learned.write() {
            l.judged[index] = true;
            l.rebuild();
        }
    }

    /// Whether every route a request of `method` on `path` can reach was
    /// seen reading its body through [`Judged`], which judges it whole
    /// before the handler runs: the fairing then leaves a body longer than
    /// its peek to the guard. Judging the peek as well cost a 1 KiB JSON
    /// body ~27K instructions more on rocket than on axum (callgrind, the
    /// demos). A route on the same path and method that takes its body
    /// otherwise (`Json`, `Form`, `Data`, a handler of its own), or was not
    /// seen yet, keeps the peek judged here. A path with a `%` or an empty
    /// segment is left out: rocket may route it decoded, or match the empty
    /// segment, where the route table reads it as sent or skips it.
    fn judged_whole(&self, method: &str, path: &str) -> bool {
        if path.contains('%') || path.contains("//") || (path.len() > 1 && path.ends_with('/')) {
            return false;
        }
        self.learned.read().is_ok_and(|l| {
            l.judged_table.check(method, path) == RouteHint::Matched
                && l.other_table.check(method, path) != RouteHint::Matched
        })
    }
}

/// What the request phase left for the [`Judged`] guard and the response
/// phase.
struct RaspState {
    /// The request as the fairing judged it (its body cut at 512 bytes), and
    /// its exchange: the configuration, client and exemption of both phases.
    /// `None` for a request the fairing did not see.
    judged: Option<(rasp_core::Request, Exchange)>,
    blocked: bool,
    /// The fairing left the body to the [`Judged`] guard (see
    /// [`BodyRoutes::judged_whole`]): the guard judges it whatever its
    /// length.
    to_guard: bool,
    /// Set by [`Judged`] when the whole body was blocked: the response,
    /// whatever rocket's catcher made, becomes the deny answer.
    body_blocked: AtomicBool,
}

impl RaspState {
    fn none() -> Self {
        RaspState {
            judged: None,
            blocked: false,
            to_guard: false,
            body_blocked: AtomicBool::new(false),
        }
    }
}

/// Managed by rocket when the fairing is attached: the [`Judged`] guard
/// then judges (under the request's exchange, kept in its state).
struct RaspHandle(Arc<BodyRoutes>);

impl RaspFairing {
    /// Protects with this engine.
    pub fn new(rasp: Rasp) -> Self {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(0x7261_7370);
        let deny_path = format!("/__rasp_blocked_{:016x}", h.finish());
        RaspFairing {
            rasp,
            deny_path,
            bodies: Arc::default(),
        }
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
        self.rasp
            .set_routes(self.bodies.set_routes(rocket.routes()));
        let route = Route::new(Method::Get, &self.deny_path, DenyHandler(self.rasp.clone()));
        Ok(rocket
            .mount("/", vec![route])
            .manage(RaspHandle(self.bodies.clone())))
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
        let mut to_guard = false;
        let ex = self.rasp.exchange(&core_req);
        if !ex.is_exempt() {
            let limit = ex.max_body_size().min(PEEK_BYTES);
            let body = data.peek(limit).await.to_vec();
            // A peek that filled rocket's 512 bytes may have left more: a
            // body served from memory (rocket's local client) says it is
            // complete whatever its length.
            let truncated = !data.peek_complete() || body.len() == PEEK_BYTES;
            to_guard = truncated
                && limit == PEEK_BYTES
                && self.bodies.judged_whole(core_req.method(), core_req.path());
            if !to_guard {
                core_req = core_req.with_body(body, truncated);
            }
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
            to_guard,
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
            Some(RaspHandle(bodies)) => {
                let state = req.local_cache(RaspState::none);
                // The fairing judged a body of up to 512 bytes whole, unless
                // it left the body here.
                let judged = state
                    .judged
                    .as_ref()
                    .filter(|_| state.to_guard || body.len() > PEEK_BYTES);
                if let Some((core_req, ex)) = judged {
                    let judged = body.len().min(ex.max_body_size());
                    let core_req = core_req
                        .clone()
                        .with_body(body.slice(..judged), judged < body.len());
                    if ex.check_request_body(&core_req).is_block() {
                        state.body_blocked.store(true, Ordering::Relaxed);
                        let (status, _) = ex.deny();
                        return Error((Status::new(status), JudgedError::Blocked));
                    }
                    // Judged twice, by the fairing's peek and here: the
                    // route reads through this guard, and the next such
                    // body may be left to it.
                    if !state.to_guard {
                        if let Some(route) = req.route() {
                            bodies.learn(route);
                        }
                    }
                }
            }
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

#[cfg(test)]
mod body_routes {
    use super::{Judged, RaspFairing};
    use rasp_core::{Check, Config, Level, Rasp, ValueDetector};
    use rocket::http::{ContentType, Status};
    use rocket::local::asynchronous::Client;
    use rocket::{post, routes};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[post("/judged", data = "<b>")]
    fn judged(b: Judged<Vec<u8>>) -> String {
        b.0.len().to_string()
    }

    #[post("/plain", data = "<b>")]
    fn plain(b: Vec<u8>) -> String {
        b.len().to_string()
    }

    #[post("/both", format = "json", data = "<b>")]
    fn both_judged(b: Judged<Vec<u8>>) -> String {
        b.0.len().to_string()
    }

    #[post("/both", format = "form", data = "<b>", rank = 2)]
    fn both_plain(b: Vec<u8>) -> String {
        b.len().to_string()
    }

    /// A form of `len` bytes whose first value is `first`.
    fn form(first: &str, len: usize) -> Vec<u8> {
        let mut body = format!("a={}&pad=", first.replace(' ', "+").replace('\'', "%27"));
        body.push_str(&"x".repeat(len - body.len()));
        body.into_bytes()
    }

    const ATTACK: &str = "x' UNION SELECT password FROM users--";

    /// Counts the readings of the value `Jane (O'Brien)`, and finds nothing.
    #[derive(Default)]
    struct Readings(AtomicUsize);

    impl ValueDetector for Readings {
        fn check(&self) -> Check {
            Check::Sqli
        }
        fn score(&self, value: &str) -> f64 {
            if value == "Jane (O'Brien)" {
                self.0.fetch_add(1, Ordering::Relaxed);
            }
            0.0
        }
    }

    /// A route seen reading its body through `Judged` has the next long
    /// body left to the guard, which blocks an attack anywhere in it, even
    /// one the fairing's peek would have held; a route that reads its body
    /// otherwise, or shares its path and method with one that does, keeps
    /// the peek judged by the fairing.
    #[rocket::async_test]
    async fn long_bodies_are_left_to_the_guard_of_routes_seen_using_it() {
        let mut config = Config::default();
        // Blocked, not blacklisted: every request comes from one address.
        config.security_checks.sqli = Level::Block;
        let readings = Arc::new(Readings::default());
        let rasp = Rasp::builder()
            .config(config)
            .detector(readings.clone())
            .build()
            .unwrap();
        let read = || readings.0.load(Ordering::Relaxed);
        let (deny, _) = rasp.deny();
        let fairing = RaspFairing::new(rasp);
        let bodies = fairing.bodies.clone();
        let app = rocket::build()
            .mount("/", routes![judged, plain, both_judged, both_plain])
            .attach(fairing);
        let client = Client::untracked(app).await.unwrap();
        let post = |path: &'static str, ct: ContentType, body: Vec<u8>| {
            let client = &client;
            async move {
                let r = client.post(path).header(ct).body(body).dispatch().await;
                (r.status(), r.into_string().await.unwrap_or_default())
            }
        };

        assert!(!bodies.judged_whole("POST", "/judged"), "nothing seen yet");
        // Judged twice (the fairing's peek, then the guard): learned.
        let benign = post("/judged", ContentType::Form, form("Jane (O'Brien)", 600)).await;
        assert_eq!(benign, (Status::Ok, "600".to_string()));
        assert_eq!(read(), 2, "the fairing's peek, then the guard");
        assert!(bodies.judged_whole("POST", "/judged"));
        let benign = post("/judged", ContentType::Form, form("Jane (O'Brien)", 600)).await;
        assert_eq!(benign, (Status::Ok, "600".to_string()));
        assert_eq!(read(), 3, "the guard alone");
        assert!(!bodies.judged_whole("POST", "/judg%65d"), "an encoded path");
        assert!(!bodies.judged_whole("POST", "/judged/"), "an empty segment");
        assert!(!bodies.judged_whole("POST", "//judged"), "an empty segment");
        assert!(!bodies.judged_whole("GET", "/judged"));

        for len in [600, 513, 512] {
            let (status, _) = post("/judged", ContentType::Form, form(ATTACK, len)).await;
            assert_eq!(status.code, deny, "{len} bytes to a guarded route");
        }
        let (status, _) = post("/judged", ContentType::Form, form("Jane (O'Brien)", 512)).await;
        assert_eq!(status, Status::Ok, "a benign body of exactly 512 bytes");
        assert!(read() > 3, "judged");

        // Never through the guard: the fairing judges its peek.
        assert!(!bodies.judged_whole("POST", "/plain"));
        let (status, _) = post("/plain", ContentType::Form, form(ATTACK, 600)).await;
        assert_eq!(status.code, deny);
        assert!(!bodies.judged_whole("POST", "/plain"));

        // One route of the path reads through the guard, the other not.
        let json = format!(r#"{{"a": "Jane (O'Brien)", "pad": "{}"}}"#, "x".repeat(600));
        let (status, _) = post("/both", ContentType::JSON, json.into_bytes()).await;
        assert_eq!(status, Status::Ok);
        assert!(
            !bodies.judged_whole("POST", "/both"),
            "the form route is not guarded"
        );
        let (status, _) = post("/both", ContentType::Form, form(ATTACK, 600)).await;
        assert_eq!(status.code, deny);
    }
}
