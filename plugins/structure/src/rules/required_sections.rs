//! `structure/required-sections`.

use pirlint_plugin_sdk::prelude::*;

const REQUIRED: &str = "structure/required-sections";

const DEFAULT_REQUIRED: &[&str] = &["executive-summary", "investigation", "lessons-learned"];

rule! {
    /// Checks that the report has a section of every required kind. Sections are
    /// recognized by their canonical kind, which the parser assigns from the heading
    /// (so `Summary`, `TL;DR` and `Overview` all count as the executive summary).
    ///
    /// {kinds-table}
    ///
    /// Headings match after numbering, punctuation, case and emoji are set aside;
    /// with a qualifier after them ("Timeline (UTC)", "Action Items (to be done
    /// this quarter):"); and as compounds ("Recovery and Lessons Learned" counts
    /// for both). A report whose opening paragraphs (before the first section)
    /// run to 25 words or more has its executive summary there. Teams add their
    /// own headings under `[sections]` in the policy.
    ///
    /// One diagnostic is reported per missing kind, on the report's title heading
    /// (or its first line when it has no level-1 heading). A missing timeline is
    /// not this rule's finding but `timeline/present`'s, and missing action items
    /// `recommendations/present`'s: they say what they could not read.
    ///
    /// ## Why it matters
    ///
    /// A post-incident report is read by people who were not there. NIST SP 800-61
    /// (section 3.4, "Lessons Learned") asks for a follow-up report with a
    /// chronology of what happened, what was done, and what will change; Google's SRE
    /// postmortem template (*Site Reliability Engineering*, ch. 15) and PagerDuty's
    /// postmortem guide both require a summary, a timeline, an analysis of
    /// contributing factors, lessons learned and follow-up actions. A report without
    /// one of these leaves a question unanswered and usually means the review skipped
    /// that step.
    ///
    /// ## How to fix
    ///
    /// Add the missing section under one of the recognized headings. If the section
    /// truly does not apply, say so in a sentence rather than deleting it. If your
    /// team's template deliberately has no such section, remove its kind from the
    /// `sections` option.
    ///
    /// ## Options
    ///
    /// - `sections` (list of kinds, default `["executive-summary",
    ///   "investigation", "lessons-learned"]`): the kinds every
    ///   report must have. Other kinds the parser knows, such as `impact`,
    ///   `containment`, `recovery` or `user-actions`, may be added.
    ///
    /// ```toml
    /// [rules."structure/required-sections"]
    /// sections = ["executive-summary", "impact", "recommendations"]
    /// ```
    ///
    /// ## Example
    ///
    /// ```markdown
    /// # Database failover
    ///
    /// ## Summary
    /// ...
    /// ## Timeline
    /// ...
    /// ```
    ///
    /// reports `missing required section: Investigation`, `... Lessons learned` and
    /// `... Recommendations` on `# Database failover`.
    pub struct RequiredSections;
}

impl Rule for RequiredSections {
    const ID: &'static str = "structure/required-sections";
    const SUMMARY: &'static str = "The report has every required section (summary, timeline, investigation, lessons, recommendations)";
    const DEFAULT_SEVERITY: Severity = Severity::Error;
    type Options = RequiredOptions;

    fn check(cx: &Context<'_>, opts: &RequiredOptions) -> Vec<Diagnostic> {
        required_sections(cx, opts)
    }

    /// The doc comment, with the table of section kinds and headings the
    /// parser recognizes in place of `{kinds-table}`.
    fn documentation() -> String {
        rule::documentation::<Self>().replace("{kinds-table}", &kinds_table())
    }
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RequiredOptions {
    /// Canonical section kinds every report must have.
    #[schemars(inner(regex(pattern = r"^[a-z][a-z0-9-]*$")), extend("uniqueItems" = true))]
    pub sections: Vec<String>,
}

impl Default for RequiredOptions {
    fn default() -> Self {
        RequiredOptions {
            sections: DEFAULT_REQUIRED.iter().map(|s| s.to_string()).collect(),
        }
    }
}

fn required_sections(cx: &Context<'_>, opts: &RequiredOptions) -> Vec<Diagnostic> {
    let (report, source) = (cx.report, cx.source());
    let title = report.sections.iter().find(|s| s.level == 1);
    let anchor = title.map_or_else(|| text::first_line(source), |s| s.heading_span);
    let mut seen = Vec::new();
    let mut out = Vec::new();
    // The kinds each heading names, once (a compound heading names several).
    let named: Vec<Vec<String>> = report
        .sections
        .iter()
        .map(|s| match cx.kind(s) {
            Some(k) if heading_of(source, s).contains(" and ") || heading_of(source, s).contains('&') || heading_of(source, s).contains('/') || heading_of(source, s).contains(',') => {
                // The host's table: the policy's `[sections]` synonyms count.
                let mut all = cx.kinds_of(heading_of(source, s));
                if !all.iter().any(|a| a == k) {
                    all.push(k.to_owned());
                }
                all
            }
            Some(k) => vec![k.to_owned()],
            None => Vec::new(),
        })
        .collect();
    for kind in &opts.sections {
        if seen.contains(kind) {
            continue;
        }
        seen.push(kind.clone());
        // A section of that kind, also as the second part of a compound
        // heading ("Recovery and Lessons Learned").
        if named.iter().any(|kinds| kinds.iter().any(|k| k == kind)) {
            continue;
        }
        // A short report says what happened in its opening paragraphs,
        // before the first section: that is its summary.
        if kind == "executive-summary" && lead_words(cx) >= LEAD_SUMMARY_WORDS {
            continue;
        }
        // Names from the host's heading table, the policy's synonyms included.
        let name = cx.display_name(kind);
        let recognized = match cx.section_kind(kind).filter(|k| !k.headings.is_empty()) {
            Some(k) => {
                let mut shown: Vec<String> = k.headings.iter().take(6).map(|h| format!("`{h}`")).collect();
                if k.headings.len() > 6 {
                    shown.push(format!("and {} more (`pirlint explain {REQUIRED}`)", k.headings.len() - 6));
                }
                shown.join(", ")
            }
            None => format!("headings the parser maps to `{kind}`"),
        };
        let how = match report.format {
            SourceFormat::Markdown => format!("add a `## {name}` section"),
            SourceFormat::Json | SourceFormat::Yaml => format!("add a `{kind}` section"),
        };
        out.push(
            Diagnostic::new(
                REQUIRED,
                anchor,
                format!("missing required section: {name}"),
            )
            .label(if title.is_some() {
                "in this report"
            } else {
                "in this file"
            })
            .help(format!(
                "{how}; headings recognized for it: {recognized}. Every post-incident report \
                     needs it for readers to follow what happened and what changes (NIST SP 800-61 \
                     follow-up report, Google SRE postmortem template). If your team's template \
                     does not use it, remove `{kind}` from this rule's `sections` option."
            )),
        );
    }
    out
}

/// The section kinds and every heading recognized for them, from the
/// parser's own table.
fn kinds_table() -> String {
    let mut t = String::from("| kind | headings recognized by default |\n|---|---|\n");
    for k in vocab::SECTION_KINDS {
        t.push_str(&format!("| `{}` | {} |\n", k.id, k.synonyms.join(", ")));
    }
    t
}

/// Opening prose of at least this many words counts as the executive
/// summary of a report that has no summary heading.
const LEAD_SUMMARY_WORDS: usize = 25;

/// Words of the prose before the first section heading (the title's own
/// body when the first heading is the title).
fn lead_words(cx: &Context<'_>) -> usize {
    let (report, source) = (cx.report, cx.source());
    let first = report.sections.first();
    let title = first.filter(|s| s.level == 1 && s.kind.is_none()).map(|_| 0u32);
    let before = first.map_or(u32::MAX, |s| s.heading_span.start);
    let lead: usize = cx
        .prose()
        .iter()
        .filter(|r| r.section == title || (r.section.is_none() && r.span.end <= before))
        .map(|r| text::slice(source, r.span).split_whitespace().count())
        .sum();
    // Or a first section that introduces the incident ("Background",
    // "Context", "Introduction") in place of a summary.
    let first = report.sections.iter().enumerate().find(|(i, _)| Some(*i as u32) != title);
    let intro = first
        .filter(|(_, s)| {
            let h = vocab::normalize(heading_of(source, s));
            matches!(h.as_str(), "background" | "context" | "introduction" | "what happened")
        })
        .map_or(0, |(i, _)| {
            cx.prose()
                .iter()
                .filter(|r| r.section == Some(i as u32))
                .map(|r| text::slice(source, r.span).split_whitespace().count())
                .sum()
        });
    lead.max(intro)
}
