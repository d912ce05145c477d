//! `timeline/timestamps`.

use pirlint_plugin_sdk::prelude::*;

use crate::*;

const ID: &str = "timeline/timestamps";

rule! {
    /// Checks that every timeline entry has a date, a time of day and a time zone.
    ///
    /// - **Relative or unreadable times** ("later that afternoon", "next morning",
    ///   "20202-01-16 12:00"): reported per run of consecutive such entries (one
    ///   finding, the other entries as secondary labels).
    /// - **Date-only entries** ("2026-02-17 — two more users submitted
    ///   credentials"): reported once per run of consecutive date-only entries,
    ///   unless `allow-date-only` is set.
    /// - **Time without a date** (a `14:05` with no date on it, in a heading above,
    ///   or in an earlier entry): reported per run.
    /// - **No time zone**: reported once per report, on the first entry with a
    ///   time and no zone. A zone counts when it is written on the entry (`14:05
    ///   UTC`, `+01:00`, `Europe/Oslo`), in the time column header (`Time (UTC)`),
    ///   in the front matter (`timezone: UTC`) or in a line such as `All times UTC.`
    ///   near the timeline.
    /// - **Zone and clock slips**, each once per report: a zone for the wrong
    ///   season (`PST` on a June date is `PDT`); an entry in a zone other than the
    ///   one the report declares; a 24-hour time with am/pm (`14:07 PM`); and an
    ///   hour without am/pm (`1:03`) in a timeline whose other entries use a
    ///   12-hour clock (`5:10 AM`). An unmarked hour past 12 or with a leading
    ///   zero (`09:03`) anywhere in the timeline makes it a 24-hour timeline, and
    ///   then unmarked hours are not reported. And a zone abbreviation that names
    ///   different zones in different places (`IST`: India, Ireland, Israel;
    ///   `CST`: US Central, China, Cuba), unless `zone-aliases` in the policy says
    ///   which one the organization means (`[policy] zone-aliases = { IST =
    ///   "Asia/Kolkata" }`).
    ///
    /// Formats understood include ISO 8601 / RFC 3339 (`2026-03-02T14:05:00Z`),
    /// `2026-03-02 14:05 UTC`, `Mar 2, 2026 2:05 PM PST`, `2 March 2026 14:05`, and
    /// `14:05 UTC` under a date heading (`### 2026-03-02`). A range such as
    /// `09:00 - 11:00` counts as its start.
    ///
    /// ## Why it matters
    ///
    /// NIST SP 800-61 asks for every step to be "documented and timestamped"; the
    /// response metrics it lists (time to discovery, to containment, to recovery)
    /// and the rules `timeline/chronological`, `timeline/gaps` and
    /// `timeline/matches-metadata` need absolute times. A relative time cannot be
    /// ordered or measured, and a time without a zone is ambiguous for everyone who
    /// was not in the author's office.
    ///
    /// ## How to fix
    ///
    /// Take the times from alerts, tickets, chat and logs. Write an approximate
    /// time as `~14:00` rather than none. State the zone once (`All times UTC.`).
    ///
    /// ## Options
    ///
    /// - `allow-date-only` (boolean, default `false`): accept entries that have a
    ///   date but no time, for teams that record context events (a CVE publication,
    ///   a domain registration) by day.
    ///
    /// ```toml
    /// [rules."timeline/timestamps"]
    /// allow-date-only = true
    /// ```
    pub struct Timestamps;
}

impl Rule for Timestamps {
    const ID: &'static str = ID;
    const SUMMARY: &'static str = "Every timeline entry has a date, a time and a time zone (no relative times)";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    type Options = TimestampOptions;

    fn check(cx: &Context<'_>, opts: &TimestampOptions) -> Vec<Diagnostic> {
        with_entries(cx, |report, memo| timestamps(report, memo.source, opts))
    }
}

#[derive(Deserialize, Serialize, JsonSchema, Default)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct TimestampOptions {
    /// Accept timeline entries with a date but no time of day.
    pub allow_date_only: bool,
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

fn timestamps(report: &Report, source: &str, opts: &TimestampOptions) -> Vec<Diagnostic> {
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
                    format!("timeline entry {} has a date but no time", shown(source, first))
                } else {
                    format!(
                        "{} consecutive timeline entries have a date but no time",
                        run.len()
                    )
                };
                Diagnostic::new(ID, entry_span(first), msg)
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
                ID,
                entry_span(first),
                format!("timeline entry {} has a time but no date", shown(source, first)),
            )
            .label("no date here or in a heading above")
            .help(format!(
                "Write the date on the entry, or group entries under a date heading \
                 (`### 2026-03-02`) so every entry has one. {FORMATS_HELP}"
            )),
            Gap::NotUnderstood => {
                let t = text_of(source, &first.timestamp).trim();
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
                Diagnostic::new(ID, entry_span(first), msg)
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
    out.extend(mixed_clock(report, source));
    out.extend(unmarked_12_hour(report, source));
    out.extend(ambiguous_zone(report));
    out.extend(zone_season(report));
    out.extend(zone_disagrees(report, source));
    // The zone: once per report, on the first entry with a time but no zone.
    if let Some(e) = tl
        .iter()
        .find(|e| e.timestamp.time.is_some() && e.timestamp.zone.is_none())
    {
        out.push(
            Diagnostic::new(
                ID,
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
        let zone = model::zone_of(report, &e.timestamp)?;
        Some((e, AMBIGUOUS_ZONES.iter().find(|(a, _)| *a == zone)?))
    })?;
    Some(
        Diagnostic::new(
            ID,
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
fn clock_hour(source: &str, e: &TimelineEntry) -> Option<(u32, bool, bool)> {
    let t = text_of(source, &e.timestamp).to_ascii_lowercase();
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
fn unmarked_12_hour(report: &Report, source: &str) -> Option<Diagnostic> {
    let clocks: Vec<(&TimelineEntry, (u32, bool, bool))> = report
        .timeline
        .iter()
        .filter_map(|e| Some((e, clock_hour(source, e)?)))
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
        ID,
        entry_span(first),
        format!(
            "timestamp {} has no am/pm, but other entries use a 12-hour clock",
            shown(source, first)
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
fn mixed_clock(report: &Report, source: &str) -> Option<Diagnostic> {
    let mixed = |e: &&TimelineEntry| {
        clock_hour(source, e).is_some_and(|(h, marked, _)| marked && (13..=23).contains(&h))
    };
    let mut hits = report.timeline.iter().filter(mixed);
    let first = hits.next()?;
    let mut d = Diagnostic::new(
        ID,
        entry_span(first),
        format!("timestamp {} mixes a 24-hour time with am/pm", shown(source, first)),
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
pub(crate) enum Region {
    Us,
    Eu,
}

/// Whether `date` falls inside daylight saving time in `region` (the
/// changeover days themselves are left out: the hour matters there).
/// US: second Sunday of March to first Sunday of November; EU: last Sunday
/// of March to last Sunday of October.
pub(crate) fn in_daylight_time(date: &str, region: Region) -> Option<bool> {
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
        let (Some(zone), Some(date)) = (model::zone_of(report, &e.timestamp), e.timestamp.date.map(model::date_string)) else {
            continue;
        };
        for (standard, daylight, region) in SEASONAL_ZONES {
            if zone != *standard && zone != *daylight {
                continue;
            }
            let want = match in_daylight_time(&date, *region) {
                Some(true) if zone == *standard => *daylight,
                Some(false) if zone == *daylight => *standard,
                _ => continue,
            };
            wrong.push((e, zone, want));
        }
    }
    let (first, zone, want) = *wrong.first()?;
    let date = first.timestamp.date.map(model::date_string).unwrap_or_default();
    let where_ = if first.timestamp.zone_from_report {
        report.metadata.timezone.as_ref().map(|t| t.span)
    } else {
        None
    };
    let mut d = Diagnostic::new(
        ID,
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
fn zone_disagrees(report: &Report, source: &str) -> Option<Diagnostic> {
    let declared = report.metadata.timezone.as_ref()?;
    // A region's zone (`Europe/Oslo`) is written `CET` or `CEST` on
    // entries, and `PST`/`PDT` are one region's two seasons (which
    // `zone_season` judges): only a different place is a disagreement.
    if text_of(source, declared).contains('/') {
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
            && model::zone_of(report, &e.timestamp).is_some_and(|z| !same(z, text_of(source, declared)))
    })?;
    let zone = model::zone_of(report, &e.timestamp).unwrap_or_default();
    Some(
        Diagnostic::new(
            ID,
            entry_span(e),
            format!("entry written in `{zone}` in a report whose times are declared `{}`", text_of(source, declared)),
        )
        .label(format!("`{zone}` here"))
        .secondary(declared.span, format!("`{}` declared here", text_of(source, declared)))
        .help(
            "Readers apply the declared zone to every entry; an entry in another zone is easily              misread by the offset between them. Convert the entry to the declared zone, or              state the exception next to it.",
        ),
    )
}
