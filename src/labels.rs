//! [`LabelSet`]: the labels a model or a scoring run knows, sorted, so
//! that every lookup either finds its label or fails loudly. A lookup that
//! fell back to index 0 would score a row as the first label without a word.

use crate::data::LabeledData;
use crate::error::{Error, Result};

/// Sorted, distinct label names; a label's index is its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LabelSet(Vec<String>);

impl LabelSet {
    /// The set of `names` (sorted, duplicates dropped).
    pub(crate) fn new(mut names: Vec<String>) -> Self {
        names.sort();
        names.dedup();
        LabelSet(names)
    }

    /// The names, sorted.
    #[cfg(test)]
    pub(crate) fn names(&self) -> &[String] {
        &self.0
    }

    /// The index of `name`, if it is in the set.
    pub(crate) fn index(&self, name: &str) -> Option<usize> {
        self.0.binary_search_by(|l| l.as_str().cmp(name)).ok()
    }

    /// The index of a label the set holds by construction (a union of every
    /// label that can occur). Not finding it is a bug, reported as one.
    pub(crate) fn index_of_member(&self, name: &str) -> usize {
        self.index(name)
            .unwrap_or_else(|| panic!("label '{name}' is missing from the label set {:?}", self.0))
    }

    /// The label index of every row of `data`, or an error naming the
    /// file, the first line with a label outside the set, every such label
    /// and the set's labels.
    pub(crate) fn encode(&self, data: &LabeledData) -> Result<Vec<usize>> {
        let mut unknown: Vec<String> = Vec::new();
        let mut first_line = None;
        let mut out = Vec::with_capacity(data.rows.len());
        for row in &data.rows {
            match self.index(&row.label) {
                Some(i) => out.push(i),
                None => {
                    first_line.get_or_insert(row.line);
                    if !unknown.contains(&row.label) {
                        unknown.push(row.label.clone());
                    }
                }
            }
        }
        match first_line {
            None => Ok(out),
            Some(line) => {
                unknown.sort();
                Err(Error::UnknownLabels {
                    path: data.path.clone(),
                    line,
                    unknown,
                    known: self.0.clone(),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_find_their_label_or_say_so() {
        let set = LabelSet::new(vec!["b".into(), "a".into(), "b".into()]);
        assert_eq!(set.names(), &["a".to_string(), "b".to_string()]);
        assert_eq!((set.index("b"), set.index("c")), (Some(1), None));
        assert_eq!(set.index_of_member("a"), 0);
        let data = LabeledData::from_pairs("x.csv", &[("one", "a"), ("two", "c")]);
        let e = set.encode(&data).unwrap_err().to_string();
        assert!(e.contains("x.csv") && e.contains("c"), "{e}");
    }

    #[test]
    #[should_panic(expected = "missing from the label set")]
    fn a_member_lookup_that_misses_is_a_bug_not_label_0() {
        LabelSet::new(vec!["a".into()]).index_of_member("z");
    }
}
