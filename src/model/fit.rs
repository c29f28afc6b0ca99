//! One training part's fit: its feature rows (own and borrowed), sample
//! weights and the sparse multinomial fit, warm-started across alphas.

use linfa::prelude::*;
use ndarray::{Array1, Array2};

use super::borrow::{doubled_rows, fit_weights, folded_weights, Borrowed};
use super::params::TrainParams;
use super::sparse_fit::{SparseLogisticRegression, SparseRecords};
use super::{Classifier, TrainingInfo};
use crate::error::{Error, Result};
use crate::features::config::FeatureConfig;
use crate::features::tfidf::SparseRow;
use crate::features::Vectorizer;

/// The rows of one training part, in step: texts, label indices and sample
/// weights.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TrainRows<'a> {
    /// The sentences.
    pub texts: &'a [&'a str],
    /// Their label indices.
    pub y: &'a [usize],
    /// Their sample weights.
    pub weights: &'a [f64],
}

/// How one L-BFGS fit ended.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FitReport {
    /// Gradient norm <= tolerance at the returned parameters.
    pub converged: bool,
    /// L2 norm of the gradient there, per unit of row weight (as
    /// [`TrainParams::gradient_tolerance`] is).
    pub gradient_norm: f64,
}

/// The product of one fit, before it becomes a [`Classifier`].
pub(crate) struct Fitted {
    /// The vectorizer fitted on the training texts.
    pub vectorizer: Vectorizer,
    /// `features x labels`.
    pub weights: Array2<f64>,
    /// One per label.
    pub intercepts: Array1<f64>,
    /// Convergence.
    pub report: FitReport,
}

impl Fitted {
    /// Turn into a classifier with its training record.
    pub(crate) fn into_classifier(self, labels: Vec<String>, training: TrainingInfo) -> Classifier {
        let coefficients = self.weights.iter().copied().collect();
        Classifier::new(
            labels,
            self.vectorizer,
            coefficients,
            self.intercepts.to_vec(),
            training,
        )
    }
}

/// Fit the vectorizer and the model on texts with label indices `y`,
/// also learning from `borrowed` rows when given (`model::borrow`).
pub(crate) fn fit_texts(
    rows: TrainRows,
    n_labels: usize,
    alpha: f64,
    params: &TrainParams,
    borrowed: Option<&Borrowed>,
) -> Result<Fitted> {
    let features = &params.features;
    let (vectorizer, set) = prepare_part(features, rows, n_labels, params.balance, borrowed)?;
    if vectorizer.tfidf().is_empty() {
        return Err(Error::Config(format!(
            "no term occurs in at least {} training sentences (--min-df); nothing to learn from",
            features.min_df
        )));
    }
    let fit = fit_set(&set, n_labels, alpha, params, None)?;
    Ok(Fitted {
        vectorizer,
        weights: fit.weights,
        intercepts: fit.intercepts,
        report: fit.report,
    })
}

/// Fit the vectorizer on a training part (its own rows, then any borrowed
/// ones) and build the set the model fits on.
pub(crate) fn prepare_part(
    features: &FeatureConfig,
    TrainRows {
        texts,
        y,
        weights: row_weights,
    }: TrainRows,
    n_labels: usize,
    balance: bool,
    borrowed: Option<&Borrowed>,
) -> Result<(Vectorizer, TrainSet)> {
    let balance = balance.then_some(n_labels);
    let Some(b) = borrowed else {
        let (vectorizer, rows) =
            Vectorizer::fit_training_rows(features, texts, y, n_labels, texts.len())?;
        let weights = fit_weights(y, row_weights, &[], balance);
        let set = TrainSet::new(&rows, vectorizer.n_features(), y, weights, false)?;
        return Ok((vectorizer, set));
    };
    let all_texts: Vec<&str> = texts.iter().chain(&b.texts).copied().collect();
    let all_y: Vec<usize> = y.iter().chain(&b.y).copied().collect();
    let (vectorizer, rows) =
        Vectorizer::fit_training_rows(features, &all_texts, &all_y, n_labels, texts.len())?;
    let n_features = vectorizer.n_features();
    let doubled = doubled_rows(&rows, texts.len(), n_features);
    let weights = fit_weights(y, row_weights, &b.weights, balance);
    let set = TrainSet::new(&doubled, 2 * n_features, &all_y, weights, true)?;
    Ok((vectorizer, set))
}

/// Sparse rows -> a dense matrix (for linfa-logistic, the reference fit).
#[cfg(feature = "bench-internals")]
pub fn dense(rows: &[SparseRow], n_features: usize) -> Array2<f64> {
    let mut x = Array2::zeros((rows.len(), n_features));
    for (i, row) in rows.iter().enumerate() {
        for &(j, v) in row {
            x[[i, j as usize]] += v;
        }
    }
    x
}

/// The rows, labels and weights of one training part, built once and shared
/// by every alpha tried on it.
pub(crate) struct TrainSet {
    dataset: DatasetBase<SparseRecords, Array1<usize>>,
    /// Borrowing: the features are two copies, folded after the fit.
    doubled: bool,
}

impl TrainSet {
    /// Rows over `n_features` columns (doubled: two copies of the model's
    /// features) with their labels and sample weights.
    pub(crate) fn new(
        rows: &[SparseRow],
        n_features: usize,
        y: &[usize],
        weights: Vec<f64>,
        doubled: bool,
    ) -> Result<Self> {
        let records = SparseRecords::from_rows(rows, n_features)?.with_weights(weights)?;
        Ok(TrainSet {
            dataset: DatasetBase::new(records, Array1::from(y.to_vec())),
            doubled,
        })
    }
}

/// One fit's weights over every label, its report, and its raw parameters
/// to warm-start the next alpha on the same set.
pub(crate) struct SetFit {
    /// `features x labels`.
    pub weights: Array2<f64>,
    /// One per label.
    pub intercepts: Array1<f64>,
    /// Convergence.
    pub report: FitReport,
    warm: Array2<f64>,
}

/// One multinomial fit ([`SparseLogisticRegression`]). Labels absent from the
/// training set (possible in a small group or fold) get zero weights and a
/// very low intercept. `init` warm-starts from an earlier fit on the same set.
pub(crate) fn fit_set(
    set: &TrainSet,
    n_labels: usize,
    alpha: f64,
    params: &TrainParams,
    init: Option<&SetFit>,
) -> Result<SetFit> {
    let records = set.dataset.records();
    let total_weight: f64 = records.weights().iter().sum();
    let mut solver = SparseLogisticRegression::default()
        .alpha(alpha)
        .max_iterations(params.max_iterations)
        .gradient_tolerance(params.gradient_tolerance * total_weight);
    if let Some(init) = init {
        solver = solver.initial_params(init.warm.clone());
    }
    let model = solver.fit(&set.dataset)?;
    let width = model.params().nrows();
    let mut weights = Array2::zeros((width, n_labels));
    let mut intercepts = Array1::from_elem(n_labels, ABSENT_LABEL_INTERCEPT);
    for (col, &label) in model.classes().iter().enumerate() {
        weights
            .column_mut(label)
            .assign(&model.params().column(col));
        intercepts[label] = model.intercept()[col];
    }
    if set.doubled {
        weights = folded_weights(&weights);
    }
    let mut warm = model.params().clone();
    warm.push_row(model.intercept().view())
        .map_err(|e| Error::Training(e.to_string()))?;
    let r = model.report();
    Ok(SetFit {
        weights,
        intercepts,
        report: FitReport {
            converged: r.converged,
            gradient_norm: r.gradient_norm / total_weight,
        },
        warm,
    })
}

/// Intercept given to a label the training rows did not contain.
const ABSENT_LABEL_INTERCEPT: f64 = -30.0;
