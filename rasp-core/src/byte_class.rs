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
