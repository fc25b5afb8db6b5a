//! Licence fields of package manifests, normalised to SPDX expressions: package.json,
//! composer.json, Cargo.toml (and cargo's Cargo.toml.orig), pyproject.toml, setup.cfg,
//! PKG-INFO / METADATA, pom.xml, *.gemspec and *.nuspec. What cannot be mapped unambiguously
//! ("BSD", "Proprietary") is kept as `LicenseRef-<raw text>` so nothing disappears.

use crate::engine::finding;
use crate::names;
use ospo_plugin_sdk::expression::convention::{self, LICENSE_MANIFESTS};
use ospo_plugin_sdk::text::LineIndex;
use ospo_plugin_sdk::{DetectOutput, Diagnostic, FindingKind, Level, LineRange};

/// Diagnostic code of a manifest that does not parse.
pub const MALFORMED_CODE: &str = "manifest-malformed";

/// The manifest kind of a path, by file name: the SDK's list of licence-bearing manifests
/// ([`LICENSE_MANIFESTS`]), which the host shares.
fn kind_of(path: &str) -> Option<&'static str> {
    convention::manifest_kind(path)
}

/// Globs of every manifest, anywhere in the tree: the host sends them whatever they hold.
pub fn globs() -> Vec<String> {
    LICENSE_MANIFESTS.iter().map(|(pattern, _)| format!("**/{pattern}")).collect()
}

/// Whether `path` is a manifest this module reads.
pub fn is_manifest(path: &str) -> bool {
    kind_of(path).is_some()
}

/// One licence value of a manifest, and how its parts combine.
struct Field {
    raw: String,
    /// Whether several values of the manifest form a choice (`OR`) or all apply (`AND`).
    joiner: &'static str,
}

/// Normalises a manifest licence string to an SPDX expression.
pub fn normalize_expression(raw: &str) -> String {
    let raw = raw.trim();
    // A valid expression already: keep it, after mapping each id.
    let upper_ops = raw
        .replace(" or ", " OR ")
        .replace(" and ", " AND ")
        .replace(" with ", " WITH ")
        .replace('/', " OR ");
    let spaced = upper_ops.replace('(', " ( ").replace(')', " ) ");
    let parts: Vec<&str> = spaced.split_whitespace().collect();
    if parts.iter().any(|p| matches!(*p, "OR" | "AND" | "WITH")) {
        let mut out = Vec::new();
        let mut term: Vec<&str> = Vec::new();
        let flush = |term: &mut Vec<&str>, out: &mut Vec<String>| {
            if !term.is_empty() {
                out.push(one_license(&term.join(" ")));
                term.clear();
            }
        };
        for p in parts {
            if matches!(p, "OR" | "AND" | "WITH" | "(" | ")") {
                flush(&mut term, &mut out);
                out.push(p.to_string());
            } else {
                term.push(p);
            }
        }
        flush(&mut term, &mut out);
        return out.join(" ").replace("( ", "(").replace(" )", ")");
    }
    one_license(raw)
}

fn one_license(raw: &str) -> String {
    if raw.starts_with("LicenseRef-") {
        return raw.to_string();
    }
    if let Some(n) = crate::data::name_of(raw)
        && n.exception
    {
        return raw.to_string();
    }
    names::resolve(raw).unwrap_or_else(|| names::license_ref(raw))
}

fn json_fields(text: &str, kind: &str) -> Result<Vec<Field>, String> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    let push = |out: &mut Vec<Field>, v: &serde_json::Value, joiner| match v {
        serde_json::Value::String(s) => out.push(Field { raw: s.clone(), joiner }),
        serde_json::Value::Object(o) => {
            if let Some(serde_json::Value::String(s)) = o.get("type").or_else(|| o.get("name")) {
                out.push(Field { raw: s.clone(), joiner });
            }
        }
        _ => {}
    };
    match v.get("license") {
        Some(serde_json::Value::Array(items)) => {
            // composer.json: an array is a choice ("disjunctive").
            items.iter().for_each(|i| push(&mut out, i, "OR"));
        }
        Some(l) => push(&mut out, l, "OR"),
        None => {}
    }
    if kind == "package.json"
        && let Some(serde_json::Value::Array(items)) = v.get("licenses")
    {
        items.iter().for_each(|i| push(&mut out, i, "OR"));
    }
    Ok(out)
}

fn toml_fields(text: &str, kind: &str, path: &str) -> Result<Vec<Field>, String> {
    if kind == "Cargo.toml"
        && let Some(raw) = package_license_string(text)
    {
        return Ok(vec![Field { raw, joiner: "AND" }]);
    }
    let v: toml::Table = toml::from_str(text).map_err(|e| e.message().to_string())?;
    let section = match kind {
        "Cargo.toml" => v.get("package"),
        _ => v.get("project").or_else(|| v.get("tool").and_then(|t| t.get("poetry"))),
    };
    let mut out = Vec::new();
    let Some(section) = section else {
        // A virtual workspace has no package; its `[workspace.package]` licence is what its
        // members declare (`license.workspace = true`), the project's own statement.
        if kind == "Cargo.toml"
            && let Some(raw) = workspace_license(&v)
        {
            out.push(Field { raw, joiner: "AND" });
        }
        return Ok(out);
    };
    match section.get("license") {
        Some(toml::Value::String(s)) => out.push(Field { raw: s.clone(), joiner: "AND" }),
        Some(toml::Value::Table(t)) => {
            if let Some(toml::Value::String(s)) = t.get("text") {
                out.push(Field { raw: s.clone(), joiner: "AND" });
            } else if kind == "Cargo.toml" && t.get("workspace").and_then(toml::Value::as_bool) == Some(true)
            {
                // `license.workspace = true`: the value lives in `[workspace.package]`, in this
                // file or in the workspace root's manifest above it.
                if let Some(raw) = workspace_license(&v).or_else(|| ancestor_workspace_license(path)) {
                    out.push(Field { raw, joiner: "AND" });
                }
            }
        }
        _ => {}
    }
    if out.is_empty()
        && let Some(toml::Value::Array(cls)) = section.get("classifiers")
    {
        for c in cls.iter().filter_map(toml::Value::as_str) {
            if let Some(f) = classifier(c) {
                out.push(f);
            }
        }
    }
    Ok(out)
}

/// The common case, without parsing the whole manifest: `license = "..."` in the one `[package]`
/// table. A published crate's normalised `Cargo.toml` is mostly dependency tables, and parsing
/// them was most of this plugin's time on Cargo trees. Only that table's lines are parsed; any
/// other shape (no such table, a cut that does not parse, `license.workspace = true`, dotted or
/// inline forms) returns `None` and the caller parses the whole file.
fn package_license_string(text: &str) -> Option<String> {
    let section = table_text(text, "[package]")?;
    let table: toml::Table = toml::from_str(section).ok()?;
    table.get("package")?.get("license")?.as_str().map(str::to_string)
}

/// The lines of the table opened by the line `header` up to the next line starting with `[`,
/// when exactly one line opens it. A cut inside a multi-line string or array leaves text that
/// does not parse, which sends the caller to the full parse.
fn table_text<'a>(text: &'a str, header: &str) -> Option<&'a str> {
    let is_header = |line: &str| {
        let line = line.trim();
        line.strip_prefix(header).is_some_and(|rest| {
            let rest = rest.trim_start();
            rest.is_empty() || rest.starts_with('#')
        })
    };
    let mut start = None;
    let mut end = text.len();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if is_header(line) {
            if start.is_some() {
                return None;
            }
            start = Some(offset);
        } else if let Some(from) = start
            && from < offset
            && end == text.len()
            && line.trim_start().starts_with('[')
        {
            end = offset;
        }
        offset += line.len();
    }
    text.get(start?..end)
}

fn workspace_license(manifest: &toml::Table) -> Option<String> {
    manifest.get("workspace")?.get("package")?.get("license")?.as_str().map(str::to_string)
}

/// The nearest ancestor `Cargo.toml` (read through the host) that has a `[workspace.package]`
/// licence.
fn ancestor_workspace_license(path: &str) -> Option<String> {
    let mut dir = path.rsplit_once('/').map(|(d, _)| d.to_string());
    while let Some(current) = dir {
        let parent = current.rsplit_once('/').map(|(d, _)| d.to_string());
        let candidate = match &parent {
            Some(p) => format!("{p}/Cargo.toml"),
            None => "Cargo.toml".to_string(),
        };
        if let Some(license) = ospo_plugin_sdk::host::read_file(&candidate)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .and_then(|text| toml::from_str::<toml::Table>(&text).ok())
            .and_then(|manifest| workspace_license(&manifest))
        {
            return Some(license);
        }
        dir = parent;
    }
    None
}

/// `License :: OSI Approved :: MIT License` → `MIT License`.
fn classifier(c: &str) -> Option<Field> {
    let rest = c.trim().strip_prefix("License ::")?;
    let last = rest.rsplit("::").next()?.trim();
    if last == "OSI Approved" {
        return None;
    }
    Some(Field { raw: last.to_string(), joiner: "OR" })
}

/// `key = value` lines (setup.cfg `[metadata]`) and `Key: value` headers (PKG-INFO).
fn line_fields(text: &str, kind: &str) -> Vec<Field> {
    let mut out = Vec::new();
    let mut classifiers = Vec::new();
    let mut in_metadata = kind == "PKG-INFO";
    for line in text.lines() {
        let t = line.trim();
        if kind == "setup.cfg" && t.starts_with('[') {
            in_metadata = t == "[metadata]";
            continue;
        }
        if kind == "PKG-INFO" && t.is_empty() {
            break; // the body (long description) follows the headers
        }
        if !in_metadata {
            continue;
        }
        let (key, value) = match kind {
            "PKG-INFO" => match t.split_once(':') {
                Some((k, v)) => (k.trim(), v.trim()),
                None => continue,
            },
            _ => match t.split_once('=') {
                Some((k, v)) => (k.trim(), v.trim()),
                None => {
                    if t.starts_with("License ::") {
                        classifiers.extend(classifier(t));
                    }
                    continue;
                }
            },
        };
        match key {
            "License-Expression" | "license_expression" => {
                out.insert(0, Field { raw: value.to_string(), joiner: "AND" });
            }
            "License" | "license" if !value.is_empty() && value != "UNKNOWN" => {
                out.push(Field { raw: value.to_string(), joiner: "AND" });
            }
            "Classifier" => classifiers.extend(classifier(value)),
            _ => {}
        }
    }
    if out.len() > 1 {
        out.truncate(1); // License-Expression wins over License
    }
    if out.is_empty() { classifiers } else { out }
}

/// Text of each `<tag>...</tag>` inside `within` elements.
fn xml_values(text: &str, within: &str, tag: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    let open_outer = format!("<{within}");
    while let Some(i) = rest.find(&open_outer) {
        rest = &rest[i + open_outer.len()..];
        let close_outer = format!("</{within}>");
        let body_end = rest.find(&close_outer).unwrap_or(rest.len());
        let body = &rest[..body_end];
        let open = format!("<{tag}");
        if let Some(a) = body.find(&open) {
            let after = &body[a + open.len()..];
            if let Some(gt) = after.find('>') {
                let inner = &after[gt + 1..];
                if let Some(end) = inner.find(&format!("</{tag}>")) {
                    out.push(inner[..end].trim().to_string());
                }
            }
        }
        rest = &rest[body_end..];
    }
    out
}

/// Text of the first `<tag ...>text</tag>` (nuspec's `<license type="expression">`).
fn element_text(text: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}");
    let mut rest = text;
    while let Some(i) = rest.find(&open) {
        rest = &rest[i + open.len()..];
        // `<licenseUrl>` is another element.
        if !rest.starts_with(['>', ' ', '\t', '\n']) {
            continue;
        }
        let gt = rest.find('>')?;
        let inner = &rest[gt + 1..];
        let end = inner.find(&format!("</{tag}>"))?;
        return Some(inner[..end].trim().to_string());
    }
    None
}

fn gemspec_fields(text: &str) -> Vec<Field> {
    let mut out = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        let Some(eq) = t.find('=') else { continue };
        let lhs = t[..eq].trim();
        if !(lhs.ends_with(".license") || lhs.ends_with(".licenses")) {
            continue;
        }
        // The quoted strings on the right: 'MIT' or ["MIT", "Apache-2.0"].
        let rhs = &t[eq + 1..];
        let mut parts = rhs.split(['"', '\'']);
        parts.next();
        for (k, s) in parts.enumerate() {
            if k % 2 == 0 && !s.trim().is_empty() {
                out.push(Field { raw: s.to_string(), joiner: "OR" });
            }
        }
    }
    out
}

/// Reads the manifest's licence fields into `Manifest` findings.
pub fn detect(path: &str, text: &str, lines: &LineIndex, out: &mut DetectOutput) {
    let Some(kind) = kind_of(path) else { return };
    let fields = match kind {
        "package.json" | "composer.json" => json_fields(text, kind),
        "Cargo.toml" | "pyproject.toml" => toml_fields(text, kind, path),
        "setup.cfg" | "PKG-INFO" => Ok(line_fields(text, kind)),
        "pom.xml" => Ok(xml_values(text, "license", "name")
            .into_iter()
            .map(|raw| Field { raw, joiner: "OR" })
            .collect()),
        "nuspec" => {
            Ok(element_text(text, "license").map(|raw| Field { raw, joiner: "AND" }).into_iter().collect())
        }
        "gemspec" => Ok(gemspec_fields(text)),
        _ => Ok(Vec::new()),
    };
    let fields = match fields {
        Ok(f) => f,
        Err(e) => {
            out.diagnostics
                .push(Diagnostic::new(MALFORMED_CODE, Level::Warning, format!("{kind}: {e}")).at(path, None));
            return;
        }
    };
    if fields.is_empty() {
        return;
    }
    let joiner = fields[0].joiner;
    let exprs: Vec<String> = fields.iter().map(|f| normalize_expression(&f.raw)).collect();
    let expression = if exprs.len() == 1 {
        exprs[0].clone()
    } else {
        exprs.iter().map(|e| format!("({e})")).collect::<Vec<_>>().join(&format!(" {joiner} "))
    };
    let expression = expression.replace("((", "(").replace("))", ")");
    let expression = simplify_parens(&expression);
    // The line of the first value, for the report.
    let line = fields.first().and_then(|f| text.find(&f.raw)).map(|i| LineRange::line(lines.line_of(i)));
    let unknown = expression.contains("LicenseRef-");
    // One value written otherwise than its expression (`Apache 2`, `MIT/Apache-2.0`): keep it.
    let raw = match fields.as_slice() {
        [one] if one.raw.trim() != expression => Some(one.raw.trim()),
        _ => None,
    };
    let f = finding(
        path,
        line,
        expression,
        FindingKind::Manifest,
        if unknown { 0.5 } else { 1.0 },
        None,
        format!("manifest/{kind}"),
    );
    out.licenses.push(match raw {
        Some(raw) => f.raw(raw),
        None => f,
    });
}

/// `(MIT) OR (Apache-2.0)` → `MIT OR Apache-2.0`: parentheses around single ids add nothing.
fn simplify_parens(e: &str) -> String {
    let mut out = String::new();
    let mut rest = e;
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')') else { break };
        let inner = &rest[open + 1..open + close];
        out.push_str(&rest[..open]);
        if inner.contains(' ') {
            out.push('(');
            out.push_str(inner);
            out.push(')');
        } else {
            out.push_str(inner);
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The host sends manifests past the content filter by these globs, so each name the
    /// reader knows must have one, and a glob must name nothing the reader skips.
    #[test]
    fn the_always_globs_name_exactly_the_manifests() {
        let globs = globs();
        assert_eq!(globs.len(), LICENSE_MANIFESTS.len());
        for (pattern, _) in LICENSE_MANIFESTS {
            assert!(globs.contains(&format!("**/{pattern}")), "{pattern} has no glob");
            let path = format!("vendor/pkg/{}", pattern.replace('*', "acme"));
            assert!(is_manifest(&path), "{path} is not read as a manifest");
        }
        for not_one in ["src/package.json.bak", "Cargo.lock", "docs/setup.cfg.in", "gemspec"] {
            assert!(!is_manifest(not_one), "{not_one}");
        }
    }

    #[test]
    fn the_package_table_alone_gives_the_common_licence() {
        let toml = "[package]\nname = \"a\"\nlicense = \"MIT OR Apache-2.0\"\n\n[package.metadata.docs]\nx = 1\n\n[dependencies]\nserde = \"1\"\n";
        assert_eq!(package_license_string(toml).as_deref(), Some("MIT OR Apache-2.0"));
        // A cut inside a multi-line string does not parse: the caller reads the whole file.
        let cut = "[package]\nname = \"a\"\ndescription = \"\"\"\n[not a table]\n\"\"\"\nlicense = \"MIT\"\n";
        assert_eq!(package_license_string(cut), None);
        assert_eq!(toml_fields(cut, "Cargo.toml", "Cargo.toml").map(|f| f.len()), Ok(1));
        // Two headers, the workspace form, a dotted key: all left to the full parse.
        assert_eq!(package_license_string("[package]\n[package]\nlicense = \"MIT\"\n"), None);
        assert_eq!(package_license_string("[package]\nlicense.workspace = true\n"), None);
        assert_eq!(package_license_string("package.license = \"MIT\"\n"), None);
        assert_eq!(
            table_text("x = 1\n[package] # the crate\nname = \"a\"\n[lib]\n", "[package]"),
            Some("[package] # the crate\nname = \"a\"\n")
        );
    }
}
