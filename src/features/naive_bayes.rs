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

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::analyzer::Analyzer;
use super::config::{FeatureConfig, NbScoreConfig};
use super::term_index::TermIndex;
use super::term_list::TermList;
use crate::error::{Error, Result};
use crate::eval::folds::dealt_folds;

/// How many parts training sentences are dealt into for out-of-fold scores
/// (scikit-learn's `cross_val_predict` default, and what stacking usually uses).
pub(crate) const OUT_OF_FOLD_PARTS: usize = 5;

/// Sentences a scorer serves by binary search over its sorted terms before
/// it builds its word-id index. Building the index of ~100k n-grams costs
/// about what this many string-path sentences do, so short inputs (one
/// article: tens of sentences) never pay for it and long ones barely notice.
const INDEX_AFTER: usize = 1000;

/// Laplace smoothing added to every count (NBSVM's alpha = 1).
const SMOOTHING: f64 = 1.0;

/// A fitted Naive-Bayes scorer: every training term with its log-count
/// ratio for each label.
#[derive(Debug)]
pub struct NbScorer {
    config: NbScoreConfig,
    analyzer: Analyzer,
    n_labels: usize,
    /// Sorted and distinct: the string path looks terms up by binary search
    /// (no second index to build when a model is loaded).
    terms: TermList,
    /// Label-major `labels x terms` (one column per label, as the model file
    /// stores them): in how many training sentences of each label the term
    /// occurs. The file holds these small integers rather than the ratios,
    /// which are a pure function of them and parse several times slower.
    counts: Vec<u32>,
    /// The smoothing totals, to compute a term's ratios from its counts.
    table: RatioTable,
    /// Sentences scored so far (decides when [`Served`] pays for itself).
    scored: AtomicUsize,
    /// Built on first need, after [`INDEX_AFTER`] sentences.
    served: OnceLock<Served>,
}

/// What a scorer builds once it has scored enough sentences to repay it:
/// with every n-gram counted there are ~100k terms, and indexing them took
/// longer than classifying a 40-sentence article by binary search and
/// computing each ratio on demand.
#[derive(Debug)]
struct Served {
    /// The terms by word ids, so scoring builds no n-gram strings (as the
    /// TF-IDF features do; `None` only when the terms are too many to pack).
    index: Option<TermIndex>,
    /// Each term's row in `rows`. Terms with the same counts have the same
    /// ratios, and there are far fewer distinct count vectors than terms
    /// (most n-grams occur once or twice), so a sentence's ~40 ratio reads
    /// hit a table small enough to stay in cache instead of one row per
    /// term spread over megabytes.
    row_of: Vec<u32>,
    /// Distinct ratio rows, row-major `rows x labels`.
    rows: Vec<f64>,
}

impl Served {
    /// Every term's ratios, row-major `terms x labels`.
    #[cfg(test)]
    fn ratios(&self, n_labels: usize) -> Vec<f64> {
        self.row_of
            .iter()
            .flat_map(|&r| &self.rows[r as usize * n_labels..(r as usize + 1) * n_labels])
            .copied()
            .collect()
    }
}

impl NbScorer {
    /// Count the training sentences' terms. Returns the scorer for new text
    /// and the out-of-fold scores of the training sentences themselves
    /// (`n_labels` values per sentence, already scaled).
    ///
    /// Only the first `own` sentences are counted (`texts.len()` for all);
    /// the rest, rows borrowed from other groups ([`crate::model::borrow`]),
    /// carry stances on other targets, so they are scored by the own rows'
    /// counts, as new text is, and count for nothing.
    pub fn fit(
        config: &NbScoreConfig,
        main: &FeatureConfig,
        texts: &[&str],
        labels: &[usize],
        n_labels: usize,
        own: usize,
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
        let own = own.min(texts.len());
        let parts = dealt_folds(&labels[..own], n_labels, OUT_OF_FOLD_PARTS);
        let n_terms = names.len();
        // counts[part][term * n_labels + label]; `parts` covers the own
        // rows only, so the borrowed ones are not counted.
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
            for (i, _) in parts.iter().enumerate().filter(|(_, &part)| part == p) {
                out_of_fold[i] = score(&ratios, n_labels, &docs[i], config.scale);
            }
        }
        if own < texts.len() {
            let ratios = log_count_ratios(&total, n_labels);
            for (doc, oof) in docs.iter().zip(&mut out_of_fold).skip(own) {
                *oof = score(&ratios, n_labels, doc, config.scale);
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
        let mut kept = Vec::with_capacity(order.len() * n_labels);
        for l in 0..n_labels {
            kept.extend(order.iter().map(|&t| total[t as usize * n_labels + l]));
        }
        let terms: TermList = order.iter().map(|&t| names[t as usize].as_str()).collect();
        let scorer = NbScorer::from_parts(config.clone(), main, n_labels, terms, kept)?;
        Ok((scorer, out_of_fold))
    }

    /// Rebuild from a model file's terms (sorted, distinct) and presence
    /// counts (label-major `labels x terms`, every term counted at least
    /// once). The ratios come from the counts by the same arithmetic as in
    /// training, so a loaded scorer scores exactly like the trained one.
    pub fn from_parts(
        config: NbScoreConfig,
        main: &FeatureConfig,
        n_labels: usize,
        terms: TermList,
        counts: Vec<u32>,
    ) -> Result<NbScorer> {
        config.validate()?;
        let n = terms.len();
        if n_labels == 0 || counts.len() != n * n_labels {
            return Err(Error::Config(
                "Naive-Bayes table sizes do not match its terms".into(),
            ));
        }
        if !terms.is_sorted_and_distinct() {
            return Err(Error::Config(
                "Naive-Bayes terms are not sorted and distinct".into(),
            ));
        }
        let mut here = vec![0u32; n];
        let mut sums = vec![0u64; n_labels];
        // (`max(1)`: a table with no terms has empty columns.)
        for (column, sum) in counts.chunks_exact(n.max(1)).zip(&mut sums) {
            for (h, &c) in here.iter_mut().zip(column) {
                *h = h.saturating_add(c);
                *sum += u64::from(c);
            }
        }
        if here.contains(&0) {
            return Err(Error::Config(
                "a Naive-Bayes term has no count for any label".into(),
            ));
        }
        let analyzer = Analyzer::new(config.analyzer_config(main))?;
        Ok(NbScorer {
            config,
            analyzer,
            n_labels,
            terms,
            counts,
            // Every term here has a count, so all of them are "seen".
            table: RatioTable::new(&sums, n as u64),
            scored: AtomicUsize::new(0),
            served: OnceLock::new(),
        })
    }

    /// Position of `term` in the sorted terms.
    pub(crate) fn find(&self, term: &str) -> Option<u32> {
        self.terms.position(term).map(|i| i as u32)
    }

    /// The index and ratio table, once enough sentences have been scored to
    /// repay building them (both paths give the same scores; a unit test
    /// checks it).
    fn served(&self) -> Option<&Served> {
        if let Some(built) = self.served.get() {
            return Some(built);
        }
        if self.scored.fetch_add(1, Ordering::Relaxed) < INDEX_AFTER {
            return None;
        }
        Some(self.served.get_or_init(|| {
            let n = self.terms.len();
            let mut row_ids: FxHashMap<Vec<u32>, u32> = FxHashMap::default();
            let mut rows = Vec::new();
            let row_of = (0..n)
                .map(|t| {
                    let counts: Vec<u32> =
                        (0..self.n_labels).map(|l| self.counts[l * n + t]).collect();
                    *row_ids.entry(counts).or_insert_with(|| {
                        rows.extend(self.term_ratios(t));
                        (rows.len() / self.n_labels - 1) as u32
                    })
                })
                .collect();
            Served {
                index: TermIndex::new(self.terms.iter(), self.config.ngrams),
                row_of,
                rows,
            }
        }))
    }

    /// Term `t`'s ratio for each label, from its counts.
    pub(crate) fn term_ratios(&self, t: usize) -> impl Iterator<Item = f64> + '_ {
        let n = self.terms.len();
        let here: u32 = (0..self.n_labels).map(|l| self.counts[l * n + t]).sum();
        (0..self.n_labels).map(move |l| {
            let own = self.counts[l * n + t];
            self.table.ratio(l, own, here - own)
        })
    }

    /// The scaled score of every label for a new sentence.
    pub fn scores(&self, text: &str) -> Vec<f64> {
        let mut doc = Vec::new();
        self.term_ids(text, &mut doc);
        self.scores_of_ids(&mut doc)
    }

    /// Append the id of every term of `text` found in the table (with
    /// repetition, in n-gram order) to `out`: through the word-id index
    /// once it is built, by binary search before.
    pub(crate) fn term_ids(&self, text: &str, out: &mut Vec<u32>) {
        let index = self.served().and_then(|s| s.index.as_ref());
        self.analyzer
            .for_each_feature_id(text, index, |t| self.find(t), |id| out.push(id));
    }

    /// The scaled scores of a sentence given its term ids (which are
    /// sorted and deduplicated here: presence, not counts).
    pub(crate) fn scores_of_ids(&self, doc: &mut Vec<u32>) -> Vec<f64> {
        doc.sort_unstable();
        doc.dedup();
        match self.served.get() {
            Some(served) => sum_rows(self.n_labels, doc, self.config.scale, |t| {
                let r = served.row_of[t as usize] as usize;
                served.rows[r * self.n_labels..(r + 1) * self.n_labels]
                    .iter()
                    .copied()
            }),
            None => sum_rows(self.n_labels, doc, self.config.scale, |t| {
                self.term_ratios(t as usize)
            }),
        }
    }

    /// For each of this table's terms, its id in `vocabulary` (or
    /// `u32::MAX`), when this scorer reads exactly the terms an analyzer
    /// with `main` settings reads and has every vocabulary term; `None`
    /// otherwise. With such a map, serving finds a sentence's TF-IDF terms
    /// and its Naive-Bayes terms in one pass.
    pub(crate) fn id_map(&self, main: &FeatureConfig, vocabulary: &[String]) -> Option<Vec<u32>> {
        if self.analyzer.config()
            != &(FeatureConfig {
                nb_score: None,
                ..main.clone()
            })
        {
            return None;
        }
        let mut map = vec![u32::MAX; self.terms.len()];
        for (feature, term) in vocabulary.iter().enumerate() {
            map[self.find(term)? as usize] = feature as u32;
        }
        Some(map)
    }

    /// Number of score columns (one per label).
    pub fn len(&self) -> usize {
        self.n_labels
    }

    /// Never true: a fitted scorer has a column per label.
    pub fn is_empty(&self) -> bool {
        self.n_labels == 0
    }

    /// The settings it was trained with.
    pub fn config(&self) -> &NbScoreConfig {
        &self.config
    }

    /// How it reads a sentence's terms (the main settings with its own
    /// n-gram range).
    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    /// The terms counted, sorted.
    pub fn terms(&self) -> &TermList {
        &self.terms
    }

    /// In how many training sentences of each label each term occurs,
    /// label-major `labels x terms` (what the model file stores).
    pub fn counts(&self) -> &[u32] {
        &self.counts
    }

    /// The log-count ratio of each term for each label, row-major
    /// `terms x labels`.
    pub fn ratios(&self) -> Vec<f64> {
        (0..self.terms.len())
            .flat_map(|t| self.term_ratios(t))
            .collect()
    }
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
    let mut seen = 0u64;
    let mut sums = vec![0u64; n_labels];
    for c in counts.chunks_exact(n_labels) {
        let mut any = false;
        for (s, &n) in sums.iter_mut().zip(c) {
            *s += u64::from(n);
            any |= n > 0;
        }
        seen += u64::from(any);
    }
    let table = RatioTable::new(&sums, seen);
    let mut ratios = Vec::with_capacity(counts.len());
    for c in counts.chunks_exact(n_labels) {
        let here: u32 = c.iter().sum();
        if here == 0 {
            ratios.extend(std::iter::repeat_n(0.0, n_labels));
            continue;
        }
        ratios.extend(
            c.iter()
                .enumerate()
                .map(|(l, &own)| table.ratio(l, own, here - own)),
        );
    }
    ratios
}

/// The totals a log-count ratio needs besides the term's own counts, and
/// the ratios of small counts computed once.
#[derive(Debug)]
struct RatioTable {
    /// Presence counts summed per label (integers, exact in an f64).
    per_label: Vec<f64>,
    /// Their sum.
    all: f64,
    /// Terms with any count (the Laplace denominator's `V`).
    seen: f64,
    /// `ratio(l, own, rest)` for `own, rest < SMALL`, label-major.
    small: Vec<f64>,
}

/// Counts below this have their ratios precomputed: most n-grams occur in a
/// handful of sentences, and `ln` was most of rebuilding a 100k-term table.
const SMALL: u32 = 16;

impl RatioTable {
    fn new(per_label: &[u64], seen: u64) -> RatioTable {
        let per_label: Vec<f64> = per_label.iter().map(|&s| s as f64).collect();
        let all: f64 = per_label.iter().sum();
        let mut table = RatioTable {
            per_label,
            all,
            seen: seen as f64,
            small: Vec::new(),
        };
        let n_labels = table.per_label.len();
        table.small = (0..n_labels)
            .flat_map(|l| {
                (0..SMALL).flat_map(move |own| (0..SMALL).map(move |rest| (l, own, rest)))
            })
            .map(|(l, own, rest)| table.compute(l, own, rest))
            .collect();
        table
    }

    /// The ratio of label `l` for a term in `own` sentences of that label
    /// and `rest` of the others (the table holds exactly what this gives).
    #[inline]
    fn ratio(&self, l: usize, own: u32, rest: u32) -> f64 {
        if own < SMALL && rest < SMALL {
            self.small[(l * SMALL as usize + own as usize) * SMALL as usize + rest as usize]
        } else {
            self.compute(l, own, rest)
        }
    }

    fn compute(&self, l: usize, own: u32, rest: u32) -> f64 {
        let p = (own as f64 + SMOOTHING) / (self.per_label[l] + SMOOTHING * self.seen);
        let q = (rest as f64 + SMOOTHING) / (self.all - self.per_label[l] + SMOOTHING * self.seen);
        (p / q).ln()
    }
}

/// `scale * Σ ratios` over the distinct term ids of a sentence, per label.
fn score(ratios: &[f64], n_labels: usize, doc: &[u32], scale: f64) -> Vec<f64> {
    sum_rows(n_labels, doc, scale, |t| {
        ratios[t as usize * n_labels..(t as usize + 1) * n_labels]
            .iter()
            .copied()
    })
}

/// `scale * Σ row(t)` over `doc`, in its order, per label: the one summation
/// every path uses (training's out-of-fold scores, the served table, ratios
/// computed on demand), so they all give the same bits.
fn sum_rows<R: Iterator<Item = f64>>(
    n_labels: usize,
    doc: &[u32],
    scale: f64,
    row: impl Fn(u32) -> R,
) -> Vec<f64> {
    let mut s = vec![0.0; n_labels];
    for &t in doc {
        for (acc, r) in s.iter_mut().zip(row(t)) {
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
        let (nb, oof) =
            NbScorer::fit(&config(), &main_config(), &texts, &labels, 2, texts.len()).unwrap();
        let s = nb.scores("a good great film");
        assert!(s[0] > 0.0 && s[1] < 0.0, "{s:?}");
        let s = nb.scores("bad and awful");
        assert!(s[1] > 0.0 && s[0] < 0.0, "{s:?}");
        assert_eq!(nb.scores("nothing known here"), vec![0.0, 0.0]);
        assert_eq!(oof.len(), texts.len());
        assert!(nb.terms().is_sorted_and_distinct());
    }

    /// Rows after `own` are borrowed from other groups: they must not move
    /// the counts (the scorer equals one fitted on the own rows alone), and
    /// their training scores are those of new text, since no part of the
    /// counts holds them out.
    #[test]
    fn borrowed_rows_are_scored_but_not_counted() {
        let own = [
            "good fine great",
            "good great",
            "bad awful",
            "awful bad day",
        ];
        let borrowed = ["good awful day", "good bad", "great awful"];
        let own_labels = [0, 0, 1, 1];
        let texts: Vec<&str> = own.iter().chain(&borrowed).copied().collect();
        let labels = [0, 0, 1, 1, 1, 1, 1];
        let (alone, _) =
            NbScorer::fit(&config(), &main_config(), &own, &own_labels, 2, own.len()).unwrap();
        let (with, oof) =
            NbScorer::fit(&config(), &main_config(), &texts, &labels, 2, own.len()).unwrap();
        assert_eq!(with.terms().len(), alone.terms().len());
        for text in ["good day", "awful great", "bad"] {
            assert_eq!(with.scores(text), alone.scores(text), "{text}");
        }
        // "good" leans to label 0 in the own rows; the borrowed rows, all
        // label 1, would have turned it if they were counted.
        assert!(with.scores("good")[0] > 0.0);
        for (text, scores) in borrowed.iter().zip(&oof[own.len()..]) {
            let new_text = with.scores(text);
            assert_eq!(scores.len(), new_text.len());
            for (a, b) in scores.iter().zip(&new_text) {
                assert!((a - b).abs() < 1e-12, "{text}: {scores:?} vs {new_text:?}");
            }
        }
        // Counting every row does turn "good".
        let (all, _) =
            NbScorer::fit(&config(), &main_config(), &texts, &labels, 2, texts.len()).unwrap();
        assert!(all.scores("good")[0] < with.scores("good")[0]);
    }

    /// A served scorer computes ratios from its label-major counts through
    /// the small-count table; training uses `log_count_ratios`. Both must
    /// give the same bits, for counts below and above the table's range.
    #[test]
    fn served_ratios_are_the_training_arithmetic() {
        let texts: Vec<String> = (0..60)
            .map(|i| match i % 3 {
                0 => format!("good w{i}"),
                1 => format!("bad good w{}", i % 7),
                _ => format!("meh w{}", i % 5),
            })
            .collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let labels: Vec<usize> = (0..60).map(|i| i % 3).collect();
        let (nb, _) =
            NbScorer::fit(&config(), &main_config(), &texts, &labels, 3, texts.len()).unwrap();
        let n = nb.terms().len();
        let good = nb.terms().position("good").unwrap();
        assert!(nb.counts()[good] >= SMALL, "a count past the table");
        let term_major: Vec<u32> = (0..n)
            .flat_map(|t| (0..3).map(move |l| (t, l)))
            .map(|(t, l)| nb.counts()[l * n + t])
            .collect();
        assert_eq!(nb.ratios(), log_count_ratios(&term_major, 3));
    }

    #[test]
    fn training_sentences_are_scored_without_their_own_counts() {
        // "unique" occurs once, in a label-0 sentence: in-sample it would
        // push that sentence towards label 0; out of fold it is unknown.
        let texts = ["unique", "a", "a", "a", "a", "b", "b", "b", "b", "b"];
        let labels = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
        let (nb, oof) =
            NbScorer::fit(&config(), &main_config(), &texts, &labels, 2, texts.len()).unwrap();
        assert!(nb.scores("unique")[0] > 0.0);
        assert_eq!(oof[0], vec![0.0, 0.0]);
        // Each part holds one sentence of each label here.
        assert_eq!(
            dealt_folds(&labels, 2, OUT_OF_FOLD_PARTS),
            vec![0, 1, 2, 3, 4, 0, 1, 2, 3, 4]
        );
    }

    #[test]
    fn same_data_gives_the_same_scorer() {
        let texts = ["x y", "y z", "z x", "x", "y", "z w", "w", "x w", "y y", "z"];
        let labels = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0];
        let a = NbScorer::fit(&config(), &main_config(), &texts, &labels, 3, texts.len()).unwrap();
        let b = NbScorer::fit(&config(), &main_config(), &texts, &labels, 3, texts.len()).unwrap();
        assert_eq!(a.0.terms(), b.0.terms());
        assert_eq!(a.0.ratios(), b.0.ratios());
        assert_eq!(a.1, b.1);
    }

    /// Scoring through word ids gives the same scores as building every
    /// n-gram's string, on real sentences with negation, stems and numbers.
    #[test]
    fn id_lookup_scores_like_the_string_path() {
        let (sentences, labels) = crate::data::bundled_sentences();
        let texts: Vec<&str> = sentences.iter().map(String::as_str).collect();
        let config = NbScoreConfig {
            scale: 0.5,
            ngrams: (1, 3),
            min_df: 1,
        };
        let (nb, _) = NbScorer::fit(
            &config,
            &FeatureConfig::default(),
            &texts,
            &labels,
            3,
            texts.len(),
        )
        .unwrap();
        // The first INDEX_AFTER sentences take the string path, the rest the
        // index: score each text on both.
        let mut by_string = Vec::new();
        for text in texts.iter().take(300) {
            by_string.push(nb.scores(text));
        }
        nb.scored.store(INDEX_AFTER, Ordering::Relaxed);
        let served = nb.served().unwrap();
        assert!(served.index.is_some());
        assert_eq!(served.ratios(3), nb.ratios());
        for (text, s) in texts.iter().zip(&by_string) {
            assert_eq!(&nb.scores(text), s, "{text}");
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
        let (nb, oof) =
            NbScorer::fit(&config, &main_config(), &texts, &labels, 2, texts.len()).unwrap();
        // a: 3 sentences, b: 3, e: 4; c, d and f only one each.
        assert_eq!(nb.terms().iter().collect::<Vec<_>>(), ["a", "b", "e"]);
        assert_eq!(nb.scores("c d f"), vec![0.0, 0.0]);
        // Out of fold, "a" of sentence 0 is counted in sentences 1 and 2
        // only (2 >= min_df), "b" in sentences 3 and 7: both still score.
        assert!(oof[0][0] != 0.0);
        // Sentence 8 ("f") has no term anyone else counted.
        assert_eq!(oof[8], vec![0.0, 0.0]);
    }

    /// Sentences with no word at all give a table with no terms: it must
    /// fit, save and load (every score 0), not divide by zero or panic.
    #[test]
    fn a_table_without_terms_still_works() {
        let texts = ["...", ",", "--", "..", ";", "-"];
        let labels = [0, 0, 0, 1, 1, 1];
        let config = NbScoreConfig {
            ngrams: (2, 2),
            ..config()
        };
        let (nb, oof) =
            NbScorer::fit(&config, &main_config(), &texts, &labels, 2, texts.len()).unwrap();
        assert!(nb.terms().is_empty(), "{:?}", nb.terms());
        assert_eq!(nb.scores("open weights"), vec![0.0, 0.0]);
        let empty = NbScorer::from_parts(
            config.clone(),
            &main_config(),
            2,
            TermList::default(),
            Vec::new(),
        )
        .unwrap();
        assert_eq!(empty.scores("open weights"), vec![0.0, 0.0]);
        assert_eq!(oof.len(), texts.len());
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
