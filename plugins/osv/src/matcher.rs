//! Whether a version is affected, and why. OSV ranges are evaluated exactly as the OSV schema's
//! "Evaluation" section says: events sorted in the range's order (`introduced: "0"` lowest), a
//! version affected from an `introduced` it is at or past until a `fixed` it is at or past or a
//! `last_affected` it is past, `limit` events bounding the whole range; `versions` lists match
//! by equality in the ecosystem's order (so `2022.12.07` is `2022.12.7`). SEMVER ranges use
//! SemVer whatever the ecosystem; ECOSYSTEM ranges the ecosystem's own order; GIT ranges name
//! commits, which a lockfile version is not, and are skipped with that reason. RustSec
//! requirements are evaluated as cargo-audit does.

use std::cmp::Ordering;

use crate::entry::Rule;
use crate::osv;
use crate::version::{Key, Scheme};

/// Why a version is affected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The range it fell in, as written (`>= 1.0.0, < 1.2.3`), or `listed`.
    pub range: String,
    pub comparator: &'static str,
    /// The smallest fixing version above the package's version, when one is known.
    pub upgrade_to: Option<String>,
    /// Every `fixed` version the rule names.
    pub fixed: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Affected(Hit),
    NotAffected,
    /// Nothing in the rule could be compared with the version: the reason.
    Unmatchable(String),
}

pub fn evaluate(rule: &Rule, ecosystem: &str, version: &str) -> Outcome {
    match rule {
        Rule::Osv { ranges, versions } => osv_rule(ranges, versions, ecosystem, version),
        Rule::Cargo { patched, unaffected } => cargo_rule(patched, unaffected, version),
    }
}

/// A range's events in its order, each version parsed once.
struct Sorted<'a> {
    scheme: Scheme,
    events: Vec<(Option<Key>, Event<'a>)>,
    limits: Vec<Key>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Event<'a> {
    Introduced(&'a str),
    Fixed(&'a str),
    LastAffected(&'a str),
}

fn scheme_of(range: &osv::Range, ecosystem: &str) -> Result<Scheme, String> {
    match range.kind.as_str() {
        // Go's versions carry a `v` that OSV's SEMVER ranges do not; the Go reading takes both.
        "SEMVER" if ecosystem == "golang" => Ok(Scheme::Go),
        "SEMVER" => Ok(Scheme::Semver),
        "ECOSYSTEM" => {
            Scheme::of_ecosystem(ecosystem).ok_or_else(|| format!("no version order known for {ecosystem}"))
        }
        "GIT" => Err("a GIT range names commits, not versions".to_string()),
        other => Err(format!("unknown range type {other:?}")),
    }
}

fn sort<'a>(range: &'a osv::Range, scheme: Scheme) -> Result<Sorted<'a>, String> {
    let mut events = Vec::new();
    let mut limits = Vec::new();
    for event in &range.events {
        let parse =
            |v: &str| scheme.parse(v).ok_or_else(|| format!("{v:?} is not a {} version", scheme.name()));
        if let Some(v) = &event.introduced {
            let key = if v.trim() == "0" { None } else { Some(parse(v)?) };
            events.push((key, Event::Introduced(v)));
        } else if let Some(v) = &event.fixed {
            events.push((Some(parse(v)?), Event::Fixed(v)));
        } else if let Some(v) = &event.last_affected {
            events.push((Some(parse(v)?), Event::LastAffected(v)));
        } else if let Some(v) = event.limit.as_ref().filter(|v| v.trim() != "*") {
            limits.push(parse(v)?);
        }
    }
    // `None` (introduced 0) sorts first; a stable sort keeps the written order of equals.
    events.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Sorted { scheme, events, limits })
}

impl Sorted<'_> {
    /// The interval `version` falls in, as written, or `None` when it is not affected.
    fn interval(&self, v: &Key) -> Option<String> {
        if !self.limits.is_empty() && !self.limits.iter().any(|limit| v < limit) {
            return None;
        }
        let mut open: Option<usize> = None;
        for (i, (key, event)) in self.events.iter().enumerate() {
            match event {
                Event::Introduced(_) if key.as_ref().is_none_or(|k| v >= k) => open = Some(i),
                Event::Fixed(_) if key.as_ref().is_some_and(|k| v >= k) => open = None,
                Event::LastAffected(_) if key.as_ref().is_some_and(|k| v > k) => open = None,
                _ => {}
            }
        }
        let start = open?;
        let Event::Introduced(from) = self.events[start].1 else { return None };
        let upper = self.events[start + 1..].iter().find_map(|(_, e)| match e {
            Event::Fixed(f) => Some(format!("< {f}")),
            Event::LastAffected(l) => Some(format!("<= {l}")),
            Event::Introduced(_) => None,
        });
        Some(match upper {
            Some(upper) => format!(">= {from}, {upper}"),
            None => format!(">= {from}"),
        })
    }
}

fn osv_rule(ranges: &[osv::Range], versions: &[String], ecosystem: &str, version: &str) -> Outcome {
    let mut reasons = Vec::new();
    let mut evaluated = false;
    let mut hit: Option<(String, &'static str)> = None;
    let mut sorted = Vec::new();
    for range in ranges {
        let scheme = match scheme_of(range, ecosystem) {
            Ok(s) => s,
            Err(reason) => {
                reasons.push(reason);
                continue;
            }
        };
        let Some(v) = scheme.parse(version) else {
            reasons.push(format!("{version:?} is not a {} version", scheme.name()));
            continue;
        };
        match sort(range, scheme) {
            Ok(s) => {
                evaluated = true;
                if hit.is_none() {
                    hit = s.interval(&v).map(|text| (text, scheme.name()));
                }
                sorted.push((s, v));
            }
            Err(reason) => reasons.push(reason),
        }
    }
    if hit.is_none() && !versions.is_empty() {
        let scheme = Scheme::of_ecosystem(ecosystem);
        let key = scheme.and_then(|s| s.parse(version));
        let listed = versions.iter().any(|listed| match (scheme, &key) {
            (Some(s), Some(k)) => s.parse(listed).map_or(listed == version, |l| &l == k),
            _ => listed == version,
        });
        evaluated = true;
        if listed {
            hit = Some(("listed".to_string(), scheme.map_or("exact", Scheme::name)));
        }
    }
    let Some((range, comparator)) = hit else {
        return if evaluated { Outcome::NotAffected } else { Outcome::Unmatchable(reasons.join("; ")) };
    };
    // The smallest `fixed` above the version that no range still covers.
    let mut fixed: Vec<String> = Vec::new();
    let mut best: Option<(Key, String)> = None;
    for (s, v) in &sorted {
        for (key, event) in &s.events {
            let (Event::Fixed(f), Some(key)) = (event, key) else { continue };
            if !fixed.iter().any(|x| x == f) {
                fixed.push(f.to_string());
            }
            if key <= v
                || sorted.iter().any(|(other, _)| other.scheme == s.scheme && other.interval(key).is_some())
            {
                continue;
            }
            if best.as_ref().is_none_or(|(b, _)| key < b) {
                best = Some((key.clone(), f.to_string()));
            }
        }
    }
    Outcome::Affected(Hit { range, comparator, upgrade_to: best.map(|(_, f)| f), fixed })
}

/// RustSec: affected unless a `patched` or an `unaffected` requirement matches, with Cargo's
/// requirement semantics (the `semver` crate, as cargo and cargo-audit use).
fn cargo_rule(patched: &[String], unaffected: &[String], version: &str) -> Outcome {
    let Ok(v) = semver::Version::parse(version.trim()) else {
        return Outcome::Unmatchable(format!("{version:?} is not a semver version"));
    };
    let parse = |reqs: &[String]| -> Result<Vec<semver::VersionReq>, String> {
        reqs.iter()
            .map(|r| semver::VersionReq::parse(r).map_err(|e| format!("requirement {r:?}: {e}")))
            .collect()
    };
    let (patched_reqs, unaffected_reqs) = match (parse(patched), parse(unaffected)) {
        (Ok(p), Ok(u)) => (p, u),
        (Err(e), _) | (_, Err(e)) => return Outcome::Unmatchable(e),
    };
    let safe = |v: &semver::Version| patched_reqs.iter().chain(&unaffected_reqs).any(|r| r.matches(v));
    if safe(&v) {
        return Outcome::NotAffected;
    }
    let mut parts = Vec::new();
    if !patched.is_empty() {
        parts.push(format!("patched: {}", patched.join(" | ")));
    }
    if !unaffected.is_empty() {
        parts.push(format!("unaffected: {}", unaffected.join(" | ")));
    }
    let range = if parts.is_empty() {
        "every version (no patched release)".to_string()
    } else {
        format!("not {}", parts.join("; not "))
    };
    // The lower bound of each patched requirement is the release that fixes it.
    let fixed: Vec<semver::Version> = patched_reqs
        .iter()
        .flat_map(|r| r.comparators.iter())
        .filter(|c| {
            matches!(c.op, semver::Op::GreaterEq | semver::Op::Caret | semver::Op::Tilde | semver::Op::Exact)
        })
        .map(|c| semver::Version {
            major: c.major,
            minor: c.minor.unwrap_or(0),
            patch: c.patch.unwrap_or(0),
            pre: c.pre.clone(),
            build: semver::BuildMetadata::EMPTY,
        })
        .collect();
    let upgrade_to = fixed.iter().filter(|f| **f > v && safe(f)).min().map(ToString::to_string);
    let mut fixed_text: Vec<String> = fixed.iter().map(ToString::to_string).collect();
    fixed_text.sort();
    fixed_text.dedup();
    Outcome::Affected(Hit { range, comparator: "semver", upgrade_to, fixed: fixed_text })
}

/// Orders two upgrade candidates in `scheme`, text order when they do not parse.
pub fn cmp_versions(scheme: Option<Scheme>, a: &str, b: &str) -> Ordering {
    scheme.and_then(|s| s.compare(a, b)).unwrap_or_else(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(kind: &str, events: &[(&str, &str)]) -> osv::Range {
        let events = events
            .iter()
            .map(|(k, v)| {
                let mut e = osv::Event::default();
                let v = Some(v.to_string());
                match *k {
                    "introduced" => e.introduced = v,
                    "fixed" => e.fixed = v,
                    "last_affected" => e.last_affected = v,
                    _ => e.limit = v,
                }
                e
            })
            .collect();
        osv::Range { kind: kind.to_string(), repo: None, events }
    }

    fn osv_eval(ranges: Vec<osv::Range>, versions: &[&str], eco: &str, v: &str) -> Outcome {
        let rule = Rule::Osv { ranges, versions: versions.iter().map(|s| s.to_string()).collect() };
        evaluate(&rule, eco, v)
    }

    fn affected(outcome: &Outcome) -> bool {
        matches!(outcome, Outcome::Affected(_))
    }

    #[test]
    fn introduced_fixed_intervals() {
        let r = || {
            vec![range(
                "ECOSYSTEM",
                &[("introduced", "1.0"), ("fixed", "1.5"), ("introduced", "2.0"), ("fixed", "2.5")],
            )]
        };
        for (v, want) in [
            ("0.9", false),
            ("1.0", true),
            ("1.4.9", true),
            ("1.5", false),
            ("1.7", false),
            ("2.0", true),
            ("2.5", false),
            ("3.0", false),
        ] {
            assert_eq!(affected(&osv_eval(r(), &[], "pypi", v)), want, "{v}");
        }
        let Outcome::Affected(hit) = osv_eval(r(), &[], "pypi", "1.2") else { panic!("affected") };
        assert_eq!(hit.range, ">= 1.0, < 1.5");
        assert_eq!(hit.comparator, "pep440");
        assert_eq!(hit.upgrade_to.as_deref(), Some("1.5"));
        assert_eq!(hit.fixed, ["1.5", "2.5"]);
    }

    /// A version already past `fixed` is not affected, written in any spelling.
    #[test]
    fn past_fixed_is_never_flagged() {
        let r = || vec![range("ECOSYSTEM", &[("introduced", "0"), ("fixed", "2022.12.07")])];
        assert!(!affected(&osv_eval(r(), &[], "pypi", "2022.12.7")));
        assert!(!affected(&osv_eval(r(), &[], "pypi", "2023.1.1")));
        assert!(affected(&osv_eval(r(), &[], "pypi", "2022.9.24")));
        let m = || vec![range("ECOSYSTEM", &[("introduced", "0"), ("fixed", "5.3.20")])];
        assert!(!affected(&osv_eval(m(), &[], "maven", "5.3.20.RELEASE")));
        assert!(affected(&osv_eval(m(), &[], "maven", "5.3.19.RELEASE")));
        let d = || vec![range("ECOSYSTEM", &[("introduced", "0"), ("fixed", "2.0-1")])];
        assert!(!affected(&osv_eval(d(), &[], "deb", "1:1.0-1")), "epoch 1 is above any epoch 0");
    }

    #[test]
    fn last_affected_and_limit() {
        let r = || vec![range("SEMVER", &[("introduced", "1.0.0"), ("last_affected", "1.2.0")])];
        assert!(affected(&osv_eval(r(), &[], "npm", "1.2.0")));
        assert!(!affected(&osv_eval(r(), &[], "npm", "1.2.1")));
        let Outcome::Affected(hit) = osv_eval(r(), &[], "npm", "1.1.0") else { panic!("affected") };
        assert_eq!((hit.range.as_str(), hit.upgrade_to), (">= 1.0.0, <= 1.2.0", None));
        let l = || vec![range("SEMVER", &[("introduced", "0"), ("limit", "2.0.0")])];
        assert!(affected(&osv_eval(l(), &[], "npm", "1.9.9")));
        assert!(!affected(&osv_eval(l(), &[], "npm", "2.0.0")));
    }

    /// Go pseudo-versions sort as pre-releases, below the release they precede.
    #[test]
    fn go_pseudo_versions() {
        let r =
            || vec![range("SEMVER", &[("introduced", "0"), ("fixed", "0.0.0-20200220183623-bac4c82f6975")])];
        assert!(affected(&osv_eval(r(), &[], "golang", "v0.0.0-20191109021931-daa7c04131f5")));
        assert!(!affected(&osv_eval(r(), &[], "golang", "v0.0.0-20210220033148-5ea612d1eb83")));
        assert!(!affected(&osv_eval(r(), &[], "golang", "v0.1.0")));
    }

    #[test]
    fn listed_versions_and_git_ranges() {
        let git = || vec![range("GIT", &[("introduced", "abc"), ("fixed", "def")])];
        assert!(matches!(osv_eval(git(), &[], "pypi", "1.0"), Outcome::Unmatchable(r) if r.contains("GIT")));
        let Outcome::Affected(hit) = osv_eval(git(), &["1.0.07"], "pypi", "1.0.7") else { panic!("listed") };
        assert_eq!(hit.range, "listed");
        assert_eq!(osv_eval(git(), &["1.0.07"], "pypi", "1.0.8"), Outcome::NotAffected);
        let bad = || vec![range("ECOSYSTEM", &[("introduced", "0"), ("fixed", "1.0")])];
        assert!(matches!(osv_eval(bad(), &[], "conda", "1.0"), Outcome::Unmatchable(_)));
    }

    /// The upgrade is the smallest fix above the version that no other range re-opens.
    #[test]
    fn upgrade_skips_reopened_fixes() {
        let r = || {
            vec![range(
                "ECOSYSTEM",
                &[("introduced", "0"), ("fixed", "1.1"), ("introduced", "1.1"), ("fixed", "1.3")],
            )]
        };
        let Outcome::Affected(hit) = osv_eval(r(), &[], "pypi", "1.0") else { panic!("affected") };
        assert_eq!(hit.upgrade_to.as_deref(), Some("1.3"));
    }

    #[test]
    fn cargo_requirements_as_cargo_audit() {
        let rule = Rule::Cargo {
            patched: vec![">= 0.7.1".into(), "^0.6.5".into()],
            unaffected: vec!["< 0.6.0".into()],
        };
        for (v, want) in [
            ("0.5.9", false),
            ("0.6.0", true),
            ("0.6.4", true),
            ("0.6.5", false),
            ("0.7.0", true),
            ("0.7.1", false),
            ("1.0.0", false),
        ] {
            assert_eq!(affected(&evaluate(&rule, "cargo", v)), want, "{v}");
        }
        let Outcome::Affected(hit) = evaluate(&rule, "cargo", "0.6.1") else { panic!("affected") };
        assert_eq!(hit.upgrade_to.as_deref(), Some("0.6.5"));
        assert_eq!(hit.range, "not patched: >= 0.7.1 | ^0.6.5; not unaffected: < 0.6.0");
        let Outcome::Affected(hit) = evaluate(&rule, "cargo", "0.7.0") else { panic!("affected") };
        assert_eq!(hit.upgrade_to.as_deref(), Some("0.7.1"));
        let none = Rule::Cargo { patched: vec![], unaffected: vec![] };
        assert!(matches!(evaluate(&none, "cargo", "1.0.0"), Outcome::Affected(Hit { upgrade_to: None, .. })));
    }
}
