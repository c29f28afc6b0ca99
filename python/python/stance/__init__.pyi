"""Type stubs of the stance package (the Rust extension stance._stance)."""

import os
from typing import TYPE_CHECKING, Any, Dict, List, Literal, Optional, Sequence, Tuple, Union

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    import pyarrow

__version__: str

_Path = Union[str, "os.PathLike[str]"]
_Setting = Union[bool, int, float, str, Sequence[Union[int, float, str]], None]

class StanceError(ValueError):
    """Bad input, settings or files: the message is the one line the
    ``stance`` command prints after ``stance: error: ``."""

class Classifier:
    """A trained stance model.

    ``Classifier()`` is the model embedded in the package;
    ``Classifier.load(path)`` reads a model file written by ``stance train``
    or :func:`train`. Instances pickle (as the model file's bytes).
    """

    def __init__(self) -> None:
        """The model embedded in the package (the one ``stance classify``
        uses without ``--model``)."""

    @staticmethod
    def load(path: _Path) -> "Classifier":
        """Read a model file; raises StanceError with the command line's
        message when it is missing or not a model."""

    @property
    def labels(self) -> List[str]:
        """The model's labels, in the column order of
        :meth:`predict_sentences`'s probabilities."""

    @property
    def training(self) -> Dict[str, Any]:
        """What the model file records about its training (data file and
        hash, rows per label, alpha, tuning, settings...)."""

    def save(self, path: _Path) -> None:
        """Write the model file atomically (the bytes ``stance train`` writes)."""

    def classify(
        self,
        text: str,
        *,
        source: Optional[str] = None,
        min_confidence: Optional[float] = None,
        input_format: str = "text",
    ) -> Dict[str, Any]:
        """Classify one article.

        Returns ``{"sentences": [...], "summary": {...}}``, equal to one
        article of ``stance classify --format json`` (with ``"source"``
        first when ``source`` is given). Each sentence has ``index``,
        ``start``, ``end`` (byte offsets into the UTF-8 text), ``text``,
        ``label``, ``confidence`` and ``probabilities`` (label -> p); the
        summary has ``counts``, ``shares``, ``weights``,
        ``weighted_shares``, ``stance`` and ``below_min_confidence``.
        ``input_format`` is ``"text"``, ``"html"`` (a web page: the text of
        its article) or ``"markdown"``; ``min_confidence`` is
        ``--min-confidence``.
        """

    def classify_many(
        self,
        texts: Sequence[str],
        *,
        min_confidence: Optional[float] = None,
        input_format: str = "text",
        threads: Optional[int] = None,
    ) -> List[Dict[str, Any]]:
        """Classify many articles in parallel with the GIL released: every
        core (or RAYON_NUM_THREADS), or ``threads`` worker threads. The list
        is in input order, each item what :meth:`classify` returns."""

    def classify_arrow(
        self,
        texts: Sequence[str],
        *,
        per: Literal["article", "sentence"] = "article",
        min_confidence: Optional[float] = None,
        input_format: str = "text",
        threads: Optional[int] = None,
    ) -> "pyarrow.RecordBatch":
        """Classify as :meth:`classify_many` does, into one
        ``pyarrow.RecordBatch`` built from flat columns (no Python object
        per sentence; needs pyarrow).

        ``per="article"``: a row per text with ``stance``, ``n_<label>``
        per label, ``summary`` (struct; label -> value fields as maps) and
        ``sentences`` (list of structs; ``probabilities`` a map).
        ``per="sentence"``: a row per sentence with ``article`` (the
        text's position in ``texts``), ``index``, ``start``, ``end``,
        ``text``, ``label``, ``confidence`` and ``p_<label>`` per label;
        a text with no sentence (or none above ``min_confidence``) has no
        row there. Texts are a sequence of str (``to_pylist()`` an Arrow
        array first).
        """

    def predict_sentences(
        self, sentences: Sequence[str], *, threads: Optional[int] = None
    ) -> Tuple[npt.NDArray[np.object_], npt.NDArray[np.float64]]:
        """Label sentences as they are (no splitting).

        Returns ``(labels, probabilities)``: ``labels`` has shape ``(n,)``
        (dtype object, each a str), ``probabilities`` shape
        ``(n, len(self.labels))`` (float64, columns in ``self.labels``
        order, each row summing to 1).
        """

def train(
    data: _Path,
    out: Optional[_Path] = None,
    *,
    text_col: str = "text",
    label_col: str = "label",
    weight_col: Optional[str] = None,
    **settings: _Setting,
) -> Classifier:
    """Train a model on a labelled CSV, as ``stance train --data DATA``
    does, and return it; with ``out`` the model file is also written
    (atomically; the bytes the command line writes with the same options).

    Every flag of ``stance train --help`` is a keyword argument:
    ``alpha=0.3`` is ``--alpha 0.3``, ``tune=True`` is ``--tune``,
    ``stem=False`` is ``--no-stem``, ``ngrams="1..2"``,
    ``alphas=[0.3, 1, 3]``. Bad values raise StanceError with the command
    line's message.
    """

def evaluate(
    classifier: Classifier,
    data: _Path,
    *,
    text_col: str = "text",
    label_col: str = "label",
    by: Optional[str] = None,
    favg_labels: Optional[Sequence[str]] = None,
    errors: Optional[int] = None,
) -> Dict[str, Any]:
    """Score a classifier on a labelled CSV: the dict ``stance evaluate
    --model M --data DATA --format json`` prints (``by``, ``favg_labels``
    and ``errors`` are ``--by``, ``--favg-labels`` and ``--errors``)."""
