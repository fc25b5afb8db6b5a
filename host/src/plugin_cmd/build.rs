//! `ospo plugin build`: cargo for wasm32-wasip2 with the settings ospo's own plugins are built
//! with, printing the component's path (read from cargo's own messages, so any target directory
//! or crate name works). A directory with an `app.py` (or `app.js`) and no `Cargo.toml` is a
//! Python (JavaScript) plugin: componentize-py (componentize-js) builds it against the contract
//! this binary carries.

use std::io::BufRead as _;
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};

use anyhow::{Context, Result, bail};

use super::BuildArgs;

pub const TARGET: &str = "wasm32-wasip2";

/// Builds the project in `args.dir`; the `.wasm` files cargo produced.
pub fn build(args: &BuildArgs) -> Result<Vec<PathBuf>> {
    let manifest = args.dir.join("Cargo.toml");
    if !manifest.is_file() {
        for lang in [Lang::Python, Lang::JavaScript] {
            if args.dir.join(lang.source()).is_file() {
                return build_script(args, lang).map(|wasm| vec![wasm]);
            }
        }
    }
    if !manifest.is_file() {
        bail!(
            "{} has no Cargo.toml: run `ospo plugin build` in a plugin project (see `ospo plugin new`)",
            args.dir.display()
        );
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    // cargo reads `.cargo/config.toml` (the SIMD flags) from the directory it runs in.
    cmd.current_dir(&args.dir).args([
        "build",
        "--target",
        TARGET,
        "--message-format=json-render-diagnostics",
    ]);
    if !args.debug {
        cmd.arg("--release");
    }
    cmd.stdout(Stdio::piped()).stderr(Stdio::inherit());
    let mut child = cmd.spawn().context("cannot run cargo (is a Rust toolchain installed?)")?;
    let mut wasm = Vec::new();
    if let Some(stdout) = child.stdout.take() {
        for line in std::io::BufReader::new(stdout).lines() {
            let line = line.context("reading cargo's output")?;
            let Ok(message) = serde_json::from_str::<serde_json::Value>(&line) else { continue };
            if message["reason"] != "compiler-artifact" {
                continue;
            }
            let cdylib =
                message["target"]["kind"].as_array().is_some_and(|k| k.iter().any(|k| k == "cdylib"));
            for file in message["filenames"].as_array().into_iter().flatten().filter_map(|f| f.as_str()) {
                if cdylib && file.ends_with(".wasm") {
                    wasm.push(PathBuf::from(file));
                }
            }
        }
    }
    let status = child.wait().context("waiting for cargo")?;
    if !status.success() {
        bail!(
            "cargo build --target {TARGET} failed (see above); if the target is missing: rustup target add {TARGET}"
        );
    }
    if wasm.is_empty() {
        bail!("cargo built no .wasm: is the crate's [lib] crate-type = [\"cdylib\", \"rlib\"]?");
    }
    Ok(wasm)
}

/// A plugin language built by a componentize tool rather than cargo.
#[derive(Debug, Clone, Copy)]
pub enum Lang {
    Python,
    JavaScript,
}

impl Lang {
    /// The source file that marks a project of this language.
    pub fn source(self) -> &'static str {
        match self {
            Lang::Python => "app.py",
            Lang::JavaScript => "app.js",
        }
    }

    /// The tool to run: `OSPO_COMPONENTIZE_PY` / `OSPO_COMPONENTIZE_JS`, else the one on `PATH`.
    pub fn tool(self) -> std::ffi::OsString {
        let (var, default) = match self {
            Lang::Python => ("OSPO_COMPONENTIZE_PY", "componentize-py"),
            Lang::JavaScript => ("OSPO_COMPONENTIZE_JS", "componentize-js"),
        };
        std::env::var_os(var).unwrap_or_else(|| default.into())
    }

    fn install_hint(self) -> &'static str {
        match self {
            Lang::Python => "pip install componentize-py==0.25.1, or set OSPO_COMPONENTIZE_PY",
            Lang::JavaScript => {
                "npm install -g @bytecodealliance/componentize-js@0.23.0, or set OSPO_COMPONENTIZE_JS"
            }
        }
    }
}

/// The tool over `DIR/app.py` or `DIR/app.js`, writing `DIR/<dir name>.wasm`, with the WIT
/// written from this binary into `DIR/.ospo-wit/`.
fn build_script(args: &BuildArgs, lang: Lang) -> Result<PathBuf> {
    let dir = args.dir.canonicalize().with_context(|| format!("cannot read {}", args.dir.display()))?;
    let wit = dir.join(".ospo-wit");
    super::wit::write_to(&wit)?;
    let name = dir.file_name().map_or("plugin".to_string(), |n| n.to_string_lossy().replace('-', "_"));
    let out = dir.join(format!("{name}.wasm"));
    let mut cmd = Command::new(lang.tool());
    cmd.current_dir(&dir);
    match lang {
        Lang::Python => {
            cmd.arg("-d")
                .arg(&wit)
                .args(["-w", &args.world, "componentize", "app", "-p", ".", "-o"])
                .arg(&out);
        }
        // The host links no wasi:http: StarlingMonkey's fetch support must be left out.
        Lang::JavaScript => {
            cmd.arg(lang.source())
                .arg("--wit")
                .arg(wit.join(super::wit::FILE_NAME))
                .args(["-n", &args.world, "-d", "http", "fetch-event", "-o"])
                .arg(&out);
        }
    }
    // Its progress goes where cargo's does: stdout is the .wasm path alone.
    let status = cmd
        .stdout(Stdio::from(std::io::stderr()))
        .status()
        .with_context(|| format!("cannot run {}: {}", lang.tool().to_string_lossy(), lang.install_hint()))?;
    if !status.success() {
        bail!("{} failed building {} (see above)", lang.tool().to_string_lossy(), dir.display());
    }
    Ok(out)
}

pub fn run(args: &BuildArgs) -> Result<ExitCode> {
    for path in build(args)? {
        println!("{}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}
