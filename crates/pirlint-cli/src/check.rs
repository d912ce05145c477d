//! `pirlint check`: reading the reports (files, directories or standard
//! input), fixing, baselines, rendering and the exit code.

use crate::files::{self, CheckedReport, FileError, Outcome};
use crate::{baseline, diff, fix, output, Format, EXIT_ERROR, EXIT_FINDINGS};
use pirlint_host::pirlint_report::input::{self, InputError};
use pirlint_host::escape;
use pirlint_host::policy::Policy;
use pirlint_host::{Linter, Severity};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Options of `check` beyond paths, format and fail level.
#[derive(clap::Args, Default)]
pub struct CheckOptions {
    /// Print only the findings: no summary line, and nothing at all when
    /// there are none (human and short formats; the others are documents
    /// and always complete); no progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// The name of the report read from standard input (path `-`): its
    /// extension decides the format (default Markdown) and it is the path
    /// shown in the output.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Apply the fixes marked safe, write the files, then report the
    /// findings that remain. Files that changed since they were checked,
    /// links, setuid/setgid and read-only files, and files whose owner
    /// cannot be kept are not written (exit 2).
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff: also apply the fixes marked unsafe (they may
    /// change what the report says: review them).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them (exit 1
    /// when there is something to fix).
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// Report only the findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record today's findings in this baseline file (and exit 0).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// After the run, print what each plugin cost on standard error: calls,
    /// fuel (the deterministic measure `[limits] fuel` budgets; the largest
    /// single call shows the headroom) and time.
    #[arg(long)]
    pub stats: bool,
    /// Print on standard error what plugins wrote to stdout and stderr
    /// during successful calls (a failed call's output is always in its
    /// `plugin-failed` finding). For debugging a plugin: only components
    /// built with WASI can print. No progress bar with it.
    #[arg(long)]
    pub plugin_log: bool,
}

pub struct Run<'a> {
    pub linter: &'a Linter,
    pub policy: &'a Policy,
    pub paths: Vec<PathBuf>,
    pub format: Format,
    pub fail_on: Severity,
    pub color: bool,
    pub config_failed: bool,
    pub options: CheckOptions,
}

fn stats_table(linter: &Linter) -> String {
    use std::fmt::Write;
    let budget = linter.limits().fuel;
    let mut out = format!(
        "{:16} {:>7} {:>15} {:>13} {:>13} {:>8} {:>11}\n",
        "PLUGIN", "CALLS", "FUEL", "FUEL/CALL", "MAX FUEL", "BUDGET", "TIME/CALL"
    );
    for (name, t) in linter.plugin_stats() {
        let per_call = |v: u64| v.checked_div(t.calls).unwrap_or(0);
        let _ = writeln!(
            out,
            "{name:16} {:>7} {:>15} {:>13} {:>13} {:>7.2}% {:>9} µs",
            t.calls,
            t.fuel,
            per_call(t.fuel),
            t.max_fuel,
            100.0 * t.max_fuel as f64 / budget.max(1) as f64,
            per_call(t.nanos) / 1000,
        );
    }
    out
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") }
}

/// Reads one report from standard input, bounded like a file.
fn check_stdin(linter: &Linter, name: Option<&str>) -> Outcome {
    let shown = name.map(|n| n.strip_prefix("./").unwrap_or(n).to_owned()).unwrap_or_else(|| "<stdin>".into());
    let format_path = PathBuf::from(name.unwrap_or("stdin.md"));
    let limit = linter.max_file_bytes;
    let mut bytes = Vec::new();
    let read = std::io::stdin().lock().take(limit.saturating_add(1)).read_to_end(&mut bytes);
    let source = match read {
        Err(e) => Err(InputError::Io(e)),
        Ok(_) if bytes.len() as u64 > limit => Err(InputError::TooLarge { size: bytes.len() as u64, limit }),
        Ok(_) => input::decode(bytes),
    };
    match source {
        Ok(source) => {
            let findings = linter.check(&format_path, &shown, &source);
            Outcome { reports: vec![CheckedReport { path: shown, source: source.into(), findings }], errors: Vec::new() }
        }
        Err(e) => Outcome { reports: Vec::new(), errors: vec![FileError { path: shown, message: e.to_string() }] },
    }
}

pub fn run(run: Run) -> u8 {
    let opts = &run.options;
    let usage = |message: &str| {
        eprintln!("error: {message}");
        EXIT_ERROR
    };
    if opts.unsafe_fixes && !opts.fix && !opts.diff {
        return usage("--unsafe-fixes applies only with --fix or --diff");
    }
    let stdin = run.paths.iter().any(|p| p.as_os_str() == "-");
    if stdin && run.paths.len() > 1 {
        return usage("`-` (standard input) cannot be combined with other paths");
    }
    if stdin && opts.fix {
        return usage("--fix cannot write to standard input; use --diff");
    }
    if opts.stdin_filename.is_some() && !stdin {
        return usage("--stdin-filename applies only when reading standard input (path `-`)");
    }
    let baseline = match &opts.baseline {
        Some(file) => match baseline::read(file) {
            Ok(b) => Some(b),
            Err(message) => return usage(&message),
        },
        None => None,
    };

    let mut outcome = if stdin {
        check_stdin(run.linter, opts.stdin_filename.as_deref())
    } else {
        // Sources are kept only for what needs them after checking: snippets
        // (human), content fingerprints (SARIF, GitLab, baselines), byte
        // columns and suggestions (rdjson) and fixes. The
        // other formats stream through findings alone, which keeps memory
        // flat over large repositories.
        let keep_sources = matches!(run.format, Format::Human | Format::Sarif | Format::Gitlab | Format::Rdjson)
            || opts.fix
            || opts.diff
            || opts.baseline.is_some()
            || opts.write_baseline.is_some();
        files::check_paths(run.linter, &run.paths, run.policy, keep_sources, opts.quiet || opts.plugin_log)
    };
    let mut failed = run.config_failed || !outcome.errors.is_empty();

    if opts.diff {
        let mut changed = false;
        for report in &outcome.reports {
            let plan = fix::plan(&report.source, &report.findings, opts.unsafe_fixes);
            let diff = diff::unified(&report.path, &report.source, &plan.edits);
            if !diff.is_empty() {
                changed = true;
                // For a reader, like every text output: a patch touching a
                // line with control characters shows them escaped (and so
                // would not apply; `--fix` writes the bytes).
                print!("{}", escape::terminal(&diff));
            }
        }
        for error in &outcome.errors {
            eprintln!("error: {}: {}", escape::terminal(&error.path), escape::terminal(&error.message));
        }
        return if failed { EXIT_ERROR } else if changed { EXIT_FINDINGS } else { 0 };
    }

    if opts.fix {
        let (mut fixed, mut skipped, mut files_fixed, mut files_refused) = (0, 0, 0, 0);
        for report in &mut outcome.reports {
            let plan = fix::plan(&report.source, &report.findings, opts.unsafe_fixes);
            let new = fix::apply(&report.source, &plan.edits);
            if new == *report.source {
                continue;
            }
            let path = Path::new(&report.path);
            match fix::write_if_unchanged(path, report.source.as_bytes(), new.as_bytes()) {
                Ok(()) => {
                    fixed += plan.fixes_applied;
                    skipped += plan.fixes_skipped;
                    files_fixed += 1;
                    report.findings = run.linter.check(path, &report.path, &new);
                    report.source = new.into();
                }
                Err(message) => {
                    // Its findings stay as checked, and are reported.
                    eprintln!("error: {}: {}", escape::terminal(&report.path), escape::terminal(&message));
                    files_refused += 1;
                    failed = true;
                }
            }
        }
        if !opts.quiet || fixed > 0 {
            let skipped = if skipped > 0 {
                format!(" ({} skipped: they overlap fixes applied first)", plural(skipped, "fix"))
            } else {
                String::new()
            };
            let refused = if files_refused > 0 {
                format!("; {} not fixed (see above)", plural(files_refused, "file"))
            } else {
                String::new()
            };
            eprintln!("Fixed {} in {}{skipped}{refused}.", plural(fixed, "problem"), plural(files_fixed, "file"));
        }
    }

    if let Some(file) = &opts.write_baseline {
        let b = baseline::from_outcome(&outcome);
        let total: usize = b.findings.iter().map(|e| e.count).sum();
        if let Err(message) = baseline::write(file, &b) {
            return usage(&message);
        }
        for error in &outcome.errors {
            eprintln!("error: {}: {}", escape::terminal(&error.path), escape::terminal(&error.message));
        }
        eprintln!("Wrote a baseline of {} to {}.", plural(total, "finding"), file.display());
        return if failed { EXIT_ERROR } else { 0 };
    }
    if let Some(b) = &baseline {
        let hidden = baseline::filter(&mut outcome, b);
        if hidden > 0 && !opts.quiet {
            eprintln!("{} recorded in the baseline not shown.", plural(hidden, "finding"));
        }
    }

    output::print_check(
        &outcome,
        &output::Render { format: run.format, color: run.color, quiet: opts.quiet, linter: run.linter },
    );
    if opts.stats {
        eprint!("{}", stats_table(run.linter));
    }
    if failed {
        EXIT_ERROR
    } else if outcome.reports.iter().flat_map(|r| &r.findings).any(|f| f.severity >= run.fail_on) {
        EXIT_FINDINGS
    } else {
        0
    }
}
