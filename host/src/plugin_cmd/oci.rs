//! `ospo plugin push FILE oci://…` and `ospo plugin pull oci://…`: a plugin as an OCI artifact,
//! laid out as `wkg` lays out a Wasm component (the CNCF Wasm OCI artifact layout): one layer of
//! media type `application/wasm` holding the component, a config blob of media type
//! `application/vnd.wasm.config.v0+json`, an OCI image manifest. Anonymous access only (a pull
//! follows a registry's `WWW-Authenticate: Bearer` challenge for an anonymous token, as public
//! registries ask); plain HTTP only for a loopback registry (a test's, or one on this machine),
//! HTTPS elsewhere.
//!
//! A pull checks the layer against the digest and size the manifest names before anything is
//! written, and writes the file whole or not at all; whether the plugin may run is still for
//! `--require-signed` and `--locked` to say, as for any other file.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use sha2::Digest as _;

use super::{PullArgs, PushArgs};

pub const MANIFEST_MEDIA_TYPE: &str = "application/vnd.oci.image.manifest.v1+json";
pub const CONFIG_MEDIA_TYPE: &str = "application/vnd.wasm.config.v0+json";
pub const LAYER_MEDIA_TYPE: &str = "application/wasm";

/// A component is capped like a plugin file the host loads; a manifest or config is small.
const BLOB_CAP: u64 = crate::files::PLUGIN_CAP;
const MANIFEST_CAP: u64 = 4 << 20;

/// `oci://registry[:port]/repository[:tag|@sha256:…]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub registry: String,
    pub repository: String,
    /// A tag or a `sha256:` digest.
    pub reference: String,
}

impl Reference {
    pub fn parse(text: &str) -> Result<Reference> {
        let Some(rest) = text.strip_prefix("oci://") else {
            bail!("{text:?} is not an OCI reference: write oci://registry/repository:tag");
        };
        let Some((registry, path)) = rest.split_once('/') else {
            bail!("{text:?} names no repository: write oci://registry/repository:tag");
        };
        let (repository, reference) = if let Some((repo, digest)) = path.split_once('@') {
            (repo, digest.to_string())
        } else {
            // A colon after the last slash starts the tag (a colon before it is a port).
            match path.rsplit_once(':') {
                Some((repo, tag)) if !tag.contains('/') => (repo, tag.to_string()),
                _ => (path, "latest".to_string()),
            }
        };
        let valid_repo = !repository.is_empty()
            && repository.split('/').all(|part| {
                !part.is_empty()
                    && part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
            });
        if registry.is_empty() || !valid_repo {
            bail!("{text:?}: the repository must be lowercase letters, digits, '.', '_', '-' and '/'");
        }
        let valid_ref = if let Some(hex) = reference.strip_prefix("sha256:") {
            hex.len() == 64 && hex.chars().all(|c| c.is_ascii_hexdigit())
        } else {
            !reference.is_empty()
                && reference.len() <= 128
                && reference.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        };
        if !valid_ref {
            bail!("{text:?}: {reference:?} is neither a tag nor a sha256 digest");
        }
        Ok(Reference { registry: registry.to_string(), repository: repository.to_string(), reference })
    }

    /// Plain HTTP for a loopback registry only: nothing leaves the machine unencrypted.
    fn base(&self) -> String {
        let scheme = if is_loopback(&self.registry) { "http" } else { "https" };
        format!("{scheme}://{}/v2/{}", self.registry, self.repository)
    }
}

impl std::fmt::Display for Reference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sep = if self.reference.starts_with("sha256:") { '@' } else { ':' };
        write!(f, "oci://{}/{}{sep}{}", self.registry, self.repository, self.reference)
    }
}

/// `host[:port]` is this machine.
fn is_loopback(authority: &str) -> bool {
    let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h);
    ["localhost", "127.0.0.1", "[::1]"].contains(&host)
}

/// The parameters of a `Bearer` challenge: `realm="…",service="…",scope="…"` (a quoted value
/// may hold commas: `scope="repository:a:pull,push"`).
fn bearer_challenge(header: &str) -> Option<Vec<(String, String)>> {
    let mut rest = header.trim().strip_prefix("Bearer ")?.trim();
    let mut params = Vec::new();
    while !rest.is_empty() {
        let (key, after) = rest.split_once('=')?;
        let after = after.strip_prefix('"')?;
        let (value, after) = after.split_once('"')?;
        params.push((key.trim().to_ascii_lowercase(), value.to_string()));
        rest = after.trim_start().trim_start_matches(',').trim_start();
    }
    Some(params)
}

fn query_escape(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// GETs that answer a registry's Bearer challenge once with an anonymous token, which the later
/// GETs of the same pull reuse.
struct Reader {
    agent: ureq::Agent,
    token: Option<String>,
}

impl Reader {
    fn get(&mut self, url: &str, accept: Option<&str>) -> Result<ureq::http::Response<ureq::Body>> {
        let call = |token: Option<&str>| {
            let mut request = self.agent.get(url);
            if let Some(accept) = accept {
                request = request.header("accept", accept);
            }
            if let Some(token) = token {
                request = request.header("authorization", format!("Bearer {token}"));
            }
            request.call().with_context(|| format!("GET {url}"))
        };
        let response = call(self.token.as_deref())?;
        if response.status().as_u16() != 401 || self.token.is_some() {
            return Ok(response);
        }
        let challenge = response.headers().get("www-authenticate").and_then(|h| h.to_str().ok());
        let Some(params) = challenge.and_then(bearer_challenge) else {
            return Ok(response);
        };
        let param = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let Some(realm) = param("realm") else { return Ok(response) };
        // The token endpoint is the registry's word: it gets no plain HTTP beyond this machine.
        let secure = realm.starts_with("https://")
            || realm
                .strip_prefix("http://")
                .is_some_and(|rest| is_loopback(rest.split('/').next().unwrap_or("")));
        if !secure {
            bail!("{url}: the registry asks for a token from {realm}, which is not HTTPS");
        }
        let mut token_url = realm.to_string();
        for name in ["service", "scope"] {
            if let Some(value) = param(name) {
                let sep = if token_url.contains('?') { '&' } else { '?' };
                token_url.push_str(&format!("{sep}{name}={}", query_escape(value)));
            }
        }
        let answer = self.agent.get(&token_url).call().with_context(|| format!("GET {token_url}"))?;
        if answer.status().as_u16() != 200 {
            return Err(status_error("an anonymous token", answer));
        }
        let answer: serde_json::Value = serde_json::from_slice(&read_capped(answer, 1 << 20, "the token")?)
            .context("the token answer is not JSON")?;
        let Some(token) = answer["token"].as_str().or(answer["access_token"].as_str()) else {
            bail!("the token answer holds no token");
        };
        self.token = Some(token.to_string());
        call(Some(token))
    }
}

fn sha256(bytes: &[u8]) -> String {
    format!("sha256:{}", hex::encode(sha2::Sha256::digest(bytes)))
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(300)))
        .http_status_as_error(false)
        .user_agent(concat!("ospo/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

fn read_capped(response: ureq::http::Response<ureq::Body>, cap: u64, what: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    response
        .into_body()
        .into_reader()
        .take(cap + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("reading {what}"))?;
    if bytes.len() as u64 > cap {
        bail!("{what} is larger than {cap} bytes");
    }
    Ok(bytes)
}

fn status_error(what: &str, response: ureq::http::Response<ureq::Body>) -> anyhow::Error {
    let status = response.status();
    let body = read_capped(response, 4096, "the error").unwrap_or_default();
    anyhow::anyhow!("{what}: the registry answered {status}: {}", String::from_utf8_lossy(&body).trim())
}

/// The three documents of the artifact for `component`.
pub struct Artifact {
    pub config: Vec<u8>,
    pub manifest: Vec<u8>,
}

pub fn artifact(component: &[u8]) -> Artifact {
    let layer = sha256(component);
    let config = serde_json::to_vec(&serde_json::json!({
        "architecture": "wasm",
        "os": "wasip2",
        "layerDigests": [layer],
    }))
    .expect("a JSON value serialises");
    let manifest = serde_json::to_vec(&serde_json::json!({
        "schemaVersion": 2,
        "mediaType": MANIFEST_MEDIA_TYPE,
        "config": { "mediaType": CONFIG_MEDIA_TYPE, "digest": sha256(&config), "size": config.len() },
        "layers": [{ "mediaType": LAYER_MEDIA_TYPE, "digest": layer, "size": component.len() }],
    }))
    .expect("a JSON value serialises");
    Artifact { config, manifest }
}

fn push_blob(agent: &ureq::Agent, target: &Reference, bytes: &[u8]) -> Result<()> {
    let digest = sha256(bytes);
    let base = target.base();
    let response = agent
        .post(&format!("{base}/blobs/uploads/"))
        .send_empty()
        .with_context(|| format!("POST {base}/blobs/uploads/"))?;
    if response.status().as_u16() != 202 {
        return Err(status_error("starting an upload", response));
    }
    let Some(location) = response.headers().get("location").and_then(|l| l.to_str().ok()) else {
        bail!("the registry started an upload but named no Location");
    };
    // The Location may be relative to the registry and may carry a query of its own.
    let url = if location.starts_with('/') {
        let origin = base.split("/v2/").next().unwrap_or(&base);
        format!("{origin}{location}")
    } else {
        location.to_string()
    };
    let sep = if url.contains('?') { '&' } else { '?' };
    let response = agent
        .put(&format!("{url}{sep}digest={digest}"))
        .header("content-type", "application/octet-stream")
        .send(bytes)
        .with_context(|| format!("PUT {url}"))?;
    if response.status().as_u16() != 201 {
        return Err(status_error(&format!("uploading {digest}"), response));
    }
    Ok(())
}

/// Pushes `component` to `target`; the manifest's digest.
pub fn push(component: &[u8], target: &Reference) -> Result<String> {
    let agent = agent();
    let artifact = artifact(component);
    push_blob(&agent, target, &artifact.config)?;
    push_blob(&agent, target, component)?;
    let url = format!("{}/manifests/{}", target.base(), target.reference);
    let response = agent
        .put(&url)
        .header("content-type", MANIFEST_MEDIA_TYPE)
        .send(&artifact.manifest[..])
        .with_context(|| format!("PUT {url}"))?;
    if response.status().as_u16() != 201 {
        return Err(status_error("storing the manifest", response));
    }
    Ok(sha256(&artifact.manifest))
}

/// The component `source` names, checked against the manifest's digest and size.
pub fn pull(source: &Reference) -> Result<Vec<u8>> {
    let mut reader = Reader { agent: agent(), token: None };
    let url = format!("{}/manifests/{}", source.base(), source.reference);
    let response = reader.get(&url, Some(MANIFEST_MEDIA_TYPE))?;
    if response.status().as_u16() != 200 {
        return Err(status_error(&format!("{source}"), response));
    }
    let manifest = read_capped(response, MANIFEST_CAP, "the manifest")?;
    // Pulled by digest, the manifest itself is checked: a registry cannot swap the artifact.
    if let Some(expected) = source.reference.strip_prefix("sha256:")
        && sha256(&manifest) != format!("sha256:{expected}")
    {
        bail!("{source}: the registry sent a manifest with another digest");
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&manifest).with_context(|| format!("{source}: the manifest is not JSON"))?;
    let config_type = manifest["config"]["mediaType"].as_str().unwrap_or_default();
    if config_type != CONFIG_MEDIA_TYPE {
        bail!(
            "{source} is not a Wasm component artifact: its config is {config_type:?}, not {CONFIG_MEDIA_TYPE}"
        );
    }
    let layers: Vec<&serde_json::Value> = manifest["layers"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|l| l["mediaType"] == LAYER_MEDIA_TYPE)
        .collect();
    let [layer] = layers.as_slice() else {
        bail!("{source} has {} layers of media type {LAYER_MEDIA_TYPE}; a plugin has one", layers.len());
    };
    let (Some(digest), Some(size)) = (layer["digest"].as_str(), layer["size"].as_u64()) else {
        bail!("{source}: the {LAYER_MEDIA_TYPE} layer names no digest or size");
    };
    if size > BLOB_CAP {
        bail!("{source}: the component is {size} bytes, over the {BLOB_CAP}-byte cap");
    }
    let url = format!("{}/blobs/{digest}", source.base());
    let response = reader.get(&url, None)?;
    if response.status().as_u16() != 200 {
        return Err(status_error(&format!("{source}: the layer {digest}"), response));
    }
    let bytes = read_capped(response, size, "the component")?;
    let actual = sha256(&bytes);
    if actual != digest || bytes.len() as u64 != size {
        bail!(
            "{source}: the component the registry sent is {actual} ({} bytes), not the manifest's {digest} ({size} bytes); nothing was written",
            bytes.len()
        );
    }
    Ok(bytes)
}

pub fn push_command(args: &PushArgs) -> Result<ExitCode> {
    let target = Reference::parse(&args.reference)?;
    let component = crate::files::read_capped(&args.file, crate::files::PLUGIN_CAP)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    if !component.starts_with(b"\0asm") {
        bail!("{} is not a WebAssembly file", args.file.display());
    }
    let digest = push(&component, &target)?;
    println!("{}", Reference { reference: digest, ..target });
    Ok(ExitCode::SUCCESS)
}

pub fn pull_command(args: &PullArgs) -> Result<ExitCode> {
    let source = Reference::parse(&args.reference)?;
    let out = args.out.clone().unwrap_or_else(|| {
        let name = source.repository.rsplit('/').next().unwrap_or("plugin");
        PathBuf::from(format!("{}.wasm", name.replace('-', "_")))
    });
    let bytes = pull(&source)?;
    write_whole(&out, &bytes)?;
    println!("{}", out.display());
    Ok(ExitCode::SUCCESS)
}

/// Written beside the target and renamed: a reader never sees half a component.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut part = path.as_os_str().to_os_string();
    part.push(".part");
    let part = PathBuf::from(part);
    std::fs::write(&part, bytes).with_context(|| format!("cannot write {}", part.display()))?;
    std::fs::rename(&part, path).with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_parse_as_wkg_and_oras_write_them() {
        let r = Reference::parse("oci://127.0.0.1:5000/acme/plugins/marker:1.0.0").expect("valid");
        assert_eq!(
            (r.registry.as_str(), r.repository.as_str(), r.reference.as_str()),
            ("127.0.0.1:5000", "acme/plugins/marker", "1.0.0")
        );
        assert_eq!(r.base(), "http://127.0.0.1:5000/v2/acme/plugins/marker");
        let r = Reference::parse("oci://ghcr.io/acme/marker").expect("valid");
        assert_eq!(r.reference, "latest");
        assert_eq!(r.base(), "https://ghcr.io/v2/acme/marker");
        let digest = format!("sha256:{}", "a".repeat(64));
        let r = Reference::parse(&format!("oci://localhost:5000/m@{digest}")).expect("valid");
        assert_eq!(r.reference, digest);
        assert_eq!(r.to_string(), format!("oci://localhost:5000/m@{digest}"));
        for bad in [
            "ghcr.io/acme/m",
            "oci://ghcr.io",
            "oci://ghcr.io/Acme/m",
            "oci://h/m@sha256:12",
            "oci://h/m:a b",
        ] {
            assert!(Reference::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bearer_challenges_parse_with_commas_in_values() {
        let params = bearer_challenge(
            r#"Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:a/b:pull,push""#,
        )
        .expect("a challenge");
        let names: Vec<(&str, &str)> = params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            names,
            [
                ("realm", "https://ghcr.io/token"),
                ("service", "ghcr.io"),
                ("scope", "repository:a/b:pull,push")
            ]
        );
        assert!(bearer_challenge(r#"Basic realm="x""#).is_none());
        assert_eq!(query_escape("repository:a/b:pull"), "repository%3Aa%2Fb%3Apull");
    }

    #[test]
    fn the_artifact_has_wkgs_media_types() {
        let artifact = artifact(b"\0asm\x0d\0\x01\0");
        let manifest: serde_json::Value = serde_json::from_slice(&artifact.manifest).expect("JSON");
        assert_eq!(manifest["mediaType"], MANIFEST_MEDIA_TYPE);
        assert_eq!(manifest["config"]["mediaType"], "application/vnd.wasm.config.v0+json");
        assert_eq!(manifest["config"]["digest"], sha256(&artifact.config));
        assert_eq!(manifest["layers"][0]["mediaType"], "application/wasm");
        assert_eq!(manifest["layers"][0]["size"], 8);
        let config: serde_json::Value = serde_json::from_slice(&artifact.config).expect("JSON");
        assert_eq!(config["layerDigests"][0], manifest["layers"][0]["digest"]);
    }
}
