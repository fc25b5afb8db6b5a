#!/usr/bin/env bash
# Inventory speed: a package-lock.json of 10,000+ entries (the real eco-npm-large lockfile copied
# nine times with every package renamed `<name>-copyN`, its dependency maps, peer metadata and
# tarball URLs renamed with it, so each copy is the same graph npm wrote and `npm ls` accepts it)
# and the eco-pypi-large uv.lock, parsed by `ospo scan` with only the parser plugin, beside cdxgen (npm) and cyclonedx-py (PyPI) on the same
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
entries = {k: v for k, v in lock["packages"].items() if k}
root = lock["packages"][""]
GROUPS = ("dependencies", "optionalDependencies", "peerDependencies", "devDependencies")

def rename(name, copy):
    return name if copy == 0 else f"{name}-copy{copy}"

def rename_key(key, copy):
    parts = key.split("node_modules/")
    return "node_modules/".join([parts[0]] + [rename(p.rstrip("/"), copy) + ("/" if p.endswith("/") else "") for p in parts[1:]])

copies = -(-10000 // len(entries))
packages = {"": {k: v for k, v in root.items() if k not in GROUPS}}
for copy in range(copies):
    for key, value in entries.items():
        entry = dict(value)
        for group in GROUPS:
            if isinstance(entry.get(group), dict):
                entry[group] = {rename(n, copy): s for n, s in entry[group].items()}
        if isinstance(entry.get("peerDependenciesMeta"), dict):
            entry["peerDependenciesMeta"] = {rename(n, copy): m for n, m in entry["peerDependenciesMeta"].items()}
        resolved = entry.get("resolved")
        real = entry.get("name") or key.split("node_modules/")[-1]
        if copy and isinstance(resolved, str) and f"/{real}/-/" in resolved:
            base = real.split("/")[-1]
            entry["resolved"] = resolved.replace(f"/{real}/-/{base}-", f"/{rename(real, copy)}/-/{rename(base, copy)}-")
        if "name" in entry:
            entry["name"] = rename(entry["name"], copy)
        packages[rename_key(key, copy)] = entry
    for group in GROUPS:
        for name, spec in root.get(group, {}).items():
            packages[""].setdefault(group, {})[rename(name, copy)] = spec
lock["packages"] = packages
os.makedirs(out, exist_ok=True)
json.dump(lock, open(f"{out}/package-lock.json", "w"), indent=2)
manifest = {k: v for k, v in packages[""].items()}
json.dump(manifest, open(f"{out}/package.json", "w"), indent=2)
print(f"npm: {len(packages) - 1} entries ({copies} renamed copies of the fixture's {len(entries)}), root declares {sum(len(packages[''].get(g, {})) for g in GROUPS)}")
PY
mkdir -p "$work/pypi" && cp "$here/tests/fixtures/eco-pypi-large/"{uv.lock,pyproject.toml} "$work/pypi/"

count() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d.get("packages", d.get("components", []))))' "$1"; }
"$ospo" scan "$work/npm10k" --plugins npm --format json > "$work/ospo-npm.json"
echo "ospo npm packages: $(count "$work/ospo-npm.json")"
"$ospo" scan "$work/pypi" --plugins python --format json > "$work/ospo-pypi.json"
echo "ospo pypi packages: $(count "$work/ospo-pypi.json")"
# The parse stage alone (`--timings`: reading, the plugin call, checking and merging its output),
# the figure the 100 ms target is about; the wall times below add start-up and writing the JSON.
parse_ms() {
  for _ in $(seq "${RUNS:-10}"); do
    "$ospo" scan "$1" --plugins "$2" --format json --timings |
      python3 -c 'import json,sys; print(json.load(sys.stdin)["timings"]["parse_ms"])'
  done | sort -n | awk '{v[NR]=$1} END {printf "min %d ms, median %d ms\n", v[1], v[int((NR+1)/2)]}'
}
echo "ospo npm parse stage: $(parse_ms "$work/npm10k" npm)"
echo "ospo pypi parse stage: $(parse_ms "$work/pypi" python)"
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
