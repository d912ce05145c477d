//! Native tests of the helpers; the rules are covered by the fixtures under
//! `tests/fixtures/meeting/`.

use super::*;
use pirlint_plugin_sdk::values::{business_days_between, day_number};

#[test]
fn business_days() {
    // 2026-06-03 is a Wednesday; the following Wednesday is 5 business days on.
    let wed = day_number("2026-06-03").unwrap();
    assert_eq!(business_days_between(wed, wed + 7), 5);
    assert_eq!(business_days_between(wed, wed + 3), 2); // Thu, Fri, Sat
    assert_eq!(business_days_between(wed, wed), 0);
}

#[test]
fn people() {
    for p in [
        "Wei Zhang",
        "Anna-Lena de Vries",
        "@dmitchell",
        "Søren Iversen",
    ] {
        assert!(looks_like_person(p), "{p}");
    }
    for s in [
        "Patroni",
        "scheduler",
        "cloud provider",
        "db-orders-2",
        "Cloud Provider",
        "AWS Support",
        "Incident Commander",
        "SOC",
        "Payments Team",
    ] {
        assert!(!looks_like_person(s), "{s}");
    }
}

#[test]
fn matching_names() {
    assert!(same_person("Dave Mitchell", "dave mitchell"));
    assert!(same_person("Dave", "Dave Mitchell"));
    assert!(same_person("DM", "Dave Mitchell"));
    assert!(same_person("@dmitchell", "Dave Mitchell"));
    assert!(!same_person("Dave Mitchell", "Keiko Tanaka"));
    assert!(!same_person("Dave Smith", "Dave Mitchell"));
    assert!(!same_person("KT", "Dave Mitchell"));
}
