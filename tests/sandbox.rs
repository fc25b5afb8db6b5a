//! The sandbox holds against hostile plugins. Each test scans a copy of `tests/fixtures/sandbox` (a
//! small real-looking project) with one hostile plugin from `tests/plugins/` added beside the
//! default ones, under tight limits for that plugin only, and checks three things: the scan still
//! succeeds (exit 0), a diagnostic with the expected stable code names the culprit, and the default
//! plugins' results are all there.

mod common;

use common::{
    Project, assert_default_results_intact, assert_plugin_diagnostic, diagnostics, observations, test_plugin,
};

/// `ospo.toml` giving `plugin` the limits in `plugin_table` and everything else roomy defaults, so
/// the only plugin a limit can stop is the hostile one.
fn limits(plugin: &str, plugin_table: &str) -> String {
    format!(
        "[limits]\n\
         timeout-ms = 10000\n\
         memory-mb = 256\n\
         output-mb = 16\n\
         \n\
         [plugin.{plugin}]\n\
         {plugin_table}\n"
    )
}

#[test]
fn infinite_loop_is_stopped_by_the_deadline() {
    let project = Project::from_fixture("sandbox");
    // A deadline that never fired would leave the scan spinning until common::DEADLINE kills it.
    let run = project.scan_with(&test_plugin("loop"), &limits("loop", "timeout-ms = 300"), &[]);
    let result = run.assert_code(0).json();
    assert_plugin_diagnostic(&result, "plugin-timeout", "loop");
    assert_default_results_intact(&result);
}

#[test]
fn memory_bomb_stops_at_the_cap() {
    let project = Project::from_fixture("sandbox");
    // The timeout is a backstop: if the cap failed, the bomb would end as `plugin-timeout` (or grow
    // to 4 GiB) and the assertion below would say so.
    let config = limits("membomb", "memory-mb = 32\ntimeout-ms = 5000");
    let run = project.scan_with(&test_plugin("membomb"), &config, &[]);
    let result = run.assert_code(0).json();
    assert_plugin_diagnostic(&result, "plugin-memory-limit", "membomb");
    assert_default_results_intact(&result);
}

#[test]
fn trap_becomes_a_diagnostic() {
    let project = Project::from_fixture("sandbox");
    let run = project.scan_with(&test_plugin("trap"), &limits("trap", ""), &[]);
    let result = run.assert_code(0).json();
    assert_plugin_diagnostic(&result, "plugin-trap", "trap");
    // An out-of-bounds load is not a panic; users grep these codes, so they must not blur.
    assert!(
        diagnostics(&result, "plugin-panic", "trap").is_empty(),
        "an out-of-bounds trap was reported as a panic: {:#}",
        result["diagnostics"]
    );
    assert_default_results_intact(&result);
}

#[test]
fn panic_becomes_a_diagnostic() {
    let project = Project::from_fixture("sandbox");
    let run = project.scan_with(&test_plugin("panic"), &limits("panic", ""), &[]);
    let result = run.assert_code(0).json();
    let panics = assert_plugin_diagnostic(&result, "plugin-panic", "panic");
    // The guest's panic message (from its captured stderr) tells the user why, not just where.
    assert!(
        panics.iter().any(|d| d["message"].as_str().is_some_and(|m| m.contains("deliberate panic"))),
        "the plugin-panic diagnostic lost the panic message: {panics:#?}"
    );
    assert!(
        diagnostics(&result, "plugin-trap", "panic").is_empty(),
        "a panic (an `unreachable` trap) was reported as a generic trap: {:#}",
        result["diagnostics"]
    );
    assert_default_results_intact(&result);
}

// Unix only: planting the symlinks needs `std::os::unix::fs::symlink`.
#[cfg(unix)]
#[test]
fn read_file_cannot_escape_the_root() {
    use std::os::unix::fs::symlink;

    // Bytes only the file outside the root holds: if they show up anywhere, something escaped.
    const CANARY: &str = "ospo-sandbox-canary: this file lies outside the scanned root";

    // The escape attempts the `escape` plugin makes, in its order (see tests/plugins/escape).
    const ESCAPES: &[&str] = &[
        "../../etc/passwd",
        "/etc/passwd",
        "../outside/passwd",
        "src/../../outside/passwd",
        "link-out/passwd",
        "link-passwd",
    ];

    let project = Project::from_fixture("sandbox");
    let outside = project.outside().join("outside");
    std::fs::create_dir(&outside).expect("creating a directory beside the root");
    std::fs::write(outside.join("passwd"), CANARY).expect("writing the canary");
    symlink(&outside, project.root.join("link-out")).expect("a directory symlink out of the root");
    symlink(outside.join("passwd"), project.root.join("link-passwd"))
        .expect("a file symlink out of the root");

    let run = project.scan_with(&test_plugin("escape"), &limits("escape", ""), &[]);
    let result = run.assert_code(0).json();
    let outcomes = observations(&result, "escape-probe");

    // The control: confinement, not a broken read-file, is what denies the escapes.
    assert!(
        outcomes.iter().any(|m| m.starts_with("README.txt: READ ")),
        "an in-root read-file failed, so the denials below prove nothing: {outcomes:#?}"
    );
    let denied = diagnostics(&result, "sandbox-denied", "escape");
    for probe in ESCAPES {
        let prefix = format!("{probe}: ");
        let mine: Vec<_> = outcomes.iter().filter(|m| m.starts_with(&prefix)).collect();
        assert!(!mine.is_empty(), "the escape plugin did not report {probe}: {outcomes:#?}");
        assert!(
            mine.iter().all(|m| m.starts_with(&format!("{probe}: denied: "))),
            "read-file let the plugin out of the root via {probe}: {mine:#?}"
        );
        // The user hears about it too, with the offending path in the message or the path field.
        assert!(
            denied.iter().any(|d| {
                d["message"].as_str().is_some_and(|m| m.contains(probe)) || d["path"].as_str() == Some(probe)
            }),
            "no sandbox-denied diagnostic names {probe}: {:#}",
            result["diagnostics"]
        );
    }
    assert_plugin_diagnostic(&result, "sandbox-denied", "escape");
    // Neither the plugin nor the walker (which must not follow the symlinks out) leaked the file.
    assert!(!run.stdout.contains(CANARY), "the outside file's contents reached the report");
    assert!(!run.stderr.contains(CANARY), "the outside file's contents reached stderr");
    assert_default_results_intact(&result);
}

#[test]
fn output_flood_is_capped() {
    let project = Project::from_fixture("sandbox");
    // Memory and time are roomy so the output cap, not another limit, is what stops ~13 MiB of
    // observations; logs are off so this test is about returned data only.
    let config = limits(
        "flood",
        "output-mb = 1\nmemory-mb = 256\ntimeout-ms = 20000\n\n[plugin.flood.config]\nlogs = 0",
    );
    let run = project.scan_with(&test_plugin("flood"), &config, &[]);
    let result = run.assert_code(0).json();
    assert_plugin_diagnostic(&result, "plugin-output-limit", "flood");
    // A capped call's output is dropped whole: a truncated half would be a silently wrong report.
    let merged = observations(&result, "flood").len();
    assert_eq!(merged, 0, "{merged} observations of the over-cap call were merged");
    assert!(run.stdout.len() < 1 << 20, "the report is {} bytes: the flood got through", run.stdout.len());
    assert_default_results_intact(&result);
}

#[test]
fn log_flood_is_capped() {
    let project = Project::from_fixture("sandbox");
    // 20 000 lines of ~530 bytes (~10 MiB) against a 1 MiB cap; `-v` so the host would print every
    // line it let through.
    let config = limits(
        "flood",
        "output-mb = 1\ntimeout-ms = 20000\n\n[plugin.flood.config]\n\
         observations = 0\nlogs = 20000\nmessage-bytes = 512",
    );
    let run = project.scan_with(&test_plugin("flood"), &config, &["-v"]);
    let result = run.assert_code(0).json();
    assert_plugin_diagnostic(&result, "plugin-output-limit", "flood");
    // Bounded by the cap (plus the host's own lines), not by what the plugin sent.
    assert!(run.stderr.len() < 4 << 20, "stderr is {} bytes: the log flood was not capped", run.stderr.len());
    assert_default_results_intact(&result);
}

#[test]
fn wasi_grants_nothing() {
    let project = Project::from_fixture("sandbox");
    let run = project.scan_with(&test_plugin("wasi-probe"), &limits("wasi-probe", ""), &[]);
    let result = run.assert_code(0).json();
    let seen = observations(&result, "wasi-probe");

    // Exact: no environment, no arguments, and clocks frozen at 0 so reports are reproducible.
    for expected in ["env: 0 vars", "args: 0 args", "clock: 0s since epoch", "monotonic: 0ns elapsed"] {
        assert!(seen.contains(&expected), "expected {expected:?} from wasi-probe; got {seen:#?}");
    }
    // Prefixes: the error text is the guest libc's, but it must be an error. No preopened
    // directory means neither absolute nor relative paths resolve; no socket address is allowed.
    for prefix in
        ["fs /: error:", "fs .: error:", "fs /etc/passwd: error:", "fs README.txt: error:", "net: error:"]
    {
        assert!(
            seen.iter().any(|m| m.starts_with(prefix)),
            "expected {prefix:?}… from wasi-probe; got {seen:#?}"
        );
    }
    // Being refused by WASI is an ordinary error return inside the guest, not a plugin failure.
    let failures: Vec<_> = result["diagnostics"]
        .as_array()
        .expect("diagnostics is a list")
        .iter()
        .filter(|d| d["plugin"] == "wasi-probe")
        .collect();
    assert!(failures.is_empty(), "wasi-probe raised diagnostics: {failures:#?}");
    assert_default_results_intact(&result);
}

#[test]
fn plugin_is_disabled_after_repeated_failures() {
    let project = Project::from_fixture("sandbox");
    // More files than the fixture has, so there is work left after the third failure: a failed
    // batch is bisected to name the bad file, and every half fails again.
    for n in 1..=12 {
        project.write(&format!("minutes/meeting-{n:02}.txt"), &format!("Meeting {n}: no decisions.\n"));
    }
    // One worker: with several, calls already in flight could fail after the third failure and
    // blur "not called again".
    let run = project.scan_with(&test_plugin("trap"), &limits("trap", ""), &["--jobs", "1"]);
    let result = run.assert_code(0).json();

    let failures = diagnostics(&result, "plugin-trap", "trap").len();
    assert!(
        (1..=3).contains(&failures),
        "expected 1 to 3 plugin-trap diagnostics before the plugin is disabled, got {failures}: {:#}",
        result["diagnostics"]
    );
    let disabled = assert_plugin_diagnostic(&result, "plugin-disabled", "trap");
    assert_eq!(disabled.len(), 1, "the plugin was disabled more than once: {disabled:#?}");
    assert_default_results_intact(&result);
}
