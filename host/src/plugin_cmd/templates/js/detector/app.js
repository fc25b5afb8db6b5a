// __NAME__: an ospo detector in JavaScript. It reports every line that holds one of MARKERS;
// change the markers, the message or `scanText` to make it yours, then `ospo plugin build`.
//
// The exports implement the `detector` world of ospo:plugin@__WIT__ as componentize-js maps it:
// records are plain objects with camelCase fields, enums are strings, options are `undefined`
// when absent, and u64 fields are BigInts.

export const NAME = "__NAME__";
export const VERSION = "0.1.0";
// The rule id every observation carries (reports and `ospo explain` show it).
export const RULE_ID = "__NAME__";
// What this detector looks for, matched ignoring case.
export const MARKERS = ["DO NOT RELEASE", "DO-NOT-SHIP"];

/** [line number, marker] for every line holding a marker: the plugin's whole logic. */
export function scanText(text) {
  const found = [];
  text.split("\n").forEach((line, index) => {
    const upper = line.toUpperCase();
    const marker = MARKERS.find((m) => upper.includes(m));
    if (marker !== undefined) {
      found.push([index + 1, marker]);
    }
  });
  return found;
}

export const detect = {
  info() {
    return {
      name: NAME,
      version: VERSION,
      kind: "detector",
      description: "flags lines marked DO NOT RELEASE",
      files: { globs: ["**/*"], maxSize: 2n * 1024n * 1024n, textOnly: true },
      formats: [],
      ecosystems: [],
      codes: [],
      homepage: undefined,
    };
  },

  detect(files) {
    const decoder = new TextDecoder("utf-8");
    const observations = [];
    for (const file of files) {
      for (const [line, marker] of scanText(decoder.decode(file.contents))) {
        observations.push({
          ruleId: RULE_ID,
          level: "warning",
          message: `line marked \`${marker}\``,
          path: file.path,
          lines: { start: line, end: line },
        });
      }
    }
    return { licenses: [], copyrights: [], observations, diagnostics: [] };
  },
};

export const prefilter = {
  // Files holding no marker are never copied into the plugin: the host tests them natively.
  filter() {
    return { keywords: [...MARKERS], always: [] };
  },
};
