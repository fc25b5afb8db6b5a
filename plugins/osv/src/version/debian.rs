//! Debian versions (`[epoch:]upstream[-revision]`) ordered by dpkg's algorithm (deb-version(7),
//! `verrevcmp` in dpkg's lib/dpkg/version.c): epochs numerically first, then upstream and revision
//! alternately comparing non-digit runs (letters before non-letters, `~` before everything, even
//! the end) and digit runs as numbers. Epochs are never compared as text.

use std::cmp::Ordering;

use super::cmp_digits;

#[derive(Debug, Clone)]
pub struct Version {
    epoch: String,
    upstream: String,
    revision: String,
}

impl Version {
    pub fn parse(text: &str) -> Option<Version> {
        let (epoch, rest) = match text.split_once(':') {
            Some((e, rest)) if !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit()) => (e, rest),
            Some(_) => return None,
            None => ("0", text),
        };
        let (upstream, revision) = match rest.rsplit_once('-') {
            Some((u, r)) => (u, r),
            None => (rest, ""),
        };
        let allowed =
            |s: &str, extra: &[u8]| s.bytes().all(|b| b.is_ascii_alphanumeric() || extra.contains(&b));
        if upstream.is_empty()
            || !upstream.as_bytes()[0].is_ascii_digit()
            || !allowed(upstream, b".+~-:")
            || !allowed(revision, b".+~")
        {
            return None;
        }
        Some(Version {
            epoch: epoch.to_string(),
            upstream: upstream.to_string(),
            revision: revision.to_string(),
        })
    }
}

/// dpkg's character weight in a non-digit run: `~` below the end, the end 0, letters by code,
/// other characters after all letters.
fn order(c: Option<u8>) -> i32 {
    match c {
        None => 0,
        Some(b'~') => -1,
        Some(c) if c.is_ascii_digit() => 0,
        Some(c) if c.is_ascii_alphabetic() => i32::from(c),
        Some(c) => i32::from(c) + 256,
    }
}

pub(crate) fn verrevcmp(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        // Non-digit prefix.
        while (i < a.len() && !a[i].is_ascii_digit()) || (j < b.len() && !b[j].is_ascii_digit()) {
            let ac = order(a.get(i).copied());
            let bc = order(b.get(j).copied());
            if ac != bc {
                return ac.cmp(&bc);
            }
            i += 1;
            j += 1;
        }
        let start_i = i;
        while i < a.len() && a[i].is_ascii_digit() {
            i += 1;
        }
        let start_j = j;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        let da = std::str::from_utf8(&a[start_i.min(a.len())..i.min(a.len())]).unwrap_or("");
        let db = std::str::from_utf8(&b[start_j.min(b.len())..j.min(b.len())]).unwrap_or("");
        let ord = cmp_digits(da, db);
        if ord != Ordering::Equal {
            return ord;
        }
    }
    Ordering::Equal
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_digits(&self.epoch, &other.epoch)
            .then_with(|| verrevcmp(&self.upstream, &other.upstream))
            .then_with(|| verrevcmp(&self.revision, &other.revision))
    }
}

super::eq_from_ord!(Version);

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap_or_else(|| panic!("{text} parses"))
    }

    /// deb-version(7): "`~~` < `~~a` < `~` < the empty part < `a`".
    #[test]
    fn tilde_sorts_before_everything() {
        let chain = ["1.0~~", "1.0~~a", "1.0~", "1.0", "1.0a"];
        for pair in chain.windows(2) {
            assert!(v(pair[0]) < v(pair[1]), "{} < {}", pair[0], pair[1]);
        }
        assert!(v("1.0~rc1-1") < v("1.0-1"));
    }

    #[test]
    fn epochs_are_numbers_not_text() {
        assert!(v("1:1.0-1") > v("2.0-1"));
        assert!(v("10:1.0") > v("9:1.0"));
        assert_eq!(v("0:1.0-1"), v("1.0-1"));
    }

    #[test]
    fn revisions_and_runs() {
        assert!(v("1.0-10") > v("1.0-9"));
        assert!(v("1.2.3-1+deb11u1") > v("1.2.3-1"));
        assert!(v("1.2.3-1+deb11u2") > v("1.2.3-1+deb11u1"));
        assert!(v("2.30-21ubuntu1~18.04.7") < v("2.30-21ubuntu1~18.04.8"));
        assert!(v("1.0+dfsg-1") > v("1.0-1"));
        // Letters sort before non-letters: `a` < `+`.
        assert!(v("1.0a") < v("1.0+"));
        assert!(v("7.6.p2-4") > v("7.6-0"));
        assert_eq!(v("1.01"), v("1.1"));
        // The upstream part may hold hyphens; the revision is after the last one.
        assert!(v("1.0-beta-2") > v("1.0-beta-1"));
        assert_eq!(Version::parse("a1.0"), None);
        assert_eq!(Version::parse("x:1.0"), None);
    }
}
