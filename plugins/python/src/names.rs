//! Names, purls and paths shared by every format.
//!
//! PyPI names are compared and put in purls in their PEP 503 form (lower case, every run of
//! `-`, `_` and `.` one `-`): the SDK's purl builder lower-cases pypi names and turns `_` into
//! `-` as the purl spec says, but leaves `.` and runs alone, so `zope.interface` would not
//! match `zope-interface`. The package's `name` stays as the file writes it.

use ospo_plugin_sdk::purl;

/// The PEP 503 normal form of a distribution name.
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut in_run = false;
    for c in name.trim().chars() {
        if matches!(c, '-' | '_' | '.') {
            if !in_run {
                out.push('-');
            }
            in_run = true;
        } else {
            out.extend(c.to_lowercase());
            in_run = false;
        }
    }
    out
}

/// A valid PEP 508 distribution name: ASCII letters, digits, `.`, `_`, `-`, starting and ending
/// with a letter or digit.
pub fn is_valid(name: &str) -> bool {
    let bytes = name.as_bytes();
    let edge = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
    edge(bytes.first())
        && edge(bytes.last())
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// `pkg:pypi/<normalised name>@<version>` with `qualifiers`.
pub fn pypi_purl(name: &str, version: Option<&str>, qualifiers: &[(&str, &str)]) -> Result<String, String> {
    purl::with_qualifiers("pypi", None, &normalize(name), version, qualifiers)
}

/// `pkg:conda/<name>@<version>` with `qualifiers` (`build`, `channel`, `subdir`, `type`).
pub fn conda_purl(name: &str, version: Option<&str>, qualifiers: &[(&str, &str)]) -> Result<String, String> {
    purl::with_qualifiers("conda", None, &name.to_ascii_lowercase(), version, qualifiers)
}

/// The directory of a `/`-separated path (`""` for a file at the root).
pub fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |at| &path[..at])
}

/// The last component of a path.
pub fn file_name(path: &str) -> &str {
    path.rfind('/').map_or(path, |at| &path[at + 1..])
}

/// `rel` joined to directory `dir` and made canonical (`.` and `..` folded, `/` separators).
/// `None` when it climbs above the scan root or is absolute: such a path is outside what the
/// host lets a plugin read.
pub fn join(dir: &str, rel: &str) -> Option<String> {
    let rel = rel.replace('\\', "/");
    if rel.starts_with('/') || rel.get(1..3) == Some(":/") {
        return None;
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// A scan-root-relative path for display in a source: the joined path, `.` for the root, or
/// `rel` itself when it leaves the root.
pub fn local_path(dir: &str, rel: &str) -> String {
    match join(dir, rel) {
        Some(path) if path.is_empty() => ".".to_string(),
        Some(path) => path,
        None => rel.to_string(),
    }
}

/// True for a 40- or 64-digit hex string: a full git commit id.
pub fn is_commit(text: &str) -> bool {
    matches!(text.len(), 40 | 64) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pep503() {
        assert_eq!(normalize("Friendly-Bard"), "friendly-bard");
        assert_eq!(normalize("FrIeNdLy-._.-bArD"), "friendly-bard");
        assert_eq!(normalize("zope.interface"), "zope-interface");
        assert_eq!(normalize("typing_extensions"), "typing-extensions");
    }

    #[test]
    fn purls_use_the_normal_form() {
        assert_eq!(
            pypi_purl("Zope.Interface", Some("6.1"), &[]).as_deref(),
            Ok("pkg:pypi/zope-interface@6.1")
        );
        assert_eq!(pypi_purl("a__b", None, &[]).as_deref(), Ok("pkg:pypi/a-b"));
        assert_eq!(
            conda_purl("bzip2", Some("1.0.8"), &[("subdir", "linux-64"), ("build", "h5eee18b_6")]).as_deref(),
            Ok("pkg:conda/bzip2@1.0.8?build=h5eee18b_6&subdir=linux-64")
        );
    }

    #[test]
    fn names_and_paths() {
        assert!(is_valid("zope.interface") && is_valid("a") && !is_valid("-a") && !is_valid("a b"));
        assert_eq!(join("a/b", "../c/./d"), Some("a/c/d".into()));
        assert_eq!(join("", "x.txt"), Some("x.txt".into()));
        assert_eq!(join("a", "../../x"), None);
        assert_eq!(join("a", "/etc/passwd"), None);
        assert_eq!(local_path("a", ".."), ".");
        assert_eq!((parent("a/b/c.txt"), parent("c.txt"), file_name("a/b.txt")), ("a/b", "", "b.txt"));
        assert!(is_commit("3f2c1a9e5d0b7c4a1f8e2d6c9b3a7e4f1d0c8b2a") && !is_commit("main"));
    }
}
