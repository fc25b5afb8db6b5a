//! # `terraform` parser
//!
//! Reads Terraform's (and OpenTofu's) dependency lock file, `.terraform.lock.hcl`: one
//! `provider "HOST/NAMESPACE/TYPE"` block per provider the configuration and its modules
//! require, with the selected `version`, the `constraints` that allowed it and its `hashes`.
//!
//! - purls: the spec's `terraform` type, `pkg:terraform/NAMESPACE/TYPE@VERSION`
//!   (`pkg:terraform/hashicorp/aws@5.31.0`). A provider from a registry other than
//!   `registry.terraform.io` carries it in `repository_url` (`registry.opentofu.org` for OpenTofu).
//! - `name`: `NAMESPACE/TYPE`, with the host in front when it is not the default one.
//! - `hashes`: `h1:` (base64 sha256 of the provider package's contents, Go's dirhash scheme, as
//!   `go.sum` writes it) and each `zh:` (hex sha256 of one platform's release zip), all sha256.
//! - `scope`: build. Providers are the plugins `terraform plan/apply` runs to manage
//!   infrastructure; they are not shipped in it. `direct`: false: the lock file does not say
//!   whether the root module or a child module requires a provider, and `*.tf` files are not read.
//!   The `constraints` string has no field in the contract and is not reported.
//! - Modules are not in the lock file (Terraform does not lock them) and are not read.
//! - `locations`: the file and the line of the `provider` block.
//! - One manifest per file (ecosystem `terraform`, format `.terraform.lock.hcl`), complete: it
//!   lists every provider the configuration needs.

mod hcl;

use ospo_plugin_sdk::text::lossy;
use ospo_plugin_sdk::{
    Completeness, DependencyScope, Diagnostic, FileInput, Hash, HashAlgorithm, Level, Manifest, Package,
    PackageSource, ParseOutput, Parser, PluginInfo, purl,
};

/// The parser.
pub struct Terraform;

/// Where a provider address without a host comes from.
const DEFAULT_HOST: &str = "registry.terraform.io";

impl Parser for Terraform {
    fn info() -> PluginInfo {
        PluginInfo::new("terraform", env!("CARGO_PKG_VERSION"))
            .describe("Terraform and OpenTofu providers from .terraform.lock.hcl, with versions and hashes")
            .globs(["**/.terraform.lock.hcl"])
            .text_only(true)
            .ecosystems(["terraform"])
            .code(
                "manifest-malformed",
                Level::Error,
                "A line of a .terraform.lock.hcl does not parse, or a provider block has no valid address or \
                 version, so that provider may be missing from the inventory. Run `terraform init` to rewrite \
                 the file.",
            )
            .code(
                "manifest-unsupported",
                Level::Warning,
                "A .terraform.lock.hcl holds a block other than `provider`, which this parser does not read; \
                 the message names it.",
            )
    }

    fn parse(file: FileInput) -> Result<ParseOutput, String> {
        let mut out = ParseOutput::default();
        let path = file.path.as_str();
        let text = lossy(&file.contents);
        let (blocks, errors) = hcl::parse(&text);
        for (line, message) in errors {
            out.diagnostics.push(diag("manifest-malformed", Level::Error, path, line, &message));
        }
        out.manifests.push(Manifest::new(path, "terraform", ".terraform.lock.hcl", Completeness::Complete));
        for block in &blocks {
            if block.kind != "provider" {
                let message = format!("a `{}` block is not read", block.kind);
                out.diagnostics.push(diag(
                    "manifest-unsupported",
                    Level::Warning,
                    path,
                    block.line,
                    &message,
                ));
                continue;
            }
            match provider(path, block) {
                Ok(package) => out.packages.push(package),
                Err(message) => {
                    out.diagnostics.push(diag("manifest-malformed", Level::Error, path, block.line, &message))
                }
            }
        }
        Ok(out)
    }
}

fn provider(path: &str, block: &hcl::Block) -> Result<Package, String> {
    let address = block.labels.first().ok_or("a provider block without an address")?;
    let parts: Vec<&str> = address.split('/').collect();
    let (host, namespace, kind) = match parts.as_slice() {
        [host, namespace, kind] => (*host, *namespace, *kind),
        [namespace, kind] => (DEFAULT_HOST, *namespace, *kind),
        _ => return Err(format!("`{address}` is not HOST/NAMESPACE/TYPE")),
    };
    if namespace.is_empty() || kind.is_empty() {
        return Err(format!("`{address}` is not HOST/NAMESPACE/TYPE"));
    }
    let version = block.string("version").ok_or_else(|| format!("provider `{address}` has no version"))?;
    let host = host.to_ascii_lowercase();
    let registry = format!("https://{host}");
    let default = host == DEFAULT_HOST;
    let qualifiers: Vec<(&str, &str)> =
        if default { Vec::new() } else { vec![("repository_url", &registry)] };
    let id = purl::with_qualifiers("terraform", Some(namespace), kind, Some(version), &qualifiers)?;
    let name = if default { format!("{namespace}/{kind}") } else { format!("{host}/{namespace}/{kind}") };
    let mut package = Package::new("terraform", &name, Some(version))
        .purl(&id)
        .scope(DependencyScope::Build)
        .source(PackageSource::registry(&registry))
        .location(path, Some(block.line));
    for hash in block.list("hashes") {
        if let Some(b64) = hash.strip_prefix("h1:") {
            package = match Hash::parse_integrity(&format!("sha256-{b64}")) {
                Some(hash) => package.add_hash(hash),
                None => package,
            };
        } else if let Some(hex) =
            hash.strip_prefix("zh:").filter(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()))
        {
            package = package.hash(HashAlgorithm::Sha256, hex);
        }
    }
    Ok(package)
}

fn diag(code: &str, level: Level, path: &str, line: u32, message: &str) -> Diagnostic {
    Diagnostic::new(code, level, message.to_string()).at(path, Some(line))
}

// Exported only in the component: on a native target the wasm export names break the linker's
// version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_parser!(Terraform);

#[cfg(test)]
mod tests;
