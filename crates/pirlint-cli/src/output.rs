//! Rendering findings, rules and errors for people (miette) and programs
//! (JSON, documented by `schemas/diagnostics.schema.json`).

use crate::files::Outcome;
use crate::{formats, Format};
use crate::snippet::{self, Excerpt, Lines};
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};
use pirlint_host::escape;
use pirlint_host::policy::ConfigError;
use pirlint_host::{Finding, Linter, RuleDoc, Severity};
use serde::Serialize;
use std::fmt;
use std::io::{IsTerminal, Write};

/// Color when stdout is a terminal and `NO_COLOR` is unset or empty.
pub fn use_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    GraphicalReportHandler::new_themed(theme).with_width(100).with_context_lines(1)
}

/// A finding as miette renders it: its text made terminal-safe, its labels
/// on a bounded excerpt of the report (see [`snippet`]).
struct FindingView {
    message: String,
    rule: String,
    severity: Severity,
    help: Option<String>,
    labels: Vec<LabeledSpan>,
    source: Excerpt,
}

impl FindingView {
    fn new(finding: &Finding, lines: &Lines, path: &str) -> Self {
        let labels: Vec<(&pirlint_host::finding::Label, bool)> = std::iter::once((&finding.primary, true))
            .chain(finding.secondary.iter().map(|l| (l, false)))
            .take(snippet::MAX_LABELS)
            .collect();
        let spans: Vec<std::ops::Range<usize>> = labels.iter().map(|(l, _)| l.span.start as usize..l.span.end as usize).collect();
        let (source, spans) = Excerpt::new(lines, Some(path.to_owned()), &spans);
        let labels = labels
            .iter()
            .zip(spans)
            .map(|((l, primary), span)| {
                let text = (!l.message.is_empty()).then(|| escape::terminal(&l.message).into_owned());
                if *primary { LabeledSpan::new_primary_with_span(text, span) } else { LabeledSpan::new_with_span(text, span) }
            })
            .collect();
        FindingView {
            message: escape::terminal(&finding.message).into_owned(),
            rule: escape::terminal(&finding.rule).into_owned(),
            severity: finding.severity,
            help: finding.help.as_deref().map(|h| escape::terminal(h).into_owned()),
            labels,
            source,
        }
    }
}

impl fmt::Debug for FindingView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for FindingView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FindingView {}

impl Diagnostic for FindingView {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.rule))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

#[derive(Default)]
struct Counts {
    error: usize,
    warning: usize,
    info: usize,
}

impl Counts {
    fn of<'a>(findings: impl Iterator<Item = &'a Finding>) -> Counts {
        let mut counts = Counts::default();
        for f in findings {
            match f.severity {
                Severity::Error => counts.error += 1,
                Severity::Warning => counts.warning += 1,
                Severity::Info => counts.info += 1,
            }
        }
        counts
    }
    fn total(&self) -> usize {
        self.error + self.warning + self.info
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") }
}

/// How to render a check's outcome.
pub struct Render<'a> {
    pub format: Format,
    pub color: bool,
    /// Findings only: no summary (human and short formats).
    pub quiet: bool,
    pub linter: &'a Linter,
}

pub fn print_check(outcome: &Outcome, render: &Render) {
    let rules = || render.linter.rules().collect::<Vec<_>>();
    let text = match render.format {
        Format::Human => return print_human(outcome, render.color, render.quiet),
        Format::Json => return print_json(outcome, render.linter.now()),
        Format::Short => {
            let mut text = formats::short::render(outcome);
            if !render.quiet {
                text.push_str(&summary(outcome));
                text.push('\n');
            }
            text
        }
        Format::Sarif => {
            let plugins: Vec<(&str, &str)> = render.linter.plugin_versions().collect();
            formats::sarif::render(outcome, &rules(), &plugins)
        }
        Format::Junit => formats::junit::render(outcome, &rules()),
        Format::Gitlab | Format::Rdjson => {
            // Neither format has a place for a file that could not be
            // checked: name it on stderr (the exit code is 2).
            for error in &outcome.errors {
                eprintln!("error: {}: {}", escape::terminal(&error.path), escape::terminal(&error.message));
            }
            if render.format == Format::Gitlab {
                formats::gitlab::render(outcome)
            } else {
                formats::rdjson::render(outcome)
            }
        }
        Format::Github => {
            if let Some(summary) = formats::github::step_summary(outcome) {
                append_step_summary(&summary);
            }
            formats::github::render(outcome)
        }
    };
    // Short and GitHub are read in terminals and CI logs, which act on
    // control characters (GitHub's log viewer renders ANSI sequences); the
    // documents (SARIF, JUnit) are escaped by their own syntax.
    let text = match render.format {
        Format::Short | Format::Github => escape::terminal(&text),
        _ => text.as_str().into(),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// Appends to the file GitHub Actions names in `GITHUB_STEP_SUMMARY`, as
/// its toolkit does; outside Actions there is nothing to do.
fn append_step_summary(summary: &str) {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY") else { return };
    let written = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .and_then(|mut file| file.write_all(summary.as_bytes()));
    if let Err(e) = written {
        eprintln!("warning: cannot write the step summary to {}: {e}", std::path::Path::new(&path).display());
    }
}

/// At most this many findings of a report are shown with a snippet, the
/// others one line each as `--format short` prints them: a report with
/// thousands of findings then prints a line per finding, not a screenful
/// each. No report of the examples, fixtures or corpus has more than 20.
const SNIPPETS_PER_FILE: usize = 50;

fn print_human(outcome: &Outcome, color: bool, quiet: bool) {
    let handler = handler(color);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for report in &outcome.reports {
        let lines = Lines::new(&report.source);
        let path = escape::terminal(&report.path);
        for (i, finding) in report.findings.iter().enumerate() {
            if i >= SNIPPETS_PER_FILE {
                if i == SNIPPETS_PER_FILE {
                    let _ = writeln!(
                        out,
                        "note: {path} has {} findings; the human format shows at most {SNIPPETS_PER_FILE} snippets per file, so the other {} follow one line each:",
                        report.findings.len(),
                        report.findings.len() - SNIPPETS_PER_FILE
                    );
                }
                let _ = writeln!(out, "{}", escape::terminal(&formats::short::line(&report.path, finding)));
                continue;
            }
            let view = FindingView::new(finding, &lines, &path);
            let mut rendered = String::new();
            if handler.render_report(&mut rendered, &view).is_err() {
                rendered = format!("{path}: {} [{}]\n", view.message, view.rule);
            }
            let _ = writeln!(out, "{rendered}");
        }
        if report.findings.len() > SNIPPETS_PER_FILE {
            let _ = writeln!(out);
        }
    }
    for error in &outcome.errors {
        let _ = writeln!(out, "error: {}: {}", escape::terminal(&error.path), escape::terminal(&error.message));
    }
    if !quiet {
        let _ = writeln!(out, "{}", summary(outcome));
    }
}

/// The closing line of the human and short formats.
fn summary(outcome: &Outcome) -> String {
    let counts = Counts::of(outcome.reports.iter().flat_map(|r| &r.findings));
    let with_findings = outcome.reports.iter().filter(|r| !r.findings.is_empty()).count();
    let checked = plural(outcome.reports.len(), "report");
    let unreadable = if outcome.errors.is_empty() {
        String::new()
    } else {
        format!("; {} could not be checked", plural(outcome.errors.len(), "file"))
    };
    if counts.total() == 0 {
        format!("No problems found in {checked}{unreadable}.")
    } else {
        format!(
            "Found {} ({}, {}, {}) in {with_findings} of {checked}{unreadable}.",
            plural(counts.total(), "problem"),
            plural(counts.error, "error"),
            plural(counts.warning, "warning"),
            counts.info.to_string() + " info",
        )
    }
}

#[derive(Serialize)]
struct JsonOutput<'a> {
    version: u32,
    tool: JsonTool,
    now: &'a str,
    summary: JsonSummary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    errors: Vec<JsonError<'a>>,
}

#[derive(Serialize)]
struct JsonTool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonSummary {
    reports: usize,
    reports_with_findings: usize,
    errors: usize,
    warnings: usize,
    info: usize,
    unreadable_files: usize,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: &'a str,
    #[serde(flatten)]
    finding: &'a Finding,
}

#[derive(Serialize)]
struct JsonError<'a> {
    path: &'a str,
    message: &'a str,
}

fn print_json(outcome: &Outcome, now: &str) {
    let counts = Counts::of(outcome.reports.iter().flat_map(|r| &r.findings));
    let output = JsonOutput {
        version: 1,
        tool: JsonTool { name: "pirlint", version: env!("CARGO_PKG_VERSION") },
        now,
        summary: JsonSummary {
            reports: outcome.reports.len(),
            reports_with_findings: outcome.reports.iter().filter(|r| !r.findings.is_empty()).count(),
            errors: counts.error,
            warnings: counts.warning,
            info: counts.info,
            unreadable_files: outcome.errors.len(),
        },
        diagnostics: outcome
            .reports
            .iter()
            .flat_map(|r| r.findings.iter().map(move |finding| JsonDiagnostic { path: &r.path, finding }))
            .collect(),
        errors: outcome.errors.iter().map(|e| JsonError { path: &e.path, message: &e.message }).collect(),
    };
    // Buffered: stdout is line-buffered, and pretty JSON is a line per
    // field (a write call each; 3 million of them for 10,000 reports).
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let _ = serde_json::to_writer_pretty(&mut out, &output);
    let _ = writeln!(out);
    let _ = out.flush();
}

pub fn print_rules(linter: &Linter, format: Format) {
    let rules: Vec<&RuleDoc> = linter.rules().collect();
    if format == Format::Json {
        let rows: Vec<serde_json::Value> = rules
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id,
                    "plugin": r.plugin,
                    "summary": r.summary,
                    "default_severity": r.default_severity,
                    "severity": r.severity.map(|s| s.as_str()).unwrap_or("off"),
                    "fixable": r.fixable,
                    "former_ids": r.former_ids,
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows).expect("serializable"));
        return;
    }
    // Ids, plugin names and summaries are a plugin's words.
    let rows: Vec<[String; 3]> = rules
        .iter()
        .map(|r| {
            let mut summary = r.summary.clone();
            if !r.former_ids.is_empty() {
                summary.push_str(&format!(" (formerly {})", r.former_ids.join(", ")));
            }
            [&r.id, &r.plugin, &summary].map(|text| escape::terminal(text).into_owned())
        })
        .collect();
    let width = rows.iter().map(|[id, ..]| id.len()).max().unwrap_or(4).max(4);
    println!("{:width$}  {:10}  {:8}  {:8}  {:3}  SUMMARY", "RULE", "PLUGIN", "DEFAULT", "POLICY", "FIX");
    for (r, [id, plugin, summary]) in rules.iter().zip(&rows) {
        let policy = r.severity.map(|s| s.as_str()).unwrap_or("off");
        let fix = if r.fixable { "yes" } else { "" };
        println!("{id:width$}  {plugin:10}  {:8}  {policy:8}  {fix:3}  {summary}", r.default_severity.as_str());
    }
}

pub fn print_explain(rule: &RuleDoc) {
    let text = |s: &str| escape::terminal(s).into_owned();
    println!("{}  ({} plugin)", text(&rule.id), text(&rule.plugin));
    println!("{}", text(&rule.summary));
    println!();
    println!(
        "Default severity: {}; in this policy: {}",
        rule.default_severity,
        rule.severity.map(|s| s.as_str()).unwrap_or("off")
    );
    if rule.fixable {
        println!("Fixable: its findings can carry fixes (`pirlint check --fix`; `--unsafe-fixes` for the unsafe ones)");
    }
    if !rule.former_ids.is_empty() {
        let ids: Vec<String> = rule.former_ids.iter().map(|id| format!("`{}`", text(id))).collect();
        println!("Formerly: {} (policies and suppressions naming it still apply here)", ids.join(", "));
    }
    println!();
    println!("{}", text(rule.documentation.trim_end()));
    let has_options = rule.options_schema.get("properties").and_then(|p| p.as_object()).is_some_and(|p| !p.is_empty());
    if has_options {
        println!();
        println!("Options (JSON Schema):");
        println!("{}", serde_json::to_string_pretty(&rule.options_schema).expect("serializable"));
    }
}

struct ConfigView<'a> {
    error: &'a ConfigError,
    message: String,
    help: Option<String>,
    /// The policy file's lines near the error, and the error's span in them.
    source: Option<(Excerpt, miette::SourceSpan)>,
}

impl fmt::Debug for ConfigView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for ConfigView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigView<'_> {}

impl Diagnostic for ConfigView<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new("pirlint::config"))
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|(excerpt, _)| excerpt as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (_, span) = self.source.as_ref()?;
        Some(Box::new(std::iter::once(LabeledSpan::new_primary_with_span(Some("here".into()), *span))))
    }
}

pub fn print_config_error(error: &ConfigError, color: bool) {
    let path = error.path.as_ref().map(|p| escape::terminal(&p.display().to_string()).into_owned());
    let source = match (&path, &error.source_text, &error.span) {
        (Some(path), Some(text), Some(span)) => {
            let (excerpt, spans) = Excerpt::new(&Lines::new(text), Some(path.clone()), std::slice::from_ref(span));
            spans.first().map(|span| (excerpt, *span))
        }
        _ => None,
    };
    let view = ConfigView {
        error,
        message: escape::terminal(&error.message).into_owned(),
        help: error.help.as_deref().map(|h| escape::terminal(h).into_owned()),
        source,
    };
    let mut rendered = String::new();
    let colored = color && std::io::stderr().is_terminal();
    if handler(colored).render_report(&mut rendered, &view).is_err() {
        rendered = format!("error: {}\n", escape::terminal(&view.error.to_string()));
    } else if error.source_text.is_none() {
        // Otherwise miette's header names the file.
        if let Some(path) = &path {
            rendered = format!("{path}: {rendered}");
        }
    }
    eprint!("{rendered}");
}
