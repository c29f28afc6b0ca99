//! The HTML reports rendered in a real browser: headless Chromium (Debian's
//! `chromium`, installed by `.ci/run`) loads each page from disk, must log
//! nothing to its console (no script errors), must run the page script
//! (the `data-ready` mark, the `#sort=` link), and its screenshot must show
//! the regions the page is made of, found by their colours.
//!
//! Without Chromium they print SKIPPED and how to install it, so a fresh
//! clone's `cargo test --release` passes; in CI (`CI=true`) a missing
//! browser is a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

/// Pro-open blue, pro-closed vermillion and neutral grey, as the pages draw them.
const BLUE: (u8, u8, u8) = (0, 114, 178);
const VERMILLION: (u8, u8, u8) = (213, 94, 0);
const GREY: (u8, u8, u8) = (140, 140, 140);

fn chromium() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("STANCE_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// The browser, or None (with a SKIPPED line saying how to enable the test)
/// on a machine without one. CI (`CI=true`, as `.ci/run` runs) installs
/// Chromium and requires it: there a missing browser is a failure.
fn browser_or_skip(test: &str) -> Option<PathBuf> {
    match chromium() {
        Some(p) => Some(p),
        None if std::env::var("CI").as_deref() == Ok("true") => panic!(
            "{test}: Chromium is required in CI (CI=true) but not installed; .ci/run installs \
             Debian's `chromium` package"
        ),
        None => {
            eprintln!(
                "{test}: SKIPPED: Chromium not found. To run it, install Debian's `chromium` \
                 package (apt-get install chromium) or point STANCE_CHROMIUM at a Chromium binary."
            );
            None
        }
    }
}

/// Run headless Chromium on a local page with `mode` (`--dump-dom` or
/// `--screenshot=FILE`); returns (stdout, the console lines it logged).
fn run_chromium(browser: &Path, url: &str, mode: &str, size: &str) -> (String, Vec<String>) {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--window-size={size}"))
        .arg(mode)
        .arg(url)
        .output()
        .expect("Chromium starts");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "Chromium failed on {url}:\n{stderr}");
    let console = stderr
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_string)
        .collect();
    (String::from_utf8_lossy(&out.stdout).into_owned(), console)
}

fn write_page(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let o = stance().args(args).output().unwrap();
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    let path = dir.join(name);
    std::fs::write(&path, &o.stdout).unwrap();
    path
}

/// A decoded RGBA screenshot.
struct Shot {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

impl Shot {
    fn load(path: &Path) -> Shot {
        let decoder = png::Decoder::new(std::fs::File::open(path).unwrap());
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        let channels = info.color_type.samples();
        let pixels = buf
            .chunks(channels)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        Shot {
            width: info.width as usize,
            height: info.height as usize,
            pixels,
        }
    }

    fn is(&self, x: usize, y: usize, c: (u8, u8, u8)) -> bool {
        let i = 3 * (y * self.width + x);
        let near = |a: u8, b: u8| a.abs_diff(b) <= 6;
        near(self.pixels[i], c.0) && near(self.pixels[i + 1], c.1) && near(self.pixels[i + 2], c.2)
    }

    /// Rows (y) holding at least `min` pixels of colour `c`.
    fn rows_with(&self, c: (u8, u8, u8), min: usize) -> Vec<usize> {
        (0..self.height)
            .filter(|&y| (0..self.width).filter(|&x| self.is(x, y, c)).count() >= min)
            .collect()
    }
}

#[test]
fn classify_report_renders_with_its_regions() {
    let Some(browser) = browser_or_skip("classify_report_renders_with_its_regions") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = write_page(
        dir.path(),
        "articles.html",
        &[
            "classify",
            "--format",
            "html",
            "data/articles/news_report.txt",
            "data/articles/oped_closed.txt",
            "data/articles/oped_open.txt",
        ],
    );
    let url = format!("file://{}", page.display());

    // Loads without console output and runs its script; a #sort= link
    // opens the table sorted (column 5 = pro-open %, descending).
    let (dom, console) = run_chromium(
        &browser,
        &format!("{url}#sort=5-desc"),
        "--dump-dom",
        "1200,1600",
    );
    assert!(console.is_empty(), "console output: {console:#?}");
    assert!(
        dom.contains("data-ready=\"1\""),
        "the page script did not run"
    );
    let body = &dom[dom.find("<tbody>").expect("the summary table")..];
    let order: Vec<usize> = ["oped_open.txt", "news_report.txt", "oped_closed.txt"]
        .iter()
        .map(|n| body.find(n).unwrap_or(usize::MAX))
        .collect();
    let open_first = order[0] < order[1] && order[0] < order[2];
    assert!(
        open_first,
        "the pro-open op-ed (last on the command line) sorts first by pro-open share"
    );
    assert!(dom.contains("aria-sort=\"descending\""));

    // The screenshot: the summary chart (rows with all three label colours
    // side by side), then each article's stance bar and highlighted text.
    let png = dir.path().join("articles.png");
    let (_, console) = run_chromium(
        &browser,
        &url,
        &format!("--screenshot={}", png.display()),
        "1200,1600",
    );
    assert!(console.is_empty(), "console output: {console:#?}");
    let shot = Shot::load(&png);
    assert_eq!((shot.width, shot.height), (1200, 1600));
    let blue = shot.rows_with(BLUE, 40);
    let vermillion = shot.rows_with(VERMILLION, 40);
    let grey = shot.rows_with(GREY, 40);
    let chart_rows: Vec<usize> = blue
        .iter()
        .copied()
        .filter(|y| vermillion.contains(y) && grey.contains(y))
        .collect();
    assert!(
        chart_rows.len() >= 40,
        "expected stacked bars with all three colours, found {} rows",
        chart_rows.len()
    );
    // The page heading is above the chart: dark text near the top.
    let ink_rows = (0..chart_rows[0])
        .filter(|&y| (0..shot.width).any(|x| shot.is(x, y, (29, 29, 31))))
        .count();
    assert!(ink_rows > 5, "no heading text above the chart");
}

#[test]
fn evaluate_report_renders_with_its_regions() {
    let Some(browser) = browser_or_skip("evaluate_report_renders_with_its_regions") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = write_page(
        dir.path(),
        "eval.html",
        &["evaluate", "--data", "data/test.csv", "--format", "html"],
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("By kind") && html.contains("By hard"));
    assert!(html.contains("Most confident mistakes"));
    let url = format!("file://{}", page.display());
    let (dom, console) = run_chromium(&browser, &url, "--dump-dom", "1000,1400");
    assert!(console.is_empty(), "console output: {console:#?}");
    assert!(dom.contains("data-ready=\"1\""));

    let png = dir.path().join("eval.png");
    run_chromium(
        &browser,
        &url,
        &format!("--screenshot={}", png.display()),
        "1000,1400",
    );
    let shot = Shot::load(&png);
    // The heatmap's diagonal: full-strength blue cells on three bands of rows.
    let heat = shot.rows_with(BLUE, 60);
    assert!(
        heat.len() > 100,
        "heatmap diagonal not found ({} rows)",
        heat.len()
    );
    // In a narrow window the charts scale down with the page (their
    // viewBox): the heatmap's diagonal is still there, smaller.
    let narrow = dir.path().join("narrow.png");
    run_chromium(
        &browser,
        &url,
        &format!("--screenshot={}", narrow.display()),
        "400,1400",
    );
    let shot = Shot::load(&narrow);
    assert_eq!(shot.width, 400);
    let heat_narrow = shot.rows_with(BLUE, 20);
    assert!(
        heat_narrow.len() > 30 && heat_narrow.len() < heat.len(),
        "narrow heatmap rows: {} (wide: {})",
        heat_narrow.len(),
        heat.len()
    );
}
