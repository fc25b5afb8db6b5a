//! `[[curations]]` in `ospo.toml`: a person's decision about a package's licence, written once
//! and applied without code, in the spirit of ORT's package curations and cargo-deny's
//! `clarify`. A curation may pin the hash of the licence file it was written for; when that
//! file changes the curation no longer applies and says so.

use globset::{Glob, GlobMatcher};
use serde::Deserialize;

use crate::model::Package;

/// A curation as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawCuration {
    /// `pkg:npm/left-pad@1.3.0`; without a version it matches every version.
    pub purl: Option<String>,
    /// A glob on the package name (`left-*`), with `ecosystem` and `version` to narrow it.
    pub name: Option<String>,
    pub ecosystem: Option<String>,
    /// A semver requirement (`>=1.0, <2`) or, for versions that are not semver, one exact version.
    pub version: Option<String>,
    /// The concluded licence, an SPDX expression.
    pub license: String,
    pub reason: String,
    /// Who decided (a person or team, an address).
    pub who: Option<String>,
    /// When (`YYYY-MM-DD`).
    pub when: Option<String>,
    /// The licence file the decision was made on, by its path in the package and sha256.
    pub license_file: Option<FilePin>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FilePin {
    /// Relative to the package's folder (`LICENSE`).
    pub path: String,
    /// Lowercase hex.
    pub sha256: String,
}

/// A curation checked and ready to match.
#[derive(Debug, Clone)]
pub struct Curation {
    matcher: Matcher,
    version: Option<VersionMatch>,
    pub expression: String,
    pub reason: String,
    pub who: Option<String>,
    pub when: Option<String>,
    pub license_file: Option<FilePin>,
    /// Which curation this is, for messages (`ospo.toml [[curations]] #2`).
    pub label: String,
}

#[derive(Debug, Clone)]
enum Matcher {
    Purl { ty: String, namespace: Option<String>, name: String, version: Option<String> },
    Name { glob: GlobMatcher, ecosystem: Option<String> },
}

#[derive(Debug, Clone)]
enum VersionMatch {
    Semver(semver::VersionReq),
    Exact(String),
}

impl Curation {
    /// Checks one curation; `label` names it in errors and in the reasons it writes.
    pub fn validate(raw: &RawCuration, label: &str) -> Result<Curation, String> {
        let matcher = match (&raw.purl, &raw.name) {
            (Some(purl), None) => {
                let parsed: packageurl::PackageUrl<'_> =
                    purl.parse().map_err(|e| format!("{label}: purl {purl:?} does not parse: {e}"))?;
                Matcher::Purl {
                    ty: parsed.ty().to_string(),
                    namespace: parsed.namespace().map(str::to_string),
                    name: parsed.name().to_string(),
                    version: parsed.version().map(str::to_string),
                }
            }
            (None, Some(name)) => Matcher::Name {
                glob: Glob::new(name)
                    .map_err(|e| format!("{label}: name glob {name:?} does not compile: {e}"))?
                    .compile_matcher(),
                ecosystem: raw.ecosystem.clone(),
            },
            (Some(_), Some(_)) => return Err(format!("{label}: give `purl` or `name`, not both")),
            (None, None) => return Err(format!("{label}: a curation needs `purl` or `name`")),
        };
        if raw.purl.is_some() && raw.ecosystem.is_some() {
            return Err(format!("{label}: `ecosystem` goes with `name`; a purl already says it"));
        }
        let version = raw.version.as_deref().map(|v| match semver::VersionReq::parse(v) {
            Ok(req) => VersionMatch::Semver(req),
            Err(_) => VersionMatch::Exact(v.trim().to_string()),
        });
        let expression = ospo_expression::canonical(&raw.license)
            .map_err(|e| format!("{label}: license {:?} is not an SPDX expression: {e}", raw.license))?;
        if raw.reason.trim().is_empty() {
            return Err(format!("{label}: `reason` must say why (it is shown with the licence)"));
        }
        if let Some(when) = &raw.when
            && !is_date(when)
        {
            return Err(format!("{label}: when = {when:?} is not a YYYY-MM-DD date"));
        }
        if let Some(pin) = &raw.license_file
            && (pin.sha256.len() != 64 || !pin.sha256.bytes().all(|b| b.is_ascii_hexdigit()))
        {
            return Err(format!("{label}: license-file.sha256 must be 64 hex digits"));
        }
        Ok(Curation {
            matcher,
            version,
            expression,
            reason: raw.reason.trim().to_string(),
            who: raw.who.clone(),
            when: raw.when.clone(),
            license_file: raw.license_file.clone().map(|mut p| {
                p.sha256.make_ascii_lowercase();
                p
            }),
            label: label.to_string(),
        })
    }

    pub fn matches(&self, package: &Package) -> bool {
        let identity = match &self.matcher {
            Matcher::Purl { ty, namespace, name, version } => {
                let Some(parsed) =
                    package.purl.as_deref().and_then(|p| p.parse::<packageurl::PackageUrl<'_>>().ok())
                else {
                    return false;
                };
                parsed.ty() == ty
                    && parsed.namespace() == namespace.as_deref()
                    && parsed.name() == name
                    && version.as_deref().is_none_or(|v| parsed.version() == Some(v))
            }
            Matcher::Name { glob, ecosystem } => {
                glob.is_match(&package.name) && ecosystem.as_deref().is_none_or(|e| e == package.ecosystem)
            }
        };
        identity
            && match (&self.version, package.version.as_deref()) {
                (None, _) => true,
                (Some(_), None) => false,
                (Some(VersionMatch::Exact(want)), Some(have)) => want == have,
                (Some(VersionMatch::Semver(req)), Some(have)) => {
                    semver::Version::parse(have.trim_start_matches('v')).is_ok_and(|v| req.matches(&v))
                }
            }
    }

    /// The concluded licence's reason: the curation's own words, who and when.
    pub fn explain(&self) -> String {
        let by = match (&self.who, &self.when) {
            (Some(who), Some(when)) => format!(" by {who} on {when}"),
            (Some(who), None) => format!(" by {who}"),
            (None, Some(when)) => format!(" on {when}"),
            (None, None) => String::new(),
        };
        format!("curated{by}: {}", self.reason)
    }
}

fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(purl: Option<&str>, name: Option<&str>, version: Option<&str>) -> RawCuration {
        RawCuration {
            purl: purl.map(str::to_string),
            name: name.map(str::to_string),
            ecosystem: None,
            version: version.map(str::to_string),
            license: "mit".into(),
            reason: "LICENSE added upstream".into(),
            who: Some("legal@example.com".into()),
            when: Some("2026-11-20".into()),
            license_file: None,
        }
    }

    fn package(purl: &str, name: &str, version: &str) -> Package {
        serde_json::from_value(serde_json::json!({
            "id": purl, "purl": purl, "name": name, "version": version,
            "ecosystem": "npm", "scope": "runtime", "direct": false, "optional": false,
            "locations": [], "hashes": [],
        }))
        .expect("a package in the result's JSON shape")
    }

    #[test]
    fn purl_and_name_curations_match_what_they_say() {
        let pad = package("pkg:npm/left-pad@1.3.0", "left-pad", "1.3.0");
        let by_purl =
            Curation::validate(&raw(Some("pkg:npm/left-pad@1.3.0"), None, None), "#1").expect("valid");
        assert!(by_purl.matches(&pad));
        assert_eq!(by_purl.expression, "MIT");
        let any_version =
            Curation::validate(&raw(Some("pkg:npm/left-pad"), None, None), "#2").expect("valid");
        assert!(any_version.matches(&package("pkg:npm/left-pad@2.0.0", "left-pad", "2.0.0")));
        let ranged =
            Curation::validate(&raw(None, Some("left-*"), Some(">=1.0, <1.3")), "#3").expect("valid");
        assert!(!ranged.matches(&pad));
        assert!(ranged.matches(&package("pkg:npm/left-pad@1.2.9", "left-pad", "1.2.9")));
        assert_eq!(by_purl.explain(), "curated by legal@example.com on 2026-11-20: LICENSE added upstream");
    }

    #[test]
    fn bad_curations_say_what_is_wrong() {
        let both = Curation::validate(&raw(Some("pkg:npm/a@1"), Some("a"), None), "#1");
        assert!(both.is_err_and(|e| e.contains("not both")));
        let mut bad_license = raw(Some("pkg:npm/a@1"), None, None);
        bad_license.license = "MIT AND AND".into();
        assert!(Curation::validate(&bad_license, "#1").is_err_and(|e| e.contains("SPDX")));
        let mut bad_date = raw(Some("pkg:npm/a@1"), None, None);
        bad_date.when = Some("20 Nov".into());
        assert!(Curation::validate(&bad_date, "#1").is_err_and(|e| e.contains("YYYY-MM-DD")));
    }
}
