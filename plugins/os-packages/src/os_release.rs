//! The distribution a package database belongs to, from the `os-release` file of the same root
//! file system (`etc/os-release`, else `usr/lib/os-release`, as os-release(5) says).

use ospo_plugin_sdk::host;
use ospo_plugin_sdk::text::lossy;

/// What a purl needs from os-release.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct OsRelease {
    /// `ID`, lower case (`debian`, `ubuntu`, `alpine`).
    pub id: Option<String>,
    /// `VERSION_ID` (`12`, `3.14.2`).
    pub version_id: Option<String>,
    /// `VERSION_CODENAME` (`bookworm`).
    pub codename: Option<String>,
    /// Where it was read.
    pub path: Option<String>,
}

impl OsRelease {
    /// The os-release of the root file system at `root` (`""` or a path ending in `/`).
    pub fn of_root(root: &str) -> OsRelease {
        for candidate in ["etc/os-release", "usr/lib/os-release"] {
            let path = format!("{root}{candidate}");
            if let Ok(bytes) = host::read_file(&path) {
                return OsRelease { path: Some(path), ..parse(&lossy(&bytes)) };
            }
        }
        OsRelease::default()
    }

    /// The purl `distro` qualifier: `ID-VERSION_ID` (`debian-12`, `alpine-3.14.2`), else the
    /// codename; none when os-release says neither.
    pub fn distro(&self) -> Option<String> {
        match (&self.id, &self.version_id, &self.codename) {
            (Some(id), Some(version), _) => Some(format!("{id}-{version}")),
            (_, _, Some(codename)) => Some(codename.clone()),
            _ => None,
        }
    }
}

/// Reads `KEY=value` lines, values optionally quoted (shell-like, as os-release(5) allows).
pub fn parse(text: &str) -> OsRelease {
    let mut release = OsRelease::default();
    for line in text.lines() {
        let Some((key, value)) = line.trim().split_once('=') else { continue };
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(value)
            .trim();
        if value.is_empty() {
            continue;
        }
        match key.trim() {
            "ID" => release.id = Some(value.to_ascii_lowercase()),
            "VERSION_ID" => release.version_id = Some(value.to_string()),
            "VERSION_CODENAME" => release.codename = Some(value.to_string()),
            _ => {}
        }
    }
    release
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_keys_a_purl_needs() {
        let debian = parse(
            "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\nID=debian\n",
        );
        assert_eq!(debian.distro().as_deref(), Some("debian-12"));
        assert_eq!(debian.codename.as_deref(), Some("bookworm"));
        let alpine = parse("NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.14.2\n");
        assert_eq!(alpine.distro().as_deref(), Some("alpine-3.14.2"));
        assert_eq!(parse("ID='Ubuntu'\nVERSION_CODENAME=noble").distro().as_deref(), Some("noble"));
        assert_eq!(parse("garbage\n=\nID=").distro(), None);
    }
}
