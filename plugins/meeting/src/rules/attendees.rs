//! `meeting/attendees`: attendees are listed and include every responder.

use pirlint_plugin_sdk::prelude::*;

use crate::meeting_anchor;
use crate::util::{looks_like_person, same_person};

rule! {
    /// Checks the `meeting` record's `attendees`:
    ///
    /// - the list is not empty (one finding on the `meeting` key);
    /// - every responder named in the timeline's actor column or `actor` field
    ///   attended, or is listed in `excused` (or is the moderator or scribe). One
    ///   finding per missing responder, on their first timeline appearance, with a
    ///   secondary label on the attendees list.
    ///
    /// Only actors that look like people are checked: an `@handle`, or two to four
    /// capitalized words ("Wei Zhang", "Anna-Lena de Vries"). Single words
    /// ("Patroni"), lower-case names ("scheduler", "cloud provider") and names with
    /// words such as Team, Provider, Service, Bot, SOC, Commander are taken for
    /// systems, teams or roles. Names match when equal (case-insensitively), when
    /// one's words are all in the other ("Dave" / "Dave Mitchell"), by initials
    /// ("DM"), or by a handle containing the surname ("@dmitchell").
    ///
    /// ## Why it matters
    ///
    /// NIST SP 800-61 (3.4.1) brings "all involved parties" together; the people who
    /// acted know what they saw and why their actions made sense at the time (Etsy's
    /// debriefing guide, PagerDuty's blameless postmortems). Absentees should be
    /// briefed, which `excused` records.
    ///
    /// ## How to fix
    ///
    /// List who attended, and who was excused and briefed afterwards:
    ///
    /// ```yaml
    /// meeting:
    ///   attendees: [Ana Silva, Wei Zhang, "@dmitchell"]
    ///   excused: [Priya Nair]
    /// ```
    ///
    /// ## Options
    ///
    /// None.
    pub struct Attendees;
}

impl Rule for Attendees {
    const ID: &'static str = "meeting/attendees";
    const SUMMARY: &'static str =
        "Attendees are listed and include every responder named in the timeline";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    type Options = NoOptions;

    fn check(cx: &Context<'_>, _: &NoOptions) -> Vec<Diagnostic> {
        let Some(m) = &cx.report.metadata.meeting else {
            return Vec::new();
        };
        if m.attendees.is_empty() {
            return vec![Diagnostic::new(
                Self::ID,
                meeting_anchor(cx, m),
                "the meeting record lists no attendees",
            )
            .label("no attendees")
            .help("NIST SP 800-61 (3.4.1) brings \"all involved parties\" to the lessons-learned meeting and shares the outcome with absentees; a list of attendees shows who was heard. Add `attendees: [...]` to the `meeting` block, and `excused: [...]` for responders who could not attend.")];
        }
        let present: Vec<&str> = m
            .attendees
            .iter()
            .chain(&m.excused)
            .chain(&m.moderator)
            .chain(&m.scribe)
            .map(|t| cx.text(t))
            .collect();
        let list = Span::new(
            m.attendees.iter().map(|t| t.span.start).min().unwrap_or(0),
            m.attendees.iter().map(|t| t.span.end).max().unwrap_or(0),
        );
        let mut seen: Vec<String> = Vec::new();
        let mut out = Vec::new();
        for e in &cx.report.timeline {
            let Some(actor) = &e.actor else { continue };
            let name = cx.text(actor).trim();
            let key = name.to_lowercase();
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            if !looks_like_person(name) || present.iter().any(|a| same_person(a, name)) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    Self::ID,
                    actor.span,
                    format!("responder {name} is not among the meeting's attendees or excused"),
                )
                .label("first appears in the timeline here")
                .secondary(list, "attendees")
                .help("The people who acted during the incident know best what they saw and why their actions made sense at the time (NIST SP 800-61 3.4.1: \"all involved parties\"; PagerDuty invites everyone involved). Invite them, or list them under `excused` when they could not attend and were briefed afterwards."),
            );
        }
        out
    }
}
