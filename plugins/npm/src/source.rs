//! Where a package comes from, as the lockfiles write it: a registry tarball, a git repository
//! pinned to a commit, a tarball URL, or a local path (`file:`, `link:`, a bare directory).
//!
//! Registry packages get no purl qualifier (the purl type implies the npm registry; naming a
//! mirror would need its default spelled out here). A git package's purl carries the lockfile's
//! `vcs_url`, a tarball's its `download_url`, so neither passes for the registry release of the
//! same name and version.

use ospo_plugin_sdk::{PackageSource, relpath};

/// Qualifiers a source adds to a purl.
pub type Qualifiers = Vec<(&'static str, String)>;

/// The source of a package named `name` resolved to `resolved`, relative paths taken against
/// `dir` (the lockfile's directory, relative to the scan root).
pub fn from_resolved(resolved: &str, name: &str, dir: &str) -> (Option<PackageSource>, Qualifiers) {
    let resolved = resolved.trim();
    if resolved.is_empty() {
        return (None, Vec::new());
    }
    if is_git(resolved) {
        let (url, commit) = match resolved.rsplit_once('#') {
            Some((url, commit)) if !commit.is_empty() => (url, Some(commit)),
            _ => (resolved, None),
        };
        let url = url.strip_prefix("git+").unwrap_or(url);
        return (Some(PackageSource::git(url, commit)), vec![("vcs_url", resolved.to_string())]);
    }
    if resolved.starts_with("http://") || resolved.starts_with("https://") {
        // A fragment is yarn's sha1 of the tarball, not part of where it lives.
        let url = resolved.split('#').next().unwrap_or(resolved);
        if let Some(base) = registry_base(url, name) {
            return (Some(PackageSource::registry(base)), Vec::new());
        }
        return (Some(PackageSource::url(url)), vec![("download_url", url.to_string())]);
    }
    let local = resolved
        .strip_prefix("file:")
        .or_else(|| resolved.strip_prefix("link:"))
        .or_else(|| resolved.strip_prefix("portal:"))
        .unwrap_or(resolved);
    (Some(local_path(dir, local)), Vec::new())
}

/// A local directory or tarball `rel` (relative to `dir`) as a path source, relative to the scan
/// root when it stays inside it.
pub fn local_path(dir: &str, rel: &str) -> PackageSource {
    match relpath::join(dir, rel) {
        Some(joined) => PackageSource::path(relpath::shown(&joined)),
        None => PackageSource::path(rel),
    }
}

/// Whether a resolution names a git repository.
pub fn is_git(spec: &str) -> bool {
    ["git+", "git://", "git@", "github:", "gitlab:", "bitbucket:"].iter().any(|p| spec.starts_with(p))
}

/// The registry a tarball URL belongs to: registries serve `<base>/<name>/-/<file>.tgz`.
fn registry_base<'a>(url: &'a str, name: &str) -> Option<&'a str> {
    let (before, file) = url.split_once("/-/")?;
    if !file.ends_with(".tgz") {
        return None;
    }
    // The name is written whole or with the scope's slash escaped.
    let escaped = name.replacen('/', "%2f", 1);
    let escaped_upper = name.replacen('/', "%2F", 1);
    [name, escaped.as_str(), escaped_upper.as_str()]
        .iter()
        .find_map(|n| before.strip_suffix(n).and_then(|b| b.strip_suffix('/')))
}

/// The package name at the end of a `node_modules/...` path (`@scope/name` or `name`).
pub fn name_from_path(path: &str) -> &str {
    match last_node_modules(path) {
        Some(at) => &path[at + "node_modules/".len()..],
        None => relpath::file_name(path),
    }
}

/// Whether `key` is a folder inside a `node_modules` (`node_modules/a`, `x/node_modules/a`).
pub fn in_node_modules(key: &str) -> bool {
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"/node_modules/"));
    key.starts_with("node_modules/") || FINDER.find(key.as_bytes()).is_some()
}

/// Where the last `node_modules/` of `path` starts: a backward scan, cheaper on short paths
/// than building a searcher (`str::rfind` builds one each call; a lockfile asks for every entry
/// and dependency).
pub fn last_node_modules(path: &str) -> Option<usize> {
    const NEEDLE: &[u8] = b"node_modules/";
    let bytes = path.as_bytes();
    let last = bytes.len().checked_sub(NEEDLE.len())?;
    (0..=last).rev().find(|&at| bytes[at] == b'n' && bytes[at..].starts_with(NEEDLE))
}

/// `npm:real@range` as an alias's target, split: `("real", "range")`.
pub fn alias_target(spec: &str) -> Option<(&str, &str)> {
    split_name_version(spec.strip_prefix("npm:")?)
}

/// `name@version` (`@scope/name@version` too) split at the `@` that ends the name.
pub fn split_name_version(spec: &str) -> Option<(&str, &str)> {
    let from = usize::from(spec.starts_with('@'));
    let at = spec.get(from..)?.find('@')? + from;
    let (name, version) = (spec.get(..at)?, spec.get(at + 1..)?);
    (!name.is_empty()).then_some((name, version))
}

/// The file name of a manifest path, for messages.
pub fn file_name(path: &str) -> &str {
    relpath::file_name(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ospo_plugin_sdk::SourceKind;

    #[test]
    fn sources_by_shape() {
        let (registry, q) = from_resolved(
            "https://r.example/@babel/code-frame/-/code-frame-7.29.7.tgz",
            "@babel/code-frame",
            "",
        );
        assert_eq!(registry, Some(PackageSource::registry("https://r.example")));
        assert!(q.is_empty());
        let (escaped, _) = from_resolved("https://r.example/npm/@a%2fb/-/b-1.0.0.tgz", "@a/b", "");
        assert_eq!(escaped, Some(PackageSource::registry("https://r.example/npm")));
        let (git, q) = from_resolved("git+ssh://git@example.invalid/acme/lib.git#0123abc", "lib", "");
        assert_eq!(git, Some(PackageSource::git("ssh://git@example.invalid/acme/lib.git", Some("0123abc"))));
        assert_eq!(q, [("vcs_url", "git+ssh://git@example.invalid/acme/lib.git#0123abc".to_string())]);
        let (tarball, q) = from_resolved("https://cdn.example/lib-1.0.0.tar.gz", "lib", "");
        assert_eq!(tarball.map(|s| s.kind), Some(SourceKind::Url));
        assert_eq!(q[0].0, "download_url");
        assert_eq!(
            from_resolved("file:../vendor/x", "x", "app/web").0,
            Some(PackageSource::path("app/vendor/x"))
        );
        assert_eq!(from_resolved("local-lib", "x", "").0, Some(PackageSource::path("local-lib")));
        assert_eq!(
            from_resolved("link:../../../../etc", "x", "a").0,
            Some(PackageSource::path("../../../../etc"))
        );
        assert_eq!(from_resolved("", "x", "").0, None);
    }

    #[test]
    fn names_and_aliases() {
        assert_eq!(name_from_path("node_modules/a/node_modules/@s/b"), "@s/b");
        assert_eq!(name_from_path("packages/app"), "app");
        assert_eq!(alias_target("npm:ms@^1.0.0"), Some(("ms", "^1.0.0")));
        assert_eq!(split_name_version("@babel/core@7.0.0"), Some(("@babel/core", "7.0.0")));
        assert_eq!(split_name_version("@babel/core"), None);
        assert_eq!(split_name_version("@"), None);
        assert_eq!(split_name_version("x@"), Some(("x", "")));
    }
}
