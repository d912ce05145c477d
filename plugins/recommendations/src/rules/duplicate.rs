//! `recommendations/duplicate`.

use pirlint_plugin_sdk::prelude::*;

use crate::*;

const ID: &str = "recommendations/duplicate";

rule! {
    /// Flags an action item that repeats an earlier one. Actions are compared after
    /// normalization: case, punctuation and whitespace are ignored, as are the
    /// articles a/an/the and the inline owner, due date, priority and ticket values;
    /// a leading "set up", "implement", "create", "introduce", "build" or
    /// "establish" counts as "add". Verbs with different meanings (add/remove) are
    /// never merged. The primary label is on the second item, the secondary on the
    /// first.
    ///
    /// ## Why it matters
    ///
    /// Two entries for one action split its owner, status and ticket, and make the
    /// plan look bigger than it is (Google SRE workbook, ch. 10: one tracking bug per
    /// action).
    ///
    /// ## How to fix
    ///
    /// Keep one copy of the item and merge what the copies add (an owner, a
    /// ticket) into it:
    ///
    /// ```markdown
    /// - [P1] Rotate the leaked deploy key (owner: Ana Silva, due 2026-03-20, SEC-88)
    /// ```
    ///
    /// ## Options
    ///
    /// None.
    pub struct Duplicate;
}

impl Rule for Duplicate {
    const ID: &'static str = ID;
    const SUMMARY: &'static str = "The same action item listed twice";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    type Options = NoOptions;

    fn check(cx: &Context<'_>, _: &NoOptions) -> Vec<Diagnostic> {
        duplicates(&Ctx::new(cx))
    }
}

fn duplicates(r: &Ctx<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let keys: Vec<String> = r.actions().0.iter().map(|a| normalize_action(a)).collect();
    for i in 0..r.recs.len() {
        if keys[i].is_empty() {
            continue;
        }
        if let Some(j) = (0..i).find(|&j| keys[j] == keys[i]) {
            out.push(
                Diagnostic::new(
                    ID,
                    r.recs[i].text.span,
                    format!(
                        "action item listed twice: \"{}\"",
                        short(r.cx.text(&r.recs[i].text))
                    ),
                )
                .label("same action as above")
                .secondary(r.recs[j].text.span, "first listed here")
                .help(
                    "Two entries for one action split its owner, status and ticket, and make \
                     the list look longer than the work. Merge them into one item; if they are \
                     different actions, say how they differ.",
                ),
            );
        }
    }
    out
}
