//! Native tests of the time arithmetic; the rules are covered by the
//! fixtures under `tests/fixtures/compliance/`.

use super::*;

fn moment(lo: i64, offset: Option<i64>) -> Moment {
    Moment { span: Span::new(0, 0), lo, hi: lo, day: lo.div_euclid(86_400), offset }
}

#[test]
fn regimes_and_kinds() {
    assert_eq!(Regime::parse("GDPR"), Some(Regime::Gdpr));
    assert_eq!(Regime::parse("NIS 2"), Some(Regime::Nis2));
    assert_eq!(Regime::parse("Form 8-K"), Some(Regime::Sec8k));
    assert_eq!(Regime::parse("gpdr"), None);
    assert_eq!(Regime::Nis2.kind_of(Some("Early warning")), Some("early-warning"));
    assert_eq!(Regime::Nis2.kind_of(None), None);
    assert_eq!(Regime::Gdpr.kind_of(None), Some("notification"));
    assert_eq!(Regime::Dora.kind_of(Some("warning")), None);
}

#[test]
fn hours_and_months() {
    const MIDNIGHT: i64 = 1_772_409_600; // 2026-03-02 00:00 UTC
    assert_eq!(utc_text(MIDNIGHT), "2026-03-02 00:00 UTC");
    let start = moment(MIDNIGHT + 10 * 3600 + 20 * 60, Some(0)); // 10:20 UTC
    assert_eq!(hours_after(&start, 72, PeriodRule::Exact), start.lo + 72 * 3600);
    // 1182/71: the hour of the event is not counted, the period runs from 11:00.
    assert_eq!(hours_after(&start, 72, PeriodRule::Regulation118271), MIDNIGHT + 11 * 3600 + 72 * 3600);
    // A full hour starts the period at once.
    let on_the_hour = moment(MIDNIGHT + 11 * 3600, Some(0));
    assert_eq!(hours_after(&on_the_hour, 1, PeriodRule::Regulation118271), MIDNIGHT + 12 * 3600);
    // India (+05:30): 10:20 UTC is 15:50 local, the next full local hour 16:00 = 10:30 UTC.
    let india = Moment { offset: Some(19_800), ..start };
    assert_eq!(hours_after(&india, 1, PeriodRule::Regulation118271), MIDNIGHT + 10 * 3600 + 30 * 60 + 3600);
    // A month after 31 January 10:00 +01:00: 28 February 10:00 +01:00.
    let jan31 = moment(1_769_850_000, Some(3600)); // 2026-01-31 09:00 UTC
    assert_eq!(utc_text(jan31.lo), "2026-01-31 09:00 UTC");
    assert_eq!(months_after(&jan31, 1, PeriodRule::Exact, &calendar::Holidays::none()).map(utc_text).as_deref(), Some("2026-02-28 09:00 UTC"));
    // 1182/71: to the end of that day, local time (midnight +01:00); but
    // 28 February 2026 is a Saturday, so the period ends with Monday 2 March
    // (Art. 3(4)), and with Tuesday when Monday is a holiday.
    let none = calendar::Holidays::none();
    assert_eq!(months_after(&jan31, 1, PeriodRule::Regulation118271, &none).map(utc_text).as_deref(), Some("2026-03-02 23:00 UTC"));
    let monday_off = calendar::Holidays::none().with(calendar::date("2026-03-02"));
    assert_eq!(months_after(&jan31, 1, PeriodRule::Regulation118271, &monday_off).map(utc_text).as_deref(), Some("2026-03-03 23:00 UTC"));
    // A month ending on a working day is not moved: 10 February + 1 month = Tuesday 10 March.
    let feb10 = moment(1_770_714_000, Some(3600)); // 2026-02-10 09:00 UTC
    assert_eq!(months_after(&feb10, 1, PeriodRule::Regulation118271, &monday_off).map(utc_text).as_deref(), Some("2026-03-10 23:00 UTC"));
    // The exact rule never moves a deadline.
    assert_eq!(months_after(&jan31, 1, PeriodRule::Exact, &monday_off).map(utc_text).as_deref(), Some("2026-02-28 09:00 UTC"));
}

/// DORA RTS Art. 5(4): a limit on a weekend day or a bank holiday moves to
/// 12:00 of the next working day, in the zone of the time it runs from.
#[test]
fn noon_of_the_next_working_day() {
    const FRIDAY: i64 = 1_772_755_200; // 2026-03-06 00:00 UTC, a Friday
    let none = calendar::Holidays::none();
    let at = |due: i64, offset: Option<i64>| moment(due, offset);
    // Friday 20:00 UTC: a working day, not moved.
    let friday_evening = FRIDAY + 20 * 3600;
    assert_eq!(noon_next_working_day(friday_evening, &at(friday_evening, Some(0)), &none), None);
    // Saturday 03:00 UTC: Monday 12:00 UTC.
    let saturday = FRIDAY + 27 * 3600;
    assert_eq!(noon_next_working_day(saturday, &at(saturday, Some(0)), &none).map(utc_text).as_deref(), Some("2026-03-09 12:00 UTC"));
    // The same instant is Friday 22:00 in New York (-05:00): not moved.
    assert_eq!(noon_next_working_day(saturday, &at(saturday, Some(-5 * 3600)), &none), None);
    // In Berlin (+01:00) it is Saturday: Monday 12:00 +01:00 = 11:00 UTC; a
    // bank holiday on Monday makes it Tuesday.
    assert_eq!(noon_next_working_day(saturday, &at(saturday, Some(3600)), &none).map(utc_text).as_deref(), Some("2026-03-09 11:00 UTC"));
    let monday_off = calendar::Holidays::none().with(calendar::date("2026-03-09"));
    assert_eq!(noon_next_working_day(saturday, &at(saturday, Some(3600)), &monday_off).map(utc_text).as_deref(), Some("2026-03-10 11:00 UTC"));
    // A limit at midnight starting a Saturday falls on the Saturday (the
    // lenient reading: "Friday 24:00" would not be moved); one at midnight
    // starting a Monday is not moved.
    let saturday_midnight = FRIDAY + 24 * 3600;
    assert_eq!(noon_next_working_day(saturday_midnight, &at(saturday_midnight, Some(0)), &none).map(utc_text).as_deref(), Some("2026-03-09 12:00 UTC"));
    let monday_midnight = FRIDAY + 3 * 24 * 3600;
    assert_eq!(noon_next_working_day(monday_midnight, &at(monday_midnight, Some(0)), &none), None);
    // An instant known without its zone: the zone giving the latest limit.
    // Friday 20:00 UTC is Saturday from UTC+4 on; Monday 12:00 +04:00 is
    // the latest of those (08:00 UTC).
    assert_eq!(noon_next_working_day(friday_evening, &at(friday_evening, None), &none).map(utc_text).as_deref(), Some("2026-03-09 08:00 UTC"));
    // A time written without a zone is read as written, at its latest
    // (UTC-12): Friday 16:00 plus 4 hours is Friday 20:00, not moved (in
    // UTC it would be Saturday); Friday 22:00 plus 4 hours is Saturday
    // 02:00, moved to Monday 12:00 as written, 00:00 UTC on Tuesday.
    let unzoned = |local: i64| Moment { span: Span::new(0, 0), lo: local - 14 * 3600, hi: local + 12 * 3600, day: local.div_euclid(86_400), offset: None };
    let four_pm = unzoned(FRIDAY + 16 * 3600);
    assert_eq!(noon_next_working_day(four_pm.hi + 4 * 3600, &four_pm, &none), None);
    let ten_pm = unzoned(FRIDAY + 22 * 3600);
    assert_eq!(noon_next_working_day(ten_pm.hi + 4 * 3600, &ten_pm, &none).map(utc_text).as_deref(), Some("2026-03-10 00:00 UTC"));
    // Months from an unzoned time count from the date as written: 27 January
    // 13:00 plus a month is Friday 27 February, a working day (read in UTC,
    // the latest instant would have been Saturday 28 February).
    let jan27 = unzoned(1_769_472_000 + 13 * 3600); // 2026-01-27 13:00 as written
    assert_eq!(months_after(&jan27, 1, PeriodRule::Regulation118271, &none).map(utc_text).as_deref(), Some("2026-02-28 12:00 UTC"));
}

#[test]
fn judging_deadlines() {
    let notice = |at: Option<i64>, reason: bool| Notice {
        index: 0,
        span: Span::new(0, 1),
        regime: Some(Regime::Gdpr),
        kind: Some("notification"),
        at: at.map(|a| moment(a, Some(0))),
        reason,
        contents: Vec::new(),
    };
    let (late, in_time, reason) = (notice(Some(200), false), notice(Some(90), false), notice(None, true));
    assert_eq!(judge(100, &[&in_time], 1000), Outcome::Fine);
    assert!(matches!(judge(100, &[&late], 1000), Outcome::Late { by: 100, .. }));
    assert_eq!(judge(100, &[&late, &reason], 1000), Outcome::Fine);
    // Still running: not a finding.
    assert_eq!(judge(100, &[], 50), Outcome::Fine);
    assert_eq!(judge(100, &[], 101), Outcome::Missing);
    assert_eq!(judge(100, &[&reason], 101), Outcome::Fine);
}

#[test]
fn lenient_readings_without_a_zone() {
    let ts = Timestamp {
        span: Span::new(0, 5),
        text: None,
        date: Some(20_514),
        time: Some(36_000),
        zone: None,
        zone_from_report: false,
        utc_seconds: None,
    };
    let m = Moment::of(&ts).unwrap();
    let local = 1_772_445_600; // 2026-03-02 10:00 as if UTC
    assert_eq!((m.lo, m.hi), (local - 14 * 3600, local + 12 * 3600));
    let day_only = Moment::of(&Timestamp { time: None, ..ts.clone() }).unwrap();
    assert_eq!(day_only.hi - day_only.lo, 86_399 + 26 * 3600);
    assert!(Moment::of(&Timestamp { date: None, ..ts }).is_none());
}

#[test]
fn unanswered_values() {
    assert!(unanswered(" TBD "));
    assert!(unanswered(""));
    assert!(!unanswered("unknown"));
    assert!(!unanswered("none available"));
}
