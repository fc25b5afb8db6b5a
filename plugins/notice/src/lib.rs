//! # `notice` reporter
//!
//! Renders the third-party licence notices a distribution must carry: formats `notice` (plain
//! text, for a `NOTICE`/`THIRD-PARTY-LICENSES` file) and `notice-markdown`. One section per
//! licence, with the packages under it, their copyright holders and the licence's full text:
//! SPDX texts from the SPDX License List XML `license-text` carries (compiled in by `build.rs`),
//! custom ones from the `text` of `LicenseRef-` findings. See [`group`] for which packages go
//! under which licence.
//!
//! Config (`[plugin.notice.config]`): `scopes`, the package scopes that ship (default
//! `["runtime"]`).

pub mod group;
mod markdown;
mod plain;
pub mod texts;

use ospo_plugin_sdk::{PluginInfo, Reporter, ScanResult};
use serde::Deserialize;

/// Plain text.
pub const FORMAT: &str = "notice";
/// Markdown.
pub const FORMAT_MARKDOWN: &str = "notice-markdown";

/// How the reporter is configured.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Scopes of the packages that ship with the product (`runtime`, `provided`, `build`, ...).
    pub scopes: Option<Vec<String>>,
}

const SCOPES: &[&str] = &["runtime", "development", "build", "test", "provided"];

impl Config {
    /// The scopes that ship.
    fn scopes(&self) -> Vec<&str> {
        match &self.scopes {
            Some(scopes) => scopes.iter().map(String::as_str).collect(),
            None => vec!["runtime"],
        }
    }
}

/// The reporter.
pub struct Notice;

impl Reporter for Notice {
    fn info() -> PluginInfo {
        PluginInfo::new("notice", env!("CARGO_PKG_VERSION"))
            .describe("third-party licence notices with full texts, as plain text or Markdown")
            .formats([FORMAT, FORMAT_MARKDOWN])
    }

    fn render(format: &str, scan: ScanResult) -> Result<Vec<u8>, String> {
        let config: Config = ospo_plugin_sdk::host::config()?;
        render(format, &scan, &config)
    }
}

/// Renders `scan` as `format` with `config` (the host-free core of [`Notice::render`]).
pub fn render(format: &str, scan: &ScanResult, config: &Config) -> Result<Vec<u8>, String> {
    if let Some(bad) = config.scopes().into_iter().find(|s| !SCOPES.contains(s)) {
        return Err(format!("notice config: unknown scope `{bad}` (one of {})", SCOPES.join(", ")));
    }
    let notice = group::Notice::new(scan, config);
    match format {
        FORMAT => Ok(plain::render(&notice).into_bytes()),
        FORMAT_MARKDOWN => Ok(markdown::render(&notice).into_bytes()),
        other => Err(format!("notice reporter cannot render format `{other}`")),
    }
}

// Exported only in the component: on a native target the wasm export names (`ospo:plugin/...`)
// break the linker's version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_reporter!(Notice);

#[cfg(test)]
mod tests;
