//! Flags files that carry an internal classification marker (`CONFIDENTIAL - ACME INTERNAL` by
//! default), so they are caught before an open source release. See `README.md`.

use ospo_plugin_sdk::text::{lossy, numbered_lines};
use ospo_plugin_sdk::{
    ContentFilter, DetectOutput, Detector, FileInput, Level, LineRange, Observation, PluginInfo, host,
};
use serde::Deserialize;

/// The rule id of every observation.
pub const RULE_ID: &str = "confidential-marker";

/// The marker used when `ospo.toml` configures none.
pub const DEFAULT_MARKER: &str = "CONFIDENTIAL - ACME INTERNAL";

/// `[plugin.confidential-marker.config]` in `ospo.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Text that marks a file as internal. Matched ignoring ASCII case.
    #[serde(default)]
    pub markers: Vec<String>,
}

impl Config {
    /// The configured markers, or the default when there are none.
    fn markers(self) -> Vec<String> {
        let markers: Vec<String> =
            self.markers.into_iter().map(|m| m.trim().to_string()).filter(|m| !m.is_empty()).collect();
        if markers.is_empty() { vec![DEFAULT_MARKER.to_string()] } else { markers }
    }
}

/// The detector.
pub struct ConfidentialMarker;

impl Detector for ConfidentialMarker {
    fn info() -> PluginInfo {
        PluginInfo::new("confidential-marker", env!("CARGO_PKG_VERSION"))
            .describe("flags files marked as internal (CONFIDENTIAL - ACME INTERNAL)")
            .globs(["**/*"])
            .max_size(2 * 1024 * 1024)
            .text_only(true)
    }

    /// The markers themselves: a file holding none is never copied into the plugin. The host
    /// asks at the start of each scan, so configured markers count; a config that does not parse
    /// declares no filter, and `detect` reports it.
    fn content_filter() -> ContentFilter {
        let keywords = host::config::<Config>().map(Config::markers).unwrap_or_default();
        ContentFilter::new(keywords)
    }

    // The config is read once per batch rather than once per file.
    fn detect(files: Vec<FileInput>) -> Result<DetectOutput, String> {
        let markers = host::config::<Config>()?.markers();
        let mut out = DetectOutput::default();
        for file in &files {
            scan_file(file, &markers, &mut out);
        }
        Ok(out)
    }
}

/// One observation per line that holds a marker.
fn scan_file(file: &FileInput, markers: &[String], out: &mut DetectOutput) {
    let text = lossy(&file.contents);
    let upper_markers: Vec<String> = markers.iter().map(|m| m.to_ascii_uppercase()).collect();
    for (line_no, line) in numbered_lines(&text) {
        let line = line.to_ascii_uppercase();
        let Some(i) = upper_markers.iter().position(|m| line.contains(m.as_str())) else { continue };
        out.observations.push(
            Observation::new(
                RULE_ID,
                Level::Warning,
                format!("file is marked `{}`; it must not be published", markers[i]),
                &file.path,
            )
            .lines(LineRange::line(line_no)),
        );
    }
}

// Exported only in the component: on a native target the wasm export names (`ospo:plugin/...`)
// break the linker's version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_detector!(ConfidentialMarker);

#[cfg(test)]
mod tests {
    use ospo_plugin_sdk::host::testing;

    use super::*;

    fn file(path: &str, text: &str) -> FileInput {
        FileInput::new(path, text)
    }

    fn roadmap() -> FileInput {
        file(
            "docs/roadmap-2025.md",
            "# Roadmap 2025\n\n> CONFIDENTIAL - ACME INTERNAL\n\n- Q1: ship the billing rewrite\n",
        )
    }

    fn lines(out: &DetectOutput) -> Vec<(&str, u32)> {
        out.observations.iter().map(|o| (o.path.as_str(), o.lines.as_ref().map_or(0, |l| l.start))).collect()
    }

    #[test]
    fn flags_the_default_marker_with_its_line() {
        testing::set_config("{}");
        let out = ConfidentialMarker::detect(vec![roadmap(), file("README.md", "# acme\nPublic docs.\n")])
            .expect("detect");
        assert_eq!(lines(&out), [("docs/roadmap-2025.md", 3)]);
        let observation = &out.observations[0];
        assert_eq!(observation.rule_id, RULE_ID);
        assert_eq!(observation.level, Level::Warning);
        assert!(observation.message.contains(DEFAULT_MARKER), "{}", observation.message);
    }

    #[test]
    fn configured_markers_replace_the_default_and_ignore_case() {
        testing::set_config(r#"{"markers": ["ACME Proprietary", "do not distribute"]}"#);
        let source = file(
            "src/pricing.rs",
            "// Copyright ACME Corp.\n// acme proprietary: pricing model v3\nfn price() {}\n/* DO NOT DISTRIBUTE */\n",
        );
        let out = ConfidentialMarker::detect(vec![source, roadmap()]).expect("detect");
        assert_eq!(lines(&out), [("src/pricing.rs", 2), ("src/pricing.rs", 4)]);
        assert!(out.observations[1].message.contains("do not distribute"));
    }

    #[test]
    fn empty_marker_list_falls_back_to_the_default() {
        testing::set_config(r#"{"markers": ["", "  "]}"#);
        let out = ConfidentialMarker::detect(vec![roadmap()]).expect("detect");
        assert_eq!(lines(&out), [("docs/roadmap-2025.md", 3)]);
    }

    #[test]
    fn the_content_filter_is_the_configured_markers() {
        testing::set_config(r#"{"markers": ["ACME Proprietary"]}"#);
        assert_eq!(ConfidentialMarker::content_filter().keywords, ["ACME Proprietary"]);
        testing::set_config("{}");
        assert_eq!(ConfidentialMarker::content_filter().keywords, [DEFAULT_MARKER]);
        // A broken config filters nothing, so `detect` sees the files and reports it.
        testing::set_config(r#"{"markers": "ACME"}"#);
        assert!(ConfidentialMarker::content_filter().keywords.is_empty());
    }

    #[test]
    fn bad_config_is_an_error_naming_the_problem() {
        testing::set_config(r#"{"markers": "ACME"}"#);
        let err = ConfidentialMarker::detect(vec![roadmap()]).expect_err("a string is not a list");
        assert!(err.contains("invalid plugin config"), "{err}");
    }
}
