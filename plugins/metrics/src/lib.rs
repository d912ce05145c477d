//! pirlint built-in plugin `metrics`: the response times in the metadata are
//! complete and in order, impact is recorded for serious incidents, and the
//! actions taken during the response are listed.

use pirlint_plugin_sdk::prelude::*;
use serde::Deserialize;

mod docs;
// The same phase vocabulary as the timeline plugin, so "a containment
// entry" means one thing in both.
#[allow(dead_code)]
#[path = "../../timeline/src/phases.rs"]
mod phases;

const TIMES: &str = "metrics/times";
const IMPACT: &str = "metrics/impact";
const ACTIONS: &str = "metrics/actions";

struct Metrics;

impl Plugin for Metrics {
    fn describe() -> PluginInfo {
        PluginInfo::new(
            "metrics",
            env!("CARGO_PKG_VERSION"),
            vec![
                RuleInfo::new(
                    TIMES,
                    "occurred ≤ detected ≤ contained ≤ recovered ≤ resolved, all present in final reports",
                    Severity::Error,
                    docs::TIMES,
                    pirlint_plugin_sdk::NO_OPTIONS_SCHEMA,
                ),
                RuleInfo::new(
                    IMPACT,
                    "Serious incidents record affected systems or users and a cost or impact estimate",
                    Severity::Warning,
                    docs::IMPACT,
                    docs::IMPACT_SCHEMA,
                ),
                RuleInfo::new(
                    ACTIONS,
                    "The actions taken during the response (containment, eradication, recovery) are listed",
                    Severity::Warning,
                    docs::ACTIONS,
                    pirlint_plugin_sdk::NO_OPTIONS_SCHEMA,
                ),
            ],
        )
    }

    fn check(
        report: Report,
        source: String,
        rules: Vec<RuleConfig>,
        _context: CheckContext,
    ) -> Result<Vec<Diagnostic>, String> {
        let mut out = Vec::new();
        if enabled(&rules, TIMES).is_some() {
            out.extend(times(&report, &source));
        }
        if let Some(cfg) = enabled(&rules, IMPACT) {
            out.extend(impact(&report, &options(cfg)?));
        }
        if enabled(&rules, ACTIONS).is_some() {
            out.extend(actions(&report, &source));
        }
        Ok(out)
    }
}

pirlint_plugin_sdk::export!(Metrics);

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Status {
    Final,
    Draft,
    Other,
}

fn status_of(report: &Report) -> Option<Status> {
    let s = report.metadata.status.as_ref()?.value.trim().to_lowercase();
    let s = s.replace(['_', '-'], " ");
    Some(match s.as_str() {
        "final" | "closed" | "resolved" | "complete" | "completed" | "done" | "published"
        | "reviewed" | "approved" => Status::Final,
        "draft" | "in progress" | "wip" | "open" | "investigating" | "ongoing" | "in review"
        | "under review" | "pending" => Status::Draft,
        _ => Status::Other,
    })
}

fn title_anchor(report: &Report, source: &str) -> Span {
    report
        .sections
        .iter()
        .find(|s| s.level == 1)
        .map_or_else(|| text::first_line(source), |s| s.heading_span)
}

fn human_duration(secs: i64) -> String {
    let m = secs.abs() / 60;
    let (d, h, mm) = (m / 1440, (m % 1440) / 60, m % 60);
    match (d, h, mm) {
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, 0, _) => format!("{d} d"),
        (d, h, _) => format!("{d} d {h} h"),
    }
}

fn is_placeholder(t: &str) -> bool {
    let t = t.trim().to_lowercase();
    t.is_empty()
        || ["tbd", "tba", "todo", "unknown", "n/a", "na", "?", "-", "none yet", "fixme", "xxx"]
            .contains(&t.as_str())
}

// ---------------------------------------------------------------------------
// metrics/times

fn times(report: &Report, source: &str) -> Vec<Diagnostic> {
    let m = &report.metadata;
    let chain: [(&str, &Option<Timestamp>); 5] = [
        ("occurred", &m.occurred),
        ("detected", &m.detected),
        ("contained", &m.contained),
        ("recovered", &m.recovered),
        ("resolved", &m.resolved),
    ];
    let status = status_of(report);
    let mut out = Vec::new();
    if status.is_none() && chain.iter().all(|(_, v)| v.is_none()) {
        // Nothing to judge (a report without front matter): one note, not
        // a finding per missing field, and never an error.
        let note = if m.span.is_none() {
            "the report has no front matter: response times (occurred, detected, contained, recovered, resolved) cannot be measured"
        } else {
            "the report's metadata has no incident times (occurred, detected, contained, recovered, resolved)"
        };
        out.push(
            Diagnostic::new(TIMES, title_anchor(report, source), note)
                .severity(Severity::Info)
                .label("no incident times for this report")
                .help(
                    "Time to detect, to contain and to recover are the response metrics NIST SP \
                     800-61 (§3.4.2) and the SANS handbook ask teams to track across incidents; \
                     a \"Time to detection: 54 minutes\" line cannot be checked or aggregated. \
                     Add YAML front matter with `occurred`, `detected`, `contained`, \
                     `recovered` and `resolved` (RFC 3339, e.g. `2026-03-02T13:42:00Z`) and a \
                     `status`. This note is informational until the report has a status.",
                ),
        );
        return out;
    }

    // Missing or unreadable times in a final report: one finding.
    if status == Some(Status::Final) {
        let mut missing = Vec::new();
        let mut unreadable = Vec::new();
        for (key, v) in chain {
            match v {
                None => missing.push(format!("`{key}`")),
                Some(t) if t.utc_seconds.is_none() => unreadable.push((key, t)),
                Some(_) => {}
            }
        }
        if !missing.is_empty() || !unreadable.is_empty() {
            let st = m.status.as_ref().map(|s| (s.span, s.value.clone()));
            let mut parts = Vec::new();
            if !missing.is_empty() {
                parts.push(format!("missing {}", missing.join(", ")));
            }
            if !unreadable.is_empty() {
                parts.push(format!(
                    "not a full date, time and zone: {}",
                    unreadable
                        .iter()
                        .map(|(k, _)| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            let (span, value) = st.unwrap_or((title_anchor(report, source), String::new()));
            let mut d = Diagnostic::new(
                TIMES,
                span,
                format!("report is `{value}` but its incident times are incomplete: {}", parts.join("; ")),
            )
            .label("the report is final")
            .help(
                "A final report must give when the incident occurred, was detected, \
                 contained, recovered from and resolved: these feed the response metrics (time \
                 to detect, contain, recover) that NIST SP 800-61 §3.4.2 asks teams to track. \
                 Write each as an RFC 3339 timestamp (`2026-03-02T13:42:00Z`). If a time is \
                 truly unknown, say so in the report and keep the status at draft until it is \
                 estimated.",
            );
            for (k, t) in &unreadable {
                d = d.secondary(t.span, format!("`{k}` is not a full timestamp"));
            }
            out.push(d);
        }
    }

    // Order: each known time against the previous known one in the chain.
    let mut prev: Option<(&str, &Timestamp, i64)> = None;
    for (key, v) in chain {
        let Some(t) = v else { continue };
        let Some(at) = t.utc_seconds else { continue };
        if let Some((pk, pt, pat)) = prev {
            if at < pat {
                let measure = match (pk, key) {
                    ("occurred", "detected") => report.durations.time_to_detect,
                    ("detected", "contained") => report.durations.time_to_contain,
                    ("detected", "recovered") => report.durations.time_to_recover,
                    _ => None,
                }
                .map(|d| format!(" (a negative duration, {} early)", human_duration(d)))
                .unwrap_or_default();
                out.push(
                    Diagnostic::new(
                        TIMES,
                        t.span,
                        format!(
                            "`{key}` ({}) is before `{pk}` ({}){measure}",
                            t.text.trim(),
                            pt.text.trim()
                        ),
                    )
                    .label(format!("{} before `{pk}`", human_duration(pat - at)))
                    .secondary(pt.span, format!("`{pk}` is later"))
                    .help(
                        "An incident occurs, then is detected, contained, recovered from and \
                         resolved, in that order; a time out of order makes the response \
                         metrics negative. Check the times against the timeline and correct \
                         the wrong one (a wrong zone or a swapped day and month are common \
                         causes).",
                    ),
                );
            }
        }
        prev = Some((key, t, at));
    }
    out
}

// ---------------------------------------------------------------------------
// metrics/impact

#[derive(Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct ImpactOptions {
    min_severity: String,
}

impl Default for ImpactOptions {
    fn default() -> Self {
        ImpactOptions {
            min_severity: "SEV-2".into(),
        }
    }
}

/// Severity as a rank, 0/1 most severe: SEV-1..SEV-4, S1, P0..P4,
/// critical/high/medium/low, a bare digit.
fn severity_rank(s: &str) -> Option<u8> {
    let t = s.trim().to_lowercase();
    let word = match t.as_str() {
        "critical" | "crit" | "urgent" => Some(1),
        "high" | "major" => Some(2),
        "medium" | "moderate" | "med" => Some(3),
        "low" | "minor" => Some(4),
        _ => None,
    };
    if word.is_some() {
        return word;
    }
    let rest = ["severity", "sev", "s", "p"]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .unwrap_or(&t);
    let rest = rest.trim_start_matches(['-', ' ', '_', ':']);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 1 || rest.len() != digits.len() {
        return None;
    }
    digits.parse().ok()
}

fn impact(report: &Report, opts: &ImpactOptions) -> Vec<Diagnostic> {
    let Some(sev) = &report.metadata.severity else {
        return Vec::new();
    };
    let (Some(rank), Some(min)) = (severity_rank(&sev.value), severity_rank(&opts.min_severity))
    else {
        return Vec::new();
    };
    if rank > min || status_of(report) == Some(Status::Draft) {
        return Vec::new();
    }
    let has_section = report
        .sections
        .iter()
        .any(|s| s.kind.as_deref() == Some("impact") && !text::is_blank(&s.body));
    if has_section {
        return Vec::new();
    }
    let im = report.metadata.impact.as_ref();
    let affected = im.is_some_and(|i| {
        i.users_affected
            .as_ref()
            .is_some_and(|u| !is_placeholder(&u.value))
            || i.systems.iter().any(|s| !is_placeholder(&s.value))
    });
    let cost = im.and_then(|i| i.cost_estimate.as_ref());
    let estimated = cost.is_some_and(|c| !is_placeholder(&c.value));
    if affected && estimated {
        return Vec::new();
    }
    let mut what = Vec::new();
    if !affected {
        what.push("affected users or systems");
    }
    if !estimated {
        what.push("a cost or impact estimate");
    }
    let mut d = Diagnostic::new(
        IMPACT,
        sev.span,
        format!(
            "`{}` incident without {}",
            sev.value.trim(),
            what.join(" or ")
        ),
    )
    .label(format!("severity at or above {}", opts.min_severity))
    .help(
        "For serious incidents readers and management need the size of the damage: NIST SP \
         800-61 asks for impact assessments and a monetary damage estimate, Google's SRE \
         template for the impact (users, revenue), PagerDuty's guide for duration, customers \
         affected and support load. Add `impact:` to the front matter with `users_affected`, \
         `systems` and `cost_estimate`, or an `## Impact` section. The rule applies from the \
         `min-severity` option upwards; drafts are not checked.",
    );
    if let Some(c) = cost.filter(|c| is_placeholder(&c.value)) {
        d = d.secondary(c.span, "the cost estimate is a placeholder");
    }
    vec![d]
}

// ---------------------------------------------------------------------------
// metrics/actions

const ACTION_KINDS: &[&str] = &["containment", "eradication", "recovery"];
const ACTION_HEADING_WORDS: &[&str] = &[
    "containment",
    "eradication",
    "recovery",
    "mitigation",
    "response",
    "resolution",
];

fn actions(report: &Report, source: &str) -> Vec<Diagnostic> {
    let n = report.sections.len();
    // Content anywhere in a section's subtree (children follow parents).
    let mut content: Vec<bool> = report
        .sections
        .iter()
        .map(|s| !text::is_blank(&s.body))
        .collect();
    for i in (0..n).rev() {
        if content[i] {
            if let Some(p) = report.sections[i].parent.map(|p| p as usize).filter(|&p| p < i) {
                content[p] = true;
            }
        }
    }
    // All the words in one pass per heading.
    let words: Vec<(&str, text::Case)> = ACTION_HEADING_WORDS
        .iter()
        .map(|&w| (w, text::Case::Insensitive))
        .collect();
    let words = text::PhraseSet::new(&words);
    let in_sections = report.sections.iter().enumerate().any(|(i, s)| {
        let h = s.heading.to_lowercase();
        let is_action = s.kind.as_deref().is_some_and(|k| ACTION_KINDS.contains(&k))
            || words.any(&h, Span::from_range(0..h.len()));
        is_action && content[i]
    });
    // Only needed when no section lists the actions.
    let in_timeline = || {
        report.timeline.iter().any(|e| {
            ["containment", "eradication", "recovery"]
                .iter()
                .any(|p| phases::entry_in_phase(e, p, None))
        })
    };
    if in_sections || in_timeline() {
        return Vec::new();
    }
    let anchor = report
        .sections
        .iter()
        .find(|s| s.kind.as_deref() == Some("timeline"))
        .map_or_else(|| title_anchor(report, source), |s| s.heading_span);
    vec![Diagnostic::new(
        ACTIONS,
        anchor,
        "the report does not list the actions taken during the response",
    )
    .label("no containment, eradication or recovery action found")
    .help(
        "Readers need to know what was done to stop the damage and restore service: NIST SP \
         800-61 asks for the actions of all handlers, the SANS handbook for how the incident \
         was contained and eradicated and the work performed during recovery. Add a \
         `## Containment` / `## Recovery` (or `## Mitigation`, `## Resolution`) section, or \
         timeline entries for those steps tagged with their phase (`[containment]`).",
    )]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities() {
        for (s, r) in [
            ("SEV-1", 1),
            ("sev2", 2),
            ("Sev 3", 3),
            ("P0", 0),
            ("p1", 1),
            ("High", 2),
            ("critical", 1),
            ("low", 4),
            ("4", 4),
            ("S2", 2),
        ] {
            assert_eq!(severity_rank(s), Some(r), "{s}");
        }
        assert_eq!(severity_rank("SEV-12"), None);
        assert_eq!(severity_rank("spicy"), None);
    }
}
