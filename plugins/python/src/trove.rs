//! Trove licence classifiers (the `License ::` entries of the list PyPI accepts) that name one
//! SPDX licence exactly. The list is fixed data, so the mapping is a table: the general name
//! normaliser reads "GNU General Public License v2 (GPLv2)" as no licence it knows. Classifiers
//! that name a family without its version ("Apache Software License", "BSD License", "GNU
//! General Public License (GPL)", "Artistic License", "Zope Public License") are left out on
//! purpose: guessing a version would be a wrong id, and a wrong id is worse than an unknown one.

/// The SPDX id a classifier's last segment names, when it names exactly one.
pub fn spdx_id(name: &str) -> Option<&'static str> {
    CLASSIFIERS.iter().find(|(classifier, _)| *classifier == name.trim()).map(|(_, id)| *id)
}

const CLASSIFIERS: &[(&str, &str)] = &[
    ("Aladdin Free Public License (AFPL)", "Aladdin"),
    ("Attribution Assurance License", "AAL"),
    ("Blue Oak Model License (BlueOak-1.0.0)", "BlueOak-1.0.0"),
    ("Boost Software License 1.0 (BSL-1.0)", "BSL-1.0"),
    ("CC0 1.0 Universal (CC0 1.0) Public Domain Dedication", "CC0-1.0"),
    ("CEA CNRS Inria Logiciel Libre License, version 2.1 (CeCILL-2.1)", "CECILL-2.1"),
    ("CMU License (MIT-CMU)", "MIT-CMU"),
    ("Common Development and Distribution License 1.0 (CDDL-1.0)", "CDDL-1.0"),
    ("Common Public Attribution License 1.0 (CPAL-1.0)", "CPAL-1.0"),
    ("Common Public License", "CPL-1.0"),
    ("Eclipse Public License 1.0 (EPL-1.0)", "EPL-1.0"),
    ("Eclipse Public License 2.0 (EPL-2.0)", "EPL-2.0"),
    ("Educational Community License, Version 2.0 (ECL-2.0)", "ECL-2.0"),
    ("European Union Public Licence 1.0 (EUPL 1.0)", "EUPL-1.0"),
    ("European Union Public Licence 1.1 (EUPL 1.1)", "EUPL-1.1"),
    ("European Union Public Licence 1.2 (EUPL 1.2)", "EUPL-1.2"),
    ("GNU Affero General Public License v3", "AGPL-3.0-only"),
    ("GNU Affero General Public License v3 or later (AGPLv3+)", "AGPL-3.0-or-later"),
    ("GNU General Public License v2 (GPLv2)", "GPL-2.0-only"),
    ("GNU General Public License v2 or later (GPLv2+)", "GPL-2.0-or-later"),
    ("GNU General Public License v3 (GPLv3)", "GPL-3.0-only"),
    ("GNU General Public License v3 or later (GPLv3+)", "GPL-3.0-or-later"),
    ("GNU Lesser General Public License v2 (LGPLv2)", "LGPL-2.0-only"),
    ("GNU Lesser General Public License v2 or later (LGPLv2+)", "LGPL-2.0-or-later"),
    ("GNU Lesser General Public License v3 (LGPLv3)", "LGPL-3.0-only"),
    ("GNU Lesser General Public License v3 or later (LGPLv3+)", "LGPL-3.0-or-later"),
    ("Historical Permission Notice and Disclaimer (HPND)", "HPND"),
    ("IBM Public License", "IPL-1.0"),
    ("ISC License (ISCL)", "ISC"),
    ("Intel Open Source License", "Intel"),
    ("MIT License", "MIT"),
    ("MIT No Attribution License (MIT-0)", "MIT-0"),
    ("MirOS License (MirOS)", "MirOS"),
    ("Motosoto License", "Motosoto"),
    ("Mozilla Public License 1.0 (MPL)", "MPL-1.0"),
    ("Mozilla Public License 1.1 (MPL 1.1)", "MPL-1.1"),
    ("Mozilla Public License 2.0 (MPL 2.0)", "MPL-2.0"),
    ("Mulan Permissive Software License v2 (MulanPSL-2.0)", "MulanPSL-2.0"),
    ("Nethack General Public License", "NGPL"),
    ("Nokia Open Source License", "Nokia"),
    ("Nokia Open Source License (NOKOS)", "Nokia"),
    ("Open Group Test Suite License", "OGTSL"),
    ("Open Software License 3.0 (OSL-3.0)", "OSL-3.0"),
    ("PostgreSQL License", "PostgreSQL"),
    ("Python License (CNRI Python License)", "CNRI-Python"),
    ("Python Software Foundation License", "PSF-2.0"),
    ("Qt Public License (QPL)", "QPL-1.0"),
    ("Ricoh Source Code Public License", "RSCPL"),
    ("SIL Open Font License 1.1 (OFL-1.1)", "OFL-1.1"),
    ("Sleepycat License", "Sleepycat"),
    ("Sun Public License", "SPL-1.0"),
    ("The Unlicense (Unlicense)", "Unlicense"),
    ("Universal Permissive License (UPL)", "UPL-1.0"),
    ("University of Illinois/NCSA Open Source License", "NCSA"),
    ("Vovida Software License 1.0", "VSL-1.0"),
    ("X.Net License", "Xnet"),
    ("Zero-Clause BSD (0BSD)", "0BSD"),
    ("zlib/libpng License", "Zlib"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_is_an_spdx_licence() {
        let unknown: Vec<String> = CLASSIFIERS
            .iter()
            .map(|(_, id)| (id, ospo_plugin_sdk::expression::normalize(id)))
            .filter(|(id, known)| !known.exact || known.expression != **id)
            .map(|(id, known)| format!("{id} -> {} {}", known.expression, known.exact))
            .collect();
        assert!(unknown.is_empty(), "not SPDX ids: {unknown:?}");
        assert_eq!(spdx_id("ISC License (ISCL)"), Some("ISC"));
        assert_eq!(spdx_id("Apache Software License"), None, "no version named: no guess");
    }
}
