//! Which files of a project are read, so no package is counted twice: a lockfile beside a
//! `package.json` (or above it, for a workspace member or a `file:` dependency the lockfile
//! locks) claims it; a lockfile beside the project claims its hidden
//! `node_modules/.package-lock.json`; anything inside `node_modules/` is an installed package's
//! own file and is never read as a project's.

use ospo_plugin_sdk::{host, relpath};

/// Lockfiles that lock the `package.json` beside them.
pub const LOCKFILES: &[&str] = &[
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "bun.lock",
    "bun.lockb",
    "deno.lock",
];

/// Whether `path` lies inside an installed dependency tree.
pub fn installed(path: &str) -> bool {
    path.split('/').any(|segment| segment == "node_modules" || segment == "bower_components")
}

/// The lockfiles present in `dir`, by file name, in [`LOCKFILES`] order.
pub fn lockfiles_in(dir: &str) -> Vec<&'static str> {
    let glob = format!("{}{{{}}}", prefix(dir), LOCKFILES.join(","));
    let found = host::list_files(&glob).unwrap_or_default();
    LOCKFILES.iter().copied().filter(|name| found.iter().any(|f| f == &relpath::file_in(dir, name))).collect()
}

/// Whether `file` exists among the walked files.
pub fn exists(file: &str) -> bool {
    let dir = relpath::parent(file);
    let glob = format!("{}{}", prefix(dir), escape(relpath::file_name(file)));
    host::list_files(&glob).is_ok_and(|found| found.iter().any(|f| f == file))
}

/// Whether the `package.json` at `path` is read by a lockfile: one beside it (or the hidden
/// lockfile of its `node_modules`), or the nearest
/// one above it when that project has workspaces or its lockfile names this directory (a
/// `file:` dependency, a pnpm importer, a yarn `workspace:` locator).
pub fn claimed(path: &str) -> bool {
    let dir = relpath::parent(path);
    if !lockfiles_in(dir).is_empty() || exists(&relpath::file_in(dir, "node_modules/.package-lock.json")) {
        return true;
    }
    for ancestor in relpath::ancestors(dir).skip(1) {
        let mut locks: Vec<&str> = lockfiles_in(ancestor);
        // A project installed without its lockfile still has npm's hidden one, which locks
        // its `file:` dependencies as well.
        if locks.is_empty() && exists(&relpath::file_in(ancestor, "node_modules/.package-lock.json")) {
            locks.push("node_modules/.package-lock.json");
        }
        if locks.is_empty() {
            continue;
        }
        if exists(&relpath::file_in(ancestor, "pnpm-workspace.yaml")) || declares_workspaces(ancestor) {
            return true;
        }
        let rel = dir.strip_prefix(ancestor).unwrap_or(dir).trim_start_matches('/');
        return locks.iter().any(|lock| {
            host::read_file(&relpath::file_in(ancestor, lock))
                .is_ok_and(|bytes| memchr::memmem::find(&bytes, rel.as_bytes()).is_some())
        });
    }
    false
}

fn declares_workspaces(dir: &str) -> bool {
    let Ok(bytes) = host::read_file(&relpath::file_in(dir, "package.json")) else { return false };
    serde_json::from_slice::<serde_json::Value>(&bytes).is_ok_and(|v| v.get("workspaces").is_some())
}

/// `dir/` as a glob prefix, its special characters taken literally.
fn prefix(dir: &str) -> String {
    if dir.is_empty() { String::new() } else { format!("{}/", escape(dir)) }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "*?[]{},\\".contains(c) {
            out.push('[');
            out.push(c);
            out.push(']');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn installed_trees_and_escapes() {
        assert!(installed("node_modules/debug/package.json"));
        assert!(installed("web/node_modules/.package-lock.json"));
        assert!(!installed("web/node_modules_old/package.json"));
        assert_eq!(escape("a*b[c]{d}"), "a[*]b[[]c[]][{]d[}]");
        assert_eq!(prefix(""), "");
        assert_eq!(prefix("web"), "web/");
    }
}
