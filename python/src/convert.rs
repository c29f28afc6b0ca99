//! Classified articles -> Python dicts of the command line's JSON shape.
//!
//! Written out by hand rather than through serde: building the dicts is
//! the one part of `classify_many` that holds the GIL, so it runs on one
//! core while the classification runs on all, and a generic serializer
//! (new key strings for every field of every sentence) cost more than half
//! the classification itself. Keys are interned and label names made once.
//! The tests compare every dict, key order included, with `stance classify
//! --format json`.

use std::collections::BTreeMap;

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFloat, PyString};

use stance::{Article, ArticleSummary, LabeledSentence};

/// Builds article dicts for one model's labels.
pub(crate) struct ArticleDicts<'py> {
    py: Python<'py>,
    labels: Vec<(String, Bound<'py, PyString>)>,
}

impl<'py> ArticleDicts<'py> {
    pub(crate) fn new(py: Python<'py>, labels: &[String]) -> Self {
        ArticleDicts {
            py,
            labels: labels
                .iter()
                .map(|l| (l.clone(), PyString::new(py, l)))
                .collect(),
        }
    }

    /// A label's string: the one made up front, else a new one.
    fn label(&self, name: &str) -> Bound<'py, PyString> {
        match self.labels.iter().find(|(l, _)| l == name) {
            Some((_, s)) => s.clone(),
            None => PyString::new(self.py, name),
        }
    }

    /// `{"source"?, "sentences", "summary"}`, as one article of `--format json`.
    pub(crate) fn article(
        &self,
        article: &Article,
        source: Option<&str>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let py = self.py;
        let dict = PyDict::new(py);
        if let Some(source) = source {
            dict.set_item(intern!(py, "source"), source)?;
        }
        let sentences = article
            .sentences
            .iter()
            .map(|s| self.sentence(s))
            .collect::<PyResult<Vec<_>>>()?;
        dict.set_item(intern!(py, "sentences"), sentences)?;
        dict.set_item(intern!(py, "summary"), self.summary(&article.summary)?)?;
        Ok(dict)
    }

    fn sentence(&self, s: &LabeledSentence) -> PyResult<Bound<'py, PyDict>> {
        let py = self.py;
        let d = PyDict::new(py);
        d.set_item(intern!(py, "index"), s.index)?;
        d.set_item(intern!(py, "start"), s.start)?;
        d.set_item(intern!(py, "end"), s.end)?;
        d.set_item(intern!(py, "text"), &s.text)?;
        d.set_item(intern!(py, "label"), self.label(&s.label))?;
        d.set_item(intern!(py, "confidence"), PyFloat::new(py, s.confidence))?;
        d.set_item(intern!(py, "probabilities"), self.floats(&s.probabilities)?)?;
        Ok(d)
    }

    fn summary(&self, s: &ArticleSummary) -> PyResult<Bound<'py, PyDict>> {
        let py = self.py;
        let d = PyDict::new(py);
        let counts = PyDict::new(py);
        for (label, n) in &s.counts {
            counts.set_item(self.label(label), n)?;
        }
        d.set_item(intern!(py, "counts"), counts)?;
        d.set_item(intern!(py, "shares"), self.floats(&s.shares)?)?;
        d.set_item(intern!(py, "weights"), self.floats(&s.weights)?)?;
        d.set_item(
            intern!(py, "weighted_shares"),
            self.floats(&s.weighted_shares)?,
        )?;
        d.set_item(intern!(py, "stance"), self.label(&s.stance))?;
        d.set_item(intern!(py, "below_min_confidence"), s.below_min_confidence)?;
        Ok(d)
    }

    fn floats(&self, map: &BTreeMap<String, f64>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(self.py);
        for (label, &p) in map {
            d.set_item(self.label(label), PyFloat::new(self.py, p))?;
        }
        Ok(d)
    }
}
