//! The summary sentences every output format prints, written once so that
//! the table, Markdown and HTML renderings cannot drift apart. `style` says
//! how the target format writes free text (escaped or not) and a list of
//! report paths (plain, or as links).

use crate::render::percent;
use crate::Audit;

pub struct Style<'a> {
    pub text: &'a dyn Fn(&str) -> String,
    pub paths: &'a dyn Fn(&[String]) -> String,
}

fn optional(value: Option<usize>) -> String {
    value.map_or("—".into(), |v| v.to_string())
}

pub fn compliance(audit: &Audit) -> String {
    let c = &audit.compliance;
    format!(
        "{} of {} reports pass ({}), {} fail. Findings: {} errors, {} warnings, {} infos.",
        c.passed,
        audit.reports.audited,
        percent(c.pass_rate),
        c.failed,
        c.findings.error,
        c.findings.warning,
        c.findings.info
    )
}

pub fn actions(audit: &Audit, style: &Style) -> String {
    let a = &audit.metrics.actions;
    format!(
        "Actions: {}. Measured in {} reports: {} in all, median {}, 90th percentile {}, max {}, mean {}. Without phases: {}.",
        (style.text)(&a.definition),
        a.measured,
        a.total,
        optional(a.median),
        optional(a.p90),
        optional(a.max),
        a.mean.map_or("—".into(), |m| format!("{m:.2}")),
        (style.paths)(&a.without_phases)
    )
}

pub fn follow_through(audit: &Audit) -> String {
    let f = &audit.follow_through;
    format!(
        "{} recommendations: {} open, {} done; {} open past their due date.{}",
        f.recommendations,
        f.open,
        f.done,
        f.overdue,
        if f.tickets.is_some() { " Statuses from the tracker where it knows the ticket, else from the report." } else { "" }
    )
}

/// The tracker paragraph (none without `--tickets`).
pub fn tickets(audit: &Audit, style: &Style) -> Option<String> {
    let t = audit.follow_through.tickets.as_ref()?;
    Some(format!(
        "Tracker exports: {} ({} tickets). {} of {} recommendations reference a ticket, {} do not; {} took the tracker's status. Recommendations on which the report and the tracker disagree: {}. Recommendations naming tickets the exports do not know: {}.",
        (style.text)(&t.files.join(", ")),
        t.exported,
        t.referenced,
        audit.follow_through.recommendations,
        t.without_reference,
        t.from_tracker,
        t.disagreements.len(),
        t.unknown.len(),
    ))
}

pub fn meetings(audit: &Audit, style: &Style) -> String {
    let mt = &audit.follow_through.meetings;
    format!(
        "Held {}: {} of {} ({}). Late: {}. Missing: {}. Not yet due: {}. Dated before the end: {}. No end date: {}.",
        meeting_deadline(mt),
        mt.timely,
        mt.timely + mt.late.len() + mt.missing.len(),
        mt.timely_share.map_or("—".into(), percent),
        (style.paths)(&mt.late),
        (style.paths)(&mt.missing),
        (style.paths)(&mt.pending),
        (style.paths)(&mt.before_end),
        (style.paths)(&mt.no_end),
    )
}

/// "within 5 days of the end of the incident", or per severity when the
/// deadlines differ: "on time (SEV1 3 days, SEV2 5 business days, otherwise
/// 5 days after the end of the incident)", with the holidays business days
/// leave out.
pub fn meeting_deadline(mt: &crate::MeetingStats) -> String {
    let days = |n: u32, business: bool| format!("{n} {}day{}", if business { "business " } else { "" }, if n == 1 { "" } else { "s" });
    let policy = if mt.max_days_from_policy { " (policy)" } else { "" };
    let mut text = if mt.deadlines.iter().all(|d| (d.days, d.business_days) == (mt.max_days, mt.business_days)) {
        format!("within {} of the end of the incident{policy}", days(mt.max_days, mt.business_days))
    } else {
        let levels: Vec<String> = mt.deadlines.iter().map(|d| format!("{} {}", d.level, days(d.days, d.business_days))).collect();
        format!("on time ({}, otherwise {}{policy} after the end of the incident)", levels.join(", "), days(mt.max_days, mt.business_days))
    };
    let business = mt.business_days || mt.deadlines.iter().any(|d| d.business_days);
    if business && (mt.us_federal_holidays || !mt.holidays.is_empty()) {
        let mut less = Vec::new();
        if mt.us_federal_holidays {
            less.push("the US federal holidays".to_owned());
        }
        if !mt.holidays.is_empty() {
            less.push(format!("{} more holiday{}", mt.holidays.len(), if mt.holidays.len() == 1 { "" } else { "s" }));
        }
        text.push_str(&format!(" (business days less {})", less.join(" and ")));
    }
    text
}

pub fn trends(audit: &Audit) -> String {
    let t = &audit.trends;
    format!(
        "Per quarter of the incident date ({} quarters{}). Response times: nearest-rank median / 90th percentile (measured). Action items by the quarter of the incident that raised them; closed, open and overdue as of now{}.",
        t.quarters.len(),
        if t.undated > 0 { format!("; {} undated reports left out", t.undated) } else { String::new() },
        if audit.follow_through.tickets.is_some() { ", by the tracker where it knows the ticket" } else { "" }
    )
}

pub fn reading(audit: &Audit) -> String {
    let r = &audit.reading_list;
    format!(
        "Per incident type, up to {} {}. {} incident types, {} reports listed.",
        r.per_type,
        r.definition,
        r.types.len(),
        r.types.iter().map(|t| t.list.len()).sum::<usize>()
    )
}

pub fn recurrence(audit: &Audit, style: &Style) -> String {
    let r = &audit.recurrence;
    format!(
        "Incidents at most {} days after an earlier one that hit the same system, or of the same type with a contributing factor in common: {}; in {} of them the earlier report's action items were not all done. Dated reports that name no affected system: {}.",
        r.window_days,
        r.recurrences.len(),
        r.recurrences.iter().filter(|x| x.earlier_actions_done < x.earlier_actions).count(),
        (style.paths)(&r.without_systems)
    )
}

/// What two incidents share: "systems: a, b; security factors: x".
pub fn shared(row: &crate::recurrence::RecurrenceRow) -> String {
    let mut parts = Vec::new();
    if !row.systems.is_empty() {
        parts.push(format!("systems: {}", row.systems.join(", ")));
    }
    if !row.factors.is_empty() {
        parts.push(format!("{} factors: {}", row.incident_type.as_deref().unwrap_or("same type"), row.factors.join(", ")));
    }
    parts.join("; ")
}

/// "1 of 2 done", or "none" for a report without action items.
pub fn earlier_actions(row: &crate::recurrence::RecurrenceRow) -> String {
    if row.earlier_actions == 0 {
        "none".into()
    } else {
        format!("{} of {} done", row.earlier_actions_done, row.earlier_actions)
    }
}

/// The reports that missed a deadline of any regulation, by path.
pub fn regulation_misses(audit: &Audit) -> Vec<String> {
    let mut paths: Vec<String> = audit
        .regulations
        .regimes
        .iter()
        .flat_map(|g| g.reports.iter().filter(|r| r.deadlines == crate::regulations::DeadlineStatus::Missed).map(|r| r.path.clone()))
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

pub fn regulations(audit: &Audit, style: &Style) -> String {
    let g = &audit.regulations;
    let mut under: Vec<&str> = g.regimes.iter().flat_map(|r| r.reports.iter().map(|x| x.path.as_str())).collect();
    under.sort_unstable();
    under.dedup();
    let missed = regulation_misses(audit);
    format!(
        "A report is in the scope of a regulation when it declares it (front matter `regulations`) or the policy applies it (`regulations` in `[[overrides]]`); naming it in the text does not count. Deadlines as the regulation's deadline rule judged them: met (no finding, a notification recorded; later stages may still be running), reason given (a notification states why it was late or not made), missed, start unknown (the time the deadlines run from is not recorded), none due yet (no notification recorded, no deadline passed), not checked (the deadline rule is off for the report, or no rule checks the regulation). {} of {} reports are under a regulation; reports that missed a deadline: {}.",
        under.len(),
        audit.reports.audited,
        (style.paths)(&missed)
    )
}
