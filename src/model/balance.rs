//! Class balancing by sample weight (`--balance`).
//!
//! A label with little weight (few rows, or rows of small `--weight-col`
//! weights) counts less in the fit than one with much. Balancing multiplies
//! every row of a label by `largest / total`, `total` being the label's sum
//! of row weights, so each label weighs as much as the heaviest one does
//! (whose rows keep their weights, so alpha keeps its meaning on balanced
//! data).
//! It is applied to the fit only (after the vocabulary and IDF are fitted on
//! the real rows), inside every training part (the final fit, each tuning
//! fold, each CV fold's training part); rows that are scored are never
//! touched.

/// The row weights `w`, balanced: each multiplied by `largest total / its
/// label's total`. A label whose rows weigh nothing keeps its zeros.
pub(crate) fn balanced_weights(y: &[usize], w: &[f64], n_labels: usize) -> Vec<f64> {
    let mut totals = vec![0.0; n_labels];
    for (&l, &wi) in y.iter().zip(w) {
        totals[l] += wi;
    }
    let largest = totals.iter().copied().fold(0.0, f64::max);
    y.iter()
        .zip(w)
        .map(|(&l, &wi)| {
            if totals[l] > 0.0 {
                wi * largest / totals[l]
            } else {
                0.0
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_weighs_as_much_as_the_largest() {
        let y = [0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2];
        let w = balanced_weights(&y, &[1.0; 11], 3);
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
        assert_eq!(balanced_weights(&[0, 1, 1, 0], &[1.0; 4], 3), vec![1.0; 4]);
    }

    #[test]
    fn row_weights_count_toward_their_labels_total() {
        // Label 0: ten rows of 0.1 (total 1); label 1: one row of 2.
        let y: Vec<usize> = [vec![0; 10], vec![1]].concat();
        let w: Vec<f64> = [vec![0.1; 10], vec![2.0]].concat();
        let b = balanced_weights(&y, &w, 2);
        let total0: f64 = b[..10].iter().sum();
        assert!((total0 - 2.0).abs() < 1e-12, "{total0}");
        assert_eq!(b[10], 2.0);
    }
}
