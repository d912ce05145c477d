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

/// Loading a plugin that takes longer than this shows a line: a hit of the
/// compile cache takes milliseconds, a Python or JavaScript component
/// compiled on first use 20–45 s.
pub const COMPILE_SHOWN_AFTER: Duration = Duration::from_secs(1);

/// For tests of the binary only: the delay in milliseconds before a line
/// is shown, instead of [`COMPILE_SHOWN_AFTER`], so that a test does not
/// need a plugin that takes a second to compile.
const COMPILE_SHOWN_AFTER_TEST_VAR: &str = "PIRLINT_TEST_COMPILE_PROGRESS_AFTER_MS";

fn compile_shown_after(test_override: Option<&str>) -> Duration {
    test_override.and_then(|ms| ms.parse().ok()).map_or(COMPILE_SHOWN_AFTER, Duration::from_millis)
}

/// The "compiling plugin NAME (12.3 MB)…" lines of plugins whose load takes
/// longer than [`COMPILE_SHOWN_AFTER`], each ending as "compiled NAME in
/// 21.4 s". Plugins load before any report is checked, so the lines are
/// done before anything else is printed.
pub struct CompileProgress {
    lines: indicatif::MultiProgress,
    shown_after: Duration,
    /// The plugins loading, by description.
    loading: std::sync::Mutex<std::collections::HashMap<String, Loading>>,
}

/// A plugin loading: its line (hidden until shown), and the thread that
/// shows it after the threshold with the channel that tells it the load
/// ended first.
struct Loading {
    line: ProgressBar,
    done: mpsc::Sender<()>,
    watcher: JoinHandle<()>,
}

impl CompileProgress {
    /// Lines drawn only when [`allowed`]`(quiet)`; `None` otherwise.
    pub fn new(quiet: bool) -> Option<CompileProgress> {
        allowed(quiet).then(|| CompileProgress {
            lines: indicatif::MultiProgress::with_draw_target(ProgressDrawTarget::stderr()),
            shown_after: compile_shown_after(std::env::var(COMPILE_SHOWN_AFTER_TEST_VAR).ok().as_deref()),
            loading: Default::default(),
        })
    }

    /// Called by the host from its loading threads.
    pub fn event(&self, event: pirlint_host::linter::PluginLoad<'_>) {
        use pirlint_host::linter::PluginLoad;
        let mut loading = self.loading.lock().unwrap_or_else(|e| e.into_inner());
        match event {
            PluginLoad::Started { plugin, bytes } => {
                let line = ProgressBar::hidden().with_style(
                    ProgressStyle::with_template("{spinner} {msg} {elapsed}").expect("a valid template"),
                );
                line.set_message(format!("compiling {} ({:.1} MB)…", escape_plugin(plugin), bytes as f64 / 1e6));
                let (done, wait) = mpsc::channel::<()>();
                let (shown, lines, after) = (line.clone(), self.lines.clone(), self.shown_after);
                let watcher = std::thread::spawn(move || {
                    if let Err(mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(after) {
                        let shown = lines.add(shown);
                        shown.enable_steady_tick(Duration::from_millis(200));
                    }
                });
                loading.insert(plugin.to_owned(), Loading { line, done, watcher });
            }
            PluginLoad::Finished { plugin, elapsed } => {
                if let Some(Loading { line, done, watcher }) = loading.remove(plugin) {
                    drop(done);
                    let _ = watcher.join();
                    if !line.is_hidden() {
                        line.set_style(ProgressStyle::with_template("{msg}").expect("a valid template"));
                        line.finish_with_message(format!(
                            "compiled {} in {:.1} s",
                            escape_plugin(plugin),
                            elapsed.as_secs_f64()
                        ));
                    }
                }
            }
        }
    }
}

/// A plugin's description names its file: made safe for the terminal.
fn escape_plugin(plugin: &str) -> String {
    pirlint_host::escape::terminal(plugin).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compile_line_waits_a_second_unless_a_test_says_otherwise() {
        assert_eq!(compile_shown_after(None), Duration::from_secs(1));
        assert_eq!(compile_shown_after(Some("0")), Duration::ZERO);
        assert_eq!(compile_shown_after(Some("not a number")), Duration::from_secs(1));
    }
}
