//! Multinomial logistic regression fitted on sparse rows: linfa-logistic's
//! objective, solver and stopping rule, without the dense matrix.
//!
//! linfa-logistic's `MultiLogisticRegression` takes a dense `rows x features`
//! matrix, so every pass of its L-BFGS costs `rows x features` however few
//! terms a sentence holds (about 25 of thousands). This fit minimises the
//! same objective,
//!
//! `sum_i w_i * -log p(y_i | x_i) + alpha/2 * ||W||^2` (intercept not penalised),
//!
//! with the same optimiser (argmin's L-BFGS, memory 10, More-Thuente line
//! search, stopping when the gradient's L2 norm falls below the tolerance),
//! over CSR rows (`sprs`), so a pass costs the nonzeros. With every `w_i = 1`
//! it is linfa-logistic's problem exactly; `tests/sparse_fit.rs` fits both to
//! a tight tolerance and checks that they land on the same parameters.
//!
//! **Sample weights** `w_i` scale a row's loss and gradient: a weight of 2 is
//! the row written twice. Balancing and borrowing use them instead of
//! repeating rows.
//!
//! **Determinism.** The logits and the residuals are computed in parallel over
//! fixed blocks of rows; the loss and the intercept gradient are summed per
//! block and the block sums added in block order. The weight gradient
//! `X^T R` is read from a transposed copy of the rows, one feature at a time,
//! so it needs no reduction across threads at all. Block sizes do not depend
//! on the thread count: the same data and settings give the same bits on one
//! thread or many.

use std::sync::Mutex;

use argmin::core::{CostFunction, Executor, Gradient, State};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use linfa::dataset::{AsSingleTargets, Records};
use linfa::prelude::*;
use linfa::ParamGuard;
use ndarray::{Array1, Array2};
use rayon::prelude::*;
use sprs::{CsMat, TriMat};

use crate::error::{Error, Result};
use crate::features::tfidf::SparseRow;

/// Rows per block of the parallel passes over rows.
const ROW_BLOCK: usize = 512;
/// Features per block of the parallel pass over features.
const FEATURE_BLOCK: usize = 256;
/// L-BFGS memory, as linfa-logistic sets it.
const LBFGS_MEMORY: usize = 10;

/// Training rows in CSR form with one weight each; the records of a
/// [`DatasetBase`] that [`SparseLogisticRegression`] fits.
#[derive(Debug, Clone)]
pub struct SparseRecords {
    /// `rows x features`.
    x: CsMat<f64>,
    /// `features x rows`: the gradient reads each feature's rows from here.
    xt: CsMat<f64>,
    weights: Vec<f64>,
}

impl SparseRecords {
    /// Rows given as `(feature, value)` pairs, every weight 1. A row may list
    /// a feature more than once; the values are added. A feature index at or
    /// past `n_features` is refused.
    pub fn from_rows(rows: &[SparseRow], n_features: usize) -> Result<Self> {
        let nnz = rows.iter().map(Vec::len).sum();
        let mut tri = TriMat::with_capacity((rows.len(), n_features), nnz);
        for (i, row) in rows.iter().enumerate() {
            for &(j, v) in row {
                if j as usize >= n_features {
                    return Err(Error::Config(format!(
                        "row {i} has feature {j}, past the {n_features} features"
                    )));
                }
                tri.add_triplet(i, j as usize, v);
            }
        }
        Ok(Self::from_csr(tri.to_csr()))
    }

    /// A CSR matrix as records, every weight 1.
    pub fn from_csr(x: CsMat<f64>) -> Self {
        let x = if x.is_csr() { x } else { x.to_csr() };
        let xt = x.transpose_view().to_csr();
        let weights = vec![1.0; x.rows()];
        SparseRecords { x, xt, weights }
    }

    /// Give each row a weight; refuses a count that differs from the rows,
    /// a negative or non-finite weight, or weights that are all zero.
    pub fn with_weights(mut self, weights: Vec<f64>) -> Result<Self> {
        if weights.len() != self.x.rows() {
            return Err(Error::Config(format!(
                "{} sample weights for {} rows",
                weights.len(),
                self.x.rows()
            )));
        }
        check_weights(&weights)?;
        self.weights = weights;
        Ok(self)
    }

    /// The rows.
    pub fn csr(&self) -> &CsMat<f64> {
        &self.x
    }

    /// The rows' weights.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }
}

/// Sample weights must be finite, non-negative and not all zero.
pub(crate) fn check_weights(weights: &[f64]) -> Result<()> {
    if let Some(w) = weights.iter().find(|w| !(w.is_finite() && **w >= 0.0)) {
        return Err(Error::Config(format!(
            "sample weights must be finite and >= 0, got {w}"
        )));
    }
    if !weights.iter().any(|&w| w > 0.0) {
        return Err(Error::Config("every sample weight is zero".into()));
    }
    Ok(())
}

impl Records for SparseRecords {
    type Elem = f64;

    fn nsamples(&self) -> usize {
        self.x.rows()
    }

    fn nfeatures(&self) -> usize {
        self.x.cols()
    }
}

/// Settings of a sparse fit, unchecked; `fit` checks them first (linfa's
/// [`ParamGuard`], whose layout this follows: the unchecked settings wrap
/// the checked ones). The defaults are linfa-logistic's.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SparseLogisticRegression(ValidSparseLogisticRegression);

/// [`SparseLogisticRegression`] settings that passed their checks.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidSparseLogisticRegression {
    alpha: f64,
    max_iterations: u64,
    gradient_tolerance: f64,
    with_intercept: bool,
    initial_params: Option<Array2<f64>>,
}

impl Default for ValidSparseLogisticRegression {
    fn default() -> Self {
        ValidSparseLogisticRegression {
            alpha: 1.0,
            max_iterations: 100,
            gradient_tolerance: 1e-4,
            with_intercept: true,
            initial_params: None,
        }
    }
}

impl SparseLogisticRegression {
    /// L2 strength on the weights (not the intercept); the role of
    /// scikit-learn's `1/C`, since the loss is a sum over rows.
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.0.alpha = alpha;
        self
    }

    /// L-BFGS iteration limit.
    pub fn max_iterations(mut self, n: u64) -> Self {
        self.0.max_iterations = n;
        self
    }

    /// Stop when the gradient's L2 norm is below this.
    pub fn gradient_tolerance(mut self, tol: f64) -> Self {
        self.0.gradient_tolerance = tol;
        self
    }

    /// Fit an intercept per class (default) or none.
    pub fn with_intercept(mut self, yes: bool) -> Self {
        self.0.with_intercept = yes;
        self
    }

    /// Start from these parameters (`features [+ 1] x classes present`, the
    /// intercept as the last row), e.g. the solution for a nearby alpha.
    /// Parameters of another shape make `fit` fail.
    pub fn initial_params(mut self, params: Array2<f64>) -> Self {
        self.0.initial_params = Some(params);
        self
    }
}

impl ParamGuard for SparseLogisticRegression {
    type Checked = ValidSparseLogisticRegression;
    type Error = Error;

    fn check_ref(&self) -> Result<&Self::Checked> {
        let s = &self.0;
        let positive = |a: f64| a.is_finite() && a > 0.0;
        if !positive(s.alpha) {
            return Err(Error::Config(format!("alpha must be > 0, got {}", s.alpha)));
        }
        if s.max_iterations == 0 {
            return Err(Error::Config("max iterations must be at least 1".into()));
        }
        if !positive(s.gradient_tolerance) {
            return Err(Error::Config("gradient tolerance must be > 0".into()));
        }
        if let Some(p) = &s.initial_params {
            if p.iter().any(|v| !v.is_finite()) {
                return Err(Error::Config("initial parameters must be finite".into()));
            }
        }
        Ok(s)
    }

    fn check(self) -> Result<Self::Checked> {
        self.check_ref()?;
        Ok(self.0)
    }
}

/// A fitted sparse model: weights over the classes present in training.
#[derive(Debug, Clone, PartialEq)]
pub struct SparseLogisticModel {
    /// `features x classes`.
    params: Array2<f64>,
    /// One per class (zeros without an intercept).
    intercept: Array1<f64>,
    /// The class labels, sorted; column `c` of `params` is `classes[c]`.
    classes: Vec<usize>,
    report: SolverReport,
}

/// How one L-BFGS run ended, recomputed at the returned parameters (argmin
/// can stop on the iteration limit or a cost that no longer moves).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SolverReport {
    /// The objective there.
    pub cost: f64,
    /// L2 norm of the objective's gradient there.
    pub gradient_norm: f64,
    /// `gradient_norm` is at or below the tolerance asked for.
    pub converged: bool,
    /// L-BFGS iterations run.
    pub iterations: u64,
}

impl SparseLogisticModel {
    /// `features x classes`.
    pub fn params(&self) -> &Array2<f64> {
        &self.params
    }

    /// One per class.
    pub fn intercept(&self) -> &Array1<f64> {
        &self.intercept
    }

    /// The class labels present in training, sorted.
    pub fn classes(&self) -> &[usize] {
        &self.classes
    }

    /// Convergence.
    pub fn report(&self) -> SolverReport {
        self.report
    }

    /// Class probabilities (`rows x classes`) of CSR rows.
    ///
    /// # Panics
    /// When `x` has more columns than the model has features.
    pub fn predict_probabilities(&self, x: &CsMat<f64>) -> Array2<f64> {
        assert!(
            x.cols() <= self.params.nrows(),
            "{} columns for a model of {} features",
            x.cols(),
            self.params.nrows()
        );
        // Scored as the classifier scores a sentence (`predict`), so the
        // equality test against linfa-logistic covers serving too.
        let mut out = Array2::zeros((x.rows(), self.classes.len()));
        for (row, mut p) in x.outer_iterator().zip(out.rows_mut()) {
            let row: SparseRow = row.iter().map(|(j, &v)| (j as u32, v)).collect();
            let logits = super::predict::logits_dense(&row, &self.params, &self.intercept);
            p.assign(&Array1::from(super::predict::softmax(&logits)));
        }
        out
    }
}

impl<T: AsSingleTargets<Elem = usize>> Fit<SparseRecords, T, Error>
    for ValidSparseLogisticRegression
{
    type Object = SparseLogisticModel;

    /// Fit on the records' rows and weights; linfa's own dataset weights,
    /// when set, multiply them.
    fn fit(&self, dataset: &DatasetBase<SparseRecords, T>) -> Result<SparseLogisticModel> {
        let records = dataset.records();
        let targets: Vec<usize> = dataset.as_single_targets().iter().copied().collect();
        let mut weights = records.weights.clone();
        if let Some(extra) = dataset.weights() {
            if extra.len() != weights.len() {
                return Err(Error::Config(format!(
                    "{} dataset weights for {} rows",
                    extra.len(),
                    weights.len()
                )));
            }
            for (w, &e) in weights.iter_mut().zip(extra) {
                *w *= f64::from(e);
            }
            check_weights(&weights)?;
        }
        fit_weighted(self, records, &targets, &weights)
    }
}

/// The fit itself. The classes are the labels of the rows that weigh
/// something: a label whose rows all weigh 0 has no optimum and is left out
/// (the caller treats it as absent).
fn fit_weighted(
    settings: &ValidSparseLogisticRegression,
    records: &SparseRecords,
    targets: &[usize],
    weights: &[f64],
) -> Result<SparseLogisticModel> {
    let n = records.x.rows();
    if targets.len() != n {
        return Err(Error::Config(format!(
            "{} targets for {n} rows",
            targets.len()
        )));
    }
    let mut classes: Vec<usize> = targets
        .iter()
        .zip(weights)
        .filter(|(_, &w)| w > 0.0)
        .map(|(&t, _)| t)
        .collect();
    classes.sort_unstable();
    classes.dedup();
    if classes.len() < 2 {
        return Err(Error::Config(
            "a training part (the data, a fold or a group) carries fewer than two labels \
             with weight > 0"
                .into(),
        ));
    }
    // A row of a left-out label weighs 0: any class index will do.
    let y: Vec<usize> = targets
        .iter()
        .map(|t| classes.binary_search(t).unwrap_or(0))
        .collect();
    let k = classes.len();
    let d = records.x.cols();
    let n_params = (d + usize::from(settings.with_intercept)) * k;
    let problem = Objective {
        records,
        y: &y,
        weights,
        k,
        alpha: settings.alpha,
        intercept: settings.with_intercept,
        last: Mutex::new(None),
    };
    let init = match &settings.initial_params {
        Some(p) if p.len() == n_params && p.ncols() == k => Array1::from_iter(p.iter().copied()),
        Some(p) => {
            return Err(Error::Config(format!(
                "initial parameters are {} x {}, the fit needs {} x {k}",
                p.nrows(),
                p.ncols(),
                n_params / k
            )))
        }
        None => Array1::zeros(n_params),
    };
    let solver = LBFGS::new(MoreThuenteLineSearch::new(), LBFGS_MEMORY)
        .with_tolerance_grad(settings.gradient_tolerance)
        .map_err(|e| Error::Training(e.to_string()))?;
    let result = Executor::new(&problem, solver)
        .configure(|state| state.param(init.clone()).max_iters(settings.max_iterations))
        .run()
        .map_err(|e| Error::Training(e.to_string()))?;
    let iterations = result.state.get_iter();
    let theta = result.state.best_param.clone().unwrap_or(init);
    let (cost, gradient_norm) = problem.cost_and_gradient_norm(&theta);
    if !cost.is_finite() || theta.iter().any(|v| !v.is_finite()) {
        return Err(Error::Training(
            "the optimiser produced non-finite weights".into(),
        ));
    }
    let theta = theta.into_raw_vec_and_offset().0;
    let params = Array2::from_shape_vec((d, k), theta[..d * k].to_vec()).expect("d x k");
    let intercept = if settings.with_intercept {
        Array1::from(theta[d * k..].to_vec())
    } else {
        Array1::zeros(k)
    };
    Ok(SparseLogisticModel {
        params,
        intercept,
        classes,
        report: SolverReport {
            cost,
            gradient_norm,
            converged: gradient_norm <= settings.gradient_tolerance,
            iterations,
        },
    })
}

/// The objective and its gradient at one point. argmin asks for the cost and
/// the gradient at the same point separately, and L-BFGS asks again for the
/// gradient at the point its line search ended on; both come from one pass,
/// so the last point's cost and gradient are kept for every later call there
/// (without the copy, one evaluation in three was a repeat).
struct Objective<'a> {
    records: &'a SparseRecords,
    /// Class index (into the classes present) of every row.
    y: &'a [usize],
    weights: &'a [f64],
    k: usize,
    alpha: f64,
    intercept: bool,
    last: Mutex<Option<Evaluation>>,
}

/// A point, its cost and its gradient.
type Evaluation = (Array1<f64>, f64, Array1<f64>);

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

    fn cost_and_gradient_norm(&self, theta: &Array1<f64>) -> (f64, f64) {
        let (cost, grad) = self.evaluate(theta);
        (cost, grad.dot(&grad).sqrt())
    }

    /// Cost and gradient; parameters laid out as linfa's: `features x k`
    /// row-major, then the intercept row.
    fn evaluate(&self, theta: &Array1<f64>) -> (f64, Array1<f64>) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> (Vec<SparseRow>, Vec<usize>) {
        let rows = vec![
            vec![(0, 1.0), (2, 0.5)],
            vec![(1, 1.0)],
            vec![(0, 0.7), (1, 0.2)],
            vec![(2, 1.0)],
            vec![(1, 0.9), (2, 0.1)],
            vec![(0, 0.3), (2, 0.8)],
        ];
        (rows, vec![0, 1, 0, 2, 1, 2])
    }

    fn fit(rows: &[SparseRow], y: &[usize], weights: Option<Vec<f64>>) -> SparseLogisticModel {
        let mut records = SparseRecords::from_rows(rows, 3).unwrap();
        if let Some(w) = weights {
            records = records.with_weights(w).unwrap();
        }
        SparseLogisticRegression::default()
            .alpha(0.5)
            .gradient_tolerance(1e-10)
            .max_iterations(500)
            .fit(&DatasetBase::new(records, Array1::from(y.to_vec())))
            .unwrap()
    }

    #[test]
    fn the_gradient_matches_finite_differences() {
        let (rows, y) = toy();
        let records = SparseRecords::from_rows(&rows, 3)
            .unwrap()
            .with_weights(vec![1.0, 2.0, 0.5, 1.0, 0.0, 3.0])
            .unwrap();
        let problem = Objective {
            records: &records,
            y: &y,
            weights: &records.weights,
            k: 3,
            alpha: 0.7,
            intercept: true,
            last: Mutex::new(None),
        };
        let theta = Array1::from_iter((0..12).map(|i| (i as f64 * 0.37).sin()));
        let (_, grad) = problem.evaluate(&theta);
        for p in 0..theta.len() {
            let mut up = theta.clone();
            let mut down = theta.clone();
            up[p] += 1e-6;
            down[p] -= 1e-6;
            let numeric = (problem.evaluate(&up).0 - problem.evaluate(&down).0) / 2e-6;
            assert!(
                (numeric - grad[p]).abs() < 1e-6,
                "param {p}: {numeric} vs {}",
                grad[p]
            );
        }
    }

    #[test]
    fn a_weight_of_two_equals_the_row_written_twice() {
        let (rows, y) = toy();
        let weighted = fit(&rows, &y, Some(vec![2.0, 1.0, 1.0, 1.0, 1.0, 1.0]));
        let mut twice = rows.clone();
        twice.push(rows[0].clone());
        let mut y2 = y.clone();
        y2.push(y[0]);
        let repeated = fit(&twice, &y2, None);
        for (a, b) in weighted.params().iter().zip(repeated.params()) {
            assert!((a - b).abs() < 1e-8, "{a} vs {b}");
        }
        for (a, b) in weighted.intercept().iter().zip(repeated.intercept()) {
            assert!((a - b).abs() < 1e-8, "{a} vs {b}");
        }
        // And the weight matters: weight 1 gives other parameters.
        let plain = fit(&rows, &y, None);
        assert!((plain.params()[[0, 0]] - weighted.params()[[0, 0]]).abs() > 1e-3);
    }

    /// Tuning starts each alpha from the previous alpha's solution: it must
    /// land where a cold start does.
    #[test]
    fn a_warm_start_reaches_the_cold_optimum() {
        let (rows, y) = toy();
        let settings = || {
            SparseLogisticRegression::default()
                .gradient_tolerance(1e-10)
                .max_iterations(500)
        };
        let data = || {
            DatasetBase::new(
                SparseRecords::from_rows(&rows, 3).unwrap(),
                Array1::from(y.clone()),
            )
        };
        let strong = settings().alpha(3.0).fit(&data()).unwrap();
        let mut init = strong.params().clone();
        init.push_row(strong.intercept().view()).unwrap();
        let warm = settings()
            .alpha(0.3)
            .initial_params(init)
            .fit(&data())
            .unwrap();
        let cold = settings().alpha(0.3).fit(&data()).unwrap();
        let gap = (warm.params() - cold.params())
            .iter()
            .fold(0.0f64, |m, v| m.max(v.abs()));
        assert!(gap < 1e-7, "{gap}");
        // The start was not the answer already.
        assert!((strong.params() - cold.params())
            .iter()
            .any(|v| v.abs() > 1e-2));
    }

    #[test]
    fn linfa_dataset_weights_multiply_the_records_weights() {
        let (rows, y) = toy();
        let w = vec![2.0, 1.0, 0.5, 1.0, 1.0, 3.0];
        let direct = fit(&rows, &y, Some(w.clone()));
        let records = SparseRecords::from_rows(&rows, 3).unwrap();
        let dataset = DatasetBase::new(records, Array1::from(y.clone()))
            .with_weights(Array1::from_iter(w.iter().map(|&v| v as f32)));
        let via_linfa = SparseLogisticRegression::default()
            .alpha(0.5)
            .gradient_tolerance(1e-10)
            .max_iterations(500)
            .fit(&dataset)
            .unwrap();
        assert_eq!(direct.params(), via_linfa.params());
        // A label whose rows all weigh 0 is left out of the classes.
        let zeroed = fit(&rows, &y, Some(vec![1.0, 1.0, 1.0, 0.0, 1.0, 0.0]));
        assert_eq!(zeroed.classes(), &[0, 1]);
    }

    #[test]
    fn the_same_bits_on_one_thread_or_two() {
        let (rows, y) = toy();
        let many: Vec<SparseRow> = (0..3000)
            .map(|i| {
                rows[i % 6]
                    .iter()
                    .map(|&(j, v)| (j, v * (1.0 + (i % 7) as f64 / 10.0)))
                    .collect()
            })
            .collect();
        let ys: Vec<usize> = (0..3000).map(|i| y[i % 6]).collect();
        let on = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| fit(&many, &ys, None))
        };
        assert_eq!(on(1), on(2));
    }

    #[test]
    fn bad_weights_and_settings_are_refused() {
        let (rows, _) = toy();
        let records = || SparseRecords::from_rows(&rows, 3).unwrap();
        assert!(SparseRecords::from_rows(&rows, 2).is_err());
        assert!(records().with_weights(vec![1.0; 5]).is_err());
        assert!(records()
            .with_weights(vec![-1.0, 1.0, 1.0, 1.0, 1.0, 1.0])
            .is_err());
        assert!(records().with_weights(vec![0.0; 6]).is_err());
        assert!(records()
            .with_weights(vec![f64::NAN, 1.0, 1.0, 1.0, 1.0, 1.0])
            .is_err());
        assert!(SparseLogisticRegression::default()
            .alpha(0.0)
            .check()
            .is_err());
        assert!(SparseLogisticRegression::default()
            .max_iterations(0)
            .check()
            .is_err());
        let nan = Array2::from_elem((4, 3), f64::NAN);
        assert!(SparseLogisticRegression::default()
            .initial_params(nan)
            .check()
            .is_err());
        let wrong = SparseLogisticRegression::default()
            .initial_params(Array2::zeros((2, 3)))
            .fit(&DatasetBase::new(
                records(),
                Array1::from(vec![0, 1, 0, 2, 1, 2]),
            ));
        assert!(wrong.is_err());
        // Only one label weighs anything: no fit.
        let one = records()
            .with_weights(vec![1.0, 0.0, 1.0, 0.0, 0.0, 0.0])
            .unwrap();
        let e = SparseLogisticRegression::default()
            .fit(&DatasetBase::new(one, Array1::from(vec![0, 1, 0, 2, 1, 2])))
            .unwrap_err();
        assert!(e.to_string().contains("two labels"), "{e}");
    }
}
