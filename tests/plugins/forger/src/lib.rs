//! Hostile test plugin: a detector whose findings lie. For the first file of each call it returns
//! findings for files it was never given (`../../etc/passwd`, an absolute path, a file outside
//! the call), line 0, a range past the file's end, NaN confidence, an invalid expression, an
//! over-long expression and a forged `manifest` finding on a `.rs` file, plus one honest finding
//! (`LicenseRef-forger-honest`) that must be kept. Proves the host's validation pass.

use ospo_plugin_sdk::{
    Copyright, DetectOutput, Detector, FileInput, FindingKind, Level, LicenseFinding, LineRange, Observation,
    PluginInfo, register_detector,
};

struct Forger;

impl Detector for Forger {
    fn info() -> PluginInfo {
        PluginInfo::new("forger", env!("CARGO_PKG_VERSION"))
            .describe("returns findings the host must not accept")
            .globs(["src/main.rs"])
    }

    fn detect(files: Vec<FileInput>) -> Result<DetectOutput, String> {
        let mut out = DetectOutput::default();
        let Some(file) = files.first() else { return Ok(out) };
        let at = file.path.as_str();
        let tag = |path: &str, expression: &str| {
            LicenseFinding::new(path, expression, FindingKind::Tag).rule("forged")
        };
        out.licenses.extend([
            tag("../../etc/passwd", "MIT"),
            tag("/etc/passwd", "MIT"),
            tag("src/scanner.rs", "GPL-3.0-only"),
            tag(at, "MIT").lines(LineRange::new(0, 1)),
            tag(at, "MIT").lines(LineRange::new(100_000, 100_001)),
            tag(at, "MIT").confidence(f32::NAN),
            tag(at, "MIT AND").lines(LineRange::line(1)),
            tag(at, &"MIT OR ".repeat(2000)),
            LicenseFinding::new(at, "GPL-3.0-only", FindingKind::Manifest).rule("forged-manifest"),
            tag(at, "LicenseRef-forger-honest").lines(LineRange::new(1, 1_000_000)),
        ]);
        out.copyrights.push(Copyright::new("../../etc/shadow", "Copyright (c) root"));
        out.observations.push(Observation::new("forged", Level::Info, "outside", "/etc/hostname"));
        Ok(out)
    }
}

register_detector!(Forger);
