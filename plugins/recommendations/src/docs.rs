//! Rule documentation (Markdown, shown by `pirlint explain`) and option schemas.

pub const PRESENT: &str = r#"# recommendations/present

Checks that the report lists at least one recommendation or action item: a
list item or table row under a section the parser recognizes as
recommendations (`Recommendations`, `Action items`, `Follow-ups`,
`Remediation`, ...), or entries of `recommendations` in a JSON/YAML report.

Reported on the recommendations heading when the section has no item, or on
the report's title when there is no such section at all (then
`structure/required-sections` reports the missing section too, if it requires
it).

## Why it matters

"A postmortem without subsequent action is indistinguishable from no
postmortem" (Ben Treynor Sloss, quoted in the Google SRE workbook, ch. 10).
NIST SP 800-61 (section 3.4.1) asks the lessons-learned review "what
corrective actions can prevent similar incidents in the future?", and the
Google SRE and PagerDuty templates both end with follow-up actions.

## How to fix

List each action as its own list item or table row, ideally with a priority,
an owner, a due date and a ticket:

```markdown
## Action items

| Priority | Action                                   | Owner       | Due        | Ticket  |
|----------|------------------------------------------|-------------|------------|---------|
| P1       | Alert on replay lag above 256 MB         | Wei Zhang   | 2026-05-22 | OPS-882 |
```

## Drafts

For reports whose `status` is `draft`, `in-progress`, `wip`, `in-review` or
`open`, the finding is a warning instead of an error: action items are usually
agreed at the review meeting, after the first draft.

## Options

None.
"#;

pub const PRIORITY: &str = r#"# recommendations/priority

Checks that every action item has a priority, and that the priority is on the
configured scale (compared case-insensitively; `P1 (urgent)` and `[high]` are
read by their first word).

The parser reads priorities from a `Priority`/`Prio` column, or inline: `P0`
to `P4`, `(high)`/`[critical]`, `Priority: P2`.

When **no** item has a priority (typically a table without a Priority column,
or a plain list), one finding is reported on the section heading with the
number of items, not one per item. Otherwise each item without a priority is
reported. A placeholder (`TBD`) is left to `structure/placeholder`.

## Why it matters

Priorities say which action to do first and let reviewers check the plan
against the incident: the Google SRE book (ch. 15) asks whether the action
items are "at the right priority"; the SRE workbook's example postmortem gives
each action item a priority; PagerDuty's guide files follow-ups as tickets
with a priority.

## Options

- `scale` (list of strings, default `["P0", "P1", "P2", "P3"]`): the allowed
  priorities, most urgent first. The order is also what
  `recommendations/ordered` checks.

```toml
[rules."recommendations/priority"]
scale = ["high", "medium", "low"]
```
"#;

pub const ORDERED: &str = r#"# recommendations/ordered

Checks that action items are listed most urgent first, according to the
`scale` option (same as `recommendations/priority`). Items without a priority
on the scale are ignored. Only the first out-of-order item is reported: the
primary label is on its priority, the secondary on the item it belongs right
after (or, if it belongs first, on the less urgent item listed before it).

## Fix

When the items are rows of one Markdown table, all with a priority on the
scale, a **safe** fix sorts the rows by priority (stable: rows of equal
priority keep their order), moving each row byte for byte. No fix is offered
for lists, for JSON/YAML reports, or when a row has no priority on the scale.

## Why it matters

The list is read from the top, by the reviewers and by the teams picking up
the work; the Google SRE workbook's example and PagerDuty's guide put the
P0/P1 follow-ups first.

## Options

- `scale` (list of strings, default `["P0", "P1", "P2", "P3"]`): priorities,
  most urgent first. Set it to the same value as for
  `recommendations/priority`.
"#;

pub const OWNER: &str = r#"# recommendations/owner

Checks that every action item has an owner: a person or a team (a team name
is an owner). The parser reads it from an `Owner`/`Assignee`/`Responsible`/
`Who`/`Team` column, or inline: `Owner: Payments team`, `assigned to Jane`,
`@handle`.

When **no** item has an owner, one finding is reported on the section heading
with the number of items; otherwise each item without one. A placeholder
owner (`TBD`) is left to `structure/placeholder`.

## Why it matters

"Missing ownership" is one of the postmortem failure modes the Google SRE
workbook (ch. 10) names: an action nobody owns is not done. Its example
postmortem, and PagerDuty's guide, give every follow-up one owner.

## Options

None.
"#;

pub const DUE: &str = r#"# recommendations/due-date

Checks every action item's due date:

- it is given (when **no** item has one, one finding on the section heading;
  otherwise one per item; a placeholder such as `TBD` is left to
  `structure/placeholder`);
- it is a calendar date the parser understands (`2026-04-30`, `30 April 2026`,
  `April 30, 2026`), not "next sprint";
- it is not before the incident (`occurred`, else `detected`);
- it is within `horizon-days` of the review: counted from the later of the
  meeting date and `resolved` (skipped when neither is known);
- it is not **overdue**: an item whose due date is before the run's "now"
  (`--now`) and whose status is not done/closed/completed/cancelled (or a
  checked `[x]` task) is reported, by default as info. An item without a
  status counts as open.

## Why it matters

A due date makes an intention a commitment that can be followed up.
Atlassian's incident handbook gives priority actions an SLO of 4 or 8 weeks;
PagerDuty's guide labels follow-up tickets with a date. Actions dated far in
the future lose their urgency; overdue open actions are the ones an auditor
asks about.

## Options

- `horizon-days` (integer, default `90`): the latest due date allowed, in days
  after the meeting or resolution.
- `overdue` (`"off"`, `"info"` or `"warning"`, default `"info"`): how overdue
  open items are reported.

```toml
[rules."recommendations/due-date"]
horizon-days = 56
overdue = "warning"
```
"#;

pub const TRACKING: &str = r#"# recommendations/tracking

Checks that every action item references a ticket: a key like `OPS-123`
(`[A-Z][A-Z0-9]+-[0-9]+`, except look-alikes such as `SEV-2`, `CVE-…`,
`RFC-…`, `ISO-…`), a GitHub-style `#123`, or an issue-tracker URL (a path with
`/issues/`, `/browse/`, `/pull/`, `/tickets/`, `/merge_requests/`, ..., or a
tracker host such as Jira, Linear, YouTrack, Bugzilla). The ticket may be in a
`Ticket`/`Issue`/`Link` column or anywhere in the item.

When **no** item has a ticket, one finding is reported on the section heading;
otherwise each item without one. A ticket value that is not a reference
(`see Slack`) is reported on the value.

## Why it matters

The action items live on in the tracker, not in the report: a ticket is how
the work is scheduled and how anyone can check later that it was done. The
Google SRE workbook (ch. 10) wants each action item with its own tracking bug;
PagerDuty files every follow-up as a ticket.

## Options

Instead of a regular expression (pirlint plugins carry no regex engine), the
format is narrowed with:

- `prefixes` (list of strings, default `[]` = any key): accepted ticket key
  prefixes, case-sensitive, without the dash (`["SEC", "OPS"]`). When set,
  `#123` is not accepted.
- `urls` (boolean, default `true`): accept issue-tracker URLs.

```toml
[rules."recommendations/tracking"]
prefixes = ["SEC", "OPS"]
```
"#;

pub const VAGUE: &str = r#"# recommendations/vague

Flags action items that cannot be done, assigned or checked:

- **exhortations**, whatever follows them: "be more careful", "be careful",
  "pay more attention", "be more vigilant", "be more diligent/thorough", "try
  harder", "take more care", "avoid human error", "less error-prone", "learn
  from this";
- **generic improvements with nothing specific**: "improve monitoring",
  "better communication", "improve testing", "improve documentation",
  "improve the process", "improve reliability/security", "make sure this
  never happens again", "prevent this from happening again", ... The item is
  vague only when, apart from the phrase and filler words ("our", "more",
  "overall", "process", ...), it names nothing: no system, metric, document or
  object. "Improve monitoring" is vague; "Improve monitoring of ADFS
  certificate expiry" is not.

The text checked is the action itself (list items include their nested
items; the owner, due date, priority and ticket values are left out).

## Why it matters

The Google SRE workbook (ch. 10) names vague action items ("Improve", "Make
better") and action items that "make humans less error-prone" among the
failure modes of postmortems; PagerDuty's guide asks for follow-ups that are
actionable, specific and bounded. "Be more careful" also puts the incident on
people rather than on the system that let the mistake through.

## How to fix

Name the concrete change: "Alert when the cache-miss error rate exceeds 1%
for 5 minutes", "Require a second reviewer for CDN config changes in CI".

## Options

- `extra` (list of strings): more phrases to flag as exhortations.
- `allow` (list of strings): built-in phrases never to flag.
"#;

pub const DUPLICATE: &str = r#"# recommendations/duplicate

Flags an action item that repeats an earlier one. Actions are compared after
normalization: case, punctuation and whitespace are ignored, as are the
articles a/an/the and the inline owner, due date, priority and ticket values;
a leading "set up", "implement", "create", "introduce", "build" or
"establish" counts as "add". Verbs with different meanings (add/remove) are
never merged. The primary label is on the second item, the secondary on the
first.

## Why it matters

Two entries for one action split its owner, status and ticket, and make the
plan look bigger than it is (Google SRE workbook, ch. 10: one tracking bug per
action).

## Options

None.
"#;

pub const SCALE_SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "scale": {
      "description": "Allowed priorities, most urgent first (compared case-insensitively).",
      "type": "array",
      "items": { "type": "string", "minLength": 1 },
      "minItems": 1,
      "uniqueItems": true,
      "default": ["P0", "P1", "P2", "P3"]
    }
  },
  "additionalProperties": false
}"#;

pub const DUE_SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "horizon-days": {
      "description": "Latest due date allowed, in days after the later of the meeting date and the resolution.",
      "type": "integer",
      "minimum": 1,
      "maximum": 3650,
      "default": 90
    },
    "overdue": {
      "description": "How open items past their due date are reported.",
      "enum": ["off", "info", "warning"],
      "default": "info"
    }
  },
  "additionalProperties": false
}"#;

pub const TRACKING_SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "prefixes": {
      "description": "Accepted ticket key prefixes without the dash (e.g. SEC for SEC-123); empty accepts any key.",
      "type": "array",
      "items": { "type": "string", "pattern": "^[A-Z][A-Z0-9]+$" },
      "uniqueItems": true,
      "default": []
    },
    "urls": {
      "description": "Accept issue-tracker URLs as ticket references.",
      "type": "boolean",
      "default": true
    }
  },
  "additionalProperties": false
}"#;

pub const VAGUE_SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "extra": {
      "description": "More phrases to flag as exhortations (matched as whole words, case-insensitively).",
      "type": "array",
      "items": { "type": "string", "minLength": 1 },
      "default": []
    },
    "allow": {
      "description": "Built-in phrases never to flag.",
      "type": "array",
      "items": { "type": "string", "minLength": 1 },
      "default": []
    }
  },
  "additionalProperties": false
}"#;
