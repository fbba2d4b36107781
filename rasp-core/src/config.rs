//! The configuration: one typed struct read from the pyrasp `rasp.json` format.
//!
//! Keys, types and defaults follow the reference tables of pyrasp 0.6. Keys that
//! rasp adds (`FORBIDDEN_HEADERS`, `TRUSTED_PROXIES`, `MAX_BODY_SIZE`,
//! `MAX_TRACKED_SOURCES`, `GEOIP_DATABASE`, `LOG_QUEUE_SIZE`) are documented in the
//! README. Unknown keys are reported as warnings, never as failures, so that a
//! file written for a newer pyrasp still loads.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::ConfigError;

/// Level of a security check, as in `SECURITY_CHECKS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(try_from = "u8", into = "u8")]
pub enum Level {
    /// 0: the check does not run.
    #[default]
    Off,
    /// 1: detect and block the request.
    Block,
    /// 2: block the request and blacklist the source for `BLACKLIST_DELAY` seconds.
    Blacklist,
}

impl Level {
    /// Whether the check runs at all.
    pub fn enabled(self) -> bool {
        self != Level::Off
    }
}

impl TryFrom<u8> for Level {
    type Error = String;
    fn try_from(v: u8) -> Result<Self, String> {
        match v {
            0 => Ok(Level::Off),
            1 => Ok(Level::Block),
            2 => Ok(Level::Blacklist),
            n => Err(format!(
                "level {n} is out of range: 0 (off), 1 (block) or 2 (block and blacklist)"
            )),
        }
    }
}

impl From<Level> for u8 {
    fn from(l: Level) -> u8 {
        l as u8
    }
}

/// `SECURITY_CHECKS`: the level of each module. Defaults are the reference's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SecurityChecks {
    /// Request validation (unknown path or method). Default 1.
    pub path: Level,
    /// Forbidden headers. Default 0.
    pub headers: Level,
    /// Flood, brute force and error flood. Default 2.
    pub flood: Level,
    /// Host header spoofing. Default 0.
    pub spoofing: Level,
    /// Decoy paths. Default 2.
    pub decoy: Level,
    /// SQL injection. Default 2.
    pub sqli: Level,
    /// Cross-site scripting. Default 2.
    pub xss: Level,
    /// HTTP parameter pollution. Default 2.
    pub hpp: Level,
    /// Command injection. Default 2.
    pub command: Level,
    /// Data leak prevention on responses. Default 0.
    pub dlp: Level,
    /// *(rasp)* Format mismatch: a request body longer than `MAX_BODY_SIZE`
    /// that the application reads as values (a form, JSON, XML, text, or
    /// no declared type), of which rasp could judge only the first part: a
    /// payload placed after that much padding would reach the handler
    /// unjudged. Uploads (`multipart/form-data`, binary types) pass.
    /// Default 1.
    pub format: Level,
    /// *(rasp)* XML external entities: an XML body, or an XML document in
    /// any value, that declares an external entity (`<!ENTITY x SYSTEM
    /// "file:///etc/passwd">`), reads its document type from a `SYSTEM`
    /// address or uses XInclude: a parser that resolves them (libxml2 with
    /// entity substitution, Java's and .NET's defaults behind a gateway)
    /// reads files and URLs for the sender. Default 1.
    pub xxe: Level,
    /// *(rasp)* Path traversal: a value that climbs three directories or
    /// more (`../../../x`), or names a system file after a climb or as an
    /// absolute path (`../etc/passwd`, `/etc/passwd`, `C:\boot.ini`): what a
    /// handler that joins a value to a directory would read. Default 1.
    pub traversal: Level,
    /// *(rasp)* Server-side request forgery: a value holding a URL whose
    /// host is a cloud's instance metadata service in any writing
    /// (`http://169.254.169.254/latest/meta-data/`, `http://0xa9fea9fe/`,
    /// `http://metadata.google.internal/`), or a `gopher://` or `dict://`
    /// URL: what an application that fetches a URL it was given would hand
    /// the machine's cloud credentials to. Default 1.
    pub ssrf: Level,
    /// *(rasp)* NoSQL operator injection: a MongoDB query or update
    /// operator (`$ne`, `$gt`, `$regex`, `$where`, `$set`...) as a JSON key
    /// or as a parameter name, whole or bracketed (`password[$ne]`): what
    /// an application that hands a client's JSON to MongoDB as a filter
    /// would run. Default 1.
    pub nosql: Level,
}

impl Default for SecurityChecks {
    fn default() -> Self {
        SecurityChecks {
            path: Level::Block,
            headers: Level::Off,
            flood: Level::Blacklist,
            spoofing: Level::Off,
            decoy: Level::Blacklist,
            sqli: Level::Blacklist,
            xss: Level::Blacklist,
            hpp: Level::Blacklist,
            command: Level::Blacklist,
            dlp: Level::Off,
            format: Level::Block,
            xxe: Level::Block,
            traversal: Level::Block,
            ssrf: Level::Block,
            nosql: Level::Block,
        }
    }
}

/// Event log format (`LOG_FORMAT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(try_from = "String", into = "String")]
pub enum LogFormat {
    /// The reference's syslog line.
    #[default]
    Syslog,
    /// The reference's JSON document.
    Json,
}

impl TryFrom<String> for LogFormat {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "syslog" => Ok(LogFormat::Syslog),
            "json" => Ok(LogFormat::Json),
            _ => Err(format!(
                "unknown log format {s:?}: expected \"syslog\" or \"json\""
            )),
        }
    }
}

impl From<LogFormat> for String {
    fn from(f: LogFormat) -> String {
        match f {
            LogFormat::Syslog => "syslog".into(),
            LogFormat::Json => "json".into(),
        }
    }
}

/// Event log transport (`LOG_PROTOCOL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(try_from = "String", into = "String")]
pub enum LogProtocol {
    /// Syslog datagrams.
    #[default]
    Udp,
    /// Syslog over a TCP stream, one line per event.
    Tcp,
    /// JSON POSTed over HTTP.
    Http,
    /// JSON POSTed over HTTPS (rustls).
    Https,
}

impl TryFrom<String> for LogProtocol {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "udp" => Ok(LogProtocol::Udp),
            "tcp" => Ok(LogProtocol::Tcp),
            "http" => Ok(LogProtocol::Http),
            "https" => Ok(LogProtocol::Https),
            _ => Err(format!(
                "unknown log protocol {s:?}: expected \"udp\", \"tcp\", \"http\" or \"https\""
            )),
        }
    }
}

impl From<LogProtocol> for String {
    fn from(p: LogProtocol) -> String {
        match p {
            LogProtocol::Udp => "udp".into(),
            LogProtocol::Tcp => "tcp".into(),
            LogProtocol::Http => "http".into(),
            LogProtocol::Https => "https".into(),
        }
    }
}

/// The whole configuration. Field names are the reference's keys.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "SCREAMING_SNAKE_CASE")]
pub struct Config {
    /// Valid `Host` header values; empty disables the spoofing check.
    pub hosts: Vec<String>,
    /// Application name written in events.
    pub app_name: String,
    /// Body of the answer to a blocked request.
    pub gtfo_msg: String,
    /// Status of the answer to a blocked request.
    pub deny_status_code: u16,
    /// 0: start/stop; 10+: details and detections; 100+: configuration dump.
    pub verbose: u32,
    /// Also judge the base64-decoded form of values that look like base64.
    #[serde(rename = "DECODE_B64")]
    pub decode_b64: bool,
    /// Level of each check.
    pub security_checks: SecurityChecks,
    /// Source addresses (or CIDR ranges) that bypass every check.
    pub whitelist: Vec<String>,
    /// Path regexes that bypass every check, the blacklist included.
    pub ignore_paths: Vec<String>,
    /// Path regexes on which the flood check counts requests.
    #[serde(alias = "BRUTE_AND_FLOOD_PATH")]
    pub brute_and_flood_paths: Vec<String>,
    /// Flood window, seconds.
    pub flood_delay: u64,
    /// Requests allowed per source within `FLOOD_DELAY`.
    pub flood_ratio: u64,
    /// Error-flood window, seconds.
    pub error_flood_delay: u64,
    /// Error responses (status >= 400) allowed per source within `ERROR_FLOOD_DELAY`.
    pub error_flood_ratio: u64,
    /// How long a source stays blacklisted, seconds.
    pub blacklist_delay: u64,
    /// Do not block blacklisted sources (testing).
    pub blacklist_override: bool,
    /// Path prefixes that only scanners ask for.
    pub decoy_routes: Vec<String>,
    /// Minimum XSS model probability to block.
    pub xss_proba: f64,
    /// Values shorter than this skip the XSS model.
    pub min_xss_len: usize,
    /// Minimum SQLi model probability to block.
    pub sqli_proba: f64,
    /// Values shorter than this skip the SQLi model.
    pub min_sqli_len: usize,
    /// Data-leak prevention: phone numbers.
    pub dlp_phone_numbers: bool,
    /// Data-leak prevention: payment card numbers (Luhn-checked).
    pub dlp_cc_numbers: bool,
    /// Data-leak prevention: PEM private keys.
    pub dlp_private_keys: bool,
    /// Data-leak prevention: password hashes and hex digests.
    pub dlp_hashes: bool,
    /// Data-leak prevention: Windows credential dumps (pwdump lines).
    pub dlp_windows_creds: bool,
    /// Data-leak prevention: Linux `passwd` / `shadow` lines.
    pub dlp_linux_creds: bool,
    /// Send events to a log server.
    pub log_enabled: bool,
    /// `syslog` or `json`.
    pub log_format: LogFormat,
    /// Log server address or name.
    pub log_server: String,
    /// Log server port.
    pub log_port: u16,
    /// `udp`, `tcp`, `http` or `https`.
    pub log_protocol: LogProtocol,
    /// URL path for the http(s) log webhook.
    pub log_path: String,
    /// Resolve the country of the source (needs `GEOIP_DATABASE`).
    #[serde(alias = "RESOLBVE_COUNTRY")]
    pub resolve_country: bool,
    /// Rewrite the `Server` header of every response.
    pub change_server: bool,
    /// Value written in the `Server` header.
    pub server_header: String,
    /// Send status beacons to the management server.
    pub beacon: bool,
    /// Add telemetry to beacons.
    pub telemetry_data: bool,
    /// Where beacons are POSTed.
    pub beacon_url: String,
    /// Seconds between beacons.
    pub beacon_delay: u64,
    /// Share new blacklist entries in beacons.
    pub blacklist_share: bool,

    // ---- rasp extensions ----
    /// Header names that are refused when the `headers` check is on.
    pub forbidden_headers: Vec<String>,
    /// Proxies (addresses or CIDR ranges) whose `X-Forwarded-For` / `Forwarded` is believed.
    pub trusted_proxies: Vec<String>,
    /// Bytes of request (and response) body inspected. A longer request
    /// body is refused by the `format` check when the application reads it
    /// as values; an upload passes, its rest unjudged.
    pub max_body_size: usize,
    /// Sources tracked at once by the flood, error-flood and blacklist tables.
    pub max_tracked_sources: usize,
    /// Path of a MaxMind / DB-IP `.mmdb` country database for `RESOLVE_COUNTRY`.
    pub geoip_database: String,
    /// Events waiting to be sent before new ones are dropped (and counted).
    pub log_queue_size: usize,
    /// Path regexes of GraphQL endpoints: there the `query` of a request
    /// (a top-level JSON member, a query-string or form value, an
    /// `application/graphql` body) that lexes as a GraphQL document is
    /// judged by its string values (see the README); empty: never.
    pub graphql_paths: Vec<String>,
    /// Names of the fields whose values are HTML from a rich-text editor,
    /// shown as HTML: there markup is XSS only when it could run script
    /// (see the README); query, form and multipart names, JSON member keys.
    pub rich_text_fields: Vec<String>,
}

/// The reference's default `IGNORE_PATHS`.
pub fn default_ignore_paths() -> Vec<String> {
    ["^/favicon.ico$", "^/robots.txt$", "^/sitemap\\.(txt|xml)$"]
        .map(String::from)
        .to_vec()
}

/// The reference's default `DECOY_ROUTES` (with its `"/.aws/ "` typo fixed: the
/// trailing space could never match a request path).
pub fn default_decoy_routes() -> Vec<String> {
    [
        "/admin",
        "/login",
        "/logs",
        "/version",
        "/cgi-bin/",
        "/remote/",
        "/.env",
        "/owa/",
        "/autodiscover",
        "/Autodiscover",
        "/.git/",
        "/.aws/",
    ]
    .map(String::from)
    .to_vec()
}

/// The default `GRAPHQL_PATHS`: a path whose last segment is `graphql`
/// (`/graphql`, `/api/graphql`, `/v1/graphql/`) or Shopify's `graphql.json`.
pub fn default_graphql_paths() -> Vec<String> {
    vec!["/graphql(\\.json)?/?$".into()]
}

/// Headers refused by default when the `headers` check is on: request
/// overrides that let a client reach a path or method behind the
/// application's back, and the `Proxy` header of the httpoxy attack.
pub fn default_forbidden_headers() -> Vec<String> {
    [
        "x-original-url",
        "x-rewrite-url",
        "x-middleware-subrequest",
        "x-http-method-override",
        "x-http-method",
        "x-method-override",
        "proxy",
    ]
    .map(String::from)
    .to_vec()
}

impl Default for Config {
    fn default() -> Self {
        Config {
            hosts: Vec::new(),
            app_name: "Web Server".into(),
            gtfo_msg: "Blocked".into(),
            deny_status_code: 403,
            verbose: 0,
            decode_b64: true,
            security_checks: SecurityChecks::default(),
            whitelist: Vec::new(),
            ignore_paths: default_ignore_paths(),
            brute_and_flood_paths: vec!["^/".into()],
            flood_delay: 60,
            flood_ratio: 50,
            error_flood_delay: 10,
            error_flood_ratio: 100,
            blacklist_delay: 3600,
            blacklist_override: false,
            decoy_routes: default_decoy_routes(),
            xss_proba: 0.60,
            // The reference table says 16 for both; its own example file uses
            // 8 for SQLi. 16 lets `' or 1=1--` and `<x onxxx=1>` through, 8
            // lets `or 1=1`, `'or'1=1` and `' --` through; the models judge
            // short values well (trained on short attacks and on short
            // benign traps such as `d'Or` and `5' 10"`), so rasp uses 8 for
            // XSS and 4 for SQLi.
            min_xss_len: 8,
            sqli_proba: 0.725,
            min_sqli_len: 4,
            dlp_phone_numbers: false,
            dlp_cc_numbers: false,
            dlp_private_keys: false,
            dlp_hashes: false,
            dlp_windows_creds: false,
            dlp_linux_creds: false,
            log_enabled: false,
            log_format: LogFormat::Syslog,
            log_server: "127.0.0.1".into(),
            log_port: 514,
            log_protocol: LogProtocol::Udp,
            log_path: String::new(),
            resolve_country: true,
            change_server: true,
            server_header: "Apache".into(),
            beacon: false,
            telemetry_data: false,
            beacon_url: String::new(),
            beacon_delay: 30,
            blacklist_share: false,
            forbidden_headers: default_forbidden_headers(),
            trusted_proxies: Vec::new(),
            // axum's and actix-web's default body limit for their JSON and
            // form extractors: with the defaults, a body the `format` check
            // refuses is one those extractors refuse too.
            max_body_size: 2 * 1024 * 1024,
            max_tracked_sources: 100_000,
            geoip_database: String::new(),
            log_queue_size: 1024,
            graphql_paths: default_graphql_paths(),
            rich_text_fields: Vec::new(),
        }
    }
}

/// Spellings accepted besides the field names: the reference's own
/// (`BRUTE_AND_FLOOD_PATH` in its table, `RESOLBVE_COUNTRY` in its example).
const ALIASES: &[&str] = &["BRUTE_AND_FLOOD_PATH", "RESOLBVE_COUNTRY"];

/// Whether `key` is a configuration key: a field of `Config` as serde names
/// it (derived from the struct, so the list cannot drift) or an alias.
fn is_known_key(key: &str, fields: &serde_json::Map<String, Value>) -> bool {
    // An empty map would mean the struct did not serialize (it cannot: plain
    // types); then no key is dropped rather than every key.
    fields.is_empty() || fields.contains_key(key) || ALIASES.contains(&key)
}

/// A configuration file as pyrasp writes it: `{"config": {...}, "blacklist": {...}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigFile {
    /// The checked configuration.
    pub config: Config,
    /// Initial blacklist: source address -> epoch second of detection.
    pub blacklist: BTreeMap<String, u64>,
    /// Unknown keys, kept to be reported (they are ignored).
    pub warnings: Vec<String>,
}

impl Config {
    /// Reads and checks a pyrasp configuration file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<ConfigFile, ConfigError> {
        let path = path.as_ref();
        let text = std::fs::read(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_json_slice(&text)
    }

    /// Parses a pyrasp configuration document. Accepts the document with a
    /// `config` key (and optional `blacklist`), or a bare configuration object.
    pub fn from_json_slice(text: &[u8]) -> Result<ConfigFile, ConfigError> {
        let doc: Value =
            serde_json::from_slice(text).map_err(|e| ConfigError::Json(e.to_string()))?;
        Self::from_json_value(doc)
    }

    /// Same as [`Config::from_json_slice`] on an already parsed document.
    pub fn from_json_value(doc: Value) -> Result<ConfigFile, ConfigError> {
        let Value::Object(mut top) = doc else {
            return Err(ConfigError::Invalid {
                key: "(document)".into(),
                reason: "the configuration must be a JSON object".into(),
            });
        };
        let blacklist = match top.remove("blacklist") {
            None | Some(Value::Null) => BTreeMap::new(),
            Some(v) => parse_blacklist(v)?,
        };
        let cfg_value = match top.remove("config") {
            Some(v) => v,
            // A bare object of configuration keys is accepted too.
            None => Value::Object(top),
        };
        let Value::Object(mut map) = cfg_value else {
            return Err(ConfigError::Invalid {
                key: "config".into(),
                reason: "must be a JSON object".into(),
            });
        };
        let mut warnings = Vec::new();
        let fields = match serde_json::to_value(Config::default()) {
            Ok(Value::Object(f)) => f,
            _ => serde_json::Map::new(),
        };
        let unknown: Vec<String> = map
            .keys()
            .filter(|k| !is_known_key(k, &fields))
            .cloned()
            .collect();
        for k in unknown {
            map.remove(&k);
            warnings.push(format!("unknown configuration key {k:?} ignored"));
        }
        let config: Config = serde_path_to_error::deserialize(Value::Object(map)).map_err(|e| {
            let key = e.path().to_string();
            ConfigError::Invalid {
                key,
                reason: e.into_inner().to_string(),
            }
        })?;
        config.validate()?;
        Ok(ConfigFile {
            config,
            blacklist,
            warnings,
        })
    }

    /// Checks ranges and compiles every regex once, so that a bad value is
    /// reported by key at load time and never at request time.
    pub fn validate(&self) -> Result<(), ConfigError> {
        fn bad(key: &str, reason: impl Into<String>) -> ConfigError {
            ConfigError::Invalid {
                key: key.into(),
                reason: reason.into(),
            }
        }
        if !(100..=599).contains(&self.deny_status_code) {
            return Err(bad(
                "DENY_STATUS_CODE",
                format!("{} is not an HTTP status (100-599)", self.deny_status_code),
            ));
        }
        for (key, v) in [
            ("XSS_PROBA", self.xss_proba),
            ("SQLI_PROBA", self.sqli_proba),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(bad(
                    key,
                    format!("{v} is not a probability between 0 and 1"),
                ));
            }
        }
        for (key, v) in [
            ("FLOOD_DELAY", self.flood_delay),
            ("FLOOD_RATIO", self.flood_ratio),
            ("ERROR_FLOOD_DELAY", self.error_flood_delay),
            ("ERROR_FLOOD_RATIO", self.error_flood_ratio),
            ("BEACON_DELAY", self.beacon_delay),
        ] {
            if v == 0 {
                return Err(bad(key, "must be at least 1"));
            }
        }
        if self.log_port == 0 {
            return Err(bad("LOG_PORT", "must be a port between 1 and 65535"));
        }
        if self.max_tracked_sources == 0 {
            return Err(bad("MAX_TRACKED_SOURCES", "must be at least 1"));
        }
        if self.log_queue_size == 0 {
            return Err(bad("LOG_QUEUE_SIZE", "must be at least 1"));
        }
        if self.log_enabled {
            match (self.log_format, self.log_protocol) {
                (LogFormat::Syslog, LogProtocol::Http | LogProtocol::Https) => {
                    return Err(bad("LOG_PROTOCOL", "syslog events go over \"udp\" or \"tcp\"; use LOG_FORMAT \"json\" for http(s)"))
                }
                (LogFormat::Json, LogProtocol::Udp | LogProtocol::Tcp) => {
                    return Err(bad("LOG_PROTOCOL", "json events are POSTed over \"http\" or \"https\"; use LOG_FORMAT \"syslog\" for udp/tcp"))
                }
                _ => {}
            }
            if self.log_server.trim().is_empty() {
                return Err(bad("LOG_SERVER", "must be set when LOG_ENABLED is true"));
            }
        }
        for (key, list) in [
            ("IGNORE_PATHS", &self.ignore_paths),
            ("BRUTE_AND_FLOOD_PATHS", &self.brute_and_flood_paths),
            ("GRAPHQL_PATHS", &self.graphql_paths),
        ] {
            for (i, re) in list.iter().enumerate() {
                regex::Regex::new(re).map_err(|e| {
                    bad(&format!("{key}[{i}]"), format!("invalid regex {re:?}: {e}"))
                })?;
            }
        }
        for (key, list) in [
            ("WHITELIST", &self.whitelist),
            ("TRUSTED_PROXIES", &self.trusted_proxies),
        ] {
            for (i, s) in list.iter().enumerate() {
                crate::net::IpMatcher::parse(s)
                    .map_err(|reason| bad(&format!("{key}[{i}]"), reason))?;
            }
        }
        for (i, h) in self.forbidden_headers.iter().enumerate() {
            if h.is_empty() || !h.bytes().all(|b| b.is_ascii_graphic() && b != b':') {
                return Err(bad(
                    &format!("FORBIDDEN_HEADERS[{i}]"),
                    format!("{h:?} is not a header name"),
                ));
            }
        }
        if self.beacon && self.beacon_url.trim().is_empty() {
            return Err(bad("BEACON_URL", "must be set when BEACON is true"));
        }
        Ok(())
    }

    /// Reads the configuration named by the environment: `PYRASP_CONF` or
    /// `RASP_CONF` (a file path). Returns `None` when neither is set.
    pub fn from_env() -> Option<Result<ConfigFile, ConfigError>> {
        env_any(&["RASP_CONF", "PYRASP_CONF"]).map(|p| Self::from_file(PathBuf::from(p)))
    }
}

fn parse_blacklist(v: Value) -> Result<BTreeMap<String, u64>, ConfigError> {
    let bad = |reason: String| ConfigError::Invalid {
        key: "blacklist".into(),
        reason,
    };
    let Value::Object(map) = v else {
        return Err(bad("must be an object of \"<ip>\": <epoch seconds>".into()));
    };
    let mut out = BTreeMap::new();
    for (ip, t) in map {
        if ip.parse::<std::net::IpAddr>().is_err() {
            return Err(bad(format!("{ip:?} is not an IP address")));
        }
        let t = t
            .as_f64()
            .filter(|t| *t >= 0.0)
            .ok_or_else(|| bad(format!("the time of {ip} must be epoch seconds")))?;
        out.insert(ip, t as u64);
    }
    Ok(out)
}

/// Where an agent takes its configuration from, as the environment says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EnvSettings {
    /// `RASP_CONF` / `PYRASP_CONF`.
    pub conf: Option<String>,
    /// `RASP_CLOUD_URL` / `PYRASP_CLOUD_URL`.
    pub cloud_url: Option<String>,
    /// `RASP_KEY` / `PYRASP_KEY`.
    pub key: Option<String>,
}

impl EnvSettings {
    /// Reads the variables; the `RASP_*` name wins over the `PYRASP_*` one.
    pub fn read() -> Self {
        EnvSettings {
            conf: env_any(&["RASP_CONF", "PYRASP_CONF"]),
            cloud_url: env_any(&["RASP_CLOUD_URL", "PYRASP_CLOUD_URL"]),
            key: env_any(&["RASP_KEY", "PYRASP_KEY"]),
        }
    }
}

fn env_any(names: &[&str]) -> Option<String> {
    names
        .iter()
        .find_map(|n| std::env::var(n).ok().filter(|v| !v.trim().is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(s: &str) -> Result<ConfigFile, ConfigError> {
        Config::from_json_slice(s.as_bytes())
    }

    #[test]
    fn defaults_match_reference_table() {
        let c = Config::default();
        assert_eq!(c.deny_status_code, 403);
        assert_eq!(c.gtfo_msg, "Blocked");
        assert_eq!(c.flood_delay, 60);
        assert_eq!(c.flood_ratio, 50);
        assert_eq!(c.error_flood_ratio, 100);
        assert_eq!(c.blacklist_delay, 3600);
        assert_eq!(c.security_checks.path, Level::Block);
        assert_eq!(c.security_checks.headers, Level::Off);
        assert_eq!(c.security_checks.dlp, Level::Off);
        assert_eq!(c.security_checks.sqli, Level::Blacklist);
        // Deliberately below the reference (README, "Thresholds").
        assert_eq!(c.min_sqli_len, 4);
        assert_eq!(c.log_port, 514);
        assert_eq!(c.server_header, "Apache");
        c.validate().unwrap();
    }

    #[test]
    fn reference_example_file_loads() {
        let f = load(include_str!("../tests/fixtures/reference-rasp.json")).unwrap();
        assert_eq!(f.config.hosts, vec!["mysite.mydomain.com"]);
        assert_eq!(f.config.verbose, 10);
        assert_eq!(f.config.security_checks.path, Level::Blacklist);
        assert_eq!(f.config.min_sqli_len, 8);
        // The reference example spells RESOLBVE_COUNTRY; it is accepted.
        assert!(!f.config.resolve_country);
        assert!(f.warnings.is_empty(), "{:?}", f.warnings);
    }

    #[test]
    fn partial_config_keeps_defaults() {
        let f = load(r#"{"config": {"FLOOD_RATIO": 5, "SECURITY_CHECKS": {"dlp": 1}}}"#).unwrap();
        assert_eq!(f.config.flood_ratio, 5);
        assert_eq!(f.config.flood_delay, 60);
        assert_eq!(f.config.security_checks.dlp, Level::Block);
        assert_eq!(f.config.security_checks.sqli, Level::Blacklist);
    }

    #[test]
    fn bare_object_and_blacklist() {
        let f = load(r#"{"config": {}, "blacklist": {"10.0.0.1": 1700000000}}"#).unwrap();
        assert_eq!(f.blacklist.get("10.0.0.1"), Some(&1_700_000_000));
        let f = load(r#"{"APP_NAME": "bare"}"#).unwrap();
        assert_eq!(f.config.app_name, "bare");
    }

    #[test]
    fn errors_name_the_key() {
        let cases = [
            (r#"{"config": {"FLOOD_RATIO": "ten"}}"#, "FLOOD_RATIO"),
            (
                r#"{"config": {"SECURITY_CHECKS": {"sqli": 7}}}"#,
                "SECURITY_CHECKS.sqli",
            ),
            (r#"{"config": {"SQLI_PROBA": 1.5}}"#, "SQLI_PROBA"),
            (
                r#"{"config": {"IGNORE_PATHS": ["^/ok", "(unclosed"]}}"#,
                "IGNORE_PATHS[1]",
            ),
            (
                r#"{"config": {"GRAPHQL_PATHS": ["/graphql", "(unclosed"]}}"#,
                "GRAPHQL_PATHS[1]",
            ),
            (r#"{"config": {"LOG_PORT": 70000}}"#, "LOG_PORT"),
            (r#"{"config": {"LOG_FORMAT": "xml"}}"#, "LOG_FORMAT"),
            (
                r#"{"config": {"WHITELIST": ["not-an-ip"]}}"#,
                "WHITELIST[0]",
            ),
            (
                r#"{"config": {"DENY_STATUS_CODE": 42}}"#,
                "DENY_STATUS_CODE",
            ),
            (r#"{"config": {"FLOOD_DELAY": 0}}"#, "FLOOD_DELAY"),
            (r#"{"config": 3}"#, "config"),
            (r#"{"config": {}, "blacklist": {"x": 1}}"#, "blacklist"),
        ];
        for (doc, key) in cases {
            match load(doc) {
                Err(ConfigError::Invalid { key: k, reason }) => {
                    assert_eq!(k, key, "{doc}: {reason}");
                    assert!(!reason.is_empty());
                }
                other => panic!("{doc}: expected an error on {key}, got {other:?}"),
            }
        }
    }

    #[test]
    fn bad_json_and_missing_file() {
        assert!(matches!(load("{not json"), Err(ConfigError::Json(_))));
        let e = Config::from_file("/nonexistent/rasp.json").unwrap_err();
        assert!(e.to_string().contains("/nonexistent/rasp.json"), "{e}");
    }

    #[test]
    fn unknown_key_is_a_warning() {
        let f = load(r#"{"config": {"NEW_FEATURE": 1, "APP_NAME": "x"}}"#).unwrap();
        assert_eq!(f.config.app_name, "x");
        assert_eq!(f.warnings.len(), 1);
        assert!(f.warnings[0].contains("NEW_FEATURE"));
    }

    #[test]
    fn case_insensitive_enums() {
        let f = load(r#"{"config": {"LOG_FORMAT": "Syslog", "LOG_PROTOCOL": "UDP"}}"#).unwrap();
        assert_eq!(f.config.log_format, LogFormat::Syslog);
        assert_eq!(f.config.log_protocol, LogProtocol::Udp);
    }

    #[test]
    fn roundtrip_serialization() {
        let c = Config::default();
        let v = serde_json::to_value(&c).unwrap();
        assert!(v.get("SECURITY_CHECKS").is_some());
        assert!(v.get("DECODE_B64").is_some());
        let back = Config::from_json_value(serde_json::json!({ "config": v })).unwrap();
        assert_eq!(back.config, c);
    }
}
