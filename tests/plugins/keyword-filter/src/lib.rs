//! A detector with a content filter: it declares the words `trademark` and `®`, and `BRANDING.md`
//! as a file it wants whatever it holds. It reports one `keyword-filter` observation per file it
//! is given, so a test sees exactly which files the host let through.

use ospo_plugin_sdk::{
    ContentFilter, DetectOutput, Detector, FileInput, Level, Observation, PluginInfo, register_detector,
};

struct KeywordFilter;

impl Detector for KeywordFilter {
    fn info() -> PluginInfo {
        PluginInfo::new("keyword-filter", env!("CARGO_PKG_VERSION"))
            .describe("reports each file the host sends it past its content filter")
            .globs(["**/*.txt", "**/*.md"])
            .text_only(true)
    }

    fn content_filter() -> ContentFilter {
        ContentFilter::new(["trademark", "®"]).always(["**/BRANDING.md"])
    }

    fn detect_file(file: &FileInput, out: &mut DetectOutput) -> Result<(), String> {
        out.observations.push(Observation::new("keyword-filter", Level::Info, file.path.clone(), &file.path));
        Ok(())
    }
}

register_detector!(KeywordFilter);
