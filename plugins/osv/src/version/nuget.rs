//! NuGet versions (NuGet.Versioning's `NuGetVersion`): SemVer 2.0 with up to four numeric parts
//! (`1.2.3.4`; missing parts are 0, so `1.0 == 1.0.0.0`), release labels compared
//! case-insensitively (`1.0.0-RC1 == 1.0.0-rc1`) with numeric labels as numbers, metadata ignored.

use std::cmp::Ordering;

use super::cmp_digits;

#[derive(Debug, Clone)]
pub struct Version {
    numbers: [String; 4],
    labels: Vec<String>,
}

impl Version {
    pub fn parse(text: &str) -> Option<Version> {
        let text = text.trim();
        let text = text.split_once('+').map_or(text, |(v, _)| v);
        let (core, pre) = match text.split_once('-') {
            Some((core, pre)) => (core, Some(pre)),
            None => (text, None),
        };
        let parts: Vec<&str> = core.split('.').collect();
        if parts.is_empty() || parts.len() > 4 {
            return None;
        }
        let mut numbers: [String; 4] = Default::default();
        for (i, slot) in numbers.iter_mut().enumerate() {
            match parts.get(i) {
                Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => *slot = p.to_string(),
                None => *slot = "0".to_string(),
                Some(_) => return None,
            }
        }
        let labels = match pre {
            None => Vec::new(),
            Some(pre) => {
                let labels: Vec<String> = pre.split('.').map(str::to_ascii_lowercase).collect();
                if labels
                    .iter()
                    .any(|l| l.is_empty() || !l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
                {
                    return None;
                }
                labels
            }
        };
        Some(Version { numbers, labels })
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        for (a, b) in self.numbers.iter().zip(&other.numbers) {
            let ord = cmp_digits(a, b);
            if ord != Ordering::Equal {
                return ord;
            }
        }
        match (self.labels.is_empty(), other.labels.is_empty()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Greater,
            (false, true) => return Ordering::Less,
            (false, false) => {}
        }
        for (a, b) in self.labels.iter().zip(&other.labels) {
            let an = a.bytes().all(|c| c.is_ascii_digit());
            let bn = b.bytes().all(|c| c.is_ascii_digit());
            let ord = match (an, bn) {
                (true, true) => cmp_digits(a, b),
                (true, false) => Ordering::Less,
                (false, true) => Ordering::Greater,
                (false, false) => a.cmp(b),
            };
            if ord != Ordering::Equal {
                return ord;
            }
        }
        self.labels.len().cmp(&other.labels.len())
    }
}

super::eq_from_ord!(Version);

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap_or_else(|| panic!("{text} parses"))
    }

    /// NuGet's "Package versioning" documentation: pre-release ordering and four-part versions.
    #[test]
    fn documented_ordering() {
        let chain = [
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-beta",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.0.1",
            "1.0.1",
            "1.2.3.4",
            "4.0",
        ];
        for pair in chain.windows(2) {
            assert!(v(pair[0]) < v(pair[1]), "{} < {}", pair[0], pair[1]);
        }
        assert_eq!(v("1.0"), v("1.0.0.0"));
        assert_eq!(v("1.0.0-RC1"), v("1.0.0-rc1"));
        assert_eq!(v("1.0.0+githash"), v("1.0.0"));
        assert_eq!(v("01.2"), v("1.2"));
        assert!(v("1.0.0-beta.11") > v("1.0.0-beta.2"));
        assert_eq!(Version::parse("1.2.3.4.5"), None);
        assert_eq!(Version::parse("1.x"), None);
    }
}
