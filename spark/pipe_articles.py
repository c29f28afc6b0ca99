#!/usr/bin/env python3
"""Classify a JSONL dataset of articles on Spark without the Python
package: each partition's lines are piped through the command line
(`RDD.pipe`), whose records mode reads one article per JSON line and
writes one JSON record per article (or per sentence), in order.

    spark-submit --files stance spark/pipe_articles.py IN.jsonl OUT_DIR [--stance ./stance] [-- CLASSIFY FLAGS]

e.g. `-- --per sentence --keep id,url` or `-- --model mine.json` (ship the
model with --files too). OUT_DIR gets JSON-lines part files, one per input
partition, in input order: concatenated, they are what `stance classify
--input-format jsonl IN.jsonl` prints.
"""

import argparse
import shlex

from pyspark.sql import SparkSession


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input")
    p.add_argument("output")
    p.add_argument("--stance", default="./stance", help="the stance binary on the executors (default: ./stance, as --files ships it)")
    p.add_argument("--master")
    p.add_argument("flags", nargs="*", help="further `stance classify` flags, after --")
    a = p.parse_args(argv)
    builder = SparkSession.builder.appName("stance classify (pipe)")
    if a.master:
        builder = builder.master(a.master)
    spark = builder.getOrCreate()
    command = shlex.join([a.stance, "classify", "--input-format", "jsonl", *a.flags, "-"])
    spark.sparkContext.textFile(a.input).pipe(command).saveAsTextFile(a.output)
    spark.stop()


if __name__ == "__main__":
    main()
