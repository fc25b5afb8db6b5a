//! The plugin SDK as this binary carries it: the sources of `plugin-sdk/`, `plugin-sdk/expression/`
//! and `plugin-sdk/xml/` and the WIT they are generated from, embedded at build time and
//! written into a new project as `ospo-sdk/`, so it builds with no clone of this repository and
//! against exactly the contract this host speaks. Their `Cargo.toml`s are written standalone
//! (concrete versions instead of the workspace's), and the workspace's `Cargo.lock` goes with
//! them, so a new project resolves the dependency versions the SDK was tested with.

use std::path::Path;

use anyhow::{Context, Result};
use include_dir::{Dir, include_dir};

static SDK: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../plugin-sdk");

/// The workspace's lock: cargo drops what a new project does not use and keeps the rest pinned.
pub const CARGO_LOCK: &str = include_str!("../../../Cargo.lock");

/// Where the SDK goes inside a project, relative to its root.
pub const DIR: &str = "ospo-sdk";

const SDK_MANIFEST: &str = r#"# The ospo plugin SDK as shipped by `ospo plugin new` (contract ospo:plugin@__WIT__).
[package]
name = "ospo-plugin-sdk"
description = "Write ospo plugins (detectors, parsers, advisors, collectors, reporters) without touching WIT"
version = "__VERSION__"
edition = "2024"
rust-version = "1.95"
license = "Apache-2.0"
publish = false

[dependencies]
wit-bindgen = { version = "0.61", default-features = false, features = ["macros", "realloc", "std"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
packageurl = "0.7"
ospo-expression = { path = "expression" }
ospo-xml = { path = "xml", optional = true }
memchr = "2.7"

[target.'cfg(not(target_arch = "wasm32"))'.dependencies]
globset = "0.4"

[features]
xml = ["dep:ospo-xml"]
"#;

const EXPRESSION_MANIFEST: &str = r#"[package]
name = "ospo-expression"
description = "SPDX licence expressions as ospo's host and plugins write them"
version = "__VERSION__"
edition = "2024"
rust-version = "1.95"
license = "Apache-2.0"
publish = false

[dependencies]
spdx = "0.12"
thiserror = "2"
"#;

const XML_MANIFEST: &str = r#"[package]
name = "ospo-xml"
description = "A small XML element tree with byte offsets, as ospo's host and plugins read package manifests and SBOMs"
version = "__VERSION__"
edition = "2024"
rust-version = "1.95"
license = "Apache-2.0"
publish = false

[dependencies]
quick-xml = "0.38"
"#;

fn manifest(template: &str) -> String {
    template.replace("__VERSION__", env!("CARGO_PKG_VERSION")).replace("__WIT__", crate::runtime::WIT_VERSION)
}

/// Writes `ospo-sdk/plugin-sdk` (with its `expression` and `xml` crates) and `ospo-sdk/wit/v<WIT>/`
/// under `root` (the SDK's bindings read `../wit/v<WIT>` from its own directory).
pub fn write(root: &Path) -> Result<()> {
    let sdk = root.join(DIR).join("plugin-sdk");
    write_dir(&SDK, &sdk)?;
    write_file(&sdk.join("Cargo.toml"), &manifest(SDK_MANIFEST))?;
    write_file(&sdk.join("expression").join("Cargo.toml"), &manifest(EXPRESSION_MANIFEST))?;
    write_file(&sdk.join("xml").join("Cargo.toml"), &manifest(XML_MANIFEST))?;
    super::wit::write_to(&root.join(DIR).join("wit").join(format!("v{}", crate::runtime::WIT_VERSION)))
}

fn write_dir(dir: &Dir<'_>, to: &Path) -> Result<()> {
    for file in dir.files() {
        // Manifests are written standalone above.
        if file.path().file_name().is_some_and(|n| n == "Cargo.toml") {
            continue;
        }
        let rel = file.path().strip_prefix(SDK.path()).unwrap_or(file.path());
        let path = to.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, file.contents()).with_context(|| format!("cannot write {}", path.display()))?;
    }
    for sub in dir.dirs() {
        write_dir(sub, to)?;
    }
    Ok(())
}

fn write_file(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dependency_names(text: &str) -> Vec<String> {
        let table: toml::Table = toml::from_str(text).expect("a manifest");
        let mut names: Vec<String> = Vec::new();
        let mut add = |deps: Option<&toml::Value>| {
            names.extend(deps.and_then(|d| d.as_table()).into_iter().flat_map(|t| t.keys().cloned()));
        };
        add(table.get("dependencies"));
        for target in table.get("target").and_then(|t| t.as_table()).into_iter().flat_map(|t| t.values()) {
            add(target.get("dependencies"));
        }
        names.sort();
        names
    }

    /// A dependency added to the SDK must be added to the manifest `plugin new` writes, or new
    /// projects stop building: this test says so before a user finds out.
    #[test]
    fn standalone_manifests_name_the_sdks_dependencies() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        for (real, ours) in [
            ("plugin-sdk/Cargo.toml", SDK_MANIFEST),
            ("plugin-sdk/expression/Cargo.toml", EXPRESSION_MANIFEST),
            ("plugin-sdk/xml/Cargo.toml", XML_MANIFEST),
        ] {
            let text = std::fs::read_to_string(root.join(real)).expect("the SDK's manifest");
            assert_eq!(
                dependency_names(&manifest(ours)),
                dependency_names(&text),
                "{real} and host/src/plugin_cmd/sdk.rs disagree on dependencies"
            );
        }
    }

    #[test]
    fn the_sdk_is_written_whole() {
        let dir = tempfile::tempdir().expect("a temp dir");
        write(dir.path()).expect("write");
        let sdk = dir.path().join(DIR);
        assert!(sdk.join("plugin-sdk/src/lib.rs").is_file());
        assert!(sdk.join("plugin-sdk/expression/src/lib.rs").is_file());
        assert!(sdk.join("plugin-sdk/xml/src/lib.rs").is_file());
        assert!(sdk.join(format!("wit/v{}/ospo-plugin.wit", crate::runtime::WIT_VERSION)).is_file());
        let lib = std::fs::read_to_string(sdk.join("plugin-sdk/src/lib.rs")).expect("lib.rs");
        assert_eq!(lib, include_str!("../../../plugin-sdk/src/lib.rs"));
    }
}
