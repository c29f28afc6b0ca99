#!/usr/bin/env python3
"""Classify a JSONL or Parquet dataset of articles with PySpark and the
`stance` Python package (mapInArrow), writing Parquet with one row per
article or one row per sentence.

    spark-submit spark/classify_articles.py INPUT OUTPUT [--per article|sentence]
        [--model MODEL.json] [--text-field text] [--keep id,url] [--schema DDL]
        [--threads N] [--master local[2]]

INPUT is read as Parquet when it ends in .parquet (a file or a directory),
else as JSON lines. Every column but the text field is kept unless --keep
names the ones to keep. Per article, a row is the kept columns, then
`stance` (the article stance), `n_<label>` (sentences per label), `summary`
(the summary of `stance classify --format json`: counts, shares, weights,
weighted_shares as maps, stance, below_min_confidence) and `sentences` (an
array of structs: index, start, end, text, label, confidence, and
probabilities as a map label -> p). Per sentence, a row is the kept
columns, then index, start, end, text, label, confidence and one column
`p_<label>` per label, as the CSV output of `stance classify` names them.
Articles keep their input order within each partition; sentences follow
their article.

JSON lines are read twice unless --schema gives their fields (Spark's
DDL, e.g. "id STRING, date DATE, text STRING"): once to infer the schema,
once to classify (a Parquet input is read with --schema when given). A
null or missing text is classified as an empty one: per article, stance
neutral and no sentences; per sentence, no rows. Bad input (a missing
INPUT, a bad --schema, no text field, a text field that is not a string,
--keep naming a missing field or an output column) stops the job before
it starts, with one line on stderr and exit code 2.

Each task classifies its Arrow batches of articles (10,000 rows, Spark's
spark.sql.execution.arrow.maxRecordsPerBatch) with
`Classifier.classify_arrow` on spark.task.cpus threads (1 unless set), as
Spark runs one task per core, or on --threads N. The result goes back to
Spark as Arrow columns, with no Python object per sentence: mapInPandas
would turn every nested value of the output (the sentences, the maps)
into Python objects and back, which costs more than the classification
(docs/BENCHMARKS.md, "Records at scale"). The model (--model, default the one embedded
in the package) is shipped to the executors with SparkContext.addFile. On
a cluster the `stance` wheel must be installed on the executors, or shipped
with the job (see the README's Spark section).
"""

import argparse
import os
import sys
import types

from pyspark.errors import PySparkException
from pyspark.sql import SparkSession
from pyspark.sql import types as T


def sentence_struct():
    return T.StructType(
        [
            T.StructField("index", T.LongType()),
            T.StructField("start", T.LongType()),
            T.StructField("end", T.LongType()),
            T.StructField("text", T.StringType()),
            T.StructField("label", T.StringType()),
            T.StructField("confidence", T.DoubleType()),
            T.StructField("probabilities", T.MapType(T.StringType(), T.DoubleType())),
        ]
    )


def summary_struct():
    doubles = T.MapType(T.StringType(), T.DoubleType())
    return T.StructType(
        [
            T.StructField("counts", T.MapType(T.StringType(), T.LongType())),
            T.StructField("shares", doubles),
            T.StructField("weights", doubles),
            T.StructField("weighted_shares", doubles),
            T.StructField("stance", T.StringType()),
            T.StructField("below_min_confidence", T.LongType()),
        ]
    )


def output_schema(kept_fields, labels, per):
    fields = list(kept_fields)
    if per == "article":
        fields.append(T.StructField("stance", T.StringType()))
        fields += [T.StructField(f"n_{l}", T.LongType()) for l in labels]
        fields.append(T.StructField("summary", summary_struct()))
        fields.append(T.StructField("sentences", T.ArrayType(sentence_struct())))
    else:
        fields += [f for f in sentence_struct().fields if f.name != "probabilities"]
        fields += [T.StructField(f"p_{l}", T.DoubleType()) for l in labels]
    return T.StructType(fields)


def classify_batches(model_file, text_field, kept, per, threads):
    """The function mapInArrow runs on each partition: Arrow record batches
    of articles in, record batches of classified rows out. The classifier
    is loaded once per Python worker."""

    def run(batches):
        import pyarrow as pa
        from pyspark import SparkFiles

        import stance

        # Python workers are reused from task to task: the model is loaded
        # once per worker, kept in a module of its own (this function's
        # globals are new in every task).
        cache = sys.modules.setdefault("_stance_spark_models", types.ModuleType("_stance_spark_models"))
        clf = cache.__dict__.get(model_file)
        if clf is None:
            clf = stance.Classifier.load(SparkFiles.get(model_file)) if model_file else stance.Classifier()
            cache.__dict__[model_file] = clf
        for batch in batches:
            texts = [t or "" for t in batch.column(text_field).to_pylist()]
            out = clf.classify_arrow(texts, per=per, threads=threads)
            if per == "article":
                columns = [batch.column(c) for c in kept] + out.columns
                names = kept + out.schema.names
            else:
                # `article` is each sentence's row in the batch: the kept
                # values repeat once per sentence of their article.
                rows = out.column("article")
                columns = [batch.column(c).take(rows) for c in kept] + out.columns[1:]
                names = kept + out.schema.names[1:]
            yield pa.RecordBatch.from_arrays(columns, names=names)

    return run


def fail(message):
    """Bad input: one line on stderr and exit 2, as `stance` does."""
    print(f"classify_articles: {message}", file=sys.stderr)
    sys.exit(2)


def first_line(error):
    """Spark's message without its stack trace."""
    return str(error).strip().splitlines()[0]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="JSONL file(s), or Parquet (a path ending in .parquet)")
    p.add_argument("output", help="Parquet directory to write (replaced if it exists)")
    p.add_argument("--per", choices=["article", "sentence"], default="article")
    p.add_argument("--model", help="model file (default: the model embedded in the package)")
    p.add_argument("--text-field", default="text")
    p.add_argument("--keep", help="comma-separated columns to keep (default: all but the text field)")
    p.add_argument("--schema", help="the input's fields as Spark DDL (JSON lines: no inference pass)")
    p.add_argument("--threads", type=int, help="classifying threads per task (default: spark.task.cpus)")
    p.add_argument("--master", help="Spark master, e.g. local[2] (default: spark-submit's)")
    a = p.parse_args(argv)
    if a.threads is not None and a.threads < 1:
        p.error(f"invalid value '{a.threads}' for --threads: must be at least 1")

    import stance

    builder = SparkSession.builder.appName("stance classify")
    if a.master:
        builder = builder.master(a.master)
        if a.master.startswith("local"):
            # Local workers run this very Python (its venv has stance).
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    try:
        reader = spark.read.schema(a.schema) if a.schema else spark.read
    except PySparkException as e:
        fail(f"--schema: {first_line(e)}")
    try:
        if a.input.rstrip("/").endswith(".parquet"):
            df = reader.parquet(a.input)
        else:
            df = reader.json(a.input)
    except PySparkException as e:
        fail(f"{a.input}: {first_line(e)}")
    if a.text_field not in df.columns:
        fail(f"{a.input} has no field '{a.text_field}' (fields: {', '.join(df.columns)})")
    if not isinstance(df.schema[a.text_field].dataType, T.StringType):
        given = " as --schema gives it" if a.schema else ""
        fail(f"{a.input}: field '{a.text_field}' is {df.schema[a.text_field].dataType.simpleString()}{given}, not a string")
    kept = [c for c in df.columns if c != a.text_field] if a.keep is None else a.keep.split(",")
    if any(not c for c in kept) or len(set(kept)) != len(kept):
        fail(f"--keep {a.keep}: each column once, none empty")
    missing = [c for c in kept if c not in df.columns]
    if missing:
        fail(f"--keep names fields {a.input} lacks: {', '.join(missing)}")
    # The driver reads the model too: its labels make the output columns.
    model = stance.Classifier.load(a.model) if a.model else stance.Classifier()
    model_file = None
    if a.model:
        sc.addFile(os.path.abspath(a.model))
        model_file = os.path.basename(a.model)
    schema = output_schema([df.schema[c] for c in kept], model.labels, a.per)
    clashes = [c for c in kept if c in schema.names[len(kept) :]]
    if clashes:
        fail(f"kept column(s) {', '.join(clashes)} would clash with the output's own (--keep other columns)")
    threads = a.threads or int(sc.getConf().get("spark.task.cpus", "1"))
    run = classify_batches(model_file, a.text_field, kept, a.per, threads)
    columns = kept + ([a.text_field] if a.text_field not in kept else [])
    df.select(*columns).mapInArrow(run, schema).write.mode("overwrite").parquet(a.output)
    spark.stop()


if __name__ == "__main__":
    main()
