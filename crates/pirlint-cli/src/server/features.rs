//! What the client sees of findings: diagnostics, code actions (each fix,
//! labelled safe or unsafe) and hover (the rule's documentation). Every range
//! is converted from the text the findings were computed on.

use super::documents::Checked;
use super::position::{Encoding, LineIndex};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Hover,
    HoverContents, Location, MarkupContent, MarkupKind, NumberOrString, Range, TextEdit, Url, WorkspaceEdit,
};
use pirlint_host::finding::Applicability;
use pirlint_host::policy::ConfigError;
use pirlint_host::{escape, Finding, Linter, Severity};
use std::collections::HashMap;

pub const SOURCE: &str = "pirlint";

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// One finding as a diagnostic: the message (with the help after it), the
/// rule as its code, secondary labels as related information.
pub fn diagnostic(uri: &Url, index: &LineIndex, finding: &Finding) -> Diagnostic {
    let mut message = escape::terminal(&finding.message).into_owned();
    if let Some(help) = &finding.help {
        message.push_str("\nhelp: ");
        message.push_str(&escape::terminal(help));
    }
    let related: Vec<DiagnosticRelatedInformation> = finding
        .secondary
        .iter()
        .map(|label| DiagnosticRelatedInformation {
            location: Location { uri: uri.clone(), range: index.range(label.span.start as usize, label.span.end as usize) },
            message: escape::terminal(&label.message).into_owned(),
        })
        .collect();
    Diagnostic {
        range: index.range(finding.primary.span.start as usize, finding.primary.span.end as usize),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.rule.clone())),
        source: Some(SOURCE.into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Diagnostic::default()
    }
}

pub fn diagnostics(uri: &Url, checked: &Checked, encoding: Encoding) -> Vec<Diagnostic> {
    let index = LineIndex::new(&checked.text, encoding);
    checked.findings.iter().map(|f| diagnostic(uri, &index, f)).collect()
}

/// The one diagnostic a document gets when its policy cannot be loaded.
pub fn policy_failed(policy: Option<&std::path::Path>, errors: &[ConfigError]) -> Diagnostic {
    let name = policy.map_or_else(|| "the policy".to_owned(), |p| p.display().to_string());
    let first = errors.first().map_or_else(String::new, |e| format!(": {e}"));
    let more = if errors.len() > 1 { format!(" (and {} more)", errors.len() - 1) } else { String::new() };
    Diagnostic {
        range: Range::default(),
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String("pirlint/config".into())),
        source: Some(SOURCE.into()),
        message: escape::terminal(&format!("pirlint cannot load {name}{first}{more}; no rule was checked")).into_owned(),
        ..Diagnostic::default()
    }
}

/// Configuration errors as diagnostics on the files they are in (those with
/// a location), by file; the others are returned for a message.
pub fn config_diagnostics(errors: &[ConfigError], encoding: Encoding) -> (HashMap<Url, Vec<Diagnostic>>, Vec<String>) {
    let mut by_file: HashMap<Url, Vec<Diagnostic>> = HashMap::new();
    let mut unplaced = Vec::new();
    for error in errors {
        let uri = error.path.as_ref().and_then(|p| std::path::absolute(p).ok()).and_then(|p| Url::from_file_path(p).ok());
        let Some(uri) = uri else {
            unplaced.push(error.to_string());
            continue;
        };
        let range = match (&error.source_text, &error.span) {
            (Some(text), Some(span)) => LineIndex::new(text, encoding).range(span.start, span.end),
            _ => Range::default(),
        };
        let mut message = escape::terminal(&error.message).into_owned();
        if let Some(help) = &error.help {
            message.push_str("\nhelp: ");
            message.push_str(&escape::terminal(help));
        }
        by_file.entry(uri).or_default().push(Diagnostic {
            range,
            severity: Some(DiagnosticSeverity::ERROR),
            code: Some(NumberOrString::String("pirlint/config".into())),
            source: Some(SOURCE.into()),
            message,
            ..Diagnostic::default()
        });
    }
    (by_file, unplaced)
}

fn overlaps(finding: &Finding, start: usize, end: usize) -> bool {
    let span = finding.primary.span;
    (span.start as usize) <= end && start <= (span.end as usize)
}

/// Each fix of each finding in `[start, end]` as a quick fix. Safe fixes
/// are preferred (an editor may apply them with one key); unsafe ones say
/// so in their title, as they may change what the report says.
pub fn code_actions(uri: &Url, checked: &Checked, encoding: Encoding, start: usize, end: usize) -> Vec<CodeActionOrCommand> {
    let index = LineIndex::new(&checked.text, encoding);
    let mut actions = Vec::new();
    for finding in checked.findings.iter().filter(|f| overlaps(f, start, end)) {
        for fix in &finding.fixes {
            let safe = fix.applicability == Applicability::Safe;
            let edits: Vec<TextEdit> = fix
                .edits
                .iter()
                .map(|e| TextEdit {
                    range: index.range(e.span.start as usize, e.span.end as usize),
                    new_text: e.replacement.clone(),
                })
                .collect();
            let label = if safe { "safe fix" } else { "unsafe fix: review it" };
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("{} ({label}, {})", escape::terminal(&fix.description), finding.rule),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic(uri, &index, finding)]),
                edit: Some(WorkspaceEdit { changes: Some(HashMap::from([(uri.clone(), edits)])), ..WorkspaceEdit::default() }),
                is_preferred: Some(safe),
                ..CodeAction::default()
            }));
        }
    }
    actions
}

/// Untrusted documentation as Markdown: line by line, each escaped so it can
/// hold no link, image, HTML or code span (lists and paragraphs survive).
fn markdown_lines(text: &str) -> String {
    text.lines().map(escape::markdown).collect::<Vec<_>>().join("\n")
}

/// The findings under `offset`, with their rules' documentation.
pub fn hover(linter: Option<&Linter>, checked: &Checked, encoding: Encoding, offset: usize) -> Option<Hover> {
    let under: Vec<&Finding> = checked
        .findings
        .iter()
        .filter(|f| {
            let span = f.primary.span;
            (span.start as usize) <= offset && (offset < span.end as usize || span.start == span.end)
        })
        .collect();
    let first = under.first()?;
    let index = LineIndex::new(&checked.text, encoding);
    let mut shown_rules = Vec::new();
    let mut parts = Vec::new();
    for finding in &under {
        let mut part = format!("**{}** ({}): {}", escape::markdown(&finding.rule), finding.severity, escape::markdown(&finding.message));
        if let Some(help) = &finding.help {
            part.push_str(&format!("\n\nhelp: {}", escape::markdown(help)));
        }
        if !shown_rules.contains(&&finding.rule) {
            shown_rules.push(&finding.rule);
            if let Some(doc) = linter.and_then(|l| l.rule(&finding.rule)) {
                part.push_str(&format!(
                    "\n\n---\n\n**{}** — {}\n\n{}",
                    escape::markdown(&doc.id),
                    escape::markdown(&doc.summary),
                    markdown_lines(&doc.documentation)
                ));
            }
        }
        parts.push(part);
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: parts.join("\n\n---\n\n") }),
        range: Some(index.range(first.primary.span.start as usize, first.primary.span.end as usize)),
    })
}
