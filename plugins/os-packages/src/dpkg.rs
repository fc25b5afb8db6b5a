//! dpkg's database: `var/lib/dpkg/status` (every package dpkg knows, with its state) and the
//! one-stanza files of `var/lib/dpkg/status.d/` that distroless images write instead.

use ospo_plugin_sdk::{Completeness, Manifest, Package, ParseOutput, purl};

use crate::graph::{Graph, Relation};
use crate::os_release::OsRelease;
use crate::stanza::{self, Stanza};
use crate::{diag, malformed};

/// Reads one status file (`per_file`: a `status.d` entry, whose stanzas carry no `Status`).
pub fn read(path: &str, text: &str, release: &OsRelease, per_file: bool, out: &mut ParseOutput) {
    let (stanzas, strays) = stanza::parse(text, true);
    for (line, stray) in strays.iter().take(20) {
        out.diagnostics.push(malformed(
            path,
            *line,
            &format!("not a `Field: value` line: `{}`", clip(stray)),
        ));
    }
    let format = if per_file { "dpkg status.d" } else { "dpkg status" };
    out.manifests.push(Manifest::new(path, "deb", format, Completeness::Complete));
    let namespace = release.id.clone().unwrap_or_else(|| "debian".to_string());
    let distro = release.distro();
    let mut graph = Graph::default();
    for stanza in &stanzas {
        if !per_file && !installed(stanza) {
            continue;
        }
        let (Some(name), Some(version)) = (stanza.get("Package"), stanza.get("Version")) else {
            out.diagnostics.push(malformed(path, stanza.line, "a stanza without `Package` or `Version`"));
            continue;
        };
        let arch = stanza.get("Architecture");
        let source = upstream(stanza, name);
        let mut qualifiers: Vec<(&str, &str)> = Vec::new();
        if let Some(arch) = arch {
            qualifiers.push(("arch", arch));
        }
        if let Some(distro) = &distro {
            qualifiers.push(("distro", distro));
        }
        if let Some(source) = &source {
            qualifiers.push(("upstream", source));
        }
        let id = match purl::with_qualifiers("deb", Some(&namespace), name, Some(version), &qualifiers) {
            Ok(id) => id,
            Err(e) => {
                out.diagnostics.push(malformed(path, stanza.line, &format!("`{name}` gives no purl: {e}")));
                continue;
            }
        };
        let mut package =
            Package::new("deb", name, Some(version)).purl(&id).location(path, Some(stanza.line));
        if let Some(homepage) = stanza.get("Homepage") {
            package = package.homepage(homepage);
        }
        if let Some(maintainer) = stanza.get("Maintainer") {
            package = package.supplier(maintainer);
        }
        let provides = stanza.get("Provides").map(names).unwrap_or_default();
        let mut depends = Vec::new();
        for field in ["Pre-Depends", "Depends"] {
            if let Some(value) = stanza.get(field) {
                depends.extend(relations(value));
            }
        }
        graph.add(package, provides, depends);
    }
    graph.finish(path, out);
    if out.packages.is_empty() && stanzas.is_empty() && !text.trim().is_empty() {
        out.diagnostics.push(diag("manifest-malformed", path, Some(1), "no package stanza in the file"));
    }
}

/// `Status: WANT FLAG STATUS`: the package's files are on disk when STATUS is `installed`
/// (whatever is wanted next: `install`, `hold`, even `deinstall` before the removal runs).
/// `config-files`, `half-installed`, `not-installed` and the rest are not installed software.
fn installed(stanza: &Stanza<'_>) -> bool {
    stanza.get("Status").and_then(|s| s.split_whitespace().nth(2)) == Some("installed")
}

/// The source package, when it is not the binary's own name and version: `Source: gcc-12` or
/// `Source: bash (5.2.15-2)` (a binNMU's source version). As `NAME` or `NAME@VERSION`.
fn upstream(stanza: &Stanza<'_>, name: &str) -> Option<String> {
    let raw = stanza.get("Source")?;
    let (source, version) = match raw.split_once('(') {
        Some((source, rest)) => (source.trim(), rest.split(')').next().map(str::trim)),
        None => (raw.trim(), None),
    };
    match version {
        Some(version) if !version.is_empty() => Some(format!("{source}@{version}")),
        _ if source == name || source.is_empty() => None,
        _ => Some(source.to_string()),
    }
}

/// `a (>= 1), b:any | c` as relations: each `,` item is a list of alternatives, first preferred.
fn relations(value: &str) -> Vec<Relation> {
    value
        .split(',')
        .filter_map(|item| {
            let alternatives: Vec<String> = item.split('|').filter_map(relation_name).collect();
            (!alternatives.is_empty()).then_some(Relation { alternatives })
        })
        .collect()
}

/// The package names a `Provides` field lists (`awk, debconf-2.0 (= 1.5)`).
fn names(value: &str) -> Vec<String> {
    value.split(',').filter_map(relation_name).collect()
}

/// `libc6:any (>= 2.36) [amd64] <!nocheck>` is `libc6`.
fn relation_name(item: &str) -> Option<String> {
    let name = item.trim().split([' ', '(', '[', '<', '\n']).next()?;
    let name = name.split(':').next()?.trim();
    (!name.is_empty()).then(|| name.to_string())
}

fn clip(text: &str) -> String {
    text.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relation_fields() {
        let rels = relations(
            "libc6 (>= 2.36), libtinfo6:any | libncurses6 [amd64],  , debconf (>= 0.5) | debconf-2.0",
        );
        let names: Vec<Vec<&str>> =
            rels.iter().map(|r| r.alternatives.iter().map(String::as_str).collect()).collect();
        assert_eq!(names, [vec!["libc6"], vec!["libtinfo6", "libncurses6"], vec!["debconf", "debconf-2.0"]]);
        assert_eq!(self::names("awk, debconf-2.0 (= 1.5)"), ["awk", "debconf-2.0"]);
    }
}
