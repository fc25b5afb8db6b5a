//! pip requirements files: `requirements*.txt` and `requirements/*.txt`, hand-written or
//! written by pip-compile.
//!
//! - Lines: `\` continuations joined, comments (`#` at the start or after whitespace) dropped,
//!   per-requirement options (`--hash=sha256:...`) read, file options (`--index-url`,
//!   `--find-links`, `--trusted-host`, ...) skipped; `--index-url` becomes the registry source
//!   of the requirements after it.
//! - `-r FILE` includes another file (relative to the including one, read through the host,
//!   each file once, so cycles end); `-c FILE` reads a constraints file, whose `==` pins give
//!   unpinned requirements their version but add no package. An include that cannot be read is
//!   a `requirements-include-missing` warning.
//! - Requirements: PEP 508 (`name[extra]>=1; marker`, `name @ URL`), bare VCS URLs
//!   (`git+https://...@rev#egg=name`: a git source, pinned when `rev` is a full commit, and a
//!   `vcs_url` purl qualifier), bare archive URLs and paths (name and version from the file
//!   name; `download_url` qualifier for URLs), editables (`-e PATH` a path source, `-e git+...`).
//! - Versions: `==X` gives `X`; any other specifier is kept as written in `version` while the
//!   purl carries none (see the pyproject module).
//! - pip-compile's `# via` comments give the graph: `# via X` is an edge X -> this package, and
//!   `# via -r FILE` makes it direct. A file without them lists only direct requirements.
//! - Scope from the file name or its directory's: `test` in it means test,
//!   `dev`/`docs`/`lint`/`typing`/`ci` development, `build` build, anything else runtime.
//! - Completeness: `Complete` when every requirement is pinned (`==`, or a VCS URL at a full
//!   commit), as pip-compile and pip freeze write them; `DirectOnly` otherwise.

use std::collections::{BTreeMap, BTreeSet};

use ospo_plugin_sdk::{Completeness, DependencyScope, Diagnostic, Hash, Level, PackageSource, ParseOutput};

use crate::model::{self, Dep, Entry};
use crate::{names, pep508, siblings};

/// Includes deeper than this are not followed: no real project nests so far.
const MAX_DEPTH: usize = 16;

struct Req {
    entry: Entry,
    via: Vec<String>,
    pinned: bool,
}

#[derive(Default)]
struct Reader {
    visited: BTreeSet<String>,
    constraints: BTreeMap<String, String>,
    reqs: Vec<Req>,
    compiled: bool,
    diagnostics: Vec<Diagnostic>,
}

/// Parses the requirements file at `path` and everything it includes.
pub fn parse(path: &str, text: &str, out: &mut ParseOutput) {
    let mut reader = Reader::default();
    reader.visited.insert(path.to_string());
    reader.read(path, text, 0);
    let Reader { constraints, mut reqs, compiled, diagnostics, .. } = reader;
    out.diagnostics.extend(diagnostics);

    for req in &mut reqs {
        if req.entry.version.is_none()
            && let Some(version) = constraints.get(&names::normalize(&req.entry.name))
        {
            req.entry.version = Some(version.clone());
            req.entry.range = None;
            req.pinned = true;
        }
    }
    let any_via = reqs.iter().any(|r| !r.via.is_empty());
    let complete = !reqs.is_empty() && reqs.iter().all(|r| r.pinned);
    // `# via X`: X depends on this requirement.
    let first_of: BTreeMap<String, usize> =
        reqs.iter().enumerate().rev().map(|(at, r)| (names::normalize(&r.entry.name), at)).collect();
    let mut edges: Vec<(usize, Dep)> = Vec::new();
    for req in &reqs {
        for via in &req.via {
            if via.starts_with('-') {
                continue;
            }
            if let Some(&from) = first_of.get(&names::normalize(via)) {
                edges.push((
                    from,
                    Dep {
                        scope: req.entry.scope.unwrap_or(DependencyScope::Runtime),
                        ..Dep::new(&req.entry.name)
                    },
                ));
            }
        }
    }
    let mut entries: Vec<Entry> = Vec::with_capacity(reqs.len());
    for req in reqs {
        let mut entry = req.entry;
        if any_via {
            entry.direct = Some(req.via.iter().any(|v| v.starts_with("-r ")));
        }
        entries.push(entry);
    }
    for (from, dep) in edges {
        if let Some(entry) = entries.get_mut(from) {
            entry.deps.push(dep);
        }
    }
    let format = if compiled { "requirements.txt (pip-compile)" } else { "requirements.txt" };
    let completeness = if complete { Completeness::Complete } else { Completeness::DirectOnly };
    model::emit(path, "pypi", format, completeness, entries, out);
}

impl Reader {
    fn read(&mut self, path: &str, text: &str, depth: usize) {
        let scope = file_scope(path);
        let dir = names::parent(path).to_string();
        let mut index: Option<String> = None;
        let mut last: Option<usize> = None;
        let mut in_via = false;
        let mut logical = String::new();
        let mut start = 0u32;
        for (number, line) in ospo_plugin_sdk::text::numbered_lines(text) {
            let trimmed = line.trim();
            if logical.is_empty() {
                start = number;
                if let Some(comment) = trimmed.strip_prefix('#') {
                    self.compiled |= comment.contains("autogenerated by pip-compile");
                    self.via_comment(comment, last, &mut in_via);
                    continue;
                }
            }
            match line.strip_suffix('\\') {
                Some(head) => {
                    logical.push_str(head);
                    logical.push(' ');
                    continue;
                }
                None => logical.push_str(line),
            }
            let full = std::mem::take(&mut logical);
            in_via = false;
            let content = strip_comment(&full).trim().to_string();
            if content.is_empty() {
                continue;
            }
            if let Some(added) = self.line(path, &dir, &content, start, scope, &mut index, depth) {
                last = Some(added);
            }
        }
        if !logical.is_empty() {
            let content = strip_comment(&logical).trim().to_string();
            if !content.is_empty() {
                self.line(path, &dir, &content, start, scope, &mut index, depth);
            }
        }
    }

    /// pip-compile's `# via X`, `# via` followed by `#   X` lines.
    fn via_comment(&mut self, comment: &str, last: Option<usize>, in_via: &mut bool) {
        let Some(req) = last.and_then(|at| self.reqs.get_mut(at)) else { return };
        let body = comment.trim();
        if let Some(rest) = body.strip_prefix("via") {
            let rest = rest.trim();
            *in_via = rest.is_empty();
            if !rest.is_empty() {
                req.via.push(rest.to_string());
            }
        } else if *in_via && !body.is_empty() {
            req.via.push(body.to_string());
        } else {
            *in_via = false;
        }
    }

    /// One logical line; the index of the requirement it adds, if it adds one.
    #[allow(clippy::too_many_arguments)]
    fn line(
        &mut self,
        path: &str,
        dir: &str,
        content: &str,
        line: u32,
        scope: DependencyScope,
        index: &mut Option<String>,
        depth: usize,
    ) -> Option<usize> {
        if content.starts_with('-') {
            let (option, value) = split_option(content);
            match option {
                "-r" | "--requirement" => self.include(path, dir, value, line, depth, false),
                "-c" | "--constraint" => self.include(path, dir, value, line, depth, true),
                "-e" | "--editable" => return self.requirement(path, dir, value, line, scope, index, true),
                "-i" | "--index-url" => *index = Some(value.to_string()).filter(|v| !v.is_empty()),
                _ => {}
            }
            return None;
        }
        self.requirement(path, dir, content, line, scope, index, false)
    }

    fn include(&mut self, path: &str, dir: &str, target: &str, line: u32, depth: usize, constraints: bool) {
        if target.contains("://") {
            self.diagnostics.push(
                Diagnostic::new(
                    "requirements-include-missing",
                    Level::Info,
                    format!("{target} is a URL; ospo reads no network, so its requirements are not listed"),
                )
                .at(path, Some(line)),
            );
            return;
        }
        let Some(resolved) = names::join(dir, target) else {
            self.missing(path, line, target, "it is outside the scanned directory");
            return;
        };
        if depth >= MAX_DEPTH || !self.visited.insert(resolved.clone()) {
            return;
        }
        let Some(text) = siblings::read_text(&resolved) else {
            self.missing(path, line, target, "it cannot be read");
            return;
        };
        if constraints {
            self.read_constraints(&resolved, &text, depth);
        } else {
            self.read(&resolved, &text, depth + 1);
        }
    }

    fn missing(&mut self, path: &str, line: u32, target: &str, why: &str) {
        self.diagnostics.push(
            Diagnostic::new(
                "requirements-include-missing",
                Level::Warning,
                format!("the requirements file {target} is not read: {why}"),
            )
            .at(path, Some(line)),
        );
    }

    /// Constraints add no package: only their pins are kept (and their own `-c` includes).
    fn read_constraints(&mut self, path: &str, text: &str, depth: usize) {
        let dir = names::parent(path).to_string();
        for (number, line) in ospo_plugin_sdk::text::numbered_lines(text) {
            let content = strip_comment(line).trim();
            let (option, value) = split_option(content);
            if matches!(option, "-c" | "--constraint") {
                self.include(path, &dir, value, number, depth + 1, true);
                continue;
            }
            let body = content.split(" --").next().unwrap_or(content).trim_end_matches('\\').trim();
            if let Some(version) = pep508::parse(body)
                .as_ref()
                .and_then(|r| r.pinned().map(|v| (names::normalize(&r.name), v.to_string())))
            {
                self.constraints.entry(version.0).or_insert(version.1);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn requirement(
        &mut self,
        path: &str,
        dir: &str,
        content: &str,
        line: u32,
        scope: DependencyScope,
        index: &Option<String>,
        editable: bool,
    ) -> Option<usize> {
        // Per-requirement options start at the first ` --`.
        let (body, options) = match content.find(" --").or_else(|| content.find("\t--")) {
            Some(at) => (content[..at].trim(), &content[at..]),
            None => (content.trim(), ""),
        };
        let parsed = if editable || looks_like_location(body) {
            location_requirement(body, dir)
        } else {
            pep508_requirement(body, dir)
        };
        let Some(mut req) = parsed else {
            self.diagnostics.push(
                Diagnostic::new(
                    "manifest-malformed",
                    Level::Error,
                    format!("requirements: {body:?} is not a requirement"),
                )
                .at(path, Some(line)),
            );
            return None;
        };
        req.entry.path = path.to_string();
        req.entry.line = Some(line);
        req.entry.scope = Some(scope);
        if req.entry.source.is_none()
            && let Some(index) = index
        {
            req.entry.source = Some(PackageSource::registry(index));
        }
        let tokens: Vec<&str> = options.split_whitespace().collect();
        for (at, token) in tokens.iter().enumerate() {
            let value = match token.strip_prefix("--hash=") {
                Some(value) => Some(value),
                None if *token == "--hash" => tokens.get(at + 1).copied(),
                None => None,
            };
            if let Some(hash) = value.and_then(Hash::parse_integrity) {
                req.entry.hashes.push(hash);
            }
        }
        if req.entry.direct.is_none() {
            req.entry.direct = Some(true);
        }
        self.reqs.push(req);
        Some(self.reqs.len() - 1)
    }
}

/// One requirement line outside a requirements file (conda's `pip:` sub-list): the entry, and
/// whether it is pinned. Options other than `-e` give `None`.
pub fn single(text: &str, dir: &str) -> Option<(Entry, bool)> {
    let text = strip_comment(text).trim();
    let (editable, body) = match text.strip_prefix("--editable").or_else(|| text.strip_prefix("-e")) {
        Some(rest) => (true, rest.trim_start_matches('=').trim()),
        None => (false, text),
    };
    let body = body.split(" --").next().unwrap_or(body).trim();
    let req = if editable || looks_like_location(body) {
        location_requirement(body, dir)
    } else {
        pep508_requirement(body, dir)
    }?;
    Some((req.entry, req.pinned))
}

/// `-r file`, `--requirement=file`, `-rfile`: the option and its value.
fn split_option(content: &str) -> (&str, &str) {
    if let Some((option, value)) =
        content.split_once('=').filter(|(o, _)| o.starts_with("--") && !o.contains(' '))
    {
        return (option, value.trim());
    }
    match content.split_once(char::is_whitespace) {
        Some((option, value)) => (option, value.trim()),
        None if content.starts_with("--") => (content, ""),
        // `-rfile`
        None => content.split_at_checked(2).unwrap_or((content, "")),
    }
}

/// pip's comment rule: `#` at the start of a line or after whitespace.
fn strip_comment(line: &str) -> &str {
    if line.trim_start().starts_with('#') {
        return "";
    }
    let bytes = line.as_bytes();
    for (at, b) in bytes.iter().enumerate() {
        if *b == b'#' && at > 0 && bytes[at - 1].is_ascii_whitespace() {
            return &line[..at];
        }
    }
    line
}

fn looks_like_location(body: &str) -> bool {
    let first = body.split(';').next().unwrap_or(body).trim();
    first.contains("://")
        || first.starts_with(['.', '/', '~'])
        || first.starts_with("file:")
        || first.ends_with(".whl")
        || first.ends_with(".tar.gz")
        || first.ends_with(".zip")
}

fn pep508_requirement(body: &str, dir: &str) -> Option<Req> {
    let parsed = pep508::parse(body)?;
    let pinned = parsed.pinned().map(str::to_string);
    let mut entry = Entry::new("pypi", &parsed.name, pinned.as_deref(), "", None);
    let mut is_pinned = pinned.is_some();
    if let Some(url) = &parsed.url {
        let (source, qualifiers) = url_source(url, dir);
        is_pinned = source.commit.is_some();
        if let Some(version) = archive_name_version(url).and_then(|(_, v)| v) {
            entry.version = Some(version);
            is_pinned = true;
        }
        entry.source = Some(source);
        entry.qualifiers = qualifiers;
    } else if pinned.is_none() && !parsed.spec.is_empty() {
        entry.range = Some(parsed.spec.clone());
    }
    Some(Req { entry, via: Vec::new(), pinned: is_pinned })
}

/// A bare URL or path requirement (also `-e`): the name from `#egg=`, a `name @` prefix, a
/// wheel or sdist file name, a local project's pyproject.toml, or else the last component of
/// the path or URL (what pip would build the project under is only known by running it).
fn location_requirement(body: &str, dir: &str) -> Option<Req> {
    if let Some(req) = pep508::parse(body).filter(|r| r.url.is_some()) {
        return pep508_requirement(&format!("{} @ {}", req.name, req.url.unwrap_or_default()), dir);
    }
    let location = body.split(" ;").next().unwrap_or(body).trim();
    let egg = location.split_once("#egg=").map(|(_, e)| e.split('&').next().unwrap_or(e).trim());
    let (source, qualifiers) = url_source(location, dir);
    let from_file = archive_name_version(location);
    let local_name = (source.kind == ospo_plugin_sdk::SourceKind::Path)
        .then(|| source.url.as_deref().and_then(local_project_name))
        .flatten();
    let name = egg
        .map(|e| e.split(['[', '=']).next().unwrap_or(e).to_string())
        .or_else(|| from_file.as_ref().map(|(n, _)| n.clone()))
        .or(local_name.clone().map(|(n, _)| n))
        .or_else(|| source.url.as_deref().map(|u| names::file_name(u.trim_end_matches('/')).to_string()))
        .filter(|n| names::is_valid(n))?;
    let version = from_file.and_then(|(_, v)| v).or(local_name.and_then(|(_, v)| v));
    let mut entry = Entry::new("pypi", &name, version.as_deref(), "", None);
    let pinned = version.is_some() || source.commit.is_some();
    if source.kind == ospo_plugin_sdk::SourceKind::Path
        && source.url.as_deref() == Some(&names::local_path(dir, "."))
    {
        // `-e .`: the project itself.
        entry.project = true;
        entry.direct = Some(false);
    }
    entry.source = Some(source);
    entry.qualifiers = qualifiers;
    // A local path is what it is: nothing newer can be resolved in its place.
    Some(Req { entry, via: Vec::new(), pinned: pinned || is_local(location) })
}

fn is_local(location: &str) -> bool {
    !location.contains("://") && !location.starts_with("git+")
}

/// The source and purl qualifiers of a direct reference, relative to directory `dir`.
pub fn url_source(url: &str, dir: &str) -> (PackageSource, Vec<(String, String)>) {
    let url = url.trim();
    let no_fragment = url.split('#').next().unwrap_or(url);
    for vcs in ["git+", "hg+", "svn+", "bzr+"] {
        if let Some(rest) = no_fragment.strip_prefix(vcs) {
            let (repo, rev) = split_rev(rest);
            let commit = rev.filter(|r| names::is_commit(r));
            let qualifier = match rev {
                Some(rev) => format!("{vcs}{repo}@{rev}"),
                None => format!("{vcs}{repo}"),
            };
            let source =
                if vcs == "git+" { PackageSource::git(repo, commit) } else { PackageSource::url(rest) };
            return (source, vec![("vcs_url".into(), qualifier)]);
        }
    }
    if let Some(path) = no_fragment.strip_prefix("file://") {
        return (PackageSource::path(path), Vec::new());
    }
    if no_fragment.contains("://") {
        return (PackageSource::url(no_fragment), vec![("download_url".into(), no_fragment.to_string())]);
    }
    (PackageSource::path(&names::local_path(dir, no_fragment)), Vec::new())
}

/// `https://host/repo.git@rev`: the repository and the revision after the last `@` of the path
/// (an `@` in the authority, `git@host`, is a user name).
fn split_rev(url: &str) -> (&str, Option<&str>) {
    let path_start =
        url.find("://").map(|at| at + 3).and_then(|at| url[at..].find('/').map(|p| at + p)).unwrap_or(0);
    match url[path_start..].rfind('@') {
        Some(at) => {
            let at = path_start + at;
            (&url[..at], Some(&url[at + 1..]).filter(|r| !r.is_empty()))
        }
        None => (url, None),
    }
}

/// The distribution name and version a wheel (`name-1.0-py3-none-any.whl`) or sdist
/// (`name-1.0.tar.gz`) file name gives.
fn archive_name_version(location: &str) -> Option<(String, Option<String>)> {
    let file = names::file_name(location.split(['#', '?']).next().unwrap_or(location));
    if let Some(stem) = file.strip_suffix(".whl") {
        let mut parts = stem.split('-');
        let name = parts.next()?.to_string();
        return Some((name, parts.next().map(str::to_string)));
    }
    let stem = [".tar.gz", ".zip", ".tar.bz2", ".tgz"].iter().find_map(|ext| file.strip_suffix(ext))?;
    let (name, version) = stem.rsplit_once('-')?;
    Some((name.to_string(), Some(version.to_string())))
}

/// The name (and version) a local project directory declares in its pyproject.toml.
fn local_project_name(dir: &str) -> Option<(String, Option<String>)> {
    let path = if dir == "." { "pyproject.toml".to_string() } else { format!("{dir}/pyproject.toml") };
    let project = crate::pyproject::read(&path, &siblings::read_text(&path)?, &mut Vec::new())?;
    Some((project.name?, project.version))
}

/// The scope a requirements file's name implies, or its directory's (`docs/requirements.txt`,
/// `tests/requirements.txt`; the conventional `requirements/` folder itself says nothing).
pub fn file_scope(path: &str) -> DependencyScope {
    let lower = path.to_ascii_lowercase();
    let name = names::file_name(&lower);
    let dir = names::file_name(names::parent(&lower));
    let tokens: Vec<&str> = name.split(['-', '_', '.']).chain(dir.split(['-', '_', '.'])).collect();
    if tokens.iter().any(|t| t.contains("test")) {
        DependencyScope::Test
    } else if tokens
        .iter()
        .any(|t| matches!(*t, "dev" | "develop" | "development" | "docs" | "doc" | "lint" | "typing" | "ci"))
    {
        DependencyScope::Development
    } else if tokens.contains(&"build") {
        DependencyScope::Build
    } else {
        DependencyScope::Runtime
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_and_names() {
        let (git, q) = url_source(
            "git+https://github.com/acme/lib.git@3f2c1a9e5d0b7c4a1f8e2d6c9b3a7e4f1d0c8b2a#egg=lib",
            "",
        );
        assert_eq!(
            git,
            PackageSource::git(
                "https://github.com/acme/lib.git",
                Some("3f2c1a9e5d0b7c4a1f8e2d6c9b3a7e4f1d0c8b2a")
            )
        );
        assert_eq!(q[0].1, "git+https://github.com/acme/lib.git@3f2c1a9e5d0b7c4a1f8e2d6c9b3a7e4f1d0c8b2a");
        let (ssh, _) = url_source("git+ssh://git@github.com/acme/lib.git", "");
        assert_eq!(ssh, PackageSource::git("ssh://git@github.com/acme/lib.git", None));
        assert_eq!(url_source("./libs/x", "app").0, PackageSource::path("app/libs/x"));
        assert_eq!(
            archive_name_version("https://example.invalid/f/acme_wheel-0.1.0-py3-none-any.whl#sha256=ab"),
            Some(("acme_wheel".into(), Some("0.1.0".into())))
        );
        assert_eq!(archive_name_version("pkg-2.0.tar.gz"), Some(("pkg".into(), Some("2.0".into()))));
    }

    #[test]
    fn comments_options_and_scopes() {
        assert_eq!(strip_comment("a==1 # note"), "a==1 ");
        assert_eq!(
            strip_comment("x @ https://e.invalid/x.whl#sha256=1"),
            "x @ https://e.invalid/x.whl#sha256=1"
        );
        assert_eq!(split_option("-r base.txt"), ("-r", "base.txt"));
        assert_eq!(split_option("--requirement=base.txt"), ("--requirement", "base.txt"));
        assert_eq!(split_option("-rbase.txt"), ("-r", "base.txt"));
        assert_eq!(file_scope("requirements/dev.txt"), DependencyScope::Development);
        assert_eq!(file_scope("requirements-test.txt"), DependencyScope::Test);
        assert_eq!(file_scope("requirements.txt"), DependencyScope::Runtime);
        assert_eq!(file_scope("requirements/base.txt"), DependencyScope::Runtime);
        assert_eq!(file_scope("docs/requirements.txt"), DependencyScope::Development);
        assert_eq!(file_scope("app/tests/requirements.txt"), DependencyScope::Test);
    }
}
