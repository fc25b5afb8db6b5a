//! Hostile test plugin: allocates and touches memory until the host's cap stops it. Proves the
//! store's memory limit holds (`plugin-memory-limit`) without taking the host down with it.

use ospo_plugin_sdk::{DetectOutput, Detector, FileInput, PluginInfo, register_detector};

struct Membomb;

/// Each step grows the heap by this much; small enough to land just past any cap.
const CHUNK: usize = 1 << 20;

impl Detector for Membomb {
    fn info() -> PluginInfo {
        PluginInfo::new("membomb", env!("CARGO_PKG_VERSION"))
            .describe("allocates until it dies")
            .globs(["**/*.txt"])
            .text_only(true)
    }

    fn detect(_files: Vec<FileInput>) -> Result<DetectOutput, String> {
        let mut hoard: Vec<Vec<u8>> = Vec::new();
        loop {
            // Written, not only reserved, so no allocator trick can hand back untouched pages.
            let chunk = vec![0xA5u8; CHUNK];
            hoard.push(std::hint::black_box(chunk));
        }
    }
}

register_detector!(Membomb);
