#!/usr/bin/env python3
"""Spark's two ways into Python for the same job: mapInArrow with
`Classifier.classify_arrow` (what spark/classify_articles.py uses) against
mapInPandas with `Classifier.classify_many` (dicts, which Spark converts to
its nested rows one value at a time). Both write the same Parquet (one row
per article, the recipe's schema), in one Spark session, alternating.

    python/.venv/bin/python benches/spark_map_ways.py ARTICLES.jsonl [--rounds 3]
        [--master local[2]]

ARTICLES.jsonl is `benches/gen_records.py --records N` output (fields id
and text are used). The first job of the session (a JIT warm-up that reads
the file once) is not timed. Prints each job's wall time, the CPU time the
whole machine spent meanwhile (Linux /proc/stat: on a quiet machine, the
job's), and the part of it spent in the Python workers (their process
time, summed with an accumulator: classifying, building the output and
Arrow's work on the Python side); the rest is the JVM's (reading the JSON,
moving Arrow batches, writing Parquet). Each round also runs the command
line on the same file on one thread (`RAYON_NUM_THREADS=1 stance classify
FILE --input-format jsonl --keep id`, output to /dev/null; target/release/
stance or STANCE_BIN) for the CPU the classification itself takes. Then
the median per way and the median of the per-round ratios pandas / arrow.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "spark"))


def cli_cpu_seconds(binary, articles):
    """Wall and CPU seconds of the command line classifying `articles` on
    one thread."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [binary, "classify", articles, "--input-format", "jsonl", "--keep", "id"],
        env=dict(os.environ, RAYON_NUM_THREADS="1"),
        stdout=subprocess.DEVNULL,
        check=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def machine_cpu_seconds():
    """Busy CPU time of the whole machine since boot (Linux)."""
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle and iowait
    return (sum(fields) - idle) / os.sysconf("SC_CLK_TCK")


def timed(run, python_cpu):
    """`run` with the Python worker's process time over its whole life
    added to the accumulator `python_cpu`."""

    def wrapper(batches):
        import time

        start = time.process_time()
        yield from run(batches)
        python_cpu.add(time.process_time() - start)

    return wrapper


def pandas_batches(kept, labels):
    """mapInPandas with classify_many: the article dicts become pandas
    object columns, which Spark converts to Arrow value by value."""

    def run(batches):
        import stance

        clf = stance.Classifier()
        for batch in batches:
            results = clf.classify_many(batch["text"].tolist(), threads=1)
            out = batch[kept].reset_index(drop=True)
            out["stance"] = [r["summary"]["stance"] for r in results]
            for label in labels:
                out[f"n_{label}"] = [r["summary"]["counts"][label] for r in results]
            out["summary"] = [r["summary"] for r in results]
            out["sentences"] = [r["sentences"] for r in results]
            yield out

    return run


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("articles")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--master", default="local[2]")
    a = p.parse_args()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    # The workers import classify_articles' function by module name.
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "spark"), os.environ.get("PYTHONPATH")]))
    from pyspark.sql import SparkSession
    from pyspark.sql import types as T

    import classify_articles
    import stance

    spark = SparkSession.builder.master(a.master).appName("spark_map_ways").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    schema = T.StructType([T.StructField("id", T.StringType()), T.StructField("text", T.StringType())])
    df = spark.read.schema(schema).json(a.articles)
    labels = stance.Classifier().labels
    out_schema = classify_articles.output_schema([df.schema["id"]], labels, "article")
    python_cpu = spark.sparkContext.accumulator(0.0)
    arrow_run = timed(classify_articles.classify_batches(None, "text", ["id"], "article", 1), python_cpu)
    pandas_run = timed(pandas_batches(["id"], labels), python_cpu)
    ways = {
        "arrow": lambda out: df.mapInArrow(arrow_run, out_schema).write.mode("overwrite").parquet(out),
        "pandas": lambda out: df.mapInPandas(pandas_run, out_schema).write.mode("overwrite").parquet(out),
    }
    binary = os.environ.get("STANCE_BIN", str(REPO / "target" / "release" / "stance"))
    times = {w: [] for w in ways}
    with tempfile.TemporaryDirectory() as tmp:
        df.write.mode("overwrite").format("noop").save()
        for r in range(1, a.rounds + 1):
            for w, job in ways.items():
                python_before = python_cpu.value
                cpu = machine_cpu_seconds()
                start = time.perf_counter()
                job(f"{tmp}/{w}")
                times[w].append(time.perf_counter() - start)
                cpu = machine_cpu_seconds() - cpu
                python = python_cpu.value - python_before
                print(
                    f"round {r}: {w:<7} {times[w][-1]:6.1f} s, machine CPU {cpu:6.1f} s, "
                    f"Python workers {python:6.1f} s, rest {cpu - python:6.1f} s",
                    flush=True,
                )
            wall, cpu = cli_cpu_seconds(binary, a.articles)
            print(f"round {r}: cli1    {wall:6.1f} s, CPU {cpu:6.1f} s", flush=True)
    spark.stop()
    for w in ways:
        print(f"{w}: median {statistics.median(times[w]):.1f} s")
    ratio = statistics.median(p / q for p, q in zip(times["pandas"], times["arrow"]))
    print(f"pandas / arrow, median of rounds: {ratio:.2f}")


if __name__ == "__main__":
    main()
