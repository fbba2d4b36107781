//! # rasp-cloud
//!
//! Cloud operation of rasp, compatible with pyrasp's protocol: the
//! [`Agent`] that takes its configuration and blacklist from a management
//! server, reports status and telemetry and shares blacklist entries; and a
//! management [`server`] to run it against (`rasp-cloud-server`).
//!
//! ```no_run
//! use rasp_cloud::{connect, CloudSettings};
//!
//! // Local configuration first (file or defaults), then the server's.
//! let rasp = connect(rasp_core::Rasp::builder(), CloudSettings::new("https://rasp.example.com/config", "agent-key")).unwrap();
//! # let _ = rasp;
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod agent;
mod error;
pub mod server;

pub use agent::{Agent, CloudSettings, LambdaAgent};
pub use error::CloudError;

/// Builds the engine from `builder` (its local configuration is the fallback),
/// downloads the server's configuration and blacklist, and starts the agent.
/// A server that cannot be reached is not an error: the engine starts on the
/// local configuration and the agent keeps trying in the background.
pub fn connect(
    builder: rasp_core::RaspBuilder,
    settings: CloudSettings,
) -> Result<rasp_core::Rasp, rasp_core::ConfigError> {
    let rasp = builder.source(settings.cloud_url.clone()).build()?;
    let _ = Agent::start(rasp.clone(), settings);
    Ok(rasp)
}

/// The engine for a management server (`cloud_url`, `key`), with the local
/// configuration of `RASP_CONF`/`PYRASP_CONF` (or the defaults) until the
/// server answers: what every adapter's `from_cloud` does.
pub fn from_cloud(cloud_url: &str, key: &str) -> Result<rasp_core::Rasp, rasp_core::ConfigError> {
    connect(
        rasp_core::Rasp::builder_from_env()?,
        CloudSettings::new(cloud_url, key),
    )
}

/// The engine for the environment: `RASP_CLOUD_URL`/`PYRASP_CLOUD_URL` with
/// `RASP_KEY`/`PYRASP_KEY` when set (with `RASP_CONF`/`PYRASP_CONF` as the
/// local fallback), otherwise the local configuration alone.
pub fn from_env() -> Result<rasp_core::Rasp, rasp_core::ConfigError> {
    let builder = rasp_core::Rasp::builder_from_env()?;
    match CloudSettings::from_env() {
        Some(s) => connect(builder, s),
        None => builder.build(),
    }
}
