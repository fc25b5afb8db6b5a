//! Version orderings, one module per ecosystem's rules. Each compares two version strings as
//! that ecosystem does and says `None` when either is not a version there: a range we cannot
//! order is skipped with a reason, never guessed at.

use std::cmp::Ordering;

pub mod alpine;
pub mod composer;
pub mod debian;
pub mod maven;
pub mod nuget;
pub mod pep440;
pub mod rpm;
pub mod rubygems;
pub mod semver;

/// An ordering of versions, named as `advisory-match.comparator` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// SemVer 2.0 (npm, Rust crates, Hex, and every OSV `SEMVER` range); build metadata ignored.
    Semver,
    /// Go modules: SemVer with a `v` prefix, pseudo-versions as pre-releases, `+incompatible`.
    Go,
    /// Dart's pub: SemVer, but a build suffix sorts after the same version without one.
    Pub,
    Pep440,
    Maven,
    RubyGems,
    NuGet,
    Composer,
    Debian,
    Alpine,
    Rpm,
}

impl Scheme {
    /// The ordering of a package ecosystem (a purl type), `None` where we have none.
    pub fn of_ecosystem(purl_type: &str) -> Option<Scheme> {
        Some(match purl_type {
            "cargo" | "npm" | "hex" => Scheme::Semver,
            "golang" => Scheme::Go,
            "pub" => Scheme::Pub,
            "pypi" => Scheme::Pep440,
            "maven" => Scheme::Maven,
            "gem" => Scheme::RubyGems,
            "nuget" => Scheme::NuGet,
            "composer" => Scheme::Composer,
            "deb" => Scheme::Debian,
            "apk" => Scheme::Alpine,
            "rpm" => Scheme::Rpm,
            _ => return None,
        })
    }

    /// The comparator's name in `advisory-match`.
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Semver => "semver",
            Scheme::Go => "go-semver",
            Scheme::Pub => "pub-semver",
            Scheme::Pep440 => "pep440",
            Scheme::Maven => "maven",
            Scheme::RubyGems => "rubygems",
            Scheme::NuGet => "nuget",
            Scheme::Composer => "composer",
            Scheme::Debian => "debian",
            Scheme::Alpine => "alpine",
            Scheme::Rpm => "rpm",
        }
    }

    /// Parses `version` once into a key that orders as the scheme does.
    pub fn parse(self, version: &str) -> Option<Key> {
        let version = version.trim();
        Some(match self {
            Scheme::Semver => Key::Semver(semver::Version::parse(version, semver::Build::Ignored)?),
            Scheme::Go => Key::Semver(semver::Version::parse_go(version)?),
            Scheme::Pub => Key::Semver(semver::Version::parse(version, semver::Build::Ordered)?),
            Scheme::Pep440 => Key::Pep440(pep440::parse(version)?),
            Scheme::Maven => Key::Maven(maven::Version::parse(version)?),
            Scheme::RubyGems => Key::RubyGems(rubygems::Version::parse(version)?),
            Scheme::NuGet => Key::NuGet(nuget::Version::parse(version)?),
            Scheme::Composer => Key::Composer(composer::Version::parse(version)?),
            Scheme::Debian => Key::Debian(debian::Version::parse(version)?),
            Scheme::Alpine => Key::Alpine(alpine::Version::parse(version)?),
            Scheme::Rpm => Key::Rpm(rpm::Version::parse(version)?),
        })
    }

    /// Orders two version strings; `None` when either does not parse.
    pub fn compare(self, a: &str, b: &str) -> Option<Ordering> {
        Some(self.parse(a)?.cmp(&self.parse(b)?))
    }
}

/// A parsed version. Keys of one scheme compare; keys of different schemes never meet (each
/// range is evaluated in one scheme), and compare by scheme if they do.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    Semver(semver::Version),
    Pep440(pep440_rs::Version),
    Maven(maven::Version),
    RubyGems(rubygems::Version),
    NuGet(nuget::Version),
    Composer(composer::Version),
    Debian(debian::Version),
    Alpine(alpine::Version),
    Rpm(rpm::Version),
}

/// Equality from the type's `Ord`: `1.01 == 1.1` in dpkg's order even though the texts differ.
macro_rules! eq_from_ord {
    ($t:ty) => {
        impl PartialEq for $t {
            fn eq(&self, other: &Self) -> bool {
                self.cmp(other) == std::cmp::Ordering::Equal
            }
        }
        impl Eq for $t {}
        impl PartialOrd for $t {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }
    };
}
pub(crate) use eq_from_ord;

/// Compares two digit strings as numbers of any length (no overflow on 20-digit dates).
pub(crate) fn cmp_digits(a: &str, b: &str) -> Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The false positives the issue lists, each in its own ecosystem's order.
    #[test]
    fn known_false_positive_cases() {
        use Ordering::*;
        let cases = [
            (Scheme::Pep440, "2022.12.7", "2022.12.07", Equal),
            (Scheme::Pep440, "1.0rc1", "1.0", Less),
            (Scheme::Maven, "5.3.20.RELEASE", "5.3.20", Equal),
            (Scheme::Maven, "31.1-jre", "31.1", Greater),
            (Scheme::Debian, "1:1.0-1", "2.0-1", Greater),
            (Scheme::Go, "v0.0.0-20191109021931-daa7c04131f5", "v0.0.0", Less),
            (Scheme::Go, "v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.3", Greater),
            (Scheme::Semver, "1.2.4", "1.2.3", Greater),
        ];
        for (scheme, a, b, want) in cases {
            assert_eq!(scheme.compare(a, b), Some(want), "{scheme:?} {a} vs {b}");
        }
    }

    #[test]
    fn digits_compare_as_numbers() {
        assert_eq!(cmp_digits("010", "9"), Ordering::Greater);
        assert_eq!(cmp_digits("20191109021931", "20191109021930"), Ordering::Greater);
        assert_eq!(cmp_digits("0", ""), Ordering::Equal);
    }
}
