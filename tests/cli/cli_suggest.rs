//! `stance suggest`: the real binary on articles and on CSV files of
//! sentences; the CSV it writes is checked against the library's own
//! definitions (uncertainty, near-duplicates).

use std::path::Path;

use crate::common::*;
use stance::default_model;
use stance::internals::{jaccard, NearDupIndex};
use stance::Classifier;
use stance::Strategy;
use stance::NEAR_DUP_JACCARD;

/// One row of the output.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    text: String,
    label: String,
    suggested: String,
    confidence: String,
    source: String,
}

/// Parse the CSV `suggest` wrote, checking the header.
fn parse(csv_text: &str) -> Vec<Row> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header,
        ["text", "label", "suggested", "confidence", "source"]
    );
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            Row {
                text: r[0].to_string(),
                label: r[1].to_string(),
                suggested: r[2].to_string(),
                confidence: r[3].to_string(),
                source: r[4].to_string(),
            }
        })
        .collect()
}

/// Run `suggest` with `args`; it must succeed. Returns the rows and stderr.
fn suggest(args: &[&str]) -> (Vec<Row>, String) {
    let o = stance().arg("suggest").args(args).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    (parse(&stdout(&o)), stderr(&o))
}

/// The output is what the model makes of each text, most uncertain first,
/// with an empty label column and no two rows near-duplicates.
fn check_rows(rows: &[Row], model: &Classifier, strategy: Strategy) {
    let mut last = f64::INFINITY;
    for r in rows {
        assert_eq!(r.label, "", "{r:?}");
        let p = model.predict(&r.text);
        assert_eq!(r.suggested, model.labels()[p.label], "{r:?}");
        assert_eq!(r.confidence, format!("{:.4}", p.confidence()), "{r:?}");
        let score = strategy.score(&p.probabilities);
        assert!(score <= last + 1e-12, "not sorted by uncertainty at {r:?}");
        last = score;
    }
    for (i, a) in rows.iter().enumerate() {
        for b in &rows[i + 1..] {
            let j = jaccard(&a.text, &b.text);
            assert!(
                j < NEAR_DUP_JACCARD,
                "near-duplicates ({j:.2}): {a:?} {b:?}"
            );
        }
    }
}

/// No row is a near-duplicate of a row of these labelled files.
fn check_not_in(rows: &[Row], training: &[&Path]) {
    let mut texts = Vec::new();
    for p in training {
        let data = stance::read_labeled_csv(p, &Default::default()).unwrap();
        texts.extend(data.rows.into_iter().map(|r| r.text));
    }
    let index = NearDupIndex::from_texts(NEAR_DUP_JACCARD, &texts);
    for r in rows {
        assert_eq!(index.near_duplicate(&r.text), None, "{r:?}");
    }
}

#[test]
fn articles_give_the_least_certain_sentences_ready_to_label() {
    let (rows, err) = suggest(&[
        "--n",
        "15",
        "--training-data",
        "data/train.csv",
        "data/articles",
    ]);
    assert_eq!(rows.len(), 15);
    check_rows(&rows, &default_model().unwrap(), Strategy::Entropy);
    check_not_in(&rows, &[&repo_file("data/train.csv")]);
    // The source names the article and the sentence's index in it.
    for r in &rows {
        let (file, index) = r.source.split_once('#').expect("FILE#INDEX");
        assert!(file.starts_with("data/articles/"), "{r:?}");
        let o = stance()
            .args(["classify", "--format", "jsonl", file])
            .output()
            .unwrap();
        let line = stdout(&o)
            .lines()
            .nth(index.parse().unwrap())
            .unwrap()
            .to_string();
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["text"], r.text.as_str());
    }
    assert!(err.contains("15 of "), "{err}");
}

#[test]
fn csv_input_with_another_model_column_and_strategy() {
    let dir = tempfile::tempdir().unwrap();
    let train = write_csv(dir.path(), "train.csv", STANCE_LABELS, 12);
    let model_path = dir.path().join("m.json");
    train_model(&train, &model_path);
    let model = Classifier::load(&model_path).unwrap();

    // Unseen generated sentences, a blank row, an exact repeat and a
    // reworded repeat; the text is in a column named `sentence`.
    let mut csv = String::from("id,sentence\n");
    let mut texts = Vec::new();
    for j in 12..30 {
        for i in 0..4 {
            texts.push(sentence(i, j));
        }
    }
    texts.push(texts[0].clone());
    texts.push(format!("{} Indeed.", texts[1]));
    for (n, t) in texts.iter().enumerate() {
        csv.push_str(&format!("{n},{}\n", csv_field(t)));
        if n == 3 {
            csv.push_str("99,\n");
        }
    }
    let cands = dir.path().join("cands.csv");
    std::fs::write(&cands, &csv).unwrap();

    let (rows, err) = suggest(&[
        "--model",
        &arg(&model_path),
        "--strategy",
        "margin",
        "--text-col",
        "sentence",
        "--n",
        "20",
        &arg(&cands),
    ]);
    assert_eq!(rows.len(), 20);
    check_rows(&rows, &model, Strategy::Margin);
    assert!(
        err.contains("not checked against the training data"),
        "{err}"
    );
    // FILE:LINE points at the row the text came from.
    let lines: Vec<&str> = csv.lines().collect();
    for r in &rows {
        let (file, line) = r.source.rsplit_once(':').expect("FILE:LINE");
        assert_eq!(file, arg(&cands));
        let line: usize = line.parse().unwrap();
        let field = lines[line - 1].split_once(',').unwrap().1;
        assert_eq!(field, csv_field(&r.text), "{r:?}");
    }

    // Asking for more than there is gives every candidate that is not a
    // near-duplicate of another, once.
    let (all, _) = suggest(&[
        "--model",
        &arg(&model_path),
        "--text-col",
        "sentence",
        "--n",
        "1000",
        &arg(&cands),
    ]);
    assert!(all.len() < texts.len() && all.len() > 20, "{}", all.len());
    check_rows(&all, &model, Strategy::Entropy);
}

#[test]
fn training_rows_and_their_near_copies_are_never_suggested() {
    let dir = tempfile::tempdir().unwrap();
    let train = write_csv(dir.path(), "train.csv", STANCE_LABELS, 12);
    let model_path = dir.path().join("m.json");
    train_model(&train, &model_path);
    let model = Classifier::load(&model_path).unwrap();
    // Candidates: every training sentence, half of them lightly reworded,
    // and a few new ones.
    let data = stance::read_labeled_csv(&train, &Default::default()).unwrap();
    let mut csv = String::from("text\n");
    for (n, r) in data.rows.iter().enumerate() {
        let t = if n % 2 == 0 {
            r.text.clone()
        } else {
            format!("Indeed, {}", r.text)
        };
        csv.push_str(&format!("{}\n", csv_field(&t)));
    }
    for t in [
        "Bananas ripen faster next to apples in a paper bag.",
        "The ferry timetable changes when the clocks go back.",
        "Her grandmother kept bees on the roof of a bakery.",
    ] {
        csv.push_str(&format!("{t}\n"));
    }
    let cands = dir.path().join("cands.csv");
    std::fs::write(&cands, csv).unwrap();
    let model_arg = arg(&model_path);
    let cands_arg = arg(&cands);

    let without = suggest(&["--model", &model_arg, "--n", "10", &cands_arg]).0;
    assert_eq!(without.len(), 10);
    let (with, err) = suggest(&[
        "--model",
        &model_arg,
        "--n",
        "10",
        "--training-data",
        &arg(&train),
        &cands_arg,
    ]);
    check_not_in(&with, &[&train]);
    check_rows(&with, &model, Strategy::Entropy);
    assert_eq!(with.len(), 3, "{with:?}");
    assert!(
        err.contains(&format!(
            "skipped {} near-duplicates of the training data",
            data.rows.len()
        )),
        "{err}"
    );
}

#[test]
fn the_embedded_model_uses_data_train_csv_when_present() {
    let (rows, err) = suggest(&["--n", "5", "data/test.csv"]);
    assert_eq!(rows.len(), 5);
    assert!(
        err.contains("skipping near-duplicates of data/train.csv"),
        "{err}"
    );
    check_not_in(&rows, &[&repo_file("data/train.csv")]);
    for r in &rows {
        assert!(r.source.starts_with("data/test.csv:"), "{r:?}");
    }
}

#[test]
fn the_same_input_gives_the_same_output() {
    let run = || {
        let o = stance()
            .args(["suggest", "--n", "30", "--strategy", "margin"])
            .args(["data/articles", "-"])
            .write_stdin("Open weights are good. Closed weights are safer, maybe.\n")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        o.stdout
    };
    let first = run();
    assert_eq!(first, run());
    let rows = parse(&String::from_utf8(first).unwrap());
    assert_eq!(rows.len(), 30);
}

#[test]
fn out_is_written_atomically_and_left_alone_on_failure() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("to_label.csv");
    let o = stance()
        .args(["suggest", "--n", "7", "--out", &arg(&out), "data/articles"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let (expected, _) = suggest(&["--n", "7", "data/articles"]);
    assert_eq!(parse(&std::fs::read_to_string(&out).unwrap()), expected);
    assert_eq!(dir_entries(dir.path()), ["to_label.csv"]);

    // A CSV without the text column: exit 2, one line naming the file and
    // line, and the existing output untouched.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "sentence,label\nhello there,x\n").unwrap();
    let snapshot = Snapshot::take(&[&out]);
    let o = stance()
        .args(["suggest", "--out", &arg(&out), &arg(&bad)])
        .output()
        .unwrap();
    let err = assert_input_error(&o, &format!("{}:1: no column named 'text'", arg(&bad)));
    assert!(!err.contains("note"), "{err}");
    snapshot.assert_unchanged();
    assert_eq!(dir_entries(dir.path()), ["bad.csv", "to_label.csv"]);
}

#[test]
fn bad_inputs_are_refused_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("train_bad.csv");
    std::fs::write(&bad, "body,label\nx,y\n").unwrap();
    // Training data without the model's text column.
    let o = stance()
        .args(["suggest", "--training-data", &arg(&bad), "data/articles"])
        .output()
        .unwrap();
    assert_input_error(&o, &format!("{}:1:", arg(&bad)));
    // A missing input.
    let missing = dir.path().join("none.txt");
    let o = stance()
        .args([
            "suggest",
            "--training-data",
            "data/train.csv",
            &arg(&missing),
        ])
        .output()
        .unwrap();
    assert_input_error(&o, &arg(&missing));
    // An unterminated quote in a CSV input.
    let open = dir.path().join("open.csv");
    std::fs::write(&open, "text\nfine\n\"never closed\n").unwrap();
    let o = stance()
        .args(["suggest", "--training-data", "data/train.csv", &arg(&open)])
        .output()
        .unwrap();
    assert_input_error(&o, &format!("{}:3:", arg(&open)));
    // --n 0 is a usage error.
    let o = stance()
        .args(["suggest", "--n", "0", "data/articles"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}
