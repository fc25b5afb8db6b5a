//! The canonical scan result. `--format json` writes it as is; every other format is a reporter
//! rendering the same data. Kept separate from the WIT types so the JSON schema can evolve on its
//! own version (`schema_version`) while the plugin contract stays frozen.

use serde::{Deserialize, Serialize};

/// Bumped on any change a JSON consumer could notice.
pub const SCHEMA_VERSION: &str = "1";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Error,
    Warning,
    Info,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    Tag,
    Text,
    Notice,
    Reference,
    Manifest,
}

impl FindingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Tag => "tag",
            FindingKind::Text => "text",
            FindingKind::Notice => "notice",
            FindingKind::Reference => "reference",
            FindingKind::Manifest => "manifest",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DependencyScope {
    Runtime,
    Development,
    Build,
    Test,
    Optional,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    Allow,
    Deny,
    Review,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PluginKind {
    Detector,
    Parser,
    Advisor,
    Collector,
    Reporter,
}

impl PluginKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PluginKind::Detector => "detector",
            PluginKind::Parser => "parser",
            PluginKind::Advisor => "advisor",
            PluginKind::Collector => "collector",
            PluginKind::Reporter => "reporter",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LineRange {
    pub start: u32,
    pub end: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LicenseFinding {
    pub path: String,
    pub lines: Option<LineRange>,
    pub expression: String,
    pub kind: FindingKind,
    pub confidence: f32,
    pub coverage: Option<f32>,
    pub rule_id: String,
    pub detector: String,
    /// The same licence occurrence as other detectors reported it: one answer per occurrence,
    /// with every detector's evidence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<Evidence>,
}

/// One detector's view of a licence occurrence merged into another finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub detector: String,
    pub kind: FindingKind,
    pub rule_id: String,
    pub lines: Option<LineRange>,
    pub confidence: f32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Copyright {
    pub path: String,
    pub lines: Option<LineRange>,
    pub statement: String,
    pub holders: Vec<String>,
    pub years: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observation {
    pub rule_id: String,
    pub level: Level,
    pub message: String,
    pub path: String,
    pub lines: Option<LineRange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Package {
    pub id: String,
    pub name: String,
    pub version: Option<String>,
    pub ecosystem: String,
    pub purl: Option<String>,
    pub scope: DependencyScope,
    pub direct: bool,
    pub source: Option<String>,
    pub integrity: Option<String>,
    pub declared_license: Option<String>,
    pub manifest_path: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DependencyEdge {
    pub from: String,
    pub to: String,
    pub scope: DependencyScope,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Advisory {
    pub id: String,
    pub aliases: Vec<String>,
    pub package_id: String,
    pub summary: String,
    pub severity: Option<String>,
    pub affected_ranges: Vec<String>,
    pub fixed_versions: Vec<String>,
    pub references: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "type", content = "value")]
pub enum MetricValue {
    Count(u64),
    Ratio(f64),
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    pub name: String,
    pub value: MetricValue,
    pub unit: Option<String>,
    pub description: String,
    /// The collector that produced it.
    pub collector: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub code: String,
    pub level: Level,
    pub message: String,
    pub path: Option<String>,
    pub line: Option<u32>,
    pub plugin: Option<String>,
}

impl Diagnostic {
    pub fn new(code: &str, level: Level, message: impl Into<String>) -> Self {
        Diagnostic {
            code: code.to_string(),
            level,
            message: message.into(),
            path: None,
            line: None,
            plugin: None,
        }
    }

    pub fn at(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    pub fn from_plugin(mut self, plugin: &str) -> Self {
        self.plugin = Some(plugin.to_string());
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub subject: String,
    pub expression: String,
    pub decision: Decision,
    pub rule: String,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectLicense {
    pub root: String,
    pub expression: String,
    pub evidence: Vec<String>,
}

/// A plugin that took part in the scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PluginRecord {
    pub name: String,
    pub version: String,
    pub kind: PluginKind,
    pub wit_version: String,
    pub sha256: String,
    pub source: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timings {
    pub load_ms: u64,
    pub walk_ms: u64,
    pub detect_ms: u64,
    pub parse_ms: u64,
    pub collect_ms: u64,
    pub total_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScanResult {
    pub schema_version: String,
    pub tool_version: String,
    pub root: String,
    pub timings: Timings,
    pub files_scanned: u64,
    pub plugins: Vec<PluginRecord>,
    pub packages: Vec<Package>,
    pub edges: Vec<DependencyEdge>,
    pub licenses: Vec<LicenseFinding>,
    pub copyrights: Vec<Copyright>,
    pub observations: Vec<Observation>,
    pub advisories: Vec<Advisory>,
    pub metrics: Vec<Metric>,
    pub verdicts: Vec<Verdict>,
    pub projects: Vec<ProjectLicense>,
    pub diagnostics: Vec<Diagnostic>,
}

impl ScanResult {
    pub fn new(root: String) -> Self {
        ScanResult {
            schema_version: SCHEMA_VERSION.to_string(),
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            root,
            timings: Timings::default(),
            files_scanned: 0,
            plugins: Vec::new(),
            packages: Vec::new(),
            edges: Vec::new(),
            licenses: Vec::new(),
            copyrights: Vec::new(),
            observations: Vec::new(),
            advisories: Vec::new(),
            metrics: Vec::new(),
            verdicts: Vec::new(),
            projects: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.level == Level::Error)
    }
}
