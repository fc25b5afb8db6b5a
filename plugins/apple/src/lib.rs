//! # `apple` parser
//!
//! Swift, Objective-C and iOS/macOS dependency managers:
//!
//! - [`resolved`]: SwiftPM `Package.resolved` v1, v2 and v3. ids are `swift` purls with the
//!   repository's host and path as namespace, as the purl spec asks
//!   (`pkg:swift/github.com/apple/swift-nio@2.19.0`); the version is the pinned release, else the
//!   revision. Sources are git with the revision. `direct`: the repositories the `Package.swift`
//!   beside it names in `.package(url:)`, or, for a resolved file inside an Xcode project, the
//!   `repositoryURL`s of its `project.pbxproj`. No edges (the file has none). Local packages
//!   are `generic` purls with a path source; registry pins `pkg:swift/<scope>/<name>`.
//! - [`podfile`]: CocoaPods `Podfile.lock`. ids are `cocoapods` purls, a subspec being the
//!   subpath of its pod (`ARAnalytics/HockeyApp 4.0.1` is `pkg:cocoapods/ARAnalytics@4.0.1#HockeyApp`),
//!   one package per subspec. The `PODS` tree gives the edges, `DEPENDENCIES` what is direct,
//!   `SPEC CHECKSUMS` a sha1 (of the podspec, shared by a pod's subspecs), `EXTERNAL SOURCES`
//!   with `CHECKOUT OPTIONS` git (with commit, and a `vcs_url` qualifier) or path sources,
//!   `SPEC REPOS` the registry URL.
//! - [`carthage`]: `Cartfile.resolved`. `github "owner/repo" "v1"` is `pkg:github/owner/repo@v1`,
//!   a `git` line on GitHub likewise and elsewhere `pkg:generic/<repo>` with a `vcs_url`, a
//!   `binary` line `pkg:generic/<name>` with a `download_url` (the purl spec has no Carthage
//!   type). `direct` from the `Cartfile` beside it, development scope from `Cartfile.private`.
//!
//! Every package has the line of its entry; every file read gives one `complete` manifest.

pub mod carthage;
pub mod podfile;
pub mod resolved;

use ospo_plugin_sdk::text::lossy;
use ospo_plugin_sdk::{FileInput, Level, ParseOutput, Parser, PluginInfo, relpath};

/// The parser.
pub struct Apple;

impl Parser for Apple {
    fn info() -> PluginInfo {
        PluginInfo::new("apple", env!("CARGO_PKG_VERSION"))
            .describe("Swift and iOS packages from Package.resolved, Podfile.lock and Cartfile.resolved")
            .globs(["**/Package.resolved", "**/Podfile.lock", "**/Cartfile.resolved"])
            .text_only(true)
            .ecosystems(["swift", "cocoapods", "github", "generic"])
            .code(
                "manifest-malformed",
                Level::Error,
                "A Package.resolved, Podfile.lock or Cartfile.resolved (or one of its entries) does not \
                 parse, so what it pins is missing from the inventory. Regenerate it with `swift package \
                 resolve`, `pod install` or `carthage update`.",
            )
            .code(
                "manifest-unsupported",
                Level::Warning,
                "A Package.resolved of a format version this parser does not know, or a Cartfile.resolved \
                 line of an unknown kind, is not read. The message names what was seen.",
            )
            .code(
                "dependency-unresolved",
                Level::Warning,
                "A pod of a Podfile.lock depends on a pod the lockfile does not list, so that edge of the \
                 dependency graph is missing. Run `pod install` again.",
            )
    }

    fn parse(file: FileInput) -> Result<ParseOutput, String> {
        let mut out = ParseOutput::default();
        let text = lossy(&file.contents);
        match relpath::file_name(&file.path) {
            "Podfile.lock" => podfile::parse(&file.path, &text, &mut out),
            "Cartfile.resolved" => carthage::parse(&file.path, &text, &mut out),
            _ => resolved::parse(&file.path, &text, &mut out),
        }
        Ok(out)
    }
}

// Exported only in the component: on a native target the wasm export names break the
// linker's version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_parser!(Apple);

#[cfg(test)]
mod tests;
