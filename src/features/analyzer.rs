//! Sentence -> terms: word n-grams over stemmed, negation-marked tokens, and
//! optionally character n-grams inside word boundaries.
//!
//! Terms are plain strings so that the vocabulary in a model file can be
//! read by people: `open weight` is a word bigram, `NOT_stop` a negated
//! unigram, `c: ope` a character trigram (space = word edge).

use super::config::{FeatureConfig, CHAR_PREFIX, NEGATED_PREFIX};
use super::term_index::TermIndex;
use crate::error::{Error, Result};
use crate::text::stem::Stemmer;
use crate::text::tokens::tokenize_into;

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
    /// character n-grams, the rare sentence the index cannot take, and every
    /// sentence when there is no index (too many terms to pack, or not built
    /// yet).
    pub(crate) fn for_each_feature_id(
        &self,
        sentence: &str,
        index: Option<&TermIndex>,
        lookup: impl Fn(&str) -> Option<u32>,
        mut f: impl FnMut(u32),
    ) {
        let fell_back = index.is_none_or(|index| {
            with_scratch(|scratch| {
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
            })
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

    /// The character n-grams of a sentence's words (none unless configured),
    /// built in `buf`.
    fn char_terms(
        &self,
        sentence: &str,
        buf: &mut String,
        f: &mut impl FnMut(&str, std::ops::Range<usize>),
    ) {
        if let Some((lo, hi)) = self.config.char_ngrams {
            char_ngrams(sentence, lo, hi, buf, f);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unigrams_and_bigrams_of_stems_with_negation() {
        let a = Analyzer::new(FeatureConfig {
            word_ngrams: (1, 2),
            ..FeatureConfig::default()
        })
        .unwrap();
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
        ] {
            assert!(matches!(bad.validate(), Err(Error::Setting { .. })));
        }
        let unknown_stemmer = FeatureConfig {
            stemmer: "x".into(),
            ..FeatureConfig::default()
        };
        assert!(matches!(unknown_stemmer.validate(), Err(Error::Config(_))));
    }
}
