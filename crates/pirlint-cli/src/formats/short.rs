//! `--format short`: `path:line:col: severity rule message`, one per line.

use crate::files::Outcome;
use std::fmt::Write;

pub fn render(outcome: &Outcome) -> String {
    let mut out = String::new();
    for report in &outcome.reports {
        for f in &report.findings {
            let message = f.message.replace(['\r', '\n'], " ");
            let _ = writeln!(
                out,
                "{}:{}:{}: {} {} {}",
                report.path, f.primary.start.line, f.primary.start.column, f.severity, f.rule, message
            );
        }
    }
    for error in &outcome.errors {
        let _ = writeln!(out, "{}: error: {}", error.path, error.message);
    }
    out
}
