//! The fuzz targets and the invariants they check. A target is a function
//! of bytes that returns normally or panics: a panic in the code under test
//! and a broken invariant (an `assert!` here) are both failures.

use std::borrow::Cow;
use std::path::Path;
use std::sync::LazyLock;

use pirlint_host::policy::{Origin, Policy};
use pirlint_host::suppress::{self, Scope};
use pirlint_report::time::DateOrder;
use pirlint_report::{
    Durations, HeadingMap, Metadata, ParseOptions, Parsed, Report, SourceFormat, Span, Text,
    Timestamp,
};

use crate::seeds::SeedKind;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Markdown,
    Structured,
    Policy,
    Suppressions,
}

impl Target {
    pub const ALL: [Target; 4] = [
        Target::Markdown,
        Target::Structured,
        Target::Policy,
        Target::Suppressions,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Target::Markdown => "markdown",
            Target::Structured => "structured",
            Target::Policy => "policy",
            Target::Suppressions => "suppressions",
        }
    }

    pub fn from_name(name: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The kinds of seed this target mutates most of the time (the others
    /// now and then: a policy parser fed a report is a test too).
    pub fn prefers(self, kind: SeedKind) -> bool {
        match self {
            Target::Markdown | Target::Suppressions => kind == SeedKind::Markdown,
            Target::Structured => kind == SeedKind::Structured,
            Target::Policy => kind == SeedKind::Toml,
        }
    }

    /// Runs the target on one input; panics on a failure.
    pub fn run(self, input: &[u8]) {
        let text = as_text(input);
        match self {
            Target::Markdown => markdown(&text),
            Target::Structured => structured(&text),
            Target::Policy => policy(&text),
            Target::Suppressions => suppressions(&text),
        }
    }
}

/// Reports reach the parsers as `&str` (the host decodes and refuses
/// invalid UTF-8 first), so invalid sequences become U+FFFD here: the
/// mutations that split a character still produce a useful input.
pub fn as_text(input: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(input)
}

/// The option sets every Markdown input is parsed under: the default, and
/// two organizations' settings (date order, default zone, zone aliases,
/// extra heading synonyms).
static MARKDOWN_OPTIONS: LazyLock<Vec<ParseOptions>> = LazyLock::new(|| {
    vec![
        ParseOptions::default(),
        ParseOptions {
            headings: HeadingMap::default().with_synonyms("timeline", &["What happened", "Log"]),
            default_timezone: Some("America/New_York".into()),
            date_order: DateOrder::Mdy,
            zone_aliases: vec![
                ("IST".into(), "Asia/Kolkata".into()),
                ("CST".into(), "America/Chicago".into()),
            ],
        },
        ParseOptions {
            headings: HeadingMap::default(),
            default_timezone: Some("+05:30".into()),
            date_order: DateOrder::Dmy,
            zone_aliases: vec![
                ("CST".into(), "Asia/Shanghai".into()),
                ("BST".into(), "Europe/London".into()),
            ],
        },
    ]
});

fn markdown(text: &str) {
    for (i, options) in MARKDOWN_OPTIONS.iter().enumerate() {
        let parsed = pirlint_report::parse(Path::new("r.md"), text, options);
        assert_eq!(
            parsed.report.format,
            SourceFormat::Markdown,
            "options #{i}: format"
        );
        check_parsed(text, &parsed, &format!("markdown, options #{i}"));
    }
}

fn structured(text: &str) {
    for (path, options) in [
        ("r.json", &MARKDOWN_OPTIONS[0]),
        ("r.yaml", &MARKDOWN_OPTIONS[0]),
        ("r.yml", &MARKDOWN_OPTIONS[2]),
    ] {
        let parsed = pirlint_report::parse(Path::new(path), text, options);
        check_parsed(text, &parsed, path);
    }
}

/// Asserts that `span` lies in `source` on character boundaries.
pub fn check_span(source: &str, span: Span, what: &str) {
    let (start, end) = (span.start as usize, span.end as usize);
    assert!(start <= end, "{what}: span {start}..{end} is reversed");
    assert!(
        end <= source.len(),
        "{what}: span {start}..{end} ends past the source ({} bytes)",
        source.len()
    );
    assert!(
        source.is_char_boundary(start) && source.is_char_boundary(end),
        "{what}: span {start}..{end} is not on character boundaries"
    );
}

fn check_range(source: &str, range: &std::ops::Range<usize>, what: &str) {
    assert!(
        range.start <= range.end,
        "{what}: range {range:?} is reversed"
    );
    assert!(
        range.end <= source.len(),
        "{what}: range {range:?} ends past the source ({} bytes)",
        source.len()
    );
    assert!(
        source.is_char_boundary(range.start) && source.is_char_boundary(range.end),
        "{what}: range {range:?} is not on character boundaries"
    );
}

fn check_text(source: &str, text: &Text, what: &str) {
    check_span(source, text.span, what);
}

fn check_opt_text(source: &str, text: &Option<Text>, what: &str) {
    if let Some(t) = text {
        check_text(source, t, what);
    }
}

fn check_timestamp(source: &str, t: &Option<Timestamp>, what: &str) {
    if let Some(t) = t {
        check_span(source, t.span, what);
    }
}

fn check_metadata(source: &str, m: &Metadata) {
    if let Some(span) = m.span {
        check_span(source, span, "metadata");
    }
    for (t, what) in [
        (&m.id, "metadata.id"),
        (&m.title, "metadata.title"),
        (&m.severity, "metadata.severity"),
        (&m.status, "metadata.status"),
        (&m.incident_type, "metadata.incident-type"),
        (&m.timezone, "metadata.timezone"),
    ] {
        check_opt_text(source, t, what);
    }
    for (t, what) in [
        (&m.occurred, "metadata.occurred"),
        (&m.detected, "metadata.detected"),
        (&m.contained, "metadata.contained"),
        (&m.recovered, "metadata.recovered"),
        (&m.resolved, "metadata.resolved"),
    ] {
        check_timestamp(source, t, what);
    }
    for a in &m.authors {
        check_text(source, a, "metadata.authors[]");
    }
    if let Some(meeting) = &m.meeting {
        check_span(source, meeting.span, "meeting");
        check_timestamp(source, &meeting.date, "meeting.date");
        check_timestamp(source, &meeting.agenda_sent, "meeting.agenda-sent");
        check_opt_text(source, &meeting.moderator, "meeting.moderator");
        check_opt_text(source, &meeting.scribe, "meeting.scribe");
        for a in meeting.attendees.iter().chain(&meeting.excused) {
            check_text(source, a, "meeting.attendees/excused[]");
        }
    }
    if let Some(impact) = &m.impact {
        check_span(source, impact.span, "impact");
        check_opt_text(source, &impact.users_affected, "impact.users-affected");
        check_opt_text(source, &impact.cost_estimate, "impact.cost-estimate");
        for s in &impact.systems {
            check_text(source, s, "impact.systems[]");
        }
    }
    for extra in &m.extra {
        check_span(source, extra.span, "metadata.extra[]");
        assert!(
            serde_json::from_str::<serde_json::Value>(&extra.value_json).is_ok(),
            "metadata.extra[{}].value-json is not JSON: {:?}",
            extra.key,
            extra.value_json
        );
    }
}

/// Everything a parse yields lies in the source, refers to what exists and
/// survives a JSON round trip.
pub fn check_parsed(source: &str, parsed: &Parsed, what: &str) {
    let report = &parsed.report;
    check_report(source, report);
    for p in &parsed.problems {
        check_span(source, p.span, "problem");
    }
    assert!(
        parsed.readings.is_empty() || parsed.readings.len() == report.timeline.len(),
        "{what}: {} readings for {} timeline entries",
        parsed.readings.len(),
        report.timeline.len()
    );
    assert_eq!(
        report.durations,
        Durations::of(&report.metadata),
        "{what}: durations"
    );
    let json = serde_json::to_string(report)
        .unwrap_or_else(|e| panic!("{what}: the model does not serialize: {e}"));
    let back: Report = serde_json::from_str(&json)
        .unwrap_or_else(|e| panic!("{what}: the model's JSON does not read back: {e}"));
    assert!(
        back == *report,
        "{what}: the model changes in a JSON round trip"
    );
    serde_json::to_string(&parsed.problems)
        .unwrap_or_else(|e| panic!("{what}: the problems do not serialize: {e}"));
    serde_json::to_string(&parsed.readings)
        .unwrap_or_else(|e| panic!("{what}: the readings do not serialize: {e}"));
}

fn check_report(source: &str, report: &Report) {
    check_metadata(source, &report.metadata);
    for (i, s) in report.sections.iter().enumerate() {
        check_span(source, s.span, "section");
        check_span(source, s.heading_span, "section heading");
        check_span(source, s.body_span, "section body");
        if let Some(parent) = s.parent {
            assert!(
                (parent as usize) < i,
                "section #{i}: parent #{parent} does not come before it"
            );
        }
    }
    for e in &report.timeline {
        check_span(source, e.span, "timeline entry");
        check_span(source, e.timestamp.span, "timeline entry timestamp");
        check_text(source, &e.text, "timeline entry text");
        check_opt_text(source, &e.phase, "timeline entry phase");
        check_opt_text(source, &e.actor, "timeline entry actor");
    }
    for r in &report.recommendations {
        check_span(source, r.span, "recommendation");
        check_text(source, &r.text, "recommendation text");
        check_opt_text(source, &r.priority, "recommendation priority");
        check_opt_text(source, &r.owner, "recommendation owner");
        check_timestamp(source, &r.due, "recommendation due");
        check_opt_text(source, &r.status, "recommendation status");
        check_opt_text(source, &r.tracking, "recommendation tracking");
    }
    for p in &report.prose {
        check_span(source, p.span, "prose run");
        if let Some(section) = p.section {
            assert!(
                (section as usize) < report.sections.len(),
                "prose run: section #{section} of {}",
                report.sections.len()
            );
        }
    }
}

fn check_origin(origin: &Origin, what: &str) {
    check_range(&origin.file.text, &origin.span, what);
}

fn policy(text: &str) {
    match Policy::parse_all(text, None) {
        Ok(policy) => {
            for (key, origin) in &policy.origins {
                check_origin(origin, &format!("origin of {key}"));
                // What `pirlint config` prints for it (linear in the file:
                // only for the top-level settings, a bounded number).
                let _ = origin.describe();
            }
            let rules = policy
                .rules
                .iter()
                .chain(policy.overrides.iter().flat_map(|o| o.rules.iter()));
            for (id, rule) in rules {
                if let Some(origin) = &rule.origin {
                    check_origin(origin, &format!("rule {id}"));
                    if let Some(span) = &rule.span {
                        check_range(&origin.file.text, span, &format!("rule {id} table"));
                    }
                }
                for (pointer, located) in &rule.locations {
                    check_origin(&located.key, &format!("rule {id} {pointer} key"));
                    check_origin(&located.value, &format!("rule {id} {pointer} value"));
                }
            }
            for o in &policy.overrides {
                check_origin(&o.origin, "override");
            }
            for (name, p) in &policy.plugin_files {
                check_origin(&p.origin, &format!("plugin {name}"));
                check_origin(&p.path_origin, &format!("plugin {name} path"));
                if let Some(o) = &p.sha256_origin {
                    check_origin(o, &format!("plugin {name} sha256"));
                }
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "an error result with no error");
            for e in &errors {
                let _ = e.to_string();
                if let (Some(span), Some(source)) = (&e.span, &e.source_text) {
                    check_range(source, span, &format!("config error {:?}", e.message));
                }
            }
        }
    }
}

fn check_scope(source: &str, scope: &Scope) {
    match *scope {
        Scope::Line(a, b) | Scope::Block(a, b) => {
            check_range(source, &(a..b), &format!("suppression scope {scope:?}"))
        }
        Scope::File => {}
    }
}

fn check_suppressions(
    source: &str,
    (found, problems): &(Vec<suppress::Suppression>, Vec<suppress::Problem>),
    what: &str,
) {
    for s in found {
        check_span(source, s.span, &format!("{what}: suppression"));
        check_scope(source, &s.scope);
        assert!(!s.targets.is_empty(), "{what}: a suppression of no rule");
        for t in &s.targets {
            check_span(source, t.span, &format!("{what}: suppression target"));
            assert!(!t.pattern.is_empty(), "{what}: an empty rule pattern");
            let _ = t.matches("structure/placeholder");
        }
        let _ = s.covers(source.len() / 2);
    }
    for p in problems {
        check_span(source, p.span, &format!("{what}: suppression problem"));
    }
}

fn suppressions(text: &str) {
    check_suppressions(text, &suppress::scan_markdown(text), "comments");
    // The front matter's `pirlint:` field, as the linter passes it.
    if text.trim_start_matches('\u{feff}').starts_with("---") {
        let parsed = pirlint_report::parse(Path::new("r.md"), text, &MARKDOWN_OPTIONS[0]);
        for field in parsed
            .report
            .metadata
            .extra
            .iter()
            .filter(|f| f.key == "pirlint")
        {
            check_span(text, field.span, "front matter `pirlint` field");
            let found = suppress::from_front_matter(&field.value_json, field.span);
            check_suppressions(text, &found, "front matter");
        }
    }
    // The input itself as the field's JSON, spanning the whole input.
    let whole = Span::new(0, text.len());
    check_suppressions(
        text,
        &suppress::from_front_matter(text, whole),
        "JSON field",
    );
}
