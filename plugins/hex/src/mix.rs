//! `mix.lock`: an Elixir map from each app name to how Mix locked it.
//!
//! ```text
//! "jason": {:hex, :jason, "1.4.1", "<inner sha256>", [:mix], [{:decimal, "~> 1.0", [hex: :decimal, repo: "hexpm", optional: true]}], "hexpm", "<outer sha256>"},
//! "gun": {:git, "https://github.com/ninenines/gun.git", "dd1bfe4...", [ref: "dd1bfe4..."]},
//! ```
//!
//! Older Mix versions write shorter `:hex` tuples (no outer checksum, then no repository); every
//! field past the version is optional here. Entries are read one by one, so a damaged entry
//! costs only itself: the reader resumes at the next line, where Mix starts every entry.

use crate::term::{Error, Kind, Reader, Term};

/// A locked app.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The app name (the map key), which other entries' dependencies name.
    pub app: String,
    /// Byte offset of the key.
    pub at: usize,
    pub lock: Lock,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Lock {
    Hex {
        /// The Hex package name (an app may be published under another name).
        package: String,
        version: String,
        /// `hexpm`, or `hexpm:org` for an organisation's private packages.
        repo: Option<String>,
        inner: Option<String>,
        outer: Option<String>,
        deps: Vec<Dep>,
    },
    Git {
        url: String,
        commit: String,
        /// `ref`, `tag` or `branch` as the mix.exs asked, when written.
        reference: Option<String>,
    },
    /// Another SCM (`:path` cannot be locked, but a custom SCM can): its atom.
    Other(String),
}

/// A dependency of a Hex entry: the app it names and whether it is optional.
#[derive(Debug, Clone, PartialEq)]
pub struct Dep {
    pub app: String,
    pub optional: bool,
}

#[derive(Debug, Default)]
pub struct MixLock {
    pub entries: Vec<Entry>,
    pub errors: Vec<Error>,
}

pub fn parse(text: &str) -> MixLock {
    let mut lock = MixLock::default();
    let mut reader = Reader::new(text);
    if !reader.eat_str("%{") {
        reader.skip_ws();
        lock.errors.push(Error { at: reader.pos, message: "a mix.lock starts with `%{`".to_string() });
        return lock;
    }
    loop {
        if reader.at_end() {
            lock.errors.push(Error { at: reader.pos, message: "the map is not closed with `}`".to_string() });
            break;
        }
        if reader.eat(b'}') {
            break;
        }
        let start = reader.pos;
        match reader.map_entry(0) {
            Ok((key, value)) => {
                match entry(&key, &value) {
                    Ok(entry) => lock.entries.push(entry),
                    Err(error) => lock.errors.push(error),
                }
                if !reader.eat(b',') && reader.peek() != Some(b'}') && !reader.at_end() {
                    let error = Error { at: reader.pos, message: "expected `,` after an entry".to_string() };
                    reader.resync_after(error.at);
                    lock.errors.push(error);
                }
            }
            Err(error) => {
                reader.resync_after(error.at.max(start));
                lock.errors.push(error);
            }
        }
    }
    lock
}

fn entry(key: &Term, value: &Term) -> Result<Entry, Error> {
    let fail = |message: &str| Error { at: key.at, message: message.to_string() };
    let app = key.text().ok_or_else(|| fail("an entry's key is not a string"))?.to_string();
    let items = value.items().filter(|_| matches!(value.kind, Kind::Tuple(_)));
    let items = items.ok_or_else(|| fail(&format!("the entry for `{app}` is not a tuple")))?;
    let text = |i: usize| items.get(i).and_then(Term::text).map(str::to_string);
    let lock = match items.first().and_then(Term::text) {
        Some("hex") => Lock::Hex {
            package: text(1).ok_or_else(|| fail(&format!("`{app}` names no package")))?,
            version: text(2).ok_or_else(|| fail(&format!("`{app}` has no version")))?,
            inner: text(3),
            deps: items.get(5).map(deps).unwrap_or_default(),
            repo: text(6),
            outer: text(7),
        },
        Some("git") => Lock::Git {
            url: text(1).ok_or_else(|| fail(&format!("`{app}` has no git URL")))?,
            commit: text(2).ok_or_else(|| fail(&format!("`{app}` has no commit")))?,
            reference: items.get(3).and_then(|opts| {
                ["tag", "ref", "branch"]
                    .iter()
                    .find_map(|k| opts.keyword(k).and_then(Term::text))
                    .map(str::to_string)
            }),
        },
        Some(other) => Lock::Other(other.to_string()),
        None => return Err(fail(&format!("the entry for `{app}` names no SCM"))),
    };
    Ok(Entry { app, at: key.at, lock })
}

fn deps(list: &Term) -> Vec<Dep> {
    let Some(items) = list.items() else { return Vec::new() };
    items
        .iter()
        .filter_map(|dep| {
            let parts = dep.items()?;
            let app = parts.first()?.text()?.to_string();
            let optional =
                parts.get(2).and_then(|o| o.keyword("optional")).and_then(Term::text) == Some("true");
            Some(Dep { app, optional })
        })
        .collect()
}
