//! `--tune`: alpha picked by stratified k-fold cross-validation on the
//! training rows, each fold's alphas warm-started from the previous one.

use rayon::prelude::*;

use super::borrow::Borrowed;
use super::fit::{fit_set, prepare_part, SetFit, TrainRows};
use super::params::{TrainParams, TuneParams};
use super::TuningInfo;
use crate::error::Result;
use crate::eval::folds::{splits, stratified_folds};
use crate::eval::metrics::Metrics;
use crate::features::tfidf::SparseRow;
use crate::progress::Progress;

/// Out-of-fold logits of one fold: `(alpha index, one logit row per test row)`.
type FoldPredictions = Vec<(usize, Vec<Vec<f64>>)>;

/// Pick alpha by stratified k-fold CV (the pooled out-of-fold macro-F1).
/// Folds run in parallel;
/// inside a fold the alphas run from strongest to weakest, each
/// warm-started from the previous solution.
pub(crate) fn tune_alpha(
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
