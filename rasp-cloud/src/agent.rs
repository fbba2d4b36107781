//! The cloud agent: configuration and blacklist download at start, beacons
//! with telemetry and blacklist sharing, updates applied from the answers.
//!
//! It runs on one thread of its own with blocking HTTP (so it works under
//! any async runtime, or none) and never touches the request path: a server
//! that is down, slow or answers garbage costs the application nothing, and
//! the engine keeps its last good configuration.

use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rasp_core::{Config, Rasp, StatsSnapshot};
use serde_json::{json, Value};

use crate::error::CloudError;

/// Bounded time for one exchange with the server.
const TIMEOUT: Duration = Duration::from_secs(5);
/// Longest wait between two attempts to download the configuration.
const MAX_BACKOFF: Duration = Duration::from_secs(60);
/// Shared blacklist entries carried to the next beacon at most.
const MAX_SHARED_PER_BEACON: usize = 1000;

/// How to reach the management server.
#[derive(Debug, Clone)]
pub struct CloudSettings {
    /// Where the configuration is downloaded from (`cloud_url`).
    pub cloud_url: String,
    /// The agent key.
    pub key: String,
    /// Route patterns reported to the server at start.
    pub routes: Vec<String>,
    /// Platform string reported at start (default: `rust/<os>`).
    pub platform: String,
    /// Bound on one exchange with the server (default 5 s).
    pub timeout: Duration,
}

impl CloudSettings {
    /// Settings for `cloud_url` and `key`.
    pub fn new(cloud_url: impl Into<String>, key: impl Into<String>) -> Self {
        CloudSettings {
            cloud_url: cloud_url.into(),
            key: key.into(),
            routes: Vec::new(),
            platform: format!("rust/{}", std::env::consts::OS),
            timeout: TIMEOUT,
        }
    }

    /// Reads `RASP_CLOUD_URL` / `PYRASP_CLOUD_URL` and `RASP_KEY` / `PYRASP_KEY`.
    pub fn from_env() -> Option<Self> {
        let e = rasp_core::EnvSettings::read();
        Some(Self::new(e.cloud_url?, e.key?))
    }
}

/// A running agent. Dropping the handle does not stop it; [`Agent::stop`] does.
#[derive(Debug, Clone)]
pub struct Agent {
    stop: Arc<AtomicBool>,
    rasp: Rasp,
}

impl Agent {
    /// Downloads the configuration (waiting at most one bounded exchange),
    /// then starts the agent thread. When the download fails the engine keeps
    /// the configuration it has (local file or defaults), the error is
    /// returned in `Ok((agent, Some(error)))`, and the thread keeps trying with
    /// backoff.
    pub fn start(rasp: Rasp, settings: CloudSettings) -> (Agent, Option<CloudError>) {
        // reqwest's blocking client must not run on an async runtime's
        // thread (adapters call this from `#[tokio::main]`), so the first
        // download runs on a thread of its own; it is bounded by the timeout.
        let first = std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    http_client(settings.timeout).and_then(|c| download(&c, &rasp, &settings))
                })
                .join()
                .unwrap_or_else(|_| Err(CloudError::Http("download thread panicked".into())))
        });
        let err = first.err();
        match &err {
            None => eprintln!("[+] Loading configuration from {}", settings.cloud_url),
            Some(e) => {
                eprintln!(
                    "[!] Configuration from {} failed: {e}; running on the local configuration",
                    settings.cloud_url
                );
                tracing::warn!(url = %settings.cloud_url, "rasp cloud: configuration download failed: {e}");
            }
        }
        let agent = Agent {
            stop: Arc::new(AtomicBool::new(false)),
            rasp: rasp.clone(),
        };
        let a = agent.clone();
        let configured = err.is_none();
        let spawned = std::thread::Builder::new()
            .name("rasp-cloud".into())
            .spawn(move || a.run(settings, configured));
        if let Err(e) = spawned {
            tracing::error!("rasp cloud: cannot start the agent thread: {e}");
        }
        (agent, err)
    }

    /// Stops the agent thread at its next wake-up.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    /// The engine it manages.
    pub fn rasp(&self) -> &Rasp {
        &self.rasp
    }

    fn run(&self, settings: CloudSettings, mut configured: bool) {
        let client = match http_client(settings.timeout) {
            Ok(c) => c,
            Err(e) => {
                tracing::error!("rasp cloud: {e}; agent stopped");
                return;
            }
        };
        let mut sys = sysinfo::System::new();
        let mut backoff = Duration::from_secs(1);
        let mut next_download = Instant::now() + backoff;
        let mut next_beacon = Instant::now();
        while !self.stop.load(Ordering::Relaxed) {
            let now = Instant::now();
            if !configured && now >= next_download {
                match download(&client, &self.rasp, &settings) {
                    Ok(()) => {
                        configured = true;
                        tracing::info!(
                            "rasp cloud: configuration downloaded from {}",
                            settings.cloud_url
                        );
                    }
                    Err(e) => {
                        backoff = (backoff * 2).min(MAX_BACKOFF);
                        next_download = now + backoff;
                        tracing::warn!("rasp cloud: configuration download failed: {e}; next try in {backoff:?}");
                    }
                }
            }
            let cfg = self.rasp.config();
            if cfg.beacon && now >= next_beacon {
                if let Err(e) = beacon(&client, &self.rasp, &settings.key, &cfg, &mut sys) {
                    tracing::warn!(
                        "rasp cloud: beacon to {} failed: {e}; data kept for the next one",
                        cfg.beacon_url
                    );
                }
                next_beacon = Instant::now() + Duration::from_secs(cfg.beacon_delay.max(1));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

fn http_client(timeout: Duration) -> Result<reqwest::blocking::Client, CloudError> {
    reqwest::blocking::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .user_agent(concat!("rasp/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| CloudError::Http(e.to_string()))
}

fn post(client: &reqwest::blocking::Client, url: &str, body: &Value) -> Result<Value, CloudError> {
    let resp = client
        .post(url)
        .json(body)
        .send()
        .map_err(|e| CloudError::Http(e.to_string()))?;
    let status = resp.status().as_u16();
    match status {
        200..=299 => {}
        401 | 403 => return Err(CloudError::Refused(status)),
        404 => return Err(CloudError::NoProfile),
        s => return Err(CloudError::Status(s)),
    }
    let text = resp.text().map_err(|e| CloudError::Http(e.to_string()))?;
    serde_json::from_str(&text).map_err(|e| CloudError::Garbage(format!("not JSON: {e}")))
}

/// The `data` of an answer: pyrasp's server wraps it in
/// `{"status", "message", "data"}`, the reference README shows it bare.
fn answer_data(v: Value) -> Result<serde_json::Map<String, Value>, CloudError> {
    let Value::Object(mut top) = v else {
        return Err(CloudError::Garbage(
            "the answer is not a JSON object".into(),
        ));
    };
    if let Some(Value::Bool(false)) = top.get("status") {
        let msg = top
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or("no message")
            .to_string();
        return Err(CloudError::Rejected(msg));
    }
    match top.remove("data") {
        Some(Value::Object(d)) => Ok(d),
        Some(Value::Null) | None => Ok(top),
        Some(_) => Err(CloudError::Garbage("`data` is not an object".into())),
    }
}

fn now_epoch() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Validates and applies a `config` object; on error nothing changes.
fn apply_config(rasp: &Rasp, v: Value) -> Result<(), CloudError> {
    let file = Config::from_json_value(json!({ "config": v }))
        .map_err(|e| CloudError::BadConfig(e.to_string()))?;
    for w in &file.warnings {
        tracing::warn!("rasp cloud: {w}");
    }
    if file.config != rasp.config() {
        rasp.set_config(file.config)
            .map_err(|e| CloudError::BadConfig(e.to_string()))?;
        tracing::info!("rasp cloud: new configuration applied");
    }
    Ok(())
}

fn download(
    client: &reqwest::blocking::Client,
    rasp: &Rasp,
    s: &CloudSettings,
) -> Result<(), CloudError> {
    let body = json!({
        "key": s.key,
        "version": rasp_core::VERSION,
        "platform": s.platform,
        "routes": s.routes,
    });
    let mut data = answer_data(post(client, &s.cloud_url, &body)?)?;
    let config = data
        .remove("config")
        .ok_or_else(|| CloudError::Garbage("no `config` in the answer".into()))?;
    // Check the blacklist's shape before applying anything.
    let blacklist = match data.remove("blacklist") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Object(m)) => m
            .into_iter()
            .filter_map(|(ip, t)| {
                Some((ip.parse::<IpAddr>().ok()?, t.as_f64().unwrap_or(0.0) as u64))
            })
            .collect(),
        Some(_) => return Err(CloudError::Garbage("`blacklist` is not an object".into())),
    };
    apply_config(rasp, config)?;
    for (ip, t) in blacklist {
        rasp.blacklist().add(ip, t, false);
    }
    Ok(())
}

fn ips(v: Option<&Value>) -> Vec<IpAddr> {
    let Some(Value::Array(items)) = v else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|i| match i {
            Value::String(s) => s.parse().ok(),
            // `[ip, epoch]` pairs are accepted too.
            Value::Array(pair) => pair
                .first()
                .and_then(Value::as_str)
                .and_then(|s| s.parse().ok()),
            _ => None,
        })
        .collect()
}

fn beacon(
    client: &reqwest::blocking::Client,
    rasp: &Rasp,
    key: &str,
    cfg: &Config,
    sys: &mut sysinfo::System,
) -> Result<(), CloudError> {
    if cfg.beacon_url.is_empty() {
        return Err(CloudError::Garbage("BEACON_URL is empty".into()));
    }
    let mut body = json!({ "key": key, "version": rasp_core::VERSION });
    let counts: StatsSnapshot = rasp.stats().snapshot();
    if cfg.telemetry_data {
        sys.refresh_cpu_usage();
        sys.refresh_memory();
        let mem = if sys.total_memory() == 0 {
            0.0
        } else {
            100.0 * sys.used_memory() as f64 / sys.total_memory() as f64
        };
        body["telemetry"] = json!({
            "cpu": (f64::from(sys.global_cpu_usage()) * 10.0).round() / 10.0,
            "memory": (mem * 10.0).round() / 10.0,
            "requests": { "success": counts.success, "errors": counts.errors, "attacks": counts.attacks },
        });
    }
    let shared: Vec<(IpAddr, u64)> = if cfg.blacklist_share {
        rasp.blacklist()
            .pending_share()
            .into_iter()
            .take(MAX_SHARED_PER_BEACON)
            .collect()
    } else {
        Vec::new()
    };
    if cfg.blacklist_share {
        body["blacklist"] = Value::Array(
            shared
                .iter()
                .map(|(ip, t)| json!([ip.to_string(), t]))
                .collect(),
        );
    }
    let mut data = answer_data(post(client, &cfg.beacon_url, &body)?)?;
    // The server has the data: forget it (what came in since stays).
    if cfg.telemetry_data {
        rasp.stats().ack(counts);
    }
    if cfg.blacklist_share {
        rasp.blacklist().ack_share(shared.len());
    }
    if let Some(Value::Object(bl)) = data.remove("blacklist") {
        let now = now_epoch();
        for ip in ips(bl.get("new")) {
            rasp.blacklist().add(ip, now, false);
        }
        for ip in ips(bl.get("remove")) {
            rasp.blacklist().remove(ip);
        }
    }
    if let Some(c) = data.remove("config") {
        if !c.is_null() {
            apply_config(rasp, c)?;
        }
    }
    Ok(())
}

/// The agent for AWS Lambda, where no thread runs between invocations: the
/// configuration is downloaded and a beacon sent at start, then a beacon is
/// sent from the invocation that finds `BEACON_DELAY` elapsed (the
/// reference's Lambda behaviour). The beacon is bounded by the timeout.
#[derive(Debug)]
pub struct LambdaAgent {
    rasp: Rasp,
    settings: CloudSettings,
    last_beacon: std::sync::Mutex<Option<Instant>>,
}

impl LambdaAgent {
    /// Downloads the configuration and sends the first beacon.
    pub fn start(rasp: Rasp, settings: CloudSettings) -> (LambdaAgent, Option<CloudError>) {
        let err = off_runtime(|| {
            http_client(settings.timeout).and_then(|c| download(&c, &rasp, &settings))
        })
        .err();
        if let Some(e) = &err {
            eprintln!(
                "[!] Configuration from {} failed: {e}; running on the local configuration",
                settings.cloud_url
            );
        }
        let agent = LambdaAgent {
            rasp,
            settings,
            last_beacon: std::sync::Mutex::new(None),
        };
        agent.tick();
        (agent, err)
    }

    /// Sends a beacon if `BEACON` is on and `BEACON_DELAY` has passed since
    /// the last one (or none was sent). Call it once per invocation.
    /// Returns whether a beacon was attempted.
    pub fn tick(&self) -> bool {
        let cfg = self.rasp.config();
        if !cfg.beacon {
            return false;
        }
        let mut last = self.last_beacon.lock().unwrap_or_else(|e| e.into_inner());
        let due = last.is_none_or(|t| t.elapsed() >= Duration::from_secs(cfg.beacon_delay.max(1)));
        if !due {
            return false;
        }
        *last = Some(Instant::now());
        drop(last);
        let result = off_runtime(|| {
            let client = http_client(self.settings.timeout)?;
            let mut sys = sysinfo::System::new();
            beacon(&client, &self.rasp, &self.settings.key, &cfg, &mut sys)
        });
        if let Err(e) = result {
            tracing::warn!("rasp cloud: beacon failed: {e}; data kept for the next one");
        }
        true
    }

    /// The engine it manages.
    pub fn rasp(&self) -> &Rasp {
        &self.rasp
    }
}

/// Runs blocking HTTP on a scoped thread: reqwest's blocking client must not
/// run on an async runtime's thread, and Lambda handlers are async.
fn off_runtime<T: Send>(f: impl FnOnce() -> Result<T, CloudError> + Send) -> Result<T, CloudError> {
    std::thread::scope(|scope| {
        scope
            .spawn(f)
            .join()
            .unwrap_or_else(|_| Err(CloudError::Http("agent thread panicked".into())))
    })
}
