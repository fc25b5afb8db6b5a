//! `paket.lock`: groups (`GROUP Name`, the first being `Main`), each with its options
//! (`RESTRICTION:`, `STORAGE:` ...) and sources: `NUGET` (packages at four spaces, their
//! dependencies at six), `GITHUB` / `GIST` (files pinned to a commit), `HTTP` (downloaded
//! files) and `GIT` (repositories at a commit). A line's settings follow ` - `.
//!
//! - NuGet packages are `pkg:nuget/Name@version` with the `remote` as registry; GitHub files
//!   `pkg:github/owner/repo@commit` with the file as the name's subpath in the id
//!   (`#src/File.fs`), a git source; HTTP files `pkg:generic/<file>?download_url=...`; git
//!   repositories `pkg:github/...` on github.com and `pkg:generic/<repo>?vcs_url=...` elsewhere
//!   (the purl spec has no type for an arbitrary git host).
//! - Scope by group name: `Main` and unknown names runtime (`Server`, `Client`), names with
//!   `test` test, `Build` / `Fake` build, `Docs` / `Analyzers` / `Tools` / `Dev` development.
//! - Direct: the `nuget` / `github` lines of the `paket.dependencies` beside the lockfile,
//!   group by group; without it nothing is direct.

use std::collections::{BTreeSet, HashMap};

use ospo_plugin_sdk::{
    Completeness, DependencyEdge, DependencyScope, Diagnostic, Level, Manifest, Package, PackageSource,
    ParseOutput, host, relpath,
};

use crate::names;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Nuget,
    Github,
    Http,
    Git,
    Other,
}

struct Locked {
    group: String,
    name: String,
    id: String,
    line: u32,
    deps: Vec<String>,
}

fn scope_of(group: &str) -> DependencyScope {
    let g = group.to_ascii_lowercase();
    if g.contains("test") {
        DependencyScope::Test
    } else if g == "build" || g.contains("fake") {
        DependencyScope::Build
    } else if ["docs", "doc", "analyzers", "tools", "dev", "development", "benchmarks"].contains(&g.as_str())
    {
        DependencyScope::Development
    } else {
        DependencyScope::Runtime
    }
}

/// `Name (version) - settings` split into the name and the text in parentheses.
fn entry(content: &str) -> (&str, Option<&str>) {
    let content = content.split(" - ").next().unwrap_or(content).trim();
    match content.rsplit_once(" (") {
        Some((name, rest)) => (name.trim(), rest.strip_suffix(')')),
        None => match content.strip_prefix('(') {
            Some(rest) => ("", rest.strip_suffix(')')),
            None => (content, None),
        },
    }
}

pub fn read(path: &str, text: &str, out: &mut ParseOutput) {
    let direct = direct_names(relpath::parent(path));
    let mut group = "Main".to_string();
    let mut section = Section::Other;
    let mut remote: Option<String> = None;
    let mut locked: Vec<Locked> = Vec::new();
    let mut packages: Vec<Package> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.trim().is_empty() {
            continue;
        }
        let indent = raw.len() - raw.trim_start_matches(' ').len();
        let content = raw.trim();
        if indent == 0 {
            if let Some(name) = content.strip_prefix("GROUP ") {
                group = name.trim().to_string();
                section = Section::Other;
            } else {
                section = match content {
                    "NUGET" => Section::Nuget,
                    "GITHUB" | "GIST" => Section::Github,
                    "HTTP" => Section::Http,
                    "GIT" => Section::Git,
                    // Group options: `RESTRICTION: ...`, `STORAGE: NONE`, `REDIRECTS: ON`.
                    option if option.contains(": ") => section,
                    other => {
                        out.diagnostics.push(
                            Diagnostic::new(
                                "manifest-unsupported",
                                Level::Warning,
                                format!("paket.lock: unknown section `{other}`"),
                            )
                            .at(path, Some(line)),
                        );
                        Section::Other
                    }
                };
            }
            remote = None;
            continue;
        }
        if let Some(value) = content.strip_prefix("remote: ") {
            remote = Some(value.trim().to_string());
            continue;
        }
        if content == "specs:" || (section == Section::Git && indent >= 6 && content.contains(": ")) {
            continue;
        }
        let scope = scope_of(&group);
        match (section, indent) {
            (Section::Nuget, 4) => {
                let (name, version) = entry(content);
                if name.is_empty() {
                    out.diagnostics.push(crate::malformed(
                        path,
                        Some(line),
                        &format!("paket.lock: `{content}` names no package"),
                    ));
                    continue;
                }
                let id = names::nuget(name, version);
                let mut package = Package::new("nuget", name, version)
                    .purl(&id)
                    .scope(scope)
                    .direct(direct.contains(&(group.to_ascii_lowercase(), name.to_ascii_lowercase())))
                    .location(path, Some(line));
                if let Some(url) = &remote {
                    package = package.source(PackageSource::registry(url));
                }
                packages.push(package);
                locked.push(Locked {
                    group: group.clone(),
                    name: name.to_string(),
                    id,
                    line,
                    deps: Vec::new(),
                });
            }
            (Section::Nuget, 6) => {
                let (dep, _) = entry(content);
                match locked.last_mut() {
                    Some(parent) if parent.group == group => parent.deps.push(dep.to_string()),
                    _ => out.diagnostics.push(crate::malformed(
                        path,
                        Some(line),
                        "paket.lock: a dependency outside a package",
                    )),
                }
            }
            (Section::Github, 4) => {
                let (file, commit) = entry(content);
                let Some(repo) = remote.as_deref() else { continue };
                let (owner, name) = repo.split_once('/').unwrap_or(("", repo));
                let purl = names::other("github", Some(owner).filter(|o| !o.is_empty()), name, commit, &[]);
                let id = format!("{purl}#{}", file.trim_start_matches('/'));
                let url = format!("https://github.com/{repo}");
                packages.push(
                    Package::new("github", repo, commit)
                        .purl(&purl)
                        .id(&id)
                        .scope(scope)
                        .direct(direct.contains(&(group.to_ascii_lowercase(), repo.to_ascii_lowercase())))
                        .location(path, Some(line))
                        .source(PackageSource::git(&url, commit)),
                );
            }
            (Section::Http, 4) => {
                let (file, fetched) = entry(content);
                let Some(base) = remote.as_deref() else { continue };
                // `file (/path)`: the path is fetched from the remote; without it the remote is the file.
                let url = match fetched {
                    Some(sub) => format!("{}/{}", base.trim_end_matches('/'), sub.trim_start_matches('/')),
                    None => base.to_string(),
                };
                let file_name = relpath::file_name(file.trim_end_matches('/'));
                let file_name = if file_name.is_empty() { base } else { file_name };
                let purl = names::other("generic", None, file_name, None, &[("download_url", &url)]);
                packages.push(
                    Package::new("generic", file_name, None)
                        .purl(&purl)
                        .scope(scope)
                        .location(path, Some(line))
                        .source(PackageSource::url(&url)),
                );
            }
            (Section::Git, _) if indent >= 4 => {
                let (_, commit) = entry(content);
                let Some(url) = remote.as_deref() else { continue };
                let repo = url.trim_end_matches('/').trim_end_matches(".git");
                let purl = match repo.split_once("github.com/").and_then(|(_, path)| path.split_once('/')) {
                    Some((owner, name)) => names::other("github", Some(owner), name, commit, &[]),
                    None => {
                        let vcs = format!("git+{url}");
                        names::other("generic", None, relpath::file_name(repo), commit, &[("vcs_url", &vcs)])
                    }
                };
                packages.push(
                    Package::new("generic", relpath::file_name(repo), commit)
                        .purl(&purl)
                        .scope(scope)
                        .location(path, Some(line))
                        .source(PackageSource::git(url, commit)),
                );
            }
            _ => out.diagnostics.push(crate::malformed(
                path,
                Some(line),
                &format!("paket.lock: unexpected line `{content}`"),
            )),
        }
    }

    // Edges within each group, by name in any case.
    let mut by_name: HashMap<(String, String), &str> = HashMap::new();
    for l in &locked {
        by_name.insert((l.group.clone(), l.name.to_ascii_lowercase()), &l.id);
    }
    for l in &locked {
        let mut seen = BTreeSet::new();
        for dep in &l.deps {
            match by_name.get(&(l.group.clone(), dep.to_ascii_lowercase())) {
                Some(to) if seen.insert(*to) => {
                    out.edges.push(DependencyEdge::new(&l.id, to, DependencyScope::Runtime))
                }
                Some(_) => {}
                None => out.diagnostics.push(
                    Diagnostic::new(
                        "dependency-unresolved",
                        Level::Warning,
                        format!(
                            "`{dep}`, a dependency of {} in group {}, is not locked there",
                            l.name, l.group
                        ),
                    )
                    .at(path, Some(l.line)),
                ),
            }
        }
    }
    out.packages.extend(packages);
    out.manifests.push(Manifest::new(path, "nuget", "paket.lock", Completeness::Complete));
}

/// `(group, name)` pairs, lower case, of the `nuget` and `github` lines of `paket.dependencies`.
fn direct_names(dir: &str) -> BTreeSet<(String, String)> {
    let mut names = BTreeSet::new();
    let Ok(bytes) = host::read_file(&relpath::file_in(dir, "paket.dependencies")) else { return names };
    let mut group = "main".to_string();
    for line in String::from_utf8_lossy(&bytes).lines() {
        let line = line.trim();
        let mut words = line.split_whitespace();
        match (words.next(), words.next()) {
            (Some("group"), Some(name)) => group = name.to_ascii_lowercase(),
            (Some("nuget" | "github" | "gist"), Some(name)) => {
                names.insert((group.clone(), name.to_ascii_lowercase()));
            }
            _ => {}
        }
    }
    names
}
