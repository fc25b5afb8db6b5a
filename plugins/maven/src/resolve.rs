//! The effective POM, as far as the scanned tree allows: the parent chain (found through
//! `relativePath`, the default `../pom.xml`, or any pom.xml of the tree with the parent's
//! coordinates), inherited properties and dependencies, dependency management with imported
//! BOMs found in the tree, and `${...}` interpolation.

use std::collections::BTreeMap;

use crate::pom::{self, Dep, Pom};

/// How deep parents and imports are followed (Maven refuses cycles; a hostile tree may not).
const MAX_DEPTH: usize = 12;

/// A POM of the tree and where it is.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: String,
    pub pom: Pom,
    /// Line starts of the file, for the lines of inherited entries.
    pub lines: ospo_plugin_sdk::text::LineIndex,
}

/// What could not be found in the tree, for the diagnostics.
#[derive(Debug, Default)]
pub struct Missing {
    /// The parent's coordinates, when it is outside the tree.
    pub parent: Option<String>,
    /// Imported BOMs outside the tree, as `group:artifact:version`.
    pub boms: Vec<String>,
}

/// A managed entry and the property context that interpolates it.
#[derive(Debug, Clone)]
pub struct Managed {
    pub dep: Dep,
    /// Index into the resolver's contexts.
    pub context: usize,
}

/// Loads POMs of the tree by path or by coordinates (the index is built on first need).
#[derive(Default)]
pub struct Resolver {
    index: Option<Vec<Loaded>>,
    /// Property contexts: the chain's merged properties and project values.
    pub contexts: Vec<BTreeMap<String, String>>,
}

impl Resolver {
    /// The POM at `path` in the scanned tree.
    pub fn load(&self, path: &str) -> Option<Loaded> {
        let bytes = ospo_plugin_sdk::host::read_file(path).ok()?;
        let text = ospo_plugin_sdk::text::lossy(&bytes);
        let (pom, _) = pom::read(&text);
        let lines = ospo_plugin_sdk::text::LineIndex::new(text.as_bytes());
        pom.map(|pom| Loaded { path: path.to_string(), pom, lines })
    }

    /// A POM of the tree with these coordinates (version checked when both say one). The
    /// modules of `near` (the POMs of a chain) named like the artifact are tried first, as
    /// reactors usually name them, so the whole tree is read only when that fails.
    pub fn find(
        &mut self,
        group: &str,
        artifact: &str,
        version: Option<&str>,
        near: &[Loaded],
    ) -> Option<Loaded> {
        for link in near {
            let dir = crate::paths::parent(&link.path);
            let named = link.pom.modules.iter().filter(|m| m.rsplit('/').next() == Some(artifact));
            for module in named {
                let candidate = crate::paths::join(dir, &format!("{}/pom.xml", module.trim_end_matches('/')));
                if let Some(found) = candidate.and_then(|p| self.load(&p))
                    && matches(&found.pom, group, artifact, version)
                {
                    return Some(found);
                }
            }
        }
        if self.index.is_none() {
            let paths = ospo_plugin_sdk::host::list_files("**/pom.xml").unwrap_or_default();
            self.index = Some(paths.iter().filter_map(|p| self.load(p)).collect());
        }
        self.index.as_ref()?.iter().find(|l| matches(&l.pom, group, artifact, version)).cloned()
    }

    /// The parent of `child` (at `child_path`) in the tree.
    pub fn parent_of(&mut self, child: &Pom, child_path: &str) -> Option<Loaded> {
        let parent = child.parent.as_ref()?;
        let dir = crate::paths::parent(child_path);
        let relative = match parent.relative_path.as_deref() {
            Some("") => None,
            Some(rel) if rel.ends_with(".xml") => Some(rel.to_string()),
            Some(rel) => Some(format!("{}/pom.xml", rel.trim_end_matches('/'))),
            None => Some("../pom.xml".to_string()),
        };
        let by_path = relative
            .and_then(|rel| crate::paths::join(dir, &rel))
            .and_then(|p| self.load(&p))
            .filter(|l| matches(&l.pom, &parent.group, &parent.artifact, parent.version.as_deref()));
        by_path.or_else(|| self.find(&parent.group, &parent.artifact, parent.version.as_deref(), &[]))
    }
}

fn matches(pom: &Pom, group: &str, artifact: &str, version: Option<&str>) -> bool {
    pom.group_id() == Some(group)
        && pom.artifact.as_deref() == Some(artifact)
        && match (version, pom.version_raw()) {
            (Some(want), Some(have)) => want == have || have.contains("${"),
            _ => true,
        }
}

/// The effective model of one POM.
#[derive(Debug, Default)]
pub struct Effective {
    /// The POM itself first, then its ancestors found in the tree.
    pub chain: Vec<Loaded>,
    /// The POM's property context (an index into the resolver's contexts).
    pub context: usize,
    pub managed: Vec<Managed>,
    pub missing: Missing,
}

/// Resolves `pom` at `path`.
pub fn effective(resolver: &mut Resolver, first: Loaded, depth: usize) -> Effective {
    let mut chain = vec![first];
    let mut missing = Missing::default();
    while chain.len() < MAX_DEPTH {
        let Some(last) = chain.last() else { break };
        let Some(parent) = last.pom.parent.clone() else { break };
        match resolver.parent_of(&last.pom, &last.path) {
            Some(found) if !chain.iter().any(|c| c.path == found.path) => chain.push(found),
            Some(_) => break,
            None => {
                missing.parent = Some(format!(
                    "{}:{}:{}",
                    parent.group,
                    parent.artifact,
                    parent.version.as_deref().unwrap_or("?")
                ));
                break;
            }
        }
    }
    let context = resolver.contexts.len();
    resolver.contexts.push(properties(&chain));
    // Inherited management, the child's entries first (they win), then imported BOMs.
    let mut managed: Vec<Managed> = Vec::new();
    let mut imports = Vec::new();
    for link in &chain {
        for dep in &link.pom.managed {
            if dep.is_import() {
                imports.push(dep.clone());
            } else {
                managed.push(Managed { dep: dep.clone(), context });
            }
        }
    }
    for import in imports {
        let ctx = &resolver.contexts[context];
        let (group, _) = interpolate(&import.group, ctx);
        let (artifact, _) = interpolate(&import.artifact, ctx);
        let version = import.version.as_deref().map(|v| interpolate(v, ctx).0);
        let found = (depth < MAX_DEPTH)
            .then(|| resolver.find(&group, &artifact, version.as_deref(), &chain))
            .flatten();
        match found {
            Some(bom) => {
                let bom_model = effective(resolver, bom, depth + 1);
                managed.extend(bom_model.managed);
                missing.boms.extend(bom_model.missing.boms);
            }
            None => missing.boms.push(format!("{group}:{artifact}:{}", version.as_deref().unwrap_or("?"))),
        }
    }
    Effective { chain, context, managed, missing }
}

/// The chain's properties, the child's winning, and the project values Maven defines.
fn properties(chain: &[Loaded]) -> BTreeMap<String, String> {
    let mut props = BTreeMap::new();
    for link in chain.iter().rev() {
        for (k, v) in &link.pom.properties {
            props.insert(k.clone(), v.clone());
        }
    }
    if let Some(first) = chain.first() {
        let pom = &first.pom;
        let mut set = |keys: &[&str], value: Option<&str>| {
            if let Some(value) = value {
                for key in keys {
                    props.insert((*key).to_string(), value.to_string());
                }
            }
        };
        set(&["project.groupId", "pom.groupId", "groupId"], pom.group_id());
        set(&["project.artifactId", "pom.artifactId", "artifactId"], pom.artifact.as_deref());
        set(&["project.version", "pom.version", "version"], pom.version_raw());
        set(&["project.packaging"], Some(pom.packaging.as_deref().unwrap_or("jar")));
        if let Some(parent) = &pom.parent {
            set(&["project.parent.groupId", "parent.groupId"], Some(&parent.group));
            set(&["project.parent.artifactId", "parent.artifactId"], Some(&parent.artifact));
            set(&["project.parent.version", "parent.version"], parent.version.as_deref());
        }
    }
    props
}

/// `${key}` replaced from `props`, nested references too; the keys left unresolved.
pub fn interpolate(text: &str, props: &BTreeMap<String, String>) -> (String, Vec<String>) {
    let mut out = text.to_string();
    for _ in 0..MAX_DEPTH {
        if !out.contains("${") {
            break;
        }
        let mut next = String::with_capacity(out.len());
        let mut rest = out.as_str();
        let mut changed = false;
        while let Some(start) = rest.find("${") {
            next.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            match after.find('}') {
                Some(end) => {
                    let key = &after[..end];
                    match props.get(key) {
                        Some(value) => {
                            next.push_str(value);
                            changed = true;
                        }
                        None => next.push_str(&rest[start..start + 3 + end]),
                    }
                    rest = &after[end + 1..];
                }
                None => {
                    next.push_str(&rest[start..]);
                    rest = "";
                }
            }
        }
        next.push_str(rest);
        out = next;
        if !changed {
            break;
        }
    }
    let mut unresolved = Vec::new();
    let mut rest = out.as_str();
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        unresolved.push(after[..end].to_string());
        rest = &after[end + 1..];
    }
    (out, unresolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_and_unresolved_properties() {
        let props: BTreeMap<String, String> = [("a", "${b}.1"), ("b", "2"), ("loop", "${loop}")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(interpolate("v${a}", &props), ("v2.1".to_string(), vec![]));
        assert_eq!(interpolate("${nope}-${b}", &props), ("${nope}-2".to_string(), vec!["nope".to_string()]));
        assert_eq!(interpolate("${loop}", &props).1, ["loop"]);
        assert_eq!(interpolate("${unclosed", &props).0, "${unclosed");
    }
}
