//! Byte classes: a table giving each byte a set of class bits (0: none),
//! read once over a text. The plain-value test ([`crate::checks::injection`])
//! asks which classes a value holds; the JSON walker asks the same of each
//! string while it looks for the closing quote, so that a plain string is
//! known as such without being read twice.

/// The classes of the bytes of `b` ORed, up to the first byte of none, and
/// that byte's index (`b.len()` when every byte has a class).
#[inline(always)]
pub(crate) fn classed_prefix(b: &[u8], table: &[u8; 256]) -> (u8, usize) {
    let mut seen = 0u8;
    for (i, &c) in b.iter().enumerate() {
        let class = table[usize::from(c)];
        if class == 0 {
            return (seen, i);
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
}
