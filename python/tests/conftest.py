"""Shared fixtures: the repository, the `stance` binary the Python results
are compared with, and a small labelled CSV cut from the bundled training data."""

import csv
import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def stance_binary() -> Path:
    """The command-line binary: $STANCE_BIN, else target/release/stance."""
    path = Path(os.environ.get("STANCE_BIN", REPO / "target" / "release" / "stance"))
    if not path.is_file():
        pytest.fail(f"{path} is missing: build it with `cargo build --release` (or set STANCE_BIN)")
    return path


def run_cli(*args, check=True):
    """Run `stance ARGS` from the repository root; the CompletedProcess."""
    done = subprocess.run(
        [str(stance_binary()), *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    if check and done.returncode != 0:
        raise AssertionError(f"stance {' '.join(map(str, args))} failed: {done.stderr}")
    return done


def cli_json(*args):
    return json.loads(run_cli(*args).stdout)


def cli_error(*args):
    """The one-line message of a failing command (without `stance: error: `
    or clap's `error: `), checking it exits with 2."""
    done = run_cli(*args, check=False)
    assert done.returncode == 2, done
    first = done.stderr.splitlines()[0]
    for prefix in ("stance: error: ", "error: "):
        if first.startswith(prefix):
            return first[len(prefix) :]
    return first


@pytest.fixture(scope="session")
def repo():
    return REPO


@pytest.fixture(scope="session")
def small_csv(tmp_path_factory):
    """40 rows per label of data/train.csv (a fast, real training set)."""
    per_label = {}
    with open(REPO / "data" / "train.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows = per_label.setdefault(row["label"], [])
            if len(rows) < 40:
                rows.append(row)
    path = tmp_path_factory.mktemp("data") / "small.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["text", "label", "kind"])
        for rows in per_label.values():
            for row in rows:
                w.writerow([row["text"], row["label"], row["kind"]])
    return path
