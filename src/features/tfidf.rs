//! TF-IDF with the IDF frozen at training time, sublinear tf and L2 rows.
//!
//! A sentence alone must get the weights it would get inside the training
//! batch, so the IDF is computed once from the training documents and stored
//! in the model (`ln((1 + n) / (1 + df)) + 1`, scikit-learn's smooth IDF).
//! `--tf` and `--no-idf` give scikit-learn's `sublinear_tf`, `binary` and
//! `use_idf` choices.

use std::fmt;
use std::str::FromStr;

use rustc_hash::FxHashMap;

use super::analyzer::{FeatureConfig, CHAR_PREFIX};
use super::vocabulary::TermCounts;
use crate::error::{find_named, Error, Result};

/// How a term's count in one sentence becomes its term-frequency weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TfMode {
    /// The count itself (scikit-learn's default).
    Raw,
    /// `1 + ln(count)`: a word said three times is not three times the
    /// evidence (scikit-learn's `sublinear_tf=True`; stance's default).
    #[default]
    Sublinear,
    /// 1 for every term present (scikit-learn's `binary=True`; the
    /// presence features of the SemEval SVM baseline).
    Binary,
}

impl TfMode {
    /// Every mode, in the order `--help` lists them.
    pub const ALL: [TfMode; 3] = [TfMode::Sublinear, TfMode::Raw, TfMode::Binary];

    /// The name used by `--tf` and the model card.
    pub fn name(self) -> &'static str {
        match self {
            TfMode::Raw => "raw",
            TfMode::Sublinear => "sublinear",
            TfMode::Binary => "binary",
        }
    }

    /// The mode a feature configuration asks for (`binary_tf` wins over
    /// `sublinear_tf`).
    pub fn of(config: &FeatureConfig) -> TfMode {
        if config.binary_tf {
            TfMode::Binary
        } else if config.sublinear_tf {
            TfMode::Sublinear
        } else {
            TfMode::Raw
        }
    }

    /// The weight of a term found `count` (>= 1) times.
    fn weight(self, count: f64) -> f64 {
        match self {
            TfMode::Raw => count,
            // Most terms occur once: skip the `ln` (1 + ln 1 is exactly 1).
            TfMode::Sublinear if count == 1.0 => 1.0,
            TfMode::Sublinear => 1.0 + count.ln(),
            TfMode::Binary => 1.0,
        }
    }
}

impl fmt::Display for TfMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for TfMode {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        find_named(&TfMode::ALL, TfMode::name, s, "tf weighting")
    }
}

/// A sparse feature row: `(feature index, value)` sorted by index.
pub type SparseRow = Vec<(u32, f64)>;

/// A fitted vocabulary with its IDF weights.
#[derive(Debug, Clone)]
pub struct Tfidf {
    vocabulary: Vec<String>,
    index: FxHashMap<String, u32>,
    idf: Vec<f64>,
    tf: TfMode,
    /// With `--block-norm`: which features are character n-grams, so word
    /// and character parts of a row are L2-normalised each on its own.
    char_block: Option<Vec<bool>>,
}

impl Tfidf {
    /// Freeze the weight of each term of `vocabulary` from the training
    /// counts: its IDF (1 with `use_idf` off), times its Naive-Bayes scale
    /// from `labelled` when `nb_scale` (the rows whose labels that scale may
    /// read; usually `counts` itself); the tf weighting and block norm come
    /// from `config` too.
    pub fn fit(
        counts: &TermCounts,
        labelled: &TermCounts,
        vocabulary: Vec<String>,
        config: &FeatureConfig,
    ) -> Tfidf {
        let n = counts.documents() as f64;
        let mut idf: Vec<f64> = if config.use_idf {
            vocabulary
                .iter()
                .map(|t| ((1.0 + n) / (1.0 + counts.df(t) as f64)).ln() + 1.0)
                .collect()
        } else {
            vec![1.0; vocabulary.len()]
        };
        if config.nb_scale {
            for (w, s) in idf.iter_mut().zip(labelled.nb_scales(&vocabulary)) {
                *w *= s;
            }
        }
        Tfidf::from_parts(vocabulary, idf, config)
    }

    /// Normalise the word and the character n-gram parts of each row
    /// separately (each to length 1), as scikit-learn's `FeatureUnion` of
    /// two vectorizers does: with one norm over both, the many character
    /// n-grams of a sentence drown its few word n-grams.
    pub fn with_block_norm(mut self, on: bool) -> Tfidf {
        self.char_block = on.then(|| {
            self.vocabulary
                .iter()
                .map(|t| t.starts_with(CHAR_PREFIX))
                .collect()
        });
        self
    }

    /// Rebuild from a model file's vocabulary and IDF, weighing and
    /// normalising rows as `config` says.
    pub fn from_parts(vocabulary: Vec<String>, idf: Vec<f64>, config: &FeatureConfig) -> Tfidf {
        let index = vocabulary
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i as u32))
            .collect();
        Tfidf {
            vocabulary,
            index,
            idf,
            tf: TfMode::of(config),
            char_block: None,
        }
        .with_block_norm(config.block_norm)
    }

    /// The terms, in feature order.
    pub fn vocabulary(&self) -> &[String] {
        &self.vocabulary
    }

    /// The IDF weight of each feature.
    pub fn idf(&self) -> &[f64] {
        &self.idf
    }

    /// Number of features.
    pub fn len(&self) -> usize {
        self.vocabulary.len()
    }

    /// True when no term was kept.
    pub fn is_empty(&self) -> bool {
        self.vocabulary.is_empty()
    }

    /// Feature index of a term.
    pub fn index_of(&self, term: &str) -> Option<u32> {
        self.index.get(term).copied()
    }

    /// The L2-normalised TF-IDF row of a document's terms (unknown terms ignored).
    pub fn transform(&self, terms: &[String]) -> SparseRow {
        self.weigh(terms.iter().filter_map(|t| self.index_of(t)).collect())
    }

    /// The L2-normalised TF-IDF row of the feature ids found in a document
    /// (with repetition, any order).
    pub fn weigh(&self, mut ids: Vec<u32>) -> SparseRow {
        self.weigh_in_place(&mut ids)
    }

    /// [`weigh`](Self::weigh) sorting `ids` in place, so a caller can reuse
    /// one id buffer from sentence to sentence.
    pub(crate) fn weigh_in_place(&self, ids: &mut [u32]) -> SparseRow {
        ids.sort_unstable();
        let mut row: SparseRow = Vec::with_capacity(ids.len());
        for &id in ids.iter() {
            match row.last_mut() {
                Some((last, count)) if *last == id => *count += 1.0,
                _ => row.push((id, 1.0)),
            }
        }
        for (id, value) in row.iter_mut() {
            *value = self.tf.weight(*value) * self.idf[*id as usize];
        }
        match &self.char_block {
            None => normalise(&mut row, |_| true),
            Some(is_char) => {
                normalise(&mut row, |id| is_char[id as usize]);
                normalise(&mut row, |id| !is_char[id as usize]);
            }
        }
        row
    }
}

/// Scale the entries of `row` that `part` selects to unit L2 length.
fn normalise(row: &mut SparseRow, part: impl Fn(u32) -> bool) {
    let norm = row
        .iter()
        .filter(|(id, _)| part(*id))
        .map(|(_, v)| v * v)
        .sum::<f64>()
        .sqrt();
    if norm > 0.0 {
        for (id, v) in row.iter_mut() {
            if part(*id) {
                *v /= norm;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(terms: &[&str]) -> Vec<String> {
        terms.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn idf_is_frozen_and_rows_are_unit_length() {
        let mut c = TermCounts::new(1);
        c.add_document(&doc(&["a", "b"]), 0);
        c.add_document(&doc(&["a"]), 0);
        let t = Tfidf::fit(
            &c,
            &c,
            vec!["a".into(), "b".into()],
            &FeatureConfig::default(),
        );
        // n = 2: idf(a) = ln(3/3) + 1 = 1, idf(b) = ln(3/2) + 1
        assert!((t.idf()[0] - 1.0).abs() < 1e-12);
        assert!((t.idf()[1] - (1.5f64.ln() + 1.0)).abs() < 1e-12);
        // "a a b": tf(a) = 1 + ln 2, tf(b) = 1
        let row = t.transform(&doc(&["a", "b", "a", "zzz"]));
        let a = 1.0 + 2f64.ln();
        let b = 1.5f64.ln() + 1.0;
        let norm = (a * a + b * b).sqrt();
        assert_eq!(row.len(), 2);
        assert!((row[0].1 - a / norm).abs() < 1e-12);
        assert!((row[1].1 - b / norm).abs() < 1e-12);
        // A sentence alone gets the same weights as in a batch.
        assert_eq!(t.transform(&doc(&["b"])), vec![(1, 1.0)]);
        assert!(t.transform(&doc(&["unknown"])).is_empty());
    }

    #[test]
    fn block_norm_gives_word_and_char_parts_unit_length_each() {
        let mut c = TermCounts::new(1);
        let terms = ["open", "c: op", "c:ope", "c:pen"];
        c.add_document(&doc(&terms), 0);
        let vocab: Vec<String> = terms.iter().map(|t| t.to_string()).collect();
        let joint = Tfidf::fit(&c, &c, vocab.clone(), &FeatureConfig::default());
        let apart = joint.clone().with_block_norm(true);
        let len = |row: &SparseRow, char_part: bool| {
            row.iter()
                .filter(|(id, _)| vocab[*id as usize].starts_with(CHAR_PREFIX) == char_part)
                .map(|(_, v)| v * v)
                .sum::<f64>()
        };
        let row = apart.transform(&doc(&terms));
        assert!((len(&row, false) - 1.0).abs() < 1e-12);
        assert!((len(&row, true) - 1.0).abs() < 1e-12);
        // One norm over both: the single word gets a quarter of the length.
        let row = joint.transform(&doc(&terms));
        assert!((len(&row, false) - 0.25).abs() < 1e-12);
        // A row with only one part is as before.
        assert_eq!(apart.transform(&doc(&["open"])), vec![(0, 1.0)]);
    }

    #[test]
    fn raw_binary_and_no_idf_weigh_as_scikit_learn_does() {
        let mut c = TermCounts::new(1);
        c.add_document(&doc(&["a", "b"]), 0);
        c.add_document(&doc(&["a"]), 0);
        let vocab = || vec!["a".to_string(), "b".to_string()];
        let idf_b = 1.5f64.ln() + 1.0;
        let unit = |a: f64, b: f64| {
            let n = (a * a + b * b).sqrt();
            vec![(0, a / n), (1, b / n)]
        };
        let close = |got: SparseRow, want: SparseRow| {
            assert_eq!(got.len(), want.len());
            for (g, w) in got.iter().zip(&want) {
                assert_eq!(g.0, w.0);
                assert!((g.1 - w.1).abs() < 1e-12, "{got:?} vs {want:?}");
            }
        };
        let three_a = doc(&["a", "a", "a", "b"]);
        let cases = [
            // (sublinear_tf, binary_tf, use_idf) -> weights of a and b
            ((false, false, true), unit(3.0, idf_b)),
            ((true, true, true), unit(1.0, idf_b)),
            ((true, false, false), unit(1.0 + 3f64.ln(), 1.0)),
        ];
        for ((sublinear_tf, binary_tf, use_idf), want) in cases {
            let config = FeatureConfig {
                sublinear_tf,
                binary_tf,
                use_idf,
                ..FeatureConfig::default()
            };
            let t = Tfidf::fit(&c, &c, vocab(), &config);
            if !use_idf {
                assert_eq!(t.idf(), &[1.0, 1.0]);
            }
            close(t.transform(&three_a), want);
        }
    }

    #[test]
    fn tf_modes_parse_from_their_names() {
        for m in TfMode::ALL {
            assert_eq!(m.name().parse::<TfMode>().unwrap(), m);
        }
        let e = "log".parse::<TfMode>().unwrap_err().to_string();
        assert!(e.contains("sublinear, raw, binary"), "{e}");
    }
}
