//! NoSQL operator injection: a key that is a MongoDB query or update
//! operator where the application expects data. An application that hands
//! a client's JSON to its database as a filter or an update (the `mongodb`
//! crate takes a `bson::Document` made from a `serde_json::Value`) lets
//! `{"username": "admin", "password": {"$ne": null}}` log in without the
//! password, `{"$where": "sleep(5000)"}` run JavaScript on the server, and
//! `{"$set": {"role": "admin"}}` change what it was not asked to. A form or
//! query parsed with brackets (`serde_qs`, as PHP and Express do) reads
//! `password[$ne]=x` alike.
//!
//! Judged: JSON keys as the walker decoded them (`"\u0024ne"` is `$ne`), and
//! query and form parameter names, whole or as a bracketed part
//! (`password[$ne]`, `user[name][$regex]`). The operator is compared as
//! MongoDB reads it: case-sensitive, after no other decoding (the
//! application's parser decodes once; `%24ne` left in a name is text to the
//! database). Keys that start with `$` and are no operator pass: JSON
//! Schema's `$schema`, `$ref`, `$id`, OData's `$filter`, `$top`.

/// MongoDB operators that change what a filter matches, run code, or write
/// (sorted, for the binary search).
const OPERATORS: [&str; 37] = [
    "$accumulator",
    "$addToSet",
    "$all",
    "$and",
    "$bitsAllSet",
    "$bitsAnySet",
    "$currentDate",
    "$elemMatch",
    "$eq",
    "$exists",
    "$expr",
    "$function",
    "$gt",
    "$gte",
    "$in",
    "$inc",
    "$jsonSchema",
    "$lookup",
    "$lt",
    "$lte",
    "$max",
    "$min",
    "$mod",
    "$mul",
    "$ne",
    "$nin",
    "$nor",
    "$not",
    "$or",
    "$pull",
    "$push",
    "$regex",
    "$rename",
    "$set",
    "$type",
    "$unset",
    "$where",
];

/// Whether `key`, a JSON key, is a MongoDB operator.
pub(crate) fn is_operator(key: &str) -> bool {
    key.starts_with('$') && OPERATORS.binary_search(&key).is_ok()
}

/// Whether a parameter name holds a MongoDB operator, whole (`$where`) or
/// as a bracketed part (`password[$ne]`).
pub(crate) fn names_operator(name: &str) -> bool {
    if !name.contains('$') {
        return false;
    }
    is_operator(name)
        || name
            .split('[')
            .skip(1)
            .any(|part| part.split_once(']').is_some_and(|(p, _)| is_operator(p)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted() {
        assert!(OPERATORS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn operators_in_keys_and_names() {
        for k in ["$ne", "$where", "$regex", "$set", "$gt", "$function"] {
            assert!(is_operator(k), "{k}");
            assert!(names_operator(k), "{k}");
        }
        for n in [
            "password[$ne]",
            "user[name][$regex]",
            "filter[$or][0][role]",
            "q[$where]",
        ] {
            assert!(names_operator(n), "{n}");
        }
        for k in [
            "$schema",
            "$ref",
            "$id",
            "$filter",
            "$top",
            "$NE",
            "ne",
            "price$",
            "$",
            "",
            "a[$]",
            "cost[$usd]",
            "$ne ",
        ] {
            assert!(!names_operator(k), "{k}");
        }
    }
}
