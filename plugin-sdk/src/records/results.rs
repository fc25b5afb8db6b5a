//! Collector and reporter records: metrics, verdicts, project licences, scan metadata, the
//! whole [`ScanResult`] (so reporters' native tests can build one), and the empty outputs.

use crate::{
    AdviseOutput, Advisory, CollectOutput, Component, Copyright, Decision, DependencyEdge, DetectOutput,
    Diagnostic, ExceptionRef, Label, LicenseFinding, Location, Manifest, Metric, MetricValue, Observation,
    Package, ParseOutput, PluginKind, PluginRecord, ProjectLicense, ScanMetadata, ScanResult, SubjectKind,
    VcsInfo, Verdict,
};

impl Metric {
    fn new(name: &str, value: MetricValue, description: &str) -> Self {
        Metric {
            name: name.to_string(),
            value,
            unit: None,
            description: description.to_string(),
            labels: Vec::new(),
        }
    }

    /// A count (`inventory.packages`).
    pub fn count(name: &str, count: u64, description: &str) -> Self {
        Self::new(name, MetricValue::Count(count), description)
    }

    /// A ratio (`licenses.known-ratio`), usually 0.0 ..= 1.0.
    pub fn ratio(name: &str, ratio: f64, description: &str) -> Self {
        Self::new(name, MetricValue::Ratio(ratio), description)
    }

    /// A text value.
    pub fn text(name: &str, text: &str, description: &str) -> Self {
        Self::new(name, MetricValue::Text(text.to_string()), description)
    }

    /// The unit (`files`, `bytes`).
    pub fn unit(mut self, unit: &str) -> Self {
        self.unit = Some(unit.to_string());
        self
    }

    /// Adds a dimension of the series: (`ecosystem`, `npm`).
    pub fn label(mut self, key: &str, value: &str) -> Self {
        self.labels.push(Label::new(key, value));
        self
    }
}

impl Label {
    /// A dimension of a metric series.
    pub fn new(key: &str, value: &str) -> Self {
        Label { key: key.to_string(), value: value.to_string() }
    }
}

impl Verdict {
    /// A policy decision about `subject` (a package id, path, project root or advisory id) with
    /// `expression`, decided by `rule`, explained to a person; no choice, exception or location.
    pub fn new(
        subject_kind: SubjectKind,
        subject: &str,
        expression: &str,
        decision: Decision,
        rule: &str,
        explanation: &str,
    ) -> Self {
        Verdict {
            subject_kind,
            subject: subject.to_string(),
            expression: expression.to_string(),
            decision,
            rule: rule.to_string(),
            choice: None,
            exception: None,
            explanation: explanation.to_string(),
            location: None,
        }
    }

    /// For an `OR` expression, the branch the policy chose.
    pub fn choice(mut self, choice: &str) -> Self {
        self.choice = Some(choice.to_string());
        self
    }

    /// The policy exception that decided it.
    pub fn exception(mut self, exception: ExceptionRef) -> Self {
        self.exception = Some(exception);
        self
    }

    /// Where the subject is.
    pub fn location(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }
}

impl ExceptionRef {
    /// A policy exception `id` and why it was granted.
    pub fn new(id: &str, reason: &str) -> Self {
        ExceptionRef { id: id.to_string(), reason: reason.to_string(), owner: None, expires: None }
    }

    /// Who owns it.
    pub fn owner(mut self, owner: &str) -> Self {
        self.owner = Some(owner.to_string());
        self
    }

    /// When it expires (`YYYY-MM-DD`).
    pub fn expires(mut self, date: &str) -> Self {
        self.expires = Some(date.to_string());
        self
    }
}

impl ProjectLicense {
    /// The licence concluded for project `root` (`.` for the scan root), no evidence yet.
    pub fn new(root: &str, expression: &str) -> Self {
        ProjectLicense { root: root.to_string(), expression: expression.to_string(), evidence: Vec::new() }
    }

    /// The files whose findings support it.
    pub fn evidence<I, S>(mut self, files: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.evidence = files.into_iter().map(Into::into).collect();
        self
    }
}

impl PluginRecord {
    /// A plugin that took part: built against this SDK's [`crate::WIT_VERSION`] unless
    /// [`PluginRecord::wit_version`] says otherwise.
    pub fn new(name: &str, version: &str, kind: PluginKind, sha256: &str, source: &str) -> Self {
        PluginRecord {
            name: name.to_string(),
            version: version.to_string(),
            kind,
            wit_version: crate::WIT_VERSION.to_string(),
            sha256: sha256.to_string(),
            source: source.to_string(),
        }
    }

    /// The contract version the plugin was built against.
    pub fn wit_version(mut self, version: &str) -> Self {
        self.wit_version = version.to_string();
        self
    }
}

impl VcsInfo {
    /// A git checkout; commit, branch, remote and dirtiness unknown.
    pub fn git() -> Self {
        VcsInfo { kind: "git".to_string(), commit: None, branch: None, remote: None, dirty: None }
    }

    /// The checked-out commit.
    pub fn commit(mut self, commit: &str) -> Self {
        self.commit = Some(commit.to_string());
        self
    }

    /// The branch.
    pub fn branch(mut self, branch: &str) -> Self {
        self.branch = Some(branch.to_string());
        self
    }

    /// The remote's URL, credentials removed.
    pub fn remote(mut self, url: &str) -> Self {
        self.remote = Some(url.to_string());
        self
    }

    /// Whether there are uncommitted changes.
    pub fn dirty(mut self, dirty: bool) -> Self {
        self.dirty = Some(dirty);
        self
    }
}

impl Component {
    /// What was scanned, by name.
    pub fn new(name: &str) -> Self {
        Component { name: name.to_string(), version: None, purl: None }
    }

    /// Its version.
    pub fn version(mut self, version: &str) -> Self {
        self.version = Some(version.to_string());
        self
    }

    /// Its purl.
    pub fn purl(mut self, purl: &str) -> Self {
        self.purl = Some(purl.to_string());
        self
    }
}

impl ScanMetadata {
    /// Facts about a scan by `tool_name` `tool_version` at `timestamp` (RFC 3339, UTC).
    pub fn new(tool_name: &str, tool_version: &str, timestamp: &str) -> Self {
        ScanMetadata {
            tool_name: tool_name.to_string(),
            tool_version: tool_version.to_string(),
            timestamp: timestamp.to_string(),
            plugins: Vec::new(),
            root_component: None,
            vcs: None,
        }
    }

    /// Adds a plugin that took part.
    pub fn plugin(mut self, plugin: PluginRecord) -> Self {
        self.plugins.push(plugin);
        self
    }

    /// What was scanned.
    pub fn root_component(mut self, component: Component) -> Self {
        self.root_component = Some(component);
        self
    }

    /// The version-control state of the root.
    pub fn vcs(mut self, vcs: VcsInfo) -> Self {
        self.vcs = Some(vcs);
        self
    }
}

/// `ospo`, no version, the Unix epoch: a fixed value for tests.
impl Default for ScanMetadata {
    fn default() -> Self {
        ScanMetadata::new("ospo", "0.0.0", "1970-01-01T00:00:00Z")
    }
}

impl ScanResult {
    /// An empty result for `root` with [`ScanMetadata::default`], no schema version: for tests
    /// of collectors and reporters (the host builds the real one).
    pub fn new(root: &str) -> Self {
        ScanResult {
            schema_version: String::new(),
            metadata: ScanMetadata::default(),
            root: root.to_string(),
            files_scanned: 0,
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

    /// The result model's version.
    pub fn schema_version(mut self, version: &str) -> Self {
        self.schema_version = version.to_string();
        self
    }

    /// Facts about the scan.
    pub fn metadata(mut self, metadata: ScanMetadata) -> Self {
        self.metadata = metadata;
        self
    }

    /// How many files were scanned.
    pub fn files_scanned(mut self, files: u64) -> Self {
        self.files_scanned = files;
        self
    }
}

/// `ScanResult` setters that each add one item to a list.
macro_rules! push_setters {
    ($($(#[$doc:meta])* $name:ident($field:ident: $ty:ty);)*) => {
        impl ScanResult {
            $(
                $(#[$doc])*
                pub fn $name(mut self, item: $ty) -> Self {
                    self.$field.push(item);
                    self
                }
            )*
        }
    };
}

push_setters! {
    /// Adds a package.
    package(packages: Package);
    /// Adds a dependency edge.
    edge(edges: DependencyEdge);
    /// Adds a manifest.
    manifest(manifests: Manifest);
    /// Adds a licence finding.
    license(licenses: LicenseFinding);
    /// Adds a copyright.
    copyright(copyrights: Copyright);
    /// Adds an observation.
    observation(observations: Observation);
    /// Adds an advisory.
    advisory(advisories: Advisory);
    /// Adds a metric.
    metric(metrics: Metric);
    /// Adds a verdict.
    verdict(verdicts: Verdict);
    /// Adds a project licence.
    project(projects: ProjectLicense);
    /// Adds a diagnostic.
    diagnostic(diagnostics: Diagnostic);
}

// The generated types cannot carry a derive of ours: `Default` is written out.
#[allow(clippy::derivable_impls)]
impl Default for DetectOutput {
    fn default() -> Self {
        DetectOutput {
            licenses: Vec::new(),
            copyrights: Vec::new(),
            observations: Vec::new(),
            diagnostics: Vec::new(),
        }
    }
}

#[allow(clippy::derivable_impls)]
impl Default for ParseOutput {
    fn default() -> Self {
        ParseOutput {
            packages: Vec::new(),
            edges: Vec::new(),
            manifests: Vec::new(),
            diagnostics: Vec::new(),
        }
    }
}

#[allow(clippy::derivable_impls)]
impl Default for AdviseOutput {
    fn default() -> Self {
        AdviseOutput { advisories: Vec::new(), diagnostics: Vec::new() }
    }
}

#[allow(clippy::derivable_impls)]
impl Default for CollectOutput {
    fn default() -> Self {
        CollectOutput { metrics: Vec::new(), diagnostics: Vec::new() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FindingKind, MetricValue};

    #[test]
    fn metrics() {
        let m = Metric::count("inventory.files", 3, "files scanned").unit("files").label("ecosystem", "npm");
        assert_eq!(m.value, MetricValue::Count(3));
        assert_eq!(m.labels, [Label::new("ecosystem", "npm")]);
        assert_eq!(Metric::ratio("r", 0.5, "d").value, MetricValue::Ratio(0.5));
        assert_eq!(Metric::text("t", "x", "d").value, MetricValue::Text("x".to_string()));
    }

    #[test]
    fn a_scan_result_for_reporter_tests() {
        let scan = ScanResult::new(".")
            .schema_version("2")
            .files_scanned(2)
            .metadata(ScanMetadata::default().plugin(PluginRecord::new(
                "t",
                "1",
                PluginKind::Reporter,
                "00",
                "embedded:t",
            )))
            .package(Package::new("cargo", "serde", Some("1.0.0")))
            .license(LicenseFinding::new("LICENSE", "MIT", FindingKind::Text))
            .project(ProjectLicense::new(".", "MIT").evidence(["LICENSE"]))
            .verdict(
                Verdict::new(
                    SubjectKind::Project,
                    ".",
                    "MIT",
                    Decision::Allow,
                    "allow:MIT",
                    "MIT is allowed",
                )
                .exception(ExceptionRef::new("EX-1", "legal ok").owner("legal").expires("2030-01-01")),
            );
        assert_eq!((scan.packages.len(), scan.licenses.len(), scan.files_scanned), (1, 1, 2));
        assert_eq!(scan.metadata.plugins[0].wit_version, crate::WIT_VERSION);
        assert!(scan.verdicts[0].exception.is_some());
        let vcs = VcsInfo::git().commit("abc").branch("main").remote("https://x").dirty(false);
        assert_eq!(vcs.dirty, Some(false));
        assert_eq!(Component::new("x").version("1").purl("pkg:x").purl.as_deref(), Some("pkg:x"));
    }
}
