//! Installed packages and the dependency edges between them, resolved the way a package
//! manager resolves a relation: by package name, else by what a package `Provides`.

use std::collections::{BTreeSet, HashMap};

use ospo_plugin_sdk::{DependencyEdge, DependencyScope, Diagnostic, Level, Package, ParseOutput};

/// One dependency: any of `alternatives` satisfies it, the first installed one is taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    /// Package or virtual names, in the order the database lists them.
    pub alternatives: Vec<String>,
}

/// The packages of one database, as they are added.
#[derive(Default)]
pub struct Graph {
    packages: Vec<Package>,
    provides: Vec<Vec<String>>,
    depends: Vec<Vec<Relation>>,
    index: HashMap<String, usize>,
}

impl Graph {
    /// Adds a package, the names it provides and what it depends on. A package listed twice
    /// (same purl) is kept once, with both lines.
    pub fn add(&mut self, package: Package, provides: Vec<String>, depends: Vec<Relation>) {
        if let Some(&at) = self.index.get(&package.id) {
            if let Some(kept) = self.packages.get_mut(at) {
                kept.locations.extend(package.locations);
            }
            return;
        }
        self.index.insert(package.id.clone(), self.packages.len());
        self.packages.push(package);
        self.provides.push(provides);
        self.depends.push(depends);
    }

    /// Resolves the relations into edges and moves everything into `out`. A relation no
    /// installed package satisfies is a `dependency-unresolved` warning at the package's line.
    pub fn finish(self, path: &str, out: &mut ParseOutput) {
        let mut by_name: HashMap<&str, usize> = HashMap::new();
        for (at, package) in self.packages.iter().enumerate() {
            by_name.entry(package.name.as_str()).or_insert(at);
        }
        let mut by_virtual: HashMap<&str, usize> = HashMap::new();
        for (at, names) in self.provides.iter().enumerate() {
            for name in names {
                by_virtual.entry(name.as_str()).or_insert(at);
            }
        }
        let mut seen = BTreeSet::new();
        for (from, relations) in self.depends.iter().enumerate() {
            let Some(package) = self.packages.get(from) else { continue };
            for relation in relations {
                let target = relation.alternatives.iter().find_map(|name| {
                    by_name.get(name.as_str()).or_else(|| by_virtual.get(name.as_str())).copied()
                });
                match target.and_then(|to| self.packages.get(to)) {
                    Some(to) if to.id == package.id => {}
                    Some(to) => {
                        if seen.insert((from, to.id.as_str())) {
                            out.edges.push(DependencyEdge::new(
                                &package.id,
                                &to.id,
                                DependencyScope::Runtime,
                            ));
                        }
                    }
                    None => {
                        let line = package.locations.first().and_then(|l| l.line);
                        out.diagnostics.push(
                            Diagnostic::new(
                                "dependency-unresolved",
                                Level::Warning,
                                format!(
                                    "`{}` depends on `{}`, which no installed package is or provides",
                                    package.name,
                                    relation.alternatives.join(" | ")
                                ),
                            )
                            .at(path, line),
                        );
                    }
                }
            }
        }
        out.packages.extend(self.packages);
    }
}
