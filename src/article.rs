//! Classify an article sentence by sentence, and the rule that turns the
//! sentence labels into one article stance.
//!
//! **The article-stance rule.** Sentences labelled `neutral` (or `none`,
//! any case) carry no stance; every other label is stance-bearing (with a
//! label set that has no neutral label, every label is). Each sentence
//! weighs its confidence, the probability of its own label, so a sentence
//! the model is sure of counts fully and one it barely labelled counts
//! about half. Let `W` be the weight of the stance-bearing sentences and
//! `N` the number of sentences:
//! - if `W < 1.5` (less than about two sure stance sentences) or
//!   `W < 10%` of `N`, no side holds real weight: the article is `neutral`;
//! - else if the heaviest label weighs more than twice the next one, the
//!   article takes that label;
//! - else both sides hold real weight (the runner-up has at least a third
//!   of the stance weight): the article is `mixed`.
//!
//! The weight of a label is the sum of the confidences of the sentences
//! labelled with it, not the probability mass of the label summed over all
//! sentences: summed mass would let a long, plainly neutral article build a
//! side out of the 10-20% every neutral sentence leaves to each stance,
//! while the label's own sentences carry the model's decision and how sure
//! it was of it. Gold labels (or any labels taken as certain) weigh 1 each,
//! which makes the rule one on counts ([`summary_from_counts`]).
//!
//! Sentences below `--min-confidence` are left out of the output, the
//! counts and the weights (their number is reported as `below_min_confidence`).

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::explain::Contribution;
use crate::model::predict::Prediction;
use crate::model::Classifier;
use crate::text::sentences::{split_sentences, Sentence};

/// How many times the next label's weight the heaviest stance label must
/// exceed for the article to take its side: at 2, a report giving one side
/// two sure sentences and the other one is `mixed`, not one-sided.
pub(crate) const MIN_LEAD_RATIO: f64 = 2.0;
/// Stance weight an article needs to have a stance at all: about two sure
/// stance sentences, so that one stray sentence does not make a side.
pub(crate) const MIN_STANCE_WEIGHT: f64 = 1.5;
/// Stance weight an article needs as a share of its sentences.
pub(crate) const MIN_STANCE_SHARE: f64 = 0.1;

/// One labelled sentence.
#[derive(Debug, Clone, Serialize)]
pub struct LabeledSentence {
    /// 0-based position in the article (counting every sentence split).
    pub index: usize,
    /// Byte offset in the source.
    pub start: usize,
    /// Byte offset one past the end.
    pub end: usize,
    /// The sentence (white space folded).
    pub text: String,
    /// The predicted label.
    pub label: String,
    /// Its probability.
    pub confidence: f64,
    /// Probability of every label.
    pub probabilities: BTreeMap<String, f64>,
    /// The largest feature contributions to the predicted label's logit,
    /// when asked for (`classify --explain N`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<Vec<Contribution>>,
}

/// Counts and overall stance of an article.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleSummary {
    /// Sentences per label (every label of the model, zero included).
    pub counts: BTreeMap<String, usize>,
    /// The same as shares of the counted sentences.
    pub shares: BTreeMap<String, f64>,
    /// Summed confidence of the sentences per label: the weights the
    /// article stance is decided on (see the module docs).
    pub weights: BTreeMap<String, f64>,
    /// The weights as shares of their total.
    pub weighted_shares: BTreeMap<String, f64>,
    /// The article stance (see the module docs).
    pub stance: String,
    /// Sentences left out by `--min-confidence`.
    pub below_min_confidence: usize,
}

/// A probability setting (`--min-confidence`, `min_confidence=`) checked:
/// the reason it is refused, shared by the command line and the Python
/// package so both say the same.
pub fn check_probability(p: f64) -> std::result::Result<f64, String> {
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(format!("{p} is not between 0 and 1"))
    }
}

/// A classified article.
#[derive(Debug, Clone, Serialize)]
pub struct Article {
    /// Where the text came from (a path, or `-` for stdin).
    pub source: String,
    /// Its sentences with labels.
    pub sentences: Vec<LabeledSentence>,
    /// Counts and stance.
    pub summary: ArticleSummary,
}

/// Refuse a `.csv` (or `.jsonl`, `.ndjson`) file as an article: `classify`
/// would read its header and commas (or its JSON syntax) as prose and label
/// the records as one run of text. Called on inputs whose format is left
/// to `auto`; `--input-format` says the user knows what the file holds.
pub fn refuse_csv_input(path: &Path) -> Result<()> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    let format = match ext.as_deref() {
        Some("csv") => "csv",
        Some("jsonl" | "ndjson") => "jsonl",
        _ => return Ok(()),
    };
    Err(Error::CsvArticle {
        path: path.to_path_buf(),
        format,
    })
}

/// Split `text` into sentences and label each one.
pub fn classify_article(
    classifier: &Classifier,
    source: &str,
    text: &str,
    min_confidence: Option<f64>,
) -> Article {
    let (sentences, summary) = classify_text(classifier, text, min_confidence, true);
    Article {
        source: source.to_string(),
        sentences,
        summary,
    }
}

/// [`classify_article`] on the calling thread alone, for callers that
/// already spread whole articles over the threads (the Python package's
/// `classify_many`): splitting each article's sentences over the threads
/// again only adds scheduling.
pub fn classify_article_on_this_thread(
    classifier: &Classifier,
    source: &str,
    text: &str,
    min_confidence: Option<f64>,
) -> Article {
    let (sentences, summary) = classify_text(classifier, text, min_confidence, false);
    Article {
        source: source.to_string(),
        sentences,
        summary,
    }
}

/// The labelled sentences of `text` and their summary, as in
/// [`classify_article`]; with `parallel` false on the calling thread alone,
/// for callers that already spread whole texts over the threads (records).
pub(crate) fn classify_text(
    classifier: &Classifier,
    text: &str,
    min_confidence: Option<f64>,
    parallel: bool,
) -> (Vec<LabeledSentence>, ArticleSummary) {
    let split = split_sentences(text);
    let label = |(index, s)| label_sentence(classifier, index, 0, s);
    let all: Vec<LabeledSentence> = if parallel {
        split.into_par_iter().enumerate().map(label).collect()
    } else {
        split.into_iter().enumerate().map(label).collect()
    };
    let total = all.len();
    let sentences: Vec<LabeledSentence> = all
        .into_iter()
        .filter(|s| passes(s, min_confidence))
        .collect();
    let below = total - sentences.len();
    let summary = summarise(classifier.labels(), &sentences, below);
    (sentences, summary)
}

/// Label one split sentence; `offset` is added to its span (the byte offset
/// of the text it was split from, when that is a piece of a larger source).
pub(crate) fn label_sentence(
    classifier: &Classifier,
    index: usize,
    offset: usize,
    s: Sentence,
) -> LabeledSentence {
    let p = classifier.predict(&s.text);
    labeled(classifier.labels(), index, offset, s, p)
}

/// A sentence and its prediction as a [`LabeledSentence`] (see
/// [`label_sentence`] for `offset`).
pub(crate) fn labeled(
    labels: &[String],
    index: usize,
    offset: usize,
    s: Sentence,
    p: Prediction,
) -> LabeledSentence {
    LabeledSentence {
        index,
        start: offset + s.start,
        end: offset + s.end,
        label: labels[p.label].clone(),
        confidence: p.confidence(),
        probabilities: labels.iter().cloned().zip(p.probabilities).collect(),
        text: s.text,
        explain: None,
    }
}

/// Is a sentence kept by `--min-confidence`?
pub(crate) fn passes(s: &LabeledSentence, min_confidence: Option<f64>) -> bool {
    min_confidence.is_none_or(|m| s.confidence >= m)
}

/// Counts, shares and stance of labelled sentences.
pub(crate) fn summarise(
    labels: &[String],
    sentences: &[LabeledSentence],
    below: usize,
) -> ArticleSummary {
    let mut tally = Tally::new(labels);
    for s in sentences {
        tally.add(s);
    }
    tally.below = below;
    tally.summary()
}

/// Every label of the model with a count of zero.
pub(crate) fn zero_counts(labels: &[String]) -> BTreeMap<String, usize> {
    labels.iter().map(|l| (l.clone(), 0)).collect()
}

/// Running counts and weights per label: what a summary needs of the
/// sentences, so a streaming classification keeps these instead of them.
/// Adding the sentences in article order gives the same sums (to the last
/// bit) as [`summarise`].
#[derive(Debug, Clone)]
pub(crate) struct Tally {
    counts: BTreeMap<String, usize>,
    weights: BTreeMap<String, f64>,
    /// Sentences left out by `--min-confidence`.
    pub below: usize,
}

impl Tally {
    /// Every label of the model at zero.
    pub(crate) fn new(labels: &[String]) -> Self {
        Tally {
            counts: zero_counts(labels),
            weights: labels.iter().map(|l| (l.clone(), 0.0)).collect(),
            below: 0,
        }
    }

    /// Count a kept sentence.
    pub(crate) fn add(&mut self, s: &LabeledSentence) {
        *self.counts.entry(s.label.clone()).or_insert(0) += 1;
        *self.weights.entry(s.label.clone()).or_insert(0.0) += s.confidence;
    }

    /// The summary of the sentences added.
    pub(crate) fn summary(self) -> ArticleSummary {
        summary_from_weights(self.counts, self.weights, self.below)
    }
}

/// The summary of sentences whose labels are certain, each weighing 1
/// (gold labels): counts and weights are the same.
#[cfg(any(test, feature = "bench-internals"))]
pub fn summary_from_counts(counts: BTreeMap<String, usize>, below: usize) -> ArticleSummary {
    let weights = counts.iter().map(|(l, &c)| (l.clone(), c as f64)).collect();
    summary_from_weights(counts, weights, below)
}

fn summary_from_weights(
    counts: BTreeMap<String, usize>,
    weights: BTreeMap<String, f64>,
    below: usize,
) -> ArticleSummary {
    let n: usize = counts.values().sum();
    let shares = counts
        .iter()
        .map(|(l, &c)| (l.clone(), if n > 0 { c as f64 / n as f64 } else { 0.0 }))
        .collect();
    let total: f64 = weights.values().sum();
    let weighted_shares = weights
        .iter()
        .map(|(l, &w)| (l.clone(), if total > 0.0 { w / total } else { 0.0 }))
        .collect();
    ArticleSummary {
        stance: article_stance(&weights, n),
        counts,
        shares,
        weights,
        weighted_shares,
        below_min_confidence: below,
    }
}

/// Is this label the "no stance" label?
pub(crate) fn is_neutral_label(label: &str) -> bool {
    label.eq_ignore_ascii_case("neutral") || label.eq_ignore_ascii_case("none")
}

/// The article-stance rule (see the module docs) on the weight of each
/// label among `sentences` sentences.
pub(crate) fn article_stance(weights: &BTreeMap<String, f64>, sentences: usize) -> String {
    let mut stance: Vec<(&String, f64)> = weights
        .iter()
        .filter(|(l, _)| !is_neutral_label(l))
        .map(|(l, &w)| (l, w))
        .collect();
    let total: f64 = stance.iter().map(|(_, w)| w).sum();
    if total < MIN_STANCE_WEIGHT || total < MIN_STANCE_SHARE * sentences as f64 {
        return "neutral".to_string();
    }
    // Heaviest first; equal weights in label order.
    stance.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let runner_up = stance.get(1).map_or(0.0, |(_, w)| *w);
    if stance[0].1 > MIN_LEAD_RATIO * runner_up {
        stance[0].0.clone()
    } else {
        "mixed".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probabilities_run_from_0_to_1_inclusive() {
        assert_eq!(check_probability(0.0), Ok(0.0));
        assert_eq!(check_probability(1.0), Ok(1.0));
        assert_eq!(
            check_probability(1.5),
            Err("1.5 is not between 0 and 1".to_string())
        );
        assert!(check_probability(-0.1).is_err());
        assert!(check_probability(f64::NAN).is_err());
    }

    #[test]
    fn classifying_on_this_thread_gives_the_same_article() {
        let model = crate::model::file::default_model().unwrap();
        let text = "Publishing the weights lets outside teams check the model. \
                    Some labs say release should wait for safety tests.\n\n\
                    The meeting is on Tuesday. Nobody has said more.";
        for min in [None, Some(0.9)] {
            let parallel = classify_article(&model, "a", text, min);
            let serial = classify_article_on_this_thread(&model, "a", text, min);
            assert_eq!(
                serde_json::to_string(&parallel).unwrap(),
                serde_json::to_string(&serial).unwrap()
            );
            assert_eq!(
                serial.sentences.len() + serial.summary.below_min_confidence,
                4
            );
        }
    }

    fn weights(pairs: &[(&str, f64)]) -> BTreeMap<String, f64> {
        pairs.iter().map(|(l, w)| (l.to_string(), *w)).collect()
    }

    /// The rule on gold-like labels (each sentence weighs 1).
    fn on_counts(pairs: &[(&str, usize)]) -> String {
        let counts = pairs.iter().map(|(l, c)| (l.to_string(), *c)).collect();
        summary_from_counts(counts, 0).stance
    }

    #[test]
    fn stance_rule_on_counts() {
        // 6 against 2: three times the other side.
        assert_eq!(
            on_counts(&[("neutral", 10), ("pro-open", 6), ("pro-closed", 2)]),
            "pro-open"
        );
        assert_eq!(
            on_counts(&[("neutral", 10), ("pro-open", 5), ("pro-closed", 4)]),
            "mixed"
        );
        // Two quotes of one side and one of the other: both hold real weight.
        assert_eq!(
            on_counts(&[("neutral", 10), ("pro-open", 1), ("pro-closed", 2)]),
            "mixed"
        );
        // Just over twice the other side.
        assert_eq!(
            on_counts(&[("neutral", 10), ("pro-open", 2), ("pro-closed", 5)]),
            "pro-closed"
        );
        assert_eq!(
            on_counts(&[("neutral", 30), ("pro-open", 1), ("pro-closed", 0)]),
            "neutral"
        );
        // 2 stance sentences out of 40 is under 10%.
        assert_eq!(
            on_counts(&[("neutral", 38), ("pro-open", 2), ("pro-closed", 0)]),
            "neutral"
        );
        assert_eq!(
            on_counts(&[("neutral", 0), ("pro-open", 0), ("pro-closed", 0)]),
            "neutral"
        );
        // Label sets without a neutral label: every label bears a stance.
        assert_eq!(on_counts(&[("negative", 2), ("positive", 8)]), "positive");
        assert_eq!(
            on_counts(&[("AGAINST", 5), ("FAVOR", 5), ("NONE", 3)]),
            "mixed"
        );
    }

    #[test]
    fn sure_sentences_outweigh_unsure_ones() {
        // Two barely pro-closed sentences (0.45 each) against three sure
        // pro-open ones (0.95): 3 to 2 by counts would be mixed.
        let w = weights(&[("neutral", 8.0), ("pro-closed", 0.9), ("pro-open", 2.85)]);
        assert_eq!(article_stance(&w, 13), "pro-open");
        // Five unsure pro-closed sentences (0.5) against two sure pro-open
        // ones: 5 to 2 by counts would be pro-closed.
        let w = weights(&[("neutral", 8.0), ("pro-closed", 2.5), ("pro-open", 1.9)]);
        assert_eq!(article_stance(&w, 15), "mixed");
        // Two unsure stance sentences do not make a side.
        let w = weights(&[("neutral", 8.0), ("pro-closed", 0.0), ("pro-open", 1.1)]);
        assert_eq!(article_stance(&w, 10), "neutral");
        // Equal weights: mixed, whatever the label order.
        let w = weights(&[("a", 2.0), ("b", 2.0)]);
        assert_eq!(article_stance(&w, 4), "mixed");
    }

    #[test]
    fn summary_reports_counts_and_weights() {
        let labels: Vec<String> = ["neutral", "pro-closed", "pro-open"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let sentence = |label: &str, confidence: f64| LabeledSentence {
            index: 0,
            start: 0,
            end: 0,
            text: String::new(),
            label: label.to_string(),
            confidence,
            probabilities: BTreeMap::new(),
            explain: None,
        };
        let s = summarise(
            &labels,
            &[
                sentence("pro-open", 0.9),
                sentence("pro-open", 0.6),
                sentence("neutral", 0.5),
            ],
            2,
        );
        assert_eq!(s.counts["pro-open"], 2);
        assert_eq!(s.counts["pro-closed"], 0);
        assert!((s.shares["pro-open"] - 2.0 / 3.0).abs() < 1e-12);
        assert!((s.weights["pro-open"] - 1.5).abs() < 1e-12);
        assert!((s.weighted_shares["pro-open"] - 0.75).abs() < 1e-12);
        assert!((s.weighted_shares["neutral"] - 0.25).abs() < 1e-12);
        assert_eq!(s.stance, "pro-open");
        assert_eq!(s.below_min_confidence, 2);
    }
}
