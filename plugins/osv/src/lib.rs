//! # `osv` advisor
//!
//! Matches the inventory against vulnerability advisories read offline from the plugin's
//! read-only data grants: OSV JSON (files in folders, or the OSV project's per-ecosystem `all.zip`,
//! which `ospo db update` downloads into the cache the host grants as `db` by default), the
//! RustSec advisory-db layout and the PyPA advisory-database layout.
//!
//! - Advisories are indexed once per plugin instance by (ecosystem, normalised name); each
//!   package is then compared in its ecosystem's own version order (`version/`, one module per
//!   ecosystem) against OSV ranges evaluated as the OSV schema defines them (`matcher.rs`), or
//!   RustSec requirements as cargo-audit evaluates them.
//! - Every advisory says why it matched: the version, the range as written, the comparator and
//!   the smallest fixing version above the package's (`matched`).
//! - Ids of one flaw (GHSA, CVE, PYSEC, RUSTSEC) are merged into one advisory per package; CVSS
//!   vectors are scored with the `cvss` crate, the database's own rating kept beside them;
//!   RustSec's informational kinds (unmaintained, unsound, notice) keep their kind.
//! - Withdrawn advisories are skipped; packages from a path, git or other registry are not
//!   matched (advisories name registry packages).
//!
//! Config (`[plugin.osv.config]`): `grants = ["db", "rustsec"]`, the data grants to read
//! (default `["db"]`).
//!
//! Diagnostics: `advisory-db-missing`, `advisory-db-empty`, `advisory-db-unreadable`, `advisory-malformed`,
//! `advisory-unmatchable`, `advisory-no-data`, `advisory-loaded`.

pub mod entry;
pub mod index;
pub mod matcher;
pub mod names;
pub mod osv;
pub mod report;
pub mod severity;
pub mod sources;
pub mod version;

use std::cell::RefCell;
use std::rc::Rc;

use ospo_plugin_sdk::{AdviseOutput, Advisor, Level, Package, PluginInfo, host};
use serde::Deserialize;

use index::Index;

/// The advisor.
pub struct Osv;

/// The ecosystems (purl types) whose versions this plugin can order.
pub const ECOSYSTEMS: [&str; 13] = [
    "cargo", "npm", "golang", "pypi", "maven", "gem", "nuget", "composer", "pub", "hex", "deb", "apk", "rpm",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    #[serde(default = "default_grants")]
    grants: Vec<String>,
}

fn default_grants() -> Vec<String> {
    vec!["db".to_string()]
}

/// The index and what loading it said, kept for the instance's life.
pub struct Loaded {
    pub index: Index,
    pub diagnostics: Vec<ospo_plugin_sdk::Diagnostic>,
}

thread_local! {
    static LOADED: RefCell<Option<Rc<Loaded>>> = const { RefCell::new(None) };
}

/// Reads every source of `grants` and builds the index.
pub fn load(grants: &[String]) -> Loaded {
    let loaded = sources::load(grants);
    let mut diagnostics = loaded.diagnostics;
    let index = Index::build(loaded.entries);
    diagnostics.extend(report::loaded_summary(
        &index,
        &loaded.grants,
        grants,
        loaded.withdrawn,
        loaded.toolchain,
    ));
    Loaded { index, diagnostics }
}

impl Advisor for Osv {
    fn info() -> PluginInfo {
        PluginInfo::new("osv", env!("CARGO_PKG_VERSION"))
            .describe("Vulnerability advisories (OSV, RustSec, PyPA) matched offline in each ecosystem's version order")
            .ecosystems(ECOSYSTEMS)
            .code(
                "advisory-db-missing",
                Level::Info,
                "The osv plugin has no advisory data (no `ospo db update` database, no data grant), so no \
                 package was checked for advisories. Run `ospo db update`, or grant a directory of OSV, RustSec \
                 or PyPA advisories with `[plugin.osv.data] db = \"PATH\"`.",
            )
            .code(
                "advisory-db-empty",
                Level::Warning,
                "The osv plugin's data grants hold no OSV, RustSec or PyPA advisory, so no package was checked. \
                 Check the granted directories, or run `ospo db update`.",
            )
            .code(
                "advisory-db-unreadable",
                Level::Warning,
                "A file of the advisory data could not be read (too large for the host's read cap, or a read \
                 error), so its advisories are not checked. The message gives the host's reason.",
            )
            .code(
                "advisory-malformed",
                Level::Warning,
                "An advisory file or archive entry does not parse as OSV (JSON or YAML) or RustSec front \
                 matter; it is skipped and every other advisory is still used. Update the database or report \
                 the record to its publisher.",
            )
            .code(
                "advisory-unmatchable",
                Level::Info,
                "Advisories name packages of the scan, but their ranges cannot be compared with the package's \
                 version (GIT-only ranges, a version that is not valid in its ecosystem, an ecosystem with no \
                 known version order). They are not reported as matches; the message lists them with reasons.",
            )
            .code(
                "advisory-no-data",
                Level::Info,
                "The scan has packages of an ecosystem the loaded advisory data holds no records for, so those \
                 packages were not checked. Add that ecosystem's data (`ospo db update`) if it should be.",
            )
            .code(
                "advisory-loaded",
                Level::Info,
                "How many advisories were loaded from which grants, per ecosystem, and how many were skipped \
                 as withdrawn or as toolchain advisories.",
            )
    }

    fn advise(packages: Vec<Package>) -> Result<AdviseOutput, String> {
        let loaded = LOADED.with(|cell| -> Result<Rc<Loaded>, String> {
            if let Some(loaded) = cell.borrow().as_ref() {
                return Ok(loaded.clone());
            }
            let config: Config = host::config()?;
            let loaded = Rc::new(load(&config.grants));
            *cell.borrow_mut() = Some(loaded.clone());
            Ok(loaded)
        })?;
        Ok(report::advise(&loaded, &packages))
    }
}

#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_advisor!(Osv);

#[cfg(test)]
mod tests;
