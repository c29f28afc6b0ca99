"""classify_arrow against classify_many: the same values, as Arrow columns."""

import pytest

import stance
from conftest import REPO

pa = pytest.importorskip("pyarrow")

ARTICLES = sorted((REPO / "data" / "articles").glob("*.txt"))


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def as_dicts(value):
    """Arrow maps come back from to_pylist as lists of pairs."""
    if isinstance(value, dict):
        return {k: as_dicts(v) for k, v in value.items()}
    if isinstance(value, list):
        if value and isinstance(value[0], tuple):
            return {k: as_dicts(v) for k, v in value}
        return [as_dicts(v) for v in value]
    return value


@pytest.fixture(scope="module")
def clf():
    return stance.Classifier()


@pytest.fixture(scope="module")
def texts():
    # An empty text and one that is only white space have no sentences.
    return [read(p) for p in ARTICLES] + ["", "  \n"]


def test_per_article_equals_classify_many(clf, texts):
    batch = clf.classify_arrow(texts)
    assert isinstance(batch, pa.RecordBatch)
    expected = clf.classify_many(texts)
    assert batch.schema.names == ["stance"] + [f"n_{l}" for l in clf.labels] + ["summary", "sentences"]
    rows = batch.to_pylist()
    assert len(rows) == len(texts)
    for row, article in zip(rows, expected):
        assert as_dicts(row["sentences"]) == article["sentences"]
        assert as_dicts(row["summary"]) == article["summary"]
        assert row["stance"] == article["summary"]["stance"]
        for label in clf.labels:
            assert row[f"n_{label}"] == article["summary"]["counts"][label]
    # Map keys keep the dicts' order.
    assert [k for k, _ in rows[0]["summary"]["counts"]] == list(expected[0]["summary"]["counts"])


def test_per_sentence_equals_classify_many(clf, texts):
    batch = clf.classify_arrow(texts, per="sentence", min_confidence=0.6)
    expected = clf.classify_many(texts, min_confidence=0.6)
    flat = [
        {
            "article": i,
            **{k: v for k, v in s.items() if k != "probabilities"},
            **{f"p_{l}": s["probabilities"][l] for l in clf.labels},
        }
        for i, article in enumerate(expected)
        for s in article["sentences"]
    ]
    assert flat, "the bundled articles have sentences above 0.6"
    assert batch.to_pylist() == flat
    assert batch.schema.field("text").type == pa.string()
    assert batch.schema.field("index").type == pa.int64()


def test_threads_and_formats_give_the_same_batch(clf):
    page = read(REPO / "data" / "articles" / "news_page.html")
    one = clf.classify_arrow([page] * 5, input_format="html", threads=1)
    two = clf.classify_arrow([page] * 5, input_format="html", threads=2)
    assert one.equals(two)
    assert as_dicts(one.to_pylist()[0]["sentences"]) == clf.classify(page, input_format="html")["sentences"]


def test_no_texts_give_an_empty_batch_with_the_columns(clf):
    for per in ("article", "sentence"):
        empty = clf.classify_arrow([], per=per)
        assert empty.num_rows == 0
        assert empty.schema.equals(clf.classify_arrow(["One sentence here."], per=per).schema)


def test_bad_arguments_raise_stance_error(clf):
    with pytest.raises(stance.StanceError, match="per"):
        clf.classify_arrow(["Some text."], per="paragraph")
    with pytest.raises(stance.StanceError, match="threads"):
        clf.classify_arrow(["Some text."], threads=0)
    with pytest.raises(stance.StanceError, match="min_confidence"):
        clf.classify_arrow(["Some text."], min_confidence=-0.1)
