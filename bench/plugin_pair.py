#!/usr/bin/env python3
"""Two builds of one detector plugin timed in the same rounds, with ripgrep as the baseline.

On a shared machine whose speed drifts, a before/after comparison is only fair round by round:
each round runs ripgrep, then `ospo scan` with build A, then with build B (the order of A and B
alternating), each loaded with `--no-default-plugins --plugin FILE`. Reports the medians and
minima of each side and the median of the per-round B/A ratios.

Usage: bench/plugin_pair.py A.wasm B.wasm [ROUNDS]
       (env: OSPO=path to a release ospo, OSPO_BENCH_TREE=/tmp/ospo-bench-tree,
        OSPO_BENCH_OUT=/tmp/ospo-bench-results for the compile cache)
Build each guest as host/build.rs does, e.g. in a worktree of the old commit:
    cargo build --release --target wasm32-wasip2 -p ospo-plugin-license-text \\
        --config 'profile.release.codegen-units=1' --config 'profile.release.lto="fat"'
"""

import os
import statistics
import subprocess
import sys
import time

a, b = sys.argv[1], sys.argv[2]
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 12
tree = os.environ.get("OSPO_BENCH_TREE", "/tmp/ospo-bench-tree")
out = os.environ.get("OSPO_BENCH_OUT", "/tmp/ospo-bench-results")
ospo = os.environ.get("OSPO", "/tmp/tgt-bench/release/ospo")
env = dict(os.environ, OSPO_CACHE_DIR=os.path.join(out, "cache"))


def scan(wasm):
    return [ospo, "scan", tree, "--no-default-plugins", "--plugin", wasm, "--format", "json", "-o", "/dev/null"]


rg = ["rg", "--hidden", "-c", "SPDX-License-Identifier", tree]


def wall(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


for _ in range(2):  # warm the page cache and the compile cache
    wall(rg)
    wall(scan(a))
    wall(scan(b))
times = {"rg": [], "A": [], "B": []}
for i in range(rounds):
    order = [("A", a), ("B", b)] if i % 2 == 0 else [("B", b), ("A", a)]
    times["rg"].append(wall(rg))
    for name, wasm in order:
        times[name].append(wall(scan(wasm)))
for name, t in times.items():
    print(f"{name}: median {statistics.median(t) * 1000:.0f} ms, min {min(t) * 1000:.0f} ms")
ratios = [y / x for x, y in zip(times["A"], times["B"])]
print(f"B/A per round: median {statistics.median(ratios):.3f} (min {min(ratios):.3f}, max {max(ratios):.3f})")
for name in ("A", "B"):
    print(f"{name}/rg median of per-round ratios {statistics.median([s / r for s, r in zip(times[name], times['rg'])]):.2f}x")
