//! The report model in its WIT shape. The conversion is done once per report;
//! every plugin then receives the same converted value.
//!
//! Text is passed as spans into the source (which every call carries
//! anyway); a value travels only where the parser's differs from the bytes
//! of its span (decoded JSON/YAML strings, headings without markup, trimmed
//! or normalized values).

use crate::wit::wit_types as w;
use pirlint_report as m;

fn span(s: m::Span) -> w::Span {
    w::Span { start: s.start, end: s.end }
}

/// `value` when it differs from the source's bytes at `at`, else `None`.
fn unless_verbatim(source: &str, at: m::Span, value: &str) -> Option<String> {
    (source.get(at.start as usize..at.end as usize) != Some(value)).then(|| value.to_owned())
}

/// Days since 1970-01-01 of an ISO date "YYYY-MM-DD" (the parser writes
/// only valid ones; anything else is `None`).
pub fn days(date: &str) -> Option<i32> {
    let d: jiff::civil::Date = date.parse().ok()?;
    let (y, m, d) = (i64::from(d.year()), i64::from(d.month()), i64::from(d.day()));
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    i32::try_from(era * 146_097 + doe - 719_468).ok()
}

/// Seconds since midnight of "HH:MM" or "HH:MM:SS".
pub fn seconds_of_day(time: &str) -> Option<u32> {
    let mut parts = time.split(':').map(|p| p.parse::<u32>().ok());
    let (h, m) = (parts.next()??, parts.next()??);
    let s = parts.next().unwrap_or(Some(0))?;
    (parts.next().is_none() && h < 24 && m < 60 && s < 61).then_some(h * 3600 + m * 60 + s)
}

struct Cx<'a> {
    source: &'a str,
    /// The heading table, whose indexes `section.kind` carries.
    kinds: &'a [w::SectionKind],
    /// `report.zones`: each zone once, in order of first use.
    zones: std::cell::RefCell<Vec<String>>,
}

impl Cx<'_> {
    fn text(&self, t: &m::Text) -> w::Text {
        w::Text { span: span(t.span), value: unless_verbatim(self.source, t.span, &t.value) }
    }

    fn texts(&self, ts: &[m::Text]) -> Vec<w::Text> {
        ts.iter().map(|t| self.text(t)).collect()
    }

    /// A heading's text: the part of its line it is written as, else the
    /// whole heading span with the value.
    fn heading(&self, heading: &str, at: m::Span) -> w::Text {
        let line = self.source.get(at.start as usize..at.end as usize).unwrap_or("");
        match line.find(heading) {
            Some(i) => {
                let start = at.start + i as u32;
                w::Text { span: w::Span { start, end: start + heading.len() as u32 }, value: None }
            }
            _ => w::Text { span: span(at), value: Some(heading.to_owned()) },
        }
    }

    /// The index of `zone` in `report.zones`, added if new.
    fn zone(&self, zone: &str) -> u32 {
        let mut zones = self.zones.borrow_mut();
        match zones.iter().position(|z| z == zone) {
            Some(i) => i as u32,
            None => {
                zones.push(zone.to_owned());
                (zones.len() - 1) as u32
            }
        }
    }

    fn kind(&self, kind: &str) -> w::KindRef {
        match self.kinds.iter().position(|k| k.kind == kind) {
            Some(i) => w::KindRef::Table(i as u32),
            None => w::KindRef::Named(kind.to_owned()),
        }
    }
}

fn timestamp(cx: &Cx<'_>, t: &m::Timestamp) -> w::Timestamp {
    w::Timestamp {
        span: span(t.span),
        text: unless_verbatim(cx.source, t.span, &t.text),
        date: t.date.as_deref().and_then(days),
        time: t.time.as_deref().and_then(seconds_of_day),
        zone: t.zone.as_deref().map(|z| cx.zone(z)),
        zone_from_report: t.zone_from_report,
        utc_seconds: t.utc_seconds,
    }
}

fn metadata(cx: &Cx<'_>, md: &m::Metadata) -> w::Metadata {
    w::Metadata {
        span: md.span.map(span),
        id: md.id.as_ref().map(|t| cx.text(t)),
        title: md.title.as_ref().map(|t| cx.text(t)),
        severity: md.severity.as_ref().map(|t| cx.text(t)),
        status: md.status.as_ref().map(|t| cx.text(t)),
        incident_type: md.incident_type.as_ref().map(|t| cx.text(t)),
        occurred: md.occurred.as_ref().map(|t| timestamp(cx, t)),
        detected: md.detected.as_ref().map(|t| timestamp(cx, t)),
        contained: md.contained.as_ref().map(|t| timestamp(cx, t)),
        recovered: md.recovered.as_ref().map(|t| timestamp(cx, t)),
        resolved: md.resolved.as_ref().map(|t| timestamp(cx, t)),
        timezone: md.timezone.as_ref().map(|t| cx.text(t)),
        authors: cx.texts(&md.authors),
        meeting: md.meeting.as_ref().map(|mt| w::Meeting {
            span: span(mt.span),
            date: mt.date.as_ref().map(|t| timestamp(cx, t)),
            agenda_sent: mt.agenda_sent.as_ref().map(|t| timestamp(cx, t)),
            moderator: mt.moderator.as_ref().map(|t| cx.text(t)),
            scribe: mt.scribe.as_ref().map(|t| cx.text(t)),
            attendees: cx.texts(&mt.attendees),
            excused: cx.texts(&mt.excused),
        }),
        impact: md.impact.as_ref().map(|im| w::Impact {
            span: span(im.span),
            users_affected: im.users_affected.as_ref().map(|t| cx.text(t)),
            systems: cx.texts(&im.systems),
            cost_estimate: im.cost_estimate.as_ref().map(|t| cx.text(t)),
        }),
        regulations: cx.texts(&md.regulations),
        aware: md.aware.as_ref().map(|t| timestamp(cx, t)),
        classified_major: md.classified_major.as_ref().map(|t| timestamp(cx, t)),
        materiality_determined: md.materiality_determined.as_ref().map(|t| timestamp(cx, t)),
        notifications: md
            .notifications
            .iter()
            .map(|n| w::Notification {
                span: span(n.span),
                regime: n.regime.as_ref().map(|t| cx.text(t)),
                kind: n.kind.as_ref().map(|t| cx.text(t)),
                authority: n.authority.as_ref().map(|t| cx.text(t)),
                at: n.at.as_ref().map(|t| timestamp(cx, t)),
                delay_reason: n.delay_reason.as_ref().map(|t| cx.text(t)),
                contents: n.contents.iter().map(|c| w::ContentItem { key: c.key.clone(), value: cx.text(&c.value) }).collect(),
            })
            .collect(),
        extra: md
            .extra
            .iter()
            .map(|e| w::ExtraField { key: e.key.clone(), value_json: e.value_json.clone(), span: span(e.span) })
            .collect(),
    }
}

fn source_of(from: &str) -> w::ReadingSource {
    match from {
        "written" => w::ReadingSource::Written,
        "context" | "timeline" => w::ReadingSource::Context,
        "report" | "incident-date" => w::ReadingSource::Report,
        "policy" => w::ReadingSource::Policy,
        _ => w::ReadingSource::None,
    }
}

fn reading(r: &m::EntryReading) -> w::EntryReading {
    w::EntryReading {
        date_from: source_of(r.date_from),
        zone_from: source_of(r.zone_from),
        approximate: r.approximate,
        rolled_over_midnight: r.rolled_over_midnight,
        ambiguous_date: r.ambiguous_date.clone(),
        malformed_date: r.malformed_date.clone(),
        probably_meant: r.probably_meant.clone(),
        placeholder: r.placeholder,
    }
}

/// The `prose` value of a report for a run outside every section.
pub const NO_SECTION: u32 = u32::MAX;

/// The model of `parsed`, whose source is `source`, and the date and zone
/// context its times were read in. `kinds` is the heading table plugins
/// receive (`section.kind` indexes it); `default_zone` the policy's
/// `default-timezone`.
pub fn report(parsed: &m::Parsed, source: &str, kinds: &[w::SectionKind], default_zone: Option<&str>) -> (w::Report, w::Dates) {
    let r = &parsed.report;
    let cx = &Cx { source, kinds, zones: Default::default() };
    let metadata = metadata(cx, &r.metadata);
    let sections = r
        .sections
        .iter()
        .map(|s| w::Section {
            heading: cx.heading(&s.heading, s.heading_span),
            level: s.level,
            kind: s.kind.as_deref().map(|k| cx.kind(k)),
            span: span(s.span),
            heading_span: span(s.heading_span),
            body: unless_verbatim(source, s.body_span, &s.body),
            body_span: span(s.body_span),
            parent: s.parent,
        })
        .collect();
    let timeline = r
        .timeline
        .iter()
        .enumerate()
        .map(|(i, e)| w::TimelineEntry {
            span: span(e.span),
            timestamp: timestamp(cx, &e.timestamp),
            text: cx.text(&e.text),
            phase: e.phase.as_ref().map(|t| cx.text(t)),
            actor: e.actor.as_ref().map(|t| cx.text(t)),
            reading: parsed.readings.get(i).map(reading),
        })
        .collect();
    let recommendations = r
        .recommendations
        .iter()
        .map(|rec| w::Recommendation {
            span: span(rec.span),
            text: cx.text(&rec.text),
            priority: rec.priority.as_ref().map(|t| cx.text(t)),
            owner: rec.owner.as_ref().map(|t| cx.text(t)),
            due: rec.due.as_ref().map(|t| timestamp(cx, t)),
            status: rec.status.as_ref().map(|t| cx.text(t)),
            tracking: rec.tracking.as_ref().map(|t| cx.text(t)),
        })
        .collect();
    let mut prose = Vec::with_capacity(r.prose.len() * 3);
    for p in &r.prose {
        prose.extend([p.span.start, p.span.end, p.section.unwrap_or(NO_SECTION)]);
    }
    let declared = r.metadata.timezone.as_ref().map(|t| t.value.as_str());
    let (zone, zone_from) = match (declared, default_zone) {
        (Some(z), _) => (Some(cx.zone(z)), w::ReadingSource::Report),
        (None, Some(z)) => (Some(cx.zone(z)), w::ReadingSource::Policy),
        (None, None) => (None, w::ReadingSource::None),
    };
    let dates = w::Dates {
        incident_date: parsed.incident_date.as_deref().and_then(days),
        zone,
        zone_from,
        date_order: match parsed.date_order {
            m::time::DateOrder::Mdy => w::DateOrder::Mdy,
            m::time::DateOrder::Dmy => w::DateOrder::Dmy,
            m::time::DateOrder::Auto => w::DateOrder::Auto,
        },
    };
    let report = w::Report {
        format: match r.format {
            m::SourceFormat::Markdown => w::SourceFormat::Markdown,
            m::SourceFormat::Json => w::SourceFormat::Json,
            m::SourceFormat::Yaml => w::SourceFormat::Yaml,
        },
        metadata,
        sections,
        timeline,
        recommendations,
        prose,
        durations: w::Durations {
            time_to_detect: r.durations.time_to_detect,
            time_to_contain: r.durations.time_to_contain,
            time_to_recover: r.durations.time_to_recover,
            time_to_resolve: r.durations.time_to_resolve,
        },
        zones: cx.zones.take(),
    };
    (report, dates)
}

/// The host's heading table: every section kind with the headings the
/// parser recognizes as it, the policy's `[sections]` synonyms (`sections`,
/// kind -> names) included; a name the policy gives another kind moves
/// there, as in the parser's map.
pub fn headings<'a>(sections: impl IntoIterator<Item = (&'a str, &'a [String])> + Clone) -> Vec<w::SectionKind> {
    let taken: std::collections::BTreeMap<String, &str> = sections
        .clone()
        .into_iter()
        .flat_map(|(kind, names)| names.iter().map(move |n| (pirlint_vocab::normalize(n), kind)))
        .collect();
    let mut table: Vec<w::SectionKind> = pirlint_vocab::SECTION_KINDS
        .iter()
        .map(|k| w::SectionKind {
            kind: k.id.to_owned(),
            display: k.display.to_owned(),
            headings: k
                .synonyms
                .iter()
                .filter(|n| taken.get(&pirlint_vocab::normalize(n)).is_none_or(|t| *t == k.id))
                .map(|n| (*n).to_owned())
                .collect(),
        })
        .collect();
    for (kind, names) in sections {
        let at = match table.iter().position(|k| k.kind == kind) {
            Some(at) => at,
            None => {
                table.push(w::SectionKind { kind: kind.to_owned(), display: pirlint_vocab::display_name(kind), headings: Vec::new() });
                table.len() - 1
            }
        };
        for n in names {
            if !table[at].headings.iter().any(|h| pirlint_vocab::normalize(h) == pirlint_vocab::normalize(n)) {
                table[at].headings.push(n.clone());
            }
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_heading_table_has_the_policys_synonyms_and_moves_taken_names() {
        let tijdlijn = vec!["Tijdlijn".to_owned()];
        let overview = vec!["Timeline".to_owned()];
        let custom = vec!["Kudos".to_owned()];
        let policy = [("timeline", tijdlijn.as_slice()), ("impact", overview.as_slice()), ("thanks", custom.as_slice())];
        let table = headings(policy.iter().copied());
        let kind = |k: &str| table.iter().find(|s| s.kind == k).unwrap();
        assert!(kind("timeline").headings.iter().any(|h| h == "Tijdlijn"));
        assert!(!kind("timeline").headings.iter().any(|h| h == "Timeline"), "a name the policy gives another kind moves");
        assert!(kind("impact").headings.iter().any(|h| h == "Timeline"));
        assert_eq!(kind("thanks").headings, ["Kudos"]);
        let defaults = headings(std::iter::empty());
        assert_eq!(defaults.len(), pirlint_vocab::SECTION_KINDS.len());
        assert_eq!(defaults[0].display, pirlint_vocab::SECTION_KINDS[0].display);
    }

    #[test]
    fn a_value_travels_only_where_it_differs_from_its_bytes() {
        let md = "---\ntitle: Disk full\n---\n# The *disk* filled up\n\n## Timeline\n\n- 14:05 Alerts fired for `db-1`\n";
        let parsed = pirlint_report::parse(std::path::Path::new("r.md"), md, &Default::default());
        let table = headings(std::iter::empty());
        let (r, _) = report(&parsed, md, &table, None);
        let title = r.metadata.title.unwrap();
        assert_eq!((title.value, &md[title.span.start as usize..title.span.end as usize]), (None, "Disk full"));
        // Markup stripped: the heading's value is carried.
        assert_eq!(r.sections[0].heading.value.as_deref(), Some("The disk filled up"));
        // A verbatim heading is a span inside the heading line.
        let h = &r.sections[1].heading;
        assert_eq!((h.value.as_deref(), &md[h.span.start as usize..h.span.end as usize]), (None, "Timeline"));
        assert!(r.sections.iter().all(|s| s.body.is_none()));
        let json = r#"{"title": "Caf\u00e9 \"down\"", "summary": "x"}"#;
        let parsed = pirlint_report::parse(std::path::Path::new("r.json"), json, &Default::default());
        let (r, _) = report(&parsed, json, &table, None);
        assert_eq!(r.metadata.title.unwrap().value.as_deref(), Some("Café \"down\""));
    }

    #[test]
    fn dates_times_zones_and_kinds_are_numbers() {
        assert_eq!(days("1970-01-01"), Some(0));
        assert_eq!(days("2026-03-02"), Some(20514));
        assert_eq!(days("2024-02-29"), Some(19_782));
        assert_eq!(days("1969-12-31"), Some(-1));
        assert_eq!(days("0999-03-01"), Some(-354_591));
        assert_eq!(days("2026-02-30"), None);
        assert_eq!(seconds_of_day("14:05"), Some(50_700));
        assert_eq!(seconds_of_day("00:00:09"), Some(9));
        assert_eq!(seconds_of_day("14"), None);
        let md = "---\ntimezone: UTC\n---\n# Outage\n\n## Timeline\n\n### 2026-03-02\n\n- 14:05 Alerts fired\n- 15:10 CET Paged\n\nSome prose.\n";
        let parsed = pirlint_report::parse(std::path::Path::new("r.md"), md, &Default::default());
        let table = headings(std::iter::empty());
        let (r, dates) = report(&parsed, md, &table, None);
        let zone = |i: Option<u32>| i.map(|i| r.zones[i as usize].as_str());
        let (a, b) = (&r.timeline[0].timestamp, &r.timeline[1].timestamp);
        assert_eq!((a.date, a.time, zone(a.zone)), (Some(20514), Some(50_700), Some("UTC")));
        assert_eq!((b.date, b.time, zone(b.zone)), (Some(20514), Some(54_600), Some("CET")));
        assert_eq!((dates.incident_date, zone(dates.zone)), (parsed.incident_date.as_deref().and_then(days), Some("UTC")));
        assert_eq!(r.zones.len(), 2, "each zone once: {:?}", r.zones);
        assert!(r.timeline.iter().all(|e| e.reading.is_some()));
        let timeline = r.sections.iter().find(|s| s.heading.value.is_none() && &md[s.heading.span.start as usize..s.heading.span.end as usize] == "Timeline").unwrap();
        let Some(w::KindRef::Table(k)) = timeline.kind else { panic!("{:?}", timeline.kind) };
        assert_eq!(table[k as usize].kind, "timeline");
        assert_eq!(r.prose.len() % 3, 0);
        let last = r.prose.len() - 3;
        assert_eq!(&md[r.prose[last] as usize..r.prose[last + 1] as usize], "Some prose.");
        assert_ne!(r.prose[last + 2], NO_SECTION);
        // A JSON report's own kind the table does not have travels by name.
        let json = r#"{"title": "x", "sections": [{"heading": "Kudos", "kind": "kudos", "body": "Thanks"}]}"#;
        let parsed = pirlint_report::parse(std::path::Path::new("r.json"), json, &Default::default());
        let (r, _) = report(&parsed, json, &table, None);
        assert!(matches!(&r.sections[0].kind, Some(w::KindRef::Named(k)) if k == "kudos"), "{:?}", r.sections[0].kind);
    }
}
