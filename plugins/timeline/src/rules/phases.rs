//! `timeline/phases`.

use pirlint_plugin_sdk::prelude::*;
use std::collections::BTreeMap;

use crate::*;

const ID: &str = "timeline/phases";

rule! {
    /// Checks that the timeline shows each incident-response phase: detection,
    /// containment, eradication and recovery (NIST SP 800-61 §3.2–3.3, SANS steps
    /// 2–5). An entry belongs to a phase when
    ///
    /// - its phase tag (a `Phase`/`Stage` column, a `[containment]` tag, or the
    ///   `phase` field in JSON/YAML) names it — `detect…`, `identif…` for detection;
    ///   `contain…`, `mitigat…` for containment; `eradicat…`, `remediat…` for
    ///   eradication; `recover…`, `resol…`, `restor…` for recovery; or
    /// - its text contains one of the phase's keywords as whole words (defaults
    ///   below).
    ///
    /// One finding per report lists every missing phase, on the timeline heading.
    ///
    /// **Default required phases depend on the incident type.** When the front
    /// matter `type` names a security incident (`security`, `breach`, `intrusion`,
    /// `malware`, `ransomware`, `phishing`, `compromise`), all four are required.
    /// Otherwise (availability incidents, or no type given) neither eradication
    /// nor containment is required and the defaults are detection and recovery
    /// (Google's SRE template has Detection and Resolution; mitigation is
    /// often the recovery itself). For these, an eradication entry (a fix that
    /// removes the cause: "permanently deleted the faulty controller", "patched")
    /// also counts as recovery, unless `keywords` sets recovery keywords.
    ///
    /// **Severity `info`.** Phase detection from free text is a heuristic, and not
    /// every incident has every phase (a self-healing blip has no containment), so
    /// this is advice for the reviewer, not a gate. Raise it to `warning` in your
    /// policy if your reports tag phases explicitly.
    ///
    /// Default keywords:
    ///
    /// | phase | keywords |
    /// |---|---|
    /// | detection | detected, detect, detection, alert(s/ed/ing), alarm(s), paged, noticed, reported, reports, first report, discovered, became aware, identified, observed, witnessed, notified, monitoring, complained, help desk ticket |
    /// | containment | contained, containment, mitigated, mitigation, isolated, blocked, disabled, rolled back, rollback, reverted, workaround, downgraded, failed over, failover, quarantined, manual fix, fix applied, hotfix, reattached, scaled down, killed, disable, restarted |
    /// | eradication | eradicated, eradication, removed, deleted, patched, rebuilt, reimaged, wiped, terminated, revoked, rotated, permanently fixed, long-term fix, root cause fixed |
    /// | recovery | recovered, recovery, restored, resolved, back to normal, operational, verified working, working as intended, healthy, reopened, fully available, closed |
    ///
    /// ## Why it matters
    ///
    /// NIST SP 800-61 (§3.2–3.4) and the SANS incident handler's handbook organize
    /// the response in these phases, and the lessons-learned review asks how well
    /// each went; a timeline without, say, its containment steps cannot answer
    /// "how was the incident contained, and how long did it take?".
    ///
    /// ## How to fix
    ///
    /// Add the missing events to the timeline, tag entries with their phase, or
    /// tune the options to your process.
    ///
    /// ## Options
    ///
    /// - `required` (list of phases, default by incident type as above; any of
    ///   `detection`, `containment`, `eradication`, `recovery`, or a phase of your
    ///   own that you give `keywords` for).
    /// - `keywords` (map phase → list of phrases): replaces the default keywords of
    ///   the phases it names.
    ///
    /// ```toml
    /// [rules."timeline/phases"]
    /// required = ["detection", "containment", "recovery"]
    /// keywords = { containment = ["mitigated", "traffic drained", "feature flag off"] }
    /// ```
    pub struct Phases;
}

impl Rule for Phases {
    const ID: &'static str = ID;
    const SUMMARY: &'static str = "The timeline covers detection, containment, eradication and recovery";
    const DEFAULT_SEVERITY: Severity = Severity::Info;
    type Options = PhaseOptions;

    fn check(cx: &Context<'_>, opts: &PhaseOptions) -> Vec<Diagnostic> {
        with_entries(cx, |report, memo| phase_coverage(cx, report, memo, cx.source(), opts))
    }

    /// Written by hand: `required` and `keywords` have no default value
    /// (unset means "by incident type" and "the built-in keywords"), which
    /// a derived schema cannot say without allowing `null`.
    fn options_schema() -> pirlint_plugin_sdk::serde_json::Value {
        pirlint_plugin_sdk::serde_json::from_str(SCHEMA).unwrap_or_default()
    }
}

#[derive(Deserialize, Serialize, JsonSchema, Default)]
#[serde(default, deny_unknown_fields)]
pub struct PhaseOptions {
    /// Phases the timeline must show (unset: by incident type).
    pub required: Option<Vec<String>>,
    /// Phase -> phrases that place an entry in that phase (replaces that phase's defaults).
    pub keywords: Option<BTreeMap<String, Vec<String>>>,
}

const SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "required": {
      "description": "Phases the timeline must show. Default: detection, containment, eradication, recovery for security incidents; detection, containment, recovery otherwise.",
      "type": "array",
      "items": { "type": "string", "minLength": 1 },
      "uniqueItems": true
    },
    "keywords": {
      "description": "Phase -> phrases that place an entry in that phase (replaces that phase's defaults).",
      "type": "object",
      "additionalProperties": { "type": "array", "items": { "type": "string", "minLength": 1 } }
    }
  },
  "additionalProperties": false
}"#;

fn is_security(report: &Report, source: &str) -> bool {
    report.metadata.incident_type.as_ref().is_some_and(|t| {
        let t = text_of(source, t).to_lowercase();
        ["security", "breach", "intrusion", "malware", "ransomware", "phishing", "compromise"]
            .iter()
            .any(|k| t.contains(k))
    })
}

fn phase_coverage(
    cx: &Context<'_>,
    report: &Report,
    memo: &PhaseMemo,
    source: &str,
    opts: &PhaseOptions,
) -> Vec<Diagnostic> {
    let security = is_security(report, source);
    let required: Vec<String> = match &opts.required {
        Some(r) => r.clone(),
        None if security => phases::PHASES.iter().map(|s| s.to_string()).collect(),
        // Availability incidents have nothing to eradicate, and their
        // mitigation is often the recovery itself (Google SRE's template has
        // Detection and Resolution, no containment).
        None => ["detection", "recovery"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
    };
    let mut missing = Vec::new();
    for phase in &required {
        let kw = opts.keywords.as_ref().and_then(|k| k.get(phase.as_str())).map(Vec::as_slice);
        // Outside security incidents the fix that removes the cause is what
        // restores service ("permanently deleted the faulty controller").
        let also_eradication = !security && phase == "recovery" && kw.is_none();
        let found = report.timeline.iter().enumerate().any(|(i, e)| {
            let in_phase = match kw {
                Some(_) => phases::entry_in_phase(source, e, phase, kw),
                None => memo.in_phase(i, phase),
            };
            in_phase || (also_eradication && memo.in_phase(i, "eradication"))
        });
        if !found {
            missing.push(phase.clone());
        }
    }
    if missing.is_empty() {
        return Vec::new();
    }
    let list = missing.join(", ");
    vec![Diagnostic::new(
        ID,
        timeline_anchor(cx, report, source),
        format!("the timeline does not show {list}"),
    )
    .label(format!("no {list} entry in this timeline"))
    .help(format!(
        "NIST SP 800-61 and the SANS handbook describe a response as detection, \
         containment, eradication and recovery; a timeline that skips a phase leaves readers \
         guessing when (or whether) it happened. Add the entries, tag them with their phase \
         (a `Phase` column or a `[containment]` tag), or adjust the rule's `required` and \
         `keywords` options. Entries are matched by phase tag or by keywords such as \
         {}.",
        missing
            .iter()
            .map(|p| {
                let k = phases::default_keywords(p);
                format!(
                    "\"{}\" for {p}",
                    k.iter().take(3).copied().collect::<Vec<_>>().join("\", \"")
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    ))]
}
