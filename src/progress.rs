//! How the long steps (tuning alpha, cross-validation folds, classifying
//! suggestion candidates) say how far they are. The library only counts; a
//! front end decides what to show (the CLI draws a bar on a terminal and logs
//! a line now and then elsewhere), so no display crate reaches the library's
//! signatures.

/// Receives the progress of a long step. Steps may run on several threads.
pub trait Progress: Sync {
    /// A new step named `message` of `steps` units (0 when unknown), none
    /// done yet.
    fn start(&self, message: &str, steps: u64);
    /// `n` more units of the current step done.
    fn advance(&self, n: u64);
}

/// Progress that goes nowhere: for callers that show none, and for the
/// inner steps of a step that reports as a whole.
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _message: &str, _steps: u64) {}
    fn advance(&self, _n: u64) {}
}
