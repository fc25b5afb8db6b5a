//! # `html` reporter
//!
//! Renders a scan result as one self-contained HTML page for people: format `html`
//! (`ospo scan . --format html=report.html`). The stylesheet and the script are inline, the
//! chart is inline SVG, and the page loads nothing (a Content-Security-Policy allows only its
//! own two blocks), so it opens offline, from a CI artefact or an e-mail attachment.
//!
//! What it shows, top to bottom: the summary figures (packages, ecosystems, licences, policy
//! violations, advisories, diagnostics) and the project licence; policy violations in full
//! (reviews and allows collapsed); advisories with why each matched and the fixing version; a
//! chart of licences by category and a table of licences; a table of packages (sortable by any
//! column, filterable by text and by ecosystem, scope, category, verdict); each package's
//! evidence in a `<details>` block; the project's own licence findings and copyrights;
//! manifests; observations; diagnostics; the plugins that ran. `@media print` lays it out for
//! paper and the script opens every block before printing.
//!
//! Every string of the result is escaped ([`escape`]): a package called `<script>` is text. The
//! page is a pure function of the result: the same result gives the same bytes.
//!
//! Config (`[plugin.html.config]`): `title`, the page's heading (default: the root component's
//! name and "licence and security report").

mod categories;
mod chart;
mod csp;
mod detail;
pub mod escape;
mod names;
mod page;
mod table;
mod view;

use ospo_plugin_sdk::{PluginInfo, Reporter, ScanResult};
use serde::Deserialize;

/// The one format this reporter renders.
pub const FORMAT: &str = "html";

/// How the reporter is configured.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The page's heading and title.
    pub title: Option<String>,
}

/// The reporter.
pub struct Html;

impl Reporter for Html {
    fn info() -> PluginInfo {
        PluginInfo::new("html", env!("CARGO_PKG_VERSION"))
            .describe("a self-contained HTML report: summary, violations, sortable package and licence tables, evidence")
            .formats([FORMAT])
    }

    fn render(format: &str, scan: ScanResult) -> Result<Vec<u8>, String> {
        let config: Config = ospo_plugin_sdk::host::config()?;
        render(format, &scan, &config)
    }
}

/// Renders `scan` as `format` with `config` (the host-free core of [`Html::render`]).
pub fn render(format: &str, scan: &ScanResult, config: &Config) -> Result<Vec<u8>, String> {
    if format != FORMAT {
        return Err(format!("html reporter cannot render format `{format}`"));
    }
    Ok(page::render(scan, config).into_bytes())
}

// Exported only in the component: on a native target the wasm export names (`ospo:plugin/...`)
// break the linker's version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_reporter!(Html);

#[cfg(test)]
mod tests;
