//! `meeting/timely`: the meeting was held within a few days of the resolution.

use pirlint_plugin_sdk::prelude::*;
use std::collections::BTreeMap;

use crate::util::iso;
use pirlint_plugin_sdk::calendar::{self, Holidays};

rule! {
    /// Checks that the meeting `date` is held within the deadline after the end of
    /// the incident: `resolved`, else `recovered`, else `contained` (dates compared
    /// as calendar dates). The deadline depends on the report's severity, as the
    /// policy's severity scale places it (`[severity]`; front matter `severity`,
    /// aliases such as `P1` or `high` included): the level's entry in `deadlines`
    /// (by default PagerDuty's: 3 calendar days for `SEV1`, 5 business days for
    /// `SEV2`), else `max-days` (calendar or business days as `business-days`
    /// says) — which is also the deadline of a report without a severity, or with
    /// one the scale does not know (`pirlint/unknown-severity`).
    ///
    /// The primary label is on the meeting date, the secondary on the resolution
    /// time. A meeting dated *before* that end, or a meeting date that is not a
    /// calendar date, is reported too. Silent when either date is missing or a
    /// placeholder (`TBD`, reported by `structure/placeholder`). Business days are
    /// Monday to Friday, less the configured holidays.
    ///
    /// ## Why it matters
    ///
    /// Memories fade, chat scrollback and logs rotate: NIST SP 800-61 (3.4.1) holds
    /// the meeting "within several days of the end of the incident"; PagerDuty's
    /// postmortem guide (postmortems.pagerduty.com, "The Postmortem Process")
    /// schedules the review within 3 calendar days for a Sev-1 and 5 business days
    /// for a Sev-2, and its postmortem template within 5 business days of any event;
    /// SANS wants the report within two weeks. The more severe the incident, the
    /// sooner: the people who can explain it are still together.
    ///
    /// ## How to fix
    ///
    /// Hold the review within the limit, or correct a mistyped date:
    ///
    /// ```yaml
    /// severity: SEV-1
    /// resolved: 2026-03-03T11:00:00Z
    /// meeting:
    ///   date: 2026-03-06
    /// ```
    ///
    /// ## Options
    ///
    /// - `max-days` (integer, default `5`): the latest meeting date, in days after
    ///   the end of the incident, for a report whose severity has no entry in
    ///   `deadlines`.
    /// - `business-days` (boolean, default `false`): count `max-days` in business
    ///   days (Monday to Friday, less the holidays below).
    /// - `deadlines` (table, default `{ SEV1 = { days = 3 }, SEV2 = { days = 5,
    ///   business-days = true } }`): per level of the policy's severity scale (its
    ///   level names, compared without case or punctuation), `days` and
    ///   `business-days` (default `false`). Levels not listed use `max-days`; `{}`
    ///   gives every report `max-days`.
    /// - `holidays` (list of `YYYY-MM-DD`, default `[]`): days that are not
    ///   business days besides weekends (company holidays, closures).
    /// - `us-federal-holidays` (boolean, default `false`): the US federal holidays
    ///   (5 U.S.C. 6103, as observed, 2020–2030) are not business days either.
    ///
    /// ```toml
    /// [rules."meeting/timely"]
    /// max-days = 10
    /// business-days = true
    /// deadlines = { SEV1 = { days = 2, business-days = true }, SEV2 = { days = 5, business-days = true } }
    /// us-federal-holidays = true
    /// holidays = ["2026-12-24", "2026-12-31"]
    /// ```
    pub struct Timely;
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct TimelyOptions {
    /// Latest meeting date, in days after the end of the incident (resolved, else recovered, else contained), for severities without an entry in `deadlines`.
    #[schemars(range(max = 365))]
    pub max_days: u32,
    /// Count `max-days` in business days (Monday to Friday).
    pub business_days: bool,
    /// Per level of the policy's severity scale: the meeting deadline for reports of that severity.
    pub deadlines: BTreeMap<String, Deadline>,
    /// Days that are not business days besides weekends (YYYY-MM-DD).
    #[schemars(inner(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")))]
    #[serde(deserialize_with = "calendar::deserialize_dates")]
    pub holidays: Vec<String>,
    /// Also count the US federal holidays (the SDK's table, 2020-2030) as non-business days.
    pub us_federal_holidays: bool,
}

/// A meeting deadline: so many calendar or business days after the end of
/// the incident.
#[derive(Deserialize, Serialize, JsonSchema, Clone, Copy)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Deadline {
    /// Days after the end of the incident.
    #[schemars(range(max = 365))]
    pub days: u32,
    /// Count business days (Monday to Friday) rather than calendar days.
    #[serde(default)]
    pub business_days: bool,
}

impl Default for TimelyOptions {
    fn default() -> Self {
        TimelyOptions {
            max_days: 5,
            business_days: false,
            deadlines: [
                ("SEV1".to_owned(), Deadline { days: 3, business_days: false }),
                ("SEV2".to_owned(), Deadline { days: 5, business_days: true }),
            ]
            .into(),
            holidays: Vec::new(),
            us_federal_holidays: false,
        }
    }
}

/// Lower case, letters and digits only: how the host compares severity
/// names (`SEV-1` is `SEV1`).
fn fold(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

impl TimelyOptions {
    /// The days that are not business days besides weekends.
    fn holiday_table(&self) -> Holidays {
        let base = if self.us_federal_holidays { Holidays::us_federal() } else { Holidays::none() };
        base.with(self.holidays.iter().filter_map(|d| calendar::date(d)))
    }

    /// The deadline for a report, and the severity level it is for (none:
    /// `max-days`).
    fn deadline<'a>(&self, severity: Option<&'a ReportSeverity>) -> (Deadline, Option<&'a str>) {
        let level = severity.and_then(|s| {
            let key = fold(&s.name);
            self.deadlines.iter().find(|(k, _)| fold(k) == key).map(|(_, d)| (*d, s.name.as_str()))
        });
        match level {
            Some((d, name)) => (d, Some(name)),
            None => (Deadline { days: self.max_days, business_days: self.business_days }, None),
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
        let (deadline, level) = opts.deadline(cx.report_severity());
        let (elapsed, unit) = if deadline.business_days {
            let (Some(from), Some(to)) = (
                calendar::date(&iso(end)),
                calendar::date(&iso(day)),
            ) else {
                return Vec::new();
            };
            (
                calendar::business_days_between(from, to, &opts.holiday_table()),
                "business days",
            )
        } else {
            (day - end, "days")
        };
        if elapsed <= i64::from(deadline.days) {
            return Vec::new();
        }
        let limit = match level {
            Some(level) => format!("the {} {unit} allowed for a {level} incident", deadline.days),
            None => format!("more than {} {unit}", deadline.days),
        };
        let raise = match level {
            Some(level) => format!("if your policy allows longer for {level}, change its entry in `deadlines`"),
            None => "if your policy allows longer, raise `max-days`".to_owned(),
        };
        let mut d = Diagnostic::new(
            Self::ID,
            date.span,
            format!("meeting held {elapsed} {unit} after the incident was {which}, {}{limit}", if level.is_some() { "beyond " } else { "" }),
        )
        .label(format!("{elapsed} {unit} later"))
        .secondary(t.span, format!("{which} here"));
        if let (Some(_), Some(sev)) = (level, &cx.report.metadata.severity) {
            d = d.secondary(sev.span, format!("severity {}", cx.text(sev).trim()));
        }
        vec![d.help(format!(
            "Memories fade and logs rotate: NIST SP 800-61 (3.4.1) holds the lessons-learned meeting \
             \"within several days of the end of the incident\", PagerDuty's postmortem guide within \
             3 calendar days for a Sev-1 and 5 business days for a Sev-2, SANS within two weeks. \
             Schedule the review as soon as the incident is {which}; {raise}."
        ))]
    }
}
