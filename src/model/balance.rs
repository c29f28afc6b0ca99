//! Class balancing by replication (`--balance`).
//!
//! linfa-logistic ignores sample weights, so a label with few rows weighs
//! less in the fit than one with many. Balancing repeats the rows of every
//! smaller label until each label has as many rows as the largest one. It is
//! applied to the training matrix only (after the vocabulary and IDF are
//! fitted on the real rows, so that a copied row cannot lift a term over
//! `min_df`), inside every training part (the final fit, each tuning fold,
//! each CV fold's training part); rows that are scored are never touched.

/// The row indices of a balanced training set: every row once, in order,
/// then copies of the rows of each smaller label (label by label) until it
/// has as many rows as the largest label. A label with `n` rows short of
/// `m` gets every row `m / n - 1` more times in order, then `m % n` rows
/// spread evenly over its rows: deterministic, no random numbers.
pub fn balanced_indices(y: &[usize], n_labels: usize) -> Vec<usize> {
    let mut by_label: Vec<Vec<usize>> = vec![Vec::new(); n_labels];
    for (i, &l) in y.iter().enumerate() {
        if l < n_labels {
            by_label[l].push(i);
        }
    }
    let largest = by_label.iter().map(Vec::len).max().unwrap_or(0);
    let mut idx: Vec<usize> = (0..y.len()).collect();
    for rows in by_label.iter().filter(|r| !r.is_empty()) {
        let n = rows.len();
        for _ in 1..largest / n {
            idx.extend_from_slice(rows);
        }
        let rest = largest % n;
        idx.extend((0..rest).map(|k| rows[k * n / rest]));
    }
    idx
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(y: &[usize], idx: &[usize], n_labels: usize) -> Vec<usize> {
        let mut c = vec![0; n_labels];
        for &i in idx {
            c[y[i]] += 1;
        }
        c
    }

    #[test]
    fn every_label_reaches_the_largest_count() {
        let y = [0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2];
        let idx = balanced_indices(&y, 3);
        assert_eq!(counts(&y, &idx, 3), vec![7, 7, 7]);
        // The real rows come first, in order.
        assert_eq!(&idx[..12], &(0..12).collect::<Vec<_>>()[..]);
        // Label 1 (rows 7, 8): 2 rows -> 3 full extra rounds, then 1 row.
        assert_eq!(&idx[12..17], &[7, 8, 7, 8, 7]);
        // Label 2 (rows 9..12): 3 rows -> 1 extra round, then 1 row.
        assert_eq!(&idx[17..], &[9, 10, 11, 9]);
        assert_eq!(idx, balanced_indices(&y, 3));
    }

    #[test]
    fn the_remainder_is_spread_over_the_rows() {
        let y: Vec<usize> = [vec![0; 10], vec![1; 4]].concat();
        let idx = balanced_indices(&y, 2);
        // 4 rows short of 10: one extra round (4), then 2 rows of 4: 0 and 2.
        assert_eq!(&idx[14..], &[10, 11, 12, 13, 10, 12]);
    }

    #[test]
    fn balanced_data_and_absent_labels_are_left_alone() {
        assert_eq!(balanced_indices(&[0, 1, 1, 0], 2), vec![0, 1, 2, 3]);
        // Label 2 has no row (a fold may lack it): nothing to copy.
        assert_eq!(balanced_indices(&[0, 1, 1, 0], 3), vec![0, 1, 2, 3]);
    }
}
