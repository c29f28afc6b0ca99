//! Shared helpers of the command-line tests: the binary, small generated
//! training files, and the checks every error message must pass.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// The real `stance` binary, run from the repository root.
pub fn stance() -> Command {
    let mut cmd = Command::cargo_bin("stance").expect("the stance binary is built");
    cmd.current_dir(repo());
    cmd
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file of the repository (read-only use).
pub fn repo_file(rel: &str) -> PathBuf {
    repo().join(rel)
}

/// A path as a command-line argument.
pub fn arg(p: &Path) -> String {
    p.display().to_string()
}

/// Settings that keep a fit on a small file well under a second.
pub const FAST: &[&str] = &["--max-features", "300"];

const SUBJECTS: &[&str] = &[
    "The lab",
    "Critics",
    "The ministry",
    "Researchers",
    "A spokesperson",
    "Developers",
    "The committee",
    "Analysts",
    "Our editors",
    "Many users",
    "The startup",
    "Regulators",
];

/// Word banks, one per label position: the words that give a label away.
const BANKS: &[&[&str]] = &[
    &[
        "open",
        "transparent",
        "share",
        "publish",
        "freedom",
        "community",
        "audit",
        "download",
        "inspect",
        "collaborate",
    ],
    &[
        "closed", "restrict", "licence", "danger", "misuse", "control", "secure", "gate", "weapon",
        "lock",
    ],
    &[
        "reported",
        "announced",
        "meeting",
        "Tuesday",
        "statement",
        "figures",
        "quarter",
        "schedule",
        "conference",
        "budget",
    ],
    &[
        "delicious",
        "recipe",
        "garden",
        "holiday",
        "weather",
        "music",
        "painting",
        "football",
        "coffee",
        "river",
    ],
];

const TAILS: &[&str] = &[
    "this year",
    "for everyone",
    "in the long run",
    "according to the report",
    "without any doubt",
    "across the industry",
    "at the summit",
];

/// The `j`-th generated sentence for the label at position `i` of a label set.
pub fn sentence(i: usize, j: usize) -> String {
    let bank = BANKS[i % BANKS.len()];
    let w = |k: usize| bank[(j * (k + 3) + k * 7 + j / bank.len()) % bank.len()];
    let subject = SUBJECTS[(j + i) % SUBJECTS.len()];
    let tail = TAILS[(j * 3 + i) % TAILS.len()];
    match j % 4 {
        0 => format!(
            "{subject} said we must {} and {} the models {tail}.",
            w(0),
            w(1)
        ),
        1 => format!(
            "{subject} argued that {} work means more {} {tail}.",
            w(0),
            w(2)
        ),
        2 => format!(
            "\"{} matters,\" {} wrote, calling for {} and {} {tail}.",
            capitalise(w(0)),
            subject.to_lowercase(),
            w(1),
            w(3)
        ),
        _ => format!("Why {} when we could {}, {} asked.", w(0), w(2), subject),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// `per_label` generated rows for every label, interleaved.
pub fn rows(labels: &[&str], per_label: usize) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for j in 0..per_label {
        for (i, l) in labels.iter().enumerate() {
            out.push((sentence(i, j), l.to_string()));
        }
    }
    out
}

/// Quote a CSV field when it needs it.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A CSV with a `text,label` header (or other column names) from rows.
pub fn csv_text(text_col: &str, label_col: &str, rows: &[(String, String)]) -> String {
    let mut s = format!("{text_col},{label_col}\n");
    for (t, l) in rows {
        s.push_str(&format!("{},{}\n", csv_field(t), csv_field(l)));
    }
    s
}

/// Write a `text,label` CSV of `per_label` rows per label into `dir`.
pub fn write_csv(dir: &Path, name: &str, labels: &[&str], per_label: usize) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, csv_text("text", "label", &rows(labels, per_label))).unwrap();
    path
}

/// The three labels of the bundled corpus.
pub const STANCE_LABELS: &[&str] = &["pro-open", "pro-closed", "neutral"];

/// Write a `text,label,kind,fold,topic` CSV with the corpus labels: `kind`
/// cycles news/opinion, `fold` cycles a/b/c and `topic` is x or y.
pub fn write_rich_csv(dir: &Path, name: &str, per_label: usize) -> PathBuf {
    let path = dir.join(name);
    let mut s = String::from("text,label,kind,fold,topic\n");
    for (n, (t, l)) in rows(STANCE_LABELS, per_label).iter().enumerate() {
        let kind = if n % 2 == 0 { "news" } else { "opinion" };
        let fold = ["a", "b", "c"][n % 3];
        let topic = if (n / 3) % 2 == 0 { "x" } else { "y" };
        s.push_str(&format!("{},{l},{kind},{fold},{topic}\n", csv_field(t)));
    }
    std::fs::write(&path, s).unwrap();
    path
}

/// `stance train --data DATA --out OUT` with fast settings and `extra`.
pub fn train_fast(data: &Path, out: &Path, extra: &[&str]) -> Output {
    stance()
        .args(["train", "--data", &arg(data), "--out", &arg(out)])
        .args(extra)
        .args(FAST)
        .output()
        .unwrap()
}

/// Train a model on `data` into `out` with fast settings; panics on failure.
pub fn train_model(data: &Path, out: &Path) {
    let o = train_fast(data, out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Stdout as UTF-8.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

/// Stderr as UTF-8.
pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// Parse stdout as JSON.
pub fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!("stdout is not JSON ({e}):\n{}", stdout(o));
    })
}

/// The run failed on bad input: exit code 2, one stderr line starting with
/// `stance: error:` that contains `needle` (the file, or `file:LINE:`), and
/// no panic. Returns the message.
pub fn assert_input_error(o: &Output, needle: &str) -> String {
    let err = stderr(o);
    assert!(!err.contains("panicked"), "the binary panicked:\n{err}");
    assert_eq!(
        o.status.code(),
        Some(2),
        "exit code (stderr: {err}, stdout: {})",
        stdout(o)
    );
    assert!(
        err.ends_with('\n') && err.matches('\n').count() == 1,
        "stderr is not exactly one line: {err:?}"
    );
    assert!(
        err.starts_with("stance: error: "),
        "stderr does not start with 'stance: error: ': {err:?}"
    );
    assert!(
        err.contains(needle),
        "stderr does not name {needle:?}: {err:?}"
    );
    err
}

/// The names of the entries of a directory, sorted.
pub fn dir_entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Fold runs of white space to one space, trimming the ends.
pub fn fold_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The bytes of some files, to check that a run left them alone.
pub struct Snapshot(Vec<(PathBuf, Option<Vec<u8>>)>);

impl Snapshot {
    /// Record the current bytes of `paths` (`None` for a missing file).
    pub fn take(paths: &[&Path]) -> Self {
        Snapshot(
            paths
                .iter()
                .map(|p| (p.to_path_buf(), std::fs::read(p).ok()))
                .collect(),
        )
    }

    /// Panic when any of the files changed.
    pub fn assert_unchanged(&self) {
        for (p, before) in &self.0 {
            let now = std::fs::read(p).ok();
            assert!(now == *before, "{} changed", p.display());
        }
    }
}

/// The sentence texts `stance classify --format jsonl` finds in `file`
/// (panics if the run fails).
pub fn classified_sentences(file: impl AsRef<std::ffi::OsStr>) -> Vec<String> {
    let o = stance()
        .args(["classify", "--format", "jsonl"])
        .arg(file.as_ref())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["text"].as_str().unwrap().to_string()
        })
        .collect()
}
