//! Package caches outside the tree (cargo's registry sources, Go's module cache, the Maven local
//! repository, NuGet's global packages folder), read-only: only the folders of packages the
//! inventory holds are walked, and their files are named with a virtual prefix
//! (`$CARGO_HOME/registry/src/...`) so a report never shows a host path and never mistakes them
//! for files of the tree. A Maven or NuGet folder is taken only when its pom or nuspec names the
//! package, and that manifest gives the package's declared licence ([`super::manifests`]).

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

use super::locate::{Declared, PackageFolder};
use super::manifests::{self, NuspecLicence};
use crate::diagnostics::Code;
use crate::model::{Diagnostic, Package, SourceKind};
use crate::scan::walk::WalkedFile;

pub const CARGO_PREFIX: &str = "$CARGO_HOME/registry/src/";
pub const GO_PREFIX: &str = "$GOMODCACHE/";
pub const MAVEN_PREFIX: &str = "~/.m2/repository/";
pub const NUGET_PREFIX: &str = "$NUGET_PACKAGES/";

/// Manifests read here are small; a larger pom or nuspec is not one worth believing.
const MANIFEST_CAP: u64 = 1 << 20;

/// How many parent poms are followed for inherited `<licenses>`: Maven chains are short
/// (artefact, project parent, organisation parent); a longer one is a loop or a mistake.
const MAX_PARENTS: usize = 8;

/// Most files read from one package folder: a crate is rarely above a few thousand; a folder
/// past this is not a package worth scanning whole.
const MAX_FILES_PER_PACKAGE: usize = 20_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheKind {
    /// `$CARGO_HOME/registry/src`: one folder per registry index, `name-version` inside.
    Cargo,
    /// `$GOMODCACHE`: `module/path@version`, upper case letters escaped as `!lower`.
    Go,
    /// `~/.m2/repository`: `group/path/artifact/version/artifact-version.pom` beside the jar.
    Maven,
    /// `~/.nuget/packages` (`$NUGET_PACKAGES`): `id/version/` in lower case, `id.nuspec` inside.
    Nuget,
}

impl CacheKind {
    /// The names `[scan] package-caches` takes.
    pub const NAMES: &[(&str, CacheKind)] = &[
        ("cargo", CacheKind::Cargo),
        ("go", CacheKind::Go),
        ("maven", CacheKind::Maven),
        ("nuget", CacheKind::Nuget),
    ];

    pub fn from_name(name: &str) -> Option<CacheKind> {
        Self::NAMES.iter().find(|(n, _)| *n == name).map(|&(_, kind)| kind)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cache {
    pub kind: CacheKind,
    pub dir: PathBuf,
}

/// The caches of this machine that exist, for `--deps` when the configuration names none.
pub fn defaults() -> Vec<Cache> {
    let home = dirs::home_dir();
    let cargo_home =
        std::env::var_os("CARGO_HOME").map(PathBuf::from).or_else(|| home.as_ref().map(|h| h.join(".cargo")));
    let go_cache = std::env::var_os("GOMODCACHE").map(PathBuf::from).or_else(|| {
        std::env::var_os("GOPATH")
            .map(|p| PathBuf::from(p).join("pkg/mod"))
            .or_else(|| home.as_ref().map(|h| h.join("go/pkg/mod")))
    });
    let mut caches = Vec::new();
    if let Some(dir) = cargo_home.map(|c| c.join("registry/src")).filter(|d| d.is_dir()) {
        caches.push(Cache { kind: CacheKind::Cargo, dir });
    }
    if let Some(dir) = go_cache.filter(|d| d.is_dir()) {
        caches.push(Cache { kind: CacheKind::Go, dir });
    }
    // Maven has no environment variable for its repository (`maven.repo.local` is a property
    // of settings.xml or the command line), NuGet has one.
    if let Some(dir) = home.as_ref().map(|h| h.join(".m2/repository")).filter(|d| d.is_dir()) {
        caches.push(Cache { kind: CacheKind::Maven, dir });
    }
    let nuget = std::env::var_os("NUGET_PACKAGES")
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|h| h.join(".nuget/packages")));
    if let Some(dir) = nuget.filter(|d| d.is_dir()) {
        caches.push(Cache { kind: CacheKind::Nuget, dir });
    }
    caches
}

/// What the caches hold of the inventory: the files, under their virtual names; the folders the
/// caches themselves establish (Go's `module@version`, a Maven or NuGet folder whose manifest
/// names the package, with the licence that manifest declares); and why a manifest was not
/// believed.
#[derive(Debug, Default)]
pub struct Cached {
    pub files: Vec<WalkedFile>,
    pub folders: Vec<PackageFolder>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The files of every inventory package found in `caches`, under their virtual names.
pub fn files(packages: &[Package], caches: &[Cache]) -> Cached {
    let mut out = Cached::default();
    for cache in caches {
        match cache.kind {
            CacheKind::Cargo => cargo(packages, &cache.dir, &mut out.files),
            CacheKind::Go => go(packages, &cache.dir, &mut out),
            CacheKind::Maven => maven(packages, &cache.dir, &mut out),
            CacheKind::Nuget => nuget(packages, &cache.dir, &mut out),
        }
    }
    out.files.sort_by(|a, b| a.rel.cmp(&b.rel));
    out.files.dedup_by(|a, b| a.rel == b.rel);
    out
}

fn cargo(packages: &[Package], cache: &Path, out: &mut Vec<WalkedFile>) {
    let Ok(indexes) = std::fs::read_dir(cache) else { return };
    let indexes: Vec<PathBuf> =
        indexes.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect();
    for package in packages.iter().filter(|p| p.ecosystem == "cargo") {
        let from_registry = package.source.as_ref().is_some_and(|s| s.kind == SourceKind::Registry);
        let Some(version) = package.version.as_deref().filter(|_| from_registry) else { continue };
        let folder = format!("{}-{version}", package.name);
        // The first index that has it: a crate's sources are the same bytes in every mirror.
        if let Some(index) = indexes.iter().find(|i| i.join(&folder).join("Cargo.toml").is_file()) {
            let index_name = index.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            walk_folder(&index.join(&folder), &format!("{CARGO_PREFIX}{index_name}/{folder}"), out);
        }
    }
}

fn go(packages: &[Package], cache: &Path, out: &mut Cached) {
    for package in packages.iter().filter(|p| p.ecosystem == "golang") {
        let (Some(purl), Some(version)) = (package.purl.as_deref(), package.version.as_deref()) else {
            continue;
        };
        let Ok(parsed) = purl.parse::<packageurl::PackageUrl<'_>>() else { continue };
        let module = match parsed.namespace() {
            Some(ns) => format!("{ns}/{}", parsed.name()),
            None => parsed.name().to_string(),
        };
        let folder = format!("{}@{}", escape_go(&module), escape_go(version));
        // The module path comes from a lockfile: never let it climb out of the cache.
        if folder.split('/').any(|part| part == ".." || part.is_empty()) {
            continue;
        }
        let dir = cache.join(&folder);
        if dir.is_dir() {
            let prefix = format!("{GO_PREFIX}{folder}");
            walk_folder(&dir, &prefix, &mut out.files);
            // The folder's name is the module path and version go.sum verified: it is the
            // package's, with no manifest of its own to ask.
            out.folders.push(PackageFolder::new(package.id.clone(), &prefix));
        }
    }
}

/// Path parts that come from a lockfile and become folder names: none may climb out of the
/// cache or name its root.
fn safe_parts(parts: &[&str]) -> bool {
    parts.iter().all(|p| !p.is_empty() && *p != "." && *p != ".." && !p.contains(['/', '\\', ':']))
}

/// The group, artifact and version of a maven package, from its purl.
fn maven_coordinates(package: &Package) -> Option<manifests::Coordinates> {
    let purl: packageurl::PackageUrl<'_> = package.purl.as_deref()?.parse().ok()?;
    (purl.ty() == "maven").then_some(())?;
    Some(manifests::Coordinates {
        group: purl.namespace()?.to_string(),
        artifact: purl.name().to_string(),
        version: package.version.clone()?,
    })
}

/// `group/path/artifact/version`, when every part is a safe name.
fn maven_location(c: &manifests::Coordinates) -> Option<String> {
    let mut parts: Vec<&str> = c.group.split('.').collect();
    parts.push(&c.artifact);
    parts.push(&c.version);
    safe_parts(&parts).then(|| parts.join("/"))
}

/// The file name of the pom in a version folder: `artifact-version.pom`, or for a snapshot the
/// resolver fetched from a remote repository, the newest timestamped one
/// (`artifact-1.0-20240719.210052-1.pom`; a snapshot installed locally keeps the plain name).
fn maven_pom(dir: &Path, c: &manifests::Coordinates) -> Option<String> {
    let plain = format!("{}-{}.pom", c.artifact, c.version);
    if dir.join(&plain).is_file() {
        return Some(plain);
    }
    let lead = format!("{}-{}-", c.artifact, c.version.strip_suffix("-SNAPSHOT")?);
    let stamp = |name: &str| -> Option<(String, u64)> {
        let (time, build) = name.strip_prefix(&lead)?.strip_suffix(".pom")?.split_once('-')?;
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let (day, clock) = time.split_once('.')?;
        (day.len() == 8 && clock.len() == 6 && digits(day) && digits(clock))
            .then(|| Some((time.to_string(), build.parse().ok()?)))
            .flatten()
    };
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter_map(|name| Some((stamp(&name)?, name)))
        .max()
        .map(|(_, name)| name)
}

fn maven(packages: &[Package], repo: &Path, out: &mut Cached) {
    for package in packages.iter().filter(|p| p.ecosystem == "maven") {
        let Some(wanted) = maven_coordinates(package) else { continue };
        let Some(rel) = maven_location(&wanted) else { continue };
        let dir = repo.join(&rel);
        let Some(pom_name) = maven_pom(&dir, &wanted) else { continue };
        let pom_path = dir.join(&pom_name);
        let prefix = format!("{MAVEN_PREFIX}{rel}");
        let shown = format!("{prefix}/{pom_name}");
        let declared = match read_text(&pom_path).and_then(|text| manifests::read_pom(&text)) {
            Ok(pom) if pom.coordinates != wanted => {
                out.diagnostics.push(malformed(
                    package,
                    &shown,
                    &format!(
                        "it is the pom of {}, so the folder is not taken as the package's",
                        pom.coordinates
                    ),
                ));
                continue;
            }
            Ok(pom) => inherited_licences(repo, &pom, &shown),
            // The folder is the package's by its path (group, artifact and version), as Go's is:
            // its files are still its evidence, only the declaration is lost.
            Err(why) => {
                out.diagnostics.push(malformed(package, &shown, &why));
                None
            }
        };
        walk_folder(&dir, &prefix, &mut out.files);
        let mut folder = PackageFolder::new(package.id.clone(), &prefix);
        folder.declared = declared.map(Declared::Licence);
        out.folders.push(folder);
    }
}

/// The `<licenses>` of the pom, or of the nearest parent pom in the repository that has some,
/// as Maven's inheritance gives them; the declaration's path is the pom that states it.
fn inherited_licences(
    repo: &Path,
    pom: &manifests::Pom,
    shown: &str,
) -> Option<crate::model::DeclaredLicense> {
    if let Some(declared) = manifests::pom_declared(&pom.licenses, shown) {
        return Some(declared);
    }
    let mut parent = pom.parent.clone();
    for _ in 0..MAX_PARENTS {
        let coordinates = parent.take()?;
        let rel = maven_location(&coordinates)?;
        let name = maven_pom(&repo.join(&rel), &coordinates)?;
        let text = read_text(&repo.join(&rel).join(&name)).ok()?;
        let pom = manifests::read_pom(&text).ok()?;
        let shown = format!("{MAVEN_PREFIX}{rel}/{name}");
        if let Some(declared) = manifests::pom_declared(&pom.licenses, &shown) {
            return Some(declared);
        }
        parent = pom.parent;
    }
    None
}

fn nuget(packages: &[Package], root: &Path, out: &mut Cached) {
    for package in packages.iter().filter(|p| p.ecosystem == "nuget") {
        let Some(version) = package.version.as_deref() else { continue };
        // The global packages folder lower-cases ids and versions, the version normalised.
        let id = package.name.to_ascii_lowercase();
        let version = manifests::nuget_version(version);
        if !safe_parts(&[id.as_str(), version.as_str()]) {
            continue;
        }
        let dir = root.join(&id).join(&version);
        let nuspec_name = format!("{id}.nuspec");
        let nuspec_path = dir.join(&nuspec_name);
        if !nuspec_path.is_file() {
            continue;
        }
        let prefix = format!("{NUGET_PREFIX}{id}/{version}");
        let shown = format!("{prefix}/{nuspec_name}");
        let declared = match read_text(&nuspec_path).and_then(|text| manifests::read_nuspec(&text)) {
            Ok(nuspec)
                if !nuspec.id.eq_ignore_ascii_case(&package.name)
                    || manifests::nuget_version(&nuspec.version) != version =>
            {
                let why = format!(
                    "it is the nuspec of {} {}, so the folder is not taken as the package's",
                    nuspec.id, nuspec.version
                );
                out.diagnostics.push(malformed(package, &shown, &why));
                continue;
            }
            Ok(nuspec) => match manifests::nuspec_declared(&nuspec, &shown) {
                Some(NuspecLicence::Declared(declared)) => Some(Declared::Licence(declared)),
                Some(NuspecLicence::File(file)) => Some(Declared::File { manifest: shown.clone(), file }),
                None => None,
            },
            Err(why) => {
                out.diagnostics.push(malformed(package, &shown, &why));
                None
            }
        };
        walk_folder(&dir, &prefix, &mut out.files);
        let mut folder = PackageFolder::new(package.id.clone(), &prefix);
        folder.declared = declared;
        out.folders.push(folder);
    }
}

fn read_text(path: &Path) -> Result<String, String> {
    let bytes = crate::files::read_capped(path, MANIFEST_CAP).map_err(|e| format!("cannot be read: {e}"))?;
    String::from_utf8(bytes).map_err(|_| "is not UTF-8".to_string())
}

fn malformed(package: &Package, shown: &str, why: &str) -> Diagnostic {
    let mut diag = Diagnostic::of(
        Code::PackageManifestMalformed,
        format!("{}: {shown}: {why}; its declared licence is not read from it", package.id),
    );
    diag.path = Some(shown.to_string());
    diag
}

/// Go's module cache escapes each upper-case letter as `!` and its lower case.
fn escape_go(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_ascii_uppercase() {
            out.push('!');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Every regular file below `dir` (no symlinks followed, no ignore rules: a package's own
/// `.gitignore` says nothing about what was published), named `prefix/<relative path>`.
fn walk_folder(dir: &Path, prefix: &str, out: &mut Vec<WalkedFile>) {
    let walker = WalkBuilder::new(dir).standard_filters(false).follow_links(false).build();
    for entry in walker.filter_map(Result::ok).take(MAX_FILES_PER_PACKAGE) {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else { continue };
        let Some(rel) = rel.to_str() else { continue };
        out.push(WalkedFile {
            rel: format!("{prefix}/{}", rel.replace('\\', "/")),
            abs: entry.path().to_path_buf(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lockfile_names_never_climb_out_of_a_cache() {
        let c = |group: &str, artifact: &str, version: &str| manifests::Coordinates {
            group: group.into(),
            artifact: artifact.into(),
            version: version.into(),
        };
        assert_eq!(
            maven_location(&c("org.slf4j", "slf4j-api", "1.7.36")).as_deref(),
            Some("org/slf4j/slf4j-api/1.7.36")
        );
        assert_eq!(maven_location(&c("org..evil", "a", "1")), None);
        assert_eq!(maven_location(&c("org", "..", "1")), None);
        assert_eq!(maven_location(&c("org", "a", "../../etc")), None);
        assert!(!safe_parts(&["..", "1.0.0"]));
        assert!(!safe_parts(&["a\\b", "1.0.0"]));
        assert!(safe_parts(&["newtonsoft.json", "13.0.3"]));
    }

    #[test]
    fn a_remote_snapshot_is_read_from_its_newest_timestamped_pom() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        for name in [
            "api-0.0.1-20240719.210052-1.pom",
            "api-0.0.1-20240720.090000-10.pom",
            "api-0.0.1-20240720.090000-9.pom",
            "api-0.0.1-20240721.jar",
            "maven-metadata-central.xml",
        ] {
            std::fs::write(dir.path().join(name), "<project/>").expect("writing a fixture file");
        }
        let c = |version: &str| manifests::Coordinates {
            group: "cl.acme".into(),
            artifact: "api".into(),
            version: version.into(),
        };
        assert_eq!(
            maven_pom(dir.path(), &c("0.0.1-SNAPSHOT")).as_deref(),
            Some("api-0.0.1-20240720.090000-10.pom")
        );
        assert_eq!(maven_pom(dir.path(), &c("0.0.1")), None, "a release never takes a snapshot's pom");
        std::fs::write(dir.path().join("api-0.0.1-SNAPSHOT.pom"), "<project/>").expect("writing");
        assert_eq!(maven_pom(dir.path(), &c("0.0.1-SNAPSHOT")).as_deref(), Some("api-0.0.1-SNAPSHOT.pom"));
    }

    #[test]
    fn go_cache_paths_escape_upper_case() {
        assert_eq!(escape_go("github.com/BurntSushi/toml"), "github.com/!burnt!sushi/toml");
        assert_eq!(escape_go("v1.2.3"), "v1.2.3");
    }
}
