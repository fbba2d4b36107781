//! # rasp-axum
//!
//! rasp for axum and any tower/hyper service: a [`RaspLayer`].
//!
//! ```no_run
//! use axum::{routing::get, Router};
//! use rasp_axum::RaspLayer;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let app = Router::new()
//!     .route("/", get(|| async { "hello" }))
//!     .layer(RaspLayer::from_file("rasp.json")?);
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! // The client address comes from ConnectInfo: serve with connect info.
//! axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await?;
//! # Ok(()) }
//! ```
//!
//! On an axum `Router` (added with `Router::layer`), request validation uses
//! axum's own routing: a request that reaches the layer without a
//! `MatchedPath` went to the fallback, so its path is not routed; a 405 from
//! axum's method router is a method the route does not serve (the handler
//! never ran). On any other tower service, call [`RaspLayer::outside_router`]:
//! request validation then uses the core's route table, if one was given.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::convert::Infallible;
use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use axum::body::Body;
use axum::extract::{ConnectInfo, MatchedPath};
use bytes::Bytes;
use futures_util::StreamExt;
use http::{header, HeaderValue, Request, Response, StatusCode};
use rasp_core::{ConfigError, Exchange, Rasp, RouteHint};
use tower::{Layer, Service};

/// A tower layer that protects the services it wraps with rasp.
#[derive(Clone, Debug)]
pub struct RaspLayer {
    rasp: Rasp,
    in_router: bool,
}

impl RaspLayer {
    /// Protects with this engine.
    pub fn new(rasp: Rasp) -> Self {
        RaspLayer {
            rasp,
            in_router: true,
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

    /// Use on a service that is not an axum `Router` (or that wraps one from
    /// the outside): `MatchedPath` is then not taken as the routing decision.
    pub fn outside_router(mut self) -> Self {
        self.in_router = false;
        self
    }

    /// The engine, to reconfigure it or read its state.
    pub fn rasp(&self) -> &Rasp {
        &self.rasp
    }
}

impl<S> Layer<S> for RaspLayer {
    type Service = RaspService<S>;
    fn layer(&self, inner: S) -> RaspService<S> {
        RaspService {
            inner,
            rasp: self.rasp.clone(),
            in_router: self.in_router,
        }
    }
}

/// The service made by [`RaspLayer`].
#[derive(Clone, Debug)]
pub struct RaspService<S> {
    inner: S,
    rasp: Rasp,
    in_router: bool,
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S, ResBody> Service<Request<Body>> for RaspService<S>
where
    S: Service<Request<Body>, Response = Response<ResBody>, Error = Infallible>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
    ResBody: http_body::Body<Data = Bytes> + Send + 'static,
    ResBody::Error: Into<axum::BoxError>,
{
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = BoxFuture<Result<Response<Body>, Infallible>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<Body>) -> Self::Future {
        // Read in place: the request is taken apart only when its body is
        // read first, so a GET goes on as it came, not copied out of and
        // back into a `Request`.
        let (core_req, route_matched) = core_request(&req, self.in_router);
        // One configuration, client and exemption for the whole exchange.
        let ex = self.rasp.exchange(&core_req);
        let ended = http_body::Body::is_end_stream(req.body());
        let exempt = ex.is_exempt();
        if exempt || ended {
            // Nothing to read first (a GET, or a path rasp ignores): judged
            // now, and the request goes to the service that was polled ready,
            // with no clone of it (callgrind: cloning an axum route made five
            // of the sixteen allocations rasp added to a small GET).
            return judge_and_call(&mut self.inner, req, ex, core_req, route_matched);
        }
        // A body that came whole with the head (a small form or JSON
        // document, most of them) is read without waiting, and the request
        // goes on as a GET does: no clone of the service, no future to read
        // the body (callgrind, axum demo's form POST: ~1,000 of the 19,000
        // instructions rasp added).
        let (parts, body) = req.into_parts();
        let body = match body_now(body, ex.max_body_size()) {
            Now::Read(Ok((prefix, truncated, body))) => {
                let core_req = core_req.with_body(prefix, truncated);
                let req = Request::from_parts(parts, body);
                return judge_and_call(&mut self.inner, req, ex, core_req, route_matched);
            }
            Now::Read(Err(_)) => return Box::pin(std::future::ready(Ok(unreadable(&ex)))),
            Now::Later(body) => body,
        };
        // The body is read before the request is judged and handed on: the
        // service that was polled ready goes with it, a clone stays here.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        Box::pin(async move {
            let (prefix, truncated, body) = match read_prefix(body, ex.max_body_size()).await {
                Ok(x) => x,
                Err(_) => return Ok(unreadable(&ex)),
            };
            let core_req = core_req.with_body(prefix, truncated);
            let req = Request::from_parts(parts, body);
            judge_and_call(&mut inner, req, ex, core_req, route_matched).await
        })
    }
}

/// Judges a request whose body, if it has one, `core_req` holds already;
/// hands it to `inner`, the service that was polled ready, unless refused;
/// then judges the response.
fn judge_and_call<S, ResBody>(
    inner: &mut S,
    req: Request<Body>,
    ex: Exchange,
    core_req: rasp_core::Request,
    route_matched: bool,
) -> BoxFuture<Result<Response<Body>, Infallible>>
where
    S: Service<Request<Body>, Response = Response<ResBody>, Error = Infallible>,
    S::Future: Send + 'static,
    ResBody: http_body::Body<Data = Bytes> + Send + 'static,
    ResBody::Error: Into<axum::BoxError>,
{
    if ex.check_request(&core_req).is_block() {
        return Box::pin(std::future::ready(Ok(deny(&ex))));
    }
    let pending = inner.call(req);
    Box::pin(async move {
        let Ok(resp) = pending.await;
        let now = respond_now(&ex, &core_req, route_matched, resp);
        drop(core_req);
        Ok(match now {
            Ok(r) => r,
            Err(later) => later.await,
        })
    })
}

/// The core's view of a request (its body comes later), and whether axum's
/// router matched a route for it (false outside a router).
fn core_request<B>(req: &Request<B>, in_router: bool) -> (rasp_core::Request, bool) {
    let mut core_req = rasp_core::Request::new(
        req.method().as_str(),
        target(req.uri()),
        peer(req.extensions()),
    );
    // Whether a Host header came, noted as the headers go by: a standard
    // name compares as a tag, where a lookup in the core's request after
    // compared text (~70 instructions a request, callgrind).
    let mut has_host = false;
    core_req.push_headers_bytes(req.headers().iter().map(|(name, value)| {
        has_host |= name == header::HOST;
        (name.as_str(), value.as_bytes())
    }));
    // HTTP/2 has no Host header; its authority is the host.
    if !has_host {
        if let Some(a) = req.uri().authority() {
            core_req.push_header("host", a.as_str());
        }
    }
    if !in_router {
        return (core_req, false);
    }
    let matched = req.extensions().get::<MatchedPath>().is_some();
    let hint = if matched {
        RouteHint::Matched
    } else {
        RouteHint::NoRoute
    };
    (core_req.with_route(hint), matched)
}

/// The response side once its body is read (see [`respond_now`]).
fn respond_with_body(
    ex: &Exchange,
    rparts: http::response::Parts,
    read: Result<(Bytes, bool, Body), axum::Error>,
    core_resp: rasp_core::Response,
) -> Response<Body> {
    match read {
        Ok((prefix, _, rest)) => respond_tail(ex, rparts, rest, &core_resp.with_body(prefix)),
        Err(_) => plain(StatusCode::BAD_GATEWAY, "response body failed", ex),
    }
}

/// A response that waits for its body to be read.
type Waiting<'e> = Pin<Box<dyn Future<Output = Response<Body>> + Send + 'e>>;

/// The response side: a method refused by axum's router, then the answer at
/// once when the data-leak check needs no body or the body needs no wait
/// (see [`body_now`]); otherwise the future that reads the body, boxed so
/// that its state is kept only by the responses that wait. A plain
/// function, so that the request's future keeps only that box across its
/// wait: as one `async fn` taking the request and the response, the future
/// was 1,656 bytes, past the allocator's small-block cache (callgrind: ~500
/// instructions a GET in `_int_malloc` and its release).
fn respond_now<'e, ResBody>(
    ex: &'e Exchange,
    core_req: &rasp_core::Request,
    route_matched: bool,
    resp: Response<ResBody>,
) -> Result<Response<Body>, Waiting<'e>>
where
    ResBody: http_body::Body<Data = Bytes> + Send + 'static,
    ResBody::Error: Into<axum::BoxError>,
{
    let (mut rparts, rbody) = resp.into_parts();
    let rbody = Body::new(rbody);
    if ex.is_exempt() {
        set_server(ex, &mut rparts.headers);
        return Ok(Response::from_parts(rparts, rbody));
    }
    if route_matched && rparts.status == StatusCode::METHOD_NOT_ALLOWED {
        // axum's method router refused the method before any handler ran.
        if ex
            .route_refused(core_req, RouteHint::MethodNotAllowed)
            .is_block()
        {
            return Ok(deny(ex));
        }
    }
    // Read as UTF-8 rather than by `HeaderValue::to_str`, whose byte-at-a-time
    // visible-ASCII loop cost ~250 instructions a response for
    // `text/plain; charset=utf-8` (callgrind, actix demo); the core judges the
    // text either way, and a value that is not UTF-8 is still absent.
    let ct = rparts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| std::str::from_utf8(v.as_bytes()).ok());
    let ce = rparts
        .headers
        .get(header::CONTENT_ENCODING)
        .and_then(|v| std::str::from_utf8(v.as_bytes()).ok());
    let (core_resp, wants_body) = ex.response_head(rparts.status.as_u16(), ct, ce);
    if !wants_body {
        return Ok(respond_tail(ex, rparts, rbody, &core_resp));
    }
    match body_now(rbody, ex.max_body_size()) {
        Now::Read(read) => Ok(respond_with_body(ex, rparts, read, core_resp)),
        Now::Later(rbody) => Err(Box::pin(respond_later(ex, rparts, rbody, core_resp))),
    }
}

/// The response side for a body that is not whole at once (see [`body_now`]).
async fn respond_later(
    ex: &Exchange,
    rparts: http::response::Parts,
    rbody: Body,
    core_resp: rasp_core::Response,
) -> Response<Body> {
    let read = read_prefix(rbody, ex.max_body_size()).await;
    respond_with_body(ex, rparts, read, core_resp)
}

/// The data-leak and error-flood checks, and the Server header.
fn respond_tail(
    ex: &Exchange,
    mut rparts: http::response::Parts,
    rbody: Body,
    core_resp: &rasp_core::Response,
) -> Response<Body> {
    if ex.check_response(core_resp).is_block() {
        return deny(ex);
    }
    set_server(ex, &mut rparts.headers);
    Response::from_parts(rparts, rbody)
}

/// The request target; `Request::new` copies it into its own buffer.
fn target(uri: &http::Uri) -> &str {
    uri.path_and_query().map_or("/", |p| p.as_str())
}

static WARNED_NO_PEER: AtomicBool = AtomicBool::new(false);

fn peer(ext: &http::Extensions) -> IpAddr {
    if let Some(ConnectInfo(addr)) = ext.get::<ConnectInfo<SocketAddr>>() {
        return addr.ip();
    }
    if let Some(addr) = ext.get::<SocketAddr>() {
        return addr.ip();
    }
    if !WARNED_NO_PEER.swap(true, Ordering::Relaxed) {
        tracing::warn!(
            "rasp: no client address (serve with into_make_service_with_connect_info::<SocketAddr>()); \
             all clients share one source for flood and blacklist"
        );
    }
    IpAddr::V4(Ipv4Addr::UNSPECIFIED)
}

/// What [`body_now`] found.
enum Now {
    /// What [`read_prefix`] returns, without waiting.
    Read(Result<(Bytes, bool, Body), axum::Error>),
    /// The body, to be read by [`read_prefix`].
    Later(Body),
}

/// A body that is whole at the first poll (a handler's `String`, JSON or
/// bytes; a small request body that came with the head: one frame, then
/// the end), read without a future to wait on, whose state was most of
/// what a GET's response side cost the allocator (callgrind). Otherwise the
/// body as it was, the frame read first put back in front. Polled with a
/// waker that does nothing: a body not ready yet is polled again, with the
/// task's waker, by [`read_prefix`].
fn body_now(mut body: Body, limit: usize) -> Now {
    use http_body::Body as _;
    let mut cx = Context::from_waker(std::task::Waker::noop());
    match Pin::new(&mut body).poll_frame(&mut cx) {
        Poll::Ready(None) => Now::Read(Ok((Bytes::new(), false, body))),
        Poll::Ready(Some(Err(e))) => Now::Read(Err(e)),
        Poll::Ready(Some(Ok(frame))) => match frame.into_data() {
            Ok(data) if body.is_end_stream() => {
                let prefix = rasp_core::body_prefix(std::slice::from_ref(&data), limit);
                Now::Read(Ok((prefix, data.len() > limit, Body::from(data))))
            }
            Ok(data) => {
                let first = futures_util::stream::iter([Ok::<_, axum::Error>(data)]);
                Now::Later(Body::from_stream(first.chain(body.into_data_stream())))
            }
            // Trailers first: `read_prefix` reads data frames only, as here.
            Err(_) => Now::Later(body),
        },
        Poll::Pending => Now::Later(body),
    }
}

/// Reads at most `limit` bytes of `body` for inspection and returns them with
/// a body that replays them followed by the rest, untouched.
async fn read_prefix<B>(body: B, limit: usize) -> Result<(Bytes, bool, Body), axum::Error>
where
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    let mut stream = Body::new(body).into_data_stream();
    // Most bodies come in one chunk: the list is made only for a second.
    let mut first: Option<Bytes> = None;
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut seen = 0usize;
    let mut ended = false;
    while seen <= limit {
        match stream.next().await {
            Some(chunk) => {
                let chunk = chunk?;
                seen += chunk.len();
                match first.take() {
                    None if chunks.is_empty() => first = Some(chunk),
                    earlier => chunks.extend(earlier.into_iter().chain([chunk])),
                }
            }
            None => {
                ended = true;
                break;
            }
        }
    }
    let truncated = seen > limit;
    let read: &[Bytes] = match &first {
        Some(one) => std::slice::from_ref(one),
        None => &chunks,
    };
    let prefix = rasp_core::body_prefix(read, limit);
    if ended {
        // Read whole: pass it on as one buffer, so its length stays known
        // (Content-Length rather than chunked encoding).
        return Ok((prefix.clone(), truncated, Body::from(prefix)));
    }
    let replay =
        futures_util::stream::iter(first.into_iter().chain(chunks).map(Ok::<_, axum::Error>));
    Ok((prefix, truncated, Body::from_stream(replay.chain(stream))))
}

fn set_server(ex: &Exchange, headers: &mut http::HeaderMap) {
    if let Some(s) = ex.server_header_bytes() {
        if let Ok(v) = HeaderValue::from_maybe_shared(s.clone()) {
            headers.insert(header::SERVER, v);
        }
    }
}

fn deny(ex: &Exchange) -> Response<Body> {
    let (status, msg) = ex.deny();
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::FORBIDDEN);
    let mut r = Response::new(Body::from(msg.to_owned()));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    set_server(ex, r.headers_mut());
    r
}

/// The answer to a request whose body could not be read.
fn unreadable(ex: &Exchange) -> Response<Body> {
    plain(StatusCode::BAD_REQUEST, "unreadable request body", ex)
}

fn plain(status: StatusCode, msg: &'static str, ex: &Exchange) -> Response<Body> {
    let mut r = Response::new(Body::from(msg));
    *r.status_mut() = status;
    set_server(ex, r.headers_mut());
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_is_the_header_or_else_the_authority() {
        // HTTP/2 sends no Host header: the URI's authority stands for it.
        let h2 = http::Request::get("http://shop.example:8443/search?q=1")
            .body(())
            .unwrap();
        let (req, _) = core_request(&h2, true);
        assert_eq!(req.host(), Some("shop.example:8443"));
        // A Host header is the host, once, whatever the URI says.
        let h1 = http::Request::get("http://other.example/search")
            .header("host", "shop.example")
            .body(())
            .unwrap();
        let (req, _) = core_request(&h1, true);
        assert_eq!(
            req.headers_named("host").collect::<Vec<_>>(),
            ["shop.example"]
        );
        // Neither: no host.
        let bare = http::Request::get("/search").body(()).unwrap();
        assert_eq!(core_request(&bare, true).0.host(), None);
    }
}
