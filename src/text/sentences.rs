//! Article text -> sentences with byte spans.
//!
//! Real articles arrive pasted or scraped: title lines with no full stop,
//! navigation, list items, table rows, wrapped paragraphs, CRLF line ends.
//! The splitter works in two passes so that layout decides first and
//! punctuation second:
//!
//! 1. **Units.** Lines are grouped into blocks by blank lines (a blank line
//!    always ends a sentence). In a block, a heading (`# `), list item
//!    (`- `, `* `, `+ `, `• `, `1. `, `1) `), block quote (`> `) or table row
//!    (`|`) is a unit of its own, and so is a *standalone line*: one that does
//!    not end in `.`, `!`, `?`, `…` or `:` (optionally followed by closing
//!    quotes or brackets) and is either shorter than 60 characters or mostly
//!    capitalised (titles, bylines, dates, navigation, "Share this"). Any
//!    other line is wrapped prose; when it stops without final punctuation it
//!    is joined with the next line if that one is prose too, or a short line
//!    starting in lower case (the tail of a wrapped paragraph).
//! 2. **Sentences.** Inside a unit a sentence ends at `.`, `!`, `?`, `…` or
//!    `...` (plus closing quotes or brackets) followed by white space and an
//!    upper-case letter, a digit, an opening quote or bracket, an `@handle`
//!    or a `#hashtag`; not after a known abbreviation (`Dr.`, `U.S.`,
//!    `e.g.`, `Inc.`, `Jan.`...) or a single capital initial. Informal text
//!    (forums, chat, social posts) often starts sentences in lower case, so
//!    `!`, `?` and a lone `.` followed by white space and a lower-case word
//!    end a sentence too ("lol. this is fine! really? yes." is four), except
//!    after an ellipsis ("and then... it went on" is one), after an
//!    abbreviation (`e.g.`, `etc.`, `vs.`...) and after a closing quote or
//!    bracket (`"Why?" he asked.` is one). Emoji right after the mark stay
//!    with the sentence they close ("so good! 🔥🔥 next one" is "so good!
//!    🔥🔥" and "next one"). Decimals, versions, URLs, e-mail addresses and
//!    handles with dots never end a sentence because no white space follows
//!    their dots.
//!
//! A sentence's span is `start..end` in the source, with list and heading
//! markers and a table row's outer pipes left outside it; its `text` is that
//! span with runs of white space (line breaks included) folded to one space.
//! Spans with no letter or digit (rules like `---`) are dropped. The splitter
//! never panics: every index it takes comes from `char_indices`.

/// One sentence of an article.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(not(feature = "bench-internals"), allow(unreachable_pub))]
pub struct Sentence {
    /// Byte offset of the first character in the source.
    pub start: usize,
    /// Byte offset one past the last character in the source.
    pub end: usize,
    /// The sentence with white space folded, as shown to users and models.
    pub text: String,
}

/// Lines shorter than this (in characters) with no final punctuation stand alone.
const STANDALONE_MAX_CHARS: usize = 60;

/// Words that end in a full stop without ending the sentence (lower-cased,
/// without the final dot).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "st", "jr", "sr", "inc", "ltd",
    "corp", "co", "vs", "e.g", "i.e", "u.s", "u.k", "e.u", "u.n", "no", "fig", "approx", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "cf", "al",
    "dept", "est", "lt", "col", "capt", "mt", "ph.d", "a.m", "p.m",
];

/// Words that end in a full stop without ending the sentence when a
/// lower-case word follows ("etc. and more", "e.g. this"): the list above
/// without "no" (informal text ends sentences with "no." before a lower-case
/// word; "No. 5" is followed by a digit), plus abbreviations that only ever
/// come before lower-case words.
const LOWERCASE_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "st", "jr", "sr", "inc", "ltd",
    "corp", "co", "vs", "e.g", "i.e", "u.s", "u.k", "e.u", "u.n", "fig", "approx", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "cf", "al", "dept",
    "est", "lt", "col", "capt", "mt", "ph.d", "a.m", "p.m", "etc", "eg", "ie", "incl", "esp",
    "viz", "ca", "resp", "vol", "pp", "ed", "eds", "ch", "sec", "a.k.a", "p.s",
];

const CLOSERS: &[char] = &['"', '\'', '”', '’', ')', ']', '»', '}', '*', '_'];
const OPENERS: &[char] = &['"', '\'', '“', '‘', '(', '[', '«', '{', '*', '_', '¿', '¡'];

/// Split an article into sentences (see the module docs for the rules).
#[cfg_attr(not(feature = "bench-internals"), allow(unreachable_pub))]
pub fn split_sentences(source: &str) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    for (start, end) in units(source) {
        split_unit(source, start, end, &mut sentences);
    }
    sentences
}

/// The last offset `p > 0` at which `text` can be cut without changing any
/// sentence, whatever text follows: splitting `text[..p]` and what comes
/// after separately gives the same sentences as splitting the whole. That is
/// the start of a complete line (one that ends in `\n` inside `text`) which
/// the splitter never joins to the line before it: a line after a blank line
/// (a blank line always ends a sentence), or after a heading, list item,
/// title-like line or a line that ends a sentence, or itself such a line.
/// `None` when `text` has no such place (one long line or one wrapped
/// paragraph). Streaming readers cut their chunks here.
#[cfg_attr(not(feature = "bench-internals"), allow(unreachable_pub))]
pub fn last_safe_cut(text: &str) -> Option<usize> {
    let complete = text.rfind('\n')? + 1;
    // Lines are walked backwards: `next` is the complete line starting at
    // `next_start`, and the line before it ends at `next_start - 1`.
    let line_at = |end_with_newline: usize| -> (usize, Line) {
        let start = text[..end_with_newline - 1]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let body = text[start..end_with_newline].trim_end_matches(['\n', '\r']);
        (start, classify_line(text, start, start + body.len()))
    };
    let (mut next_start, mut next) = line_at(complete);
    while next_start > 0 {
        let (start, line) = line_at(next_start);
        if !continues(text, &line, &next) {
            return Some(next_start);
        }
        next_start = start;
        next = line;
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum LineKind {
    Blank,
    /// Heading, list item, quote or table row: always a unit of its own.
    Marked,
    /// A title-like line with no final punctuation: a unit of its own.
    Standalone,
    /// Wrapped prose: joins the next prose line.
    Prose,
}

/// A line's content span (markers removed) and its kind.
struct Line {
    start: usize,
    end: usize,
    kind: LineKind,
}

fn lines(source: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut pos = 0;
    for raw in source.split_inclusive('\n') {
        let line_start = pos;
        pos += raw.len();
        let body = raw.trim_end_matches(['\n', '\r']);
        out.push(classify_line(source, line_start, line_start + body.len()));
    }
    out
}

fn classify_line(source: &str, start: usize, end: usize) -> Line {
    let raw = &source[start..end];
    let trimmed_start = start + (raw.len() - raw.trim_start().len());
    let trimmed_end = start + raw.trim_end().len();
    if trimmed_start >= trimmed_end {
        return Line {
            start,
            end: start,
            kind: LineKind::Blank,
        };
    }
    let content = &source[trimmed_start..trimmed_end];
    if let Some(skip) = marker_len(content) {
        let mut s = trimmed_start + skip;
        let mut e = trimmed_end;
        if content.starts_with('|') {
            // Table row: drop the outer pipes as well.
            let inner = source[s..e].trim_end();
            let inner = inner.strip_suffix('|').unwrap_or(inner);
            e = s + inner.len();
        }
        let inner = &source[s..e];
        s += inner.len() - inner.trim_start().len();
        e = s + source[s..e].trim_end().len();
        return Line {
            start: s,
            end: e.max(s),
            kind: LineKind::Marked,
        };
    }
    let kind = if !ends_with_terminal(content)
        && (content.chars().count() < STANDALONE_MAX_CHARS || mostly_capitalised(content))
    {
        LineKind::Standalone
    } else {
        LineKind::Prose
    };
    Line {
        start: trimmed_start,
        end: trimmed_end,
        kind,
    }
}

/// Length in bytes of a leading heading, list, quote or table marker.
fn marker_len(content: &str) -> Option<usize> {
    let bytes = content.as_bytes();
    let followed_by_space = |i: usize| i >= bytes.len() || bytes[i] == b' ' || bytes[i] == b'\t';
    if bytes[0] == b'#' {
        let hashes = bytes.iter().take_while(|&&b| b == b'#').count();
        if hashes <= 6 && followed_by_space(hashes) {
            return Some(hashes);
        }
        return None;
    }
    if bytes[0] == b'|' {
        return Some(1);
    }
    if bytes[0] == b'>' {
        return Some(1);
    }
    if matches!(bytes[0], b'-' | b'*' | b'+') && bytes.len() > 1 && followed_by_space(1) {
        return Some(1);
    }
    if content.starts_with('•') {
        return Some('•'.len_utf8());
    }
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if (1..=3).contains(&digits)
        && bytes.len() > digits + 1
        && matches!(bytes[digits], b'.' | b')')
        && followed_by_space(digits + 1)
    {
        return Some(digits + 1);
    }
    None
}

fn ends_with_terminal(content: &str) -> bool {
    let stripped = content.trim_end_matches(CLOSERS);
    matches!(
        stripped.chars().last(),
        Some('.') | Some('!') | Some('?') | Some('…') | Some(':')
    )
}

fn mostly_capitalised(content: &str) -> bool {
    let mut words = 0;
    let mut capitalised = 0;
    for word in content.split_whitespace() {
        if let Some(c) = word.chars().find(|c| c.is_alphabetic()) {
            words += 1;
            if c.is_uppercase() {
                capitalised += 1;
            }
        }
    }
    words >= 2 && capitalised * 2 > words
}

/// Byte ranges of the units (see module docs).
fn units(source: &str) -> Vec<(usize, usize)> {
    let lines = lines(source);
    let mut units = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if line.kind == LineKind::Blank {
            i += 1;
            continue;
        }
        let start = line.start;
        let mut end = line.end;
        let mut j = i;
        while j + 1 < lines.len() && continues(source, &lines[j], &lines[j + 1]) {
            j += 1;
            end = lines[j].end;
        }
        units.push((start, end));
        i = j + 1;
    }
    units
}

/// Does wrapped prose go on from `line` into `next`? Only when `line` is
/// prose that stops without final punctuation, and `next` is prose or a
/// short line that starts in lower case (the tail of the paragraph).
fn continues(source: &str, line: &Line, next: &Line) -> bool {
    let content = &source[line.start..line.end];
    if line.kind != LineKind::Prose
        || (ends_with_terminal(content) && !ends_in_abbreviation(content))
    {
        return false;
    }
    match next.kind {
        LineKind::Prose => true,
        LineKind::Standalone => source[next.start..next.end]
            .chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_lowercase),
        _ => false,
    }
}

/// Split one unit `source[start..end]` at sentence ends.
fn split_unit(source: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
    let unit = &source[start..end];
    let chars: Vec<(usize, char)> = unit.char_indices().collect();
    let mut sentence_start = 0usize;
    let mut i = 0usize;
    while i < chars.len() {
        let (_, c) = chars[i];
        if !matches!(c, '.' | '!' | '?' | '…') {
            i += 1;
            continue;
        }
        // The run of terminal marks, then closing quotes or brackets.
        let mark_start = i;
        let mut j = i;
        while j < chars.len() && matches!(chars[j].1, '.' | '!' | '?' | '…') {
            j += 1;
        }
        let marks = &chars[mark_start..j];
        let single_dot = marks.len() == 1 && c == '.';
        let ellipsis = !single_dot && marks.iter().all(|&(_, m)| matches!(m, '.' | '…'));
        let marks_end = j;
        while j < chars.len() && CLOSERS.contains(&chars[j].1) {
            j += 1;
        }
        let closed = j > marks_end;
        // Must be followed by white space, then (after any emoji, which
        // stay with the sentence they follow) a sentence opener.
        let mut k = j;
        while k < chars.len() && chars[k].1.is_whitespace() {
            k += 1;
        }
        let mut cut = j;
        let mut next = k;
        while next < chars.len() && is_emoji(chars[next].1) {
            while next < chars.len() && is_emoji(chars[next].1) {
                next += 1;
            }
            cut = next;
            while next < chars.len() && chars[next].1.is_whitespace() {
                next += 1;
            }
        }
        let boundary = k > j
            && next < chars.len()
            && (next == k || next > cut)
            && if opens_sentence(chars[next].1) {
                !(single_dot && is_abbreviation(&chars, mark_start, ABBREVIATIONS))
            } else {
                // A lower-case word after `!`, `?` or a lone full stop:
                // informal text. Not after an ellipsis ("and then... it
                // went on"), a known abbreviation ("e.g. this"), or a
                // quote or bracket ("Why?" he asked.).
                let protected = ellipsis
                    || closed
                    || (single_dot && is_abbreviation(&chars, mark_start, LOWERCASE_ABBREVIATIONS));
                chars[next].1.is_lowercase() && !protected
            };
        if boundary {
            let cut = chars.get(cut).map_or(unit.len(), |&(at, _)| at);
            push_sentence(source, start + sentence_start, start + cut, out);
            sentence_start = chars[next].0;
            i = next;
        } else {
            i = j.max(i + 1);
        }
    }
    push_sentence(source, start + sentence_start, end, out);
}

/// Can a sentence start with `c` (after a terminal mark and white space)?
fn opens_sentence(c: char) -> bool {
    c.is_uppercase() || c.is_ascii_digit() || OPENERS.contains(&c) || c == '@' || c == '#'
}

/// Is `c` part of an emoji: a pictograph, a regional indicator (flags), or
/// one of the joiners and modifiers that build one (zero-width joiner,
/// variation selectors, tag characters)? Skin-tone modifiers lie inside the
/// pictograph block.
fn is_emoji(c: char) -> bool {
    matches!(
        c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x200D | 0xFE0E | 0xFE0F
            | 0xE0020..=0xE007F
    )
}

/// Is the word ending just before the dot at `dot` one of `list` or an initial?
fn is_abbreviation(chars: &[(usize, char)], dot: usize, list: &[&str]) -> bool {
    // Walk back at most 12 characters to the previous white space.
    let mut b = dot;
    while b > 0 && dot - b < 12 && !chars[b - 1].1.is_whitespace() {
        b -= 1;
    }
    if b > 0 && !chars[b - 1].1.is_whitespace() {
        return false; // a long token such as a URL: not an abbreviation
    }
    let word: String = chars[b..dot].iter().map(|&(_, c)| c).collect();
    is_abbreviation_in(&word, list)
}

/// Is `word` (without its final dot) an abbreviation or a capital initial?
fn is_abbreviation_word(word: &str) -> bool {
    is_abbreviation_in(word, ABBREVIATIONS)
}

/// Is `word` (without its final dot) one of `list` or a capital initial?
fn is_abbreviation_in(word: &str, list: &[&str]) -> bool {
    let word = word.trim_start_matches(OPENERS);
    if word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase()) {
        return true;
    }
    let lower = word.to_lowercase();
    list.contains(&lower.as_str())
}

/// Does a line end in "Dr." or "U.S." (so the sentence goes on)?
fn ends_in_abbreviation(content: &str) -> bool {
    content
        .strip_suffix('.')
        .and_then(|rest| rest.split_whitespace().last())
        .is_some_and(is_abbreviation_word)
}

fn push_sentence(source: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
    let raw = &source[start..end];
    let s = start + (raw.len() - raw.trim_start().len());
    let e = start + raw.trim_end().len();
    if s >= e {
        return;
    }
    let span = &source[s..e];
    if !span.chars().any(|c| c.is_alphanumeric()) {
        return;
    }
    let text = span.split_whitespace().collect::<Vec<_>>().join(" ");
    out.push(Sentence {
        start: s,
        end: e,
        text,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn texts(s: &str) -> Vec<String> {
        split_sentences(s).into_iter().map(|x| x.text).collect()
    }

    #[test]
    fn plain_sentences() {
        assert_eq!(
            texts("Meta released it. Critics objected! Why now? Nobody knows."),
            vec![
                "Meta released it.",
                "Critics objected!",
                "Why now?",
                "Nobody knows."
            ]
        );
    }

    #[test]
    fn abbreviations_and_initials_do_not_split() {
        assert_eq!(
            texts("Dr. Ana Ruiz of the U.S. Commerce Dept. spoke on Jan. 5 with J. Smith. Then she left."),
            vec![
                "Dr. Ana Ruiz of the U.S. Commerce Dept. spoke on Jan. 5 with J. Smith.",
                "Then she left."
            ]
        );
        assert_eq!(
            texts("Labs, e.g. Mistral, ship weights. Acme Inc. Said nothing."),
            vec![
                "Labs, e.g. Mistral, ship weights.",
                "Acme Inc. Said nothing."
            ]
        );
    }

    #[test]
    fn decimals_versions_urls_and_emails() {
        assert_eq!(
            texts("GPT-4o scored 3.5 points more than Llama 3.1. See https://example.org/a.b or mail press@lab.ai. Done."),
            vec![
                "GPT-4o scored 3.5 points more than Llama 3.1.",
                "See https://example.org/a.b or mail press@lab.ai.",
                "Done."
            ]
        );
    }

    #[test]
    fn quotes_brackets_and_ellipses() {
        assert_eq!(
            texts("“Open is better.” She paused… Then: “Really?” (It was.) 2025 came."),
            vec![
                "“Open is better.”",
                "She paused…",
                "Then: “Really?”",
                "(It was.)",
                "2025 came."
            ]
        );
        assert_eq!(
            texts("He hesitated... and went on. Wait... What?"),
            vec!["He hesitated... and went on.", "Wait...", "What?"]
        );
    }

    #[test]
    fn lowercase_after_a_mark_splits_unless_protected() {
        assert_eq!(
            texts("lol. this is fine! really? yes."),
            vec!["lol.", "this is fine!", "really?", "yes."]
        );
        assert_eq!(
            texts("Open weights are great. closed labs are not."),
            vec!["Open weights are great.", "closed labs are not."]
        );
        for one in [
            "He hesitated... and went on.",
            "Tools, e.g. llama.cpp, etc. and more i.e. all of them.",
            "Dr. who and the U.S. government vs. the rest.",
            "\"Why not?\" he asked (see below.) and then it ended.",
            "Version 3.5 of example.com and mail@lab.ai work.",
        ] {
            assert_eq!(texts(one), vec![one], "{one}");
        }
    }

    #[test]
    fn emoji_handles_and_hashtags() {
        assert_eq!(
            texts("so good! 🔥🔥 next one is better. @sam agreed #OpenSource. #AI 👍"),
            vec![
                "so good! 🔥🔥",
                "next one is better.",
                "@sam agreed #OpenSource.",
                "#AI 👍"
            ]
        );
    }

    #[test]
    fn layout_lines_stand_alone() {
        let page = "Home\nNews\n| Latest From Us\nOpen Models Are Winning\nBy Jo Park\nMarch 3, 2026\nThe model was released. It is big.\n\nShare this\n";
        assert_eq!(
            texts(page),
            vec![
                "Home",
                "News",
                "Latest From Us",
                "Open Models Are Winning",
                "By Jo Park",
                "March 3, 2026",
                "The model was released.",
                "It is big.",
                "Share this"
            ]
        );
    }

    #[test]
    fn wrapped_prose_joins_but_blank_line_ends() {
        let text = "The lab said on Tuesday that the weights would be published under\nan Apache 2.0 licence next month, after a review\n\nA new paragraph begins here.";
        assert_eq!(
            texts(text),
            vec![
                "The lab said on Tuesday that the weights would be published under an Apache 2.0 licence next month, after a review",
                "A new paragraph begins here."
            ]
        );
    }

    #[test]
    fn markdown_lists_headings_tables_quotes() {
        let md = "# Why Open Wins\n\n- First point. Second point.\n* Another\n1. Numbered item\n2) Second item\n> A quoted line.\n\n| Model | Licence |\n|---|---|\n| Llama 3.1 | Llama licence |\n";
        assert_eq!(
            texts(md),
            vec![
                "Why Open Wins",
                "First point.",
                "Second point.",
                "Another",
                "Numbered item",
                "Second item",
                "A quoted line.",
                "Model | Licence",
                "Llama 3.1 | Llama licence"
            ]
        );
    }

    #[test]
    fn crlf_and_offsets() {
        let src = "Title Line\r\nFirst one. Second\r\n\r\nThird.";
        let s = split_sentences(src);
        let got: Vec<&str> = s.iter().map(|x| &src[x.start..x.end]).collect();
        assert_eq!(got, vec!["Title Line", "First one.", "Second", "Third."]);
    }

    #[test]
    fn hashtag_line_is_not_a_heading() {
        assert_eq!(texts("#OpenSource forever"), vec!["#OpenSource forever"]);
    }

    #[test]
    fn empty_and_punctuation_only() {
        assert!(texts("").is_empty());
        assert!(texts("\n\n  \r\n---\n|---|---|\n...").is_empty());
    }

    #[test]
    fn safe_cuts_are_where_lines_never_join() {
        // After a line that ends a sentence, and after a blank line.
        assert_eq!(last_safe_cut("One.\nTwo.\n"), Some(5));
        assert_eq!(last_safe_cut("A title\n\nMore"), Some(8));
        assert_eq!(last_safe_cut("One.\r\n\r\nTwo.\r\nThree"), Some(8));
        // Wrapped prose joins: no safe place inside the paragraph.
        let wrapped = "The lab said on Tuesday that the weights would be published under\nan Apache 2.0 licence next month.\n";
        assert_eq!(last_safe_cut(wrapped), None);
        // The line after the cut must be complete: it may still join.
        assert_eq!(last_safe_cut("One.\nTwo"), None);
        assert_eq!(last_safe_cut("no line break"), None);
    }

    /// The sentences of `a` and of `b` (offsets moved by `a.len()`).
    fn split_in_two(a: &str, b: &str) -> Vec<Sentence> {
        let mut out = split_sentences(a);
        out.extend(split_sentences(b).into_iter().map(|s| Sentence {
            start: s.start + a.len(),
            end: s.end + a.len(),
            text: s.text,
        }));
        out
    }

    proptest! {
        #[test]
        fn a_safe_cut_changes_nothing_whatever_follows(
            s in "([#|>*•\\-0-9. !?…\"“”'\n\r]|\n\n|[A-Za-z]{1,8}|[A-Z][a-z]{1,8}\\.){0,120}",
            t in "([#|>*\\-. !?\n]|[A-Za-z]{1,8}){0,40}",
        ) {
            if let Some(p) = last_safe_cut(&s) {
                prop_assert!(p > 0 && p < s.len() && s.is_char_boundary(p));
                let whole = format!("{s}{t}");
                prop_assert_eq!(split_in_two(&whole[..p], &whole[p..]), split_sentences(&whole));
            }
        }

        #[test]
        fn never_panics_and_offsets_slice_back(s in "\\PC*") {
            for sent in split_sentences(&s) {
                prop_assert!(sent.start < sent.end && sent.end <= s.len());
                let span = &s[sent.start..sent.end];
                prop_assert_eq!(span.split_whitespace().collect::<Vec<_>>().join(" "), sent.text);
            }
        }

        #[test]
        fn never_panics_on_layout_heavy_text(s in "([#|>*•\\-0-9. !?…\"“”'\n\r]|[A-Za-z]{1,8}){0,200}") {
            for sent in split_sentences(&s) {
                prop_assert!(s.is_char_boundary(sent.start) && s.is_char_boundary(sent.end));
            }
        }
    }
}
