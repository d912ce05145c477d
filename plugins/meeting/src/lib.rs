//! pirlint built-in plugin `meeting`: the lessons-learned meeting was held,
//! in time, with a moderator and a scribe, the responders and an agenda.
//!
//! Only `meeting/held` looks beyond the structured `meeting` record (front
//! matter or JSON/YAML): without that record there is nothing for the other
//! rules to read, and one finding says so instead of five.

use pirlint_plugin_sdk::prelude::*;
use serde::Deserialize;

mod docs;
mod util;

use util::*;

const HELD: &str = "meeting/held";
const TIMELY: &str = "meeting/timely";
const ROLES: &str = "meeting/roles";
const ATTENDEES: &str = "meeting/attendees";
const AGENDA: &str = "meeting/agenda";

struct Meeting;

impl Plugin for Meeting {
    fn describe() -> PluginInfo {
        PluginInfo::new(
            "meeting",
            env!("CARGO_PKG_VERSION"),
            vec![
                RuleInfo::new(
                    HELD,
                    "A lessons-learned meeting is recorded (front matter `meeting`, or an Attendees/meeting section)",
                    Severity::Warning,
                    docs::HELD,
                    pirlint_plugin_sdk::NO_OPTIONS_SCHEMA,
                ),
                RuleInfo::new(
                    TIMELY,
                    "The meeting was held within a few days of the resolution",
                    Severity::Warning,
                    docs::TIMELY,
                    docs::TIMELY_SCHEMA,
                ),
                RuleInfo::new(
                    ROLES,
                    "The meeting record names a moderator and a scribe",
                    Severity::Warning,
                    docs::ROLES,
                    pirlint_plugin_sdk::NO_OPTIONS_SCHEMA,
                ),
                RuleInfo::new(
                    ATTENDEES,
                    "Attendees are listed and include every responder named in the timeline",
                    Severity::Warning,
                    docs::ATTENDEES,
                    pirlint_plugin_sdk::NO_OPTIONS_SCHEMA,
                ),
                RuleInfo::new(
                    AGENDA,
                    "An agenda was sent before the meeting",
                    Severity::Info,
                    docs::AGENDA,
                    pirlint_plugin_sdk::NO_OPTIONS_SCHEMA,
                ),
            ],
        )
    }

    fn check(
        report: Report,
        source: String,
        rules: Vec<RuleConfig>,
        _context: CheckContext,
    ) -> Result<Vec<Diagnostic>, String> {
        let mut out = Vec::new();
        for id in [HELD, ROLES, ATTENDEES, AGENDA] {
            if let Some(cfg) = enabled(&rules, id) {
                let _: NoOptions = options(cfg)?;
            }
        }
        if enabled(&rules, HELD).is_some() {
            out.extend(held(&report, &source));
        }
        let Some(m) = &report.metadata.meeting else {
            return Ok(out);
        };
        if let Some(cfg) = enabled(&rules, TIMELY) {
            out.extend(timely(&report, m, &options(cfg)?));
        }
        if enabled(&rules, ROLES).is_some() {
            out.extend(roles(&report, &source, m));
        }
        if enabled(&rules, ATTENDEES).is_some() {
            out.extend(attendees(&report, &source, m));
        }
        if enabled(&rules, AGENDA).is_some() {
            out.extend(agenda(m));
        }
        Ok(out)
    }
}

pirlint_plugin_sdk::export!(Meeting);

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct NoOptions {}

/// The `meeting` key in the front matter, for findings about something the
/// record lacks; the record's first line when the key cannot be found.
fn meeting_anchor(report: &Report, source: &str, m: &pirlint_plugin_sdk::types::Meeting) -> Span {
    let lo = report.metadata.span.map_or(0, |s| s.start);
    let before = text::slice(source, Span::new(lo, m.span.start));
    if let Some(i) = before.to_ascii_lowercase().rfind("meeting") {
        let start = lo + i as u32;
        return Span::new(start, start + "meeting".len() as u32);
    }
    text::lines(source, m.span)
        .into_iter()
        .map(|l| text::trim(source, l))
        .find(|l| !l.is_empty())
        .unwrap_or(m.span)
}

/// Where a finding about the whole report goes: the front-matter title,
/// else the first level-1 heading, else the first line.
fn title_span(report: &Report, source: &str) -> Span {
    if let Some(t) = &report.metadata.title {
        return t.span;
    }
    report
        .sections
        .iter()
        .find(|s| s.level == 1)
        .map_or_else(|| text::first_line(source), |s| s.heading_span)
}

// ---------------------------------------------------------------------------
// meeting/held

fn held(report: &Report, source: &str) -> Vec<Diagnostic> {
    let status = report.metadata.status.as_ref().map(|t| t.value.as_str());
    // Drafts are written before the review meeting.
    if is_draft_status(status) {
        return Vec::new();
    }
    if let Some(m) = &report.metadata.meeting {
        let empty = m.date.is_none()
            && m.attendees.is_empty()
            && m.moderator.is_none()
            && m.scribe.is_none();
        if !empty {
            return Vec::new();
        }
        let span = meeting_anchor(report, source, m);
        return vec![Diagnostic::new(HELD, span, "the meeting record is empty")
            .label("no date, moderator, scribe or attendees")
            .help(HELD_HELP)];
    }
    if meeting_section(report).is_some() || meeting_in_prose(report, source) {
        return Vec::new();
    }
    let span = title_span(report, source);
    let (msg, label) = if report.metadata.span.is_none() {
        (
            "no lessons-learned meeting recorded (the report has no front matter, so no meeting \
             date, roles or attendees can be read)",
            "in this report",
        )
    } else {
        ("no lessons-learned meeting recorded", "in this report")
    };
    vec![Diagnostic::new(HELD, span, msg)
        .label(label)
        .help(HELD_HELP)]
}

const HELD_HELP: &str = "NIST SP 800-61 (3.4.1) calls for a lessons-learned meeting with all \
    involved parties \"within several days of the end of the incident\"; PagerDuty schedules \
    the postmortem meeting within 3 to 5 business days and SANS within two weeks. Record it: a \
    `meeting:` block in the front matter (`date`, `agenda_sent`, `moderator`, `scribe`, \
    `attendees`, `excused`), or at least an `## Attendees` section. The other meeting rules \
    read the front-matter block.";

/// A section recording the meeting: "Attendees", "Participants",
/// "Postmortem meeting", ... with content.
fn meeting_section(report: &Report) -> Option<&Section> {
    report.sections.iter().find(|s| {
        let h = s.heading.to_lowercase();
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
        named && has_content(&s.body)
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

fn meeting_in_prose(report: &Report, source: &str) -> bool {
    // One pass per run for all the phrases, rather than one `find_phrase`
    // pass per phrase: a report without a meeting record scans all its prose.
    // Built only for a run that passes the prefilter.
    let mut set = None;
    report.prose.iter().any(|run| {
        let in_recs = run
            .section
            .and_then(|i| report.sections.get(i as usize))
            .is_some_and(|s| s.kind.as_deref() == Some("recommendations"));
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

// ---------------------------------------------------------------------------
// meeting/timely

#[derive(Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct TimelyOptions {
    max_days: u32,
    business_days: bool,
}

impl Default for TimelyOptions {
    fn default() -> Self {
        TimelyOptions {
            max_days: 5,
            business_days: false,
        }
    }
}

fn timely(
    report: &Report,
    m: &pirlint_plugin_sdk::types::Meeting,
    opts: &TimelyOptions,
) -> Vec<Diagnostic> {
    let Some(date) = &m.date else {
        return Vec::new();
    };
    if is_placeholder(&date.text) {
        return Vec::new();
    }
    let Some(day) = date.date.as_deref().and_then(day_number) else {
        return vec![Diagnostic::new(
            TIMELY,
            date.span,
            format!("meeting date `{}` is not a calendar date", date.text.trim()),
        )
        .label("not a date")
        .help("Write the date the lessons-learned meeting was held as `YYYY-MM-DD`, so that its timeliness can be checked.")];
    };
    let md = &report.metadata;
    let Some((end, which, t)) = [
        (&md.resolved, "resolved"),
        (&md.recovered, "recovered"),
        (&md.contained, "contained"),
    ]
    .into_iter()
    .find_map(|(t, which)| {
        let t = t.as_ref()?;
        Some((day_number(t.date.as_deref()?)?, which, t))
    }) else {
        return Vec::new();
    };
    if day < end {
        return vec![Diagnostic::new(
            TIMELY,
            date.span,
            format!("meeting date {} is before the incident was {which} ({})", iso(day), iso(end)),
        )
        .label("before the end of the incident")
        .secondary(t.span, format!("{which} here"))
        .help("A lessons-learned meeting reviews the whole incident, so it follows its end. One of the two dates is probably mistyped: correct it.")];
    }
    let (elapsed, unit) = if opts.business_days {
        (business_days_between(end, day), "business days")
    } else {
        (day - end, "days")
    };
    if elapsed <= i64::from(opts.max_days) {
        return Vec::new();
    }
    vec![Diagnostic::new(
        TIMELY,
        date.span,
        format!(
            "meeting held {elapsed} {unit} after the incident was {which}, more than {} {unit}",
            opts.max_days
        ),
    )
    .label(format!("{elapsed} {unit} later"))
    .secondary(t.span, format!("{which} here"))
    .help(format!(
        "Memories fade and logs rotate: NIST SP 800-61 (3.4.1) holds the lessons-learned meeting \
         \"within several days of the end of the incident\", PagerDuty within 3 to 5 business \
         days, SANS within two weeks. Schedule the review as soon as the incident is {which}; \
         if your policy allows longer, raise `max-days`."
    ))]
}

// ---------------------------------------------------------------------------
// meeting/roles

fn roles(report: &Report, source: &str, m: &pirlint_plugin_sdk::types::Meeting) -> Vec<Diagnostic> {
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
    vec![Diagnostic::new(ROLES, meeting_anchor(report, source, m), format!("the meeting record names no {what}"))
        .label(format!("no {what}"))
        .help("NIST SP 800-61 (3.4.1) recommends a skilled moderator to keep the lessons-learned meeting on track, and the agreements and action items to be documented; PagerDuty's guide assigns a facilitator and a note taker. Add `moderator:` (or `facilitator:`) and `scribe:` (or `note_taker:`) to the `meeting` block.")]
}

// ---------------------------------------------------------------------------
// meeting/attendees

fn attendees(
    report: &Report,
    source: &str,
    m: &pirlint_plugin_sdk::types::Meeting,
) -> Vec<Diagnostic> {
    if m.attendees.is_empty() {
        return vec![Diagnostic::new(
            ATTENDEES,
            meeting_anchor(report, source, m),
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
        .map(|t| t.value.as_str())
        .collect();
    let list = Span::new(
        m.attendees.iter().map(|t| t.span.start).min().unwrap_or(0),
        m.attendees.iter().map(|t| t.span.end).max().unwrap_or(0),
    );
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for e in &report.timeline {
        let Some(actor) = &e.actor else { continue };
        let name = actor.value.trim();
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
                ATTENDEES,
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

// ---------------------------------------------------------------------------
// meeting/agenda

fn agenda(m: &pirlint_plugin_sdk::types::Meeting) -> Vec<Diagnostic> {
    let Some(date) = &m.date else {
        return Vec::new();
    };
    if is_placeholder(&date.text) {
        return Vec::new();
    }
    let help = "NIST SP 800-61 (3.4.1): the lessons-learned meeting works best with an agenda \
        collected and distributed beforehand, so that participants come prepared with their \
        notes and questions. Record when it was sent with `agenda_sent:` in the `meeting` block.";
    let Some(sent) = &m.agenda_sent else {
        return vec![Diagnostic::new(
            AGENDA,
            date.span,
            "no record of an agenda sent before the meeting",
        )
        .label("meeting without `agenda_sent`")
        .help(help)];
    };
    if is_placeholder(&sent.text) {
        return Vec::new();
    }
    let (Some(s), Some(d)) = (
        sent.date.as_deref().and_then(day_number),
        date.date.as_deref().and_then(day_number),
    ) else {
        return Vec::new();
    };
    // Same day counts as before unless both times say otherwise.
    let late = s > d
        || (s == d
            && matches!((&sent.time, &date.time), (Some(a), Some(b)) if a.as_str() > b.as_str()));
    if !late {
        return Vec::new();
    }
    vec![
        Diagnostic::new(AGENDA, sent.span, "agenda sent after the meeting")
            .label("agenda sent here")
            .secondary(date.span, "meeting held here")
            .help(help),
    ]
}

#[cfg(test)]
mod tests;
