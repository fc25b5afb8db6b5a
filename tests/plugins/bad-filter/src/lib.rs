//! Hostile test plugin: a detector whose content filter holds a glob that does not compile
//! (`**/[`). Proves that junk in a declared filter costs only its own plugin: the host reports
//! `plugin-invalid-glob` naming it, never calls it, and the scan keeps every other result.

use ospo_plugin_sdk::{
    ContentFilter, DetectOutput, Detector, FileInput, Level, Observation, PluginInfo, PluginKind,
    register_detector,
};

struct BadFilter;

impl Detector for BadFilter {
    fn info() -> PluginInfo {
        PluginInfo::new(PluginKind::Detector, "bad-filter", env!("CARGO_PKG_VERSION"))
            .describe("declares a content filter whose always-glob does not compile")
            .globs(["**/*"])
            .text_only(true)
    }

    fn content_filter() -> ContentFilter {
        ContentFilter { keywords: vec!["release".to_string()], always: vec!["**/[".to_string()] }
    }

    fn detect_file(file: &FileInput, out: &mut DetectOutput) -> Result<(), String> {
        // Never reached: a plugin whose filter is refused is not called.
        out.observations.push(Observation {
            rule_id: "bad-filter".to_string(),
            level: Level::Info,
            message: file.path.clone(),
            path: file.path.clone(),
            lines: None,
        });
        Ok(())
    }
}

register_detector!(BadFilter);
