use std::path::Path;

use pirlint_report::*;

fn md(source: &str) -> Parsed {
    parse(Path::new("r.md"), source, &ParseOptions::default())
}

fn at(source: &str, span: Span) -> &str {
    &source[span.range()]
}

const EXAMPLE: &str = include_str!("fixtures/credential-stuffing.md");

#[test]
fn the_documented_example() {
    let p = md(EXAMPLE);
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    let r = &p.report;
    let m = &r.metadata;
    assert_eq!(at(EXAMPLE, m.id.as_ref().unwrap().span), "INC-2026-031");
    assert_eq!(m.incident_type.as_ref().unwrap().value, "security");
    let occurred = m.occurred.as_ref().unwrap();
    assert_eq!(at(EXAMPLE, occurred.span), "2026-03-02T13:10:00Z");
    assert_eq!(occurred.utc_seconds, Some(1772457000));
    assert_eq!(
        m.authors
            .iter()
            .map(|a| at(EXAMPLE, a.span))
            .collect::<Vec<_>>(),
        ["Priya Raman", "Tom Okafor"]
    );
    let meeting = m.meeting.as_ref().unwrap();
    assert_eq!(
        meeting.date.as_ref().unwrap().date.as_deref(),
        Some("2026-03-05")
    );
    assert_eq!(
        meeting.agenda_sent.as_ref().unwrap().date.as_deref(),
        Some("2026-03-04")
    );
    assert_eq!(
        at(EXAMPLE, meeting.scribe.as_ref().unwrap().span),
        "Tom Okafor"
    );
    assert_eq!(meeting.attendees.len(), 4);
    let impact = m.impact.as_ref().unwrap();
    assert_eq!(
        at(EXAMPLE, impact.users_affected.as_ref().unwrap().span),
        "1240"
    );
    assert_eq!(
        at(EXAMPLE, impact.cost_estimate.as_ref().unwrap().span),
        "USD 18,000 (support time and credits)"
    );
    // No `timezone` key: the "All times UTC." line is the report's zone.
    let tz = m.timezone.as_ref().unwrap();
    assert_eq!(
        (tz.value.as_str(), at(EXAMPLE, tz.span)),
        ("UTC", "All times UTC.")
    );
    assert!(at(EXAMPLE, m.span.unwrap()).starts_with("---\nid:"));
    assert!(at(EXAMPLE, m.span.unwrap()).ends_with("credits)\"\n---"));

    let kinds: Vec<_> = r.sections.iter().map(|s| s.kind.as_deref()).collect();
    assert_eq!(
        kinds[..5],
        [
            Some("executive-summary"),
            Some("timeline"),
            Some("investigation"),
            Some("containment"),
            Some("lessons-learned")
        ]
    );
    let lessons = &r.sections[4];
    assert_eq!(at(EXAMPLE, lessons.heading_span), "# Lessons learned");
    assert!(at(EXAMPLE, lessons.span).ends_with(
        "## What tools and resources do we need to detect and analyze this faster?\n..."
    ));
    assert_eq!(lessons.body, "");
    assert_eq!(r.sections[5].parent, Some(4));
    assert_eq!(r.sections[5].body, "...");
    assert_eq!(at(EXAMPLE, r.sections[5].body_span), "...");
    let summary = &r.sections[0];
    assert!(
        summary.body.starts_with("On 2 March 2026")
            && summary.body.ends_with("rate limits per account.")
    );

    assert_eq!(r.timeline.len(), 7);
    let e = &r.timeline[1];
    assert_eq!(at(EXAMPLE, e.timestamp.span), "2026-03-02 13:42");
    assert_eq!(e.timestamp.zone.as_deref(), Some("UTC"));
    assert!(e.timestamp.zone_from_report);
    assert_eq!(
        at(EXAMPLE, e.text.span),
        "SIEM alert on failed-login ratio; on-call analyst Ahmed Saleh starts triage"
    );
    assert_eq!(at(EXAMPLE, e.phase.as_ref().unwrap().span), "detection");
    assert!(
        at(EXAMPLE, e.span).starts_with("| 2026-03-02 13:42 |")
            && at(EXAMPLE, e.span).ends_with("| detection   |")
    );
    assert!(r.timeline[0].phase.is_none(), "an em dash is no phase");

    assert_eq!(r.recommendations.len(), 4);
    let rec = &r.recommendations[0];
    assert_eq!(
        at(EXAMPLE, rec.text.span),
        "Reject passwords found in breach corpora at sign-up and reset"
    );
    assert_eq!(at(EXAMPLE, rec.priority.as_ref().unwrap().span), "P1");
    assert_eq!(at(EXAMPLE, rec.owner.as_ref().unwrap().span), "Priya Raman");
    assert_eq!(
        rec.due.as_ref().unwrap().date.as_deref(),
        Some("2026-04-15")
    );
    assert_eq!(at(EXAMPLE, rec.tracking.as_ref().unwrap().span), "SEC-412");

    // Prose: the summary paragraph is one run; headings and table cells
    // are not merged with it.
    let first = &r.prose[0];
    assert!(at(EXAMPLE, first.span).starts_with("On 2 March 2026 an automated"));
    assert!(at(EXAMPLE, first.span).ends_with("per account."));
    assert_eq!(first.section, Some(0));
    assert!(r.prose.iter().all(|p| !at(EXAMPLE, p.span).contains('#')));
    assert!(r
        .prose
        .iter()
        .any(|p| at(EXAMPLE, p.span) == "Incident closed"));
}

#[test]
fn front_matter_problems_do_not_stop_parsing() {
    let src = "---\ntitle: [unclosed\nseverity: SEV-1\n---\n# Timeline\n\n- 14:05 UTC: paged\n";
    let p = md(src);
    assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
    let prob = &p.problems[0];
    assert!(
        prob.message.starts_with("front matter: invalid YAML"),
        "{}",
        prob.message
    );
    assert!(
        prob.span.start >= 4 && prob.span.end as usize <= src.find("\n---\n").unwrap() + 1,
        "{:?}",
        prob.span
    );
    assert_eq!(p.report.sections.len(), 1);
    assert_eq!(p.report.timeline.len(), 1);

    let src = "---\ntitle: x\n";
    let p = md(src);
    assert!(p.problems[0].message.contains("not closed"));

    let src = "---\nauthors: 5\ntitle: {a: 1}\nincidentType: security\ntime-zone: Europe/Oslo\ncustom_field: [1, \"two\"]\nmeeting:\n  agenda-date: 2026-03-04\n  moderator: Lena\n---\n";
    let p = md(src);
    let msgs: Vec<_> = p
        .problems
        .iter()
        .map(|p| (p.message.as_str(), at(src, p.span)))
        .collect();
    assert_eq!(
        msgs,
        [
            ("`authors` should be a list of names, found a number", "5"),
            ("`title` should be text, found a mapping", "{a: 1}")
        ]
    );
    let m = &p.report.metadata;
    assert_eq!(m.incident_type.as_ref().unwrap().value, "security");
    assert_eq!(m.timezone.as_ref().unwrap().value, "Europe/Oslo");
    assert_eq!(
        m.meeting
            .as_ref()
            .unwrap()
            .agenda_sent
            .as_ref()
            .unwrap()
            .date
            .as_deref(),
        Some("2026-03-04")
    );
    assert_eq!(m.extra.len(), 1);
    assert_eq!(
        (m.extra[0].key.as_str(), m.extra[0].value_json.as_str()),
        ("custom_field", "[1,\"two\"]")
    );
    assert_eq!(at(src, m.extra[0].span), "custom_field: [1, \"two\"]");
    assert!(m.title.is_none());

    let src = "---\ntype: security\ntimezone: CET\noccurred: \"2026-03-02 14:05\"\n---\n# Timeline\n| Time | Event |\n|--|--|\n| 14:05 | x |\n";
    let p = md(src);
    let m = &p.report.metadata;
    assert_eq!(m.incident_type.as_ref().unwrap().value, "security");
    let occ = m.occurred.as_ref().unwrap();
    assert_eq!(at(src, occ.span), "2026-03-02 14:05");
    assert!(occ.zone_from_report);
    assert_eq!(occ.utc_seconds, Some(1772456700));
    assert_eq!(p.report.timeline[0].timestamp.zone.as_deref(), Some("CET"));
}

#[test]
fn alias_bomb_in_front_matter_is_rejected_quickly() {
    let mut fm = String::from(
        "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        fm.push_str(&format!(
            "{}: &{} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n",
            w[1],
            w[1],
            p = w[0]
        ));
    }
    fm.push_str("---\n# Summary\nText.\n");
    let t = std::time::Instant::now();
    let p = md(&fm);
    assert!(t.elapsed().as_secs() < 2);
    assert!(p.problems[0].message.contains("alias"), "{:?}", p.problems);
    assert_eq!(p.report.sections.len(), 1);

    let deep = format!("---\nx: {}\n---\n", "[".repeat(50_000));
    assert!(!md(&deep).problems.is_empty());
}

#[test]
fn list_timelines_with_dates_and_phases() {
    let src = "\
# Timeline (UTC)

### 2026-03-02

- **13:10** First burst of logins [detection]
- 14:05 UTC: incident declared (analysis)
- 2026-03-02 15:05 CET — blocked at the WAF
  - details that belong to the entry above
- Next morning: team reconvened

### March 3, 2026

- 09:30 — portal fully available
- Mar 3, 2026 2:05 PM PST | customers notified
";
    let p = md(src);
    let tl = &p.report.timeline;
    assert_eq!(p.report.metadata.timezone.as_ref().unwrap().value, "UTC");
    let rows: Vec<_> = tl
        .iter()
        .map(|e| {
            (
                at(src, e.timestamp.span),
                e.timestamp.date.as_deref(),
                e.timestamp.time.as_deref(),
                e.timestamp.zone.as_deref(),
                at(src, e.text.span),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "13:10",
                Some("2026-03-02"),
                Some("13:10"),
                Some("UTC"),
                "First burst of logins"
            ),
            (
                "14:05 UTC",
                Some("2026-03-02"),
                Some("14:05"),
                Some("UTC"),
                "incident declared"
            ),
            (
                "2026-03-02 15:05 CET",
                Some("2026-03-02"),
                Some("15:05"),
                Some("CET"),
                "blocked at the WAF"
            ),
            ("Next morning", None, None, None, "team reconvened"),
            (
                "09:30",
                Some("2026-03-03"),
                Some("09:30"),
                Some("UTC"),
                "portal fully available"
            ),
            (
                "Mar 3, 2026 2:05 PM PST",
                Some("2026-03-03"),
                Some("14:05"),
                Some("PST"),
                "customers notified"
            ),
        ]
    );
    assert_eq!(at(src, tl[0].phase.as_ref().unwrap().span), "detection");
    assert_eq!(at(src, tl[1].phase.as_ref().unwrap().span), "analysis");
    assert!(at(src, tl[2].span).ends_with("details that belong to the entry above"));
    assert!(tl[0].timestamp.zone_from_report && !tl[1].timestamp.zone_from_report);
}

#[test]
fn separate_date_and_time_columns_and_actor() {
    let src = "## Chronology\n\nTimes are in CET\n\n| Date | Time | Who | What |\n|---|---|---|---|\n| 2026-03-02 | 14:05 | Ana | Paged |\n|  | 14:30 | Bo | later that day |\n";
    let p = md(src);
    let tl = &p.report.timeline;
    assert_eq!(tl.len(), 2);
    assert_eq!(tl[0].timestamp.text, "2026-03-02 14:05");
    assert_eq!(at(src, tl[0].timestamp.span), "2026-03-02 | 14:05");
    assert_eq!(tl[0].timestamp.zone.as_deref(), Some("CET"));
    assert_eq!(
        tl[1].timestamp.date.as_deref(),
        Some("2026-03-02"),
        "the date carries over"
    );
    assert_eq!(at(src, tl[1].actor.as_ref().unwrap().span), "Bo");
    assert_eq!(at(src, tl[1].text.span), "later that day");
}

#[test]
fn list_recommendations() {
    let src = "\
# Action items

Some intro text.

- [ ] [P1] Rotate keys (owner: Jane Doe, due 2026-04-15) SEC-12
  - sub-step one
  - sub-step two
- [x] Add rate limits @sec-team
- **Monitor subnets**: we will revise all components.

# Stats
- Category: x
";
    let p = md(src);
    let recs = &p.report.recommendations;
    assert_eq!(recs.len(), 3, "{recs:#?}");
    let r = &recs[0];
    assert_eq!(
        at(src, r.text.span),
        "[P1] Rotate keys (owner: Jane Doe, due 2026-04-15) SEC-12"
    );
    assert_eq!(at(src, r.status.as_ref().unwrap().span), "[ ]");
    assert_eq!(r.status.as_ref().unwrap().value, "open");
    assert_eq!(at(src, r.priority.as_ref().unwrap().span), "P1");
    assert_eq!(at(src, r.owner.as_ref().unwrap().span), "Jane Doe");
    assert_eq!(at(src, r.due.as_ref().unwrap().span), "2026-04-15");
    assert_eq!(at(src, r.tracking.as_ref().unwrap().span), "SEC-12");
    assert!(at(src, r.span).ends_with("sub-step two"));
    assert_eq!(recs[1].status.as_ref().unwrap().value, "done");
    assert_eq!(recs[1].owner.as_ref().unwrap().value, "@sec-team");
    assert_eq!(
        recs[2].text.value,
        "Monitor subnets: we will revise all components."
    );
}

#[test]
fn prose_excludes_code_quotes_html_and_link_targets() {
    let src = "\
Intro *with emphasis* here.

# Investigation

See [the runbook](https://example.com/rb) for `kubectl` usage and <https://x.y>.

> quoted text

```
code text
```

    indented code

<div>html block</div>

| Cell one | Cell two |
|---|---|
| a | b <b>bold</b> c |
";
    let p = md(src);
    let runs: Vec<_> = p
        .report
        .prose
        .iter()
        .map(|r| (at(src, r.span), r.section))
        .collect();
    assert_eq!(
        runs,
        [
            ("Intro *with emphasis* here.", None),
            ("See", Some(0)),
            ("the runbook", Some(0)),
            ("for", Some(0)),
            ("usage and", Some(0)),
            (".", Some(0)),
            ("Cell one", Some(0)),
            ("Cell two", Some(0)),
            ("a", Some(0)),
            ("b", Some(0)),
            ("bold", Some(0)),
            ("c", Some(0)),
        ]
    );
}

#[test]
fn setext_headings_bom_and_empty() {
    let src =
        "\u{feff}Summary\n=======\n\nText.\n\nTimeline\n--------\n\n- 2026-03-02 14:05 UTC - x\n";
    let p = md(src);
    let s = &p.report.sections;
    assert_eq!(s.len(), 2);
    assert_eq!(at(src, s[0].heading_span), "Summary\n=======");
    assert_eq!(s[1].parent, Some(0));
    assert_eq!(s[1].kind.as_deref(), Some("timeline"));
    assert_eq!(p.report.timeline.len(), 1);

    for empty in ["", "  \n\t\n", "\u{feff}"] {
        let p = md(empty);
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].message, "the report is empty");
    }
}

#[test]
fn formats_by_extension() {
    assert_eq!(
        format_for_path(Path::new("a/b.MD")),
        Some(SourceFormat::Markdown)
    );
    assert_eq!(
        format_for_path(Path::new("b.markdown")),
        Some(SourceFormat::Markdown)
    );
    assert_eq!(
        format_for_path(Path::new("b.json")),
        Some(SourceFormat::Json)
    );
    assert_eq!(
        format_for_path(Path::new("b.yml")),
        Some(SourceFormat::Yaml)
    );
    assert_eq!(
        format_for_path(Path::new("b.yaml")),
        Some(SourceFormat::Yaml)
    );
    assert_eq!(format_for_path(Path::new("b.txt")), None);
    assert_eq!(format_for_path(Path::new("README")), None);
}

#[test]
fn affected_systems_and_contributing_factors() {
    let src = "---\ntitle: X\nsystems: [auth-service, Mail gateway]\nimpact:\n  systems: [mail gateway, billing]\ncontributing-factors:\n  - Manual key rotation\n---\n\n# Impact\n\n- **Systems affected:** Token service; `auth-service`\n- Users affected: 1200\n\nThe systems were down.\n\n# Contributing factors\n\n1. Expired certificate\n- manual key rotation\n* No canary\n\nNot an item.\n";
    let p = md(src);
    let r = &p.report;
    assert_eq!(at(src, r.metadata.systems[1].span), "Mail gateway");
    assert_eq!(r.affected_systems(), ["auth-service", "Mail gateway", "billing", "Token service"]);
    assert_eq!(r.metadata.contributing_factors.iter().map(|t| t.value.as_str()).collect::<Vec<_>>(), ["Manual key rotation"]);
    assert_eq!(r.contributing_factors(), ["Manual key rotation", "Expired certificate", "No canary"]);
    // Plugins still see the keys among the other front-matter values.
    assert!(["systems", "contributing-factors"].iter().all(|k| r.metadata.extra.iter().any(|x| x.key == *k)));
    // A line that mentions systems without the label is not read.
    let near = md("---\ntitle: X\n---\n\n# Impact\n\nThe affected systems were many: all of them.\n");
    assert!(near.report.affected_systems().is_empty());
    assert!(near.report.contributing_factors().is_empty());
}
