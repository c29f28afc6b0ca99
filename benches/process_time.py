#!/usr/bin/env python3
"""Whole-process wall time of one or more commands, interleaved run by run
(so a slow phase of this shared machine hits every command alike); prints
the median of RUNS runs of each.

    python3 benches/process_time.py [--runs 15] "CMD 1" ["CMD 2" ...]

Each command is split on spaces (no shell); its output goes to /dev/null.
"""
import statistics
import subprocess
import sys
import time

args = sys.argv[1:]
runs = 15
if args[:1] == ['--runs']:
    runs, args = int(args[1]), args[2:]
if not args:
    sys.exit(__doc__)
times = [[] for _ in args]
for _ in range(runs):
    for i, cmd in enumerate(args):
        start = time.perf_counter()
        subprocess.run(cmd.split(), stdout=subprocess.DEVNULL, check=True)
        times[i].append(time.perf_counter() - start)
for cmd, t in zip(args, times):
    print(f"{statistics.median(t) * 1000:7.1f} ms  median of {runs}  {cmd}")
