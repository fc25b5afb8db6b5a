//! Purls and the small value helpers both formats share.

use ospo_plugin_sdk::purl::with_qualifiers;
use serde_yaml_ng::Value;

/// Where `hosted` means the public repository that a `pkg:pub` purl implies (pub wrote the
/// older name until 2022).
const DEFAULT_HOSTED: &[&str] = &["https://pub.dev", "https://pub.dartlang.org"];

/// `pkg:pub/name@version`, with one qualifier when the source needs saying.
pub fn purl(name: &str, version: Option<&str>, qualifier: Option<(&str, String)>) -> String {
    let qualifiers: Vec<(&str, &str)> = qualifier.iter().map(|(k, v)| (*k, v.as_str())).collect();
    with_qualifiers("pub", None, name, version, &qualifiers).unwrap_or_else(|_| match version {
        Some(v) => format!("pub:{name}@{v}"),
        None => format!("pub:{name}"),
    })
}

/// `repository_url` for a hosted package from another server than the public one.
pub fn hosted_qualifier(url: Option<&str>) -> Option<(&'static str, String)> {
    let url = url?.trim_end_matches('/');
    (!DEFAULT_HOSTED.contains(&url)).then(|| ("repository_url", url.to_string()))
}

/// A YAML scalar as text (`version: 1.0` may parse as a number).
pub fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}
