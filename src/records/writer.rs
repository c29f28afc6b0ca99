//! Writing records: one JSON line per article or per sentence, or one CSV
//! row per sentence, each record's output built in memory on the thread
//! that classified it and printed in input order by the caller.

use crate::report::articles::csv_sentence_columns;
use std::borrow::Cow;
use std::io;

use super::reader::KeptValue;
use crate::article::{ArticleSummary, LabeledSentence};

/// A record's kept fields, in record order.
pub(crate) type Kept<'a> = [(Cow<'a, str>, KeptValue<'a>)];

/// The fields of a sentence object (`classify --format json`), which a kept
/// field of a per-sentence record must not be named.
pub(crate) const SENTENCE_FIELDS: &[&str] = &[
    "index",
    "start",
    "end",
    "text",
    "label",
    "confidence",
    "probabilities",
];

/// The fields a per-article record adds after the kept ones.
pub(crate) const ARTICLE_FIELDS: &[&str] = &["sentences", "summary"];

/// `{KEPT..., "sentences": [...], "summary": {...}}` and a line break.
pub(crate) fn article_line(
    out: &mut Vec<u8>,
    kept: &Kept,
    sentences: &[LabeledSentence],
    summary: &ArticleSummary,
) -> io::Result<()> {
    out.push(b'{');
    write_kept(out, kept)?;
    if !kept.is_empty() {
        out.push(b',');
    }
    out.extend_from_slice(b"\"sentences\":");
    serde_json::to_writer(&mut *out, sentences)?;
    out.extend_from_slice(b",\"summary\":");
    serde_json::to_writer(&mut *out, summary)?;
    out.extend_from_slice(b"}\n");
    Ok(())
}

/// `{KEPT..., "index": ..., ...}` and a line break, for each sentence.
pub(crate) fn sentence_lines(
    out: &mut Vec<u8>,
    kept: &Kept,
    sentences: &[LabeledSentence],
) -> io::Result<()> {
    let mut prefix = vec![b'{'];
    write_kept(&mut prefix, kept)?;
    if !kept.is_empty() {
        prefix.push(b',');
    }
    let mut object = Vec::new();
    for s in sentences {
        object.clear();
        serde_json::to_writer(&mut object, s)?;
        out.extend_from_slice(&prefix);
        // The sentence object without its opening brace.
        out.extend_from_slice(&object[1..]);
        out.push(b'\n');
    }
    Ok(())
}

/// One CSV row per sentence: the `columns` kept (by name, in that order),
/// then the sentence columns of
/// [`csv_sentence_columns`](crate::report::articles::csv_sentence_columns), numbers as
/// `classify --format csv` writes them.
pub(crate) fn sentence_rows(
    out: &mut Vec<u8>,
    columns: &[String],
    kept: &Kept,
    sentences: &[LabeledSentence],
    labels: &[String],
) -> io::Result<()> {
    let cells: Vec<Cow<str>> = columns
        .iter()
        .map(|c| {
            kept.iter()
                .find(|(n, _)| n == c)
                .map_or(Cow::Borrowed(""), |(_, v)| csv_cell(*v))
        })
        .collect();
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(&mut *out);
    for s in sentences {
        for cell in &cells {
            w.write_field(cell.as_bytes())?;
        }
        for n in [s.index, s.start, s.end] {
            w.write_field(n.to_string())?;
        }
        w.write_field(&s.label)?;
        w.write_field(format!("{:.4}", s.confidence))?;
        for l in labels {
            let p = s.probabilities.get(l).copied().unwrap_or(0.0);
            w.write_field(format!("{p:.4}"))?;
        }
        w.write_field(&s.text)?;
        w.write_record(None::<&[u8]>)?;
    }
    w.flush()
}

/// The CSV header row of per-sentence output.
pub(crate) fn csv_header(
    out: &mut Vec<u8>,
    columns: &[String],
    labels: &[String],
) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(&mut *out);
    let mut header = columns.to_vec();
    header.extend(csv_sentence_columns(labels));
    w.write_record(&header)?;
    w.flush()
}

/// A kept value as a CSV cell: a string as itself, null as nothing,
/// anything else as its compact JSON.
fn csv_cell(value: KeptValue<'_>) -> Cow<'_, str> {
    match value {
        KeptValue::Str(s) => Cow::Borrowed(s),
        KeptValue::Json(raw) => {
            let json = raw.get();
            if json.starts_with('"') {
                serde_json::from_str::<String>(json).map_or(Cow::Borrowed(json), Cow::Owned)
            } else if json == "null" {
                Cow::Borrowed("")
            } else {
                let mut compact = Vec::with_capacity(json.len());
                push_compact_json(&mut compact, json);
                Cow::Owned(String::from_utf8_lossy(&compact).into_owned())
            }
        }
    }
}

/// `"name":value,...` of the kept fields.
fn write_kept(out: &mut Vec<u8>, kept: &Kept) -> io::Result<()> {
    for (i, (name, value)) in kept.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        serde_json::to_writer(&mut *out, name.as_ref())?;
        out.push(b':');
        match value {
            KeptValue::Json(raw) => push_compact_json(out, raw.get()),
            KeptValue::Str(s) => serde_json::to_writer(&mut *out, s)?,
        }
    }
    Ok(())
}

/// Copy valid JSON without the white space between its tokens: the value
/// stays exactly as written (numbers keep their digits, strings their
/// escapes), only its layout goes.
pub(crate) fn push_compact_json(out: &mut Vec<u8>, json: &str) {
    let bytes = json.as_bytes();
    if !bytes.iter().any(|&b| is_json_space(b)) {
        out.extend_from_slice(bytes);
        return;
    }
    let mut in_string = false;
    let mut escaped = false;
    for &b in bytes {
        if in_string {
            out.push(b);
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if b == b'"' {
            in_string = true;
            out.push(b);
        } else if !is_json_space(b) {
            out.push(b);
        }
    }
}

fn is_json_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::value::RawValue;
    use std::collections::BTreeMap;

    fn raw(json: &str) -> Box<RawValue> {
        RawValue::from_string(json.to_string()).unwrap()
    }

    fn sentence(index: usize, text: &str) -> LabeledSentence {
        LabeledSentence {
            index,
            start: 0,
            end: text.len(),
            text: text.into(),
            label: "a".into(),
            confidence: 0.75,
            probabilities: BTreeMap::from([("a".into(), 0.75), ("b".into(), 0.25)]),
            explain: None,
        }
    }

    #[test]
    fn compact_json_keeps_strings_and_numbers_as_written() {
        let mut out = Vec::new();
        push_compact_json(&mut out, "{ \"a b\" : [1.50, 2e3 ,\"x\\\" y\"] }");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"a b\":[1.50,2e3,\"x\\\" y\"]}"
        );
    }

    #[test]
    fn per_sentence_lines_put_the_kept_fields_first() {
        let meta = raw("{\"k\": 1}");
        let kept = vec![
            (Cow::Borrowed("id"), KeptValue::Json(&meta)),
            (Cow::Borrowed("u"), KeptValue::Str("x\"y")),
        ];
        let mut out = Vec::new();
        sentence_lines(&mut out, &kept, &[sentence(0, "Hi."), sentence(1, "Yo.")]).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            r#"{"id":{"k":1},"u":"x\"y","index":0,"start":0,"end":3,"text":"Hi.","label":"a","confidence":0.75,"probabilities":{"a":0.75,"b":0.25}}"#
        );
        assert_eq!(lines.len(), 2);
        let mut out = Vec::new();
        sentence_lines(&mut out, &[], &[sentence(0, "Hi.")]).unwrap();
        assert!(out.starts_with(b"{\"index\":0,"));
    }

    #[test]
    fn csv_rows_take_the_columns_by_name() {
        let id = raw("7");
        let none = raw("null");
        let s = raw("\"a,b\"");
        let kept = vec![
            (Cow::Borrowed("s"), KeptValue::Json(&s)),
            (Cow::Borrowed("id"), KeptValue::Json(&id)),
            (Cow::Borrowed("n"), KeptValue::Json(&none)),
        ];
        let labels = vec!["a".to_string(), "b".to_string()];
        let columns: Vec<String> = ["id", "n", "s"].iter().map(|c| c.to_string()).collect();
        let mut out = Vec::new();
        csv_header(&mut out, &columns, &labels).unwrap();
        sentence_rows(
            &mut out,
            &columns,
            &kept,
            &[sentence(0, "Hi, you.")],
            &labels,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "id,n,s,index,start,end,label,confidence,p_a,p_b,text\n7,,\"a,b\",0,0,8,a,0.7500,0.7500,0.2500,\"Hi, you.\"\n"
        );
    }
}
