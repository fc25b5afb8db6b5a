//! One trait per plugin world. Each has the one job function the world exports plus `info()`;
//! defaults cover the common shapes so a small plugin implements one or two methods.

use crate::{
    AdviseOutput, CollectOutput, ContentFilter, DetectOutput, Diagnostic, FileInput, Level, Package,
    ParseOutput, PluginInfo, ScanResult,
};

/// Finds licences, copyrights and observations in file contents.
pub trait Detector {
    /// Name, version and the files this detector wants.
    fn info() -> PluginInfo;

    /// What a file must hold to be worth examining: the host sends only files holding one of
    /// `keywords` (ASCII letters in either case) or matching an `always` glob, and tests that
    /// natively before copying the file into the plugin, so a precise filter makes a detector
    /// fast. Declare it only if the detector finds nothing in a file without those words. The
    /// default declares none: every file `info().files` selects is sent.
    fn content_filter() -> ContentFilter {
        ContentFilter { keywords: Vec::new(), always: Vec::new() }
    }

    /// Examines one file. Called by the default [`Detector::detect`] for each file of a batch.
    fn detect_file(file: &FileInput, out: &mut DetectOutput) -> Result<(), String> {
        let _ = (file, out);
        Ok(())
    }

    /// Examines a batch of files. The default calls [`Detector::detect_file`] for each and turns a
    /// per-file error into a `detector-file-error` diagnostic, so one bad file costs only itself.
    fn detect(files: Vec<FileInput>) -> Result<DetectOutput, String> {
        let mut out = DetectOutput::default();
        for file in &files {
            if let Err(message) = Self::detect_file(file, &mut out) {
                out.diagnostics.push(
                    Diagnostic::new("detector-file-error", Level::Warning, message).at(&file.path, None),
                );
            }
        }
        Ok(out)
    }
}

/// Reads a manifest or lockfile into packages and dependency edges.
pub trait Parser {
    /// Name, version and the manifest globs this parser wants.
    fn info() -> PluginInfo;
    /// Parses one file. Read sibling files with [`crate::host::read_file`].
    fn parse(file: FileInput) -> Result<ParseOutput, String>;
}

/// Looks packages up in vulnerability data.
pub trait Advisor {
    /// Name and version.
    fn info() -> PluginInfo;
    /// Returns the advisories that affect `packages`.
    fn advise(packages: Vec<Package>) -> Result<AdviseOutput, String>;
}

/// Computes metrics over the whole result.
pub trait Collector {
    /// Name and version.
    fn info() -> PluginInfo;
    /// Returns metrics about `scan`.
    fn collect(scan: ScanResult) -> Result<CollectOutput, String>;
}

/// Renders the whole result into a report.
pub trait Reporter {
    /// Name, version and the formats this reporter renders.
    fn info() -> PluginInfo;
    /// Renders `scan` as `format` (one of `info().formats`).
    fn render(format: &str, scan: ScanResult) -> Result<Vec<u8>, String>;
}
