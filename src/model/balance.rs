//! Class balancing by sample weight (`--balance`).
//!
//! A label with few rows weighs less in the fit than one with many.
//! Balancing gives every row of a label the weight `largest / count`, so
//! each label weighs as much as the largest one does (and the largest
//! label's rows keep weight 1, so alpha keeps its meaning on balanced data).
//! It is applied to the fit only (after the vocabulary and IDF are fitted on
//! the real rows), inside every training part (the final fit, each tuning
//! fold, each CV fold's training part); rows that are scored are never
//! touched.

/// One weight per row: `largest label count / this row's label count`.
pub fn balanced_weights(y: &[usize], n_labels: usize) -> Vec<f64> {
    let mut counts = vec![0usize; n_labels];
    for &l in y {
        counts[l] += 1;
    }
    let largest = counts.iter().copied().max().unwrap_or(0) as f64;
    y.iter().map(|&l| largest / counts[l] as f64).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_weighs_as_much_as_the_largest() {
        let y = [0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2];
        let w = balanced_weights(&y, 3);
        let mut per_label = [0.0; 3];
        for (&l, &wi) in y.iter().zip(&w) {
            per_label[l] += wi;
        }
        assert_eq!(per_label, [6.0, 6.0, 6.0]);
        assert_eq!(w[0], 1.0);
        assert_eq!(w[6], 3.0);
    }

    #[test]
    fn balanced_data_and_absent_labels_keep_weight_one() {
        assert_eq!(balanced_weights(&[0, 1, 1, 0], 3), vec![1.0; 4]);
    }
}
