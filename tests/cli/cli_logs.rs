//! Logs survive: with stdout redirected to a file, `train` writes its first
//! status lines before the long fit, so a log of a killed or still-running
//! run shows them; stderr (not a terminal here) gets plain lines, never a
//! redrawn bar.

use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::*;

#[test]
fn train_status_lines_reach_a_log_file_before_the_run_ends() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("train.log");
    let err = dir.path().join("train.err");
    let out = dir.path().join("m.json");
    // Tuning on the bundled training data takes minutes: long enough that
    // the lines can only be there if they were written before the fit.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_stance"))
        .current_dir(repo())
        .args([
            "train",
            "--data",
            "data/train.csv",
            "--tune",
            "--out",
            &arg(&out),
        ])
        .stdout(Stdio::from(std::fs::File::create(&log).unwrap()))
        .stderr(Stdio::from(std::fs::File::create(&err).unwrap()))
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    let text = loop {
        let text = std::fs::read_to_string(&log).unwrap();
        if text.lines().any(|l| l.starts_with("labels ")) {
            break text;
        }
        if Instant::now() > deadline || child.try_wait().unwrap().is_some() {
            let _ = child.kill();
            panic!("no status lines while the run was going: {text:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let still_running = child.try_wait().unwrap().is_none();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(still_running, "the run ended before its log was read");

    let mut lines = text.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("data       data/train.csv ("),
        "{text}"
    );
    assert!(
        lines.next().unwrap().starts_with("labels     neutral "),
        "{text}"
    );
    // Killed before the end: no model, no temporary file.
    assert_eq!(dir_entries(dir.path()), ["train.err", "train.log"]);
    // Progress on a non-terminal: whole lines, no carriage returns.
    let progress = std::fs::read_to_string(&err).unwrap();
    assert!(!progress.contains('\r'), "{progress:?}");
    assert!(
        progress
            .lines()
            .all(|l| l.starts_with("stance: tuning alpha ")),
        "{progress:?}"
    );
}
