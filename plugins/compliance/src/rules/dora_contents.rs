//! `compliance/dora-contents`: the DORA final report records the root
//! cause.

use pirlint_plugin_sdk::prelude::*;

use crate::{in_scope, missing_items, notices, of_kind, Regime};

rule! {
    /// For a report in the scope of DORA, checks that a final report that was made
    /// (`notifications` entry with `regime: dora`, `kind: final` and an `at`)
    /// records the root cause of the incident under `contents` (`root-cause`), as
    /// the content of the final report in Delegated Regulation (EU) 2025/301 (Art.
    /// 4) requires, beside the fields the authority's template asks for. Reads the
    /// structured `contents` only.
    ///
    /// ## Why it matters
    ///
    /// The final report closes the incident for the competent authority: Regulation
    /// (EU) 2022/2554 Art. 19(4)(c) asks for it "when the root cause analysis has
    /// been completed", and Delegated Regulation (EU) 2025/301
    /// (<https://eur-lex.europa.eu/eli/reg_del/2025/301/oj>) lists the root causes
    /// among its contents.
    ///
    /// ## How to fix
    ///
    /// ```yaml
    /// notifications:
    ///   - regime: dora
    ///     kind: final
    ///     at: 2026-03-31T09:00:00Z
    ///     contents:
    ///       root-cause: An expired certificate on the payment gateway's load balancer
    /// ```
    ///
    /// ## Options
    ///
    /// None.
    pub struct DoraContents;
}

impl Rule for DoraContents {
    const ID: &'static str = "compliance/dora-contents";
    const SUMMARY: &'static str = "DORA: the final report records the root cause (RTS 2025/301)";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    type Options = NoOptions;

    fn check(cx: &Context<'_>, _: &NoOptions) -> Vec<Diagnostic> {
        if !in_scope(cx, Regime::Dora) {
            return Vec::new();
        }
        let notices = notices(cx);
        let made: Vec<_> = of_kind(&notices, Regime::Dora, &["final"]).into_iter().filter(|n| n.at.is_some()).collect();
        let Some(first) = made.first() else {
            return Vec::new();
        };
        if missing_items(&made, &[("root-cause", &[&["rootcause"], &["rootcauses"]])]).is_empty() {
            return Vec::new();
        }
        vec![Diagnostic::new(Self::ID, first.span, "the DORA final report does not record the root cause")
            .label("DORA final report")
            .help("Add `root-cause` under this entry's `contents`: DORA Art. 19(4)(c) makes the final report follow the root cause analysis.")]
    }
}
