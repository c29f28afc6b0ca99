#!/usr/bin/env python3
"""CI check of the Spark recipe: classify a generated dataset of articles
with spark/classify_articles.py in local mode and compare the Parquet it
writes, record for record, with the single-process command line.

    python spark/ci_check.py [--records 20000] [--master local[2]]

Needs pyspark, pyarrow, pandas and the stance package in the running
Python, Java, and target/release/stance (or STANCE_BIN).

1. benches/gen_records.py writes N articles (id, url, date, outlet, text)
   as JSON lines; the same records are also written as Parquet.
2. The recipe classifies the JSONL per article and the Parquet per sentence.
3. The reference is the command line's records mode in one process,
   `stance classify --input-format jsonl` (per article, and per sentence
   with --keep id,outlet): every Parquet row must equal its record.
4. spark/pipe_articles.py pipes the JSONL through the same command line
   (RDD.pipe); its part files, concatenated, must be the single-process
   output byte for byte.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parents[1]
STANCE = os.environ.get("STANCE_BIN", str(REPO / "target" / "release" / "stance"))


def as_dict(pairs):
    """A Parquet map read by pyarrow (a list of pairs) as a dict."""
    return dict(pairs) if isinstance(pairs, list) else pairs


def read_rows(path):
    return pq.read_table(path).to_pylist()


def recipe(args, master):
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(REPO / "spark" / "classify_articles.py"), *args, "--master", master],
        check=True,
    )
    return time.perf_counter() - started


def records_mode(jsonl, *flags):
    """`stance classify --input-format jsonl JSONL FLAGS`: its output bytes."""
    return subprocess.run(
        [STANCE, "classify", "--input-format", "jsonl", str(jsonl), *flags], check=True, capture_output=True
    ).stdout


def check(condition, message):
    if not condition:
        sys.exit(f"spark/ci_check.py: FAILED: {message}")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--records", type=int, default=20000)
    p.add_argument("--master", default="local[2]")
    a = p.parse_args()
    import pandas as pd

    import stance

    labels = stance.Classifier().labels
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        jsonl = tmp / "articles.jsonl"
        with open(jsonl, "w", encoding="utf-8") as f:
            subprocess.run(
                [sys.executable, str(REPO / "benches" / "gen_records.py"), "--records", str(a.records)],
                check=True,
                stdout=f,
            )
        records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
        parquet_in = tmp / "articles.parquet"
        # Row groups of 2,000 records, so that Spark splits the file into tasks.
        pd.DataFrame(records).to_parquet(parquet_in, index=False, row_group_size=2000)

        started = time.perf_counter()
        cli_articles = records_mode(jsonl)
        cli_seconds = time.perf_counter() - started
        expected = {}
        for line in cli_articles.decode("utf-8").splitlines():
            record = json.loads(line)
            expected[record["id"]] = record
        check(len(expected) == len(records), "the command line did not classify every article")
        cli_sentences = [json.loads(l) for l in records_mode(jsonl, "--per", "sentence", "--keep", "id,outlet").splitlines()]

        per_article = tmp / "per_article.parquet"
        article_seconds = recipe([str(jsonl), str(per_article)], a.master)
        rows = read_rows(per_article)
        check(len(rows) == len(records), f"{len(rows)} article rows for {len(records)} articles")
        check(len({r["id"] for r in rows}) == len(rows), "article ids repeat")
        by_id = {r["id"]: r for r in records}
        for row in rows:
            want = expected[row["id"]]
            source = by_id[row["id"]]
            for field in ("url", "date", "outlet"):
                check(row[field] == source[field], f"{row['id']}: {field} {row[field]!r} != {source[field]!r}")
            summary = {k: as_dict(v) for k, v in row["summary"].items()}
            check(summary == want["summary"], f"{row['id']}: summary differs")
            sentences = [dict(s, probabilities=as_dict(s["probabilities"])) for s in row["sentences"]]
            check(sentences == want["sentences"], f"{row['id']}: sentences differ")
            check(row["stance"] == want["summary"]["stance"], f"{row['id']}: stance differs")
            for l in labels:
                check(row[f"n_{l}"] == want["summary"]["counts"][l], f"{row['id']}: n_{l} differs")
            check("text" not in row, "the text field was kept")

        per_sentence = tmp / "per_sentence.parquet"
        sentence_seconds = recipe(
            [str(parquet_in), str(per_sentence), "--per", "sentence", "--keep", "id,outlet"], a.master
        )
        rows = read_rows(per_sentence)
        want_rows = {(s["id"], s["index"]): s for s in cli_sentences}
        check(len(rows) == len(want_rows), f"{len(rows)} sentence rows for {len(want_rows)} sentences")
        for row in rows:
            check(list(row) == ["id", "outlet", "index", "start", "end", "text", "label", "confidence",
                                *(f"p_{l}" for l in labels)], f"sentence columns: {list(row)}")
            got = {k: row[k] for k in ("id", "outlet", "index", "start", "end", "text", "label", "confidence")}
            got["probabilities"] = {l: row[f"p_{l}"] for l in labels}
            check(got == want_rows[(row["id"], row["index"])], f"{row['id']} sentence {row['index']} differs")

        piped = tmp / "piped"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, str(REPO / "spark" / "pipe_articles.py"), str(jsonl), str(piped),
             "--stance", STANCE, "--master", a.master],
            check=True,
        )
        pipe_seconds = time.perf_counter() - started
        parts = sorted(piped.glob("part-*"))
        check(len(parts) >= 2, f"the pipe ran as {len(parts)} partition(s); the check needs several")
        joined = b"".join(p.read_bytes() for p in parts)
        check(joined == cli_articles, "RDD.pipe output differs from the single-process output")

        n_sentences = len(want_rows)
        print(
            f"spark/ci_check.py: {len(records)} articles, {n_sentences} sentences equal the command line's "
            f"(per article from JSONL {article_seconds:.1f} s, per sentence from Parquet {sentence_seconds:.1f} s, "
            f"RDD.pipe {pipe_seconds:.1f} s, master {a.master}; command line {cli_seconds:.1f} s)"
        )


if __name__ == "__main__":
    main()
