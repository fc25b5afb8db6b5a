//! # `maven` parser
//!
//! JVM packages (purl type `maven`: `pkg:maven/<groupId>/<artifactId>@<version>`, with
//! `classifier` and a non-`jar` `type` as qualifiers) from Maven, Gradle and sbt files.
//!
//! - `pom.xml` (`direct-only`: a POM names its direct dependencies; Maven resolves the rest
//!   from repositories this parser does not reach): the project (not `direct`, its directory
//!   as a `path` source, the `<licenses>` names as its declared licence, several joined with
//!   AND) and each dependency, own and inherited from parents found in the tree, `direct`, with
//!   an edge from the project. Versions and scopes come from the dependency, else from
//!   dependency management (the POM's and its parents', then imported BOMs found in the tree).
//!   `${...}` is resolved from properties of the POM and its parents (nested references too)
//!   and `project.*`/`parent.*` values. A parent is found through `relativePath`, the default
//!   `../pom.xml`, or any pom.xml of the tree with its coordinates. What stays unresolved is a
//!   diagnostic: `maven-property-unresolved` (the version kept as written),
//!   `maven-version-unresolved` (no version), `maven-parent-outside-tree` and
//!   `maven-bom-outside-tree` (info, with how many versions are unknown because of them).
//!   Scopes: compile and runtime are runtime, provided and system provided, test test; a
//!   sibling module depended on is reported `direct` by its dependent (the host merges it with
//!   that module's own project package). Not read: `<profiles>` (which ones are active depends
//!   on the build's environment), `<build><plugins>` (build tools, not dependencies of the
//!   artifact), settings.xml and `.mvn/maven.config` properties (so `${revision}` set only
//!   there is reported unresolved).
//! - `gradle.lockfile`, `buildscript-gradle.lockfile` and the older
//!   `gradle/dependency-locks/*.lockfile` (`complete`, no edges, nothing `direct`: the build
//!   script is not read): scope from the configurations (see `coords::gradle_scope`);
//!   buildscript entries are build.
//! - `gradle/verification-metadata.xml`: see the `verification` module for when its
//!   components are packages and when only hashes of locked ones.
//! - `*.sbt.lock` (sbt-dependency-lock, lockVersion 1; `complete`): scopes from the sbt
//!   configurations, artifact `sha1:` hashes.
//!
//! Sources: repository packages carry a `registry` source without a URL (the build's
//! repositories decide which); projects a `path`.

mod coords;
mod gradle;
mod maven;
mod paths;
mod pom;
mod resolve;
mod sbt;
mod verification;
use ospo_plugin_sdk::xml;

use ospo_plugin_sdk::text::lossy;
use ospo_plugin_sdk::{Diagnostic, FileInput, Level, ParseOutput, Parser, PluginInfo};

/// The parser.
pub struct Maven;

impl Parser for Maven {
    fn info() -> PluginInfo {
        PluginInfo::new("maven", env!("CARGO_PKG_VERSION"))
            .describe("JVM packages from pom.xml, Gradle lockfiles and verification metadata, and sbt lockfiles")
            .globs([
                "**/pom.xml",
                "**/gradle.lockfile",
                "**/buildscript-gradle.lockfile",
                "**/gradle/dependency-locks/*.lockfile",
                "**/gradle/verification-metadata.xml",
                "**/*.sbt.lock",
            ])
            .text_only(true)
            .ecosystems([coords::ECOSYSTEM])
            .code(
                "manifest-malformed",
                Level::Error,
                "A pom.xml, Gradle lockfile, verification metadata or sbt lock (or one entry of it) does not \
                 parse, so what it declares may be missing; the rest is kept. Fix the reported line or regenerate \
                 the file.",
            )
            .code(
                "manifest-unsupported",
                Level::Warning,
                "A POM modelVersion, a Maven scope or an sbt lockVersion this parser does not know (the message \
                 names it); that part is read as well as it can be or skipped.",
            )
            .code(
                "maven-property-unresolved",
                Level::Warning,
                "A `${...}` in a POM names no property of the POM or its parents in the tree (it may come from \
                 settings.xml, the command line or a parent outside the tree); the value is kept as written.",
            )
            .code(
                "maven-version-unresolved",
                Level::Warning,
                "A POM dependency has no version and no dependency management in the tree gives one; the package \
                 is reported without a version.",
            )
            .code(
                "maven-parent-outside-tree",
                Level::Info,
                "A POM's parent is not in the scanned tree, so properties, dependencies and managed versions it \
                 defines are unknown; dependencies it manages are reported without a version.",
            )
            .code(
                "maven-bom-outside-tree",
                Level::Info,
                "A BOM imported in dependency management is not in the scanned tree, so the versions it manages \
                 are unknown.",
            )
            .code(
                "gradle-components-unlocked",
                Level::Info,
                "Gradle's verification metadata lists components no lockfile of the build names (plugins, \
                 buildscript or unlocked configurations); they are not reported as packages.",
            )
    }

    fn parse(file: FileInput) -> Result<ParseOutput, String> {
        let mut out = ParseOutput::default();
        let text = lossy(&file.contents);
        let path = file.path.as_str();
        let name = path.rsplit('/').next().unwrap_or(path);
        if name == "pom.xml" {
            maven::parse(path, &text, &mut out);
        } else if name == "verification-metadata.xml" {
            verification::parse(path, &text, &mut out);
        } else if name.ends_with(".sbt.lock") {
            sbt::parse(path, &text, &mut out);
        } else if name.ends_with(".lockfile") {
            gradle::parse(path, &text, &mut out);
        } else {
            out.diagnostics.push(
                Diagnostic::new(
                    "manifest-unsupported",
                    Level::Warning,
                    format!("{name}: not a file the maven parser reads"),
                )
                .at(path, None),
            );
        }
        Ok(out)
    }
}

// Exported only in the component: on a native target the wasm export names (`ospo:plugin/...`)
// break the linker's version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_parser!(Maven);

#[cfg(test)]
mod fuzz;
#[cfg(test)]
mod tests;
