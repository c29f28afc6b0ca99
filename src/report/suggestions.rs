//! Suggestions -> CSV ready to label: `text,label,suggested,confidence,source`.
//!
//! The `label` column is left empty for the labeller to fill in, so the file
//! can be appended to a training CSV once done (extra columns are ignored by
//! training); `suggested` and `confidence` (four decimals) show the model's
//! guess, `source` where the sentence came from.

use std::io::{self, Write};

use crate::suggest::Suggestion;

/// The header row.
pub(crate) const SUGGESTION_COLUMNS: [&str; 5] =
    ["text", "label", "suggested", "confidence", "source"];

/// Write the header and one row per suggestion (RFC 4180 quoting).
pub fn write_suggestions<W: Write>(out: W, rows: &[Suggestion]) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(SUGGESTION_COLUMNS)
        .map_err(io::Error::other)?;
    for s in rows {
        let confidence = format!("{:.4}", s.confidence);
        w.write_record([
            s.text.as_str(),
            "",
            s.suggested.as_str(),
            confidence.as_str(),
            s.source.as_str(),
        ])
        .map_err(io::Error::other)?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_empty_label_and_quoting() {
        let rows = vec![Suggestion {
            text: "He said \"no\", twice.".into(),
            suggested: "pro-open".into(),
            confidence: 0.41234,
            source: "a.txt#3".into(),
        }];
        let mut out = Vec::new();
        write_suggestions(&mut out, &rows).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "text,label,suggested,confidence,source\n\"He said \"\"no\"\", twice.\",,pro-open,0.4123,a.txt#3\n"
        );
    }
}
