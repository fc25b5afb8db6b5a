//! A detector built against the first released contract, `wit/v0.1.0` itself, with wit-bindgen
//! rather than the SDK (which builds against the newest). Proves a host speaking a later 0.1.x
//! still loads and runs plugins in the field: one `contract-0-1-0` observation per file it is
//! given, so a test can see it received every file its globs select (0.1.0 has no content filter).
//!
//! Wasm only: natively there is nothing to test, and a native cdylib cannot link export names
//! holding `:` and `/`.

#[cfg(target_arch = "wasm32")]
mod component {
    wit_bindgen::generate!({
        world: "detector",
        path: "../../../wit/v0.1.0",
    });

    use exports::ospo::plugin::detect::Guest;
    use ospo::plugin::types::{
        DetectOutput, FileFilter, FileInput, Level, Observation, PluginInfo, PluginKind,
    };

    struct Contract010;

    impl Guest for Contract010 {
        fn info() -> PluginInfo {
            PluginInfo {
                name: "contract-0-1-0".to_string(),
                version: env!("CARGO_PKG_VERSION").to_string(),
                kind: PluginKind::Detector,
                description: "a detector built against ospo:plugin@0.1.0".to_string(),
                files: FileFilter { globs: vec!["**/*.txt".to_string()], max_size: None, text_only: true },
                formats: Vec::new(),
            }
        }

        fn detect(files: Vec<FileInput>) -> Result<DetectOutput, String> {
            let observations = files
                .into_iter()
                .map(|file| Observation {
                    rule_id: "contract-0-1-0".to_string(),
                    level: Level::Info,
                    message: file.path.clone(),
                    path: file.path,
                    lines: None,
                })
                .collect();
            Ok(DetectOutput {
                licenses: Vec::new(),
                copyrights: Vec::new(),
                observations,
                diagnostics: Vec::new(),
            })
        }
    }

    export!(Contract010);
}
