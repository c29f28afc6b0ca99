//! Scoring: metrics, folds, and the train-then-score procedures behind
//! `evaluate` and `cv`.

pub mod folds;
pub(crate) mod metrics;
pub mod run;
