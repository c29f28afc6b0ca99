//! Classify an article sentence by sentence, and the rule that turns the
//! sentence labels into one article stance.
//!
//! **The article-stance rule.** Sentences labelled `neutral` (or `none`,
//! any case) carry no stance; every other label is stance-bearing (with a
//! label set that has no neutral label, every label is). Let `S` be the
//! number of stance-bearing sentences and `N` all sentences:
//! - if `S < 2` or `S < 10%` of `N`, the article is `neutral`;
//! - else if one label holds at least 60% of the `S` sentences, the article
//!   takes that label (a clear majority);
//! - else the article is `mixed`.
//!
//! Sentences below `--min-confidence` are left out of the output and the
//! counts (their number is reported as `below_min_confidence`).

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::model::explain::Contribution;
use crate::model::predict::Prediction;
use crate::model::Classifier;
use crate::text::sentences::{split_sentences, Sentence};

/// Share of the stance-bearing sentences a label needs to be the article's stance.
pub const MAJORITY_SHARE: f64 = 0.6;
/// Share of all sentences that must bear a stance for the article to have one.
pub const MIN_STANCE_SHARE: f64 = 0.1;

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
    /// The article stance (see the module docs).
    pub stance: String,
    /// Sentences left out by `--min-confidence`.
    pub below_min_confidence: usize,
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

/// Split `text` into sentences and label each one.
pub fn classify_article(
    classifier: &Classifier,
    source: &str,
    text: &str,
    min_confidence: Option<f64>,
) -> Article {
    let labels = classifier.labels();
    let all: Vec<LabeledSentence> = split_sentences(text)
        .into_par_iter()
        .enumerate()
        .map(|(index, s)| label_sentence(classifier, index, 0, s))
        .collect();
    let total = all.len();
    let sentences: Vec<LabeledSentence> = all
        .into_iter()
        .filter(|s| passes(s, min_confidence))
        .collect();
    let below = total - sentences.len();
    let summary = summarise(labels, &sentences, below);
    Article {
        source: source.to_string(),
        sentences,
        summary,
    }
}

/// Label one split sentence; `offset` is added to its span (the byte offset
/// of the text it was split from, when that is a piece of a larger source).
pub fn label_sentence(
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
pub fn labeled(
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
pub fn passes(s: &LabeledSentence, min_confidence: Option<f64>) -> bool {
    min_confidence.is_none_or(|m| s.confidence >= m)
}

/// Counts, shares and stance of labelled sentences.
pub fn summarise(labels: &[String], sentences: &[LabeledSentence], below: usize) -> ArticleSummary {
    let mut counts = zero_counts(labels);
    for s in sentences {
        *counts.entry(s.label.clone()).or_insert(0) += 1;
    }
    summary_from_counts(counts, below)
}

/// Every label of the model with a count of zero.
pub fn zero_counts(labels: &[String]) -> BTreeMap<String, usize> {
    labels.iter().map(|l| (l.clone(), 0)).collect()
}

/// Shares and stance from the sentence counts per label (every label of the
/// model, zero included), as [`summarise`] computes them; what a streaming
/// classification keeps instead of the sentences.
pub fn summary_from_counts(counts: BTreeMap<String, usize>, below: usize) -> ArticleSummary {
    let n: usize = counts.values().sum();
    let shares = counts
        .iter()
        .map(|(l, &c)| (l.clone(), if n > 0 { c as f64 / n as f64 } else { 0.0 }))
        .collect();
    ArticleSummary {
        stance: article_stance(&counts),
        counts,
        shares,
        below_min_confidence: below,
    }
}

/// Is this label the "no stance" label?
pub fn is_neutral_label(label: &str) -> bool {
    label.eq_ignore_ascii_case("neutral") || label.eq_ignore_ascii_case("none")
}

/// The article-stance rule (see the module docs).
pub fn article_stance(counts: &BTreeMap<String, usize>) -> String {
    let total: usize = counts.values().sum();
    let stance: Vec<(&String, usize)> = counts
        .iter()
        .filter(|(l, _)| !is_neutral_label(l))
        .map(|(l, &c)| (l, c))
        .collect();
    let s: usize = stance.iter().map(|(_, c)| c).sum();
    if s < 2 || (s as f64) < MIN_STANCE_SHARE * total as f64 {
        return "neutral".to_string();
    }
    let (top, top_count) = stance
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(l, c)| ((*l).clone(), *c))
        .unwrap_or_default();
    if top_count as f64 >= MAJORITY_SHARE * s as f64 {
        top
    } else {
        "mixed".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
        pairs.iter().map(|(l, c)| (l.to_string(), *c)).collect()
    }

    #[test]
    fn stance_rule() {
        let rule = |p: &[(&str, usize)]| article_stance(&counts(p));
        assert_eq!(
            rule(&[("neutral", 10), ("pro-open", 6), ("pro-closed", 2)]),
            "pro-open"
        );
        assert_eq!(
            rule(&[("neutral", 10), ("pro-open", 5), ("pro-closed", 4)]),
            "mixed"
        );
        assert_eq!(
            rule(&[("neutral", 30), ("pro-open", 1), ("pro-closed", 0)]),
            "neutral"
        );
        // 2 stance sentences out of 40 is under 10%.
        assert_eq!(
            rule(&[("neutral", 38), ("pro-open", 2), ("pro-closed", 0)]),
            "neutral"
        );
        assert_eq!(
            rule(&[("neutral", 0), ("pro-open", 0), ("pro-closed", 0)]),
            "neutral"
        );
        // Exactly 60% is a clear majority.
        assert_eq!(
            rule(&[("neutral", 0), ("pro-open", 3), ("pro-closed", 2)]),
            "pro-open"
        );
        // Label sets without a neutral label: every label bears a stance.
        assert_eq!(rule(&[("negative", 2), ("positive", 8)]), "positive");
        assert_eq!(rule(&[("AGAINST", 5), ("FAVOR", 5), ("NONE", 3)]), "mixed");
    }
}
