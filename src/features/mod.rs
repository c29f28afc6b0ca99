//! Feature stages: terms (analyzer) -> vocabulary (selection) -> TF-IDF rows.

pub(crate) mod analyzer;
pub(crate) mod config;
pub(crate) mod naive_bayes;
pub(crate) mod surfaces;
pub(crate) mod term_index;
pub(crate) mod term_list;
pub(crate) mod tfidf;
pub(crate) mod vocabulary;

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::error::Result;
use analyzer::Analyzer;
use config::FeatureConfig;
use naive_bayes::NbScorer;
use surfaces::Surfaces;
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
    surfaces: Surfaces,
    /// The word n-gram terms keyed by token ids, so serving builds no
    /// n-gram strings (`None` only when the vocabulary is too large to pack).
    /// Built on first use: with the default settings the Naive-Bayes pass
    /// finds the TF-IDF terms and this index (4 MB) is never needed.
    term_index: OnceLock<Option<TermIndex>>,
    /// Naive-Bayes score columns after the TF-IDF ones (`--nb-score`).
    nb: Option<NbScorer>,
    /// Naive-Bayes term id -> TF-IDF feature id (or `u32::MAX`), when the
    /// scorer reads the same terms and has every vocabulary term (the
    /// default settings): one lookup pass then serves both.
    nb_to_tfidf: Option<Vec<u32>>,
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
        Ok(Vectorizer::fit_with_scores(config, texts, labels, n_labels, texts.len())?.0)
    }

    /// [`fit`](Self::fit), also giving the out-of-fold Naive-Bayes scores of
    /// the training sentences when `--nb-score` is on (see
    /// [`fit_training_rows`](Self::fit_training_rows)). Naive-Bayes scaling
    /// and scores read the labels of the first `own` rows only.
    fn fit_with_scores(
        config: &FeatureConfig,
        texts: &[&str],
        labels: &[usize],
        n_labels: usize,
        own: usize,
    ) -> Result<(Vectorizer, Option<Vec<Vec<f64>>>)> {
        let analyzer = Analyzer::new(config.clone())?;
        let mut counts = TermCounts::new(n_labels);
        let mut own_counts =
            (config.nb_scale && own < texts.len()).then(|| TermCounts::new(n_labels));
        for (i, (text, &label)) in texts.iter().zip(labels).enumerate() {
            let terms = analyzer.terms(text);
            if let Some(c) = own_counts.as_mut().filter(|_| i < own) {
                c.add_document(&terms, label);
            }
            counts.add_document(&terms, label);
        }
        let vocabulary = counts.select(config.min_df, config.max_features);
        let tfidf = Tfidf::fit(
            &counts,
            own_counts.as_ref().unwrap_or(&counts),
            vocabulary,
            config,
        );
        let surfaces = Surfaces::new(surfaces(&analyzer, &tfidf, texts));
        let (nb, out_of_fold) = match &config.nb_score {
            Some(nb) => {
                let (scorer, oof) = NbScorer::fit(nb, config, texts, labels, n_labels, own)?;
                (Some(scorer), Some(oof))
            }
            None => (None, None),
        };
        let nb_to_tfidf = nb
            .as_ref()
            .and_then(|nb| nb.id_map(config, tfidf.vocabulary()));
        let vectorizer = Vectorizer {
            analyzer,
            tfidf,
            surfaces,
            term_index: OnceLock::new(),
            nb,
            nb_to_tfidf,
        };
        Ok((vectorizer, out_of_fold))
    }

    /// Fit on labelled training sentences and give their feature rows. With
    /// `--nb-score` the Naive-Bayes columns of these rows are out-of-fold
    /// scores, not [`transform`](Self::transform)'s: a sentence scored by
    /// counts that include itself looks far more certain than new text will.
    ///
    /// Every row counts for the vocabulary and IDF, but `--nb-scale` and
    /// `--nb-score` read the labels of the first `own` rows only
    /// (`texts.len()` for all): rows borrowed from other groups
    /// (`model::borrow`) carry stances on other targets, whose
    /// words lean to other labels.
    pub fn fit_training_rows(
        config: &FeatureConfig,
        texts: &[&str],
        labels: &[usize],
        n_labels: usize,
        own: usize,
    ) -> Result<(Vectorizer, Vec<SparseRow>)> {
        let (vectorizer, out_of_fold) =
            Vectorizer::fit_with_scores(config, texts, labels, n_labels, own)?;
        let rows = match out_of_fold {
            None => texts.iter().map(|t| vectorizer.transform(t)).collect(),
            Some(scores) => texts
                .iter()
                .zip(scores)
                .map(|(t, s)| {
                    let mut row = vectorizer.tfidf_row(t);
                    vectorizer.append_scores(&mut row, &s);
                    row
                })
                .collect(),
        };
        Ok((vectorizer, rows))
    }

    /// Rebuild a vectorizer from a model file's parts (`surfaces` may be
    /// empty; otherwise one per vocabulary term).
    pub fn from_parts(
        config: FeatureConfig,
        vocabulary: Vec<String>,
        idf: Vec<f64>,
        surfaces: Vec<String>,
        nb: Option<NbScorer>,
    ) -> Result<Vectorizer> {
        Vectorizer::from_model_parts(config, vocabulary, idf, Surfaces::new(surfaces), nb)
    }

    /// [`from_parts`](Self::from_parts) with the wordings maybe still JSON.
    pub(crate) fn from_model_parts(
        config: FeatureConfig,
        vocabulary: Vec<String>,
        idf: Vec<f64>,
        surfaces: Surfaces,
        nb: Option<NbScorer>,
    ) -> Result<Vectorizer> {
        if config.nb_score.is_some() != nb.is_some() {
            return Err(crate::error::Error::Config(
                "the Naive-Bayes score setting and its table disagree".into(),
            ));
        }
        let nb_to_tfidf = nb.as_ref().and_then(|nb| nb.id_map(&config, &vocabulary));
        let tfidf = Tfidf::from_parts(vocabulary, idf);
        Ok(Vectorizer {
            analyzer: Analyzer::new(config)?,
            tfidf,
            surfaces,
            term_index: OnceLock::new(),
            nb,
            nb_to_tfidf,
        })
    }

    /// The most frequent training wording of each feature, in feature order
    /// (empty when the model did not record them).
    pub fn surfaces(&self) -> &[String] {
        self.surfaces.get()
    }

    /// The features of one sentence: its TF-IDF row, then its Naive-Bayes
    /// scores when the model has them.
    pub fn transform(&self, text: &str) -> SparseRow {
        let Some(nb) = &self.nb else {
            return self.tfidf_row(text);
        };
        let Some(map) = &self.nb_to_tfidf else {
            let mut row = self.tfidf_row(text);
            self.append_scores(&mut row, &nb.scores(text));
            return row;
        };
        // One pass finds the Naive-Bayes terms; the TF-IDF terms are those
        // of them in the vocabulary (with repetition, for term frequency).
        NB_IDS.with(|nb_cell| {
            IDS.with(|cell| {
                let (mut doc, mut ids) = (nb_cell.take(), cell.take());
                doc.clear();
                ids.clear();
                nb.term_ids(text, &mut doc);
                ids.extend(
                    doc.iter()
                        .map(|&t| map[t as usize])
                        .filter(|&f| f != u32::MAX),
                );
                let mut row = self.tfidf.weigh_in_place(&mut ids);
                self.append_scores(&mut row, &nb.scores_of_ids(&mut doc));
                nb_cell.set(doc);
                cell.set(ids);
                row
            })
        })
    }

    /// The TF-IDF part of a sentence's row.
    fn tfidf_row(&self, text: &str) -> SparseRow {
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
        let term_index = self.term_index.get_or_init(|| {
            TermIndex::new(
                self.tfidf.vocabulary().iter().map(String::as_str),
                self.config().word_ngrams,
            )
        });
        self.analyzer.for_each_feature_id(
            text,
            term_index.as_ref(),
            |t| self.tfidf.index_of(t),
            |id| ids.push(id),
        );
    }

    /// Append Naive-Bayes scores as the columns after the TF-IDF ones.
    pub fn append_scores(&self, row: &mut SparseRow, scores: &[f64]) {
        let first = self.tfidf.len() as u32;
        row.extend(
            scores
                .iter()
                .enumerate()
                .filter(|(_, &v)| v != 0.0)
                .map(|(k, &v)| (first + k as u32, v)),
        );
    }

    /// Number of feature columns: the TF-IDF terms, plus one Naive-Bayes
    /// score per label with `--nb-score`.
    pub fn n_features(&self) -> usize {
        self.tfidf.len() + self.nb.as_ref().map_or(0, NbScorer::len)
    }

    /// The Naive-Bayes scorer, when the model has one.
    pub fn naive_bayes(&self) -> Option<&NbScorer> {
        self.nb.as_ref()
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
    /// Naive-Bayes term ids of the sentence being transformed.
    static NB_IDS: std::cell::Cell<Vec<u32>> = const { std::cell::Cell::new(Vec::new()) };
}

/// The most frequent lower-cased wording of each kept term in the training
/// sentences (ties go to the alphabetically first, so it is deterministic).
/// Character n-grams get an empty wording: their letters say it all.
fn surfaces(analyzer: &Analyzer, tfidf: &Tfidf, texts: &[&str]) -> Vec<String> {
    let mut counts: FxHashMap<(u32, String), usize> = FxHashMap::default();
    for text in texts {
        analyzer.for_each_term_spanned(text, |term, span| {
            if term.starts_with(config::CHAR_PREFIX) {
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
        let config = config::FeatureConfig {
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

    /// Borrowed rows (after the first `own`) count for the vocabulary and
    /// IDF but not for `--nb-scale`'s ratios: here they give "open" and
    /// "closed" the opposite labels, which over all rows cancels their lean.
    #[test]
    fn nb_scale_reads_only_the_own_rows_labels() {
        let config = config::FeatureConfig {
            min_df: 1,
            nb_scale: true,
            ..Default::default()
        };
        let texts = ["open wins", "closed wins", "open fails", "closed fails"];
        let labels = [0, 1, 1, 0];
        let weight = |own: usize, term: &str| {
            let (v, _) = Vectorizer::fit_training_rows(&config, &texts, &labels, 2, own).unwrap();
            let vocab = v.tfidf().vocabulary();
            let at = vocab.iter().position(|t| t == term);
            v.tfidf().idf()[at.unwrap_or_else(|| panic!("{vocab:?}"))]
        };
        assert!(weight(4, "open").abs() < 1e-12);
        assert!(weight(4, "close").abs() < 1e-12);
        // Own rows: each leans wholly to one label, by the same amount.
        assert!(weight(2, "open") > 0.5);
        assert!((weight(2, "open") - weight(2, "close")).abs() < 1e-12);
    }

    /// With the default settings the Naive-Bayes table holds every TF-IDF
    /// term, and `transform` serves both from one pass: its rows must be
    /// exactly those of the two separate lookups, on the binary-search path
    /// (first sentences) and on the word-id index (after it is built).
    #[test]
    fn one_pass_rows_equal_separate_lookups() {
        let (sentences, labels) = crate::data::bundled_sentences();
        let texts: Vec<&str> = sentences.iter().map(String::as_str).collect();
        let config = crate::model::train::TrainParams::default().features;
        let v = Vectorizer::fit(&config, &texts, &labels, 3).unwrap();
        assert!(v.nb_to_tfidf.is_some(), "the default settings share a pass");
        let nb = v.naive_bayes().unwrap();
        let separate = |t: &str| {
            let mut row = v.tfidf_row(t);
            v.append_scores(&mut row, &nb.scores(t));
            row
        };
        // All 884 sentences, twice: past the scorer's index threshold.
        for text in texts.iter().chain(&texts) {
            assert_eq!(v.transform(text), separate(text), "{text}");
        }
        // Character n-grams are not in the table: no shared pass.
        let chars = FeatureConfig {
            char_ngrams: Some((2, 4)),
            ..config
        };
        let v = Vectorizer::fit(&chars, &texts[..200], &labels[..200], 3).unwrap();
        assert!(v.nb_to_tfidf.is_none());
    }
}
