//! `/`-separated paths relative to the scan root, as the host hands them out.

/// The directory of `path` (`""` for a file at the root).
pub fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// `dir` joined with the relative path `rel`, `.` and `..` resolved; `None` when the result
/// would leave the scan root or `rel` is absolute.
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

/// A directory as a source path: `.` for the root.
pub fn shown(dir: &str) -> &str {
    if dir.is_empty() { "." } else { dir }
}
