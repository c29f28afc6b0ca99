//! TF-IDF with the IDF frozen at training time, sublinear tf and L2 rows.
//!
//! A sentence alone must get the weights it would get inside the training
//! batch, so the IDF is computed once from the training documents and stored
//! in the model (`ln((1 + n) / (1 + df)) + 1`, scikit-learn's smooth IDF).
//! The term frequency is sublinear, `1 + ln(count)`: a word said three times
//! is not three times the evidence (scikit-learn's `sublinear_tf=True`).

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use super::config::FeatureConfig;
use super::vocabulary::TermCounts;

/// A sparse feature row: `(feature index, value)` sorted by index.
pub(crate) type SparseRow = Vec<(u32, f64)>;

/// A fitted vocabulary with its IDF weights.
#[derive(Debug, Clone)]
pub struct Tfidf {
    vocabulary: Vec<String>,
    /// Feature ids, hashed by their terms: the terms live only in
    /// `vocabulary` (a map keyed by owned terms would copy all 85k of them
    /// and take 5 MB where this takes 0.6).
    index: HashTable<u32>,
    idf: Vec<f64>,
}

impl Tfidf {
    /// Freeze the weight of each term of `vocabulary` from the training
    /// counts: its IDF, times its Naive-Bayes scale from `labelled` when
    /// `nb_scale` (the rows whose labels that scale may read; usually
    /// `counts` itself).
    pub fn fit(
        counts: &TermCounts,
        labelled: &TermCounts,
        vocabulary: Vec<String>,
        config: &FeatureConfig,
    ) -> Tfidf {
        let n = counts.documents() as f64;
        let mut idf: Vec<f64> = vocabulary
            .iter()
            .map(|t| ((1.0 + n) / (1.0 + counts.df(t) as f64)).ln() + 1.0)
            .collect();
        if config.nb_scale {
            for (w, s) in idf.iter_mut().zip(labelled.nb_scales(&vocabulary)) {
                *w *= s;
            }
        }
        Tfidf::from_parts(vocabulary, idf)
    }

    /// Rebuild from a model file's vocabulary and IDF.
    pub fn from_parts(vocabulary: Vec<String>, idf: Vec<f64>) -> Tfidf {
        let mut index = HashTable::with_capacity(vocabulary.len());
        for (i, term) in vocabulary.iter().enumerate() {
            let hash = FxBuildHasher.hash_one(term.as_str());
            let same = |&j: &u32| vocabulary[j as usize] == *term;
            let rehash = |&j: &u32| FxBuildHasher.hash_one(vocabulary[j as usize].as_str());
            match index.entry(hash, same, rehash) {
                // A later duplicate wins, as in a map built by insertion.
                hashbrown::hash_table::Entry::Occupied(mut e) => *e.get_mut() = i as u32,
                hashbrown::hash_table::Entry::Vacant(e) => {
                    e.insert(i as u32);
                }
            }
        }
        Tfidf {
            vocabulary,
            index,
            idf,
        }
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
        let hash = FxBuildHasher.hash_one(term);
        self.index
            .find(hash, |&j| self.vocabulary[j as usize] == term)
            .copied()
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
            *value = sublinear(*value) * self.idf[*id as usize];
        }
        let norm = row.iter().map(|(_, v)| v * v).sum::<f64>().sqrt();
        if norm > 0.0 {
            for (_, v) in row.iter_mut() {
                *v /= norm;
            }
        }
        row
    }
}

/// `1 + ln(count)` for a term found `count` (>= 1) times.
fn sublinear(count: f64) -> f64 {
    // Most terms occur once: skip the `ln` (1 + ln 1 is exactly 1).
    if count == 1.0 {
        1.0
    } else {
        1.0 + count.ln()
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
}
