//! `benches/public_benchmarks.sh` end to end on a slice of the public data
//! (`QUICK=1`), with the binary cargo built for the tests. The data is not in
//! the repository: when `../shared/benchmarks` (next to the crate) is absent
//! the test says so on stderr and passes. No timing assertions.

use std::path::Path;
use std::process::Command;

/// The cells of the markdown table row whose first cell is `name`.
fn table_row(out: &str, name: &str) -> Vec<String> {
    out.lines()
        .find(|l| l.starts_with(&format!("| {name} |")))
        .unwrap_or_else(|| panic!("no '{name}' row in:\n{out}"))
        .trim_matches('|')
        .split('|')
        .map(|c| c.trim().to_string())
        .collect()
}

/// The number a cell starts with (`79.09 (folds ...)` -> 79.09).
fn leading_number(cell: &str) -> f64 {
    cell.split_whitespace()
        .next()
        .and_then(|w| w.parse().ok())
        .unwrap_or_else(|| panic!("'{cell}' does not start with a number"))
}

#[test]
fn public_benchmark_script_prints_both_benchmarks_beside_the_published_figures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bench = root.join("../shared/benchmarks");
    if !bench.is_dir() {
        eprintln!(
            "skipped: ../shared/benchmarks not found (looked for {})",
            bench.display()
        );
        return;
    }
    let o = Command::new("bash")
        .arg(root.join("benches/public_benchmarks.sh"))
        .arg(&bench)
        .env("QUICK", "1")
        .env("STANCE_BIN", env!("CARGO_BIN_EXE_stance"))
        .output()
        .expect("bash runs");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "the script failed:\n{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );

    // | benchmark | metric | stance | wall s | peers | published |
    let semeval = table_row(&out, "SemEval-2016 Task 6 A");
    assert_eq!(semeval.len(), 6, "{semeval:?}");
    assert_eq!(semeval[1], "F_avg");
    let favg = leading_number(&semeval[2]);
    assert!((20.0..=100.0).contains(&favg), "F_avg {favg} in:\n{out}");
    assert!(leading_number(&semeval[3]) >= 0.0);
    assert!(semeval[4].contains("LinearSVC 68.15"), "{out}");
    assert!(semeval[5].contains("SVM-ngrams 68.98"), "{out}");

    let polarity = table_row(&out, "Sentence polarity v1.0");
    assert_eq!(polarity.len(), 6, "{polarity:?}");
    assert_eq!(polarity[1], "accuracy");
    let accuracy = leading_number(&polarity[2]);
    // Two balanced labels: a working model is well above chance (50).
    assert!(
        (55.0..=100.0).contains(&accuracy),
        "accuracy {accuracy} in:\n{out}"
    );
    assert!(polarity[2].contains("(folds "), "{out}");
    assert!(polarity[4].contains("TF-IDF LR 78.69"), "{out}");
    assert!(polarity[5].contains("NBSVM-bi 79.4"), "{out}");

    assert!(out.contains("SemEval per label F1: "), "{out}");
    assert!(out.contains("Polarity macro-F1 "), "{out}");
    // The training-file CV the settings are chosen on, beside the test figure.
    let cv_line = out
        .lines()
        .find(|l| l.starts_with("SemEval train.csv 5-fold CV"))
        .unwrap_or_else(|| panic!("no train-CV line in:\n{out}"));
    let cv_favg = leading_number(
        cv_line
            .split("F_avg ")
            .nth(1)
            .and_then(|rest| rest.split(',').next())
            .unwrap_or(""),
    );
    assert!((20.0..=100.0).contains(&cv_favg), "{cv_line}");
}
