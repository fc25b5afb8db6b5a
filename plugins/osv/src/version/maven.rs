//! Maven's `ComparableVersion` (maven-artifact 3.8, the order OSV's Maven ecosystem and GHSA use):
//! a version is a list of items split at `.` and `-` and at digit/letter transitions, a `-` or
//! transition opening a sub-list; numbers compare as numbers; qualifiers order
//! `alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp`, unknown
//! qualifiers after those, alphabetically; a number is greater than any qualifier; trailing
//! zeros and release qualifiers are dropped, so `5.3.20.RELEASE == 5.3.20` and `1.0 == 1`.

use std::cmp::Ordering;

use super::cmp_digits;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    Int(String),
    Str(String),
    List(Vec<Item>),
}

#[derive(Debug, Clone)]
pub struct Version(Vec<Item>);

const QUALIFIERS: [&str; 7] = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
const RELEASE_INDEX: &str = "5";

fn string_item(value: &str, followed_by_digit: bool) -> Item {
    let value = match (followed_by_digit, value) {
        (true, "a") => "alpha",
        (true, "b") => "beta",
        (true, "m") => "milestone",
        (_, v) => v,
    };
    let value = match value {
        "ga" | "final" | "release" => "",
        "cr" => "rc",
        v => v,
    };
    Item::Str(value.to_string())
}

fn parse_item(is_digit: bool, text: &str) -> Item {
    if is_digit {
        let trimmed = text.trim_start_matches('0');
        Item::Int(if trimmed.is_empty() { "0".to_string() } else { trimmed.to_string() })
    } else {
        string_item(text, false)
    }
}

impl Item {
    fn is_null(&self) -> bool {
        match self {
            Item::Int(v) => v == "0",
            Item::Str(v) => v.is_empty(),
            Item::List(items) => items.is_empty(),
        }
    }
}

fn qualifier(value: &str) -> String {
    match QUALIFIERS.iter().position(|q| *q == value) {
        Some(i) => i.to_string(),
        None => format!("{}-{value}", QUALIFIERS.len()),
    }
}

/// `ComparableVersion.Item.compareTo`, `None` standing for Java's `null` (a missing item).
fn compare(a: &Item, b: Option<&Item>) -> Ordering {
    match (a, b) {
        (Item::Int(v), None) => {
            if v == "0" {
                Ordering::Equal
            } else {
                Ordering::Greater
            }
        }
        (Item::Int(x), Some(Item::Int(y))) => cmp_digits(x, y),
        (Item::Int(_), Some(_)) => Ordering::Greater,
        (Item::Str(v), None) => qualifier(v).as_str().cmp(RELEASE_INDEX),
        (Item::Str(_), Some(Item::Int(_))) => Ordering::Less,
        (Item::Str(x), Some(Item::Str(y))) => qualifier(x).cmp(&qualifier(y)),
        (Item::Str(_), Some(Item::List(_))) => Ordering::Less,
        (Item::List(items), None) => match items.first() {
            None => Ordering::Equal,
            Some(first) => compare(first, None),
        },
        (Item::List(_), Some(Item::Int(_))) => Ordering::Less,
        (Item::List(_), Some(Item::Str(_))) => Ordering::Greater,
        (Item::List(x), Some(Item::List(y))) => compare_lists(x, y),
    }
}

fn compare_lists(x: &[Item], y: &[Item]) -> Ordering {
    for i in 0..x.len().max(y.len()) {
        let ord = match (x.get(i), y.get(i)) {
            (Some(l), r) => compare(l, r),
            (None, Some(r)) => compare(r, None).reverse(),
            (None, None) => Ordering::Equal,
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    Ordering::Equal
}

/// Drops trailing null items, looking through (non-null) sub-lists, as `ListItem.normalize`.
fn normalize(items: &mut Vec<Item>) {
    let mut i = items.len();
    while i > 0 {
        i -= 1;
        if items[i].is_null() {
            items.remove(i);
        } else if !matches!(items[i], Item::List(_)) {
            break;
        }
    }
}

/// Builds the nested lists: `path` holds the open lists, innermost last.
struct Builder {
    stack: Vec<Vec<Item>>,
}

impl Builder {
    fn add(&mut self, item: Item) {
        if let Some(top) = self.stack.last_mut() {
            top.push(item);
        }
    }

    fn open(&mut self) {
        self.stack.push(Vec::new());
    }

    fn finish(mut self) -> Vec<Item> {
        while self.stack.len() > 1 {
            let mut inner = self.stack.pop().unwrap_or_default();
            normalize(&mut inner);
            self.add(Item::List(inner));
        }
        let mut root = self.stack.pop().unwrap_or_default();
        normalize(&mut root);
        root
    }
}

impl Version {
    pub fn parse(text: &str) -> Option<Version> {
        let version = text.trim().to_ascii_lowercase();
        if version.is_empty() || version.chars().any(char::is_whitespace) {
            return None;
        }
        let mut b = Builder { stack: vec![Vec::new()] };
        let bytes = version.as_bytes();
        let mut is_digit = false;
        let mut start = 0;
        for (i, &c) in bytes.iter().enumerate() {
            let piece = |from: usize| version.get(from..i).unwrap_or("");
            if c == b'.' {
                b.add(if i == start {
                    Item::Int("0".to_string())
                } else {
                    parse_item(is_digit, piece(start))
                });
                start = i + 1;
            } else if c == b'-' {
                b.add(if i == start {
                    Item::Int("0".to_string())
                } else {
                    parse_item(is_digit, piece(start))
                });
                start = i + 1;
                b.open();
            } else if c.is_ascii_digit() {
                if !is_digit && i > start {
                    b.add(string_item(piece(start), true));
                    start = i;
                    b.open();
                }
                is_digit = true;
            } else {
                if is_digit && i > start {
                    b.add(parse_item(true, piece(start)));
                    start = i;
                    b.open();
                }
                is_digit = false;
            }
        }
        if version.len() > start {
            b.add(parse_item(is_digit, version.get(start..).unwrap_or("")));
        }
        Some(Version(b.finish()))
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        compare_lists(&self.0, &other.0)
    }
}

super::eq_from_ord!(Version);

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap_or_else(|| panic!("{text} parses"))
    }

    fn ascending(chain: &[&str]) {
        for (i, low) in chain.iter().enumerate() {
            for high in &chain[i + 1..] {
                assert!(v(low) < v(high), "{low} < {high}");
                assert!(v(high) > v(low), "{high} > {low}");
            }
        }
    }

    /// `VERSIONS_QUALIFIER` of maven-artifact's ComparableVersionTest.
    #[test]
    fn qualifier_order_of_maven_test() {
        ascending(&[
            "1-alpha2snapshot",
            "1-alpha2",
            "1-alpha-123",
            "1-beta-2",
            "1-beta123",
            "1-m2",
            "1-m11",
            "1-rc",
            "1-cr2",
            "1-rc123",
            "1-SNAPSHOT",
            "1",
            "1-sp",
            "1-sp2",
            "1-sp123",
            "1-abc",
            "1-def",
            "1-pom-1",
            "1-1-snapshot",
            "1-1",
            "1-2",
            "1-123",
        ]);
    }

    /// `VERSIONS_NUMBER` of maven-artifact's ComparableVersionTest.
    #[test]
    fn number_order_of_maven_test() {
        ascending(&[
            "2.0", "2-1", "2.0.a", "2.0.0.a", "2.0.2", "2.0.123", "2.1.0", "2.1-a", "2.1b", "2.1-c", "2.1-1",
            "2.1.0.1", "2.2", "2.123", "11.a2", "11.a11", "11.b2", "11.b11", "11.m2", "11.m11", "11", "11.a",
            "11b", "11c", "11m",
        ]);
    }

    /// `testVersionsEqual` of the same test.
    #[test]
    fn equalities_of_maven_test() {
        let groups: &[&[&str]] = &[
            &[
                "1", "1.0", "1.0.0", "1-0", "1.0-0", "1ga", "1-ga", "1.ga", "1.0-ga", "1final", "1.final",
                "1release",
            ],
            &["1a1", "1-a1", "1alpha1", "1-alpha-1", "1ALPHA1"],
            &["1b2", "1-beta-2", "1beta2"],
            &["1m3", "1-m3", "1milestone3", "1-milestone-3"],
            &["1rc", "1cr", "1-rc", "1-cr"],
            &["1x", "1-x", "1.0.0-x"],
        ];
        for group in groups {
            for other in &group[1..] {
                assert_eq!(v(group[0]).cmp(&v(other)), Ordering::Equal, "{} == {other}", group[0]);
            }
        }
    }

    /// The false positives scanners are known for: Spring's `.RELEASE` and Guava's `-jre`.
    #[test]
    fn release_and_jre_suffixes() {
        assert_eq!(v("5.3.20.RELEASE"), v("5.3.20"));
        assert!(v("5.3.20.RELEASE") > v("5.3.19"));
        assert!(v("5.3.20.RELEASE") < v("5.3.21"));
        assert!(v("32.0.0-jre") > v("31.1-jre"));
        assert!(v("32.0.0-android") < v("32.0.0-jre"));
        assert!(v("30.0-jre") < v("32.0.0-android"));
        assert!(v("2.17.1") > v("2.17.0"));
        assert!(v("2.15.0-rc2") < v("2.15.0"));
        assert!(v("1.0-SNAPSHOT") < v("1.0"));
        assert!(v("1.0.Final") < v("1.0.1"));
        assert_eq!(Version::parse(""), None);
    }
}
