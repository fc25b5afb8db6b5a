//! MSBuild project files (`*.csproj`, `*.fsproj`, `*.vbproj`) read without a lockfile: their
//! `PackageReference` items as direct packages, and `Directory.Packages.props` (central
//! package management) for versions the items leave out and for its `GlobalPackageReference`s.
//!
//! - Version: the item's `Version` or `VersionOverride` (attribute or child element); else the
//!   `PackageVersion` of the nearest `Directory.Packages.props` at or above the project (the
//!   one MSBuild imports). Conditions are not evaluated: a props file that gives a package
//!   several versions under different conditions (per target framework) yields one package per
//!   version. A range or float (`[1.0,2.0)`, `1.*`) or an unresolved `$(Property)` leaves the
//!   version out; simple properties of the project's own `PropertyGroup`s are substituted.
//! - Scope: `PrivateAssets="all"` (a build-time or analyzer package) is development; else runtime.
//! - `Update=` items change items declared elsewhere and are not packages of this file.

use std::collections::HashMap;

use ospo_plugin_sdk::{
    Completeness, DependencyScope, Diagnostic, Level, Manifest, Package, ParseOutput, host, relpath,
};

use crate::names;
use crate::xml::{self, Element};

/// Central versions: lower-cased name → every (version, line) the props file gives it.
#[derive(Debug, Default)]
pub struct Central {
    pub path: String,
    versions: HashMap<String, Vec<(String, u32)>>,
}

impl Central {
    fn read(path: &str, root: &Element) -> Self {
        let mut versions: HashMap<String, Vec<(String, u32)>> = HashMap::new();
        for item in root.descendants().into_iter().filter(|e| e.name.eq_ignore_ascii_case("PackageVersion")) {
            let (Some(name), Some(version)) = (item.attr("Include"), item.attr_or_child("Version")) else {
                continue;
            };
            let list = versions.entry(name.to_ascii_lowercase()).or_default();
            if !list.iter().any(|(v, _)| v == version) {
                list.push((version.to_string(), item.line));
            }
        }
        Central { path: path.to_string(), versions }
    }

    /// The nearest `Directory.Packages.props` at or above `dir` that reads, and whether one
    /// existed but did not parse.
    pub fn find(dir: &str) -> (Option<Central>, Option<Diagnostic>) {
        for ancestor in relpath::ancestors(dir) {
            let path = relpath::file_in(ancestor, "Directory.Packages.props");
            let Ok(bytes) = host::read_file(&path) else { continue };
            return match xml::parse(&String::from_utf8_lossy(&bytes)) {
                Ok(root) => (Some(Central::read(&path, &root)), None),
                Err(e) => (None, Some(crate::malformed(&path, e.line, &e.message))),
            };
        }
        (None, None)
    }
}

/// A version for a reference, and the central `PackageVersion` (props path, line) it came from.
type Resolved<'a> = (Option<String>, Option<(&'a str, u32)>);

/// Reads a project file (no lockfile beside it).
pub fn read(path: &str, root: &Element, out: &mut ParseOutput) {
    let properties = properties(root);
    let items: Vec<&Element> = root
        .descendants()
        .into_iter()
        .filter(|e| e.name.eq_ignore_ascii_case("PackageReference") && e.attr("Include").is_some())
        .collect();
    if items.is_empty() {
        // A project without package references is no dependency manifest.
        return;
    }
    let (central, problem) = Central::find(relpath::parent(path));
    out.diagnostics.extend(problem);
    for item in items {
        let Some(name) = item.attr("Include").map(str::trim).filter(|n| !n.is_empty()) else { continue };
        let scope = if names::private_all(item.attr_or_child("PrivateAssets")) {
            DependencyScope::Development
        } else {
            DependencyScope::Runtime
        };
        let written = item.attr_or_child("VersionOverride").or_else(|| item.attr_or_child("Version"));
        let versions: Vec<Resolved<'_>> = match written {
            Some(raw) => {
                let expanded = expand(raw, &properties);
                if expanded.contains("$(") {
                    out.diagnostics.push(
                        Diagnostic::new(
                            "version-unresolved",
                            Level::Info,
                            format!(
                                "the version of {name} is `{raw}`, a property this parser cannot resolve"
                            ),
                        )
                        .at(path, Some(item.line)),
                    );
                }
                vec![(names::exact(&expanded).map(str::to_string), None)]
            }
            None => match central
                .as_ref()
                .and_then(|c| c.versions.get(&name.to_ascii_lowercase()).map(|v| (c, v)))
            {
                Some((central, list)) => list
                    .iter()
                    .map(|(v, line)| {
                        (names::exact(v).map(str::to_string), Some((central.path.as_str(), *line)))
                    })
                    .collect(),
                None => vec![(None, None)],
            },
        };
        for (version, declared) in versions {
            let mut package = Package::new("nuget", name, version.as_deref())
                .purl(&names::nuget(name, version.as_deref()))
                .scope(scope)
                .direct(true)
                .location(path, Some(item.line));
            if let Some((props, line)) = declared {
                package = package.location(props, Some(line));
            }
            out.packages.push(package);
        }
    }
    let format = format!("{} PackageReference", extension(path));
    out.manifests.push(Manifest::new(path, "nuget", &format, Completeness::DirectOnly));
}

/// `Directory.Packages.props` itself: its `GlobalPackageReference`s, which every project under
/// it references (private to each, so development). Its `PackageVersion`s are only versions;
/// the project files that reference them report the packages.
pub fn read_props(path: &str, root: &Element, out: &mut ParseOutput) {
    for item in
        root.descendants().into_iter().filter(|e| e.name.eq_ignore_ascii_case("GlobalPackageReference"))
    {
        let Some(name) = item.attr("Include").map(str::trim).filter(|n| !n.is_empty()) else { continue };
        let version = item.attr_or_child("Version").and_then(names::exact);
        out.packages.push(
            Package::new("nuget", name, version)
                .purl(&names::nuget(name, version))
                .scope(DependencyScope::Development)
                .direct(true)
                .location(path, Some(item.line)),
        );
    }
    out.manifests.push(Manifest::new(path, "nuget", "Directory.Packages.props", Completeness::DirectOnly));
}

/// The lower-cased names a project marks `PrivateAssets="all"`: a lockfile's Direct packages
/// that are development ones.
pub fn private_names(root: &Element) -> Vec<String> {
    root.descendants()
        .into_iter()
        .filter(|e| {
            e.name.eq_ignore_ascii_case("PackageReference")
                && names::private_all(e.attr_or_child("PrivateAssets"))
        })
        .filter_map(|e| e.attr("Include").map(|n| n.trim().to_ascii_lowercase()))
        .collect()
}

/// Properties defined in the project's `PropertyGroup`s (last definition wins, as in MSBuild).
fn properties(root: &Element) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for group in root.children.iter().filter(|c| c.name.eq_ignore_ascii_case("PropertyGroup")) {
        for property in &group.children {
            map.insert(property.name.to_ascii_lowercase(), property.text.clone());
        }
    }
    map
}

/// `$(Name)` replaced by the property's value where the project defines it.
fn expand(raw: &str, properties: &HashMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = raw;
    while let Some(start) = rest.find("$(") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find(')') {
            Some(end) => {
                let name = &after[..end];
                match properties.get(&name.to_ascii_lowercase()).filter(|v| !v.contains("$(")) {
                    Some(value) => out.push_str(value),
                    None => out.push_str(&rest[start..start + 2 + end + 1]),
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn extension(path: &str) -> String {
    let name = relpath::file_name(path);
    match name.rfind('.') {
        Some(dot) => format!("*{}", &name[dot..]),
        None => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_expand() {
        let props: HashMap<String, String> =
            [("serilogversion".to_string(), "3.1.1".to_string())].into_iter().collect();
        assert_eq!(expand("$(SerilogVersion)", &props), "3.1.1");
        assert_eq!(expand("$(Other)", &props), "$(Other)");
        assert_eq!(expand("1.$(", &props), "1.$(");
    }
}
