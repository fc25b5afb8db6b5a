//! Signed plugin sets: `[plugins.trust]` in `ospo.toml`, and the check `--require-signed` (or
//! `require-signed = true`) makes of every plugin file before any of its code runs.
//!
//! ```toml
//! [plugins.trust]
//! require-signed = true
//! revoked = ["ed25519:…"]          # refused even where listed below
//! [plugins.trust.keys]
//! acme-release = "ed25519:…"
//! ```
//!
//! Keys are honoured only from a trusted config (`--config`, `--trust-config`): a tree that could
//! name its own key could sign its own plugin. Tightening is fine from anywhere, so an untrusted
//! config may still revoke keys or require signatures.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use super::keys::{PublicKey, Signature, signature_path};
use crate::cli::PluginArgs;
use crate::config::ConfigFile;
use crate::plan::PluginFile;

/// `[plugins.trust]` as written.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TrustSection {
    /// Name → `ed25519:<hex>`.
    #[serde(default)]
    pub keys: BTreeMap<String, String>,
    /// Keys no signature counts for any more, whatever `keys` says.
    #[serde(default)]
    pub revoked: Vec<String>,
    /// As `--require-signed`.
    pub require_signed: Option<bool>,
}

/// The validated trust settings.
#[derive(Debug, Default)]
pub struct Trust {
    pub keys: Vec<(String, PublicKey)>,
    pub revoked: Vec<PublicKey>,
    pub require_signed: bool,
}

/// Why a plugin file is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    Missing,
    Malformed(String),
    Tampered { signed: String, actual: String },
    BadSignature,
    Revoked(PublicKey),
    UntrustedKey(PublicKey),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Missing => write!(f, "it has no signature (no FILE.sig beside it)"),
            Refusal::Malformed(why) => write!(f, "its signature file is malformed: {why}"),
            Refusal::Tampered { signed, actual } => write!(
                f,
                "the file changed after it was signed (signed sha256 {signed}, file sha256 {actual})"
            ),
            Refusal::BadSignature => write!(f, "its signature is not valid for the key it names"),
            Refusal::Revoked(key) => write!(f, "it is signed by {key}, a revoked key"),
            Refusal::UntrustedKey(key) => {
                write!(f, "it is signed by {key}, which is not a key of [plugins.trust.keys]")
            }
        }
    }
}

impl Trust {
    /// Validates `[plugins.trust]` (keys refused from an untrusted config, with their line).
    pub fn from_config(config: &ConfigFile) -> Result<Self> {
        let Some(section) = &config.plugins.trust else { return Ok(Trust::default()) };
        if !section.keys.is_empty() && !config.trusted {
            bail!(
                "{}: [plugins.trust.keys] in the ospo.toml of the scanned tree is not honoured: a tree \
                 could trust its own key; give trusted keys in a file named with --config (or pass \
                 --trust-config), see SECURITY.md",
                config.at(&["plugins", "trust", "keys"])
            );
        }
        let mut trust = Trust { require_signed: section.require_signed.unwrap_or(false), ..Trust::default() };
        for (name, text) in &section.keys {
            let key = PublicKey::parse(text).map_err(|e| {
                anyhow::anyhow!(
                    "{}: [plugins.trust.keys] {name}: {e}",
                    config.at(&["plugins", "trust", "keys", name])
                )
            })?;
            trust.keys.push((name.clone(), key));
        }
        for text in &section.revoked {
            let key = PublicKey::parse(text).map_err(|e| {
                anyhow::anyhow!(
                    "{}: [plugins.trust] revoked: {e}",
                    config.at(&["plugins", "trust", "revoked"])
                )
            })?;
            trust.revoked.push(key);
        }
        Ok(trust)
    }

    /// Checks `bytes` (the file) against its signature: the trusted key's name when it passes.
    pub fn check(&self, sha256: &str, signature: Option<Signature>) -> Result<&str, Refusal> {
        let signature = signature.ok_or(Refusal::Missing)?;
        if signature.sha256 != sha256 {
            return Err(Refusal::Tampered { signed: signature.sha256, actual: sha256.to_string() });
        }
        if !signature.is_valid() {
            return Err(Refusal::BadSignature);
        }
        if self.revoked.contains(&signature.key) {
            return Err(Refusal::Revoked(signature.key));
        }
        match self.keys.iter().find(|(_, key)| *key == signature.key) {
            Some((name, _)) => Ok(name),
            None => Err(Refusal::UntrustedKey(signature.key)),
        }
    }

    /// Reads FILE and FILE.sig and checks them; the file's digest with the key's name.
    pub fn check_file(&self, path: &Path) -> Result<(String, Result<String, Refusal>)> {
        let bytes = crate::files::read_capped(path, crate::files::PLUGIN_CAP)
            .with_context(|| format!("cannot read plugin {}", path.display()))?;
        let sha256 = crate::runtime::sha256_hex(&bytes);
        let verdict = match Signature::read(&signature_path(path)) {
            Ok(signature) => self.check(&sha256, signature).map(str::to_string),
            Err(err) => Err(Refusal::Malformed(format!("{err:#}"))),
        };
        Ok((sha256, verdict))
    }
}

/// At plan time, before any plugin file is loaded: with `--require-signed` (or
/// `require-signed = true`) every file must carry a valid signature by a trusted, unrevoked key,
/// and is then pinned to the digest that was checked, so the bytes loaded are the bytes verified.
/// With `--locked`, every file must be one the lock file lists, pinned the same way.
pub fn enforce(args: &PluginArgs, config: &ConfigFile, files: &mut [PluginFile]) -> Result<()> {
    let trust = Trust::from_config(config)?;
    if args.set.require_signed || trust.require_signed {
        if trust.keys.is_empty() && !files.is_empty() {
            bail!(
                "signed plugins are required but no key is trusted: add [plugins.trust.keys] to a \
                 trusted config (--config FILE), see SECURITY.md"
            );
        }
        let mut refused = Vec::new();
        for file in files.iter_mut() {
            let (sha256, verdict) = trust.check_file(&file.path)?;
            match verdict {
                Ok(_) => pin(file, sha256)?,
                Err(why) => refused.push(format!("{}: {why}", file.path.display())),
            }
        }
        if !refused.is_empty() {
            bail!(
                "refusing unsigned or untrusted plugin files (--require-signed):\n  {}",
                refused.join("\n  ")
            );
        }
    }
    if args.set.locked {
        super::lock::pin_files(&args.set.lock_file, files)?;
    }
    Ok(())
}

/// Pins `file` to `sha256`, refusing a pin that already says otherwise.
pub fn pin(file: &mut PluginFile, sha256: String) -> Result<()> {
    match &file.sha256 {
        Some(pinned) if *pinned != sha256 => bail!(
            "plugin {} does not match its pinned sha256: expected {pinned}, found {sha256}",
            file.path.display()
        ),
        _ => file.sha256 = Some(sha256),
    }
    Ok(())
}

/// `ospo plugin verify FILE`: exit 0 when a trusted key signed it, 1 with the reason otherwise.
pub fn verify_command(args: &super::VerifyArgs) -> Result<ExitCode> {
    let config = crate::plan::load_config(&args.plugins, Path::new("."))?;
    let trust = Trust::from_config(&config)?;
    let (sha256, verdict) = trust.check_file(&args.file)?;
    match verdict {
        Ok(name) => {
            println!("{}: signed by the trusted key {name:?} (sha256 {sha256})", args.file.display());
            Ok(ExitCode::SUCCESS)
        }
        Err(why) => {
            eprintln!("{}: {why}", args.file.display());
            Ok(ExitCode::from(1))
        }
    }
}

#[cfg(test)]
mod tests {
    use ed25519_dalek::SigningKey;

    use super::*;
    use crate::plugin_cmd::keys::sign_digest;

    fn key(seed: u8) -> (SigningKey, PublicKey) {
        let secret = SigningKey::from_bytes(&[seed; 32]);
        let public = PublicKey(secret.verifying_key().to_bytes());
        (secret, public)
    }

    #[test]
    fn every_reason_to_refuse() {
        let (alice, alice_pub) = key(1);
        let (mallory, mallory_pub) = key(2);
        let trust = Trust { keys: vec![("alice".into(), alice_pub)], ..Trust::default() };
        let digest = crate::runtime::sha256_hex(b"the plugin");
        let signed = sign_digest(&alice, &digest).expect("sign");
        assert_eq!(trust.check(&digest, Some(signed.clone())), Ok("alice"));
        assert_eq!(trust.check(&digest, None), Err(Refusal::Missing));
        let tampered = crate::runtime::sha256_hex(b"the plugin, patched");
        assert!(matches!(trust.check(&tampered, Some(signed.clone())), Err(Refusal::Tampered { .. })));
        let by_mallory = sign_digest(&mallory, &digest).expect("sign");
        assert_eq!(trust.check(&digest, Some(by_mallory)), Err(Refusal::UntrustedKey(mallory_pub)));
        // Mallory's signature relabelled as Alice's fails the signature check itself.
        let mut forged = sign_digest(&mallory, &digest).expect("sign");
        forged.key = alice_pub;
        assert_eq!(trust.check(&digest, Some(forged)), Err(Refusal::BadSignature));
        let revoking = Trust { revoked: vec![alice_pub], ..trust };
        assert_eq!(revoking.check(&digest, Some(signed)), Err(Refusal::Revoked(alice_pub)));
    }

    #[test]
    fn keys_from_an_untrusted_config_are_refused() {
        let (_, public) = key(3);
        let text = format!("[plugins.trust.keys]\nteam = \"{public}\"\n");
        let mut config = ConfigFile::parse(&text, "ospo.toml").expect("valid");
        let err = Trust::from_config(&config).expect_err("untrusted").to_string();
        assert!(err.contains("not honoured"), "{err}");
        config.trusted = true;
        assert_eq!(Trust::from_config(&config).expect("trusted").keys, [("team".to_string(), public)]);
        let revoke_only =
            ConfigFile::parse(&format!("[plugins.trust]\nrevoked = [\"{public}\"]\n"), "x").expect("valid");
        assert_eq!(Trust::from_config(&revoke_only).expect("tightening is fine").revoked, [public]);
    }
}
