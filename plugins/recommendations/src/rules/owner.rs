//! `recommendations/owner`.

use pirlint_plugin_sdk::prelude::*;

use crate::*;

const ID: &str = "recommendations/owner";

rule! {
    /// Checks that every action item has an owner: a person or a team (a team name
    /// is an owner). The parser reads it from an `Owner`/`Assignee`/`Responsible`/
    /// `Who`/`Team` column, or inline: `Owner: Payments team`, `assigned to Jane`,
    /// `@handle`.
    ///
    /// When **no** item has an owner, one finding is reported on the section heading
    /// with the number of items; otherwise each item without one. A placeholder
    /// owner (`TBD`) is left to `structure/placeholder`.
    ///
    /// ## Why it matters
    ///
    /// "Missing ownership" is one of the postmortem failure modes the Google SRE
    /// workbook (ch. 10) names: an action nobody owns is not done. Its example
    /// postmortem, and PagerDuty's guide, give every follow-up one owner.
    ///
    /// ## How to fix
    ///
    /// Name a person or a team for each item, in an `Owner` column or inline:
    ///
    /// ```markdown
    /// - [P2] Add a runbook for failing over the orders database (owner: DB team, due 2026-05-15)
    /// ```
    ///
    /// ## Options
    ///
    /// None.
    pub struct Owner;
}

impl Rule for Owner {
    const ID: &'static str = ID;
    const SUMMARY: &'static str = "Every action item has an owner (a person or a team)";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    type Options = NoOptions;

    fn check(cx: &Context<'_>, _: &NoOptions) -> Vec<Diagnostic> {
        owner(&Ctx::new(cx))
    }
}

const OWNER_HELP: &str = "An action item nobody owns does not get done: Google's SRE \
    workbook (ch. 10) lists \"missing ownership\" among the failure modes of postmortems, and \
    the PagerDuty guide gives every follow-up an owner. Name one person or team per item, in \
    an `Owner` column or inline (`Owner: Payments team`, `@alice`).";

fn owner(r: &Ctx<'_>) -> Vec<Diagnostic> {
    missing(r, ID, "an owner", OWNER_HELP, |x| x.owner.is_some())
}
