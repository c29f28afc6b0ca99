//! `stance classify`: every input streamed through the model into the chosen writer.

use super::*;

/// `stance classify`: the inputs one after another, each streamed (read,
/// classified and printed chunk by chunk, see `stance::classify_stream`); web pages
/// and Markdown are converted to their text first (`stance::resolve_inputs`).
pub(crate) fn classify_cmd(args: &ClassifyArgs) -> Result<()> {
    let input_format = match args.input_format {
        InputFormatArg::Auto => None,
        InputFormatArg::Text => Some(InputFormat::Text),
        InputFormatArg::Html => Some(InputFormat::Html),
        InputFormatArg::Markdown => Some(InputFormat::Markdown),
        InputFormatArg::Jsonl => return classify_records_cmd(args, RecordFormat::Jsonl),
        InputFormatArg::Csv => return classify_records_cmd(args, RecordFormat::Csv),
    };
    refuse_record_flags(&args.records)?;
    let model = load_model(args.model.as_deref())?;
    let inputs = resolve_inputs(&args.inputs)?;
    if matches!(args.input_format, InputFormatArg::Auto) {
        for input in &inputs {
            stance::cli_support::refuse_csv_input(&input.path())?;
        }
    }
    let out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let plain = match args.format.unwrap_or(ClassifyFormat::Table) {
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
            classify_inputs(
                &model,
                &inputs,
                input_format,
                args,
                Some(explain),
                &mut writer,
            )?;
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
    classify_inputs(
        &model,
        &inputs,
        input_format,
        args,
        args.explain,
        &mut writer,
    )?;
    writer.finish()?;
    Ok(())
}

/// Stream every input through the model into `writer`.
fn classify_inputs(
    model: &Classifier,
    inputs: &[stance::Input],
    input_format: Option<InputFormat>,
    args: &ClassifyArgs,
    explain: Option<usize>,
    writer: &mut dyn ArticleOutput,
) -> Result<()> {
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

/// Records-mode options given without a records input format.
fn refuse_record_flags(r: &RecordArgs) -> Result<()> {
    let given = [
        ("--text-field", r.text_field.is_some()),
        ("--html-field", r.html_field.is_some()),
        ("--keep", r.keep.is_some()),
        ("--per", r.per.is_some()),
        ("--skip-bad", r.skip_bad),
    ];
    match given.iter().find(|(_, on)| *on) {
        Some((flag, _)) => Err(stance::Error::from(RecordOptionsError::RecordsOnly(flag)).into()),
        None => Ok(()),
    }
}

/// `stance classify --input-format jsonl|csv`: every input's records
/// through one [`RecordClassifier`] to standard output; skipped records
/// are listed on stderr as they come, then counted.
fn classify_records_cmd(args: &ClassifyArgs, input: RecordFormat) -> Result<()> {
    let r = &args.records;
    let output = match args.format.unwrap_or(ClassifyFormat::Jsonl) {
        ClassifyFormat::Jsonl => RecordFormat::Jsonl,
        ClassifyFormat::Csv => RecordFormat::Csv,
        ClassifyFormat::Table => {
            return Err(stance::Error::from(RecordOptionsError::Format("table")).into())
        }
        ClassifyFormat::Json => {
            return Err(stance::Error::from(RecordOptionsError::Format("json")).into())
        }
        ClassifyFormat::Html => {
            return Err(stance::Error::from(RecordOptionsError::Format("html")).into())
        }
    };
    let field = match (&r.html_field, &r.text_field) {
        (Some(html), _) => TextField::Html(html.clone()),
        (None, text) => TextField::Text(text.clone().unwrap_or_else(|| "text".into())),
    };
    let options = RecordOptions {
        input,
        field,
        keep: r.keep.clone(),
        per: match r.per {
            Some(PerArg::Sentence) => RecordsPer::Sentence,
            Some(PerArg::Article) | None => RecordsPer::Article,
        },
        output,
        skip_bad: r.skip_bad,
        min_confidence: args.min_confidence,
        explain: args.explain,
    };
    let model = load_model(args.model.as_deref())?;
    let out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let mut run = RecordClassifier::new(&model, options, out)?;
    let extensions = match input {
        RecordFormat::Jsonl => JSONL_EXTENSIONS,
        RecordFormat::Csv => CSV_EXTENSIONS,
    };
    let inputs = resolve_inputs_with(&args.inputs, extensions)?;
    let mut on_skip = |e: &stance::Error| eprintln!("stance: skipped: {e}");
    for input in &inputs {
        let result = input
            .open()
            .and_then(|reader| run.classify_input(&input.path(), reader, &mut on_skip));
        if let Err(e) = result {
            // What was written before the error stays written.
            let _ = run.finish();
            return Err(e.into());
        }
    }
    let (_, stats) = run.finish()?;
    if r.skip_bad {
        eprintln!(
            "stance: skipped {} bad record{} of {}",
            stats.skipped,
            if stats.skipped == 1 { "" } else { "s" },
            stats.records
        );
    }
    Ok(())
}
