//! `--format short`: `path:line:col: severity rule message`, one per line.

use crate::files::Outcome;
use pirlint_host::Finding;
use std::fmt::Write;

/// One finding's line (also the human format's, past its snippets).
pub fn line(path: &str, f: &Finding) -> String {
    let message = f.message.replace(['\r', '\n'], " ");
    format!("{path}:{}:{}: {} {} {message}", f.primary.start.line, f.primary.start.column, f.severity, f.rule)
}

pub fn render(outcome: &Outcome) -> String {
    let mut out = String::new();
    for report in &outcome.reports {
        for f in &report.findings {
            out.push_str(&line(&report.path, f));
            out.push('\n');
        }
    }
    for error in &outcome.errors {
        let _ = writeln!(out, "{}: error: {}", error.path, error.message);
    }
    out
}
