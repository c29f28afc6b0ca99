//! Markdown -> its text without markup, block by block.
//!
//! Parsed by `pulldown-cmark` (CommonMark, plus GitHub's tables,
//! strikethrough, task lists and footnotes, and YAML or TOML front matter)
//! and written through `BlockText` (`blocks.rs`), so a Markdown article reaches the
//! sentence splitter in the same shape as a web page:
//!
//! - headings, paragraphs, list items, paragraphs of block quotes, table
//!   cells and footnote definitions are blocks of their own;
//! - emphasis, strong and strikethrough markers go, their text stays; a link
//!   keeps its text, not its address; inline code keeps its text;
//! - code blocks (fenced and indented), front matter, images (their alt text
//!   describes a picture, not the argument; web pages give nothing for
//!   `<img>` either), footnote markers and task-list boxes are dropped;
//! - inline HTML tags are dropped (their text stays; `<br>` is a line
//!   break), and an HTML block goes through [`html_to_text`], so its
//!   paragraphs are kept and its scripts and forms dropped as in a web page;
//! - a line break inside a paragraph stays a line break, as in a text file,
//!   so the splitter's line rules (a short line without final punctuation
//!   stands alone, wrapped prose is joined) apply unchanged.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::blocks::BlockText;
use super::html::html_to_text;

/// The text of a Markdown document, one block per paragraph (see the module docs).
#[cfg_attr(not(feature = "bench-internals"), allow(unreachable_pub))]
pub fn markdown_to_text(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut out = BlockText::default();
    // Depth inside dropped elements: code blocks, images, front matter.
    let mut skipping = 0usize;
    // The HTML block being read, if any.
    let mut html_block: Option<String> = None;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::Image { .. } | Tag::MetadataBlock(_)) => {
                skipping += 1;
            }
            Event::End(TagEnd::CodeBlock | TagEnd::Image | TagEnd::MetadataBlock(_)) => {
                skipping = skipping.saturating_sub(1);
            }
            _ if skipping > 0 => {}
            Event::Start(Tag::HtmlBlock) => html_block = Some(String::new()),
            Event::Html(html) => {
                if let Some(block) = html_block.as_mut() {
                    block.push_str(&html);
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(block) = html_block.take() {
                    out.end_block();
                    out.preformatted(&html_to_text(&block));
                    out.end_block();
                }
            }
            Event::Start(tag) if !is_inline(&tag) => out.end_block(),
            Event::End(tag) if !is_inline_end(&tag) => out.end_block(),
            Event::Text(text) | Event::Code(text) => out.text(&text),
            Event::InlineHtml(tag) if is_line_break_tag(&tag) => out.line_break(),
            Event::SoftBreak | Event::HardBreak => out.line_break(),
            Event::Rule => out.end_block(),
            _ => {}
        }
    }
    out.finish()
}

/// Tags that stay inside their block's text.
fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
    )
}

/// The ends of the tags of [`is_inline`].
fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
    )
}

/// `<br>`, `<br/>`, `<BR />`...
fn is_line_break_tag(tag: &str) -> bool {
    let name = tag
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim_end_matches('/')
        .trim();
    name.eq_ignore_ascii_case("br")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(markdown: &str) -> Vec<String> {
        markdown_to_text(markdown)
            .split("\n\n")
            .filter(|b| !b.is_empty())
            .map(|b| b.trim_end().to_string())
            .collect()
    }

    #[test]
    fn markup_goes_and_text_stays() {
        let md = "# A *Big* Title\n\nSome **bold**, _italic_, ~~struck~~ and `code` text \
                  with [a link](https://example.org \"title\") and <https://auto.link>.\n";
        assert_eq!(
            blocks(md),
            [
                "A Big Title",
                "Some bold, italic, struck and code text with a link and https://auto.link."
            ]
        );
    }

    #[test]
    fn code_blocks_images_and_front_matter_are_dropped() {
        let md = "---\ntitle: Front matter\n---\n\nIntro.\n\n```rust\nfn main() {}\n```\n\n    \
                  indented code\n\n![alt text of a chart](chart.png)\n\nText with ![inline \
                  image](i.png) inside.\n\nDone.\n";
        assert_eq!(blocks(md), ["Intro.", "Text with inside.", "Done."]);
    }

    #[test]
    fn lists_quotes_and_tables_are_blocks() {
        let md = "- one\n- **two:** more\n  - nested\n\n1. first\n2. second\n\n\
                  > Quoted line one.\n> — a byline\n>\n> Second quote paragraph.\n\n\
                  | Model | Licence |\n|---|---|\n| Llama | custom |\n\n- [x] done task\n";
        assert_eq!(
            blocks(md),
            [
                "one",
                "two: more",
                "nested",
                "first",
                "second",
                "Quoted line one.\n— a byline",
                "Second quote paragraph.",
                "Model",
                "Licence",
                "Llama",
                "custom",
                "done task"
            ]
        );
    }

    #[test]
    fn line_breaks_stay_and_headings_stand_alone() {
        let md = "Title without stop\n===\nWrapped prose line\ngoes on here.  \nHard break.\n";
        assert_eq!(
            blocks(md),
            [
                "Title without stop",
                "Wrapped prose line\ngoes on here.\nHard break."
            ]
        );
    }

    #[test]
    fn inline_and_block_html() {
        let md = "Before <span class=\"x\">spanned</span> text<br>next line.\n\n\
                  <div class=\"box\">\n<p>Html para.</p>\n<script>bad()</script>\n</div>\n\n\
                  <!-- a comment -->\n\nAfter.\n";
        assert_eq!(
            blocks(md),
            ["Before spanned text\nnext line.", "Html para.", "After."]
        );
    }

    #[test]
    fn footnotes_keep_their_text_not_their_markers() {
        let md = "A claim.[^1]\n\n[^1]: The source of the claim.\n";
        assert_eq!(blocks(md), ["A claim.", "The source of the claim."]);
    }

    #[test]
    fn empty_or_markup_only_documents_give_nothing() {
        assert_eq!(markdown_to_text(""), "");
        assert_eq!(markdown_to_text("```\ncode\n```\n\n---\n"), "");
    }
}
