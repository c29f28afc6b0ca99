//! The objective a sparse fit minimises, and its gradient, in one pass
//! over the rows and one over the features.
//!
//! **Determinism.** The logits and the residuals are computed in parallel over
//! fixed blocks of rows; the loss and the intercept gradient are summed per
//! block and the block sums added in block order. The weight gradient
//! `X^T R` is read from a transposed copy of the rows, one feature at a time,
//! so it needs no reduction across threads at all. Block sizes do not depend
//! on the thread count: the same data and settings give the same bits on one
//! thread or many.

use std::sync::Mutex;

use argmin::core::{CostFunction, Gradient};
use ndarray::Array1;
use rayon::prelude::*;

use super::SparseRecords;

/// Rows per block of the parallel passes over rows.
const ROW_BLOCK: usize = 512;
/// Features per block of the parallel pass over features.
const FEATURE_BLOCK: usize = 256;

/// The objective and its gradient at one point. argmin asks for the cost and
/// the gradient at the same point separately, and L-BFGS asks again for the
/// gradient at the point its line search ended on; both come from one pass,
/// so the last point's cost and gradient are kept for every later call there
/// (without the copy, one evaluation in three was a repeat).
pub(super) struct Objective<'a> {
    pub(super) records: &'a SparseRecords,
    /// Class index (into the classes present) of every row.
    pub(super) y: &'a [usize],
    pub(super) weights: &'a [f64],
    pub(super) k: usize,
    pub(super) alpha: f64,
    pub(super) intercept: bool,
    pub(super) last: Mutex<Option<Evaluation>>,
}

/// A point, its cost and its gradient.
pub(super) type Evaluation = (Array1<f64>, f64, Array1<f64>);

impl Objective<'_> {
    fn cost_at(&self, theta: &Array1<f64>) -> f64 {
        let mut last = self.last.lock().expect("objective cache");
        match last.as_ref() {
            Some((at, cost, _)) if at == theta => *cost,
            _ => {
                let (cost, grad) = self.evaluate(theta);
                *last = Some((theta.clone(), cost, grad));
                cost
            }
        }
    }

    fn gradient_at(&self, theta: &Array1<f64>) -> Array1<f64> {
        let mut last = self.last.lock().expect("objective cache");
        if let Some((at, _, grad)) = last.as_ref() {
            if at == theta {
                return grad.clone();
            }
        }
        let (cost, grad) = self.evaluate(theta);
        *last = Some((theta.clone(), cost, grad.clone()));
        grad
    }

    pub(super) fn cost_and_gradient_norm(&self, theta: &Array1<f64>) -> (f64, f64) {
        let (cost, grad) = self.evaluate(theta);
        (cost, grad.dot(&grad).sqrt())
    }

    /// Cost and gradient; parameters laid out as linfa's: `features x k`
    /// row-major, then the intercept row.
    pub(super) fn evaluate(&self, theta: &Array1<f64>) -> (f64, Array1<f64>) {
        let (x, xt) = (&self.records.x, &self.records.xt);
        let (k, d, n) = (self.k, x.cols(), x.rows());
        let theta = theta.as_slice().expect("standard layout");
        let w = &theta[..d * k];
        let zero = vec![0.0; k];
        let b = if self.intercept {
            &theta[d * k..]
        } else {
            &zero[..]
        };

        // Residuals `w_i (p_i - onehot(y_i))`, with the loss and the
        // intercept gradient summed per block of rows.
        let mut resid = vec![0.0; n * k];
        let blocks: Vec<(f64, Vec<f64>)> = resid
            .par_chunks_mut(ROW_BLOCK * k)
            .enumerate()
            .map(|(block, out)| {
                let mut loss = 0.0;
                let mut gb = vec![0.0; k];
                let mut h = vec![0.0; k];
                for (r, res) in out.chunks_mut(k).enumerate() {
                    let i = block * ROW_BLOCK + r;
                    h.copy_from_slice(b);
                    if let Some(row) = x.outer_view(i) {
                        for (j, &v) in row.iter() {
                            let wj = &w[j * k..j * k + k];
                            for (hc, &wc) in h.iter_mut().zip(wj) {
                                *hc += v * wc;
                            }
                        }
                    }
                    let lse = log_sum_exp(&h);
                    let (wi, yi) = (self.weights[i], self.y[i]);
                    loss += wi * (lse - h[yi]);
                    for c in 0..k {
                        let target = if c == yi { 1.0 } else { 0.0 };
                        res[c] = wi * ((h[c] - lse).exp() - target);
                        gb[c] += res[c];
                    }
                }
                (loss, gb)
            })
            .collect();
        let mut loss = 0.0;
        let mut grad_b = vec![0.0; k];
        for (l, gb) in &blocks {
            loss += l;
            for (a, g) in grad_b.iter_mut().zip(gb) {
                *a += g;
            }
        }

        // `X^T R + alpha W`, one feature (a row of X^T) at a time.
        let mut grad = vec![0.0; theta.len()];
        grad[..d * k]
            .par_chunks_mut(FEATURE_BLOCK * k)
            .enumerate()
            .for_each(|(block, out)| {
                for (f, g) in out.chunks_mut(k).enumerate() {
                    let j = block * FEATURE_BLOCK + f;
                    for (gc, &wc) in g.iter_mut().zip(&w[j * k..j * k + k]) {
                        *gc = self.alpha * wc;
                    }
                    if let Some(col) = xt.outer_view(j) {
                        for (i, &v) in col.iter() {
                            for (gc, &rc) in g.iter_mut().zip(&resid[i * k..i * k + k]) {
                                *gc += v * rc;
                            }
                        }
                    }
                }
            });
        if self.intercept {
            grad[d * k..].copy_from_slice(&grad_b);
        }
        let penalty: f64 = w.iter().map(|v| v * v).sum();
        (loss + 0.5 * self.alpha * penalty, Array1::from(grad))
    }
}

impl CostFunction for &Objective<'_> {
    type Param = Array1<f64>;
    type Output = f64;

    fn cost(&self, theta: &Array1<f64>) -> std::result::Result<f64, argmin::core::Error> {
        Ok(self.cost_at(theta))
    }
}

impl Gradient for &Objective<'_> {
    type Param = Array1<f64>;
    type Gradient = Array1<f64>;

    fn gradient(
        &self,
        theta: &Array1<f64>,
    ) -> std::result::Result<Array1<f64>, argmin::core::Error> {
        Ok(self.gradient_at(theta))
    }
}

/// `log(sum(exp(h)))`, shifted by the maximum so that it cannot overflow.
fn log_sum_exp(h: &[f64]) -> f64 {
    let m = h.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    m + h.iter().map(|v| (v - m).exp()).sum::<f64>().ln()
}
