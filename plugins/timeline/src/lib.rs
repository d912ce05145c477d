//! pirlint built-in plugin `timeline`: a timeline exists, its timestamps are
//! complete and in order, it covers the response phases, agrees with the
//! front matter, has no silent gaps and says how the incident was found.

use std::cell::RefCell;
use std::collections::BTreeMap;

use pirlint_plugin_sdk::prelude::*;
use pirlint_plugin_sdk::values;
use serde::Deserialize;

mod docs;
pub mod phases;

const PRESENT: &str = "timeline/present";
const TIMESTAMPS: &str = "timeline/timestamps";
const CHRONOLOGICAL: &str = "timeline/chronological";
const PHASES: &str = "timeline/phases";
const MATCHES: &str = "timeline/matches-metadata";
const GAPS: &str = "timeline/gaps";
const DISCOVERY: &str = "timeline/discovery";

struct Timeline;

impl Plugin for Timeline {
    fn describe() -> PluginInfo {
        PluginInfo::new(
            "timeline",
            env!("CARGO_PKG_VERSION"),
            vec![
                RuleInfo::new(
                    PRESENT,
                    "The report has a timeline with at least one entry",
                    Severity::Error,
                    docs::PRESENT,
                    pirlint_plugin_sdk::NO_OPTIONS_SCHEMA,
                ),
                RuleInfo::new(
                    TIMESTAMPS,
                    "Every timeline entry has a date, a time and a time zone (no relative times)",
                    Severity::Warning,
                    docs::TIMESTAMPS,
                    docs::TIMESTAMPS_SCHEMA,
                ),
                RuleInfo::new(
                    CHRONOLOGICAL,
                    "Timeline entries are in chronological order",
                    Severity::Warning,
                    docs::CHRONOLOGICAL,
                    pirlint_plugin_sdk::NO_OPTIONS_SCHEMA,
                ),
                RuleInfo::new(
                    PHASES,
                    "The timeline covers detection, containment, eradication and recovery",
                    Severity::Info,
                    docs::PHASES,
                    docs::PHASES_SCHEMA,
                ),
                RuleInfo::new(
                    MATCHES,
                    "Front-matter times (detected, contained, recovered, resolved) agree with the timeline",
                    Severity::Warning,
                    docs::MATCHES,
                    docs::MATCHES_SCHEMA,
                ),
                RuleInfo::new(
                    GAPS,
                    "No long silent gap between timeline entries while the incident was open",
                    Severity::Info,
                    docs::GAPS,
                    docs::GAPS_SCHEMA,
                ),
                RuleInfo::new(
                    DISCOVERY,
                    "The report says who or what discovered the incident",
                    Severity::Warning,
                    docs::DISCOVERY,
                    docs::DISCOVERY_SCHEMA,
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
        if enabled(&rules, PRESENT).is_some() {
            out.extend(present(&report, &source));
        }
        // Template rows ("20xx-MM-DD HH:mm") are structure/placeholder's
        // business; judging them here would only repeat it.
        let mut report = report;
        report.timeline.retain(|e| !is_placeholder(&e.timestamp));
        // The other rules judge entries; without any, `present` has said it
        // (and "how was it found" is one of the things a timeline shows).
        if report.timeline.is_empty() {
            return Ok(out);
        }
        let memo = PhaseMemo::new(&report);
        if let Some(cfg) = enabled(&rules, DISCOVERY) {
            out.extend(discovery(&report, &memo, &source, &options(cfg)?));
        }
        if let Some(cfg) = enabled(&rules, TIMESTAMPS) {
            out.extend(timestamps(&report, &options(cfg)?));
        }
        if enabled(&rules, CHRONOLOGICAL).is_some() {
            out.extend(chronological(&report));
        }
        if let Some(cfg) = enabled(&rules, PHASES) {
            out.extend(phase_coverage(&report, &memo, &source, &options(cfg)?));
        }
        if let Some(cfg) = enabled(&rules, MATCHES) {
            out.extend(matches_metadata(&report, &memo, &options(cfg)?));
        }
        if let Some(cfg) = enabled(&rules, GAPS) {
            out.extend(gaps(&report, &memo, &options(cfg)?));
        }
        Ok(out)
    }
}

pirlint_plugin_sdk::export!(Timeline);

// ---------------------------------------------------------------------------
// helpers

/// [`phases::entry_in_phase`] with the default keywords and
/// [`phases::entries_of`], remembering each entry's tag and each keyword
/// verdict: the phases, matches-metadata, gaps and discovery rules ask the
/// same questions of the same entries, and the keyword search is most of
/// this plugin's work.
struct PhaseMemo<'a> {
    timeline: &'a [TimelineEntry],
    tags: Vec<Option<&'static str>>,
    /// Per entry, the keyword verdict for each of [`phases::PHASES`].
    keywords: RefCell<Vec<[Option<bool>; 4]>>,
}

impl<'a> PhaseMemo<'a> {
    fn new(report: &'a Report) -> Self {
        PhaseMemo {
            timeline: &report.timeline,
            tags: report.timeline.iter().map(phases::tagged).collect(),
            keywords: RefCell::new(vec![[None; 4]; report.timeline.len()]),
        }
    }

    /// `phases::entry_in_phase(&timeline[i], phase, None)`.
    fn in_phase(&self, i: usize, phase: &str) -> bool {
        if self.tags[i] == Some(phase) {
            return true;
        }
        let text = &self.timeline[i].text.value;
        let Some(k) = phases::PHASES.iter().position(|p| *p == phase) else {
            return phases::has_default_keyword(text, phase);
        };
        if let Some(v) = self.keywords.borrow()[i][k] {
            return v;
        }
        let v = phases::has_default_keyword(text, phase);
        self.keywords.borrow_mut()[i][k] = Some(v);
        v
    }

    /// `phases::entries_of(report, phase)`.
    fn entries_of(&self, phase: &str) -> Vec<usize> {
        let tagged_ix: Vec<usize> = (0..self.timeline.len())
            .filter(|&i| self.tags[i] == Some(phase))
            .collect();
        if !tagged_ix.is_empty() {
            return tagged_ix;
        }
        (0..self.timeline.len())
            .filter(|&i| self.in_phase(i, phase))
            .collect()
    }
}

fn timeline_section(report: &Report) -> Option<&Section> {
    report
        .sections
        .iter()
        .find(|s| s.kind.as_deref() == Some("timeline"))
}

/// Where report-level findings about the timeline go: its heading, else the
/// first entry, else the title or first line.
fn timeline_anchor(report: &Report, source: &str) -> Span {
    if let Some(s) = timeline_section(report) {
        return s.heading_span;
    }
    if let Some(e) = report.timeline.first() {
        return entry_span(e);
    }
    title_anchor(report, source)
}

/// A timestamp left from a template ("YYYY-MM-DD", "20xx-MM-DD HH:mm").
fn is_placeholder(ts: &Timestamp) -> bool {
    values::is_timestamp_residue(&ts.text)
}

fn title_anchor(report: &Report, source: &str) -> Span {
    report
        .sections
        .iter()
        .find(|s| s.level == 1)
        .map_or_else(|| text::first_line(source), |s| s.heading_span)
}

/// The entry's timestamp as written, or the whole entry when it has none.
fn entry_span(e: &TimelineEntry) -> Span {
    if e.timestamp.span.is_empty() {
        e.span
    } else {
        e.timestamp.span
    }
}

fn shown(e: &TimelineEntry) -> String {
    let t = e.timestamp.text.trim();
    if t.is_empty() {
        let v: String = e.text.value.chars().take(40).collect();
        format!("\"{v}\"")
    } else {
        format!("`{t}`")
    }
}

/// True when the timestamp text itself names a date (a 4-digit year or a
/// month name), as opposed to a date inherited from a heading or an earlier
/// entry.
fn date_written(ts: &Timestamp) -> bool {
    let t = ts.text.to_lowercase();
    let mut run = 0;
    for c in t.chars() {
        if c.is_ascii_digit() {
            run += 1;
            if run >= 4 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    const MONTHS: &[&str] = &[
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    t.split(|c: char| !c.is_alphabetic())
        .any(|w| w.len() >= 3 && MONTHS.iter().any(|m| w.starts_with(m)))
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

// ---------------------------------------------------------------------------
// timeline/present

fn present(report: &Report, source: &str) -> Vec<Diagnostic> {
    if !report.timeline.is_empty() {
        return Vec::new();
    }
    let d = match timeline_section(report) {
        Some(s) => Diagnostic::new(
            PRESENT,
            s.heading_span,
            format!("timeline section \"{}\" has no entries pirlint can read", s.heading),
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
            Diagnostic::new(PRESENT, title_anchor(report, source), "the report has no timeline")
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

// ---------------------------------------------------------------------------
// timeline/timestamps

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct TimestampOptions {
    allow_date_only: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Gap {
    Complete,
    /// Neither date nor time understood.
    NotUnderstood,
    DateOnly,
    NoDate,
}

fn classify(ts: &Timestamp) -> Gap {
    match (&ts.date, &ts.time) {
        (Some(_), Some(_)) => Gap::Complete,
        (None, None) => Gap::NotUnderstood,
        (Some(_), None) => Gap::DateOnly,
        (None, Some(_)) => Gap::NoDate,
    }
}

const FORMATS_HELP: &str = "Formats understood: `2026-03-02T14:05:00Z` (ISO 8601 / RFC 3339), \
    `2026-03-02 14:05 UTC`, `Mar 2, 2026 2:05 PM PST`, `2 March 2026 14:05 CET`, or `14:05` \
    under a date heading such as `### 2026-03-02`.";

fn timestamps(report: &Report, opts: &TimestampOptions) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let tl = &report.timeline;
    let mut i = 0;
    while i < tl.len() {
        let kind = classify(&tl[i].timestamp);
        let mut j = i + 1;
        while j < tl.len() && classify(&tl[j].timestamp) == kind {
            j += 1;
        }
        let run = &tl[i..j];
        i = j;
        let first = &run[0];
        let d = match kind {
            Gap::Complete => continue,
            Gap::DateOnly if opts.allow_date_only => continue,
            Gap::DateOnly => {
                let msg = if run.len() == 1 {
                    format!("timeline entry {} has a date but no time", shown(first))
                } else {
                    format!(
                        "{} consecutive timeline entries have a date but no time",
                        run.len()
                    )
                };
                Diagnostic::new(TIMESTAMPS, entry_span(first), msg)
                    .label("no time of day")
                    .help(format!(
                        "Durations (time to detect, contain, recover) can only be measured \
                         from entries with a time. Add the time from logs, tickets or chat \
                         history; write an approximate time as `~14:00` rather than none. If \
                         date-only entries are acceptable for context events (a CVE \
                         publication, a domain registration), set the rule's \
                         `allow-date-only` option. {FORMATS_HELP}"
                    ))
            }
            Gap::NoDate => Diagnostic::new(
                TIMESTAMPS,
                entry_span(first),
                format!("timeline entry {} has a time but no date", shown(first)),
            )
            .label("no date here or in a heading above")
            .help(format!(
                "Write the date on the entry, or group entries under a date heading \
                 (`### 2026-03-02`) so every entry has one. {FORMATS_HELP}"
            )),
            Gap::NotUnderstood => {
                let t = first.timestamp.text.trim();
                let (msg, label) = if t.is_empty() {
                    (
                        "timeline entry without a timestamp".to_string(),
                        "no date or time",
                    )
                } else if t.chars().any(|c| c.is_ascii_digit()) {
                    (format!("timestamp `{t}` is not understood"), "not a date or time pirlint can read")
                } else {
                    (
                        format!("relative time `{t}` instead of a timestamp"),
                        "relative time",
                    )
                };
                let msg = if run.len() > 1 {
                    format!("{msg} (and {} more entries like it)", run.len() - 1)
                } else {
                    msg
                };
                Diagnostic::new(TIMESTAMPS, entry_span(first), msg)
                    .label(label)
                    .help(format!(
                        "Every timeline entry needs an absolute date and time: relative times \
                         (\"later that day\", \"next morning\") cannot be ordered or measured, \
                         and NIST SP 800-61 asks for every step to be documented and \
                         timestamped. {FORMATS_HELP}"
                    ))
            }
        };
        let d = run[1..].iter().fold(d, |d, e| {
            d.secondary(entry_span(e), "same problem here")
        });
        out.push(d);
    }
    out.extend(mixed_clock(report));
    out.extend(unmarked_12_hour(report));
    out.extend(ambiguous_zone(report));
    out.extend(zone_season(report));
    out.extend(zone_disagrees(report));
    // The zone: once per report, on the first entry with a time but no zone.
    if let Some(e) = tl
        .iter()
        .find(|e| e.timestamp.time.is_some() && e.timestamp.zone.is_none())
    {
        out.push(
            Diagnostic::new(
                TIMESTAMPS,
                entry_span(e),
                "timeline times have no time zone",
            )
            .label("no zone on this entry or for the report")
            .help(
                "Without a zone, readers in other places (and tools computing durations) \
                 cannot tell when things happened. State it once for the report, as a line \
                 `All times UTC.` under the timeline heading or `timezone: UTC` in the front \
                 matter, or write it on each entry (`14:05 UTC`, `2026-03-02T14:05:00+01:00`).",
            ),
        );
    }
    out
}

/// Abbreviations that name different zones in different places, with the
/// meaning pirlint takes unless `zone-aliases` in the policy says otherwise
/// (an aliased zone reaches the plugin as what it stands for).
const AMBIGUOUS_ZONES: &[(&str, &str)] = &[
    ("IST", "India +05:30, Irish Summer Time +01:00 or Israel +02:00; read as India"),
    ("CST", "US Central -06:00, China +08:00 or Cuba -05:00; read as US Central"),
];

/// "All times in IST": India, Ireland or Israel? Once per report, on the
/// first entry in such a zone.
fn ambiguous_zone(report: &Report) -> Option<Diagnostic> {
    let (entry, (zone, meanings)) = report.timeline.iter().find_map(|e| {
        let zone = e.timestamp.zone.as_deref()?;
        Some((e, AMBIGUOUS_ZONES.iter().find(|(a, _)| *a == zone)?))
    })?;
    Some(
        Diagnostic::new(
            TIMESTAMPS,
            entry_span(entry),
            format!("time zone `{zone}` is ambiguous: {meanings}"),
        )
        .label(format!("which `{zone}`?"))
        .help(format!(
            "The same letters name zones hours apart, so durations and the order of events \
             across teams depend on the reader's guess. Write the offset or the place \
             (`+05:30`, `Asia/Kolkata`), or say once what your organization means in \
             rules.toml: `[policy] zone-aliases = {{ {zone} = \"Asia/Kolkata\" }}`."
        )),
    )
}

/// The hour of a timestamp's clock time as written ("1:03" -> 1), with
/// whether it has am/pm and whether the hour has a leading zero.
fn clock_hour(e: &TimelineEntry) -> Option<(u32, bool, bool)> {
    let t = e.timestamp.text.to_ascii_lowercase();
    let clock = t
        .split(|c: char| !c.is_ascii_digit() && c != ':')
        .find(|w| w.contains(':'))?;
    let hour = clock.split(':').next()?;
    // am/pm right after the time, not inside a zone ("America/Chicago").
    let after = t[t.find(clock)? + clock.len()..].trim_start();
    let marked = ["am", "pm", "a.m", "p.m"].iter().any(|m| {
        after
            .strip_prefix(m)
            .is_some_and(|rest| !rest.starts_with(|c: char| c.is_ascii_alphabetic()))
    });
    Some((hour.parse().ok()?, marked, hour.len() == 2 && hour.starts_with('0')))
}

/// "1:03" in a timeline whose other entries say "5:10 AM": the author is on
/// a 12-hour clock, and this entry does not say which half of the day it
/// is in. A timeline with an unmarked hour past 12 or with a leading zero
/// ("09:00") is on a 24-hour clock, with a few am/pm slips at most. Once
/// per report.
fn unmarked_12_hour(report: &Report) -> Option<Diagnostic> {
    let clocks: Vec<(&TimelineEntry, (u32, bool, bool))> = report
        .timeline
        .iter()
        .filter_map(|e| Some((e, clock_hour(e)?)))
        .collect();
    let twelve_hour = clocks.iter().any(|(_, (_, marked, _))| *marked);
    let twenty_four_hour = clocks
        .iter()
        .any(|(_, (h, marked, zero))| !marked && (*zero || *h == 0 || *h >= 13));
    if !twelve_hour || twenty_four_hour {
        return None;
    }
    let mut hits = clocks
        .iter()
        .filter(|(_, (h, marked, zero))| !marked && !zero && (1..=12).contains(h))
        .map(|(e, _)| *e);
    let first = hits.next()?;
    let mut d = Diagnostic::new(
        TIMESTAMPS,
        entry_span(first),
        format!(
            "timestamp {} has no am/pm, but other entries use a 12-hour clock",
            shown(first)
        ),
    )
    .label("morning or afternoon?")
    .help(
        "pirlint reads an unmarked hour as a 24-hour time, so this entry sorts and measures as \
         morning; readers cannot tell either. Write `1:03 AM` or `1:03 PM` (or use a 24-hour \
         clock throughout).",
    );
    for e in hits.take(5) {
        d = d.secondary(entry_span(e), "same here");
    }
    Some(d)
}

/// "14:07 PM": a 24-hour time with am/pm. pirlint reads it as written
/// (14:07), but the reader cannot tell which was meant. Once per report.
fn mixed_clock(report: &Report) -> Option<Diagnostic> {
    let mixed = |e: &&TimelineEntry| {
        clock_hour(e).is_some_and(|(h, marked, _)| marked && (13..=23).contains(&h))
    };
    let mut hits = report.timeline.iter().filter(mixed);
    let first = hits.next()?;
    let mut d = Diagnostic::new(
        TIMESTAMPS,
        entry_span(first),
        format!("timestamp {} mixes a 24-hour time with am/pm", shown(first)),
    )
    .label("24-hour time with am/pm")
    .help(
        "An hour past 12 with PM may be a slip for a 12-hour time or for a 24-hour one; pirlint \
         reads the hour as written. Write either `2:07 PM` or `14:07`.",
    );
    for e in hits.take(5) {
        d = d.secondary(entry_span(e), "same here");
    }
    Some(d)
}

/// (standard, daylight, region) abbreviations whose offset depends on the
/// date. GMT is left out: it is also written for UTC all year.
const SEASONAL_ZONES: &[(&str, &str, Region)] = &[
    ("PST", "PDT", Region::Us),
    ("MST", "MDT", Region::Us),
    ("CST", "CDT", Region::Us),
    ("EST", "EDT", Region::Us),
    ("AKST", "AKDT", Region::Us),
    ("CET", "CEST", Region::Eu),
    ("EET", "EEST", Region::Eu),
    ("WET", "WEST", Region::Eu),
];

#[derive(Clone, Copy)]
enum Region {
    Us,
    Eu,
}

/// Whether `date` falls inside daylight saving time in `region` (the
/// changeover days themselves are left out: the hour matters there).
/// US: second Sunday of March to first Sunday of November; EU: last Sunday
/// of March to last Sunday of October.
fn in_daylight_time(date: &str, region: Region) -> Option<bool> {
    let day = values::day_number(date)?;
    let year = &date[..4];
    // The first Sunday on or after `from` (1970-01-01 was a Thursday).
    let sunday_from = |from: &str| values::day_number(from).map(|d| d + (7 - (d + 4).rem_euclid(7)) % 7);
    let (start, end) = match region {
        Region::Us => (sunday_from(&format!("{year}-03-08"))?, sunday_from(&format!("{year}-11-01"))?),
        Region::Eu => (sunday_from(&format!("{year}-03-25"))?, sunday_from(&format!("{year}-10-25"))?),
    };
    if day == start || day == end {
        return None;
    }
    Some(day > start && day < end)
}

/// `PST` on a summer date is `PDT` (an hour off every duration): once per
/// report, on the first such entry.
fn zone_season(report: &Report) -> Option<Diagnostic> {
    let mut wrong: Vec<(&TimelineEntry, &str, &str)> = Vec::new();
    for e in &report.timeline {
        let (Some(zone), Some(date)) = (e.timestamp.zone.as_deref(), e.timestamp.date.as_deref()) else {
            continue;
        };
        for (standard, daylight, region) in SEASONAL_ZONES {
            if zone != *standard && zone != *daylight {
                continue;
            }
            let want = match in_daylight_time(date, *region) {
                Some(true) if zone == *standard => *daylight,
                Some(false) if zone == *daylight => *standard,
                _ => continue,
            };
            wrong.push((e, zone, want));
        }
    }
    let (first, zone, want) = *wrong.first()?;
    let date = first.timestamp.date.as_deref().unwrap_or_default();
    let where_ = if first.timestamp.zone_from_report {
        report.metadata.timezone.as_ref().map(|t| t.span)
    } else {
        None
    };
    let mut d = Diagnostic::new(
        TIMESTAMPS,
        where_.unwrap_or_else(|| entry_span(first)),
        format!("`{zone}` on {date} is `{want}`: that zone observes daylight saving time then"),
    )
    .label(format!("{zone} here, {want} on that date"))
    .help(format!(
        "`{zone}` and `{want}` are an hour apart, so every time written with the wrong one, and          every duration measured across the change, is an hour off. Write `{want}` for dates          in that season, or write the region's zone without the season (`PT`, `ET`,          `Europe/Berlin`) or UTC."
    ));
    if where_.is_some() {
        d = d.secondary(entry_span(first), "the first entry it applies to");
    }
    for (e, ..) in wrong.iter().skip(1).take(5) {
        d = d.secondary(entry_span(e), "same zone here");
    }
    Some(d)
}

/// An entry's own zone that differs from the one the report declares for
/// its times ("All times UTC", then `14:05 PST`): once per report.
fn zone_disagrees(report: &Report) -> Option<Diagnostic> {
    let declared = report.metadata.timezone.as_ref()?;
    // A region's zone (`Europe/Oslo`) is written `CET` or `CEST` on
    // entries, and `PST`/`PDT` are one region's two seasons (which
    // `zone_season` judges): only a different place is a disagreement.
    if declared.value.contains('/') {
        return None;
    }
    let siblings = |a: &str, b: &str| {
        SEASONAL_ZONES.iter().any(|(s, d, _)| (a == *s && b == *d) || (a == *d && b == *s))
    };
    let same = |a: &str, b: &str| {
        let utc = |z: &str| matches!(z, "UTC" | "GMT" | "Z" | "+00:00" | "Etc/UTC");
        a.eq_ignore_ascii_case(b) || (utc(a) && utc(b)) || siblings(a, b)
    };
    let e = report.timeline.iter().find(|e| {
        !e.timestamp.zone_from_report
            && e.timestamp.zone.as_deref().is_some_and(|z| !same(z, &declared.value))
    })?;
    let zone = e.timestamp.zone.as_deref().unwrap_or_default();
    Some(
        Diagnostic::new(
            TIMESTAMPS,
            entry_span(e),
            format!("entry written in `{zone}` in a report whose times are declared `{}`", declared.value),
        )
        .label(format!("`{zone}` here"))
        .secondary(declared.span, format!("`{}` declared here", declared.value))
        .help(
            "Readers apply the declared zone to every entry; an entry in another zone is easily              misread by the offset between them. Convert the entry to the declared zone, or              state the exception next to it.",
        ),
    )
}

// ---------------------------------------------------------------------------
// timeline/chronological

/// "HH:MM" and "HH:MM:SS" compared as seconds.
fn clock_secs(t: &str) -> Option<i64> {
    let mut it = t.split(':').map(|x| x.parse::<i64>().ok());
    let h = it.next()??;
    let m = it.next()??;
    let s = it.next().flatten().unwrap_or(0);
    Some(h * 3600 + m * 60 + s)
}

/// How `cur` compares with `prev` (Less = out of order), when comparable.
fn compare(prev: &Timestamp, cur: &Timestamp) -> Option<std::cmp::Ordering> {
    let (pd, cd) = (prev.date.as_ref()?, cur.date.as_ref()?);
    let pt = prev.time.as_deref().and_then(clock_secs);
    let ct = cur.time.as_deref().and_then(clock_secs);
    // A time-only entry after a late one on an inherited date has most
    // likely crossed midnight ("23:50", then "00:10"): not an inversion.
    if pd == cd && !date_written(cur) {
        if let (Some(p), Some(c)) = (pt, ct) {
            if p - c >= 12 * 3600 {
                return None;
            }
        }
    }
    if let (Some(p), Some(c)) = (prev.utc_seconds, cur.utc_seconds) {
        return Some(c.cmp(&p));
    }
    if pd != cd {
        return Some(cd.cmp(pd));
    }
    match (pt, ct) {
        (Some(p), Some(c)) => Some(c.cmp(&p)),
        _ => Some(std::cmp::Ordering::Equal),
    }
}

/// Entries with a time but no date anywhere (the same date context):
/// compared by the clock, unless the step back is long enough to be the
/// night passing.
fn compare_times(prev: &Timestamp, cur: &Timestamp) -> Option<std::cmp::Ordering> {
    let (p, c) = (clock_secs(prev.time.as_deref()?)?, clock_secs(cur.time.as_deref()?)?);
    if p - c >= 12 * 3600 {
        return None;
    }
    Some(c.cmp(&p))
}

/// "1:10" after "12:05" with no am/pm: a 12-hour clock, not an inversion
/// of eleven hours.
fn twelve_hour_without_marker(prev: &Timestamp, cur: &Timestamp) -> bool {
    let marked = |t: &Timestamp| {
        let l = t.text.to_ascii_lowercase();
        l.contains("am") || l.contains("pm") || l.contains("a.m") || l.contains("p.m")
    };
    let hour = |t: &Timestamp| t.time.as_deref().and_then(|x| x.get(..2)).and_then(|h| h.parse::<i64>().ok());
    match (hour(prev), hour(cur)) {
        (Some(p), Some(c)) => !marked(cur) && !marked(prev) && (1..12).contains(&c) && p >= c && p <= 12 && c + 12 > p,
        _ => false,
    }
}

fn chronological(report: &Report) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // A 12-hour clock written without am/pm never shows an hour past 12.
    let twelve_hour_clock = report
        .timeline
        .iter()
        .filter_map(|e| e.timestamp.time.as_deref())
        .all(|t| t.get(..2).and_then(|h| h.parse::<u32>().ok()).is_some_and(|h| h <= 12));
    let mut prev: Option<&TimelineEntry> = None;
    for e in &report.timeline {
        let time_only = e.timestamp.date.is_none() && e.timestamp.time.is_some();
        if e.timestamp.date.is_none() && !time_only {
            continue;
        }
        if let Some(p) = prev {
            let order = if time_only {
                if p.timestamp.date.is_none() {
                    compare_times(&p.timestamp, &e.timestamp)
                } else {
                    None
                }
            } else {
                compare(&p.timestamp, &e.timestamp)
            };
            if order == Some(std::cmp::Ordering::Less)
                && twelve_hour_clock
                && twelve_hour_without_marker(&p.timestamp, &e.timestamp)
            {
                out.push(
                    Diagnostic::new(
                        CHRONOLOGICAL,
                        entry_span(e),
                        format!(
                            "timeline entry {} goes back in time after {}: a 12-hour clock without am/pm?",
                            shown(e),
                            shown(p)
                        ),
                    )
                    .label("am or pm?")
                    .secondary(entry_span(p), "the entry before it")
                    .help(
                        "Read as a 24-hour clock these entries go backwards; most likely the                          afternoon is written on a 12-hour clock without am/pm. Write `1:10 PM`                          or `13:10` so that readers and tools order and measure them right.",
                    ),
                );
            } else if order == Some(std::cmp::Ordering::Less) {
                out.push(
                    Diagnostic::new(
                        CHRONOLOGICAL,
                        entry_span(e),
                        format!(
                            "timeline entry {} is listed after a later one ({})",
                            shown(e),
                            shown(p)
                        ),
                    )
                    .label("out of order")
                    .secondary(entry_span(p), "this later entry comes first")
                    .help(
                        "A timeline is read top to bottom as the order of events: move the \
                         entry to its place, or correct its time if it was mistyped. Readers \
                         and tools measuring response times rely on the order.",
                    ),
                );
            }
        }
        // Compare the next entry with this one, so one misplaced entry gives
        // one finding rather than a cascade.
        prev = Some(e);
    }
    out
}

// ---------------------------------------------------------------------------
// timeline/phases

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct PhaseOptions {
    required: Option<Vec<String>>,
    keywords: BTreeMap<String, Vec<String>>,
}

fn is_security(report: &Report) -> bool {
    report.metadata.incident_type.as_ref().is_some_and(|t| {
        let t = t.value.to_lowercase();
        ["security", "breach", "intrusion", "malware", "ransomware", "phishing", "compromise"]
            .iter()
            .any(|k| t.contains(k))
    })
}

fn phase_coverage(
    report: &Report,
    memo: &PhaseMemo,
    source: &str,
    opts: &PhaseOptions,
) -> Vec<Diagnostic> {
    let security = is_security(report);
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
        let kw = opts.keywords.get(phase.as_str()).map(Vec::as_slice);
        // Outside security incidents the fix that removes the cause is what
        // restores service ("permanently deleted the faulty controller").
        let also_eradication = !security && phase == "recovery" && kw.is_none();
        let found = report.timeline.iter().enumerate().any(|(i, e)| {
            let in_phase = match kw {
                Some(_) => phases::entry_in_phase(e, phase, kw),
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
        PHASES,
        timeline_anchor(report, source),
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

// ---------------------------------------------------------------------------
// timeline/matches-metadata

#[derive(Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct MatchOptions {
    tolerance_minutes: u32,
}

impl Default for MatchOptions {
    fn default() -> Self {
        MatchOptions {
            tolerance_minutes: 15,
        }
    }
}

fn matches_metadata(report: &Report, memo: &PhaseMemo, opts: &MatchOptions) -> Vec<Diagnostic> {
    let m = &report.metadata;
    let tol = i64::from(opts.tolerance_minutes) * 60;
    let mut out = Vec::new();
    let checks: [(&str, &Option<Timestamp>, &str, bool); 4] = [
        ("detected", &m.detected, "detection", true),
        ("contained", &m.contained, "containment", false),
        ("recovered", &m.recovered, "recovery", false),
        ("resolved", &m.resolved, "recovery", false),
    ];
    for (key, value, phase, first_only) in checks {
        let Some(ts) = value else { continue };
        let Some(at) = ts.utc_seconds else { continue };
        let mut cands: Vec<&TimelineEntry> = memo
            .entries_of(phase)
            .into_iter()
            .map(|i| &report.timeline[i])
            .filter(|e| e.timestamp.utc_seconds.is_some())
            .collect();
        if key == "resolved" {
            // Closing an incident is often the last entry, untagged.
            if let Some(last) = report.timeline.iter().rev().find(|e| e.timestamp.utc_seconds.is_some()) {
                cands.push(last);
            }
        }
        if first_only {
            cands.truncate(1);
        }
        if cands.is_empty() {
            continue;
        }
        let dist = |e: &TimelineEntry| (e.timestamp.utc_seconds.unwrap_or(at) - at).abs();
        if cands.iter().any(|e| dist(e) <= tol) {
            continue;
        }
        let nearest = cands.iter().min_by_key(|e| dist(e)).copied().unwrap_or(cands[0]);
        let diff = nearest.timestamp.utc_seconds.unwrap_or(at) - at;
        let which = if first_only {
            format!("the first {phase} entry")
        } else {
            format!("the nearest {phase} entry")
        };
        out.push(
            Diagnostic::new(
                MATCHES,
                ts.span,
                format!(
                    "front-matter `{key}` ({}) differs by {} from {which} ({})",
                    ts.text.trim(),
                    human_duration(diff),
                    nearest.timestamp.text.trim()
                ),
            )
            .label(format!("`{key}` here"))
            .secondary(entry_span(nearest), format!("{which} is {}", if diff > 0 { "later" } else { "earlier" }))
            .help(format!(
                "The front matter feeds the response metrics (time to detect, contain, \
                 recover); when it disagrees with the timeline, one of them is wrong. Correct \
                 whichever is wrong. Differences up to {} min are accepted (option \
                 `tolerance-minutes`).",
                opts.tolerance_minutes
            )),
        );
    }
    out
}

// ---------------------------------------------------------------------------
// timeline/gaps

#[derive(Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct GapOptions {
    max_gap_hours: f64,
}

impl Default for GapOptions {
    fn default() -> Self {
        GapOptions { max_gap_hours: 24.0 }
    }
}

fn gaps(report: &Report, memo: &PhaseMemo, opts: &GapOptions) -> Vec<Diagnostic> {
    let m = &report.metadata;
    let tl = &report.timeline;
    let Some(first) = tl.iter().find_map(|e| e.timestamp.utc_seconds) else {
        return Vec::new();
    };
    // The incident is open from detection to resolution; before detection
    // (a latent change days earlier) and after it (follow-ups) long gaps are
    // normal.
    let start = m
        .detected
        .as_ref()
        .and_then(|t| t.utc_seconds)
        .or_else(|| {
            memo.entries_of("detection")
                .into_iter()
                .find_map(|i| tl[i].timestamp.utc_seconds)
        })
        .unwrap_or(first);
    // Once service is recovered the urgent part is over: follow-up work
    // over the next days is not a silence.
    let end = m
        .recovered
        .as_ref()
        .and_then(|t| t.utc_seconds)
        .or_else(|| m.resolved.as_ref().and_then(|t| t.utc_seconds))
        .or_else(|| {
            memo.entries_of("recovery")
                .into_iter()
                .rev()
                .find_map(|i| tl[i].timestamp.utc_seconds)
        })
        .unwrap_or(i64::MAX);
    let max = (opts.max_gap_hours * 3600.0) as i64;
    // (previous entry, next entry, gap length)
    let mut found: Vec<(usize, usize, i64)> = Vec::new();
    let mut prev: Option<(usize, i64)> = None;
    for (i, e) in tl.iter().enumerate() {
        let Some(cs) = e.timestamp.utc_seconds else {
            // An entry with an unknown time shows activity somewhere in the
            // gap: the silence cannot be measured across it.
            prev = None;
            continue;
        };
        if let Some((p, ps)) = prev {
            let open = cs.min(end) - ps.max(start);
            if cs > ps && open > max {
                found.push((p, i, cs - ps));
            }
        }
        prev = Some((i, cs));
    }
    let Some(&(p, n, len)) = found.iter().max_by_key(|g| g.2) else {
        return Vec::new();
    };
    // One finding per report, on the longest gap; the others as labels.
    let msg = if found.len() == 1 {
        format!(
            "{} without a timeline entry while the incident was open",
            human_duration(len)
        )
    } else {
        format!(
            "{} gaps of over {} h without a timeline entry while the incident was open; the \
             longest is {}",
            found.len(),
            opts.max_gap_hours,
            human_duration(len)
        )
    };
    let mut d = Diagnostic::new(GAPS, entry_span(&tl[n]), msg)
        .label(format!("{} after the previous entry", human_duration(len)))
        .secondary(entry_span(&tl[p]), "previous entry");
    for &(_, n2, len2) in found.iter().filter(|g| g.1 != n) {
        d = d.secondary(
            entry_span(&tl[n2]),
            format!("{} after the previous entry", human_duration(len2)),
        );
    }
    vec![d.help(format!(
        "A long silence in the timeline of an open incident hides what was (or was not) \
         happening: waiting on a vendor, work paused overnight, or missing records. Add the \
         events in between, or one entry saying why nothing happened. Gaps over {} h are \
         reported (option `max-gap-hours`); time before detection and after resolution is \
         not counted.",
        opts.max_gap_hours
    ))]
}

// ---------------------------------------------------------------------------
// timeline/discovery

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct DiscoveryOptions {
    keywords: Vec<String>,
}

fn discovery(
    report: &Report,
    memo: &PhaseMemo,
    source: &str,
    opts: &DiscoveryOptions,
) -> Vec<Diagnostic> {
    let extra = |t: &str| opts.keywords.iter().any(|k| phases::has_phrase(t, k));
    let in_timeline = report.timeline.iter().enumerate().any(|(i, e)| {
        memo.in_phase(i, "detection")
            || extra(&e.text.value)
            || phases::has_phrase(&e.text.value, "customer reported")
    });
    // Only needed when the timeline does not say it: summaries are long.
    let in_section = || report.sections.iter().any(|s| {
        let h = s.heading.to_lowercase();
        let detection_section = s.kind.as_deref() == Some("detection")
            || h.contains("detect")
            || h.contains("discover");
        // Summaries often say it ("When alerted, the SRE team ...", "a user
        // informed us by email"), and so does a report's opening text.
        let opening = s.level == 1 && s.kind.is_none();
        let summary_says = (s.kind.as_deref() == Some("executive-summary") || opening)
            && (phases::has_default_keyword(&s.body, "detection") || extra(&s.body));
        (detection_section && !text::is_blank(&s.body)) || summary_says
    });
    if in_timeline || in_section() {
        return Vec::new();
    }
    vec![Diagnostic::new(
        DISCOVERY,
        timeline_anchor(report, source),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn daylight_saving_seasons() {
        // US: 2019-03-10 and 2019-11-03 are the changeover Sundays.
        assert_eq!(in_daylight_time("2019-05-30", Region::Us), Some(true));
        assert_eq!(in_daylight_time("2019-01-23", Region::Us), Some(false));
        assert_eq!(in_daylight_time("2019-03-10", Region::Us), None);
        assert_eq!(in_daylight_time("2019-03-11", Region::Us), Some(true));
        assert_eq!(in_daylight_time("2019-11-04", Region::Us), Some(false));
        // EU: 2020-03-29 and 2020-10-25.
        assert_eq!(in_daylight_time("2020-06-01", Region::Eu), Some(true));
        assert_eq!(in_daylight_time("2020-10-26", Region::Eu), Some(false));
        assert_eq!(in_daylight_time("2020-03-28", Region::Eu), Some(false));
    }

    #[test]
    fn twelve_hour_clocks() {
        let ts = |t: &str, time: &str| Timestamp {
            text: t.into(),
            span: Span::new(0, 0),
            date: None,
            time: Some(time.into()),
            zone: None,
            zone_from_report: false,
            utc_seconds: None,
        };
        assert!(twelve_hour_without_marker(&ts("12:05", "12:05"), &ts("1:10", "01:10")));
        assert!(twelve_hour_without_marker(&ts("11:40", "11:40"), &ts("2:15", "02:15")));
        // With a marker, or a real step back of a 24-hour clock: no.
        assert!(!twelve_hour_without_marker(&ts("12:05 PM", "12:05"), &ts("1:10 PM", "13:10")));
        assert!(!twelve_hour_without_marker(&ts("18:00", "18:00"), &ts("09:00", "09:00")));
    }

    #[test]
    fn written_dates() {
        let ts = |t: &str| Timestamp {
            text: t.into(),
            span: Span::new(0, 0),
            date: None,
            time: None,
            zone: None,
            zone_from_report: false,
            utc_seconds: None,
        };
        assert!(date_written(&ts("2026-03-02 14:05")));
        assert!(date_written(&ts("Mar 2 14:05")));
        assert!(!date_written(&ts("14:05 UTC")));
        assert_eq!(human_duration(90 * 60), "1 h 30 min");
        assert_eq!(human_duration(2 * 86400 + 3600 * 5), "2 d 5 h");
    }

    /// The ASCII keyword search agrees with the SDK's phrase search.
    #[test]
    fn ascii_keywords_match_phrase_search() {
        for p in phases::PHASES {
            for w in phases::default_keywords(p) {
                let b = w.as_bytes();
                assert!(b[0].is_ascii_lowercase() && b[b.len() - 1].is_ascii_lowercase(), "{w}");
                assert!(w.is_ascii() && w.trim() == *w, "{w}");
            }
        }
        let mut pieces: Vec<String> = [
            " ", "  ", "\n", "\t", "\r\n", "\u{b}", "\u{c}", "-", "_", "x", "1", ".", ",", "re", "un", "s",
            "ed", "Back", "ROLLED", "roll", "help desk", "desk  ticket", "long-", "term", "fix",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for p in phases::PHASES {
            for w in phases::default_keywords(p) {
                pieces.push(w.to_string());
                pieces.push(w.to_uppercase());
                pieces.push(w.replace(' ', "\n  "));
                pieces.push(w.replace(' ', "\u{b}"));
                pieces.push(w[..w.len() - 1].to_string());
                pieces.push(w[1..].to_string());
            }
        }
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..20_000 {
            let mut hay = String::new();
            for _ in 0..next(6) {
                hay.push_str(&pieces[next(pieces.len())]);
            }
            for p in phases::PHASES.iter().chain(&["analysis"]) {
                let fast = phases::ascii_default_keyword(hay.as_bytes(), p)
                    .unwrap_or_else(|| phases::phrase_set_default_keyword(&hay, p));
                assert_eq!(fast, phases::phrase_set_default_keyword(&hay, p), "{p}: {hay:?}");
            }
        }
    }
}
