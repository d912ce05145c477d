//! Baselines: `--write-baseline FILE` records the current findings by
//! content fingerprint (rule + path + the text under the primary span, see
//! [`crate::fingerprint`]; version 1 files also hashed the message and are
//! still read) with a count per fingerprint;
//! `--baseline FILE` then hides up to that many findings per fingerprint,
//! so only new findings are reported. Line numbers play no part: editing
//! above a finding does not break the match.

use crate::files::Outcome;
use crate::fingerprint;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

#[derive(Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub tool: String,
    pub findings: Vec<Entry>,
}

#[derive(Serialize, Deserialize, Clone)]
pub struct Entry {
    pub rule: String,
    pub path: String,
    pub fingerprint: String,
    pub count: usize,
    /// The first finding's message, for people reading the file.
    #[serde(default)]
    pub message: String,
}

pub fn from_outcome(outcome: &Outcome) -> Baseline {
    let mut entries: BTreeMap<(String, String, String), Entry> = BTreeMap::new();
    for report in &outcome.reports {
        let path = fingerprint::normalize_path(&report.path);
        for f in &report.findings {
            let fp = fingerprint::of(&report.path, &report.source, f);
            entries
                .entry((path.clone(), f.rule.clone(), fp.clone()))
                .or_insert_with(|| Entry {
                    rule: f.rule.clone(),
                    path: path.clone(),
                    fingerprint: fp,
                    count: 0,
                    message: f.message.clone(),
                })
                .count += 1;
        }
    }
    Baseline { version: 2, tool: "pirlint".into(), findings: entries.into_values().collect() }
}

pub fn write(path: &Path, baseline: &Baseline) -> Result<(), String> {
    let mut text = serde_json::to_string_pretty(baseline).expect("serializable");
    text.push('\n');
    std::fs::write(path, text).map_err(|e| format!("cannot write the baseline {}: {e}", path.display()))
}

pub fn read(path: &Path) -> Result<Baseline, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read the baseline {}: {e}", path.display()))?;
    let baseline: Baseline =
        serde_json::from_str(&text).map_err(|e| format!("{} is not a pirlint baseline: {e}", path.display()))?;
    if !matches!(baseline.version, 1 | 2) {
        return Err(format!("{}: unsupported baseline version {}", path.display(), baseline.version));
    }
    Ok(baseline)
}

/// Removes the findings the baseline accounts for (consuming its counts in
/// file order) and returns how many were removed.
pub fn filter(outcome: &mut Outcome, baseline: &Baseline) -> usize {
    let mut remaining: HashMap<&str, usize> = HashMap::new();
    for e in &baseline.findings {
        *remaining.entry(e.fingerprint.as_str()).or_default() += e.count;
    }
    let mut removed = 0;
    for report in &mut outcome.reports {
        let source = report.source.clone();
        let path = report.path.clone();
        report.findings.retain(|f| {
            let fp = if baseline.version == 1 { fingerprint::of_v1(&path, &source, f) } else { fingerprint::of(&path, &source, f) };
            match remaining.get_mut(fp.as_str()) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    removed += 1;
                    false
                }
                _ => true,
            }
        });
    }
    removed
}
