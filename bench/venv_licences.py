#!/usr/bin/env python3
"""Per-package licence agreement of `ospo scan --deps` and pip-licenses over one virtual
environment, and the speed figures of the same run (bench/venv_licences.sh drives it).

    venv_licences.py OSPO_JSON PEER_JSON HYPERFINE_JSON VENV [ROUND_JSON...]

Licences compare at two levels: the same SPDX ids, or the same family (pip-licenses often gives
a trove classifier, `BSD License`, where the metadata or the files say `BSD-3-Clause`). Both the
declared licence (what both tools read from the metadata) and ospo's concluded licence (with the
licence files license-text read) are compared against pip-licenses' `License` column.
"""
import json
import os
import re
import statistics
import sys

# Trove classifiers (as pip-licenses prints them) to SPDX ids, where one id is meant.
CLASSIFIERS = {
    "MIT License": {"MIT"},
    "MIT No Attribution License (MIT-0)": {"MIT-0"},
    "ISC License (ISCL)": {"ISC"},
    "Apache Software License": {"Apache-2.0"},
    "Mozilla Public License 2.0 (MPL 2.0)": {"MPL-2.0"},
    "Python Software Foundation License": {"PSF-2.0"},
    "The Unlicense (Unlicense)": {"Unlicense"},
    "Historical Permission Notice and Disclaimer (HPND)": {"HPND"},
    "GNU Lesser General Public License v3 (LGPLv3)": {"LGPL-3.0"},
    "GNU Library or Lesser General Public License (LGPL)": {"LGPL"},
    "GNU General Public License v2 (GPLv2)": {"GPL-2.0"},
    "Zope Public License": {"ZPL-2.1"},
}
# Classifiers naming a family only.
FAMILY_ONLY = {"BSD License": "BSD", "GNU General Public License (GPL)": "GPL"}


def pep503(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def ids(expression):
    """The licence ids of an SPDX-like expression (operators and parentheses dropped)."""
    tokens = re.split(r"[\s()]+", expression or "")
    return {t for t in tokens if t and t.upper() not in ("AND", "OR", "WITH") and not t.endswith("-exception")}


def family(licence):
    if licence.lower() in ("licenseref-public-domain", "public-domain", "cc0-1.0", "unlicense"):
        return "public-domain"
    licence = licence.removeprefix("LicenseRef-")
    if licence.startswith(("BSD", "0BSD")):
        return "BSD"
    if licence.startswith(("PSF", "Python-")):
        return "PSF"
    if licence.startswith("MIT"):
        return "MIT"
    return re.split(r"-\d", licence)[0].removesuffix("-only").removesuffix("-or-later")


def peer_ids(text):
    """pip-licenses' `License` column as (exact ids or None, families)."""
    if not text or text == "UNKNOWN":
        return None, set()
    exact, families = set(), set()
    for part in [p.strip() for p in text.split(";") if p.strip()]:
        if part in CLASSIFIERS:
            if exact is not None:
                exact |= CLASSIFIERS[part]
            families |= {family(i) for i in CLASSIFIERS[part]}
        elif part in FAMILY_ONLY:
            # A family names no single id: only a family comparison can agree with it.
            exact = None
            families.add(FAMILY_ONLY[part])
        elif SPDX_LIKE.match(part):
            found = ids(part)
            if exact is not None:
                exact |= found
            families |= {family(i) for i in found}
        else:
            # Free text (`Apache License, Version 2.0`, `Public Domain`): a family by its words.
            exact = None
            families |= {fam for word, fam in FREE_TEXT if word in part.lower()}
    return exact, families


# One SPDX id, or ids joined by operators (no free-text words).
SPDX_LIKE = re.compile(r"^\(?[A-Za-z0-9][A-Za-z0-9.+-]*\)?(\s+(AND|OR|WITH)\s+\(?[A-Za-z0-9][A-Za-z0-9.+-]*\)?)*$")
FREE_TEXT = [("apache", "Apache"), ("mit", "MIT"), ("bsd", "BSD"), ("public domain", "public-domain"),
             ("gpl", "GPL"), ("mozilla", "MPL"), ("python software foundation", "PSF")]


def compare(ours, peer_text):
    """'ids', 'family', 'differ', 'peer-unknown', 'ours-unknown' or 'both-unknown'."""
    known = ours and ours != "NOASSERTION" and not ours.startswith("LicenseRef-see-")
    peer_exact, peer_families = peer_ids(peer_text)
    if not known and not peer_families:
        return "both-unknown"
    if not known:
        return "ours-unknown"
    if not peer_families:
        return "peer-unknown"
    our_ids = ids(ours)
    if peer_exact is not None and {i.removesuffix("-only") for i in our_ids} == peer_exact:
        return "ids"
    if {family(i) for i in our_ids} == peer_families:
        return "family"
    # A classifier list is often a subset of what the files say (or the reverse).
    if {family(i) for i in our_ids} & peer_families:
        return "family-overlap"
    return "differ"


def main():
    ospo_path, peer_path, hyperfine_path, venv = sys.argv[1:5]
    rounds = sys.argv[5:]
    result = json.load(open(ospo_path))
    peer = json.load(open(peer_path))
    timing = json.load(open(hyperfine_path))["results"]
    ours = {}
    for p in result["packages"]:
        if p["ecosystem"] == "pypi" and p.get("version"):
            ours[(pep503(p["name"]), p["version"])] = p
    theirs = {(pep503(p["Name"]), p["Version"]): p for p in peer}
    both = sorted(set(ours) & set(theirs))
    on_disk = sum(1 for p in ours.values() if p.get("files_path"))
    print(f"ospo: {len(ours)} PyPI packages, {on_disk} with their folder found; "
          f"pip-licenses: {len(theirs)}; both: {len(both)}")
    only_ours = sorted(set(ours) - set(theirs))
    only_theirs = sorted(set(theirs) - set(ours))
    if only_ours:
        print("  only ospo:", ", ".join(f"{n} {v}" for n, v in only_ours))
    if only_theirs:
        print("  only pip-licenses:", ", ".join(f"{n} {v}" for n, v in only_theirs))
    for what, pick in (
        ("declared", lambda p: (p.get("declared_license") or {}).get("expression")),
        ("concluded", lambda p: (p.get("concluded_license") or {}).get("expression")),
    ):
        tally, differ = {}, []
        for key in both:
            verdict = compare(pick(ours[key]), theirs[key]["License"])
            tally[verdict] = tally.get(verdict, 0) + 1
            if verdict in ("differ", "ours-unknown", "peer-unknown"):
                differ.append((key, pick(ours[key]), theirs[key]["License"], verdict))
        agree = tally.get("ids", 0) + tally.get("family", 0)
        print(f"{what} vs pip-licenses: " + ", ".join(f"{k} {v}" for k, v in sorted(tally.items()))
              + f"; agree (ids or family) {agree} of {len(both)} ({agree * 100 / max(len(both), 1):.1f}%)")
        for (name, version), o, t, verdict in differ:
            print(f"    {verdict:13} {name} {version}: ospo {o!r}  pip-licenses {t!r}")
    review = sum(1 for p in ours.values() if (p.get("concluded_license") or {}).get("reason", "").startswith("review"))
    detected = sum(1 for p in ours.values() if p.get("detected_license"))
    print(f"ospo detected a licence in the files of {detected} packages; {review} concluded for review")
    files = sum(len(f) for _, _, f in os.walk(venv))
    scanned = result.get("files_scanned") or 0
    for run in timing:
        ours_run = " scan " in run["command"]
        name = "ospo" if ours_run else "pip-licenses"
        packages = len(ours) if ours_run else len(theirs)
        # pip-licenses opens each distribution's metadata and licence files only; ospo's
        # license-text reads every text file of the venv, so only its files/s is a reading rate.
        rate = f", {scanned / run['mean']:,.0f} files/s ({scanned:,} files scanned)" if ours_run else ""
        print(f"{name}: mean {run['mean']:.3f} s ± {run['stddev'] or 0:.3f} (min {run['min']:.3f}), "
              f"{packages / run['mean']:,.0f} packages/s{rate}; the venv holds {files:,} files")
    mean = {("ospo" if " scan " in r["command"] else "peer"): r["mean"] for r in timing}
    print(f"wall-time ratio pip-licenses / ospo (hyperfine means): {mean['peer'] / mean['ospo']:.2f}")
    ratios = []
    for path in rounds:
        one = {("ospo" if " scan " in r["command"] else "peer"): r["mean"] for r in json.load(open(path))["results"]}
        ratios.append(one["peer"] / one["ospo"])
    if ratios:
        print(f"interleaved rounds: {len(ratios)}, ratio pip-licenses / ospo median {statistics.median(ratios):.2f} "
              f"(min {min(ratios):.2f}, max {max(ratios):.2f})")


if __name__ == "__main__":
    main()
