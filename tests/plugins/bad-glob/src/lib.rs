//! Hostile test plugin: declares in `info()` a glob the glob parser accepts but whose regex is
//! over the regex compiler's size limit (400,000 `?`). Proves the host leaves the plugin out
//! with a `plugin-invalid-glob` diagnostic (scan) or lists the error (`plugins list`) instead
//! of panicking.

use ospo_plugin_sdk::{DetectOutput, Detector, FileInput, PluginInfo, register_detector};

struct BadGlob;

impl Detector for BadGlob {
    fn info() -> PluginInfo {
        PluginInfo::new("bad-glob", env!("CARGO_PKG_VERSION"))
            .describe("declares a glob whose regex does not compile")
            .globs(["**/*.txt".to_string(), "?".repeat(400_000)])
            .text_only(true)
    }

    fn detect_file(_file: &FileInput, _out: &mut DetectOutput) -> Result<(), String> {
        Ok(())
    }
}

register_detector!(BadGlob);
