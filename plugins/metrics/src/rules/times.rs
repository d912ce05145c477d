//! `metrics/times`: the five incident times are present in final reports and in order.

use pirlint_plugin_sdk::prelude::*;

use crate::{status_of, Status};

rule! {
    /// Checks the incident times in the front matter (or the top-level keys of a
    /// JSON/YAML report):
    ///
    /// - **Order**: `occurred` ≤ `detected` ≤ `contained` ≤ `recovered` ≤
    ///   `resolved`. Each known time is compared with the previous known one in
    ///   that chain; an inversion is reported on the later key with a secondary
    ///   label on the earlier one (the host's `durations` would be negative).
    /// - **Completeness** (only when `status` is final: `final`, `closed`,
    ///   `resolved`, `complete(d)`, `done`, `published`, `reviewed`, `approved`):
    ///   all five are present and each is a full date, time and zone. Everything
    ///   missing or unreadable is listed in **one** finding, on the `status` value.
    ///   Drafts (`draft`, `in-progress`, `open`, `in review`, ...) are not checked
    ///   for completeness: times are often filled in last.
    /// - **No data at all** (no status and none of the five times, typically a
    ///   report without front matter): one note, with severity `info` whatever the
    ///   rule's severity, saying the response times cannot be measured. No other
    ///   finding of this rule follows, and it never fails a CI gate on its own.
    ///
    /// ## Why it matters
    ///
    /// NIST SP 800-61 §3.4.2 ("Using Collected Incident Data") lists the elapsed
    /// time from the start of the incident to discovery, to impact assessment and
    /// to each stage of handling as the metrics that show whether response
    /// improves. They can only be computed, and aggregated across hundreds of
    /// reports, when every final report carries the five times in machine-readable
    /// form and in order.
    ///
    /// ## How to fix
    ///
    /// ```yaml
    /// status: final
    /// occurred: 2026-03-02T13:10:00Z
    /// detected: 2026-03-02T13:42:00Z
    /// contained: 2026-03-02T15:05:00Z
    /// recovered: 2026-03-03T09:30:00Z
    /// resolved: 2026-03-03T11:00:00Z
    /// ```
    ///
    /// ## Options
    ///
    /// None. Default severity `error`: a final report without its times is unfit
    /// for the metrics it exists to feed.
    pub struct Times;
}

impl Rule for Times {
    const ID: &'static str = "metrics/times";
    const SUMMARY: &'static str =
        "occurred ≤ detected ≤ contained ≤ recovered ≤ resolved, all present in final reports";
    const DEFAULT_SEVERITY: Severity = Severity::Error;
    type Options = NoOptions;

    fn check(cx: &Context<'_>, _: &NoOptions) -> Vec<Diagnostic> {
        let report = cx.report;
        let m = &report.metadata;
        let chain: [(&str, &Option<Timestamp>); 5] = [
            ("occurred", &m.occurred),
            ("detected", &m.detected),
            ("contained", &m.contained),
            ("recovered", &m.recovered),
            ("resolved", &m.resolved),
        ];
        let status = status_of(report, cx.source());
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
                Diagnostic::new(Self::ID, cx.title_anchor(), note)
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
                let st = m.status.as_ref().map(|s| (s.span, cx.text(s).to_string()));
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
                let (span, value) = st.unwrap_or((cx.title_anchor(), String::new()));
                let mut d = Diagnostic::new(
                    Self::ID,
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
                            Self::ID,
                            t.span,
                            format!(
                                "`{key}` ({}) is before `{pk}` ({}){measure}",
                                cx.text(t).trim(),
                                cx.text(pt).trim()
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
}
