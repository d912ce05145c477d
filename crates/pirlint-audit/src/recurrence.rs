//! Recurrence: an incident that hit a system an earlier incident hit, or
//! that shares an incident type and a contributing factor with an earlier
//! one, within the window (`--recurrence-days`, 90 by default) — with
//! whether the earlier report's action items were done: a sign that the
//! lessons did not stick.
//!
//! Systems come from [`pirlint_report::Report::affected_systems`] (front
//! matter `systems`, `impact.systems`, the impact section's "Systems
//! affected:" line) and are compared case-insensitively after the policy's
//! `[systems]` alias map (`canonical = ["alias", ...]`) names them;
//! contributing factors from [`pirlint_report::Report::contributing_factors`],
//! compared case-insensitively with runs of white space as one space.

use crate::trends::effective_done;
use crate::{day_number, Input, Options};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The default window, in days.
pub const DEFAULT_WINDOW_DAYS: u32 = 90;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Recurrence {
    pub window_days: u32,
    /// Incidents that recur an earlier one, latest first; one row per
    /// (incident, earlier incident) pair.
    pub recurrences: Vec<RecurrenceRow>,
    /// Dated reports that name no affected system.
    pub without_systems: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct RecurrenceRow {
    pub path: String,
    pub date: String,
    pub earlier: String,
    pub earlier_date: String,
    pub days_apart: i64,
    /// Systems both incidents hit (canonical names).
    pub systems: Vec<String>,
    /// The shared incident type, when the match is by type and factor.
    pub incident_type: Option<String>,
    /// Contributing factors both name (when of the same type).
    pub factors: Vec<String>,
    /// The earlier report's action items, and how many are done now (by
    /// the tracker where `--tickets` knows the ticket).
    pub earlier_actions: usize,
    pub earlier_actions_done: usize,
}

fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The canonical name of a system: the alias map's key for a known alias
/// (or the key itself), else the name as written, folded.
pub fn canonical_system(name: &str, aliases: &BTreeMap<String, Vec<String>>) -> String {
    let folded = fold(name);
    for (canonical, names) in aliases {
        if fold(canonical) == folded || names.iter().any(|n| fold(n) == folded) {
            return canonical.clone();
        }
    }
    folded
}

pub(crate) fn compute(audited: &[(&Input, Option<String>)], options: &Options) -> Recurrence {
    struct Item<'a> {
        input: &'a Input,
        date: String,
        day: i64,
        systems: Vec<String>,
        kind: Option<String>,
        factors: Vec<(String, String)>,
    }
    let mut out = Recurrence { window_days: options.recurrence_days, ..Recurrence::default() };
    let mut items: Vec<Item> = Vec::new();
    for (input, date) in audited {
        let Some((date, day)) = date.as_ref().and_then(|d| Some((d.clone(), day_number(d)?))) else { continue };
        let mut systems: Vec<String> = Vec::new();
        for s in input.report.affected_systems() {
            let c = canonical_system(&s, &options.system_aliases);
            if !systems.contains(&c) {
                systems.push(c);
            }
        }
        if systems.is_empty() {
            out.without_systems.push(input.path.clone());
        }
        let kind = input.report.metadata.incident_type.as_ref().map(|t| fold(&t.value)).filter(|t| !t.is_empty());
        let factors = input.report.contributing_factors().into_iter().map(|f| (fold(&f), f.split_whitespace().collect::<Vec<_>>().join(" "))).collect();
        items.push(Item { input, date, day, systems, kind, factors });
    }
    items.sort_by(|a, b| (a.day, &a.input.path).cmp(&(b.day, &b.input.path)));
    for (i, later) in items.iter().enumerate() {
        for earlier in &items[..i] {
            let days = later.day - earlier.day;
            if days > i64::from(options.recurrence_days) {
                continue;
            }
            let systems: Vec<String> = later.systems.iter().filter(|s| earlier.systems.contains(s)).cloned().collect();
            let same_type = later.kind.is_some() && later.kind == earlier.kind;
            let factors: Vec<String> = if same_type {
                later.factors.iter().filter(|(f, _)| earlier.factors.iter().any(|(e, _)| e == f)).map(|(_, shown)| shown.clone()).collect()
            } else {
                Vec::new()
            };
            if systems.is_empty() && factors.is_empty() {
                continue;
            }
            let recs = &earlier.input.report.recommendations;
            out.recurrences.push(RecurrenceRow {
                path: later.input.path.clone(),
                date: later.date.clone(),
                earlier: earlier.input.path.clone(),
                earlier_date: earlier.date.clone(),
                days_apart: days,
                systems,
                incident_type: (!factors.is_empty()).then(|| later.input.report.metadata.incident_type.as_ref().map(|t| t.value.trim().to_owned())).flatten(),
                factors,
                earlier_actions: recs.len(),
                earlier_actions_done: recs.iter().filter(|r| effective_done(r, options)).count(),
            });
        }
    }
    out.recurrences.sort_by(|a, b| (&b.date, &a.path, &b.earlier_date, &a.earlier).cmp(&(&a.date, &b.path, &a.earlier_date, &b.earlier)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_name_systems() {
        let aliases = BTreeMap::from([("auth-service".to_owned(), vec!["Auth service".to_owned(), "token  service".to_owned()])]);
        assert_eq!(canonical_system("auth service", &aliases), "auth-service");
        assert_eq!(canonical_system("Token Service", &aliases), "auth-service");
        assert_eq!(canonical_system("AUTH-SERVICE", &aliases), "auth-service");
        assert_eq!(canonical_system("Mail  Gateway", &aliases), "mail gateway");
    }
}
