"""Native tests of __NAME__: `python -m unittest` after `ospo plugin build`, which writes the
bindings app.py imports into .ospo/bindings/."""

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


class DetectTest(unittest.TestCase):
    def detect(self, path: str, text: str) -> types.DetectOutput:
        return app.Detect().detect([types.FileInput(path=path, contents=text.encode())])

    def test_flags_the_marked_line_only(self):
        out = self.detect("src/main.c", "int main(void) {\n  // do not release: debug hook\n}\n")
        found = [(o.path, o.lines.start, o.rule_id) for o in out.observations]
        self.assertEqual(found, [("src/main.c", 2, app.RULE_ID)])

    def test_the_fixture_holds_one_marker(self):
        text = (HERE / "tests" / "fixture" / "src" / "main.c").read_text()
        self.assertEqual(len(self.detect("src/main.c", text).observations), 1)

    def test_the_filter_names_every_marker(self):
        self.assertEqual(app.Prefilter().filter().keywords, app.MARKERS)


if __name__ == "__main__":
    unittest.main()
