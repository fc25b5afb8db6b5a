//! # `docker` parser
//!
//! Reads the base images of `Dockerfile`, `*.Dockerfile` and `Containerfile` builds: the images
//! of `FROM` lines and of `COPY --from=IMAGE`.
//!
//! - Stages: a `FROM` naming an earlier stage's alias (`FROM builder`) is that stage, not an
//!   image; `scratch` is no image. `ARG`s before the first `FROM` are substituted in `FROM`
//!   (`$V`, `${V}`, `${V:-default}`, `${V:+alt}`); a reference still holding a variable with no
//!   default (a `--build-arg` or `$TARGETOS` supplies it at build time) cannot be named and is
//!   an `image-unresolved` info. `--platform=` is read past and not recorded: the docker purl
//!   type defines no qualifier for it.
//! - purls: the spec's `docker` type (`oci` would need the digest of every image, which a
//!   Dockerfile rarely pins): `pkg:docker/NAMESPACE/NAME@VERSION`, Docker Hub's `library/`
//!   dropped (`pkg:docker/alpine@latest`), other registries in `repository_url`
//!   (`?repository_url=ghcr.io`). VERSION is the digest when the reference pins one (with the
//!   tag, if any, in a `tag` qualifier), else the tag, else `latest`, which is what Docker pulls.
//! - `name`: the reference without tag and digest (`golang`, `ghcr.io/org/tool`); `version`: the
//!   tag (the digest when there is no tag); `hashes`: the digest; `source`: the registry.
//! - `scope`: `runtime` for the image the final stage is built on (following stage aliases back
//!   to an image), `build` for every other (builder stages, `COPY --from` images). An image used
//!   by both is one package, runtime. Every image is `direct`: the Dockerfile names it.
//! - `locations`: the file and the line of each `FROM`/`COPY` naming the image.
//! - One manifest per file (ecosystem `docker`, format `Dockerfile`), direct-only: a Dockerfile
//!   does not list what its base images contain. No edges.

mod dockerfile;
mod image;

use std::collections::BTreeMap;

use ospo_plugin_sdk::text::lossy;
use ospo_plugin_sdk::{
    Completeness, DependencyScope, Diagnostic, FileInput, Level, Manifest, Package, ParseOutput, Parser,
    PluginInfo, relpath,
};

/// The parser.
pub struct Docker;

impl Parser for Docker {
    fn info() -> PluginInfo {
        PluginInfo::new("docker", env!("CARGO_PKG_VERSION"))
            .describe("Container base images from Dockerfile and Containerfile FROM lines, by stage")
            .globs(["**/Dockerfile", "**/*.Dockerfile", "**/*.dockerfile", "**/Containerfile"])
            .text_only(true)
            .ecosystems(["docker"])
            .code(
                "manifest-malformed",
                Level::Error,
                "A FROM or COPY --from line names no image reference Docker would accept, so that image is \
                 missing from the inventory. Fix the line.",
            )
            .code(
                "image-unresolved",
                Level::Info,
                "An image reference holds a build argument with no default (given with --build-arg or set by \
                 the builder, like $TARGETOS), so the image cannot be named from the file alone. Give the ARG \
                 a default before the first FROM to have it listed.",
            )
    }

    fn parse(file: FileInput) -> Result<ParseOutput, String> {
        let mut out = ParseOutput::default();
        let path = file.path.as_str();
        let name = relpath::file_name(path);
        let format = if name.eq_ignore_ascii_case("Containerfile") { "Containerfile" } else { "Dockerfile" };
        out.manifests.push(Manifest::new(path, "docker", format, Completeness::DirectOnly));
        let text = lossy(&file.contents);
        read(path, &dockerfile::instructions(&text), &mut out);
        Ok(out)
    }
}

/// What a stage is built on: an image (its package index) or an earlier stage.
#[derive(Clone, Copy)]
enum Base {
    Image(usize),
    Stage(usize),
    Unknown,
}

fn read(path: &str, instructions: &[dockerfile::Instruction], out: &mut ParseOutput) {
    let mut args: BTreeMap<String, String> = BTreeMap::new();
    let mut stages: Vec<(Option<String>, Base)> = Vec::new();
    // Package index by id, and the package's scope so far.
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut packages: Vec<Package> = Vec::new();
    for ins in instructions {
        match ins.keyword.as_str() {
            "ARG" if stages.is_empty() => {
                for word in ins.args.split_whitespace() {
                    let (name, value) = word.split_once('=').unwrap_or((word, ""));
                    let value = value.trim_matches(|c| c == '"' || c == '\'');
                    args.insert(name.to_string(), value.to_string());
                }
            }
            "FROM" => {
                let mut words = ins.args.split_whitespace().filter(|w| !w.starts_with("--"));
                let Some(reference) = words.next() else {
                    out.diagnostics.push(malformed(path, ins.line, "a FROM line names no image"));
                    stages.push((None, Base::Unknown));
                    continue;
                };
                let alias = match (words.next(), words.next()) {
                    (Some(kw), Some(alias)) if kw.eq_ignore_ascii_case("AS") => {
                        Some(alias.to_ascii_lowercase())
                    }
                    _ => None,
                };
                let base = resolve(path, ins.line, reference, &args, &stages, &mut index, &mut packages, out);
                stages.push((alias, base));
            }
            "COPY" | "ADD" => {
                let from = ins.args.split_whitespace().find_map(|w| w.strip_prefix("--from="));
                if let Some(from) = from.filter(|f| !f.bytes().all(|b| b.is_ascii_digit())) {
                    resolve(path, ins.line, from, &args, &stages, &mut index, &mut packages, out);
                }
            }
            _ => {}
        }
    }
    // The final stage's image, through aliases, is what runs.
    let mut runtime = None;
    let mut at = stages.last().map(|(_, base)| *base);
    for _ in 0..=stages.len() {
        match at {
            Some(Base::Image(i)) => {
                runtime = Some(i);
                break;
            }
            Some(Base::Stage(s)) => at = stages.get(s).map(|(_, base)| *base),
            _ => break,
        }
    }
    for (i, package) in packages.into_iter().enumerate() {
        let scope = if Some(i) == runtime { DependencyScope::Runtime } else { DependencyScope::Build };
        out.packages.push(package.scope(scope));
    }
}

/// What `reference` names: an earlier stage, an image (added to `packages`, or a location added
/// to the same image), or nothing (`scratch`, an unresolved variable, a bad reference).
#[allow(clippy::too_many_arguments)]
fn resolve(
    path: &str,
    line: u32,
    reference: &str,
    args: &BTreeMap<String, String>,
    stages: &[(Option<String>, Base)],
    index: &mut BTreeMap<String, usize>,
    packages: &mut Vec<Package>,
    out: &mut ParseOutput,
) -> Base {
    let vars = |name: &str| args.get(name).filter(|v| !v.is_empty()).cloned();
    let reference = match dockerfile::substitute(reference, &vars) {
        Ok(reference) => reference,
        Err(name) => {
            out.diagnostics.push(
                Diagnostic::new(
                    "image-unresolved",
                    Level::Info,
                    format!("`{reference}` needs `{name}`, which has no default before the first FROM"),
                )
                .at(path, Some(line)),
            );
            return Base::Unknown;
        }
    };
    let lower = reference.to_ascii_lowercase();
    if let Some(stage) = stages.iter().rposition(|(alias, _)| alias.as_deref() == Some(lower.as_str())) {
        return Base::Stage(stage);
    }
    if lower == "scratch" {
        return Base::Unknown;
    }
    let package = image::parse(&reference)
        .ok_or_else(|| "not an image reference".to_string())
        .and_then(|i| i.package());
    match package {
        Ok(package) => {
            let package = package.direct(true).location(path, Some(line));
            if let Some(&at) = index.get(&package.id) {
                if let Some(kept) = packages.get_mut(at) {
                    kept.locations.extend(package.locations);
                }
                return Base::Image(at);
            }
            index.insert(package.id.clone(), packages.len());
            packages.push(package);
            Base::Image(packages.len() - 1)
        }
        Err(e) => {
            out.diagnostics.push(malformed(path, line, &format!("`{reference}`: {e}")));
            Base::Unknown
        }
    }
}

fn malformed(path: &str, line: u32, message: &str) -> Diagnostic {
    Diagnostic::new("manifest-malformed", Level::Error, message.to_string()).at(path, Some(line))
}

// Exported only in the component: on a native target the wasm export names break the linker's
// version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_parser!(Docker);

#[cfg(test)]
mod tests;
