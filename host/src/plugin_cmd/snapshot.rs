//! `ospo plugin test FILE DIR`: one plugin alone over a fixture tree, its output compared with a
//! stored snapshot, for a plugin author's CI. The scan is this binary's own (`ospo scan
//! --no-default-plugins --plugin FILE --format json`, with a fixed `SOURCE_DATE_EPOCH`), and the
//! snapshot keeps what the plugin decided, not what changes between machines and builds (the
//! scan's metadata, the plugin's digest and path, timings).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};
use serde_json::Value;

use super::TestArgs;

/// Keys of the JSON result that say where and when, not what.
const UNSTABLE: [&str; 4] = ["metadata", "plugins", "timings", "root"];

/// The result with the machine- and build-dependent parts removed.
pub fn stable(mut result: Value) -> Value {
    if let Some(fields) = result.as_object_mut() {
        for key in UNSTABLE {
            fields.remove(key);
        }
    }
    result
}

fn default_snapshot(dir: &Path) -> PathBuf {
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "fixture".into());
    dir.parent().unwrap_or(Path::new(".")).join(format!("{name}.snapshot.json"))
}

/// The plugin's stable output over `dir`, pretty JSON ending in a newline.
pub fn output(file: &Path, dir: &Path) -> Result<String> {
    let exe = std::env::current_exe().context("cannot find the ospo binary")?;
    let out = Command::new(exe)
        .args(["scan", "--quiet", "--no-default-plugins", "--format", "json", "--plugin"])
        .arg(file)
        .arg(dir)
        .env("SOURCE_DATE_EPOCH", "0")
        .output()
        .context("cannot run ospo scan")?;
    // 1 is a policy verdict: the output is still the result.
    if !matches!(out.status.code(), Some(0 | 1)) {
        bail!("ospo scan failed:\n{}", String::from_utf8_lossy(&out.stderr));
    }
    let result: Value = serde_json::from_slice(&out.stdout).context("ospo scan wrote no JSON")?;
    let mut text = serde_json::to_string_pretty(&stable(result))?;
    text.push('\n');
    Ok(text)
}

pub fn run(args: &TestArgs) -> Result<ExitCode> {
    let snapshot = args.snapshot.clone().unwrap_or_else(|| default_snapshot(&args.dir));
    let actual = output(&args.file, &args.dir)?;
    if args.update {
        std::fs::write(&snapshot, &actual).with_context(|| format!("cannot write {}", snapshot.display()))?;
        eprintln!("wrote {}", snapshot.display());
        return Ok(ExitCode::SUCCESS);
    }
    let expected = match std::fs::read_to_string(&snapshot) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            bail!("no snapshot {}: write it with --update, review it, commit it", snapshot.display())
        }
        Err(err) => return Err(err).with_context(|| format!("cannot read {}", snapshot.display())),
    };
    if expected == actual {
        eprintln!("{}: output matches {}", args.file.display(), snapshot.display());
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "{}: output differs from {}:\n{}",
        args.file.display(),
        snapshot.display(),
        diff(&expected, &actual)
    );
    eprintln!("if the change is intended, run again with --update");
    Ok(ExitCode::from(1))
}

/// The lines of each side the other lacks, in order: enough to see what changed in a JSON snapshot.
fn diff(expected: &str, actual: &str) -> String {
    let (old, new): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let mut out = String::new();
    for line in old.iter().filter(|l| !new.contains(l)).take(40) {
        out.push_str(&format!("- {}\n", crate::escape::line(line)));
    }
    for line in new.iter().filter(|l| !old.contains(l)).take(40) {
        out.push_str(&format!("+ {}\n", crate::escape::line(line)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_drops_what_varies_and_keeps_findings() {
        let result = serde_json::json!({"metadata": {"timestamp": "x"}, "plugins": [], "root": "/tmp/a", "observations": [1]});
        assert_eq!(stable(result), serde_json::json!({"observations": [1]}));
        assert_eq!(default_snapshot(Path::new("tests/fixture")), Path::new("tests/fixture.snapshot.json"));
        assert!(diff("a\nb\n", "a\nc\n").contains("- b\n+ c"));
    }
}
