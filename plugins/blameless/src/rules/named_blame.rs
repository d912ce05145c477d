//! `blameless/named-blame`.

use pirlint_plugin_sdk::prelude::*;

rule! {
    /// Finds a person of the report named in the same clause as blame or hindsight
    /// language: "Dave should have checked the diff", "It's Dave's fault",
    /// "Keiko could have rolled back", "because Dave didn't ask for a review". The
    /// primary label is on the name, the secondary on the phrase. A finding of this
    /// rule replaces the `blame-language` or `hindsight` finding on the same phrase.
    ///
    /// People are taken from the report: `authors`, the meeting's moderator, scribe,
    /// attendees and excused, timeline `actor` fields, and two capitalized words
    /// that start a timeline entry or a clause in one ("Keiko Tanaka takes
    /// command"), plus the `names` option. Full names match anywhere; the first or
    /// last name of a front-matter person matches alone too (except names that are
    /// also common words, such as May or Will). The name must come before the phrase
    /// in the same clause (not separated by `; : ( )`, a conjunction or a reporting
    /// verb such as "said"), be the possessor ("Dave's fault") or follow "fault of"
    /// / "blamed on".
    ///
    /// Without people data (no front matter, no actors) the rule cannot recognize
    /// names; the phrases are then reported by the two other rules.
    ///
    /// Default severity is `error`: naming and blaming a person makes a report unfit
    /// to share, and the rule found nothing in the 24 real postmortems of the dfds
    /// corpus. Drafts get no leniency: language is cheapest to fix while drafting,
    /// and drafts are already read by reviewers.
    ///
    /// ## Why it matters
    ///
    /// "Counterproductive finger pointing" is one of the failure modes the Google
    /// SRE Workbook (ch. 10) lists for bad postmortems; PagerDuty's guide warns
    /// against naming and shaming. A report that names someone next to blame becomes
    /// about that person, and the next person to make a mistake will hide it.
    ///
    /// ## How to fix
    ///
    /// Name the role and the situation instead of the person ("the engineer pushing
    /// the change had no diff view"), and say what in the system let the mistake
    /// through. The unsafe fix of the underlying phrase, if any, is offered too.
    ///
    /// ```markdown
    /// <!-- before -->
    /// Wei failed to check the diff before deploying.
    /// <!-- after -->
    /// The deploy tool showed no diff, so the engineer deploying could not see the change.
    /// ```
    ///
    /// ## Options
    ///
    /// - `names` (list of strings, default `[]`): more people to recognize (e.g. the
    ///   team roster), written as in the report ("Dave Mitchell").
    pub struct NamedBlame;
}

#[derive(Deserialize, Serialize, JsonSchema, Default)]
#[serde(default, deny_unknown_fields)]
pub struct NamedOptions {
    /// More people to recognize, as written in reports.
    #[schemars(inner(length(min = 1)))]
    pub names: Vec<String>,
}

impl Rule for NamedBlame {
    const ID: &'static str = "blameless/named-blame";
    const SUMMARY: &'static str = "A person of the report named in the same sentence as blame or hindsight language";
    const DEFAULT_SEVERITY: Severity = Severity::Error;
    const FIXABLE: bool = true;
    type Options = NamedOptions;

    /// The findings come from the plugin's one scan of the prose
    /// (`crate::scan`), which all three rules share.
    fn check(cx: &Context<'_>, _: &NamedOptions) -> Vec<Diagnostic> {
        crate::scan(cx).named.clone()
    }
}
