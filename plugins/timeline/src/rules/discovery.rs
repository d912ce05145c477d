//! `timeline/discovery`.

use pirlint_plugin_sdk::prelude::*;

use crate::*;

const ID: &str = "timeline/discovery";

rule! {
    /// Checks that the report says who or what discovered the incident: a timeline
    /// entry tagged as detection, or one whose text uses detection words ("alert",
    /// "detected", "reported", "noticed", "customer reported", "monitoring",
    /// "became aware", "paged", ... — the detection keywords of `timeline/phases`),
    /// or a non-empty section about detection (kind `detection`, or a heading
    /// containing "detect" or "discover", such as "When and how was it first
    /// detected?"). Reported once, on the timeline heading.
    ///
    /// ## Why it matters
    ///
    /// The SANS Incident Handler's Handbook asks the report to state "when was the
    /// problem first detected and by whom"; Google's SRE template has a Detection
    /// field and Atlassian's asks "how would you have cut the time to detection in
    /// half?". Without it, nobody can judge whether monitoring worked.
    ///
    /// ## How to fix
    ///
    /// Add an entry like `14:05 UTC — Latency alert pages the on-call engineer`
    /// (tag it `[detection]`), or a `## Detection` section.
    ///
    /// ```markdown
    /// - 2026-03-02 13:42 UTC [detection] A customer reported failed logins to support.
    /// ```
    ///
    /// ## Options
    ///
    /// - `keywords` (list of phrases): more words that count as evidence.
    pub struct Discovery;
}

impl Rule for Discovery {
    const ID: &'static str = ID;
    const SUMMARY: &'static str = "The report says who or what discovered the incident";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    type Options = DiscoveryOptions;

    fn check(cx: &Context<'_>, opts: &DiscoveryOptions) -> Vec<Diagnostic> {
        with_entries(cx, |report, memo| discovery(cx, report, memo, cx.source(), opts))
    }
}

#[derive(Deserialize, Serialize, JsonSchema, Default)]
#[serde(default, deny_unknown_fields)]
pub struct DiscoveryOptions {
    /// Extra phrases that show how the incident was discovered.
    #[schemars(inner(length(min = 1)))]
    pub keywords: Vec<String>,
}

fn discovery(
    cx: &Context<'_>,
    report: &Report,
    memo: &PhaseMemo,
    source: &str,
    opts: &DiscoveryOptions,
) -> Vec<Diagnostic> {
    let extra = |t: &str| opts.keywords.iter().any(|k| phases::has_phrase(t, k));
    let in_timeline = report.timeline.iter().enumerate().any(|(i, e)| {
        memo.in_phase(i, "detection")
            || extra(text_of(source, &e.text))
            || phases::has_phrase(text_of(source, &e.text), "customer reported")
    });
    // Only needed when the timeline does not say it: summaries are long.
    let in_section = || report.sections.iter().any(|s| {
        let h = heading_of(source, s).to_lowercase();
        let detection_section = cx.is_kind(s, "detection")
            || h.contains("detect")
            || h.contains("discover");
        // Summaries often say it ("When alerted, the SRE team ...", "a user
        // informed us by email"), and so does a report's opening text.
        let opening = s.level == 1 && s.kind.is_none();
        let summary_says = (cx.is_kind(s, "executive-summary") || opening)
            && (phases::has_default_keyword(body_of(source, s), "detection") || extra(body_of(source, s)));
        (detection_section && !text::is_blank(body_of(source, s))) || summary_says
    });
    if in_timeline || in_section() {
        return Vec::new();
    }
    vec![Diagnostic::new(
        ID,
        timeline_anchor(cx, report, source),
        "the report does not say how the incident was discovered",
    )
    .label("no detection event in this timeline")
    .help(
        "Say who or what noticed the incident and when: an alert, a monitoring check, a \
         customer report, an employee. The SANS handbook asks \"when was the problem first \
         detected and by whom\", and the time to detect is the first metric NIST SP 800-61 \
         lists. Add a timeline entry such as `14:05 UTC — Latency alert pages the on-call \
         engineer` (tagged `[detection]`), or a `## Detection` section. Extra words that \
         count as evidence can be set in the rule's `keywords` option.",
    )]
}
