//! The model files written by `rasp train`, embedded in the binary: no file
//! and no download at run time. See `models/manifest.json` for the data,
//! hashes, date and metrics of the training that produced them.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

/// The SQL-injection model (JSON, `rasp_core::ml::LinearModel`).
pub const SQLI_MODEL: &str = include_str!("../sqli.json");

/// The XSS model (JSON, `rasp_core::ml::LinearModel`).
pub const XSS_MODEL: &str = include_str!("../xss.json");

/// The training manifest (JSON).
pub const MANIFEST: &str = include_str!("../manifest.json");
