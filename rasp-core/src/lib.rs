//! # rasp-core
//!
//! The framework-agnostic engine of rasp, a Runtime Application
//! Self-Protection library modelled on pyrasp. Adapters (actix-web, axum,
//! rocket, Lambda) build a [`Request`], ask [`Rasp::check_request`] for a
//! [`Verdict`], and for allowed requests pass the [`Response`] to
//! [`Rasp::check_response`].
//!
//! The pieces, in the words of a WAF engine:
//! - *targets*: the parts of a request that are judged (query names and
//!   values, form, JSON and multipart fields, cookies, path segments,
//!   `User-Agent`, `Referer`), each with its [`Location`];
//! - *transformations*: the [`decode`] module (URL, HTML entities, escapes,
//!   NUL, NFKC, base64), applied until a value is stable;
//! - *operators*: one module per check, run cheapest first.
//!
//! The core does no network I/O on the request path: events are queued and
//! sent by a background thread.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod blacklist;
mod byte_class;
mod checks;
mod clock;
pub mod config;
pub mod decode;
mod engine;
mod error;
mod event;
mod graphql;
mod inflate;
mod json;
pub mod ml;
pub mod net;
mod request;
mod route;
mod sink;
mod state;
mod swar;
mod verdict;
mod xml;

pub use blacklist::{Blacklist, Stats, StatsSnapshot};
pub use checks::command::CommandInjection;
pub use checks::injection::ValueDetector;
pub use config::{Config, ConfigFile, EnvSettings, Level, LogFormat, LogProtocol, SecurityChecks};
pub use engine::{Exchange, Rasp, RaspBuilder};
pub use error::ConfigError;
pub use event::{Event, MAX_EVENT_PAYLOAD};
pub use request::{body_prefix, Request, Response};
pub use route::{RouteHint, RouteTable};
pub use sink::is_private;
pub use verdict::{Check, Detection, Location, Verdict};

/// The version reported to management servers.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
