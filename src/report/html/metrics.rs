//! `evaluate --format html`: the confusion matrix as a heatmap, per-label
//! precision / recall / F1 as bars (each chart followed by the same numbers
//! as a table, for screen readers and copying), accuracy and macro-F1 per
//! value of the breakdown columns (`kind`, `hard`, `--by`), and the most
//! confident mistakes.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::charts::{confusion_heatmap, prf_bars};
use super::style::{escape, label_styles, legend, page_head, page_tail};
use crate::report::metrics::{Breakdown, MetricsReport};

/// Write the evaluation page. `breakdowns` are shown in order; the report's
/// own `errors` are the mistakes listed.
pub fn write_metrics_html(
    out: &mut dyn Write,
    title: &str,
    report: &MetricsReport,
    breakdowns: &[Breakdown],
) -> io::Result<()> {
    let m = &report.metrics;
    let styles = label_styles(&m.labels);
    let mut html = page_head(title, &styles, METRICS_CSS);
    let _ = write!(
        html,
        "<header><h1>{}</h1>\n<dl class=\"headline\"><div><dt>rows</dt><dd>{}</dd></div><div><dt>accuracy</dt><dd>{:.4}</dd></div><div><dt>macro-F1</dt><dd>{:.4}</dd></div>",
        escape(title),
        m.n,
        m.accuracy,
        m.macro_f1
    );
    if let (Some(f), Some(labels)) = (report.favg, &report.favg_labels) {
        let _ = write!(
            html,
            "<div><dt>F_avg ({})</dt><dd>{f:.4}</dd></div>",
            escape(&labels.join(", "))
        );
    }
    html.push_str("</dl></header>\n");

    // Confusion matrix.
    let heat = confusion_heatmap(m)?;
    let _ = write!(
        html,
        "<section aria-labelledby=\"cm\"><h2 id=\"cm\">Confusion matrix</h2>\n<figure role=\"img\" aria-label=\"confusion matrix heatmap; the same counts are in the table below\">{heat}<figcaption>Rows are the hand labels, columns the predictions; each cell shows its count and its share of the row (blue: right, vermillion: wrong; darker = larger share).</figcaption></figure>\n<div class=\"scroll\"><table><thead><tr><th scope=\"col\">gold \\ predicted</th>"
    );
    for l in &m.confusion.labels {
        let _ = write!(html, "<th scope=\"col\" class=\"num\">{}</th>", escape(l));
    }
    html.push_str("</tr></thead><tbody>");
    for (l, row) in m.confusion.labels.iter().zip(&m.confusion.matrix) {
        let _ = write!(html, "<tr><th scope=\"row\">{}</th>", escape(l));
        for c in row {
            let _ = write!(html, "<td class=\"num\">{c}</td>");
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table></div></section>\n");

    // Per-label scores.
    let bars = prf_bars(m)?;
    let _ = write!(
        html,
        "<section aria-labelledby=\"pl\"><h2 id=\"pl\">Per label</h2>\n<figure role=\"img\" aria-label=\"precision, recall and F1 per label; the same numbers are in the table below\">{bars}<figcaption>P = precision, R = recall; each bar carries its value.</figcaption></figure>\n<div class=\"scroll\"><table><thead><tr><th scope=\"col\">label</th><th scope=\"col\" class=\"num\">precision</th><th scope=\"col\" class=\"num\">recall</th><th scope=\"col\" class=\"num\">F1</th><th scope=\"col\" class=\"num\">support</th></tr></thead><tbody>"
    );
    for (i, l) in m.labels.iter().enumerate() {
        if let Some(s) = m.per_label.get(l) {
            let _ = write!(
                html,
                "<tr class=\"{}\"><th scope=\"row\"><span class=\"icon\" aria-hidden=\"true\"></span> {}</th><td class=\"num\">{:.3}</td><td class=\"num\">{:.3}</td><td class=\"num\">{:.3}</td><td class=\"num\">{}</td></tr>",
                styles[i].class(i),
                escape(l),
                s.precision,
                s.recall,
                s.f1,
                s.support
            );
        }
    }
    html.push_str("</tbody></table></div></section>\n");

    // Breakdowns.
    for b in breakdowns {
        let _ = write!(
            html,
            "<section aria-labelledby=\"by-{id}\"><h2 id=\"by-{id}\">By {col}</h2>\n<div class=\"scroll\"><table><thead><tr><th scope=\"col\">{col}</th><th scope=\"col\" class=\"num\">rows</th><th scope=\"col\">accuracy</th><th scope=\"col\" class=\"num\">macro-F1</th></tr></thead><tbody>",
            id = escape(&b.column).replace(' ', "-"),
            col = escape(&b.column)
        );
        for g in &b.groups {
            let value = if g.value.is_empty() {
                "(empty)".to_string()
            } else {
                escape(&g.value)
            };
            let _ = write!(
                html,
                "<tr><th scope=\"row\">{value}</th><td class=\"num\">{}</td><td><span class=\"meter\" style=\"--v:{:.4}\" aria-hidden=\"true\"></span> {:.3}</td><td class=\"num\">{:.3}</td></tr>",
                g.n, g.accuracy, g.accuracy, g.macro_f1
            );
        }
        html.push_str("</tbody></table></div></section>\n");
    }

    // Mistakes.
    if let Some(errors) = &report.errors {
        let _ = write!(
            html,
            "<section aria-labelledby=\"err\"><h2 id=\"err\">Most confident mistakes</h2>\n{}<div class=\"scroll\"><table><thead><tr><th scope=\"col\" class=\"num\">line</th><th scope=\"col\">sentence</th><th scope=\"col\">gold</th><th scope=\"col\">predicted</th><th scope=\"col\" class=\"num\">confidence</th></tr></thead><tbody>",
            legend(&styles)
        );
        if errors.is_empty() {
            html.push_str("<tr><td colspan=\"5\">No mistakes.</td></tr>");
        }
        let class_of = |label: &str| {
            m.labels
                .iter()
                .position(|l| l == label)
                .map(|i| styles[i].class(i))
                .unwrap_or_default()
        };
        for e in errors {
            let _ = write!(
                html,
                "<tr><td class=\"num\">{}</td><td>{}</td><td class=\"{}\"><span class=\"icon\" aria-hidden=\"true\"></span> {}</td><td class=\"{}\"><span class=\"icon\" aria-hidden=\"true\"></span> {}</td><td class=\"num\">{:.3}</td></tr>",
                e.line,
                escape(&e.text),
                class_of(&e.gold),
                escape(&e.gold),
                class_of(&e.predicted),
                escape(&e.predicted),
                e.confidence
            );
        }
        html.push_str("</tbody></table></div></section>\n");
    }
    html.push_str(&page_tail(
        "\"use strict\";\ndocument.documentElement.setAttribute(\"data-ready\", \"1\");\n",
    ));
    out.write_all(html.as_bytes())
}

const METRICS_CSS: &str = r#"
.headline{display:flex;flex-wrap:wrap;gap:.5rem 2rem;margin:.5rem 0}
.headline div{display:flex;flex-direction:column}
.headline dt{color:var(--muted);font-size:.85rem}
.headline dd{margin:0;font-size:1.4rem;font-variant-numeric:tabular-nums}
.icon::before{color:rgb(var(--r),var(--g),var(--b))}
.meter{display:inline-block;width:6rem;height:.7rem;background:linear-gradient(90deg,#0072b2 calc(var(--v)*100%),#e4e4e8 0);border-radius:3px;vertical-align:middle}
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::metrics::Metrics;
    use crate::eval::run::{ErrorRow, GroupScore};

    #[test]
    fn page_has_every_part() {
        let labels: Vec<String> = ["neg", "pos"].iter().map(|s| s.to_string()).collect();
        let mut report =
            MetricsReport::new(Metrics::compute(&labels, &[0, 0, 1, 1], &[0, 1, 1, 1]));
        report.errors = Some(vec![ErrorRow {
            line: 3,
            text: "a <b> c".into(),
            gold: "neg".into(),
            predicted: "pos".into(),
            confidence: 0.9,
        }]);
        let by = Breakdown {
            column: "kind".into(),
            groups: vec![GroupScore {
                value: "news".into(),
                n: 4,
                accuracy: 0.75,
                macro_f1: 0.73,
            }],
        };
        let mut out = Vec::new();
        write_metrics_html(&mut out, "Eval", &report, &[by]).unwrap();
        let html = String::from_utf8(out).unwrap();
        assert!(html.contains("<dd>0.7500</dd>"));
        assert!(html.contains("Confusion matrix") && html.contains("<svg"));
        assert!(html.contains("<h2 id=\"by-kind\">By kind</h2>"));
        assert!(html.contains("a &lt;b&gt; c"));
        assert_eq!(html.matches("<svg").count(), 2);
    }
}
