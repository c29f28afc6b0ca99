#!/usr/bin/env python3
"""Throughput at scale: generated article records classified four ways.

    python/.venv/bin/python benches/records_throughput.py [--records 1000000] [--rounds 1]
        [--modes cli1,cli2,python,spark] [--workdir DIR]

The records are `benches/gen_records.py --records N` (seeded: the same bytes
every run), one JSON line per article. Each way reads that JSONL file and
writes one output record per article, keeping the `id` field:

- cli1, cli2: `stance classify FILE --input-format jsonl --keep id` to a
  file, with RAYON_NUM_THREADS=1 and 2 (a whole process: loading the model,
  reading, parsing, splitting, scoring, writing JSON);
- python: a Python process that reads the file in batches of 4096 lines,
  takes the texts with `json.loads`, calls the package's
  `Classifier().classify_many(texts)` (2 threads) and writes each result
  with its id as one JSON line, the same work the CLI does;
- spark: `spark/classify_articles.py FILE OUT --keep id --master local[2]`,
  which writes Parquet (one row per article) through `mapInArrow`.

Every way runs as its own process, timed from start to exit, in the order
given (each way's output deleted before the next way runs), `--rounds`
times (the ways alternate inside each round, so a slow
spell on a shared machine hits all of them); the figure per way is the
median. Sentences per second use the sentence count of the CLI's own
output (counted once, untimed; cli1 or cli2 must be among the ways).
Ratios are against cli2 in the same round.

A million records make 1.9 GB of JSONL and about 5.5 GB of JSON output per
way; with --workdir on a RAM disk (/dev/shm) the figures measure the ways,
not the disk.

Needs a release binary (target/release/stance or STANCE_BIN), and for the
python and spark ways a Python with the `stance` package and pyspark
installed (python/ci.sh and spark/ci.sh make one); run this script with it.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

PYTHON_WAY = r"""
import json, sys
import stance
clf = stance.Classifier()
with open(sys.argv[1], encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8") as out:
    while True:
        lines = [line for _, line in zip(range(4096), f)]
        if not lines:
            break
        records = [json.loads(line) for line in lines]
        results = clf.classify_many([r["text"] for r in records], threads=2)
        for r, article in zip(records, results):
            out.write(json.dumps({"id": r["id"], **article}) + "\n")
"""


def command(way, binary, data, out):
    if way in ("cli1", "cli2"):
        return [binary, "classify", str(data), "--input-format", "jsonl", "--keep", "id"], {
            "RAYON_NUM_THREADS": way[-1]
        }
    if way == "python":
        return [sys.executable, "-c", PYTHON_WAY, str(data), str(out)], {}
    if way == "spark":
        return [
            sys.executable,
            str(REPO / "spark" / "classify_articles.py"),
            str(data),
            str(out),
            "--keep",
            "id",
            "--master",
            "local[2]",
        ], {}
    raise SystemExit(f"unknown way {way!r}")


def run(way, binary, data, out):
    argv, extra = command(way, binary, data, out)
    env = dict(os.environ, **extra)
    start = time.perf_counter()
    if way.startswith("cli"):
        with open(out, "wb") as f:
            subprocess.run(argv, env=env, check=True, stdout=f)
    else:
        subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--records", type=int, default=1_000_000)
    p.add_argument("--rounds", type=int, default=1)
    p.add_argument("--modes", default="cli1,cli2,python,spark")
    p.add_argument("--workdir", help="where the data and outputs go (default: a temp dir)")
    a = p.parse_args()
    ways = a.modes.split(",")
    binary = os.environ.get("STANCE_BIN", str(REPO / "target" / "release" / "stance"))
    work = Path(a.workdir or tempfile.mkdtemp(prefix="stance-records-"))
    work.mkdir(parents=True, exist_ok=True)
    data = work / f"articles-{a.records}.jsonl"
    if not data.exists():
        with open(data, "wb") as f:
            subprocess.run(
                [sys.executable, str(REPO / "benches" / "gen_records.py"), "--records", str(a.records)],
                check=True,
                stdout=f,
            )
    print(f"machine: {os.cpu_count()} cores")
    print(f"records: {a.records}, {data.stat().st_size / 1e9:.2f} GB of JSONL")
    times = {w: [] for w in ways}
    sentences = None
    for r in range(1, a.rounds + 1):
        for w in ways:
            out = work / f"out-{w}"
            t = run(w, binary, data, out)
            times[w].append(t)
            print(f"round {r}: {w:<7} {t:8.1f} s", flush=True)
            if sentences is None and w.startswith("cli"):
                with open(out, encoding="utf-8") as f:
                    sentences = sum(len(json.loads(line)["sentences"]) for line in f)
            # Each output goes before the next way runs: on a RAM disk the
            # outputs of a million records would not fit side by side.
            if out.is_dir():
                shutil.rmtree(out)
            else:
                out.unlink()
    print(f"sentences: {sentences}")
    print()
    print("| way | median s | records/s | sentences/s | vs cli2 (same round, median) |")
    print("|---|---|---|---|---|")
    for w in ways:
        m = statistics.median(times[w])
        rate = f"{sentences / m:,.0f}" if sentences else "-"
        ratio = "-"
        if "cli2" in times:
            ratio = f"{statistics.median(c / t for c, t in zip(times['cli2'], times[w])):.2f}"
        print(f"| {w} | {m:.1f} | {a.records / m:,.0f} | {rate} | {ratio} |")
    if not a.workdir:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
