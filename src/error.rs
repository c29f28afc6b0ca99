//! The one error type of the library.
//!
//! Every variant that comes from bad input names the file (and the CSV line
//! where there is one), so the binary can print it on one line and exit with
//! code 2; the rest are internal failures (exit code 1).

use std::path::PathBuf;

use crate::records::{RecordOptionsError, RecordProblem};

/// Everything that can go wrong in `stance`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {cause}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying I/O error (already part of the message, so not
        /// chained as a source: printing the chain would repeat it).
        cause: std::io::Error,
    },
    /// The input is malformed: a CSV problem, an empty file, invalid UTF-8...
    #[error("{path}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Input {
        /// The file concerned (`-` for standard input).
        path: PathBuf,
        /// The 1-based line in that file, when known.
        line: Option<u64>,
        /// What is wrong, in one line.
        message: String,
    },
    /// A model file that cannot be used: truncated, not a model, another version.
    #[error("{path}: {message}")]
    Model {
        /// The model file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// A training setting that cannot train (alpha <= 0, one fold, an
    /// n-gram range of 0...), named by its flag.
    #[error("invalid setting {setting}: {problem}")]
    Setting {
        /// The flag, e.g. `--alpha`.
        setting: &'static str,
        /// What is wrong with its value.
        problem: String,
    },
    /// Other requests that make no sense (an option without the one it needs...).
    #[error("invalid setting: {0}")]
    Config(String),
    /// The training itself failed (linfa reported an error, or produced NaN).
    #[error("training failed: {0}")]
    Training(String),
    /// Gold labels that the model can never predict: every row with one
    /// counts as wrong, so a score against them (a positive/negative file
    /// against the stance model gives accuracy 0) would mean nothing.
    #[error(
        "{path}:{line}: gold label{} the model does not know: {} (the model's labels: {})",
        if unknown.len() == 1 { "" } else { "s" },
        unknown.join(", "),
        known.join(", ")
    )]
    UnknownLabels {
        /// The labelled file.
        path: PathBuf,
        /// The line of the first row with an unknown label.
        line: u64,
        /// The gold labels the model lacks, sorted.
        unknown: Vec<String>,
        /// The model's labels.
        known: Vec<String>,
    },
    /// A CSV given to `classify`, which would read its header and commas
    /// as prose; labelled rows are what `evaluate` scores.
    #[error(
        "{path}: classify reads articles, not records: add --input-format {format} to classify one article per record{}",
        if *format == "csv" { format!(", or use `stance evaluate --data {}` to score a labelled CSV", path.display()) } else { String::new() }
    )]
    CsvArticle {
        /// The CSV (or JSON lines) file.
        path: PathBuf,
        /// The `--input-format` that reads it as records.
        format: &'static str,
    },
    /// A record of `classify --input-format jsonl|csv` that cannot be
    /// classified (not JSON, no text field...), at its line.
    #[error("{path}:{line}: {problem}")]
    BadRecord {
        /// The input (`-` for standard input).
        path: PathBuf,
        /// The 1-based line the record starts on.
        line: u64,
        /// What is wrong with it.
        problem: RecordProblem,
    },
    /// Records-mode options that cannot work together, refused before any
    /// input is read.
    #[error("{0}")]
    RecordOptions(RecordOptionsError),
    /// An output path in a directory that does not exist: creating it
    /// silently would hide a mistyped path.
    #[error(
        "{path}: the directory {dir} does not exist (stance does not create directories: create it first or choose another path)"
    )]
    MissingOutputDirectory {
        /// The output file asked for.
        path: PathBuf,
        /// Its parent directory, which is missing.
        dir: PathBuf,
    },
}

impl Error {
    /// True for errors caused by the user's input or settings (exit code 2),
    /// false for internal failures such as a disk that cannot be written (1).
    pub fn is_input_error(&self) -> bool {
        match self {
            Error::Input { .. }
            | Error::Model { .. }
            | Error::Setting { .. }
            | Error::Config(_)
            | Error::UnknownLabels { .. }
            | Error::CsvArticle { .. }
            | Error::BadRecord { .. }
            | Error::RecordOptions(_)
            | Error::MissingOutputDirectory { .. } => true,
            Error::Io { cause, .. } => matches!(
                cause.kind(),
                std::io::ErrorKind::NotFound
                    | std::io::ErrorKind::PermissionDenied
                    | std::io::ErrorKind::InvalidData
                    | std::io::ErrorKind::IsADirectory
                    | std::io::ErrorKind::NotADirectory
                    | std::io::ErrorKind::AlreadyExists
            ),
            Error::Training(_) => false,
        }
    }

    /// Shorthand for an [`Error::Setting`].
    pub fn setting(setting: &'static str, problem: impl Into<String>) -> Self {
        Error::Setting {
            setting,
            problem: problem.into(),
        }
    }

    /// Shorthand for an [`Error::Input`] with a line number.
    pub fn input(path: impl Into<PathBuf>, line: Option<u64>, message: impl Into<String>) -> Self {
        Error::Input {
            path: path.into(),
            line,
            message: message.into(),
        }
    }

    /// Shorthand for an [`Error::Io`].
    pub fn io(path: impl Into<PathBuf>, cause: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            cause,
        }
    }
}

/// The library's result type.
pub type Result<T> = std::result::Result<T, Error>;

/// The item of `all` whose name is `name`, or a [`Error::Config`] naming
/// `what` and listing every known name: one way for each named setting
/// (presets, tf modes) to refuse a typo.
pub(crate) fn find_named<T: Copy>(
    all: &[T],
    name_of: impl Fn(T) -> &'static str,
    name: &str,
    what: &str,
) -> Result<T> {
    all.iter()
        .copied()
        .find(|&item| name_of(item) == name)
        .ok_or_else(|| {
            let known: Vec<&str> = all.iter().map(|&item| name_of(item)).collect();
            Error::Config(format!(
                "unknown {what} '{name}' (known: {})",
                known.join(", ")
            ))
        })
}

/// linfa's errors (a dataset that does not fit the estimator) arise only
/// inside a fit, so they are training failures.
impl From<linfa::Error> for Error {
    fn from(e: linfa::Error) -> Self {
        Error::Training(e.to_string())
    }
}
