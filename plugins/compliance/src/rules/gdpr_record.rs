//! `compliance/gdpr-record`: the report documents the breach's facts, its
//! effects and the remedial action taken (GDPR Art. 33(5)).

use pirlint_plugin_sdk::prelude::*;

use crate::{and_list, in_scope, Regime};

rule! {
    /// For a report in the scope of the GDPR, checks that it documents what Art.
    /// 33(5) asks the controller to record of every personal data breach, reading
    /// sections by kind (the host's heading table) and structured fields, never
    /// keywords in the prose:
    ///
    /// - the facts: a timeline (section or entries), an executive summary or an
    ///   investigation section with content;
    /// - the effects: an impact section with content, or the front matter's
    ///   `impact` (users affected, systems);
    /// - the remedial action taken: a containment, eradication or recovery section
    ///   with content, or action items.
    ///
    /// One finding lists what is missing, on the title.
    ///
    /// ## Why it matters
    ///
    /// GDPR Art. 33(5): the controller "shall document any personal data breaches,
    /// comprising the facts relating to the personal data breach, its effects and
    /// the remedial action taken", so that the supervisory authority can verify
    /// compliance with Art. 33. The post-incident report is that documentation.
    ///
    /// ## How to fix
    ///
    /// Add the missing part as a section:
    ///
    /// ```markdown
    /// ## Impact
    ///
    /// Names and e-mail addresses of 1,240 customers were readable by the attacker
    /// for 26 hours.
    /// ```
    ///
    /// ## Options
    ///
    /// None.
    pub struct GdprRecord;
}

impl Rule for GdprRecord {
    const ID: &'static str = "compliance/gdpr-record";
    const SUMMARY: &'static str = "GDPR: the report documents the breach's facts, effects and remedial action (Art. 33(5))";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    type Options = NoOptions;

    fn check(cx: &Context<'_>, _: &NoOptions) -> Vec<Diagnostic> {
        if !in_scope(cx, Regime::Gdpr) {
            return Vec::new();
        }
        let filled = |kinds: &[&str]| {
            kinds.iter().any(|k| cx.sections_of_kind(k).any(|(_, s)| !text::is_blank(cx.body(s))))
        };
        let report = cx.report;
        let facts = !report.timeline.is_empty() || filled(&["timeline", "executive-summary", "investigation"]);
        let impact = report.metadata.impact.as_ref();
        let effects = filled(&["impact"])
            || impact.is_some_and(|i| i.users_affected.is_some() || !i.systems.is_empty());
        let remedial = !report.recommendations.is_empty() || filled(&["containment", "eradication", "recovery", "recommendations"]);
        let missing: Vec<&str> = [(facts, "the facts of the breach (a timeline or summary)"), (effects, "its effects (an impact section)"), (remedial, "the remedial action taken (containment, recovery or action items)")]
            .into_iter()
            .filter(|(ok, _)| !ok)
            .map(|(_, what)| what)
            .collect();
        if missing.is_empty() {
            return Vec::new();
        }
        vec![Diagnostic::new(
            Self::ID,
            cx.title_anchor(),
            format!("the GDPR applies, but the report does not document {} (Art. 33(5))", and_list(&missing)),
        )
        .label("GDPR breach record")
        .help("GDPR Art. 33(5) requires documenting every personal data breach: the facts, its effects and the remedial action taken. Add the missing sections (e.g. `## Timeline`, `## Impact`, `## Containment`).")]
    }
}
