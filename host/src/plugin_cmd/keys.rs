//! Ed25519 keys and plugin signatures, all offline. A signature covers the file's sha256 under a
//! domain tag (so an ospo signature cannot be replayed as a signature of anything else) and sits
//! beside the file as `FILE.sig`, a small text file naming the key and the digest it signed:
//!
//! ```text
//! ospo-plugin-signature v1
//! key ed25519:<64 hex digits: the public key>
//! sha256 <64 hex digits: the signed file's digest>
//! signature <128 hex digits>
//! ```

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use ed25519_dalek::{Signer as _, SigningKey, Verifier as _, VerifyingKey};

use super::{KeygenArgs, SignArgs};

const SIGNATURE_HEADER: &str = "ospo-plugin-signature v1";
const SECRET_HEADER: &str = "ospo-ed25519-secret-key v1";
/// What is signed: this tag, then the 32 bytes of the file's sha256.
const DOMAIN: &[u8] = b"ospo-plugin-signature-v1\0";
/// A signature file is a few hundred bytes; anything much larger is not one.
const SIG_CAP: u64 = 4096;

/// A public key, written `ed25519:<hex>` in `ospo.toml`, `NAME.pub` and signatures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(pub [u8; 32]);

impl PublicKey {
    pub fn parse(text: &str) -> Result<Self, String> {
        let hex_part = text.trim().strip_prefix("ed25519:").ok_or_else(|| {
            format!("{:?} is not a key: expected `ed25519:` and 64 hex digits", text.trim())
        })?;
        let bytes = decode_hex::<32>(hex_part).ok_or_else(|| {
            format!("{:?} is not a key: expected `ed25519:` and 64 hex digits", text.trim())
        })?;
        // A point not on the curve can verify nothing: refuse it where it is written.
        VerifyingKey::from_bytes(&bytes)
            .map_err(|_| format!("{:?} is not a valid ed25519 public key", text.trim()))?;
        Ok(PublicKey(bytes))
    }
}

impl std::fmt::Display for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ed25519:{}", hex::encode(self.0))
    }
}

fn decode_hex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let bytes = hex::decode(text.trim()).ok()?;
    bytes.try_into().ok()
}

/// The message a signature covers.
fn message(sha256_hex: &str) -> Result<Vec<u8>, String> {
    let digest = decode_hex::<32>(sha256_hex).ok_or_else(|| "the digest is not 64 hex digits".to_string())?;
    Ok([DOMAIN, &digest].concat())
}

/// A parsed `FILE.sig`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub key: PublicKey,
    /// The digest the signer signed (lowercase hex).
    pub sha256: String,
    pub signature: [u8; 64],
}

/// Where FILE's signature lives.
pub fn signature_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_os_string();
    name.push(".sig");
    PathBuf::from(name)
}

impl Signature {
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
        if lines.next() != Some(SIGNATURE_HEADER) {
            return Err(format!("not an ospo plugin signature (the first line is not `{SIGNATURE_HEADER}`)"));
        }
        let (mut key, mut sha256, mut signature) = (None, None, None);
        for line in lines {
            let (field, value) = line.split_once(' ').unwrap_or((line, ""));
            match field {
                "key" => key = Some(PublicKey::parse(value)?),
                "sha256" => {
                    decode_hex::<32>(value).ok_or("its sha256 is not 64 hex digits")?;
                    sha256 = Some(value.trim().to_ascii_lowercase());
                }
                "signature" => {
                    signature = Some(decode_hex::<64>(value).ok_or("its signature is not 128 hex digits")?)
                }
                other => return Err(format!("unknown field {other:?}")),
            }
        }
        match (key, sha256, signature) {
            (Some(key), Some(sha256), Some(signature)) => Ok(Signature { key, sha256, signature }),
            _ => Err("incomplete: it needs a key, a sha256 and a signature line".to_string()),
        }
    }

    /// `Ok(None)` when there is no such file.
    pub fn read(path: &Path) -> Result<Option<Self>> {
        let bytes = match crate::files::read_capped(path, SIG_CAP) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(err).with_context(|| format!("cannot read {}", path.display())),
        };
        let text = String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("{}: not UTF-8", path.display()))?;
        Signature::parse(&text).map(Some).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
    }

    pub fn render(&self) -> String {
        format!(
            "{SIGNATURE_HEADER}\nkey {}\nsha256 {}\nsignature {}\n",
            self.key,
            self.sha256,
            hex::encode(self.signature)
        )
    }

    /// Whether the signature is the key's over this digest (the caller compares the digest with
    /// the file's and the key with the trusted ones).
    pub fn is_valid(&self) -> bool {
        let Ok(key) = VerifyingKey::from_bytes(&self.key.0) else { return false };
        let Ok(message) = message(&self.sha256) else { return false };
        key.verify(&message, &ed25519_dalek::Signature::from_bytes(&self.signature)).is_ok()
    }
}

/// Signs the file whose digest is `sha256_hex`.
pub fn sign_digest(secret: &SigningKey, sha256_hex: &str) -> Result<Signature> {
    let message = message(sha256_hex).map_err(anyhow::Error::msg)?;
    Ok(Signature {
        key: PublicKey(secret.verifying_key().to_bytes()),
        sha256: sha256_hex.to_string(),
        signature: secret.sign(&message).to_bytes(),
    })
}

/// Reads a secret key file `keygen` wrote.
pub fn read_secret(path: &Path) -> Result<SigningKey> {
    let bytes = crate::files::read_capped(path, SIG_CAP)
        .with_context(|| format!("cannot read key {}", path.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    if lines.next() != Some(SECRET_HEADER) {
        bail!("{} is not an ospo secret key (made by `ospo plugin keygen`)", path.display());
    }
    let seed = lines
        .next()
        .and_then(decode_hex::<32>)
        .with_context(|| format!("{}: the key is not 64 hex digits", path.display()))?;
    Ok(SigningKey::from_bytes(&seed))
}

/// A new key from the operating system's random source.
pub fn generate() -> Result<SigningKey> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| anyhow::anyhow!("no random source: {e}"))?;
    Ok(SigningKey::from_bytes(&seed))
}

/// Creates `path` for writing, refusing an existing file (or a symlink planted there); the
/// secret key is readable by its owner only.
fn create_new(path: &Path, secret: bool) -> Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    if secret {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = secret;
    options.open(path).map_err(|err| {
        if err.kind() == std::io::ErrorKind::AlreadyExists {
            anyhow::anyhow!("{} already exists; keygen never overwrites a key", path.display())
        } else {
            anyhow::Error::new(err).context(format!("cannot create {}", path.display()))
        }
    })
}

fn with_extension(base: &Path, extension: &str) -> PathBuf {
    let mut name = base.as_os_str().to_os_string();
    name.push(".");
    name.push(extension);
    PathBuf::from(name)
}

pub fn keygen(args: &KeygenArgs) -> Result<ExitCode> {
    let secret_path = with_extension(&args.out, "key");
    let public_path = with_extension(&args.out, "pub");
    if public_path.exists() {
        bail!("{} already exists; keygen never overwrites a key", public_path.display());
    }
    let key = generate()?;
    let public = PublicKey(key.verifying_key().to_bytes());
    let mut file = create_new(&secret_path, true)?;
    file.write_all(format!("{SECRET_HEADER}\n{}\n", hex::encode(key.to_bytes())).as_bytes())
        .with_context(|| format!("cannot write {}", secret_path.display()))?;
    let mut file = create_new(&public_path, false)?;
    file.write_all(format!("{public}\n").as_bytes())
        .with_context(|| format!("cannot write {}", public_path.display()))?;
    eprintln!(
        "wrote {} (secret: keep it out of the repository) and {}\ntrust it in a trusted ospo.toml:\n\n\
         [plugins.trust.keys]\nmy-key = \"{public}\"\n",
        secret_path.display(),
        public_path.display()
    );
    println!("{public}");
    Ok(ExitCode::SUCCESS)
}

pub fn sign(args: &SignArgs) -> Result<ExitCode> {
    let key = read_secret(&args.key)?;
    let bytes = crate::files::read_capped(&args.file, crate::files::PLUGIN_CAP)
        .with_context(|| format!("cannot read plugin {}", args.file.display()))?;
    let signature = sign_digest(&key, &crate::runtime::sha256_hex(&bytes))?;
    let path = signature_path(&args.file);
    std::fs::write(&path, signature.render()).with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!("wrote {} (key {}, sha256 {})", path.display(), signature.key, signature.sha256);
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_round_trips_and_binds_key_and_digest() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let digest = crate::runtime::sha256_hex(b"plugin bytes");
        let sig = sign_digest(&key, &digest).expect("sign");
        let parsed = Signature::parse(&sig.render()).expect("parse");
        assert_eq!(parsed, sig);
        assert!(parsed.is_valid());

        let other = crate::runtime::sha256_hex(b"other bytes");
        assert!(!Signature { sha256: other, ..sig.clone() }.is_valid(), "a digest it did not sign");
        let stranger = PublicKey(SigningKey::from_bytes(&[8; 32]).verifying_key().to_bytes());
        assert!(!Signature { key: stranger, ..sig.clone() }.is_valid(), "another key's name");
    }

    #[test]
    fn malformed_signatures_and_keys_are_errors() {
        assert!(Signature::parse("").is_err());
        assert!(Signature::parse("ospo-plugin-signature v1\nkey ed25519:zz\n").is_err());
        assert!(Signature::parse("ospo-plugin-signature v1\nsha256 00\n").is_err());
        assert!(PublicKey::parse("ed25519:").is_err());
        assert!(PublicKey::parse(&format!("rsa:{}", "00".repeat(32))).is_err());
        let good = PublicKey(SigningKey::from_bytes(&[1; 32]).verifying_key().to_bytes());
        assert_eq!(PublicKey::parse(&good.to_string()), Ok(good));
    }
}
