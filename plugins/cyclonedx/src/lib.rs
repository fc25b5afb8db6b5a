//! # `cyclonedx` reporter
//!
//! Renders a scan result as a CycloneDX JSON SBOM: formats `cyclonedx-1.6`, `cyclonedx-1.7` and
//! `cyclonedx` (the newest, 1.7), plus `cyclonedx-vex`, a VEX document holding only the
//! advisories, whose `affects` point into the BOM by BOM-Link.
//!
//! What goes where (module docs have the details): packages are `components` (purl, hashes,
//! scope, supplier, declared and concluded licences with their `acknowledgement`, detected
//! licences, file locations and copyrights as `evidence`); the edges are `dependencies`; the
//! manifests' completeness becomes `compositions`; `metadata` holds the timestamp, ospo and every
//! plugin as tools with their SHA-256, the root component (the project licence) and the
//! supplier, manufacturer and authors the plugin config names; advisories are `vulnerabilities`,
//! unless the config asks for a separate VEX document.
//!
//! Config (`[plugin.cyclonedx.config]`): `vex = "embed"` (default) or `"separate"` (the BOM
//! carries no vulnerabilities; render `cyclonedx-vex` for them); `supplier`, `manufacturer`
//! (a name, or a table with `name`, `url` list and `email`); `authors` (names, or tables with
//! `name` and `email`).
//!
//! The serial number is a UUID derived from a digest of the scan's inventory and its timestamp
//! (`SOURCE_DATE_EPOCH` when set), so one scan rendered twice gives the same bytes, and the 1.6,
//! 1.7 and VEX documents of one scan share it.

mod bom;
mod config;
mod licenses;
mod serial;
mod vulns;

use ospo_plugin_sdk::{PluginInfo, Reporter, ScanResult};

pub use config::Config;

/// CycloneDX 1.6 JSON.
pub const FORMAT_1_6: &str = "cyclonedx-1.6";
/// CycloneDX 1.7 JSON.
pub const FORMAT_1_7: &str = "cyclonedx-1.7";
/// The newest version this reporter writes (1.7).
pub const FORMAT: &str = "cyclonedx";
/// A VEX document (CycloneDX 1.7) with the scan's advisories only.
pub const FORMAT_VEX: &str = "cyclonedx-vex";

/// The CycloneDX specification version a document follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Spec {
    /// 1.6 (a licence list cannot mix an expression with other entries).
    V1_6,
    /// 1.7.
    V1_7,
}

impl Spec {
    fn version(self) -> &'static str {
        match self {
            Spec::V1_6 => "1.6",
            Spec::V1_7 => "1.7",
        }
    }
}

/// The reporter.
pub struct CycloneDx;

impl Reporter for CycloneDx {
    fn info() -> PluginInfo {
        PluginInfo::new("cyclonedx", env!("CARGO_PKG_VERSION"))
            .describe("CycloneDX 1.6/1.7 JSON SBOM, or a VEX document of the advisories")
            .formats([FORMAT, FORMAT_1_6, FORMAT_1_7, FORMAT_VEX])
    }

    fn render(format: &str, scan: ScanResult) -> Result<Vec<u8>, String> {
        let config: Config = ospo_plugin_sdk::host::config()?;
        render(format, &scan, &config)
    }
}

/// Renders `scan` as `format` with `config` (the host-free core of [`CycloneDx::render`]).
pub fn render(format: &str, scan: &ScanResult, config: &Config) -> Result<Vec<u8>, String> {
    let document = match format {
        FORMAT | FORMAT_1_7 => bom::document(scan, config, Spec::V1_7),
        FORMAT_1_6 => bom::document(scan, config, Spec::V1_6),
        FORMAT_VEX => vulns::vex_document(scan, config, Spec::V1_7),
        other => return Err(format!("cyclonedx reporter cannot render format `{other}`")),
    };
    let mut bytes =
        serde_json::to_vec_pretty(&document).map_err(|e| format!("cannot serialise the BOM: {e}"))?;
    bytes.push(b'\n');
    Ok(bytes)
}

// Exported only in the component: on a native target the wasm export names (`ospo:plugin/...`)
// break the linker's version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_reporter!(CycloneDx);

#[cfg(test)]
mod tests;
