//! Classification metrics computed here (linfa's confusion matrix swaps
//! precision and recall, and its F1 is not the mean of per-label F1).
//!
//! Conventions follow scikit-learn with `zero_division=0`: a label never
//! predicted has precision 0, a label never in gold has recall 0, and F1 is 0
//! when precision and recall are both 0. Macro-F1 averages the labels that
//! occur in gold or predictions.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::{Error, Result};

/// Precision, recall, F1 and support of one label.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LabelScores {
    /// Share of predictions of this label that were right.
    pub precision: f64,
    /// Share of gold rows of this label that were found.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Gold rows of this label.
    pub support: u64,
}

/// The confusion matrix: rows are gold labels, columns predicted labels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Confusion {
    /// Label order of rows and columns.
    pub labels: Vec<String>,
    /// Counts, `matrix[gold][predicted]`.
    pub matrix: Vec<Vec<u64>>,
}

/// All metrics of one set of predictions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metrics {
    /// Rows scored.
    pub n: u64,
    /// Share of rows predicted right.
    pub accuracy: f64,
    /// Mean F1 over the labels present in gold or predictions.
    pub macro_f1: f64,
    /// The label order used everywhere below.
    pub labels: Vec<String>,
    /// Scores of each label.
    pub per_label: BTreeMap<String, LabelScores>,
    /// Gold x predicted counts.
    pub confusion: Confusion,
}

impl Metrics {
    /// Score predictions; `gold[i]` and `pred[i]` index into `labels`.
    pub fn compute(labels: &[String], gold: &[usize], pred: &[usize]) -> Metrics {
        let k = labels.len();
        let mut matrix = vec![vec![0u64; k]; k];
        for (&g, &p) in gold.iter().zip(pred) {
            matrix[g][p] += 1;
        }
        let n = gold.len() as u64;
        let correct: u64 = (0..k).map(|i| matrix[i][i]).sum();
        let mut per_label = BTreeMap::new();
        let mut f1_sum = 0.0;
        let mut present = 0;
        for i in 0..k {
            let tp = matrix[i][i] as f64;
            let support: u64 = matrix[i].iter().sum();
            let predicted: u64 = (0..k).map(|r| matrix[r][i]).sum();
            let precision = if predicted > 0 {
                tp / predicted as f64
            } else {
                0.0
            };
            let recall = if support > 0 {
                tp / support as f64
            } else {
                0.0
            };
            let f1 = if precision + recall > 0.0 {
                2.0 * precision * recall / (precision + recall)
            } else {
                0.0
            };
            if support > 0 || predicted > 0 {
                f1_sum += f1;
                present += 1;
            }
            per_label.insert(
                labels[i].clone(),
                LabelScores {
                    precision,
                    recall,
                    f1,
                    support,
                },
            );
        }
        Metrics {
            n,
            accuracy: if n > 0 {
                correct as f64 / n as f64
            } else {
                0.0
            },
            macro_f1: if present > 0 {
                f1_sum / present as f64
            } else {
                0.0
            },
            labels: labels.to_vec(),
            per_label,
            confusion: Confusion {
                labels: labels.to_vec(),
                matrix,
            },
        }
    }

    /// Mean F1 over a chosen subset of labels (SemEval-2016's F_avg is the
    /// mean of F1(FAVOR) and F1(AGAINST), NONE left out).
    pub fn favg(&self, subset: &[String]) -> Result<f64> {
        if subset.is_empty() {
            return Err(Error::Config(
                "--favg-labels needs at least one label".into(),
            ));
        }
        let mut sum = 0.0;
        for label in subset {
            let scores = self.per_label.get(label).ok_or_else(|| {
                Error::Config(format!(
                    "--favg-labels: '{label}' is not a label here (labels: {})",
                    self.labels.join(", ")
                ))
            })?;
            sum += scores.f1;
        }
        Ok(sum / subset.len() as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Vec<String> {
        vec!["a".into(), "b".into(), "c".into()]
    }

    #[test]
    fn hand_computed_three_labels() {
        // gold: a a a b b c ; pred: a a b b c c
        let m = Metrics::compute(&labels(), &[0, 0, 0, 1, 1, 2], &[0, 0, 1, 1, 2, 2]);
        assert_eq!(m.n, 6);
        assert!((m.accuracy - 4.0 / 6.0).abs() < 1e-12);
        assert_eq!(
            m.confusion.matrix,
            vec![vec![2, 1, 0], vec![0, 1, 1], vec![0, 0, 1]]
        );
        let a = m.per_label["a"];
        assert!((a.precision - 1.0).abs() < 1e-12);
        assert!((a.recall - 2.0 / 3.0).abs() < 1e-12);
        assert!((a.f1 - 0.8).abs() < 1e-12);
        assert_eq!(a.support, 3);
        let b = m.per_label["b"];
        assert!((b.precision - 0.5).abs() < 1e-12 && (b.recall - 0.5).abs() < 1e-12);
        let c = m.per_label["c"];
        assert!((c.precision - 0.5).abs() < 1e-12 && (c.recall - 1.0).abs() < 1e-12);
        assert!((c.f1 - 2.0 / 3.0).abs() < 1e-12);
        assert!((m.macro_f1 - (0.8 + 0.5 + 2.0 / 3.0) / 3.0).abs() < 1e-12);
        let favg = m.favg(&["a".into(), "c".into()]).unwrap();
        assert!((favg - (0.8 + 2.0 / 3.0) / 2.0).abs() < 1e-12);
        assert!(m.favg(&["zzz".into()]).is_err());
    }

    #[test]
    fn never_predicted_label_scores_zero_and_absent_label_is_left_out() {
        // "c" never occurs in gold or predictions: not averaged.
        let m = Metrics::compute(&labels(), &[0, 1, 1], &[0, 0, 0]);
        let b = m.per_label["b"];
        assert_eq!((b.precision, b.recall, b.f1), (0.0, 0.0, 0.0));
        let a_f1 = 2.0 * (1.0 / 3.0) / (1.0 + 1.0 / 3.0);
        assert!((m.macro_f1 - a_f1 / 2.0).abs() < 1e-12);
    }
}
