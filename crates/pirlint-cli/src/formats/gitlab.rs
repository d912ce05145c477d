//! `--format gitlab`: a GitLab Code Quality report (the `codequality`
//! artifact of a CI job), following the fields GitLab documents and
//! `schemas/gitlab-codequality.schema.json`, which is written from that
//! documentation.
//!
//! * One issue per finding: `description` (the message), `check_name` (the
//!   rule id), `fingerprint`, `severity`, `location.path` (relative, forward
//!   slashes, never `./`) and `location.lines.begin` (the primary span's
//!   first line).
//! * `fingerprint` is the content fingerprint shared with SARIF and
//!   baselines (rule, path and the text flagged, not the line) with the
//!   finding's occurrence number among identical ones of the file:
//!   `HASH:N`. GitLab keeps one issue per fingerprint, so two identical
//!   findings in a file must not share one; and a finding keeps its
//!   fingerprint when lines are added above it, so GitLab does not report
//!   it as fixed and new again.
//! * Severities: pirlint has three levels, GitLab five. `error` → `major`,
//!   `warning` → `minor`, `info` → `info`; `critical` and `blocker` are left
//!   for problems in code, which a report's findings are not.
//! * Files that could not be checked have no place in the format: they are
//!   named on standard error, and the exit code is 2.

use crate::files::Outcome;
use crate::fingerprint;
use pirlint_host::Severity;
use serde_json::{json, Value};

/// GitLab's severity for a pirlint severity.
pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

pub fn render(outcome: &Outcome) -> String {
    let mut issues = Vec::new();
    for report in &outcome.reports {
        let path = fingerprint::normalize_path(&report.path);
        let prints = fingerprint::numbered(&report.path, &report.source, &report.findings);
        for (f, (fp, n)) in report.findings.iter().zip(&prints) {
            issues.push(json!({
                "description": f.message,
                "check_name": f.rule,
                "fingerprint": format!("{fp}:{n}"),
                "severity": severity(f.severity),
                "location": { "path": path, "lines": { "begin": f.primary.start.line } },
            }));
        }
    }
    let mut out = serde_json::to_string_pretty(&Value::Array(issues)).expect("serializable");
    out.push('\n');
    out
}
