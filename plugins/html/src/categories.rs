//! Licence categories for the chart and the licence table: ScanCode's category of each id (the
//! table the host's policy reads, `host/data/scancode/categories.tsv`, CC-BY-4.0 © nexB Inc. and
//! others, provenance in `host/data/NOTICE.md`) mapped onto the categories policy rules name.
//! A reporter cannot call the host, so the mapping is repeated here; the names and the mapping
//! are the host's (`host/src/policy/categories.rs`), so a chart bar and a `deny` rule agree.

use std::collections::HashMap;
use std::sync::OnceLock;

use ospo_plugin_sdk::expression::{self, Expression, Term};

/// The kind of a licence, in order of how much it asks of a distributor (the chart's order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    PublicDomain,
    Permissive,
    WeakCopyleft,
    StrongCopyleft,
    NetworkCopyleft,
    Proprietary,
    Unknown,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::PublicDomain,
        Category::Permissive,
        Category::WeakCopyleft,
        Category::StrongCopyleft,
        Category::NetworkCopyleft,
        Category::Proprietary,
        Category::Unknown,
    ];

    /// The name policy rules use (`deny = ["strong-copyleft"]`).
    pub fn as_str(self) -> &'static str {
        match self {
            Category::PublicDomain => "public-domain",
            Category::Permissive => "permissive",
            Category::WeakCopyleft => "weak-copyleft",
            Category::StrongCopyleft => "strong-copyleft",
            Category::NetworkCopyleft => "network-copyleft",
            Category::Proprietary => "proprietary",
            Category::Unknown => "unknown",
        }
    }

    /// How a person reads it.
    pub fn words(self) -> &'static str {
        match self {
            Category::PublicDomain => "public domain",
            Category::Permissive => "permissive",
            Category::WeakCopyleft => "weak copyleft",
            Category::StrongCopyleft => "strong copyleft",
            Category::NetworkCopyleft => "network copyleft",
            Category::Proprietary => "proprietary",
            Category::Unknown => "unknown",
        }
    }
}

static TABLE: &str = include_str!("../../../host/data/scancode/categories.tsv");

/// Lower-cased id → ScanCode category, parsed once per instance.
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

fn scancode(id: &str) -> Option<&'static str> {
    table().get(&id.to_ascii_lowercase()).copied()
}

fn kind_of(scancode: &str) -> Category {
    match scancode {
        "permissive" => Category::Permissive,
        "public-domain" => Category::PublicDomain,
        "copyleft-limited" => Category::WeakCopyleft,
        "copyleft" => Category::StrongCopyleft,
        "network-copyleft" => Category::NetworkCopyleft,
        "commercial" | "proprietary-free" | "source-available" | "free-restricted" => Category::Proprietary,
        // `patent-license`, `cla`, `unstated-license`: no licence terms for code.
        _ => Category::Unknown,
    }
}

/// Ids that say the licence is not known (as the host's policy reads them).
fn is_unknown_id(id: &str) -> bool {
    let lower = id.to_ascii_lowercase();
    lower == "noassertion"
        || lower == "none"
        || (lower.starts_with("licenseref-") && lower.contains("unknown"))
        || expression::convention::referenced_file(id).is_some()
}

/// The category of one licence id (`GPL-2.0-or-later`, `MPL-1.1+`, `LicenseRef-...`).
pub fn of_id(id: &str) -> Category {
    let bare = id.trim_end_matches('+');
    if is_unknown_id(bare) {
        return Category::Unknown;
    }
    scancode(bare).or_else(|| scancode(id)).map_or(Category::Unknown, kind_of)
}

/// A term's category: a `WITH` exception grants permissions, so its category, when the data has
/// one (`Classpath-exception-2.0`: weak copyleft), is the term's.
fn of_term(term: &Term) -> Category {
    let base = of_id(&term.license);
    match term.exception.as_deref().and_then(scancode) {
        Some(with) if base != Category::Unknown => kind_of(with),
        _ => base,
    }
}

/// What an expression asks of a distributor: all of an `AND` (the most demanding part), the
/// least demanding branch of an `OR` (the one a distributor would choose). Text that is not an
/// SPDX expression is unknown.
pub fn of_expression(text: &str) -> Category {
    fn walk(expression: &Expression) -> Category {
        match expression {
            Expression::Term(term) => of_term(term),
            Expression::And(parts) => parts.iter().map(walk).max().unwrap_or(Category::Unknown),
            Expression::Or(parts) => parts.iter().map(walk).min().unwrap_or(Category::Unknown),
        }
    }
    expression::parse(text).map_or(Category::Unknown, |e| walk(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_expressions() {
        let cases = [
            ("MIT", Category::Permissive),
            ("CC0-1.0", Category::PublicDomain),
            ("MPL-2.0", Category::WeakCopyleft),
            ("GPL-3.0-only", Category::StrongCopyleft),
            ("AGPL-3.0-or-later", Category::NetworkCopyleft),
            ("BUSL-1.1", Category::Proprietary),
            ("LicenseRef-Acme-Internal", Category::Unknown),
            ("NOASSERTION", Category::Unknown),
            ("MIT OR GPL-3.0-only", Category::Permissive),
            ("MIT AND GPL-3.0-only", Category::StrongCopyleft),
            ("MIT OR LicenseRef-unknown", Category::Permissive),
            ("MIT AND LicenseRef-unknown", Category::Unknown),
            ("GPL-2.0-only WITH Classpath-exception-2.0", Category::WeakCopyleft),
            ("Apache 2", Category::Unknown),
        ];
        for (text, category) in cases {
            assert_eq!(of_expression(text), category, "{text}");
        }
    }
}
