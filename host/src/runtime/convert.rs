//! Conversions between the WIT types (what crosses the sandbox) and the canonical model (what the
//! host keeps and writes). Mechanical by design: one function per type, both directions where
//! the data flows both ways (packages go to advisors, the whole result goes to reporters).

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

enum_map!(wit::Level => model::Level, level: Error, Warning, Info);
enum_map!(model::Level => wit::Level, level_to_wit: Error, Warning, Info);
enum_map!(wit::FindingKind => model::FindingKind, finding_kind: Tag, Text, Notice, Reference, Manifest);
enum_map!(model::FindingKind => wit::FindingKind, finding_kind_to_wit: Tag, Text, Notice, Reference, Manifest);
enum_map!(wit::DependencyScope => model::DependencyScope, scope: Runtime, Development, Build, Test, Optional);
enum_map!(model::DependencyScope => wit::DependencyScope, scope_to_wit: Runtime, Development, Build, Test, Optional);
enum_map!(model::Decision => wit::Decision, decision_to_wit: Allow, Deny, Review);
enum_map!(wit::PluginKind => model::PluginKind, plugin_kind: Detector, Parser, Advisor, Collector, Reporter);

fn lines(value: Option<wit::LineRange>) -> Option<model::LineRange> {
    value.map(|r| model::LineRange { start: r.start, end: r.end.max(r.start) })
}

fn lines_to_wit(value: Option<model::LineRange>) -> Option<wit::LineRange> {
    value.map(|r| wit::LineRange { start: r.start, end: r.end })
}

pub fn license(value: wit::LicenseFinding, detector: &str) -> model::LicenseFinding {
    model::LicenseFinding {
        path: value.path,
        lines: lines(value.lines),
        expression: value.expression,
        kind: finding_kind(value.kind),
        confidence: value.confidence.clamp(0.0, 1.0),
        coverage: value.coverage.map(|c| c.clamp(0.0, 1.0)),
        rule_id: value.rule_id,
        detector: detector.to_string(),
        also: Vec::new(),
    }
}

pub fn copyright(value: wit::Copyright) -> model::Copyright {
    model::Copyright {
        path: value.path,
        lines: lines(value.lines),
        statement: value.statement,
        holders: value.holders,
        years: value.years,
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

pub fn package(value: wit::Package) -> model::Package {
    model::Package {
        id: value.id,
        name: value.name,
        version: value.version,
        ecosystem: value.ecosystem,
        purl: value.purl,
        scope: scope(value.scope),
        direct: value.direct,
        source: value.source,
        integrity: value.integrity,
        declared_license: value.declared_license,
        manifest_path: value.manifest_path,
    }
}

pub fn edge(value: wit::DependencyEdge) -> model::DependencyEdge {
    model::DependencyEdge { from: value.from, to: value.to, scope: scope(value.scope) }
}

pub fn advisory(value: wit::Advisory) -> model::Advisory {
    model::Advisory {
        id: value.id,
        aliases: value.aliases,
        package_id: value.package_id,
        summary: value.summary,
        severity: value.severity,
        affected_ranges: value.affected_ranges,
        fixed_versions: value.fixed_versions,
        references: value.references,
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
        source: value.source.clone(),
        integrity: value.integrity.clone(),
        declared_license: value.declared_license.clone(),
        manifest_path: value.manifest_path.clone(),
    }
}

/// The whole result as collectors and reporters receive it.
pub fn scan_result_to_wit(value: &model::ScanResult) -> wit::ScanResult {
    wit::ScanResult {
        schema_version: value.schema_version.clone(),
        tool_version: value.tool_version.clone(),
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
            })
            .collect(),
        licenses: value
            .licenses
            .iter()
            .map(|l| wit::LicenseFinding {
                path: l.path.clone(),
                lines: lines_to_wit(l.lines),
                expression: l.expression.clone(),
                kind: finding_kind_to_wit(l.kind),
                confidence: l.confidence,
                coverage: l.coverage,
                rule_id: l.rule_id.clone(),
                detector: l.detector.clone(),
            })
            .collect(),
        copyrights: value
            .copyrights
            .iter()
            .map(|c| wit::Copyright {
                path: c.path.clone(),
                lines: lines_to_wit(c.lines),
                statement: c.statement.clone(),
                holders: c.holders.clone(),
                years: c.years.clone(),
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
        advisories: value
            .advisories
            .iter()
            .map(|a| wit::Advisory {
                id: a.id.clone(),
                aliases: a.aliases.clone(),
                package_id: a.package_id.clone(),
                summary: a.summary.clone(),
                severity: a.severity.clone(),
                affected_ranges: a.affected_ranges.clone(),
                fixed_versions: a.fixed_versions.clone(),
                references: a.references.clone(),
            })
            .collect(),
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
            })
            .collect(),
        verdicts: value
            .verdicts
            .iter()
            .map(|v| wit::Verdict {
                subject: v.subject.clone(),
                expression: v.expression.clone(),
                decision: decision_to_wit(v.decision),
                rule: v.rule.clone(),
                reason: v.reason.clone(),
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
