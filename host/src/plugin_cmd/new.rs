//! `ospo plugin new <kind> <name>`: a project that builds and loads with no edits, on a machine
//! with only a Rust toolchain: the plugin, a native unit test, a fixture tree, a README, the wasm
//! build settings, and the SDK and WIT as this binary carries them ([`super::sdk`]).

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

/// Writes the project into `dir`, which must not exist yet.
pub fn generate(kind: &str, name: &str, dir: &Path) -> Result<()> {
    check_name(name)?;
    let Some((_, lib, fixture_path, fixture)) = TEMPLATES.iter().find(|(k, ..)| *k == kind) else {
        bail!(
            "`ospo plugin new` does not generate a {kind:?} project yet; kinds: {} (the SDK's traits \
             for advisor, collector and reporter are documented in ospo-sdk/plugin-sdk/src/traits.rs)",
            KINDS.join(", ")
        );
    };
    if dir.exists() {
        bail!("{} already exists; `ospo plugin new` never writes into an existing directory", dir.display());
    }
    let crate_name = name.to_string();
    let fill = |text: &str| {
        text.replace("__NAME__", name)
            .replace("__CRATE__", &crate_name.replace('-', "_"))
            .replace("__KIND__", kind)
            .replace("__OSPO__", env!("CARGO_PKG_VERSION"))
            .replace("__WIT__", crate::runtime::WIT_VERSION)
    };
    let files: [(PathBuf, String); 7] = [
        ("Cargo.toml".into(), manifest(&crate_name, kind)),
        ("Cargo.lock".into(), super::sdk::CARGO_LOCK.to_string()),
        (".cargo/config.toml".into(), CARGO_CONFIG.to_string()),
        (".gitignore".into(), "/target\n".to_string()),
        ("README.md".into(), fill(README)),
        ("src/lib.rs".into(), fill(lib)),
        (Path::new("tests/fixture").join(fixture_path), fixture.to_string()),
    ];
    for (rel, text) in &files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    super::sdk::write(dir)
}

pub fn run(args: &NewArgs) -> Result<ExitCode> {
    if args.lang != "rust" {
        bail!(
            "--lang {}: this version generates Rust projects only; for other languages, `ospo plugin wit` \
             prints the contract to generate bindings from",
            args.lang
        );
    }
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from(&args.name));
    generate(&args.kind, &args.name, &dir)?;
    eprintln!(
        "created {}: edit src/lib.rs, then\n    cd {} && cargo test && ospo plugin build",
        dir.display(),
        dir.display()
    );
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
}
