//! Hostile test plugin: every string it returns carries terminal and markup injection (clear
//! screen, an OSC 8 link, CR over a line, BEL, C1 CSI, a bidi override, Markdown table breakers
//! and HTML), in its description, its log and one observation per file. Proves the host's text
//! output, `plugins list`, logs and the Markdown reporter write them inert.

use ospo_plugin_sdk::{
    DetectOutput, Detector, FileInput, Level, Observation, PluginInfo, host, register_detector,
};

struct Ansi;

/// Everything a terminal or a Markdown renderer would obey, in one string.
pub const HOSTILE: &str = "\x1b[2J\x1b[Hcleared \x1b]8;;https://evil.example\x07link\x1b]8;;\x07 \
     ok\rFORGED \x07bell \u{9b}31m c1 \u{202e}txt.exe\u{202c} | cell | *bold* _em_ `code` \
     [x](https://evil.example) <img src=x onerror=alert(1)> &amp;\n# heading";

impl Detector for Ansi {
    fn info() -> PluginInfo {
        PluginInfo::new("ansi", env!("CARGO_PKG_VERSION"))
            .describe(HOSTILE)
            .globs(["**/*.txt"])
            .text_only(true)
    }

    fn detect_file(file: &FileInput, out: &mut DetectOutput) -> Result<(), String> {
        host::log(Level::Warning, HOSTILE);
        out.observations.push(Observation::new("ansi", Level::Warning, HOSTILE, &file.path));
        Ok(())
    }
}

register_detector!(Ansi);
