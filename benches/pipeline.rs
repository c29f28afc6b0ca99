//! Criterion benchmarks of each pipeline stage on the bundled data:
//! splitting (bytes/s), featurising and classifying (sentences/s, one and
//! two threads), and one training fit, sparse and dense side by side.
//!
//! Run: `cargo bench --bench pipeline` (add `-- split` etc. to pick one).

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rayon::prelude::*;

use linfa::prelude::*;
use linfa_logistic::MultiLogisticRegression;
use ndarray::Array1;
use stance::default_model;
use stance::internals::split_sentences;
use stance::internals::FeatureConfig;
use stance::internals::NbScoreConfig;
use stance::internals::Vectorizer;
use stance::internals::{dense, encode_labels};
use stance::internals::{SparseLogisticRegression, SparseRecords};
use stance::TrainParams;
use stance::{read_labeled_csv, Columns};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn articles_text() -> String {
    let mut all = String::new();
    let mut paths: Vec<_> = std::fs::read_dir(root().join("data/articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        // The text and Markdown articles, as the benchmark has always read
        // them (the web page would add raw markup).
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
        .collect();
    paths.sort();
    for p in paths {
        all.push_str(&std::fs::read_to_string(p).unwrap());
        all.push_str("\n\n");
    }
    all
}

fn test_sentences() -> Vec<String> {
    let data = read_labeled_csv(&root().join("data/test.csv"), &Columns::default()).unwrap();
    data.rows.into_iter().map(|r| r.text).collect()
}

fn split(c: &mut Criterion) {
    let text = articles_text();
    let mut g = c.benchmark_group("split");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("articles", |b| b.iter(|| split_sentences(&text).len()));
    g.finish();
}

fn featurise(c: &mut Criterion) {
    let model = default_model().unwrap();
    let sentences = test_sentences();
    let mut g = c.benchmark_group("featurise");
    g.throughput(Throughput::Elements(sentences.len() as u64));
    g.bench_function("test_sentences", |b| {
        b.iter(|| {
            sentences
                .iter()
                .map(|s| model.vectorizer().transform(s).len())
                .sum::<usize>()
        })
    });
    g.finish();
}

fn classify(c: &mut Criterion) {
    let model = default_model().unwrap();
    let sentences = test_sentences();
    let mut g = c.benchmark_group("classify");
    g.throughput(Throughput::Elements(sentences.len() as u64));
    g.bench_function("one_thread", |b| {
        b.iter(|| {
            sentences
                .iter()
                .map(|s| model.predict(s).label)
                .sum::<usize>()
        })
    });
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    g.bench_function("two_threads", |b| {
        b.iter(|| {
            pool.install(|| {
                sentences
                    .par_iter()
                    .map(|s| model.predict(s).label)
                    .sum::<usize>()
            })
        })
    });
    g.finish();
}

/// One fit on rows already vectorised, sparse and dense (linfa-logistic,
/// the reference) side by side on the same rows, labels and settings: alpha
/// 1, the default iteration limit, and the default tolerance turned into the
/// absolute one both solvers take (per unit of row weight times the rows).
fn fit_both(
    c: &mut Criterion,
    group: &str,
    rows: &[Vec<(u32, f64)>],
    n_features: usize,
    y: &[usize],
) {
    let params = TrainParams::default();
    let tolerance = params.gradient_tolerance * rows.len() as f64;
    let targets = Array1::from(y.to_vec());
    let mut g = c.benchmark_group(group);
    g.sample_size(10);
    g.bench_function("sparse", |b| {
        b.iter(|| {
            SparseLogisticRegression::default()
                .alpha(1.0)
                .max_iterations(params.max_iterations)
                .gradient_tolerance(tolerance)
                .fit(&DatasetBase::new(
                    SparseRecords::from_rows(rows, n_features).unwrap(),
                    targets.clone(),
                ))
                .unwrap()
                .report()
                .gradient_norm
        })
    });
    g.bench_function("dense_linfa", |b| {
        b.iter(|| {
            let x = dense(rows, n_features);
            MultiLogisticRegression::default()
                .alpha(1.0)
                .max_iterations(params.max_iterations)
                .gradient_tolerance(tolerance)
                .fit(&Dataset::new(x, targets.clone()))
                .unwrap()
                .params()[[0, 0]]
        })
    });
    g.finish();
}

/// One fit on all of data/train.csv with word 1..2-grams capped at 4,000
/// features and Naive-Bayes score columns. The default settings keep every
/// 1..3-gram (about 85,000 features): their dense matrix would take 15 GB,
/// so the dense side is measured at the width it can still fit.
fn fit(c: &mut Criterion) {
    let data = read_labeled_csv(&root().join("data/train.csv"), &Columns::default()).unwrap();
    let (labels, y) = encode_labels(&data).unwrap();
    let texts: Vec<&str> = data.rows.iter().map(|r| r.text.as_str()).collect();
    let features = FeatureConfig {
        word_ngrams: (1, 2),
        max_features: Some(4000),
        nb_score: TrainParams::default()
            .features
            .nb_score
            .map(|nb| NbScoreConfig {
                ngrams: (1, 2),
                ..nb
            }),
        ..FeatureConfig::default()
    };
    let (vectorizer, rows) =
        Vectorizer::fit_training_rows(&features, &texts, &y, labels.len(), texts.len()).unwrap();
    let name = format!("fit_train_csv_{}x{}", rows.len(), vectorizer.n_features());
    fit_both(c, &name, &rows, vectorizer.n_features(), &y);
}

/// One fit on wide data: 500 training sentences with character 2..5-grams
/// and every term kept (tens of thousands of features, as in the tweets
/// preset).
fn fit_wide(c: &mut Criterion) {
    let data = read_labeled_csv(&root().join("data/train.csv"), &Columns::default()).unwrap();
    let (labels, y) = encode_labels(&data).unwrap();
    let texts: Vec<&str> = data
        .rows
        .iter()
        .map(|r| r.text.as_str())
        .take(500)
        .collect();
    let y = &y[..texts.len()];
    let features = FeatureConfig {
        word_ngrams: (1, 2),
        char_ngrams: Some((2, 5)),
        min_df: 1,
        max_features: None,
        nb_score: None,
        ..FeatureConfig::default()
    };
    let (vectorizer, rows) =
        Vectorizer::fit_training_rows(&features, &texts, y, labels.len(), texts.len()).unwrap();
    let name = format!("fit_wide_500x{}", vectorizer.n_features());
    fit_both(c, &name, &rows, vectorizer.n_features(), y);
}

criterion_group!(benches, split, featurise, classify, fit, fit_wide);
criterion_main!(benches);
