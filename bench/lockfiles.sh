#!/usr/bin/env bash
# Inventory speed: a 10,000-package package-lock.json (the real eco-npm-large lockfile's entries
# repeated under new names, so its shape is npm's own) and the eco-pypi-large uv.lock, parsed by
# `ospo scan` with only the parser plugin, beside cdxgen (npm) and cyclonedx-py (PyPI) on the same
# files in the same run. Package counts are printed so agreement can be checked.
#   bench/lockfiles.sh [OSPO] [CDXGEN]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
ospo="${1:-$here/target/release/ospo}"
cdxgen="${2:-cdxgen}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$here/tests/fixtures/eco-npm-large/package-lock.json" "$work/npm10k" <<'PY'
import json, os, sys
src, out = sys.argv[1], sys.argv[2]
lock = json.load(open(src))
entries = [(k, v) for k, v in lock["packages"].items() if k.startswith("node_modules/")]
packages = {"": dict(lock["packages"][""], dependencies={})}
n = 0
while n < 10000:
    for key, value in entries:
        if n >= 10000:
            break
        name = key.split("node_modules/")[-1]
        new = f"{name}-copy{n // len(entries)}" if n >= len(entries) else name
        entry = dict(value)
        entry.pop("dependencies", None)
        entry.pop("peerDependencies", None)
        entry.pop("optionalDependencies", None)
        packages[f"node_modules/{new}"] = entry
        packages[""]["dependencies"][new] = entry.get("version", "*")
        n += 1
lock["packages"] = packages
os.makedirs(out, exist_ok=True)
json.dump(lock, open(f"{out}/package-lock.json", "w"), indent=2)
json.dump({"name": lock.get("name", "bench"), "version": "1.0.0", "dependencies": packages[""]["dependencies"]},
          open(f"{out}/package.json", "w"), indent=2)
print(f"npm: {len(packages) - 1} packages in the generated lockfile")
PY
mkdir -p "$work/pypi" && cp "$here/tests/fixtures/eco-pypi-large/"{uv.lock,pyproject.toml} "$work/pypi/"

count() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d.get("packages", d.get("components", []))))' "$1"; }
"$ospo" scan "$work/npm10k" --plugins npm --format json > "$work/ospo-npm.json"
echo "ospo npm packages: $(count "$work/ospo-npm.json")"
"$ospo" scan "$work/pypi" --plugins python --format json > "$work/ospo-pypi.json"
echo "ospo pypi packages: $(count "$work/ospo-pypi.json")"
if command -v "$cdxgen" >/dev/null; then
  (cd "$work/npm10k" && FETCH_LICENSE=false "$cdxgen" -t js --no-recurse --no-install-deps -o "$work/cdx-npm.json" . >/dev/null 2>&1) || true
  [ -f "$work/cdx-npm.json" ] && echo "cdxgen npm components: $(count "$work/cdx-npm.json")"
fi
if command -v cyclonedx-py >/dev/null; then
  (cd "$work/pypi" && uv export --frozen --no-hashes --all-groups -o requirements.txt -q) || true
  cyclonedx-py requirements "$work/pypi/requirements.txt" -o "$work/cdxpy.json" 2>/dev/null || true
  [ -f "$work/cdxpy.json" ] && echo "cyclonedx-py components: $(count "$work/cdxpy.json")"
fi

hyperfine -N -w 2 -r "${RUNS:-10}" \
  "$ospo scan $work/npm10k --plugins npm --format json" \
  "$ospo scan $work/pypi --plugins python --format json" \
  ${cdxgen:+"env FETCH_LICENSE=false $cdxgen -t js --no-recurse --no-install-deps -o /dev/null $work/npm10k"} \
  "cyclonedx-py requirements $work/pypi/requirements.txt -o /dev/null"
