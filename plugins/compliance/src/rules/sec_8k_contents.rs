//! `compliance/sec-8k-contents`: the Item 1.05 filing describes the nature,
//! scope and timing of the incident and its material impact.

use pirlint_plugin_sdk::prelude::*;

use crate::{and_list, in_scope, missing_items, notices, of_kind, Regime};

rule! {
    /// For a report in the scope of the SEC's cybersecurity incident disclosure,
    /// checks that the Form 8-K filings made (`notifications` entries with `regime:
    /// sec-8k`, kind `8-k` or `8-k/a`, and an `at`) record between them, under
    /// `contents`, what Item 1.05(a) requires: the material aspects of the `nature`,
    /// `scope` and `timing` of the incident, and its material `impact` or reasonably
    /// likely material impact on the registrant (financial condition, results of
    /// operations). Information not determined or unavailable at filing may follow
    /// in an 8-K/A (Instruction 2), so amendments count. Reads the structured
    /// `contents` only.
    ///
    /// ## Why it matters
    ///
    /// Form 8-K Item 1.05(a) (<https://www.sec.gov/files/rules/final/2023/33-11216.pdf>)
    /// defines the disclosure; an incident report that keeps what was filed lets
    /// counsel and auditors check it against what the investigation found.
    ///
    /// ## How to fix
    ///
    /// ```yaml
    /// notifications:
    ///   - regime: sec-8k
    ///     kind: 8-k
    ///     at: 2026-07-09
    ///     contents:
    ///       nature: Ransomware encrypted the order management systems
    ///       scope: Two of five distribution centers; no customer data exfiltrated
    ///       timing: Detected 2026-06-29, contained 2026-07-01
    ///       impact: Shipments delayed for a week; expected to be material to Q3 revenue
    /// ```
    ///
    /// ## Options
    ///
    /// None.
    pub struct Sec8kContents;
}

impl Rule for Sec8kContents {
    const ID: &'static str = "compliance/sec-8k-contents";
    const SUMMARY: &'static str = "SEC: the Form 8-K describes the incident's nature, scope, timing and material impact (Item 1.05(a))";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    type Options = NoOptions;

    fn check(cx: &Context<'_>, _: &NoOptions) -> Vec<Diagnostic> {
        if !in_scope(cx, Regime::Sec8k) {
            return Vec::new();
        }
        let notices = notices(cx);
        let made: Vec<_> = of_kind(&notices, Regime::Sec8k, &["8-k", "8-k/a"]).into_iter().filter(|n| n.at.is_some()).collect();
        let Some(first) = made.first() else {
            return Vec::new();
        };
        let missing = missing_items(
            &made,
            &[
                ("nature", &[&["nature"]]),
                ("scope", &[&["scope"]]),
                ("timing", &[&["timing"]]),
                ("impact (material or reasonably likely material)", &[&["impact"], &["materialimpact"]]),
            ],
        );
        if missing.is_empty() {
            return Vec::new();
        }
        vec![Diagnostic::new(Self::ID, first.span, format!("the Form 8-K does not record the incident's {} (Item 1.05(a))", and_list(&missing)))
            .label("Form 8-K filing")
            .help("Add the missing items under this filing's `contents` (nature, scope, timing, impact); what was not known at filing goes in a later `kind: 8-k/a` entry (Item 1.05, Instruction 2).")]
    }
}
