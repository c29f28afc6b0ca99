//! Classified articles -> table, JSON, JSON lines, CSV.
//!
//! JSON shape: `{"articles": [{"source", "sentences": [{"index", "start",
//! "end", "text", "label", "confidence", "probabilities": {LABEL: p}}],
//! "summary": {"counts", "shares", "weights", "weighted_shares", "stance",
//! "below_min_confidence"}}]}`.
//! A JSON line is one sentence with its `source` added.
//!
//! [`ArticleWriter`] writes every format one sentence at a time (what
//! streaming `classify` uses); [`write_articles`] writes whole articles
//! through it.

use std::io::{self, Write};

use serde::Serialize;

use crate::article::{ArticleSummary, LabeledSentence};

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

/// Something that prints classified articles as they stream in: the
/// plain formats' [`ArticleWriter`] and the HTML report's writer.
pub trait ArticleOutput {
    /// Start an article.
    fn begin_article(&mut self, source: &str) -> io::Result<()>;
    /// The current article's next sentence.
    fn sentence(&mut self, s: &LabeledSentence) -> io::Result<()>;
    /// End the current article with its summary.
    fn end_article(&mut self, summary: &ArticleSummary) -> io::Result<()>;
}

impl<W: Write> ArticleOutput for ArticleWriter<W> {
    fn begin_article(&mut self, source: &str) -> io::Result<()> {
        ArticleWriter::begin_article(self, source)
    }
    fn sentence(&mut self, s: &LabeledSentence) -> io::Result<()> {
        ArticleWriter::sentence(self, s)
    }
    fn end_article(&mut self, summary: &ArticleSummary) -> io::Result<()> {
        ArticleWriter::end_article(self, summary)
    }
}

/// Widest sentence text shown in a table row before it is cut with "…".
pub(crate) const TABLE_TEXT_WIDTH: usize = 90;

/// Writes articles one sentence at a time, so that nothing but the current
/// sentence has to be in memory: [`begin_article`](Self::begin_article),
/// then [`sentence`](Self::sentence) for each sentence in order, then
/// [`end_article`](Self::end_article) with the summary; [`finish`](Self::finish)
/// after the last article. The output is what whole articles would give
/// (hence the layout): the table prints an article's sentence count in its
/// closing summary line, and JSON writes each article's `"summary"` after
/// its `"sentences"`.
pub struct ArticleWriter<W: Write> {
    out: Out<W>,
    labels: Vec<String>,
    label_width: usize,
    /// Articles begun so far.
    articles: usize,
    /// The current article's source.
    source: String,
    /// Sentences written in the current article.
    sentences: usize,
    /// Reused buffer for pretty-printed JSON values.
    scratch: Vec<u8>,
}

enum Out<W: Write> {
    Table(W),
    Json(W),
    Jsonl(W),
    Csv(Box<csv::Writer<W>>),
}

/// Indentation of pretty-printed JSON, up to the deepest level written.
const SPACES: &[u8] = b"        ";

impl<W: Write> ArticleWriter<W> {
    /// A writer of `format` to `out`; `labels` fixes the probability columns of CSV.
    pub fn new(out: W, labels: &[String], format: ArticleFormat) -> Self {
        let label_width = labels
            .iter()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(5)
            .max(5);
        let out = match format {
            ArticleFormat::Table => Out::Table(out),
            ArticleFormat::Json => Out::Json(out),
            ArticleFormat::Jsonl => Out::Jsonl(out),
            ArticleFormat::Csv => Out::Csv(Box::new(csv::Writer::from_writer(out))),
        };
        ArticleWriter {
            out,
            labels: labels.to_vec(),
            label_width,
            articles: 0,
            source: String::new(),
            sentences: 0,
            scratch: Vec::new(),
        }
    }

    /// What comes before the first article: the JSON document's opening,
    /// the CSV header.
    fn begin_document(&mut self) -> io::Result<()> {
        match &mut self.out {
            Out::Json(out) => out.write_all(b"{\n  \"articles\": ["),
            Out::Csv(w) => {
                let mut header = vec!["source".to_string()];
                header.extend(csv_sentence_columns(&self.labels));
                w.write_record(&header).map_err(io::Error::other)
            }
            Out::Table(_) | Out::Jsonl(_) => Ok(()),
        }
    }

    /// Start an article: the table's header lines, the JSON object's
    /// `"source"` and the opening of its `"sentences"`.
    pub fn begin_article(&mut self, source: &str) -> io::Result<()> {
        if self.articles == 0 {
            self.begin_document()?;
        }
        match &mut self.out {
            Out::Table(out) => {
                if self.articles > 0 {
                    writeln!(out)?;
                }
                writeln!(out, "== {source}")?;
                writeln!(
                    out,
                    "{:>4}  {:<width$}  {:>5}  text",
                    "#",
                    "label",
                    "conf",
                    width = self.label_width
                )?;
            }
            Out::Json(out) => {
                if self.articles > 0 {
                    out.write_all(b",")?;
                }
                out.write_all(b"\n    {\n      \"source\": ")?;
                serde_json::to_writer(&mut *out, source)?;
                out.write_all(b",\n      \"sentences\": [")?;
            }
            Out::Jsonl(_) | Out::Csv(_) => {}
        }
        self.articles += 1;
        self.sentences = 0;
        source.clone_into(&mut self.source);
        Ok(())
    }

    /// Write the current article's next sentence.
    pub fn sentence(&mut self, s: &LabeledSentence) -> io::Result<()> {
        match &mut self.out {
            Out::Table(out) => writeln!(
                out,
                "{:>4}  {:<width$}  {:>5.2}  {}",
                s.index,
                s.label,
                s.confidence,
                shorten(&s.text, TABLE_TEXT_WIDTH),
                width = self.label_width
            )?,
            Out::Json(out) => {
                out.write_all(if self.sentences == 0 { b"\n" } else { b",\n" })?;
                out.write_all(&SPACES[..8])?;
                write_indented(out, s, 8, &mut self.scratch)?;
            }
            Out::Jsonl(out) => {
                #[derive(Serialize)]
                struct Line<'a> {
                    source: &'a str,
                    #[serde(flatten)]
                    sentence: &'a LabeledSentence,
                }
                serde_json::to_writer(
                    &mut *out,
                    &Line {
                        source: &self.source,
                        sentence: s,
                    },
                )?;
                writeln!(out)?;
            }
            Out::Csv(w) => {
                let csv_error = io::Error::other;
                w.write_field(&self.source).map_err(csv_error)?;
                for n in [s.index, s.start, s.end] {
                    w.write_field(n.to_string()).map_err(csv_error)?;
                }
                w.write_field(&s.label).map_err(csv_error)?;
                w.write_field(format!("{:.4}", s.confidence))
                    .map_err(csv_error)?;
                for l in &self.labels {
                    let p = s.probabilities.get(l).copied().unwrap_or(0.0);
                    w.write_field(format!("{p:.4}")).map_err(csv_error)?;
                }
                w.write_field(&s.text).map_err(csv_error)?;
                // An empty record ends the one being written.
                w.write_record(None::<&[u8]>).map_err(csv_error)?;
            }
        }
        self.sentences += 1;
        Ok(())
    }

    /// End the current article with its summary: the table's closing line
    /// (stance, sentence count, counts per label), the JSON `"summary"`.
    pub fn end_article(&mut self, summary: &ArticleSummary) -> io::Result<()> {
        match &mut self.out {
            Out::Table(out) => {
                let counts: Vec<String> = summary
                    .counts
                    .iter()
                    .map(|(l, c)| {
                        format!(
                            "{l} {c} ({:.0}%)",
                            100.0 * summary.shares.get(l).copied().unwrap_or(0.0)
                        )
                    })
                    .collect();
                let n = self.sentences;
                write!(
                    out,
                    "-- stance: {}  |  {n} sentence{}  |  {}  |  weighted by confidence: {}",
                    summary.stance,
                    if n == 1 { "" } else { "s" },
                    counts.join(", "),
                    weighted_shares_text(summary)
                )?;
                if summary.below_min_confidence > 0 {
                    write!(
                        out,
                        "  |  {} below min confidence",
                        summary.below_min_confidence
                    )?;
                }
                writeln!(out)?;
            }
            Out::Json(out) => {
                out.write_all(if self.sentences == 0 {
                    b"]"
                } else {
                    b"\n      ]"
                })?;
                out.write_all(b",\n      \"summary\": ")?;
                write_indented(out, summary, 6, &mut self.scratch)?;
                out.write_all(b"\n    }")?;
            }
            Out::Jsonl(_) | Out::Csv(_) => {}
        }
        Ok(())
    }

    /// Close the document (JSON), flush, and give the output back.
    pub fn finish(mut self) -> io::Result<W> {
        if self.articles == 0 {
            self.begin_document()?;
        }
        match self.out {
            Out::Table(mut out) | Out::Jsonl(mut out) => {
                out.flush()?;
                Ok(out)
            }
            Out::Json(mut out) => {
                out.write_all(if self.articles == 0 {
                    b"]\n}\n"
                } else {
                    b"\n  ]\n}\n"
                })?;
                out.flush()?;
                Ok(out)
            }
            Out::Csv(w) => (*w).into_inner().map_err(|e| e.into_error()),
        }
    }
}

/// `neutral 55%, pro-closed 18%, pro-open 27%`: the share of each label's
/// weight (see [`crate::article`]), next to the plain counts it can differ from.
pub(crate) fn weighted_shares_text(summary: &ArticleSummary) -> String {
    summary
        .weighted_shares
        .iter()
        .map(|(l, w)| format!("{l} {:.0}%", 100.0 * w))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Pretty-print `value` as serde_json does, as if it were nested `indent`
/// spaces deep (the caller has written the indentation of its first line).
fn write_indented<W: Write, T: Serialize>(
    out: &mut W,
    value: &T,
    indent: usize,
    scratch: &mut Vec<u8>,
) -> io::Result<()> {
    scratch.clear();
    serde_json::to_writer_pretty(&mut *scratch, value)?;
    // JSON strings escape their line breaks: every raw one is layout.
    for (i, line) in scratch.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
            out.write_all(&SPACES[..indent])?;
        }
        out.write_all(line)?;
    }
    Ok(())
}

/// Cut a text to `width` characters, ending in "…" when cut.
pub(crate) fn shorten(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// The sentence columns of a CSV row, after `source` here and after the
/// kept fields in records mode (`p_LABEL` columns come between
/// `confidence` and `text`).
pub(crate) fn csv_sentence_columns(labels: &[String]) -> Vec<String> {
    let mut columns: Vec<String> = ["index", "start", "end", "label", "confidence"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    columns.extend(labels.iter().map(|l| format!("p_{l}")));
    columns.push("text".into());
    columns
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
