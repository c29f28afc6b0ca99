//! `stance classify` on saved web pages and Markdown through the real
//! binary: article text only, detection by extension and by content (files
//! and standard input), `--input-format`, directories, refusals.

use std::path::Path;

use crate::common::*;
use serde_json::Value;

const PAGE: &str = "tests/fixtures/html/page.html";
const SAVED_AS_TXT: &str = "tests/fixtures/html/saved_page.txt";
const MALFORMED: &str = "tests/fixtures/html/malformed.html";
const NOTES: &str = "tests/fixtures/html/notes.md";

/// The sentences of tests/fixtures/html/page.html, in reading order.
const PAGE_SENTENCES: &[&str] = &[
    "Panel Hears Both Sides on Open Weights",
    "A parliamentary panel heard four hours of testimony on Tuesday about publishing AI model weights.",
    "“Open weights let anyone audit the model,” said one witness.",
    "Another warned that published weights cannot be recalled.",
    "Researchers asked for access.",
    "Security experts asked for limits.",
    "The panel will publish its report in June.",
];

/// Text of the page's navigation, scripts, style, hidden box, form and footer.
const CHROME: &[&str] = &[
    "Gazette",
    "trackPageView",
    "loadComments",
    "menu-item",
    "Hidden promo",
    "comment",
    "Comment box",
    "Copyright",
];

fn classify(args: &[&str], stdin: Option<Vec<u8>>) -> std::process::Output {
    let mut cmd = stance();
    cmd.arg("classify").args(args);
    if let Some(bytes) = stdin {
        cmd.write_stdin(bytes);
    }
    let o = cmd.output().unwrap();
    assert!(
        o.status.success(),
        "classify {args:?} failed: {}",
        stderr(&o)
    );
    o
}

/// The JSON articles of a run: (source, sentence texts).
fn articles(args: &[&str], stdin: Option<Vec<u8>>) -> Vec<(String, Vec<String>)> {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let doc = json(&classify(&all, stdin));
    doc["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let texts = a["sentences"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["text"].as_str().unwrap().to_string())
                .collect();
            (a["source"].as_str().unwrap().to_string(), texts)
        })
        .collect()
}

fn sentences(args: &[&str], stdin: Option<Vec<u8>>) -> Vec<String> {
    let mut all = articles(args, stdin);
    assert_eq!(all.len(), 1);
    all.remove(0).1
}

#[test]
fn a_web_page_gives_its_article_text_only() {
    let got = sentences(&[PAGE], None);
    assert_eq!(got, PAGE_SENTENCES);
    for s in &got {
        for chrome in CHROME {
            assert!(!s.contains(chrome), "{chrome:?} leaked into {s:?}");
        }
    }
    // Every output format works on it, with the same sentences.
    let jsonl = stdout(&classify(&["--format", "jsonl", PAGE], None));
    assert_eq!(jsonl.lines().count(), PAGE_SENTENCES.len());
    let csv = stdout(&classify(&["--format", "csv", PAGE], None));
    assert_eq!(csv.lines().count(), PAGE_SENTENCES.len() + 1);
    let table = stdout(&classify(&[PAGE], None));
    assert!(table.starts_with(&format!("== {PAGE}\n")), "{table}");
    assert!(table.contains(&format!("{} sentences", PAGE_SENTENCES.len())));
}

#[test]
fn spans_point_into_the_extracted_text() {
    use std::io::Read;
    let mut source = stance::Input::File(repo_file(PAGE))
        .open_text(None)
        .unwrap();
    let mut text = String::new();
    source.reader.read_to_string(&mut text).unwrap();
    assert_eq!(source.format, stance::InputFormat::Html);
    let o = classify(&["--format", "jsonl", PAGE], None);
    let lines: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), PAGE_SENTENCES.len());
    for s in &lines {
        let start = s["start"].as_u64().unwrap() as usize;
        let end = s["end"].as_u64().unwrap() as usize;
        let span: Vec<&str> = text[start..end].split_whitespace().collect();
        assert_eq!(span.join(" "), s["text"].as_str().unwrap());
    }
    assert_eq!(lines[0]["start"], 0);
}

#[test]
fn a_page_is_recognised_by_its_content_in_a_txt_file_and_on_stdin() {
    let want = [
        "Panel Hears Both Sides on Open Weights",
        "A parliamentary panel heard testimony on Tuesday.",
    ];
    assert_eq!(sentences(&[SAVED_AS_TXT], None), want);
    let bytes = std::fs::read(repo_file(SAVED_AS_TXT)).unwrap();
    let from_stdin = articles(&["-"], Some(bytes));
    assert_eq!(
        from_stdin,
        [("-".to_string(), want.map(String::from).to_vec())]
    );
    // A full page on stdin, too.
    let page = std::fs::read(repo_file(PAGE)).unwrap();
    assert_eq!(sentences(&["-"], Some(page)), PAGE_SENTENCES);
    // Plain text on stdin stays plain text, even when it mentions a tag.
    let text = "Open weights matter.\n\nThe <p> tag is mentioned here.\n";
    assert_eq!(
        sentences(&["-"], Some(text.into())),
        ["Open weights matter.", "The <p> tag is mentioned here."]
    );
}

#[test]
fn input_format_forces_the_reading() {
    // A page read as text keeps its markup.
    let raw = sentences(&["--input-format", "text", PAGE], None);
    assert!(raw.iter().any(|s| s.contains("<!DOCTYPE html>")));
    assert!(raw.iter().any(|s| s.contains("trackPageView")));
    // HTML forced on a file or stdin that would not be detected.
    let dir = tempfile::tempdir().unwrap();
    let snippet = dir.path().join("snippet.txt");
    std::fs::write(&snippet, "Intro <b>bold</b> text.<br>Next <i>line</i>.").unwrap();
    assert_eq!(
        sentences(&[&arg(&snippet)], None),
        ["Intro <b>bold</b> text.<br>Next <i>line</i>."]
    );
    let forced = ["Intro bold text.", "Next line."];
    assert_eq!(
        sentences(&["--input-format", "html", &arg(&snippet)], None),
        forced
    );
    let bytes = std::fs::read(&snippet).unwrap();
    assert_eq!(
        sentences(&["--input-format", "html", "-"], Some(bytes)),
        forced
    );
    // Markdown forced on a .txt file; Markdown read as text keeps its marks.
    let md = dir.path().join("post.txt");
    std::fs::copy(repo_file(NOTES), &md).unwrap();
    let want_md = [
        "Notes on Open Models",
        "Read the full report before the vote.",
        "Weights were published in March.",
    ];
    assert_eq!(
        sentences(&["--input-format", "markdown", &arg(&md)], None),
        want_md
    );
    assert_eq!(sentences(&[NOTES], None), want_md);
    let as_text = sentences(&["--input-format", "text", NOTES], None);
    assert!(as_text
        .iter()
        .any(|s| s.contains("print(\"code is dropped\")")));
    assert!(as_text
        .iter()
        .any(|s| s.contains("](https://example.org/report)")));
    // An unknown value is a usage error.
    let o = stance()
        .args(["classify", "--input-format", "pdf", PAGE])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_directory_picks_up_pages_markdown_and_text_in_sorted_order() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("sub")).unwrap();
    std::fs::copy(repo_file(PAGE), d.join("b_page.html")).unwrap();
    std::fs::copy(repo_file(NOTES), d.join("a_notes.md")).unwrap();
    std::fs::copy(repo_file(NOTES), d.join("e_notes.markdown")).unwrap();
    std::fs::write(d.join("c_plain.txt"), "Plain text article.\n").unwrap();
    std::fs::copy(repo_file(SAVED_AS_TXT), d.join("sub/d_page.htm")).unwrap();
    std::fs::write(d.join("ignored.csv"), "text,label\n").unwrap();
    std::fs::write(d.join("ignored.json"), "{}").unwrap();
    let got = articles(&[&arg(d)], None);
    let sources: Vec<String> = got.iter().map(|(s, _)| s.clone()).collect();
    let want: Vec<String> = [
        "a_notes.md",
        "b_page.html",
        "c_plain.txt",
        "e_notes.markdown",
        "sub/d_page.htm",
    ]
    .iter()
    .map(|n| arg(&d.join(n)))
    .collect();
    assert_eq!(sources, want);
    assert_eq!(got[1].1, PAGE_SENTENCES);
    assert_eq!(got[2].1, ["Plain text article."]);
    assert_eq!(got[0].1, got[3].1);
    assert_eq!(got[4].1.len(), 2);
}

#[test]
fn malformed_pages_still_give_their_text_and_empty_pages_give_none() {
    let got = sentences(&[MALFORMED], None);
    assert_eq!(
        got,
        [
            "Unclosed heading",
            "First paragraph with bold text",
            "Second paragraph after a stray end tag.",
            "an item",
            "another item",
            "trailing text with no end"
        ]
    );
    // A page with no text is classified like an empty text file: no
    // sentence, a neutral article.
    let dir = tempfile::tempdir().unwrap();
    let empty_page = dir.path().join("empty.html");
    std::fs::write(
        &empty_page,
        "<html><head><title>Only a title</title><script>x()</script></head><body></body></html>",
    )
    .unwrap();
    let empty_text = dir.path().join("empty.txt");
    std::fs::write(&empty_text, "").unwrap();
    let doc = json(&classify(
        &["--format", "json", &arg(&empty_page), &arg(&empty_text)],
        None,
    ));
    let a = doc["articles"].as_array().unwrap();
    assert_eq!(a.len(), 2);
    assert_eq!(a[0]["sentences"], a[1]["sentences"]);
    assert_eq!(a[0]["summary"], a[1]["summary"]);
    assert_eq!(a[0]["sentences"].as_array().unwrap().len(), 0);
}

fn refused(dir: &Path, name: &str, bytes: &[u8], needle: &str) {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let o = stance().args(["classify", &arg(&path)]).output().unwrap();
    let msg = assert_input_error(&o, &format!("{}{needle}", path.display()));
    assert!(msg.contains("not a text file"), "{msg}");
    assert!(o.stdout.is_empty(), "{}", stdout(&o));
}

#[test]
fn binary_or_non_utf8_pages_are_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0";
    refused(dir.path(), "image.html", png, ": ");
    refused(dir.path(), "image.htm", png, ": ");
    refused(dir.path(), "image.md", png, ": ");
    // A page sniffed by content, then found binary further on.
    let mut sniffed = b"<!DOCTYPE html><p>Fine start.</p>\n".to_vec();
    sniffed.extend_from_slice(b"\0\0binary tail");
    refused(dir.path(), "sniffed.txt", &sniffed, ": ");
    refused(
        dir.path(),
        "latin1.html",
        b"<p>First line.</p>\n<p>Caf\xe9 cr\xe8me.</p>\n",
        ":2: ",
    );
    // Inside a directory, after a good page: the good page is printed, the
    // bad one named, exit code 2.
    let sub = dir.path().join("pages");
    std::fs::create_dir(&sub).unwrap();
    std::fs::copy(repo_file(PAGE), sub.join("a.html")).unwrap();
    std::fs::write(sub.join("b.html"), png).unwrap();
    let o = stance()
        .args(["classify", "--format", "jsonl", &arg(&sub)])
        .output()
        .unwrap();
    assert_input_error(&o, &format!("{}: ", sub.join("b.html").display()));
    assert_eq!(stdout(&o).lines().count(), PAGE_SENTENCES.len());
}
