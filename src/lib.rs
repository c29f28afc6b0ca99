//! `stance` labels every sentence of an article with a stance, using a
//! multinomial logistic model trained on hand-labelled sentences.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`text::sentences`]: article text -> sentences with byte spans.
//! 2. [`text::tokens`]: sentence -> lower-cased tokens with negation scope.
//! 3. [`text::stem`]: tokens -> Snowball stems (named in the model).
//! 4. [`features`]: word (and char) n-grams -> vocabulary (min_df, chi-squared
//!    cap) -> TF-IDF rows with IDF frozen at training time.
//! 5. [`model::train`]: linfa-logistic `MultiLogisticRegression`, alpha tuned
//!    by stratified CV; [`model::predict`] scores sparsely.
//! 6. [`article`]: per-sentence labels and the article's overall stance;
//!    [`stream`] does the same for inputs of any size in bounded memory.
//! 7. [`eval`]: accuracy, per-label P/R/F1, macro-F1, F_avg, confusion.
//!
//! [`data`] reads labelled CSV; [`input`] resolves the inputs of `classify`
//! and reduces web pages and Markdown to their text; [`report`] writes the
//! outputs the CLI prints; [`suggest`] picks the unlabelled sentences most
//! worth labelling next.

pub mod article;
pub mod atomic;
pub mod data;
pub mod error;
pub mod eval;
pub mod features;
pub mod input;
pub mod model;
pub mod progress;
pub mod report;
pub mod settings;
pub mod stream;
pub mod suggest;
pub mod text;

pub use error::{Error, Result};
pub use model::Classifier;
