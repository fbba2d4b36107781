//! Decoy paths: prefixes that only scanners ask for (`/.env`, `/.git/`, ...).
//!
//! Matched as a prefix of the cleaned path, as the reference does. A decoy
//! that the application really serves (its route table or router says so) is
//! not a decoy: a real `/login` page must not blacklist its users.

#[derive(Debug, Clone, Default)]
pub(crate) struct Decoy {
    prefixes: Vec<String>,
}

impl Decoy {
    pub fn new(routes: &[String]) -> Self {
        Decoy {
            prefixes: routes
                .iter()
                .map(|r| r.trim().to_string())
                .filter(|r| !r.is_empty())
                .collect(),
        }
    }

    /// The decoy prefix the path starts with.
    pub fn matches(&self, clean_path: &str) -> Option<&str> {
        self.prefixes
            .iter()
            .find(|p| crate::swar::starts_with(clean_path.as_bytes(), p.as_bytes()))
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_match() {
        let d = Decoy::new(&crate::config::default_decoy_routes());
        assert_eq!(d.matches("/.env"), Some("/.env"));
        assert_eq!(d.matches("/.git/config"), Some("/.git/"));
        assert_eq!(d.matches("/.aws/credentials"), Some("/.aws/"));
        assert_eq!(d.matches("/admin/users"), Some("/admin"));
        assert_eq!(d.matches("/api/users"), None);
        assert_eq!(d.matches("/"), None);
    }
}
