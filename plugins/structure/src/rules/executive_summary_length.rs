//! structure/executive-summary-length: the summary is short enough for
//! the non-technical readers it is written for.

use pirlint_plugin_sdk::prelude::*;

const SUMMARY_LENGTH: &str = "structure/executive-summary-length";

rule! {
    /// Checks that the executive summary (every section of kind
    /// `executive-summary`: `Executive summary`, `Summary`, `TL;DR`, `Overview`, ...,
    /// with its subsections) has at most `max-words` words (default 300). Words are
    /// counted in its prose only: code blocks, block quotes and HTML comments do
    /// not count. The finding is on the summary heading, labelled with the word
    /// count, with a secondary label on the first word past the limit.
    ///
    /// With `min-words` set (default 0: off), a summary with fewer words is
    /// reported too. An empty summary is left to `structure/empty-section`.
    ///
    /// ## Why it matters
    ///
    /// The summary is the part of a post-incident report that managers, customers,
    /// other teams and auditors read, often the only part. Google's SRE postmortem
    /// template opens with a short summary; PagerDuty's postmortem guide asks for a
    /// summary of a few sentences (what happened, impact, what is being done); NIST
    /// SP 800-61's follow-up report is read by management as well as by handlers. A
    /// summary that runs to several screens buries the impact and the decisions in
    /// technical detail.
    ///
    /// ## How to fix
    ///
    /// Keep the summary to what happened, who and what was affected, how long, and
    /// what will change, in plain language. Move the technical story to the
    /// Investigation and Timeline sections.
    ///
    /// ## Options
    ///
    /// - `max-words` (integer, default 300): the longest summary accepted; 0 turns
    ///   the check off.
    /// - `min-words` (integer, default 0 = off): the shortest summary accepted. Off
    ///   by default because a two-sentence summary is often exactly right; teams
    ///   whose summaries must cover impact and follow-ups may set it to ~40.
    ///
    /// ```toml
    /// [rules."structure/executive-summary-length"]
    /// max-words = 200
    /// min-words = 40
    /// ```
    ///
    /// ## Example
    ///
    /// A `## Summary` of 412 words reports `executive summary is 412 words long (at
    /// most 300)` on `## Summary`.
    pub struct ExecutiveSummaryLength;
}

impl Rule for ExecutiveSummaryLength {
    const ID: &'static str = "structure/executive-summary-length";
    const SUMMARY: &'static str = "The executive summary is short enough for non-technical readers (300 words by default)";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    type Options = SummaryOptions;

    fn check(cx: &Context<'_>, opts: &SummaryOptions) -> Vec<Diagnostic> {
        summary_length(cx, opts)
    }
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct SummaryOptions {
    /// Most words the executive summary may have (0: no maximum).
    pub max_words: u32,
    /// Fewest words the executive summary may have (0: no minimum).
    pub min_words: u32,
}

impl Default for SummaryOptions {
    fn default() -> Self {
        SummaryOptions {
            max_words: 300,
            min_words: 0,
        }
    }
}

/// Calls `f` with the span of each word (a run of non-whitespace with a
/// letter or digit) of the prose in `span`.
fn words(source: &str, span: Span, mut f: impl FnMut(Span)) {
    let s = text::slice(source, span);
    let base = span.start as usize;
    let mut start = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        if c.is_whitespace() {
            if let Some(st) = start.take() {
                let w = &s[st..i];
                if w.chars().any(char::is_alphanumeric) {
                    f(Span::from_range(base + st..base + i));
                }
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
}


pub fn summary_length(cx: &Context<'_>, opts: &SummaryOptions) -> Vec<Diagnostic> {
    let (report, source) = (cx.report, cx.source());
    let mut out = Vec::new();
    let n_sections = report.sections.len();
    // Summaries measured: of kind executive-summary and not inside another
    // (a "TL;DR" inside the summary is counted with it, not again).
    let roots: Vec<bool> = report
        .sections
        .iter()
        .map(|s| {
            let summary = |s: &Section| cx.is_kind(s, "executive-summary");
            let nested = s.parent.and_then(|p| report.sections.get(p as usize)).is_some_and(summary);
            summary(s) && !nested
        })
        .collect();
    // The prose runs of each summary's own body: subsections under the
    // summary ("Background", "Impact") are their own parts, not the
    // summary's length.
    let mut runs: Vec<Vec<usize>> = vec![Vec::new(); n_sections];
    for (r, run) in cx.prose().iter().enumerate() {
        if let Some(k) = run.section.map(|k| k as usize) {
            if roots.get(k).copied().unwrap_or(false) {
                runs[k].push(r);
            }
        }
    }
    for (i, s) in report.sections.iter().enumerate() {
        if !roots[i] {
            continue;
        }
        let (max, min) = (opts.max_words as usize, opts.min_words as usize);
        // The number of words, and the first one past the limit.
        let mut n = 0;
        let mut past = None;
        for &r in &runs[i] {
            words(source, cx.prose()[r].span, |w| {
                if n == max {
                    past = Some(w);
                }
                n += 1;
            });
        }
        if max > 0 && n > max {
            let mut d = Diagnostic::new(
                SUMMARY_LENGTH,
                s.heading_span,
                format!("executive summary is {n} words long (at most {max})"),
            )
            .label(format!("{n} words"))
            .help(format!(
                "The executive summary is read by people who will not read further: managers, \
                 customers, auditors. Keep it to what happened, the impact, and what will \
                 change, in plain language, and move the details to the investigation and the \
                 timeline (Google SRE postmortem template: a short summary; PagerDuty: a summary \
                 in a few sentences). Raise `max-words` if your template asks for more than {max}."
            ));
            if let Some(w) = past {
                d = d.secondary(w, format!("word {} is past the limit", max + 1));
            }
            out.push(d);
        } else if min > 0 && n > 0 && n < min {
            // n == 0 is structure/empty-section's finding.
            out.push(
                Diagnostic::new(
                    SUMMARY_LENGTH,
                    s.heading_span,
                    format!("executive summary is only {n} words long (at least {min})"),
                )
                .label(format!("{n} words"))
                .help(
                    "A summary this short rarely says what happened, who was affected and what \
                     will change. Add those in a few plain sentences.",
                ),
            );
        }
    }
    out
}
