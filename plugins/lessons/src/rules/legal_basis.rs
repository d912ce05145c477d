//! `lessons/legal-basis`: a security report records the impact, a cost
//! estimate (or why there is none) and where the evidence is kept.

use pirlint_plugin_sdk::prelude::*;
use pirlint_plugin_sdk::serde_json::Value;

use crate::{default_types, field, in_scope, lenient, says_something, section_with_content, Field};

rule! {
    /// Checks that a security incident's report records what a later legal
    /// or insurance claim rests on:
    ///
    /// 1. **the impact**: front-matter `impact` with `users-affected`,
    ///    `systems` or `cost-estimate`, or an Impact section with content;
    /// 2. **a cost estimate, or a stated reason why there is none**:
    ///    `impact.cost-estimate`, `impact.cost-estimate-reason` (or a
    ///    top-level `cost-estimate-reason`), or a section of kind `cost`
    ///    ("Cost", "Cost estimate", "Financial impact", ...) with content;
    /// 3. **where the evidence is kept, its chain of custody and its
    ///    retention**: a front-matter `evidence` mapping with `location`,
    ///    `custody` and `retention` (each one missing is named), or
    ///    `evidence` as text (read as the whole statement, e.g. "none was
    ///    collected: ..."), or a section of kind `evidence` ("Evidence
    ///    handling", "Chain of custody", "Evidence retention", ...) with
    ///    content.
    ///
    /// One finding per report listing what is missing: on the `evidence`
    /// field when only its parts are missing, on the title otherwise.
    /// Applied to reports whose `incident-type` is one of `incident-types`
    /// (default: security incidents). On a draft the finding is `info`.
    ///
    /// ## Why it matters
    ///
    /// NIST SP 800-61 Rev. 2, §3.4.1: creating a formal chronology of events
    /// "is important for legal reasons, as is creating a monetary estimate of
    /// the amount of damage the incident caused", which "may become the basis
    /// for subsequent prosecution activity". §3.3.2 asks that evidence be
    /// handled with a documented chain of custody ("a detailed log should be
    /// kept for all evidence"), and §3.4.3 that the organization decide how
    /// long evidence is retained. When the evidence is needed (a claim, a
    /// prosecution, a regulator's question) months later, the report is
    /// where people look for it.
    ///
    /// ## How to fix
    ///
    /// ```yaml
    /// impact:
    ///   users-affected: "412 accounts"
    ///   cost-estimate: "USD 18,000 (120 engineer-hours, forensic retainer)"
    ///   # or, when there is none:
    ///   # cost-estimate-reason: "No direct cost: contained before any data left"
    /// evidence:
    ///   location: "s3://ir-evidence/2026-014 (object lock)"
    ///   custody: "Collected by L. Fischer 2026-03-02 14:10 UTC; log in ir/2026-014/custody.md"
    ///   retention: "7 years (policy SEC-12)"
    /// ```
    ///
    /// ## Options
    ///
    /// - `incident-types` (list, default `["security"]`): incident types the
    ///   rule applies to; `[]` applies it to every report.
    /// - `require-impact` (boolean, default `true`): check the impact too
    ///   (`metrics/impact` checks it by severity for every report).
    ///
    /// ```toml
    /// [rules."lessons/legal-basis"]
    /// incident-types = ["security", "privacy"]
    /// ```
    ///
    /// To ask it only from a severity up, turn it off below that level with
    /// an override on the policy's severity scale (the same scale the
    /// audit and `meeting/timely` use; aliases such as `P2` or `medium`
    /// match their level):
    ///
    /// ```toml
    /// [[overrides]]
    /// severity = ["SEV3", "SEV4"]
    /// rules."lessons/legal-basis".severity = "off"
    /// ```
    ///
    /// ## Example
    ///
    /// ```yaml
    /// incident-type: security
    /// impact:
    ///   users-affected: "412 accounts"
    /// evidence:
    ///   location: "s3://ir-evidence/2026-014"
    /// ```
    ///
    /// reports `the legal and cost basis is incomplete: no cost estimate or
    /// reason why there is none (...), no `evidence.custody` (chain of
    /// custody), no `evidence.retention``.
    pub struct LegalBasis;
}

#[derive(Deserialize, Serialize, JsonSchema, Debug)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct LegalBasisOptions {
    /// Incident types the rule applies to; [] applies it to every report.
    pub incident_types: Vec<String>,
    /// Check that the impact is recorded too.
    pub require_impact: bool,
}

impl Default for LegalBasisOptions {
    fn default() -> Self {
        LegalBasisOptions { incident_types: default_types(), require_impact: true }
    }
}

const EVIDENCE_PARTS: &[(&str, &[&str], &str)] = &[
    ("location", &["location", "where", "stored", "storage", "kept"], "no `evidence.location`"),
    ("custody", &["custody", "chainofcustody"], "no `evidence.custody` (chain of custody)"),
    ("retention", &["retention", "retainuntil", "retained", "keptuntil"], "no `evidence.retention`"),
];

fn impact_recorded(cx: &Context<'_>) -> bool {
    let by_field = cx.report.metadata.impact.as_ref().is_some_and(|i| {
        i.users_affected.as_ref().is_some_and(|t| !cx.text(t).trim().is_empty())
            || !i.systems.is_empty()
            || i.cost_estimate.as_ref().is_some_and(|t| !cx.text(t).trim().is_empty())
    });
    by_field || section_with_content(cx, &["impact".to_string()]).is_some()
}

fn cost_recorded(cx: &Context<'_>) -> bool {
    let estimate = cx
        .report
        .metadata
        .impact
        .as_ref()
        .and_then(|i| i.cost_estimate.as_ref())
        .is_some_and(|t| !cx.text(t).trim().is_empty());
    let reason = ["impact.cost-estimate-reason", "impact.cost-reason", "cost-estimate-reason"]
        .iter()
        .any(|p| field(cx, p).is_some_and(|f| says_something(&f.value)));
    estimate || reason || section_with_content(cx, &["cost".to_string()]).is_some()
}

/// What the evidence record lacks, and the field when there is one.
fn evidence_missing(cx: &Context<'_>) -> (Vec<&'static str>, Option<Field>) {
    let Some(f) = field(cx, "evidence") else {
        if section_with_content(cx, &["evidence".to_string()]).is_some() {
            return (Vec::new(), None);
        }
        return (vec!["no record of where the evidence is kept, its chain of custody and retention (`evidence` field or Evidence handling section)"], None);
    };
    let missing = match &f.value {
        Value::Object(m) => EVIDENCE_PARTS
            .iter()
            .filter(|(_, keys, _)| {
                !m.iter().any(|(k, v)| keys.contains(&crate::norm_key(k).as_str()) && says_something(v))
            })
            .map(|(_, _, msg)| *msg)
            .collect(),
        v if says_something(v) => Vec::new(),
        _ => vec!["no record of where the evidence is kept, its chain of custody and retention (`evidence` field or Evidence handling section)"],
    };
    (missing, Some(f))
}

impl Rule for LegalBasis {
    const ID: &'static str = "lessons/legal-basis";
    const SUMMARY: &'static str =
        "A security report records the impact, a cost estimate or why there is none, and where the evidence is kept";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    type Options = LegalBasisOptions;

    fn check(cx: &Context<'_>, opts: &LegalBasisOptions) -> Vec<Diagnostic> {
        if !in_scope(cx, &opts.incident_types) {
            return Vec::new();
        }
        let mut missing: Vec<&str> = Vec::new();
        let mut other = false;
        if opts.require_impact && !impact_recorded(cx) {
            missing.push("no impact recorded (no `impact` field or Impact section)");
            other = true;
        }
        if !cost_recorded(cx) {
            missing.push("no cost estimate or reason why there is none (`impact.cost-estimate`, `impact.cost-estimate-reason` or a Cost section)");
            other = true;
        }
        let (evidence, evidence_field) = evidence_missing(cx);
        if evidence_field.is_none() && !evidence.is_empty() {
            other = true;
        }
        missing.extend(evidence);
        if missing.is_empty() {
            return Vec::new();
        }
        let span = match (&evidence_field, other) {
            (Some(f), false) => f.span,
            _ => cx.title_span(),
        };
        vec![lenient(
            cx,
            Diagnostic::new(Self::ID, span, format!("the legal and cost basis is incomplete: {}", missing.join(", ")))
                .label(format!("{} missing", missing.len()))
                .help(
                    "NIST SP 800-61 (3.4.1, 3.3.2, 3.4.3): a security report records the impact, a monetary \
                     estimate of the damage (the basis of any prosecution or claim) and how the evidence is \
                     preserved. In the front matter: `impact: {users-affected, cost-estimate}` (or \
                     `cost-estimate-reason` when there is no estimate) and `evidence: {location, custody, \
                     retention}`; or Impact, Cost and Evidence handling sections.",
                ),
        )]
    }
}
