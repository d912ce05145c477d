//! Rendering findings, rules and errors for people (miette) and programs
//! (JSON, documented by `schemas/diagnostics.schema.json`).

use crate::files::Outcome;
use crate::{formats, Format};
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};
use pirlint_host::policy::ConfigError;
use pirlint_host::{Finding, Linter, RuleDoc, Severity};
use serde::Serialize;
use std::fmt;
use std::io::{IsTerminal, Write};
use std::sync::Arc;

/// Color when stdout is a terminal and `NO_COLOR` is unset or empty.
pub fn use_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    GraphicalReportHandler::new_themed(theme).with_width(100).with_context_lines(1)
}

/// Source text shared by all findings of one report.
#[derive(Clone)]
struct SharedSource(Arc<str>);

impl SourceCode for SharedSource {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        self.0.as_ref().read_span(span, context_lines_before, context_lines_after)
    }
}

struct FindingView<'a> {
    finding: &'a Finding,
    source: NamedSource<SharedSource>,
}

impl fmt::Debug for FindingView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl fmt::Display for FindingView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for FindingView<'_> {}

impl Diagnostic for FindingView<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.finding.rule))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.finding.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let label = |l: &pirlint_host::finding::Label, primary: bool| {
            let text = (!l.message.is_empty()).then(|| l.message.clone());
            let span = (l.span.start as usize, l.span.len());
            if primary { LabeledSpan::new_primary_with_span(text, span) } else { LabeledSpan::new_with_span(text, span) }
        };
        let labels = std::iter::once(label(&self.finding.primary, true))
            .chain(self.finding.secondary.iter().map(move |l| label(l, false)));
        Some(Box::new(labels))
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
        Format::Github => {
            if let Some(summary) = formats::github::step_summary(outcome) {
                append_step_summary(&summary);
            }
            formats::github::render(outcome)
        }
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

fn print_human(outcome: &Outcome, color: bool, quiet: bool) {
    let handler = handler(color);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for report in &outcome.reports {
        let source = SharedSource(report.source.clone());
        for finding in &report.findings {
            let view = FindingView { finding, source: NamedSource::new(&report.path, source.clone()) };
            let mut rendered = String::new();
            if handler.render_report(&mut rendered, &view).is_err() {
                rendered = format!("{}: {} [{}]\n", report.path, finding.message, finding.rule);
            }
            let _ = writeln!(out, "{rendered}");
        }
    }
    for error in &outcome.errors {
        let _ = writeln!(out, "error: {}: {}", error.path, error.message);
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
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows).expect("serializable"));
        return;
    }
    let width = rules.iter().map(|r| r.id.len()).max().unwrap_or(4).max(4);
    println!("{:width$}  {:10}  {:8}  {:8}  SUMMARY", "RULE", "PLUGIN", "DEFAULT", "POLICY");
    for r in rules {
        let policy = r.severity.map(|s| s.as_str()).unwrap_or("off");
        println!("{:width$}  {:10}  {:8}  {:8}  {}", r.id, r.plugin, r.default_severity.as_str(), policy, r.summary);
    }
}

pub fn print_explain(rule: &RuleDoc) {
    println!("{}  ({} plugin)", rule.id, rule.plugin);
    println!("{}", rule.summary);
    println!();
    println!(
        "Default severity: {}; in this policy: {}",
        rule.default_severity,
        rule.severity.map(|s| s.as_str()).unwrap_or("off")
    );
    println!();
    println!("{}", rule.documentation.trim_end());
    let has_options = rule.options_schema.get("properties").and_then(|p| p.as_object()).is_some_and(|p| !p.is_empty());
    if has_options {
        println!();
        println!("Options (JSON Schema):");
        println!("{}", serde_json::to_string_pretty(&rule.options_schema).expect("serializable"));
    }
}

#[derive(Debug)]
struct ConfigView<'a> {
    error: &'a ConfigError,
    source: Option<NamedSource<String>>,
}

impl fmt::Display for ConfigView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.error.message)
    }
}

impl std::error::Error for ConfigView<'_> {}

impl Diagnostic for ConfigView<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new("pirlint::config"))
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.error.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.error.span.clone()?;
        self.source.as_ref()?;
        Some(Box::new(std::iter::once(LabeledSpan::new_primary_with_span(Some("here".into()), span))))
    }
}

pub fn print_config_error(error: &ConfigError, color: bool) {
    let source = match (&error.path, &error.source_text) {
        (Some(path), Some(text)) => Some(NamedSource::new(path.display().to_string(), text.clone())),
        _ => None,
    };
    let view = ConfigView { error, source };
    let mut rendered = String::new();
    let colored = color && std::io::stderr().is_terminal();
    if handler(colored).render_report(&mut rendered, &view).is_err() {
        rendered = format!("error: {error}\n");
    } else if view.source.is_none() {
        if let Some(path) = &error.path {
            rendered = format!("{}: {rendered}", path.display());
        }
    }
    eprint!("{rendered}");
}
