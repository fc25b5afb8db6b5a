//! Declared licences from Python metadata: an SPDX `License-Expression` / PEP 639 `license`
//! string, a free-text `License` field, a licence file reference, and Trove classifiers
//! (`License :: OSI Approved :: MIT License`), in that order of trust.

use ospo_plugin_sdk::DeclaredLicense;
use ospo_plugin_sdk::expression::{convention, normalize};

use crate::trove;

/// A licence text that is a licence *name*, not a whole licence pasted in: short, one line.
/// Old setup.py files put the full text in `License`, which names nothing by itself.
fn is_name(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty() && text.len() <= 100 && !text.contains('\n') && !text.eq_ignore_ascii_case("unknown")
}

/// The licence the `License ::` classifiers name, raw kept as the classifiers joined with `; `.
/// Several classifiers say neither "and" nor "or": they are joined with `AND`, the reading that
/// asks the most of a user, and the raw text keeps what was written.
pub fn from_classifiers<'a>(classifiers: impl IntoIterator<Item = &'a str>) -> Option<DeclaredLicense> {
    let licences: Vec<&str> = classifiers
        .into_iter()
        .map(str::trim)
        .filter(|c| c.starts_with("License ::") && *c != "License :: OSI Approved")
        .collect();
    let names: Vec<String> = licences
        .iter()
        .filter_map(|c| c.rsplit("::").next().map(str::trim))
        .map(|name| trove::spdx_id(name).map_or_else(|| normalize(name).expression, str::to_string))
        .collect();
    if names.is_empty() {
        return None;
    }
    let expression = if names.len() == 1 {
        names[0].clone()
    } else {
        let wrapped: Vec<String> =
            names.iter().map(|n| if n.contains(' ') { format!("({n})") } else { n.clone() }).collect();
        wrapped.join(" AND ")
    };
    Some(DeclaredLicense::new(&licences.join("; "), &expression))
}

/// The best declared licence of a distribution's metadata: `License-Expression`, else a
/// `License` field that names a licence exactly, else the classifiers, else a `License` field
/// that names something (kept as a `LicenseRef-`).
pub fn best(
    expression: Option<&str>,
    license: Option<&str>,
    classifiers: &[String],
) -> Option<DeclaredLicense> {
    if let Some(expression) = expression.filter(|e| !e.trim().is_empty()) {
        return Some(DeclaredLicense::parse(expression.trim()));
    }
    let field = license.filter(|l| is_name(l)).map(|l| (l, normalize(l.trim())));
    if let Some((raw, normalized)) = &field
        && normalized.exact
    {
        return Some(DeclaredLicense::new(raw.trim(), &normalized.expression));
    }
    from_classifiers(classifiers.iter().map(String::as_str))
        .or_else(|| field.map(|(raw, normalized)| DeclaredLicense::new(raw.trim(), &normalized.expression)))
}

/// A licence declared only as a file (`license = { file = "LICENSE" }`, `license-files`): the
/// host's "see the licence file" reference, with the file's scan-root path.
pub fn from_file(raw: &str, file: &str, path: &str) -> DeclaredLicense {
    DeclaredLicense::new(raw, &convention::see_file_ref(file)).path(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(d: Option<DeclaredLicense>) -> Option<(String, String)> {
        d.map(|d| (d.raw, d.expression))
    }

    #[test]
    fn classifiers_name_a_licence_only_when_nothing_better_is_there() {
        let mit = vec![
            "License :: OSI Approved :: MIT License".to_string(),
            "Programming Language :: Python".into(),
        ];
        assert_eq!(
            pair(best(None, None, &mit)),
            Some(("License :: OSI Approved :: MIT License".into(), "MIT".into()))
        );
        assert_eq!(
            pair(best(Some("Apache-2.0 OR BSD-2-Clause"), Some("MIT"), &mit)).map(|p| p.1).as_deref(),
            Some("Apache-2.0 OR BSD-2-Clause")
        );
        assert_eq!(pair(best(None, Some("MPL-2.0"), &mit)).map(|p| p.1).as_deref(), Some("MPL-2.0"));
        let text =
            "Copyright (c) 2010 Someone\n\nPermission is hereby granted, free of charge, to any person...";
        assert_eq!(
            pair(best(None, Some(text), &mit)).map(|p| p.1).as_deref(),
            Some("MIT"),
            "a pasted text names nothing"
        );
        assert_eq!(best(None, Some(text), &[]), None);
    }

    #[test]
    fn several_classifiers_are_all_kept() {
        let two =
            ["License :: OSI Approved :: Apache Software License", "License :: OSI Approved :: BSD License"];
        let d = from_classifiers(two).expect("two licences");
        assert!(d.expression.contains(" AND "), "{}", d.expression);
        // "Apache Software License" names no version: it stays a LicenseRef, not a guess.
        assert_eq!(d.expression, "LicenseRef-Apache-Software-License AND LicenseRef-BSD-License");
        assert_eq!(d.raw, two.join("; "));
    }

    #[test]
    fn file_reference() {
        let d = from_file("{ file = \"LICENSE\" }", "LICENSE", "pkg/LICENSE");
        assert_eq!(
            (d.expression.as_str(), d.path.as_deref()),
            ("LicenseRef-see-LICENSE", Some("pkg/LICENSE"))
        );
    }
}
