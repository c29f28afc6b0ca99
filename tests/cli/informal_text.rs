//! Forum, chat and social text: the sentence splitter against the table of
//! cases in tests/fixtures/informal/cases.txt, and `stance classify` on a
//! forum thread through the real binary.

use crate::common::*;
use stance::internals::split_sentences;

const CASES: &str = "tests/fixtures/informal/cases.txt";
const THREAD: &str = "tests/fixtures/informal/thread.txt";

/// One case of the table: its line in the file, input and expected sentences.
struct Case {
    line: usize,
    input: String,
    expected: Vec<String>,
}

fn read_cases() -> Vec<Case> {
    let text = std::fs::read_to_string(repo_file(CASES)).unwrap();
    let mut cases = Vec::new();
    let mut current: Option<(usize, Vec<String>, Vec<String>)> = None;
    let mut finish = |current: &mut Option<(usize, Vec<String>, Vec<String>)>| {
        if let Some((line, input, expected)) = current.take() {
            assert!(!input.is_empty(), "{CASES}:{line}: a case without input");
            cases.push(Case {
                line,
                input: input.join("\n"),
                expected,
            });
        }
    };
    for (n, raw) in text.lines().enumerate() {
        let line = n + 1;
        if raw.trim().is_empty() {
            finish(&mut current);
        } else if raw.starts_with('#') {
            continue;
        } else if let Some(input) = raw.strip_prefix("< ").or((raw == "<").then_some("")) {
            current
                .get_or_insert_with(|| (line, Vec::new(), Vec::new()))
                .1
                .push(input.to_string());
        } else if let Some(sentence) = raw.strip_prefix("= ") {
            let (_, _, expected) = current
                .as_mut()
                .unwrap_or_else(|| panic!("{CASES}:{line}: an expected sentence before any input"));
            expected.push(sentence.to_string());
        } else {
            panic!("{CASES}:{line}: a line must start with '< ', '= ' or '#': {raw:?}");
        }
    }
    finish(&mut current);
    cases
}

#[test]
fn informal_cases_split_as_the_table_says() {
    let cases = read_cases();
    assert!(cases.len() >= 15, "only {} cases read", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let got: Vec<String> = split_sentences(&case.input)
            .into_iter()
            .map(|s| s.text)
            .collect();
        if got != case.expected {
            failures.push(format!(
                "{CASES}:{}: {:?}\n  expected {:?}\n  got      {:?}",
                case.line, case.input, case.expected, got
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_forum_thread_is_classified_sentence_by_sentence() {
    let o = stance()
        .args(["classify", "--format", "jsonl", THREAD])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let texts: Vec<String> = stdout(&o)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["text"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(
        texts,
        [
            "Thread: are open weights worth it?",
            "posted by river_fox",
            "honestly yes.",
            "i run a 7b model at home and it never phones home!",
            "but the big labs say it's risky?",
            "lol.",
            "they would say that.",
            "reply from @k_ito 🙂",
            "no.",
            "closed models are safer for now.",
            "somebody has to be careful…",
            "#AISafety",
        ]
    );
}
