//! Near-duplicate sentences: word-bigram Jaccard similarity, and an index
//! that finds the known sentence most like a new one without comparing it
//! with every known sentence.
//!
//! **The definition.** A sentence's *words* are its runs of letters and
//! digits, lower-cased; its *shingles* are the distinct pairs of adjacent
//! words (the lone word of a one-word sentence). Two sentences are
//! near-duplicates when the Jaccard similarity of their shingle sets,
//! `|A ∩ B| / |A ∪ B|`, is at least a threshold, [`NEAR_DUP_JACCARD`] (0.5)
//! by default: "Open weights help defenders." and "Open weights help
//! defenders, experts say." share 3 of 5 bigrams (0.6). Word pairs rather than
//! single words, so that two sentences on the same topic in different words
//! do not match; no stemming, so that the rule stays easy to check by hand.
//! Two sentences without a word (punctuation only) are duplicates of each
//! other; identical sentences always are.
//!
//! The corpus test (`tests/cli/corpus.rs`) holds the bundled test set to the same
//! rule against the training set, and `suggest` skips candidates that are
//! near-duplicates of the training data or of one another.
//!
//! [`NearDupIndex`] keeps an inverted index from shingle to the sentences
//! that have it, so a query touches only the sentences sharing at least one
//! shingle with it; shingles are interned to `u32` ids, and a query's
//! shingles that no known sentence has are never stored.

use rustc_hash::FxHashMap;

/// Word-bigram Jaccard similarity at or above which two sentences count as
/// near-duplicates.
pub const NEAR_DUP_JACCARD: f64 = 0.5;

/// The words of a sentence: runs of letters and digits, lower-cased.
#[cfg_attr(not(feature = "bench-internals"), allow(unreachable_pub))]
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The distinct shingles of a sentence, sorted: adjacent word pairs joined
/// by a space, or the lone word of a one-word sentence.
pub(crate) fn shingles(text: &str) -> Vec<String> {
    let w = words(text);
    let mut out: Vec<String> = if w.len() < 2 {
        w
    } else {
        w.windows(2).map(|p| p.join(" ")).collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// Jaccard similarity of two sentences' shingle sets (1 for two sentences
/// without a word).
#[cfg(any(test, feature = "bench-internals"))]
pub fn jaccard(a: &str, b: &str) -> f64 {
    let (a, b) = (shingles(a), shingles(b));
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let shared = a.iter().filter(|s| b.binary_search(s).is_ok()).count();
    shared as f64 / (a.len() + b.len() - shared) as f64
}

/// The known sentence most similar to a query.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    /// The id [`NearDupIndex::insert`] gave it (its insertion rank).
    pub id: usize,
    /// Their Jaccard similarity.
    pub similarity: f64,
}

/// Known sentences, indexed to find near-duplicates of new ones quickly.
#[derive(Debug, Clone)]
pub struct NearDupIndex {
    threshold: f64,
    /// Shingle -> its id.
    shingle_ids: FxHashMap<String, u32>,
    /// Shingle id -> the sentences that have it, in insertion order.
    postings: Vec<Vec<u32>>,
    /// Sentence id -> its number of shingles.
    sizes: Vec<u32>,
    /// The first sentence without a word, if any.
    first_empty: Option<usize>,
}

impl NearDupIndex {
    /// An empty index; `threshold` is the Jaccard similarity at or above
    /// which [`NearDupIndex::near_duplicate`] reports a match.
    pub fn new(threshold: f64) -> NearDupIndex {
        NearDupIndex {
            threshold,
            shingle_ids: FxHashMap::default(),
            postings: Vec::new(),
            sizes: Vec::new(),
            first_empty: None,
        }
    }

    /// An index of `texts` (ids `0..texts.len()` in that order).
    pub fn from_texts<S: AsRef<str>>(threshold: f64, texts: &[S]) -> NearDupIndex {
        let mut index = NearDupIndex::new(threshold);
        for t in texts {
            index.insert(t.as_ref());
        }
        index
    }

    /// The threshold given at creation.
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// Number of sentences indexed.
    pub fn len(&self) -> usize {
        self.sizes.len()
    }

    /// True when nothing is indexed yet.
    pub fn is_empty(&self) -> bool {
        self.sizes.is_empty()
    }

    /// Add a sentence; returns its id.
    pub fn insert(&mut self, text: &str) -> usize {
        let id = self.sizes.len();
        let sh = shingles(text);
        if sh.is_empty() && self.first_empty.is_none() {
            self.first_empty = Some(id);
        }
        for s in &sh {
            let next = self.postings.len() as u32;
            let sid = *self.shingle_ids.entry(s.clone()).or_insert(next);
            if sid == next {
                self.postings.push(Vec::new());
            }
            self.postings[sid as usize].push(id as u32);
        }
        self.sizes.push(sh.len() as u32);
        id
    }

    /// The indexed sentence most similar to `text` (the earliest on ties),
    /// or `None` when none shares a shingle with it.
    pub fn most_similar(&self, text: &str) -> Option<Match> {
        let sh = shingles(text);
        if sh.is_empty() {
            return self.first_empty.map(|id| Match {
                id,
                similarity: 1.0,
            });
        }
        let mut shared: FxHashMap<u32, u32> = FxHashMap::default();
        for s in &sh {
            if let Some(&sid) = self.shingle_ids.get(s) {
                for &id in &self.postings[sid as usize] {
                    *shared.entry(id).or_insert(0) += 1;
                }
            }
        }
        let mut best: Option<Match> = None;
        for (id, common) in shared {
            let union = sh.len() + self.sizes[id as usize] as usize - common as usize;
            let similarity = common as f64 / union as f64;
            let better = match best {
                None => true,
                Some(b) => {
                    similarity > b.similarity
                        || (similarity == b.similarity && (id as usize) < b.id)
                }
            };
            if better {
                best = Some(Match {
                    id: id as usize,
                    similarity,
                });
            }
        }
        best
    }

    /// The indexed sentence `text` is a near-duplicate of (similarity at or
    /// above the threshold), if any: the most similar one.
    pub fn near_duplicate(&self, text: &str) -> Option<Match> {
        self.most_similar(text)
            .filter(|m| m.similarity >= self.threshold)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_shingles() {
        assert_eq!(
            words("Open-weight models, e.g. Llama 3!"),
            ["open", "weight", "models", "e", "g", "llama", "3"]
        );
        assert_eq!(shingles("the cat the cat"), ["cat the", "the cat"]);
        assert_eq!(shingles("Hello!"), ["hello"]);
        assert!(shingles("— …").is_empty());
    }

    #[test]
    fn jaccard_by_hand() {
        // 3 shared bigrams (open weights, weights help, help defenders) of 5.
        let j = jaccard(
            "Open weights help defenders.",
            "Open weights help defenders, experts say.",
        );
        assert!((j - 0.6).abs() < 1e-12);
        assert_eq!(jaccard("A b c", "a, B; c"), 1.0);
        assert_eq!(jaccard("one two", "three four"), 0.0);
        assert_eq!(jaccard("...", "!!!"), 1.0);
        assert_eq!(jaccard("...", "word"), 0.0);
    }

    #[test]
    fn index_agrees_with_pairwise_jaccard() {
        let known = [
            "The lab released its weights on Tuesday.",
            "Open weights help defenders find flaws.",
            "Regulators met the lab on Tuesday.",
            "Closed models are easier to monitor.",
        ];
        let index = NearDupIndex::from_texts(NEAR_DUP_JACCARD, &known);
        assert_eq!(index.len(), 4);
        let queries = [
            "Open weights help defenders find bugs.",
            "The lab released its weights on Wednesday.",
            "Nothing in common here.",
            "closed models are easier to monitor",
        ];
        for q in queries {
            let brute = known
                .iter()
                .enumerate()
                .map(|(i, k)| (i, jaccard(q, k)))
                .filter(|&(_, j)| j > 0.0)
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
            let got = index.most_similar(q).map(|m| (m.id, m.similarity));
            assert_eq!(got, brute, "{q}");
        }
        assert_eq!(index.near_duplicate(queries[0]).map(|m| m.id), Some(1));
        assert_eq!(index.near_duplicate(queries[2]), None);
        assert_eq!(index.near_duplicate(queries[3]).map(|m| m.id), Some(3));
    }

    #[test]
    fn threshold_is_inclusive_and_ties_go_to_the_earliest() {
        let mut index = NearDupIndex::new(0.6);
        index.insert("a b c d");
        index.insert("a b c d");
        // {a b, b c, c d} vs {a b, b c, c d, d e, e f}: 3/5 = 0.6.
        let m = index.near_duplicate("a b c d e f").unwrap();
        assert_eq!(m.id, 0);
        assert!((m.similarity - 0.6).abs() < 1e-12);
        assert_eq!(NearDupIndex::new(0.61).most_similar("x"), None);
    }

    #[test]
    fn sentences_without_words_match_each_other() {
        let mut index = NearDupIndex::new(NEAR_DUP_JACCARD);
        assert_eq!(index.near_duplicate("!!!"), None);
        index.insert("word");
        index.insert("...");
        assert_eq!(index.near_duplicate("!!!").map(|m| m.id), Some(1));
        assert_eq!(index.near_duplicate("Word.").map(|m| m.id), Some(0));
    }
}
