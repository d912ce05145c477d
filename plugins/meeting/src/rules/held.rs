//! `meeting/held`: a lessons-learned meeting is recorded.

use pirlint_plugin_sdk::prelude::*;

use pirlint_plugin_sdk::values::is_draft_status;

use crate::meeting_anchor;

rule! {
    /// Checks that the report records a lessons-learned (postmortem) meeting. Any of
    /// these counts:
    ///
    /// - a `meeting` block in the front matter (or a `meeting` object in a JSON/YAML
    ///   report) with at least a date, a moderator, a scribe or attendees;
    /// - a section whose heading names the meeting or its attendance ("Attendees",
    ///   "Participants", "Postmortem meeting", "Debrief", ...) with some content;
    /// - a sentence outside the recommendations mentioning a "postmortem meeting",
    ///   "lessons-learned meeting", "post-incident review meeting", "retrospective
    ///   meeting", ... (a recommendation to *schedule* one is a plan, not a record).
    ///
    /// Reported once, on the title. Reports without front matter get the same single
    /// finding: no meeting data can be read from them, so `meeting/timely`,
    /// `meeting/roles`, `meeting/attendees` and `meeting/agenda` (which read the
    /// structured `meeting` record only) stay silent instead of cascading.
    ///
    /// Reports whose `status` is `draft`, `in-progress`, `wip`, `in-review` or `open`
    /// are not checked: the draft usually precedes the meeting.
    ///
    /// ## Why it matters
    ///
    /// NIST SP 800-61 (section 3.4.1) holds a lessons-learned meeting with all
    /// involved parties "within several days of the end of the incident"; SANS
    /// (Incident Handler's Handbook, step 6) and PagerDuty's postmortem guide make
    /// the meeting part of closing an incident. Without it the report is one
    /// person's account.
    ///
    /// ## How to fix
    ///
    /// ```yaml
    /// meeting:
    ///   date: 2026-03-05
    ///   agenda_sent: 2026-03-04
    ///   moderator: Lena Fischer
    ///   scribe: Tom Okafor
    ///   attendees: [Priya Raman, Tom Okafor, Lena Fischer, Ahmed Saleh]
    ///   excused: [Marta Kowalczyk]
    /// ```
    ///
    /// ## Options
    ///
    /// None.
    pub struct Held;
}

impl Rule for Held {
    const ID: &'static str = "meeting/held";
    const SUMMARY: &'static str = "A lessons-learned meeting is recorded (front matter `meeting`, or an Attendees/meeting section)";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    type Options = NoOptions;

    fn check(cx: &Context<'_>, _: &NoOptions) -> Vec<Diagnostic> {
        let status = cx.report.metadata.status.as_ref().map(|t| cx.text(t));
        // Drafts are written before the review meeting.
        if is_draft_status(status) {
            return Vec::new();
        }
        if let Some(m) = &cx.report.metadata.meeting {
            let empty = m.date.is_none()
                && m.attendees.is_empty()
                && m.moderator.is_none()
                && m.scribe.is_none();
            if !empty {
                return Vec::new();
            }
            let span = meeting_anchor(cx, m);
            return vec![
                Diagnostic::new(Self::ID, span, "the meeting record is empty")
                    .label("no date, moderator, scribe or attendees")
                    .help(HELD_HELP),
            ];
        }
        if meeting_section(cx).is_some() || meeting_in_prose(cx) {
            return Vec::new();
        }
        let span = cx.title_span();
        let (msg, label) = if cx.report.metadata.span.is_none() {
            (
                "no lessons-learned meeting recorded (the report has no front matter, so no meeting \
                 date, roles or attendees can be read)",
                "in this report",
            )
        } else {
            ("no lessons-learned meeting recorded", "in this report")
        };
        vec![Diagnostic::new(Self::ID, span, msg)
            .label(label)
            .help(HELD_HELP)]
    }
}

const HELD_HELP: &str = "NIST SP 800-61 (3.4.1) calls for a lessons-learned meeting with all \
    involved parties \"within several days of the end of the incident\"; PagerDuty schedules \
    the postmortem meeting within 3 to 5 business days and SANS within two weeks. Record it: a \
    `meeting:` block in the front matter (`date`, `agenda_sent`, `moderator`, `scribe`, \
    `attendees`, `excused`), or at least an `## Attendees` section. The other meeting rules \
    read the front-matter block.";

/// A section recording the meeting: "Attendees", "Participants",
/// "Postmortem meeting", ... with content.
fn meeting_section<'a>(cx: &Context<'a>) -> Option<&'a Section> {
    cx.report.sections.iter().find(|s| {
        let h = cx.heading(s).to_lowercase();
        let named = [
            "attendee",
            "atendee",
            "attendance",
            "participant",
            "meeting",
            "debrief",
        ]
        .iter()
        .any(|w| h.contains(w));
        named && has_content(cx.body(s))
    })
}

/// Text other than list bullets, dashes and HTML comments.
fn has_content(body: &str) -> bool {
    text::strip_html_comments(body)
        .chars()
        .any(|c| c.is_alphanumeric())
}

/// Phrases that say a review meeting took place, looked for in prose
/// outside the recommendations (where "schedule a postmortem meeting" is a
/// plan, not a record).
const MEETING_PHRASES: &[&str] = &[
    "postmortem meeting",
    "post-mortem meeting",
    "post mortem meeting",
    "lessons learned meeting",
    "lessons-learned meeting",
    "post-incident review meeting",
    "post-incident meeting",
    "incident review meeting",
    "retrospective meeting",
    "postmortem review was held",
    "review meeting was held",
    "review meeting",
    "team meeting",
    "retrospective held",
    "retrospective was held",
    "retro was held",
    "retro held",
    "postmortem review",
    "post-mortem review",
    "post-incident review",
    "internal retrospective",
    "team retrospective",
    "our retrospective",
];

fn meeting_in_prose(cx: &Context<'_>) -> bool {
    let (report, source) = (cx.report, cx.source());
    // One pass per run for all the phrases, rather than one `find_phrase`
    // pass per phrase: a report without a meeting record scans all its prose.
    // Built only for a run that passes the prefilter.
    let mut set = None;
    cx.prose().iter().any(|run| {
        let in_recs = run
            .section
            .and_then(|i| report.sections.get(i as usize))
            .is_some_and(|s| cx.is_kind(s, "recommendations"));
        !in_recs
            && names_meeting(text::slice(source, run.span).as_bytes())
            && set
                .get_or_insert_with(|| {
                    let phrases: Vec<(&str, text::Case)> = MEETING_PHRASES
                        .iter()
                        .map(|&p| (p, text::Case::Insensitive))
                        .collect();
                    text::PhraseSet::new(&phrases)
                })
                .any(source, run.span)
    })
}

/// Prefilter for [`meeting_in_prose`]: every phrase contains "meeting",
/// "held", "review" or "retro", and only ASCII letters match their letters case-insensitively (the
/// only other character that lower-cases to a single ASCII letter is KELVIN
/// SIGN, to `k`), so prose without either cannot hold a phrase. Most prose
/// has neither, and this scan is far cheaper than the phrase search.
fn names_meeting(hay: &[u8]) -> bool {
    hay.iter().enumerate().any(|(i, &b)| match b | 0x20 {
        b'g' => i >= 6 && hay[i - 6..=i].eq_ignore_ascii_case(b"meeting"),
        b'd' => i >= 3 && hay[i - 3..=i].eq_ignore_ascii_case(b"held"),
        b'w' => i >= 5 && hay[i - 5..=i].eq_ignore_ascii_case(b"review"),
        b'o' => i >= 4 && hay[i - 4..=i].eq_ignore_ascii_case(b"retro"),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meeting_prefilter() {
        // `names_meeting` is only a sound prefilter while every phrase holds
        // one of its two words.
        for p in MEETING_PHRASES {
            assert!(names_meeting(p.as_bytes()), "{p}");
        }
        assert!(names_meeting(b"the Postmortem MEETING was"));
        assert!(names_meeting(b"HELD"));
        assert!(!names_meeting(b"the meetin g was hel d"));
        assert!(!names_meeting(b"eting"));
        assert!(!names_meeting(b""));
    }
}
