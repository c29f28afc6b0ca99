//! The bundled corpus meets the rules in data/LABELING.md: sizes, label and
//! register shares, hard-case share, no duplicates, and no test sentence
//! that is a near-copy of a training sentence (word-bigram Jaccard of 0.5 or
//! more, the rule `stance suggest` uses: `stance::suggest::near_dup`).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use stance::data::{read_labeled_csv, Columns, LabeledData};
use stance::suggest::near_dup::{words, NearDupIndex, NEAR_DUP_JACCARD};

const KINDS: &[&str] = &[
    "news",
    "oped",
    "policy",
    "announcement",
    "quote",
    "social",
    "headline",
    "furniture",
];
const LABELS: &[&str] = &["neutral", "pro-closed", "pro-open"];

fn load(name: &str) -> LabeledData {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name);
    let columns = Columns {
        extra: vec!["kind".into(), "hard".into()],
        ..Columns::default()
    };
    read_labeled_csv(&path, &columns).unwrap()
}

fn check_shape(data: &LabeledData, min_rows: usize) {
    let n = data.rows.len();
    assert!(
        n >= min_rows,
        "{}: {n} rows < {min_rows}",
        data.path.display()
    );
    let mut labels: BTreeMap<&str, usize> = BTreeMap::new();
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    let mut hard = 0;
    for r in &data.rows {
        assert!(
            LABELS.contains(&r.label.as_str()),
            "line {}: label {}",
            r.line,
            r.label
        );
        assert!(
            KINDS.contains(&r.extra[0].as_str()),
            "line {}: kind {}",
            r.line,
            r.extra[0]
        );
        if r.extra[0] == "furniture" {
            assert_eq!(
                r.label, "neutral",
                "line {}: furniture is always neutral",
                r.line
            );
        }
        *labels.entry(&r.label).or_default() += 1;
        *kinds.entry(&r.extra[0]).or_default() += 1;
        hard += usize::from(!r.extra[1].is_empty());
    }
    let assert_shares = |counts: &BTreeMap<&str, usize>, names: &[&str], min: f64, what: &str| {
        for name in names {
            let share = counts.get(name).copied().unwrap_or(0) as f64 / n as f64;
            assert!(
                share >= min,
                "{}: {what} {name} is {share:.3} of rows",
                data.path.display()
            );
        }
    };
    assert_shares(&labels, LABELS, 0.25, "label");
    assert_shares(&kinds, KINDS, 0.08, "kind");
    let hard_share = hard as f64 / n as f64;
    assert!(
        hard_share >= 0.20,
        "{}: hard cases {hard_share:.3}",
        data.path.display()
    );
}

#[test]
fn train_and_test_have_the_required_shape() {
    check_shape(&load("train.csv"), 3000);
    check_shape(&load("test.csv"), 800);
}

#[test]
fn no_sentence_appears_twice() {
    let mut seen: HashMap<String, String> = HashMap::new();
    for name in ["train.csv", "test.csv"] {
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
    for r in load("test.csv").rows {
        if let Some(m) = index.near_duplicate(&r.text) {
            panic!(
                "test.csv:{} is a near-copy ({:.2}) of a training sentence: {}",
                r.line, m.similarity, r.text
            );
        }
    }
}
