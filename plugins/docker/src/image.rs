//! An image reference (`[REGISTRY/]PATH[:TAG][@DIGEST]`) as Docker reads it, and its purl.

use ospo_plugin_sdk::{Hash, HashAlgorithm, Package, PackageSource, purl};

/// The registry an image without one comes from.
const DOCKER_HUB: &str = "docker.io";

/// A parsed reference.
#[derive(Debug, PartialEq, Eq)]
pub struct Image<'a> {
    /// `docker.io`, `ghcr.io`, `localhost:5000`.
    pub registry: &'a str,
    /// The repository path below the registry (`library/golang` on Docker Hub for `golang`).
    pub path: String,
    pub tag: Option<&'a str>,
    /// `sha256:<hex>`.
    pub digest: Option<&'a str>,
}

/// Reads a reference; `None` when it is not one (empty, spaces, a bad digest).
pub fn parse(reference: &str) -> Option<Image<'_>> {
    if reference.is_empty() || reference.contains(char::is_whitespace) {
        return None;
    }
    let (rest, digest) = match reference.split_once('@') {
        Some((rest, digest)) => (rest, Some(digest)),
        None => (reference, None),
    };
    if let Some(digest) = digest {
        let (alg, hex) = digest.split_once(':')?;
        if alg.is_empty() || hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
    }
    // A `:` after the last `/` starts the tag; one before it is a registry's port.
    let (name, tag) = match rest.rsplit_once(':') {
        Some((name, tag)) if !tag.contains('/') => (name, Some(tag)),
        _ => (rest, None),
    };
    if name.is_empty() || tag == Some("") {
        return None;
    }
    let (registry, path) = match name.split_once('/') {
        Some((first, rest)) if first.contains(['.', ':']) || first == "localhost" => {
            (first, rest.to_string())
        }
        _ => (DOCKER_HUB, name.to_string()),
    };
    let path = if registry == DOCKER_HUB && !path.contains('/') { format!("library/{path}") } else { path };
    Some(Image { registry, path, tag, digest })
}

impl Image<'_> {
    /// The name a user writes: the reference without tag or digest, Docker Hub implied.
    pub fn name(&self) -> String {
        let path = self.path.strip_prefix("library/").unwrap_or(&self.path);
        if self.registry == DOCKER_HUB {
            path.to_string()
        } else {
            format!("{}/{}", self.registry, self.path)
        }
    }

    /// The package: version the tag (`latest` when neither tag nor digest is given, as Docker
    /// pulls it), else the digest; purl `pkg:docker/NAMESPACE/NAME@VERSION` where VERSION is the
    /// digest when pinned (the spec prefers it) with the tag in a `tag` qualifier, and a
    /// `repository_url` for registries other than Docker Hub.
    pub fn package(&self) -> Result<Package, String> {
        let tag = self.tag.or(if self.digest.is_none() { Some("latest") } else { None });
        let (namespace, name) = match self.path.rsplit_once('/') {
            Some(("library", name)) if self.registry == DOCKER_HUB => (None, name),
            Some((namespace, name)) => (Some(namespace), name),
            None => (None, self.path.as_str()),
        };
        let mut qualifiers: Vec<(&str, &str)> = Vec::new();
        if self.registry != DOCKER_HUB {
            qualifiers.push(("repository_url", self.registry));
        }
        if let (Some(tag), Some(_)) = (tag, self.digest) {
            qualifiers.push(("tag", tag));
        }
        let id = purl::with_qualifiers("docker", namespace, name, self.digest.or(tag), &qualifiers)?;
        let mut package = Package::new("docker", &self.name(), tag.or(self.digest))
            .purl(&id)
            .source(PackageSource::registry(self.registry));
        if let Some(hex) = self.digest.and_then(|d| d.strip_prefix("sha256:")) {
            package = package.hash(HashAlgorithm::Sha256, hex);
        } else if let Some(hash) = self.digest.and_then(Hash::parse_integrity) {
            package = package.add_hash(hash);
        }
        Ok(package)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        let golang = parse("golang:1.17.0-alpine").expect("an image");
        assert_eq!(
            (golang.registry, golang.path.as_str(), golang.tag),
            ("docker.io", "library/golang", Some("1.17.0-alpine"))
        );
        let local = parse("localhost:5000/team/app").expect("an image");
        assert_eq!((local.registry, local.path.as_str(), local.tag), ("localhost:5000", "team/app", None));
        let ghcr = parse("ghcr.io/org/tool:v1@sha256:abcd").expect("an image");
        assert_eq!((ghcr.tag, ghcr.digest), (Some("v1"), Some("sha256:abcd")));
        for bad in ["", "a b", "x@sha256:", "x@sha256:zz", ":tag", "x:"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn purls() {
        let id = |r: &str| parse(r).and_then(|i| i.package().ok()).map(|p| p.id).unwrap_or_default();
        assert_eq!(id("alpine"), "pkg:docker/alpine@latest");
        assert_eq!(id("tonistiigi/xx:1.2"), "pkg:docker/tonistiigi/xx@1.2");
        assert_eq!(
            id("gcr.io/distroless/static:nonroot"),
            "pkg:docker/distroless/static@nonroot?repository_url=gcr.io"
        );
        assert_eq!(id("node:22@sha256:ab12"), "pkg:docker/node@sha256:ab12?tag=22");
    }
}
