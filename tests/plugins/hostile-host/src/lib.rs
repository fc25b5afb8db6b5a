//! Hostile test plugin: makes the host do work that must stay bounded, chosen by
//! `[plugin.hostile-host.config] mode`:
//! - `list-files-bad-glob`: calls `list-files` with a glob whose regex does not compile;
//! - `list-data`: calls `list-data("big", "**")` on a grant the test fills with many files;
//! - `findings`: returns `count` identical licence findings for the first file;
//! - `keywords`: declares a content filter of `count` distinct keywords.
//!
//! Each host call's outcome is reported as a `hostile-host` observation.

use ospo_plugin_sdk::{
    ContentFilter, DetectOutput, Detector, FileInput, FindingKind, Level, LicenseFinding, LineRange,
    Observation, PluginInfo, host, register_detector,
};

struct HostileHost;

fn setting() -> (String, usize) {
    let config: serde_json::Value = host::config().unwrap_or(serde_json::Value::Null);
    let mode = config.get("mode").and_then(serde_json::Value::as_str).unwrap_or("").to_string();
    let count = config.get("count").and_then(serde_json::Value::as_u64).unwrap_or(1000) as usize;
    (mode, count)
}

impl Detector for HostileHost {
    fn info() -> PluginInfo {
        PluginInfo::new("hostile-host", env!("CARGO_PKG_VERSION"))
            .describe("makes host calls and returns outputs that must stay cheap for the host")
            .globs(["**/*.txt"])
            .text_only(true)
    }

    fn content_filter() -> ContentFilter {
        match setting() {
            (mode, count) if mode == "keywords" => {
                ContentFilter::new((0..count).map(|n| format!("kw{n:07}")))
            }
            _ => ContentFilter::new(Vec::<String>::new()),
        }
    }

    /// Once per call, not per file: the outcome does not depend on the batch.
    fn detect(files: Vec<FileInput>) -> Result<DetectOutput, String> {
        let at = files.first().map(|f| f.path.clone()).unwrap_or_default();
        let (mode, count) = setting();
        let mut out = DetectOutput::default();
        let outcome = match mode.as_str() {
            "list-files-bad-glob" => Some(host::list_files(&"?".repeat(400_000))),
            "list-data" => Some(host::list_data("big", "**")),
            "findings" => {
                let finding = LicenseFinding::new(&at, "MIT", FindingKind::Tag)
                    .lines(LineRange::line(1))
                    .confidence(1.0)
                    .rule("hostile-flood");
                out.licenses.extend(std::iter::repeat_n(finding, count));
                None
            }
            _ => None,
        };
        if let Some(outcome) = outcome {
            let message = match outcome {
                Ok(list) => format!("{mode}: ok, {} entries", list.len()),
                Err(err) => format!("{mode}: error: {err}"),
            };
            out.observations.push(Observation::new("hostile-host", Level::Info, message, &at));
        }
        Ok(out)
    }
}

register_detector!(HostileHost);
