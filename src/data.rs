//! Labelled CSV in: columns by name, validation, and line numbers for every
//! complaint.
//!
//! The file is read whole and checked for UTF-8 and for an unterminated quote
//! before the `csv` crate parses it, because `csv` would otherwise read an
//! unterminated quote silently to the end of the file.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// One labelled sentence read from a CSV file.
#[derive(Debug, Clone, PartialEq)]
pub struct LabeledRow {
    /// The sentence.
    pub text: String,
    /// Its gold label, exactly as written in the file (trimmed).
    pub label: String,
    /// 1-based line where the record starts, for error messages and reports.
    pub line: u64,
    /// Values of the extra columns asked for, in the order they were asked.
    pub extra: Vec<String>,
    /// The row's sample weight in training: the weight column's value when
    /// one was asked for ([`Columns::weight`]), else 1.
    pub weight: f64,
}

/// A labelled CSV file, read and validated.
#[derive(Debug, Clone)]
pub struct LabeledData {
    /// Where it came from.
    pub path: PathBuf,
    /// The rows in file order.
    pub rows: Vec<LabeledRow>,
    /// Names of the extra columns, matching [`LabeledRow::extra`].
    pub extra_columns: Vec<String>,
    /// The column the rows' weights came from, if any.
    pub weight_column: Option<String>,
    /// SHA-256 of the file's bytes (hex), recorded in trained models.
    pub sha256: String,
}

impl LabeledData {
    /// The distinct labels, sorted (the order every model and report uses).
    pub fn labels(&self) -> Vec<String> {
        let mut labels: Vec<String> = self.rows.iter().map(|r| r.label.clone()).collect();
        labels.sort();
        labels.dedup();
        labels
    }

    /// Rows per label, by label (what `train` reports before its fit).
    pub fn rows_per_label(&self) -> std::collections::BTreeMap<String, usize> {
        let mut counts = std::collections::BTreeMap::new();
        for r in &self.rows {
            *counts.entry(r.label.clone()).or_insert(0) += 1;
        }
        counts
    }

    /// Index of an extra column by name.
    pub fn extra_index(&self, name: &str) -> Option<usize> {
        self.extra_columns.iter().position(|c| c == name)
    }

    /// Build from rows already in memory (tests, benchmarks, CV folds).
    pub fn from_rows(path: impl Into<PathBuf>, rows: Vec<LabeledRow>) -> Self {
        LabeledData {
            path: path.into(),
            rows,
            extra_columns: Vec::new(),
            weight_column: None,
            sha256: String::new(),
        }
    }

    /// Build from `(text, label)` pairs, numbered as the CSV lines after a
    /// header (2, 3, ...), for tests and examples.
    pub fn from_pairs<T: AsRef<str>>(path: impl Into<PathBuf>, pairs: &[(T, &str)]) -> Self {
        let rows = pairs
            .iter()
            .enumerate()
            .map(|(i, (text, label))| LabeledRow {
                text: text.as_ref().to_string(),
                label: label.to_string(),
                line: i as u64 + 2,
                extra: Vec::new(),
                weight: 1.0,
            })
            .collect();
        LabeledData::from_rows(path, rows)
    }
}

/// Which columns to read.
#[derive(Debug, Clone)]
pub struct Columns {
    /// The column holding the sentence.
    pub text: String,
    /// The column holding the label.
    pub label: String,
    /// Further columns to keep (group, fold, breakdown...); each must exist.
    pub extra: Vec<String>,
    /// The column holding each row's sample weight (`train --weight-col`):
    /// a number >= 0, not all of them 0.
    pub weight: Option<String>,
}

impl Default for Columns {
    fn default() -> Self {
        Columns {
            text: "text".into(),
            label: "label".into(),
            extra: Vec::new(),
            weight: None,
        }
    }
}

/// Read a labelled CSV file, checking everything a user can get wrong.
pub fn read_labeled_csv(path: &Path, columns: &Columns) -> Result<LabeledData> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    parse_labeled_csv(path, &bytes, columns)
}

/// Read a CSV of sentences whose label column may be missing (sentences to
/// explain): rows get an empty label then, and empty label fields are
/// allowed. Everything else is checked as in [`read_labeled_csv`].
pub fn read_sentences_csv(path: &Path, columns: &Columns) -> Result<LabeledData> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    parse_csv(path, &bytes, columns, false)
}

/// The column names of a CSV file's header (trimmed), to decide which
/// optional columns a report can use.
pub fn csv_header(path: &Path) -> Result<Vec<String>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = csv_text(path, &bytes)?;
    let mut reader = csv_reader(text);
    read_headers(path, text, &mut reader)
}

/// Parse labelled CSV bytes; `path` is only used in messages.
#[cfg_attr(not(feature = "bench-internals"), allow(unreachable_pub))]
pub fn parse_labeled_csv(path: &Path, bytes: &[u8], columns: &Columns) -> Result<LabeledData> {
    parse_csv(path, bytes, columns, true)
}

fn parse_csv(
    path: &Path,
    bytes: &[u8],
    columns: &Columns,
    label_required: bool,
) -> Result<LabeledData> {
    let text = csv_text(path, bytes)?;
    let mut reader = csv_reader(text);
    let headers = read_headers(path, text, &mut reader)?;
    let find = |name: &str| column_index(path, &headers, name);
    let text_idx = find(&columns.text)?;
    let label_idx = match find(&columns.label) {
        Ok(i) => Some(i),
        Err(_) if !label_required => None,
        Err(e) => return Err(e),
    };
    let extra_idx = columns
        .extra
        .iter()
        .map(|c| find(c))
        .collect::<Result<Vec<_>>>()?;
    let weight_idx = columns.weight.as_deref().map(find).transpose()?;

    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut lines = LineCounter::new(text);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_error(path, e, &mut lines)),
        }
        let line = lines.line_at(record.position().map_or(0, |p| p.byte()));
        let field = |i: usize| record.get(i).unwrap_or("").to_string();
        let row_text = field(text_idx);
        if row_text.trim().is_empty() {
            return Err(Error::input(
                path,
                Some(line),
                format!("the '{}' field is empty", columns.text),
            ));
        }
        let label = label_idx
            .map(|i| field(i).trim().to_string())
            .unwrap_or_default();
        if label.is_empty() && label_required {
            return Err(Error::input(
                path,
                Some(line),
                format!("the '{}' field is empty", columns.label),
            ));
        }
        let weight = match weight_idx {
            Some(i) => parse_weight(&field(i)).map_err(|m| Error::input(path, Some(line), m))?,
            None => 1.0,
        };
        rows.push(LabeledRow {
            text: row_text,
            label,
            line,
            extra: extra_idx
                .iter()
                .map(|&i| field(i).trim().to_string())
                .collect(),
            weight,
        });
    }
    if rows.is_empty() {
        return Err(Error::input(path, None, "a header but no rows"));
    }
    if let Some(name) = columns.weight.as_deref() {
        if rows.iter().all(|r| r.weight == 0.0) {
            return Err(Error::input(
                path,
                None,
                format!("every '{name}' weight is 0; training needs some weight"),
            ));
        }
    }
    Ok(LabeledData {
        path: path.to_path_buf(),
        rows,
        extra_columns: columns.extra.clone(),
        weight_column: columns.weight.clone(),
        sha256: sha256_hex(bytes),
    })
}

/// A weight field: a finite number >= 0.
fn parse_weight(field: &str) -> std::result::Result<f64, String> {
    let w: f64 = field
        .trim()
        .parse()
        .map_err(|_| format!("weight '{field}' is not a number"))?;
    if !(w.is_finite() && w >= 0.0) {
        return Err(format!("weight {field} must be a finite number >= 0"));
    }
    Ok(w)
}

/// One sentence of an unlabelled CSV file (the candidates `suggest` reads,
/// or training data used only for its texts).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(not(feature = "bench-internals"), allow(unreachable_pub))]
pub struct TextRow {
    /// The sentence.
    pub text: String,
    /// 1-based line where the record starts, so a suggestion can be traced
    /// back to its row.
    pub line: u64,
}

/// Read the `text_column` of a CSV file, with the same checks and messages
/// as [`read_labeled_csv`] but no label column. Rows whose text is blank are
/// skipped: an unlabelled file with holes is not wrong, just not useful there.
pub(crate) fn read_text_csv(path: &Path, text_column: &str) -> Result<Vec<TextRow>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    parse_text_csv(path, &bytes, text_column)
}

/// Parse CSV bytes as [`read_text_csv`] does; `path` is only used in messages.
#[cfg_attr(not(feature = "bench-internals"), allow(unreachable_pub))]
pub fn parse_text_csv(path: &Path, bytes: &[u8], text_column: &str) -> Result<Vec<TextRow>> {
    let text = csv_text(path, bytes)?;
    let mut reader = csv_reader(text);
    let headers = read_headers(path, text, &mut reader)?;
    let text_idx = column_index(path, &headers, text_column)?;
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut lines = LineCounter::new(text);
    let mut records = 0usize;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => records += 1,
            Err(e) => return Err(csv_error(path, e, &mut lines)),
        }
        let line = lines.line_at(record.position().map_or(0, |p| p.byte()));
        let row_text = record.get(text_idx).unwrap_or("");
        if !row_text.trim().is_empty() {
            rows.push(TextRow {
                text: row_text.to_string(),
                line,
            });
        }
    }
    if records == 0 {
        return Err(Error::input(path, None, "a header but no rows"));
    }
    Ok(rows)
}

/// The file as text: not empty, UTF-8 (a byte order mark dropped), and with
/// no quoted field left open (which `csv` would read silently to the end).
fn csv_text<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::input(path, None, "the file is empty"));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        Error::input(path, Some(line), "not valid UTF-8")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(line) = unterminated_quote_line(text) {
        return Err(Error::input(
            path,
            Some(line),
            "a quoted field starts here and is never closed",
        ));
    }
    Ok(text)
}

fn csv_reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes())
}

/// The header's column names, trimmed.
fn read_headers(path: &Path, text: &str, reader: &mut csv::Reader<&[u8]>) -> Result<Vec<String>> {
    Ok(reader
        .headers()
        .map_err(|e| csv_error(path, e, &mut LineCounter::new(text)))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect())
}

/// Position of a column by name, or an error at line 1 listing the columns.
fn column_index(path: &Path, headers: &[String], name: &str) -> Result<usize> {
    headers.iter().position(|h| h == name).ok_or_else(|| {
        Error::input(
            path,
            Some(1),
            format!(
                "no column named '{name}' in the header (columns: {})",
                headers.join(", ")
            ),
        )
    })
}

/// Hex SHA-256 of some bytes.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// 1-based line numbers from byte offsets, counted by `\n` so that CRLF
/// files get the same numbers as LF files. Offsets must not decrease.
struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, byte: u64) -> u64 {
        let mut byte = (byte as usize).min(self.text.len());
        // With CRLF ends the csv reader may place a record at the `\n` of
        // the previous line's terminator: a record never starts with one.
        while byte < self.text.len() && matches!(self.text[byte], b'\r' | b'\n') {
            byte += 1;
        }
        if byte < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        self.line += self.text[self.offset..byte]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        self.offset = byte;
        self.line
    }
}

fn csv_error(path: &Path, e: csv::Error, lines: &mut LineCounter) -> Error {
    let line = e.position().map(|p| lines.line_at(p.byte()));
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("this row has {len} fields, the header has {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8".to_string(),
        _ => e.to_string(),
    };
    Error::input(path, line, message)
}

/// The line where an RFC 4180 quoted field opens and never closes, if any.
///
/// A quote only opens a field at the field's start; inside a quoted field a
/// doubled quote is an escaped quote. Quotes in the middle of an unquoted
/// field are literal, as the `csv` crate reads them.
fn unterminated_quote_line(text: &str) -> Option<u64> {
    let mut line = 1u64;
    let mut at_field_start = true;
    let mut in_quotes = false;
    let mut opened_at = 0u64;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        }
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                } else {
                    in_quotes = false;
                }
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                in_quotes = true;
                opened_at = line;
                at_field_start = false;
            }
            ',' | '\n' => at_field_start = true,
            '\r' => {}
            _ => at_field_start = false,
        }
    }
    in_quotes.then_some(opened_at)
}

/// The bundled test sentences with stand-in labels (text length mod 3), for
/// unit tests that need real sentences in quantity.
#[cfg(test)]
pub(crate) fn bundled_sentences() -> (Vec<String>, Vec<usize>) {
    let data = read_labeled_csv(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data/test.csv")),
        &Columns::default(),
    )
    .expect("data/test.csv is bundled");
    let labels = data.rows.iter().map(|r| r.text.len() % 3).collect();
    (data.rows.into_iter().map(|r| r.text).collect(), labels)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<LabeledData> {
        parse_labeled_csv(Path::new("t.csv"), s.as_bytes(), &Columns::default())
    }

    fn message(r: Result<LabeledData>) -> String {
        r.unwrap_err().to_string()
    }

    #[test]
    fn reads_rows_with_lines_and_quotes() {
        let d = parse("text,label\n\"a, b\",x\n\"multi\nline\",y\nplain,x\n").unwrap();
        assert_eq!(d.rows.len(), 3);
        assert_eq!(d.rows[0].text, "a, b");
        assert_eq!(d.rows[1].line, 3);
        assert_eq!(d.rows[2].line, 5);
        assert_eq!(d.labels(), vec!["x", "y"]);
        assert_eq!(d.sha256.len(), 64);
    }

    #[test]
    fn extra_columns_and_other_names() {
        let cols = Columns {
            text: "tweet".into(),
            label: "stance".into(),
            extra: vec!["target".into()],
            weight: None,
        };
        let d = parse_labeled_csv(
            Path::new("t.csv"),
            b"id,tweet,stance,target\n1,hi there,FAVOR,A\n",
            &cols,
        )
        .unwrap();
        assert_eq!(d.rows[0].extra, vec!["A"]);
        assert_eq!(d.extra_index("target"), Some(0));
    }

    #[test]
    fn bad_inputs_name_file_and_line() {
        assert_eq!(message(parse("")), "t.csv: the file is empty");
        assert_eq!(
            message(parse("text,label\n")),
            "t.csv: a header but no rows"
        );
        assert!(message(parse("txt,label\na,b\n")).starts_with("t.csv:1: no column named 'text'"));
        assert_eq!(
            message(parse("text,label\na,x\nb,x,extra\n")),
            "t.csv:3: this row has 3 fields, the header has 2"
        );
        assert_eq!(
            message(parse("text,label\na,x\n\"open,y\nmore,x\n")),
            "t.csv:3: a quoted field starts here and is never closed"
        );
        assert_eq!(
            message(parse("text,label\na,x\n  ,y\n")),
            "t.csv:3: the 'text' field is empty"
        );
        let bad = b"text,label\na,x\n\xff\xfe,y\n";
        let e = parse_labeled_csv(Path::new("t.csv"), bad, &Columns::default()).unwrap_err();
        assert_eq!(e.to_string(), "t.csv:3: not valid UTF-8");
    }

    #[test]
    fn crlf_files_report_the_same_lines() {
        let e = parse("text,label\r\na,x\r\n ,y\r\n").unwrap_err();
        assert_eq!(e.to_string(), "t.csv:3: the 'text' field is empty");
        let e = parse("text,label\r\na,x\r\nb,x,z\r\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.csv:3: this row has 3 fields, the header has 2"
        );
        let d = parse("text,label\r\na,x\r\n\"b\r\nc\",y\r\nd,x\r\n").unwrap();
        assert_eq!(
            d.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
            vec![2, 3, 5]
        );
    }

    #[test]
    fn literal_quotes_inside_unquoted_fields_are_fine() {
        let d = parse("text,label\nhe said \"no\" twice,x\n").unwrap();
        assert_eq!(d.rows[0].text, "he said \"no\" twice");
    }

    #[test]
    fn text_csv_reads_one_column_with_lines_and_skips_blank_texts() {
        let rows = parse_text_csv(
            Path::new("u.csv"),
            b"id,sentence\n1,\"a, b\"\n2,  \n3,\"multi\nline\"\n",
            "sentence",
        )
        .unwrap();
        assert_eq!(
            rows,
            vec![
                TextRow {
                    text: "a, b".into(),
                    line: 2
                },
                TextRow {
                    text: "multi\nline".into(),
                    line: 4
                }
            ]
        );
        let e = parse_text_csv(Path::new("u.csv"), b"id,body\n1,x\n", "text").unwrap_err();
        assert!(e
            .to_string()
            .starts_with("u.csv:1: no column named 'text' in the header (columns: id, body)"));
        let e = parse_text_csv(Path::new("u.csv"), b"text\n\"open\n", "text").unwrap_err();
        assert_eq!(
            e.to_string(),
            "u.csv:2: a quoted field starts here and is never closed"
        );
        let e = parse_text_csv(Path::new("u.csv"), b"text\n", "text").unwrap_err();
        assert_eq!(e.to_string(), "u.csv: a header but no rows");
    }

    #[test]
    fn sentence_files_may_lack_labels() {
        let cols = Columns::default();
        let d = parse_csv(Path::new("s.csv"), b"text\nfirst\nsecond\n", &cols, false).unwrap();
        assert_eq!(d.rows.len(), 2);
        assert_eq!(d.rows[1].label, "");
        let d = parse_csv(Path::new("s.csv"), b"text,label\na,\nb,x\n", &cols, false).unwrap();
        assert_eq!(d.rows[0].label, "");
        assert_eq!(d.rows[1].label, "x");
        let e = parse_csv(Path::new("s.csv"), b"txt\na\n", &cols, false).unwrap_err();
        assert!(e.to_string().starts_with("s.csv:1: no column named 'text'"));
    }

    #[test]
    fn weights_are_read_and_bad_ones_refused_with_their_line() {
        let cols = Columns {
            weight: Some("w".into()),
            ..Columns::default()
        };
        let read = |csv: &str| parse_labeled_csv(Path::new("t.csv"), csv.as_bytes(), &cols);
        let d = read("text,label,w\na b,x,2\nc d,y,0.5\n").unwrap();
        assert_eq!(d.rows[0].weight, 2.0);
        assert_eq!(d.rows[1].weight, 0.5);
        for (csv, want) in [
            (
                "text,label,w\na,x,1\nb,y,-1\n",
                "t.csv:3: weight -1 must be",
            ),
            (
                "text,label,w\na,x,heavy\n",
                "t.csv:2: weight 'heavy' is not a number",
            ),
            ("text,label,w\na,x,inf\n", "t.csv:2: weight inf must be"),
            (
                "text,label,w\na,x,0\nb,y,0\n",
                "t.csv: every 'w' weight is 0",
            ),
            ("text,label\na,x\n", "t.csv:1: no column named 'w'"),
        ] {
            let e = read(csv).unwrap_err().to_string();
            assert!(e.starts_with(want), "{e}");
        }
        // Without a weight column every row weighs 1.
        let d = parse_labeled_csv(
            Path::new("t.csv"),
            b"text,label\na,x\n",
            &Columns::default(),
        )
        .unwrap();
        assert_eq!(d.rows[0].weight, 1.0);
    }
}
