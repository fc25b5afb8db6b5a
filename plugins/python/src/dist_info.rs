//! Installed distributions: `<name>-<version>.dist-info/METADATA` (core metadata 1.0 to 2.4)
//! in a vendored or checked-in environment (`site-packages`, a `pip install --target` tree).
//!
//! - One package per METADATA: `Name` and `Version`, located at the `Name:` line.
//! - Declared licence: `License-Expression` (metadata 2.4), else a `License` field naming a
//!   licence exactly, else the `License ::` classifiers, else whatever `License` names; the raw
//!   text is kept as written (see [`crate::license`]).
//! - `Requires-Dist` gives an edge to each distribution installed beside it (the other
//!   `*.dist-info` directories of the same parent), optional when only an extra asks for it.
//!   A requirement not installed is not an error: markers, extras and platform wheels explain
//!   most, and nothing here can tell which.
//! - `Home-page` (or a `Homepage` project URL) is the homepage.
//! - A METADATA without RECORD beside it is noted (`dist-info-record-missing`, info): pip writes
//!   RECORD for every installed distribution, so its absence means copied metadata.

use std::collections::BTreeMap;

use ospo_plugin_sdk::{Completeness, DependencyEdge, DependencyScope, Diagnostic, Level, ParseOutput, host};

use crate::model::{self, Entry};
use crate::{license, names, pep508, siblings};

/// The header fields of a METADATA file: each name (lower case) with its values and the line
/// of the first one.
struct Headers {
    fields: BTreeMap<String, Vec<String>>,
    lines: BTreeMap<String, u32>,
}

impl Headers {
    fn first(&self, name: &str) -> Option<&str> {
        self.fields
            .get(name)
            .and_then(|v| v.first())
            .map(String::as_str)
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }

    fn all(&self, name: &str) -> &[String] {
        self.fields.get(name).map_or(&[], Vec::as_slice)
    }
}

/// RFC 822 headers up to the first blank line; continuation lines (leading whitespace) join
/// the previous value with a newline, as `License` texts are written.
fn headers(text: &str) -> Headers {
    let mut fields: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut lines = BTreeMap::new();
    let mut last: Option<String> = None;
    for (number, line) in ospo_plugin_sdk::text::numbered_lines(text) {
        if line.trim().is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            if let Some(value) = last.as_ref().and_then(|k| fields.get_mut(k)).and_then(|v| v.last_mut()) {
                value.push('\n');
                value.push_str(line.trim());
            }
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            last = None;
            continue;
        };
        let key = key.trim().to_ascii_lowercase();
        lines.entry(key.clone()).or_insert(number);
        fields.entry(key.clone()).or_default().push(value.trim().to_string());
        last = Some(key);
    }
    Headers { fields, lines }
}

pub fn parse(path: &str, text: &str, out: &mut ParseOutput) {
    let headers = headers(text);
    let version = headers.first("metadata-version").unwrap_or("1.0").to_string();
    let format = format!("installed dist-info METADATA (metadata {version})");
    let (Some(name), Some(dist_version)) = (headers.first("name"), headers.first("version")) else {
        out.diagnostics.push(
            Diagnostic::new(
                "manifest-malformed",
                Level::Error,
                "dist-info METADATA: no Name or no Version header",
            )
            .at(path, Some(1)),
        );
        model::emit(path, "pypi", &format, Completeness::Complete, Vec::new(), out);
        return;
    };
    let mut entry = Entry::new("pypi", name, Some(dist_version), path, headers.lines.get("name").copied());
    entry.declared = license::best(
        headers.first("license-expression"),
        headers.first("license"),
        headers.all("classifier"),
    );
    entry.homepage = headers.first("home-page").map(str::to_string).or_else(|| {
        headers.all("project-url").iter().find_map(|u| {
            let (label, url) = u.split_once(',')?;
            label.trim().eq_ignore_ascii_case("homepage").then(|| url.trim().to_string())
        })
    });
    let dist_dir = names::parent(path);
    let site = names::parent(dist_dir);
    let record = format!("{dist_dir}/RECORD");
    if !siblings::exists(&record) {
        out.diagnostics.push(
            Diagnostic::new(
                "dist-info-record-missing",
                Level::Info,
                format!("{name} {dist_version} has METADATA but no RECORD: it may not be installed there"),
            )
            .at(path, None),
        );
    }
    let installed = installed_beside(site);
    let from = names::pypi_purl(name, Some(dist_version), &[]);
    let mut edges = Vec::new();
    for requirement in headers.all("requires-dist") {
        let Some(req) = pep508::parse(requirement) else { continue };
        let Some((to_name, to_version)) = installed.get(&names::normalize(&req.name)) else { continue };
        if let (Ok(from), Ok(to)) = (&from, names::pypi_purl(to_name, Some(to_version), &[])) {
            edges.push(DependencyEdge::new(from, &to, DependencyScope::Runtime).optional(req.needs_extra()));
        }
    }
    model::emit(path, "pypi", &format, Completeness::Complete, vec![entry], out);
    out.edges.extend(edges);
}

/// The distributions installed in directory `site`, from their `.dist-info` directory names
/// (`charset_normalizer-3.5.3.dist-info`): normalised name to (name, version).
fn installed_beside(site: &str) -> BTreeMap<String, (String, String)> {
    let glob = if site.is_empty() {
        "*.dist-info/METADATA".to_string()
    } else {
        format!("{site}/*.dist-info/METADATA")
    };
    let mut installed = BTreeMap::new();
    for metadata in host::list_files(&glob).unwrap_or_default() {
        let dir = names::file_name(names::parent(&metadata));
        let Some(stem) = dir.strip_suffix(".dist-info") else { continue };
        let Some((name, version)) = stem.split_once('-') else { continue };
        installed.insert(names::normalize(name), (name.to_string(), version.to_string()));
    }
    installed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_stop_at_the_body_and_join_continuations() {
        let h = headers(
            "Metadata-Version: 2.1\nName: six\nLicense: line one\n        line two\nClassifier: A\nClassifier: B\n\nName: not a header\n",
        );
        assert_eq!(h.first("name"), Some("six"));
        assert_eq!(h.first("license"), Some("line one\nline two"));
        assert_eq!(h.all("classifier").len(), 2);
        assert_eq!(h.lines.get("name"), Some(&2));
    }
}
