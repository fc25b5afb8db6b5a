// Native tests of __NAME__: `node --test` (the plugin is a plain ES module).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { MARKERS, RULE_ID, detect, prefilter } from "./app.js";

const encode = (text) => new TextEncoder().encode(text);

test("flags the marked line only", () => {
  const out = detect.detect([
    { path: "src/main.c", contents: encode("int main(void) {\n  // do not release: debug hook\n}\n") },
  ]);
  const found = out.observations.map((o) => [o.path, o.lines.start, o.ruleId]);
  assert.deepEqual(found, [["src/main.c", 2, RULE_ID]]);
});

test("the fixture holds one marker", () => {
  const text = readFileSync(new URL("./tests/fixture/src/main.c", import.meta.url));
  assert.equal(detect.detect([{ path: "src/main.c", contents: text }]).observations.length, 1);
});

test("the filter names every marker", () => {
  assert.deepEqual(prefilter.filter().keywords, MARKERS);
});
