//! Workspace globs as npm, yarn and bun write them (`packages/*`, `apps/**`, `tools/cli`,
//! `!packages/legacy`), matched against a member's folder relative to the root.

/// Whether `path` is a member by `patterns`: some pattern matches it and no later `!` pattern
/// excludes it.
pub fn any_matches(patterns: &[String], path: &str) -> bool {
    let mut member = false;
    for pattern in patterns {
        match pattern.strip_prefix('!') {
            Some(negated) if matches(negated, path) => member = false,
            Some(_) => {}
            None if matches(pattern, path) => member = true,
            None => {}
        }
    }
    member
}

/// One glob against a `/`-separated path: `*` within a segment, `**` across segments.
pub fn matches(pattern: &str, path: &str) -> bool {
    let pattern = pattern.trim_start_matches("./").trim_end_matches('/');
    let pattern: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty() && *s != ".").collect();
    let path: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    segments(&pattern, &path)
}

fn segments(pattern: &[&str], path: &[&str]) -> bool {
    match pattern.split_first() {
        None => path.is_empty(),
        Some((&"**", rest)) => {
            (0..=path.len()).any(|skip| path.get(skip..).is_some_and(|p| segments(rest, p)))
        }
        Some((first, rest)) => match path.split_first() {
            Some((segment, path_rest)) => {
                segment_matches(first.as_bytes(), segment.as_bytes()) && segments(rest, path_rest)
            }
            None => false,
        },
    }
}

/// `*` any run of characters, `?` one; everything else literal.
fn segment_matches(pattern: &[u8], text: &[u8]) -> bool {
    // Iterative wildcard match with one backtrack point: linear in practice.
    let (mut p, mut t) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(b'*') => {
                star = Some((p, t));
                p += 1;
            }
            Some(&c) if c == b'?' || c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    pattern.get(p..).is_some_and(|rest| rest.iter().all(|&c| c == b'*'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn workspace_globs() {
        assert!(matches("packages/*", "packages/app"));
        assert!(!matches("packages/*", "packages/app/sub"));
        assert!(matches("packages/**", "packages/app/sub"));
        assert!(matches("./tools/cli/", "tools/cli"));
        assert!(matches("apps/web-*", "apps/web-admin"));
        assert!(!matches("apps/web-*", "apps/api"));
        assert!(matches("**", "anything/at/all"));
        assert!(any_matches(&list(&["packages/*", "!packages/old"]), "packages/new"));
        assert!(!any_matches(&list(&["packages/*", "!packages/old"]), "packages/old"));
        assert!(!any_matches(&list(&[]), "packages/x"));
    }
}
