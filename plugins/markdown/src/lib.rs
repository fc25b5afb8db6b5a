//! # `markdown` reporter
//!
//! Renders a scan result as a Markdown summary for people: pull-request comments, CI job
//! summaries (`$GITHUB_STEP_SUMMARY`), wiki pages. Sections: header (with the scan's timestamp
//! and commit when known), policy (violations first in full, counts by rule, reviews and allows
//! collapsed in `<details>`), project licences, licences (expression → number of files),
//! packages, advisories, observations, metrics, diagnostics (by level, with the plugin that
//! raised each). Every section is sorted, so the same result gives the same bytes, and
//! every table cell is escaped (see [`table::cell`]).

mod render;
pub mod table;

use ospo_plugin_sdk::{PluginInfo, Reporter, ScanResult};

/// The one format this reporter renders.
pub const FORMAT: &str = "markdown";

/// The reporter.
pub struct Markdown;

impl Reporter for Markdown {
    fn info() -> PluginInfo {
        PluginInfo::new("markdown", env!("CARGO_PKG_VERSION"))
            .describe("a readable Markdown summary of the scan")
            .formats([FORMAT])
    }

    fn render(format: &str, scan: ScanResult) -> Result<Vec<u8>, String> {
        if format != FORMAT {
            return Err(format!("markdown reporter cannot render format `{format}`"));
        }
        Ok(render::report(&scan).into_bytes())
    }
}

// Exported only in the component: on a native target the wasm export names (`ospo:plugin/...`)
// break the linker's version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_reporter!(Markdown);

#[cfg(test)]
mod tests;
