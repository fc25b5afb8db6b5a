//! `/`-separated paths relative to the scan root, as the host hands them out.

/// The directory of `path` (`""` for a file at the root).
pub fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// `dir` joined with the relative path `rel`, with `.` and `..` resolved. `None` when the result
/// would leave the scan root (the host refuses such paths anyway).
pub fn join(dir: &str, rel: &str) -> Option<String> {
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

/// Whether `path` is `dir` or lies below it.
pub fn is_within(path: &str, dir: &str) -> bool {
    dir.is_empty() || path == dir || path.strip_prefix(dir).is_some_and(|rest| rest.starts_with('/'))
}

/// A directory as a package source's path: `crates/core`, `.` for the root.
pub fn shown(dir: &str) -> &str {
    if dir.is_empty() { "." } else { dir }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_and_normalises() {
        assert_eq!(join("crates/acme-core", "../../vendor/log").as_deref(), Some("vendor/log"));
        assert_eq!(join("", "./crates/cli/").as_deref(), Some("crates/cli"));
        assert_eq!(join("a", "../../outside"), None);
        assert_eq!(parent("crates/cli/Cargo.lock"), "crates/cli");
        assert_eq!(parent("Cargo.lock"), "");
        assert!(is_within("crates/cli", "crates"));
        assert!(!is_within("crates-old/cli", "crates"));
    }
}
