#!/usr/bin/env python3
"""Two builds of one detector plugin timed in the same rounds, with ripgrep as the baseline.

On a shared machine whose speed drifts, a before/after comparison is only fair round by round:
each round runs ripgrep, then `ospo scan` with build A, then with build B (the order of A and B
alternating), each loaded with `--no-default-plugins --plugin FILE`. Reports the medians and
minima of each side and the median of the per-round B/A ratios, of wall and of CPU time. Then it writes each build's JSON
once and says whether the findings (all but `metadata`) are identical (a speed step must not change them).

Usage: bench/plugin_pair.py A.wasm B.wasm [ROUNDS]
       (env: OSPO=path to a release ospo, OSPO_BENCH_TREE=/tmp/ospo-bench-tree (the Linux kernel
        tree: /tmp/ospo-bench-kernel, see bench/scan.sh), OSPO_BENCH_OUT=/tmp/ospo-bench-results
        for the compile cache and the two JSON results)
Build each guest as host/build.rs does, e.g. in a worktree of the old commit:
    cargo build --release --target wasm32-wasip2 -p ospo-plugin-license-text \\
        --config 'profile.release.codegen-units=1' --config 'profile.release.lto="fat"'
"""

import json
import os
import resource
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


cpu = {"rg": [], "A": [], "B": []}


def wall(cmd, name=None):
    """Wall time of one run; with `name`, its CPU time (user + system) goes to `cpu[name]`: on a
    loaded machine the wall time measures the other jobs too, the CPU time far less."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if name:
        cpu[name].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return elapsed


for _ in range(2):  # warm the page cache and the compile cache
    wall(rg)
    wall(scan(a))
    wall(scan(b))
times = {"rg": [], "A": [], "B": []}
for i in range(rounds):
    order = [("A", a), ("B", b)] if i % 2 == 0 else [("B", b), ("A", a)]
    times["rg"].append(wall(rg, "rg"))
    for name, wasm in order:
        times[name].append(wall(scan(wasm), name))
for name, t in times.items():
    print(
        f"{name}: median {statistics.median(t) * 1000:.0f} ms, min {min(t) * 1000:.0f} ms; "
        f"CPU median {statistics.median(cpu[name]) * 1000:.0f} ms"
    )
ratios = [y / x for x, y in zip(times["A"], times["B"])]
print(f"B/A per round: median {statistics.median(ratios):.3f} (min {min(ratios):.3f}, max {max(ratios):.3f})")
cpu_ratios = [y / x for x, y in zip(cpu["A"], cpu["B"])]
print(
    f"B/A CPU time per round: median {statistics.median(cpu_ratios):.3f} "
    f"(min {min(cpu_ratios):.3f}, max {max(cpu_ratios):.3f})"
)
for name in ("A", "B"):
    print(f"{name}/rg median of per-round ratios {statistics.median([s / r for s, r in zip(times[name], times['rg'])]):.2f}x")

# The findings of both builds: the whole JSON result but its `metadata` (a timestamp and the
# plugin's digest, which differ by construction), compared as written.
results = {}
for name, wasm in (("A", a), ("B", b)):
    path = os.path.join(out, f"pair-{name}.json")
    subprocess.run([*scan(wasm)[:-1], path], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    with open(path, encoding="utf-8") as f:
        results[name] = json.load(f)
    results[name].pop("metadata", None)
counts = {k: (len(v.get("licenses", [])), len(v.get("copyrights", []))) for k, v in results.items()}
same = "identical" if json.dumps(results["A"]) == json.dumps(results["B"]) else "DIFFERENT"
print(
    f"findings: A {counts['A'][0]} licences, {counts['A'][1]} copyrights; B {counts['B'][0]}, {counts['B'][1]}; "
    f"all but the metadata {same}"
)
