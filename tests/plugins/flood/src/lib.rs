//! Hostile test plugin: returns far more data than the output cap allows (100k observations with
//! long messages, ~13 MiB) and floods `host::log`. Proves the host caps what a plugin can push
//! at it (`plugin-output-limit`) instead of buffering it all. `[plugin.flood.config]` takes
//! `observations`, `logs` and `message-bytes` so a test can flood one channel at a time.

use ospo_plugin_sdk::{
    DetectOutput, Detector, FileInput, Level, Observation, PluginInfo, host, register_detector,
};

struct Flood;

struct Plan {
    observations: usize,
    logs: usize,
    message_bytes: usize,
}

impl Plan {
    fn from_config() -> Result<Self, String> {
        let config: serde_json::Value = host::config()?;
        let get = |key: &str, default: usize| {
            config.get(key).and_then(serde_json::Value::as_u64).map_or(default, |n| n as usize)
        };
        Ok(Plan {
            observations: get("observations", 100_000),
            logs: get("logs", 20_000),
            message_bytes: get("message-bytes", 128),
        })
    }
}

impl Detector for Flood {
    fn info() -> PluginInfo {
        PluginInfo::new("flood", env!("CARGO_PKG_VERSION"))
            .describe("returns and logs far more than the output cap")
            .globs(["**/*.txt"])
            .text_only(true)
    }

    fn detect(files: Vec<FileInput>) -> Result<DetectOutput, String> {
        let plan = Plan::from_config()?;
        let at = files.first().map(|f| f.path.clone()).unwrap_or_default();
        let filler = "x".repeat(plan.message_bytes);

        for n in 0..plan.logs {
            host::log(Level::Info, &format!("flood log {n}: {filler}"));
        }

        let mut out = DetectOutput::default();
        out.observations.extend(
            (0..plan.observations)
                .map(|n| Observation::new("flood", Level::Info, format!("flood {n}: {filler}"), &at)),
        );
        Ok(out)
    }
}

register_detector!(Flood);
