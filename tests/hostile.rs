//! Nothing a plugin returns can panic or hang the host, and the host's own work stays linear and
//! under deadlines (issue 18). Each test scans a copy of `tests/fixtures/sandbox` with one hostile
//! plugin and no default plugins (the classes are the host's, not the defaults'), and checks the
//! scan exits 0 with a diagnostic naming the plugin, within a bound.

mod common;

use std::time::Duration;

use common::{Project, assert_plugin_diagnostic, diagnostics, observations, ospo, test_plugin};

/// `ospo.toml` for `plugin`: its limits table, then its `config` table.
fn config(plugin: &str, limits: &str, config: &str) -> String {
    format!("[plugin.{plugin}]\n{limits}\n\n[plugin.{plugin}.config]\n{config}\n")
}

fn scan(project: &Project, plugin: &str, toml: &str) -> common::Run {
    let run = project.scan_with(&test_plugin(plugin), toml, &["--no-default-plugins"]);
    run.assert_code(0);
    run
}

#[test]
fn info_globs_whose_regex_does_not_compile_leave_the_plugin_out() {
    let project = Project::from_fixture("sandbox");
    let run = scan(&project, "bad-glob", "");
    let result = run.json();
    let found = assert_plugin_diagnostic(&result, "plugin-invalid-glob", "bad-glob");
    assert!(found[0]["message"].as_str().is_some_and(|m| m.contains("limit")), "{found:?}");
}

#[test]
fn list_files_with_a_glob_whose_regex_does_not_compile_is_an_error_to_the_plugin() {
    let project = Project::from_fixture("sandbox");
    let run = scan(&project, "hostile-host", &config("hostile-host", "", "mode = 'list-files-bad-glob'"));
    let result = run.json();
    assert_plugin_diagnostic(&result, "plugin-invalid-glob", "hostile-host");
    let outcomes = observations(&result, "hostile-host");
    assert!(!outcomes.is_empty() && outcomes.iter().all(|o| o.contains("error:")), "{outcomes:?}");
}

#[test]
fn plugins_list_shows_a_plugin_whose_globs_do_not_compile_instead_of_crashing() {
    let plugin = test_plugin("bad-glob");
    for format in ["text", "json"] {
        let run = ospo([
            "plugins".as_ref(),
            "list".as_ref(),
            "--no-default-plugins".as_ref(),
            "--format".as_ref(),
            format.as_ref(),
            "--plugin".as_ref(),
            plugin.as_os_str(),
        ]);
        run.assert_code(0);
        assert!(run.stdout.contains("bad-glob") && run.stdout.contains("error"), "{}", run.stdout);
    }
}

#[test]
fn a_content_filter_of_a_million_keywords_does_not_hang_the_scan() {
    let project = Project::from_fixture("sandbox");
    let toml =
        config("hostile-host", "output-mb = 64\nmemory-mb = 512", "mode = 'keywords'\ncount = 1000000");
    let run = scan(&project, "hostile-host", &toml);
    // Over the keyword cap (or the plugin's budget): the filter is dropped with a diagnostic.
    let result = run.json();
    assert!(
        !diagnostics(&result, "plugin-output-limit", "hostile-host").is_empty(),
        "{:#}",
        result["diagnostics"]
    );
    eprintln!("scan with a 1,000,000-keyword filter: {:?}", run.elapsed);
    assert!(run.elapsed < Duration::from_secs(30), "{:?}", run.elapsed);
}

#[test]
fn many_identical_findings_merge_in_linear_time() {
    let project = Project::from_fixture("sandbox");
    let toml = config("hostile-host", "output-mb = 64\nmemory-mb = 512", "mode = 'findings'\ncount = 200000");
    let run = scan(&project, "hostile-host", &toml);
    let result = run.json();
    let flood: Vec<_> = result["licenses"]
        .as_array()
        .map(|l| l.iter().filter(|f| f["rule_id"] == "hostile-flood").collect())
        .unwrap_or_default();
    eprintln!("scan with 200,000 identical findings per call: {:?}, {} kept", run.elapsed, flood.len());
    assert!(!flood.is_empty() && flood.len() <= 8, "one finding per file given: {}", flood.len());
}

#[test]
fn list_data_on_a_large_grant_returns_within_the_deadline() {
    let project = Project::from_fixture("sandbox");
    let grant = project.outside().join("big");
    for d in 0..50 {
        let dir = grant.join(format!("d{d}"));
        std::fs::create_dir_all(&dir).expect("grant dir");
        for f in 0..100 {
            std::fs::write(dir.join(format!("f{f}")), "").expect("grant file");
        }
    }
    let toml = format!(
        "[plugin.hostile-host]\ntimeout-ms = 50\n\n[plugin.hostile-host.data]\nbig = {:?}\n\n\
         [plugin.hostile-host.config]\nmode = 'list-data'\n",
        grant.display().to_string()
    );
    let run = scan(&project, "hostile-host", &toml);
    let result = run.json();
    let outcomes = observations(&result, "hostile-host");
    // Either the walk finished inside 50 ms or it stopped at the deadline; never more than that.
    assert!(
        outcomes.iter().all(|o| o.contains("ok, 5000 entries") || o.contains("deadline exceeded"))
            && (!outcomes.is_empty() || !diagnostics(&result, "plugin-timeout", "hostile-host").is_empty()),
        "{outcomes:?} {:#}",
        result["diagnostics"]
    );
    eprintln!("list-data over 5,000 files under a 50 ms deadline: scan took {:?}", run.elapsed);
    assert!(run.elapsed < Duration::from_secs(10), "{:?}", run.elapsed);
}

#[test]
fn a_plugin_that_always_times_out_costs_a_bounded_number_of_deadlines() {
    let project = Project::from_fixture("sandbox");
    for n in 0..200 {
        project.write(&format!("many/f{n}.txt"), "text\n");
    }
    let run = scan(&project, "loop", "[plugin.loop]\ntimeout-ms = 100\n");
    let result = run.json();
    let timeouts = diagnostics(&result, "plugin-timeout", "loop");
    assert_plugin_diagnostic(&result, "plugin-disabled", "loop");
    // A timed-out batch is not bisected: each timeout is one failure, three disable the plugin
    // (batches already running on other workers when it is disabled still finish theirs).
    assert!(timeouts.len() <= 3 + 2, "{timeouts:#?}");
    assert!(timeouts.iter().any(|d| d["message"].as_str().is_some_and(|m| m.contains("on a batch of"))));
    eprintln!("always-timeout plugin, 100 ms deadline, 207 files: scan took {:?}", run.elapsed);
    assert!(run.elapsed < Duration::from_millis(100 * 10 + 3000), "{:?}", run.elapsed);
}
