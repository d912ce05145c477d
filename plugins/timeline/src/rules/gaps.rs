//! `timeline/gaps`.

use pirlint_plugin_sdk::prelude::*;

use crate::*;

const ID: &str = "timeline/gaps";

rule! {
    /// Reports a gap longer than `max-gap-hours` (default 24) between two
    /// consecutive timed entries while the incident was open. The finding is on the
    /// entry after the gap, with a secondary label on the entry before it.
    ///
    /// Only the part of a gap inside the open period counts. The period starts at
    /// the front-matter `detected` time, else the first detection entry (by phase
    /// tag or keyword), else the first entry; it ends at `recovered` (else
    /// `resolved`) when the front matter has one, else at the last recovery entry. A change made days before the
    /// incident was noticed, or a follow-up weeks after it was resolved, is not a
    /// gap.
    ///
    /// The default of 24 hours comes from the corpus review: overnight pauses of
    /// 12–18 hours are common and normal in real timelines (work stops, the
    /// incident is mitigated), while a whole day without an entry is what reviewers
    /// ask about.
    ///
    /// ## Why it matters
    ///
    /// PagerDuty's guide asks for a timeline of facts backed by data, and NIST SP
    /// 800-61 for every step to be timestamped. A silent day in an open incident
    /// either hides work that was done (and should be credited and learned from) or
    /// waiting that was not explained — both worth a sentence.
    ///
    /// ## How to fix
    ///
    /// Add the events of the gap, or one entry saying why nothing happened
    /// ("waiting for the vendor's analysis").
    ///
    /// ```markdown
    /// - 2026-03-02 18:00 UTC Monitoring the fix overnight; no new errors (checked hourly).
    /// ```
    ///
    /// ## Options
    ///
    /// - `max-gap-hours` (number, default `24`).
    pub struct Gaps;
}

impl Rule for Gaps {
    const ID: &'static str = ID;
    const SUMMARY: &'static str = "No long silent gap between timeline entries while the incident was open";
    const DEFAULT_SEVERITY: Severity = Severity::Info;
    type Options = GapOptions;

    fn check(cx: &Context<'_>, opts: &GapOptions) -> Vec<Diagnostic> {
        with_entries(cx, |report, memo| gaps(report, memo, opts))
    }

    /// Written by hand: the default is the integer 24 and the minimum is
    /// exclusive, as the derived schema of an `f64` would not say.
    fn options_schema() -> pirlint_plugin_sdk::serde_json::Value {
        pirlint_plugin_sdk::serde_json::from_str(SCHEMA).unwrap_or_default()
    }
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct GapOptions {
    /// Longest accepted gap between consecutive timeline entries while the incident is open, in hours.
    pub max_gap_hours: f64,
}

const SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "max-gap-hours": {
      "description": "Longest accepted gap between consecutive timeline entries while the incident is open, in hours.",
      "type": "number",
      "exclusiveMinimum": 0,
      "default": 24
    }
  },
  "additionalProperties": false
}"#;

impl Default for GapOptions {
    fn default() -> Self {
        GapOptions { max_gap_hours: 24.0 }
    }
}

fn gaps(report: &Report, memo: &PhaseMemo, opts: &GapOptions) -> Vec<Diagnostic> {
    let m = &report.metadata;
    let tl = &report.timeline;
    let Some(first) = tl.iter().find_map(|e| e.timestamp.utc_seconds) else {
        return Vec::new();
    };
    // The incident is open from detection to resolution; before detection
    // (a latent change days earlier) and after it (follow-ups) long gaps are
    // normal.
    let start = m
        .detected
        .as_ref()
        .and_then(|t| t.utc_seconds)
        .or_else(|| {
            memo.entries_of("detection")
                .into_iter()
                .find_map(|i| tl[i].timestamp.utc_seconds)
        })
        .unwrap_or(first);
    // Once service is recovered the urgent part is over: follow-up work
    // over the next days is not a silence.
    let end = m
        .recovered
        .as_ref()
        .and_then(|t| t.utc_seconds)
        .or_else(|| m.resolved.as_ref().and_then(|t| t.utc_seconds))
        .or_else(|| {
            memo.entries_of("recovery")
                .into_iter()
                .rev()
                .find_map(|i| tl[i].timestamp.utc_seconds)
        })
        .unwrap_or(i64::MAX);
    let max = (opts.max_gap_hours * 3600.0) as i64;
    // (previous entry, next entry, gap length)
    let mut found: Vec<(usize, usize, i64)> = Vec::new();
    let mut prev: Option<(usize, i64)> = None;
    for (i, e) in tl.iter().enumerate() {
        let Some(cs) = e.timestamp.utc_seconds else {
            // An entry with an unknown time shows activity somewhere in the
            // gap: the silence cannot be measured across it.
            prev = None;
            continue;
        };
        if let Some((p, ps)) = prev {
            let open = cs.min(end) - ps.max(start);
            if cs > ps && open > max {
                found.push((p, i, cs - ps));
            }
        }
        prev = Some((i, cs));
    }
    let Some(&(p, n, len)) = found.iter().max_by_key(|g| g.2) else {
        return Vec::new();
    };
    // One finding per report, on the longest gap; the others as labels.
    let msg = if found.len() == 1 {
        format!(
            "{} without a timeline entry while the incident was open",
            human_duration(len)
        )
    } else {
        format!(
            "{} gaps of over {} h without a timeline entry while the incident was open; the \
             longest is {}",
            found.len(),
            opts.max_gap_hours,
            human_duration(len)
        )
    };
    let mut d = Diagnostic::new(ID, entry_span(&tl[n]), msg)
        .label(format!("{} after the previous entry", human_duration(len)))
        .secondary(entry_span(&tl[p]), "previous entry");
    for &(_, n2, len2) in found.iter().filter(|g| g.1 != n) {
        d = d.secondary(
            entry_span(&tl[n2]),
            format!("{} after the previous entry", human_duration(len2)),
        );
    }
    vec![d.help(format!(
        "A long silence in the timeline of an open incident hides what was (or was not) \
         happening: waiting on a vendor, work paused overnight, or missing records. Add the \
         events in between, or one entry saying why nothing happened. Gaps over {} h are \
         reported (option `max-gap-hours`); time before detection and after resolution is \
         not counted.",
        opts.max_gap_hours
    ))]
}
