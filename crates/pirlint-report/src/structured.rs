//! Structured reports (JSON or YAML in the shape of
//! `schemas/report.schema.json`). Spans point at the value in the source:
//! for a string, its contents without quotes; for a missing or mistyped value,
//! the closest enclosing element.

use std::sync::LazyLock;

use crate::meta::{norm_key, MetaBuilder};
use crate::model::*;
use crate::node::{load_json, load_yaml, Kind, Node};
use crate::time::{parse_timestamp, TimeContext};
use crate::{ParseOptions, Parsed};

/// The JSON Schema of structured reports.
pub const REPORT_SCHEMA: &str = include_str!("../../../schemas/report.schema.json");

static VALIDATOR: LazyLock<Option<jsonschema::Validator>> = LazyLock::new(|| {
    let schema: serde_json::Value = serde_json::from_str(REPORT_SCHEMA).ok()?;
    jsonschema::validator_for(&schema).ok()
});

const MAX_SCHEMA_ERRORS: usize = 20;

fn get<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    let Kind::Map(entries) = &node.kind else {
        return None;
    };
    entries
        .iter()
        .rev()
        .find(|(k, _)| norm_key(&k.key_str()) == key)
        .map(|(_, v)| v)
}

fn list<'n>(node: &'n Node, key: &str) -> &'n [Node] {
    match get(node, key).map(|n| &n.kind) {
        Some(Kind::Seq(items)) => items,
        _ => &[],
    }
}

/// Parses a JSON or YAML report. `format` must be `Json` or `Yaml`
/// (`Markdown` is treated as YAML).
pub fn parse_structured(source: &str, format: SourceFormat, options: &ParseOptions) -> Parsed {
    let mut problems = Vec::new();
    let mut report = Report {
        format,
        ..Report::default()
    };
    let bom = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let text = &source[bom..];
    let loaded = if format == SourceFormat::Json {
        load_json(text).map(|mut n| {
            shift(&mut n, bom as u32);
            Some(n)
        })
    } else {
        load_yaml(text, bom)
    };
    let root = match loaded {
        Ok(Some(root)) => root,
        Ok(None) => {
            problems.push(ParseProblem {
                message: "the report is empty".into(),
                span: Span::new(0, 0),
                help: None,
            });
            return Parsed { report, problems, ..Parsed::default() };
        }
        Err(mut e) => {
            if format == SourceFormat::Json {
                e.span = Span::new(e.span.start as usize + bom, e.span.end as usize + bom);
            }
            problems.push(ParseProblem {
                message: e.message,
                span: e.span,
                help: None,
            });
            return Parsed { report, problems, ..Parsed::default() };
        }
    };

    if let Some(validator) = VALIDATOR.as_ref() {
        let json = root.to_json();
        for e in validator.iter_errors(&json).take(MAX_SCHEMA_ERRORS) {
            let pointer = e.instance_path.as_str().to_string();
            let at = if pointer.is_empty() {
                "the top level"
            } else {
                pointer.as_str()
            };
            problems.push(ParseProblem {
                message: format!("{at}: {e}"),
                span: root.closest(&pointer).span,
                help: Some(
                    "see schemas/report.schema.json for the structured report format".into(),
                ),
            });
        }
    }

    let doc_span = Span::new(bom, source.len());
    let mut extra_problems = Vec::new();
    let mut b = MetaBuilder {
        source,
        problems: &mut extra_problems,
        zone: None,
        zone_aliases: &options.zone_aliases,
    };
    report.metadata = b.build(&root, doc_span);
    let zone = report
        .metadata
        .timezone
        .as_ref()
        .map(|t| t.value.clone())
        .or_else(|| options.default_timezone.clone());

    let mut stack: Vec<usize> = Vec::new();
    for el in list(&root, "sections") {
        let heading = get(el, "heading")
            .and_then(|n| b.text("heading", n))
            .unwrap_or_default();
        let level = get(el, "level")
            .and_then(|n| n.scalar_string())
            .and_then(|s| s.parse::<u8>().ok())
            .unwrap_or(1);
        let kind = get(el, "kind")
            .and_then(Node::scalar_string)
            .or_else(|| options.headings.kind_of(&heading.value));
        let body = get(el, "body").and_then(|n| b.text("body", n));
        let i = report.sections.len();
        while stack
            .last()
            .is_some_and(|&p| report.sections[p].level >= level)
        {
            stack.pop();
        }
        let body_span = body
            .as_ref()
            .map_or(Span::new(el.span.end as usize, el.span.end as usize), |t| {
                t.span
            });
        report.sections.push(Section {
            heading: heading.value,
            level,
            kind,
            span: el.span,
            heading_span: heading.span,
            body: body.map(|t| t.value).unwrap_or_default(),
            body_span,
            parent: stack.last().map(|&p| p as u32),
        });
        if !body_span.is_empty() {
            report.prose.push(ProseRun {
                span: body_span,
                section: Some(i as u32),
            });
        }
        stack.push(i);
    }

    let mut date: Option<String> = None;
    for el in list(&root, "timeline") {
        let text = get(el, "text")
            .and_then(|n| b.text("text", n))
            .unwrap_or_default();
        let timestamp = match get(el, "time").and_then(|n| b.text("time", n)) {
            Some(t) => {
                let ts = parse_timestamp(
                    &t.value,
                    t.span,
                    &TimeContext {
                        date: date.as_deref(),
                        zone: zone.as_deref(),
                        zone_aliases: &options.zone_aliases,
                        ..TimeContext::default()
                    },
                );
                if ts.date.is_some() {
                    date.clone_from(&ts.date);
                }
                ts
            }
            None => Timestamp {
                span: Span::new(el.span.start as usize, el.span.start as usize),
                ..Timestamp::default()
            },
        };
        if !text.span.is_empty() {
            report.prose.push(ProseRun {
                span: text.span,
                section: None,
            });
        }
        report.timeline.push(TimelineEntry {
            span: el.span,
            timestamp,
            text,
            phase: get(el, "phase").and_then(|n| b.text("phase", n)),
            actor: get(el, "actor").and_then(|n| b.text("actor", n)),
        });
    }

    for el in list(&root, "recommendations") {
        let text = get(el, "text")
            .and_then(|n| b.text("text", n))
            .unwrap_or_default();
        if !text.span.is_empty() {
            report.prose.push(ProseRun {
                span: text.span,
                section: None,
            });
        }
        let due = get(el, "due").and_then(|n| b.text("due", n)).map(|t| {
            parse_timestamp(
                &t.value,
                t.span,
                &TimeContext {
                    date: None,
                    zone: zone.as_deref(),
                    zone_aliases: &options.zone_aliases,
                    ..TimeContext::default()
                },
            )
        });
        report.recommendations.push(Recommendation {
            span: el.span,
            text,
            priority: get(el, "priority").and_then(|n| b.text("priority", n)),
            owner: get(el, "owner").and_then(|n| b.text("owner", n)),
            due,
            status: get(el, "status").and_then(|n| b.text("status", n)),
            tracking: get(el, "tracking").and_then(|n| b.text("tracking", n)),
        });
    }
    report.prose.sort_by_key(|p| p.span);

    // The schema already reported mistyped values; keep one problem per place.
    for p in extra_problems {
        if !problems.iter().any(|q| q.span == p.span) {
            problems.push(p);
        }
    }
    Parsed { report, problems, ..Parsed::default() }
}

fn shift(node: &mut Node, by: u32) {
    node.span.start += by;
    node.span.end += by;
    match &mut node.kind {
        Kind::Seq(items) => items.iter_mut().for_each(|n| shift(n, by)),
        Kind::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
            shift(k, by);
            shift(v, by);
        }),
        _ => {}
    }
}
