"""Flat columns from the Rust extension -> one ``pyarrow.RecordBatch``
(``Classifier.classify_arrow``).

The extension hands over numpy arrays in Arrow's own layout (offsets,
codes into ``names``, values), so each column is wrapped, not converted:
nothing here loops over sentences in Python. The schema is the one the
dicts of ``classify_many`` would give, with label -> value dicts as Arrow
maps (keys in the dicts' order).
"""

import numpy as np

try:
    import pyarrow as pa
except ImportError as e:  # pragma: no cover - depends on the environment
    raise ImportError('Classifier.classify_arrow needs pyarrow: pip install "stance[arrow]" (or pyarrow)') from e

_INT = pa.int64()
_FLOAT = pa.float64()


def _strings(names, codes):
    """A string column from codes into ``names``."""
    return pa.array(names, pa.string()).take(pa.array(codes, pa.int32()))


def _map(c, names, name, value_type):
    return pa.MapArray.from_arrays(
        pa.array(c[f"{name}_offsets"], pa.int32()),
        _strings(names, c[f"{name}_keys"]),
        pa.array(c[f"{name}_values"], value_type),
    )


def _dense(c, name, rows, labels, missing):
    """Per label, the values of map column ``name`` as a numpy column
    (``missing`` where a row's map lacks the label: a count is 0, a
    probability unknown)."""
    offsets = c[f"{name}_offsets"]
    row_of = np.repeat(np.arange(rows), np.diff(offsets))
    out = np.full((rows, len(labels)), missing, dtype=np.asarray(missing).dtype)
    keys = c[f"{name}_keys"]
    known = keys < len(labels)
    out[row_of[known], keys[known]] = c[f"{name}_values"][known]
    return out


def _sentence_fields(c, names):
    text = pa.StringArray.from_buffers(
        len(c["text_offsets"]) - 1,
        pa.py_buffer(c["text_offsets"]),
        pa.py_buffer(c["text"]),
    )
    return [
        ("index", pa.array(c["index"], _INT)),
        ("start", pa.array(c["start"], _INT)),
        ("end", pa.array(c["end"], _INT)),
        ("text", text),
        ("label", _strings(names, c["label"])),
        ("confidence", pa.array(c["confidence"], _FLOAT)),
    ]


def record_batch(c, labels, per):
    names = c["names"]
    if per == "sentence":
        fields = [("article", pa.array(c["article"], _INT))] + _sentence_fields(c, names)
        p = _dense(c, "probabilities", len(c["index"]), labels, np.nan)
        fields += [(f"p_{label}", pa.array(p[:, i], _FLOAT)) for i, label in enumerate(labels)]
        return pa.RecordBatch.from_arrays([a for _, a in fields], names=[n for n, _ in fields])

    articles = len(c["stance"])
    fields = _sentence_fields(c, names) + [("probabilities", _map(c, names, "probabilities", _FLOAT))]
    sentence = pa.StructArray.from_arrays([a for _, a in fields], names=[n for n, _ in fields])
    sentences = pa.ListArray.from_arrays(pa.array(c["sentence_offsets"], pa.int32()), sentence)
    stance = _strings(names, c["stance"])
    summary = pa.StructArray.from_arrays(
        [
            _map(c, names, "counts", _INT),
            _map(c, names, "shares", _FLOAT),
            _map(c, names, "weights", _FLOAT),
            _map(c, names, "weighted_shares", _FLOAT),
            stance,
            pa.array(c["below_min_confidence"], _INT),
        ],
        names=["counts", "shares", "weights", "weighted_shares", "stance", "below_min_confidence"],
    )
    counts = _dense(c, "counts", articles, labels, np.int64(0))
    fields = [("stance", stance)]
    fields += [(f"n_{label}", pa.array(counts[:, i], _INT)) for i, label in enumerate(labels)]
    fields += [("summary", summary), ("sentences", sentences)]
    return pa.RecordBatch.from_arrays([a for _, a in fields], names=[n for n, _ in fields])
