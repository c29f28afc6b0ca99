//! Sparse scoring: a sentence touches only its own features, so a
//! prediction costs `features in the sentence x labels`, not the size of the
//! vocabulary. A test proves this equals linfa's `predict_probabilities`.

use ndarray::{Array1, Array2};

use super::Classifier;
use crate::features::tfidf::SparseRow;

/// One sentence's prediction.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// Index of the predicted label in [`Classifier::labels`].
    pub label: usize,
    /// Probability of every label, in label order.
    pub probabilities: Vec<f64>,
}

impl Prediction {
    /// Probability of the predicted label.
    pub fn confidence(&self) -> f64 {
        self.probabilities[self.label]
    }
}

impl Classifier {
    /// Raw label scores (logits) of a feature row.
    pub fn logits(&self, row: &SparseRow) -> Vec<f64> {
        let mut out = self.intercepts().to_vec();
        for &(j, v) in row {
            for (o, w) in out.iter_mut().zip(self.feature_coefficients(j as usize)) {
                *o += v * w;
            }
        }
        out
    }

    /// Predict from an already computed feature row.
    pub fn predict_row(&self, row: &SparseRow) -> Prediction {
        let mut probabilities = self.logits(row);
        softmax_in_place(&mut probabilities);
        Prediction {
            label: argmax(&probabilities),
            probabilities,
        }
    }

    /// Predict one sentence.
    pub fn predict(&self, sentence: &str) -> Prediction {
        self.predict_row(&self.vectorizer().transform(sentence))
    }
}

/// Logits of a sparse row against dense `features x labels` weights.
pub(crate) fn logits_dense(
    row: &SparseRow,
    weights: &Array2<f64>,
    intercepts: &Array1<f64>,
) -> Vec<f64> {
    let mut out = intercepts.to_vec();
    for &(j, v) in row {
        for (o, w) in out.iter_mut().zip(weights.row(j as usize)) {
            *o += v * w;
        }
    }
    out
}

/// Numerically stable softmax.
pub(crate) fn softmax(logits: &[f64]) -> Vec<f64> {
    let mut out = logits.to_vec();
    softmax_in_place(&mut out);
    out
}

/// [`softmax`] overwriting the logits, the same arithmetic in the same
/// order, so serving allocates one vector per prediction instead of three.
fn softmax_in_place(values: &mut [f64]) {
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    for v in values.iter_mut() {
        *v = (*v - max).exp();
    }
    let sum: f64 = values.iter().sum();
    for v in values.iter_mut() {
        *v /= sum;
    }
}

/// Index of the largest value (the first on ties).
pub(crate) fn argmax(values: &[f64]) -> usize {
    let mut best = 0;
    for (i, &v) in values.iter().enumerate() {
        if v > values[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn softmax_and_argmax() {
        let p = softmax(&[1000.0, 1000.0, -1000.0]);
        assert!((p[0] - 0.5).abs() < 1e-12 && p[2] < 1e-300);
        assert_eq!(argmax(&[0.1, 0.7, 0.7]), 1);
    }
}
