//! Feature stages: terms (analyzer) -> vocabulary (selection) -> TF-IDF rows.

pub mod analyzer;
pub mod tfidf;
pub mod vocabulary;

use crate::error::Result;
use analyzer::{Analyzer, FeatureConfig};
use tfidf::{SparseRow, Tfidf};
use vocabulary::TermCounts;

/// A fitted text-to-features transformer: analyzer settings plus the frozen
/// vocabulary and IDF.
#[derive(Debug)]
pub struct Vectorizer {
    analyzer: Analyzer,
    tfidf: Tfidf,
}

impl Vectorizer {
    /// Learn the vocabulary and IDF from labelled training sentences
    /// (`labels[i]` is the label index of `texts[i]`).
    pub fn fit(
        config: &FeatureConfig,
        texts: &[&str],
        labels: &[usize],
        n_labels: usize,
    ) -> Result<Vectorizer> {
        let analyzer = Analyzer::new(config.clone())?;
        let mut counts = TermCounts::new(n_labels);
        for (text, &label) in texts.iter().zip(labels) {
            counts.add_document(&analyzer.terms(text), label);
        }
        let vocabulary = counts.select(config.min_df, config.max_features);
        let tfidf = Tfidf::fit(&counts, vocabulary, config.sublinear_tf, config.nb_scale);
        Ok(Vectorizer { analyzer, tfidf })
    }

    /// Rebuild a vectorizer from a model file's parts.
    pub fn from_parts(
        config: FeatureConfig,
        vocabulary: Vec<String>,
        idf: Vec<f64>,
    ) -> Result<Vectorizer> {
        let sublinear = config.sublinear_tf;
        Ok(Vectorizer {
            analyzer: Analyzer::new(config)?,
            tfidf: Tfidf::from_parts(vocabulary, idf, sublinear),
        })
    }

    /// The features of one sentence.
    pub fn transform(&self, text: &str) -> SparseRow {
        let mut ids = Vec::with_capacity(64);
        self.analyzer.for_each_term(text, |t| {
            if let Some(id) = self.tfidf.index_of(t) {
                ids.push(id);
            }
        });
        self.tfidf.weigh(ids)
    }

    /// The analyzer (tokens and terms of a sentence).
    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    /// The frozen vocabulary and IDF.
    pub fn tfidf(&self) -> &Tfidf {
        &self.tfidf
    }

    /// The settings.
    pub fn config(&self) -> &FeatureConfig {
        self.analyzer.config()
    }
}
