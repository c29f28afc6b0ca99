//! Pick the sentences to label next: the most uncertain first, none a
//! near-duplicate of another pick or of a sentence already labelled.
//!
//! Candidates are ranked by score (higher first, see
//! [`super::uncertainty::Strategy::score`]), ties broken by their position in
//! the input so the same input always gives the same picks. The ranked list
//! is walked greedily: a candidate that is a near-duplicate (see
//! [`super::near_dup`]) of a sentence in the index is skipped, otherwise it
//! is taken and added to the index, until `n` are taken. Labelling ten
//! rewordings of one confusing sentence teaches the model about as much as
//! labelling one, and a sentence the training data already holds teaches it
//! nothing, so both are skipped rather than shown to the labeller.

use super::near_dup::NearDupIndex;

/// The outcome of a selection.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(not(feature = "bench-internals"), allow(unreachable_pub))]
pub struct Selection {
    /// Indices of the chosen candidates, most worth labelling first.
    pub picked: Vec<usize>,
    /// Candidates passed over as near-duplicates of a sentence that was in
    /// the index before the selection started (the labelled data).
    pub skipped_known: usize,
    /// Candidates passed over as near-duplicates of an earlier pick.
    pub skipped_each_other: usize,
}

/// Candidate indices by score, highest first; equal scores keep input order.
pub(crate) fn rank(scores: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    order
}

/// Choose up to `n` of the candidates `texts` (with `scores[i]` the score of
/// `texts[i]`): the highest-scoring ones that are not near-duplicates of
/// what `seen` holds. Every pick is added to `seen`, so a later selection
/// with the same index will not offer it again. Fewer than `n` come back
/// when the candidates run out.
#[cfg_attr(not(feature = "bench-internals"), allow(unreachable_pub))]
pub fn select<S: AsRef<str>>(
    texts: &[S],
    scores: &[f64],
    n: usize,
    seen: &mut NearDupIndex,
) -> Selection {
    assert_eq!(texts.len(), scores.len(), "one score per candidate");
    let known = seen.len();
    let mut selection = Selection {
        picked: Vec::with_capacity(n.min(texts.len())),
        skipped_known: 0,
        skipped_each_other: 0,
    };
    for i in rank(scores) {
        if selection.picked.len() >= n {
            break;
        }
        let text = texts[i].as_ref();
        match seen.near_duplicate(text) {
            Some(m) if m.id < known => selection.skipped_known += 1,
            Some(_) => selection.skipped_each_other += 1,
            None => {
                seen.insert(text);
                selection.picked.push(i);
            }
        }
    }
    selection
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggest::near_dup::NEAR_DUP_JACCARD;

    fn index(texts: &[&str]) -> NearDupIndex {
        NearDupIndex::from_texts(NEAR_DUP_JACCARD, texts)
    }

    #[test]
    fn ranks_by_score_then_input_order() {
        assert_eq!(rank(&[0.2, 0.9, 0.5, 0.9, 0.1]), vec![1, 3, 2, 0, 4]);
        assert!(rank(&[]).is_empty());
    }

    #[test]
    fn takes_the_top_n_skipping_near_duplicates() {
        let texts = [
            "Open weights let anyone audit the model.",          // 0.9
            "Open weights let anyone audit the model, he said.", // 0.8: near-dup of 0
            "The committee meets again in March.",               // 0.7
            "Closed labs should publish their safety evaluations.", // 0.6: near-dup of known
            "Regulators want a licence for frontier training runs.", // 0.5
            "A football match was postponed.",                   // 0.1
        ];
        let scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.1];
        let mut seen = index(&["Closed labs should publish their safety evaluations first."]);
        let s = select(&texts, &scores, 3, &mut seen);
        assert_eq!(s.picked, vec![0, 2, 4]);
        assert_eq!(s.skipped_each_other, 1);
        assert_eq!(s.skipped_known, 1);
        // The picks are now known: a second round offers what is left.
        assert_eq!(seen.len(), 4);
        let again = select(&texts, &scores, 3, &mut seen);
        assert_eq!(again.picked, vec![5]);
        assert_eq!(again.skipped_known, 5);
    }

    #[test]
    fn exact_duplicates_are_taken_once() {
        let texts = [
            "Same sentence here.",
            "same sentence  here",
            "Other words entirely.",
        ];
        let s = select(&texts, &[0.5, 0.5, 0.1], 10, &mut index(&[]));
        assert_eq!(s.picked, vec![0, 2]);
        assert_eq!(s.skipped_each_other, 1);
    }

    #[test]
    fn n_larger_than_the_candidates_returns_them_all() {
        let texts = ["One thing.", "Another thing entirely.", "A third one."];
        let s = select(&texts, &[0.1, 0.3, 0.2], 50, &mut index(&[]));
        assert_eq!(s.picked, vec![1, 2, 0]);
        assert!(select(&texts, &[0.1, 0.3, 0.2], 0, &mut index(&[]))
            .picked
            .is_empty());
        let none: [&str; 0] = [];
        assert!(select(&none, &[], 5, &mut index(&[])).picked.is_empty());
    }

    #[test]
    fn the_same_input_gives_the_same_picks() {
        let texts: Vec<String> = (0..200)
            .map(|i| format!("Sentence {} about topic {} and {}.", i % 37, i % 11, i % 5))
            .collect();
        let scores: Vec<f64> = (0..200).map(|i| ((i * 7919) % 13) as f64 / 13.0).collect();
        let a = select(&texts, &scores, 40, &mut index(&[]));
        let b = select(&texts, &scores, 40, &mut index(&[]));
        assert_eq!(a, b);
        assert!(!a.picked.is_empty());
        // No two picks are near-duplicates.
        for (x, &i) in a.picked.iter().enumerate() {
            for &j in &a.picked[x + 1..] {
                let sim = crate::suggest::near_dup::jaccard(&texts[i], &texts[j]);
                assert!(sim < NEAR_DUP_JACCARD, "{i} and {j}: {sim}");
            }
        }
    }
}
