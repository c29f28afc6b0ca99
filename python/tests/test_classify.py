"""classify, classify_many and predict_sentences against the command line."""

import pickle

import numpy as np
import pytest

import stance
from conftest import REPO, cli_json, run_cli

ARTICLES = sorted((REPO / "data" / "articles").glob("*.*"))
FORMATS = {".txt": "text", ".md": "markdown", ".html": "html"}
ARTICLE_FILES = [p for p in ARTICLES if p.suffix in FORMATS]


def read(path):
    # newline="" keeps the bytes the command line reads, so offsets agree.
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def assert_same_keys_in_order(got, expected):
    """Dict equality ignores key order; the JSON shape keeps it."""
    if isinstance(expected, dict):
        assert list(got) == list(expected)
        for k in expected:
            assert_same_keys_in_order(got[k], expected[k])
    elif isinstance(expected, list):
        for g, e in zip(got, expected):
            assert_same_keys_in_order(g, e)


@pytest.fixture(scope="module")
def clf():
    return stance.Classifier()


def test_the_bundled_articles_are_there():
    assert {p.suffix for p in ARTICLE_FILES} == set(FORMATS)


@pytest.mark.parametrize("path", ARTICLE_FILES, ids=lambda p: p.name)
def test_classify_equals_the_cli_json(clf, path):
    rel = path.relative_to(REPO)
    (expected,) = cli_json("classify", rel, "--format", "json")["articles"]
    got = clf.classify(read(path), source=str(rel), input_format=FORMATS[path.suffix])
    assert got == expected
    assert_same_keys_in_order(got, expected)
    assert list(got) == ["source", "sentences", "summary"]
    without = clf.classify(read(path), input_format=FORMATS[path.suffix])
    del expected["source"]
    assert without == expected


def test_min_confidence_is_the_cli_flag(clf):
    path = REPO / "data" / "articles" / "news_report.txt"
    (expected,) = cli_json(
        "classify", path.relative_to(REPO), "--format", "json", "--min-confidence", "0.8"
    )["articles"]
    del expected["source"]
    got = clf.classify(read(path), min_confidence=0.8)
    assert got == expected
    assert got["summary"]["below_min_confidence"] > 0


def test_classify_many_equals_classify_in_order(clf):
    # Over 256 texts: more than one batch.
    texts = [read(p) for p in ARTICLE_FILES if p.suffix == ".txt"] * 30
    assert len(texts) > 256
    one_by_one = [clf.classify(t) for t in texts]
    assert clf.classify_many(texts) == one_by_one
    assert clf.classify_many(texts, threads=1) == one_by_one
    assert clf.classify_many([]) == []


def test_classify_many_leaves_the_garbage_collector_as_it_was(clf):
    import gc

    assert gc.isenabled()
    clf.classify_many(["One sentence. Another one."])
    assert gc.isenabled()
    gc.disable()
    try:
        clf.classify_many(["One sentence. Another one."])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_classify_many_reads_pages_and_markdown(clf):
    pages = [p for p in ARTICLE_FILES if p.suffix == ".html"]
    texts = [read(p) for p in pages]
    assert clf.classify_many(texts, input_format="html") == [
        clf.classify(t, input_format="html") for t in texts
    ]


def test_empty_text_has_no_sentences(clf):
    got = clf.classify("")
    assert got["sentences"] == []
    assert got["summary"]["stance"] == "neutral"
    assert set(got["summary"]["counts"]) == set(clf.labels)


def test_predict_sentences_matches_the_cli_jsonl(clf):
    path = REPO / "data" / "articles" / "oped_open.txt"
    lines = run_cli("classify", path.relative_to(REPO), "--format", "jsonl").stdout.splitlines()
    import json

    rows = [json.loads(l) for l in lines]
    labels, probabilities = clf.predict_sentences([r["text"] for r in rows])
    assert labels.shape == (len(rows),)
    assert labels.dtype == object
    assert probabilities.shape == (len(rows), len(clf.labels))
    assert probabilities.dtype == np.float64
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    assert list(labels) == [r["label"] for r in rows]
    for row, p in zip(rows, probabilities):
        assert dict(zip(clf.labels, p.tolist())) == row["probabilities"]
    # Column order is clf.labels: each label is the argmax of its row.
    assert [clf.labels[i] for i in probabilities.argmax(axis=1)] == list(labels)


def test_predict_sentences_of_nothing(clf):
    labels, probabilities = clf.predict_sentences([])
    assert labels.shape == (0,)
    assert probabilities.shape == (0, len(clf.labels))


def test_classifier_pickles(clf):
    again = pickle.loads(pickle.dumps(clf))
    assert again.labels == clf.labels
    text = read(REPO / "data" / "articles" / "oped_closed.txt")
    assert again.classify(text) == clf.classify(text)


def test_bad_arguments_raise_stance_error(clf):
    with pytest.raises(stance.StanceError, match="input_format"):
        clf.classify("Some text.", input_format="pdf")
    with pytest.raises(stance.StanceError, match="min_confidence"):
        clf.classify("Some text.", min_confidence=1.5)
    with pytest.raises(stance.StanceError, match="threads"):
        clf.classify_many(["Some text."], threads=0)
    with pytest.raises(TypeError):
        clf.classify_many("not a list of texts")
    assert issubclass(stance.StanceError, ValueError)
