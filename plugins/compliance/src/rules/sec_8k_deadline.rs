//! `compliance/sec-8k-deadline`: Form 8-K Item 1.05 filed within four
//! business days of the materiality determination.

use pirlint_plugin_sdk::calendar::{self, Holidays};
use pirlint_plugin_sdk::prelude::*;

use crate::{in_scope, notices, of_kind, scope_anchor, Moment, Regime};

rule! {
    /// For a report in the scope of the SEC's cybersecurity incident disclosure
    /// (`regulations: [sec-8k]`, or applied by the policy), checks that the Form
    /// 8-K under Item 1.05 (`notifications` entry with `regime: sec-8k`, `kind:
    /// 8-k`) was filed within four business days after the registrant determined
    /// the incident to be material (`materiality-determined`). Business days are
    /// Monday to Friday except US federal holidays (the Commission is closed on
    /// Saturdays, Sundays and federal holidays: Exchange Act Rule 0-2, 17 CFR
    /// 240.0-2; Regulation S-T, 17 CFR 232.11); the built-in table lists them as observed for 2020–2030
    /// (`pirlint_plugin_sdk::calendar`), and `holidays` adds more (other years,
    /// one-off closures such as the national day of mourning of 2025-01-09).
    ///
    /// Days are counted on the dates as written: the day after the determination
    /// is the first day, and the filing is in time on the fourth business day.
    /// Write both times in the same zone (EDGAR's is Eastern Time; a filing begun
    /// after 5:30 p.m. Eastern counts as filed on the next business day, 17 CFR
    /// 232.13(a)(2), so record the filing date EDGAR gives it). A filing not
    /// yet made is reported only once the fourth business day is over at the run's
    /// "now" (in every zone); a delay the Attorney General requested (Item 1.05(c))
    /// goes in `delay-reason`. An `8-k/a` amendment does not count as the filing.
    ///
    /// ## Why it matters
    ///
    /// Form 8-K General Instruction B.1: an Item 1.05 report is due within four
    /// business days after the registrant determines that it has experienced a
    /// material cybersecurity incident; Item 1.05 Instruction 1: that
    /// determination is made "without unreasonable delay" after discovery of the
    /// incident (<https://www.sec.gov/files/form8-k.pdf>; Release 33-11216,
    /// <https://www.sec.gov/files/rules/final/2023/33-11216.pdf>).
    ///
    /// ## How to fix
    ///
    /// Record the filing, or the reason for the delay:
    ///
    /// ```yaml
    /// regulations: [sec-8k]
    /// materiality-determined: 2026-07-02T16:00:00-04:00
    /// notifications:
    ///   - regime: sec-8k
    ///     kind: 8-k
    ///     authority: SEC (EDGAR)
    ///     at: 2026-07-09T08:30:00-04:00
    /// ```
    ///
    /// ## Options
    ///
    /// - `business-days` (integer, default `4`).
    /// - `federal-holidays` (boolean, default `true`): skip the built-in US federal
    ///   holidays.
    /// - `holidays` (list of `YYYY-MM-DD`, default `[]`): more days that are not
    ///   business days.
    ///
    /// ```toml
    /// [rules."compliance/sec-8k-deadline"]
    /// holidays = ["2025-01-09"]
    /// ```
    pub struct Sec8kDeadline;
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Sec8kDeadlineOptions {
    /// Business days from the materiality determination to the filing.
    #[schemars(range(min = 1, max = 60))]
    pub business_days: u32,
    /// Skip the built-in US federal holidays (2020-2030).
    pub federal_holidays: bool,
    /// More days that are not business days (YYYY-MM-DD).
    #[schemars(inner(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")))]
    #[serde(deserialize_with = "calendar::deserialize_dates")]
    pub holidays: Vec<String>,
}

impl Default for Sec8kDeadlineOptions {
    fn default() -> Self {
        Sec8kDeadlineOptions { business_days: 4, federal_holidays: true, holidays: Vec::new() }
    }
}

impl Rule for Sec8kDeadline {
    const ID: &'static str = "compliance/sec-8k-deadline";
    const SUMMARY: &'static str = "SEC: Form 8-K Item 1.05 filed within four business days of the materiality determination";
    const DEFAULT_SEVERITY: Severity = Severity::Error;
    type Options = Sec8kDeadlineOptions;

    fn check(cx: &Context<'_>, opts: &Sec8kDeadlineOptions) -> Vec<Diagnostic> {
        if !in_scope(cx, Regime::Sec8k) {
            return Vec::new();
        }
        let notices = notices(cx);
        let filings = of_kind(&notices, Regime::Sec8k, &["8-k"]);
        let determined = cx.report.metadata.materiality_determined.as_ref().and_then(Moment::of);
        let Some(start) = determined else {
            if filings.iter().any(|n| n.reason) {
                return Vec::new();
            }
            return vec![Diagnostic::new(
                Self::ID,
                scope_anchor(cx, Regime::Sec8k),
                "SEC Form 8-K Item 1.05 applies, but the report does not say when the incident was determined to be material (`materiality-determined`)",
            )
            .label("sec-8k in scope")
            .help("Write `materiality-determined: YYYY-MM-DD` (with the time and zone if known): the four business days of Form 8-K Item 1.05 run from that determination. If the incident was found not material, say so and take sec-8k out of `regulations`.")];
        };
        let base = if opts.federal_holidays { Holidays::us_federal() } else { Holidays::none() };
        let holidays = base.with(opts.holidays.iter().filter_map(|d| calendar::date(d)));
        let Some(day) = calendar::date_from_days(start.day) else {
            return Vec::new();
        };
        let due = calendar::add_business_days(day, opts.business_days, &holidays);
        let due_days = calendar::days_since_epoch(due);
        // The days skipped, for the message.
        let mut skipped = Vec::new();
        let mut d = day;
        while d < due {
            let Ok(next) = d.tomorrow() else { break };
            d = next;
            if let Some(name) = Holidays::name_of(d).filter(|_| holidays.contains(d)) {
                skipped.push(format!("{d} ({name})"));
            } else if holidays.contains(d) {
                skipped.push(d.to_string());
            }
        }
        let skipped = if skipped.is_empty() { String::new() } else { format!("; holidays skipped: {}", skipped.join(", ")) };
        let reason = filings.iter().any(|n| n.reason);
        let limit = format!("{} business days after the materiality determination, by {due}{skipped}", opts.business_days);
        match filings.iter().find_map(|n| n.at.map(|at| (n, at))) {
            Some((_, at)) if at.day > due_days && !reason => {
                let filed = calendar::date_from_days(at.day).unwrap_or(due);
                let late = calendar::business_days_between(due, filed, &holidays);
                vec![Diagnostic::new(
                    Self::ID,
                    at.span,
                    format!("Form 8-K filed on {filed}, {late} business day(s) late: due {limit}"),
                )
                .label(format!("{late} business day(s) late"))
                .secondary(start.span, "materiality determined here")
                .help("Form 8-K Item 1.05 is due within four business days of the materiality determination. If the Attorney General requested a delay (Item 1.05(c)), say so in `delay-reason`; otherwise correct a mistyped date.")]
            }
            Some(_) => Vec::new(),
            None if reason => Vec::new(),
            None if cx.run.now_utc_seconds < (due_days + 1) * 86_400 + 12 * 3600 => Vec::new(),
            None => vec![Diagnostic::new(Self::ID, start.span, format!("no Form 8-K filing is recorded, and it was due {limit}"))
                .label("the four business days run from here")
                .help("Record the filing under `notifications` (`regime: sec-8k`, `kind: 8-k`, `at`), or the reason it was not filed (an Attorney General delay, Item 1.05(c)) in `delay-reason`.")],
        }
    }
}
