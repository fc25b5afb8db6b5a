//! SwiftPM's `Package.resolved`.
//!
//! ```text
//! v1: {"object": {"pins": [{"package": "swift-nio", "repositoryURL": "https://…/swift-nio.git",
//!                            "state": {"branch": null, "revision": "8a86…", "version": "2.19.0"}}]}, "version": 1}
//! v2, v3: {"pins": [{"identity": "yams", "kind": "remoteSourceControl", "location": "https://…/Yams.git",
//!                    "state": {"revision": "c7fa…", "version": "5.0.3"}}], "version": 2}
//! ```
//!
//! v3 only adds `originHash`.

use ospo_plugin_sdk::json_lines::{KeyLines, Segment};
use ospo_plugin_sdk::{
    Completeness, Diagnostic, Level, Manifest, Package, PackageSource, ParseOutput, host, purl, relpath,
};
use serde_json::Value;

/// `https://github.com/apple/swift-nio.git`, `git@github.com:apple/swift-nio` → the segments
/// `github.com`, `apple`, `swift-nio`.
pub fn repo_segments(url: &str) -> Vec<String> {
    let url = url.trim();
    let rest = match url.split_once("://") {
        Some((_, rest)) => rest,
        // scp-like `user@host:path`
        None => url,
    };
    let rest =
        rest.rsplit_once('@').map_or(rest, |(_, r)| r).replacen(':', "/", usize::from(!url.contains("://")));
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let rest = rest.trim_end_matches('/');
    let rest = rest.strip_suffix(".git").unwrap_or(rest);
    rest.split('/').filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// The comparable form of a repository URL: its lower-cased segments.
pub fn repo_key(url: &str) -> String {
    repo_segments(url).join("/").to_ascii_lowercase()
}

pub fn parse(path: &str, text: &str, out: &mut ParseOutput) {
    let doc: Value = match serde_json::from_str(text) {
        Ok(doc) => doc,
        Err(error) => {
            out.diagnostics.push(
                Diagnostic::new("manifest-malformed", Level::Error, format!("Package.resolved: {error}"))
                    .at(path, u32::try_from(error.line()).ok()),
            );
            return;
        }
    };
    let version = doc.get("version").and_then(Value::as_u64);
    let (pins, prefix, name_key, url_key): (Option<&Vec<Value>>, Vec<Segment>, &str, &str) = match version {
        Some(1) => (
            doc.pointer("/object/pins").and_then(Value::as_array),
            vec![Segment::key("object"), Segment::key("pins")],
            "package",
            "repositoryURL",
        ),
        Some(2 | 3) => {
            (doc.get("pins").and_then(Value::as_array), vec![Segment::key("pins")], "identity", "location")
        }
        other => {
            let seen = other.map_or_else(|| "none".to_string(), |v| v.to_string());
            out.diagnostics.push(
                Diagnostic::new(
                    "manifest-unsupported",
                    Level::Warning,
                    format!("Package.resolved format version {seen} is not one this parser reads (1, 2, 3)"),
                )
                .at(path, Some(1)),
            );
            return;
        }
    };
    let lines = KeyLines::new(text, prefix.len() + 2);
    let direct = direct_repositories(path);
    for (index, pin) in pins.into_iter().flatten().enumerate() {
        let mut key_path = prefix.clone();
        key_path.extend([Segment::Index(index), Segment::key(name_key)]);
        let line = lines.line(&key_path);
        let identity = pin.get(name_key).and_then(Value::as_str).unwrap_or_default();
        let location = pin.get(url_key).and_then(Value::as_str).unwrap_or_default();
        let state = pin.get("state");
        let field = |k: &str| state.and_then(|s| s.get(k)).and_then(Value::as_str);
        let (revision, release) = (field("revision"), field("version"));
        let kind = pin.get("kind").and_then(Value::as_str).unwrap_or("remoteSourceControl");
        match package(identity, location, kind, revision, release.or(revision)) {
            Ok(package) => {
                let is_direct = !location.is_empty() && direct.contains(&repo_key(location));
                if !out.packages.iter().any(|p| p.id == package.id) {
                    out.packages.push(package.direct(is_direct).location(path, line));
                }
            }
            Err(message) => out.diagnostics.push(
                Diagnostic::new(
                    "manifest-malformed",
                    Level::Error,
                    format!("Package.resolved: pin {identity:?}: {message}"),
                )
                .at(path, line),
            ),
        }
    }
    let format = format!("Package.resolved v{}", version.unwrap_or_default());
    out.manifests.push(Manifest::new(path, "swift", &format, Completeness::Complete));
}

fn package(
    identity: &str,
    location: &str,
    kind: &str,
    revision: Option<&str>,
    version: Option<&str>,
) -> Result<Package, String> {
    match kind {
        "localSourceControl" | "fileSystem" => {
            let name = if identity.is_empty() { location } else { identity };
            let id = purl::purl("generic", None, name, version)?;
            Ok(Package::new("generic", name, version).purl(&id).source(PackageSource::path(location)))
        }
        "registry" => {
            let (scope, name) = identity.split_once('.').ok_or("a registry identity is `scope.name`")?;
            let id = purl::purl("swift", Some(scope), name, version)?;
            Ok(Package::new("swift", identity, version).purl(&id))
        }
        _ => {
            let mut segments = repo_segments(location);
            let name = segments.pop().ok_or("no repository location")?;
            if segments.is_empty() {
                return Err(format!("`{location}` has no host"));
            }
            let id = purl::purl("swift", Some(&segments.join("/")), &name, version)?;
            let shown = if identity.is_empty() { name.as_str() } else { identity };
            Ok(Package::new("swift", shown, version).purl(&id).source(PackageSource::git(location, revision)))
        }
    }
}

/// Repository keys the project names itself: `.package(url: "…")` in `Package.swift`, or the
/// `repositoryURL = "…"` entries of the Xcode project a resolved file sits in.
fn direct_repositories(path: &str) -> Vec<String> {
    let dir = relpath::parent(path);
    let (manifest, needle) = match dir.strip_suffix("/project.xcworkspace/xcshareddata/swiftpm") {
        Some(xcodeproj) if xcodeproj.ends_with(".xcodeproj") => {
            (relpath::file_in(xcodeproj, "project.pbxproj"), "repositoryURL = ")
        }
        _ => (relpath::file_in(dir, "Package.swift"), "url:"),
    };
    let Ok(bytes) = host::read_file(&manifest) else { return Vec::new() };
    let text = String::from_utf8_lossy(&bytes);
    let mut keys = Vec::new();
    let mut rest: &str = &text;
    while let Some(at) = rest.find(needle) {
        rest = rest.get(at + needle.len()..).unwrap_or_default();
        let value = rest.trim_start();
        if let Some(quoted) = value.strip_prefix('"')
            && let Some(end) = quoted.find('"')
        {
            keys.push(repo_key(quoted.get(..end).unwrap_or_default()));
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repository_urls_become_segments() {
        assert_eq!(
            repo_segments("https://github.com/apple/swift-nio.git"),
            ["github.com", "apple", "swift-nio"]
        );
        assert_eq!(repo_segments("git@github.com:apple/swift-nio"), ["github.com", "apple", "swift-nio"]);
        assert_eq!(repo_segments("ssh://git@host.example:22/a/b/"), ["host.example:22", "a", "b"]);
        assert_eq!(
            repo_key("https://GitHub.com/Quick/Nimble.git"),
            repo_key("https://github.com/quick/nimble")
        );
    }
}
