//! `stance train` through the real binary: what it prints, what it writes,
//! determinism, column names and label sets.

use std::path::Path;

use crate::common::*;
use serde_json::Value;

/// The value after a `key` at the start of a line of train's report.
fn field<'a>(out: &'a str, key: &str) -> &'a str {
    out.lines()
        .find_map(|l| {
            l.strip_prefix(key)
                .filter(|rest| rest.starts_with(' '))
                .map(str::trim)
        })
        .unwrap_or_else(|| panic!("no '{key}' line in:\n{out}"))
}

fn load_model(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap();
    serde_json::from_slice(&bytes).expect("the model file is JSON")
}

#[test]
fn writes_a_model_and_reports_rows_features_and_time() {
    let dir = tempfile::tempdir().unwrap();
    let data = write_csv(dir.path(), "three.csv", STANCE_LABELS, 30);
    let out = dir.path().join("m.json");
    let before = Snapshot::take(&[&data]);
    let o = train_fast(&data, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);

    assert_eq!(
        field(&text, "data"),
        format!("{} (90 rows)", data.display())
    );
    assert_eq!(
        field(&text, "labels"),
        "neutral 30, pro-closed 30, pro-open 30"
    );
    let features = field(&text, "features");
    let kept: usize = features
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .expect("a feature count");
    assert!(kept > 0 && kept <= 300, "{features}");
    assert!(
        features.contains("kept") && features.contains("cap 300"),
        "{features}"
    );
    assert_eq!(field(&text, "alpha"), "1");
    let time = field(&text, "time");
    let secs: f64 = time.strip_suffix(" s").unwrap().parse().unwrap();
    assert!(secs >= 0.0, "{time}");
    assert_eq!(field(&text, "model"), out.display().to_string());
    assert!(field(&text, "fit").starts_with("converged"), "{text}");

    let model = load_model(&out);
    assert_eq!(model["format"], "stance-model");
    assert_eq!(model["version"], 1);
    assert_eq!(
        model["labels"],
        serde_json::json!(["neutral", "pro-closed", "pro-open"])
    );
    assert_eq!(model["vocabulary"].as_array().unwrap().len(), kept);
    assert_eq!(model["training"]["rows"], 90);
    assert_eq!(model["training"]["data_file"], "three.csv");
    assert_eq!(model["training"]["rows_per_label"]["pro-open"], 30);

    // Only the model was added: no temporary files, the data untouched.
    assert_eq!(dir_entries(dir.path()), vec!["m.json", "three.csv"]);
    before.assert_unchanged();
}

#[test]
fn tune_reports_the_chosen_alpha_and_its_cv_score() {
    let dir = tempfile::tempdir().unwrap();
    let data = write_csv(dir.path(), "three.csv", STANCE_LABELS, 30);
    let out = dir.path().join("tuned.json");
    let o = stance()
        .args(["train", "--data", &arg(&data), "--out", &arg(&out)])
        .args(FAST)
        .args(["--tune", "--tune-folds", "3", "--alphas", "0.3,1"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);

    let tuning = field(&text, "tuning");
    assert!(
        tuning.starts_with("3-fold CV macro-F1 by alpha: 0.3: ") && tuning.contains(", 1: "),
        "{tuning}"
    );
    let alpha_line = field(&text, "alpha");
    let (alpha, rest) = alpha_line.split_once(' ').unwrap();
    assert!(alpha == "0.3" || alpha == "1", "{alpha_line}");
    let score: f64 = rest
        .strip_prefix("(CV macro-F1 ")
        .and_then(|s| s.strip_suffix(')'))
        .unwrap_or_else(|| panic!("{alpha_line}"))
        .parse()
        .unwrap();
    assert!((0.0..=1.0).contains(&score), "{alpha_line}");
    // The chosen alpha has the best score of the grid it printed.
    let grid: Vec<(String, f64)> = tuning
        .split_once(": ")
        .unwrap()
        .1
        .split(", ")
        .map(|p| {
            let (a, s) = p.split_once(": ").unwrap();
            (a.to_string(), s.parse().unwrap())
        })
        .collect();
    let best = grid.iter().map(|(_, s)| *s).fold(f64::MIN, f64::max);
    let chosen = grid.iter().find(|(a, _)| a == alpha).unwrap().1;
    assert_eq!(chosen, best, "{tuning}");
    assert!((chosen - score).abs() < 1e-4);

    let model = load_model(&out);
    let t = &model["training"]["tuning"];
    assert_eq!(t["folds"], 3);
    assert_eq!(
        t["best_alpha"].as_f64().unwrap(),
        alpha.parse::<f64>().unwrap()
    );
    assert_eq!(model["training"]["alpha"], t["best_alpha"]);
}

#[test]
fn same_data_and_settings_give_byte_identical_models() {
    let dir = tempfile::tempdir().unwrap();
    let data = write_csv(dir.path(), "three.csv", STANCE_LABELS, 30);
    let run = |name: &str, extra: &[&str]| {
        let out = dir.path().join(name);
        let o = train_fast(&data, &out, extra);
        assert!(o.status.success(), "{}", stderr(&o));
        std::fs::read(out).unwrap()
    };
    let a = run("a.json", &[]);
    let b = run("b.json", &[]);
    assert!(a == b, "two fits of the same data differ");
    let tune = ["--tune", "--tune-folds", "3", "--alphas", "0.3,1"];
    let c = run("c.json", &tune);
    let d = run("d.json", &tune);
    assert!(c == d, "two tuned fits of the same data differ");
    // Overwriting a model with the same fit gives the same bytes again.
    let e = run("a.json", &[]);
    assert!(a == e);
    // A different setting gives a different model.
    let f = run("f.json", &["--alpha", "0.1"]);
    assert!(a != f);
    assert!(a.ends_with(b"\n"));
}

#[test]
fn wide_data_fitted_in_the_rows_span_gives_byte_identical_models_too() {
    // 90 rows and every character n-gram kept: thousands of features, so
    // the fits run in the rows' span (balanced, tuned: the tweets preset).
    let dir = tempfile::tempdir().unwrap();
    let data = write_csv(dir.path(), "three.csv", STANCE_LABELS, 30);
    let run = |name: &str| {
        let out = dir.path().join(name);
        let o = stance()
            .args(["train", "--data", &arg(&data), "--out", &arg(&out)])
            .args(["--preset", "tweets", "--tune-folds", "3"])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        let text = stdout(&o);
        let kept: usize = field(&text, "features")
            .split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no feature count in {text}"));
        assert!(kept >= 4 * 90, "only {kept} features: not wide");
        assert!(field(&text, "fit").starts_with("converged"), "{text}");
        std::fs::read(out).unwrap()
    };
    let a = run("a.json");
    let b = run("b.json");
    assert!(a == b, "two fits of the same wide data differ");
}

#[test]
fn custom_columns_and_a_favor_against_none_label_set() {
    let dir = tempfile::tempdir().unwrap();
    let labels = ["FAVOR", "AGAINST", "NONE"];
    let mut csv = String::from("id,tweet,stance,target\n");
    for (n, (t, l)) in rows(&labels, 25).iter().enumerate() {
        csv.push_str(&format!("{n},{},{l},Atheism\n", csv_field(t)));
    }
    let data = dir.path().join("semeval.csv");
    std::fs::write(&data, &csv).unwrap();
    let out = dir.path().join("semeval.json");
    let o = train_fast(
        &data,
        &out,
        &["--text-col", "tweet", "--label-col", "stance"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        field(&stdout(&o), "labels"),
        "AGAINST 25, FAVOR 25, NONE 25"
    );
    let model = load_model(&out);
    assert_eq!(
        model["labels"],
        serde_json::json!(["AGAINST", "FAVOR", "NONE"])
    );
    assert_eq!(model["training"]["text_column"], "tweet");
    assert_eq!(model["training"]["label_column"], "stance");

    // The default column names are not in this file.
    let o = train_fast(&data, &out, &[]);
    assert_input_error(&o, &format!("{}:1:", data.display()));

    // The model labels new text with its own labels.
    let article = dir.path().join("a.txt");
    std::fs::write(
        &article,
        format!("{}\n\n{}\n", sentence(0, 3), sentence(1, 5)),
    )
    .unwrap();
    let o = stance()
        .args([
            "classify",
            "--format",
            "json",
            "--model",
            &arg(&out),
            &arg(&article),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = json(&o);
    let sentences = doc["articles"][0]["sentences"].as_array().unwrap();
    assert_eq!(sentences.len(), 2);
    for s in sentences {
        assert!(labels.contains(&s["label"].as_str().unwrap()), "{s}");
    }
    assert_eq!(sentences[0]["label"], "FAVOR");
    assert_eq!(sentences[1]["label"], "AGAINST");
}

#[test]
fn two_labels_positive_negative() {
    let dir = tempfile::tempdir().unwrap();
    let data = write_csv(dir.path(), "sentiment.csv", &["positive", "negative"], 40);
    let out = dir.path().join("sentiment.json");
    let o = train_fast(&data, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(field(&stdout(&o), "labels"), "negative 40, positive 40");
    let model = load_model(&out);
    assert_eq!(model["labels"], serde_json::json!(["negative", "positive"]));
    // One coefficient per label for every feature.
    for row in model["coefficients"].as_array().unwrap() {
        assert_eq!(row.as_array().unwrap().len(), 2);
    }
    assert_eq!(model["intercepts"].as_array().unwrap().len(), 2);
}

#[test]
fn four_labels_with_crlf_line_ends_and_a_bom() {
    let dir = tempfile::tempdir().unwrap();
    let labels = ["a", "b", "c", "d"];
    let csv = format!(
        "\u{feff}{}",
        csv_text("text", "label", &rows(&labels, 20)).replace('\n', "\r\n")
    );
    let data = dir.path().join("four.csv");
    std::fs::write(&data, csv).unwrap();
    let out = dir.path().join("four.json");
    let o = train_fast(&data, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(field(&stdout(&o), "labels"), "a 20, b 20, c 20, d 20");
}

#[test]
fn default_out_is_models_slash_data_stem_in_the_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    write_csv(&dir.path().join("in"), "mine.csv", STANCE_LABELS, 20);
    let o = stance()
        .current_dir(dir.path())
        .args(["train", "--data", "in/mine.csv"])
        .args(FAST)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(field(&stdout(&o), "model"), "models/mine.json");
    assert_eq!(dir_entries(&dir.path().join("models")), vec!["mine.json"]);
    assert_eq!(
        load_model(&dir.path().join("models/mine.json"))["version"],
        1
    );
}

#[test]
fn replaces_an_existing_model_in_a_directory_that_exists() {
    let dir = tempfile::tempdir().unwrap();
    let data = write_csv(dir.path(), "three.csv", STANCE_LABELS, 20);
    // A missing directory is refused (tests/cli/cli_refusals.rs), so make it.
    std::fs::create_dir_all(dir.path().join("deep/er")).unwrap();
    let out = dir.path().join("deep/er/model.json");
    train_model(&data, &out);
    let first = std::fs::read(&out).unwrap();

    std::fs::write(&out, b"old contents").unwrap();
    train_model(&data, &out);
    assert_eq!(std::fs::read(&out).unwrap(), first);
    assert_eq!(dir_entries(&dir.path().join("deep/er")), vec!["model.json"]);
}

#[test]
fn feature_settings_show_in_the_report_and_the_model() {
    let dir = tempfile::tempdir().unwrap();
    let data = write_csv(dir.path(), "three.csv", STANCE_LABELS, 20);
    let out = dir.path().join("m.json");
    let o = stance()
        .args(["train", "--data", &arg(&data), "--out", &arg(&out)])
        .args([
            "--max-features",
            "25",
            "--ngrams",
            "1..3",
            "--char-ngrams",
            "2..4",
        ])
        .args(["--min-df", "1", "--no-stem", "--no-negation"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let features = field(&stdout(&o), "features").to_string();
    // Naive-Bayes scores are on by default (over their own 1..3-grams).
    assert_eq!(
        features,
        "25 kept (word 1..3-grams + char 2..4-grams, min_df 1, cap 25) \
         + 3 Naive-Bayes scores over 773 word n-grams"
    );
    let model = load_model(&out);
    assert_eq!(model["vocabulary"].as_array().unwrap().len(), 25);
    assert_eq!(model["features"]["word_ngrams"], serde_json::json!([1, 3]));
    assert_eq!(model["features"]["char_ngrams"], serde_json::json!([2, 4]));
    assert_eq!(model["features"]["negation"], false);
    assert_eq!(model["features"]["stemmer"], "none");
}

#[test]
fn a_trained_model_scores_its_own_training_data_well() {
    let dir = tempfile::tempdir().unwrap();
    let data = write_csv(dir.path(), "three.csv", STANCE_LABELS, 30);
    let out = dir.path().join("m.json");
    train_model(&data, &out);
    let o = stance()
        .args(["evaluate", "--model", &arg(&out), "--data", &arg(&data)])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let report = json(&o);
    assert_eq!(report["n"], 90);
    assert!(report["accuracy"].as_f64().unwrap() > 0.9, "{report}");
}

#[test]
fn a_preset_prints_its_resolved_settings_and_explicit_flags_win() {
    let dir = tempfile::tempdir().unwrap();
    let data = write_csv(dir.path(), "three.csv", STANCE_LABELS, 20);
    let out = dir.path().join("m.json");
    let o = stance()
        .args(["train", "--data", &arg(&data), "--out", &arg(&out)])
        .args([
            "--preset",
            "tweets",
            "--max-features",
            "40",
            "--min-df",
            "2",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert_eq!(
        field(&text, "preset"),
        "tweets -> --tune --alphas 0.03,0.1,0.3,1 --tune-folds 5 --seed 42 --ngrams 1..2 \
         --char-ngrams 2..5 --max-features 40 --min-df 2 --nb-scale --nb-score 0 --balance \
         --max-iter 1000 --tol 0.0001"
    );
    assert!(field(&text, "tuning").starts_with("5-fold CV"), "{text}");
    let model = load_model(&out);
    assert_eq!(model["features"]["max_features"], 40);
    assert_eq!(model["features"]["min_df"], 2);
    assert_eq!(model["features"]["char_ngrams"], serde_json::json!([2, 5]));
    assert_eq!(model["features"]["nb_scale"], true);
    assert_eq!(model["training"]["balanced"], true);
    assert_eq!(
        model["training"]["tuning"]["alphas"],
        serde_json::json!([0.03, 0.1, 0.3, 1.0])
    );

    // An explicit alpha turns the preset's tuning off; `none` its char n-grams.
    let o = stance()
        .args(["train", "--data", &arg(&data), "--out", &arg(&out)])
        .args([
            "--preset",
            "tweets",
            "--alpha",
            "0.5",
            "--char-ngrams",
            "none",
        ])
        .args(FAST)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let line = field(&stdout(&o), "preset").to_string();
    assert!(
        line.starts_with("tweets -> --alpha 0.5 --ngrams 1..2 --char-ngrams none")
            && line.contains("--max-features 300"),
        "{line}"
    );
    let model = load_model(&out);
    assert_eq!(model["training"]["alpha"], 0.5);
    assert_eq!(model["training"]["tuning"], Value::Null);
    assert_eq!(model["features"]["char_ngrams"], Value::Null);
    assert_eq!(model["features"]["min_df"], 1, "not given: the preset's");
}

#[test]
fn the_default_preset_gives_the_same_model_as_no_preset_and_prints_nothing_without_one() {
    let dir = tempfile::tempdir().unwrap();
    let data = write_csv(dir.path(), "three.csv", STANCE_LABELS, 20);
    let plain = dir.path().join("plain.json");
    let preset = dir.path().join("preset.json");
    let o = train_fast(&data, &plain, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stdout(&o).contains("preset"), "{}", stdout(&o));
    let o = train_fast(&data, &preset, &["--preset", "default"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(&plain).unwrap(),
        std::fs::read(&preset).unwrap()
    );
}

#[test]
fn an_unknown_preset_is_a_usage_error_listing_the_known_ones() {
    let dir = tempfile::tempdir().unwrap();
    let data = write_csv(dir.path(), "three.csv", STANCE_LABELS, 5);
    let o = stance()
        .args(["train", "--data", &arg(&data), "--preset", "tweet"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("default, tweets, snippets"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn balance_is_recorded_and_weights_smaller_labels_in_the_fit_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = crate::common::rows(STANCE_LABELS, 20);
    // Keep 5 rows of the last label: 20, 20, 5.
    let last = STANCE_LABELS[STANCE_LABELS.len() - 1];
    let mut kept = 0;
    rows.retain(|(_, l)| {
        l != last || {
            kept += 1;
            kept <= 5
        }
    });
    let data = dir.path().join("skewed.csv");
    std::fs::write(&data, csv_text("text", "label", &rows)).unwrap();
    let out = dir.path().join("m.json");
    let o = train_fast(&data, &out, &["--balance"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        field(&stdout(&o), "labels")
            .ends_with("(balanced: each label weighs as much as the heaviest)"),
        "{}",
        stdout(&o)
    );
    let model = load_model(&out);
    assert_eq!(model["training"]["balanced"], true);
    assert_eq!(
        model["training"]["rows"], 45,
        "the real rows, not the copies"
    );
    let card = stance()
        .args(["inspect", "--model", &arg(&out)])
        .output()
        .unwrap();
    assert!(card.status.success(), "{}", stderr(&card));
    assert!(
        field(&stdout(&card), "trained on")
            .ends_with("labels balanced in the fit (smaller labels' rows weighted up)"),
        "{}",
        stdout(&card)
    );

    let o = train_fast(&data, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let model = load_model(&out);
    assert!(
        model["training"].get("balanced").is_none(),
        "absent when off"
    );
}

/// FAVOR / AGAINST / NONE rows where every fifth stance row is relabelled
/// NONE, so the out-of-fold scores leave the boundary something to move.
fn write_noisy_stance_csv(dir: &Path) -> std::path::PathBuf {
    let labels = ["FAVOR", "AGAINST", "NONE"];
    let mut rows = rows(&labels, 25);
    for (n, row) in rows.iter_mut().enumerate() {
        if n % 5 == 0 {
            row.1 = "NONE".into();
        }
    }
    let path = dir.join("stance.csv");
    std::fs::write(&path, csv_text("text", "label", &rows)).unwrap();
    path
}

#[test]
fn the_card_prints_the_flags_that_retrain_the_same_model() {
    let dir = tempfile::tempdir().unwrap();
    let data = write_noisy_stance_csv(dir.path());
    let first = dir.path().join("first.json");
    let o = train_fast(
        &data,
        &first,
        &["--preset", "snippets", "--tune-folds", "2", "--no-stem"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let card = stance()
        .args(["inspect", "--model", &arg(&first)])
        .output()
        .unwrap();
    assert!(card.status.success(), "{}", stderr(&card));
    let flags = field(&stdout(&card), "settings").to_string();
    assert!(
        flags.starts_with("--tune --alphas 0.3,1,3 --tune-folds 2 --seed 42 --ngrams 1..2")
            && flags.contains("--no-stem")
            && flags.contains("--max-features 300"),
        "{flags}"
    );
    // Those flags alone, without the preset, give the same model file.
    let again = dir.path().join("again.json");
    let o = stance()
        .args(["train", "--data", &arg(&data), "--out", &arg(&again)])
        .args(flags.split_whitespace())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&again).unwrap()
    );
}

#[test]
fn removed_flags_are_usage_errors_and_models_that_used_them_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = write_csv(dir.path(), "three.csv", STANCE_LABELS, 20);
    let out = dir.path().join("m.json");
    for flag in [
        &["--tf", "binary"][..],
        &["--no-idf"],
        &["--block-norm"],
        &["--char-whole"],
        &["--tune", "--tune-bias"],
        &["--tune", "--tune-metric", "accuracy"],
    ] {
        let o = train_fast(&data, &out, flag);
        assert_eq!(o.status.code(), Some(2), "{flag:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(flag[flag.len() - 1]) || stderr(&o).contains(flag[0]));
        assert!(!out.exists());
    }
    // A model file written with one of them is refused, not served otherwise.
    train_model(&data, &out);
    let text = std::fs::read_to_string(&out).unwrap();
    let old = text.replacen("\"min_df\"", "\"binary_tf\": true,\n    \"min_df\"", 1);
    assert_ne!(old, text);
    std::fs::write(&out, old).unwrap();
    let o = stance()
        .args(["classify", "--model", &arg(&out), "-"])
        .write_stdin("Open weights help.")
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("trained with --tf binary") && err.contains("retrain"),
        "{err}"
    );
}
