// Native tests: `node --test` (the plugin is a plain ES module).
import assert from "node:assert/strict";
import { test } from "node:test";

import { cell, render } from "./app.js";

function pkg(name, version, fields = {}) {
  return {
    id: `pkg:npm/${name}@${version}`,
    name,
    version,
    ecosystem: "npm",
    purl: `pkg:npm/${name}@${version}`,
    scope: "runtime",
    direct: false,
    optional: false,
    locations: [{ path: "package-lock.json", line: 12 }],
    hashes: [],
    source: undefined,
    declaredLicense: undefined,
    detectedLicense: undefined,
    concludedLicense: undefined,
    filesPath: undefined,
    supplier: undefined,
    homepage: undefined,
    ...fields,
  };
}

const decode = (bytes) => new TextDecoder().decode(bytes);

test("one row a package, the best licence first", () => {
  const scan = {
    packages: [
      pkg("express", "4.21.2", {
        direct: true,
        declaredLicense: { raw: "MIT", expression: "MIT", path: undefined },
        concludedLicense: { expression: "MIT", reason: "declared and detected agree" },
      }),
      pkg("left-pad", "1.3.0", { declaredLicense: { raw: "WTFPL", expression: "WTFPL", path: undefined } }),
      pkg("mystery", "0.0.1", { locations: [] }),
    ],
  };
  assert.equal(
    decode(render.render("csv", scan)),
    "name,version,ecosystem,purl,scope,direct,license,license_source,manifest\r\n" +
      "express,4.21.2,npm,pkg:npm/express@4.21.2,runtime,yes,MIT,concluded,package-lock.json:12\r\n" +
      "left-pad,1.3.0,npm,pkg:npm/left-pad@1.3.0,runtime,no,WTFPL,declared,package-lock.json:12\r\n" +
      "mystery,0.0.1,npm,pkg:npm/mystery@0.0.1,runtime,no,NOASSERTION,,\r\n",
  );
});

test("cells are quoted, and formulas defused", () => {
  assert.equal(cell('a "b", c'), '"a ""b"", c"');
  assert.equal(cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
  assert.equal(cell("@SUM(A1)"), "'@SUM(A1)");
  assert.equal(cell("@babel/core"), "@babel/core");
  assert.equal(cell("-1,2"), "\"'-1,2\"");
  assert.equal(cell(undefined), "");
});

test("another format is an error", () => {
  assert.throws(() => render.render("xlsx", { packages: [] }), /renders csv, not xlsx/);
});
