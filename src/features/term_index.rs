//! Word n-gram features looked up by token ids instead of by strings.
//!
//! Serving used to build every word n-gram of a sentence as a string
//! (`"open weight"`) and hash it into the vocabulary; that was the largest
//! single cost of a prediction. A [`TermIndex`] is built once per vectorizer
//! from the vocabulary: every space-separated piece of a term (a stem, maybe
//! `NOT_`-prefixed) gets a small id, and each term of a word n-gram length in
//! use is keyed by the ids of its pieces. A sentence's tokens are turned into
//! piece ids through a per-thread cache keyed by the normalised word, so a
//! repeated word costs one hash, and its n-grams are looked up by packed ids.
//!
//! **Why this gives exactly the string path's features.** A word n-gram's
//! string is its stems joined by single spaces. When no stem contains a space,
//! that string equals a vocabulary term exactly when the term, split on
//! spaces, is that list of stems; so a stem found in no term can match no
//! term, and otherwise the packed ids decide. A stem that does contain a
//! space (never seen in practice) makes the caller fall back to the string
//! path for that sentence.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::FxHashMap;

use super::config::NEGATED_PREFIX;
use crate::text::stem::Stemmer;

/// Piece id of a stem that occurs in no indexed term.
pub(crate) const NONE: u32 = u32::MAX;
/// Piece id of a stem containing a space: use the string path.
pub(crate) const FALLBACK: u32 = u32::MAX - 1;

/// Bits per piece id in a packed n-gram key (5 x 25 bits fit a `u128`).
const BITS: u32 = 25;
/// Bits per piece id in the narrow keys of n-grams of at most
/// [`NARROW_MAX_N`] words (3 x 21 bits fit a `u64`).
const NARROW_BITS: u32 = 21;
/// Longest n-gram the narrow keys hold.
const NARROW_MAX_N: usize = 3;
/// Longest word n-gram the packed keys hold ([`FeatureConfig::validate`]
/// allows at most 5).
///
/// [`FeatureConfig::validate`]: super::config::FeatureConfig::validate
const MAX_N: usize = 5;

/// Words cached per thread and index before that cache is emptied.
const WORD_CACHE_LIMIT: usize = 100_000;
/// Indexes with a per-thread word cache before all are emptied (training
/// with cross-validation uses one vectorizer per fold).
const OWNER_LIMIT: usize = 16;

static NEXT_OWNER: AtomicU64 = AtomicU64::new(0);

/// Normalised word -> `[plain piece id, negated piece id]`. Words of up to
/// 15 bytes are keyed by their bytes packed in a `u128` (see [`short_key`]),
/// so a hit costs an integer hash and compare rather than a string's.
#[derive(Default)]
struct WordIds {
    short: FxHashMap<u128, [u32; 2]>,
    long: FxHashMap<Box<str>, [u32; 2]>,
}

impl WordIds {
    fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    fn clear(&mut self) {
        self.short.clear();
        self.long.clear();
    }
}

/// A word of up to 15 bytes as its bytes with its length in the last byte:
/// distinct words get distinct keys.
#[inline]
fn short_key(word: &str) -> Option<u128> {
    let b = word.as_bytes();
    if b.len() > 15 {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..b.len()].copy_from_slice(b);
    buf[15] = b.len() as u8;
    Some(u128::from_le_bytes(buf))
}

thread_local! {
    /// Each index's word cache on this thread, by index owner.
    static WORD_IDS: RefCell<FxHashMap<u64, WordIds>> = RefCell::new(FxHashMap::default());
}

/// The word n-gram terms of a vocabulary, keyed by piece ids (see the
/// module docs for why the lookups equal the string ones).
pub(crate) struct TermIndex {
    /// Piece (stem, maybe `NOT_`-prefixed) -> piece id.
    pieces: FxHashMap<Box<str>, u32>,
    /// Feature id of the one-word term made of each piece, or [`NONE`].
    unigrams: Vec<u32>,
    /// Packed piece ids of a term of two or more words -> feature id.
    ngrams: Ngrams,
    /// Key of this index's per-thread word caches.
    owner: u64,
}

impl std::fmt::Debug for TermIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TermIndex")
            .field("pieces", &self.pieces.len())
            .field("ngrams", &self.ngrams.len())
            .finish()
    }
}

impl TermIndex {
    /// Index the terms of `vocabulary` made of `lo..=hi` space-separated
    /// pieces (a later duplicate term wins, as in the string index). `None`
    /// when the pieces are too many to pack.
    pub(crate) fn new<'a>(
        vocabulary: impl ExactSizeIterator<Item = &'a str>,
        (lo, hi): (usize, usize),
    ) -> Option<TermIndex> {
        if hi > MAX_N {
            return None;
        }
        let mut pieces: FxHashMap<Box<str>, u32> = FxHashMap::default();
        let mut unigrams = Vec::new();
        let mut ngrams = Ngrams::with_capacity(hi, vocabulary.len());
        let limit = (1u64 << ngrams.bits()) - 1;
        let mut ids = Vec::new();
        for (feature, term) in vocabulary.enumerate() {
            let n = term.split(' ').count();
            if n < lo || n > hi {
                continue;
            }
            ids.clear();
            for piece in term.split(' ') {
                // Look up before inserting: most pieces recur, and an
                // owned key per occurrence was most of building the index
                // of a large Naive-Bayes table.
                let id = match pieces.get(piece) {
                    Some(&id) => id,
                    None => {
                        let id = pieces.len() as u32;
                        pieces.insert(piece.into(), id);
                        unigrams.push(NONE);
                        id
                    }
                };
                ids.push(id);
            }
            if pieces.len() as u64 >= limit {
                return None;
            }
            if n == 1 {
                unigrams[ids[0] as usize] = feature as u32;
            } else {
                ngrams.insert(&ids, feature as u32);
            }
        }
        Some(TermIndex {
            pieces,
            unigrams,
            ngrams,
            owner: NEXT_OWNER.fetch_add(1, Ordering::Relaxed),
        })
    }

    /// Append the piece id of each token (`(normalised word, negated)`) to
    /// `out`; false, with `out` unspecified, when a stem contains a space.
    pub(crate) fn piece_ids<'a>(
        &self,
        stemmer: &Stemmer,
        tokens: impl Iterator<Item = (&'a str, bool)>,
        stem_buf: &mut String,
        out: &mut Vec<u32>,
    ) -> bool {
        WORD_IDS.with(|caches| {
            let mut caches = caches.borrow_mut();
            if !caches.contains_key(&self.owner) && caches.len() >= OWNER_LIMIT {
                caches.clear();
            }
            let cache = caches.entry(self.owner).or_default();
            for (word, negated) in tokens {
                let key = short_key(word);
                let hit = match key {
                    Some(key) => cache.short.get(&key),
                    None => cache.long.get(word),
                };
                let ids = match hit {
                    Some(ids) => *ids,
                    None => {
                        let ids = self.word_ids(stemmer, word, stem_buf);
                        if cache.len() >= WORD_CACHE_LIMIT {
                            cache.clear();
                        }
                        match key {
                            Some(key) => cache.short.insert(key, ids),
                            None => cache.long.insert(word.into(), ids),
                        };
                        ids
                    }
                };
                let id = ids[negated as usize];
                if id == FALLBACK {
                    return false;
                }
                out.push(id);
            }
            true
        })
    }

    /// The piece ids of a word's stem, plain and negated.
    fn word_ids(&self, stemmer: &Stemmer, word: &str, buf: &mut String) -> [u32; 2] {
        buf.clear();
        buf.push_str(NEGATED_PREFIX);
        stemmer.stem_into(word, buf);
        if buf.contains(' ') {
            return [FALLBACK; 2];
        }
        let lookup = |s: &str| self.pieces.get(s).copied().unwrap_or(NONE);
        [lookup(&buf[NEGATED_PREFIX.len()..]), lookup(buf)]
    }

    /// Call `f` with the feature id of every word n-gram of `lo..=hi` words
    /// over the piece ids of a sentence's tokens, with repetition.
    pub(crate) fn for_each_feature(
        &self,
        ids: &[u32],
        (lo, hi): (usize, usize),
        f: &mut impl FnMut(u32),
    ) {
        if lo == 1 {
            for &id in ids {
                if id != NONE {
                    let feature = self.unigrams[id as usize];
                    if feature != NONE {
                        f(feature);
                    }
                }
            }
        }
        match &self.ngrams {
            Ngrams::Narrow(map) => ngram_features(map, ids, (lo, hi), f),
            Ngrams::Wide(map) => ngram_features(map, ids, (lo, hi), f),
        }
    }
}

/// The n-gram features of `lo.max(2)..=hi` words over piece ids.
#[inline]
fn ngram_features<K: PackedKey>(
    map: &FxHashMap<K, u32>,
    ids: &[u32],
    (lo, hi): (usize, usize),
    f: &mut impl FnMut(u32),
) {
    for n in lo.max(2)..=hi {
        for window in ids.windows(n) {
            if window.contains(&NONE) {
                continue;
            }
            if let Some(&feature) = map.get(&K::pack(window)) {
                f(feature);
            }
        }
    }
}

/// N-gram keys: a `u64` when terms have at most [`NARROW_MAX_N`] words
/// (the default settings), so an entry takes 16 bytes rather than the 32
/// of a `u128` key; a Naive-Bayes table indexes ~400k n-grams, and the
/// wide map was the largest allocation of a long run.
enum Ngrams {
    Narrow(FxHashMap<u64, u32>),
    Wide(FxHashMap<u128, u32>),
}

impl Ngrams {
    fn with_capacity(longest: usize, capacity: usize) -> Ngrams {
        if longest <= NARROW_MAX_N {
            Ngrams::Narrow(FxHashMap::with_capacity_and_hasher(
                capacity,
                Default::default(),
            ))
        } else {
            Ngrams::Wide(FxHashMap::with_capacity_and_hasher(
                capacity,
                Default::default(),
            ))
        }
    }

    /// Bits per piece id in this map's keys.
    fn bits(&self) -> u32 {
        match self {
            Ngrams::Narrow(_) => u64::BITS_PER_ID,
            Ngrams::Wide(_) => u128::BITS_PER_ID,
        }
    }

    fn insert(&mut self, ids: &[u32], feature: u32) {
        match self {
            Ngrams::Narrow(map) => map.insert(u64::pack(ids), feature),
            Ngrams::Wide(map) => map.insert(u128::pack(ids), feature),
        };
    }

    fn len(&self) -> usize {
        match self {
            Ngrams::Narrow(map) => map.len(),
            Ngrams::Wide(map) => map.len(),
        }
    }
}

/// Piece ids packed into one integer key; ids are stored plus one, so keys
/// of different lengths differ.
trait PackedKey: Copy + Eq + std::hash::Hash {
    const BITS_PER_ID: u32;
    fn pack(ids: &[u32]) -> Self;
}

impl PackedKey for u64 {
    const BITS_PER_ID: u32 = NARROW_BITS;
    #[inline]
    fn pack(ids: &[u32]) -> u64 {
        ids.iter()
            .fold(0u64, |key, &id| (key << NARROW_BITS) | (id as u64 + 1))
    }
}

impl PackedKey for u128 {
    const BITS_PER_ID: u32 = BITS;
    #[inline]
    fn pack(ids: &[u32]) -> u128 {
        ids.iter()
            .fold(0u128, |key, &id| (key << BITS) | (id as u128 + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::stem::SNOWBALL_ENGLISH;

    #[test]
    fn ngrams_are_found_by_piece_ids() {
        let vocab: Vec<String> = ["open", "open weight", "weight", "NOT_weight", "c: go"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let index = TermIndex::new(vocab.iter().map(String::as_str), (1, 2)).unwrap();
        let stemmer = Stemmer::by_name(SNOWBALL_ENGLISH).unwrap();
        let mut ids = Vec::new();
        let mut buf = String::new();
        let tokens = [
            ("open", false),
            ("weights", false),
            ("weights", true),
            ("openweightsopenweights", false),
        ];
        assert!(index.piece_ids(&stemmer, tokens.into_iter(), &mut buf, &mut ids));
        let mut features = Vec::new();
        index.for_each_feature(&ids, (1, 2), &mut |f| features.push(f));
        assert_eq!(ids[3], NONE);
        // open, weight, NOT_weight, "open weight"; "weight NOT_weight" is no term.
        assert_eq!(features, vec![0, 2, 3, 1]);
        let mut features = Vec::new();
        index.for_each_feature(&ids, (2, 2), &mut |f| features.push(f));
        assert_eq!(features, vec![1]);
        // Terms of up to four words take the wide keys: same features.
        let wide = TermIndex::new(vocab.iter().map(String::as_str), (1, 4)).unwrap();
        assert!(matches!(wide.ngrams, Ngrams::Wide(_)));
        assert!(matches!(index.ngrams, Ngrams::Narrow(_)));
        let mut wide_features = Vec::new();
        wide.for_each_feature(&ids, (1, 2), &mut |f| wide_features.push(f));
        assert_eq!(wide_features, vec![0, 2, 3, 1]);
        assert_ne!(short_key("ab"), short_key("ab\0"));
        assert_eq!(short_key("sixteen-letters!"), None);
    }
}
