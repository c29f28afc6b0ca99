//! Progress of the long steps (tuning alpha, cross-validation folds,
//! classifying suggestion candidates) on stderr.
//!
//! On a terminal it is an indicatif bar, redrawn in place. Anywhere else (a
//! log file, a pipe, CI) a bar would be invisible or a mess of carriage
//! returns, and a log that stays silent for minutes looks like a hang; so
//! the same [`ProgressBar`] is kept hidden and a thread prints its state as
//! one plain line at most every [`LOG_INTERVAL`], only while a step runs
//! (a run shorter than that prints none).

use std::io::{self, IsTerminal, Write};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// Shortest time between two progress lines when stderr is not a terminal.
pub(crate) const LOG_INTERVAL: Duration = Duration::from_secs(10);

/// A progress bar for the long steps: drawn on a terminal, logged as
/// lines otherwise (see the module docs). The library's long steps report
/// to it through [`stance::progress::Progress`]; [`finish`](Self::finish)
/// (or dropping it) clears the bar and stops the logging thread.
pub(crate) struct Progress {
    bar: ProgressBar,
    logger: Option<Logger>,
}

struct Logger {
    stop: Sender<()>,
    thread: JoinHandle<()>,
}

impl Progress {
    /// A bar on stderr when it is a terminal, else lines on stderr every
    /// [`LOG_INTERVAL`].
    pub(crate) fn on_stderr() -> Self {
        if io::stderr().is_terminal() {
            let bar = ProgressBar::new(0);
            bar.set_style(
                ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({elapsed})")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            Progress { bar, logger: None }
        } else {
            Progress::logged(Box::new(io::stderr()), LOG_INTERVAL)
        }
    }

    /// A hidden bar whose state is written to `out` as a line (see
    /// [`progress_line`]) every `every`, each line flushed.
    pub(crate) fn logged(mut out: Box<dyn Write + Send>, every: Duration) -> Self {
        let bar = ProgressBar::hidden();
        let watched = bar.clone();
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || loop {
            match stopped.recv_timeout(every) {
                Err(RecvTimeoutError::Timeout) => {}
                Ok(()) | Err(RecvTimeoutError::Disconnected) => return,
            }
            if let Some(line) = progress_line(&watched) {
                // A log that cannot be written must not stop the work.
                let _ = writeln!(out, "{line}").and_then(|_| out.flush());
            }
        });
        Progress {
            bar,
            logger: Some(Logger { stop, thread }),
        }
    }

    /// For a step of unknown length: a count instead of a bar on a terminal
    /// (the logged lines leave out the length by themselves).
    pub(crate) fn counting(self) -> Self {
        if self.logger.is_none() {
            self.bar.set_style(
                ProgressStyle::with_template("{msg} {pos} ({elapsed})")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
        }
        self
    }

    /// Clear the bar and stop logging.
    pub(crate) fn finish(self) {
        // Drop does the work.
    }
}

impl stance::progress::Progress for Progress {
    fn start(&self, message: &str, steps: u64) {
        self.bar.set_length(steps);
        self.bar.set_position(0);
        self.bar.set_message(message.to_string());
    }

    fn advance(&self, n: u64) {
        self.bar.inc(n);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
        if let Some(logger) = self.logger.take() {
            let _ = logger.stop.send(());
            let _ = logger.thread.join();
        }
    }
}

/// One line for a log: `stance: MESSAGE POS/LEN (N s)`, or `stance:
/// MESSAGE POS (N s)` for a step of unknown length; `None` before any step
/// has started or after one has finished.
pub(crate) fn progress_line(bar: &ProgressBar) -> Option<String> {
    let message = bar.message();
    let length = bar.length().filter(|&l| l > 0);
    if bar.is_finished() || (message.is_empty() && length.is_none()) {
        return None;
    }
    let position = bar.position();
    let elapsed = bar.elapsed().as_secs();
    let label = if message.is_empty() {
        "working".to_string()
    } else {
        message
    };
    Some(match length {
        Some(len) => format!("stance: {label} {position}/{len} ({elapsed} s)"),
        None => format!("stance: {label} {position} ({elapsed} s)"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use stance::progress::Progress as _;
    use std::sync::{Arc, Mutex};

    /// A writer tests can read back while the logger still holds it.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Shared {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
        }
    }

    #[test]
    fn lines_describe_the_running_step_only() {
        let bar = ProgressBar::hidden();
        assert_eq!(progress_line(&bar), None);
        bar.set_length(35);
        bar.set_message("tuning alpha");
        bar.inc(12);
        assert_eq!(
            progress_line(&bar).unwrap(),
            "stance: tuning alpha 12/35 (0 s)"
        );
        let open_ended = ProgressBar::hidden();
        open_ended.set_message("reading candidates");
        open_ended.inc(7);
        assert_eq!(
            progress_line(&open_ended).unwrap(),
            "stance: reading candidates 7 (0 s)"
        );
        bar.finish();
        assert_eq!(progress_line(&bar), None);
    }

    #[test]
    fn a_logged_step_prints_lines_while_it_runs_and_none_after() {
        let out = Shared::default();
        let progress = Progress::logged(Box::new(out.clone()), Duration::from_millis(20));
        progress.start("cross-validation folds", 4);
        progress.advance(1);
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while !out.text().contains('\n') {
            assert!(std::time::Instant::now() < deadline, "no progress line");
            std::thread::sleep(Duration::from_millis(5));
        }
        progress.finish();
        let text = out.text();
        assert!(
            text.lines()
                .all(|l| l.starts_with("stance: cross-validation folds 1/4 (")),
            "{text}"
        );
        // The thread is joined: nothing more is written.
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(out.text(), text);
    }

    #[test]
    fn a_short_step_logs_nothing() {
        let out = Shared::default();
        let progress = Progress::logged(Box::new(out.clone()), Duration::from_secs(3600));
        progress.start("folds", 2);
        progress.advance(2);
        progress.finish();
        assert_eq!(out.text(), "");
    }
}
