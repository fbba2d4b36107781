//! Byte searches eight bytes at a time in a `u64` ("SIMD within a
//! register"): for the short runs the JSON walker, the data-leak scans and
//! the SQLi rules look through, where `memchr` does not pay for its set-up
//! and a byte loop was the largest cost (callgrind); and the comparison of
//! short byte strings ([`same`]) without a call to the C library.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `w` equal to `byte`. Exact for the lowest
/// flagged byte; a higher one may be flagged falsely (a borrow), so callers
/// use only the lowest.
pub(crate) fn equal_to(w: u64, byte: u8) -> u64 {
    let x = w ^ (ONES * u64::from(byte));
    x.wrapping_sub(ONES) & !x & HIGH
}

/// The high bit of each byte of `w` below `n` (at most 0x80). Exact for the
/// lowest flagged byte, as [`equal_to`].
pub(crate) fn below(w: u64, n: u8) -> u64 {
    w.wrapping_sub(ONES * u64::from(n)) & !w & HIGH
}

/// The high bit of each byte of `w` from 0x80 up (exact).
pub(crate) fn non_ascii(w: u64) -> u64 {
    w & HIGH
}

/// Every index of `b` holding `byte`, in order: `memchr::memchr_iter` for
/// the short values where its set-up costs more than the search.
pub(crate) fn byte_positions(b: &[u8], byte: u8) -> impl Iterator<Item = usize> + '_ {
    positions(b, move |w| equal_to(w, byte), move |c| c == byte)
}

/// Every index of `b` that `wanted` accepts, in order, each found as
/// [`find`] finds the first.
pub(crate) fn positions<'a>(
    b: &'a [u8],
    flags: impl Fn(u64) -> u64 + 'a,
    wanted: impl Fn(u8) -> bool + 'a,
) -> impl Iterator<Item = usize> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        let i = find(b, from, &flags, &wanted)?;
        from = i + 1;
        Some(i)
    })
}

/// The index of the first byte at or after `from` that `wanted` accepts,
/// where `flags` gives, for eight bytes read little-endian, a word whose
/// lowest high bit marks the first such byte among them (0: none). The
/// bytes left at the end, fewer than eight, go through `wanted`. Inlined
/// always: the compiler once chose to call it out of line from the JSON
/// walker after an unrelated change elsewhere in the crate (+561
/// instructions on a 1 KiB JSON body's `check_request`, callgrind).
#[inline(always)]
pub(crate) fn find(
    b: &[u8],
    from: usize,
    flags: impl Fn(u64) -> u64,
    wanted: impl Fn(u8) -> bool,
) -> Option<usize> {
    let mut i = from;
    while let Some(chunk) = b.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().ok()?);
        let found = flags(w);
        if found != 0 {
            return Some(i + (found.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    b.get(i..)?.iter().position(|&c| wanted(c)).map(|k| i + k)
}

/// Whether `a` and `b` hold the same bytes, compared inline a word at a
/// time. `==` on slices calls the C library's `memcmp`: for the few bytes
/// of a parameter name, a header name or a host, the call and its size
/// dispatch cost more than the comparison, and more than callgrind's count
/// of their instructions says (perf on the actix demo: ~15 ns a call, six
/// calls a GET). Long strings still go to `memcmp`. Inlined always: called
/// out of line, as the compiler chose after an unrelated change, it cost
/// ~14 instructions a call (callgrind, `profile form`).
#[inline(always)]
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n > 64 {
        return a == b;
    }
    if n >= 8 {
        // Words from the start, then the last eight bytes (overlapping the
        // previous word when `n` is not a multiple of eight).
        let mut i = 0;
        while i + 8 < n {
            if word(a, i) != word(b, i) {
                return false;
            }
            i += 8;
        }
        return word(a, n - 8) == word(b, n - 8);
    }
    if n >= 4 {
        return half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4);
    }
    // 0 to 3 bytes: the first, the middle and the last cover them.
    n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1])
}

/// Whether `hay` starts with `prefix`, compared as [`same`] does.
#[inline]
pub(crate) fn starts_with(hay: &[u8], prefix: &[u8]) -> bool {
    hay.get(..prefix.len()).is_some_and(|h| same(h, prefix))
}

/// The eight bytes of `s` at `i`, as one word (read little-endian).
#[inline(always)]
pub(crate) fn word(s: &[u8], i: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&s[i..i + 8]);
    u64::from_le_bytes(w)
}

/// The four bytes of `s` at `i`, as one word (read little-endian).
#[inline(always)]
pub(crate) fn half(s: &[u8], i: usize) -> u32 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&s[i..i + 4]);
    u32::from_le_bytes(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_compares_every_byte_at_every_length() {
        // A difference at each position of each length up to past the
        // `memcmp` cut, so that no byte is left out of the words read.
        for n in 0..80 {
            let a: Vec<u8> = (0..n as u8).collect();
            assert!(same(&a, &a.clone()), "{n}");
            for i in 0..n {
                let mut b = a.clone();
                b[i] ^= 0x20;
                assert!(!same(&a, &b), "{n} {i}");
            }
            assert!(!same(&a, &a[..n.saturating_sub(1)]) || n == 0);
        }
    }

    proptest::proptest! {
        #[test]
        fn same_and_starts_with_agree_with_the_slice_answers(
            a in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..72),
            b in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..72),
            cut in 0usize..72,
        ) {
            proptest::prop_assert_eq!(same(&a, &b), a == b);
            proptest::prop_assert_eq!(starts_with(&a, &b), a.starts_with(&b));
            let prefix = &a[..cut.min(a.len())];
            proptest::prop_assert!(starts_with(&a, prefix));
            proptest::prop_assert_eq!(same(prefix, &b[..cut.min(b.len())]), *prefix == b[..cut.min(b.len())]);
        }
    }
}
