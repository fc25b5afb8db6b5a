//! One trait per plugin world. Each has the one job function the world exports plus `info()`;
//! defaults cover the common shapes so a small plugin implements one or two methods.

use crate::{
    AdviseOutput, CollectOutput, ContentFilter, DetectOutput, Diagnostic, FileInput, Level, Package,
    ParseOutput, PluginInfo, PluginKind, ScanResult,
};

/// `info()` with the kind the trait fixes, whatever the builder said: what the `register_*!`
/// glue exports, and what a native test should compare against.
fn of_kind(info: PluginInfo, kind: PluginKind) -> PluginInfo {
    crate::__private::with_kind(info, kind)
}

/// Finds licences, copyrights and observations in file contents.
pub trait Detector {
    /// Name, version and the files this detector wants.
    fn info() -> PluginInfo;

    /// [`Detector::info`] as the host receives it: `kind` set to `detector`. Not meant to be overridden.
    fn plugin_info() -> PluginInfo {
        of_kind(Self::info(), PluginKind::Detector)
    }

    /// What a file must hold to be worth examining: the host sends only files holding one of
    /// `keywords` (ASCII letters in either case) or matching an `always` glob, and tests that
    /// natively before copying the file into the plugin, so a precise filter makes a detector
    /// fast. Declare it only if the detector finds nothing in a file without those words. The
    /// default declares none: every file `info().files` selects is sent.
    fn content_filter() -> ContentFilter {
        ContentFilter::none()
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

    /// [`Parser::info`] as the host receives it: `kind` set to `parser`. Not meant to be overridden.
    fn plugin_info() -> PluginInfo {
        of_kind(Self::info(), PluginKind::Parser)
    }
    /// Parses one file. Read sibling files with [`crate::host::read_file`].
    fn parse(file: FileInput) -> Result<ParseOutput, String>;
}

/// Looks packages up in vulnerability data.
pub trait Advisor {
    /// Name and version.
    fn info() -> PluginInfo;

    /// [`Advisor::info`] as the host receives it: `kind` set to `advisor`. Not meant to be overridden.
    fn plugin_info() -> PluginInfo {
        of_kind(Self::info(), PluginKind::Advisor)
    }
    /// Returns the advisories that affect `packages`.
    fn advise(packages: Vec<Package>) -> Result<AdviseOutput, String>;
}

/// Computes metrics over the whole result.
pub trait Collector {
    /// Name and version.
    fn info() -> PluginInfo;

    /// [`Collector::info`] as the host receives it: `kind` set to `collector`. Not meant to be overridden.
    fn plugin_info() -> PluginInfo {
        of_kind(Self::info(), PluginKind::Collector)
    }
    /// Returns metrics about `scan`.
    fn collect(scan: ScanResult) -> Result<CollectOutput, String>;
}

/// Renders the whole result into a report.
pub trait Reporter {
    /// Name, version and the formats this reporter renders.
    fn info() -> PluginInfo;

    /// [`Reporter::info`] as the host receives it: `kind` set to `reporter`. Not meant to be overridden.
    fn plugin_info() -> PluginInfo {
        of_kind(Self::info(), PluginKind::Reporter)
    }
    /// Renders `scan` as `format` (one of `info().formats`).
    fn render(format: &str, scan: ScanResult) -> Result<Vec<u8>, String>;
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Lockfiles;

    impl Parser for Lockfiles {
        fn info() -> PluginInfo {
            PluginInfo::new("lockfiles", "0.1.0").globs(["**/Cargo.lock"])
        }
        fn parse(_file: FileInput) -> Result<ParseOutput, String> {
            Ok(ParseOutput::default())
        }
    }

    struct Quiet;

    impl Detector for Quiet {
        fn info() -> PluginInfo {
            PluginInfo::new("quiet", "0.1.0")
        }
        fn detect_file(file: &FileInput, _out: &mut DetectOutput) -> Result<(), String> {
            Err(format!("cannot read {}", file.path))
        }
    }

    crate::register_parser!(Lockfiles);
    crate::register_detector!(Quiet);

    #[test]
    fn the_trait_fixes_the_kind() {
        assert_eq!(Lockfiles::plugin_info().kind, PluginKind::Parser);
        assert_eq!(Quiet::plugin_info().kind, PluginKind::Detector);
        assert_eq!(Quiet::content_filter(), ContentFilter::none());
    }

    #[test]
    fn a_failing_file_costs_only_itself() {
        let out = Quiet::detect(vec![FileInput::new("a.txt", "x"), FileInput::new("b.txt", "y")]);
        let codes: Vec<_> =
            out.iter().flat_map(|o| &o.diagnostics).map(|d| (d.code.as_str(), d.path.as_deref())).collect();
        assert_eq!(codes, [("detector-file-error", Some("a.txt")), ("detector-file-error", Some("b.txt"))]);
    }
}
