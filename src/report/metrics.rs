//! Metrics -> text or JSON.
//!
//! JSON of `evaluate` and `cv`: `{"n", "accuracy", "macro_f1", "labels",
//! "per_label": {LABEL: {"precision", "recall", "f1", "support"}},
//! "confusion": {"labels", "matrix"}}` plus `"favg"` when asked,
//! `"fold_accuracy_mean"`, `"fold_accuracy_std"` for `cv`, `"by"` for
//! `--by`, and `"errors"` for `--errors`.

use std::io::{self, Write};

use serde::Serialize;

use crate::data::LabeledData;
use crate::error::Result;
use crate::eval::metrics::Metrics;
use crate::eval::run::{ErrorRow, GroupScore, Scored};
use crate::report::articles::shorten;

/// Everything an `evaluate` or `cv` run reports.
#[derive(Debug, Clone, Serialize)]
pub struct MetricsReport {
    /// The core metrics (flattened into the JSON object).
    #[serde(flatten)]
    pub metrics: Metrics,
    /// Mean F1 over `--favg-labels`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub favg: Option<f64>,
    /// The labels averaged into `favg`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub favg_labels: Option<Vec<String>>,
    /// `cv`: mean accuracy over folds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fold_accuracy_mean: Option<f64>,
    /// `cv`: sample standard deviation of fold accuracy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fold_accuracy_std: Option<f64>,
    /// `--by COLUMN`: the column and its per-value scores.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<Breakdown>,
    /// `--errors N`: the most confident mistakes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<ErrorRow>>,
}

/// Per-value scores of one column.
#[derive(Debug, Clone, Serialize)]
pub struct Breakdown {
    /// The column name.
    pub column: String,
    /// One entry per value, sorted by value.
    pub groups: Vec<GroupScore>,
}

/// What a report adds to the bare metrics of scored rows: the flags
/// `evaluate` and `cv` share, so the command line and the Python package
/// build the very same report from them.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// `--favg-labels`: also the mean F1 of these labels.
    pub favg_labels: Option<Vec<String>>,
    /// `--by COLUMN`: scores per value of this extra column of the data.
    pub by: Option<String>,
    /// `--errors N`: the N most confident mistakes.
    pub errors: Option<usize>,
}

impl MetricsReport {
    /// The report of scored rows of `data` (which must have been read with
    /// the `by` column among its extra columns for the breakdown to appear).
    pub fn of_scored(scored: &Scored, data: &LabeledData, options: &ReportOptions) -> Result<Self> {
        let mut report = MetricsReport::new(scored.metrics());
        if let Some(labels) = &options.favg_labels {
            report.favg = Some(report.metrics.favg(labels)?);
            report.favg_labels = Some(labels.clone());
        }
        report.by = options.by.as_ref().and_then(|column| {
            Some(Breakdown {
                column: column.clone(),
                groups: scored.breakdown(data.extra_index(column)?),
            })
        });
        report.errors = options.errors.map(|n| scored.top_errors(n));
        Ok(report)
    }

    /// A report with just the metrics.
    pub fn new(metrics: Metrics) -> Self {
        MetricsReport {
            metrics,
            favg: None,
            favg_labels: None,
            fold_accuracy_mean: None,
            fold_accuracy_std: None,
            by: None,
            errors: None,
        }
    }

    /// Pretty JSON.
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, self)?;
        writeln!(out)
    }

    /// Aligned text.
    pub fn write_text(&self, out: &mut dyn Write) -> io::Result<()> {
        let m = &self.metrics;
        writeln!(out, "rows       {}", m.n)?;
        writeln!(out, "accuracy   {:.4}", m.accuracy)?;
        writeln!(out, "macro-F1   {:.4}", m.macro_f1)?;
        if let (Some(f), Some(labels)) = (self.favg, &self.favg_labels) {
            writeln!(
                out,
                "F_avg      {:.4}  (mean F1 of {})",
                f,
                labels.join(", ")
            )?;
        }
        if let (Some(mean), Some(std)) = (self.fold_accuracy_mean, self.fold_accuracy_std) {
            writeln!(out, "fold acc.  {mean:.4} ± {std:.4}")?;
        }
        let w = m
            .labels
            .iter()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(5)
            .max(7);
        writeln!(out)?;
        writeln!(
            out,
            "{:<w$}  {:>9}  {:>6}  {:>6}  {:>7}",
            "label", "precision", "recall", "F1", "support"
        )?;
        for l in &m.labels {
            let s = &m.per_label[l];
            writeln!(
                out,
                "{:<w$}  {:>9.4}  {:>6.4}  {:>6.4}  {:>7}",
                l, s.precision, s.recall, s.f1, s.support
            )?;
        }
        writeln!(out)?;
        writeln!(out, "confusion (rows = gold, columns = predicted)")?;
        let cw = m
            .confusion
            .matrix
            .iter()
            .flatten()
            .map(|c| c.to_string().len())
            .max()
            .unwrap_or(1)
            .max(w);
        write!(out, "{:<w$}", "")?;
        for l in &m.labels {
            write!(out, "  {l:>cw$}")?;
        }
        writeln!(out)?;
        for (l, row) in m.labels.iter().zip(&m.confusion.matrix) {
            write!(out, "{l:<w$}")?;
            for c in row {
                write!(out, "  {c:>cw$}")?;
            }
            writeln!(out)?;
        }
        if let Some(by) = &self.by {
            let vw = by
                .groups
                .iter()
                .map(|g| g.value.chars().count())
                .max()
                .unwrap_or(0)
                .max(by.column.len())
                .max(7);
            writeln!(out)?;
            writeln!(
                out,
                "{:<vw$}  {:>5}  {:>8}  {:>8}",
                by.column, "n", "accuracy", "macro-F1"
            )?;
            for g in &by.groups {
                let name = if g.value.is_empty() {
                    "(empty)"
                } else {
                    &g.value
                };
                writeln!(
                    out,
                    "{:<vw$}  {:>5}  {:>8.4}  {:>8.4}",
                    name, g.n, g.accuracy, g.macro_f1
                )?;
            }
        }
        if let Some(errors) = &self.errors {
            writeln!(out)?;
            writeln!(
                out,
                "most confident mistakes (line, gold -> predicted, confidence)"
            )?;
            for e in errors {
                writeln!(
                    out,
                    "{:>6}  {} -> {}  {:.3}  {}",
                    e.line,
                    e.gold,
                    e.predicted,
                    e.confidence,
                    shorten(&e.text, 100)
                )?;
            }
        }
        Ok(())
    }
}
