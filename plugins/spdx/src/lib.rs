//! # `spdx` reporter
//!
//! Renders a scan result as an SPDX SBOM: `spdx-2.3` (JSON), `spdx-2.3-tv` (tag-value),
//! `spdx-3.0.1` (JSON-LD with the Core, Software and SimpleLicensing profiles) and `spdx`
//! (2.3 JSON, what most tools read today).
//!
//! All three are written from one model ([`model::Doc`]): the root package (the scanned
//! project, described by the document) and every package with its purl as an external ref,
//! checksums, supplier, declared and concluded licences; dependency relationships typed by
//! scope; every `LicenseRef-` with its extracted text. Files with licence findings are SPDX 3.0.1
//! `software_File`s with their licences; SPDX 2.3 requires a SHA-1 of every file, which a scan
//! result does not carry, so 2.3 documents list the files and licences found in a package's
//! `licenseComments` instead of inventing checksums.
//!
//! Config (`[plugin.spdx.config]`): `creator_organization`, `creator_person` (SPDX creators
//! besides the tool), `supplier` (the root package's supplier), `namespace_base` (the
//! URI the document namespace starts with; default `https://spdx.org/spdxdocs/ospo`).
//!
//! The namespace ends in a UUID derived from a digest of the scan and its timestamp
//! (`SOURCE_DATE_EPOCH` when set): one scan rendered twice gives the same bytes.

mod config;
mod model;
mod tagvalue;
mod v2;
mod v3;

use ospo_plugin_sdk::{PluginInfo, Reporter, ScanResult};

pub use config::Config;

/// SPDX 2.3 JSON.
pub const FORMAT_2_3: &str = "spdx-2.3";
/// SPDX 2.3 tag-value.
pub const FORMAT_2_3_TV: &str = "spdx-2.3-tv";
/// SPDX 3.0.1 JSON-LD.
pub const FORMAT_3_0_1: &str = "spdx-3.0.1";
/// SPDX 2.3 JSON by its short name.
pub const FORMAT: &str = "spdx";

/// The reporter.
pub struct Spdx;

impl Reporter for Spdx {
    fn info() -> PluginInfo {
        PluginInfo::new("spdx", env!("CARGO_PKG_VERSION"))
            .describe("SPDX 2.3 JSON and tag-value, SPDX 3.0.1 JSON-LD SBOMs")
            .formats([FORMAT, FORMAT_2_3, FORMAT_2_3_TV, FORMAT_3_0_1])
    }

    fn render(format: &str, scan: ScanResult) -> Result<Vec<u8>, String> {
        let config: Config = ospo_plugin_sdk::host::config()?;
        render(format, &scan, &config)
    }
}

/// Renders `scan` as `format` with `config` (the host-free core of [`Spdx::render`]).
pub fn render(format: &str, scan: &ScanResult, config: &Config) -> Result<Vec<u8>, String> {
    let version = match format {
        FORMAT | FORMAT_2_3 | FORMAT_2_3_TV => model::Version::V2_3,
        FORMAT_3_0_1 => model::Version::V3_0_1,
        other => return Err(format!("spdx reporter cannot render format `{other}`")),
    };
    let doc = model::Doc::new(scan, config, version);
    let mut bytes = match format {
        FORMAT_2_3_TV => tagvalue::document(&doc).into_bytes(),
        FORMAT_3_0_1 => json(&v3::document(&doc))?,
        _ => json(&v2::document(&doc))?,
    };
    if !bytes.ends_with(b"\n") {
        bytes.push(b'\n');
    }
    Ok(bytes)
}

fn json(value: &serde_json::Value) -> Result<Vec<u8>, String> {
    serde_json::to_vec_pretty(value).map_err(|e| format!("cannot serialise the SPDX document: {e}"))
}

// Exported only in the component: on a native target the wasm export names (`ospo:plugin/...`)
// break the linker's version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_reporter!(Spdx);

#[cfg(test)]
mod tests;
