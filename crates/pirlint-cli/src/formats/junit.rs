//! `--format junit`: JUnit XML shaped for GitLab and Jenkins.
//!
//! One `<testsuite>` per report (name = path); in it one `<testcase>` per
//! enabled rule (classname = report path, name = rule id, file = report
//! path). A rule with findings is a failing testcase with a single
//! `<failure>` (Jenkins keeps only one) listing all its findings; a rule
//! without findings passes. A file that could not be checked becomes a
//! suite with one `<error>` testcase named `pirlint/unreadable`.

use crate::files::Outcome;
use pirlint_host::{Finding, RuleDoc, Severity};
use std::collections::BTreeSet;
use std::fmt::Write;

/// Escapes text for XML 1.0 content and attribute values, dropping the
/// control characters XML 1.0 cannot carry at all.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

fn line(path: &str, f: &Finding) -> String {
    let mut text = format!("{path}:{}:{}: {} {} {}", f.primary.start.line, f.primary.start.column, f.severity, f.rule, f.message);
    if let Some(help) = &f.help {
        let _ = write!(text, "\n    help: {help}");
    }
    text
}

pub fn render(outcome: &Outcome, rules: &[&RuleDoc]) -> String {
    let enabled: BTreeSet<&str> = rules.iter().filter(|r| r.severity.is_some()).map(|r| r.id.as_str()).collect();
    let mut suites = String::new();
    let (mut total_tests, mut total_failures) = (0, 0);
    for report in &outcome.reports {
        let mut ids = enabled.clone();
        ids.extend(report.findings.iter().map(|f| f.rule.as_str()));
        let path = escape(&report.path);
        let mut cases = String::new();
        let mut failures = 0;
        for rule in &ids {
            let findings: Vec<&Finding> = report.findings.iter().filter(|f| f.rule == *rule).collect();
            let _ = write!(cases, "    <testcase classname=\"{path}\" name=\"{}\" file=\"{path}\" time=\"0\"", escape(rule));
            if findings.is_empty() {
                cases.push_str("/>\n");
                continue;
            }
            failures += 1;
            let worst = findings.iter().map(|f| f.severity).max().unwrap_or(Severity::Error);
            let summary = if findings.len() == 1 {
                findings[0].message.clone()
            } else {
                format!("{} findings; first: {}", findings.len(), findings[0].message)
            };
            let body: Vec<String> = findings.iter().map(|f| line(&report.path, f)).collect();
            let _ = write!(
                cases,
                ">\n      <failure type=\"{worst}\" message=\"{}\">{}</failure>\n    </testcase>\n",
                escape(&summary),
                escape(&body.join("\n"))
            );
        }
        total_tests += ids.len();
        total_failures += failures;
        let _ = write!(
            suites,
            "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\" time=\"0\">\n{cases}  </testsuite>\n",
            ids.len()
        );
    }
    for error in &outcome.errors {
        let path = escape(&error.path);
        let message = escape(&error.message);
        let _ = write!(
            suites,
            "  <testsuite name=\"{path}\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" time=\"0\">\n    <testcase classname=\"{path}\" name=\"pirlint/unreadable\" file=\"{path}\" time=\"0\">\n      <error type=\"unreadable\" message=\"{message}\">{message}</error>\n    </testcase>\n  </testsuite>\n"
        );
        total_tests += 1;
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"pirlint\" tests=\"{total_tests}\" failures=\"{total_failures}\" errors=\"{}\" time=\"0\">\n{suites}</testsuites>\n",
        outcome.errors.len()
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn escaping_covers_markup_and_drops_invalid_controls() {
        assert_eq!(super::escape("a<b>&\"c'\u{1}\td"), "a&lt;b&gt;&amp;&quot;c&apos;\td");
    }
}
