//! `meeting/roles`: the meeting record names a moderator and a scribe.

use pirlint_plugin_sdk::prelude::*;

use crate::meeting_anchor;

rule! {
    /// Checks that the `meeting` record names a moderator (`moderator` or
    /// `facilitator`) and a scribe (`scribe` or `note_taker`). One finding lists what
    /// is missing, on the `meeting` key. Only the structured record is read.
    ///
    /// ## Why it matters
    ///
    /// NIST SP 800-61 (3.4.1) recommends "a skilled moderator" for the lessons-
    /// learned meeting and that agreements and action items be documented; PagerDuty
    /// assigns a facilitator and a note taker so the people who were involved can
    /// talk rather than write.
    ///
    /// ## How to fix
    ///
    /// ```yaml
    /// meeting:
    ///   date: 2026-03-06
    ///   moderator: Ana Silva
    ///   scribe: Wei Zhang
    /// ```
    ///
    /// ## Options
    ///
    /// None.
    pub struct Roles;
}

impl Rule for Roles {
    const ID: &'static str = "meeting/roles";
    const SUMMARY: &'static str = "The meeting record names a moderator and a scribe";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    type Options = NoOptions;

    fn check(cx: &Context<'_>, _: &NoOptions) -> Vec<Diagnostic> {
        let Some(m) = &cx.report.metadata.meeting else {
            return Vec::new();
        };
        let mut lacking = Vec::new();
        if m.moderator.is_none() {
            lacking.push("moderator");
        }
        if m.scribe.is_none() {
            lacking.push("scribe");
        }
        if lacking.is_empty() {
            return Vec::new();
        }
        let what = lacking.join(" and ");
        vec![Diagnostic::new(Self::ID, meeting_anchor(cx, m), format!("the meeting record names no {what}"))
            .label(format!("no {what}"))
            .help("NIST SP 800-61 (3.4.1) recommends a skilled moderator to keep the lessons-learned meeting on track, and the agreements and action items to be documented; PagerDuty's guide assigns a facilitator and a note taker. Add `moderator:` (or `facilitator:`) and `scribe:` (or `note_taker:`) to the `meeting` block.")]
    }
}
