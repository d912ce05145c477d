//! `--format sarif`: SARIF 2.1.0, shaped for GitHub code scanning
//! (`github/codeql-action/upload-sarif`) and checked by the SARIF
//! multitool's validator (`tests/integrations/validate.sh`).
//!
//! * `tool.driver.rules` lists every rule the run knows (sorted by id) with
//!   its documentation as `help.text`/`help.markdown`; `ruleIndex` points
//!   into it.
//! * Columns count Unicode scalar values (`columnKind: unicodeCodePoints`);
//!   regions use lines and columns, never character offsets.
//! * `partialFingerprints` hash the rule, the path, the text under the
//!   primary span and the message — not the line — plus the occurrence
//!   number among identical findings of the file: `pirlint/v1` (full hash)
//!   and GitHub's `primaryLocationLineHash` (so alerts survive lines being
//!   added above them).

use crate::files::Outcome;
use crate::fingerprint;
use pirlint_host::finding::{Applicability, Label, LineIndex};
use pirlint_host::pirlint_report::Span;
use pirlint_host::{Finding, RuleDoc, Severity};
use serde_json::{json, Map, Value};
use std::collections::HashMap;

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
pub const INFORMATION_URI: &str = "https://pirlint.dev/";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative path as a URI reference: forward slashes, percent-encoded
/// where a URI needs it; absolute paths become `file://` URIs.
pub fn uri(path: &str) -> String {
    let path = fingerprint::normalize_path(path);
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if path.starts_with('/') {
        format!("file://{out}")
    } else if path.as_bytes().get(1) == Some(&b':') {
        format!("file:///{out}")
    } else {
        out
    }
}

/// SARIF text properties must not be empty; keeps at most `max` chars.
fn text(s: &str, fallback: &str, max: usize) -> String {
    let s = s.trim();
    let s = if s.is_empty() { fallback } else { s };
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

fn first_paragraph(doc: &str) -> String {
    doc.trim().split("\n\n").next().unwrap_or("").lines().map(str::trim).collect::<Vec<_>>().join(" ")
}

fn rule_entry(rule: &RuleDoc) -> Value {
    let short = text(&rule.summary, &rule.id, 1024);
    let full = text(&first_paragraph(&rule.documentation), &short, 1024);
    let help = text(&rule.documentation, &short, usize::MAX);
    let mut configuration = Map::new();
    configuration.insert("level".into(), level(rule.severity.unwrap_or(rule.default_severity)).into());
    configuration.insert("enabled".into(), rule.severity.is_some().into());
    json!({
        "id": rule.id,
        "shortDescription": { "text": short },
        "fullDescription": { "text": full },
        "help": { "text": help, "markdown": help },
        "defaultConfiguration": configuration,
        "properties": {
            "plugin": rule.plugin,
            "tags": [rule.plugin],
            "precision": "high",
            "problem.severity": match rule.default_severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "recommendation",
            },
        },
    })
}

fn region(start: (u32, u32), end: (u32, u32)) -> Value {
    json!({ "startLine": start.0, "startColumn": start.1, "endLine": end.0, "endColumn": end.1 })
}

fn label_region(label: &Label) -> Value {
    region((label.start.line, label.start.column), (label.end.line, label.end.column))
}

fn span_region(lines: &LineIndex, span: Span) -> Value {
    let (s, e) = (lines.location(span.start as usize), lines.location(span.end as usize));
    region((s.line, s.column), (e.line, e.column))
}

fn physical(uri: &str, region: Value) -> Value {
    json!({ "physicalLocation": { "artifactLocation": { "uri": uri }, "region": region } })
}

fn result(uri: &str, lines: &LineIndex, f: &Finding, index: Option<usize>, fingerprint: &str, occurrence: usize) -> Value {
    let mut message = f.message.clone();
    if let Some(help) = &f.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let mut r = Map::new();
    r.insert("ruleId".into(), f.rule.clone().into());
    if let Some(index) = index {
        r.insert("ruleIndex".into(), index.into());
    }
    r.insert("level".into(), level(f.severity).into());
    r.insert("message".into(), json!({ "text": text(&message, &f.rule, usize::MAX) }));
    r.insert("locations".into(), json!([physical(uri, label_region(&f.primary))]));
    if !f.secondary.is_empty() {
        let related: Vec<Value> = f
            .secondary
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let mut loc = physical(uri, label_region(l));
                loc["id"] = i.into();
                if !l.message.trim().is_empty() {
                    loc["message"] = json!({ "text": l.message });
                }
                loc
            })
            .collect();
        r.insert("relatedLocations".into(), related.into());
    }
    r.insert(
        "partialFingerprints".into(),
        json!({
            "pirlint/v1": format!("{fingerprint}:{occurrence}"),
            "primaryLocationLineHash": format!("{}:{occurrence}", &fingerprint[..16]),
        }),
    );
    if !f.fixes.is_empty() {
        let fixes: Vec<Value> = f
            .fixes
            .iter()
            .map(|fix| {
                let replacements: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|e| {
                        let mut rep = json!({ "deletedRegion": span_region(lines, e.span) });
                        if !e.replacement.is_empty() {
                            rep["insertedContent"] = json!({ "text": e.replacement });
                        }
                        rep
                    })
                    .collect();
                json!({
                    "description": { "text": text(&fix.description, "apply the suggested edit", usize::MAX) },
                    "artifactChanges": [{ "artifactLocation": { "uri": uri }, "replacements": replacements }],
                    "properties": { "applicability": match fix.applicability {
                        Applicability::Safe => "safe",
                        Applicability::Unsafe => "unsafe",
                    } },
                })
            })
            .collect();
        r.insert("fixes".into(), fixes.into());
    }
    r.insert("properties".into(), json!({ "plugin": f.plugin }));
    Value::Object(r)
}

pub fn render(outcome: &Outcome, rules: &[&RuleDoc], plugins: &[(&str, &str)]) -> String {
    let index: HashMap<&str, usize> = rules.iter().enumerate().map(|(i, r)| (r.id.as_str(), i)).collect();
    let mut results = Vec::new();
    for report in &outcome.reports {
        let uri = uri(&report.path);
        let lines = LineIndex::new(&report.source);
        let prints = fingerprint::numbered(&report.path, &report.source, &report.findings);
        for (f, (fp, n)) in report.findings.iter().zip(&prints) {
            results.push(result(&uri, &lines, f, index.get(f.rule.as_str()).copied(), fp, *n));
        }
    }
    let notifications: Vec<Value> = outcome
        .errors
        .iter()
        .map(|e| {
            json!({
                "level": "error",
                "message": { "text": text(&format!("{}: could not be checked: {}", e.path, e.message), "could not be checked", usize::MAX) },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(&e.path) } } }],
            })
        })
        .collect();
    let extensions: Vec<Value> = plugins.iter().map(|(name, version)| json!({ "name": name, "version": version })).collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "pirlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": INFORMATION_URI,
                    "rules": rules.iter().map(|r| rule_entry(r)).collect::<Vec<_>>(),
                },
                "extensions": extensions,
            },
            "invocations": [{
                "executionSuccessful": outcome.errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).expect("serializable");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn uris_are_relative_with_forward_slashes_and_encoded() {
        assert_eq!(super::uri("examples\\faulty/a b.md"), "examples/faulty/a%20b.md");
        assert_eq!(super::uri("/tmp/x.md"), "file:///tmp/x.md");
        assert_eq!(super::uri("r%.md"), "r%25.md");
    }
}
