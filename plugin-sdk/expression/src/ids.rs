//! Case-insensitive lookups in the SPDX licence and exception lists. The specification matches
//! ids regardless of case (`mit` is `MIT`); the `spdx` crate's own lookups are exact.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Lower-cased id to the listed spelling, for licences and exceptions.
struct Tables {
    licenses: HashMap<String, &'static str>,
    exceptions: HashMap<String, &'static str>,
    /// Full names ("apache license 2.0"), keyed by [`crate::names::name_key`]. A name two
    /// licences share is left out: it would be a guess.
    full_names: HashMap<String, Option<&'static str>>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut licenses = HashMap::new();
        let mut full_names: HashMap<String, Option<&'static str>> = HashMap::new();
        // Current ids first, so a deprecated id never shadows the one that replaced it.
        for deprecated in [false, true] {
            for &(id, full, _) in spdx::identifiers::LICENSES {
                // `GPL-2.0+`-style entries cannot be looked up by id: the lexer reads `+` apart.
                if id.ends_with('+') || is_deprecated(id) != deprecated {
                    continue;
                }
                licenses.insert(id.to_ascii_lowercase(), id);
                let key = crate::names::name_key(full);
                match full_names.get_mut(&key) {
                    Some(seen) if !deprecated => *seen = None,
                    Some(_) => {}
                    None => {
                        full_names.insert(key, Some(id));
                    }
                }
            }
        }
        let exceptions =
            spdx::identifiers::EXCEPTIONS.iter().map(|&(id, _)| (id.to_ascii_lowercase(), id)).collect();
        Tables { licenses, exceptions, full_names }
    })
}

fn is_deprecated(id: &str) -> bool {
    spdx::license_id(id).is_some_and(|l| l.is_deprecated())
}

/// The listed spelling of licence id `id`, in any case.
pub(crate) fn license(id: &str) -> Option<&'static str> {
    tables().licenses.get(&id.to_ascii_lowercase()).copied()
}

/// The listed spelling of exception id `id`, in any case.
pub(crate) fn exception(id: &str) -> Option<&'static str> {
    tables().exceptions.get(&id.to_ascii_lowercase()).copied()
}

/// Every exception id, listed spelling.
pub(crate) fn exceptions() -> impl Iterator<Item = &'static str> {
    spdx::identifiers::EXCEPTIONS.iter().map(|&(id, _)| id)
}

/// The licence whose SPDX full name normalises to `key`, when exactly one does.
pub(crate) fn by_full_name(key: &str) -> Option<&'static str> {
    tables().full_names.get(key).copied().flatten()
}

/// Whether `id` is a licence id of the SPDX list, in any case and deprecated ones included
/// (`mit`, `GPL-2.0`). `LicenseRef-` ids, exceptions and a trailing `+` are not.
pub fn is_spdx_id(id: &str) -> bool {
    license(id).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_found_in_any_case() {
        for (given, listed) in [("mit", Some("MIT")), ("APACHE-2.0", Some("Apache-2.0")), ("nope", None)] {
            assert_eq!(license(given), listed, "{given}");
        }
        assert_eq!(exception("llvm-EXCEPTION"), Some("LLVM-exception"));
        assert!(is_spdx_id("GPL-2.0"));
        assert!(!is_spdx_id("GPL-2.0+"));
        assert!(!is_spdx_id("LicenseRef-x"));
    }

    #[test]
    fn full_names_prefer_current_ids() {
        assert_eq!(by_full_name("apache license 2.0"), Some("Apache-2.0"));
        assert_eq!(by_full_name("mit license"), Some("MIT"));
        assert_eq!(by_full_name("gnu general public license v2.0 only"), Some("GPL-2.0-only"));
    }
}
