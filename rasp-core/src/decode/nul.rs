//! NUL bytes, which C-based back ends treat as the end of a string and
//! which attackers insert to split keywords (`sel\0ect`).

use std::borrow::Cow;

/// Removes NUL characters.
pub fn strip_nul(value: &str) -> Cow<'_, str> {
    if value.as_bytes().contains(&0) {
        Cow::Owned(value.replace('\0', ""))
    } else {
        Cow::Borrowed(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips() {
        assert_eq!(strip_nul("un\0ion"), "union");
        assert!(matches!(strip_nul("union"), Cow::Borrowed(_)));
    }
}
