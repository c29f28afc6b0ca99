//! `classify --format html`: one self-contained page with every article's
//! sentences highlighted by label (icon + colour, shade = confidence), the
//! probabilities and top features of a sentence on hover or keyboard focus,
//! a stance bar per article, and for several articles a summary chart and a
//! table sortable by stance share.
//!
//! Written as the sentences stream in: each article's stance bar and the
//! summary are only known at their end, so they are written after what they
//! describe and put on top by CSS `order` (the page still reads in order
//! without styles).

use std::fmt::Write as _;
use std::io::{self, Write};

use super::charts::{stance_bar, summary_chart};
use super::style::{escape, label_styles, legend, page_head, page_tail, LabelStyle};
use crate::article::{ArticleSummary, LabeledSentence};
use crate::report::articles::weighted_shares_text;

/// Top features shown per sentence when the user did not ask for a number.
pub const DEFAULT_EXPLAIN: usize = 5;

/// Streams the HTML report of `classify`.
pub struct HtmlArticleWriter<W: Write> {
    out: W,
    styles: Vec<LabelStyle>,
    title: String,
    /// Articles so far: source and summary (for the closing summary).
    done: Vec<(String, ArticleSummary, usize)>,
    source: String,
    sentences: usize,
    started: bool,
}

impl<W: Write> HtmlArticleWriter<W> {
    /// A writer for a model with these labels; `title` heads the page.
    pub fn new(out: W, labels: &[String], title: &str) -> Self {
        HtmlArticleWriter {
            out,
            styles: label_styles(labels),
            title: title.to_string(),
            done: Vec::new(),
            source: String::new(),
            sentences: 0,
            started: false,
        }
    }

    fn begin_document(&mut self) -> io::Result<()> {
        self.started = true;
        let head = page_head(&self.title, &self.styles, ARTICLE_CSS);
        self.out.write_all(head.as_bytes())?;
        write!(
            self.out,
            "<header class=\"top\"><h1>{}</h1>\n<p class=\"muted\">Each sentence is marked with its label's icon and colour; a darker shade means a more confident label. Hover over a sentence, or tab to it, for its probabilities and the features that decided it.</p>\n{}</header>\n",
            escape(&self.title),
            legend(&self.styles)
        )
    }

    fn index_of(&self, label: &str) -> usize {
        self.styles
            .iter()
            .position(|s| s.label == label)
            .unwrap_or(0)
    }

    /// Start an article.
    pub fn begin_article(&mut self, source: &str) -> io::Result<()> {
        if !self.started {
            self.begin_document()?;
        }
        let id = self.done.len() + 1;
        write!(
            self.out,
            "<section class=\"article\" id=\"a{id}\" aria-labelledby=\"h{id}\">\n<h2 id=\"h{id}\">{}</h2>\n<div class=\"text\">\n",
            escape(source)
        )?;
        source.clone_into(&mut self.source);
        self.sentences = 0;
        Ok(())
    }

    /// Write the current article's next sentence.
    pub fn sentence(&mut self, s: &LabeledSentence) -> io::Result<()> {
        let i = self.index_of(&s.label);
        let k = self.styles.len().max(2) as f64;
        // Shade from faint (at chance) to strong (certain).
        let strength = ((s.confidence - 1.0 / k) / (1.0 - 1.0 / k)).clamp(0.0, 1.0);
        let alpha = 0.08 + 0.42 * strength;
        let mut tip = String::new();
        let mut probs: Vec<(&String, &f64)> = s.probabilities.iter().collect();
        probs.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));
        let probs: Vec<String> = probs
            .iter()
            .map(|(l, p)| format!("{} {:.2}", escape(l), p))
            .collect();
        let _ = write!(tip, "<b>{}</b>", probs.join(" · "));
        if let Some(features) = s.explain.as_ref().filter(|f| !f.is_empty()) {
            tip.push_str("<br>Top features for this label:<ul>");
            for c in features {
                let _ = write!(tip, "<li>{:+.2} {}</li>", c.contribution, escape(&c.shown));
            }
            tip.push_str("</ul>");
        }
        writeln!(
            self.out,
            "<span class=\"s {c}\" style=\"--a:{alpha:.3}\" tabindex=\"0\" data-label=\"{label}\" data-confidence=\"{conf:.4}\"><span class=\"icon\" aria-hidden=\"true\"></span><span class=\"sr\">{label} ({conf:.2}): </span>{text}<span class=\"tip\" role=\"tooltip\">{tip}</span></span>",
            c = self.styles[i].class(i),
            label = escape(&s.label),
            conf = s.confidence,
            text = escape(&s.text),
        )?;
        self.sentences += 1;
        Ok(())
    }

    /// End the current article: its stance line and bar.
    pub fn end_article(&mut self, summary: &ArticleSummary) -> io::Result<()> {
        let shares: Vec<f64> = self
            .styles
            .iter()
            .map(|s| summary.shares.get(&s.label).copied().unwrap_or(0.0))
            .collect();
        let caption: Vec<String> = self
            .styles
            .iter()
            .zip(&shares)
            .map(|(s, p)| {
                format!(
                    "{} {} {:.0}% ({})",
                    s.icon,
                    escape(&s.label),
                    100.0 * p,
                    summary.counts.get(&s.label).copied().unwrap_or(0)
                )
            })
            .collect();
        let bar = stance_bar(&self.styles, &shares)?;
        let n = self.sentences;
        write!(
            self.out,
            "</div>\n<div class=\"stance\"><p>Stance: <strong>{}</strong> · {n} sentence{}{} · weighted by confidence: {}</p>\n<figure role=\"img\" aria-label=\"{}\">{bar}<figcaption>{}</figcaption></figure></div>\n</section>\n",
            escape(&summary.stance),
            if n == 1 { "" } else { "s" },
            if summary.below_min_confidence > 0 {
                format!(
                    " ({} below the confidence threshold left out)",
                    summary.below_min_confidence
                )
            } else {
                String::new()
            },
            escape(&weighted_shares_text(summary)),
            caption.join(", "),
            caption.join(" · ")
        )?;
        self.done
            .push((self.source.clone(), summary.clone(), self.sentences));
        Ok(())
    }

    /// The summary (for several articles) and the end of the page.
    pub fn finish(mut self) -> io::Result<W> {
        if !self.started {
            self.begin_document()?;
        }
        if self.done.len() > 1 {
            let summary = self.summary()?;
            self.out.write_all(summary.as_bytes())?;
        }
        self.out.write_all(page_tail(SORT_SCRIPT).as_bytes())?;
        self.out.flush()?;
        Ok(self.out)
    }

    fn summary(&self) -> io::Result<String> {
        let rows: Vec<(String, Vec<f64>)> = self
            .done
            .iter()
            .map(|(source, summary, _)| {
                let shares = self
                    .styles
                    .iter()
                    .map(|s| summary.shares.get(&s.label).copied().unwrap_or(0.0))
                    .collect();
                (source.clone(), shares)
            })
            .collect();
        let chart = summary_chart(&self.styles, &rows)?;
        let mut html = format!(
            "<section class=\"summary\" aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">{} articles</h2>\n<figure role=\"img\" aria-label=\"share of sentences per label in each article\">{chart}</figure>\n<div class=\"scroll\"><table class=\"sortable\">\n<thead><tr><th scope=\"col\"><button type=\"button\">Article</button></th><th scope=\"col\" class=\"num\"><button type=\"button\">Sentences</button></th><th scope=\"col\"><button type=\"button\">Stance</button></th>",
            self.done.len()
        );
        for (i, s) in self.styles.iter().enumerate() {
            let _ = write!(
                html,
                "<th scope=\"col\" class=\"num {}\"><button type=\"button\"><span class=\"icon\" aria-hidden=\"true\"></span> {} %</button></th>",
                s.class(i),
                escape(&s.label)
            );
        }
        html.push_str("</tr></thead>\n<tbody>\n");
        for (n, ((source, summary, sentences), (_, shares))) in
            self.done.iter().zip(&rows).enumerate()
        {
            let _ = write!(
                html,
                "<tr><td data-v=\"{src}\"><a href=\"#a{id}\">{src}</a></td><td class=\"num\" data-v=\"{sentences}\">{sentences}</td><td class=\"stance\" data-v=\"{stance}\">{stance}</td>",
                src = escape(source),
                id = n + 1,
                stance = escape(&summary.stance)
            );
            for share in shares {
                let _ = write!(
                    html,
                    "<td class=\"num\" data-v=\"{share:.6}\">{:.0}</td>",
                    100.0 * share
                );
            }
            html.push_str("</tr>\n");
        }
        html.push_str("</tbody></table></div>\n<p class=\"muted\">Click a column's header to sort by it; click again to reverse.</p>\n</section>\n");
        Ok(html)
    }
}

impl<W: Write> crate::report::articles::ArticleOutput for HtmlArticleWriter<W> {
    fn begin_article(&mut self, source: &str) -> io::Result<()> {
        HtmlArticleWriter::begin_article(self, source)
    }
    fn sentence(&mut self, s: &LabeledSentence) -> io::Result<()> {
        HtmlArticleWriter::sentence(self, s)
    }
    fn end_article(&mut self, summary: &ArticleSummary) -> io::Result<()> {
        HtmlArticleWriter::end_article(self, summary)
    }
}

const ARTICLE_CSS: &str = r#"
.top{order:-2}
.summary{order:-1}
.article{display:flex;flex-direction:column;gap:.5rem}
.article h2{order:-2}
.article .stance{order:-1}
.article .stance p{margin:0}
.text{line-height:1.9}
.s{background:rgba(var(--r),var(--g),var(--b),var(--a));border-radius:3px;padding:.1em .2em;position:relative;cursor:help;-webkit-box-decoration-break:clone;box-decoration-break:clone}
.s .icon{color:rgb(var(--r),var(--g),var(--b));font-size:.8em;margin-right:.25em}
.s:focus{outline:2px solid var(--ink);outline-offset:1px}
.tip{display:none;position:absolute;left:0;top:100%;z-index:10;width:min(24rem,85vw);background:#222;color:#fff;padding:.45rem .6rem;border-radius:6px;font-size:.85rem;line-height:1.4;box-shadow:0 2px 8px rgba(0,0,0,.3)}
.tip ul{margin:.2rem 0 0;padding-left:1.1rem}
.s:hover .tip,.s:focus .tip{display:block}
th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit;text-align:inherit}
th[aria-sort=ascending] button::after{content:" ↑"}
th[aria-sort=descending] button::after{content:" ↓"}
td.stance{white-space:nowrap}
th .icon::before{color:rgb(var(--r),var(--g),var(--b))}
"#;

/// Sorts a `table.sortable` by the clicked column (numbers as numbers). A
/// link ending in `#sort=N` (or `#sort=N-desc`) opens the page sorted by
/// column N (0-based), so a sorted view can be shared.
pub(crate) const SORT_SCRIPT: &str = r#""use strict";
function sortTable(table, col, ascending) {
  var heads = table.querySelectorAll("thead th");
  heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
  heads[col].setAttribute("aria-sort", ascending ? "ascending" : "descending");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  rows.sort(function (a, b) {
    var x = a.cells[col].getAttribute("data-v"), y = b.cells[col].getAttribute("data-v");
    var nx = parseFloat(x), ny = parseFloat(y);
    var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
    return ascending ? c : -c;
  });
  rows.forEach(function (r) { body.appendChild(r); });
}
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("thead th").forEach(function (th, col) {
    var button = th.querySelector("button");
    if (!button) { return; }
    button.addEventListener("click", function () {
      sortTable(table, col, th.getAttribute("aria-sort") !== "ascending");
    });
  });
  var wanted = /^#sort=(\d+)(-desc)?$/.exec(window.location.hash);
  if (wanted && Number(wanted[1]) < table.querySelectorAll("thead th").length) {
    sortTable(table, Number(wanted[1]), !wanted[2]);
  }
});
document.documentElement.setAttribute("data-ready", "1");
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn labels() -> Vec<String> {
        ["neutral", "pro-closed", "pro-open"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    fn sentence(text: &str, label: &str, confidence: f64) -> LabeledSentence {
        let mut probabilities = BTreeMap::new();
        for l in labels() {
            let p = if l == label {
                confidence
            } else {
                (1.0 - confidence) / 2.0
            };
            probabilities.insert(l, p);
        }
        LabeledSentence {
            index: 0,
            start: 0,
            end: text.len(),
            text: text.into(),
            label: label.into(),
            confidence,
            probabilities,
            explain: None,
        }
    }

    fn summary(stance: &str, open: f64) -> ArticleSummary {
        let shares: BTreeMap<String, f64> = [
            ("neutral".to_string(), 1.0 - open),
            ("pro-closed".to_string(), 0.0),
            ("pro-open".to_string(), open),
        ]
        .into_iter()
        .collect();
        ArticleSummary {
            counts: shares
                .iter()
                .map(|(l, s)| (l.clone(), (s * 10.0) as usize))
                .collect(),
            weights: shares.iter().map(|(l, s)| (l.clone(), s * 10.0)).collect(),
            weighted_shares: shares.clone(),
            shares,
            stance: stance.into(),
            below_min_confidence: 0,
        }
    }

    fn page(articles: &[(&str, Vec<LabeledSentence>, ArticleSummary)]) -> String {
        let mut w = HtmlArticleWriter::new(Vec::new(), &labels(), "Report");
        for (source, sentences, s) in articles {
            w.begin_article(source).unwrap();
            for x in sentences {
                w.sentence(x).unwrap();
            }
            w.end_article(s).unwrap();
        }
        String::from_utf8(w.finish().unwrap()).unwrap()
    }

    #[test]
    fn one_article_page_marks_sentences_without_a_summary_table() {
        let html = page(&[(
            "a <b>.txt",
            vec![
                sentence("Open it <now>.", "pro-open", 0.9),
                sentence("Fine.", "neutral", 0.5),
            ],
            summary("pro-open", 0.5),
        )]);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.ends_with("</html>\n"));
        assert!(html.contains("<h2 id=\"h1\">a &lt;b&gt;.txt</h2>"));
        assert!(html.contains("Open it &lt;now&gt;."));
        assert!(html.contains("<span class=\"sr\">pro-open (0.90): </span>"));
        assert!(html.contains("Stance: <strong>pro-open</strong> · 2 sentences"));
        assert!(!html.contains("<table"));
        // Self-contained: nothing loaded from anywhere.
        assert!(
            !html.contains("src=") && !html.contains("href=\"http") && !html.contains("@import")
        );
    }

    #[test]
    fn several_articles_get_a_chart_and_a_sortable_table() {
        let html = page(&[
            (
                "a.txt",
                vec![sentence("A.", "pro-open", 0.8)],
                summary("pro-open", 1.0),
            ),
            (
                "b.txt",
                vec![sentence("B.", "neutral", 0.8)],
                summary("neutral", 0.0),
            ),
        ]);
        assert!(html.contains("<section class=\"summary\""));
        assert!(html.contains("<table class=\"sortable\">"));
        assert!(html.contains("<a href=\"#a2\">b.txt</a>"));
        assert_eq!(html.matches("<svg").count(), 3, "two bars and the chart");
    }
}
