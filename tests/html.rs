//! The HTML report in a real browser. `ospo scan --format html=FILE` over a polyglot project
//! (npm, uv, Cargo and a Dockerfile in `tests/fixtures/eco-monorepo`) under a policy that denies
//! unknown licences; the page is opened in headless Chromium (Debian's `chromium`), driven
//! over the DevTools protocol on `--remote-debugging-pipe` (no WebSocket, no npm). A test fails
//! on any console message, uncaught exception, CSP violation, dialog, or request for anything but
//! the report itself; it sorts, filters and follows links as a reader would, and saves
//! screenshots under `target/tmp/html-report/` (the paths are printed). Without Chromium the
//! browser part is skipped with a message saying so; the checks of the file itself still run.

mod common;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use common::{Project, ospo};
use serde_json::{Value, json};

/// Where screenshots and the reports go: kept after the run for a person to look at.
fn artefacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html-report");
    std::fs::create_dir_all(&dir).expect("the artefact directory");
    dir
}

/// The policy the scan runs under: a release gate that wants every shipped dependency's licence
/// known. Without `--deps` the Cargo and uv lockfiles carry no licences, so their runtime
/// packages are violations (development ones are reported only); npm's lockfile states MIT.
const POLICY: &str = r#"
[policy]
allow = ["permissive", "public-domain"]
review = ["weak-copyleft"]
deny = ["strong-copyleft", "network-copyleft", "proprietary", "unknown"]
"#;

/// Scans `project` with the policy, writing the HTML report to `html` and the JSON result beside
/// it; returns the result.
fn scan(project: &Project, html: &Path) -> Value {
    let config = project.config(POLICY);
    let json = html.with_extension("json");
    let run = ospo([
        "scan".to_string(),
        project.root.display().to_string(),
        "--config".into(),
        config.display().to_string(),
        "--format".into(),
        format!("html={}", html.display()),
        "--format".into(),
        format!("json={}", json.display()),
    ]);
    let text =
        std::fs::read_to_string(&json).unwrap_or_else(|e| panic!("{}: {e}\n{}", json.display(), run.stderr));
    let result: Value = serde_json::from_str(&text).expect("the JSON result");
    let denied =
        result["verdicts"].as_array().map_or(0, |v| v.iter().filter(|v| v["decision"] == "deny").count());
    run.assert_code(if denied > 0 { 1 } else { 0 });
    result
}

fn names(result: &Value, key: &str, field: &str) -> Vec<String> {
    result[key].as_array().expect(key).iter().filter_map(|v| v[field].as_str().map(str::to_string)).collect()
}

// --- the browser --------------------------------------------------------------------------

/// The Chromium binary: `$OSPO_CHROMIUM`, else `chromium` on the PATH; `None` when neither runs.
fn chromium() -> Option<PathBuf> {
    let candidate =
        std::env::var_os("OSPO_CHROMIUM").map_or_else(|| PathBuf::from("chromium"), PathBuf::from);
    let runs = Command::new(&candidate)
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    runs.then_some(candidate)
}

/// A line on the real stderr: the test harness captures the print macros of passing tests, and
/// a skip or an artefact's path must show in a CI log.
fn note(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

fn skip(what: &str) {
    note(&format!(
        "SKIPPED: {what} (no Chromium: install Debian's `chromium`, or set OSPO_CHROMIUM to a Chromium binary)"
    ));
}

/// One headless Chromium with one page, spoken to over the DevTools protocol on file
/// descriptors 3 (commands in) and 4 (replies and events out), NUL-separated JSON.
struct Browser {
    child: Child,
    commands: ChildStdin,
    messages: Receiver<Value>,
    next_id: u64,
    session: String,
    /// Every event seen so far, in order.
    events: Vec<Value>,
    /// The report's URL: the one request the page may make.
    allowed: String,
    _profile: tempfile::TempDir,
}

const STEP: Duration = Duration::from_secs(60);

impl Browser {
    fn launch(chromium: &Path) -> Browser {
        let profile = tempfile::tempdir().expect("a Chromium profile directory");
        // The shell moves the pipes of stdin/stdout to fds 3/4, where --remote-debugging-pipe
        // expects them, and gives Chromium /dev/null instead: no unsafe code, no extra crate.
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(r#"exec 3<&0 4>&1 </dev/null >/dev/null; exec "$0" "$@""#)
            .arg(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--disable-default-apps",
                "--no-first-run",
                "--no-default-browser-check",
                "--mute-audio",
                "--hide-scrollbars",
                "--remote-debugging-pipe",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Chromium starts");
        let commands = child.stdin.take().expect("stdin is piped");
        let replies = child.stdout.take().expect("stdout is piped");
        let (send, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(replies);
            loop {
                let mut message = Vec::new();
                match reader.read_until(0, &mut message) {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {
                        message.pop_if(|b| *b == 0);
                        let Ok(value) = serde_json::from_slice::<Value>(&message) else { continue };
                        if send.send(value).is_err() {
                            return;
                        }
                    }
                }
            }
        });
        let mut browser = Browser {
            child,
            commands,
            messages,
            next_id: 0,
            session: String::new(),
            events: Vec::new(),
            allowed: String::new(),
            _profile: profile,
        };
        let target = browser.browser_call("Target.createTarget", json!({ "url": "about:blank" }));
        let target = target["targetId"].as_str().expect("a target id").to_string();
        let attached =
            browser.browser_call("Target.attachToTarget", json!({ "targetId": target, "flatten": true }));
        browser.session = attached["sessionId"].as_str().expect("a session id").to_string();
        for domain in ["Runtime.enable", "Log.enable", "Page.enable", "Network.enable"] {
            browser.call(domain, json!({}));
        }
        browser.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": 1366, "height": 860, "deviceScaleFactor": 1, "mobile": false }),
        );
        browser
    }

    fn send(&mut self, method: &str, params: Value, session: bool) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if session {
            message["sessionId"] = json!(self.session);
        }
        let mut bytes = serde_json::to_vec(&message).expect("a command serialises");
        bytes.push(0);
        self.commands.write_all(&bytes).and_then(|()| self.commands.flush()).expect("writing to Chromium");
        let deadline = Instant::now() + STEP;
        loop {
            let message = self.next_message(deadline, method);
            if message["id"] == id {
                if let Some(error) = message.get("error") {
                    panic!("{method} failed: {error}");
                }
                return message["result"].clone();
            }
            self.events.push(message);
        }
    }

    fn next_message(&mut self, deadline: Instant, waiting_for: &str) -> Value {
        match self.messages.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => panic!("Chromium did not answer {waiting_for} within {STEP:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("Chromium exited while waiting for {waiting_for}"),
        }
    }

    fn browser_call(&mut self, method: &str, params: Value) -> Value {
        self.send(method, params, false)
    }

    fn call(&mut self, method: &str, params: Value) -> Value {
        self.send(method, params, true)
    }

    /// Opens `file` and waits for its load event.
    fn open(&mut self, file: &Path) {
        let url = format!("file://{}", file.canonicalize().expect("the report exists").display());
        self.allowed = url.clone();
        let seen = self.events.len();
        self.call("Page.navigate", json!({ "url": url }));
        let deadline = Instant::now() + STEP;
        while !self.events[seen..].iter().any(|e| e["method"] == "Page.loadEventFired") {
            let message = self.next_message(deadline, "Page.loadEventFired");
            self.events.push(message);
        }
        // Whatever the page logs just after load still arrives before this round trip returns.
        self.eval("1");
    }

    /// Evaluates `expression` in the page; a thrown exception fails the test.
    fn eval(&mut self, expression: &str) -> Value {
        let reply = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true, "userGesture": true }),
        );
        if let Some(details) = reply.get("exceptionDetails") {
            panic!("evaluating {expression:?} threw: {details}");
        }
        reply["result"]["value"].clone()
    }

    /// Everything the page did that a clean report never does.
    fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for event in &self.events {
            let params = &event["params"];
            match event["method"].as_str().unwrap_or_default() {
                "Runtime.exceptionThrown" => {
                    let details = &params["exceptionDetails"];
                    let what = details["exception"]["description"].as_str().or(details["text"].as_str());
                    problems.push(format!("uncaught exception: {}", what.unwrap_or("?")));
                }
                // The report's script logs nothing: any console message is a fault.
                "Runtime.consoleAPICalled" => {
                    let args: Vec<String> = params["args"]
                        .as_array()
                        .map(|a| a.iter().map(|v| v["value"].to_string()).collect())
                        .unwrap_or_default();
                    problems.push(format!(
                        "console.{}: {}",
                        params["type"].as_str().unwrap_or("?"),
                        args.join(" ")
                    ));
                }
                "Log.entryAdded" => {
                    let entry = &params["entry"];
                    if matches!(entry["level"].as_str(), Some("error" | "warning")) {
                        problems.push(format!(
                            "{} ({}): {}",
                            entry["level"].as_str().unwrap_or("?"),
                            entry["source"].as_str().unwrap_or("?"),
                            entry["text"].as_str().unwrap_or("?")
                        ));
                    }
                }
                "Page.javascriptDialogOpening" => {
                    problems.push(format!("a dialog opened: {}", params["message"]));
                }
                "Network.requestWillBeSent" => {
                    let url = params["request"]["url"].as_str().unwrap_or_default();
                    if url != self.allowed && !url.starts_with("data:") && url != "about:blank" {
                        problems.push(format!("the page requested {url}"));
                    }
                }
                _ => {}
            }
        }
        problems
    }

    fn assert_clean(&self, what: &str) {
        let problems = self.problems();
        assert!(problems.is_empty(), "{what}: the page is not clean:\n{}", problems.join("\n"));
    }

    /// A PNG of the viewport, or of the page's top `height` pixels when given.
    fn screenshot(&mut self, path: &Path, height: Option<f64>) {
        let mut params = json!({ "format": "png" });
        if let Some(height) = height {
            params["captureBeyondViewport"] = json!(true);
            params["clip"] = json!({ "x": 0, "y": 0, "width": 1366, "height": height, "scale": 1 });
        }
        let shot = self.call("Page.captureScreenshot", params);
        let png = base64_decode(shot["data"].as_str().expect("screenshot data"));
        assert!(png.starts_with(b"\x89PNG"), "Chromium returned a PNG");
        std::fs::write(path, png).expect("writing the screenshot");
        note(&format!("screenshot: {}", path.display()));
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Closing stdin ends the pipe session; kill in case it does not exit by itself.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Standard base64 (the screenshot's encoding), without a crate for 20 lines.
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {c}"),
        }
    };
    let bytes: Vec<u8> = text.bytes().filter(|b| *b != b'=' && !b.is_ascii_whitespace()).collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, c)| n | value(*c) << (18 - 6 * i));
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

// --- the tests ----------------------------------------------------------------------------

#[test]
fn the_report_of_a_polyglot_project_works_in_chromium() {
    let project = Project::from_fixture("eco-monorepo");
    let html = project.outside().join("report.html");
    let result = scan(&project, &html);
    let page = std::fs::read_to_string(&html).expect("the report");
    let again = project.outside().join("again.html");
    scan(&project, &again);
    assert!(
        page.as_bytes() == std::fs::read(&again).expect("second report"),
        "two scans, two different reports"
    );

    let packages = names(&result, "packages", "name");
    let ecosystems: BTreeSet<String> = names(&result, "packages", "ecosystem").into_iter().collect();
    assert!(ecosystems.len() >= 3, "a polyglot project: {ecosystems:?}");
    let denied =
        result["verdicts"].as_array().expect("verdicts").iter().filter(|v| v["decision"] == "deny").count();
    assert!(denied > 0, "the policy denies something in this project");
    assert_eq!(page.matches("<script").count(), 1, "one script, the report's own");
    assert_eq!(page.matches("<details class=\"pkg\"").count(), packages.len());
    let kept = artefacts().join("monorepo.html");
    std::fs::copy(&html, &kept).expect("keeping the report");
    note(&format!("report: {}", kept.display()));

    let Some(chromium) = chromium() else {
        return skip("the polyglot report in a browser; the file itself was checked");
    };
    let mut browser = Browser::launch(&chromium);
    browser.open(&kept);
    browser.assert_clean("after load");
    browser.screenshot(&artefacts().join("monorepo.png"), None);

    // The figures and the tables say what the result says.
    let figures = browser.eval(
        "JSON.stringify({ cards: Array.from(document.querySelectorAll('.card .n'), e => Number(e.textContent)), \
         rows: document.querySelectorAll('#t-packages tbody tr').length, \
         denied: document.querySelectorAll('#t-denied tbody tr').length, \
         shown: Array.from(document.querySelectorAll('#t-denied tbody tr')).filter(r => !r.hidden).length, \
         scripts: document.scripts.length, pickers: document.querySelectorAll('.tools select').length })",
    );
    let figures: Value = serde_json::from_str(figures.as_str().expect("a string")).expect("JSON");
    assert_eq!(figures["cards"][0], packages.len(), "{figures}");
    assert_eq!(figures["cards"][1], ecosystems.len(), "{figures}");
    assert_eq!(figures["cards"][3], denied, "{figures}");
    assert_eq!(figures["rows"], packages.len(), "{figures}");
    assert_eq!(figures["denied"], denied, "{figures}");
    assert_eq!(figures["scripts"], 1);
    // A long list of violations shows its first ten until the reader asks for all.
    assert_eq!(figures["shown"], denied.min(10), "{figures}");
    if denied > 10 {
        let all = browser.eval(
            "document.querySelector('#t-denied').parentNode.nextElementSibling.click(); \
             Array.from(document.querySelectorAll('#t-denied tbody tr')).filter(r => !r.hidden).length",
        );
        assert_eq!(all, denied);
    }
    assert!(figures["pickers"].as_u64() >= Some(3), "the script built the filters: {figures}");

    // Sorting by name, both ways, with the collation the page uses.
    let sorted = |browser: &mut Browser| -> Value {
        browser.eval(
            "(() => { const c = new Intl.Collator('en', {numeric: true, sensitivity: 'base'}); \
             const v = Array.from(document.querySelectorAll('#t-packages tbody tr'), r => r.cells[0].textContent.trim()); \
             return { up: v.every((x, i) => i === 0 || c.compare(v[i-1], x) <= 0), \
                      down: v.every((x, i) => i === 0 || c.compare(v[i-1], x) >= 0), \
                      sort: document.querySelector('#t-packages th').getAttribute('aria-sort') }; })()",
        )
    };
    browser.eval("document.querySelector('#t-packages th button.sort').click()");
    assert_eq!(sorted(&mut browser), json!({ "up": true, "down": false, "sort": "ascending" }));
    browser.eval("document.querySelector('#t-packages th button.sort').click()");
    assert_eq!(sorted(&mut browser), json!({ "up": false, "down": true, "sort": "descending" }));
    // The advisories column sorts by number.
    let numeric = browser.eval(
        "(() => { const t = document.getElementById('t-packages'); const i = t.tHead.rows[0].cells.length - 1; \
         t.tHead.rows[0].cells[i].querySelector('button').click(); \
         const v = Array.from(t.tBodies[0].rows, r => Number(r.cells[i].textContent)); \
         return v.every((x, k) => k === 0 || v[k-1] <= x); })()",
    );
    assert_eq!(numeric, json!(true));

    // Filtering by ecosystem, then by text.
    let npm =
        result["packages"].as_array().expect("packages").iter().filter(|p| p["ecosystem"] == "npm").count();
    let picked = browser.eval(
        "(() => { const s = Array.from(document.querySelectorAll('.tools[data-for=\"t-packages\"] select')) \
           .find(s => s.getAttribute('aria-label') === 'Ecosystem'); \
         s.value = 'npm'; s.dispatchEvent(new Event('change')); \
         const shown = Array.from(document.querySelectorAll('#t-packages tbody tr')).filter(r => !r.hidden); \
         return { shown: shown.length, all: shown.every(r => r.cells[2].textContent === 'npm'), \
                  count: document.querySelector('.tools[data-for=\"t-packages\"] .count').textContent }; })()",
    );
    assert_eq!(picked["shown"], npm, "{picked}");
    assert_eq!(picked["all"], true, "{picked}");
    assert_eq!(picked["count"], format!("{npm} of {} rows", packages.len()), "{picked}");
    let first_npm = result["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .find(|p| p["ecosystem"] == "npm")
        .and_then(|p| p["name"].as_str())
        .expect("an npm package");
    let typed = browser.eval(&format!(
        "(() => {{ const t = document.querySelector('.tools[data-for=\"t-packages\"]'); \
         t.querySelector('select[aria-label=\"Ecosystem\"]').value = ''; \
         const q = t.querySelector('input'); q.value = {}; q.dispatchEvent(new Event('input')); \
         const shown = Array.from(document.querySelectorAll('#t-packages tbody tr')).filter(r => !r.hidden); \
         return {{ shown: shown.length, all: shown.every(r => r.textContent.toLowerCase().includes(q.value.toLowerCase())) }}; }})()",
        json!(first_npm)
    ));
    assert!(typed["shown"].as_u64() >= Some(1) && typed["all"] == true, "{typed}");

    // A violation's package link opens that package's evidence.
    let opened = browser.eval(
        "(() => { const a = document.querySelector('#t-denied a[href^=\"#p-\"]'); a.click(); \
         const d = document.getElementById(a.getAttribute('href').slice(1)); \
         return { open: d.open, hash: location.hash === a.getAttribute('href') }; })()",
    );
    assert_eq!(opened, json!({ "open": true, "hash": true }));
    browser.screenshot(&artefacts().join("monorepo-evidence.png"), None);
    browser.eval(
        "const q = document.querySelector('.tools[data-for=\"t-packages\"] input'); q.value = ''; \
         q.dispatchEvent(new Event('input')); window.scrollTo(0, 0); history.replaceState(null, '', location.pathname)",
    );
    let height = browser.eval("document.documentElement.scrollHeight").as_f64().expect("a height");
    browser.screenshot(&artefacts().join("monorepo-full.png"), Some(height.min(16000.0)));

    // Printing: the navigation and tool bars go, every block opens, and closes again after.
    browser.call("Emulation.setEmulatedMedia", json!({ "media": "print" }));
    let print = browser.eval(
        "(() => { window.dispatchEvent(new Event('beforeprint')); \
         const r = { nav: getComputedStyle(document.querySelector('nav.toc')).display, \
                     tools: getComputedStyle(document.querySelector('.tools')).display, \
                     closed: document.querySelectorAll('details:not([open])').length }; \
         window.dispatchEvent(new Event('afterprint')); \
         r.after = document.querySelectorAll('details:not([open])').length; return r; })()",
    );
    assert_eq!(print["nav"], "none", "{print}");
    assert_eq!(print["tools"], "none", "{print}");
    assert_eq!(print["closed"], 0, "{print}");
    assert!(print["after"].as_u64() > Some(0), "{print}");
    browser.call("Emulation.setEmulatedMedia", json!({ "media": "" }));
    browser.assert_clean("after sorting, filtering, following a link and printing");
}

/// A package whose name, version and licence are markup: the page shows them as text and runs
/// nothing of them, in the browser as in the file.
#[test]
fn markup_in_a_package_is_text_in_chromium() {
    let project = Project::from_fixture("eco-npm-package-json");
    let evil = "<img src=x onerror=alert(1)><script>alert(2)</script>";
    let manifest = json!({
        "name": "</title><script>alert(3)</script>",
        "version": "1.0.0",
        "license": "<b onmouseover=alert(4)>MIT</b>",
        "dependencies": { evil: "1.0.0 <script>alert(5)</script>" },
    });
    project.write("package.json", &serde_json::to_string_pretty(&manifest).expect("JSON"));
    let html = project.outside().join("hostile.html");
    let result = scan(&project, &html);
    assert!(
        names(&result, "packages", "name").iter().any(|n| n == evil),
        "the parser kept the name: {result:#}"
    );
    let page = std::fs::read_to_string(&html).expect("the report");
    assert_eq!(page.matches("<script").count(), 1, "one script, the report's own");
    assert!(!page.contains("<img") && !page.contains("<b "), "no element from the result");
    let kept = artefacts().join("hostile.html");
    std::fs::copy(&html, &kept).expect("keeping the report");

    let Some(chromium) = chromium() else {
        return skip("markup in a package, in a browser; the file itself was checked");
    };
    let mut browser = Browser::launch(&chromium);
    browser.open(&kept);
    let seen = browser.eval(&format!(
        "({{ scripts: document.scripts.length, images: document.images.length, \
            text: document.body.innerText.includes({}) }})",
        json!(evil)
    ));
    assert_eq!(seen, json!({ "scripts": 1, "images": 0, "text": true }));
    browser.eval("document.querySelector('#t-packages a').click()");
    browser.screenshot(&artefacts().join("hostile.png"), None);
    browser.assert_clean("a hostile package");
}

/// The checks above can fail: a page with a console error, an uncaught exception, an inline
/// script the policy blocks and a request elsewhere is reported on each count.
#[test]
fn the_browser_check_catches_what_a_broken_page_does() {
    let Some(chromium) = chromium() else { return skip("the browser check's own test") };
    let dir = tempfile::tempdir().expect("a temporary directory");
    let page = dir.path().join("broken.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         script-src 'sha256-5jFwrAK0UV47oFbVg/iCCBbxD8X1w+QvoOUepu4C2YA='\"></head><body>\
         <script>alert(1)</script><img src=\"http://192.0.2.1/x.png\"></body></html>",
    )
    .expect("writing the page");
    let mut browser = Browser::launch(&chromium);
    browser.open(&page);
    browser.eval("setTimeout(() => { console.error('broken'); undefinedFunction(); }, 0); new Promise(r => setTimeout(r, 50))");
    let problems = browser.problems().join("\n");
    assert!(problems.contains("console.error: \"broken\""), "{problems}");
    assert!(
        problems.contains("uncaught exception: ReferenceError: undefinedFunction is not defined"),
        "{problems}"
    );
    assert!(problems.contains("Content Security Policy"), "the blocked inline script: {problems}");
    assert!(problems.contains("192.0.2.1"), "the image blocked by the policy: {problems}");
}
