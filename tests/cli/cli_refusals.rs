//! Runs whose result would mean nothing are refused with one line and exit
//! code 2: gold labels the model does not know, a CSV given to `classify`,
//! an output path in a directory that does not exist.

use std::path::Path;

use crate::common::*;

/// A labelled CSV in another label set than the stance model's.
fn write_sentiment_csv(dir: &Path) -> std::path::PathBuf {
    write_csv(dir, "sentiment.csv", &["positive", "negative"], 10)
}

#[test]
fn evaluate_refuses_gold_labels_the_model_does_not_know() {
    let dir = tempfile::tempdir().unwrap();
    let sentiment = write_sentiment_csv(dir.path());
    let want = format!(
        "{}:2: gold labels the model does not know: negative, positive (the model's labels: neutral, pro-closed, pro-open)",
        sentiment.display()
    );
    // The default model, then the same model named as a file.
    for model in [None, Some("models/stance.json")] {
        let mut cmd = stance();
        cmd.args(["evaluate", "--data", &arg(&sentiment)]);
        if let Some(m) = model {
            cmd.args(["--model", m]);
        }
        let o = cmd.output().unwrap();
        let msg = assert_input_error(&o, &want);
        assert!(o.stdout.is_empty(), "{model:?}: {}", stdout(&o));
        assert_eq!(msg, format!("stance: error: {want}\n"));
    }

    // Trained in memory: the training file's labels are the model's.
    let stance_rows = write_csv(dir.path(), "stance.csv", STANCE_LABELS, 10);
    let o = stance()
        .args([
            "evaluate",
            "--train",
            &arg(&stance_rows),
            "--data",
            &arg(&sentiment),
        ])
        .args(FAST)
        .output()
        .unwrap();
    assert_input_error(&o, &want);
}

#[test]
fn one_unknown_label_among_known_ones_is_named_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = rows(STANCE_LABELS, 5);
    rows.insert(
        3,
        ("A sentence about the weather.".into(), "Neutral".into()),
    );
    let data = dir.path().join("typo.csv");
    std::fs::write(&data, csv_text("text", "label", &rows)).unwrap();
    let o = stance()
        .args(["evaluate", "--data", &arg(&data)])
        .output()
        .unwrap();
    let msg = assert_input_error(&o, &format!("{}:5: ", data.display()));
    assert!(
        msg.contains("gold label the model does not know: Neutral (the model's labels: neutral, pro-closed, pro-open)"),
        "{msg}"
    );
}

#[test]
fn a_subset_of_the_model_labels_is_fine() {
    let dir = tempfile::tempdir().unwrap();
    let data = write_csv(dir.path(), "two.csv", &["pro-open", "neutral"], 5);
    let o = stance()
        .args(["evaluate", "--data", &arg(&data)])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
}

/// In `cv` the models learn from the file they are scored on; a label too
/// rare to be in every fold's training part is scored (as wrong), not refused.
#[test]
fn cv_scores_a_label_missing_from_a_folds_training_part() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = rows(STANCE_LABELS, 10);
    rows.push((
        "Nobody knows what the committee will decide.".into(),
        "rare".into(),
    ));
    let data = dir.path().join("rare.csv");
    std::fs::write(&data, csv_text("text", "label", &rows)).unwrap();
    let o = stance()
        .args([
            "cv",
            "--data",
            &arg(&data),
            "--folds",
            "3",
            "--format",
            "json",
        ])
        .args(FAST)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let report = json(&o);
    assert_eq!(report["n"], 31, "{report}");
    assert!(report.to_string().contains("\"rare\""), "{report}");
}

#[test]
fn classify_refuses_a_csv_and_points_to_evaluate() {
    let dir = tempfile::tempdir().unwrap();
    let data = write_csv(dir.path(), "rows.CSV", STANCE_LABELS, 3);
    let o = stance()
        .args(["classify", "data/articles/oped_open.txt", &arg(&data)])
        .output()
        .unwrap();
    let msg = assert_input_error(&o, &format!("{}: ", data.display()));
    assert!(msg.contains("add --input-format csv"), "{msg}");
    assert!(
        msg.contains(&format!("stance evaluate --data {}", data.display())),
        "{msg}"
    );
    // Checked before anything is classified: no partial output.
    assert!(o.stdout.is_empty(), "{}", stdout(&o));

    // Naming the format says the user knows what the file holds.
    let o = stance()
        .args(["classify", "--input-format", "text", &arg(&data)])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn outputs_in_a_missing_directory_are_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let data = write_csv(dir.path(), "three.csv", STANCE_LABELS, 10);
    let missing = dir.path().join("no/such");
    let model = missing.join("m.json");
    let o = train_fast(&data, &model, &[]);
    let msg = assert_input_error(
        &o,
        &format!(
            "{}: the directory {} does not exist",
            model.display(),
            missing.display()
        ),
    );
    assert!(msg.contains("stance does not create directories"), "{msg}");
    assert!(o.stdout.is_empty(), "{}", stdout(&o));

    let suggestions = missing.join("next.csv");
    let o = stance()
        .args([
            "suggest",
            "data/articles/forum_thread.txt",
            "--out",
            &arg(&suggestions),
        ])
        .output()
        .unwrap();
    assert_input_error(&o, &format!("{}: the directory", suggestions.display()));
    assert!(o.stdout.is_empty(), "{}", stdout(&o));

    assert_eq!(dir_entries(dir.path()), ["three.csv"]);
}
