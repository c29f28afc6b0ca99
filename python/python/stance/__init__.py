"""Label every sentence of an article pro-open, pro-closed or neutral (or
with the labels of any model trained with :func:`train`).

>>> import stance
>>> clf = stance.Classifier()
>>> clf.classify("Open weights let anyone audit the model.")["summary"]["stance"]
'neutral'

The dicts returned have the shape of ``stance classify --format json`` and
``stance evaluate --format json``; errors raise :class:`StanceError` with the
command line's one-line message. See python/README.md.
"""

from ._stance import Classifier, StanceError, __version__, evaluate, train

__all__ = ["Classifier", "StanceError", "evaluate", "train", "__version__"]
