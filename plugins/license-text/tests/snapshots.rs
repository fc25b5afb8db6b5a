//! Every fixture's findings, pinned as one insta snapshot per fixture: a change in what the
//! detector reports anywhere (a new finding, a lost one, a moved line range, a different
//! confidence) shows up as a reviewable diff. The asserting tests in `detect.rs` say why each
//! finding is right; these say that nothing else changed.

use ospo_plugin_license_text::{Options, detect};
use ospo_plugin_sdk::Strength;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn fixtures_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Fixture files, relative to the fixtures root, sorted.
fn fixture_files(dir: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).expect("fixtures directory").map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            fixture_files(&path, out);
        } else {
            let rel = path.strip_prefix(fixtures_root()).expect("under the root");
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// One line per finding: kind, lines, expression, rule, confidence and coverage.
fn render(rel: &str) -> String {
    let bytes = std::fs::read(fixtures_root().join(rel)).expect("fixture");
    let out = detect(rel, &bytes, &Options::default());
    let lines = |r: &Option<ospo_plugin_sdk::LineRange>| {
        r.as_ref().map_or("-".into(), |r| format!("{}-{}", r.start, r.end))
    };
    let mut s = String::new();
    for l in &out.licenses {
        let coverage = l.coverage.map_or("-".into(), |c| format!("{c:.2}"));
        // Fields the 0.2 contract added, written only when set, so a line without them reads
        // as it always did.
        let mut extra = String::new();
        if l.strength != Strength::Detection {
            let _ = write!(extra, " strength={:?}", l.strength);
        }
        if let Some(raw) = &l.raw {
            let _ = write!(extra, " raw={raw:?}");
        }
        for r in &l.references {
            let _ = write!(extra, " ref={:?}:{}", r.kind, r.target);
        }
        let _ = writeln!(
            s,
            "{:?} {} {} [{}] confidence={:.2} coverage={coverage}{extra}",
            l.kind,
            lines(&l.lines),
            l.expression,
            l.rule_id,
            l.confidence
        );
    }
    for c in &out.copyrights {
        let _ = writeln!(
            s,
            "copyright {} {:?} holders={:?} years={:?}",
            lines(&c.lines),
            c.statement,
            c.holders,
            c.years
        );
    }
    for d in &out.diagnostics {
        let _ = writeln!(s, "diagnostic {} {}", d.code, d.message);
    }
    if s.is_empty() {
        s.push_str("(nothing)\n");
    }
    s
}

#[test]
fn findings_of_every_fixture() {
    let mut files = Vec::new();
    fixture_files(&fixtures_root(), &mut files);
    assert!(files.len() > 30, "fixtures found: {files:?}");
    for rel in files {
        let name = rel.replace(['/', '.'], "_");
        insta::assert_snapshot!(name, render(&rel), &rel);
    }
}
