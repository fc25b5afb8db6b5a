"""snippet-provenance: an ospo detector in Python that finds code whose comments say where it was
copied from. Code taken from a Stack Overflow post is licensed CC BY-SA (2.5, 3.0 or 4.0 by the
post's date): it needs attribution and is share-alike, which an OSPO wants to know before a
release. Any other "copied from URL" comment is reported too, at info level, so the origin's
licence gets checked.

Posts already reviewed (attribution recorded, or rewritten) are listed in ospo.toml:

    [plugin.snippet-provenance.config]
    reviewed-posts = [9807138]
"""

import json
import re
from typing import List, Optional, Set

from wit_world import exports
from wit_world.exports import prefilter
from wit_world.imports import host, types

NAME = "snippet-provenance"
VERSION = "0.1.0"
STACK_OVERFLOW = "stackoverflow-snippet"
COPIED = "copied-code"
CONFIG = "snippet-provenance-config"

# stackoverflow.com/questions/ID, /q/ID and /a/ID (an answer), with or without the scheme.
POST = re.compile(r"stackoverflow\.com/(?:questions|q|a)/(\d+)", re.IGNORECASE)
# "Adapted from https://...", the phrasings people write above pasted code.
ORIGIN = re.compile(r"\b(copied|taken|adapted|borrowed|ported) from (https?://[^\s)\]>'\"]+)", re.IGNORECASE)
# The same phrases as the host's content filter, so files without them never reach the plugin.
KEYWORDS = ["stackoverflow.com", "copied from", "taken from", "adapted from", "borrowed from", "ported from"]


def reviewed_posts(config_json: str) -> Set[str]:
    """The `reviewed-posts` of the plugin's configuration, as strings; raises ValueError."""
    config = json.loads(config_json)
    posts = config.get("reviewed-posts", []) if isinstance(config, dict) else None
    if not isinstance(posts, list) or not all(isinstance(p, (int, str)) for p in posts):
        raise ValueError("reviewed-posts must be a list of post numbers")
    return {str(p) for p in posts}


def observation(rule: str, level: types.Level, message: str, path: str, line: int) -> types.Observation:
    return types.Observation(
        rule_id=rule, level=level, message=message, path=path, lines=types.LineRange(start=line, end=line)
    )


def scan_text(path: str, text: str, reviewed: Set[str]) -> List[types.Observation]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        post = POST.search(line)
        if post is not None:
            if post.group(1) not in reviewed:
                found.append(
                    observation(
                        STACK_OVERFLOW,
                        types.Level.WARNING,
                        f"code from Stack Overflow post {post.group(1)}: CC BY-SA (attribution, "
                        "share-alike); record the attribution or rewrite it, then list the post in "
                        "reviewed-posts",
                        path,
                        number,
                    )
                )
            continue
        origin = ORIGIN.search(line)
        if origin is not None:
            found.append(
                observation(
                    COPIED,
                    types.Level.INFO,
                    f"code {origin.group(1).lower()} from {origin.group(2)}: check that its licence allows it",
                    path,
                    number,
                )
            )
    return found


class Detect(exports.Detect):
    def info(self) -> types.PluginInfo:
        return types.PluginInfo(
            name=NAME,
            version=VERSION,
            kind=types.PluginKind.DETECTOR,
            description="code copied from Stack Overflow (CC BY-SA) or another named origin",
            files=types.FileFilter(globs=["**/*"], max_size=1024 * 1024, text_only=True),
            formats=[],
            ecosystems=[],
            codes=[
                types.CodeInfo(
                    code=CONFIG,
                    level=types.Level.ERROR,
                    description="[plugin.snippet-provenance.config] is invalid; no post counts as reviewed.",
                )
            ],
            homepage=None,
        )

    def detect(self, files: List[types.FileInput]) -> types.DetectOutput:
        diagnostics = []
        try:
            reviewed = reviewed_posts(host.config())
        except ValueError as err:
            reviewed = set()
            diagnostics.append(
                types.Diagnostic(
                    code=CONFIG, level=types.Level.ERROR, message=str(err), path=None, line=None, plugin=None
                )
            )
        observations = []
        for file in files:
            text = bytes(file.contents).decode("utf-8", errors="replace")
            observations.extend(scan_text(file.path, text, reviewed))
        return types.DetectOutput(licenses=[], copyrights=[], observations=observations, diagnostics=diagnostics)


class Prefilter(exports.Prefilter):
    def filter(self) -> prefilter.ContentFilter:
        return prefilter.ContentFilter(keywords=list(KEYWORDS), always=[])
