//! Reading records: JSON lines or CSV rows, a batch at a time, and the
//! fields of one record.
//!
//! The reader only cuts the input into records (a line, a CSV row) with the
//! line each starts on; parsing a record, finding its text and the fields
//! to keep is [`fields_of`], run on the worker threads.

use std::borrow::Cow;
use std::io::{BufRead, BufReader, ErrorKind, Read};
use std::path::{Path, PathBuf};

use rustc_hash::FxHashSet;
use serde::de::{Deserialize, Deserializer, Error as _, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::{RecordFormat, RecordOptions, RecordProblem};
use crate::error::{Error, Result};
use crate::input::BOM;

/// One record as read, not parsed yet.
pub(crate) struct RawRecord {
    /// The 1-based line it starts on.
    pub line: u64,
    /// Its bytes.
    pub body: RawBody,
}

pub(crate) enum RawBody {
    /// A JSON line, without its line break.
    Line(Vec<u8>),
    /// A CSV row.
    Row(csv::ByteRecord),
}

/// What a CSV header says: where the text is and which columns are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CsvLayout {
    /// The column names, trimmed.
    pub columns: Vec<String>,
    /// Index of the text (or HTML) column.
    pub text: usize,
    /// Indices of the kept columns, in header order.
    pub kept: Vec<usize>,
}

impl CsvLayout {
    /// The names of the kept columns, in header order.
    pub(crate) fn kept_names(&self) -> Vec<String> {
        self.kept.iter().map(|&i| self.columns[i].clone()).collect()
    }
}

/// A kept field's value.
#[derive(Debug, Clone, Copy)]
pub(crate) enum KeptValue<'a> {
    /// A JSON value as written in the input.
    Json(&'a RawValue),
    /// A CSV value (always a string).
    Str(&'a str),
}

/// A parsed record: the fields to pass through, in record order, and the
/// text (or page) to classify.
pub(crate) struct Fields<'a> {
    pub kept: Vec<(Cow<'a, str>, KeptValue<'a>)>,
    pub text: Cow<'a, str>,
}

/// Reads the records of one input.
pub(crate) enum RecordReader<R: Read> {
    Jsonl {
        reader: BufReader<R>,
        path: PathBuf,
        line: u64,
    },
    Csv {
        reader: Box<csv::Reader<R>>,
        path: PathBuf,
        layout: CsvLayout,
    },
    /// An empty CSV input (no header row): no records.
    Empty,
}

impl<R: Read> RecordReader<R> {
    /// Start reading `reader`; a CSV header is read and checked here.
    pub(crate) fn new(reader: R, path: &Path, options: &RecordOptions) -> Result<Self> {
        match options.input {
            RecordFormat::Jsonl => Ok(RecordReader::Jsonl {
                reader: BufReader::with_capacity(256 << 10, reader),
                path: path.to_path_buf(),
                line: 0,
            }),
            RecordFormat::Csv => {
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(true)
                    .flexible(true)
                    .from_reader(reader);
                let header = reader.byte_headers().map_err(|e| csv_error(path, e))?;
                if header.is_empty() {
                    return Ok(RecordReader::Empty);
                }
                let layout = csv_layout(path, header, options)?;
                Ok(RecordReader::Csv {
                    reader: Box::new(reader),
                    path: path.to_path_buf(),
                    layout,
                })
            }
        }
    }

    /// The CSV header's layout (`None` for JSON lines and empty inputs).
    pub(crate) fn layout(&self) -> Option<&CsvLayout> {
        match self {
            RecordReader::Csv { layout, .. } => Some(layout),
            _ => None,
        }
    }

    /// The next records, until `max_bytes` of them or `max_records` are
    /// read (at least one, however large); empty at the end. An error
    /// comes after the records read before it.
    pub(crate) fn next_batch(
        &mut self,
        max_bytes: usize,
        max_records: usize,
    ) -> (Vec<RawRecord>, Option<Error>) {
        let mut batch = Vec::new();
        let mut bytes = 0;
        while bytes < max_bytes && batch.len() < max_records {
            match self.next_record() {
                Ok(Some((record, size))) => {
                    bytes += size;
                    batch.push(record);
                }
                Ok(None) => break,
                Err(e) => return (batch, Some(e)),
            }
        }
        (batch, None)
    }

    /// The next record and its size in bytes.
    fn next_record(&mut self) -> Result<Option<(RawRecord, usize)>> {
        match self {
            RecordReader::Empty => Ok(None),
            RecordReader::Jsonl { reader, path, line } => loop {
                let mut buf = Vec::new();
                let n = read_line(reader, &mut buf).map_err(|e| Error::io(&*path, e))?;
                if n == 0 {
                    return Ok(None);
                }
                *line += 1;
                if *line == 1 {
                    let mut bom = [0u8; 3];
                    if buf.starts_with(BOM.encode_utf8(&mut bom).as_bytes()) {
                        buf.drain(..3);
                    }
                }
                while matches!(buf.last(), Some(b'\n' | b'\r')) {
                    buf.pop();
                }
                // A blank line holds no record (as for jq and Spark).
                if buf.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                let record = RawRecord {
                    line: *line,
                    body: RawBody::Line(buf),
                };
                return Ok(Some((record, n)));
            },
            RecordReader::Csv { reader, path, .. } => {
                let mut row = csv::ByteRecord::new();
                match reader.read_byte_record(&mut row) {
                    Ok(false) => Ok(None),
                    Ok(true) => {
                        let line = row.position().map_or(0, |p| p.line());
                        let size = row.as_slice().len() + row.len();
                        let record = RawRecord {
                            line,
                            body: RawBody::Row(row),
                        };
                        Ok(Some((record, size)))
                    }
                    Err(e) => Err(csv_error(path, e)),
                }
            }
        }
    }
}

/// `read_until` a line break, retrying interrupted reads.
fn read_line(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    loop {
        match reader.read_until(b'\n', buf) {
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

fn csv_error(path: &Path, e: csv::Error) -> Error {
    let line = e.position().map(|p| p.line());
    let message = e.to_string();
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::io(path, io),
        _ => Error::input(path, line, message),
    }
}

/// Check a CSV header against the options: the text column and every kept
/// column must be there, once.
fn csv_layout(path: &Path, header: &csv::ByteRecord, options: &RecordOptions) -> Result<CsvLayout> {
    let line = header.position().map_or(1, |p| p.line());
    let bad = |message: String| Error::input(path, Some(line), message);
    let mut columns = Vec::with_capacity(header.len());
    for (i, name) in header.iter().enumerate() {
        let name =
            std::str::from_utf8(name).map_err(|_| bad("the header is not valid UTF-8".into()))?;
        let name = if i == 0 {
            name.trim_start_matches(BOM)
        } else {
            name
        };
        columns.push(name.trim().to_string());
    }
    let mut seen = FxHashSet::default();
    for c in &columns {
        if !seen.insert(c.as_str()) {
            return Err(bad(format!("the header names the column '{c}' twice")));
        }
    }
    let find = |name: &str, flag: &str| {
        columns.iter().position(|c| c == name).ok_or_else(|| {
            bad(format!(
                "no column named '{name}' ({flag}) in the header (columns: {})",
                columns.join(", ")
            ))
        })
    };
    let text = find(options.field.name(), options.field.flag())?;
    let kept = match &options.keep {
        Some(keep) => {
            for name in keep {
                find(name, "--keep")?;
            }
            (0..columns.len())
                .filter(|&i| keep.contains(&columns[i]))
                .collect()
        }
        None => (0..columns.len()).filter(|&i| i != text).collect(),
    };
    Ok(CsvLayout {
        columns,
        text,
        kept,
    })
}

/// Parse a record and pick its text and kept fields. `reserved` are the
/// output's own field names: a record field by one of them, kept for
/// lack of `--keep`, is a bad record.
pub(crate) fn fields_of<'a>(
    body: &'a RawBody,
    layout: Option<&'a CsvLayout>,
    options: &'a RecordOptions,
    reserved: &[String],
) -> std::result::Result<Fields<'a>, RecordProblem> {
    match (body, layout) {
        (RawBody::Line(line), _) => json_fields(line, options, reserved),
        (RawBody::Row(row), Some(layout)) => csv_fields(row, layout),
        (RawBody::Row(_), None) => unreachable!("a CSV row is read with its header"),
    }
}

fn json_fields<'a>(
    line: &'a [u8],
    options: &'a RecordOptions,
    reserved: &[String],
) -> std::result::Result<Fields<'a>, RecordProblem> {
    let Members(members) = serde_json::from_slice(line).map_err(json_problem)?;
    let text_name = options.field.name();
    let mut text = None;
    let mut kept = Vec::with_capacity(members.len());
    for (name, value) in members {
        let is_text = name == text_name;
        if is_text {
            text = Some(
                json_string(value).map_err(|found| RecordProblem::NotAString {
                    field: text_name.to_string(),
                    flag: options.field.flag(),
                    found,
                })?,
            );
        }
        let keep = match &options.keep {
            Some(keep) => keep.iter().any(|k| *k == name),
            None => !is_text,
        };
        if keep {
            if options.keep.is_none() && reserved.iter().any(|r| *r == name) {
                return Err(RecordProblem::FieldClash {
                    field: name.into_owned(),
                });
            }
            kept.push((name, KeptValue::Json(value)));
        }
    }
    if let Some(keep) = &options.keep {
        if kept.len() < keep.len() {
            let missing = keep
                .iter()
                .find(|k| !kept.iter().any(|(n, _)| n == *k))
                .cloned()
                .unwrap_or_default();
            return Err(RecordProblem::MissingField {
                field: missing,
                flag: "--keep",
            });
        }
    }
    let text = text.ok_or_else(|| RecordProblem::MissingField {
        field: text_name.to_string(),
        flag: options.field.flag(),
    })?;
    Ok(Fields { kept, text })
}

/// A JSON string's value, or the kind of value it is instead.
fn json_string(value: &RawValue) -> std::result::Result<Cow<'_, str>, &'static str> {
    let raw = value.get();
    match raw.as_bytes().first() {
        Some(b'"') => serde_json::from_str::<Cow<'_, str>>(raw).map_err(|_| "not a valid string"),
        Some(b'n') => Err("null"),
        Some(b't' | b'f') => Err("a boolean"),
        Some(b'[') => Err("an array"),
        Some(b'{') => Err("an object"),
        _ => Err("a number"),
    }
}

fn json_problem(e: serde_json::Error) -> RecordProblem {
    let column = e.column();
    let mut message = e.to_string();
    if let Some(at) = message.rfind(" at line ") {
        message.truncate(at);
    }
    match e.classify() {
        serde_json::error::Category::Data => RecordProblem::NotAnObject { message },
        _ => RecordProblem::NotJson { message, column },
    }
}

fn csv_fields<'a>(
    row: &'a csv::ByteRecord,
    layout: &'a CsvLayout,
) -> std::result::Result<Fields<'a>, RecordProblem> {
    if row.len() != layout.columns.len() {
        return Err(RecordProblem::FieldCount {
            found: row.len(),
            expected: layout.columns.len(),
        });
    }
    let value = |i: usize| {
        std::str::from_utf8(&row[i]).map_err(|_| RecordProblem::NotUtf8 {
            field: layout.columns[i].clone(),
        })
    };
    let text = Cow::Borrowed(value(layout.text)?);
    let kept = layout
        .kept
        .iter()
        .map(|&i| {
            Ok((
                Cow::Borrowed(layout.columns[i].as_str()),
                KeptValue::Str(value(i)?),
            ))
        })
        .collect::<std::result::Result<_, RecordProblem>>()?;
    Ok(Fields { kept, text })
}

/// A JSON object's members in order, values unparsed; a name given twice
/// is refused (which value would count is anyone's guess).
struct Members<'a>(Vec<(Cow<'a, str>, &'a RawValue)>);

impl<'de> Deserialize<'de> for Members<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct ObjectVisitor;
        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = Members<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Self::Value, A::Error> {
                let mut members: Vec<(Cow<'de, str>, &'de RawValue)> = Vec::new();
                let mut names = FxHashSet::default();
                while let Some(Key(name)) = map.next_key::<Key<'de>>()? {
                    let twice = if members.len() < 16 {
                        members.iter().any(|(n, _)| *n == name)
                    } else {
                        if names.is_empty() {
                            names.extend(members.iter().map(|(n, _)| n.clone()));
                        }
                        !names.insert(name.clone())
                    };
                    if twice {
                        return Err(A::Error::custom(format!(
                            "the field '{name}' appears twice"
                        )));
                    }
                    let value: &'de RawValue = map.next_value()?;
                    members.push((name, value));
                }
                Ok(Members(members))
            }
        }
        d.deserialize_map(ObjectVisitor)
    }
}

/// An object key, borrowed from the line unless it has escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> std::result::Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> std::result::Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::TextField;

    fn options(keep: Option<&[&str]>) -> RecordOptions {
        RecordOptions {
            keep: keep.map(|k| k.iter().map(|s| s.to_string()).collect()),
            ..RecordOptions::default()
        }
    }

    fn parse(
        line: &str,
        opts: &RecordOptions,
    ) -> std::result::Result<(Vec<(String, String)>, String), String> {
        let body = RawBody::Line(line.as_bytes().to_vec());
        let reserved = vec!["sentences".to_string(), "summary".to_string()];
        fields_of(&body, None, opts, &reserved)
            .map(|f| {
                let kept = f
                    .kept
                    .iter()
                    .map(|(n, v)| {
                        let v = match v {
                            KeptValue::Json(r) => r.get().to_string(),
                            KeptValue::Str(s) => s.to_string(),
                        };
                        (n.to_string(), v)
                    })
                    .collect();
                (kept, f.text.into_owned())
            })
            .map_err(|p| p.to_string())
    }

    #[test]
    fn json_records_keep_their_fields_in_order() {
        let all = options(None);
        let (kept, text) =
            parse(r#"{"url":"u","text":"Hi.","id":7,"m":{"a": [1, 2]}}"#, &all).unwrap();
        assert_eq!(text, "Hi.");
        let names: Vec<&str> = kept.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["url", "id", "m"]);
        assert_eq!(kept[2].1, r#"{"a": [1, 2]}"#);
        let some = options(Some(&["id", "url"]));
        let (kept, _) = parse(r#"{"url":"u","text":"Hi.","id":7,"x":1}"#, &some).unwrap();
        assert_eq!(
            kept,
            [("url".into(), "\"u\"".into()), ("id".into(), "7".into())]
        );
        // Escapes in names and text are decoded.
        let (kept, text) = parse(r#"{"i\u0064":1,"text":"a\nb"}"#, &all).unwrap();
        assert_eq!((kept[0].0.as_str(), text.as_str()), ("id", "a\nb"));
    }

    #[test]
    fn bad_json_records_say_what_is_wrong() {
        let all = options(None);
        let cases = [
            (r#"{"text": "a""#, "not valid JSON (column 12: EOF while parsing an object)"),
            (r#"{"text": "a"} x"#, "not valid JSON (column 15: trailing characters)"),
            ("[1]", "not a JSON object (invalid type: sequence, expected a JSON object)"),
            ("\"text\"", "not a JSON object (invalid type: string \"text\", expected a JSON object)"),
            (r#"{"id": 1}"#, "no field 'text' (--text-field)"),
            (r#"{"text": null}"#, "the field 'text' (--text-field) is null, not a string"),
            (r#"{"text": 3}"#, "the field 'text' (--text-field) is a number, not a string"),
            (r#"{"text": ["a"]}"#, "the field 'text' (--text-field) is an array, not a string"),
            (r#"{"text": "a", "text": "b"}"#, "not a JSON object (the field 'text' appears twice)"),
            (r#"{"text": "a", "summary": 1}"#, "the record has a field 'summary', which the output uses for its own (choose the fields to keep with --keep)"),
        ];
        for (line, want) in cases {
            assert_eq!(parse(line, &all).unwrap_err(), want, "{line}");
        }
        let some = options(Some(&["id", "url"]));
        assert_eq!(
            parse(r#"{"id":1,"text":"a"}"#, &some).unwrap_err(),
            "no field 'url' (--keep)"
        );
        let html = RecordOptions {
            field: TextField::Html("page".into()),
            ..options(None)
        };
        assert_eq!(
            parse(r#"{"text":"a"}"#, &html).unwrap_err(),
            "no field 'page' (--html-field)"
        );
    }

    #[test]
    fn many_fields_are_checked_for_duplicates_too() {
        let mut line: String = (0..40).map(|i| format!("\"f{i}\":{i},")).collect();
        line = format!("{{{line}\"text\":\"a\",\"f39\":0}}");
        assert_eq!(
            parse(&line, &options(None)).unwrap_err(),
            "not a JSON object (the field 'f39' appears twice)"
        );
    }

    fn read_all(input: &str, opts: &RecordOptions) -> Result<Vec<(u64, String)>> {
        let mut reader = RecordReader::new(input.as_bytes(), Path::new("in"), opts)?;
        let mut out = Vec::new();
        loop {
            let (batch, error) = reader.next_batch(10, 2);
            if let Some(e) = error {
                return Err(e);
            }
            if batch.is_empty() {
                return Ok(out);
            }
            for r in batch {
                let body = match r.body {
                    RawBody::Line(l) => String::from_utf8(l).unwrap(),
                    RawBody::Row(row) => row
                        .iter()
                        .map(|f| String::from_utf8_lossy(f).into_owned())
                        .collect::<Vec<_>>()
                        .join("|"),
                };
                out.push((r.line, body));
            }
        }
    }

    #[test]
    fn json_lines_are_numbered_and_blank_lines_skipped() {
        let got = read_all(
            "\u{feff}{\"a\":1}\r\n\n  \n{\"b\":2}\n{\"c\":3}",
            &options(None),
        )
        .unwrap();
        assert_eq!(
            got,
            [
                (1, "{\"a\":1}".into()),
                (4, "{\"b\":2}".into()),
                (5, "{\"c\":3}".into())
            ]
        );
    }

    #[test]
    fn csv_rows_are_numbered_by_their_first_line() {
        let opts = RecordOptions {
            input: RecordFormat::Csv,
            ..options(None)
        };
        let got = read_all("\u{feff}id,text\n1,\"a\nb\"\n2,c\n", &opts).unwrap();
        assert_eq!(got, [(2, "1|a\nb".into()), (4, "2|c".into())]);
        let reader =
            RecordReader::new("id, text ,url\n".as_bytes(), Path::new("in"), &opts).unwrap();
        assert_eq!(
            reader.layout().unwrap(),
            &CsvLayout {
                columns: vec!["id".into(), "text".into(), "url".into()],
                text: 1,
                kept: vec![0, 2],
            }
        );
        let e = RecordReader::new("id,body\n".as_bytes(), Path::new("in"), &opts)
            .err()
            .unwrap();
        assert_eq!(
            e.to_string(),
            "in:1: no column named 'text' (--text-field) in the header (columns: id, body)"
        );
        let e = RecordReader::new("id,text,id\n".as_bytes(), Path::new("in"), &opts)
            .err()
            .unwrap();
        assert_eq!(
            e.to_string(),
            "in:1: the header names the column 'id' twice"
        );
        let keep = RecordOptions {
            keep: Some(vec!["url".into()]),
            ..opts.clone()
        };
        let e = RecordReader::new("id,text\n".as_bytes(), Path::new("in"), &keep)
            .err()
            .unwrap();
        assert_eq!(
            e.to_string(),
            "in:1: no column named 'url' (--keep) in the header (columns: id, text)"
        );
        assert!(read_all("", &opts).unwrap().is_empty());
    }

    #[test]
    fn csv_rows_of_the_wrong_width_or_encoding_are_bad() {
        let layout = CsvLayout {
            columns: vec!["id".into(), "text".into()],
            text: 1,
            kept: vec![0],
        };
        let row = csv::ByteRecord::from(vec!["1"]);
        let body = RawBody::Row(row);
        let problem = fields_of(&body, Some(&layout), &options(None), &[])
            .err()
            .unwrap();
        assert_eq!(
            problem.to_string(),
            "this row has 1 field, the header has 2"
        );
        let row = csv::ByteRecord::from(vec![&b"1"[..], &b"caf\xe9"[..]]);
        let body = RawBody::Row(row);
        let problem = fields_of(&body, Some(&layout), &options(None), &[])
            .err()
            .unwrap();
        assert_eq!(problem.to_string(), "the field 'text' is not valid UTF-8");
    }
}
