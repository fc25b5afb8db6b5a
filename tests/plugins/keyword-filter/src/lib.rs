//! A detector with a content filter: it declares the words `trademark` and `®`, and `BRANDING.md`
//! as a file it wants whatever it holds. It reports one `keyword-filter` observation per file it
//! is given, so a test sees exactly which files the host let through.

use ospo_plugin_sdk::{
    ContentFilter, DetectOutput, Detector, FileInput, Level, Observation, PluginInfo, PluginKind,
    register_detector,
};

struct KeywordFilter;

impl Detector for KeywordFilter {
    fn info() -> PluginInfo {
        PluginInfo::new(PluginKind::Detector, "keyword-filter", env!("CARGO_PKG_VERSION"))
            .describe("reports each file the host sends it past its content filter")
            .globs(["**/*.txt", "**/*.md"])
            .text_only(true)
    }

    fn content_filter() -> ContentFilter {
        ContentFilter {
            keywords: vec!["trademark".to_string(), "®".to_string()],
            always: vec!["**/BRANDING.md".to_string()],
        }
    }

    fn detect_file(file: &FileInput, out: &mut DetectOutput) -> Result<(), String> {
        out.observations.push(Observation {
            rule_id: "keyword-filter".to_string(),
            level: Level::Info,
            message: file.path.clone(),
            path: file.path.clone(),
            lines: None,
        });
        Ok(())
    }
}

register_detector!(KeywordFilter);
