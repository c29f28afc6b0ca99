//! What kind of document an input is (plain text, a web page, Markdown),
//! and the text of each kind.
//!
//! Plain text goes to the sentence splitter as it is (streamed, see
//! [`crate::stream`]); a web page or a Markdown file is first reduced to the
//! text of its article ([`super::html`], [`super::markdown`]). The kind is
//! chosen by the user (`classify --input-format`), else by the file's
//! extension, else by the first bytes ([`looks_like_html`]), so a page saved
//! as `.txt` or piped on standard input is still read as a page.

use std::borrow::Cow;
use std::path::Path;

use super::html::html_to_text;
use super::markdown::markdown_to_text;

/// The kinds of document `classify` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputFormat {
    /// Plain text (markup, if any, is read as text).
    Text,
    /// A web page: the text of its headings, paragraphs, list items, quotes
    /// and table cells.
    Html,
    /// Markdown: its text without the markup.
    Markdown,
}

/// How many bytes from the start of an input [`looks_like_html`] looks at.
pub(crate) const SNIFF_BYTES: usize = 4096;

/// Tags that, opening a document, make it a web page.
const OPENING_TAGS: &[&str] = &[
    "html",
    "head",
    "body",
    "meta",
    "title",
    "link",
    "base",
    "style",
    "script",
    "div",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "article",
    "section",
    "main",
    "header",
    "nav",
    "table",
    "ul",
    "ol",
    "blockquote",
    "figure",
    "form",
];

impl InputFormat {
    /// The format a file's extension gives: `.html`/`.htm` are web pages,
    /// `.md`/`.markdown` Markdown; `None` for anything else (`.txt`
    /// included), whose format the content decides.
    pub fn from_extension(path: &Path) -> Option<InputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "html" | "htm" => Some(InputFormat::Html),
            "md" | "markdown" => Some(InputFormat::Markdown),
            _ => None,
        }
    }

    /// The format of a document that starts with `prefix` (at most
    /// `SNIFF_BYTES` are looked at): a web page if it looks like one,
    /// otherwise plain text (Markdown is only ever chosen by name).
    pub fn sniff(prefix: &[u8]) -> InputFormat {
        if looks_like_html(prefix) {
            InputFormat::Html
        } else {
            InputFormat::Text
        }
    }

    /// The text to split into sentences: plain text as it is, the article
    /// text of a page or a Markdown document (blocks separated by blank
    /// lines; sentence offsets then point into this text, not the file).
    pub fn extract<'a>(&self, text: &'a str) -> Cow<'a, str> {
        match self {
            InputFormat::Text => Cow::Borrowed(text),
            InputFormat::Html => Cow::Owned(html_to_text(text)),
            InputFormat::Markdown => Cow::Owned(markdown_to_text(text)),
        }
    }

    /// The name used in messages.
    pub fn name(&self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::Html => "HTML",
            InputFormat::Markdown => "Markdown",
        }
    }
}

/// Does a document starting with `prefix` look like a web page? After an
/// optional byte order mark, white space, comments (`<!-- saved from url=...
/// -->`) and an XML declaration: `<!doctype html`, or `<` and a tag that
/// opens pages (`html`, `head`, `body`, `meta`, `div`, `p`, `h1`...), in any
/// case. A text that merely mentions a tag later on stays text.
pub(crate) fn looks_like_html(prefix: &[u8]) -> bool {
    let prefix = &prefix[..prefix.len().min(SNIFF_BYTES)];
    let mut rest = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
    loop {
        rest = rest.trim_ascii_start();
        let (open, close): (&[u8], &[u8]) = if rest.starts_with(b"<!--") {
            (b"<!--", b"-->")
        } else if starts_with_ignore_case(rest, b"<?xml") {
            (b"<?xml", b"?>")
        } else {
            break;
        };
        let after = &rest[open.len()..];
        match after.windows(close.len()).position(|w| w == close) {
            Some(i) => rest = &after[i + close.len()..],
            None => return false,
        }
    }
    let delimited = |rest: &[u8], at: usize| {
        matches!(
            rest.get(at),
            Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>' | b'/')
        )
    };
    if starts_with_ignore_case(rest, b"<!doctype html") {
        return delimited(rest, b"<!doctype html".len());
    }
    let Some(after) = rest.strip_prefix(b"<") else {
        return false;
    };
    let len = after
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    let name = after[..len].to_ascii_lowercase();
    delimited(after, len) && OPENING_TAGS.iter().any(|t| t.as_bytes() == name)
}

fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes.len() >= prefix.len() && bytes[..prefix.len()].eq_ignore_ascii_case(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_choose_html_and_markdown() {
        let f = |p: &str| InputFormat::from_extension(Path::new(p));
        assert_eq!(f("a/page.html"), Some(InputFormat::Html));
        assert_eq!(f("PAGE.HTM"), Some(InputFormat::Html));
        assert_eq!(f("post.md"), Some(InputFormat::Markdown));
        assert_eq!(f("post.Markdown"), Some(InputFormat::Markdown));
        assert_eq!(f("notes.txt"), None);
        assert_eq!(f("README"), None);
        assert_eq!(f("-"), None);
    }

    #[test]
    fn pages_are_recognised_by_their_first_bytes() {
        for page in [
            "<!DOCTYPE html>\n<html>",
            "<!doctype HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">",
            "\u{feff}  \n<html lang=\"en\">",
            "<HTML>",
            "<!-- saved from url=(0042)https://example.org/ -->\n<html>",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE html>",
            "<p>Just a paragraph</p>",
            "<div class=\"article\">",
            "<h1>Title</h1>",
            "<meta charset=utf-8>",
            "<body/>",
        ] {
            assert!(looks_like_html(page.as_bytes()), "{page}");
            assert_eq!(InputFormat::sniff(page.as_bytes()), InputFormat::Html);
        }
        for text in [
            "",
            "Open weights matter. <html> is a tag.",
            "<b>bold start</b> of a text",
            "<paragraph>",
            "<htmlx>",
            "<!doctype htmlx>",
            "<!-- an unclosed comment <html>",
            "# A Markdown title\n\n<div>",
            "< p>",
            "<3 open models",
        ] {
            assert!(!looks_like_html(text.as_bytes()), "{text}");
            assert_eq!(InputFormat::sniff(text.as_bytes()), InputFormat::Text);
        }
    }

    #[test]
    fn extract_leaves_text_alone_and_converts_the_rest() {
        assert!(matches!(
            InputFormat::Text.extract("<p>a</p>"),
            Cow::Borrowed("<p>a</p>")
        ));
        assert_eq!(InputFormat::Html.extract("<p>a</p>"), "a\n");
        assert_eq!(InputFormat::Markdown.extract("*a*"), "a\n");
    }
}
