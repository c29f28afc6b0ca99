#!/usr/bin/env python3
"""Generate article records for the records-mode tests and benchmarks.

Each record is one article: an id, a url, a date, an outlet and a text of
3 to 30 sentences drawn from the bundled labelled sentences (data/train.csv,
data/test.csv), in paragraphs. The same arguments always give the same
bytes (a seeded generator, no clock), so a benchmark or a CI check can
regenerate its input instead of storing it.

    python3 benches/gen_records.py --records 20000 > articles.jsonl
    python3 benches/gen_records.py --records 1000 --format csv > articles.csv
    python3 benches/gen_records.py --records 1000 --html > pages.jsonl

With --html the text goes in an `html` field as a small web page (header,
navigation, the article's paragraphs, footer) instead of a `text` field.
"""

import argparse
import csv
import html
import json
import os
import random
import sys

OUTLETS = ["wire", "daily", "policy-blog", "forum", "press-release", "newsletter"]


def sentences(root):
    out = []
    for name in ("train.csv", "test.csv"):
        with open(os.path.join(root, "data", name), newline="", encoding="utf-8") as f:
            out.extend(row["text"] for row in csv.DictReader(f))
    return out


def article(rng, pool):
    n = rng.randint(3, 30)
    picked = [pool[rng.randrange(len(pool))] for _ in range(n)]
    paragraphs, i = [], 0
    while i < n:
        k = rng.randint(1, 4)
        paragraphs.append(picked[i : i + k])
        i += k
    return paragraphs


def as_page(title, paragraphs):
    body = "".join(f"<p>{html.escape(' '.join(p))}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{html.escape(title)}</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/tech'>Tech</a></nav>"
        f"<article><h1>{html.escape(title)}</h1>{body}</article>"
        f"<footer>Subscribe to our newsletter</footer></body></html>"
    )


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--records", type=int, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    p.add_argument("--html", action="store_true", help="an html field instead of text")
    p.add_argument("--root", default=os.path.join(os.path.dirname(__file__), ".."))
    a = p.parse_args()
    rng = random.Random(a.seed)
    pool = sentences(a.root)
    field = "html" if a.html else "text"
    out = sys.stdout
    writer = None
    if a.format == "csv":
        writer = csv.DictWriter(out, ["id", "url", "date", "outlet", field], lineterminator="\n")
        writer.writeheader()
    for i in range(a.records):
        paragraphs = article(rng, pool)
        outlet = OUTLETS[rng.randrange(len(OUTLETS))]
        rec = {
            "id": f"a{i:07d}",
            "url": f"https://{outlet}.example/{i}",
            "date": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "outlet": outlet,
        }
        if a.html:
            rec[field] = as_page(paragraphs[0][0][:60], paragraphs)
        else:
            rec[field] = "\n\n".join(" ".join(p) for p in paragraphs)
        if writer:
            writer.writerow(rec)
        else:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
