"""Native tests: `python -m unittest` after `ospo plugin build`, which writes the bindings app.py
imports into .ospo/bindings/."""

import pathlib
import sys
import unittest

HERE = pathlib.Path(__file__).resolve().parent
BINDINGS = HERE / ".ospo" / "bindings"
if not (BINDINGS / "wit_world").is_dir():
    sys.exit("no bindings in .ospo/bindings: run `ospo plugin build` once, then the tests")
sys.path.insert(0, str(BINDINGS))

import app  # noqa: E402 (needs the bindings on the path)
from wit_world.imports import types  # noqa: E402


def detect(config: str, path: str, text: str) -> types.DetectOutput:
    # Natively the host's functions raise NotImplementedError: this test is the host.
    app.host.config = lambda: config
    return app.Detect().detect([types.FileInput(path=path, contents=text.encode())])


class SnippetProvenanceTest(unittest.TestCase):
    def test_the_fixture(self):
        found = []
        for file in sorted((HERE / "tests" / "fixture").rglob("*")):
            if file.is_file():
                rel = file.relative_to(HERE / "tests" / "fixture").as_posix()
                out = detect("{}", rel, file.read_text())
                found += [(o.rule_id, o.path, o.lines.start) for o in out.observations]
        self.assertEqual(
            found,
            [
                (app.STACK_OVERFLOW, "src/util/retry.py", 6),
                (app.COPIED, "src/util/slug.js", 1),
                (app.STACK_OVERFLOW, "src/util/slug.js", 14),
            ],
        )

    def test_a_reviewed_post_is_not_reported(self):
        text = "# see https://stackoverflow.com/questions/9807138/retry\n# https://stackoverflow.com/a/1\n"
        out = detect('{"reviewed-posts": [9807138]}', "a.py", text)
        self.assertEqual([o.lines.start for o in out.observations], [2])
        self.assertEqual(out.diagnostics, [])

    def test_a_bad_config_is_a_diagnostic_and_nothing_counts_as_reviewed(self):
        out = detect('{"reviewed-posts": "9807138"}', "a.py", "# stackoverflow.com/a/9807138\n")
        self.assertEqual([d.code for d in out.diagnostics], [app.CONFIG])
        self.assertEqual(len(out.observations), 1)

    def test_a_plain_url_is_not_a_copy(self):
        self.assertEqual(detect("{}", "a.md", "Docs: https://example.org/guide\n").observations, [])


if __name__ == "__main__":
    unittest.main()
