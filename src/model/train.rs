//! Hyperparameters -> fitted [`Classifier`], through linfa-logistic's
//! `MultiLogisticRegression`, with alpha tuned by stratified cross-validation.
//!
//! linfa-logistic fits dense matrices only, so the training matrix is
//! `rows x max_features` of f64: the feature cap bounds both memory and
//! time. L-BFGS can stop early (iteration limit, or a failed line search)
//! while linfa still returns `Ok`; the gradient is therefore recomputed at
//! the returned parameters and reported as `converged` / `gradient_norm`.

use std::collections::BTreeMap;
use std::path::Path;

use indicatif::ProgressBar;
use linfa::prelude::*;
use linfa_logistic::MultiLogisticRegression;
use ndarray::{Array1, Array2, Axis};
use rayon::prelude::*;

use super::balance::balanced_indices;
use super::borrow::{doubled_rows, fit_indices, folded_weights, Borrowed};
use super::row_space::{worth_reducing, RowBasis};
use super::tuning::{best_shifts, TuneMetric};
use super::{Classifier, TrainingInfo, TuningInfo};
use crate::data::LabeledData;
use crate::error::{Error, Result};
use crate::eval::folds::stratified_folds;
use crate::eval::metrics::Metrics;
use crate::features::analyzer::FeatureConfig;
use crate::features::naive_bayes::NbScoreConfig;
use crate::features::tfidf::SparseRow;
use crate::features::Vectorizer;

/// Everything that decides a trained model, validated once in [`train`].
#[derive(Debug, Clone, PartialEq)]
pub struct TrainParams {
    /// How text becomes features.
    pub features: FeatureConfig,
    /// L2 strength (the role of scikit-learn's `1/C`: the objective is the
    /// *sum* of row losses plus `alpha/2 * ||W||^2`). Ignored when tuning.
    pub alpha: f64,
    /// L-BFGS iteration limit.
    pub max_iterations: u64,
    /// Stop when the gradient norm falls below this.
    pub gradient_tolerance: f64,
    /// Tune alpha by cross-validation instead of using `alpha`.
    pub tune: Option<TuneParams>,
    /// Repeat the rows of smaller labels in every fit until all labels have
    /// as many rows as the largest (linfa ignores sample weights); see
    /// [`super::balance`].
    pub balance: bool,
}

/// Default L2 strength when not tuned.
pub const DEFAULT_ALPHA: f64 = 1.0;
/// Default L-BFGS iteration limit.
pub const DEFAULT_MAX_ITERATIONS: u64 = 200;
/// Default gradient tolerance.
pub const DEFAULT_GRADIENT_TOLERANCE: f64 = 1e-3;
/// The alpha grid `--tune` searches by default.
pub const DEFAULT_ALPHA_GRID: &[f64] = &[0.1, 0.3, 1.0];

impl Default for TrainParams {
    fn default() -> Self {
        TrainParams {
            // Naive-Bayes score columns are on unless turned off: they help
            // the bundled corpus most of all the options measured.
            features: FeatureConfig {
                nb_score: Some(NbScoreConfig::default()),
                ..FeatureConfig::default()
            },
            alpha: DEFAULT_ALPHA,
            max_iterations: DEFAULT_MAX_ITERATIONS,
            gradient_tolerance: DEFAULT_GRADIENT_TOLERANCE,
            tune: None,
            balance: false,
        }
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
    /// What the pooled out-of-fold predictions are scored by.
    pub metric: TuneMetric,
    /// Also pick per-label logit shifts (added to the intercepts) that
    /// maximise `metric` on the out-of-fold scores of each alpha.
    pub bias: bool,
}

impl Default for TuneParams {
    fn default() -> Self {
        TuneParams {
            alphas: DEFAULT_ALPHA_GRID.to_vec(),
            folds: 5,
            seed: 42,
            metric: TuneMetric::MacroF1,
            bias: false,
        }
    }
}

impl TrainParams {
    /// Reject settings that cannot train.
    pub fn validate(&self) -> Result<()> {
        self.features.validate()?;
        let positive = |a: f64| a.is_finite() && a > 0.0;
        if !positive(self.alpha) {
            return Err(Error::Config(format!(
                "alpha must be > 0, got {}",
                self.alpha
            )));
        }
        if self.max_iterations == 0 {
            return Err(Error::Config("max iterations must be at least 1".into()));
        }
        if !positive(self.gradient_tolerance) {
            return Err(Error::Config("gradient tolerance must be > 0".into()));
        }
        if let Some(t) = &self.tune {
            if t.folds < 2 {
                return Err(Error::Config(format!(
                    "need at least 2 folds, got {}",
                    t.folds
                )));
            }
            if t.alphas.is_empty() || !t.alphas.iter().all(|&a| positive(a)) {
                return Err(Error::Config("every alpha in the grid must be > 0".into()));
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
    progress: &ProgressBar,
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
    progress: &ProgressBar,
) -> Result<Classifier> {
    params.validate()?;
    let (labels, y) = encode_labels(data)?;
    let borrowed = borrow
        .map(|(other, weight)| Borrowed::new(other, &labels, weight))
        .transpose()?;
    let texts: Vec<&str> = data.rows.iter().map(|r| r.text.as_str()).collect();
    if let Some(tune) = &params.tune {
        tune.metric.check(&labels)?;
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
            let info = tune_alpha(
                &texts,
                &y,
                &labels,
                params,
                tune,
                borrowed.as_ref(),
                progress,
            )?;
            (info.best_alpha, Some(info))
        }
        None => (params.alpha, None),
    };

    let mut fitted = fit_texts(
        &texts,
        &y,
        labels.len(),
        &params.features,
        alpha,
        params,
        borrowed.as_ref(),
    )?;
    if let Some(shifts) = tuning.as_ref().and_then(|t| t.label_shifts.as_ref()) {
        for (i, label) in labels.iter().enumerate() {
            fitted.intercepts[i] += shifts.get(label).copied().unwrap_or(0.0);
        }
    }
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
        converged: fitted.report.converged,
        gradient_norm: fitted.report.gradient_norm,
        stance_version: env!("CARGO_PKG_VERSION").to_string(),
    };
    Ok(fitted.into_classifier(labels, training))
}

/// How one L-BFGS fit ended.
#[derive(Debug, Clone, Copy)]
pub struct FitReport {
    /// Gradient norm <= tolerance at the returned parameters.
    pub converged: bool,
    /// L2 norm of the gradient there.
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
    /// linfa's own fitted model, so tests can compare predictions; `None`
    /// when the fit ran in the rows' span, where linfa's parameters are
    /// coordinates of that span, not weights per feature.
    pub linfa: Option<linfa_logistic::MultiFittedLogisticRegression<f64, usize>>,
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
    texts: &[&str],
    y: &[usize],
    n_labels: usize,
    features: &FeatureConfig,
    alpha: f64,
    params: &TrainParams,
    borrowed: Option<&Borrowed>,
) -> Result<Fitted> {
    let (vectorizer, set) = prepare_part(features, texts, y, n_labels, params.balance, borrowed)?;
    if vectorizer.tfidf().is_empty() {
        return Err(Error::Config(format!(
            "no term occurs in at least {} training sentences (--min-df); nothing to learn from",
            features.min_df
        )));
    }
    let (linfa, weights, intercepts, report) = fit_set(&set, n_labels, alpha, params, None)?;
    Ok(Fitted {
        vectorizer,
        weights,
        intercepts,
        report,
        // Its parameters are per feature only when the fit ran on plain
        // features (not the rows' span, not two copies of them).
        linfa: (!set.in_row_space() && set.borrow_repeat.is_none()).then_some(linfa),
    })
}

/// Fit the vectorizer on a training part (its own rows, then any borrowed
/// ones) and build the set linfa fits on.
fn prepare_part(
    features: &FeatureConfig,
    texts: &[&str],
    y: &[usize],
    n_labels: usize,
    balance: bool,
    borrowed: Option<&Borrowed>,
) -> Result<(Vectorizer, TrainSet)> {
    let balance = balance.then_some(n_labels);
    let Some(b) = borrowed else {
        let (vectorizer, rows) =
            Vectorizer::fit_training_rows(features, texts, y, n_labels, texts.len())?;
        let set = train_set(&rows, vectorizer.n_features(), y, balance);
        return Ok((vectorizer, set));
    };
    let all_texts: Vec<&str> = texts.iter().chain(&b.texts).copied().collect();
    let all_y: Vec<usize> = y.iter().chain(&b.y).copied().collect();
    let (vectorizer, rows) =
        Vectorizer::fit_training_rows(features, &all_texts, &all_y, n_labels, texts.len())?;
    let n_features = vectorizer.n_features();
    let doubled = doubled_rows(&rows, texts.len(), n_features);
    let idx = fit_indices(y, b.texts.len(), b.repeat, balance);
    let mut set = train_set_in(&doubled, &idx, 2 * n_features, &all_y, FitSpace::Auto);
    set.borrow_repeat = Some(b.repeat);
    Ok((vectorizer, set))
}

/// Sparse rows -> the dense matrix linfa needs.
pub fn dense(rows: &[SparseRow], n_features: usize) -> Array2<f64> {
    dense_rows(rows.iter(), n_features)
}

fn dense_rows<'a>(
    rows: impl ExactSizeIterator<Item = &'a SparseRow>,
    n_features: usize,
) -> Array2<f64> {
    let mut x = Array2::zeros((rows.len(), n_features));
    for (i, row) in rows.enumerate() {
        for &(j, v) in row {
            x[[i, j as usize]] = v;
        }
    }
    x
}

type SetFit = (
    linfa_logistic::MultiFittedLogisticRegression<f64, usize>,
    Array2<f64>,
    Array1<f64>,
    FitReport,
);

/// The matrix and label indices linfa fits on, built once per training part
/// and shared by every alpha tried on it (linfa's dataset owns its matrix, so
/// building it per fit would copy the matrix each time). With at least four
/// times as many features as rows the matrix is the rows' coordinates in
/// their own span ([`RowBasis`]), fitted to the same optimum far faster.
pub struct TrainSet {
    dataset: linfa::DatasetBase<Array2<f64>, Array1<usize>>,
    basis: Option<RowBasis>,
    n_features: usize,
    /// Set when borrowing: the features are two copies (folded after the
    /// fit) and the own rows are repeated this many times, so alpha and the
    /// gradient tolerance are scaled by it to keep the weighted objective.
    borrow_repeat: Option<usize>,
}

impl TrainSet {
    /// Whether fits run in the span of the rows.
    pub fn in_row_space(&self) -> bool {
        self.basis.is_some()
    }
}

/// Sparse rows and label indices -> a [`TrainSet`]. With
/// `balance: Some(n_labels)` the rows of smaller labels are repeated until
/// every label has as many rows as the largest ([`balanced_indices`]).
pub fn train_set(
    rows: &[SparseRow],
    n_features: usize,
    y: &[usize],
    balance: Option<usize>,
) -> TrainSet {
    let idx: Vec<usize> = match balance {
        None => (0..rows.len()).collect(),
        Some(n_labels) => balanced_indices(y, n_labels),
    };
    train_set_in(rows, &idx, n_features, y, FitSpace::Auto)
}

/// Where a fit runs. [`train_set`] always uses `Auto`; benchmarks and tests
/// force the others to compare the two on the same rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FitSpace {
    /// The rows' span when features outnumber rows 4 to 1, else features.
    Auto,
    /// The plain `rows x features` matrix.
    Features,
    /// The rows' span, whatever the shape.
    Rows,
}

/// [`train_set`] on the rows `idx` (repeats allowed, e.g. for balancing), in
/// the space asked for.
pub fn train_set_in(
    rows: &[SparseRow],
    idx: &[usize],
    n_features: usize,
    y: &[usize],
    space: FitSpace,
) -> TrainSet {
    // Repeated rows (balancing, borrowing) add no coordinate to the rows'
    // span: each distinct row is factored once and every repeat gets its
    // coordinates.
    let mut distinct = idx.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    let row_space = match space {
        FitSpace::Auto => worth_reducing(distinct.len(), n_features),
        FitSpace::Features => false,
        FitSpace::Rows => true,
    };
    let targets: Array1<usize> = idx.iter().map(|&i| y[i]).collect();
    let (records, basis) = if row_space {
        let picked: Vec<&SparseRow> = distinct.iter().map(|&i| &rows[i]).collect();
        let (z, basis) = RowBasis::reduce(&picked, n_features);
        // Each row's place among the distinct ones; only rows of `idx` are read.
        let mut place = vec![0; rows.len()];
        for (k, &i) in distinct.iter().enumerate() {
            place[i] = k;
        }
        let at: Vec<usize> = idx.iter().map(|&i| place[i]).collect();
        (z.select(Axis(0), &at), Some(basis))
    } else {
        (dense_rows(idx.iter().map(|&i| &rows[i]), n_features), None)
    };
    TrainSet {
        dataset: Dataset::new(records, targets),
        basis,
        n_features,
        borrow_repeat: None,
    }
}

/// One multinomial fit with linfa-logistic. Labels absent from the training
/// set (possible in a small group or fold) get zero weights and a very low
/// intercept. `init` warm-starts from an earlier fit on the same set.
pub fn fit_set(
    set: &TrainSet,
    n_labels: usize,
    alpha: f64,
    params: &TrainParams,
    init: Option<&Array2<f64>>,
) -> Result<SetFit> {
    let dataset = &set.dataset;
    let (x, y) = (dataset.records(), dataset.targets());
    let scale = set.borrow_repeat.unwrap_or(1) as f64;
    let alpha = alpha * scale;
    let mut present: Vec<usize> = y.to_vec();
    present.sort_unstable();
    present.dedup();
    if present.len() < 2 {
        return Err(Error::Config(
            "a training part (fold or group) carries fewer than two labels".into(),
        ));
    }
    let mut builder = MultiLogisticRegression::default()
        .alpha(alpha)
        .max_iterations(params.max_iterations)
        .gradient_tolerance(params.gradient_tolerance * scale);
    if let Some(init) = init {
        if init.dim() == (x.ncols() + 1, present.len()) {
            builder = builder.initial_params(init.clone());
        }
    }
    let model = builder
        .fit(dataset)
        .map_err(|e| Error::Training(e.to_string()))?;

    let fitted_weights = match &set.basis {
        Some(basis) => basis.weights(model.params().view()),
        None => model.params().to_owned(),
    };
    let mut weights = Array2::zeros((set.n_features, n_labels));
    let mut intercepts = Array1::from_elem(n_labels, ABSENT_LABEL_INTERCEPT);
    for (col, &label) in model.classes().iter().enumerate() {
        weights
            .column_mut(label)
            .assign(&fitted_weights.column(col));
        intercepts[label] = model.intercept()[col];
    }
    if set.borrow_repeat.is_some() {
        weights = folded_weights(&weights);
    }
    if weights.iter().any(|v: &f64| !v.is_finite()) || intercepts.iter().any(|v| !v.is_finite()) {
        return Err(Error::Training(
            "the optimiser produced non-finite weights".into(),
        ));
    }
    // In the row span the gradient has the same norm as in feature space.
    // Borrowing fits the weighted objective times `scale`: divide it out,
    // so the norm is compared with (and recorded beside) the tolerance asked
    // for.
    let gradient_norm = gradient_norm(x, y, &model, alpha) / scale;
    let report = FitReport {
        converged: gradient_norm <= params.gradient_tolerance,
        gradient_norm,
    };
    Ok((model, weights, intercepts, report))
}

/// Intercept given to a label the training rows did not contain.
const ABSENT_LABEL_INTERCEPT: f64 = -30.0;

/// The L2 norm of linfa's objective gradient at the fitted parameters:
/// `X^T (P - Y) + alpha W` for the weights, `sum(P - Y)` for the intercepts.
fn gradient_norm(
    x: &Array2<f64>,
    y: &Array1<usize>,
    model: &linfa_logistic::MultiFittedLogisticRegression<f64, usize>,
    alpha: f64,
) -> f64 {
    let mut diff = model.predict_probabilities(x);
    for (i, &label) in y.iter().enumerate() {
        if let Some(col) = model.classes().iter().position(|&c| c == label) {
            diff[[i, col]] -= 1.0;
        }
    }
    let gw = x.t().dot(&diff) + model.params() * alpha;
    let gb = diff.sum_axis(Axis(0));
    (gw.iter().map(|v| v * v).sum::<f64>() + gb.iter().map(|v| v * v).sum::<f64>()).sqrt()
}

/// Out-of-fold logits of one fold: `(alpha index, one logit row per test row)`.
type FoldPredictions = Vec<(usize, Vec<Vec<f64>>)>;

/// Pick alpha by stratified k-fold CV (the pooled out-of-fold score of
/// `tune.metric`, macro-F1 by default), and with `tune.bias` the per-label
/// logit shifts that maximise it for each alpha. Folds run in parallel;
/// inside a fold the alphas run from strongest to weakest, each
/// warm-started from the previous solution.
fn tune_alpha(
    texts: &[&str],
    y: &[usize],
    labels: &[String],
    params: &TrainParams,
    tune: &TuneParams,
    borrowed: Option<&Borrowed>,
    progress: &ProgressBar,
) -> Result<TuningInfo> {
    let folds = stratified_folds(y, tune.folds, tune.seed);
    let mut alphas = tune.alphas.clone();
    alphas.sort_by(|a, b| b.total_cmp(a));
    alphas.dedup();
    progress.set_length((tune.folds * alphas.len()) as u64);
    progress.set_message("tuning alpha");

    let per_fold: Vec<Result<FoldPredictions>> = (0..tune.folds)
        .into_par_iter()
        .map(|fold| {
            let train_idx: Vec<usize> = (0..y.len()).filter(|&i| folds[i] != fold).collect();
            let test_idx: Vec<usize> = (0..y.len()).filter(|&i| folds[i] == fold).collect();
            let tr_texts: Vec<&str> = train_idx.iter().map(|&i| texts[i]).collect();
            let tr_y: Vec<usize> = train_idx.iter().map(|&i| y[i]).collect();
            let (vectorizer, set) = prepare_part(
                &params.features,
                &tr_texts,
                &tr_y,
                labels.len(),
                params.balance,
                borrowed,
            )?;
            let test_rows: Vec<SparseRow> = test_idx
                .iter()
                .map(|&i| vectorizer.transform(texts[i]))
                .collect();
            let mut warm: Option<Array2<f64>> = None;
            let mut preds = Vec::new();
            for &alpha in &alphas {
                let (model, w, b, _) = fit_set(&set, labels.len(), alpha, params, warm.as_ref())?;
                let mut init = model.params().to_owned();
                init.push_row(model.intercept().view())
                    .map_err(|e| Error::Training(e.to_string()))?;
                warm = Some(init);
                let logits: Vec<Vec<f64>> = test_rows
                    .iter()
                    .map(|row| super::predict::logits_dense(row, &w, &b))
                    .collect();
                preds.push(logits);
                progress.inc(1);
            }
            Ok(preds.into_iter().enumerate().collect())
        })
        .collect();

    // Pool out-of-fold logits per alpha.
    let mut pooled = vec![vec![Vec::new(); y.len()]; alphas.len()];
    for (fold, result) in per_fold.into_iter().enumerate() {
        let test_idx: Vec<usize> = (0..y.len()).filter(|&i| folds[i] == fold).collect();
        for (a, logits) in result? {
            for (&row, l) in test_idx.iter().zip(logits) {
                pooled[a][row] = l;
            }
        }
    }
    // Per alpha: the shifts (all 0 without `bias`), the metric's score and
    // macro-F1 of the shifted predictions.
    let scored: Vec<(Vec<f64>, f64, f64)> = pooled
        .iter()
        .map(|logits| {
            let shifts = if tune.bias {
                best_shifts(logits, y, labels, &tune.metric).0
            } else {
                vec![0.0; labels.len()]
            };
            let pred: Vec<usize> = logits
                .iter()
                .map(|l| {
                    let s: Vec<f64> = l.iter().zip(&shifts).map(|(a, b)| a + b).collect();
                    super::predict::argmax(&s)
                })
                .collect();
            let score = tune.metric.score(labels, y, &pred);
            let macro_f1 = Metrics::compute(labels, y, &pred).macro_f1;
            (shifts, score, macro_f1)
        })
        .collect();
    // Alphas are sorted descending, so the first best is the largest alpha.
    let mut best = 0;
    for (i, s) in scored.iter().enumerate() {
        if s.1 > scored[best].1 {
            best = i;
        }
    }
    // Report in ascending alpha order.
    let mut order: Vec<usize> = (0..alphas.len()).collect();
    order.reverse();
    let default_metric = tune.metric == TuneMetric::MacroF1;
    Ok(TuningInfo {
        folds: tune.folds,
        seed: tune.seed,
        alphas: order.iter().map(|&i| alphas[i]).collect(),
        cv_macro_f1: order.iter().map(|&i| scored[i].2).collect(),
        best_alpha: alphas[best],
        best_cv_macro_f1: scored[best].2,
        metric: (!default_metric).then(|| tune.metric.to_string()),
        cv_score: if default_metric {
            Vec::new()
        } else {
            order.iter().map(|&i| scored[i].1).collect()
        },
        label_shifts: tune.bias.then(|| {
            labels
                .iter()
                .cloned()
                .zip(scored[best].0.iter().copied())
                .collect()
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_balanced_train_set_repeats_the_smaller_labels_rows() {
        let rows: Vec<SparseRow> = (0..4).map(|i| vec![(i as u32, 1.0)]).collect();
        let y = [0, 0, 0, 1];
        let plain = train_set(&rows, 4, &y, None);
        assert_eq!(plain.dataset.records().nrows(), 4);
        let set = train_set(&rows, 4, &y, Some(2));
        assert_eq!(set.dataset.targets().to_vec(), vec![0, 0, 0, 1, 1, 1]);
        // The copies are the minority row itself.
        for r in 3..6 {
            assert_eq!(set.dataset.records().row(r), plain.dataset.records().row(3));
        }
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
        let bar = ProgressBar::hidden();
        train_borrowing(&own, Some((other, 0.1)), params, "text", "label", &bar).unwrap()
    }

    fn plain_params() -> TrainParams {
        TrainParams {
            features: FeatureConfig {
                min_df: 1,
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
            &ProgressBar::hidden(),
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

    /// The fit stops at the tolerance asked for on the weighted objective,
    /// and the record gives that objective's gradient, not the repeated
    /// rows' (ten times larger at weight 0.1).
    #[test]
    fn a_borrowing_fit_records_the_weighted_gradient() {
        let params = TrainParams {
            gradient_tolerance: 0.05,
            ..plain_params()
        };
        let model = borrowing_model(&contrary_rows(), &weather_rows(20), &params);
        let t = model.training();
        assert!(t.converged, "{}", t.gradient_norm);
        assert!(t.gradient_norm <= 0.05, "{}", t.gradient_norm);
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

    #[test]
    fn a_repeated_row_is_factored_once_in_the_row_span() {
        let rows: Vec<SparseRow> = (0..4).map(|i| vec![(i as u32, 1.0)]).collect();
        let y = [0, 1, 0, 1];
        let idx = [0, 1, 2, 3, 3, 1, 3];
        let set = train_set_in(&rows, &idx, 40, &y, FitSpace::Rows);
        let x = set.dataset.records();
        assert_eq!(x.dim(), (7, 4), "four distinct rows, four coordinates");
        assert_eq!(x.row(4), x.row(3));
        assert_eq!(x.row(6), x.row(3));
        assert_eq!(x.row(5), x.row(1));
        assert_eq!(set.dataset.targets().to_vec(), vec![0, 1, 0, 1, 1, 1, 1]);
    }

    /// Wide data (60 rows, 600 features, some rows repeated): the fit in the
    /// rows' span gives the weights of the plain dense fit.
    #[test]
    fn a_fit_in_the_row_span_equals_the_dense_fit() {
        // A small deterministic generator: no rand dependency for a test.
        let mut state = 7u64;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        let mut rows: Vec<SparseRow> = Vec::new();
        let mut y = Vec::new();
        for i in 0..60 {
            let label = i % 3;
            let mut row: Vec<(u32, f64)> = (0..12)
                .map(|_| {
                    let j = (next() % 200 + 200 * (next() % 4 / 3) * label) % 600;
                    (j as u32, 1.0 + (next() % 5) as f64)
                })
                .collect();
            row.sort_by_key(|&(j, _)| j);
            row.dedup_by_key(|&mut (j, _)| j);
            let norm = row.iter().map(|(_, v)| v * v).sum::<f64>().sqrt();
            rows.push(row.into_iter().map(|(j, v)| (j, v / norm)).collect());
            y.push(label);
        }
        rows[59] = rows[0].clone();
        y[59] = y[0];
        let params = TrainParams {
            gradient_tolerance: 1e-6,
            max_iterations: 1000,
            ..TrainParams::default()
        };
        let idx: Vec<usize> = (0..rows.len()).collect();
        let reduced = train_set_in(&rows, &idx, 600, &y, FitSpace::Rows);
        let plain = train_set_in(&rows, &idx, 600, &y, FitSpace::Features);
        assert!(reduced.in_row_space() && !plain.in_row_space());
        assert!(
            reduced.dataset.records().ncols() < 60,
            "the repeat adds no coordinate"
        );
        let (_, w_r, b_r, rep_r) = fit_set(&reduced, 3, 0.3, &params, None).unwrap();
        let (_, w_d, b_d, rep_d) = fit_set(&plain, 3, 0.3, &params, None).unwrap();
        assert!(
            rep_r.converged && rep_d.converged,
            "{} {}",
            rep_r.gradient_norm,
            rep_d.gradient_norm
        );
        let max_diff =
            |a: &Array2<f64>, b: &Array2<f64>| (a - b).iter().fold(0.0f64, |m, v| m.max(v.abs()));
        let scale = w_d.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        assert!(scale > 0.1, "the weights are not trivially zero");
        assert!(
            max_diff(&w_r, &w_d) < 1e-5 * scale,
            "{}",
            max_diff(&w_r, &w_d)
        );
        let b_gap = (&b_r - &b_d).iter().fold(0.0f64, |m, v| m.max(v.abs()));
        assert!(b_gap < 1e-5, "{b_gap}");
        // And `train_set` picks the row span by itself for data this wide.
        assert!(train_set(&rows, 600, &y, None).in_row_space());
    }
}
