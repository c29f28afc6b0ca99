//! Classification throughput on already-split sentences: raw text -> label,
//! the same work the peers' `predict_sentences_per_second` measures.
//!
//!     cargo run --release --example throughput -- MODEL.json DATA.csv [THREADS] [RUNS]
//!     cargo run --release --example throughput -- MODEL.json DATA.csv serve
//!
//! Each run classifies every `text` of DATA.csv repeatedly for at least one
//! second; prints the median sentences per second over RUNS runs (default 5).
//!
//! `serve` keeps the model loaded and answers one line per request on stdin,
//! `THREADS SECONDS`, with the sentences per second of one slice of that
//! length. `benches/speed_interleaved.py` uses it to alternate short slices of
//! stance and the peers, so that the machine's slow and fast phases fall on
//! both sides of each ratio.
//!
//! A `count N` request instead classifies every text exactly N times on the
//! calling thread and prints the number of sentences classified: a fixed
//! amount of work, so instruction counts (callgrind with
//! `--toggle-collect='*throughput::passes*'`) compare across builds.

use std::io::{BufRead, Write};
use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;
use stance::Classifier;
use stance::{read_labeled_csv, Columns};

/// Classifies every text repeatedly for at least `seconds`; sentences per second.
fn rate(model: &Classifier, texts: &[&str], pool: &rayon::ThreadPool, seconds: f64) -> f64 {
    let start = Instant::now();
    let mut done = 0usize;
    let mut checksum = 0usize;
    if pool.current_num_threads() == 1 {
        while start.elapsed().as_secs_f64() < seconds {
            checksum += texts.iter().map(|t| model.predict(t).label).sum::<usize>();
            done += texts.len();
        }
    } else {
        // The whole slice runs inside the pool, so the pool's threads are not
        // put to sleep and woken again by this thread at every pass.
        pool.install(|| {
            while start.elapsed().as_secs_f64() < seconds {
                checksum += texts
                    .par_iter()
                    .map(|t| model.predict(t).label)
                    .sum::<usize>();
                done += texts.len();
            }
        });
    }
    std::hint::black_box(checksum);
    done as f64 / start.elapsed().as_secs_f64()
}

/// Classifies every text exactly `n` times on this thread; sentences done.
#[inline(never)]
fn passes(model: &Classifier, texts: &[&str], n: usize) -> usize {
    let mut checksum = 0usize;
    for _ in 0..n {
        checksum += texts.iter().map(|t| model.predict(t).label).sum::<usize>();
    }
    std::hint::black_box(checksum);
    n * texts.len()
}

fn pool(threads: usize) -> anyhow::Result<rayon::ThreadPool> {
    Ok(rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        anyhow::bail!("usage: throughput MODEL.json DATA.csv [THREADS [RUNS] | serve]");
    }
    let model = Classifier::load(Path::new(&args[0]))?;
    let data = read_labeled_csv(Path::new(&args[1]), &Columns::default())?;
    let texts: Vec<&str> = data.rows.iter().map(|r| r.text.as_str()).collect();
    if args.get(2).map(String::as_str) == Some("serve") {
        let mut out = std::io::stdout().lock();
        // One pool per thread count, kept for the whole session: a new pool
        // per request would start every slice with cold per-thread caches
        // (stems, word ids), which the 1-thread path on this thread keeps.
        let mut pools: std::collections::BTreeMap<usize, rayon::ThreadPool> = Default::default();
        for line in std::io::stdin().lock().lines() {
            let line = line?;
            let mut parts = line.split_whitespace();
            if line.starts_with("count") {
                let n: usize = parts.nth(1).unwrap_or("1").parse()?;
                writeln!(out, "{}", passes(&model, &texts, n))?;
                out.flush()?;
                continue;
            }
            let threads: usize = parts.next().unwrap_or("1").parse()?;
            let seconds: f64 = parts.next().unwrap_or("1").parse()?;
            let pool = match pools.entry(threads) {
                std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::btree_map::Entry::Vacant(e) => e.insert(pool(threads)?),
            };
            writeln!(out, "{:.0}", rate(&model, &texts, pool, seconds))?;
            out.flush()?;
        }
        return Ok(());
    }
    let threads: usize = args.get(2).map_or(Ok(1), |s| s.parse())?;
    let runs: usize = args.get(3).map_or(Ok(5), |s| s.parse())?;
    let pool = pool(threads)?;
    let mut rates: Vec<f64> = (0..runs)
        .map(|_| rate(&model, &texts, &pool, 1.0))
        .collect();
    rates.sort_by(f64::total_cmp);
    let median = rates[rates.len() / 2];
    println!(
        "{{\"threads\": {threads}, \"sentences\": {}, \"runs\": {runs}, \"median_sentences_per_second\": {median:.0}}}",
        texts.len()
    );
    Ok(())
}
