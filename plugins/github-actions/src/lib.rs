//! # `github-actions` parser
//!
//! Reads the actions a repository's CI runs: `uses:` in `.github/workflows/*.yml|*.yaml` (step
//! actions, and reusable workflows called at job level) and in composite actions' `action.yml`
//! (`runs.steps`).
//!
//! - purls: the spec's `githubactions` type, `pkg:githubactions/OWNER/REPO[%2FPATH]@REF`
//!   (owner and repository lower-cased, a path within the repository kept as written). A
//!   `docker://` step is a `docker` package (`pkg:docker/alpine@3.8`). Local `./` actions are
//!   this repository's own and are skipped.
//! - Refs: a full 40-hex SHA is a commit pin (source git with that commit); the purl keeps the
//!   SHA and `version` is the tag of a `# v4.2.2` comment after it when there is one (the human
//!   version, which advisories use), else the SHA. Any other ref is movable: `v4`/`v4.1.0`-like
//!   refs are reported as tags and the rest (`main`, `stable`) as branches, which the text alone
//!   cannot prove.
//! - `action-unpinned` (warning): a ref that is not a full SHA, or a `docker://` image without a
//!   digest. Whoever controls the tag or branch controls what the job runs (the 2025
//!   tj-actions/changed-files compromise rewrote tags); OpenSSF Scorecard's Pinned-Dependencies
//!   check asks for SHAs. A warning, not an error: the workflow works, the supply chain is open.
//! - `scope`: build; `direct`: true. `locations`: every `uses:` line naming the package (one
//!   package for the same action and ref used several times).
//! - One manifest per file (ecosystem `githubactions`), direct-only: what an action itself
//!   uses is not resolved.

mod reference;

use std::collections::BTreeMap;

use ospo_plugin_sdk::text::lossy;
use ospo_plugin_sdk::{
    Completeness, DependencyScope, Diagnostic, FileInput, Level, Manifest, Package, ParseOutput, Parser,
    PluginInfo, relpath,
};
use serde_yaml_ng::Value;

use reference::{RefKind, Uses};

/// The parser.
pub struct GithubActions;

impl Parser for GithubActions {
    fn info() -> PluginInfo {
        PluginInfo::new("github-actions", env!("CARGO_PKG_VERSION"))
            .describe("GitHub Actions and reusable workflows from workflows and composite actions, with their pinning")
            .globs(["**/.github/workflows/*.yml", "**/.github/workflows/*.yaml", "**/action.yml", "**/action.yaml"])
            .text_only(true)
            .ecosystems(["githubactions", "docker"])
            .code(
                "manifest-malformed",
                Level::Error,
                "A workflow or action file is not valid YAML, or a `uses:` value is not `owner/repo[/path]@ref`, \
                 `docker://image` or `./path`, so what it names is missing from the inventory.",
            )
            .code(
                "action-unpinned",
                Level::Warning,
                "A `uses:` names an action by tag or branch (or a docker:// image without a digest), which its \
                 owner can move to other code at any time. Pin it to the full commit SHA, with the tag in a \
                 comment (`uses: actions/checkout@<sha> # v4.2.2`).",
            )
    }

    fn parse(file: FileInput) -> Result<ParseOutput, String> {
        let mut out = ParseOutput::default();
        let path = file.path.as_str();
        let text = lossy(&file.contents);
        let is_action = matches!(relpath::file_name(path), "action.yml" | "action.yaml");
        let root: Value = match serde_yaml_ng::from_str(&text) {
            Ok(root) => root,
            Err(e) => {
                let line = e.location().and_then(|l| u32::try_from(l.line()).ok());
                out.diagnostics.push(malformed(path, line, &format!("not valid YAML: {e}")));
                return Ok(out);
            }
        };
        let uses = if is_action { action_uses(&root) } else { workflow_uses(&root) };
        // A file named action.yml that is not a composite action uses nothing: not a manifest.
        if is_action
            && root.get("runs").and_then(|r| r.get("using")).and_then(Value::as_str) != Some("composite")
        {
            return Ok(out);
        }
        let format = if is_action { "GitHub Actions composite action" } else { "GitHub Actions workflow" };
        out.manifests.push(Manifest::new(path, "githubactions", format, Completeness::DirectOnly));
        let mut lines = UsesLines::new(&text);
        let mut index: BTreeMap<String, usize> = BTreeMap::new();
        for value in uses {
            let (line, comment) = lines.take(value);
            let package = match reference::parse(value, comment) {
                Ok(Uses::Local) => continue,
                Ok(Uses::Repo { package, kind, reference }) => {
                    if kind != RefKind::Commit {
                        let what = if kind == RefKind::Tag { "tag" } else { "branch" };
                        out.diagnostics.push(unpinned(
                            path,
                            line,
                            &format!("`{value}` is pinned to the {what} `{reference}`, not a commit SHA"),
                        ));
                    }
                    package
                }
                Ok(Uses::Docker { package, pinned }) => {
                    if !pinned {
                        out.diagnostics.push(unpinned(
                            path,
                            line,
                            &format!("`{value}` names an image without a digest"),
                        ));
                    }
                    package
                }
                Err(e) => {
                    out.diagnostics.push(malformed(path, line, &format!("`uses: {value}`: {e}")));
                    continue;
                }
            };
            let package = package.scope(DependencyScope::Build).direct(true).location(path, line);
            add(&mut out.packages, &mut index, package);
        }
        Ok(out)
    }
}

/// `jobs.*.uses` (reusable workflows) and `jobs.*.steps[*].uses`, in document order.
fn workflow_uses(root: &Value) -> Vec<&str> {
    let mut uses = Vec::new();
    let Some(jobs) = root.get("jobs").and_then(Value::as_mapping) else {
        return uses;
    };
    for job in jobs.values() {
        uses.extend(job.get("uses").and_then(Value::as_str));
        uses.extend(steps_uses(job.get("steps")));
    }
    uses
}

/// A composite action's `runs.steps[*].uses`.
fn action_uses(root: &Value) -> Vec<&str> {
    steps_uses(root.get("runs").and_then(|r| r.get("steps"))).collect()
}

fn steps_uses(steps: Option<&Value>) -> impl Iterator<Item = &str> {
    steps
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
        .filter_map(|s| s.get("uses"))
        .filter_map(Value::as_str)
}

fn add(packages: &mut Vec<Package>, index: &mut BTreeMap<String, usize>, package: Package) {
    if let Some(kept) = index.get(&package.id).and_then(|&at| packages.get_mut(at)) {
        kept.locations.extend(package.locations);
        return;
    }
    index.insert(package.id.clone(), packages.len());
    packages.push(package);
}

/// The `uses:` lines of the text with their trailing comments, consumed in order so that the
/// same value used twice gets each of its lines.
struct UsesLines<'a> {
    lines: Vec<(u32, String, Option<&'a str>, bool)>,
}

impl<'a> UsesLines<'a> {
    fn new(text: &'a str) -> Self {
        let mut lines = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let trimmed = raw.trim_start().trim_start_matches("- ").trim_start();
            let Some(rest) = trimmed.strip_prefix("uses:") else {
                continue;
            };
            let (value, comment) = match rest.find(" #") {
                Some(at) => (&rest[..at], Some(rest[at + 2..].trim())),
                None => (rest, None),
            };
            let value = value.trim().trim_matches(|c| c == '"' || c == '\'').to_string();
            lines.push((u32::try_from(index + 1).unwrap_or(u32::MAX), value, comment, false));
        }
        UsesLines { lines }
    }

    /// The line and comment of the next unconsumed `uses:` line with this value.
    fn take(&mut self, value: &str) -> (Option<u32>, Option<&'a str>) {
        match self.lines.iter_mut().find(|(_, v, _, used)| !used && v == value) {
            Some(entry) => {
                entry.3 = true;
                (Some(entry.0), entry.2)
            }
            None => (None, None),
        }
    }
}

fn malformed(path: &str, line: Option<u32>, message: &str) -> Diagnostic {
    Diagnostic::new("manifest-malformed", Level::Error, message.to_string()).at(path, line)
}

fn unpinned(path: &str, line: Option<u32>, message: &str) -> Diagnostic {
    Diagnostic::new("action-unpinned", Level::Warning, message.to_string()).at(path, line)
}

// Exported only in the component: on a native target the wasm export names break the linker's
// version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_parser!(GithubActions);

#[cfg(test)]
mod tests;
