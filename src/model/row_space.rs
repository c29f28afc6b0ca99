//! Fitting in the span of the training rows, for data with far fewer rows
//! than features (a few hundred tweets carry tens of thousands of character
//! n-grams).
//!
//! With an L2 penalty the optimal weights of logistic regression are a
//! combination of the training rows (`w = Xᵀβ`): any part of `w` orthogonal
//! to every row changes no prediction and only adds to the penalty. So the
//! same problem can be written over `r <= rows` coordinates. A pivoted
//! Cholesky factorisation of the kernel `K = X Xᵀ` picks `r` pivot rows `P`
//! that span the others and gives `K ≈ L Lᵀ`, `L` being `rows x r`, with
//! `K[P,P] = C Cᵀ` (`C = L[P,:]`, lower triangular). For `w = X[P]ᵀ C⁻ᵀ z`:
//! `X w = L z` and `|w| = |z|`. linfa-logistic then fits the dense `rows x r`
//! matrix `L` with the same alpha: the same objective in an orthonormal
//! basis of the row span, so L-BFGS (which sees the problem only through
//! inner products and gradients) takes the same steps, and the weights map
//! back exactly up to rounding. Each L-BFGS pass costs `rows x r` instead of
//! `rows x features`.
//!
//! The kernel is never formed: each pivot needs one kernel column, computed
//! from the sparse rows.

use ndarray::{s, Array1, Array2, ArrayView2};

use crate::features::tfidf::SparseRow;

/// A pivot's residual below this fraction of the largest squared row norm
/// counts as zero: that row lies in the span of the pivots so far.
const RESIDUAL_TOLERANCE: f64 = 1e-12;

/// The rows' span: enough to turn coefficients fitted on [`RowBasis::reduce`]'s
/// matrix back into one weight per feature.
#[derive(Debug, Clone)]
pub struct RowBasis {
    /// The pivot rows, in pivot order.
    pivots: Vec<SparseRow>,
    /// `C`: `r x r`, lower triangular, `C Cᵀ` = the pivots' kernel.
    factor: Array2<f64>,
    n_features: usize,
}

impl RowBasis {
    /// Factor the rows; returns the `rows x r` matrix to fit on and the basis
    /// that maps its coefficients back. Rows that repeat (or combine) earlier
    /// ones add no coordinate.
    pub fn reduce(rows: &[&SparseRow], n_features: usize) -> (Array2<f64>, RowBasis) {
        let n = rows.len();
        let mut residual: Vec<f64> = rows
            .iter()
            .map(|r| r.iter().map(|(_, v)| v * v).sum())
            .collect();
        let scale = residual.iter().copied().fold(0.0, f64::max);
        let mut l = Array2::<f64>::zeros((n, n));
        let mut order: Vec<usize> = Vec::new();
        let mut is_pivot = vec![false; n];
        let mut scratch = vec![0.0; n_features];
        while order.len() < n {
            let k = order.len();
            let Some(p) = (0..n)
                .filter(|&i| !is_pivot[i])
                .max_by(|&a, &b| residual[a].total_cmp(&residual[b]).then(b.cmp(&a)))
            else {
                break;
            };
            let d = residual[p];
            // (NaN residuals stop here too.)
            if d.is_nan() || d <= RESIDUAL_TOLERANCE * scale {
                break;
            }
            // Kernel column p: every row's dot product with row p.
            for &(j, v) in rows[p] {
                scratch[j as usize] = v;
            }
            let mut col: Array1<f64> = rows
                .iter()
                .map(|r| r.iter().map(|&(j, v)| v * scratch[j as usize]).sum())
                .collect();
            for &(j, _) in rows[p] {
                scratch[j as usize] = 0.0;
            }
            if k > 0 {
                let done = l.slice(s![.., ..k]);
                col -= &done.dot(&l.slice(s![p, ..k]));
            }
            let root = d.sqrt();
            for i in 0..n {
                // Earlier pivots have no residual left: exact zeros keep `C`
                // lower triangular.
                let value = if is_pivot[i] { 0.0 } else { col[i] / root };
                l[[i, k]] = value;
                if !is_pivot[i] {
                    residual[i] -= value * value;
                }
            }
            l[[p, k]] = root;
            residual[p] = 0.0;
            is_pivot[p] = true;
            order.push(p);
        }
        let r = order.len();
        let z = l.slice(s![.., ..r]).to_owned();
        let mut factor = Array2::zeros((r, r));
        for (a, &p) in order.iter().enumerate() {
            factor.slice_mut(s![a, ..=a]).assign(&l.slice(s![p, ..=a]));
        }
        let pivots = order.iter().map(|&p| rows[p].clone()).collect();
        (
            z,
            RowBasis {
                pivots,
                factor,
                n_features,
            },
        )
    }

    /// The number of coordinates (pivot rows).
    pub fn rank(&self) -> usize {
        self.pivots.len()
    }

    /// Coefficients fitted on the reduced matrix (`r x labels`) -> weights
    /// per feature (`features x labels`): `X[P]ᵀ C⁻ᵀ z`.
    pub fn weights(&self, z: ArrayView2<f64>) -> Array2<f64> {
        let r = self.rank();
        let mut gamma = z.to_owned();
        // Back substitution with Cᵀ (upper triangular), one column per label.
        for a in (0..r).rev() {
            for b in a + 1..r {
                let c = self.factor[[b, a]];
                if c != 0.0 {
                    let (mut row_a, row_b) = gamma.multi_slice_mut((s![a, ..], s![b, ..]));
                    row_a.scaled_add(-c, &row_b);
                }
            }
            let d = self.factor[[a, a]];
            gamma.row_mut(a).mapv_inplace(|v| v / d);
        }
        let mut w = Array2::zeros((self.n_features, z.ncols()));
        for (row, g) in self.pivots.iter().zip(gamma.rows()) {
            for &(j, v) in row {
                w.row_mut(j as usize).scaled_add(v, &g);
            }
        }
        w
    }
}

/// Whether fitting in the row span pays: only with at least four times as
/// many features as rows (each L-BFGS pass then costs at most a quarter,
/// and the factorisation, about `rows³ / 2` operations, stays small next
/// to the passes it saves).
pub fn worth_reducing(rows: usize, n_features: usize) -> bool {
    rows >= 2 && rows.saturating_mul(4) <= n_features
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::train::dense;
    use ndarray::Axis;

    /// Rows with a repeat and a row that is the sum of two others.
    fn rows() -> Vec<SparseRow> {
        vec![
            vec![(0, 1.0), (3, 2.0)],
            vec![(1, 0.5), (4, -1.0), (7, 0.25)],
            vec![(0, 1.0), (3, 2.0)],
            vec![(0, 1.0), (1, 0.5), (3, 2.0), (4, -1.0), (7, 0.25)],
            vec![(2, 3.0), (5, 1.0)],
            vec![(6, 0.1), (9, 0.2)],
        ]
    }

    #[test]
    fn the_factor_reproduces_the_kernel_and_drops_dependent_rows() {
        let rows = rows();
        let refs: Vec<&SparseRow> = rows.iter().collect();
        let (z, basis) = RowBasis::reduce(&refs, 10);
        assert_eq!(basis.rank(), 4, "a repeat and a sum add no coordinate");
        let x = dense(&rows, 10);
        let k = x.dot(&x.t());
        let err = (&z.dot(&z.t()) - &k)
            .iter()
            .fold(0.0f64, |m, v| m.max(v.abs()));
        assert!(err < 1e-12, "max |L Lᵀ - K| = {err}");
    }

    #[test]
    fn mapped_weights_give_the_same_scores_and_norm() {
        let rows = rows();
        let refs: Vec<&SparseRow> = rows.iter().collect();
        let (z, basis) = RowBasis::reduce(&refs, 10);
        let coef = Array2::from_shape_fn((basis.rank(), 3), |(a, b)| {
            (a as f64 + 1.0) * 0.3 - b as f64 * 0.7
        });
        let w = basis.weights(coef.view());
        let x = dense(&rows, 10);
        let err = (&x.dot(&w) - &z.dot(&coef))
            .iter()
            .fold(0.0f64, |m, v| m.max(v.abs()));
        assert!(err < 1e-12, "max |X w - Z z| = {err}");
        let norms = |m: &Array2<f64>| m.map_axis(Axis(0), |c| c.dot(&c));
        let (nw, nz) = (norms(&w), norms(&coef));
        for (a, b) in nw.iter().zip(&nz) {
            assert!((a - b).abs() < 1e-10 * b.max(1.0), "|w|² {a} vs |z|² {b}");
        }
    }

    #[test]
    fn only_wide_data_is_reduced() {
        assert!(worth_reducing(500, 40_000));
        assert!(worth_reducing(1000, 4000));
        assert!(!worth_reducing(1001, 4000));
        assert!(!worth_reducing(1, 100));
    }
}
