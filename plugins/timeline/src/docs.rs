//! Rule documentation (Markdown, shown by `pirlint explain`) and option schemas.

pub const PRESENT: &str = r#"# timeline/present

Checks that the report has a timeline with at least one entry pirlint can
read. Two cases are told apart:

- no section the parser recognizes as a timeline (headings `Timeline`,
  `Chronology`, `Sequence of events`, `Incident timeline`; a `timeline` list
  in JSON/YAML reports): reported on the report's title;
- a timeline heading with nothing under it that looks like an entry:
  reported on that heading.

The other `timeline/*` rules say nothing about a report without entries, so
this one finding is all you get.

## Why it matters

NIST SP 800-61 (§3.4.1) asks for a follow-up report with a formal,
timestamped chronology of the incident, and its first lessons-learned
question is "exactly what happened, and at what times?". The SANS Incident
Handler's Handbook, Google's SRE postmortem template and PagerDuty's guide all
build the review on the timeline.

## How to fix

Add a `## Timeline` section with one entry per event, as a table

```markdown
| Time                 | Event                                  | Phase     |
|----------------------|----------------------------------------|-----------|
| 2026-03-02 13:42 UTC | SIEM alert on the failed-login ratio   | detection |
```

or as a list (`- 2026-03-02 13:42 UTC — SIEM alert ...`).

## Options

None.
"#;

pub const TIMESTAMPS: &str = r#"# timeline/timestamps

Checks that every timeline entry has a date, a time of day and a time zone.

- **Relative or unreadable times** ("later that afternoon", "next morning",
  "20202-01-16 12:00"): reported per run of consecutive such entries (one
  finding, the other entries as secondary labels).
- **Date-only entries** ("2026-02-17 — two more users submitted
  credentials"): reported once per run of consecutive date-only entries,
  unless `allow-date-only` is set.
- **Time without a date** (a `14:05` with no date on it, in a heading above,
  or in an earlier entry): reported per run.
- **No time zone**: reported once per report, on the first entry with a
  time and no zone. A zone counts when it is written on the entry (`14:05
  UTC`, `+01:00`, `Europe/Oslo`), in the time column header (`Time (UTC)`),
  in the front matter (`timezone: UTC`) or in a line such as `All times UTC.`
  near the timeline.
- **Zone and clock slips**, each once per report: a zone for the wrong
  season (`PST` on a June date is `PDT`); an entry in a zone other than the
  one the report declares; a 24-hour time with am/pm (`14:07 PM`); and an
  hour without am/pm (`1:03`) in a timeline whose other entries use a
  12-hour clock (`5:10 AM`). An unmarked hour past 12 or with a leading
  zero (`09:03`) anywhere in the timeline makes it a 24-hour timeline, and
  then unmarked hours are not reported. And a zone abbreviation that names
  different zones in different places (`IST`: India, Ireland, Israel;
  `CST`: US Central, China, Cuba), unless `zone-aliases` in the policy says
  which one the organization means (`[policy] zone-aliases = { IST =
  "Asia/Kolkata" }`).

Formats understood include ISO 8601 / RFC 3339 (`2026-03-02T14:05:00Z`),
`2026-03-02 14:05 UTC`, `Mar 2, 2026 2:05 PM PST`, `2 March 2026 14:05`, and
`14:05 UTC` under a date heading (`### 2026-03-02`). A range such as
`09:00 - 11:00` counts as its start.

## Why it matters

NIST SP 800-61 asks for every step to be "documented and timestamped"; the
response metrics it lists (time to discovery, to containment, to recovery)
and the rules `timeline/chronological`, `timeline/gaps` and
`timeline/matches-metadata` need absolute times. A relative time cannot be
ordered or measured, and a time without a zone is ambiguous for everyone who
was not in the author's office.

## How to fix

Take the times from alerts, tickets, chat and logs. Write an approximate
time as `~14:00` rather than none. State the zone once (`All times UTC.`).

## Options

- `allow-date-only` (boolean, default `false`): accept entries that have a
  date but no time, for teams that record context events (a CVE publication,
  a domain registration) by day.

```toml
[rules."timeline/timestamps"]
allow-date-only = true
```
"#;

pub const TIMESTAMPS_SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "allow-date-only": {
      "description": "Accept timeline entries with a date but no time of day.",
      "type": "boolean",
      "default": false
    }
  },
  "additionalProperties": false
}"#;

pub const CHRONOLOGICAL: &str = r#"# timeline/chronological

Checks that timeline entries are listed in chronological order. Each entry
is compared with the previous entry that has a date: by absolute time when
both have a date, time and zone, else by date and then time as written. An
entry earlier than its predecessor is reported (primary label), with a
secondary label on the predecessor it is listed after.

Only the inversion itself is reported: the entry after a misplaced one is
compared with the misplaced one, so one wrong line gives one finding, not a
cascade. Entries without a date are skipped. A time-only entry whose date was
inherited (from a date heading or an earlier entry) and which is 12 hours or
more before its predecessor is taken to have crossed midnight.

## Why it matters

A timeline is read top to bottom as the order of events (NIST SP 800-61:
"exactly what happened, and at what times"). An entry out of place either
misleads the reader about cause and effect or hides a mistyped time, which
then corrupts the response metrics.

## How to fix

Move the entry to its place, or correct its time.

## Options

None.
"#;

pub const PHASES: &str = r#"# timeline/phases

Checks that the timeline shows each incident-response phase: detection,
containment, eradication and recovery (NIST SP 800-61 §3.2–3.3, SANS steps
2–5). An entry belongs to a phase when

- its phase tag (a `Phase`/`Stage` column, a `[containment]` tag, or the
  `phase` field in JSON/YAML) names it — `detect…`, `identif…` for detection;
  `contain…`, `mitigat…` for containment; `eradicat…`, `remediat…` for
  eradication; `recover…`, `resol…`, `restor…` for recovery; or
- its text contains one of the phase's keywords as whole words (defaults
  below).

One finding per report lists every missing phase, on the timeline heading.

**Default required phases depend on the incident type.** When the front
matter `type` names a security incident (`security`, `breach`, `intrusion`,
`malware`, `ransomware`, `phishing`, `compromise`), all four are required.
Otherwise (availability incidents, or no type given) neither eradication
nor containment is required and the defaults are detection and recovery
(Google's SRE template has Detection and Resolution; mitigation is
often the recovery itself). For these, an eradication entry (a fix that
removes the cause: "permanently deleted the faulty controller", "patched")
also counts as recovery, unless `keywords` sets recovery keywords.

**Severity `info`.** Phase detection from free text is a heuristic, and not
every incident has every phase (a self-healing blip has no containment), so
this is advice for the reviewer, not a gate. Raise it to `warning` in your
policy if your reports tag phases explicitly.

Default keywords:

| phase | keywords |
|---|---|
| detection | detected, detect, detection, alert(s/ed/ing), alarm(s), paged, noticed, reported, reports, first report, discovered, became aware, identified, observed, witnessed, notified, monitoring, complained, help desk ticket |
| containment | contained, containment, mitigated, mitigation, isolated, blocked, disabled, rolled back, rollback, reverted, workaround, downgraded, failed over, failover, quarantined, manual fix, fix applied, hotfix, reattached, scaled down, killed, disable, restarted |
| eradication | eradicated, eradication, removed, deleted, patched, rebuilt, reimaged, wiped, terminated, revoked, rotated, permanently fixed, long-term fix, root cause fixed |
| recovery | recovered, recovery, restored, resolved, back to normal, operational, verified working, working as intended, healthy, reopened, fully available, closed |

## How to fix

Add the missing events to the timeline, tag entries with their phase, or
tune the options to your process.

## Options

- `required` (list of phases, default by incident type as above; any of
  `detection`, `containment`, `eradication`, `recovery`, or a phase of your
  own that you give `keywords` for).
- `keywords` (map phase → list of phrases): replaces the default keywords of
  the phases it names.

```toml
[rules."timeline/phases"]
required = ["detection", "containment", "recovery"]
keywords = { containment = ["mitigated", "traffic drained", "feature flag off"] }
```
"#;

pub const PHASES_SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "required": {
      "description": "Phases the timeline must show. Default: detection, containment, eradication, recovery for security incidents; detection, containment, recovery otherwise.",
      "type": "array",
      "items": { "type": "string", "minLength": 1 },
      "uniqueItems": true
    },
    "keywords": {
      "description": "Phase -> phrases that place an entry in that phase (replaces that phase's defaults).",
      "type": "object",
      "additionalProperties": { "type": "array", "items": { "type": "string", "minLength": 1 } }
    }
  },
  "additionalProperties": false
}"#;

pub const MATCHES: &str = r#"# timeline/matches-metadata

Checks that the times in the front matter agree with the timeline, within a
tolerance (default 15 minutes):

| front matter | must match |
|---|---|
| `detected` | the first detection entry |
| `contained` | a containment entry |
| `recovered` | a recovery entry |
| `resolved` | a recovery entry or the last entry |

Entries are placed in phases by their phase tags when the report tags any
entry with that phase, else by the keywords of `timeline/phases` (defaults).
A check runs only when both sides exist with a full date, time and zone:
this rule never reports a missing time (`metrics/times` does). The finding is
on the front-matter value, with a secondary label on the timeline entry.

## Why it matters

Response metrics (time to detect, contain, recover — NIST SP 800-61 §3.4.2)
are computed from the front matter, while readers follow the timeline. When
they disagree, one of them is wrong, and the metrics reported to management
may be too.

## How to fix

Correct whichever side is wrong.

## Options

- `tolerance-minutes` (integer, default `15`).
"#;

pub const MATCHES_SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "tolerance-minutes": {
      "description": "Largest accepted difference between a front-matter time and its timeline entry.",
      "type": "integer",
      "minimum": 0,
      "default": 15
    }
  },
  "additionalProperties": false
}"#;

pub const GAPS: &str = r#"# timeline/gaps

Reports a gap longer than `max-gap-hours` (default 24) between two
consecutive timed entries while the incident was open. The finding is on the
entry after the gap, with a secondary label on the entry before it.

Only the part of a gap inside the open period counts. The period starts at
the front-matter `detected` time, else the first detection entry (by phase
tag or keyword), else the first entry; it ends at `recovered` (else
`resolved`) when the front matter has one, else at the last recovery entry. A change made days before the
incident was noticed, or a follow-up weeks after it was resolved, is not a
gap.

The default of 24 hours comes from the corpus review: overnight pauses of
12–18 hours are common and normal in real timelines (work stops, the
incident is mitigated), while a whole day without an entry is what reviewers
ask about.

## Why it matters

PagerDuty's guide asks for a timeline of facts backed by data, and NIST SP
800-61 for every step to be timestamped. A silent day in an open incident
either hides work that was done (and should be credited and learned from) or
waiting that was not explained — both worth a sentence.

## How to fix

Add the events of the gap, or one entry saying why nothing happened
("waiting for the vendor's analysis").

## Options

- `max-gap-hours` (number, default `24`).
"#;

pub const GAPS_SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "max-gap-hours": {
      "description": "Longest accepted gap between consecutive timeline entries while the incident is open, in hours.",
      "type": "number",
      "exclusiveMinimum": 0,
      "default": 24
    }
  },
  "additionalProperties": false
}"#;

pub const DISCOVERY: &str = r#"# timeline/discovery

Checks that the report says who or what discovered the incident: a timeline
entry tagged as detection, or one whose text uses detection words ("alert",
"detected", "reported", "noticed", "customer reported", "monitoring",
"became aware", "paged", ... — the detection keywords of `timeline/phases`),
or a non-empty section about detection (kind `detection`, or a heading
containing "detect" or "discover", such as "When and how was it first
detected?"). Reported once, on the timeline heading.

## Why it matters

The SANS Incident Handler's Handbook asks the report to state "when was the
problem first detected and by whom"; Google's SRE template has a Detection
field and Atlassian's asks "how would you have cut the time to detection in
half?". Without it, nobody can judge whether monitoring worked.

## How to fix

Add an entry like `14:05 UTC — Latency alert pages the on-call engineer`
(tag it `[detection]`), or a `## Detection` section.

## Options

- `keywords` (list of phrases): more words that count as evidence.
"#;

pub const DISCOVERY_SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "keywords": {
      "description": "Extra phrases that show how the incident was discovered.",
      "type": "array",
      "items": { "type": "string", "minLength": 1 },
      "default": []
    }
  },
  "additionalProperties": false
}"#;
