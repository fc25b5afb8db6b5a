//! Licence categories, from data: ScanCode's licence categories (`host/data/scancode/
//! categories.tsv`, extracted by the script beside it) for the kind of licence, and the SPDX
//! licence list's flags (as the `spdx` crate compiles them) for OSI approval and FSF libre
//! status. Nothing here is typed by hand but the mapping of ScanCode's names onto ours.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use ospo_expression::Term;

/// What a policy list may name besides licence ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    Permissive,
    WeakCopyleft,
    StrongCopyleft,
    NetworkCopyleft,
    PublicDomain,
    Proprietary,
    OsiApproved,
    FsfLibre,
    Unknown,
}

impl Category {
    pub const ALL: &[Category] = &[
        Category::Permissive,
        Category::WeakCopyleft,
        Category::StrongCopyleft,
        Category::NetworkCopyleft,
        Category::PublicDomain,
        Category::Proprietary,
        Category::OsiApproved,
        Category::FsfLibre,
        Category::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Permissive => "permissive",
            Category::WeakCopyleft => "weak-copyleft",
            Category::StrongCopyleft => "strong-copyleft",
            Category::NetworkCopyleft => "network-copyleft",
            Category::PublicDomain => "public-domain",
            Category::Proprietary => "proprietary",
            Category::OsiApproved => "osi-approved",
            Category::FsfLibre => "fsf-libre",
            Category::Unknown => "unknown",
        }
    }

    pub fn parse(name: &str) -> Option<Category> {
        Category::ALL.iter().copied().find(|c| c.as_str() == name)
    }

    /// A flag holds alongside a kind (a licence is strong copyleft *and* OSI-approved): rules
    /// naming a kind are more specific than rules naming a flag.
    pub fn is_flag(self) -> bool {
        matches!(self, Category::OsiApproved | Category::FsfLibre)
    }

    /// How a sentence names it ("strong copyleft").
    pub fn words(self) -> &'static str {
        match self {
            Category::Permissive => "permissive",
            Category::WeakCopyleft => "weak copyleft",
            Category::StrongCopyleft => "strong copyleft",
            Category::NetworkCopyleft => "network copyleft",
            Category::PublicDomain => "public domain",
            Category::Proprietary => "proprietary or commercial",
            Category::OsiApproved => "OSI-approved",
            Category::FsfLibre => "FSF free/libre",
            Category::Unknown => "of unknown terms",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the data says about one licence term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classification {
    /// The kind: one of the non-flag categories.
    pub kind: Category,
    /// ScanCode's own category name, when the table has the id (`copyleft-limited`).
    pub scancode: Option<&'static str>,
    /// OSI-approved / FSF-libre, from the SPDX licence list.
    pub flags: Vec<Category>,
}

impl Classification {
    /// Every category the term is in, kind first.
    pub fn categories(&self) -> impl Iterator<Item = Category> + '_ {
        std::iter::once(self.kind).chain(self.flags.iter().copied())
    }

    /// "strong copyleft (ScanCode: copyleft)".
    pub fn describe(&self) -> String {
        match self.scancode {
            Some(name) => format!("{} (ScanCode category `{name}`)", self.kind.words()),
            None => format!("{} (not in ScanCode's licence data)", self.kind.words()),
        }
    }
}

static TABLE: &str = include_str!("../../data/scancode/categories.tsv");

/// Lower-cased id → ScanCode category, parsed once.
fn table() -> &'static HashMap<String, &'static str> {
    static PARSED: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    PARSED.get_or_init(|| {
        TABLE
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| line.split_once('\t'))
            .map(|(id, category)| (id.to_ascii_lowercase(), category))
            .collect()
    })
}

/// ScanCode's category name for `id`.
pub fn scancode_category(id: &str) -> Option<&'static str> {
    table().get(&id.to_ascii_lowercase()).copied()
}

fn kind_of(scancode: &str) -> Category {
    match scancode {
        "permissive" => Category::Permissive,
        "public-domain" => Category::PublicDomain,
        "copyleft-limited" => Category::WeakCopyleft,
        "copyleft" => Category::StrongCopyleft,
        "network-copyleft" => Category::NetworkCopyleft,
        // Not open source: no licence to use it as the other categories allow.
        "commercial" | "proprietary-free" | "source-available" | "free-restricted" => Category::Proprietary,
        // `patent-license`, `cla`, `unstated-license`: no licence terms for code.
        _ => Category::Unknown,
    }
}

/// Ids that say the licence is not known: SPDX's `NOASSERTION`, ospo's and ScanCode's
/// `LicenseRef-*unknown*` and an unresolved "see the licence file" reference.
pub fn is_unknown_id(id: &str) -> bool {
    let lower = id.to_ascii_lowercase();
    lower == "noassertion"
        || lower == "none"
        || (lower.starts_with("licenseref-") && lower.contains("unknown"))
        || ospo_expression::convention::referenced_file(id).is_some()
}

/// Classifies one term. A `WITH` exception grants permissions, so its category (when the data
/// has one, as for `Classpath-exception-2.0`: weak copyleft) is the term's; the flags are the
/// licence's.
pub fn classify(term: &Term) -> Classification {
    let license = term.license.trim_end_matches('+');
    if is_unknown_id(license) {
        return Classification { kind: Category::Unknown, scancode: None, flags: Vec::new() };
    }
    let base = scancode_category(license).or_else(|| scancode_category(&term.license));
    let with = term.exception.as_deref().and_then(scancode_category);
    let scancode = with.or(base);
    let kind = scancode.map_or(Category::Unknown, kind_of);
    let mut flags = Vec::new();
    if let Some(id) = spdx::license_id(&term.license).or_else(|| spdx::license_id(license)) {
        if id.is_osi_approved() {
            flags.push(Category::OsiApproved);
        }
        if id.is_fsf_free_libre() {
            flags.push(Category::FsfLibre);
        }
    }
    Classification { kind, scancode, flags }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(text: &str) -> Term {
        let (license, exception) = match text.split_once(" WITH ") {
            Some((l, e)) => (l, Some(e.to_string())),
            None => (text, None),
        };
        Term { license: license.to_string(), exception }
    }

    #[test]
    fn categories_come_from_the_data() {
        let cases: &[(&str, Category, &[Category])] = &[
            ("MIT", Category::Permissive, &[Category::OsiApproved, Category::FsfLibre]),
            ("Apache-2.0", Category::Permissive, &[Category::OsiApproved, Category::FsfLibre]),
            ("LGPL-2.1-only", Category::WeakCopyleft, &[Category::OsiApproved, Category::FsfLibre]),
            ("MPL-2.0", Category::WeakCopyleft, &[Category::OsiApproved, Category::FsfLibre]),
            ("GPL-3.0-only", Category::StrongCopyleft, &[Category::OsiApproved, Category::FsfLibre]),
            ("AGPL-3.0-or-later", Category::NetworkCopyleft, &[Category::OsiApproved, Category::FsfLibre]),
            ("CC0-1.0", Category::PublicDomain, &[Category::FsfLibre]),
            ("BUSL-1.1", Category::Proprietary, &[]),
            (
                "GPL-2.0-only WITH Classpath-exception-2.0",
                Category::WeakCopyleft,
                &[Category::OsiApproved, Category::FsfLibre],
            ),
            ("LicenseRef-unknown", Category::Unknown, &[]),
            ("NOASSERTION", Category::Unknown, &[]),
            ("LicenseRef-see-LICENSE", Category::Unknown, &[]),
            ("LicenseRef-Acme-Internal", Category::Unknown, &[]),
        ];
        for (text, kind, flags) in cases {
            let class = classify(&term(text));
            assert_eq!(class.kind, *kind, "{text}");
            assert_eq!(class.flags, *flags, "{text}");
        }
    }

    #[test]
    fn names_round_trip() {
        for &c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(c));
        }
        assert_eq!(Category::parse("copyleft"), None);
    }

    #[test]
    fn lookups_ignore_case() {
        assert_eq!(scancode_category("mit"), Some("permissive"));
        assert_eq!(scancode_category("LicenseRef-scancode-public-domain"), Some("public-domain"));
    }
}
