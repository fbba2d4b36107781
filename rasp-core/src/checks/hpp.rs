//! HTTP parameter pollution: one parameter name given twice, within the query,
//! within the body, or across both, so that the application and a proxy or
//! WAF in front of it may each read a different value.
//!
//! Names ending in `[]` are the array convention of PHP, Rails and others and
//! are meant to repeat; they are not pollution.

use std::borrow::Cow;
use std::collections::HashSet;

use crate::verdict::{Check, Detection, Location};

pub(crate) fn check(
    query_names: &[Cow<'_, str>],
    body_names: &[Cow<'_, str>],
) -> Option<Detection> {
    if query_names.len() + body_names.len() < 2 {
        return None;
    }
    // Seeded per set, so crafted names cannot collide on purpose.
    let mut seen: HashSet<&str, foldhash::fast::RandomState> =
        HashSet::with_capacity_and_hasher(query_names.len() + body_names.len(), Default::default());
    for (names, loc) in [
        (query_names, Location::QsVariables),
        (body_names, Location::PostVariables),
    ] {
        for n in names {
            let n = n.as_ref();
            if n.ends_with("[]") || n.is_empty() {
                continue;
            }
            if !seen.insert(n) {
                return Some(Detection::new(Check::Hpp, loc, n));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(v: &[&'static str]) -> Vec<Cow<'static, str>> {
        v.iter().map(|s| Cow::Borrowed(*s)).collect()
    }

    #[test]
    fn repeats() {
        assert!(check(&c(&["a", "b", "a"]), &[]).is_some());
        let d = check(&c(&["a"]), &c(&["a"])).unwrap();
        assert_eq!(d.location, Location::PostVariables);
        assert!(check(&[], &c(&["x", "x"])).is_some());
        assert!(check(&c(&["a", "b"]), &c(&["c"])).is_none());
        assert!(check(&c(&["id[]", "id[]"]), &[]).is_none());
    }
}
