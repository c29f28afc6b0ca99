"""Read a JSONL of articles (one object per line with a "text" field) into
pandas and add stance columns: the article stance and its sentence counts
per label. The README's pandas example.

    python examples/pandas_articles.py articles.jsonl
"""

import sys

import pandas as pd

import stance

df = pd.read_json(sys.argv[1], lines=True, dtype={"id": str})
clf = stance.Classifier()  # or stance.Classifier.load("models/mine.json")
results = clf.classify_many(df["text"].tolist())
df["stance"] = [r["summary"]["stance"] for r in results]
for label in clf.labels:
    df[f"n_{label}"] = [r["summary"]["counts"][label] for r in results]
print(df.drop(columns="text").head().to_string(index=False))
