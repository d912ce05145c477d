//! `recommendations/priority`.

use pirlint_plugin_sdk::prelude::*;

use crate::*;

const ID: &str = "recommendations/priority";

rule! {
    /// Checks that every action item has a priority, and that the priority is on the
    /// configured scale (compared case-insensitively; `P1 (urgent)` and `[high]` are
    /// read by their first word).
    ///
    /// The parser reads priorities from a `Priority`/`Prio` column, or inline: `P0`
    /// to `P4`, `(high)`/`[critical]`, `Priority: P2`.
    ///
    /// When **no** item has a priority (typically a table without a Priority column,
    /// or a plain list), one finding is reported on the section heading with the
    /// number of items, not one per item. Otherwise each item without a priority is
    /// reported. A placeholder (`TBD`) is left to `structure/placeholder`.
    ///
    /// ## Why it matters
    ///
    /// Priorities say which action to do first and let reviewers check the plan
    /// against the incident: the Google SRE book (ch. 15) asks whether the action
    /// items are "at the right priority"; the SRE workbook's example postmortem gives
    /// each action item a priority; PagerDuty's guide files follow-ups as tickets
    /// with a priority.
    ///
    /// ## How to fix
    ///
    /// Give every item a priority from the scale, in a `Priority` column or
    /// inline:
    ///
    /// ```markdown
    /// - [P1] Block legacy authentication on the VPN gateway (owner: NetOps, due 2026-04-01)
    /// ```
    ///
    /// ## Options
    ///
    /// - `scale` (list of strings, default `["P0", "P1", "P2", "P3"]`): the allowed
    ///   priorities, most urgent first. The order is also what
    ///   `recommendations/ordered` checks.
    ///
    /// ```toml
    /// [rules."recommendations/priority"]
    /// scale = ["high", "medium", "low"]
    /// ```
    pub struct Priority;
}

impl Rule for Priority {
    const ID: &'static str = ID;
    const SUMMARY: &'static str = "Every action item has a priority from the configured scale";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    type Options = ScaleOptions;

    fn check(cx: &Context<'_>, opts: &ScaleOptions) -> Vec<Diagnostic> {
        priority(&Ctx::new(cx), opts)
    }
}

const PRIORITY_HELP: &str = "Priorities tell the teams which action to do first and let \
    reviewers check that the action plan matches the incident (Google SRE book, ch. 15: \"are \
    bugs at the right priority?\"; PagerDuty postmortem guide: follow-up actions carry a \
    priority). Give every item one from the scale, in a `Priority` column or inline (`P1`, \
    `[high]`, `Priority: P2`).";

fn priority(r: &Ctx<'_>, opts: &ScaleOptions) -> Vec<Diagnostic> {
    let mut out = missing(r, ID, "a priority", PRIORITY_HELP, |x| {
        x.priority.is_some()
    });
    let scale = opts.scale.join(", ");
    for x in r.recs {
        let Some(p) = &x.priority else { continue };
        if is_placeholder(r.cx.text(p)) || opts.rank(r.cx.text(p)).is_some() {
            continue;
        }
        out.push(
            Diagnostic::new(
                ID,
                p.span,
                format!("priority `{}` is not on the scale {scale}", r.cx.text(p).trim()),
            )
            .label("not on the scale")
            .help(format!(
                "Use one priority scale across reports so that actions can be compared and \
                 tracked. Write one of {scale}, or set the rule's `scale` option to your \
                 team's scale (for example `scale = [\"high\", \"medium\", \"low\"]`)."
            )),
        );
    }
    out
}
