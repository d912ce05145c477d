//! `questions/answered`: every lessons-learned question has a real answer.

use pirlint_plugin_sdk::prelude::*;

rule! {
    /// Checks that the report answers each lessons-learned question of NIST SP
    /// 800-61 and the SANS incident handler's handbook with a real answer: at least
    /// `min-words` words (default 5) that are not placeholders (`TODO`, `TBD`,
    /// `N/A`, `[Insert ...]`).
    ///
    /// Default questions (ids in brackets):
    ///
    /// | id | question | answered by |
    /// |---|---|---|
    /// | `what-happened` | What happened, and at what times? | a `timeline` section |
    /// | `who-discovered` | Who or what discovered the incident, and how? | a `detection` section; a timeline entry in phase `detection`, or one that mentions an alert, a report, a page, a warning ... |
    /// | `containment` | How was the incident contained? | a `containment`/`Mitigation` section; a timeline entry in phase `containment` or that mentions a rollback, a block, a failover ... |
    /// | `eradication-recovery` | What was done to eradicate the cause and recover? | an `eradication`/`recovery` section; a timeline entry in those phases or that mentions a fix, a restore, "back to normal" ... (skipped for `type: availability` and `performance`) |
    /// | `done-differently` | What could have been done differently? | the lessons-learned text itself, `What went wrong` |
    /// | `plans-and-playbooks` | How well did staff and management perform; were procedures and playbooks followed and adequate? | `What went well`, a playbook/runbook/procedure/policy question |
    /// | `business-information` | Did the business provide the information and responses needed in time? | a `Communication` section, a business/information/communication question |
    /// | `preventive-measures` | What corrective actions will prevent similar incidents? | the `recommendations` section (action items) |
    /// | `tools-and-resources` | What additional tools or resources are needed? | a tools/resources question |
    ///
    /// An answer is found, in this order:
    ///
    /// 1. **in a section** whose canonical kind or heading is one of the question's
    ///    `sections` (heading compared after lower-casing and dropping punctuation;
    ///    "What went wrong (summary)" matches `What went wrong`);
    /// 2. **in a section whose heading contains one of the question's `keywords`**,
    ///    anywhere in the report (`## How was it contained?`);
    /// 3. **in a question/answer line**: a bold label (`**What could have been done
    ///    differently?** We ...` or `- **Tools needed**: ...`), a line ending with
    ///    `?` followed by its answer, or, inside Lessons learned, a short
    ///    `Label: answer` line (`Who discovered it: the checkout alert paged ...`),
    ///    whose label contains a keyword. The answer is the rest of the line and
    ///    what follows up to the next such line (for a list item: its nested lines);
    /// 4. **in the timeline**: an entry whose phase is one of `timeline-phases` or
    ///    whose text contains one of `timeline-keywords` answers the question
    ///    whatever its length (a timestamped fact). For `containment` these include
    ///    words of restoring service ("restored", "back to normal", "fixed"): in
    ///    availability incidents mitigation and recovery usually coincide;
    /// 5. **in a lessons-learned line that mentions it** (`lessons-mentions`, at
    ///    least `min-words` words): SRE-style lessons answer the questions without
    ///    asking them ("We are not monitoring the ADFS implementation" answers the
    ///    tools question). Defaults: playbook/runbook/procedure/process/documented
    ///    for `plans-and-playbooks`; communication/stakeholder/business/information/
    ///    notification for `business-information`; tool/monitoring/alert/dashboard/
    ///    inventory/resource for `tools-and-resources`;
    /// 6. **in a sentence anywhere in the report** that carries its evidence
    ///    (`evidence`, at least `min-words` words): who found an incident is often
    ///    told in the summary ("a user reported it in the chat channel", "a
    ///    security researcher reported it to security@", "the uptime monitor
    ///    paged the on-call"), how it was contained in the narrative. Defaults
    ///    exist for `who-discovered` (reported by/to, bug bounty, alert fired,
    ///    paged, noticed, support ticket, ...), `containment` (mitigated, rolled
    ///    back, reverted, revoked, yanked, ...), `eradication-recovery` (restored,
    ///    fixed, patched, resolved, ...), `done-differently` and
    ///    `preventive-measures`.
    ///
    /// Keywords match case-insensitively at the start of a word, so `contain` also
    /// finds "contained" and "containment". A subsection whose heading contains the
    /// keywords of one question (e.g. `### What went well`) answers that question
    /// only: it does not make its parent `Lessons learned` answer every other one.
    ///
    /// One finding per unanswered question, on the Lessons learned heading (the
    /// title when there is none). When a candidate answer exists but is too short
    /// or only a placeholder, the finding points at it instead. When *no* question
    /// is answered at all (e.g. a report with no sections), one finding lists them
    /// all instead of one per question.
    ///
    /// **Drafts:** in a report whose `status` is one of `lenient-statuses`
    /// (default `draft`, `in-progress`, `wip`) findings are reported as `info`: a
    /// draft is expected to be incomplete, but the reminder stays visible.
    ///
    /// ## Why it matters
    ///
    /// NIST SP 800-61 Rev. 2, §3.4.1 "Lessons Learned", lists the questions a
    /// lessons-learned meeting should answer: exactly what happened and at what
    /// times; how well staff and management performed and whether documented
    /// procedures were followed and adequate; what information was needed sooner;
    /// what staff would do differently; what corrective actions prevent recurrence;
    /// what tools or resources are needed. The SANS Incident Handler's Handbook
    /// (step 6) asks the report to say when and by whom the incident was detected,
    /// how it was contained and eradicated, and what was done to recover. A report
    /// that skips a question usually means the review skipped it, and readers (and
    /// auditors) cannot tell whether it was considered.
    ///
    /// ## How to fix
    ///
    /// Answer the question in its own subsection under Lessons learned, e.g.
    ///
    /// ```markdown
    /// # Lessons learned
    ///
    /// ## What could have been done differently?
    ///
    /// Feature flags that disable a security control need an expiry date ...
    /// ```
    ///
    /// or as a bold question followed by its answer. If the question does not
    /// apply, say so and why ("No eradication was needed: the fault was a capacity
    /// limit, not a compromise"). Structured (JSON/YAML) reports answer in the
    /// lessons-learned section body, one `Question: answer` line each.
    ///
    /// ## Options
    ///
    /// - `questions` (list, default: the nine above): **replaces** the question set.
    ///   Each entry is `{id, question, sections, keywords, timeline-phases,
    ///   timeline-keywords, lessons-mentions, evidence, min-words, skip-for-types, only-for-types, only-if-mentions}`; naming a default `id`
    ///   starts from that default, so `questions = [{id = "containment"}, {id =
    ///   "preventive-measures"}]` keeps just those two.
    /// - `extend` (list, default `[]`): **adds to** the set (after `questions`). An
    ///   entry with a new `id` adds a question (`question` is then its text); one
    ///   with an existing `id` changes only the fields it sets, e.g. to require
    ///   eradication for availability incidents too:
    ///   `extend = [{id = "eradication-recovery", skip-for-types = []}]`.
    /// - Per question: `sections` (canonical kinds or heading names), `keywords`
    ///   (phrases marking a question heading or line), `timeline-phases`,
    ///   `timeline-keywords`, `lessons-mentions`, `evidence`, `min-words` (overrides the
    ///   global one), `skip-for-types` (incident `type` values for which the question
    ///   is not asked; default `["availability", "performance"]` for
    ///   `eradication-recovery`, `[]` for the others) and `only-for-types` (incident
    ///   types for which alone it is asked; default `["security"]` for
    ///   `plans-and-playbooks`, `business-information` and `tools-and-resources`,
    ///   which NIST SP 800-61 asks of security incident handling and the Google SRE
    ///   and PagerDuty templates do not; `[]` for the others; the
    ///   `pirlint:nist-800-61` preset asks them of every report) and
    ///   `only-if-mentions` (phrases of which the report's prose must mention one
    ///   for the question to be asked, e.g. "what should users do" only of a
    ///   write-up that speaks of a vulnerability or a leaked token).
    /// - `defer-missing-sections` (boolean, default `true`): a report without the
    ///   section where a question is answered (lessons learned; for
    ///   `preventive-measures` the action items, for `what-happened` the timeline)
    ///   is not asked it: that section's own rule reports the gap, and one gap
    ///   should give one finding. `pirlint:public-disclosure`, where those rules
    ///   are off, sets it to `false`.
    /// - By default `what-happened` and `who-discovered` are not asked:
    ///   `timeline/present` and `timeline/discovery` ask them in their own words.
    ///   Name them in `questions` or `extend` to ask them here too.
    /// - `min-words` (integer, default 5): minimum words of an answer.
    /// - `lenient-statuses` (list, default `["draft", "in-progress", "wip"]`):
    ///   statuses whose reports get `info` findings. `[]` switches leniency off.
    ///
    /// ```toml
    /// [rules."questions/answered"]
    /// min-words = 8
    /// extend = [
    ///   { id = "external-sharing", question = "How could information sharing with other organizations improve?", keywords = ["sharing", "external"] },
    /// ]
    /// ```
    ///
    /// ## Example
    ///
    /// ```markdown
    /// # Lessons learned
    ///
    /// ## What went wrong
    /// - The CDN change went out at peak traffic.
    /// ```
    ///
    /// reports, among others, `lessons-learned question not answered: "What
    /// additional tools or resources are needed to detect, analyze and mitigate
    /// future incidents?"` on `# Lessons learned`.
    pub struct Answered;
}

/// One question as written in the options; every field but `id` is optional
/// so that an `extend` entry can change one field of a default question.
#[derive(Deserialize, Serialize, JsonSchema, Clone, Default, Debug)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct QuestionSpec {
    pub id: String,
    pub question: Option<String>,
    pub sections: Option<Vec<String>>,
    pub keywords: Option<Vec<String>>,
    pub timeline_phases: Option<Vec<String>>,
    pub timeline_keywords: Option<Vec<String>>,
    pub lessons_mentions: Option<Vec<String>>,
    pub evidence: Option<Vec<String>>,
    pub min_words: Option<u32>,
    pub skip_for_types: Option<Vec<String>>,
    pub only_for_types: Option<Vec<String>>,
    pub only_if_mentions: Option<Vec<String>>,
}

#[derive(Deserialize, Serialize, JsonSchema, Debug)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct AnsweredOptions {
    pub questions: Option<Vec<QuestionSpec>>,
    pub extend: Vec<QuestionSpec>,
    pub min_words: u32,
    pub lenient_statuses: Vec<String>,
    pub defer_missing_sections: bool,
}

impl Default for AnsweredOptions {
    fn default() -> Self {
        AnsweredOptions {
            questions: None,
            extend: Vec::new(),
            defer_missing_sections: true,
            min_words: 5,
            lenient_statuses: vec!["draft".into(), "in-progress".into(), "wip".into()],
        }
    }
}

impl Rule for Answered {
    const ID: &'static str = "questions/answered";
    const SUMMARY: &'static str =
        "Every lessons-learned question (NIST SP 800-61 / SANS) has a real answer in the report";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    type Options = AnsweredOptions;

    fn check(cx: &Context<'_>, opts: &AnsweredOptions) -> Vec<Diagnostic> {
        let configured = cx.severity(Self::ID).unwrap_or(Self::DEFAULT_SEVERITY);
        crate::answered(cx, opts, configured)
    }

    /// Written by hand: the question entries share one definition
    /// (`$defs`), every field but `id` is optional without being nullable,
    /// and ids have a pattern, which the derived schema would not say.
    fn options_schema() -> pirlint_plugin_sdk::serde_json::Value {
        pirlint_plugin_sdk::serde_json::from_str(SCHEMA).unwrap_or_default()
    }
}

const SCHEMA: &str = r##"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "$defs": {
    "strings": { "type": "array", "items": { "type": "string", "minLength": 1 } },
    "question": {
      "type": "object",
      "properties": {
        "id": { "type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$" },
        "question": { "type": "string", "minLength": 1, "description": "The question as shown in messages and suggested headings." },
        "sections": { "$ref": "#/$defs/strings", "description": "Canonical section kinds or heading names whose section answers it." },
        "keywords": { "$ref": "#/$defs/strings", "description": "Phrases that, in a heading or a question/label line, mark its answer (matched at word starts)." },
        "timeline-phases": { "$ref": "#/$defs/strings", "description": "Timeline phases whose entries answer it." },
        "timeline-keywords": { "$ref": "#/$defs/strings", "description": "Phrases that, in a timeline entry, answer it." },
        "lessons-mentions": { "$ref": "#/$defs/strings", "description": "Phrases that, in a lessons-learned line of at least min-words words, answer it." },
        "evidence": { "$ref": "#/$defs/strings", "description": "Phrases that, in a sentence of at least min-words words anywhere in the report's prose, answer it." },
        "min-words": { "type": "integer", "minimum": 1, "description": "Minimum words of an answer (default: the rule's min-words)." },
        "skip-for-types": { "$ref": "#/$defs/strings", "description": "Incident types for which the question is not asked." },
        "only-for-types": { "$ref": "#/$defs/strings", "description": "Incident types for which alone the question is asked (empty: every report)." },
        "only-if-mentions": { "$ref": "#/$defs/strings", "description": "Asked only when the report's prose mentions one of these phrases (empty: always)." }
      },
      "required": ["id"],
      "additionalProperties": false
    }
  },
  "properties": {
    "questions": {
      "description": "Replaces the default question set (an entry naming a default id starts from that default).",
      "type": "array",
      "items": { "$ref": "#/$defs/question" }
    },
    "extend": {
      "description": "Adds questions to the set, or changes fields of an existing one by id.",
      "type": "array",
      "items": { "$ref": "#/$defs/question" },
      "default": []
    },
    "min-words": {
      "description": "Minimum words of an answer, placeholders excluded.",
      "type": "integer",
      "minimum": 1,
      "default": 5
    },
    "defer-missing-sections": {
      "description": "Leave a question to the rule of its missing section (lessons learned, action items, timeline) instead of asking it.",
      "type": "boolean",
      "default": true
    },
    "lenient-statuses": {
      "description": "Report statuses whose findings are reported as info.",
      "type": "array",
      "items": { "type": "string" },
      "default": ["draft", "in-progress", "wip"]
    }
  },
  "additionalProperties": false
}"##;
