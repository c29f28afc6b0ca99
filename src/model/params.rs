//! The resolved, checked training parameters ([`TrainParams`]): what the
//! fit and the tuning read, built from [`crate::settings::Settings`] (where
//! every default lives) and validated once before any work.

use crate::error::{Error, Result};
use crate::features::config::FeatureConfig;

/// Everything that decides a trained model, resolved from
/// [`Settings`](crate::settings::Settings) (where every default lives) and
/// validated once in [`train`](super::train::train).
#[derive(Debug, Clone, PartialEq)]
pub struct TrainParams {
    /// How text becomes features.
    pub features: FeatureConfig,
    /// L2 strength (the role of scikit-learn's `1/C`: the objective is the
    /// *sum* of row losses plus `alpha/2 * ||W||^2`). Ignored when tuning.
    pub alpha: f64,
    /// L-BFGS iteration limit.
    pub max_iterations: u64,
    /// Stop when the gradient norm, divided by the training rows' total
    /// weight, falls below this. The objective is a sum over rows, so an
    /// absolute tolerance would be loose on 100 rows and needlessly tight on
    /// 100,000; per unit of weight one setting fits both (as scikit-learn's
    /// mean loss does).
    pub gradient_tolerance: f64,
    /// Tune alpha by cross-validation instead of using `alpha`.
    pub tune: Option<TuneParams>,
    /// Weight the rows of smaller labels in every fit so that every label
    /// weighs as much as the largest; see `model::balance`.
    pub balance: bool,
    /// The settings these were resolved from, recorded in the model file.
    pub settings: crate::settings::Settings,
}

/// The default settings, resolved.
impl Default for TrainParams {
    fn default() -> Self {
        crate::settings::Settings::default()
            .train_params()
            .expect("the default settings train (tested in settings)")
    }
}

/// How `--tune` searches alpha.
#[derive(Debug, Clone, PartialEq)]
pub struct TuneParams {
    /// Candidate alphas.
    pub alphas: Vec<f64>,
    /// Stratified folds.
    pub folds: usize,
    /// Fold assignment seed.
    pub seed: u64,
}

impl TrainParams {
    /// Reject settings that cannot train.
    pub fn validate(&self) -> Result<()> {
        self.features.validate()?;
        let positive = |a: f64| a.is_finite() && a > 0.0;
        if !positive(self.alpha) {
            return Err(Error::setting(
                "--alpha",
                format!("must be > 0, got {}", self.alpha),
            ));
        }
        if self.max_iterations == 0 {
            return Err(Error::setting("--max-iter", "must be at least 1"));
        }
        if !positive(self.gradient_tolerance) {
            return Err(Error::setting(
                "--tol",
                format!("must be > 0, got {}", self.gradient_tolerance),
            ));
        }
        if let Some(t) = &self.tune {
            if t.folds < 2 {
                return Err(Error::setting(
                    "--tune-folds",
                    format!("need at least 2 folds, got {}", t.folds),
                ));
            }
            if t.alphas.is_empty() || !t.alphas.iter().all(|&a| positive(a)) {
                return Err(Error::setting("--alphas", "every alpha must be > 0"));
            }
        }
        Ok(())
    }
}
