//! Per-source state with a hard bound on the number of sources tracked.
//!
//! A flood from a million spoofed or rotating addresses must not grow memory
//! without limit, so every table holds at most `capacity` sources. The table
//! is split into shards, each behind its own lock (requests from different
//! sources rarely contend). When a shard is full, expired entries go first;
//! if it is still full, the least recently seen eighth of the shard is
//! evicted in one sweep, which keeps the cost of eviction amortized O(log n)
//! per insertion instead of a scan per insertion.
//!
//! This is written here rather than taken from a cache crate because each
//! check needs the read-modify-write of one entry under one lock together
//! with an exact size bound, which `dashmap` does not bound and cache crates
//! do not offer as a single atomic step.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::net::IpAddr;
use std::sync::{Mutex, MutexGuard};

const SHARDS: usize = 32;

/// foldhash with a random seed per table: measured 5 to 10 times cheaper than
/// SipHash on an address (callgrind, a small GET: three lookups per request).
/// A client that could aim collisions at one shard still only slows its own
/// shard, whose size is capped.
type Hasher = foldhash::quality::RandomState;
type Shard<V> = HashMap<IpAddr, Entry<V>, Hasher>;

#[derive(Debug)]
struct Entry<V> {
    value: V,
    last_seen_ms: u64,
}

/// A value on cache lines of its own, for state that threads on different
/// cores write: side by side, two shards' locks (or two threads' counters)
/// shared a line, and threads serving different sources still took it from
/// each other's cores (128 bytes: the pair of lines that x86 prefetches
/// together).
#[derive(Debug, Default)]
#[repr(align(128))]
pub(crate) struct Padded<T>(pub T);

impl<T> std::ops::Deref for Padded<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// A bounded map from source address to `V`.
#[derive(Debug)]
pub(crate) struct SourceTable<V> {
    shards: Vec<Padded<Mutex<Shard<V>>>>,
    hasher: Hasher,
    cap_per_shard: usize,
}

impl<V> SourceTable<V> {
    pub fn new(capacity: usize) -> Self {
        let cap_per_shard = capacity.div_ceil(SHARDS).max(1);
        SourceTable {
            shards: (0..SHARDS)
                .map(|_| Padded(Mutex::new(HashMap::with_hasher(Hasher::default()))))
                .collect(),
            hasher: Hasher::default(),
            cap_per_shard,
        }
    }

    // Inlined: a few instructions, called for every request, and left out
    // of line by unrelated edits elsewhere (callgrind: +100 a request).
    #[inline(always)]
    fn shard(&self, ip: &IpAddr) -> MutexGuard<'_, Shard<V>> {
        let i = (self.hasher.hash_one(ip) as usize) % SHARDS;
        // A panic while holding the lock cannot leave a map half-updated in a
        // way that matters here (counters), so a poisoned lock is reused.
        self.shards[i].lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` on the entry of `ip`, creating it with `init` if absent.
    /// Entries idle for `ttl_ms` count as expired when room is needed.
    pub fn update<R>(
        &self,
        ip: IpAddr,
        now_ms: u64,
        ttl_ms: u64,
        init: impl FnOnce() -> V,
        f: impl FnOnce(&mut V) -> R,
    ) -> R {
        let mut shard = self.shard(&ip);
        // The length first: a shard with room (almost always) needs no
        // lookup before the entry's (callgrind: `contains_key` was ~130
        // instructions a request once the compiler stopped inlining it).
        if shard.len() >= self.cap_per_shard && !shard.contains_key(&ip) {
            evict(&mut shard, self.cap_per_shard, now_ms, ttl_ms);
        }
        let e = shard.entry(ip).or_insert_with(|| Entry {
            value: init(),
            last_seen_ms: now_ms,
        });
        e.last_seen_ms = now_ms;
        f(&mut e.value)
    }

    /// Reads the entry of `ip`, if any.
    pub fn get<R>(&self, ip: &IpAddr, f: impl FnOnce(&V) -> R) -> Option<R> {
        self.shard(ip).get(ip).map(|e| f(&e.value))
    }

    pub fn remove(&self, ip: &IpAddr) -> Option<V> {
        self.shard(ip).remove(ip).map(|e| e.value)
    }

    pub fn len(&self) -> usize {
        self.shards
            .iter()
            .map(|s| s.lock().unwrap_or_else(|p| p.into_inner()).len())
            .sum()
    }

    #[cfg(test)]
    pub fn capacity(&self) -> usize {
        self.cap_per_shard * SHARDS
    }

    /// Every entry, for listing (blacklist download and sharing).
    pub fn collect<R>(&self, mut f: impl FnMut(&IpAddr, &V) -> Option<R>) -> Vec<R> {
        let mut out = Vec::new();
        for s in &self.shards {
            let s = s.lock().unwrap_or_else(|p| p.into_inner());
            out.extend(s.iter().filter_map(|(k, e)| f(k, &e.value)));
        }
        out
    }
}

fn evict<V>(shard: &mut Shard<V>, cap: usize, now_ms: u64, ttl_ms: u64) {
    shard.retain(|_, e| now_ms.saturating_sub(e.last_seen_ms) < ttl_ms);
    if shard.len() < cap {
        return;
    }
    let mut seen: Vec<u64> = shard.values().map(|e| e.last_seen_ms).collect();
    let k = (cap / 8).max(1).min(seen.len() - 1);
    let (_, cut, _) = seen.select_nth_unstable(k);
    let cut = *cut;
    let mut to_remove = shard.len() + 1 - cap.saturating_sub(cap / 8).max(1);
    shard.retain(|_, e| {
        if to_remove > 0 && e.last_seen_ms <= cut {
            to_remove -= 1;
            false
        } else {
            true
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    fn ip(n: u32) -> IpAddr {
        IpAddr::V4(Ipv4Addr::from(n))
    }

    #[test]
    fn bounded_under_a_million_sources() {
        let t: SourceTable<u32> = SourceTable::new(1000);
        for n in 0..1_000_000u32 {
            t.update(ip(n), n as u64, 60_000, || 0, |v| *v += 1);
        }
        assert!(t.len() <= t.capacity(), "{} > {}", t.len(), t.capacity());
        assert!(t.len() >= t.capacity() / 2);
        // The most recent source is still tracked.
        assert_eq!(t.get(&ip(999_999), |v| *v), Some(1));
    }

    #[test]
    fn expired_entries_go_first() {
        let t: SourceTable<u32> = SourceTable::new(SHARDS);
        t.update(ip(1), 0, 10, || 7, |_| ());
        // Fill far past capacity much later: the old entry is expired.
        for n in 2..200 {
            t.update(ip(n), 1_000, 10, || 0, |_| ());
        }
        assert_eq!(t.get(&ip(1), |v| *v), None);
        assert!(t.len() <= t.capacity());
    }

    #[test]
    fn update_is_read_modify_write() {
        let t: SourceTable<u32> = SourceTable::new(10);
        for _ in 0..5 {
            t.update(ip(1), 0, 1000, || 0, |v| *v += 1);
        }
        assert_eq!(t.get(&ip(1), |v| *v), Some(5));
        assert_eq!(t.remove(&ip(1)), Some(5));
        assert_eq!(t.len(), 0);
    }
}
