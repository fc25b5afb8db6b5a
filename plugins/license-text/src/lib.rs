//! # license-text
//!
//! The detector that reads licence text the way a licence reviewer would, against the full SPDX
//! License List embedded at build time (`data/spdx-xml/`, compiled by `build.rs`):
//!
//! - full licence and exception texts, several per file, inside comment blocks too
//!   (`spdx-text/MIT`, `spdx-exception/...`), matched after the SPDX matching guidelines;
//! - standard notices: the list's own licence headers (`notice/Apache-2.0`) and short notices
//!   naming a licence ("Licensed under the MIT license", "MIT licensed", "GPLv2 or later");
//! - references ("see LICENSE", "same terms as Perl itself");
//! - licence fields of manifests (`manifest/package.json`), normalised to SPDX expressions;
//! - licence-like text matching nothing known, as `LicenseRef-unknown`;
//! - copyright statements with holders and years;
//! - custom licences an OSPO lists in `ospo.toml`, found like SPDX texts.
//!
//! [`detect`] is the native entry point (tests and the accuracy bench use it); the plugin wraps
//! it with `register_detector!`.
//!
//! **GPL "-only" rule:** the texts of `GPL-2.0-only` and `GPL-2.0-or-later` are identical, so a
//! bare GPL text is reported as `-only`; it becomes `-or-later` when the same file also holds an
//! "or (at your option) any later version" notice outside the text. Combining evidence across
//! files is the host's conclusion.

pub mod copyright;
pub mod custom;
pub mod data;
mod engine;
pub mod gate;
mod lexicon;
pub mod manifests;
pub mod matcher;
pub mod memo;
pub mod names;
pub mod normalize;
pub mod notices;
pub mod rules;
pub mod tokens;
mod words;

pub use custom::{CustomLicense, Options};
pub use engine::detect;

#[cfg(target_arch = "wasm32")]
use ospo_plugin_sdk::register_detector;
use ospo_plugin_sdk::{ContentFilter, DetectOutput, Detector, Diagnostic, FileInput, Level, PluginInfo};
use std::sync::OnceLock;

/// Diagnostic code of options that do not parse or name a file that cannot be read.
pub const CONFIG_CODE: &str = "license-text-config";

/// The plugin: reads its options once per instance, then runs [`detect`] on every file.
pub struct LicenseText;

/// Options for the instance's lifetime (custom licences are read once), or why they failed.
fn options() -> &'static Result<Options, String> {
    static OPTIONS: OnceLock<Result<Options, String>> = OnceLock::new();
    OPTIONS.get_or_init(Options::from_host)
}

impl Detector for LicenseText {
    fn info() -> PluginInfo {
        PluginInfo::new("license-text", env!("CARGO_PKG_VERSION"))
            .describe(
                "licence texts, notices, references and manifest licence fields against the \
                 SPDX License List; copyrights",
            )
            .globs(["**/*"])
            .max_size(4 * 1024 * 1024)
            .text_only(true)
            .code(
                CONFIG_CODE,
                Level::Error,
                "the plugin's options (custom licences, min-confidence) are invalid; the defaults are used",
            )
            .code(
                manifests::MALFORMED_CODE,
                Level::Warning,
                "a manifest whose licence field cannot be read because the file does not parse",
            )
    }

    /// The gate's needles: [`detect`] returns nothing for a file without one, manifests aside.
    /// The host asks again at the start of each scan with its config, so the custom licences'
    /// own words count (a config that fails declares the built-in needles; `detect` reports it).
    fn content_filter() -> ContentFilter {
        let mut needles = gate::needles();
        if let Ok(opts) = options() {
            needles.extend(opts.extra_needles());
        }
        ContentFilter::new(needles).always(manifests::globs())
    }

    fn detect(files: Vec<FileInput>) -> Result<DetectOutput, String> {
        let mut out = DetectOutput::default();
        let fallback = Options::default();
        let opts = match options() {
            Ok(o) => o,
            Err(e) => {
                out.diagnostics.push(Diagnostic::new(CONFIG_CODE, Level::Error, e.clone()));
                &fallback
            }
        };
        for file in &files {
            let one = detect(&file.path, &file.contents, opts);
            out.licenses.extend(one.licenses);
            out.copyrights.extend(one.copyrights);
            out.diagnostics.extend(one.diagnostics);
        }
        Ok(out)
    }
}

// Native builds (tests, the bench) link the rlib; the component exports exist only in wasm.
#[cfg(target_arch = "wasm32")]
register_detector!(LicenseText);
