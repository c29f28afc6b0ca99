//! linfa-logistic is the reference for the sparse fit: on real rows (a slice
//! of `data/train.csv`, and of the polarity benchmark when `../shared` is
//! beside the crate), both asked for a gradient tolerance of 1e-8 must give
//! the same probabilities (to 1e-6) and parameters (to 1e-5), at three
//! alphas, with and without an intercept. Both share argmin's other stopping
//! rule (the cost stops moving at machine precision), which ends these fits
//! with gradient norms of about 1e-6, so the sparse fit's norm is held to
//! 1e-5.

use std::path::Path;

use linfa::prelude::*;
use linfa_logistic::MultiLogisticRegression;
use ndarray::Array1;
use stance::internals::FeatureConfig;
use stance::internals::Vectorizer;
use stance::internals::{dense, encode_labels};
use stance::internals::{SparseLogisticRegression, SparseRecords};
use stance::{read_labeled_csv, Columns, LabeledData};

const TOLERANCE: f64 = 1e-8;

/// Vectorised rows, the feature count and the label indices.
type Rows = (Vec<Vec<(u32, f64)>>, usize, Vec<usize>);

/// Every `step`-th row of a CSV, vectorised with the default analyzer
/// capped at `max_features` terms.
fn rows_of(path: &Path, step: usize, max_features: usize) -> Rows {
    let data = read_labeled_csv(path, &Columns::default()).unwrap();
    let rows = data.rows.iter().step_by(step).cloned().collect();
    let data = LabeledData::from_rows(path, rows);
    let (labels, y) = encode_labels(&data).unwrap();
    let texts: Vec<&str> = data.rows.iter().map(|r| r.text.as_str()).collect();
    let features = FeatureConfig {
        max_features: Some(max_features),
        nb_score: None,
        ..FeatureConfig::default()
    };
    let (vectorizer, rows) =
        Vectorizer::fit_training_rows(&features, &texts, &y, labels.len(), texts.len()).unwrap();
    (rows, vectorizer.n_features(), y)
}

fn max_gap<'a>(a: impl IntoIterator<Item = &'a f64>, b: impl IntoIterator<Item = &'a f64>) -> f64 {
    a.into_iter()
        .zip(b)
        .fold(0.0, |m, (x, y)| m.max((x - y).abs()))
}

fn assert_both_fits_agree(name: &str, path: &Path, step: usize, max_features: usize) {
    let (rows, n_features, y) = rows_of(path, step, max_features);
    let x = dense(&rows, n_features);
    let targets = Array1::from(y);
    let records = SparseRecords::from_rows(&rows, n_features).unwrap();
    let sparse_data = DatasetBase::new(records, targets.clone());
    let dense_data = Dataset::new(x.clone(), targets);
    let mut checked = 0;
    for alpha in [0.1, 1.0, 10.0] {
        for intercept in [true, false] {
            let reference = MultiLogisticRegression::default()
                .alpha(alpha)
                .with_intercept(intercept)
                .gradient_tolerance(TOLERANCE)
                .max_iterations(10_000)
                .fit(&dense_data)
                .unwrap();
            let sparse = SparseLogisticRegression::default()
                .alpha(alpha)
                .with_intercept(intercept)
                .gradient_tolerance(TOLERANCE)
                .max_iterations(10_000)
                .fit(&sparse_data)
                .unwrap();
            let case = format!("{name}, alpha {alpha}, intercept {intercept}");
            assert_eq!(sparse.classes(), reference.classes(), "{case}");
            let report = sparse.report();
            assert!(report.gradient_norm <= 1e-5, "{case}: {report:?}");
            let p_ref = reference.predict_probabilities(&x);
            let p_sparse = sparse.predict_probabilities(sparse_data.records().csr());
            let gap = max_gap(&p_sparse, &p_ref);
            assert!(gap <= 1e-6, "{case}: probabilities differ by {gap}");
            let gap = max_gap(sparse.params(), reference.params());
            assert!(gap <= 1e-5, "{case}: weights differ by {gap}");
            let gap = max_gap(sparse.intercept(), reference.intercept());
            assert!(gap <= 1e-5, "{case}: intercepts differ by {gap}");
            // The weights are not trivially zero.
            assert!(sparse.params().iter().any(|v| v.abs() > 1e-2), "{case}");
            checked += 1;
        }
    }
    assert_eq!(checked, 6);
}

#[test]
fn the_sparse_fit_equals_linfa_logistic_on_the_bundled_corpus() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/train.csv");
    assert_both_fits_agree("data/train.csv", &path, 40, 600);
}

#[test]
fn the_sparse_fit_equals_linfa_logistic_on_polarity() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/benchmarks/rt-polarity/all.csv");
    if !path.exists() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{} is missing; CI runs with ../shared beside the crate",
            path.display()
        );
        eprintln!(
            "SKIPPED: {} not found; put the shared benchmarks beside the crate to run this test",
            path.display()
        );
        return;
    }
    assert_both_fits_agree("polarity", &path, 20, 600);
}
