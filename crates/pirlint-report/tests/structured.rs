use std::path::Path;

use pirlint_report::*;

fn at(source: &str, span: Span) -> &str {
    &source[span.range()]
}

const JSON: &str = r#"{
  "id": "INC-7",
  "title": "DNS outage",
  "incidentType": "availability",
  "timezone": "UTC",
  "occurred": "2026-03-02T13:10:00Z",
  "authors": ["Ana", "Bo"],
  "impact": {"users_affected": 1200, "systems": ["dns"]},
  "team": "sre",
  "sections": [
    {"heading": "Summary", "body": "DNS failed."},
    {"heading": "Details", "kind": "investigation", "level": 2, "body": "Zone \"expired\"."}
  ],
  "timeline": [
    {"time": "2026-03-02 13:10", "text": "Resolution fails", "phase": "detection"},
    {"time": "13:40", "text": "Rolled back"}
  ],
  "recommendations": [
    {"text": "Alert on zone expiry", "priority": "P1", "owner": "Ana", "due": "2026-04-01", "tracking": "OPS-1"}
  ]
}"#;

#[test]
fn json_report_with_spans() {
    let p = parse(Path::new("r.json"), JSON, &ParseOptions::default());
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    let r = &p.report;
    assert_eq!(r.format, SourceFormat::Json);
    assert_eq!(
        at(JSON, r.metadata.title.as_ref().unwrap().span),
        "DNS outage"
    );
    assert_eq!(
        r.metadata.incident_type.as_ref().unwrap().value,
        "availability"
    );
    assert_eq!(
        r.metadata.occurred.as_ref().unwrap().utc_seconds,
        Some(1772457000)
    );
    assert_eq!(
        at(
            JSON,
            r.metadata
                .impact
                .as_ref()
                .unwrap()
                .users_affected
                .as_ref()
                .unwrap()
                .span
        ),
        "1200"
    );
    assert_eq!(r.metadata.extra[0].key, "team");
    assert_eq!(r.metadata.extra[0].value_json, "\"sre\"");
    assert_eq!(r.sections.len(), 2);
    assert_eq!(r.sections[0].kind.as_deref(), Some("executive-summary"));
    assert_eq!(r.sections[1].parent, Some(0));
    assert_eq!(r.sections[1].body, "Zone \"expired\".");
    assert_eq!(at(JSON, r.sections[1].body_span), r#"Zone \"expired\"."#);
    assert_eq!(at(JSON, r.sections[0].heading_span), "Summary");
    let t = &r.timeline[1];
    assert_eq!(at(JSON, t.timestamp.span), "13:40");
    assert_eq!(t.timestamp.date.as_deref(), Some("2026-03-02"));
    assert!(t.timestamp.zone_from_report);
    assert_eq!(
        at(JSON, r.timeline[0].phase.as_ref().unwrap().span),
        "detection"
    );
    let rec = &r.recommendations[0];
    assert_eq!(at(JSON, rec.tracking.as_ref().unwrap().span), "OPS-1");
    assert_eq!(
        rec.due.as_ref().unwrap().date.as_deref(),
        Some("2026-04-01")
    );
    assert!(at(JSON, rec.span).starts_with("{\"text\": \"Alert"));
    assert!(r.prose.iter().any(|p| at(JSON, p.span) == "DNS failed."));
}

#[test]
fn yaml_report_and_schema_errors() {
    let src = "title: DNS outage\nauthors: 5\ntimeline:\n  - time: 2026-03-02 13:10\n    text: Resolution fails\n  - text: no time\nrecommendations:\n  - text: [not, text]\n";
    let p = parse(Path::new("r.yaml"), src, &ParseOptions::default());
    let r = &p.report;
    assert_eq!(r.format, SourceFormat::Yaml);
    assert_eq!(
        at(src, r.metadata.title.as_ref().unwrap().span),
        "DNS outage"
    );
    assert_eq!(at(src, r.timeline[0].timestamp.span), "2026-03-02 13:10");
    let problems: Vec<_> = p
        .problems
        .iter()
        .map(|p| (p.message.clone(), at(src, p.span)))
        .collect();
    assert!(
        problems
            .iter()
            .any(|(m, s)| m.starts_with("/authors:") && *s == "5"),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|(m, s)| m.starts_with("/timeline/1:")
            && m.contains("\"time\"")
            && *s == "text: no time"),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|(m, s)| m.starts_with("/recommendations/0/text:") && *s == "[not, text]"),
        "{problems:?}"
    );
    // One problem per place, even though the model builder saw them too.
    assert_eq!(problems.iter().filter(|(_, s)| *s == "5").count(), 1);
}

#[test]
fn broken_and_hostile_structured_input() {
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    let p = parse(Path::new("r.json"), &deep, &ParseOptions::default());
    assert!(
        p.problems[0].message.contains("recursion limit"),
        "{:?}",
        p.problems[0]
    );
    assert!(p.problems[0].span.end as usize <= deep.len());

    let src = "{\n  \"title\": \"x\",\n  \"id\": }\n";
    let p = parse(Path::new("r.json"), src, &ParseOptions::default());
    assert!(p.problems[0].message.starts_with("invalid JSON"));
    assert_eq!(at(src, p.problems[0].span), "}");

    let src = "title: x\n  bad: - indent\n";
    let p = parse(Path::new("r.yml"), src, &ParseOptions::default());
    assert!(
        p.problems[0].message.starts_with("invalid YAML"),
        "{:?}",
        p.problems
    );

    let p = parse(Path::new("r.json"), "[1, 2]", &ParseOptions::default());
    assert!(
        p.problems
            .iter()
            .any(|p| p.message.contains("is not of type \"object\"")),
        "{:?}",
        p.problems
    );

    let bom = "\u{feff}{\"title\": \"T\"}";
    let p = parse(Path::new("r.json"), bom, &ParseOptions::default());
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert_eq!(at(bom, p.report.metadata.title.unwrap().span), "T");
}

#[test]
fn schema_is_valid_json_schema() {
    let schema: serde_json::Value = serde_json::from_str(REPORT_SCHEMA).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::validator_for(&schema).unwrap();
}

/// The post-incident fields the `lessons` plugin reads (playbooks_update,
/// training, lessons, evidence, impact.cost_estimate_reason) pass the
/// schema in each of their documented shapes, reach the model as extra
/// fields with their values, and a wrong shape is a schema problem.
#[test]
fn lessons_fields_pass_the_schema_and_reach_the_model() {
    let yaml = "title: T\nincident-type: security\nplaybooks_update: yes\ntraining:\n  onboarding: no\n  needs: [a drill]\nlessons:\n  tools: slow MDM reports\nimpact:\n  cost_estimate_reason: nothing was spent\nevidence:\n  location: vault\n  custody: log IR-1\n  retention: 5 years\n";
    let p = parse(Path::new("r.yaml"), yaml, &ParseOptions::default());
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    let extra: Vec<(&str, &str)> = p.report.metadata.extra.iter().map(|e| (e.key.as_str(), e.value_json.as_str())).collect();
    for (key, json) in [
        // YAML 1.2: `yes` and `no` are strings (the plugin reads both).
        ("playbooks_update", r#""yes""#),
        ("training", r#"{"needs":["a drill"],"onboarding":"no"}"#),
        ("lessons", r#"{"tools":"slow MDM reports"}"#),
        ("impact.cost_estimate_reason", r#""nothing was spent""#),
        ("evidence", r#"{"custody":"log IR-1","location":"vault","retention":"5 years"}"#),
    ] {
        assert!(extra.contains(&(key, json)), "{key}: {extra:?}");
    }
    for shape in ["playbooks_update: {needed: n/a, documents: [IR-7]}\n", "training: a tabletop\n", "training: [a, b]\n", "evidence: none was collected\n"] {
        let p = parse(Path::new("r.yaml"), &format!("title: T\n{shape}"), &ParseOptions::default());
        assert!(p.problems.is_empty(), "{shape}: {:?}", p.problems);
    }
    for wrong in ["evidence: [a, b]\n", "lessons: [a]\n", "playbooks_update: 3\n"] {
        let p = parse(Path::new("r.yaml"), &format!("title: T\n{wrong}"), &ParseOptions::default());
        assert!(!p.problems.is_empty(), "{wrong} passes the schema");
    }
}
