//! Rule documentation (Markdown, shown by `pirlint explain`) and option schemas.

pub const REQUIRED_SECTIONS: &str = r#"# structure/required-sections

Checks that the report has a section of every required kind. Sections are
recognized by their canonical kind, which the parser assigns from the heading
(so `Summary`, `TL;DR` and `Overview` all count as the executive summary).

| kind | headings recognized by default |
|---|---|
| `executive-summary` | Executive summary, Summary, TL;DR, Overview |
| `timeline` | Timeline, Chronology, Sequence of events |
| `investigation` | Investigation, Analysis, Root cause, Contributing factors |
| `lessons-learned` | Lessons learned, What went wrong, Retrospective |
| `recommendations` | Recommendations, Action items, Follow-ups, Remediation |

One diagnostic is reported per missing kind, on the report's title heading
(or its first line when it has no level-1 heading).

## Why it matters

A post-incident report is read by people who were not there. NIST SP 800-61
(section 3.4, "Lessons Learned") asks for a follow-up report with a
chronology of what happened, what was done, and what will change; Google's SRE
postmortem template (*Site Reliability Engineering*, ch. 15) and PagerDuty's
postmortem guide both require a summary, a timeline, an analysis of
contributing factors, lessons learned and follow-up actions. A report without
one of these leaves a question unanswered and usually means the review skipped
that step.

## How to fix

Add the missing section under one of the recognized headings. If the section
truly does not apply, say so in a sentence rather than deleting it. If your
team's template deliberately has no such section, remove its kind from the
`sections` option.

## Options

- `sections` (list of kinds, default `["executive-summary", "timeline",
  "investigation", "lessons-learned", "recommendations"]`): the kinds every
  report must have. Other kinds the parser knows, such as `impact`,
  `containment` or `recovery`, may be added.

```toml
[rules."structure/required-sections"]
sections = ["executive-summary", "timeline", "impact", "recommendations"]
```

## Example

```markdown
# Database failover

## Summary
...
## Timeline
...
```

reports `missing required section: Investigation`, `... Lessons learned` and
`... Recommendations` on `# Database failover`.
"#;

pub const REQUIRED_SECTIONS_SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "sections": {
      "description": "Canonical section kinds every report must have.",
      "type": "array",
      "items": { "type": "string", "pattern": "^[a-z][a-z0-9-]*$" },
      "uniqueItems": true,
      "default": ["executive-summary", "timeline", "investigation", "lessons-learned", "recommendations"]
    }
  },
  "additionalProperties": false
}"#;

pub const EMPTY_SECTION: &str = r#"# structure/empty-section

Checks that no section is empty: a heading followed by nothing but
whitespace or HTML comments (`<!-- ... -->`), in the section itself and in all
its subsections. When a section and its subsections are all empty, one
diagnostic is reported on the outermost heading and the subsections are
shown as secondary labels.

A section containing only a placeholder (`-`, `N/A`, `TODO`) is not empty:
`structure/placeholder` reports it.

## Why it matters

Report templates (Google SRE, PagerDuty, Atlassian, NIST SP 800-61's list of
lessons-learned questions) are made of headings that each ask a question. An
empty heading means the question was not answered, yet the report looks
complete at a glance; reviewers and auditors reading it later cannot tell
whether the answer was "nothing" or "not considered".

## How to fix

Write the section's content. If it does not apply to this incident, say why
in one sentence ("No customer data was involved: the affected service stores
none."). Remove the heading if your template does not need it, or exempt the
section's kind with `ignore-kinds`.

## Options

- `ignore-kinds` (list of kinds, default `[]`): canonical section kinds that
  may be empty, e.g. `["containment"]`.

## Example

```markdown
## Lessons learned

## Recommendations
- Add an alert on replication lag (owner: Ana, SRE-120)
```

reports `section "Lessons learned" is empty`.
"#;

pub const EMPTY_SECTION_SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "ignore-kinds": {
      "description": "Canonical section kinds that may be empty.",
      "type": "array",
      "items": { "type": "string" },
      "uniqueItems": true,
      "default": []
    }
  },
  "additionalProperties": false
}"#;

pub const PLACEHOLDER: &str = r#"# structure/placeholder

Finds text left over from a template or a draft:

- the words `TODO`, `TBD`, `TBA`, `FIXME` and `XXX` (whole words, upper case);
- `lorem ipsum`, `???`, and date templates `YYYY-MM-DD` / `20xx-MM-DD`
  (any case);
- template instructions: `[Insert ...]`, `<insert ...>`, `[Describe ...]`,
  `[Your ...]`, `<placeholder>` and `{{...}}`;
- answers that say nothing: `N/A`, `NA`, `none`, `-` **when they are the whole
  answer**: the entire body of a section, a whole list item, a whole cell of a
  timeline or recommendations table (except a `Phase` column), or a whole
  front-matter value. Inside a sentence they are fine ("the N/A column").
  Empty list items (a bullet with nothing after it) are reported too.
  For `impact` values, `none` is accepted as a real answer.

It scans prose, section bodies, timeline entries, recommendations and
front-matter values; code (fenced or inline) is not scanned.

## Why it matters

Placeholders are unfinished work. A report that still says `TBD` or
`[Insert root cause]` is not ready for review, and a bare `N/A` does not tell
the reader whether the question was considered. NIST SP 800-61 asks for a
complete follow-up report, and Google's SRE workbook lists "key details
omitted" among the failure modes of bad postmortems.

## How to fix

Replace the placeholder with the actual content, or delete it. Instead of
`N/A`, write why the item does not apply ("No data was exfiltrated: egress
logs show no transfers from the host"). To accept a phrase your team uses
deliberately, add it to `allow`.

## Options

- `extra` (list of strings, default `[]`): more phrases to flag, matched as
  whole words, case-insensitively (e.g. `["to be confirmed", "WIP"]`).
- `allow` (list of strings, default `[]`): phrases never to flag, compared
  case-insensitively with the text found (e.g. `["N/A", "XXX"]`).

## Example

```markdown
## Root cause

TBD

## Action items

- [Insert action item]
-
```

reports `placeholder `TBD``, `placeholder `[Insert action item]`` and `empty list item`.
"#;

pub const PLACEHOLDER_SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "extra": {
      "description": "More phrases to flag (whole words, case-insensitive).",
      "type": "array",
      "items": { "type": "string", "minLength": 1 },
      "default": []
    },
    "allow": {
      "description": "Phrases never to flag (case-insensitive).",
      "type": "array",
      "items": { "type": "string", "minLength": 1 },
      "default": []
    }
  },
  "additionalProperties": false
}"#;
