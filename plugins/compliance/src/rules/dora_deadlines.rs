//! `compliance/dora-deadlines`: initial notification, intermediate and
//! final reports of a major ICT-related incident in time (DORA Art. 19(4),
//! Delegated Regulation (EU) 2025/301).

use pirlint_plugin_sdk::calendar::{self, Holidays};
use pirlint_plugin_sdk::prelude::*;

use crate::{awareness, deadline, hours_after, in_scope, months_after, noon_next_working_day, notices, of_kind, Due, Moment, PeriodRule, Regime};

rule! {
    /// For a report in the scope of DORA (`regulations: [dora]`, or applied by the
    /// policy) whose incident was classified as major (`classified-major`), checks
    /// the time limits of Commission Delegated Regulation (EU) 2025/301 (Art. 5)
    /// for the reports of Regulation (EU) 2022/2554 Art. 19(4), against the
    /// `notifications` with `regime: dora`:
    ///
    /// - **initial** (`kind: initial`): within 4 hours of the classification as
    ///   major, and no later than 24 hours after becoming aware of the incident
    ///   (`aware`, else `detected`); an incident classified as major more than 24
    ///   hours after awareness: within 4 hours of the classification;
    /// - **intermediate** (`kind: intermediate`): within 72 hours of the submission
    ///   of the initial notification;
    /// - **final** (`kind: final`): within one month of the latest intermediate
    ///   report.
    ///
    /// Without `classified-major` the rule is silent: only major incidents are
    /// reported (Art. 19(1)). A deadline still running at the run's "now" is not a
    /// finding; a report made late, or missing after its deadline, is, unless
    /// `delay-reason` gives the reason (the RTS asks a financial entity that cannot
    /// meet a time limit to inform the authority and explain the delay, Art. 5(3)).
    /// Art. 5(4) lets a report whose time limit falls on a weekend day or a bank
    /// holiday be submitted by 12:00 on the next working day; Art. 5(5) excludes
    /// credit institutions, central counterparties, operators of trading venues
    /// and entities identified as essential or important under NIS2 Art. 3. Since
    /// that depends on the entity, Art. 5(4) is applied only when the policy says
    /// it may be (`next-working-day = true`, with the Member State's bank holidays
    /// in `holidays`).
    ///
    /// ## Why it matters
    ///
    /// Regulation (EU) 2022/2554 (DORA) Art. 19(4) and Delegated Regulation (EU)
    /// 2025/301 (<https://eur-lex.europa.eu/eli/reg_del/2025/301/oj>) set the
    /// reporting stages of major ICT-related incidents and their time limits; the
    /// competent authority's supervision depends on them.
    ///
    /// ## How to fix
    ///
    /// Record each report as it is submitted:
    ///
    /// ```yaml
    /// regulations: [dora]
    /// aware: 2026-03-02T08:10:00Z
    /// classified-major: 2026-03-02T10:00:00Z
    /// notifications:
    ///   - {regime: dora, kind: initial, authority: BaFin, at: 2026-03-02T13:30:00Z}
    ///   - {regime: dora, kind: intermediate, authority: BaFin, at: 2026-03-05T09:00:00Z}
    ///   - {regime: dora, kind: final, authority: BaFin, at: 2026-03-31T09:00:00Z, contents: {root-cause: ...}}
    /// ```
    ///
    /// ## Options
    ///
    /// - `initial-hours` (integer, default `4`): from the classification as major.
    /// - `initial-max-hours` (integer, default `24`): from awareness, at the latest.
    /// - `intermediate-hours` (integer, default `72`): from the initial notification.
    /// - `final-months` (integer, default `1`): from the latest intermediate report.
    /// - `detected-as-aware` (boolean, default `true`): use `detected` when the
    ///   report has no `aware` time.
    /// - `next-working-day` (boolean, default `false`): apply Art. 5(4): a time
    ///   limit that falls on a Saturday, a Sunday or a bank holiday (in the zone
    ///   of the time it runs from) is met by 12:00 of the next working day. The
    ///   initial notification's two limits are each moved on their own, and the
    ///   earlier applies. Only for entities Art. 5(5) does not exclude.
    /// - `holidays` (list of `YYYY-MM-DD`, default `[]`): the bank holidays of the
    ///   entity's Member State, for `next-working-day`.
    ///
    /// ```toml
    /// [rules."compliance/dora-deadlines"]
    /// next-working-day = true
    /// holidays = ["2026-04-03", "2026-04-06", "2026-05-01"]
    /// ```
    pub struct DoraDeadlines;
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct DoraDeadlinesOptions {
    /// Hours from the classification as major to the initial notification.
    #[schemars(range(min = 1, max = 8760))]
    pub initial_hours: u32,
    /// Hours from awareness to the initial notification, at the latest.
    #[schemars(range(min = 1, max = 8760))]
    pub initial_max_hours: u32,
    /// Hours from the initial notification to the intermediate report.
    #[schemars(range(min = 1, max = 8760))]
    pub intermediate_hours: u32,
    /// Calendar months from the latest intermediate report to the final report.
    #[schemars(range(min = 1, max = 24))]
    pub final_months: u32,
    /// Use `detected` when the report has no `aware` time.
    pub detected_as_aware: bool,
    /// Apply Art. 5(4): a time limit on a weekend day or bank holiday moves to 12:00 of the next working day.
    pub next_working_day: bool,
    /// Bank holidays of the entity's Member State (YYYY-MM-DD), for `next-working-day`.
    #[schemars(inner(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")))]
    #[serde(deserialize_with = "calendar::deserialize_dates")]
    pub holidays: Vec<String>,
}

impl Default for DoraDeadlinesOptions {
    fn default() -> Self {
        DoraDeadlinesOptions { initial_hours: 4, initial_max_hours: 24, intermediate_hours: 72, final_months: 1, detected_as_aware: true, next_working_day: false, holidays: Vec::new() }
    }
}

impl Rule for DoraDeadlines {
    const ID: &'static str = "compliance/dora-deadlines";
    const SUMMARY: &'static str = "DORA: initial notification within 4 hours of classification (24 after awareness), intermediate within 72 hours of it, final within a month (RTS 2025/301)";
    const DEFAULT_SEVERITY: Severity = Severity::Error;
    type Options = DoraDeadlinesOptions;

    fn check(cx: &Context<'_>, opts: &DoraDeadlinesOptions) -> Vec<Diagnostic> {
        if !in_scope(cx, Regime::Dora) {
            return Vec::new();
        }
        let Some(classified) = cx.report.metadata.classified_major.as_ref().and_then(Moment::of) else {
            return Vec::new();
        };
        let now = cx.run.now_utc_seconds;
        let notices = notices(cx);
        let entry = |kind: &str| format!("`regime: dora`, `kind: {kind}`");
        let mut out = Vec::new();
        let holidays = Holidays::none().with(opts.holidays.iter().filter_map(|d| calendar::date(d)));
        // Art. 5(4), when the policy applies it: the limit and its wording.
        let relieve = |due: i64, limit: String, start: &Moment| -> (i64, String) {
            match noon_next_working_day(due, start, &holidays).filter(|_| opts.next_working_day) {
                Some(moved) => (moved, format!("{limit}, a weekend day or holiday, so by 12:00 of the next working day (Art. 5(4))")),
                None => (due, limit),
            }
        };
        // Initial notification: the earlier of its two limits, each moved
        // by Art. 5(4) on its own (a 4-hour limit on a Sunday night is
        // not moved past a 24-hour limit on Monday morning).
        let (by_classification, classification_limit) = relieve(
            hours_after(&classified, opts.initial_hours, PeriodRule::Exact),
            format!("{} hours after the classification as major", opts.initial_hours),
            &classified,
        );
        let (due, limit, start, start_label) = match awareness(cx, opts.detected_as_aware) {
            Some((aware, key)) => {
                let cap = hours_after(&aware, opts.initial_max_hours, PeriodRule::Exact);
                let (moved_cap, cap_limit) = relieve(cap, format!("{} hours after awareness (`{key}`)", opts.initial_max_hours), &aware);
                if classified.hi <= cap && moved_cap < by_classification {
                    (moved_cap, cap_limit, aware, format!("`{key}` here"))
                } else {
                    (by_classification, classification_limit, classified, "classified as major here".to_string())
                }
            }
            None => (by_classification, classification_limit, classified, "classified as major here".to_string()),
        };
        let initial = of_kind(&notices, Regime::Dora, &["initial"]);
        let d = Due { rule: Self::ID, what: "DORA initial notification", limit, start, start_label, due, source: "Delegated Regulation (EU) 2025/301, Art. 5", entry: &entry("initial") };
        out.extend(deadline(&d, &initial, now));
        // Intermediate report.
        let Some(initial_at) = initial.iter().find_map(|n| n.at) else {
            return out;
        };
        let intermediate = of_kind(&notices, Regime::Dora, &["intermediate"]);
        let (due, limit) = relieve(
            hours_after(&initial_at, opts.intermediate_hours, PeriodRule::Exact),
            format!("{} hours after the initial notification", opts.intermediate_hours),
            &initial_at,
        );
        let d = Due {
            rule: Self::ID,
            what: "DORA intermediate report",
            limit,
            start: initial_at,
            start_label: "initial notification here".into(),
            due,
            source: "Delegated Regulation (EU) 2025/301, Art. 5",
            entry: &entry("intermediate"),
        };
        out.extend(deadline(&d, &intermediate, now));
        // Final report: from the latest intermediate report.
        let Some(latest) = intermediate.iter().filter_map(|n| n.at).max_by_key(|at| at.hi) else {
            return out;
        };
        let Some(final_due) = months_after(&latest, opts.final_months as i32, PeriodRule::Exact, &holidays) else {
            return out;
        };
        let (final_due, limit) = relieve(final_due, format!("{} month(s) after the latest intermediate report", opts.final_months), &latest);
        let finals = of_kind(&notices, Regime::Dora, &["final"]);
        let d = Due {
            rule: Self::ID,
            what: "DORA final report",
            limit,
            start: latest,
            start_label: "latest intermediate report here".into(),
            due: final_due,
            source: "Delegated Regulation (EU) 2025/301, Art. 5",
            entry: &entry("final"),
        };
        out.extend(deadline(&d, &finals, now));
        out
    }
}
