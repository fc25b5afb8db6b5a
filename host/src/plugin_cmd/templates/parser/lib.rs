//! __NAME__: an ospo parser. It reads `vendor.txt`, a list of vendored packages, one
//! `name version` per line (`#` starts a comment), as `pkg:generic` packages. Change the glob in
//! `info()` and `parse_text` to read your format, then `ospo plugin build`.

use ospo_plugin_sdk::text::{lossy, numbered_lines};
use ospo_plugin_sdk::{
    Completeness, DependencyScope, Diagnostic, FileInput, Level, Manifest, Package, ParseOutput, Parser,
    PluginInfo, purl,
};

/// The ecosystem (purl type) of every package: `generic`, as the purl spec has no type for it.
pub const ECOSYSTEM: &str = "generic";

pub struct Plugin;

impl Parser for Plugin {
    fn info() -> PluginInfo {
        PluginInfo::new("__NAME__", env!("CARGO_PKG_VERSION"))
            .describe("vendored packages listed in vendor.txt")
            .globs(["**/vendor.txt"])
            .max_size(1024 * 1024)
            .text_only(true)
            .ecosystems([ECOSYSTEM])
            .code(
                "manifest-malformed",
                Level::Error,
                "A line of vendor.txt is not `name version`: fix the line.",
            )
    }

    fn parse(file: FileInput) -> Result<ParseOutput, String> {
        Ok(parse_text(&file.path, &lossy(&file.contents)))
    }
}

/// Every readable line becomes a package; a malformed one a diagnostic at its line.
pub fn parse_text(path: &str, text: &str) -> ParseOutput {
    let mut out = ParseOutput::default();
    for (line_no, line) in numbered_lines(text) {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [name, version] = fields.as_slice() else {
            out.diagnostics.push(
                Diagnostic::new(
                    "manifest-malformed",
                    Level::Error,
                    format!("expected `name version`, found {line:?}"),
                )
                .at(path, Some(line_no)),
            );
            continue;
        };
        match purl::purl(ECOSYSTEM, None, name, Some(version)) {
            Ok(id) => out.packages.push(
                Package::new(ECOSYSTEM, name, Some(version))
                    .purl(&id)
                    .direct(true)
                    .scope(DependencyScope::Runtime)
                    .location(path, Some(line_no)),
            ),
            Err(err) => out
                .diagnostics
                .push(Diagnostic::new("manifest-malformed", Level::Error, err).at(path, Some(line_no))),
        }
    }
    out.manifests.push(Manifest::new(path, ECOSYSTEM, "vendor.txt", Completeness::Complete));
    out
}

// Exported only in the wasm component: native `cargo test` links this crate as a plain library.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_parser!(Plugin);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixture_lists_two_packages() {
        let out = parse_text("vendor.txt", include_str!("../tests/fixture/vendor.txt"));
        let found: Vec<(&str, Option<u32>)> = out
            .packages
            .iter()
            .map(|p| (p.purl.as_deref().unwrap_or_default(), p.locations.first().and_then(|l| l.line)))
            .collect();
        assert_eq!(found, [("pkg:generic/zlib@1.3.1", Some(2)), ("pkg:generic/sqlite@3.46.0", Some(3))]);
        assert!(out.diagnostics.is_empty());
        assert_eq!(out.manifests.len(), 1);
    }

    #[test]
    fn a_malformed_line_is_a_diagnostic_and_the_rest_is_kept() {
        let out = parse_text("vendor.txt", "zlib\nsqlite 3.46.0\n");
        assert_eq!(out.packages.len(), 1);
        assert_eq!(out.diagnostics.len(), 1);
        assert_eq!(out.diagnostics[0].line, Some(1));
    }
}
