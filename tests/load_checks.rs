//! Plugins the host must refuse before running anything: not a component, a component of some
//! other world, one built against an incompatible contract version, one whose bytes do not match
//! the sha256 pinned in `ospo.toml`. Unlike a plugin misbehaving mid-scan, these are tool errors:
//! exit code 2, no report, and a message on stderr naming the file, what was expected and what was
//! found.

mod common;

use std::ffi::OsStr;
use std::path::Path;

use common::{Project, Run, ospo, test_plugin, toml_path};
use sha2::{Digest, Sha256};

/// Asserts a refusal: exit 2, nothing on stdout, and every one of `expected` on stderr.
fn assert_refused(run: &Run, expected: &[&str]) {
    run.assert_code(2);
    assert!(
        run.stdout.is_empty(),
        "a refused plugin must not leave a partial report on stdout:\n{}",
        run.stdout
    );
    for needle in expected {
        assert!(run.stderr.contains(needle), "stderr lacks {needle:?}:\n{}", run.stderr);
    }
}

/// `plugin` is refused both by `scan` and by `plugins list`, with `expected` on stderr each time.
fn assert_refused_everywhere(plugin: &Path, expected: &[&str]) {
    let project = Project::from_fixture("sandbox");
    let scan = ospo([
        OsStr::new("scan"),
        project.root.as_os_str(),
        OsStr::new("--format"),
        OsStr::new("json"),
        OsStr::new("--plugin"),
        plugin.as_os_str(),
    ]);
    assert_refused(&scan, expected);
    let list = ospo([
        OsStr::new("plugins"),
        OsStr::new("list"),
        OsStr::new("--format"),
        OsStr::new("json"),
        OsStr::new("--plugin"),
        plugin.as_os_str(),
    ]);
    assert_refused(&list, expected);
}

fn file_name(path: &Path) -> &str {
    path.file_name().and_then(OsStr::to_str).expect("plugin files have UTF-8 names")
}

#[test]
fn not_a_component_is_refused() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    // Bytes that are no wasm at all (deterministic, so a failure reproduces).
    let garbage = dir.path().join("garbage.wasm");
    let noise: Vec<u8> = (0u32..4096).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
    std::fs::write(&garbage, noise).expect("writing garbage.wasm");
    // A valid but empty core module: right magic, layer 0 instead of the component layer.
    let core = dir.path().join("core-module.wasm");
    std::fs::write(&core, b"\0asm\x01\0\0\0").expect("writing core-module.wasm");

    // Each message says what the file is instead: the fix differs (wrong file vs wrong build).
    assert_refused_everywhere(&garbage, &[file_name(&garbage), "is not a WebAssembly"]);
    assert_refused_everywhere(&core, &[file_name(&core), "not a component"]);
}

#[test]
fn wrong_world_is_refused() {
    let plugin = test_plugin("wrong-world");
    assert_refused_everywhere(
        &plugin,
        &[
            file_name(&plugin),
            "exports none of the ospo:plugin worlds",
            "expected one of detector, parser, advisor, collector, reporter",
        ],
    );
}

#[test]
fn incompatible_wit_version_is_refused() {
    let plugin = test_plugin("future-version");
    // Both versions: the user must see which side to upgrade.
    assert_refused_everywhere(
        &plugin,
        &[file_name(&plugin), "ospo:plugin@9.0.0", "ospo:plugin@0.2.0", "ospo:plugin@0.1.0..=0.1.1"],
    );
}

fn sha256_hex(path: &Path) -> String {
    hex::encode(Sha256::digest(std::fs::read(path).expect("reading the plugin")))
}

/// `ospo.toml` adding `plugin` as an extra plugin pinned to `sha256`.
fn pinned(plugin: &Path, sha256: &str) -> String {
    format!("[[plugins.extra]]\npath = {}\nsha256 = '{sha256}'\n", toml_path(plugin))
}

fn scan_with_config(project: &Project, config_toml: &str) -> Run {
    let config = project.config(config_toml);
    ospo([
        OsStr::new("scan"),
        project.root.as_os_str(),
        OsStr::new("--format"),
        OsStr::new("json"),
        OsStr::new("--config"),
        config.as_os_str(),
    ])
}

#[test]
fn sha256_pin_mismatch_is_refused() {
    let project = Project::from_fixture("sandbox");
    let plugin = test_plugin("echo");
    let wrong = "0".repeat(64);
    let actual = sha256_hex(&plugin);
    let run = scan_with_config(&project, &pinned(&plugin, &wrong));
    assert_refused(&run, &[file_name(&plugin), "sha256", &wrong, &actual]);
}

/// The control for the mismatch: the same pin with the right digest loads and runs the plugin.
#[test]
fn sha256_pin_match_is_accepted() {
    let project = Project::from_fixture("sandbox");
    let plugin = test_plugin("echo");
    let actual = sha256_hex(&plugin);
    let run = scan_with_config(&project, &pinned(&plugin, &actual));
    let result = run.assert_code(0).json();

    let echo = result["metadata"]["plugins"]
        .as_array()
        .expect("plugins is a list")
        .iter()
        .find(|p| p["name"] == "echo")
        .unwrap_or_else(|| panic!("echo is not among the plugins: {:#}", result["metadata"]["plugins"]));
    assert_eq!(echo["sha256"], actual.as_str(), "the report records another digest: {echo:#}");
    assert_eq!(echo["kind"], "detector", "{echo:#}");
    let messages = common::observations(&result, "echo");
    assert!(
        messages.iter().any(|m| m.starts_with("README.txt: ")),
        "echo ran but did not see README.txt: {messages:#?}"
    );
    common::assert_default_results_intact(&result);
}

#[test]
fn a_file_reporter_that_claims_a_default_or_host_format_says_so() {
    let project = Project::from_fixture("sandbox");
    let plugin = test_plugin("impostor");
    let path = plugin.to_str().expect("utf-8 path");
    let root = project.root.to_str().expect("utf-8 path");
    // The user loaded it: it renders `markdown` in place of the default reporter.
    let markdown = common::ospo(["scan", root, "--plugin", path, "--format", "markdown"]);
    markdown.assert_code(0);
    assert!(markdown.stdout.starts_with("impostor markdown report"), "{}", markdown.stdout);
    // `json` is the host's: the canonical result, with both takeovers reported.
    let result = common::ospo(["scan", root, "--plugin", path, "--format", "json"]).assert_code(0).json();
    let notices = common::assert_plugin_diagnostic(&result, "plugin-takes-over", "impostor");
    let messages: Vec<&str> = notices.iter().filter_map(|d| d["message"].as_str()).collect();
    assert!(messages.iter().any(|m| m.contains("\"markdown\"") && m.contains("markdown")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("\"json\"") && m.contains("writes itself")), "{messages:?}");
}
