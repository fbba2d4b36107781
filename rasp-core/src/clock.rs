//! The wall clock the engine reads once a request, for the blacklist's
//! expiries and the flood windows (epoch milliseconds).
//!
//! On Linux it is the coarse clock (`CLOCK_REALTIME_COARSE`): the time of the
//! last timer tick, read from the vDSO page without reading the time-stamp
//! counter. Its resolution is a tick (1 to 10 ms), far finer than the
//! windows it serves (whole seconds). `SystemTime::now` cost ~25 ns a read
//! in this VM against ~2 ns (a loop of 10 million reads of each), and showed
//! as `__vdso_clock_gettime` at +21 ns a GET on axum (`bench/perf_diff.py`).
//! Events keep `SystemTime`: their time is written, not compared.

/// Milliseconds since the Unix epoch, to a timer tick.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn now_ms() -> u64 {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::RealtimeCoarse);
    let s = u64::try_from(t.tv_sec).unwrap_or(0);
    let ns = u64::try_from(t.tv_nsec).unwrap_or(0);
    s.saturating_mul(1000).saturating_add(ns / 1_000_000)
}

/// Milliseconds since the Unix epoch.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub(crate) fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    fn precise_ms() -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0)
    }

    #[test]
    fn reads_the_wall_clock_in_milliseconds_to_a_tick() {
        for _ in 0..3 {
            let before = precise_ms();
            let now = now_ms();
            let after = precise_ms();
            // The coarse clock lags the precise one by at most a tick (10 ms
            // at the slowest kernel timer); it never runs ahead of it.
            assert!(now <= after, "{now} ahead of {after}");
            assert!(
                now + 20 >= before,
                "{now} behind {before} by more than a tick"
            );
            std::thread::sleep(Duration::from_millis(30));
        }
        let a = now_ms();
        std::thread::sleep(Duration::from_millis(50));
        let b = now_ms();
        let slept = b.saturating_sub(a);
        assert!((30..1000).contains(&slept), "50 ms read as {slept} ms");
    }
}
