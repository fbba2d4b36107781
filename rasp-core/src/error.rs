//! Typed errors of the core.

use std::path::PathBuf;

/// Why a configuration was refused. Each variant names what to fix.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read configuration file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The document is not JSON.
    #[error("configuration is not valid JSON: {0}")]
    Json(String),
    /// A key has a wrong type or an out-of-range value.
    #[error("configuration key {key}: {reason}")]
    Invalid {
        /// The key, as a path (`SECURITY_CHECKS.sqli`, `IGNORE_PATHS[1]`).
        key: String,
        /// What is wrong with it.
        reason: String,
    },
}
