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
//! The pipeline, one module per stage:
//!
//! 1. [`text::sentences`]: article text -> sentences with byte spans.
//! 2. [`text::tokens`]: sentence -> lower-cased tokens with negation scope.
//! 3. [`text::stem`]: tokens -> Snowball stems (named in the model).
//! 4. [`features`]: word (and char) n-grams -> vocabulary (min_df, optional
//!    chi-squared cap) -> TF-IDF rows with IDF frozen at training time, plus
//!    Naive-Bayes score columns.
//! 5. [`model::train`]: the sparse multinomial logistic fit
//!    ([`model::sparse_fit`], linfa-logistic's objective on CSR rows), alpha
//!    tuned by stratified CV; `model::predict` scores sparsely.
//! 6. [`article`]: per-sentence labels and the article's overall stance;
//!    [`stream`] does the same for inputs of any size in bounded memory;
//!    [`records`] for JSON lines or CSV of one article per record.
//! 7. [`eval`]: accuracy, per-label P/R/F1, macro-F1, F_avg, confusion.
//!
//! [`settings`] defines every training setting once; [`data`] reads
//! labelled CSV; [`input`] resolves the inputs of `classify` and reduces web
//! pages and Markdown to their text; [`report`] writes the outputs the CLI
//! prints; [`suggest`] picks the unlabelled sentences most worth labelling
//! next.

pub mod article;
pub mod atomic;
pub mod data;
pub mod error;
pub mod eval;
pub mod features;
pub mod input;
pub mod labels;
pub mod model;
pub mod progress;
pub mod records;
pub mod report;
pub mod settings;
pub mod stream;
pub mod suggest;
pub mod text;

pub use article::{
    classify_article, classify_article_on_this_thread, Article, ArticleSummary, LabeledSentence,
};
pub use atomic::check_output_dir;
pub use data::{read_labeled_csv, Columns, LabeledData};
pub use error::{Error, Result};
pub use eval::run::{cross_validate, score_file, train_and_score};
pub use input::InputFormat;
pub use model::file::default_model;
pub use model::train::{encode_labels, train, TrainParams};
pub use model::Classifier;
pub use records::{classify_records, RecordClassifier, RecordOptions, RecordStats};
pub use report::metrics::{MetricsReport, ReportOptions};
pub use settings::{Preset, Settings};
pub use stream::classify_stream;
