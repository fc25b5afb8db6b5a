//! Files beside the one being parsed, read through the host: which lockfile claims a manifest,
//! and the text of a sibling.

use ospo_plugin_sdk::host;
use ospo_plugin_sdk::text::lossy;

use crate::names;

/// Lockfiles that lock a pyproject.toml's project, by file name.
const PROJECT_LOCKS: &[&str] = &["uv.lock", "poetry.lock", "pdm.lock", "pylock.toml"];

/// The text of a file of the scanned root; `None` when it cannot be read.
pub fn read_text(path: &str) -> Option<String> {
    host::read_file(path).ok().map(|bytes| lossy(&bytes).into_owned())
}

/// Whether a file exists (is among the walked files).
pub fn exists(path: &str) -> bool {
    host::list_files(&glob_literal(path)).is_ok_and(|found| found.iter().any(|f| f == path))
}

/// `path` as a glob matching only itself.
fn glob_literal(path: &str) -> String {
    let mut glob = String::with_capacity(path.len());
    for c in path.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '{' | '}') {
            glob.push('[');
            glob.push(c);
            glob.push(']');
        } else {
            glob.push(c);
        }
    }
    glob
}

fn in_dir(dir: &str, name: &str) -> String {
    if dir.is_empty() { name.to_string() } else { format!("{dir}/{name}") }
}

/// The lockfile that reads the pyproject.toml at `path`: one beside it (`uv.lock`,
/// `poetry.lock`, `pdm.lock`, `pylock.toml`, `pylock.*.toml`), or one in an enclosing directory
/// that locks a package of this name (a uv workspace member, a path dependency).
pub fn lock_for_project(path: &str, name: Option<&str>) -> Option<String> {
    let dir = names::parent(path);
    for lock in PROJECT_LOCKS {
        let candidate = in_dir(dir, lock);
        if exists(&candidate) {
            return Some(candidate);
        }
    }
    let named = host::list_files(&format!(
        "{}pylock.*.toml",
        if dir.is_empty() { String::new() } else { format!("{}/", glob_literal(dir)) }
    ));
    if let Some(first) = named.ok().and_then(|found| found.into_iter().find(|f| names::parent(f) == dir)) {
        return Some(first);
    }
    let normal = names::normalize(name?);
    let mut ancestor = dir;
    while !ancestor.is_empty() {
        ancestor = names::parent(ancestor);
        for lock in PROJECT_LOCKS {
            let candidate = in_dir(ancestor, lock);
            if !exists(&candidate) {
                continue;
            }
            let text = read_text(&candidate).unwrap_or_default();
            if text.contains(&format!("name = \"{normal}\"")) {
                return Some(candidate);
            }
        }
    }
    None
}

/// The conda-lock file beside an environment file, if there is one.
pub fn conda_lock_beside(path: &str) -> Option<String> {
    let dir = names::parent(path);
    ["conda-lock.yml", "conda-lock.yaml"]
        .iter()
        .map(|name| in_dir(dir, name))
        .find(|candidate| exists(candidate))
}

/// The Pipfile.lock beside a Pipfile, if there is one.
pub fn pipfile_lock_beside(path: &str) -> Option<String> {
    let candidate = in_dir(names::parent(path), "Pipfile.lock");
    exists(&candidate).then_some(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_globs() {
        assert_eq!(glob_literal("a/[x]/b*.toml"), "a/[[]x[]]/b[*].toml");
    }
}
