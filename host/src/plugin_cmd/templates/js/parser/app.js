// __NAME__: an ospo parser in JavaScript. It reads `vendor.txt`, a list of vendored packages,
// one `name version` per line (`#` starts a comment), as `pkg:generic` packages. Change the glob
// in `info()` and `parseText` to read your format, then `ospo plugin build`.
//
// The exports implement the `parser` world of ospo:plugin@__WIT__ as componentize-js maps it:
// records are plain objects with camelCase fields, enums are strings, options are `undefined`
// when absent, and u64 fields are BigInts.

export const NAME = "__NAME__";
export const VERSION = "0.1.0";
// The ecosystem (purl type) of every package: `generic`, as the purl spec has no type for it.
export const ECOSYSTEM = "generic";
export const MALFORMED = "manifest-malformed";

/** A direct runtime package whose id is its purl; the one place every field is spelled out. */
function packageAt(name, version, path, line) {
  const purl = `pkg:${ECOSYSTEM}/${encodeURIComponent(name)}@${encodeURIComponent(version)}`;
  return {
    id: purl,
    name,
    version,
    ecosystem: ECOSYSTEM,
    purl,
    scope: "runtime",
    direct: true,
    optional: false,
    locations: [{ path, line }],
    hashes: [],
    source: undefined,
    declaredLicense: undefined,
    detectedLicense: undefined,
    concludedLicense: undefined,
    filesPath: undefined,
    supplier: undefined,
    homepage: undefined,
  };
}

/** Every readable line becomes a package; a malformed one a diagnostic at its line. */
export function parseText(path, text) {
  const packages = [];
  const diagnostics = [];
  text.split("\n").forEach((raw, index) => {
    const fields = raw.split("#")[0].trim().split(/\s+/).filter((f) => f !== "");
    if (fields.length === 0) {
      return;
    }
    if (fields.length !== 2) {
      diagnostics.push({
        code: MALFORMED,
        level: "error",
        message: `expected \`name version\`, found ${JSON.stringify(raw.trim())}`,
        path,
        line: index + 1,
        plugin: undefined,
      });
      return;
    }
    packages.push(packageAt(fields[0], fields[1], path, index + 1));
  });
  const manifests = [{ path, ecosystem: ECOSYSTEM, format: "vendor.txt", completeness: "complete" }];
  return { packages, edges: [], manifests, diagnostics };
}

export const parse = {
  info() {
    return {
      name: NAME,
      version: VERSION,
      kind: "parser",
      description: "vendored packages listed in vendor.txt",
      files: { globs: ["**/vendor.txt"], maxSize: 1024n * 1024n, textOnly: true },
      formats: [],
      ecosystems: [ECOSYSTEM],
      codes: [
        {
          code: MALFORMED,
          level: "error",
          description: "A line of vendor.txt is not `name version`: fix the line.",
        },
      ],
      homepage: undefined,
    };
  },

  parse(file) {
    return parseText(file.path, new TextDecoder("utf-8").decode(file.contents));
  },
};
