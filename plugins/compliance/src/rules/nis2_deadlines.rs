//! `compliance/nis2-deadlines`: early warning within 24 hours, incident
//! notification within 72 hours, final report within a month (NIS2 Art.
//! 23(4)).

use pirlint_plugin_sdk::calendar::{self, Holidays};
use pirlint_plugin_sdk::prelude::*;

use crate::{awareness, deadline, hours_after, in_scope, months_after, notices, of_kind, scope_anchor, Due, Moment, PeriodRule, Regime};

rule! {
    /// For a report in the scope of NIS2 (`regulations: [nis2]`, or applied by the
    /// policy), checks the reporting stages of Directive (EU) 2022/2555 Art. 23(4)
    /// against the report's `notifications` (`regime: nis2`):
    ///
    /// - an **early warning** (`kind: early-warning`) within 24 hours of becoming
    ///   aware of the significant incident (23(4)(a)); an incident notification made
    ///   within those 24 hours counts as the early warning too (pirlint's reading:
    ///   23(4)(b) has the notification update the early warning, so it carries
    ///   what the early warning would);
    /// - an **incident notification** (`kind: incident-notification`) within 72 hours
    ///   of becoming aware (23(4)(b));
    /// - a **final report** (`kind: final-report`) not later than one month after the
    ///   submission of the incident notification (23(4)(d)); when the incident is
    ///   still ongoing then (no `resolved` or `recovered` time by that date), a
    ///   **progress report** (`kind: progress-report`) at that time instead, and the
    ///   final report within one month of the incident's handling (`resolved`, else
    ///   `recovered`) (23(4)(e)).
    ///
    /// Start events: awareness (`aware`, else `detected`), the incident
    /// notification's `at`, the handling (`resolved`/`recovered`). A deadline still
    /// running at the run's "now" is not a finding; a stage made late, or missing
    /// after its deadline, is, unless `delay-reason` gives the reason. "One month"
    /// is a calendar month (31 January + 1 month = 28 February).
    ///
    /// ## Why it matters
    ///
    /// NIS2 Art. 23(4) (<https://eur-lex.europa.eu/eli/dir/2022/2555/oj>) sets the
    /// stages and their time limits; the CSIRT or competent authority relies on
    /// the early warning to help contain cross-border effects. Member States
    /// sanction missed notifications (Art. 34).
    ///
    /// ## How to fix
    ///
    /// Record each stage as it is made:
    ///
    /// ```yaml
    /// regulations: [nis2]
    /// aware: 2026-03-02T09:00:00+01:00
    /// notifications:
    ///   - {regime: nis2, kind: early-warning, authority: CERT-Bund, at: 2026-03-02T18:00:00+01:00}
    ///   - {regime: nis2, kind: incident-notification, authority: CERT-Bund, at: 2026-03-04T17:00:00+01:00}
    ///   - {regime: nis2, kind: final-report, authority: CERT-Bund, at: 2026-03-30T12:00:00+02:00}
    /// ```
    ///
    /// ## Options
    ///
    /// - `early-warning-hours` (integer, default `24`), `notification-hours`
    ///   (integer, default `72`), `final-report-months` (integer, default `1`).
    /// - `detected-as-aware` (boolean, default `true`): use `detected` when the
    ///   report has no `aware` time.
    /// - `period-rule` (`"exact"` or `"regulation-1182-71"`, default `"exact"`):
    ///   count from the moment of the event, or, as Regulation (EEC, Euratom) No
    ///   1182/71 Art. 3 does, from the next full hour (periods in hours) and to the
    ///   end of the last day (periods in months); a month that ends on a Saturday,
    ///   a Sunday or a public holiday ends with the next working day (Art. 3(4)).
    ///   National transpositions may state either.
    /// - `holidays` (list of `YYYY-MM-DD`, default `[]`): the public holidays of
    ///   the Member State, for Art. 3(4) under `regulation-1182-71` (periods in
    ///   hours are not moved).
    ///
    /// ```toml
    /// [rules."compliance/nis2-deadlines"]
    /// period-rule = "regulation-1182-71"
    /// holidays = ["2026-04-03", "2026-04-06", "2026-05-01"]
    /// ```
    pub struct Nis2Deadlines;
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Nis2DeadlinesOptions {
    /// Hours from awareness to the early warning.
    #[schemars(range(min = 1, max = 8760))]
    pub early_warning_hours: u32,
    /// Hours from awareness to the incident notification.
    #[schemars(range(min = 1, max = 8760))]
    pub notification_hours: u32,
    /// Calendar months from the incident notification (or the handling of an ongoing incident) to the final report.
    #[schemars(range(min = 1, max = 24))]
    pub final_report_months: u32,
    /// Use `detected` when the report has no `aware` time.
    pub detected_as_aware: bool,
    /// How periods are counted: from the moment of the event (`exact`), or as Regulation 1182/71 does (`regulation-1182-71`).
    pub period_rule: PeriodRule,
    /// Public holidays of the Member State (YYYY-MM-DD), for Regulation 1182/71 Art. 3(4).
    #[schemars(inner(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")))]
    #[serde(deserialize_with = "calendar::deserialize_dates")]
    pub holidays: Vec<String>,
}

impl Default for Nis2DeadlinesOptions {
    fn default() -> Self {
        Nis2DeadlinesOptions {
            early_warning_hours: 24,
            notification_hours: 72,
            final_report_months: 1,
            detected_as_aware: true,
            period_rule: PeriodRule::Exact,
            holidays: Vec::new(),
        }
    }
}

impl Rule for Nis2Deadlines {
    const ID: &'static str = "compliance/nis2-deadlines";
    const SUMMARY: &'static str = "NIS2: early warning in 24 hours, incident notification in 72 hours, final report within a month (Art. 23(4))";
    const DEFAULT_SEVERITY: Severity = Severity::Error;
    type Options = Nis2DeadlinesOptions;

    fn check(cx: &Context<'_>, opts: &Nis2DeadlinesOptions) -> Vec<Diagnostic> {
        if !in_scope(cx, Regime::Nis2) {
            return Vec::new();
        }
        let now = cx.run.now_utc_seconds;
        let notices = notices(cx);
        let early = of_kind(&notices, Regime::Nis2, &["early-warning"]);
        let notification = of_kind(&notices, Regime::Nis2, &["incident-notification"]);
        let Some((start, key)) = awareness(cx, opts.detected_as_aware) else {
            if early.iter().chain(&notification).any(|n| n.reason) {
                return Vec::new();
            }
            return vec![Diagnostic::new(
                Self::ID,
                scope_anchor(cx, Regime::Nis2),
                "NIS2 applies, but the report does not say when the incident became known (`aware`)",
            )
            .label("NIS2 in scope")
            .help("Write `aware: YYYY-MM-DDTHH:MM` with a zone in the front matter: the early warning (24 hours) and the incident notification (72 hours) of NIS2 Art. 23(4) run from it.")];
        };
        let mut out = Vec::new();
        let entry = |kind: &str| format!("`regime: nis2`, `kind: {kind}`");
        // (a) Early warning; an incident notification in time doubles as one.
        let early_due = hours_after(&start, opts.early_warning_hours, opts.period_rule);
        let notification_in_time = notification.iter().any(|n| n.at.is_some_and(|at| at.lo <= early_due));
        if early.is_empty() && notification_in_time {
        } else {
            let due = Due {
                rule: Self::ID,
                what: "NIS2 early warning",
                limit: format!("{} hours after awareness (`{key}`)", opts.early_warning_hours),
                start,
                start_label: format!("`{key}` here"),
                due: early_due,
                source: "NIS2 Art. 23(4)(a)",
                entry: &entry("early-warning"),
            };
            out.extend(deadline(&due, &early, now));
        }
        // (b) Incident notification.
        let due = Due {
            rule: Self::ID,
            what: "NIS2 incident notification",
            limit: format!("{} hours after awareness (`{key}`)", opts.notification_hours),
            start,
            start_label: format!("`{key}` here"),
            due: hours_after(&start, opts.notification_hours, opts.period_rule),
            source: "NIS2 Art. 23(4)(b)",
            entry: &entry("incident-notification"),
        };
        out.extend(deadline(&due, &notification, now));
        // (d)/(e) Final report, or a progress report while ongoing.
        let Some(submitted) = notification.iter().find_map(|n| n.at) else {
            return out;
        };
        let months = opts.final_report_months as i32;
        let holidays = Holidays::none().with(opts.holidays.iter().filter_map(|d| calendar::date(d)));
        let Some(final_due) = months_after(&submitted, months, opts.period_rule, &holidays) else {
            return out;
        };
        let md = &cx.report.metadata;
        let handled: Option<Moment> = md.resolved.as_ref().or(md.recovered.as_ref()).and_then(Moment::of);
        let finals = of_kind(&notices, Regime::Nis2, &["final-report"]);
        let final_in_time = finals.iter().any(|n| n.at.is_some_and(|at| at.lo <= final_due));
        let ongoing = handled.is_none_or(|h| h.lo > final_due);
        if ongoing && !final_in_time {
            let progress = of_kind(&notices, Regime::Nis2, &["progress-report", "final-report"]);
            let due = Due {
                rule: Self::ID,
                what: "NIS2 progress report (the incident was ongoing when the final report was due)",
                limit: format!("{months} month(s) after the incident notification"),
                start: submitted,
                start_label: "incident notification made here".into(),
                due: final_due,
                source: "NIS2 Art. 23(4)(e)",
                entry: &entry("progress-report"),
            };
            out.extend(deadline(&due, &progress, now));
            if let Some(handled) = handled {
                if let Some(due_after) = months_after(&handled, months, opts.period_rule, &holidays) {
                    let due = Due {
                        rule: Self::ID,
                        what: "NIS2 final report",
                        limit: format!("{months} month(s) after the incident was handled"),
                        start: handled,
                        start_label: "handled here".into(),
                        due: due_after,
                        source: "NIS2 Art. 23(4)(e)",
                        entry: &entry("final-report"),
                    };
                    out.extend(deadline(&due, &finals, now));
                }
            }
        } else {
            let due = Due {
                rule: Self::ID,
                what: "NIS2 final report",
                limit: format!("{months} month(s) after the incident notification"),
                start: submitted,
                start_label: "incident notification made here".into(),
                due: final_due,
                source: "NIS2 Art. 23(4)(d)",
                entry: &entry("final-report"),
            };
            out.extend(deadline(&due, &finals, now));
        }
        out
    }
}
