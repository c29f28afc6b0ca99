//! One function per subcommand: read inputs, call the library, print.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};

use stance::article::LabeledSentence;
use stance::data::{read_labeled_csv, Columns, LabeledData};
use stance::eval::run::{cross_validate, mean_std, score_model, train_and_score, FoldSpec, Scored};
use stance::input::resolve_inputs;
use stance::model::file::default_model;
use stance::model::train::train;
use stance::report::articles::{ArticleFormat, ArticleWriter};
use stance::report::metrics::{Breakdown, MetricsReport};
use stance::stream::{classify_stream, SentenceSink, StreamOptions};
use stance::Classifier;

use super::args::{
    ClassifyArgs, ClassifyFormat, ColumnArgs, CvArgs, EvaluateArgs, MetricsFormat, TrainArgs,
};

/// A progress bar on stderr when it is a terminal, hidden otherwise.
fn progress_bar() -> ProgressBar {
    if io::stderr().is_terminal() {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar
    } else {
        ProgressBar::hidden()
    }
}

fn columns(c: &ColumnArgs, extra: &[&Option<String>]) -> Columns {
    Columns {
        text: c.text_col.clone(),
        label: c.label_col.clone(),
        extra: extra.iter().filter_map(|e| (*e).clone()).collect(),
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
    let data = read_labeled_csv(&args.data, &columns(&args.columns, &[]))?;
    let params = args.model.train_params();
    let out = args.out.clone().unwrap_or_else(|| {
        let stem = args
            .data
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "model".into());
        PathBuf::from("models").join(format!("{stem}.json"))
    });
    let bar = progress_bar();
    let model = train(
        &data,
        &params,
        &args.columns.text_col,
        &args.columns.label_col,
        &bar,
    )?;
    bar.finish_and_clear();
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| stance::Error::io(dir, e))?;
    }
    model.save(&out)?;

    let info = model.training();
    let mut stdout = io::stdout().lock();
    let counts: Vec<String> = info
        .rows_per_label
        .iter()
        .map(|(l, n)| format!("{l} {n}"))
        .collect();
    writeln!(
        stdout,
        "data       {} ({} rows)",
        args.data.display(),
        info.rows
    )?;
    let largest = info.rows_per_label.values().max().copied().unwrap_or(0);
    writeln!(
        stdout,
        "labels     {}{}",
        counts.join(", "),
        if info.balanced {
            format!(" (balanced: each repeated up to {largest} rows)")
        } else {
            String::new()
        }
    )?;
    if let Some(preset) = args.model.preset {
        writeln!(
            stdout,
            "preset     {} -> {}",
            preset.name(),
            params.as_flags()
        )?;
    }
    let cfg = model.vectorizer().config();
    writeln!(
        stdout,
        "features   {} kept (word {}..{}-grams{}, min_df {}, cap {})",
        model.vectorizer().tfidf().len(),
        cfg.word_ngrams.0,
        cfg.word_ngrams.1,
        cfg.char_ngrams
            .map(|(a, b)| format!(" + char {a}..{b}-grams"))
            .unwrap_or_default(),
        cfg.min_df,
        cfg.max_features
            .map(|m| m.to_string())
            .unwrap_or_else(|| "none".into())
    )?;
    if let Some(t) = &info.tuning {
        let grid: Vec<String> = t
            .alphas
            .iter()
            .zip(&t.cv_macro_f1)
            .map(|(a, s)| format!("{a}: {s:.4}"))
            .collect();
        writeln!(
            stdout,
            "tuning     {}-fold CV macro-F1 by alpha: {}",
            t.folds,
            grid.join(", ")
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
        "fit        {} (gradient norm {:.2e}, tolerance {:.0e})",
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
    writeln!(stdout, "model      {}", out.display())?;
    if !info.converged {
        eprintln!(
            "stance: warning: the optimiser stopped before convergence (gradient norm {:.2e} > {:.0e} after at most {} iterations); the model was written, but try a larger --max-iter or --alpha",
            info.gradient_norm, info.gradient_tolerance, info.max_iterations
        );
    }
    Ok(())
}

/// `stance classify`: the inputs one after another, each streamed (read,
/// classified and printed chunk by chunk, see `stance::stream`).
pub fn classify_cmd(args: &ClassifyArgs) -> Result<()> {
    let model = load_model(args.model.as_deref())?;
    let inputs = resolve_inputs(&args.inputs)?;
    let format = match args.format {
        ClassifyFormat::Table => ArticleFormat::Table,
        ClassifyFormat::Json => ArticleFormat::Json,
        ClassifyFormat::Jsonl => ArticleFormat::Jsonl,
        ClassifyFormat::Csv => ArticleFormat::Csv,
    };
    let mut writer = ArticleWriter::new(
        BufWriter::with_capacity(1 << 16, io::stdout().lock()),
        model.labels(),
        format,
    );
    let options = StreamOptions::default();
    for input in &inputs {
        let source = input.name();
        let mut sink = ArticleSink {
            writer: &mut writer,
            source: &source,
        };
        let summary = classify_stream(
            &model,
            &input.path(),
            input.open()?,
            args.min_confidence,
            &options,
            &mut sink,
        )?;
        writer.end_article(&summary)?;
    }
    writer.finish()?;
    Ok(())
}

/// Prints one input's sentences as they come: the article header once the
/// start of the input has been read and found to be text.
struct ArticleSink<'a, W: Write> {
    writer: &'a mut ArticleWriter<W>,
    source: &'a str,
}

impl<W: Write> SentenceSink for ArticleSink<'_, W> {
    type Error = anyhow::Error;

    fn start(&mut self) -> Result<()> {
        Ok(self.writer.begin_article(self.source)?)
    }

    fn sentence(&mut self, sentence: &LabeledSentence) -> Result<()> {
        Ok(self.writer.sentence(sentence)?)
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

fn print_report(report: &MetricsReport, format: MetricsFormat) -> Result<()> {
    let mut out = BufWriter::new(io::stdout().lock());
    match format {
        MetricsFormat::Text => report.write_text(&mut out)?,
        MetricsFormat::Json => report.write_json(&mut out)?,
    }
    out.flush()?;
    Ok(())
}

/// `stance evaluate`.
pub fn evaluate_cmd(args: &EvaluateArgs) -> Result<()> {
    let bar = progress_bar();
    let scored_and_data = match &args.train {
        Some(train_path) => {
            let train_data =
                read_labeled_csv(train_path, &columns(&args.columns, &[&args.group_col]))?;
            let test = read_labeled_csv(
                &args.data,
                &columns(&args.columns, &[&args.group_col, &args.report.by]),
            )?;
            let params = args.model_args.train_params();
            let group = args.group_col.as_ref().map(|_| 0);
            (
                train_and_score(&train_data, &test, &params, group, &bar)?,
                test,
            )
        }
        None => {
            let model = load_model(args.model.as_deref())?;
            let test = read_labeled_csv(&args.data, &columns(&args.columns, &[&args.report.by]))?;
            (score_model(&model, &test), test)
        }
    };
    bar.finish_and_clear();
    let (scored, test) = scored_and_data;
    let mut report = MetricsReport::new(scored.metrics());
    favg_and_format(&mut report, &args.report.favg_labels)?;
    report.by = breakdown(&scored, &test, &args.report.by);
    report.errors = args.errors.map(|n| scored.top_errors(n));
    print_report(&report, args.report.format)
}

/// `stance cv`.
pub fn cv_cmd(args: &CvArgs) -> Result<()> {
    let data = read_labeled_csv(
        &args.data,
        &columns(
            &args.columns,
            &[&args.group_col, &args.fold_col, &args.report.by],
        ),
    )?;
    let params = args.model_args.train_params();
    let group = args.group_col.as_ref().and_then(|g| data.extra_index(g));
    let folds = match &args.fold_col {
        Some(col) => FoldSpec::Column(data.extra_index(col).unwrap_or(0)),
        None => FoldSpec::Stratified {
            k: args.folds,
            seed: args.model_args.seed,
        },
    };
    let bar = progress_bar();
    let result = cross_validate(&data, &params, &folds, group, &bar)?;
    bar.finish_and_clear();
    let mut report = MetricsReport::new(result.scored.metrics());
    favg_and_format(&mut report, &args.report.favg_labels)?;
    let (mean, std) = mean_std(&result.fold_accuracy);
    report.fold_accuracy_mean = Some(mean);
    report.fold_accuracy_std = Some(std);
    report.by = breakdown(&result.scored, &data, &args.report.by);
    print_report(&report, args.report.format)
}
