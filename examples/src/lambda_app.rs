//! The demo app as an AWS Lambda handler (`lambda_http`). Lambda has no
//! router to ask, so the app declares its routes to rasp with a
//! `RouteTable` for request validation.

use lambda_http::http::{header, Method, StatusCode};
use lambda_http::{Body, Error, Request, Response};
use rasp_core::RouteTable;

use crate::{big_body, Hits, INDEX, LEAK};

/// The routes the handler serves.
pub fn routes() -> RouteTable {
    let mut t = RouteTable::new();
    t.add(&["GET"], "/")
        .add(&["GET"], "/search")
        .add(&["POST"], "/form")
        .add(&["POST"], "/api/items")
        .add(&["GET"], "/api/items/{id}")
        .add(&["POST"], "/api/orders")
        .add(&["POST"], "/signup")
        .add(&["GET"], "/files/{*rest}")
        .add(&["POST"], "/upload")
        .add(&["POST"], "/echo")
        .add(&["POST"], "/graphql")
        .add(&["GET"], "/leak")
        .add(&["GET"], "/leak.gz")
        .add(&["GET"], "/big")
        .add(&["GET"], "/leak/stream")
        .add(&["GET"], "/big/stream");
    t
}

fn text(status: StatusCode, ct: &str, body: Body) -> Response<Body> {
    let mut r = Response::new(body);
    *r.status_mut() = status;
    if let Ok(v) = ct.parse() {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    r
}

/// The handler.
pub async fn handler(hits: Hits, req: Request) -> Result<Response<Body>, Error> {
    hits.hit();
    let path = req.uri().path().to_string();
    let ct = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/octet-stream")
        .to_string();
    let resp = match (req.method().clone(), path.as_str()) {
        (Method::GET, "/") => text(
            StatusCode::OK,
            "text/html; charset=utf-8",
            Body::from(INDEX),
        ),
        (Method::GET, "/search") => {
            let q = req.uri().query().unwrap_or("").to_string();
            text(
                StatusCode::OK,
                "text/plain",
                Body::from(format!("results for {q}")),
            )
        }
        (Method::POST, "/form" | "/api/items" | "/upload" | "/echo" | "/graphql") => {
            text(StatusCode::OK, &ct, req.into_body())
        }
        (Method::GET, p) if p.starts_with("/files/") => text(
            StatusCode::OK,
            "text/plain",
            Body::from(crate::file_answer(&p["/files/".len()..])),
        ),
        (Method::POST, "/signup") => {
            let field = |name: &str| {
                form_urlencoded::parse(req.body().as_ref())
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.into_owned())
            };
            match (field("name"), field("comment")) {
                (Some(name), Some(comment)) => text(
                    StatusCode::OK,
                    "text/plain",
                    Body::from(crate::signup_answer(&name, &comment)),
                ),
                _ => text(StatusCode::UNPROCESSABLE_ENTITY, "text/plain", Body::Empty),
            }
        }
        (Method::POST, "/api/orders") => {
            let (status, json) = crate::order_summary(req.body().as_ref());
            text(
                StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
                "application/json",
                Body::from(json),
            )
        }
        (Method::GET, p) if p.starts_with("/api/items/") => {
            let id = &p["/api/items/".len()..];
            text(
                StatusCode::OK,
                "application/json",
                Body::from(serde_json::json!({ "id": id, "name": "widget" }).to_string()),
            )
        }
        (Method::GET, "/leak") => {
            text(StatusCode::OK, "text/html; charset=utf-8", Body::from(LEAK))
        }
        (Method::GET, "/leak.gz") => {
            let mut r = text(
                StatusCode::OK,
                "text/html; charset=utf-8",
                Body::from(crate::leak_gzip()),
            );
            r.headers_mut().insert(
                header::CONTENT_ENCODING,
                header::HeaderValue::from_static("gzip"),
            );
            r
        }
        (Method::GET, "/big") => text(StatusCode::OK, "text/plain", Body::from(big_body())),
        (Method::GET, p @ ("/leak/stream" | "/big/stream")) => text(
            StatusCode::OK,
            "text/html; charset=utf-8",
            Body::from(crate::streamed(p).unwrap_or_default().concat()),
        ),
        _ => text(StatusCode::NOT_FOUND, "text/plain", Body::from("not found")),
    };
    Ok(resp)
}
