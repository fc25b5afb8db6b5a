//! # `python` parser
//!
//! The Python ecosystem family, offline: every lockfile and manifest a Python project or
//! environment carries, one module per format.
//!
//! | file | module | completeness |
//! | --- | --- | --- |
//! | `requirements*.txt`, `requirements/*.txt` (pip-compile or hand-written) | [`requirements`] | complete when every line is pinned |
//! | `poetry.lock` (lock-version 1.1, 2.0, 2.1) | [`poetry`] | complete |
//! | `uv.lock` (version 1, revisions 1 to 5) | [`uv`] | complete |
//! | `Pipfile.lock` (pipfile-spec 6), `Pipfile` alone | [`pipfile`] | complete / direct only |
//! | `pdm.lock` (lock_version 4.x) | [`pdm`] | complete |
//! | `pylock.toml`, `pylock.*.toml` (PEP 751, lock-version 1.0) | [`pylock`] | complete |
//! | `pyproject.toml` alone (PEP 621, PEP 735, Poetry) | [`pyproject`] | direct only |
//! | conda `environment.yml`, `conda-lock.yml` (version 1) | [`conda`] | direct only / complete |
//! | installed `*.dist-info/METADATA` | [`dist_info`] | complete |
//!
//! Common rules ([`model`]): ids are purls (`pkg:pypi/<PEP 503 name>@<version>`, conda packages
//! `pkg:conda/<name>@<version>?build=..&channel=..&subdir=..`); git sources carry a `vcs_url`
//! qualifier and direct URLs a `download_url`, so neither passes for the registry release; a
//! registry source keeps its index URL in `source` but adds no qualifier. Versions are kept as
//! the file writes them. Beside a lockfile, `pyproject.toml`, `Pipfile` and `environment.yml`
//! are read only for direct dependencies, groups and the project's licence; alone they are
//! `DirectOnly` manifests with ranges kept in the `version` field and no version in the purl.
//!
//! Diagnostics: `manifest-malformed` (error: a file or entry does not parse; the rest is kept),
//! `manifest-unsupported` (warning: a format version this parser does not know; what can be
//! read is still read), `dependency-unresolved` (warning: an edge names no listed package),
//! `requirements-include-missing` (warning: a `-r`/`-c` file cannot be read),
//! `dist-info-record-missing` (info: an installed distribution without a RECORD).

mod conda;
mod dist_info;
mod doc;
mod license;
mod model;
mod names;
mod pdm;
mod pep508;
mod pipfile;
mod poetry;
mod pylock;
mod pyproject;
mod requirements;
mod siblings;
mod trove;
mod uv;

use ospo_plugin_sdk::text::lossy;
use ospo_plugin_sdk::{Diagnostic, FileInput, Level, ParseOutput, Parser, PluginInfo};

/// The parser.
pub struct Python;

/// The file globs, in the order [`format_of`] tells them apart.
const GLOBS: &[&str] = &[
    "**/requirements*.txt",
    "**/requirements/*.txt",
    "**/poetry.lock",
    "**/uv.lock",
    "**/Pipfile.lock",
    "**/Pipfile",
    "**/pdm.lock",
    "**/pylock.toml",
    "**/pylock.*.toml",
    "**/pyproject.toml",
    "**/environment.yml",
    "**/environment.yaml",
    "**/conda-lock.yml",
    "**/conda-lock.yaml",
    "**/*.dist-info/METADATA",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Requirements,
    Poetry,
    Uv,
    PipfileLock,
    Pipfile,
    Pdm,
    Pylock,
    Pyproject,
    Environment,
    CondaLock,
    DistInfo,
}

fn format_of(path: &str) -> Option<Format> {
    let name = names::file_name(path);
    let dir = names::file_name(names::parent(path));
    Some(match name {
        "poetry.lock" => Format::Poetry,
        "uv.lock" => Format::Uv,
        "Pipfile.lock" => Format::PipfileLock,
        "Pipfile" => Format::Pipfile,
        "pdm.lock" => Format::Pdm,
        "pyproject.toml" => Format::Pyproject,
        "environment.yml" | "environment.yaml" => Format::Environment,
        "conda-lock.yml" | "conda-lock.yaml" => Format::CondaLock,
        "METADATA" if dir.ends_with(".dist-info") => Format::DistInfo,
        _ if name == "pylock.toml" || (name.starts_with("pylock.") && name.ends_with(".toml")) => {
            Format::Pylock
        }
        _ if name.ends_with(".txt") && (name.starts_with("requirements") || dir == "requirements") => {
            Format::Requirements
        }
        _ => return None,
    })
}

impl Parser for Python {
    fn info() -> PluginInfo {
        PluginInfo::new("python", env!("CARGO_PKG_VERSION"))
            .describe(
                "Python packages from requirements files, poetry.lock, uv.lock, Pipfile.lock, pdm.lock, pylock.toml, \
                 pyproject.toml, conda environment.yml and conda-lock.yml, and installed dist-info metadata",
            )
            .globs(GLOBS.iter().copied())
            .text_only(true)
            .ecosystems(["pypi", "conda"])
            .code(
                "manifest-malformed",
                Level::Error,
                "A Python manifest or lockfile, or one of its entries, does not parse, so the packages in that part \
                 are missing from the inventory; the rest of the file is still read. Fix or regenerate the file at \
                 the reported line.",
            )
            .code(
                "manifest-unsupported",
                Level::Warning,
                "A Python lockfile declares a format version this parser does not know (the message names it). What \
                 still reads is listed, but entries may be missing or misread; regenerate the lockfile with a \
                 supported tool version or report the format.",
            )
            .code(
                "dependency-unresolved",
                Level::Warning,
                "A package's dependency names no package of the same file and no marker or extra explains why, so \
                 that edge of the dependency graph is missing. Regenerate the lockfile.",
            )
            .code(
                "requirements-include-missing",
                Level::Warning,
                "A requirements file includes another (-r or -c) that cannot be read: missing, outside the scanned \
                 directory, or a URL (info: ospo reads no network). Its requirements are not listed.",
            )
            .code(
                "dist-info-record-missing",
                Level::Info,
                "An installed distribution's .dist-info directory has METADATA but no RECORD, so it may be metadata \
                 copied without the installed files. The package is still listed.",
            )
    }

    fn parse(file: FileInput) -> Result<ParseOutput, String> {
        let mut out = ParseOutput::default();
        let text = lossy(&file.contents);
        let path = file.path.as_str();
        match format_of(path) {
            Some(Format::Requirements) => requirements::parse(path, &text, &mut out),
            Some(Format::Poetry) => poetry::parse(path, &text, &mut out),
            Some(Format::Uv) => uv::parse(path, &text, &mut out),
            Some(Format::PipfileLock) => pipfile::parse_lock(path, &text, &mut out),
            Some(Format::Pipfile) => pipfile::parse_pipfile(path, &text, &mut out),
            Some(Format::Pdm) => pdm::parse(path, &text, &mut out),
            Some(Format::Pylock) => pylock::parse(path, &text, &mut out),
            Some(Format::Pyproject) => pyproject::parse(path, &text, &mut out),
            Some(Format::Environment) => conda::parse_environment(path, &text, &mut out),
            Some(Format::CondaLock) => conda::parse_lock(path, &text, &mut out),
            Some(Format::DistInfo) => dist_info::parse(path, &text, &mut out),
            None => out.diagnostics.push(
                Diagnostic::new(
                    "manifest-unsupported",
                    Level::Warning,
                    format!("{} is not a Python manifest this parser knows", names::file_name(path)),
                )
                .at(path, None),
            ),
        }
        Ok(out)
    }
}

/// A `manifest-unsupported` warning for format `what` at version `seen`.
fn unsupported(path: &str, line: Option<u32>, what: &str, seen: &str, known: &str) -> Diagnostic {
    Diagnostic::new(
        "manifest-unsupported",
        Level::Warning,
        format!("{what} version {seen} is not one this parser knows ({known}); entries are read as the latest known form"),
    )
    .at(path, line)
}

// Exported only in the component: on a native target the wasm export names (`ospo:plugin/...`)
// break the linker's version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_parser!(Python);

#[cfg(test)]
mod tests;
