//! `[[policy.exceptions]]`: a documented acceptance of a licence the lists would not allow, for
//! one package (purl, or name glob with a version range) or one path glob, with a reason, an
//! owner and an expiry date. An expired exception no longer allows anything: what it covered
//! is a violation again, and says so. One expiring within [`WARN_DAYS`] is a warning.

use ospo_expression::Term;

use super::date::Date;
use super::scope::{PackageMatcher, PathSet, Subject};
use crate::model::{Diagnostic, ExceptionRef, Package};

/// How far ahead an expiry is announced.
pub const WARN_DAYS: i64 = 30;

#[derive(Debug, Clone)]
pub enum ExceptionMatcher {
    Package(PackageMatcher),
    Path(PathSet),
}

#[derive(Debug, Clone)]
pub struct Exception {
    /// The `id` written, or `ospo.toml:LINE`.
    pub id: String,
    pub matcher: ExceptionMatcher,
    /// The licence terms it accepts (`GPL-3.0-only`, `GPL-2.0-only WITH Classpath-exception-2.0`);
    /// empty accepts whatever licence the subject has.
    pub licenses: Vec<String>,
    pub reason: String,
    pub owner: String,
    pub expires: Option<Date>,
    /// `ospo.toml:LINE`.
    pub at: String,
}

/// Whether an exception still holds on the scan's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Active,
    Expired,
}

impl Exception {
    pub fn standing(&self, today: Date) -> Standing {
        match self.expires {
            Some(date) if date < today => Standing::Expired,
            _ => Standing::Active,
        }
    }

    /// Whether it names `subject`. A package exception also covers the files of the package's
    /// own directory (vendored sources), so one entry covers one component.
    pub fn covers_subject(&self, subject: &Subject<'_>) -> bool {
        match &self.matcher {
            ExceptionMatcher::Package(m) => subject.package().is_some_and(|p| m.matches(p)),
            ExceptionMatcher::Path(set) => subject.paths().iter().any(|p| set.is_match(p)),
        }
    }

    /// Whether it accepts licence `term`.
    pub fn covers_term(&self, term: &Term) -> bool {
        let full = term.to_string();
        self.licenses.is_empty()
            || self
                .licenses
                .iter()
                .any(|l| l.eq_ignore_ascii_case(&full) || l.eq_ignore_ascii_case(&term.license))
    }

    pub fn reference(&self) -> ExceptionRef {
        ExceptionRef {
            id: self.id.clone(),
            reason: self.reason.clone(),
            owner: Some(self.owner.clone()),
            expires: self.expires.map(|d| d.to_string()),
        }
    }

    /// "exception `vendored-gpl` (owner legal@acme.example, until 2026-06-30, ospo.toml:31)".
    pub fn cite(&self) -> String {
        let until = self.expires.map(|d| format!(", until {d}")).unwrap_or_default();
        format!("exception `{}` ({}{until}, {}: {})", self.id, self.owner, self.at, self.reason)
    }

    pub fn what(&self) -> String {
        match &self.matcher {
            ExceptionMatcher::Package(m) => format!("package {}", m.describe()),
            ExceptionMatcher::Path(set) => format!("path {}", set.patterns.join(", ")),
        }
    }
}

/// The source directory of a package that is a directory of the tree (a path dependency,
/// vendored code), other than the scan root.
pub fn path_dir(package: &Package) -> Option<&str> {
    let source = package.source.as_ref()?;
    if source.kind != crate::model::SourceKind::Path {
        return None;
    }
    source.url.as_deref().map(|u| u.trim_end_matches('/')).filter(|d| !d.is_empty() && *d != ".")
}

/// Warnings about the exceptions themselves: expiring soon, or matching nothing in this scan.
pub fn notices(exceptions: &[Exception], used: &[bool], today: Date, source: &str) -> Vec<Diagnostic> {
    use crate::diagnostics::Code;
    let mut out = Vec::new();
    for (exception, used) in exceptions.iter().zip(used) {
        let (path, line) = split_at(&exception.at, source);
        if let Some(expires) = exception.expires {
            let left = today.days_until(expires);
            if (0..=WARN_DAYS).contains(&left) {
                let mut d = Diagnostic::of(
                    Code::PolicyExceptionExpiring,
                    format!(
                        "exception `{}` for {} ({}) expires on {expires}, in {left} day(s): review it and \
                         set a later `expires`, or replace what it covers",
                        exception.id,
                        exception.what(),
                        exception.owner
                    ),
                )
                .at(path.clone());
                d.line = line;
                out.push(d);
            }
        }
        if !used {
            let mut d = Diagnostic::of(
                Code::PolicyExceptionUnused,
                format!(
                    "exception `{}` for {} allowed nothing in this scan{}: remove it if what it covered is gone",
                    exception.id,
                    exception.what(),
                    if exception.standing(today) == Standing::Expired { " (and it has expired)" } else { "" }
                ),
            )
            .at(path);
            d.line = line;
            out.push(d);
        }
    }
    out
}

/// `ospo.toml:12` → (`ospo.toml`, 12).
fn split_at(at: &str, source: &str) -> (String, Option<u32>) {
    match at.rsplit_once(':') {
        Some((path, line)) => match line.parse() {
            Ok(line) => (path.to_string(), Some(line)),
            Err(_) => (at.to_string(), None),
        },
        None => (if at.is_empty() { source.to_string() } else { at.to_string() }, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exception(expires: Option<&str>) -> Exception {
        Exception {
            id: "gpl-tool".into(),
            matcher: ExceptionMatcher::Path(PathSet::new(&["vendor/tool/**".to_string()]).expect("glob")),
            licenses: vec!["GPL-3.0-only".into()],
            reason: "build tool only".into(),
            owner: "legal@acme.example".into(),
            expires: expires.and_then(Date::parse),
            at: "ospo.toml:12".into(),
        }
    }

    #[test]
    fn expiry_table() {
        let today = Date::parse("2026-01-01").expect("date");
        let cases = [
            (None, Standing::Active, false),
            (Some("2026-01-01"), Standing::Active, true),
            (Some("2026-01-31"), Standing::Active, true),
            (Some("2026-02-01"), Standing::Active, false),
            (Some("2025-12-31"), Standing::Expired, false),
        ];
        for (expires, standing, warned) in cases {
            let e = exception(expires);
            assert_eq!(e.standing(today), standing, "{expires:?}");
            let notes = notices(&[e], &[true], today, "ospo.toml");
            assert_eq!(notes.iter().any(|d| d.code == "policy-exception-expiring"), warned, "{expires:?}");
            assert!(notes.iter().all(|d| d.path.as_deref() == Some("ospo.toml") && d.line == Some(12)));
        }
        let unused = notices(&[exception(None)], &[false], today, "ospo.toml");
        assert_eq!(unused.len(), 1);
        assert_eq!(unused[0].code, "policy-exception-unused");
    }

    #[test]
    fn terms_covered() {
        let e = exception(None);
        let gpl = Term { license: "GPL-3.0-only".into(), exception: None };
        let with = Term { license: "GPL-3.0-only".into(), exception: Some("GCC-exception-3.1".into()) };
        let mit = Term { license: "MIT".into(), exception: None };
        assert!(e.covers_term(&gpl) && e.covers_term(&with) && !e.covers_term(&mit));
        let any = Exception { licenses: Vec::new(), ..e };
        assert!(any.covers_term(&mit));
        assert!(any.covers_subject(&Subject::File { path: "vendor/tool/a.c", vendored: true, owner: None }));
        assert!(!any.covers_subject(&Subject::File { path: "src/a.c", vendored: false, owner: None }));
    }
}
