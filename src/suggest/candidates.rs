//! The unlabelled sentences `suggest` chooses from, each with where it came
//! from and the model's prediction.
//!
//! An argument ending in `.csv` (any case) is a CSV file with one candidate
//! sentence per row, in the column `text_column`; anything else is read as
//! articles exactly as `classify` reads them (a file, a directory's `.txt`
//! and `.md` files, or `-` for standard input), streamed and split into
//! sentences.
//!
//! **Source.** Each candidate records where to find it again:
//! `FILE:LINE` for a CSV row (the line where the record starts, as in error
//! messages) and `FILE#INDEX` for an article sentence (its 0-based index, the
//! `#` or `index` column of `stance classify FILE`).

use std::path::Path;

use rayon::prelude::*;

use crate::article::LabeledSentence;
use crate::data::read_text_csv;
use crate::error::{Error, Result};
use crate::input::resolve_inputs;
use crate::model::predict::Prediction;
use crate::model::Classifier;
use crate::progress::Progress;
use crate::stream::{classify_stream, SentenceSink, StreamOptions};

/// An unlabelled sentence and what the model makes of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The sentence (white space folded for article sentences; as written
    /// in the file for CSV rows).
    pub text: String,
    /// Where it came from (see the module docs).
    pub source: String,
    /// The model's prediction.
    pub prediction: Prediction,
}

/// Is this argument a CSV file of sentences rather than an article?
pub(crate) fn is_csv_argument(arg: &str) -> bool {
    Path::new(arg)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

/// Read and score every candidate of the command-line arguments, in the
/// order given (a directory's files in sorted order). `progress` counts the
/// candidates scored so far: a long crawl shows it is moving.
pub fn read_candidates(
    classifier: &Classifier,
    args: &[String],
    text_column: &str,
    progress: &dyn Progress,
) -> Result<Vec<Candidate>> {
    progress.start("candidate sentences classified", 0);
    let mut out = Vec::new();
    for arg in args {
        if is_csv_argument(arg) {
            let read = csv_candidates(classifier, Path::new(arg), text_column)?;
            progress.advance(read.len() as u64);
            out.extend(read);
        } else {
            for input in resolve_inputs(std::slice::from_ref(arg))? {
                let mut sink = Collect {
                    source: input.name(),
                    labels: classifier.labels(),
                    out: &mut out,
                    progress,
                };
                classify_stream(
                    classifier,
                    &input.path(),
                    input.open_text(None)?.reader,
                    None,
                    &StreamOptions::default(),
                    &mut sink,
                )?;
            }
        }
    }
    Ok(out)
}

/// The rows of a CSV file of sentences, scored in parallel.
pub(crate) fn csv_candidates(
    classifier: &Classifier,
    path: &Path,
    text_column: &str,
) -> Result<Vec<Candidate>> {
    let name = path.display().to_string();
    Ok(read_text_csv(path, text_column)?
        .into_par_iter()
        .map(|row| Candidate {
            prediction: classifier.predict(&row.text),
            source: format!("{name}:{}", row.line),
            text: row.text,
        })
        .collect())
}

/// Keeps every sentence of a streamed article as a candidate.
struct Collect<'a> {
    source: String,
    labels: &'a [String],
    out: &'a mut Vec<Candidate>,
    progress: &'a dyn Progress,
}

impl SentenceSink for Collect<'_> {
    type Error = Error;

    fn start(&mut self) -> Result<()> {
        Ok(())
    }

    fn sentence(&mut self, s: &LabeledSentence) -> Result<()> {
        let probabilities: Vec<f64> = self
            .labels
            .iter()
            .map(|l| s.probabilities.get(l).copied().unwrap_or(0.0))
            .collect();
        // The label is the model's own, so the lookup cannot miss.
        let label = self
            .labels
            .iter()
            .position(|l| *l == s.label)
            .expect("a sentence's label is one of its model's labels");
        self.out.push(Candidate {
            text: s.text.clone(),
            source: format!("{}#{}", self.source, s.index),
            prediction: Prediction {
                label,
                probabilities,
            },
        });
        self.progress.advance(1);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_arguments_are_told_by_their_extension() {
        assert!(is_csv_argument("pool.csv"));
        assert!(is_csv_argument("dir/POOL.CSV"));
        assert!(!is_csv_argument("article.txt"));
        assert!(!is_csv_argument("-"));
        assert!(!is_csv_argument("csv"));
    }
}
