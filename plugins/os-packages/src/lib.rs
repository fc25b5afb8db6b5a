//! # `os-packages` parser
//!
//! Reads the package databases of a root file system or an unpacked container image: what the
//! distribution's package manager says is installed.
//!
//! - dpkg (Debian, Ubuntu and their derivatives): `var/lib/dpkg/status`, and the one-stanza
//!   files of `var/lib/dpkg/status.d/` that distroless images carry instead (their `*.md5sums`
//!   siblings are file lists and are skipped). In `status`, a package counts when its `Status`
//!   says `installed` as the third word (`install ok installed`, and `hold ok installed` for a
//!   held one); `config-files` and other half states are not installed software and are left
//!   out. `status.d` stanzas have no `Status`: each is installed.
//! - apk (Alpine, Wolfi): `lib/apk/db/installed`.
//!
//! - purls: `pkg:deb/NAMESPACE/NAME@VERSION?arch=..&distro=..` and `pkg:apk/...` as the purl
//!   spec defines them. The namespace is `ID` of the `etc/os-release` (else
//!   `usr/lib/os-release`) of the same root (`debian`, `ubuntu`, `alpine`); without one it is
//!   `debian` or `alpine`. `distro` is `ID-VERSION_ID` (`debian-12`, `alpine-3.14.2`), the
//!   codename when there is no `VERSION_ID`, absent without os-release. Versions keep their
//!   epoch (`1:1.2.13.dfsg-1`, encoded by the purl as `1:`).
//! - The source package (dpkg `Source:`, apk `o:` origin) rides in an `upstream` qualifier
//!   (`upstream=gcc-12`, `upstream=bash@5.2.15-2` when the source version differs), as Syft
//!   writes it: advisories for these distributions are filed by source package. The purl spec
//!   defines no qualifier for it; the contract has no field for it either.
//! - Edges: dpkg `Pre-Depends` and `Depends` (the first alternative of `a | b` that is installed,
//!   by name or by another package's `Provides`); apk `D:` (names, `so:` and `cmd:` provides,
//!   `/bin/sh`; `!` conflicts are not dependencies). Recommends and Suggests are not edges. A
//!   dependency nothing installed satisfies is a `dependency-unresolved` warning.
//! - `scope`: runtime; `direct`: false (dpkg does not record what was installed by hand; apt's
//!   `extended_states` is not read).
//! - `declared_license`: apk's `L:`; dpkg's status has no licence field (licences live in
//!   `usr/share/doc/*/copyright`, which is not read). `hashes`: apk's `C:` (`Q1` + base64 sha1
//!   of the package's control segment) as sha1; dpkg's status has none.
//! - `homepage` and `supplier` (the maintainer) where the database has them.
//! - `locations`: the database file and the line of the package's stanza.
//! - One manifest per database file: ecosystem `deb` or `apk`, complete.

mod apk;
mod dpkg;
mod graph;
mod os_release;
mod stanza;

use ospo_plugin_sdk::text::lossy;
use ospo_plugin_sdk::{Diagnostic, FileInput, Level, ParseOutput, Parser, PluginInfo};

use os_release::OsRelease;

/// The parser.
pub struct OsPackages;

impl Parser for OsPackages {
    fn info() -> PluginInfo {
        PluginInfo::new("os-packages", env!("CARGO_PKG_VERSION"))
            .describe("Installed OS packages of a root file system: dpkg status (and status.d) and apk's installed database")
            .globs(["**/var/lib/dpkg/status", "**/var/lib/dpkg/status.d/*", "**/lib/apk/db/installed"])
            .text_only(true)
            .ecosystems(["deb", "apk"])
            .code(
                "manifest-malformed",
                Level::Error,
                "A line of a package database is not a `Field: value` line, or a package stanza has no name or \
                 version, so that package may be missing from the inventory. The rest of the database is read.",
            )
            .code(
                "dependency-unresolved",
                Level::Warning,
                "An installed package depends on a name that no installed package is or provides, so that \
                 edge is missing: the database is inconsistent or was copied in part.",
            )
    }

    fn parse(file: FileInput) -> Result<ParseOutput, String> {
        let mut out = ParseOutput::default();
        let path = file.path.as_str();
        let text = lossy(&file.contents);
        if let Some(root) =
            path.strip_suffix("var/lib/dpkg/status").filter(|r| r.is_empty() || r.ends_with('/'))
        {
            dpkg::read(path, &text, &OsRelease::of_root(root), false, &mut out);
        } else if let Some((root, entry)) = path.rsplit_once("var/lib/dpkg/status.d/") {
            // Only the stanza files: `*.md5sums` beside them list files, not packages.
            let root = Some(root).filter(|r| r.is_empty() || r.ends_with('/'));
            if let Some(root) = root.filter(|_| !entry.contains('/') && !entry.ends_with(".md5sums")) {
                dpkg::read(path, &text, &OsRelease::of_root(root), true, &mut out);
            }
        } else if let Some(root) =
            path.strip_suffix("lib/apk/db/installed").filter(|r| r.is_empty() || r.ends_with('/'))
        {
            apk::read(path, &text, &OsRelease::of_root(root), &mut out);
        }
        Ok(out)
    }
}

fn diag(code: &str, path: &str, line: Option<u32>, message: &str) -> Diagnostic {
    Diagnostic::new(code, Level::Error, message.to_string()).at(path, line)
}

fn malformed(path: &str, line: u32, message: &str) -> Diagnostic {
    diag("manifest-malformed", path, Some(line), message)
}

// Exported only in the component: on a native target the wasm export names break the linker's
// version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_parser!(OsPackages);

#[cfg(test)]
mod tests;
