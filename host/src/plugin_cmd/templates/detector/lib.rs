//! __NAME__: an ospo detector. It reports every line that holds one of `MARKERS`; change the
//! markers, the message or `scan_file` to make it yours, then `ospo plugin build`.

use ospo_plugin_sdk::text::{lossy, numbered_lines};
use ospo_plugin_sdk::{
    ContentFilter, DetectOutput, Detector, FileInput, Level, LineRange, Observation, PluginInfo,
};

/// The rule id every observation carries (`ospo explain` and reports show it).
pub const RULE_ID: &str = "__NAME__";

/// What this detector looks for, matched ignoring ASCII case.
pub const MARKERS: [&str; 2] = ["DO NOT RELEASE", "DO-NOT-SHIP"];

pub struct Plugin;

impl Detector for Plugin {
    fn info() -> PluginInfo {
        PluginInfo::new("__NAME__", env!("CARGO_PKG_VERSION"))
            .describe("flags lines marked DO NOT RELEASE")
            .globs(["**/*"])
            .max_size(2 * 1024 * 1024)
            .text_only(true)
    }

    /// Files holding none of the markers are never copied into the plugin.
    fn content_filter() -> ContentFilter {
        ContentFilter::new(MARKERS.map(String::from).to_vec())
    }

    fn detect_file(file: &FileInput, out: &mut DetectOutput) -> Result<(), String> {
        let text = lossy(&file.contents);
        for (line_no, line) in numbered_lines(&text) {
            let upper = line.to_ascii_uppercase();
            if let Some(marker) = MARKERS.iter().find(|m| upper.contains(*m)) {
                out.observations.push(
                    Observation::new(RULE_ID, Level::Warning, format!("line marked `{marker}`"), &file.path)
                        .lines(LineRange::line(line_no)),
                );
            }
        }
        Ok(())
    }
}

// Exported only in the wasm component: native `cargo test` links this crate as a plain library.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_detector!(Plugin);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_the_marked_line_only() {
        let file = FileInput::new("src/main.c", "int main(void) {\n  // DO NOT RELEASE: debug hook\n}\n");
        let mut out = DetectOutput::default();
        Plugin::detect_file(&file, &mut out).expect("detect");
        let lines: Vec<(&str, Option<u32>)> =
            out.observations.iter().map(|o| (o.path.as_str(), o.lines.as_ref().map(|l| l.start))).collect();
        assert_eq!(lines, [("src/main.c", Some(2))]);
        assert_eq!(out.observations[0].rule_id, RULE_ID);
    }

    #[test]
    fn the_fixture_holds_one_marker() {
        let text = include_str!("../tests/fixture/src/main.c");
        let mut out = DetectOutput::default();
        Plugin::detect_file(&FileInput::new("src/main.c", text), &mut out).expect("detect");
        assert_eq!(out.observations.len(), 1);
    }
}
