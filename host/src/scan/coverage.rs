//! Honest coverage: files that look like a manifest or lockfile of a known ecosystem but that no
//! loaded parser read. A disabled parser, a plugin set without one, or a format nobody supports
//! yet must show up as a diagnostic, not as an inventory that silently lacks those packages.

use globset::{Glob, GlobSet, GlobSetBuilder};

use super::dispatch::Job;
use super::walk::WalkedFile;
use crate::diagnostics::Code;
use crate::model::{Diagnostic, Manifest};

/// `(glob, ecosystem, what the file is, with its article)`: the manifests and lockfiles users expect a scanner
/// to read, whether or not a parser for them is loaded.
const KNOWN: &[(&str, &str, &str)] = &[
    ("**/Cargo.lock", "cargo", "a Cargo lockfile"),
    ("**/Cargo.toml", "cargo", "a Cargo manifest"),
    ("**/package-lock.json", "npm", "an npm lockfile"),
    ("**/npm-shrinkwrap.json", "npm", "an npm shrinkwrap"),
    ("**/yarn.lock", "npm", "a Yarn lockfile"),
    ("**/pnpm-lock.yaml", "npm", "a pnpm lockfile"),
    ("**/bun.lock", "npm", "a Bun lockfile"),
    ("**/bun.lockb", "npm", "a Bun binary lockfile"),
    ("**/deno.lock", "npm", "a Deno lockfile"),
    ("**/package.json", "npm", "a package.json manifest"),
    ("**/requirements*.txt", "pypi", "a pip requirements file"),
    ("**/poetry.lock", "pypi", "a Poetry lockfile"),
    ("**/uv.lock", "pypi", "a uv lockfile"),
    ("**/Pipfile.lock", "pypi", "a Pipenv lockfile"),
    ("**/pdm.lock", "pypi", "a PDM lockfile"),
    ("**/pylock.toml", "pypi", "a PEP 751 lockfile"),
    ("**/pylock.*.toml", "pypi", "a PEP 751 lockfile"),
    ("**/pyproject.toml", "pypi", "a pyproject.toml"),
    ("**/setup.py", "pypi", "a setuptools script"),
    ("**/environment.yml", "conda", "a conda environment"),
    ("**/conda-lock.yml", "conda", "a conda-lock lockfile"),
    ("**/*.dist-info/METADATA", "pypi", "an installed distribution"),
    ("**/go.mod", "golang", "a Go module"),
    ("**/go.work", "golang", "a Go workspace"),
    ("**/vendor/modules.txt", "golang", "a Go vendor list"),
    ("**/pom.xml", "maven", "a Maven POM"),
    ("**/gradle.lockfile", "maven", "a Gradle lockfile"),
    ("**/buildscript-gradle.lockfile", "maven", "a Gradle buildscript lockfile"),
    ("**/build.gradle", "maven", "a Gradle build script"),
    ("**/build.gradle.kts", "maven", "a Gradle build script"),
    ("**/*.sbt.lock", "maven", "an sbt lockfile"),
    ("**/Gemfile.lock", "gem", "a Bundler lockfile"),
    ("**/gems.locked", "gem", "a Bundler lockfile"),
    ("**/composer.lock", "composer", "a Composer lockfile"),
    ("**/composer.json", "composer", "a Composer manifest"),
    ("**/packages.lock.json", "nuget", "a NuGet lockfile"),
    ("**/packages.config", "nuget", "a NuGet packages.config"),
    ("**/*.csproj", "nuget", "an MSBuild project"),
    ("**/*.fsproj", "nuget", "an MSBuild project"),
    ("**/*.vbproj", "nuget", "an MSBuild project"),
    ("**/Directory.Packages.props", "nuget", "a NuGet central versions file"),
    ("**/paket.lock", "nuget", "a Paket lockfile"),
    ("**/*.deps.json", "nuget", "a .NET deps file"),
    ("**/pubspec.lock", "pub", "a Dart lockfile"),
    ("**/pubspec.yaml", "pub", "a Dart manifest"),
    ("**/mix.lock", "hex", "a Mix lockfile"),
    ("**/rebar.lock", "hex", "a rebar3 lockfile"),
    ("**/cabal.project.freeze", "hackage", "a Cabal freeze file"),
    ("**/stack.yaml.lock", "hackage", "a Stack lockfile"),
    ("**/Package.resolved", "swift", "a SwiftPM resolved file"),
    ("**/Podfile.lock", "cocoapods", "a CocoaPods lockfile"),
    ("**/Cartfile.resolved", "github", "a Carthage resolved file"),
    ("**/conan.lock", "conan", "a Conan lockfile"),
    ("**/vcpkg.json", "vcpkg", "a vcpkg manifest"),
    ("**/renv.lock", "cran", "a renv lockfile"),
    ("**/flake.lock", "nix", "a Nix flake lockfile"),
    ("**/MODULE.bazel.lock", "bazel", "a Bazel module lockfile"),
    ("**/.terraform.lock.hcl", "terraform", "a Terraform lockfile"),
    ("**/.github/workflows/*.yml", "githubactions", "a GitHub Actions workflow"),
    ("**/.github/workflows/*.yaml", "githubactions", "a GitHub Actions workflow"),
    ("**/Dockerfile", "docker", "a Dockerfile"),
    ("**/*.Dockerfile", "docker", "a Dockerfile"),
    ("**/action.yml", "githubactions", "a GitHub Actions composite action"),
    ("**/MODULE.bazel", "bazel", "a Bazel module file"),
    ("**/var/lib/dpkg/status.d/*", "deb", "a distroless dpkg database entry"),
    ("**/Containerfile", "docker", "a Containerfile"),
    ("**/var/lib/dpkg/status", "deb", "a dpkg database"),
    ("**/lib/apk/db/installed", "apk", "an apk database"),
    // SBOMs by their conventional names (the `sbom` parser also takes generic ones by content).
    ("**/*.cdx.json", "sbom", "a CycloneDX SBOM"),
    ("**/*.cdx.xml", "sbom", "a CycloneDX SBOM"),
    ("**/bom.json", "sbom", "a CycloneDX SBOM"),
    ("**/bom.xml", "sbom", "a CycloneDX SBOM"),
    ("**/*.spdx", "sbom", "an SPDX tag-value SBOM"),
    ("**/*.spdx.json", "sbom", "an SPDX SBOM"),
    ("**/*.spdx.jsonld", "sbom", "an SPDX 3 SBOM"),
    ("**/*.spdx3.json", "sbom", "an SPDX 3 SBOM"),
];

/// The known manifest globs, compiled once per scan.
pub struct KnownManifests {
    set: GlobSet,
}

impl KnownManifests {
    /// The table compiled once per process.
    pub fn get() -> &'static KnownManifests {
        static KNOWN_SET: std::sync::OnceLock<KnownManifests> = std::sync::OnceLock::new();
        KNOWN_SET.get_or_init(KnownManifests::new)
    }

    fn new() -> Self {
        let mut builder = GlobSetBuilder::new();
        for (glob, _, _) in KNOWN {
            // The table is ours and fixed: a bad entry is caught by the unit test below.
            if let Ok(glob) = Glob::new(glob) {
                builder.add(glob);
            }
        }
        KnownManifests { set: builder.build().unwrap_or_else(|_| GlobSet::empty()) }
    }

    /// The ecosystem and description of the first table entry `rel` matches.
    pub fn classify(&self, rel: &str) -> Option<(&'static str, &'static str)> {
        self.set.matches(rel).first().and_then(|&i| KNOWN.get(i)).map(|(_, eco, what)| (*eco, *what))
    }
}

/// One `manifest-unread` warning per known manifest that no parser wanted and that no manifest
/// of the same ecosystem in its own or a parent directory accounts for (a Cargo.toml beside the
/// Cargo.lock the cargo parser read, a workspace member below it).
pub fn unread(parsers: &[Job], files: &[WalkedFile], manifests: &[Manifest]) -> Vec<Diagnostic> {
    let known = KnownManifests::get();
    let mut diags = Vec::new();
    for file in files {
        let Some((ecosystem, what)) = known.classify(&file.rel) else { continue };
        if parsers.iter().any(|job| job.filter.wants(&file.rel)) {
            continue;
        }
        let dir = parent(&file.rel);
        let accounted = manifests.iter().any(|m| m.ecosystem == ecosystem && is_within(dir, parent(&m.path)));
        if accounted {
            continue;
        }
        diags.push(
            Diagnostic::of(
                Code::ManifestUnread,
                format!(
                    "{} looks like {what} ({ecosystem}), but no loaded parser reads it: its packages are \
                     not in the inventory",
                    file.rel
                ),
            )
            .at(&file.rel),
        );
    }
    diags
}

fn parent(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Whether directory `dir` is `ancestor` or lies below it (`""` is the root).
fn is_within(dir: &str, ancestor: &str) -> bool {
    ancestor.is_empty()
        || dir == ancestor
        || dir.strip_prefix(ancestor).is_some_and(|rest| rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_glob_compiles() {
        for (glob, _, _) in KNOWN {
            assert!(Glob::new(glob).is_ok(), "{glob}");
        }
    }

    #[test]
    fn classifies_by_file_name_anywhere_in_the_tree() {
        let known = KnownManifests::get();
        assert_eq!(known.classify("web/package-lock.json").map(|c| c.0), Some("npm"));
        assert_eq!(known.classify("requirements-dev.txt").map(|c| c.0), Some("pypi"));
        assert_eq!(known.classify("rootfs/var/lib/dpkg/status").map(|c| c.0), Some("deb"));
        assert_eq!(known.classify(".github/workflows/ci.yml").map(|c| c.0), Some("githubactions"));
        assert_eq!(known.classify("vendor/acme/bom.cdx.json").map(|c| c.0), Some("sbom"));
        assert_eq!(known.classify("images/alpine.spdx").map(|c| c.0), Some("sbom"));
        assert_eq!(known.classify("src/main.rs"), None);
    }

    #[test]
    fn a_parent_manifest_accounts_for_members() {
        assert!(is_within("crates/a", ""));
        assert!(is_within("crates/a", "crates"));
        assert!(!is_within("crates-old/a", "crates"));
        assert!(is_within("crates", "crates"));
    }
}
