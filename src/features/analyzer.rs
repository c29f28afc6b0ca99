//! Sentence -> terms: word n-grams over stemmed, negation-marked tokens, and
//! optionally character n-grams inside word boundaries.
//!
//! Terms are plain strings so that the vocabulary in a model file can be
//! read by people: `open weight` is a word bigram, `NOT_stop` a negated
//! unigram, `c: ope` a character trigram (space = word edge).

use serde::{Deserialize, Serialize};

use super::naive_bayes::NbScoreConfig;
use super::term_index::TermIndex;
use crate::error::{Error, Result};
use crate::text::stem::{Stemmer, SNOWBALL_ENGLISH};
use crate::text::tokens::tokenize_into;

/// Prefix of a negated token in term names.
pub const NEGATED_PREFIX: &str = "NOT_";
/// Prefix of character n-gram terms.
pub const CHAR_PREFIX: &str = "c:";

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
    /// Use `1 + ln(tf)` instead of raw term counts.
    pub sublinear_tf: bool,
    /// Weigh every term present as 1, whatever its count (`--tf binary`;
    /// wins over `sublinear_tf`). Absent from the model file when off.
    #[serde(default, skip_serializing_if = "is_false")]
    pub binary_tf: bool,
    /// Multiply by the IDF (`--no-idf` turns it off: every IDF is 1). Absent
    /// from the model file when on, so older models read as before.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub use_idf: bool,
    /// Scale each term by its Naive-Bayes log-count ratio (NBSVM, Wang &
    /// Manning 2012): the largest one-vs-rest `|log(p/q)|` over labels, so
    /// terms that separate labels are penalised less by L2. Models written
    /// before this setting existed read it as `false`.
    #[serde(default)]
    pub nb_scale: bool,
    /// Add one Naive-Bayes score column per label over all word n-grams
    /// (see [`crate::features::naive_bayes`]); absent from the model file
    /// when off, so models without it read and write as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nb_score: Option<NbScoreConfig>,
    /// L2-normalise the word and the character n-gram parts of a row each on
    /// its own (`--block-norm`); absent from the model file when off.
    #[serde(default, skip_serializing_if = "is_false")]
    pub block_norm: bool,
    /// Character n-grams over the whole lower-cased sentence (runs of white
    /// space as one space), across words, punctuation, `#` and `@`, as
    /// scikit-learn's `analyzer='char'`; otherwise inside each word
    /// (`char_wb`). Absent from the model file when off.
    #[serde(default, skip_serializing_if = "is_false")]
    pub char_whole: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_true(b: &bool) -> bool {
    *b
}

fn yes() -> bool {
    true
}

impl Default for FeatureConfig {
    fn default() -> Self {
        FeatureConfig {
            word_ngrams: (1, 2),
            char_ngrams: None,
            negation: true,
            stemmer: SNOWBALL_ENGLISH.to_string(),
            min_df: 2,
            max_features: Some(DEFAULT_MAX_FEATURES),
            sublinear_tf: true,
            binary_tf: false,
            use_idf: true,
            nb_scale: false,
            nb_score: None,
            block_norm: false,
            char_whole: false,
        }
    }
}

/// Default feature cap: see the README's scaling table for what it costs.
pub const DEFAULT_MAX_FEATURES: usize = 4000;

impl FeatureConfig {
    /// Check the settings once, before any work is done.
    pub fn validate(&self) -> Result<()> {
        let (lo, hi) = self.word_ngrams;
        if lo == 0 || hi < lo || hi > 5 {
            return Err(Error::Config(format!(
                "word n-grams {lo}..{hi}: need 1 <= min <= max <= 5"
            )));
        }
        if let Some((lo, hi)) = self.char_ngrams {
            if lo == 0 || hi < lo || hi > 8 {
                return Err(Error::Config(format!(
                    "char n-grams {lo}..{hi}: need 1 <= min <= max <= 8"
                )));
            }
        }
        if self.max_features == Some(0) {
            return Err(Error::Config("max features must be at least 1".into()));
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

/// Turns sentences into terms according to a [`FeatureConfig`].
#[derive(Debug)]
pub struct Analyzer {
    config: FeatureConfig,
    stemmer: Stemmer,
}

impl Analyzer {
    /// Build an analyzer; fails on settings [`FeatureConfig::validate`] rejects.
    pub fn new(config: FeatureConfig) -> Result<Analyzer> {
        config.validate()?;
        let stemmer = Stemmer::by_name(&config.stemmer)
            .ok_or_else(|| Error::Config(format!("unknown stemmer '{}'", config.stemmer)))?;
        Ok(Analyzer { config, stemmer })
    }

    /// The settings this analyzer applies.
    pub fn config(&self) -> &FeatureConfig {
        &self.config
    }

    /// The stemmed, negation-marked tokens of a sentence.
    pub fn tokens(&self, sentence: &str) -> Vec<String> {
        let stems = self.stems(sentence);
        stems
            .tokens
            .iter()
            .map(|t| stems.text(t).to_string())
            .collect()
    }

    /// Fill `scratch.stems` with each stemmed token and the byte range of the
    /// words it came from, all stems in one buffer: no allocation per token
    /// (this runs for every sentence served).
    fn stems_into(&self, sentence: &str, scratch: &mut Scratch) {
        scratch.tokenize(sentence, self.config.negation);
        let Scratch {
            words,
            spans,
            stems,
            ..
        } = scratch;
        for t in spans.iter() {
            let begin = stems.buf.len();
            if t.negated {
                stems.buf.push_str(NEGATED_PREFIX);
            }
            self.stemmer
                .stem_into(&words[t.text.0 as usize..t.text.1 as usize], &mut stems.buf);
            stems.tokens.push(StemSpan {
                stem: (begin as u32, stems.buf.len() as u32),
                start: t.start,
                end: t.end,
            });
        }
    }

    /// The stems of a sentence, owned.
    fn stems(&self, sentence: &str) -> Stems {
        let mut scratch = Scratch::default();
        self.stems_into(sentence, &mut scratch);
        scratch.stems
    }

    /// Call `f` with every term of a sentence, with repetition. Terms are
    /// built in one reused buffer, so serving allocates no string per term.
    pub fn for_each_term(&self, sentence: &str, mut f: impl FnMut(&str)) {
        self.for_each_term_spanned(sentence, |t, _| f(t));
    }

    /// [`for_each_term`](Self::for_each_term), also giving the byte range of
    /// the sentence each term was built from (the words of a word n-gram,
    /// the word holding a character n-gram), so explanations can show the
    /// reader's own words instead of stems.
    pub fn for_each_term_spanned(
        &self,
        sentence: &str,
        mut f: impl FnMut(&str, std::ops::Range<usize>),
    ) {
        with_scratch(|scratch| {
            self.stems_into(sentence, scratch);
            self.ngrams(sentence, &scratch.stems, &mut scratch.term, &mut f);
        });
    }

    /// Call `f` with the feature id of every term of a sentence found in a
    /// vocabulary, with repetition: the ids [`for_each_term`](Self::for_each_term)
    /// and `lookup` (the vocabulary's string index, e.g.
    /// [`Tfidf::index_of`](super::tfidf::Tfidf::index_of))
    /// give, without building word n-gram strings (`index` must be built from
    /// the same vocabulary and this analyzer's word n-gram range; see
    /// [`TermIndex`] for why the result is the same). `lookup` still serves
    /// character n-grams and the rare sentence the index cannot take.
    pub(crate) fn for_each_feature_id(
        &self,
        sentence: &str,
        index: &TermIndex,
        lookup: impl Fn(&str) -> Option<u32>,
        mut f: impl FnMut(u32),
    ) {
        let fell_back = with_scratch(|scratch| {
            scratch.tokenize(sentence, self.config.negation);
            let Scratch {
                words,
                spans,
                ids,
                term,
                ..
            } = scratch;
            let tokens = spans
                .iter()
                .map(|t| (&words[t.text.0 as usize..t.text.1 as usize], t.negated));
            if !index.piece_ids(&self.stemmer, tokens, term, ids) {
                return true;
            }
            index.for_each_feature(ids, self.config.word_ngrams, &mut f);
            self.char_terms(sentence, term, &mut |t, _| {
                if let Some(id) = lookup(t) {
                    f(id);
                }
            });
            false
        });
        if fell_back {
            self.for_each_term(sentence, |t| {
                if let Some(id) = lookup(t) {
                    f(id);
                }
            });
        }
    }

    /// Word n-grams of the stems, then character n-grams, built in `buf`.
    fn ngrams(
        &self,
        sentence: &str,
        stems: &Stems,
        buf: &mut String,
        f: &mut impl FnMut(&str, std::ops::Range<usize>),
    ) {
        let tokens = &stems.tokens;
        let (lo, hi) = self.config.word_ngrams;
        for n in lo..=hi {
            if n > tokens.len() {
                break;
            }
            for window in tokens.windows(n) {
                buf.clear();
                for (i, t) in window.iter().enumerate() {
                    if i > 0 {
                        buf.push(' ');
                    }
                    buf.push_str(stems.text(t));
                }
                let start = window.iter().map(|t| t.start).min().unwrap_or(0);
                let end = window.iter().map(|t| t.end).max().unwrap_or(0);
                f(buf, start..end);
            }
        }
        self.char_terms(sentence, buf, f);
    }

    /// The character n-grams of a sentence (none unless configured), in or
    /// across words as configured, built in `buf`.
    fn char_terms(
        &self,
        sentence: &str,
        buf: &mut String,
        f: &mut impl FnMut(&str, std::ops::Range<usize>),
    ) {
        if let Some((lo, hi)) = self.config.char_ngrams {
            if self.config.char_whole {
                char_ngrams_whole(sentence, lo, hi, buf, f);
            } else {
                char_ngrams(sentence, lo, hi, buf, f);
            }
        }
    }

    /// All terms of a sentence, with repetition, appended to `out`.
    pub fn terms_into(&self, sentence: &str, out: &mut Vec<String>) {
        self.for_each_term(sentence, |t| out.push(t.to_string()));
    }

    /// All terms of a sentence, with repetition.
    pub fn terms(&self, sentence: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.terms_into(sentence, &mut out);
        out
    }
}

/// Buffers reused from sentence to sentence on a thread, so analysing a
/// sentence allocates nothing once they have grown.
#[derive(Default)]
struct Scratch {
    /// The tokens of `tokens_of`'s sentence (kept between calls).
    words: String,
    spans: Vec<crate::text::tokens::TokenSpan>,
    /// The sentence and negation setting `words`/`spans` were made from: a
    /// model with Naive-Bayes scores analyses each sentence twice in a row
    /// (TF-IDF terms, then its own n-gram range), and the second call
    /// reuses the first one's tokens instead of tokenizing again.
    tokens_of: Option<(bool, String)>,
    stems: Stems,
    term: String,
    ids: Vec<u32>,
}

impl Scratch {
    /// Make `words`/`spans` the tokens of `sentence`, unless they already are.
    fn tokenize(&mut self, sentence: &str, negation: bool) {
        if let Some((n, s)) = &self.tokens_of {
            if *n == negation && s == sentence {
                return;
            }
        }
        self.words.clear();
        self.spans.clear();
        tokenize_into(sentence, negation, &mut self.words, &mut self.spans);
        match &mut self.tokens_of {
            Some((n, s)) => {
                *n = negation;
                s.clear();
                s.push_str(sentence);
            }
            None => self.tokens_of = Some((negation, sentence.to_string())),
        }
    }
}

thread_local! {
    static SCRATCH: std::cell::Cell<Option<Box<Scratch>>> = const { std::cell::Cell::new(None) };
}

/// Run `f` with this thread's cleared scratch buffers. The buffers are taken
/// out while `f` runs, so a nested call (an analyzer used inside a term
/// callback) gets fresh ones instead of a borrow error.
fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    let mut scratch = SCRATCH.with(|c| c.take()).unwrap_or_default();
    scratch.stems.buf.clear();
    scratch.stems.tokens.clear();
    scratch.term.clear();
    scratch.ids.clear();
    let out = f(&mut scratch);
    SCRATCH.with(|c| c.set(Some(scratch)));
    out
}

/// The stems of one sentence: one buffer and the spans into it.
#[derive(Default)]
struct Stems {
    buf: String,
    tokens: Vec<StemSpan>,
}

/// One stem: its range in [`Stems::buf`] and the sentence bytes it came from.
struct StemSpan {
    stem: (u32, u32),
    start: usize,
    end: usize,
}

impl Stems {
    fn text(&self, t: &StemSpan) -> &str {
        &self.buf[t.stem.0 as usize..t.stem.1 as usize]
    }
}

/// Character n-grams of each lower-cased word padded with spaces
/// (scikit-learn's `char_wb`), each with the byte range of its word.
fn char_ngrams(
    sentence: &str,
    lo: usize,
    hi: usize,
    buf: &mut String,
    f: &mut impl FnMut(&str, std::ops::Range<usize>),
) {
    let is_word_char = |c: char| c.is_alphanumeric() || c == '\'' || c == '’';
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in sentence.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push(s..sentence.len());
    }
    let mut padded: Vec<char> = Vec::new();
    for span in words {
        padded.clear();
        padded.push(' ');
        padded.extend(sentence[span.clone()].chars().flat_map(char::to_lowercase));
        padded.push(' ');
        each_window(&padded, lo, hi, buf, |c| *c, |t, _| f(t, span.clone()));
    }
}

/// Every window of `lo..=hi` items, shortest first, spelled (behind
/// [`CHAR_PREFIX`]) in `buf` and handed to `emit` with the window itself.
fn each_window<T>(
    items: &[T],
    lo: usize,
    hi: usize,
    buf: &mut String,
    char_of: impl Fn(&T) -> char,
    mut emit: impl FnMut(&str, &[T]),
) {
    for n in lo..=hi.min(items.len()) {
        for w in items.windows(n) {
            buf.clear();
            buf.push_str(CHAR_PREFIX);
            buf.extend(w.iter().map(&char_of));
            emit(buf, w);
        }
    }
}

/// Character n-grams of the whole lower-cased sentence, runs of white space
/// read as one space (scikit-learn's `analyzer='char'`), each with the byte
/// range it covers.
fn char_ngrams_whole(
    sentence: &str,
    lo: usize,
    hi: usize,
    buf: &mut String,
    f: &mut impl FnMut(&str, std::ops::Range<usize>),
) {
    // (character, byte range in the sentence)
    let mut chars: Vec<(char, std::ops::Range<usize>)> = Vec::new();
    let lead = sentence.len() - sentence.trim_start().len();
    for (i, c) in sentence.trim().char_indices() {
        let range = lead + i..lead + i + c.len_utf8();
        if c.is_whitespace() {
            if chars.last().is_some_and(|(p, _)| *p == ' ') {
                continue;
            }
            chars.push((' ', range));
        } else {
            chars.extend(c.to_lowercase().map(|l| (l, range.clone())));
        }
    }
    each_window(
        &chars,
        lo,
        hi,
        buf,
        |(c, _)| *c,
        |t, w| f(t, w[0].1.start..w[w.len() - 1].1.end),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_sentence_char_ngrams_cross_words_and_keep_punctuation() {
        let a = Analyzer::new(FeatureConfig {
            word_ngrams: (1, 1),
            char_ngrams: Some((3, 3)),
            char_whole: true,
            ..FeatureConfig::default()
        })
        .unwrap();
        let chars: Vec<String> = a
            .terms("  No  #Way!")
            .into_iter()
            .filter(|t| t.starts_with(CHAR_PREFIX))
            .collect();
        assert_eq!(
            chars,
            vec!["c:no ", "c:o #", "c: #w", "c:#wa", "c:way", "c:ay!"]
        );
        // Each n-gram's range covers its characters in the sentence.
        let mut spans = Vec::new();
        let mut buf = String::new();
        char_ngrams_whole("Ab  c", 3, 3, &mut buf, &mut |t, r| {
            spans.push((t.to_string(), r))
        });
        assert_eq!(
            spans,
            vec![("c:ab ".to_string(), 0..3), ("c:b c".to_string(), 1..5)]
        );
    }

    #[test]
    fn unigrams_and_bigrams_of_stems_with_negation() {
        let a = Analyzer::new(FeatureConfig::default()).unwrap();
        assert_eq!(
            a.terms("Will not prevent access"),
            vec![
                "will",
                "not",
                "NOT_prevent",
                "NOT_access",
                "will not",
                "not NOT_prevent",
                "NOT_prevent NOT_access"
            ]
        );
        assert_eq!(
            a.terms("Open weights"),
            vec!["open", "weight", "open weight"]
        );
    }

    #[test]
    fn char_ngrams_are_padded_per_word() {
        let config = FeatureConfig {
            word_ngrams: (1, 1),
            char_ngrams: Some((3, 3)),
            ..FeatureConfig::default()
        };
        let a = Analyzer::new(config).unwrap();
        assert_eq!(a.terms("Go"), vec!["go", "c: go", "c:go "]);
    }

    #[test]
    fn spans_point_at_the_words_a_term_came_from() {
        let config = FeatureConfig {
            char_ngrams: Some((4, 4)),
            ..FeatureConfig::default()
        };
        let a = Analyzer::new(config).unwrap();
        let sentence = "Open Weights, not moats";
        let mut got = Vec::new();
        a.for_each_term_spanned(sentence, |t, span| {
            got.push((t.to_string(), &sentence[span]))
        });
        assert!(got.contains(&("open weight".into(), "Open Weights")));
        assert!(got.contains(&("NOT_moat".into(), "moats")));
        assert!(got.contains(&("c:moat".into(), "moats")));
        // The spanned walk gives exactly the terms the plain one does.
        let terms: Vec<String> = got.into_iter().map(|(t, _)| t).collect();
        assert_eq!(terms, a.terms(sentence));
    }

    #[test]
    fn invalid_settings_are_rejected() {
        for bad in [
            FeatureConfig {
                word_ngrams: (0, 2),
                ..FeatureConfig::default()
            },
            FeatureConfig {
                word_ngrams: (3, 2),
                ..FeatureConfig::default()
            },
            FeatureConfig {
                max_features: Some(0),
                ..FeatureConfig::default()
            },
            FeatureConfig {
                stemmer: "x".into(),
                ..FeatureConfig::default()
            },
        ] {
            assert!(matches!(bad.validate(), Err(Error::Config(_))));
        }
    }
}
