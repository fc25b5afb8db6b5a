//! `packages.config` (NuGet 2): every package installed into the project, flat, with no
//! graph. Each gets an assembly reference in the project, so each is direct; the file lists
//! transitive packages too, so it is complete. `developmentDependency="true"` is development.

use ospo_plugin_sdk::{Completeness, DependencyScope, Manifest, Package, ParseOutput};

use crate::names;
use crate::xml::Element;

pub fn read(path: &str, root: &Element, out: &mut ParseOutput) {
    for item in root.children.iter().filter(|e| e.name.eq_ignore_ascii_case("package")) {
        let Some(id) = item.attr("id").map(str::trim).filter(|n| !n.is_empty()) else {
            out.diagnostics.push(crate::malformed(path, Some(item.line), "a <package> without an id"));
            continue;
        };
        let version = item.attr("version").map(str::trim).filter(|v| !v.is_empty());
        let scope = if item.attr("developmentDependency").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
            DependencyScope::Development
        } else {
            DependencyScope::Runtime
        };
        out.packages.push(
            Package::new("nuget", id, version)
                .purl(&names::nuget(id, version))
                .scope(scope)
                .direct(true)
                .location(path, Some(item.line)),
        );
    }
    out.manifests.push(Manifest::new(path, "nuget", "packages.config", Completeness::Complete));
}
