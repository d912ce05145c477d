//! The format-independent report model. It mirrors the `types` interface of
//! `wit/pirlint.wit` field for field, so the host converts one into the other
//! mechanically. Every element carries its byte span in the source file.

use serde::{Deserialize, Serialize};

/// A byte range `[start, end)` in the report's source text.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }
    pub fn is_empty(self) -> bool {
        self.end == self.start
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub value: String,
    pub span: Span,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Timestamp {
    pub text: String,
    pub span: Span,
    pub date: Option<String>,
    pub time: Option<String>,
    pub zone: Option<String>,
    pub zone_from_report: bool,
    pub utc_seconds: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Meeting {
    pub span: Span,
    pub date: Option<Timestamp>,
    pub agenda_sent: Option<Timestamp>,
    pub moderator: Option<Text>,
    pub scribe: Option<Text>,
    pub attendees: Vec<Text>,
    pub excused: Vec<Text>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Impact {
    pub span: Span,
    pub users_affected: Option<Text>,
    pub systems: Vec<Text>,
    pub cost_estimate: Option<Text>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ExtraField {
    pub key: String,
    pub value_json: String,
    pub span: Span,
}

/// One item a notification records (`contents` in the front matter):
/// `key` is the item's name in kebab case, a nested item's with its
/// parent's ("data-subjects.categories"); `value` is the text written (a
/// list's items joined by ", ").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ContentItem {
    pub key: String,
    pub value: Text,
}

/// A notification made (or due) to an authority under a regulation
/// (front matter `notifications`): its regime ("gdpr", "nis2", "dora",
/// "sec-8k"), kind ("notification", "early-warning", "initial", "8-k",
/// ...), the authority, when it was made, the reasons for a delay (or for
/// not notifying), and what it recorded.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Notification {
    pub span: Span,
    pub regime: Option<Text>,
    pub kind: Option<Text>,
    pub authority: Option<Text>,
    pub at: Option<Timestamp>,
    pub delay_reason: Option<Text>,
    pub contents: Vec<ContentItem>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Metadata {
    pub span: Option<Span>,
    pub id: Option<Text>,
    pub title: Option<Text>,
    pub severity: Option<Text>,
    pub status: Option<Text>,
    pub incident_type: Option<Text>,
    pub occurred: Option<Timestamp>,
    pub detected: Option<Timestamp>,
    pub contained: Option<Timestamp>,
    pub recovered: Option<Timestamp>,
    pub resolved: Option<Timestamp>,
    pub timezone: Option<Text>,
    pub authors: Vec<Text>,
    pub meeting: Option<Meeting>,
    pub impact: Option<Impact>,
    /// The regulations the report declares in scope (`regulations`).
    pub regulations: Vec<Text>,
    /// When the organization became aware of the incident (`aware`): the
    /// start of the GDPR, NIS2 and DORA notification deadlines.
    pub aware: Option<Timestamp>,
    /// When the incident was classified as major (`classified-major`,
    /// DORA).
    pub classified_major: Option<Timestamp>,
    /// When the incident was determined to be material
    /// (`materiality-determined`, SEC Form 8-K Item 1.05).
    pub materiality_determined: Option<Timestamp>,
    pub notifications: Vec<Notification>,
    /// Affected systems named at the top level of the front matter
    /// (`systems`, `affected-systems`, `services`); see also
    /// `impact.systems` and [`Report::affected_systems`]. The key stays in
    /// `extra` too (plugins read front-matter values there).
    #[serde(default)]
    pub systems: Vec<Text>,
    /// Contributing factors (`contributing-factors`, `factors`), one per
    /// item; see [`Report::contributing_factors`]. Also in `extra`.
    #[serde(default)]
    pub contributing_factors: Vec<Text>,
    pub extra: Vec<ExtraField>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Section {
    pub heading: String,
    pub level: u8,
    pub kind: Option<String>,
    pub span: Span,
    pub heading_span: Span,
    pub body: String,
    pub body_span: Span,
    pub parent: Option<u32>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct TimelineEntry {
    pub span: Span,
    pub timestamp: Timestamp,
    pub text: Text,
    pub phase: Option<Text>,
    pub actor: Option<Text>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Recommendation {
    pub span: Span,
    pub text: Text,
    pub priority: Option<Text>,
    pub owner: Option<Text>,
    pub due: Option<Timestamp>,
    pub status: Option<Text>,
    pub tracking: Option<Text>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ProseRun {
    pub span: Span,
    pub section: Option<u32>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceFormat {
    #[default]
    Markdown,
    Json,
    Yaml,
}

/// The response durations derived from the metadata's times, in seconds;
/// computed once by `parse` so that rules and the audit agree. A duration is
/// present when both of its times have a `utc_seconds`, and negative when
/// the times are out of order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Durations {
    /// occurred → detected.
    pub time_to_detect: Option<i64>,
    /// detected → contained.
    pub time_to_contain: Option<i64>,
    /// detected → recovered.
    pub time_to_recover: Option<i64>,
    /// occurred → resolved.
    pub time_to_resolve: Option<i64>,
}

impl Durations {
    pub fn of(metadata: &Metadata) -> Durations {
        let at = |t: &Option<Timestamp>| t.as_ref().and_then(|t| t.utc_seconds);
        let between = |from: Option<i64>, to: Option<i64>| Some(to? - from?);
        Durations {
            time_to_detect: between(at(&metadata.occurred), at(&metadata.detected)),
            time_to_contain: between(at(&metadata.detected), at(&metadata.contained)),
            time_to_recover: between(at(&metadata.detected), at(&metadata.recovered)),
            time_to_resolve: between(at(&metadata.occurred), at(&metadata.resolved)),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Report {
    pub format: SourceFormat,
    pub metadata: Metadata,
    pub sections: Vec<Section>,
    pub timeline: Vec<TimelineEntry>,
    pub recommendations: Vec<Recommendation>,
    pub prose: Vec<ProseRun>,
    pub durations: Durations,
}

/// Something the parser could not make sense of. Parsing is lenient: these
/// become `pirlint/parse-error` findings beside a best-effort model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParseProblem {
    pub message: String,
    pub span: Span,
    pub help: Option<String>,
}

/// Where an entry's date and zone came from, and what else the parser
/// understood of its time, one per `report.timeline` entry: what `pirlint
/// parse` shows beside the model; plugins receive it in `check-context`
/// (`dates.entries`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct EntryReading {
    /// "written" (on the entry), "context" (a date heading, date line, the
    /// previous entry or a Date column), "incident-date" (the report's one
    /// incident date), or "none".
    pub date_from: &'static str,
    /// "written", "timeline" (the timeline's heading or a zone line in
    /// it), "report" (front matter or a zone line elsewhere), "policy"
    /// (`default-timezone`), or "none".
    pub zone_from: &'static str,
    pub approximate: bool,
    /// The date was moved to the next day: the entry follows a late-evening
    /// one under the same date and is early in the morning.
    pub rolled_over_midnight: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ambiguous_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub malformed_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probably_meant: Option<String>,
    pub placeholder: bool,
}

/// What parsing one file yields: always a model, plus what went wrong.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    pub report: Report,
    pub problems: Vec<ParseProblem>,
    /// One per `report.timeline` entry (empty for structured reports).
    pub readings: Vec<EntryReading>,
    /// The incident's date ("YYYY-MM-DD") the timeline's dateless entries
    /// were read in (Markdown reports).
    pub incident_date: Option<String>,
    /// The date order the report's numeric dates were read in.
    pub date_order: crate::time::DateOrder,
}

impl Report {
    /// The systems the incident hit, as written, in order, without
    /// repeats (compared case-insensitively): front matter `systems` (or
    /// `affected-systems`, `services`), `impact.systems`, and in sections
    /// of kind `impact` the lines `Systems affected: a, b` (also `Affected
    /// systems`, `Services affected`, `Affected services`, `Systems`,
    /// `Services`; as list items or bold labels too), split at commas and
    /// semicolons.
    pub fn affected_systems(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut push = |s: &str| {
            let s = s.trim().trim_matches(|c: char| c == '`' || c == '*' || c == '_' || c == '.').trim();
            if !s.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(s)) {
                out.push(s.to_owned());
            }
        };
        for t in &self.metadata.systems {
            push(&t.value);
        }
        for t in self.metadata.impact.iter().flat_map(|i| &i.systems) {
            push(&t.value);
        }
        const LABELS: [&str; 6] = ["systems affected", "affected systems", "services affected", "affected services", "systems", "services"];
        for section in self.sections.iter().filter(|s| s.kind.as_deref() == Some("impact")) {
            for line in section.body.lines() {
                let line = line.trim().trim_start_matches(['-', '*', '+']).trim().replace("**", "").replace("__", "");
                let Some((label, rest)) = line.split_once(':') else { continue };
                if LABELS.contains(&label.trim().to_lowercase().as_str()) {
                    for part in rest.split([',', ';']) {
                        push(part);
                    }
                }
            }
        }
        out
    }

    /// The contributing factors, as written, without repeats: front matter
    /// `contributing-factors` (or `factors`), then the list items of
    /// sections whose heading names contributing factors ("Contributing
    /// factors", "Contributing factors and root cause").
    pub fn contributing_factors(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut push = |s: &str| {
            let s = s.trim();
            if !s.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(s)) {
                out.push(s.to_owned());
            }
        };
        for t in &self.metadata.contributing_factors {
            push(&t.value);
        }
        for section in self.sections.iter().filter(|s| s.heading.to_lowercase().contains("contributing factor")) {
            for line in section.body.lines() {
                let l = line.trim();
                let item = l
                    .strip_prefix("- ")
                    .or_else(|| l.strip_prefix("* "))
                    .or_else(|| l.strip_prefix("+ "))
                    .or_else(|| l.split_once(". ").filter(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())).map(|(_, r)| r));
                if let Some(item) = item {
                    push(item);
                }
            }
        }
        out
    }
}
