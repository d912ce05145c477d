//! `lessons/training`: the report says whether it should be used to train
//! new team members, or what training the team needs.

use pirlint_plugin_sdk::prelude::*;
use pirlint_plugin_sdk::serde_json::Value;

use crate::{action_with_words, answer, covers, default_types, field, in_scope, lenient, lessons_section, says_something};

rule! {
    /// Checks that the report says **whether it should be used to train new
    /// team members**, or **what training the team needs** (either
    /// answers).
    ///
    /// The answer is read from:
    ///
    /// - the front-matter field `training` (also the top-level key of a
    ///   JSON/YAML report): a mapping with `onboarding` (`yes`/`no`: use this
    ///   report to train new team members) and/or `needs` (text or a list:
    ///   the training the team needs, `none` when none); `training: yes` or
    ///   `no` is short for `onboarding`, and text or a list for `needs`;
    /// - or a section of kind `training` with content ("Training", "Training
    ///   needs", "Training and onboarding", ... and the policy's `[sections]`
    ///   synonyms), usually a subsection of Lessons learned, or a labelled
    ///   line of the lessons (`- **Training:** ...`);
    /// - or an action item whose text has one of `action-words` ("Teach the
    ///   product owners how to look up CVEs"): it says what training the
    ///   team needs.
    ///
    /// Applied to reports whose `incident-type` is one of `incident-types`
    /// (default: security incidents). A report in scope without a
    /// lessons-learned section and without the field is left to
    /// `structure/required-sections`. On a draft the finding is `info`.
    ///
    /// ## Why it matters
    ///
    /// NIST SP 800-61 Rev. 2, §3.4.1: reports from lessons-learned meetings
    /// "are good material for training new team members by showing them how
    /// more experienced team members respond to incidents", and the meeting
    /// asks how well staff performed and what would help them next time. A
    /// report that says neither loses both: the new hire never reads it, and
    /// the gap in the team's skills is not closed.
    ///
    /// ## How to fix
    ///
    /// ```yaml
    /// training:
    ///   onboarding: yes          # use this report to train new team members
    ///   needs: "Token revocation drill for every on-call engineer"
    /// ```
    ///
    /// or a `### Training` subsection of Lessons learned.
    ///
    /// ## Options
    ///
    /// - `incident-types` (list, default `["security"]`): incident types the
    ///   rule applies to; `[]` applies it to every report.
    /// - `action-words` (list): words that, in an action item, make it a
    ///   training action (whole words, any case).
    ///
    /// ```toml
    /// [rules."lessons/training"]
    /// incident-types = ["security", "privacy"]
    /// ```
    ///
    /// ## Example
    ///
    /// A security report whose Lessons learned has only "What went well" and
    /// "What went wrong", and no `training` field, reports `the report does
    /// not say whether it should be used to train new team members, or what
    /// training the team needs` on the Lessons learned heading.
    pub struct Training;
}

#[derive(Deserialize, Serialize, JsonSchema, Debug)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct TrainingOptions {
    /// Incident types the rule applies to; [] applies it to every report.
    pub incident_types: Vec<String>,
    /// Words that, in an action item, make it a training action (whole words, any case).
    pub action_words: Vec<String>,
}

impl Default for TrainingOptions {
    fn default() -> Self {
        TrainingOptions {
            incident_types: default_types(),
            action_words: [
                "train", "training", "trained", "teach", "educate", "education", "onboarding",
                "drill", "drills", "tabletop", "workshop", "workshops", "course", "courses",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        }
    }
}

const HELP: &str = "NIST SP 800-61 (3.4.1): lessons-learned reports are good material for training new team \
    members. Say whether this one should be (`training: {onboarding: yes}`) or what training the team \
    needs (`training: {needs: ...}`), in the front matter or in a `### Training` subsection of Lessons learned.";

/// Whether a `training` value answers: a yes/no, text, a list, or a
/// mapping whose `onboarding` is a yes/no or whose `needs` says something.
pub(crate) fn training_answers(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.iter().any(|(k, v)| match crate::norm_key(k).as_str() {
            "onboarding" | "usefortraining" | "trainnewmembers" | "trainnewteammembers" => answer(v).is_some(),
            "needs" | "needed" | "teamneeds" | "trainingneeds" => says_something(v),
            _ => false,
        }),
        Value::Bool(_) => true,
        other => says_something(other),
    }
}

impl Rule for Training {
    const ID: &'static str = "lessons/training";
    const SUMMARY: &'static str =
        "The report says whether it should train new team members, or what training the team needs";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    type Options = TrainingOptions;

    fn check(cx: &Context<'_>, opts: &TrainingOptions) -> Vec<Diagnostic> {
        if !in_scope(cx, &opts.incident_types) {
            return Vec::new();
        }
        if let Some(f) = field(cx, "training") {
            if training_answers(&f.value) {
                return Vec::new();
            }
            return vec![lenient(
                cx,
                Diagnostic::new(
                    Self::ID,
                    f.span,
                    format!("`{}` does not say whether the report should train new team members, or what training the team needs", f.key),
                )
                .label("expected `onboarding: yes|no` or `needs: ...`")
                .help(HELP),
            )];
        }
        if covers(cx, &["training".to_string()]) || action_with_words(cx, &opts.action_words) {
            return Vec::new();
        }
        let Some(lessons) = lessons_section(cx) else {
            return Vec::new();
        };
        vec![lenient(
            cx,
            Diagnostic::new(
                Self::ID,
                lessons.heading_span,
                "the report does not say whether it should be used to train new team members, or what training the team needs",
            )
            .label("no `training` field and no Training section")
            .help(HELP),
        )]
    }
}
