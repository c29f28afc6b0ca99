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
//! it is linfa-logistic's problem exactly; `tests/cli/sparse_fit.rs` fits both to
//! a tight tolerance and checks that they land on the same parameters.
//!
//! **Sample weights** `w_i` scale a row's loss and gradient: a weight of 2 is
//! the row written twice. Balancing and borrowing use them instead of
//! repeating rows.

mod objective;
mod records;
mod solver;

use linfa::ParamGuard;
use ndarray::{Array1, Array2};
#[cfg(feature = "bench-internals")]
use sprs::CsMat;

use crate::error::{Error, Result};
#[cfg(any(test, feature = "bench-internals"))]
use crate::features::tfidf::SparseRow;

#[cfg_attr(not(feature = "bench-internals"), allow(unreachable_pub))]
pub use records::SparseRecords;

/// Settings of a sparse fit, unchecked; `fit` checks them first (linfa's
/// [`ParamGuard`], whose layout this follows: the unchecked settings wrap
/// the checked ones). The defaults are linfa-logistic's.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(not(feature = "bench-internals"), allow(unreachable_pub))]
pub struct SparseLogisticRegression(ValidSparseLogisticRegression);

/// [`SparseLogisticRegression`] settings that passed their checks.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(not(feature = "bench-internals"), allow(unreachable_pub))]
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

#[cfg_attr(not(feature = "bench-internals"), allow(unreachable_pub))]
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
    #[cfg(feature = "bench-internals")]
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
#[cfg_attr(not(feature = "bench-internals"), allow(unreachable_pub))]
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
#[cfg_attr(not(feature = "bench-internals"), allow(unreachable_pub))]
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

#[cfg_attr(not(feature = "bench-internals"), allow(unreachable_pub))]
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
    #[cfg(feature = "bench-internals")]
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

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use linfa::prelude::*;

    use super::objective::Objective;
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
