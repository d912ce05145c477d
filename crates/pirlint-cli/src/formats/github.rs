//! `--format github`: GitHub Actions workflow commands, one annotation per
//! finding: `::error file=…,line=…,endLine=…,col=…,endColumn=…,title=RULE::message`.
//!
//! Escaping follows actions/toolkit (`command.ts`): data `%`→`%25`, CR→`%0D`,
//! LF→`%0A`; property values additionally `:`→`%3A` and `,`→`%2C`.

use crate::files::Outcome;
use pirlint_host::Severity;
use std::fmt::Write;

pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

pub fn render(outcome: &Outcome) -> String {
    let mut out = String::new();
    for report in &outcome.reports {
        for f in &report.findings {
            let (start, end) = (f.primary.start, f.primary.end);
            let mut props = format!("file={},line={},endLine={}", escape_property(&report.path), start.line, end.line);
            // GitHub uses columns only for single-line annotations.
            if start.line == end.line {
                let _ = write!(props, ",col={},endColumn={}", start.column, end.column);
            }
            let _ = write!(props, ",title={}", escape_property(&f.rule));
            let mut message = f.message.clone();
            if let Some(help) = &f.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            let _ = writeln!(out, "::{} {props}::{}", command(f.severity), escape_data(&message));
        }
    }
    for error in &outcome.errors {
        let _ = writeln!(
            out,
            "::error file={},title=pirlint::{}",
            escape_property(&error.path),
            escape_data(&format!("could not be checked: {}", error.message))
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_toolkit() {
        assert_eq!(escape_data("a%b\r\nc:d,e"), "a%25b%0D%0Ac:d,e");
        assert_eq!(escape_property("a%b\r\nc:d,e"), "a%25b%0D%0Ac%3Ad%2Ce");
        assert_eq!(escape_property("%3A"), "%253A");
    }
}
