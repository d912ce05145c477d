//! pirlint built-in plugin `lessons`: the post-incident activities of NIST
//! SP 800-61 are recorded — whether plans, playbooks, policies and
//! procedures need updating (and an action item when they do), the
//! lessons-learned focus areas, training, and the legal and cost basis
//! (impact, cost estimate, where the evidence is kept).
//!
//! Every rule reads structured fields (front matter, or the top level of a
//! JSON/YAML report: the model's `extra` list and `impact`) or sections
//! (by kind, from the host's heading table), never words anywhere in the
//! text. A report that does not declare an incident type in scope, or has
//! no lessons-learned section for the rules that look there, gets no
//! finding: another rule already reports a missing section.

use pirlint_plugin_sdk::prelude::*;
use pirlint_plugin_sdk::serde_json::Value;
use pirlint_plugin_sdk::values::{is_draft_status, subtree_has_content};

pirlint_plugin_sdk::include_rules!();

#[cfg(test)]
mod tests;

/// Keys compared the way the report parser compares them: case, `-`, `_`
/// and every other non-alphanumeric character dropped, so
/// `playbooks-update`, `playbooks_update` and `playbooksUpdate` are one key.
pub(crate) fn norm_key(key: &str) -> String {
    key.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The incident types the rules apply to by default: security incidents,
/// as NIST SP 800-61 (a guide to computer security incident handling)
/// frames these activities.
pub(crate) fn default_types() -> Vec<String> {
    vec!["security".into()]
}

/// Whether the report's `incident-type` is one of `types` (compared after
/// `norm_key`, and a type such as "security incident" or "security-breach"
/// matches "security" by its first word). An empty list: every report.
/// A report without an incident type is in scope only of an empty list.
pub(crate) fn in_scope(cx: &Context<'_>, types: &[String]) -> bool {
    if types.is_empty() {
        return true;
    }
    let Some(t) = cx.report.metadata.incident_type.as_ref() else {
        return false;
    };
    let written = cx.text(t).trim().to_lowercase();
    let whole = norm_key(&written);
    let first = norm_key(written.split(|c: char| !c.is_alphanumeric()).next().unwrap_or(""));
    types.iter().map(|x| norm_key(x)).any(|x| !x.is_empty() && (x == whole || x == first))
}

/// A front-matter (or top-level structured) value: its JSON value and the
/// span of its key and value.
pub(crate) struct Field {
    pub span: Span,
    pub value: Value,
    /// The key as the report wrote it (`playbooks_update`).
    pub key: String,
}

/// The value at `path` ("training", "lessons.tools",
/// "impact.cost-estimate-reason"): a top-level key, or a key inside a
/// mapping, segments compared by `norm_key`. Fields the model has typed
/// (`impact.cost-estimate`) are not here: read them from the metadata.
pub(crate) fn field(cx: &Context<'_>, path: &str) -> Option<Field> {
    let want = norm_key(path);
    let segments: Vec<String> = path.split('.').map(norm_key).collect();
    for e in &cx.report.metadata.extra {
        let key = norm_key(&e.key);
        let Ok(value) = pirlint_plugin_sdk::serde_json::from_str::<Value>(&e.value_json) else {
            continue;
        };
        if key == want {
            return Some(Field { span: e.span, value, key: e.key.clone() });
        }
        // `meeting.x` and `impact.x` keys arrive flattened ("impact.reason"):
        // the whole path is compared above. Otherwise descend from the first
        // segment.
        if segments.len() > 1 && key == segments[0] {
            let mut v = &value;
            let mut found = true;
            for seg in &segments[1..] {
                match v.as_object().and_then(|m| m.iter().find(|(k, _)| norm_key(k) == *seg)) {
                    Some((_, inner)) => v = inner,
                    None => {
                        found = false;
                        break;
                    }
                }
            }
            if found {
                return Some(Field { span: e.span, value: v.clone(), key: path.to_owned() });
            }
        }
    }
    None
}

/// Whether a value says something: not null, not an empty string, list or
/// mapping. A placeholder (`TBD`) counts as given: `structure/placeholder`
/// reports it, and one gap should give one finding.
pub(crate) fn says_something(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(a) => a.iter().any(says_something),
        Value::Object(m) => m.values().any(says_something),
        Value::Bool(_) | Value::Number(_) => true,
    }
}

/// A yes/no answer as reports write it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Answer {
    Yes,
    No,
    NotApplicable,
    Done,
}

/// `yes`/`no`/`n/a`/`done` and their usual spellings (YAML 1.1 reads an
/// unquoted `yes` as `true`). `None`: not one of them.
pub(crate) fn answer(v: &Value) -> Option<Answer> {
    match v {
        Value::Bool(true) => Some(Answer::Yes),
        Value::Bool(false) => Some(Answer::No),
        Value::String(s) => match norm_key(s).as_str() {
            "yes" | "y" | "true" | "needed" | "required" | "needsupdate" | "needsupdating" => Some(Answer::Yes),
            "no" | "n" | "false" | "notneeded" | "notrequired" | "none" => Some(Answer::No),
            "na" | "notapplicable" => Some(Answer::NotApplicable),
            "done" | "updated" | "completed" | "alreadyupdated" => Some(Answer::Done),
            _ => None,
        },
        _ => None,
    }
}

/// The first section of one of `kinds` that has content (in itself or a
/// subsection), with its index.
pub(crate) fn section_with_content<'a>(cx: &Context<'a>, kinds: &[String]) -> Option<(usize, &'a Section)> {
    let content = cx.shared(|cx| subtree_has_content(cx.report, cx.source()));
    cx.report.sections.iter().enumerate().find(|(i, s)| {
        content.get(*i).copied().unwrap_or(false)
            && cx.kind(s).is_some_and(|k| kinds.iter().any(|x| x == k))
    })
}

/// The lessons-learned section (the first one, content or not): where
/// findings about what the lessons lack are anchored. `None`: the report
/// has none, and `structure/required-sections` says so.
pub(crate) fn lessons_section<'a>(cx: &Context<'a>) -> Option<&'a Section> {
    // The outermost one: "## Lessons learned" rather than its "### What
    // went wrong" subsection, which is a lessons-learned heading too.
    cx.report.sections.iter().find(|s| {
        cx.is_kind(s, "lessons-learned")
            && s
                .parent
                .and_then(|p| cx.report.sections.get(p as usize))
                .is_none_or(|p| !cx.is_kind(p, "lessons-learned"))
    })
}

/// Findings on a draft are reminders: `info`, whatever the configured
/// severity.
pub(crate) fn lenient(cx: &Context<'_>, d: Diagnostic) -> Diagnostic {
    let status = cx.report.metadata.status.as_ref().map(|t| cx.text(t));
    if is_draft_status(status) {
        d.severity(Severity::Info)
    } else {
        d
    }
}

/// The section a span lies in (the innermost one).
pub(crate) fn section_at<'a>(cx: &Context<'a>, at: u32) -> Option<&'a Section> {
    cx.report.sections.iter().filter(|s| s.span.start <= at && at < s.span.end).max_by_key(|s| s.span.start)
}

/// The label a line of lessons opens with, when it has one and text after
/// it: `**Tools** – ...`, `- **Training:** ...`, `(Process/Structure) ...`,
/// `Process: ...` (a colon label of at most four words). List markers,
/// check marks and numbering before it are skipped. A label is the line's
/// own heading: the rules compare it with the heading table, never search
/// the text after it.
pub(crate) fn line_label(line: &str) -> Option<&str> {
    let s = line.trim_start_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '*' | '_' | '('));
    let s = match s.find(|c: char| !c.is_ascii_digit()) {
        Some(i) if i > 0 && s[i..].starts_with(['.', ')']) => s[i + 1..].trim_start(),
        _ => s,
    };
    let rest_has_text = |rest: &str| rest.chars().any(char::is_alphanumeric);
    for marker in ["**", "__"] {
        if let Some(inner) = s.strip_prefix(marker) {
            let end = inner.find(marker)?;
            let label = inner[..end].trim().trim_end_matches([':', '.', '?']).trim();
            return (!label.is_empty() && rest_has_text(&inner[end + 2..])).then_some(label);
        }
    }
    if let Some(inner) = s.strip_prefix('(') {
        let end = inner.find(')')?;
        let label = inner[..end].trim();
        return (!label.is_empty() && rest_has_text(&inner[end + 1..])).then_some(label);
    }
    let (label, rest) = s.split_once(':')?;
    let label = label.trim();
    let words = label.split_whitespace().count();
    let plain = !label.contains(['.', ',', ';', '`', '[', '(', '*', '_']) && !label.contains("://");
    (plain && (1..=4).contains(&words) && !rest.starts_with("//") && rest_has_text(rest)).then_some(label)
}

/// The section kinds the labels of the lessons-learned lines name
/// (`Process: ...` names `processes`), over every lessons-learned section
/// and its subsections.
pub(crate) fn labelled_kinds(cx: &Context<'_>) -> std::rc::Rc<Vec<String>> {
    cx.shared(|cx| {
        let report = cx.report;
        let roots: Vec<usize> = report
            .sections
            .iter()
            .enumerate()
            .filter(|(_, s)| cx.is_kind(s, "lessons-learned"))
            .map(|(i, _)| i)
            .collect();
        let mut kinds: Vec<String> = Vec::new();
        for (i, s) in report.sections.iter().enumerate() {
            let inside = roots.contains(&i) || roots.iter().any(|&r| pirlint_plugin_sdk::values::is_descendant(report, i, r));
            if !inside {
                continue;
            }
            for line in cx.body(s).lines() {
                if let Some(label) = line_label(line) {
                    for k in cx.kinds_of(label) {
                        if !kinds.contains(&k) {
                            kinds.push(k);
                        }
                    }
                }
            }
        }
        kinds
    })
}

/// Whether the report covers one of `kinds`: a section of that kind with
/// content, or a labelled line of the lessons learned naming it.
pub(crate) fn covers(cx: &Context<'_>, kinds: &[String]) -> bool {
    section_with_content(cx, kinds).is_some() || labelled_kinds(cx).iter().any(|k| kinds.contains(k))
}

/// Whether an action item's text (or tracking reference) has one of
/// `words` (whole words, any case).
pub(crate) fn action_with_words(cx: &Context<'_>, words: &[String]) -> bool {
    if words.is_empty() {
        return false;
    }
    let phrases: Vec<(&str, text::Case)> = words.iter().map(|w| (w.as_str(), text::Case::Insensitive)).collect();
    let set = text::PhraseSet::new(&phrases);
    cx.report.recommendations.iter().any(|r| {
        std::iter::once(r.text.span).chain(r.tracking.as_ref().map(|t| t.span)).any(|s| set.any(cx.source(), s))
    })
}
