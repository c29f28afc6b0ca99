//! `stance train`: status lines flushed as they come, then the fit and its report.

use super::*;

/// `stance train`.
pub(crate) fn train_cmd(args: &TrainArgs) -> Result<()> {
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
            stance::cli_support::check_output_dir(out)?;
            out.clone()
        }
        None => default_model_path(&args.data),
    };
    // What can be refused at once is, before any status line.
    stance::cli_support::encode_labels(&data)?;

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
