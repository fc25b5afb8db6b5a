//! `stack.yaml.lock`: the extra-deps of a `stack.yaml` (`packages:`) and its snapshot
//! (`snapshots:`), each as `completed` (what Stack resolved) and `original` (what was written).
//!
//! ```text
//! packages:
//! - completed:
//!     hackage: pantry-0.11.2@sha256:bc14...,7896
//!     pantry-tree: {sha256: 56e7..., size: 2722}
//!   original:
//!     hackage: pantry-0.11.2@sha256:bc14...,7896
//! snapshots:
//! - completed: {sha256: ..., size: 726334, url: ...}
//!   original: lts-24.24
//! ```
//!
//! A git entry completes to `git`, `commit`, `name`, `version` (and `subdir`), an archive to
//! `url`, `sha256`, `name`, `version`.

use ospo_plugin_sdk::{
    Completeness, Diagnostic, Hash, HashAlgorithm, Level, Manifest, Package, PackageSource, ParseOutput,
    SourceKind, purl,
};
use serde_yaml_ng::Value;

/// The 1-based line of each item of the top-level list `key:`.
fn item_lines(text: &str, key: &str) -> Vec<u32> {
    let mut lines = Vec::new();
    let mut inside = false;
    let mut indent = None;
    for (index, line) in text.lines().enumerate() {
        let line_no = u32::try_from(index + 1).unwrap_or(u32::MAX);
        if !line.starts_with([' ', '-', '#']) && !line.trim().is_empty() {
            inside = line.trim_end() == format!("{key}:");
            continue;
        }
        let trimmed = line.trim_start();
        if inside && trimmed.starts_with("- ") {
            let at = line.len() - trimmed.len();
            if *indent.get_or_insert(at) == at {
                lines.push(line_no);
            }
        }
    }
    lines
}

fn str_of<'v>(map: &'v Value, key: &str) -> Option<&'v str> {
    map.get(key).and_then(Value::as_str)
}

/// Text of a scalar: Stack writes versions and commits unquoted, so YAML may read them as numbers.
fn scalar(map: &Value, key: &str) -> Option<String> {
    match map.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `name-1.2.3@sha256:...,size` (or `name-1.2.3`) to its name and version.
fn split_hackage(spec: &str) -> Option<(&str, &str)> {
    let ident = spec.split('@').next()?.trim();
    let (name, version) = ident.rsplit_once('-')?;
    let numeric = !version.is_empty() && version.chars().all(|c| c.is_ascii_digit() || c == '.');
    (numeric && !name.is_empty()).then_some((name, version))
}

pub fn parse(path: &str, text: &str, out: &mut ParseOutput) {
    let doc: Value = match serde_yaml_ng::from_str(text) {
        Ok(doc) => doc,
        Err(error) => {
            let line = error.location().and_then(|l| u32::try_from(l.line()).ok());
            out.diagnostics.push(
                Diagnostic::new("manifest-malformed", Level::Error, format!("stack.yaml.lock: {error}"))
                    .at(path, line),
            );
            return;
        }
    };
    let lines = item_lines(text, "packages");
    let entries = doc.get("packages").and_then(Value::as_sequence).cloned().unwrap_or_default();
    for (index, item) in entries.iter().enumerate() {
        let line = lines.get(index).copied();
        let Some(entry) = item.get("completed").or_else(|| item.get("original")) else {
            out.diagnostics.push(
                Diagnostic::new(
                    "manifest-malformed",
                    Level::Error,
                    "stack.yaml.lock: an entry has no `completed` part",
                )
                .at(path, line),
            );
            continue;
        };
        match package(entry) {
            Ok(Some(package)) => {
                if !out.packages.iter().any(|p| p.id == package.id) {
                    out.packages.push(package.direct(true).location(path, line));
                }
            }
            Ok(None) => out.diagnostics.push(
                Diagnostic::new(
                    "manifest-unsupported",
                    Level::Warning,
                    "stack.yaml.lock: an entry is neither a Hackage, a git/hg nor an archive package",
                )
                .at(path, line),
            ),
            Err(message) => out.diagnostics.push(
                Diagnostic::new("manifest-malformed", Level::Error, format!("stack.yaml.lock: {message}"))
                    .at(path, line),
            ),
        }
    }
    let snapshot_lines = item_lines(text, "snapshots");
    for (index, snapshot) in
        doc.get("snapshots").and_then(Value::as_sequence).into_iter().flatten().enumerate()
    {
        let name = match snapshot.get("original") {
            Some(Value::String(s)) => s.clone(),
            Some(other) => str_of(other, "url").unwrap_or("a custom snapshot").to_string(),
            None => "a snapshot".to_string(),
        };
        out.diagnostics.push(
            Diagnostic::new(
                "snapshot-unlisted",
                Level::Info,
                format!("stack.yaml.lock: the packages of snapshot {name} are not listed; only extra-deps are reported"),
            )
            .at(path, snapshot_lines.get(index).copied()),
        );
    }
    out.manifests.push(Manifest::new(path, "hackage", "stack.yaml.lock", Completeness::DirectOnly));
}

/// One completed location as a package; `None` for a kind this parser does not know.
fn package(entry: &Value) -> Result<Option<Package>, String> {
    if let Some(spec) = str_of(entry, "hackage") {
        let (name, version) = split_hackage(spec).ok_or_else(|| format!("`{spec}` is not `name-version`"))?;
        let id = purl::purl("hackage", None, name, Some(version))?;
        return Ok(Some(
            Package::new("hackage", name, Some(version))
                .purl(&id)
                .source(PackageSource::new(SourceKind::Registry, None)),
        ));
    }
    let name = str_of(entry, "name");
    let version = scalar(entry, "version");
    let repo = str_of(entry, "git").map(|u| ("git", u)).or_else(|| str_of(entry, "hg").map(|u| ("hg", u)));
    if let Some((vcs, url)) = repo {
        let commit = scalar(entry, "commit").ok_or_else(|| format!("the {vcs} entry {url} has no commit"))?;
        let name = name.ok_or_else(|| format!("the {vcs} entry {url} has no name"))?;
        let qualifier = format!("{vcs}+{url}@{commit}");
        let mut id =
            purl::with_qualifiers("hackage", None, name, version.as_deref(), &[("vcs_url", &qualifier)])?;
        if let Some(subdir) = str_of(entry, "subdir") {
            id = format!("{id}#{}", subdir.trim_matches('/'));
        }
        return Ok(Some(
            Package::new("hackage", name, version.as_deref())
                .purl(&id)
                .source(PackageSource::git(url, Some(&commit))),
        ));
    }
    if let Some(url) = str_of(entry, "url") {
        let name = name.ok_or_else(|| format!("the archive {url} has no name"))?;
        let id = purl::with_qualifiers("hackage", None, name, version.as_deref(), &[("download_url", url)])?;
        let mut package =
            Package::new("hackage", name, version.as_deref()).purl(&id).source(PackageSource::url(url));
        if let Some(sha) =
            str_of(entry, "sha256").filter(|s| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()))
        {
            package = package.add_hash(Hash::new(HashAlgorithm::Sha256, sha));
        }
        return Ok(Some(package));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hackage_specs() {
        assert_eq!(
            split_hackage("Cabal-syntax-3.16.0.0@sha256:6a35,7509"),
            Some(("Cabal-syntax", "3.16.0.0"))
        );
        assert_eq!(split_hackage("acme-missiles-0.3"), Some(("acme-missiles", "0.3")));
        assert_eq!(split_hackage("nover"), None);
        assert_eq!(split_hackage("-1.0"), None);
    }

    /// The completed shape of a git extra-dep as this parser expects it (reconstructed from
    /// Stack's documented keys, not copied from a real lockfile).
    #[test]
    fn git_entries() {
        let text = "packages:\n- completed:\n    commit: 0123456789abcdef0123456789abcdef01234567\n    git: https://example.invalid/acme/lib.git\n    name: lib\n    version: 1.2.0\n    subdir: core\n  original:\n    commit: 0123456789abcdef0123456789abcdef01234567\n    git: https://example.invalid/acme/lib.git\nsnapshots: []\n";
        let mut out = ParseOutput::default();
        parse("stack.yaml.lock", text, &mut out);
        assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
        let lib = &out.packages[0];
        assert_eq!(
            lib.source,
            Some(PackageSource::git(
                "https://example.invalid/acme/lib.git",
                Some("0123456789abcdef0123456789abcdef01234567")
            ))
        );
        assert!(lib.id.ends_with("#core"), "{}", lib.id);
        assert_eq!(lib.locations[0].line, Some(2));
    }
}
