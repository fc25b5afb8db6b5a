//! SemVer 2.0 precedence (<https://semver.org/#spec-item-11>), read leniently where databases
//! and lockfiles are: a missing minor or patch is 0 (`1.2` is `1.2.0`), leading zeros are
//! numbers. Go's rules (<https://go.dev/ref/mod#versions>) on top: a `v` prefix, pseudo-versions
//! (`v0.0.0-20191109021931-daa7c04131f5`) are pre-releases and order as such, so they sit below
//! the release they precede, and `+incompatible` is build metadata. Pub orders a build suffix
//! after the same version without one, as `pub_semver` does.

use std::cmp::Ordering;

use super::cmp_digits;

/// Whether build metadata takes part in the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Build {
    /// SemVer: `1.0.0+a == 1.0.0+b`.
    Ignored,
    /// Pub: `1.0.0 < 1.0.0+1`, builds compared like pre-release identifiers.
    Ordered,
}

#[derive(Debug, Clone)]
pub struct Version {
    core: [String; 3],
    pre: Vec<String>,
    build: Vec<String>,
}

impl Version {
    /// `1.2.3-rc.1+build`, with a missing minor or patch read as 0.
    pub fn parse(text: &str, build: Build) -> Option<Version> {
        let (rest, build_part) = match text.split_once('+') {
            Some((rest, b)) => (rest, Some(b)),
            None => (text, None),
        };
        let (core, pre) = match rest.split_once('-') {
            Some((core, pre)) => (core, Some(pre)),
            None => (rest, None),
        };
        let mut numbers = core.split('.');
        let mut out: [String; 3] = Default::default();
        for (i, slot) in out.iter_mut().enumerate() {
            match numbers.next() {
                Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => *slot = n.to_string(),
                None if i > 0 => *slot = "0".to_string(),
                _ => return None,
            }
        }
        if numbers.next().is_some() {
            return None;
        }
        let identifiers = |part: Option<&str>| -> Option<Vec<String>> {
            match part {
                None => Some(Vec::new()),
                Some(p) => {
                    let ids: Vec<String> = p.split('.').map(str::to_string).collect();
                    let valid = ids.iter().all(|id| {
                        !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                    });
                    valid.then_some(ids)
                }
            }
        };
        let pre = identifiers(pre)?;
        let build_ids = identifiers(build_part)?;
        Some(Version { core: out, pre, build: if build == Build::Ordered { build_ids } else { Vec::new() } })
    }

    /// A Go module version: `v` prefix optional (OSV writes Go versions without it).
    pub fn parse_go(text: &str) -> Option<Version> {
        Version::parse(text.strip_prefix('v').unwrap_or(text), Build::Ignored)
    }
}

fn cmp_identifiers(a: &[String], b: &[String]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let xn = x.bytes().all(|c| c.is_ascii_digit());
        let yn = y.bytes().all(|c| c.is_ascii_digit());
        let ord = match (xn, yn) {
            (true, true) => cmp_digits(x, y),
            // Numeric identifiers have lower precedence than alphanumeric ones.
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            (false, false) => x.cmp(y),
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    a.len().cmp(&b.len())
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        for (a, b) in self.core.iter().zip(&other.core) {
            let ord = cmp_digits(a, b);
            if ord != Ordering::Equal {
                return ord;
            }
        }
        // A pre-release sorts before its release.
        let pre = match (self.pre.is_empty(), other.pre.is_empty()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => cmp_identifiers(&self.pre, &other.pre),
        };
        pre.then_with(|| cmp_identifiers(&self.build, &other.build))
    }
}

super::eq_from_ord!(Version);

#[cfg(test)]
mod tests {
    use super::*;

    fn sem(v: &str) -> Version {
        Version::parse(v, Build::Ignored).unwrap_or_else(|| panic!("{v} parses"))
    }

    /// The precedence chain of SemVer 2.0 item 11.
    #[test]
    fn spec_precedence_examples() {
        let chain = [
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "2.0.0",
            "2.1.0",
            "2.1.1",
        ];
        for pair in chain.windows(2) {
            assert!(sem(pair[0]) < sem(pair[1]), "{} < {}", pair[0], pair[1]);
        }
    }

    #[test]
    fn build_metadata_is_ignored_except_for_pub() {
        assert_eq!(sem("1.0.0+20130313144700"), sem("1.0.0+exp.sha.5114f85"));
        let pub_ = |v| Version::parse(v, Build::Ordered).unwrap_or_else(|| panic!("{v}"));
        assert!(pub_("1.0.0") < pub_("1.0.0+1"));
        assert!(pub_("1.0.0+1") < pub_("1.0.0+2"));
        assert!(pub_("1.0.0-dev") < pub_("1.0.0"));
    }

    #[test]
    fn lenient_forms() {
        assert_eq!(sem("1.2"), sem("1.2.0"));
        assert_eq!(sem("1"), sem("1.0.0"));
        assert!(sem("1.10.0") > sem("1.9.0"));
        for bad in ["", "a.b.c", "1.2.3.4", "1..2", "1.2.3-", "1.2.3-a..b", "v1.2.3"] {
            assert_eq!(Version::parse(bad, Build::Ignored), None, "{bad}");
        }
    }

    /// <https://go.dev/ref/mod#pseudo-versions>: a pseudo-version orders below the release it
    /// precedes and above the tag it is based on; `+incompatible` is ignored.
    #[test]
    fn go_versions() {
        let go = |v| Version::parse_go(v).unwrap_or_else(|| panic!("{v}"));
        assert!(go("v0.0.0-20191109021931-daa7c04131f5") < go("v0.0.0"));
        assert!(go("v0.0.0-20191109021931-daa7c04131f5") < go("v0.1.0"));
        assert!(go("v0.0.0-20191109021931-daa7c04131f5") > go("v0.0.0-20191109021930-ffffffffffff"));
        // vX.Y.(Z+1)-0.yyyymmddhhmmss-abcdefabcdef: after vX.Y.Z, before vX.Y.(Z+1).
        assert!(go("v1.2.4-0.20191109021931-daa7c04131f5") > go("v1.2.3"));
        assert!(go("v1.2.4-0.20191109021931-daa7c04131f5") < go("v1.2.4"));
        // vX.Y.Z-pre.0.yyyymmddhhmmss-abcdefabcdef: after the pre-release.
        assert!(go("v1.2.3-rc.1.0.20191109021931-daa7c04131f5") > go("v1.2.3-rc.1"));
        assert_eq!(go("v2.0.0+incompatible"), go("2.0.0"));
        assert!(go("v2.1.0+incompatible") > go("v2.0.9"));
    }
}
