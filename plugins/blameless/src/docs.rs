//! Rule documentation (Markdown, shown by `pirlint explain`) and option schemas.

pub const BLAME_LANGUAGE: &str = r#"# blameless/blame-language

Finds phrases that assign fault to people:

- labels that make a person the cause: `human error`, `operator error`;
- fault and blame: `Dave's fault`, `his fault`, `the fault of`, `at fault`,
  `blame` / `blamed` / `blaming`;
- judgements of a person: `careless(ness)`, `careless ignorance`,
  `negligent` / `negligence`, `neglected to`, `incompetent`, `sloppy`, `lazy`,
  `dropped the ball`, `screwed up`, `messed up`, `botched`, `bad apple`,
  `should have known`, `stupid`, `idiot(ic)`, `ridiculous`, `inexcusable`,
  `fat-fingered`.

Only prose is scanned: code (fenced, indented, inline), block quotes, HTML
and front matter are not, and neither is text inside double quotes or
backticks in a sentence (quoted chat lines, error messages). Matching is by
whole words; a phrase is matched in lower case, or capitalized at the start
of a sentence.

Not flagged:

- negated uses: "no one is to blame", "without blame", "this was not human
  error", "rather than blaming the operator" (a negation word up to four
  words before, in the same clause);
- talk about the culture itself: "the blame game", "blame culture",
  "blame-free", "blameless";
- `git blame`, "lazy loading" / "lazy initialization", and `fault` alone
  ("fault tolerance", "a hardware fault").

## Why it matters

Blame stops the analysis at a person instead of at the system that let the
mistake happen, and people who see colleagues blamed stop reporting problems.
Etsy's blameless postmortems, Google SRE (*Site Reliability Engineering*
ch. 15 "Postmortem Culture", and the Workbook's "counterproductive finger
pointing" and "animated language" such as "careless ignorance") and
PagerDuty's postmortem guide ("an individual's action should never be
considered a root cause"; avoid "human error") all ask for a factual,
judgement-free account.

## How to fix

Describe what was done and what the person saw at the time, then what in the
system made the mistake possible or let it through (no review step, a console
that makes copying settings easy, no alert). For `human error` /
`operator error` an unsafe fix rewrites the phrase as "an error the process
did not catch" (taking a preceding `a`/`an` along), and `fat-fingered`
becomes "mistyped"; other phrases have no mechanical rewrite. When a person
of the report is named in the same clause, `blameless/named-blame` reports
the finding instead (if enabled).

## Options

- `extend` (list of phrases, default `[]`): more phrases to flag (whole
  words; negated uses are skipped as above).
- `allow` (list of phrases, default `[]`): phrases never to flag, e.g.
  `["blamed"]`. An entry matches the phrase as listed above or the words
  found.

```toml
[rules."blameless/blame-language"]
extend = ["cowboy"]
allow = ["lazy"]
```

## Example

```markdown
The root cause was human error. It's Dave's fault the rollback took so long.
```

reports `"human error" names a person as the cause` (fix: "an error the
process did not catch") and, without a people list, `"dave's fault" assigns
fault to a person`.
"#;

pub const HINDSIGHT: &str = r#"# blameless/hindsight

Finds counterfactuals and hindsight judgements about what people did:

- `should have` / `shouldn't have` / `should've` + a past participle
  ("should have checked", "should have been caught"), unless its subject is a
  machine ("the alert should have fired");
- `could have` + participle when its subject is a person ("Keiko could have
  rolled back"), and always `could have easily/simply/just`; not outcomes
  ("could have been worse", "an incident manager could have helped");
- `would have been obvious/clear/easy/...`, and "<person> would have
  noticed/known/seen/caught";
- `failed to` + verb when the subject is a person, a team or a pronoun ("the
  on-call engineer failed to notice", "we failed to verify"); when the
  subject is a machine or system it is a description, not a judgement ("the
  deploy failed to roll back", "traffic failed to reach the cluster"); with no
  recognizable subject ("Failed to notice ...") it is flagged only for verbs
  that describe a person's act (notice, follow, check, verify, ask, escalate,
  ...);
- `obviously`; `simply` before an omission ("simply forgot", "simply had to")
  or after a modal ("could simply"); `clearly should`; `just had to`,
  `all they had to do`; `if only`.

The subject is the nearest content word before the phrase in the same clause
(articles, possessives and `-ly` adverbs skipped): a pronoun, a role (engineer,
team, on-call, operator, ...) or a person of the report is a person; a system
word (deploy, job, alert, service, pipeline, traffic, an acronym, ...) is a
machine.

Recommendation sections (and recommendation items of structured reports) are
not scanned: "we should add an alert" there is a proposal, not hindsight.
Code, block quotes, HTML and text in double quotes or backticks are not
scanned either.

Default severity is `warning`: on the 24 real postmortems of the dfds corpus
the rule finds only genuine counterfactuals, so a report carrying one is
worth a second look, but unlike blame labels the phrases are sometimes the
plain way to state a lesson, so they do not fail a report.

## Why it matters

Counterfactuals describe what did not happen, judged with knowledge nobody
had at the time (hindsight bias). They end the inquiry at "someone should
have" instead of explaining why the action made sense then (Etsy Debriefing
Facilitation Guide: "someone did not do something they should have,
according to someone else"; PagerDuty: do not evaluate what should or should
not have been done in the timeline; Google SRE blameless postmortem culture).

## How to fix

Describe what people saw and did and what made it reasonable at the time;
put what should change in the recommendations. Unsafe fixes: "failed to" →
"did not" (not after "had"/"has"), and "obviously" is removed mid-sentence.

## Options

- `extend` (list of phrases, default `[]`): more phrases to flag.
- `allow` (list of phrases, default `[]`): phrases never to flag; an entry
  matches the family ("should have", "failed to", "obviously") or a prefix
  of the words found ("failed to notice").
"#;

pub const NAMED_BLAME: &str = r#"# blameless/named-blame

Finds a person of the report named in the same clause as blame or hindsight
language: "Dave should have checked the diff", "It's Dave's fault",
"Keiko could have rolled back", "because Dave didn't ask for a review". The
primary label is on the name, the secondary on the phrase. A finding of this
rule replaces the `blame-language` or `hindsight` finding on the same phrase.

People are taken from the report: `authors`, the meeting's moderator, scribe,
attendees and excused, timeline `actor` fields, and two capitalized words
that start a timeline entry or a clause in one ("Keiko Tanaka takes
command"), plus the `names` option. Full names match anywhere; the first or
last name of a front-matter person matches alone too (except names that are
also common words, such as May or Will). The name must come before the phrase
in the same clause (not separated by `; : ( )`, a conjunction or a reporting
verb such as "said"), be the possessor ("Dave's fault") or follow "fault of"
/ "blamed on".

Without people data (no front matter, no actors) the rule cannot recognize
names; the phrases are then reported by the two other rules.

Default severity is `error`: naming and blaming a person makes a report unfit
to share, and the rule found nothing in the 24 real postmortems of the dfds
corpus. Drafts get no leniency: language is cheapest to fix while drafting,
and drafts are already read by reviewers.

## Why it matters

"Counterproductive finger pointing" is one of the failure modes the Google
SRE Workbook (ch. 10) lists for bad postmortems; PagerDuty's guide warns
against naming and shaming. A report that names someone next to blame becomes
about that person, and the next person to make a mistake will hide it.

## How to fix

Name the role and the situation instead of the person ("the engineer pushing
the change had no diff view"), and say what in the system let the mistake
through. The unsafe fix of the underlying phrase, if any, is offered too.

## Options

- `names` (list of strings, default `[]`): more people to recognize (e.g. the
  team roster), written as in the report ("Dave Mitchell").
"#;

pub const PHRASE_SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "extend": {
      "description": "More phrases to flag (whole words; lower case, or capitalized at the start of a sentence).",
      "type": "array",
      "items": { "type": "string", "minLength": 1 },
      "default": []
    },
    "allow": {
      "description": "Phrases never to flag: a phrase family (\"should have\") or the start of the words found (\"failed to notice\").",
      "type": "array",
      "items": { "type": "string", "minLength": 1 },
      "default": []
    }
  },
  "additionalProperties": false
}"#;

pub const NAMED_SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "names": {
      "description": "More people to recognize, as written in reports.",
      "type": "array",
      "items": { "type": "string", "minLength": 1 },
      "default": []
    }
  },
  "additionalProperties": false
}"#;
