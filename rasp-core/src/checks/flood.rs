//! Flood and brute force: requests per source over a sliding window, and the
//! same for error responses (status >= 400).
//!
//! The window is the two-bucket sliding-window counter: the count of the
//! current fixed window plus the previous window's count weighted by how much
//! of it still overlaps the sliding window. It needs two integers per source
//! whatever the threshold, where a list of timestamps would need one per
//! request, and it is exact for a burst inside one window.

use std::net::IpAddr;

use crate::state::SourceTable;

#[derive(Debug, Clone, Copy, Default)]
struct Window {
    start_ms: u64,
    prev: u64,
    curr: u64,
}

impl Window {
    /// Counts one hit at `now` and returns the sliding count including it.
    fn hit(&mut self, now: u64, width: u64) -> u64 {
        self.roll(now, width);
        self.curr += 1;
        self.estimate(now, width)
    }

    fn roll(&mut self, now: u64, width: u64) {
        if self.start_ms == 0 && self.curr == 0 && self.prev == 0 {
            self.start_ms = now;
            return;
        }
        let elapsed = now.saturating_sub(self.start_ms);
        if elapsed >= width {
            let windows = elapsed / width;
            self.prev = if windows == 1 { self.curr } else { 0 };
            self.curr = 0;
            self.start_ms += windows * width;
        }
    }

    fn estimate(&self, now: u64, width: u64) -> u64 {
        let into = now.saturating_sub(self.start_ms).min(width);
        // Rounded up: a burst that just rolled over still counts in full.
        let prev_weight = (self.prev * (width - into)).div_ceil(width);
        self.curr + prev_weight
    }
}

/// A limit: more than `ratio` events per `delay_s` seconds (`FLOOD_DELAY`
/// and `FLOOD_RATIO`, or `ERROR_FLOOD_DELAY` and `ERROR_FLOOD_RATIO`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limit {
    pub delay_s: u64,
    pub ratio: u64,
}

impl Limit {
    fn width_ms(self) -> u64 {
        self.delay_s.saturating_mul(1000).max(1)
    }
}

/// A source's two windows: its requests and its error responses.
#[derive(Debug, Clone, Copy, Default)]
struct Windows {
    requests: Window,
    errors: Window,
}

/// Sliding-window counters per source, of requests and of error responses,
/// side by side in one entry: a request reads both under one lock and one
/// lookup, where two tables took two of each on every request (perf, actix
/// demo: the per-source tables were ~80 ns of a GET).
#[derive(Debug)]
pub(crate) struct FloodCounter {
    table: SourceTable<Windows>,
}

impl FloodCounter {
    pub fn new(capacity: usize) -> Self {
        FloodCounter {
            table: SourceTable::new(capacity),
        }
    }

    /// A request from `ip`: counted when `counted` (its path is one the
    /// flood check counts), and whether the source is now over either
    /// limit, of requests or of error responses.
    pub fn request(
        &self,
        ip: IpAddr,
        now_ms: u64,
        counted: bool,
        requests: Limit,
        errors: Limit,
    ) -> bool {
        let now = now_ms.max(1);
        let errors_over = |w: &Window| over(w, now, errors);
        if !counted {
            return self
                .table
                .get(&ip, |w| errors_over(&w.errors))
                .unwrap_or(false);
        }
        let ttl = idle_ttl(requests, errors);
        self.table.update(ip, now_ms, ttl, Windows::default, |w| {
            w.requests.hit(now, requests.width_ms()) > requests.ratio || errors_over(&w.errors)
        })
    }

    /// An error response to `ip`, counted; whether the source is now over
    /// the limit of error responses.
    pub fn error(&self, ip: IpAddr, now_ms: u64, requests: Limit, errors: Limit) -> bool {
        let ttl = idle_ttl(requests, errors);
        self.table.update(ip, now_ms, ttl, Windows::default, |w| {
            w.errors.hit(now_ms.max(1), errors.width_ms()) > errors.ratio
        })
    }

    #[cfg(test)]
    pub fn tracked(&self) -> usize {
        self.table.len()
    }
}

/// Whether a window is over `limit` at `now`, without counting a hit.
fn over(w: &Window, now: u64, limit: Limit) -> bool {
    let mut w = *w;
    let width = limit.width_ms();
    w.roll(now, width);
    w.estimate(now, width) > limit.ratio
}

/// How long a source's entry may stay idle before it counts as expired
/// when room is needed: two of the wider window, after which neither of
/// its counts weighs any more.
fn idle_ttl(requests: Limit, errors: Limit) -> u64 {
    requests.width_ms().max(errors.width_ms()).saturating_mul(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    /// Error responses out of reach, for the tests of requests.
    const NO_ERRORS: Limit = Limit {
        delay_s: 60,
        ratio: u64::MAX,
    };

    /// A counted request against `ratio` per `delay_s`.
    fn hit(f: &FloodCounter, a: IpAddr, now: u64, delay_s: u64, ratio: u64) -> bool {
        f.request(a, now, true, Limit { delay_s, ratio }, NO_ERRORS)
    }

    #[test]
    fn ratio_plus_one_within_delay_trips() {
        let f = FloodCounter::new(100);
        let a = ip("1.1.1.1");
        for i in 0..5 {
            assert!(!hit(&f, a, 1000 + i, 60, 5), "hit {i}");
        }
        assert!(hit(&f, a, 1010, 60, 5));
        // Another source is not affected.
        assert!(!hit(&f, ip("2.2.2.2"), 1010, 60, 5));
    }

    #[test]
    fn slow_traffic_never_trips() {
        let f = FloodCounter::new(100);
        let a = ip("1.1.1.1");
        // 5 per minute allowed; one request every 15 s for an hour.
        for i in 0..240u64 {
            assert!(!hit(&f, a, 1000 + i * 15_000, 60, 5), "at {i}");
        }
    }

    #[test]
    fn window_slides() {
        let f = FloodCounter::new(100);
        let a = ip("1.1.1.1");
        for i in 0..5 {
            hit(&f, a, 1000 + i, 10, 5);
        }
        // Right after the window rolls, the previous burst still weighs in.
        assert!(hit(&f, a, 11_100, 10, 5));
        // Long after, the source is clean again.
        assert!(!hit(&f, a, 100_000, 10, 5));
        let loose = Limit {
            delay_s: 10,
            ratio: 5,
        };
        assert!(!f.request(a, 100_000, false, loose, loose));
    }

    #[test]
    fn errors_count_apart_from_requests_and_refuse_every_request() {
        let f = FloodCounter::new(100);
        let (a, b) = (ip("1.1.1.1"), ip("2.2.2.2"));
        let requests = Limit {
            delay_s: 60,
            ratio: 100,
        };
        let errors = Limit {
            delay_s: 60,
            ratio: 2,
        };
        // Requests do not count as errors.
        for i in 0..10 {
            assert!(!f.request(a, 1000 + i, true, requests, errors));
        }
        assert!(!f.error(a, 1100, requests, errors));
        assert!(!f.error(a, 1101, requests, errors));
        assert!(
            f.error(a, 1102, requests, errors),
            "third error of two allowed"
        );
        // Over the error limit, the source's requests are refused, counted
        // on a flood path or not; another source's are not.
        assert!(f.request(a, 1200, true, requests, errors));
        assert!(f.request(a, 1201, false, requests, errors));
        assert!(!f.request(b, 1202, true, requests, errors));
        // Errors do not count as requests.
        let few = Limit {
            delay_s: 60,
            ratio: 1,
        };
        assert!(!f.error(b, 1300, few, errors));
        assert!(!f.request(
            b,
            1301,
            true,
            Limit {
                delay_s: 60,
                ratio: 2
            },
            errors
        ));
    }

    #[test]
    fn an_uncounted_request_makes_no_entry() {
        let f = FloodCounter::new(100);
        let loose = Limit {
            delay_s: 60,
            ratio: 5,
        };
        assert!(!f.request(ip("1.1.1.1"), 1000, false, loose, loose));
        assert_eq!(f.tracked(), 0);
        assert!(!f.request(ip("1.1.1.1"), 1000, true, loose, loose));
        assert_eq!(f.tracked(), 1);
    }

    #[test]
    fn bounded() {
        let f = FloodCounter::new(500);
        for n in 0..100_000u32 {
            hit(&f, IpAddr::from(n.to_be_bytes()), 1000, 60, 50);
        }
        assert!(f.tracked() <= 512);
    }
}
