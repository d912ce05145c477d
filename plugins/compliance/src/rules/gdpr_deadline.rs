//! `compliance/gdpr-deadline`: the supervisory authority was notified within
//! 72 hours of awareness, or the reasons for the delay are given.

use pirlint_plugin_sdk::prelude::*;

use crate::{awareness, hours_after, in_scope, notices, of_kind, scope_anchor, Due, PeriodRule, Regime};

rule! {
    /// For a report in the scope of the GDPR (front matter `regulations: [gdpr]`,
    /// or `regulations = ["gdpr"]` in a matching `[[overrides]]` of the policy),
    /// checks that a notification to the supervisory authority (`notifications`
    /// entry with `regime: gdpr`) was made within 72 hours of the moment the
    /// organization became aware of the breach (`aware`; `detected` stands in when
    /// `aware` is missing), or that it gives the reasons for the delay
    /// (`delay-reason`). A notification not yet made is reported only once the 72
    /// hours have passed at the run's "now"; a notification that was not made
    /// because the breach is unlikely to result in a risk records that reason in
    /// `delay-reason` without `at`. The earliest GDPR notification counts (33(4)
    /// allows the information to follow in phases). A report in scope without an
    /// awareness time is reported too: the deadline cannot be checked.
    ///
    /// Start event: awareness of the breach. Source: GDPR Art. 33(1). Times without
    /// a zone are read at their most lenient (any zone from UTC-12 to UTC+14).
    ///
    /// ## Why it matters
    ///
    /// GDPR Art. 33(1): the controller notifies the competent supervisory authority
    /// "without undue delay and, where feasible, not later than 72 hours after
    /// having become aware of it"; a later notification "shall be accompanied by
    /// reasons for the delay". The EDPB Guidelines 9/2022 read "aware" as the
    /// moment the controller is reasonably certain a breach has occurred. The report
    /// is the record a supervisory authority asks for (33(5)).
    ///
    /// ## How to fix
    ///
    /// Record the notification, or the reasons for its delay:
    ///
    /// ```yaml
    /// regulations: [gdpr]
    /// aware: 2026-03-02T09:00:00Z
    /// notifications:
    ///   - regime: gdpr
    ///     kind: notification
    ///     authority: Datatilsynet
    ///     at: 2026-03-05T11:30:00Z
    ///     delay-reason: Forensics confirmed the scope on 5 March; notified the same day.
    /// ```
    ///
    /// ## Options
    ///
    /// - `hours` (integer, default `72`): the deadline.
    /// - `detected-as-aware` (boolean, default `true`): use `detected` when the
    ///   report has no `aware` time (the stricter reading: awareness may come after
    ///   detection, so write `aware` when it did).
    /// - `period-rule` (`"exact"` or `"regulation-1182-71"`, default `"exact"`): how
    ///   the 72 hours are counted. `exact` counts from the moment of awareness, as the
    ///   EDPB guidelines and the supervisory authorities' forms do;
    ///   `regulation-1182-71` applies Regulation (EEC, Euratom) No 1182/71 Art. 3(1):
    ///   the hour in which the event happens is not counted, so the period starts at
    ///   the next full hour.
    ///
    /// ```toml
    /// [rules."compliance/gdpr-deadline"]
    /// period-rule = "regulation-1182-71"
    /// ```
    pub struct GdprDeadline;
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct GdprDeadlineOptions {
    /// Hours from awareness to the notification.
    #[schemars(range(min = 1, max = 8760))]
    pub hours: u32,
    /// Use `detected` when the report has no `aware` time.
    pub detected_as_aware: bool,
    /// How the hours are counted: from the moment of awareness (`exact`), or from the next full hour (`regulation-1182-71`).
    pub period_rule: PeriodRule,
}

impl Default for GdprDeadlineOptions {
    fn default() -> Self {
        GdprDeadlineOptions { hours: 72, detected_as_aware: true, period_rule: PeriodRule::Exact }
    }
}

impl Rule for GdprDeadline {
    const ID: &'static str = "compliance/gdpr-deadline";
    const SUMMARY: &'static str = "GDPR: the supervisory authority was notified within 72 hours of awareness, or the delay explained (Art. 33(1))";
    const DEFAULT_SEVERITY: Severity = Severity::Error;
    type Options = GdprDeadlineOptions;

    fn check(cx: &Context<'_>, opts: &GdprDeadlineOptions) -> Vec<Diagnostic> {
        if !in_scope(cx, Regime::Gdpr) {
            return Vec::new();
        }
        let notices = notices(cx);
        let candidates = of_kind(&notices, Regime::Gdpr, &["notification"]);
        let Some((start, key)) = awareness(cx, opts.detected_as_aware) else {
            // Nothing to measure from; a notification with its reason needs no start.
            if candidates.iter().any(|n| n.reason) {
                return Vec::new();
            }
            return vec![Diagnostic::new(
                Self::ID,
                scope_anchor(cx, Regime::Gdpr),
                "the GDPR applies, but the report does not say when the breach became known (`aware`)",
            )
            .label("GDPR in scope")
            .help("Write `aware: YYYY-MM-DDTHH:MM` with a zone in the front matter: the 72 hours of GDPR Art. 33(1) run from the moment the organization became aware of the breach.")];
        };
        let due = Due {
            rule: Self::ID,
            what: "GDPR notification to the supervisory authority",
            limit: format!("{} hours after awareness (`{key}`)", opts.hours),
            start,
            start_label: format!("`{key}` here"),
            due: hours_after(&start, opts.hours, opts.period_rule),
            source: "GDPR Art. 33(1)",
            entry: "`regime: gdpr`, `kind: notification`",
        };
        crate::deadline(&due, &candidates, cx.run.now_utc_seconds).into_iter().collect()
    }
}
