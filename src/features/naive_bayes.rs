//! Naive-Bayes score features: for every label, how strongly the sentence's
//! n-grams lean towards it by their log-count ratio (Wang & Manning 2012).
//!
//! Why: the logistic model fits a dense matrix, so it only sees the few
//! thousand terms the feature cap keeps. A multinomial Naive Bayes over
//! *every* word n-gram costs one number per term and label, and on short
//! texts it carries evidence the capped model cannot (NBSVM's point). Its
//! per-label score becomes one extra feature column each, and the logistic
//! model learns how far to trust it (`--nb-score SCALE`).
//!
//! For label `l`, term `t` seen in `c_l(t)` training sentences of label `l`
//! and `c_rest(t)` of the other labels (presence, not counts), with Laplace
//! smoothing 1 over the `V` terms seen:
//!
//! ```text
//! r_l(t) = ln((c_l(t) + 1) / (Σ c_l + V)) - ln((c_rest(t) + 1) / (Σ c_rest + V))
//! score_l(sentence) = SCALE * Σ r_l(t) over the distinct terms of the sentence
//! ```
//!
//! A training sentence must not score itself (its own terms would make the
//! score look far better than it is on new text, and the model would trust
//! it too much), so training rows get **out-of-fold** scores: the training
//! sentences are dealt into [`OUT_OF_FOLD_PARTS`] parts by label, and each
//! part is scored by the counts of the others. New sentences are scored by
//! the counts of all training sentences.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::analyzer::{Analyzer, FeatureConfig};
use super::term_index::TermIndex;
use crate::error::{Error, Result};

/// How many parts training sentences are dealt into for out-of-fold scores
/// (scikit-learn's `cross_val_predict` default, and what stacking usually uses).
pub const OUT_OF_FOLD_PARTS: usize = 5;

/// Word n-gram lengths `--nb-score` counts unless `--nb-ngrams` says
/// otherwise: trigrams cost nothing here (no cap, no dense column), and
/// NBSVM's best results used them.
pub const DEFAULT_NB_NGRAMS: (usize, usize) = (1, 3);

/// Laplace smoothing added to every count (NBSVM's alpha = 1).
const SMOOTHING: f64 = 1.0;

/// The `--nb-score` settings, recorded in the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NbScoreConfig {
    /// Multiplier of the score column. The logistic model's L2 penalty acts
    /// on the column's weight, so a smaller scale means a stronger prior
    /// against trusting Naive Bayes; 0.03 suited movie snippets.
    pub scale: f64,
    /// Word n-gram lengths Naive Bayes counts (the stems and negation marks
    /// of the main features; no character n-grams). Uncapped, so longer
    /// n-grams are cheap here.
    pub ngrams: (usize, usize),
    /// Count only n-grams found in at least this many training sentences
    /// (`--nb-min-df`). Every n-gram (1) suits a cross-validation run; a
    /// model that is shipped and loaded by every process wants fewer, since
    /// the table is most of its file (see the README).
    #[serde(default = "one")]
    pub min_df: usize,
}

fn one() -> usize {
    1
}

impl NbScoreConfig {
    /// Check the settings once, before any work is done.
    pub fn validate(&self) -> Result<()> {
        if !(self.scale.is_finite() && self.scale > 0.0) {
            return Err(Error::Config(format!(
                "--nb-score must be > 0, got {}",
                self.scale
            )));
        }
        if self.min_df == 0 {
            return Err(Error::Config("--nb-min-df must be at least 1".into()));
        }
        let (lo, hi) = self.ngrams;
        if lo == 0 || hi < lo || hi > 5 {
            return Err(Error::Config(format!(
                "Naive-Bayes n-grams {lo}..{hi}: need 1 <= min <= max <= 5"
            )));
        }
        Ok(())
    }

    /// The analyzer settings Naive Bayes reads terms with: the main ones,
    /// with its own word n-gram range and no character n-grams.
    fn analyzer_config(&self, main: &FeatureConfig) -> FeatureConfig {
        FeatureConfig {
            word_ngrams: self.ngrams,
            char_ngrams: None,
            nb_score: None,
            ..main.clone()
        }
    }
}

/// A fitted Naive-Bayes scorer: every training term with its log-count
/// ratio for each label.
#[derive(Debug)]
pub struct NbScorer {
    config: NbScoreConfig,
    analyzer: Analyzer,
    n_labels: usize,
    terms: Vec<String>,
    index: FxHashMap<String, u32>,
    /// The terms by word ids, so scoring builds no n-gram strings (as the
    /// TF-IDF features do; `None` only when the terms are too many to pack).
    term_index: Option<TermIndex>,
    /// Row-major `terms x labels`.
    ratios: Vec<f64>,
}

impl NbScorer {
    /// Count the training sentences' terms. Returns the scorer for new text
    /// and the out-of-fold scores of the training sentences themselves
    /// (`n_labels` values per sentence, already scaled).
    pub fn fit(
        config: &NbScoreConfig,
        main: &FeatureConfig,
        texts: &[&str],
        labels: &[usize],
        n_labels: usize,
    ) -> Result<(NbScorer, Vec<Vec<f64>>)> {
        config.validate()?;
        let analyzer = Analyzer::new(config.analyzer_config(main))?;
        // Intern terms in order of first appearance; each sentence becomes
        // its sorted, distinct term ids.
        let mut ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut names: Vec<String> = Vec::new();
        let docs: Vec<Vec<u32>> = texts
            .iter()
            .map(|text| {
                let mut doc = Vec::new();
                analyzer.for_each_term(text, |t| {
                    let id = match ids.get(t) {
                        Some(&id) => id,
                        None => {
                            let id = names.len() as u32;
                            ids.insert(t.to_string(), id);
                            names.push(t.to_string());
                            id
                        }
                    };
                    doc.push(id);
                });
                doc.sort_unstable();
                doc.dedup();
                doc
            })
            .collect();
        let parts = deal(labels, n_labels);
        let n_terms = names.len();
        // counts[part][term * n_labels + label]
        let mut counts = vec![vec![0u32; n_terms * n_labels]; OUT_OF_FOLD_PARTS];
        for ((doc, &label), &part) in docs.iter().zip(labels).zip(&parts) {
            for &t in doc {
                counts[part][t as usize * n_labels + label] += 1;
            }
        }
        let mut total = vec![0u32; n_terms * n_labels];
        for part in &counts {
            for (sum, c) in total.iter_mut().zip(part) {
                *sum += c;
            }
        }
        drop_rare(&mut total, n_labels, config.min_df);
        let mut out_of_fold = vec![Vec::new(); texts.len()];
        for (p, part_counts) in counts.iter().enumerate() {
            let mut rest: Vec<u32> = total
                .iter()
                .zip(part_counts)
                .map(|(a, b)| a.saturating_sub(*b))
                .collect();
            drop_rare(&mut rest, n_labels, config.min_df);
            let ratios = log_count_ratios(&rest, n_labels);
            for (i, doc) in docs.iter().enumerate() {
                if parts[i] == p {
                    out_of_fold[i] = score(&ratios, n_labels, doc, config.scale);
                }
            }
        }
        // The scorer for new text keeps its terms sorted, so the model file
        // does not depend on the order sentences came in.
        let mut order: Vec<u32> = (0..n_terms as u32)
            .filter(|&t| {
                total[t as usize * n_labels..(t as usize + 1) * n_labels]
                    .iter()
                    .any(|&c| c > 0)
            })
            .collect();
        order.sort_unstable_by(|&a, &b| names[a as usize].cmp(&names[b as usize]));
        let all = log_count_ratios(&total, n_labels);
        let mut ratios = Vec::with_capacity(all.len());
        for &t in &order {
            let t = t as usize;
            ratios.extend_from_slice(&all[t * n_labels..(t + 1) * n_labels]);
        }
        let terms: Vec<String> = order.iter().map(|&t| names[t as usize].clone()).collect();
        let scorer = NbScorer::from_parts(config.clone(), main, n_labels, terms, ratios)?;
        Ok((scorer, out_of_fold))
    }

    /// Rebuild from a model file's terms and ratios (`terms x labels`).
    pub fn from_parts(
        config: NbScoreConfig,
        main: &FeatureConfig,
        n_labels: usize,
        terms: Vec<String>,
        ratios: Vec<f64>,
    ) -> Result<NbScorer> {
        config.validate()?;
        if ratios.len() != terms.len() * n_labels {
            return Err(Error::Config(
                "Naive-Bayes table sizes do not match its terms".into(),
            ));
        }
        let analyzer = Analyzer::new(config.analyzer_config(main))?;
        let term_index = TermIndex::new(&terms, config.ngrams);
        let index = terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i as u32))
            .collect();
        Ok(NbScorer {
            config,
            analyzer,
            n_labels,
            terms,
            index,
            term_index,
            ratios,
        })
    }

    /// The scaled score of every label for a new sentence.
    pub fn scores(&self, text: &str) -> Vec<f64> {
        let mut doc = Vec::new();
        let lookup = |t: &str| self.index.get(t).copied();
        match &self.term_index {
            Some(index) => self
                .analyzer
                .for_each_feature_id(text, index, lookup, |id| doc.push(id)),
            None => self.analyzer.for_each_term(text, |t| {
                if let Some(id) = lookup(t) {
                    doc.push(id);
                }
            }),
        }
        doc.sort_unstable();
        doc.dedup();
        score(&self.ratios, self.n_labels, &doc, self.config.scale)
    }

    /// Number of score columns (one per label).
    pub fn len(&self) -> usize {
        self.n_labels
    }

    /// Never true: a fitted scorer has a column per label.
    pub fn is_empty(&self) -> bool {
        self.n_labels == 0
    }

    /// The terms counted, sorted.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// The log-count ratio of each term for each label, row-major `terms x labels`.
    pub fn ratios(&self) -> &[f64] {
        &self.ratios
    }
}

/// Deal sentences into [`OUT_OF_FOLD_PARTS`] parts, each label's sentences
/// in turn, so every part holds about the same share of every label. No
/// randomness: the same data always gives the same parts.
fn deal(labels: &[usize], n_labels: usize) -> Vec<usize> {
    let mut seen = vec![0usize; n_labels];
    labels
        .iter()
        .map(|&l| {
            let part = seen[l] % OUT_OF_FOLD_PARTS;
            seen[l] += 1;
            part
        })
        .collect()
}

/// Forget the counts of terms found in fewer than `min_df` sentences.
fn drop_rare(counts: &mut [u32], n_labels: usize, min_df: usize) {
    for c in counts.chunks_mut(n_labels) {
        if (c.iter().sum::<u32>() as usize) < min_df {
            c.fill(0);
        }
    }
}

/// One-vs-rest log-count ratios from presence counts (`terms x labels`).
/// Terms with no count at all (seen only in a held-out part) get ratio 0,
/// as if never seen.
fn log_count_ratios(counts: &[u32], n_labels: usize) -> Vec<f64> {
    let n_terms = counts.len() / n_labels;
    let seen = counts
        .chunks(n_labels)
        .filter(|c| c.iter().any(|&n| n > 0))
        .count() as f64;
    let mut per_label = vec![0f64; n_labels];
    for c in counts.chunks(n_labels) {
        for (s, &n) in per_label.iter_mut().zip(c) {
            *s += n as f64;
        }
    }
    let all: f64 = per_label.iter().sum();
    let mut ratios = vec![0.0; n_terms * n_labels];
    for (t, c) in counts.chunks(n_labels).enumerate() {
        let here: u32 = c.iter().sum();
        if here == 0 {
            continue;
        }
        for l in 0..n_labels {
            let own = c[l] as f64;
            let rest = (here - c[l]) as f64;
            let p = (own + SMOOTHING) / (per_label[l] + SMOOTHING * seen);
            let q = (rest + SMOOTHING) / (all - per_label[l] + SMOOTHING * seen);
            ratios[t * n_labels + l] = (p / q).ln();
        }
    }
    ratios
}

/// `scale * Σ ratios` over the distinct term ids of a sentence, per label.
fn score(ratios: &[f64], n_labels: usize, doc: &[u32], scale: f64) -> Vec<f64> {
    let mut s = vec![0.0; n_labels];
    for &t in doc {
        let row = &ratios[t as usize * n_labels..(t as usize + 1) * n_labels];
        for (acc, r) in s.iter_mut().zip(row) {
            *acc += r;
        }
    }
    for v in &mut s {
        *v *= scale;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> NbScoreConfig {
        NbScoreConfig {
            scale: 1.0,
            ngrams: (1, 1),
            min_df: 1,
        }
    }

    fn main_config() -> FeatureConfig {
        FeatureConfig {
            negation: false,
            stemmer: "none".into(),
            ..FeatureConfig::default()
        }
    }

    #[test]
    fn ratios_match_hand_computation() {
        // term x: label 0 in 2 sentences, label 1 in 0; term y: 1 and 1.
        let counts = [2, 0, 1, 1];
        let r = log_count_ratios(&counts, 2);
        // label 0: sum 3, rest sum 1, V = 2.
        let x0 = ((2.0_f64 + 1.0) / (3.0 + 2.0) / ((0.0 + 1.0) / (1.0 + 2.0))).ln();
        let y0 = ((1.0_f64 + 1.0) / (3.0 + 2.0) / ((1.0 + 1.0) / (1.0 + 2.0))).ln();
        assert!((r[0] - x0).abs() < 1e-12, "{} vs {x0}", r[0]);
        assert!((r[2] - y0).abs() < 1e-12);
        // Two labels: the ratios of label 1 are those of label 0 negated.
        assert!((r[1] + r[0]).abs() < 1e-12);
        assert!((r[3] + r[2]).abs() < 1e-12);
        // A term counted nowhere scores nothing.
        assert_eq!(log_count_ratios(&[0, 0, 1, 0], 2)[..2], [0.0, 0.0]);
    }

    #[test]
    fn new_text_leans_towards_the_label_of_its_words() {
        let texts = [
            "good fine great",
            "good great",
            "fine good",
            "great good day",
            "good film",
            "bad awful",
            "awful bad day",
            "bad film",
            "awful awful",
            "bad poor",
        ];
        let labels = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
        let (nb, oof) = NbScorer::fit(&config(), &main_config(), &texts, &labels, 2).unwrap();
        let s = nb.scores("a good great film");
        assert!(s[0] > 0.0 && s[1] < 0.0, "{s:?}");
        let s = nb.scores("bad and awful");
        assert!(s[1] > 0.0 && s[0] < 0.0, "{s:?}");
        assert_eq!(nb.scores("nothing known here"), vec![0.0, 0.0]);
        assert_eq!(oof.len(), texts.len());
        let mut sorted = nb.terms().to_vec();
        sorted.sort();
        assert_eq!(nb.terms(), &sorted[..]);
    }

    #[test]
    fn training_sentences_are_scored_without_their_own_counts() {
        // "unique" occurs once, in a label-0 sentence: in-sample it would
        // push that sentence towards label 0; out of fold it is unknown.
        let texts = ["unique", "a", "a", "a", "a", "b", "b", "b", "b", "b"];
        let labels = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
        let (nb, oof) = NbScorer::fit(&config(), &main_config(), &texts, &labels, 2).unwrap();
        assert!(nb.scores("unique")[0] > 0.0);
        assert_eq!(oof[0], vec![0.0, 0.0]);
        // Each part holds one sentence of each label here.
        assert_eq!(deal(&labels, 2), vec![0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);
    }

    #[test]
    fn same_data_gives_the_same_scorer() {
        let texts = ["x y", "y z", "z x", "x", "y", "z w", "w", "x w", "y y", "z"];
        let labels = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0];
        let a = NbScorer::fit(&config(), &main_config(), &texts, &labels, 3).unwrap();
        let b = NbScorer::fit(&config(), &main_config(), &texts, &labels, 3).unwrap();
        assert_eq!(a.0.terms(), b.0.terms());
        assert_eq!(a.0.ratios(), b.0.ratios());
        assert_eq!(a.1, b.1);
    }

    /// Scoring through word ids gives the same scores as building every
    /// n-gram's string, on real sentences with negation, stems and numbers.
    #[test]
    fn id_lookup_scores_like_the_string_path() {
        let data = crate::data::read_labeled_csv(
            std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data/test.csv")),
            &crate::data::Columns::default(),
        )
        .unwrap();
        let texts: Vec<&str> = data.rows.iter().map(|r| r.text.as_str()).collect();
        let labels: Vec<usize> = data.rows.iter().map(|r| r.text.len() % 3).collect();
        let config = NbScoreConfig {
            scale: 0.5,
            ngrams: (1, 3),
            min_df: 1,
        };
        let (nb, _) =
            NbScorer::fit(&config, &FeatureConfig::default(), &texts, &labels, 3).unwrap();
        assert!(nb.term_index.is_some());
        for text in texts.iter().take(300) {
            let mut doc = Vec::new();
            nb.analyzer.for_each_term(text, |t| {
                if let Some(&id) = nb.index.get(t) {
                    doc.push(id);
                }
            });
            doc.sort_unstable();
            doc.dedup();
            assert_eq!(nb.scores(text), score(&nb.ratios, 3, &doc, 0.5), "{text}");
        }
    }

    #[test]
    fn min_df_keeps_only_terms_of_enough_sentences() {
        let texts = ["a b", "a c", "a", "b", "d", "e e", "e", "b e", "f", "e"];
        let labels = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
        let config = NbScoreConfig {
            min_df: 2,
            ..config()
        };
        let (nb, oof) = NbScorer::fit(&config, &main_config(), &texts, &labels, 2).unwrap();
        // a: 3 sentences, b: 3, e: 4; c, d and f only one each.
        assert_eq!(nb.terms(), ["a", "b", "e"]);
        assert_eq!(nb.scores("c d f"), vec![0.0, 0.0]);
        // Out of fold, "a" of sentence 0 is counted in sentences 1 and 2
        // only (2 >= min_df), "b" in sentences 3 and 7: both still score.
        assert!(oof[0][0] != 0.0);
        // Sentence 8 ("f") has no term anyone else counted.
        assert_eq!(oof[8], vec![0.0, 0.0]);
    }

    #[test]
    fn bad_settings_are_refused() {
        let bad = NbScoreConfig {
            scale: 0.0,
            ngrams: (1, 2),
            min_df: 1,
        };
        assert!(bad.validate().is_err());
        let bad = NbScoreConfig {
            scale: 0.1,
            ngrams: (2, 1),
            min_df: 1,
        };
        assert!(bad.validate().is_err());
    }
}
