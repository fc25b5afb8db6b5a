//! Purls, version shapes and the scope order every format here shares.

use ospo_plugin_sdk::DependencyScope;
use ospo_plugin_sdk::purl::{purl, with_qualifiers};

/// `pkg:nuget/Name@version` (NuGet ids compare case-insensitively; the purl keeps the case
/// the file writes).
pub fn nuget(name: &str, version: Option<&str>) -> String {
    purl("nuget", None, name, version).unwrap_or_else(|_| fallback("nuget", name, version))
}

/// A purl of another type (`github`, `generic`) with qualifiers and a subpath-free form.
pub fn other(
    ty: &str,
    namespace: Option<&str>,
    name: &str,
    version: Option<&str>,
    qualifiers: &[(&str, &str)],
) -> String {
    with_qualifiers(ty, namespace, name, version, qualifiers).unwrap_or_else(|_| fallback(ty, name, version))
}

fn fallback(ty: &str, name: &str, version: Option<&str>) -> String {
    match version {
        Some(v) => format!("{ty}:{name}@{v}"),
        None => format!("{ty}:{name}"),
    }
}

/// A version as written when it is one version, not a range or a float (`1.2.3`, not
/// `[1.0, 2.0)`, `1.*` or an MSBuild property).
pub fn exact(version: &str) -> Option<&str> {
    let version = version.trim();
    let exact_range =
        version.strip_prefix('[').and_then(|v| v.strip_suffix(']')).filter(|v| !v.contains(','));
    let version = exact_range.unwrap_or(version);
    let plain = !version.is_empty() && !version.contains(['[', ']', '(', ')', ',', '*', '$', ' ']);
    plain.then_some(version)
}

/// Strongest first, for packages reached along several paths.
const ORDER: [DependencyScope; 4] =
    [DependencyScope::Runtime, DependencyScope::Build, DependencyScope::Development, DependencyScope::Test];

/// Whether `a` is a stronger reach than `b`.
pub fn stronger(a: DependencyScope, b: DependencyScope) -> bool {
    let rank = |s| ORDER.iter().position(|o| *o == s).unwrap_or(ORDER.len());
    rank(a) < rank(b)
}

/// `PrivateAssets="all"` (any case, possibly in a `;` list): a build-time or analyzer package
/// that flows to no consumer.
pub fn private_all(value: Option<&str>) -> bool {
    value.is_some_and(|v| v.split(';').any(|part| part.trim().eq_ignore_ascii_case("all")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_versions() {
        assert_eq!(exact("13.0.1"), Some("13.0.1"));
        assert_eq!(exact("[13.0.1]"), Some("13.0.1"));
        for range in ["[1.0, 2.0)", "1.*", "$(Version)", "", "(,2.0]"] {
            assert_eq!(exact(range), None, "{range}");
        }
        assert!(private_all(Some("All")));
        assert!(private_all(Some("compile; all")));
        assert!(!private_all(Some("contentfiles")));
        assert!(stronger(DependencyScope::Runtime, DependencyScope::Development));
    }
}
