//! A parser built against the last 0.1 contract, `wit/v0.1.1` itself, with wit-bindgen rather
//! than the SDK (which builds against the newest). Proves the host still loads 0.1.x parsers and
//! adapts what they return: for every `*.pins` file it reads, one package per line
//! `name version`, with the 0.1 shapes that 0.2 represents differently (an `optional` scope, an
//! `integrity` string, a one-string `source`, a declared licence that is not SPDX).
//!
//! Wasm only: natively there is nothing to test, and a native cdylib cannot link export names
//! holding `:` and `/`.

#[cfg(target_arch = "wasm32")]
mod component {
    wit_bindgen::generate!({
        world: "parser",
        path: "../../../wit/v0.1.1",
    });

    use exports::ospo::plugin::parse::Guest;
    use ospo::plugin::types::{
        DependencyEdge, DependencyScope, FileFilter, FileInput, Package, ParseOutput, PluginInfo, PluginKind,
    };

    struct Contract011;

    impl Guest for Contract011 {
        fn info() -> PluginInfo {
            PluginInfo {
                name: "contract-0-1-1".to_string(),
                version: env!("CARGO_PKG_VERSION").to_string(),
                kind: PluginKind::Parser,
                description: "a parser built against ospo:plugin@0.1.1".to_string(),
                files: FileFilter { globs: vec!["**/*.pins".to_string()], max_size: None, text_only: true },
                formats: Vec::new(),
            }
        }

        fn parse(file: FileInput) -> Result<ParseOutput, String> {
            let text = String::from_utf8_lossy(&file.contents);
            let mut packages = Vec::new();
            for line in text.lines() {
                let mut words = line.split_whitespace();
                let (Some(name), Some(version)) = (words.next(), words.next()) else { continue };
                let id = format!("pkg:generic/{name}@{version}");
                packages.push(Package {
                    id: id.clone(),
                    name: name.to_string(),
                    version: Some(version.to_string()),
                    ecosystem: "generic".to_string(),
                    purl: Some(id),
                    scope: DependencyScope::Optional,
                    direct: true,
                    source: Some("git+https://example.invalid/pins.git#0123abcd".to_string()),
                    integrity: Some("sha256:ABCDEF0123".to_string()),
                    declared_license: Some("MIT/Apache-2.0".to_string()),
                    manifest_path: file.path.clone(),
                });
            }
            let edges = packages
                .windows(2)
                .map(|pair| DependencyEdge {
                    from: pair[0].id.clone(),
                    to: pair[1].id.clone(),
                    scope: DependencyScope::Optional,
                })
                .collect();
            Ok(ParseOutput { packages, edges, diagnostics: Vec::new() })
        }
    }

    export!(Contract011);
}
