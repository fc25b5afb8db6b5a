//! What detectors report: licence findings (with references and evidence), copyrights,
//! observations, diagnostics, and the places they point to.

use crate::{
    Copyright, Diagnostic, Evidence, FileInput, FindingKind, Level, LicenseFinding, LicenseReference,
    LineRange, Location, Observation, ReferenceKind, Strength,
};

impl LineRange {
    /// A range of 1-based, inclusive lines (`end` before `start` is read as `start`).
    pub fn new(start: u32, end: u32) -> Self {
        LineRange { start, end: end.max(start) }
    }

    /// A single line.
    pub fn line(line: u32) -> Self {
        LineRange { start: line, end: line }
    }
}

impl Location {
    /// A place in a file: `path` relative to the scan root and, where known, a 1-based line.
    pub fn new(path: &str, line: Option<u32>) -> Self {
        Location { path: path.to_string(), line }
    }
}

impl FileInput {
    /// A file as the host hands it over: for native tests of a detector or parser.
    pub fn new(path: &str, contents: impl Into<Vec<u8>>) -> Self {
        FileInput { path: path.to_string(), contents: contents.into() }
    }
}

impl LicenseReference {
    /// A reference of any `kind` to `target`, as written.
    pub fn new(kind: ReferenceKind, target: &str) -> Self {
        LicenseReference { kind, target: target.to_string(), resolved_path: None }
    }

    /// A licence file named in the text (`LICENSE`, `docs/license.md`).
    pub fn file(target: &str) -> Self {
        Self::new(ReferenceKind::File, target)
    }

    /// The URL of a licence text.
    pub fn url(target: &str) -> Self {
        Self::new(ReferenceKind::Url, target)
    }

    /// A licence named by words only ("the same terms as Perl itself").
    pub fn name(target: &str) -> Self {
        Self::new(ReferenceKind::Name, target)
    }
}

impl Evidence {
    /// Another detector's view of an occurrence (the host builds these when it merges).
    pub fn new(detector: &str, kind: FindingKind, rule_id: &str) -> Self {
        Evidence {
            detector: detector.to_string(),
            kind,
            rule_id: rule_id.to_string(),
            lines: None,
            confidence: 1.0,
        }
    }

    /// The lines it covers.
    pub fn lines(mut self, lines: LineRange) -> Self {
        self.lines = Some(lines);
        self
    }

    /// 0.0 ..= 1.0 (clamped).
    pub fn confidence(mut self, confidence: f32) -> Self {
        self.confidence = confidence.clamp(0.0, 1.0);
        self
    }
}

impl LicenseFinding {
    /// A finding of canonical SPDX `expression` in `path`: a detection (it counts towards
    /// conclusions) with confidence 1.0, no lines, rule id empty until [`LicenseFinding::rule`].
    pub fn new(path: &str, expression: &str, kind: FindingKind) -> Self {
        LicenseFinding {
            path: path.to_string(),
            lines: None,
            expression: expression.to_string(),
            kind,
            strength: Strength::Detection,
            confidence: 1.0,
            coverage: None,
            rule_id: String::new(),
            raw: None,
            text: None,
            references: Vec::new(),
            detector: String::new(),
            also: Vec::new(),
            package_id: None,
        }
    }

    /// A finding of the licence text `raw` as written (`Apache 2`, `MIT/Apache-2.0`), normalised
    /// with [`crate::expression::normalize`]; `raw` is kept when it differs from the expression.
    /// A text that maps to no SPDX licence becomes a `LicenseRef-` and a [`Strength::Clue`]; a
    /// reference to a licence file (`SEE LICENSE IN LICENSE.md`) stays a detection.
    pub fn normalized(path: &str, raw: &str, kind: FindingKind) -> Self {
        let normalized = crate::expression::normalize(raw);
        let mut finding = Self::new(path, &normalized.expression, kind);
        if raw.trim() != normalized.expression {
            finding.raw = Some(raw.to_string());
        }
        let reference = crate::expression::convention::referenced_file(&normalized.expression).is_some();
        if !normalized.exact && !reference && normalized.expression.starts_with("LicenseRef-") {
            finding.strength = Strength::Clue;
        }
        finding
    }

    /// The lines the finding covers.
    pub fn lines(mut self, lines: LineRange) -> Self {
        self.lines = Some(lines);
        self
    }

    /// 0.0 ..= 1.0 (clamped).
    pub fn confidence(mut self, confidence: f32) -> Self {
        self.confidence = confidence.clamp(0.0, 1.0);
        self
    }

    /// Fraction of the matched rule the file text covers, 0.0 ..= 1.0 (clamped).
    pub fn coverage(mut self, coverage: f32) -> Self {
        self.coverage = Some(coverage.clamp(0.0, 1.0));
        self
    }

    /// The rule or template that matched (`spdx-tag`, `notice/apache-2.0`).
    pub fn rule(mut self, rule_id: &str) -> Self {
        self.rule_id = rule_id.to_string();
        self
    }

    /// The licence as written, when it is not the expression itself.
    pub fn raw(mut self, raw: &str) -> Self {
        self.raw = Some(raw.to_string());
        self
    }

    /// The licence's own text, for a `LicenseRef-` an SBOM must carry in full.
    pub fn text(mut self, text: &str) -> Self {
        self.text = Some(text.to_string());
        self
    }

    /// Adds what a `reference` finding points to.
    pub fn reference(mut self, reference: LicenseReference) -> Self {
        self.references.push(reference);
        self
    }

    /// How much the finding can be relied on.
    pub fn strength(mut self, strength: Strength) -> Self {
        self.strength = strength;
        self
    }

    /// Marks the finding weak evidence: reported for an analyst, never used to conclude.
    pub fn clue(self) -> Self {
        self.strength(Strength::Clue)
    }
}

impl Copyright {
    /// A copyright `statement` as written in `path`; holders and years unset.
    pub fn new(path: &str, statement: &str) -> Self {
        Copyright {
            path: path.to_string(),
            lines: None,
            statement: statement.to_string(),
            holders: Vec::new(),
            years: None,
            package_id: None,
        }
    }

    /// The lines the statement spans.
    pub fn lines(mut self, lines: LineRange) -> Self {
        self.lines = Some(lines);
        self
    }

    /// Who holds the copyright.
    pub fn holders<I, S>(mut self, holders: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.holders = holders.into_iter().map(Into::into).collect();
        self
    }

    /// The years as written: "2019", "2019-2024", "2019, 2021".
    pub fn years(mut self, years: &str) -> Self {
        self.years = Some(years.to_string());
        self
    }
}

impl Observation {
    /// Something found that is neither a licence nor a copyright (`rule_id` names the check).
    pub fn new(rule_id: &str, level: Level, message: impl Into<String>, path: &str) -> Self {
        Observation {
            rule_id: rule_id.to_string(),
            level,
            message: message.into(),
            path: path.to_string(),
            lines: None,
        }
    }

    /// The lines it covers.
    pub fn lines(mut self, lines: LineRange) -> Self {
        self.lines = Some(lines);
        self
    }
}

impl Diagnostic {
    /// A diagnostic with a stable kebab-case `code`.
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

    /// Points the diagnostic at a file and, where known, a 1-based line.
    pub fn at(mut self, path: &str, line: Option<u32>) -> Self {
        self.path = Some(path.to_string());
        self.line = line;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn license_finding_defaults_and_setters() {
        let f = LicenseFinding::new("src/lib.rs", "Apache-2.0", FindingKind::Tag)
            .lines(LineRange::new(3, 3))
            .confidence(1.5)
            .rule("spdx-tag")
            .raw("Apache 2")
            .reference(LicenseReference::file("LICENSE"))
            .clue();
        assert_eq!(f.lines, Some(LineRange::line(3)));
        assert_eq!(f.confidence, 1.0);
        assert_eq!(f.strength, Strength::Clue);
        assert_eq!(f.rule_id, "spdx-tag");
        assert_eq!(f.raw.as_deref(), Some("Apache 2"));
        assert_eq!(f.references[0].kind, ReferenceKind::File);
        assert!(f.detector.is_empty() && f.also.is_empty() && f.package_id.is_none());
    }

    #[test]
    fn normalized_findings_keep_the_raw_text() {
        let f = LicenseFinding::normalized("package.json", "MIT/Apache-2.0", FindingKind::Manifest);
        assert_eq!((f.expression.as_str(), f.raw.as_deref()), ("MIT OR Apache-2.0", Some("MIT/Apache-2.0")));
        assert_eq!(f.strength, Strength::Detection);
        let exact = LicenseFinding::normalized("package.json", "MIT", FindingKind::Manifest);
        assert_eq!(exact.raw, None);
        let unknown = LicenseFinding::normalized("setup.cfg", "BSD", FindingKind::Manifest);
        assert_eq!((unknown.expression.as_str(), unknown.strength), ("LicenseRef-BSD", Strength::Clue));
        let see =
            LicenseFinding::normalized("package.json", "SEE LICENSE IN LICENSE.md", FindingKind::Manifest);
        assert_eq!(
            (see.expression.as_str(), see.strength),
            ("LicenseRef-see-LICENSE.md", Strength::Detection)
        );
    }

    #[test]
    fn copyright_and_observation() {
        let c = Copyright::new("LICENSE", "Copyright 2024 Acme")
            .lines(LineRange::new(1, 1))
            .holders(["Acme"])
            .years("2024");
        assert_eq!((c.holders.as_slice(), c.years.as_deref()), (&["Acme".to_string()][..], Some("2024")));
        let o = Observation::new("confidential", Level::Warning, "marked CONFIDENTIAL", "a.txt")
            .lines(LineRange::line(2));
        assert_eq!(o.lines, Some(LineRange::line(2)));
        let d = Diagnostic::new("x-y", Level::Info, "m").at("a", Some(3));
        assert_eq!((d.path.as_deref(), d.line), (Some("a"), Some(3)));
    }
}
