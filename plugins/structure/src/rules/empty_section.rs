//! `structure/empty-section`.

use pirlint_plugin_sdk::prelude::*;
use pirlint_plugin_sdk::values::is_descendant;

const EMPTY: &str = "structure/empty-section";

rule! {
    /// Checks that no section is empty: a heading followed by nothing but
    /// whitespace or HTML comments (`<!-- ... -->`), in the section itself and in all
    /// its subsections. When a section and its subsections are all empty, one
    /// diagnostic is reported on the outermost heading and the subsections are
    /// shown as secondary labels.
    ///
    /// A section containing only a placeholder (`-`, `N/A`, `TODO`) is not empty:
    /// `structure/placeholder` reports it.
    ///
    /// ## Why it matters
    ///
    /// Report templates (Google SRE, PagerDuty, Atlassian, NIST SP 800-61's list of
    /// lessons-learned questions) are made of headings that each ask a question. An
    /// empty heading means the question was not answered, yet the report looks
    /// complete at a glance; reviewers and auditors reading it later cannot tell
    /// whether the answer was "nothing" or "not considered".
    ///
    /// ## How to fix
    ///
    /// Write the section's content. If it does not apply to this incident, say why
    /// in one sentence ("No customer data was involved: the affected service stores
    /// none."). Remove the heading if your template does not need it, or exempt the
    /// section's kind with `ignore-kinds`.
    ///
    /// ## Options
    ///
    /// - `ignore-kinds` (list of kinds, default `[]`): canonical section kinds that
    ///   may be empty, e.g. `["containment"]`.
    /// - `skip-questions` (boolean, default `true`): leave empty sections whose
    ///   heading is a question ("What could have been done differently?") to
    ///   `questions/answered`, which names the unanswered question and says how to
    ///   answer it, so that one gap gives one finding. Set it to `false` if you
    ///   switch the `questions` plugin off.
    ///
    /// ## Example
    ///
    /// ```markdown
    /// ## Lessons learned
    ///
    /// ## Recommendations
    /// - Add an alert on replication lag (owner: Ana, SRE-120)
    /// ```
    ///
    /// reports `section "Lessons learned" is empty`.
    pub struct EmptySection;
}

impl Rule for EmptySection {
    const ID: &'static str = "structure/empty-section";
    const SUMMARY: &'static str = "A section has a heading but no content";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    type Options = EmptyOptions;

    fn check(cx: &Context<'_>, opts: &EmptyOptions) -> Vec<Diagnostic> {
        empty_sections(cx, opts)
    }
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct EmptyOptions {
    /// Canonical section kinds that may be empty.
    #[schemars(extend("uniqueItems" = true))]
    pub ignore_kinds: Vec<String>,
    /// Leave empty question headings to questions/answered.
    pub skip_questions: bool,
}

impl Default for EmptyOptions {
    fn default() -> Self {
        EmptyOptions { ignore_kinds: Vec::new(), skip_questions: true }
    }
}

/// A heading phrased as a question ("What could have been done
/// differently?"). An empty one is an unanswered question, which
/// `questions/answered` reports with the question and how to answer it;
/// reporting it here too would say the same thing twice.
fn is_question(heading: &str) -> bool {
    heading.trim_end().ends_with('?')
}

/// "Tracking ticket: https://...", "Owner: @maria", "Meeting scheduled
/// for: waived": a label and its value written in the heading line itself.
fn content_in_heading(heading: &str) -> bool {
    if heading.contains("http://") || heading.contains("https://") {
        return true;
    }
    heading
        .split_once(':')
        .is_some_and(|(label, value)| !label.trim().is_empty() && value.split_whitespace().count() >= 1)
}

fn empty_sections(cx: &Context<'_>, opts: &EmptyOptions) -> Vec<Diagnostic> {
    let (report, source) = (cx.report, cx.source());
    let n = report.sections.len();
    let parent = |i: usize| -> Option<usize> {
        report.sections[i]
            .parent
            .map(|p| p as usize)
            .filter(|&p| p < n && p != i)
    };
    // Content anywhere in the subtree.
    let content = values::subtree_has_content(report, source);
    let title = report.sections.first().filter(|s| s.level == 1 && s.kind.is_none()).map(|_| 0usize);
    let ignored = |i: usize| {
        let section = &report.sections[i];
        // The title ("# Outage on 2026-03-02") has no body of its own, and a
        // catch-all heading ("Anything else", "Other notes") may stay empty.
        if Some(i) == title {
            return true;
        }
        // "Call recording:", "Title:": a template's field label; an unfilled
        // field is not an empty part of the analysis.
        if heading_of(source, section).trim_end().ends_with(':') {
            return true;
        }
        if matches!(
            vocab::normalize(heading_of(source, section)).as_str(),
            "title" | "anything else" | "other" | "others" | "misc" | "miscellaneous" | "notes" | "other notes"
                | "additional notes" | "additional information" | "comments" | "open questions" | "appendix"
        ) {
            return true;
        }
        cx.kind(section).is_some_and(|k| opts.ignore_kinds.iter().any(|x| x == k))
            || (opts.skip_questions && is_question(heading_of(source, section)))
            || content_in_heading(heading_of(source, section))
    };
    let mut out = Vec::new();
    for i in 0..n {
        if content[i] || ignored(i) {
            continue;
        }
        // Only the outermost empty section is reported; its empty
        // subsections become secondary labels.
        let mut covered = false;
        let mut a = parent(i).filter(|&p| p < i);
        while let Some(p) = a {
            covered |= !content[p] && !ignored(p);
            a = parent(p).filter(|&q| q < p);
        }
        if covered {
            continue;
        }
        let s = &report.sections[i];
        let mut d = Diagnostic::new(
            EMPTY,
            s.heading_span,
            format!("section \"{}\" is empty", heading_of(source, s)),
        )
        .label("nothing under this heading")
        .help(
            "An empty section reads as a part of the analysis that was skipped. Write what \
                 belongs here, or state explicitly why it does not apply (\"No customer data was \
                 affected because ...\"); remove the heading if your template does not need it.",
        );
        let mut j = i + 1;
        while j < n && is_descendant(report, j, i) {
            d = d.secondary(
                report.sections[j].heading_span,
                format!("subsection \"{}\" is empty too", heading_of(source, &report.sections[j])),
            );
            j += 1;
        }
        out.push(d);
    }
    out
}


