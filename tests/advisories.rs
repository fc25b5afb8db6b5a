//! Offline vulnerability advisories end to end: the osv plugin over real RustSec, PyPA and GHSA
//! data (plugins/osv/testdata), `[advisories]` verdicts and exit codes, the text summary, and
//! `ospo db update`/`status` against an HTTP server on 127.0.0.1 that each test starts and stops.

mod common;

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{OSPO, Project, SOURCE_DATE_EPOCH, toml_path, workspace_root};
use serde_json::Value;

fn testdata(sub: &str) -> PathBuf {
    workspace_root().join("plugins/osv/testdata").join(sub)
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}); stderr:\n{}", self.stderr))
    }
}

/// `ospo ARGS` with the database directory (and scan time) this test chooses, under a deadline.
fn ospo_env<I, S>(args: I, db: Option<&Path>, epoch: &str) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut child = Command::new(OSPO)
        .args(args)
        .env("SOURCE_DATE_EPOCH", epoch)
        .env("OSPO_DB_DIR", db.map_or(OsStr::new("off"), Path::as_os_str))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ospo starts");
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        stdout.read_to_string(&mut s).ok();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        stderr.read_to_string(&mut s).ok();
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > common::DEADLINE {
            child.kill().ok();
            panic!("ospo did not finish within {:?}", common::DEADLINE);
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.code().expect("exit code"),
        stdout: out.join().expect("stdout"),
        stderr: err.join().expect("stderr"),
    }
}

fn scan(project: &Project, config: &str, format: &str) -> Run {
    let config = project.config(config);
    ospo_env(
        [
            OsStr::new("scan"),
            project.root.as_os_str(),
            OsStr::new("--format"),
            OsStr::new(format),
            OsStr::new("--config"),
            config.as_os_str(),
        ],
        None,
        SOURCE_DATE_EPOCH,
    )
}

fn rustsec_config(extra: &str) -> String {
    format!("[plugin.osv.data]\ndb = {}\n\n{extra}", toml_path(&testdata("rustsec")))
}

fn ids(result: &Value) -> BTreeSet<String> {
    result["advisories"]
        .as_array()
        .expect("advisories")
        .iter()
        .map(|a| a["id"].as_str().expect("id").to_string())
        .collect()
}

/// What cargo-audit 0.22 reports for the fixture's Cargo.lock on the same RustSec data
/// (`cargo audit --db plugins/osv/testdata/rustsec --no-fetch --json`): its vulnerabilities and
/// its unmaintained/unsound warnings, ids and crates. See tests/fixtures/advisories-cargo/CARGO-AUDIT.txt.
fn cargo_audit_findings() -> BTreeSet<String> {
    let text =
        std::fs::read_to_string(workspace_root().join("tests/fixtures/advisories-cargo/CARGO-AUDIT.txt"))
            .expect("the recorded cargo-audit output");
    text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).map(str::to_string).collect()
}

#[test]
fn old_cargo_lock_gets_the_advisories_cargo_audit_reports() {
    let project = Project::from_fixture("advisories-cargo");
    let run = scan(&project, &rustsec_config(""), "json");
    assert_eq!(run.code, 0, "no [advisories] section: no verdicts, exit 0\n{}", run.stderr);
    let result = run.json();
    let ours: BTreeSet<String> = result["advisories"]
        .as_array()
        .expect("advisories")
        .iter()
        .map(|a| {
            let package = a["package_id"].as_str().expect("package");
            let name = package.trim_start_matches("pkg:cargo/").split('@').next().expect("name");
            format!("{} {name}", a["id"].as_str().expect("id"))
        })
        .collect();
    assert_eq!(ours, cargo_audit_findings(), "ospo and cargo-audit agree on the same lockfile and data");
    // Every advisory says why: the version, the requirement it falls outside, the fix.
    for advisory in result["advisories"].as_array().expect("list") {
        let matched = &advisory["matched"];
        assert_eq!(matched["comparator"], "semver", "{advisory}");
        let range = matched["range"].as_str().expect("range");
        assert!(
            range.starts_with("not patched: ") || range == "every version (no patched release)",
            "{advisory}"
        );
        assert_eq!(advisory["advisor"], "osv");
    }
    let regex = result["advisories"]
        .as_array()
        .expect("list")
        .iter()
        .find(|a| a["id"] == "RUSTSEC-2022-0013")
        .expect("regex");
    assert_eq!(regex["matched"]["version"], "1.5.4");
    assert_eq!(regex["matched"]["upgrade_to"], "1.5.5");
    assert_eq!(regex["kind"], "vulnerability");
    assert!(regex["aliases"].as_array().expect("aliases").iter().any(|a| a == "CVE-2022-24713"));
    let atty = result["advisories"]
        .as_array()
        .expect("list")
        .iter()
        .find(|a| a["id"] == "RUSTSEC-2021-0145")
        .expect("atty");
    assert_eq!(atty["kind"], "unsound");
    // Coverage: the cargo packages have an advisory source.
    let coverage: Vec<&Value> = result["metrics"]
        .as_array()
        .expect("metrics")
        .iter()
        .filter(|m| m["name"] == "advisories.packages")
        .collect();
    assert_eq!(coverage.len(), 1, "{coverage:?}");
    assert_eq!(coverage[0]["labels"]["ecosystem"], "cargo");
    assert_eq!(coverage[0]["labels"]["covered"], "yes");
    let packages = result["packages"].as_array().expect("packages").len();
    assert_eq!(coverage[0]["value"]["value"], packages as u64);
}

#[test]
fn fail_on_high_fails_the_run_and_ignores_are_honoured() {
    let project = Project::from_fixture("advisories-cargo");
    let config = rustsec_config(
        "[advisories]\nfail-on = \"high\"\nignore = [\n  { id = \"CVE-2022-24713\", reason = \"patterns are ours, not users'\", owner = \"sec@example.org\", expires = \"2026-06-30\" },\n  { id = \"RUSTSEC-2021-0003\", reason = \"expired\", expires = \"2025-12-01\" },\n  { id = \"RUSTSEC-1999-0001\", reason = \"unused\" },\n]\n",
    );
    let run = scan(&project, &config, "json");
    assert_eq!(run.code, 1, "a high advisory fails the run\n{}", run.stderr);
    let result = run.json();
    let verdicts: Vec<&Value> = result["verdicts"]
        .as_array()
        .expect("verdicts")
        .iter()
        .filter(|v| v["subject_kind"] == "advisory")
        .collect();
    assert_eq!(verdicts.len(), 13);
    let verdict = |id: &str| verdicts.iter().find(|v| v["subject"] == id).unwrap_or_else(|| panic!("{id}"));
    // regex: rated high (CVSS 7.5), ignored by its CVE alias until 2026-06-30.
    assert_eq!(verdict("RUSTSEC-2022-0013")["decision"], "allow");
    assert_eq!(verdict("RUSTSEC-2022-0013")["exception"]["owner"], "sec@example.org");
    // smallvec 1.6.0's RUSTSEC-2021-0003 is critical (CVSS 9.8); its exception expired on 2025-12-01.
    assert_eq!(verdict("RUSTSEC-2021-0003")["decision"], "deny");
    assert_eq!(verdict("RUSTSEC-2021-0003")["rule"], "fail-on:high");
    // time's RUSTSEC-2020-0071 is medium (6.2): below the threshold.
    assert_eq!(verdict("RUSTSEC-2020-0071")["decision"], "allow");
    // tokio's RUSTSEC-2021-0124 has no CVSS vector: nothing to compare, so a person reviews it.
    assert_eq!(verdict("RUSTSEC-2021-0124")["decision"], "review");
    assert_eq!(verdict("RUSTSEC-2021-0145")["decision"], "review", "unsound is informational");
    let denied: Vec<&str> = verdicts
        .iter()
        .filter(|v| v["decision"] == "deny")
        .map(|v| v["subject"].as_str().expect("id"))
        .collect();
    assert_eq!(denied, ["RUSTSEC-2021-0003"]);
    let codes: Vec<&str> = result["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().expect("code"))
        .collect();
    assert!(codes.contains(&"advisory-ignore-expired"), "{codes:?}");
    assert!(codes.contains(&"advisory-ignore-unused"), "{codes:?}");
}

#[test]
fn text_summary_lists_vulnerabilities_with_their_fix() {
    let project = Project::from_fixture("advisories-cargo");
    let run = scan(&project, &rustsec_config(""), "text");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("\nVulnerabilities (7):\n"), "{}", run.stdout);
    assert!(run.stdout.contains("\nAdvisory notices (6):\n"), "{}", run.stdout);
    assert!(
        run.stdout.contains("RUSTSEC-2022-0013 (CVE-2022-24713, GHSA-m5pq-gvj9-9vr8)  high 7.5  regex 1.5.4"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("matched 1.5.4 in not patched: >= 1.5.5 (semver); upgrade to 1.5.5"),
        "{}",
        run.stdout
    );
}

#[test]
fn pypa_and_ghsa_data_load_beside_rustsec() {
    let project = Project::from_fixture("advisories-cargo");
    let config = format!(
        "[plugin.osv.data]\nrustsec = {}\npypa = {}\nghsa = {}\n\n[plugin.osv.config]\ngrants = [\"rustsec\", \"pypa\", \"ghsa\"]\n",
        toml_path(&testdata("rustsec")),
        toml_path(&testdata("pypa")),
        toml_path(&testdata("ghsa"))
    );
    let run = scan(&project, &config, "json");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let result = run.json();
    let loaded: Vec<&str> = result["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "advisory-loaded")
        .map(|d| d["message"].as_str().expect("message"))
        .collect();
    assert_eq!(loaded.len(), 1, "{loaded:?}");
    assert!(
        loaded[0].contains("maven") && loaded[0].contains("pypi") && loaded[0].contains("cargo"),
        "{}",
        loaded[0]
    );
    assert_eq!(ids(&result).len(), 13);
}

#[test]
fn no_database_is_said_not_hidden() {
    let project = Project::from_fixture("advisories-cargo");
    let run = ospo_env(
        [OsStr::new("scan"), project.root.as_os_str(), OsStr::new("--format"), OsStr::new("json")],
        None,
        SOURCE_DATE_EPOCH,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let result = run.json();
    assert!(ids(&result).is_empty());
    let missing: Vec<&Value> = result["diagnostics"]
        .as_array()
        .expect("d")
        .iter()
        .filter(|d| d["code"] == "advisory-db-missing")
        .collect();
    assert_eq!(missing.len(), 1, "{}", result["diagnostics"]);
    assert_eq!(missing[0]["level"], "info", "not set up is a fact, not a fault");
    // Without data no package counts as covered.
    assert!(!result["metrics"].as_array().expect("metrics").iter().any(|m| m["labels"]["covered"] == "yes"));
}

/// The cache directory `ospo db update` fills is the osv plugin's `db` grant without any
/// config, and an old one is a warning with its age, never a refusal.
#[test]
fn default_database_is_granted_and_an_old_one_warns() {
    let project = Project::from_fixture("advisories-cargo");
    let db = tempfile::tempdir().expect("tempdir");
    copy_dir(&testdata("rustsec/crates"), &db.path().join("rustsec/crates"));
    let updated: u64 = SOURCE_DATE_EPOCH.parse().expect("epoch");
    std::fs::write(
        db.path().join("ospo-db.toml"),
        format!("[ecosystems.\"crates.io\"]\nurl = \"http://127.0.0.1/crates.io/all.zip\"\nupdated = {updated}\nrecords = 1\n"),
    )
    .expect("state");
    let args = [OsStr::new("scan"), project.root.as_os_str(), OsStr::new("--format"), OsStr::new("json")];
    let fresh = ospo_env(args, Some(db.path()), SOURCE_DATE_EPOCH);
    assert_eq!(fresh.code, 0, "{}", fresh.stderr);
    let result = fresh.json();
    assert_eq!(ids(&result).len(), 13);
    let codes = |r: &Value| -> Vec<String> {
        r["diagnostics"]
            .as_array()
            .expect("d")
            .iter()
            .map(|d| d["code"].as_str().expect("c").to_string())
            .collect()
    };
    assert!(!codes(&result).contains(&"advisory-db-stale".to_string()));
    let later = (updated + 30 * 86_400).to_string();
    let old = ospo_env(args, Some(db.path()), &later);
    assert_eq!(old.code, 0, "an old database never refuses\n{}", old.stderr);
    let result = old.json();
    assert_eq!(ids(&result).len(), 13);
    let stale: Vec<&Value> = result["diagnostics"]
        .as_array()
        .expect("d")
        .iter()
        .filter(|d| d["code"] == "advisory-db-stale")
        .collect();
    assert_eq!(stale.len(), 1, "{:?}", codes(&result));
    assert!(stale[0]["message"].as_str().expect("m").contains("crates.io 30d"), "{}", stale[0]["message"]);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

// ---- ospo db update against a local mirror ---------------------------------------------------

/// What the mirror serves and how it misbehaves.
#[derive(Default)]
struct Mirror {
    files: std::collections::BTreeMap<String, Vec<u8>>,
    /// Send only this many bytes of the next all.zip response, then close.
    cut_next: Option<usize>,
    /// Publish this MD5 instead of the real one.
    wrong_md5: bool,
    /// Request lines seen, with their Range header.
    log: Vec<String>,
}

struct Server {
    url: String,
    state: Arc<Mutex<Mirror>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start(mirror: Mirror) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener.set_nonblocking(true).expect("nonblocking");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let state = Arc::new(Mutex::new(mirror));
        let stop = Arc::new(AtomicBool::new(false));
        let (s, st) = (state.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            let started = Instant::now();
            // Bounded: the server stops with the test, or after two minutes whatever happens.
            while !st.load(Ordering::Relaxed) && started.elapsed() < Duration::from_secs(120) {
                match listener.accept() {
                    Ok((stream, _)) => serve(stream, &s),
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Server { url, state, stop, thread: Some(thread) }
    }

    fn log(&self) -> Vec<String> {
        std::mem::take(&mut self.state.lock().expect("lock").log)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            t.join().ok();
        }
    }
}

fn md5_base64(bytes: &[u8]) -> String {
    use md5::Digest as _;
    let digest = md5::Md5::digest(bytes);
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in digest.chunks(3) {
        let n = chunk.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b)) << (8 * (3 - chunk.len()));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn serve(stream: TcpStream, state: &Arc<Mutex<Mirror>>) {
    stream.set_nonblocking(false).ok();
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok();
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    let mut range: Option<u64> = None;
    let mut if_range: Option<String> = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("range: bytes=") {
            range = v.trim().trim_end_matches('-').parse().ok();
        }
        if lower.starts_with("if-range:") {
            if_range = Some(line["if-range:".len()..].trim().to_string());
        }
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut mirror = state.lock().expect("lock");
    mirror.log.push(format!("{path}{}", range.map(|r| format!(" range={r}")).unwrap_or_default()));
    let mut stream = stream;
    let Some(body) = mirror.files.get(&path).cloned() else {
        let _ = stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return;
    };
    let etag = format!("\"{}\"", body.len());
    let md5 = if mirror.wrong_md5 { md5_base64(b"something else") } else { md5_base64(&body) };
    let start = match (range, &if_range) {
        (Some(r), Some(tag)) if *tag == etag && (r as usize) < body.len() => r as usize,
        _ => 0,
    };
    let head = if start > 0 {
        format!(
            "HTTP/1.1 206 Partial Content\r\nContent-Length: {}\r\nContent-Range: bytes {start}-{}/{}\r\nETag: {etag}\r\nx-goog-hash: md5={md5}\r\nConnection: close\r\n\r\n",
            body.len() - start,
            body.len() - 1,
            body.len()
        )
    } else {
        format!(
            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nETag: {etag}\r\nx-goog-hash: md5={md5}\r\nConnection: close\r\n\r\n",
            body.len()
        )
    };
    let mut payload = body[start..].to_vec();
    if path.ends_with("all.zip")
        && let Some(cut) = mirror.cut_next.take()
    {
        payload.truncate(cut);
    }
    drop(mirror);
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&payload);
    let _ = stream.flush();
}

fn db_update(server: &Server, db: &Path) -> Run {
    ospo_env(["db", "update", "--mirror", &server.url, "--ecosystems", "Maven"], Some(db), SOURCE_DATE_EPOCH)
}

#[test]
fn db_update_downloads_resumes_checks_and_fetches_only_changes() {
    let archive = std::fs::read(testdata("ghsa/all.zip")).expect("archive");
    let listing = "2024-08-27T00:00:00Z,GHSA-2268-98wh-qfhf\n2024-01-01T00:00:00Z,GHSA-269g-pwp5-87pp\n";
    let mut mirror = Mirror::default();
    mirror.files.insert("/Maven/all.zip".into(), archive.clone());
    mirror.files.insert("/Maven/modified_id.csv".into(), listing.as_bytes().to_vec());
    mirror.cut_next = Some(archive.len() / 2);
    let server = Server::start(mirror);
    let db = tempfile::tempdir().expect("tempdir");

    // An interrupted download fails, keeping what it got.
    let cut = db_update(&server, db.path());
    assert_eq!(cut.code, 2, "{}", cut.stderr);
    assert!(cut.stderr.contains("run again to resume"), "{}", cut.stderr);
    assert!(!db.path().join("Maven/all.zip").exists(), "never half an archive in place");
    assert_eq!(
        std::fs::metadata(db.path().join("Maven/all.zip.part")).expect("part").len(),
        archive.len() as u64 / 2
    );
    server.log();

    // The next run asks for the rest only.
    let resumed = db_update(&server, db.path());
    assert_eq!(resumed.code, 0, "{}", resumed.stderr);
    assert!(
        resumed.stderr.contains("Maven: all.zip downloaded") && resumed.stderr.contains("resumed"),
        "{}",
        resumed.stderr
    );
    assert_eq!(
        server.log(),
        ["/Maven/modified_id.csv".to_string(), format!("/Maven/all.zip range={}", archive.len() / 2)]
    );
    assert_eq!(std::fs::read(db.path().join("Maven/all.zip")).expect("archive"), archive);
    let state = std::fs::read_to_string(db.path().join("ospo-db.toml")).expect("state");
    assert!(state.contains("records = 2") && state.contains("sha256 = "), "{state}");

    // Nothing changed upstream: only the listing is fetched.
    let current = db_update(&server, db.path());
    assert_eq!(current.code, 0, "{}", current.stderr);
    assert!(current.stderr.contains("Maven: up to date"), "{}", current.stderr);
    assert_eq!(server.log(), ["/Maven/modified_id.csv"]);

    // One record changed: that record alone.
    {
        let mut mirror = server.state.lock().expect("lock");
        let newer = format!("2024-09-01T00:00:00Z,GHSA-test-0001\n{listing}");
        mirror.files.insert("/Maven/modified_id.csv".into(), newer.into_bytes());
        mirror.files.insert(
            "/Maven/GHSA-test-0001.json".into(),
            br#"{"id": "GHSA-test-0001", "modified": "2024-09-01T00:00:00Z"}"#.to_vec(),
        );
    }
    let changed = db_update(&server, db.path());
    assert_eq!(changed.code, 0, "{}", changed.stderr);
    assert!(changed.stderr.contains("Maven: 1 changed records fetched"), "{}", changed.stderr);
    assert_eq!(server.log(), ["/Maven/modified_id.csv", "/Maven/GHSA-test-0001.json"]);
    assert!(db.path().join("Maven/updates/GHSA-test-0001.json").is_file());

    let status = ospo_env(["db", "status"], Some(db.path()), SOURCE_DATE_EPOCH);
    assert_eq!(status.code, 0, "{}", status.stderr);
    assert!(
        status.stdout.contains("Maven") && status.stdout.contains("3 records (+1 updated)"),
        "{}",
        status.stdout
    );
}

#[test]
fn db_update_refuses_an_archive_whose_md5_differs() {
    let archive = std::fs::read(testdata("ghsa/all.zip")).expect("archive");
    let mut mirror = Mirror { wrong_md5: true, ..Mirror::default() };
    mirror.files.insert("/Maven/all.zip".into(), archive);
    let server = Server::start(mirror);
    let db = tempfile::tempdir().expect("tempdir");
    let run = db_update(&server, db.path());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("does not match the published"), "{}", run.stderr);
    assert!(!db.path().join("Maven/all.zip").exists());
    assert!(!db.path().join("Maven/all.zip.part").exists(), "a corrupt download is discarded");
}
