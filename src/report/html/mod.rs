//! Self-contained HTML reports: [`articles`] for `classify --format html`,
//! [`metrics`] for `evaluate --format html`. Charts come from [`charts`]
//! (plotters, SVG), the shared look from [`style`]. A page loads nothing: no
//! network, no external scripts, styles or fonts.

pub(crate) mod articles;
pub(crate) mod charts;
pub(crate) mod metrics;
pub(crate) mod style;
