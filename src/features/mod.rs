//! Feature stages: terms (analyzer) -> vocabulary (selection) -> TF-IDF rows.

pub mod analyzer;
mod term_index;
pub mod tfidf;
pub mod vocabulary;

use rustc_hash::FxHashMap;

use crate::error::Result;
use analyzer::{Analyzer, FeatureConfig};
use term_index::TermIndex;
use tfidf::{SparseRow, Tfidf};
use vocabulary::TermCounts;

/// A fitted text-to-features transformer: analyzer settings plus the frozen
/// vocabulary and IDF.
#[derive(Debug)]
pub struct Vectorizer {
    analyzer: Analyzer,
    tfidf: Tfidf,
    /// Each feature's most frequent wording in the training sentences
    /// (lower-cased), so a model card can show `capable` rather than the
    /// stem `capabl`; empty for models saved before it was recorded.
    surfaces: Vec<String>,
    /// The word n-gram terms keyed by token ids, so serving builds no
    /// n-gram strings (`None` only when the vocabulary is too large to pack).
    term_index: Option<TermIndex>,
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
        let surfaces = surfaces(&analyzer, &tfidf, texts);
        let term_index = TermIndex::new(tfidf.vocabulary(), config.word_ngrams);
        Ok(Vectorizer {
            analyzer,
            tfidf,
            surfaces,
            term_index,
        })
    }

    /// Rebuild a vectorizer from a model file's parts (`surfaces` may be
    /// empty; otherwise one per vocabulary term).
    pub fn from_parts(
        config: FeatureConfig,
        vocabulary: Vec<String>,
        idf: Vec<f64>,
        surfaces: Vec<String>,
    ) -> Result<Vectorizer> {
        let sublinear = config.sublinear_tf;
        let term_index = TermIndex::new(&vocabulary, config.word_ngrams);
        Ok(Vectorizer {
            analyzer: Analyzer::new(config)?,
            tfidf: Tfidf::from_parts(vocabulary, idf, sublinear),
            surfaces,
            term_index,
        })
    }

    /// The most frequent training wording of each feature, in feature order
    /// (empty when the model did not record them).
    pub fn surfaces(&self) -> &[String] {
        &self.surfaces
    }

    /// The features of one sentence.
    pub fn transform(&self, text: &str) -> SparseRow {
        IDS.with(|cell| {
            // Taken out while in use, so a nested call gets a fresh buffer.
            let mut ids = cell.take();
            ids.clear();
            self.feature_ids(text, &mut ids);
            let row = self.tfidf.weigh_in_place(&mut ids);
            cell.set(ids);
            row
        })
    }

    /// The feature id of every term of `text` found in the vocabulary, with
    /// repetition, appended to `ids`.
    fn feature_ids(&self, text: &str, ids: &mut Vec<u32>) {
        match &self.term_index {
            Some(index) => self
                .analyzer
                .for_each_feature_id(text, index, &self.tfidf, |id| ids.push(id)),
            None => self.analyzer.for_each_term(text, |t| {
                if let Some(id) = self.tfidf.index_of(t) {
                    ids.push(id);
                }
            }),
        }
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

thread_local! {
    /// The feature-id buffer [`Vectorizer::transform`] reuses on this thread.
    static IDS: std::cell::Cell<Vec<u32>> = const { std::cell::Cell::new(Vec::new()) };
}

/// The most frequent lower-cased wording of each kept term in the training
/// sentences (ties go to the alphabetically first, so it is deterministic).
/// Character n-grams get an empty wording: their letters say it all.
fn surfaces(analyzer: &Analyzer, tfidf: &Tfidf, texts: &[&str]) -> Vec<String> {
    let mut counts: FxHashMap<(u32, String), usize> = FxHashMap::default();
    for text in texts {
        analyzer.for_each_term_spanned(text, |term, span| {
            if term.starts_with(analyzer::CHAR_PREFIX) {
                return;
            }
            if let Some(id) = tfidf.index_of(term) {
                let words = text[span]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase();
                *counts.entry((id, words)).or_default() += 1;
            }
        });
    }
    let mut best: Vec<(usize, String)> = vec![(0, String::new()); tfidf.len()];
    for ((id, words), n) in counts {
        let slot = &mut best[id as usize];
        if n > slot.0 || (n == slot.0 && words < slot.1) {
            *slot = (n, words);
        }
    }
    best.into_iter().map(|(_, w)| w).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surfaces_are_the_most_frequent_wording() {
        let config = analyzer::FeatureConfig {
            min_df: 1,
            ..Default::default()
        };
        let texts = ["Capable models", "capabilities matter", "CAPABLE models"];
        let v = Vectorizer::fit(&config, &texts, &[0, 1, 0], 2).unwrap();
        let vocab = v.tfidf().vocabulary();
        let at = |t: &str| v.surfaces()[vocab.iter().position(|x| x == t).unwrap()].clone();
        assert_eq!(at("capabl"), "capable");
        assert_eq!(at("capabl model"), "capable models");
        assert_eq!(v.surfaces().len(), vocab.len());
    }
}
