//! The progress bar of long `check` and `audit` runs: reports done, rate
//! and time left, on standard error.
//!
//! Shown only when standard error is a terminal, `CI` is unset (or empty)
//! and the run is not `--quiet`; and then only for a run of more than
//! [`SHOW_AT_REPORTS`] reports, or once a shorter one has taken
//! [`SHOW_AFTER`]. Reports are checked before anything is printed, and the
//! bar is cleared before the findings are: it never interleaves with them.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

/// Runs over more reports than this show the bar from the start.
pub const SHOW_AT_REPORTS: usize = 200;
/// Shorter runs show it once they have taken this long.
pub const SHOW_AFTER: Duration = Duration::from_secs(1);

/// Whether a bar may be drawn at all: stderr is a terminal, not CI, not quiet.
pub fn allowed(quiet: bool) -> bool {
    !quiet && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none_or(|v| v.is_empty())
}

pub struct Progress {
    bar: ProgressBar,
    /// For a short run: the thread that shows the bar after [`SHOW_AFTER`],
    /// and the channel that tells it the run ended first.
    watcher: Option<(mpsc::Sender<()>, JoinHandle<()>)>,
}

fn visible(bar: &ProgressBar) {
    bar.set_draw_target(ProgressDrawTarget::stderr());
    bar.enable_steady_tick(Duration::from_millis(200));
}

impl Progress {
    /// A bar over `total` reports, labelled `what` ("checking", "auditing");
    /// hidden unless [`allowed`]`(quiet)`.
    pub fn start(total: usize, quiet: bool, what: &str) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::hidden());
        if !allowed(quiet) || total == 0 {
            return Progress { bar, watcher: None };
        }
        let style = ProgressStyle::with_template(
            "{prefix} {wide_bar} {pos}/{len} reports, {per_sec}, {eta} left",
        )
        .expect("a valid template");
        bar.set_style(style);
        bar.set_prefix(what.to_owned());
        if total > SHOW_AT_REPORTS {
            visible(&bar);
            return Progress { bar, watcher: None };
        }
        let (done, wait) = mpsc::channel::<()>();
        let shown = bar.clone();
        let handle = std::thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(SHOW_AFTER) {
                visible(&shown);
            }
        });
        Progress { bar, watcher: Some((done, handle)) }
    }

    /// One more report done (from any thread).
    pub fn inc(&self) {
        self.bar.inc(1);
    }

    /// Clears the bar (before anything else is printed).
    pub fn finish(self) {
        if let Some((done, handle)) = self.watcher {
            drop(done);
            let _ = handle.join();
        }
        self.bar.finish_and_clear();
    }
}
