//! HTTP for `ospo db update` (ureq, rustls): small files read whole, archives streamed to a
//! `.part` file that a later run resumes with `Range` (guarded by `If-Range` on the ETag, so a
//! changed archive restarts instead of splicing two versions), then checked against the size the
//! server announced and the MD5 it published (`x-goog-hash`, as the OSV project's bucket sends).

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result, bail};

/// A listing or record fetched whole is never larger than this.
const SMALL_CAP: u64 = 64 << 20;

pub struct Fetcher {
    agent: ureq::Agent,
}

/// What a finished download is: its validators and digests.
#[derive(Debug, Clone)]
pub struct Download {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub size: u64,
    pub sha256: String,
    /// Whether it continued a `.part` left by an earlier run.
    pub resumed: bool,
}

fn header(response: &ureq::http::Response<ureq::Body>, name: &str) -> Option<String> {
    response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// The MD5 in `x-goog-hash: crc32c=...,md5=BASE64`.
fn published_md5(value: &str) -> Option<Vec<u8>> {
    value.split(',').find_map(|part| part.trim().strip_prefix("md5=")).and_then(base64_decode)
}

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let bytes: Vec<u8> = text.trim().trim_end_matches('=').bytes().collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut acc = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            acc |= value(c)? << (18 - 6 * i);
        }
        let n = chunk.len().saturating_sub(1);
        out.extend(acc.to_be_bytes()[1..=n].iter());
    }
    Some(out)
}

impl Fetcher {
    pub fn new() -> Fetcher {
        let config = ureq::Agent::config_builder()
            .timeout_connect(Some(Duration::from_secs(30)))
            // Per read, not per download: a large archive on a slow link still completes.
            .timeout_recv_body(Some(Duration::from_secs(120)))
            .http_status_as_error(false)
            .user_agent(concat!("ospo/", env!("CARGO_PKG_VERSION")))
            .build();
        Fetcher { agent: config.into() }
    }

    /// The body of `url`, or `None` when the server has no such file (404).
    pub fn small(&self, url: &str) -> Result<Option<Vec<u8>>> {
        let response = self.agent.get(url).call().with_context(|| format!("GET {url}"))?;
        match response.status().as_u16() {
            200 => {}
            404 => return Ok(None),
            status => bail!("GET {url}: HTTP {status}"),
        }
        let mut body = Vec::new();
        response
            .into_body()
            .into_reader()
            .take(SMALL_CAP + 1)
            .read_to_end(&mut body)
            .with_context(|| format!("reading {url}"))?;
        if body.len() as u64 > SMALL_CAP {
            bail!("{url} is larger than {SMALL_CAP} bytes");
        }
        Ok(Some(body))
    }

    /// Downloads `url` into `part`, continuing what an earlier run left there when `etag` says it
    /// is the same file.
    pub fn download(&self, url: &str, part: &Path, etag: Option<&str>) -> Result<Download> {
        let existing = match (std::fs::metadata(part), etag) {
            (Ok(meta), Some(_)) if meta.is_file() => meta.len(),
            _ => 0,
        };
        let mut request = self.agent.get(url);
        if let (true, Some(etag)) = (existing > 0, etag) {
            request = request.header("Range", format!("bytes={existing}-")).header("If-Range", etag);
        }
        let response = request.call().with_context(|| format!("GET {url}"))?;
        let status = response.status().as_u16();
        let (mut file, start, resumed) = match status {
            206 => {
                let range = header(&response, "content-range").unwrap_or_default();
                if !range.starts_with(&format!("bytes {existing}-")) {
                    bail!("GET {url}: the server resumed at {range:?}, not at byte {existing}");
                }
                (
                    OpenOptions::new()
                        .append(true)
                        .open(part)
                        .with_context(|| format!("{}", part.display()))?,
                    existing,
                    true,
                )
            }
            200 => {
                (File::create(part).with_context(|| format!("cannot write {}", part.display()))?, 0, false)
            }
            // The range is past the end: the part is stale; start over without it.
            416 => {
                std::fs::remove_file(part).ok();
                return self.download(url, part, None);
            }
            other => bail!("GET {url}: HTTP {other}"),
        };
        let expected = match status {
            206 => header(&response, "content-range").and_then(|r| r.rsplit('/').next()?.parse::<u64>().ok()),
            _ => header(&response, "content-length").and_then(|l| l.parse::<u64>().ok()),
        };
        let new_etag = header(&response, "etag");
        let last_modified = header(&response, "last-modified");
        let md5 = header(&response, "x-goog-hash").as_deref().and_then(published_md5);
        // The validator is kept beside the part, so an interrupted run can be resumed.
        if let Some(tag) = &new_etag {
            std::fs::write(part.with_extension("part.etag"), tag).ok();
        }
        let mut reader = response.into_body().into_reader();
        let copied = std::io::copy(&mut reader, &mut file).with_context(|| format!("downloading {url}"))?;
        file.flush()?;
        drop(file);
        let size = start + copied;
        if let Some(expected) = expected.filter(|e| *e != size) {
            bail!("GET {url}: got {size} bytes of {expected}; run `ospo db update` again to resume");
        }
        let (sha256, actual_md5) = digests(part)?;
        if let Some(md5) = md5.filter(|m| *m != actual_md5) {
            std::fs::remove_file(part).ok();
            bail!(
                "{url}: MD5 {} does not match the published {}; the download was discarded",
                hex::encode(actual_md5),
                hex::encode(md5)
            );
        }
        std::fs::remove_file(part.with_extension("part.etag")).ok();
        Ok(Download { etag: new_etag, last_modified, size, sha256, resumed })
    }
}

fn digests(path: &Path) -> Result<(String, Vec<u8>)> {
    use sha2::Digest as _;
    let mut file = File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut sha = sha2::Sha256::new();
    let mut md5 = md5::Md5::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        sha.update(&buffer[..n]);
        md5.update(&buffer[..n]);
    }
    Ok((hex::encode(sha.finalize()), md5.finalize().to_vec()))
}

/// The validator an interrupted run left beside its `.part` file.
pub fn part_etag(part: &Path) -> Option<String> {
    std::fs::read_to_string(part.with_extension("part.etag")).ok().map(|s| s.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x_goog_hash_md5_is_decoded() {
        // md5("") = d41d8cd98f00b204e9800998ecf8427e
        let md5 = published_md5("crc32c=AAAAAA==,md5=1B2M2Y8AsgTpgAmY7PhCfg==").expect("md5");
        assert_eq!(hex::encode(md5), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(base64_decode("aGk="), Some(b"hi".to_vec()));
        assert_eq!(base64_decode("a!"), None);
    }
}
