//! # `gem` parser
//!
//! Reads Bundler's `Gemfile.lock` and `gems.locked` into packages and dependency edges, and
//! the `Gemfile` / `gems.rb` beside it (best effort, see [`gemfile`]) for the groups that make
//! a gem development or test.
//!
//! - ids are purls (`pkg:gem/rails@7.0.4.2`); a platform build carries a `platform` qualifier
//!   (`nokogiri (1.16.0-x86_64-linux)` is `pkg:gem/nokogiri@1.16.0?platform=x86_64-linux`), a
//!   git gem a `vcs_url` (`git+URL@REVISION`) and a gem from another server a `repository_url`.
//! - `source`: the `GEM` remote as a registry, a `GIT` remote with its `revision`, a `PATH`
//!   remote resolved against the lockfile's directory.
//! - `direct`: named in `DEPENDENCIES` (`name!` for a git or path gem); the project's own gem
//!   (`PATH` remote `.`, from `gemspec`) is the project, not direct.
//! - `scope`: from the Gemfile's groups, spread to what each direct gem reaches
//!   ([`graph`]); every gem is runtime when the Gemfile cannot be read.
//! - `hashes`: the `CHECKSUMS` section (Bundler 2.5+), sha256.
//! - Edges: each spec's dependency lines, to every locked build of that name (all platforms);
//!   a dependency on `bundler` goes to the `BUNDLED WITH` version, reported as a package too.
//! - `locations`: the lockfile and the line of the spec.
//! - One `Gemfile.lock` manifest record (`complete`), its format naming the Bundler version.
//!
//! Not read: a `Gemfile` without a lockfile (it is Ruby code; without the resolution it names
//! only ranges), and declared licences (a lockfile has none).

mod gemfile;
mod graph;
mod lockfile;

use ospo_plugin_sdk::text::lossy;
use ospo_plugin_sdk::{
    Completeness, Diagnostic, FileInput, Level, Manifest, ParseOutput, Parser, PluginInfo, host, relpath,
};

/// The parser.
pub struct Gem;

impl Parser for Gem {
    fn info() -> PluginInfo {
        PluginInfo::new("gem", env!("CARGO_PKG_VERSION"))
            .describe("Ruby gems from Gemfile.lock / gems.locked, with scopes from the Gemfile's groups")
            .globs(["**/Gemfile.lock", "**/gems.locked"])
            .text_only(true)
            .ecosystems(["gem"])
            .code(
                "manifest-malformed",
                Level::Error,
                "A line of a Gemfile.lock does not parse (a spec without a version, a dependency outside a \
                 spec), so what it names is missing from the inventory. Regenerate it with `bundle lock`.",
            )
            .code(
                "manifest-unsupported",
                Level::Warning,
                "A Gemfile.lock holds a section this parser does not know, so what it says is not read. The \
                 message names the section; the rest of the file is.",
            )
            .code(
                "dependency-unresolved",
                Level::Warning,
                "A spec of a Gemfile.lock depends on a gem the lockfile does not lock, so that edge of the \
                 dependency graph is missing. Regenerate the lockfile with `bundle lock`.",
            )
            .code(
                "dependency-not-locked",
                Level::Info,
                "A gem listed in DEPENDENCIES has no spec in the lockfile; usually it is for another platform \
                 (`platforms: :jruby`) and is not installed here.",
            )
    }

    fn parse(file: FileInput) -> Result<ParseOutput, String> {
        let mut out = ParseOutput::default();
        let text = lossy(&file.contents);
        let lock = lockfile::parse(&text);
        for problem in &lock.malformed {
            out.diagnostics.push(
                Diagnostic::new(
                    "manifest-malformed",
                    Level::Error,
                    format!("Gemfile.lock: {}", problem.message),
                )
                .at(&file.path, Some(problem.line)),
            );
        }
        for problem in &lock.unsupported {
            out.diagnostics.push(
                Diagnostic::new(
                    "manifest-unsupported",
                    Level::Warning,
                    format!("Gemfile.lock: {}", problem.message),
                )
                .at(&file.path, Some(problem.line)),
            );
        }
        let groups = read_gemfile(&file.path);
        graph::build(&file.path, &lock, groups.as_ref(), &mut out);
        let format = match &lock.bundled_with {
            Some((version, _)) => format!("{} (Bundler {version})", relpath::file_name(&file.path)),
            None => relpath::file_name(&file.path).to_string(),
        };
        out.manifests.push(Manifest::new(&file.path, "gem", &format, Completeness::Complete));
        Ok(out)
    }
}

/// The Gemfile's groups: `gems.rb` beside `gems.locked`, `Gemfile` beside `Gemfile.lock`.
fn read_gemfile(lock_path: &str) -> Option<gemfile::Groups> {
    let name = if relpath::file_name(lock_path) == "gems.locked" { "gems.rb" } else { "Gemfile" };
    let bytes = host::read_file(&relpath::file_in(relpath::parent(lock_path), name)).ok()?;
    Some(gemfile::parse(&lossy(&bytes)))
}

// Exported only in the component: on a native target the wasm export names break the linker's
// version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_parser!(Gem);

#[cfg(test)]
mod tests;
