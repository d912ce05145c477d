//! The report model in its WIT shape. The conversion is done once per report;
//! every plugin then receives the same converted value.

use crate::wit::wit_types as w;
use pirlint_report as m;

fn span(s: m::Span) -> w::Span {
    w::Span { start: s.start, end: s.end }
}

fn text(t: &m::Text) -> w::Text {
    w::Text { value: t.value.clone(), span: span(t.span) }
}

fn texts(ts: &[m::Text]) -> Vec<w::Text> {
    ts.iter().map(text).collect()
}

fn timestamp(t: &m::Timestamp) -> w::Timestamp {
    w::Timestamp {
        text: t.text.clone(),
        span: span(t.span),
        date: t.date.clone(),
        time: t.time.clone(),
        zone: t.zone.clone(),
        zone_from_report: t.zone_from_report,
        utc_seconds: t.utc_seconds,
    }
}

fn metadata(md: &m::Metadata) -> w::Metadata {
    w::Metadata {
        span: md.span.map(span),
        id: md.id.as_ref().map(text),
        title: md.title.as_ref().map(text),
        severity: md.severity.as_ref().map(text),
        status: md.status.as_ref().map(text),
        incident_type: md.incident_type.as_ref().map(text),
        occurred: md.occurred.as_ref().map(timestamp),
        detected: md.detected.as_ref().map(timestamp),
        contained: md.contained.as_ref().map(timestamp),
        recovered: md.recovered.as_ref().map(timestamp),
        resolved: md.resolved.as_ref().map(timestamp),
        timezone: md.timezone.as_ref().map(text),
        authors: texts(&md.authors),
        meeting: md.meeting.as_ref().map(|mt| w::Meeting {
            span: span(mt.span),
            date: mt.date.as_ref().map(timestamp),
            agenda_sent: mt.agenda_sent.as_ref().map(timestamp),
            moderator: mt.moderator.as_ref().map(text),
            scribe: mt.scribe.as_ref().map(text),
            attendees: texts(&mt.attendees),
            excused: texts(&mt.excused),
        }),
        impact: md.impact.as_ref().map(|im| w::Impact {
            span: span(im.span),
            users_affected: im.users_affected.as_ref().map(text),
            systems: texts(&im.systems),
            cost_estimate: im.cost_estimate.as_ref().map(text),
        }),
        extra: md
            .extra
            .iter()
            .map(|e| w::ExtraField { key: e.key.clone(), value_json: e.value_json.clone(), span: span(e.span) })
            .collect(),
    }
}

pub fn report(r: &m::Report) -> w::Report {
    w::Report {
        format: match r.format {
            m::SourceFormat::Markdown => w::SourceFormat::Markdown,
            m::SourceFormat::Json => w::SourceFormat::Json,
            m::SourceFormat::Yaml => w::SourceFormat::Yaml,
        },
        metadata: metadata(&r.metadata),
        sections: r
            .sections
            .iter()
            .map(|s| w::Section {
                heading: s.heading.clone(),
                level: s.level,
                kind: s.kind.clone(),
                span: span(s.span),
                heading_span: span(s.heading_span),
                body: s.body.clone(),
                body_span: span(s.body_span),
                parent: s.parent,
            })
            .collect(),
        timeline: r
            .timeline
            .iter()
            .map(|e| w::TimelineEntry {
                span: span(e.span),
                timestamp: timestamp(&e.timestamp),
                text: text(&e.text),
                phase: e.phase.as_ref().map(text),
                actor: e.actor.as_ref().map(text),
            })
            .collect(),
        recommendations: r
            .recommendations
            .iter()
            .map(|rec| w::Recommendation {
                span: span(rec.span),
                text: text(&rec.text),
                priority: rec.priority.as_ref().map(text),
                owner: rec.owner.as_ref().map(text),
                due: rec.due.as_ref().map(timestamp),
                status: rec.status.as_ref().map(text),
                tracking: rec.tracking.as_ref().map(text),
            })
            .collect(),
        prose: r.prose.iter().map(|p| w::ProseRun { span: span(p.span), section: p.section }).collect(),
        durations: w::Durations {
            time_to_detect: r.durations.time_to_detect,
            time_to_contain: r.durations.time_to_contain,
            time_to_recover: r.durations.time_to_recover,
            time_to_resolve: r.durations.time_to_resolve,
        },
    }
}
