//! Licence names as people write them ("Apache 2", "GPLv2+", "the MIT license", "BSD-3-Clause")
//! resolved to SPDX ids: every id and name of the embedded list, plus the family names whose
//! version follows them. Shared by short notices and manifest fields.

use crate::data::{self, NAMES};
use crate::tokens::{Tokens, word_id};
use std::sync::OnceLock;

/// What a phrase resolves to.
#[derive(Debug, Clone)]
enum Target {
    /// One SPDX id (or an expression).
    Fixed(String),
    /// `PREFIX-VERSION`, the version read from the words after the phrase; `default` when none.
    Family { prefix: &'static str, versions: &'static [&'static str], default: Option<&'static str> },
}

/// Family names: the version is read from what follows ("GNU GPL version 2", "Apache 2.0").
const FAMILIES: &[(&str, &str, &[&str], Option<&str>)] = &[
    ("gnu general public license", "GPL", &["1.0", "2.0", "3.0"], None),
    ("gnu public license", "GPL", &["1.0", "2.0", "3.0"], None),
    ("general public license", "GPL", &["1.0", "2.0", "3.0"], None),
    ("gnu gpl", "GPL", &["1.0", "2.0", "3.0"], None),
    ("gpl", "GPL", &["1.0", "2.0", "3.0"], None),
    ("gnu lesser general public license", "LGPL", &["2.1", "3.0"], None),
    ("lesser general public license", "LGPL", &["2.1", "3.0"], None),
    ("gnu library general public license", "LGPL", &["2.0"], Some("2.0")),
    ("gnu lgpl", "LGPL", &["2.0", "2.1", "3.0"], None),
    ("lgpl", "LGPL", &["2.0", "2.1", "3.0"], None),
    ("gnu affero general public license", "AGPL", &["3.0"], Some("3.0")),
    ("affero general public license", "AGPL", &["3.0"], Some("3.0")),
    ("agpl", "AGPL", &["3.0"], Some("3.0")),
    ("apache license", "Apache", &["1.0", "1.1", "2.0"], None),
    ("apache software license", "Apache", &["1.0", "1.1", "2.0"], None),
    ("apache public license", "Apache", &["1.0", "1.1", "2.0"], None),
    ("apache", "Apache", &["1.0", "1.1", "2.0"], None),
    ("asl", "Apache", &["1.0", "1.1", "2.0"], None),
    ("mozilla public license", "MPL", &["1.0", "1.1", "2.0"], None),
    ("mpl", "MPL", &["1.0", "1.1", "2.0"], None),
    ("eclipse public license", "EPL", &["1.0", "2.0"], None),
    ("epl", "EPL", &["1.0", "2.0"], None),
    ("artistic license", "Artistic", &["1.0", "2.0"], None),
    ("european union public license", "EUPL", &["1.0", "1.1", "1.2"], None),
    ("eupl", "EUPL", &["1.0", "1.1", "1.2"], None),
    ("common development and distribution license", "CDDL", &["1.0", "1.1"], None),
    // "the Common Public License v1.0": the list's name is "Common Public License 1.0".
    ("common public license", "CPL", &["1.0"], None),
    ("cddl", "CDDL", &["1.0", "1.1"], None),
    ("boost software license", "BSL", &["1.0"], Some("1.0")),
    ("creative commons zero", "CC0", &["1.0"], Some("1.0")),
    ("cc0", "CC0", &["1.0"], Some("1.0")),
];

/// Common names that are not ids or list names, each unambiguous.
const ALIASES: &[(&str, &str)] = &[
    ("mit", "MIT"),
    ("the mit license", "MIT"),
    ("mit license", "MIT"),
    ("expat", "MIT"),
    ("isc", "ISC"),
    ("isc license", "ISC"),
    ("new bsd", "BSD-3-Clause"),
    ("new bsd license", "BSD-3-Clause"),
    ("modified bsd license", "BSD-3-Clause"),
    ("revised bsd license", "BSD-3-Clause"),
    ("3 clause bsd", "BSD-3-Clause"),
    ("3 clause bsd license", "BSD-3-Clause"),
    ("bsd 3 clause", "BSD-3-Clause"),
    ("bsd 3 clause license", "BSD-3-Clause"),
    ("bsd3", "BSD-3-Clause"),
    // `license='BSD-3'`, `BSD-2`: the clause count is the variant.
    ("bsd 3", "BSD-3-Clause"),
    ("bsd 2", "BSD-2-Clause"),
    ("simplified bsd", "BSD-2-Clause"),
    ("simplified bsd license", "BSD-2-Clause"),
    ("freebsd license", "BSD-2-Clause"),
    ("2 clause bsd", "BSD-2-Clause"),
    ("2 clause bsd license", "BSD-2-Clause"),
    ("bsd 2 clause", "BSD-2-Clause"),
    ("bsd 2 clause license", "BSD-2-Clause"),
    ("unlicense", "Unlicense"),
    ("the unlicense", "Unlicense"),
    ("zlib", "Zlib"),
    ("zlib license", "Zlib"),
    ("zlib libpng license", "Zlib"),
    ("wtfpl", "WTFPL"),
    ("0bsd", "0BSD"),
    ("python software foundation license", "PSF-2.0"),
    ("psf", "PSF-2.0"),
    ("psfl", "PSF-2.0"),
    ("apache2", "Apache-2.0"),
    ("gplv2", "GPL-2.0"),
    ("gplv3", "GPL-3.0"),
    ("lgplv2", "LGPL-2.0"),
    ("lgplv3", "LGPL-3.0"),
    ("agplv3", "AGPL-3.0"),
    ("mpl2", "MPL-2.0"),
    ("epl2", "EPL-2.0"),
];

/// Names too ambiguous to resolve: reported as `LicenseRef-` with the raw text.
const AMBIGUOUS: &[&str] = &["bsd", "bsd license", "gnu", "gpl compatible", "public domain", "other"];

struct Phrase {
    words: Vec<u32>,
    target: Target,
}

/// Phrases by their first word: `resolve_at` runs at every word of licence-ish text.
fn phrases_starting(word: u32) -> &'static [Phrase] {
    static BY_FIRST: OnceLock<crate::data::FxMap<u32, Vec<Phrase>>> = OnceLock::new();
    let map = BY_FIRST.get_or_init(|| {
        let mut map: crate::data::FxMap<u32, Vec<Phrase>> = crate::data::FxMap::default();
        for p in phrases() {
            if let Some(&first) = p.words.first() {
                map.entry(first)
                    .or_default()
                    .push(Phrase { words: p.words.clone(), target: p.target.clone() });
            }
        }
        map
    });
    map.get(&word).map_or(&[], Vec::as_slice)
}

fn phrases() -> Vec<Phrase> {
    {
        let mut out = Vec::new();
        let mut push = |text: &str, target: Target| {
            let words = Tokens::new(text).ids;
            if !words.is_empty() {
                out.push(Phrase { words, target });
            }
        };
        for n in NAMES.iter().filter(|n| !n.exception) {
            push(n.id, Target::Fixed(n.id.to_string()));
            push(n.name, Target::Fixed(n.id.to_string()));
        }
        for (alias, id) in ALIASES {
            push(alias, Target::Fixed((*id).to_string()));
        }
        for (name, prefix, versions, default) in FAMILIES {
            push(name, Target::Family { prefix, versions, default: *default });
        }
        out
    }
}

/// A resolved licence phrase: its expression and how many words it took.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// SPDX id, `-only`/`-or-later` applied where the licence has them.
    pub id: String,
    /// Words consumed from the start position.
    pub len: usize,
}

/// Words that are part of a version: `2`, `0`, `v2`, `2`+`1`.
fn read_version(words: &[u32], at: usize, versions: &[&str]) -> Option<(String, usize)> {
    let mut k = at;
    let word = |k: usize| words.get(k).copied();
    // "GNU Lesser General Public License (LGPL) version 2.1": the abbreviation in between.
    for filler in ["gpl", "lgpl", "agpl", "mpl", "epl", "version", "v", "ver", "license", "licence"] {
        if word(k) == Some(word_id(filler)) {
            k += 1;
        }
    }
    // Digits come as separate words ("2", "0") or glued to a `v` ("v2").
    let mut digits: Vec<&str> = Vec::new();
    while let Some(w) = word(k) {
        let Some(d) = version_words().get(&w) else { break };
        if digits.len() >= 2 {
            break;
        }
        digits.push(d);
        k += 1;
    }
    if digits.is_empty() {
        return None;
    }
    let major = digits[0];
    let minor = digits.get(1).copied().unwrap_or("0");
    let v = format!("{major}.{minor}");
    versions.contains(&v.as_str()).then_some((v, k - at))
}

/// Ids of the words a version is written with: `0`..`20` and `v0`..`v20`.
fn version_words() -> &'static crate::data::FxMap<u32, &'static str> {
    static V: OnceLock<crate::data::FxMap<u32, &'static str>> = OnceLock::new();
    const NUMBERS: [&str; 21] = [
        "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17",
        "18", "19", "20",
    ];
    V.get_or_init(|| {
        NUMBERS.iter().flat_map(|n| [(word_id(n), *n), (word_id(&format!("v{n}")), *n)]).collect()
    })
}

/// Reads "only" / "or later" / "or any later version" / "+" after a GPL-family name.
fn read_later(words: &[u32], at: usize) -> (Option<bool>, usize) {
    let seqs: [(&[&str], bool); 6] = [
        (&["only"], false),
        (&["or", "later"], true),
        (&["or", "newer"], true),
        (&["or", "any", "later", "version"], true),
        (&["or", "at", "your", "option", "any", "later", "version"], true),
        (&["or", "any", "later"], true),
    ];
    for (seq, later) in seqs {
        let ids: Vec<u32> = seq.iter().map(|w| word_id(w)).collect();
        if words.get(at..at + ids.len()) == Some(&ids[..]) {
            return (Some(later), ids.len());
        }
    }
    (None, 0)
}

/// An id without its `-only` / `-or-later` / `+`: the licence whatever the choice of versions.
pub(crate) fn id_base(id: &str) -> &str {
    id.trim_end_matches("-only").trim_end_matches("-or-later").trim_end_matches('+')
}

/// Applies `-only` / `-or-later` to an id of a licence that has those variants.
fn with_later(id: &str, later: Option<bool>) -> String {
    let base = id_base(id);
    let only = format!("{base}-only");
    if data::name_of(&only).is_none() {
        return id.to_string();
    }
    match later {
        Some(true) => format!("{base}-or-later"),
        _ if id.ends_with("-or-later") || id.ends_with('+') => format!("{base}-or-later"),
        _ => only,
    }
}

/// The longest licence name starting at word `at`, with the version and "or later" after it.
pub fn resolve_at(words: &[u32], at: usize) -> Option<Resolved> {
    let mut best: Option<Resolved> = None;
    for p in phrases_starting(*words.get(at)?) {
        if words.get(at..at + p.words.len()) != Some(&p.words[..]) {
            continue;
        }
        let mut len = p.words.len();
        let id = match &p.target {
            Target::Fixed(id) => id.clone(),
            Target::Family { prefix, versions, default } => match read_version(words, at + len, versions) {
                Some((v, n)) => {
                    len += n;
                    format!("{prefix}-{v}")
                }
                None => match default {
                    Some(v) => format!("{prefix}-{v}"),
                    None => continue,
                },
            },
        };
        if best.as_ref().is_some_and(|b| b.len >= len) {
            continue;
        }
        best = Some(Resolved { id, len });
    }
    let mut best = best?;
    let (later, n) = read_later(words, at + best.len);
    best.len += n;
    best.id = with_later(&best.id, later);
    if let Some(n) = data::name_of(&best.id)
        && n.obsoleted
    {
        best.id = with_later(&best.id, Some(false));
    }
    Some(best)
}

/// Resolves a whole licence string ("Apache 2", "GPLv2+", "MIT License") to one SPDX id; `None`
/// when it is not exactly one known name (callers keep the raw text as a `LicenseRef-`).
pub fn resolve(raw: &str) -> Option<String> {
    let trimmed = raw.trim();
    if let Some(n) = data::name_of(trimmed).or_else(|| data::name_of_ignore_case(trimmed)) {
        return Some(if n.obsoleted { with_later(n.id, None) } else { n.id.to_string() });
    }
    let plus = trimmed.ends_with('+');
    let mut words = Tokens::new(trimmed).ids;
    if words.first() == Some(&word_id("the")) && words.len() > 1 {
        words.remove(0);
    }
    if words.is_empty() || AMBIGUOUS.iter().any(|a| Tokens::new(a).ids == words) {
        return None;
    }
    let r = resolve_at(&words, 0)?;
    if r.len != words.len() {
        return None;
    }
    Some(if plus { with_later(&r.id, Some(true)) } else { r.id })
}

/// A `LicenseRef-` keeping the raw text ("BSD" → `LicenseRef-BSD`), valid as an SPDX id.
pub fn license_ref(raw: &str) -> String {
    let mut id = String::from("LicenseRef-");
    let mut dash = false;
    for c in raw.trim().chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            id.push(c);
            dash = false;
        } else if !dash {
            id.push('-');
            dash = true;
        }
    }
    let id = id.trim_end_matches('-').to_string();
    if id == "LicenseRef" { "LicenseRef-unknown".to_string() } else { id }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_spellings_resolve() {
        assert_eq!(resolve("MIT").as_deref(), Some("MIT"));
        assert_eq!(resolve("mit").as_deref(), Some("MIT"));
        assert_eq!(resolve("Apache 2").as_deref(), Some("Apache-2.0"));
        assert_eq!(resolve("Apache License, Version 2.0").as_deref(), Some("Apache-2.0"));
        assert_eq!(resolve("GPLv2+").as_deref(), Some("GPL-2.0-or-later"));
        assert_eq!(resolve("GPL-2.0").as_deref(), Some("GPL-2.0-only"));
        assert_eq!(resolve("GNU GPL v3 or later").as_deref(), Some("GPL-3.0-or-later"));
        assert_eq!(resolve("LGPL-2.1").as_deref(), Some("LGPL-2.1-only"));
        assert_eq!(resolve("BSD 3-Clause").as_deref(), Some("BSD-3-Clause"));
        assert_eq!(resolve("The Unlicense").as_deref(), Some("Unlicense"));
        assert_eq!(resolve("The Apache Software License, Version 2.0").as_deref(), Some("Apache-2.0"));
    }

    #[test]
    fn ambiguous_names_stay_unresolved() {
        assert_eq!(resolve("BSD"), None);
        assert_eq!(resolve("GPL"), None);
        assert_eq!(resolve("Proprietary"), None);
        assert_eq!(license_ref("BSD"), "LicenseRef-BSD");
        assert_eq!(license_ref("Acme Corp. EULA v2"), "LicenseRef-Acme-Corp.-EULA-v2");
    }
}
