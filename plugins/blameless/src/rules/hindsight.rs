//! `blameless/hindsight`.

use pirlint_plugin_sdk::prelude::*;

rule! {
    /// Finds counterfactuals and hindsight judgements about what people did:
    ///
    /// - `should have` / `shouldn't have` / `should've` + a past participle
    ///   ("should have checked", "should have been caught"), unless its subject is a
    ///   machine ("the alert should have fired");
    /// - `could have` + participle when its subject is a person ("Keiko could have
    ///   rolled back"), and always `could have easily/simply/just`; not outcomes
    ///   ("could have been worse", "an incident manager could have helped");
    /// - `would have been obvious/clear/easy/...`, and "<person> would have
    ///   noticed/known/seen/caught";
    /// - `failed to` + verb when the subject is a person, a team or a pronoun ("the
    ///   on-call engineer failed to notice", "we failed to verify"); when the
    ///   subject is a machine or system it is a description, not a judgement ("the
    ///   deploy failed to roll back", "traffic failed to reach the cluster"); with no
    ///   recognizable subject ("Failed to notice ...") it is flagged only for verbs
    ///   that describe a person's act (notice, follow, check, verify, ask, escalate,
    ///   ...);
    /// - `obviously`; `simply` before an omission ("simply forgot", "simply had to")
    ///   or after a modal ("could simply"); `clearly should`; `just had to`,
    ///   `all they had to do`; `if only`.
    ///
    /// The subject is the nearest content word before the phrase in the same clause
    /// (articles, possessives and `-ly` adverbs skipped): a pronoun, a role (engineer,
    /// team, on-call, operator, ...) or a person of the report is a person; a system
    /// word (deploy, job, alert, service, pipeline, traffic, an acronym, ...) is a
    /// machine.
    ///
    /// Recommendation sections (and recommendation items of structured reports) are
    /// not scanned: "we should add an alert" there is a proposal, not hindsight.
    /// Code, block quotes, HTML and text in double quotes or backticks are not
    /// scanned either.
    ///
    /// Default severity is `warning`: on the 24 real postmortems of the dfds corpus
    /// the rule finds only genuine counterfactuals, so a report carrying one is
    /// worth a second look, but unlike blame labels the phrases are sometimes the
    /// plain way to state a lesson, so they do not fail a report.
    ///
    /// ## Why it matters
    ///
    /// Counterfactuals describe what did not happen, judged with knowledge nobody
    /// had at the time (hindsight bias). They end the inquiry at "someone should
    /// have" instead of explaining why the action made sense then (Etsy Debriefing
    /// Facilitation Guide: "someone did not do something they should have,
    /// according to someone else"; PagerDuty: do not evaluate what should or should
    /// not have been done in the timeline; Google SRE blameless postmortem culture).
    ///
    /// ## How to fix
    ///
    /// Describe what people saw and did and what made it reasonable at the time;
    /// put what should change in the recommendations. Unsafe fixes: "failed to" →
    /// "did not" (not after "had"/"has"), and "obviously" is removed mid-sentence.
    ///
    /// ```markdown
    /// <!-- before -->
    /// The on-call engineer should have noticed the disk filling up.
    /// <!-- after -->
    /// The disk alert fired only at 99 %, after the writes had failed; nothing paged earlier.
    /// ```
    ///
    /// ## Options
    ///
    /// - `extend` (list of phrases, default `[]`): more phrases to flag.
    /// - `allow` (list of phrases, default `[]`): phrases never to flag; an entry
    ///   matches the family ("should have", "failed to", "obviously") or a prefix
    ///   of the words found ("failed to notice").
    pub struct Hindsight;
}

impl Rule for Hindsight {
    const ID: &'static str = "blameless/hindsight";
    const SUMMARY: &'static str = "Counterfactuals and hindsight (\"should have\", \"failed to\", \"obviously\") about people's actions";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    const FIXABLE: bool = true;
    type Options = crate::PhraseOptions;

    /// The findings come from the plugin's one scan of the prose
    /// (`crate::scan`), which all three rules share.
    fn check(cx: &Context<'_>, _: &crate::PhraseOptions) -> Vec<Diagnostic> {
        crate::scan(cx).hindsight.clone()
    }
}
