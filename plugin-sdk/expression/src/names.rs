//! Licence names as people write them (`Apache 2`, `GPLv2+`, `BSD 3-Clause`, `new BSD`,
//! `Apache License, Version 2.0`) resolved to one SPDX id, or to nothing when the name could
//! mean two licences (`BSD`, `GPL`, `Apache`).
//!
//! Lookups, in order: a strict SPDX term (any case, deprecated ids, `+`); the SPDX list's full
//! names; the `spdx` crate's imprecise names ([`spdx::identifiers::IMPRECISE_NAMES`]) less the
//! ones [`IMPRECISE_DENIED`] rejects; our [`ALIASES`]; then a licence family and its version
//! ([`FAMILIES`]), which is what covers the open-ended spellings.

/// Imprecise names of the `spdx` crate we do not accept: a family name with no version is a
/// guess (`bsd` is BSD-2-Clause there, `gpl` GPL-2.0-only), and `gnu gpl v2` maps to GPL-3.0.
const IMPRECISE_DENIED: &[&str] = &["apache", "bsd", "gpl", "lgpl", "mpl", "gnu gpl v2"];

/// Names the other lookups miss, each meaning exactly one licence. `exact` is false where a
/// reviewer should confirm the text: "MIT/X11" is the MIT (Expat) text in the npm, NuGet and
/// Mono uses it comes from, but the X11 licence (an SPDX id of its own) adds a clause.
const ALIASES: &[(&str, &str, bool)] = &[
    ("expat", "MIT", true),
    ("mit/x11", "MIT", false),
    ("x11/mit", "MIT", false),
    ("zlib/libpng", "Zlib", true),
    ("psf", "PSF-2.0", true),
    ("psfl", "PSF-2.0", true),
    ("python software foundation", "PSF-2.0", true),
    ("boost", "BSL-1.0", true),
    ("wtfpl", "WTFPL", true),
    ("cc0", "CC0-1.0", true),
    // No SPDX id says "public domain" (CC0 and Unlicense are dedications with their own text).
    ("public domain", "LicenseRef-public-domain", true),
    // npm's `UNLICENSED`: not licensed for use by others (unlike `Unlicense`).
    ("unlicensed", "LicenseRef-proprietary", true),
    ("proprietary", "LicenseRef-proprietary", true),
    ("commercial", "LicenseRef-proprietary", true),
    ("all rights reserved", "LicenseRef-proprietary", true),
];

/// Names written with a `/` that is not an `OR` (see [`ALIASES`]).
pub(crate) const SLASH_NAMES: &[&str] = &["mit/x11", "x11/mit", "zlib/libpng"];

/// A family: the words that name it (after [`NOISE`] is dropped), its SPDX id prefix, whether
/// it is a GNU licence (`-only`/`-or-later`), its versions, and the version a bare name means
/// when only one can be meant.
struct Family {
    names: &'static [&'static str],
    prefix: &'static str,
    gnu: bool,
    versions: &'static [&'static str],
    default: Option<&'static str>,
}

const FAMILIES: &[Family] = &[
    Family {
        names: &["gpl", "general"],
        prefix: "GPL",
        gnu: true,
        versions: &["1.0", "2.0", "3.0"],
        default: None,
    },
    Family {
        names: &["lgpl", "lesser general", "library general", "lesser gpl", "library gpl"],
        prefix: "LGPL",
        gnu: true,
        versions: &["2.0", "2.1", "3.0"],
        default: None,
    },
    // AGPL-1.0 was Affero's own; "the AGPL" is the FSF's 3.0, as the spdx crate and license-text
    // already read it.
    Family {
        names: &["agpl", "affero general", "affero gpl", "affero"],
        prefix: "AGPL",
        gnu: true,
        versions: &["1.0", "3.0"],
        default: Some("3.0"),
    },
    Family {
        names: &["gfdl", "fdl", "free documentation"],
        prefix: "GFDL",
        gnu: true,
        versions: &["1.1", "1.2", "1.3"],
        default: None,
    },
    Family {
        names: &["apache", "asl", "apache foundation"],
        prefix: "Apache",
        gnu: false,
        versions: &["1.0", "1.1", "2.0"],
        default: None,
    },
    Family {
        names: &["mpl", "mozilla"],
        prefix: "MPL",
        gnu: false,
        versions: &["1.0", "1.1", "2.0"],
        default: None,
    },
    Family {
        names: &["epl", "eclipse"],
        prefix: "EPL",
        gnu: false,
        versions: &["1.0", "2.0"],
        default: None,
    },
    Family { names: &["artistic"], prefix: "Artistic", gnu: false, versions: &["1.0", "2.0"], default: None },
    Family {
        names: &["eupl", "european union"],
        prefix: "EUPL",
        gnu: false,
        versions: &["1.0", "1.1", "1.2"],
        default: None,
    },
    Family {
        names: &["cddl", "common development and distribution"],
        prefix: "CDDL",
        gnu: false,
        versions: &["1.0", "1.1"],
        default: None,
    },
    Family {
        names: &["afl", "academic free"],
        prefix: "AFL",
        gnu: false,
        versions: &["1.1", "1.2", "2.0", "2.1", "3.0"],
        default: None,
    },
    Family { names: &["bsl", "boost"], prefix: "BSL", gnu: false, versions: &["1.0"], default: Some("1.0") },
    Family {
        names: &["ofl", "open font", "sil open font"],
        prefix: "OFL",
        gnu: false,
        versions: &["1.0", "1.1"],
        default: None,
    },
];

/// Words that do not change which licence is meant.
const NOISE: &[&str] =
    &["the", "license", "licence", "licensed", "version", "ver", "v", "public", "software", "gnu"];

/// A name resolved to an expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    pub expression: String,
    /// False where a reviewer should confirm (see [`ALIASES`]).
    pub exact: bool,
}

/// Lower case, quotes, commas and brackets dropped, spaces collapsed: how names are compared.
pub(crate) fn name_key(name: &str) -> String {
    name.chars()
        .map(|c| if matches!(c, '"' | '\'' | ',' | ';' | '(' | ')' | '[' | ']' | '_') { ' ' } else { c })
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The one licence `name` means, if it means one.
pub(crate) fn resolve(name: &str) -> Option<Resolved> {
    let name = name.trim();
    let exact = |expression: String| Some(Resolved { expression, exact: true });
    if !name.contains(char::is_whitespace)
        && let Ok(expression) = crate::canonical(name)
    {
        return exact(expression);
    }
    let full = name_key(name);
    let key = full.strip_prefix("the ").unwrap_or(&full);
    let bare =
        ["license", "licence"].iter().find_map(|w| key.strip_suffix(w).map(str::trim_end)).unwrap_or(key);
    for candidate in [full.as_str(), key, bare] {
        if let Some(id) = crate::ids::by_full_name(candidate) {
            return exact(crate::canonical(id).unwrap_or_else(|_| id.to_string()));
        }
        if !IMPRECISE_DENIED.contains(&candidate) {
            let imprecise =
                spdx::identifiers::IMPRECISE_NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(candidate));
            if let Some((_, id)) = imprecise {
                return exact(crate::canonical(id).unwrap_or_else(|_| id.to_string()));
            }
        }
        if let Some(&(_, id, is_exact)) = ALIASES.iter().find(|(n, ..)| *n == candidate) {
            return Some(Resolved { expression: id.to_string(), exact: is_exact });
        }
    }
    family(key).and_then(exact)
}

/// `gplv2+` is `gpl`, `2`, `+`; `bsd3` is `bsd`, `3`; `v2.0` is `2.0`. Other words unchanged.
fn split_word(word: &str, out: &mut Vec<String>) {
    let (word, plus) = match word.strip_suffix('+') {
        Some(w) => (w, true),
        None => (word, false),
    };
    let digits_at = word.find(|c: char| c.is_ascii_digit()).unwrap_or(word.len());
    let (letters, version) = word.split_at(digits_at);
    let is_version = !version.is_empty() && version.chars().all(|c| c.is_ascii_digit() || c == '.');
    if is_version && !letters.is_empty() {
        let letters = if letters.len() > 1 { letters.strip_suffix('v').unwrap_or(letters) } else { letters };
        if letters != "v" {
            out.push(letters.to_string());
        }
        out.push(version.to_string());
    } else if !word.is_empty() {
        out.push(word.to_string());
    }
    if plus {
        out.push("+".to_string());
    }
}

/// A family name with a version: `Apache License, Version 2.0`, `GPL v3 or later`, `BSD-3`.
fn family(key: &str) -> Option<String> {
    let mut words = Vec::new();
    for word in key.split([' ', '-']) {
        split_word(word, &mut words);
    }
    let mut or_later = false;
    let mut only = false;
    let mut version: Option<String> = None;
    let mut bsd_clauses: Option<&str> = None;
    let mut name = Vec::new();
    let mut i = 0;
    while let Some(word) = words.get(i) {
        let next = words.get(i + 1).map(String::as_str);
        match word.as_str() {
            "+" => or_later = true,
            "or" if matches!(next, Some("later" | "any" | "newer")) => {
                or_later = true;
                // "or any later version": skip to after "later".
                while words.get(i).is_some_and(|w| w != "later" && w != "newer") {
                    i += 1;
                }
            }
            "only" => only = true,
            "clause" => {}
            "new" | "modified" | "revised" => bsd_clauses = Some("3"),
            "simplified" | "freebsd" => bsd_clauses = Some("2"),
            "original" => bsd_clauses = Some("4"),
            w if w.starts_with(|c: char| c.is_ascii_digit()) => {
                if version.replace(w.to_string()).is_some() {
                    return None;
                }
            }
            w if NOISE.contains(&w) => {}
            w => name.push(w),
        }
        i += 1;
    }
    if or_later && only {
        return None;
    }
    let name = name.join(" ");
    if name == "bsd" {
        let clauses = match (version.as_deref(), bsd_clauses) {
            (Some(v), Some(b)) if v != b => return None,
            (Some(v), _) => v,
            (None, Some(b)) => b,
            (None, None) => return None,
        };
        let clauses = clauses.strip_suffix(".0").unwrap_or(clauses);
        return (["2", "3", "4"].contains(&clauses) && !or_later).then(|| format!("BSD-{clauses}-Clause"));
    }
    if bsd_clauses.is_some() {
        return None;
    }
    let family = FAMILIES.iter().find(|f| f.names.contains(&name.as_str()))?;
    let version = match version {
        Some(v) if v.contains('.') => v,
        Some(v) => format!("{v}.0"),
        None => family.default?.to_string(),
    };
    if !family.versions.contains(&version.as_str()) {
        return None;
    }
    let id = match (family.gnu, or_later) {
        (true, true) => format!("{}-{version}-or-later", family.prefix),
        (true, false) => format!("{}-{version}-only", family.prefix),
        (false, true) => format!("{}-{version}+", family.prefix),
        (false, false) => format!("{}-{version}", family.prefix),
    };
    crate::canonical(&id).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve() {
        let cases = [
            ("Apache 2", "Apache-2.0"),
            ("Apache-2", "Apache-2.0"),
            ("apache2", "Apache-2.0"),
            ("Apache License 2.0", "Apache-2.0"),
            ("Apache License, Version 2.0", "Apache-2.0"),
            ("The Apache Software License, Version 2.0", "Apache-2.0"),
            ("ASL 2.0", "Apache-2.0"),
            ("GPLv2+", "GPL-2.0-or-later"),
            ("GPLv2", "GPL-2.0-only"),
            ("GPL-2", "GPL-2.0-only"),
            ("GPL v3", "GPL-3.0-only"),
            ("GNU GPL v2", "GPL-2.0-only"),
            ("GNU General Public License v2 or later", "GPL-2.0-or-later"),
            ("GNU General Public License version 3 or any later version", "GPL-3.0-or-later"),
            ("GPL-3.0 only", "GPL-3.0-only"),
            ("LGPLv2.1", "LGPL-2.1-only"),
            ("LGPL-2.1+", "LGPL-2.1-or-later"),
            ("GNU Lesser General Public License v3", "LGPL-3.0-only"),
            ("GNU Library General Public License v2", "LGPL-2.0-only"),
            ("AGPL", "AGPL-3.0-only"),
            ("AGPLv3", "AGPL-3.0-only"),
            ("BSD-3", "BSD-3-Clause"),
            ("BSD 3-Clause", "BSD-3-Clause"),
            ("3-Clause BSD License", "BSD-3-Clause"),
            ("bsd3", "BSD-3-Clause"),
            ("new BSD", "BSD-3-Clause"),
            ("Modified BSD License", "BSD-3-Clause"),
            ("Simplified BSD", "BSD-2-Clause"),
            ("BSD 2-Clause", "BSD-2-Clause"),
            ("MPL 2.0", "MPL-2.0"),
            ("Mozilla Public License 2.0", "MPL-2.0"),
            ("mpl2", "MPL-2.0"),
            ("Eclipse Public License 2.0", "EPL-2.0"),
            ("EPL-1.0", "EPL-1.0"),
            ("MIT License", "MIT"),
            ("The MIT License", "MIT"),
            ("mit", "MIT"),
            ("Expat", "MIT"),
            ("ISC License", "ISC"),
            ("zlib", "Zlib"),
            ("zlib/libpng", "Zlib"),
            ("Boost Software License 1.0", "BSL-1.0"),
            ("Boost", "BSL-1.0"),
            ("CC0", "CC0-1.0"),
            ("Unlicense", "Unlicense"),
            ("The Unlicense", "Unlicense"),
            ("Python Software Foundation License", "PSF-2.0"),
            ("Common Development and Distribution License 1.0", "CDDL-1.0"),
            ("Artistic License 2.0", "Artistic-2.0"),
            ("Public Domain", "LicenseRef-public-domain"),
            ("UNLICENSED", "LicenseRef-proprietary"),
            ("Proprietary", "LicenseRef-proprietary"),
        ];
        for (given, want) in cases {
            assert_eq!(resolve(given).map(|r| r.expression).as_deref(), Some(want), "{given}");
        }
    }

    /// A name that could mean two licences, or none we know, resolves to nothing.
    #[test]
    fn ambiguous_names_do_not_resolve() {
        for given in [
            "BSD",
            "BSD License",
            "GPL",
            "GNU GPL",
            "LGPL",
            "Apache",
            "Apache License",
            "MPL",
            "EPL",
            "Apache 3",
            "GPL 4",
            "BSD-5",
            "New BSD 2-Clause",
            "GPLv2 only or later",
            "Apache 2.0 with modifications",
            "GPL compatible",
            "Python License 2",
            "Other",
            "",
        ] {
            assert_eq!(resolve(given), None, "{given}");
        }
    }

    #[test]
    fn mit_x11_is_mit_for_review() {
        assert_eq!(resolve("MIT/X11"), Some(Resolved { expression: "MIT".to_string(), exact: false }));
        // X11 alone is its own SPDX licence.
        assert_eq!(resolve("X11").map(|r| r.expression).as_deref(), Some("X11"));
    }
}
