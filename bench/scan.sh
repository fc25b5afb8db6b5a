#!/usr/bin/env bash
# End-to-end benchmark of `ospo scan`, with ripgrep as the baseline in the same hyperfine run:
#   (a) warm start: `ospo scan EMPTY` with a warm compile cache (baseline: `rg` on the same empty dir)
#   (b) `ospo scan TREE --plugins license-tag --format json -o /dev/null`
#   (c) `rg -c SPDX-License-Identifier` over the same files (same ignore rules, see below), and
#       `rg -i` with license-text's gate keywords (the search license-text's first pass does)
#   (d) `ospo scan TREE` with the full default plugin set
# then peak RSS of each scan (`/usr/bin/time -v`), files/s, MB/s and the ratios to ripgrep.
#
# Usage: bench/scan.sh            (env: RUNS=5, CARGO_TARGET_DIR=/tmp/tgt-bench,
#                                   OSPO_BENCH_TREE=/tmp/ospo-bench-tree, OSPO_BENCH_SOURCE=<dir to copy>,
#                                   OSPO_BENCH_NPM=1 for the npm tree instead of a copy,
#                                   OSPO_BENCH_KERNEL=1 for the Linux kernel source instead (see below),
#                                   OSPO_BENCH_OUT=/tmp/ospo-bench-results; OSPO_GUEST_CRATES is passed
#                                   through to host/build.rs and decides the default plugin set)
#
# Same files on both sides: ospo walks with the `ignore` crate (ripgrep's walker) with hidden files
# included, `.gitignore` honoured only inside a git work tree (as ripgrep does by default), `.git`
# skipped, symlinks not followed. ripgrep needs `--hidden` to do the same; the script checks that the
# text files rg lists are exactly as many as ospo reports in `files_scanned`.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/tmp/tgt-bench}
runs=${RUNS:-5}
tree=${OSPO_BENCH_TREE:-/tmp/ospo-bench-tree}
out=${OSPO_BENCH_OUT:-/tmp/ospo-bench-results}
empty=$out/empty
export OSPO_CACHE_DIR=$out/cache
ospo=$CARGO_TARGET_DIR/release/ospo
rg_flags=(--hidden)

say() { printf '\n== %s\n' "$*" >&2; }

say "building ospo (release) into $CARGO_TARGET_DIR"
(cd "$repo" && nice cargo build --release -p ospo)

missing=()
command -v rg >/dev/null || missing+=(ripgrep)
command -v hyperfine >/dev/null || missing+=(hyperfine)
if ((${#missing[@]})); then
    say "installing ${missing[*]}"
    apt-get install -y "${missing[@]}" || { apt-get update && apt-get install -y "${missing[@]}"; }
fi

# The tree: a plain copy of the cargo registry's unpacked sources (hundreds of real crates), made
# once and reused, so every run of this script on the machine scans the same bytes.
# With OSPO_BENCH_NPM=1 the tree is instead a web app's dependencies: bench/npm-tree/package.json
# (direct dependencies pinned) installed without running package scripts.
if [[ ! -f $tree.done && ${OSPO_BENCH_NPM:-0} == 1 ]]; then
    say "installing bench/npm-tree/package.json into $tree"
    rm -rf "$tree"
    mkdir -p "$tree"
    cp "$repo/bench/npm-tree/package.json" "$tree/"
    (cd "$tree" && npm install --ignore-scripts --no-audit --no-fund)
    echo "npm: bench/npm-tree/package.json" >"$tree.done"
fi
# With OSPO_BENCH_KERNEL=1 the tree is the Linux kernel source Debian ships (`linux-source-6.12`,
# 86k files, a licence tag or notice in nearly every one): the scale test. The package is installed
# when its tarball is missing, and extracted once outside the repo (default /tmp/ospo-bench-kernel).
kernel_tar=${OSPO_BENCH_KERNEL_TAR:-/usr/src/linux-source-6.12.tar.xz}
if [[ ${OSPO_BENCH_KERNEL:-0} == 1 && -z ${OSPO_BENCH_TREE:-} ]]; then
    tree=/tmp/ospo-bench-kernel
fi
if [[ ! -f $tree.done && ${OSPO_BENCH_KERNEL:-0} == 1 ]]; then
    if [[ ! -f $kernel_tar ]]; then
        say "installing linux-source-6.12"
        apt-get install -y linux-source-6.12 || { apt-get update && apt-get install -y linux-source-6.12; }
    fi
    say "extracting $kernel_tar into $tree"
    rm -rf "$tree"
    mkdir -p "$tree"
    tar -xf "$kernel_tar" -C "$tree" --strip-components=1
    echo "kernel: $kernel_tar" >"$tree.done"
fi
if [[ ! -f $tree.done ]]; then
    source_dir=${OSPO_BENCH_SOURCE:-$(find "$HOME/.cargo/registry/src" -mindepth 1 -maxdepth 1 -type d | sort | head -1)}
    say "copying $source_dir to $tree"
    rm -rf "$tree"
    mkdir -p "$tree"
    cp -r "$source_dir/." "$tree/"
    echo "$source_dir" >"$tree.done"
fi
mkdir -p "$out" "$empty"

# What both tools walk, and how much of it is text ospo hands to license-tag (≤ 4 MiB, no NUL in
# the first 8 KiB: the host's binary sniff).
rg "${rg_flags[@]}" --files "$tree" | sort >"$out/files.txt"
read -r files bytes text_files text_bytes < <(python3 - "$out/files.txt" <<'EOF'
import os, sys
files = bytes_ = text = text_bytes = 0
for path in open(sys.argv[1], encoding="utf-8", errors="surrogateescape").read().splitlines():
    size = os.path.getsize(path)
    files += 1
    bytes_ += size
    with open(path, "rb") as f:
        if size <= 4 << 20 and b"\0" not in f.read(8192):
            text += 1
            text_bytes += size
print(files, bytes_, text, text_bytes)
EOF
)
all_files=$(find "$tree" -type f | wc -l)
say "tree: $files files walked ($all_files on disk; the rest are .gitignored), $bytes bytes; $text_files text files, $text_bytes bytes"

say "warming the compile cache ($OSPO_CACHE_DIR)"
# Exit code 1 only means policy violations; the report is written either way.
"$ospo" scan "$empty" --format json -o /dev/null || (($? == 1))
"$ospo" scan "$tree" --plugins license-tag --format json -o "$out/license-tag.json" || (($? == 1))
"$ospo" scan "$tree" --format json -o "$out/default.json" || (($? == 1))
scanned=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["files_scanned"])' "$out/license-tag.json")
if [[ $scanned != "$text_files" ]]; then
    echo "warning: ospo scanned $scanned files, rg lists $text_files text files: the walks differ" >&2
fi
rg_hits=$(rg "${rg_flags[@]}" -c SPDX-License-Identifier "$tree" | wc -l || true)
tag_hits=$(python3 -c 'import json,sys; print(len({l["path"] for l in json.load(open(sys.argv[1]))["licenses"]}))' "$out/license-tag.json")
say "files with a tag: rg $rg_hits (any line containing the string), ospo $tag_hits (valid expressions)"

say "hyperfine: warm start"
hyperfine -N --output=pipe -i --warmup 3 --runs $((runs * 4)) --export-json "$out/start.json" \
    --export-markdown "$out/start.md" \
    -n "rg -c SPDX-License-Identifier EMPTY" "rg ${rg_flags[*]} -c SPDX-License-Identifier $empty" \
    -n "ospo scan EMPTY --plugins license-tag" "$ospo scan $empty --plugins license-tag" \
    -n "ospo scan EMPTY" "$ospo scan $empty"

# ripgrep doing what license-text's gate does first: every keyword of
# plugins/license-text/src/gate.rs (NEEDLES), any case. hyperfine -N splits this shell-like.
gate_patterns="-e licen -e copyright -e copyleft -e warrant -e permission -e liabil \
-e liable -e 'public domain' -e spdx -e 'same terms as' -e patent -e gpl -e copying -e distribut \
-e freely -e 'without restriction' -e 'special exception' -e 'whatever way' \
-e © -e lizenz -e urheber -e 著作権 -e ライセンス -e 许可"

say "hyperfine: the tree"
hyperfine -N --output=pipe -i --warmup 1 --runs "$runs" --export-json "$out/tree.json" \
    --export-markdown "$out/tree.md" \
    -n "rg ${rg_flags[*]} -c SPDX-License-Identifier TREE" "rg ${rg_flags[*]} -c SPDX-License-Identifier $tree" \
    -n "rg --no-ignore --hidden -c SPDX-License-Identifier TREE" "rg --no-ignore --hidden -c SPDX-License-Identifier $tree" \
    -n "rg -i -c (license-text's gate keywords) TREE" "rg ${rg_flags[*]} -i -c ${gate_patterns} $tree" \
    -n "ospo scan TREE --plugins license-tag" "$ospo scan $tree --plugins license-tag --format json -o /dev/null" \
    -n "ospo scan TREE --plugins license-text" "$ospo scan $tree --plugins license-text --format json -o /dev/null" \
    -n "ospo scan TREE (default plugins)" "$ospo scan $tree --format json -o /dev/null"

say "peak RSS"
rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}'; }
rss_rg=$(rss rg "${rg_flags[@]}" -c SPDX-License-Identifier "$tree")
rss_start=$(rss "$ospo" scan "$empty")
rss_tag=$(rss "$ospo" scan "$tree" --plugins license-tag --format json -o /dev/null)
rss_text=$(rss "$ospo" scan "$tree" --plugins license-text --format json -o /dev/null)
rss_default=$(rss "$ospo" scan "$tree" --format json -o /dev/null)

python3 - "$out" "$files" "$bytes" "$text_files" "$text_bytes" "$rss_rg" "$rss_start" "$rss_tag" "$rss_text" "$rss_default" <<'EOF'
import json, sys
out, files, bytes_, text_files, text_bytes = sys.argv[1], *map(int, sys.argv[2:6])
rss = dict(zip(["rg", "start", "tag", "text", "default"], map(int, sys.argv[6:11])))
def load(name):
    return {r["command"]: r for r in json.load(open(f"{out}/{name}.json"))["results"]}
start, tree = load("start"), load("tree")
def ms(r): return f'{r["median"] * 1e3:.1f}'
print("\n### Warm start (empty directory, warm compile cache)\n")
print("| command | median ms | mean ± σ ms | min ms | ratio to rg |")
print("|---|--:|--:|--:|--:|")
base = next(r for c, r in start.items() if c.startswith("rg"))
for c, r in start.items():
    print(f'| `{c}` | {ms(r)} | {r["mean"]*1e3:.1f} ± {r["stddev"]*1e3:.1f} | {r["min"]*1e3:.1f} | {r["median"]/base["median"]:.1f}× |')
print(f"\n### Tree scan ({files} files walked, {bytes_/1e6:.1f} MB; {text_files} text files, {text_bytes/1e6:.1f} MB)\n")
print("| command | median s | mean ± σ s | files/s | MB/s | ratio to rg | peak RSS MiB |")
print("|---|--:|--:|--:|--:|--:|--:|")
base = next(r for c, r in tree.items() if c.startswith("rg --hidden"))
peak = {
    "rg --hidden": rss["rg"],
    "ospo scan TREE --plugins license-tag": rss["tag"],
    "ospo scan TREE --plugins license-text": rss["text"],
    "ospo scan TREE (default": rss["default"],
}
for c, r in tree.items():
    m = r["median"]
    mem = next((f"{v/1024:.0f}" for k, v in peak.items() if c.startswith(k)), "")
    print(f'| `{c}` | {m:.3f} | {r["mean"]:.3f} ± {r["stddev"]:.3f} | {files/m:,.0f} | {bytes_/m/1e6:.0f} | {m/base["median"]:.2f}× | {mem} |')
print(f'\nPeak RSS of the warm start: {rss["start"]/1024:.0f} MiB.')
EOF
