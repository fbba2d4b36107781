//! What a check concludes: the attack type, where, and the offending payload.

use std::fmt;

/// The checks, named as the reference's attack types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Check {
    /// Source is blacklisted.
    Blacklist,
    /// Unknown path or method.
    Path,
    /// Too many requests, or too many error responses.
    Flood,
    /// `Host` header not one of `HOSTS`.
    Spoofing,
    /// Request to a decoy path.
    Decoy,
    /// Format mismatch: a request body longer than `MAX_BODY_SIZE`, which
    /// rasp cannot judge whole.
    Format,
    /// SQL injection.
    Sqli,
    /// Cross-site scripting.
    Xss,
    /// HTTP parameter pollution.
    Hpp,
    /// Command injection.
    Command,
    /// Forbidden header.
    Headers,
    /// Data leak in a response.
    Dlp,
    /// XML external entity: XML that has its parser read another resource
    /// (a file, a URL).
    Xxe,
    /// Path traversal: a value that climbs out of its directory or names
    /// a system file as a path.
    Traversal,
    /// Server-side request forgery: a URL to the cloud's instance metadata
    /// service, or a scheme only such forgery uses (`gopher://`).
    Ssrf,
    /// NoSQL operator injection: a MongoDB operator (`$ne`, `$where`) as a
    /// JSON key or a parameter name.
    Nosql,
}

impl Check {
    /// The reference's attack-type name, as written in events.
    pub fn as_str(self) -> &'static str {
        match self {
            Check::Blacklist => "blacklist",
            Check::Path => "path",
            Check::Flood => "flood",
            Check::Spoofing => "spoofing",
            Check::Decoy => "decoy",
            Check::Format => "format",
            Check::Sqli => "sqli",
            Check::Xss => "xss",
            Check::Hpp => "hpp",
            Check::Command => "command",
            Check::Headers => "headers",
            Check::Dlp => "dlp",
            Check::Xxe => "xxe",
            Check::Traversal => "traversal",
            Check::Ssrf => "ssrf",
            Check::Nosql => "nosql",
        }
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where the payload was found, named as the reference's payload locations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Location {
    /// The source address.
    SourceIp,
    /// The request line (path or method).
    Request,
    /// The path.
    Path,
    /// The `Host` header.
    Host,
    /// A header name.
    HeadersNames,
    /// A header value.
    HeadersValues,
    /// A cookie.
    Cookies,
    /// The `User-Agent` header.
    UserAgent,
    /// The `Referer` header.
    Referer,
    /// A query-string parameter name.
    QsVariables,
    /// A query-string value.
    QsValues,
    /// A form or multipart field name.
    PostVariables,
    /// A form or multipart field value, a file name, or a raw body.
    PostValues,
    /// A JSON key.
    JsonKeys,
    /// A JSON value.
    JsonValues,
    /// The response body.
    Content,
}

impl Location {
    /// The reference's location name, as written in events.
    pub fn as_str(self) -> &'static str {
        match self {
            Location::SourceIp => "source_ip",
            Location::Request => "request",
            Location::Path => "path",
            Location::Host => "host",
            Location::HeadersNames => "headers_names",
            Location::HeadersValues => "headers_values",
            Location::Cookies => "cookies",
            Location::UserAgent => "user_agent",
            Location::Referer => "referer",
            Location::QsVariables => "qs_variables",
            Location::QsValues => "qs_values",
            Location::PostVariables => "post_variables",
            Location::PostValues => "post_values",
            Location::JsonKeys => "json_keys",
            Location::JsonValues => "json_values",
            Location::Content => "content",
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One detection.
#[derive(Debug, Clone, PartialEq)]
pub struct Detection {
    /// Which check fired.
    pub check: Check,
    /// Where.
    pub location: Location,
    /// The name of the target: parameter name, JSON path, cookie name
    /// (empty where the location has no name).
    pub name: String,
    /// The offending payload, decoded (capped at 1 KiB in events).
    pub payload: String,
    /// Whether the source was blacklisted because of it (level 2).
    pub blacklisted: bool,
    /// The request body was longer than `MAX_BODY_SIZE` and judged on its first part.
    pub body_truncated: bool,
}

impl Detection {
    pub(crate) fn new(check: Check, location: Location, payload: impl Into<String>) -> Self {
        Detection {
            check,
            location,
            name: String::new(),
            payload: payload.into(),
            blacklisted: false,
            body_truncated: false,
        }
    }
}

/// The outcome of judging a request or a response.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Let it through.
    Allow,
    /// Answer `DENY_STATUS_CODE` with `GTFO_MSG` instead.
    Block(Box<Detection>),
}

impl Verdict {
    /// Whether the verdict blocks.
    pub fn is_block(&self) -> bool {
        matches!(self, Verdict::Block(_))
    }

    /// The detection, when blocked.
    pub fn detection(&self) -> Option<&Detection> {
        match self {
            Verdict::Block(d) => Some(d),
            Verdict::Allow => None,
        }
    }
}
