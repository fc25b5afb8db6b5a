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

/// A language whose plugins a componentize tool builds.
#[derive(Clone, Copy)]
enum Script {
    Python,
    Js,
}

impl Script {
    fn lang(self) -> &'static str {
        match self {
            Script::Python => "python",
            Script::Js => "js",
        }
    }

    /// The tool as `ospo plugin build` finds it when the project has none of its own; `None`
    /// (saying so) where it is not installed, unless `OSPO_REQUIRE_COMPONENTIZE` is set (CI
    /// installs both: there a missing tool fails the test instead of skipping it).
    fn tool(self) -> Option<std::ffi::OsString> {
        let (var, default, install) = match self {
            Script::Python => {
                ("OSPO_COMPONENTIZE_PY", "componentize-py", "pip install componentize-py==0.25.1")
            }
            Script::Js => (
                "OSPO_COMPONENTIZE_JS",
                "componentize-js",
                "npm install @bytecodealliance/componentize-js@0.23.0",
            ),
        };
        let tool = std::env::var_os(var).unwrap_or_else(|| default.into());
        if std::process::Command::new(&tool).arg("--version").output().is_ok() {
            return Some(tool);
        }
        let message = format!("{} is not installed ({install}, or set {var})", tool.to_string_lossy());
        assert!(std::env::var_os("OSPO_REQUIRE_COMPONENTIZE").is_none(), "{message}");
        eprintln!("SKIPPED: {message}");
        None
    }

    /// The project's own tests, natively: what its README tells the author to run.
    fn native_tests(self, project: &Path) {
        let (program, args): (&str, &[&str]) = match self {
            Script::Python => ("python3", &["-m", "unittest"]),
            Script::Js => ("node", &["--test"]),
        };
        let run = std::process::Command::new(program)
            .args(args)
            .current_dir(project)
            .output()
            .unwrap_or_else(|err| panic!("{program} runs: {err}"));
        assert!(
            run.status.success(),
            "{program} {args:?} failed in {}:\n{}{}",
            project.display(),
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        );
    }
}

/// `ospo plugin build DIR` with the tool; the component it printed (and timings for README).
fn build_script(project: &Path, tool: &std::ffi::OsStr) -> PathBuf {
    let started = std::time::Instant::now();
    let build = std::process::Command::new(common::OSPO)
        .args(["plugin", "build", path_arg(project)])
        .env("OSPO_COMPONENTIZE_PY", tool)
        .env("OSPO_COMPONENTIZE_JS", tool)
        .output()
        .expect("ospo plugin build runs");
    assert!(build.status.success(), "plugin build failed:\n{}", String::from_utf8_lossy(&build.stderr));
    let wasm = PathBuf::from(String::from_utf8_lossy(&build.stdout).trim());
    assert!(
        wasm.is_file() && wasm.starts_with(project.canonicalize().expect("exists")),
        "{}",
        wasm.display()
    );
    let size = std::fs::metadata(&wasm).map(|m| m.len()).unwrap_or_default();
    eprintln!("built {} ({size} bytes) in {:?}", wasm.display(), started.elapsed());
    wasm
}

/// A scan of `tree` with the plugin alone (plus `extra`), timed for README.
fn scan_alone(tree: &Path, wasm: &Path, extra: &[&str]) -> common::Run {
    let mut args = vec!["scan", path_arg(tree), "--no-default-plugins", "--plugin", path_arg(wasm)];
    args.extend(extra);
    if !extra.contains(&"--format") {
        args.extend(["--format", "json"]);
    }
    let run = ospo(args);
    eprintln!("scan with {} took {:?}", wasm.display(), run.elapsed);
    run
}

fn observed(run: &common::Run) -> Vec<(String, String, i64)> {
    let result = run.json();
    result["observations"]
        .as_array()
        .expect("observations")
        .iter()
        .map(|o| {
            (
                o["rule_id"].as_str().unwrap_or_default().to_string(),
                o["path"].as_str().unwrap_or_default().to_string(),
                o["lines"]["start"].as_i64().unwrap_or_default(),
            )
        })
        .collect()
}

/// `ospo plugin new detector my-rule --lang ...`, built and scanned with no edits; its own tests pass.
fn new_script_detector(script: Script) {
    let Some(tool) = script.tool() else { return };
    let dir = tempfile::tempdir().expect("a temp dir");
    let project = dir.path().join("my-rule");
    ospo(["plugin", "new", "detector", "my-rule", "--lang", script.lang(), "--dir", path_arg(&project)])
        .assert_code(0);
    let wasm = build_script(&project, &tool);
    assert_eq!(wasm.file_name().and_then(|n| n.to_str()), Some("my_rule.wasm"));
    script.native_tests(&project);

    let tree = dir.path().join("tree");
    std::fs::create_dir_all(tree.join("src")).expect("mkdir");
    std::fs::write(tree.join("src/a.c"), "int x;\n// do not release: hack\n").expect("write");
    std::fs::write(tree.join("src/b.c"), "int y;\n").expect("write");
    let run = scan_alone(&tree, &wasm, &[]);
    run.assert_code(0);
    assert_eq!(observed(&run), [("my-rule".to_string(), "src/a.c".to_string(), 2)]);

    // The author's CI step of the generated README: a snapshot over the project's fixture.
    let fixture = project.join("tests/fixture");
    ospo(["plugin", "test", path_arg(&wasm), path_arg(&fixture), "--update"]).assert_code(0);
    ospo(["plugin", "test", path_arg(&wasm), path_arg(&fixture)]).assert_code(0);
}

/// `ospo plugin new parser vendor-list --lang ...`: its packages reach the inventory.
fn new_script_parser(script: Script) {
    let Some(tool) = script.tool() else { return };
    let dir = tempfile::tempdir().expect("a temp dir");
    let project = dir.path().join("vendor-list");
    ospo(["plugin", "new", "parser", "vendor-list", "--lang", script.lang(), "--dir", path_arg(&project)])
        .assert_code(0);
    let wasm = build_script(&project, &tool);
    script.native_tests(&project);

    let tree = dir.path().join("tree");
    std::fs::create_dir_all(tree.join("third_party")).expect("mkdir");
    std::fs::write(tree.join("third_party/vendor.txt"), "# bundled\nzlib 1.3.1\nlibpng\n").expect("write");
    let run = scan_alone(&tree, &wasm, &[]);
    run.assert_code(0);
    let result = run.json();
    let packages: Vec<(&str, &Value)> = result["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| (p["purl"].as_str().unwrap_or_default(), &p["locations"][0]["line"]))
        .collect();
    assert_eq!(packages, [("pkg:generic/zlib@1.3.1", &Value::from(2))], "{result}");
    let malformed = common::diagnostics(&result, "manifest-malformed", "vendor-list");
    assert_eq!(malformed.len(), 1, "{result}");
    assert_eq!(malformed[0]["line"], 3, "{result}");
    assert_eq!(result["manifests"][0]["path"], "third_party/vendor.txt", "{result}");
}

#[test]
fn new_python_detector_builds_and_scans() {
    new_script_detector(Script::Python);
}

#[test]
fn new_js_detector_builds_and_scans() {
    new_script_detector(Script::Js);
}

#[test]
fn new_python_parser_builds_and_scans() {
    new_script_parser(Script::Python);
}

#[test]
fn new_js_parser_builds_and_scans() {
    new_script_parser(Script::Js);
}

/// A copy of `examples/<rel>` in a temp dir (a build writes beside the sources), without what
/// an earlier local build or install left there.
fn example_copy(rel: &str, to: &Path) -> PathBuf {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("read the example") {
            let entry = entry.expect("an entry");
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.')
                || name == "__pycache__"
                || name == "node_modules"
                || name.ends_with(".wasm")
            {
                continue;
            }
            let path = entry.path();
            if path.is_dir() {
                copy(&path, &to.join(&*name));
            } else {
                std::fs::copy(&path, to.join(&*name)).expect("copy");
            }
        }
    }
    let from = common::workspace_root().join("examples").join(rel);
    let project = to.join(from.file_name().expect("a name"));
    copy(&from, &project);
    project
}

#[test]
fn the_python_example_detector_reports_copied_snippets() {
    let Some(tool) = Script::Python.tool() else { return };
    let dir = tempfile::tempdir().expect("a temp dir");
    let project = example_copy("python/snippet-provenance", dir.path());
    let wasm = build_script(&project, &tool);
    assert_eq!(wasm.file_name().and_then(|n| n.to_str()), Some("snippet_provenance.wasm"));
    Script::Python.native_tests(&project);

    let fixture = project.join("tests/fixture");
    let config = dir.path().join("ospo.toml");
    std::fs::write(&config, "[plugin.snippet-provenance.config]\nreviewed-posts = [19134860]\n")
        .expect("write");
    let run = scan_alone(&fixture, &wasm, &["--config", path_arg(&config)]);
    run.assert_code(0);
    let found = observed(&run);
    let expected =
        [("stackoverflow-snippet", "src/util/retry.py", 6), ("copied-code", "src/util/slug.js", 1)]
            .map(|(rule, path, line)| (rule.to_string(), path.to_string(), line));
    assert_eq!(found, expected);
    let result = run.json();
    let messages: Vec<&str> = result["observations"]
        .as_array()
        .expect("observations")
        .iter()
        .filter_map(|o| o["message"].as_str())
        .collect();
    assert!(messages[0].contains("Stack Overflow post 9807138: CC BY-SA"), "{messages:?}");

    // A configuration it cannot read is its own diagnostic, and no post counts as reviewed.
    std::fs::write(&config, "[plugin.snippet-provenance.config]\nreviewed-posts = \"all\"\n").expect("write");
    let run = scan_alone(&fixture, &wasm, &["--config", path_arg(&config)]);
    run.assert_code(0);
    assert_eq!(observed(&run).len(), 3);
    assert!(!common::diagnostics(&run.json(), "snippet-provenance-config", "snippet-provenance").is_empty());
}

#[test]
fn the_js_example_reporter_writes_a_csv_inventory() {
    let Some(tool) = Script::Js.tool() else { return };
    let dir = tempfile::tempdir().expect("a temp dir");
    let project = example_copy("js/csv-inventory", dir.path());
    let wasm = build_script(&project, &tool);
    Script::Js.native_tests(&project);

    let tree = common::workspace_root().join("tests/fixtures/eco-npm-lock-v3");
    let out = dir.path().join("inventory.csv");
    let format = format!("csv={}", path_arg(&out));
    // The parser and the reporter alone: the rows do not change with the other default plugins.
    let run = ospo([
        "scan",
        path_arg(&tree),
        "--plugin",
        path_arg(&wasm),
        "--plugins",
        "npm,csv-inventory",
        "--format",
        &format,
    ]);
    run.assert_code(0);
    let csv = std::fs::read_to_string(&out).expect("the CSV");
    assert!(csv.starts_with("name,version,ecosystem,purl,scope,direct,license,license_source,manifest\r\n"));
    insta::assert_snapshot!("csv_inventory_eco_npm_lock_v3", csv);

    // What the host sees: a reporter of csv.
    let run = ospo(["plugin", "inspect", path_arg(&wasm), "--format", "json"]);
    run.assert_code(0);
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(report["world"], "reporter");
    assert_eq!(report["info"]["formats"], serde_json::json!(["csv"]));
}

#[test]
fn push_then_pull_round_trips_through_an_oci_registry() {
    let registry = common::oci::Registry::start();
    let dir = tempfile::tempdir().expect("a temp dir");
    let plugin = marker_plugin();
    let reference = format!("oci://{}/acme/plugins/marker:1.0.0", registry.addr);
    let push = ospo(["plugin", "push", path_arg(&plugin), &reference]);
    push.assert_code(0);
    let pinned = push.stdout.trim().to_string();
    assert!(pinned.starts_with(&format!("oci://{}/acme/plugins/marker@sha256:", registry.addr)), "{pinned}");

    // The layout wkg writes: an OCI manifest, a Wasm config, one application/wasm layer.
    let (content_type, manifest) =
        registry.store.lock().expect("lock").manifests["acme/plugins/marker:1.0.0"].clone();
    assert_eq!(content_type, "application/vnd.oci.image.manifest.v1+json");
    let manifest: Value = serde_json::from_slice(&manifest).expect("JSON");
    assert_eq!(manifest["config"]["mediaType"], "application/vnd.wasm.config.v0+json");
    assert_eq!(manifest["layers"].as_array().map(Vec::len), Some(1));
    assert_eq!(manifest["layers"][0]["mediaType"], "application/wasm");

    let bytes = std::fs::read(&plugin).expect("the plugin");
    for source in [reference.as_str(), pinned.as_str()] {
        let out = dir.path().join("pulled.wasm");
        let pull = ospo(["plugin", "pull", source, "--out", path_arg(&out)]);
        pull.assert_code(0);
        assert_eq!(pull.stdout.trim(), path_arg(&out));
        assert!(std::fs::read(&out).expect("pulled") == bytes, "{source}: the pulled file differs");
        std::fs::remove_file(&out).expect("remove");
    }
    let out = dir.path().join("pulled.wasm");
    ospo(["plugin", "pull", &reference, "--out", path_arg(&out)]).assert_code(0);
    ospo(["plugin", "inspect", path_arg(&out)]).assert_code(0);
}

/// Public registries answer an anonymous pull with a Bearer challenge; the token it names is
/// fetched once and used for the manifest and the layer.
#[test]
fn a_pull_answers_a_bearer_challenge_with_an_anonymous_token() {
    let registry = common::oci::Registry::start();
    let reference = format!("oci://{}/marker:1", registry.addr);
    ospo(["plugin", "push", path_arg(&marker_plugin()), &reference]).assert_code(0);
    registry.store.lock().expect("lock").require_token = Some("anon-123".to_string());
    let dir = tempfile::tempdir().expect("a temp dir");
    let out = dir.path().join("pulled.wasm");
    ospo(["plugin", "pull", &reference, "--out", path_arg(&out)]).assert_code(0);
    assert!(std::fs::read(&out).expect("pulled") == std::fs::read(marker_plugin()).expect("the plugin"));
    let log = registry.store.lock().expect("lock").log.clone();
    let tokens: Vec<&String> = log.iter().filter(|l| l.starts_with("GET /token")).collect();
    assert_eq!(tokens.len(), 1, "{log:?}");
    assert!(tokens[0].contains("scope=repository%3Amarker%3Apull%2Cpush"), "{log:?}");
}

#[test]
fn a_pull_refuses_a_tampered_layer_and_writes_nothing() {
    let registry = common::oci::Registry::start();
    let dir = tempfile::tempdir().expect("a temp dir");
    let reference = format!("oci://{}/marker:1", registry.addr);
    ospo(["plugin", "push", path_arg(&marker_plugin()), &reference]).assert_code(0);
    {
        let mut store = registry.store.lock().expect("lock");
        for blob in store.blobs.values_mut() {
            if blob.starts_with(b"\0asm") {
                blob[100] ^= 1;
            }
        }
    }
    let out = dir.path().join("pulled.wasm");
    let run = ospo(["plugin", "pull", &reference, "--out", path_arg(&out)]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("not the manifest's sha256:") && run.stderr.contains("nothing was written"),
        "{}",
        run.stderr
    );
    assert!(!out.exists());

    // An artifact that is not a Wasm component is refused by its config media type.
    let image = br#"{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:00","size":2},"layers":[]}"#;
    registry.store.lock().expect("lock").manifests.insert(
        "marker:image".to_string(),
        ("application/vnd.oci.image.manifest.v1+json".to_string(), image.to_vec()),
    );
    let run =
        ospo(["plugin", "pull", &format!("oci://{}/marker:image", registry.addr), "--out", path_arg(&out)]);
    run.assert_code(2);
    assert!(run.stderr.contains("is not a Wasm component artifact"), "{}", run.stderr);
    let run =
        ospo(["plugin", "pull", &format!("oci://{}/marker:missing", registry.addr), "--out", path_arg(&out)]);
    run.assert_code(2);
    assert!(run.stderr.contains("404"), "{}", run.stderr);
}
