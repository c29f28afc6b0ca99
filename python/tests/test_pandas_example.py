"""The README's pandas example runs on a generated JSONL and adds the columns it says."""

import json
import subprocess
import sys

from conftest import REPO

import stance


def test_pandas_example(tmp_path):
    records = subprocess.run(
        [sys.executable, REPO / "benches" / "gen_records.py", "--records", "30"],
        check=True, capture_output=True, text=True,
    ).stdout
    path = tmp_path / "articles.jsonl"
    path.write_text(records, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, REPO / "python" / "examples" / "pandas_articles.py", path],
        check=True, capture_output=True, text=True,
    )
    header, *rows = done.stdout.splitlines()
    assert header.split() == ["id", "url", "date", "outlet", "stance", "n_neutral", "n_pro-closed", "n_pro-open"]
    assert len(rows) == 5
    first = json.loads(records.splitlines()[0])
    expected = stance.Classifier().classify(first["text"])["summary"]
    assert rows[0].split()[4:] == [
        expected["stance"], *(str(expected["counts"][l]) for l in ["neutral", "pro-closed", "pro-open"])
    ]
