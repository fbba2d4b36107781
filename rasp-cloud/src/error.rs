//! Why an exchange with the management server failed.

/// A failed exchange. None of these stops the agent or the application.
#[derive(Debug, Clone, thiserror::Error, PartialEq)]
pub enum CloudError {
    /// Connection refused, time-out, TLS error...
    #[error("server unreachable: {0}")]
    Http(String),
    /// 401 or 403: the key is missing or invalid.
    #[error("server refused the agent key (HTTP {0})")]
    Refused(u16),
    /// 404: the key has no security profile.
    #[error("the agent key has no security profile (HTTP 404)")]
    NoProfile,
    /// Another error status.
    #[error("server answered HTTP {0}")]
    Status(u16),
    /// `{"status": false, "message": ...}`.
    #[error("server rejected the request: {0}")]
    Rejected(String),
    /// Not JSON, or not the expected shape.
    #[error("unexpected answer: {0}")]
    Garbage(String),
    /// The configuration received does not validate; the last good one stays.
    #[error("configuration refused: {0}")]
    BadConfig(String),
}
