//! Byte classes: a table giving each byte a set of class bits (0: none),
//! read once over a text. The plain-value test ([`crate::checks::injection`])
//! asks which classes a value holds; the JSON walker asks the same of each
//! string while it looks for the closing quote, so that a plain string is
//! known as such without being read twice.

/// The classes of the bytes of `b` ORed, up to the first byte of none, and
/// that byte's index (`b.len()` when every byte has a class).
///
/// Four bytes a turn, each still tested on its own. The loop a byte at a
/// time ran at a speed set by where the linker happened to put it: its 30
/// bytes crossed a 64-byte line of code in some builds and not in others,
/// and the JSON walker, which runs it on every string, took 0.66 to 0.77 s
/// for `profile json64k 20001` across builds of the same source (function
/// starts shifted by unrelated code and by `-align-all-functions`). Four a
/// turn took 0.61 to 0.66 s over the same builds; eight a turn did no
/// better and made the short values of a GET slower.
#[inline(always)]
pub(crate) fn classed_prefix(b: &[u8], table: &[u8; 256]) -> (u8, usize) {
    let mut seen = 0u8;
    let mut at = 0;
    for c in b.chunks_exact(4) {
        let c0 = table[usize::from(c[0])];
        if c0 == 0 {
            return (seen, at);
        }
        let c1 = table[usize::from(c[1])];
        if c1 == 0 {
            return (seen | c0, at + 1);
        }
        let c2 = table[usize::from(c[2])];
        if c2 == 0 {
            return (seen | c0 | c1, at + 2);
        }
        let c3 = table[usize::from(c[3])];
        if c3 == 0 {
            return (seen | c0 | c1 | c2, at + 3);
        }
        seen |= c0 | c1 | c2 | c3;
        at += 4;
    }
    for (i, &c) in b[at..].iter().enumerate() {
        let class = table[usize::from(c)];
        if class == 0 {
            return (seen, at + i);
        }
        seen |= class;
    }
    (seen, b.len())
}

/// `table` with `bit` added to each of `bytes`: how the byte tables are
/// built, at compile time.
pub(crate) const fn mark(mut table: [u8; 256], bytes: &[u8], bit: u8) -> [u8; 256] {
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] |= bit;
        i += 1;
    }
    table
}

/// The set of `bytes`, as a table of membership. A `bool` table, not a
/// [`mark`]ed one, where only membership is asked: the compiler's loop over
/// a `u8` table tested against 0 was ~90 instructions slower on a form body
/// (callgrind, `profile form`).
pub(crate) const fn set_of(bytes: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
}

/// The classes of the bytes of `b` ORed, or `None` when a byte has none.
#[inline]
pub(crate) fn classes_of(b: &[u8], table: &[u8; 256]) -> Option<u8> {
    let (seen, n) = classed_prefix(b, table);
    (n == b.len()).then_some(seen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_stops_at_the_first_unclassed_byte() {
        let mut t = [0u8; 256];
        t[usize::from(b'a')] = 1;
        t[usize::from(b'-')] = 4;
        assert_eq!(classed_prefix(b"a-a\"x", &t), (5, 3));
        assert_eq!(classed_prefix(b"", &t), (0, 0));
        assert_eq!(classes_of(b"aa", &t), Some(1));
        assert_eq!(classes_of(b"a-", &t), Some(5));
        assert_eq!(classes_of(b"ab", &t), None);
    }

    /// The four-a-turn loop against the definition, a byte at a time: every
    /// length to 19 and every place of the first unclassed byte, so that
    /// each of the four exits and the tail are taken.
    #[test]
    fn prefix_agrees_with_a_byte_at_a_time() {
        let mut t = [0u8; 256];
        for (i, c) in (b'a'..=b'h').enumerate() {
            t[usize::from(c)] = 1 << i;
        }
        let reference = |b: &[u8]| {
            let n = b
                .iter()
                .position(|&c| t[usize::from(c)] == 0)
                .unwrap_or(b.len());
            (b[..n].iter().fold(0, |s, &c| s | t[usize::from(c)]), n)
        };
        for len in 0..20 {
            let clean: Vec<u8> = (0..len).map(|i| b'a' + (i % 8) as u8).collect();
            assert_eq!(classed_prefix(&clean, &t), reference(&clean));
            for stop in 0..len {
                let mut b = clean.clone();
                b[stop] = b'"';
                assert_eq!(classed_prefix(&b, &t), reference(&b), "{b:?}");
                assert_eq!(classed_prefix(&b, &t).1, stop);
            }
        }
    }
}
