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

use std::borrow::Cow;
use std::fmt;
use std::path::Path;

use serde::de::{DeserializeSeed, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::{Classifier, TrainingInfo};
use crate::atomic::write_atomically;
use crate::error::{Error, Result};
use crate::features::config::FeatureConfig;
use crate::features::naive_bayes::NbScorer;
use crate::features::surfaces::{count_strings, Surfaces};
use crate::features::term_list::TermList;
use crate::features::Vectorizer;

/// The `format` tag every model file carries.
pub(crate) const FORMAT_TAG: &str = "stance-model";
/// The format version this build writes and reads.
pub(crate) const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
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
#[derive(Serialize)]
struct NaiveBayesTable {
    terms: TermList,
    counts: Vec<CountColumn>,
}

/// [`ModelFile`] as it is read: straight into the buffers the classifier
/// keeps, since every process parses the 19 MB default model. Coefficient
/// rows and count columns land in one buffer each (85k row vectors were a
/// 5 MB peak), and `surfaces` stays JSON until asked for (see
/// [`Surfaces`]), borrowed from the bytes when they are the embedded model.
#[derive(Deserialize)]
struct ModelFileIn<'a> {
    format: String,
    version: u32,
    labels: Vec<String>,
    features: FeatureConfig,
    vocabulary: Vec<String>,
    idf: Vec<f64>,
    coefficients: FlatRows,
    intercepts: Vec<f64>,
    training: TrainingInfo,
    #[serde(default, borrow)]
    surfaces: Option<&'a RawValue>,
    #[serde(default)]
    naive_bayes: Option<NaiveBayesTableIn>,
}

/// [`NaiveBayesTable`] as it is read.
#[derive(Deserialize)]
struct NaiveBayesTableIn {
    terms: TermList,
    counts: FlatCounts,
}

/// An array of number arrays read into one row-major buffer.
struct FlatRows {
    values: Vec<f64>,
    rows: usize,
    /// True when every row has `width` numbers.
    uniform: bool,
    width: usize,
}

impl<'de> Deserialize<'de> for FlatRows {
    fn deserialize<D: Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<FlatRows, D::Error> {
        deserializer.deserialize_seq(FlatRowsVisitor)
    }
}

struct FlatRowsVisitor;

impl<'de> Visitor<'de> for FlatRowsVisitor {
    type Value = FlatRows;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of arrays of numbers")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<FlatRows, A::Error> {
        let mut flat = FlatRows {
            values: Vec::new(),
            rows: 0,
            uniform: true,
            width: 0,
        };
        while let Some(width) = seq.next_element_seed(AppendRow(&mut flat.values))? {
            if flat.rows == 0 {
                flat.width = width;
            } else if width != flat.width {
                flat.uniform = false;
            }
            flat.rows += 1;
        }
        Ok(flat)
    }
}

/// Appends one array of numbers to a buffer; gives how many it held.
struct AppendRow<'v>(&'v mut Vec<f64>);

impl<'de> DeserializeSeed<'de> for AppendRow<'_> {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> std::result::Result<usize, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for AppendRow<'_> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of numbers")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<usize, A::Error> {
        let before = self.0.len();
        while let Some(value) = seq.next_element::<f64>()? {
            self.0.push(value);
        }
        Ok(self.0.len() - before)
    }
}

/// The count columns (`"3 0 1 ..."` each) read into one label-major buffer.
struct FlatCounts {
    values: Vec<u32>,
    /// Numbers in each column.
    columns: Vec<usize>,
}

impl<'de> Deserialize<'de> for FlatCounts {
    fn deserialize<D: Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<FlatCounts, D::Error> {
        deserializer.deserialize_seq(FlatCountsVisitor)
    }
}

struct FlatCountsVisitor;

impl<'de> Visitor<'de> for FlatCountsVisitor {
    type Value = FlatCounts;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of count strings")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<FlatCounts, A::Error> {
        let mut flat = FlatCounts {
            values: Vec::new(),
            columns: Vec::new(),
        };
        while let Some(n) = seq.next_element_seed(AppendCounts(&mut flat.values))? {
            flat.columns.push(n);
        }
        flat.values.shrink_to_fit();
        Ok(flat)
    }
}

/// Appends one count column to a buffer; gives how many counts it held.
struct AppendCounts<'v>(&'v mut Vec<u32>);

impl<'de> DeserializeSeed<'de> for AppendCounts<'_> {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> std::result::Result<usize, D::Error> {
        let text = <Cow<'de, str>>::deserialize(deserializer)?;
        append_counts(&text, self.0)
            .ok_or_else(|| serde::de::Error::custom("a Naive-Bayes count is not a whole number"))
    }
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

/// `"3 0 1"` -> `[3, 0, 1]`; `None` for anything else (a sign, two spaces,
/// a number past `u32`).
#[cfg(test)]
fn parse_counts(text: &str) -> Option<Vec<u32>> {
    let mut counts = Vec::new();
    append_counts(text, &mut counts).map(|_| counts)
}

/// Append the counts of `"3 0 1"` to `counts` and give how many there were;
/// `None` for anything else (a sign, two spaces, a number past `u32`). By
/// hand because `str::split` + `parse` cost about seventy instructions a
/// number and a table has 300k of them.
fn append_counts(text: &str, counts: &mut Vec<u32>) -> Option<usize> {
    if text.is_empty() {
        return Some(0);
    }
    let before = counts.len();
    // Counts take two bytes or more each ("0 "): room for all of them.
    counts.reserve_exact(text.len() / 2 + 1);
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
    Some(counts.len() - before)
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
        Classifier::parse(path, bytes, |json| Cow::Owned(json.to_owned()))
    }

    /// [`from_json`](Self::from_json); `keep` holds on to the wordings'
    /// JSON (borrowing it when `bytes` live as long as the program).
    fn parse<'a>(
        path: &Path,
        bytes: &'a [u8],
        keep: impl FnOnce(&'a RawValue) -> Cow<'static, RawValue>,
    ) -> Result<Classifier> {
        let bad = |message: String| Error::Model {
            path: path.to_path_buf(),
            message,
        };
        // One parse on the happy path (the default model is parsed by every
        // process); only a file that fails it is parsed again, for its
        // header, to say what is wrong with it.
        let file: ModelFileIn = match serde_json::from_slice::<ModelFileIn>(bytes) {
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
        let surfaces = match file.surfaces {
            None => None,
            Some(json) => Some((
                count_strings(json).ok_or_else(|| {
                    bad("damaged model file: surfaces is not an array of strings".into())
                })?,
                json,
            )),
        };
        if file.idf.len() != terms
            || file.coefficients.rows != f
            || file.intercepts.len() != k
            || surfaces.is_some_and(|(n, _)| n != 0 && n != terms)
        {
            return Err(bad(
                "damaged model file: table sizes do not match the vocabulary".into(),
            ));
        }
        if f > 0 && !(file.coefficients.uniform && file.coefficients.width == k) {
            return Err(bad(
                "damaged model file: a coefficient row has the wrong length".into(),
            ));
        }
        let coefficients = file.coefficients.values;
        let nb = match (&file.features.nb_score, file.naive_bayes) {
            (Some(config), Some(table)) => {
                let n = table.terms.len();
                if table.counts.columns.len() != k || table.counts.columns.iter().any(|&c| c != n) {
                    return Err(bad(
                        "damaged model file: the Naive-Bayes counts do not match its terms and labels"
                            .into(),
                    ));
                }
                let counts = table.counts.values;
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
        let surfaces = match surfaces {
            Some((n, json)) if n > 0 => Surfaces::from_json(keep(json)),
            _ => Surfaces::new(Vec::new()),
        };
        let vectorizer =
            Vectorizer::from_model_parts(file.features, file.vocabulary, file.idf, surfaces, nb)
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
#[cfg_attr(not(feature = "bench-internals"), allow(unreachable_pub))]
pub const DEFAULT_MODEL_JSON: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/models/stance.json"));

/// Name the default model goes by in messages.
pub(crate) const DEFAULT_MODEL_NAME: &str = "models/stance.json (embedded)";

/// Load the embedded default model.
pub fn default_model() -> Result<Classifier> {
    let model = Classifier::parse(
        Path::new(DEFAULT_MODEL_NAME),
        DEFAULT_MODEL_JSON,
        Cow::Borrowed,
    );
    super::resident::release(DEFAULT_MODEL_JSON);
    model
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
        let back: FlatCounts = serde_json::from_str(&format!("[{json}, \"5\"]")).unwrap();
        assert_eq!(back.values, [&column.0[..], &[5]].concat());
        assert_eq!(back.columns, [4, 1]);
    }

    #[test]
    fn the_default_model_round_trips_to_the_same_bytes() {
        let model = default_model().unwrap();
        assert!(model.to_json() == DEFAULT_MODEL_JSON);
    }
}
