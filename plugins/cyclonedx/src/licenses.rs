//! Licences as CycloneDX licence choices.
//!
//! One SPDX id becomes `license.id`, a `LicenseRef-` becomes `license.name` with its text when a
//! finding carried it, anything compound an `expression`. 1.6 allows either a list of licences or
//! exactly one expression, so a package whose declared and concluded licences cannot both be
//! licence objects keeps its concluded one there and its declared one as the property
//! `ospo:declared-license`; 1.7 lists both, each with its `acknowledgement` (and the texts of the
//! `LicenseRef-`s inside an expression as `expressionDetails`).

use std::collections::BTreeMap;

use ospo_plugin_sdk::expression;
use serde_json::{Value, json};

use crate::Spec;

/// The texts of `LicenseRef-` licences, from findings that carried them.
pub type Texts = BTreeMap<String, String>;

/// `NOASSERTION`/`NONE` say nothing a CycloneDX licence can hold.
fn meaningful(expr: &str) -> bool {
    !expr.is_empty() && expr != "NOASSERTION" && expr != "NONE"
}

/// The licence object for `expr` when it is one licence with no exception, else `None`.
fn single(expr: &str, texts: &Texts) -> Option<Value> {
    let parsed = expression::parse(expr).ok()?;
    let terms = parsed.terms();
    let [term] = terms.as_slice() else { return None };
    if term.exception.is_some()
        || term.license.ends_with('+')
        || !matches!(parsed, expression::Expression::Term(_))
    {
        return None;
    }
    let id = term.license.as_str();
    if id.starts_with("LicenseRef-") || id.starts_with("DocumentRef-") {
        let mut license = json!({ "name": id });
        if let Some(text) = texts.get(id) {
            license["text"] = json!({ "contentType": "text/plain", "content": text });
        }
        Some(license)
    } else if expression::is_spdx_id(id) {
        Some(json!({ "id": id }))
    } else {
        None
    }
}

/// One entry of a licence list for `expr`: `{"license": ..}` or `{"expression": ..}`.
fn entry(expr: &str, acknowledgement: Option<&str>, texts: &Texts, spec: Spec) -> Value {
    let mut value = match single(expr, texts) {
        Some(mut license) => {
            if let Some(ack) = acknowledgement {
                license["acknowledgement"] = json!(ack);
            }
            return json!({ "license": license });
        }
        None => json!({ "expression": expr }),
    };
    if let Some(ack) = acknowledgement {
        value["acknowledgement"] = json!(ack);
    }
    if spec >= Spec::V1_7 {
        let details: Vec<Value> = expression::licenses(expr)
            .into_iter()
            .filter_map(|id| {
                let text = texts.get(&id)?;
                Some(json!({
                    "licenseIdentifier": id,
                    "text": { "contentType": "text/plain", "content": text },
                }))
            })
            .collect();
        if !details.is_empty() {
            value["expressionDetails"] = json!(details);
        }
    }
    value
}

/// The component's `licenses` for its declared and concluded expressions, and the declared one
/// when it had to leave the list (1.6).
pub fn component(
    declared: Option<&str>,
    concluded: Option<&str>,
    texts: &Texts,
    spec: Spec,
) -> (Vec<Value>, Option<String>) {
    let declared = declared.filter(|e| meaningful(e));
    let concluded = concluded.filter(|e| meaningful(e));
    let mut out = Vec::new();
    let both_objects = declared.is_none_or(|d| single(d, texts).is_some())
        && concluded.is_none_or(|c| single(c, texts).is_some());
    if spec >= Spec::V1_7 || both_objects {
        if let Some(d) = declared {
            out.push(entry(d, Some("declared"), texts, spec));
        }
        if let Some(c) = concluded {
            out.push(entry(c, Some("concluded"), texts, spec));
        }
        return (out, None);
    }
    match (declared, concluded) {
        (Some(d), Some(c)) => (vec![entry(c, Some("concluded"), texts, spec)], Some(d.to_string())),
        (Some(d), None) => (vec![entry(d, Some("declared"), texts, spec)], None),
        (None, Some(c)) => (vec![entry(c, Some("concluded"), texts, spec)], None),
        (None, None) => (out, None),
    }
}

/// An `evidence.licenses` list for licences detected in files: licence objects for each
/// distinct expression when all are single licences (or 1.7), else one expression joining them.
pub fn evidence(expressions: &[String], texts: &Texts, spec: Spec) -> Vec<Value> {
    let exprs: Vec<&str> = expressions.iter().map(String::as_str).filter(|e| meaningful(e)).collect();
    if exprs.is_empty() {
        return Vec::new();
    }
    if spec >= Spec::V1_7 || exprs.iter().all(|e| single(e, texts).is_some()) {
        return exprs.iter().map(|e| entry(e, None, texts, spec)).collect();
    }
    vec![entry(&expression::and(&exprs), None, texts, spec)]
}
