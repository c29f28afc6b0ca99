//! Classified articles -> table, JSON, JSON lines, CSV.
//!
//! JSON shape: `{"articles": [{"source", "sentences": [{"index", "start",
//! "end", "text", "label", "confidence", "probabilities": {LABEL: p}}],
//! "summary": {"counts", "shares", "stance", "below_min_confidence"}}]}`.
//! A JSON line is one sentence with its `source` added.

use std::io::{self, Write};

use serde::Serialize;

use crate::article::{Article, LabeledSentence};

/// Output formats of `classify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleFormat {
    /// Aligned, human-readable.
    Table,
    /// One JSON document.
    Json,
    /// One JSON object per sentence.
    Jsonl,
    /// One CSV row per sentence.
    Csv,
}

/// Widest sentence text shown in a table row before it is cut with "…".
pub const TABLE_TEXT_WIDTH: usize = 90;

/// Write articles in a format. `labels` fixes the probability columns of CSV.
pub fn write_articles(
    out: &mut dyn Write,
    articles: &[Article],
    labels: &[String],
    format: ArticleFormat,
) -> io::Result<()> {
    match format {
        ArticleFormat::Table => {
            for (i, a) in articles.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                write_table(out, a, labels)?;
            }
            Ok(())
        }
        ArticleFormat::Json => {
            #[derive(Serialize)]
            struct Doc<'a> {
                articles: &'a [Article],
            }
            serde_json::to_writer_pretty(&mut *out, &Doc { articles })?;
            writeln!(out)
        }
        ArticleFormat::Jsonl => {
            for a in articles {
                write_jsonl(out, a)?;
            }
            Ok(())
        }
        ArticleFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            write_csv_header(&mut w, labels)?;
            for a in articles {
                write_csv_rows(&mut w, a, labels)?;
            }
            w.flush()
        }
    }
}

/// One article's sentences as JSON lines.
pub fn write_jsonl(out: &mut dyn Write, article: &Article) -> io::Result<()> {
    #[derive(Serialize)]
    struct Line<'a> {
        source: &'a str,
        #[serde(flatten)]
        sentence: &'a LabeledSentence,
    }
    for s in &article.sentences {
        serde_json::to_writer(
            &mut *out,
            &Line {
                source: &article.source,
                sentence: s,
            },
        )?;
        writeln!(out)?;
    }
    Ok(())
}

/// The CSV header: source, index, start, end, label, confidence, p_LABEL..., text.
pub fn write_csv_header<W: Write>(w: &mut csv::Writer<W>, labels: &[String]) -> io::Result<()> {
    let mut header: Vec<String> = ["source", "index", "start", "end", "label", "confidence"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    header.extend(labels.iter().map(|l| format!("p_{l}")));
    header.push("text".into());
    w.write_record(&header).map_err(io::Error::other)
}

/// One article's sentences as CSV rows.
pub fn write_csv_rows<W: Write>(
    w: &mut csv::Writer<W>,
    article: &Article,
    labels: &[String],
) -> io::Result<()> {
    for s in &article.sentences {
        let mut rec = vec![
            article.source.clone(),
            s.index.to_string(),
            s.start.to_string(),
            s.end.to_string(),
            s.label.clone(),
            format!("{:.4}", s.confidence),
        ];
        rec.extend(
            labels
                .iter()
                .map(|l| format!("{:.4}", s.probabilities.get(l).copied().unwrap_or(0.0))),
        );
        rec.push(s.text.clone());
        w.write_record(&rec).map_err(io::Error::other)?;
    }
    Ok(())
}

/// One article as an aligned table with its summary.
pub fn write_table(out: &mut dyn Write, a: &Article, labels: &[String]) -> io::Result<()> {
    let label_width = labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    writeln!(out, "== {} ({} sentences)", a.source, a.sentences.len())?;
    writeln!(
        out,
        "{:>4}  {:<label_width$}  {:>5}  text",
        "#", "label", "conf"
    )?;
    for s in &a.sentences {
        writeln!(
            out,
            "{:>4}  {:<label_width$}  {:>5.2}  {}",
            s.index,
            s.label,
            s.confidence,
            shorten(&s.text, TABLE_TEXT_WIDTH)
        )?;
    }
    let counts: Vec<String> = a
        .summary
        .counts
        .iter()
        .map(|(l, c)| {
            format!(
                "{l} {c} ({:.0}%)",
                100.0 * a.summary.shares.get(l).copied().unwrap_or(0.0)
            )
        })
        .collect();
    write!(
        out,
        "-- stance: {}  |  {}",
        a.summary.stance,
        counts.join(", ")
    )?;
    if a.summary.below_min_confidence > 0 {
        write!(
            out,
            "  |  {} below min confidence",
            a.summary.below_min_confidence
        )?;
    }
    writeln!(out)
}

/// Cut a text to `width` characters, ending in "…" when cut.
pub fn shorten(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_counts_characters() {
        assert_eq!(shorten("héllo", 5), "héllo");
        assert_eq!(shorten("héllo world", 5), "héll…");
    }
}
