//! HTTP parameter pollution: one parameter name given twice, within the query,
//! within the body, or across both, so that the application and a proxy or
//! WAF in front of it may each read a different value.
//!
//! Names ending in `[]` are the array convention of PHP, Rails and others and
//! are meant to repeat; they are not pollution.

use std::collections::HashSet;

use crate::verdict::{Check, Detection, Location};

/// Up to this many names, comparing each with the earlier ones costs less
/// than building a hash set (callgrind, a GET with four query values).
const FEW: usize = 16;

/// `names`: the parameter names in request order, query first, each with
/// where it was found (`QsVariables` or `PostVariables`).
pub(crate) fn check<'n>(
    names: impl Iterator<Item = (&'n str, Location)> + Clone,
) -> Option<Detection> {
    // An earlier equal name was skipped only if this one is skipped too.
    let skip = |n: &str| n.ends_with("[]") || n.is_empty();
    // The first few names go to the stack; index loops over them cost a
    // third of the chained iterators they replace (callgrind, four names).
    let mut few = [("", Location::QsVariables); FEW];
    let mut count = 0;
    for name in names.clone() {
        if count == FEW {
            return check_many(names, skip);
        }
        few[count] = name;
        count += 1;
    }
    let few = &few[..count];
    (1..few.len()).find_map(|i| {
        let (n, loc) = few[i];
        (!skip(n)
            && few[..i]
                .iter()
                .any(|&(p, _)| crate::swar::same(p.as_bytes(), n.as_bytes())))
        .then(|| Detection::new(Check::Hpp, loc, n))
    })
}

fn check_many<'n>(
    names: impl Iterator<Item = (&'n str, Location)>,
    skip: impl Fn(&str) -> bool,
) -> Option<Detection> {
    // Seeded per set, so crafted names cannot collide on purpose.
    let mut seen: HashSet<&str, foldhash::fast::RandomState> =
        HashSet::with_capacity_and_hasher(2 * FEW, Default::default());
    names.into_iter().find_map(|(n, loc)| {
        (!skip(n) && !seen.insert(n)).then(|| Detection::new(Check::Hpp, loc, n))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names of a query and a body, as the engine hands them over.
    fn check<'n>(query: &[&'n str], body: &[&'n str]) -> Option<Detection> {
        let q = query.iter().map(|&n| (n, Location::QsVariables));
        let b = body.iter().map(|&n| (n, Location::PostVariables));
        super::check(q.chain(b))
    }

    fn c<'n>(v: &[&'n str]) -> Vec<&'n str> {
        v.to_vec()
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
        let mut names: Vec<&str> = many.iter().map(String::as_str).collect();
        assert!(check(&names, &[]).is_none());
        names.push("x[]");
        names.push("x[]");
        assert!(check(&names, &[]).is_none());
        let d = check(&names, &c(&["n7"])).unwrap();
        assert_eq!(
            (d.location, d.payload.as_str()),
            (Location::PostVariables, "n7")
        );
        names.push("n3");
        let d = check(&names, &[]).unwrap();
        assert_eq!(
            (d.location, d.payload.as_str()),
            (Location::QsVariables, "n3")
        );
    }

    #[test]
    fn a_repeat_just_past_the_stack_array_is_found() {
        let many: Vec<String> = (0..FEW).map(|i| format!("n{i}")).collect();
        let mut names: Vec<&str> = many.iter().map(String::as_str).collect();
        assert!(check(&names, &[]).is_none());
        names.push("n0");
        let d = check(&names, &[]).unwrap();
        assert_eq!(d.payload, "n0");
        let d = check(&names[..FEW], &["n15"]).unwrap();
        assert_eq!(d.location, Location::PostVariables);
    }
}
