//! The audit: compliance, incident metrics and follow-through computed over a
//! set of already parsed and checked reports.
//!
//! [`compute`] takes one [`Input`] per report (its path, its parsed model and
//! its findings, from `Linter::check_parsed`, so nothing is parsed twice) and
//! returns one [`Audit`]. Every output format ([`render::table`],
//! [`render::markdown`], [`html::render`] and JSON through serde) is a view of
//! that one value, documented by `schemas/audit.schema.json`, so the formats
//! never disagree.
//!
//! # Definitions
//!
//! - **Incident date**: the `occurred` date, else the `detected` date, else
//!   the earliest dated timeline entry. `--since`/`--until` are inclusive and
//!   compare this date; undated reports are kept when no period is given and
//!   counted as `undated` (and left out) when one is.
//! - **Pass/fail**: a report fails when it has a finding at or above the
//!   fail-on level. A report **complies with a rule** when it has no finding
//!   of that rule at any severity.
//! - **Durations** come from `report.durations` (computed at parse time):
//!   detect = occurred → detected, contain = detected → contained, recover =
//!   detected → recovered, resolve = occurred → resolved. A report whose two
//!   times are not both known is counted as `missing`; a negative duration
//!   (times out of order) is counted as `out-of-order`; neither is used in
//!   the statistics, and both are listed by path.
//! - **Median and 90th percentile** use the nearest-rank method: the p-th
//!   percentile of n sorted values is the value at 1-based rank ⌈p/100 · n⌉
//!   (so the median of an even count is the lower middle value). Always an
//!   observed value, never interpolated.
//! - **Actions per incident**: the number of timeline entries whose phase is
//!   containment, eradication or recovery (case-insensitive, by prefix:
//!   `contain…`, `eradicat…`, `recover…`). Reports whose timeline gives no
//!   phase at all are counted as `without-phases` and left out.
//! - **Open recommendation**: its status is not a done-like word (done,
//!   closed, complete(d), resolved, fixed, finished, cancel(l)ed, won't fix,
//!   dropped, x — as `recommendations/due-date` reads it); no status is open.
//!   With tracker exports (`--tickets`, see [`tickets`]), a recommendation
//!   whose `tracking` names known tickets is open unless every one of them
//!   is done in the tracker, whatever the report says.
//!   **Overdue**: open with a due date before today (the day of `now`, UTC).
//! - **Quarter**: the calendar quarter of the incident date (`2026-Q1` =
//!   January to March); trends list every quarter from the first incident
//!   to the last, and leave undated reports out.
//! - **Trends**: per quarter, the nearest-rank median and 90th percentile of
//!   time to detect, contain and recover over that quarter's incidents; the
//!   same per severity (the policy scale's level when known, else the
//!   severity as written) and quarter; action items by the quarter of the
//!   incident that raised them — opened (all of them), closed (done now, by
//!   the tracker when `--tickets` knows the ticket), open, and overdue now;
//!   and the share of timely lessons-learned meetings per quarter (as below).
//! - **Reading list**: per incident type, at most three reports that pass
//!   the policy, most complete first; completeness is defined in
//!   [`reading`].
//! - **Recurrence**: a dated incident recurs an earlier one when it comes
//!   at most `--recurrence-days` (90) days after it and both hit a system
//!   (after the policy's `[systems]` aliases), or both have the same
//!   incident type and name a contributing factor in common; see
//!   [`recurrence`].
//! - **Regulations**: a report is in the scope of a regulation when
//!   `Linter::regulations` lists it (declared in the front matter or applied
//!   by the policy's `[[overrides]]`); per regulation, its reports' deadlines
//!   are met, given a reason, missed, of unknown start, none due yet or not
//!   checked, as the `compliance` plugin's deadline rule judged them; see
//!   [`regulations`].
//! - **Timely meeting**: the meeting date is within the deadline
//!   `meeting/timely` gives the report after the end of the incident
//!   (resolved, else recovered, else contained — the dates the rule uses):
//!   the entry of `deadlines` for the report's level on the policy's
//!   severity scale (by default 3 calendar days for SEV1, 5 business days
//!   for SEV2), else `max-days` (5 by default; business days when
//!   `business-days` is set), which is also the deadline of a report without
//!   a severity or with one the scale does not know. The options are the
//!   rule's as they apply to the report (after the `[[overrides]]` matching
//!   it), each option the policy does not set taking the default of the
//!   rule's options schema; see [`MeetingDeadlines`]. Business days are
//!   Monday to Friday less `holidays` (and the US federal holidays with
//!   `us-federal-holidays`), counted by the plugin SDK's calendar, the one the
//!   rule counts with. The share is timely / (timely + late + missing),
//!   where missing means no meeting date although the deadline has passed;
//!   meetings not yet due, meetings dated before the end and incidents with
//!   no known end are counted apart.

pub mod html;
pub mod render;
mod summary;
pub mod reading;
pub mod recurrence;
pub mod regulations;
pub mod tickets;
mod trends;

pub use trends::{ActionTrend, MeetingTrend, QuarterTrend, SeverityTrend, TrendStat, Trends};

use pirlint_host::{Finding, Severity};
use pirlint_plugin_sdk::calendar;
use pirlint_report::Report;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The version of the JSON shape; bumped on incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

/// How many reports the "most findings" list shows.
pub const TOP_REPORTS: usize = 10;

/// One checked report.
pub struct Input {
    /// As displayed to the user (relative to the current directory).
    pub path: String,
    /// The report's text (for line numbers of recommendations).
    pub source: String,
    pub report: Report,
    pub findings: Vec<Finding>,
    /// The report's severity placed on the policy's severity scale (its
    /// level's name), when the caller knows one; trends per severity group
    /// by it, else by the severity as written.
    pub severity_level: Option<String>,
    /// The regulations that apply to the report, as
    /// `Linter::regulations` gives them (declared, then applied by the
    /// policy's `[[overrides]]`).
    pub regulations: Vec<String>,
    /// The rules as they apply to this report (after the overrides that
    /// match it), when the caller knows them; without, the rules on are
    /// [`Options::rules`] with their default options.
    pub rules: Option<std::sync::Arc<pirlint_host::linter::RuleSet>>,
}

/// What the audit needs from the run and the policy.
#[derive(Clone, Debug)]
pub struct Options {
    /// RFC 3339, and the same instant in seconds since the epoch.
    pub now: String,
    pub now_seconds: i64,
    pub fail_on: Severity,
    /// Inclusive `YYYY-MM-DD` bounds on the incident date.
    pub since: Option<String>,
    pub until: Option<String>,
    /// The rules enabled by the policy (compliance lists each of them).
    pub rules: Vec<String>,
    /// The lessons-learned meeting deadlines of the policy's
    /// `meeting/timely` (before any `[[overrides]]`; a report's own rule set,
    /// [`Input::rules`], takes precedence).
    pub meeting: MeetingDeadlines,
    /// The tracker's tickets (`--tickets`): their status replaces the one
    /// written in the report for follow-through.
    pub tickets: Option<tickets::Tickets>,
    /// Recurrence window in days (`--recurrence-days`).
    pub recurrence_days: u32,
    /// The policy's `[systems]` alias map: canonical name → other names.
    pub system_aliases: BTreeMap<String, Vec<String>>,
}

impl Options {
    pub fn new(now: String, now_seconds: i64) -> Options {
        Options {
            now,
            now_seconds,
            fail_on: Severity::Error,
            since: None,
            until: None,
            rules: Vec::new(),
            meeting: MeetingDeadlines::default(),
            tickets: None,
            recurrence_days: recurrence::DEFAULT_WINDOW_DAYS,
            system_aliases: BTreeMap::new(),
        }
    }
}

// ---------------------------------------------------------------------------
// The audit

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Audit {
    pub schema_version: u32,
    pub now: String,
    pub fail_on: Severity,
    pub period: Period,
    pub reports: Coverage,
    pub compliance: Compliance,
    pub metrics: Metrics,
    pub follow_through: FollowThrough,
    pub trends: Trends,
    pub reading_list: reading::ReadingList,
    pub recurrence: recurrence::Recurrence,
    /// Per regulation: reports in scope, deadlines met and missed.
    pub regulations: regulations::Regulations,
    /// Files that could not be read at all (filled in by the caller).
    pub unreadable: Vec<Unreadable>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Period {
    pub since: Option<String>,
    pub until: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Coverage {
    /// Reports read and checked.
    pub checked: usize,
    /// Reports in the period: everything below is computed over these.
    pub audited: usize,
    /// Dated reports outside the period.
    pub outside_period: usize,
    /// Reports with no incident date (left out only when a period is given).
    pub undated: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Unreadable {
    pub path: String,
    pub message: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeverityCounts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl SeverityCounts {
    pub fn total(&self) -> usize {
        self.error + self.warning + self.info
    }
    fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.error += 1,
            Severity::Warning => self.warning += 1,
            Severity::Info => self.info += 1,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Compliance {
    pub passed: usize,
    pub failed: usize,
    /// passed / audited, 0 when nothing was audited.
    pub pass_rate: f64,
    pub findings: SeverityCounts,
    /// Every audited report, by path.
    pub reports: Vec<ReportCompliance>,
    /// Every enabled rule and every rule with findings, by id.
    pub rules: Vec<RuleCompliance>,
    /// The reports with the most findings (at most 10, only those with
    /// findings), most first, then by path.
    pub most_findings: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ReportCompliance {
    pub path: String,
    pub id: Option<String>,
    pub title: Option<String>,
    /// The incident date (see the crate documentation).
    pub date: Option<String>,
    pub passed: bool,
    pub counts: SeverityCounts,
    pub findings: Vec<FindingRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct FindingRow {
    pub rule: String,
    pub severity: Severity,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct RuleCompliance {
    pub rule: String,
    /// Audited reports with no finding of this rule.
    pub compliant: usize,
    pub violating: usize,
    /// compliant / audited (1 when nothing was audited).
    pub share: f64,
    pub findings: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Metrics {
    /// Incident severity as written ("unspecified" when absent).
    pub by_severity: Vec<Count>,
    pub by_type: Vec<Count>,
    /// "YYYY-MM", every month from the first to the last (zeros included).
    pub by_month: Vec<Count>,
    pub undated: usize,
    pub time_to_detect: DurationStats,
    pub time_to_contain: DurationStats,
    pub time_to_recover: DurationStats,
    pub time_to_resolve: DurationStats,
    /// The distribution of time to recover, for the chart.
    pub recover_distribution: Vec<Count>,
    pub actions: ActionStats,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    pub key: String,
    pub count: usize,
}

/// Statistics of one duration over the audited reports, in seconds, with
/// the same values as text ("2 h 15 min") so that every format prints them
/// alike.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct DurationStats {
    /// What is measured, e.g. "detected → recovered".
    pub between: String,
    /// Reports with a usable (non-negative) duration.
    pub measured: usize,
    pub median: Option<i64>,
    pub p90: Option<i64>,
    pub worst: Option<i64>,
    pub median_text: Option<String>,
    pub p90_text: Option<String>,
    pub worst_text: Option<String>,
    /// The reports with the worst duration (several on a tie).
    pub worst_reports: Vec<String>,
    /// Reports where one of the two times is unknown.
    pub missing: Vec<String>,
    /// Reports whose times are out of order (negative duration).
    pub out_of_order: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ActionStats {
    pub definition: String,
    /// Reports whose timeline gives phases.
    pub measured: usize,
    pub total: usize,
    pub median: Option<usize>,
    pub p90: Option<usize>,
    pub max: Option<usize>,
    pub mean: Option<f64>,
    /// Reports whose timeline has no phases (not measured).
    pub without_phases: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct FollowThrough {
    pub recommendations: usize,
    pub open: usize,
    pub done: usize,
    /// Priority as written ("unspecified" when absent).
    pub by_priority: Vec<Count>,
    /// Status as written, lower-cased ("unspecified" when absent).
    pub by_status: Vec<Count>,
    pub overdue: usize,
    /// Open recommendations past their due date, by owner ("unassigned"
    /// when absent), most overdue items first.
    pub overdue_by_owner: Vec<OwnerOverdue>,
    pub meetings: MeetingStats,
    /// The tracker's view, when exports were given (`--tickets`); null
    /// otherwise.
    pub tickets: Option<TicketStats>,
}

/// Follow-through against the tracker: a recommendation whose `tracking`
/// names a ticket of the exports takes the ticket's status (done when every
/// such ticket is done); the others keep the status written in the report.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct TicketStats {
    /// The export files, as given.
    pub files: Vec<String>,
    /// Tickets in the exports.
    pub exported: usize,
    /// Recommendations with at least one ticket reference.
    pub referenced: usize,
    /// Recommendations with no ticket reference.
    pub without_reference: usize,
    /// Recommendations whose status came from the tracker.
    pub from_tracker: usize,
    /// Their tracker statuses, as the tracker writes them.
    pub by_tracker_status: Vec<Count>,
    /// Recommendations the report and the tracker disagree on (done in one,
    /// open in the other), by path and line.
    pub disagreements: Vec<TicketItem>,
    /// References the exports do not know, by path and line.
    pub unknown: Vec<TicketItem>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct TicketItem {
    pub path: String,
    pub line: u32,
    pub action: String,
    /// The references, normalized (`OPS-12`, `owner/repo#7`), comma-separated.
    pub ticket: String,
    pub report_status: Option<String>,
    /// The tracker's status (comma-separated for several tickets); null for
    /// unknown tickets.
    pub tracker_status: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct OwnerOverdue {
    pub owner: String,
    pub items: Vec<OverdueItem>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct OverdueItem {
    pub path: String,
    pub line: u32,
    pub action: String,
    pub priority: Option<String>,
    pub due: String,
    pub days_overdue: i64,
    /// The ticket references (normalized, comma-separated), if any.
    pub ticket: Option<String>,
    /// The open status: the tracker's when it came from the tracker, else
    /// the report's.
    pub status: Option<String>,
    pub status_from_tracker: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct MeetingStats {
    /// The deadline of reports whose severity has no entry in `deadlines`.
    pub max_days: u32,
    pub business_days: bool,
    pub max_days_from_policy: bool,
    /// Per severity level (`meeting/timely`'s `deadlines`, in the order of
    /// the policy's severity scale).
    pub deadlines: Vec<LevelDeadline>,
    /// Non-business days besides weekends (`holidays`), and whether the US
    /// federal holidays are too.
    pub holidays: Vec<String>,
    pub us_federal_holidays: bool,
    pub timely: usize,
    pub late: Vec<String>,
    /// No meeting date although the deadline has passed.
    pub missing: Vec<String>,
    /// No meeting date yet, deadline not passed.
    pub pending: Vec<String>,
    /// Meeting dated before the end of the incident.
    pub before_end: Vec<String>,
    /// No resolved, recovered or contained date.
    pub no_end: Vec<String>,
    /// timely / (timely + late + missing); none when that is 0.
    pub timely_share: Option<f64>,
}

// ---------------------------------------------------------------------------
// Computing it

/// Computes the audit. `inputs` may come in any order: the result is sorted.
pub fn compute(inputs: &[Input], options: &Options) -> Audit {
    let mut coverage = Coverage { checked: inputs.len(), ..Coverage::default() };
    let filtered = options.since.is_some() || options.until.is_some();
    let mut audited: Vec<(&Input, Option<String>)> = Vec::new();
    for input in inputs {
        let date = incident_date(&input.report);
        match &date {
            None => {
                coverage.undated += 1;
                if filtered {
                    continue;
                }
            }
            Some(d) => {
                let before = options.since.as_deref().is_some_and(|s| d.as_str() < s);
                let after = options.until.as_deref().is_some_and(|u| d.as_str() > u);
                if before || after {
                    coverage.outside_period += 1;
                    continue;
                }
            }
        }
        audited.push((input, date));
    }
    audited.sort_by(|a, b| a.0.path.cmp(&b.0.path));
    coverage.audited = audited.len();

    Audit {
        schema_version: SCHEMA_VERSION,
        now: options.now.clone(),
        fail_on: options.fail_on,
        period: Period { since: options.since.clone(), until: options.until.clone() },
        reports: coverage,
        compliance: compliance(&audited, options),
        metrics: metrics(&audited),
        follow_through: follow_through(&audited, options),
        trends: trends::compute(&audited, options),
        reading_list: reading::compute(&audited, options),
        recurrence: recurrence::compute(&audited, options),
        regulations: regulations::compute(&audited, options),
        unreadable: Vec::new(),
    }
}

/// The incident date: occurred, else detected, else the earliest dated
/// timeline entry.
pub fn incident_date(report: &Report) -> Option<String> {
    let md = &report.metadata;
    let valid = |d: &Option<String>| d.clone().filter(|d| day_number(d).is_some());
    md.occurred
        .as_ref()
        .and_then(|t| valid(&t.date))
        .or_else(|| md.detected.as_ref().and_then(|t| valid(&t.date)))
        .or_else(|| report.timeline.iter().filter_map(|e| valid(&e.timestamp.date)).min())
}

fn compliance(audited: &[(&Input, Option<String>)], options: &Options) -> Compliance {
    let mut reports = Vec::new();
    let mut totals = SeverityCounts::default();
    // rule -> (reports with a finding, findings)
    let mut by_rule: BTreeMap<String, (usize, usize)> =
        options.rules.iter().map(|r| (r.clone(), (0, 0))).collect();
    for (input, date) in audited {
        let mut counts = SeverityCounts::default();
        let mut seen: Vec<&str> = Vec::new();
        for f in &input.findings {
            counts.add(f.severity);
            let entry = by_rule.entry(f.rule.clone()).or_default();
            entry.1 += 1;
            if !seen.contains(&f.rule.as_str()) {
                seen.push(&f.rule);
                entry.0 += 1;
            }
        }
        totals.error += counts.error;
        totals.warning += counts.warning;
        totals.info += counts.info;
        let md = &input.report.metadata;
        reports.push(ReportCompliance {
            path: input.path.clone(),
            id: md.id.as_ref().map(|t| t.value.trim().to_owned()),
            title: md.title.as_ref().map(|t| t.value.trim().to_owned()),
            date: date.clone(),
            passed: !input.findings.iter().any(|f| f.severity >= options.fail_on),
            counts,
            findings: input
                .findings
                .iter()
                .map(|f| FindingRow {
                    rule: f.rule.clone(),
                    severity: f.severity,
                    line: f.primary.start.line,
                    column: f.primary.start.column,
                    message: f.message.clone(),
                })
                .collect(),
        });
    }
    let n = reports.len();
    let passed = reports.iter().filter(|r| r.passed).count();
    let rules = by_rule
        .into_iter()
        .map(|(rule, (violating, findings))| RuleCompliance {
            rule,
            compliant: n - violating,
            violating,
            share: if n == 0 { 1.0 } else { (n - violating) as f64 / n as f64 },
            findings,
        })
        .collect();
    let mut ranked: Vec<&ReportCompliance> = reports.iter().filter(|r| r.counts.total() > 0).collect();
    ranked.sort_by(|a, b| b.counts.total().cmp(&a.counts.total()).then_with(|| a.path.cmp(&b.path)));
    let most_findings = ranked.iter().take(TOP_REPORTS).map(|r| r.path.clone()).collect();
    Compliance {
        passed,
        failed: n - passed,
        pass_rate: if n == 0 { 0.0 } else { passed as f64 / n as f64 },
        findings: totals,
        reports,
        rules,
        most_findings,
    }
}

fn counted(map: BTreeMap<String, usize>) -> Vec<Count> {
    map.into_iter().map(|(key, count)| Count { key, count }).collect()
}

fn value_or(text: &Option<pirlint_report::Text>, default: &str) -> String {
    text.as_ref()
        .map(|t| t.value.trim().to_owned())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| default.to_owned())
}

const UNSPECIFIED: &str = "unspecified";

/// Bucket upper bounds (exclusive, seconds) for the time-to-recover chart.
pub const RECOVER_BUCKETS: [(&str, i64); 6] = [
    ("< 1 h", 3_600),
    ("1–4 h", 4 * 3_600),
    ("4–12 h", 12 * 3_600),
    ("12–24 h", 24 * 3_600),
    ("1–3 d", 3 * 86_400),
    ("≥ 3 d", i64::MAX),
];

fn metrics(audited: &[(&Input, Option<String>)]) -> Metrics {
    let mut by_severity = BTreeMap::new();
    let mut by_type = BTreeMap::new();
    let mut by_month: BTreeMap<String, usize> = BTreeMap::new();
    let mut undated = 0;
    for (input, date) in audited {
        let md = &input.report.metadata;
        *by_severity.entry(value_or(&md.severity, UNSPECIFIED)).or_insert(0) += 1;
        *by_type.entry(value_or(&md.incident_type, UNSPECIFIED)).or_insert(0) += 1;
        match date {
            Some(d) => *by_month.entry(d[..7].to_owned()).or_insert(0) += 1,
            None => undated += 1,
        }
    }
    let by_month = fill_months(by_month);

    let stats = |between: &str, get: fn(&Report) -> Option<i64>| {
        duration_stats(between, audited.iter().map(|(i, _)| (i.path.as_str(), get(&i.report))))
    };
    let time_to_recover = stats("detected → recovered", |r| r.durations.time_to_recover);
    let mut recover_distribution: Vec<Count> =
        RECOVER_BUCKETS.iter().map(|(label, _)| Count { key: (*label).to_owned(), count: 0 }).collect();
    for (input, _) in audited {
        if let Some(d) = input.report.durations.time_to_recover.filter(|d| *d >= 0) {
            let i = RECOVER_BUCKETS.iter().position(|(_, bound)| d < *bound).expect("the last bound is i64::MAX");
            recover_distribution[i].count += 1;
        }
    }

    Metrics {
        by_severity: counted(by_severity),
        by_type: counted(by_type),
        by_month,
        undated,
        time_to_detect: stats("occurred → detected", |r| r.durations.time_to_detect),
        time_to_contain: stats("detected → contained", |r| r.durations.time_to_contain),
        time_to_recover,
        time_to_resolve: stats("occurred → resolved", |r| r.durations.time_to_resolve),
        recover_distribution,
        actions: actions(audited),
    }
}

/// Every month from the first to the last, with zeros for the gaps.
fn fill_months(counts: BTreeMap<String, usize>) -> Vec<Count> {
    let parse = |m: &str| -> Option<(i32, u32)> { Some((m[..4].parse().ok()?, m[5..7].parse().ok()?)) };
    let (Some(first), Some(last)) =
        (counts.keys().next().and_then(|m| parse(m)), counts.keys().next_back().and_then(|m| parse(m)))
    else {
        return counted(counts);
    };
    let mut out = Vec::new();
    let (mut y, mut m) = first;
    while (y, m) <= last && out.len() < 1200 {
        let key = format!("{y:04}-{m:02}");
        out.push(Count { count: counts.get(&key).copied().unwrap_or(0), key });
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

/// The value at 1-based rank ⌈p/100 · n⌉ of `sorted` (nearest rank).
pub fn nearest_rank<T: Copy>(sorted: &[T], p: u32) -> Option<T> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p as usize * sorted.len()).div_ceil(100).max(1);
    Some(sorted[rank - 1])
}

fn duration_stats<'a>(between: &str, values: impl Iterator<Item = (&'a str, Option<i64>)>) -> DurationStats {
    let mut stats = DurationStats { between: between.to_owned(), ..DurationStats::default() };
    let mut measured: Vec<(i64, &str)> = Vec::new();
    for (path, value) in values {
        match value {
            None => stats.missing.push(path.to_owned()),
            Some(v) if v < 0 => stats.out_of_order.push(path.to_owned()),
            Some(v) => measured.push((v, path)),
        }
    }
    let mut sorted: Vec<i64> = measured.iter().map(|(v, _)| *v).collect();
    sorted.sort_unstable();
    stats.measured = sorted.len();
    stats.median = nearest_rank(&sorted, 50);
    stats.p90 = nearest_rank(&sorted, 90);
    stats.worst = sorted.last().copied();
    stats.median_text = stats.median.map(human_duration);
    stats.p90_text = stats.p90.map(human_duration);
    stats.worst_text = stats.worst.map(human_duration);
    if let Some(worst) = stats.worst {
        stats.worst_reports = measured.iter().filter(|(v, _)| *v == worst).map(|(_, p)| (*p).to_owned()).collect();
    }
    stats
}

/// A duration for people: "45 s", "12 min", "2 h 15 min", "3 d 4 h".
/// Rounded down to the unit shown last.
pub fn human_duration(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.unsigned_abs();
    let (d, h, m) = (s / 86_400, s % 86_400 / 3_600, s % 3_600 / 60);
    let text = if s < 60 {
        format!("{s} s")
    } else if s < 3_600 {
        format!("{m} min")
    } else if s < 86_400 {
        if m == 0 { format!("{h} h") } else { format!("{h} h {m} min") }
    } else if h == 0 {
        format!("{d} d")
    } else {
        format!("{d} d {h} h")
    };
    format!("{sign}{text}")
}

pub const ACTIONS_DEFINITION: &str =
    "timeline entries in the containment, eradication or recovery phase, per incident whose timeline gives phases";

fn is_action_phase(phase: &str) -> bool {
    let p = phase.trim().to_lowercase();
    ["contain", "eradicat", "recover"].iter().any(|prefix| p.starts_with(prefix))
}

fn actions(audited: &[(&Input, Option<String>)]) -> ActionStats {
    let mut stats = ActionStats { definition: ACTIONS_DEFINITION.to_owned(), ..ActionStats::default() };
    let mut counts = Vec::new();
    for (input, _) in audited {
        let timeline = &input.report.timeline;
        if !timeline.iter().any(|e| e.phase.as_ref().is_some_and(|p| !p.value.trim().is_empty())) {
            stats.without_phases.push(input.path.clone());
            continue;
        }
        counts.push(timeline.iter().filter(|e| e.phase.as_ref().is_some_and(|p| is_action_phase(&p.value))).count());
    }
    counts.sort_unstable();
    stats.measured = counts.len();
    stats.total = counts.iter().sum();
    stats.median = nearest_rank(&counts, 50);
    stats.p90 = nearest_rank(&counts, 90);
    stats.max = counts.last().copied();
    stats.mean = (!counts.is_empty()).then(|| (stats.total as f64 / counts.len() as f64 * 100.0).round() / 100.0);
    stats
}

/// Done-like statuses, as `recommendations/due-date` reads them.
pub fn is_done(status: &str) -> bool {
    let v = status.trim().to_lowercase();
    [
        "done", "closed", "complete", "completed", "resolved", "fixed", "finished", "cancelled", "canceled",
        "won't fix", "wontfix", "won't do", "dropped", "x",
    ]
    .iter()
    .any(|d| v == *d || v.starts_with(&format!("{d} ")) || v.starts_with(&format!("{d}:")))
}

fn follow_through(audited: &[(&Input, Option<String>)], options: &Options) -> FollowThrough {
    let today = options.now_seconds.div_euclid(86_400);
    let mut by_priority = BTreeMap::new();
    let mut by_status = BTreeMap::new();
    let mut by_owner: BTreeMap<String, Vec<OverdueItem>> = BTreeMap::new();
    let mut ticket_stats = options.tickets.as_ref().map(|t| TicketStats {
        files: t.files.clone(),
        exported: t.tickets.len(),
        ..TicketStats::default()
    });
    let mut by_tracker_status: BTreeMap<String, usize> = BTreeMap::new();
    let (mut total, mut open) = (0, 0);
    for (input, _) in audited {
        let lines = LineStarts::of(&input.source);
        for rec in &input.report.recommendations {
            total += 1;
            *by_priority.entry(value_or(&rec.priority, UNSPECIFIED)).or_insert(0) += 1;
            *by_status.entry(value_or(&rec.status, UNSPECIFIED).to_lowercase()).or_insert(0) += 1;
            let line = lines.line(rec.span.start);
            let action = rec.text.value.trim().to_owned();
            let report_status = rec.status.as_ref().map(|s| s.value.trim().to_owned()).filter(|s| !s.is_empty());
            let report_done = report_status.as_deref().is_some_and(is_done);
            let refs = rec.tracking.as_ref().map(|t| tickets::references(&t.value)).unwrap_or_default();
            let ticket = (!refs.is_empty()).then(|| refs.join(", "));
            let mut tracker: Option<(bool, String)> = None;
            if let (Some(stats), Some(exports)) = (ticket_stats.as_mut(), options.tickets.as_ref()) {
                if refs.is_empty() {
                    stats.without_reference += 1;
                } else {
                    stats.referenced += 1;
                    let (known, unknown): (Vec<_>, Vec<_>) = refs.iter().partition(|r| exports.find(r).is_some());
                    if !unknown.is_empty() {
                        stats.unknown.push(TicketItem {
                            path: input.path.clone(),
                            line,
                            action: action.clone(),
                            ticket: unknown.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", "),
                            report_status: report_status.clone(),
                            tracker_status: None,
                        });
                    }
                    let found: Vec<_> = known.iter().filter_map(|r| exports.find(r)).collect();
                    if !found.is_empty() {
                        stats.from_tracker += 1;
                        for t in &found {
                            *by_tracker_status.entry(t.status.clone()).or_insert(0) += 1;
                        }
                        let done = found.iter().all(|t| t.done);
                        let status = found.iter().map(|t| t.status.as_str()).collect::<Vec<_>>().join(", ");
                        if done != report_done {
                            stats.disagreements.push(TicketItem {
                                path: input.path.clone(),
                                line,
                                action: action.clone(),
                                ticket: known.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", "),
                                report_status: report_status.clone(),
                                tracker_status: Some(status.clone()),
                            });
                        }
                        tracker = Some((done, status));
                    }
                }
            }
            let done = tracker.as_ref().map_or(report_done, |(done, _)| *done);
            if done {
                continue;
            }
            open += 1;
            let Some((due, day)) = rec.due.as_ref().and_then(|d| {
                let date = d.date.clone()?;
                let day = day_number(&date)?;
                Some((date, day))
            }) else {
                continue;
            };
            if day < today {
                by_owner.entry(value_or(&rec.owner, "unassigned")).or_default().push(OverdueItem {
                    path: input.path.clone(),
                    line,
                    action,
                    priority: rec.priority.as_ref().map(|p| p.value.trim().to_owned()),
                    due,
                    days_overdue: today - day,
                    ticket,
                    status: tracker.as_ref().map(|(_, s)| s.clone()).or(report_status),
                    status_from_tracker: tracker.is_some(),
                });
            }
        }
    }
    if let Some(stats) = ticket_stats.as_mut() {
        stats.by_tracker_status = counted(by_tracker_status);
    }
    let mut overdue_by_owner: Vec<OwnerOverdue> = by_owner
        .into_iter()
        .map(|(owner, mut items)| {
            items.sort_by(|a, b| b.days_overdue.cmp(&a.days_overdue).then_with(|| (&a.path, a.line).cmp(&(&b.path, b.line))));
            OwnerOverdue { owner, items }
        })
        .collect();
    overdue_by_owner.sort_by(|a, b| b.items.len().cmp(&a.items.len()).then_with(|| a.owner.cmp(&b.owner)));
    FollowThrough {
        recommendations: total,
        open,
        done: total - open,
        by_priority: counted(by_priority),
        by_status: counted(by_status),
        overdue: overdue_by_owner.iter().map(|o| o.items.len()).sum(),
        overdue_by_owner,
        meetings: meetings(audited, options, today),
        tickets: ticket_stats,
    }
}

/// How a report's lessons-learned meeting went (see the crate docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MeetingClass {
    Timely,
    Late,
    Missing,
    Pending,
    BeforeEnd,
    NoEnd,
}

/// A lessons-learned meeting deadline: so many calendar or business days
/// after the end of the incident.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct LevelDeadline {
    /// The severity level, as `deadlines` names it.
    pub level: String,
    pub days: u32,
    pub business_days: bool,
}

/// The deadlines `meeting/timely` holds a report's lessons-learned meeting
/// to: its options as the policy sets them, each option it does not set
/// taking the default the rule declares in its options schema (what
/// `pirlint explain` shows), so the audit has no copy of the rule's
/// defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingDeadlines {
    /// For reports whose severity has no entry in `deadlines`.
    pub max_days: u32,
    pub business_days: bool,
    /// Whether the policy set `max-days`.
    pub max_days_from_policy: bool,
    /// Per severity level; looked up by the level's name folded (case and
    /// punctuation ignored), as the rule does.
    pub deadlines: Vec<LevelDeadline>,
    /// `holidays`, as written (`YYYY-MM-DD`).
    pub holidays: Vec<String>,
    pub us_federal_holidays: bool,
}

impl Default for MeetingDeadlines {
    /// Without the `meeting` plugin: 5 calendar days for every report.
    fn default() -> Self {
        MeetingDeadlines {
            max_days: 5,
            business_days: false,
            max_days_from_policy: false,
            deadlines: Vec::new(),
            holidays: Vec::new(),
            us_federal_holidays: false,
        }
    }
}

impl MeetingDeadlines {
    /// The deadlines of the `meeting/timely` rule `rule` (the policy's, or a
    /// report's after its overrides).
    pub fn from_rule(rule: &pirlint_host::linter::RuleDoc) -> MeetingDeadlines {
        let defaults = rule.options_schema.get("properties");
        let option = |name: &str| {
            rule.options.get(name).or_else(|| defaults?.get(name)?.get("default")).cloned().unwrap_or(serde_json::Value::Null)
        };
        let days = |v: &serde_json::Value| v.as_u64().map(|d| d.min(u64::from(u32::MAX)) as u32);
        let fallback = MeetingDeadlines::default();
        let deadlines = match option("deadlines") {
            serde_json::Value::Object(map) => map
                .iter()
                .filter_map(|(level, d)| {
                    Some(LevelDeadline {
                        level: level.clone(),
                        days: days(d.get("days")?)?,
                        business_days: d.get("business-days").and_then(|b| b.as_bool()).unwrap_or(false),
                    })
                })
                .collect(),
            _ => Vec::new(),
        };
        MeetingDeadlines {
            max_days: days(&option("max-days")).unwrap_or(fallback.max_days),
            business_days: option("business-days").as_bool().unwrap_or(false),
            max_days_from_policy: rule.options.contains_key("max-days"),
            deadlines,
            holidays: option("holidays")
                .as_array()
                .map(|a| a.iter().filter_map(|d| d.as_str().map(str::to_owned)).collect())
                .unwrap_or_default(),
            us_federal_holidays: option("us-federal-holidays").as_bool().unwrap_or(false),
        }
    }

    /// The deadline of a report whose severity is `level` on the policy's
    /// scale: its entry in `deadlines`, else `max-days`.
    pub fn deadline(&self, level: Option<&str>) -> (u32, bool) {
        level
            .and_then(|level| {
                let key = pirlint_host::severity::fold(level);
                self.deadlines.iter().find(|d| pirlint_host::severity::fold(&d.level) == key)
            })
            .map_or((self.max_days, self.business_days), |d| (d.days, d.business_days))
    }

    /// The days that are not business days besides weekends.
    fn holiday_table(&self) -> calendar::Holidays {
        let base = if self.us_federal_holidays { calendar::Holidays::us_federal() } else { calendar::Holidays::none() };
        base.with(self.holidays.iter().filter_map(|d| calendar::date(d)))
    }

    /// Orders `deadlines` by a severity scale (levels not on it last, by
    /// name).
    pub fn sort_by_scale(&mut self, levels: &[String]) {
        let rank = |name: &str| {
            let key = pirlint_host::severity::fold(name);
            levels.iter().position(|l| pirlint_host::severity::fold(l) == key).unwrap_or(usize::MAX)
        };
        self.deadlines.sort_by(|a, b| rank(&a.level).cmp(&rank(&b.level)).then_with(|| a.level.cmp(&b.level)));
    }
}

/// The deadlines that apply to a report: its own rule set's
/// `meeting/timely` when the caller gave it, else the policy's.
fn meeting_deadlines<'a>(input: &Input, options: &'a Options) -> std::borrow::Cow<'a, MeetingDeadlines> {
    match input.rules.as_ref().and_then(|set| set.rules.get("meeting/timely")) {
        Some(rule) => std::borrow::Cow::Owned(MeetingDeadlines::from_rule(rule)),
        None => std::borrow::Cow::Borrowed(&options.meeting),
    }
}

pub(crate) fn meeting_class(input: &Input, options: &Options, today: i64) -> MeetingClass {
    let deadlines = meeting_deadlines(input, options);
    let (max_days, business_days) = deadlines.deadline(input.severity_level.as_deref());
    let elapsed = |from: i64, to: i64| {
        if business_days {
            match (calendar::date_from_days(from), calendar::date_from_days(to)) {
                (Some(from), Some(to)) => calendar::business_days_between(from, to, &deadlines.holiday_table()),
                _ => to - from,
            }
        } else {
            to - from
        }
    };
    let md = &input.report.metadata;
    let end = [&md.resolved, &md.recovered, &md.contained]
        .into_iter()
        .find_map(|t| day_number(t.as_ref()?.date.as_deref()?));
    let Some(end) = end else {
        return MeetingClass::NoEnd;
    };
    let meeting = md.meeting.as_ref().and_then(|m| m.date.as_ref()).and_then(|d| day_number(d.date.as_deref()?));
    match meeting {
        None if elapsed(end, today) > i64::from(max_days) => MeetingClass::Missing,
        None => MeetingClass::Pending,
        Some(day) if day < end => MeetingClass::BeforeEnd,
        Some(day) if elapsed(end, day) <= i64::from(max_days) => MeetingClass::Timely,
        Some(_) => MeetingClass::Late,
    }
}

fn meetings(audited: &[(&Input, Option<String>)], options: &Options, today: i64) -> MeetingStats {
    let m = &options.meeting;
    let mut stats = MeetingStats {
        max_days: m.max_days,
        business_days: m.business_days,
        max_days_from_policy: m.max_days_from_policy,
        deadlines: m.deadlines.clone(),
        holidays: m.holidays.clone(),
        us_federal_holidays: m.us_federal_holidays,
        ..MeetingStats::default()
    };
    for (input, _) in audited {
        let path = input.path.clone();
        match meeting_class(input, options, today) {
            MeetingClass::Timely => stats.timely += 1,
            MeetingClass::Late => stats.late.push(path),
            MeetingClass::Missing => stats.missing.push(path),
            MeetingClass::Pending => stats.pending.push(path),
            MeetingClass::BeforeEnd => stats.before_end.push(path),
            MeetingClass::NoEnd => stats.no_end.push(path),
        }
    }
    let denominator = stats.timely + stats.late.len() + stats.missing.len();
    stats.timely_share = (denominator > 0).then(|| stats.timely as f64 / denominator as f64);
    stats
}

/// 1-based line numbers of byte offsets.
struct LineStarts(Vec<u32>);

impl LineStarts {
    fn of(source: &str) -> LineStarts {
        let mut starts = vec![0];
        starts.extend(source.match_indices('\n').map(|(i, _)| i as u32 + 1));
        LineStarts(starts)
    }
    fn line(&self, offset: u32) -> u32 {
        self.0.partition_point(|&s| s <= offset) as u32
    }
}

/// Days since 1970-01-01 of a valid "YYYY-MM-DD" date (jiff does the
/// calendar: month lengths, leap years).
pub fn day_number(date: &str) -> Option<i64> {
    if date.len() != 10 {
        return None;
    }
    let date: jiff::civil::Date = date.parse().ok()?;
    let days = date.since((jiff::Unit::Day, jiff::civil::date(1970, 1, 1))).ok()?.get_days();
    Some(i64::from(days))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The policy's options over the defaults of the rule's schema;
    /// severity levels looked up folded; unknown levels get `max-days`.
    #[test]
    fn meeting_deadlines_come_from_the_policy_over_the_schema_defaults() {
        let schema = serde_json::json!({"properties": {
            "max-days": {"default": 5},
            "business-days": {"default": false},
            "deadlines": {"default": {"SEV1": {"days": 3, "business-days": false}, "SEV2": {"days": 5, "business-days": true}}},
            "holidays": {"default": []},
            "us-federal-holidays": {"default": false},
        }});
        let mut options = serde_json::Map::new();
        options.insert("max-days".into(), 10.into());
        options.insert("holidays".into(), serde_json::json!(["2026-02-16"]));
        let rule = pirlint_host::linter::RuleDoc {
            id: "meeting/timely".into(),
            plugin: "meeting".into(),
            summary: String::new(),
            documentation: String::new(),
            default_severity: Severity::Warning,
            options_schema: schema,
            severity: Some(Severity::Warning),
            severity_from_policy: false,
            options,
            severity_origin: None,
            option_origins: BTreeMap::new(),
            fixable: false,
            former_ids: Vec::new(),
        };
        let mut m = MeetingDeadlines::from_rule(&rule);
        m.sort_by_scale(&["SEV1".into(), "SEV2".into()]);
        assert_eq!((m.max_days, m.business_days, m.max_days_from_policy), (10, false, true));
        assert_eq!(m.deadline(Some("SEV1")), (3, false));
        assert_eq!(m.deadline(Some("sev-2")), (5, true));
        assert_eq!(m.deadline(Some("SEV3")), (10, false));
        assert_eq!(m.deadline(None), (10, false));
        assert!(!m.holiday_table().contains(calendar::date("2026-02-17").unwrap()));
        assert!(m.holiday_table().contains(calendar::date("2026-02-16").unwrap()));
        let stats = MeetingStats {
            max_days: m.max_days,
            business_days: m.business_days,
            max_days_from_policy: m.max_days_from_policy,
            deadlines: m.deadlines.clone(),
            holidays: m.holidays.clone(),
            ..MeetingStats::default()
        };
        assert_eq!(
            summary::meeting_deadline(&stats),
            "on time (SEV1 3 days, SEV2 5 business days, otherwise 10 days (policy) after the end of the incident) (business days less 1 more holiday)"
        );
        let same = MeetingStats { max_days: 5, ..MeetingStats::default() };
        assert_eq!(summary::meeting_deadline(&same), "within 5 days of the end of the incident");
    }

    #[test]
    fn nearest_rank_percentiles() {
        let v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        assert_eq!(nearest_rank(&v, 50), Some(5));
        assert_eq!(nearest_rank(&v, 90), Some(9));
        assert_eq!(nearest_rank(&[7], 90), Some(7));
        assert_eq!(nearest_rank(&[1, 2, 3], 50), Some(2));
        assert_eq!(nearest_rank::<i64>(&[], 50), None);
        assert_eq!(nearest_rank(&[10, 20, 30, 40], 50), Some(20));
        assert_eq!(nearest_rank(&[10, 20, 30, 40], 90), Some(40));
    }

    #[test]
    fn durations_read_like_people_write_them() {
        assert_eq!(human_duration(45), "45 s");
        assert_eq!(human_duration(12 * 60 + 30), "12 min");
        assert_eq!(human_duration(2 * 3600 + 15 * 60), "2 h 15 min");
        assert_eq!(human_duration(3 * 3600), "3 h");
        assert_eq!(human_duration(86_400 + 4 * 3600 + 59), "1 d 4 h");
        assert_eq!(human_duration(2 * 86_400), "2 d");
        assert_eq!(human_duration(-300), "-5 min");
    }

    #[test]
    fn day_numbers_and_invalid_dates() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2026-03-05"), Some(20_517));
        assert_eq!(day_number("2026-02-30"), None);
        assert_eq!(day_number("2024-02-29"), Some(19_782));
        assert_eq!(day_number("later"), None);
    }

    #[test]
    fn done_statuses() {
        assert!(is_done("Done") && is_done("closed: shipped") && is_done("won't fix"));
        assert!(!is_done("open") && !is_done("in progress") && !is_done("donee"));
    }
}
