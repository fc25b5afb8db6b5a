#!/usr/bin/env python3
"""Two or more `ospo` builds against ripgrep, in the same rounds.

Each round runs ripgrep, then every build (their order alternating between rounds) over the
same tree, and takes each build's wall time over ripgrep's of that round. It prints ripgrep's
median and, per build, the median, minimum and maximum of those ratios: the before/after figure
of a change, measured on a machine whose speed drifts. It compares whole hosts (their embedded
plugin set, `default` included); for two builds of one plugin with the same host, and a check
that their findings agree, use bench/plugin_pair.py.

Usage: bench/ab_ratio.py TREE ROUNDS PLUGINS OSPO...   (PLUGINS: default, or names for --plugins)
e.g.   bench/ab_ratio.py /tmp/ospo-bench-kernel 10 license-text /tmp/old/ospo target/release/ospo
"""

import statistics
import subprocess
import sys
import time

tree, rounds, plugins, builds = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
selection = [] if plugins == "default" else ["--plugins", plugins]
rg = ["rg", "--hidden", "-c", "SPDX-License-Identifier", tree]


def wall(cmd):
    started = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


# Warm the page cache and each build's compile cache: a build's first scan compiles its guests.
wall(rg)
for b in builds:
    wall([b, "scan", tree, *selection, "--format", "json", "-o", "/dev/null"])

ratios = {b: [] for b in builds}
ripgrep = []
for i in range(rounds):
    r = wall(rg)
    ripgrep.append(r)
    for b in builds if i % 2 == 0 else builds[::-1]:
        ratios[b].append(wall([b, "scan", tree, *selection, "--format", "json", "-o", "/dev/null"]) / r)
print("rg median %.3f s" % statistics.median(ripgrep))
for b in builds:
    print(b, "ratio median %.2f (min %.2f max %.2f)" % (statistics.median(ratios[b]), min(ratios[b]), max(ratios[b])))
