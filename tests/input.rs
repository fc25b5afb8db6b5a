//! The scanned tree as untrusted input: files are read safely (a sparse 100 GB file costs
//! nothing), nothing is left out silently (ignore rules apply the way git and ripgrep apply them,
//! and what they leave out is counted), and nothing from a plugin or a file name reaches a
//! terminal or a report unescaped.

mod common;

use std::path::Path;
use std::process::Command;

use common::{Project, ospo, test_plugin};
use serde_json::Value;

fn codes(result: &Value) -> Vec<&str> {
    result["diagnostics"].as_array().expect("diagnostics").iter().filter_map(|d| d["code"].as_str()).collect()
}

fn diagnostic<'a>(result: &'a Value, code: &str) -> Option<&'a Value> {
    result["diagnostics"].as_array().expect("diagnostics").iter().find(|d| d["code"] == code)
}

fn license_paths(result: &Value) -> Vec<&str> {
    result["licenses"].as_array().expect("licenses").iter().filter_map(|l| l["path"].as_str()).collect()
}

fn scan_json(root: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["scan", root.to_str().expect("utf-8"), "--format", "json"];
    args.extend(extra);
    ospo(args).assert_code(0).json()
}

fn git_init(root: &Path) {
    let status = Command::new("git").args(["init", "-q"]).current_dir(root).status().expect("git runs");
    assert!(status.success(), "git init failed in {}", root.display());
}

/// Characters a terminal obeys; none may reach stdout or stderr raw.
const RAW: &[char] = &['\x1b', '\x07', '\r', '\u{9b}', '\u{202e}', '\u{202c}'];

fn assert_inert(what: &str, text: &str) {
    for c in RAW {
        assert!(!text.contains(*c), "{c:?} reached {what} raw:\n{}", text.escape_debug());
    }
}

/// Before the fix the host reserved `min(size, max-size)` bytes, `u64::MAX` for a plugin without
/// `max-size`: a 100 GB sparse file aborted the scan (exit 134) before reading a byte.
#[test]
fn sparse_huge_files_are_too_large_and_every_other_result_is_kept() {
    let project = Project::from_fixture("rust-workspace");
    for name in ["huge/Cargo.lock", "huge/notes.txt"] {
        let path = project.write(name, "");
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_len(100 << 30))
            .expect("a sparse 100 GB file (no disk used)");
    }
    // `echo` declares no max-size (the SDK default), so only the host's cap protects it.
    let echo = test_plugin("echo");
    let result = scan_json(&project.root, &["--plugin", echo.to_str().expect("utf-8")]);
    let too_large: Vec<&str> = result["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "file-too-large")
        .filter_map(|d| d["path"].as_str())
        .collect();
    assert!(too_large.contains(&"huge/Cargo.lock"), "{too_large:?}");
    assert!(too_large.contains(&"huge/notes.txt"), "{too_large:?}");
    assert!(license_paths(&result).contains(&"src/main.rs"), "the detectors' results are kept");
    let packages = result["packages"].as_array().expect("packages");
    assert!(packages.iter().any(|p| p["name"] == "anyhow"), "the real Cargo.lock is still parsed");
}

/// A file name and every string a plugin returns carry clear-screen, OSC 8, CR, BEL, C1 and bidi
/// controls: text output, logs on stderr and `plugins list` write them visibly.
#[cfg(unix)]
#[test]
fn escape_sequences_from_file_names_and_plugins_reach_no_terminal_raw() {
    let project = Project::from_fixture("rust-workspace");
    project.write("docs/\x1b[2J\x1b]8;;https://evil.example\x07x\u{202e}txt.txt", "hello\n");
    project.write("docs/\rFORGED.rs", "// SPDX-License-Identifier: MIT\n");
    let ansi = test_plugin("ansi");
    let ansi = ansi.to_str().expect("utf-8");

    let text = ospo(["scan", project.root.to_str().expect("utf-8"), "--plugin", ansi]);
    text.assert_code(0);
    assert_inert("the text report", &text.stdout);
    assert_inert("stderr (plugin logs)", &text.stderr);
    assert!(text.stdout.contains("\\x1b[2J"), "the escape is shown, not dropped:\n{}", text.stdout);
    assert!(text.stdout.contains("docs/\\rFORGED.rs"), "{}", text.stdout);
    assert!(text.stderr.contains("\\x1b[2J"), "the plugin's log is shown escaped:\n{}", text.stderr);
    // A finding's message stays on its line.
    assert!(
        text.stdout.lines().any(|l| l.contains("[ansi]") && l.contains("\\n# heading")),
        "{}",
        text.stdout
    );

    let list = ospo(["plugins", "list", "--plugin", ansi]);
    list.assert_code(0);
    assert_inert("plugins list", &list.stdout);
    assert!(list.stdout.contains("\\x1b[2J"), "{}", list.stdout);

    // JSON is escaped by serde: C0 controls are written as \u001b (C1 and bidi characters are
    // valid JSON text and stay, for the consumer that prints them to escape).
    let json = ospo(["scan", project.root.to_str().expect("utf-8"), "--format", "json", "--plugin", ansi]);
    json.assert_code(0);
    for c in ['\x1b', '\x07', '\r'] {
        assert!(!json.stdout.contains(c), "{c:?} reached the JSON report raw");
    }
    assert!(json.stdout.contains("\\u001b[2J"), "{}", json.stdout);
}

#[test]
fn markdown_report_escapes_markup_and_control_characters_from_plugins() {
    let project = Project::from_fixture("rust-workspace");
    project.write("notes.txt", "hello\n");
    let ansi = test_plugin("ansi");
    let run = ospo([
        "scan",
        project.root.to_str().expect("utf-8"),
        "--format",
        "markdown",
        "--plugin",
        ansi.to_str().expect("utf-8"),
    ]);
    run.assert_code(0);
    assert_inert("the Markdown report", &run.stdout);
    for markup in [" <img", "[x](https://", "*bold*", "_em_", "`code`", " &amp;", "\n# heading"] {
        assert!(!run.stdout.contains(markup), "{markup:?} reached the Markdown report:\n{}", run.stdout);
    }
    let row = run.stdout.lines().find(|l| l.contains("cleared")).expect("the observation's row");
    assert_eq!(row.replace("\\|", "").matches('|').count(), 5, "the message broke its row: {row}");
}

/// Debian's kernel source package has a `.gitignore` of `/*` and is no git work tree: it scanned
/// 0 files and exited 0 without a word.
#[test]
fn gitignore_applies_only_inside_a_git_work_tree_and_what_it_leaves_out_is_counted() {
    let project = Project::from_fixture("ignored-tree");
    project.write(".gitignore", "/*\n");

    let outside_git = scan_json(&project.root, &[]);
    let paths = license_paths(&outside_git);
    assert!(paths.contains(&"src/main.c") && paths.contains(&"src/helper.c"), "{paths:?}");
    assert!(!codes(&outside_git).contains(&"files-ignored"), "{:?}", codes(&outside_git));

    git_init(&project.root);
    let in_git = scan_json(&project.root, &[]);
    assert!(license_paths(&in_git).is_empty(), "{:?}", license_paths(&in_git));
    assert_eq!(in_git["files_ignored"], 5);
    let ignored = diagnostic(&in_git, "files-ignored").expect("the ignored files are reported");
    assert_eq!(ignored["level"], "info");
    let message = ignored["message"].as_str().expect("message");
    assert!(message.starts_with("5 files left out by ignore rules"), "{message}");
    assert!(message.contains("src/ (2)") && message.contains("./ (2)"), "{message}");
    let nothing = diagnostic(&in_git, "nothing-scanned").expect("an empty scan says so");
    assert_eq!(nothing["level"], "warning");

    let text = ospo(["scan", project.root.to_str().expect("utf-8")]);
    text.assert_code(0);
    assert!(text.stdout.contains("0 files scanned (5 ignored)"), "{}", text.stdout);
}

#[test]
fn no_ignore_scans_what_ignore_rules_leave_out_but_keeps_scan_exclude() {
    let project = Project::from_fixture("ignored-tree");
    project.write(".gitignore", "/*\n");
    git_init(&project.root);
    let config = project.config("[scan]\nexclude = [\"src/helper.c\"]\n");
    let result = scan_json(&project.root, &["--no-ignore", "--config", config.to_str().expect("utf-8")]);
    let paths = license_paths(&result);
    assert!(paths.contains(&"src/main.c"), "{paths:?}");
    assert!(!paths.contains(&"src/helper.c"), "[scan] exclude still applies: {paths:?}");
    assert!(!codes(&result).contains(&"files-ignored"), "{:?}", codes(&result));
    assert!(result.get("files_ignored").is_none(), "nothing was ignored");
}

#[test]
fn an_empty_tree_says_nothing_was_scanned() {
    let project = Project::from_fixture("ignored-tree");
    for file in ["src/main.c", "src/helper.c", "debian/copyright", "notes.txt"] {
        std::fs::remove_file(project.root.join(file)).expect("emptying the tree");
    }
    let result = scan_json(&project.root, &[]);
    let nothing = diagnostic(&result, "nothing-scanned").expect("an empty scan says so");
    assert!(nothing["message"].as_str().is_some_and(|m| m.contains("holds no file")), "{nothing:#}");
}
