//! The engine: the active configuration, the per-source state, and the order
//! in which checks judge a request or a response.

use std::borrow::Cow;
use std::cell::RefCell;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use arc_swap::ArcSwap;
use bytes::Bytes;
use regex::RegexSet;

use crate::blacklist::{Blacklist, Stats};
use crate::checks::command::CommandInjection;
use crate::checks::decoy::Decoy;
use crate::checks::dlp::DataLeak;
use crate::checks::flood::{FloodCounter, Limit};
use crate::checks::headers::ForbiddenHeaders;
use crate::checks::hpp;
use crate::checks::injection::{self, ValueDetector};
use crate::checks::spoofing::HostSpoofing;
use crate::config::{Config, ConfigFile, EnvSettings, Level};
use crate::decode;
use crate::error::ConfigError;
use crate::event::Event;
use crate::net::IpList;
use crate::request::{Head, Parsed, Request, Response, Target};
use crate::route::{RouteHint, RouteTable};
use crate::sink::{EventSink, SinkSettings};
use crate::verdict::{Check, Detection, Location, Verdict};

/// A configuration with everything compiled that requests need: regexes,
/// address lists, data-leak patterns. Built once per configuration change.
struct Active {
    config: Config,
    ignore: PathPatterns,
    flood_paths: PathPatterns,
    graphql_paths: PathPatterns,
    whitelist: IpList,
    trusted: IpList,
    headers: ForbiddenHeaders,
    spoofing: HostSpoofing,
    decoy: Decoy,
    dlp: DataLeak,
    /// The plugged-in detectors this configuration turns on, with their
    /// level, threshold and minimum length, so requests do not sort them out.
    detectors: Vec<EnabledDetector>,
    /// `SERVER_HEADER` when `CHANGE_SERVER` is on, shared with every response.
    server: Option<Bytes>,
    /// The verdicts of this configuration in the clean-value cache.
    clean: CleanCache,
    shared: Arc<Shared>,
}

struct EnabledDetector {
    detector: Arc<dyn ValueDetector>,
    level: Level,
    proba: f64,
    min_len: usize,
}

impl Active {
    /// Compiles a configuration its caller validated.
    fn compile(config: Config, shared: Arc<Shared>) -> Result<Self, ConfigError> {
        let checks = &config.security_checks;
        let enabled = shared
            .detectors
            .iter()
            .filter_map(|d| {
                let (level, proba, min_len) = match d.check() {
                    Check::Sqli => (checks.sqli, config.sqli_proba, config.min_sqli_len),
                    Check::Xss => (checks.xss, config.xss_proba, config.min_xss_len),
                    _ => return None,
                };
                level.enabled().then(|| EnabledDetector {
                    detector: d.clone(),
                    level,
                    proba,
                    min_len,
                })
            })
            .collect();
        let set = |key: &str, list: &[String]| {
            let set = RegexSet::new(list).map_err(|e| ConfigError::Invalid {
                key: key.into(),
                reason: e.to_string(),
            })?;
            Ok::<_, ConfigError>(PathPatterns {
                set,
                every_rooted_path: list.iter().any(|p| p == "^/"),
            })
        };
        Ok(Active {
            server: config
                .change_server
                .then(|| server_bytes(&config.server_header)),
            ignore: set("IGNORE_PATHS", &config.ignore_paths)?,
            flood_paths: set("BRUTE_AND_FLOOD_PATHS", &config.brute_and_flood_paths)?,
            graphql_paths: set("GRAPHQL_PATHS", &config.graphql_paths)?,
            whitelist: IpList::new(&config.whitelist),
            trusted: IpList::new(&config.trusted_proxies),
            headers: ForbiddenHeaders::new(&config.forbidden_headers),
            spoofing: HostSpoofing::new(&config.hosts),
            decoy: Decoy::new(&config.decoy_routes),
            dlp: DataLeak::new(&config),
            detectors: enabled,
            clean: CleanCache::new(),
            config,
            shared,
        })
    }
}

/// Path patterns (`IGNORE_PATHS`, `BRUTE_AND_FLOOD_PATHS`). The reference
/// default `^/` matches every path and is answered without the regex engine.
struct PathPatterns {
    set: RegexSet,
    every_rooted_path: bool,
}

impl PathPatterns {
    fn is_match(&self, path: &str) -> bool {
        (self.every_rooted_path && path.starts_with('/')) || self.set.is_match(path)
    }
}

/// Header-borne values (`User-Agent`, `Referer`, cookies) already judged
/// clean under one configuration. They repeat on every request of a client,
/// and scoring them is most of the cost of a small request. The values
/// themselves are kept and compared, so no crafted value can pass for a
/// cached one; the hasher is seeded per set, values longer than
/// `CLEAN_CACHE_MAX_LEN` are not kept, and a set is simply emptied when full.
///
/// The sets are per thread. The most common values are the same for every
/// client (one app's User-Agent, a site's Referer), so a set shared by the
/// worker threads put them all on one lock for the same entry: two threads
/// judging a small GET with one engine took 12 % longer per request than
/// with an engine each (`cargo bench -p rasp-core --bench pipeline --
/// pipeline_parallel`), and a lock shared by more cores costs more.
///
/// Each compiled configuration has its own epoch, a number no other one in
/// the process has, and a thread keeps the sets of its last
/// `CLEAN_CACHE_ENGINES` epochs. A verdict is cached under the epoch of the
/// configuration it was judged with, so one judged just before a change of
/// configuration can never pass for a verdict of the new one, and another
/// engine in the same process has sets of its own.
///
/// Memory: a set holds at most `CLEAN_CACHE_BYTES` of values, counting
/// `CLEAN_CACHE_ENTRY_COST` bytes more for each entry's slot, and is simply
/// emptied when the next value would pass that; so a thread holds at most
/// 4 x 64 KiB of values (and the tables' slots for them), whatever the
/// clients send, and a server's cache grows with its worker threads only.
struct CleanCache {
    epoch: u64,
}

type CleanSet = std::collections::HashSet<Box<str>, foldhash::fast::RandomState>;

/// One thread's set for one epoch, and the bytes it is counted at.
struct ThreadSet {
    epoch: u64,
    values: CleanSet,
    bytes: usize,
}

const CLEAN_CACHE_ENGINES: usize = 4;
const CLEAN_CACHE_BYTES: usize = 64 * 1024;
const CLEAN_CACHE_ENTRY_COST: usize = 32;
const CLEAN_CACHE_MAX_LEN: usize = 512;

static NEXT_CLEAN_EPOCH: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// This thread's sets, oldest epoch first.
    static CLEAN_SETS: RefCell<Vec<ThreadSet>> = const { RefCell::new(Vec::new()) };
}

impl CleanCache {
    fn new() -> Self {
        CleanCache {
            epoch: NEXT_CLEAN_EPOCH.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// Runs `f` on this thread's set for this epoch, unless `v` is too long
    /// to be kept.
    fn with_set<R>(&self, v: &str, f: impl FnOnce(&mut ThreadSet) -> R) -> Option<R> {
        if v.len() > CLEAN_CACHE_MAX_LEN {
            return None;
        }
        CLEAN_SETS
            .try_with(|sets| {
                let mut sets = sets.try_borrow_mut().ok()?;
                let i = match sets.iter().position(|s| s.epoch == self.epoch) {
                    Some(i) => i,
                    None => {
                        if sets.len() >= CLEAN_CACHE_ENGINES {
                            sets.remove(0);
                        }
                        sets.push(ThreadSet {
                            epoch: self.epoch,
                            values: CleanSet::default(),
                            bytes: 0,
                        });
                        sets.len() - 1
                    }
                };
                Some(f(&mut sets[i]))
            })
            .ok()
            .flatten()
    }

    fn contains(&self, v: &str) -> bool {
        self.with_set(v, |s| s.values.contains(v)).unwrap_or(false)
    }

    fn insert(&self, v: &str) {
        self.with_set(v, |s| {
            let cost = v.len() + CLEAN_CACHE_ENTRY_COST;
            if s.bytes + cost > CLEAN_CACHE_BYTES {
                s.values.clear();
                s.bytes = 0;
            }
            if s.values.insert(v.into()) {
                s.bytes += cost;
            }
        });
    }
}

/// A callback for every event.
type Observer = Arc<dyn Fn(&Event) + Send + Sync>;

struct Inner {
    active: ArcSwap<Active>,
    shared: Arc<Shared>,
}

/// What every configuration shares: the per-source state, counters, event
/// sink and route table. Each [`Active`] holds it too, so that an
/// [`Exchange`] needs one handle, its configuration's, not the engine's as
/// well: one shared count less to raise and drop a request, a cache line
/// every worker thread writes.
struct Shared {
    routes: ArcSwap<RouteTable>,
    flood: FloodCounter,
    blacklist: Blacklist,
    stats: Stats,
    detectors: Vec<Arc<dyn ValueDetector>>,
    command: &'static CommandInjection,
    sink: ArcSwap<EventSink>,
    observer: Option<Observer>,
}

/// The rasp engine. Cheap to clone; every clone shares state.
///
/// ```
/// use rasp_core::{Config, Rasp, Request, Verdict};
///
/// let rasp = Rasp::new(Config::default()).unwrap();
/// let req = Request::new("GET", "/search?q=%3B%20cat%20%2Fetc%2Fpasswd", "203.0.113.7".parse().unwrap());
/// match rasp.check_request(&req) {
///     Verdict::Block(d) => assert_eq!(d.check.as_str(), "command"),
///     Verdict::Allow => panic!("not blocked"),
/// }
/// ```
#[derive(Clone)]
pub struct Rasp {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Rasp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rasp").finish_non_exhaustive()
    }
}

/// Builds a [`Rasp`] with routes, detectors, an initial blacklist or an event observer.
#[derive(Default)]
pub struct RaspBuilder {
    config: Config,
    blacklist: Vec<(IpAddr, u64)>,
    detectors: Vec<Arc<dyn ValueDetector>>,
    routes: RouteTable,
    observer: Option<Observer>,
    source: Option<String>,
    warnings: Vec<String>,
    no_builtin: bool,
}

impl RaspBuilder {
    /// Uses this configuration.
    pub fn config(mut self, config: Config) -> Self {
        self.config = config;
        self
    }

    /// Uses a parsed configuration file, with its blacklist and warnings.
    pub fn config_file(mut self, file: ConfigFile) -> Self {
        self.config = file.config;
        self.warnings = file.warnings;
        self.blacklist = file
            .blacklist
            .iter()
            .filter_map(|(ip, t)| ip.parse().ok().map(|ip| (ip, *t)))
            .collect();
        self
    }

    /// Where the configuration came from, for the start-up banner.
    pub fn source(mut self, source: impl Into<String>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// Adds an SQL-injection or XSS detector.
    pub fn detector(mut self, d: Arc<dyn ValueDetector>) -> Self {
        self.detectors.push(d);
        self
    }

    /// Leaves out the built-in SQLi and XSS models (to plug others instead).
    pub fn without_builtin_detectors(mut self) -> Self {
        self.no_builtin = true;
        self
    }

    /// Sets the application's routes for request validation.
    pub fn routes(mut self, routes: RouteTable) -> Self {
        self.routes = routes;
        self
    }

    /// Calls `f` for every event, on the request's thread (keep it cheap).
    pub fn observer(mut self, f: impl Fn(&Event) + Send + Sync + 'static) -> Self {
        self.observer = Some(Arc::new(f));
        self
    }

    /// Checks the configuration and starts the engine (and its event thread).
    pub fn build(self) -> Result<Rasp, ConfigError> {
        let mut detectors = self.detectors;
        if !self.no_builtin {
            let (sqli, xss) = crate::ml::builtin();
            detectors.insert(0, xss);
            detectors.insert(0, sqli);
        }
        // Checked once, here, before the shared state is made (it starts
        // the event sink); `Active::compile` takes it as checked.
        self.config.validate()?;
        let cfg = &self.config;
        let cap = cfg.max_tracked_sources;
        let blacklist = Blacklist::new(cap, cfg.blacklist_delay);
        for (ip, t) in self.blacklist {
            blacklist.add(ip, t, false);
        }
        let command = CommandInjection::system();
        banner(cfg, self.source.as_deref(), &self.warnings, &detectors);
        let sink = EventSink::start(SinkSettings::of(cfg));
        let shared = Arc::new(Shared {
            flood: FloodCounter::new(cap),
            blacklist,
            stats: Stats::default(),
            detectors,
            command,
            sink: ArcSwap::from_pointee(sink),
            routes: ArcSwap::from_pointee(self.routes),
            observer: self.observer,
        });
        let active = Active::compile(self.config, shared.clone())?;
        Ok(Rasp {
            inner: Arc::new(Inner {
                active: ArcSwap::from_pointee(active),
                shared,
            }),
        })
    }
}

fn banner(
    cfg: &Config,
    source: Option<&str>,
    warnings: &[String],
    detectors: &[Arc<dyn ValueDetector>],
) {
    // The reference prints its banner; a library should not write to stdout,
    // so it goes to stderr, and to `tracing` for structured logs.
    eprintln!("### rasp v{} ##########", env!("CARGO_PKG_VERSION"));
    eprintln!("[+] Starting rasp");
    eprintln!(
        "[+] Loading configuration from {}",
        source.unwrap_or("defaults")
    );
    for w in warnings {
        eprintln!("[!] {w}");
        tracing::warn!("rasp: {w}");
    }
    if cfg.verbose >= 10 {
        for d in detectors {
            eprintln!("[+] {} model loaded", d.check().as_str().to_uppercase());
        }
        if cfg.log_enabled {
            eprintln!("[+] Starting logging process");
        }
    }
    if cfg.verbose >= 100 {
        if let Ok(s) = serde_json::to_string_pretty(cfg) {
            eprintln!("{s}");
        }
    }
    eprintln!("[+] rasp successfully started");
    eprintln!("############################");
    tracing::info!(source = source.unwrap_or("defaults"), "rasp started");
}

/// `FLOOD_DELAY` and `FLOOD_RATIO`.
fn request_limit(cfg: &Config) -> Limit {
    Limit {
        delay_s: cfg.flood_delay,
        ratio: cfg.flood_ratio,
    }
}

/// `ERROR_FLOOD_DELAY` and `ERROR_FLOOD_RATIO`.
fn error_limit(cfg: &Config) -> Limit {
    Limit {
        delay_s: cfg.error_flood_delay,
        ratio: cfg.error_flood_ratio,
    }
}

impl Rasp {
    /// An engine with this configuration, no routes and no ML detectors.
    pub fn new(config: Config) -> Result<Rasp, ConfigError> {
        Self::builder().config(config).build()
    }

    /// A builder.
    pub fn builder() -> RaspBuilder {
        RaspBuilder::default()
    }

    /// An engine configured from a pyrasp configuration file.
    pub fn from_file(path: impl AsRef<std::path::Path>) -> Result<Rasp, ConfigError> {
        Self::builder_from_file(path)?.build()
    }

    /// A builder loaded from a configuration file (to add routes or detectors).
    pub fn builder_from_file(
        path: impl AsRef<std::path::Path>,
    ) -> Result<RaspBuilder, ConfigError> {
        let path = path.as_ref();
        let file = Config::from_file(path)?;
        Ok(Self::builder()
            .config_file(file)
            .source(path.display().to_string()))
    }

    /// A builder configured from `RASP_CONF` / `PYRASP_CONF`, or the defaults
    /// when neither is set. (Cloud settings are read by `rasp-cloud`.)
    pub fn builder_from_env() -> Result<RaspBuilder, ConfigError> {
        match EnvSettings::read().conf {
            Some(p) => Self::builder_from_file(p),
            None => Ok(Self::builder()),
        }
    }

    /// The configuration in force (a copy).
    pub fn config(&self) -> Config {
        self.inner.active.load().config.clone()
    }

    /// Replaces the configuration atomically: requests in flight finish with
    /// the old one, the next ones see the new one, none is stopped. The event
    /// sink restarts only if its settings changed. On error nothing changes.
    pub fn set_config(&self, config: Config) -> Result<(), ConfigError> {
        config.validate()?;
        let active = Active::compile(config, self.inner.shared.clone())?;
        let settings = SinkSettings::of(&active.config);
        self.inner
            .shared
            .blacklist
            .set_delay(active.config.blacklist_delay);
        if self.inner.shared.sink.load().settings != settings {
            self.inner
                .shared
                .sink
                .store(Arc::new(EventSink::start(settings)));
        }
        // The new configuration has a clean-value cache epoch of its own:
        // verdicts cached under the old one are not found.
        self.inner.active.store(Arc::new(active));
        Ok(())
    }

    /// Replaces the application's route table.
    pub fn set_routes(&self, routes: RouteTable) {
        self.inner.shared.routes.store(Arc::new(routes));
    }

    /// The blacklist (for the cloud agent and administration).
    pub fn blacklist(&self) -> &Blacklist {
        &self.inner.shared.blacklist
    }

    /// Request counters (for telemetry).
    pub fn stats(&self) -> &Stats {
        &self.inner.shared.stats
    }

    /// The status and body that answer a blocked request.
    pub fn deny(&self) -> (u16, String) {
        let a = self.inner.active.load();
        (a.config.deny_status_code, a.config.gtfo_msg.clone())
    }

    /// The `Server` header to write on every response, when `CHANGE_SERVER` is on.
    pub fn server_header(&self) -> Option<String> {
        let a = self.inner.active.load();
        a.server
            .as_ref()
            .map(|b| String::from_utf8_lossy(b).into_owned())
    }

    /// [`Rasp::server_header`] as shared bytes: a reference count, not a
    /// copy, per response (`http::HeaderValue::from_maybe_shared` takes it
    /// as is).
    pub fn server_header_bytes(&self) -> Option<Bytes> {
        self.inner.active.load().server.clone()
    }

    /// Bytes of request body to read for inspection.
    pub fn max_body_size(&self) -> usize {
        self.inner.active.load().config.max_body_size
    }

    /// Starts judging one exchange, `req` and then its response, under the
    /// configuration live now: see [`Exchange`], which adapters use. The
    /// methods of `Rasp` that take a request each load the live
    /// configuration and find the client and its exemption again.
    pub fn exchange(&self, req: &Request) -> Exchange {
        let active = self.inner.active.load_full();
        let client = req.client_ip(&active.trusted);
        let exempt = exempt(&active, req, client);
        Exchange {
            active,
            client,
            exempt,
        }
    }

    /// Whether the request bypasses every check (`IGNORE_PATHS`, `WHITELIST`).
    /// Adapters may use it to skip reading the body.
    pub fn is_exempt(&self, req: &Request) -> bool {
        let a = self.inner.active.load();
        exempt(&a, req, req.client_ip(&a.trusted))
    }

    /// Judges a request. Checks run cheapest first and stop at the first block.
    pub fn check_request(&self, req: &Request) -> Verdict {
        let a = self.inner.active.load();
        let client = req.client_ip(&a.trusted);
        self.inner
            .shared
            .request_verdict(&a, req, client, exempt(&a, req, client))
    }

    /// Judges the body of a request whose other parts [`Rasp::check_request`]
    /// judged with the body cut short, for an adapter that can read the whole
    /// body only later (rocket's fairing peeks at 512 bytes; its
    /// `Judged` data guard reads the rest). Only what the body holds is
    /// asked again (its values, and parameter pollution over its names):
    /// the request is not counted a second time for flood, and the header,
    /// Host, path and decoy checks, which ran once, are not repeated.
    pub fn check_request_body(&self, req: &Request) -> Verdict {
        let a = self.inner.active.load();
        let client = req.client_ip(&a.trusted);
        self.inner
            .shared
            .body_verdict(&a, req, client, exempt(&a, req, client))
    }
}

/// The checks, over the state every configuration shares.
impl Shared {
    fn request_verdict(&self, a: &Active, req: &Request, client: IpAddr, exempt: bool) -> Verdict {
        if exempt {
            return Verdict::Allow;
        }
        match self.judge_request(a, req, client) {
            Some((d, level)) => self.block(a, client, d, level, req.body_truncated()),
            None => Verdict::Allow,
        }
    }

    fn body_verdict(&self, a: &Active, req: &Request, client: IpAddr, exempt: bool) -> Verdict {
        if exempt {
            return Verdict::Allow;
        }
        let (inflated, too_long) = read_body(&a.config, req);
        let req = inflated.as_deref().unwrap_or(req);
        let parsed = Parsed::parse(req);
        let checks = &a.config.security_checks;
        let found = too_long
            .or_else(|| {
                checks
                    .hpp
                    .enabled()
                    .then(|| hpp::check(parsed.parameter_names()).map(|d| (d, checks.hpp)))
                    .flatten()
            })
            .or_else(|| self.judge_values(a, req, &parsed));
        match found {
            Some((d, level)) => self.block(a, client, d, level, req.body_truncated()),
            None => Verdict::Allow,
        }
    }

    fn judge_request(
        &self,
        a: &Active,
        req: &Request,
        client: IpAddr,
    ) -> Option<(Detection, Level)> {
        let cfg = &a.config;
        let checks = &cfg.security_checks;
        let now = crate::clock::now_ms();

        if !cfg.blacklist_override && self.blacklist.contains(client, now / 1000) {
            return Some((
                Detection::new(Check::Blacklist, Location::SourceIp, client.to_string()),
                Level::Block,
            ));
        }
        // Requests on the paths `FLOOD_PATHS` names are counted; every
        // request of a source over either limit is refused.
        if checks.flood.enabled()
            && self.flood.request(
                client,
                now,
                a.flood_paths.is_match(req.path()),
                request_limit(cfg),
                error_limit(cfg),
            )
        {
            return Some((
                Detection::new(Check::Flood, Location::SourceIp, client.to_string()),
                checks.flood,
            ));
        }
        if checks.spoofing.enabled() {
            if let Some(d) = a.spoofing.check(req) {
                return Some((d, checks.spoofing));
            }
        }
        if checks.headers.enabled() {
            if let Some(d) = a.headers.check(req) {
                return Some((d, checks.headers));
            }
        }

        let (inflated, too_long) = read_body(cfg, req);
        if too_long.is_some() {
            return too_long;
        }
        let req = inflated.as_deref().unwrap_or(req);
        let route = match req.route() {
            RouteHint::Unknown => self.routes.load().check(req.method(), req.path()),
            known => known,
        };
        if checks.decoy.enabled() && route != RouteHint::Matched {
            // Cleaned here, not with the targets: a routed path (most
            // requests) is no decoy, and needs no cleaning (~110
            // instructions a GET, callgrind).
            let clean = crate::request::clean_path(req.path());
            if a.decoy.matches(&clean).is_some() {
                return Some((
                    Detection::new(Check::Decoy, Location::Path, clean.into_owned()),
                    checks.decoy,
                ));
            }
        }
        if checks.path.enabled() {
            match route {
                RouteHint::NoRoute => {
                    return Some((
                        Detection::new(Check::Path, Location::Path, req.path()),
                        checks.path,
                    ));
                }
                RouteHint::MethodNotAllowed => {
                    return Some((
                        Detection::new(Check::Path, Location::Request, req.method()),
                        checks.path,
                    ));
                }
                RouteHint::Matched | RouteHint::Unknown => {}
            }
        }
        // The targets are made for the checks that read them only: with
        // every check at 0 they were a quarter of what rasp cost a GET
        // (callgrind, actix demo). Made straight into their binding: made
        // into an `Option` earlier, they were copied out of the function's
        // answer in wider pieces than it was written, a store-forwarding
        // stall (perf annotate, `profile get`).
        if !(checks.hpp.enabled() || value_checks_on(a)) {
            return None;
        }
        let parsed = Parsed::parse(req);
        if checks.hpp.enabled() {
            if let Some(d) = hpp::check(parsed.parameter_names()) {
                return Some((d, checks.hpp));
            }
        }
        self.judge_values(a, req, &parsed)
    }

    /// Command injection, then the plugged-in detectors (SQLi, XSS), over
    /// every target, in its decoded forms.
    fn judge_values(
        &self,
        a: &Active,
        req: &Request,
        parsed: &Parsed<'_>,
    ) -> Option<(Detection, Level)> {
        let xxe = a.config.security_checks.xxe;
        if !value_checks_on(a) {
            return None;
        }
        if xxe.enabled() {
            if let Some(found) = xxe_in_body(parsed) {
                return Some((found, xxe));
            }
        }
        let mut seen = Seen::expecting(parsed.targets.len(), parsed.json_body());
        let mut graphql = GraphqlEndpoint::new(a, req);
        for t in &parsed.targets {
            if injection::is_plain(&t.text, a.config.decode_b64) {
                continue;
            }
            if let Some(values) = graphql.document(t) {
                if let Some(found) = self.judge_graphql(a, req, t, values, &mut seen) {
                    return Some(found);
                }
                continue;
            }
            if let Some(found) = self.judge_target(a, req, t, Some(t.text.as_ref()), &mut seen) {
                return Some(found);
            }
        }
        // A JSON body's targets come one at a time (see `Parsed`). Whether
        // the path is a GraphQL endpoint is asked once before them rather
        // than at each string that might be a document: 19,500
        // instructions on a 64 KiB JSON order (`profile json64k`).
        let on_graphql = parsed.has_json() && graphql.decide();
        let mut found = None;
        // The walker classes each string's bytes as it reads them, so that
        // plain ones are left out there and the rest need no second test,
        // but for those with an apostrophe (see below).
        let decode_b64 = a.config.decode_b64;
        let plain = |classes, text: &str| injection::is_plain_given(classes, text, decode_b64);
        parsed.for_each_json_target(&injection::PLAIN_CLASSES_UNQUOTED, plain, |t| {
            if on_graphql {
                if let Some(values) = graphql.document(t) {
                    found = self.judge_graphql(a, req, t, values, &mut seen);
                    return found.is_none();
                }
            }
            // A value (never a NoSQL operator, unlike a key) equal to the
            // last text judged: judged already. ~12 % of a 64 KiB order's
            // strings are its repeated note.
            if t.location == Location::JsonValues && seen.is_last(&t.text) {
                return true;
            }
            let keep = match &t.text {
                Cow::Borrowed(text) => Some(*text),
                Cow::Owned(_) => None,
            };
            // A plain string with an apostrophe (`O'Brien's choice`) comes
            // here untested (see `PLAIN_CLASSES_UNQUOTED`): tested now, and
            // remembered as judged, so that its repeats stop at the test
            // above.
            if memchr::memchr(b'\'', t.text.as_bytes()).is_some()
                && injection::is_plain(&t.text, decode_b64)
            {
                seen.first_time(&t.text, keep);
                return true;
            }
            // Kept only when something was found: assigning every `None`
            // copied the whole answer through memory the callee had just
            // written in smaller pieces, a stall on each judged string
            // (perf, `profile json64k 20001`: the closure around this call
            // 18.6 % -> 10.7 % of the samples; user time, five runs each
            // alternating, median 0.77 -> 0.75 s).
            match self.judge_target(a, req, t, keep, &mut seen) {
                None => true,
                some => {
                    found = some;
                    false
                }
            }
        });
        if found.is_some() {
            return found;
        }
        parsed.for_each_xml_target(
            |text| injection::is_plain(text, decode_b64),
            |t| {
                found = self.judge_target(a, req, t, None, &mut seen);
                found.is_none()
            },
        );
        found
    }

    /// Judges the string values of a GraphQL document (see `graphql`),
    /// each as a value of the document's target.
    fn judge_graphql(
        &self,
        a: &Active,
        req: &Request,
        t: &Target<'_>,
        values: Vec<Cow<'_, str>>,
        seen: &mut Seen<'_>,
    ) -> Option<(Detection, Level)> {
        for text in values {
            if injection::is_plain(&text, a.config.decode_b64) {
                continue;
            }
            let value = Target {
                location: t.location,
                name: Cow::Borrowed(t.name.as_ref()),
                text,
                json_at: t.json_at,
                json_depth: t.json_depth,
            };
            if let Some(found) = self.judge_target(a, req, &value, None, seen) {
                return Some(found);
            }
        }
        None
    }

    /// Judges one target whose text is not plain (the caller leaves plain
    /// ones out: by `is_plain`, or by the JSON walker's byte classes) unless
    /// it was judged earlier in the request. `keep` is the text when it lives
    /// as long as the request (it is then remembered as judged).
    #[inline]
    fn judge_target<'r>(
        &self,
        a: &Active,
        req: &Request,
        t: &Target<'_>,
        keep: Option<&'r str>,
        seen: &mut Seen<'r>,
    ) -> Option<(Detection, Level)> {
        let cfg = &a.config;
        let checks = &cfg.security_checks;
        // Before the texts already judged: the same text is data as a value
        // and an operator as a key (`{"a": "$ne", "password": {"$ne": 1}}`).
        if checks.nosql.enabled() && nosql_operator(t) {
            let mut det = Detection::new(Check::Nosql, t.location, t.text.as_ref());
            det.name = target_name(req, t);
            return Some((det, checks.nosql));
        }
        let command = checks.command.enabled();
        if !seen.first_time(&t.text, keep) {
            return None;
        }
        // Set when a password's value was cleared as what a password is, a
        // string (see `ml::inert_password`): the same text in another field
        // of the request is then to be judged in full.
        let mut as_password = false;
        // Asked when the XSS detector is reached: a field of
        // `RICH_TEXT_FIELDS` (none by default).
        let mut rich: Option<bool> = None;
        // Set when the XSS detection is a probe's (`ml::xss_probe`): its
        // decoded form (`<`) says less than the text as received.
        let mut probe = false;
        let cacheable = matches!(
            t.location,
            Location::UserAgent | Location::Referer | Location::Cookies | Location::HeadersValues
        );
        if cacheable && a.clean.contains(&t.text) {
            return None;
        }
        let (norm, b64) = decode::variants(&t.text, cfg.decode_b64);
        for v in std::iter::once(norm.as_ref()).chain(b64.as_deref()) {
            let found = if let Some(check) = file_access(checks, v) {
                Some(check)
            } else if command && self.command.is_injection(v) {
                Some((Check::Command, checks.command))
            } else {
                a.detectors
                    .iter()
                    .find(|e| {
                        let xss = e.detector.check() == Check::Xss;
                        let rich_field = xss
                            && !a.config.rich_text_fields.is_empty()
                            && *rich.get_or_insert_with(|| is_rich_text(a, req, t));
                        // Not a model: judged at any length (see `ml::probe`).
                        if xss && !rich_field && crate::ml::xss_probe(&t.text, v) {
                            probe = true;
                            return true;
                        }
                        if v.len() < e.min_len {
                            return false;
                        }
                        if e.detector.check() == Check::Sqli
                            && is_password(req, t)
                            && crate::ml::inert_password(v)
                        {
                            as_password = true;
                            return false;
                        }
                        let score = if rich_field {
                            // Rich text: markup is judged by what it could
                            // run, and a quote then a handler as anywhere.
                            let runs = crate::checks::rich_text::runs_script(v)
                                || crate::ml::handler_breakout(v);
                            if runs {
                                1.0
                            } else {
                                0.0
                            }
                        } else {
                            e.detector.score(v)
                        };
                        score >= e.proba && (!seen.may_read(v) || e.detector.confirm(v, score))
                    })
                    .map(|e| (e.detector.check(), e.level))
            };
            if let Some((check, level)) = found {
                let mut det = Detection::new(check, t.location, if probe { &t.text } else { v });
                det.name = target_name(req, t);
                return Some((det, level));
            }
        }
        if as_password {
            seen.forget(&t.text);
        }
        if cacheable {
            a.clean.insert(&t.text);
        }
        None
    }

    fn block(
        &self,
        a: &Active,
        client: IpAddr,
        mut d: Detection,
        level: Level,
        truncated: bool,
    ) -> Verdict {
        // A body too long to judge was cut, as received or once decoded.
        d.body_truncated = d.check == Check::Format
            || truncated
                && matches!(
                    d.location,
                    Location::PostValues
                        | Location::PostVariables
                        | Location::JsonKeys
                        | Location::JsonValues
                );
        if level == Level::Blacklist {
            self.blacklist
                .add(client, crate::clock::now_ms() / 1000, true);
            d.blacklisted = true;
        }
        self.stats.attack();
        self.emit(a, client, &d);
        Verdict::Block(Box::new(d))
    }

    fn emit(&self, a: &Active, client: IpAddr, d: &Detection) {
        let ev = Event::new(&a.config.app_name, client, d);
        tracing::warn!(
            target: "rasp::event",
            event_type = d.check.as_str(),
            source_ip = %client,
            location = d.location.as_str(),
            payload = %ev.payload,
            blacklisted = d.blacklisted,
            "rasp blocked a request"
        );
        if a.config.verbose >= 10 {
            eprintln!("[!] {}", ev.syslog_line());
        }
        if let Some(o) = &self.observer {
            o(&ev);
        }
        self.sink.load().send(ev, &self.stats);
    }
}

impl Rasp {
    /// Reports a routing refusal that the framework made after the request
    /// was judged (e.g. a 405 from its method router, before any handler
    /// ran): with request validation on, it becomes a `path` detection with
    /// its level, event and blacklisting. Other checks are not run again.
    pub fn route_refused(&self, req: &Request, hint: RouteHint) -> Verdict {
        let a = self.inner.active.load();
        let client = req.client_ip(&a.trusted);
        self.inner
            .shared
            .route_verdict(&a, req, hint, client, exempt(&a, req, client))
    }

    /// Judges a response to a request that was allowed: counts it for
    /// telemetry and the error flood, and looks for data leaks in its body.
    pub fn check_response(&self, req: &Request, resp: &Response) -> Verdict {
        let a = self.inner.active.load();
        let client = req.client_ip(&a.trusted);
        self.inner
            .shared
            .response_verdict(&a, resp, client, exempt(&a, req, client))
    }

    /// Whether the response body should be buffered for the data-leak check.
    pub fn wants_response_body(
        &self,
        resp_content_type: Option<&str>,
        content_encoding: Option<&str>,
    ) -> bool {
        wants_body(
            &self.inner.active.load(),
            resp_content_type,
            content_encoding,
        )
    }
}

impl Shared {
    fn route_verdict(
        &self,
        a: &Active,
        req: &Request,
        hint: RouteHint,
        client: IpAddr,
        exempt: bool,
    ) -> Verdict {
        let level = a.config.security_checks.path;
        if !level.enabled() || exempt {
            return Verdict::Allow;
        }
        let d = match hint {
            RouteHint::NoRoute => Detection::new(Check::Path, Location::Path, req.path()),
            RouteHint::MethodNotAllowed => {
                Detection::new(Check::Path, Location::Request, req.method())
            }
            RouteHint::Matched | RouteHint::Unknown => return Verdict::Allow,
        };
        self.block(a, client, d, level, false)
    }

    fn response_verdict(
        &self,
        a: &Active,
        resp: &Response,
        client: IpAddr,
        exempt: bool,
    ) -> Verdict {
        if exempt {
            return Verdict::Allow;
        }
        let cfg = &a.config;
        if resp.status >= 400 {
            self.stats.error();
            if cfg.security_checks.flood.enabled()
                && self.flood.error(
                    client,
                    crate::clock::now_ms(),
                    request_limit(cfg),
                    error_limit(cfg),
                )
            {
                let d = Detection::new(Check::Flood, Location::SourceIp, client.to_string());
                return self.block(a, client, d, cfg.security_checks.flood, false);
            }
        } else {
            self.stats.success();
        }
        if !cfg.security_checks.dlp.enabled() || a.dlp.is_empty() {
            return Verdict::Allow;
        }
        let (scan, encoding, escapes) = match resp.head {
            Head::Bare { escapes } => (!resp.body.is_empty(), None, escapes),
            Head::Scannable | Head::FromHeaders => {
                let encoding = resp.header("content-encoding");
                let content_type = resp.header("content-type");
                (
                    inspectable(resp, content_type, encoding),
                    encoding,
                    content_type.is_some_and(json_or_script),
                )
            }
        };
        if scan {
            // A compressed page (a compression layer inside rasp's) is
            // scanned as the browser reads it.
            let inflated = encoding
                .and_then(|ce| crate::inflate::decoded(ce, &resp.body, false, cfg.max_body_size));
            let body = inflated.as_ref().map_or(&resp.body[..], |(b, _)| &b[..]);
            if let Some((kind, leaked)) = a.dlp.scan(body, escapes) {
                let d = Detection::new(
                    Check::Dlp,
                    Location::Content,
                    format!("{}: {}", kind.as_str(), mask(&leaked)),
                );
                return self.block(a, client, d, cfg.security_checks.dlp, false);
            }
        }
        Verdict::Allow
    }
}

/// One exchange, a request and then its response, judged under one
/// configuration: the one live when [`Rasp::exchange`] was called (a
/// configuration downloaded meanwhile applies from the next request), with
/// the request's client address and its exemption (`IGNORE_PATHS`,
/// `WHITELIST`) found once. This is what adapters use: each of [`Rasp`]'s
/// own methods loads the live configuration and finds them again, which
/// was five loads and two exemption tests a GET in the actix adapter
/// (~500 instructions, callgrind).
///
/// Every method that takes a request must be given the one the exchange was
/// made for (its body may have been set since: the body decides neither
/// the client nor the exemption).
///
/// ```
/// use rasp_core::{Config, Rasp, Request, Response};
///
/// let rasp = Rasp::new(Config::default()).unwrap();
/// let req = Request::new("GET", "/search?q=shoes", "203.0.113.7".parse().unwrap())
///     .with_header("Host", "shop.example");
/// let exchange = rasp.exchange(&req);
/// assert!(!exchange.check_request(&req).is_block());
/// // ... the application answers ...
/// let resp = Response::new(200).with_header("Content-Type", "text/plain").with_body("ok");
/// assert!(!exchange.check_response(&resp).is_block());
/// ```
pub struct Exchange {
    active: Arc<Active>,
    client: IpAddr,
    exempt: bool,
}

impl std::fmt::Debug for Exchange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Exchange")
            .field("client", &self.client)
            .field("exempt", &self.exempt)
            .finish_non_exhaustive()
    }
}

impl Exchange {
    /// Whether the request bypasses every check (`IGNORE_PATHS`,
    /// `WHITELIST`): its body need not be read, and every verdict is
    /// [`Verdict::Allow`].
    pub fn is_exempt(&self) -> bool {
        self.exempt
    }

    /// The client address the checks count and blacklist (the peer, or the
    /// address a trusted proxy forwarded).
    pub fn client_ip(&self) -> IpAddr {
        self.client
    }

    /// Bytes of request or response body to read for inspection.
    pub fn max_body_size(&self) -> usize {
        self.active.config.max_body_size
    }

    /// [`Rasp::check_request`] for this exchange's request.
    pub fn check_request(&self, req: &Request) -> Verdict {
        self.active
            .shared
            .request_verdict(&self.active, req, self.client, self.exempt)
    }

    /// [`Rasp::check_request_body`] for this exchange's request.
    pub fn check_request_body(&self, req: &Request) -> Verdict {
        self.active
            .shared
            .body_verdict(&self.active, req, self.client, self.exempt)
    }

    /// [`Rasp::route_refused`] for this exchange's request.
    pub fn route_refused(&self, req: &Request, hint: RouteHint) -> Verdict {
        self.active
            .shared
            .route_verdict(&self.active, req, hint, self.client, self.exempt)
    }

    /// [`Rasp::wants_response_body`]: whether the response body should be
    /// read for the data-leak check (never for an exempt request).
    pub fn wants_response_body(
        &self,
        resp_content_type: Option<&str>,
        content_encoding: Option<&str>,
    ) -> bool {
        !self.exempt && wants_body(&self.active, resp_content_type, content_encoding)
    }

    /// The core's view of the response before its body: `status`, and,
    /// when the data-leak check wants the body (the second value), what
    /// that check reads of the two headers: the headers themselves when the
    /// body has a `content_encoding` to undo, otherwise only the media
    /// type's judgement (the response then has no headers). What each
    /// adapter makes of its framework's response, then gives the body it
    /// read ([`Response::with_body`]); a header added after it is judged
    /// from the headers alone.
    pub fn response_head(
        &self,
        status: u16,
        content_type: Option<&str>,
        content_encoding: Option<&str>,
    ) -> (Response, bool) {
        let mut resp = Response::new(status);
        let wants_body = self.wants_response_body(content_type, content_encoding);
        if wants_body {
            if let Some(ce) = content_encoding {
                if let Some(ct) = content_type {
                    resp.push_header("content-type", ct);
                }
                resp.push_header("content-encoding", ce);
                resp.head = Head::Scannable;
            } else {
                resp.head = Head::Bare {
                    escapes: content_type.is_some_and(json_or_script),
                };
            }
        }
        (resp, wants_body)
    }

    /// [`Rasp::check_response`] for the response to this exchange's request.
    pub fn check_response(&self, resp: &Response) -> Verdict {
        self.active
            .shared
            .response_verdict(&self.active, resp, self.client, self.exempt)
    }

    /// [`Rasp::server_header_bytes`], under this exchange's configuration.
    pub fn server_header_bytes(&self) -> Option<&Bytes> {
        self.active.server.as_ref()
    }

    /// [`Rasp::deny`], under this exchange's configuration.
    pub fn deny(&self) -> (u16, &str) {
        (
            self.active.config.deny_status_code,
            &self.active.config.gtfo_msg,
        )
    }
}

fn wants_body(a: &Active, content_type: Option<&str>, content_encoding: Option<&str>) -> bool {
    a.config.security_checks.dlp.enabled()
        && !a.dlp.is_empty()
        && text_like(content_type)
        && content_encoding.is_none_or(crate::inflate::decodable)
}

/// The texts already judged in this request: the same text is judged once
/// (JSON arrays repeat keys and often values, and the verdict depends on
/// the text alone; a text seen earlier was either plain or judged). The
/// first `FEW` are compared one by one, which costs less than a hash set for
/// a small request (callgrind, a GET with four query values); beyond, a set,
/// bounded: past `MAX` texts a repeat is judged again (time, not memory).
/// foldhash: several times faster than SipHash on short strings and seeded
/// per set, so a client cannot craft values that collide. It also counts
/// the second readings ([`ValueDetector::confirm`]) the request has left.
struct Seen<'r> {
    few: [&'r str; Seen::FEW],
    few_len: usize,
    /// The text kept last, unless forgotten since: a JSON array of records
    /// repeats a value from one record to the next, and this one comparison
    /// settles the repeat before the value is made a target and judged.
    last: Option<&'r str>,
    /// Once more than `FEW` texts were kept, all of them live here.
    many: std::collections::HashSet<&'r str, foldhash::fast::RandomState>,
    /// How many texts the request may hold besides those of its JSON body,
    /// whose strings are counted only when the set is made: the set is sized
    /// once (growing it by doubling was 10 % of a 64 KiB JSON body,
    /// callgrind), and counting the quotes of a body whose few texts to
    /// remember fit in `few` was 1.4 % of a 64 KiB one.
    expected: usize,
    json: Option<&'r [u8]>,
    /// How many more second readings ([`ValueDetector::confirm`]) this
    /// request may ask: `READINGS` at most, so that a request of many
    /// borderline values costs a few slow readings, not one per value.
    readings_left: u8,
    /// How many more bytes those readings may read: `READING_BYTES` at most.
    reading_bytes_left: usize,
}

impl<'r> Seen<'r> {
    const FEW: usize = 16;
    const MAX: usize = 4096;
    /// Second readings a request may ask. One was the first choice; a form
    /// has several text fields, and prose lowered to where the grammar
    /// decides (a contraction then a quoted phrase, a height) in two of
    /// them blocked the request. Four bound a crafted request's extra cost
    /// to four readings (about 7 ms for 500-byte prose that parses nowhere,
    /// `detector/sqli_grammar`).
    const READINGS: u8 = 4;
    /// Bytes the readings of a request may read, together: four values of
    /// 512 bytes (the bound of one value until the fifteenth session), or
    /// one of `sql_grammar::MAX_LEN`. A reading's cost grows with its
    /// value's length; this keeps a crafted request's worst case where four
    /// readings of 512 bytes put it (about 7 ms), whatever the lengths.
    const READING_BYTES: usize = 4 * 512;

    fn expecting(texts: usize, json: Option<&'r [u8]>) -> Self {
        Seen {
            few: [""; Seen::FEW],
            few_len: 0,
            last: None,
            many: Default::default(),
            expected: texts,
            json,
            readings_left: Seen::READINGS,
            reading_bytes_left: Seen::READING_BYTES,
        }
    }

    /// Whether the request may still have `v` read a second time, and if
    /// so counts that reading: a value it may not is judged on its score.
    fn may_read(&mut self, v: &str) -> bool {
        if self.readings_left == 0 || v.len() > self.reading_bytes_left {
            return false;
        }
        self.readings_left -= 1;
        self.reading_bytes_left -= v.len();
        true
    }

    /// Whether `text` was not seen before; `keep`, when given, is `text`
    /// with the request's lifetime, and is remembered.
    fn first_time(&mut self, text: &str, keep: Option<&'r str>) -> bool {
        if keep.is_some() {
            self.last = keep;
        }
        if self.many.is_empty() {
            if self.few[..self.few_len].contains(&text) {
                return false;
            }
            if let Some(k) = keep {
                if self.few_len < Self::FEW {
                    self.few[self.few_len] = k;
                    self.few_len += 1;
                } else {
                    let expected =
                        self.expected + self.json.map_or(0, crate::request::json_strings_hint);
                    self.many.reserve(expected.min(Self::MAX));
                    self.many.extend(&self.few);
                    self.few_len = 0;
                    self.many.insert(k);
                }
            }
            return true;
        }
        match keep {
            Some(k) if self.many.len() < Self::MAX => self.many.insert(k),
            _ => !self.many.contains(text),
        }
    }

    /// Whether `text` is the text kept last (and not forgotten since).
    fn is_last(&self, text: &str) -> bool {
        self.last == Some(text)
    }

    /// Forgets `text`, so that it is judged again where it comes next.
    fn forget(&mut self, text: &str) {
        if self.is_last(text) {
            self.last = None;
        }
        if let Some(i) = self.few[..self.few_len].iter().position(|t| *t == text) {
            self.few_len -= 1;
            self.few[i] = self.few[self.few_len];
        }
        self.many.remove(text);
    }
}

/// Whether the request went to a GraphQL endpoint (`GRAPHQL_PATHS`), asked
/// once a target could be its document: most requests hold none.
struct GraphqlEndpoint<'a> {
    a: &'a Active,
    req: &'a Request,
    is: Option<bool>,
}

impl<'a> GraphqlEndpoint<'a> {
    fn new(a: &'a Active, req: &'a Request) -> Self {
        GraphqlEndpoint { a, req, is: None }
    }

    /// Whether the request's path is one of `GRAPHQL_PATHS`, asked once.
    fn decide(&mut self) -> bool {
        let (a, req) = (self.a, self.req);
        *self
            .is
            .get_or_insert_with(|| a.graphql_paths.is_match(req.path()))
    }

    /// The string values of `t` when it is the request's GraphQL document:
    /// a query-string or form value named `query`, the member `query` of a
    /// JSON object that is the body or an item of a body that is an array
    /// (a batch), or an `application/graphql` body; on a GraphQL endpoint,
    /// lexed as GraphQL. A `query` elsewhere (inside `variables`) is a
    /// value as any other.
    #[inline]
    fn document<'t>(&mut self, t: &'t Target<'_>) -> Option<Vec<Cow<'t, str>>> {
        let req = self.req;
        // The cheap tests first: the location, the path when known, the
        // text's first word, the path (once a request), then the name (a
        // JSON member's is read backwards from its value: asked of every
        // string of a body that is not plain, it cost 2,700 instructions on
        // a 1 KiB JSON order, and the path's regex 500 on a form, `profile
        // json1k`, `profile form`).
        let located = matches!(
            t.location,
            Location::QsValues | Location::PostValues | Location::JsonValues
        );
        if !located
            || self.is == Some(false)
            || !crate::graphql::starts_a_document(&t.text)
            || !self.decide()
        {
            return None;
        }
        let named = match t.location {
            // A member of the top-level object, or of an object of a
            // top-level array (a batch): by depth, not by path, which is
            // built from the body's start (a batch of many documents would
            // cost its length squared).
            Location::JsonValues => {
                let batch = || req.body().trim_ascii_start().first() == Some(&b'[');
                (t.json_depth == 1 || (t.json_depth == 2 && batch()))
                    && field_name(req, t) == Some("query")
            }
            Location::PostValues if t.name.is_empty() => {
                req.header("content-type").is_some_and(|ct| {
                    ct.get(..19)
                        .is_some_and(|m| m.eq_ignore_ascii_case("application/graphql"))
                })
            }
            _ => field_name(req, t) == Some("query"),
        };
        if !named {
            return None;
        }
        crate::graphql::string_values(&t.text)
    }
}

/// Whether `t` is the value of a password field (see
/// [`injection::is_password_name`]): a query or form value by its name, a
/// JSON value by its member's key.
fn is_password(req: &Request, t: &Target<'_>) -> bool {
    field_name(req, t).is_some_and(|name| injection::is_password_name(name.as_bytes()))
}

/// Whether `t` is the value of a field of `RICH_TEXT_FIELDS` (names
/// compared without case; the caller asks only when some are declared).
fn is_rich_text(a: &Active, req: &Request, t: &Target<'_>) -> bool {
    let fields = &a.config.rich_text_fields;
    field_name(req, t).is_some_and(|name| fields.iter().any(|f| f.eq_ignore_ascii_case(name)))
}

/// The name of the field `t` is the value of: a query or form value's
/// name, a JSON value's member key (as written; `None` for an array item).
fn field_name<'r>(req: &'r Request, t: &'r Target<'_>) -> Option<&'r str> {
    match t.location {
        Location::QsValues | Location::PostValues => Some(t.name.as_ref()),
        Location::JsonValues => req.json_member_key(t.json_at),
        _ => None,
    }
}

/// The request with its body as the application reads it (a compressed
/// body decoded, see [`crate::inflate`]; `None`: as received), and the
/// `format` check's detection when that body, as received or decoded, was
/// longer than `MAX_BODY_SIZE` and is one the application reads as values
/// (see [`crate::request::is_oversized`]): judged on its first part only,
/// the rest would reach the handler unjudged (padding, then a payload).
#[inline(always)]
fn read_body(cfg: &Config, req: &Request) -> (Option<Box<Request>>, Option<(Detection, Level)>) {
    let limit = cfg.max_body_size;
    let inflated = crate::inflate::inflated(req, limit);
    let format = cfg.security_checks.format;
    let too_long = (format.enabled()
        && (crate::request::is_oversized(req, limit)
            || inflated
                .as_ref()
                .is_some_and(|r| crate::request::is_oversized(r, limit))))
    .then(|| {
        let payload = format!("body longer than MAX_BODY_SIZE ({limit} bytes)");
        (
            Detection::new(Check::Format, Location::PostValues, payload),
            format,
        )
    });
    (inflated, too_long)
}

/// The checks of a value that has the server read a file or a URL, `xxe`,
/// `traversal` and `ssrf`: an XML document in a value (a SOAP envelope in a JSON
/// field, a form's `xml=`) reaches an XML parser as a body does. (A search
/// for `<`, `/` and `\\` at once, as one gate before `xxe` and `traversal`, changed how
/// the JSON walker was compiled: +900 instructions on a 1 KiB JSON body,
/// callgrind; the search for the separators alone, below, did not.)
#[inline]
fn file_access(checks: &crate::config::SecurityChecks, v: &str) -> Option<(Check, Level)> {
    let (xxe, traversal, ssrf) = (checks.xxe, checks.traversal, checks.ssrf);
    if xxe.enabled() && crate::xml::refers_outside(v.as_bytes()) {
        return Some((Check::Xxe, xxe));
    }
    // Both look for separators: one search says whether there is any (a
    // value without one climbs nothing and holds no `//`).
    let separator = memchr::memchr2(b'/', b'\\', v.as_bytes());
    if traversal.enabled() && separator.is_some() && crate::checks::traversal::is_traversal(v) {
        return Some((Check::Traversal, traversal));
    }
    (ssrf.enabled() && crate::checks::ssrf::is_ssrf(v, separator)).then_some((Check::Ssrf, ssrf))
}

/// The name an event gives a target: the JSON path of a JSON key or value
/// (built only now, on a detection), the parameter or cookie name
/// elsewhere.
fn target_name(req: &Request, t: &Target<'_>) -> String {
    match t.location {
        Location::JsonKeys | Location::JsonValues => req.json_path(t.json_at).unwrap_or_default(),
        _ => t.name.to_string(),
    }
}

/// Whether a target is a key or a parameter name that is a MongoDB
/// operator (the `nosql` check; see [`crate::checks::nosql`]).
fn nosql_operator(t: &Target<'_>) -> bool {
    match t.location {
        Location::JsonKeys => crate::checks::nosql::is_operator(&t.text),
        Location::QsVariables | Location::PostVariables => {
            crate::checks::nosql::names_operator(&t.text)
        }
        _ => false,
    }
}

/// The `xxe` check's detection on an XML body.
#[inline(never)]
fn xxe_in_body(parsed: &Parsed<'_>) -> Option<Detection> {
    let found = crate::xml::external_reference(parsed.xml_body()?)?;
    Some(Detection::new(Check::Xxe, Location::PostValues, found))
}

/// Whether a check that judges the request's values is on: command
/// injection, the detectors (SQLi, XSS), XXE, path traversal, SSRF, NoSQL.
fn value_checks_on(a: &Active) -> bool {
    let checks = &a.config.security_checks;
    checks.command.enabled()
        || !a.detectors.is_empty()
        || checks.xxe.enabled()
        || checks.traversal.enabled()
        || checks.ssrf.enabled()
        || checks.nosql.enabled()
}

fn exempt(a: &Active, req: &Request, client: IpAddr) -> bool {
    // Ignore paths are matched on the cleaned path too, so `/css/../admin`
    // does not ride on an `^/css` exemption (cleaned only when the raw path
    // matched: most requests are not exempt).
    if !a.config.ignore_paths.is_empty()
        && a.ignore.is_match(req.path())
        && a.ignore.is_match(&crate::request::clean_path(req.path()))
    {
        return true;
    }
    !a.whitelist.is_empty() && a.whitelist.contains(client)
}

fn inspectable(resp: &Response, content_type: Option<&str>, encoding: Option<&str>) -> bool {
    !resp.body.is_empty()
        && (resp.head == Head::Scannable
            || text_like(content_type) && encoding.is_none_or(crate::inflate::decodable))
}

/// Images, audio, video, fonts and archives are not scanned: a leak pattern
/// in their bytes is noise, and their size would cost time for nothing. (A
/// request body of such a type is an upload: see
/// [`crate::request::is_oversized`].)
pub(crate) fn text_like(ct: Option<&str>) -> bool {
    let Some(ct) = ct else { return true };
    // The usual types first, before the media type is cut out (~150
    // instructions a call, twice a response, for `application/json`).
    let b = ct.as_bytes();
    // Compared exactly first: servers write media types in lower case, and
    // the case-blind comparison folds each byte.
    let starts = |p: &[u8]| {
        b.len() >= p.len() && (b[..p.len()] == *p || b[..p.len()].eq_ignore_ascii_case(p))
    };
    // `application/json` as servers write it, exactly (any other spelling
    // is settled below): a case-blind comparison of its 16 bytes cost ~100
    // instructions on every other type.
    if starts(b"text/") || written_as(ct, "application/json") {
        return true;
    }
    // Only the media type decides (`type/subtype`, before any parameter):
    // a parameter such as `name=a.zip` must not turn the scan off.
    // Bytes and plain loops: this runs twice on every response, and the
    // `str` splitting and Unicode trimming cost ~700 instructions a call.
    let media = media_type(ct);
    let (kind, subtype) = match media.iter().position(|&c| c == b'/') {
        Some(i) => (&media[..i], &media[i + 1..]),
        None => (media, &[][..]),
    };
    if kind.eq_ignore_ascii_case(b"text") {
        return true; // the usual case, settled before any copying
    }
    if [&b"image"[..], b"audio", b"video", b"font"]
        .iter()
        .any(|k| kind.eq_ignore_ascii_case(k))
    {
        return false;
    }
    // One pass, a needle compared only where its first letter is: the
    // subtype copied, lower-cased and searched for each needle from every
    // position cost ~800 instructions on `x-www-form-urlencoded`.
    let at = |i: usize, needle: &[u8]| {
        subtype
            .get(i..i + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
    };
    // A table marks the needles' first letters, so that most bytes cost one
    // lookup (a `match` on each byte cost ~12 instructions a byte,
    // callgrind, `x-www-form-urlencoded` echoed back).
    !subtype.iter().enumerate().any(|(i, &c)| {
        NEEDLE_STARTS[usize::from(c)]
            && match c | 0x20 {
                b'o' => at(i, b"octet-stream"),
                b'z' => at(i, b"zip"),
                _ => at(i, b"pdf"),
            }
    })
}

/// At most how many distinct `SERVER_HEADER` values [`server_bytes`] keeps
/// for the life of the process (a few bytes each).
const SERVER_VALUES_KEPT: usize = 32;

/// `SERVER_HEADER` as bytes every response can take without a shared count:
/// each distinct value is made `'static` once and kept. A clone of shared
/// `Bytes` is an atomic add, and its drop an atomic sub, on one counter
/// that every worker thread writes (perf, axum demo's GET: +26 ns a request
/// in `promotable_even_clone` and `shared_drop`, ~3 % of what rasp adds).
/// Past `SERVER_VALUES_KEPT` values (a management server that keeps
/// changing it) a value is shared as before: memory stays bounded.
fn server_bytes(value: &str) -> Bytes {
    static KEPT: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());
    let mut kept = KEPT
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(&v) = kept.iter().find(|&&v| v == value) {
        return Bytes::from_static(v.as_bytes());
    }
    if kept.len() >= SERVER_VALUES_KEPT {
        return Bytes::from(value.to_owned());
    }
    let v: &'static str = Box::leak(value.to_owned().into_boxed_str());
    kept.push(v);
    Bytes::from_static(v.as_bytes())
}

/// The first letters of the binary subtypes `text_like` looks for (`o`,
/// `z`, `p`, either case).
const NEEDLE_STARTS: [bool; 256] = crate::byte_class::set_of(b"ozpOZP");

/// The media type of a `Content-Type` value (`type/subtype`, before any
/// parameter), as bytes.
fn media_type(ct: &str) -> &[u8] {
    // A byte loop: a media type is a few dozen bytes, too few for a
    // `memchr` call to pay for itself (perf, actix demo).
    let ct = ct.as_bytes();
    let end = ct.iter().position(|&c| c == b';').unwrap_or(ct.len());
    ct[..end].trim_ascii()
}

/// Whether a media type is JSON (`application/json`, `+json`, `x-ndjson`)
/// or JavaScript, whose strings write a line break as the escape `\n`. Its
/// subtype's end is compared, not searched: a search of the whole header
/// cost ~400 instructions a response (callgrind, axum demo).
fn json_or_script(ct: &str) -> bool {
    // The usual types first, as servers write them (lower case, then the
    // end or a parameter): the general test cost ~100 instructions on every
    // `text/plain; charset=utf-8` response (callgrind, actix demo).
    if written_as(ct, "application/json") {
        return true;
    }
    if written_as(ct, "text/html") || written_as(ct, "text/plain") {
        return false;
    }
    is_json_or_script(media_type(ct))
}

/// Whether a `Content-Type` value is the media type `media` as servers
/// write it: exactly, then the end or a parameter. A shortcut for the usual
/// types; any other spelling of them is settled from [`media_type`].
fn written_as(ct: &str, media: &str) -> bool {
    let b = ct.as_bytes();
    b.starts_with(media.as_bytes()) && matches!(b.get(media.len()), None | Some(b';' | b' '))
}

/// [`json_or_script`] of a media type.
fn is_json_or_script(media: &[u8]) -> bool {
    let ends =
        |s: &[u8]| media.len() >= s.len() && media[media.len() - s.len()..].eq_ignore_ascii_case(s);
    // The last letter settles most types (`urlencoded`, `xml`, `html`).
    match media.last().map(|c| c.to_ascii_lowercase()) {
        Some(b'n') => ends(b"json"),
        Some(b't') => ends(b"javascript") || ends(b"ecmascript"),
        _ => false,
    }
}

/// Logs must not become the leak: keep the first and last four characters.
fn mask(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 8))
}

#[cfg(test)]
mod tests {
    use super::{
        is_json_or_script, json_or_script, media_type, text_like, CleanCache, Seen,
        CLEAN_CACHE_BYTES, CLEAN_CACHE_ENGINES, CLEAN_CACHE_ENTRY_COST, CLEAN_CACHE_MAX_LEN,
    };

    #[test]
    fn clean_cache_is_per_epoch_and_per_thread() {
        let a = CleanCache::new();
        let b = CleanCache::new();
        a.insert("Mozilla/5.0 (X11)");
        assert!(a.contains("Mozilla/5.0 (X11)"));
        // Another engine on the same thread has its own set.
        assert!(!b.contains("Mozilla/5.0 (X11)"));
        b.insert("curl/8.5");
        assert!(a.contains("Mozilla/5.0 (X11)") && b.contains("curl/8.5"));
        // Another thread starts empty.
        std::thread::scope(|s| {
            s.spawn(|| assert!(!a.contains("Mozilla/5.0 (X11)")));
        });
        // A new configuration (a new epoch) finds no verdict of the old one.
        let a2 = CleanCache::new();
        assert!(!a2.contains("Mozilla/5.0 (X11)"));
        assert!(b.contains("curl/8.5"));
        // Too long to be kept.
        let long = "x".repeat(CLEAN_CACHE_MAX_LEN + 1);
        a2.insert(&long);
        assert!(!a2.contains(&long));
        // A thread keeps the sets of its last few epochs only.
        let engines: Vec<CleanCache> = (0..CLEAN_CACHE_ENGINES + 1)
            .map(|_| CleanCache::new())
            .collect();
        for e in &engines {
            e.insert("v");
        }
        assert!(!engines[0].contains("v"));
        assert!(engines[CLEAN_CACHE_ENGINES].contains("v"));
    }

    #[test]
    fn clean_cache_holds_a_bounded_number_of_bytes() {
        let c = CleanCache::new();
        let value = |i: usize| format!("{i:0>500}");
        let per_set = CLEAN_CACHE_BYTES / (500 + CLEAN_CACHE_ENTRY_COST);
        for i in 0..per_set {
            c.insert(&value(i));
        }
        assert!(c.contains(&value(0)) && c.contains(&value(per_set - 1)));
        // One more does not fit: the set starts again.
        c.insert(&value(per_set));
        assert!(!c.contains(&value(0)));
        assert!(c.contains(&value(per_set)));
        c.with_set("x", |s| assert!(s.bytes <= CLEAN_CACHE_BYTES));
    }

    #[test]
    fn seen_forgets_in_either_store() {
        let texts: Vec<String> = (0..40).map(|i| format!("v {i}")).collect();
        let mut seen = Seen::expecting(0, None);
        for t in &texts[..3] {
            assert!(seen.first_time(t, Some(t)));
        }
        assert!(seen.is_last("v 2") && !seen.is_last("v 1"));
        seen.forget("v 2");
        assert!(!seen.is_last("v 2"));
        assert!(seen.first_time("v 2", None));
        assert!(seen.first_time("v 2", Some(&texts[2])));
        seen.forget("v 0");
        assert!(seen.first_time("v 0", None));
        assert!(!seen.first_time("v 1", None) && !seen.first_time("v 2", None));
        assert!(seen.is_last("v 2"), "the last text kept");
        // Past `FEW` texts, the set.
        for t in &texts[3..] {
            assert!(seen.first_time(t, Some(t)));
        }
        assert!(!seen.many.is_empty());
        seen.forget("v 30");
        assert!(seen.first_time("v 30", None));
        assert!(!seen.first_time("v 31", None));
    }

    #[test]
    fn seen_remembers_kept_texts_and_stays_bounded() {
        let texts: Vec<String> = (0..Seen::MAX + 100).map(|i| format!("v {i}")).collect();
        let mut seen = Seen::expecting(0, None);
        assert!(seen.first_time("a b", Some("a b")));
        assert!(!seen.first_time("a b", None));
        // A text that is not kept (owned by its target) is judged each time.
        assert!(seen.first_time("c d", None));
        assert!(seen.first_time("c d", None));
        for t in &texts {
            assert!(seen.first_time(t, Some(t)));
        }
        assert_eq!(seen.many.len(), Seen::MAX);
        // Early texts are still known; the ones past the bound are not.
        assert!(!seen.first_time(&texts[0], None));
        assert!(!seen.first_time(&texts[Seen::MAX - 2], None));
        assert!(seen.first_time(&texts[Seen::MAX - 1], None));
    }

    #[test]
    fn text_like_judges_the_media_type_only() {
        for ct in [
            "text/html; charset=utf-8",
            "application/json",
            "TEXT/PLAIN",
            "text/plain; name=a.zip",
            "application/xml; profile=pdf",
            "application/x-www-form-urlencoded",
            "application/vnd.api+json",
            "application/zi",
            "application/json; charset=utf-8",
            "Application/JSON",
            "text/html;charset=utf-8",
        ] {
            assert!(text_like(Some(ct)), "{ct}");
        }
        assert!(text_like(None));
        for ct in [
            "image/png",
            "Image/SVG+xml",
            "audio/ogg",
            "video/mp4; codecs=avc1",
            "font/woff2",
            "application/octet-stream",
            "application/zip",
            "application/x-ZIP-compressed",
            "application/gzip",
            "application/pdf",
            "application/PDF",
            "application/vnd.Octet-Stream",
            "application/x-7z-compressed-zip",
        ] {
            assert!(!text_like(Some(ct)), "{ct}");
        }
    }

    /// A `SERVER_HEADER` value is kept once however often a configuration
    /// names it, and the values kept are bounded.
    #[test]
    fn server_values_are_kept_once_and_bounded() {
        let a = super::server_bytes("kept-once-test");
        let b = super::server_bytes("kept-once-test");
        assert_eq!(a, "kept-once-test");
        assert_eq!(a.as_ptr(), b.as_ptr(), "the value was kept twice");
        let many: Vec<_> = (0..2 * super::SERVER_VALUES_KEPT)
            .map(|i| super::server_bytes(&format!("rotating-{i}")))
            .collect();
        for (i, v) in many.iter().enumerate() {
            assert_eq!(*v, format!("rotating-{i}"));
        }
        let last = format!("rotating-{}", 2 * super::SERVER_VALUES_KEPT - 1);
        // Past the bound a value is not kept: asked again, it is a new copy.
        assert_ne!(
            super::server_bytes(&last).as_ptr(),
            super::server_bytes(&last).as_ptr()
        );
    }

    /// The usual types' shortcut answers as the media type does.
    #[test]
    fn json_or_script_shortcut_agrees_with_the_media_type() {
        let cases = [
            ("application/json", true),
            ("application/json; charset=utf-8", true),
            ("application/json ;charset=utf-8", true),
            ("application/jsonx", false),
            ("application/json+xml", false),
            ("application/problem+json", true),
            ("Application/JSON", true),
            ("text/html", false),
            ("text/html; charset=utf-8", false),
            ("text/html+json", true),
            ("text/plain;charset=utf-8", false),
            ("text/plainjson", true),
            ("text/javascript", true),
            ("application/x-ndjson", true),
            ("TEXT/ECMAScript", true),
            (" application/json", true),
            ("application/x-www-form-urlencoded", false),
            ("application/xml", false),
            ("application/JSON ; q=1", true),
            ("text/x-JavaScripT", true),
            ("", false),
        ];
        for (ct, expected) in cases {
            assert_eq!(json_or_script(ct), expected, "{ct}");
            assert_eq!(is_json_or_script(media_type(ct)), expected, "{ct}");
        }
    }
}
