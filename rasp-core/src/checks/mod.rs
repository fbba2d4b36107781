//! The checks (operators). Each module judges one concern; the engine
//! decides the order and the level.

pub(crate) mod command;
pub(crate) mod decoy;
pub(crate) mod dlp;
pub(crate) mod flood;
pub(crate) mod headers;
pub(crate) mod hpp;
pub(crate) mod injection;
pub(crate) mod nosql;
pub(crate) mod rich_text;
pub(crate) mod spoofing;
pub(crate) mod ssrf;
pub(crate) mod traversal;
