//! The regulatory front matter: regulations in scope, the times
//! notification deadlines run from, and the notifications made, read the
//! same way from Markdown front matter and from JSON/YAML reports.

use std::path::Path;

use pirlint_report::*;

fn at(source: &str, span: Span) -> &str {
    &source[span.range()]
}

const MARKDOWN: &str = "---
title: Customer records exposed
timezone: Europe/Berlin
regulations: [gdpr, nis2]
aware: 2026-03-28 10:00
materiality-determined: 2026-07-02
notifications:
  - regime: gdpr
    kind: notification
    authority: BfDI
    at: 2026-03-31 10:30
    contents:
      nature: Unauthorized access to the customer database
      data-subjects:
        categories: [customers, employees]
        approximateNumber: 12000
      contact: dpo@example.com
      consequences: ~
  - regime: nis2
    kind: early-warning
    delay_reason: The CSIRT portal was down; reported by phone at 11:00.
---
# Customer records exposed
";

#[test]
fn markdown_front_matter() {
    let p = parse(Path::new("r.md"), MARKDOWN, &ParseOptions::default());
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    let m = &p.report.metadata;
    let regs: Vec<&str> = m.regulations.iter().map(|t| at(MARKDOWN, t.span)).collect();
    assert_eq!(regs, ["gdpr", "nis2"]);
    // Times inherit the report's zone, and DST: 10:00 CET before the
    // switch (+01:00), 10:30 CEST after it (+02:00): 71.5 hours apart.
    let aware = m.aware.as_ref().unwrap();
    assert_eq!(at(MARKDOWN, aware.span), "2026-03-28 10:00");
    assert_eq!(aware.zone.as_deref(), Some("Europe/Berlin"));
    let gdpr = &m.notifications[0];
    let sent = gdpr.at.as_ref().unwrap();
    assert_eq!(sent.utc_seconds.unwrap() - aware.utc_seconds.unwrap(), 71 * 3600 + 1800);
    assert_eq!(m.materiality_determined.as_ref().unwrap().date.as_deref(), Some("2026-07-02"));
    assert_eq!(at(MARKDOWN, gdpr.regime.as_ref().unwrap().span), "gdpr");
    assert_eq!(at(MARKDOWN, gdpr.authority.as_ref().unwrap().span), "BfDI");
    let items: Vec<(&str, &str)> =
        gdpr.contents.iter().map(|c| (c.key.as_str(), c.value.value.as_str())).collect();
    assert_eq!(
        items,
        [
            ("nature", "Unauthorized access to the customer database"),
            ("data-subjects.categories", "customers, employees"),
            ("data-subjects.approximate-number", "12000"),
            ("contact", "dpo@example.com"),
        ]
    );
    assert_eq!(at(MARKDOWN, gdpr.contents[3].value.span), "dpo@example.com");
    let nis2 = &m.notifications[1];
    assert_eq!(nis2.kind.as_ref().unwrap().value, "early-warning");
    assert!(nis2.at.is_none());
    assert!(nis2.delay_reason.as_ref().unwrap().value.starts_with("The CSIRT portal"));
    // Not extra metadata.
    assert!(m.extra.is_empty(), "{:?}", m.extra);
}

#[test]
fn json_and_yaml_reports_read_the_same_fields() {
    let json = r#"{
  "title": "Breach",
  "regulations": "gdpr, sec-8k",
  "aware": "2026-03-02T09:00:00Z",
  "classified_major": "2026-03-02T11:00:00Z",
  "notifications": [
    {"regime": "gdpr", "kind": "notification", "at": "2026-03-04T10:00:00+01:00",
     "contents": {"nature": "Stolen laptop", "measures": ["disk wiped", "passwords reset"]}}
  ]
}"#;
    let p = parse(Path::new("r.json"), json, &ParseOptions::default());
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    let m = &p.report.metadata;
    let regs: Vec<&str> = m.regulations.iter().map(|t| t.value.as_str()).collect();
    assert_eq!(regs, ["gdpr", "sec-8k"]);
    assert_eq!(m.classified_major.as_ref().unwrap().utc_seconds, Some(1772449200));
    let n = &m.notifications[0];
    assert_eq!(n.at.as_ref().unwrap().utc_seconds, Some(1772614800));
    assert_eq!(n.contents[1].key, "measures");
    assert_eq!(n.contents[1].value.value, "disk wiped, passwords reset");

    let yaml = "title: Breach\nregulations:\n  - dora\nnotifications:\n  - regime: dora\n    kind: initial\n    at: 2026-03-02 12:00 UTC\n";
    let p = parse(Path::new("r.yaml"), yaml, &ParseOptions::default());
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    let n = &p.report.metadata.notifications[0];
    assert_eq!(at(yaml, n.at.as_ref().unwrap().span), "2026-03-02 12:00 UTC");
}

#[test]
fn malformed_notifications_are_problems_not_panics() {
    let source = "---\nnotifications:\n  - gdpr\n  - regime: gdpr\n    sent-by: Ana\nregulations: {gdpr: true}\n---\n# T\n";
    let p = parse(Path::new("r.md"), source, &ParseOptions::default());
    let messages: Vec<&str> = p.problems.iter().map(|p| p.message.as_str()).collect();
    assert!(messages.iter().any(|m| m.contains("`notifications[0]` should be a mapping")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("`notifications[1].sent-by` is not a field")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("`regulations` should be a list of names")), "{messages:?}");
    assert_eq!(p.report.metadata.notifications.len(), 1);
}
