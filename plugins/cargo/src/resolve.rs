//! Resolves the `dependencies` entries of a lockfile to the packages they name.
//!
//! Cargo writes the shortest unambiguous form: `name` when one package has that name,
//! `name version` when several versions are locked, and `name version (source)` when the same
//! version comes from several sources. v1 lockfiles always write the long form.

use std::collections::BTreeMap;

use crate::lockfile::Locked;

/// Finds packages by the forms Cargo writes.
pub struct Resolver<'a> {
    packages: &'a [Locked],
    by_name: BTreeMap<&'a str, Vec<usize>>,
}

/// Why an entry names no single package.
#[derive(Debug, PartialEq)]
pub enum Unresolved {
    Missing,
    Ambiguous(usize),
}

impl<'a> Resolver<'a> {
    pub fn new(packages: &'a [Locked]) -> Self {
        let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, package) in packages.iter().enumerate() {
            by_name.entry(package.name.as_str()).or_default().push(i);
        }
        Resolver { packages, by_name }
    }

    /// The index of the package `entry` names.
    pub fn resolve(&self, entry: &str) -> Result<usize, Unresolved> {
        let (name, rest) = entry.trim().split_once(' ').unwrap_or((entry.trim(), ""));
        let (version, source) = match rest.trim().split_once(' ') {
            Some((version, source)) => (Some(version), Some(source.trim())),
            None if rest.trim().is_empty() => (None, None),
            None => (Some(rest.trim()), None),
        };
        let source = source.map(|s| s.trim_start_matches('(').trim_end_matches(')'));
        let candidates: Vec<usize> = self
            .by_name
            .get(name)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&i| version.is_none_or(|v| self.packages[i].version == v))
            .filter(|&i| source.is_none_or(|s| self.packages[i].source.as_deref() == Some(s)))
            .collect();
        match candidates.as_slice() {
            [one] => Ok(*one),
            [] => Err(Unresolved::Missing),
            many => Err(Unresolved::Ambiguous(many.len())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CRATES_IO: &str = "registry+https://github.com/rust-lang/crates.io-index";
    const FORK: &str = "git+https://github.com/acme/log?branch=fix-kv#9d1c2b3a";

    fn locked(name: &str, version: &str, source: Option<&str>) -> Locked {
        Locked {
            name: name.into(),
            version: version.into(),
            source: source.map(Into::into),
            checksum: None,
            dependencies: Vec::new(),
            line: 1,
        }
    }

    fn packages() -> Vec<Locked> {
        vec![
            locked("anyhow", "1.0.105", Some(CRATES_IO)),
            locked("syn", "2.0.119", Some(CRATES_IO)),
            locked("syn", "3.0.10", Some(CRATES_IO)),
            locked("log", "0.4.35", Some(FORK)),
            locked("log", "0.4.35", Some(CRATES_IO)),
            locked("acme-core", "0.4.2", None),
        ]
    }

    #[test]
    fn resolves_every_form() {
        let packages = packages();
        let resolver = Resolver::new(&packages);
        assert_eq!(resolver.resolve("anyhow"), Ok(0));
        assert_eq!(resolver.resolve("syn 3.0.10"), Ok(2));
        assert_eq!(resolver.resolve(&format!("log 0.4.35 ({FORK})")), Ok(3));
        assert_eq!(resolver.resolve(&format!("log 0.4.35 ({CRATES_IO})")), Ok(4));
        assert_eq!(resolver.resolve("acme-core"), Ok(5));
        assert_eq!(resolver.resolve(&format!("anyhow 1.0.105 ({CRATES_IO})")), Ok(0));
    }

    #[test]
    fn reports_missing_and_ambiguous_entries() {
        let packages = packages();
        let resolver = Resolver::new(&packages);
        assert_eq!(resolver.resolve("syn"), Err(Unresolved::Ambiguous(2)));
        assert_eq!(resolver.resolve("log 0.4.35"), Err(Unresolved::Ambiguous(2)));
        assert_eq!(resolver.resolve("tokio"), Err(Unresolved::Missing));
        assert_eq!(resolver.resolve("syn 1.0.109"), Err(Unresolved::Missing));
    }
}
