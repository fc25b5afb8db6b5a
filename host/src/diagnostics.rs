//! The catalogue of diagnostic codes: every code the host raises, with its one level and what it
//! means, and the codes of the default plugins. Codes are stable (users grep, ignore and document
//! them), so the host names them through [`Code`] rather than string literals, and `ospo explain`
//! and the README's table are generated from here.

use std::fmt;
use std::str::FromStr;

use crate::model::Level;

/// A diagnostic code the host raises. The level is the code's, not the call site's: one code
/// means one thing to a user filtering a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    PluginTimeout,
    PluginMemoryLimit,
    PluginPanic,
    PluginTrap,
    PluginOutputLimit,
    PluginError,
    PluginDisabled,
    PluginInvalidGlob,
    PluginOutputInvalid,
    PluginBudgetExhausted,
    PluginTakesOver,
    SandboxDenied,
    FileTooLarge,
    FileUnreadable,
    PathNotUtf8,
    WalkError,
    FilesIgnored,
    NothingScanned,
    ManifestUnread,
    LicenseMismatch,
    CurationStale,
    CurationUnused,
    PackageManifestMalformed,
    PolicyExceptionExpiring,
    PolicyExceptionUnused,
    PolicyBaselined,
    AdvisoryDbStale,
    AdvisoryIgnoreExpired,
    AdvisoryIgnoreUnused,
}

impl Code {
    /// Every host code, in the order the catalogue lists them.
    pub const ALL: &[Code] = &[
        Code::PluginTimeout,
        Code::PluginMemoryLimit,
        Code::PluginPanic,
        Code::PluginTrap,
        Code::PluginOutputLimit,
        Code::PluginError,
        Code::PluginDisabled,
        Code::PluginInvalidGlob,
        Code::PluginOutputInvalid,
        Code::PluginBudgetExhausted,
        Code::PluginTakesOver,
        Code::SandboxDenied,
        Code::FileTooLarge,
        Code::FileUnreadable,
        Code::PathNotUtf8,
        Code::WalkError,
        Code::FilesIgnored,
        Code::NothingScanned,
        Code::ManifestUnread,
        Code::LicenseMismatch,
        Code::CurationStale,
        Code::CurationUnused,
        Code::PackageManifestMalformed,
        Code::PolicyExceptionExpiring,
        Code::PolicyExceptionUnused,
        Code::PolicyBaselined,
        Code::AdvisoryDbStale,
        Code::AdvisoryIgnoreExpired,
        Code::AdvisoryIgnoreUnused,
    ];

    /// The stable kebab-case code written into reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::PluginTimeout => "plugin-timeout",
            Code::PluginMemoryLimit => "plugin-memory-limit",
            Code::PluginPanic => "plugin-panic",
            Code::PluginTrap => "plugin-trap",
            Code::PluginOutputLimit => "plugin-output-limit",
            Code::PluginError => "plugin-error",
            Code::PluginDisabled => "plugin-disabled",
            Code::PluginInvalidGlob => "plugin-invalid-glob",
            Code::PluginOutputInvalid => "plugin-output-invalid",
            Code::PluginBudgetExhausted => "plugin-budget-exhausted",
            Code::PluginTakesOver => "plugin-takes-over",
            Code::SandboxDenied => "sandbox-denied",
            Code::FileTooLarge => "file-too-large",
            Code::FileUnreadable => "file-unreadable",
            Code::PathNotUtf8 => "path-not-utf8",
            Code::WalkError => "walk-error",
            Code::FilesIgnored => "files-ignored",
            Code::NothingScanned => "nothing-scanned",
            Code::ManifestUnread => "manifest-unread",
            Code::LicenseMismatch => "license-mismatch",
            Code::CurationStale => "curation-stale",
            Code::CurationUnused => "curation-unused",
            Code::PackageManifestMalformed => "package-manifest-malformed",
            Code::PolicyExceptionExpiring => "policy-exception-expiring",
            Code::PolicyExceptionUnused => "policy-exception-unused",
            Code::PolicyBaselined => "policy-baselined",
            Code::AdvisoryDbStale => "advisory-db-stale",
            Code::AdvisoryIgnoreExpired => "advisory-ignore-expired",
            Code::AdvisoryIgnoreUnused => "advisory-ignore-unused",
        }
    }

    /// Error: a plugin broke or hit a sandbox limit, so its results for some input are missing.
    /// Warning: the scan is complete except for what the message names (a file left out, a
    /// refused read). A file left out of a compliance scan matters, so none of these is info;
    /// only files left out by the tree's own ignore rules are (counted, so never silently).
    pub fn level(self) -> Level {
        match self {
            Code::PluginTimeout
            | Code::PluginMemoryLimit
            | Code::PluginPanic
            | Code::PluginTrap
            | Code::PluginOutputLimit
            | Code::PluginDisabled
            | Code::PluginInvalidGlob
            | Code::PluginBudgetExhausted => Level::Error,
            Code::PluginError
            | Code::PluginOutputInvalid
            | Code::PluginTakesOver
            | Code::SandboxDenied
            | Code::FileTooLarge
            | Code::FileUnreadable
            | Code::PathNotUtf8
            | Code::WalkError
            | Code::NothingScanned
            | Code::ManifestUnread
            | Code::LicenseMismatch
            | Code::CurationStale
            | Code::PackageManifestMalformed
            | Code::PolicyExceptionExpiring
            | Code::PolicyExceptionUnused
            | Code::AdvisoryDbStale
            | Code::AdvisoryIgnoreExpired => Level::Warning,
            Code::FilesIgnored
            | Code::PolicyBaselined
            | Code::CurationUnused
            | Code::AdvisoryIgnoreUnused => Level::Info,
        }
    }

    /// What the code means and what to do about it.
    pub fn description(self) -> &'static str {
        match self {
            Code::PluginTimeout => {
                "A plugin call ran past its deadline and was stopped; its results for that input are \
                 missing. Raise `timeout-ms` under `[plugin.NAME]` or `[limits]` in ospo.toml, or \
                 report the input that makes it slow to the plugin's author."
            }
            Code::PluginMemoryLimit => {
                "A plugin call needed more memory than its cap and was stopped; its results for that \
                 input are missing. Raise `memory-mb` under `[plugin.NAME]` in ospo.toml if the input \
                 is legitimately large."
            }
            Code::PluginPanic => {
                "A plugin panicked (a bug in the plugin); its results for that input are missing. \
                 Report the message and the input to the plugin's author."
            }
            Code::PluginTrap => {
                "A plugin trapped or could not be instantiated, so its results for that input are \
                 missing; the instance is rebuilt before the next call. Report it to the plugin's \
                 author."
            }
            Code::PluginOutputLimit => {
                "A plugin returned or logged more than its output cap: an over-cap result is dropped \
                 whole (a truncated one would be silently wrong), over-cap logs are dropped. Raise \
                 `output-mb` under `[plugin.NAME]` in ospo.toml if the output is legitimate."
            }
            Code::PluginOutputInvalid => {
                "A plugin returned records the host does not accept: a path it was not given (or \
                 outside the root), a line range outside the file, a confidence that is not a number \
                 in 0..=1, an expression that does not parse, a `manifest` finding for a file that is \
                 not a licence manifest, a package whose purl contradicts its ecosystem or that \
                 another parser already produced, an edge to an unknown package, or an over-long \
                 string. Those records are dropped (or repaired, as the message says); the rest of \
                 the output is kept. Report it to the plugin's author."
            }
            Code::PluginBudgetExhausted => {
                "A plugin returned more over the whole scan (outputs, info, filter and logs) than \
                 its budget of four times its output cap, and is not called again in this scan; \
                 what it returned before is kept. Raise `output-mb` under `[plugin.NAME]` in \
                 ospo.toml if the volume is legitimate."
            }
            Code::PluginTakesOver => {
                "A plugin loaded from a file replaces a default plugin of the same name, or renders \
                 a format a default plugin renders (the file plugin renders it), or claims `json` or \
                 `text`, which the host always writes itself. Check that it is the plugin you meant \
                 to run."
            }
            Code::PluginError => {
                "A plugin reported that it could not handle an input; its results for that input \
                 are missing. The message is the plugin's own explanation."
            }
            Code::PluginDisabled => {
                "A plugin failed repeatedly and is not called again in this scan, so files after the \
                 failures were not examined by it. Fix the failures reported before this one."
            }
            Code::PluginInvalidGlob => {
                "A plugin declared a file glob that does not compile, so it was left out of the \
                 scan. Report it to the plugin's author."
            }
            Code::SandboxDenied => {
                "The sandbox refused a plugin's read: an absolute path, `..`, a symlink leaving the \
                 scan root or data grant, or a file over the read cap. The plugin carried on without \
                 it; a plugin that needs such a file needs a data grant."
            }
            Code::FileTooLarge => {
                "A file was over the size limit a plugin declares for its inputs, so it was not \
                 examined (by any plugin, when the diagnostic names none). Review it by hand, or \
                 list it in `[scan] exclude` if it is generated data."
            }
            Code::FileUnreadable => {
                "A file could not be opened or read (permissions, removed during the scan), so it was \
                 not examined. Fix its permissions or exclude it."
            }
            Code::PathNotUtf8 => {
                "A file's path is not UTF-8, which plugins cannot be given, so it was not examined. \
                 Rename it, or review it by hand."
            }
            Code::WalkError => {
                "Part of the tree could not be walked (an unreadable directory, a symlink loop, a bad \
                 ignore file); what lies below it was not scanned. The message names the path."
            }
            Code::FilesIgnored => {
                "Ignore rules left files out of the scan: `.gitignore` and `.git/info/exclude` \
                 inside a git work tree (as git and ripgrep apply them; outside one they do not \
                 apply), and `.ignore` files. The message gives the count and the directories \
                 holding most of them. `--no-ignore` scans them; `[scan] exclude` is applied either \
                 way and not counted here."
            }
            Code::NothingScanned => {
                "No file was scanned at all: the tree is empty, ignore rules left out every file, \
                 or no plugin was interested in any of them. The result is empty for that reason, \
                 not because the tree is clean; the message says which."
            }
            Code::ManifestUnread => {
                "A file looks like a manifest or lockfile of a known ecosystem, but no loaded parser \
                 reads it (its parser is disabled, not in the plugin set, or nobody supports the \
                 format), so its packages are missing from the inventory. Enable or add a parser \
                 for it, or exclude the file with `[scan] exclude`."
            }
            Code::LicenseMismatch => {
                "A package's files hold a licence its declaration does not name (a bundled file \
                 under another licence, a declaration that lags the LICENSE file). The concluded \
                 licence adds it and says `review`; check the files named and record the decision \
                 as a `[[curations]]` entry."
            }
            Code::CurationStale => {
                "A `[[curations]]` entry pins the licence file it was written for, and that file \
                 changed, is gone or is not on disk: the curation no longer applies and the licence \
                 is concluded without it. Review the new file and update the pin."
            }
            Code::CurationUnused => {
                "A `[[curations]]` entry matches no package of the scan: a typo in its purl or \
                 name, a version range that no longer matches, or a dependency since removed."
            }
            Code::PackageManifestMalformed => {
                "A package's own manifest in a package cache (a Maven pom, a NuGet nuspec) does not \
                 parse, or names another package than the one its folder is for. The scan goes on: a \
                 malformed manifest's folder is still the package's evidence, but its declared \
                 licence is unknown; a folder whose manifest names another package is not used. \
                 Restore the package into the cache again."
            }
            Code::PolicyExceptionExpiring => {
                "A `[[policy.exceptions]]` entry expires within 30 days; once expired, what it allows \
                 is a policy violation again and the scan exits 1. Review it with its owner: set a \
                 later `expires`, or replace what it covers."
            }
            Code::PolicyExceptionUnused => {
                "A `[[policy.exceptions]]` entry allowed nothing in this scan: what it named is gone, \
                 or the licence rules allow it anyway. Remove it, so that it cannot silently cover \
                 something else later."
            }
            Code::PolicyBaselined => {
                "Policy violations that the `--baseline` result already had are kept in the report \
                 but do not fail the run; only new ones do. The message gives both counts."
            }
            Code::AdvisoryDbStale => {
                "The advisory database the osv plugin read is older than a week, so advisories published \
                 since are missing from the result. Run `ospo db update`; the scan itself never goes online \
                 and never refuses an old database."
            }
            Code::AdvisoryIgnoreExpired => {
                "An `[advisories] ignore` exception is past its `expires` date, so the advisory it named is \
                 evaluated again (and may fail the run). Fix the dependency, or renew the exception with a \
                 new date and reason."
            }
            Code::AdvisoryIgnoreUnused => {
                "An `[advisories] ignore` exception matches no advisory of this scan (the dependency was \
                 upgraded or removed); remove it so it cannot hide a later advisory of the same id."
            }
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A code that is not one the host raises.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a host diagnostic code")]
pub struct NotAHostCode(pub String);

impl FromStr for Code {
    type Err = NotAHostCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Code::ALL.iter().copied().find(|c| c.as_str() == s).ok_or_else(|| NotAHostCode(s.to_string()))
    }
}

/// The name under which [`PLUGIN_CODES`] lists what the SDK's default `Detector::detect` raises
/// for any detector built on it.
pub const SDK: &str = "ospo-plugin-sdk";

/// Codes no plugin declares because the SDK raises them for every detector built on it:
/// `(code, raiser, level, description)`. Plugins declare their own in `info().codes`, and
/// `ospo explain` reads them from the loaded plugins.
pub const PLUGIN_CODES: &[(&str, &str, Level, &str)] = &[(
    "detector-file-error",
    SDK,
    Level::Warning,
    "A detector built on the SDK failed on one file; that file's results from it are missing, \
     the rest of the batch is kept. The message is the detector's explanation.",
)];

/// Who raises a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Raiser<'a> {
    Host,
    Plugin(&'a str),
}

impl fmt::Display for Raiser<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Raiser::Host => f.write_str("host"),
            Raiser::Plugin(SDK) => write!(f, "any detector built on {SDK}"),
            Raiser::Plugin(name) => write!(f, "plugin {name}"),
        }
    }
}

/// One row of the catalogue, host or plugin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'a> {
    pub code: &'a str,
    pub raised_by: Raiser<'a>,
    pub level: Level,
    pub description: &'a str,
}

impl Entry<'static> {
    fn host(code: Code) -> Self {
        Entry {
            code: code.as_str(),
            raised_by: Raiser::Host,
            level: code.level(),
            description: code.description(),
        }
    }
}

/// Every entry: the host's codes in [`Code::ALL`] order, then the plugins' sorted by code. `declared` holds codes plugins declared themselves; one replaces the table's row for the
/// same code and plugin.
pub fn entries<'a>(declared: &[Entry<'a>]) -> Vec<Entry<'a>> {
    let mut host: Vec<Entry<'a>> = Code::ALL.iter().map(|&c| Entry::host(c)).collect();
    let mut plugins: Vec<Entry<'a>> = PLUGIN_CODES
        .iter()
        .map(|&(code, plugin, level, description)| Entry {
            code,
            raised_by: Raiser::Plugin(plugin),
            level,
            description,
        })
        .filter(|e| !declared.iter().any(|d| d.code == e.code && d.raised_by == e.raised_by))
        .chain(declared.iter().copied().filter(|d| d.raised_by != Raiser::Host))
        .collect();
    plugins.sort_by_key(|e| (e.code, e.raised_by.to_string()));
    host.append(&mut plugins);
    host
}

/// The entries for `code` (one per raiser), empty when nobody raises it.
pub fn lookup<'a>(code: &str, declared: &[Entry<'a>]) -> Vec<Entry<'a>> {
    entries(declared).into_iter().filter(|e| e.code == code).collect()
}

/// Known codes close to `code`, nearest first: a small edit distance, or containing it, so
/// `timeout` finds `plugin-timeout`.
pub fn close_matches<'a>(code: &str, declared: &[Entry<'a>]) -> Vec<&'a str> {
    let mut scored: Vec<(usize, &'a str)> = entries(declared)
        .into_iter()
        .map(|e| e.code)
        .filter_map(|known| {
            let distance = edit_distance(code, known);
            let near = distance <= (known.len() / 3).max(2);
            let contains = code.len() >= 3 && known.contains(code);
            (near || contains).then_some((distance, known))
        })
        .collect();
    scored.sort();
    scored.dedup_by_key(|(_, known)| *known);
    scored.into_iter().map(|(_, known)| known).collect()
}

/// Levenshtein distance over chars; codes are short, so the two-row version is plenty.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitute.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "info",
    }
}

/// One entry as `ospo explain CODE` prints it, the description wrapped for a terminal.
pub fn explain(entry: &Entry<'_>) -> String {
    let mut out = format!(
        "{}\n  level:     {}\n  raised by: {}\n\n",
        entry.code,
        level_name(entry.level),
        entry.raised_by
    );
    let mut line = String::new();
    for word in entry.description.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > 96 {
            out.push_str(&format!("  {line}\n"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&format!("  {line}\n"));
    out
}

/// The catalogue as a Markdown table: what `ospo explain --list` prints and README.md embeds.
pub fn table(entries: &[Entry<'_>]) -> String {
    let mut out = String::from("| code | level | raised by | meaning |\n|---|---|---|---|\n");
    for e in entries {
        // A `|` would split the cell; descriptions are ours, so this is a check, not an escape.
        debug_assert!(!e.description.contains('|'), "{} has a `|` in its description", e.code);
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            e.code,
            level_name(e.level),
            e.raised_by,
            e.description
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_kebab_case() {
        for &code in Code::ALL {
            assert_eq!(code.as_str().parse::<Code>(), Ok(code));
            assert!(code.as_str().chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
        }
        assert_eq!("plugin-timeouts".parse::<Code>(), Err(NotAHostCode("plugin-timeouts".into())));
    }

    #[test]
    fn every_code_is_listed_once_and_described_without_pipes() {
        let all = entries(&[]);
        let mut keys: Vec<(&str, String)> = all.iter().map(|e| (e.code, e.raised_by.to_string())).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), all.len(), "a code is listed twice for one raiser");
        assert_eq!(all.iter().filter(|e| e.raised_by == Raiser::Host).count(), Code::ALL.len());
        for e in &all {
            assert!(!e.description.is_empty() && !e.description.contains('|'), "{}", e.code);
            assert!(
                !PLUGIN_CODES.iter().any(|p| p.0 == e.code) || e.raised_by != Raiser::Host,
                "{} is both a host and a plugin code",
                e.code
            );
        }
    }

    #[test]
    fn a_declared_code_replaces_the_tables_row() {
        let declared = [Entry {
            code: "lockfile-malformed",
            raised_by: Raiser::Plugin("cargo"),
            level: Level::Warning,
            description: "declared",
        }];
        let found = lookup("lockfile-malformed", &declared);
        assert_eq!(found, declared.to_vec());
        let sdk = [Entry { raised_by: Raiser::Plugin(SDK), ..declared[0] }];
        assert_eq!(lookup("detector-file-error", &sdk).len(), 1, "a declared row replaces the table's");
        let both = [declared[0], Entry { raised_by: Raiser::Plugin("license-text"), ..declared[0] }];
        assert_eq!(lookup("lockfile-malformed", &both).len(), 2, "one row per plugin raising it");
    }

    #[test]
    fn unknown_codes_suggest_close_ones() {
        assert_eq!(close_matches("plugin-timout", &[]), ["plugin-timeout"]);
        assert_eq!(close_matches("timeout", &[]), ["plugin-timeout"]);
        assert!(close_matches("zzzzzzzz", &[]).is_empty());
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
