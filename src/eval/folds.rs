//! Fold assignment for cross-validation: stratified and seeded, or fixed
//! from a column; and a tiny deterministic RNG so that folds never change
//! with a dependency's version.

use std::collections::BTreeMap;

/// SplitMix64: small, fast, and stable forever (unlike library RNGs whose
/// streams may change between versions).
#[derive(Debug, Clone)]
#[cfg_attr(not(feature = "bench-internals"), allow(unreachable_pub))]
pub struct SplitMix64(u64);

#[cfg_attr(not(feature = "bench-internals"), allow(unreachable_pub))]
impl SplitMix64 {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform integer in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Fisher-Yates shuffle.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// Stratified fold ids in `0..k` for rows with the given label indices:
/// each label's rows are shuffled and dealt round-robin, continuing where the
/// previous label stopped, so folds differ in size by at most one.
pub(crate) fn stratified_folds(labels: &[usize], k: usize, seed: u64) -> Vec<usize> {
    let mut rng = SplitMix64::new(seed);
    let mut by_label: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, &l) in labels.iter().enumerate() {
        by_label.entry(l).or_default().push(i);
    }
    let mut folds = vec![0; labels.len()];
    let mut next = 0;
    for rows in by_label.values_mut() {
        rng.shuffle(rows);
        for &r in rows.iter() {
            folds[r] = next % k;
            next += 1;
        }
    }
    folds
}

/// Stratified fold ids without randomness: each label's rows, in order, are
/// dealt round-robin into `k` folds, so the same data always gives the same
/// folds and every fold holds about the same share of every label (the
/// Naive-Bayes score columns' out-of-fold counts).
pub(crate) fn dealt_folds(labels: &[usize], n_labels: usize, k: usize) -> Vec<usize> {
    let mut seen = vec![0usize; n_labels];
    labels
        .iter()
        .map(|&l| {
            let fold = seen[l] % k;
            seen[l] += 1;
            fold
        })
        .collect()
}

/// The rows of each of `k` folds as `(training rows, held-out rows)`, in
/// fold order: the one split that tuning, `cv` and grouped evaluation use.
pub(crate) fn splits(fold_of: &[usize], k: usize) -> Vec<(Vec<usize>, Vec<usize>)> {
    let mut out = vec![(Vec::new(), Vec::new()); k];
    for (i, &f) in fold_of.iter().enumerate() {
        for (fold, (train, test)) in out.iter_mut().enumerate() {
            if fold == f {
                test.push(i);
            } else {
                train.push(i);
            }
        }
    }
    out
}

/// Fold ids from a column's values: the distinct values, sorted (numerically
/// when all are numbers), become folds `0..k`. Returns the ids and the names.
pub(crate) fn folds_from_column(values: &[String]) -> (Vec<usize>, Vec<String>) {
    let mut names: Vec<String> = values.to_vec();
    names.sort_by(|a, b| match (a.parse::<i64>(), b.parse::<i64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        _ => a.cmp(b),
    });
    names.dedup();
    let ids = values
        .iter()
        .map(|v| names.iter().position(|n| n == v).unwrap_or(0))
        .collect();
    (ids, names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_hold_every_row_out_once() {
        let fold_of = [0, 1, 2, 0, 1];
        let s = splits(&fold_of, 3);
        assert_eq!(s[0], (vec![1, 2, 4], vec![0, 3]));
        assert_eq!(s[2], (vec![0, 1, 3, 4], vec![2]));
        let held: usize = s.iter().map(|(_, t)| t.len()).sum();
        assert_eq!(held, fold_of.len());
    }

    #[test]
    fn dealt_folds_go_round_each_label() {
        assert_eq!(dealt_folds(&[0, 1, 0, 0, 1], 2, 2), vec![0, 0, 1, 0, 1]);
    }

    #[test]
    fn stratified_folds_balance_labels_and_sizes() {
        let labels: Vec<usize> = (0..100).map(|i| if i < 70 { 0 } else { 1 }).collect();
        let folds = stratified_folds(&labels, 5, 7);
        for f in 0..5 {
            let size = folds.iter().filter(|&&x| x == f).count();
            assert_eq!(size, 20);
            let ones = (0..100)
                .filter(|&i| folds[i] == f && labels[i] == 1)
                .count();
            assert_eq!(ones, 6);
        }
        assert_eq!(folds, stratified_folds(&labels, 5, 7));
        assert_ne!(folds, stratified_folds(&labels, 5, 8));
    }

    #[test]
    fn column_folds_sort_numerically() {
        let v: Vec<String> = ["10", "2", "2", "1"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let (ids, names) = folds_from_column(&v);
        assert_eq!(names, vec!["1", "2", "10"]);
        assert_eq!(ids, vec![2, 1, 1, 0]);
    }

    #[test]
    fn splitmix_is_stable() {
        // Reference values of SplitMix64 with seed 0.
        let mut r = SplitMix64::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }
}
