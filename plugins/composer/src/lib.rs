//! # `composer` parser
//!
//! Reads PHP's `composer.lock` (Composer 1 and 2 formats) into packages and dependency edges,
//! with the `composer.json` beside it for which packages the project requires itself; a
//! `composer.json` without a lockfile is read alone, as direct dependencies only.
//!
//! - ids are purls with the vendor as namespace (`pkg:composer/symfony/console@v2.8.48`), the
//!   version as the lockfile writes it.
//! - `scope`: `packages` runtime, `packages-dev` development (Composer resolves the two apart,
//!   so the lockfile itself says it).
//! - `direct`: named in the `composer.json` beside the lockfile (`require` or `require-dev`);
//!   without one no package is marked direct.
//! - `source`: the `source` checkout (git, with its `reference` as the commit), else the `dist`
//!   archive (a `path` dist resolved against the lockfile's directory, else its URL).
//! - `hashes`: a `dist.shasum` when Composer recorded one (sha1; most GitHub dists have none).
//! - `declared_license`: the `license` list, its entries joined with `OR` as Composer means
//!   them, normalised by `ospo_plugin_sdk::expression`.
//! - Edges: each entry's `require`, platform requirements (`php`, `ext-*`, `lib-*`) left out;
//!   a name another package `replace`s or `provide`s resolves to that package.
//! - `locations`: the file and the line of the entry's `"name"` key.
//! - A `composer.json` alone gives packages without versions (the constraint is not a version).
//!   One under a `vendor/` directory is an installed package's manifest and is skipped.
//!
//! Not read: `vendor/composer/installed.json`, `aliases`, the root package itself.

mod direct;
mod lock;
mod names;

use ospo_plugin_sdk::text::lossy;
use ospo_plugin_sdk::{
    Completeness, FileInput, Level, Manifest, ParseOutput, Parser, PluginInfo, host, relpath,
};
use serde_json::Value;

use direct::Direct;

/// The parser.
pub struct Composer;

impl Parser for Composer {
    fn info() -> PluginInfo {
        PluginInfo::new("composer", env!("CARGO_PKG_VERSION"))
            .describe("PHP packages from composer.lock, direct ones from composer.json")
            .globs(["**/composer.lock", "**/composer.json"])
            .text_only(true)
            .ecosystems(["composer"])
            .code(
                "manifest-malformed",
                Level::Error,
                "A composer.lock or composer.json is not valid JSON, or an entry of it has no name, so \
                 what it lists is missing from the inventory. Regenerate the lockfile with `composer update \
                 --lock`, or fix the manifest.",
            )
            .code(
                "dependency-unresolved",
                Level::Warning,
                "A package of a composer.lock requires a package the lockfile does not hold (and nothing \
                 replaces or provides), so that edge of the dependency graph is missing.",
            )
    }

    fn parse(file: FileInput) -> Result<ParseOutput, String> {
        let mut out = ParseOutput::default();
        let text = lossy(&file.contents);
        let dir = relpath::parent(&file.path);
        let is_lock = relpath::file_name(&file.path) == "composer.lock";
        if !is_lock {
            // An installed package's own manifest, or a project whose lockfile says it all.
            let vendored = file.path.starts_with("vendor/") || file.path.contains("/vendor/");
            if vendored || host::read_file(&relpath::file_in(dir, "composer.lock")).is_ok() {
                return Ok(out);
            }
        }
        let root: Value = match serde_json::from_str(&text) {
            Ok(root) => root,
            Err(e) => {
                let line = u32::try_from(e.line()).ok().filter(|l| *l > 0);
                out.diagnostics.push(lock::malformed(&file.path, line, &format!("not valid JSON: {e}")));
                return Ok(out);
            }
        };
        if is_lock {
            let manifest = read_manifest(dir, &mut out);
            lock::build(&file.path, &text, &root, manifest.as_ref(), &mut out);
            out.manifests.push(Manifest::new(
                &file.path,
                "composer",
                &lock::format(&root),
                Completeness::Complete,
            ));
        } else {
            Direct::read(&text, &root).packages(&file.path, &mut out);
            out.manifests.push(Manifest::new(
                &file.path,
                "composer",
                "composer.json",
                Completeness::DirectOnly,
            ));
        }
        Ok(out)
    }
}

/// The `composer.json` beside a lockfile, when there is one; one that does not parse is
/// reported (nothing is direct then) and the lockfile is still read.
fn read_manifest(dir: &str, out: &mut ParseOutput) -> Option<Direct> {
    let path = relpath::file_in(dir, "composer.json");
    let bytes = host::read_file(&path).ok()?;
    let text = lossy(&bytes);
    match serde_json::from_str::<Value>(&text) {
        Ok(root) => Some(Direct::read(&text, &root)),
        Err(e) => {
            let line = u32::try_from(e.line()).ok().filter(|l| *l > 0);
            out.diagnostics.push(lock::malformed(
                &path,
                line,
                &format!("not valid JSON, so no package is marked direct: {e}"),
            ));
            None
        }
    }
}

// Exported only in the component: on a native target the wasm export names break the linker's
// version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_parser!(Composer);

#[cfg(test)]
mod tests;
