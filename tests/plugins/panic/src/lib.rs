//! Hostile test plugin: panics while scanning. A Rust panic in wasm ends in an `unreachable` trap;
//! proves the host reports it as `plugin-panic` and the scan goes on.

use ospo_plugin_sdk::{DetectOutput, Detector, FileInput, PluginInfo, register_detector};

struct Panic;

impl Detector for Panic {
    fn info() -> PluginInfo {
        PluginInfo::new("panic", env!("CARGO_PKG_VERSION"))
            .describe("panics in detect")
            .globs(["**/*.txt"])
            .text_only(true)
    }

    fn detect_file(file: &FileInput, _out: &mut DetectOutput) -> Result<(), String> {
        panic!("deliberate panic while scanning {}", file.path);
    }
}

register_detector!(Panic);
