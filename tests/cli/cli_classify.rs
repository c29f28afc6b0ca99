//! `stance classify` through the real binary: every output format, inputs
//! from files, directories and stdin, confidence filtering, huge inputs and
//! models trained in the test.

use std::collections::BTreeMap;

use crate::common::*;
use serde_json::Value;

const OPED: &str = "data/articles/oped_open.txt";
const MODEL_LABELS: &[&str] = &["neutral", "pro-closed", "pro-open"];

fn classify(args: &[&str]) -> std::process::Output {
    let o = stance().arg("classify").args(args).output().unwrap();
    assert!(
        o.status.success(),
        "classify {args:?} failed: {}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("panicked"));
    o
}

fn classify_json(args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    json(&classify(&all))
}

/// The article files of data/articles, as classify names them, sorted.
fn bundled_articles() -> Vec<String> {
    let mut names: Vec<String> = dir_entries(&repo_file("data/articles"))
        .into_iter()
        .filter(|n| [".txt", ".md", ".html"].iter().any(|e| n.ends_with(e)))
        .map(|n| format!("data/articles/{n}"))
        .collect();
    names.sort();
    names
}

/// Check one sentence object of the JSON output against the documented shape.
fn check_sentence(s: &Value, labels: &[&str]) {
    let obj = s.as_object().expect("a sentence is an object");
    for key in [
        "index",
        "start",
        "end",
        "text",
        "label",
        "confidence",
        "probabilities",
    ] {
        assert!(obj.contains_key(key), "sentence without '{key}': {s}");
    }
    let probs = s["probabilities"].as_object().unwrap();
    let keys: Vec<&str> = probs.keys().map(String::as_str).collect();
    assert_eq!(keys, labels, "probability keys of {s}");
    let sum: f64 = probs.values().map(|p| p.as_f64().unwrap()).sum();
    assert!((sum - 1.0).abs() < 1e-9, "probabilities sum to {sum}: {s}");
    let (best, p) = probs
        .iter()
        .map(|(l, p)| (l.as_str(), p.as_f64().unwrap()))
        .fold(("", f64::MIN), |a, b| if b.1 > a.1 { b } else { a });
    assert!((0.0..=1.0).contains(&p));
    assert_eq!(s["label"], best, "label is not the most probable: {s}");
    assert_eq!(s["confidence"].as_f64().unwrap(), p, "{s}");
    assert!(s["start"].as_u64().unwrap() < s["end"].as_u64().unwrap());
    assert!(!s["text"].as_str().unwrap().is_empty());
}

fn check_summary(article: &Value, labels: &[&str]) {
    let summary = &article["summary"];
    let n = article["sentences"].as_array().unwrap().len();
    let counts = summary["counts"].as_object().unwrap();
    let keys: Vec<&str> = counts.keys().map(String::as_str).collect();
    assert_eq!(keys, labels, "every label is counted, zero included");
    let total: u64 = counts.values().map(|c| c.as_u64().unwrap()).sum();
    assert_eq!(total as usize, n);
    let mut by_label: BTreeMap<String, u64> = BTreeMap::new();
    for s in article["sentences"].as_array().unwrap() {
        *by_label
            .entry(s["label"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    for (l, c) in counts {
        assert_eq!(by_label.get(l).copied().unwrap_or(0), c.as_u64().unwrap());
    }
    let shares = summary["shares"].as_object().unwrap();
    if n > 0 {
        let sum: f64 = shares.values().map(|s| s.as_f64().unwrap()).sum();
        assert!((sum - 1.0).abs() < 1e-9, "shares sum to {sum}");
        for (l, s) in shares {
            let want = counts[l].as_u64().unwrap() as f64 / n as f64;
            assert!((s.as_f64().unwrap() - want).abs() < 1e-12);
        }
    }
    let stance = summary["stance"].as_str().unwrap();
    assert!(
        labels.contains(&stance) || stance == "mixed" || stance == "neutral",
        "stance {stance}"
    );
    assert!(summary["below_min_confidence"].is_u64());
}

#[test]
fn table_has_the_source_header_one_row_per_sentence_and_a_summary() {
    let text = stdout(&classify(&[OPED]));
    let n = classify_json(&[OPED])["articles"][0]["sentences"]
        .as_array()
        .unwrap()
        .len();
    assert!(n >= 20);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], format!("== {OPED}"));
    let head: Vec<&str> = lines[1].split_whitespace().collect();
    assert_eq!(head, ["#", "label", "conf", "text"]);
    let rows = &lines[2..lines.len() - 1];
    assert_eq!(rows.len(), n);
    for (i, row) in rows.iter().enumerate() {
        let cells: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cells[0], i.to_string(), "{row}");
        assert!(MODEL_LABELS.contains(&cells[1]), "{row}");
        let conf: f64 = cells[2].parse().unwrap();
        assert!((0.0..=1.0).contains(&conf), "{row}");
        assert!(row.chars().count() <= 4 + 2 + 10 + 2 + 5 + 2 + 90, "{row}");
    }
    let summary = lines.last().unwrap();
    assert!(summary.starts_with("-- stance: "), "{summary}");
    // The count is known only at the end of a stream: it closes the table.
    assert!(
        summary.contains(&format!("  |  {n} sentences  |  ")),
        "{summary}"
    );
    for l in MODEL_LABELS {
        assert!(summary.contains(&format!("{l} ")), "{summary}");
    }
    assert!(rows[1].contains("Locking Up the Weights"), "{}", rows[1]);
}

#[test]
fn json_has_the_documented_shape() {
    let doc = classify_json(&[OPED]);
    let top: Vec<&String> = doc.as_object().unwrap().keys().collect();
    assert_eq!(top, ["articles"]);
    let articles = doc["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 1);
    let a = &articles[0];
    assert_eq!(a["source"], OPED);
    let sentences = a["sentences"].as_array().unwrap();
    for (i, s) in sentences.iter().enumerate() {
        assert_eq!(s["index"], i);
        check_sentence(s, MODEL_LABELS);
    }
    check_summary(a, MODEL_LABELS);
    assert_eq!(a["summary"]["below_min_confidence"], 0);
    for key in ["counts", "shares", "stance"] {
        assert!(a["summary"].get(key).is_some());
    }
    // The op-ed argues for open weights.
    assert_eq!(a["summary"]["stance"], "pro-open");
}

/// Spans of a text file point into the file; those of a Markdown file or a
/// web page into the text extracted from it.
#[test]
fn spans_slice_every_bundled_article_back_to_its_sentences() {
    use std::io::Read;
    let doc = classify_json(&["data/articles"]);
    for a in doc["articles"].as_array().unwrap() {
        let source = a["source"].as_str().unwrap();
        let mut extracted = stance::Input::File(repo_file(source))
            .open_text(None)
            .unwrap();
        let mut bytes = Vec::new();
        extracted.reader.read_to_end(&mut bytes).unwrap();
        if source.ends_with(".txt") {
            assert_eq!(bytes, std::fs::read(repo_file(source)).unwrap());
        }
        let text = std::str::from_utf8(&bytes).unwrap();
        let mut previous_end = 0;
        for s in a["sentences"].as_array().unwrap() {
            let start = s["start"].as_u64().unwrap() as usize;
            let end = s["end"].as_u64().unwrap() as usize;
            assert!(start >= previous_end, "{source}: overlapping spans at {s}");
            assert!(end <= bytes.len());
            let slice = text
                .get(start..end)
                .unwrap_or_else(|| panic!("{source}: {start}..{end} is not on char boundaries"));
            assert_eq!(fold_ws(slice), s["text"], "{source}: span {start}..{end}");
            previous_end = end;
        }
    }
}

#[test]
fn jsonl_is_one_object_per_sentence_with_its_source() {
    let o = classify(&["--format", "jsonl", OPED, "data/articles/blog_post.md"]);
    let doc = classify_json(&[OPED, "data/articles/blog_post.md"]);
    let mut want = Vec::new();
    for a in doc["articles"].as_array().unwrap() {
        for s in a["sentences"].as_array().unwrap() {
            let mut s = s.clone();
            s["source"] = a["source"].clone();
            want.push(s);
        }
    }
    let text = stdout(&o);
    let got: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(got.len(), want.len());
    assert_eq!(got, want);
    for line in &got {
        check_sentence(line, MODEL_LABELS);
        assert!(line["source"].is_string());
    }
    assert_eq!(got[0]["source"], OPED);
    assert_eq!(got.last().unwrap()["source"], "data/articles/blog_post.md");
}

#[test]
fn csv_has_the_documented_header_and_one_row_per_sentence() {
    let o = classify(&["--format", "csv", OPED]);
    let doc = classify_json(&[OPED]);
    let sentences = doc["articles"][0]["sentences"].as_array().unwrap();
    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "source",
            "index",
            "start",
            "end",
            "label",
            "confidence",
            "p_neutral",
            "p_pro-closed",
            "p_pro-open",
            "text"
        ]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), sentences.len());
    for (r, s) in records.iter().zip(sentences) {
        assert_eq!(&r[0], OPED);
        assert_eq!(r[1], s["index"].to_string());
        assert_eq!(r[2], s["start"].to_string());
        assert_eq!(r[3], s["end"].to_string());
        assert_eq!(&r[4], s["label"].as_str().unwrap());
        let conf: f64 = r[5].parse().unwrap();
        assert!((conf - s["confidence"].as_f64().unwrap()).abs() <= 5e-5);
        let p: f64 = (6..9).map(|i| r[i].parse::<f64>().unwrap()).sum();
        assert!((p - 1.0).abs() < 2e-4, "p columns sum to {p}");
        for (i, l) in MODEL_LABELS.iter().enumerate() {
            let want = s["probabilities"][l].as_f64().unwrap();
            let got: f64 = r[6 + i].parse().unwrap();
            assert!((got - want).abs() <= 5e-5);
        }
        assert_eq!(&r[9], s["text"].as_str().unwrap());
    }
}

#[test]
fn a_directory_classifies_all_its_articles_in_sorted_order() {
    let doc = classify_json(&["data/articles"]);
    let sources: Vec<&str> = doc["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["source"].as_str().unwrap())
        .collect();
    let want = bundled_articles();
    assert!(want.len() >= 15, "{want:?}");
    assert_eq!(sources, want);
    for a in doc["articles"].as_array().unwrap() {
        assert!(!a["sentences"].as_array().unwrap().is_empty());
        check_summary(a, MODEL_LABELS);
    }
    // The table shows every article with its own header and summary.
    let table = stdout(&classify(&["data/articles"]));
    let headers: Vec<&str> = table.lines().filter(|l| l.starts_with("== ")).collect();
    assert_eq!(headers.len(), want.len());
    assert_eq!(
        table
            .lines()
            .filter(|l| l.starts_with("-- stance: "))
            .count(),
        want.len()
    );
    for (h, name) in headers.iter().zip(&want) {
        assert_eq!(*h, format!("== {name}"));
    }
}

#[test]
fn dash_reads_standard_input() {
    let text = std::fs::read(repo_file(OPED)).unwrap();
    let o = stance()
        .args(["classify", "--format", "json", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let from_stdin = json(&o);
    let from_file = classify_json(&[OPED]);
    assert_eq!(from_stdin["articles"][0]["source"], "-");
    assert_eq!(
        from_stdin["articles"][0]["sentences"],
        from_file["articles"][0]["sentences"]
    );
    assert_eq!(
        from_stdin["articles"][0]["summary"],
        from_file["articles"][0]["summary"]
    );

    // Files and stdin mix, in the order given.
    let o = stance()
        .args(["classify", "--format", "jsonl", OPED, "-"])
        .write_stdin("Open weights let anyone audit the model.\n")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let last: Value = serde_json::from_str(stdout(&o).lines().last().unwrap()).unwrap();
    assert_eq!(last["source"], "-");
    assert_eq!(last["text"], "Open weights let anyone audit the model.");
}

#[test]
fn empty_standard_input_gives_an_article_with_no_sentences() {
    let o = stance()
        .args(["classify", "--format", "json", "-"])
        .write_stdin("")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = json(&o);
    let a = &doc["articles"][0];
    assert_eq!(a["sentences"].as_array().unwrap().len(), 0);
    assert_eq!(a["summary"]["stance"], "neutral");
}

#[test]
fn min_confidence_leaves_sentences_out_and_counts_them() {
    let all = classify_json(&[OPED]);
    let total = all["articles"][0]["sentences"].as_array().unwrap().len();
    for p in ["0.99", "0.6"] {
        let doc = classify_json(&["--min-confidence", p, OPED]);
        let a = &doc["articles"][0];
        let kept = a["sentences"].as_array().unwrap();
        let below = a["summary"]["below_min_confidence"].as_u64().unwrap() as usize;
        let threshold: f64 = p.parse().unwrap();
        let want_kept: Vec<&Value> = all["articles"][0]["sentences"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["confidence"].as_f64().unwrap() >= threshold)
            .collect();
        assert!(below > 0, "--min-confidence {p} left nothing out");
        assert_eq!(kept.len() + below, total);
        assert_eq!(kept.iter().collect::<Vec<_>>(), want_kept);
        for s in kept {
            assert!(s["confidence"].as_f64().unwrap() >= threshold);
        }
        check_summary(a, MODEL_LABELS);
        let table = stdout(&classify(&["--min-confidence", p, OPED]));
        let summary = table.lines().last().unwrap();
        assert!(
            summary.ends_with(&format!("|  {below} below min confidence")),
            "{summary}"
        );
    }
}

#[test]
fn a_ten_megabyte_single_line_of_sentences_is_classified() {
    let dir = tempfile::tempdir().unwrap();
    let sentence = "Open weights let anyone audit the model, and that is good for science. ";
    let n = 10 * 1024 * 1024 / sentence.len() + 1;
    let text = sentence.repeat(n);
    assert!(text.len() >= 10 * 1024 * 1024 && !text.contains('\n'));
    let path = dir.path().join("big.txt");
    std::fs::write(&path, &text).unwrap();
    let o = stance()
        .args(["classify", "--format", "csv", &arg(&path)])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    let mut count = 0;
    let mut last_end = 0;
    for r in reader.records() {
        let r = r.unwrap();
        assert_eq!(&r[9], sentence.trim_end());
        last_end = r[3].parse::<usize>().unwrap();
        count += 1;
    }
    assert_eq!(count, n);
    assert_eq!(last_end, text.trim_end().len());
}

#[test]
fn a_ten_megabyte_single_line_without_punctuation_is_classified() {
    let dir = tempfile::tempdir().unwrap();
    let text = "word ".repeat(2 * 1024 * 1024 + 1);
    let path = dir.path().join("words.txt");
    std::fs::write(&path, &text).unwrap();
    let o = stance()
        .args(["classify", "--format", "jsonl", &arg(&path)])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.lines().count() >= 1);
    for line in out.lines() {
        let s: Value = serde_json::from_str(line).unwrap();
        check_sentence(&s, MODEL_LABELS);
    }
}

#[test]
fn a_model_trained_in_the_test_labels_with_its_own_labels() {
    let dir = tempfile::tempdir().unwrap();
    let labels = ["positive", "negative"];
    let data = write_csv(dir.path(), "pn.csv", &labels, 30);
    let model = dir.path().join("pn.json");
    train_model(&data, &model);
    let article = dir.path().join("article.txt");
    let mut body = String::from("A Test Article\n\n");
    for j in 40..46 {
        body.push_str(&sentence(0, j));
        body.push(' ');
    }
    body.push_str(&sentence(1, 50));
    body.push('\n');
    std::fs::write(&article, &body).unwrap();

    let doc = classify_json(&["--model", &arg(&model), &arg(&article)]);
    let a = &doc["articles"][0];
    let sorted = ["negative", "positive"];
    for s in a["sentences"].as_array().unwrap() {
        check_sentence(s, &sorted);
    }
    check_summary(a, &sorted);
    let labels_seen: Vec<&str> = a["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels_seen.len(), 8);
    assert_eq!(&labels_seen[1..7], ["positive"; 6]);
    assert_eq!(labels_seen[7], "negative");
    // No neutral label: every sentence bears a stance, and positive wins.
    assert_eq!(a["summary"]["stance"], "positive");

    let o = classify(&["--format", "csv", "--model", &arg(&model), &arg(&article)]);
    let first = stdout(&o).lines().next().unwrap().to_string();
    assert_eq!(
        first,
        "source,index,start,end,label,confidence,p_negative,p_positive,text"
    );
    let table = stdout(&classify(&["--model", &arg(&model), &arg(&article)]));
    assert!(table
        .lines()
        .last()
        .unwrap()
        .starts_with("-- stance: positive  |  8 sentences  |  negative "));
}

#[test]
fn the_same_input_gives_the_same_output() {
    let a = classify(&["--format", "json", "data/articles"]).stdout;
    let b = classify(&["--format", "json", "data/articles"]).stdout;
    assert!(a == b, "two runs differ");
}

/// Sentences of a JSON-lines output as (index, start, end, text).
fn jsonl_spans(out: &str) -> Vec<(u64, usize, usize, String)> {
    out.lines()
        .map(|l| {
            let s: Value = serde_json::from_str(l).expect("each line is JSON");
            (
                s["index"].as_u64().unwrap(),
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
                s["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_multi_megabyte_standard_input_streams_in_order_with_file_offsets() {
    // The bundled articles, one after another, repeated past 6 MB (several
    // chunks of the streaming reader).
    let unit: String = bundled_articles()
        .iter()
        .map(|n| std::fs::read_to_string(repo_file(n)).unwrap())
        .collect::<Vec<_>>()
        .join("\n\n")
        + "\n\n";
    let one = stance()
        .args(["classify", "--format", "jsonl", "-"])
        .write_stdin(unit.clone())
        .output()
        .unwrap();
    assert!(one.status.success(), "{}", stderr(&one));
    let unit_spans = jsonl_spans(&stdout(&one));
    assert!(unit_spans.len() > 300);

    let copies = 6 * 1024 * 1024 / unit.len() + 1;
    let mut text = String::with_capacity(copies * unit.len());
    for _ in 0..copies {
        text.push_str(&unit);
    }
    assert!(text.len() > 6 * 1024 * 1024);
    let o = stance()
        .args(["classify", "--format", "jsonl", "-"])
        .write_stdin(text.clone())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let got = jsonl_spans(&stdout(&o));
    assert_eq!(got.len(), copies * unit_spans.len());
    let mut previous: Option<(u64, usize, usize)> = None;
    for (i, (index, start, end, sentence)) in got.iter().enumerate() {
        // Input order: the index counts up by one, spans move forward.
        assert_eq!(*index, i as u64);
        if let Some((_, p_start, p_end)) = previous {
            assert!(
                *start > p_start && *start >= p_end,
                "{i}: {start} after {p_end}"
            );
        }
        previous = Some((*index, *start, *end));
        // Offsets are into the whole input, and every copy splits the same.
        let slice = &text[*start..*end];
        assert_eq!(&fold_ws(slice), sentence, "sentence {i}");
        let (_, u_start, u_end, u_text) = &unit_spans[i % unit_spans.len()];
        let shift = (i / unit_spans.len()) * unit.len();
        assert_eq!((*start, *end), (u_start + shift, u_end + shift), "{i}");
        assert_eq!(sentence, u_text);
    }
}

#[test]
fn offsets_after_a_byte_order_mark_are_offsets_into_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom.txt");
    let bytes = "\u{feff}Open weights let anyone audit the model.\n\nSo do we.\n";
    std::fs::write(&path, bytes).unwrap();
    let from_file = stdout(&classify(&["--format", "jsonl", &arg(&path)]));
    let o = stance()
        .args(["classify", "--format", "jsonl", "-"])
        .write_stdin(bytes)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    for out in [from_file, stdout(&o)] {
        let spans = jsonl_spans(&out);
        assert_eq!(spans.len(), 2);
        assert_eq!(spans[0].1, 3, "the BOM is 3 bytes");
        for (_, start, end, text) in spans {
            assert_eq!(&bytes[start..end], text);
        }
    }
}
