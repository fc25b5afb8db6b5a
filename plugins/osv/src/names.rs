//! Package names as the index keys them: OSV writes each ecosystem's names its own way, and a
//! package from a lockfile must meet its advisories whatever the spelling rules allow.

use ospo_plugin_sdk::Package;
use ospo_plugin_sdk::purl;

/// The purl type of an OSV ecosystem (`crates.io` is `cargo`), and the release after its `:`
/// (`Debian:11`). `None` for ecosystems with no package versions to compare (`GIT`, `Linux`).
pub fn purl_type(ecosystem: &str) -> Option<(&'static str, Option<String>)> {
    let (base, release) = match ecosystem.split_once(':') {
        Some((base, release)) => (base, Some(release.to_string())),
        None => (ecosystem, None),
    };
    let ty = match base {
        "crates.io" => "cargo",
        "npm" => "npm",
        "PyPI" => "pypi",
        "Go" => "golang",
        "Maven" => "maven",
        "RubyGems" => "gem",
        "NuGet" => "nuget",
        "Packagist" => "composer",
        "Pub" => "pub",
        "Hex" => "hex",
        "Debian" | "Ubuntu" => "deb",
        "Alpine" | "Wolfi" | "Chainguard" => "apk",
        "Red Hat" | "Rocky Linux" | "AlmaLinux" | "openSUSE" | "SUSE" | "Mageia" | "openEuler" => "rpm",
        "Hackage" => "hackage",
        "CRAN" => "cran",
        "SwiftURL" => "swift",
        "GitHub Actions" => "github",
        "Bitnami" => "bitnami",
        _ => return None,
    };
    Some((ty, release))
}

/// The name as the index keys it: PEP 503 for PyPI, case folded where the registry ignores case.
pub fn normalise(purl_type: &str, name: &str) -> String {
    match purl_type {
        "pypi" => {
            let mut out = String::with_capacity(name.len());
            let mut separator = false;
            for c in name.trim().chars() {
                if matches!(c, '-' | '_' | '.') {
                    separator = true;
                } else {
                    if separator && !out.is_empty() {
                        out.push('-');
                    }
                    separator = false;
                    out.push(c.to_ascii_lowercase());
                }
            }
            out
        }
        "nuget" | "composer" | "hex" => name.trim().to_ascii_lowercase(),
        _ => name.trim().to_string(),
    }
}

/// A package's (purl type, name as OSV writes it, distro qualifier), from its purl when it has
/// one: Maven's `group:artifact`, Go's and npm's and Composer's `namespace/name`.
pub fn of_package(package: &Package) -> (String, String, Option<String>) {
    if let Some(parts) = package.purl.as_deref().and_then(purl::parse) {
        let name = match (parts.ty.as_str(), parts.namespace.as_deref()) {
            ("maven", Some(ns)) => format!("{ns}:{}", parts.name),
            (_, Some(ns)) => format!("{ns}/{}", parts.name),
            (_, None) => parts.name.clone(),
        };
        let distro = parts.qualifiers.iter().find(|(k, _)| k == "distro").map(|(_, v)| v.clone());
        return (parts.ty.clone(), normalise(&parts.ty, &name), distro);
    }
    let ty = package.ecosystem.to_ascii_lowercase();
    (ty.clone(), normalise(&ty, &package.name), None)
}

/// Whether a package's purl says it is not from its ecosystem's public registry (a git or path
/// source, another registry): advisories name registry packages only.
pub fn off_registry(package: &Package) -> bool {
    use ospo_plugin_sdk::SourceKind;
    if package.source.as_ref().is_some_and(|s| !matches!(s.kind, SourceKind::Registry)) {
        return true;
    }
    package.purl.as_deref().and_then(purl::parse).is_some_and(|parts| {
        parts.qualifiers.iter().any(|(k, _)| k == "vcs_url" || k == "repository_url" || k == "download_url")
    })
}

/// Whether an OSV release (`11` of `Debian:11`, `v3.18` of `Alpine:v3.18`) is the one a purl's
/// `distro` qualifier names (`debian-11`, `alpine-3.18`); records of other releases do not apply.
pub fn same_release(release: Option<&str>, distro: Option<&str>) -> bool {
    match (release, distro) {
        (Some(release), Some(distro)) => {
            let release = release.trim_start_matches('v').to_ascii_lowercase();
            let distro = distro.to_ascii_lowercase();
            distro.split(['-', ':', ' ']).any(|part| part.trim_start_matches('v') == release)
                || distro == release
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_normalised_per_ecosystem() {
        assert_eq!(normalise("pypi", "Django_REST.framework"), "django-rest-framework");
        assert_eq!(normalise("pypi", "zope.interface"), "zope-interface");
        assert_eq!(normalise("nuget", "Newtonsoft.Json"), "newtonsoft.json");
        assert_eq!(normalise("cargo", "serde_json"), "serde_json");
    }

    #[test]
    fn ecosystems_map_to_purl_types() {
        assert_eq!(purl_type("crates.io"), Some(("cargo", None)));
        assert_eq!(purl_type("Debian:11"), Some(("deb", Some("11".to_string()))));
        assert_eq!(purl_type("GIT"), None);
        assert!(same_release(Some("11"), Some("debian-11")));
        assert!(!same_release(Some("12"), Some("debian-11")));
        assert!(same_release(Some("v3.18"), Some("alpine-3.18")));
        assert!(same_release(None, Some("debian-11")));
    }

    #[test]
    fn package_names_come_from_purls() {
        let maven = Package::new("maven", "jackson-databind", Some("2.9.0"))
            .purl("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.0");
        assert_eq!(of_package(&maven).1, "com.fasterxml.jackson.core:jackson-databind");
        let go = Package::new("golang", "text", Some("v0.3.0")).purl("pkg:golang/golang.org/x/text@v0.3.0");
        assert_eq!(of_package(&go).1, "golang.org/x/text");
        let py = Package::new("pypi", "PyYAML", Some("5.3"));
        assert_eq!(of_package(&py), ("pypi".to_string(), "pyyaml".to_string(), None));
    }
}
