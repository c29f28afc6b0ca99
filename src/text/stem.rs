//! The stemmer, named so that a model records which one it was trained with
//! and serving can refuse a model whose stemmer it does not have.

use rust_stemmers::{Algorithm, Stemmer as Snowball};

/// The one stemmer this build ships: Snowball English from rust-stemmers 1.2.
pub(crate) const SNOWBALL_ENGLISH: &str = "snowball-english/rust-stemmers-1.2";

/// Words cached per thread before the cache is emptied (bounds memory on
/// endless streams of new words).
const STEM_CACHE_LIMIT: usize = 100_000;

thread_local! {
    static STEM_CACHE: std::cell::RefCell<rustc_hash::FxHashMap<String, String>> =
        std::cell::RefCell::new(rustc_hash::FxHashMap::default());
}

/// Reduces lower-cased words to their stems.
pub(crate) struct Stemmer {
    name: String,
    inner: Option<Snowball>,
}

impl std::fmt::Debug for Stemmer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stemmer").field("name", &self.name).finish()
    }
}

impl Stemmer {
    /// The stemmer recorded in a model under `name` ("none" turns stemming off).
    pub(crate) fn by_name(name: &str) -> Option<Stemmer> {
        match name {
            SNOWBALL_ENGLISH => Some(Stemmer {
                name: name.to_string(),
                inner: Some(Snowball::create(Algorithm::English)),
            }),
            "none" => Some(Stemmer {
                name: name.to_string(),
                inner: None,
            }),
            _ => None,
        }
    }

    /// Append the stem of `word` to `out`, through a per-thread cache:
    /// Snowball costs about 0.3 µs a word, a cache hit a few nanoseconds, and
    /// text repeats its words. The cache never changes a result.
    pub(crate) fn stem_into(&self, word: &str, out: &mut String) {
        if self.inner.is_none() || word.starts_with(['#', '@', '<']) {
            out.push_str(word);
            return;
        }
        STEM_CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            if let Some(stem) = cache.get(word) {
                out.push_str(stem);
                return;
            }
            let stem = self.stem(word);
            out.push_str(&stem);
            if cache.len() >= STEM_CACHE_LIMIT {
                cache.clear();
            }
            cache.insert(word.to_string(), stem.into_owned());
        });
    }

    /// Stem one lower-cased word. Numbers, hashtags and mentions are left alone.
    pub(crate) fn stem<'a>(&self, word: &'a str) -> std::borrow::Cow<'a, str> {
        match &self.inner {
            Some(s) if !word.starts_with(['#', '@', '<']) => s.stem(word),
            _ => std::borrow::Cow::Borrowed(word),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_english_and_leaves_special_tokens() {
        let s = Stemmer::by_name(SNOWBALL_ENGLISH).unwrap();
        assert_eq!(s.stem("weights"), "weight");
        assert_eq!(s.stem("releasing"), "releas");
        assert_eq!(s.stem("#opensource"), "#opensource");
        assert_eq!(s.stem("<num>"), "<num>");
        let none = Stemmer::by_name("none").unwrap();
        assert_eq!(none.stem("weights"), "weights");
        assert!(Stemmer::by_name("porter-9").is_none());
        let mut out = String::new();
        s.stem_into("releasing", &mut out);
        s.stem_into("releasing", &mut out); // second time from the cache
        none.stem_into("weights", &mut out);
        assert_eq!(out, "releasreleasweights");
    }
}
