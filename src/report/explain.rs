//! Explanations and the model card, as text for a terminal or as JSON.
//!
//! JSON of `explain`: `{"explanations": [{"text", "gold"?, "label",
//! "probabilities", "labels": [{"label", "probability", "logit",
//! "intercept", "contributions": [{"feature", "shown", "value",
//! "coefficient", "contribution"}], "rest", "rest_features"}]}]}`.
//! JSON of `inspect`: `{"source", "labels", "features", "settings",
//! "training", "strongest": {LABEL: [{"feature", "coefficient"}]}}`.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::features::config::FeatureConfig;
use crate::model::explain::{shown, Explanation, NB_TERM_PREFIX};
use crate::model::{Classifier, TrainingInfo};

/// An explanation with the sentence's gold label, when it has one.
#[derive(Debug, Clone, Serialize)]
pub struct ExplainedSentence {
    /// The hand label from the CSV, if the file had one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gold: Option<String>,
    /// The decomposition.
    #[serde(flatten)]
    pub explanation: Explanation,
}

/// Write explanations as one JSON document.
pub fn write_explanations_json(out: &mut dyn Write, items: &[ExplainedSentence]) -> io::Result<()> {
    #[derive(Serialize)]
    struct Doc<'a> {
        explanations: &'a [ExplainedSentence],
    }
    serde_json::to_writer_pretty(
        &mut *out,
        &Doc {
            explanations: items,
        },
    )?;
    writeln!(out)
}

/// Write one explanation for a terminal: the prediction, then for each
/// label (predicted first) its logit as intercept + contributions + rest.
pub fn write_explanation_text(out: &mut dyn Write, item: &ExplainedSentence) -> io::Result<()> {
    let e = &item.explanation;
    writeln!(out, "sentence   {}", e.text)?;
    let probs: Vec<String> = e
        .probabilities
        .iter()
        .map(|(l, p)| format!("{l} {p:.3}"))
        .collect();
    write!(out, "predicted  {}  ({})", e.label, probs.join(", "))?;
    match &item.gold {
        Some(g) if !g.is_empty() => {
            let mark = if *g == e.label { "right" } else { "WRONG" };
            writeln!(out, "  gold {g}: {mark}")?
        }
        _ => writeln!(out)?,
    }
    let mut order: Vec<_> = e.labels.iter().collect();
    order.sort_by_key(|l| l.label != e.label);
    for l in order {
        let features: f64 = l.contributions.iter().map(|c| c.contribution).sum::<f64>() + l.rest;
        writeln!(
            out,
            "\n  {}  logit {:+.3} = intercept {:+.3} + features {:+.3}",
            l.label, l.logit, l.intercept, features
        )?;
        if l.contributions.is_empty() && l.rest_features == 0 {
            writeln!(out, "    (no feature of the model occurs in this sentence)")?;
        }
        for c in &l.contributions {
            // The model's term only when it differs from the words shown.
            let term = if c.feature == c.shown.to_lowercase() {
                String::new()
            } else {
                format!("  [{}]", c.feature)
            };
            if c.feature.starts_with(NB_TERM_PREFIX) {
                writeln!(
                    out,
                    "    {:+.3}  {:<30}  naive bayes{term}",
                    c.contribution, c.shown
                )?;
            } else {
                writeln!(
                    out,
                    "    {:+.3}  {:<30}  tf-idf {:.3} x coef {:+.3}{term}",
                    c.contribution, c.shown, c.value, c.coefficient
                )?;
            }
        }
        if l.rest_features > 0 {
            writeln!(
                out,
                "    {:+.3}  ({} more feature{})",
                l.rest,
                l.rest_features,
                if l.rest_features == 1 { "" } else { "s" }
            )?;
        }
    }
    Ok(())
}

/// What `inspect` prints: where a model came from, how it turns text into
/// features, and what it learnt.
#[derive(Debug, Clone, Serialize)]
pub struct ModelCard<'a> {
    /// The model file, or `embedded` for the binary's default model.
    pub source: String,
    /// Labels in model order.
    pub labels: &'a [String],
    /// Number of features kept.
    pub features: usize,
    /// How text becomes features.
    pub settings: &'a FeatureConfig,
    /// Data, optimiser and tuning record.
    pub training: &'a TrainingInfo,
    /// The features with the largest coefficient for each label.
    pub strongest: BTreeMap<String, Vec<StrongFeature>>,
}

/// A feature and its coefficient for one label.
#[derive(Debug, Clone, Serialize)]
pub struct StrongFeature {
    /// The model's term (stems, `NOT_` for a negated word, `c:` for letters).
    pub feature: String,
    /// The term in its commonest training wording (the term itself when the
    /// model did not record wordings).
    pub shown: String,
    /// Its coefficient.
    pub coefficient: f64,
}

impl<'a> ModelCard<'a> {
    /// The card of a model, with the `top` strongest features per label.
    pub fn new(model: &'a Classifier, source: String, top: usize) -> Self {
        ModelCard {
            source,
            labels: model.labels(),
            features: model.vectorizer().tfidf().len(),
            settings: model.vectorizer().config(),
            training: model.training(),
            strongest: model
                .strongest_features(top)
                .into_iter()
                .map(|(label, feats)| {
                    let feats = feats
                        .into_iter()
                        .map(|(feature, coefficient)| StrongFeature {
                            shown: shown_in_training(model, &feature),
                            feature,
                            coefficient,
                        })
                        .collect();
                    (label, feats)
                })
                .collect(),
        }
    }

    /// As pretty JSON.
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, self)?;
        writeln!(out)
    }

    /// As aligned text.
    pub fn write_text(&self, out: &mut dyn Write) -> io::Result<()> {
        let t = self.training;
        let s = self.settings;
        writeln!(out, "model         {}", self.source)?;
        writeln!(out, "labels        {}", self.labels.join(", "))?;
        let per_label: Vec<String> = t
            .rows_per_label
            .iter()
            .map(|(l, n)| format!("{l} {n}"))
            .collect();
        writeln!(
            out,
            "trained on    {} ({} rows: {}), columns '{}' / '{}'{}",
            t.data_file,
            t.rows,
            per_label.join(", "),
            t.text_column,
            t.label_column,
            if t.balanced {
                "; labels balanced in the fit (smaller labels' rows weighted up)"
            } else {
                ""
            }
        )?;
        writeln!(out, "data sha256   {}", t.data_sha256)?;
        writeln!(
            out,
            "features      {} kept: word {}..{}-grams{}, min_df {}, cap {}, sublinear tf, negation {}, stemmer {}{}",
            self.features,
            s.word_ngrams.0,
            s.word_ngrams.1,
            s.char_ngrams
                .map(|(a, b)| format!(" + char {a}..{b}-grams"))
                .unwrap_or_default(),
            s.min_df,
            s.max_features
                .map(|m| m.to_string())
                .unwrap_or_else(|| "none".into()),
            if s.negation { "on" } else { "off" },
            s.stemmer,
            if s.nb_scale { ", NB-scaled" } else { "" },
        )?;
        if let Some(nb) = &s.nb_score {
            let seen = match nb.min_df {
                1 => "seen in training".to_string(),
                n => format!("in at least {n} sentences"),
            };
            writeln!(
                out,
                "naive bayes   one score per label over word {}..{}-grams {seen}, scale {}",
                nb.ngrams.0, nb.ngrams.1, nb.scale
            )?;
        }
        match &t.tuning {
            Some(tu) => writeln!(
                out,
                "alpha         {} (tuned by {}-fold CV, seed {}; macro-F1 by alpha: {})",
                t.alpha,
                tu.folds,
                tu.seed,
                tu.by_alpha()
            )?,
            None => writeln!(out, "alpha         {} (not tuned)", t.alpha)?,
        }
        writeln!(
            out,
            "fit           {} (gradient norm {:.2e}, tolerance {:.0e}, at most {} iterations)",
            if t.converged {
                "converged"
            } else {
                "NOT converged"
            },
            t.gradient_norm,
            t.gradient_tolerance,
            t.max_iterations
        )?;
        if let Some(settings) = &t.settings {
            writeln!(out, "settings      {}", settings.flags())?;
        }
        writeln!(out, "stance        {}", t.stance_version)?;
        writeln!(
            out,
            "\nstrongest features per label (coefficient, commonest training wording, model term)"
        )?;
        for (label, feats) in &self.strongest {
            writeln!(out, "  {label}")?;
            for f in feats {
                writeln!(
                    out,
                    "    {:+.3}  {:<28}  {}",
                    f.coefficient, f.shown, f.feature
                )?;
            }
        }
        Ok(())
    }
}

/// A model term in its commonest training wording.
fn shown_in_training(model: &Classifier, feature: &str) -> String {
    let v = model.vectorizer();
    let words = v
        .tfidf()
        .index_of(feature)
        .and_then(|j| v.surfaces().get(j as usize))
        .filter(|w| !w.is_empty());
    shown(
        feature,
        words
            .map(|w| vec![w.as_str()])
            .unwrap_or_default()
            .as_slice(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::file::default_model;

    #[test]
    fn text_explanation_adds_up_on_screen() {
        let model = default_model().unwrap();
        let mut e = model.explain("Open weights let anyone audit the model.");
        e.truncate(2);
        let item = ExplainedSentence {
            gold: Some("pro-open".into()),
            explanation: e,
        };
        let mut out = Vec::new();
        write_explanation_text(&mut out, &item).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("sentence   Open weights let anyone audit the model.\n"));
        assert!(text.contains("gold pro-open: "));
        // Every label has a logit line and at most two feature lines plus "more".
        for l in model.labels() {
            assert!(text.contains(&format!("\n  {l}  logit ")), "{text}");
        }
        assert!(text.contains("more feature"));
    }

    #[test]
    fn model_card_lists_settings_and_features() {
        let model = default_model().unwrap();
        let card = ModelCard::new(&model, "embedded".into(), 3);
        let mut out = Vec::new();
        card.write_text(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let rows = model.training().rows;
        assert!(rows > 1000);
        assert!(text.contains(&format!("trained on    train.csv ({rows} rows")));
        assert!(!text.contains("balanced"), "the default model is not");
        let kept = model.vectorizer().tfidf().len();
        assert!(kept > 1000);
        assert!(text.contains(&format!("features      {kept} kept: word 1..3-grams")));
        let mut json = Vec::new();
        card.write_json(&mut json).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(v["strongest"]["pro-open"].as_array().unwrap().len(), 3);
        assert_eq!(v["features"], kept);
    }
}
