//! What `--tune` maximises ([`TuneMetric`]) and the per-label logit shifts
//! `--tune-bias` picks on out-of-fold scores ([`best_shifts`]).
//!
//! Both exist because a benchmark may score something other than macro-F1:
//! SemEval-2016 Task 6 scores the mean F1 of FAVOR and AGAINST only, so a
//! model tuned for macro-F1 over-predicts NONE by that benchmark's measure.
//! Tuning on the benchmark's own metric, and moving the decision boundary
//! between labels (an additive shift of each label's logit, i.e. of its
//! intercept), are both chosen on the training data's out-of-fold
//! predictions, never on the data scored afterwards.

use std::fmt;
use std::str::FromStr;

use super::predict::argmax;
use crate::error::{Error, Result};
use crate::eval::metrics::Metrics;

/// The score `--tune` maximises over pooled out-of-fold predictions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum TuneMetric {
    /// Mean F1 over all labels (the default).
    #[default]
    MacroF1,
    /// Share of rows labelled right.
    Accuracy,
    /// Mean F1 over these labels only (SemEval's F_avg).
    FAvg(Vec<String>),
}

impl TuneMetric {
    /// Check that every label the metric names is one of the training
    /// labels, so a typo fails before any fit.
    pub fn check(&self, labels: &[String]) -> Result<()> {
        if let TuneMetric::FAvg(subset) = self {
            for l in subset {
                if !labels.contains(l) {
                    return Err(Error::Config(format!(
                        "--tune-metric {self}: '{l}' is not a label of the training data (labels: {}; --tune-metric macro-f1 scores every label)",
                        labels.join(", ")
                    )));
                }
            }
        }
        Ok(())
    }

    /// The metric of predictions `pred` against `gold` (label indices into
    /// `labels`). Labels the metric names must be in `labels` ([`Self::check`]).
    pub fn score(&self, labels: &[String], gold: &[usize], pred: &[usize]) -> f64 {
        let m = Metrics::compute(labels, gold, pred);
        match self {
            TuneMetric::MacroF1 => m.macro_f1,
            TuneMetric::Accuracy => m.accuracy,
            TuneMetric::FAvg(subset) => m.favg(subset).unwrap_or(0.0),
        }
    }

    /// How the metric is named in `train`'s and `inspect`'s output.
    pub fn display_name(&self) -> String {
        match self {
            TuneMetric::MacroF1 => "macro-F1".into(),
            TuneMetric::Accuracy => "accuracy".into(),
            TuneMetric::FAvg(subset) => format!("F_avg({})", subset.join(",")),
        }
    }
}

/// The `--tune-metric` spelling: `macro-f1`, `accuracy` or `favg:A,B`.
impl fmt::Display for TuneMetric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TuneMetric::MacroF1 => f.write_str("macro-f1"),
            TuneMetric::Accuracy => f.write_str("accuracy"),
            TuneMetric::FAvg(subset) => write!(f, "favg:{}", subset.join(",")),
        }
    }
}

impl FromStr for TuneMetric {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s.trim() {
            "macro-f1" => Ok(TuneMetric::MacroF1),
            "accuracy" => Ok(TuneMetric::Accuracy),
            other => {
                let labels = other.strip_prefix("favg:").ok_or_else(|| {
                    Error::Config(format!(
                        "unknown tune metric '{s}' (known: macro-f1, accuracy, favg:LABEL,LABEL)"
                    ))
                })?;
                let labels: Vec<String> = labels
                    .split(',')
                    .map(|l| l.trim().to_string())
                    .filter(|l| !l.is_empty())
                    .collect();
                if labels.is_empty() {
                    return Err(Error::Config(format!(
                        "tune metric '{s}' names no label (e.g. favg:FAVOR,AGAINST)"
                    )));
                }
                Ok(TuneMetric::FAvg(labels))
            }
        }
    }
}

/// The logit shifts `--tune-bias` tries for each label: -2 to 2 in steps of
/// 0.1 (a shift of 2 multiplies a label's odds by about 7, which is already
/// far beyond what the out-of-fold predictions of a few hundred rows can
/// support).
pub fn shift_grid() -> Vec<f64> {
    (-20..=20).map(|i| f64::from(i) / 10.0).collect()
}

/// Coordinate-ascent passes over the labels in [`best_shifts`].
const SHIFT_PASSES: usize = 3;

/// Predictions of `logits` (one row per sentence) with `shifts` added.
fn shifted_argmax(logits: &[Vec<f64>], shifts: &[f64]) -> Vec<usize> {
    let mut buf = vec![0.0; shifts.len()];
    logits
        .iter()
        .map(|row| {
            for ((b, &l), &s) in buf.iter_mut().zip(row).zip(shifts) {
                *b = l + s;
            }
            argmax(&buf)
        })
        .collect()
}

/// The per-label logit shifts that maximise `metric` over out-of-fold
/// `logits` (rows x labels) against `gold`, and that maximum.
///
/// Only differences between shifts matter, so the first label's stays 0;
/// each other label's is searched over [`shift_grid`] in turn, for a few
/// passes, keeping a change only when it strictly improves the metric and,
/// among equal scores, the shift nearest 0 (no evidence, no shift).
pub fn best_shifts(
    logits: &[Vec<f64>],
    gold: &[usize],
    labels: &[String],
    metric: &TuneMetric,
) -> (Vec<f64>, f64) {
    let mut shifts = vec![0.0; labels.len()];
    let mut best = metric.score(labels, gold, &shifted_argmax(logits, &shifts));
    let mut grid = shift_grid();
    // Nearest 0 first, so the first of equal scores is the smallest shift.
    grid.sort_by(|a, b| a.abs().total_cmp(&b.abs()).then(a.total_cmp(b)));
    for _ in 0..SHIFT_PASSES {
        let mut changed = false;
        for k in 1..labels.len() {
            let mut best_k = (shifts[k], best);
            for &g in &grid {
                let mut trial = shifts.clone();
                trial[k] = g;
                let s = metric.score(labels, gold, &shifted_argmax(logits, &trial));
                if s > best_k.1 || (s == best_k.1 && g.abs() < best_k.0.abs()) {
                    best_k = (g, s);
                }
            }
            if best_k.0 != shifts[k] {
                shifts[k] = best_k.0;
                best = best_k.1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    (shifts, best)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Vec<String> {
        ["AGAINST", "FAVOR", "NONE"].map(String::from).to_vec()
    }

    #[test]
    fn metric_names_round_trip() {
        for s in ["macro-f1", "accuracy", "favg:FAVOR,AGAINST"] {
            assert_eq!(s.parse::<TuneMetric>().unwrap().to_string(), s);
        }
        assert_eq!(
            "favg: FAVOR , AGAINST".parse::<TuneMetric>().unwrap(),
            TuneMetric::FAvg(vec!["FAVOR".into(), "AGAINST".into()])
        );
        let e = "f1".parse::<TuneMetric>().unwrap_err().to_string();
        assert!(e.contains("unknown tune metric 'f1'"), "{e}");
        assert!("favg:".parse::<TuneMetric>().is_err());
    }

    #[test]
    fn favg_ignores_the_other_labels_and_checks_its_labels() {
        let m: TuneMetric = "favg:FAVOR,AGAINST".parse().unwrap();
        // AGAINST and FAVOR all right, NONE all wrong: F_avg 1, macro-F1 2/3.
        let gold = [0, 1, 2, 2];
        let pred = [0, 1, 0, 1];
        let f = m.score(&labels(), &gold, &pred);
        assert!(f < 1.0, "precision of the stances suffers: {f}");
        let perfect_stances = m.score(&labels(), &[0, 1, 2], &[0, 1, 0]);
        let macro_f1 = TuneMetric::MacroF1.score(&labels(), &[0, 1, 2], &[0, 1, 0]);
        assert!(perfect_stances > macro_f1);
        assert!(m.check(&labels()).is_ok());
        let e = "favg:PRO"
            .parse::<TuneMetric>()
            .unwrap()
            .check(&labels())
            .unwrap_err()
            .to_string();
        assert!(e.contains("'PRO' is not a label"), "{e}");
    }

    #[test]
    fn shifts_move_a_too_frequent_label_out_of_the_way() {
        // NONE's logit is a little too high on the stance rows: a negative
        // shift of NONE (or a positive one of FAVOR) fixes them.
        let logits = vec![
            vec![1.0, 0.0, 1.3],  // gold AGAINST
            vec![0.0, 1.0, 1.2],  // gold FAVOR
            vec![0.0, 0.0, 2.0],  // gold NONE
            vec![1.0, 0.2, 1.25], // gold AGAINST
        ];
        let gold = [0, 1, 2, 0];
        let m = TuneMetric::MacroF1;
        let before = m.score(&labels(), &gold, &shifted_argmax(&logits, &[0.0; 3]));
        let (shifts, after) = best_shifts(&logits, &gold, &labels(), &m);
        assert_eq!(after, 1.0);
        assert!(after > before);
        assert_eq!(shifts[0], 0.0, "the first label is the reference");
        assert_eq!(
            shifted_argmax(&logits, &shifts),
            gold.to_vec(),
            "{shifts:?}"
        );
    }

    #[test]
    fn no_evidence_means_no_shift() {
        let logits = vec![
            vec![2.0, 0.0, 0.0],
            vec![0.0, 2.0, 0.0],
            vec![0.0, 0.0, 2.0],
        ];
        let (shifts, best) = best_shifts(&logits, &[0, 1, 2], &labels(), &TuneMetric::MacroF1);
        assert_eq!((shifts, best), (vec![0.0; 3], 1.0));
    }
}
