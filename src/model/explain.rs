//! Why a sentence got its label: the exact additive decomposition of each
//! label's logit into per-feature contributions.
//!
//! The model is linear in the features, so label `k`'s logit is
//! `intercept[k] + Σ_j x_j · w[j][k]` over the sentence's features `j`, where
//! `x_j` is the feature's TF-IDF value in the sentence. Each term of that sum
//! is one [`Contribution`]; nothing is approximated, and a test checks that
//! they add up to [`Classifier::logits`]. Features are shown with the words
//! of the sentence they came from (`shown`), since the model's own terms are
//! stems (`weight`, `NOT_releas`) that readers do not recognise.
//!
//! A model with Naive-Bayes score columns (`--nb-score`) is linear in its
//! n-grams there too: label `k`'s part is `Σ_m w[score m][k] · SCALE · Σ_t
//! r_m(t)` over the sentence's distinct counted n-grams `t`, so each n-gram
//! gets its own contribution `SCALE · Σ_m r_m(t) · w[score m][k]`, shown as
//! a feature `nb:TERM` with value 1 (present) and that product as its
//! coefficient. Three opaque "score" rows would say that Naive Bayes
//! decided, not which words made it decide.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::predict::softmax;
use super::Classifier;
use crate::features::config::{CHAR_PREFIX, NEGATED_PREFIX};

/// One feature's share of one label's logit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contribution {
    /// The feature as the model names it (stems, `NOT_` marks, `c:` n-grams).
    pub feature: String,
    /// The same feature in the sentence's own words.
    pub shown: String,
    /// Its TF-IDF value in this sentence.
    pub value: f64,
    /// The model's coefficient for this feature and label.
    pub coefficient: f64,
    /// `value * coefficient`: what the feature adds to the label's logit.
    pub contribution: f64,
}

/// How one label's logit is made up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelExplanation {
    /// The label.
    pub label: String,
    /// Its probability (softmax of the logits).
    pub probability: f64,
    /// Its logit: `intercept + Σ contributions + rest`.
    pub logit: f64,
    /// The label's intercept (bias), present in every sentence.
    pub intercept: f64,
    /// The features, largest absolute contribution first (ties by name).
    pub contributions: Vec<Contribution>,
    /// Sum of the contributions left out by [`Explanation::truncate`], so
    /// the shown parts still add up to the logit.
    pub rest: f64,
    /// How many features `rest` sums.
    pub rest_features: usize,
}

/// A sentence's prediction with every label's logit decomposed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The sentence.
    pub text: String,
    /// The predicted label.
    pub label: String,
    /// Probability of every label.
    pub probabilities: BTreeMap<String, f64>,
    /// One decomposition per label, in the model's label order.
    pub labels: Vec<LabelExplanation>,
}

impl Explanation {
    /// Keep the `n` largest contributions of each label, folding the others
    /// into `rest` (the logit is unchanged).
    pub fn truncate(&mut self, n: usize) {
        for l in &mut self.labels {
            if l.contributions.len() > n {
                let dropped = l.contributions.split_off(n);
                l.rest += dropped.iter().map(|c| c.contribution).sum::<f64>();
                l.rest_features += dropped.len();
            }
        }
    }

    /// The decomposition of the predicted label.
    pub fn predicted(&self) -> &LabelExplanation {
        self.labels
            .iter()
            .find(|l| l.label == self.label)
            .unwrap_or(&self.labels[0])
    }
}

/// Prefix of the feature name of an n-gram's share of the Naive-Bayes score
/// columns (`--nb-score`), followed by the n-gram.
pub(crate) const NB_TERM_PREFIX: &str = "nb:";

impl Classifier {
    /// Explain one sentence: every label's logit as intercept plus one
    /// contribution per feature the sentence has (all of them; see
    /// `Explanation::truncate`).
    pub fn explain(&self, sentence: &str) -> Explanation {
        let vectorizer = self.vectorizer();
        let tfidf = vectorizer.tfidf();
        // The distinct surface forms of each feature, in order of appearance.
        // One walk over the terms gives both the feature ids (weighed into
        // the same row `transform` would give) and their wordings.
        let mut surfaces: FxHashMap<u32, Vec<&str>> = FxHashMap::default();
        let mut ids = Vec::new();
        vectorizer
            .analyzer()
            .for_each_term_spanned(sentence, |term, span| {
                if let Some(id) = tfidf.index_of(term) {
                    ids.push(id);
                    let words = &sentence[span];
                    let seen = surfaces.entry(id).or_default();
                    if !seen.contains(&words) {
                        seen.push(words);
                    }
                }
            });
        let mut row = tfidf.weigh(ids);
        // The Naive-Bayes n-grams, distinct, with their wordings.
        let mut nb_terms: Vec<u32> = Vec::new();
        let mut nb_surfaces: FxHashMap<u32, Vec<&str>> = FxHashMap::default();
        if let Some(nb) = vectorizer.naive_bayes() {
            nb.analyzer().for_each_term_spanned(sentence, |term, span| {
                if let Some(id) = nb.find(term) {
                    let words = &sentence[span];
                    let seen = nb_surfaces.entry(id).or_insert_with(|| {
                        nb_terms.push(id);
                        Vec::new()
                    });
                    if !seen.contains(&words) {
                        seen.push(words);
                    }
                }
            });
            vectorizer.append_scores(&mut row, &nb.scores(sentence));
        }
        let logits = self.logits(&row);
        let probabilities = softmax(&logits);
        let labels = self
            .labels()
            .iter()
            .enumerate()
            .map(|(k, label)| {
                let mut contributions: Vec<Contribution> = row
                    .iter()
                    .filter(|&&(j, _)| (j as usize) < tfidf.len())
                    .map(|&(j, value)| {
                        let coefficient = self.feature_coefficients(j as usize)[k];
                        let term = &tfidf.vocabulary()[j as usize];
                        Contribution {
                            shown: shown(term, surfaces.get(&j).map_or(&[][..], |s| s)),
                            feature: term.clone(),
                            value,
                            coefficient,
                            contribution: value * coefficient,
                        }
                    })
                    .collect();
                if let Some(nb) = vectorizer.naive_bayes() {
                    let scale = nb.config().scale;
                    let first = tfidf.len();
                    contributions.extend(nb_terms.iter().map(|&t| {
                        let weight: f64 = nb
                            .term_ratios(t as usize)
                            .enumerate()
                            .map(|(m, r)| r * self.feature_coefficients(first + m)[k])
                            .sum::<f64>()
                            * scale;
                        let term = nb.terms().get(t as usize);
                        Contribution {
                            shown: shown(term, &nb_surfaces[&t]),
                            feature: format!("{NB_TERM_PREFIX}{term}"),
                            value: 1.0,
                            coefficient: weight,
                            contribution: weight,
                        }
                    }));
                }
                contributions.sort_by(|a, b| {
                    b.contribution
                        .abs()
                        .total_cmp(&a.contribution.abs())
                        .then_with(|| a.feature.cmp(&b.feature))
                });
                LabelExplanation {
                    label: label.clone(),
                    probability: probabilities[k],
                    logit: logits[k],
                    intercept: self.intercepts()[k],
                    contributions,
                    rest: 0.0,
                    rest_features: 0,
                }
            })
            .collect();
        let best = super::predict::argmax(&probabilities);
        Explanation {
            text: sentence.to_string(),
            label: self.labels()[best].clone(),
            probabilities: self
                .labels()
                .iter()
                .cloned()
                .zip(probabilities.iter().copied())
                .collect(),
            labels,
        }
    }

    /// The `n` features with the largest coefficient for each label (what
    /// pushes a sentence towards it most, per unit of TF-IDF), as
    /// `(feature, coefficient)` pairs in the model's label order.
    pub fn strongest_features(&self, n: usize) -> Vec<(String, Vec<(String, f64)>)> {
        let vocabulary = self.vectorizer().tfidf().vocabulary();
        // Flat scan of `features x labels`: 4,000 x 3 numbers, no index needed.
        self.labels()
            .iter()
            .enumerate()
            .map(|(k, label)| {
                let mut ranked: Vec<(usize, f64)> = (0..vocabulary.len())
                    .map(|j| (j, self.feature_coefficients(j)[k]))
                    .collect();
                ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                let top = ranked
                    .into_iter()
                    .take(n)
                    .map(|(j, w)| (vocabulary[j].clone(), w))
                    .collect();
                (label.clone(), top)
            })
            .collect()
    }
}

/// A feature in people's words: the distinct word spans it came from, with
/// a mark when the words were in a negation's scope, and a character n-gram
/// as its letters (`_` for a word edge) and the words holding it. With no
/// wording known, the model's own term.
pub(crate) fn shown(feature: &str, surfaces: &[&str]) -> String {
    let words = surfaces
        .iter()
        .map(|s| fold_space(s))
        .collect::<Vec<_>>()
        .join(" | ");
    if let Some(gram) = feature.strip_prefix(CHAR_PREFIX) {
        let letters = format!("\"{}\"", gram.replace(' ', "_"));
        return if words.is_empty() {
            letters
        } else {
            format!("{letters} in {words}")
        };
    }
    if words.is_empty() {
        return feature.to_string();
    }
    let negated = feature
        .split(' ')
        .filter(|t| t.starts_with(NEGATED_PREFIX))
        .count();
    if negated > 0 && !feature.split(' ').any(|t| !t.starts_with(NEGATED_PREFIX)) {
        format!("{words} (negated)")
    } else {
        words
    }
}

/// Runs of white space (a line break inside a sentence) as one space.
fn fold_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::file::default_model;

    /// The decomposition is exact: for every label, intercept plus all the
    /// contributions equals the logit the classifier scores with, and the
    /// probabilities are the prediction's.
    #[test]
    fn contributions_add_up_to_the_logits() {
        let model = default_model().unwrap();
        let sentences = [
            "Open weights let any lab audit the model, which is why Meta's release matters.",
            "Releasing frontier weights hands bioweapon recipes to anyone with a GPU.",
            "The company reported quarterly revenue of $4.1 billion on Tuesday.",
            "We should not lock these models behind an API.",
            "",
        ];
        // The default model has Naive-Bayes columns: their part of each
        // logit is split per n-gram, and must still add up.
        let nb = model.vectorizer().naive_bayes().unwrap();
        for s in sentences {
            let e = model.explain(s);
            let row = model.vectorizer().transform(s);
            let mut nb_terms = Vec::new();
            nb.term_ids(s, &mut nb_terms);
            nb_terms.sort_unstable();
            nb_terms.dedup();
            let tfidf_features = row
                .iter()
                .filter(|&&(j, _)| (j as usize) < model.vectorizer().tfidf().len())
                .count();
            let features = tfidf_features + nb_terms.len();
            let shown_nb = e.labels[0]
                .contributions
                .iter()
                .filter(|c| c.feature.starts_with(NB_TERM_PREFIX))
                .count();
            assert_eq!(shown_nb, nb_terms.len(), "{s}");
            let logits = model.logits(&row);
            let p = model.predict(s);
            assert_eq!(e.label, model.labels()[p.label]);
            for (k, l) in e.labels.iter().enumerate() {
                let sum: f64 =
                    l.intercept + l.contributions.iter().map(|c| c.contribution).sum::<f64>();
                assert!(
                    (sum - logits[k]).abs() < 1e-9,
                    "{s}: {sum} vs {}",
                    logits[k]
                );
                assert_eq!(l.logit, logits[k]);
                assert!((l.probability - p.probabilities[k]).abs() < 1e-12);
                assert_eq!(l.contributions.len(), features);
            }
            // Truncating keeps the sum: the dropped part moves to `rest`.
            let mut t = e.clone();
            t.truncate(3);
            for (k, l) in t.labels.iter().enumerate() {
                assert!(l.contributions.len() <= 3);
                assert_eq!(l.contributions.len() + l.rest_features, features);
                let sum = l.intercept
                    + l.rest
                    + l.contributions.iter().map(|c| c.contribution).sum::<f64>();
                assert!((sum - logits[k]).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn contributions_are_largest_first_and_shown_in_the_sentence_words() {
        let model = default_model().unwrap();
        let e = model.explain("Open weights are not a threat; open weights are a public good.");
        for l in &e.labels {
            for pair in l.contributions.windows(2) {
                assert!(pair[0].contribution.abs() >= pair[1].contribution.abs());
            }
        }
        let open_weight = e.labels[0]
            .contributions
            .iter()
            .find(|c| c.feature == "open weight")
            .expect("the bigram is in the default vocabulary");
        assert_eq!(open_weight.shown, "Open weights | open weights");
        let negated = e.labels[0]
            .contributions
            .iter()
            .find(|c| c.feature == "NOT_threat");
        if let Some(c) = negated {
            assert_eq!(c.shown, "threat (negated)");
        }
    }

    #[test]
    fn shown_forms() {
        assert_eq!(shown("open weight", &["Open\n weights"]), "Open weights");
        assert_eq!(shown("NOT_releas", &["release"]), "release (negated)");
        assert_eq!(shown("not NOT_releas", &["not release"]), "not release");
        assert_eq!(shown("c: ope", &["Open"]), "\"_ope\" in Open");
        assert_eq!(shown("c:pe ", &[]), "\"pe_\"");
        assert_eq!(shown("orphan", &[]), "orphan");
    }

    #[test]
    fn strongest_features_are_sorted_by_coefficient() {
        let model = default_model().unwrap();
        let top = model.strongest_features(5);
        assert_eq!(top.len(), model.labels().len());
        for (label, feats) in &top {
            assert_eq!(feats.len(), 5, "{label}");
            assert!(feats.windows(2).all(|w| w[0].1 >= w[1].1));
        }
    }
}
