//! A sorted list of distinct terms stored in one string.
//!
//! Why not `Vec<String>`: a Naive-Bayes table counts every n-gram, about
//! 100k of them for the bundled corpus, and every `stance` process loads the
//! embedded model. One allocation per term (and one free at exit) was a
//! visible part of that; here loading appends each term to a single buffer.
//! In the model file it is one JSON string, a term per line.

use std::fmt;

use serde::de::Visitor;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Terms in one buffer, each followed by [`SEPARATOR`] but the last (the
/// buffer is the model file's string as it is); `ends[i]` is the byte
/// offset where term `i` ends. Offsets are `u32` because a table holds
/// ~400k terms in every process: `usize` would spend 1.6 MB more on them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermList {
    text: String,
    ends: Vec<u32>,
}

impl TermList {
    /// Number of terms.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when there are no terms.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Term `i`.
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 {
            0
        } else {
            self.ends[i - 1] as usize + 1
        };
        &self.text[start..self.ends[i] as usize]
    }

    /// The terms in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// True when no term is empty and every term is greater than the one
    /// before it, which [`TermList::position`] and the file format rely on.
    pub fn is_sorted_and_distinct(&self) -> bool {
        // Bytes compare in the same order as `str`s; slicing bytes skips the
        // char-boundary checks (this runs over every term of a loaded model).
        let text = self.text.as_bytes();
        let mut before: &[u8] = &[];
        let mut start = 0;
        for &end in &self.ends {
            let end = end as usize;
            let term = &text[start..end];
            if term.is_empty() || (start > 0 && before >= term) {
                return false;
            }
            before = term;
            start = end + 1;
        }
        true
    }

    /// Index of `term`, by binary search (the list must be sorted).
    pub fn position(&self, term: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.get(mid).cmp(term) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    fn push(&mut self, term: &str) {
        debug_assert!(!term.contains(SEPARATOR), "{term:?}");
        if !self.ends.is_empty() {
            self.text.push(SEPARATOR);
        }
        self.text.push_str(term);
        self.ends
            .push(u32::try_from(self.text.len()).expect("a term list holds under 4 GiB of terms"));
    }
}

impl<'a> FromIterator<&'a str> for TermList {
    fn from_iter<I: IntoIterator<Item = &'a str>>(iter: I) -> TermList {
        let mut list = TermList::default();
        for term in iter {
            list.push(term);
        }
        list
    }
}

/// Terms are joined by [`SEPARATOR`] into one JSON string: serde_json
/// spends over a hundred instructions on each element of an array, and a
/// table of 100k terms is parsed by every process that loads the model.
/// Terms are words joined by spaces, so they never contain the separator.
pub(crate) const SEPARATOR: char = '\n';

impl Serialize for TermList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for TermList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<TermList, D::Error> {
        deserializer.deserialize_str(ListVisitor)
    }
}

struct ListVisitor;

impl Visitor<'_> for ListVisitor {
    type Value = TermList;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string of terms, one per line")
    }

    fn visit_str<E: serde::de::Error>(self, joined: &str) -> Result<TermList, E> {
        self.visit_string(joined.to_string())
    }

    fn visit_string<E: serde::de::Error>(self, text: String) -> Result<TermList, E> {
        if text.is_empty() {
            return Ok(TermList::default());
        }
        let Ok(len) = u32::try_from(text.len()) else {
            return Err(E::custom("a term list of 4 GiB or more"));
        };
        let mut ends = Vec::with_capacity(text.len() / 16);
        ends.extend(memchr::memchr_iter(SEPARATOR as u8, text.as_bytes()).map(|e| e as u32));
        ends.push(len);
        ends.shrink_to_fit();
        Ok(TermList { text, ends })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_as_one_json_string() {
        let list: TermList = ["a b", "caf\u{e9}", "q\"uote", "z"].into_iter().collect();
        let json = serde_json::to_string(&list).unwrap();
        assert_eq!(json, r#""a b\ncafé\nq\"uote\nz""#);
        let back: TermList = serde_json::from_str(&json).unwrap();
        assert_eq!(back, list);
        assert_eq!(back.get(2), "q\"uote");
        let empty: TermList = serde_json::from_str("\"\"").unwrap();
        assert!(empty.is_empty());
        assert!(serde_json::from_str::<TermList>(r#"["a"]"#).is_err());
    }

    #[test]
    fn finds_every_term_and_nothing_else() {
        let terms = ["a", "ab", "b", "not_x", "x y"];
        let list: TermList = terms.into_iter().collect();
        assert!(list.is_sorted_and_distinct());
        for (i, t) in terms.iter().enumerate() {
            assert_eq!(list.position(t), Some(i));
        }
        for t in ["", "aa", "c", "x", "zz"] {
            assert_eq!(list.position(t), None, "{t}");
        }
        let unsorted: TermList = ["b", "a"].into_iter().collect();
        assert!(!unsorted.is_sorted_and_distinct());
        let repeated: TermList = ["a", "a"].into_iter().collect();
        assert!(!repeated.is_sorted_and_distinct());
        let with_empty: TermList = ["", "a"].into_iter().collect();
        assert!(!with_empty.is_sorted_and_distinct());
    }
}
