#!/usr/bin/env python3
"""The license-text : ripgrep ratio, measured in interleaved pairs.

hyperfine runs one command's runs, then the next's: on a shared machine whose speed drifts over
minutes, the two sides of a ratio are then measured at different moments. Here each round runs
ripgrep, then `ospo scan`, back to back, and the ratio is taken per round; the report gives the
median of those ratios beside the medians of each side.

After the rounds, one more run of each side under `/usr/bin/time -v` gives the peak RSS, and the
scan's JSON its findings count (licences, of them clues, copyrights).

Usage: bench/ratio.py [ROUNDS]   (env: OSPO=target/release/ospo path, OSPO_BENCH_TREE,
                                  OSPO_BENCH_OUT for the compile cache, PLUGINS=license-text;
                                  PLUGINS=default for the default plugin set)
Run bench/scan.sh first: it builds ospo, makes the tree and checks both sides see the same files.
The Linux kernel tree: `OSPO_BENCH_KERNEL=1 bench/scan.sh` extracts it (to /tmp/ospo-bench-kernel),
then `OSPO_BENCH_TREE=/tmp/ospo-bench-kernel bench/ratio.py 10`.
"""

import json

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
selection = [] if plugins == "default" else ["--plugins", plugins]
scan = [ospo, "scan", tree, *selection, "--format", "json", "-o", "/dev/null"]


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


def peak_rss_mib(cmd):
    """Peak RSS of one run, from `/usr/bin/time -v` (KiB)."""
    done = subprocess.run(["/usr/bin/time", "-v", *cmd], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, check=False)
    kib = next((line.split(":")[1] for line in done.stderr.splitlines() if "Maximum resident" in line), "0")
    return int(kib) / 1024


report = os.path.join(out, "ratio-scan.json")
os.makedirs(out, exist_ok=True)
rss_scan = peak_rss_mib([*scan[:-1], report])
rss_rg = peak_rss_mib(rg)
result = json.load(open(report, encoding="utf-8"))
licences = result.get("licenses", [])
clues = sum(1 for lic in licences if lic.get("strength") == "clue")
print(
    f"peak RSS: ospo scan {rss_scan:.0f} MiB, ripgrep {rss_rg:.0f} MiB; files scanned {result.get('files_scanned')}, "
    f"licence findings {len(licences)} ({clues} clues), copyrights {len(result.get('copyrights', []))}"
)
