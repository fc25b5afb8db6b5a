//! `vendor/modules.txt`, as `go mod vendor` writes it: `# module version [=> target]` opens a
//! vendored module, `## explicit[; go 1.x]` annotates it, plain lines are its packages.

use ospo_plugin_sdk::{Completeness, Diagnostic, Level, Manifest, Package, ParseOutput};

use crate::ECOSYSTEM;
use crate::module::{self, Target};

/// A vendor/modules.txt handed to the parser.
pub fn parse(path: &str, text: &str, out: &mut ParseOutput) {
    // The module root: the directory holding `vendor/`.
    let root = module::parent(module::parent(path));
    let mut packages: Vec<Package> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let Some(header) = raw.strip_prefix("# ") else { continue };
        let fields: Vec<String> = header.split_whitespace().map(str::to_string).collect();
        let malformed = |why: &str| {
            Diagnostic::new("manifest-malformed", Level::Error, format!("vendor/modules.txt: `{raw}`: {why}"))
                .at(path, Some(line))
        };
        let arrow = fields.iter().position(|f| f == "=>");
        let (old, target) = match arrow {
            Some(at) => (&fields[..at], Some(&fields[at + 1..])),
            None => (&fields[..], None),
        };
        let package = match (old, target) {
            ([module_path, version], None) => {
                module::package(module_path, Some(version), path, line, &mut out.diagnostics)
            }
            ([module_path, version], Some(target)) => match Target::parse(target) {
                Some(Target::Module { path: new_path, version: new_version }) => {
                    let _ = version; // the code vendored is the replacement's
                    module::package(&new_path, Some(&new_version), path, line, &mut out.diagnostics)
                }
                Some(Target::Dir(rel)) => module::local_package(
                    module_path,
                    &module::shown_dir(root, &rel),
                    path,
                    line,
                    &mut out.diagnostics,
                ),
                None => {
                    out.diagnostics.push(malformed(
                        "the replacement is neither a directory nor a module with a version",
                    ));
                    None
                }
            },
            // A wildcard or unused replacement, recorded so `go` can check it had no effect.
            ([_], Some(_)) => None,
            _ => {
                out.diagnostics.push(malformed("a module line is `# path version [=> target]`"));
                None
            }
        };
        if let Some(package) = package {
            match packages.iter_mut().find(|p| p.id == package.id) {
                Some(existing) => existing.locations.extend(package.locations),
                None => packages.push(package),
            }
        }
    }
    out.packages.extend(packages);
    out.manifests.push(Manifest::new(
        path,
        ECOSYSTEM,
        "vendor/modules.txt (go mod vendor; every vendored module, no edges)",
        Completeness::Complete,
    ));
}
