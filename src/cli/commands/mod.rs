//! One function per subcommand: read inputs, call the library, print.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Result;

use crate::cli::progress::Progress;
use stance::cli_support::{
    check_gold_labels, known_index, mean_std, resolve_inputs_with, CSV_EXTENSIONS,
    DEFAULT_TRAINING_DATA, JSONL_EXTENSIONS,
};
use stance::{
    classify_stream, cross_validate, default_model, read_candidates, read_labeled_csv,
    read_sentences_csv, resolve_inputs, score_file, suggest, train, train_and_score,
    write_explanation_text, write_explanations_json, write_metrics_html, write_suggestions,
    ArticleFormat, ArticleOutput, ArticleWriter, Breakdown, Classifier, Columns, ExplainedSentence,
    FoldSpec, Grouping, HtmlArticleWriter, InputFormat, LabeledData, LabeledSentence,
    MetricsReport, ModelCard, RecordClassifier, RecordFormat, RecordOptions, RecordOptionsError,
    RecordsPer, ReportOptions, Scored, SentenceSink, Strategy, StreamOptions, SuggestOptions,
    TextField, DEFAULT_EXPLAIN,
};

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

pub(crate) use classify::classify_cmd;
pub(crate) use inspect::{explain_cmd, inspect_cmd};
pub(crate) use scores::{cv_cmd, evaluate_cmd};
pub(crate) use suggest::suggest_cmd;
pub(crate) use train::train_cmd;
