//! `stance explain`, `stance inspect` and `classify --explain` through the
//! real binary: the shown parts of every logit add up, the explanation agrees
//! with what `classify` predicts, and bad input is refused cleanly.

use crate::common::*;
use serde_json::Value;

const SENTENCES: &[&str] = &[
    "Open weights let anyone audit the model, so releasing them is the safer bet.",
    "Handing frontier weights to everyone removes every safeguard we have.",
    "The ministry will publish its consultation results in March.",
];

fn run_ok(args: &[&str]) -> std::process::Output {
    let o = stance().args(args).output().unwrap();
    assert!(o.status.success(), "{args:?} failed: {}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"));
    o
}

fn f(v: &Value) -> f64 {
    v.as_f64().expect("a number")
}

/// For every label of every explanation: intercept + shown contributions +
/// rest equals the logit, and softmax of the logits gives the probabilities.
fn assert_adds_up(explanation: &Value, top: usize) {
    let labels = explanation["labels"].as_array().unwrap();
    let logits: Vec<f64> = labels.iter().map(|l| f(&l["logit"])).collect();
    let max = logits.iter().copied().fold(f64::MIN, f64::max);
    let z: f64 = logits.iter().map(|l| (l - max).exp()).sum();
    for (l, logit) in labels.iter().zip(&logits) {
        let contributions = l["contributions"].as_array().unwrap();
        assert!(contributions.len() <= top);
        let sum: f64 = f(&l["intercept"])
            + f(&l["rest"])
            + contributions
                .iter()
                .map(|c| f(&c["contribution"]))
                .sum::<f64>();
        assert!((sum - logit).abs() < 1e-9, "{sum} != {logit}");
        for c in contributions {
            let product = f(&c["value"]) * f(&c["coefficient"]);
            assert!((product - f(&c["contribution"])).abs() < 1e-12);
        }
        let p = ((logit - max).exp()) / z;
        assert!((p - f(&l["probability"])).abs() < 1e-9);
        let name = l["label"].as_str().unwrap();
        assert!((p - f(&explanation["probabilities"][name])).abs() < 1e-9);
    }
}

#[test]
fn explanations_add_up_and_agree_with_classify() {
    let mut args = vec!["explain", "--format", "json", "--top", "3"];
    args.extend_from_slice(SENTENCES);
    let v = json(&run_ok(&args));
    let explanations = v["explanations"].as_array().unwrap();
    assert_eq!(explanations.len(), SENTENCES.len());

    let classified = stance()
        .args(["classify", "--format", "jsonl", "-"])
        .write_stdin(SENTENCES.join("\n\n"))
        .output()
        .unwrap();
    let lines: Vec<Value> = stdout(&classified)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), SENTENCES.len());
    for (e, c) in explanations.iter().zip(&lines) {
        assert_adds_up(e, 3);
        assert_eq!(e["text"], c["text"]);
        assert_eq!(e["label"], c["label"]);
        for (label, p) in c["probabilities"].as_object().unwrap() {
            assert!((f(p) - f(&e["probabilities"][label])).abs() < 1e-9);
        }
    }
}

#[test]
fn text_output_shows_every_label_and_the_words() {
    let out = stdout(&run_ok(&["explain", "--top", "4", SENTENCES[0]]));
    assert!(out.starts_with(&format!("sentence   {}\npredicted  ", SENTENCES[0])));
    for label in ["neutral", "pro-closed", "pro-open"] {
        assert!(out.contains(&format!("\n  {label}  logit ")), "{out}");
    }
    // Shown in the sentence's words, with the stem in brackets when different.
    assert!(out.contains("releasing"), "{out}");
    assert!(out.contains("more features"), "{out}");
}

#[test]
fn data_files_with_and_without_labels() {
    let dir = tempfile::tempdir().unwrap();
    let labelled = dir.path().join("l.csv");
    std::fs::write(
        &labelled,
        format!(
            "text,label\n\"{}\",pro-open\n\"{}\",neutral\n",
            SENTENCES[0], SENTENCES[1]
        ),
    )
    .unwrap();
    let v = json(&run_ok(&[
        "explain",
        "--format",
        "json",
        "--top",
        "0",
        "--data",
        &arg(&labelled),
    ]));
    let e = v["explanations"].as_array().unwrap();
    assert_eq!(e.len(), 2);
    assert_eq!(e[0]["gold"], "pro-open");
    assert_eq!(e[1]["gold"], "neutral");
    for x in e {
        // --top 0 keeps every feature: nothing is folded into `rest`.
        for l in x["labels"].as_array().unwrap() {
            assert_eq!(l["rest_features"], 0);
        }
        assert_adds_up(x, usize::MAX);
    }
    let text = stdout(&run_ok(&["explain", "--data", &arg(&labelled)]));
    assert!(text.contains("gold pro-open: "), "{text}");

    let unlabelled = dir.path().join("u.csv");
    std::fs::write(&unlabelled, format!("text\n\"{}\"\n", SENTENCES[2])).unwrap();
    let v = json(&run_ok(&[
        "explain",
        "--format",
        "json",
        "--data",
        &arg(&unlabelled),
    ]));
    assert!(v["explanations"][0].get("gold").is_none());

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "sentence\nhello\n").unwrap();
    let o = stance()
        .args(["explain", "--data", &arg(&bad)])
        .output()
        .unwrap();
    assert_input_error(&o, &format!("{}:1:", bad.display()));
}

#[test]
fn classify_explain_adds_the_top_features() {
    let o = run_ok(&[
        "classify",
        "--format",
        "jsonl",
        "--explain",
        "3",
        "data/articles/oped_open.txt",
    ]);
    let mut n = 0;
    for line in stdout(&o).lines() {
        let s: Value = serde_json::from_str(line).unwrap();
        let explain = s["explain"].as_array().expect("explain is present");
        // A sentence with no word the model knows ("OPINION") has none.
        assert!(explain.len() <= 3, "{line}");
        let magnitudes: Vec<f64> = explain
            .iter()
            .map(|c| f(&c["contribution"]).abs())
            .collect();
        assert!(magnitudes.windows(2).all(|w| w[0] >= w[1]));
        n += usize::from(explain.len() == 3);
    }
    assert!(n > 10);
    // Without --explain the field is absent.
    let plain = run_ok(&[
        "classify",
        "--format",
        "jsonl",
        "data/articles/oped_open.txt",
    ]);
    assert!(!stdout(&plain).contains("\"explain\""));
    // A format that cannot carry it is refused.
    let o = stance()
        .args(["classify", "--explain", "3", "data/articles/oped_open.txt"])
        .output()
        .unwrap();
    assert_input_error(&o, "--explain needs --format json, jsonl or html");
}

#[test]
fn inspect_prints_the_model_card() {
    let text = stdout(&run_ok(&["inspect", "--top", "4"]));
    assert!(
        text.contains("model         embedded default model"),
        "{text}"
    );
    let model = stance::default_model().unwrap();
    let (rows, alpha) = (model.training().rows, model.training().alpha);
    assert!(
        text.contains(&format!("trained on    train.csv ({rows} rows")),
        "{text}"
    );
    assert!(
        text.contains(&format!("alpha         {alpha} (tuned by 5-fold CV")),
        "{text}"
    );
    let v = json(&run_ok(&["inspect", "--format", "json", "--top", "4"]));
    for label in ["neutral", "pro-closed", "pro-open"] {
        let feats = v["strongest"][label].as_array().unwrap();
        assert_eq!(feats.len(), 4);
        let coefs: Vec<f64> = feats.iter().map(|x| f(&x["coefficient"])).collect();
        assert!(coefs.windows(2).all(|w| w[0] >= w[1]));
        for x in feats {
            assert!(!x["shown"].as_str().unwrap().is_empty());
        }
    }
    assert_eq!(v["training"]["rows"], rows);

    let dir = tempfile::tempdir().unwrap();
    let not_model = dir.path().join("m.json");
    std::fs::write(&not_model, "{\"hello\": 1}").unwrap();
    let o = stance()
        .args(["inspect", "--model", &arg(&not_model)])
        .output()
        .unwrap();
    assert_input_error(&o, &not_model.display().to_string());
}

/// A model trained with `--nb-score`: the file records the Naive-Bayes table,
/// the same data gives the same bytes, and the score columns show up in
/// explanations that still add up and agree with `classify`.
#[test]
fn naive_bayes_score_models_round_trip_and_explain_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let data = write_csv(dir.path(), "three.csv", STANCE_LABELS, 30);
    let nb = [
        "--nb-score",
        "0.1",
        "--nb-ngrams",
        "1..2",
        "--nb-min-df",
        "2",
    ];
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.json");
    for out in [&a, &b] {
        let o = train_fast(&data, out, &nb);
        assert!(o.status.success(), "{}", stderr(&o));
        let report = stdout(&o);
        assert!(
            report.contains(") + 3 Naive-Bayes scores over "),
            "{report}"
        );
    }
    let bytes = std::fs::read(&a).unwrap();
    assert!(bytes == std::fs::read(&b).unwrap(), "two fits differ");
    let model: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(
        model["features"]["nb_score"],
        serde_json::json!({"scale": 0.1, "ngrams": [1, 2], "min_df": 2})
    );
    // One string, a term per line; one string of counts per label.
    let terms: Vec<&str> = model["naive_bayes"]["terms"]
        .as_str()
        .unwrap()
        .split('\n')
        .collect();
    assert!(terms.windows(2).all(|w| w[0] < w[1]), "terms are sorted");
    assert!(terms.iter().any(|t| t.contains(' ')), "bigrams are counted");
    let counts: Vec<Vec<u32>> = model["naive_bayes"]["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            c.as_str()
                .unwrap()
                .split(' ')
                .map(|n| n.parse().unwrap())
                .collect()
        })
        .collect();
    assert_eq!(counts.len(), STANCE_LABELS.len());
    assert!(counts.iter().all(|c| c.len() == terms.len()));
    // --nb-min-df 2: every term kept is in at least two training sentences.
    assert!((0..terms.len()).all(|t| counts.iter().map(|c| c[t]).sum::<u32>() >= 2));
    let vocabulary = model["vocabulary"].as_array().unwrap().len();
    // One coefficient row per TF-IDF term, then one per label's score.
    assert_eq!(
        model["coefficients"].as_array().unwrap().len(),
        vocabulary + STANCE_LABELS.len()
    );

    let sentence = format!("{}.", sentence(0, 3));
    let m = arg(&a);
    let v = json(&run_ok(&[
        "explain", "--model", &m, "--format", "json", "--top", "200", &sentence,
    ]));
    let e = &v["explanations"][0];
    assert_adds_up(e, 200);
    let features: Vec<&str> = e["labels"][0]["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["feature"].as_str().unwrap())
        .collect();
    assert!(
        features.iter().any(|f| f.starts_with("nb:")),
        "{features:?}"
    );
    let c = stance()
        .args(["classify", "--model", &m, "--format", "jsonl", "-"])
        .write_stdin(sentence.clone())
        .output()
        .unwrap();
    let line: Value = serde_json::from_str(stdout(&c).lines().next().unwrap()).unwrap();
    assert_eq!(line["label"], e["label"]);
    // The words of label 0 lean the score column of label 0 up.
    assert_eq!(e["label"], STANCE_LABELS[0]);

    // The scores are in the model card, and a damaged table is refused.
    let card = stdout(&run_ok(&["inspect", "--model", &m]));
    assert!(
        card.contains("naive bayes   one score per label over word 1..2-grams in at least 2 sentences, scale 0.1"),
        "{card}"
    );
    let mut broken = model.clone();
    broken["naive_bayes"]["counts"][0] = serde_json::json!("1");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, serde_json::to_vec(&broken).unwrap()).unwrap();
    let o = stance()
        .args(["classify", "--model", &arg(&bad), "-"])
        .write_stdin("x")
        .output()
        .unwrap();
    assert_input_error(&o, "Naive-Bayes");
}
