//! The blacklist: sources blocked for `BLACKLIST_DELAY` seconds, bounded in
//! size, with the entries added since the last beacon kept for sharing.

use std::collections::VecDeque;
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::state::{Padded, SourceTable};

/// Entries waiting to be shared at most; older ones are dropped first.
const MAX_PENDING_SHARE: usize = 10_000;

/// Blacklisted sources with the epoch second of their detection.
#[derive(Debug)]
pub struct Blacklist {
    table: SourceTable<u64>,
    pending: Mutex<VecDeque<(IpAddr, u64)>>,
    /// Current `BLACKLIST_DELAY`, seconds.
    delay_s: AtomicU64,
    /// Whether an entry was ever added. Until then every request's lookup
    /// is this one load instead of a hash and a shard's lock: the usual
    /// state of an application no one attacks, and of the load benchmark
    /// (`Blacklist::contains` +14 ns a GET on axum, `bench/perf_diff.py`).
    /// Never cleared: once sources are blocked, the table is asked.
    ever_added: AtomicBool,
}

impl Blacklist {
    pub(crate) fn new(capacity: usize, delay_s: u64) -> Self {
        Blacklist {
            table: SourceTable::new(capacity),
            pending: Mutex::new(VecDeque::new()),
            delay_s: AtomicU64::new(delay_s),
            ever_added: AtomicBool::new(false),
        }
    }

    pub(crate) fn set_delay(&self, delay_s: u64) {
        self.delay_s.store(delay_s, Ordering::Relaxed);
    }

    fn ttl_ms(&self) -> u64 {
        self.delay_s.load(Ordering::Relaxed).saturating_mul(1000)
    }

    /// Adds (or refreshes) an entry detected at `epoch`. Entries added by this
    /// agent are queued for sharing; entries received from a server are not.
    pub fn add(&self, ip: IpAddr, epoch: u64, share: bool) {
        let ip = crate::net::canonical(ip);
        let ttl = self.ttl_ms();
        // Set before the entry is written, so that a lookup finding it unset
        // ran, in effect, before this add.
        self.ever_added.store(true, Ordering::Release);
        self.table.update(
            ip,
            epoch.saturating_mul(1000),
            ttl,
            || epoch,
            |t| *t = (*t).max(epoch),
        );
        if share {
            let mut p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            if p.len() >= MAX_PENDING_SHARE {
                p.pop_front();
            }
            p.push_back((ip, epoch));
        }
    }

    /// Removes an entry.
    pub fn remove(&self, ip: IpAddr) -> bool {
        self.table.remove(&crate::net::canonical(ip)).is_some()
    }

    /// Whether `ip` is blacklisted at `now` (epoch seconds).
    pub fn contains(&self, ip: IpAddr, now: u64) -> bool {
        if !self.ever_added.load(Ordering::Acquire) {
            return false;
        }
        let delay = self.delay_s.load(Ordering::Relaxed);
        self.table
            .get(&crate::net::canonical(ip), |t| {
                now < t.saturating_add(delay)
            })
            .unwrap_or(false)
    }

    /// Live entries at `now`, as (address, epoch of detection).
    pub fn entries(&self, now: u64) -> Vec<(IpAddr, u64)> {
        let delay = self.delay_s.load(Ordering::Relaxed);
        let mut v = self
            .table
            .collect(|ip, t| (now < t.saturating_add(delay)).then_some((*ip, *t)));
        v.sort();
        v
    }

    /// Entries added by this agent and not yet acknowledged by a server.
    pub fn pending_share(&self) -> Vec<(IpAddr, u64)> {
        self.pending
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .copied()
            .collect()
    }

    /// Forgets the first `n` pending entries once a server acknowledged them.
    pub fn ack_share(&self, n: usize) {
        let mut p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        let n = n.min(p.len());
        p.drain(..n);
    }

    /// Number of tracked entries (live or not yet evicted).
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// Whether no entry is tracked.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Request counters for telemetry, since the last acknowledged beacon.
///
/// Every response of every worker thread counts, so the counters are
/// striped: each thread adds to the stripe of its own slot (a stripe has
/// its cache lines to itself), and a reading sums the stripes. One shared
/// counter was one cache line taken from core to core on every response.
#[derive(Debug, Default)]
pub struct Stats {
    stripes: [Padded<Stripe>; STRIPES],
}

const STRIPES: usize = 8;

#[derive(Debug, Default)]
struct Stripe {
    success: AtomicU64,
    errors: AtomicU64,
    attacks: AtomicU64,
    dropped_events: AtomicU64,
}

/// One of a stripe's counters.
type Counter = fn(&Stripe) -> &AtomicU64;

/// This thread's stripe.
fn stripe_slot() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        static SLOT: usize = NEXT.fetch_add(1, Ordering::Relaxed) % STRIPES;
    }
    SLOT.try_with(|s| *s).unwrap_or(0)
}

/// A reading of [`Stats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StatsSnapshot {
    /// Responses with status < 400.
    pub success: u64,
    /// Responses with status >= 400 (not counting blocks).
    pub errors: u64,
    /// Requests and responses blocked.
    pub attacks: u64,
}

impl Stats {
    fn mine(&self) -> &Stripe {
        &self.stripes[stripe_slot()]
    }
    pub(crate) fn success(&self) {
        self.mine().success.fetch_add(1, Ordering::Relaxed);
    }
    pub(crate) fn error(&self) {
        self.mine().errors.fetch_add(1, Ordering::Relaxed);
    }
    pub(crate) fn attack(&self) {
        self.mine().attacks.fetch_add(1, Ordering::Relaxed);
    }
    pub(crate) fn dropped_event(&self) {
        self.mine().dropped_events.fetch_add(1, Ordering::Relaxed);
    }

    fn sum(&self, counter: Counter) -> u64 {
        self.stripes
            .iter()
            .map(|s| counter(s).load(Ordering::Relaxed))
            .fold(0, u64::saturating_add)
    }

    /// The counts now.
    pub fn snapshot(&self) -> StatsSnapshot {
        StatsSnapshot {
            success: self.sum(|s| &s.success),
            errors: self.sum(|s| &s.errors),
            attacks: self.sum(|s| &s.attacks),
        }
    }

    /// Subtracts a snapshot that a server acknowledged; what came in since stays.
    pub fn ack(&self, s: StatsSnapshot) {
        let each: [(Counter, u64); 3] = [
            (|s| &s.success, s.success),
            (|s| &s.errors, s.errors),
            (|s| &s.attacks, s.attacks),
        ];
        for (counter, mut left) in each {
            // Taken from the stripes in turn, none below zero: the counts
            // acknowledged were in the stripes when the snapshot was read.
            for stripe in &self.stripes {
                if left == 0 {
                    break;
                }
                if let Ok(before) =
                    counter(stripe).fetch_update(Ordering::Relaxed, Ordering::Relaxed, |x| {
                        Some(x - x.min(left))
                    })
                {
                    left -= before.min(left);
                }
            }
        }
    }

    /// Events dropped because the log queue was full.
    pub fn dropped_events(&self) -> u64 {
        self.sum(|s| &s.dropped_events)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_and_sharing() {
        let b = Blacklist::new(100, 60);
        let ip: IpAddr = "1.2.3.4".parse().unwrap();
        b.add(ip, 1000, true);
        b.add("5.6.7.8".parse().unwrap(), 1000, false);
        assert!(b.contains(ip, 1059));
        assert!(!b.contains(ip, 1060));
        assert_eq!(b.entries(1001).len(), 2);
        assert_eq!(b.pending_share(), vec![(ip, 1000)]);
        b.ack_share(1);
        assert!(b.pending_share().is_empty());
        assert!(b.remove(ip));
        assert!(!b.contains(ip, 1001));
        assert!(b.contains("::ffff:5.6.7.8".parse().unwrap(), 1001));
    }

    #[test]
    fn stats_sum_the_threads_and_ack_across_stripes() {
        let s = Stats::default();
        std::thread::scope(|t| {
            for _ in 0..2 * STRIPES {
                t.spawn(|| {
                    for _ in 0..100 {
                        s.success();
                    }
                    s.error();
                });
            }
        });
        s.attack();
        let snap = s.snapshot();
        assert_eq!(
            snap,
            StatsSnapshot {
                success: 200 * STRIPES as u64,
                errors: 2 * STRIPES as u64,
                attacks: 1
            }
        );
        s.success();
        s.ack(snap);
        assert_eq!(
            s.snapshot(),
            StatsSnapshot {
                success: 1,
                errors: 0,
                attacks: 0
            }
        );
        // An acknowledgement larger than the counts leaves zero, not a wrap.
        s.ack(snap);
        assert_eq!(s.snapshot(), StatsSnapshot::default());
    }

    #[test]
    fn stats_ack_keeps_new_counts() {
        let s = Stats::default();
        s.success();
        s.success();
        s.attack();
        let snap = s.snapshot();
        s.success();
        s.ack(snap);
        assert_eq!(
            s.snapshot(),
            StatsSnapshot {
                success: 1,
                errors: 0,
                attacks: 0
            }
        );
    }
}
