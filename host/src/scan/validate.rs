//! The one check every record a plugin returns goes through before it is folded into the result:
//! plugins are untrusted, so a record naming a file the plugin was never given, a nonsense line
//! range, a non-finite number, an expression that does not parse or a forged `manifest` finding is
//! dropped (or, where said, repaired) with one diagnostic per plugin, call and reason, and the rest
//! of the output is kept.
//!
//! Line ranges: a start of 0 or past the file's last line drops the record; an end past the last
//! line is clamped to it (an off-by-one at a missing final newline is common and harmless).
//! Confidence and coverage outside 0..=1 are clamped by `convert`; NaN or infinity drops the record.

use std::collections::{BTreeMap, HashMap};

use ospo_expression::convention::manifest_kind;

use crate::diagnostics::Code;
use crate::model::{self, Diagnostic, FindingKind, LineRange, MetricValue};

/// Longest licence expression kept: real ones are a few hundred bytes.
pub const MAX_EXPRESSION: usize = 4 << 10;
/// Longest message (observation, diagnostic) or copyright statement kept whole.
pub const MAX_MESSAGE: usize = 64 << 10;

/// The files a detector was given in one call, with their line counts.
#[derive(Debug, Default)]
pub struct Given {
    lines: HashMap<String, u32>,
}

impl Given {
    pub fn new() -> Self {
        Self::default()
    }

    /// Every line of `contents` counted.
    #[cfg(test)]
    pub fn add(&mut self, path: &str, contents: &[u8]) {
        self.add_up_to(path, contents, u32::MAX);
    }

    /// [`Given::add`] for a file whose records reach no further than line `needed`: its lines
    /// are counted only that far (a licence header is at the top of a long file), which is all
    /// the check needs, since a count of `needed` accepts every range that ends by it.
    pub fn add_up_to(&mut self, path: &str, contents: &[u8], needed: u32) {
        self.lines.insert(path.to_string(), line_count_up_to(contents, needed));
    }

    fn lines_of(&self, path: &str) -> Option<u32> {
        self.lines.get(path).copied()
    }
}

/// Lines as `text.rs` numbers them (a final line without a newline still counts), stopping once
/// `needed` lines are seen.
pub fn line_count_up_to(contents: &[u8], needed: u32) -> u32 {
    let needed = usize::try_from(needed).unwrap_or(usize::MAX);
    let mut lines = 0usize;
    let mut at = 0;
    for newline in memchr::memchr_iter(b'\n', contents) {
        lines += 1;
        at = newline + 1;
        if lines >= needed {
            return u32::try_from(lines).unwrap_or(u32::MAX);
        }
    }
    lines += usize::from(at < contents.len());
    u32::try_from(lines).unwrap_or(u32::MAX)
}

/// What was wrong with one plugin's output, counted by reason, reported once per reason.
pub struct Rejections<'a> {
    plugin: &'a str,
    by_reason: BTreeMap<&'static str, (usize, String)>,
}

impl<'a> Rejections<'a> {
    pub fn new(plugin: &'a str) -> Self {
        Rejections { plugin, by_reason: BTreeMap::new() }
    }

    pub fn note(&mut self, reason: &'static str, example: &str) {
        let entry = self.by_reason.entry(reason).or_insert_with(|| (0, shorten(example, 120)));
        entry.0 += 1;
    }

    pub fn finish(self, diags: &mut Vec<Diagnostic>) {
        for (reason, (count, example)) in self.by_reason {
            let more = if count > 1 { format!(" and {} more", count - 1) } else { String::new() };
            diags.push(
                Diagnostic::of(
                    Code::PluginOutputInvalid,
                    format!("plugin {:?} returned {reason}: {example:?}{more}", self.plugin),
                )
                .from_plugin(self.plugin),
            );
        }
    }
}

fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

fn cap(text: &mut String, max: usize, rej: &mut Rejections<'_>) {
    if text.len() > max {
        let mut at = max;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        text.truncate(at);
        rej.note("a string over its length cap (truncated)", text);
    }
}

/// A path a parser may name: relative to the root, `/`-separated, no `..`, no control characters.
pub fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.chars().any(char::is_control)
        && !path.split('/').any(|part| part.is_empty() || part == ".." || part == ".")
        && path.as_bytes().get(1) != Some(&b':')
}

/// Whether `text` is an SPDX expression: strictly, or with ids newer than the host's licence
/// list (a plugin may ship a newer one: license-text's templates do). The structure is still
/// checked by the strict parser, with each id-shaped word standing in as a `LicenseRef-` (or an
/// `AdditionRef-` after `WITH`); words of any other shape fail.
pub fn is_expression(text: &str) -> bool {
    if ospo_expression::parse(text).is_ok() {
        return true;
    }
    let spaced = text.replace('(', " ( ").replace(')', " ) ");
    let mut shape = Vec::new();
    let mut after_with = false;
    for word in spaced.split_whitespace() {
        let upper = word.to_ascii_uppercase();
        let id_shaped =
            word.trim_end_matches('+').chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
                && word.starts_with(|c: char| c.is_ascii_alphanumeric());
        if matches!(upper.as_str(), "AND" | "OR" | "WITH" | "(" | ")") || !id_shaped {
            shape.push(word.to_string());
        } else if after_with {
            shape.push("AdditionRef-x".to_string());
        } else {
            shape.push("LicenseRef-x".to_string());
        }
        after_with = upper == "WITH";
    }
    ospo_expression::parse(&shape.join(" ")).is_ok()
}

/// `lines` checked against a file of `count` lines: `Err` drops the record.
fn check_lines(lines: &mut Option<LineRange>, count: u32) -> Result<(), &'static str> {
    let Some(range) = lines else { return Ok(()) };
    if range.start == 0 || range.end < range.start {
        return Err("a line range starting at 0 or ending before it starts (dropped)");
    }
    if range.start > count {
        return Err("a line range past the end of its file (dropped)");
    }
    range.end = range.end.min(count);
    Ok(())
}

/// A detector's record must name a file of this call and lie within it.
fn check_located(path: &str, lines: &mut Option<LineRange>, given: &Given) -> Result<(), &'static str> {
    let count = given.lines_of(path).ok_or("a path it was not given (dropped)")?;
    check_lines(lines, count)
}

fn finite_unit(value: f32) -> bool {
    value.is_finite() && (0.0..=1.0).contains(&value)
}

pub fn license(
    mut finding: model::LicenseFinding,
    given: &Given,
    rej: &mut Rejections<'_>,
) -> Option<model::LicenseFinding> {
    let verdict = (|| {
        check_located(&finding.path, &mut finding.lines, given)?;
        if !finite_unit(finding.confidence) || finding.coverage.is_some_and(|c| !finite_unit(c)) {
            return Err("a confidence or coverage that is not a number in 0..=1 (dropped)");
        }
        if finding.expression.len() > MAX_EXPRESSION {
            return Err("an expression over 4 KiB (dropped)");
        }
        if !is_expression(&finding.expression) {
            return Err("an expression that does not parse (dropped)");
        }
        // A manifest finding decides a project licence: only a licence manifest may carry one.
        if finding.kind == FindingKind::Manifest && manifest_kind(&finding.path).is_none() {
            return Err("a manifest finding for a file that is not a licence manifest (dropped)");
        }
        Ok(())
    })();
    match verdict {
        Ok(()) => {
            finding.references.retain(|r| !r.target.chars().any(char::is_control));
            Some(finding)
        }
        Err(reason) => {
            rej.note(reason, &format!("{} {}", finding.path, finding.expression));
            None
        }
    }
}

pub fn copyright(
    mut copyright: model::Copyright,
    given: &Given,
    rej: &mut Rejections<'_>,
) -> Option<model::Copyright> {
    if let Err(reason) = check_located(&copyright.path, &mut copyright.lines, given) {
        rej.note(reason, &copyright.path);
        return None;
    }
    cap(&mut copyright.statement, MAX_MESSAGE, rej);
    Some(copyright)
}

pub fn observation(
    mut observation: model::Observation,
    given: &Given,
    rej: &mut Rejections<'_>,
) -> Option<model::Observation> {
    if let Err(reason) = check_located(&observation.path, &mut observation.lines, given) {
        rej.note(reason, &observation.path);
        return None;
    }
    cap(&mut observation.message, MAX_MESSAGE, rej);
    Some(observation)
}

/// A plugin's own diagnostic: kept, its message capped and a path outside the root dropped.
pub fn diagnostic(mut diag: Diagnostic, rej: &mut Rejections<'_>) -> Diagnostic {
    cap(&mut diag.message, MAX_MESSAGE, rej);
    if diag.path.as_deref().is_some_and(|p| !is_safe_relative(p)) {
        rej.note("a diagnostic path outside the root (path removed)", diag.path.as_deref().unwrap_or(""));
        diag.path = None;
    }
    diag
}

/// Package URL types an ecosystem may use, beyond its own name (OSV's ecosystem names).
const PURL_ALIASES: &[(&str, &str)] = &[
    ("crates.io", "cargo"),
    ("go", "golang"),
    ("rubygems", "gem"),
    ("packagist", "composer"),
    ("hackage", "hackage"),
    ("debian", "deb"),
    ("alpine", "apk"),
];

/// Whether a `pkg:TYPE/...` string agrees with `ecosystem`; strings that are not purls pass.
fn purl_fits(purl: &str, ecosystem: &str) -> bool {
    let Some(rest) = purl.strip_prefix("pkg:") else { return true };
    let kind = rest.split('/').next().unwrap_or("").to_ascii_lowercase();
    let ecosystem = ecosystem.to_ascii_lowercase();
    kind == ecosystem || PURL_ALIASES.iter().any(|&(e, t)| e == ecosystem && t == kind)
}

pub fn package(mut package: model::Package, rej: &mut Rejections<'_>) -> Option<model::Package> {
    if package.id.is_empty() || package.id.chars().any(char::is_control) || package.id.len() > MAX_EXPRESSION
    {
        rej.note("a package with an empty, over-long or control-character id (dropped)", &package.id);
        return None;
    }
    // Ids are namespaced by ecosystem: a parser cannot claim another ecosystem's packages.
    if !purl_fits(&package.id, &package.ecosystem)
        || !package.purl.as_deref().is_none_or(|p| purl_fits(p, &package.ecosystem))
    {
        rej.note("a package whose purl type contradicts its ecosystem (dropped)", &package.id);
        return None;
    }
    let before = package.locations.len();
    package.locations.retain(|l| is_safe_relative(&l.path));
    if package.locations.len() != before {
        rej.note("a package location outside the root (location dropped)", &package.id);
    }
    if let Some(declared) = &mut package.declared_license {
        if declared.path.as_deref().is_some_and(|p| !is_safe_relative(p)) {
            rej.note("a declared-licence path outside the root (path dropped)", &package.id);
            declared.path = None;
        }
        if declared.expression.len() > MAX_EXPRESSION || ospo_expression::parse(&declared.expression).is_err()
        {
            rej.note(
                "a declared licence that does not parse (declared licence dropped)",
                &declared.expression,
            );
            package.declared_license = None;
        }
    }
    // Only an SBOM parser states a concluded licence; one that does not parse concludes nothing.
    if let Some(concluded) = &mut package.concluded_license {
        cap(&mut concluded.reason, MAX_MESSAGE, rej);
        let expression = concluded.expression.trim();
        if expression.len() > MAX_EXPRESSION || ospo_expression::parse(expression).is_err() {
            rej.note("a concluded licence that does not parse (concluded licence dropped)", expression);
            package.concluded_license = None;
        }
    }
    Some(package)
}

pub fn manifest(manifest: model::Manifest, rej: &mut Rejections<'_>) -> Option<model::Manifest> {
    if !is_safe_relative(&manifest.path) {
        rej.note("a manifest path outside the root (dropped)", &manifest.path);
        return None;
    }
    Some(manifest)
}

pub fn metric(mut metric: model::Metric, rej: &mut Rejections<'_>) -> Option<model::Metric> {
    if let MetricValue::Ratio(value) = metric.value
        && !value.is_finite()
    {
        rej.note("a metric ratio that is not finite (dropped)", &metric.name);
        return None;
    }
    if let MetricValue::Text(text) = &mut metric.value {
        cap(text, MAX_MESSAGE, rej);
    }
    cap(&mut metric.description, MAX_MESSAGE, rej);
    Some(metric)
}

/// Whether a record that survived validation satisfies every invariant (for the fuzz test, and
/// as the statement of what validation guarantees).
#[cfg(test)]
pub(crate) fn license_is_valid(finding: &model::LicenseFinding, given: &Given) -> bool {
    let Some(count) = given.lines_of(&finding.path) else { return false };
    finding.lines.is_none_or(|r| r.start >= 1 && r.start <= r.end && r.end <= count)
        && finite_unit(finding.confidence)
        && finding.coverage.is_none_or(finite_unit)
        && is_expression(&finding.expression)
        && (finding.kind != FindingKind::Manifest || manifest_kind(&finding.path).is_some())
}

#[cfg(test)]
#[path = "validate_tests.rs"]
mod tests;
