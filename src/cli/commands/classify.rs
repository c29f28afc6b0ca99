//! `stance classify`: every input streamed through the model into the chosen writer.

use super::*;

/// `stance classify`: the inputs one after another, each streamed (read,
/// classified and printed chunk by chunk, see `stance::classify_stream`); web pages
/// and Markdown are converted to their text first (`stance::resolve_inputs`).
pub fn classify_cmd(args: &ClassifyArgs) -> Result<()> {
    let model = load_model(args.model.as_deref())?;
    let inputs = resolve_inputs(&args.inputs)?;
    if matches!(args.input_format, InputFormatArg::Auto) {
        for input in &inputs {
            stance::cli_support::refuse_csv_input(&input.path())?;
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
    inputs: &[stance::Input],
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
