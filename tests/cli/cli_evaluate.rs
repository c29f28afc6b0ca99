//! `stance evaluate` and `stance cv` through the real binary, on small
//! generated files.

use std::path::{Path, PathBuf};

use crate::common::*;
use serde_json::Value;

/// A `text,label,kind,fold,topic` CSV where every fourth row carries the
/// wrong gold label, so a good model makes mistakes on exactly those rows.
fn write_noisy_csv(dir: &Path, name: &str, per_label: usize) -> PathBuf {
    let clean = write_rich_csv(dir, name, per_label);
    let text = std::fs::read_to_string(&clean).unwrap();
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        if i > 0 && i % 4 == 0 {
            let swapped = if line.contains(",pro-open,") {
                line.replace(",pro-open,", ",neutral,")
            } else if line.contains(",pro-closed,") {
                line.replace(",pro-closed,", ",pro-open,")
            } else {
                line.replace(",neutral,", ",pro-closed,")
            };
            out.push_str(&swapped);
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    std::fs::write(&clean, out).unwrap();
    clean
}

struct Setup {
    dir: tempfile::TempDir,
    model: PathBuf,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let train = write_rich_csv(dir.path(), "train.csv", 30);
    let model = dir.path().join("model.json");
    train_model(&train, &model);
    Setup { dir, model }
}

fn run(args: &[&str]) -> std::process::Output {
    let o = stance().args(args).output().unwrap();
    assert!(o.status.success(), "{args:?} failed: {}", stderr(&o));
    o
}

/// The keys every metrics report has, and their consistency.
fn check_metrics(r: &Value, n: usize) {
    assert_eq!(r["n"].as_u64().unwrap() as usize, n);
    let accuracy = r["accuracy"].as_f64().unwrap();
    let macro_f1 = r["macro_f1"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&accuracy) && (0.0..=1.0).contains(&macro_f1));
    let labels: Vec<&str> = r["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert!(labels.windows(2).all(|w| w[0] < w[1]), "labels are sorted");
    let per_label = r["per_label"].as_object().unwrap();
    assert_eq!(per_label.len(), labels.len());
    let mut support = 0;
    let mut f1_sum = 0.0;
    for l in &labels {
        let s = &per_label[*l];
        for key in ["precision", "recall", "f1", "support"] {
            assert!(s.get(key).is_some(), "per_label.{l} has no {key}: {s}");
        }
        support += s["support"].as_u64().unwrap() as usize;
        f1_sum += s["f1"].as_f64().unwrap();
    }
    assert_eq!(support, n);
    assert!((macro_f1 - f1_sum / labels.len() as f64).abs() < 1e-9);
    let confusion = &r["confusion"];
    assert_eq!(confusion["labels"], r["labels"]);
    let matrix = confusion["matrix"].as_array().unwrap();
    assert_eq!(matrix.len(), labels.len());
    let mut total = 0;
    let mut diagonal = 0;
    for (i, row) in matrix.iter().enumerate() {
        let row = row.as_array().unwrap();
        assert_eq!(row.len(), labels.len());
        let row_sum: u64 = row.iter().map(|c| c.as_u64().unwrap()).sum();
        assert_eq!(row_sum, per_label[labels[i]]["support"].as_u64().unwrap());
        total += row_sum as usize;
        diagonal += row[i].as_u64().unwrap() as usize;
    }
    assert_eq!(total, n);
    assert!((accuracy - diagonal as f64 / n as f64).abs() < 1e-12);
}

#[test]
fn evaluate_a_model_prints_accuracy_macro_f1_and_confusion() {
    let s = setup();
    let test = write_noisy_csv(s.dir.path(), "test.csv", 20);
    let before = Snapshot::take(&[&test, &s.model]);
    let o = run(&["evaluate", "--model", &arg(&s.model), "--data", &arg(&test)]);
    let text = stdout(&o);
    assert!(text.starts_with("rows       60\n"), "{text}");
    let accuracy_line = text.lines().find(|l| l.starts_with("accuracy")).unwrap();
    let accuracy: f64 = accuracy_line
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    assert!(accuracy > 0.5 && accuracy < 1.0, "{text}");
    assert!(
        text.lines().any(|l| l.starts_with("macro-F1   0.")),
        "{text}"
    );
    assert!(text.contains("confusion (rows = gold, columns = predicted)"));
    let header: Vec<&str> = text
        .lines()
        .find(|l| l.starts_with("label "))
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(header, ["label", "precision", "recall", "F1", "support"]);
    for l in ["neutral", "pro-closed", "pro-open"] {
        assert!(text.lines().any(|line| line.starts_with(l)), "{l}: {text}");
    }
    before.assert_unchanged();
}

/// `stance evaluate --model MODEL --data DATA --format json EXTRA...`, parsed.
fn evaluate_json(
    model: &std::path::Path,
    data: &std::path::Path,
    extra: &[&str],
) -> serde_json::Value {
    let mut args = vec![
        "evaluate".to_string(),
        "--model".into(),
        arg(model),
        "--data".into(),
        arg(data),
        "--format".into(),
        "json".into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    json(&run(&args))
}

#[test]
fn evaluate_json_has_the_documented_keys() {
    let s = setup();
    let test = write_noisy_csv(s.dir.path(), "test.csv", 20);
    let r = evaluate_json(&s.model, &test, &[]);
    let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
    for key in [
        "n",
        "accuracy",
        "macro_f1",
        "labels",
        "per_label",
        "confusion",
    ] {
        assert!(keys.contains(&key), "no '{key}' in {keys:?}");
    }
    for absent in ["favg", "fold_accuracy_mean", "by", "errors"] {
        assert!(!keys.contains(&absent), "unexpected '{absent}'");
    }
    assert_eq!(
        r["labels"],
        serde_json::json!(["neutral", "pro-closed", "pro-open"])
    );
    check_metrics(&r, 60);
    // Every fourth row was relabelled: 15 of 60 are wrong at best.
    assert!(r["accuracy"].as_f64().unwrap() <= 0.75 + 1e-9);
}

#[test]
fn the_embedded_model_is_the_default() {
    let dir = tempfile::tempdir().unwrap();
    // The first 90 rows of the bundled test set (read-only), copied.
    let all = std::fs::read_to_string(repo_file("data/test.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(all.as_bytes());
    let mut writer = csv::Writer::from_path(dir.path().join("slice.csv")).unwrap();
    writer.write_record(reader.headers().unwrap()).unwrap();
    let mut n = 0;
    for r in reader.records().take(90) {
        writer.write_record(&r.unwrap()).unwrap();
        n += 1;
    }
    writer.flush().unwrap();
    let slice = dir.path().join("slice.csv");
    let o = run(&["evaluate", "--data", &arg(&slice), "--format", "json"]);
    let r = json(&o);
    check_metrics(&r, n);
    assert!(r["accuracy"].as_f64().unwrap() > 0.5, "{r}");
}

#[test]
fn favg_labels_adds_the_mean_f1_of_those_labels() {
    let s = setup();
    let test = write_noisy_csv(s.dir.path(), "test.csv", 20);
    let r = evaluate_json(&s.model, &test, &["--favg-labels", "pro-open,pro-closed"]);
    let want = (r["per_label"]["pro-open"]["f1"].as_f64().unwrap()
        + r["per_label"]["pro-closed"]["f1"].as_f64().unwrap())
        / 2.0;
    assert!((r["favg"].as_f64().unwrap() - want).abs() < 1e-12, "{r}");
    assert_eq!(
        r["favg_labels"],
        serde_json::json!(["pro-open", "pro-closed"])
    );

    let text = stdout(&run(&[
        "evaluate",
        "--model",
        &arg(&s.model),
        "--data",
        &arg(&test),
        "--favg-labels",
        "pro-open,pro-closed",
    ]));
    let line = text.lines().find(|l| l.starts_with("F_avg")).unwrap();
    assert!(
        line.ends_with("(mean F1 of pro-open, pro-closed)"),
        "{line}"
    );
}

#[test]
fn errors_lists_at_most_n_most_confident_mistakes() {
    let s = setup();
    let test = write_noisy_csv(s.dir.path(), "test.csv", 20);
    let base = ["evaluate", "--model", &arg(&s.model), "--data", &arg(&test)];
    let r = json(&run(
        &[&base[..], &["--format", "json", "--errors", "3"]].concat()
    ));
    let errors = r["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 3);
    let mut previous = f64::MAX;
    for e in errors {
        for key in ["line", "text", "gold", "predicted", "confidence"] {
            assert!(e.get(key).is_some(), "error row without {key}: {e}");
        }
        assert_ne!(e["gold"], e["predicted"]);
        let c = e["confidence"].as_f64().unwrap();
        assert!(c <= previous, "not sorted by confidence");
        previous = c;
        // The line points at that row of the file (header is line 1).
        let line = e["line"].as_u64().unwrap() as usize;
        let file = std::fs::read_to_string(&test).unwrap();
        let row = file.lines().nth(line - 1).unwrap();
        assert!(
            row.contains(&format!(",{},", e["gold"].as_str().unwrap())),
            "{row}"
        );
    }

    // Asking for more than there are lists them all.
    let r = json(&run(&[
        &base[..],
        &["--format", "json", "--errors", "1000"],
    ]
    .concat()));
    let wrong = (r["n"].as_f64().unwrap() * (1.0 - r["accuracy"].as_f64().unwrap())).round();
    assert_eq!(r["errors"].as_array().unwrap().len() as f64, wrong);
    assert!(wrong >= 3.0);

    let text = stdout(&run(&[&base[..], &["--errors", "3"]].concat()));
    let listed: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("most confident mistakes"))
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(listed.len(), 3, "{text}");
    for l in listed {
        assert!(l.contains(" -> "), "{l}");
    }
}

#[test]
fn by_gives_a_breakdown_per_value() {
    let s = setup();
    let test = write_noisy_csv(s.dir.path(), "test.csv", 20);
    let r = json(&run(&[
        "evaluate",
        "--model",
        &arg(&s.model),
        "--data",
        &arg(&test),
        "--format",
        "json",
        "--by",
        "kind",
    ]));
    assert_eq!(r["by"]["column"], "kind");
    let groups = r["by"]["groups"].as_array().unwrap();
    let values: Vec<&str> = groups
        .iter()
        .map(|g| g["value"].as_str().unwrap())
        .collect();
    assert_eq!(values, ["news", "opinion"]);
    let n: u64 = groups.iter().map(|g| g["n"].as_u64().unwrap()).sum();
    assert_eq!(n, 60);
    for g in groups {
        assert!(g["accuracy"].is_f64() && g["macro_f1"].is_f64(), "{g}");
    }
    let text = stdout(&run(&[
        "evaluate",
        "--model",
        &arg(&s.model),
        "--data",
        &arg(&test),
        "--by",
        "kind",
    ]));
    let table: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("kind "))
        .collect();
    assert_eq!(
        table[0].split_whitespace().collect::<Vec<_>>(),
        ["kind", "n", "accuracy", "macro-F1"]
    );
    assert!(table[1].starts_with("news ") && table[2].starts_with("opinion "));
}

#[test]
fn train_and_data_trains_in_memory_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let train = write_rich_csv(dir.path(), "train.csv", 30);
    let test = write_noisy_csv(dir.path(), "test.csv", 20);
    let before = Snapshot::take(&[&train, &test]);
    let o = stance()
        .current_dir(dir.path())
        .args(["evaluate", "--train", "train.csv", "--data", "test.csv"])
        .args(FAST)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let r = json(&o);
    check_metrics(&r, 60);
    assert!(r["accuracy"].as_f64().unwrap() > 0.5);
    assert_eq!(dir_entries(dir.path()), ["test.csv", "train.csv"]);
    before.assert_unchanged();

    // The same as training a model file and evaluating it.
    let model = dir.path().join("m.json");
    train_model(&train, &model);
    let from_file = json(&run(&[
        "evaluate",
        "--model",
        &arg(&model),
        "--data",
        &arg(&test),
        "--format",
        "json",
    ]));
    assert_eq!(from_file, r);
}

/// Rows whose label depends on the group: in group x the "open" words mean
/// `yes` and the "closed" words mean `no`; in group y it is the other way.
fn write_grouped_csv(dir: &Path) -> PathBuf {
    let mut s = String::from("text,label,target\n");
    for j in 0..40 {
        for (group, flip) in [("x", false), ("y", true)] {
            for i in 0..2 {
                let label = if (i == 0) != flip { "yes" } else { "no" };
                s.push_str(&format!("{},{label},{group}\n", csv_field(&sentence(i, j))));
            }
        }
    }
    let path = dir.join("grouped.csv");
    std::fs::write(&path, s).unwrap();
    path
}

#[test]
fn group_col_trains_one_model_per_group() {
    let dir = tempfile::tempdir().unwrap();
    let data = write_grouped_csv(dir.path());
    let base = [
        "evaluate",
        "--train",
        &arg(&data),
        "--data",
        &arg(&data),
        "--format",
        "json",
        "--max-features",
        "300",
    ];
    let grouped = json(&run(&[&base[..], &["--group-col", "target"]].concat()));
    check_metrics(&grouped, 160);
    let pooled = json(&run(&base));
    check_metrics(&pooled, 160);
    let (g, p) = (
        grouped["accuracy"].as_f64().unwrap(),
        pooled["accuracy"].as_f64().unwrap(),
    );
    // One model per group learns both mappings; one model for all cannot.
    assert!(g > 0.95, "grouped accuracy {g}");
    assert!(p < 0.75, "pooled accuracy {p}");

    // --by on the group column shows both groups.
    let r = json(&run(&[
        &base[..],
        &["--group-col", "target", "--by", "target"],
    ]
    .concat()));
    let values: Vec<&str> = r["by"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["value"].as_str().unwrap())
        .collect();
    assert_eq!(values, ["x", "y"]);

    // --borrow: the groups give the same words opposite labels, so borrowing
    // the other group's rows is only safe if a group's own rows outweigh
    // them; a weight outside (0, 1] is refused.
    let grouped = [&base[..], &["--group-col", "target"]].concat();
    let r = json(&run(&[&grouped[..], &["--borrow", "0.1"]].concat()));
    check_metrics(&r, 160);
    let accuracy = r["accuracy"].as_f64().unwrap();
    assert!(accuracy > 0.95, "borrowing accuracy {accuracy}");
    let o = stance()
        .args(&grouped)
        .args(["--borrow", "1.5"])
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("--borrow must be a weight in (0, 1], got 1.5"),
        "{err}"
    );
    assert!(o.stdout.is_empty());
}

#[test]
fn a_test_group_without_training_rows_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let train = write_grouped_csv(dir.path());
    let test = dir.path().join("test.csv");
    std::fs::write(
        &test,
        format!(
            "text,label,target\n{},yes,x\n{},no,z\n",
            csv_field(&sentence(0, 1)),
            csv_field(&sentence(1, 1))
        ),
    )
    .unwrap();
    let o = stance()
        .args(["evaluate", "--train", &arg(&train), "--data", &arg(&test)])
        .args(["--group-col", "target"])
        .args(FAST)
        .output()
        .unwrap();
    let err = assert_input_error(&o, &format!("{}:3:", test.display()));
    assert!(err.contains("'z'"), "{err}");
}

#[test]
fn cv_json_reports_fold_accuracy_mean_and_std() {
    let dir = tempfile::tempdir().unwrap();
    let data = write_rich_csv(dir.path(), "data.csv", 30);
    let before = Snapshot::take(&[&data]);
    let args = [
        "cv",
        "--data",
        &arg(&data),
        "--folds",
        "3",
        "--format",
        "json",
        "--max-features",
        "300",
    ];
    let r = json(&run(&args));
    check_metrics(&r, 90);
    let mean = r["fold_accuracy_mean"].as_f64().unwrap();
    let std = r["fold_accuracy_std"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&mean) && std >= 0.0, "{r}");
    // Equal folds: the mean of the fold accuracies is the pooled accuracy.
    assert!((mean - r["accuracy"].as_f64().unwrap()).abs() < 1e-9);
    // Seeded folds: a second run gives the same report.
    assert_eq!(json(&run(&args)), r);
    before.assert_unchanged();

    let text = stdout(&run(&[
        "cv",
        "--data",
        &arg(&data),
        "--folds",
        "3",
        "--max-features",
        "300",
    ]));
    assert!(text.lines().any(|l| l.starts_with("fold acc.  ")), "{text}");
    assert!(text.starts_with("rows       90\n"));
}

#[test]
fn cv_fold_col_uses_the_fold_ids_of_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = write_rich_csv(dir.path(), "data.csv", 30);
    let r = json(&run(&[
        "cv",
        "--data",
        &arg(&data),
        "--fold-col",
        "fold",
        "--format",
        "json",
        "--max-features",
        "300",
        "--by",
        "fold",
    ]));
    check_metrics(&r, 90);
    assert!(r["fold_accuracy_mean"].is_f64() && r["fold_accuracy_std"].is_f64());
    let groups = r["by"]["groups"].as_array().unwrap();
    let values: Vec<&str> = groups
        .iter()
        .map(|g| g["value"].as_str().unwrap())
        .collect();
    assert_eq!(values, ["a", "b", "c"]);
    // The three folds of the file are the three folds of the run: their
    // accuracies average to fold_accuracy_mean.
    let mean: f64 = groups
        .iter()
        .map(|g| g["accuracy"].as_f64().unwrap())
        .sum::<f64>()
        / 3.0;
    assert!((mean - r["fold_accuracy_mean"].as_f64().unwrap()).abs() < 1e-9);

    // --folds and --fold-col do not go together.
    let o = stance()
        .args([
            "cv",
            "--data",
            &arg(&data),
            "--fold-col",
            "fold",
            "--folds",
            "3",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn cv_with_group_col_and_favg() {
    let dir = tempfile::tempdir().unwrap();
    let data = write_grouped_csv(dir.path());
    let r = json(&run(&[
        "cv",
        "--data",
        &arg(&data),
        "--folds",
        "4",
        "--group-col",
        "target",
        "--favg-labels",
        "yes,no",
        "--format",
        "json",
        "--max-features",
        "300",
    ]));
    check_metrics(&r, 160);
    assert!(r["accuracy"].as_f64().unwrap() > 0.9, "{r}");
    assert!(r["favg"].is_f64());
}

#[test]
fn errors_give_the_file_line_in_crlf_files_too() {
    let s = setup();
    let lf = write_noisy_csv(s.dir.path(), "lf.csv", 20);
    let crlf_path = s.dir.path().join("crlf.csv");
    let text = std::fs::read_to_string(&lf).unwrap();
    std::fs::write(&crlf_path, text.replace('\n', "\r\n")).unwrap();
    let lines = |data: &Path| -> Vec<u64> {
        let r = json(&run(&[
            "evaluate",
            "--model",
            &arg(&s.model),
            "--data",
            &arg(data),
            "--format",
            "json",
            "--errors",
            "5",
        ]));
        r["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["line"].as_u64().unwrap())
            .collect()
    };
    let want = lines(&lf);
    assert_eq!(want.len(), 5);
    assert_eq!(lines(&crlf_path), want);
}
