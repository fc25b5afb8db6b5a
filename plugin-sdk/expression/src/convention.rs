//! Names the host and plugins agree on, defined once here so both sides read the same ones.
//!
//! **The "see the licence file" reference.** A detector that meets "see LICENSE" (or npm's
//! `SEE LICENSE IN LICENSE.md`) and cannot read that file reports a `reference` finding with
//! expression [`see_file_ref`]`("LICENSE")` = `LicenseRef-see-LICENSE` and rule [`SEE_RULE`].
//! The host looks the named file up from the finding's directory towards the scan root and,
//! when the file's licence is known, replaces the expression with it and the rule with
//! [`resolved_rule`]`(file)`.

/// Expression prefix of a reference to a licence file not yet resolved.
pub const SEE_PREFIX: &str = "LicenseRef-see-";

/// Rule id of such a reference; a resolved one names the file after a colon ([`resolved_rule`]).
pub const SEE_RULE: &str = "reference/see-license-file";

/// The expression of a reference to licence file `file`: `LicenseRef-see-<file>`, each
/// character outside the SPDX idstring set (`[A-Za-z0-9.-]`, so `_` and `/`) written `-`.
pub fn see_file_ref(file: &str) -> String {
    let name: String = file
        .trim()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-') { c } else { '-' })
        .collect();
    format!("{SEE_PREFIX}{name}")
}

/// The file name an unresolved reference names (`LICENSE` for `LicenseRef-see-LICENSE`), as
/// [`see_file_ref`] wrote it (`_` already `-`). `None` for any other expression.
pub fn referenced_file(expression: &str) -> Option<&str> {
    expression.strip_prefix(SEE_PREFIX).filter(|name| !name.is_empty())
}

/// The rule id of a reference the host resolved to `file` (a path relative to the scan root).
pub fn resolved_rule(file: &str) -> String {
    format!("{SEE_RULE}:{file}")
}

/// Manifests whose directory is a project root, by file name (`*` stands for any stem): the
/// host concludes one project licence per such directory.
pub const PROJECT_MANIFESTS: &[&str] = &[
    "Cargo.toml",
    "package.json",
    "pyproject.toml",
    "setup.cfg",
    "PKG-INFO",
    "pom.xml",
    "composer.json",
    "go.mod",
    "build.gradle",
    "build.gradle.kts",
    "*.gemspec",
    "*.nuspec",
];

/// Manifests with a licence field (file name pattern, kind read as). `Cargo.toml.orig` is the
/// manifest as written, kept by cargo in every published crate beside the normalised
/// `Cargo.toml`; `METADATA` is an installed wheel's `PKG-INFO`. Not every project manifest has
/// a licence field (`go.mod`, Gradle), so this is not [`PROJECT_MANIFESTS`].
pub const LICENSE_MANIFESTS: &[(&str, &str)] = &[
    ("package.json", "package.json"),
    ("composer.json", "composer.json"),
    ("Cargo.toml", "Cargo.toml"),
    ("Cargo.toml.orig", "Cargo.toml"),
    ("pyproject.toml", "pyproject.toml"),
    ("setup.cfg", "setup.cfg"),
    ("PKG-INFO", "PKG-INFO"),
    ("METADATA", "PKG-INFO"),
    ("pom.xml", "pom.xml"),
    ("*.gemspec", "gemspec"),
    ("*.nuspec", "nuspec"),
];

/// Lockfiles and installed-package databases, by file name (`*` stands for any stem): the
/// licence fields in them are their packages' declared licences, which parsers report, not the
/// licence of the project holding the file, so licence detectors leave them alone.
pub const LOCKFILES: &[&str] = &[
    "package-lock.json",
    "npm-shrinkwrap.json",
    ".package-lock.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "bun.lock",
    "deno.lock",
    "composer.lock",
    "poetry.lock",
    "uv.lock",
    "Pipfile.lock",
    "pdm.lock",
    "pylock.toml",
    "conda-lock.yml",
    "Gemfile.lock",
    "gems.locked",
    "packages.lock.json",
    "*.deps.json",
    "paket.lock",
    "pubspec.lock",
    "mix.lock",
    "rebar.lock",
    "Podfile.lock",
    "Package.resolved",
    "renv.lock",
    "conan.lock",
    "Cargo.lock",
    "go.sum",
    "gradle.lockfile",
    "verification-metadata.xml",
    "flake.lock",
    "MODULE.bazel.lock",
    ".terraform.lock.hcl",
];

/// Whether `path`'s file is a [`LOCKFILES`] entry (or a PEP 751 `pylock.NAME.toml`).
pub fn is_lockfile(path: &str) -> bool {
    let name = file_name(path);
    LOCKFILES.iter().any(|p| name_matches(p, name))
        || (name.starts_with("pylock.") && name.ends_with(".toml"))
}

/// Stems of licence file names, matched case-insensitively as a prefix of the file name
/// (`LICENSE-MIT`, `Copying.txt`).
pub const LICENSE_FILE_STEMS: &[&str] = &["license", "licence", "copying", "unlicense", "notice"];

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn name_matches(pattern: &str, name: &str) -> bool {
    match pattern.strip_prefix('*') {
        Some(suffix) => name.ends_with(suffix),
        None => name == pattern,
    }
}

/// Whether `path`'s file is a [`PROJECT_MANIFESTS`] entry.
pub fn is_project_manifest(path: &str) -> bool {
    let name = file_name(path);
    PROJECT_MANIFESTS.iter().any(|p| name_matches(p, name))
}

/// The kind of licence-bearing manifest `path` is ([`LICENSE_MANIFESTS`]), by file name.
pub fn manifest_kind(path: &str) -> Option<&'static str> {
    let name = file_name(path);
    LICENSE_MANIFESTS.iter().find(|(p, _)| name_matches(p, name)).map(|&(_, kind)| kind)
}

/// Whether `path`'s file name starts with a [`LICENSE_FILE_STEMS`] stem, in any case.
pub fn is_license_file(path: &str) -> bool {
    let name = file_name(path).to_ascii_lowercase();
    LICENSE_FILE_STEMS.iter().any(|stem| name.starts_with(stem))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_round_trip() {
        assert_eq!(see_file_ref("LICENSE"), "LicenseRef-see-LICENSE");
        assert_eq!(see_file_ref("COPYING_LIB.txt"), "LicenseRef-see-COPYING-LIB.txt");
        assert_eq!(referenced_file(&see_file_ref("LICENSE.md")), Some("LICENSE.md"));
        assert_eq!(referenced_file("LicenseRef-see-"), None);
        assert_eq!(referenced_file("MIT"), None);
        assert_eq!(resolved_rule("crates/x/LICENSE"), "reference/see-license-file:crates/x/LICENSE");
        assert!(crate::validate(&see_file_ref("docs/a b.txt")).is_ok());
    }

    #[test]
    fn manifests_and_licence_files() {
        assert!(is_project_manifest("a/b/Cargo.toml"));
        assert!(is_project_manifest("x.gemspec"));
        assert!(!is_project_manifest("Cargo.lock"));
        assert_eq!(manifest_kind("pkg/Cargo.toml.orig"), Some("Cargo.toml"));
        assert_eq!(manifest_kind("site-packages/x.dist-info/METADATA"), Some("PKG-INFO"));
        assert_eq!(manifest_kind("go.mod"), None);
        assert!(is_license_file("LICENSE-MIT"));
        assert!(is_lockfile("web/package-lock.json"));
        assert!(is_lockfile("bin/Release/app.deps.json"));
        assert!(is_lockfile("pylock.dev.toml"));
        assert!(!is_lockfile("package.json"));
        assert!(is_license_file("sub/Copying.txt"));
        assert!(!is_license_file("src/licensing.rs"));
    }
}
