//! Conversions between the newest contract's records (what crosses the sandbox, after `adapt.rs`
//! for older plugins) and the canonical model (what the host keeps and writes). Mechanical by
//! design: one function per type, both directions where the data flows both ways (packages go
//! to advisors, the whole result goes to collectors and reporters).

use super::bindings::wit;
use crate::model;

macro_rules! enum_map {
    ($from:ty => $to:ty, $fn:ident: $($variant:ident),+) => {
        pub fn $fn(value: $from) -> $to {
            match value {
                $(<$from>::$variant => <$to>::$variant,)+
            }
        }
    };
}

macro_rules! enum_maps {
    ($wit:ident <=> $model:ident, $up:ident, $down:ident: $($variant:ident),+) => {
        enum_map!(wit::$wit => model::$model, $up: $($variant),+);
        enum_map!(model::$model => wit::$wit, $down: $($variant),+);
    };
}

enum_maps!(Level <=> Level, level, level_to_wit: Error, Warning, Info);
enum_maps!(FindingKind <=> FindingKind, finding_kind, finding_kind_to_wit: Tag, Text, Notice, Reference, Manifest);
enum_maps!(Strength <=> Strength, strength, strength_to_wit: Detection, Clue);
enum_maps!(ReferenceKind <=> ReferenceKind, reference_kind, reference_kind_to_wit: File, Url, Name);
enum_maps!(DependencyScope <=> DependencyScope, scope, scope_to_wit: Runtime, Development, Build, Test, Provided);
enum_maps!(SourceKind <=> SourceKind, source_kind, source_kind_to_wit: Registry, Git, Path, Url);
enum_maps!(Completeness <=> Completeness, completeness, completeness_to_wit: Complete, DirectOnly);
enum_maps!(AdvisoryKind <=> AdvisoryKind, advisory_kind, advisory_kind_to_wit: Vulnerability, Unmaintained, Unsound, Yanked, Malicious, Notice);
enum_maps!(RangeType <=> RangeType, range_type, range_type_to_wit: Semver, Ecosystem, Git);
enum_maps!(EventKind <=> EventKind, event_kind, event_kind_to_wit: Introduced, Fixed, LastAffected, Limit);
enum_maps!(SeverityRating <=> SeverityRating, rating, rating_to_wit: None, Low, Medium, High, Critical);
enum_maps!(Decision <=> Decision, decision, decision_to_wit: Allow, Deny, Review);
enum_maps!(SubjectKind <=> SubjectKind, subject_kind, subject_kind_to_wit: Package, File, Project, Advisory);
enum_maps!(PluginKind <=> PluginKind, plugin_kind, plugin_kind_to_wit: Detector, Parser, Advisor, Collector, Reporter);

pub fn hash_algorithm(value: wit::HashAlgorithm) -> model::HashAlgorithm {
    use model::HashAlgorithm as M;
    use wit::HashAlgorithm as W;
    match value {
        W::Md5 => M::Md5,
        W::Sha1 => M::Sha1,
        W::Sha256 => M::Sha256,
        W::Sha384 => M::Sha384,
        W::Sha512 => M::Sha512,
        W::Sha3256 => M::Sha3_256,
        W::Sha3512 => M::Sha3_512,
        W::Blake2b256 => M::Blake2b256,
        W::Blake2b512 => M::Blake2b512,
        W::Blake3 => M::Blake3,
    }
}

pub fn hash_algorithm_to_wit(value: model::HashAlgorithm) -> wit::HashAlgorithm {
    use model::HashAlgorithm as M;
    use wit::HashAlgorithm as W;
    match value {
        M::Md5 => W::Md5,
        M::Sha1 => W::Sha1,
        M::Sha256 => W::Sha256,
        M::Sha384 => W::Sha384,
        M::Sha512 => W::Sha512,
        M::Sha3_256 => W::Sha3256,
        M::Sha3_512 => W::Sha3512,
        M::Blake2b256 => W::Blake2b256,
        M::Blake2b512 => W::Blake2b512,
        M::Blake3 => W::Blake3,
    }
}

fn lines(value: Option<wit::LineRange>) -> Option<model::LineRange> {
    value.map(|r| model::LineRange { start: r.start, end: r.end.max(r.start) })
}

fn lines_to_wit(value: Option<model::LineRange>) -> Option<wit::LineRange> {
    value.map(|r| wit::LineRange { start: r.start, end: r.end })
}

fn location(value: wit::Location) -> model::Location {
    model::Location { path: value.path, line: value.line }
}

fn location_to_wit(value: &model::Location) -> wit::Location {
    wit::Location { path: value.path.clone(), line: value.line }
}

/// A detector's finding. `detector`, `also` and `package-id` are the host's to fill, whatever
/// the plugin put there.
pub fn license(value: wit::LicenseFinding, detector: &str) -> model::LicenseFinding {
    model::LicenseFinding {
        path: value.path,
        lines: lines(value.lines),
        expression: value.expression,
        kind: finding_kind(value.kind),
        strength: strength(value.strength),
        confidence: value.confidence.clamp(0.0, 1.0),
        coverage: value.coverage.map(|c| c.clamp(0.0, 1.0)),
        rule_id: value.rule_id,
        raw: value.raw,
        text: value.text,
        references: value
            .references
            .into_iter()
            .map(|r| model::LicenseReference {
                kind: reference_kind(r.kind),
                target: r.target,
                resolved_path: None,
            })
            .collect(),
        detector: detector.to_string(),
        also: Vec::new(),
        package_id: None,
    }
}

pub fn copyright(value: wit::Copyright) -> model::Copyright {
    model::Copyright {
        path: value.path,
        lines: lines(value.lines),
        statement: value.statement,
        holders: value.holders,
        years: value.years,
        package_id: None,
    }
}

pub fn observation(value: wit::Observation) -> model::Observation {
    model::Observation {
        rule_id: value.rule_id,
        level: level(value.level),
        message: value.message,
        path: value.path,
        lines: lines(value.lines),
    }
}

/// A parser's package. The detected licence is the host's to fill; a concluded one is kept only
/// as a supplier's conclusion (an SBOM's `licenseConcluded`), which the conclude step honours.
pub fn package(value: wit::Package) -> model::Package {
    model::Package {
        id: value.id,
        name: value.name,
        version: value.version,
        ecosystem: value.ecosystem,
        purl: value.purl,
        scope: scope(value.scope),
        direct: value.direct,
        optional: value.optional,
        locations: value.locations.into_iter().map(location).collect(),
        hashes: value
            .hashes
            .into_iter()
            .map(|h| model::Hash { algorithm: hash_algorithm(h.algorithm), value: h.value })
            .collect(),
        source: value.source.map(|s| model::PackageSource {
            kind: source_kind(s.kind),
            url: s.url,
            commit: s.commit,
        }),
        declared_license: value.declared_license.map(|d| model::DeclaredLicense {
            raw: d.raw,
            expression: d.expression,
            path: d.path,
        }),
        detected_license: None,
        concluded_license: value
            .concluded_license
            .map(|c| model::ConcludedLicense { expression: c.expression, reason: c.reason }),
        files_path: None,
        supplier: value.supplier,
        homepage: value.homepage,
    }
}

pub fn edge(value: wit::DependencyEdge) -> model::DependencyEdge {
    model::DependencyEdge {
        from: value.from,
        to: value.to,
        scope: scope(value.scope),
        optional: value.optional,
    }
}

pub fn manifest(value: wit::Manifest, parser: &str) -> model::Manifest {
    model::Manifest {
        path: value.path,
        ecosystem: value.ecosystem,
        format: value.format,
        completeness: completeness(value.completeness),
        parser: parser.to_string(),
    }
}

pub fn advisory(value: wit::Advisory, advisor: &str) -> model::Advisory {
    model::Advisory {
        id: value.id,
        aliases: value.aliases,
        kind: advisory_kind(value.kind),
        package_id: value.package_id,
        summary: value.summary,
        details: value.details,
        severities: value
            .severities
            .into_iter()
            .map(|s| model::Severity {
                scheme: s.scheme,
                vector: s.vector,
                score: s.score.filter(|score| score.is_finite()),
                rating: s.rating.map(rating),
                source: s.source,
            })
            .collect(),
        ranges: value
            .ranges
            .into_iter()
            .map(|r| model::AffectedRange {
                range_type: range_type(r.range_type),
                events: r
                    .events
                    .into_iter()
                    .map(|e| model::RangeEvent { kind: event_kind(e.kind), version: e.version })
                    .collect(),
                repo: r.repo,
            })
            .collect(),
        versions: value.versions,
        fixed_versions: value.fixed_versions,
        references: value.references,
        published: value.published,
        modified: value.modified,
        withdrawn: value.withdrawn,
        matched: value.matched.map(|m| model::AdvisoryMatch {
            version: m.version,
            range: m.range,
            comparator: m.comparator,
            upgrade_to: m.upgrade_to,
        }),
        advisor: advisor.to_string(),
    }
}

pub fn metric(value: wit::Metric, collector: &str) -> model::Metric {
    model::Metric {
        name: value.name,
        value: match value.value {
            wit::MetricValue::Count(n) => model::MetricValue::Count(n),
            wit::MetricValue::Ratio(r) => model::MetricValue::Ratio(r),
            wit::MetricValue::Text(t) => model::MetricValue::Text(t),
        },
        unit: value.unit,
        description: value.description,
        labels: value.labels.into_iter().map(|l| (l.key, l.value)).collect(),
        collector: collector.to_string(),
    }
}

/// A plugin's diagnostic, attributed to the plugin whatever it claimed.
pub fn diagnostic(value: wit::Diagnostic, plugin: &str) -> model::Diagnostic {
    model::Diagnostic {
        code: value.code,
        level: level(value.level),
        message: value.message,
        path: value.path,
        line: value.line,
        plugin: Some(plugin.to_string()),
    }
}

pub fn package_to_wit(value: &model::Package) -> wit::Package {
    wit::Package {
        id: value.id.clone(),
        name: value.name.clone(),
        version: value.version.clone(),
        ecosystem: value.ecosystem.clone(),
        purl: value.purl.clone(),
        scope: scope_to_wit(value.scope),
        direct: value.direct,
        optional: value.optional,
        locations: value.locations.iter().map(location_to_wit).collect(),
        hashes: value
            .hashes
            .iter()
            .map(|h| wit::Hash { algorithm: hash_algorithm_to_wit(h.algorithm), value: h.value.clone() })
            .collect(),
        source: value.source.as_ref().map(|s| wit::PackageSource {
            kind: source_kind_to_wit(s.kind),
            url: s.url.clone(),
            commit: s.commit.clone(),
        }),
        declared_license: value.declared_license.as_ref().map(|d| wit::DeclaredLicense {
            raw: d.raw.clone(),
            expression: d.expression.clone(),
            path: d.path.clone(),
        }),
        detected_license: value.detected_license.clone(),
        concluded_license: value
            .concluded_license
            .as_ref()
            .map(|c| wit::ConcludedLicense { expression: c.expression.clone(), reason: c.reason.clone() }),
        files_path: value.files_path.clone(),
        supplier: value.supplier.clone(),
        homepage: value.homepage.clone(),
    }
}

fn license_to_wit(l: &model::LicenseFinding) -> wit::LicenseFinding {
    wit::LicenseFinding {
        path: l.path.clone(),
        lines: lines_to_wit(l.lines),
        expression: l.expression.clone(),
        kind: finding_kind_to_wit(l.kind),
        strength: strength_to_wit(l.strength),
        confidence: l.confidence,
        coverage: l.coverage,
        rule_id: l.rule_id.clone(),
        raw: l.raw.clone(),
        text: l.text.clone(),
        references: l
            .references
            .iter()
            .map(|r| wit::LicenseReference {
                kind: reference_kind_to_wit(r.kind),
                target: r.target.clone(),
                resolved_path: r.resolved_path.clone(),
            })
            .collect(),
        detector: l.detector.clone(),
        also: l
            .also
            .iter()
            .map(|e| wit::Evidence {
                detector: e.detector.clone(),
                kind: finding_kind_to_wit(e.kind),
                rule_id: e.rule_id.clone(),
                lines: lines_to_wit(e.lines),
                confidence: e.confidence,
            })
            .collect(),
        package_id: l.package_id.clone(),
    }
}

fn advisory_to_wit(a: &model::Advisory) -> wit::Advisory {
    wit::Advisory {
        id: a.id.clone(),
        aliases: a.aliases.clone(),
        kind: advisory_kind_to_wit(a.kind),
        package_id: a.package_id.clone(),
        summary: a.summary.clone(),
        details: a.details.clone(),
        severities: a
            .severities
            .iter()
            .map(|s| wit::Severity {
                scheme: s.scheme.clone(),
                vector: s.vector.clone(),
                score: s.score,
                rating: s.rating.map(rating_to_wit),
                source: s.source.clone(),
            })
            .collect(),
        ranges: a
            .ranges
            .iter()
            .map(|r| wit::AffectedRange {
                range_type: range_type_to_wit(r.range_type),
                events: r
                    .events
                    .iter()
                    .map(|e| wit::RangeEvent { kind: event_kind_to_wit(e.kind), version: e.version.clone() })
                    .collect(),
                repo: r.repo.clone(),
            })
            .collect(),
        versions: a.versions.clone(),
        fixed_versions: a.fixed_versions.clone(),
        references: a.references.clone(),
        published: a.published.clone(),
        modified: a.modified.clone(),
        withdrawn: a.withdrawn.clone(),
        matched: a.matched.as_ref().map(|m| wit::AdvisoryMatch {
            version: m.version.clone(),
            range: m.range.clone(),
            comparator: m.comparator.clone(),
            upgrade_to: m.upgrade_to.clone(),
        }),
    }
}

fn metadata_to_wit(m: &model::ScanMetadata) -> wit::ScanMetadata {
    wit::ScanMetadata {
        tool_name: m.tool_name.clone(),
        tool_version: m.tool_version.clone(),
        timestamp: m.timestamp.clone(),
        plugins: m
            .plugins
            .iter()
            .map(|p| wit::PluginRecord {
                name: p.name.clone(),
                version: p.version.clone(),
                kind: plugin_kind_to_wit(p.kind),
                wit_version: p.wit_version.clone(),
                sha256: p.sha256.clone(),
                source: p.source.clone(),
            })
            .collect(),
        root_component: m.root_component.as_ref().map(|c| wit::Component {
            name: c.name.clone(),
            version: c.version.clone(),
            purl: c.purl.clone(),
        }),
        vcs: m.vcs.as_ref().map(|v| wit::VcsInfo {
            kind: v.kind.clone(),
            commit: v.commit.clone(),
            branch: v.branch.clone(),
            remote: v.remote.clone(),
            dirty: v.dirty,
        }),
    }
}

/// The whole result as collectors and reporters receive it: everything the JSON holds but the
/// timings (which are not part of the result).
pub fn scan_result_to_wit(value: &model::ScanResult) -> wit::ScanResult {
    wit::ScanResult {
        schema_version: value.schema_version.clone(),
        metadata: metadata_to_wit(&value.metadata),
        root: value.root.clone(),
        files_scanned: value.files_scanned,
        packages: value.packages.iter().map(package_to_wit).collect(),
        edges: value
            .edges
            .iter()
            .map(|e| wit::DependencyEdge {
                from: e.from.clone(),
                to: e.to.clone(),
                scope: scope_to_wit(e.scope),
                optional: e.optional,
            })
            .collect(),
        manifests: value
            .manifests
            .iter()
            .map(|m| wit::Manifest {
                path: m.path.clone(),
                ecosystem: m.ecosystem.clone(),
                format: m.format.clone(),
                completeness: completeness_to_wit(m.completeness),
            })
            .collect(),
        licenses: value.licenses.iter().map(license_to_wit).collect(),
        copyrights: value
            .copyrights
            .iter()
            .map(|c| wit::Copyright {
                path: c.path.clone(),
                lines: lines_to_wit(c.lines),
                statement: c.statement.clone(),
                holders: c.holders.clone(),
                years: c.years.clone(),
                package_id: c.package_id.clone(),
            })
            .collect(),
        observations: value
            .observations
            .iter()
            .map(|o| wit::Observation {
                rule_id: o.rule_id.clone(),
                level: level_to_wit(o.level),
                message: o.message.clone(),
                path: o.path.clone(),
                lines: lines_to_wit(o.lines),
            })
            .collect(),
        advisories: value.advisories.iter().map(advisory_to_wit).collect(),
        metrics: value
            .metrics
            .iter()
            .map(|m| wit::Metric {
                name: m.name.clone(),
                value: match &m.value {
                    model::MetricValue::Count(n) => wit::MetricValue::Count(*n),
                    model::MetricValue::Ratio(r) => wit::MetricValue::Ratio(*r),
                    model::MetricValue::Text(t) => wit::MetricValue::Text(t.clone()),
                },
                unit: m.unit.clone(),
                description: m.description.clone(),
                labels: m
                    .labels
                    .iter()
                    .map(|(k, v)| wit::Label { key: k.clone(), value: v.clone() })
                    .collect(),
            })
            .collect(),
        verdicts: value
            .verdicts
            .iter()
            .map(|v| wit::Verdict {
                subject_kind: subject_kind_to_wit(v.subject_kind),
                subject: v.subject.clone(),
                expression: v.expression.clone(),
                decision: decision_to_wit(v.decision),
                rule: v.rule.clone(),
                choice: v.choice.clone(),
                exception: v.exception.as_ref().map(|e| wit::ExceptionRef {
                    id: e.id.clone(),
                    reason: e.reason.clone(),
                    owner: e.owner.clone(),
                    expires: e.expires.clone(),
                }),
                explanation: v.explanation.clone(),
                location: v.location.as_ref().map(location_to_wit),
            })
            .collect(),
        projects: value
            .projects
            .iter()
            .map(|p| wit::ProjectLicense {
                root: p.root.clone(),
                expression: p.expression.clone(),
                evidence: p.evidence.clone(),
            })
            .collect(),
        diagnostics: value
            .diagnostics
            .iter()
            .map(|d| wit::Diagnostic {
                code: d.code.clone(),
                level: level_to_wit(d.level),
                message: d.message.clone(),
                path: d.path.clone(),
                line: d.line,
                plugin: d.plugin.clone(),
            })
            .collect(),
    }
}
