//! Packagist (Composer) versions: normalised as Composer's `VersionParser::normalize` does
//! (`v1.2` is `1.2.0.0`, `1.0-beta.2` is `1.0.0.0-beta2`, `b`/`a`/`pl`/`p` are beta/alpha/patch,
//! `-dev` kept), then ordered by PHP's `version_compare`, which Composer uses:
//! `dev < alpha = a < beta = b < RC = rc < (a number) < pl = p` and unknown words below `dev`.
//! Branch names (`dev-main`, `1.x-dev`) are not versions and do not parse.

use std::cmp::Ordering;

use super::cmp_digits;

#[derive(Debug, Clone)]
pub struct Version {
    /// PHP's canonical parts: each a number or a word.
    parts: Vec<String>,
}

fn stability(word: &str) -> Option<&'static str> {
    Some(match word.to_ascii_lowercase().as_str() {
        "stable" => "",
        "beta" | "b" => "beta",
        "alpha" | "a" => "alpha",
        "rc" => "RC",
        "patch" | "pl" | "p" => "patch",
        _ => return None,
    })
}

/// `VersionParser::normalize` for the forms advisories and lockfiles use.
fn normalize(text: &str) -> Option<String> {
    let text = text.trim();
    let text = text.split_once('+').map_or(text, |(v, _)| v);
    let text = text.strip_prefix(['v', 'V']).unwrap_or(text);
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut numbers = Vec::new();
    while numbers.len() < 4 {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            break;
        }
        numbers.push(text.get(start..i)?.trim_start_matches('0').to_string());
        if i < bytes.len() && bytes[i] == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
            i += 1;
        } else {
            break;
        }
    }
    if numbers.is_empty() {
        return None;
    }
    let mut out: Vec<String> =
        numbers.into_iter().map(|n| if n.is_empty() { "0".to_string() } else { n }).collect();
    while out.len() < 4 {
        out.push("0".to_string());
    }
    let mut normalized = out.join(".");
    let mut rest = text.get(i..)?;
    rest = rest.strip_prefix(['.', '_', '-']).unwrap_or(rest);
    // [stability][number][-dev]
    let word_end = rest.bytes().position(|b| !b.is_ascii_alphabetic()).unwrap_or(rest.len());
    let (word, after) = rest.split_at(word_end);
    let mut after = after;
    if !word.is_empty() && !word.eq_ignore_ascii_case("dev") {
        let stab = stability(word)?;
        after = after.strip_prefix(['.', '-']).unwrap_or(after);
        let num_end = after.bytes().position(|b| !(b.is_ascii_digit() || b == b'.')).unwrap_or(after.len());
        let (num, tail) = after.split_at(num_end);
        let num = num.trim_end_matches('.');
        if !stab.is_empty() {
            normalized.push('-');
            normalized.push_str(stab);
            normalized.push_str(num);
        }
        after = tail;
    } else if word.eq_ignore_ascii_case("dev") {
        after = rest;
    }
    let after = after.strip_prefix(['.', '-']).unwrap_or(after);
    if after.eq_ignore_ascii_case("dev") {
        normalized.push_str("-dev");
    } else if !after.is_empty() {
        return None;
    }
    Some(normalized)
}

/// PHP's `php_canonicalize_version`: `-_+` become `.`, and a `.` goes between a digit and a
/// non-digit.
fn canonical_parts(version: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut last_digit: Option<bool> = None;
    for c in version.chars() {
        if matches!(c, '-' | '_' | '+' | '.') {
            if !current.is_empty() {
                parts.push(std::mem::take(&mut current));
            }
            last_digit = None;
            continue;
        }
        let digit = c.is_ascii_digit();
        if last_digit.is_some_and(|d| d != digit) && !current.is_empty() {
            parts.push(std::mem::take(&mut current));
        }
        current.push(c);
        last_digit = Some(digit);
    }
    if !current.is_empty() {
        parts.push(current);
    }
    parts
}

/// `compare_special_version_forms`: prefix match against PHP's table, unknown words -1.
fn special(form: &str) -> i32 {
    const FORMS: [(&str, i32); 10] = [
        ("dev", 0),
        ("alpha", 1),
        ("a", 1),
        ("beta", 2),
        ("b", 2),
        ("RC", 3),
        ("rc", 3),
        ("#", 4),
        ("pl", 5),
        ("p", 5),
    ];
    FORMS.iter().find(|(name, _)| form.starts_with(name)).map_or(-1, |(_, order)| *order)
}

fn is_number(part: &str) -> bool {
    part.bytes().all(|b| b.is_ascii_digit())
}

impl Version {
    pub fn parse(text: &str) -> Option<Version> {
        Some(Version { parts: canonical_parts(&normalize(text)?) })
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        for i in 0..self.parts.len().max(other.parts.len()) {
            let ord = match (self.parts.get(i), other.parts.get(i)) {
                (Some(a), Some(b)) => match (is_number(a), is_number(b)) {
                    (true, true) => cmp_digits(a, b),
                    (false, false) => special(a).cmp(&special(b)),
                    (true, false) => special("#").cmp(&special(b)),
                    (false, true) => special(a).cmp(&special("#")),
                },
                // The longer one decides: a further number is greater, a word compares to "#".
                (Some(a), None) => {
                    if is_number(a) {
                        Ordering::Greater
                    } else {
                        special(a).cmp(&special("#"))
                    }
                }
                (None, Some(b)) => {
                    if is_number(b) {
                        Ordering::Less
                    } else {
                        special("#").cmp(&special(b))
                    }
                }
                (None, None) => Ordering::Equal,
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

    /// Cases of Composer's VersionParserTest::successfulNormalizedVersions.
    #[test]
    fn composer_normalisation() {
        let cases = [
            ("1.0.0", "1.0.0.0"),
            ("1.2.3.4", "1.2.3.4"),
            ("1.0.0RC1dev", "1.0.0.0-RC1-dev"),
            ("1.0.0-rC15-dev", "1.0.0.0-RC15-dev"),
            ("1.0.0.RC.15-dev", "1.0.0.0-RC15-dev"),
            ("1.0.0-rc1", "1.0.0.0-RC1"),
            ("1.0.0.pl3-dev", "1.0.0.0-patch3-dev"),
            ("1.0", "1.0.0.0"),
            ("0", "0.0.0.0"),
            ("10.4.13-beta", "10.4.13.0-beta"),
            ("10.4.13beta2", "10.4.13.0-beta2"),
            ("10.4.13-b", "10.4.13.0-beta"),
            ("10.4.13-b5", "10.4.13.0-beta5"),
            ("v1.0.0", "1.0.0.0"),
            ("2010.01.02", "2010.1.2.0"),
            ("1.0.0-alpha3.1", "1.0.0.0-alpha3.1"),
            ("1.0.0-stable", "1.0.0.0"),
            ("1.0.0-dev", "1.0.0.0-dev"),
        ];
        for (input, want) in cases {
            assert_eq!(normalize(input).as_deref(), Some(want), "{input}");
        }
        assert_eq!(normalize("dev-main"), None);
        assert_eq!(normalize("1.x-dev"), None);
    }

    #[test]
    fn stability_order() {
        let chain = [
            "1.0.0-dev",
            "1.0.0-alpha1",
            "1.0.0-beta",
            "1.0.0-beta2",
            "1.0.0-RC1",
            "1.0.0",
            "1.0.0-p1",
            "1.0.1",
        ];
        for pair in chain.windows(2) {
            assert!(v(pair[0]) < v(pair[1]), "{} < {}", pair[0], pair[1]);
        }
        assert_eq!(v("v2.3"), v("2.3.0.0"));
        assert!(v("5.4.10") > v("5.4.9"));
    }
}
