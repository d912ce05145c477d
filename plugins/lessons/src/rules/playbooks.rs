//! `lessons/playbooks`: the report says whether plans, playbooks, policies
//! and procedures need updating, and an action item covers the update.

use pirlint_plugin_sdk::prelude::*;
use pirlint_plugin_sdk::serde_json::Value;

use crate::{action_with_words, answer, covers, default_types, field, in_scope, lenient, lessons_section, section_at, Answer};

rule! {
    /// Checks that the report says whether the organization's incident
    /// response **plans, playbooks, policies or procedures need updating**
    /// after the incident, and, when it says they do, that an **action
    /// item covers the update**.
    ///
    /// The answer is read from:
    ///
    /// - the front-matter field `playbooks-update` (also the top-level key of
    ///   a JSON/YAML report): `yes` (they need updating), `no`, `n/a` or
    ///   `done` (already updated); or a mapping `{needed: yes, documents:
    ///   [runbooks/db-failover.md]}` naming the documents;
    /// - or a section of kind `playbooks` with content ("Plans and
    ///   playbooks", "Playbook updates", "Runbook updates", "Policies and
    ///   procedures", ... and the policy's `[sections]` synonyms), usually a
    ///   subsection of Lessons learned, or a labelled line of the lessons
    ///   (`- **Playbooks:** ...`) whose label is such a heading. A section
    ///   is read as the answer; its wording is not interpreted;
    /// - or an action item that updates one: its text or tracking reference
    ///   has one of `document-words` ("Update the system update runbooks to
    ///   ..."), which says "yes" and covers it at once.
    ///
    /// When the answer is `yes`, an action item covers the update if it lies
    /// in a `playbooks` or `processes` section, names one of the documents
    /// the field lists, or its text or tracking reference contains one of
    /// `document-words` (whole words: "playbook", "runbook", "procedure",
    /// "policy", ...). Only action items are read for this, never the rest
    /// of the report.
    ///
    /// Applied to reports whose `incident-type` is one of `incident-types`
    /// (default: security incidents). A report in scope without a
    /// lessons-learned section and without the field is left to
    /// `structure/required-sections`. On a draft (`status: draft`, ...) the
    /// finding is `info`.
    ///
    /// ## Why it matters
    ///
    /// NIST SP 800-61 Rev. 2, §3.4.1 (Lessons Learned): "Updating incident
    /// response policies and procedures is another important part of the
    /// lessons learned process", and the lessons-learned meeting asks
    /// whether the documented procedures were followed and adequate. A
    /// report that finds a playbook wanting but assigns nobody to change it
    /// leaves the next responder with the same playbook.
    ///
    /// ## How to fix
    ///
    /// Say whether they need updating, and add the action item when they do:
    ///
    /// ```yaml
    /// playbooks-update: yes      # yes | no | n/a | done
    /// ```
    ///
    /// ```markdown
    /// ## Action items
    /// - Update the credential-leak playbook with the token revocation steps (owner: @lena, due 2026-04-01)
    /// ```
    ///
    /// ## Options
    ///
    /// - `incident-types` (list, default `["security"]`): incident types the
    ///   rule applies to (a type whose first word is one of them matches:
    ///   "security incident"); `[]` applies it to every report.
    /// - `document-words` (list): words that, in an action item, name the
    ///   kind of document updated.
    ///
    /// ```toml
    /// [rules."lessons/playbooks"]
    /// incident-types = []
    /// ```
    ///
    /// ## Example
    ///
    /// ```yaml
    /// incident-type: security
    /// playbooks-update: yes
    /// ```
    ///
    /// with no action item about a playbook, runbook, procedure or policy
    /// reports `the report says plans, playbooks, policies or procedures need
    /// updating, but no action item covers the update` on `playbooks-update`.
    pub struct Playbooks;
}

#[derive(Deserialize, Serialize, JsonSchema, Debug)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct PlaybooksOptions {
    /// Incident types the rule applies to; [] applies it to every report.
    pub incident_types: Vec<String>,
    /// Words that, in an action item, name the kind of document updated (whole words, any case).
    pub document_words: Vec<String>,
}

impl Default for PlaybooksOptions {
    fn default() -> Self {
        PlaybooksOptions {
            incident_types: default_types(),
            document_words: [
                "plan", "plans", "playbook", "playbooks", "runbook", "runbooks", "procedure",
                "procedures", "policy", "policies", "process", "processes", "documentation",
                "docs", "wiki", "checklist", "checklists", "SOP", "SOPs", "guideline", "guidelines",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        }
    }
}

pub(crate) const KEYS: &[&str] = &["playbooks-update", "playbooks-updated", "playbook-update", "playbook-updates"];

const HELP: &str = "NIST SP 800-61 (3.4.1): updating incident response policies and procedures is part of \
    the lessons learned process. Say whether they need updating in the front matter \
    (`playbooks-update: yes | no | n/a | done`) or in a `### Plans and playbooks` subsection of \
    Lessons learned; when they do, add an action item that updates them, with an owner.";

impl Rule for Playbooks {
    const ID: &'static str = "lessons/playbooks";
    const SUMMARY: &'static str =
        "The report says whether plans, playbooks, policies or procedures need updating; an action item covers the update";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    type Options = PlaybooksOptions;

    fn check(cx: &Context<'_>, opts: &PlaybooksOptions) -> Vec<Diagnostic> {
        if !in_scope(cx, &opts.incident_types) {
            return Vec::new();
        }
        let found = KEYS.iter().find_map(|k| field(cx, k));
        let Some(f) = found else {
            // A Plans and playbooks part of the lessons answers; so does an
            // action item that updates one (the answer is "yes", covered).
            if covers(cx, &["playbooks".to_string()]) || action_with_words(cx, &opts.document_words) {
                return Vec::new();
            }
            let Some(lessons) = lessons_section(cx) else {
                return Vec::new();
            };
            return vec![lenient(
                cx,
                Diagnostic::new(
                    Self::ID,
                    lessons.heading_span,
                    "the report does not say whether plans, playbooks, policies or procedures need updating",
                )
                .label("no `playbooks-update` field and no Plans and playbooks section")
                .help(HELP),
            )];
        };
        // `{needed: yes, documents: [...]}` or a bare answer.
        let (value, documents): (&Value, Vec<String>) = match &f.value {
            Value::Object(m) => {
                let needed = m
                    .iter()
                    .find(|(k, _)| matches!(crate::norm_key(k).as_str(), "needed" | "update" | "needsupdate" | "required"))
                    .map(|(_, v)| v)
                    .unwrap_or(&Value::Null);
                let docs = m
                    .iter()
                    .find(|(k, _)| matches!(crate::norm_key(k).as_str(), "documents" | "playbooks" | "which"))
                    .map(|(_, v)| strings(v))
                    .unwrap_or_default();
                (needed, docs)
            }
            v => (v, Vec::new()),
        };
        match answer(value) {
            Some(Answer::No | Answer::NotApplicable | Answer::Done) => Vec::new(),
            Some(Answer::Yes) => {
                if covered(cx, opts, &documents) {
                    return Vec::new();
                }
                vec![lenient(
                    cx,
                    Diagnostic::new(
                        Self::ID,
                        f.span,
                        "the report says plans, playbooks, policies or procedures need updating, but no action item covers the update",
                    )
                    .label("needs updating, says the report")
                    .help(
                        "Add an action item that updates them, naming the document (\"Update the \
                         credential-leak playbook ...\"), with an owner and a due date; or list the documents \
                         (`playbooks-update: {needed: yes, documents: [...]}`) and name one in the action item.",
                    ),
                )]
            }
            None => vec![lenient(
                cx,
                Diagnostic::new(
                    Self::ID,
                    f.span,
                    format!("`{}` does not say whether plans, playbooks, policies or procedures need updating", f.key),
                )
                .label("expected yes, no, n/a or done")
                .help(HELP),
            )],
        }
    }
}

fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => s.split(',').map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect(),
        Value::Array(a) => a.iter().filter_map(|x| x.as_str()).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect(),
        _ => Vec::new(),
    }
}

/// Whether an action item covers the update: one in a `playbooks` or
/// `processes` section, one naming a listed document, or one whose text or
/// tracking reference has a document word.
fn covered(cx: &Context<'_>, opts: &PlaybooksOptions, documents: &[String]) -> bool {
    let words: Vec<(&str, text::Case)> = opts.document_words.iter().map(|w| (w.as_str(), text::Case::Insensitive)).collect();
    let set = text::PhraseSet::new(&words);
    cx.report.recommendations.iter().any(|r| {
        let in_section = section_at(cx, r.span.start)
            .and_then(|s| cx.kind(s))
            .is_some_and(|k| k == "playbooks" || k == "processes");
        let t = cx.text(&r.text).to_lowercase();
        let names_document = documents.iter().any(|d| t.contains(&d.to_lowercase()));
        let spans = std::iter::once(r.text.span).chain(r.tracking.as_ref().map(|t| t.span));
        in_section || names_document || (!words.is_empty() && spans.into_iter().any(|s| set.any(cx.source(), s)))
    })
}
