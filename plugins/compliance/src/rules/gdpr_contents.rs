//! `compliance/gdpr-contents`: the GDPR notification records what Art. 33(3)
//! asks for.

use pirlint_plugin_sdk::prelude::*;

use crate::{and_list, in_scope, missing_items, notices, of_kind, Regime};

/// Art. 33(3), item by item: the name used in messages, and the content
/// keys (squashed) that answer it, any one alternative sufficing.
pub const GDPR_ITEMS: &[(&str, &[&[&str]])] = &[
    ("nature (a)", &[&["nature"], &["description"]]),
    (
        "data-subjects: categories and approximate number (a)",
        &[&["datasubjectscategories", "datasubjectsapproximatenumber"], &["datasubjects"]],
    ),
    (
        "records: categories and approximate number (a)",
        &[&["recordscategories", "recordsapproximatenumber"], &["records"]],
    ),
    ("contact (b)", &[&["contact"], &["contactpoint"], &["dpo"]]),
    ("consequences (c)", &[&["consequences"], &["likelyconsequences"]]),
    ("measures (d)", &[&["measures"], &["measurestaken"]]),
];

rule! {
    /// For a report in the scope of the GDPR, checks that the notifications to the
    /// supervisory authority that were made (`notifications` entries with
    /// `regime: gdpr` and an `at`) record, between them, each item of Art. 33(3)
    /// under `contents`:
    ///
    /// - `nature`: the nature of the breach (a);
    /// - `data-subjects`: the categories and approximate number of data subjects
    ///   concerned, as `categories` and `approximate-number` (a);
    /// - `records`: the categories and approximate number of personal data records
    ///   concerned, likewise (a);
    /// - `contact`: the name and contact details of the data protection officer or
    ///   another contact point (b);
    /// - `consequences`: the likely consequences of the breach (c);
    /// - `measures`: the measures taken or proposed to address the breach and
    ///   mitigate its possible adverse effects (d).
    ///
    /// Items may be spread over several notifications (33(4): "the information may
    /// be provided in phases"). A value such as "unknown" is an answer ("where
    /// possible"); an empty value or `TBD` is not. Silent when no GDPR notification
    /// has been made yet (`compliance/gdpr-deadline` covers that). Reads the
    /// structured `contents` only, never the prose.
    ///
    /// ## Why it matters
    ///
    /// GDPR Art. 33(3)(a)–(d) lists what the notification "shall at least"
    /// describe; a supervisory authority that has to ask again loses the time the
    /// 72 hours were meant to win. Keeping the items in the report makes the
    /// notification auditable (33(5)).
    ///
    /// ## How to fix
    ///
    /// Record what the notification said:
    ///
    /// ```yaml
    /// notifications:
    ///   - regime: gdpr
    ///     at: 2026-03-04T10:00:00Z
    ///     contents:
    ///       nature: Unauthorized access to the support ticket database
    ///       data-subjects: {categories: customers, approximate-number: 1240}
    ///       records: {categories: names and e-mail addresses, approximate-number: 1240}
    ///       contact: dpo@example.com
    ///       consequences: Phishing aimed at the customers concerned
    ///       measures: Credentials rotated; customers informed on 5 March
    /// ```
    ///
    /// ## Options
    ///
    /// None.
    pub struct GdprContents;
}

impl Rule for GdprContents {
    const ID: &'static str = "compliance/gdpr-contents";
    const SUMMARY: &'static str = "GDPR: the notification records nature, data subjects, records, contact, consequences and measures (Art. 33(3))";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    type Options = NoOptions;

    fn check(cx: &Context<'_>, _: &NoOptions) -> Vec<Diagnostic> {
        if !in_scope(cx, Regime::Gdpr) {
            return Vec::new();
        }
        let notices = notices(cx);
        let made: Vec<_> = of_kind(&notices, Regime::Gdpr, &["notification"]).into_iter().filter(|n| n.at.is_some()).collect();
        let Some(first) = made.first() else {
            return Vec::new();
        };
        let missing = missing_items(&made, GDPR_ITEMS);
        if missing.is_empty() {
            return Vec::new();
        }
        vec![Diagnostic::new(
            Self::ID,
            first.span,
            format!("the GDPR notification does not record {} (Art. 33(3))", and_list(&missing)),
        )
        .label("GDPR notification")
        .help("Add the missing items under this notification's `contents` (or a later GDPR notification's: 33(4) allows phases): nature, data-subjects {categories, approximate-number}, records {categories, approximate-number}, contact, consequences, measures. Write \"unknown\" where a number cannot be known yet.")]
    }
}
