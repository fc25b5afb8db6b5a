//! Facts about a scan that do not come from plugins: when it ran, which revision of which
//! repository was scanned, and what the scanned project calls itself. Each function is standalone
//! so the scan can record them without this module knowing the result's shape.
//!
//! The scanned tree is untrusted. Nothing here executes anything the tree configures: git is run
//! with hooks, fsmonitor and filter drivers switched off, and manifests are parsed, never run.

use std::ffi::OsStr;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

/// The last second RFC 3339 can write with a four-digit year (9999-12-31T23:59:59Z).
const MAX_SECONDS: u64 = 253_402_300_799;

/// Why no timestamp could be produced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimestampError {
    /// Meant as a usage error (exit 2), not a diagnostic: a pipeline that sets
    /// `SOURCE_DATE_EPOCH` wants a reproducible report, and a silently wall-clock one defeats it.
    #[error(
        "SOURCE_DATE_EPOCH={0:?} is not a whole number of seconds since 1970-01-01 \
         (at most {MAX_SECONDS}); set it to the output of `date +%s` or unset it"
    )]
    InvalidSourceDateEpoch(String),
    #[error("the system clock is set before 1970-01-01")]
    ClockBeforeEpoch,
}

/// When the scan ran, as RFC 3339 UTC to the second (`2026-12-03T08:00:00Z`). Honours
/// `SOURCE_DATE_EPOCH` (reproducible-builds.org) so a report can be byte-for-byte reproducible.
pub fn timestamp() -> Result<String, TimestampError> {
    timestamp_from(std::env::var_os("SOURCE_DATE_EPOCH").as_deref(), SystemTime::now())
}

/// [`timestamp`] with its inputs passed in: `source_date_epoch` as the variable's value, if set,
/// and the time to use when it is not.
pub fn timestamp_from(source_date_epoch: Option<&OsStr>, now: SystemTime) -> Result<String, TimestampError> {
    let seconds = match source_date_epoch {
        Some(value) => {
            let invalid = || TimestampError::InvalidSourceDateEpoch(value.to_string_lossy().into_owned());
            let text = value.to_str().ok_or_else(invalid)?;
            // `u64::from_str` would accept a leading `+`; the variable is digits only.
            if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid());
            }
            text.parse::<u64>().ok().filter(|&s| s <= MAX_SECONDS).ok_or_else(invalid)?
        }
        None => now.duration_since(UNIX_EPOCH).map_err(|_| TimestampError::ClockBeforeEpoch)?.as_secs(),
    };
    Ok(rfc3339(seconds.min(MAX_SECONDS)))
}

/// Seconds since 1970 as `YYYY-MM-DDTHH:MM:SSZ`.
fn rfc3339(seconds: u64) -> String {
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rest / 3600, rest % 3600 / 60, rest % 60)
}

/// Days since 1970-01-01 to a proleptic Gregorian date: Howard Hinnant's `civil_from_days`, with
/// eras of 400 years (146 097 days) starting on March 1st so the leap day ends a year. No date
/// crate is in the dependency tree, and this is all the scan needs.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468; // days from 0000-03-01
    let era = z / 146_097;
    let doe = z % 146_097; // day of era, 0..=146096
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // year of era, 0..=399
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // day of year from March 1st
    let mp = (5 * doy + 2) / 153; // month from March, 0..=11
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

pub use crate::model::{Component, VcsInfo};

/// The git revision `root` is inside, or `None` when it is not in a git work tree. Uses the `git`
/// command line, and reads `.git` directly when `git` is not installed or refuses the repository
/// (for instance one owned by another user).
pub fn vcs(root: &Path) -> Option<VcsInfo> {
    match from_git_cli(root) {
        Ok(Some(info)) => Some(info),
        Ok(None) => None,
        Err(Fallback) => from_git_files(root),
    }
}

/// `git` could not answer; the files may.
struct Fallback;

fn from_git_cli(root: &Path) -> Result<Option<VcsInfo>, Fallback> {
    match git(root, &[], &["rev-parse", "--is-inside-work-tree"])? {
        Some(inside) if inside.trim() == "true" => {}
        // Inside a `.git` directory: not a work tree.
        Some(_) => return Ok(None),
        // Not a repository, or one git refuses; the files say which.
        None => return Err(Fallback),
    }
    let line = |args: &[&str]| -> Result<Option<String>, Fallback> {
        Ok(git(root, &[], args)?.map(|out| out.trim().to_string()).filter(|s| !s.is_empty()))
    };
    let commit = line(&["rev-parse", "--verify", "-q", "HEAD"])?;
    let branch = line(&["symbolic-ref", "--short", "-q", "HEAD"])?;
    let remote = line(&["config", "--get", "remote.origin.url"])?.map(|url| strip_credentials(&url));
    let dirty = dirty(root)?;
    Ok(Some(VcsInfo { kind: "git".to_string(), commit, branch, remote, dirty }))
}

/// `git status` without running anything the repository configures. Status runs a filter
/// driver's `clean` (or `process`) command on files whose stat data changed, and those commands
/// come from the scanned repository's own `.git/config`; so every configured driver is overridden
/// with empty commands first. Submodules are not entered: each has a config of its own. The cost:
/// a filtered file (Git LFS) whose stat data changed compares unfiltered, and reads as dirty.
fn dirty(root: &Path) -> Result<Option<bool>, Fallback> {
    let listed = git(root, &[], &["config", "--null", "--name-only", "--get-regexp", r"^filter\."])?;
    let mut overrides = Vec::new();
    for key in listed.iter().flat_map(|out| out.split('\0')).filter(|k| !k.is_empty()) {
        let Some(driver) = key.strip_prefix("filter.").and_then(|k| k.rsplit_once('.')).map(|(d, _)| d)
        else {
            continue;
        };
        // `-c a=b` splits at the first `=`; a driver named with one cannot be overridden safely.
        if driver.contains(['=', '\n']) {
            return Ok(None);
        }
        for setting in ["clean", "smudge", "process"] {
            overrides.push(format!("filter.{driver}.{setting}="));
        }
        overrides.push(format!("filter.{driver}.required=false"));
    }
    let overrides: Vec<&str> = overrides.iter().map(String::as_str).collect();
    let status =
        git(root, &overrides, &["status", "--porcelain", "--untracked-files=no", "--ignore-submodules=all"])?;
    Ok(status.map(|out| !out.trim().is_empty()))
}

/// Runs `git -C root` with `config` as `-c` settings: stdout when it succeeds, `None` when it
/// exits with an error, [`Fallback`] when it cannot be started.
///
/// The scanned repository is untrusted, and git runs commands its config names. So: hooks point
/// at `/dev/null` (an index refresh can fire `post-index-change`), `core.fsmonitor` is off (its
/// value is a command), optional locks are off so status never writes the index, the system
/// config is skipped, and the caller's `GIT_DIR`-style variables (set when ospo runs inside a git
/// hook) are dropped so `-C root` alone says which repository is meant.
fn git(root: &Path, config: &[&str], args: &[&str]) -> Result<Option<String>, Fallback> {
    let mut command = Command::new("git");
    command.arg("-C").arg(root);
    for setting in ["core.fsmonitor=false", "core.hooksPath=/dev/null"].iter().chain(config) {
        command.arg("-c").arg(setting);
    }
    command
        .args(args)
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C");
    for variable in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY"] {
        command.env_remove(variable);
    }
    let output = command.stdin(Stdio::null()).stderr(Stdio::null()).output().map_err(|_| Fallback)?;
    Ok(output.status.success().then(|| String::from_utf8_lossy(&output.stdout).into_owned()))
}

/// What `.git` says without git: HEAD, the ref it names (loose or packed), and origin's URL.
/// Whether the tree is dirty needs the index and object store, so it stays unknown.
fn from_git_files(root: &Path) -> Option<VcsInfo> {
    let start = root.canonicalize().ok()?;
    let git_dir = start.ancestors().find_map(|dir| git_dir_at(&dir.join(".git")))?;
    // A linked worktree keeps HEAD in its own directory and refs in the main one.
    let common = fs::read_to_string(git_dir.join("commondir"))
        .ok()
        .map(|rel| git_dir.join(rel.trim()))
        .unwrap_or_else(|| git_dir.clone());
    let head = read_small(&git_dir.join("HEAD"))?;
    let head = head.trim();
    let (commit, branch) = match head.strip_prefix("ref:") {
        Some(name) => {
            let name = name.trim();
            (resolve_ref(&git_dir, &common, name), name.strip_prefix("refs/heads/").map(str::to_string))
        }
        None => (is_object_id(head).then(|| head.to_string()), None),
    };
    let remote = read_small(&common.join("config"))
        .and_then(|config| origin_url(&config))
        .map(|url| strip_credentials(&url));
    Some(VcsInfo { kind: "git".to_string(), commit, branch, remote, dirty: None })
}

/// The git directory a `.git` entry stands for: the directory itself, or the target of a
/// `gitdir:` file (worktrees, submodules).
fn git_dir_at(dot_git: &Path) -> Option<PathBuf> {
    if dot_git.join("HEAD").is_file() {
        return Some(dot_git.to_path_buf());
    }
    let text = read_small(dot_git)?;
    let target = text.lines().next()?.strip_prefix("gitdir:")?.trim();
    let dir = dot_git.parent()?.join(target);
    dir.join("HEAD").is_file().then_some(dir)
}

/// The object id a ref names, following symbolic refs a few levels. Names come from the
/// untrusted HEAD file, so only `refs/...` without `..` is looked up.
fn resolve_ref(git_dir: &Path, common: &Path, name: &str) -> Option<String> {
    let mut name = name.to_string();
    for _ in 0..5 {
        if !name.starts_with("refs/") || name.split('/').any(|part| part == ".." || part.is_empty()) {
            return None;
        }
        let loose = read_small(&git_dir.join(&name)).or_else(|| read_small(&common.join(&name)));
        let Some(loose) = loose else {
            return packed_ref(common, &name);
        };
        let loose = loose.trim();
        match loose.strip_prefix("ref:") {
            Some(next) => name = next.trim().to_string(),
            None => return is_object_id(loose).then(|| loose.to_string()),
        }
    }
    None
}

fn packed_ref(common: &Path, name: &str) -> Option<String> {
    let packed = read_small(&common.join("packed-refs"))?;
    packed
        .lines()
        .filter(|line| !line.starts_with('#') && !line.starts_with('^'))
        .filter_map(|line| line.split_once(' '))
        .find(|(_, ref_name)| ref_name.trim() == name)
        .map(|(id, _)| id.to_string())
        .filter(|id| is_object_id(id))
}

/// A SHA-1 or SHA-256 object id in hex.
fn is_object_id(text: &str) -> bool {
    matches!(text.len(), 40 | 64) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `url` of `[remote "origin"]` in a git config file: enough of the format for that one key
/// (section names are case-insensitive, subsection names are not).
fn origin_url(config: &str) -> Option<String> {
    let mut in_origin = false;
    for line in config.lines().map(str::trim) {
        if let Some(header) = line.strip_prefix('[') {
            let header = header.split(']').next().unwrap_or_default().trim();
            in_origin = header.split_once(char::is_whitespace).is_some_and(|(section, sub)| {
                section.eq_ignore_ascii_case("remote") && sub.trim() == "\"origin\""
            });
            continue;
        }
        if !in_origin {
            continue;
        }
        if let Some((key, value)) = line.split_once('=')
            && key.trim().eq_ignore_ascii_case("url")
        {
            let value = value.trim();
            return Some(
                value.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(value).to_string(),
            );
        }
    }
    None
}

/// A remote URL without its password or token: `https://user:token@host/x` becomes
/// `https://host/x`. Over http(s) a bare user name is dropped too, since tokens are often passed
/// as one; over other schemes (`ssh://git@host/x`) a user without a password is kept.
pub fn strip_credentials(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let (scheme, after) = (&url[..scheme_end], &url[scheme_end + 3..]);
    let authority_end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let (authority, rest) = after.split_at(authority_end);
    let Some(at) = authority.rfind('@') else {
        return url.to_string();
    };
    let userinfo = &authority[..at];
    let http = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
    if !http && !userinfo.contains(':') {
        return url.to_string();
    }
    format!("{scheme}://{}{rest}", &authority[at + 1..])
}

/// The root's own package, from the first of `Cargo.toml` (`[package]`), `package.json` and
/// `pyproject.toml` (`[project]`, then `[tool.poetry]`) that names one; otherwise the root
/// directory's name, without version or purl. A manifest that does not parse is passed over:
/// the plugins report it, and the name is still worth having.
pub fn root_component(root: &Path) -> Option<Component> {
    cargo_component(root)
        .or_else(|| npm_component(root))
        .or_else(|| python_component(root))
        .or_else(|| directory_component(root))
}

fn cargo_component(root: &Path) -> Option<Component> {
    let table: toml::Table = toml::from_str(&read_small(&root.join("Cargo.toml"))?).ok()?;
    let package = table.get("package")?.as_table()?;
    let name = package.get("name")?.as_str()?;
    // `version.workspace = true` takes the version from `[workspace.package]` of the same file
    // when the root is the workspace too.
    let version = match package.get("version") {
        Some(toml::Value::String(v)) => Some(v.as_str()),
        Some(toml::Value::Table(t)) if t.get("workspace").and_then(toml::Value::as_bool) == Some(true) => {
            table.get("workspace").and_then(|w| w.get("package")).and_then(|p| p.get("version")?.as_str())
        }
        _ => None,
    };
    Some(component("cargo", None, name, version))
}

fn npm_component(root: &Path) -> Option<Component> {
    let json: serde_json::Value = serde_json::from_str(&read_small(&root.join("package.json"))?).ok()?;
    let full_name = json.get("name")?.as_str()?;
    let version = json.get("version").and_then(|v| v.as_str());
    // `@scope/name` is the purl's namespace and name; the component keeps the name as npm shows it.
    let (namespace, name) = match full_name.split_once('/') {
        Some((scope, name)) if scope.starts_with('@') => (Some(scope), name),
        _ => (None, full_name),
    };
    let mut found = component("npm", namespace, name, version);
    found.name = full_name.to_string();
    Some(found)
}

fn python_component(root: &Path) -> Option<Component> {
    let table: toml::Table = toml::from_str(&read_small(&root.join("pyproject.toml"))?).ok()?;
    let poetry = || table.get("tool")?.get("poetry");
    let section = table.get("project").filter(|p| p.get("name").is_some()).or_else(poetry)?;
    let name = section.get("name")?.as_str()?;
    // A `dynamic` version is computed by the build backend; it is not in the file.
    let version = section.get("version").and_then(toml::Value::as_str);
    Some(component("pypi", None, name, version))
}

fn directory_component(root: &Path) -> Option<Component> {
    // Canonical, so a root of `.` is named after the directory it stands for.
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let name = root.file_name()?.to_string_lossy().into_owned();
    Some(Component { name, version: None, purl: None })
}

/// A component with its purl; a name the purl spec rejects still names the component.
fn component(kind: &str, namespace: Option<&str>, name: &str, version: Option<&str>) -> Component {
    let purl = packageurl::PackageUrl::new(kind, name).ok().and_then(|mut purl| {
        if let Some(namespace) = namespace {
            purl.with_namespace(namespace).ok()?;
        }
        if let Some(version) = version {
            purl.with_version(version).ok()?;
        }
        Some(purl.to_string())
    });
    Component { name: name.to_string(), version: version.map(str::to_string), purl }
}

/// A small text file from the scanned tree. Manifests and git metadata are far under a MiB; a
/// larger file is not what we are looking for and is not read whole.
fn read_small(path: &Path) -> Option<String> {
    const CAP: u64 = 1 << 20;
    let mut text = String::new();
    let file = fs::File::open(path).ok()?;
    file.take(CAP + 1).read_to_string(&mut text).ok()?;
    (text.len() as u64 <= CAP).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn dates_match_known_ones() {
        for (seconds, expected) in [
            (0, "1970-01-01T00:00:00Z"),
            (951_782_400, "2000-02-29T00:00:00Z"), // leap day of a 400-year leap year
            (951_868_799, "2000-02-29T23:59:59Z"),
            (951_868_800, "2000-03-01T00:00:00Z"),
            (4_107_542_399, "2100-02-28T23:59:59Z"),
            (1_709_164_800, "2024-02-29T00:00:00Z"),
            (4_107_542_400, "2100-03-01T00:00:00Z"), // 2100 is not a leap year
            (1_796_284_800, "2026-12-03T08:00:00Z"),
            (1_798_761_599, "2026-12-31T23:59:59Z"),
            (MAX_SECONDS, "9999-12-31T23:59:59Z"),
        ] {
            assert_eq!(rfc3339(seconds), expected, "{seconds}");
        }
    }

    #[test]
    fn source_date_epoch_wins_over_the_clock() {
        let now = at(1_000_000_000);
        assert_eq!(
            timestamp_from(Some(OsStr::new("1796284800")), now).as_deref(),
            Ok("2026-12-03T08:00:00Z")
        );
        assert_eq!(timestamp_from(None, now).as_deref(), Ok("2001-09-09T01:46:40Z"));
    }

    #[test]
    fn invalid_source_date_epoch_is_an_error_naming_the_value() {
        for value in ["", "+5", "-1", "1.5", "now", "253402300800", "99999999999999999999999"] {
            let err = timestamp_from(Some(OsStr::new(value)), at(0)).expect_err(value);
            assert_eq!(err, TimestampError::InvalidSourceDateEpoch(value.to_string()));
            assert!(err.to_string().contains(&format!("{value:?}")), "{err}");
        }
    }

    #[test]
    fn credentials_are_stripped_from_remote_urls() {
        for (url, expected) in [
            ("https://user:token@github.com/acme/x.git", "https://github.com/acme/x.git"),
            ("https://ghp_secret@github.com/acme/x", "https://github.com/acme/x"),
            ("http://a:b@host:8080/x?y=1", "http://host:8080/x?y=1"),
            ("ssh://git:pw@host/x", "ssh://host/x"),
            ("ssh://git@host/x", "ssh://git@host/x"),
            ("git@github.com:acme/x.git", "git@github.com:acme/x.git"),
            ("https://github.com/acme/x", "https://github.com/acme/x"),
            ("https://host/path@with-at", "https://host/path@with-at"),
        ] {
            assert_eq!(strip_credentials(url), expected, "{url}");
        }
    }

    fn git_available() -> bool {
        Command::new("git").arg("--version").stdout(Stdio::null()).status().is_ok_and(|s| s.success())
    }

    fn run_git(dir: &Path, args: &[&str]) -> String {
        let out = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"])
            .args(args)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    fn repo() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        run_git(dir.path(), &["init", "-q", "-b", "trunk"]);
        fs::write(dir.path().join("a.txt"), "one\n").expect("write");
        run_git(dir.path(), &["add", "a.txt"]);
        run_git(dir.path(), &["commit", "-q", "-m", "first"]);
        run_git(dir.path(), &["remote", "add", "origin", "https://bot:s3cret@example.com/acme/x.git"]);
        dir
    }

    #[test]
    fn a_git_repository_gives_commit_branch_remote_and_dirty() {
        if !git_available() {
            return;
        }
        let dir = repo();
        let head = run_git(dir.path(), &["rev-parse", "HEAD"]);
        let info = vcs(dir.path()).expect("a repository");
        assert_eq!(
            info,
            VcsInfo {
                kind: "git".to_string(),
                commit: Some(head.clone()),
                branch: Some("trunk".into()),
                remote: Some("https://example.com/acme/x.git".into()),
                dirty: Some(false),
            }
        );
        // Untracked files do not count; a changed tracked one does.
        fs::write(dir.path().join("new.txt"), "x").expect("write");
        assert_eq!(vcs(dir.path()).and_then(|i| i.dirty), Some(false));
        fs::write(dir.path().join("a.txt"), "two\n").expect("write");
        assert_eq!(vcs(dir.path()).and_then(|i| i.dirty), Some(true));
        // A subdirectory belongs to the same repository.
        fs::create_dir(dir.path().join("sub")).expect("mkdir");
        assert_eq!(vcs(&dir.path().join("sub")).and_then(|i| i.commit), Some(head.clone()));
        // Without git: the files alone, dirty unknown.
        let files = from_git_files(dir.path()).expect("read from .git");
        assert_eq!((files.commit, files.branch, files.dirty), (Some(head), Some("trunk".into()), None));
        assert_eq!(files.remote.as_deref(), Some("https://example.com/acme/x.git"));
    }

    #[test]
    fn detached_head_and_packed_refs_are_read_from_files() {
        if !git_available() {
            return;
        }
        let dir = repo();
        let head = run_git(dir.path(), &["rev-parse", "HEAD"]);
        run_git(dir.path(), &["pack-refs", "--all"]);
        assert!(!dir.path().join(".git/refs/heads/trunk").exists(), "the ref is packed");
        assert_eq!(from_git_files(dir.path()).and_then(|i| i.commit), Some(head.clone()));
        run_git(dir.path(), &["checkout", "-q", "--detach"]);
        let info = vcs(dir.path()).expect("a repository");
        assert_eq!((info.commit.as_deref(), info.branch), (Some(head.as_str()), None));
        let files = from_git_files(dir.path()).expect("read from .git");
        assert_eq!((files.commit, files.branch), (Some(head), None));
    }

    #[test]
    fn scanning_a_repository_runs_none_of_its_configured_commands() {
        if !git_available() {
            return;
        }
        let dir = repo();
        // The canary lives outside the work tree, so touching it cannot itself make the tree dirty.
        let outside = tempfile::tempdir().expect("tempdir");
        let canary = outside.path().join("filter-ran");
        let command = format!("touch '{}'; cat", canary.display());
        fs::write(dir.path().join(".gitattributes"), "* filter=evil\n").expect("write");
        run_git(dir.path(), &["config", "filter.evil.clean", &command]);
        run_git(dir.path(), &["config", "filter.evil.process", &command]);
        run_git(dir.path(), &["config", "filter.evil.required", "true"]);
        run_git(dir.path(), &["config", "core.fsmonitor", &command]);
        // Same size, new stat data: git has to compare contents, which is when it would run the
        // clean filter (a changed size alone already says "modified").
        fs::write(dir.path().join("a.txt"), "one\n").expect("write");
        let info = vcs(dir.path()).expect("a repository");
        assert!(!canary.exists(), "a command from the scanned repository's config was run");
        assert_eq!(info.dirty, Some(false));
    }

    #[test]
    fn a_directory_outside_any_repository_has_no_vcs() {
        let dir = tempfile::tempdir().expect("tempdir");
        // The temp dir could sit inside a repository on some machine; only then is this moot.
        if dir.path().ancestors().any(|d| d.join(".git").exists()) {
            return;
        }
        assert_eq!(vcs(dir.path()), None);
        assert_eq!(from_git_files(dir.path()), None);
    }

    #[test]
    fn origin_url_is_read_from_a_config_file() {
        let config = "[core]\n\turl = no\n[remote \"upstream\"]\n\turl = a\n[Remote \"origin\"]\n\tfetch = x\n\tURL = \"b\"\n";
        assert_eq!(origin_url(config).as_deref(), Some("b"));
        assert_eq!(origin_url("[remote \"origin2\"]\nurl = c\n"), None);
    }

    fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        for (name, contents) in files {
            fs::write(dir.path().join(name), contents).expect("write");
        }
        dir
    }

    fn named(name: &str, version: Option<&str>, purl: Option<&str>) -> Option<Component> {
        Some(Component { name: name.into(), version: version.map(Into::into), purl: purl.map(Into::into) })
    }

    #[test]
    fn root_component_comes_from_the_root_manifest() {
        let cargo = tree(&[("Cargo.toml", "[package]\nname = \"acme-cli\"\nversion = \"1.2.3\"\n")]);
        assert_eq!(
            root_component(cargo.path()),
            named("acme-cli", Some("1.2.3"), Some("pkg:cargo/acme-cli@1.2.3"))
        );

        let inherited = tree(&[(
            "Cargo.toml",
            "[workspace.package]\nversion = \"0.4.0\"\n\n[package]\nname = \"acme\"\nversion.workspace = true\n",
        )]);
        assert_eq!(
            root_component(inherited.path()),
            named("acme", Some("0.4.0"), Some("pkg:cargo/acme@0.4.0"))
        );

        let npm = tree(&[("package.json", r#"{"name": "@acme/web", "version": "2.0.0-rc.1"}"#)]);
        assert_eq!(
            root_component(npm.path()),
            named("@acme/web", Some("2.0.0-rc.1"), Some("pkg:npm/%40acme/web@2.0.0-rc.1"))
        );

        let python = tree(&[("pyproject.toml", "[project]\nname = \"Acme_Tools\"\nversion = \"3.1\"\n")]);
        assert_eq!(
            root_component(python.path()),
            named("Acme_Tools", Some("3.1"), Some("pkg:pypi/acme-tools@3.1"))
        );

        let poetry = tree(&[("pyproject.toml", "[tool.poetry]\nname = \"acme\"\nversion = \"0.1.0\"\n")]);
        assert_eq!(root_component(poetry.path()), named("acme", Some("0.1.0"), Some("pkg:pypi/acme@0.1.0")));

        let unversioned = tree(&[("package.json", r#"{"name": "site"}"#)]);
        assert_eq!(root_component(unversioned.path()), named("site", None, Some("pkg:npm/site")));
    }

    #[test]
    fn without_a_usable_manifest_the_directory_names_the_component() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("my-project");
        fs::create_dir(&root).expect("mkdir");
        assert_eq!(root_component(&root), named("my-project", None, None));
        // A virtual workspace has no package; a broken manifest is passed over.
        fs::write(root.join("Cargo.toml"), "[workspace]\nmembers = [\"a\"]\n").expect("write");
        fs::write(root.join("package.json"), "{ not json").expect("write");
        assert_eq!(root_component(&root), named("my-project", None, None));
        // The next manifest in order still counts.
        fs::write(root.join("pyproject.toml"), "[project]\nname = \"tool\"\ndynamic = [\"version\"]\n")
            .expect("write");
        assert_eq!(root_component(&root), named("tool", None, Some("pkg:pypi/tool")));
    }
}
