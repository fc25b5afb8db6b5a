"""__NAME__: an ospo detector in Python. It reports every line that holds one of MARKERS;
change the markers, the message or `scan_text` to make it yours, then `ospo plugin build`.

The classes implement the `detector` world of ospo:plugin@__WIT__ with the bindings
componentize-py generates from the contract `ospo plugin build` writes into `.ospo/wit/`.
Records are the bindings' dataclasses; every field is named, so a field the contract adds
later fails loudly at build time instead of being silently wrong.
"""

from typing import List, Tuple

from wit_world import exports
from wit_world.exports import prefilter
from wit_world.imports import types

NAME = "__NAME__"
VERSION = "0.1.0"
# The rule id every observation carries (reports and `ospo explain` show it).
RULE_ID = "__NAME__"
# What this detector looks for, matched ignoring case.
MARKERS = ["DO NOT RELEASE", "DO-NOT-SHIP"]


def scan_text(text: str) -> List[Tuple[int, str]]:
    """(line number, marker) for every line holding a marker: the plugin's whole logic."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        upper = line.upper()
        marker = next((m for m in MARKERS if m in upper), None)
        if marker is not None:
            found.append((number, marker))
    return found


class Detect(exports.Detect):
    def info(self) -> types.PluginInfo:
        return types.PluginInfo(
            name=NAME,
            version=VERSION,
            kind=types.PluginKind.DETECTOR,
            description="flags lines marked DO NOT RELEASE",
            files=types.FileFilter(globs=["**/*"], max_size=2 * 1024 * 1024, text_only=True),
            formats=[],
            ecosystems=[],
            codes=[],
            homepage=None,
        )

    def detect(self, files: List[types.FileInput]) -> types.DetectOutput:
        observations = []
        for file in files:
            text = bytes(file.contents).decode("utf-8", errors="replace")
            for number, marker in scan_text(text):
                observations.append(
                    types.Observation(
                        rule_id=RULE_ID,
                        level=types.Level.WARNING,
                        message=f"line marked `{marker}`",
                        path=file.path,
                        lines=types.LineRange(start=number, end=number),
                    )
                )
        return types.DetectOutput(licenses=[], copyrights=[], observations=observations, diagnostics=[])


class Prefilter(exports.Prefilter):
    def filter(self) -> prefilter.ContentFilter:
        # Files holding no marker are never copied into the plugin: the host tests them natively.
        return prefilter.ContentFilter(keywords=list(MARKERS), always=[])
