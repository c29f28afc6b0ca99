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
        if !lines.is_empty() {
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
