//! Fuzzing on stable Rust: proptest feeds arbitrary and adversarial input
//! to every reader of outside data — the sentence splitter, the tokenizer,
//! HTML and Markdown extraction, CSV reading and model loading — and checks
//! that none panics and that every sentence span slices its source.
//!
//! `cargo test` runs a short round of each target (a few seconds in all).
//! A long run sets the cases per round and keeps running rounds for a set
//! time (see docs/GUIDE.md, "Fuzzing"):
//!
//! ```text
//! PROPTEST_CASES=2000 FUZZ_SECONDS=300 cargo test --release --test cli fuzz:: -- --test-threads 1
//! ```
//!
//! A failure prints the smallest input proptest shrank it to; such an input
//! becomes a named test in `regressions` below.

use std::fmt::Debug;
use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

use stance::internals::html_to_text;
use stance::internals::markdown_to_text;
use stance::internals::tokenize;
use stance::internals::{last_safe_cut, split_sentences};
use stance::internals::{parse_labeled_csv, parse_text_csv};
use stance::Classifier;
use stance::{Columns, LabeledData};

/// Cases per round: `PROPTEST_CASES`, else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Run `test` on `strategy`'s values: one round, or rounds until
/// `FUZZ_SECONDS` have passed. Panics with the shrunk failing input.
fn fuzz<S>(default_cases: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S: Strategy,
    S::Value: Debug,
{
    let seconds = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    loop {
        let mut runner = TestRunner::new(Config {
            cases: cases(default_cases),
            failure_persistence: None,
            ..Config::default()
        });
        if let Err(e) = runner.run(&strategy, &test) {
            panic!("{e}");
        }
        if Instant::now() >= deadline {
            break;
        }
    }
}

/// Every sentence span lies on character boundaries, in order, without
/// overlap, and its text is the span with white space folded.
fn check_spans(source: &str) -> Result<(), TestCaseError> {
    let mut last_end = 0;
    for s in split_sentences(source) {
        prop_assert!(s.start < s.end && s.end <= source.len(), "{s:?}");
        prop_assert!(source.is_char_boundary(s.start) && source.is_char_boundary(s.end));
        prop_assert!(s.start >= last_end, "spans overlap: {s:?}");
        last_end = s.end;
        let folded = source[s.start..s.end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        prop_assert_eq!(folded, s.text);
    }
    Ok(())
}

/// Text made of the pieces the splitter and the tokenizer look at: marks,
/// quotes, markers, abbreviations, numbers, URLs, handles, emoji, line ends.
fn texty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just(". ".to_string()),
        Just("! ".to_string()),
        Just("? ".to_string()),
        Just("...".to_string()),
        Just("…".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("\r\n".to_string()),
        Just("# ".to_string()),
        Just("- ".to_string()),
        Just("| ".to_string()),
        Just("> ".to_string()),
        Just("1. ".to_string()),
        Just("e.g. ".to_string()),
        Just("Dr. ".to_string()),
        Just("U.S. ".to_string()),
        Just("3.5 ".to_string()),
        Just("v1.2. ".to_string()),
        Just("https://example.org/a.b?c=d. ".to_string()),
        Just("a@b.co ".to_string()),
        Just("@handle ".to_string()),
        Just("#Tag ".to_string()),
        Just("🔥".to_string()),
        Just("👍🏽 ".to_string()),
        Just("🇫🇷".to_string()),
        Just("\u{200d}".to_string()),
        Just("\u{feff}".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("\"".to_string()),
        Just(") ".to_string()),
        Just("n't ".to_string()),
        Just("not ".to_string()),
        "[a-zA-Z]{1,8} ",
        "[A-Z][a-z]{1,6}",
        "[0-9]{1,4}",
        "\\PC{1,3}",
        any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..80).prop_map(|v| v.concat())
}

/// HTML soup: real tags (block, inline, dropped, raw-text, table, foreign,
/// void), chrome attributes, broken tags, comments, entities, text.
fn html_soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<div>"),
        Just("</div>"),
        Just("<p>"),
        Just("</p>"),
        Just("<li>"),
        Just("<ul>"),
        Just("</ul>"),
        Just("<b>"),
        Just("</b>"),
        Just("<i class=x>"),
        Just("<span>"),
        Just("</span>"),
        Just("<a href='x'>"),
        Just("</a>"),
        Just("<br>"),
        Just("<img alt=x>"),
        Just("<pre>"),
        Just("<pre><code>"),
        Just("</code></pre>"),
        Just("<table><tr><td>"),
        Just("</td>"),
        Just("</table>"),
        Just("<script>"),
        Just("</script>"),
        Just("<style>"),
        Just("<textarea>"),
        Just("<title>"),
        Just("<plaintext>"),
        Just("<template>"),
        Just("<select><option>"),
        Just("<svg><text>"),
        Just("</svg>"),
        Just("<math>"),
        Just("<![CDATA[x]]>"),
        Just("<frameset>"),
        Just("<nav>"),
        Just("<aside>"),
        Just("<div hidden>"),
        Just("<div role=\"dialog\" aria-modal=\"true\">"),
        Just("<div class=\"cookie-banner\">"),
        Just("<div id=ad-slot>"),
        Just("<div class=share>"),
        Just("<p style='display:none'>"),
        Just("<!-- c -->"),
        Just("<!--"),
        Just("<!DOCTYPE html>"),
        Just("<html><body>"),
        Just("</body></html>"),
        Just("&amp;"),
        Just("&#x1F600;"),
        Just("&#0;"),
        Just("&nbsp;"),
        Just("<"),
        Just(">"),
        Just("</"),
        Just("ADVERTISEMENT"),
        Just("Share"),
        Just("\n"),
        Just("Text here. "),
        Just("more words? yes! "),
    ];
    let pieces = proptest::collection::vec(piece, 0..120).prop_map(|v| v.concat());
    prop_oneof![
        3 => pieces,
        1 => texty(),
        // Deeper than the parser's depth cap, with soup inside.
        1 => (300usize..700, texty()).prop_map(|(n, inner)| {
            "<div>".repeat(n) + &inner + &"</div>".repeat(n / 2)
        }),
        1 => (300usize..700).prop_map(|n| "<b><span><i>".repeat(n) + "x"),
    ]
}

/// Markdown soup.
fn markdown_soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("# "),
        Just("## "),
        Just("> "),
        Just("- "),
        Just("1. "),
        Just("* "),
        Just("**"),
        Just("_"),
        Just("`"),
        Just("```\n"),
        Just("    "),
        Just("[link](http://x.y)"),
        Just("![img](x.png)"),
        Just("[^1]"),
        Just("[^1]: note"),
        Just("| a | b |\n|---|---|\n"),
        Just("---\n"),
        Just("<div>"),
        Just("</div>"),
        Just("<br>"),
        Just("<script>"),
        Just("\n"),
        Just("\n\n"),
        Just("Some text. "),
        Just("~~x~~"),
        Just("- [x] "),
        Just("\\"),
        Just("&amp;"),
    ];
    prop_oneof![
        3 => proptest::collection::vec(piece, 0..120).prop_map(|v| v.concat()),
        1 => texty(),
        1 => (100usize..2000).prop_map(|n| "> ".repeat(n) + "deep"),
        1 => (100usize..1000).prop_map(|n| "- ".repeat(n) + "deep"),
    ]
}

/// CSV-shaped bytes: a header, quotes, commas, line ends, bad UTF-8, NUL.
fn csv_soup() -> impl Strategy<Value = Vec<u8>> {
    const PIECES: &[&[u8]] = &[
        b",",
        b"\n",
        b"\r\n",
        b"text",
        b"label",
        b"neutral",
        b"weight",
        b"0.5",
        b"-1",
        b"NaN",
        b" ",
        b"Some words",
        b"\xff",
        b"\0",
        b"\xef\xbb\xbf",
    ];
    let piece = proptest::sample::select(PIECES);
    let body = proptest::collection::vec(piece, 0..80).prop_map(|v| v.concat());
    prop_oneof![
        2 => body.clone().prop_map(|b| [&b"text,label\n"[..], &b].concat()),
        1 => body,
        1 => proptest::collection::vec(any::<u8>(), 0..300),
    ]
}

/// A small model file trained for the run (the bundled one is 18 MB).
fn small_model_json() -> &'static [u8] {
    static MODEL: OnceLock<Vec<u8>> = OnceLock::new();
    MODEL.get_or_init(|| {
        let pairs: Vec<(String, &str)> = (0..30)
            .map(|i| {
                let (text, label) = match i % 3 {
                    0 => (format!("open weights help everyone {i}"), "pro-open"),
                    1 => (format!("closed labs keep it safe {i}"), "pro-closed"),
                    _ => (format!("the meeting was on tuesday {i}"), "neutral"),
                };
                (text, label)
            })
            .collect();
        let data = LabeledData::from_pairs("fuzz.csv", &pairs);
        let params = stance::TrainParams::default();
        let classifier = stance::train(&data, &params, "text", "label", &stance::Silent)
            .expect("the small model trains");
        classifier.to_json()
    })
}

#[test]
fn fuzz_sentence_splitter() {
    fuzz(400, prop_oneof![texty(), any::<String>()], |s| {
        check_spans(&s)?;
        if let Some(p) = last_safe_cut(&s) {
            prop_assert!(p > 0 && p < s.len() && s.is_char_boundary(p));
        }
        Ok(())
    });
}

#[test]
fn fuzz_tokenizer() {
    fuzz(400, prop_oneof![texty(), any::<String>()], |s| {
        for negation in [false, true] {
            for t in tokenize(&s, negation) {
                prop_assert!(t.start < t.end && t.end <= s.len(), "{t:?}");
                prop_assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end));
                prop_assert!(!t.text.is_empty());
            }
        }
        Ok(())
    });
}

#[test]
fn fuzz_html_extraction() {
    fuzz(150, html_soup(), |page| check_spans(&html_to_text(&page)));
}

#[test]
fn fuzz_markdown_extraction() {
    fuzz(150, markdown_soup(), |doc| {
        check_spans(&markdown_to_text(&doc))
    });
}

#[test]
fn fuzz_csv_reading() {
    let columns = Columns::default();
    let weighted = Columns {
        weight: Some("weight".into()),
        ..Columns::default()
    };
    fuzz(400, csv_soup(), |bytes| {
        let path = Path::new("fuzz.csv");
        for columns in [&columns, &weighted] {
            if let Ok(data) = parse_labeled_csv(path, &bytes, columns) {
                prop_assert!(!data.rows.is_empty());
                for row in &data.rows {
                    prop_assert!(!row.text.trim().is_empty() && !row.label.is_empty());
                    prop_assert!(row.weight.is_finite() && row.weight >= 0.0);
                }
            }
        }
        let _ = parse_text_csv(path, &bytes, "text");
        Ok(())
    });
}

/// A model file with one change: cut short, a byte replaced, a stretch
/// removed or repeated.
fn mutated_model() -> impl Strategy<Value = Vec<u8>> {
    let len = small_model_json().len();
    prop_oneof![
        (0..len).prop_map(|cut| small_model_json()[..cut].to_vec()),
        (0..len, any::<u8>()).prop_map(|(at, b)| {
            let mut m = small_model_json().to_vec();
            m[at] = b;
            m
        }),
        (0..len, 0..len).prop_map(|(a, b)| {
            let (a, b) = (a.min(b), a.max(b));
            [&small_model_json()[..a], &small_model_json()[b..]].concat()
        }),
        (0..len, 0usize..64).prop_map(|(a, n)| {
            let m = small_model_json();
            let b = (a + n).min(m.len());
            [&m[..b], &m[a..]].concat()
        }),
        proptest::collection::vec(any::<u8>(), 0..200),
        (1usize..5000).prop_map(|n| "[".repeat(n).into_bytes()),
    ]
}

#[test]
fn fuzz_model_loading() {
    let path = Path::new("fuzz.json");
    assert!(Classifier::from_json(path, small_model_json()).is_ok());
    fuzz(150, mutated_model(), |bytes| {
        if let Ok(model) = Classifier::from_json(path, &bytes) {
            // A file that loads must also classify.
            let p = model.predict("open weights help everyone");
            prop_assert_eq!(p.probabilities.len(), model.labels().len());
        }
        Ok(())
    });
}

/// Inputs that once failed, kept as named tests.
mod regressions {
    use super::*;

    /// A `<meta charset>` pauses html5ever's tokenizer with an encoding
    /// hint; the depth-capped parser once stopped reading there, so a page
    /// with one gave no text at all.
    #[test]
    fn a_meta_charset_does_not_end_the_page() {
        assert_eq!(
            html_to_text("<head><meta charset=\"utf-8\"></head><p>Still read.</p>"),
            "Still read.\n"
        );
    }

    /// Found by `fuzz_html_extraction` (as a wrong property, not a crash):
    /// after `<plaintext>` everything is text, tags included, as in a browser.
    #[test]
    fn plaintext_keeps_later_markup_as_text() {
        assert_eq!(html_to_text("<plaintext><script>"), "<script>\n");
    }
}
