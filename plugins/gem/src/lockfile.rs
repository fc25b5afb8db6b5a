//! `Gemfile.lock` / `gems.locked` as Bundler writes it: sections at column 0 (`GEM`, `GIT`,
//! `PATH`, `PLUGIN SOURCE`, `PLATFORMS`, `DEPENDENCIES`, `CHECKSUMS`, `RUBY VERSION`,
//! `BUNDLED WITH`), source options at two spaces, specs at four and each spec's dependencies
//! at six. A spec is `name (version)` or `name (version-platform)`: like Bundler, the version
//! ends at the first `-`.

use std::collections::HashMap;

/// What kind of source section a spec came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Gem,
    Git,
    Path,
    Plugin,
}

/// A source section and its options.
#[derive(Debug, Clone)]
pub struct Source {
    pub kind: SourceKind,
    /// The first `remote:` (a GEM section of old lockfiles lists several).
    pub remote: Option<String>,
    pub revision: Option<String>,
}

/// A locked gem.
#[derive(Debug, Clone)]
pub struct Spec {
    pub name: String,
    pub version: String,
    pub platform: Option<String>,
    /// Index into [`Lockfile::sources`].
    pub source: usize,
    pub line: u32,
    /// Names of the gems it depends on.
    pub deps: Vec<String>,
}

/// An entry of `DEPENDENCIES`: what the Gemfile names.
#[derive(Debug, Clone)]
pub struct Direct {
    pub name: String,
    pub line: u32,
}

/// A problem with one line; the rest of the file is still read.
#[derive(Debug, Clone)]
pub struct Problem {
    pub line: u32,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct Lockfile {
    pub sources: Vec<Source>,
    pub specs: Vec<Spec>,
    pub direct: Vec<Direct>,
    /// `CHECKSUMS` entries by `name (version[-platform])` as written: `(algorithm, hex)` pairs.
    pub checksums: HashMap<String, Vec<(String, String)>>,
    pub bundled_with: Option<(String, u32)>,
    pub malformed: Vec<Problem>,
    /// Sections this parser does not know.
    pub unsupported: Vec<Problem>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Source,
    Platforms,
    Dependencies,
    Checksums,
    RubyVersion,
    BundledWith,
    Unknown,
}

/// `name (version)` split as Bundler splits it: name, the text in parentheses (if any), and a
/// trailing `!`.
fn name_and_parens(text: &str) -> (&str, Option<&str>, bool) {
    let (text, pinned) = match text.strip_suffix('!') {
        Some(rest) => (rest, true),
        None => (text, false),
    };
    match text.split_once(" (") {
        Some((name, rest)) => (name, Some(rest.strip_suffix(')').unwrap_or(rest)), pinned),
        None => (text, None, pinned),
    }
}

/// Splits `1.16.0-x86_64-linux` into version and platform.
pub fn split_platform(version: &str) -> (&str, Option<&str>) {
    match version.split_once('-') {
        Some((version, platform)) if !platform.is_empty() => (version, Some(platform)),
        _ => (version, None),
    }
}

pub fn parse(text: &str) -> Lockfile {
    let mut lock = Lockfile::default();
    let mut section = Section::Unknown;
    let mut in_specs = false;
    for (index, raw) in text.lines().enumerate() {
        let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.trim().is_empty() {
            continue;
        }
        let indent = raw.len() - raw.trim_start_matches(' ').len();
        let content = raw.trim();
        if indent == 0 {
            in_specs = false;
            section = match content {
                "GEM" | "GIT" | "PATH" | "PLUGIN SOURCE" => {
                    let kind = match content {
                        "GEM" => SourceKind::Gem,
                        "GIT" => SourceKind::Git,
                        "PATH" => SourceKind::Path,
                        _ => SourceKind::Plugin,
                    };
                    lock.sources.push(Source { kind, remote: None, revision: None });
                    Section::Source
                }
                "PLATFORMS" => Section::Platforms,
                "DEPENDENCIES" => Section::Dependencies,
                "CHECKSUMS" => Section::Checksums,
                "RUBY VERSION" => Section::RubyVersion,
                "BUNDLED WITH" => Section::BundledWith,
                other => {
                    lock.unsupported.push(Problem { line, message: format!("unknown section `{other}`") });
                    Section::Unknown
                }
            };
            continue;
        }
        match section {
            Section::Source => source_line(&mut lock, &mut in_specs, indent, content, line),
            Section::Dependencies if indent == 2 => {
                let (name, _, _) = name_and_parens(content);
                lock.direct.push(Direct { name: name.to_string(), line });
            }
            Section::Checksums if indent == 2 => {
                // `name (version) sha256=hex[,alg=hex]`; git and path gems have none.
                let (key, sums) = match content.find(") ") {
                    Some(at) => (&content[..=at], content[at + 2..].trim()),
                    None => (content, ""),
                };
                let sums = sums
                    .split(',')
                    .filter_map(|s| s.split_once('='))
                    .map(|(alg, hex)| (alg.to_string(), hex.to_string()))
                    .collect();
                lock.checksums.insert(key.to_string(), sums);
            }
            Section::BundledWith => lock.bundled_with = Some((content.to_string(), line)),
            Section::Platforms | Section::RubyVersion | Section::Unknown => {}
            Section::Dependencies | Section::Checksums => {
                lock.malformed
                    .push(Problem { line, message: format!("unexpected indentation: `{content}`") });
            }
        }
    }
    lock
}

fn source_line(lock: &mut Lockfile, in_specs: &mut bool, indent: usize, content: &str, line: u32) {
    let Some(source) = lock.sources.len().checked_sub(1) else { return };
    match indent {
        2 => {
            *in_specs = content == "specs:";
            if let Some((key, value)) = content.split_once(": ") {
                let entry = lock.sources.get_mut(source);
                match (key, entry) {
                    ("remote", Some(s)) if s.remote.is_none() => s.remote = Some(value.trim().to_string()),
                    ("revision", Some(s)) => s.revision = Some(value.trim().to_string()),
                    _ => {}
                }
            }
        }
        4 if *in_specs => {
            let (name, parens, _) = name_and_parens(content);
            match parens.filter(|v| !v.is_empty() && !name.is_empty() && !name.contains(' ')) {
                Some(full) => {
                    let (version, platform) = split_platform(full);
                    lock.specs.push(Spec {
                        name: name.to_string(),
                        version: version.to_string(),
                        platform: platform.map(str::to_string),
                        source,
                        line,
                        deps: Vec::new(),
                    });
                }
                None => lock
                    .malformed
                    .push(Problem { line, message: format!("spec without a version: `{content}`") }),
            }
        }
        6 if *in_specs => {
            let (name, _, _) = name_and_parens(content);
            match lock.specs.last_mut() {
                Some(spec) if spec.source == source => spec.deps.push(name.to_string()),
                _ => lock
                    .malformed
                    .push(Problem { line, message: format!("dependency outside a spec: `{content}`") }),
            }
        }
        _ => lock.malformed.push(Problem { line, message: format!("unexpected indentation: `{content}`") }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_versions_platforms() {
        assert_eq!(name_and_parens("rails (~> 7.0)!"), ("rails", Some("~> 7.0"), true));
        assert_eq!(name_and_parens("pg"), ("pg", None, false));
        assert_eq!(split_platform("1.16.0-x86_64-linux"), ("1.16.0", Some("x86_64-linux")));
        assert_eq!(split_platform("7.0.4.2"), ("7.0.4.2", None));
    }
}
