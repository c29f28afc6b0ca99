//! Hyperparameters -> fitted [`Classifier`], through the sparse fit of
//! linfa-logistic's objective ([`super::sparse_fit`]), with alpha tuned by
//! stratified cross-validation.
//!
//! L-BFGS can stop early (iteration limit, or a cost that no longer moves);
//! the gradient is therefore recomputed at the returned parameters and
//! reported as `converged` / `gradient_norm`.

use std::collections::BTreeMap;
use std::path::Path;

use linfa::prelude::*;
use ndarray::{Array1, Array2};
use rayon::prelude::*;

use super::borrow::{doubled_rows, fit_weights, folded_weights, Borrowed};
use super::sparse_fit::{SparseLogisticRegression, SparseRecords};
use super::{Classifier, TrainingInfo, TuningInfo};
use crate::data::LabeledData;
use crate::error::{Error, Result};
use crate::eval::folds::{splits, stratified_folds};
use crate::eval::metrics::Metrics;
use crate::features::config::FeatureConfig;
use crate::features::tfidf::SparseRow;
use crate::features::Vectorizer;
use crate::progress::Progress;

/// Everything that decides a trained model, resolved from
/// [`Settings`](crate::settings::Settings) (where every default lives) and
/// validated once in [`train`].
#[derive(Debug, Clone, PartialEq)]
pub struct TrainParams {
    /// How text becomes features.
    pub features: FeatureConfig,
    /// L2 strength (the role of scikit-learn's `1/C`: the objective is the
    /// *sum* of row losses plus `alpha/2 * ||W||^2`). Ignored when tuning.
    pub alpha: f64,
    /// L-BFGS iteration limit.
    pub max_iterations: u64,
    /// Stop when the gradient norm, divided by the training rows' total
    /// weight, falls below this. The objective is a sum over rows, so an
    /// absolute tolerance would be loose on 100 rows and needlessly tight on
    /// 100,000; per unit of weight one setting fits both (as scikit-learn's
    /// mean loss does).
    pub gradient_tolerance: f64,
    /// Tune alpha by cross-validation instead of using `alpha`.
    pub tune: Option<TuneParams>,
    /// Weight the rows of smaller labels in every fit so that every label
    /// weighs as much as the largest; see [`super::balance`].
    pub balance: bool,
    /// The settings these were resolved from, recorded in the model file.
    pub settings: crate::settings::Settings,
}

/// The default settings, resolved.
impl Default for TrainParams {
    fn default() -> Self {
        crate::settings::Settings::default()
            .train_params()
            .expect("the default settings train (tested in settings)")
    }
}

/// How `--tune` searches alpha.
#[derive(Debug, Clone, PartialEq)]
pub struct TuneParams {
    /// Candidate alphas.
    pub alphas: Vec<f64>,
    /// Stratified folds.
    pub folds: usize,
    /// Fold assignment seed.
    pub seed: u64,
}

impl TrainParams {
    /// Reject settings that cannot train.
    pub fn validate(&self) -> Result<()> {
        self.features.validate()?;
        let positive = |a: f64| a.is_finite() && a > 0.0;
        if !positive(self.alpha) {
            return Err(Error::setting(
                "--alpha",
                format!("must be > 0, got {}", self.alpha),
            ));
        }
        if self.max_iterations == 0 {
            return Err(Error::setting("--max-iter", "must be at least 1"));
        }
        if !positive(self.gradient_tolerance) {
            return Err(Error::setting(
                "--tol",
                format!("must be > 0, got {}", self.gradient_tolerance),
            ));
        }
        if let Some(t) = &self.tune {
            if t.folds < 2 {
                return Err(Error::setting(
                    "--tune-folds",
                    format!("need at least 2 folds, got {}", t.folds),
                ));
            }
            if t.alphas.is_empty() || !t.alphas.iter().all(|&a| positive(a)) {
                return Err(Error::setting("--alphas", "every alpha must be > 0"));
            }
        }
        Ok(())
    }
}

/// Label indices of the rows and the sorted label names; checks that there
/// are at least two labels.
pub fn encode_labels(data: &LabeledData) -> Result<(Vec<String>, Vec<usize>)> {
    let labels = data.labels();
    if labels.len() < 2 {
        return Err(Error::input(
            &data.path,
            None,
            format!(
                "all {} rows carry the label '{}'; training needs at least two labels",
                data.rows.len(),
                labels.first().map(String::as_str).unwrap_or("")
            ),
        ));
    }
    let y = data
        .rows
        .iter()
        .map(|r| labels.binary_search(&r.label).unwrap_or(0))
        .collect();
    Ok((labels, y))
}

/// Train a classifier on labelled data (tuning alpha first when asked).
pub fn train(
    data: &LabeledData,
    params: &TrainParams,
    text_column: &str,
    label_column: &str,
    progress: &dyn Progress,
) -> Result<Classifier> {
    train_borrowing(data, None, params, text_column, label_column, progress)
}

/// [`train`] for one group of a grouped evaluation, also learning from
/// `borrow`'s rows (the other groups') at the weight it gives, in `(0, 1]`;
/// see [`super::borrow`]. Tuning folds split the group's own rows only and
/// every fold borrows all of `borrow`.
pub fn train_borrowing(
    data: &LabeledData,
    borrow: Option<(&LabeledData, f64)>,
    params: &TrainParams,
    text_column: &str,
    label_column: &str,
    progress: &dyn Progress,
) -> Result<Classifier> {
    params.validate()?;
    let (labels, y) = encode_labels(data)?;
    let borrowed = borrow
        .map(|(other, weight)| Borrowed::new(other, &labels, weight))
        .transpose()?;
    let texts: Vec<&str> = data.rows.iter().map(|r| r.text.as_str()).collect();
    let row_weights: Vec<f64> = data.rows.iter().map(|r| r.weight).collect();
    let rows = TrainRows {
        texts: &texts,
        y: &y,
        weights: &row_weights,
    };
    if params.tune.is_some() {
        for (i, label) in labels.iter().enumerate() {
            let n = y.iter().filter(|&&l| l == i).count();
            if n < 2 {
                return Err(Error::input(
                    &data.path,
                    None,
                    format!("label '{label}' has only {n} row; --tune needs at least 2 rows of every label"),
                ));
            }
        }
    }

    let (alpha, tuning) = match &params.tune {
        Some(tune) => {
            let info = tune_alpha(rows, &labels, params, tune, borrowed.as_ref(), progress)?;
            (info.best_alpha, Some(info))
        }
        None => (params.alpha, None),
    };

    let fitted = fit_texts(
        rows,
        labels.len(),
        &params.features,
        alpha,
        params,
        borrowed.as_ref(),
    )?;
    let mut rows_per_label = BTreeMap::new();
    for &l in &y {
        *rows_per_label.entry(labels[l].clone()).or_insert(0) += 1;
    }
    let training = TrainingInfo {
        data_file: Path::new(&data.path)
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default(),
        data_sha256: data.sha256.clone(),
        text_column: text_column.to_string(),
        label_column: label_column.to_string(),
        rows: data.rows.len(),
        rows_per_label,
        alpha,
        max_iterations: params.max_iterations,
        gradient_tolerance: params.gradient_tolerance,
        tuning,
        balanced: params.balance,
        weight_column: data.weight_column.clone(),
        converged: fitted.report.converged,
        gradient_norm: fitted.report.gradient_norm,
        stance_version: env!("CARGO_PKG_VERSION").to_string(),
        settings: Some(params.settings.clone()),
    };
    Ok(fitted.into_classifier(labels, training))
}

/// The rows of one training part, in step: texts, label indices and sample
/// weights.
#[derive(Debug, Clone, Copy)]
pub struct TrainRows<'a> {
    /// The sentences.
    pub texts: &'a [&'a str],
    /// Their label indices.
    pub y: &'a [usize],
    /// Their sample weights.
    pub weights: &'a [f64],
}

/// How one L-BFGS fit ended.
#[derive(Debug, Clone, Copy)]
pub struct FitReport {
    /// Gradient norm <= tolerance at the returned parameters.
    pub converged: bool,
    /// L2 norm of the gradient there, per unit of row weight (as
    /// [`TrainParams::gradient_tolerance`] is).
    pub gradient_norm: f64,
}

/// The product of one fit, before it becomes a [`Classifier`].
pub struct Fitted {
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
    pub fn into_classifier(self, labels: Vec<String>, training: TrainingInfo) -> Classifier {
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
/// also learning from `borrowed` rows when given ([`super::borrow`]).
pub fn fit_texts(
    rows: TrainRows,
    n_labels: usize,
    features: &FeatureConfig,
    alpha: f64,
    params: &TrainParams,
    borrowed: Option<&Borrowed>,
) -> Result<Fitted> {
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
fn prepare_part(
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
pub struct TrainSet {
    dataset: DatasetBase<SparseRecords, Array1<usize>>,
    /// Borrowing: the features are two copies, folded after the fit.
    doubled: bool,
}

impl TrainSet {
    /// Rows over `n_features` columns (doubled: two copies of the model's
    /// features) with their labels and sample weights.
    pub fn new(
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
pub struct SetFit {
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
pub fn fit_set(
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

/// Out-of-fold logits of one fold: `(alpha index, one logit row per test row)`.
type FoldPredictions = Vec<(usize, Vec<Vec<f64>>)>;

/// Pick alpha by stratified k-fold CV (the pooled out-of-fold macro-F1).
/// Folds run in parallel;
/// inside a fold the alphas run from strongest to weakest, each
/// warm-started from the previous solution.
fn tune_alpha(
    TrainRows {
        texts,
        y,
        weights: row_weights,
    }: TrainRows,
    labels: &[String],
    params: &TrainParams,
    tune: &TuneParams,
    borrowed: Option<&Borrowed>,
    progress: &dyn Progress,
) -> Result<TuningInfo> {
    let splits = splits(&stratified_folds(y, tune.folds, tune.seed), tune.folds);
    let mut alphas = tune.alphas.clone();
    alphas.sort_by(|a, b| b.total_cmp(a));
    alphas.dedup();
    progress.start("tuning alpha", (tune.folds * alphas.len()) as u64);

    let per_fold: Vec<Result<FoldPredictions>> = splits
        .par_iter()
        .map(|(train_idx, test_idx)| {
            let tr_texts: Vec<&str> = train_idx.iter().map(|&i| texts[i]).collect();
            let tr_y: Vec<usize> = train_idx.iter().map(|&i| y[i]).collect();
            let tr_w: Vec<f64> = train_idx.iter().map(|&i| row_weights[i]).collect();
            let part = TrainRows {
                texts: &tr_texts,
                y: &tr_y,
                weights: &tr_w,
            };
            let (vectorizer, set) = prepare_part(
                &params.features,
                part,
                labels.len(),
                params.balance,
                borrowed,
            )?;
            let test_rows: Vec<SparseRow> = test_idx
                .iter()
                .map(|&i| vectorizer.transform(texts[i]))
                .collect();
            let mut warm: Option<SetFit> = None;
            let mut preds = Vec::new();
            for &alpha in &alphas {
                let fit = fit_set(&set, labels.len(), alpha, params, warm.as_ref())?;
                let logits: Vec<Vec<f64>> = test_rows
                    .iter()
                    .map(|row| super::predict::logits_dense(row, &fit.weights, &fit.intercepts))
                    .collect();
                warm = Some(fit);
                preds.push(logits);
                progress.advance(1);
            }
            Ok(preds.into_iter().enumerate().collect())
        })
        .collect();

    // Pool out-of-fold logits per alpha.
    let mut pooled = vec![vec![Vec::new(); y.len()]; alphas.len()];
    for ((_, test_idx), result) in splits.iter().zip(per_fold) {
        for (a, logits) in result? {
            for (&row, l) in test_idx.iter().zip(logits) {
                pooled[a][row] = l;
            }
        }
    }
    let scores: Vec<f64> = pooled
        .iter()
        .map(|logits| {
            let pred: Vec<usize> = logits.iter().map(|l| super::predict::argmax(l)).collect();
            Metrics::compute(labels, y, &pred).macro_f1
        })
        .collect();
    // Alphas are sorted descending, so the first best is the largest alpha.
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    // Report in ascending alpha order.
    let order: Vec<usize> = (0..alphas.len()).rev().collect();
    Ok(TuningInfo {
        folds: tune.folds,
        seed: tune.seed,
        alphas: order.iter().map(|&i| alphas[i]).collect(),
        cv_macro_f1: order.iter().map(|&i| scores[i]).collect(),
        best_alpha: alphas[best],
        best_cv_macro_f1: scores[best],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::balance::balanced_weights;

    /// Balancing by weight fits what balancing by repetition fitted: the
    /// minority row weighted 3 equals it written three times.
    #[test]
    fn a_balanced_fit_equals_the_minority_rows_repeated() {
        let rows: Vec<SparseRow> = vec![
            vec![(0, 1.0)],
            vec![(0, 0.6), (1, 0.8)],
            vec![(2, 1.0)],
            vec![(1, 1.0), (2, 0.5)],
        ];
        let params = TrainParams {
            gradient_tolerance: 1e-9,
            max_iterations: 1000,
            ..TrainParams::default()
        };
        let y = [0, 0, 0, 1];
        let balanced =
            TrainSet::new(&rows, 3, &y, balanced_weights(&y, &[1.0; 4], 2), false).unwrap();
        let mut repeated_rows = rows.clone();
        repeated_rows.extend([rows[3].clone(), rows[3].clone()]);
        let repeated =
            TrainSet::new(&repeated_rows, 3, &[0, 0, 0, 1, 1, 1], vec![1.0; 6], false).unwrap();
        let a = fit_set(&balanced, 2, 0.5, &params, None).unwrap();
        let b = fit_set(&repeated, 2, 0.5, &params, None).unwrap();
        let gap = (&a.weights - &b.weights)
            .iter()
            .fold(0.0f64, |m, v| m.max(v.abs()));
        assert!(gap < 1e-7, "{gap}");
        let plain = TrainSet::new(&rows, 3, &y, vec![1.0; 4], false).unwrap();
        let c = fit_set(&plain, 2, 0.5, &params, None).unwrap();
        assert!((&a.weights - &c.weights).iter().any(|v| v.abs() > 1e-3));
    }

    /// Another group's rows: "sunny" sentences are `yes`, "rainy" ones `no`.
    fn weather_rows(n: usize) -> LabeledData {
        let rows: Vec<(String, &str)> = (0..n)
            .flat_map(|k| {
                [
                    (format!("a sunny morning number {k}"), "yes"),
                    (format!("a rainy evening number {k}"), "no"),
                ]
            })
            .collect();
        LabeledData::from_pairs("other.csv", &rows)
    }

    fn yes_probability(model: &Classifier, text: &str) -> f64 {
        let p = model.predict(text);
        let yes = model.labels().iter().position(|l| l == "yes").unwrap();
        p.probabilities[yes]
    }

    /// A model of `own` that borrows `other` at weight 0.1.
    fn borrowing_model(
        own: &[(String, &str)],
        other: &LabeledData,
        params: &TrainParams,
    ) -> Classifier {
        let own = LabeledData::from_pairs("own.csv", own);
        train_borrowing(
            &own,
            Some((other, 0.1)),
            params,
            "text",
            "label",
            &crate::progress::Silent,
        )
        .unwrap()
    }

    fn plain_params() -> TrainParams {
        TrainParams {
            features: FeatureConfig {
                min_df: 1,
                word_ngrams: (1, 2),
                nb_score: None,
                ..FeatureConfig::default()
            },
            alpha: 0.3,
            ..TrainParams::default()
        }
    }

    #[test]
    fn a_group_learns_words_it_never_saw_from_borrowed_rows() {
        // The group's own rows never say "sunny" or "rainy".
        let own: Vec<(String, &str)> = (0..4)
            .flat_map(|k| [(format!("glad {k}"), "yes"), (format!("sad {k}"), "no")])
            .collect();
        let borrowing = borrowing_model(&own, &weather_rows(20), &plain_params());
        let own = LabeledData::from_pairs("own.csv", &own);
        let alone = train(
            &own,
            &plain_params(),
            "text",
            "label",
            &crate::progress::Silent,
        )
        .unwrap();
        // Alone, the words are unknown: no lean either way.
        let p = yes_probability(&alone, "sunny");
        assert!((p - 0.5).abs() < 0.05, "{p}");
        let (sunny, rainy) = (
            yes_probability(&borrowing, "sunny"),
            yes_probability(&borrowing, "rainy"),
        );
        assert!(sunny > 0.6 && rainy < 0.4, "{sunny} {rainy}");
        // Its own words still work.
        assert!(yes_probability(&borrowing, "glad") > 0.6);
    }

    /// A group where the weather words mean the opposite of [`weather_rows`].
    fn contrary_rows() -> Vec<(String, &'static str)> {
        (0..4)
            .flat_map(|k| {
                [
                    (format!("sunny again {k}"), "no"),
                    (format!("rainy again {k}"), "yes"),
                ]
            })
            .collect()
    }

    fn assert_own_meaning(model: &Classifier) {
        let (sunny, rainy) = (
            yes_probability(model, "sunny"),
            yes_probability(model, "rainy"),
        );
        assert!(sunny < 0.4 && rainy > 0.6, "{sunny} {rainy}");
    }

    #[test]
    fn own_rows_outweigh_borrowed_rows_that_disagree() {
        assert_own_meaning(&borrowing_model(
            &contrary_rows(),
            &weather_rows(20),
            &plain_params(),
        ));
    }

    /// With as many borrowed rows as own ones, the weather words' counts
    /// cancel over all rows: Naive-Bayes scaling from every row's labels
    /// would weigh them 0, from the own rows' labels it keeps them.
    #[test]
    fn nb_scaling_while_borrowing_reads_the_own_rows_labels() {
        let mut params = plain_params();
        params.features.nb_scale = true;
        assert_own_meaning(&borrowing_model(
            &contrary_rows(),
            &weather_rows(4),
            &params,
        ));
    }
}
