//! apk's database, `lib/apk/db/installed`: one stanza of `K:value` lines per installed package
//! (apk-tools' "installed database" format; the keys are apk's package info fields).

use ospo_plugin_sdk::{Completeness, DeclaredLicense, Hash, Manifest, Package, ParseOutput, purl};

use crate::graph::{Graph, Relation};
use crate::malformed;
use crate::os_release::OsRelease;
use crate::stanza;

/// Reads one installed database.
pub fn read(path: &str, text: &str, release: &OsRelease, out: &mut ParseOutput) {
    let (stanzas, strays) = stanza::parse(text, false);
    for (line, stray) in strays.iter().take(20) {
        let shown: String = stray.chars().take(60).collect();
        out.diagnostics.push(malformed(path, *line, &format!("not a `K:value` line: `{shown}`")));
    }
    out.manifests.push(Manifest::new(path, "apk", "apk installed database", Completeness::Complete));
    let namespace = release.id.clone().unwrap_or_else(|| "alpine".to_string());
    let distro = release.distro();
    let mut graph = Graph::default();
    for stanza in &stanzas {
        let (Some(name), Some(version)) = (stanza.get("P"), stanza.get("V")) else {
            out.diagnostics.push(malformed(path, stanza.line, "a package without `P:` or `V:`"));
            continue;
        };
        let origin = stanza.get("o").filter(|o| *o != name);
        let mut qualifiers: Vec<(&str, &str)> = Vec::new();
        if let Some(arch) = stanza.get("A") {
            qualifiers.push(("arch", arch));
        }
        if let Some(distro) = &distro {
            qualifiers.push(("distro", distro));
        }
        if let Some(origin) = origin {
            qualifiers.push(("upstream", origin));
        }
        let id = match purl::with_qualifiers("apk", Some(&namespace), name, Some(version), &qualifiers) {
            Ok(id) => id,
            Err(e) => {
                out.diagnostics.push(malformed(path, stanza.line, &format!("`{name}` gives no purl: {e}")));
                continue;
            }
        };
        let mut package =
            Package::new("apk", name, Some(version)).purl(&id).location(path, Some(stanza.line));
        if let Some(license) = stanza.get("L").filter(|l| !l.is_empty()) {
            package = package.declared(DeclaredLicense::parse(license));
        }
        if let Some(hash) = stanza.get("C").and_then(checksum) {
            package = package.add_hash(hash);
        }
        if let Some(url) = stanza.get("U") {
            package = package.homepage(url);
        }
        if let Some(maintainer) = stanza.get("m") {
            package = package.supplier(maintainer);
        }
        let provides = stanza.all("p").flat_map(str::split_whitespace).filter_map(provided).collect();
        let depends = stanza
            .all("D")
            .flat_map(str::split_whitespace)
            .filter_map(dependency)
            .map(|name| Relation { alternatives: vec![name] })
            .collect();
        graph.add(package, provides, depends);
    }
    graph.finish(path, out);
}

/// `C:Q1<base64>`: the sha1 of the package's control segment, which is what `apk verify` and
/// the repository index identify a package build by. Other prefixes are not apk's.
fn checksum(value: &str) -> Option<Hash> {
    Hash::parse_integrity(&format!("sha1-{}", value.strip_prefix("Q1")?))
}

/// A `D:` word: `musl>=1.2`, `so:libc.musl-x86_64.so.1`, `cmd:sh`, `/bin/sh` as the name to
/// resolve; `!conflict` is no dependency.
fn dependency(word: &str) -> Option<String> {
    if word.starts_with('!') {
        return None;
    }
    let end = word.find(['<', '>', '=', '~']).unwrap_or(word.len());
    let name = word.get(..end)?;
    (!name.is_empty()).then(|| name.to_string())
}

/// A `p:` word: `so:libz.so.1=1.2.11` provides `so:libz.so.1`.
fn provided(word: &str) -> Option<String> {
    let name = word.split('=').next()?;
    (!name.is_empty()).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert_eq!(dependency("musl>=1.2").as_deref(), Some("musl"));
        assert_eq!(dependency("so:libc.musl-armv7.so.1").as_deref(), Some("so:libc.musl-armv7.so.1"));
        assert_eq!(dependency("!vlan"), None);
        assert_eq!(dependency("=1"), None);
        assert_eq!(provided("so:libz.so.1=1.2.11").as_deref(), Some("so:libz.so.1"));
        let hash = checksum("Q1CpjMpFo3UY/Tn4CshBpA+PXMf04=").expect("a Q1 checksum");
        assert_eq!(hash.value, "0a98cca45a37518fd39f80ac841a40f8f5cc7f4e");
        assert_eq!(checksum("Q2abc"), None);
    }
}
