//! `stance suggest`: the sentences most worth labelling next.

use super::*;

/// `stance suggest`: the CSV of sentences to label next, to stdout or
/// written atomically to `--out`. Once it is written, stderr says what the
/// suggestions were checked against and what was skipped (so a failed run
/// prints its one-line error and nothing else).
pub(crate) fn suggest_cmd(args: &SuggestArgs) -> Result<()> {
    if let Some(out) = &args.out {
        stance::cli_support::check_output_dir(out)?;
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
            stance::cli_support::write_atomically(path, &bytes)?;
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
