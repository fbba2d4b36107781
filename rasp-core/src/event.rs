//! Events: one per detection, in the reference's syslog and JSON formats.

use std::net::IpAddr;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::json;

use crate::verdict::{Check, Detection, Location};

/// Payloads longer than this are cut in events, so that one huge value
/// cannot make a huge log line.
pub const MAX_EVENT_PAYLOAD: usize = 1024;

/// One detection, as logged.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Seconds since the epoch.
    pub epoch: u64,
    /// `APP_NAME`.
    pub application: String,
    /// The attack type.
    pub event_type: Check,
    /// The source address.
    pub source_ip: IpAddr,
    /// Country of the source: ISO code, `Private`, or empty when not resolved.
    pub country: String,
    /// Where the payload was.
    pub location: Location,
    /// The payload (decoded, capped at [`MAX_EVENT_PAYLOAD`] bytes).
    pub payload: String,
    /// The request body was judged on its first `MAX_BODY_SIZE` bytes only.
    pub body_truncated: bool,
}

impl Event {
    pub(crate) fn new(application: &str, source_ip: IpAddr, d: &Detection) -> Self {
        Event {
            epoch: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0),
            application: application.to_string(),
            event_type: d.check,
            source_ip,
            country: String::new(),
            location: d.location,
            payload: cap(&d.payload),
            body_truncated: d.body_truncated,
        }
    }

    /// `%Y/%m/%d %H:%M:%S`, in UTC.
    pub fn time(&self) -> String {
        let t = time::OffsetDateTime::from_unix_timestamp(self.epoch as i64)
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
        let f = time::macros::format_description!("[year]/[month]/[day] [hour]:[minute]:[second]");
        t.format(&f).unwrap_or_default()
    }

    /// The reference's syslog line:
    /// `[time] "app" - "type" - "ip" - "country" - "location:payload"`.
    /// Quotes and line breaks in the payload are escaped so that a payload
    /// cannot forge fields or lines of its own.
    pub fn syslog_line(&self) -> String {
        let mut line = format!(
            "[{}] \"{}\" - \"{}\" - \"{}\" - \"{}\" - \"{}:{}\"",
            self.time(),
            escape(&self.application),
            self.event_type,
            self.source_ip,
            escape(&self.country),
            self.location,
            escape(&self.payload)
        );
        if self.body_truncated {
            line.push_str(" - \"body truncated\"");
        }
        line
    }

    /// The reference's JSON document (plus `body_truncated` when it applies).
    pub fn json(&self) -> serde_json::Value {
        let mut v = json!({
            "time": self.time(),
            "application": self.application,
            "log_data": [
                self.event_type.as_str(),
                self.source_ip.to_string(),
                self.country,
                { "location": self.location.as_str(), "payload": self.payload }
            ]
        });
        if self.body_truncated {
            v["body_truncated"] = json!(true);
        }
        v
    }
}

fn cap(s: &str) -> String {
    if s.len() <= MAX_EVENT_PAYLOAD {
        return s.to_string();
    }
    let mut end = MAX_EVENT_PAYLOAD;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &s[..end])
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(payload: &str) -> Event {
        let mut d = Detection::new(Check::Sqli, Location::QsValues, payload);
        d.body_truncated = false;
        let mut e = Event::new("Web Server", "10.0.0.1".parse().unwrap(), &d);
        e.epoch = 1_700_000_000;
        e
    }

    #[test]
    fn syslog_format() {
        assert_eq!(
            ev("' or 1=1 --").syslog_line(),
            "[2023/11/14 22:13:20] \"Web Server\" - \"sqli\" - \"10.0.0.1\" - \"\" - \"qs_values:' or 1=1 --\""
        );
        // A payload cannot forge a second line or close the field.
        let l = ev("x\"\n[2023/11/14] \"fake\"").syslog_line();
        assert_eq!(l.lines().count(), 1);
        assert!(l.contains("x\\\"\\n"));
    }

    #[test]
    fn json_format() {
        let j = ev("<script>").json();
        assert_eq!(j["application"], "Web Server");
        assert_eq!(j["log_data"][0], "sqli");
        assert_eq!(j["log_data"][1], "10.0.0.1");
        assert_eq!(j["log_data"][3]["location"], "qs_values");
        assert_eq!(j["log_data"][3]["payload"], "<script>");
        assert!(j.get("body_truncated").is_none());
    }

    #[test]
    fn payload_is_capped() {
        let e = ev(&"é".repeat(2000));
        assert!(e.payload.len() <= MAX_EVENT_PAYLOAD + 3);
    }
}
