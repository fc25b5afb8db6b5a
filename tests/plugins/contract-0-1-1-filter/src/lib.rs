//! A filtered detector built against the last 0.1 contract, `wit/v0.1.1` itself, with
//! wit-bindgen rather than the SDK: the 0.1.1 twin of the `keyword-filter` test plugin (the words
//! `trademark` and `®`, and `BRANDING.md` whatever it holds). Proves the host still asks a 0.1.1
//! plugin for its content filter and applies it. One `contract-0-1-1-filter` observation per
//! file it is given.
//!
//! Wasm only: natively there is nothing to test, and a native cdylib cannot link export names
//! holding `:` and `/`.

#[cfg(target_arch = "wasm32")]
mod component {
    wit_bindgen::generate!({
        world: "filtered-detector",
        path: "../../../wit/v0.1.1",
    });

    use exports::ospo::plugin::detect::Guest;
    use exports::ospo::plugin::prefilter::{ContentFilter, Guest as Prefilter};
    use ospo::plugin::types::{
        DetectOutput, FileFilter, FileInput, Level, Observation, PluginInfo, PluginKind,
    };

    struct Contract011Filter;

    impl Guest for Contract011Filter {
        fn info() -> PluginInfo {
            PluginInfo {
                name: "contract-0-1-1-filter".to_string(),
                version: env!("CARGO_PKG_VERSION").to_string(),
                kind: PluginKind::Detector,
                description: "a filtered detector built against ospo:plugin@0.1.1".to_string(),
                files: FileFilter {
                    globs: vec!["**/*.txt".to_string(), "**/*.md".to_string()],
                    max_size: None,
                    text_only: true,
                },
                formats: Vec::new(),
            }
        }

        fn detect(files: Vec<FileInput>) -> Result<DetectOutput, String> {
            let observations = files
                .into_iter()
                .map(|file| Observation {
                    rule_id: "contract-0-1-1-filter".to_string(),
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

    impl Prefilter for Contract011Filter {
        fn filter() -> ContentFilter {
            ContentFilter {
                keywords: vec!["trademark".to_string(), "®".to_string()],
                always: vec!["**/BRANDING.md".to_string()],
            }
        }
    }

    export!(Contract011Filter);
}
