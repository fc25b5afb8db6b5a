#!/usr/bin/env python3
"""Extracts `rules.tsv.zz` (ScanCode's licence notices, references, tags and intros as SPDX
rules) from the `scancode-toolkit` wheel. Run by hand when updating the data, never at build
time:

    pip download scancode-toolkit --no-deps -d /tmp/sc
    python3 plugins/license-text/data/scancode/extract.py /tmp/sc/scancode_toolkit-*.whl \
        plugins/license-text/data/scancode/rules.tsv.zz

Input: `licensedcode/data/rules/*.RULE` (a text with YAML front matter: `license_expression`,
one of `is_license_notice|reference|tag|intro`, `relevance`, `is_deprecated`...; `{{...}}`
marks the phrases a match must hold) and `licensedcode/data/licenses/*.LICENSE` (the
`spdx_license_key` of each ScanCode key). The front matter keys read here are flat, so a line
parser does and the script needs only the standard library.

Selected, for precision on real headers (a wrong id is worse than none):
- kinds notice, reference, tag and intro (full texts are the SPDX templates' job; clues and
  false-positive rules are not findings), not deprecated;
- relevance at least MIN_RELEVANCE (ScanCode's explicit value, else its length rule: a rule
  shorter than 18 words is proportionally less relevant);
- every key of the expression maps to an SPDX id of the list (not `LicenseRef-scancode-*`,
  not an unknown-licence key);
- MIN_WORDS to MAX_WORDS words (a rule matches word for word); no reference that is a bare
  address (the detector's URL rules read those) nor a bare SPDX id (`spdx_license_id_*`); not an `SPDX-License-Identifier` tag (license-tag reads those).

Output, deflated (zlib): one rule a line, `KIND<TAB>RELEVANCE<TAB>EXPRESSION<TAB>NAME<TAB>TEXT`,
KIND one of `n r t i`, EXPRESSION in SPDX syntax, NAME the rule file's name (kept for the rule
id of a finding: `scancode/NAME`), TEXT the rule's text on one line with `{{ }}` kept.

ScanCode's licence data is CC-BY-4.0, (c) nexB Inc. and others (see ../NOTICE.md).
"""

import re
import sys
import zipfile
import zlib

MIN_RELEVANCE = 80
MIN_WORDS = 3
# Longer notices seldom occur word for word; the SPDX standard headers are aligned loosely.
MAX_WORDS = 60
KINDS = {
    "is_license_notice": "n",
    "is_license_reference": "r",
    "is_license_tag": "t",
    "is_license_intro": "i",
}
RULES = "licensedcode/data/rules/"
LICENSES = "licensedcode/data/licenses/"


def front_matter(text):
    """(flat `key: value` fields, body) of a ScanCode data file."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text
    fields = {}
    for i, line in enumerate(lines[1:], 1):
        if line.strip() == "---":
            return fields, "\n".join(lines[i + 1 :])
        if line.startswith((" ", "\t")) or ":" not in line:
            continue
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip().strip("'\"")
    return fields, ""


def words(text):
    return re.findall(r"[A-Za-z0-9]+", text)


def spdx_expression(expression, spdx_of):
    """The ScanCode expression in SPDX syntax, or None when a key has no SPDX id of the list."""
    out = []
    for tok in re.findall(r"\(|\)|[^\s()]+", expression):
        low = tok.lower()
        if low in ("and", "or", "with"):
            out.append(low.upper())
        elif tok in "()":
            out.append(tok)
        else:
            spdx = spdx_of.get(low, "")
            if not spdx or spdx.startswith("LicenseRef-"):
                return None
            out.append(spdx)
    return " ".join(out).replace("( ", "(").replace(" )", ")")


def main():
    wheel, target = sys.argv[1], sys.argv[2]
    z = zipfile.ZipFile(wheel)
    spdx_of = {}
    for name in z.namelist():
        if name.startswith(LICENSES) and name.endswith(".LICENSE"):
            fields, _ = front_matter(z.read(name).decode("utf-8"))
            spdx_of[name[len(LICENSES) : -len(".LICENSE")]] = fields.get("spdx_license_key", "")
    rows = []
    for name in sorted(z.namelist()):
        if not (name.startswith(RULES) and name.endswith(".RULE")):
            continue
        fields, body = front_matter(z.read(name).decode("utf-8"))
        kinds = [k for k in KINDS if fields.get(k) == "yes"]
        if len(kinds) != 1 or fields.get("is_deprecated") == "yes":
            continue
        if fields.get("is_false_positive") == "yes" or fields.get("is_license_clue") == "yes":
            continue
        expression = spdx_expression(fields.get("license_expression", ""), spdx_of)
        if not expression:
            continue
        text = " ".join(body.split())
        n = len(words(text.replace("{{", " ").replace("}}", " ")))
        # A bare SPDX id is a tag without its `SPDX-License-Identifier:` (license-tag's), and
        # in prose or a list it names a licence without granting it.
        if name[len(RULES) :].startswith("spdx_license_id_"):
            continue
        # A bare address is read by the URL rules (canonical licence pages, badges told apart).
        if kinds[0] == "is_license_reference" and re.match(r"\W*(https?:|www\.)", text, re.I):
            continue
        if not MIN_WORDS <= n <= MAX_WORDS or re.search(r"spdx[\s_-]*license[\s_-]*identifier", text, re.I):
            continue
        relevance = int(fields["relevance"]) if fields.get("relevance", "").isdigit() else min(100, n * 100 // 18)
        if relevance < MIN_RELEVANCE:
            continue
        rows.append("\t".join([KINDS[kinds[0]], str(relevance), expression, name[len(RULES) : -5], text]))
    data = ("\n".join(rows) + "\n").encode("utf-8")
    with open(target, "wb") as f:
        f.write(zlib.compress(data, 9))
    print(f"{len(rows)} rules, {len(data)} bytes, {len(zlib.compress(data, 9))} deflated", file=sys.stderr)


if __name__ == "__main__":
    main()
