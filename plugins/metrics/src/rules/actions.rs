//! `metrics/actions`: the report lists the actions taken during the response.

use pirlint_plugin_sdk::phases;
use pirlint_plugin_sdk::prelude::*;

rule! {
    /// Checks that the report lists the actions taken during the response. Any of
    /// these is evidence:
    ///
    /// - a section of kind `containment`, `eradication` or `recovery` (headings
    ///   such as "Containment", "Mitigation", "Response", "Recovery", "Resolution",
    ///   "Containment, eradication and recovery"), or any heading with one of the
    ///   words containment, eradication, recovery, mitigation, response or
    ///   resolution, with content (in it or its subsections);
    /// - a timeline entry in one of those phases, by phase tag or by the phase
    ///   keywords of `timeline/phases` ("rolled back", "isolated", "blocked",
    ///   "patched", "restored", ...).
    ///
    /// One finding per report, on the timeline heading (or the title).
    ///
    /// ## Why it matters
    ///
    /// NIST SP 800-61 asks the incident record to hold the actions performed by
    /// all handlers; the SANS handbook asks the report to say how the incident was
    /// contained and eradicated and what work was performed during recovery. A
    /// report that only describes the failure and the follow-ups leaves out the
    /// part the next responder can reuse.
    ///
    /// ## How to fix
    ///
    /// Say what was done to stop the damage and restore service, in a
    /// section or as tagged timeline entries:
    ///
    /// ```markdown
    /// ## Containment
    ///
    /// Disabled the leaked key and blocked the source addresses at the edge.
    ///
    /// ## Timeline
    ///
    /// - 14:05 UTC [recovery] Restored the orders database from the 13:00 snapshot.
    /// ```
    ///
    /// ## Options
    ///
    /// None.
    pub struct Actions;
}

const ACTION_KINDS: &[&str] = &["containment", "eradication", "recovery"];
const ACTION_HEADING_WORDS: &[&str] = &[
    "containment",
    "eradication",
    "recovery",
    "mitigation",
    "response",
    "resolution",
];

impl Rule for Actions {
    const ID: &'static str = "metrics/actions";
    const SUMMARY: &'static str =
        "The actions taken during the response (containment, eradication, recovery) are listed";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    type Options = NoOptions;

    fn check(cx: &Context<'_>, _: &NoOptions) -> Vec<Diagnostic> {
        let report = cx.report;
        // Content anywhere in a section's subtree.
        let content = values::subtree_has_content(report, cx.source());
        // All the words in one pass per heading.
        let words: Vec<(&str, text::Case)> = ACTION_HEADING_WORDS
            .iter()
            .map(|&w| (w, text::Case::Insensitive))
            .collect();
        let words = text::PhraseSet::new(&words);
        let in_sections = report.sections.iter().enumerate().any(|(i, s)| {
            let h = cx.heading(s).to_lowercase();
            let is_action = cx.kind(s).is_some_and(|k| ACTION_KINDS.contains(&k))
                || words.any(&h, Span::from_range(0..h.len()));
            is_action && content[i]
        });
        // Only needed when no section lists the actions.
        let in_timeline = || {
            report.timeline.iter().any(|e| {
                ["containment", "eradication", "recovery"]
                    .iter()
                    .any(|p| phases::entry_in_phase(cx.source(), e, p, None))
            })
        };
        if in_sections || in_timeline() {
            return Vec::new();
        }
        let anchor = cx
            .section_of_kind("timeline")
            .map_or_else(|| cx.title_anchor(), |s| s.heading_span);
        vec![Diagnostic::new(
            Self::ID,
            anchor,
            "the report does not list the actions taken during the response",
        )
        .label("no containment, eradication or recovery action found")
        .help(
            "Readers need to know what was done to stop the damage and restore service: NIST SP \
             800-61 asks for the actions of all handlers, the SANS handbook for how the incident \
             was contained and eradicated and the work performed during recovery. Add a \
             `## Containment` / `## Recovery` (or `## Mitigation`, `## Resolution`) section, or \
             timeline entries for those steps tagged with their phase (`[containment]`).",
        )]
    }
}
