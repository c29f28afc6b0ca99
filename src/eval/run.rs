//! The procedures behind `evaluate` and `cv`: score a model on labelled
//! rows, train-then-score (one model per group when asked), and k-fold
//! cross-validation with pooled out-of-fold predictions.

use std::collections::BTreeMap;

use crate::labels::LabelSet;
use crate::progress::{Progress, Silent};
use rayon::prelude::*;
use serde::Serialize;

use super::folds::{folds_from_column, splits, stratified_folds};
use super::metrics::Metrics;
use crate::data::{LabeledData, LabeledRow};
use crate::error::{Error, Result};
use crate::model::borrow::check_weight;
use crate::model::train::{train_borrowing, TrainParams};
use crate::model::Classifier;

/// Predictions for labelled rows, in row order.
#[derive(Debug, Clone)]
pub struct Scored {
    /// Union of gold and model labels, sorted.
    pub labels: Vec<String>,
    /// The scored rows (their text, gold label, line and extra columns).
    pub rows: Vec<LabeledRow>,
    /// Gold label index of each row.
    pub gold: Vec<usize>,
    /// Predicted label index of each row.
    pub pred: Vec<usize>,
    /// Probability of the predicted label.
    pub confidence: Vec<f64>,
}

impl Scored {
    /// The metrics of these predictions.
    pub fn metrics(&self) -> Metrics {
        Metrics::compute(&self.labels, &self.gold, &self.pred)
    }

    /// The `n` most confident mistakes, most confident first.
    pub fn top_errors(&self, n: usize) -> Vec<ErrorRow> {
        let mut wrong: Vec<usize> = (0..self.rows.len())
            .filter(|&i| self.gold[i] != self.pred[i])
            .collect();
        wrong.sort_by(|&a, &b| {
            self.confidence[b]
                .total_cmp(&self.confidence[a])
                .then(a.cmp(&b))
        });
        wrong
            .into_iter()
            .take(n)
            .map(|i| ErrorRow {
                line: self.rows[i].line,
                text: self.rows[i].text.clone(),
                gold: self.labels[self.gold[i]].clone(),
                predicted: self.labels[self.pred[i]].clone(),
                confidence: self.confidence[i],
            })
            .collect()
    }

    /// Accuracy and macro-F1 per value of an extra column (e.g. `kind`).
    pub fn breakdown(&self, column: usize) -> Vec<GroupScore> {
        let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, row) in self.rows.iter().enumerate() {
            let value = row.extra.get(column).cloned().unwrap_or_default();
            groups.entry(value).or_default().push(i);
        }
        groups
            .into_iter()
            .map(|(value, idx)| {
                let gold: Vec<usize> = idx.iter().map(|&i| self.gold[i]).collect();
                let pred: Vec<usize> = idx.iter().map(|&i| self.pred[i]).collect();
                let m = Metrics::compute(&self.labels, &gold, &pred);
                GroupScore {
                    value,
                    n: m.n,
                    accuracy: m.accuracy,
                    macro_f1: m.macro_f1,
                }
            })
            .collect()
    }
}

/// A wrong prediction, for `--errors`.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorRow {
    /// CSV line of the row.
    pub line: u64,
    /// The sentence.
    pub text: String,
    /// Gold label.
    pub gold: String,
    /// Predicted label.
    pub predicted: String,
    /// Probability the model gave its wrong answer.
    pub confidence: f64,
}

/// Scores of one value of a breakdown column.
#[derive(Debug, Clone, Serialize)]
pub struct GroupScore {
    /// The column value ("" for rows that leave it empty).
    pub value: String,
    /// Rows with that value.
    pub n: u64,
    /// Their accuracy.
    pub accuracy: f64,
    /// Their macro-F1.
    pub macro_f1: f64,
}

fn union_labels(a: &[String], b: &[String]) -> Vec<String> {
    let mut all: Vec<String> = a.iter().chain(b).cloned().collect();
    all.sort();
    all.dedup();
    all
}

/// Refuse gold labels outside `known` (the labels of the model, or of the
/// file it is trained on). A row whose gold label the model cannot predict
/// counts as wrong whatever the model does, so scoring such a file gives a
/// figure that says nothing about the model (accuracy 0 for a
/// positive/negative file against the stance model).
///
/// `evaluate` checks this; `cv` needs no check, as its models learn from the
/// very file they are scored on. A fold whose held-out rows carry a label
/// its training part lacks (a label with fewer rows than folds) is not
/// refused: that is a fact of the data the pooled score should show.
pub fn check_gold_labels(data: &LabeledData, known: &[String]) -> Result<()> {
    LabelSet::new(known.to_vec()).encode(data).map(|_| ())
}

/// Read a labelled CSV and score a model on it (what `evaluate --model`
/// does): its gold labels must be ones the model knows
/// ([`check_gold_labels`]). The rows come back too, for the breakdowns by
/// their extra columns.
pub fn score_file(
    classifier: &Classifier,
    path: &std::path::Path,
    columns: &crate::data::Columns,
) -> Result<(Scored, LabeledData)> {
    let data = crate::data::read_labeled_csv(path, columns)?;
    check_gold_labels(&data, classifier.labels())?;
    Ok((score_model(classifier, &data), data))
}

/// Score an already trained model on labelled rows.
pub fn score_model(classifier: &Classifier, data: &LabeledData) -> Scored {
    let labels = union_labels(classifier.labels(), &data.labels());
    let set = LabelSet::new(labels.clone());
    let preds: Vec<(usize, f64)> = data
        .rows
        .par_iter()
        .map(|r| {
            let p = classifier.predict(&r.text);
            let name = &classifier.labels()[p.label];
            (set.index_of_member(name), p.confidence())
        })
        .collect();
    Scored {
        gold: data
            .rows
            .iter()
            .map(|r| set.index_of_member(&r.label))
            .collect(),
        pred: preds.iter().map(|p| p.0).collect(),
        confidence: preds.iter().map(|p| p.1).collect(),
        rows: data.rows.clone(),
        labels,
    }
}

/// Rows of `data` split by the value of extra column `col`.
fn split_by(data: &LabeledData, col: usize) -> BTreeMap<String, Vec<usize>> {
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, r) in data.rows.iter().enumerate() {
        groups.entry(r.extra[col].clone()).or_default().push(i);
    }
    groups
}

fn subset(data: &LabeledData, idx: &[usize]) -> LabeledData {
    LabeledData {
        path: data.path.clone(),
        rows: idx.iter().map(|&i| data.rows[i].clone()).collect(),
        extra_columns: data.extra_columns.clone(),
        weight_column: data.weight_column.clone(),
        sha256: data.sha256.clone(),
    }
}

/// Predictions of several parts (groups, folds) gathered into one
/// [`Scored`] over all rows, with labels mapped into the union label set.
struct Pooled {
    scored: Scored,
    /// The union label set, to map each part's label indices into.
    set: LabelSet,
}

impl Pooled {
    fn new(labels: Vec<String>, rows: Vec<LabeledRow>) -> Self {
        let n = rows.len();
        Pooled {
            set: LabelSet::new(labels.clone()),
            scored: Scored {
                labels,
                rows,
                gold: vec![0; n],
                pred: vec![0; n],
                confidence: vec![0.0; n],
            },
        }
    }

    /// Place `part`'s predictions at rows `idx`.
    fn put(&mut self, idx: &[usize], part: &Scored) {
        let into = &mut self.scored;
        let map = |l: usize| self.set.index_of_member(&part.labels[l]);
        for (k, &i) in idx.iter().enumerate() {
            let (g, p) = (map(part.gold[k]), map(part.pred[k]));
            into.gold[i] = g;
            into.pred[i] = p;
            into.confidence[i] = part.confidence[k];
        }
    }
}

/// Say which part of the data (fold, group) a file-level complaint is about,
/// since the file as a whole may be fine.
fn prefix_input_error(e: Error, part: &str) -> Error {
    match e {
        Error::Input {
            path,
            line: None,
            message,
        } => Error::Input {
            path,
            line: None,
            message: format!("{part}: {message}"),
        },
        Error::Training(m) => Error::Training(format!("{part}: {m}")),
        other => other,
    }
}

/// How one model per group is trained.
#[derive(Debug, Clone, Copy, Default)]
pub struct Grouping {
    /// The index of the group column in both files' extra columns; `None`
    /// trains one model on all rows.
    pub column: Option<usize>,
    /// Each group's model also learns from the other groups' rows at this
    /// weight (`--borrow`, see `model::borrow`).
    pub borrow: Option<f64>,
}

/// Train on `train_data` and score `test`; with a group column one model is
/// trained per group value and each test row is scored by its group's model.
pub fn train_and_score(
    train_data: &LabeledData,
    test: &LabeledData,
    params: &TrainParams,
    grouping: Grouping,
    progress: &dyn Progress,
) -> Result<Scored> {
    let group = grouping.column;
    if group.is_none() && grouping.borrow.is_some() {
        return Err(Error::Config(
            "--borrow needs a group column (--group-col) to borrow across".into(),
        ));
    }
    if let Some(weight) = grouping.borrow {
        check_weight(weight)?;
    }
    let labels = union_labels(&train_data.labels(), &test.labels());
    let (train_groups, test_groups) = match group {
        Some(g) => (split_by(train_data, g), split_by(test, g)),
        None => {
            let mut a = BTreeMap::new();
            a.insert(String::new(), (0..train_data.rows.len()).collect());
            let mut b = BTreeMap::new();
            b.insert(String::new(), (0..test.rows.len()).collect());
            (a, b)
        }
    };
    for (value, idx) in &test_groups {
        if !train_groups.contains_key(value) {
            return Err(Error::input(
                &test.path,
                Some(test.rows[idx[0]].line),
                format!("group '{value}' has no training rows"),
            ));
        }
    }
    let models: Vec<(String, Classifier)> = train_groups
        .par_iter()
        .filter(|(value, _)| test_groups.contains_key(*value))
        .map(|(value, idx)| {
            let part = subset(train_data, idx);
            let others = grouping.borrow.map(|weight| {
                let rest: Vec<usize> = (0..train_data.rows.len())
                    .filter(|i| idx.binary_search(i).is_err())
                    .collect();
                (subset(train_data, &rest), weight)
            });
            let borrow = others.as_ref().map(|(d, w)| (d, *w));
            train_borrowing(&part, borrow, params, "text", "label", progress)
                .map(|m| (value.clone(), m))
                .map_err(|e| match group {
                    Some(_) => prefix_input_error(e, &format!("group '{value}'")),
                    None => e,
                })
        })
        .collect::<Result<_>>()?;
    let models: BTreeMap<String, Classifier> = models.into_iter().collect();

    let mut pooled = Pooled::new(labels, test.rows.clone());
    for (value, idx) in &test_groups {
        pooled.put(idx, &score_model(&models[value], &subset(test, idx)));
    }
    Ok(pooled.scored)
}

/// How `cv` assigns folds.
#[derive(Debug, Clone)]
pub enum FoldSpec {
    /// Stratified by label, seeded.
    Stratified {
        /// Number of folds.
        k: usize,
        /// Seed.
        seed: u64,
    },
    /// Fixed fold ids from this extra column.
    Column(usize),
}

/// The result of cross-validation.
#[derive(Debug, Clone)]
pub struct CvResult {
    /// Pooled out-of-fold predictions.
    pub scored: Scored,
    /// Accuracy of each fold.
    pub fold_accuracy: Vec<f64>,
}

/// K-fold cross-validation: train on k-1 folds (per group when asked),
/// predict the held-out fold, pool all out-of-fold predictions.
pub fn cross_validate(
    data: &LabeledData,
    params: &TrainParams,
    folds: &FoldSpec,
    grouping: Grouping,
    progress: &dyn Progress,
) -> Result<CvResult> {
    let labels = data.labels();
    let (fold_of, k) = match folds {
        FoldSpec::Stratified { k, seed } => {
            if *k < 2 || *k > data.rows.len() {
                return Err(Error::Config(format!(
                    "--folds {k}: need between 2 and the number of rows ({})",
                    data.rows.len()
                )));
            }
            let y = LabelSet::new(labels.clone()).encode(data)?;
            (stratified_folds(&y, *k, *seed), *k)
        }
        FoldSpec::Column(col) => {
            let values: Vec<String> = data.rows.iter().map(|r| r.extra[*col].clone()).collect();
            let (ids, names) = folds_from_column(&values);
            if names.len() < 2 {
                return Err(Error::input(
                    &data.path,
                    None,
                    "the fold column has fewer than two distinct values",
                ));
            }
            (ids, names.len())
        }
    };
    let mut pooled = Pooled::new(labels, data.rows.clone());
    let mut fold_accuracy = Vec::with_capacity(k);
    // The bar counts finished folds; the folds' own fits (tuning alpha) run
    // in parallel and would fight over one bar, so they get none.
    progress.start("cross-validation folds", k as u64);
    // Folds train in parallel (each fit is single-threaded); results are
    // gathered in fold order, so the output does not depend on scheduling.
    let per_fold: Vec<Result<(Vec<usize>, Scored)>> = splits(&fold_of, k)
        .into_par_iter()
        .enumerate()
        .map(|(fold, (train_idx, test_idx))| {
            let scored = train_and_score(
                &subset(data, &train_idx),
                &subset(data, &test_idx),
                params,
                grouping,
                &Silent,
            )
            .map_err(|e| prefix_input_error(e, &format!("the training part of fold {fold}")))?;
            progress.advance(1);
            Ok((test_idx, scored))
        })
        .collect();
    for result in per_fold {
        let (test_idx, scored) = result?;
        fold_accuracy.push(scored.metrics().accuracy);
        pooled.put(&test_idx, &scored);
    }
    Ok(CvResult {
        scored: pooled.scored,
        fold_accuracy,
    })
}

/// Mean and sample standard deviation.
pub fn mean_std(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    if values.is_empty() {
        return (0.0, 0.0);
    }
    let mean = values.iter().sum::<f64>() / n;
    let var = if values.len() > 1 {
        values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)
    } else {
        0.0
    };
    (mean, var.sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_and_sample_std() {
        let (m, s) = mean_std(&[1.0, 2.0, 3.0, 4.0]);
        assert!((m - 2.5).abs() < 1e-12);
        assert!((s - (5.0f64 / 3.0).sqrt()).abs() < 1e-12);
    }
}
