// Native tests of __NAME__: `node --test` (the plugin is a plain ES module).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { MALFORMED, parseText } from "./app.js";

test("the fixture lists two packages", () => {
  const text = readFileSync(new URL("./tests/fixture/vendor.txt", import.meta.url), "utf-8");
  const out = parseText("vendor.txt", text);
  const found = out.packages.map((p) => [p.purl, p.locations[0].line]);
  assert.deepEqual(found, [
    ["pkg:generic/zlib@1.3.1", 2],
    ["pkg:generic/sqlite@3.46.0", 3],
  ]);
  assert.deepEqual(out.diagnostics, []);
  assert.equal(out.manifests.length, 1);
});

test("a malformed line is a diagnostic and the rest is kept", () => {
  const out = parseText("vendor.txt", "zlib\nsqlite 3.46.0\n");
  assert.equal(out.packages.length, 1);
  assert.deepEqual(
    out.diagnostics.map((d) => [d.code, d.line]),
    [[MALFORMED, 1]],
  );
});
