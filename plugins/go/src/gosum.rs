//! `go.sum`: `<module> <version>[/go.mod] h1:<base64 sha256>` lines. The zip-hash line (no
//! `/go.mod`) checksums the module's source tree, the `/go.mod` line only its go.mod.

use std::collections::BTreeMap;

use ospo_plugin_sdk::{Completeness, Diagnostic, Hash, HashAlgorithm, Level, Manifest, ParseOutput};

use crate::{ECOSYSTEM, gomod, module};

/// One line of a go.sum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sum {
    pub path: String,
    pub version: String,
    /// Only the module's go.mod is hashed (`v1.2.3/go.mod`).
    pub go_mod_only: bool,
    /// The hash as sha256 hex, for `h1:` lines.
    pub sha256: Option<String>,
    pub line: u32,
}

/// Every line of a go.sum, and the ones that do not parse (line, why).
pub fn read(text: &str) -> (Vec<Sum>, Vec<(u32, String)>) {
    let mut sums = Vec::new();
    let mut errors = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let fields: Vec<&str> = raw.split_whitespace().collect();
        match fields.as_slice() {
            [] => {}
            [path, version, hash] => {
                let (version, go_mod_only) = match version.strip_suffix("/go.mod") {
                    Some(version) => (version, true),
                    None => (*version, false),
                };
                let sha256 = match hash.strip_prefix("h1:") {
                    Some(b64) => match h1_hex(b64) {
                        Some(hex) => Some(hex),
                        None => {
                            errors.push((line, format!("`{hash}` is not a base64 sha256")));
                            continue;
                        }
                    },
                    None => {
                        errors.push((line, format!("unknown hash algorithm in `{hash}` (only h1 is known)")));
                        None
                    }
                };
                sums.push(Sum {
                    path: path.to_string(),
                    version: version.to_string(),
                    go_mod_only,
                    sha256,
                    line,
                });
            }
            _ => errors.push((line, "a go.sum line is `module version hash`".to_string())),
        }
    }
    (sums, errors)
}

/// `h1:` is base64 of a 32-byte sha256: decoded through the SDK's integrity parser.
fn h1_hex(b64: &str) -> Option<String> {
    let hash = Hash::parse_integrity(&format!("sha256-{b64}"))?;
    (hash.algorithm == HashAlgorithm::Sha256 && hash.value.len() == 64).then_some(hash.value)
}

/// The zip-hash line of `path@version`, else its `/go.mod` line.
pub fn find<'a>(sums: &'a [Sum], path: &str, version: &str) -> Option<&'a Sum> {
    let matching = || sums.iter().filter(|s| s.path == path && s.version == version);
    matching().find(|s| !s.go_mod_only).or_else(|| matching().next())
}

/// A go.sum handed to the parser: its manifest record, and packages only where the go.mod
/// beside it cannot list them (see the crate docs).
pub fn parse(path: &str, text: &str, out: &mut ParseOutput) {
    let (sums, errors) = read(text);
    report(path, &errors, &mut out.diagnostics);
    let go_mod_path = module::file_in(module::parent(path), "go.mod");
    let sibling = ospo_plugin_sdk::host::read_file(&go_mod_path).ok();
    let go_mod = sibling.as_ref().map(|bytes| gomod::read(&ospo_plugin_sdk::text::lossy(bytes)).0);
    let format = match &go_mod {
        Some(m) if module::lists_whole_build(m.go.as_deref()) => {
            out.manifests.push(Manifest::new(
                path,
                ECOSYSTEM,
                "go.sum (checksums; the go.mod beside it lists the build)",
                Completeness::Complete,
            ));
            return;
        }
        Some(_) => {
            "go.sum (checksums; go.mod before go 1.17: modules with a zip hash stand for the build, no edges)"
        }
        None => {
            out.diagnostics.push(
                Diagnostic::new(
                    "go-mod-missing",
                    Level::Info,
                    "no go.mod beside this go.sum: every module with a zip hash is reported, at its highest version",
                )
                .at(path, None),
            );
            "go.sum alone (checksums; modules with a zip hash stand for the build, no edges)"
        }
    };
    out.manifests.push(Manifest::new(path, ECOSYSTEM, format, Completeness::Complete));
    // Modules the go.mod names (required or as a replacement) are that file's packages.
    let named: Vec<&str> = go_mod.as_ref().map(gomod::GoMod::module_paths).unwrap_or_default();
    let mut highest: BTreeMap<&str, &Sum> = BTreeMap::new();
    for sum in sums.iter().filter(|s| !s.go_mod_only && !named.contains(&s.path.as_str())) {
        let keep = highest
            .get(sum.path.as_str())
            .is_none_or(|kept| module::compare_versions(&sum.version, &kept.version).is_gt());
        if keep {
            highest.insert(&sum.path, sum);
        }
    }
    for sum in highest.values() {
        if let Some(mut package) =
            module::package(&sum.path, Some(&sum.version), path, sum.line, &mut out.diagnostics)
        {
            if let Some(hex) = &sum.sha256 {
                package = package.hash(HashAlgorithm::Sha256, hex);
            }
            out.packages.push(package);
        }
    }
}

/// Lines that do not parse, as diagnostics: unknown algorithms are warnings, the rest errors.
pub fn report(path: &str, errors: &[(u32, String)], out: &mut Vec<Diagnostic>) {
    for (line, message) in errors {
        let (code, level) = if message.starts_with("unknown hash algorithm") {
            ("manifest-unsupported", Level::Warning)
        } else {
            ("manifest-malformed", Level::Error)
        };
        out.push(Diagnostic::new(code, level, format!("go.sum: {message}")).at(path, Some(*line)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn h1_lines_decode_to_sha256_hex() {
        let (sums, errors) = read(
            "github.com/pkg/errors v0.8.1 h1:iURUrRGxPUNPdy5/HRSm+Yj6okJ6UtLINN0Q9M4+h3I=\n\
             github.com/pkg/errors v0.8.1/go.mod h1:bwawxfHBFNV+L2hUp1rHADufV3IMtnDRdf1r5NINEl0=\n\
             \n\
             bad line\n\
             a v1 h1:!!!\n\
             a v1 h2:abcd\n",
        );
        assert_eq!(sums.len(), 3);
        assert_eq!(
            sums[0].sha256.as_deref(),
            Some("894454ad11b13d434f772e7f1d14a6f988faa2427a52d2c834dd10f4ce3e8772")
        );
        assert!(sums[1].go_mod_only && !sums[0].go_mod_only);
        assert_eq!(sums[2].sha256, None, "unknown algorithm: kept, unhashed");
        assert_eq!(errors.iter().map(|e| e.0).collect::<Vec<_>>(), [4, 5, 6]);
        assert_eq!(find(&sums, "github.com/pkg/errors", "v0.8.1").map(|s| s.line), Some(1));
    }
}
