//! Rule lists and what they apply to: the `allow`/`review`/`deny` lists (licence ids and
//! categories), `[[policy.rules]]` scoped to dependency scopes, paths or packages, and the
//! subjects a verdict is about.

use globset::{Glob, GlobSet, GlobSetBuilder};

use ospo_expression::Term;

use super::categories::{Category, Classification};
use crate::model::{Decision, DependencyScope, Package};

/// What one list entry names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A canonical licence id, or `ID WITH EXCEPTION`.
    License(String),
    Category(Category),
}

/// One entry of an `allow`/`review`/`deny` list, with where it is written.
#[derive(Debug, Clone)]
pub struct RuleEntry {
    pub target: Target,
    pub decision: Decision,
    /// `ospo.toml:LINE`.
    pub at: String,
    /// The table the list is in (`[policy]`, `[[policy.rules]]`).
    pub table: String,
}

impl RuleEntry {
    /// The rule id a verdict carries: `deny:GPL-3.0-only`, `allow:category:permissive`.
    pub fn id(&self) -> String {
        let decision = decision_name(self.decision);
        match &self.target {
            Target::License(id) => format!("{decision}:{id}"),
            Target::Category(category) => format!("{decision}:category:{category}"),
        }
    }

    /// `deny = ["strong-copyleft"] in [policy] (ospo.toml:7)`.
    pub fn cite(&self) -> String {
        let written = match &self.target {
            Target::License(id) => id.clone(),
            Target::Category(category) => category.to_string(),
        };
        format!("`{} = [\"{written}\"]` in {} ({})", decision_name(self.decision), self.table, self.at)
    }
}

pub fn decision_name(decision: Decision) -> &'static str {
    match decision {
        Decision::Allow => "allow",
        Decision::Review => "review",
        Decision::Deny => "deny",
    }
}

/// Deny before review before allow: among equally specific rules the cautious one wins.
fn severity(decision: Decision) -> u8 {
    match decision {
        Decision::Deny => 2,
        Decision::Review => 1,
        Decision::Allow => 0,
    }
}

/// The `allow`, `review` and `deny` lists of one table.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub entries: Vec<RuleEntry>,
}

impl RuleSet {
    /// The entry that decides `term`, most specific first: the exact `ID WITH EXCEPTION`, the
    /// licence id, the licence's kind of category, then a flag category (OSI, FSF).
    pub fn decide(&self, term: &Term, class: &Classification) -> Option<&RuleEntry> {
        let full = term.to_string();
        let levels: [&dyn Fn(&Target) -> bool; 4] = [
            &|t| matches!(t, Target::License(id) if id.eq_ignore_ascii_case(&full)),
            &|t| matches!(t, Target::License(id) if id.eq_ignore_ascii_case(&term.license)),
            &|t| matches!(t, Target::Category(c) if *c == class.kind),
            &|t| matches!(t, Target::Category(c) if class.flags.contains(c)),
        ];
        levels.iter().find_map(|matches| {
            self.entries.iter().filter(|e| matches(&e.target)).max_by_key(|e| severity(e.decision))
        })
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A set of path globs, as written (for messages) and compiled.
#[derive(Debug, Clone)]
pub struct PathSet {
    pub patterns: Vec<String>,
    set: GlobSet,
}

impl PathSet {
    pub fn new(patterns: &[String]) -> Result<PathSet, (usize, String)> {
        let mut builder = GlobSetBuilder::new();
        for (i, pattern) in patterns.iter().enumerate() {
            builder.add(compile(pattern).map_err(|err| (i, err))?);
        }
        let set = builder.build().map_err(|err| (0, err.to_string()))?;
        Ok(PathSet { patterns: patterns.to_vec(), set })
    }

    pub fn is_match(&self, path: &str) -> bool {
        !self.patterns.is_empty() && self.set.is_match(path)
    }
}

/// A glob over `/`-separated relative paths: `*` stays within one directory, `dir/**` is
/// everything below `dir`.
pub fn compile(pattern: &str) -> Result<Glob, String> {
    globset::GlobBuilder::new(pattern).literal_separator(true).build().map_err(|err| err.to_string())
}

/// Which packages an exception or a scoped rule names.
#[derive(Debug, Clone)]
pub enum PackageMatcher {
    /// A purl; without a version it names every version.
    Purl { ty: String, namespace: Option<String>, name: String, version: Option<String> },
    /// A name glob (`left-pad`, `@acme/*`), optionally within a semver range.
    Name { glob: globset::GlobMatcher, pattern: String, version: Option<semver::VersionReq> },
}

impl PackageMatcher {
    pub fn purl(text: &str) -> Result<PackageMatcher, String> {
        let purl: packageurl::PackageUrl<'_> = text.parse().map_err(|err| format!("{err}"))?;
        Ok(PackageMatcher::Purl {
            ty: purl.ty().to_string(),
            namespace: purl.namespace().map(str::to_string),
            name: purl.name().to_string(),
            version: purl.version().map(str::to_string),
        })
    }

    pub fn name(pattern: &str, version: Option<semver::VersionReq>) -> Result<PackageMatcher, String> {
        let glob = Glob::new(pattern).map_err(|err| err.to_string())?.compile_matcher();
        Ok(PackageMatcher::Name { glob, pattern: pattern.to_string(), version })
    }

    pub fn matches(&self, package: &Package) -> bool {
        match self {
            PackageMatcher::Purl { ty, namespace, name, version } => {
                let Some(purl) = package.purl.as_deref().or(Some(package.id.as_str())) else {
                    return false;
                };
                let Ok(theirs) = purl.parse::<packageurl::PackageUrl<'_>>() else { return false };
                theirs.ty() == ty
                    && theirs.namespace() == namespace.as_deref()
                    && theirs.name() == name
                    && version.as_ref().is_none_or(|v| theirs.version() == Some(v.as_str()))
            }
            PackageMatcher::Name { glob, version, .. } => {
                glob.is_match(&package.name)
                    && version.as_ref().is_none_or(|range| {
                        package
                            .version
                            .as_deref()
                            .and_then(|v| semver::Version::parse(v.trim_start_matches('v')).ok())
                            .is_some_and(|v| range.matches(&v))
                    })
            }
        }
    }

    /// As the user wrote it, for messages.
    pub fn describe(&self) -> String {
        match self {
            PackageMatcher::Purl { ty, namespace, name, version } => {
                let namespace = namespace.as_deref().map(|n| format!("{n}/")).unwrap_or_default();
                let version = version.as_deref().map(|v| format!("@{v}")).unwrap_or_default();
                format!("pkg:{ty}/{namespace}{name}{version}")
            }
            PackageMatcher::Name { pattern, version, .. } => match version {
                Some(range) => format!("{pattern} {range}"),
                None => pattern.clone(),
            },
        }
    }
}

/// What a verdict is about, with what the matchers need of it.
#[derive(Debug, Clone, Copy)]
pub enum Subject<'a> {
    Package(&'a Package),
    /// `owner`: the path package whose directory holds the file (vendored sources): its scope
    /// and name apply to the file too.
    File {
        path: &'a str,
        vendored: bool,
        owner: Option<&'a Package>,
    },
    Project {
        root: &'a str,
    },
}

impl Subject<'_> {
    /// The paths a path glob is tried on: a file's path, a project's root, the manifests that
    /// list a package and the directory of a path package (vendored code).
    pub fn paths(&self) -> Vec<&str> {
        match self {
            Subject::Package(p) => {
                let dir = p
                    .source
                    .as_ref()
                    .filter(|s| s.kind == crate::model::SourceKind::Path)
                    .and_then(|s| s.url.as_deref());
                p.locations.iter().map(|l| l.path.as_str()).chain(dir).collect()
            }
            Subject::File { path, .. } => vec![path],
            Subject::Project { root } => vec![root],
        }
    }

    /// The package it is, or whose sources it is part of.
    pub fn package(&self) -> Option<&Package> {
        match self {
            Subject::Package(p) => Some(p),
            Subject::File { owner, .. } => *owner,
            Subject::Project { .. } => None,
        }
    }

    pub fn scope(&self) -> Option<DependencyScope> {
        match self {
            Subject::Package(p) => Some(p.scope),
            Subject::File { owner, .. } => owner.map(|p| p.scope),
            Subject::Project { .. } => None,
        }
    }
}

/// `[[policy.rules]]`: lists that apply first to the subjects it matches (every matcher given
/// must match), and whether those subjects gate at all.
#[derive(Debug, Clone)]
pub struct ScopedRules {
    pub scopes: Vec<DependencyScope>,
    pub paths: Option<PathSet>,
    pub packages: Vec<PackageMatcher>,
    pub rules: RuleSet,
    /// `gate = false`: denials are reported as reviews and fail nothing.
    pub gate: bool,
    pub at: String,
}

impl ScopedRules {
    pub fn matches(&self, subject: &Subject<'_>) -> bool {
        let scope_ok = self.scopes.is_empty() || subject.scope().is_some_and(|s| self.scopes.contains(&s));
        let path_ok = self.paths.as_ref().is_none_or(|set| subject.paths().iter().any(|p| set.is_match(p)));
        let package_ok = self.packages.is_empty()
            || subject.package().is_some_and(|p| self.packages.iter().any(|m| m.matches(p)));
        scope_ok && path_ok && package_ok
    }
}

pub fn scope_name(scope: DependencyScope) -> &'static str {
    match scope {
        DependencyScope::Runtime => "runtime",
        DependencyScope::Development => "development",
        DependencyScope::Build => "build",
        DependencyScope::Test => "test",
        DependencyScope::Provided => "provided",
    }
}

pub fn parse_scope(name: &str) -> Option<DependencyScope> {
    [
        DependencyScope::Runtime,
        DependencyScope::Development,
        DependencyScope::Build,
        DependencyScope::Test,
        DependencyScope::Provided,
    ]
    .into_iter()
    .find(|s| scope_name(*s) == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(target: Target, decision: Decision) -> RuleEntry {
        RuleEntry { target, decision, at: "ospo.toml:1".into(), table: "[policy]".into() }
    }

    fn term(license: &str, exception: Option<&str>) -> Term {
        Term { license: license.into(), exception: exception.map(str::to_string) }
    }

    #[test]
    fn the_most_specific_rule_decides_and_deny_wins_a_tie() {
        let rules = RuleSet {
            entries: vec![
                entry(Target::Category(Category::OsiApproved), Decision::Allow),
                entry(Target::Category(Category::StrongCopyleft), Decision::Deny),
                entry(Target::Category(Category::StrongCopyleft), Decision::Review),
                entry(Target::License("GPL-2.0-only WITH Classpath-exception-2.0".into()), Decision::Allow),
                entry(Target::License("LGPL-2.1-only".into()), Decision::Review),
                entry(Target::License("LGPL-2.1-only".into()), Decision::Allow),
            ],
        };
        let classify = super::super::categories::classify;
        let cases: &[(Term, Option<&str>)] = &[
            (term("GPL-3.0-only", None), Some("deny:category:strong-copyleft")),
            (
                term("GPL-2.0-only", Some("Classpath-exception-2.0")),
                Some("allow:GPL-2.0-only WITH Classpath-exception-2.0"),
            ),
            (term("LGPL-2.1-only", None), Some("review:LGPL-2.1-only")),
            (term("ISC", None), Some("allow:category:osi-approved")),
            (term("LicenseRef-x", None), None),
        ];
        for (term, expected) in cases {
            let decided = rules.decide(term, &classify(term)).map(RuleEntry::id);
            assert_eq!(decided.as_deref(), *expected, "{term}");
        }
    }

    /// Built from JSON so that fields the model gains later (all optional) break no test.
    fn package(name: &str, version: &str, scope: DependencyScope) -> Package {
        serde_json::from_value(serde_json::json!({
            "id": format!("pkg:npm/{name}@{version}"),
            "name": name,
            "version": version,
            "ecosystem": "npm",
            "purl": format!("pkg:npm/{}@{version}", name.replace('@', "%40")),
            "scope": scope,
            "direct": true,
            "optional": false,
            "locations": [{ "path": "web/package-lock.json", "line": 3 }],
            "hashes": [],
            "source": null,
            "declared_license": null,
            "detected_license": null,
            "concluded_license": null,
        }))
        .expect("a package")
    }

    #[test]
    fn package_matchers() {
        let left = package("left-pad", "1.3.0", DependencyScope::Runtime);
        let cases: &[(PackageMatcher, bool)] = &[
            (PackageMatcher::purl("pkg:npm/left-pad@1.3.0").expect("purl"), true),
            (PackageMatcher::purl("pkg:npm/left-pad").expect("purl"), true),
            (PackageMatcher::purl("pkg:npm/left-pad@1.2.0").expect("purl"), false),
            (PackageMatcher::purl("pkg:cargo/left-pad").expect("purl"), false),
            (PackageMatcher::name("left-*", None).expect("glob"), true),
            (
                PackageMatcher::name("left-pad", Some(">=1.0, <2".parse().expect("range"))).expect("glob"),
                true,
            ),
            (PackageMatcher::name("left-pad", Some("^2".parse().expect("range"))).expect("glob"), false),
            (PackageMatcher::name("right-*", None).expect("glob"), false),
        ];
        for (matcher, expected) in cases {
            assert_eq!(matcher.matches(&left), *expected, "{}", matcher.describe());
        }
    }

    #[test]
    fn scoped_rules_need_every_matcher() {
        let dev = package("jest", "29.0.0", DependencyScope::Development);
        let run = package("react", "18.0.0", DependencyScope::Runtime);
        let rules = ScopedRules {
            scopes: vec![DependencyScope::Development],
            paths: Some(PathSet::new(&["web/**".to_string()]).expect("globs")),
            packages: Vec::new(),
            rules: RuleSet::default(),
            gate: false,
            at: "ospo.toml:1".into(),
        };
        assert!(rules.matches(&Subject::Package(&dev)));
        assert!(!rules.matches(&Subject::Package(&run)));
        assert!(
            !rules.matches(&Subject::File { path: "web/a.js", vendored: false, owner: None }),
            "no scope"
        );
        assert!(
            rules.matches(&Subject::File { path: "web/a.js", vendored: false, owner: Some(&dev) }),
            "its owner's"
        );
        let paths = ScopedRules { scopes: Vec::new(), ..rules };
        assert!(paths.matches(&Subject::File { path: "web/a.js", vendored: false, owner: None }));
        assert!(!paths.matches(&Subject::File { path: "webx/a.js", vendored: false, owner: None }));
        assert!(!paths.matches(&Subject::Project { root: "." }));
    }
}
