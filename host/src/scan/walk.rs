//! The tree walk: ignore rules applied the way ripgrep applies them (the `ignore` crate:
//! `.gitignore` and `.git/info/exclude` only inside a git work tree, `.ignore` anywhere),
//! `.git` skipped, symlinks never followed, paths that are not UTF-8 reported rather than
//! mangled. A compliance scan must not lose files quietly: the files ignore rules left out are
//! counted (a second walk without the rules) and reported as `files-ignored`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::overrides::{Override, OverrideBuilder};
use ignore::{WalkBuilder, WalkState};

use crate::diagnostics::Code;
use crate::model::Diagnostic;

/// How many directories the `files-ignored` diagnostic names.
const TOP_IGNORED: usize = 5;

#[derive(Debug, Clone)]
pub struct WalkedFile {
    /// Relative to the root, `/`-separated: what plugins see.
    pub rel: String,
    pub abs: PathBuf,
}

/// What to walk and how.
#[derive(Debug, Clone, Copy)]
pub struct WalkOptions<'a> {
    /// `[scan] exclude` globs: always applied, with or without ignore rules.
    pub exclude: &'a [String],
    pub jobs: usize,
    /// `--no-ignore`: no `.gitignore`, `.ignore` or exclude-file rules; only `.git` is skipped.
    pub no_ignore: bool,
}

pub struct Walk {
    pub files: Vec<WalkedFile>,
    /// Files the ignore rules left out (`[scan] exclude` is the user's choice and not counted),
    /// counted on a thread of its own while the scan goes on.
    pub ignored: IgnoredCount,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn walk(root: &Path, options: &WalkOptions<'_>) -> Result<Walk, ignore::Error> {
    let mut overrides = OverrideBuilder::new(root);
    for pattern in options.exclude {
        overrides.add(&format!("!{pattern}"))?;
    }
    let overrides = overrides.build()?;
    let mut builder = builder(root, &overrides, options.jobs);
    if !options.no_ignore {
        builder
            .standard_filters(true)
            .hidden(false)
            // ripgrep's rule: `.gitignore` is git's, so it applies only where git would apply it.
            .require_git(true)
            .git_global(false);
    }

    let files = Mutex::new(Vec::new());
    let dirs = Mutex::new(Vec::new());
    let diagnostics = Mutex::new(Vec::new());
    builder.build_parallel().run(|| {
        let (files, dirs, diagnostics) = (&files, &dirs, &diagnostics);
        Box::new(move |entry| {
            match entry {
                Ok(entry) => {
                    let file_type = entry.file_type();
                    let rel_path = entry.path().strip_prefix(root).unwrap_or(entry.path());
                    if file_type.is_some_and(|t| t.is_dir()) {
                        push(dirs, rel_path.to_string_lossy().replace('\\', "/"));
                    }
                    if !file_type.is_some_and(|t| t.is_file()) {
                        return WalkState::Continue;
                    }
                    let Some(rel) = rel_path.to_str() else {
                        push(
                            diagnostics,
                            Diagnostic::of(
                                Code::PathNotUtf8,
                                format!("skipped a file whose path is not UTF-8: {}", rel_path.display()),
                            )
                            .at(rel_path.to_string_lossy()),
                        );
                        return WalkState::Continue;
                    };
                    // No `stat` here: the reader learns the size from the open file (`fstat`),
                    // which spares a second path lookup per file.
                    push(files, WalkedFile { rel: rel.replace('\\', "/"), abs: entry.path().to_path_buf() });
                }
                Err(err) => {
                    let path = walk_error_path(&err)
                        .map(|p| p.strip_prefix(root).unwrap_or(&p).display().to_string());
                    let mut diag = Diagnostic::of(Code::WalkError, err.to_string());
                    diag.path = path;
                    push(diagnostics, diag);
                }
            }
            WalkState::Continue
        })
    });
    let mut files = files.into_inner().unwrap_or_else(|p| p.into_inner());
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    let mut diagnostics = diagnostics.into_inner().unwrap_or_else(|p| p.into_inner());
    let mut ignored = IgnoredCount(None);
    // The counting walk costs as much as the first: skipped where no rule can have applied, and
    // otherwise run beside the detect stage (on one thread) rather than before it.
    let ignore_roots = if options.no_ignore { Vec::new() } else { ignore_roots(root, &files) };
    if !ignore_roots.is_empty() {
        let dirs: HashSet<String> =
            dirs.into_inner().unwrap_or_else(|p| p.into_inner()).into_iter().collect();
        let seen: HashSet<String> = files
            .iter()
            .map(|f| f.rel.clone())
            .chain(
                diagnostics
                    .iter()
                    .filter(|d| d.code == Code::PathNotUtf8.as_str())
                    .filter_map(|d| d.path.clone()),
            )
            .collect();
        let root = root.to_path_buf();
        let spawned = std::thread::Builder::new()
            .name("ospo-ignored".into())
            .spawn(move || ignored_files(&root, &ignore_roots, &overrides, &seen, &dirs));
        // No thread, no count: the scan itself does not depend on it.
        ignored = IgnoredCount(spawned.ok());
    }
    diagnostics.sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
    Ok(Walk { files, ignored, diagnostics })
}

/// The count of files ignore rules left out, still being taken.
pub struct IgnoredCount(Option<std::thread::JoinHandle<HashMap<String, u64>>>);

impl IgnoredCount {
    /// Waits for the count: how many, and the `files-ignored` note when there are any.
    pub fn finish(self) -> (u64, Option<Diagnostic>) {
        let Some(groups) = self.0.and_then(|handle| handle.join().ok()) else { return (0, None) };
        let count = groups.values().sum();
        (count, files_ignored(count, groups))
    }
}

/// Where the first walk's rules can have left anything out, so where the counting walk must
/// look: an ignore file's rules apply to its own directory's subtree. `.gitignore` and
/// `.git/info/exclude` count only inside a git work tree, `.ignore` files anywhere; a rule file in
/// the root or above it (the walker reads those too) means the whole tree. Empty: nothing to count.
fn ignore_roots(root: &Path, walked: &[WalkedFile]) -> Vec<PathBuf> {
    let repo = root.ancestors().find(|dir| dir.join(".git").exists());
    let rule_files: &[&str] = if repo.is_some() { &[".ignore", ".gitignore"] } else { &[".ignore"] };
    let has_rules = |dir: &Path| rule_files.iter().any(|name| dir.join(name).is_file());
    let above_or_at_root =
        root.ancestors().any(has_rules) || repo.is_some_and(|repo| repo.join(".git/info/exclude").is_file());
    if above_or_at_root {
        return vec![root.to_path_buf()];
    }
    let mut dirs: Vec<&str> = walked
        .iter()
        .filter(|f| rule_files.contains(&f.rel.rsplit('/').next().unwrap_or_default()))
        .map(|f| f.rel.rsplit_once('/').map_or("", |(dir, _)| dir))
        .collect();
    dirs.sort_unstable();
    dirs.dedup();
    // Outermost only: a subtree inside another is walked with it.
    let mut outermost: Vec<&str> = Vec::new();
    for dir in dirs {
        if !outermost.iter().any(|o| o.is_empty() || dir.starts_with(&format!("{o}/"))) {
            outermost.push(dir);
        }
    }
    outermost.into_iter().map(|dir| root.join(dir)).collect()
}

/// The walk both passes share: no ignore rules, `[scan] exclude` applied, `.git` skipped.
fn builder(root: &Path, overrides: &Override, jobs: usize) -> WalkBuilder {
    let mut builder = WalkBuilder::new(root);
    builder
        .standard_filters(false)
        .follow_links(false)
        .overrides(overrides.clone())
        .threads(jobs)
        .filter_entry(|entry| entry.file_name() != ".git");
    builder
}

/// The files the ignore rules left out, by the directory to name for them: the outermost
/// directory the first walk skipped whole (`target/`), or the directory of a file ignored on
/// its own. A second walk, without the rules: it reads directory entries only, no file.
/// `seen`: what the first walk found, the files it skipped for their name included (those are
/// not ignored ones).
fn ignored_files(
    root: &Path,
    subtrees: &[PathBuf],
    overrides: &Override,
    seen: &HashSet<String>,
    walked_dirs: &HashSet<String>,
) -> HashMap<String, u64> {
    let groups = Mutex::new(HashMap::new());
    let Some((first, rest)) = subtrees.split_first() else { return HashMap::new() };
    let mut walker = builder(first, overrides, 1);
    for subtree in rest {
        walker.add(subtree);
    }
    walker.build_parallel().run(|| {
        let (groups, seen) = (&groups, &seen);
        Box::new(move |entry| {
            let Ok(entry) = entry else { return WalkState::Continue };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                return WalkState::Continue;
            }
            let rel_path = entry.path().strip_prefix(root).unwrap_or(entry.path());
            let rel = rel_path.to_string_lossy().replace('\\', "/");
            if seen.contains(&rel) {
                return WalkState::Continue;
            }
            let group = ignored_group(&rel, walked_dirs);
            let mut groups = groups.lock().unwrap_or_else(|p| p.into_inner());
            *groups.entry(group).or_insert(0u64) += 1;
            WalkState::Continue
        })
    });
    groups.into_inner().unwrap_or_else(|p| p.into_inner())
}

/// `a/b/` for `a/b/c/d.o` when the first walk entered `a` but not `a/b`; `a/` for `a/x.log`
/// ignored alone; `./` at the root.
fn ignored_group(rel: &str, walked_dirs: &HashSet<String>) -> String {
    let mut end = 0;
    for (at, _) in rel.match_indices('/') {
        if !walked_dirs.contains(&rel[..at]) {
            return format!("{}/", &rel[..at]);
        }
        end = at + 1;
    }
    if end == 0 { "./".to_string() } else { rel[..end].to_string() }
}

/// The `files-ignored` note: how many, and the directories holding most of them.
fn files_ignored(count: u64, groups: HashMap<String, u64>) -> Option<Diagnostic> {
    if count == 0 {
        return None;
    }
    let mut groups: Vec<(String, u64)> = groups.into_iter().collect();
    groups.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut top: Vec<String> =
        groups.iter().take(TOP_IGNORED).map(|(dir, n)| format!("{dir} ({n})")).collect();
    if groups.len() > TOP_IGNORED {
        top.push(format!("and {} more directories", groups.len() - TOP_IGNORED));
    }
    Some(Diagnostic::of(
        Code::FilesIgnored,
        format!(
            "{count} file{} left out by ignore rules (.gitignore inside a git work tree, .ignore, \
             .git/info/exclude): {}; --no-ignore scans them",
            if count == 1 { "" } else { "s" },
            top.join(", ")
        ),
    ))
}

/// The warning for a scan that looked at nothing: never a silent empty result.
pub fn nothing_scanned(walked: usize, ignored: u64) -> Diagnostic {
    let why = match (walked, ignored) {
        (0, 0) => "the tree holds no file to scan".to_string(),
        (0, n) => format!("ignore rules left out all {n} files (--no-ignore scans them)"),
        (n, _) => format!("no plugin took any of the {n} files walked"),
    };
    Diagnostic::of(Code::NothingScanned, format!("no file was scanned: {why}"))
}

fn push<T>(list: &Mutex<Vec<T>>, item: T) {
    list.lock().unwrap_or_else(|p| p.into_inner()).push(item);
}

fn walk_error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counting_walk_looks_only_under_ignore_files() {
        let tree = tempfile::tempdir().expect("a temporary directory");
        let root = tree.path();
        let walked = |rels: &[&str]| -> Vec<WalkedFile> {
            rels.iter().map(|r| WalkedFile { rel: r.to_string(), abs: root.join(r) }).collect()
        };
        // Not a git work tree: `.gitignore` is not a rule, `.ignore` is, for its own subtree.
        let files = walked(&["a/.gitignore", "b/.ignore", "b/c/.ignore", "d/x.rs"]);
        assert_eq!(ignore_roots(root, &files), vec![root.join("b")]);
        assert!(ignore_roots(root, &walked(&["a/.gitignore", "d/x.rs"])).is_empty());
        // In a git work tree `.gitignore` counts; one in the root means the whole tree.
        std::fs::create_dir(root.join(".git")).expect("a .git directory");
        assert_eq!(ignore_roots(root, &files), vec![root.join("a"), root.join("b")]);
        std::fs::write(root.join(".gitignore"), "target/\n").expect("a root .gitignore");
        assert_eq!(ignore_roots(root, &files), vec![root.to_path_buf()]);
    }

    #[test]
    fn ignored_files_are_grouped_by_the_directory_left_out() {
        let dirs: HashSet<String> = ["", "a", "a/src"].iter().map(|s| s.to_string()).collect();
        assert_eq!(ignored_group("a/target/debug/x.o", &dirs), "a/target/");
        assert_eq!(ignored_group("a/src/x.log", &dirs), "a/src/");
        assert_eq!(ignored_group("x.log", &dirs), "./");
        assert_eq!(ignored_group("build/x", &dirs), "build/");
    }
}
