//! The fit: classes present, starting point, argmin's L-BFGS on the
//! [`Objective`], and the fitted model with how the solver ended.

use std::sync::Mutex;

use argmin::core::{Executor, State};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use linfa::dataset::AsSingleTargets;
use linfa::prelude::*;
use ndarray::{Array1, Array2};

use super::objective::Objective;
use super::records::check_weights;
use super::{SolverReport, SparseLogisticModel, SparseRecords, ValidSparseLogisticRegression};
use crate::error::{Error, Result};

/// L-BFGS memory, as linfa-logistic sets it.
const LBFGS_MEMORY: usize = 10;

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
