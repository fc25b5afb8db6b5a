//! Deprecated SPDX ids with exactly one current spelling, as the SPDX list's own deprecation
//! notes give it. GNU ids without `-only`/`-or-later` (`GPL-2.0`, `LGPL-2.1+`) are handled by
//! rule in [`crate::expr`], not listed here. A deprecated id missing from this table (`Net-SNMP`,
//! whose successor depends on the file) stays as written: it is still valid SPDX.

/// (deprecated id, current licence, exception it carries).
const RENAMED: &[(&str, &str, Option<&str>)] = &[
    ("BSD-2-Clause-FreeBSD", "BSD-2-Clause", None),
    ("BSD-2-Clause-NetBSD", "BSD-2-Clause", None),
    ("GPL-2.0-with-GCC-exception", "GPL-2.0-only", Some("GCC-exception-2.0")),
    ("GPL-2.0-with-autoconf-exception", "GPL-2.0-only", Some("Autoconf-exception-2.0")),
    ("GPL-2.0-with-bison-exception", "GPL-2.0-only", Some("Bison-exception-2.2")),
    ("GPL-2.0-with-classpath-exception", "GPL-2.0-only", Some("Classpath-exception-2.0")),
    ("GPL-2.0-with-font-exception", "GPL-2.0-only", Some("Font-exception-2.0")),
    ("GPL-3.0-with-GCC-exception", "GPL-3.0-only", Some("GCC-exception-3.1")),
    ("GPL-3.0-with-autoconf-exception", "GPL-3.0-only", Some("Autoconf-exception-3.0")),
    ("Nunit", "zlib-acknowledgement", None),
    ("StandardML-NJ", "SMLNJ", None),
    ("bzip2-1.0.5", "bzip2-1.0.6", None),
    ("eCos-2.0", "GPL-2.0-or-later", Some("eCos-exception-2.0")),
    ("wxWindows", "LGPL-2.0-or-later", Some("WxWindows-exception-3.1")),
];

/// The current licence and exception for deprecated id `id`, when the list names one.
pub(crate) fn renamed(id: &str) -> Option<(&'static str, Option<&'static str>)> {
    RENAMED.iter().find(|(old, ..)| *old == id).map(|&(_, new, exception)| (new, exception))
}

#[cfg(test)]
mod tests {
    use super::RENAMED;

    #[test]
    fn every_rename_names_listed_ids() {
        for (old, new, exception) in RENAMED {
            let old_id = spdx::license_id(old).unwrap_or_else(|| panic!("{old} is not listed"));
            assert!(old_id.is_deprecated(), "{old} is not deprecated");
            let new_id = spdx::license_id(new).unwrap_or_else(|| panic!("{new} is not listed"));
            assert!(!new_id.is_deprecated(), "{new} is deprecated");
            if let Some(exception) = exception {
                assert!(spdx::exception_id(exception).is_some(), "{exception} is not listed");
            }
        }
    }
}
