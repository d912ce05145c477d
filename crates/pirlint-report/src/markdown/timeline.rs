//! Timeline entries: table rows, list items, headings and time-stamped
//! lines under the timeline section(s), each with its date and zone context.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::blocks::{Block, Cell, Doc, Inline, Para, Table};
use super::tables::{cell_text, column, header_words};
use super::{blocks_in, collapse, own_range, render, trim_range};
use crate::model::*;
use crate::time::{self, DateOrder, TimeContext};
use crate::ParseOptions;

const PHASES: &[&str] = &[
    "preparation",
    "detection",
    "identification",
    "analysis",
    "triage",
    "investigation",
    "containment",
    "eradication",
    "recovery",
    "mitigation",
    "resolution",
    "response",
    "escalation",
    "communication",
    "monitoring",
    "impact",
    "lessons learned",
    "post-incident",
    "postincident",
    "remediation",
    "notification",
];

static PHASE_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\[(?P<a>[^\]\n]{1,30})\]|\((?P<b>[^)\n]{1,30})\))\s*|\s*(?:\[(?P<c>[^\]\n]{1,30})\]|\((?P<d>[^)\n]{1,30})\))\s*$").unwrap()
});

/// Splits a `[detection]`/`(containment)` tag off the start or end of an
/// entry's text. Parenthesized tags must be known phases, since "(Lloyd)"
/// at the start of an entry is a person, not a phase.
fn split_phase(source: &str, text: Range<usize>) -> (Range<usize>, Option<Text>) {
    let s = &source[text.clone()];
    for m in PHASE_TAG.captures_iter(s) {
        let (g, bracket) = match (m.name("a"), m.name("b"), m.name("c"), m.name("d")) {
            (Some(g), ..) | (_, _, Some(g), _) => (g, true),
            (_, Some(g), ..) | (.., Some(g)) => (g, false),
            _ => continue,
        };
        let tag = g.as_str().trim();
        let known = PHASES.contains(&tag.to_lowercase().as_str());
        // "[nhaddad] notices ..." starts with its actor (a reference link);
        // an unknown bracketed tag is a phase only at the end ("... [detect]").
        let at_start = m.get(0).is_some_and(|w| w.start() == 0);
        if !(known || bracket && !at_start && tag.split_whitespace().count() <= 2 && !tag.contains(':')) {
            continue;
        }
        // `[x]`-style checkboxes and priorities are not phases.
        if tag.eq_ignore_ascii_case("x") || tag.len() <= 2 {
            continue;
        }
        let whole = m.get(0).unwrap().range();
        let rest = if whole.start == 0 {
            text.start + whole.end..text.end
        } else {
            text.start..text.start + whole.start
        };
        let phase = Text {
            value: tag.to_string(),
            span: Span::new(text.start + g.start(), text.start + g.end()),
        };
        return (trim_range(source, rest), Some(phase));
    }
    (text, None)
}

/// What the timeline extractor knows of the report as a whole.
#[derive(Clone, Debug, Default)]
pub(super) struct ReportContext {
    /// The single incident date (front matter, title, file name).
    pub incident_date: Option<String>,
    pub date_order: DateOrder,
    /// `zone-aliases` from the policy.
    pub zone_aliases: Vec<(String, String)>,
}

struct TimelineCtx<'a> {
    date: Option<String>,
    zone: Option<&'a str>,
    zone_from: &'static str,
    report: &'a ReportContext,
    year: Option<i16>,
    /// "Unless otherwise noted all events happened on ...": a date written
    /// on one entry does not carry over to the next.
    default_date: bool,
    last_time: Option<String>,
    readings: Vec<EntryReading>,
}

impl TimelineCtx<'_> {
    fn stamp(&mut self, text: &str, span: Span, zone_override: Option<&str>) -> Timestamp {
        let context_date = self.date.as_deref().or(self.report.incident_date.as_deref());
        let ctx = TimeContext {
            date: context_date,
            zone: zone_override.or(self.zone),
            year: self.year,
            incident: self.report.incident_date.as_deref(),
            date_order: self.report.date_order,
            four_digit_times: true,
            zone_aliases: &self.report.zone_aliases,
        };
        let (mut ts, reading) = time::read_timestamp(text, span, &ctx);
        let mut out = EntryReading {
            approximate: reading.approximate,
            placeholder: reading.placeholder,
            ambiguous_date: reading.ambiguous_date,
            ..EntryReading::default()
        };
        if let Some((written, meant)) = reading.malformed_date {
            out.malformed_date = Some(written);
            out.probably_meant = meant;
        }
        out.date_from = match (&ts.date, reading.date_inherited) {
            (None, _) => "none",
            (Some(_), false) => "written",
            (Some(_), true) if self.date.is_some() => "context",
            (Some(_), true) => "incident-date",
        };
        out.zone_from = match (&ts.zone, ts.zone_from_report) {
            (None, _) => "none",
            (Some(_), false) => "written",
            (Some(_), true) if zone_override.is_some() => "timeline",
            (Some(_), true) => self.zone_from,
        };
        // Past midnight without a new date: "23:55" then "00:10".
        if reading.date_inherited && self.date.is_some() {
            if let (Some(prev), Some(now)) = (&self.last_time, &ts.time) {
                if prev.as_str() >= "20:00" && now.as_str() < "06:00" {
                    if let Some(next) = ts
                        .date
                        .as_deref()
                        .and_then(|d| d.parse::<jiff::civil::Date>().ok())
                        .and_then(|d| d.tomorrow().ok())
                    {
                        let (rolled, _) = time::read_timestamp(
                            text,
                            span,
                            &TimeContext {
                                date: Some(&next.to_string()),
                                ..ctx
                            },
                        );
                        ts = rolled;
                        out.rolled_over_midnight = true;
                    }
                }
            }
        }
        if ts.date.is_some() && out.date_from != "incident-date" && !(self.default_date && out.date_from == "written") {
            self.date.clone_from(&ts.date);
        }
        if ts.time.is_some() {
            self.last_time.clone_from(&ts.time);
        }
        self.readings.push(out);
        ts
    }

    fn set_date(&mut self, date: String) {
        self.date = Some(date);
        self.last_time = None;
    }

    fn date_only(&self, text: &str) -> Option<String> {
        let text = text.trim().trim_matches(|c| c == '*' || c == '_').trim();
        let text = ["Date:", "Day:", "date:"]
            .iter()
            .find_map(|l| text.strip_prefix(l))
            .unwrap_or(text);
        let ctx = TimeContext {
            year: self.year,
            incident: self.report.incident_date.as_deref(),
            date_order: self.report.date_order,
            ..TimeContext::default()
        };
        time::parse_date_only(text, &ctx)
    }
}

const SEPARATORS: &[&str] = &["—", "–", "-", ":", "|", ","];

/// Splits a line-like entry ("2026-03-02 14:05 UTC — text", "**14:05**
/// text") into the timestamp's range and the text's range.
fn split_entry(source: &str, range: Range<usize>) -> (Option<Range<usize>>, Range<usize>) {
    // A short tag before the stamp ("(planned) Tue, May 14, 2019 - ...")
    // is set aside.
    let range = match source[range.clone()].strip_prefix('(') {
        Some(rest) => match rest.find(')') {
            Some(close) if close <= 20 && !rest[..close].contains(|c: char| c.is_ascii_digit()) => {
                let skip = 1 + close + 1;
                let lead = source[range.start + skip..range.end].len() - source[range.start + skip..range.end].trim_start().len();
                let candidate = range.start + skip + lead..range.end;
                if time::timestamp_prefix_len(&source[candidate.clone()]).is_some() {
                    candidate
                } else {
                    range
                }
            }
            _ => range,
        },
        None => range,
    };
    let raw = &source[range.clone()];
    let mut ts: Option<Range<usize>> = None;
    let mut rest_at = 0;
    for marker in ["**", "__", "`"] {
        let Some(inner) = raw.strip_prefix(marker) else {
            continue;
        };
        let lead = inner.len() - inner.trim_start().len();
        let at = range.start + marker.len() + lead;
        if let Some(close) = inner.find(marker) {
            let body = inner[..close].trim().trim_end_matches(':');
            if !body.is_empty() && time::timestamp_prefix_len(body) == Some(body.len()) {
                ts = Some(at..at + body.len());
                rest_at = marker.len() + close + marker.len();
                break;
            }
        }
        // A whole entry in bold: "**01:38: alerts fired ...**".
        if let Some(len) = time::timestamp_prefix_len(inner.trim_start()) {
            ts = Some(at..at + len);
            rest_at = marker.len() + lead + len;
            break;
        }
    }
    if ts.is_none() {
        if let Some(len) = time::timestamp_prefix_len(raw) {
            ts = Some(range.start..range.start + len);
            rest_at = len;
        }
    }
    if ts.is_none() {
        // "Next morning: ..." — a short label before a separator is the
        // (not understood) time, so rules can point at it.
        for sep in [" — ", " – ", " - ", ": ", " | "] {
            if let Some(i) = raw.find(sep) {
                let label = &raw[..i];
                if i > 0
                    && i <= 40
                    && label.split_whitespace().count() <= 4
                    && !label.contains(['*', '[', '`'])
                    && names_a_time(label)
                {
                    ts = Some(range.start..range.start + i);
                    rest_at = i + sep.len();
                    break;
                }
            }
        }
    }
    let mut rest = raw[rest_at..].trim_start();
    // The closing marker of a whole-entry emphasis ("**01:38: text**").
    let mut end_trim = 0;
    for marker in ["**", "__"] {
        if raw.starts_with(marker) && rest.ends_with(marker) && !rest[..rest.len() - 2].contains(marker) {
            end_trim = 2;
        }
    }
    let mut at = range.end - rest.len();
    for sep in SEPARATORS {
        if let Some(r) = rest.strip_prefix(sep) {
            if r.is_empty() || r.starts_with(char::is_whitespace) || *sep == ":" {
                rest = r.trim_start();
                at = range.end - rest.len();
                break;
            }
        }
    }
    let end = (range.end - end_trim).max(at);
    (ts, trim_range(source, at..end))
}

/// A label that says when, not what: "Next morning", "Later that day",
/// "Monday evening", "T+5 min". A server name or a topic ("fritz: ...")
/// before a colon is not a time.
fn names_a_time(label: &str) -> bool {
    const WORDS: &[&str] = &[
        "morning", "afternoon", "evening", "night", "noon", "midnight", "later", "next", "day",
        "days", "hour", "hours", "minute", "minutes", "min", "mins", "week", "weeks", "after",
        "before", "earlier", "today", "yesterday", "tomorrow", "weekend", "monday", "tuesday",
        "wednesday", "thursday", "friday", "saturday", "sunday", "eod", "approx", "around",
        "shortly", "then", "meanwhile", "overnight", "dawn", "start", "end",
    ];
    let l = label.to_lowercase();
    l.starts_with("t+")
        || l.starts_with("t-")
        || l.split(|c: char| !c.is_alphanumeric()).any(|w| WORDS.contains(&w))
}

/// The zone a heading or line declares: "Timeline (UTC)", "Timeline (times
/// in ET)", "All times in PST", "_All times in EDT_".
fn declared_zone(text: &str) -> Option<String> {
    if let Some((z, _)) = time::report_zone_line(text) {
        return Some(z);
    }
    let (open, close) = (text.find('(')?, text.rfind(')')?);
    if open >= close {
        return None;
    }
    let inner = &text[open + 1..close];
    let bare = ["all times in ", "times in ", "all times ", "in "]
        .iter()
        .find_map(|p| inner.strip_prefix(p))
        .unwrap_or(inner);
    time::parse_zone(bare).or_else(|| time::report_zone_line(inner).map(|(z, _)| z))
}

/// `[text](url)` as `text`, so that "documented in [UTC](https://...)"
/// reads as it renders.
fn without_links(line: &str) -> std::borrow::Cow<'_, str> {
    static LINK: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\[([^\]\n]*)\]\([^)\n]*\)").unwrap());
    LINK.replace_all(line, "$1")
}

/// The first zone statement line in `paras` (in document order).
fn zone_line<'a>(source: &str, paras: impl Iterator<Item = &'a Para>) -> Option<Text> {
    for p in paras {
        let mut pos = p.range.start;
        for line in source[p.range.clone()].split_inclusive('\n') {
            if let Some((zone, _)) = time::report_zone_line(without_links(line.trim_end()).as_ref()) {
                let r = trim_range(source, pos..pos + line.len());
                return Some(Text {
                    value: zone,
                    span: Span::new(r.start, r.end),
                });
            }
            pos += line.len();
        }
    }
    None
}

pub(super) fn timeline(
    source: &str,
    doc: &Doc,
    sections: &[Section],
    metadata: &mut Metadata,
    options: &ParseOptions,
    report: &ReportContext,
) -> (Vec<TimelineEntry>, Vec<EntryReading>) {
    // Every timeline section; a timeline nested in another counts once.
    // Without one, a section whose list items are mostly time-stamped
    // events ("What happened" with per-day headings) is the timeline.
    let named = sections.iter().any(|s| s.kind.as_deref() == Some("timeline"));
    let mut timelines: Vec<&Section> = Vec::new();
    for s in sections.iter().filter(|s| {
        s.kind.as_deref() == Some("timeline") || (!named && reads_as_timeline(source, doc, s))
    }) {
        if !timelines.last().is_some_and(|o| o.span.range().contains(&(s.span.start as usize))) {
            timelines.push(s);
        }
    }

    // The report-wide zone: front matter, else a statement line (preferring
    // one inside a timeline), else a zone in a timeline heading.
    let mut zone_from = "report";
    if metadata.timezone.is_none() {
        let inside = |p: &&Para| timelines.iter().any(|t| t.span.range().contains(&p.range.start));
        let usable = doc.paras.iter().filter(|p| !p.in_quote || inside(p));
        let mut found = zone_line(source, usable.clone().filter(|p| inside(p)));
        if found.is_none() {
            found = zone_line(source, usable.clone().filter(|p| !inside(p)));
        }
        if found.is_none() {
            // "... and all times are in UTC." in the prose of a timeline.
            found = usable.filter(|p| inside(p) && !p.in_item).find_map(|p| {
                let text = without_links(&source[p.range.clone()]).into_owned();
                time::zone_in_sentence(&text).map(|z| Text {
                    value: z,
                    span: Span::new(p.range.start, p.range.end),
                })
            });
        }
        if found.is_none() {
            found = timelines.iter().find_map(|s| {
                declared_zone(&s.heading).map(|z| Text {
                    value: z,
                    span: s.heading_span,
                })
            });
        }
        metadata.timezone = found;
    }
    let report_zone = metadata.timezone.as_ref().map(|t| t.value.clone());
    let zone = match report_zone.as_deref() {
        Some(z) => Some(z),
        None => {
            zone_from = "policy";
            options.default_timezone.as_deref()
        }
    };
    let year = report
        .incident_date
        .as_deref()
        .and_then(|d| d.get(..4))
        .and_then(|y| y.parse().ok());
    let mut ctx = TimelineCtx {
        date: None,
        zone,
        zone_from,
        report,
        year,
        default_date: false,
        last_time: None,
        readings: Vec::new(),
    };
    let mut out = Vec::new();

    for tl in timelines {
        // A zone declared by this timeline's own heading wins over the
        // report's ("Follow-up timeline (times in BST)").
        let own_zone = declared_zone(&tl.heading);
        let own_zone = own_zone.as_deref();
        let range = extended_range(sections, tl, &ctx);
        // "All times in PST, on February 5th 2019", "all events happened on
        // 2019-10-21": a date in the zone statement dates the entries.
        if let Some(d) = doc
            .paras
            .iter()
            .filter(|p| range.contains(&p.range.start) && !p.in_item)
            .take(2)
            .map(|p| without_links(&source[p.range.clone()]).into_owned())
            .filter(|t| time::report_zone_line(t.trim()).is_some() || time::zone_in_sentence(t).is_some())
            .find_map(|t| time::find_date(&t).map(|d| (d, t.to_lowercase().contains("unless otherwise"))))
        {
            ctx.set_date(d.0);
            ctx.default_date = d.1;
        }
        // Inside a heading entry ("### 14:05"), untimed paragraphs and items
        // are that entry's text, not entries of their own.
        let mut under_entry_heading = false;
        let blocks: Vec<Block> = blocks_in(doc, range.clone()).collect();
        for block in blocks {
            match block {
                Block::Heading(h) => {
                    let heading = &doc.headings[h];
                    if heading.range.start == tl.heading_span.start as usize {
                        continue;
                    }
                    under_entry_heading = false;
                    let plain = heading.text.trim_matches(|c| c == '*' || c == '_');
                    if let Some(d) = ctx.date_only(plain) {
                        ctx.set_date(d);
                        continue;
                    }
                    let body_end = doc
                        .headings
                        .get(h + 1)
                        .map_or(range.end, |n| n.range.start.min(range.end));
                    let hr = trim_range(source, heading_text_range(source, heading.range.clone()));
                    let (Some(ts), text) = split_entry(source, hr.clone()) else {
                        continue;
                    };
                    if time::timestamp_prefix_len(&source[ts.clone()]).is_none() {
                        continue;
                    }
                    // A dated heading without a time ("### October 21, 2025
                    // - Redis Overload") titles the entries under it: it
                    // dates them, it is not an entry.
                    let stamp = &source[ts.clone()];
                    if let Some(d) = ctx.date_only(stamp) {
                        ctx.set_date(d);
                        continue;
                    }
                    let body = trim_range(source, heading.range.end.min(body_end)..body_end);
                    let text = if text.is_empty() { body.clone() } else { text };
                    let span = trim_range(source, heading.range.start..body_end);
                    out.push(entry(source, &[], span, ts, text, &mut ctx, own_zone));
                    under_entry_heading = true;
                }
                Block::Para(p) => {
                    let para = &doc.paras[p];
                    if para.in_item || para.in_quote {
                        continue;
                    }
                    lines_entries(source, para.range.clone(), &para.inlines, &mut ctx, own_zone, &mut out);
                }
                Block::Code(c) => {
                    // An indented block of time-stamped lines is a timeline
                    // indented by accident; fenced blocks stay code.
                    let r = doc.codes[c].clone();
                    lines_entries(source, r, &[], &mut ctx, own_zone, &mut out);
                }
                Block::Item(i) => {
                    let item = &doc.items[i];
                    let Some(own) = own_range(source, item) else {
                        continue;
                    };
                    let own = trim_range(source, own);
                    let (ts, text) = split_entry(source, own.clone());
                    let understood = ts
                        .as_ref()
                        .is_some_and(|t| time::timestamp_prefix_len(&source[t.clone()]).is_some());
                    if text.is_empty() {
                        let plain = render(&item.inlines, &own, source);
                        if let Some(d) = ctx.date_only(&plain) {
                            ctx.set_date(d);
                        }
                        continue;
                    }
                    // Nested items without a time are details of their
                    // parent, and so are items under a heading entry; an
                    // item with neither a time nor a short label before a
                    // separator ("Next morning: ...") is a note between
                    // entries, not an entry.
                    if (item.parent.is_some() || under_entry_heading || ts.is_none()) && !understood {
                        continue;
                    }
                    let ts = ts.unwrap_or(own.start..own.start);
                    out.push(entry(
                        source,
                        &item.inlines,
                        item.range.clone(),
                        ts,
                        text,
                        &mut ctx,
                        own_zone,
                    ));
                }
                Block::Table(t) => table_entries(source, &doc.tables[t], &mut ctx, own_zone, &mut out),
            }
        }
    }
    (out, ctx.readings)
}

/// At least three list items and most of them start with a time stamp
/// that has a time of day.
fn reads_as_timeline(source: &str, doc: &Doc, section: &Section) -> bool {
    if matches!(section.kind.as_deref(), Some("recommendations" | "user-actions")) {
        return false;
    }
    let (mut items, mut stamped) = (0, 0);
    for block in blocks_in(doc, section.span.range()) {
        if let Block::Item(i) = block {
            let item = &doc.items[i];
            if item.parent.is_some() {
                continue;
            }
            items += 1;
            let Some(own) = own_range(source, item) else { continue };
            if let (Some(ts), _) = split_entry(source, trim_range(source, own)) {
                let text = &source[ts];
                if time::timestamp_prefix_len(text).is_some() && text.contains(':') {
                    stamped += 1;
                }
            }
        }
    }
    stamped >= 3 && stamped * 3 >= items * 2
}

/// A timeline section, and after it the sibling headings that are dates
/// ("## Timeline", then "## May 12", "## May 13" at the same level): the
/// per-day sections people write belong to the timeline.
fn extended_range(sections: &[Section], tl: &Section, ctx: &TimelineCtx<'_>) -> Range<usize> {
    let mut range = tl.span.range();
    let after = range.end;
    for next in sections.iter().filter(|s| s.span.start as usize >= after) {
        if next.level < tl.level {
            break;
        }
        if next.level > tl.level {
            continue;
        }
        if ctx.date_only(&next.heading).is_none() {
            break;
        }
        range.end = next.span.end as usize;
    }
    range
}

/// The heading's text without its `#` marks or setext underline.
fn heading_text_range(source: &str, range: Range<usize>) -> Range<usize> {
    let raw = &source[range.clone()];
    let first_line = raw.split('\n').next().unwrap_or("");
    let start = range.start + (first_line.len() - first_line.trim_start_matches('#').len());
    let mut end = range.start + first_line.len();
    // A closing sequence of `#`s.
    let trimmed = source[start..end].trim_end().trim_end_matches('#');
    if trimmed.len() < end - start {
        end = start + trimmed.len();
    }
    start..end.max(start)
}

/// Each line of `range` that starts with a time stamp is an entry; a line
/// that is only a date sets the date for the lines after it.
fn lines_entries(
    source: &str,
    range: Range<usize>,
    inlines: &[Inline],
    ctx: &mut TimelineCtx<'_>,
    own_zone: Option<&str>,
    out: &mut Vec<TimelineEntry>,
) {
    let mut lines = Vec::new();
    let mut pos = range.start;
    for line in source[range.clone()].split_inclusive('\n') {
        lines.push(trim_range(source, pos..pos + line.len()));
        pos += line.len();
    }
    // What each line is, read once: a date line, a stamped line (the
    // stamp's range and the text's), or text.
    type Stamped = (Range<usize>, Range<usize>);
    let read: Vec<(Option<String>, Option<Stamped>)> = lines
        .iter()
        .map(|lr| {
            let date = ctx.date_only(&source[lr.clone()]);
            let stamp = if date.is_some() {
                None
            } else {
                let (ts, text) = split_entry(source, lr.clone());
                ts.filter(|t| time::timestamp_prefix_len(&source[t.clone()]).is_some()).map(|t| (t, text))
            };
            (date, stamp)
        })
        .collect();
    let plain = |k: usize| read[k].0.is_none() && read[k].1.is_none();
    for (i, lr) in lines.iter().enumerate() {
        if let Some(d) = &read[i].0 {
            ctx.set_date(d.clone());
            continue;
        }
        let Some((ts, text)) = read[i].1.clone() else {
            continue;
        };
        // The lines after it, up to the next stamped or date line.
        let run = (i + 1..lines.len()).take_while(|&k| plain(k)).last();
        if !text.is_empty() {
            // They continue its text.
            let last = run.map_or(lr.end, |k| lines[k].end);
            out.push(entry(source, inlines, lr.start..last, ts, text.start..last, ctx, own_zone));
            continue;
        }
        // A time alone on its line ("1:03"), the event on the next lines.
        if let Some(k) = run {
            let text = lines[i + 1].start..lines[k].end;
            out.push(entry(source, inlines, lr.start..lines[k].end, ts, text, ctx, own_zone));
        }
    }
}

fn entry(
    source: &str,
    inlines: &[Inline],
    span: Range<usize>,
    ts: Range<usize>,
    text: Range<usize>,
    ctx: &mut TimelineCtx<'_>,
    own_zone: Option<&str>,
) -> TimelineEntry {
    let (text, phase) = split_phase(source, text);
    let timestamp = ctx.stamp(&source[ts.clone()], Span::new(ts.start, ts.end), own_zone);
    TimelineEntry {
        span: Span::new(span.start, span.end),
        timestamp,
        text: Text {
            value: if inlines.is_empty() {
                collapse(&source[text.clone()])
            } else {
                render(inlines, &text, source)
            },
            span: Span::new(text.start, text.end),
        },
        phase,
        actor: None,
    }
}

// ASCII digits and word boundaries, as in `time.rs` (compile time).
static HEADER_ZONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Z][A-Za-z]*/[A-Za-z_]+|(?:UTC|GMT)?[+-][0-9]{1,2}(?::?[0-9]{2})?|(?-u:\b)[A-Z]{1,5}(?-u:\b)")
        .unwrap()
});

fn table_entries(
    source: &str,
    table: &Table,
    ctx: &mut TimelineCtx<'_>,
    own_zone: Option<&str>,
    out: &mut Vec<TimelineEntry>,
) {
    let headers: Vec<Vec<String>> = table.header.iter().map(|c| header_words(&c.text)).collect();
    let only = |i: usize, yes: &[&str], no: &[&str]| {
        headers[i].iter().any(|w| yes.contains(&w.as_str()))
            && !headers[i].iter().any(|w| no.contains(&w.as_str()))
    };
    let date_only =
        (0..headers.len()).find(|&i| only(i, &["date", "day"], &["time", "timestamp", "when"]));
    let time_only = (0..headers.len()).find(|&i| only(i, &["time", "timestamp"], &["date", "day"]));
    let (date_col, time_col) = match (date_only, time_only) {
        (Some(d), Some(t)) => (Some(d), t),
        _ => (
            None,
            column(
                &headers,
                &["time", "timestamp", "when", "date", "datetime"],
                &[],
            )
            .unwrap_or(0),
        ),
    };
    let mut taken = vec![time_col];
    taken.extend(date_col);
    let phase_col = column(&headers, &["phase", "stage"], &taken);
    taken.extend(phase_col);
    let actor_col = column(&headers, &["actor", "who", "owner", "person", "by"], &taken);
    taken.extend(actor_col);
    let event_col = column(
        &headers,
        &[
            "event",
            "events",
            "description",
            "what",
            "action",
            "details",
            "activity",
            "summary",
            "note",
            "notes",
        ],
        &taken,
    )
    .or_else(|| (0..headers.len().max(2)).find(|i| !taken.contains(i)));
    // A zone in the time header ("Date and Time in CET", "Time (UTC)").
    let header_zone = table.header.get(time_col).and_then(|c| {
        HEADER_ZONE
            .find_iter(&c.text)
            .find_map(|m| time::parse_zone(m.as_str()))
    });

    // A year in the date or time header ("Date (2024)") dates the rows
    // written without one.
    let header_year = date_col
        .into_iter()
        .chain([time_col])
        .filter_map(|c| table.header.get(c))
        .find_map(|c| {
            c.text
                .split(|ch: char| !ch.is_ascii_digit())
                .find(|w| w.len() == 4)
                .and_then(|w| w.parse::<i16>().ok())
        });
    let saved_year = ctx.year;
    ctx.year = header_year.or(ctx.year);
    for (row_range, cells) in &table.rows {
        let tcell = cells.get(time_col);
        let dcell = date_col.and_then(|d| cells.get(d));
        let ecell = event_col.and_then(|e| cells.get(e));
        let empty = |c: Option<&Cell>| c.is_none_or(|c| c.text.is_empty());
        if empty(tcell) && empty(dcell) && empty(ecell) {
            continue;
        }
        let (ts_text, ts_span) = match (dcell, tcell) {
            (Some(d), Some(t)) => (
                format!("{} {}", d.text, t.text).trim().to_string(),
                Span::new(
                    d.range.start.min(t.range.start),
                    d.range.end.max(t.range.end),
                ),
            ),
            (None, Some(t)) | (Some(t), None) => {
                (t.text.clone(), Span::new(t.range.start, t.range.end))
            }
            (None, None) => (String::new(), Span::new(row_range.start, row_range.start)),
        };
        let timestamp = ctx.stamp(&ts_text, ts_span, header_zone.as_deref().or(own_zone));
        let mut text = ecell.map_or(
            Text {
                value: String::new(),
                span: Span::new(row_range.end, row_range.end),
            },
            |c| Text {
                value: c.text.clone(),
                span: Span::new(c.range.start, c.range.end),
            },
        );
        let mut phase = cell_text(cells, phase_col);
        if phase.is_none() && phase_col.is_none() {
            let (r, p) = split_phase(source, text.span.range());
            if p.is_some() {
                text = Text {
                    value: collapse(&source[r.clone()]),
                    span: Span::new(r.start, r.end),
                };
                phase = p;
            }
        }
        out.push(TimelineEntry {
            span: Span::new(row_range.start, row_range.end),
            timestamp,
            text,
            phase,
            actor: cell_text(cells, actor_col),
        });
    }
    ctx.year = saved_year;
}
