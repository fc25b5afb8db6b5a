//! Table tests of [`super::normalize`]: what manifests write, and what must stay a `LicenseRef-`.

use super::*;

fn check(cases: &[(&str, &str, bool)]) {
    for &(raw, expression, exact) in cases {
        let got = normalize(raw);
        assert_eq!((got.expression.as_str(), got.exact), (expression, exact), "normalize({raw:?})");
        assert_eq!(got.raw, raw);
        assert!(crate::validate(&got.expression).is_ok(), "{raw:?} gave invalid {}", got.expression);
    }
}

#[test]
fn spdx_expressions_become_canonical() {
    check(&[
        ("MIT", "MIT", true),
        (" mit ", "MIT", true),
        ("MIT OR Apache-2.0", "MIT OR Apache-2.0", true),
        ("GPL-2.0+", "GPL-2.0-or-later", true),
        ("GPL-2.0", "GPL-2.0-only", true),
        ("Apache-2.0 WITH LLVM-exception", "Apache-2.0 WITH LLVM-exception", true),
        ("LicenseRef-acme", "LicenseRef-acme", true),
    ]);
}

#[test]
fn names_as_written_in_manifests() {
    check(&[
        ("Apache 2", "Apache-2.0", true),
        ("Apache-2", "Apache-2.0", true),
        ("Apache License 2.0", "Apache-2.0", true),
        ("Apache License, Version 2.0", "Apache-2.0", true),
        ("GPLv2+", "GPL-2.0-or-later", true),
        ("GPL-2", "GPL-2.0-only", true),
        ("GPL v3", "GPL-3.0-only", true),
        ("LGPLv2.1", "LGPL-2.1-only", true),
        ("BSD-3", "BSD-3-Clause", true),
        ("BSD 3-Clause", "BSD-3-Clause", true),
        ("new BSD", "BSD-3-Clause", true),
        ("ASL 2.0", "Apache-2.0", true),
        ("MPL 2.0", "MPL-2.0", true),
        ("BSD 3-Clause \"New\" or \"Revised\" License", "BSD-3-Clause", true),
        ("Common Development and Distribution License 1.1", "CDDL-1.1", true),
    ]);
}

#[test]
fn slash_is_or_as_in_cargo_legacy_syntax() {
    check(&[
        ("MIT/Apache-2.0", "MIT OR Apache-2.0", true),
        ("MIT / Apache 2.0", "MIT OR Apache-2.0", true),
        ("Apache-2.0/MIT/ISC", "Apache-2.0 OR MIT OR ISC", true),
        ("mit or apache 2", "MIT OR Apache-2.0", true),
        ("MIT and BSD-3", "MIT AND BSD-3-Clause", true),
        ("MIT & ISC", "MIT AND ISC", true),
        ("(MIT / ISC) and Apache 2", "(MIT OR ISC) AND Apache-2.0", true),
        ("GPL-2.0 with classpath exception", "GPL-2.0-only WITH Classpath-exception-2.0", true),
        (
            "GPLv2 with Classpath-exception-2.0 or MIT",
            "GPL-2.0-only WITH Classpath-exception-2.0 OR MIT",
            true,
        ),
        ("zlib/libpng", "Zlib", true),
        ("zlib/libpng or MIT", "Zlib OR MIT", true),
    ]);
}

#[test]
fn conventional_refs() {
    check(&[
        ("Public Domain", "LicenseRef-public-domain", true),
        ("UNLICENSED", "LicenseRef-proprietary", true),
        ("proprietary", "LicenseRef-proprietary", true),
        ("Unlicense", "Unlicense", true),
        ("SEE LICENSE IN LICENSE.md", "LicenseRef-see-LICENSE.md", false),
        ("see license in docs/TERMS_OF_USE.txt", "LicenseRef-see-docs-TERMS-OF-USE.txt", false),
    ]);
}

/// MIT/X11 reads as the MIT (Expat) text, flagged for review: the X11 licence differs.
#[test]
fn mit_x11_is_mit_not_exact() {
    check(&[("MIT/X11", "MIT", false), ("MIT/X11 OR GPL-2.0+", "MIT OR GPL-2.0-or-later", false)]);
}

/// Names that could mean two licences, or none we know, are kept as `LicenseRef-` text.
#[test]
fn ambiguous_names_stay_license_refs() {
    check(&[
        ("BSD", "LicenseRef-BSD", false),
        ("GPL", "LicenseRef-GPL", false),
        ("Apache", "LicenseRef-Apache", false),
        ("BSD License", "LicenseRef-BSD-License", false),
        ("MIT-like", "LicenseRef-MIT-like", false),
        ("Dual licensed", "LicenseRef-Dual-licensed", false),
        ("Apache 3", "LicenseRef-Apache-3", false),
        ("my_custom_license", "LicenseRef-my-custom-license", false),
        ("", "LicenseRef-unknown", false),
        ("???", "LicenseRef-unknown", false),
        ("MIT OR Frobnicate License", "MIT OR LicenseRef-Frobnicate-License", false),
        ("BSD/MIT", "LicenseRef-BSD OR MIT", false),
        ("MIT OR", "LicenseRef-MIT-OR", false),
    ]);
}

#[test]
fn sanitized_refs_are_idstrings() {
    for (raw, want) in [
        ("LicenseRef-a_b", "LicenseRef-a-b"),
        ("licenseref-x y", "LicenseRef-x-y"),
        ("--x--", "LicenseRef-x"),
        ("Ünïcode", "LicenseRef-n-code"),
    ] {
        assert_eq!(sanitize_ref(raw), want, "{raw}");
    }
    let long = sanitize_ref(&"word ".repeat(40));
    assert!(long.len() <= "LicenseRef-".len() + MAX_REF, "{long}");
    assert!(crate::validate(&long).is_ok());
}
