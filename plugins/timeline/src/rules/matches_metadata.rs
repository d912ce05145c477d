//! `timeline/matches-metadata`.

use pirlint_plugin_sdk::prelude::*;

use crate::*;

const ID: &str = "timeline/matches-metadata";

rule! {
    /// Checks that the times in the front matter agree with the timeline, within a
    /// tolerance (default 15 minutes):
    ///
    /// | front matter | must match |
    /// |---|---|
    /// | `detected` | the first detection entry |
    /// | `contained` | a containment entry |
    /// | `recovered` | a recovery entry |
    /// | `resolved` | a recovery entry or the last entry |
    ///
    /// Entries are placed in phases by their phase tags when the report tags any
    /// entry with that phase, else by the keywords of `timeline/phases` (defaults).
    /// A check runs only when both sides exist with a full date, time and zone:
    /// this rule never reports a missing time (`metrics/times` does). The finding is
    /// on the front-matter value, with a secondary label on the timeline entry.
    ///
    /// ## Why it matters
    ///
    /// Response metrics (time to detect, contain, recover — NIST SP 800-61 §3.4.2)
    /// are computed from the front matter, while readers follow the timeline. When
    /// they disagree, one of them is wrong, and the metrics reported to management
    /// may be too.
    ///
    /// ## How to fix
    ///
    /// Correct whichever side is wrong.
    ///
    /// ```yaml
    /// contained: 2026-03-02T15:05:00Z   # the timeline says "15:05 UTC — blocked the source addresses"
    /// ```
    ///
    /// ## Options
    ///
    /// - `tolerance-minutes` (integer, default `15`).
    pub struct MatchesMetadata;
}

impl Rule for MatchesMetadata {
    const ID: &'static str = ID;
    const SUMMARY: &'static str = "Front-matter times (detected, contained, recovered, resolved) agree with the timeline";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    type Options = MatchOptions;

    fn check(cx: &Context<'_>, opts: &MatchOptions) -> Vec<Diagnostic> {
        with_entries(cx, |report, memo| matches_metadata(report, memo, memo.source, opts))
    }
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct MatchOptions {
    /// Largest accepted difference between a front-matter time and its timeline entry.
    pub tolerance_minutes: u32,
}

impl Default for MatchOptions {
    fn default() -> Self {
        MatchOptions {
            tolerance_minutes: 15,
        }
    }
}

fn matches_metadata(report: &Report, memo: &PhaseMemo, source: &str, opts: &MatchOptions) -> Vec<Diagnostic> {
    let m = &report.metadata;
    let tol = i64::from(opts.tolerance_minutes) * 60;
    let mut out = Vec::new();
    let checks: [(&str, &Option<Timestamp>, &str, bool); 4] = [
        ("detected", &m.detected, "detection", true),
        ("contained", &m.contained, "containment", false),
        ("recovered", &m.recovered, "recovery", false),
        ("resolved", &m.resolved, "recovery", false),
    ];
    for (key, value, phase, first_only) in checks {
        let Some(ts) = value else { continue };
        let Some(at) = ts.utc_seconds else { continue };
        let mut cands: Vec<&TimelineEntry> = memo
            .entries_of(phase)
            .into_iter()
            .map(|i| &report.timeline[i])
            .filter(|e| e.timestamp.utc_seconds.is_some())
            .collect();
        if key == "resolved" {
            // Closing an incident is often the last entry, untagged.
            if let Some(last) = report.timeline.iter().rev().find(|e| e.timestamp.utc_seconds.is_some()) {
                cands.push(last);
            }
        }
        if first_only {
            cands.truncate(1);
        }
        if cands.is_empty() {
            continue;
        }
        let dist = |e: &TimelineEntry| (e.timestamp.utc_seconds.unwrap_or(at) - at).abs();
        if cands.iter().any(|e| dist(e) <= tol) {
            continue;
        }
        let nearest = cands.iter().min_by_key(|e| dist(e)).copied().unwrap_or(cands[0]);
        let diff = nearest.timestamp.utc_seconds.unwrap_or(at) - at;
        let which = if first_only {
            format!("the first {phase} entry")
        } else {
            format!("the nearest {phase} entry")
        };
        out.push(
            Diagnostic::new(
                ID,
                ts.span,
                format!(
                    "front-matter `{key}` ({}) differs by {} from {which} ({})",
                    text_of(source, ts).trim(),
                    human_duration(diff),
                    text_of(source, &nearest.timestamp).trim()
                ),
            )
            .label(format!("`{key}` here"))
            .secondary(entry_span(nearest), format!("{which} is {}", if diff > 0 { "later" } else { "earlier" }))
            .help(format!(
                "The front matter feeds the response metrics (time to detect, contain, \
                 recover); when it disagrees with the timeline, one of them is wrong. Correct \
                 whichever is wrong. Differences up to {} min are accepted (option \
                 `tolerance-minutes`).",
                opts.tolerance_minutes
            )),
        );
    }
    out
}
