//! Rule documentation (Markdown, shown by `pirlint explain`) and option schemas.

pub const TIMES: &str = r#"# metrics/times

Checks the incident times in the front matter (or the top-level keys of a
JSON/YAML report):

- **Order**: `occurred` ≤ `detected` ≤ `contained` ≤ `recovered` ≤
  `resolved`. Each known time is compared with the previous known one in
  that chain; an inversion is reported on the later key with a secondary
  label on the earlier one (the host's `durations` would be negative).
- **Completeness** (only when `status` is final: `final`, `closed`,
  `resolved`, `complete(d)`, `done`, `published`, `reviewed`, `approved`):
  all five are present and each is a full date, time and zone. Everything
  missing or unreadable is listed in **one** finding, on the `status` value.
  Drafts (`draft`, `in-progress`, `open`, `in review`, ...) are not checked
  for completeness: times are often filled in last.
- **No data at all** (no status and none of the five times, typically a
  report without front matter): one note, with severity `info` whatever the
  rule's severity, saying the response times cannot be measured. No other
  finding of this rule follows, and it never fails a CI gate on its own.

## Why it matters

NIST SP 800-61 §3.4.2 ("Using Collected Incident Data") lists the elapsed
time from the start of the incident to discovery, to impact assessment and
to each stage of handling as the metrics that show whether response
improves. They can only be computed, and aggregated across hundreds of
reports, when every final report carries the five times in machine-readable
form and in order.

## How to fix

```yaml
status: final
occurred: 2026-03-02T13:10:00Z
detected: 2026-03-02T13:42:00Z
contained: 2026-03-02T15:05:00Z
recovered: 2026-03-03T09:30:00Z
resolved: 2026-03-03T11:00:00Z
```

## Options

None. Default severity `error`: a final report without its times is unfit
for the metrics it exists to feed.
"#;

pub const IMPACT: &str = r#"# metrics/impact

For incidents at or above `min-severity` (default `SEV-2`), checks that the
report records **who or what was affected** (`impact.users_affected` or
`impact.systems` in the front matter) **and a cost or impact estimate**
(`impact.cost_estimate`). A non-empty `## Impact` section (also "Customer
impact", "Business impact") is accepted as evidence for both. Placeholder
values (`TBD`, `TODO`, `unknown`) do not count.

Severities understood: `SEV-1`…`SEV-4` (also `SEV1`, `Sev 1`, `S1`),
`P0`…`P4`, `critical`/`high`/`medium`/`low` (also `major`/`minor`), and a
bare digit; 1 (or P0) is the most severe, and `high` ranks with SEV-2.
Reports without a severity, with one not understood, or with a draft status
are not checked.

One finding per report, on the `severity` value.

## Why it matters

NIST SP 800-61 asks for impact assessments and, in the follow-up report, a
monetary estimate of the damage; Google's SRE postmortem template has an
Impact field (users, revenue), PagerDuty's guide asks for duration,
customers affected, support contacts and functionality lost. Without them
management cannot weigh the follow-up work against other priorities.

## Options

- `min-severity` (string, default `"SEV-2"`): the least severe level the
  rule applies to, in any of the forms above.

```toml
[rules."metrics/impact"]
min-severity = "P1"
```
"#;

pub const IMPACT_SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "min-severity": {
      "description": "Least severe level the rule applies to: SEV-1..SEV-4, P0..P4, critical/high/medium/low.",
      "type": "string",
      "minLength": 1,
      "default": "SEV-2"
    }
  },
  "additionalProperties": false
}"#;

pub const ACTIONS: &str = r#"# metrics/actions

Checks that the report lists the actions taken during the response. Any of
these is evidence:

- a section of kind `containment`, `eradication` or `recovery` (headings
  such as "Containment", "Mitigation", "Response", "Recovery", "Resolution",
  "Containment, eradication and recovery"), or any heading with one of the
  words containment, eradication, recovery, mitigation, response or
  resolution, with content (in it or its subsections);
- a timeline entry in one of those phases, by phase tag or by the phase
  keywords of `timeline/phases` ("rolled back", "isolated", "blocked",
  "patched", "restored", ...).

One finding per report, on the timeline heading (or the title).

## Why it matters

NIST SP 800-61 asks the incident record to hold the actions performed by
all handlers; the SANS handbook asks the report to say how the incident was
contained and eradicated and what work was performed during recovery. A
report that only describes the failure and the follow-ups leaves out the
part the next responder can reuse.

## Options

None.
"#;
