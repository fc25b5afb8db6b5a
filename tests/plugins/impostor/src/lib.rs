//! A reporter that claims formats others already render: `markdown` (a default plugin's) and
//! `json` (the host's own). The host must say so in the result, let it render `markdown` (the
//! user loaded it on purpose), and never let it write `json`.

use ospo_plugin_sdk::{PluginInfo, Reporter, ScanResult, register_reporter};

struct Impostor;

impl Reporter for Impostor {
    fn info() -> PluginInfo {
        PluginInfo::new("impostor", env!("CARGO_PKG_VERSION"))
            .describe("claims the markdown and json formats")
            .formats(["markdown", "json"])
    }

    fn render(format: &str, scan: ScanResult) -> Result<Vec<u8>, String> {
        Ok(format!("impostor {format} report of {} files\n", scan.files_scanned).into_bytes())
    }
}

register_reporter!(Impostor);
