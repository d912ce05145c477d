//! Native tests of the value readers; the rules are covered by the fixtures
//! under `tests/fixtures/lessons/`.

use super::*;
use pirlint_plugin_sdk::serde_json::json;

#[test]
fn answers_as_reports_write_them() {
    for (v, want) in [
        (json!(true), Some(Answer::Yes)),
        (json!("yes"), Some(Answer::Yes)),
        (json!("Needed"), Some(Answer::Yes)),
        (json!(false), Some(Answer::No)),
        (json!("no"), Some(Answer::No)),
        (json!("n/a"), Some(Answer::NotApplicable)),
        (json!("N/A"), Some(Answer::NotApplicable)),
        (json!("done"), Some(Answer::Done)),
        (json!("maybe"), None),
        (json!(""), None),
        (json!(3), None),
        (json!(null), None),
    ] {
        assert_eq!(answer(&v), want, "{v}");
    }
}

#[test]
fn something_is_said() {
    assert!(says_something(&json!("TBD")));
    assert!(says_something(&json!({"a": null, "b": "x"})));
    assert!(says_something(&json!(0)));
    assert!(!says_something(&json!("  ")));
    assert!(!says_something(&json!([])));
    assert!(!says_something(&json!({"a": null})));
    assert!(!says_something(&json!(null)));
}

#[test]
fn training_values() {
    use crate::rules::training::training_answers;
    assert!(training_answers(&json!(true)));
    assert!(training_answers(&json!("A tabletop on token revocation")));
    assert!(training_answers(&json!({"onboarding": "no"})));
    assert!(training_answers(&json!({"needs": ["drill"]})));
    assert!(!training_answers(&json!({"onboarding": "perhaps"})));
    assert!(!training_answers(&json!({"needs": ""})));
    assert!(!training_answers(&json!({})));
    assert!(!training_answers(&json!(null)));
}

#[test]
fn keys_compare_like_the_parser() {
    assert_eq!(norm_key("playbooks_Update"), norm_key("playbooks-update"));
    assert_eq!(norm_key("impact.cost-estimate-reason"), "impactcostestimatereason");
}

#[test]
fn labels_of_lessons_lines() {
    for (line, want) in [
        ("- **Tools** – secret scanning missed CI logs", Some("Tools")),
        ("❌ **Customer comms** – no status page update", Some("Customer comms")),
        ("- **Training:** a drill for every on-call engineer", Some("Training")),
        ("- (Process/Structure) Better communication is needed", Some("Process/Structure")),
        ("- Process: our servers are each a little different", Some("Process")),
        ("1. Observability: no alert on read-only mode", Some("Observability")),
        ("Tools", None),
        ("- **Tools**", None),
        ("- We learned a lot today: mostly about caching", None),
        ("- See https://example.com/x for details", None),
        ("- The process was slow", None),
        ("Note, however: nothing", None),
    ] {
        assert_eq!(line_label(line), want, "{line}");
    }
}
