//! `stance classify --input-format jsonl|csv` (records mode) through the
//! real binary: kept fields, per-article and per-sentence records, HTML
//! fields, stdin and several files, bad records, refusals, and that each
//! record's sentences and summary are exactly those of `--format json`.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::*;
use serde_json::Value;

const ARTICLE: &str = "Open weights let anyone audit the model and fix what they find.\n\n\
    The lab said release must wait for safety testing, since misuse is hard to undo.\n\n\
    The summit opens on Monday in Geneva.";

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = stance();
    cmd.arg("classify").args(args);
    if let Some(bytes) = stdin {
        cmd.write_stdin(bytes.to_vec());
    }
    let o = cmd.output().unwrap();
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    o
}

fn ok(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let o = run(args, stdin);
    assert!(o.status.success(), "classify {args:?}: {}", stderr(&o));
    o
}

fn lines(o: &Output) -> Vec<Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn keys(v: &Value) -> Vec<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

fn record(fields: &[(&str, Value)]) -> String {
    // Built by hand to keep the field order.
    let members: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{}:{}", Value::from(*k), v))
        .collect();
    format!("{{{}}}", members.join(","))
}

/// JSON text without the white space between tokens.
fn compact(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

/// `"sentences":[...],"summary":{...}` of `classify --format json FILE`,
/// compact, byte for byte.
fn json_parts(args: &[&str], file: &Path) -> String {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let doc = compact(&stdout(&ok(&[&all[..], &[&arg(file)]].concat(), None)));
    let start = doc.find("\"sentences\":").expect("a sentences key");
    let end = doc.len() - "}]}".len();
    doc[start..end].to_string()
}

#[test]
fn article_records_hold_the_kept_fields_then_exactly_the_json_sentences_and_summary() {
    let dir = tempfile::tempdir().unwrap();
    let txt = write(dir.path(), "a.txt", ARTICLE);
    // Kept values are copied as written, numbers and key order included,
    // only their white space dropped.
    let line = format!(
        "{{\"url\": \"https://x.example/1\", \"text\": {}, \"id\": 12345678901234567890, \"meta\": {{\"tags\": [\"a\", \"b\"], \"n\": 1.5}}}}",
        Value::from(ARTICLE)
    );
    let input = write(dir.path(), "in.jsonl", &format!("{line}\n"));
    let o = ok(&["--input-format", "jsonl", &arg(&input)], None);
    let out = stdout(&o);
    let want = format!(
        "{{\"url\":\"https://x.example/1\",\"id\":12345678901234567890,\"meta\":{{\"tags\":[\"a\",\"b\"],\"n\":1.5}},{}}}\n",
        json_parts(&[], &txt)
    );
    assert_eq!(out, want);
    // The same with --min-confidence and --explain.
    let o = ok(
        &[
            "--input-format",
            "jsonl",
            "--keep",
            "id",
            "--min-confidence",
            "0.6",
            "--explain",
            "2",
            &arg(&input),
        ],
        None,
    );
    let want = format!(
        "{{\"id\":12345678901234567890,{}}}\n",
        json_parts(&["--min-confidence", "0.6", "--explain", "2"], &txt)
    );
    assert_eq!(stdout(&o), want);
}

#[test]
fn keep_names_the_fields_passed_through_in_record_order() {
    let input = [
        record(&[
            ("id", "a".into()),
            ("date", "2026-01-02".into()),
            ("url", "u1".into()),
            ("text", "Open weights help everyone.".into()),
        ]),
        record(&[
            ("url", "u2".into()),
            ("text", "".into()),
            ("id", "b".into()),
        ]),
    ]
    .join("\n");
    let o = ok(
        &["--input-format", "jsonl", "--keep", "url,id", "-"],
        Some(input.as_bytes()),
    );
    let got = lines(&o);
    assert_eq!(got.len(), 2);
    let out = stdout(&o);
    let raw: Vec<&str> = out.lines().collect();
    assert!(
        raw[0].starts_with("{\"id\":\"a\",\"url\":\"u1\",\"sentences\":["),
        "{}",
        raw[0]
    );
    assert!(
        raw[1].starts_with("{\"url\":\"u2\",\"id\":\"b\",\"sentences\":[],\"summary\":{"),
        "{}",
        raw[1]
    );
    assert_eq!(keys(&got[0]), ["id", "sentences", "summary", "url"]); // sorted by serde_json
                                                                      // An empty text is an article with no sentence.
    assert_eq!(got[1]["sentences"], serde_json::json!([]));
    assert_eq!(got[1]["summary"]["stance"], "neutral");
    // Keeping the text field keeps it.
    let o = ok(
        &["--input-format", "jsonl", "--keep", "text", "-"],
        Some(input.as_bytes()),
    );
    assert_eq!(lines(&o)[0]["text"], "Open weights help everyone.");
}

#[test]
fn per_sentence_records_are_flat() {
    let input = record(&[("id", 7.into()), ("text", ARTICLE.into())]);
    let o = ok(
        &["--input-format", "jsonl", "--per", "sentence", "-"],
        Some(input.as_bytes()),
    );
    let got = lines(&o);
    assert_eq!(got.len(), 3);
    for (i, s) in got.iter().enumerate() {
        assert_eq!(
            keys(s),
            [
                "confidence",
                "end",
                "id",
                "index",
                "label",
                "probabilities",
                "start",
                "text"
            ]
        );
        assert_eq!(s["id"], 7);
        assert_eq!(s["index"], i);
    }
    // Each line is the kept fields, then the compact sentence object of --format json.
    let dir = tempfile::tempdir().unwrap();
    let txt = write(dir.path(), "a.txt", ARTICLE);
    let parts = json_parts(&[], &txt);
    for (i, line) in stdout(&o).lines().enumerate() {
        assert!(
            line.starts_with(&format!("{{\"id\":7,\"index\":{i},\"start\":")),
            "{line}"
        );
        let sentence = &line["{\"id\":7,".len()..];
        assert!(parts.contains(&format!("{{{sentence}")), "{line}");
    }
}

#[test]
fn csv_records_keep_their_columns_as_strings() {
    let dir = tempfile::tempdir().unwrap();
    let csv = format!(
        "id,text,n\n1,{},2.50\n2,\"Short, and \"\"quoted\"\".\",\n",
        csv_field(ARTICLE)
    );
    let input = write(dir.path(), "in.csv", &csv);
    let o = ok(&["--input-format", "csv", &arg(&input)], None);
    let got = lines(&o);
    assert_eq!(got.len(), 2);
    assert_eq!(keys(&got[0]), ["id", "n", "sentences", "summary"]);
    assert_eq!(
        (got[0]["id"].clone(), got[0]["n"].clone()),
        ("1".into(), "2.50".into())
    );
    assert_eq!(got[1]["n"], "");
    assert_eq!(got[1]["sentences"][0]["text"], "Short, and \"quoted\".");
    let txt = write(dir.path(), "a.txt", ARTICLE);
    let first = stdout(&o).lines().next().unwrap().to_string();
    assert_eq!(
        first,
        format!("{{\"id\":\"1\",\"n\":\"2.50\",{}}}", json_parts(&[], &txt))
    );

    // Per sentence, as CSV: the kept columns, then classify's CSV columns.
    let o = ok(
        &[
            "--input-format",
            "csv",
            "--per",
            "sentence",
            "--format",
            "csv",
            "--keep",
            "n,id",
            &arg(&input),
        ],
        None,
    );
    let out = stdout(&o);
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(
        rows[0],
        "n,id,index,start,end,label,confidence,p_neutral,p_pro-closed,p_pro-open,text"
    );
    assert_eq!(rows.len(), 1 + 3 + 1);
    assert!(rows[1].starts_with("2.50,1,0,0,"), "{}", rows[1]);
    assert!(rows[4].starts_with(",2,0,0,"), "{}", rows[4]);
    // The same rows as classify --format csv, but for the leading columns.
    let plain = stdout(&ok(&["--format", "csv", &arg(&txt)], None));
    let source = format!("{},", txt.display());
    for (mine, theirs) in rows[1..4].iter().zip(plain.lines().skip(1)) {
        assert_eq!(&mine["2.50,1,".len()..], &theirs[source.len()..]);
    }
}

#[test]
fn html_fields_are_reduced_to_their_article_text_as_pages_are() {
    let dir = tempfile::tempdir().unwrap();
    let page = "<html><head><title>T</title><script>var x = 1;</script></head><body>\
        <nav><a href='/'>Home</a></nav><article><h1>Weights for all</h1>\
        <p>Open weights let anyone audit the model.</p><p>The lab says misuse is hard to undo.</p>\
        </article><footer>Subscribe now</footer></body></html>";
    let file = write(dir.path(), "page.html", page);
    let input = record(&[("id", 1.into()), ("html", page.into())]);
    let o = ok(
        &["--input-format", "jsonl", "--html-field", "html", "-"],
        Some(input.as_bytes()),
    );
    assert_eq!(
        stdout(&o),
        format!("{{\"id\":1,{}}}\n", json_parts(&[], &file))
    );
    // Without --html-field the page would be the text; no text field here.
    let o = run(&["--input-format", "jsonl", "-"], Some(input.as_bytes()));
    assert_input_error(&o, "-:1: no field 'text' (--text-field)");
    // Both at once is a usage error.
    let o = run(
        &[
            "--input-format",
            "jsonl",
            "--html-field",
            "h",
            "--text-field",
            "t",
            "-",
        ],
        Some(b""),
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn several_files_and_stdin_are_read_in_the_order_given() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a.jsonl",
        &[1, 2]
            .map(|i| record(&[("id", i.into()), ("text", "Open weights help.".into())]))
            .join("\n"),
    );
    let b = write(
        dir.path(),
        "b.jsonl",
        &record(&[
            ("id", 3.into()),
            ("text", "The lab keeps its model closed.".into()),
        ]),
    );
    let stdin = record(&[("id", 4.into()), ("text", "Meeting on Monday.".into())]);
    let o = ok(
        &["--input-format", "jsonl", &arg(&b), "-", &arg(&a)],
        Some(stdin.as_bytes()),
    );
    let ids: Vec<u64> = lines(&o)
        .iter()
        .map(|v| v["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, [3, 4, 1, 2]);
    // A directory gives its .jsonl files, sorted.
    write(dir.path(), "c.txt", "not a record file");
    let o = ok(&["--input-format", "jsonl", &arg(dir.path())], None);
    let ids: Vec<u64> = lines(&o)
        .iter()
        .map(|v| v["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, [1, 2, 3]);
    // Line numbers count in each file.
    let bad = write(
        dir.path(),
        "bad.jsonl",
        "{\"text\":\"Fine.\"}\n\n{\"text\":5}\n",
    );
    let o = run(&["--input-format", "jsonl", &arg(&a), &arg(&bad)], None);
    assert_input_error(
        &o,
        &format!(
            "{}:3: the field 'text' (--text-field) is a number, not a string",
            bad.display()
        ),
    );
    assert_eq!(
        lines(&o).len(),
        3,
        "the records before the bad one are written"
    );
}

const MIXED: &str = "{\"id\":1,\"text\":\"Open weights help.\"}\n\
    not json\n\
    [1,2]\n\
    {\"id\":4}\n\
    {\"id\":5,\"text\":null}\n\
    {\"id\":6,\"text\":\"Closed models are safer.\",\"id\":7}\n\
    {\"id\":8,\"text\":\"The end.\"}\n";

#[test]
fn a_bad_record_stops_the_run_at_its_line_after_what_came_before() {
    let o = run(&["--input-format", "jsonl", "-"], Some(MIXED.as_bytes()));
    let msg = assert_input_error(&o, "-:2: not valid JSON (column 2: expected ident)");
    assert!(msg.starts_with("stance: error: -:2:"), "{msg}");
    let got = lines(&o);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["id"], 1);
}

#[test]
fn skip_bad_lists_every_skipped_record_and_counts_them() {
    let o = ok(
        &["--input-format", "jsonl", "--skip-bad", "-"],
        Some(MIXED.as_bytes()),
    );
    let ids: Vec<u64> = lines(&o)
        .iter()
        .map(|v| v["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, [1, 8]);
    let err = stderr(&o);
    let want = [
        "stance: skipped: -:2: not valid JSON (column 2: expected ident)",
        "stance: skipped: -:3: not a JSON object (invalid type: sequence, expected a JSON object)",
        "stance: skipped: -:4: no field 'text' (--text-field)",
        "stance: skipped: -:5: the field 'text' (--text-field) is null, not a string",
        "stance: skipped: -:6: not a JSON object (the field 'id' appears twice)",
        "stance: skipped 5 bad records of 7",
    ];
    assert_eq!(err.lines().collect::<Vec<_>>(), want);
    // A record lacking a --keep field is bad too.
    let o = ok(
        &["--input-format", "jsonl", "--skip-bad", "--keep", "id", "-"],
        Some(b"{\"text\":\"A.\"}\n{\"id\":2,\"text\":\"B.\"}\n"),
    );
    assert_eq!(lines(&o).len(), 1);
    assert_eq!(
        stderr(&o),
        "stance: skipped: -:1: no field 'id' (--keep)\nstance: skipped 1 bad record of 2\n"
    );
}

#[test]
fn bad_csv_rows_are_reported_by_the_line_they_start_on() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "in.csv",
        "id,text\n1,\"Open weights,\nsaid the lab.\"\n2,too,many\n3,Fine.\n",
    );
    let o = run(&["--input-format", "csv", &arg(&csv)], None);
    assert_input_error(
        &o,
        &format!(
            "{}:4: this row has 3 fields, the header has 2",
            csv.display()
        ),
    );
    assert_eq!(lines(&o).len(), 1);
    let o = ok(&["--input-format", "csv", "--skip-bad", &arg(&csv)], None);
    assert_eq!(lines(&o).len(), 2);
    assert!(
        stderr(&o).ends_with("stance: skipped 1 bad record of 3\n"),
        "{}",
        stderr(&o)
    );
    // A header without the text column is refused before any record.
    let nocol = write(dir.path(), "nocol.csv", "id,body\n1,x\n");
    let o = run(&["--input-format", "csv", &arg(&nocol)], None);
    assert_input_error(
        &o,
        &format!(
            "{}:1: no column named 'text' (--text-field) in the header (columns: id, body)",
            nocol.display()
        ),
    );
}

#[test]
fn clashing_or_unsupported_options_are_refused_before_reading() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["--keep", "id,summary"],
            "--keep summary: the output already has a field 'summary'",
        ),
        (
            &["--per", "sentence", "--keep", "id,label"],
            "--keep label: the output already has a field 'label'",
        ),
        (
            &["--per", "sentence", "--keep", "text"],
            "--keep text: the output already has a field 'text'",
        ),
        (&["--keep", "id,id"], "--keep: 'id' is named twice"),
        (&["--format", "csv"], "--format csv needs --per sentence"),
        (
            &["--format", "csv", "--per", "sentence"],
            "--format csv with --input-format jsonl needs --keep",
        ),
        (
            &["--format", "table"],
            "--format table is not available with --input-format jsonl|csv",
        ),
        (&["--format", "json"], "--format json is not available"),
        (
            &["--text-field", ""],
            "--text-field: the field name is empty",
        ),
    ];
    for (extra, want) in cases {
        let mut args = vec!["--input-format", "jsonl"];
        args.extend_from_slice(extra);
        args.push("/no/such/file.jsonl");
        let o = run(&args, None);
        assert_input_error(&o, want);
    }
    // Records options without a records input.
    let o = run(&["--keep", "id", "data/articles/oped_open.txt"], None);
    assert_input_error(&o, "--keep needs --input-format jsonl or csv");
    let o = run(&["--skip-bad", "data/articles/oped_open.txt"], None);
    assert_input_error(&o, "--skip-bad needs --input-format jsonl or csv");
    // Without --keep a record field named like an output field is a bad record.
    let o = run(
        &["--input-format", "jsonl", "-"],
        Some(b"{\"text\":\"A.\",\"summary\":\"mine\"}\n"),
    );
    assert_input_error(
        &o,
        "-:1: the record has a field 'summary', which the output uses for its own",
    );
    // A .jsonl file in the default (auto) format is refused as an article.
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "x.jsonl", "{\"text\":\"A.\"}\n");
    let o = run(&[&arg(&f)], None);
    assert_input_error(
        &o,
        "classify reads articles, not records: add --input-format jsonl",
    );
}

/// About 2.5 MB of generated records: several batches with one thread.
fn many_records() -> String {
    let mut out = String::new();
    for i in 0..2200usize {
        let text: Vec<String> = (0..16).map(|j| sentence((i + j) % 4, i * 7 + j)).collect();
        let line = record(&[("id", i.into()), ("text", text.join(" ").into())]);
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn the_output_is_the_same_for_any_number_of_threads() {
    let input = many_records();
    assert!(input.len() > 2 << 20);
    let with = |threads: &str, per: &str| {
        let o = stance()
            .env("RAYON_NUM_THREADS", threads)
            .args(["classify", "--input-format", "jsonl", "--per", per, "-"])
            .write_stdin(input.clone())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        o.stdout
    };
    let one = with("1", "article");
    assert_eq!(one, with("2", "article"));
    assert_eq!(one.iter().filter(|&&b| b == b'\n').count(), 2200);
    let ids: Vec<u64> = String::from_utf8(one)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(ids, (0..2200).collect::<Vec<u64>>());
    assert_eq!(with("1", "sentence"), with("2", "sentence"));
}
