//! One `flake.lock` node's `locked` attributes as a package: its purl, source and hash.

use ospo_plugin_sdk::{Hash, Package, PackageSource, purl, relpath};
use serde_json::Value;

/// A diagnostic code and message for a node that cannot become a package.
pub type Problem = (&'static str, String);

/// The package a node locks; `None` for a node with no `locked` (an unlocked input).
pub fn package(lockfile: &str, key: &str, node: &Value) -> Result<Option<Package>, Problem> {
    let Some(node) = node.as_object() else {
        return Err(("manifest-malformed", "is not an object".to_string()));
    };
    let Some(locked) = node.get("locked") else { return Ok(None) };
    let Some(locked) = locked.as_object() else {
        return Err(("manifest-malformed", "`locked` is not an object".to_string()));
    };
    let attr = |name: &str| locked.get(name).and_then(Value::as_str).filter(|s| !s.is_empty());
    let kind = attr("type").ok_or(("manifest-malformed", "`locked` has no `type`".to_string()))?;
    let rev = attr("rev");
    let name = generic_name(key);
    let (package, source) = match kind {
        "github" if attr("host").is_none() => {
            let (owner, repo) = owner_repo(&attr)?;
            let id = purl::purl("github", Some(owner), repo, rev).map_err(bad_purl)?;
            let url = format!("https://github.com/{owner}/{repo}");
            (Package::new("github", &format!("{owner}/{repo}"), rev).purl(&id), PackageSource::git(&url, rev))
        }
        "github" | "gitlab" | "sourcehut" => {
            let (owner, repo) = owner_repo(&attr)?;
            let host = attr("host").unwrap_or(match kind {
                "github" => "github.com",
                "gitlab" => "gitlab.com",
                _ => "git.sr.ht",
            });
            vcs(repo, &format!("https://{host}/{owner}/{repo}"), rev)?
        }
        "git" | "mercurial" => {
            let url = attr("url").ok_or(("manifest-malformed", format!("a `{kind}` node has no `url`")))?;
            let scheme = if kind == "git" { "git" } else { "hg" };
            let id = match rev {
                Some(rev) => format!("{scheme}+{url}@{rev}"),
                None => format!("{scheme}+{url}"),
            };
            let purl =
                purl::with_qualifiers("generic", None, name, rev, &[("vcs_url", &id)]).map_err(bad_purl)?;
            (Package::new("generic", name, rev).purl(&purl), PackageSource::git(url, rev))
        }
        "tarball" | "file" => {
            let url = attr("url").ok_or(("manifest-malformed", format!("a `{kind}` node has no `url`")))?;
            let purl = purl::with_qualifiers("generic", None, name, rev, &[("download_url", url)])
                .map_err(bad_purl)?;
            (Package::new("generic", name, rev).purl(&purl), PackageSource::url(url))
        }
        "path" => {
            let dir =
                attr("path").ok_or(("manifest-malformed", "a `path` node has no `path`".to_string()))?;
            // A relative path is relative to the flake, which is the lockfile's directory.
            let shown = relpath::join(relpath::parent(lockfile), dir).unwrap_or_else(|| dir.to_string());
            let purl = purl::purl("generic", None, name, None).map_err(bad_purl)?;
            (Package::new("generic", name, None).purl(&purl), PackageSource::path(relpath::shown(&shown)))
        }
        other => return Err(("manifest-unsupported", format!("source type `{other}` is not read"))),
    };
    let mut package = package.source(source);
    if let Some(hash) = attr("narHash").and_then(Hash::parse_integrity) {
        package = package.add_hash(hash);
    }
    Ok(Some(package))
}

fn owner_repo<'a>(attr: &impl Fn(&str) -> Option<&'a str>) -> Result<(&'a str, &'a str), Problem> {
    match (attr("owner"), attr("repo")) {
        (Some(owner), Some(repo)) => Ok((owner, repo)),
        _ => Err(("manifest-malformed", "a repository node lacks `owner` or `repo`".to_string())),
    }
}

/// A repository input that is not on github.com: generic, named for its repository.
fn vcs(repo: &str, url: &str, rev: Option<&str>) -> Result<(Package, PackageSource), Problem> {
    let vcs_url = match rev {
        Some(rev) => format!("git+{url}@{rev}"),
        None => format!("git+{url}"),
    };
    let purl =
        purl::with_qualifiers("generic", None, repo, rev, &[("vcs_url", &vcs_url)]).map_err(bad_purl)?;
    Ok((Package::new("generic", repo, rev).purl(&purl), PackageSource::git(url, rev)))
}

/// The node key without Nix's `_N` duplicate suffix.
fn generic_name(key: &str) -> &str {
    match key.rsplit_once('_') {
        Some((base, n)) if !base.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => base,
        _ => key,
    }
}

fn bad_purl(e: String) -> Problem {
    ("manifest-malformed", format!("cannot form a purl: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_suffixes_are_dropped() {
        assert_eq!(generic_name("nixpkgs_2"), "nixpkgs");
        assert_eq!(generic_name("flake-compat"), "flake-compat");
        assert_eq!(generic_name("nixpkgs-23_11x"), "nixpkgs-23_11x");
        assert_eq!(generic_name("_1"), "_1");
    }
}
