"""__NAME__: an ospo parser in Python. It reads `vendor.txt`, a list of vendored packages, one
`name version` per line (`#` starts a comment), as `pkg:generic` packages. Change the glob in
`info()` and `parse_text` to read your format, then `ospo plugin build`.

The classes implement the `parser` world of ospo:plugin@__WIT__ with the bindings
componentize-py generates from the contract `ospo plugin build` writes into `.ospo/wit/`.
"""

from typing import Optional
from urllib.parse import quote

from wit_world import exports
from wit_world.imports import types

NAME = "__NAME__"
VERSION = "0.1.0"
# The ecosystem (purl type) of every package: `generic`, as the purl spec has no type for it.
ECOSYSTEM = "generic"
MALFORMED = "manifest-malformed"


def package(name: str, version: str, path: str, line: int) -> types.Package:
    """A direct runtime package whose id is its purl; the one place every field is spelled out."""
    purl = f"pkg:{ECOSYSTEM}/{quote(name, safe='')}@{quote(version, safe='')}"
    return types.Package(
        id=purl,
        name=name,
        version=version,
        ecosystem=ECOSYSTEM,
        purl=purl,
        scope=types.DependencyScope.RUNTIME,
        direct=True,
        optional=False,
        locations=[types.Location(path=path, line=line)],
        hashes=[],
        source=None,
        declared_license=None,
        detected_license=None,
        concluded_license=None,
        files_path=None,
        supplier=None,
        homepage=None,
    )


def diagnostic(message: str, path: str, line: Optional[int]) -> types.Diagnostic:
    return types.Diagnostic(
        code=MALFORMED, level=types.Level.ERROR, message=message, path=path, line=line, plugin=None
    )


def parse_text(path: str, text: str) -> types.ParseOutput:
    """Every readable line becomes a package; a malformed one a diagnostic at its line."""
    packages, diagnostics = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split("#", 1)[0].split()
        if not fields:
            continue
        if len(fields) != 2:
            diagnostics.append(diagnostic(f"expected `name version`, found {line.strip()!r}", path, number))
            continue
        packages.append(package(fields[0], fields[1], path, number))
    manifest = types.Manifest(
        path=path, ecosystem=ECOSYSTEM, format="vendor.txt", completeness=types.Completeness.COMPLETE
    )
    return types.ParseOutput(packages=packages, edges=[], manifests=[manifest], diagnostics=diagnostics)


class Parse(exports.Parse):
    def info(self) -> types.PluginInfo:
        return types.PluginInfo(
            name=NAME,
            version=VERSION,
            kind=types.PluginKind.PARSER,
            description="vendored packages listed in vendor.txt",
            files=types.FileFilter(globs=["**/vendor.txt"], max_size=1024 * 1024, text_only=True),
            formats=[],
            ecosystems=[ECOSYSTEM],
            codes=[
                types.CodeInfo(
                    code=MALFORMED,
                    level=types.Level.ERROR,
                    description="A line of vendor.txt is not `name version`: fix the line.",
                )
            ],
            homepage=None,
        )

    def parse(self, file: types.FileInput) -> types.ParseOutput:
        return parse_text(file.path, bytes(file.contents).decode("utf-8", errors="replace"))
