//! The plain text that HTML and Markdown inputs become: one block per
//! paragraph, blocks separated by a blank line.
//!
//! Both extractors write through [`BlockText`], so they agree on the shape
//! the sentence splitter receives: a block is a heading, a paragraph, a list
//! item, a paragraph of a block quote or a table cell; runs of white space
//! inside it fold to one space; a line break the document asked for (`<br>`,
//! a Markdown line break) stays a line break, so the splitter's line rules
//! (a short line without final punctuation stands alone) apply as they do
//! to a text file. A blank line always ends a sentence in the splitter, so a
//! heading never runs into the paragraph after it, whatever its punctuation.
//!
//! A block made only of the labels pages put around an article
//! ("ADVERTISEMENT", "Sponsored", "Share", "Save article", "Share this
//! article", a row of "Share Facebook X Email") is left out: see
//! [`CHROME_ANCHORS`]. Only whole blocks of at most a dozen words match, so
//! a sentence that mentions sharing or advertising is always kept.

/// The labels pages put around an article: advertisement slots, share and
/// save rows. A block made only of these (in any case, at most
/// [`CHROME_BLOCK_MAX_WORDS`] words, at least one of them an anchor) is
/// chrome, not text. Lower case, one space between words.
const CHROME_ANCHORS: &[&str] = &[
    "advertisement",
    "advertisements",
    "ad",
    "sponsored",
    "sponsored content",
    "paid content",
    "share",
    "share this",
    "share article",
    "share this article",
    "share this story",
    "share on",
    "save",
    "saved",
    "save article",
    "save this article",
    "save for later",
    "story continues below advertisement",
    "article continues below advertisement",
    "continue reading below",
];

/// Words that count as chrome only beside an anchor ("Share Facebook
/// X Email" is a share row; "Reddit" alone may be a heading).
const CHROME_COMPANIONS: &[&str] = &[
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "whatsapp",
    "reddit",
    "bluesky",
    "mastodon",
    "threads",
    "email",
    "e-mail",
    "print",
    "copy link",
    "copy",
    "link",
    "comments",
    "gift",
    "gift article",
    "listen",
    "|",
    "·",
    "•",
    "/",
];

/// Longest block (in words) taken for a row of labels.
const CHROME_BLOCK_MAX_WORDS: usize = 12;

/// Is a block (its lines) made only of chrome labels (see [`CHROME_ANCHORS`])?
fn is_chrome_block(lines: &[&str]) -> bool {
    let words: Vec<String> = lines
        .iter()
        .flat_map(|l| l.split_whitespace())
        .map(|w| w.trim_matches(|c: char| c == ':').to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || words.len() > CHROME_BLOCK_MAX_WORDS {
        return false;
    }
    // Segment the words into labels, longest first at each place; the
    // block counts when the whole of it is labels and one is an anchor.
    let mut at = 0;
    let mut anchored = false;
    'words: while at < words.len() {
        for take in (1..=(words.len() - at).min(5)).rev() {
            let phrase = words[at..at + take].join(" ");
            let anchor = CHROME_ANCHORS.contains(&phrase.as_str());
            if anchor || CHROME_COMPANIONS.contains(&phrase.as_str()) {
                anchored |= anchor;
                at += take;
                continue 'words;
            }
        }
        return false;
    }
    anchored
}

/// Accumulates blocks of text (see the module docs).
#[derive(Debug, Default)]
pub(crate) struct BlockText {
    /// The finished blocks, separated by blank lines.
    out: String,
    /// The block being written.
    block: String,
    /// White space was seen since the last character written.
    pending_space: bool,
}

impl BlockText {
    /// Append running text: white space folds to one space (dropped at the
    /// start of a line).
    pub(crate) fn text(&mut self, text: &str) {
        for c in text.chars() {
            self.push_char(c);
        }
    }

    /// Append preformatted text: its line breaks stay, other white space folds.
    pub(crate) fn preformatted(&mut self, text: &str) {
        for c in text.chars() {
            if c == '\n' {
                self.line_break();
            } else {
                self.push_char(c);
            }
        }
    }

    fn push_char(&mut self, c: char) {
        if c.is_whitespace() {
            self.pending_space = true;
            return;
        }
        if self.pending_space && !self.block.is_empty() && !self.block.ends_with('\n') {
            self.block.push(' ');
        }
        self.pending_space = false;
        self.block.push(c);
    }

    /// A line break inside the block (two in a row make a blank line, which
    /// the splitter treats like a block break, as `<br><br>` is meant).
    pub(crate) fn line_break(&mut self) {
        self.block.push('\n');
        self.pending_space = false;
    }

    /// End the current block (nothing happens if it holds no text).
    pub(crate) fn end_block(&mut self) {
        self.pending_space = false;
        if self.block.is_empty() {
            return;
        }
        let mut blank_run = false;
        let mut lines = Vec::new();
        for line in self.block.lines().map(str::trim) {
            if line.is_empty() {
                blank_run = !lines.is_empty();
                continue;
            }
            if blank_run {
                lines.push("");
                blank_run = false;
            }
            lines.push(line);
        }
        if !lines.is_empty() && !is_chrome_block(&lines) {
            if !self.out.is_empty() {
                self.out.push_str("\n\n");
            }
            self.out.push_str(&lines.join("\n"));
        }
        self.block.clear();
    }

    /// All the text, ending in a line break (empty when there was no text).
    pub(crate) fn finish(mut self) -> String {
        self.end_block();
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_of_chrome_labels_are_dropped_and_prose_is_kept() {
        for chrome in [
            "ADVERTISEMENT",
            "Advertisement",
            "Sponsored",
            "Share",
            "Save article",
            "Save",
            "Share this article",
            "Share\nSave article",
            "Share: Facebook X Email | Copy link",
        ] {
            assert!(
                is_chrome_block(&chrome.lines().collect::<Vec<_>>()),
                "{chrome}"
            );
        }
        for prose in [
            "Reddit",
            "Facebook X",
            "Share this article with anyone who doubts open models.",
            "Advertisement revenue funds the lab.",
        ] {
            assert!(
                !is_chrome_block(&prose.lines().collect::<Vec<_>>()),
                "{prose}"
            );
        }
    }

    #[test]
    fn blocks_are_separated_by_one_blank_line_and_white_space_folds() {
        let mut b = BlockText::default();
        b.text("  A \t heading\n ");
        b.end_block();
        b.end_block(); // an empty block leaves no trace
        b.text("First ");
        b.text(" part,");
        b.text("\nsecond part.");
        b.line_break();
        b.text("  New line ");
        b.line_break();
        b.line_break();
        b.line_break();
        b.text("After a blank.");
        b.line_break();
        assert_eq!(
            b.finish(),
            "A heading\n\nFirst part, second part.\nNew line\n\nAfter a blank.\n"
        );
        assert_eq!(BlockText::default().finish(), "");
        let mut b = BlockText::default();
        b.line_break();
        b.text(" ");
        assert_eq!(b.finish(), "");
    }

    #[test]
    fn preformatted_text_keeps_its_lines() {
        let mut b = BlockText::default();
        b.preformatted("  one   line\n\ttwo\n\n\n three\n");
        assert_eq!(b.finish(), "one line\ntwo\n\nthree\n");
    }
}
