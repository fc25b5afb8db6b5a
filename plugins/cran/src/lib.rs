//! # `cran` parser
//!
//! R packages from `renv.lock` ([`renv`]), with direct dependencies from the `DESCRIPTION`
//! beside it when there is one ([`description`]).
//!
//! - ids: `pkg:cran/name@version` for packages from a CRAN-like repository (CRAN, RSPM, Posit
//!   Package Manager); Bioconductor has no purl type, so its packages are
//!   `pkg:generic/bioconductor/name@version`; a GitHub install is the repository it came from,
//!   `pkg:github/user/repo@sha`; other remotes (`git`, GitLab, Bitbucket, local) are
//!   `pkg:generic/name@version`, with a `vcs_url` where there is one.
//! - `source`: the repository's URL from the lockfile's `R.Repositories` when it names one, git
//!   with `RemoteSha`, a path for local installs.
//! - `hashes`: renv's `Hash`, md5 (of the package's DESCRIPTION record, renv's way to tell two
//!   builds apart; not a tarball checksum).
//! - `declared_license`: the `License` field renv 1.1 copies from DESCRIPTION.
//! - Edges: `Requirements` (renv up to 1.0), or `Depends`/`Imports`/`LinkingTo` (renv 1.1, which
//!   records DESCRIPTION fields; `Suggests` are not requirements). Base R packages (`R`,
//!   `methods`, `stats`, ...) ship with R and are never locked: no edge, no warning.
//! - `direct`: `Depends`/`Imports`/`LinkingTo` of the project's `DESCRIPTION` (runtime) and its
//!   `Suggests` (development); without one, nothing is direct.
//! - One `renv.lock` manifest record (`complete`), its format naming the R version.

pub mod description;
pub mod renv;

use ospo_plugin_sdk::text::lossy;
use ospo_plugin_sdk::{FileInput, Level, ParseOutput, Parser, PluginInfo};

/// The parser.
pub struct Cran;

impl Parser for Cran {
    fn info() -> PluginInfo {
        PluginInfo::new("cran", env!("CARGO_PKG_VERSION"))
            .describe("R packages from renv.lock (CRAN, Bioconductor, GitHub), direct ones from DESCRIPTION")
            .globs(["**/renv.lock"])
            .text_only(true)
            .ecosystems(["cran", "generic", "github"])
            .code(
                "manifest-malformed",
                Level::Error,
                "A renv.lock (or one of its package entries) does not parse, so what it locks is missing \
                 from the inventory. Regenerate it with `renv::snapshot()`.",
            )
            .code(
                "manifest-unsupported",
                Level::Warning,
                "A renv.lock entry comes from a `Source` this parser does not know, so it is not reported. \
                 The message names the source.",
            )
            .code(
                "dependency-unresolved",
                Level::Warning,
                "A renv.lock package requires a package (other than base R) that the lockfile does not \
                 lock, so that edge of the dependency graph is missing. Run `renv::snapshot()` again.",
            )
    }

    fn parse(file: FileInput) -> Result<ParseOutput, String> {
        let mut out = ParseOutput::default();
        renv::parse(&file.path, &lossy(&file.contents), &mut out);
        Ok(out)
    }
}

// Exported only in the component: on a native target the wasm export names break the
// linker's version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_parser!(Cran);

#[cfg(test)]
mod tests;
