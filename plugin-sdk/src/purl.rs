//! Package URLs (<https://github.com/package-url/purl-spec>) built and read with the
//! `packageurl` crate, which applies the spec's per-type rules (pypi names lower-cased with `_`
//! as `-`, npm and golang namespaces, ...) and its percent-encoding.

/// A purl's parts, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurlParts {
    /// The type (`cargo`, `npm`, `maven`), lower case.
    pub ty: String,
    /// The namespace (`@angular`, `org.apache.commons`, `github.com/gorilla`), when there is one.
    pub namespace: Option<String>,
    /// The name.
    pub name: String,
    /// The version.
    pub version: Option<String>,
    /// Qualifiers, keys lower case, sorted by key.
    pub qualifiers: Vec<(String, String)>,
    /// The subpath.
    pub subpath: Option<String>,
}

/// Builds `pkg:ty/namespace/name@version`. For npm, a scoped name given whole
/// (`@angular/core`, no namespace) is split into its scope and name, as the spec requires.
///
/// ```
/// use ospo_plugin_sdk::purl::purl;
/// assert_eq!(purl("npm", None, "@angular/core", Some("1.0.0")).as_deref(), Ok("pkg:npm/%40angular/core@1.0.0"));
/// ```
pub fn purl(ty: &str, namespace: Option<&str>, name: &str, version: Option<&str>) -> Result<String, String> {
    with_qualifiers(ty, namespace, name, version, &[])
}

/// Like [`purl`], with qualifiers (`vcs_url`, `repository_url`, `classifier`, ...): keys are
/// lower-cased and sorted and values percent-encoded as the spec requires.
pub fn with_qualifiers(
    ty: &str,
    namespace: Option<&str>,
    name: &str,
    version: Option<&str>,
    qualifiers: &[(&str, &str)],
) -> Result<String, String> {
    let (namespace, name) = match (namespace.filter(|ns| !ns.is_empty()), name.split_once('/')) {
        (None, Some((scope, rest))) if ty.eq_ignore_ascii_case("npm") && scope.starts_with('@') => {
            (Some(scope), rest)
        }
        (namespace, _) => (namespace, name),
    };
    if qualifiers.is_empty()
        && let Some(plain) = plain_purl(ty, namespace, name, version)
    {
        return Ok(plain);
    }
    let mut purl = packageurl::PackageUrl::new(ty, name).map_err(|e| e.to_string())?;
    if let Some(ns) = namespace {
        purl.with_namespace(ns).map_err(|e| e.to_string())?;
    }
    if let Some(version) = version {
        purl.with_version(version).map_err(|e| e.to_string())?;
    }
    for (key, value) in qualifiers {
        purl.add_qualifier(*key, *value).map_err(|e| e.to_string())?;
    }
    Ok(purl.to_string())
}

/// The purl written out directly when every part is made of characters no type's rule changes
/// (lower case, digits, `.`, `-`, `_`, `~`: nothing to lower-case or percent-encode), which is
/// nearly every registry package: the crate's builder and formatter cost a lockfile parser more
/// than its parsing. `None` sends the rest through `packageurl`.
fn plain_purl(ty: &str, namespace: Option<&str>, name: &str, version: Option<&str>) -> Option<String> {
    fn plain(part: &str) -> bool {
        !part.is_empty()
            && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-~".contains(&b))
    }
    // pypi turns `_` into `-`; other types' rules only lower-case or forbid a namespace.
    if !ty.bytes().all(|b| b.is_ascii_lowercase()) || ty.is_empty() || ty == "pypi" || !plain(name) {
        return None;
    }
    if version.is_some_and(|v| !plain(v)) {
        return None;
    }
    // A namespace only for npm's `@scope` (written `%40scope`).
    let scope = match namespace {
        None => None,
        Some(ns) if ty == "npm" => Some(ns.strip_prefix('@').filter(|s| plain(s))?),
        Some(_) => return None,
    };
    let mut out = String::with_capacity(8 + ty.len() + name.len() + version.map_or(0, str::len) + 24);
    out.push_str("pkg:");
    out.push_str(ty);
    out.push('/');
    if let Some(scope) = scope {
        out.push_str("%40");
        out.push_str(scope);
        out.push('/');
    }
    out.push_str(name);
    if let Some(version) = version {
        out.push('@');
        out.push_str(version);
    }
    Some(out)
}

/// Reads a purl into its decoded parts; `None` when it is not one.
pub fn parse(purl: &str) -> Option<PurlParts> {
    let parsed: packageurl::PackageUrl<'_> = purl.parse().ok()?;
    let mut qualifiers: Vec<(String, String)> =
        parsed.qualifiers().iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    qualifiers.sort();
    Some(PurlParts {
        ty: parsed.ty().to_string(),
        namespace: parsed.namespace().map(str::to_string),
        name: parsed.name().to_string(),
        version: parsed.version().map(str::to_string),
        qualifiers,
        subpath: parsed.subpath().map(str::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The direct path must write what `packageurl` writes, for every part it takes.
    #[test]
    fn plain_purls_are_what_packageurl_writes() {
        let names = ["ms", "lodash.merge", "a_b", "x-y~z", "0abc", "core", "ABC", "a/b", "a+b", "%", "é"];
        let versions =
            [None, Some("1.0.0"), Some("1.0.0-rc.1"), Some("1.0.0+build"), Some("1.0.0-RC1"), Some("")];
        let spaces = [None, Some("@angular"), Some("@Angular"), Some("@"), Some("org.apache")];
        for ty in ["npm", "cargo", "pypi", "gem", "maven", "golang", "nuget", "generic", "NPM", "github"] {
            for name in names {
                for version in versions {
                    for ns in spaces {
                        let slow = || -> Result<String, String> {
                            let mut p = packageurl::PackageUrl::new(ty, name).map_err(|e| e.to_string())?;
                            if let Some(ns) = ns {
                                p.with_namespace(ns).map_err(|e| e.to_string())?;
                            }
                            if let Some(v) = version {
                                p.with_version(v).map_err(|e| e.to_string())?;
                            }
                            Ok(p.to_string())
                        };
                        if let Some(fast) = plain_purl(ty, ns, name, version) {
                            assert_eq!(Ok(fast), slow(), "{ty} {ns:?} {name} {version:?}");
                        }
                    }
                }
            }
        }
        assert_eq!(
            plain_purl("npm", Some("@types"), "node", Some("20.1.0")).as_deref(),
            Some("pkg:npm/%40types/node@20.1.0")
        );
    }

    /// type, namespace, name, version, the purl.
    type Case = (&'static str, Option<&'static str>, &'static str, Option<&'static str>, &'static str);

    #[test]
    fn spec_examples_build() {
        let cases: &[Case] = &[
            ("cargo", None, "serde", Some("1.0.0"), "pkg:cargo/serde@1.0.0"),
            ("npm", Some("@angular"), "core", Some("1.0.0"), "pkg:npm/%40angular/core@1.0.0"),
            ("npm", None, "@angular/core", Some("1.0.0"), "pkg:npm/%40angular/core@1.0.0"),
            ("npm", None, "foobar", Some("12.3.1"), "pkg:npm/foobar@12.3.1"),
            ("pypi", None, "Django_Rest", Some("1.11.1"), "pkg:pypi/django-rest@1.11.1"),
            (
                "maven",
                Some("org.apache.commons"),
                "io",
                Some("1.3.4"),
                "pkg:maven/org.apache.commons/io@1.3.4",
            ),
            (
                "golang",
                Some("github.com/gorilla"),
                "context",
                Some("234fd47e07d1004f0aed9c"),
                "pkg:golang/github.com/gorilla/context@234fd47e07d1004f0aed9c",
            ),
            ("gem", None, "ruby-advisory-db-check", Some("0.12.4"), "pkg:gem/ruby-advisory-db-check@0.12.4"),
            ("cargo", None, "serde", None, "pkg:cargo/serde"),
        ];
        for &(ty, ns, name, version, want) in cases {
            assert_eq!(purl(ty, ns, name, version).as_deref(), Ok(want), "{ty} {ns:?} {name}");
        }
    }

    #[test]
    fn qualifiers_are_sorted_and_encoded() {
        let url = with_qualifiers(
            "cargo",
            None,
            "acme-macros",
            Some("0.1.0"),
            &[("vcs_url", "git+https://github.com/acme/acme-macros@3f2c1a9"), ("arch", "x86_64")],
        );
        assert_eq!(
            url.as_deref(),
            Ok(
                "pkg:cargo/acme-macros@0.1.0?arch=x86_64&vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Facme%2Facme-macros%403f2c1a9"
            )
        );
    }

    #[test]
    fn parse_round_trips() {
        let parts = parse("pkg:npm/%40angular/core@1.0.0?b=2&a=1#lib/x").expect("valid purl");
        assert_eq!(parts.ty, "npm");
        assert_eq!(parts.namespace.as_deref(), Some("@angular"));
        assert_eq!(parts.name, "core");
        assert_eq!(parts.version.as_deref(), Some("1.0.0"));
        assert_eq!(
            parts.qualifiers,
            [("a".to_string(), "1".to_string()), ("b".to_string(), "2".to_string())]
        );
        assert_eq!(parts.subpath.as_deref(), Some("lib/x"));
        let go = parse("pkg:golang/github.com/gorilla/context@v1").expect("valid purl");
        assert_eq!((go.namespace.as_deref(), go.name.as_str()), (Some("github.com/gorilla"), "context"));
        for bad in ["", "serde", "pkg:", "http://x", "pkg:cargo"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
