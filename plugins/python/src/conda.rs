//! conda: `environment.yml` (an environment's specification or `conda env export`) and
//! `conda-lock.yml` (conda-lock's unified lockfile, version 1).
//!
//! conda packages are `pkg:conda/<name>@<version>` with the purl spec's `build`, `channel` and
//! `subdir` qualifiers where the file gives them; pip packages of either file are `pkg:pypi`.
//!
//! - `environment.yml`: every conda match spec (`name`, `name=1.2`, `name=1.2=build`,
//!   `name==1.2`, `name>=1.2`, `channel::name`, `name 1.2 build`) and every line of the `pip:`
//!   sub-list is a direct runtime package. `=V`/`==V`/`=V=B` give the version `V` (conda's `=V`
//!   is a fuzzy pin, kept as written); other specifiers are kept in `version` with no version
//!   in the purl. `Complete` when every conda spec pins a build (`conda env export`) and every
//!   pip line is `==`; `DirectOnly` otherwise. Beside a `conda-lock.yml` it is read only to mark
//!   the lock's direct packages.
//! - `conda-lock.yml`: one package per (name, version, build) and platform (`subdir`); a pip
//!   wheel locked for several platforms is one package. Edges from `dependencies` within the
//!   same platform and manager (virtual packages such as `__glibc` are not packages). Scope from
//!   `category` (`main` runtime, `dev` development), `optional` as written, md5 and sha256 hashes.

use std::collections::{BTreeMap, BTreeSet};

use ospo_plugin_sdk::{
    Completeness, DependencyScope, Diagnostic, Hash, HashAlgorithm, Level, PackageSource, ParseOutput,
};
use serde::Deserialize;
use serde_yaml_ng::Value;

use crate::doc::LineFinder;
use crate::model::{self, Dep, Entry};
use crate::{names, siblings};

/// A conda match spec, split.
#[derive(Debug, PartialEq, Eq)]
struct Spec {
    channel: Option<String>,
    name: String,
    version: Option<String>,
    range: Option<String>,
    build: Option<String>,
}

fn parse_spec(text: &str) -> Option<Spec> {
    let text = text.trim();
    let (channel, rest) = match text.split_once("::") {
        Some((channel, rest)) => (Some(channel.trim().to_string()), rest.trim()),
        None => (None, text),
    };
    // `name[version='>=1.0',build=...]`: the bracket's keys stand for the spec.
    let (rest, bracket) = match rest.split_once('[') {
        Some((head, tail)) => (head.trim(), tail.strip_suffix(']')),
        None => (rest, None),
    };
    let end = rest.find([' ', '=', '<', '>', '!', '~']).unwrap_or(rest.len());
    let name = rest[..end].trim();
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    {
        return None;
    }
    let tail = rest[end..].trim();
    let mut spec = Spec { channel, name: name.to_string(), version: None, range: None, build: None };
    if let Some(exact) = tail.strip_prefix("==") {
        spec.version = Some(exact.trim().to_string()).filter(|v| !v.is_empty());
    } else if let Some(pin) = tail.strip_prefix('=') {
        let (version, build) = match pin.split_once('=') {
            Some((v, b)) => (v, Some(b)),
            None => (pin, None),
        };
        set_version(&mut spec, version.trim());
        spec.build = build.map(str::trim).filter(|b| !b.is_empty()).map(str::to_string);
    } else if !tail.is_empty() && !tail.starts_with(['<', '>', '!', '~']) {
        // `name 1.2.3 build_0`
        let mut words = tail.split_whitespace();
        set_version(&mut spec, words.next().unwrap_or(""));
        spec.build = words.next().map(str::to_string);
    } else if !tail.is_empty() {
        spec.range = Some(tail.split_whitespace().collect());
    }
    if let Some(bracket) = bracket {
        for item in bracket.split(',') {
            let Some((key, value)) = item.split_once('=') else { continue };
            let value = value.trim().trim_matches(['\'', '"']);
            match key.trim() {
                "version" => set_version(&mut spec, value),
                "build" => spec.build = Some(value.to_string()),
                _ => {}
            }
        }
    }
    Some(spec)
}

/// A version without operators or wildcards is the version; anything else a range.
fn set_version(spec: &mut Spec, version: &str) {
    if version.is_empty() {
        return;
    }
    if version.contains(['*', '<', '>', '|', ',', '!', '~']) || version.starts_with('=') {
        spec.range = Some(version.to_string());
    } else {
        spec.version = Some(version.to_string());
    }
}

pub fn parse_environment(path: &str, text: &str, out: &mut ParseOutput) {
    if let Some(lock) = siblings::conda_lock_beside(path) {
        ospo_plugin_sdk::host::log(Level::Info, &format!("{path}: read with its lockfile {lock}"));
        return;
    }
    let doc: Value = match serde_yaml_ng::from_str(text) {
        Ok(doc) => doc,
        Err(error) => {
            out.diagnostics.push(yaml_error(path, "environment.yml", &error));
            model::emit(path, "conda", "conda environment.yml", Completeness::DirectOnly, Vec::new(), out);
            return;
        }
    };
    let mut finder = LineFinder::new(text);
    let dir = names::parent(path);
    let mut entries = Vec::new();
    let mut complete = true;
    for item in doc.get("dependencies").and_then(Value::as_sequence).into_iter().flatten() {
        if let Some(spec_text) = item.as_str() {
            let line = finder.next(spec_text);
            let Some(spec) = parse_spec(spec_text) else {
                out.diagnostics.push(
                    Diagnostic::new(
                        "manifest-malformed",
                        Level::Error,
                        format!("environment.yml: {spec_text:?} is not a conda package spec"),
                    )
                    .at(path, line),
                );
                continue;
            };
            complete &= spec.version.is_some() && spec.build.is_some();
            entries.push(conda_entry(spec, path, line));
        } else if let Some(pip) = item.get("pip").and_then(Value::as_sequence) {
            for line_text in pip.iter().filter_map(Value::as_str) {
                let line = finder.next(line_text);
                if line_text.trim_start().starts_with('-') && !line_text.trim_start().starts_with("-e") {
                    // pip options (`-r file`, `--index-url`) list no package here.
                    continue;
                }
                match crate::requirements::single(line_text, dir) {
                    Some((mut entry, pinned)) => {
                        complete &= pinned;
                        entry.path = path.to_string();
                        entry.line = line;
                        entry.direct = Some(true);
                        entries.push(entry);
                    }
                    None => out.diagnostics.push(
                        Diagnostic::new(
                            "manifest-malformed",
                            Level::Error,
                            format!("environment.yml: {line_text:?} is not a pip requirement"),
                        )
                        .at(path, line),
                    ),
                }
            }
        }
    }
    let completeness =
        if complete && !entries.is_empty() { Completeness::Complete } else { Completeness::DirectOnly };
    model::emit(path, "conda", "conda environment.yml", completeness, entries, out);
}

fn conda_entry(spec: Spec, path: &str, line: Option<u32>) -> Entry {
    let mut entry = Entry::new("conda", &spec.name, spec.version.as_deref(), path, line);
    entry.range = spec.range;
    if let Some(build) = spec.build {
        entry.qualifiers.push(("build".into(), build));
    }
    if let Some(channel) = spec.channel {
        entry.source = Some(PackageSource::registry(&channel));
        entry.qualifiers.push(("channel".into(), channel));
    }
    entry.direct = Some(true);
    entry
}

fn yaml_error(path: &str, what: &str, error: &serde_yaml_ng::Error) -> Diagnostic {
    let line = error.location().and_then(|l| u32::try_from(l.line()).ok());
    Diagnostic::new("manifest-malformed", Level::Error, format!("{what}: {error}")).at(path, line)
}

#[derive(Deserialize)]
struct RawLock {
    version: Option<i64>,
    metadata: Option<RawMetadata>,
    #[serde(default)]
    package: Vec<RawPackage>,
}

#[derive(Deserialize, Default)]
struct RawMetadata {
    #[serde(default)]
    sources: Vec<String>,
}

#[derive(Deserialize)]
struct RawPackage {
    name: String,
    version: String,
    #[serde(default = "conda_manager")]
    manager: String,
    #[serde(default)]
    platform: String,
    #[serde(default)]
    dependencies: BTreeMap<String, Value>,
    url: Option<String>,
    #[serde(default)]
    hash: BTreeMap<String, String>,
    category: Option<String>,
    #[serde(default)]
    optional: bool,
}

fn conda_manager() -> String {
    "conda".to_string()
}

pub fn parse_lock(path: &str, text: &str, out: &mut ParseOutput) {
    let (lock, packages) = match serde_yaml_ng::from_str::<RawLock>(text) {
        Ok(mut lock) => {
            let packages = std::mem::take(&mut lock.package);
            (Some(lock), packages)
        }
        Err(error) => {
            out.diagnostics.push(yaml_error(path, "conda-lock.yml", &error));
            (None, salvage(text))
        }
    };
    let version = lock.as_ref().and_then(|l| l.version);
    if lock.is_some() && version != Some(1) {
        let seen = version.map_or("(none)".to_string(), |v| v.to_string());
        out.diagnostics.push(crate::unsupported(path, None, "conda-lock.yml", &seen, "1"));
    }
    let dir = names::parent(path);
    let sources = lock.and_then(|l| l.metadata).map(|m| m.sources).unwrap_or_default();
    let direct = direct_names(dir, &sources);
    let mut finder = LineFinder::new(text);
    let mut entries = Vec::with_capacity(packages.len());
    for package in packages {
        let line = finder.next(&format!("name: {}", package.name));
        let conda = package.manager == "conda";
        let ecosystem = if conda { "conda" } else { "pypi" };
        let mut entry = Entry::new(ecosystem, &package.name, Some(&package.version), path, line);
        entry.partition = Some(format!("{}/{}", package.manager, package.platform));
        if let Some(url) = &package.url {
            if conda {
                conda_url(&mut entry, url, &package);
            } else {
                entry.source = Some(PackageSource::url(url));
            }
        }
        for (algorithm, value) in &package.hash {
            if let Some(algorithm) = HashAlgorithm::parse(algorithm)
                && !value.is_empty()
                && value.bytes().all(|b| b.is_ascii_hexdigit())
            {
                entry.hashes.push(Hash::new(algorithm, value));
            }
        }
        entry.scope = Some(match package.category.as_deref() {
            None | Some("main") => DependencyScope::Runtime,
            Some(other) => model::group_scope(other),
        });
        entry.optional = package.optional;
        entry.deps =
            package.dependencies.keys().filter(|d| !d.starts_with("__")).map(|d| Dep::new(d)).collect();
        if let Some(direct) = &direct {
            let key = if conda { package.name.to_ascii_lowercase() } else { names::normalize(&package.name) };
            entry.direct = Some(direct.contains(&key));
        }
        entries.push(entry);
    }
    let format = format!("conda-lock.yml v{}", version.unwrap_or(1));
    model::emit(path, "conda", &format, Completeness::Complete, entries, out);
}

/// Reads what can be read of a lock that does not parse whole: each `- name:` item alone.
fn salvage(text: &str) -> Vec<RawPackage> {
    let Some(start) = text.find("\npackage:") else { return Vec::new() };
    let body = &text[start + 9..];
    let mut items: Vec<&str> = Vec::new();
    let mut from = None;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        if line.starts_with("- ") {
            if let Some(at) = from {
                items.push(&body[at..offset]);
            }
            from = Some(offset);
        }
        offset += line.len();
    }
    if let Some(at) = from {
        items.push(&body[at..]);
    }
    items
        .into_iter()
        .filter_map(|item| serde_yaml_ng::from_str::<Vec<RawPackage>>(item).ok())
        .flatten()
        .collect()
}

/// conda's purl qualifiers from the package URL: `.../<channel>/<subdir>/<name>-<version>-<build>.conda`.
fn conda_url(entry: &mut Entry, url: &str, package: &RawPackage) {
    let file = names::file_name(url);
    let stem = file.strip_suffix(".conda").or_else(|| file.strip_suffix(".tar.bz2"));
    let prefix = format!("{}-{}-", package.name, package.version);
    if let Some(build) = stem.and_then(|s| s.strip_prefix(&prefix)) {
        entry.qualifiers.push(("build".into(), build.to_string()));
    }
    let parent = names::parent(url);
    let channel_url = names::parent(parent);
    let channel = names::file_name(channel_url);
    if !channel.is_empty() && !channel_url.ends_with(':') {
        entry.qualifiers.push(("channel".into(), channel.to_string()));
        entry.source = Some(PackageSource::registry(channel_url));
    } else {
        entry.source = Some(PackageSource::url(url));
    }
    if !package.platform.is_empty() {
        entry.qualifiers.push(("subdir".into(), package.platform.clone()));
    }
}

/// The names the environment files a lock was made from declare (conda names lower-cased,
/// pip names normalised), when one of them can be read.
fn direct_names(dir: &str, sources: &[String]) -> Option<BTreeSet<String>> {
    let mut found = None;
    for source in sources.iter().filter(|s| s.ends_with(".yml") || s.ends_with(".yaml")) {
        let Some(path) = names::join(dir, source) else { continue };
        let Some(text) = siblings::read_text(&path) else { continue };
        let Ok(doc) = serde_yaml_ng::from_str::<Value>(&text) else { continue };
        let set = found.get_or_insert_with(BTreeSet::new);
        for item in doc.get("dependencies").and_then(Value::as_sequence).into_iter().flatten() {
            if let Some(spec) = item.as_str().and_then(parse_spec) {
                set.insert(spec.name.to_ascii_lowercase());
            } else if let Some(pip) = item.get("pip").and_then(Value::as_sequence) {
                for req in pip.iter().filter_map(Value::as_str).filter_map(crate::pep508::parse) {
                    set.insert(names::normalize(&req.name));
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(text: &str) -> (String, Option<String>, Option<String>, Option<String>, Option<String>) {
        let s = parse_spec(text).expect("a spec");
        (s.name, s.version, s.range, s.build, s.channel)
    }

    #[test]
    fn match_specs() {
        let none = None::<String>;
        assert_eq!(spec("numpy"), ("numpy".into(), none.clone(), none.clone(), none.clone(), none.clone()));
        assert_eq!(spec("python=3.11.5").1.as_deref(), Some("3.11.5"));
        assert_eq!(spec("bzip2=1.0.8=h5eee18b_6").3.as_deref(), Some("h5eee18b_6"));
        assert_eq!(spec("pip>=21.3.2").2.as_deref(), Some(">=21.3.2"));
        assert_eq!(spec("python=3.11.*").2.as_deref(), Some("3.11.*"));
        assert_eq!(spec("conda-forge::ncurses").4.as_deref(), Some("conda-forge"));
        assert_eq!(spec("pytorch::pytorch>=2.1.1").2.as_deref(), Some(">=2.1.1"));
        assert_eq!(spec("numpy 1.26.4 py311_0").3.as_deref(), Some("py311_0"));
        assert_eq!(spec("numpy==1.26.4").1.as_deref(), Some("1.26.4"));
        assert_eq!(spec("numpy[version='>=1.20']").2.as_deref(), Some(">=1.20"));
        assert_eq!(parse_spec("=1.0"), None);
    }
}
