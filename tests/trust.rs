//! The trust model (SECURITY.md): the scanned tree, and the `ospo.toml` inside it, are untrusted.
//! Each test is a hostile tree or config and checks the scan refuses it as a usage error (exit 2)
//! naming the file, the setting and the flag that allows it — or, for the controls, that the same
//! thing is accepted when the user vouches for it. Paths the host opens are never special files.

mod common;

use std::ffi::OsStr;
use std::path::Path;
use std::time::Duration;

use common::{Project, Run, ospo, test_plugin, toml_path};
use sha2::{Digest, Sha256};

/// `ospo scan ROOT --format json EXTRA...`, with whatever `ospo.toml` the tree holds.
fn scan(project: &Project, extra: &[&OsStr]) -> Run {
    let mut args =
        vec![OsStr::new("scan"), project.root.as_os_str(), OsStr::new("--format"), OsStr::new("json")];
    args.extend_from_slice(extra);
    ospo(args)
}

fn assert_refused(run: &Run, expected: &[&str]) {
    run.assert_code(2);
    for needle in expected {
        assert!(run.stderr.contains(needle), "stderr does not mention {needle:?}:\n{}", run.stderr);
    }
}

/// A file outside the scanned tree holding `SECRET`, and the tree's own copy of the `data-thief`
/// plugin plus an `ospo.toml` that adds it and grants it `/`, pointed at the secret.
const SECRET: &str = "host-secret-4f1c";

fn hostile_repository() -> Project {
    let project = Project::from_fixture("sandbox");
    let secret = project.outside().join("secret.txt");
    std::fs::write(&secret, SECRET).expect("writing the secret");
    let shipped = project.root.join("tools/thief.wasm");
    std::fs::create_dir_all(project.root.join("tools")).expect("tools/");
    std::fs::copy(test_plugin("data-thief"), &shipped).expect("shipping the plugin");
    let sha = hex::encode(Sha256::digest(std::fs::read(&shipped).expect("the shipped plugin")));
    let from_root = secret.strip_prefix("/").expect("an absolute temporary path");
    project.write(
        "ospo.toml",
        &format!(
            "[[plugins.extra]]\npath = 'tools/thief.wasm'\nsha256 = '{sha}'\n\n\
             [plugin.data-thief.config]\npath = {}\n\n\
             [plugin.data-thief.data]\nloot = '/'\n",
            toml_path(from_root)
        ),
    );
    project
}

#[test]
fn a_hostile_repository_cannot_add_its_own_plugin_or_grant_it_root() {
    let project = hostile_repository();
    let run = scan(&project, &[]);
    assert_refused(
        &run,
        &["ospo.toml:2: [[plugins.extra]]", "ospo.toml:9: [plugin.data-thief.data] loot", "--trust-config"],
    );
    assert!(
        !run.stdout.contains(SECRET) && !run.stderr.contains(SECRET),
        "the secret leaked: {}",
        run.stdout
    );
}

/// The control: the user vouches for the tree, and the plugin it ships runs with its grant (the
/// secret in the report proves the refusal above is what kept it out).
#[test]
fn trust_config_accepts_the_trees_plugin_and_grant() {
    let project = hostile_repository();
    let run = scan(&project, &[OsStr::new("--trust-config")]);
    run.assert_code(0);
    assert!(run.stdout.contains(SECRET), "the trusted plugin did not run with its grant: {}", run.stdout);
}

#[test]
fn limits_raised_in_the_tree_are_refused() {
    let project = Project::from_fixture("sandbox");
    project.write("ospo.toml", "[limits]\ntimeout-ms = 600000\n\n[plugin.license-tag]\nmemory-mb = 1024\n");
    let run = scan(&project, &[]);
    assert_refused(
        &run,
        &[
            "ospo.toml:2: [limits] timeout-ms = 600000",
            "ospo.toml:5: [plugin.license-tag] memory-mb = 1024",
            "--trust-config",
        ],
    );
}

#[test]
fn limits_lowered_in_the_tree_are_accepted() {
    let project = Project::from_fixture("sandbox");
    project.write("ospo.toml", "[limits]\ntimeout-ms = 5000\n\n[plugin.license-tag]\nmemory-mb = 64\n");
    scan(&project, &[]).assert_code(0);
}

#[test]
fn default_plugins_turned_off_in_the_tree_are_refused() {
    let project = Project::from_fixture("sandbox");
    project.write("ospo.toml", "[plugins]\ndefaults = false\n");
    assert_refused(&scan(&project, &[]), &["ospo.toml:2: [plugins] defaults = false", "--trust-config"]);
}

#[test]
fn a_grant_outside_the_tree_through_an_in_tree_symlink_is_refused() {
    let project = Project::from_fixture("sandbox");
    std::fs::create_dir_all(project.root.join("vendor/db")).expect("vendor/db");
    #[cfg(unix)]
    std::os::unix::fs::symlink(project.outside(), project.root.join("vendor/out")).expect("a symlink");
    // Inside the tree a grant reads nothing new: accepted.
    project.write("ospo.toml", "[plugin.license-tag.data]\ndb = 'vendor/db'\n");
    scan(&project, &[]).assert_code(0);
    #[cfg(unix)]
    {
        project.write("ospo.toml", "[plugin.license-tag.data]\ndb = 'vendor/out'\n");
        assert_refused(
            &scan(&project, &[]),
            &["ospo.toml:2: [plugin.license-tag.data] db", "outside the scanned tree"],
        );
    }
}

#[cfg(unix)]
#[test]
fn an_in_tree_config_linking_outside_the_tree_is_refused() {
    let project = Project::from_fixture("sandbox");
    let outside = project.config("[plugins]\n");
    std::os::unix::fs::symlink(&outside, project.root.join("ospo.toml")).expect("a symlink");
    assert_refused(&scan(&project, &[]), &["outside the scanned tree", "--trust-config"]);
}

#[test]
fn jobs_over_the_bound_are_refused() {
    let project = Project::from_fixture("sandbox");
    assert_refused(
        &scan(&project, &[OsStr::new("--jobs"), OsStr::new("100000")]),
        &["--jobs 100000", "per CPU"],
    );
    let config = project.config("[scan]\njobs = 100000\n");
    let run = scan(&project, &[OsStr::new("--config"), config.as_os_str()]);
    assert_refused(&run, &["ospo.toml:2: [scan] jobs = 100000", "per CPU"]);
    // From the tree, even a few more than the CPUs is a raise.
    project.write("ospo.toml", "[scan]\njobs = 100000\n");
    assert_refused(&scan(&project, &[]), &["ospo.toml:2: [scan] jobs", "--trust-config"]);
}

#[test]
fn output_mb_above_what_wasmtime_carries_is_refused() {
    let project = Project::from_fixture("sandbox");
    let config = project.config("[limits]\noutput-mb = 512\n");
    let run = scan(&project, &[OsStr::new("--config"), config.as_os_str()]);
    assert_refused(&run, &["ospo.toml:2: [limits] output-mb = 512", "128"]);
}

#[test]
fn a_section_for_no_loaded_plugin_is_refused_listing_the_loaded_ones() {
    let project = Project::from_fixture("sandbox");
    project.write("ospo.toml", "# a typo\n[plugin.licence-text.config]\nignore = []\n");
    assert_refused(
        &scan(&project, &[]),
        &["ospo.toml:2: [plugin.licence-text]", "license-text", "license-tag"],
    );
}

#[test]
fn an_oversized_ospo_toml_is_refused() {
    let project = Project::from_fixture("sandbox");
    // Sparse: a gigabyte on paper, nothing on disk.
    let file = std::fs::File::create(project.root.join("ospo.toml")).expect("ospo.toml");
    file.set_len(1 << 30).expect("a sparse ospo.toml");
    assert_refused(&scan(&project, &[]), &["ospo.toml", "more than the limit of 1048576 bytes"]);
}

#[test]
fn dev_zero_as_a_plugin_path_is_refused() {
    let project = Project::from_fixture("sandbox");
    let run = scan(&project, &[OsStr::new("--plugin"), OsStr::new("/dev/zero")]);
    assert_refused(&run, &["/dev/zero", "not a regular file"]);
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo").arg(path).status().expect("running mkfifo");
    assert!(status.success(), "mkfifo {} failed", path.display());
}

/// Nobody ever writes to these FIFOs: an open that waited would hang until common::DEADLINE.
#[cfg(unix)]
#[test]
fn fifos_as_plugin_config_and_grant_are_refused_without_blocking() {
    let project = Project::from_fixture("sandbox");
    let fifo = project.outside().join("fifo");
    mkfifo(&fifo);
    let run = scan(&project, &[OsStr::new("--plugin"), fifo.as_os_str()]);
    assert_refused(&run, &["fifo", "not a regular file (a FIFO)"]);
    assert!(run.elapsed < Duration::from_secs(30), "took {:?}", run.elapsed);

    let run = scan(&project, &[OsStr::new("--config"), fifo.as_os_str()]);
    assert_refused(&run, &["fifo", "not a regular file (a FIFO)"]);

    mkfifo(&project.root.join("ospo.toml"));
    assert_refused(&scan(&project, &[]), &["ospo.toml", "not a regular file (a FIFO)"]);
    std::fs::remove_file(project.root.join("ospo.toml")).expect("removing the FIFO");

    let config = project.config(&format!("[plugin.license-tag.data]\ndb = {}\n", toml_path(&fifo)));
    let run = scan(&project, &[OsStr::new("--config"), config.as_os_str()]);
    assert_refused(&run, &["ospo.toml:2: [plugin.license-tag.data] db", "not a directory"]);
}
