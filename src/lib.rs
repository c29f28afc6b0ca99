//! `stance` labels every sentence of an article with a stance (pro-open,
//! pro-closed or neutral on open versus closed AI models, or any label set a
//! model is trained on), using a multinomial logistic model trained on
//! hand-labelled sentences.
//!
//! ```
//! // The model embedded in the crate, and one article.
//! let model = stance::default_model()?;
//! let text = "Open weights let anyone audit the model. Closed labs say release \
//!             must wait for safety testing. The summit opens on Monday.";
//! let article = stance::classify_article(&model, "example", text, None);
//! assert_eq!(article.sentences.len(), 3);
//! for s in &article.sentences {
//!     println!("{:<11} {:.2}  {}", s.label, s.confidence, s.text);
//! }
//! println!("article: {}", article.summary.stance);
//! # Ok::<(), stance::Error>(())
//! ```
//!
//! Training takes a labelled CSV and [`Settings`] (the same settings the
//! command line has, defaults included); [`train`] returns a [`Classifier`]
//! that [`Classifier::save`] writes atomically:
//!
//! ```no_run
//! use stance::{read_labeled_csv, train, Columns, Settings};
//! let data = read_labeled_csv("data/train.csv".as_ref(), &Columns::default())?;
//! let params = Settings::default().train_params()?;
//! let model = train(&data, &params, "text", "label", &stance::progress::Silent)?;
//! model.save("models/mine.json".as_ref())?;
//! # Ok::<(), stance::Error>(())
//! ```
//!
//! The pipeline, one private module per stage: article text is split into
//! sentences with byte spans, tokenised (lower-cased, with negation scope)
//! and stemmed; word (and char) n-grams become TF-IDF rows with the IDF
//! frozen at training time, plus Naive-Bayes score columns; a sparse
//! multinomial logistic fit (linfa-logistic's objective on CSR rows, alpha
//! tuned by stratified CV) gives the [`Classifier`]; [`classify_article`]
//! labels every sentence and gives the article's overall stance, and
//! [`classify_stream`] does the same for inputs of any size in bounded
//! memory ([`classify_records`] for JSON lines or CSV, one article a
//! record); [`score_model`], [`train_and_score`] and [`cross_validate`] give
//! accuracy, per-label P/R/F1, macro-F1 and the confusion matrix.
//!
//! [`settings`] defines every training setting once; [`read_labeled_csv`]
//! reads labelled CSV; [`resolve_inputs`] resolves the inputs of `classify`
//! and reduces web pages and Markdown to their text; the writers
//! ([`ArticleWriter`], [`HtmlArticleWriter`], [`MetricsReport`], ...) give
//! the outputs the command line prints; [`suggest()`] picks the unlabelled
//! sentences most worth labelling next. Everything else is private to the
//! crate.

// Items used only inside the crate are `pub(crate)`, so `pub` marks the API.
// The few stages that `internals` re-exports stay `pub` and allow the lint
// when the `bench-internals` feature is off.
#![warn(unreachable_pub)]

mod article;
mod atomic;
mod data;
mod error;
mod eval;
mod features;
mod input;
mod labels;
mod model;
pub mod progress;
mod records;
mod report;
pub mod settings;
mod stream;
mod suggest;
mod text;

pub use article::{
    classify_article, classify_article_on_this_thread, Article, ArticleSummary, LabeledSentence,
};
pub use data::{read_labeled_csv, read_sentences_csv, Columns, LabeledData, LabeledRow};
pub use error::{Error, Result};
pub use eval::metrics::{Confusion, LabelScores, Metrics};
pub use eval::run::{
    cross_validate, score_file, score_model, train_and_score, CvResult, ErrorRow, FoldSpec,
    GroupScore, Grouping, Scored,
};
pub use input::{resolve_inputs, Input, InputFormat, TextSource};
pub use model::explain::{Contribution, Explanation, LabelExplanation};
pub use model::file::default_model;
pub use model::train::{train, TrainParams};
pub use model::{Classifier, TrainingInfo, TuningInfo};
pub use progress::{Progress, Silent};
pub use records::{
    classify_records, RecordClassifier, RecordFormat, RecordOptions, RecordOptionsError,
    RecordStats, RecordsPer, TextField,
};
pub use report::articles::{ArticleFormat, ArticleOutput, ArticleWriter};
pub use report::explain::{
    write_explanation_text, write_explanations_json, ExplainedSentence, ModelCard,
};
pub use report::html::articles::{HtmlArticleWriter, DEFAULT_EXPLAIN};
pub use report::html::metrics::write_metrics_html;
pub use report::metrics::{Breakdown, MetricsReport, ReportOptions};
pub use report::suggestions::write_suggestions;
pub use settings::{Preset, Settings};
pub use stream::{classify_stream, SentenceSink, StreamOptions};
pub use suggest::candidates::read_candidates;
pub use suggest::near_dup::NEAR_DUP_JACCARD;
pub use suggest::uncertainty::Strategy;
pub use suggest::{suggest, SuggestOptions, Suggestion, Suggestions, DEFAULT_N};

/// Helpers the `stance` binary shares with the library (output checks,
/// atomic writes, input refusals) and the Python binding; not an API for
/// other users.
#[doc(hidden)]
pub mod cli_support {
    pub use crate::article::{check_probability, refuse_csv_input};
    pub use crate::atomic::{check_output_dir, write_atomically};
    pub use crate::data::csv_header;
    pub use crate::eval::run::{check_gold_labels, mean_std};
    pub use crate::input::{resolve_inputs_with, CSV_EXTENSIONS, JSONL_EXTENSIONS};
    pub use crate::model::train::encode_labels;
    pub use crate::suggest::{known_index, DEFAULT_TRAINING_DATA};
}

/// Stages below the public API, for the crate's own benches, examples and
/// reference tests (the `bench-internals` feature); not a stable API.
#[cfg(feature = "bench-internals")]
#[doc(hidden)]
pub mod internals {
    pub use crate::article::summary_from_counts;
    pub use crate::data::{parse_labeled_csv, parse_text_csv};
    pub use crate::eval::folds::SplitMix64;
    pub use crate::eval::run::mean_std;
    pub use crate::features::config::{FeatureConfig, NbScoreConfig};
    pub use crate::features::Vectorizer;
    pub use crate::input::html::html_to_text;
    pub use crate::input::markdown::markdown_to_text;
    pub use crate::model::file::DEFAULT_MODEL_JSON;
    pub use crate::model::fit::dense;
    pub use crate::model::sparse_fit::{SparseLogisticRegression, SparseRecords};
    pub use crate::model::train::encode_labels;
    pub use crate::suggest::near_dup::{jaccard, words, NearDupIndex};
    pub use crate::suggest::select::select;
    pub use crate::text::sentences::{last_safe_cut, split_sentences};
    pub use crate::text::tokens::tokenize;
}
