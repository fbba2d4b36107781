//! Byte searches eight bytes at a time in a `u64` ("SIMD within a
//! register"): for the short runs the JSON walker, the data-leak scans and
//! the SQLi rules look through, where `memchr` does not pay for its set-up
//! and a byte loop was the largest cost (callgrind).

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
