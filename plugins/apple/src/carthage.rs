//! Carthage's `Cartfile.resolved`: one dependency a line, `kind "identifier" "version"`.
//!
//! ```text
//! github "Quick/Nimble" "v8.0.1"
//! git "https://example.invalid/lib.git" "2.0.0"
//! binary "https://…/MapboxAccounts.json" "0.0.1"
//! ```
//!
//! The `Cartfile` beside it says what is direct, `Cartfile.private` what is only for development.

use ospo_plugin_sdk::{
    Completeness, DependencyScope, Diagnostic, Level, Manifest, Package, PackageSource, ParseOutput, host,
    purl, relpath,
};

use crate::resolved::repo_segments;

/// A line's kind and its quoted fields, `#` comments ignored.
fn fields(line: &str) -> Option<(&str, Vec<&str>)> {
    let line = line.split(" #").next().unwrap_or_default().trim();
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    let (kind, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let quoted: Vec<&str> = rest.split('"').skip(1).step_by(2).collect();
    Some((kind, quoted))
}

/// What identifies a dependency across Cartfile and Cartfile.resolved.
fn key(kind: &str, identifier: &str) -> String {
    format!("{kind} {}", identifier.trim_end_matches('/').trim_end_matches(".git").to_ascii_lowercase())
}

fn is_commit(version: &str) -> bool {
    version.len() == 40 && version.bytes().all(|b| b.is_ascii_hexdigit())
}

fn declared(path: &str, name: &str) -> Vec<String> {
    let file = relpath::file_in(relpath::parent(path), name);
    let Ok(bytes) = host::read_file(&file) else { return Vec::new() };
    String::from_utf8_lossy(&bytes)
        .lines()
        .filter_map(fields)
        .filter_map(|(kind, quoted)| Some(key(kind, quoted.first()?)))
        .collect()
}

fn github(owner: &str, repo: &str, version: &str, url: &str) -> Result<Package, String> {
    let id = purl::purl("github", Some(owner), repo, Some(version))?;
    let commit = is_commit(version).then_some(version);
    Ok(Package::new("github", &format!("{owner}/{repo}"), Some(version))
        .purl(&id)
        .source(PackageSource::git(url, commit)))
}

fn package(kind: &str, identifier: &str, version: &str) -> Result<Option<Package>, String> {
    match kind {
        "github" if !identifier.contains("://") => {
            let (owner, repo) =
                identifier.split_once('/').ok_or_else(|| format!("`{identifier}` is not owner/repo"))?;
            github(owner, repo, version, &format!("https://github.com/{owner}/{repo}")).map(Some)
        }
        "github" | "git" => {
            let segments = repo_segments(identifier);
            if let [host, owner, repo] = segments.as_slice()
                && host.eq_ignore_ascii_case("github.com")
            {
                return github(owner, repo, version, identifier).map(Some);
            }
            let name = segments.last().ok_or_else(|| format!("`{identifier}` names no repository"))?;
            let commit = is_commit(version).then_some(version);
            let vcs = format!("git+{identifier}@{version}");
            let id = purl::with_qualifiers("generic", None, name, Some(version), &[("vcs_url", &vcs)])?;
            Ok(Some(
                Package::new("generic", name, Some(version))
                    .purl(&id)
                    .source(PackageSource::git(identifier, commit)),
            ))
        }
        "binary" => {
            let file = identifier.split(['?', '#']).next().unwrap_or_default().trim_end_matches('/');
            let file = file.rsplit('/').next().unwrap_or(file);
            let name = file.strip_suffix(".json").unwrap_or(file);
            if name.is_empty() {
                return Err(format!("`{identifier}` names no framework"));
            }
            let id =
                purl::with_qualifiers("generic", None, name, Some(version), &[("download_url", identifier)])?;
            Ok(Some(
                Package::new("generic", name, Some(version)).purl(&id).source(PackageSource::url(identifier)),
            ))
        }
        _ => Ok(None),
    }
}

pub fn parse(path: &str, text: &str, out: &mut ParseOutput) {
    let runtime = declared(path, "Cartfile");
    let development = declared(path, "Cartfile.private");
    for (index, raw) in text.lines().enumerate() {
        let line = Some(u32::try_from(index + 1).unwrap_or(u32::MAX));
        let Some((kind, quoted)) = fields(raw) else { continue };
        let (Some(identifier), Some(version)) = (quoted.first(), quoted.get(1)) else {
            out.diagnostics.push(
                Diagnostic::new(
                    "manifest-malformed",
                    Level::Error,
                    format!("Cartfile.resolved: `{}` is not `kind \"identifier\" \"version\"`", raw.trim()),
                )
                .at(path, line),
            );
            continue;
        };
        match package(kind, identifier, version) {
            Ok(Some(package)) => {
                let k = key(kind, identifier);
                let package = if development.contains(&k) && !runtime.contains(&k) {
                    package.direct(true).scope(DependencyScope::Development)
                } else {
                    package.direct(runtime.contains(&k))
                };
                if !out.packages.iter().any(|p| p.id == package.id) {
                    out.packages.push(package.location(path, line));
                }
            }
            Ok(None) => out.diagnostics.push(
                Diagnostic::new(
                    "manifest-unsupported",
                    Level::Warning,
                    format!("Cartfile.resolved: a `{kind}` line is not a kind this parser reads (github, git, binary)"),
                )
                .at(path, line),
            ),
            Err(message) => out.diagnostics.push(
                Diagnostic::new("manifest-malformed", Level::Error, format!("Cartfile.resolved: {message}"))
                    .at(path, line),
            ),
        }
    }
    out.manifests.push(Manifest::new(path, "github", "Cartfile.resolved", Completeness::Complete));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `git` lines, written here in the Cartfile line syntax (no public Cartfile.resolved with one
    /// was at hand): on GitHub it is a github purl, elsewhere a generic one with its URL.
    #[test]
    fn git_lines() {
        let mut out = ParseOutput::default();
        let text = "git \"https://github.com/ReactiveX/RxSwift.git\" \"6.5.0\"\ngit \"https://example.invalid/team/Lib.git\" \"0123456789abcdef0123456789abcdef01234567\"\nsvn \"x\" \"1\"\n";
        parse("Cartfile.resolved", text, &mut out);
        assert_eq!(out.packages[0].id, "pkg:github/reactivex/rxswift@6.5.0");
        let lib = &out.packages[1];
        assert!(
            lib.id.starts_with("pkg:generic/Lib@0123456789abcdef0123456789abcdef01234567?vcs_url="),
            "{}",
            lib.id
        );
        assert_eq!(
            lib.source.as_ref().and_then(|s| s.commit.as_deref()),
            Some("0123456789abcdef0123456789abcdef01234567")
        );
        assert_eq!(out.diagnostics.len(), 1);
        assert_eq!(
            (out.diagnostics[0].code.as_str(), out.diagnostics[0].line),
            ("manifest-unsupported", Some(3))
        );
    }
}
