//! `go.work`: the workspace's modules (`use`), each a project package read from its go.mod.

use ospo_plugin_sdk::{Completeness, Diagnostic, Level, Manifest, ParseOutput};

use crate::{ECOSYSTEM, gomod, modfile, module};

/// A go.work handed to the parser.
pub fn parse(path: &str, text: &str, out: &mut ParseOutput) {
    let (directives, errors) = modfile::parse(text);
    for e in errors {
        out.diagnostics.push(
            Diagnostic::new("manifest-malformed", Level::Error, format!("go.work: {}", e.message))
                .at(path, Some(e.line)),
        );
    }
    let dir = module::parent(path);
    let mut go = None;
    for d in &directives {
        match (d.verb.as_str(), d.args.as_slice()) {
            ("go", [version]) => go = Some(version.clone()),
            ("use", [rel]) => use_module(path, dir, rel, d.line, out),
            // The toolchain is not a dependency; the workspace's replacements and settings
            // apply to the members' requirements, which their own go.mod files report.
            ("toolchain", [_]) | ("replace", _) | ("godebug", [_, ..]) => {}
            ("go" | "use" | "toolchain", _) => out.diagnostics.push(
                Diagnostic::new(
                    "manifest-malformed",
                    Level::Error,
                    format!("go.work: `{}` with arguments {:?}", d.verb, d.args),
                )
                .at(path, Some(d.line)),
            ),
            (verb, _) => out.diagnostics.push(
                Diagnostic::new(
                    "manifest-unsupported",
                    Level::Warning,
                    format!("go.work: unknown directive `{verb}`"),
                )
                .at(path, Some(d.line)),
            ),
        }
    }
    let format = match go {
        Some(v) => format!("go.work (go {v}; workspace modules only)"),
        None => "go.work (workspace modules only)".to_string(),
    };
    out.manifests.push(Manifest::new(path, ECOSYSTEM, &format, Completeness::DirectOnly));
}

/// The module a `use` line names, from the go.mod in that directory.
fn use_module(path: &str, dir: &str, rel: &str, line: u32, out: &mut ParseOutput) {
    let missing = |why: String| {
        Diagnostic::new("go-work-module-missing", Level::Warning, format!("go.work: use {rel}: {why}"))
            .at(path, Some(line))
    };
    let Some(member) = module::join(dir, rel) else {
        out.diagnostics.push(missing("outside the scanned tree".to_string()));
        return;
    };
    let go_mod = module::file_in(&member, "go.mod");
    let text = match ospo_plugin_sdk::host::read_file(&go_mod) {
        Ok(bytes) => ospo_plugin_sdk::text::lossy(&bytes).into_owned(),
        Err(error) => {
            out.diagnostics.push(missing(error));
            return;
        }
    };
    match gomod::read(&text).0.module {
        Some((module_path, _)) => {
            let shown = if member.is_empty() { ".".to_string() } else { member.clone() };
            out.packages.extend(module::local_package(
                &module_path,
                &shown,
                path,
                line,
                &mut out.diagnostics,
            ));
        }
        None => out.diagnostics.push(missing(format!("{go_mod} has no module directive"))),
    }
}
