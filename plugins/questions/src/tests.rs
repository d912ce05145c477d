//! Native tests of the text helpers (the rule itself is covered by the
//! fixtures under `tests/fixtures/questions/`).

use super::scan::*;
use super::*;

#[test]
fn keywords_match_at_word_starts() {
    assert!(matches_keyword("How was it contained?", "contain"));
    assert!(matches_keyword("What went wrong", "went wrong"));
    assert!(!matches_keyword("uncontained", "contain"));
    assert!(matches_keyword("What didn't go well", "didn't go well"));
}

#[test]
fn words_exclude_placeholders() {
    assert_eq!(count_words("TBD"), (0, Some("TBD".into())));
    assert_eq!(count_words("N/A."), (0, Some("N/A".into())));
    assert_eq!(count_words("[Insert answer here] <!-- x -->").0, 0);
    assert_eq!(count_words("- Yes, legal replied in time.").0, 5);
}

#[test]
fn describe_and_defaults() {
    let info = Questions::describe();
    assert_eq!(info.rules.len(), 1);
    assert!(info.rules[0].options_schema.contains("\"additionalProperties\": false"));
    let qs = defaults();
    assert_eq!(qs.len(), 9);
    let opts: Options = serde_json::from_str(
        r#"{"extend":[{"id":"eradication-recovery","skip-for-types":[]},{"id":"comms","question":"Were customers told?","keywords":["customer"]}]}"#,
    )
    .unwrap();
    let r = resolve(&opts);
    assert_eq!(r.len(), 10);
    assert!(r[3].skip_for_types.is_empty());
    let opts: Options = serde_json::from_str(r#"{"questions":[{"id":"containment"},{"id":"x","question":"Q?","sections":["impact"]}]}"#).unwrap();
    let r = resolve(&opts);
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].question, "How was the incident contained?");
}
