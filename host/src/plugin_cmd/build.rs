//! `ospo plugin build`: cargo for wasm32-wasip2 with the settings ospo's own plugins are built
//! with, printing the component's path (read from cargo's own messages, so any target directory
//! or crate name works). A directory with an `app.py` and no `Cargo.toml` is a Python plugin:
//! componentize-py builds it against the contract this binary carries.

use std::io::BufRead as _;
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};

use anyhow::{Context, Result, bail};

use super::BuildArgs;

pub const TARGET: &str = "wasm32-wasip2";

/// Builds the project in `args.dir`; the `.wasm` files cargo produced.
pub fn build(args: &BuildArgs) -> Result<Vec<PathBuf>> {
    let manifest = args.dir.join("Cargo.toml");
    if !manifest.is_file() && args.dir.join("app.py").is_file() {
        return build_python(args).map(|wasm| vec![wasm]);
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

/// The componentize-py to run: `OSPO_COMPONENTIZE_PY`, else the one on `PATH`.
pub fn componentize_py() -> std::ffi::OsString {
    std::env::var_os("OSPO_COMPONENTIZE_PY").unwrap_or_else(|| "componentize-py".into())
}

/// `componentize-py -d WIT -w WORLD componentize app -o DIR/<dir name>.wasm`, with the WIT
/// written from this binary into `DIR/.ospo-wit/`.
fn build_python(args: &BuildArgs) -> Result<PathBuf> {
    let dir = args.dir.canonicalize().with_context(|| format!("cannot read {}", args.dir.display()))?;
    let wit = dir.join(".ospo-wit");
    super::wit::write_to(&wit)?;
    let name = dir.file_name().map_or("plugin".to_string(), |n| n.to_string_lossy().replace('-', "_"));
    let out = dir.join(format!("{name}.wasm"));
    let status = Command::new(componentize_py())
        .current_dir(&dir)
        .arg("-d")
        .arg(&wit)
        .args(["-w", &args.world, "componentize", "app", "-p", ".", "-o"])
        .arg(&out)
        // Its progress goes where cargo's does: stdout is the .wasm path alone.
        .stdout(Stdio::from(std::io::stderr()))
        .status()
        .context("cannot run componentize-py: install it (pip install componentize-py) or set OSPO_COMPONENTIZE_PY")?;
    if !status.success() {
        bail!("componentize-py failed building {} (see above)", dir.display());
    }
    Ok(out)
}

pub fn run(args: &BuildArgs) -> Result<ExitCode> {
    for path in build(args)? {
        println!("{}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}
