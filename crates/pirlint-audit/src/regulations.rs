//! The regulations view: per regulation (GDPR, NIS2, DORA, SEC Form 8-K,
//! and any other name a report declares or the policy applies), the reports
//! in its scope, and whether their notification deadlines were met or
//! missed, as the `compliance` plugin's rules judged them.
//!
//! **In scope**: a report is in the scope of a regulation when
//! [`pirlint_host::Linter::regulations`] lists it — declared in the front
//! matter (`regulations`) or applied by a matching `[[overrides]]` of the
//! policy (`regulations = [...]`). A regulation named in the text only
//! ("GDPR", "72 hours") does not count, as it does not for the rules.
//! Spellings the plugin accepts are counted under one name (`GDPR` and
//! `eu-gdpr` as `gdpr`, `NIS 2` as `nis2`, `Form 8-K` as `sec-8k`); other
//! names as written, lower-cased.
//!
//! **Deadlines**, per report and regulation, from the findings of the
//! regulation's deadline rule (`compliance/gdpr-deadline`,
//! `compliance/nis2-deadlines`, `compliance/dora-deadlines`,
//! `compliance/sec-8k-deadline`) — the audit does no deadline arithmetic of
//! its own, so it cannot disagree with `pirlint check`:
//!
//! - **not checked**: the deadline rule is off for the report (in the policy
//!   or a matching override), or no rule checks the regulation. Not counted
//!   as met: nothing looked at it.
//! - **missed**: the rule found a deadline passed with no notification, or a
//!   notification made late, without a reason given.
//! - **start unknown**: the rule's finding is that the report does not
//!   record the time its deadlines run from (`aware` — or `detected`, unless
//!   the rule's `detected-as-aware` is false — for GDPR and NIS2;
//!   `classified-major` for DORA; `materiality-determined` for SEC): the
//!   deadlines could not be checked.
//! - **reason given**: no finding, and a notification of the regulation
//!   states a reason (`delay-reason`) for a delay or for not notifying —
//!   what the regulations accept in place of timeliness (GDPR Art. 33(1)).
//! - **met**: no finding, and at least one notification of the regulation
//!   with its time (`at`) is recorded: every deadline that has passed was
//!   met. Later stages (a NIS2 final report, a DORA final report) may still
//!   be running; they are judged when they fall due.
//! - **none due yet**: no finding and no notification recorded: a deadline
//!   still running at the run's "now", or none started (DORA before the
//!   classification as major).
//!
//! **Missing contents**: a finding of the regulation's contents rules
//! (`compliance/gdpr-contents`, `compliance/gdpr-record`,
//! `compliance/nis2-contents`, `compliance/dora-contents`,
//! `compliance/sec-8k-contents`); not checked when all of them are off for
//! the report. A finding suppressed in the report counts as none, as
//! everywhere in the audit.

use crate::{FindingRow, Input, Options};
use pirlint_plugin_sdk::regulations::{self, unanswered};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The regulations the `compliance` plugin checks, in the order shown,
/// with their deadline rule and contents rules.
pub const KNOWN: [(&str, &str, &[&str]); 4] = [
    ("gdpr", "compliance/gdpr-deadline", &["compliance/gdpr-contents", "compliance/gdpr-record"]),
    ("nis2", "compliance/nis2-deadlines", &["compliance/nis2-contents"]),
    ("dora", "compliance/dora-deadlines", &["compliance/dora-contents"]),
    ("sec-8k", "compliance/sec-8k-deadline", &["compliance/sec-8k-contents"]),
];

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Regulations {
    /// The four regulations the plugin checks (always, in scope or not),
    /// then any other that applies to an audited report, by name.
    pub regimes: Vec<RegimeStats>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct RegimeStats {
    /// `gdpr`, `nis2`, `dora`, `sec-8k`, or another name as written.
    pub regime: String,
    /// The rule that checks its deadlines; null when none does.
    pub deadline_rule: Option<String>,
    pub contents_rules: Vec<String>,
    /// Audited reports in its scope.
    pub in_scope: usize,
    /// Of those, by deadline status (they add up to `in-scope`).
    pub met: usize,
    pub reason_given: usize,
    pub missed: usize,
    pub start_unknown: usize,
    pub none_due_yet: usize,
    pub not_checked: usize,
    /// Reports in scope with a finding of a contents rule.
    pub missing_contents: usize,
    /// Every report in scope, by path.
    pub reports: Vec<RegimeReport>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct RegimeReport {
    pub path: String,
    /// The incident date.
    pub date: Option<String>,
    /// The report declares the regulation (else only the policy applies it).
    pub declared: bool,
    pub deadlines: DeadlineStatus,
    pub contents: ContentsStatus,
    /// Notifications of the regulation recorded with a time (`at`).
    pub notifications: usize,
    /// The findings of its deadline and contents rules, in report order.
    pub findings: Vec<FindingRow>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeadlineStatus {
    Met,
    ReasonGiven,
    Missed,
    StartUnknown,
    NoneDueYet,
    NotChecked,
}

impl DeadlineStatus {
    /// As the tables print it.
    pub fn text(self) -> &'static str {
        match self {
            DeadlineStatus::Met => "met",
            DeadlineStatus::ReasonGiven => "reason given",
            DeadlineStatus::Missed => "missed",
            DeadlineStatus::StartUnknown => "start unknown",
            DeadlineStatus::NoneDueYet => "none due yet",
            DeadlineStatus::NotChecked => "not checked",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ContentsStatus {
    /// The contents rules found nothing.
    NoFinding,
    Missing,
    NotChecked,
}

impl ContentsStatus {
    pub fn text(self) -> &'static str {
        match self {
            ContentsStatus::NoFinding => "no finding",
            ContentsStatus::Missing => "missing",
            ContentsStatus::NotChecked => "not checked",
        }
    }
}

impl RegimeReport {
    /// Shown in the table of reports to look at: a deadline missed or not
    /// checkable, or contents missing.
    pub fn needs_attention(&self) -> bool {
        matches!(self.deadlines, DeadlineStatus::Missed | DeadlineStatus::StartUnknown) || self.contents == ContentsStatus::Missing
    }
}

/// The name a regulation is counted under: the plugin's spellings of its
/// four regulations as their id (the SDK's table, which the `compliance`
/// plugin reads too), any other name trimmed and lower-cased.
pub fn regime_id(text: &str) -> String {
    regulations::regime_id(text).map_or_else(|| text.trim().to_lowercase(), str::to_owned)
}

fn rule_on(input: &Input, options: &Options, id: &str) -> bool {
    match &input.rules {
        Some(set) => set.rules.get(id).is_some_and(|r| r.severity.is_some()),
        None => options.rules.iter().any(|r| r == id),
    }
}

/// Whether the report records the time the regulation's deadlines run from.
fn start_recorded(input: &Input, regime: &str) -> bool {
    let md = &input.report.metadata;
    let has = |t: &Option<pirlint_report::Timestamp>| t.as_ref().is_some_and(|t| t.date.is_some());
    match regime {
        "gdpr" | "nis2" => {
            let rule = if regime == "gdpr" { KNOWN[0].1 } else { KNOWN[1].1 };
            let detected_counts = input
                .rules
                .as_ref()
                .and_then(|set| set.rules.get(rule))
                .and_then(|r| r.options.get("detected-as-aware"))
                .and_then(|v| v.as_bool())
                .unwrap_or(true);
            has(&md.aware) || (detected_counts && has(&md.detected))
        }
        "dora" => has(&md.classified_major),
        "sec-8k" => has(&md.materiality_determined),
        _ => true,
    }
}

fn row(f: &pirlint_host::Finding) -> FindingRow {
    FindingRow {
        rule: f.rule.clone(),
        severity: f.severity,
        line: f.primary.start.line,
        column: f.primary.start.column,
        message: f.message.clone(),
    }
}

fn judge(input: &Input, date: &Option<String>, options: &Options, regime: &str, declared: bool) -> RegimeReport {
    let known = KNOWN.iter().find(|(id, _, _)| *id == regime);
    let notices: Vec<_> = input
        .report
        .metadata
        .notifications
        .iter()
        .filter(|n| n.regime.as_ref().is_some_and(|r| regime_id(&r.value) == regime))
        .collect();
    let notifications = notices.iter().filter(|n| n.at.as_ref().is_some_and(|t| t.date.is_some())).count();
    let reason = notices.iter().any(|n| n.delay_reason.as_ref().is_some_and(|r| !unanswered(&r.value)));
    let (deadlines, contents, findings) = match known {
        None => (DeadlineStatus::NotChecked, ContentsStatus::NotChecked, Vec::new()),
        Some((_, deadline_rule, contents_rules)) => {
            let ours = |f: &&pirlint_host::Finding| f.rule == *deadline_rule || contents_rules.contains(&f.rule.as_str());
            let findings: Vec<&pirlint_host::Finding> = input.findings.iter().filter(ours).collect();
            let deadlines = if !rule_on(input, options, deadline_rule) {
                DeadlineStatus::NotChecked
            } else if findings.iter().any(|f| f.rule == *deadline_rule) {
                if start_recorded(input, regime) { DeadlineStatus::Missed } else { DeadlineStatus::StartUnknown }
            } else if reason {
                DeadlineStatus::ReasonGiven
            } else if notifications > 0 {
                DeadlineStatus::Met
            } else {
                DeadlineStatus::NoneDueYet
            };
            let contents = if !contents_rules.iter().any(|r| rule_on(input, options, r)) {
                ContentsStatus::NotChecked
            } else if findings.iter().any(|f| contents_rules.contains(&f.rule.as_str())) {
                ContentsStatus::Missing
            } else {
                ContentsStatus::NoFinding
            };
            (deadlines, contents, findings.into_iter().map(row).collect())
        }
    };
    RegimeReport { path: input.path.clone(), date: date.clone(), declared, deadlines, contents, notifications, findings }
}

pub(crate) fn compute(audited: &[(&Input, Option<String>)], options: &Options) -> Regulations {
    let mut by_regime: BTreeMap<String, Vec<RegimeReport>> = BTreeMap::new();
    for (input, date) in audited {
        let declared: Vec<String> = input.report.metadata.regulations.iter().map(|r| regime_id(&r.value)).collect();
        let mut seen: Vec<String> = Vec::new();
        for name in &input.regulations {
            let regime = regime_id(name);
            if regime.is_empty() || seen.contains(&regime) {
                continue;
            }
            let report = judge(input, date, options, &regime, declared.contains(&regime));
            by_regime.entry(regime.clone()).or_default().push(report);
            seen.push(regime);
        }
    }
    let mut regimes = Vec::new();
    let stats = |regime: &str, reports: Vec<RegimeReport>| {
        let known = KNOWN.iter().find(|(id, _, _)| *id == regime);
        let count = |s: DeadlineStatus| reports.iter().filter(|r| r.deadlines == s).count();
        RegimeStats {
            regime: regime.to_owned(),
            deadline_rule: known.map(|k| k.1.to_owned()),
            contents_rules: known.map(|k| k.2.iter().map(|r| (*r).to_owned()).collect()).unwrap_or_default(),
            in_scope: reports.len(),
            met: count(DeadlineStatus::Met),
            reason_given: count(DeadlineStatus::ReasonGiven),
            missed: count(DeadlineStatus::Missed),
            start_unknown: count(DeadlineStatus::StartUnknown),
            none_due_yet: count(DeadlineStatus::NoneDueYet),
            not_checked: count(DeadlineStatus::NotChecked),
            missing_contents: reports.iter().filter(|r| r.contents == ContentsStatus::Missing).count(),
            reports,
        }
    };
    for (id, _, _) in KNOWN {
        let reports = by_regime.remove(id).unwrap_or_default();
        regimes.push(stats(id, reports));
    }
    for (regime, reports) in by_regime {
        regimes.push(stats(&regime, reports));
    }
    // `audited` is sorted by path, so each regime's reports are too.
    Regulations { regimes }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_count_under_one_name() {
        assert_eq!(regime_id("GDPR"), "gdpr");
        assert_eq!(regime_id("eu-gdpr"), "gdpr");
        assert_eq!(regime_id("NIS 2"), "nis2");
        assert_eq!(regime_id("Form 8-K"), "sec-8k");
        assert_eq!(regime_id("sec-8k"), "sec-8k");
        assert_eq!(regime_id(" HIPAA "), "hipaa");
    }

    #[test]
    fn placeholders_are_no_reason() {
        assert!(unanswered("TBD.") && unanswered(" ") && unanswered("?"));
        assert!(!unanswered("Forensics confirmed the scope on 5 March"));
    }
}
