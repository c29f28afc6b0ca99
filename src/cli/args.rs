//! Command-line arguments (clap). Parsing only; the work is in the library.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use stance::Settings;

/// Label every sentence of an article as pro-open, pro-closed or neutral on
/// the open-versus-closed AI debate, or train the same tool on your own labels.
#[derive(Debug, Parser)]
#[command(name = "stance", version, about, long_about = None)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Train a model from a labelled CSV file.
    Train(TrainArgs),
    /// Label every sentence of articles (files, directories, or - for stdin).
    Classify(ClassifyArgs),
    /// Score a model (or train-then-score) against hand labels.
    Evaluate(EvaluateArgs),
    /// Cross-validate the training settings on one labelled file.
    Cv(CvArgs),
    /// Show why sentences get their labels: each feature's exact share of each label's logit.
    Explain(ExplainArgs),
    /// Print a model's card: training data and settings, and its strongest features per label.
    Inspect(InspectArgs),
    /// Pick the unlabelled sentences the model is least sure of, as a CSV to label.
    Suggest(SuggestArgs),
}

/// Which CSV columns hold the text and the label.
#[derive(Debug, Args, Clone)]
pub(crate) struct ColumnArgs {
    /// Column holding the sentence.
    #[arg(long, default_value = "text")]
    pub text_col: String,
    /// Column holding the label.
    #[arg(long, default_value = "label")]
    pub label_col: String,
}

/// `stance train`.
#[derive(Debug, Args)]
pub(crate) struct TrainArgs {
    /// Labelled CSV (header row; text and label columns).
    #[arg(long)]
    pub data: PathBuf,
    /// Where to write the model (default: models/<data file name>.json).
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub columns: ColumnArgs,
    /// Column holding each row's sample weight (a number >= 0; a weight of 2
    /// counts the row twice). Without it every row weighs 1.
    #[arg(long)]
    pub weight_col: Option<String>,
    #[command(flatten)]
    pub settings: Settings,
}

/// Output formats of classify.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum ClassifyFormat {
    /// Aligned table for a terminal.
    Table,
    /// One JSON document.
    Json,
    /// One JSON object per sentence.
    Jsonl,
    /// One CSV row per sentence.
    Csv,
    /// One self-contained HTML page (highlighted sentences, stance bars, summary).
    Html,
}

/// `stance classify`.
#[derive(Debug, Args)]
pub(crate) struct ClassifyArgs {
    /// Model file (default: the model embedded in this binary).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Output format [default: table; jsonl with --input-format jsonl|csv].
    #[arg(long, value_enum)]
    pub format: Option<ClassifyFormat>,
    /// Leave out sentences whose top probability is below P.
    #[arg(long, value_parser = parse_probability)]
    pub min_confidence: Option<f64>,
    /// Add each sentence's N largest feature contributions to its predicted
    /// label (json, jsonl and html output; html shows 5 unless told).
    #[arg(long, value_name = "N")]
    pub explain: Option<usize>,
    /// How to read the inputs: auto (by extension: .html/.htm web pages,
    /// .md/.markdown Markdown; else a page if it starts like one, else
    /// text); jsonl or csv for records, one article each.
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto)]
    pub input_format: InputFormatArg,
    #[command(flatten)]
    pub records: RecordArgs,
    /// Files, directories (their .txt, .md, .markdown, .html and .htm files;
    /// for records their .jsonl/.ndjson or .csv files) or - for stdin.
    #[arg(required = true)]
    pub inputs: Vec<String>,
}

/// Records mode of `classify` (`--input-format jsonl|csv`).
#[derive(Debug, Args)]
pub(crate) struct RecordArgs {
    /// Records: the field holding the article's text [default: text].
    #[arg(long, value_name = "FIELD")]
    pub text_field: Option<String>,
    /// Records: the field holding the article as a web page (its text is
    /// extracted as for --input-format html).
    #[arg(long, value_name = "FIELD", conflicts_with = "text_field")]
    pub html_field: Option<String>,
    /// Records: the fields passed through, comma-separated [default: all
    /// but the text field]. A record without one of them is a bad record.
    #[arg(long, value_name = "FIELDS", value_delimiter = ',')]
    pub keep: Option<Vec<String>>,
    /// Records: one output record per article (kept fields, sentences,
    /// summary) or per sentence (kept fields and the sentence's, flat).
    #[arg(long, value_enum)]
    pub per: Option<PerArg>,
    /// Records: report each bad record (file:line: what) on stderr and go
    /// on; a count follows at the end and the exit code stays 0.
    #[arg(long)]
    pub skip_bad: bool,
}

/// `classify --per`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PerArg {
    /// One record per article [default].
    Article,
    /// One record per sentence.
    Sentence,
}

/// Output formats of explain and inspect.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum ExplainFormat {
    /// Aligned text.
    Text,
    /// JSON (shape in the README).
    Json,
}

/// `stance explain`.
#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// Model file (default: the model embedded in this binary).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Features shown per label, largest contribution first (0 = all).
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Explain every sentence of this CSV (its gold label is shown when the
    /// label column is present).
    #[arg(long, conflicts_with = "sentences")]
    pub data: Option<PathBuf>,
    #[command(flatten)]
    pub columns: ColumnArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
    /// Sentences to explain (or use --data).
    #[arg(required_unless_present = "data")]
    pub sentences: Vec<String>,
}

/// `stance inspect`.
#[derive(Debug, Args)]
pub(crate) struct InspectArgs {
    /// Model file (default: the model embedded in this binary).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Strongest features listed per label.
    #[arg(long, default_value_t = 15)]
    pub top: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
}

/// `classify --input-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum InputFormatArg {
    /// By extension, else by content.
    Auto,
    /// Plain text, markup and all.
    Text,
    /// A web page: the text of its article.
    Html,
    /// Markdown without its markup.
    Markdown,
    /// Records: one JSON object per line, one article each.
    Jsonl,
    /// Records: CSV with a header row, one article per row.
    Csv,
}

/// Output formats of evaluate and cv.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum MetricsFormat {
    /// Aligned text.
    Text,
    /// JSON (shape in the README).
    Json,
    /// One self-contained HTML page with charts (confusion heatmap, per-label
    /// bars, breakdowns by kind/hard/--by, most confident mistakes).
    Html,
}

/// What `evaluate` and `cv` report, and how.
#[derive(Debug, Args, Clone)]
pub(crate) struct ReportArgs {
    /// Also report the mean F1 of these labels (SemEval's F_avg), comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub favg_labels: Option<Vec<String>>,
    /// Accuracy and macro-F1 per value of this column (e.g. kind, hard).
    #[arg(long)]
    pub by: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = MetricsFormat::Text)]
    pub format: MetricsFormat,
}

/// `stance evaluate`.
#[derive(Debug, Args)]
pub(crate) struct EvaluateArgs {
    /// Model file (default: the embedded model). Not with --train.
    #[arg(long, conflicts_with = "train")]
    pub model: Option<PathBuf>,
    /// Train on this CSV in memory instead of loading a model.
    #[arg(long)]
    pub train: Option<PathBuf>,
    /// Labelled CSV to score.
    #[arg(long)]
    pub data: PathBuf,
    /// With --train: one model per value of this column, predictions pooled.
    #[arg(long, requires = "train")]
    pub group_col: Option<String>,
    /// With --group-col: each group's model also learns from the other
    /// groups' rows, each counting W times an own row (0 < W <= 1), through a
    /// shared and an own copy of the features [default: off].
    #[arg(long, value_name = "W", requires = "group_col")]
    pub borrow: Option<f64>,
    /// List the N most confident mistakes (html shows 20 unless told).
    #[arg(long)]
    pub errors: Option<usize>,
    #[command(flatten)]
    pub report: ReportArgs,
    #[command(flatten)]
    pub columns: ColumnArgs,
    #[command(flatten)]
    pub settings: Settings,
}

/// `stance cv`.
#[derive(Debug, Args)]
pub(crate) struct CvArgs {
    /// Labelled CSV.
    #[arg(long)]
    pub data: PathBuf,
    /// Number of stratified folds.
    #[arg(long, default_value_t = 5, conflicts_with = "fold_col")]
    pub folds: usize,
    /// Use the fold ids in this column instead.
    #[arg(long)]
    pub fold_col: Option<String>,
    /// One model per value of this column inside each fold, predictions pooled.
    #[arg(long)]
    pub group_col: Option<String>,
    /// With --group-col: each group's model also learns from the other
    /// groups' rows (of the training folds), each counting W times an own
    /// row (0 < W <= 1), through a shared and an own copy of the features
    /// [default: off].
    #[arg(long, value_name = "W", requires = "group_col")]
    pub borrow: Option<f64>,
    #[command(flatten)]
    pub report: ReportArgs,
    #[command(flatten)]
    pub columns: ColumnArgs,
    #[command(flatten)]
    pub settings: Settings,
}

/// Uncertainty measures of suggest.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum SuggestStrategy {
    /// Largest entropy of the label probabilities first.
    Entropy,
    /// Smallest gap between the two most probable labels first.
    Margin,
}

/// `stance suggest`.
#[derive(Debug, Args)]
pub(crate) struct SuggestArgs {
    /// Model file (default: the model embedded in this binary).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// How many sentences to suggest.
    #[arg(long = "n", default_value_t = stance::DEFAULT_N, value_parser = parse_count)]
    pub n: usize,
    /// How to rank the candidates by uncertainty (entropy did better than
    /// margin in the README's learning curves).
    #[arg(long, value_enum, default_value_t = SuggestStrategy::Entropy)]
    pub strategy: SuggestStrategy,
    /// Labelled CSV whose sentences (and near-duplicates of them) are never
    /// suggested; repeatable. Default with the embedded model: data/train.csv
    /// when it exists.
    #[arg(long = "training-data")]
    pub training_data: Vec<PathBuf>,
    /// Column holding the sentence in CSV inputs.
    #[arg(long, default_value = "text")]
    pub text_col: String,
    /// Word-bigram Jaccard similarity at or above which two sentences count as near-duplicates.
    #[arg(long, default_value_t = stance::NEAR_DUP_JACCARD, value_parser = parse_probability)]
    pub near_dup: f64,
    /// Write the CSV here (atomically) instead of to standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// CSV files of sentences (by the .csv extension), article files,
    /// directories (their .txt and .md files) or - for stdin.
    #[arg(required = true)]
    pub inputs: Vec<String>,
}

fn parse_count(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("'{s}' is not a whole number")),
    }
}

fn parse_probability(s: &str) -> Result<f64, String> {
    let p: f64 = s.parse().map_err(|_| format!("'{s}' is not a number"))?;
    stance::cli_support::check_probability(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
