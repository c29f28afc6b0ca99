//! What to label next: the unlabelled sentences the model is least sure of,
//! none a near-duplicate of another or of the training data.
//!
//! 1. [`candidates`]: articles or a CSV of sentences -> candidates, each
//!    scored by the model and traced to its source.
//! 2. [`uncertainty`]: label probabilities -> how worth labelling a sentence
//!    is (margin or entropy).
//! 3. [`near_dup`]: word-bigram Jaccard similarity and an inverted index.
//! 4. [`select`](mod@select): the top `n` by uncertainty, skipping near-duplicates.
//!
//! [`suggest`] runs 2 to 4 on candidates; `examples/learning_curve.rs` runs
//! the same selection in a simulation to measure what it is worth.

pub(crate) mod candidates;
pub(crate) mod near_dup;
pub(crate) mod select;
pub(crate) mod uncertainty;

use std::path::PathBuf;

use crate::data::read_text_csv;
use crate::error::Result;
use crate::model::Classifier;
use candidates::Candidate;
use near_dup::NearDupIndex;
use select::select;
use uncertainty::Strategy;

/// Number of sentences suggested when not told otherwise: an hour or so of
/// careful labelling.
pub const DEFAULT_N: usize = 50;

/// Where the default model's training data lives, relative to the
/// repository root; `suggest` skips near-duplicates of it when run there.
pub const DEFAULT_TRAINING_DATA: &str = "data/train.csv";

/// How to choose.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SuggestOptions {
    /// The uncertainty measure.
    pub strategy: Strategy,
    /// How many sentences to suggest.
    pub n: usize,
}

impl Default for SuggestOptions {
    fn default() -> Self {
        SuggestOptions {
            strategy: Strategy::DEFAULT,
            n: DEFAULT_N,
        }
    }
}

/// One sentence to label, with the model's guess.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// The sentence.
    pub text: String,
    /// The label the model predicts (a hint for the labeller, not an answer).
    pub suggested: String,
    /// The model's probability for that label.
    pub confidence: f64,
    /// Where the sentence came from (see [`read_candidates`](crate::read_candidates)).
    pub source: String,
}

/// The suggestions and what was passed over to get them.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestions {
    /// Most worth labelling first.
    pub rows: Vec<Suggestion>,
    /// Candidates read.
    pub candidates: usize,
    /// Candidates skipped as near-duplicates of the training data.
    pub skipped_known: usize,
    /// Candidates skipped as near-duplicates of a sentence suggested before them.
    pub skipped_each_other: usize,
}

/// Choose the sentences to label next among `candidates`. `known` holds the
/// sentences already labelled (empty to skip that check); it is left
/// holding the suggestions as well.
pub fn suggest(
    classifier: &Classifier,
    candidates: &[Candidate],
    known: &mut NearDupIndex,
    options: &SuggestOptions,
) -> Suggestions {
    let texts: Vec<&str> = candidates.iter().map(|c| c.text.as_str()).collect();
    let scores: Vec<f64> = candidates
        .iter()
        .map(|c| options.strategy.score(&c.prediction.probabilities))
        .collect();
    let selection = select(&texts, &scores, options.n, known);
    let rows = selection
        .picked
        .iter()
        .map(|&i| {
            let c = &candidates[i];
            Suggestion {
                text: c.text.clone(),
                suggested: classifier.labels()[c.prediction.label].clone(),
                confidence: c.prediction.confidence(),
                source: c.source.clone(),
            }
        })
        .collect();
    Suggestions {
        rows,
        candidates: candidates.len(),
        skipped_known: selection.skipped_known,
        skipped_each_other: selection.skipped_each_other,
    }
}

/// An index of the texts of labelled CSV files (column `text_column`), for
/// skipping suggestions the training data already covers.
pub fn known_index(paths: &[PathBuf], text_column: &str, threshold: f64) -> Result<NearDupIndex> {
    let mut index = NearDupIndex::new(threshold);
    for path in paths {
        for row in read_text_csv(path, text_column)? {
            index.insert(&row.text);
        }
    }
    Ok(index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::file::default_model;
    use near_dup::NEAR_DUP_JACCARD;

    #[test]
    fn suggests_the_least_certain_first_and_skips_known_sentences() {
        let model = default_model().unwrap();
        let texts = [
            "Open weights let anyone audit the model, and that is how safety improves.",
            "The meeting is on Tuesday.",
            "Some say open release helps defenders; others say it helps attackers.",
            "Releasing frontier weights to everyone is reckless and must be restricted.",
            "Critics and supporters both made their case at the hearing.",
        ];
        let candidates: Vec<Candidate> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Candidate {
                text: t.to_string(),
                source: format!("x.csv:{}", i + 2),
                prediction: model.predict(t),
            })
            .collect();
        let mut known = NearDupIndex::from_texts(NEAR_DUP_JACCARD, &["The meeting is on Tuesday!"]);
        let out = suggest(
            &model,
            &candidates,
            &mut known,
            &SuggestOptions {
                strategy: Strategy::Margin,
                n: 10,
            },
        );
        assert_eq!(out.candidates, 5);
        assert_eq!(out.skipped_known, 1);
        assert_eq!(out.rows.len(), 4);
        assert!(out.rows.iter().all(|r| r.source != "x.csv:3"));
        let margins: Vec<f64> = out
            .rows
            .iter()
            .map(|r| uncertainty::margin(&model.predict(&r.text).probabilities))
            .collect();
        assert!(margins.windows(2).all(|w| w[0] <= w[1]), "{margins:?}");
        for r in &out.rows {
            let p = model.predict(&r.text);
            assert_eq!(r.suggested, model.labels()[p.label]);
            assert_eq!(r.confidence, p.confidence());
        }
    }
}
