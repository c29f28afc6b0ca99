//! What can be wrong in records mode: a bad record, or options that
//! cannot work together.

use crate::error::Error;

/// What is wrong with a bad record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordProblem {
    /// The line is not JSON.
    #[error("not valid JSON (column {column}: {message})")]
    NotJson {
        /// serde_json's description.
        message: String,
        /// The 1-based column.
        column: usize,
    },
    /// The line is JSON but not an object (or has a field twice).
    #[error("not a JSON object ({message})")]
    NotAnObject {
        /// What it is instead.
        message: String,
    },
    /// A field the options name is missing.
    #[error("no field '{field}' ({flag})")]
    MissingField {
        /// The field.
        field: String,
        /// The option naming it.
        flag: &'static str,
    },
    /// The text (or HTML) field holds no string.
    #[error("the field '{field}' ({flag}) is {found}, not a string")]
    NotAString {
        /// The field.
        field: String,
        /// The option naming it.
        flag: &'static str,
        /// What it holds: null, a number...
        found: &'static str,
    },
    /// A field that would be kept has a name the output uses.
    #[error("the record has a field '{field}', which the output uses for its own (choose the fields to keep with --keep)")]
    FieldClash {
        /// The field.
        field: String,
    },
    /// A CSV row with more or fewer fields than the header.
    #[error("this row has {found} field{}, the header has {expected}", if *found == 1 { "" } else { "s" })]
    FieldCount {
        /// Fields in the row.
        found: usize,
        /// Columns in the header.
        expected: usize,
    },
    /// A CSV value that is not UTF-8.
    #[error("the field '{field}' is not valid UTF-8")]
    NotUtf8 {
        /// Its column.
        field: String,
    },
}

/// Records-mode options that cannot work together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordOptionsError {
    /// A field named twice, or an empty name.
    #[error("--keep: {0}")]
    BadKeep(String),
    /// A kept field named like a field of the output.
    #[error("--keep {field}: the output already has a field '{field}' (a per-{per} record holds {})", fields.join(", "))]
    KeptFieldClash {
        /// The field.
        field: String,
        /// `article` or `sentence`.
        per: &'static str,
        /// The output's own fields.
        fields: Vec<String>,
    },
    /// CSV output of whole articles.
    #[error("--format csv needs --per sentence in records mode (a per-article record holds a list of sentences: use jsonl)")]
    CsvNeedsPerSentence,
    /// CSV output with columns unknown before the first record.
    #[error("--format csv with --input-format jsonl needs --keep (the CSV columns must be known before the first record)")]
    CsvNeedsKeep,
    /// `--explain` in CSV.
    #[error("--explain needs --format jsonl in records mode")]
    ExplainNeedsJson,
    /// An output format records mode does not write.
    #[error("--format {0} is not available with --input-format jsonl|csv (records are written as jsonl, or csv with --per sentence)")]
    Format(&'static str),
    /// A records option without a records input format.
    #[error("{0} needs --input-format jsonl or csv")]
    RecordsOnly(&'static str),
    /// A text field with no name.
    #[error("{0}: the field name is empty")]
    EmptyField(&'static str),
    /// Later CSV inputs whose kept columns differ from the first one's,
    /// for CSV output (one header for all).
    #[error("{path}: its columns ({}) differ from the first input's ({}); with --format csv name the columns with --keep", found.join(", "), first.join(", "))]
    ColumnsDiffer {
        /// The later input.
        path: String,
        /// Its kept columns.
        found: Vec<String>,
        /// The first input's.
        first: Vec<String>,
    },
}

impl From<RecordOptionsError> for Error {
    fn from(e: RecordOptionsError) -> Self {
        Error::RecordOptions(e)
    }
}
