//! `ospo plugin inspect FILE`: what a `.wasm` file is, before anyone runs it in a scan. The
//! imports and exports are read with wasmparser (so a file the host refuses is still described);
//! whether it loads, and what `info()` says, come from the host's own loader
//! ([`crate::runtime::Runtime::load`]), so the verdict is the one a scan would reach.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use super::InspectArgs;
use crate::runtime::{Limits, LoadedPlugin, PluginSource, Runtime, convert};

/// A component's top-level imports and exports, by name (nested modules' are its own business).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Interfaces {
    pub imports: Vec<String>,
    pub exports: Vec<String>,
}

/// Reads the outermost component's import and export names, or says why it cannot.
pub fn interfaces(bytes: &[u8]) -> Result<Interfaces, String> {
    let mut found = Interfaces::default();
    let mut depth = 0usize;
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(|e| format!("not a readable WebAssembly binary: {e}"))?;
        match payload {
            wasmparser::Payload::ModuleSection { .. } | wasmparser::Payload::ComponentSection { .. } => {
                depth += 1
            }
            wasmparser::Payload::End(_) => depth = depth.saturating_sub(1),
            wasmparser::Payload::ComponentImportSection(reader) if depth == 0 => {
                for import in reader {
                    let import = import.map_err(|e| format!("malformed import section: {e}"))?;
                    found.imports.push(import.name.name.to_string());
                }
            }
            wasmparser::Payload::ComponentExportSection(reader) if depth == 0 => {
                for export in reader {
                    let export = export.map_err(|e| format!("malformed export section: {e}"))?;
                    found.exports.push(export.name.name.to_string());
                }
            }
            _ => {}
        }
    }
    Ok(found)
}

/// The WIT world a loaded plugin implements, as the contract names it.
fn world(plugin: &LoadedPlugin) -> &'static str {
    plugin.kind.as_str()
}

/// Everything `inspect` reports, as JSON (the text form is printed from it).
pub fn describe(path: &Path, bytes: &[u8], runtime: &Runtime) -> Value {
    let sha256 = crate::runtime::sha256_hex(bytes);
    let mut report = json!({
        "file": path.display().to_string(),
        "size": bytes.len(),
        "sha256": sha256,
    });
    match interfaces(bytes) {
        Ok(found) => {
            report["imports"] = json!(found.imports);
            report["exports"] = json!(found.exports);
        }
        Err(err) => report["interfaces_error"] = json!(err),
    }
    let source = PluginSource::File(path.to_path_buf());
    match runtime.load_digested(bytes, &sha256, source, Limits::default()) {
        Ok(plugin) => {
            let info = &plugin.info;
            report["loads"] = json!(true);
            report["world"] = json!(world(&plugin));
            report["wit_version"] = json!(plugin.wit_version);
            let codes: Vec<Value> = info
                .codes
                .iter()
                .map(|c| json!({ "code": c.code, "level": convert::level(c.level), "description": c.description }))
                .collect();
            report["info"] = json!({
                "name": info.name,
                "version": info.version,
                "kind": plugin.kind.as_str(),
                "description": info.description,
                "files": {
                    "globs": info.files.globs,
                    "max_size": info.files.max_size,
                    "text_only": info.files.text_only,
                },
                "formats": info.formats,
                "ecosystems": info.ecosystems,
                "codes": codes,
                "homepage": info.homepage,
            });
            if let Some(filter) = &plugin.content_filter {
                report["content_filter"] = json!({ "keywords": filter.keywords, "always": filter.always });
            }
            // A scan leaves out a plugin whose globs do not compile, though it loaded.
            if let Some(err) = plugin.glob_error() {
                report["loads"] = json!(false);
                report["why_not"] = json!(format!("{err}; a scan leaves it out"));
            }
        }
        Err(err) => {
            report["loads"] = json!(false);
            report["why_not"] = json!(err.to_string());
        }
    }
    report["signature"] = signature_status(path, &sha256);
    report
}

/// What FILE.sig says, without judging trust (that needs a config: `ospo plugin verify`).
fn signature_status(path: &Path, sha256: &str) -> Value {
    let sig_path = super::keys::signature_path(path);
    match super::keys::Signature::read(&sig_path) {
        Ok(None) => Value::Null,
        Ok(Some(sig)) => json!({
            "file": sig_path.display().to_string(),
            "key": sig.key.to_string(),
            "matches_file": sig.sha256 == sha256,
        }),
        Err(err) => json!({ "file": sig_path.display().to_string(), "error": format!("{err:#}") }),
    }
}

fn text(report: &Value) -> String {
    let esc = |v: &Value| crate::escape::line(v.as_str().unwrap_or_default()).to_string();
    let list = |v: &Value| -> Vec<String> {
        v.as_array().map(|items| items.iter().map(&esc).collect()).unwrap_or_default()
    };
    let mut out = String::new();
    out.push_str(&format!("file:        {}\n", esc(&report["file"])));
    out.push_str(&format!("size:        {} bytes\n", report["size"]));
    out.push_str(&format!("sha256:      {}\n", esc(&report["sha256"])));
    if report["loads"] == json!(true) {
        out.push_str(&format!("world:       ospo:plugin/{}\n", esc(&report["world"])));
        out.push_str(&format!("wit version: {}\n", esc(&report["wit_version"])));
        out.push_str("loads:       yes, in this host\n");
    } else {
        out.push_str(&format!("loads:       no: {}\n", esc(&report["why_not"])));
    }
    if let Some(err) = report.get("interfaces_error") {
        out.push_str(&format!("interfaces:  {}\n", esc(err)));
    }
    for (label, key) in [("imports", "imports"), ("exports", "exports")] {
        let items = list(&report[key]);
        if !items.is_empty() {
            out.push_str(&format!("{label}:\n"));
            for item in items {
                out.push_str(&format!("    {item}\n"));
            }
        }
    }
    let info = &report["info"];
    if info.is_object() {
        out.push_str(&format!(
            "info():      {} {} ({})\n    {}\n",
            esc(&info["name"]),
            esc(&info["version"]),
            esc(&info["kind"]),
            esc(&info["description"])
        ));
        let globs = list(&info["files"]["globs"]);
        if !globs.is_empty() {
            out.push_str(&format!("    files: {}", globs.join(", ")));
            if let Some(max) = info["files"]["max_size"].as_u64() {
                out.push_str(&format!(", at most {max} bytes"));
            }
            if info["files"]["text_only"] == json!(true) {
                out.push_str(", text only");
            }
            out.push('\n');
        }
        for (label, key) in [("formats", "formats"), ("ecosystems", "ecosystems")] {
            let items = list(&info[key]);
            if !items.is_empty() {
                out.push_str(&format!("    {label}: {}\n", items.join(", ")));
            }
        }
        for code in info["codes"].as_array().into_iter().flatten() {
            out.push_str(&format!(
                "    code {} ({}): {}\n",
                esc(&code["code"]),
                esc(&code["level"]),
                esc(&code["description"])
            ));
        }
    }
    if let Some(filter) = report.get("content_filter") {
        let keywords = list(&filter["keywords"]);
        let always = list(&filter["always"]);
        out.push_str(&format!(
            "content filter: {}; always: {}\n",
            if keywords.is_empty() {
                "none (every file matching the globs)".to_string()
            } else {
                keywords.join(", ")
            },
            if always.is_empty() { "no glob".to_string() } else { always.join(", ") }
        ));
    }
    let sig = &report["signature"];
    if sig.is_null() {
        out.push_str("signature:   none (no FILE.sig beside it)\n");
    } else if let Some(err) = sig.get("error") {
        out.push_str(&format!("signature:   {}: {}\n", esc(&sig["file"]), esc(err)));
    } else {
        out.push_str(&format!(
            "signature:   {} by {}{}\n",
            esc(&sig["file"]),
            esc(&sig["key"]),
            if sig["matches_file"] == json!(true) {
                ""
            } else {
                " (for other bytes: the file changed since)"
            }
        ));
    }
    out
}

pub fn run(args: &InspectArgs, cache_dir: Option<PathBuf>) -> Result<ExitCode> {
    let bytes = crate::files::read_capped(&args.file, crate::files::PLUGIN_CAP)
        .with_context(|| format!("cannot read plugin {}", args.file.display()))?;
    let runtime = Runtime::new(cache_dir)?;
    let report = describe(&args.file, &bytes, &runtime);
    let out = match args.format.as_str() {
        "json" => {
            let mut bytes = serde_json::to_vec_pretty(&report)?;
            bytes.push(b'\n');
            bytes
        }
        "text" => text(&report).into_bytes(),
        other => bail!("unknown format {other:?} for `plugin inspect`; use text or json"),
    };
    crate::output::write(&out, None)?;
    // Scripts can tell a plugin the host refuses from one it loads.
    Ok(if report["loads"] == json!(true) { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_described_not_a_panic() {
        assert!(interfaces(b"\0asm\x0d\x00\x01\x00\xff\xff").is_err());
        assert!(interfaces(b"not wasm").is_err());
        // An empty component: no imports, no exports.
        assert_eq!(interfaces(b"\0asm\x0d\x00\x01\x00"), Ok(Interfaces::default()));
    }
}
