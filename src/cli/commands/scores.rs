//! `stance evaluate` and `stance cv`: scores against hand labels, and their reports.

use super::*;

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
    let header = stance::cli_support::csv_header(data)?;
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
pub(crate) fn evaluate_cmd(args: &EvaluateArgs) -> Result<()> {
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
            score_file(
                &model,
                &args.data,
                &columns(&args.columns, &[&args.report.by, &auto_by[0], &auto_by[1]]),
            )?
        }
    };
    progress.finish();
    let (scored, test) = scored_and_data;
    let report = MetricsReport::of_scored(
        &scored,
        &test,
        &ReportOptions {
            favg_labels: args.report.favg_labels.clone(),
            by: args.report.by.clone(),
            errors: errors_wanted(args.errors, args.report.format),
        },
    )?;
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
pub(crate) fn cv_cmd(args: &CvArgs) -> Result<()> {
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
            seed: args.settings.fold_seed(),
        },
    };
    let progress = Progress::on_stderr();
    let grouping = Grouping {
        column: group,
        borrow: args.borrow,
    };
    let result = cross_validate(&data, &params, &folds, grouping, &progress)?;
    progress.finish();
    let mut report = MetricsReport::of_scored(
        &result.scored,
        &data,
        &ReportOptions {
            favg_labels: args.report.favg_labels.clone(),
            by: args.report.by.clone(),
            errors: matches!(args.report.format, MetricsFormat::Html).then_some(20),
        },
    )?;
    let (mean, std) = mean_std(&result.fold_accuracy);
    report.fold_accuracy_mean = Some(mean);
    report.fold_accuracy_std = Some(std);
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
