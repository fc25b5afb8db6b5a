//! One `uses:` value: a repository action or reusable workflow (`owner/repo[/path]@ref`), a
//! container (`docker://image`), or a local path (`./dir`), and the package it names.

use ospo_plugin_sdk::{HashAlgorithm, Package, PackageSource, purl};

/// What a ref is, as far as the text tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    /// A full 40-hex commit: immutable.
    Commit,
    /// Looks like a release tag (`v4`, `v4.1.0`, `1.2`): movable by the action's owner.
    Tag,
    /// Anything else (`main`, `stable`, `release/v2`): moves with every push.
    Branch,
}

/// A parsed `uses:`.
#[derive(Debug)]
pub enum Uses {
    /// `./path`: this repository's own action, not a dependency.
    Local,
    /// A GitHub repository action or workflow and how its ref pins it.
    Repo { package: Package, kind: RefKind, reference: String },
    /// `docker://...`; `pinned` when it carries a digest.
    Docker { package: Package, pinned: bool },
}

/// Reads `value` (already unquoted). `comment` is the text after `#` on the same line, which for
/// a commit pin conventionally holds the tag it was (`# v4.2.2`).
pub fn parse(value: &str, comment: Option<&str>) -> Result<Uses, String> {
    if value.starts_with("./") || value.starts_with(".\\") || value == "." {
        return Ok(Uses::Local);
    }
    if let Some(image) = value.strip_prefix("docker://") {
        return docker(image);
    }
    let (target, reference) = value.split_once('@').ok_or("no `@ref`")?;
    let mut parts = target.splitn(3, '/');
    let (Some(owner), Some(repo)) = (parts.next(), parts.next()) else {
        return Err("not `owner/repo[/path]@ref`".to_string());
    };
    let path = parts.next();
    if owner.is_empty() || repo.is_empty() || reference.is_empty() || value.contains("${{") {
        return Err("not `owner/repo[/path]@ref`".to_string());
    }
    let kind = ref_kind(reference);
    // The purl's namespace and repository are case-insensitive (lower-cased); a path is not.
    let name = match path {
        Some(path) => format!("{}/{path}", repo.to_ascii_lowercase()),
        None => repo.to_ascii_lowercase(),
    };
    let id = purl::purl("githubactions", Some(&owner.to_ascii_lowercase()), &name, Some(reference))?;
    // A commit pin's comment is the human version; advisories name versions that way.
    let version = match (kind, comment.and_then(version_comment)) {
        (RefKind::Commit, Some(tag)) => tag,
        _ => reference,
    };
    let url = format!("https://github.com/{owner}/{repo}");
    let commit = (kind == RefKind::Commit).then_some(reference);
    let package = Package::new("githubactions", target, Some(version))
        .purl(&id)
        .source(PackageSource::git(&url, commit));
    Ok(Uses::Repo { package, kind, reference: reference.to_string() })
}

fn ref_kind(reference: &str) -> RefKind {
    if reference.len() == 40 && reference.bytes().all(|b| b.is_ascii_hexdigit()) {
        RefKind::Commit
    } else if looks_like_version(reference) {
        RefKind::Tag
    } else {
        RefKind::Branch
    }
}

/// `v4`, `v4.1.0`, `1.2.3-rc.1`: a `v` or nothing, then a digit, then digits, dots and a suffix.
fn looks_like_version(text: &str) -> bool {
    let rest = text.strip_prefix(['v', 'V']).unwrap_or(text);
    rest.chars().next().is_some_and(|c| c.is_ascii_digit())
        && rest.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
}

/// The first word of a comment when it reads as a version (`v4.2.2`, `tag=v1.2`, `v1 (pinned)`).
fn version_comment(comment: &str) -> Option<&str> {
    let word = comment.split_whitespace().next()?;
    let word = word.rsplit('=').next().unwrap_or(word);
    looks_like_version(word).then_some(word)
}

/// `docker://[REGISTRY/]PATH[:TAG][@sha256:HEX]` as a `docker` package (the purl spec's type).
fn docker(reference: &str) -> Result<Uses, String> {
    let (rest, digest) = match reference.split_once('@') {
        Some((rest, digest)) => (rest, Some(digest)),
        None => (reference, None),
    };
    let (name, tag) = match rest.rsplit_once(':') {
        Some((name, tag)) if !tag.contains('/') => (name, Some(tag)),
        _ => (rest, None),
    };
    if name.is_empty() || tag == Some("") || name.contains(char::is_whitespace) {
        return Err("not an image reference".to_string());
    }
    let (registry, path) = match name.split_once('/') {
        Some((first, path)) if first.contains(['.', ':']) || first == "localhost" => (Some(first), path),
        _ => (None, name),
    };
    let path = path.strip_prefix("library/").filter(|_| registry.is_none()).unwrap_or(path);
    let (namespace, short) = match path.rsplit_once('/') {
        Some((namespace, short)) => (Some(namespace), short),
        None => (None, path),
    };
    let tag = tag.or(if digest.is_none() { Some("latest") } else { None });
    let mut qualifiers: Vec<(&str, &str)> = Vec::new();
    if let Some(registry) = registry {
        qualifiers.push(("repository_url", registry));
    }
    if let (Some(tag), Some(_)) = (tag, digest) {
        qualifiers.push(("tag", tag));
    }
    let id = purl::with_qualifiers("docker", namespace, short, digest.or(tag), &qualifiers)?;
    let mut package = Package::new("docker", name, tag.or(digest)).purl(&id);
    if let Some(hex) =
        digest.and_then(|d| d.strip_prefix("sha256:")).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        package = package.hash(HashAlgorithm::Sha256, hex);
    }
    Ok(Uses::Docker { package, pinned: digest.is_some() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo(value: &str, comment: Option<&str>) -> (String, Option<String>, RefKind) {
        match parse(value, comment) {
            Ok(Uses::Repo { package, kind, .. }) => (package.id, package.version, kind),
            other => panic!("{value}: {other:?}"),
        }
    }

    #[test]
    fn repository_refs() {
        let (id, version, kind) =
            repo("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683", Some("v4.2.2"));
        assert_eq!(id, "pkg:githubactions/actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683");
        assert_eq!((version.as_deref(), kind), (Some("v4.2.2"), RefKind::Commit));
        let (id, _, kind) = repo("github/codeql-action/upload-sarif@v3", None);
        assert_eq!(
            (id.as_str(), kind),
            ("pkg:githubactions/github/codeql-action%2Fupload-sarif@v3", RefKind::Tag)
        );
        assert_eq!(repo("dtolnay/rust-toolchain@stable", None).2, RefKind::Branch);
        assert_eq!(repo("Org/Repo@release/v2", None).0, "pkg:githubactions/org/repo@release/v2");
        let (_, version, _) = repo("a/b@2541b1294d2704b0964813337f33b291d3f8596b", Some("pin for safety"));
        assert_eq!(version.as_deref(), Some("2541b1294d2704b0964813337f33b291d3f8596b"));
        assert!(matches!(parse("./.github/actions/x", None), Ok(Uses::Local)));
        for bad in ["actions/checkout", "checkout@v4", "a/@v1", "a/b@", "a/b@${{ matrix.v }}"] {
            assert!(parse(bad, None).is_err(), "{bad}");
        }
    }

    #[test]
    fn docker_refs() {
        let Ok(Uses::Docker { package, pinned }) = parse("docker://alpine:3.8", None) else {
            panic!("docker")
        };
        assert_eq!((package.id.as_str(), pinned), ("pkg:docker/alpine@3.8", false));
        let Ok(Uses::Docker { package, pinned }) = parse("docker://ghcr.io/o/img@sha256:ab12", None) else {
            panic!("docker")
        };
        assert_eq!(
            (package.id.as_str(), pinned),
            ("pkg:docker/o/img@sha256:ab12?repository_url=ghcr.io", true)
        );
        assert!(parse("docker://", None).is_err());
    }
}
