//! The training rows of a sparse fit: CSR rows with a weight each, and a
//! transposed copy so the gradient can read each feature's rows without a
//! reduction across threads.

use linfa::dataset::Records;
use sprs::{CsMat, TriMat};

use crate::error::{Error, Result};
use crate::features::tfidf::SparseRow;

/// Training rows in CSR form with one weight each; the records of a
/// [`DatasetBase`] that [`SparseLogisticRegression`] fits.
#[derive(Debug, Clone)]
#[cfg_attr(not(feature = "bench-internals"), allow(unreachable_pub))]
pub struct SparseRecords {
    /// `rows x features`.
    pub(super) x: CsMat<f64>,
    /// `features x rows`: the gradient reads each feature's rows from here.
    pub(super) xt: CsMat<f64>,
    pub(super) weights: Vec<f64>,
}

#[cfg_attr(not(feature = "bench-internals"), allow(unreachable_pub))]
impl SparseRecords {
    /// Rows given as `(feature, value)` pairs, every weight 1. A row may list
    /// a feature more than once; the values are added. A feature index at or
    /// past `n_features` is refused.
    pub fn from_rows(rows: &[SparseRow], n_features: usize) -> Result<Self> {
        let nnz = rows.iter().map(Vec::len).sum();
        let mut tri = TriMat::with_capacity((rows.len(), n_features), nnz);
        for (i, row) in rows.iter().enumerate() {
            for &(j, v) in row {
                if j as usize >= n_features {
                    return Err(Error::Config(format!(
                        "row {i} has feature {j}, past the {n_features} features"
                    )));
                }
                tri.add_triplet(i, j as usize, v);
            }
        }
        Ok(Self::from_csr(tri.to_csr()))
    }

    /// A CSR matrix as records, every weight 1.
    pub fn from_csr(x: CsMat<f64>) -> Self {
        let x = if x.is_csr() { x } else { x.to_csr() };
        let xt = x.transpose_view().to_csr();
        let weights = vec![1.0; x.rows()];
        SparseRecords { x, xt, weights }
    }

    /// Give each row a weight; refuses a count that differs from the rows,
    /// a negative or non-finite weight, or weights that are all zero.
    pub fn with_weights(mut self, weights: Vec<f64>) -> Result<Self> {
        if weights.len() != self.x.rows() {
            return Err(Error::Config(format!(
                "{} sample weights for {} rows",
                weights.len(),
                self.x.rows()
            )));
        }
        check_weights(&weights)?;
        self.weights = weights;
        Ok(self)
    }

    /// The rows.
    #[cfg(feature = "bench-internals")]
    pub fn csr(&self) -> &CsMat<f64> {
        &self.x
    }

    /// The rows' weights.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }
}

/// Sample weights must be finite, non-negative and not all zero.
pub(crate) fn check_weights(weights: &[f64]) -> Result<()> {
    if let Some(w) = weights.iter().find(|w| !(w.is_finite() && **w >= 0.0)) {
        return Err(Error::Config(format!(
            "sample weights must be finite and >= 0, got {w}"
        )));
    }
    if !weights.iter().any(|&w| w > 0.0) {
        return Err(Error::Config("every sample weight is zero".into()));
    }
    Ok(())
}

impl Records for SparseRecords {
    type Elem = f64;

    fn nsamples(&self) -> usize {
        self.x.rows()
    }

    fn nfeatures(&self) -> usize {
        self.x.cols()
    }
}
