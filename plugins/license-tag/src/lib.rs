//! # `license-tag` detector
//!
//! Reads `SPDX-License-Identifier:` tags in any comment style and any text file, validates each
//! expression with the SDK's `expression` module and reports it in canonical form (finding kind
//! `tag`, confidence 1.0, rule `spdx-license-identifier`, `raw` the tag's text when that differs). An invalid expression becomes a
//! `license-expression-invalid` diagnostic pointing at the line, not a finding.
//! `SPDX-FileCopyrightText:` tags become copyrights.
//!
//! How a line is recognised as a tag is in [`tag`]; which expressions are accepted, and why, in
//! [`expression`].

pub mod copyright;
pub mod expression;
pub mod tag;

use ospo_plugin_sdk::keywords::Keywords;
use ospo_plugin_sdk::text::lossy;
use ospo_plugin_sdk::{
    Copyright, DetectOutput, Detector, Diagnostic, FileInput, FindingKind, Level, LicenseFinding, LineRange,
    PluginInfo,
};
use std::sync::OnceLock;

/// Rule id of every licence finding.
pub const RULE_ID: &str = "spdx-license-identifier";
/// Diagnostic code for a tag whose expression is not valid SPDX.
pub const INVALID_EXPRESSION: &str = "license-expression-invalid";

/// Files above this size are skipped: tags live in source files, not in data dumps.
const MAX_SIZE: u64 = 4 * 1024 * 1024;

/// Text that only makes sense as a placeholder in documentation or a template (`<SPDX-ID>`,
/// `${license}`, `{{ license }}`, `%s`) or a pattern (`(.*)`), never in a real expression.
const PLACEHOLDER_CHARS: &[char] = &['<', '>', '{', '}', '$', '%', '*', '[', ']', '\\', '|', '^', '?', '='];

/// The detector.
pub struct LicenseTag;

impl Detector for LicenseTag {
    fn info() -> PluginInfo {
        PluginInfo::new("license-tag", env!("CARGO_PKG_VERSION"))
            .describe("SPDX-License-Identifier and SPDX-FileCopyrightText tags in any text file")
            .globs(["**/*"])
            .max_size(MAX_SIZE)
            .text_only(true)
            .code(
                INVALID_EXPRESSION,
                Level::Warning,
                "an SPDX-License-Identifier tag whose expression is not valid SPDX (no finding is reported)",
            )
    }

    fn detect_file(file: &FileInput, out: &mut DetectOutput) -> Result<(), String> {
        // Nearly every file has no tag: find `spdx-` first and only decode and parse the lines
        // that hold one, instead of walking every line of every file.
        let bytes = &file.contents;
        let mut line_no = 1u32;
        let mut counted_to = 0usize;
        let mut previous_line_start = None;
        for at in spdx_positions(bytes) {
            let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
            if previous_line_start == Some(start) {
                continue;
            }
            previous_line_start = Some(start);
            let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
            let newlines = memchr::memchr_iter(b'\n', &bytes[counted_to..start]).count();
            line_no = line_no.saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
            counted_to = start;
            let text = lossy(&bytes[start..end]);
            let line = text.trim_end_matches('\r');
            if let Some(value) = tag::tag_value(line, tag::LICENSE_TAG) {
                license(&file.path, line_no, value, out);
            } else if let Some(value) = tag::tag_value(line, tag::COPYRIGHT_TAG) {
                copyright(&file.path, line_no, value, out);
            }
        }
        Ok(())
    }
}

/// Offsets of every `spdx-` (any case): both tags start with it. The SDK's vectorised keyword
/// search: this pass reads every byte of every file.
fn spdx_positions(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    static SPDX: OnceLock<Keywords> = OnceLock::new();
    SPDX.get_or_init(|| Keywords::new(["spdx-"])).find_iter(bytes).map(|hit| hit.start)
}

fn license(path: &str, line: u32, value: &str, out: &mut DetectOutput) {
    if value.contains(PLACEHOLDER_CHARS) {
        return;
    }
    match expression::canonical(value) {
        Ok(expression) => {
            let mut finding = LicenseFinding::new(path, &expression, FindingKind::Tag)
                .lines(LineRange::line(line))
                .rule(RULE_ID);
            // `raw` only when the author wrote something other than the canonical text.
            if value != expression {
                finding = finding.raw(value);
            }
            out.licenses.push(finding);
        }
        Err(reason) => out.diagnostics.push(
            Diagnostic::new(
                INVALID_EXPRESSION,
                Level::Warning,
                format!("invalid SPDX expression `{value}` in SPDX-License-Identifier tag: {reason}"),
            )
            .at(path, Some(line)),
        ),
    }
}

fn copyright(path: &str, line: u32, value: &str, out: &mut DetectOutput) {
    // Template placeholders (`${year} ${owner}`), not a statement.
    if value.is_empty() || value.contains("${") || value.contains("{{") {
        return;
    }
    let parts = copyright::parts(value);
    let mut copyright = Copyright::new(path, value).lines(LineRange::line(line)).holders(parts.holders);
    if let Some(years) = &parts.years {
        copyright = copyright.years(years);
    }
    out.copyrights.push(copyright);
}

// Exported only in the component: on a native target the wasm export names (`ospo:plugin/...`)
// break the linker's version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_detector!(LicenseTag);

#[cfg(test)]
mod tests;
