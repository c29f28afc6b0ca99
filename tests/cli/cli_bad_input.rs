//! Bad input through the real binary: exit code 2, one line on stderr that
//! starts with `stance: error:` and names the file (and the CSV line), no
//! panic, no change to the input or to an existing model, no temp files.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::*;

const PREVIOUS_MODEL: &[u8] = b"{\"previous\": \"model bytes that must survive\"}\n";

/// A temporary directory holding a bad CSV and `out/M.json` with content.
struct Scene {
    dir: tempfile::TempDir,
    data: PathBuf,
    out: PathBuf,
}

impl Scene {
    fn new(name: &str, bytes: &[u8]) -> Scene {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join(name);
        std::fs::write(&data, bytes).unwrap();
        std::fs::create_dir(dir.path().join("out")).unwrap();
        let out = dir.path().join("out/M.json");
        std::fs::write(&out, PREVIOUS_MODEL).unwrap();
        Scene { dir, data, out }
    }

    fn out_dir(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    /// `stance train --data DATA --out M` with fast settings and `extra`.
    fn train(&self, extra: &[&str]) -> Output {
        train_fast(&self.data, &self.out, extra)
    }

    /// After a failed train: M is as it was and nothing else is in its directory.
    fn assert_model_untouched(&self) {
        assert_eq!(std::fs::read(&self.out).unwrap(), PREVIOUS_MODEL);
        assert_eq!(dir_entries(&self.out_dir()), ["M.json"]);
    }
}

/// `path:LINE:` or, without a line, `path: `.
fn needle(path: &Path, line: Option<u64>) -> String {
    match line {
        Some(l) => format!("{}:{l}: ", path.display()),
        None => format!("{}: ", path.display()),
    }
}

/// Sixty good rows of the corpus labels, as CSV lines without the header.
fn good_rows() -> String {
    csv_text("text", "label", &rows(STANCE_LABELS, 20))
        .split_once('\n')
        .unwrap()
        .1
        .to_string()
}

/// Header, sixty good rows, then `bad`: the bad row is on line 62.
fn good_then(bad: &str) -> Vec<u8> {
    format!("text,label\n{}{bad}", good_rows()).into_bytes()
}

const BAD_LINE: u64 = 62;

/// A CSV that every command must refuse: train (with an existing --out),
/// evaluate --data, evaluate --train, cv --data. Returns train's message.
fn refused_everywhere(name: &str, bytes: &[u8], line: Option<u64>) -> String {
    let scene = Scene::new(name, bytes);
    let before = Snapshot::take(&[&scene.data]);
    let want = needle(&scene.data, line);

    let o = scene.train(&[]);
    let message = assert_input_error(&o, &want);
    assert!(o.stdout.is_empty(), "train printed: {}", stdout(&o));
    scene.assert_model_untouched();

    let o = stance()
        .args(["evaluate", "--data", &arg(&scene.data)])
        .output()
        .unwrap();
    assert_input_error(&o, &want);

    let good = write_csv(scene.dir.path(), "good.csv", STANCE_LABELS, 10);
    let o = stance()
        .args([
            "evaluate",
            "--train",
            &arg(&scene.data),
            "--data",
            &arg(&good),
        ])
        .args(FAST)
        .output()
        .unwrap();
    assert_input_error(&o, &want);

    let o = stance()
        .args(["cv", "--data", &arg(&scene.data), "--folds", "3"])
        .args(FAST)
        .output()
        .unwrap();
    assert_input_error(&o, &want);

    before.assert_unchanged();
    let mut want = vec!["good.csv".to_string(), name.to_string(), "out".to_string()];
    want.sort();
    assert_eq!(dir_entries(scene.dir.path()), want);
    message
}

#[test]
fn csv_without_the_text_column() {
    let m = refused_everywhere(
        "no_text.csv",
        b"sentence,label\nhello there,x\nbye now,y\n",
        Some(1),
    );
    assert!(m.contains("'text'") && m.contains("sentence, label"), "{m}");
}

#[test]
fn csv_without_the_label_column() {
    let m = refused_everywhere(
        "no_label.csv",
        b"text,stance\nhello there,x\nbye now,y\n",
        Some(1),
    );
    assert!(m.contains("'label'"), "{m}");
}

#[test]
fn csv_without_a_custom_column_asked_for() {
    let scene = Scene::new("t.csv", &good_then(""));
    let o = scene.train(&["--text-col", "tweet"]);
    let m = assert_input_error(&o, &needle(&scene.data, Some(1)));
    assert!(m.contains("'tweet'"), "{m}");
    scene.assert_model_untouched();
    for extra in [["--by", "kind"], ["--group-col", "kind"]] {
        let o = stance()
            .args([
                "evaluate",
                "--train",
                &arg(&scene.data),
                "--data",
                &arg(&scene.data),
            ])
            .args(extra)
            .output()
            .unwrap();
        let m = assert_input_error(&o, &needle(&scene.data, Some(1)));
        assert!(m.contains("'kind'"), "{m}");
    }
    let o = stance()
        .args(["cv", "--data", &arg(&scene.data), "--fold-col", "fold"])
        .output()
        .unwrap();
    assert_input_error(&o, &needle(&scene.data, Some(1)));
}

#[test]
fn empty_file() {
    let m = refused_everywhere("empty.csv", b"", None);
    assert!(m.contains("empty"), "{m}");
    refused_everywhere("blank.csv", b"\n \r\n\t\n", None);
}

#[test]
fn header_with_no_rows() {
    let m = refused_everywhere("header.csv", b"text,label\n", None);
    assert!(m.contains("no rows"), "{m}");
    refused_everywhere("header_crlf.csv", b"text,label\r\n\r\n", None);
}

#[test]
fn all_rows_one_label() {
    let scene = Scene::new(
        "one.csv",
        b"text,label\nhello there,x\nhi you,x\nbye now,x\n",
    );
    let before = Snapshot::take(&[&scene.data]);
    let o = scene.train(&[]);
    let m = assert_input_error(&o, &needle(&scene.data, None));
    assert!(m.contains("'x'") && m.contains("two labels"), "{m}");
    scene.assert_model_untouched();
    let o = scene.train(&["--tune", "--tune-folds", "2", "--alphas", "0.3,1"]);
    assert_input_error(&o, &needle(&scene.data, None));
    scene.assert_model_untouched();
    let o = stance()
        .args(["cv", "--data", &arg(&scene.data), "--folds", "2"])
        .output()
        .unwrap();
    assert_input_error(&o, &needle(&scene.data, None));
    before.assert_unchanged();
}

/// A weight column (`--weight-col w`): a negative, non-numeric or
/// non-finite weight is refused with its line; weights that are all zero
/// are refused for the file.
#[test]
fn bad_weights() {
    let good: String = good_rows().lines().map(|l| format!("{l},1\n")).collect();
    for (bad, line) in [
        ("a row with a negative weight,pro-open,-1", Some(62)),
        ("a row with a word for weight,pro-open,heavy", Some(62)),
        ("a row with an infinite weight,pro-open,inf", Some(62)),
    ] {
        let scene = Scene::new("w.csv", format!("text,label,w\n{good}{bad}\n").as_bytes());
        let before = Snapshot::take(&[&scene.data]);
        let o = scene.train(&["--weight-col", "w"]);
        let m = assert_input_error(&o, &needle(&scene.data, line));
        assert!(m.contains("weight"), "{m}");
        scene.assert_model_untouched();
        before.assert_unchanged();
    }
    let zeros: String = good_rows().lines().map(|l| format!("{l},0\n")).collect();
    let scene = Scene::new("z.csv", format!("text,label,w\n{zeros}").as_bytes());
    let o = scene.train(&["--weight-col", "w"]);
    let m = assert_input_error(&o, &needle(&scene.data, None));
    assert!(m.contains("every 'w' weight is 0"), "{m}");
    scene.assert_model_untouched();
    // A good weight column trains, and the model card records it.
    let scene = Scene::new("ok.csv", format!("text,label,w\n{good}").as_bytes());
    let o = scene.train(&["--weight-col", "w"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let model: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&scene.out).unwrap()).unwrap();
    assert_eq!(model["training"]["weight_column"], "w", "{model}");
}

#[test]
fn invalid_utf8() {
    let mut bytes = good_then("");
    bytes.extend_from_slice(b"caf\xe9 au lait,neutral\n");
    let m = refused_everywhere("latin1.csv", &bytes, Some(BAD_LINE));
    assert!(m.contains("UTF-8"), "{m}");
    // Lines are counted through quoted fields that span lines.
    refused_everywhere(
        "multi.csv",
        b"text,label\n\"one\ntwo\",x\nok,y\n\xff\xfe,x\n",
        Some(5),
    );
}

#[test]
fn unterminated_quote() {
    let m = refused_everywhere(
        "quote.csv",
        &good_then("\"Open weights are good,pro-open\nMore text,neutral\n"),
        Some(BAD_LINE),
    );
    assert!(m.contains("never closed"), "{m}");
}

#[test]
fn row_with_the_wrong_number_of_fields() {
    let m = refused_everywhere("extra.csv", &good_then("too,many,fields\n"), Some(BAD_LINE));
    assert!(m.contains("3 fields") && m.contains("header has 2"), "{m}");
    refused_everywhere("few.csv", &good_then("lonely\n"), Some(BAD_LINE));
    refused_everywhere(
        "after_multiline.csv",
        b"text,label\n\"a\nb\",x\nc,y,z\n",
        Some(4),
    );
}

#[test]
fn row_with_empty_text_or_label() {
    let m = refused_everywhere(
        "empty_text.csv",
        &good_then("   ,neutral\n"),
        Some(BAD_LINE),
    );
    assert!(m.contains("'text' field is empty"), "{m}");
    refused_everywhere(
        "quoted_empty.csv",
        &good_then("\"\",neutral\n"),
        Some(BAD_LINE),
    );
    let m = refused_everywhere(
        "empty_label.csv",
        &good_then("Some text here, \n"),
        Some(BAD_LINE),
    );
    assert!(m.contains("'label' field is empty"), "{m}");
}

/// `text` with every `\n` turned into `\r\n`.
fn crlf(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() * 2);
    for &b in text {
        if b == b'\n' {
            out.push(b'\r');
        }
        out.push(b);
    }
    out
}

#[test]
fn crlf_files_report_the_right_line_for_utf8_and_quotes() {
    // These two checks run before the csv reader and count lines themselves.
    let mut bytes = good_then("");
    bytes.extend_from_slice(b"caf\xe9,x\n");
    refused_everywhere("crlf_latin1.csv", &crlf(&bytes), Some(BAD_LINE));
    refused_everywhere(
        "crlf_quote.csv",
        &crlf(&good_then("\"never closed,x\nmore,y\n")),
        Some(BAD_LINE),
    );
}

#[test]
fn crlf_files_report_the_right_line_for_csv_reader_errors() {
    refused_everywhere(
        "crlf_fields.csv",
        &crlf(&good_then("a,b,c\n")),
        Some(BAD_LINE),
    );
    refused_everywhere("crlf_empty.csv", &crlf(&good_then(" ,x\n")), Some(BAD_LINE));
    refused_everywhere("crlf_first.csv", b"text,label\r\n ,x\r\nok,y\r\n", Some(2));
}

#[test]
fn paths_that_do_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no/such/file.csv");
    let good = write_csv(dir.path(), "good.csv", STANCE_LABELS, 10);
    let out = dir.path().join("M.json");
    std::fs::write(&out, PREVIOUS_MODEL).unwrap();
    let m = arg(&missing);
    let cases: Vec<Vec<String>> = vec![
        vec![
            "train".into(),
            "--data".into(),
            m.clone(),
            "--out".into(),
            arg(&out),
        ],
        vec!["evaluate".into(), "--data".into(), m.clone()],
        vec![
            "evaluate".into(),
            "--train".into(),
            m.clone(),
            "--data".into(),
            arg(&good),
        ],
        vec![
            "evaluate".into(),
            "--model".into(),
            m.clone(),
            "--data".into(),
            arg(&good),
        ],
        vec!["cv".into(), "--data".into(), m.clone()],
        vec!["classify".into(), m.clone()],
        vec![
            "classify".into(),
            "data/articles/oped_open.txt".into(),
            m.clone(),
        ],
        vec![
            "classify".into(),
            "--model".into(),
            m.clone(),
            "data/articles/oped_open.txt".into(),
        ],
    ];
    for args in cases {
        let o = stance().args(&args).output().unwrap();
        let msg = assert_input_error(&o, &format!("{m}: "));
        assert!(msg.contains("No such file"), "{args:?}: {msg}");
        assert!(o.stdout.is_empty(), "{args:?} printed {}", stdout(&o));
    }
    assert_eq!(std::fs::read(&out).unwrap(), PREVIOUS_MODEL);
    assert_eq!(dir_entries(dir.path()), ["M.json", "good.csv"]);
}

#[test]
fn io_errors_do_not_repeat_their_cause() {
    let o = stance()
        .args(["classify", "/no/such/file.txt"])
        .output()
        .unwrap();
    let msg = assert_input_error(&o, "/no/such/file.txt: ");
    assert_eq!(msg.matches("os error 2").count(), 1, "{msg}");
}

#[test]
fn a_directory_where_a_file_is_expected() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let good = write_csv(dir.path(), "good.csv", STANCE_LABELS, 10);
    for args in [
        vec![
            "train".to_string(),
            "--data".into(),
            arg(&sub),
            "--out".into(),
            arg(&dir.path().join("m.json")),
        ],
        vec![
            "evaluate".into(),
            "--model".into(),
            arg(&sub),
            "--data".into(),
            arg(&good),
        ],
        vec!["classify".into(), "--model".into(), arg(&sub), arg(&good)],
    ] {
        let o = stance().args(&args).output().unwrap();
        assert_input_error(&o, &format!("{}: ", sub.display()));
    }
    // A directory with no .txt or .md files has nothing to classify.
    let o = stance().args(["classify", &arg(&sub)]).output().unwrap();
    let m = assert_input_error(&o, &format!("{}: ", sub.display()));
    assert!(m.contains(".txt"), "{m}");
}

#[test]
fn binary_files_given_to_classify() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("image.png");
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend(std::iter::repeat_n(0u8, 2000));
    std::fs::write(&png, &bytes).unwrap();
    let o = stance().args(["classify", &arg(&png)]).output().unwrap();
    let m = assert_input_error(&o, &format!("{}: ", png.display()));
    assert!(m.contains("not a text file"), "{m}");
    assert!(o.stdout.is_empty());

    // Text with a NUL in the middle of an otherwise fine file.
    let nul = dir.path().join("nul.txt");
    std::fs::write(&nul, b"Open weights are good.\nMore\0text.\n").unwrap();
    let o = stance().args(["classify", &arg(&nul)]).output().unwrap();
    assert_input_error(&o, &format!("{}: ", nul.display()));

    // Invalid UTF-8 names the line.
    let latin1 = dir.path().join("latin1.txt");
    std::fs::write(&latin1, b"First line.\nSecond line.\nCaf\xe9 au lait.\n").unwrap();
    let o = stance().args(["classify", &arg(&latin1)]).output().unwrap();
    assert_input_error(&o, &format!("{}:3: ", latin1.display()));

    // A binary .txt file inside a directory is named too.
    let sub = dir.path().join("articles");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("a.txt"), "A fine article.\n").unwrap();
    std::fs::write(sub.join("b.txt"), &bytes).unwrap();
    let o = stance().args(["classify", &arg(&sub)]).output().unwrap();
    assert_input_error(&o, &format!("{}: ", sub.join("b.txt").display()));

    // And on standard input.
    let o = stance()
        .args(["classify", "-"])
        .write_stdin(bytes)
        .output()
        .unwrap();
    assert_input_error(&o, "-: ");
}

/// Write a model file variant and check classify and evaluate refuse it.
fn refused_model(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let good = write_csv(dir, "good.csv", STANCE_LABELS, 5);
    let o = stance()
        .args([
            "classify",
            "--model",
            &arg(&path),
            "data/articles/oped_open.txt",
        ])
        .output()
        .unwrap();
    let m = assert_input_error(&o, &format!("{}: ", path.display()));
    assert!(o.stdout.is_empty());
    let o = stance()
        .args(["evaluate", "--model", &arg(&path), "--data", &arg(&good)])
        .output()
        .unwrap();
    assert_input_error(&o, &format!("{}: ", path.display()));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "the model file changed"
    );
    m
}

fn real_model() -> Vec<u8> {
    std::fs::read(repo_file("models/stance.json")).unwrap()
}

#[test]
fn a_truncated_model_file() {
    let dir = tempfile::tempdir().unwrap();
    let model = real_model();
    let m = refused_model(dir.path(), "half.json", &model[..model.len() / 2]);
    assert!(m.contains("truncated"), "{m}");
    refused_model(dir.path(), "ten.json", &model[..10]);
    refused_model(dir.path(), "empty.json", b"");
    // A model trained in the test, cut in half.
    let data = write_csv(dir.path(), "train.csv", STANCE_LABELS, 20);
    let mine = dir.path().join("mine.json");
    train_model(&data, &mine);
    let bytes = std::fs::read(&mine).unwrap();
    let m = refused_model(dir.path(), "mine_half.json", &bytes[..bytes.len() / 2]);
    assert!(m.contains("truncated"), "{m}");
}

#[test]
fn valid_json_that_is_not_a_model() {
    let dir = tempfile::tempdir().unwrap();
    let m = refused_model(
        dir.path(),
        "package.json",
        br#"{"name": "left-pad", "version": "1.3.0", "labels": ["a", "b"]}"#,
    );
    assert!(m.contains("not a stance model"), "{m}");
    refused_model(dir.path(), "array.json", b"[1, 2, 3]\n");
    refused_model(dir.path(), "string.json", b"\"stance-model\"\n");
    refused_model(dir.path(), "null.json", b"null\n");
    // The right header but nothing else.
    let m = refused_model(
        dir.path(),
        "header.json",
        br#"{"format": "stance-model", "version": 1}"#,
    );
    assert!(m.contains("damaged"), "{m}");
    // Tables that disagree with the labels.
    let text = String::from_utf8(real_model()).unwrap();
    let two = text.replacen(
        r#""labels":["neutral","pro-closed","pro-open"]"#,
        r#""labels":["neutral","pro-closed"]"#,
        1,
    );
    assert_ne!(two, text);
    refused_model(dir.path(), "two_labels.json", two.as_bytes());
    // Not JSON at all: a CSV given as the model.
    let m = refused_model(dir.path(), "model.csv", b"text,label\nhello,x\n");
    assert!(m.contains("not a stance model"), "{m}");
}

#[test]
fn a_model_of_another_version() {
    let dir = tempfile::tempdir().unwrap();
    let text = String::from_utf8(real_model()).unwrap();
    let v99 = text.replacen(r#""version":1,"#, r#""version":99,"#, 1);
    assert_ne!(v99, text);
    let m = refused_model(dir.path(), "v99.json", v99.as_bytes());
    assert!(m.contains("version 99"), "{m}");
    let none = text.replacen(r#""version":1,"#, "", 1);
    refused_model(dir.path(), "no_version.json", none.as_bytes());
}

#[test]
fn failing_to_write_the_model_leaves_the_target_alone() {
    // --out names an existing, non-empty directory: training succeeds but
    // the model cannot be renamed over it.
    let scene = Scene::new("good.csv", &good_then(""));
    let target = scene.dir.path().join("target");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("keep.txt"), "keep me").unwrap();
    let o = stance()
        .args(["train", "--data", &arg(&scene.data), "--out", &arg(&target)])
        .args(FAST)
        .output()
        .unwrap();
    assert_input_error(&o, &format!("{}: ", target.display()));
    assert_eq!(dir_entries(&target), ["keep.txt"]);
    assert_eq!(std::fs::read(target.join("keep.txt")).unwrap(), b"keep me");
    assert_eq!(dir_entries(scene.dir.path()), ["good.csv", "out", "target"]);
}

#[test]
fn invalid_settings_leave_an_existing_model_alone() {
    let scene = Scene::new("good.csv", &good_then(""));
    let before = Snapshot::take(&[&scene.data]);
    for extra in [
        &["--alpha", "0"][..],
        &["--alpha=-1"],
        &["--alpha", "NaN"],
        &["--max-iter", "0"],
        &["--tune", "--tune-folds", "1"],
        &["--tune", "--alphas", "0.3,0"],
    ] {
        let o = scene.train(extra);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{extra:?}: {err}");
        assert!(
            err.starts_with("stance: error: ") && err.lines().count() == 1,
            "{err}"
        );
        assert!(!err.contains("panicked"));
        scene.assert_model_untouched();
    }
    for folds in ["1", "1000"] {
        let o = stance()
            .args(["cv", "--data", &arg(&scene.data), "--folds", folds])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert_eq!(stderr(&o).lines().count(), 1);
    }
    let o = stance()
        .args([
            "evaluate",
            "--data",
            &arg(&scene.data),
            "--favg-labels",
            "nope",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    before.assert_unchanged();
}

#[test]
fn tune_folds_without_two_labels_are_an_input_error() {
    let mut csv = String::from("text,label\n");
    for j in 0..20 {
        csv.push_str(&format!("{},common\n", csv_field(&sentence(0, j))));
    }
    csv.push_str(&format!("{},rare\n", csv_field(&sentence(1, 0))));
    let scene = Scene::new("skewed.csv", csv.as_bytes());
    let o = scene.train(&["--tune", "--tune-folds", "5"]);
    assert_input_error(&o, &format!("{}", scene.data.display()));
    scene.assert_model_untouched();
}

#[test]
fn an_out_path_under_a_regular_file_is_a_usage_error() {
    let scene = Scene::new("good.csv", &good_then(""));
    let out = scene.data.join("model.json");
    let o = stance()
        .args(["train", "--data", &arg(&scene.data), "--out", &arg(&out)])
        .args(FAST)
        .output()
        .unwrap();
    assert_input_error(&o, &format!("{}", scene.data.display()));
}

#[test]
#[cfg(unix)]
fn a_saved_model_has_ordinary_file_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = write_csv(dir.path(), "d.csv", STANCE_LABELS, 10);
    let plain = dir.path().join("plain.txt");
    std::fs::write(&plain, "x").unwrap();
    let out = dir.path().join("m.json");
    train_model(&data, &out);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&out), mode(&plain));
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let good = write_csv(dir.path(), "good.csv", STANCE_LABELS, 10);
    let g = arg(&good);
    let m = arg(&dir.path().join("m.json"));
    let cases: Vec<Vec<&str>> = vec![
        vec![],
        vec!["frobnicate"],
        vec!["train", "--bogus"],
        vec!["train", "--data", &g, "--out", &m, "--bogus"],
        vec!["train", "--out", &m],
        vec!["train"],
        vec!["evaluate"],
        vec!["evaluate", "--model", &m],
        vec!["cv"],
        vec!["cv", "--folds", "3"],
        vec!["classify"],
        vec!["classify", "--format", "xml", "data/articles"],
        vec!["classify", "--min-confidence", "1.5", "data/articles"],
        vec!["classify", "--min-confidence", "high", "data/articles"],
        vec!["train", "--data", &g, "--out", &m, "--ngrams", "0..2"],
        vec!["train", "--data", &g, "--out", &m, "--ngrams", "3..1"],
        vec!["train", "--data", &g, "--out", &m, "--alpha", "1", "--tune"],
        vec!["train", "--data", &g, "--out", &m, "--max-features", "-5"],
        vec!["evaluate", "--model", &m, "--train", &g, "--data", &g],
        vec!["evaluate", "--data", &g, "--group-col", "kind"],
        vec!["cv", "--data", &g, "--borrow", "0.1"],
    ];
    for args in cases {
        let o = stance().args(&args).output().unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(!err.is_empty(), "{args:?}: no message");
        assert!(o.stdout.is_empty(), "{args:?}: {}", stdout(&o));
    }
    assert_eq!(dir_entries(dir.path()), ["good.csv"]);
    // --help and --version are not errors.
    stance().arg("--help").assert().success();
    stance().arg("--version").assert().success();
}
