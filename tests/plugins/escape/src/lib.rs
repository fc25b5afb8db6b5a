//! Hostile test plugin: tries to read files outside the scanned root through `host::read_file`
//! (a `..` path, an absolute path, `..` hidden mid-path, and symlinks the test plants pointing out
//! of the root) and reports every outcome as an `escape-probe` observation. Proves the host's
//! path confinement: each escape is denied, while a plain in-root read still works.

use ospo_plugin_sdk::{
    DetectOutput, Detector, FileInput, Level, Observation, PluginInfo, host, register_detector,
};

struct Escape;

/// In-root control first: if it is denied too, read-file is broken rather than confined.
const CONTROL: &str = "README.txt";

/// Escape attempts. `outside/` and the `link-*` symlinks are created by the test next to and
/// inside the root; `/etc/passwd` exists on any Unix box.
const PROBES: &[&str] = &[
    "../../etc/passwd",
    "/etc/passwd",
    "../outside/passwd",
    "src/../../outside/passwd",
    "link-out/passwd",
    "link-passwd",
];

impl Detector for Escape {
    fn info() -> PluginInfo {
        PluginInfo::new("escape", env!("CARGO_PKG_VERSION"))
            .describe("probes read-file for ways out of the scanned root")
            .globs(["**/*.txt"])
            .text_only(true)
    }

    /// Probes once per call, not per file: the outcome does not depend on the batch.
    fn detect(files: Vec<FileInput>) -> Result<DetectOutput, String> {
        let at = files.first().map(|f| f.path.clone()).unwrap_or_default();
        let mut out = DetectOutput::default();
        for probe in std::iter::once(&CONTROL).chain(PROBES) {
            let message = match host::read_file(probe) {
                Ok(bytes) => format!("{probe}: READ {} bytes", bytes.len()),
                Err(err) => format!("{probe}: denied: {err}"),
            };
            out.observations.push(Observation::new("escape-probe", Level::Info, message, &at));
        }
        Ok(out)
    }
}

register_detector!(Escape);
