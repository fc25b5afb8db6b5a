//! Reading advisory data out of the plugin's read-only data grants. A grant may hold any mix of
//! OSV JSON files, OSV `all.zip` exports, a RustSec advisory-db checkout and a PyPA
//! advisory-database checkout; each file is recognised by its name. A file that does not parse
//! is a diagnostic and is skipped; everything else is kept.

mod osv_json;
mod osv_yaml;
mod rustsec;
mod zip_archive;

use ospo_plugin_sdk::{Diagnostic, Level, host};

use crate::entry::{Entry, Origin};
use crate::osv::Record;

pub use osv_json::from_record;

/// What loading found, besides the advisories.
#[derive(Debug, Default)]
pub struct Loaded {
    pub entries: Vec<Entry>,
    pub diagnostics: Vec<Diagnostic>,
    /// Files read per grant, for the summary.
    pub files: usize,
    pub withdrawn: usize,
    /// Toolchain advisories (RustSec's `rust/`) name no package of a lockfile.
    pub toolchain: usize,
    /// Grants that exist.
    pub grants: Vec<String>,
}

impl Loaded {
    pub(crate) fn malformed(&mut self, file: &str, line: Option<u32>, message: impl std::fmt::Display) {
        self.diagnostics.push(
            Diagnostic::new(
                "advisory-malformed",
                Level::Warning,
                format!("{file}: {message}; advisory skipped"),
            )
            .at(file, line),
        );
    }

    /// Keeps a parsed OSV record unless it is withdrawn.
    pub(crate) fn push_record(&mut self, record: Record, origin: Origin, file: &str) {
        if record.id.trim().is_empty() {
            self.malformed(file, None, "an OSV record without an `id`");
            return;
        }
        if record.withdrawn.is_some() {
            self.withdrawn += 1;
            return;
        }
        self.entries.push(from_record(record, origin, file));
    }
}

/// Whether a path lies in a hidden directory (`.github/`, `.git/`): CI files, not advisories.
fn hidden(path: &str) -> bool {
    path.split('/').any(|part| part.starts_with('.'))
}

/// Loads every advisory file of the named grants; a grant that is not there is skipped.
pub fn load(grants: &[String]) -> Loaded {
    let mut loaded = Loaded::default();
    for grant in grants {
        let paths = match host::list_data(grant, "**") {
            Ok(paths) => paths,
            // Not granted: the user chose not to give this source.
            Err(_) => continue,
        };
        loaded.grants.push(grant.clone());
        for path in paths {
            if hidden(&path) {
                continue;
            }
            let lower = path.to_ascii_lowercase();
            let kind = if lower.ends_with(".zip") {
                Kind::Zip
            } else if lower.ends_with(".json") {
                Kind::Json
            } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
                Kind::Yaml
            } else if lower.ends_with(".md") && rustsec::is_advisory_path(&path) {
                Kind::RustSec
            } else {
                continue;
            };
            let file = format!("{grant}:{path}");
            let bytes = match host::read_data(grant, &path) {
                Ok(bytes) => bytes,
                Err(err) => {
                    loaded.diagnostics.push(
                        Diagnostic::new(
                            "advisory-db-unreadable",
                            Level::Warning,
                            format!("{file}: cannot be read ({err}); its advisories are not checked"),
                        )
                        .at(&file, None),
                    );
                    continue;
                }
            };
            loaded.files += 1;
            match kind {
                Kind::Zip => zip_archive::load(&bytes, &file, &mut loaded),
                Kind::Json => osv_json::load(&bytes, &file, &mut loaded),
                Kind::Yaml => osv_yaml::load(&bytes, &file, &mut loaded),
                Kind::RustSec => rustsec::load(&bytes, &path, &file, &mut loaded),
            }
        }
    }
    loaded
}

enum Kind {
    Zip,
    Json,
    Yaml,
    RustSec,
}
