//! One function per subcommand: read inputs, call the library, print.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Result;

use crate::cli::progress::Progress;
use stance::article::LabeledSentence;
use stance::data::{read_labeled_csv, read_sentences_csv, Columns, LabeledData};
use stance::eval::run::{
    check_gold_labels, cross_validate, mean_std, score_model, train_and_score, FoldSpec, Grouping,
    Scored,
};
use stance::input::{resolve_inputs, InputFormat};
use stance::model::file::default_model;
use stance::model::train::train;
use stance::report::articles::{ArticleFormat, ArticleOutput, ArticleWriter};
use stance::report::explain::{
    write_explanation_text, write_explanations_json, ExplainedSentence, ModelCard,
};
use stance::report::html::articles::{HtmlArticleWriter, DEFAULT_EXPLAIN};
use stance::report::html::metrics::write_metrics_html;
use stance::report::metrics::{Breakdown, MetricsReport};
use stance::report::suggestions::write_suggestions;
use stance::stream::{classify_stream, SentenceSink, StreamOptions};
use stance::suggest::candidates::read_candidates;
use stance::suggest::uncertainty::Strategy;
use stance::suggest::{known_index, suggest, SuggestOptions, DEFAULT_TRAINING_DATA};
use stance::Classifier;

use super::args::{
    ClassifyArgs, ClassifyFormat, ColumnArgs, CvArgs, EvaluateArgs, ExplainArgs, ExplainFormat,
    InputFormatArg, InspectArgs, MetricsFormat, SuggestArgs, SuggestStrategy, TrainArgs,
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

/// `stance train`.
pub fn train_cmd(args: &TrainArgs) -> Result<()> {
    let started = Instant::now();
    let data = read_labeled_csv(
        &args.data,
        &Columns {
            weight: args.weight_col.clone(),
            ..columns(&args.columns, &[])
        },
    )?;
    let params = args.settings.train_params()?;
    let out = match &args.out {
        Some(out) => {
            stance::atomic::check_output_dir(out)?;
            out.clone()
        }
        None => default_model_path(&args.data),
    };
    // What can be refused at once is, before any status line.
    stance::model::train::encode_labels(&data)?;

    // The lines known before the fit are printed (and flushed) before it,
    // so a log of a long run shows what it is doing and a killed run keeps them.
    let mut stdout = io::stdout().lock();
    let counts: Vec<String> = data
        .rows_per_label()
        .iter()
        .map(|(l, n)| format!("{l} {n}"))
        .collect();
    status(
        &mut stdout,
        format_args!(
            "data       {} ({} rows)",
            args.data.display(),
            data.rows.len()
        ),
    )?;
    status(
        &mut stdout,
        format_args!(
            "labels     {}{}{}",
            counts.join(", "),
            if params.balance {
                " (balanced: each label weighs as much as the heaviest)"
            } else {
                ""
            },
            match &data.weight_column {
                Some(c) => format!(" (rows weighted by column '{c}')"),
                None => String::new(),
            }
        ),
    )?;
    if let Some(preset) = args.settings.preset {
        status(
            &mut stdout,
            format_args!(
                "preset     {} -> {}",
                preset.name(),
                params.settings.flags()
            ),
        )?;
    }
    let progress = Progress::on_stderr();
    let model = train(
        &data,
        &params,
        &args.columns.text_col,
        &args.columns.label_col,
        &progress,
    )?;
    progress.finish();
    if args.out.is_none() {
        make_default_model_dir(&out)?;
    }
    model.save(&out)?;

    let info = model.training();
    let cfg = model.vectorizer().config();
    writeln!(
        stdout,
        "features   {} kept (word {}..{}-grams{}, min_df {}, cap {}){}",
        model.vectorizer().tfidf().len(),
        cfg.word_ngrams.0,
        cfg.word_ngrams.1,
        cfg.char_ngrams
            .map(|(a, b)| format!(" + char {a}..{b}-grams"))
            .unwrap_or_default(),
        cfg.min_df,
        cfg.max_features
            .map(|m| m.to_string())
            .unwrap_or_else(|| "none".into()),
        model
            .vectorizer()
            .naive_bayes()
            .map(|nb| format!(
                " + {} Naive-Bayes scores over {} word n-grams",
                nb.len(),
                nb.terms().len()
            ))
            .unwrap_or_default()
    )?;
    if let Some(t) = &info.tuning {
        writeln!(
            stdout,
            "tuning     {}-fold CV macro-F1 by alpha: {}",
            t.folds,
            t.by_alpha()
        )?;
        writeln!(
            stdout,
            "alpha      {} (CV macro-F1 {:.4})",
            t.best_alpha, t.best_cv_macro_f1
        )?;
    } else {
        writeln!(stdout, "alpha      {}", info.alpha)?;
    }
    writeln!(
        stdout,
        "fit        {} (gradient norm per unit of row weight {:.2e}, tolerance {:.0e})",
        if info.converged {
            "converged"
        } else {
            "NOT converged"
        },
        info.gradient_norm,
        info.gradient_tolerance
    )?;
    writeln!(
        stdout,
        "time       {:.1} s",
        started.elapsed().as_secs_f64()
    )?;
    status(&mut stdout, format_args!("model      {}", out.display()))?;
    if !info.converged {
        eprintln!(
            "stance: warning: the optimiser stopped before convergence (gradient norm {:.2e} > {:.0e} after at most {} iterations); the model was written, but try a larger --max-iter or --alpha",
            info.gradient_norm, info.gradient_tolerance, info.max_iterations
        );
    }
    Ok(())
}

/// `stance classify`: the inputs one after another, each streamed (read,
/// classified and printed chunk by chunk, see `stance::stream`); web pages
/// and Markdown are converted to their text first (`stance::input`).
pub fn classify_cmd(args: &ClassifyArgs) -> Result<()> {
    let model = load_model(args.model.as_deref())?;
    let inputs = resolve_inputs(&args.inputs)?;
    if matches!(args.input_format, InputFormatArg::Auto) {
        for input in &inputs {
            stance::article::refuse_csv_input(&input.path())?;
        }
    }
    let out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let plain = match args.format {
        ClassifyFormat::Table => ArticleFormat::Table,
        ClassifyFormat::Json => ArticleFormat::Json,
        ClassifyFormat::Jsonl => ArticleFormat::Jsonl,
        ClassifyFormat::Csv => ArticleFormat::Csv,
        ClassifyFormat::Html => {
            let title = match inputs.as_slice() {
                [one] => format!("stance: {}", one.name()),
                many => format!("stance: {} articles", many.len()),
            };
            let mut writer = HtmlArticleWriter::new(out, model.labels(), &title);
            let explain = args.explain.unwrap_or(DEFAULT_EXPLAIN);
            classify_inputs(&model, &inputs, args, Some(explain), &mut writer)?;
            writer.finish()?;
            return Ok(());
        }
    };
    if args.explain.is_some() && !matches!(plain, ArticleFormat::Json | ArticleFormat::Jsonl) {
        return Err(
            stance::Error::Config("--explain needs --format json, jsonl or html".into()).into(),
        );
    }
    let mut writer = ArticleWriter::new(out, model.labels(), plain);
    classify_inputs(&model, &inputs, args, args.explain, &mut writer)?;
    writer.finish()?;
    Ok(())
}

/// Stream every input through the model into `writer`.
fn classify_inputs(
    model: &Classifier,
    inputs: &[stance::input::Input],
    args: &ClassifyArgs,
    explain: Option<usize>,
    writer: &mut dyn ArticleOutput,
) -> Result<()> {
    let input_format = match args.input_format {
        InputFormatArg::Auto => None,
        InputFormatArg::Text => Some(InputFormat::Text),
        InputFormatArg::Html => Some(InputFormat::Html),
        InputFormatArg::Markdown => Some(InputFormat::Markdown),
    };
    let options = StreamOptions::default();
    for input in inputs {
        let source = input.name();
        let mut sink = ArticleSink {
            writer: &mut *writer,
            source: &source,
            explain: explain.map(|n| (model, n)),
        };
        let summary = classify_stream(
            model,
            &input.path(),
            input.open_text(input_format)?.reader,
            args.min_confidence,
            &options,
            &mut sink,
        )?;
        writer.end_article(&summary)?;
    }
    Ok(())
}

/// Prints one input's sentences as they come: the article header once the
/// start of the input has been read and found to be text.
struct ArticleSink<'a> {
    writer: &'a mut dyn ArticleOutput,
    source: &'a str,
    /// With `--explain N`: the model, and N.
    explain: Option<(&'a Classifier, usize)>,
}

impl SentenceSink for ArticleSink<'_> {
    type Error = anyhow::Error;

    fn start(&mut self) -> Result<()> {
        Ok(self.writer.begin_article(self.source)?)
    }

    fn sentence(&mut self, sentence: &LabeledSentence) -> Result<()> {
        match self.explain {
            Some((model, n)) => {
                let mut e = model.explain(&sentence.text);
                e.truncate(n);
                let mut s = sentence.clone();
                s.explain = Some(e.predicted().contributions.clone());
                Ok(self.writer.sentence(&s)?)
            }
            None => Ok(self.writer.sentence(sentence)?),
        }
    }
}

fn favg_and_format(report: &mut MetricsReport, favg_labels: &Option<Vec<String>>) -> Result<()> {
    if let Some(labels) = favg_labels {
        report.favg = Some(report.metrics.favg(labels)?);
        report.favg_labels = Some(labels.clone());
    }
    Ok(())
}

fn breakdown(scored: &Scored, data: &LabeledData, by: &Option<String>) -> Option<Breakdown> {
    let column = by.as_ref()?;
    let idx = data.extra_index(column)?;
    Some(Breakdown {
        column: column.clone(),
        groups: scored.breakdown(idx),
    })
}

/// Columns the HTML report breaks scores down by on its own: `kind` and
/// `hard` when the file has them (and `--by` does not already name them).
fn html_breakdown_columns(
    format: MetricsFormat,
    data: &Path,
    by: &Option<String>,
) -> Result<[Option<String>; 2]> {
    if !matches!(format, MetricsFormat::Html) {
        return Ok([None, None]);
    }
    let header = stance::data::csv_header(data)?;
    let pick = |name: &str| {
        (header.iter().any(|h| h == name) && by.as_deref() != Some(name)).then(|| name.to_string())
    };
    Ok([pick("kind"), pick("hard")])
}

/// Print a metrics report; the HTML page also gets the automatic
/// breakdowns and a title naming the data.
fn print_report(
    report: &MetricsReport,
    format: MetricsFormat,
    scored: &Scored,
    data: &LabeledData,
    auto_by: &[Option<String>; 2],
    title: &str,
) -> Result<()> {
    let mut out = BufWriter::new(io::stdout().lock());
    match format {
        MetricsFormat::Text => report.write_text(&mut out)?,
        MetricsFormat::Json => report.write_json(&mut out)?,
        MetricsFormat::Html => {
            let breakdowns: Vec<Breakdown> = report
                .by
                .iter()
                .cloned()
                .chain(auto_by.iter().filter_map(|c| breakdown(scored, data, c)))
                .collect();
            write_metrics_html(&mut out, title, report, &breakdowns)?
        }
    }
    out.flush()?;
    Ok(())
}

/// The most confident mistakes: as many as asked, or 20 on the HTML page.
fn errors_wanted(asked: Option<usize>, format: MetricsFormat) -> Option<usize> {
    asked.or(matches!(format, MetricsFormat::Html).then_some(20))
}

/// `stance evaluate`.
pub fn evaluate_cmd(args: &EvaluateArgs) -> Result<()> {
    let progress = Progress::on_stderr();
    let auto_by = html_breakdown_columns(args.report.format, &args.data, &args.report.by)?;
    let scored_and_data = match &args.train {
        Some(train_path) => {
            let train_data =
                read_labeled_csv(train_path, &columns(&args.columns, &[&args.group_col]))?;
            let test = read_labeled_csv(
                &args.data,
                &columns(
                    &args.columns,
                    &[&args.group_col, &args.report.by, &auto_by[0], &auto_by[1]],
                ),
            )?;
            check_gold_labels(&test, &train_data.labels())?;
            let params = args.settings.train_params()?;
            let grouping = Grouping {
                column: args.group_col.as_ref().map(|_| 0),
                borrow: args.borrow,
            };
            (
                train_and_score(&train_data, &test, &params, grouping, &progress)?,
                test,
            )
        }
        None => {
            let model = load_model(args.model.as_deref())?;
            let test = read_labeled_csv(
                &args.data,
                &columns(&args.columns, &[&args.report.by, &auto_by[0], &auto_by[1]]),
            )?;
            check_gold_labels(&test, model.labels())?;
            (score_model(&model, &test), test)
        }
    };
    progress.finish();
    let (scored, test) = scored_and_data;
    let mut report = MetricsReport::new(scored.metrics());
    favg_and_format(&mut report, &args.report.favg_labels)?;
    report.by = breakdown(&scored, &test, &args.report.by);
    report.errors = errors_wanted(args.errors, args.report.format).map(|n| scored.top_errors(n));
    let model_name = match (&args.train, &args.model) {
        (Some(t), _) => format!("trained on {}", t.display()),
        (None, Some(m)) => m.display().to_string(),
        (None, None) => "the default model".into(),
    };
    let title = format!("stance evaluate: {model_name} on {}", args.data.display());
    print_report(
        &report,
        args.report.format,
        &scored,
        &test,
        &auto_by,
        &title,
    )
}

/// `stance cv`.
pub fn cv_cmd(args: &CvArgs) -> Result<()> {
    let auto_by = html_breakdown_columns(args.report.format, &args.data, &args.report.by)?;
    let data = read_labeled_csv(
        &args.data,
        &columns(
            &args.columns,
            &[
                &args.group_col,
                &args.fold_col,
                &args.report.by,
                &auto_by[0],
                &auto_by[1],
            ],
        ),
    )?;
    let params = args.settings.train_params()?;
    let group = args.group_col.as_ref().and_then(|g| data.extra_index(g));
    let folds = match &args.fold_col {
        Some(col) => FoldSpec::Column(data.extra_index(col).unwrap_or(0)),
        None => FoldSpec::Stratified {
            k: args.folds,
            seed: args.settings.tune.seed(),
        },
    };
    let progress = Progress::on_stderr();
    let grouping = Grouping {
        column: group,
        borrow: args.borrow,
    };
    let result = cross_validate(&data, &params, &folds, grouping, &progress)?;
    progress.finish();
    let mut report = MetricsReport::new(result.scored.metrics());
    favg_and_format(&mut report, &args.report.favg_labels)?;
    let (mean, std) = mean_std(&result.fold_accuracy);
    report.fold_accuracy_mean = Some(mean);
    report.fold_accuracy_std = Some(std);
    report.by = breakdown(&result.scored, &data, &args.report.by);
    if matches!(args.report.format, MetricsFormat::Html) {
        report.errors = Some(result.scored.top_errors(20));
    }
    let title = format!("stance cv: {}", args.data.display());
    print_report(
        &report,
        args.report.format,
        &result.scored,
        &data,
        &auto_by,
        &title,
    )
}

/// `stance explain`: sentences from the command line or a CSV.
pub fn explain_cmd(args: &ExplainArgs) -> Result<()> {
    let model = load_model(args.model.as_deref())?;
    let items: Vec<(String, Option<String>)> = match &args.data {
        Some(path) => read_sentences_csv(path, &columns(&args.columns, &[]))?
            .rows
            .into_iter()
            .map(|r| (r.text, Some(r.label).filter(|l| !l.is_empty())))
            .collect(),
        None => args.sentences.iter().map(|s| (s.clone(), None)).collect(),
    };
    let explained: Vec<ExplainedSentence> = items
        .into_iter()
        .map(|(text, gold)| {
            let mut explanation = model.explain(&text);
            if args.top > 0 {
                explanation.truncate(args.top);
            }
            ExplainedSentence { gold, explanation }
        })
        .collect();
    let mut out = BufWriter::new(io::stdout().lock());
    match args.format {
        ExplainFormat::Json => write_explanations_json(&mut out, &explained)?,
        ExplainFormat::Text => {
            for (i, item) in explained.iter().enumerate() {
                if i > 0 {
                    writeln!(out, "\n{}", "-".repeat(72))?;
                }
                write_explanation_text(&mut out, item)?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// `stance inspect`: the model card.
pub fn inspect_cmd(args: &InspectArgs) -> Result<()> {
    let model = load_model(args.model.as_deref())?;
    let source = match &args.model {
        Some(p) => p.display().to_string(),
        None => "embedded default model".into(),
    };
    let card = ModelCard::new(&model, source, args.top);
    let mut out = BufWriter::new(io::stdout().lock());
    match args.format {
        ExplainFormat::Json => card.write_json(&mut out)?,
        ExplainFormat::Text => card.write_text(&mut out)?,
    }
    out.flush()?;
    Ok(())
}

/// `stance suggest`: the CSV of sentences to label next, to stdout or
/// written atomically to `--out`. Once it is written, stderr says what the
/// suggestions were checked against and what was skipped (so a failed run
/// prints its one-line error and nothing else).
pub fn suggest_cmd(args: &SuggestArgs) -> Result<()> {
    if let Some(out) = &args.out {
        stance::atomic::check_output_dir(out)?;
    }
    let model = load_model(args.model.as_deref())?;
    let (training, note) = if !args.training_data.is_empty() {
        (args.training_data.clone(), None)
    } else if args.model.is_none() && Path::new(DEFAULT_TRAINING_DATA).is_file() {
        (
            vec![PathBuf::from(DEFAULT_TRAINING_DATA)],
            Some(format!("skipping near-duplicates of {DEFAULT_TRAINING_DATA} (the default model's training data; --training-data to choose)")),
        )
    } else {
        (
            Vec::new(),
            Some(
                "no --training-data given: suggestions are not checked against the training data"
                    .to_string(),
            ),
        )
    };
    let mut known = known_index(&training, &model.training().text_column, args.near_dup)?;
    let progress = Progress::on_stderr().counting();
    let candidates = read_candidates(&model, &args.inputs, &args.text_col, &progress)?;
    progress.finish();
    let options = SuggestOptions {
        strategy: match args.strategy {
            SuggestStrategy::Margin => Strategy::Margin,
            SuggestStrategy::Entropy => Strategy::Entropy,
        },
        n: args.n,
    };
    let result = suggest(&model, &candidates, &mut known, &options);
    match &args.out {
        Some(path) => {
            let mut bytes = Vec::new();
            write_suggestions(&mut bytes, &result.rows)?;
            stance::atomic::write_atomically(path, &bytes)?;
        }
        None => {
            let mut out = BufWriter::new(io::stdout().lock());
            write_suggestions(&mut out, &result.rows)?;
            out.flush()?;
        }
    }
    if let Some(note) = note {
        eprintln!("stance: note: {note}");
    }
    eprintln!(
        "stance: {} of {} sentences suggested by {}; skipped {} near-duplicates of the training data and {} of other suggestions",
        result.rows.len(),
        result.candidates,
        options.strategy.name(),
        result.skipped_known,
        result.skipped_each_other
    );
    Ok(())
}
