//! Native tests of the string helpers; the rules themselves are covered by
//! the fixtures under `tests/fixtures/recommendations/`.

use super::*;
use pirlint_plugin_sdk::values::day_number;
use crate::rules::tracking::TrackingOptions;

fn vague_of(s: &str) -> Option<VagueKind> {
    vague_phrase(s, &[], &[]).map(|h| h.kind)
}

#[test]
fn day_numbers_round_trip() {
    assert_eq!(day_number("1970-01-01"), Some(0));
    assert_eq!(
        day_number("2026-03-01").unwrap() - day_number("2026-02-28").unwrap(),
        1
    );
    assert_eq!(
        day_number("2024-03-01").unwrap() - day_number("2024-02-28").unwrap(),
        2
    );
    for d in ["2026-06-03", "2000-02-29", "1999-12-31"] {
        assert_eq!(iso(day_number(d).unwrap()), d);
    }
    assert_eq!(day_number("2026-13-01"), None);
    assert_eq!(day_number("next sprint"), None);
}

#[test]
fn tickets() {
    let o = TrackingOptions::default();
    assert_eq!(find_ticket("see SEC-412", &o), Some("SEC-412"));
    assert_eq!(find_ticket("SEV-2 and CVE-2021-44228", &o), None);
    assert_eq!(find_ticket("xSEC-1", &o), None);
    assert_eq!(find_ticket("A-1", &o), None);
    assert_eq!(find_ticket("fixes #42", &o), Some("#42"));
    assert_eq!(
        find_ticket("(https://github.com/o/r/issues/7)", &o),
        Some("https://github.com/o/r/issues/7")
    );
    assert_eq!(
        find_ticket("https://acme.atlassian.net/browse/OPS-1", &o),
        Some("https://acme.atlassian.net/browse/OPS-1")
    );
    assert_eq!(
        find_ticket("https://github.com/darkbitio/aws-recon", &o),
        None
    );
    let p = TrackingOptions {
        prefixes: vec!["OPS".into()],
        urls: false,
    };
    assert_eq!(find_ticket("SEC-1 OPS-2", &p), Some("OPS-2"));
    assert_eq!(find_ticket("#42 https://x/issues/1", &p), None);
}

#[test]
fn vague_actions() {
    use VagueKind::*;
    assert_eq!(
        vague_of("Be more careful when pushing CDN changes"),
        Some(Exhortation)
    );
    assert_eq!(
        vague_of("Engineers need to pay more attention"),
        Some(Exhortation)
    );
    assert_eq!(vague_of("Improve monitoring"), Some(Generic));
    assert_eq!(vague_of("Improve monitoring and alerting."), Some(Generic));
    assert_eq!(vague_of("Better communication across teams"), Some(Generic));
    assert_eq!(
        vague_of("Make sure this never happens again."),
        Some(Generic)
    );
    assert_eq!(
        vague_of("Improve monitoring of ADFS certificate expiry"),
        None
    );
    assert_eq!(vague_of("Add a CI check so this never happens again"), None);
    assert_eq!(
        vague_of("Setup monitoring and alerting for file watches usage"),
        None
    );
    assert_eq!(
        vague_of("Clear communication if merges break the master branch"),
        None
    );
    assert_eq!(
        vague_of("Make the deploy tool careful about staging hosts"),
        None
    );
    assert!(vague_phrase("Improve monitoring", &[], &["improve monitoring".into()]).is_none());
    assert_eq!(
        vague_phrase("Stay sharp", &["stay sharp".into()], &[]).map(|h| h.kind),
        Some(Exhortation)
    );
}

#[test]
fn action_normalization() {
    assert_eq!(
        normalize_action("Set up alerting on the KIAM error rate."),
        normalize_action("implement alerting on KIAM error rate")
    );
    assert_eq!(
        normalize_action("Add an alert"),
        normalize_action("Create alert!")
    );
    assert_ne!(
        normalize_action("Remove the alert"),
        normalize_action("Add the alert")
    );
}

#[test]
fn priority_scale() {
    let o = ScaleOptions::default();
    assert_eq!(o.rank("p1"), Some(1));
    assert_eq!(o.rank("[P0]"), Some(0));
    assert_eq!(o.rank("P1 (urgent)"), Some(1));
    assert_eq!(o.rank("high"), None);
    let hml = ScaleOptions {
        scale: vec!["high".into(), "medium".into(), "low".into()],
    };
    assert_eq!(hml.rank("High"), Some(0));
}

#[test]
fn statuses() {
    let t = |v: &str| Text {
        value: Some(v.into()),
        span: Span::new(0, 0),
    };
    assert!(is_done("", Some(&t("Done"))));
    assert!(is_done("", Some(&t("closed: merged"))));
    assert!(!is_done("", Some(&t("open"))));
    assert!(!is_done("", Some(&t("in-progress"))));
    assert!(!is_done("", None));
    assert!(is_draft_status(Some("In progress")));
    assert!(!is_draft_status(Some("final")));
}

#[test]
fn tickets_written_as_bugzilla_numbers_and_cross_repository_references() {
    let opts = TrackingOptions::default();
    assert_eq!(util::find_ticket("Fix it, bug 1234567", &opts), Some("bug 1234567"));
    assert_eq!(util::find_ticket("see learningequality/studio#5123", &opts), Some("#5123"));
    assert_eq!(util::find_ticket("see #42", &opts), Some("#42"));
    // Near misses: a short number after "bug", a hash inside a word.
    assert_eq!(util::find_ticket("the bug 12 times", &opts), None);
    assert_eq!(util::find_ticket("C#7 features", &opts), None);
}
