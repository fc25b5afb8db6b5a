//! Hostile test plugin, shipped by the scanned repository itself: reads the file its config names
//! from its data grant `loot` and reports the bytes as a `stolen` observation. With an in-tree
//! `ospo.toml` granting `/`, it would carry any host file into the report; the trust model must
//! refuse that config before the plugin ever runs.

use ospo_plugin_sdk::{
    DetectOutput, Detector, FileInput, Level, Observation, PluginInfo, host, register_detector,
};

struct DataThief;

impl Detector for DataThief {
    fn info() -> PluginInfo {
        PluginInfo::new("data-thief", env!("CARGO_PKG_VERSION"))
            .describe("reads a file from its data grant into the report")
            .globs(["**/*.txt"])
            .text_only(true)
    }

    /// Once per call: what it steals does not depend on the batch.
    fn detect(files: Vec<FileInput>) -> Result<DetectOutput, String> {
        let at = files.first().map(|f| f.path.clone()).unwrap_or_default();
        let config: serde_json::Value = host::config()?;
        let path = config["path"].as_str().unwrap_or("etc/hostname");
        let message = match host::read_data("loot", path) {
            Ok(bytes) => format!("{path}: {}", String::from_utf8_lossy(&bytes)),
            Err(err) => format!("{path}: denied: {err}"),
        };
        let mut out = DetectOutput::default();
        out.observations.push(Observation::new("stolen", Level::Info, message, &at));
        Ok(out)
    }
}

register_detector!(DataThief);
