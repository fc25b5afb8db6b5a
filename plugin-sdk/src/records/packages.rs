//! What parsers report: packages (with their sources, hashes and declared licences), the
//! dependency edges between them, and the manifests read.

use crate::{
    Completeness, ConcludedLicense, DeclaredLicense, DependencyEdge, DependencyScope, Hash, HashAlgorithm,
    Location, Manifest, Package, PackageSource, SourceKind,
};

impl Package {
    /// A runtime, transitive, non-optional package. Its id is `ecosystem:name@version` (or
    /// `ecosystem:name`) until [`Package::purl`] makes it the purl.
    pub fn new(ecosystem: &str, name: &str, version: Option<&str>) -> Self {
        let id = match version {
            Some(version) => format!("{ecosystem}:{name}@{version}"),
            None => format!("{ecosystem}:{name}"),
        };
        Package {
            id,
            name: name.to_string(),
            version: version.map(str::to_string),
            ecosystem: ecosystem.to_string(),
            purl: None,
            scope: DependencyScope::Runtime,
            direct: false,
            optional: false,
            locations: Vec::new(),
            hashes: Vec::new(),
            source: None,
            declared_license: None,
            detected_license: None,
            concluded_license: None,
            files_path: None,
            supplier: None,
            homepage: None,
        }
    }

    /// Sets the purl, which also becomes the id (ids are purls wherever there is one).
    pub fn purl(mut self, purl: &str) -> Self {
        self.purl = Some(purl.to_string());
        self.id = purl.to_string();
        self
    }

    /// Overrides the id (unique within a scan).
    pub fn id(mut self, id: &str) -> Self {
        self.id = id.to_string();
        self
    }

    /// Declared by a project manifest rather than pulled in by another package.
    pub fn direct(mut self, direct: bool) -> Self {
        self.direct = direct;
        self
    }

    /// What the package is needed for.
    pub fn scope(mut self, scope: DependencyScope) -> Self {
        self.scope = scope;
        self
    }

    /// Installed only when a feature or platform asks for it.
    pub fn optional(mut self, optional: bool) -> Self {
        self.optional = optional;
        self
    }

    /// Adds a manifest or lockfile that lists the package, with the line where known.
    pub fn location(mut self, path: &str, line: Option<u32>) -> Self {
        self.locations.push(Location::new(path, line));
        self
    }

    /// Adds a hash (`value` is stored lowercase).
    pub fn hash(mut self, algorithm: HashAlgorithm, value: &str) -> Self {
        self.hashes.push(Hash::new(algorithm, value));
        self
    }

    /// Adds a hash already built, e.g. by [`Hash::parse_integrity`].
    pub fn add_hash(mut self, hash: Hash) -> Self {
        self.hashes.push(hash);
        self
    }

    /// Where the package comes from.
    pub fn source(mut self, source: PackageSource) -> Self {
        self.source = Some(source);
        self
    }

    /// The licence the package's metadata states.
    pub fn declared(mut self, license: DeclaredLicense) -> Self {
        self.declared_license = Some(license);
        self
    }

    /// A licence someone already concluded for the package, as a supplier's SBOM states it. The
    /// host keeps it (a curation still overrides it); parsers of ordinary manifests leave it unset.
    pub fn concluded(mut self, license: ConcludedLicense) -> Self {
        self.concluded_license = Some(license);
        self
    }

    /// Who supplies the package (an SBOM's supplier).
    pub fn supplier(mut self, supplier: &str) -> Self {
        self.supplier = Some(supplier.to_string());
        self
    }

    /// The package's homepage.
    pub fn homepage(mut self, url: &str) -> Self {
        self.homepage = Some(url.to_string());
        self
    }
}

impl PackageSource {
    /// A source of `kind` at `url` (the path for [`SourceKind::Path`]), no commit.
    pub fn new(kind: SourceKind, url: Option<&str>) -> Self {
        PackageSource { kind, url: url.map(str::to_string), commit: None }
    }

    /// A registry (crates.io, the npm registry) at `url`.
    pub fn registry(url: &str) -> Self {
        Self::new(SourceKind::Registry, Some(url))
    }

    /// A git repository, pinned to `commit` when known.
    pub fn git(url: &str, commit: Option<&str>) -> Self {
        PackageSource { commit: commit.map(str::to_string), ..Self::new(SourceKind::Git, Some(url)) }
    }

    /// A local path (relative to the scan root when inside it).
    pub fn path(path: &str) -> Self {
        Self::new(SourceKind::Path, Some(path))
    }

    /// A download URL.
    pub fn url(url: &str) -> Self {
        Self::new(SourceKind::Url, Some(url))
    }
}

/// [`crate::expression::normalize`]'s expression for `raw`, remembered: a lockfile repeats a
/// few dozen licence strings across thousands of packages, and normalising is a parse.
fn normalized(raw: &str) -> String {
    use std::cell::RefCell;
    use std::collections::HashMap;
    /// Enough for every distinct licence string of a large lockfile; past it, no more are kept.
    const KEPT: usize = 4096;
    thread_local! {
        static SEEN: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
    }
    SEEN.with(|seen| {
        if let Some(expression) = seen.borrow().get(raw) {
            return expression.clone();
        }
        let expression = crate::expression::normalize(raw).expression;
        let mut seen = seen.borrow_mut();
        if seen.len() < KEPT {
            seen.insert(raw.to_string(), expression.clone());
        }
        expression
    })
}

impl DeclaredLicense {
    /// `raw` as written, normalised with [`crate::expression::normalize`] (`MIT/Apache-2.0` is
    /// `MIT OR Apache-2.0`; a name that maps to no SPDX licence becomes a `LicenseRef-`).
    pub fn parse(raw: &str) -> Self {
        DeclaredLicense { raw: raw.to_string(), expression: normalized(raw), path: None }
    }

    /// `raw` as written and the expression the caller normalised it to.
    pub fn new(raw: &str, expression: &str) -> Self {
        DeclaredLicense { raw: raw.to_string(), expression: expression.to_string(), path: None }
    }

    /// The file that declares it, when it is not the package's manifest location.
    pub fn path(mut self, path: &str) -> Self {
        self.path = Some(path.to_string());
        self
    }
}

impl ConcludedLicense {
    /// The licence an OSPO acts on, and why (the host concludes these).
    pub fn new(expression: &str, reason: &str) -> Self {
        ConcludedLicense { expression: expression.to_string(), reason: reason.to_string() }
    }
}

impl DependencyEdge {
    /// `from` depends on `to` (package ids), not optionally.
    pub fn new(from: &str, to: &str, scope: DependencyScope) -> Self {
        DependencyEdge { from: from.to_string(), to: to.to_string(), scope, optional: false }
    }

    /// Whether the dependency is only installed for a feature or platform.
    pub fn optional(mut self, optional: bool) -> Self {
        self.optional = optional;
        self
    }
}

impl Manifest {
    /// A manifest or lockfile read: its path, ecosystem, format as users name it
    /// (`Cargo.lock v4`), and how much of the graph it gives.
    pub fn new(path: &str, ecosystem: &str, format: &str, completeness: Completeness) -> Self {
        Manifest {
            path: path.to_string(),
            ecosystem: ecosystem.to_string(),
            format: format.to_string(),
            completeness,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_defaults_and_id() {
        let p = Package::new("cargo", "serde", Some("1.0.0"));
        assert_eq!(p.id, "cargo:serde@1.0.0");
        assert_eq!((p.scope, p.direct, p.optional), (DependencyScope::Runtime, false, false));
        assert_eq!(Package::new("npm", "left-pad", None).id, "npm:left-pad");
    }

    #[test]
    fn package_builder() {
        let p = Package::new("cargo", "serde", Some("1.0.0"))
            .purl("pkg:cargo/serde@1.0.0")
            .direct(true)
            .scope(DependencyScope::Build)
            .optional(true)
            .location("Cargo.lock", Some(12))
            .hash(HashAlgorithm::Sha256, "ABCDEF")
            .source(PackageSource::registry("https://github.com/rust-lang/crates.io-index"))
            .declared(DeclaredLicense::parse("MIT/Apache-2.0"));
        assert_eq!(p.id, "pkg:cargo/serde@1.0.0");
        assert_eq!(p.locations, [Location::new("Cargo.lock", Some(12))]);
        assert_eq!(p.hashes[0].value, "abcdef");
        assert_eq!(p.source.as_ref().map(|s| s.kind), Some(SourceKind::Registry));
        let declared = p.declared_license.as_ref().map(|d| (d.raw.as_str(), d.expression.as_str()));
        assert_eq!(declared, Some(("MIT/Apache-2.0", "MIT OR Apache-2.0")));
    }

    #[test]
    fn integrity_hashes() {
        let hash = Hash::parse_integrity("sha256:ABCD").expect("valid integrity");
        let p = Package::new("npm", "a", Some("1.0.0")).add_hash(hash);
        assert_eq!(p.hashes, [Hash::new(HashAlgorithm::Sha256, "abcd")]);
    }

    #[test]
    fn edges_and_manifests() {
        let e = DependencyEdge::new("a", "b", DependencyScope::Development).optional(true);
        assert!(e.optional);
        let m = Manifest::new("Cargo.lock", "cargo", "Cargo.lock v4", Completeness::Complete);
        assert_eq!(m.completeness, Completeness::Complete);
        let git = PackageSource::git("https://example.invalid/x.git", Some("3f2c1a9"));
        assert_eq!(git.commit.as_deref(), Some("3f2c1a9"));
    }
}
