//! `--format github`: GitHub Actions workflow commands, one annotation per
//! finding: `::error file=…,line=…,endLine=…,col=…,endColumn=…,title=RULE::message`.
//!
//! Escaping follows actions/toolkit (`command.ts`): data `%`→`%25`, CR→`%0D`,
//! LF→`%0A`; property values additionally `:`→`%3A` and `,`→`%2C`.

use crate::files::Outcome;
use pirlint_host::{escape, Severity};
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

/// GitHub shows at most this many annotations of each level per step and
/// drops the rest silently (actions/toolkit docs/problem-matchers.md).
pub const ANNOTATIONS_SHOWN_PER_LEVEL: usize = 10;

/// A Markdown table of every finding, for `$GITHUB_STEP_SUMMARY`, when some
/// level has more findings than GitHub will show as annotations; `None`
/// when every finding is visible anyway.
pub fn step_summary(outcome: &Outcome) -> Option<String> {
    let count = |level: Severity| outcome.reports.iter().flat_map(|r| &r.findings).filter(|f| f.severity == level).count();
    let hidden: usize = [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .map(|level| count(level).saturating_sub(ANNOTATIONS_SHOWN_PER_LEVEL))
        .sum();
    if hidden == 0 {
        return None;
    }
    let total: usize = outcome.reports.iter().map(|r| r.findings.len()).sum();
    let mut out = format!(
        "### pirlint: {total} findings\n\nGitHub shows at most {ANNOTATIONS_SHOWN_PER_LEVEL} annotations of each level per step, \
         so {hidden} are not annotated on the files; all are listed here.\n\n\
         | location | severity | rule | message |\n|---|---|---|---|\n"
    );
    for report in &outcome.reports {
        for f in &report.findings {
            // GitHub renders the summary as Markdown with HTML: paths, rule
            // ids and messages (which quote the report, entities decoded)
            // are text, never markup.
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                escape::markdown_code_cell(&format!("{}:{}:{}", report.path, f.primary.start.line, f.primary.start.column)),
                f.severity,
                escape::markdown_code_cell(&f.rule),
                message_cell(&f.message)
            );
        }
    }
    Some(out)
}

/// A message as Markdown: the parts it quotes in backticks (as messages
/// quote the report) as code spans, the rest as text, each escaped for where
/// it goes; a stray backtick in a quote can change how the message looks,
/// never make markup.
fn message_cell(message: &str) -> String {
    message
        .split('`')
        .enumerate()
        .filter(|(i, part)| i % 2 == 0 || !part.is_empty())
        .map(|(i, part)| if i % 2 == 1 { escape::markdown_code_cell(part) } else { escape::markdown(part) })
        .collect()
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
    if step_summary(outcome).is_some() {
        let _ = writeln!(
            out,
            "::notice title=pirlint::{}",
            escape_data(&format!(
                "more findings than GitHub annotates ({ANNOTATIONS_SHOWN_PER_LEVEL} per level and step): every finding is in the job summary when $GITHUB_STEP_SUMMARY is set, and in `--format short`"
            ))
        );
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

    #[test]
    fn summary_messages_keep_their_quotes_as_code_and_nothing_else() {
        assert_eq!(message_cell("placeholder `TBD` left in the report"), "placeholder `TBD` left in the report");
        assert_eq!(message_cell("priority `<b>x</b>` is *not* ok"), "priority `<b>x</b>` is \\*not\\* ok");
        assert_eq!(message_cell("quote `a`b` ends"), "quote `a`b`  ends `");
        assert_eq!(message_cell("a <img src=x> `|`"), "a \\<img src=x> `\\|`");
    }
}
