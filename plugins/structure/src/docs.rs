//! Rule documentation (Markdown, shown by `pirlint explain`) and option schemas.

pub const REQUIRED_SECTIONS: &str = r#"# structure/required-sections

Checks that the report has a section of every required kind. Sections are
recognized by their canonical kind, which the parser assigns from the heading
(so `Summary`, `TL;DR` and `Overview` all count as the executive summary).

{kinds-table}

Headings match after numbering, punctuation, case and emoji are set aside;
with a qualifier after them ("Timeline (UTC)", "Action Items (to be done
this quarter):"); and as compounds ("Recovery and Lessons Learned" counts
for both). A report whose opening paragraphs (before the first section)
run to 25 words or more has its executive summary there. Teams add their
own headings under `[sections]` in the policy.

One diagnostic is reported per missing kind, on the report's title heading
(or its first line when it has no level-1 heading). A missing timeline is
not this rule's finding but `timeline/present`'s, and missing action items
`recommendations/present`'s: they say what they could not read.

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

- `sections` (list of kinds, default `["executive-summary",
  "investigation", "lessons-learned"]`): the kinds every
  report must have. Other kinds the parser knows, such as `impact`,
  `containment`, `recovery` or `user-actions`, may be added.

```toml
[rules."structure/required-sections"]
sections = ["executive-summary", "impact", "recommendations"]
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
      "default": ["executive-summary", "investigation", "lessons-learned"]
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
- `skip-questions` (boolean, default `true`): leave empty sections whose
  heading is a question ("What could have been done differently?") to
  `questions/answered`, which names the unanswered question and says how to
  answer it, so that one gap gives one finding. Set it to `false` if you
  switch the `questions` plugin off.

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
    },
    "skip-questions": {
      "description": "Leave empty question headings to questions/answered.",
      "type": "boolean",
      "default": true
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

pub const SUMMARY_LENGTH: &str = r#"# structure/executive-summary-length

Checks that the executive summary (every section of kind
`executive-summary`: `Executive summary`, `Summary`, `TL;DR`, `Overview`, ...,
with its subsections) has at most `max-words` words (default 300). Words are
counted in its prose only: code blocks, block quotes and HTML comments do
not count. The finding is on the summary heading, labelled with the word
count, with a secondary label on the first word past the limit.

With `min-words` set (default 0: off), a summary with fewer words is
reported too. An empty summary is left to `structure/empty-section`.

## Why it matters

The summary is the part of a post-incident report that managers, customers,
other teams and auditors read, often the only part. Google's SRE postmortem
template opens with a short summary; PagerDuty's postmortem guide asks for a
summary of a few sentences (what happened, impact, what is being done); NIST
SP 800-61's follow-up report is read by management as well as by handlers. A
summary that runs to several screens buries the impact and the decisions in
technical detail.

## How to fix

Keep the summary to what happened, who and what was affected, how long, and
what will change, in plain language. Move the technical story to the
Investigation and Timeline sections.

## Options

- `max-words` (integer, default 300): the longest summary accepted; 0 turns
  the check off.
- `min-words` (integer, default 0 = off): the shortest summary accepted. Off
  by default because a two-sentence summary is often exactly right; teams
  whose summaries must cover impact and follow-ups may set it to ~40.

```toml
[rules."structure/executive-summary-length"]
max-words = 200
min-words = 40
```

## Example

A `## Summary` of 412 words reports `executive summary is 412 words long (at
most 300)` on `## Summary`.
"#;

pub const SUMMARY_LENGTH_SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "max-words": {
      "description": "Most words the executive summary may have (0: no maximum).",
      "type": "integer",
      "minimum": 0,
      "default": 300
    },
    "min-words": {
      "description": "Fewest words the executive summary may have (0: no minimum).",
      "type": "integer",
      "minimum": 0,
      "default": 0
    }
  },
  "additionalProperties": false
}"#;

pub const ACRONYMS: &str = r#"# structure/acronyms

Checks that every acronym is written out at its first use in the report's
prose, as `web application firewall (WAF)` or `WAF (web application
firewall)`. Only the first use of each acronym is reported, once.

An acronym is a word of two or more capital letters, digits allowed after
the first letter (`WAF`, `SIEM`, `EC2`); a plural `s` is ignored (`PRs`).
An expansion is accepted when the words next to the parenthesis start with
the acronym's first letter and contain its other letters in order
("Identity and Access Management (IAM)", "Elastic Kubernetes Service (EKS)").

Not checked:

- anything outside prose: headings (a title such as "ADFS outage" is not a
  first use; the first use in the text must expand it), code and inline
  code, block quotes, HTML, front matter;
- link text (`[SEC-412](...)`) and identifiers joined by `-`, `_`, `/` or
  `.`: ticket ids (`SEC-412`, `CVE-2021-44228`), severity labels (`SEV-2`,
  `SEV1`; `P1` is not an acronym), `CI/CD`, `.NET`;
- time zones (UTC, CET, PST, ...), placeholders (TODO, TBD, XXX), units (GB,
  MB), `AM`/`PM`, Roman numerals made of I, V and X (II, IV, XII), and common
  English words written in capitals for emphasis (NOT, NOTE, WARNING);
- lines made only of initials (an attendee list such as "AN, JS, JW");
- acronyms used anywhere in a section named Glossary, Abbreviations,
  Acronyms, Definitions or Terminology: they count as defined.

A generous default allow list keeps well-known terms quiet: network and web
(API, URL, DNS, HTTP(S), TLS, SSL, TCP, IP, VPN, CDN, VPC, ASN, ...),
computing (CPU, RAM, OS, VM, ID, UI, CLI, SDK, SQL, DB, TTL, CAPTCHA, ...),
clouds (AWS, GCP), delivery and operations (CI, CD, PR, QA, SRE, SLA, SLO,
MTTR, RCA, ...), security (SSO, MFA, SAML, SOC, SIEM, CVE, PII, GDPR, IAM, ...)
and organisation (CEO, CTO, CISO, HR, IT, EU, US, UK, USD, EUR, ...).
`pirlint explain` shows this text; the full list is in the plugin source
(`plugins/structure/src/acronyms.rs`).

When the acronym is expanded later in the report, that place is shown as a
secondary label, and an unsafe fix writes the expansion at the first use.

## Why it matters

Post-incident reports are read far beyond the responding team: by managers,
other engineering teams, customers and auditors (NIST SP 800-61 §3.4 follow-up
reports; Google SRE's "missing context" failure mode of bad postmortems). An
abbreviation the team uses every day ("CNI", "ALB", "KIAM") stops a reader who
does not, and the report is less useful as training material later.

## How to fix

Write the term out at its first use: `application load balancer (ALB)`. Or
add a `## Glossary` section. If every reader of your reports knows the term,
add it to `allow`.

## Options

- `allow` (list of strings, default `[]`): more acronyms never to report
  (compared case-insensitively), added to the built-in list.
- `default-allow` (boolean, default `true`): use the built-in list of
  well-known acronyms; `false` checks every acronym except those in `allow`.
- `never-expanded` (boolean, default `false`): also report acronyms the
  report never expands. Off by default: on real reports most capitals that
  are never expanded are names (projects, companies, customers, tickers)
  that no list can tell from jargon, while an acronym expanded only after
  its first use is certainly an acronym, and confusing where it is first
  read. Teams that want every acronym expanded switch it on.

```toml
[rules."structure/acronyms"]
allow = ["EKS", "ALB", "KIAM"]
```

## Example

```markdown
The SOAR playbook isolated the host. Later, the security orchestration,
automation and response (SOAR) platform ...
```

reports `acronym `SOAR` is not expanded at its first use` on the first
`SOAR`, with the later expansion as a secondary label.
"#;

pub const ACRONYMS_SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "allow": {
      "description": "More acronyms never to report (case-insensitive), added to the built-in list.",
      "type": "array",
      "items": { "type": "string", "minLength": 1 },
      "default": []
    },
    "default-allow": {
      "description": "Use the built-in list of well-known acronyms.",
      "type": "boolean",
      "default": true
    },
    "never-expanded": {
      "description": "Also report acronyms the report never expands (default: only those used before their expansion).",
      "type": "boolean",
      "default": false
    }
  },
  "additionalProperties": false
}"#;
