//! Borrowing the other groups' rows (`--borrow W`), for one model per group
//! when each group has few rows (a few hundred tweets per SemEval target).
//!
//! A group's model learns from its own rows and from every other group's
//! rows, which count `W` times as much as an own row. A borrowed row's label
//! means a stance on *another* target, so it must not pull the group's model
//! as hard as its own rows do: the features are doubled as in Daumé's
//! "frustratingly easy domain adaptation" (2007). Every row fills a shared
//! copy of its features; only the group's own rows also fill a second, own
//! copy. The fit's L2 penalty makes the shared weights carry what all groups
//! agree on and the own weights the group's departures from it. A sentence
//! scored by the group's model is always an own row, so the two copies fold
//! into one weight per feature (shared + own) and the model is an ordinary
//! [`crate::model::Classifier`].
//!
//! The vocabulary and IDF are fitted on all the rows the model learns from,
//! but Naive-Bayes scaling (`--nb-scale`) and the Naive-Bayes score columns
//! (`--nb-score`) read the own rows' labels only: "FAVOR" on another target
//! comes with other words, and ratios over every group's labels would
//! weigh a term by how it leans elsewhere. Borrowed rows get score columns
//! from the own rows' counts, as new text does.
//!
//! The weight is a sample weight in the fit ([`super::sparse_fit`]): own
//! rows weigh 1 (times their balancing weight), borrowed rows `W`.

use ndarray::Array2;

use super::balance::balanced_weights;
use crate::data::LabeledData;
use crate::error::{Error, Result};
use crate::features::tfidf::SparseRow;

/// The rows a group's model borrows, made ready for its fits.
#[derive(Debug, Clone)]
pub(crate) struct Borrowed<'a> {
    /// Their texts.
    pub texts: Vec<&'a str>,
    /// Their labels, as indices into the borrowing group's label list.
    pub y: Vec<usize>,
    /// Their sample weights: the borrow weight times each row's own.
    pub weights: Vec<f64>,
}

impl<'a> Borrowed<'a> {
    /// The rows of `other` whose label the borrowing group also has (a label
    /// the group never uses could not be predicted for it anyway), at weight
    /// `weight` in `(0, 1]`.
    pub(crate) fn new(other: &'a LabeledData, labels: &[String], weight: f64) -> Result<Self> {
        check_weight(weight)?;
        let kept: Vec<(&str, usize, f64)> = other
            .rows
            .iter()
            .filter_map(|r| {
                labels
                    .binary_search(&r.label)
                    .ok()
                    .map(|l| (r.text.as_str(), l, weight * r.weight))
            })
            .collect();
        Ok(Borrowed {
            texts: kept.iter().map(|k| k.0).collect(),
            y: kept.iter().map(|k| k.1).collect(),
            weights: kept.iter().map(|k| k.2).collect(),
        })
    }
}

/// Refuse a borrow weight outside `(0, 1]`.
pub(crate) fn check_weight(weight: f64) -> Result<()> {
    if !(weight > 0.0 && weight <= 1.0) {
        return Err(Error::Config(format!(
            "--borrow must be a weight in (0, 1], got {weight}"
        )));
    }
    Ok(())
}

/// The rows of a borrowing fit over `2 * n_features` columns: the first
/// `n_own` rows (the group's own) fill both copies, the rest only the shared
/// one.
pub(crate) fn doubled_rows(rows: &[SparseRow], n_own: usize, n_features: usize) -> Vec<SparseRow> {
    let offset = n_features as u32;
    rows.iter()
        .enumerate()
        .map(|(i, row)| {
            let mut out = row.clone();
            if i < n_own {
                out.extend(row.iter().map(|&(j, v)| (j + offset, v)));
            }
            out
        })
        .collect()
}

/// The sample weights of a borrowing fit: the own rows' `own_w` (times
/// their balancing weights when `balance` gives the number of labels), then
/// the borrowed rows'. Own rows come first.
pub(crate) fn fit_weights(
    own_y: &[usize],
    own_w: &[f64],
    borrowed: &[f64],
    balance: Option<usize>,
) -> Vec<f64> {
    let mut w = match balance {
        Some(n_labels) => balanced_weights(own_y, own_w, n_labels),
        None => own_w.to_vec(),
    };
    w.extend_from_slice(borrowed);
    w
}

/// Weights over both copies (`2F x labels`) -> one weight per feature: a
/// scored sentence fills both copies, so its logit sees their sum.
pub(crate) fn folded_weights(doubled: &Array2<f64>) -> Array2<f64> {
    let n = doubled.nrows() / 2;
    let shared = doubled.slice(ndarray::s![..n, ..]);
    let own = doubled.slice(ndarray::s![n.., ..]);
    &shared + &own
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn bad_weights_are_refused() {
        let other = LabeledData::from_pairs("t.csv", &[("a", "AGAINST")]);
        let labels = vec!["AGAINST".to_string()];
        for w in [0.0, -0.1, 1.5, f64::NAN] {
            let e = Borrowed::new(&other, &labels, w).unwrap_err().to_string();
            assert!(e.contains("--borrow"), "{e}");
        }
    }

    #[test]
    fn own_rows_fill_both_copies_and_borrowed_rows_only_the_shared_one() {
        let rows = vec![vec![(0, 0.6), (2, 0.8)], vec![(1, 1.0)]];
        let d = doubled_rows(&rows, 1, 3);
        assert_eq!(d[0], vec![(0, 0.6), (2, 0.8), (3, 0.6), (5, 0.8)]);
        assert_eq!(d[1], vec![(1, 1.0)]);
    }

    #[test]
    fn own_rows_weigh_one_or_balanced_and_borrowed_rows_the_borrow_weight() {
        // Own labels 0,0,1 weighing 1, 0.5, 1 (balanced: label 1 totals 1.5
        // like label 0), two borrowed rows.
        assert_eq!(
            fit_weights(&[0, 0, 1], &[1.0, 0.5, 1.0], &[0.1, 0.1], Some(2)),
            vec![1.0, 0.5, 1.5, 0.1, 0.1]
        );
        assert_eq!(
            fit_weights(&[0, 1], &[1.0; 2], &[0.5], None),
            vec![1.0, 1.0, 0.5]
        );
    }

    #[test]
    fn the_two_copies_fold_into_their_sum() {
        let w = array![[1.0, -1.0], [0.5, 0.0], [0.25, 2.0], [-1.0, 1.0]];
        assert_eq!(folded_weights(&w), array![[1.25, 1.0], [-0.5, 1.0]]);
    }

    #[test]
    fn borrowed_rows_keep_only_the_groups_labels() {
        let other =
            LabeledData::from_pairs("t.csv", &[("a", "AGAINST"), ("b", "ODD"), ("c", "FAVOR")]);
        let labels = vec!["AGAINST".to_string(), "FAVOR".to_string()];
        let b = Borrowed::new(&other, &labels, 0.25).unwrap();
        assert_eq!(b.texts, vec!["a", "c"]);
        assert_eq!(b.y, vec![0, 1]);
        assert_eq!(b.weights, vec![0.25, 0.25]);
    }
}
