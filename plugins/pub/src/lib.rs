//! # `pub` parser
//!
//! Reads Dart and Flutter's `pubspec.lock` into packages, and a `pubspec.yaml` without a
//! lockfile as its direct dependencies.
//!
//! - ids are purls (`pkg:pub/args@2.4.2`); a git package carries a `vcs_url`
//!   (`git+URL@RESOLVED-REF`) and a package hosted on another server a `repository_url`.
//! - `direct` and `scope` come from each entry's `dependency`: `direct main` and
//!   `direct overridden` are direct runtime, `direct dev` direct development, `transitive`
//!   runtime. The lockfile records no edges and no dev-only transitive packages, so a package
//!   only a dev dependency needs is still runtime, and the graph has no edges.
//! - `source`: `hosted` its server (`description.url`), `git` the repository and
//!   `resolved-ref`, `path` the directory resolved against the lockfile's; `sdk` packages
//!   (`flutter`, `sky_engine`) come with the SDK and have none.
//! - `hashes`: `description.sha256` (pub 2.19+).
//! - `locations`: the file and the line of the package's key.
//! - A `pubspec.yaml` beside a `pubspec.lock` is the lockfile's to read, and so is one with
//!   `resolution: workspace` when a `pubspec.lock` sits in a directory above it; otherwise it
//!   gives direct packages without versions (`manifest.rs`).

mod lock;
mod manifest;
mod names;
mod yaml_lines;

use ospo_plugin_sdk::text::lossy;
use ospo_plugin_sdk::{Diagnostic, FileInput, Level, ParseOutput, Parser, PluginInfo, host, relpath};
use serde_yaml_ng::Value;

/// The parser.
pub struct Pub;

impl Parser for Pub {
    fn info() -> PluginInfo {
        PluginInfo::new("pub", env!("CARGO_PKG_VERSION"))
            .describe("Dart and Flutter packages from pubspec.lock, direct ones from pubspec.yaml alone")
            .globs(["**/pubspec.lock", "**/pubspec.yaml"])
            .text_only(true)
            .ecosystems(["pub"])
            .code(
                "manifest-malformed",
                Level::Error,
                "A pubspec.lock or pubspec.yaml is not valid YAML, or its `packages` is not a mapping, so \
                 what it lists is missing from the inventory. Run `dart pub get` to regenerate the lockfile.",
            )
            .code(
                "manifest-unsupported",
                Level::Warning,
                "A pubspec.lock entry has a `dependency` kind this parser does not know; the package is \
                 reported as transitive. The message names the kind.",
            )
    }

    fn parse(file: FileInput) -> Result<ParseOutput, String> {
        let mut out = ParseOutput::default();
        let text = lossy(&file.contents);
        let is_lock = relpath::file_name(&file.path) == "pubspec.lock";
        let root: Value = match serde_yaml_ng::from_str(&text) {
            Ok(root) => root,
            Err(e) => {
                let line = e.location().and_then(|l| u32::try_from(l.line()).ok());
                out.diagnostics.push(malformed(&file.path, line, &format!("not valid YAML: {e}")));
                return Ok(out);
            }
        };
        if is_lock {
            lock::read(&file.path, &text, &root, &mut out);
        } else if !claimed_by_a_lockfile(&file.path, &root) {
            manifest::read(&file.path, &text, &root, &mut out);
        }
        Ok(out)
    }
}

/// Whether a `pubspec.lock` reads this manifest's packages: one beside it, or for a workspace
/// member (`resolution: workspace`) one in a directory above.
fn claimed_by_a_lockfile(path: &str, root: &Value) -> bool {
    let dir = relpath::parent(path);
    let member = root.get("resolution").and_then(Value::as_str) == Some("workspace");
    let mut dirs = relpath::ancestors(dir);
    let beside = dirs.next().is_some_and(|d| host::read_file(&relpath::file_in(d, "pubspec.lock")).is_ok());
    beside || (member && dirs.any(|d| host::read_file(&relpath::file_in(d, "pubspec.lock")).is_ok()))
}

fn malformed(path: &str, line: Option<u32>, message: &str) -> Diagnostic {
    Diagnostic::new("manifest-malformed", Level::Error, message.to_string()).at(path, line)
}

// Exported only in the component: on a native target the wasm export names break the linker's
// version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_parser!(Pub);

#[cfg(test)]
mod tests;
