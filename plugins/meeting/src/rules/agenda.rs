//! `meeting/agenda`: an agenda was sent before the meeting.

use pirlint_plugin_sdk::prelude::*;

use crate::util::is_placeholder;

rule! {
    /// Checks that the `meeting` record shows an agenda sent before the meeting:
    /// `agenda_sent` present, and not after the meeting `date` (the same day counts
    /// as before unless both times say otherwise). Silent without a meeting date.
    ///
    /// ## Why it matters
    ///
    /// NIST SP 800-61 (3.4.1): the lessons-learned meeting works best when the
    /// agenda is collected and distributed beforehand, so that participants come
    /// prepared with their notes, data and questions.
    ///
    /// ## How to fix
    ///
    /// ```yaml
    /// meeting:
    ///   date: 2026-03-06T15:00:00Z
    ///   agenda_sent: 2026-03-05T09:00:00Z
    /// ```
    ///
    /// ## Options
    ///
    /// None.
    pub struct Agenda;
}

impl Rule for Agenda {
    const ID: &'static str = "meeting/agenda";
    const SUMMARY: &'static str = "An agenda was sent before the meeting";
    const DEFAULT_SEVERITY: Severity = Severity::Info;
    type Options = NoOptions;

    fn check(cx: &Context<'_>, _: &NoOptions) -> Vec<Diagnostic> {
        let Some((m, date)) = crate::meeting_date(cx) else {
            return Vec::new();
        };
        let help = "NIST SP 800-61 (3.4.1): the lessons-learned meeting works best with an agenda \
            collected and distributed beforehand, so that participants come prepared with their \
            notes and questions. Record when it was sent with `agenda_sent:` in the `meeting` block.";
        let Some(sent) = &m.agenda_sent else {
            return vec![Diagnostic::new(
                Self::ID,
                date.span,
                "no record of an agenda sent before the meeting",
            )
            .label("meeting without `agenda_sent`")
            .help(help)];
        };
        if is_placeholder(cx.text(sent)) {
            return Vec::new();
        }
        let (Some(s), Some(d)) = (
            sent.date.map(i64::from),
            date.date.map(i64::from),
        ) else {
            return Vec::new();
        };
        // Same day counts as before unless both times say otherwise.
        let late = s > d
            || (s == d
                && matches!((sent.time, date.time), (Some(a), Some(b)) if a > b));
        if !late {
            return Vec::new();
        }
        vec![
            Diagnostic::new(Self::ID, sent.span, "agenda sent after the meeting")
                .label("agenda sent here")
                .secondary(date.span, "meeting held here")
                .help(help),
        ]
    }
}
