//! Classified articles -> flat numpy columns, for `classify_arrow`.
//!
//! `classify_many` builds a dict per sentence, and a table built from those
//! dicts (pandas, Arrow, Spark) then takes them apart again in Python, one
//! value at a time: in a Spark job the two steps cost more CPU than the
//! classification itself. Here each field of every sentence goes straight
//! into one growing vector, handed to numpy without a copy, and
//! `stance/_arrow.py` wraps the vectors as Arrow arrays (offsets, codes and
//! values, the layout Arrow uses anyway). No Python object is made per
//! sentence.
//!
//! Every string column (labels, stances, map keys) is a code into `names`,
//! which starts with the model's labels in their order.

use std::collections::BTreeMap;

use numpy::IntoPyArray;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use stance::Article;

/// A map column (label -> value per row) as Arrow lays one out: row `i`'s
/// entries are `keys[offsets[i]..offsets[i + 1]]` and the same `values`.
struct MapColumn<V> {
    offsets: Vec<i32>,
    keys: Vec<i32>,
    values: Vec<V>,
}

impl<V: Copy> MapColumn<V> {
    fn new() -> Self {
        MapColumn {
            offsets: vec![0],
            keys: Vec::new(),
            values: Vec::new(),
        }
    }

    /// One row's entries, in the map's key order.
    fn push<'a>(
        &mut self,
        names: &mut Names,
        entries: impl IntoIterator<Item = (&'a String, V)>,
    ) -> Result<(), String> {
        for (key, value) in entries {
            self.keys.push(names.code(key));
            self.values.push(value);
        }
        self.offsets.push(offset(self.keys.len())?);
        Ok(())
    }
}

impl<V: numpy::Element> MapColumn<V> {
    fn into_dict<'py>(self, py: Python<'py>, name: &str, out: &Bound<'py, PyDict>) -> PyResult<()> {
        out.set_item(format!("{name}_offsets"), self.offsets.into_pyarray(py))?;
        out.set_item(format!("{name}_keys"), self.keys.into_pyarray(py))?;
        out.set_item(format!("{name}_values"), self.values.into_pyarray(py))?;
        Ok(())
    }
}

/// A label -> value map's entries, values copied.
fn copied<V: Copy>(map: &BTreeMap<String, V>) -> impl Iterator<Item = (&String, V)> {
    map.iter().map(|(k, &v)| (k, v))
}

/// The strings of the string columns, each stored once; a column holds codes.
struct Names(Vec<String>);

impl Names {
    fn code(&mut self, name: &str) -> i32 {
        // A handful of names (the labels and `mixed`): a scan beats hashing.
        let i = match self.0.iter().position(|n| n == name) {
            Some(i) => i,
            None => {
                self.0.push(name.to_string());
                self.0.len() - 1
            }
        };
        i as i32
    }
}

/// Arrow's 32-bit offsets: a batch whose sentence texts (or sentences, or
/// map entries) reach 2^31 is refused rather than wrapped.
fn offset(n: usize) -> Result<i32, String> {
    i32::try_from(n).map_err(|_| {
        format!("{n} bytes of sentence text or entries in one batch: Arrow's 32-bit offsets stop at 2^31; classify fewer texts per call")
    })
}

/// The columns of a batch of classified articles.
pub(crate) struct ArticleColumns {
    names: Names,
    // One entry per article.
    sentence_offsets: Vec<i32>,
    stance: Vec<i32>,
    counts: MapColumn<i64>,
    shares: MapColumn<f64>,
    weights: MapColumn<f64>,
    weighted_shares: MapColumn<f64>,
    below_min_confidence: Vec<i64>,
    // One entry per sentence.
    article: Vec<i64>,
    index: Vec<i64>,
    start: Vec<i64>,
    end: Vec<i64>,
    text_offsets: Vec<i32>,
    text: Vec<u8>,
    label: Vec<i32>,
    confidence: Vec<f64>,
    probabilities: MapColumn<f64>,
}

impl ArticleColumns {
    pub(crate) fn new(labels: &[String]) -> Self {
        ArticleColumns {
            names: Names(labels.to_vec()),
            sentence_offsets: vec![0],
            stance: Vec::new(),
            counts: MapColumn::new(),
            shares: MapColumn::new(),
            weights: MapColumn::new(),
            weighted_shares: MapColumn::new(),
            below_min_confidence: Vec::new(),
            article: Vec::new(),
            index: Vec::new(),
            start: Vec::new(),
            end: Vec::new(),
            text_offsets: vec![0],
            text: Vec::new(),
            label: Vec::new(),
            confidence: Vec::new(),
            probabilities: MapColumn::new(),
        }
    }

    /// Append the next articles (rows continue from the ones before), so
    /// a caller can classify a chunk, append it and drop its `Article`s.
    pub(crate) fn append(&mut self, articles: &[Article]) -> Result<(), String> {
        let c = self;
        for a in articles {
            let row = c.stance.len() as i64;
            for s in &a.sentences {
                c.article.push(row);
                c.index.push(s.index as i64);
                c.start.push(s.start as i64);
                c.end.push(s.end as i64);
                c.text.extend_from_slice(s.text.as_bytes());
                c.text_offsets.push(offset(c.text.len())?);
                c.label.push(c.names.code(&s.label));
                c.confidence.push(s.confidence);
                c.probabilities
                    .push(&mut c.names, copied(&s.probabilities))?;
            }
            c.sentence_offsets.push(offset(c.article.len())?);
            let summary = &a.summary;
            c.stance.push(c.names.code(&summary.stance));
            let counts = summary.counts.iter().map(|(l, &n)| (l, n as i64));
            c.counts.push(&mut c.names, counts)?;
            c.shares.push(&mut c.names, copied(&summary.shares))?;
            c.weights.push(&mut c.names, copied(&summary.weights))?;
            c.weighted_shares
                .push(&mut c.names, copied(&summary.weighted_shares))?;
            c.below_min_confidence
                .push(summary.below_min_confidence as i64);
        }
        Ok(())
    }

    /// The columns as a dict of numpy arrays (moved, not copied), plus
    /// `names`, the list the codes point into.
    pub(crate) fn into_dict(self, py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
        let out = PyDict::new(py);
        out.set_item("names", self.names.0)?;
        out.set_item("sentence_offsets", self.sentence_offsets.into_pyarray(py))?;
        out.set_item("stance", self.stance.into_pyarray(py))?;
        self.counts.into_dict(py, "counts", &out)?;
        self.shares.into_dict(py, "shares", &out)?;
        self.weights.into_dict(py, "weights", &out)?;
        self.weighted_shares
            .into_dict(py, "weighted_shares", &out)?;
        out.set_item(
            "below_min_confidence",
            self.below_min_confidence.into_pyarray(py),
        )?;
        out.set_item("article", self.article.into_pyarray(py))?;
        out.set_item("index", self.index.into_pyarray(py))?;
        out.set_item("start", self.start.into_pyarray(py))?;
        out.set_item("end", self.end.into_pyarray(py))?;
        out.set_item("text_offsets", self.text_offsets.into_pyarray(py))?;
        out.set_item("text", self.text.into_pyarray(py))?;
        out.set_item("label", self.label.into_pyarray(py))?;
        out.set_item("confidence", self.confidence.into_pyarray(py))?;
        self.probabilities.into_dict(py, "probabilities", &out)?;
        Ok(out)
    }
}
