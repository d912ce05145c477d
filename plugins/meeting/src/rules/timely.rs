//! `meeting/timely`: the meeting was held within a few days of the resolution.

use pirlint_plugin_sdk::prelude::*;

use crate::util::{business_days_between, iso};

rule! {
    /// Checks that the meeting `date` is at most `max-days` after the end of the
    /// incident: `resolved`, else `recovered`, else `contained` (dates compared as
    /// calendar dates). The primary label is on the meeting date, the secondary on
    /// the resolution time. A meeting dated *before* that end, or a meeting date that
    /// is not a calendar date, is reported too. Silent when either date is missing or
    /// a placeholder (`TBD`, reported by `structure/placeholder`).
    ///
    /// ## Why it matters
    ///
    /// Memories fade, chat scrollback and logs rotate: NIST SP 800-61 (3.4.1) holds
    /// the meeting "within several days of the end of the incident"; PagerDuty
    /// schedules it within 3 calendar days for a Sev-1 and 5 business days for a
    /// Sev-2; SANS wants the report within two weeks.
    ///
    /// ## How to fix
    ///
    /// Hold the review within the limit, or correct a mistyped date:
    ///
    /// ```yaml
    /// resolved: 2026-03-03T11:00:00Z
    /// meeting:
    ///   date: 2026-03-06
    /// ```
    ///
    /// ## Options
    ///
    /// - `max-days` (integer, default `5`): the latest meeting date, in days after
    ///   the end of the incident.
    /// - `business-days` (boolean, default `false`): count only Monday to Friday,
    ///   as PagerDuty does.
    ///
    /// ```toml
    /// [rules."meeting/timely"]
    /// max-days = 5
    /// business-days = true
    /// ```
    pub struct Timely;
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct TimelyOptions {
    /// Latest meeting date, in days after the end of the incident (resolved, else recovered, else contained).
    #[schemars(range(max = 365))]
    pub max_days: u32,
    /// Count only Monday to Friday.
    pub business_days: bool,
}

impl Default for TimelyOptions {
    fn default() -> Self {
        TimelyOptions {
            max_days: 5,
            business_days: false,
        }
    }
}

impl Rule for Timely {
    const ID: &'static str = "meeting/timely";
    const SUMMARY: &'static str = "The meeting was held within a few days of the resolution";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    type Options = TimelyOptions;

    fn check(cx: &Context<'_>, opts: &TimelyOptions) -> Vec<Diagnostic> {
        let Some((_, date)) = crate::meeting_date(cx) else {
            return Vec::new();
        };
        let Some(day) = date.date.map(i64::from) else {
            return vec![Diagnostic::new(
                Self::ID,
                date.span,
                format!("meeting date `{}` is not a calendar date", cx.text(date).trim()),
            )
            .label("not a date")
            .help("Write the date the lessons-learned meeting was held as `YYYY-MM-DD`, so that its timeliness can be checked.")];
        };
        let md = &cx.report.metadata;
        let Some((end, which, t)) = [
            (&md.resolved, "resolved"),
            (&md.recovered, "recovered"),
            (&md.contained, "contained"),
        ]
        .into_iter()
        .find_map(|(t, which)| {
            let t = t.as_ref()?;
            Some((i64::from(t.date?), which, t))
        }) else {
            return Vec::new();
        };
        if day < end {
            return vec![Diagnostic::new(
                Self::ID,
                date.span,
                format!("meeting date {} is before the incident was {which} ({})", iso(day), iso(end)),
            )
            .label("before the end of the incident")
            .secondary(t.span, format!("{which} here"))
            .help("A lessons-learned meeting reviews the whole incident, so it follows its end. One of the two dates is probably mistyped: correct it.")];
        }
        let (elapsed, unit) = if opts.business_days {
            (business_days_between(end, day), "business days")
        } else {
            (day - end, "days")
        };
        if elapsed <= i64::from(opts.max_days) {
            return Vec::new();
        }
        vec![Diagnostic::new(
            Self::ID,
            date.span,
            format!(
                "meeting held {elapsed} {unit} after the incident was {which}, more than {} {unit}",
                opts.max_days
            ),
        )
        .label(format!("{elapsed} {unit} later"))
        .secondary(t.span, format!("{which} here"))
        .help(format!(
            "Memories fade and logs rotate: NIST SP 800-61 (3.4.1) holds the lessons-learned meeting \
             \"within several days of the end of the incident\", PagerDuty within 3 to 5 business \
             days, SANS within two weeks. Schedule the review as soon as the incident is {which}; \
             if your policy allows longer, raise `max-days`."
        ))]
    }
}
