//! The canonical scan result. `--format json` writes it as is; every other format is a reporter
//! rendering the same data. Kept separate from the WIT types so the JSON schema can evolve on its
//! own version (`schema_version`) while the plugin contract stays frozen.

use serde::{Deserialize, Serialize};

/// Bumped on any change a JSON consumer could notice.
pub const SCHEMA_VERSION: &str = "2";

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
    /// Supplied by the environment (Maven `provided`, peer dependencies).
    Provided,
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
    /// A clue is weak evidence: shown, never used to conclude a licence.
    pub strength: Strength,
    pub confidence: f32,
    pub coverage: Option<f32>,
    pub rule_id: String,
    /// The licence as written, when it differs from the expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<String>,
    /// The licence's own text, for a `LicenseRef-` an SBOM must carry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// What a reference finding points to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<LicenseReference>,
    pub detector: String,
    /// The same licence occurrence as other detectors reported it: one answer per occurrence,
    /// with every detector's evidence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<Evidence>,
    /// The package whose files hold the finding (dependency sources).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_id: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strength {
    #[default]
    Detection,
    Clue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReferenceKind {
    File,
    Url,
    Name,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenseReference {
    pub kind: ReferenceKind,
    pub target: String,
    /// The file whose licence answered the reference, when one did.
    pub resolved_path: Option<String>,
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observation {
    pub rule_id: String,
    pub level: Level,
    pub message: String,
    pub path: String,
    pub lines: Option<LineRange>,
}

/// A place in a file; `line` is 1-based.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Location {
    pub path: String,
    pub line: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HashAlgorithm {
    Md5,
    Sha1,
    Sha256,
    Sha384,
    Sha512,
    #[serde(rename = "sha3-256")]
    Sha3_256,
    #[serde(rename = "sha3-512")]
    Sha3_512,
    #[serde(rename = "blake2b-256")]
    Blake2b256,
    #[serde(rename = "blake2b-512")]
    Blake2b512,
    Blake3,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Hash {
    pub algorithm: HashAlgorithm,
    /// Lowercase hex.
    pub value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    Registry,
    Git,
    Path,
    Url,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageSource {
    pub kind: SourceKind,
    pub url: Option<String>,
    pub commit: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclaredLicense {
    /// As written.
    pub raw: String,
    /// The canonical SPDX expression it normalises to.
    pub expression: String,
    pub path: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConcludedLicense {
    pub expression: String,
    pub reason: String,
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
    pub optional: bool,
    /// Every manifest or lockfile that lists it.
    pub locations: Vec<Location>,
    pub hashes: Vec<Hash>,
    pub source: Option<PackageSource>,
    pub declared_license: Option<DeclaredLicense>,
    pub detected_license: Option<String>,
    pub concluded_license: Option<ConcludedLicense>,
    /// The folder the package's own files were read from (dependency sources).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homepage: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DependencyEdge {
    pub from: String,
    pub to: String,
    pub scope: DependencyScope,
    pub optional: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Completeness {
    Complete,
    DirectOnly,
}

/// A manifest or lockfile a parser read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Manifest {
    pub path: String,
    pub ecosystem: String,
    pub format: String,
    pub completeness: Completeness,
    /// The parser that read it.
    pub parser: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AdvisoryKind {
    Vulnerability,
    Unmaintained,
    Unsound,
    Yanked,
    Malicious,
    Notice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RangeType {
    Semver,
    Ecosystem,
    Git,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    Introduced,
    Fixed,
    LastAffected,
    Limit,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RangeEvent {
    pub kind: EventKind,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AffectedRange {
    pub range_type: RangeType,
    pub events: Vec<RangeEvent>,
    pub repo: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SeverityRating {
    None,
    Low,
    Medium,
    High,
    Critical,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Severity {
    pub scheme: String,
    pub vector: Option<String>,
    pub score: Option<f32>,
    pub rating: Option<SeverityRating>,
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdvisoryMatch {
    pub version: String,
    pub range: String,
    pub comparator: String,
    pub upgrade_to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Advisory {
    pub id: String,
    pub aliases: Vec<String>,
    pub kind: AdvisoryKind,
    pub package_id: String,
    pub summary: String,
    pub details: Option<String>,
    pub severities: Vec<Severity>,
    pub ranges: Vec<AffectedRange>,
    pub versions: Vec<String>,
    pub fixed_versions: Vec<String>,
    pub references: Vec<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub withdrawn: Option<String>,
    pub matched: Option<AdvisoryMatch>,
    /// The advisor that reported it.
    pub advisor: String,
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
    /// Dimensions of the series (`ecosystem` → `npm`).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub labels: std::collections::BTreeMap<String, String>,
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

    /// A host diagnostic: the level is the code's, from the catalogue.
    pub fn of(code: crate::diagnostics::Code, message: impl Into<String>) -> Self {
        Diagnostic::new(code.as_str(), code.level(), message)
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SubjectKind {
    Package,
    File,
    Project,
    Advisory,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExceptionRef {
    pub id: String,
    pub reason: String,
    pub owner: Option<String>,
    pub expires: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub subject_kind: SubjectKind,
    pub subject: String,
    pub expression: String,
    pub decision: Decision,
    pub rule: String,
    pub choice: Option<String>,
    pub exception: Option<ExceptionRef>,
    pub explanation: String,
    pub location: Option<Location>,
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

/// The version-control state of the scanned root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VcsInfo {
    pub kind: String,
    pub commit: Option<String>,
    pub branch: Option<String>,
    pub remote: Option<String>,
    pub dirty: Option<bool>,
}

/// What was scanned, as an SBOM's root component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Component {
    pub name: String,
    pub version: Option<String>,
    pub purl: Option<String>,
}

/// Facts about the scan itself, for SBOM metadata and SARIF `tool`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanMetadata {
    pub tool_name: String,
    pub tool_version: String,
    /// RFC 3339 UTC; `SOURCE_DATE_EPOCH` when set.
    pub timestamp: String,
    pub plugins: Vec<PluginRecord>,
    pub root_component: Option<Component>,
    pub vcs: Option<VcsInfo>,
}

/// Wall time of each stage. Not part of the canonical result (two scans of one tree must write
/// the same bytes): written only when asked for with `--timings`.
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
    pub metadata: ScanMetadata,
    pub root: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timings: Option<Timings>,
    pub files_scanned: u64,
    /// Files the tree's ignore rules left out of the walk (`.gitignore` in a git work tree,
    /// `.ignore`); absent when none were.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub files_ignored: u64,
    pub packages: Vec<Package>,
    pub edges: Vec<DependencyEdge>,
    pub manifests: Vec<Manifest>,
    pub licenses: Vec<LicenseFinding>,
    pub copyrights: Vec<Copyright>,
    pub observations: Vec<Observation>,
    pub advisories: Vec<Advisory>,
    pub metrics: Vec<Metric>,
    pub verdicts: Vec<Verdict>,
    pub projects: Vec<ProjectLicense>,
    pub diagnostics: Vec<Diagnostic>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl ScanResult {
    pub fn new(root: String) -> Self {
        ScanResult {
            schema_version: SCHEMA_VERSION.to_string(),
            metadata: ScanMetadata {
                tool_name: "ospo".to_string(),
                tool_version: env!("CARGO_PKG_VERSION").to_string(),
                timestamp: String::new(),
                plugins: Vec::new(),
                root_component: None,
                vcs: None,
            },
            root,
            timings: None,
            files_scanned: 0,
            files_ignored: 0,
            packages: Vec::new(),
            edges: Vec::new(),
            manifests: Vec::new(),
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
