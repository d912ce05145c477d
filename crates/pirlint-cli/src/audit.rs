//! `pirlint audit`: compliance, incident metrics and follow-through over a
//! repository of reports. Each report is read, parsed and checked once
//! (`Linter::check_parsed`); `pirlint_audit::compute` builds one audit value
//! and every format renders that value.

use pirlint_audit::{Audit, Input, Options, Unreadable};
use pirlint_host::escape;
use pirlint_host::policy::Policy;
use pirlint_host::{Linter, Severity};
use rayon::prelude::*;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

#[derive(clap::Args)]
pub struct AuditArgs {
    /// Files or directories (searched recursively, honoring .gitignore).
    #[arg(default_value = ".")]
    pub(crate) paths: Vec<PathBuf>,
    /// Only incidents dated on or after this day (YYYY-MM-DD or YYYY-MM).
    /// The incident date is `occurred`, else `detected`, else the earliest
    /// timeline date.
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    /// Only incidents dated on or before this day (YYYY-MM-DD or YYYY-MM).
    #[arg(long, value_name = "DATE")]
    until: Option<String>,
    #[arg(long, value_enum, default_value_t = AuditFormat::Table)]
    format: AuditFormat,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// A report fails when it has a finding at or above this level
    /// (default: the policy's `fail-on`, else error).
    #[arg(long, value_enum)]
    fail_on: Option<AuditFailOn>,
    /// Recurrence window: an incident recurs an earlier one that hit the
    /// same system (after the policy's `[systems]` aliases), or shares its
    /// incident type and a contributing factor, at most this many days
    /// before.
    #[arg(long, value_name = "DAYS", default_value_t = pirlint_audit::recurrence::DEFAULT_WINDOW_DAYS)]
    recurrence_days: u32,
    /// An issue tracker's export (repeatable): the status of each ticket a
    /// recommendation's `tracking` names replaces the status written in the
    /// report (done when every such ticket is done). CSV or JSON, told by the
    /// content; the tracker by its columns or fields:
    /// Jira CSV `Issue key`, `Status`, `Status Category` (else `Resolution`);
    /// Jira JSON (search response or array) `key`, `fields.status.name`,
    /// `fields.status.statusCategory.key` (else `fields.resolution`);
    /// GitHub JSON (`gh issue list --json number,state,url` or the REST API)
    /// `number`, `state`, `url`/`html_url`; GitHub Projects CSV `URL` and
    /// `Status`; GitLab CSV `Issue ID`, `URL`, `State`; GitLab JSON (REST API)
    /// `iid`, `state`, `web_url`; any CSV with `key` and `status` columns.
    /// Tickets the exports do not know are listed. See README "Ticket status
    /// from the tracker".
    #[arg(long, value_name = "FILE")]
    tickets: Vec<PathBuf>,
    /// No progress bar (it is shown on a terminal's stderr, outside CI, for
    /// runs of hundreds of reports or longer than a second).
    #[arg(long, short = 'q')]
    pub(crate) quiet: bool,
}

#[derive(Clone, Copy, clap::ValueEnum, PartialEq, Eq)]
pub enum AuditFormat {
    /// Aligned plain-text tables (default).
    Table,
    /// schemas/audit.schema.json.
    Json,
    /// GitHub-flavored Markdown.
    Markdown,
    /// One self-contained page with SVG charts.
    Html,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum AuditFailOn {
    Error,
    Warning,
    Info,
}

/// A period bound: "YYYY-MM-DD", or "YYYY-MM" meaning that month's first
/// (`since`) or last (`until`) day.
fn period_bound(text: &str, end: bool) -> Result<String, String> {
    let t = text.trim();
    if pirlint_audit::day_number(t).is_some() {
        return Ok(t.to_owned());
    }
    if t.len() == 7 && pirlint_audit::day_number(&format!("{t}-01")).is_some() {
        if !end {
            return Ok(format!("{t}-01"));
        }
        let last = (28..=31).rev().find(|d| pirlint_audit::day_number(&format!("{t}-{d}")).is_some()).unwrap_or(28);
        return Ok(format!("{t}-{last}"));
    }
    Err(format!("invalid date `{text}` (use YYYY-MM-DD or YYYY-MM)"))
}

/// Seconds since the epoch of the linter's "now" ("YYYY-MM-DDTHH:MM:SSZ").
fn now_seconds(now: &str) -> Option<i64> {
    let day = pirlint_audit::day_number(now.get(..10)?)?;
    let time = now.get(11..19)?;
    let mut parts = time.split(':').map(|p| p.parse::<i64>().ok());
    let (h, m, s) = (parts.next()??, parts.next()??, parts.next()??);
    Some(day * 86_400 + h * 3_600 + m * 60 + s)
}

fn display(path: &Path) -> String {
    let text = path.to_string_lossy();
    text.strip_prefix("./").unwrap_or(&text).to_owned()
}

/// Runs the audit; returns the exit code (0, or 2 on usage, configuration
/// or input errors — the audit is still written when files fail).
pub fn run(linter: &Linter, policy: &Policy, args: AuditArgs, config_failed: bool) -> u8 {
    let (since, until) = match (
        args.since.as_deref().map(|s| period_bound(s, false)).transpose(),
        args.until.as_deref().map(|s| period_bound(s, true)).transpose(),
    ) {
        (Ok(s), Ok(u)) => (s, u),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let Some(now_secs) = now_seconds(linter.now()) else {
        eprintln!("error: cannot read the run's time `{}`", linter.now());
        return 2;
    };

    let mut options = Options::new(linter.now().to_owned(), now_secs);
    options.fail_on = match args.fail_on {
        Some(AuditFailOn::Error) => Severity::Error,
        Some(AuditFailOn::Warning) => Severity::Warning,
        Some(AuditFailOn::Info) => Severity::Info,
        None => linter.fail_on,
    };
    options.since = since;
    options.until = until;
    options.rules = linter.rules().filter(|r| r.severity.is_some()).map(|r| r.id.clone()).collect();
    // The meeting deadlines `meeting/timely` applies: per severity level,
    // the policy's options over the defaults of the rule's options schema
    // (each report's overrides are applied in the audit, from its rule set).
    if let Some(rule) = linter.rule("meeting/timely") {
        options.meeting = pirlint_audit::MeetingDeadlines::from_rule(rule);
        options.meeting.sort_by_scale(&linter.severity_scale().levels);
    }

    options.recurrence_days = args.recurrence_days;
    options.system_aliases = policy.systems.clone();
    if !args.tickets.is_empty() {
        match pirlint_audit::tickets::Tickets::load(&args.tickets) {
            Ok(t) => options.tickets = Some(t),
            Err(e) => {
                eprintln!("error: {}", escape::terminal(&format!("bad ticket export: {e}")));
                return 2;
            }
        }
    }

    let started = std::time::Instant::now();
    let mut errors = Vec::new();
    let files = crate::files::collect(&args.paths, policy, &mut errors);
    let progress = crate::progress::Progress::start(files.len(), args.quiet, "auditing");
    let results: Vec<Result<Input, Unreadable>> = files
        .par_iter()
        .map(|path| {
            let shown = display(path);
            let result = match pirlint_host::pirlint_report::input::read_source(path, linter.max_file_bytes) {
                Ok(source) => {
                    let (parsed, findings) = linter.check_parsed(path, &shown, &source);
                    let severity_level = linter.report_severity(&parsed.report).map(|s| s.name);
                    let rules = linter.rules_for_report(path, &parsed.report);
                    let regulations = linter.regulations(&rules, &parsed.report);
                    Ok(Input { path: shown, source, report: parsed.report, findings, severity_level, regulations, rules: Some(rules) })
                }
                Err(e) => Err(Unreadable { path: shown, message: e.to_string() }),
            };
            progress.inc();
            result
        })
        .collect();
    progress.finish();
    let mut inputs = Vec::with_capacity(results.len());
    let mut unreadable: Vec<Unreadable> =
        errors.into_iter().map(|e| Unreadable { path: e.path, message: e.message }).collect();
    for result in results {
        match result {
            Ok(input) => inputs.push(input),
            Err(e) => unreadable.push(e),
        }
    }
    for u in &unreadable {
        eprintln!("error: {}: {}", escape::terminal(&u.path), escape::terminal(&u.message));
    }
    let checked = started.elapsed();
    let mut audit = pirlint_audit::compute(&inputs, &options);
    audit.unreadable = unreadable;
    let computed = started.elapsed();
    let text = render(&audit, args.format, args.output.as_deref());
    if std::env::var_os("PIRLINT_AUDIT_TIMINGS").is_some() {
        eprintln!(
            "timings: read+parse+check {:.2} s, audit {:.3} s, render {:.3} s ({} reports)",
            checked.as_secs_f64(),
            (computed - checked).as_secs_f64(),
            (started.elapsed() - computed).as_secs_f64(),
            inputs.len()
        );
    }
    let written = match &args.output {
        Some(path) => write_atomically(path, text.as_bytes()).map_err(|e| format!("cannot write {}: {e}", path.display())),
        None => std::io::stdout().lock().write_all(text.as_bytes()).map_err(|e| format!("cannot write the audit: {e}")),
    };
    if let Err(e) = written {
        eprintln!("error: {e}");
        return 2;
    }
    if config_failed || !audit.unreadable.is_empty() { 2 } else { 0 }
}

pub fn render(audit: &Audit, format: AuditFormat, output: Option<&Path>) -> String {
    match format {
        AuditFormat::Table => pirlint_audit::render::table_text(audit),
        AuditFormat::Markdown => pirlint_audit::render::markdown(audit),
        AuditFormat::Json => serde_json::to_string_pretty(audit).expect("the audit serializes") + "\n",
        AuditFormat::Html => {
            let cwd = std::env::current_dir().unwrap_or_default();
            let base = match output {
                Some(file) => normalize(&cwd.join(file)).parent().map(Path::to_path_buf).unwrap_or_else(|| cwd.clone()),
                None => cwd.clone(),
            };
            pirlint_audit::html::render(audit, &|path: &str| href(&base, &normalize(&cwd.join(path))))
        }
    }
}

/// `.` and `..` resolved lexically (no file system access).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A relative URL from directory `base` to `target` (both absolute).
fn href(base: &Path, target: &Path) -> String {
    let b: Vec<Component> = base.components().collect();
    let t: Vec<Component> = target.components().collect();
    let common = b.iter().zip(&t).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = std::iter::repeat_n("..".to_string(), b.len() - common).collect();
    parts.extend(t[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    parts
        .iter()
        .map(|p| {
            p.bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
                    _ => format!("%{b:02X}"),
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over
/// `path`, so readers see the old file or the new one, never a partial one.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "audit".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_are_relative_and_escaped() {
        assert_eq!(href(Path::new("/r/out"), Path::new("/r/reports/a b.md")), "../reports/a%20b.md");
        assert_eq!(href(Path::new("/r"), Path::new("/r/x/y.md")), "x/y.md");
    }

    #[test]
    fn period_bounds_accept_days_and_months() {
        assert_eq!(period_bound("2026-02", false).unwrap(), "2026-02-01");
        assert_eq!(period_bound("2026-02", true).unwrap(), "2026-02-28");
        assert_eq!(period_bound("2026-03-05", true).unwrap(), "2026-03-05");
        assert!(period_bound("March", false).is_err());
    }

    #[test]
    fn now_is_read_to_the_second() {
        assert_eq!(now_seconds("2026-03-05T12:00:00Z"), Some(1_772_712_000));
    }
}
