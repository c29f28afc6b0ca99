"""train and evaluate against `stance train` and `stance evaluate`."""

import pytest

import stance
from conftest import REPO, cli_json, run_cli


def test_train_writes_the_cli_bytes(small_csv, tmp_path):
    cli_out = tmp_path / "cli.json"
    run_cli("train", "--data", small_csv, "--out", cli_out, "--alpha", "0.5", "--ngrams", "1..2", "--no-stem")
    py_out = tmp_path / "py.json"
    clf = stance.train(small_csv, out=py_out, alpha=0.5, ngrams="1..2", stem=False)
    assert py_out.read_bytes() == cli_out.read_bytes()
    assert clf.training["alpha"] == 0.5
    assert clf.training["data_file"] == "small.csv"


def test_train_with_tune_writes_the_cli_bytes(small_csv, tmp_path):
    cli_out = tmp_path / "cli.json"
    run_cli("train", "--data", small_csv, "--out", cli_out, "--tune", "--alphas", "0.3,3", "--tune-folds", "3")
    py_out = tmp_path / "py.json"
    stance.train(small_csv, out=py_out, tune=True, alphas=[0.3, 3], tune_folds=3)
    assert py_out.read_bytes() == cli_out.read_bytes()


def test_trained_model_round_trips(small_csv, tmp_path):
    out = tmp_path / "m.json"
    trained = stance.train(small_csv, str(out), alpha=1.0)
    loaded = stance.Classifier.load(out)
    assert loaded.labels == trained.labels
    text = (REPO / "data" / "articles" / "balanced_news_report.txt").read_text(encoding="utf-8")
    assert loaded.classify(text) == trained.classify(text)
    # save() writes the same bytes again.
    again = tmp_path / "again.json"
    loaded.save(again)
    assert again.read_bytes() == out.read_bytes()


def test_train_without_out_writes_nothing(small_csv, tmp_path):
    before = set(tmp_path.iterdir())
    clf = stance.train(small_csv, alpha=1.0)
    assert set(clf.labels) == {"neutral", "pro-closed", "pro-open"}
    assert set(tmp_path.iterdir()) == before


def test_evaluate_equals_the_cli_json():
    expected = cli_json("evaluate", "--data", "data/test.csv", "--format", "json")
    got = stance.evaluate(stance.Classifier(), REPO / "data" / "test.csv")
    assert got == expected


def test_evaluate_options_equal_the_cli_flags(small_csv, tmp_path):
    model = tmp_path / "m.json"
    stance.train(small_csv, out=model, alpha=1.0)
    expected = cli_json(
        "evaluate", "--model", model, "--data", "data/test.csv", "--format", "json",
        "--by", "kind", "--errors", "5", "--favg-labels", "pro-open,pro-closed",
    )
    got = stance.evaluate(
        stance.Classifier.load(model), str(REPO / "data" / "test.csv"),
        by="kind", errors=5, favg_labels=["pro-open", "pro-closed"],
    )
    assert got == expected
    assert len(got["errors"]) == 5 and "favg" in got and got["by"]["column"] == "kind"
