//! Which terms become features: document frequency, `min_df`, a supervised
//! cap (chi-squared), and a stable sorted order.
//!
//! Frequency alone would keep "the" and "of" over "safeguard" and
//! "proliferation"; chi-squared keeps the terms whose presence differs most
//! between labels. Ties are broken by the term itself, and the kept terms are
//! sorted, so the same data always gives the same vocabulary.

use rustc_hash::FxHashMap;

/// Document frequencies of every term, overall and per label.
#[derive(Debug, Default)]
pub struct TermCounts {
    /// term -> (documents containing it, documents of each label containing it)
    counts: FxHashMap<String, (u32, Vec<u32>)>,
    /// documents per label
    label_docs: Vec<u32>,
    /// all documents
    docs: u32,
}

impl TermCounts {
    /// Empty counts for `n_labels` labels.
    pub fn new(n_labels: usize) -> Self {
        TermCounts {
            counts: FxHashMap::default(),
            label_docs: vec![0; n_labels],
            docs: 0,
        }
    }

    /// Count one document's distinct terms under its label.
    pub fn add_document(&mut self, terms: &[String], label: usize) {
        let mut seen: Vec<&String> = terms.iter().collect();
        seen.sort_unstable();
        seen.dedup();
        let n_labels = self.label_docs.len();
        for term in seen {
            let entry = self
                .counts
                .entry(term.clone())
                .or_insert_with(|| (0, vec![0; n_labels]));
            entry.0 += 1;
            entry.1[label] += 1;
        }
        self.label_docs[label] += 1;
        self.docs += 1;
    }

    /// Number of documents counted.
    pub fn documents(&self) -> u32 {
        self.docs
    }

    /// Document frequency of a term (0 if never seen).
    pub fn df(&self, term: &str) -> u32 {
        self.counts.get(term).map_or(0, |c| c.0)
    }

    /// The kept vocabulary: terms with `df >= min_df`, at most `max` of them
    /// by chi-squared score, sorted by term.
    pub fn select(&self, min_df: usize, max: Option<usize>) -> Vec<String> {
        let mut kept: Vec<(&String, f64)> = self
            .counts
            .iter()
            .filter(|(_, (df, _))| *df as usize >= min_df)
            .map(|(t, (df, per))| (t, self.chi2(*df, per)))
            .collect();
        if let Some(max) = max {
            if kept.len() > max {
                kept.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
                kept.truncate(max);
            }
        }
        let mut vocab: Vec<String> = kept.into_iter().map(|(t, _)| t.clone()).collect();
        vocab.sort();
        vocab
    }

    /// Naive-Bayes log-count-ratio scale of each term (NBSVM with
    /// smoothing 1, on presence counts): for each label, `r = ln(p / |p|_1)
    /// - ln(q / |q|_1)` with `p` the term's counts in that label's documents
    /// and `q` in the others, both summed over `vocabulary`; the scale is the
    /// largest `|r|` over labels (for two labels both give the same value).
    pub fn nb_scales(&self, vocabulary: &[String]) -> Vec<f64> {
        let k = self.label_docs.len();
        let per: Vec<(u32, &[u32])> = vocabulary
            .iter()
            .map(|t| {
                self.counts
                    .get(t)
                    .map_or((0, &[][..]), |(df, v)| (*df, v.as_slice()))
            })
            .collect();
        let label_count = |p: &(u32, &[u32]), c: usize| p.1.get(c).copied().unwrap_or(0) as f64;
        let mut scales = vec![0.0f64; vocabulary.len()];
        for c in 0..k {
            let p_norm: f64 = per.iter().map(|p| 1.0 + label_count(p, c)).sum();
            let q_norm: f64 = per
                .iter()
                .map(|p| 1.0 + p.0 as f64 - label_count(p, c))
                .sum();
            for (s, p) in scales.iter_mut().zip(&per) {
                let in_c = label_count(p, c);
                let r = ((1.0 + in_c) / p_norm).ln() - ((1.0 + p.0 as f64 - in_c) / q_norm).ln();
                *s = s.max(r.abs());
            }
        }
        scales
    }

    /// Chi-squared of a term's presence against the labels (scikit-learn's
    /// `chi2` on binary presence features).
    fn chi2(&self, df: u32, per_label: &[u32]) -> f64 {
        let n = self.docs as f64;
        per_label
            .iter()
            .zip(&self.label_docs)
            .filter(|(_, &docs)| docs > 0)
            .map(|(&observed, &docs)| {
                let expected = df as f64 * docs as f64 / n;
                (observed as f64 - expected).powi(2) / expected
            })
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(terms: &[&str]) -> Vec<String> {
        terms.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn min_df_and_sorted_output() {
        let mut c = TermCounts::new(2);
        c.add_document(&doc(&["b", "a", "a"]), 0);
        c.add_document(&doc(&["a", "c"]), 1);
        assert_eq!(c.df("a"), 2);
        assert_eq!(c.select(1, None), vec!["a", "b", "c"]);
        assert_eq!(c.select(2, None), vec!["a"]);
    }

    #[test]
    fn cap_keeps_the_most_label_associated_terms() {
        let mut c = TermCounts::new(2);
        // "open" only in label 0, "closed" only in label 1, "the" everywhere.
        for _ in 0..5 {
            c.add_document(&doc(&["the", "open"]), 0);
            c.add_document(&doc(&["the", "closed"]), 1);
        }
        c.add_document(&doc(&["the", "rare"]), 0);
        assert_eq!(c.select(1, Some(2)), vec!["closed", "open"]);
    }

    #[test]
    fn nb_scales_match_hand_computation() {
        let mut c = TermCounts::new(2);
        c.add_document(&doc(&["x", "y"]), 0);
        c.add_document(&doc(&["x"]), 0);
        c.add_document(&doc(&["y"]), 1);
        let s = c.nb_scales(&["x".to_string(), "y".to_string()]);
        // label 0: p = (1+2, 1+1) -> norm 5; q = (1+0, 1+1) -> norm 3
        // (label 1 gives the same magnitudes with the sign flipped)
        let rx = (3.0f64 / 5.0).ln() - (1.0f64 / 3.0).ln();
        let ry = (2.0f64 / 5.0).ln() - (2.0f64 / 3.0).ln();
        assert!((s[0] - rx.abs()).abs() < 1e-12);
        assert!((s[1] - ry.abs()).abs() < 1e-12);
    }

    #[test]
    fn chi2_matches_hand_computation() {
        let mut c = TermCounts::new(2);
        c.add_document(&doc(&["x"]), 0);
        c.add_document(&doc(&["x"]), 0);
        c.add_document(&doc(&["x"]), 1);
        c.add_document(&doc(&["y"]), 1);
        // df=3, label docs 2/2, n=4: expected 1.5 each; (2-1.5)^2/1.5 + (1-1.5)^2/1.5 = 1/3
        let got = c.chi2(3, &[2, 1]);
        assert!((got - 1.0 / 3.0).abs() < 1e-12);
    }
}
