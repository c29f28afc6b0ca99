//! What every HTML page shares: escaping, the label palette and icons, and
//! the page shell with its inline style sheet (no network, no fonts).

use std::fmt::Write as _;

/// Escape text for HTML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// How one label looks: a colour and an icon, so colour is never the only
/// cue (the icon and the label's name are shown too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LabelStyle {
    /// The label.
    pub label: String,
    /// `(r, g, b)`.
    pub rgb: (u8, u8, u8),
    /// A glyph shown beside every sentence with this label.
    pub icon: char,
}

impl LabelStyle {
    /// The colour as `#rrggbb`.
    #[cfg(test)]
    pub(crate) fn hex(&self) -> String {
        let (r, g, b) = self.rgb;
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// A CSS class name for the label (letters, digits and `-` only).
    pub(crate) fn class(&self, index: usize) -> String {
        format!("l{index}")
    }
}

/// Colour-blind-safe colours (Okabe-Ito) for stance-bearing labels, in
/// order; neutral labels get grey.
const PALETTE: &[(u8, u8, u8)] = &[
    (0, 114, 178),   // blue
    (213, 94, 0),    // vermillion
    (0, 158, 115),   // green
    (204, 121, 167), // purple
    (230, 159, 0),   // orange
    (86, 180, 233),  // sky
];
const NEUTRAL_RGB: (u8, u8, u8) = (140, 140, 140);
const ICONS: &[char] = &['▲', '▼', '◆', '■', '★', '✚'];
const NEUTRAL_ICON: char = '●';

/// The style of every label, in label order. The stance labels of the
/// default model keep fixed looks (pro-open blue ▲, pro-closed vermillion
/// ▼); any other label set takes colours and icons in order.
pub(crate) fn label_styles(labels: &[String]) -> Vec<LabelStyle> {
    let mut next = 0;
    labels
        .iter()
        .map(|label| {
            let (rgb, icon) = if crate::article::is_neutral_label(label) {
                (NEUTRAL_RGB, NEUTRAL_ICON)
            } else {
                let i = match label.as_str() {
                    "pro-open" => 0,
                    "pro-closed" => 1,
                    _ => {
                        let fixed = ["pro-open", "pro-closed"]
                            .iter()
                            .filter(|l| labels.iter().any(|x| x == *l))
                            .count();
                        next += 1;
                        fixed + next - 1
                    }
                };
                (PALETTE[i % PALETTE.len()], ICONS[i % ICONS.len()])
            };
            LabelStyle {
                label: label.clone(),
                rgb,
                icon,
            }
        })
        .collect()
}

/// The start of a page, up to and including `<main>`.
pub(crate) fn page_head(title: &str, styles: &[LabelStyle], extra_css: &str) -> String {
    let mut css = String::from(BASE_CSS);
    for (i, s) in styles.iter().enumerate() {
        let (r, g, b) = s.rgb;
        let _ = writeln!(
            css,
            ".{c}{{--r:{r};--g:{g};--b:{b}}} .{c} .icon::before{{content:\"{icon}\"}}",
            c = s.class(i),
            icon = s.icon
        );
    }
    css.push_str(extra_css);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{css}</style>\n</head>\n<body>\n<main>\n",
        escape(title)
    )
}

/// A legend: each label's icon, colour and name.
pub(crate) fn legend(styles: &[LabelStyle]) -> String {
    let mut out = String::from("<ul class=\"legend\" aria-label=\"labels\">");
    for (i, s) in styles.iter().enumerate() {
        let _ = write!(
            out,
            "<li class=\"{}\"><span class=\"swatch\"><span class=\"icon\" aria-hidden=\"true\"></span></span>{}</li>",
            s.class(i),
            escape(&s.label)
        );
    }
    out.push_str("</ul>\n");
    out
}

/// The end of a page: an optional inline script, then the closing tags.
pub(crate) fn page_tail(script: &str) -> String {
    let script = if script.is_empty() {
        String::new()
    } else {
        format!("<script>\n{script}</script>\n")
    };
    format!("</main>\n{script}</body>\n</html>\n")
}

const BASE_CSS: &str = r#"
:root{color-scheme:light;--ink:#1d1d1f;--muted:#5a5a60;--line:#d8d8dc}
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fafafa}
main{display:flex;flex-direction:column;gap:1.5rem;max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0 0}
h2{font-size:1.15rem;margin:0 0 .5rem;overflow-wrap:anywhere}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:1rem}
figure{margin:0}
figure svg{display:block;width:100%;height:auto;max-width:100%}
figcaption{color:var(--muted);font-size:.9rem}
.legend{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;padding:0;margin:.25rem 0}
.swatch{display:inline-block;width:1.3em;height:1.3em;margin-right:.3em;border-radius:3px;text-align:center;line-height:1.3em;font-size:.8em;color:#fff;background:rgb(var(--r),var(--g),var(--b));vertical-align:middle}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{border-bottom:1px solid var(--line);padding:.3rem .4rem;text-align:left;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.muted{color:var(--muted)}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            escape("<a href=\"x\">&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn styles_are_stable_and_distinct() {
        let labels: Vec<String> = ["neutral", "pro-closed", "pro-open"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let s = label_styles(&labels);
        assert_eq!(s[0].icon, '●');
        assert_eq!(s[1].icon, '▼');
        assert_eq!(s[2].icon, '▲');
        assert_eq!(s[2].hex(), "#0072b2");
        let other: Vec<String> = ["negative", "positive"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let s = label_styles(&other);
        assert_ne!(s[0].icon, s[1].icon);
        assert_ne!(s[0].rgb, s[1].rgb);
    }
}
