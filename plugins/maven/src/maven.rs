//! A `pom.xml` handed to the parser: the project package, its direct dependencies (own and
//! inherited) with versions from properties and dependency management, and edges to them.

use ospo_plugin_sdk::text::LineIndex;
use ospo_plugin_sdk::{
    Completeness, DeclaredLicense, DependencyEdge, DependencyScope, Diagnostic, Level, Manifest,
    PackageSource, ParseOutput,
};

use crate::coords::{self, ECOSYSTEM};
use crate::pom::{self, Dep};
use crate::resolve::{self, Loaded, Resolver, interpolate};

/// Parses one POM.
pub fn parse(path: &str, text: &str, out: &mut ParseOutput) {
    let lines = LineIndex::new(text.as_bytes());
    let (pom, error) = pom::read(text);
    if let Some(e) = &error {
        out.diagnostics.push(
            Diagnostic::new("manifest-malformed", Level::Error, format!("pom.xml: {}", e.message))
                .at(path, Some(lines.line_of(e.offset))),
        );
    }
    let model = pom.as_ref().and_then(|p| p.model_version.clone()).unwrap_or_else(|| "4.0.0".to_string());
    out.manifests.push(Manifest::new(
        path,
        ECOSYSTEM,
        &format!("pom.xml (POM {model})"),
        Completeness::DirectOnly,
    ));
    let Some(pom) = pom else {
        if error.is_none() {
            out.diagnostics.push(
                Diagnostic::new("manifest-malformed", Level::Error, "pom.xml: no <project> element")
                    .at(path, Some(1)),
            );
        }
        return;
    };
    if !matches!(model.as_str(), "4.0.0" | "4.1.0") {
        out.diagnostics.push(
            Diagnostic::new("manifest-unsupported", Level::Warning, format!("pom.xml: modelVersion {model}"))
                .at(path, Some(1)),
        );
    }
    let mut resolver = Resolver::default();
    let first = Loaded { path: path.to_string(), pom: pom.clone(), lines: lines.clone() };
    let eff = resolve::effective(&mut resolver, first, 0);
    let ctx = resolver.contexts.get(eff.context).cloned().unwrap_or_default();
    let unresolved = |keys: &[String], what: &str, line: u32| {
        Diagnostic::new(
            "maven-property-unresolved",
            Level::Warning,
            format!("pom.xml: {what}: ${{{}}} is not defined in this POM or its parents in the tree; kept as written", keys.join("}, ${")),
        )
        .at(path, Some(line))
    };

    // The project itself.
    let project_line = lines.line_of(pom.offset);
    let (group, g_keys) = interpolate(pom.group_id().unwrap_or_default(), &ctx);
    let (artifact, a_keys) = interpolate(pom.artifact.as_deref().unwrap_or_default(), &ctx);
    let version = pom.version_raw().map(|v| interpolate(v, &ctx));
    let mut keys: Vec<String> = g_keys.into_iter().chain(a_keys).collect();
    keys.extend(version.as_ref().map(|v| v.1.clone()).unwrap_or_default());
    if !keys.is_empty() {
        out.diagnostics.push(unresolved(&keys, "the project's coordinates", project_line));
    }
    let version = version.map(|v| v.0);
    let project =
        coords::package(&group, &artifact, version.as_deref(), &[], path, project_line, &mut out.diagnostics)
            .map(|p| p.source(PackageSource::path(crate::paths::shown(crate::paths::parent(path)))));
    let project = match (project, pom.licenses.as_slice()) {
        (Some(p), []) => Some(p),
        (Some(p), names) => Some(p.declared(DeclaredLicense::parse(&names.join(" AND ")))),
        (None, _) => None,
    };

    // Own dependencies first, then inherited ones the POM does not redeclare.
    let mut seen: Vec<(String, String, String, String)> = Vec::new();
    let mut unversioned = 0usize;
    for link in &eff.chain {
        for dep in &link.pom.deps {
            let key = |d: &Dep| {
                (
                    interpolate(&d.group, &ctx).0,
                    interpolate(&d.artifact, &ctx).0,
                    d.ty.clone().unwrap_or_else(|| "jar".to_string()),
                    d.classifier.clone().unwrap_or_default(),
                )
            };
            let k = key(dep);
            if seen.contains(&k) {
                continue;
            }
            seen.push(k.clone());
            let line = link.lines.line_of(dep.offset);
            let (group, artifact, ty, classifier) = k;
            let managed = eff.managed.iter().find(|m| {
                let mctx = resolver.contexts.get(m.context).unwrap_or(&ctx);
                interpolate(&m.dep.group, mctx).0 == group
                    && interpolate(&m.dep.artifact, mctx).0 == artifact
                    && m.dep.ty.as_deref().unwrap_or("jar") == ty
                    && m.dep.classifier.as_deref().unwrap_or("") == classifier
            });
            let version = match (&dep.version, managed) {
                (Some(v), _) => Some(interpolate(v, &ctx)),
                (None, Some(m)) => {
                    let mctx = resolver.contexts.get(m.context).unwrap_or(&ctx);
                    m.dep.version.as_deref().map(|v| interpolate(v, mctx))
                }
                (None, None) => None,
            };
            let file = link.path.as_str();
            if let Some((_, keys)) = version.as_ref().filter(|v| !v.1.is_empty()) {
                out.diagnostics
                    .push(unresolved(keys, &format!("{group}:{artifact}"), line).at(file, Some(line)));
            }
            let version = version.map(|v| v.0);
            if version.is_none() {
                if eff.missing.parent.is_some() || !eff.missing.boms.is_empty() {
                    unversioned += 1;
                } else {
                    out.diagnostics.push(
                        Diagnostic::new(
                            "maven-version-unresolved",
                            Level::Warning,
                            format!("pom.xml: {group}:{artifact} has no version and no dependency management gives one"),
                        )
                        .at(file, Some(line)),
                    );
                }
            }
            let scope_word = dep.scope.clone().or_else(|| managed.and_then(|m| m.dep.scope.clone()));
            let scope = match coords::maven_scope(scope_word.as_deref().unwrap_or("compile")) {
                Some(scope) => scope,
                None => {
                    out.diagnostics.push(
                        Diagnostic::new(
                            "manifest-unsupported",
                            Level::Warning,
                            format!(
                                "pom.xml: {group}:{artifact}: scope `{}`",
                                scope_word.unwrap_or_default()
                            ),
                        )
                        .at(file, Some(line)),
                    );
                    DependencyScope::Runtime
                }
            };
            let qualifiers = [("classifier", classifier.as_str()), ("type", ty.as_str())];
            let Some(package) = coords::package(
                &group,
                &artifact,
                version.as_deref(),
                &qualifiers,
                file,
                line,
                &mut out.diagnostics,
            ) else {
                continue;
            };
            let package = package.scope(scope).direct(true).optional(dep.optional);
            if let Some(project) = &project {
                out.edges.push(DependencyEdge::new(&project.id, &package.id, scope).optional(dep.optional));
            }
            out.packages.push(package);
        }
    }
    if let Some(parent) = &eff.missing.parent {
        let line = pom.parent.as_ref().map_or(1, |p| lines.line_of(p.offset));
        out.diagnostics.push(
            Diagnostic::new(
                "maven-parent-outside-tree",
                Level::Info,
                format!(
                    "pom.xml: parent {parent} is not in the scanned tree: the properties, dependencies and managed versions it \
                     defines are unknown ({unversioned} dependencies left without a version)"
                ),
            )
            .at(path, Some(line)),
        );
    }
    for bom in &eff.missing.boms {
        out.diagnostics.push(
            Diagnostic::new(
                "maven-bom-outside-tree",
                Level::Info,
                format!("pom.xml: imported BOM {bom} is not in the scanned tree: the versions it manages are unknown"),
            )
            .at(path, Some(project_line)),
        );
    }
    out.packages.extend(project);
}
