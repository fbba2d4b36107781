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

/// Sliding-window counters per source.
#[derive(Debug)]
pub(crate) struct FloodCounter {
    table: SourceTable<Window>,
}

impl FloodCounter {
    pub fn new(capacity: usize) -> Self {
        FloodCounter {
            table: SourceTable::new(capacity),
        }
    }

    /// Counts a hit and says whether the source is now over `ratio` hits per `delay_s`.
    pub fn hit(&self, ip: IpAddr, now_ms: u64, delay_s: u64, ratio: u64) -> bool {
        let width = delay_s.saturating_mul(1000).max(1);
        let n = self
            .table
            .update(ip, now_ms, width * 2, Window::default, |w| {
                w.hit(now_ms.max(1), width)
            });
        n > ratio
    }

    /// Whether the source is over `ratio` without counting a hit.
    pub fn over(&self, ip: IpAddr, now_ms: u64, delay_s: u64, ratio: u64) -> bool {
        let width = delay_s.saturating_mul(1000).max(1);
        self.table
            .get(&ip, |w| {
                let mut w = *w;
                w.roll(now_ms.max(1), width);
                w.estimate(now_ms.max(1), width)
            })
            .is_some_and(|n| n > ratio)
    }

    #[cfg(test)]
    pub fn tracked(&self) -> usize {
        self.table.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn ratio_plus_one_within_delay_trips() {
        let f = FloodCounter::new(100);
        let a = ip("1.1.1.1");
        for i in 0..5 {
            assert!(!f.hit(a, 1000 + i, 60, 5), "hit {i}");
        }
        assert!(f.hit(a, 1010, 60, 5));
        // Another source is not affected.
        assert!(!f.hit(ip("2.2.2.2"), 1010, 60, 5));
    }

    #[test]
    fn slow_traffic_never_trips() {
        let f = FloodCounter::new(100);
        let a = ip("1.1.1.1");
        // 5 per minute allowed; one request every 15 s for an hour.
        for i in 0..240u64 {
            assert!(!f.hit(a, 1000 + i * 15_000, 60, 5), "at {i}");
        }
    }

    #[test]
    fn window_slides() {
        let f = FloodCounter::new(100);
        let a = ip("1.1.1.1");
        for i in 0..5 {
            f.hit(a, 1000 + i, 10, 5);
        }
        // Right after the window rolls, the previous burst still weighs in.
        assert!(f.hit(a, 11_100, 10, 5));
        // Long after, the source is clean again.
        assert!(!f.hit(a, 100_000, 10, 5));
        assert!(!f.over(a, 100_000, 10, 5));
    }

    #[test]
    fn bounded() {
        let f = FloodCounter::new(500);
        for n in 0..100_000u32 {
            f.hit(IpAddr::from(n.to_be_bytes()), 1000, 60, 50);
        }
        assert!(f.tracked() <= 512);
    }
}
