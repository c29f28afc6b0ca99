//! Self-contained HTML reports: [`articles`] for `classify --format html`,
//! [`metrics`] for `evaluate --format html`. Charts come from [`charts`]
//! (plotters, SVG), the shared look from [`style`]. A page loads nothing: no
//! network, no external scripts, styles or fonts.

pub mod articles;
pub mod charts;
pub mod metrics;
pub mod style;
