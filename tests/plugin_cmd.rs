//! `ospo plugin …`: the contract, inspecting a component, signed and locked plugin sets, and the
//! author's loop (`plugin new` → `plugin build` → `scan --plugin`, `plugin test`).

mod common;

use std::path::{Path, PathBuf};

use common::{Project, guest, ospo, test_plugin, toml_path};
use serde_json::Value;

fn marker_plugin() -> PathBuf {
    guest("ospo-example-confidential-marker")
}

fn path_arg(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

#[test]
fn wit_prints_the_contract_the_host_speaks() {
    let run = ospo(["plugin", "wit"]);
    run.assert_code(0);
    let contract = std::fs::read_to_string(common::workspace_root().join("wit/v0.2.0/ospo-plugin.wit"))
        .expect("the contract");
    assert_eq!(run.stdout, contract);

    let dir = tempfile::tempdir().expect("a temp dir");
    let out = dir.path().join("wit");
    ospo(["plugin", "wit", "--out", path_arg(&out)]).assert_code(0);
    assert_eq!(std::fs::read_to_string(out.join("ospo-plugin.wit")).expect("written"), contract);
}

#[test]
fn inspect_describes_a_plugin_the_host_loads() {
    let plugin = marker_plugin();
    let run = ospo(["plugin", "inspect", path_arg(&plugin), "--format", "json"]);
    run.assert_code(0);
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let bytes = std::fs::read(&plugin).expect("the plugin");
    assert_eq!(report["size"], bytes.len());
    assert_eq!(report["sha256"].as_str().map(str::len), Some(64));
    assert_eq!(report["loads"], true);
    assert_eq!(report["world"], "detector");
    assert_eq!(report["wit_version"], "0.2.0");
    assert_eq!(report["info"]["name"], "confidential-marker");
    let exports: Vec<&str> =
        report["exports"].as_array().expect("exports").iter().filter_map(Value::as_str).collect();
    assert!(exports.contains(&"ospo:plugin/detect@0.2.0"), "{exports:?}");
    let imports: Vec<&str> =
        report["imports"].as_array().expect("imports").iter().filter_map(Value::as_str).collect();
    assert!(imports.contains(&"ospo:plugin/host@0.2.0"), "{imports:?}");
    assert!(report["content_filter"]["keywords"].as_array().is_some_and(|k| !k.is_empty()));
    assert!(report["signature"].is_null());

    let text = ospo(["plugin", "inspect", path_arg(&plugin)]);
    text.assert_code(0);
    assert!(text.stdout.contains("world:       ospo:plugin/detector"), "{}", text.stdout);
    assert!(text.stdout.contains("loads:       yes"), "{}", text.stdout);
}

#[test]
fn inspect_says_why_a_plugin_would_not_load() {
    let run = ospo(["plugin", "inspect", path_arg(&test_plugin("wrong-world")), "--format", "json"]);
    run.assert_code(1);
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(report["loads"], false);
    assert!(
        report["why_not"].as_str().is_some_and(|w| w.contains("exports none of the ospo:plugin worlds")),
        "{report}"
    );
    assert!(report["exports"].is_array(), "exports are listed even so: {report}");

    let dir = tempfile::tempdir().expect("a temp dir");
    let junk = dir.path().join("junk.wasm");
    std::fs::write(&junk, b"\0asm\x01\x00\x00\x00").expect("write");
    let run = ospo(["plugin", "inspect", path_arg(&junk)]);
    run.assert_code(1);
    assert!(run.stdout.contains("core WebAssembly module, not a component"), "{}", run.stdout);
}

/// A temp dir with a copy of the marker plugin, two keys, and a tree to scan.
struct Signing {
    project: Project,
    plugin: PathBuf,
    good: PathBuf,
    other: PathBuf,
}

impl Signing {
    fn new() -> Self {
        let project = Project::from_fixture("content-filter");
        let plugin = project.outside().join("marker.wasm");
        std::fs::copy(marker_plugin(), &plugin).expect("copy the plugin");
        let good = project.outside().join("good");
        let other = project.outside().join("other");
        for key in [&good, &other] {
            ospo(["plugin", "keygen", "--out", path_arg(key)]).assert_code(0);
        }
        Signing { project, plugin, good, other }
    }

    fn public(&self, key: &Path) -> String {
        let mut path = key.as_os_str().to_os_string();
        path.push(".pub");
        std::fs::read_to_string(path).expect("the public key").trim().to_string()
    }

    fn sign(&self, key: &Path) {
        let mut secret = key.as_os_str().to_os_string();
        secret.push(".key");
        let secret = PathBuf::from(secret);
        ospo(["plugin", "sign", "--key", path_arg(&secret), path_arg(&self.plugin)]).assert_code(0);
    }

    fn scan(&self, config: &str) -> common::Run {
        self.project.scan_with(&self.plugin, config, &["--require-signed"])
    }

    fn trusting(&self, key: &Path) -> String {
        format!("[plugins.trust.keys]\nteam = \"{}\"\n", self.public(key))
    }
}

#[test]
fn a_plugin_signed_by_a_trusted_key_runs() {
    let s = Signing::new();
    s.sign(&s.good);
    let run = s.scan(&s.trusting(&s.good));
    run.assert_code(0);
    let names: Vec<String> = run.json()["metadata"]["plugins"]
        .as_array()
        .expect("plugins")
        .iter()
        .map(|p| p["name"].to_string())
        .collect();
    assert!(names.iter().any(|n| n.contains("confidential-marker")), "{names:?}");
    let verify = ospo([
        "plugin",
        "verify",
        path_arg(&s.plugin),
        "--config",
        path_arg(&s.project.config(&s.trusting(&s.good))),
    ]);
    verify.assert_code(0);
    assert!(verify.stdout.contains("signed by the trusted key \"team\""), "{}", verify.stdout);
}

#[test]
fn a_missing_signature_is_refused_naming_the_file() {
    let s = Signing::new();
    let run = s.scan(&s.trusting(&s.good));
    run.assert_code(2);
    assert!(run.stderr.contains("marker.wasm: it has no signature"), "{}", run.stderr);
}

#[test]
fn a_tampered_file_is_refused() {
    let s = Signing::new();
    s.sign(&s.good);
    let mut bytes = std::fs::read(&s.plugin).expect("the plugin");
    bytes.push(0);
    std::fs::write(&s.plugin, bytes).expect("tamper");
    let run = s.scan(&s.trusting(&s.good));
    run.assert_code(2);
    assert!(run.stderr.contains("marker.wasm: the file changed after it was signed"), "{}", run.stderr);
}

#[test]
fn a_signature_by_another_key_is_refused() {
    let s = Signing::new();
    s.sign(&s.other);
    let run = s.scan(&s.trusting(&s.good));
    run.assert_code(2);
    assert!(run.stderr.contains("marker.wasm: it is signed by ed25519:"), "{}", run.stderr);
    assert!(run.stderr.contains("which is not a key of [plugins.trust.keys]"), "{}", run.stderr);
}

#[test]
fn a_revoked_key_is_refused() {
    let s = Signing::new();
    s.sign(&s.good);
    let config = format!("[plugins.trust]\nrevoked = [\"{}\"]\n{}", s.public(&s.good), s.trusting(&s.good));
    let run = s.scan(&config);
    run.assert_code(2);
    assert!(run.stderr.contains("a revoked key"), "{}", run.stderr);
}

#[test]
fn trusted_keys_in_the_scanned_tree_are_not_honoured() {
    let s = Signing::new();
    s.sign(&s.good);
    s.project.write("ospo.toml", &s.trusting(&s.good));
    let run = ospo([
        "scan",
        path_arg(&s.project.root),
        "--plugin",
        path_arg(&s.plugin),
        "--require-signed",
        "--format",
        "json",
    ]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("[plugins.trust.keys] in the ospo.toml of the scanned tree is not honoured"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_lock_pins_the_reviewed_set() {
    let s = Signing::new();
    let lock = s.project.outside().join("ospo.lock");
    let config = s.project.config("");
    let args = |extra: &[&str]| -> Vec<String> {
        let mut args: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        args.extend(
            ["--config", path_arg(&config), "--plugin", path_arg(&s.plugin), "--lock-file", path_arg(&lock)]
                .map(String::from),
        );
        args
    };
    ospo(args(&["plugin", "lock"])).assert_code(0);
    let text = std::fs::read_to_string(&lock).expect("the lock");
    assert!(text.contains("confidential-marker") && text.contains("embedded:"), "{text}");
    ospo(args(&["scan", path_arg(&s.project.root), "--format", "json", "--locked"])).assert_code(0);

    // A changed plugin file is refused before it is loaded.
    let mut bytes = std::fs::read(&s.plugin).expect("the plugin");
    bytes.push(0);
    std::fs::write(&s.plugin, bytes).expect("change");
    let run = ospo(args(&["scan", path_arg(&s.project.root), "--format", "json", "--locked"]));
    run.assert_code(2);
    assert!(run.stderr.contains("marker.wasm: sha256") && run.stderr.contains("is not in"), "{}", run.stderr);

    // A plugin left out of the set is a difference too.
    std::fs::copy(marker_plugin(), &s.plugin).expect("restore");
    let run = ospo([
        "scan",
        path_arg(&s.project.root),
        "--format",
        "json",
        "--config",
        path_arg(&config),
        "--locked",
        "--lock-file",
        path_arg(&lock),
    ]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("confidential-marker") && run.stderr.contains("in the lock but not loaded"),
        "{}",
        run.stderr
    );
}

#[test]
fn plugin_test_compares_with_a_snapshot() {
    let project = Project::from_fixture("content-filter");
    let snapshot = project.outside().join("fixture.snapshot.json");
    let plugin = marker_plugin();
    let test = |extra: &[&str]| {
        let mut args = vec![
            "plugin",
            "test",
            path_arg(&plugin),
            path_arg(&project.root),
            "--snapshot",
            path_arg(&snapshot),
        ];
        args.extend(extra);
        ospo(args)
    };
    test(&["--update"]).assert_code(0);
    let stored = std::fs::read_to_string(&snapshot).expect("the snapshot");
    assert!(!stored.contains("\"metadata\""), "{stored}");
    test(&[]).assert_code(0);
    project.write("docs/new.md", "CONFIDENTIAL - ACME INTERNAL\n");
    let run = test(&[]);
    run.assert_code(1);
    assert!(run.stderr.contains("output differs") && run.stderr.contains("docs/new.md"), "{}", run.stderr);
}

/// The author's whole loop, as README says it, in a directory outside the repository. It
/// compiles a guest: the one test that does. The target directory is the one the test build's
/// guests use, so the registry dependencies they share are not compiled again.
#[test]
fn new_then_build_then_scan() {
    let started = std::time::Instant::now();
    let dir = tempfile::tempdir().expect("a temp dir");
    let project = dir.path().join("my-rule");
    ospo(["plugin", "new", "detector", "my-rule", "--dir", path_arg(&project)]).assert_code(0);
    let target = Path::new(env!("OSPO_GUEST_DIR")).join("../..");
    let build = std::process::Command::new(common::OSPO)
        .args(["plugin", "build", path_arg(&project)])
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("ospo plugin build runs");
    assert!(build.status.success(), "plugin build failed:\n{}", String::from_utf8_lossy(&build.stderr));
    let stdout = String::from_utf8_lossy(&build.stdout);
    let wasm = PathBuf::from(stdout.trim().lines().last().expect("a path"));
    assert!(wasm.is_file() && wasm.extension().is_some_and(|e| e == "wasm"), "{stdout}");
    let built = started.elapsed();

    let tree = dir.path().join("tree");
    std::fs::create_dir_all(tree.join("src")).expect("mkdir");
    std::fs::write(tree.join("src/a.c"), "int x;\n// do not release: hack\n").expect("write");
    std::fs::write(tree.join("src/b.c"), "int y;\n").expect("write");
    let run = ospo([
        "scan",
        path_arg(&tree),
        "--no-default-plugins",
        "--plugin",
        path_arg(&wasm),
        "--format",
        "json",
    ]);
    run.assert_code(0);
    let observations = run.json()["observations"].clone();
    let found: Vec<(String, Value)> = observations
        .as_array()
        .expect("observations")
        .iter()
        .map(|o| (o["path"].as_str().unwrap_or_default().to_string(), o["lines"]["start"].clone()))
        .collect();
    assert_eq!(found, [("src/a.c".to_string(), Value::from(2))], "{observations}");
    eprintln!("plugin new + build: {built:?}; with the scan: {:?}", started.elapsed());
    let _ = toml_path;
}

/// A plugin in another language, built by `ospo plugin build` with its componentize tool, loads
/// and reports. Skipped (saying so) where the tool is not installed.
fn script_plugin_builds_and_runs(fixture: &str, source: &str, var: &str, tool: &str, install: &str) {
    let tool = std::env::var_os(var).unwrap_or_else(|| tool.into());
    if std::process::Command::new(&tool).arg("--version").output().is_err() {
        eprintln!("SKIPPED {fixture}: {} is not installed ({install}, or set {var})", tool.to_string_lossy());
        return;
    }
    let dir = tempfile::tempdir().expect("a temp dir");
    let project = dir.path().join("my-rule");
    std::fs::create_dir_all(&project).expect("mkdir");
    let from = common::workspace_root().join("tests/fixtures").join(fixture).join(source);
    std::fs::copy(from, project.join(source)).expect("copy the source");
    let build = std::process::Command::new(common::OSPO)
        .args(["plugin", "build", path_arg(&project)])
        .env(var, &tool)
        .output()
        .expect("ospo plugin build runs");
    assert!(build.status.success(), "plugin build failed:\n{}", String::from_utf8_lossy(&build.stderr));
    let wasm = project.join("my_rule.wasm");
    assert_eq!(String::from_utf8_lossy(&build.stdout).trim(), path_arg(&wasm.canonicalize().expect("built")));

    let tree = dir.path().join("tree");
    std::fs::create_dir_all(&tree).expect("mkdir");
    std::fs::write(tree.join("a.txt"), "x = 1\n# DO NOT RELEASE\n").expect("write");
    std::fs::write(tree.join("b.txt"), "y = 2\n").expect("write");
    let run = ospo([
        "scan",
        path_arg(&tree),
        "--no-default-plugins",
        "--plugin",
        path_arg(&wasm),
        "--format",
        "json",
    ]);
    run.assert_code(0);
    let observations = run.json()["observations"].clone();
    let found: Vec<(&str, &Value)> = observations
        .as_array()
        .expect("observations")
        .iter()
        .map(|o| (o["path"].as_str().unwrap_or_default(), &o["lines"]["start"]))
        .collect();
    assert_eq!(found, [("a.txt", &Value::from(2))], "{observations}");
}

#[test]
fn a_python_plugin_builds_and_runs() {
    script_plugin_builds_and_runs(
        "plugin-python-detector",
        "app.py",
        "OSPO_COMPONENTIZE_PY",
        "componentize-py",
        "pip install componentize-py==0.25.1",
    );
}

#[test]
fn a_javascript_plugin_builds_and_runs() {
    script_plugin_builds_and_runs(
        "plugin-js-detector",
        "app.js",
        "OSPO_COMPONENTIZE_JS",
        "componentize-js",
        "npm install -g @bytecodealliance/componentize-js@0.23.0",
    );
}
