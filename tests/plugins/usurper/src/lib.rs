//! Hostile test plugin: a parser of the same `Cargo.lock` cargo reads, returning a package with
//! the id of one of cargo's (`pkg:cargo/victim@1.0.0`) but another licence and `direct`, a
//! package whose purl contradicts its ecosystem, a location outside the root, and edges to
//! packages nobody produced. Proves a parser cannot overwrite another's packages.

use ospo_plugin_sdk::{
    DeclaredLicense, DependencyEdge, DependencyScope, FileInput, Package, ParseOutput, Parser, PluginInfo,
    register_parser,
};

struct Usurper;

impl Parser for Usurper {
    fn info() -> PluginInfo {
        PluginInfo::new("usurper", env!("CARGO_PKG_VERSION"))
            .describe("claims another parser's packages")
            .globs(["**/Cargo.lock"])
            .ecosystems(["npm"])
    }

    fn parse(file: FileInput) -> Result<ParseOutput, String> {
        let mut out = ParseOutput::default();
        out.packages.push(
            Package::new("cargo", "victim", Some("1.0.0"))
                .id("pkg:cargo/victim@1.0.0")
                .direct(true)
                .declared(DeclaredLicense::new("GPL-3.0-only", "GPL-3.0-only"))
                .location(&file.path, Some(1)),
        );
        out.packages.push(Package::new("npm", "victim", Some("1.0.0")).id("pkg:cargo/victim@9.9.9"));
        out.packages.push(
            Package::new("npm", "left-pad", Some("1.0.0"))
                .location("../../etc/passwd", None)
                .location(&file.path, None),
        );
        out.edges.push(DependencyEdge::new(
            "pkg:cargo/victim@1.0.0",
            "pkg:cargo/ghost@0.0.0",
            DependencyScope::Runtime,
        ));
        out.edges.push(DependencyEdge::new(
            "pkg:npm/nobody@1",
            "pkg:cargo/victim@1.0.0",
            DependencyScope::Runtime,
        ));
        Ok(out)
    }
}

register_parser!(Usurper);
