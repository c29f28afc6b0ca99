//! The bundled corpus meets the rules in data/LABELING.md: sizes, label,
//! register and hard-case shares per style, no sentence twice, no
//! near-copies (word-bigram Jaccard of 0.5 or more, the rule `stance
//! suggest` uses: `stance::internals::NearDupIndex`) among the real-style training
//! rows or between any test sentence and the training set, and no sentence
//! opening repeated across more than a handful of real-style rows.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use stance::internals::{words, NearDupIndex};
use stance::NEAR_DUP_JACCARD;
use stance::{read_labeled_csv, Columns, LabeledData, LabeledRow};

/// Registers of the fictional rows (the first corpus).
const FICTIONAL_KINDS: &[&str] = &[
    "news",
    "oped",
    "policy",
    "announcement",
    "quote",
    "social",
    "headline",
    "furniture",
];
/// The real-style rows add explainers and short direct statements.
fn real_kinds() -> Vec<&'static str> {
    let mut kinds = FICTIONAL_KINDS.to_vec();
    kinds.extend(["explainer", "statement"]);
    kinds
}
const LABELS: &[&str] = &["neutral", "pro-closed", "pro-open"];
/// Real-style rows that may share their first four words.
const OPENING_CAP: usize = 8;

fn load(name: &str) -> LabeledData {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name);
    let columns = Columns {
        extra: vec!["kind".into(), "hard".into(), "style".into()],
        ..Columns::default()
    };
    read_labeled_csv(&path, &columns).unwrap()
}

fn kind(r: &LabeledRow) -> &str {
    &r.extra[0]
}

fn style(r: &LabeledRow) -> &str {
    &r.extra[2]
}

fn share(rows: &[&LabeledRow], keep: impl Fn(&LabeledRow) -> bool) -> f64 {
    rows.iter().filter(|r| keep(r)).count() as f64 / rows.len() as f64
}

/// Labels, registers and hard cases of one file's rows of one style.
fn check_shape(file: &str, rows: &[&LabeledRow], kinds: &[&str], min_kind: f64, min_hard: f64) {
    let mut labels: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for r in rows {
        assert!(
            LABELS.contains(&r.label.as_str()),
            "{file}:{}: label {}",
            r.line,
            r.label
        );
        assert!(
            kinds.contains(&kind(r)),
            "{file}:{}: kind {}",
            r.line,
            kind(r)
        );
        if kind(r) == "furniture" {
            assert_eq!(
                r.label, "neutral",
                "{file}:{}: furniture is neutral",
                r.line
            );
        }
        *labels.entry(&r.label).or_default() += 1;
        *by_kind.entry(kind(r)).or_default() += 1;
    }
    let n = rows.len() as f64;
    for l in LABELS {
        let s = labels.get(l).copied().unwrap_or(0) as f64 / n;
        assert!(s >= 0.25, "{file}: label {l} is {s:.3} of rows");
    }
    for k in kinds {
        let s = by_kind.get(k).copied().unwrap_or(0) as f64 / n;
        assert!(s >= min_kind, "{file}: kind {k} is {s:.3} of rows");
    }
    let hard = share(rows, |r| !r.extra[1].is_empty());
    assert!(hard >= min_hard, "{file}: hard cases {hard:.3}");
}

/// What data/LABELING.md promises of the real-style rows: about 40%
/// neutral, sentences of real length, and enough plain statements.
fn check_real_style(file: &str, rows: &[&LabeledRow], min_statements: usize) {
    let neutral = share(rows, |r| r.label == "neutral");
    assert!(
        (0.35..=0.48).contains(&neutral),
        "{file}: neutral {neutral:.3}"
    );
    let statements = rows.iter().filter(|r| kind(r) == "statement").count();
    assert!(
        statements >= min_statements,
        "{file}: {statements} statements"
    );
    let mut lengths: Vec<usize> = rows
        .iter()
        .filter(|r| !["statement", "headline", "furniture"].contains(&kind(r)))
        .map(|r| words(&r.text).len())
        .collect();
    lengths.sort_unstable();
    let median = lengths[lengths.len() / 2];
    assert!(
        (20..=26).contains(&median),
        "{file}: median sentence {median} words"
    );
}

fn of_style<'a>(data: &'a LabeledData, name: &str) -> Vec<&'a LabeledRow> {
    data.rows.iter().filter(|r| style(r) == name).collect()
}

#[test]
fn train_and_test_sets_have_the_required_shape() {
    let train = load("train.csv");
    assert!(train.rows.len() >= 20_000, "{} rows", train.rows.len());
    for r in &train.rows {
        assert!(
            ["fictional", "real-style"].contains(&style(r)),
            "train.csv:{}: style {}",
            r.line,
            style(r)
        );
    }
    let fictional = of_style(&train, "fictional");
    assert!(fictional.len() >= 3000);
    check_shape(
        "train.csv (fictional)",
        &fictional,
        FICTIONAL_KINDS,
        0.08,
        0.20,
    );
    let real = of_style(&train, "real-style");
    assert!(real.len() >= 15_000, "{} real-style rows", real.len());
    check_shape("train.csv (real-style)", &real, &real_kinds(), 0.025, 0.25);
    check_real_style("train.csv", &real, real.len() * 15 / 100);

    let test = load("test.csv");
    let all: Vec<&LabeledRow> = test.rows.iter().collect();
    assert!(all.len() >= 800);
    assert!(all.iter().all(|r| style(r) == "fictional"));
    check_shape("test.csv", &all, FICTIONAL_KINDS, 0.08, 0.20);

    let test_real = load("test_real.csv");
    let all: Vec<&LabeledRow> = test_real.rows.iter().collect();
    assert!(all.len() >= 3000, "{} rows", all.len());
    assert!(all.iter().all(|r| style(r) == "real-style"));
    check_shape("test_real.csv", &all, &real_kinds(), 0.025, 0.25);
    check_real_style("test_real.csv", &all, 300);
}

#[test]
fn no_sentence_appears_twice() {
    let mut seen: HashMap<String, String> = HashMap::new();
    for name in ["train.csv", "test.csv", "test_real.csv"] {
        for r in load(name).rows {
            let key = words(&r.text).join(" ");
            if let Some(prev) = seen.insert(key, format!("{name}:{}", r.line)) {
                panic!("{name}:{} repeats {prev}: {}", r.line, r.text);
            }
        }
    }
}

#[test]
fn no_test_sentence_is_a_near_copy_of_a_training_sentence() {
    let train: Vec<String> = load("train.csv").rows.into_iter().map(|r| r.text).collect();
    let index = NearDupIndex::from_texts(NEAR_DUP_JACCARD, &train);
    for name in ["test.csv", "test_real.csv"] {
        for r in load(name).rows {
            if let Some(m) = index.near_duplicate(&r.text) {
                panic!(
                    "{name}:{} is a near-copy ({:.2}) of a training sentence: {}",
                    r.line, m.similarity, r.text
                );
            }
        }
    }
}

/// The real-style rows were written by many authors: none may be a
/// near-copy of an earlier training row, nor of another real-style test
/// row, and no four-word opening may frame more than a few of them.
#[test]
fn real_style_rows_are_not_near_copies_and_do_not_repeat_openings() {
    let train = load("train.csv");
    let mut index = NearDupIndex::new(NEAR_DUP_JACCARD);
    let mut lines = Vec::new();
    for r in &train.rows {
        if style(r) == "real-style" {
            if let Some(m) = index.near_duplicate(&r.text) {
                panic!(
                    "train.csv:{} is a near-copy ({:.2}) of train.csv:{}: {}",
                    r.line, m.similarity, lines[m.id], r.text
                );
            }
        }
        index.insert(&r.text);
        lines.push(r.line);
    }
    let mut test_index = NearDupIndex::new(NEAR_DUP_JACCARD);
    let test = load("test_real.csv");
    for r in &test.rows {
        if let Some(m) = test_index.near_duplicate(&r.text) {
            panic!(
                "test_real.csv:{} is a near-copy ({:.2}) of test_real.csv:{}: {}",
                r.line, m.similarity, test.rows[m.id].line, r.text
            );
        }
        test_index.insert(&r.text);
    }
    for (name, rows) in [
        ("train.csv", of_style(&train, "real-style")),
        ("test_real.csv", test.rows.iter().collect()),
    ] {
        let mut openings: HashMap<String, Vec<u64>> = HashMap::new();
        for r in rows {
            let w = words(&r.text);
            if w.len() >= 6 {
                openings.entry(w[..4].join(" ")).or_default().push(r.line);
            }
        }
        for (opening, at) in openings {
            assert!(
                at.len() <= OPENING_CAP,
                "{name}: '{opening}' opens {} rows (lines {:?})",
                at.len(),
                &at[..OPENING_CAP + 1]
            );
        }
    }
}
