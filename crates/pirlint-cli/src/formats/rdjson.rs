//! `--format rdjson`: reviewdog's Diagnostic Format as one JSON document
//! (`DiagnosticResult`), which `reviewdog -f=rdjson` reads (and vale-action
//! and other review bots use); `schemas/rdjson.schema.json` describes it.
//!
//! * `source.name` is `pirlint` (reviewdog's tool name), once for the
//!   result; each diagnostic has `message` (with the help, as in SARIF),
//!   `severity` (`ERROR`, `WARNING`, `INFO`), `code.value` (the rule id) and
//!   `location` (`path`, `range` of the primary span).
//! * Positions: lines from 1, and columns from 1 counted in **UTF-8 bytes**,
//!   as rdjson defines them (reviewdog's `Position.column`); the other
//!   formats count columns in characters. Range ends are exclusive, as in
//!   rdjson.
//! * Fixes: each fix made of a single edit becomes a `suggestion` (range and
//!   replacement text), safe and unsafe alike, since a suggestion is applied
//!   only by a person reviewing it; a fix of several edits is left out, as
//!   rdjson cannot say that suggestions belong together.
//! * Files that could not be checked have no place in the format: they are
//!   named on standard error, and the exit code is 2.

use crate::files::Outcome;
use crate::fingerprint;
use crate::formats::sarif::INFORMATION_URI;
use pirlint_host::{Finding, Severity};
use serde_json::{json, Map, Value};

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    }
}

/// Byte offset to rdjson's line and column (both from 1; the column in
/// UTF-8 bytes), built once per file.
struct Positions {
    line_starts: Vec<usize>,
}

impl Positions {
    fn new(source: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(source.match_indices('\n').map(|(i, _)| i + 1));
        Positions { line_starts }
    }

    fn at(&self, offset: usize) -> Value {
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        json!({ "line": line + 1, "column": offset - self.line_starts[line] + 1 })
    }

    fn range(&self, start: u32, end: u32) -> Value {
        json!({ "start": self.at(start as usize), "end": self.at(end as usize) })
    }
}

fn diagnostic(path: &str, positions: &Positions, f: &Finding) -> Value {
    let mut message = f.message.clone();
    if let Some(help) = &f.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let mut d = Map::new();
    d.insert("message".into(), message.into());
    d.insert(
        "location".into(),
        json!({ "path": path, "range": positions.range(f.primary.span.start, f.primary.span.end) }),
    );
    d.insert("severity".into(), severity(f.severity).into());
    d.insert("code".into(), json!({ "value": f.rule }));
    let suggestions: Vec<Value> = f
        .fixes
        .iter()
        .filter_map(|fix| match fix.edits.as_slice() {
            [edit] => Some(json!({
                "range": positions.range(edit.span.start, edit.span.end),
                "text": edit.replacement,
            })),
            _ => None,
        })
        .collect();
    if !suggestions.is_empty() {
        d.insert("suggestions".into(), suggestions.into());
    }
    Value::Object(d)
}

pub fn render(outcome: &Outcome) -> String {
    let mut diagnostics = Vec::new();
    for report in &outcome.reports {
        let path = fingerprint::normalize_path(&report.path);
        let positions = Positions::new(&report.source);
        diagnostics.extend(report.findings.iter().map(|f| diagnostic(&path, &positions, f)));
    }
    let result = json!({
        "source": { "name": "pirlint", "url": INFORMATION_URI },
        "diagnostics": diagnostics,
    });
    let mut out = serde_json::to_string_pretty(&result).expect("serializable");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn columns_count_utf8_bytes() {
        // 'a𐐀b': a at 1, 𐐀 at 2, b at 6 (reviewdog's own example).
        let p = super::Positions::new("x\na\u{10400}b\n");
        assert_eq!(p.at(2), serde_json::json!({ "line": 2, "column": 1 }));
        assert_eq!(p.at(3), serde_json::json!({ "line": 2, "column": 2 }));
        assert_eq!(p.at(7), serde_json::json!({ "line": 2, "column": 6 }));
        assert_eq!(p.at(9), serde_json::json!({ "line": 3, "column": 1 }));
    }
}
