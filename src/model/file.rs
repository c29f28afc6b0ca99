//! The model file: versioned JSON, written atomically, with clear errors
//! for files that are truncated, not a model, or of another version.
//!
//! Layout (format version 1): `format`, `version`, `labels`, `features`
//! (the analyzer settings), `vocabulary`, `idf`, `coefficients` (one array
//! per feature, one number per label), `intercepts`, `training`, and
//! optionally `surfaces` (each feature's commonest training wording) and
//! `naive_bayes` (terms and per-label counts of `--nb-score`). Maps are
//! ordered and floats are printed shortest-round-trip, so the same model
//! always serialises to the same bytes.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Classifier, TrainingInfo};
use crate::atomic::write_atomically;
use crate::error::{Error, Result};
use crate::features::config::FeatureConfig;
use crate::features::naive_bayes::NbScorer;
use crate::features::term_list::TermList;
use crate::features::Vectorizer;

/// The `format` tag every model file carries.
pub const FORMAT_TAG: &str = "stance-model";
/// The format version this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct ModelFile {
    format: String,
    version: u32,
    labels: Vec<String>,
    features: FeatureConfig,
    vocabulary: Vec<String>,
    idf: Vec<f64>,
    coefficients: Vec<Vec<f64>>,
    intercepts: Vec<f64>,
    training: TrainingInfo,
    /// Most frequent training wording of each feature, for people reading
    /// the model (absent in files written before it was recorded).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    surfaces: Vec<String>,
    /// The Naive-Bayes terms and counts of a model trained with
    /// `--nb-score`; its coefficient rows follow the vocabulary's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    naive_bayes: Option<NaiveBayesTable>,
}

/// Every Naive-Bayes term, sorted, one per line of a single string, and one
/// string of presence counts per label (in term order, separated by
/// spaces). Both are strings because serde_json spends over a hundred
/// instructions on each array element, and the table has 100k terms in a
/// model that every process parses; counts rather than the log-count
/// ratios they determine, because small integers are short and exact.
#[derive(Serialize, Deserialize)]
struct NaiveBayesTable {
    terms: TermList,
    counts: Vec<CountColumn>,
}

/// One label's counts, written as `"3 0 1 ..."`.
struct CountColumn(Vec<u32>);

impl Serialize for CountColumn {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        let mut text = String::with_capacity(self.0.len() * 2);
        for (i, c) in self.0.iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            text.push_str(&c.to_string());
        }
        serializer.serialize_str(&text)
    }
}

impl<'de> Deserialize<'de> for CountColumn {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<CountColumn, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        parse_counts(&text)
            .map(CountColumn)
            .ok_or_else(|| serde::de::Error::custom("a Naive-Bayes count is not a whole number"))
    }
}

/// `"3 0 1"` -> `[3, 0, 1]`; `None` for anything else (a sign, two spaces,
/// a number past `u32`). By hand because `str::split` + `parse` cost about
/// seventy instructions a number and a table has 300k of them.
fn parse_counts(text: &str) -> Option<Vec<u32>> {
    let mut counts = Vec::with_capacity(text.len() / 2 + 1);
    if text.is_empty() {
        return Some(counts);
    }
    // Digits are accumulated in a u64 and checked once per number: ten
    // digits cannot overflow it, and more than ten cannot fit a u32.
    let (mut value, mut digits) = (0u64, 0u32);
    for &b in text.as_bytes() {
        let digit = b.wrapping_sub(b'0');
        if digit < 10 {
            value = value * 10 + u64::from(digit);
            digits += 1;
            if digits > 10 {
                return None;
            }
        } else if b == b' ' && digits > 0 {
            counts.push(u32::try_from(value).ok()?);
            (value, digits) = (0, 0);
        } else {
            return None;
        }
    }
    if digits == 0 {
        return None;
    }
    counts.push(u32::try_from(value).ok()?);
    Some(counts)
}

/// Just enough of a file to tell what it is before reading it all.
#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<u32>,
}

impl Classifier {
    /// Serialise to the model file's bytes (compact JSON and a final newline).
    pub fn to_json(&self) -> Vec<u8> {
        let tfidf = self.vectorizer().tfidf();
        let file = ModelFile {
            format: FORMAT_TAG.to_string(),
            version: FORMAT_VERSION,
            labels: self.labels().to_vec(),
            features: self.vectorizer().config().clone(),
            vocabulary: tfidf.vocabulary().to_vec(),
            idf: tfidf.idf().to_vec(),
            coefficients: (0..self.vectorizer().n_features())
                .map(|j| self.feature_coefficients(j).to_vec())
                .collect(),
            intercepts: self.intercepts().to_vec(),
            training: self.training().clone(),
            surfaces: self.vectorizer().surfaces().to_vec(),
            naive_bayes: self.vectorizer().naive_bayes().map(|nb| NaiveBayesTable {
                terms: nb.terms().clone(),
                counts: {
                    let n = nb.terms().len();
                    (0..nb.len())
                        .map(|l| CountColumn(nb.counts()[l * n..(l + 1) * n].to_vec()))
                        .collect()
                },
            }),
        };
        let mut bytes = serde_json::to_vec(&file).expect("a model always serialises");
        bytes.push(b'\n');
        bytes
    }

    /// Write the model to `path` atomically: a temporary file in the same
    /// directory, synced, then renamed over `path`. A failure at any point
    /// leaves an existing `path` untouched.
    pub fn save(&self, path: &Path) -> Result<()> {
        write_atomically(path, &self.to_json())
    }

    /// Read a model file.
    pub fn load(path: &Path) -> Result<Classifier> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Classifier::from_json(path, &bytes)
    }

    /// Parse a model from bytes; `path` names it in errors.
    pub fn from_json(path: &Path, bytes: &[u8]) -> Result<Classifier> {
        let bad = |message: String| Error::Model {
            path: path.to_path_buf(),
            message,
        };
        // One parse on the happy path (the default model is parsed by every
        // process); only a file that fails it is parsed again, for its
        // header, to say what is wrong with it.
        let file: ModelFile = match serde_json::from_slice::<ModelFile>(bytes) {
            Ok(file) if file.format == FORMAT_TAG && file.version == FORMAT_VERSION => file,
            parsed => {
                let header: Header = serde_json::from_slice(bytes).map_err(|e| {
                    if e.is_eof() {
                        bad(
                            "the model file is truncated (it ends in the middle of the JSON)"
                                .into(),
                        )
                    } else {
                        bad(format!("not a stance model file (not valid JSON: {e})"))
                    }
                })?;
                if header.format.as_deref() != Some(FORMAT_TAG) {
                    return Err(bad(
                        "not a stance model file (no \"format\": \"stance-model\")".into(),
                    ));
                }
                match header.version {
                    Some(FORMAT_VERSION) => {}
                    Some(v) => {
                        return Err(bad(format!(
                            "model format version {v}; this build of stance reads version {FORMAT_VERSION} (retrain the model)"
                        )))
                    }
                    None => return Err(bad("the model file has no format version".into())),
                }
                return Err(bad(match parsed {
                    Err(e) => format!("damaged model file: {e}"),
                    Ok(_) => "damaged model file".into(),
                }));
            }
        };
        let k = file.labels.len();
        let f = file.vocabulary.len() + file.naive_bayes.as_ref().map_or(0, |_| k);
        if k < 2 {
            return Err(bad("a model needs at least two labels".into()));
        }
        let terms = file.vocabulary.len();
        if file.idf.len() != terms
            || file.coefficients.len() != f
            || file.intercepts.len() != k
            || !(file.surfaces.is_empty() || file.surfaces.len() == terms)
        {
            return Err(bad(
                "damaged model file: table sizes do not match the vocabulary".into(),
            ));
        }
        let mut coefficients = Vec::with_capacity(f * k);
        for row in &file.coefficients {
            if row.len() != k {
                return Err(bad(
                    "damaged model file: a coefficient row has the wrong length".into(),
                ));
            }
            coefficients.extend_from_slice(row);
        }
        let nb = match (&file.features.nb_score, file.naive_bayes) {
            (Some(config), Some(table)) => {
                let n = table.terms.len();
                if table.counts.len() != k || table.counts.iter().any(|c| c.0.len() != n) {
                    return Err(bad(
                        "damaged model file: the Naive-Bayes counts do not match its terms and labels"
                            .into(),
                    ));
                }
                let mut counts = Vec::with_capacity(n * k);
                for column in table.counts {
                    counts.extend(column.0);
                }
                Some(
                    NbScorer::from_parts(config.clone(), &file.features, k, table.terms, counts)
                        .map_err(|e| bad(format!("damaged model file: {e}")))?,
                )
            }
            (None, None) => None,
            _ => {
                return Err(bad(
                    "damaged model file: the Naive-Bayes setting and table disagree".into(),
                ))
            }
        };
        if let Some(flag) = file.features.removed.used() {
            return Err(bad(format!(
                "the model was trained with {flag}, which this version of stance no longer has; retrain it"
            )));
        }
        let vectorizer =
            Vectorizer::from_parts(file.features, file.vocabulary, file.idf, file.surfaces, nb)
                .map_err(|e| bad(format!("unusable settings: {e}")))?;
        Ok(Classifier::new(
            file.labels,
            vectorizer,
            coefficients,
            file.intercepts,
            file.training,
        ))
    }
}

/// The default model, embedded at build time so the installed binary works
/// from any directory.
pub const DEFAULT_MODEL_JSON: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/models/stance.json"));

/// Name the default model goes by in messages.
pub const DEFAULT_MODEL_NAME: &str = "models/stance.json (embedded)";

/// Load the embedded default model.
pub fn default_model() -> Result<Classifier> {
    Classifier::from_json(Path::new(DEFAULT_MODEL_NAME), DEFAULT_MODEL_JSON)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reading the shipped model and writing it again gives its exact bytes:
    /// optional parts a model lacks (such as `naive_bayes`) must not appear,
    /// or every model file would change under its users.
    #[test]
    fn count_columns_parse_exactly_what_they_write() {
        assert_eq!(parse_counts("3 0 12"), Some(vec![3, 0, 12]));
        assert_eq!(parse_counts("4294967295"), Some(vec![u32::MAX]));
        assert_eq!(parse_counts(""), Some(vec![]));
        assert_eq!(parse_counts("0000000001 2"), Some(vec![1, 2]));
        for bad in [
            "4294967296",
            "99999999999",
            "1  2",
            " 1",
            "1 ",
            "-1",
            "1.5",
            "x",
        ] {
            assert_eq!(parse_counts(bad), None, "{bad:?}");
        }
        let column = CountColumn(vec![0, 7, 4294967295, 10]);
        let json = serde_json::to_string(&column).unwrap();
        assert_eq!(json, r#""0 7 4294967295 10""#);
        let back: CountColumn = serde_json::from_str(&json).unwrap();
        assert_eq!(back.0, column.0);
    }

    #[test]
    fn the_default_model_round_trips_to_the_same_bytes() {
        let model = default_model().unwrap();
        assert!(model.to_json() == DEFAULT_MODEL_JSON);
    }
}
