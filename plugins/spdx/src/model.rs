//! The document model every SPDX format is written from: one pass over the scan result.

use std::collections::{BTreeMap, BTreeSet};

use ospo_plugin_sdk::{DependencyScope, HashAlgorithm, ScanResult, SourceKind, Strength, expression};
use sha2::{Digest, Sha256};

use crate::Config;

/// The SPDX version being written (ids and licence texts differ slightly).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// 2.3.
    V2_3,
    /// 3.0.1.
    V3_0_1,
}

/// What a package is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// The scanned project.
    Application,
    /// A dependency.
    Library,
}

/// One package.
#[derive(Debug, Clone)]
pub struct Pkg {
    /// Local id, without the `SPDXRef-` prefix (`Package-serde-1.0.200-1a2b3c4d`).
    pub local: String,
    pub name: String,
    pub version: Option<String>,
    /// Where it can be downloaded from, when the scan knows.
    pub download: Option<String>,
    pub checksums: Vec<(HashAlgorithm, String)>,
    /// Valid SPDX expressions (`NOASSERTION` is `None`).
    pub declared: Option<String>,
    pub concluded: Option<String>,
    /// The licence found in the package's files.
    pub detected: Option<String>,
    pub copyrights: Vec<String>,
    pub purl: Option<String>,
    pub supplier: Option<String>,
    pub homepage: Option<String>,
    pub purpose: Purpose,
    /// The scan's scope of the package, for the comment and the round trip.
    pub scope: DependencyScope,
    pub direct: bool,
    /// `(path, expression)` of the licences found in its files.
    pub found: Vec<(String, String)>,
}

/// A file with licence findings or copyrights.
#[derive(Debug, Clone)]
pub struct File {
    pub local: String,
    pub path: String,
    /// Distinct expressions found in it.
    pub licenses: Vec<String>,
    pub copyrights: Vec<String>,
}

/// A relationship between two elements (local ids).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rel {
    /// `from` needs `to` in `scope`.
    DependsOn { from: String, to: String, scope: ScopeKey, optional: bool },
    /// The package contains the file.
    Contains { from: String, to: String },
}

/// `DependencyScope` in a sortable form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ScopeKey {
    Runtime,
    Development,
    Build,
    Test,
    Provided,
}

impl From<DependencyScope> for ScopeKey {
    fn from(scope: DependencyScope) -> Self {
        match scope {
            DependencyScope::Runtime => ScopeKey::Runtime,
            DependencyScope::Development => ScopeKey::Development,
            DependencyScope::Build => ScopeKey::Build,
            DependencyScope::Test => ScopeKey::Test,
            DependencyScope::Provided => ScopeKey::Provided,
        }
    }
}

/// The scope's name in ospo's own words.
pub fn scope_name(scope: DependencyScope) -> &'static str {
    match scope {
        DependencyScope::Runtime => "runtime",
        DependencyScope::Development => "development",
        DependencyScope::Build => "build",
        DependencyScope::Test => "test",
        DependencyScope::Provided => "provided",
    }
}

/// The whole document.
#[derive(Debug, Clone)]
pub struct Doc {
    pub name: String,
    /// The document namespace (2.3) / the IRI prefix of every element (3.0.1).
    pub namespace: String,
    pub created: String,
    pub tool: String,
    pub tool_version: String,
    /// `(name, version, sha256)` of every plugin that took part.
    pub plugins: Vec<(String, String, String)>,
    pub creator_organization: Option<String>,
    pub creator_person: Option<String>,
    pub license_list_version: String,
    /// Local id of the root package.
    pub root: String,
    /// Root first, then the packages in the scan's order.
    pub packages: Vec<Pkg>,
    pub files: Vec<File>,
    pub relationships: Vec<Rel>,
    /// Every `LicenseRef-` used, with its text.
    pub extracted: BTreeMap<String, String>,
}

/// Characters SPDX ids allow: letters, digits, `.` and `-`.
fn id_safe(s: &str) -> String {
    let mut out: String =
        s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '-' }).collect();
    out.truncate(60);
    out
}

fn short_hash(s: &str) -> String {
    Sha256::digest(s.as_bytes()).iter().take(4).map(|b| format!("{b:02x}")).collect()
}

/// A valid SPDX expression or nothing (`NOASSERTION`, unparsable text, unresolvable
/// `DocumentRef-`s).
fn valid(expr: Option<&str>) -> Option<String> {
    let expr = expr?.trim();
    if expr.is_empty() || expr == "NOASSERTION" || expr.contains("DocumentRef-") {
        return None;
    }
    if expr == "NONE" {
        return Some(expr.to_string());
    }
    expression::canonical(expr).ok()
}

/// A UUID-shaped digest (RFC 9562 version 8, "custom").
pub fn uuid(digest: &[u8]) -> String {
    let mut b = [0u8; 16];
    for (slot, byte) in b.iter_mut().zip(digest) {
        *slot = *byte;
    }
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

/// A digest of what the document says (timestamp, root, packages, edges, findings), for the
/// namespace.
fn digest(scan: &ScanResult, version: Version) -> Vec<u8> {
    let mut d = Sha256::new();
    let mut field = |s: &str| {
        d.update((s.len() as u64).to_le_bytes());
        d.update(s.as_bytes());
    };
    field(match version {
        Version::V2_3 => "spdx-2.3",
        Version::V3_0_1 => "spdx-3.0.1",
    });
    field(&scan.metadata.timestamp);
    if let Some(root) = &scan.metadata.root_component {
        field(&root.name);
        field(root.version.as_deref().unwrap_or(""));
    }
    for p in &scan.packages {
        field(&p.id);
        for h in &p.hashes {
            field(&h.value);
        }
        field(p.declared_license.as_ref().map_or("", |x| x.expression.as_str()));
        field(p.concluded_license.as_ref().map_or("", |x| x.expression.as_str()));
    }
    for e in &scan.edges {
        field(&e.from);
        field(&e.to);
    }
    for f in &scan.licenses {
        field(&f.path);
        field(&f.expression);
    }
    d.finalize().to_vec()
}

impl Doc {
    /// The model of `scan`.
    pub fn new(scan: &ScanResult, config: &Config, version: Version) -> Self {
        let m = &scan.metadata;
        let root_meta = m.root_component.as_ref();
        let name = root_meta.map(|r| r.name.clone()).unwrap_or_else(|| base_name(&scan.root));
        let base =
            config.namespace_base.clone().unwrap_or_else(|| "https://spdx.org/spdxdocs/ospo".to_string());
        let namespace =
            format!("{}/{}-{}", base.trim_end_matches('/'), id_safe(&name), uuid(&digest(scan, version)));

        let mut texts: BTreeMap<String, String> = BTreeMap::new();
        for f in &scan.licenses {
            if let Some(text) = &f.text
                && f.expression.starts_with("LicenseRef-")
            {
                texts.entry(f.expression.clone()).or_insert_with(|| text.clone());
            }
        }

        // Findings and copyrights per owner ("" = the project itself).
        let mut found: BTreeMap<&str, BTreeSet<(String, String)>> = BTreeMap::new();
        let mut files: BTreeMap<&str, (BTreeSet<String>, BTreeSet<String>, &str)> = BTreeMap::new();
        for f in scan.licenses.iter().filter(|f| f.strength == Strength::Detection) {
            let owner = f.package_id.as_deref().unwrap_or("");
            found.entry(owner).or_default().insert((f.path.clone(), f.expression.clone()));
            let entry =
                files.entry(f.path.as_str()).or_insert_with(|| (BTreeSet::new(), BTreeSet::new(), owner));
            if let Some(expr) = valid(Some(&f.expression)) {
                entry.0.insert(expr);
            }
        }
        let mut copyrights: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
        for c in &scan.copyrights {
            let owner = c.package_id.as_deref().unwrap_or("");
            copyrights.entry(owner).or_default().insert(c.statement.clone());
            let entry =
                files.entry(c.path.as_str()).or_insert_with(|| (BTreeSet::new(), BTreeSet::new(), owner));
            entry.1.insert(c.statement.clone());
        }

        let root_package = root_meta
            .and_then(|r| r.purl.as_deref())
            .and_then(|purl| scan.packages.iter().find(|p| p.id == purl || p.purl.as_deref() == Some(purl)));
        let project_license = scan.projects.iter().find(|p| p.root == ".").map(|p| p.expression.as_str());

        let mut packages = Vec::new();
        let mut local_of: BTreeMap<&str, String> = BTreeMap::new();
        let root_local = match root_package {
            Some(p) => format!("Package-{}-{}", id_safe(&p.name), short_hash(&p.id)),
            None => format!("Package-{}-root", id_safe(&name)),
        };
        if root_package.is_none() {
            packages.push(Pkg {
                local: root_local.clone(),
                name: name.clone(),
                version: root_meta.and_then(|r| r.version.clone()),
                download: m.vcs.as_ref().and_then(|v| v.remote.clone()),
                checksums: Vec::new(),
                declared: None,
                concluded: valid(project_license),
                detected: None,
                copyrights: copyrights.get("").map(|s| s.iter().cloned().collect()).unwrap_or_default(),
                purl: root_meta.and_then(|r| r.purl.clone()),
                supplier: config.supplier.clone(),
                homepage: None,
                purpose: Purpose::Application,
                scope: DependencyScope::Runtime,
                direct: false,
                found: found.get("").map(|s| s.iter().cloned().collect()).unwrap_or_default(),
            });
        }
        for p in &scan.packages {
            let is_root = root_package.is_some_and(|r| r.id == p.id);
            let local = if is_root {
                root_local.clone()
            } else {
                format!("Package-{}-{}", id_safe(&p.name), short_hash(&p.id))
            };
            local_of.insert(p.id.as_str(), local.clone());
            let owners: Vec<&str> = if is_root { vec![p.id.as_str(), ""] } else { vec![p.id.as_str()] };
            let mut package_copyrights: Vec<String> =
                owners.iter().filter_map(|o| copyrights.get(o)).flatten().cloned().collect();
            package_copyrights.sort();
            package_copyrights.dedup();
            let package_found: Vec<(String, String)> =
                owners.iter().filter_map(|o| found.get(o)).flatten().cloned().collect();
            let download = p.source.as_ref().and_then(|s| match s.kind {
                SourceKind::Git => s.url.as_ref().map(|u| match &s.commit {
                    Some(c) if !u.starts_with("git+") => format!("git+{u}@{c}"),
                    Some(c) => format!("{u}@{c}"),
                    None => u.clone(),
                }),
                SourceKind::Url => s.url.clone(),
                // A registry's index or a local path is not where the package downloads from.
                SourceKind::Registry | SourceKind::Path => None,
            });
            let concluded = valid(p.concluded_license.as_ref().map(|c| c.expression.as_str()))
                .or_else(|| if is_root { valid(project_license) } else { None });
            packages.push(Pkg {
                local,
                name: p.name.clone(),
                version: p.version.clone(),
                download,
                checksums: p
                    .hashes
                    .iter()
                    .filter(|h| !h.value.is_empty() && h.value.bytes().all(|b| b.is_ascii_hexdigit()))
                    .map(|h| (h.algorithm, h.value.to_ascii_lowercase()))
                    .collect(),
                declared: valid(p.declared_license.as_ref().map(|d| d.expression.as_str())),
                concluded,
                detected: valid(p.detected_license.as_deref()),
                copyrights: package_copyrights,
                purl: p.purl.clone(),
                supplier: if is_root {
                    config.supplier.clone().or(p.supplier.clone())
                } else {
                    p.supplier.clone()
                },
                homepage: p.homepage.clone(),
                purpose: if is_root { Purpose::Application } else { Purpose::Library },
                scope: p.scope,
                direct: p.direct,
                found: package_found,
            });
        }
        if let Some(root) = packages.iter().position(|p| p.local == root_local) {
            let root = packages.remove(root);
            packages.insert(0, root);
        }

        // Dependencies: the edges, and the root's on the direct packages and on those nothing
        // depends on (workspace members).
        let mut relationships = BTreeSet::new();
        let mut targets = BTreeSet::new();
        for e in &scan.edges {
            if let (Some(from), Some(to)) = (local_of.get(e.from.as_str()), local_of.get(e.to.as_str()))
                && from != to
            {
                targets.insert(e.to.as_str());
                relationships.insert(Rel::DependsOn {
                    from: from.clone(),
                    to: to.clone(),
                    scope: e.scope.into(),
                    optional: e.optional,
                });
            }
        }
        for p in &scan.packages {
            let Some(local) = local_of.get(p.id.as_str()) else { continue };
            if *local != root_local && (p.direct || !targets.contains(p.id.as_str())) {
                relationships.insert(Rel::DependsOn {
                    from: root_local.clone(),
                    to: local.clone(),
                    scope: p.scope.into(),
                    optional: p.optional,
                });
            }
        }
        let mut file_list = Vec::new();
        for (path, (licenses, statements, owner)) in files {
            let owner_local = if owner.is_empty() {
                root_local.clone()
            } else {
                local_of.get(owner).cloned().unwrap_or_else(|| root_local.clone())
            };
            let local =
                format!("File-{}-{}", id_safe(path.rsplit('/').next().unwrap_or(path)), short_hash(path));
            relationships.insert(Rel::Contains { from: owner_local, to: local.clone() });
            file_list.push(File {
                local,
                path: path.to_string(),
                licenses: licenses.into_iter().collect(),
                copyrights: statements.into_iter().collect(),
            });
        }

        // Every LicenseRef- the document uses needs its text.
        let mut used = BTreeSet::new();
        let mut note = |expr: &Option<String>| {
            for id in expr.iter().flat_map(|e| expression::licenses(e)) {
                if id.starts_with("LicenseRef-") {
                    used.insert(id);
                }
            }
        };
        for p in &packages {
            note(&p.declared);
            note(&p.concluded);
            note(&p.detected);
        }
        for f in &file_list {
            for l in &f.licenses {
                note(&Some(l.clone()));
            }
        }
        let extracted = used
            .into_iter()
            .map(|id| {
                let text = texts.get(&id).cloned().unwrap_or_else(|| fallback_text(scan, &id));
                (id, text)
            })
            .collect();

        Doc {
            name,
            namespace,
            created: m.timestamp.clone(),
            tool: m.tool_name.clone(),
            tool_version: m.tool_version.clone(),
            plugins: m
                .plugins
                .iter()
                .map(|p| (p.name.clone(), p.version.clone(), p.sha256.clone()))
                .collect(),
            creator_organization: config.creator_organization.clone(),
            creator_person: config.creator_person.clone(),
            license_list_version: expression::license_list_version().to_string(),
            root: root_local,
            packages,
            files: file_list,
            relationships: relationships.into_iter().collect(),
            extracted,
        }
    }
}

/// No finding carried the licence's text: say what is known, the words it was declared with.
fn fallback_text(scan: &ScanResult, id: &str) -> String {
    let mut raws: Vec<&str> = scan
        .packages
        .iter()
        .filter_map(|p| p.declared_license.as_ref())
        .filter(|d| expression::licenses(&d.expression).iter().any(|l| l == id))
        .map(|d| d.raw.as_str())
        .collect();
    raws.sort_unstable();
    raws.dedup();
    if raws.is_empty() {
        format!("The text of {id} was not found in the scanned files.")
    } else {
        format!("The text of {id} was not found in the scanned files; it is declared as: {}", raws.join("; "))
    }
}

fn base_name(root: &str) -> String {
    root.trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|s| !s.is_empty() && *s != ".")
        .unwrap_or("scanned-tree")
        .to_string()
}
