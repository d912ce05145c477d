//! `recommendations/present`.

use pirlint_plugin_sdk::prelude::*;

use crate::*;

const ID: &str = "recommendations/present";

rule! {
    /// Checks that the report lists at least one recommendation or action item: a
    /// list item or table row under a section the parser recognizes as
    /// recommendations (`Recommendations`, `Action items`, `Follow-ups`,
    /// `Remediation`, ...), or entries of `recommendations` in a JSON/YAML report.
    ///
    /// Reported on the recommendations heading when the section has no item, or on
    /// the report's title when there is no such section at all (then
    /// `structure/required-sections` reports the missing section too, if it requires
    /// it).
    ///
    /// ## Why it matters
    ///
    /// "A postmortem without subsequent action is indistinguishable from no
    /// postmortem" (Ben Treynor Sloss, quoted in the Google SRE workbook, ch. 10).
    /// NIST SP 800-61 (section 3.4.1) asks the lessons-learned review "what
    /// corrective actions can prevent similar incidents in the future?", and the
    /// Google SRE and PagerDuty templates both end with follow-up actions.
    ///
    /// ## How to fix
    ///
    /// List each action as its own list item or table row, ideally with a priority,
    /// an owner, a due date and a ticket:
    ///
    /// ```markdown
    /// ## Action items
    ///
    /// | Priority | Action                                   | Owner       | Due        | Ticket  |
    /// |----------|------------------------------------------|-------------|------------|---------|
    /// | P1       | Alert on replay lag above 256 MB         | Wei Zhang   | 2026-05-22 | OPS-882 |
    /// ```
    ///
    /// ## Drafts
    ///
    /// For reports whose `status` is `draft`, `in-progress`, `wip`, `in-review` or
    /// `open`, the finding is a warning instead of an error: action items are usually
    /// agreed at the review meeting, after the first draft.
    ///
    /// ## Options
    ///
    /// None.
    pub struct Present;
}

impl Rule for Present {
    const ID: &'static str = ID;
    const SUMMARY: &'static str = "The report has a recommendations / action-items section with at least one item";
    const DEFAULT_SEVERITY: Severity = Severity::Error;
    type Options = NoOptions;

    fn check(cx: &Context<'_>, _: &NoOptions) -> Vec<Diagnostic> {
        present(&Ctx::new(cx), cx.severity(ID))
    }
}

fn present(r: &Ctx<'_>, configured: Option<Severity>) -> Vec<Diagnostic> {
    if !r.recs.is_empty() {
        return Vec::new();
    }
    let (span, msg, label) = match r.sections().next() {
        Some(s) => (
            s.heading_span,
            format!("section \"{}\" lists no action items", r.cx.heading(s)),
            "no list item or table row here",
        ),
        None => (
            r.report.metadata.title.as_ref().map_or_else(
                || {
                    r.report
                        .sections
                        .iter()
                        .find(|s| s.level == 1)
                        .map_or_else(|| text::first_line(r.source), |s| s.heading_span)
                },
                |t| t.span,
            ),
            "no recommendations or action items".to_string(),
            "in this report",
        ),
    };
    let mut d = Diagnostic::new(ID, span, msg).label(label).help(
        "\"A postmortem without subsequent action is indistinguishable from no postmortem\" \
         (Google SRE workbook, ch. 10); NIST SP 800-61 asks the lessons-learned review for the \
         corrective actions that prevent similar incidents. List each action as a list item or \
         a table row (Action, Priority, Owner, Due, Ticket) under a `## Action items` or \
         `## Recommendations` heading.",
    );
    // A draft is written before the review that agrees on the actions.
    if r.is_draft() && configured == Some(Severity::Error) {
        d = d.severity(Severity::Warning);
    }
    vec![d]
}
