#!/usr/bin/env python3
"""The license-text : ripgrep ratio, measured in interleaved pairs.

hyperfine runs one command's runs, then the next's: on a shared machine whose speed drifts over
minutes, the two sides of a ratio are then measured at different moments. Here each round runs
ripgrep, then `ospo scan`, back to back, and the ratio is taken per round; the report gives the
median of those ratios beside the medians of each side.

Usage: bench/ratio.py [ROUNDS]   (env: OSPO=target/release/ospo path, OSPO_BENCH_TREE,
                                  OSPO_BENCH_OUT for the compile cache, PLUGINS=license-text)
Run bench/scan.sh first: it builds ospo, makes the tree and checks both sides see the same files.
"""

import os
import statistics
import subprocess
import sys
import time

rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 30
tree = os.environ.get("OSPO_BENCH_TREE", "/tmp/ospo-bench-tree")
out = os.environ.get("OSPO_BENCH_OUT", "/tmp/ospo-bench-results")
ospo = os.environ.get("OSPO", os.path.join(os.environ.get("CARGO_TARGET_DIR", "/tmp/tgt-bench"), "release", "ospo"))
plugins = os.environ.get("PLUGINS", "license-text")
env = dict(os.environ, OSPO_CACHE_DIR=os.path.join(out, "cache"))

rg = ["rg", "--hidden", "-c", "SPDX-License-Identifier", tree]
scan = [ospo, "scan", tree, "--plugins", plugins, "--format", "json", "-o", "/dev/null"]


def wall(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


for _ in range(2):  # warm the page cache and the compile cache
    wall(rg)
    wall(scan)
rg_times, scan_times, ratios = [], [], []
for _ in range(rounds):
    r, s = wall(rg), wall(scan)
    rg_times.append(r)
    scan_times.append(s)
    ratios.append(s / r)
med = statistics.median
print(f"tree {tree}, plugins {plugins}, {rounds} interleaved rounds")
print(f"ripgrep   median {med(rg_times) * 1e3:6.1f} ms  min {min(rg_times) * 1e3:6.1f} ms")
print(f"ospo scan median {med(scan_times) * 1e3:6.1f} ms  min {min(scan_times) * 1e3:6.1f} ms")
print(
    f"ratio: median of per-round ratios {med(ratios):.2f}x "
    f"(quartiles {statistics.quantiles(ratios, n=4)[0]:.2f}-{statistics.quantiles(ratios, n=4)[2]:.2f}), "
    f"ratio of medians {med(scan_times) / med(rg_times):.2f}x, ratio of minima {min(scan_times) / min(rg_times):.2f}x"
)
