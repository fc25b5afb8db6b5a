//! Hostile test plugin: a detector whose content filter holds a glob that does not compile
//! (`**/[`). Proves that junk in a declared filter costs only its own plugin: the host reports
//! `plugin-invalid-glob` naming it, never calls it, and the scan keeps every other result.

use ospo_plugin_sdk::{
    ContentFilter, DetectOutput, Detector, FileInput, Level, Observation, PluginInfo, register_detector,
};

struct BadFilter;

impl Detector for BadFilter {
    fn info() -> PluginInfo {
        PluginInfo::new("bad-filter", env!("CARGO_PKG_VERSION"))
            .describe("declares a content filter whose always-glob does not compile")
            .globs(["**/*"])
            .text_only(true)
    }

    fn content_filter() -> ContentFilter {
        ContentFilter::new(["release"]).always(["**/["])
    }

    fn detect_file(file: &FileInput, out: &mut DetectOutput) -> Result<(), String> {
        // Never reached: a plugin whose filter is refused is not called.
        out.observations.push(Observation::new("bad-filter", Level::Info, file.path.clone(), &file.path));
        Ok(())
    }
}

register_detector!(BadFilter);
