//! Plugins built against contract 0.1 keep working: what they return is lifted into 0.2 records
//! and what they receive is lowered from them. Every default that 0.1 could not express is
//! stated here, once (a 0.1 finding is a detection, a 0.1 `optional` scope is an optional runtime
//! dependency, an `integrity` string is parsed into a hash when its form is known).

use super::bindings::v1::{self, wit as old};
use super::bindings::v2::{self, wit as new};

macro_rules! enum_map {
    ($from:ty => $to:ty, $fn:ident: $($variant:ident),+) => {
        fn $fn(value: $from) -> $to {
            match value {
                $(<$from>::$variant => <$to>::$variant,)+
            }
        }
    };
}

enum_map!(old::Level => new::Level, level_up: Error, Warning, Info);
enum_map!(new::Level => old::Level, level_down: Error, Warning, Info);
enum_map!(old::FindingKind => new::FindingKind, kind_up: Tag, Text, Notice, Reference, Manifest);
enum_map!(new::FindingKind => old::FindingKind, kind_down: Tag, Text, Notice, Reference, Manifest);
enum_map!(old::PluginKind => new::PluginKind, plugin_kind_up: Detector, Parser, Advisor, Collector, Reporter);
enum_map!(new::Decision => old::Decision, decision_down: Allow, Deny, Review);

fn lines_up(value: Option<old::LineRange>) -> Option<new::LineRange> {
    value.map(|r| new::LineRange { start: r.start, end: r.end })
}

fn lines_down(value: Option<new::LineRange>) -> Option<old::LineRange> {
    value.map(|r| old::LineRange { start: r.start, end: r.end })
}

/// 0.1 had an `optional` scope; 0.2 has an `optional` flag beside the scope.
fn scope_up(value: old::DependencyScope) -> (new::DependencyScope, bool) {
    match value {
        old::DependencyScope::Runtime => (new::DependencyScope::Runtime, false),
        old::DependencyScope::Development => (new::DependencyScope::Development, false),
        old::DependencyScope::Build => (new::DependencyScope::Build, false),
        old::DependencyScope::Test => (new::DependencyScope::Test, false),
        old::DependencyScope::Optional => (new::DependencyScope::Runtime, true),
    }
}

fn scope_down(value: new::DependencyScope, optional: bool) -> old::DependencyScope {
    match value {
        new::DependencyScope::Runtime | new::DependencyScope::Provided if optional => {
            old::DependencyScope::Optional
        }
        new::DependencyScope::Runtime | new::DependencyScope::Provided => old::DependencyScope::Runtime,
        new::DependencyScope::Development => old::DependencyScope::Development,
        new::DependencyScope::Build => old::DependencyScope::Build,
        new::DependencyScope::Test => old::DependencyScope::Test,
    }
}

pub fn file_input(value: &new::FileInput) -> old::FileInput {
    old::FileInput { path: value.path.clone(), contents: value.contents.clone() }
}

pub fn plugin_info(value: old::PluginInfo) -> new::PluginInfo {
    new::PluginInfo {
        name: value.name,
        version: value.version,
        kind: plugin_kind_up(value.kind),
        description: value.description,
        files: new::FileFilter {
            globs: value.files.globs,
            max_size: value.files.max_size,
            text_only: value.files.text_only,
        },
        formats: value.formats,
        ecosystems: Vec::new(),
        codes: Vec::new(),
        homepage: None,
    }
}

pub fn content_filter(value: v1::ContentFilter) -> v2::ContentFilter {
    v2::ContentFilter { keywords: value.keywords, always: value.always }
}

fn diagnostic_up(value: old::Diagnostic) -> new::Diagnostic {
    new::Diagnostic {
        code: value.code,
        level: level_up(value.level),
        message: value.message,
        path: value.path,
        line: value.line,
        plugin: value.plugin,
    }
}

fn diagnostic_down(value: &new::Diagnostic) -> old::Diagnostic {
    old::Diagnostic {
        code: value.code.clone(),
        level: level_down(value.level),
        message: value.message.clone(),
        path: value.path.clone(),
        line: value.line,
        plugin: value.plugin.clone(),
    }
}

pub fn detect_output(value: old::DetectOutput) -> new::DetectOutput {
    new::DetectOutput {
        licenses: value
            .licenses
            .into_iter()
            .map(|l| new::LicenseFinding {
                path: l.path,
                lines: lines_up(l.lines),
                expression: l.expression,
                kind: kind_up(l.kind),
                strength: new::Strength::Detection,
                confidence: l.confidence,
                coverage: l.coverage,
                rule_id: l.rule_id,
                raw: None,
                text: None,
                references: Vec::new(),
                detector: l.detector,
                also: Vec::new(),
                package_id: None,
            })
            .collect(),
        copyrights: value
            .copyrights
            .into_iter()
            .map(|c| new::Copyright {
                path: c.path,
                lines: lines_up(c.lines),
                statement: c.statement,
                holders: c.holders,
                years: c.years,
                package_id: None,
            })
            .collect(),
        observations: value
            .observations
            .into_iter()
            .map(|o| new::Observation {
                rule_id: o.rule_id,
                level: level_up(o.level),
                message: o.message,
                path: o.path,
                lines: lines_up(o.lines),
            })
            .collect(),
        diagnostics: value.diagnostics.into_iter().map(diagnostic_up).collect(),
    }
}

/// `sha256:<hex>` (ours, Cargo), `sha512-<base64>` (npm's SRI), `<alg>=<hex>`; anything else is
/// dropped rather than guessed.
fn integrity_up(value: &str) -> Option<new::Hash> {
    let (algorithm, digest) = value.split_once([':', '-', '='])?;
    let algorithm = match algorithm.to_ascii_lowercase().as_str() {
        "md5" => new::HashAlgorithm::Md5,
        "sha1" => new::HashAlgorithm::Sha1,
        "sha256" => new::HashAlgorithm::Sha256,
        "sha384" => new::HashAlgorithm::Sha384,
        "sha512" => new::HashAlgorithm::Sha512,
        _ => return None,
    };
    let hex = if digest.bytes().all(|b| b.is_ascii_hexdigit()) {
        digest.to_ascii_lowercase()
    } else {
        hex::encode(base64_decode(digest)?)
    };
    Some(new::Hash { algorithm, value: hex })
}

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for byte in text.bytes().filter(|&b| b != b'=') {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

fn integrity_down(hashes: &[new::Hash]) -> Option<String> {
    let hash = hashes.first()?;
    let name = match hash.algorithm {
        new::HashAlgorithm::Md5 => "md5",
        new::HashAlgorithm::Sha1 => "sha1",
        new::HashAlgorithm::Sha256 => "sha256",
        new::HashAlgorithm::Sha384 => "sha384",
        new::HashAlgorithm::Sha512 => "sha512",
        new::HashAlgorithm::Sha3256 => "sha3-256",
        new::HashAlgorithm::Sha3512 => "sha3-512",
        new::HashAlgorithm::Blake2b256 => "blake2b-256",
        new::HashAlgorithm::Blake2b512 => "blake2b-512",
        new::HashAlgorithm::Blake3 => "blake3",
    };
    Some(format!("{name}:{}", hash.value))
}

/// 0.1 sources were one string: Cargo's `registry+URL` / `git+URL#commit` / `path+URL`, a URL, a
/// path, or a registry's name.
fn source_up(value: String) -> new::PackageSource {
    let source = |kind, url: &str, commit: Option<&str>| new::PackageSource {
        kind,
        url: Some(url.to_string()),
        commit: commit.map(str::to_string),
    };
    if let Some(rest) = value.strip_prefix("git+") {
        let (url, commit) = match rest.split_once('#') {
            Some((url, commit)) => (url, Some(commit)),
            None => (rest, None),
        };
        return source(new::SourceKind::Git, url, commit);
    }
    if let Some(rest) = value.strip_prefix("registry+").or_else(|| value.strip_prefix("sparse+")) {
        return source(new::SourceKind::Registry, rest, None);
    }
    if let Some(rest) = value.strip_prefix("path+") {
        return source(new::SourceKind::Path, rest, None);
    }
    if value.starts_with('/') || value.starts_with('.') {
        return source(new::SourceKind::Path, &value, None);
    }
    if value.contains("://") {
        return source(new::SourceKind::Url, &value, None);
    }
    source(new::SourceKind::Registry, &value, None)
}

fn source_down(value: &new::PackageSource) -> Option<String> {
    let url = value.url.clone()?;
    Some(match (value.kind, &value.commit) {
        (new::SourceKind::Git, Some(commit)) => format!("git+{url}#{commit}"),
        (new::SourceKind::Git, None) => format!("git+{url}"),
        _ => url,
    })
}

pub fn parse_output(value: old::ParseOutput) -> new::ParseOutput {
    new::ParseOutput {
        packages: value
            .packages
            .into_iter()
            .map(|p| {
                let (scope, optional) = scope_up(p.scope);
                new::Package {
                    id: p.id,
                    name: p.name,
                    version: p.version,
                    ecosystem: p.ecosystem,
                    purl: p.purl,
                    scope,
                    direct: p.direct,
                    optional,
                    locations: vec![new::Location { path: p.manifest_path, line: None }],
                    hashes: p.integrity.as_deref().and_then(integrity_up).into_iter().collect(),
                    source: p.source.map(source_up),
                    // 0.1 asked for SPDX "when it can be normalised": normalise it, keep the raw.
                    declared_license: p.declared_license.map(|raw| new::DeclaredLicense {
                        expression: ospo_expression::normalize(&raw).expression,
                        raw,
                        path: None,
                    }),
                    detected_license: None,
                    concluded_license: None,
                    files_path: None,
                    supplier: None,
                    homepage: None,
                }
            })
            .collect(),
        edges: value
            .edges
            .into_iter()
            .map(|e| {
                let (scope, optional) = scope_up(e.scope);
                new::DependencyEdge { from: e.from, to: e.to, scope, optional }
            })
            .collect(),
        manifests: Vec::new(),
        diagnostics: value.diagnostics.into_iter().map(diagnostic_up).collect(),
    }
}

/// 0.1 advisories carried their ranges as text; the comparison forms become OSV-like events.
fn ranges_up(ranges: &[String]) -> (Vec<new::AffectedRange>, Vec<String>) {
    let mut affected = Vec::new();
    let mut listed = Vec::new();
    for range in ranges {
        let mut events = Vec::new();
        for part in range.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let event = |kind, version: &str| new::RangeEvent { kind, version: version.trim().to_string() };
            if let Some(v) = part.strip_prefix(">=") {
                events.push(event(new::EventKind::Introduced, v));
            } else if let Some(v) = part.strip_prefix("<=") {
                events.push(event(new::EventKind::LastAffected, v));
            } else if let Some(v) = part.strip_prefix('<') {
                events.push(event(new::EventKind::Fixed, v));
            } else if let Some(v) = part.strip_prefix('=') {
                listed.push(v.trim().to_string());
            } else {
                listed.push(part.to_string());
            }
        }
        if !events.is_empty() {
            affected.push(new::AffectedRange { range_type: new::RangeType::Ecosystem, events, repo: None });
        }
    }
    (affected, listed)
}

fn severity_up(value: String) -> new::Severity {
    let rating = match value.to_ascii_lowercase().as_str() {
        "none" => Some(new::SeverityRating::None),
        "low" => Some(new::SeverityRating::Low),
        "medium" | "moderate" => Some(new::SeverityRating::Medium),
        "high" => Some(new::SeverityRating::High),
        "critical" => Some(new::SeverityRating::Critical),
        _ => None,
    };
    let scheme = if value.starts_with("CVSS:4") {
        "CVSS_V4"
    } else if value.starts_with("CVSS:3") {
        "CVSS_V3"
    } else if value.starts_with("AV:") {
        "CVSS_V2"
    } else {
        "text"
    };
    let vector = rating.is_none().then_some(value);
    new::Severity { scheme: scheme.to_string(), vector, score: None, rating, source: None }
}

pub fn advise_output(value: old::AdviseOutput) -> new::AdviseOutput {
    new::AdviseOutput {
        advisories: value
            .advisories
            .into_iter()
            .map(|a| {
                let (ranges, versions) = ranges_up(&a.affected_ranges);
                new::Advisory {
                    id: a.id,
                    aliases: a.aliases,
                    kind: new::AdvisoryKind::Vulnerability,
                    package_id: a.package_id,
                    summary: a.summary,
                    details: None,
                    severities: a.severity.map(severity_up).into_iter().collect(),
                    ranges,
                    versions,
                    fixed_versions: a.fixed_versions,
                    references: a.references,
                    published: None,
                    modified: None,
                    withdrawn: None,
                    matched: None,
                }
            })
            .collect(),
        diagnostics: value.diagnostics.into_iter().map(diagnostic_up).collect(),
    }
}

pub fn collect_output(value: old::CollectOutput) -> new::CollectOutput {
    new::CollectOutput {
        metrics: value
            .metrics
            .into_iter()
            .map(|m| new::Metric {
                name: m.name,
                value: match m.value {
                    old::MetricValue::Count(n) => new::MetricValue::Count(n),
                    old::MetricValue::Ratio(r) => new::MetricValue::Ratio(r),
                    old::MetricValue::Text(t) => new::MetricValue::Text(t),
                },
                unit: m.unit,
                description: m.description,
                labels: Vec::new(),
            })
            .collect(),
        diagnostics: value.diagnostics.into_iter().map(diagnostic_up).collect(),
    }
}

pub fn package(value: &new::Package) -> old::Package {
    old::Package {
        id: value.id.clone(),
        name: value.name.clone(),
        version: value.version.clone(),
        ecosystem: value.ecosystem.clone(),
        purl: value.purl.clone(),
        scope: scope_down(value.scope, value.optional),
        direct: value.direct,
        source: value.source.as_ref().and_then(source_down),
        integrity: integrity_down(&value.hashes),
        declared_license: value.declared_license.as_ref().map(|d| d.expression.clone()),
        manifest_path: value.locations.first().map(|l| l.path.clone()).unwrap_or_default(),
    }
}

fn range_down(range: &new::AffectedRange) -> String {
    range
        .events
        .iter()
        .map(|e| match e.kind {
            new::EventKind::Introduced => format!(">= {}", e.version),
            new::EventKind::Fixed | new::EventKind::Limit => format!("< {}", e.version),
            new::EventKind::LastAffected => format!("<= {}", e.version),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn scan_result(value: &new::ScanResult) -> old::ScanResult {
    old::ScanResult {
        schema_version: value.schema_version.clone(),
        tool_version: value.metadata.tool_version.clone(),
        root: value.root.clone(),
        files_scanned: value.files_scanned,
        packages: value.packages.iter().map(package).collect(),
        edges: value
            .edges
            .iter()
            .map(|e| old::DependencyEdge {
                from: e.from.clone(),
                to: e.to.clone(),
                scope: scope_down(e.scope, e.optional),
            })
            .collect(),
        licenses: value
            .licenses
            .iter()
            .map(|l| old::LicenseFinding {
                path: l.path.clone(),
                lines: lines_down(l.lines),
                expression: l.expression.clone(),
                kind: kind_down(l.kind),
                confidence: l.confidence,
                coverage: l.coverage,
                rule_id: l.rule_id.clone(),
                detector: l.detector.clone(),
            })
            .collect(),
        copyrights: value
            .copyrights
            .iter()
            .map(|c| old::Copyright {
                path: c.path.clone(),
                lines: lines_down(c.lines),
                statement: c.statement.clone(),
                holders: c.holders.clone(),
                years: c.years.clone(),
            })
            .collect(),
        observations: value
            .observations
            .iter()
            .map(|o| old::Observation {
                rule_id: o.rule_id.clone(),
                level: level_down(o.level),
                message: o.message.clone(),
                path: o.path.clone(),
                lines: lines_down(o.lines),
            })
            .collect(),
        advisories: value
            .advisories
            .iter()
            .map(|a| old::Advisory {
                id: a.id.clone(),
                aliases: a.aliases.clone(),
                package_id: a.package_id.clone(),
                summary: a.summary.clone(),
                severity: a
                    .severities
                    .first()
                    .and_then(|s| s.vector.clone().or_else(|| s.rating.map(rating_text))),
                affected_ranges: a
                    .ranges
                    .iter()
                    .map(range_down)
                    .chain(a.versions.iter().map(|v| format!("= {v}")))
                    .collect(),
                fixed_versions: a.fixed_versions.clone(),
                references: a.references.clone(),
            })
            .collect(),
        metrics: value
            .metrics
            .iter()
            .map(|m| old::Metric {
                name: m.name.clone(),
                value: match &m.value {
                    new::MetricValue::Count(n) => old::MetricValue::Count(*n),
                    new::MetricValue::Ratio(r) => old::MetricValue::Ratio(*r),
                    new::MetricValue::Text(t) => old::MetricValue::Text(t.clone()),
                },
                unit: m.unit.clone(),
                description: m.description.clone(),
            })
            .collect(),
        verdicts: value
            .verdicts
            .iter()
            .map(|v| old::Verdict {
                subject: v.subject.clone(),
                expression: v.expression.clone(),
                decision: decision_down(v.decision),
                rule: v.rule.clone(),
                reason: Some(v.explanation.clone()),
            })
            .collect(),
        projects: value
            .projects
            .iter()
            .map(|p| old::ProjectLicense {
                root: p.root.clone(),
                expression: p.expression.clone(),
                evidence: p.evidence.clone(),
            })
            .collect(),
        diagnostics: value.diagnostics.iter().map(diagnostic_down).collect(),
    }
}

fn rating_text(rating: new::SeverityRating) -> String {
    match rating {
        new::SeverityRating::None => "none",
        new::SeverityRating::Low => "low",
        new::SeverityRating::Medium => "medium",
        new::SeverityRating::High => "high",
        new::SeverityRating::Critical => "critical",
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integrity_forms_become_hashes() {
        let cargo = integrity_up("sha256:ABCDEF01").expect("hex form");
        assert_eq!((cargo.algorithm, cargo.value.as_str()), (new::HashAlgorithm::Sha256, "abcdef01"));
        // npm's SRI: base64 of the digest.
        let npm = integrity_up("sha512-3q2+7w==").expect("sri form");
        assert_eq!((npm.algorithm, npm.value.as_str()), (new::HashAlgorithm::Sha512, "deadbeef"));
        assert!(integrity_up("crc32:1234").is_none());
        assert!(integrity_up("nonsense").is_none());
    }

    #[test]
    fn sources_split_into_kind_url_and_commit() {
        let git = source_up("git+https://example.invalid/x.git#abc123".into());
        assert_eq!(
            (git.kind, git.url.as_deref(), git.commit.as_deref()),
            (new::SourceKind::Git, Some("https://example.invalid/x.git"), Some("abc123"))
        );
        assert_eq!(source_down(&git).as_deref(), Some("git+https://example.invalid/x.git#abc123"));
        assert_eq!(
            source_up("registry+https://example.invalid/index".into()).kind,
            new::SourceKind::Registry
        );
        assert_eq!(source_up("../sibling".into()).kind, new::SourceKind::Path);
    }

    #[test]
    fn optional_scope_round_trips_through_the_flag() {
        let (scope, optional) = scope_up(old::DependencyScope::Optional);
        assert_eq!((scope, optional), (new::DependencyScope::Runtime, true));
        assert_eq!(scope_down(scope, optional), old::DependencyScope::Optional);
        assert_eq!(scope_down(new::DependencyScope::Test, true), old::DependencyScope::Test);
    }

    #[test]
    fn text_ranges_become_events() {
        let (ranges, listed) = ranges_up(&[">= 1.0.0, < 1.2.3".into(), "= 0.9.1".into()]);
        assert_eq!(ranges.len(), 1);
        assert_eq!(ranges[0].events[1].kind, new::EventKind::Fixed);
        assert_eq!(range_down(&ranges[0]), ">= 1.0.0, < 1.2.3");
        assert_eq!(listed, vec!["0.9.1".to_string()]);
    }
}
