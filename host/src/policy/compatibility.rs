//! Licence compatibility: the project's licence against each dependency's, from the OSADL
//! compatibility matrix (`host/data/osadl/`, CC-BY-4.0), embedded and parsed the first time a
//! check needs it. The matrix's row is the licence of the combined work (the project), its
//! column the licence of the included component.
//!
//! An `OR` on the project's side is a licence it offers: every option must work. An `OR` on
//! the dependency's side is a choice: one branch is enough. `AND` needs every pair.

use std::collections::HashMap;
use std::sync::OnceLock;

use ospo_expression::{Expression, Term};

use super::categories::{Category, classify};
use crate::model::Decision;

static MATRIX: &str = include_str!("../../data/osadl/osadl-matrix.json");

/// One cell of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    Yes,
    No,
    Unknown,
    CheckDependency,
    Same,
}

type Matrix = HashMap<String, HashMap<String, Cell>>;

fn matrix() -> &'static Matrix {
    static PARSED: OnceLock<Matrix> = OnceLock::new();
    PARSED.get_or_init(|| {
        let Ok(serde_json::Value::Object(rows)) = serde_json::from_str::<serde_json::Value>(MATRIX) else {
            return Matrix::new();
        };
        rows.into_iter()
            .filter_map(|(row, columns)| match columns {
                serde_json::Value::Object(columns) => Some((row, columns)),
                // `timestamp`, `timeformat`.
                _ => None,
            })
            .map(|(row, columns)| {
                let cells = columns
                    .into_iter()
                    .filter_map(|(column, value)| {
                        let cell = match value.as_str()? {
                            "Yes" => Cell::Yes,
                            "No" => Cell::No,
                            "Unknown" => Cell::Unknown,
                            "Check dependency" => Cell::CheckDependency,
                            "Same" => Cell::Same,
                            _ => return None,
                        };
                        Some((column, cell))
                    })
                    .collect();
                (row, cells)
            })
            .collect()
    })
}

/// The cell for a component under `dependency` inside a work under `project`.
pub fn cell(project: &str, dependency: &str) -> Option<Cell> {
    matrix().get(project)?.get(dependency).copied()
}

/// `[policy.compatibility]`.
#[derive(Debug, Clone)]
pub struct CompatibilityPolicy {
    pub check: bool,
    /// For a pair the matrix says `No`.
    pub incompatible: Decision,
    /// For `Unknown`, `Check dependency`, no entry, and weak copyleft the matrix says `No` to.
    pub unknown: Decision,
}

impl Default for CompatibilityPolicy {
    fn default() -> Self {
        CompatibilityPolicy { check: true, incompatible: Decision::Deny, unknown: Decision::Review }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Compatible,
    Uncertain,
    Incompatible,
}

struct Pair {
    level: Level,
    rule: &'static str,
    sentence: String,
}

fn pair(project: &Term, dependency: &Term) -> Pair {
    let (p, d) = (project.to_string(), dependency.to_string());
    if p == d {
        return Pair {
            level: Level::Compatible,
            rule: "compatibility:same",
            sentence: format!("both are {p}"),
        };
    }
    let kind = classify(dependency).kind;
    match cell(&p, &d) {
        Some(Cell::Yes | Cell::Same) => Pair {
            level: Level::Compatible,
            rule: "compatibility:yes",
            sentence: format!("the OSADL matrix says a {d} component may be part of a work under {p}"),
        },
        Some(Cell::No) if kind == Category::WeakCopyleft => Pair {
            level: Level::Uncertain,
            rule: "compatibility:weak-copyleft",
            sentence: format!(
                "the OSADL matrix says {d} code cannot become part of a work under {p}, but {d} is weak \
                 copyleft: it is compatible when kept separate (linked dynamically, its files unmodified \
                 or published), so check how it is combined"
            ),
        },
        Some(Cell::No) => Pair {
            level: Level::Incompatible,
            rule: "compatibility:no",
            sentence: format!("the OSADL matrix says a {d} component cannot be part of a work under {p}"),
        },
        Some(Cell::Unknown) => Pair {
            level: Level::Uncertain,
            rule: "compatibility:unknown",
            sentence: format!("the OSADL matrix marks a {d} component in a work under {p} as unknown"),
        },
        Some(Cell::CheckDependency) => Pair {
            level: Level::Uncertain,
            rule: "compatibility:check-dependency",
            sentence: format!(
                "the OSADL matrix says whether a {d} component may be part of a work under {p} depends on how it is used"
            ),
        },
        None if matches!(kind, Category::Permissive | Category::PublicDomain) => Pair {
            level: Level::Compatible,
            rule: "compatibility:permissive",
            sentence: format!(
                "the OSADL matrix has no entry for {d} in a work under {p}; {d} is {}, which asks nothing a \
                 project licence can conflict with beyond notices",
                kind.words()
            ),
        },
        None => Pair {
            level: Level::Uncertain,
            rule: "compatibility:no-entry",
            sentence: format!(
                "unknown: the OSADL matrix has no entry for a {d} component in a work under {p}"
            ),
        },
    }
}

/// Disjunctive normal form: the ways to satisfy an expression, each a list of terms; capped,
/// since a pathological expression could have exponentially many.
fn dnf(expression: &Expression) -> Vec<Vec<Term>> {
    const CAP: usize = 64;
    match expression {
        Expression::Term(t) => vec![vec![t.clone()]],
        Expression::Or(parts) => parts.iter().flat_map(dnf).take(CAP).collect(),
        Expression::And(parts) => parts.iter().fold(vec![Vec::new()], |acc, part| {
            let options = dnf(part);
            acc.iter()
                .flat_map(|left| {
                    options.iter().map(move |right| left.iter().chain(right).cloned().collect::<Vec<_>>())
                })
                .take(CAP)
                .collect()
        }),
    }
}

/// A compatibility verdict's substance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompatOutcome {
    pub decision: Decision,
    pub rule: String,
    pub explanation: String,
}

/// `dependency` (the licence chosen for a package) inside a project under `project`.
pub fn check(project: &str, dependency: &str, policy: &CompatibilityPolicy) -> Option<CompatOutcome> {
    let project_expr = ospo_expression::parse(project).ok()?;
    let dependency_expr = ospo_expression::parse(dependency).ok()?;
    let offered = dnf(&project_expr);
    let choices = dnf(&dependency_expr);
    // For every licence the project offers, the best dependency choice; the worst of those.
    let worst = offered
        .iter()
        .map(|p_conj| {
            choices
                .iter()
                .map(|d_conj| {
                    p_conj
                        .iter()
                        .flat_map(|p| d_conj.iter().map(move |d| pair(p, d)))
                        .max_by_key(|pair| pair.level)
                })
                .min_by_key(|pair| pair.as_ref().map(|p| p.level))
                .flatten()
        })
        .max_by_key(|pair| pair.as_ref().map(|p| p.level))
        .flatten()?;
    let decision = match worst.level {
        Level::Compatible => Decision::Allow,
        Level::Uncertain => policy.unknown,
        Level::Incompatible => policy.incompatible,
    };
    Some(CompatOutcome { decision, rule: worst.rule.to_string(), explanation: worst.sentence })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_matrix_is_embedded_whole() {
        let m = matrix();
        assert_eq!(m.len(), 110, "110 licences");
        assert!(m.values().all(|row| row.len() == 110), "a full square");
        assert_eq!(cell("GPL-2.0-only", "MIT"), Some(Cell::Yes));
        assert_eq!(cell("MIT", "GPL-2.0-only"), Some(Cell::No));
        assert_eq!(cell("GPL-3.0-only", "Apache-2.0"), Some(Cell::Yes));
        assert_eq!(cell("GPL-2.0-only", "Apache-2.0"), Some(Cell::No));
        assert_eq!(cell("MIT", "MIT"), Some(Cell::Same));
    }

    #[test]
    fn compatibility_table() {
        use Decision::*;
        let policy = CompatibilityPolicy::default();
        let cases: &[(&str, &str, Decision, &str)] = &[
            ("Apache-2.0", "MIT", Allow, "compatibility:yes"),
            ("Apache-2.0", "Apache-2.0", Allow, "compatibility:same"),
            ("GPL-3.0-only", "Apache-2.0", Allow, "compatibility:yes"),
            ("GPL-2.0-only", "Apache-2.0", Deny, "compatibility:no"),
            ("MIT", "GPL-3.0-only", Deny, "compatibility:no"),
            ("Apache-2.0", "LGPL-2.1-only", Review, "compatibility:weak-copyleft"),
            ("AGPL-3.0-only", "GPL-3.0-only", Review, "compatibility:check-dependency"),
            ("Apache-2.0", "MIT-0", Allow, "compatibility:permissive"),
            ("Apache-2.0", "LicenseRef-Acme", Review, "compatibility:no-entry"),
            // The dependency's OR is a choice; the project's OR is an offer that must hold.
            ("MIT", "GPL-3.0-only OR MIT", Allow, "compatibility:same"),
            ("MIT OR GPL-2.0-only", "Apache-2.0", Deny, "compatibility:no"),
            ("Apache-2.0", "MIT AND GPL-3.0-only", Deny, "compatibility:no"),
        ];
        for (project, dependency, decision, rule) in cases {
            let outcome = check(project, dependency, &policy).expect("parses");
            assert_eq!(
                (outcome.decision, outcome.rule.as_str()),
                (*decision, *rule),
                "{project} <- {dependency}"
            );
        }
        let lenient = CompatibilityPolicy { incompatible: Review, ..policy };
        assert_eq!(check("MIT", "GPL-3.0-only", &lenient).map(|o| o.decision), Some(Review));
        let explained =
            check("Apache-2.0", "LGPL-2.1-only", &CompatibilityPolicy::default()).expect("parses");
        assert!(explained.explanation.contains("linked dynamically"), "{}", explained.explanation);
        assert!(
            check("Apache-2.0", "LicenseRef-Acme", &CompatibilityPolicy::default())
                .is_some_and(|o| o.explanation.starts_with("unknown: "))
        );
    }
}
