//! Classification throughput on already-split sentences: raw text -> label,
//! the same work the peers' `predict_sentences_per_second` measures.
//!
//!     cargo run --release --example throughput -- MODEL.json DATA.csv [THREADS] [RUNS]
//!
//! Each run classifies every `text` of DATA.csv repeatedly for at least one
//! second; prints the median sentences per second over RUNS runs (default 5).

use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;
use stance::data::{read_labeled_csv, Columns};
use stance::Classifier;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        anyhow::bail!("usage: throughput MODEL.json DATA.csv [THREADS] [RUNS]");
    }
    let model = Classifier::load(Path::new(&args[0]))?;
    let data = read_labeled_csv(Path::new(&args[1]), &Columns::default())?;
    let threads: usize = args.get(2).map_or(Ok(1), |s| s.parse())?;
    let runs: usize = args.get(3).map_or(Ok(5), |s| s.parse())?;
    let texts: Vec<&str> = data.rows.iter().map(|r| r.text.as_str()).collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    let mut rates = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let mut done = 0usize;
        let mut checksum = 0usize;
        while start.elapsed().as_secs_f64() < 1.0 {
            checksum += if threads == 1 {
                texts.iter().map(|t| model.predict(t).label).sum::<usize>()
            } else {
                pool.install(|| {
                    texts
                        .par_iter()
                        .map(|t| model.predict(t).label)
                        .sum::<usize>()
                })
            };
            done += texts.len();
        }
        rates.push(done as f64 / start.elapsed().as_secs_f64());
        std::hint::black_box(checksum);
    }
    rates.sort_by(f64::total_cmp);
    let median = rates[rates.len() / 2];
    println!(
        "{{\"threads\": {threads}, \"sentences\": {}, \"runs\": {runs}, \"median_sentences_per_second\": {median:.0}}}",
        texts.len()
    );
    Ok(())
}
