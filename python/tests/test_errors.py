"""Errors raise stance.StanceError with the command line's one-line message."""

import pytest

import stance
from conftest import cli_error


def message(excinfo):
    return str(excinfo.value)


def test_missing_model_file():
    expected = cli_error("classify", "--model", "no/such/model.json", "-")
    with pytest.raises(stance.StanceError) as e:
        stance.Classifier.load("no/such/model.json")
    assert message(e) == expected
    assert "no/such/model.json" in expected


def test_a_file_that_is_not_a_model(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"not": "a model"}')
    expected = cli_error("classify", "--model", bad, "-")
    with pytest.raises(stance.StanceError) as e:
        stance.Classifier.load(bad)
    assert message(e) == expected


def test_missing_training_file(tmp_path):
    missing = tmp_path / "missing.csv"
    expected = cli_error("train", "--data", missing, "--out", tmp_path / "m.json")
    with pytest.raises(stance.StanceError) as e:
        stance.train(missing, out=tmp_path / "m.json")
    assert message(e) == expected


def test_csv_without_a_label_column(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("text,stance\nOpen weights help.,pro-open\n")
    expected = cli_error("train", "--data", bad)
    with pytest.raises(stance.StanceError) as e:
        stance.train(bad)
    assert message(e) == expected
    assert "bad.csv" in expected


def test_ragged_csv_names_its_line(tmp_path):
    bad = tmp_path / "ragged.csv"
    bad.write_text("text,label\nOne sentence.,neutral\nTwo,neutral,extra\n")
    expected = cli_error("evaluate", "--data", bad, "--format", "json")
    with pytest.raises(stance.StanceError) as e:
        stance.evaluate(stance.Classifier(), bad)
    assert message(e) == expected


def test_unknown_gold_labels(tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("text,label\nA fine day.,positive\nA bad day.,negative\n")
    expected = cli_error("evaluate", "--data", other, "--format", "json")
    with pytest.raises(stance.StanceError) as e:
        stance.evaluate(stance.Classifier(), other)
    assert message(e) == expected


@pytest.mark.parametrize(
    "kwargs, flags",
    [
        ({"alpha": -1}, ["--alpha=-1"]),
        ({"alpha": "lots"}, ["--alpha=lots"]),
        ({"ngrams": "3..1"}, ["--ngrams=3..1"]),
        ({"no_such_setting": 1}, ["--no-such-setting=1"]),
    ],
)
def test_bad_settings(small_csv, tmp_path, kwargs, flags):
    expected = cli_error("train", "--data", small_csv, "--out", tmp_path / "m.json", *flags)
    with pytest.raises(stance.StanceError) as e:
        stance.train(small_csv, out=tmp_path / "m.json", **kwargs)
    assert message(e) == expected


def test_output_in_a_missing_directory(small_csv, tmp_path):
    out = tmp_path / "nowhere" / "m.json"
    expected = cli_error("train", "--data", small_csv, "--out", out)
    with pytest.raises(stance.StanceError) as e:
        stance.train(small_csv, out=out)
    assert message(e) == expected
