//! Command-line arguments (clap). Parsing only; the work is in the library.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use stance::features::tfidf::TfMode;
use stance::model::preset::{Overrides, Preset};
use stance::model::train::TrainParams;
use stance::model::tuning::TuneMetric;

/// Label every sentence of an article as pro-open, pro-closed or neutral on
/// the open-versus-closed AI debate, or train the same tool on your own labels.
#[derive(Debug, Parser)]
#[command(name = "stance", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
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
pub struct ColumnArgs {
    /// Column holding the sentence.
    #[arg(long, default_value = "text")]
    pub text_col: String,
    /// Column holding the label.
    #[arg(long, default_value = "label")]
    pub label_col: String,
}

/// Settings that decide a trained model. Each is optional: a flag given
/// here wins over the `--preset`'s value, a flag left out keeps it (see
/// `stance::model::preset`).
#[derive(Debug, Args, Clone)]
pub struct ModelArgs {
    /// Start from a named set of settings (default, tweets, snippets); the
    /// flags given beside it win.
    #[arg(long, value_parser = parse_preset)]
    pub preset: Option<Preset>,
    /// L2 strength (like scikit-learn's 1/C) [default: 1]. Given with a
    /// preset that tunes, it turns the tuning off.
    #[arg(long, conflicts_with = "tune")]
    pub alpha: Option<f64>,
    /// Pick alpha by stratified k-fold cross-validation on the training data (macro-F1).
    #[arg(long)]
    pub tune: bool,
    /// Alphas tried by --tune, comma-separated [default: 0.3,1,3,10].
    #[arg(long, value_delimiter = ',')]
    pub alphas: Option<Vec<f64>>,
    /// Folds used by --tune [default: 5].
    #[arg(long = "tune-folds")]
    pub tune_folds: Option<usize>,
    /// What --tune maximises over the pooled out-of-fold predictions:
    /// macro-f1, accuracy, or favg:LABEL,LABEL (mean F1 of those labels
    /// only, SemEval's F_avg) [default: macro-f1].
    #[arg(long, value_parser = parse_tune_metric)]
    pub tune_metric: Option<TuneMetric>,
    /// With --tune, also pick one logit shift per label (added to its
    /// intercept) that maximises the tuned metric on the out-of-fold scores:
    /// moves the boundary between labels, e.g. away from a label the metric
    /// ignores.
    #[arg(long)]
    pub tune_bias: bool,
    /// Keep at most N features, chosen by chi-squared (bounds training memory
    /// and time); 0 = no cap [default: 0].
    #[arg(long)]
    pub max_features: Option<usize>,
    /// Word n-gram lengths, e.g. 1..2 or 1..3 [default: 1..3].
    #[arg(long, value_parser = parse_range)]
    pub ngrams: Option<(usize, usize)>,
    /// Character n-gram lengths inside words, e.g. 2..5, or none [default: none].
    #[arg(long, value_parser = parse_optional_range)]
    pub char_ngrams: Option<OptionalRange>,
    /// Drop terms found in fewer than N training sentences [default: 2].
    #[arg(long)]
    pub min_df: Option<usize>,
    /// Scale features by their Naive-Bayes log-count ratio (NBSVM-style)
    /// [default: off; on in the tweets preset].
    #[arg(long, conflicts_with = "no_nb_scale")]
    pub nb_scale: bool,
    /// Turn Naive-Bayes feature scaling off (e.g. the tweets preset's).
    #[arg(long)]
    pub no_nb_scale: bool,
    /// L2-normalise the word and the character n-gram parts of each row
    /// separately (as scikit-learn's FeatureUnion does), so the many
    /// character n-grams do not drown the word n-grams.
    #[arg(long)]
    pub block_norm: bool,
    /// Character n-grams across the whole sentence (words, spaces,
    /// punctuation, # and @), as scikit-learn's analyzer='char', instead of
    /// inside each word.
    #[arg(long)]
    pub char_whole: bool,
    /// How a term's count in a sentence becomes its weight: sublinear
    /// (1 + ln count), raw (the count) or binary (1 if present), as
    /// scikit-learn's sublinear_tf and binary [default: sublinear].
    #[arg(long, value_name = "MODE")]
    pub tf: Option<TfMode>,
    /// Leave out the IDF factor (every term weighs by tf alone, times its
    /// Naive-Bayes scale with --nb-scale), as scikit-learn's use_idf=False.
    #[arg(long)]
    pub no_idf: bool,
    /// Add one Naive-Bayes score column per label, over every word n-gram
    /// (uncapped), weighted by SCALE; training rows get out-of-fold scores.
    /// 0 turns them off [default: 0.03; off in the tweets preset].
    #[arg(long, value_name = "SCALE")]
    pub nb_score: Option<f64>,
    /// Word n-gram lengths the Naive-Bayes scores count [default: 1..3].
    #[arg(long, value_parser = parse_range)]
    pub nb_ngrams: Option<(usize, usize)>,
    /// Naive-Bayes scores count only n-grams found in at least N training
    /// sentences (a smaller model file) [default: 1].
    #[arg(long)]
    pub nb_min_df: Option<usize>,
    /// Do not mark words after a negation (not, never, n't...).
    #[arg(long)]
    pub no_negation: bool,
    /// Do not stem words.
    #[arg(long)]
    pub no_stem: bool,
    /// L-BFGS iteration limit [default: 1000].
    #[arg(long)]
    pub max_iter: Option<u64>,
    /// Stop L-BFGS when the objective's gradient norm per unit of row weight
    /// (the norm divided by the training rows' total weight) falls below
    /// this [default: 0.0001].
    #[arg(long)]
    pub tol: Option<f64>,
    /// Weight the rows of every label so that each label weighs as much in the
    /// fit as the heaviest one (training parts only; scored rows are never
    /// touched) [default: off; on in the tweets preset].
    #[arg(long, conflicts_with = "no_balance")]
    pub balance: bool,
    /// Turn class balancing off (e.g. the tweets preset's).
    #[arg(long)]
    pub no_balance: bool,
    /// Seed of the fold assignment.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
}

/// A `--x` / `--no-x` pair -> `Some(true)`, `Some(false)`, or `None` when
/// neither was given (keep the preset's value).
fn on_off(on: bool, off: bool) -> Option<bool> {
    (on || off).then_some(on)
}

impl ModelArgs {
    /// The settings given on the command line, for `Overrides::apply`.
    pub fn overrides(&self) -> Overrides {
        Overrides {
            alpha: self.alpha,
            tune: self.tune,
            alphas: self.alphas.clone(),
            tune_folds: self.tune_folds,
            seed: Some(self.seed),
            tune_metric: self.tune_metric.clone(),
            tune_bias: self.tune_bias,
            max_features: self.max_features.map(|m| (m > 0).then_some(m)),
            word_ngrams: self.ngrams,
            char_ngrams: self.char_ngrams.map(|c| c.0),
            min_df: self.min_df,
            nb_scale: on_off(self.nb_scale, self.no_nb_scale),
            block_norm: self.block_norm,
            char_whole: self.char_whole,
            tf: self.tf,
            no_idf: self.no_idf,
            nb_score: self.nb_score,
            nb_ngrams: self.nb_ngrams,
            nb_min_df: self.nb_min_df,
            no_negation: self.no_negation,
            no_stem: self.no_stem,
            max_iterations: self.max_iter,
            gradient_tolerance: self.tol,
            balance: on_off(self.balance, self.no_balance),
        }
    }

    /// The resolved settings: the preset's (or the defaults), overridden by
    /// every flag given.
    pub fn train_params(&self) -> TrainParams {
        self.overrides()
            .apply(self.preset.unwrap_or(Preset::Default))
    }
}

/// A range of n-gram lengths, or none (`--char-ngrams none`), so that a
/// preset's character n-grams can be turned off.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OptionalRange(pub Option<(usize, usize)>);

/// `stance train`.
#[derive(Debug, Args)]
pub struct TrainArgs {
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
    pub model: ModelArgs,
}

/// Output formats of classify.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ClassifyFormat {
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
pub struct ClassifyArgs {
    /// Model file (default: the model embedded in this binary).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ClassifyFormat::Table)]
    pub format: ClassifyFormat,
    /// Leave out sentences whose top probability is below P.
    #[arg(long, value_parser = parse_probability)]
    pub min_confidence: Option<f64>,
    /// Add each sentence's N largest feature contributions to its predicted
    /// label (json, jsonl and html output; html shows 5 unless told).
    #[arg(long, value_name = "N")]
    pub explain: Option<usize>,
    /// How to read the inputs: auto (by extension: .html/.htm web pages,
    /// .md/.markdown Markdown; else a page if it starts like one, else text).
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto)]
    pub input_format: InputFormatArg,
    /// Files, directories (their .txt, .md, .markdown, .html and .htm files)
    /// or - for stdin.
    #[arg(required = true)]
    pub inputs: Vec<String>,
}

/// Output formats of explain and inspect.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExplainFormat {
    /// Aligned text.
    Text,
    /// JSON (shape in the README).
    Json,
}

/// `stance explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
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
pub struct InspectArgs {
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
pub enum InputFormatArg {
    /// By extension, else by content.
    Auto,
    /// Plain text, markup and all.
    Text,
    /// A web page: the text of its article.
    Html,
    /// Markdown without its markup.
    Markdown,
}

/// Output formats of evaluate and cv.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MetricsFormat {
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
pub struct ReportArgs {
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
pub struct EvaluateArgs {
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
    pub model_args: ModelArgs,
}

/// `stance cv`.
#[derive(Debug, Args)]
pub struct CvArgs {
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
    pub model_args: ModelArgs,
}

/// Uncertainty measures of suggest.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SuggestStrategy {
    /// Largest entropy of the label probabilities first.
    Entropy,
    /// Smallest gap between the two most probable labels first.
    Margin,
}

/// `stance suggest`.
#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// Model file (default: the model embedded in this binary).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// How many sentences to suggest.
    #[arg(long = "n", default_value_t = stance::suggest::DEFAULT_N, value_parser = parse_count)]
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
    #[arg(long, default_value_t = stance::suggest::near_dup::NEAR_DUP_JACCARD, value_parser = parse_probability)]
    pub near_dup: f64,
    /// Write the CSV here (atomically) instead of to standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// CSV files of sentences (by the .csv extension), article files,
    /// directories (their .txt and .md files) or - for stdin.
    #[arg(required = true)]
    pub inputs: Vec<String>,
}

/// "1..2" or "2" -> (1, 2) / (2, 2).
pub fn parse_range(s: &str) -> Result<(usize, usize), String> {
    let parse = |x: &str| {
        x.trim()
            .parse::<usize>()
            .map_err(|_| format!("'{s}' is not a range like 1..2"))
    };
    let (lo, hi) = match s.split_once("..") {
        Some((a, b)) => (parse(a)?, parse(b.trim_start_matches('='))?),
        None => {
            let n = parse(s)?;
            (n, n)
        }
    };
    if lo == 0 || hi < lo {
        return Err(format!("'{s}': need 1 <= min <= max"));
    }
    Ok((lo, hi))
}

fn parse_count(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("'{s}' is not a whole number")),
    }
}

/// "none" or "0" -> no range; otherwise as [`parse_range`].
pub fn parse_optional_range(s: &str) -> Result<OptionalRange, String> {
    match s.trim() {
        "none" | "0" => Ok(OptionalRange(None)),
        _ => parse_range(s).map(|r| OptionalRange(Some(r))),
    }
}

fn parse_preset(s: &str) -> Result<Preset, String> {
    s.parse().map_err(|e: stance::Error| e.to_string())
}

fn parse_tune_metric(s: &str) -> Result<TuneMetric, String> {
    s.parse().map_err(|e: stance::Error| e.to_string())
}

fn parse_probability(s: &str) -> Result<f64, String> {
    let p: f64 = s.parse().map_err(|_| format!("'{s}' is not a number"))?;
    if !(0.0..=1.0).contains(&p) {
        return Err(format!("{p} is not between 0 and 1"));
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(parse_range("1..2"), Ok((1, 2)));
        assert_eq!(parse_range("1..=3"), Ok((1, 3)));
        assert_eq!(parse_range("2"), Ok((2, 2)));
        assert!(parse_range("0..2").is_err());
        assert!(parse_range("3..1").is_err());
        assert!(parse_range("x").is_err());
    }

    fn model_args(flags: &str) -> ModelArgs {
        let argv = ["stance", "cv", "--data", "x.csv"]
            .into_iter()
            .chain(flags.split_whitespace());
        match Cli::try_parse_from(argv).unwrap().command {
            Command::Cv(a) => a.model_args,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_preset_is_exactly_the_flags_it_prints() {
        for preset in Preset::ALL {
            let flags = preset.params().as_flags();
            assert_eq!(
                model_args(&flags).train_params(),
                preset.params(),
                "{flags}"
            );
            assert_eq!(
                model_args(&format!("--preset {}", preset.name())).train_params(),
                preset.params()
            );
        }
    }

    #[test]
    fn no_preset_means_the_defaults_and_flags_win_over_a_preset() {
        assert_eq!(model_args("").train_params(), TrainParams::default());
        let p = model_args("--preset tweets --max-features 300 --char-ngrams none --alpha 0.5")
            .train_params();
        assert_eq!(p.features.max_features, Some(300));
        assert_eq!(p.features.char_ngrams, None);
        assert_eq!((p.alpha, p.tune), (0.5, None));
        assert_eq!(p.features.min_df, 1, "not given: the preset's value");
        // Flags after the preset or before it: the same.
        assert_eq!(
            model_args("--min-df 3 --preset tweets")
                .train_params()
                .features
                .min_df,
            3
        );
        assert!(
            Cli::try_parse_from(["stance", "train", "--data", "x", "--preset", "tweet"]).is_err()
        );
        let p = model_args("--preset tweets --no-balance --no-nb-scale").train_params();
        assert!(!p.balance && !p.features.nb_scale);
        assert!(model_args("--preset tweets").train_params().balance);
        assert!(
            Cli::try_parse_from([
                "stance",
                "train",
                "--data",
                "x",
                "--balance",
                "--no-balance"
            ])
            .is_err(),
            "on and off together is a usage error"
        );
    }

    #[test]
    fn clap_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
