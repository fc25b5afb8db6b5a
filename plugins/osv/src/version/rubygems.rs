//! RubyGems' `Gem::Version` (rubygems/version.rb): segments are runs of digits or of letters
//! (`1.0.0.rc1` is `1 0 0 rc 1`, `-` reads as `.pre.`); a letter segment marks a pre-release and
//! sorts below any number; trailing zeros of the release and of the pre-release part are not
//! significant (`canonical_segments`), so `1.0 == 1` and `1.0.a == 1.a`.

use std::cmp::Ordering;

use super::cmp_digits;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Num(String),
    Str(String),
}

#[derive(Debug, Clone)]
pub struct Version(Vec<Segment>);

impl Version {
    pub fn parse(text: &str) -> Option<Version> {
        let text = text.trim();
        // Gem::Version::ANCHORED_VERSION_PATTERN: digits first, then [0-9a-zA-Z.-].
        let valid = text.bytes().next().is_some_and(|b| b.is_ascii_digit())
            && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
        if !valid {
            return None;
        }
        let text = text.replace('-', ".pre.");
        let mut segments = Vec::new();
        for part in text.split('.') {
            let bytes = part.as_bytes();
            let mut start = 0;
            for i in 1..=bytes.len() {
                let boundary = i == bytes.len() || bytes[i].is_ascii_digit() != bytes[i - 1].is_ascii_digit();
                if boundary {
                    let run = part.get(start..i).unwrap_or("");
                    if run.bytes().all(|b| b.is_ascii_digit()) {
                        segments.push(Segment::Num(run.to_string()));
                    } else {
                        segments.push(Segment::Str(run.to_string()));
                    }
                    start = i;
                }
            }
        }
        Some(Version(canonical(segments)))
    }
}

fn is_zero(s: &Segment) -> bool {
    matches!(s, Segment::Num(n) if n.bytes().all(|b| b == b'0'))
}

/// `canonical_segments`: trailing zeros dropped from the release part and from the
/// pre-release part separately.
fn canonical(segments: Vec<Segment>) -> Vec<Segment> {
    let split = segments.iter().position(|s| matches!(s, Segment::Str(_))).unwrap_or(segments.len());
    let (release, pre) = segments.split_at(split);
    let mut release = release.to_vec();
    while release.last().is_some_and(is_zero) {
        release.pop();
    }
    let mut pre = pre.to_vec();
    while pre.last().is_some_and(is_zero) {
        pre.pop();
    }
    release.extend(pre);
    release
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        let zero = Segment::Num("0".to_string());
        for i in 0..self.0.len().max(other.0.len()) {
            let a = self.0.get(i).unwrap_or(&zero);
            let b = other.0.get(i).unwrap_or(&zero);
            let ord = match (a, b) {
                (Segment::Num(x), Segment::Num(y)) => cmp_digits(x, y),
                (Segment::Str(x), Segment::Str(y)) => x.cmp(y),
                (Segment::Str(_), Segment::Num(_)) => Ordering::Less,
                (Segment::Num(_), Segment::Str(_)) => Ordering::Greater,
            };
            if ord != Ordering::Equal {
                return ord;
            }
        }
        Ordering::Equal
    }
}

super::eq_from_ord!(Version);

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap_or_else(|| panic!("{text} parses"))
    }

    /// The examples of Gem::Version's documentation and test_gem_version.rb's `test_spaceship`.
    #[test]
    fn spec_ordering_examples() {
        let chain = ["1.0.a", "1.0.a.2", "1.0.b1", "1.0.rc1", "1.0", "1.0.1", "1.1", "2.0"];
        for pair in chain.windows(2) {
            assert!(v(pair[0]) < v(pair[1]), "{} < {}", pair[0], pair[1]);
        }
        assert_eq!(v("1.0"), v("1"));
        assert_eq!(v("1.0.a"), v("1.a"));
        assert_eq!(v("1.8.2.a10"), v("1.8.2.a10.0"));
        assert!(v("1.0.0-rc1") < v("1.0.0"));
        assert_eq!(v("1.0.0-rc1"), v("1.0.0.pre.rc1"));
        assert!(v("5.a") < v("5.0.0.rc2"));
        assert!(v("1.9.3") < v("1.9.10"));
        assert!(v("7.0.8.1") > v("7.0.8"));
        assert_eq!(Version::parse("junk"), None);
        assert_eq!(Version::parse("1.0 beta"), None);
    }
}
