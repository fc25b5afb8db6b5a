//! Hostile test plugin: a detector built against `ospo:plugin@9.0.0`, a copy of the 0.1.0
//! contract with only the version changed (`wit/`). Proves the host checks the contract version at
//! load and refuses an incompatible plugin with a message naming both versions. It uses
//! wit-bindgen directly because the SDK can only build against the contract it ships.
//!
//! Wasm only: natively there is nothing to test, and a native cdylib cannot link export names
//! holding `:` and `/`.

#[cfg(target_arch = "wasm32")]
mod component {
    wit_bindgen::generate!({
        world: "detector",
        path: "wit",
    });

    use exports::ospo::plugin::detect::Guest;
    use ospo::plugin::types::{DetectOutput, FileFilter, FileInput, PluginInfo, PluginKind};

    struct FutureVersion;

    impl Guest for FutureVersion {
        fn info() -> PluginInfo {
            PluginInfo {
                name: "future-version".to_string(),
                version: env!("CARGO_PKG_VERSION").to_string(),
                kind: PluginKind::Detector,
                description: "a detector from a contract version this host does not speak".to_string(),
                files: FileFilter { globs: vec!["**/*.txt".to_string()], max_size: None, text_only: true },
                formats: Vec::new(),
            }
        }

        fn detect(_files: Vec<FileInput>) -> Result<DetectOutput, String> {
            Ok(DetectOutput {
                licenses: Vec::new(),
                copyrights: Vec::new(),
                observations: Vec::new(),
                diagnostics: Vec::new(),
            })
        }
    }

    export!(FutureVersion);
}
