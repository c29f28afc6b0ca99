//! Records mode: one article per JSON line or CSV row, classified in
//! bounded memory, one output record per input record in input order.
//!
//! Each input is read a batch of records at a time ([`reader`]: about
//! [`BATCH_BYTES_PER_THREAD`] bytes per rayon thread); a batch is parsed,
//! classified and serialised in parallel, one record per task, while the
//! previous batch is written, so memory holds about two batches (and any
//! single record, however large) whatever the input size. The output is
//! the same for any number of threads.
//!
//! A bad record (not JSON, no text field...) stops the run with an
//! [`Error::BadRecord`] naming its line, after the records before it were
//! written; with [`RecordOptions::skip_bad`] it is handed to the caller's
//! `on_skip` and counted in [`RecordStats::skipped`] instead. Output shapes:
//! docs/GUIDE.md, "Records".

mod errors;
pub(crate) mod reader;
pub(crate) mod writer;

pub use errors::RecordOptionsError;
pub(crate) use errors::RecordProblem;

use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc::sync_channel;

use rayon::prelude::*;

use crate::article::{classify_text, LabeledSentence};
use crate::error::{Error, Result};
use crate::input::html::html_to_text;
use crate::model::Classifier;
use reader::{fields_of, CsvLayout, RawRecord, RecordReader};
use writer::{ARTICLE_FIELDS, SENTENCE_FIELDS};

/// Input bytes read per batch and rayon thread.
pub(crate) const BATCH_BYTES_PER_THREAD: usize = 1 << 20;
/// Most records per batch and rayon thread (many tiny records).
const BATCH_RECORDS_PER_THREAD: usize = 2048;

/// How the records are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RecordFormat {
    /// One JSON object per line.
    #[default]
    Jsonl,
    /// CSV with a header row (input), or rows of one sentence each (output).
    Csv,
}

/// Which field holds the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextField {
    /// Plain text, classified as it is.
    Text(String),
    /// A web page, reduced to its article's text first (as
    /// `--input-format html` does for files).
    Html(String),
}

impl Default for TextField {
    fn default() -> Self {
        TextField::Text("text".into())
    }
}

impl TextField {
    /// The field's name.
    pub fn name(&self) -> &str {
        match self {
            TextField::Text(n) | TextField::Html(n) => n,
        }
    }

    /// The option that names it, for messages.
    pub fn flag(&self) -> &'static str {
        match self {
            TextField::Text(_) => "--text-field",
            TextField::Html(_) => "--html-field",
        }
    }
}

/// One output record per article or per sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RecordsPer {
    /// Kept fields, `sentences`, `summary`.
    #[default]
    Article,
    /// Kept fields and one sentence's fields, flat.
    Sentence,
}

/// What records mode reads, keeps and writes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RecordOptions {
    /// How the input is written.
    pub input: RecordFormat,
    /// The field holding the article.
    pub field: TextField,
    /// The fields passed through (all but the text field when `None`).
    pub keep: Option<Vec<String>>,
    /// One output record per article or per sentence.
    pub per: RecordsPer,
    /// How the output is written (CSV only per sentence).
    pub output: RecordFormat,
    /// Report bad records to `on_skip` and go on, instead of stopping.
    pub skip_bad: bool,
    /// Leave out sentences whose top probability is below this.
    pub min_confidence: Option<f64>,
    /// Add each sentence's N largest feature contributions (JSON output).
    pub explain: Option<usize>,
}

/// What a run read and wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RecordStats {
    /// Records read, bad ones included (blank JSON lines are not records).
    pub records: u64,
    /// Records classified and written.
    pub written: u64,
    /// Bad records skipped (with `skip_bad`).
    pub skipped: u64,
    /// Sentences written (after `min_confidence`).
    pub sentences: u64,
}

impl RecordOptions {
    /// The field names the output itself writes beside the kept ones.
    fn reserved(&self, labels: &[String]) -> Vec<String> {
        let mut names: Vec<String> = match (self.per, self.output) {
            (RecordsPer::Article, _) => ARTICLE_FIELDS.iter().map(|s| s.to_string()).collect(),
            (RecordsPer::Sentence, RecordFormat::Jsonl) => {
                SENTENCE_FIELDS.iter().map(|s| s.to_string()).collect()
            }
            (RecordsPer::Sentence, RecordFormat::Csv) => {
                crate::report::articles::csv_sentence_columns(labels)
            }
        };
        if self.explain.is_some() && self.per == RecordsPer::Sentence {
            names.push("explain".into());
        }
        names
    }

    /// Refuse options that cannot work, before anything is read.
    fn check(&self, labels: &[String]) -> Result<()> {
        if self.field.name().is_empty() {
            return Err(RecordOptionsError::EmptyField(self.field.flag()).into());
        }
        if self.output == RecordFormat::Csv {
            if self.per == RecordsPer::Article {
                return Err(RecordOptionsError::CsvNeedsPerSentence.into());
            }
            if self.explain.is_some() {
                return Err(RecordOptionsError::ExplainNeedsJson.into());
            }
            if self.input == RecordFormat::Jsonl && self.keep.is_none() {
                return Err(RecordOptionsError::CsvNeedsKeep.into());
            }
        }
        if let Some(keep) = &self.keep {
            let reserved = self.reserved(labels);
            for (i, name) in keep.iter().enumerate() {
                if name.is_empty() {
                    return Err(RecordOptionsError::BadKeep("a field name is empty".into()).into());
                }
                if keep[..i].contains(name) {
                    return Err(
                        RecordOptionsError::BadKeep(format!("'{name}' is named twice")).into(),
                    );
                }
                if reserved.contains(name) {
                    return Err(RecordOptionsError::KeptFieldClash {
                        field: name.clone(),
                        per: match self.per {
                            RecordsPer::Article => "article",
                            RecordsPer::Sentence => "sentence",
                        },
                        fields: reserved,
                    }
                    .into());
                }
            }
        }
        Ok(())
    }
}

/// A records-mode run over one or more inputs, into one output.
pub struct RecordClassifier<'m, W: Write> {
    model: &'m Classifier,
    options: RecordOptions,
    reserved: Vec<String>,
    out: W,
    /// The CSV output's kept columns, once known.
    csv_columns: Option<Vec<String>>,
    header_written: bool,
    stats: RecordStats,
}

/// One record's outcome: its output and sentence count, or why it has none.
struct Outcome {
    line: u64,
    result: std::result::Result<(Vec<u8>, usize), Failure>,
}

enum Failure {
    /// A bad record.
    Bad(RecordProblem),
    /// Serialising to memory failed (a bug, not bad input).
    Internal(std::io::Error),
}

impl<'m, W: Write> RecordClassifier<'m, W> {
    /// A run of `model` with `options` into `out`; options that cannot
    /// work are refused here.
    pub fn new(model: &'m Classifier, options: RecordOptions, out: W) -> Result<Self> {
        options.check(model.labels())?;
        let csv_columns = match (options.output, &options.keep) {
            (RecordFormat::Csv, Some(keep)) => Some(keep.clone()),
            _ => None,
        };
        Ok(RecordClassifier {
            reserved: options.reserved(model.labels()),
            model,
            options,
            out,
            csv_columns,
            header_written: false,
            stats: RecordStats::default(),
        })
    }

    /// Classify the records of one input (`path` names it in errors),
    /// writing each one's output in order. Bad records stop the run with
    /// their error, or with `skip_bad` go to `on_skip`.
    pub fn classify_input<R: Read + Send>(
        &mut self,
        path: &Path,
        reader: R,
        on_skip: &mut dyn FnMut(&Error),
    ) -> Result<()> {
        let mut records = RecordReader::new(reader, path, &self.options)?;
        if let Some(layout) = records.layout() {
            self.check_columns(path, layout)?;
        }
        self.write_csv_header()?;
        let layout = records.layout().cloned();
        let threads = rayon::current_num_threads().max(1);
        let (max_bytes, max_records) = (
            BATCH_BYTES_PER_THREAD * threads,
            BATCH_RECORDS_PER_THREAD * threads,
        );
        let model = self.model;
        let options = &self.options;
        let reserved = &self.reserved;
        let csv_columns = self.csv_columns.as_deref().unwrap_or_default();
        let out = &mut self.out;
        let stats = &mut self.stats;
        std::thread::scope(|scope| {
            // A rendezvous channel: one classified batch waits while the
            // one before is written.
            let (tx, rx) = sync_channel::<Vec<Outcome>>(0);
            let producer = scope.spawn(move || -> Result<()> {
                loop {
                    let (batch, failure) = records.next_batch(max_bytes, max_records);
                    if batch.is_empty() {
                        return failure.map_or(Ok(()), Err);
                    }
                    let parallel_inside = batch.len() == 1;
                    let outcomes: Vec<Outcome> = batch
                        .into_par_iter()
                        .map(|raw| Outcome {
                            line: raw.line,
                            result: process(
                                model,
                                options,
                                reserved,
                                layout.as_ref(),
                                csv_columns,
                                &raw,
                                parallel_inside,
                            ),
                        })
                        .collect();
                    if tx.send(outcomes).is_err() {
                        return Ok(()); // the writer stopped: its error is the one reported
                    }
                    if let Some(e) = failure {
                        return Err(e);
                    }
                }
            });
            let mut written = Ok(());
            'batches: for batch in rx {
                for outcome in batch {
                    stats.records += 1;
                    match outcome.result {
                        Ok((bytes, sentences)) => {
                            if let Err(e) = out.write_all(&bytes) {
                                written = Err(Error::io("-", e));
                                break 'batches;
                            }
                            stats.written += 1;
                            stats.sentences += sentences as u64;
                        }
                        Err(Failure::Internal(e)) => {
                            written = Err(Error::io(path, e));
                            break 'batches;
                        }
                        Err(Failure::Bad(problem)) => {
                            let error = Error::BadRecord {
                                path: path.to_path_buf(),
                                line: outcome.line,
                                problem,
                            };
                            if !options.skip_bad {
                                written = Err(error);
                                break 'batches;
                            }
                            stats.skipped += 1;
                            on_skip(&error);
                        }
                    }
                }
            }
            let read = producer
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            written?;
            read
        })
    }

    /// With CSV output and no `--keep`, every CSV input must keep the
    /// columns the first one did (one header for all).
    fn check_columns(&mut self, path: &Path, layout: &CsvLayout) -> Result<()> {
        if self.options.output != RecordFormat::Csv || self.options.keep.is_some() {
            return Ok(());
        }
        let found = layout.kept_names();
        for name in &found {
            if self.reserved.contains(name) {
                return Err(RecordOptionsError::KeptFieldClash {
                    field: name.clone(),
                    per: "sentence",
                    fields: self.reserved.clone(),
                }
                .into());
            }
        }
        match &self.csv_columns {
            None => self.csv_columns = Some(found),
            Some(first) if *first != found => {
                return Err(RecordOptionsError::ColumnsDiffer {
                    path: path.display().to_string(),
                    found,
                    first: first.clone(),
                }
                .into())
            }
            Some(_) => {}
        }
        Ok(())
    }

    /// The CSV header, once, as soon as its columns are known.
    fn write_csv_header(&mut self) -> Result<()> {
        if self.options.output != RecordFormat::Csv || self.header_written {
            return Ok(());
        }
        if let Some(columns) = &self.csv_columns {
            let mut header = Vec::new();
            writer::csv_header(&mut header, columns, self.model.labels())
                .and_then(|()| self.out.write_all(&header))
                .map_err(|e| Error::io("-", e))?;
            self.header_written = true;
        }
        Ok(())
    }

    /// Flush the output; returns it with what the run did.
    pub fn finish(mut self) -> Result<(W, RecordStats)> {
        self.write_csv_header()?;
        self.out.flush().map_err(|e| Error::io("-", e))?;
        Ok((self.out, self.stats))
    }
}

/// Classify the records read from `reader` into `out` (see the module docs;
/// `path` names the input in errors, `on_skip` receives each bad record
/// skipped with `skip_bad`). For several inputs into one output, use
/// [`RecordClassifier`].
pub fn classify_records<R: Read + Send, W: Write>(
    model: &Classifier,
    path: &Path,
    reader: R,
    out: W,
    options: &RecordOptions,
    on_skip: &mut dyn FnMut(&Error),
) -> Result<RecordStats> {
    let mut run = RecordClassifier::new(model, options.clone(), out)?;
    run.classify_input(path, reader, on_skip)?;
    Ok(run.finish()?.1)
}

/// Parse, classify and serialise one record.
fn process(
    model: &Classifier,
    options: &RecordOptions,
    reserved: &[String],
    layout: Option<&CsvLayout>,
    csv_columns: &[String],
    raw: &RawRecord,
    parallel: bool,
) -> std::result::Result<(Vec<u8>, usize), Failure> {
    let fields = fields_of(&raw.body, layout, options, reserved).map_err(Failure::Bad)?;
    let page_text;
    let text = match &options.field {
        TextField::Text(_) => fields.text.as_ref(),
        TextField::Html(_) => {
            page_text = html_to_text(&fields.text);
            page_text.as_str()
        }
    };
    let (mut sentences, summary) = classify_text(model, text, options.min_confidence, parallel);
    if let Some(n) = options.explain {
        add_explanations(model, &mut sentences, n);
    }
    let mut out = Vec::with_capacity(256 + 400 * sentences.len());
    let written = match (options.per, options.output) {
        (RecordsPer::Article, _) => {
            writer::article_line(&mut out, &fields.kept, &sentences, &summary)
        }
        (RecordsPer::Sentence, RecordFormat::Jsonl) => {
            writer::sentence_lines(&mut out, &fields.kept, &sentences)
        }
        (RecordsPer::Sentence, RecordFormat::Csv) => writer::sentence_rows(
            &mut out,
            csv_columns,
            &fields.kept,
            &sentences,
            model.labels(),
        ),
    };
    written.map_err(Failure::Internal)?;
    Ok((out, sentences.len()))
}

/// Each sentence's `n` largest contributions to its label's logit, as
/// `classify --explain N` gives them.
fn add_explanations(model: &Classifier, sentences: &mut [LabeledSentence], n: usize) {
    for s in sentences {
        let mut e = model.explain(&s.text);
        e.truncate(n);
        s.explain = Some(e.predicted().contributions.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::file::default_model;

    fn run(input: &str, options: &RecordOptions) -> (Result<RecordStats>, String, Vec<String>) {
        let model = default_model().unwrap();
        let mut out = Vec::new();
        let mut skipped = Vec::new();
        let result = classify_records(
            &model,
            Path::new("in"),
            input.as_bytes(),
            &mut out,
            options,
            &mut |e| skipped.push(e.to_string()),
        );
        (result, String::from_utf8(out).unwrap(), skipped)
    }

    #[test]
    fn stats_count_records_sentences_and_skips() {
        let input = "{\"id\":1,\"text\":\"Open weights help. The lab disagrees.\"}\n\n{\"id\":2}\n{\"id\":3,\"text\":\"\"}\n";
        let skip = RecordOptions {
            skip_bad: true,
            ..RecordOptions::default()
        };
        let (stats, out, skipped) = run(input, &skip);
        assert_eq!(
            stats.unwrap(),
            RecordStats {
                records: 3,
                written: 2,
                skipped: 1,
                sentences: 2,
            }
        );
        assert_eq!(out.lines().count(), 2);
        assert_eq!(skipped, ["in:3: no field 'text' (--text-field)"]);
        let (stats, out, _) = run(input, &RecordOptions::default());
        let e = stats.unwrap_err();
        assert!(matches!(e, Error::BadRecord { line: 3, .. }), "{e}");
        assert!(e.is_input_error());
        assert_eq!(
            out.lines().count(),
            1,
            "the record before the bad one is written"
        );
    }

    #[test]
    fn options_that_cannot_work_are_refused_up_front() {
        let labels: Vec<String> = ["neutral", "pro-open"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let refused = |options: RecordOptions| options.check(&labels).unwrap_err().to_string();
        let keep = |names: &[&str]| Some(names.iter().map(|s| s.to_string()).collect());
        let per_sentence_csv = RecordOptions {
            per: RecordsPer::Sentence,
            output: RecordFormat::Csv,
            input: RecordFormat::Csv,
            ..RecordOptions::default()
        };
        assert_eq!(
            refused(RecordOptions {
                keep: keep(&["id", "p_pro-open"]),
                ..per_sentence_csv.clone()
            }),
            "--keep p_pro-open: the output already has a field 'p_pro-open' (a per-sentence record holds index, start, end, label, confidence, p_neutral, p_pro-open, text)"
        );
        assert!(per_sentence_csv.check(&labels).is_ok());
        assert_eq!(
            refused(RecordOptions {
                per: RecordsPer::Sentence,
                explain: Some(3),
                keep: keep(&["explain"]),
                ..RecordOptions::default()
            }),
            "--keep explain: the output already has a field 'explain' (a per-sentence record holds index, start, end, text, label, confidence, probabilities, explain)"
        );
        assert_eq!(
            refused(RecordOptions {
                keep: keep(&["id", ""]),
                ..RecordOptions::default()
            }),
            "--keep: a field name is empty"
        );
        assert_eq!(
            refused(RecordOptions {
                explain: Some(1),
                ..per_sentence_csv
            }),
            "--explain needs --format jsonl in records mode"
        );
    }
}
