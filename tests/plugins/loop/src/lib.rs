//! Hostile test plugin: spins forever in `detect`. Proves the epoch deadline stops a plugin that
//! never returns (`plugin-timeout`) and the scan still finishes.

use ospo_plugin_sdk::{DetectOutput, Detector, FileInput, PluginInfo, register_detector};

struct Loop;

impl Detector for Loop {
    fn info() -> PluginInfo {
        PluginInfo::new("loop", env!("CARGO_PKG_VERSION"))
            .describe("never returns from detect")
            .globs(["**/*.txt"])
            .text_only(true)
    }

    fn detect(_files: Vec<FileInput>) -> Result<DetectOutput, String> {
        let mut spins = 0u64;
        loop {
            // black_box keeps the loop observable, so the optimiser cannot prove it side-effect free.
            spins = std::hint::black_box(spins.wrapping_add(1));
        }
    }
}

register_detector!(Loop);
