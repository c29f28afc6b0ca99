//! The charts of the HTML reports, drawn with plotters' SVG backend (text as
//! SVG `<text>` in the page's sans-serif font: no font files are read or
//! embedded). Each function returns one `<svg>` element with a `viewBox`,
//! so the page can scale it to a narrow window.

use std::io;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::LabelStyle;
use crate::eval::metrics::Metrics;

fn color(s: &LabelStyle) -> RGBColor {
    RGBColor(s.rgb.0, s.rgb.1, s.rgb.2)
}

fn chart_error<E: std::fmt::Debug>(e: E) -> io::Error {
    io::Error::other(format!("drawing a chart failed: {e:?}"))
}

/// Draw on a `width x height` SVG and return it.
fn svg(
    width: u32,
    height: u32,
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> io::Result<()>,
) -> io::Result<String> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_error)?;
        draw(&root)?;
        root.present().map_err(chart_error)?;
    }
    Ok(out)
}

fn centered(size: u32) -> TextStyle<'static> {
    ("sans-serif", size)
        .into_font()
        .color(&WHITE)
        .pos(Pos::new(HPos::Center, VPos::Center))
}

/// A 100% stacked bar of label shares: one segment per label, each with its
/// icon and percentage written on it when there is room.
pub(crate) fn stance_bar(styles: &[LabelStyle], shares: &[f64]) -> io::Result<String> {
    const W: i32 = 640;
    const H: i32 = 34;
    svg(W as u32, H as u32, |root| {
        let mut x = 0.0f64;
        for (s, &share) in styles.iter().zip(shares) {
            let w = share * W as f64;
            if w <= 0.0 {
                continue;
            }
            let (x0, x1) = (x.round() as i32, (x + w).round() as i32);
            root.draw(&Rectangle::new([(x0, 0), (x1, H)], color(s).filled()))
                .map_err(chart_error)?;
            if x1 - x0 >= 56 {
                let text = format!("{} {:.0}%", s.icon, 100.0 * share);
                root.draw(&Text::new(text, ((x0 + x1) / 2, H / 2), centered(15)))
                    .map_err(chart_error)?;
            }
            x += w;
        }
        Ok(())
    })
}

/// One 100% stacked bar per article (label shares), article names on the
/// left, the share axis below.
pub(crate) fn summary_chart(
    styles: &[LabelStyle],
    articles: &[(String, Vec<f64>)],
) -> io::Result<String> {
    let n = articles.len().max(1);
    let height = 70 + 30 * n as u32;
    // The first article on top: row `n - 1 - i` holds article `i`.
    let row_of = |i: usize| n - 1 - i;
    svg(760, height, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(10)
            .x_label_area_size(36)
            .y_label_area_size(190)
            .build_cartesian_2d(0f64..100f64, (0..n - 1).into_segmented())
            .map_err(chart_error)?;
        // File names, not whole paths: the table below has the paths.
        let names: Vec<String> = articles
            .iter()
            .rev()
            .map(|(name, _)| {
                let file = std::path::Path::new(name)
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_else(|| name.clone());
                crate::report::articles::shorten(&file, 26)
            })
            .collect();
        chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(TRANSPARENT)
            .x_desc("share of sentences (%)")
            .x_label_formatter(&|v| format!("{v:.0}"))
            .y_labels(n)
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => names.get(*i).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .label_style(("sans-serif", 13))
            .draw()
            .map_err(chart_error)?;
        for (i, (_, shares)) in articles.iter().enumerate() {
            let row = row_of(i);
            let mut x = 0.0f64;
            for (s, &share) in styles.iter().zip(shares) {
                let w = 100.0 * share;
                if w > 0.0 {
                    chart
                        .draw_series(std::iter::once(Rectangle::new(
                            [
                                (x, SegmentValue::Exact(row)),
                                (x + w, SegmentValue::Exact(row + 1)),
                            ],
                            color(s).filled(),
                        )))
                        .map_err(chart_error)?;
                    if w >= 9.0 {
                        chart
                            .draw_series(std::iter::once(Text::new(
                                format!("{} {:.0}", s.icon, w),
                                (x + w / 2.0, SegmentValue::CenterOf(row)),
                                centered(12),
                            )))
                            .map_err(chart_error)?;
                    }
                }
                x += w;
            }
        }
        Ok(())
    })
}

/// The confusion matrix as a heatmap: rows are gold labels, columns the
/// predictions, each cell shaded by its share of the row and labelled with
/// its count and that share.
pub(crate) fn confusion_heatmap(metrics: &Metrics) -> io::Result<String> {
    let labels = &metrics.confusion.labels;
    let k = labels.len().max(1) as i32;
    let cell = (420 / k).clamp(40, 120);
    let (left, top) = (150, 60);
    let (w, h) = (left + cell * k + 20, top + cell * k + 20);
    svg(w as u32, h as u32, |root| {
        let label_style = ("sans-serif", 14).into_font().color(&BLACK);
        root.draw(&Text::new(
            "predicted →",
            (left + cell * k / 2, 8),
            label_style.clone().pos(Pos::new(HPos::Center, VPos::Top)),
        ))
        .map_err(chart_error)?;
        root.draw(&Text::new(
            "gold ↓",
            (8, top - 22),
            label_style.clone().pos(Pos::new(HPos::Left, VPos::Top)),
        ))
        .map_err(chart_error)?;
        for (j, l) in labels.iter().enumerate() {
            let x = left + cell * j as i32 + cell / 2;
            root.draw(&Text::new(
                crate::report::articles::shorten(l, 14),
                (x, top - 26),
                label_style.clone().pos(Pos::new(HPos::Center, VPos::Top)),
            ))
            .map_err(chart_error)?;
        }
        for (i, row) in metrics.confusion.matrix.iter().enumerate() {
            let total: u64 = row.iter().sum();
            let y = top + cell * i as i32;
            root.draw(&Text::new(
                crate::report::articles::shorten(&labels[i], 18),
                (left - 8, y + cell / 2),
                label_style.clone().pos(Pos::new(HPos::Right, VPos::Center)),
            ))
            .map_err(chart_error)?;
            for (j, &count) in row.iter().enumerate() {
                let share = if total > 0 {
                    count as f64 / total as f64
                } else {
                    0.0
                };
                // Blue for the diagonal (right), vermillion elsewhere (wrong).
                let base = if i == j {
                    (0.0, 114.0, 178.0)
                } else {
                    (213.0, 94.0, 0.0)
                };
                let mix = |c: f64| (255.0 - (255.0 - c) * share.sqrt()).round() as u8;
                let fill = RGBColor(mix(base.0), mix(base.1), mix(base.2));
                let x = left + cell * j as i32;
                root.draw(&Rectangle::new(
                    [(x, y), (x + cell, y + cell)],
                    fill.filled(),
                ))
                .map_err(chart_error)?;
                root.draw(&Rectangle::new(
                    [(x, y), (x + cell, y + cell)],
                    RGBColor(200, 200, 200).stroke_width(1),
                ))
                .map_err(chart_error)?;
                let ink = if share > 0.45 { WHITE } else { BLACK };
                let style = ("sans-serif", 14)
                    .into_font()
                    .color(&ink)
                    .pos(Pos::new(HPos::Center, VPos::Center));
                root.draw(&Text::new(
                    format!("{count}"),
                    (x + cell / 2, y + cell / 2 - 8),
                    style.clone(),
                ))
                .map_err(chart_error)?;
                root.draw(&Text::new(
                    format!("{:.0}%", 100.0 * share),
                    (x + cell / 2, y + cell / 2 + 10),
                    style,
                ))
                .map_err(chart_error)?;
            }
        }
        Ok(())
    })
}

/// Precision, recall and F1 of each label as grouped bars, each bar named
/// (P, R, F1) and valued on the chart, not only coloured.
pub(crate) fn prf_bars(metrics: &Metrics) -> io::Result<String> {
    let labels = &metrics.labels;
    let n = labels.len().max(1);
    svg(760, 320, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(10)
            .x_label_area_size(34)
            .y_label_area_size(44)
            .build_cartesian_2d((0..n - 1).into_segmented(), 0f64..1.05f64)
            .map_err(chart_error)?;
        let names = labels.clone();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(TRANSPARENT)
            .x_labels(n)
            .x_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => names.get(*i).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .y_desc("score")
            .label_style(("sans-serif", 13))
            .draw()
            .map_err(chart_error)?;
        let kinds = [
            ("P", RGBColor(120, 120, 130)),
            ("R", RGBColor(70, 70, 80)),
            ("F1", RGBColor(0, 114, 178)),
        ];
        for (i, label) in labels.iter().enumerate() {
            let Some(s) = metrics.per_label.get(label) else {
                continue;
            };
            let values = [s.precision, s.recall, s.f1];
            let area = chart.plotting_area();
            let (x0, _) = area.map_coordinate(&(SegmentValue::Exact(i), 0.0));
            let (x1, y_base) = area.map_coordinate(&(SegmentValue::Exact(i + 1), 0.0));
            let slot = (x1 - x0) / 4;
            for (b, ((name, fill), value)) in kinds.iter().zip(values).enumerate() {
                let (_, y_top) = area.map_coordinate(&(SegmentValue::Exact(i), value));
                let left = x0 + slot / 2 + slot * b as i32;
                let right = left + slot - 4;
                root.draw(&Rectangle::new(
                    [(left, y_top), (right, y_base)],
                    fill.filled(),
                ))
                .map_err(chart_error)?;
                let above = ("sans-serif", 12)
                    .into_font()
                    .color(&BLACK)
                    .pos(Pos::new(HPos::Center, VPos::Bottom));
                root.draw(&Text::new(
                    format!("{name} {value:.2}"),
                    ((left + right) / 2, y_top - 3),
                    above,
                ))
                .map_err(chart_error)?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::html::style::label_styles;

    fn labels() -> Vec<String> {
        ["neutral", "pro-closed", "pro-open"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn charts_are_scalable_svg_with_their_text() {
        let styles = label_styles(&labels());
        let bar = stance_bar(&styles, &[0.2, 0.1, 0.7]).unwrap();
        assert!(bar.starts_with("<svg") && bar.contains("viewBox"));
        assert!(bar.contains("▲ 70%"), "{bar}");
        let chart = summary_chart(
            &styles,
            &[
                ("a.txt".into(), vec![0.5, 0.5, 0.0]),
                ("b <x>.txt".into(), vec![0.0, 0.0, 1.0]),
            ],
        )
        .unwrap();
        assert!(chart.contains("b &lt;x&gt;.txt"), "names are escaped");
        let m = Metrics::compute(&labels(), &[0, 1, 2, 2], &[0, 2, 2, 2]);
        let heat = confusion_heatmap(&m).unwrap();
        assert!(heat.contains("predicted →") && heat.contains("100%"));
        let bars = prf_bars(&m).unwrap();
        assert!(bars.contains("F1 0.80"), "{bars}");
    }
}
