//! The feature settings a model records, so that serving turns text into
//! exactly the features training did: [`FeatureConfig`] for the TF-IDF
//! terms and [`NbScoreConfig`] for the Naive-Bayes score columns. Resolved
//! from the command line by [`crate::settings`], where the defaults live.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::text::stem::Stemmer;

/// Prefix of a negated token in term names.
pub(crate) const NEGATED_PREFIX: &str = "NOT_";
/// Prefix of character n-gram terms.
pub(crate) const CHAR_PREFIX: &str = "c:";

/// How text becomes features; recorded in the model so serving matches training.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureConfig {
    /// Smallest and largest word n-gram length, e.g. `[1, 2]`.
    pub word_ngrams: (usize, usize),
    /// Smallest and largest character n-gram length, or `null` for none.
    pub char_ngrams: Option<(usize, usize)>,
    /// Mark words in a negation scope (`NOT_word`).
    pub negation: bool,
    /// Stemmer name (see [`crate::text::stem`]).
    pub stemmer: String,
    /// Keep a term only if it occurs in at least this many training sentences.
    pub min_df: usize,
    /// Keep at most this many terms, the ones most associated with a label
    /// (chi-squared); `null` keeps all. This bounds the dense training matrix.
    pub max_features: Option<usize>,
    /// Scale each term by its Naive-Bayes log-count ratio (NBSVM, Wang &
    /// Manning 2012): the largest one-vs-rest `|log(p/q)|` over labels, so
    /// terms that separate labels are penalised less by L2. Models written
    /// before this setting existed read it as `false`.
    #[serde(default)]
    pub nb_scale: bool,
    /// Add one Naive-Bayes score column per label over all word n-grams
    /// (see `features::naive_bayes`); absent from the model file
    /// when off, so models without it read and write as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nb_score: Option<NbScoreConfig>,
    /// Options of earlier versions, read from old model files only so that
    /// a model that used one is refused rather than served differently.
    #[serde(flatten, skip_serializing)]
    pub removed: RemovedOptions,
}

/// Settings an earlier version wrote into model files and this one no
/// longer has (their measurements lost or tied; see docs/ACCURACY.md). A model
/// file that used one would be scored differently now, so it is refused.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct RemovedOptions {
    sublinear_tf: Option<bool>,
    binary_tf: Option<bool>,
    use_idf: Option<bool>,
    block_norm: Option<bool>,
    char_whole: Option<bool>,
}

impl RemovedOptions {
    /// The flag of the first removed option the model used, if any.
    pub fn used(&self) -> Option<&'static str> {
        [
            (self.sublinear_tf == Some(false), "--tf raw"),
            (self.binary_tf == Some(true), "--tf binary"),
            (self.use_idf == Some(false), "--no-idf"),
            (self.block_norm == Some(true), "--block-norm"),
            (self.char_whole == Some(true), "--char-whole"),
        ]
        .into_iter()
        .find_map(|(used, flag)| used.then_some(flag))
    }
}

/// The default settings' features (see [`crate::settings`]).
impl Default for FeatureConfig {
    fn default() -> Self {
        crate::model::train::TrainParams::default().features
    }
}

impl FeatureConfig {
    /// Check the settings once, before any work is done.
    pub fn validate(&self) -> Result<()> {
        let (lo, hi) = self.word_ngrams;
        if lo == 0 || hi < lo || hi > 5 {
            return Err(Error::setting(
                "--ngrams",
                format!("{lo}..{hi}: need 1 <= min <= max <= 5"),
            ));
        }
        if let Some((lo, hi)) = self.char_ngrams {
            if lo == 0 || hi < lo || hi > 8 {
                return Err(Error::setting(
                    "--char-ngrams",
                    format!("{lo}..{hi}: need 1 <= min <= max <= 8"),
                ));
            }
        }
        if self.max_features == Some(0) {
            return Err(Error::setting("--max-features", "must be at least 1"));
        }
        if let Some(nb) = &self.nb_score {
            nb.validate()?;
        }
        if Stemmer::by_name(&self.stemmer).is_none() {
            return Err(Error::Config(format!("unknown stemmer '{}'", self.stemmer)));
        }
        Ok(())
    }
}

/// The `--nb-score` settings, recorded in the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NbScoreConfig {
    /// Multiplier of the score column. The logistic model's L2 penalty acts
    /// on the column's weight, so a smaller scale means a stronger prior
    /// against trusting Naive Bayes; 0.03 suited movie snippets.
    pub scale: f64,
    /// Word n-gram lengths Naive Bayes counts (the stems and negation marks
    /// of the main features; no character n-grams). Uncapped, so longer
    /// n-grams are cheap here.
    pub ngrams: (usize, usize),
    /// Count only n-grams found in at least this many training sentences
    /// (`--nb-min-df`). Every n-gram (1) suits a cross-validation run; a
    /// model that is shipped and loaded by every process wants fewer, since
    /// the table is most of its file (see the README).
    #[serde(default = "one")]
    pub min_df: usize,
}

fn one() -> usize {
    1
}

impl NbScoreConfig {
    /// Check the settings once, before any work is done.
    pub fn validate(&self) -> Result<()> {
        if !(self.scale.is_finite() && self.scale > 0.0) {
            return Err(Error::setting(
                "--nb-score",
                format!("must be > 0, got {}", self.scale),
            ));
        }
        if self.min_df == 0 {
            return Err(Error::setting("--nb-min-df", "must be at least 1"));
        }
        let (lo, hi) = self.ngrams;
        if lo == 0 || hi < lo || hi > 5 {
            return Err(Error::setting(
                "--nb-ngrams",
                format!("{lo}..{hi}: need 1 <= min <= max <= 5"),
            ));
        }
        Ok(())
    }

    /// The analyzer settings Naive Bayes reads terms with: the main ones,
    /// with its own word n-gram range and no character n-grams.
    pub(crate) fn analyzer_config(&self, main: &FeatureConfig) -> FeatureConfig {
        FeatureConfig {
            word_ngrams: self.ngrams,
            char_ngrams: None,
            nb_score: None,
            ..main.clone()
        }
    }
}
