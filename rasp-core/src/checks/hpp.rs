//! HTTP parameter pollution: one parameter name given twice, within the query,
//! within the body, or across both, so that the application and a proxy or
//! WAF in front of it may each read a different value.
//!
//! Names ending in `[]` are the array convention of PHP, Rails and others and
//! are meant to repeat; they are not pollution.

use std::borrow::Cow;
use std::collections::HashSet;

use crate::verdict::{Check, Detection, Location};

/// Up to this many names, comparing each with the earlier ones costs less
/// than building a hash set (callgrind, a GET with four query values).
const FEW: usize = 16;

pub(crate) fn check(
    query_names: &[Cow<'_, str>],
    body_names: &[Cow<'_, str>],
) -> Option<Detection> {
    let total = query_names.len() + body_names.len();
    if total < 2 {
        return None;
    }
    let names = || {
        query_names
            .iter()
            .map(|n| (n.as_ref(), Location::QsVariables))
            .chain(
                body_names
                    .iter()
                    .map(|n| (n.as_ref(), Location::PostVariables)),
            )
    };
    // An earlier equal name was skipped only if this one is skipped too.
    let skip = |n: &str| n.ends_with("[]") || n.is_empty();
    if total <= FEW {
        return names().enumerate().find_map(|(i, (n, loc))| {
            (!skip(n) && names().take(i).any(|(p, _)| p == n))
                .then(|| Detection::new(Check::Hpp, loc, n))
        });
    }
    // Seeded per set, so crafted names cannot collide on purpose.
    let mut seen: HashSet<&str, foldhash::fast::RandomState> =
        HashSet::with_capacity_and_hasher(total, Default::default());
    names().find_map(|(n, loc)| {
        (!skip(n) && !seen.insert(n)).then(|| Detection::new(Check::Hpp, loc, n))
    })
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

    #[test]
    fn many_names_take_the_set_path_with_the_same_answers() {
        let many: Vec<String> = (0..40).map(|i| format!("n{i}")).collect();
        let mut names: Vec<Cow<'_, str>> = many.iter().map(|s| Cow::Borrowed(s.as_str())).collect();
        assert!(check(&names, &[]).is_none());
        names.push(Cow::Borrowed("x[]"));
        names.push(Cow::Borrowed("x[]"));
        assert!(check(&names, &[]).is_none());
        let d = check(&names, &c(&["n7"])).unwrap();
        assert_eq!(
            (d.location, d.payload.as_str()),
            (Location::PostVariables, "n7")
        );
        names.push(Cow::Borrowed("n3"));
        let d = check(&names, &[]).unwrap();
        assert_eq!(
            (d.location, d.payload.as_str()),
            (Location::QsVariables, "n3")
        );
    }
}
