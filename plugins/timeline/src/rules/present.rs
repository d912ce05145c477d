//! `timeline/present`.

use pirlint_plugin_sdk::prelude::*;

use crate::*;

const ID: &str = "timeline/present";

rule! {
    /// Checks that the report has a timeline with at least one entry pirlint can
    /// read. Two cases are told apart:
    ///
    /// - no section the parser recognizes as a timeline (headings `Timeline`,
    ///   `Chronology`, `Sequence of events`, `Incident timeline`; a `timeline` list
    ///   in JSON/YAML reports): reported on the report's title;
    /// - a timeline heading with nothing under it that looks like an entry:
    ///   reported on that heading.
    ///
    /// The other `timeline/*` rules say nothing about a report without entries, so
    /// this one finding is all you get.
    ///
    /// ## Why it matters
    ///
    /// NIST SP 800-61 (§3.4.1) asks for a follow-up report with a formal,
    /// timestamped chronology of the incident, and its first lessons-learned
    /// question is "exactly what happened, and at what times?". The SANS Incident
    /// Handler's Handbook, Google's SRE postmortem template and PagerDuty's guide all
    /// build the review on the timeline.
    ///
    /// ## How to fix
    ///
    /// Add a `## Timeline` section with one entry per event, as a table
    ///
    /// ```markdown
    /// | Time                 | Event                                  | Phase     |
    /// |----------------------|----------------------------------------|-----------|
    /// | 2026-03-02 13:42 UTC | SIEM alert on the failed-login ratio   | detection |
    /// ```
    ///
    /// or as a list (`- 2026-03-02 13:42 UTC — SIEM alert ...`).
    ///
    /// ## Options
    ///
    /// None.
    pub struct Present;
}

impl Rule for Present {
    const ID: &'static str = ID;
    const SUMMARY: &'static str = "The report has a timeline with at least one entry";
    const DEFAULT_SEVERITY: Severity = Severity::Error;
    type Options = NoOptions;

    fn check(cx: &Context<'_>, _: &NoOptions) -> Vec<Diagnostic> {
        present(cx)
    }
}

fn present(cx: &Context<'_>) -> Vec<Diagnostic> {
    let (report, source) = (cx.report, cx.source());
    if !report.timeline.is_empty() {
        return Vec::new();
    }
    let d = match timeline_section(cx, report) {
        Some(s) => Diagnostic::new(
            ID,
            s.heading_span,
            format!("timeline section \"{}\" has no entries pirlint can read", heading_of(source, s)),
        )
        .label("no timestamped entries under this heading")
        .help(
            "Write one entry per event, each starting with its time: a table with a `Time` \
             column and an `Event` column, or list items such as `- 2026-03-02 14:05 UTC — \
             Alert fires`. NIST SP 800-61 asks for a formal, timestamped chronology of the \
             incident; the SANS handbook and Google's SRE template both make the timeline the \
             backbone of the report.",
        ),
        None => {
            let how = match report.format {
                SourceFormat::Markdown => "add a `## Timeline` section",
                SourceFormat::Json | SourceFormat::Yaml => "add a `timeline` list",
            };
            Diagnostic::new(ID, title_anchor(report, source), "the report has no timeline")
                .label("no timeline section in this report")
                .help(format!(
                    "{how} with one timestamped entry per event (headings recognized: \
                     Timeline, Chronology, Sequence of events). NIST SP 800-61 asks for a \
                     formal, timestamped chronology of the incident; readers cannot judge \
                     detection and response times without it."
                ))
        }
    };
    vec![d]
}
