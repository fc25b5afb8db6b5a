//! `[policy]` as written (every value spanned, so a bad one is pointed at by line) and its
//! validation into a [`Policy`]. Unknown keys and wrong types are refused by the TOML parser
//! with the line; ids, categories, dates, globs and ranges are checked here, all at once.

use serde::Deserialize;
use toml::Spanned;

use super::Policy;
use super::categories::Category;
use super::compatibility::CompatibilityPolicy;
use super::date::Date;
use super::exceptions::{Exception, ExceptionMatcher};
use super::expression::DefaultRule;
use super::scope::{
    PackageMatcher, PathSet, RuleEntry, RuleSet, ScopedRules, Target, parse_scope, scope_name,
};
use crate::model::{Decision, DependencyScope};

type Text = Spanned<String>;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawPolicy {
    #[serde(default)]
    pub allow: Vec<Text>,
    #[serde(default)]
    pub review: Vec<Text>,
    #[serde(default)]
    pub deny: Vec<Text>,
    /// The order `OR` branches are chosen in when several are allowed.
    #[serde(default)]
    pub prefer: Vec<Text>,
    /// For a licence no rule names: allow, review or deny (review when absent).
    pub default: Option<Text>,
    /// Dependency scopes whose verdicts are reported but never fail (development, test).
    pub report_only_scopes: Option<Spanned<Vec<Text>>>,
    /// Path globs of vendored third-party code.
    pub vendored: Option<Vec<Text>>,
    /// The project's licence, when the scan should not conclude it from the tree.
    pub project_license: Option<Text>,
    pub compatibility: Option<RawCompatibility>,
    #[serde(default)]
    pub rules: Vec<Spanned<RawRules>>,
    #[serde(default)]
    pub exceptions: Vec<Spanned<RawException>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawCompatibility {
    pub check: Option<bool>,
    pub incompatible: Option<Text>,
    pub unknown: Option<Text>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawRules {
    #[serde(default)]
    pub scopes: Vec<Text>,
    #[serde(default)]
    pub paths: Vec<Text>,
    #[serde(default)]
    pub packages: Vec<Text>,
    #[serde(default)]
    pub allow: Vec<Text>,
    #[serde(default)]
    pub review: Vec<Text>,
    #[serde(default)]
    pub deny: Vec<Text>,
    pub gate: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawException {
    pub id: Option<Text>,
    /// A purl; without a version, every version.
    pub package: Option<Text>,
    /// A package name glob, with `version` an optional semver range.
    pub name: Option<Text>,
    pub version: Option<Text>,
    /// A path glob.
    pub path: Option<Text>,
    /// The licence (an id or expression) it accepts; absent: any.
    pub license: Option<Text>,
    pub reason: Option<Text>,
    pub owner: Option<Text>,
    /// A TOML date (`2026-06-30`) or the same as a string.
    pub expires: Option<Spanned<toml::Value>>,
}

/// Built-in defaults of the knobs a user may leave out.
pub const DEFAULT_REPORT_ONLY: &[DependencyScope] = &[DependencyScope::Development, DependencyScope::Test];
pub const DEFAULT_VENDORED: &[&str] = &["vendor/**", "third_party/**", "third-party/**"];

/// Why `[policy]` cannot be used: every problem, each with its `FILE:LINE`.
#[derive(Debug, thiserror::Error)]
#[error("invalid [policy]:\n  {}", .problems.join("\n  "))]
pub struct PolicyError {
    pub problems: Vec<String>,
}

/// Points byte offsets of the file at lines.
pub struct Source<'a> {
    pub path: &'a str,
    pub text: &'a str,
}

impl Source<'_> {
    pub fn at(&self, span: std::ops::Range<usize>) -> String {
        let end = span.start.min(self.text.len());
        let line = self.text.get(..end).map_or(0, |t| t.matches('\n').count()) + 1;
        format!("{}:{line}", self.path)
    }
}

struct Checker<'a> {
    source: &'a Source<'a>,
    problems: Vec<String>,
}

impl Checker<'_> {
    fn problem<T>(&mut self, value: &Spanned<T>, message: String) {
        self.problems.push(format!("{}: {message}", self.source.at(value.span())));
    }

    fn decision(&mut self, text: &Text, key: &str) -> Option<Decision> {
        match text.get_ref().as_str() {
            "allow" => Some(Decision::Allow),
            "review" => Some(Decision::Review),
            "deny" => Some(Decision::Deny),
            other => {
                self.problem(text, format!("{key} = {other:?}: expected \"allow\", \"review\" or \"deny\""));
                None
            }
        }
    }

    /// A list entry: a category name, or a licence id (`ID WITH EXCEPTION` too) in canonical form.
    fn target(&mut self, text: &Text, list: &str) -> Option<Target> {
        let raw = text.get_ref().trim();
        if let Some(category) = Category::parse(raw) {
            return Some(Target::Category(category));
        }
        match ospo_expression::parse(raw) {
            Ok(ospo_expression::Expression::Term(term)) => Some(Target::License(term.to_string())),
            Ok(_) => {
                self.problem(
                    text,
                    format!("{list}: {raw:?} is an expression; list each licence on its own (AND/OR are evaluated per licence)"),
                );
                None
            }
            Err(err) => {
                let categories: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
                self.problem(
                    text,
                    format!(
                        "{list}: {raw:?} is neither an SPDX licence id ({}) nor a category ({})",
                        err.reason,
                        categories.join(", ")
                    ),
                );
                None
            }
        }
    }

    fn rule_set(&mut self, allow: &[Text], review: &[Text], deny: &[Text], table: &str) -> RuleSet {
        let mut entries = Vec::new();
        for (list, decision, name) in [
            (allow, Decision::Allow, "allow"),
            (review, Decision::Review, "review"),
            (deny, Decision::Deny, "deny"),
        ] {
            for text in list {
                if let Some(target) = self.target(text, name) {
                    entries.push(RuleEntry {
                        target,
                        decision,
                        at: self.source.at(text.span()),
                        table: table.to_string(),
                    });
                }
            }
        }
        RuleSet { entries }
    }

    fn scopes(&mut self, list: &[Text]) -> Vec<DependencyScope> {
        list.iter()
            .filter_map(|text| {
                let scope = parse_scope(text.get_ref());
                if scope.is_none() {
                    self.problem(
                        text,
                        format!(
                            "scope {:?}: expected runtime, development, build, test or provided",
                            text.get_ref()
                        ),
                    );
                }
                scope
            })
            .collect()
    }

    fn paths(&mut self, list: &[Text], key: &str) -> Option<PathSet> {
        let patterns: Vec<String> = list.iter().map(|t| t.get_ref().clone()).collect();
        match PathSet::new(&patterns) {
            Ok(set) => Some(set),
            Err((i, err)) => {
                if let Some(text) = list.get(i) {
                    self.problem(text, format!("{key}: {:?} is not a glob: {err}", text.get_ref()));
                }
                None
            }
        }
    }

    fn package(&mut self, text: &Text) -> Option<PackageMatcher> {
        let raw = text.get_ref();
        let matcher =
            if raw.starts_with("pkg:") { PackageMatcher::purl(raw) } else { PackageMatcher::name(raw, None) };
        matcher.map_err(|err| self.problem(text, format!("package {raw:?}: {err}"))).ok()
    }

    fn required(&mut self, value: &Option<Text>, key: &str, at: &str) -> Option<String> {
        match value {
            Some(text) if !text.get_ref().trim().is_empty() => Some(text.get_ref().trim().to_string()),
            Some(text) => {
                self.problem(text, format!("[[policy.exceptions]] `{key}` is empty"));
                None
            }
            None => {
                self.problems.push(format!("{at}: [[policy.exceptions]] needs `{key}`"));
                None
            }
        }
    }

    fn exception(&mut self, raw: &Spanned<RawException>) -> Option<Exception> {
        let at = self.source.at(raw.span());
        let e = raw.get_ref();
        let given = [e.package.is_some(), e.name.is_some(), e.path.is_some()].iter().filter(|g| **g).count();
        if given != 1 {
            self.problems.push(format!(
                "{at}: [[policy.exceptions]] needs exactly one of `package` (a purl), `name` (a package name \
                 glob) or `path` (a path glob)"
            ));
        }
        if let (Some(version), None) = (&e.version, &e.name) {
            self.problem(version, "[[policy.exceptions]] `version` goes with `name`".to_string());
        }
        let version = e.version.as_ref().and_then(|text| {
            semver::VersionReq::parse(text.get_ref())
                .map_err(|err| {
                    self.problem(text, format!("version {:?} is not a semver range: {err}", text.get_ref()))
                })
                .ok()
        });
        let matcher = if let Some(text) = &e.package {
            PackageMatcher::purl(text.get_ref())
                .map_err(|err| {
                    self.problem(text, format!("package {:?} is not a purl: {err}", text.get_ref()))
                })
                .ok()
                .map(ExceptionMatcher::Package)
        } else if let Some(text) = &e.name {
            PackageMatcher::name(text.get_ref(), version)
                .map_err(|err| self.problem(text, format!("name {:?} is not a glob: {err}", text.get_ref())))
                .ok()
                .map(ExceptionMatcher::Package)
        } else if let Some(text) = &e.path {
            self.paths(std::slice::from_ref(text), "path").map(ExceptionMatcher::Path)
        } else {
            None
        };
        let licenses = match &e.license {
            Some(text) => match ospo_expression::parse(text.get_ref()) {
                Ok(expression) => expression.terms().iter().map(|t| t.to_string()).collect(),
                Err(err) => {
                    self.problem(
                        text,
                        format!("license {:?} is not an SPDX expression: {}", text.get_ref(), err.reason),
                    );
                    Vec::new()
                }
            },
            None => Vec::new(),
        };
        let reason = self.required(&e.reason, "reason", &at);
        let owner = self.required(&e.owner, "owner", &at);
        let expires = e.expires.as_ref().and_then(|value| {
            let text = match value.get_ref() {
                toml::Value::Datetime(dt) => dt.to_string(),
                toml::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let date = Date::parse(&text);
            if date.is_none() {
                self.problem(value, format!("expires = {text}: expected a date, YYYY-MM-DD"));
            }
            date
        });
        let id = e.id.as_ref().map_or_else(|| at.clone(), |t| t.get_ref().clone());
        Some(Exception { id, matcher: matcher?, licenses, reason: reason?, owner: owner?, expires, at })
    }
}

/// Checks `raw` (from the file at `source`) into a [`Policy`].
pub fn validate(raw: &RawPolicy, source: &Source<'_>) -> Result<Policy, PolicyError> {
    let mut c = Checker { source, problems: Vec::new() };
    let rules = c.rule_set(&raw.allow, &raw.review, &raw.deny, "[policy]");
    let prefer = raw
        .prefer
        .iter()
        .filter_map(|text| match c.target(text, "prefer") {
            Some(Target::License(id)) => Some(id),
            Some(Target::Category(_)) => {
                c.problem(
                    text,
                    format!("prefer: {:?} is a category; prefer lists licence ids", text.get_ref()),
                );
                None
            }
            None => None,
        })
        .collect();
    let default = match &raw.default {
        Some(text) => DefaultRule {
            decision: c.decision(text, "default").unwrap_or(Decision::Review),
            at: source.at(text.span()),
        },
        None => DefaultRule { decision: Decision::Review, at: String::new() },
    };
    let (report_only_scopes, report_only_at) = match &raw.report_only_scopes {
        Some(list) => (c.scopes(list.get_ref()), source.at(list.span())),
        None => (DEFAULT_REPORT_ONLY.to_vec(), String::new()),
    };
    let vendored = match &raw.vendored {
        Some(list) => c.paths(list, "vendored"),
        None => PathSet::new(&DEFAULT_VENDORED.iter().map(|s| s.to_string()).collect::<Vec<_>>()).ok(),
    };
    let project_license = raw.project_license.as_ref().and_then(|text| {
        ospo_expression::canonical(text.get_ref())
            .map_err(|err| {
                c.problem(
                    text,
                    format!("project-license {:?} is not an SPDX expression: {}", text.get_ref(), err.reason),
                )
            })
            .ok()
    });
    let mut compatibility = CompatibilityPolicy::default();
    if let Some(raw) = &raw.compatibility {
        compatibility.check = raw.check.unwrap_or(true);
        if let Some(text) = &raw.incompatible {
            compatibility.incompatible = c.decision(text, "incompatible").unwrap_or(Decision::Deny);
        }
        if let Some(text) = &raw.unknown {
            compatibility.unknown = c.decision(text, "unknown").unwrap_or(Decision::Review);
        }
    }
    let scoped = raw
        .rules
        .iter()
        .map(|spanned| {
            let r = spanned.get_ref();
            let at = source.at(spanned.span());
            if r.scopes.is_empty() && r.paths.is_empty() && r.packages.is_empty() {
                c.problems.push(format!(
                    "{at}: [[policy.rules]] needs `scopes`, `paths` or `packages` to say what it applies to"
                ));
            }
            let table = format!("[[policy.rules]] ({at})");
            ScopedRules {
                scopes: c.scopes(&r.scopes),
                paths: if r.paths.is_empty() { None } else { c.paths(&r.paths, "paths") },
                packages: r.packages.iter().filter_map(|t| c.package(t)).collect(),
                rules: c.rule_set(&r.allow, &r.review, &r.deny, &table),
                gate: r.gate.unwrap_or(true),
                at,
            }
        })
        .collect();
    let exceptions = raw.exceptions.iter().filter_map(|e| c.exception(e)).collect();
    if !c.problems.is_empty() {
        return Err(PolicyError { problems: c.problems });
    }
    Ok(Policy {
        source: source.path.to_string(),
        rules,
        scoped,
        prefer,
        default,
        report_only_scopes,
        report_only_at,
        vendored,
        project_license,
        compatibility,
        exceptions,
    })
}

/// `development, test`.
pub fn scope_list(scopes: &[DependencyScope]) -> String {
    scopes.iter().map(|s| scope_name(*s)).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct File {
        policy: RawPolicy,
    }

    fn load(text: &str) -> Result<Policy, String> {
        let file: File = toml::from_str(text).map_err(|e| format!("parse: {e}"))?;
        validate(&file.policy, &Source { path: "ospo.toml", text }).map_err(|e| e.to_string())
    }

    #[test]
    fn a_full_policy_validates() {
        let policy = load(
            r#"
[policy]
allow = ["permissive", "MIT", "GPL-2.0-only WITH Classpath-exception-2.0"]
review = ["weak-copyleft", "unknown"]
deny = ["strong-copyleft"]
prefer = ["Apache-2.0", "mit"]
default = "deny"
report-only-scopes = ["test"]
vendored = ["extern/**"]
project-license = "mit or apache-2.0"

[policy.compatibility]
incompatible = "review"

[[policy.rules]]
paths = ["docs/**"]
allow = ["CC-BY-4.0"]
gate = false

[[policy.exceptions]]
name = "left-*"
version = ">=1, <2"
license = "GPL-3.0-only"
reason = "build tool only"
owner = "legal@acme.example"
expires = 2026-06-30

[[policy.exceptions]]
id = "vendored-zlib"
path = "extern/zlib/**"
reason = "r"
owner = "o"
expires = "2026-01-31"
"#,
        )
        .expect("valid");
        assert_eq!(policy.rules.entries.len(), 6);
        assert_eq!(policy.prefer, ["Apache-2.0", "MIT"], "canonical case");
        assert_eq!(policy.default.decision, Decision::Deny);
        assert_eq!(policy.default.at, "ospo.toml:7");
        assert_eq!(policy.report_only_scopes, [DependencyScope::Test]);
        assert_eq!(policy.project_license.as_deref(), Some("MIT OR Apache-2.0"));
        assert_eq!(policy.compatibility.incompatible, Decision::Review);
        assert!(!policy.scoped[0].gate);
        assert_eq!(policy.exceptions.len(), 2);
        assert_eq!(policy.exceptions[0].id, "ospo.toml:20", "the `[[policy.exceptions]]` line");
        assert_eq!(policy.exceptions[0].expires.map(|d| d.to_string()).as_deref(), Some("2026-06-30"));
        assert_eq!(policy.exceptions[1].id, "vendored-zlib");
        assert_eq!(policy.rules.entries[0].at, "ospo.toml:3");
    }

    #[test]
    fn bad_values_point_at_their_line() {
        let cases: &[(&str, &[&str])] = &[
            ("[policy]\nallow = [\"permisive\"]\n", &["ospo.toml:2: allow: \"permisive\" is neither"]),
            (
                "[policy]\ndeny = [\"MIT OR GPL-3.0-only\"]\n",
                &["ospo.toml:2: deny: \"MIT OR GPL-3.0-only\" is an expression"],
            ),
            ("[policy]\n\ndefault = \"maybe\"\n", &["ospo.toml:3: default = \"maybe\""]),
            ("[policy]\nreport-only-scopes = [\"dev\"]\n", &["ospo.toml:2: scope \"dev\""]),
            ("[policy]\nvendored = [\"a/[\"]\n", &["ospo.toml:2: vendored: \"a/[\" is not a glob"]),
            ("[policy]\nprefer = [\"permissive\"]\n", &["ospo.toml:2: prefer: \"permissive\" is a category"]),
            (
                "[policy]\n[[policy.exceptions]]\nname = \"x\"\nreason = \"r\"\nexpires = \"2026-02-30\"\n",
                &["needs `owner`", "ospo.toml:5: expires = 2026-02-30"],
            ),
            (
                "[policy]\n[[policy.exceptions]]\nname = \"x\"\npath = \"y\"\nreason = \"r\"\nowner = \"o\"\n",
                &["needs exactly one of"],
            ),
            (
                "[policy]\n[[policy.exceptions]]\npackage = \"left-pad\"\nreason = \"r\"\nowner = \"o\"\n",
                &["ospo.toml:3: package \"left-pad\" is not a purl"],
            ),
            (
                "[policy]\n[[policy.exceptions]]\nname = \"x\"\nversion = \"one\"\nreason = \"r\"\nowner = \"o\"\n",
                &["ospo.toml:4: version \"one\" is not a semver range"],
            ),
            ("[policy]\n[[policy.rules]]\nallow = [\"MIT\"]\n", &["needs `scopes`, `paths` or `packages`"]),
            ("[policy]\nalow = [\"MIT\"]\n", &["parse: ", "line 2", "alow"]),
            ("[policy]\nallow = \"MIT\"\n", &["parse: ", "line 2"]),
        ];
        for (text, expected) in cases {
            let err = load(text).expect_err(text);
            for part in *expected {
                assert!(err.contains(part), "{text:?}: {err:?} lacks {part:?}");
            }
        }
    }

    #[test]
    fn defaults_when_left_out() {
        let policy = load("[policy]\n").expect("valid");
        assert_eq!(policy.report_only_scopes, DEFAULT_REPORT_ONLY);
        assert!(policy.vendored.as_ref().is_some_and(|v| v.is_match("vendor/zlib/inflate.c")));
        assert!(policy.compatibility.check);
        assert_eq!(policy.default.decision, Decision::Review);
    }
}
