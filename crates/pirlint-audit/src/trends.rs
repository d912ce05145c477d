//! Trends over time: response times per quarter (and per severity), action
//! items by the quarter of their incident, timely meetings per quarter. See
//! the crate documentation for the definitions.

use crate::{day_number, human_duration, is_done, meeting_class, nearest_rank, tickets, Input, MeetingClass, Options, UNSPECIFIED};
use pirlint_report::{Recommendation, Report};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Trends {
    /// Every quarter from the first incident to the last ("2026-Q1").
    pub quarters: Vec<QuarterTrend>,
    /// One row per severity and quarter with incidents of that severity,
    /// by severity then quarter.
    pub by_severity: Vec<SeverityTrend>,
    /// Action items by the quarter of the incident that raised them.
    pub actions: Vec<ActionTrend>,
    /// Lessons-learned meetings per quarter.
    pub meetings: Vec<MeetingTrend>,
    /// Reports with no incident date (in no quarter).
    pub undated: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct QuarterTrend {
    pub quarter: String,
    pub incidents: usize,
    pub time_to_detect: TrendStat,
    pub time_to_contain: TrendStat,
    pub time_to_recover: TrendStat,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct SeverityTrend {
    /// The policy scale's level when known, else the severity as written
    /// ("unspecified" when absent).
    pub severity: String,
    pub quarter: String,
    pub incidents: usize,
    pub time_to_detect: TrendStat,
    pub time_to_contain: TrendStat,
    pub time_to_recover: TrendStat,
}

/// Nearest-rank statistics of one duration over a group, in seconds and as
/// text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct TrendStat {
    /// Incidents with the duration known and not negative.
    pub measured: usize,
    pub median: Option<i64>,
    pub p90: Option<i64>,
    pub median_text: Option<String>,
    pub p90_text: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ActionTrend {
    pub quarter: String,
    /// Recommendations of that quarter's incidents.
    pub opened: usize,
    /// Of those, done now (by the tracker where it knows the ticket).
    pub closed: usize,
    pub open: usize,
    /// Open and past their due date now.
    pub overdue: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct MeetingTrend {
    pub quarter: String,
    pub timely: usize,
    /// timely + late + missing.
    pub counted: usize,
    /// timely / counted; none when nothing was counted.
    pub timely_share: Option<f64>,
}

/// "2026-Q1" of a "YYYY-MM-DD" date.
pub fn quarter_of(date: &str) -> Option<String> {
    let month: u32 = date.get(5..7)?.parse().ok()?;
    (1..=12).contains(&month).then(|| format!("{}-Q{}", date.get(..4).unwrap_or("?"), (month - 1) / 3 + 1))
}

/// Every quarter from `first` to `last` ("2025-Q4", "2026-Q1", ...).
fn quarters_between(first: &str, last: &str) -> Vec<String> {
    let parse = |q: &str| -> Option<(i32, u32)> { Some((q.get(..4)?.parse().ok()?, q.get(6..7)?.parse().ok()?)) };
    let (Some(mut at), Some(end)) = (parse(first), parse(last)) else { return Vec::new() };
    let mut out = Vec::new();
    while at <= end && out.len() < 400 {
        out.push(format!("{:04}-Q{}", at.0, at.1));
        at = if at.1 == 4 { (at.0 + 1, 1) } else { (at.0, at.1 + 1) };
    }
    out
}

fn stat(values: impl Iterator<Item = Option<i64>>) -> TrendStat {
    let mut sorted: Vec<i64> = values.flatten().filter(|v| *v >= 0).collect();
    sorted.sort_unstable();
    let median = nearest_rank(&sorted, 50);
    let p90 = nearest_rank(&sorted, 90);
    TrendStat { measured: sorted.len(), median, p90, median_text: median.map(human_duration), p90_text: p90.map(human_duration) }
}

fn stats(reports: &[&Report]) -> (TrendStat, TrendStat, TrendStat) {
    (
        stat(reports.iter().map(|r| r.durations.time_to_detect)),
        stat(reports.iter().map(|r| r.durations.time_to_contain)),
        stat(reports.iter().map(|r| r.durations.time_to_recover)),
    )
}

/// Whether a recommendation is done now: by the tracker when `--tickets`
/// knows one of its tickets (every known ticket done), else by the report.
pub(crate) fn effective_done(rec: &Recommendation, options: &Options) -> bool {
    if let (Some(exports), Some(tracking)) = (&options.tickets, &rec.tracking) {
        let found: Vec<_> = tickets::references(&tracking.value).iter().filter_map(|r| exports.find(r)).cloned().collect();
        if !found.is_empty() {
            return found.iter().all(|t| t.done);
        }
    }
    rec.status.as_ref().is_some_and(|s| is_done(&s.value))
}

pub(crate) fn compute(audited: &[(&Input, Option<String>)], options: &Options) -> Trends {
    let today = options.now_seconds.div_euclid(86_400);
    let mut by_quarter: BTreeMap<String, Vec<&Input>> = BTreeMap::new();
    let mut undated = 0;
    for (input, date) in audited {
        match date.as_deref().and_then(quarter_of) {
            Some(q) => by_quarter.entry(q).or_default().push(input),
            None => undated += 1,
        }
    }
    let (Some(first), Some(last)) = (by_quarter.keys().next(), by_quarter.keys().next_back()) else {
        return Trends { undated, ..Trends::default() };
    };
    let all = quarters_between(first, last);
    let mut trends = Trends { undated, ..Trends::default() };
    let mut by_severity: BTreeMap<(String, String), Vec<&Report>> = BTreeMap::new();
    for quarter in &all {
        let inputs = by_quarter.get(quarter).map(Vec::as_slice).unwrap_or(&[]);
        let reports: Vec<&Report> = inputs.iter().map(|i| &i.report).collect();
        let (detect, contain, recover) = stats(&reports);
        trends.quarters.push(QuarterTrend {
            quarter: quarter.clone(),
            incidents: inputs.len(),
            time_to_detect: detect,
            time_to_contain: contain,
            time_to_recover: recover,
        });

        let mut actions = ActionTrend { quarter: quarter.clone(), ..ActionTrend::default() };
        let mut meetings = MeetingTrend { quarter: quarter.clone(), ..MeetingTrend::default() };
        for input in inputs {
            let severity = input.severity_level.clone().unwrap_or_else(|| {
                input
                    .report
                    .metadata
                    .severity
                    .as_ref()
                    .map(|s| s.value.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| UNSPECIFIED.to_owned())
            });
            by_severity.entry((severity, quarter.clone())).or_default().push(&input.report);
            for rec in &input.report.recommendations {
                actions.opened += 1;
                if effective_done(rec, options) {
                    actions.closed += 1;
                    continue;
                }
                actions.open += 1;
                if rec.due.as_ref().and_then(|d| day_number(d.date.as_deref()?)).is_some_and(|day| day < today) {
                    actions.overdue += 1;
                }
            }
            match meeting_class(input, options, today) {
                MeetingClass::Timely => {
                    meetings.timely += 1;
                    meetings.counted += 1;
                }
                MeetingClass::Late | MeetingClass::Missing => meetings.counted += 1,
                _ => {}
            }
        }
        meetings.timely_share = (meetings.counted > 0).then(|| meetings.timely as f64 / meetings.counted as f64);
        trends.actions.push(actions);
        trends.meetings.push(meetings);
    }
    trends.by_severity = by_severity
        .into_iter()
        .map(|((severity, quarter), reports)| {
            let (detect, contain, recover) = stats(&reports);
            SeverityTrend {
                severity,
                quarter,
                incidents: reports.len(),
                time_to_detect: detect,
                time_to_contain: contain,
                time_to_recover: recover,
            }
        })
        .collect();
    trends
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters() {
        assert_eq!(quarter_of("2026-03-31").as_deref(), Some("2026-Q1"));
        assert_eq!(quarter_of("2026-04-01").as_deref(), Some("2026-Q2"));
        assert_eq!(quarter_of("2025-12-20").as_deref(), Some("2025-Q4"));
        assert_eq!(quarters_between("2025-Q3", "2026-Q2"), ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"]);
        assert_eq!(quarters_between("2026-Q1", "2026-Q1"), ["2026-Q1"]);
    }
}
