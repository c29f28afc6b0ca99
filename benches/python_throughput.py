#!/usr/bin/env python3
"""Sentences per second of the Python package's `classify_many` beside the
command line's `stance classify`, on the same articles and cores.

    python/.venv/bin/python benches/python_throughput.py [--records 20000] [--rounds 5] [--threads N]

Needs the package installed in the running Python (python/ci.sh does it)
and a release binary (target/release/stance, or STANCE_BIN).

The articles are `benches/gen_records.py --records N` (seeded, so the same
every run). The command line classifies them written one after another
into one plain-text file, blank lines between articles, as
`stance classify FILE --format jsonl > /dev/null` (a whole process: model
loading, reading, splitting, scoring and writing); Python times
`Classifier().classify_many(texts)` alone, from the list of texts to the
list of dicts (the model is loaded before). Rates on a shared machine move
from one process to the next, so the two alternate, round after round, and
each round's ratio is taken inside the round; the median ratio is the
figure. Each round also gives the CPU time both spent (user + system, all
threads: the CLI's from getrusage of the child, Python's process time
during the call), less moved by other processes' load than wall time.
`--threads N` sets RAYON_NUM_THREADS for both (default: all cores).
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--records", type=int, default=20000)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--threads", type=int, help="RAYON_NUM_THREADS for both sides")
    a = p.parse_args()
    if a.threads:
        os.environ["RAYON_NUM_THREADS"] = str(a.threads)
    import stance  # after RAYON_NUM_THREADS is set: rayon reads it once

    binary = os.environ.get("STANCE_BIN", str(REPO / "target" / "release" / "stance"))
    records = subprocess.run(
        [sys.executable, str(REPO / "benches" / "gen_records.py"), "--records", str(a.records)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    texts = [json.loads(line)["text"] for line in records.splitlines()]
    clf = stance.Classifier()
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "articles.txt"
        plain.write_text("\n\n".join(texts) + "\n", encoding="utf-8")
        cli_sentences = sum(
            1
            for _ in subprocess.run(
                [binary, "classify", str(plain), "--format", "jsonl"],
                check=True,
                capture_output=True,
            ).stdout.splitlines()
        )
        py_sentences = sum(len(a["sentences"]) for a in clf.classify_many(texts))
        print(f"machine: {os.cpu_count()} cores, RAYON_NUM_THREADS={os.environ.get('RAYON_NUM_THREADS', 'unset')}")
        print(f"{len(texts)} articles, {plain.stat().st_size / 1e6:.1f} MB of text")
        print(f"sentences: cli {cli_sentences}, python {py_sentences}")
        ratios, cpu_ratios = [], []
        for r in range(1, a.rounds + 1):
            cpu = children_cpu()
            start = time.perf_counter()
            subprocess.run(
                [binary, "classify", str(plain), "--format", "jsonl"],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            cli = cli_sentences / (time.perf_counter() - start)
            cli_cpu = children_cpu() - cpu
            cpu = time.process_time()
            start = time.perf_counter()
            result = clf.classify_many(texts)
            py = py_sentences / (time.perf_counter() - start)
            py_cpu = time.process_time() - cpu
            del result  # freeing the dicts is not part of the call
            ratios.append(py / cli)
            cpu_ratios.append(cli_cpu / py_cpu)
            print(
                f"round {r}: cli {cli:7.0f} sentences/s ({cli_cpu:5.2f} s CPU)  "
                f"python {py:7.0f} sentences/s ({py_cpu:5.2f} s CPU)  "
                f"python/cli {py / cli:.2f} (by CPU time {cli_cpu / py_cpu:.2f})",
                flush=True,
            )
        print(f"median python/cli: {statistics.median(ratios):.2f} (by CPU time {statistics.median(cpu_ratios):.2f})")


if __name__ == "__main__":
    main()
