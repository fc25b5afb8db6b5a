//! `/`-separated paths relative to the scan root, as the host hands them out: the directory of a
//! manifest, a sibling file, a relative path a lockfile writes resolved against it, and the
//! directories above it (where .NET's `Directory.Packages.props` or a workspace root may sit).

/// The directory of `path` (`""` for a file at the root).
pub fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// The last segment of `path` (the file name).
pub fn file_name(path: &str) -> &str {
    path.rfind('/').map_or(path, |i| &path[i + 1..])
}

/// `dir` joined with the relative path `rel` (`/` or `\` separated), with `.` and `..`
/// resolved. `None` when the result would leave the scan root or `rel` is absolute.
pub fn join(dir: &str, rel: &str) -> Option<String> {
    if rel.starts_with(['/', '\\']) || rel.as_bytes().get(1) == Some(&b':') {
        return None;
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in rel.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// `dir/name`, or `name` at the root.
pub fn file_in(dir: &str, name: &str) -> String {
    if dir.is_empty() { name.to_string() } else { format!("{dir}/{name}") }
}

/// `dir` itself, then each directory above it, ending with the root (`""`).
pub fn ancestors(dir: &str) -> impl Iterator<Item = &str> {
    let mut next = Some(dir);
    std::iter::from_fn(move || {
        let current = next?;
        next = (!current.is_empty()).then(|| parent(current));
        Some(current)
    })
}

/// A directory as a package source's path: `vendor/gems/foo`, `.` for the root.
pub fn shown(dir: &str) -> &str {
    if dir.is_empty() { "." } else { dir }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_and_normalises() {
        assert_eq!(join("app/sub", "../../vendor/x").as_deref(), Some("vendor/x"));
        assert_eq!(join("", "./lib/").as_deref(), Some("lib"));
        assert_eq!(join("a", "..\\b").as_deref(), Some("b"));
        assert_eq!(join("a", "../../outside"), None);
        assert_eq!(join("a", "/etc/passwd"), None);
        assert_eq!(join("a", "C:\\x"), None);
        assert_eq!(parent("app/Gemfile.lock"), "app");
        assert_eq!(parent("Gemfile.lock"), "");
        assert_eq!(file_name("a/b/c.csproj"), "c.csproj");
        assert_eq!(file_in("", "x"), "x");
        assert_eq!(file_in("a", "x"), "a/x");
        assert_eq!(shown(""), ".");
    }

    #[test]
    fn ancestors_end_at_the_root() {
        assert_eq!(ancestors("a/b/c").collect::<Vec<_>>(), ["a/b/c", "a/b", "a", ""]);
        assert_eq!(ancestors("").collect::<Vec<_>>(), [""]);
    }
}
