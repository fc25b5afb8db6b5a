//! The SARIF document: one run, its tool, rules, results and notifications, in a fixed order so
//! the same result always gives the same bytes.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use ospo_plugin_sdk::{Decision, Level, Location, PluginKind, ScanResult, SubjectKind};

use crate::rules::{self, Rule};
use crate::uri;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// The base id artifact URIs are relative to.
const ROOT: &str = "SRCROOT";

/// Rules in order of first use, each once.
#[derive(Default)]
struct Rules {
    list: Vec<Rule>,
    index: BTreeMap<String, usize>,
}

impl Rules {
    fn add(&mut self, rule: Rule) -> usize {
        if let Some(&i) = self.index.get(&rule.id) {
            return i;
        }
        self.index.insert(rule.id.clone(), self.list.len());
        self.list.push(rule);
        self.list.len() - 1
    }
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "note",
    }
}

fn location(path: &str, line: Option<u32>) -> Value {
    // Paths outside the tree (a `--config` file) are absolute: a `file:` URI of their own.
    let artifact = if path.starts_with('/') {
        json!({ "uri": format!("file://{}", uri::path(path)) })
    } else {
        json!({ "uri": uri::path(path), "uriBaseId": ROOT })
    };
    let mut physical = json!({ "artifactLocation": artifact });
    if let Some(line) = line.filter(|l| *l >= 1) {
        physical["region"] = json!({ "startLine": line });
    }
    json!({ "physicalLocation": physical })
}

fn locations(at: Option<&Location>) -> Value {
    match at {
        Some(l) if !l.path.is_empty() => json!([location(&l.path, l.line)]),
        _ => json!([]),
    }
}

fn subject_kind(kind: SubjectKind) -> &'static str {
    match kind {
        SubjectKind::Package => "package",
        SubjectKind::File => "file",
        SubjectKind::Project => "project",
        SubjectKind::Advisory => "advisory",
    }
}

fn decision_name(decision: Decision) -> &'static str {
    match decision {
        Decision::Allow => "allow",
        Decision::Review => "review",
        Decision::Deny => "deny",
    }
}

fn kind_name(kind: PluginKind) -> &'static str {
    match kind {
        PluginKind::Detector => "detector",
        PluginKind::Parser => "parser",
        PluginKind::Advisor => "advisor",
        PluginKind::Collector => "collector",
        PluginKind::Reporter => "reporter",
    }
}

fn verdict_results(scan: &ScanResult, rules: &mut Rules) -> Vec<Value> {
    let mut flagged: Vec<_> = scan.verdicts.iter().filter(|v| v.decision != Decision::Allow).collect();
    flagged.sort_by(|a, b| {
        let rank = |d: Decision| u8::from(d != Decision::Deny);
        (rank(a.decision), &a.subject, &a.rule, &a.expression).cmp(&(
            rank(b.decision),
            &b.subject,
            &b.rule,
            &b.expression,
        ))
    });
    flagged
        .into_iter()
        .map(|v| {
            let rule = rules::for_verdict(v);
            let id = rule.id.clone();
            let index = rules.add(rule);
            let mut properties = json!({
                "decision": decision_name(v.decision),
                "subjectKind": subject_kind(v.subject_kind),
                "subject": v.subject,
                "expression": v.expression,
                "policyRule": v.rule,
            });
            if let Some(choice) = &v.choice {
                properties["choice"] = json!(choice);
            }
            if let Some(e) = &v.exception {
                properties["exception"] = json!({ "id": e.id, "reason": e.reason, "owner": e.owner, "expires": e.expires });
            }
            json!({
                "ruleId": id,
                "ruleIndex": index,
                "level": rules::level(v.decision),
                "message": { "text": v.explanation },
                "locations": locations(v.location.as_ref()),
                "partialFingerprints": {
                    "ospoSubject/v1": uri::fingerprint(&[&id, subject_kind(v.subject_kind), &v.subject, &v.expression]),
                },
                "properties": properties,
            })
        })
        .collect()
}

/// Advisories a verdict already covers are that verdict's result, not a second one.
fn advisory_results(scan: &ScanResult, rules: &mut Rules) -> Vec<Value> {
    let judged: BTreeSet<&str> = scan
        .verdicts
        .iter()
        .filter(|v| v.subject_kind == SubjectKind::Advisory)
        .map(|v| v.subject.as_str())
        .collect();
    let mut advisories: Vec<_> = scan.advisories.iter().filter(|a| !judged.contains(a.id.as_str())).collect();
    advisories.sort_by(|a, b| (&a.id, &a.package_id).cmp(&(&b.id, &b.package_id)));
    advisories
        .into_iter()
        .map(|a| {
            let package = scan.packages.iter().find(|p| p.id == a.package_id);
            let name = package.map_or(a.package_id.clone(), |p| {
                format!("{} {}", p.name, p.version.as_deref().unwrap_or("")).trim_end().to_string()
            });
            let fixed = if a.fixed_versions.is_empty() {
                String::new()
            } else {
                format!(" Fixed in {}.", a.fixed_versions.join(", "))
            };
            let rule = rules::for_advisory(a);
            let level = rule.level;
            let index = rules.add(rule);
            json!({
                "ruleId": a.id,
                "ruleIndex": index,
                "level": level,
                "message": { "text": format!("{name} is affected by {}: {}{fixed}", a.id, a.summary) },
                "locations": locations(package.and_then(|p| p.locations.first())),
                "partialFingerprints": { "ospoSubject/v1": uri::fingerprint(&[&a.id, &a.package_id]) },
                "properties": { "packageId": a.package_id, "aliases": a.aliases },
            })
        })
        .collect()
}

fn observation_results(scan: &ScanResult, rules: &mut Rules) -> Vec<Value> {
    let mut observations: Vec<_> = scan.observations.iter().collect();
    observations.sort_by(|a, b| {
        (&a.path, a.lines.as_ref().map(|l| l.start), &a.rule_id, &a.message).cmp(&(
            &b.path,
            b.lines.as_ref().map(|l| l.start),
            &b.rule_id,
            &b.message,
        ))
    });
    observations
        .into_iter()
        .map(|o| {
            let level = level_name(o.level);
            let rule = rules::for_observation(&o.rule_id, level);
            let id = rule.id.clone();
            let index = rules.add(rule);
            let line = o.lines.as_ref().map(|l| l.start);
            json!({
                "ruleId": id,
                "ruleIndex": index,
                "level": level,
                "message": { "text": o.message },
                "locations": [location(&o.path, line)],
                "partialFingerprints": { "ospoSubject/v1": uri::fingerprint(&[&id, &o.path, &o.message]) },
            })
        })
        .collect()
}

fn notifications(scan: &ScanResult) -> Vec<Value> {
    let mut diagnostics: Vec<_> = scan.diagnostics.iter().collect();
    diagnostics
        .sort_by(|a, b| (&a.path, a.line, &a.code, &a.message).cmp(&(&b.path, b.line, &b.code, &b.message)));
    diagnostics
        .into_iter()
        .map(|d| {
            let mut n = json!({
                "descriptor": { "id": d.code },
                "level": level_name(d.level),
                "message": { "text": d.message },
            });
            if let Some(path) = &d.path {
                n["locations"] = json!([location(path, d.line)]);
            }
            if let Some(plugin) = &d.plugin {
                n["properties"] = json!({ "plugin": plugin });
            }
            n
        })
        .collect()
}

/// The whole document.
pub fn document(scan: &ScanResult) -> Value {
    let metadata = &scan.metadata;
    let mut rules = Rules::default();
    let mut results = verdict_results(scan, &mut rules);
    results.extend(advisory_results(scan, &mut rules));
    results.extend(observation_results(scan, &mut rules));
    let extensions: Vec<Value> = metadata
        .plugins
        .iter()
        .map(|p| {
            json!({
                "name": p.name,
                "version": p.version,
                "properties": { "kind": kind_name(p.kind), "witVersion": p.wit_version, "sha256": p.sha256, "source": p.source },
            })
        })
        .collect();
    let mut run = Map::new();
    run.insert(
        "tool".into(),
        json!({
            "driver": {
                "name": metadata.tool_name,
                "version": metadata.tool_version,
                "semanticVersion": metadata.tool_version,
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules.list.iter().map(Rule::to_json).collect::<Vec<_>>(),
            },
            "extensions": extensions,
        }),
    );
    if let Some(root) = uri::root(&scan.root) {
        run.insert("originalUriBaseIds".into(), json!({ ROOT: { "uri": root } }));
    }
    let mut invocation =
        json!({ "executionSuccessful": true, "toolExecutionNotifications": notifications(scan) });
    if !metadata.timestamp.is_empty() {
        invocation["endTimeUtc"] = json!(metadata.timestamp);
    }
    run.insert("invocations".into(), json!([invocation]));
    if let Some(vcs) = &metadata.vcs {
        let mut details = json!({ "repositoryUri": vcs.remote.clone().unwrap_or_default() });
        if let Some(commit) = &vcs.commit {
            details["revisionId"] = json!(commit);
        }
        if let Some(branch) = &vcs.branch {
            details["branch"] = json!(branch);
        }
        // `repositoryUri` is required and must be a URI: an scp-style remote (`git@host:x`) is not.
        if vcs.remote.as_deref().is_some_and(|r| r.starts_with("https://") || r.starts_with("http://")) {
            run.insert("versionControlProvenance".into(), json!([details]));
        }
    }
    run.insert("results".into(), Value::Array(results));
    run.insert("columnKind".into(), json!("unicodeCodePoints"));
    json!({ "$schema": SCHEMA, "version": "2.1.0", "runs": [Value::Object(run)] })
}
