//! End-to-end scans of fixture projects through the real `ospo` binary: the canonical JSON and the
//! Markdown report are snapshotted; bad input of every kind must end in a clear diagnostic or
//! error with the documented exit code, never a crash or a lost result.

mod common;

use std::path::Path;

use common::{Project, guest, ospo};
use serde_json::Value;

/// Scan JSON with the parts that differ between machines and runs replaced.
fn snapshot_view(result: &Value) -> Value {
    let mut result = result.clone();
    result["root"] = Value::from("[root]");
    assert!(result.get("timings").is_none(), "timings are not part of the result unless asked for");
    for plugin in result["metadata"]["plugins"].as_array_mut().expect("plugins is a list") {
        plugin["sha256"] = Value::from("[sha256]");
    }
    result
}

fn scan_json(root: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["scan", root.to_str().expect("utf-8 temp path"), "--format", "json"];
    args.extend(extra);
    ospo(args).assert_code(0).json()
}

fn codes(result: &Value) -> Vec<String> {
    result["diagnostics"]
        .as_array()
        .expect("diagnostics is a list")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn rust_workspace_scan_matches_snapshot() {
    let project = Project::from_fixture("rust-workspace");
    let result = scan_json(&project.root, &[]);
    insta::assert_json_snapshot!("rust_workspace_json", snapshot_view(&result));
}

#[test]
fn rust_workspace_finds_tags_packages_and_edges() {
    let project = Project::from_fixture("rust-workspace");
    let result = scan_json(&project.root, &[]);
    let tags: Vec<(&str, &str)> = result["licenses"]
        .as_array()
        .expect("licenses")
        .iter()
        .filter(|l| l["detector"] == "license-tag")
        .map(|l| (l["path"].as_str().unwrap_or_default(), l["expression"].as_str().unwrap_or_default()))
        .collect();
    assert!(tags.contains(&("src/main.rs", "MIT OR Apache-2.0")), "{tags:?}");
    assert!(tags.contains(&("crates/ledger-core/src/lib.rs", "MIT OR Apache-2.0")), "{tags:?}");
    assert!(tags.contains(&("build.sh", "Apache-2.0")), "{tags:?}");

    let packages = result["packages"].as_array().expect("packages");
    let anyhow = packages.iter().find(|p| p["name"] == "anyhow").expect("anyhow from Cargo.lock");
    assert_eq!(anyhow["purl"], "pkg:cargo/anyhow@1.0.105");
    assert_eq!(anyhow["direct"], true);
    assert_eq!(anyhow["scope"], "runtime");
    let itoa = packages.iter().find(|p| p["name"] == "itoa").expect("itoa from Cargo.lock");
    assert_eq!(itoa["scope"], "development");
    let serde_derive =
        packages.iter().find(|p| p["name"] == "serde_derive").expect("transitive serde_derive");
    assert_eq!(serde_derive["direct"], false);
    assert!(!result["edges"].as_array().expect("edges").is_empty());
    assert!(result["metrics"].as_array().expect("metrics").iter().any(|m| m["name"] == "inventory.packages"));

    let texts: Vec<(&str, &str)> = result["licenses"]
        .as_array()
        .expect("licenses")
        .iter()
        .filter(|l| l["kind"] == "text")
        .map(|l| (l["path"].as_str().unwrap_or_default(), l["expression"].as_str().unwrap_or_default()))
        .collect();
    assert_eq!(texts, [("LICENSE-APACHE", "Apache-2.0"), ("LICENSE-MIT", "MIT")]);
    let root = &result["projects"][0];
    assert_eq!(root["root"], ".");
    assert_eq!(
        root["expression"], "MIT OR Apache-2.0",
        "the manifest's declaration, inherited from the workspace"
    );
    assert_eq!(root["evidence"], serde_json::json!(["Cargo.toml", "LICENSE-APACHE", "LICENSE-MIT"]));
}

#[test]
fn markdown_report_matches_snapshot() {
    let project = Project::from_fixture("rust-workspace");
    let run = ospo(["scan", project.root.to_str().expect("utf-8"), "--format", "markdown"]);
    run.assert_code(0);
    let report = run.stdout.replace(project.root.to_str().expect("utf-8"), "[root]");
    insta::assert_snapshot!("rust_workspace_markdown", report);
}

#[test]
fn text_format_and_output_file() {
    let project = Project::from_fixture("rust-workspace");
    let out = project.outside().join("report.txt");
    let run = ospo(["scan", project.root.to_str().expect("utf-8"), "--output", out.to_str().expect("utf-8")]);
    run.assert_code(0);
    assert!(run.stdout.is_empty(), "with --output nothing goes to stdout");
    let text = std::fs::read_to_string(&out).expect("report written");
    assert!(text.contains("src/main.rs:1  MIT OR Apache-2.0"), "{text}");
    assert!(text.contains("anyhow 1.0.105  (direct)"), "{text}");
}

#[test]
fn gitignored_files_are_not_scanned() {
    let project = Project::from_fixture("rust-workspace");
    // `.gitignore` applies inside a git work tree only, as git and ripgrep apply it.
    let git = std::process::Command::new("git").args(["init", "-q"]).current_dir(&project.root).status();
    assert!(git.expect("git runs").success(), "git init");
    project.write("target/debug/build/generated.rs", "// SPDX-License-Identifier: GPL-3.0-only\n");
    let result = scan_json(&project.root, &[]);
    let leaked =
        result["licenses"].as_array().expect("licenses").iter().any(|l| l["expression"] == "GPL-3.0-only");
    assert!(!leaked, "a file under the fixture's .gitignore'd target/ was scanned");
}

#[test]
fn plugins_flag_runs_only_the_named_plugins() {
    let project = Project::from_fixture("rust-workspace");
    let result = scan_json(&project.root, &["--plugins", "license-tag"]);
    let names: Vec<&str> = result["metadata"]["plugins"]
        .as_array()
        .expect("plugins")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(names, ["license-tag"]);
    assert!(result["packages"].as_array().expect("packages").is_empty());
    assert!(!result["licenses"].as_array().expect("licenses").is_empty());
}

#[test]
fn example_plugin_loads_with_its_config() {
    let project = Project::from_fixture("rust-workspace");
    project.write("docs/roadmap.md", "# Roadmap\n\nACME-SECRET: do not publish before Q3.\n");
    let config = project.config("[plugin.confidential-marker.config]\nmarkers = [\"ACME-SECRET\"]\n");
    let example = guest("ospo-example-confidential-marker");
    let result = scan_json(
        &project.root,
        &[
            "--no-default-plugins",
            "--plugin",
            example.to_str().expect("utf-8"),
            "--config",
            config.to_str().expect("utf-8"),
        ],
    );
    let observations = result["observations"].as_array().expect("observations");
    assert_eq!(observations.len(), 1, "{observations:?}");
    assert_eq!(observations[0]["path"], "docs/roadmap.md");
    assert_eq!(observations[0]["lines"]["start"], 3);
    assert_eq!(result["metadata"]["plugins"][0]["source"], example.to_str().expect("utf-8"));
}

#[test]
fn malformed_lockfile_is_a_diagnostic_and_other_results_survive() {
    let project = Project::from_fixture("rust-workspace");
    let lock = std::fs::read_to_string(project.root.join("Cargo.lock")).expect("fixture lockfile");
    let broken = lock.replacen("[[package]]\nname = \"itoa\"", "[[package]\nname = \"itoa\"", 1);
    assert_ne!(lock, broken, "the fixture changed: update this test's corruption");
    project.write("Cargo.lock", &broken);
    let result = scan_json(&project.root, &[]);
    let diag = result["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "lockfile-malformed")
        .unwrap_or_else(|| panic!("no lockfile-malformed diagnostic: {:?}", codes(&result)));
    assert_eq!(diag["path"], "Cargo.lock");
    assert!(diag["line"].as_u64().is_some_and(|l| l > 1), "{diag}");
    assert_eq!(diag["plugin"], "cargo");
    let packages = result["packages"].as_array().expect("packages");
    assert!(packages.iter().any(|p| p["name"] == "anyhow"), "packages outside the broken table are kept");
    assert!(!result["licenses"].as_array().expect("licenses").is_empty(), "detector results are kept");
}

#[test]
fn binary_and_oversized_files_are_skipped_with_a_note() {
    let project = Project::from_fixture("rust-workspace");
    let mut binary = b"\x7fELF\x02\x01\x01\0\0\0".to_vec();
    binary.extend_from_slice(b"SPDX-License-Identifier: GPL-2.0-only\n");
    std::fs::write(project.root.join("ledgerline.bin"), binary).expect("binary fixture");
    let huge = "// SPDX-License-Identifier: BSD-3-Clause\n".repeat(200_000); // ~8 MiB
    project.write("data/huge.rs", &huge);
    let result = scan_json(&project.root, &[]);
    let expressions: Vec<&str> = result["licenses"]
        .as_array()
        .expect("licenses")
        .iter()
        .filter_map(|l| l["expression"].as_str())
        .collect();
    assert!(!expressions.contains(&"GPL-2.0-only"), "a binary file was read as text");
    assert!(!expressions.contains(&"BSD-3-Clause"), "an oversized file was scanned");
    let too_large = result["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "file-too-large")
        .expect("the skipped file is reported");
    assert_eq!(too_large["path"], "data/huge.rs");
    assert!(expressions.contains(&"MIT OR Apache-2.0"), "the rest of the scan is intact");
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_non_utf8_names_do_not_stop_the_scan() {
    use std::os::unix::ffi::OsStrExt;
    let project = Project::from_fixture("rust-workspace");
    std::os::unix::fs::symlink("..", project.root.join("src/loop")).expect("symlink loop");
    std::os::unix::fs::symlink("/etc/passwd", project.root.join("passwd")).expect("symlink out of root");
    let odd = project.root.join(std::ffi::OsStr::from_bytes(b"caf\xe9.rs"));
    std::fs::write(&odd, "// SPDX-License-Identifier: ISC\n").expect("non-UTF-8 file name");
    let result = scan_json(&project.root, &[]);
    assert!(codes(&result).contains(&"path-not-utf8".to_string()), "{:?}", codes(&result));
    let paths: Vec<&str> =
        result["licenses"].as_array().expect("licenses").iter().filter_map(|l| l["path"].as_str()).collect();
    assert!(paths.iter().all(|p| !p.starts_with("src/loop")), "the symlink was followed: {paths:?}");
    assert!(paths.contains(&"src/main.rs"));
}

#[test]
fn compiled_plugins_are_cached_between_runs() {
    let project = Project::from_fixture("rust-workspace");
    let cache = project.outside().join("cache");
    let run = |cache: &Path| {
        let output = std::process::Command::new(common::OSPO)
            .args(["scan", project.root.to_str().expect("utf-8"), "--format", "json"])
            .env("OSPO_CACHE_DIR", cache)
            .output()
            .expect("ospo runs");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    };
    run(&cache);
    let entries = |cache: &Path| {
        let mut entries: Vec<(String, std::time::SystemTime)> = std::fs::read_dir(cache)
            .expect("cache dir created")
            .map(|e| {
                let e = e.expect("cache entry");
                (
                    e.file_name().to_string_lossy().into_owned(),
                    e.metadata().and_then(|m| m.modified()).expect("mtime"),
                )
            })
            .collect();
        entries.sort();
        entries
    };
    let first = entries(&cache);
    assert!(first.iter().all(|(name, _)| name.ends_with(".cwasm")), "{first:?}");
    assert!(first.len() >= 4, "one compiled artifact per default plugin: {first:?}");
    run(&cache);
    assert_eq!(first, entries(&cache), "the second run recompiled or rewrote the cache");
}

#[test]
fn plugins_list_names_every_default_plugin() {
    let run = ospo(["plugins", "list", "--format", "json"]);
    let list: Value = serde_json::from_str(&run.assert_code(0).stdout).expect("json");
    let names: Vec<&str> =
        list.as_array().expect("a list").iter().filter_map(|p| p["name"].as_str()).collect();
    for expected in ["license-tag", "cargo", "inventory-metrics", "markdown"] {
        assert!(names.contains(&expected), "{expected} missing from {names:?}");
    }
    for plugin in list.as_array().expect("a list") {
        assert_eq!(plugin["wit_version"], "0.2.0");
        assert_eq!(plugin["sha256"].as_str().map(str::len), Some(64));
        assert!(plugin["source"].as_str().is_some_and(|s| s.starts_with("embedded:")));
    }
    // license-text's content filter is listed: its gate's words and the manifests it always reads.
    let license_text = list.as_array().and_then(|l| l.iter().find(|p| p["name"] == "license-text"));
    if let Some(plugin) = license_text {
        let keywords =
            plugin["content_filter"]["keywords"].as_array().expect("license-text lists its keywords");
        assert!(keywords.iter().any(|k| k == "licen") && keywords.iter().any(|k| k == "copyright"));
        let always = plugin["content_filter"]["always"].as_array().expect("and its always-globs");
        assert!(always.iter().any(|g| g == "**/package.json"), "{always:?}");
    }
    // A detector with no keywords lists no filter (the SDK's default declares none).
    let tag =
        list.as_array().and_then(|l| l.iter().find(|p| p["name"] == "license-tag")).expect("license-tag");
    assert!(tag.get("content_filter").is_none(), "{tag:#}");
    let text = ospo(["plugins", "list"]);
    if license_text.is_some() {
        assert!(
            text.assert_code(0)
                .stdout
                .contains("content filter: files holding one of 24 word(s) (licen, copyright")
        );
    }
}

#[test]
fn usage_and_config_errors_exit_2_with_a_clear_message() {
    let project = Project::from_fixture("rust-workspace");
    let root = project.root.to_str().expect("utf-8");

    let run = ospo(["scan", root, "--format", "pdf"]);
    run.assert_code(2);
    assert!(run.stderr.contains("unknown format \"pdf\""), "{}", run.stderr);
    assert!(run.stderr.contains("markdown"), "the message lists the formats: {}", run.stderr);

    let run = ospo(["scan", "/nonexistent/ospo-test-dir"]);
    run.assert_code(2);
    assert!(run.stderr.contains("/nonexistent/ospo-test-dir"), "{}", run.stderr);

    let config = project.config("[limits]\ntimeout-ms = 100\n\n[plugins]\ndisable = \"cargo\"\n");
    let run = ospo(["scan", root, "--config", config.to_str().expect("utf-8")]);
    run.assert_code(2);
    assert!(run.stderr.contains("ospo.toml: line 5"), "{}", run.stderr);

    let run = ospo(["scan", root, "--plugins", "license-tag,nonesuch"]);
    run.assert_code(2);
    assert!(run.stderr.contains("unknown plugin \"nonesuch\""), "{}", run.stderr);

    let run = ospo(["scan", root, "--jobs", "many"]);
    run.assert_code(2);
}

#[test]
fn custom_licence_from_ospo_toml_is_found_like_an_spdx_text() {
    let project = Project::from_fixture("rust-workspace");
    let acme = "ACME Corporation Internal Source License, version 1.1\n\n\
        This software and its documentation are the property of ACME Corporation. Employees and\n\
        contractors of ACME Corporation may use, copy and modify it for the purposes of their work\n\
        for ACME Corporation. It must not be disclosed, published or distributed outside ACME\n\
        Corporation without the written approval of the ACME Open Source Program Office.\n\n\
        THE SOFTWARE IS PROVIDED AS IS, WITHOUT WARRANTY OF ANY KIND.\n";
    project.write("legal/acme.txt", acme);
    // The same text, reflowed and inside a comment block of a vendored file.
    let reflowed: String = acme
        .split_whitespace()
        .collect::<Vec<_>>()
        .chunks(9)
        .map(|w| format!("// {}\n", w.join(" ")))
        .collect();
    project.write("vendor/acme-billing/src/lib.rs", &format!("{reflowed}\npub fn invoice() {{}}\n"));
    // Inside the root, so the plugin can read it through host.read-file.
    project.write(
        "ospo.toml",
        "[plugin.license-text.config]\ncustom = [{ id = \"LicenseRef-Acme-Internal\", file = \"legal/acme.txt\" }]\n",
    );
    let result = scan_json(&project.root, &[]);
    let found: Vec<(&str, &str)> = result["licenses"]
        .as_array()
        .expect("licenses")
        .iter()
        .filter(|l| l["expression"] == "LicenseRef-Acme-Internal")
        .map(|l| (l["path"].as_str().unwrap_or_default(), l["kind"].as_str().unwrap_or_default()))
        .collect();
    assert!(found.contains(&("vendor/acme-billing/src/lib.rs", "text")), "{found:?}: {:?}", codes(&result));
    assert!(found.contains(&("legal/acme.txt", "text")), "{found:?}");
}

/// A custom licence holding none of license-text's built-in words ("licence", "copyright",
/// "warranty"...): the host asks the plugin's content filter with this scan's config, the
/// filter adds the licence's own words, so the file is sent to the plugin and found.
#[test]
fn custom_licence_without_licence_words_passes_the_content_filter() {
    let project = Project::from_fixture("rust-workspace");
    let covenant = "Northwind Traders Internal Use Covenant, revision 3\n\n\
        This program belongs to Northwind Traders Ltd. Staff and contracted engineers of\n\
        Northwind Traders may run, study, change and share it inside the company for the\n\
        work they do there. Handing it to anyone outside Northwind Traders, in source or\n\
        compiled form, needs the written consent of the Northwind Open Source Office.\n\n\
        The program comes as it is. Northwind Traders owes no support, upkeep or\n\
        compensation for any harm its use may cause.\n";
    project.write("legal/northwind.txt", covenant);
    let header: String = covenant.lines().map(|l| format!("# {l}\n").replace("# \n", "#\n")).collect();
    project.write("tools/stock_sync.py", &format!("{header}\nimport csv\n\nprint(csv.__name__)\n"));
    project.write(
        "ospo.toml",
        "[plugin.license-text.config]\ncustom = [{ id = \"LicenseRef-Northwind\", file = \"legal/northwind.txt\" }]\n",
    );
    let result = scan_json(&project.root, &["--plugins", "license-text"]);
    let found: Vec<(&str, &str)> = result["licenses"]
        .as_array()
        .expect("licenses")
        .iter()
        .filter(|l| l["expression"] == "LicenseRef-Northwind")
        .map(|l| (l["path"].as_str().unwrap_or_default(), l["kind"].as_str().unwrap_or_default()))
        .collect();
    assert!(found.contains(&("tools/stock_sync.py", "text")), "{found:?}: {:?}", codes(&result));
    assert!(found.contains(&("legal/northwind.txt", "text")), "{found:?}");
    // Without the config the file holds no licence word: the filter keeps it from the plugin.
    std::fs::remove_file(project.root.join("ospo.toml")).expect("remove ospo.toml");
    let result = scan_json(&project.root, &["--plugins", "license-text"]);
    let any =
        result["licenses"].as_array().expect("licenses").iter().any(|l| l["path"] == "tools/stock_sync.py");
    assert!(!any, "{:#}", result["licenses"]);
}

/// "See LICENSE" and "the license found in the COPYING file" name a licence file, not a licence:
/// the host resolves each to the licence of the nearest file of that name, from the referencing
/// file's directory up to the scan root, and names the file in the rule id. A file that is not
/// there (no COPYING above `docs/`) leaves the reference as it was.
#[test]
fn see_license_references_resolve_to_the_nearest_licence_file() {
    let project = Project::from_fixture("see-license");
    let result = scan_json(&project.root, &[]);
    let references: Vec<(&str, &str, &str)> = result["licenses"]
        .as_array()
        .expect("licenses")
        .iter()
        .filter(|l| l["kind"] == "reference")
        .map(|l| {
            (
                l["path"].as_str().unwrap_or_default(),
                l["expression"].as_str().unwrap_or_default(),
                l["rule_id"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        references,
        [
            ("README.md", "MIT", "reference/see-license-file:LICENSE"),
            ("crates/tidepool-sys/build.rs", "MIT", "reference/see-license-file:LICENSE"),
            (
                "crates/tidepool-sys/src/lib.rs",
                "ISC",
                "reference/see-license-file:crates/tidepool-sys/COPYING"
            ),
            ("docs/CONTRIBUTING.md", "LicenseRef-see-COPYING", "reference/see-license-file"),
            ("src/lib.rs", "MIT", "reference/see-license-file:LICENSE"),
        ],
        "{:#}",
        result["licenses"]
    );
    insta::assert_json_snapshot!("see_license_json", snapshot_view(&result));
}

#[test]
fn explain_describes_a_code_and_suggests_a_near_one() {
    let run = ospo(["explain", "plugin-timeout"]);
    run.assert_code(0);
    assert!(run.stdout.contains("plugin-timeout") && run.stdout.contains("error"), "{}", run.stdout);
    // A plugin's code, described from the catalogue of the default plugins.
    let run = ospo(["explain", "lockfile-malformed"]);
    run.assert_code(0);
    assert!(run.stdout.contains("cargo"), "{}", run.stdout);
    let run = ospo(["explain", "plugin-timeot"]);
    run.assert_code(2);
    assert!(run.stderr.contains("plugin-timeout"), "{}", run.stderr);
}

/// README's code table is `ospo explain --list` with the default plugins: the host's catalogue
/// and the codes each plugin declares in `info()`.
#[test]
fn readme_code_table_is_what_explain_lists() {
    const START: &str = "<!-- diagnostics-table:start (generated: ospo explain --list) -->\n";
    const END: &str = "<!-- diagnostics-table:end -->";
    let readme = std::fs::read_to_string(common::workspace_root().join("README.md")).expect("README");
    let run = ospo(["explain", "--list"]);
    run.assert_code(0);
    let found = readme.split_once(START).and_then(|(_, rest)| rest.split_once(END)).map(|(table, _)| table);
    assert!(
        found == Some(run.stdout.as_str()),
        "README.md's diagnostics table differs; paste this between `{}` and `{END}`:\n\n{}",
        START.trim_end(),
        run.stdout
    );
}
