//! RPM versions (`[epoch:]version[-release]`) ordered by rpm's `rpmvercmp` (rpmio/rpmvercmp.c):
//! alphanumeric runs compared pairwise, digits as numbers and newer than letters, separators
//! ignored, `~` sorting before everything (even the end) and `^` after the end but before
//! anything else. Epochs compare as numbers; a missing epoch is 0.

use std::cmp::Ordering;

use super::cmp_digits;

#[derive(Debug, Clone)]
pub struct Version {
    epoch: String,
    version: String,
    release: Option<String>,
}

impl Version {
    pub fn parse(text: &str) -> Option<Version> {
        let text = text.trim();
        let (epoch, rest) = match text.split_once(':') {
            Some((e, rest)) if !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit()) => (e, rest),
            Some(_) => return None,
            None => ("0", text),
        };
        let (version, release) = match rest.rsplit_once('-') {
            Some((v, r)) => (v, Some(r.to_string())),
            None => (rest, None),
        };
        if version.is_empty() || version.chars().any(char::is_whitespace) {
            return None;
        }
        Some(Version { epoch: epoch.to_string(), version: version.to_string(), release })
    }
}

pub(crate) fn rpmvercmp(a: &str, b: &str) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    let sep = |c: u8| !c.is_ascii_alphanumeric() && c != b'~' && c != b'^';
    loop {
        while i < a.len() && sep(a[i]) {
            i += 1;
        }
        while j < b.len() && sep(b[j]) {
            j += 1;
        }
        let (ca, cb) = (a.get(i).copied(), b.get(j).copied());
        if ca.is_none() && cb.is_none() {
            return Ordering::Equal;
        }
        if ca == Some(b'~') || cb == Some(b'~') {
            if ca != Some(b'~') {
                return Ordering::Greater;
            }
            if cb != Some(b'~') {
                return Ordering::Less;
            }
            i += 1;
            j += 1;
            continue;
        }
        if ca == Some(b'^') || cb == Some(b'^') {
            if ca.is_none() {
                return Ordering::Less;
            }
            if cb.is_none() {
                return Ordering::Greater;
            }
            if ca != Some(b'^') {
                return Ordering::Greater;
            }
            if cb != Some(b'^') {
                return Ordering::Less;
            }
            i += 1;
            j += 1;
            continue;
        }
        let (Some(ca), Some(_)) = (ca, cb) else { break };
        let numeric = ca.is_ascii_digit();
        let class = |c: &u8| if numeric { c.is_ascii_digit() } else { c.is_ascii_alphabetic() };
        let start_i = i;
        while i < a.len() && class(&a[i]) {
            i += 1;
        }
        let start_j = j;
        while j < b.len() && class(&b[j]) {
            j += 1;
        }
        let run_a = std::str::from_utf8(&a[start_i..i]).unwrap_or("");
        let run_b = std::str::from_utf8(&b[start_j..j]).unwrap_or("");
        if run_b.is_empty() {
            // A numeric run is newer than an alphabetic one.
            return if numeric { Ordering::Greater } else { Ordering::Less };
        }
        let ord = if numeric { cmp_digits(run_a, run_b) } else { run_a.cmp(run_b) };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    // One ran out: whichever has something left is newer.
    match (i < a.len(), j < b.len()) {
        (false, false) => Ordering::Equal,
        (true, _) => Ordering::Greater,
        (false, true) => Ordering::Less,
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_digits(&self.epoch, &other.epoch)
            .then_with(|| rpmvercmp(&self.version, &other.version))
            .then_with(|| match (&self.release, &other.release) {
                (Some(a), Some(b)) => rpmvercmp(a, b),
                // rpm compares releases only when both sides have one.
                _ => Ordering::Equal,
            })
    }
}

super::eq_from_ord!(Version);

#[cfg(test)]
mod tests {
    use super::*;

    /// Cases of rpm's own test suite (tests/rpmvercmp.at).
    #[test]
    fn rpmvercmp_test_suite() {
        use Ordering::*;
        let cases = [
            ("1.0", "1.0", Equal),
            ("1.0", "2.0", Less),
            ("2.0.1", "2.0.1", Equal),
            ("2.0", "2.0.1", Less),
            ("2.0.1a", "2.0.1", Greater),
            ("5.5p1", "5.5p2", Less),
            ("5.5p10", "5.5p1", Greater),
            ("10xyz", "10.1xyz", Less),
            ("xyz10", "xyz10.1", Less),
            ("xyz.4", "8", Less),
            ("5.5p1", "5.5.p1", Equal),
            ("5.5p1", "5.5.p10", Less),
            ("5.6p1", "5.5.p10", Greater),
            ("1b.fc17", "1.fc17", Less),
            ("1.0~rc1", "1.0", Less),
            ("1.0~rc1", "1.0~rc2", Less),
            ("1.0~rc1~git123", "1.0~rc1", Less),
            ("1.0^", "1.0", Greater),
            ("1.0^git1", "1.0", Greater),
            ("1.0^git1", "1.01", Less),
            ("1.0^20160101", "1.0.1", Less),
            ("1.0~rc1^git1", "1.0~rc1", Greater),
            ("1.0^git1~pre", "1.0^git1", Less),
            ("a+", "a_", Equal),
            ("+a", "_a", Equal),
            ("1.0a", "1.0", Greater),
            ("20101121", "20101121.0", Less),
        ];
        for (a, b, want) in cases {
            assert_eq!(rpmvercmp(a, b), want, "{a} vs {b}");
        }
    }

    #[test]
    fn epoch_version_release() {
        let v = |t| Version::parse(t).unwrap_or_else(|| panic!("{t}"));
        assert!(v("1:1.0-1.el8") > v("2.0-1.el8"));
        assert!(v("0:4.18.0-305.el8") < v("4.18.0-348.el8"));
        assert!(v("3.6.8-38.el8_4") > v("3.6.8-37.el8"));
        assert_eq!(v("1.0").cmp(&v("1.0-5")), Ordering::Equal);
    }
}
