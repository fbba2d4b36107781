//! # rasp-lambda
//!
//! rasp for AWS Lambda functions built on `lambda_http` (API Gateway REST
//! and HTTP APIs, Application Load Balancer): the counterpart of pyrasp's
//! `@LambdaRASP(conf=...)` decorator.
//!
//! ```no_run
//! use lambda_http::{service_fn, Error, Request, Response, Body};
//! use rasp_lambda::RaspLambda;
//!
//! async fn handler(_event: Request) -> Result<Response<Body>, Error> {
//!     Ok(Response::new(Body::from("hello")))
//! }
//!
//! #[tokio::main]
//! async fn main() -> Result<(), Error> {
//!     let rasp = RaspLambda::from_file("rasp.json")?;
//!     lambda_http::run(service_fn(rasp.wrap(handler))).await
//! }
//! ```
//!
//! The client address is the one API Gateway saw (`requestContext.identity.sourceIp`
//! for REST APIs, `requestContext.http.sourceIp` for HTTP APIs); behind an
//! ALB it is the last `X-Forwarded-For` hop, the one the ALB appended.
//! Lambda runs no background work between invocations, so events are sent
//! from the invocation that produced them.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::future::Future;
use std::net::{IpAddr, Ipv4Addr};
use std::pin::Pin;
use std::sync::Arc;

use lambda_http::request::RequestContext;
use lambda_http::{Body, Error, IntoResponse, Request, RequestExt, Response};
use rasp_core::{ConfigError, Exchange, Rasp, Verdict};

/// Called once per invocation before the request is judged; the cloud agent
/// uses it to send beacons from the invocation (no background thread).
pub type InvocationHook = Arc<dyn Fn(&Rasp) + Send + Sync>;

/// rasp for a Lambda handler.
#[derive(Clone)]
pub struct RaspLambda {
    rasp: Rasp,
    hook: Option<InvocationHook>,
}

impl std::fmt::Debug for RaspLambda {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RaspLambda")
            .field("rasp", &self.rasp)
            .finish_non_exhaustive()
    }
}

type BoxFut = Pin<Box<dyn Future<Output = Result<Response<Body>, Error>> + Send>>;

impl RaspLambda {
    /// Protects with this engine.
    pub fn new(rasp: Rasp) -> Self {
        RaspLambda { rasp, hook: None }
    }

    /// Protects with the configuration in a pyrasp `rasp.json` file.
    pub fn from_file(path: impl AsRef<std::path::Path>) -> Result<Self, ConfigError> {
        Ok(Self::new(Rasp::from_file(path)?))
    }

    /// Protects as the environment says: `RASP_CLOUD_URL`/`PYRASP_CLOUD_URL`
    /// with `RASP_KEY`/`PYRASP_KEY` for a cloud agent (Lambda mode: no
    /// background thread), and `RASP_CONF`/`PYRASP_CONF` for the local
    /// configuration (the defaults when unset).
    pub fn from_env() -> Result<Self, ConfigError> {
        match rasp_cloud::CloudSettings::from_env() {
            Some(s) => Self::with_cloud(Rasp::builder_from_env()?, s),
            None => Ok(Self::new(Rasp::builder_from_env()?.build()?)),
        }
    }

    /// Protects with the configuration and blacklist of a management server.
    /// As in pyrasp's Lambda mode, beacons are sent at start and from the
    /// first invocation after `BEACON_DELAY`; nothing runs between invocations.
    pub fn from_cloud(cloud_url: &str, key: &str) -> Result<Self, ConfigError> {
        Self::with_cloud(
            Rasp::builder_from_env()?,
            rasp_cloud::CloudSettings::new(cloud_url, key),
        )
    }

    /// [`RaspLambda::from_cloud`] with a local builder and explicit settings.
    pub fn with_cloud(
        builder: rasp_core::RaspBuilder,
        settings: rasp_cloud::CloudSettings,
    ) -> Result<Self, ConfigError> {
        let rasp = builder.source(settings.cloud_url.clone()).build()?;
        let (agent, _) = rasp_cloud::LambdaAgent::start(rasp.clone(), settings);
        let agent = Arc::new(agent);
        Ok(Self::new(rasp).on_invocation(Arc::new(move |_| {
            agent.tick();
        })))
    }

    /// Runs `hook` at the start of every invocation.
    pub fn on_invocation(mut self, hook: InvocationHook) -> Self {
        self.hook = Some(hook);
        self
    }

    /// The engine.
    pub fn rasp(&self) -> &Rasp {
        &self.rasp
    }

    /// Wraps a handler: the returned function judges each request before the
    /// handler runs and each response after, and is what `service_fn` takes.
    pub fn wrap<H, Fut, R>(
        self,
        handler: H,
    ) -> impl Fn(Request) -> BoxFut + Clone + Send + Sync + 'static
    where
        H: Fn(Request) -> Fut + Clone + Send + Sync + 'static,
        Fut: Future<Output = Result<R, Error>> + Send + 'static,
        R: IntoResponse + Send + 'static,
    {
        move |event: Request| {
            let this = self.clone();
            let handler = handler.clone();
            Box::pin(async move { this.handle(event, handler).await })
        }
    }

    async fn handle<H, Fut, R>(&self, event: Request, handler: H) -> Result<Response<Body>, Error>
    where
        H: Fn(Request) -> Fut,
        Fut: Future<Output = Result<R, Error>>,
        R: IntoResponse,
    {
        if let Some(h) = &self.hook {
            h(&self.rasp);
        }
        let core_req = core_request(&event);
        // One configuration, client and exemption for the whole exchange
        // (the body decides none of them, and is cut at its limit).
        let ex = self.rasp.exchange(&core_req);
        let core_req = with_event_body(core_req, &event, ex.max_body_size());
        if let Verdict::Block(_) = ex.check_request(&core_req) {
            return Ok(deny(&ex));
        }
        let mut resp = handler(event).await?.into_response().await;
        let mut core_resp = rasp_core::Response::new(resp.status().as_u16());
        for (k, v) in resp.headers() {
            core_resp = core_resp.with_header(k.as_str(), &String::from_utf8_lossy(v.as_bytes()));
        }
        let limit = ex.max_body_size();
        core_resp = core_resp.with_body(match resp.body() {
            Body::Text(t) => bytes::Bytes::copy_from_slice(&t.as_bytes()[..t.len().min(limit)]),
            Body::Binary(b) => bytes::Bytes::copy_from_slice(&b[..b.len().min(limit)]),
            _ => bytes::Bytes::new(),
        });
        if ex.check_response(&core_resp).is_block() {
            return Ok(deny(&ex));
        }
        set_server(&ex, &mut resp);
        Ok(resp)
    }
}

fn set_server(ex: &Exchange, resp: &mut Response<Body>) {
    if let Some(s) = ex.server_header_bytes() {
        if let Ok(v) = lambda_http::http::HeaderValue::from_maybe_shared(s.clone()) {
            resp.headers_mut()
                .insert(lambda_http::http::header::SERVER, v);
        }
    }
}

fn deny(ex: &Exchange) -> Response<Body> {
    let (status, msg) = ex.deny();
    let mut r = Response::new(Body::Text(msg.to_owned()));
    *r.status_mut() = lambda_http::http::StatusCode::from_u16(status)
        .unwrap_or(lambda_http::http::StatusCode::FORBIDDEN);
    r.headers_mut().insert(
        lambda_http::http::header::CONTENT_TYPE,
        lambda_http::http::HeaderValue::from_static("text/html; charset=utf-8"),
    );
    set_server(ex, &mut r);
    r
}

/// The address the front end (API Gateway or ALB) saw.
fn source_ip(event: &Request) -> IpAddr {
    let from_ctx = match event.request_context_ref() {
        Some(RequestContext::ApiGatewayV1(c)) => c.identity.source_ip.clone(),
        Some(RequestContext::ApiGatewayV2(c)) => c.http.source_ip.clone(),
        Some(RequestContext::Alb(_)) => event
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .next_back()
            .map(|s| s.trim().to_string()),
        _ => None,
    };
    from_ctx
        .and_then(|s| s.parse().ok())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

/// The core's view of the event, without its body.
fn core_request(event: &Request) -> rasp_core::Request {
    let target = event
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let mut req = rasp_core::Request::new(event.method().as_str(), target, source_ip(event));
    // The ALB's X-Forwarded-For was already used for the source address.
    req.push_headers_bytes(
        event
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_bytes())),
    );
    req
}

/// `req` with the event's body, read up to `limit` bytes.
fn with_event_body(req: rasp_core::Request, event: &Request, limit: usize) -> rasp_core::Request {
    let body: &[u8] = match event.body() {
        Body::Text(t) => t.as_bytes(),
        Body::Binary(b) => b,
        _ => &[],
    };
    req.with_body(
        bytes::Bytes::copy_from_slice(&body[..body.len().min(limit)]),
        body.len() > limit,
    )
}
