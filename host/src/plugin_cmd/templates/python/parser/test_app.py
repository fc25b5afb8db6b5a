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


class ParseTest(unittest.TestCase):
    def test_the_fixture_lists_two_packages(self):
        text = (HERE / "tests" / "fixture" / "vendor.txt").read_text()
        out = app.parse_text("vendor.txt", text)
        found = [(p.purl, p.locations[0].line) for p in out.packages]
        self.assertEqual(found, [("pkg:generic/zlib@1.3.1", 2), ("pkg:generic/sqlite@3.46.0", 3)])
        self.assertEqual(out.diagnostics, [])
        self.assertEqual(len(out.manifests), 1)

    def test_a_malformed_line_is_a_diagnostic_and_the_rest_is_kept(self):
        out = app.parse_text("vendor.txt", "zlib\nsqlite 3.46.0\n")
        self.assertEqual(len(out.packages), 1)
        self.assertEqual([(d.code, d.line) for d in out.diagnostics], [(app.MALFORMED, 1)])


if __name__ == "__main__":
    unittest.main()
