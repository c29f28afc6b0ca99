//! The fitted classifier: a vectorizer, one coefficient per feature and
//! label, one intercept per label, and how it was trained.
//!
//! Training fits linfa-logistic's objective on sparse rows ([`train`],
//! [`sparse_fit`]); serving scores only the features a sentence has
//! (`predict`); the model file is versioned JSON written atomically
//! ([`file`](mod@file)).

pub(crate) mod balance;
pub(crate) mod borrow;
pub(crate) mod explain;
pub(crate) mod file;
pub(crate) mod fit;
mod params;
pub(crate) mod predict;
mod resident;
pub(crate) mod sparse_fit;
pub(crate) mod train;
mod tune;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::features::Vectorizer;

/// A trained classifier, ready to label sentences.
#[derive(Debug)]
pub struct Classifier {
    labels: Vec<String>,
    vectorizer: Vectorizer,
    /// Row-major `features x labels`.
    coefficients: Vec<f64>,
    intercepts: Vec<f64>,
    training: TrainingInfo,
}

impl Classifier {
    /// Assemble a classifier; `coefficients` is row-major `features x labels`.
    pub(crate) fn new(
        labels: Vec<String>,
        vectorizer: Vectorizer,
        coefficients: Vec<f64>,
        intercepts: Vec<f64>,
        training: TrainingInfo,
    ) -> Classifier {
        debug_assert_eq!(coefficients.len(), vectorizer.n_features() * labels.len());
        Classifier {
            labels,
            vectorizer,
            coefficients,
            intercepts,
            training,
        }
    }

    /// The label set, sorted; probabilities and coefficients follow this order.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The text-to-features stage.
    pub fn vectorizer(&self) -> &Vectorizer {
        &self.vectorizer
    }

    /// Coefficients of one feature, one per label.
    pub fn feature_coefficients(&self, feature: usize) -> &[f64] {
        let k = self.labels.len();
        &self.coefficients[feature * k..(feature + 1) * k]
    }

    /// Intercept of each label.
    pub fn intercepts(&self) -> &[f64] {
        &self.intercepts
    }

    /// How the model was trained.
    pub fn training(&self) -> &TrainingInfo {
        &self.training
    }
}

/// What a model file records about its training, so a model can be traced
/// back to its data and settings. Nothing here depends on the clock or the
/// machine, so retraining gives the same bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingInfo {
    /// File name of the training data (without its directory).
    pub data_file: String,
    /// SHA-256 of the training file's bytes.
    pub data_sha256: String,
    /// Column names used for text and label.
    pub text_column: String,
    /// See `text_column`.
    pub label_column: String,
    /// Training rows in all.
    pub rows: usize,
    /// Training rows per label.
    pub rows_per_label: BTreeMap<String, usize>,
    /// L2 strength of the final fit (the tuned one when tuned).
    pub alpha: f64,
    /// Optimiser settings.
    pub max_iterations: u64,
    /// Gradient-norm tolerance per unit of row weight (`--tol`).
    pub gradient_tolerance: f64,
    /// Cross-validation results when alpha was tuned.
    pub tuning: Option<TuningInfo>,
    /// Whether the rows of smaller labels were weighted up to balance the
    /// fit (`--balance`). Written only when true, so models trained without it
    /// keep their bytes; older models read it as `false`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub balanced: bool,
    /// The CSV column that gave each row its sample weight
    /// (`--weight-col`); absent when every row weighed 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight_column: Option<String>,
    /// Whether the final fit reached the gradient tolerance.
    pub converged: bool,
    /// L2 norm of the objective's gradient at the returned parameters,
    /// divided by the training rows' total weight (as the tolerance is).
    pub gradient_norm: f64,
    /// Version of `stance` that trained the model.
    pub stance_version: String,
    /// Every training setting, resolved: what `inspect` prints as the flags
    /// that retrain the model. Absent in models written before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<crate::settings::Settings>,
}

/// The alpha search done by `train --tune`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TuningInfo {
    /// Number of stratified folds.
    pub folds: usize,
    /// Seed of the fold assignment.
    pub seed: u64,
    /// The alphas tried.
    pub alphas: Vec<f64>,
    /// Pooled out-of-fold macro-F1 of each alpha.
    pub cv_macro_f1: Vec<f64>,
    /// The alpha chosen (best macro-F1; ties go to the larger alpha).
    pub best_alpha: f64,
    /// Its macro-F1.
    pub best_cv_macro_f1: f64,
}

impl TuningInfo {
    /// The CV macro-F1 of each alpha tried, as `0.1: 0.8060, 0.3: 0.8112`
    /// (what `train` and `inspect` print).
    pub fn by_alpha(&self) -> String {
        self.alphas
            .iter()
            .zip(&self.cv_macro_f1)
            .map(|(a, f)| format!("{a}: {f:.4}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}
