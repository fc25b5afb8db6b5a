//! Shared helpers for the integration tests: run the `ospo` binary under a deadline, find the guest
//! plugins `host/build.rs` built, lay out fixture trees in a temporary directory, and pick things
//! out of the JSON result.

// Each test crate includes this module and uses a different subset of it.
#![allow(dead_code)]

pub mod oci;

use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;

/// The binary under test.
pub const OSPO: &str = env!("CARGO_BIN_EXE_ospo");

/// Generous so a loaded CI machine passes; bounded so a sandbox that fails to stop a plugin fails
/// the test instead of hanging the suite.
pub const DEADLINE: Duration = Duration::from_secs(120);

/// The workspace root. These tests are targets of the host crate, so the manifest dir is `host/`.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the host crate lives one level below the workspace root")
        .to_path_buf()
}

/// The `.wasm` component `host/build.rs` built for the guest crate `crate_name`.
pub fn guest(crate_name: &str) -> PathBuf {
    let path = Path::new(env!("OSPO_GUEST_DIR")).join(format!("{}.wasm", crate_name.replace('-', "_")));
    assert!(path.is_file(), "guest {crate_name} was not built: {} is missing", path.display());
    path
}

/// The test plugin `tests/plugins/<name>` (crate `ospo-test-plugin-<name>`).
pub fn test_plugin(name: &str) -> PathBuf {
    guest(&format!("ospo-test-plugin-{name}"))
}

/// The result of one `ospo` invocation.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Run {
    /// Panics, showing stderr, unless the exit code is `expected`.
    pub fn assert_code(&self, expected: i32) -> &Self {
        assert_eq!(
            self.code, expected,
            "ospo exited with {} (expected {expected}) after {:?}\n--- stderr ---\n{}",
            self.code, self.elapsed, self.stderr
        );
        self
    }

    /// stdout parsed as the JSON scan result.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|err| {
            panic!(
                "stdout is not JSON ({err})\n--- stdout (first 2000 bytes) ---\n{}\n--- stderr ---\n{}",
                self.stdout.chars().take(2000).collect::<String>(),
                self.stderr
            )
        })
    }
}

/// The `SOURCE_DATE_EPOCH` every test run of `ospo` gets.
pub const SOURCE_DATE_EPOCH: &str = "1767225600";

/// Runs `ospo ARGS...`, killing it (and failing the test) if it outlives [`DEADLINE`].
pub fn ospo<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let start = Instant::now();
    let mut child = Command::new(OSPO)
        .args(args)
        // A fixed scan time (2026-01-01T00:00:00Z): results and snapshots are reproducible.
        .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        // Not the advisory database of the machine running the tests: results stay the same.
        .env("OSPO_DB_DIR", "off")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the ospo binary starts");
    // Drained on their own threads: a flood test writes more than a pipe buffer holds.
    let stdout = drain(child.stdout.take().expect("stdout is piped"));
    let stderr = drain(child.stderr.take().expect("stderr is piped"));
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting on ospo") {
            break status;
        }
        if start.elapsed() > DEADLINE {
            child.kill().expect("killing a runaway ospo");
            child.wait().expect("reaping a killed ospo");
            panic!(
                "ospo did not finish within {DEADLINE:?}\n--- stderr ---\n{}",
                stderr.join().expect("stderr reader")
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.code().unwrap_or_else(|| panic!("ospo was killed by a signal: {status}")),
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
        elapsed: start.elapsed(),
    }
}

fn drain(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        pipe.read_to_end(&mut bytes).expect("reading ospo's output");
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// A scratch directory holding a copy of a fixture project in `root/`, with room beside it for an
/// `ospo.toml` and for files that must lie outside the scanned root.
pub struct Project {
    dir: TempDir,
    pub root: PathBuf,
}

impl Project {
    /// Copies `tests/fixtures/<name>` into a fresh temporary `root/`.
    pub fn from_fixture(name: &str) -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let root = dir.path().join("root");
        copy_dir(&workspace_root().join("tests/fixtures").join(name), &root);
        Project { dir, root }
    }

    /// The directory holding `root/`: outside the scan.
    pub fn outside(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `relative` under the root, creating parent directories.
    pub fn write(&self, relative: &str, contents: &str) -> PathBuf {
        let path = self.root.join(relative);
        std::fs::create_dir_all(path.parent().expect("a file has a parent"))
            .expect("creating fixture directories");
        std::fs::write(&path, contents).expect("writing a fixture file");
        path
    }

    /// Writes `toml` as `ospo.toml` next to (not inside) the root and returns its path.
    pub fn config(&self, toml: &str) -> PathBuf {
        let path = self.outside().join("ospo.toml");
        std::fs::write(&path, toml).expect("writing ospo.toml");
        path
    }

    /// `ospo scan ROOT --format json --config CONFIG --plugin PLUGIN EXTRA...`.
    pub fn scan_with(&self, plugin: &Path, config_toml: &str, extra: &[&str]) -> Run {
        let config = self.config(config_toml);
        let mut args: Vec<&OsStr> = vec![
            OsStr::new("scan"),
            self.root.as_os_str(),
            OsStr::new("--format"),
            OsStr::new("json"),
            OsStr::new("--config"),
            config.as_os_str(),
            OsStr::new("--plugin"),
            plugin.as_os_str(),
        ];
        args.extend(extra.iter().map(OsStr::new));
        ospo(args)
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("creating the fixture copy");
    for entry in std::fs::read_dir(from).expect("reading the committed fixture") {
        let entry = entry.expect("a fixture entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a fixture entry's type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copying a fixture file");
        }
    }
}

/// A path as a TOML literal string (no escapes to get wrong).
pub fn toml_path(path: &Path) -> String {
    let text = path.to_str().expect("temporary paths are UTF-8");
    assert!(!text.contains('\''), "a TOML literal string cannot hold a quote: {text}");
    format!("'{text}'")
}

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key].as_str().unwrap_or_default()
}

fn list<'a>(result: &'a Value, key: &str) -> &'a [Value] {
    result[key]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_else(|| panic!("the result has no `{key}` list: {result:#}"))
}

/// The diagnostics with `code` raised about `plugin`.
pub fn diagnostics<'a>(result: &'a Value, code: &str, plugin: &str) -> Vec<&'a Value> {
    list(result, "diagnostics")
        .iter()
        .filter(|d| text(d, "code") == code && text(d, "plugin") == plugin)
        .collect()
}

/// Asserts at least one `code` diagnostic names `plugin`, in its `plugin` field and in its message
/// (a user reading only the message must know who failed). Returns them.
pub fn assert_plugin_diagnostic<'a>(result: &'a Value, code: &str, plugin: &str) -> Vec<&'a Value> {
    let found = diagnostics(result, code, plugin);
    assert!(
        !found.is_empty(),
        "no `{code}` diagnostic for plugin {plugin:?}; diagnostics were:\n{:#}",
        result["diagnostics"]
    );
    for diagnostic in &found {
        assert!(
            text(diagnostic, "message").contains(plugin),
            "the `{code}` message does not name the plugin {plugin:?}: {diagnostic:#}"
        );
    }
    found
}

/// The messages of the observations with `rule_id`.
pub fn observations<'a>(result: &'a Value, rule_id: &str) -> Vec<&'a str> {
    list(result, "observations")
        .iter()
        .filter(|o| text(o, "rule_id") == rule_id)
        .map(|o| text(o, "message"))
        .collect()
}

/// The `SPDX-License-Identifier` tags in `tests/fixtures/sandbox`, as the default `license-tag`
/// plugin must report them whatever a hostile plugin beside it does.
pub const SANDBOX_TAGS: &[(&str, &str)] = &[
    ("docs/design.txt", "CC-BY-4.0"),
    ("scripts/release.sh", "Apache-2.0"),
    ("src/main.rs", "MIT OR Apache-2.0"),
    ("src/scanner.rs", "MIT OR Apache-2.0"),
];

/// Asserts the default plugins' results for the sandbox fixture are all there: a misbehaving
/// plugin costs only its own output.
pub fn assert_default_results_intact(result: &Value) {
    let licenses = list(result, "licenses");
    for &(path, expression) in SANDBOX_TAGS {
        let found = licenses.iter().any(|l| {
            text(l, "path") == path
                && text(l, "detector") == "license-tag"
                && text(l, "kind") == "tag"
                && text(l, "rule_id") == "spdx-license-identifier"
                && text(l, "expression") == expression
        });
        assert!(
            found,
            "license-tag finding {expression:?} for {path} is missing; licenses were:\n{:#}",
            result["licenses"]
        );
    }
}
