//! Rule documentation (Markdown, shown by `pirlint explain`) and option schemas.

pub const HELD: &str = r#"# meeting/held

Checks that the report records a lessons-learned (postmortem) meeting. Any of
these counts:

- a `meeting` block in the front matter (or a `meeting` object in a JSON/YAML
  report) with at least a date, a moderator, a scribe or attendees;
- a section whose heading names the meeting or its attendance ("Attendees",
  "Participants", "Postmortem meeting", "Debrief", ...) with some content;
- a sentence outside the recommendations mentioning a "postmortem meeting",
  "lessons-learned meeting", "post-incident review meeting", "retrospective
  meeting", ... (a recommendation to *schedule* one is a plan, not a record).

Reported once, on the title. Reports without front matter get the same single
finding: no meeting data can be read from them, so `meeting/timely`,
`meeting/roles`, `meeting/attendees` and `meeting/agenda` (which read the
structured `meeting` record only) stay silent instead of cascading.

Reports whose `status` is `draft`, `in-progress`, `wip`, `in-review` or `open`
are not checked: the draft usually precedes the meeting.

## Why it matters

NIST SP 800-61 (section 3.4.1) holds a lessons-learned meeting with all
involved parties "within several days of the end of the incident"; SANS
(Incident Handler's Handbook, step 6) and PagerDuty's postmortem guide make
the meeting part of closing an incident. Without it the report is one
person's account.

## How to fix

```yaml
meeting:
  date: 2026-03-05
  agenda_sent: 2026-03-04
  moderator: Lena Fischer
  scribe: Tom Okafor
  attendees: [Priya Raman, Tom Okafor, Lena Fischer, Ahmed Saleh]
  excused: [Marta Kowalczyk]
```

## Options

None.
"#;

pub const TIMELY: &str = r#"# meeting/timely

Checks that the meeting `date` is at most `max-days` after the end of the
incident: `resolved`, else `recovered`, else `contained` (dates compared as
calendar dates). The primary label is on the meeting date, the secondary on
the resolution time. A meeting dated *before* that end, or a meeting date that
is not a calendar date, is reported too. Silent when either date is missing or
a placeholder (`TBD`, reported by `structure/placeholder`).

## Why it matters

Memories fade, chat scrollback and logs rotate: NIST SP 800-61 (3.4.1) holds
the meeting "within several days of the end of the incident"; PagerDuty
schedules it within 3 calendar days for a Sev-1 and 5 business days for a
Sev-2; SANS wants the report within two weeks.

## Options

- `max-days` (integer, default `5`): the latest meeting date, in days after
  the end of the incident.
- `business-days` (boolean, default `false`): count only Monday to Friday,
  as PagerDuty does.

```toml
[rules."meeting/timely"]
max-days = 5
business-days = true
```
"#;

pub const ROLES: &str = r#"# meeting/roles

Checks that the `meeting` record names a moderator (`moderator` or
`facilitator`) and a scribe (`scribe` or `note_taker`). One finding lists what
is missing, on the `meeting` key. Only the structured record is read.

## Why it matters

NIST SP 800-61 (3.4.1) recommends "a skilled moderator" for the lessons-
learned meeting and that agreements and action items be documented; PagerDuty
assigns a facilitator and a note taker so the people who were involved can
talk rather than write.

## Options

None.
"#;

pub const ATTENDEES: &str = r#"# meeting/attendees

Checks the `meeting` record's `attendees`:

- the list is not empty (one finding on the `meeting` key);
- every responder named in the timeline's actor column or `actor` field
  attended, or is listed in `excused` (or is the moderator or scribe). One
  finding per missing responder, on their first timeline appearance, with a
  secondary label on the attendees list.

Only actors that look like people are checked: an `@handle`, or two to four
capitalized words ("Wei Zhang", "Anna-Lena de Vries"). Single words
("Patroni"), lower-case names ("scheduler", "cloud provider") and names with
words such as Team, Provider, Service, Bot, SOC, Commander are taken for
systems, teams or roles. Names match when equal (case-insensitively), when
one's words are all in the other ("Dave" / "Dave Mitchell"), by initials
("DM"), or by a handle containing the surname ("@dmitchell").

## Why it matters

NIST SP 800-61 (3.4.1) brings "all involved parties" together; the people who
acted know what they saw and why their actions made sense at the time (Etsy's
debriefing guide, PagerDuty's blameless postmortems). Absentees should be
briefed, which `excused` records.

## Options

None.
"#;

pub const AGENDA: &str = r#"# meeting/agenda

Checks that the `meeting` record shows an agenda sent before the meeting:
`agenda_sent` present, and not after the meeting `date` (the same day counts
as before unless both times say otherwise). Silent without a meeting date.

## Why it matters

NIST SP 800-61 (3.4.1): the lessons-learned meeting works best when the
agenda is collected and distributed beforehand, so that participants come
prepared with their notes, data and questions.

## Options

None.
"#;

pub const TIMELY_SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "max-days": {
      "description": "Latest meeting date, in days after the end of the incident (resolved, else recovered, else contained).",
      "type": "integer",
      "minimum": 0,
      "maximum": 365,
      "default": 5
    },
    "business-days": {
      "description": "Count only Monday to Friday.",
      "type": "boolean",
      "default": false
    }
  },
  "additionalProperties": false
}"#;
