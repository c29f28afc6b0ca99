//! Scoring: metrics, folds, and the train-then-score procedures behind
//! `evaluate` and `cv`.

pub(crate) mod folds;
pub(crate) mod metrics;
pub(crate) mod run;
