//! Alpine (apk) versions: `number(.number)*[letter](_suffix[number])*[-rN]` as apk-tools and
//! Gentoo order them: the first number as a number and later ones as numbers unless either starts
//! with `0` (then as decimal fractions, `1.01 < 1.1`), a trailing letter after none, suffixes
//! `_alpha < _beta < _pre < _rc < (none) < _cvs < _svn < _git < _hg < _p`, then the `-r` revision.

use std::cmp::Ordering;

use super::cmp_digits;

const SUFFIXES: [&str; 9] = ["alpha", "beta", "pre", "rc", "cvs", "svn", "git", "hg", "p"];
/// Index in [`SUFFIXES`] of the first suffix that sorts after a release.
const FIRST_POST: usize = 4;

#[derive(Debug, Clone)]
pub struct Version {
    numbers: Vec<String>,
    letter: Option<u8>,
    suffixes: Vec<(usize, String)>,
    revision: String,
}

impl Version {
    pub fn parse(text: &str) -> Option<Version> {
        let text = text.trim();
        let (main, revision) = match text.rsplit_once("-r") {
            Some((m, r)) if !r.is_empty() && r.bytes().all(|b| b.is_ascii_digit()) => (m, r),
            _ => (text, "0"),
        };
        let (head, suffix_text) = match main.split_once('_') {
            Some((h, s)) => (h, Some(s)),
            None => (main, None),
        };
        let (head, letter) = match head.bytes().last() {
            Some(c) if c.is_ascii_lowercase() => (head.get(..head.len() - 1)?, Some(c)),
            _ => (head, None),
        };
        let numbers: Vec<String> = head.split('.').map(str::to_string).collect();
        if numbers.iter().any(|n| n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit())) {
            return None;
        }
        let mut suffixes = Vec::new();
        for part in suffix_text.map(|s| s.split('_').collect::<Vec<_>>()).unwrap_or_default() {
            let split = part.bytes().position(|b| b.is_ascii_digit()).unwrap_or(part.len());
            let (name, number) = part.split_at(split);
            let index = SUFFIXES.iter().position(|s| *s == name)?;
            if !number.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            suffixes.push((index, number.to_string()));
        }
        Some(Version { numbers, letter, suffixes, revision: revision.to_string() })
    }
}

fn cmp_component(first: bool, a: &str, b: &str) -> Ordering {
    if !first && (a.starts_with('0') || b.starts_with('0')) {
        // Fractional comparison: trailing zeros carry no weight.
        a.trim_end_matches('0').cmp(b.trim_end_matches('0'))
    } else {
        cmp_digits(a, b)
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        for (i, (a, b)) in self.numbers.iter().zip(&other.numbers).enumerate() {
            let ord = cmp_component(i == 0, a, b);
            if ord != Ordering::Equal {
                return ord;
            }
        }
        let ord = self.numbers.len().cmp(&other.numbers.len()).then_with(|| self.letter.cmp(&other.letter));
        if ord != Ordering::Equal {
            return ord;
        }
        for i in 0..self.suffixes.len().max(other.suffixes.len()) {
            let ord = match (self.suffixes.get(i), other.suffixes.get(i)) {
                (Some((sa, na)), Some((sb, nb))) => sa.cmp(sb).then_with(|| cmp_digits(na, nb)),
                (Some((s, _)), None) => {
                    if *s >= FIRST_POST {
                        Ordering::Greater
                    } else {
                        Ordering::Less
                    }
                }
                (None, Some((s, _))) => {
                    if *s >= FIRST_POST {
                        Ordering::Less
                    } else {
                        Ordering::Greater
                    }
                }
                (None, None) => Ordering::Equal,
            };
            if ord != Ordering::Equal {
                return ord;
            }
        }
        cmp_digits(&self.revision, &other.revision)
    }
}

super::eq_from_ord!(Version);

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap_or_else(|| panic!("{text} parses"))
    }

    /// Orderings from apk-tools' test/version.data.
    #[test]
    fn apk_tools_version_data() {
        let chain = [
            "1.0_alpha1",
            "1.0_beta",
            "1.0_pre2",
            "1.0_rc1",
            "1.0",
            "1.0-r1",
            "1.0_p1",
            "1.0a",
            "1.0.1",
            "1.1",
            "2.0",
        ];
        for pair in chain.windows(2) {
            assert!(v(pair[0]) < v(pair[1]), "{} < {}", pair[0], pair[1]);
        }
        assert!(v("1.01") < v("1.1"));
        assert!(v("1.001") < v("1.01"));
        assert_eq!(v("1.10").cmp(&v("1.1")), Ordering::Greater);
        assert!(v("3.0.2-r10") > v("3.0.2-r9"));
        assert!(v("1.2.3_git20220101") > v("1.2.3"));
        assert!(v("2.4.56-r0") > v("2.4.55-r0"));
        assert_eq!(v("1.0"), v("1.0-r0"));
        assert_eq!(Version::parse("1.0_foo"), None);
        assert_eq!(Version::parse("x"), None);
    }
}
