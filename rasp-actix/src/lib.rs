//! # rasp-actix
//!
//! rasp for actix-web: [`RaspMiddleware`].
//!
//! ```no_run
//! use actix_web::{web, App, HttpServer};
//! use rasp_actix::RaspMiddleware;
//!
//! # async fn run() -> std::io::Result<()> {
//! let rasp = RaspMiddleware::from_file("rasp.json").expect("valid rasp.json");
//! HttpServer::new(move || {
//!     App::new()
//!         .wrap(rasp.clone())
//!         .route("/", web::get().to(|| async { "hello" }))
//! })
//! .bind(("127.0.0.1", 8080))?
//! .run()
//! .await
//! # }
//! ```
//!
//! Request validation uses actix's resource map: a path that matches no
//! registered resource is not routed, and a 405 from a resource refuses a
//! method before any handler runs. The request body is read up to
//! `MAX_BODY_SIZE` for inspection and handed to the handler intact (what was
//! read, then the rest of the stream); a longer one is refused by the core's
//! `format` check unless it is an upload.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::{ready, Future, Ready};
use std::hash::BuildHasher;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use actix_web::body::{BodySize, BoxBody, EitherBody, MessageBody};
use actix_web::dev::{Payload, Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::http::header::{HeaderValue, CONTENT_ENCODING, CONTENT_TYPE, SERVER};
use actix_web::http::StatusCode;
use actix_web::{Error, HttpMessage, HttpResponse};
use bytes::Bytes;
use futures_util::StreamExt;
use rasp_core::{ConfigError, Exchange, Rasp, RouteHint, Verdict};

/// actix-web middleware that protects an `App` with rasp.
#[derive(Clone, Debug)]
pub struct RaspMiddleware {
    rasp: Rasp,
}

impl RaspMiddleware {
    /// Protects with this engine.
    pub fn new(rasp: Rasp) -> Self {
        RaspMiddleware { rasp }
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

impl<S, B> Transform<S, ServiceRequest> for RaspMiddleware
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<Replay<B>, BoxBody>>;
    type Error = Error;
    type Transform = RaspService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(RaspService {
            service: Rc::new(service),
            rasp: self.rasp.clone(),
            routes: RefCell::new(RouteCache::new()),
        }))
    }
}

/// The service made by [`RaspMiddleware`].
pub struct RaspService<S> {
    service: Rc<S>,
    rasp: Rasp,
    routes: RefCell<RouteCache>,
}

type Out<B> = ServiceResponse<EitherBody<Replay<B>, BoxBody>>;

impl<S, B> Service<ServiceRequest> for RaspService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = Out<B>;
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<Out<B>, Error>>>>;

    actix_web::dev::forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        let routed = match self.routes.try_borrow_mut() {
            Ok(mut routes) => routes.routed(&req),
            Err(_) => has_resource(&req),
        };
        Box::pin(protect(
            self.rasp.clone(),
            self.service.clone(),
            req,
            routed,
        ))
    }
}

/// Whether a resource of the app matches the request's path, asked without
/// `match_pattern`, which builds the pattern's text (an allocation a
/// request) only to be dropped.
fn has_resource(req: &ServiceRequest) -> bool {
    req.request().resource_map().has_resource(req.path())
}

/// Slots of [`RouteCache`]: the paths a worker keeps the answer for.
const ROUTE_SLOTS: usize = 256;
/// Longer paths are looked up every time: the cache holds at most
/// `ROUTE_SLOTS` of these, 64 KiB a worker.
const MAX_CACHED_PATH: usize = 256;

/// Whether actix-web routes a path, remembered per worker and middleware:
/// `has_resource` compares the path with the app's resources one by one
/// (`memcmp` calls), ~160 ns of a GET's CPU on the demo's sixteen resources (perf,
/// `bench/perf_diff.py`), more on an app of many; and an app's routes are
/// fixed when it is built, so the answer for a path never changes. One path
/// a slot, chosen by a hash seeded per cache: paths a client makes up evict
/// each other, and then cost the lookup they would have cost anyway.
struct RouteCache {
    hasher: foldhash::fast::RandomState,
    slots: Vec<Option<(Box<str>, bool)>>,
}

impl RouteCache {
    fn new() -> Self {
        Self::with_slots(ROUTE_SLOTS)
    }

    fn with_slots(n: usize) -> Self {
        RouteCache {
            hasher: foldhash::fast::RandomState::default(),
            slots: vec![None; n.max(1)],
        }
    }

    fn routed(&mut self, req: &ServiceRequest) -> bool {
        let path = req.path();
        if path.len() > MAX_CACHED_PATH {
            return has_resource(req);
        }
        let n = self.slots.len();
        let slot = &mut self.slots[self.hasher.hash_one(path) as usize % n];
        if let Some((cached, routed)) = slot {
            if **cached == *path {
                return *routed;
            }
        }
        let routed = has_resource(req);
        *slot = Some((path.into(), routed));
        routed
    }
}

/// The core's view of a request (its body comes later); `routed`: whether
/// a resource of the app matches its path.
fn core_request(req: &ServiceRequest, routed: bool) -> rasp_core::Request {
    let target = req.uri().path_and_query().map_or("/", |p| p.as_str());
    let peer = req
        .peer_addr()
        .map(|a| a.ip())
        .unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
    let mut core_req = rasp_core::Request::new(req.method().as_str(), target, peer);
    core_req.push_headers_bytes(
        req.headers()
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_bytes())),
    );
    core_req.with_route(if routed {
        RouteHint::Matched
    } else {
        RouteHint::NoRoute
    })
}

async fn protect<S, B>(
    rasp: Rasp,
    service: Rc<S>,
    mut req: ServiceRequest,
    routed: bool,
) -> Result<Out<B>, Error>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    // The request is made here rather than handed in: the arguments of an
    // async function are kept in its future beside its locals, and the
    // larger box fell out of the allocator's small-block cache (callgrind,
    // +1,000 instructions a GET).
    let mut core_req = core_request(&req, routed);
    // One configuration, client and exemption for the whole exchange.
    let ex = rasp.exchange(&core_req);
    drop(rasp);
    // An exempt request keeps its body unread.
    let exempt = ex.is_exempt();
    if !exempt {
        // No body (a GET: actix leaves the payload `None`): nothing to read
        // or replay, and no boxed streams to make.
        let payload = req.take_payload();
        if !matches!(payload, Payload::None) {
            let (prefix, truncated, chunks, rest) = read_payload(payload, ex.max_body_size()).await;
            core_req = core_req.with_body(prefix, truncated);
            let replay = futures_util::stream::iter(chunks.into_iter().map(Ok)).chain(rest);
            let boxed: PayloadStream = Box::pin(replay);
            req.set_payload(Payload::from(boxed));
        }
        if let Verdict::Block(_) = ex.check_request(&core_req) {
            return Ok(deny(&ex, req.into_parts().0));
        }
    }

    let res = service.call(req).await?;
    if !exempt
        && routed
        && res.status() == StatusCode::METHOD_NOT_ALLOWED
        && ex
            .route_refused(&core_req, RouteHint::MethodNotAllowed)
            .is_block()
    {
        return Ok(deny(&ex, res.request().clone()));
    }
    let (http_req, resp) = res.into_parts();
    let (head, body) = resp.into_parts();
    // A body in one piece (a handler's `String`, `Bytes`, JSON...; most
    // responses) is judged as it is and handed on as it is: no stream to
    // poll, box or replay (callgrind, actix demo: two allocations and ~700
    // instructions a small GET).
    let size = body.size();
    let body = match body.try_into_bytes() {
        Ok(bytes) => {
            if !exempt {
                let (mut core_resp, wants_body) = core_response(&ex, &head);
                if wants_body {
                    let limit = ex.max_body_size();
                    core_resp = core_resp
                        .with_body(rasp_core::body_prefix(std::slice::from_ref(&bytes), limit));
                }
                if ex.check_response(&core_resp).is_block() {
                    return Ok(deny(&ex, http_req));
                }
            }
            // A body of no size (`body::None`: no Content-Length at all)
            // stays one; an empty `Bytes` would be sent as a length of 0.
            let body = match size {
                BodySize::None => BoxBody::new(actix_web::body::None::new()),
                _ => BoxBody::new(bytes),
            };
            let mut res = ServiceResponse::new(http_req, head.set_body(body));
            set_server(&ex, res.headers_mut());
            return Ok(res.map_into_right_body());
        }
        Err(body) => body,
    };
    if exempt {
        return Ok(finish(
            &ex,
            ServiceResponse::new(http_req, head.set_body(Replay::new(body))),
        ));
    }
    let mut chunks = VecDeque::new();
    let mut body = Box::pin(body);
    let (mut core_resp, wants_body) = core_response(&ex, &head);
    if wants_body {
        let limit = ex.max_body_size();
        let mut seen = 0usize;
        while seen <= limit {
            match std::future::poll_fn(|cx| body.as_mut().poll_next(cx)).await {
                Some(Ok(c)) => {
                    seen += c.len();
                    chunks.push_back(c);
                }
                Some(Err(e)) => {
                    return Err(actix_web::error::ErrorInternalServerError(
                        e.into().to_string(),
                    ))
                }
                None => break,
            }
        }
        core_resp = core_resp.with_body(rasp_core::body_prefix(chunks.make_contiguous(), limit));
    }
    if ex.check_response(&core_resp).is_block() {
        return Ok(deny(&ex, http_req));
    }
    let replay = Replay {
        chunks,
        rest: body,
        size,
    };
    Ok(finish(
        &ex,
        ServiceResponse::new(http_req, head.set_body(replay)),
    ))
}

/// The core's view of a response without its body: its status, and, when
/// the data-leak check wants the body (the second value), the headers it
/// reads.
fn core_response(ex: &Exchange, head: &HttpResponse<()>) -> (rasp_core::Response, bool) {
    // Read as UTF-8 rather than by `HeaderValue::to_str`, whose byte-at-a-time
    // visible-ASCII loop cost ~250 instructions a response for
    // `text/plain; charset=utf-8` (callgrind, actix demo); the core judges the
    // text either way, and a value that is not UTF-8 is still absent.
    let header = |name| {
        head.headers()
            .get(name)
            .and_then(|v| std::str::from_utf8(v.as_bytes()).ok())
    };
    ex.response_head(
        head.status().as_u16(),
        header(CONTENT_TYPE),
        header(CONTENT_ENCODING),
    )
}

fn finish<B: MessageBody + 'static>(ex: &Exchange, mut res: ServiceResponse<Replay<B>>) -> Out<B> {
    set_server(ex, res.headers_mut());
    res.map_into_left_body()
}

fn set_server(ex: &Exchange, headers: &mut actix_web::http::header::HeaderMap) {
    if let Some(s) = ex.server_header_bytes() {
        if let Ok(v) = HeaderValue::from_maybe_shared(s.clone()) {
            headers.insert(SERVER, v);
        }
    }
}

fn deny<B>(ex: &Exchange, req: actix_web::HttpRequest) -> Out<B> {
    let (status, msg) = ex.deny();
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::FORBIDDEN);
    let mut resp = HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(msg.to_owned());
    set_server(ex, resp.headers_mut());
    ServiceResponse::new(req, resp).map_into_right_body()
}

type PayloadStream =
    Pin<Box<dyn futures_util::Stream<Item = Result<Bytes, actix_web::error::PayloadError>>>>;

/// Reads at most `limit` bytes (plus the chunk that crosses it) of a request
/// payload. A payload error ends the read: the part read is judged and the
/// error reaches the handler when it reads on.
async fn read_payload(payload: Payload, limit: usize) -> (Bytes, bool, Vec<Bytes>, PayloadStream) {
    let mut stream: PayloadStream = Box::pin(payload);
    let mut chunks = Vec::new();
    let mut seen = 0usize;
    let mut failed = None;
    while seen <= limit {
        match stream.next().await {
            Some(Ok(c)) => {
                seen += c.len();
                chunks.push(c);
            }
            Some(Err(e)) => {
                failed = Some(e);
                break;
            }
            None => break,
        }
    }
    let truncated = seen > limit;
    let prefix = rasp_core::body_prefix(&chunks, limit);
    let rest: PayloadStream = match failed {
        Some(e) => Box::pin(futures_util::stream::once(async move { Err(e) })),
        None => stream,
    };
    (prefix, truncated, chunks, rest)
}

/// A response body that replays the chunks read for inspection, then the
/// rest of the original body. Its size is the original body's size, so
/// `Content-Length` is kept.
pub struct Replay<B> {
    chunks: VecDeque<Bytes>,
    rest: Pin<Box<B>>,
    size: BodySize,
}

impl<B: MessageBody> Replay<B> {
    fn new(body: B) -> Self {
        let size = body.size();
        Replay {
            chunks: VecDeque::new(),
            rest: Box::pin(body),
            size,
        }
    }
}

impl<B: MessageBody> MessageBody for Replay<B> {
    type Error = B::Error;

    fn size(&self) -> BodySize {
        self.size
    }

    fn poll_next(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        if let Some(c) = self.chunks.pop_front() {
            return Poll::Ready(Some(Ok(c)));
        }
        self.rest.as_mut().poll_next(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::{test, web, App};

    /// Each path asked of a cache of `slots`, twice, through a real app's
    /// resource map: the cache must answer as `has_resource` does, at the
    /// first ask (a miss) and the second (a hit, or a miss when the paths
    /// share the one slot).
    async fn cached_answers(slots: usize, paths: &[&str]) -> Vec<(String, bool)> {
        let seen = Rc::new(RefCell::new(Vec::new()));
        let cache = Rc::new(RefCell::new(RouteCache::with_slots(slots)));
        let (seen_in, cache_in) = (seen.clone(), cache.clone());
        let app = test::init_service(
            App::new()
                .wrap_fn(move |req, srv| {
                    for _ in 0..2 {
                        let cached = cache_in.borrow_mut().routed(&req);
                        assert_eq!(cached, has_resource(&req), "{}", req.path());
                        seen_in.borrow_mut().push((req.path().to_string(), cached));
                    }
                    srv.call(req)
                })
                .route("/search", web::get().to(|| async { "results" }))
                .route("/items/{id}", web::get().to(|| async { "item" }))
                .service(web::scope("/api").route("/orders", web::post().to(|| async { "ok" }))),
        )
        .await;
        for path in paths {
            test::call_service(&app, test::TestRequest::get().uri(path).to_request()).await;
        }
        let answers = seen.borrow().clone();
        answers
    }

    #[actix_web::test]
    async fn the_route_cache_answers_as_the_resource_map() {
        let paths = [
            "/search",
            "/.env",
            "/items/7",
            "/search",
            "/nope",
            "/api/orders",
            "/.env",
            "/api/nope",
        ];
        let routed = |p: &str| matches!(p, "/search" | "/items/7" | "/api/orders");
        // One slot: every path evicts the one before (a cache that answered
        // for the slot rather than the path would give `/.env` the answer of
        // `/search`); many slots: the second ask of each path is a hit.
        for slots in [1, ROUTE_SLOTS] {
            let answers = cached_answers(slots, &paths).await;
            assert_eq!(answers.len(), 2 * paths.len());
            for (path, cached) in answers {
                assert_eq!(cached, routed(&path), "{path} with {slots} slots");
            }
        }
    }
}
