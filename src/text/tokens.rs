//! Sentence -> tokens: Unicode words, lower case, contractions kept,
//! numbers normalised, and negation scope marked.
//!
//! Words come from Unicode word boundaries (UAX #29), so "doesn't" and
//! "U.S." stay whole and "open-weight" gives "open" and "weight" (the same
//! tokens as "open weight", which helps a small corpus generalise). A token
//! made only of digits and separators becomes [`NUMBER`].
//!
//! **Negation.** After a trigger (not, no, never, cannot, without, nothing,
//! any word ending in n't, ...) every word up to the next punctuation mark or
//! "but" is marked `negated`, so the features of "will not prevent access"
//! differ from those of "will prevent access".

use unicode_segmentation::UnicodeSegmentation;

/// The token that stands for any number ("3.5", "2026", "10,000").
pub const NUMBER: &str = "<num>";

/// One token with its byte span in the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Lower-cased, normalised form (before stemming).
    pub text: String,
    /// Byte offset of the token in the sentence.
    pub start: usize,
    /// Byte offset one past the token.
    pub end: usize,
    /// Inside the scope of a negation.
    pub negated: bool,
}

/// Words that open a negation scope.
const NEGATION_TRIGGERS: &[&str] = &[
    "not", "no", "never", "cannot", "without", "nothing", "nobody", "none", "neither", "nor",
    "nowhere", "hardly", "barely", "scarcely", "cant", "dont", "wont", "isnt", "doesnt",
];

/// Punctuation kept as tokens because it carries meaning (questions, exclamations).
const KEPT_PUNCTUATION: &[&str] = &["?", "!"];

/// Is this (normalised) word a negation trigger?
pub fn is_negation_trigger(word: &str) -> bool {
    NEGATION_TRIGGERS.contains(&word) || word.ends_with("n't")
}

/// Split a sentence into tokens (see the module docs).
///
/// With `mark_negation` false no token is marked, for label sets where the
/// user wants plain bags of words.
pub fn tokenize(sentence: &str, mark_negation: bool) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut in_scope = false;
    let mut prev_was_space = true;
    let mut pending_prefix: Option<(usize, char)> = None;
    for (start, seg) in sentence.split_word_bound_indices() {
        let end = start + seg.len();
        if seg.chars().all(char::is_whitespace) {
            prev_was_space = true;
            pending_prefix = None;
            continue;
        }
        let is_word = seg.chars().any(char::is_alphanumeric);
        if is_word {
            let mut text = normalise_word(seg);
            let mut tok_start = start;
            // '#hashtag' and '@mention' keep their sigil as one token.
            if let Some((p_start, sigil)) = pending_prefix.take() {
                if text != NUMBER {
                    text.insert(0, sigil);
                    tok_start = p_start;
                }
            }
            if text == "but" {
                in_scope = false;
            }
            let trigger = mark_negation && is_negation_trigger(&text);
            tokens.push(Token {
                text,
                start: tok_start,
                end,
                negated: mark_negation && in_scope && !trigger,
            });
            if trigger {
                in_scope = true;
            }
        } else {
            pending_prefix = None;
            if (seg == "#" || seg == "@") && prev_was_space {
                pending_prefix = Some((start, seg.chars().next().unwrap_or('#')));
            }
            if ends_scope(seg, prev_was_space) {
                in_scope = false;
            }
            if KEPT_PUNCTUATION.contains(&seg) {
                tokens.push(Token {
                    text: seg.to_string(),
                    start,
                    end,
                    negated: false,
                });
            }
        }
        prev_was_space = false;
    }
    tokens
}

/// Lower-case, fold curly apostrophes, and collapse numbers to [`NUMBER`].
fn normalise_word(word: &str) -> String {
    if !word.chars().any(char::is_alphabetic) {
        return NUMBER.to_string();
    }
    word.chars()
        .map(|c| if c == '’' || c == 'ʼ' { '\'' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Punctuation that closes a negation scope. A hyphen closes it only when it
/// stands alone as a dash (" - "), not inside "open-weight".
fn ends_scope(seg: &str, prev_was_space: bool) -> bool {
    match seg {
        "-" => prev_was_space,
        _ => seg.chars().any(|c| {
            matches!(
                c,
                '.' | ','
                    | ';'
                    | ':'
                    | '!'
                    | '?'
                    | '('
                    | ')'
                    | '['
                    | ']'
                    | '"'
                    | '“'
                    | '”'
                    | '—'
                    | '–'
                    | '…'
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn words(s: &str) -> Vec<String> {
        tokenize(s, true)
            .into_iter()
            .map(|t| {
                if t.negated {
                    format!("NOT_{}", t.text)
                } else {
                    t.text
                }
            })
            .collect()
    }

    #[test]
    fn lower_cases_and_keeps_contractions() {
        assert_eq!(
            words("It DOESN’T matter"),
            vec!["it", "doesn't", "NOT_matter"]
        );
        assert_eq!(words("Meta's model"), vec!["meta's", "model"]);
    }

    #[test]
    fn hyphenated_words_split_into_parts() {
        assert_eq!(
            words("open-weight models"),
            vec!["open", "weight", "models"]
        );
    }

    #[test]
    fn numbers_are_normalised_but_versions_keep_letters() {
        assert_eq!(
            words("GPT-4o beat 3.5 by 10,000"),
            vec!["gpt", "4o", "beat", "<num>", "by", "<num>"]
        );
    }

    #[test]
    fn negation_scope_runs_to_punctuation() {
        assert_eq!(
            words("Closing models will not stop espionage, experts say."),
            vec![
                "closing",
                "models",
                "will",
                "not",
                "NOT_stop",
                "NOT_espionage",
                "experts",
                "say"
            ]
        );
        assert_eq!(
            words("no safeguards but plenty of hope"),
            vec!["no", "NOT_safeguards", "but", "plenty", "of", "hope"]
        );
        assert_eq!(
            words("cannot be recalled"),
            vec!["cannot", "NOT_be", "NOT_recalled"]
        );
    }

    #[test]
    fn negated_and_plain_sentences_differ() {
        assert_ne!(
            words("will not prevent access"),
            words("will prevent access")
        );
        let plain: Vec<_> = tokenize("will not prevent access", false)
            .into_iter()
            .filter(|t| t.negated)
            .collect();
        assert!(plain.is_empty());
    }

    #[test]
    fn questions_and_hashtags() {
        assert_eq!(
            words("Who wins? #OpenSource @meta"),
            vec!["who", "wins", "?", "#opensource", "@meta"]
        );
    }

    #[test]
    fn offsets_point_at_the_source() {
        let s = "Open weights, “not” closed?";
        for t in tokenize(s, true) {
            assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end));
        }
        let t = &tokenize(s, true)[1];
        assert_eq!(&s[t.start..t.end], "weights");
    }

    proptest! {
        #[test]
        fn never_panics_and_offsets_slice_back(s in "\\PC*") {
            for t in tokenize(&s, true) {
                prop_assert!(t.start < t.end && t.end <= s.len());
                prop_assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end));
                prop_assert!(!s[t.start..t.end].trim().is_empty());
            }
        }
    }
}
