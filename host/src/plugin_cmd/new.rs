//! `ospo plugin new <kind> <name> [--lang rust|python|js]`: a project that builds and loads with
//! no edits: the plugin, a native unit test, a fixture tree, a README and the build settings. A
//! Rust project carries the SDK and WIT as this binary does ([`super::sdk`]) and needs only a
//! Rust toolchain; a Python or JavaScript one pins its componentize tool (`requirements.txt`,
//! `package.json`) and gets the contract from `ospo plugin build`, so it too names nothing
//! outside itself.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use super::NewArgs;

/// The kinds this version generates a project for.
pub const KINDS: [&str; 2] = ["detector", "parser"];

/// Per kind: `src/lib.rs`, and the fixture file with its path under `tests/fixture/` (which the
/// template's own test reads).
const TEMPLATES: [(&str, &str, &str, &str); 2] = [
    (
        "detector",
        include_str!("templates/detector/lib.rs"),
        "src/main.c",
        include_str!("templates/detector/main.c"),
    ),
    (
        "parser",
        include_str!("templates/parser/lib.rs"),
        "vendor.txt",
        include_str!("templates/parser/vendor.txt"),
    ),
];
const README: &str = include_str!("templates/README.md");

/// A project language: Rust (cargo), or a script built by a componentize tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Rust,
    Script(super::build::Lang),
}

impl Lang {
    pub fn parse(lang: &str) -> Result<Lang> {
        use super::build::Lang as Script;
        Ok(match lang {
            "rust" | "rs" => Lang::Rust,
            "python" | "py" => Lang::Script(Script::Python),
            "js" | "javascript" => Lang::Script(Script::JavaScript),
            other => bail!(
                "--lang {other}: ospo generates rust, python and js projects; for another language, \
                 `ospo plugin wit` prints the contract to generate bindings from"
            ),
        })
    }
}

/// Per language and kind: the plugin source and its native test, named as
/// [`super::build::Lang::source`] and the language's test runner expect.
const SCRIPT_TEMPLATES: [(super::build::Lang, &str, &str, &str); 4] = {
    use super::build::Lang::{JavaScript, Python};
    [
        (
            Python,
            "detector",
            include_str!("templates/python/detector/app.py"),
            include_str!("templates/python/detector/test_app.py"),
        ),
        (
            Python,
            "parser",
            include_str!("templates/python/parser/app.py"),
            include_str!("templates/python/parser/test_app.py"),
        ),
        (
            JavaScript,
            "detector",
            include_str!("templates/js/detector/app.js"),
            include_str!("templates/js/detector/app.test.js"),
        ),
        (
            JavaScript,
            "parser",
            include_str!("templates/js/parser/app.js"),
            include_str!("templates/js/parser/app.test.js"),
        ),
    ]
};
const PYTHON_README: &str = include_str!("templates/python/README.md");
const JS_README: &str = include_str!("templates/js/README.md");

/// The repository's guest settings: wasm SIMD, which wasmtime compiles to the host's vector
/// instructions (the SDK's keyword search and memchr use it).
const CARGO_CONFIG: &str = include_str!("../../../.cargo/config.toml");

fn manifest(crate_name: &str, kind: &str) -> String {
    format!(
        "# An ospo {kind} plugin, created by `ospo plugin new` (ospo {ospo}).\n\
         [package]\n\
         name = \"{crate_name}\"\n\
         version = \"0.1.0\"\n\
         edition = \"2024\"\n\
         rust-version = \"1.95\"\n\
         publish = false\n\n\
         [lib]\n\
         # cdylib: the wasm32-wasip2 component; rlib: native unit tests.\n\
         crate-type = [\"cdylib\", \"rlib\"]\n\n\
         [dependencies]\n\
         # The SDK this ospo ships, pinned to its contract (ospo:plugin@{wit}).\n\
         ospo-plugin-sdk = {{ path = \"{sdk}/plugin-sdk\" }}\n\n\
         # A workspace of its own: never absorbed into an enclosing one.\n\
         [workspace]\n\n\
         [profile.release]\n\
         # ospo's own plugins are built like this: small, and fast under wasmtime.\n\
         codegen-units = 1\n\
         lto = \"fat\"\n",
        ospo = env!("CARGO_PKG_VERSION"),
        wit = crate::runtime::WIT_VERSION,
        sdk = super::sdk::DIR,
    )
}

/// A plugin name as `info()` and `--plugins` use it: lowercase kebab-case.
fn check_name(name: &str) -> Result<()> {
    let valid = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.ends_with('-')
        && !name.contains("--");
    if !valid {
        bail!("{name:?} is not a plugin name: use lowercase letters, digits and single dashes (my-rule)");
    }
    Ok(())
}

/// Writes the Rust project into `dir`, which must not exist yet.
pub fn generate(kind: &str, name: &str, dir: &Path) -> Result<()> {
    generate_in(Lang::Rust, kind, name, dir)
}

/// Writes the project of `lang` into `dir`, which must not exist yet.
pub fn generate_in(lang: Lang, kind: &str, name: &str, dir: &Path) -> Result<()> {
    check_name(name)?;
    let Some((_, _, fixture_path, fixture)) = TEMPLATES.iter().find(|(k, ..)| *k == kind) else {
        bail!(
            "`ospo plugin new` does not generate a {kind:?} project yet; kinds: {} (the SDK's traits \
             for advisor, collector and reporter are documented in ospo-sdk/plugin-sdk/src/traits.rs; \
             `ospo plugin wit` prints their worlds)",
            KINDS.join(", ")
        );
    };
    if dir.exists() {
        bail!("{} already exists; `ospo plugin new` never writes into an existing directory", dir.display());
    }
    let fill = |text: &str| fill(text, name, kind);
    let fixture = (Path::new("tests/fixture").join(fixture_path), fixture.to_string());
    let mut files: Vec<(PathBuf, String)> = match lang {
        Lang::Rust => {
            let lib = TEMPLATES.iter().find(|(k, ..)| *k == kind).map_or("", |t| t.1);
            vec![
                ("Cargo.toml".into(), manifest(name, kind)),
                ("Cargo.lock".into(), super::sdk::CARGO_LOCK.to_string()),
                (".cargo/config.toml".into(), CARGO_CONFIG.to_string()),
                (".gitignore".into(), "/target\n".to_string()),
                ("README.md".into(), fill(README)),
                ("src/lib.rs".into(), fill(lib)),
            ]
        }
        Lang::Script(script) => {
            let Some((_, _, app, test)) =
                SCRIPT_TEMPLATES.iter().find(|(l, k, ..)| *l == script && *k == kind)
            else {
                bail!("`ospo plugin new --lang {}` does not generate a {kind:?} project yet", script.name());
            };
            let test_file = match script {
                super::build::Lang::Python => "test_app.py",
                super::build::Lang::JavaScript => "app.test.js",
            };
            let mut files = vec![
                (PathBuf::from(script.source()), fill(app)),
                (test_file.into(), fill(test)),
                (".gitignore".into(), script_gitignore(script).to_string()),
            ];
            files.extend(script_project(script, name, kind));
            files
        }
    };
    files.push(fixture);
    for (rel, text) in &files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    match lang {
        Lang::Rust => super::sdk::write(dir),
        Lang::Script(_) => Ok(()),
    }
}

/// A template with its placeholders filled in.
fn fill(text: &str, name: &str, kind: &str) -> String {
    text.replace("__NAME__", name)
        .replace("__CRATE__", &name.replace('-', "_"))
        .replace("__KIND__", kind)
        .replace("__OSPO__", env!("CARGO_PKG_VERSION"))
        .replace("__WIT__", crate::runtime::WIT_VERSION)
        .replace("__COMPONENTIZE_PY__", super::build::COMPONENTIZE_PY)
        .replace("__COMPONENTIZE_JS__", super::build::COMPONENTIZE_JS)
}

fn script_gitignore(script: super::build::Lang) -> &'static str {
    match script {
        super::build::Lang::Python => "/.ospo/\n/.venv/\n__pycache__/\n*.wasm\n",
        super::build::Lang::JavaScript => "/.ospo/\n/node_modules/\n*.wasm\n",
    }
}

/// The project file naming the plugin and its world (what `ospo plugin build` reads), the pinned
/// build tool, and the README.
fn script_project(script: super::build::Lang, name: &str, kind: &str) -> Vec<(PathBuf, String)> {
    let ospo = env!("CARGO_PKG_VERSION");
    let wit = crate::runtime::WIT_VERSION;
    let fill = |text: &str| fill(text, name, kind);
    match script {
        super::build::Lang::Python => vec![
            (
                "pyproject.toml".into(),
                format!(
                    "# An ospo {kind} plugin, created by `ospo plugin new` (ospo {ospo}).\n\
                     [project]\n\
                     name = \"{name}\"\n\
                     version = \"0.1.0\"\n\
                     requires-python = \">=3.11\"\n\n\
                     [tool.ospo]\n\
                     # The world of ospo:plugin@{wit} that app.py implements (`ospo plugin build` reads it).\n\
                     world = \"{kind}\"\n"
                ),
            ),
            (
                "requirements.txt".into(),
                format!(
                    "# The tool `ospo plugin build` runs, at the version this ospo was tested with.\n\
                     componentize-py=={}\n",
                    super::build::COMPONENTIZE_PY
                ),
            ),
            ("README.md".into(), fill(PYTHON_README)),
        ],
        super::build::Lang::JavaScript => {
            let package = serde_json::json!({
                "name": name,
                "version": "0.1.0",
                "private": true,
                "type": "module",
                "description": format!(
                    "An ospo {kind} plugin, created by `ospo plugin new` (ospo {ospo}, contract ospo:plugin@{wit})"
                ),
                "scripts": { "build": "ospo plugin build", "test": "node --test" },
                "devDependencies": {
                    "@bytecodealliance/componentize-js": super::build::COMPONENTIZE_JS,
                },
                "ospo": { "world": kind },
            });
            let package = serde_json::to_string_pretty(&package).expect("a JSON value serialises") + "\n";
            vec![("package.json".into(), package), ("README.md".into(), fill(JS_README))]
        }
    }
}

pub fn run(args: &NewArgs) -> Result<ExitCode> {
    let lang = Lang::parse(&args.lang)?;
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from(&args.name));
    generate_in(lang, &args.kind, &args.name, &dir)?;
    let next = match lang {
        Lang::Rust => "edit src/lib.rs, then\n    cargo test && ospo plugin build",
        Lang::Script(super::build::Lang::Python) => {
            "edit app.py, then\n    python3 -m venv .venv && .venv/bin/pip install -r requirements.txt\n    \
             ospo plugin build && python3 -m unittest"
        }
        Lang::Script(super::build::Lang::JavaScript) => {
            "edit app.js, then\n    npm install && node --test && ospo plugin build"
        }
    };
    eprintln!("created {}: cd {} and {next}", dir.display(), dir.display());
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_kinds_are_checked() {
        let dir = tempfile::tempdir().expect("a temp dir");
        for bad in ["My-Rule", "-x", "x-", "a--b", "", "a/b", "a_b"] {
            assert!(generate("detector", bad, &dir.path().join("p")).is_err(), "{bad:?}");
        }
        assert!(generate("scanner", "x", &dir.path().join("p")).is_err());
        assert!(generate("detector", "x", dir.path()).is_err(), "an existing directory");
    }

    #[test]
    fn the_project_is_self_contained() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let project = dir.path().join("my-rule");
        generate("detector", "my-rule", &project).expect("generate");
        let manifest = std::fs::read_to_string(project.join("Cargo.toml")).expect("Cargo.toml");
        let parsed: toml::Table = toml::from_str(&manifest).expect("valid TOML");
        assert!(parsed.contains_key("workspace"));
        // Every path the project names stays inside it.
        assert!(!manifest.contains(".."), "{manifest}");
        let lib = std::fs::read_to_string(project.join("src/lib.rs")).expect("lib.rs");
        assert!(lib.contains("PluginInfo::new(\"my-rule\"") && !lib.contains("__NAME__"));
        assert!(project.join("ospo-sdk/plugin-sdk/Cargo.toml").is_file());
        assert!(project.join(".cargo/config.toml").is_file());
        assert_eq!(KINDS.len(), TEMPLATES.len());
        for kind in KINDS {
            let project = dir.path().join(kind);
            generate(kind, "x", &project).expect("generate");
            let lib = std::fs::read_to_string(project.join("src/lib.rs")).expect("lib.rs");
            assert!(
                lib.contains(&format!("impl {} for Plugin", kind[..1].to_uppercase() + &kind[1..])),
                "{kind}"
            );
        }
    }

    #[test]
    fn script_projects_name_their_world_and_pin_their_tool() {
        use super::super::build::Lang as Script;
        let dir = tempfile::tempdir().expect("a temp dir");
        for (script, kind) in [
            (Script::Python, "detector"),
            (Script::Python, "parser"),
            (Script::JavaScript, "detector"),
            (Script::JavaScript, "parser"),
        ] {
            let project = dir.path().join(format!("{}-{kind}", script.name()));
            generate_in(Lang::parse(script.name()).expect("a language"), kind, "my-rule", &project)
                .expect("generate");
            let app = std::fs::read_to_string(project.join(script.source())).expect("the plugin");
            assert!(app.contains("\"my-rule\"") && !app.contains("__"), "{app}");
            let readme = std::fs::read_to_string(project.join("README.md")).expect("README");
            assert!(readme.contains("my_rule.wasm") && !readme.contains("__"), "{readme}");
            assert!(!project.join("Cargo.toml").exists() && !project.join("ospo-sdk").exists());
            match script {
                Script::Python => {
                    let py: toml::Table = toml::from_str(
                        &std::fs::read_to_string(project.join("pyproject.toml")).expect("pyproject"),
                    )
                    .expect("valid TOML");
                    assert_eq!(py["tool"]["ospo"]["world"].as_str(), Some(kind));
                    assert_eq!(py["project"]["name"].as_str(), Some("my-rule"));
                    let pins = std::fs::read_to_string(project.join("requirements.txt")).expect("pins");
                    assert!(
                        pins.contains(&format!("componentize-py=={}", super::super::build::COMPONENTIZE_PY))
                    );
                    assert!(project.join("test_app.py").is_file());
                }
                Script::JavaScript => {
                    let package: serde_json::Value = serde_json::from_str(
                        &std::fs::read_to_string(project.join("package.json")).expect("package.json"),
                    )
                    .expect("valid JSON");
                    assert_eq!(package["ospo"]["world"], kind);
                    assert_eq!(package["type"], "module");
                    assert_eq!(
                        package["devDependencies"]["@bytecodealliance/componentize-js"],
                        super::super::build::COMPONENTIZE_JS
                    );
                    assert!(project.join("app.test.js").is_file());
                }
            }
            let fixture =
                if kind == "detector" { "tests/fixture/src/main.c" } else { "tests/fixture/vendor.txt" };
            assert!(project.join(fixture).is_file(), "{kind}");
        }
        assert!(Lang::parse("go").is_err());
    }
}
