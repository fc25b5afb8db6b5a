//! `rebar.lock`: Erlang terms, each ended by `.`.
//!
//! ```text
//! {"1.2.0",
//! [{<<"cowboy">>,{pkg,<<"cowboy">>,<<"2.10.0">>},0},
//!  {<<"meck">>,{git,"https://github.com/eproxus/meck.git",{ref,"dde7590..."}},2}]}.
//! [
//! {pkg_hash,[{<<"cowboy">>, <<"F3B8...">>}]},
//! {pkg_hash_ext,[{<<"cowboy">>, <<"0E7B...">>}]}
//! ].
//! ```
//!
//! Format versions `1.1.0` and `1.2.0` (the tuple form) and the bare list rebar3 wrote before
//! them. The level is the depth in the dependency tree: 0 for what `rebar.config` names.

use crate::term::{Error, Kind, Reader, Term};

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The application name (hashes are keyed by it).
    pub app: String,
    pub at: usize,
    pub source: Source,
    pub level: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// A Hex package: its package name (which may differ from the app's) and version.
    Pkg {
        package: String,
        version: String,
    },
    Git {
        url: String,
        reference: GitRef,
        subdir: Option<String>,
    },
    /// Another resource type (a plugin's custom one): its atom.
    Other(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum GitRef {
    Commit(String),
    Tag(String),
    Branch(String),
    Unknown,
}

#[derive(Debug, Default)]
pub struct RebarLock {
    /// `1.2.0`; `None` for the legacy bare list.
    pub version: Option<String>,
    pub entries: Vec<Entry>,
    /// Outer (`pkg_hash_ext`) or inner (`pkg_hash`) checksums by app name, hex.
    pub outer: Vec<(String, String)>,
    pub inner: Vec<(String, String)>,
    pub errors: Vec<Error>,
}

pub fn parse(text: &str) -> RebarLock {
    let mut lock = RebarLock::default();
    let mut reader = Reader::new(text);
    match reader.term() {
        Ok(first) => {
            let packages = match &first.kind {
                Kind::Tuple(items) => {
                    lock.version = items.first().and_then(Term::text).map(str::to_string);
                    items.get(1)
                }
                Kind::List(_) => Some(&first),
                _ => None,
            };
            match packages.and_then(Term::items) {
                Some(items) => {
                    for item in items {
                        match entry(item) {
                            Ok(entry) => lock.entries.push(entry),
                            Err(error) => lock.errors.push(error),
                        }
                    }
                }
                None => lock.errors.push(Error {
                    at: first.at,
                    message: "the first term is neither `{Version, [Deps]}` nor `[Deps]`".to_string(),
                }),
            }
            if !reader.eat(b'.') && !reader.at_end() {
                lock.errors.push(Error { at: reader.pos, message: "expected `.` after a term".to_string() });
            } else if !reader.at_end() {
                read_hashes(&mut reader, &mut lock);
            }
        }
        Err(error) => {
            lock.errors.push(error);
            salvage(text, &mut lock);
            // The hash list is a term of its own after the damaged one: read it where it starts.
            if let Some(at) = text.find("{pkg_hash").and_then(|at| text.get(..at)?.rfind('[')) {
                let mut reader = Reader::new(text);
                reader.pos = at;
                read_hashes(&mut reader, &mut lock);
            }
        }
    }
    lock
}

/// After a damaged first term, every `{<<"app">>, Source, Level}` that still parses on its own.
fn salvage(text: &str, lock: &mut RebarLock) {
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find("{<<\"")) {
        let start = from + found;
        let mut reader = Reader::new(text);
        reader.pos = start;
        if let Ok(term) = reader.term()
            && term.items().is_some_and(|items| items.len() == 3)
            && let Ok(mut entry) = entry(&term)
        {
            entry.at = start;
            lock.entries.push(entry);
            from = reader.pos;
        } else {
            from = start + 4;
        }
    }
}

fn read_hashes(reader: &mut Reader<'_>, lock: &mut RebarLock) {
    let term = match reader.term() {
        Ok(term) => term,
        Err(error) => return lock.errors.push(error),
    };
    for section in term.items().unwrap_or_default() {
        let Some([name, list]) = section.items().and_then(|s| <&[Term; 2]>::try_from(s).ok()) else {
            continue;
        };
        let target = match name.text() {
            Some("pkg_hash") => &mut lock.inner,
            Some("pkg_hash_ext") => &mut lock.outer,
            _ => continue,
        };
        for pair in list.items().unwrap_or_default() {
            if let Some([app, hash]) = pair.items().and_then(|p| <&[Term; 2]>::try_from(p).ok())
                && let (Some(app), Some(hash)) = (app.text(), hash.text())
            {
                target.push((app.to_string(), hash.to_ascii_lowercase()));
            }
        }
    }
}

fn entry(term: &Term) -> Result<Entry, Error> {
    let fail = |message: String| Error { at: term.at, message };
    let items = term.items().ok_or_else(|| fail("a dependency entry is not a tuple".to_string()))?;
    let app = items
        .first()
        .and_then(Term::text)
        .ok_or_else(|| fail("a dependency entry has no name".to_string()))?
        .to_string();
    let source = items.get(1).ok_or_else(|| fail(format!("`{app}` has no source")))?;
    let parts = source.items().unwrap_or_default();
    let text = |i: usize| parts.get(i).and_then(Term::text).map(str::to_string);
    let source = match parts.first().and_then(Term::text) {
        Some("pkg") => Source::Pkg {
            package: text(1).ok_or_else(|| fail(format!("`{app}` names no package")))?,
            version: text(2).ok_or_else(|| fail(format!("`{app}` has no version")))?,
        },
        Some(kind @ ("git" | "git_subdir")) => Source::Git {
            url: text(1).ok_or_else(|| fail(format!("`{app}` has no git URL")))?,
            reference: parts.get(2).map_or(GitRef::Unknown, git_ref),
            subdir: if kind == "git_subdir" { text(3) } else { None },
        },
        Some(other) => Source::Other(other.to_string()),
        None => return Err(fail(format!("the source of `{app}` is not a tuple"))),
    };
    let level = match items.get(2).map(|t| &t.kind) {
        Some(Kind::Num(n)) => n.parse().ok(),
        _ => None,
    };
    Ok(Entry { app, at: term.at, source, level })
}

fn git_ref(term: &Term) -> GitRef {
    let parts = term.items().unwrap_or_default();
    match (parts.first().and_then(Term::text), parts.get(1).and_then(Term::text)) {
        (Some("ref"), Some(sha)) => GitRef::Commit(sha.to_string()),
        (Some("tag"), Some(tag)) => GitRef::Tag(tag.to_string()),
        (Some("branch"), Some(branch)) => GitRef::Branch(branch.to_string()),
        _ => GitRef::Unknown,
    }
}
