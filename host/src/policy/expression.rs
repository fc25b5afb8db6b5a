//! One licence expression against the policy, parsed by the `spdx` crate (through
//! `ospo-expression`): a term is decided by the most specific rule naming it or its category,
//! then by an exception; `AND` needs every part, `OR` passes when one branch is allowed and
//! reports the branch chosen (the user's `prefer` order first, then the written order); `WITH`
//! makes `ID WITH EXCEPTION` its own id. `NOASSERTION`, `LicenseRef-unknown`, unresolved
//! references and a missing licence go to review.

use ospo_expression::{Expression, Term};

use super::categories::{Category, classify};
use super::date::Date;
use super::exceptions::{Exception, Standing};
use super::scope::{RuleSet, decision_name};
use crate::model::Decision;

/// `[policy] default`, and where it is written (empty: the built-in default).
#[derive(Debug, Clone)]
pub struct DefaultRule {
    pub decision: Decision,
    pub at: String,
}

/// Everything that decides the terms of one subject's expression.
pub struct Rules<'a> {
    /// Scoped rules matching the subject first, then `[policy]`'s own lists.
    pub sets: Vec<&'a RuleSet>,
    pub default: &'a DefaultRule,
    pub prefer: &'a [String],
    /// The exceptions that name the subject, with their index in the policy.
    pub exceptions: Vec<(usize, &'a Exception)>,
    pub today: Date,
}

/// How an expression fared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub decision: Decision,
    /// The rule that decided (the deciding term's, for a compound expression).
    pub rule: String,
    /// For an expression with `OR`, the licences chosen.
    pub choice: Option<String>,
    /// One sentence per deciding term.
    pub reasons: Vec<String>,
    /// The exception that decided, and whether it still holds.
    pub exception: Option<(usize, Standing)>,
    /// Exceptions that allowed a term of the outcome.
    pub used: Vec<usize>,
    /// The licence kinds of the deciding terms (for explanations and counts).
    pub kinds: Vec<Category>,
    chosen: String,
}

fn verb(decision: Decision) -> &'static str {
    match decision {
        Decision::Allow => "allowed",
        Decision::Review => "to be reviewed",
        Decision::Deny => "denied",
    }
}

fn rank(decision: Decision) -> u8 {
    match decision {
        Decision::Allow => 0,
        Decision::Review => 1,
        Decision::Deny => 2,
    }
}

/// Evaluates `text`; `None` (no licence found at all) is reviewed like `NOASSERTION`.
pub fn evaluate(text: Option<&str>, rules: &Rules<'_>) -> Outcome {
    let text = text.map(str::trim).filter(|t| !t.is_empty()).unwrap_or("NOASSERTION");
    // `NOASSERTION` and `NONE` are SPDX document values, not expression ids.
    if text.eq_ignore_ascii_case("NOASSERTION") || text.eq_ignore_ascii_case("NONE") {
        return term(&Term { license: text.to_ascii_uppercase(), exception: None }, rules);
    }
    match ospo_expression::parse(text) {
        Ok(expression) => {
            let mut outcome = walk(&expression, rules);
            if matches!(expression, Expression::Or(_)) || has_or(&expression) {
                outcome.choice = Some(outcome.chosen.clone());
            }
            outcome
        }
        Err(err) => Outcome {
            decision: Decision::Review,
            rule: "expression-invalid".to_string(),
            choice: None,
            reasons: vec![format!(
                "`{text}` is not an SPDX expression ({}), so a person must read it",
                err.reason
            )],
            exception: None,
            used: Vec::new(),
            kinds: vec![Category::Unknown],
            chosen: text.to_string(),
        },
    }
}

fn has_or(expression: &Expression) -> bool {
    match expression {
        Expression::Term(_) => false,
        Expression::Or(_) => true,
        Expression::And(parts) => parts.iter().any(has_or),
    }
}

fn walk(expression: &Expression, rules: &Rules<'_>) -> Outcome {
    match expression {
        Expression::Term(t) => term(t, rules),
        Expression::And(parts) => all(parts.iter().map(|p| walk(p, rules)).collect()),
        Expression::Or(parts) => any(parts, rules),
    }
}

/// `AND`: the worst part decides; every part's licence is in the choice.
fn all(parts: Vec<Outcome>) -> Outcome {
    let worst = parts.iter().map(|p| p.decision).max_by_key(|d| rank(*d)).unwrap_or(Decision::Review);
    let deciding: Vec<&Outcome> = parts.iter().filter(|p| p.decision == worst).collect();
    // An exception that decided a part is what a reader needs to see.
    let first = deciding.iter().find(|p| p.exception.is_some()).or(deciding.first()).copied();
    let chosen = parts
        .iter()
        .map(|p| {
            if p.chosen.contains(" OR ") || p.chosen.contains(" AND ") {
                format!("({})", p.chosen)
            } else {
                p.chosen.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" AND ");
    Outcome {
        decision: worst,
        rule: first.map(|p| p.rule.clone()).unwrap_or_default(),
        choice: None,
        reasons: deciding.iter().flat_map(|p| p.reasons.clone()).collect(),
        exception: deciding.iter().find_map(|p| p.exception),
        used: parts.iter().flat_map(|p| p.used.clone()).collect(),
        kinds: deciding.iter().flat_map(|p| p.kinds.clone()).collect(),
        chosen,
    }
}

/// `OR`: an allowed branch passes (the preferred one when several do); otherwise the least bad.
fn any(parts: &[Expression], rules: &Rules<'_>) -> Outcome {
    let outcomes: Vec<(usize, &Expression, Outcome)> =
        parts.iter().enumerate().map(|(i, p)| (i, p, walk(p, rules))).collect();
    let best =
        outcomes.iter().map(|(_, _, o)| o.decision).min_by_key(|d| rank(*d)).unwrap_or(Decision::Review);
    let preference = |e: &Expression| -> usize {
        e.terms()
            .iter()
            .filter_map(|t| {
                let full = t.to_string();
                rules
                    .prefer
                    .iter()
                    .position(|p| p.eq_ignore_ascii_case(&full) || p.eq_ignore_ascii_case(&t.license))
            })
            .min()
            .unwrap_or(rules.prefer.len())
    };
    let chosen = outcomes
        .iter()
        .filter(|(_, _, o)| o.decision == best)
        .min_by_key(|(i, e, _)| (preference(e), *i))
        .map(|(_, _, o)| o.clone());
    let Some(mut chosen) = chosen else {
        return term(&Term { license: "NOASSERTION".into(), exception: None }, rules);
    };
    if best != Decision::Allow {
        // No branch passes: every branch's reason matters to whoever fixes it.
        chosen.reasons = outcomes.iter().flat_map(|(_, _, o)| o.reasons.clone()).collect();
        chosen.exception = outcomes.iter().find_map(|(_, _, o)| o.exception);
    } else if outcomes.len() > 1 {
        let how = if rules.prefer.is_empty() || preference(&parts[0]) == rules.prefer.len() {
            "the first allowed branch"
        } else {
            "the allowed branch `prefer` ranks first"
        };
        chosen.reasons.push(format!("`{}` chosen as {how}", chosen.chosen));
    }
    chosen
}

fn term(t: &Term, rules: &Rules<'_>) -> Outcome {
    let class = classify(t);
    let name = t.to_string();
    let decided = rules.sets.iter().find_map(|set| set.decide(t, &class));
    let (decision, rule, reason) = match decided {
        Some(entry) => {
            let reason = match &entry.target {
                super::scope::Target::License(_) => {
                    format!("{name} is {} by {}", verb(entry.decision), entry.cite())
                }
                super::scope::Target::Category(category) if category.is_flag() => format!(
                    "{name} is {} and {}: {} by {}",
                    class.describe(),
                    category.words(),
                    verb(entry.decision),
                    entry.cite()
                ),
                super::scope::Target::Category(_) => {
                    format!("{name} is {}: {} by {}", class.describe(), verb(entry.decision), entry.cite())
                }
            };
            (entry.decision, entry.id(), reason)
        }
        None if class.kind == Category::Unknown => (
            Decision::Review,
            "review:category:unknown".to_string(),
            format!("{name} is {}, and no rule names it, so a person must review it", class.describe()),
        ),
        None => {
            let at = if rules.default.at.is_empty() {
                "the built-in default".to_string()
            } else {
                format!("`default` at {}", rules.default.at)
            };
            (
                rules.default.decision,
                format!("default:{}", decision_name(rules.default.decision)),
                format!(
                    "{name} is {}; no rule names it or its categories, so it is {} ({at})",
                    class.describe(),
                    verb(rules.default.decision)
                ),
            )
        }
    };
    let mut outcome = Outcome {
        decision,
        rule,
        choice: None,
        reasons: vec![reason],
        exception: None,
        used: Vec::new(),
        kinds: vec![class.kind],
        chosen: name.clone(),
    };
    if decision == Decision::Allow {
        return outcome;
    }
    let covering = || rules.exceptions.iter().filter(|(_, e)| e.covers_term(t));
    if let Some((index, exception)) = covering().find(|(_, e)| e.standing(rules.today) == Standing::Active) {
        outcome.reasons = vec![format!(
            "{name} would be {} ({}), but {} accepts it",
            verb(decision),
            outcome.reasons.join("; "),
            exception.cite()
        )];
        outcome.decision = Decision::Allow;
        outcome.rule = format!("exception:{}", exception.id);
        outcome.exception = Some((*index, Standing::Active));
        outcome.used.push(*index);
    } else if let Some((index, exception)) = covering().next() {
        let expired = exception.expires.map(|d| d.to_string()).unwrap_or_default();
        outcome.reasons = vec![format!(
            "{name} would be {} ({}); {} expired on {expired}",
            verb(decision),
            outcome.reasons.join("; "),
            exception.cite()
        )];
        outcome.decision = Decision::Deny;
        outcome.rule = format!("exception-expired:{}", exception.id);
        outcome.exception = Some((*index, Standing::Expired));
        outcome.used.push(*index);
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::super::exceptions::ExceptionMatcher;
    use super::super::scope::{PathSet, RuleEntry, Target};
    use super::*;

    fn set(entries: &[(&str, Decision)]) -> RuleSet {
        RuleSet {
            entries: entries
                .iter()
                .enumerate()
                .map(|(i, (name, decision))| RuleEntry {
                    target: Category::parse(name)
                        .map_or_else(|| Target::License((*name).to_string()), Target::Category),
                    decision: *decision,
                    at: format!("ospo.toml:{}", i + 1),
                    table: "[policy]".into(),
                })
                .collect(),
        }
    }

    fn policy() -> RuleSet {
        use Decision::*;
        set(&[
            ("permissive", Allow),
            ("public-domain", Allow),
            ("weak-copyleft", Review),
            ("strong-copyleft", Deny),
            ("network-copyleft", Deny),
            ("proprietary", Deny),
            ("unknown", Review),
            ("GPL-2.0-only WITH Classpath-exception-2.0", Allow),
        ])
    }

    fn exception(license: &str, expires: &str) -> Exception {
        Exception {
            id: "exc".into(),
            matcher: ExceptionMatcher::Path(PathSet::new(&["**".to_string()]).expect("glob")),
            licenses: vec![license.to_string()],
            reason: "accepted".into(),
            owner: "legal".into(),
            expires: Date::parse(expires),
            at: "ospo.toml:40".into(),
        }
    }

    fn run(text: Option<&str>, prefer: &[&str], exceptions: &[Exception]) -> Outcome {
        let sets = policy();
        let default = DefaultRule { decision: Decision::Review, at: String::new() };
        let prefer: Vec<String> = prefer.iter().map(|s| s.to_string()).collect();
        let rules = Rules {
            sets: vec![&sets],
            default: &default,
            prefer: &prefer,
            exceptions: exceptions.iter().enumerate().collect(),
            today: Date::parse("2026-01-01").expect("date"),
        };
        evaluate(text, &rules)
    }

    /// (expression, prefer, decision, rule, choice)
    type Case<'a> = (Option<&'a str>, &'a [&'a str], Decision, &'a str, Option<&'a str>);

    #[test]
    fn expression_semantics() {
        use Decision::*;
        let cases: &[Case<'_>] = &[
            (Some("MIT"), &[], Allow, "allow:category:permissive", None),
            (Some("GPL-3.0-only"), &[], Deny, "deny:category:strong-copyleft", None),
            (Some("AGPL-3.0-or-later"), &[], Deny, "deny:category:network-copyleft", None),
            (Some("LGPL-2.1-only"), &[], Review, "review:category:weak-copyleft", None),
            (Some("BUSL-1.1"), &[], Deny, "deny:category:proprietary", None),
            (Some("CC0-1.0"), &[], Allow, "allow:category:public-domain", None),
            (Some("MIT OR Apache-2.0"), &[], Allow, "allow:category:permissive", Some("MIT")),
            (
                Some("MIT OR Apache-2.0"),
                &["Apache-2.0"],
                Allow,
                "allow:category:permissive",
                Some("Apache-2.0"),
            ),
            (Some("GPL-3.0-only OR MIT"), &[], Allow, "allow:category:permissive", Some("MIT")),
            (
                Some("GPL-3.0-only OR LGPL-2.1-only"),
                &[],
                Review,
                "review:category:weak-copyleft",
                Some("LGPL-2.1-only"),
            ),
            (
                Some("GPL-3.0-only OR AGPL-3.0-only"),
                &[],
                Deny,
                "deny:category:strong-copyleft",
                Some("GPL-3.0-only"),
            ),
            (Some("MIT AND GPL-3.0-only"), &[], Deny, "deny:category:strong-copyleft", None),
            (Some("MIT AND LGPL-2.1-only"), &[], Review, "review:category:weak-copyleft", None),
            (Some("MIT AND ISC"), &[], Allow, "allow:category:permissive", None),
            (
                Some("(MIT OR GPL-3.0-only) AND ISC"),
                &[],
                Allow,
                "allow:category:permissive",
                Some("MIT AND ISC"),
            ),
            (
                Some("GPL-2.0-only WITH Classpath-exception-2.0"),
                &[],
                Allow,
                "allow:GPL-2.0-only WITH Classpath-exception-2.0",
                None,
            ),
            // Not named: the exception's own category (weak copyleft) decides.
            (
                Some("GPL-2.0-or-later WITH Classpath-exception-2.0"),
                &[],
                Review,
                "review:category:weak-copyleft",
                None,
            ),
            (Some("NOASSERTION"), &[], Review, "review:category:unknown", None),
            (None, &[], Review, "review:category:unknown", None),
            (Some("LicenseRef-unknown"), &[], Review, "review:category:unknown", None),
            (Some("LicenseRef-see-LICENSE"), &[], Review, "review:category:unknown", None),
            (Some("MIT OR LicenseRef-unknown"), &[], Allow, "allow:category:permissive", Some("MIT")),
            (Some("Apache 2"), &[], Review, "expression-invalid", None),
        ];
        for (text, prefer, decision, rule, choice) in cases {
            let outcome = run(*text, prefer, &[]);
            assert_eq!(
                (outcome.decision, outcome.rule.as_str(), outcome.choice.as_deref()),
                (*decision, *rule, *choice),
                "{text:?} prefer {prefer:?}: {:?}",
                outcome.reasons
            );
            assert!(!outcome.reasons.is_empty(), "{text:?} explains itself");
        }
    }

    #[test]
    fn exceptions_allow_until_they_expire() {
        use Decision::*;
        let cases: &[(&str, &str, &str, Decision, &str)] = &[
            ("GPL-3.0-only", "GPL-3.0-only", "2026-06-30", Allow, "exception:exc"),
            ("GPL-3.0-only", "GPL-3.0-only", "2026-01-01", Allow, "exception:exc"),
            ("GPL-3.0-only", "GPL-3.0-only", "2025-12-31", Deny, "exception-expired:exc"),
            // An expired exception turns a review into a violation too: it was relied on.
            ("LGPL-2.1-only", "LGPL-2.1-only", "2025-12-31", Deny, "exception-expired:exc"),
            // It names another licence: the rules decide.
            ("GPL-3.0-only", "AGPL-3.0-only", "2026-06-30", Deny, "deny:category:strong-copyleft"),
            // Allowed anyway: the exception is not needed (and not counted as used).
            ("MIT", "MIT", "2025-12-31", Allow, "allow:category:permissive"),
            ("MIT AND GPL-3.0-only", "GPL-3.0-only", "2026-06-30", Allow, "exception:exc"),
        ];
        for (expression, license, expires, decision, rule) in cases {
            let outcome = run(Some(expression), &[], &[exception(license, expires)]);
            assert_eq!(
                (outcome.decision, outcome.rule.as_str()),
                (*decision, *rule),
                "{expression} / {expires}"
            );
        }
        let needed = run(Some("GPL-3.0-only"), &[], &[exception("GPL-3.0-only", "2026-06-30")]);
        assert_eq!(needed.used, [0]);
        assert!(needed.reasons[0].contains("would be denied"), "{:?}", needed.reasons);
        let unneeded = run(Some("MIT"), &[], &[exception("MIT", "2026-06-30")]);
        assert!(unneeded.used.is_empty());
    }
}
