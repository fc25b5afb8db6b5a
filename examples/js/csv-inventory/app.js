// csv-inventory: an ospo reporter in JavaScript. `ospo scan --format csv` renders the packages
// the scan found as one CSV row each (RFC 4180), the licence inventory OSPO teams review in a
// spreadsheet: name, version, ecosystem, purl, scope, direct, the licence and where it came from
// (concluded, else declared, else detected), and the manifest that lists the package.
//
// Package names and versions come from lockfiles of the scanned tree, so a cell that a
// spreadsheet would run as a formula (=, +, -, @, tab, CR at its start) is prefixed with a quote;
// a scoped npm name (`@babel/core`) is left as it is, as its characters cannot form a formula.

export const NAME = "csv-inventory";
export const VERSION = "0.1.0";
export const FORMAT = "csv";

export const HEADER = [
  "name",
  "version",
  "ecosystem",
  "purl",
  "scope",
  "direct",
  "license",
  "license_source",
  "manifest",
];

const SCOPED_NAME = /^@[a-z0-9~][a-z0-9._~-]*\/[a-z0-9~][a-z0-9._~-]*$/;

/** One cell, quoted when it holds a separator, a quote or a line break. */
export function cell(value) {
  let text = value === undefined || value === null ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !SCOPED_NAME.test(text)) {
    text = `'${text}`;
  }
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The licence a reviewer should read, and which of the package's licences it is. */
function licence(pkg) {
  if (pkg.concludedLicense !== undefined) {
    return [pkg.concludedLicense.expression, "concluded"];
  }
  if (pkg.declaredLicense !== undefined) {
    return [pkg.declaredLicense.expression, "declared"];
  }
  if (pkg.detectedLicense !== undefined) {
    return [pkg.detectedLicense, "detected"];
  }
  return ["NOASSERTION", ""];
}

/** The CSV text for a scan result (the record the host hands to `render`). */
export function renderCsv(scan) {
  const rows = [HEADER];
  for (const pkg of scan.packages) {
    const [expression, source] = licence(pkg);
    const where = pkg.locations[0];
    const manifest = where === undefined ? "" : where.line === undefined ? where.path : `${where.path}:${where.line}`;
    rows.push([
      pkg.name,
      pkg.version,
      pkg.ecosystem,
      pkg.purl,
      pkg.scope,
      pkg.direct ? "yes" : "no",
      expression,
      source,
      manifest,
    ]);
  }
  return rows.map((row) => row.map(cell).join(",") + "\r\n").join("");
}

export const render = {
  info() {
    return {
      name: NAME,
      version: VERSION,
      kind: "reporter",
      description: "the package inventory with licences as CSV, for spreadsheets",
      files: { globs: [], maxSize: undefined, textOnly: false },
      formats: [FORMAT],
      ecosystems: [],
      codes: [],
      homepage: undefined,
    };
  },

  render(format, scan) {
    if (format !== FORMAT) {
      // An error result: the host reports it naming this plugin.
      throw new Error(`csv-inventory renders ${FORMAT}, not ${format}`);
    }
    return new TextEncoder().encode(renderCsv(scan));
  },
};
