//! A management server speaking the agent protocol, with a small
//! authenticated admin API. State lives in SQLite and survives restarts.
//!
//! Agent endpoints (no authentication but the agent key, as pyrasp):
//! - `POST /config` `{"key", "version", "platform", "routes"}` →
//!   `{"status": true, "message", "data": {"config", "blacklist": {"<ip>": epoch}}}`;
//!   401 without a key, 403 for an unknown key, 404 for a key without a profile.
//! - `POST /beacon` `{"key", "version", "telemetry"?, "blacklist"?: [[ip, epoch]]}` →
//!   `{"status": true, "message", "data": {"config"?, "blacklist": {"new": [ip], "remove": [ip]}}}`.
//!
//! Admin endpoints (`Authorization: Bearer <token>`):
//! - `PUT /admin/agents/{key}/config` (a configuration object) sets a key's profile;
//! - `POST /admin/agents/{key}` creates a key without a profile;
//! - `GET /admin/agents` lists agents with last-seen time and telemetry;
//! - `GET /admin/blacklist`, `POST /admin/blacklist` `{"ip", "epoch"?}`, `DELETE /admin/blacklist/{ip}`.
//!
//! Blacklist sharing: every addition and removal is an event; each agent has
//! a cursor into the event log, and a beacon answer carries the events past
//! it that came from elsewhere.

use std::net::IpAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Value};

/// The server's state.
#[derive(Clone)]
pub struct ServerState {
    db: Arc<Mutex<Connection>>,
    admin_token: Arc<str>,
}

/// Opening the database failed.
#[derive(Debug, thiserror::Error)]
#[error("database {path}: {reason}")]
pub struct DbError {
    path: String,
    reason: String,
}

impl ServerState {
    /// Opens (or creates) the database at `path`; `:memory:` for a throw-away one.
    pub fn open(path: impl AsRef<Path>, admin_token: &str) -> Result<Self, DbError> {
        let p = path.as_ref();
        let err = |e: rusqlite::Error| DbError {
            path: p.display().to_string(),
            reason: e.to_string(),
        };
        let db = Connection::open(p).map_err(err)?;
        db.execute_batch(
            "PRAGMA journal_mode=WAL;
             CREATE TABLE IF NOT EXISTS agents (
                key TEXT PRIMARY KEY, config TEXT, config_version INTEGER NOT NULL DEFAULT 0,
                sent_version INTEGER NOT NULL DEFAULT 0, bl_cursor INTEGER NOT NULL DEFAULT 0,
                last_seen INTEGER, version TEXT, platform TEXT, routes TEXT, telemetry TEXT);
             CREATE TABLE IF NOT EXISTS bl_events (
                id INTEGER PRIMARY KEY AUTOINCREMENT, ip TEXT NOT NULL, epoch INTEGER NOT NULL,
                action TEXT NOT NULL, source TEXT NOT NULL);",
        )
        .map_err(err)?;
        Ok(ServerState {
            db: Arc::new(Mutex::new(db)),
            admin_token: admin_token.into(),
        })
    }
}

/// The server's routes.
pub fn router(state: ServerState) -> Router {
    Router::new()
        .route("/config", post(config))
        .route("/beacon", post(beacon))
        .route("/admin/agents", get(list_agents))
        .route("/admin/agents/:key", post(create_agent))
        .route("/admin/agents/:key/config", put(set_config))
        .route("/admin/blacklist", get(list_blacklist).post(add_blacklist))
        .route("/admin/blacklist/:ip", delete(remove_blacklist))
        .with_state(state)
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn fail(status: StatusCode, msg: &str) -> Response {
    (status, Json(json!({ "status": false, "message": msg }))).into_response()
}

fn ok(data: Value) -> Response {
    (
        StatusCode::OK,
        Json(json!({ "status": true, "message": "ok", "data": data })),
    )
        .into_response()
}

fn internal(e: rusqlite::Error) -> Response {
    tracing::error!("rasp-cloud-server: database: {e}");
    fail(StatusCode::INTERNAL_SERVER_ERROR, "database error")
}

struct AgentRow {
    config: Option<String>,
    config_version: i64,
    sent_version: i64,
    cursor: i64,
}

/// A refusal: status and message (kept small; turned into a response by `fail`).
type Refusal = (StatusCode, &'static str);

/// Looks the key up: 401 without one, 403 when unknown.
fn agent(db: &Connection, body: &Value) -> Result<(String, AgentRow), Refusal> {
    let Some(key) = body
        .get("key")
        .and_then(Value::as_str)
        .filter(|k| !k.is_empty())
    else {
        return Err((StatusCode::UNAUTHORIZED, "missing agent key"));
    };
    let row = db
        .query_row(
            "SELECT config, config_version, sent_version, bl_cursor FROM agents WHERE key = ?1",
            [key],
            |r| {
                Ok(AgentRow {
                    config: r.get(0)?,
                    config_version: r.get(1)?,
                    sent_version: r.get(2)?,
                    cursor: r.get(3)?,
                })
            },
        )
        .optional()
        .map_err(|e| {
            tracing::error!("rasp-cloud-server: database: {e}");
            (StatusCode::INTERNAL_SERVER_ERROR, "database error")
        })?;
    match row {
        Some(r) => Ok((key.to_string(), r)),
        None => Err((StatusCode::FORBIDDEN, "invalid agent key")),
    }
}

fn last_event_id(db: &Connection) -> rusqlite::Result<i64> {
    db.query_row("SELECT COALESCE(MAX(id), 0) FROM bl_events", [], |r| {
        r.get(0)
    })
}

/// Addresses whose latest event is an addition, with its time.
fn current_blacklist(db: &Connection) -> rusqlite::Result<Vec<(String, i64)>> {
    let mut st = db.prepare(
        "SELECT e.ip, e.epoch FROM bl_events e
         WHERE e.id = (SELECT MAX(id) FROM bl_events WHERE ip = e.ip) AND e.action = 'add' ORDER BY e.ip",
    )?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

async fn config(State(s): State<ServerState>, body: Option<Json<Value>>) -> Response {
    let body = body.map(|b| b.0).unwrap_or(Value::Null);
    let db = s.db.lock().unwrap_or_else(|e| e.into_inner());
    let (key, row) = match agent(&db, &body) {
        Ok(x) => x,
        Err((st, msg)) => return fail(st, msg),
    };
    let Some(cfg) = row
        .config
        .as_deref()
        .and_then(|c| serde_json::from_str::<Value>(c).ok())
    else {
        return fail(
            StatusCode::NOT_FOUND,
            "no security profile for this agent key",
        );
    };
    let result = (|| -> rusqlite::Result<Value> {
        let bl = current_blacklist(&db)?;
        let cursor = last_event_id(&db)?;
        db.execute(
            "UPDATE agents SET version = ?2, platform = ?3, routes = ?4, last_seen = ?5,
             sent_version = config_version, bl_cursor = ?6 WHERE key = ?1",
            params![
                key,
                body.get("version").and_then(Value::as_str),
                body.get("platform").and_then(Value::as_str),
                body.get("routes").map(Value::to_string),
                now(),
                cursor
            ],
        )?;
        let blacklist: serde_json::Map<String, Value> =
            bl.into_iter().map(|(ip, t)| (ip, json!(t))).collect();
        Ok(json!({ "config": cfg, "blacklist": blacklist }))
    })();
    match result {
        Ok(d) => ok(d),
        Err(e) => internal(e),
    }
}

async fn beacon(State(s): State<ServerState>, body: Option<Json<Value>>) -> Response {
    let body = body.map(|b| b.0).unwrap_or(Value::Null);
    let db = s.db.lock().unwrap_or_else(|e| e.into_inner());
    let (key, row) = match agent(&db, &body) {
        Ok(x) => x,
        Err((st, msg)) => return fail(st, msg),
    };
    let result = (|| -> rusqlite::Result<Value> {
        db.execute(
            "UPDATE agents SET last_seen = ?2, version = COALESCE(?3, version), telemetry = COALESCE(?4, telemetry) WHERE key = ?1",
            params![
                key,
                now(),
                body.get("version").and_then(Value::as_str),
                body.get("telemetry").map(Value::to_string)
            ],
        )?;
        if let Some(Value::Array(entries)) = body.get("blacklist") {
            for e in entries {
                let ip = e
                    .get(0)
                    .and_then(Value::as_str)
                    .and_then(|s| s.parse::<IpAddr>().ok());
                let t = e
                    .get(1)
                    .and_then(Value::as_f64)
                    .map(|t| t as i64)
                    .unwrap_or_else(now);
                if let Some(ip) = ip {
                    db.execute(
                        "INSERT INTO bl_events (ip, epoch, action, source) VALUES (?1, ?2, 'add', ?3)",
                        params![ip.to_string(), t, key],
                    )?;
                }
            }
        }
        let mut new = Vec::new();
        let mut remove = Vec::new();
        {
            let mut st = db.prepare(
                "SELECT e.ip, e.action FROM bl_events e WHERE e.id > ?1 AND e.source != ?2
                 AND e.id = (SELECT MAX(id) FROM bl_events WHERE ip = e.ip) ORDER BY e.id",
            )?;
            let rows = st.query_map(params![row.cursor, key], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?;
            for r in rows {
                let (ip, action) = r?;
                if action == "add" {
                    new.push(ip);
                } else {
                    remove.push(ip);
                }
            }
        }
        let cursor = last_event_id(&db)?;
        db.execute(
            "UPDATE agents SET bl_cursor = ?2, sent_version = config_version WHERE key = ?1",
            params![key, cursor],
        )?;
        let mut data = json!({ "blacklist": { "new": new, "remove": remove } });
        if row.config_version > row.sent_version {
            if let Some(c) = row
                .config
                .as_deref()
                .and_then(|c| serde_json::from_str::<Value>(c).ok())
            {
                data["config"] = c;
            }
        }
        Ok(data)
    })();
    match result {
        Ok(d) => ok(d),
        Err(e) => internal(e),
    }
}

fn admin(s: &ServerState, h: &HeaderMap) -> Result<(), Refusal> {
    let given = h
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    // Constant-time comparison: the token is the only admin credential.
    let want = s.admin_token.as_bytes();
    let same = given.len() == want.len()
        && given
            .bytes()
            .zip(want.iter())
            .fold(0u8, |a, (x, y)| a | (x ^ y))
            == 0;
    if same && !want.is_empty() {
        Ok(())
    } else {
        Err((StatusCode::UNAUTHORIZED, "admin token required"))
    }
}

async fn set_config(
    State(s): State<ServerState>,
    h: HeaderMap,
    UrlPath(key): UrlPath<String>,
    body: Json<Value>,
) -> Response {
    if let Err((st, msg)) = admin(&s, &h) {
        return fail(st, msg);
    }
    let cfg = match body.0 {
        Value::Object(mut m) if m.contains_key("config") => {
            m.remove("config").unwrap_or(Value::Null)
        }
        v => v,
    };
    // Only configurations an agent accepts are stored.
    let checked = match rasp_core::Config::from_json_value(json!({ "config": cfg })) {
        Ok(f) => f,
        Err(e) => return fail(StatusCode::BAD_REQUEST, &e.to_string()),
    };
    let text = cfg.to_string();
    let db = s.db.lock().unwrap_or_else(|e| e.into_inner());
    let r = db.execute(
        "INSERT INTO agents (key, config, config_version) VALUES (?1, ?2, 1)
         ON CONFLICT(key) DO UPDATE SET config = excluded.config, config_version = agents.config_version + 1",
        params![key, text],
    );
    match r {
        Ok(_) => ok(json!({ "key": key, "warnings": checked.warnings })),
        Err(e) => internal(e),
    }
}

async fn create_agent(
    State(s): State<ServerState>,
    h: HeaderMap,
    UrlPath(key): UrlPath<String>,
) -> Response {
    if let Err((st, msg)) = admin(&s, &h) {
        return fail(st, msg);
    }
    let db = s.db.lock().unwrap_or_else(|e| e.into_inner());
    match db.execute(
        "INSERT OR IGNORE INTO agents (key) VALUES (?1)",
        [key.as_str()],
    ) {
        Ok(_) => (
            StatusCode::CREATED,
            Json(json!({ "status": true, "message": "created", "data": { "key": key } })),
        )
            .into_response(),
        Err(e) => internal(e),
    }
}

async fn list_agents(State(s): State<ServerState>, h: HeaderMap) -> Response {
    if let Err((st, msg)) = admin(&s, &h) {
        return fail(st, msg);
    }
    let db = s.db.lock().unwrap_or_else(|e| e.into_inner());
    let result = (|| -> rusqlite::Result<Vec<Value>> {
        let mut st = db.prepare("SELECT key, last_seen, version, platform, telemetry, config IS NOT NULL FROM agents ORDER BY key")?;
        let rows = st.query_map([], |r| {
            let tel: Option<String> = r.get(4)?;
            Ok(json!({
                "key": r.get::<_, String>(0)?,
                "last_seen": r.get::<_, Option<i64>>(1)?,
                "version": r.get::<_, Option<String>>(2)?,
                "platform": r.get::<_, Option<String>>(3)?,
                "telemetry": tel.and_then(|t| serde_json::from_str::<Value>(&t).ok()),
                "has_profile": r.get::<_, bool>(5)?,
            }))
        })?;
        rows.collect()
    })();
    match result {
        Ok(v) => ok(Value::Array(v)),
        Err(e) => internal(e),
    }
}

async fn list_blacklist(State(s): State<ServerState>, h: HeaderMap) -> Response {
    if let Err((st, msg)) = admin(&s, &h) {
        return fail(st, msg);
    }
    let db = s.db.lock().unwrap_or_else(|e| e.into_inner());
    match current_blacklist(&db) {
        Ok(v) => ok(v
            .into_iter()
            .map(|(ip, t)| (ip, json!(t)))
            .collect::<serde_json::Map<_, _>>()
            .into()),
        Err(e) => internal(e),
    }
}

async fn add_blacklist(State(s): State<ServerState>, h: HeaderMap, body: Json<Value>) -> Response {
    if let Err((st, msg)) = admin(&s, &h) {
        return fail(st, msg);
    }
    let Some(ip) = body
        .get("ip")
        .and_then(Value::as_str)
        .and_then(|s| s.parse::<IpAddr>().ok())
    else {
        return fail(StatusCode::BAD_REQUEST, "`ip` must be an IP address");
    };
    let t = body
        .get("epoch")
        .and_then(Value::as_i64)
        .unwrap_or_else(now);
    let db = s.db.lock().unwrap_or_else(|e| e.into_inner());
    match db.execute(
        "INSERT INTO bl_events (ip, epoch, action, source) VALUES (?1, ?2, 'add', 'admin')",
        params![ip.to_string(), t],
    ) {
        Ok(_) => ok(json!({ "ip": ip.to_string(), "epoch": t })),
        Err(e) => internal(e),
    }
}

async fn remove_blacklist(
    State(s): State<ServerState>,
    h: HeaderMap,
    UrlPath(ip): UrlPath<String>,
) -> Response {
    if let Err((st, msg)) = admin(&s, &h) {
        return fail(st, msg);
    }
    let Ok(ip) = ip.parse::<IpAddr>() else {
        return fail(StatusCode::BAD_REQUEST, "not an IP address");
    };
    let db = s.db.lock().unwrap_or_else(|e| e.into_inner());
    match db.execute(
        "INSERT INTO bl_events (ip, epoch, action, source) VALUES (?1, ?2, 'remove', 'admin')",
        params![ip.to_string(), now()],
    ) {
        Ok(_) => ok(json!({ "ip": ip.to_string() })),
        Err(e) => internal(e),
    }
}
