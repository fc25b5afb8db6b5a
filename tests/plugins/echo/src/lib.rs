//! Well-behaved test plugin: one `echo` observation per file it is given (`<path>: <n> bytes`).
//! The control for the hostile ones: it proves an extra plugin loads and runs, and gives the
//! sha256-pin tests a plugin whose digest they can pin right or wrong.

use ospo_plugin_sdk::{DetectOutput, Detector, FileInput, Level, Observation, PluginInfo, register_detector};

struct Echo;

impl Detector for Echo {
    fn info() -> PluginInfo {
        PluginInfo::new("echo", env!("CARGO_PKG_VERSION"))
            .describe("echoes each file's path and size")
            .globs(["**/*.txt"])
            .text_only(true)
    }

    fn detect_file(file: &FileInput, out: &mut DetectOutput) -> Result<(), String> {
        out.observations.push(Observation::new(
            "echo",
            Level::Info,
            format!("{}: {} bytes", file.path, file.contents.len()),
            &file.path,
        ));
        Ok(())
    }
}

register_detector!(Echo);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_observation_per_file() {
        let file = FileInput::new("notes.txt", "hello");
        let mut out = DetectOutput::default();
        Echo::detect_file(&file, &mut out).expect("echo never fails");
        assert_eq!(out.observations.len(), 1);
        assert_eq!(out.observations[0].message, "notes.txt: 5 bytes");
    }
}
