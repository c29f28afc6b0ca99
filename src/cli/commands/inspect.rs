//! `stance explain` and `stance inspect`: why sentences get their labels, and the model card.

use super::*;

/// `stance explain`: sentences from the command line or a CSV.
pub(crate) fn explain_cmd(args: &ExplainArgs) -> Result<()> {
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
pub(crate) fn inspect_cmd(args: &InspectArgs) -> Result<()> {
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
