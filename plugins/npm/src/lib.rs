//! # `npm` parser
//!
//! The JavaScript family: npm's `package-lock.json` (v1–v3), `npm-shrinkwrap.json` and hidden
//! `node_modules/.package-lock.json`; Yarn classic and Yarn Berry `yarn.lock`; `pnpm-lock.yaml`
//! (5.x, 6.x, 9.x); Bun's text `bun.lock`; `deno.lock` (v3–v5); and a `package.json` read alone.
//! One module per format; [`graph`] turns what each reads into packages and edges the same way.
//!
//! - ids are purls: `pkg:npm/%40scope/name@version`, the real name for an alias. Git packages
//!   carry a `vcs_url` qualifier and tarball-URL packages a `download_url`. Deno's JSR packages
//!   have no purl type of their own in the purl spec, so they are `pkg:generic/jsr/%40std/path@1.0.8`
//!   (ecosystem `generic`, namespace `jsr/<scope>`), and remote modules
//!   `pkg:generic/<file>?download_url=<url>`.
//! - scope: `dependencies` runtime, `optionalDependencies` optional, `peerDependencies`
//!   provided, `devDependencies` development — from the lockfile's flags where it has them, else
//!   from the strongest path from a project (see [`graph`]).
//! - `direct`: what the root project or a workspace member declares. Projects (the root, and
//!   each workspace member) are packages with a path source and are never direct.
//! - `source`: registry, git with its commit, `file:`/`link:` path (relative to the scan root),
//!   tarball URL. `hashes`: the `integrity` SRI (sha512, sha1); pnpm's and bun's integrity; JSR
//!   and remote sha256. Yarn Berry's `checksum` is a hash of Yarn's own zip of the package, not
//!   of anything a registry publishes, so it is not reported.
//! - `declared_license`: package-lock v2/v3 `license` fields, and each project's own.
//! - `locations`: the file and the line of the package's entry.
//!
//! Which files are read, so nothing is counted twice: lockfiles inside `node_modules/` are an
//! installed package's and are skipped; a hidden lockfile is read only when no lockfile sits
//! beside its project; a `package.json` only when no lockfile locks it ([`siblings`]).

mod bun;
mod deno;
mod globs;
mod graph;
mod lines;
mod lock_entry;
mod manifest;
mod package_lock;
mod pnpm;
mod pnpm_yaml;
mod siblings;
mod source;
mod yarn;
mod yarn_syntax;

use ospo_plugin_sdk::text::lossy;
use ospo_plugin_sdk::{FileInput, Level, ParseOutput, Parser, PluginInfo, relpath};

use package_lock::Flavor;

/// The parser.
pub struct Npm;

impl Parser for Npm {
    fn info() -> PluginInfo {
        PluginInfo::new("npm", env!("CARGO_PKG_VERSION"))
            .describe(
                "JavaScript packages from package-lock.json, npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml, \
                 bun.lock and deno.lock, direct ones from package.json",
            )
            .globs([
                "**/package-lock.json",
                "**/npm-shrinkwrap.json",
                "**/node_modules/.package-lock.json",
                "**/yarn.lock",
                "**/pnpm-lock.yaml",
                "**/bun.lock",
                "**/bun.lockb",
                "**/deno.lock",
                "**/package.json",
            ])
            // bun.lockb is binary, and must still reach the parser to be reported.
            .text_only(false)
            .ecosystems(["npm", "generic"])
            .code(
                "manifest-malformed",
                Level::Error,
                "A JavaScript lockfile or package.json does not parse, or an entry of it is not what its \
                 format allows, so what it lists is missing from the inventory. Regenerate the lockfile with \
                 its package manager (`npm install`, `yarn`, `pnpm install`, `bun install`, `deno install`).",
            )
            .code(
                "manifest-unsupported",
                Level::Warning,
                "A lockfile's format version is not one this parser reads (the message names the version \
                 seen), or it is Bun's binary bun.lockb: its packages are not in the inventory. For Bun, run \
                 `bun install --save-text-lockfile` to write bun.lock.",
            )
            .code(
                "dependency-unresolved",
                Level::Warning,
                "A lockfile entry depends on a package the lockfile does not hold where the package manager \
                 would find it, so that edge of the dependency graph is missing. Regenerate the lockfile.",
            )
    }

    fn parse(file: FileInput) -> Result<ParseOutput, String> {
        let mut out = ParseOutput::default();
        let path = file.path.as_str();
        let dir = relpath::parent(path);
        let name = relpath::file_name(path);
        if name == ".package-lock.json" {
            // `<project>/node_modules/.package-lock.json`, and only that.
            let project = relpath::parent(dir);
            if relpath::file_name(dir) == "node_modules"
                && !siblings::installed(project)
                && siblings::lockfiles_in(project).is_empty()
            {
                package_lock::parse(path, &lossy(&file.contents), Flavor::Hidden, project, &mut out);
            }
            return Ok(out);
        }
        if siblings::installed(path) {
            // An installed package's own files (published packages ship yarn.lock too).
            return Ok(out);
        }
        let text = lossy(&file.contents);
        match name {
            "package-lock.json" => package_lock::parse(path, &text, Flavor::PackageLock, dir, &mut out),
            "npm-shrinkwrap.json" => package_lock::parse(path, &text, Flavor::Shrinkwrap, dir, &mut out),
            "yarn.lock" => yarn::parse(path, &text, &mut out),
            "pnpm-lock.yaml" => pnpm::parse(path, &text, &mut out),
            "bun.lock" => bun::parse(path, &text, &mut out),
            "bun.lockb" => bun::binary(path, &mut out),
            "deno.lock" => deno::parse(path, &text, &mut out),
            // A package.json a lockfile locks is read by that lockfile's parse.
            "package.json" if !siblings::claimed(path) => match manifest::PackageJson::parse(&text) {
                Ok(manifest) => manifest::direct_only(path, &manifest, &mut out),
                Err((line, message)) => out.diagnostics.push(manifest::malformed(path, line, &message)),
            },
            _ => {}
        }
        Ok(out)
    }
}

// Exported only in the component: on a native target the wasm export names break the linker's
// version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_parser!(Npm);

#[cfg(test)]
mod tests;
