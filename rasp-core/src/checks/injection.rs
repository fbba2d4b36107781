//! The interface the SQL-injection and XSS detectors plug into.
//!
//! A detector scores one decoded value; the engine compares the score with
//! the configured threshold (`SQLI_PROBA`, `XSS_PROBA`) and skips values
//! shorter than the configured minimum (`MIN_SQLI_LEN`, `MIN_XSS_LEN`).

use crate::verdict::Check;

/// A detector of one attack type over single values.
pub trait ValueDetector: Send + Sync + 'static {
    /// The attack type it detects: [`Check::Sqli`] or [`Check::Xss`].
    fn check(&self) -> Check;

    /// The probability, from 0 to 1, that `value` (already decoded) is an
    /// attack. Must be cheap for values that cannot be an attack and must
    /// never panic.
    fn score(&self, value: &str) -> f64;
}
