//! The reading list for new team members: per incident type, the
//! best-written reports — those that pass the policy, most complete first.
//!
//! **Completeness** is the share of these 15 points a report earns (what a
//! newcomer needs to follow an incident from start to finish):
//!
//! - 7 sections, by kind (the heading table's): an executive summary, a
//!   timeline, the investigation, the impact, the response (containment,
//!   eradication or recovery), lessons learned, recommendations;
//! - 5 times: occurred, detected, contained, recovered, resolved;
//! - a timeline whose entries give phases;
//! - a lessons-learned meeting date;
//! - action items: at least one, each with an owner, a due date and a
//!   ticket.
//!
//! Ties go to the report with fewer findings (at any severity), then the
//! more recent incident, then the path.

use crate::{incident_date, Input, Options, UNSPECIFIED};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How many reports each incident type lists.
pub const PER_TYPE: usize = 3;

pub const DEFINITION: &str = "passing reports, most complete first: 15 points — 7 sections (executive summary, timeline, investigation, impact, response, lessons learned, recommendations), 5 times (occurred, detected, contained, recovered, resolved), timeline phases, a meeting date, action items each with owner, due date and ticket; ties to fewer findings, then the more recent";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ReadingList {
    pub definition: String,
    /// At most this many reports per type.
    pub per_type: usize,
    /// By incident type ("unspecified" when absent).
    pub types: Vec<ReadingType>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ReadingType {
    pub incident_type: String,
    /// Reports of this type.
    pub reports: usize,
    /// Of those, reports that pass the policy.
    pub passing: usize,
    pub list: Vec<ReadingEntry>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ReadingEntry {
    pub path: String,
    pub title: Option<String>,
    pub date: Option<String>,
    /// points / max-points.
    pub completeness: f64,
    pub points: usize,
    pub max_points: usize,
    /// What the report lacks, by name ("impact section", "contained time").
    pub missing: Vec<String>,
    pub findings: usize,
}

const SECTIONS: [(&str, &[&str]); 7] = [
    ("executive summary", &["executive-summary"]),
    ("timeline", &["timeline"]),
    ("investigation", &["investigation"]),
    ("impact", &["impact"]),
    ("response", &["containment", "eradication", "recovery"]),
    ("lessons learned", &["lessons-learned"]),
    ("recommendations", &["recommendations"]),
];

/// (points, max, what is missing) of one report.
pub fn completeness(input: &Input) -> (usize, usize, Vec<String>) {
    let r = &input.report;
    let md = &r.metadata;
    let mut missing = Vec::new();
    for (name, kinds) in SECTIONS {
        if !r.sections.iter().any(|s| s.kind.as_deref().is_some_and(|k| kinds.contains(&k))) {
            missing.push(format!("{name} section"));
        }
    }
    for (name, time) in [
        ("occurred", &md.occurred),
        ("detected", &md.detected),
        ("contained", &md.contained),
        ("recovered", &md.recovered),
        ("resolved", &md.resolved),
    ] {
        if time.as_ref().and_then(|t| t.date.as_ref()).is_none() {
            missing.push(format!("{name} time"));
        }
    }
    if !r.timeline.iter().any(|e| e.phase.as_ref().is_some_and(|p| !p.value.trim().is_empty())) {
        missing.push("timeline phases".into());
    }
    if md.meeting.as_ref().and_then(|m| m.date.as_ref()).and_then(|d| d.date.as_ref()).is_none() {
        missing.push("meeting date".into());
    }
    let complete_items = !r.recommendations.is_empty()
        && r.recommendations.iter().all(|x| {
            let set = |t: &Option<pirlint_report::Text>| t.as_ref().is_some_and(|t| !t.value.trim().is_empty());
            set(&x.owner) && set(&x.tracking) && x.due.as_ref().is_some_and(|d| d.date.is_some())
        });
    if !complete_items {
        missing.push("action items with owner, due date and ticket".into());
    }
    let max = SECTIONS.len() + 5 + 3;
    (max - missing.len(), max, missing)
}

pub(crate) fn compute(audited: &[(&Input, Option<String>)], options: &Options) -> ReadingList {
    let mut by_type: BTreeMap<String, ReadingType> = BTreeMap::new();
    let mut candidates: BTreeMap<String, Vec<ReadingEntry>> = BTreeMap::new();
    for (input, date) in audited {
        let md = &input.report.metadata;
        let kind = md
            .incident_type
            .as_ref()
            .map(|t| t.value.trim().to_owned())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| UNSPECIFIED.to_owned());
        let entry = by_type.entry(kind.clone()).or_insert_with(|| ReadingType { incident_type: kind.clone(), ..ReadingType::default() });
        entry.reports += 1;
        if input.findings.iter().any(|f| f.severity >= options.fail_on) {
            continue;
        }
        entry.passing += 1;
        let (points, max_points, missing) = completeness(input);
        candidates.entry(kind).or_default().push(ReadingEntry {
            path: input.path.clone(),
            title: md.title.as_ref().map(|t| t.value.trim().to_owned()),
            date: date.clone().or_else(|| incident_date(&input.report)),
            completeness: (points as f64 / max_points as f64 * 10_000.0).round() / 10_000.0,
            points,
            max_points,
            missing,
            findings: input.findings.len(),
        });
    }
    for (kind, mut list) in candidates {
        list.sort_by(|a, b| {
            b.points
                .cmp(&a.points)
                .then(a.findings.cmp(&b.findings))
                .then_with(|| b.date.cmp(&a.date))
                .then_with(|| a.path.cmp(&b.path))
        });
        list.truncate(PER_TYPE);
        if let Some(t) = by_type.get_mut(&kind) {
            t.list = list;
        }
    }
    ReadingList { definition: DEFINITION.to_owned(), per_type: PER_TYPE, types: by_type.into_values().collect() }
}
