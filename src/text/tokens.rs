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
pub(crate) const NUMBER: &str = "<num>";

#[cfg(any(test, feature = "bench-internals"))]
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

/// Words that open a negation scope (a test checks that
/// [`is_negation_trigger`]'s match holds exactly these).
#[cfg(test)]
const NEGATION_TRIGGERS: &[&str] = &[
    "not", "no", "never", "cannot", "without", "nothing", "nobody", "none", "neither", "nor",
    "nowhere", "hardly", "barely", "scarcely", "cant", "dont", "wont", "isnt", "doesnt",
];

/// Is this (normalised) word a negation trigger?
///
/// A `match` rather than a scan of a list: it runs for every word served.
pub(crate) fn is_negation_trigger(word: &str) -> bool {
    matches!(
        word,
        "not"
            | "no"
            | "never"
            | "cannot"
            | "without"
            | "nothing"
            | "nobody"
            | "none"
            | "neither"
            | "nor"
            | "nowhere"
            | "hardly"
            | "barely"
            | "scarcely"
            | "cant"
            | "dont"
            | "wont"
            | "isnt"
            | "doesnt"
    ) || word.ends_with("n't")
}

#[cfg(any(test, feature = "bench-internals"))]
/// Split a sentence into tokens (see the module docs).
///
/// With `mark_negation` false no token is marked, for label sets where the
/// user wants plain bags of words.
pub fn tokenize(sentence: &str, mark_negation: bool) -> Vec<Token> {
    let mut texts = String::new();
    let mut spans = Vec::new();
    tokenize_into(sentence, mark_negation, &mut texts, &mut spans);
    spans
        .into_iter()
        .map(|t| Token {
            text: texts[t.text.0 as usize..t.text.1 as usize].to_string(),
            start: t.start,
            end: t.end,
            negated: t.negated,
        })
        .collect()
}

/// A token whose text is a range of a shared buffer (see [`tokenize_into`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TokenSpan {
    /// Byte range of the normalised text in the buffer.
    pub text: (u32, u32),
    /// Byte offset of the token in the sentence.
    pub start: usize,
    /// Byte offset one past the token.
    pub end: usize,
    /// Inside the scope of a negation.
    pub negated: bool,
}

/// [`tokenize`] without an allocation per token: the normalised texts are
/// appended to `texts` and the tokens to `out` (serving calls this for
/// every sentence, so per-token strings were a fifth of its time).
pub(crate) fn tokenize_into(
    sentence: &str,
    mark_negation: bool,
    texts: &mut String,
    out: &mut Vec<TokenSpan>,
) {
    // Word-boundary segments (UAX #29). Pure ASCII text, the common case,
    // takes a fast path that applies the same rules; a property test checks
    // that both paths agree on every ASCII string. Two monomorphic copies
    // rather than a boxed iterator, so the ASCII one inlines the segmenter
    // and tests bytes instead of decoding chars.
    if sentence.is_ascii() {
        let segments = AsciiWordBounds {
            text: sentence,
            pos: 0,
        };
        tokenize_segments::<true>(segments, mark_negation, texts, out);
    } else {
        let segments = sentence.split_word_bound_indices();
        tokenize_segments::<false>(segments, mark_negation, texts, out);
    }
}

/// The body of [`tokenize_into`] over word-boundary segments; `ASCII` says
/// every segment is ASCII, so byte tests give the same answers as the char
/// ones (for ASCII, `char::is_whitespace` is `' '` and `'\t'..='\r'`, and
/// `is_alphanumeric`/`is_alphabetic` are the ASCII classes).
fn tokenize_segments<'a, const ASCII: bool>(
    segments: impl Iterator<Item = (usize, &'a str)>,
    mark_negation: bool,
    texts: &mut String,
    out: &mut Vec<TokenSpan>,
) {
    let mut in_scope = false;
    let mut prev_was_space = true;
    let mut pending_prefix: Option<(usize, char)> = None;
    for (start, seg) in segments {
        let end = start + seg.len();
        let all_space = if ASCII {
            seg.bytes().all(|b| matches!(b, b' ' | b'\t'..=b'\r'))
        } else {
            seg.chars().all(char::is_whitespace)
        };
        if all_space {
            prev_was_space = true;
            pending_prefix = None;
            continue;
        }
        let is_word = if ASCII {
            seg.bytes().any(|b| b.is_ascii_alphanumeric())
        } else {
            seg.chars().any(char::is_alphanumeric)
        };
        if is_word {
            let text_start = texts.len();
            let mut tok_start = start;
            let mut camel = false;
            // '#hashtag' and '@mention' keep their sigil as one token; a
            // camel-case hashtag also gives its words ("#OpenWeightsNow" ->
            // "open", "weights", "now") so it shares features with prose.
            let sigil = pending_prefix.take().map(|(p_start, sigil)| {
                tok_start = p_start;
                sigil
            });
            if let Some(sigil) = sigil {
                texts.push(sigil);
                normalise_word_into(seg, texts);
                if &texts[text_start + sigil.len_utf8()..] == NUMBER {
                    // A number after '#' stays a plain number.
                    texts.truncate(text_start);
                    texts.push_str(NUMBER);
                    tok_start = start;
                } else {
                    camel = sigil == '#';
                }
            } else if ASCII {
                normalise_ascii_word_into(seg, texts);
            } else {
                normalise_word_into(seg, texts);
            }
            let text = &texts[text_start..];
            if text == "but" {
                in_scope = false;
            }
            let trigger = mark_negation && is_negation_trigger(text);
            let negated = mark_negation && in_scope && !trigger;
            out.push(TokenSpan {
                text: (text_start as u32, texts.len() as u32),
                start: tok_start,
                end,
                negated,
            });
            if camel {
                for part in camel_case_parts(seg) {
                    let part_start = texts.len();
                    normalise_word_into(part, texts);
                    out.push(TokenSpan {
                        text: (part_start as u32, texts.len() as u32),
                        start: tok_start,
                        end,
                        negated,
                    });
                }
            }
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
            // Punctuation kept as tokens because it carries meaning
            // (questions, exclamations).
            if seg == "?" || seg == "!" {
                let text_start = texts.len();
                texts.push_str(seg);
                out.push(TokenSpan {
                    text: (text_start as u32, texts.len() as u32),
                    start,
                    end,
                    negated: false,
                });
            }
        }
        prev_was_space = false;
    }
}

/// UAX #29 word boundaries restricted to ASCII: letters, digits and `_`
/// join (WB5, WB8-WB10, WB13a/b); `:` `.` `'` join two letters (WB6/7);
/// `,` `;` `.` `'` join two digits (WB11/12); runs of spaces stay together
/// (WB3d) and CR LF is one segment (WB3); anything else stands alone.
struct AsciiWordBounds<'a> {
    text: &'a str,
    pos: usize,
}

/// [`ASCII_CLASS`] bit: a letter, digit or `_` (joins a word).
const WORD: u8 = 1;
/// [`ASCII_CLASS`] bit: a letter.
const LETTER: u8 = 2;
/// [`ASCII_CLASS`] bit: a digit.
const DIGIT: u8 = 4;

/// The word-boundary class bits of each byte, so the segmenter's inner loop
/// is one table load a byte.
const ASCII_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        table[i] = if c.is_ascii_alphabetic() {
            WORD | LETTER
        } else if c.is_ascii_digit() {
            WORD | DIGIT
        } else if c == b'_' {
            WORD
        } else {
            0
        };
        i += 1;
    }
    table
};

impl<'a> Iterator for AsciiWordBounds<'a> {
    type Item = (usize, &'a str);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let b = self.text.as_bytes();
        let start = self.pos;
        if start >= b.len() {
            return None;
        }
        let class = |c: u8| ASCII_CLASS[c as usize];
        let mut i = start + 1;
        if class(b[start]) & WORD != 0 {
            loop {
                while i < b.len() && class(b[i]) & WORD != 0 {
                    i += 1;
                }
                // b[i] ends the run unless it joins two letters or two
                // digits (a separator at the end joins nothing).
                if i + 1 >= b.len() {
                    break;
                }
                let both = class(b[i - 1]) & class(b[i + 1]);
                let joins = match b[i] {
                    b':' => both & LETTER != 0,
                    b'.' | b'\'' => both & (LETTER | DIGIT) != 0,
                    b',' | b';' => both & DIGIT != 0,
                    _ => false,
                };
                if !joins {
                    break;
                }
                i += 2;
            }
        } else if b[start] == b' ' {
            while i < b.len() && b[i] == b' ' {
                i += 1;
            }
        } else if b[start] == b'\r' && b.get(i) == Some(&b'\n') {
            i += 1;
        }
        self.pos = i;
        Some((start, &self.text[start..i]))
    }
}

/// The words of a camel-case hashtag body, split where lower case meets upper
/// case, where an upper-case run meets a capitalised word ("GOPDebate" ->
/// "GOP", "Debate"), and between letters and digits. Empty when the body is
/// one word.
fn camel_case_parts(body: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    let mut cuts = vec![0];
    for i in 1..chars.len() {
        let (prev, cur) = (chars[i - 1].1, chars[i].1);
        let next = chars.get(i + 1).map(|c| c.1);
        let boundary = (prev.is_lowercase() && cur.is_uppercase())
            || (prev.is_uppercase() && cur.is_uppercase() && next.is_some_and(char::is_lowercase))
            || (prev.is_alphabetic() && cur.is_numeric())
            || (prev.is_numeric() && cur.is_alphabetic());
        if boundary {
            cuts.push(chars[i].0);
        }
    }
    if cuts.len() < 2 {
        return Vec::new();
    }
    cuts.push(body.len());
    cuts.windows(2)
        .map(|w| &body[w[0]..w[1]])
        .filter(|p| p.chars().any(char::is_alphanumeric))
        .collect()
}

/// Lower-case, fold curly apostrophes, and collapse numbers to [`NUMBER`],
/// appending to `out`.
fn normalise_word_into(word: &str, out: &mut String) {
    if !word.chars().any(char::is_alphabetic) {
        out.push_str(NUMBER);
    } else if word.is_ascii() {
        out.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
    } else {
        out.extend(
            word.chars()
                .map(|c| if c == '’' || c == 'ʼ' { '\'' } else { c })
                .flat_map(char::to_lowercase),
        );
    }
}

/// [`normalise_word_into`] for an ASCII word: the same result (no curly
/// apostrophes to fold, and ASCII lower case is the Unicode one) without
/// decoding chars.
fn normalise_ascii_word_into(word: &str, out: &mut String) {
    if !word.bytes().any(|b| b.is_ascii_alphabetic()) {
        out.push_str(NUMBER);
    } else {
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_lowercase();
    }
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
            words("Who wins? #OpenSource @MetaAI #llama"),
            vec![
                "who",
                "wins",
                "?",
                "#opensource",
                "open",
                "source",
                "@metaai",
                "#llama"
            ]
        );
        assert_eq!(
            camel_case_parts("GOPDebate2016"),
            vec!["GOP", "Debate", "2016"]
        );
        assert!(camel_case_parts("feminism").is_empty());
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

    #[test]
    fn negation_match_equals_the_list() {
        for w in NEGATION_TRIGGERS {
            assert!(is_negation_trigger(w));
            assert!(!is_negation_trigger(&format!("{w}x")));
        }
        assert!(is_negation_trigger("doesn't") && !is_negation_trigger("but"));
    }

    /// The ASCII path (what `tokenize_into` takes for ASCII text) and the
    /// Unicode path give the same texts and tokens for `s`.
    fn same_on_both_paths(s: &str, negation: bool) -> Result<(), TestCaseError> {
        let (mut t1, mut o1) = (String::new(), Vec::new());
        let (mut t2, mut o2) = (String::new(), Vec::new());
        tokenize_into(s, negation, &mut t1, &mut o1);
        tokenize_segments::<false>(s.split_word_bound_indices(), negation, &mut t2, &mut o2);
        prop_assert_eq!(&t1, &t2);
        prop_assert_eq!(&o1, &o2);
        Ok(())
    }

    proptest! {
        #[test]
        fn ascii_tokens_match_the_unicode_path(s in "[ -~\t\r\n\x0b\x0c]{0,80}") {
            for negation in [true, false] {
                same_on_both_paths(&s, negation)?;
            }
        }

        #[test]
        fn ascii_tokens_match_on_word_like_text(s in r"([a-cA-C0-2#@?!]|n't|not|but|[.:,;' _\-]){0,40}") {
            same_on_both_paths(&s, true)?;
        }

        #[test]
        fn ascii_fast_path_matches_unicode_segmentation(s in "[ -~\t\r\n]{0,80}") {
            let fast: Vec<(usize, &str)> = AsciiWordBounds { text: &s, pos: 0 }.collect();
            let slow: Vec<(usize, &str)> = s.split_word_bound_indices().collect();
            prop_assert_eq!(fast, slow);
        }

        #[test]
        fn ascii_fast_path_matches_on_word_like_text(s in r"([a-c0-2]|[.:,;' _\-]){0,40}") {
            let fast: Vec<(usize, &str)> = AsciiWordBounds { text: &s, pos: 0 }.collect();
            let slow: Vec<(usize, &str)> = s.split_word_bound_indices().collect();
            prop_assert_eq!(fast, slow);
        }

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
