//! The application's routes, for request validation: a path or method the
//! application does not serve is refused before it reaches the framework.

/// What the framework's router decided, when the adapter can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RouteHint {
    /// The adapter does not know: the core's [`RouteTable`] decides (if any).
    #[default]
    Unknown,
    /// A route serves this path and method.
    Matched,
    /// No route serves this path.
    NoRoute,
    /// A route serves this path, but not with this method.
    MethodNotAllowed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    /// One path segment of any value.
    Param,
    /// The rest of the path, possibly empty.
    Rest,
}

#[derive(Debug, Clone)]
struct Route {
    methods: Vec<String>,
    segments: Vec<Segment>,
}

/// The routes an application serves. Patterns may use the parameter syntax
/// of any supported framework: `{id}`, `:id`, `<id>`, and for the rest of the
/// path `{*rest}`, `*rest`, `{tail:.*}`, `<path..>`.
#[derive(Debug, Clone, Default)]
pub struct RouteTable {
    routes: Vec<Route>,
}

impl RouteTable {
    /// An empty table (request validation then relies on [`RouteHint`] only).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a route. An empty `methods` list means every method.
    pub fn add(&mut self, methods: &[&str], pattern: &str) -> &mut Self {
        let segments = pattern
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| {
                let inner = s
                    .strip_prefix('{')
                    .and_then(|x| x.strip_suffix('}'))
                    .or_else(|| s.strip_prefix('<').and_then(|x| x.strip_suffix('>')));
                match inner {
                    Some(i)
                        if i.starts_with('*')
                            || i.ends_with("..")
                            || i.ends_with(".*")
                            || i.ends_with(":.+") =>
                    {
                        Segment::Rest
                    }
                    Some(_) => Segment::Param,
                    None if s.starts_with(':') => Segment::Param,
                    None if s.starts_with('*') => Segment::Rest,
                    None => Segment::Literal(s.to_string()),
                }
            })
            .collect();
        self.routes.push(Route {
            methods: methods.iter().map(|m| m.to_ascii_uppercase()).collect(),
            segments,
        });
        self
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
    }

    /// Decides for `method` and `path` (the raw path; it is split on `/`).
    pub fn check(&self, method: &str, path: &str) -> RouteHint {
        if self.routes.is_empty() {
            return RouteHint::Unknown;
        }
        // On the stack for the usual few segments, split over bytes (see
        // `split_ascii`): this runs on every request when the core's table
        // decides routing (rocket).
        let segs: smallvec::SmallVec<[&str; 8]> = crate::request::split_ascii(path, b'/')
            .filter(|s| !s.is_empty())
            .collect();
        let mut path_known = false;
        for r in &self.routes {
            if matches(&r.segments, &segs) {
                path_known = true;
                if r.methods.is_empty()
                    || r.methods.iter().any(|m| m.eq_ignore_ascii_case(method))
                    // HEAD is served wherever GET is, by every framework.
                    || (method.eq_ignore_ascii_case("HEAD") && r.methods.iter().any(|m| m == "GET"))
                {
                    return RouteHint::Matched;
                }
            }
        }
        if path_known {
            RouteHint::MethodNotAllowed
        } else {
            RouteHint::NoRoute
        }
    }
}

fn matches(pattern: &[Segment], segs: &[&str]) -> bool {
    let mut i = 0;
    for (k, p) in pattern.iter().enumerate() {
        match p {
            Segment::Rest => return k == pattern.len() - 1 || i <= segs.len(),
            Segment::Param => {
                if i >= segs.len() {
                    return false;
                }
            }
            Segment::Literal(l) => {
                if !segs
                    .get(i)
                    .is_some_and(|s| crate::swar::same(s.as_bytes(), l.as_bytes()))
                {
                    return false;
                }
            }
        }
        i += 1;
    }
    i == segs.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_of_each_framework() {
        let mut t = RouteTable::new();
        t.add(&["GET"], "/")
            .add(&["GET", "POST"], "/users/{id}")
            .add(&["GET"], "/items/:id/detail")
            .add(&["GET"], "/hello/<name>")
            .add(&[], "/static/{*rest}")
            .add(&["GET"], "/files/<path..>");
        assert_eq!(t.check("GET", "/"), RouteHint::Matched);
        assert_eq!(t.check("HEAD", "/"), RouteHint::Matched);
        assert_eq!(t.check("POST", "/users/7"), RouteHint::Matched);
        assert_eq!(t.check("DELETE", "/users/7"), RouteHint::MethodNotAllowed);
        assert_eq!(t.check("GET", "/users"), RouteHint::NoRoute);
        assert_eq!(t.check("GET", "/users/7/x"), RouteHint::NoRoute);
        assert_eq!(t.check("GET", "/items/3/detail"), RouteHint::Matched);
        assert_eq!(t.check("GET", "/hello/bob"), RouteHint::Matched);
        assert_eq!(t.check("PUT", "/static/a/b/c.css"), RouteHint::Matched);
        assert_eq!(t.check("GET", "/files/a/b"), RouteHint::Matched);
        assert_eq!(t.check("GET", "/nope"), RouteHint::NoRoute);
        assert_eq!(RouteTable::new().check("GET", "/x"), RouteHint::Unknown);
    }
}
