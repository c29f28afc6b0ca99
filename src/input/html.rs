//! Saved web pages -> the text of their article, block by block.
//!
//! The page is parsed into a `scraper` tree by html5ever (the HTML5 parsing
//! algorithm browsers use), so malformed markup (unclosed tags, a stray
//! `</div>`, no `<html>` or `<body>`) is repaired the way a browser would and
//! still yields its text; character references (`&amp;`, `&#8217;`,
//! `&nbsp;`) come out decoded. Like browsers, the parser caps the depth of
//! the tree (`page_parse.rs`), which keeps it linear in the page's size. The
//! tree is then walked in document order (iteratively) and written through
//! `BlockText` (`blocks.rs`):
//!
//! - **Blocks.** Every block-level element (`p`, `h1`-`h6`, `li`, `dt`,
//!   `dd`, `blockquote`, `td`, `th`, `caption`, `figcaption`, `div`,
//!   `section`, `article`...) starts and ends a block, so headings,
//!   paragraphs, list items, quote paragraphs and table cells each become a
//!   paragraph of their own. Text lying directly in a `div` or in `body`,
//!   as in many scraped pages, is a block too.
//! - **Inline elements** (`a`, `em`, `strong`, `span`, `code`...) stay inside
//!   their block's text; `<br>` is a line break (`<br><br>` a paragraph
//!   break); links keep their text, not their address; images give nothing.
//! - **Dropped** with everything inside them: `head` (the `<title>` usually
//!   repeats the headline with the site name), `script`, `style`, `noscript`,
//!   `template`, `nav`, `footer`, `aside` (sidebars, related links, ads),
//!   forms and form controls (`form`, `input`, `button`, `select`,
//!   `textarea`, `label`...), embedded media and their fallback text
//!   (`iframe`, `object`, `video`, `audio`, `canvas`, `svg`, `math`),
//!   `dialog`, elements marked as site chrome by an ARIA role (`banner`,
//!   `navigation`, `contentinfo`, `search`, `complementary`), dialogs and
//!   modals (`role="dialog"`, `role="alertdialog"`, `aria-modal="true"`:
//!   cookie and newsletter pop-ups), and hidden elements: the `hidden`
//!   attribute, `aria-hidden="true"`, or an inline style with
//!   `display: none` or `visibility: hidden`.
//! - **Chrome by name:** an element whose class or id contains `cookie`,
//!   `consent` or `gdpr`, or has a part (between `-` and `_`) `ad`, `ads`,
//!   `advert`, `advertisement`, `advertising`, `sponsored`, `share`,
//!   `sharing`, `sharebar`, `modal` or `popup`, is dropped when it holds at
//!   most 2,000 characters of text (banners, ad slots and share rows are
//!   short; a wrapper named after the page's state holds the article). The
//!   `html`, `body`, `main` and `article` elements are never dropped by
//!   name. A lone `banner` part is not enough: sites name their headline
//!   block `hero-banner`.
//! - **Chrome by text:** a block made only of the short labels pages put
//!   around an article ("ADVERTISEMENT", "Sponsored", "Share", "Save
//!   article", "Share this article"...) is dropped; see `blocks.rs` for the
//!   list. Only whole blocks are matched, so prose is never touched.
//! - **Kept on purpose:** `<header>`. An article's header holds its headline
//!   and byline; a site header's links sit in a `<nav>` (dropped) and what
//!   is left, the site name, is one short neutral line. A header marked
//!   `role="banner"` is site chrome and dropped.
//! - **Code:** a `<pre>` holding only a `<code>` element is a code block and
//!   is dropped (as Markdown code blocks are); any other `<pre>` (a mailing
//!   list archive wraps whole messages in one) keeps its text and its line
//!   breaks.

use ego_tree::iter::Edge;
use ego_tree::NodeRef;
use scraper::node::Element;
use scraper::Node;

use super::blocks::BlockText;
use super::page_parse::parse_page;

/// Elements dropped with all they contain.
const DROPPED: &[&str] = &[
    "head", "title", "script", "style", "noscript", "template", "nav", "footer", "aside", "form",
    "input", "button", "select", "option", "optgroup", "datalist", "textarea", "label", "output",
    "meter", "progress", "iframe", "object", "embed", "video", "audio", "canvas", "svg", "math",
    "map", "dialog",
];

/// ARIA roles that mark site chrome rather than the article.
const DROPPED_ROLES: &[&str] = &[
    "banner",
    "navigation",
    "contentinfo",
    "search",
    "complementary",
    "dialog",
    "alertdialog",
];

/// Class or id words that mark page chrome: ads, share rows, pop-ups. A
/// word is a part of a class name or id between `-` and `_`
/// (`article-share__row` has `article`, `share`, `row`).
const CHROME_NAME_PARTS: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "adverts",
    "advertisement",
    "advertising",
    "sponsored",
    "share",
    "sharing",
    "sharebar",
    "modal",
    "popup",
];

/// Strings that mark cookie and consent banners anywhere in a class name
/// or id (`CybotCookiebotDialog`, `onetrust-consent-sdk`, `gdpr-notice`).
const CHROME_NAME_SUBSTRINGS: &[&str] = &["cookie", "consent", "gdpr"];

/// Text an element marked as chrome by its class or id may hold and still
/// be dropped (in characters, white space aside): a banner, an ad slot or a
/// share row holds a few lines, while a wrapper named after a site's state
/// (`<div class="page consent-given">`) holds the article.
const CHROME_MAX_TEXT_CHARS: usize = 2000;

/// Elements that start and end a block of text.
pub(super) const BLOCKS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "listing",
    "main",
    "menu",
    "ol",
    "p",
    "plaintext",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "xmp",
];

/// The text of a web page's article, one block per paragraph (see the
/// module docs for what is kept and what is dropped).
#[cfg_attr(not(feature = "bench-internals"), allow(unreachable_pub))]
pub fn html_to_text(html: &str) -> String {
    let document = parse_page(html);
    let mut out = BlockText::default();
    // The dropped element being skipped, until its end.
    let mut skipping = None;
    // How many `<pre>` elements enclose the current node.
    let mut preformatted = 0usize;
    for edge in document.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if skipping.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(text) if preformatted > 0 => out.preformatted(text),
                    Node::Text(text) => out.text(text),
                    Node::Element(element) => {
                        if is_dropped(element)
                            || is_code_block(node)
                            || (is_chrome_by_name(element) && has_short_text(node))
                        {
                            skipping = Some(node.id());
                            continue;
                        }
                        let name = element.name();
                        if name == "br" {
                            out.line_break();
                        } else if BLOCKS.contains(&name) {
                            out.end_block();
                        }
                        if name == "pre" {
                            preformatted += 1;
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(id) = skipping {
                    if id == node.id() {
                        skipping = None;
                    }
                    continue;
                }
                if let Node::Element(element) = node.value() {
                    let name = element.name();
                    if BLOCKS.contains(&name) {
                        out.end_block();
                    }
                    if name == "pre" {
                        preformatted = preformatted.saturating_sub(1);
                    }
                }
            }
        }
    }
    out.finish()
}

/// Is this element dropped with its content: chrome, scripts, forms, media
/// or hidden?
fn is_dropped(element: &Element) -> bool {
    drops_element(element.name(), |name| element.attr(name))
}

/// Is an element named `name` whose attributes `attr` gives dropped with
/// its content? (Also asked by the parser of elements past its depth cap,
/// before any element exists.)
pub(super) fn drops_element<'a>(name: &str, attr: impl Fn(&str) -> Option<&'a str>) -> bool {
    if DROPPED.contains(&name) || attr("hidden").is_some() {
        return true;
    }
    let attr_is = |name: &str, values: &[&str]| {
        attr(name).is_some_and(|v| {
            let v = v.trim();
            values.iter().any(|want| v.eq_ignore_ascii_case(want))
        })
    };
    if attr_is("aria-hidden", &["true"])
        || attr_is("aria-modal", &["true"])
        || attr_is("role", DROPPED_ROLES)
    {
        return true;
    }
    attr("style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        style.split(';').any(|declaration| {
            let declaration = declaration.trim_end_matches("!important");
            declaration == "display:none" || declaration == "visibility:hidden"
        })
    })
}

/// Does the element's class or id name it as chrome (see
/// [`CHROME_NAME_PARTS`], [`CHROME_NAME_SUBSTRINGS`])? The page's outer
/// elements never are: a `<body class="cookie-banner-open">` holds the article.
fn is_chrome_by_name(element: &Element) -> bool {
    if matches!(element.name(), "html" | "body" | "main" | "article") {
        return false;
    }
    let names = element
        .attr("class")
        .into_iter()
        .chain(element.attr("id"))
        .flat_map(str::split_whitespace);
    for name in names {
        let lower = name.to_ascii_lowercase();
        if CHROME_NAME_SUBSTRINGS.iter().any(|s| lower.contains(s))
            || lower
                .split(['-', '_'])
                .any(|part| CHROME_NAME_PARTS.contains(&part))
        {
            return true;
        }
    }
    false
}

/// Does the element hold at most [`CHROME_MAX_TEXT_CHARS`] characters of
/// text? Stops counting past the limit (or after as many nodes), so asking
/// costs at most that much whatever the element holds.
fn has_short_text(node: NodeRef<'_, Node>) -> bool {
    let mut chars = 0usize;
    for (visited, descendant) in node.descendants().enumerate() {
        if visited > CHROME_MAX_TEXT_CHARS {
            return false;
        }
        if let Node::Text(text) = descendant.value() {
            let room = CHROME_MAX_TEXT_CHARS + 1 - chars;
            chars += text
                .chars()
                .filter(|c| !c.is_whitespace())
                .take(room)
                .count();
            if chars > CHROME_MAX_TEXT_CHARS {
                return false;
            }
        }
    }
    true
}

/// Is this a `<pre>` holding only a `<code>` element (a code listing)?
fn is_code_block(node: NodeRef<'_, Node>) -> bool {
    let is_pre = node.value().as_element().is_some_and(|e| e.name() == "pre");
    if !is_pre {
        return false;
    }
    let mut code = 0;
    for child in node.children() {
        match child.value() {
            Node::Element(e) if e.name() == "code" => code += 1,
            Node::Element(_) => return false,
            Node::Text(t) if !t.trim().is_empty() => return false,
            _ => {}
        }
    }
    code == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The blocks of a page, one string each.
    fn blocks(html: &str) -> Vec<String> {
        html_to_text(html)
            .split("\n\n")
            .filter(|b| !b.is_empty())
            .map(|b| b.trim_end().to_string())
            .collect()
    }

    #[test]
    fn headings_paragraphs_and_list_items_are_blocks_in_reading_order() {
        let page = "<!DOCTYPE html><html><head><title>Site | Title</title></head><body>\
            <h1>Open   weights\n win</h1><p>First <em>para</em>graph, with a \
            <a href=\"https://example.org/x\">link text</a>.</p>\
            <ul><li>One item</li><li>Two <strong>items</strong></li></ul>\
            <ol><li>Numbered</li></ol><h2>Next</h2><p>Last.</p></body></html>";
        assert_eq!(
            blocks(page),
            [
                "Open weights win",
                "First paragraph, with a link text.",
                "One item",
                "Two items",
                "Numbered",
                "Next",
                "Last."
            ]
        );
        assert!(html_to_text(page).ends_with("Last.\n"));
    }

    #[test]
    fn entities_are_decoded_and_white_space_folded() {
        assert_eq!(
            blocks("<p>Caf&eacute; &amp; bar&nbsp;&mdash; &#8220;open&#x201D;&hellip; &lt;3</p>"),
            ["Café & bar — “open”… <3"]
        );
    }

    #[test]
    fn chrome_scripts_and_forms_are_dropped() {
        let page = r#"<body>
            <nav><a href="/">Home</a> <a href="/news">News</a></nav>
            <script>var x = "script text";</script>
            <style>p { color: red }</style>
            <noscript>Enable JavaScript</noscript>
            <template><p>template text</p></template>
            <article><p>Kept paragraph.</p>
              <aside><p>Related: sidebar text</p></aside>
              <iframe src="ad.html">iframe fallback</iframe>
              <form action="/comment"><label>Your name</label><input name="n" value="input value">
                <textarea>textarea text</textarea><select><option>option text</option></select>
                <button>Post comment</button><p>form paragraph</p></form>
            </article>
            <div role="navigation">role nav</div>
            <div role="contentinfo">role footer</div>
            <svg><text>svg text</text></svg>
            <footer><p>© footer text</p></footer>
            <p>Also kept.</p>
            </body>"#;
        assert_eq!(blocks(page), ["Kept paragraph.", "Also kept."]);
    }

    #[test]
    fn hidden_elements_are_dropped() {
        let page = r#"<div>
            <p hidden>hidden attribute</p>
            <p aria-hidden="true">aria hidden</p>
            <p aria-hidden="false">Aria visible.</p>
            <p style="color: red; display : none">display none</p>
            <p style="VISIBILITY:hidden !important">visibility hidden</p>
            <p style="display: block">Styled but visible.</p>
            <span><input type="hidden" value="secret"></span>
            </div>"#;
        assert_eq!(blocks(page), ["Aria visible.", "Styled but visible."]);
    }

    #[test]
    fn an_article_header_is_kept_and_a_banner_is_dropped() {
        let page = r#"<header role="banner"><p>The Daily Site</p><nav>Menu</nav></header>
            <article><header><h1>Headline Here</h1><p class="byline">By A. Writer</p></header>
            <p>Body text.</p></article>"#;
        assert_eq!(
            blocks(page),
            ["Headline Here", "By A. Writer", "Body text."]
        );
        let site =
            "<header><a href=/>The Daily Site</a><nav><a>Home</a></nav></header><p>Text.</p>";
        assert_eq!(blocks(site), ["The Daily Site", "Text."]);
    }

    #[test]
    fn tables_give_one_block_per_cell_and_quotes_per_paragraph() {
        let page = "<table><caption>Models</caption><tr><th>Model</th><th>Licence</th></tr>\
            <tr><td>Llama</td><td>Custom, <b>restrictive</b></td></tr></table>\
            <blockquote><p>Quoted one.</p><p>Quoted two.</p></blockquote>\
            <blockquote>Bare quote</blockquote>";
        assert_eq!(
            blocks(page),
            [
                "Models",
                "Model",
                "Licence",
                "Llama",
                "Custom, restrictive",
                "Quoted one.",
                "Quoted two.",
                "Bare quote"
            ]
        );
    }

    #[test]
    fn text_directly_in_div_or_body_is_kept_and_br_breaks_lines() {
        let page = "<body>Loose body text.<div>Div text<br>second line<br><br>new para\
            <p>Inner p.</p>tail text</div>trailing</body>";
        assert_eq!(
            blocks(page),
            [
                "Loose body text.",
                "Div text\nsecond line",
                "new para",
                "Inner p.",
                "tail text",
                "trailing"
            ]
        );
    }

    #[test]
    fn malformed_html_still_yields_its_text() {
        // No html/head/body, unclosed p and li, a stray end tag, an unclosed div.
        let page = "<h1>Title<p>First para<p>Second <b>bold para</ul></div>\
            <ul><li>one<li>two</ul><div>unclosed <i>italic";
        assert_eq!(
            blocks(page),
            [
                "Title",
                "First para",
                "Second bold para",
                "one",
                "two",
                "unclosed italic"
            ]
        );
        assert_eq!(
            blocks("plain text, no tags at all"),
            ["plain text, no tags at all"]
        );
        assert_eq!(blocks("<p>a < b and c > d</p>"), ["a < b and c > d"]);
        // An unclosed script swallows the rest, as in a browser.
        assert_eq!(blocks("<p>Before.</p><script>x = 1; <p>after"), ["Before."]);
    }

    #[test]
    fn pages_without_text_give_nothing() {
        assert_eq!(html_to_text(""), "");
        assert_eq!(
            html_to_text("<html><head><title>T</title></head><body><img alt=x></body></html>"),
            ""
        );
        assert_eq!(html_to_text("<!-- only a comment -->"), "");
    }

    #[test]
    fn code_blocks_are_dropped_other_pre_keeps_its_lines() {
        let page = "<p>Run <code>llama.cpp</code> locally.</p>\
            <pre><code>fn main() {\n    println!(\"hi\");\n}</code></pre>\
            <pre>From: someone\n\nA mailing   list message.\nSecond line.</pre>";
        assert_eq!(
            blocks(page),
            [
                "Run llama.cpp locally.",
                "From: someone",
                "A mailing list message.\nSecond line."
            ]
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let page = "<div>".repeat(100_000) + "Deep text." + &"</div>".repeat(100_000);
        assert_eq!(blocks(&page), ["Deep text."]);
    }

    #[test]
    fn chrome_named_elements_go_when_short_and_stay_when_they_hold_the_article() {
        let page = r#"<div id="onetrust-consent-sdk"><p>We use cookies.</p></div>
            <div class="ad-slot">Buy now</div><div class="header-ads">More ads</div>
            <div class="article-share__row">Facebook</div>
            <div class="hero-banner"><h1>Headline Kept</h1></div>
            <div class="loaded shared-content download"><p>Kept, no chrome part.</p></div>
            <p>Body text.</p>"#;
        assert_eq!(
            blocks(page),
            ["Headline Kept", "Kept, no chrome part.", "Body text."]
        );
        let long = "An argument about open weights. ".repeat(100);
        let wrapper = format!("<div class=\"page consent-given\"><p>{long}</p></div>");
        assert_eq!(blocks(&wrapper), [long.trim_end()]);
    }
}
