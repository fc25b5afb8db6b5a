//! `ospo plugin build`: cargo for wasm32-wasip2 with the settings ospo's own plugins are built
//! with, printing the component's path (read from cargo's own messages, so any target directory
//! or crate name works). A directory with an `app.py` (or `app.js`) and no `Cargo.toml` is a
//! Python (JavaScript) plugin: componentize-py (componentize-js) builds it against the contract
//! this binary carries, for the world and under the name its `pyproject.toml` (`package.json`)
//! gives, when it has one (`ospo plugin new` writes it).

use std::io::BufRead as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use anyhow::{Context, Result, bail};

use super::BuildArgs;

pub const TARGET: &str = "wasm32-wasip2";

/// The componentize-py release `ospo plugin new --lang python` pins and this host was tested with
/// (`.ci/run` installs the same; a test keeps them in step).
pub const COMPONENTIZE_PY: &str = "0.25.1";
/// The `@bytecodealliance/componentize-js` release `ospo plugin new --lang js` pins.
pub const COMPONENTIZE_JS: &str = "0.23.0";

/// The worlds a script plugin may name.
const WORLDS: [&str; 5] = ["detector", "parser", "advisor", "collector", "reporter"];

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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Python,
    JavaScript,
}

impl Lang {
    /// As `--lang` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Python => "python",
            Lang::JavaScript => "js",
        }
    }

    /// The source file that marks a project of this language.
    pub fn source(self) -> &'static str {
        match self {
            Lang::Python => "app.py",
            Lang::JavaScript => "app.js",
        }
    }

    /// The variable naming the tool, which wins over every other place.
    pub fn tool_var(self) -> &'static str {
        match self {
            Lang::Python => "OSPO_COMPONENTIZE_PY",
            Lang::JavaScript => "OSPO_COMPONENTIZE_JS",
        }
    }

    /// The tool to run for the project in `dir`: `OSPO_COMPONENTIZE_PY` / `OSPO_COMPONENTIZE_JS`,
    /// else the one the project installed (`.venv/bin/componentize-py`,
    /// `node_modules/.bin/componentize-js`: its pinned version), else the one on `PATH`.
    pub fn tool(self, dir: &Path) -> std::ffi::OsString {
        if let Some(tool) = std::env::var_os(self.tool_var()) {
            return tool;
        }
        let (local, default) = match self {
            Lang::Python => (Path::new(".venv/bin/componentize-py"), "componentize-py"),
            Lang::JavaScript => (Path::new("node_modules/.bin/componentize-js"), "componentize-js"),
        };
        let local = dir.join(local);
        if local.is_file() { local.into_os_string() } else { default.into() }
    }

    fn install_hint(self) -> String {
        match self {
            Lang::Python => format!(
                "pip install componentize-py=={COMPONENTIZE_PY} (into .venv/ beside app.py), or set {}",
                self.tool_var()
            ),
            Lang::JavaScript => format!(
                "npm install @bytecodealliance/componentize-js@{COMPONENTIZE_JS} (beside app.js), or set {}",
                self.tool_var()
            ),
        }
    }
}

/// What a script project's own file says: its name and world.
#[derive(Debug, Default, PartialEq)]
struct ScriptProject {
    name: Option<String>,
    world: Option<String>,
}

/// Reads `pyproject.toml` (`[project] name`, `[tool.ospo] world`) or `package.json` (`name`,
/// `ospo.world`); a project without one is an `app.py`/`app.js` alone.
fn script_project(dir: &Path, lang: Lang) -> Result<ScriptProject> {
    let file = dir.join(match lang {
        Lang::Python => "pyproject.toml",
        Lang::JavaScript => "package.json",
    });
    let text = match std::fs::read_to_string(&file) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(ScriptProject::default()),
        Err(err) => return Err(err).with_context(|| format!("cannot read {}", file.display())),
    };
    let string = |v: Option<&str>| v.map(str::to_string);
    Ok(match lang {
        Lang::Python => {
            let table: toml::Table =
                toml::from_str(&text).with_context(|| format!("{} is not valid TOML", file.display()))?;
            ScriptProject {
                name: string(table.get("project").and_then(|p| p.get("name")).and_then(|n| n.as_str())),
                world: string(
                    table
                        .get("tool")
                        .and_then(|t| t.get("ospo"))
                        .and_then(|o| o.get("world"))
                        .and_then(|w| w.as_str()),
                ),
            }
        }
        Lang::JavaScript => {
            let json: serde_json::Value = serde_json::from_str(&text)
                .with_context(|| format!("{} is not valid JSON", file.display()))?;
            ScriptProject {
                name: string(json["name"].as_str()),
                world: string(json["ospo"]["world"].as_str()),
            }
        }
    })
}

/// The tool over `DIR/app.py` or `DIR/app.js`, writing `DIR/<name>.wasm` (the project's name,
/// else the directory's, dashes as underscores), with the WIT written from this binary into
/// `DIR/.ospo/wit/`. For Python, the bindings go to `DIR/.ospo/bindings/` first, so the
/// project's native tests can import what `app.py` imports.
fn build_script(args: &BuildArgs, lang: Lang) -> Result<PathBuf> {
    let dir = args.dir.canonicalize().with_context(|| format!("cannot read {}", args.dir.display()))?;
    let project = script_project(&dir, lang)?;
    let world = args.world.clone().or(project.world).unwrap_or_else(|| "detector".to_string());
    if !WORLDS.contains(&world.as_str()) {
        bail!("{world:?} is not a world of ospo:plugin; worlds: {}", WORLDS.join(", "));
    }
    let wit = dir.join(".ospo").join("wit");
    super::wit::write_to(&wit)?;
    let name = project
        .name
        .or_else(|| dir.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "plugin".to_string())
        .replace(['-', '/', '@'], "_");
    let out = dir.join(format!("{name}.wasm"));
    let tool = lang.tool(&dir);
    let run = |cmd: &mut Command| -> Result<()> {
        // Its progress goes where cargo's does: stdout is the .wasm path alone.
        let status = cmd
            .current_dir(&dir)
            .stdout(Stdio::from(std::io::stderr()))
            .status()
            .with_context(|| format!("cannot run {}: {}", tool.to_string_lossy(), lang.install_hint()))?;
        if !status.success() {
            bail!("{} failed building {} (see above)", tool.to_string_lossy(), dir.display());
        }
        Ok(())
    };
    match lang {
        Lang::Python => {
            let bindings = dir.join(".ospo").join("bindings");
            // Stale modules of another world must not linger beside the new ones.
            if bindings.exists() {
                std::fs::remove_dir_all(&bindings)
                    .with_context(|| format!("cannot replace {}", bindings.display()))?;
            }
            run(Command::new(&tool).arg("-d").arg(&wit).args(["-w", &world, "bindings"]).arg(&bindings))?;
            run(Command::new(&tool)
                .arg("-d")
                .arg(&wit)
                .args(["-w", &world, "componentize", "app", "-p", ".", "-o"])
                .arg(&out))?;
        }
        // The host links no wasi:http: StarlingMonkey's fetch support must be left out.
        Lang::JavaScript => run(Command::new(&tool)
            .arg(lang.source())
            .arg("--wit")
            .arg(wit.join(super::wit::FILE_NAME))
            .args(["-n", &world, "-d", "http", "fetch-event", "-o"])
            .arg(&out))?,
    }
    Ok(out)
}

pub fn run(args: &BuildArgs) -> Result<ExitCode> {
    for path in build(args)? {
        println!("{}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_script_projects_file_names_the_plugin_and_its_world() {
        let dir = tempfile::tempdir().expect("a temp dir");
        assert_eq!(script_project(dir.path(), Lang::Python).expect("none"), ScriptProject::default());
        std::fs::write(
            dir.path().join("pyproject.toml"),
            "[project]\nname = \"py-rule\"\n[tool.ospo]\nworld = \"parser\"\n",
        )
        .expect("write");
        std::fs::write(
            dir.path().join("package.json"),
            r#"{"name": "js-rule", "ospo": {"world": "reporter"}}"#,
        )
        .expect("write");
        let named = |name: &str, world: &str| ScriptProject {
            name: Some(name.to_string()),
            world: Some(world.to_string()),
        };
        assert_eq!(script_project(dir.path(), Lang::Python).expect("read"), named("py-rule", "parser"));
        assert_eq!(script_project(dir.path(), Lang::JavaScript).expect("read"), named("js-rule", "reporter"));
        std::fs::write(dir.path().join("package.json"), "{").expect("write");
        let err = script_project(dir.path(), Lang::JavaScript).expect_err("not JSON");
        assert!(err.to_string().contains("package.json is not valid JSON"), "{err}");
    }

    /// CI installs the tools the script tests build with, and the examples pin them: both must
    /// be the versions `ospo plugin new` writes, or CI would test another tool than users get.
    #[test]
    fn ci_and_the_examples_pin_the_same_tools() {
        let py = format!("componentize-py=={COMPONENTIZE_PY}");
        let js = format!("@bytecodealliance/componentize-js@{COMPONENTIZE_JS}");
        let ci = include_str!("../../../.ci/run");
        assert!(ci.contains(&py) && ci.contains(&js), ".ci/run does not install {py} and {js}");
        let requirements = include_str!("../../../examples/python/snippet-provenance/requirements.txt");
        assert!(requirements.contains(&py), "the Python example does not pin {py}");
        let package: serde_json::Value =
            serde_json::from_str(include_str!("../../../examples/js/csv-inventory/package.json"))
                .expect("the JS example's package.json");
        assert_eq!(package["devDependencies"]["@bytecodealliance/componentize-js"], COMPONENTIZE_JS);
    }
}
