//! One function per subcommand: read inputs, call the library, print.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Result;

use crate::cli::progress::Progress;
use stance::article::LabeledSentence;
use stance::data::{read_labeled_csv, read_sentences_csv, Columns, LabeledData};
use stance::eval::run::{
    check_gold_labels, cross_validate, mean_std, score_file, train_and_score, FoldSpec, Grouping,
    Scored,
};
use stance::input::{
    resolve_inputs, resolve_inputs_with, InputFormat, CSV_EXTENSIONS, JSONL_EXTENSIONS,
};
use stance::model::file::default_model;
use stance::model::train::train;
use stance::records::{
    RecordClassifier, RecordFormat, RecordOptions, RecordOptionsError, RecordsPer, TextField,
};
use stance::report::articles::{ArticleFormat, ArticleOutput, ArticleWriter};
use stance::report::explain::{
    write_explanation_text, write_explanations_json, ExplainedSentence, ModelCard,
};
use stance::report::html::articles::{HtmlArticleWriter, DEFAULT_EXPLAIN};
use stance::report::html::metrics::write_metrics_html;
use stance::report::metrics::{Breakdown, MetricsReport, ReportOptions};
use stance::report::suggestions::write_suggestions;
use stance::stream::{classify_stream, SentenceSink, StreamOptions};
use stance::suggest::candidates::read_candidates;
use stance::suggest::uncertainty::Strategy;
use stance::suggest::{known_index, suggest, SuggestOptions, DEFAULT_TRAINING_DATA};
use stance::Classifier;

use super::args::{
    ClassifyArgs, ClassifyFormat, ColumnArgs, CvArgs, EvaluateArgs, ExplainArgs, ExplainFormat,
    InputFormatArg, InspectArgs, MetricsFormat, PerArg, RecordArgs, SuggestArgs, SuggestStrategy,
    TrainArgs,
};

/// Write one status line and flush it at once, so a log (or a terminal)
/// holds it even if the run is killed later.
fn status(out: &mut impl Write, line: std::fmt::Arguments) -> io::Result<()> {
    writeln!(out, "{line}")?;
    out.flush()
}

/// `models/STEM.json` in the working directory.
fn default_model_path(data: &Path) -> PathBuf {
    let stem = data
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "model".into());
    PathBuf::from("models").join(format!("{stem}.json"))
}

/// Make the `models` directory of [`default_model_path`] when missing: the
/// one directory stance creates, as that path is its own choice, not one
/// the user could have mistyped (a `--out` in a missing directory is refused).
fn make_default_model_dir(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.is_dir()) {
        std::fs::create_dir(dir).map_err(|e| stance::Error::io(dir, e))?;
    }
    Ok(())
}

fn columns(c: &ColumnArgs, extra: &[&Option<String>]) -> Columns {
    Columns {
        text: c.text_col.clone(),
        label: c.label_col.clone(),
        extra: extra.iter().filter_map(|e| (*e).clone()).collect(),
        weight: None,
    }
}

fn load_model(path: Option<&Path>) -> Result<Classifier> {
    Ok(match path {
        Some(p) => Classifier::load(p)?,
        None => default_model()?,
    })
}

mod classify;
mod inspect;
mod scores;
mod suggest;
mod train;

pub use classify::classify_cmd;
pub use inspect::{explain_cmd, inspect_cmd};
pub use scores::{cv_cmd, evaluate_cmd};
pub use suggest::suggest_cmd;
pub use train::train_cmd;
