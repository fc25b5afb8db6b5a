//! The tree walk: `.gitignore`-aware (the `ignore` crate, as ripgrep), `.git` skipped, symlinks
//! never followed, paths that are not UTF-8 reported rather than mangled.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::overrides::OverrideBuilder;
use ignore::{WalkBuilder, WalkState};

use crate::diagnostics::Code;
use crate::model::Diagnostic;

#[derive(Debug, Clone)]
pub struct WalkedFile {
    /// Relative to the root, `/`-separated: what plugins see.
    pub rel: String,
    pub abs: PathBuf,
}

pub struct Walk {
    pub files: Vec<WalkedFile>,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn walk(root: &Path, exclude: &[String], jobs: usize) -> Result<Walk, ignore::Error> {
    let mut overrides = OverrideBuilder::new(root);
    for pattern in exclude {
        overrides.add(&format!("!{pattern}"))?;
    }
    let walker = WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        .git_global(false)
        .follow_links(false)
        .overrides(overrides.build()?)
        .threads(jobs)
        .filter_entry(|entry| entry.file_name() != ".git")
        .build_parallel();

    let files = Mutex::new(Vec::new());
    let diagnostics = Mutex::new(Vec::new());
    walker.run(|| {
        let files = &files;
        let diagnostics = &diagnostics;
        Box::new(move |entry| {
            match entry {
                Ok(entry) => {
                    let is_file = entry.file_type().is_some_and(|t| t.is_file());
                    if !is_file {
                        return WalkState::Continue;
                    }
                    let rel_path = entry.path().strip_prefix(root).unwrap_or(entry.path());
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
    diagnostics.sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
    Ok(Walk { files, diagnostics })
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
