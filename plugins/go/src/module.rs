//! What every Go file shares: module purls, version order, `replace` targets and paths
//! relative to the scan root.

use std::cmp::Ordering;

use ospo_plugin_sdk::{Diagnostic, Level, Package, PackageSource, SourceKind};

use crate::ECOSYSTEM;

/// `pkg:golang/<namespace>/<name>[@version]`: the module path split at its last `/`, as the
/// purl spec's golang type says (`github.com/cespare/xxhash/v2` is namespace
/// `github.com/cespare/xxhash`, name `v2`).
pub fn purl(path: &str, version: Option<&str>) -> Result<String, String> {
    let (namespace, name) = match path.rsplit_once('/') {
        Some((namespace, name)) => (Some(namespace), name),
        None => (None, path),
    };
    if name.is_empty() {
        return Err(format!("`{path}` is not a module path"));
    }
    ospo_plugin_sdk::purl::purl(ECOSYSTEM, namespace, name, version)
}

/// A module package: purl id, the module path as its name, a registry source (GOPROXY decides
/// which, so no URL), or `None` with a diagnostic when no purl can hold the path.
pub fn package(
    path: &str,
    version: Option<&str>,
    file: &str,
    line: u32,
    out: &mut Vec<Diagnostic>,
) -> Option<Package> {
    match purl(path, version) {
        Ok(purl) => Some(
            Package::new(ECOSYSTEM, path, version)
                .purl(&purl)
                .source(PackageSource::new(SourceKind::Registry, None))
                .location(file, Some(line)),
        ),
        Err(error) => {
            out.push(
                Diagnostic::new("manifest-malformed", Level::Error, format!("module `{path}`: {error}"))
                    .at(file, Some(line)),
            );
            None
        }
    }
}

/// The module at a local directory: no version (the code there is what builds), its path as
/// the source.
pub fn local_package(
    path: &str,
    dir: &str,
    file: &str,
    line: u32,
    out: &mut Vec<Diagnostic>,
) -> Option<Package> {
    package(path, None, file, line, out).map(|p| p.source(PackageSource::path(dir)))
}

/// Where a `replace` sends a module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Another module at a version.
    Module { path: String, version: String },
    /// A directory, as written (relative to the go.mod's directory).
    Dir(String),
}

impl Target {
    /// `=> new [version]`: a directory when it starts with `./`, `../` or `/` (Go's rule), a
    /// module otherwise, which needs a version.
    pub fn parse(args: &[String]) -> Option<Target> {
        match args {
            [dir] if is_local(dir) => Some(Target::Dir(dir.clone())),
            [path, version] if !is_local(path) => {
                Some(Target::Module { path: path.clone(), version: version.clone() })
            }
            _ => None,
        }
    }
}

/// Go's test for a directory replacement: `./`, `../`, `/` or a Windows drive or UNC path.
fn is_local(path: &str) -> bool {
    path.starts_with("./")
        || path.starts_with("../")
        || path.starts_with('/')
        || path.starts_with(".\\")
        || path.starts_with("..\\")
        || path.starts_with('\\')
        || path == "."
        || path == ".."
        || path.as_bytes().get(1) == Some(&b':')
}

/// One `replace` line: the module (and version, when only that version is replaced).
#[derive(Debug, Clone)]
pub struct Replace {
    pub path: String,
    pub version: Option<String>,
    pub target: Target,
    pub line: u32,
}

/// The replacement applying to `path@version`: one naming that version wins over one for every
/// version, as in Go.
pub fn replacement<'a>(replaces: &'a [Replace], path: &str, version: &str) -> Option<&'a Replace> {
    replaces
        .iter()
        .find(|r| r.path == path && r.version.as_deref() == Some(version))
        .or_else(|| replaces.iter().find(|r| r.path == path && r.version.is_none()))
}

/// `replace old [v] => new [v]` arguments into a [`Replace`].
pub fn parse_replace(args: &[String], line: u32) -> Result<Replace, String> {
    let arrow = args.iter().position(|a| a == "=>").ok_or("a replace needs `=>`")?;
    let (old, new) = (&args[..arrow], &args[arrow + 1..]);
    let (path, version) = match old {
        [path] => (path.clone(), None),
        [path, version] => (path.clone(), Some(version.clone())),
        _ => return Err("a replace names one module, and optionally its version, before `=>`".to_string()),
    };
    let target = Target::parse(new).ok_or("a replace target is a directory or a module with a version")?;
    Ok(Replace { path, version, target, line })
}

/// Orders module versions as Go does for the semver ones (`v` dropped; pseudo-versions are
/// pre-releases; `+incompatible` ignored), text order for anything else.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    let parse = |v: &str| {
        let bare = v.strip_prefix('v').unwrap_or(v);
        let bare = bare.split('+').next().unwrap_or(bare);
        semver::Version::parse(bare).ok()
    };
    match (parse(a), parse(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Greater,
        (None, Some(_)) => Ordering::Less,
        (None, None) => a.cmp(b),
    }
}

/// A `go` directive's language version as (major, minor): `1.21`, `1.21.0`, `1.21rc1`.
pub fn go_version(version: &str) -> Option<(u32, u32)> {
    let mut parts = version.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor: String = parts.next().unwrap_or("0").chars().take_while(char::is_ascii_digit).collect();
    Some((major, minor.parse().ok()?))
}

/// Whether a go.mod at `version` lists every module of the build (go 1.17's pruned graphs).
pub fn lists_whole_build(version: Option<&str>) -> bool {
    version.and_then(go_version).is_some_and(|v| v >= (1, 17))
}

/// The directory of `path` (`""` at the root).
pub fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// `dir/rel` with `.` and `..` resolved; `None` when it leaves the scan root or is absolute.
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

/// A directory as a source path: `.` for the root; a directory outside the root as written.
pub fn shown_dir(dir: &str, rel: &str) -> String {
    match join(dir, rel) {
        Some(joined) if joined.is_empty() => ".".to_string(),
        Some(joined) => joined,
        None => rel.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purls_split_the_module_path_at_its_last_slash() {
        assert_eq!(
            purl("github.com/cespare/xxhash/v2", Some("v2.3.0")).as_deref(),
            Ok("pkg:golang/github.com/cespare/xxhash/v2@v2.3.0")
        );
        assert_eq!(
            purl("gopkg.in/yaml.v2", Some("v2.2.2")).as_deref(),
            Ok("pkg:golang/gopkg.in/yaml.v2@v2.2.2")
        );
        assert_eq!(
            purl("github.com/Azure/go-autorest", Some("v11.2.8+incompatible")).as_deref(),
            Ok("pkg:golang/github.com/azure/go-autorest@v11.2.8%2Bincompatible")
        );
        assert_eq!(purl("rsc.io", None).as_deref(), Ok("pkg:golang/rsc.io"));
        assert!(purl("example.com/", None).is_err());
    }

    #[test]
    fn versions_order_as_mvs_does() {
        assert_eq!(compare_versions("v1.10.0", "v1.9.0"), Ordering::Greater);
        assert_eq!(
            compare_versions("v0.0.0-20190311183353-d8887717615a", "v0.0.0-20181220203305-927f97764cc3"),
            Ordering::Greater
        );
        assert_eq!(compare_versions("v1.2.0", "v1.2.0-pre"), Ordering::Greater);
        assert_eq!(compare_versions("v23.2.0+incompatible", "v11.0.0+incompatible"), Ordering::Greater);
    }

    #[test]
    fn go_versions_and_pruning() {
        assert_eq!(go_version("1.24.0"), Some((1, 24)));
        assert_eq!(go_version("1.21rc1"), Some((1, 21)));
        assert!(lists_whole_build(Some("1.17")));
        assert!(!lists_whole_build(Some("1.16")));
        assert!(!lists_whole_build(None));
        assert!(!lists_whole_build(Some("banana")));
    }

    #[test]
    fn replace_targets() {
        let args = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
        let r = parse_replace(&args("k8s.io/klog => github.com/simonpasquier/klog-gokit v0.1.0"), 3)
            .expect("valid");
        assert_eq!(
            r.target,
            Target::Module { path: "github.com/simonpasquier/klog-gokit".into(), version: "v0.1.0".into() }
        );
        let local = parse_replace(&args("example.com/a v1.0.0 => ../a"), 4).expect("valid");
        assert_eq!((local.version.as_deref(), local.target), (Some("v1.0.0"), Target::Dir("../a".into())));
        assert!(parse_replace(&args("a => b"), 5).is_err(), "a module target needs a version");
        assert!(parse_replace(&args("a b c => ./d"), 5).is_err());
        assert_eq!(join("app/sub", "../../lib").as_deref(), Some("lib"));
        assert_eq!(join("app", "../../x"), None);
        assert_eq!(shown_dir("", "./"), ".");
    }
}
