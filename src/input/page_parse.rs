//! Parse a web page with html5ever in time linear in its size, whatever
//! its nesting.
//!
//! The HTML5 tree-building algorithm looks through the stack of open
//! elements for many start tags (a `<div>` first closes any `<p>` "in
//! button scope", which walks the whole stack when there is none), so a
//! page of n nested elements costs n² steps: 200,000 nested `<div>` take
//! minutes. Browsers cap the depth of the tree they build (Chromium at 512,
//! Firefox at 200) and so does this parser: [`DepthGuard`] sits between
//! html5ever's tokenizer and its tree builder and keeps the builder's stack
//! of open elements (plus its list of active formatting elements) near
//! [`MAX_OPEN_ELEMENTS`]. Past that depth a new element is not opened:
//!
//! - a block element (`div`, `p`, `li`, `td`...) becomes a `<p>`, and so
//!   does its end tag, so its text still starts and ends a paragraph (the
//!   `<p>` closes the one before it instead of nesting);
//! - an element the extractor drops (`script`, `nav`, a hidden or dialog
//!   element...) is still opened, once, so it is dropped with everything in
//!   it; elements whose content the tokenizer reads as raw text (`style`,
//!   `textarea`, `title`...) and elements with no content (`br`, `img`)
//!   pass as they are;
//! - any other element (`span`, `a`, `b`...) is left out and its text stays
//!   in the enclosing element.
//!
//! Below the cap nothing changes: the page is built exactly as html5ever
//! builds it.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};

use html5ever::interface::Tracer;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts, TreeSink};
use html5ever::TokenizerResult;
use html5ever::{local_name, LocalName};
use rustc_hash::FxHashMap;
use scraper::{Html, HtmlTreeSink};

use super::html::{drops_element, BLOCKS};

/// Open elements (and active formatting elements) past which new elements
/// are flattened into their parent (see the module docs). Real pages nest a
/// few dozen deep; each start tag costs the tree builder up to this many
/// steps, so the cap is also the constant of the linear time.
pub(crate) const MAX_OPEN_ELEMENTS: usize = 256;

/// Elements with no content: they never stay on the stack.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
];

/// Elements whose content the tokenizer reads as raw text (the tree
/// builder switches its state): they must reach the tree builder, and
/// cannot nest inside themselves.
const RAW_TEXT: &[&str] = &[
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
];

/// Attributes one tag keeps: html5ever's tokenizer compares each new
/// attribute's name with every earlier one of its tag (duplicates are
/// dropped), so a tag of n attributes costs n² steps. Real tags carry a few
/// dozen; [`limit_attributes`] removes the rest before parsing.
pub(crate) const MAX_ATTRIBUTES: usize = 100;

/// Parse `html` as html5ever does, with the depth cap of the module docs
/// and at most [`MAX_ATTRIBUTES`] attributes per tag.
pub(crate) fn parse_page(html: &str) -> Html {
    let html = limit_attributes(html);
    let html: &str = &html;
    let builder = TreeBuilder::new(
        HtmlTreeSink::new(Html::new_document()),
        TreeBuilderOpts::default(),
    );
    let tokenizer = Tokenizer::new(DepthGuard::new(builder), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    // Scripts and encoding declarations pause the tokenizer; neither
    // changes what is read here.
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    tokenizer.sink.builder.sink.finish()
}

/// `html` with the attributes of any tag past the first [`MAX_ATTRIBUTES`]
/// removed, in one pass. Tags are found as the HTML tokenizer finds them
/// in text (`<` or `</` and a letter, up to the first `>` outside a quoted
/// value); inside scripts, styles and comments, whose text is dropped, a
/// `<` may start no tag for the tokenizer, so only such text can change,
/// and only when it would pass for a tag of over a hundred attributes.
fn limit_attributes(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    // Byte ranges to remove, each ending before the `>` of its tag.
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[i..]) {
        i += lt + 1;
        if bytes.get(i) == Some(&b'/') {
            i += 1;
        }
        if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
        // The tag name.
        while i < bytes.len() && !space(bytes[i]) && bytes[i] != b'/' && bytes[i] != b'>' {
            i += 1;
        }
        let mut attributes = 0usize;
        let mut cut_from = None;
        while i < bytes.len() {
            while i < bytes.len() && (space(bytes[i]) || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                break;
            }
            attributes += 1;
            if attributes == MAX_ATTRIBUTES + 1 {
                cut_from = Some(i);
            }
            // The name (its first character may be `=`).
            i += 1;
            while i < bytes.len() && !space(bytes[i]) && !matches!(bytes[i], b'/' | b'>' | b'=') {
                i += 1;
            }
            let mut j = i;
            while j < bytes.len() && space(bytes[j]) {
                j += 1;
            }
            if bytes.get(j) != Some(&b'=') {
                continue;
            }
            j += 1;
            while j < bytes.len() && space(bytes[j]) {
                j += 1;
            }
            i = match bytes.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    memchr::memchr(q, &bytes[j + 1..]).map_or(bytes.len(), |k| j + 1 + k + 1)
                }
                _ => {
                    let mut k = j;
                    while k < bytes.len() && !space(bytes[k]) && bytes[k] != b'>' {
                        k += 1;
                    }
                    k
                }
            };
        }
        if let Some(from) = cut_from {
            cuts.push((from, i.min(bytes.len())));
        }
    }
    if cuts.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut kept = 0;
    for (from, to) in cuts {
        // Both ends sit at ASCII bytes, so on character boundaries.
        out.push_str(&html[kept..from]);
        kept = to;
    }
    out.push_str(&html[kept..]);
    Cow::Owned(out)
}

type Builder = TreeBuilder<<HtmlTreeSink as TreeSink>::Handle, HtmlTreeSink>;

/// Passes tokens to the tree builder, flattening elements past the depth
/// cap (see the module docs).
struct DepthGuard {
    builder: Builder,
    /// Open and formatting elements the tree builder held when last counted.
    counted: Cell<usize>,
    /// Start tags passed since then (each adds at most one, formatting
    /// elements reopened aside, which are themselves capped).
    passed_since_count: Cell<usize>,
    /// Elements opened past the cap whose end tags are still to come, by
    /// name, innermost last: `true` for one passed to the tree builder (a
    /// dropped element), `false` for one left out.
    past_cap: RefCell<FxHashMap<LocalName, Vec<bool>>>,
    /// A dropped element opened past the cap and not yet closed: inside
    /// it, everything is left out (it is dropped anyway).
    dropped_past_cap: RefCell<Option<LocalName>>,
}

/// Counts the handles the tree builder holds.
struct HandleCounter(Cell<usize>);

impl Tracer for HandleCounter {
    type Handle = <HtmlTreeSink as TreeSink>::Handle;

    fn trace_handle(&self, _node: &Self::Handle) {
        self.0.set(self.0.get() + 1);
    }
}

impl DepthGuard {
    fn new(builder: Builder) -> Self {
        DepthGuard {
            builder,
            counted: Cell::new(0),
            passed_since_count: Cell::new(0),
            past_cap: RefCell::default(),
            dropped_past_cap: RefCell::default(),
        }
    }

    /// Is the tree builder at the cap? Counting walks its stack, so it is
    /// done only when the start tags passed since the last count could
    /// have reached the cap: at most once per start tag, and then the stack
    /// is at the cap, where every start tag costs the builder as much.
    fn at_cap(&self) -> bool {
        if self.counted.get() + self.passed_since_count.get() < MAX_OPEN_ELEMENTS {
            return false;
        }
        let counter = HandleCounter(Cell::new(0));
        self.builder.trace_handles(&counter);
        self.counted.set(counter.0.get());
        self.passed_since_count.set(0);
        self.counted.get() >= MAX_OPEN_ELEMENTS
    }

    fn pass(&self, token: Token, line: u64) -> TokenSinkResult<<Builder as TokenSink>::Handle> {
        self.builder.process_token(token, line)
    }

    /// A `<p>` start tag standing for a block element past the cap.
    fn paragraph_break(&self, line: u64) -> TokenSinkResult<<Builder as TokenSink>::Handle> {
        self.passed_since_count
            .set(self.passed_since_count.get() + 1);
        self.pass(
            Token::TagToken(Tag {
                kind: TagKind::StartTag,
                name: local_name!("p"),
                self_closing: false,
                attrs: Vec::new(),
                had_duplicate_attributes: false,
            }),
            line,
        )
    }

    fn start_tag(&self, tag: Tag, line: u64) -> TokenSinkResult<<Builder as TokenSink>::Handle> {
        let name: &str = &tag.name;
        let passes_as_is = VOID.contains(&name) || RAW_TEXT.contains(&name);
        if passes_as_is || !self.at_cap() {
            self.passed_since_count
                .set(self.passed_since_count.get() + 1);
            return self.pass(Token::TagToken(tag), line);
        }
        let inside_dropped = self.dropped_past_cap.borrow().is_some();
        let passed = !inside_dropped && drops_element(name, |a| attr(&tag, a));
        if !tag.self_closing {
            self.past_cap
                .borrow_mut()
                .entry(tag.name.clone())
                .or_default()
                .push(passed);
        }
        if passed {
            *self.dropped_past_cap.borrow_mut() = Some(tag.name.clone());
            self.passed_since_count
                .set(self.passed_since_count.get() + 1);
            return self.pass(Token::TagToken(tag), line);
        }
        if BLOCKS.contains(&name) && !inside_dropped {
            return self.paragraph_break(line);
        }
        TokenSinkResult::Continue
    }

    fn end_tag(&self, tag: Tag, line: u64) -> TokenSinkResult<<Builder as TokenSink>::Handle> {
        let opened_past_cap = self
            .past_cap
            .borrow_mut()
            .get_mut(&tag.name)
            .and_then(Vec::pop);
        if opened_past_cap == Some(false) {
            let inside_dropped = self.dropped_past_cap.borrow().is_some();
            if BLOCKS.contains(&&*tag.name) && !inside_dropped {
                return self.paragraph_break(line);
            }
            return TokenSinkResult::Continue;
        }
        if opened_past_cap == Some(true) {
            *self.dropped_past_cap.borrow_mut() = None;
        }
        self.pass(Token::TagToken(tag), line)
    }
}

fn attr<'a>(tag: &'a Tag, name: &str) -> Option<&'a str> {
    tag.attrs
        .iter()
        .find(|a| &*a.name.local == name)
        .map(|a| &*a.value)
}

impl TokenSink for DepthGuard {
    type Handle = <Builder as TokenSink>::Handle;

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<Self::Handle> {
        match token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => self.start_tag(tag, line),
            Token::TagToken(tag) => self.end_tag(tag, line),
            other => self.pass(other, line),
        }
    }

    fn end(&self) {
        self.builder.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.builder
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Pages below the cap are built exactly as html5ever builds them.
    fn same_as_html5ever(page: &str) -> std::result::Result<(), TestCaseError> {
        prop_assert_eq!(parse_page(page).html(), Html::parse_document(page).html());
        Ok(())
    }

    #[test]
    fn pages_below_the_cap_are_untouched() {
        for fixture in ["page.html", "malformed.html", "saved_page.txt"] {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/html/");
            let page = std::fs::read_to_string(format!("{path}{fixture}")).unwrap();
            same_as_html5ever(&page).unwrap();
        }
        same_as_html5ever("<meta charset=utf-8><script>a()</script><p>after").unwrap();
        let deep = "<div>".repeat(MAX_OPEN_ELEMENTS - 10) + "x";
        same_as_html5ever(&deep).unwrap();
    }

    #[test]
    fn past_the_cap_blocks_stay_blocks_and_dropped_elements_stay_dropped() {
        let n = MAX_OPEN_ELEMENTS * 3;
        let page = "<div>".repeat(n)
            + "<p>First.</p><span>inline</span> text<div hidden>secret</div>\
               <nav>menu</nav><script>code()</script><div>Second.</div>"
            + &"</div>".repeat(n)
            + "<p>After.</p>";
        let text = crate::input::html::html_to_text(&page);
        assert_eq!(text, "First.\n\ninline text\n\nSecond.\n\nAfter.\n");
    }

    #[test]
    fn tags_keep_their_first_attributes() {
        let many: String = (0..MAX_ATTRIBUTES + 50)
            .map(|i| format!(" a{i}=\"v>{i}\""))
            .collect();
        let page = format!("<p{many}>Text after.</p><p title='x' id=y>Short.</p>");
        let limited = limit_attributes(&page);
        let kept: String = (0..MAX_ATTRIBUTES)
            .map(|i| format!(" a{i}=\"v>{i}\""))
            .collect();
        assert_eq!(
            limited,
            format!("<p{kept} >Text after.</p><p title='x' id=y>Short.</p>")
        );
        assert!(matches!(
            limit_attributes("<p a=1 b>x</p>"),
            Cow::Borrowed(_)
        ));
        assert_eq!(
            crate::input::html::html_to_text(&page),
            "Text after.\n\nShort.\n"
        );
    }

    proptest! {
        #[test]
        fn attribute_limiting_never_breaks_a_page(page in "(<|</|>|[a-z]{1,3}|=|\"|'| |/|é){0,200}") {
            let limited = limit_attributes(&page);
            prop_assert!(limited.len() <= page.len());
            let _ = parse_page(&page);
        }

        #[test]
        fn small_pages_are_untouched(page in "(<(/?)(div|p|b|i|span|table|tr|td|script|title|svg|li|ul|pre|a)( x=y)?>|[a-z .]{0,5}|&amp;|<!--|-->){0,60}") {
            same_as_html5ever(&page)?;
        }
    }
}
