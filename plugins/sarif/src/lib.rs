//! # `sarif` reporter
//!
//! Renders a scan as SARIF 2.1.0, the format code-scanning services (GitHub code scanning,
//! GitLab, Azure DevOps) ingest. One run, whose tool is ospo (with its version) and whose
//! extensions are the plugins that took part. Results:
//!
//! - every policy verdict that is not an allow: denials as `error`, reviews as `warning`, with
//!   the verdict's explanation as the message and its location;
//! - advisories no verdict covers, by their own id, at the package's manifest line;
//! - observations (confidential markers and the like), by their rule id.
//!
//! Each result's rule (in `tool.driver.rules`) has help text and a `helpUri`; each result has
//! a `partialFingerprints` entry computed from what it is about (rule, subject, licence), not
//! from where, so a code-scanning service recognises the same alert across runs. The host's
//! diagnostics become `invocations[0].toolExecutionNotifications`.

mod rules;
mod sarif;
mod uri;

use ospo_plugin_sdk::{PluginInfo, Reporter, ScanResult};

/// The one format this reporter renders.
pub const FORMAT: &str = "sarif";

/// The reporter.
pub struct Sarif;

impl Reporter for Sarif {
    fn info() -> PluginInfo {
        PluginInfo::new("sarif", env!("CARGO_PKG_VERSION"))
            .describe("SARIF 2.1.0 for code scanning: policy violations, reviews, advisories, observations")
            .formats([FORMAT])
    }

    fn render(format: &str, scan: ScanResult) -> Result<Vec<u8>, String> {
        if format != FORMAT {
            return Err(format!("sarif reporter cannot render format `{format}`"));
        }
        let document = sarif::document(&scan);
        let mut bytes = serde_json::to_vec_pretty(&document).map_err(|err| err.to_string())?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}

// Exported only in the component: on a native target the wasm export names (`ospo:plugin/...`)
// break the linker's version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_reporter!(Sarif);

#[cfg(test)]
mod tests;
