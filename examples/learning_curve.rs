//! Is labelling what `stance suggest` picks worth more than labelling
//! random sentences? A simulation on the bundled corpus:
//!
//!     cargo run --release --example learning_curve [-- --split-seed 42 --seed-rows 1000 --batch 200 --rounds 6 --random-runs 3]
//!
//! `data/train.csv` is split once (stratified by label, seeded) into a seed
//! set of labelled rows and a pool whose labels are hidden. Each strategy
//! starts from the seed set and, round after round, moves a batch of pool
//! rows into the labelled set, retrains (alpha 0.3, default features but no
//! Naive-Bayes scores, the library's `train`) and scores macro-F1 on
//! `data/test.csv`:
//!
//! - `margin` / `entropy`: the batch `suggest` would pick with that strategy,
//!   by the model of the previous round, using the library's selection code
//!   (near-duplicates of the labelled set and of each other skipped);
//! - `random`: the next rows of a seeded shuffle of the pool, averaged over
//!   `--random-runs` seeds (mean ± sample standard deviation).
//!
//! Strategies run in parallel (rayon); each fit is single-threaded.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

use stance::internals::mean_std;
use stance::internals::select;
use stance::internals::NearDupIndex;
use stance::internals::SplitMix64;
use stance::score_model;
use stance::Classifier;
use stance::Strategy;
use stance::NEAR_DUP_JACCARD;
use stance::{read_labeled_csv, Columns, LabeledData};
use stance::{train, TrainParams};

/// L2 strength of every fit (the default model's tuned value).
const ALPHA: f64 = 0.3;
struct Settings {
    /// Seed of the seed/pool split.
    split_seed: u64,
    seed_rows: usize,
    batch: usize,
    rounds: usize,
    random_runs: usize,
}

fn parse_args() -> Result<Settings> {
    let mut s = Settings {
        split_seed: 42,
        seed_rows: 1000,
        batch: 200,
        rounds: 6,
        random_runs: 3,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let value: usize = pair
            .get(1)
            .with_context(|| format!("{} needs a value", pair[0]))?
            .parse()
            .with_context(|| format!("{} needs a whole number", pair[0]))?;
        match pair[0].as_str() {
            "--split-seed" => s.split_seed = value as u64,
            "--seed-rows" => s.seed_rows = value,
            "--batch" => s.batch = value,
            "--rounds" => s.rounds = value,
            "--random-runs" => s.random_runs = value,
            other => bail!("unknown option {other}"),
        }
    }
    Ok(s)
}

/// How a run picks its batches.
#[derive(Clone, Copy)]
enum Picker {
    Uncertainty(Strategy),
    Random(u64),
}

/// One run: macro-F1 after each round, and the labels of the rows it added.
struct Run {
    f1: Vec<f64>,
    added_labels: BTreeMap<String, usize>,
    skipped: usize,
}

struct Corpus {
    train: LabeledData,
    test: LabeledData,
    params: TrainParams,
}

impl Corpus {
    fn fit(&self, rows: &[usize]) -> Result<(Classifier, f64)> {
        let data = LabeledData::from_rows(
            &self.train.path,
            rows.iter().map(|&i| self.train.rows[i].clone()).collect(),
        );
        let model = train(&data, &self.params, "text", "label", &stance::Silent)?;
        let f1 = score_model(&model, &self.test).metrics().macro_f1;
        Ok((model, f1))
    }
}

/// Seed rows stratified by label (each label's rows shuffled, its share of
/// `n` taken, remainders to the largest fractions), and the pool (the rest,
/// in file order).
fn split(data: &LabeledData, n: usize, split_seed: u64) -> (Vec<usize>, Vec<usize>) {
    let mut by_label: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, r) in data.rows.iter().enumerate() {
        by_label.entry(&r.label).or_default().push(i);
    }
    let total = data.rows.len();
    let n = n.min(total);
    let mut quota: Vec<usize> = by_label.values().map(|r| r.len() * n / total).collect();
    let mut by_remainder: Vec<usize> = (0..quota.len()).collect();
    let rem = |k: usize| by_label.values().nth(k).map_or(0, |r| r.len() * n % total);
    by_remainder.sort_by_key(|&k| std::cmp::Reverse(rem(k)));
    let short = n - quota.iter().sum::<usize>();
    for &k in by_remainder.iter().take(short) {
        quota[k] += 1;
    }
    let mut rng = SplitMix64::new(split_seed);
    let mut seed = Vec::new();
    for (rows, take) in by_label.values_mut().zip(quota) {
        rng.shuffle(rows);
        seed.extend_from_slice(&rows[..take]);
    }
    seed.sort_unstable();
    let in_seed: std::collections::HashSet<usize> = seed.iter().copied().collect();
    let pool = (0..total).filter(|i| !in_seed.contains(i)).collect();
    (seed, pool)
}

fn run(
    corpus: &Corpus,
    seed: &[usize],
    pool: &[usize],
    seed_model: &Classifier,
    picker: Picker,
    s: &Settings,
) -> Result<Run> {
    let rows = &corpus.train.rows;
    let mut labelled = seed.to_vec();
    let mut pool = pool.to_vec();
    if let Picker::Random(seed) = picker {
        SplitMix64::new(seed).shuffle(&mut pool);
    }
    let mut known = NearDupIndex::new(NEAR_DUP_JACCARD);
    for &i in &labelled {
        known.insert(&rows[i].text);
    }
    let mut current: Option<Classifier> = None;
    let mut out = Run {
        f1: Vec::new(),
        added_labels: BTreeMap::new(),
        skipped: 0,
    };
    for _ in 0..s.rounds {
        let model = current.as_ref().unwrap_or(seed_model);
        let picked: Vec<usize> = match picker {
            Picker::Uncertainty(strategy) => {
                let texts: Vec<&str> = pool.iter().map(|&i| rows[i].text.as_str()).collect();
                let scores: Vec<f64> = texts
                    .par_iter()
                    .map(|t| strategy.score(&model.predict(t).probabilities))
                    .collect();
                let sel = select(&texts, &scores, s.batch, &mut known);
                out.skipped += sel.skipped_known + sel.skipped_each_other;
                sel.picked
            }
            Picker::Random(_) => (0..s.batch.min(pool.len())).collect(),
        };
        let mut taken = vec![false; pool.len()];
        for &p in &picked {
            taken[p] = true;
            labelled.push(pool[p]);
            *out.added_labels
                .entry(rows[pool[p]].label.clone())
                .or_insert(0) += 1;
        }
        pool = pool
            .iter()
            .zip(&taken)
            .filter(|(_, &t)| !t)
            .map(|(&i, _)| i)
            .collect();
        let (model, f1) = corpus.fit(&labelled)?;
        out.f1.push(f1);
        current = Some(model);
    }
    Ok(out)
}

fn main() -> Result<()> {
    let started = Instant::now();
    let s = parse_args()?;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = Corpus {
        train: read_labeled_csv(&root.join("data/train.csv"), &Columns::default())?,
        test: read_labeled_csv(&root.join("data/test.csv"), &Columns::default())?,
        // TF-IDF features only (`--nb-score 0`), as when the README's tables
        // were measured: the comparison is between selection strategies,
        // and each of the ~60 fits stays as cheap as it was.
        params: {
            let mut params = TrainParams {
                alpha: ALPHA,
                ..TrainParams::default()
            };
            params.features.nb_score = None;
            params
        },
    };
    let (seed, pool) = split(&corpus.train, s.seed_rows, s.split_seed);
    if s.batch * s.rounds > pool.len() {
        bail!(
            "{} rounds of {} need more than the {} pool rows",
            s.rounds,
            s.batch,
            pool.len()
        );
    }
    eprintln!(
        "seed {} rows, pool {} rows; {} rounds of {}; fitting...",
        seed.len(),
        pool.len(),
        s.rounds,
        s.batch
    );
    let mut jobs: Vec<Option<Picker>> = vec![
        Some(Picker::Uncertainty(Strategy::Margin)),
        Some(Picker::Uncertainty(Strategy::Entropy)),
    ];
    jobs.extend((1..=s.random_runs as u64).map(|k| Some(Picker::Random(k))));
    // `None`: the whole training file, for reference (runs alongside).
    jobs.push(None);

    let (seed_model, seed_f1) = corpus.fit(&seed)?;
    let results: Vec<Result<Run>> = jobs
        .par_iter()
        .map(|job| match job {
            Some(picker) => run(&corpus, &seed, &pool, &seed_model, *picker, &s),
            None => {
                let all: Vec<usize> = (0..corpus.train.rows.len()).collect();
                let (_, f1) = corpus.fit(&all)?;
                Ok(Run {
                    f1: vec![f1],
                    added_labels: BTreeMap::new(),
                    skipped: 0,
                })
            }
        })
        .collect();
    let mut results = results.into_iter().collect::<Result<Vec<Run>>>()?;
    let full = results.pop().map(|r| r.f1[0]).unwrap_or(f64::NAN);
    let (margin, entropy, random) = (&results[0], &results[1], &results[2..]);

    println!(
        "seed {} rows (stratified, split seed {}), pool {} rows, batches of {}; alpha {ALPHA}, default features without Naive-Bayes scores",
        seed.len(),
        s.split_seed,
        pool.len(),
        s.batch
    );
    println!(
        "macro-F1 on data/test.csv ({} rows)\n",
        corpus.test.rows.len()
    );
    println!(
        "| rows added | labelled | margin | entropy | random (mean ± sd, {} runs) | margin − random | entropy − random |",
        random.len()
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| 0 | {} | {seed_f1:.4} | {seed_f1:.4} | {seed_f1:.4} | | |",
        seed.len()
    );
    for r in 0..s.rounds {
        let rand: Vec<f64> = random.iter().map(|run| run.f1[r]).collect();
        let (mean, sd) = mean_std(&rand);
        println!(
            "| {} | {} | {:.4} | {:.4} | {mean:.4} ± {sd:.4} | {:+.4} | {:+.4} |",
            (r + 1) * s.batch,
            seed.len() + (r + 1) * s.batch,
            margin.f1[r],
            entropy.f1[r],
            margin.f1[r] - mean,
            entropy.f1[r] - mean
        );
    }
    println!("\nall {} training rows: {full:.4}", corpus.train.rows.len());
    let mix = |run: &Run| {
        let n: usize = run.added_labels.values().sum();
        run.added_labels
            .iter()
            .map(|(l, c)| format!("{l} {:.0}%", 100.0 * *c as f64 / n.max(1) as f64))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!(
        "labels of the rows added: margin {}; entropy {}; random (run 1) {}",
        mix(margin),
        mix(entropy),
        random.first().map(mix).unwrap_or_default()
    );
    println!(
        "near-duplicates skipped: margin {}, entropy {}",
        margin.skipped, entropy.skipped
    );
    println!("wall time {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
}
