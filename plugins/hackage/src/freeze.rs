//! `cabal.project.freeze`: cabal.project syntax, of which only the `constraints:` field matters.
//! A field starts at column 0 (`name: value`); indented lines continue it; its entries are comma
//! separated.
//!
//! ```text
//! constraints: any.Cabal ==3.16.0.0,
//!              any.OneTuple ==0.4.3,
//!              OneTuple +base-ge-4-15 +base-ge-4-16,
//! ```

use ospo_plugin_sdk::{
    Completeness, DependencyScope, Diagnostic, Level, Manifest, Package, PackageSource, ParseOutput,
    SourceKind, purl,
};

/// A constraint entry and the 1-based line it starts on.
fn constraint_entries(text: &str) -> Vec<(u32, String)> {
    let mut entries = Vec::new();
    let mut inside = false;
    let mut current: Option<(u32, String)> = None;
    for (index, raw) in text.lines().enumerate() {
        let line_no = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let line = raw.split("--").next().unwrap_or_default();
        let continues = line.starts_with([' ', '\t']);
        let body = if continues {
            if !inside {
                continue;
            }
            line
        } else if let Some(rest) = field_value(line, "constraints") {
            inside = true;
            rest
        } else {
            inside = false;
            continue;
        };
        let mut first = true;
        for piece in body.split(',') {
            if !first {
                entries.extend(current.take());
            }
            first = false;
            let piece = piece.trim();
            if piece.is_empty() {
                continue;
            }
            match &mut current {
                Some((_, text)) => {
                    text.push(' ');
                    text.push_str(piece);
                }
                None => current = Some((line_no, piece.to_string())),
            }
        }
    }
    entries.extend(current);
    entries
}

/// The value of `name:` at the start of a line, field names being case-insensitive.
fn field_value<'l>(line: &'l str, name: &str) -> Option<&'l str> {
    let (key, value) = line.split_once(':')?;
    key.trim().eq_ignore_ascii_case(name).then_some(value)
}

pub fn parse(path: &str, text: &str, out: &mut ParseOutput) {
    for (line, entry) in constraint_entries(text) {
        let (qualified, rest) = entry.split_once(char::is_whitespace).unwrap_or((entry.as_str(), ""));
        let rest = rest.trim();
        // `aeson +ordered-keymap -cffi`: flag settings, `pkg installed`/`source`: not pins.
        if rest.starts_with(['+', '-']) || rest == "installed" || rest == "source" {
            continue;
        }
        let (scope, name) = match qualified.rsplit_once('.') {
            Some(("any", name)) => (DependencyScope::Runtime, name),
            Some((qualifier, name)) if qualifier == "setup" || qualifier.ends_with(":setup") => {
                (DependencyScope::Build, name)
            }
            Some((qualifier, name)) if qualifier.contains(':') || qualifier == "exe" => {
                (DependencyScope::Build, name)
            }
            _ => (DependencyScope::Runtime, qualified),
        };
        let Some(version) = rest.strip_prefix("==").map(str::trim).filter(|v| !v.is_empty()) else {
            out.diagnostics.push(
                Diagnostic::new(
                    "manifest-unsupported",
                    Level::Warning,
                    format!("cabal.project.freeze: `{entry}` is not an exact `==` pin"),
                )
                .at(path, Some(line)),
            );
            continue;
        };
        let valid_name = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        let id = match purl::purl("hackage", None, name, Some(version)) {
            Ok(id) if valid_name => id,
            _ => {
                out.diagnostics.push(
                    Diagnostic::new(
                        "manifest-malformed",
                        Level::Error,
                        format!("cabal.project.freeze: `{entry}` names no valid package"),
                    )
                    .at(path, Some(line)),
                );
                continue;
            }
        };
        if let Some(existing) = out.packages.iter_mut().find(|p| p.id == id) {
            // Pinned both for the library plan and for a setup script: runtime wins.
            if scope == DependencyScope::Runtime {
                existing.scope = scope;
            }
            continue;
        }
        out.packages.push(
            Package::new("hackage", name, Some(version))
                .purl(&id)
                .scope(scope)
                .source(PackageSource::new(SourceKind::Registry, None))
                .location(path, Some(line)),
        );
    }
    out.manifests.push(Manifest::new(path, "hackage", "cabal.project.freeze", Completeness::Complete));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_span_lines_and_qualifiers_set_scope() {
        let text = "constraints: any.base ==4.8.2.0,\n  setup.Cabal ==3.4.0.0, foo +bar,\n  any.x\n    ==1.0\nindex-state: 2024\n  any.ignored ==1\n";
        let mut out = ParseOutput::default();
        parse("cabal.project.freeze", text, &mut out);
        let got: Vec<(&str, Option<&str>, DependencyScope, Option<u32>)> = out
            .packages
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_deref(), p.scope, p.locations[0].line))
            .collect();
        assert_eq!(
            got,
            [
                ("base", Some("4.8.2.0"), DependencyScope::Runtime, Some(1)),
                ("Cabal", Some("3.4.0.0"), DependencyScope::Build, Some(2)),
                ("x", Some("1.0"), DependencyScope::Runtime, Some(3)),
            ]
        );
        assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    }
}
