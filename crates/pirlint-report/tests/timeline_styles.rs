//! Timelines as people write them: each form the parser reads, with a
//! near miss that must not be read as an entry. The reports are written for
//! these tests (no corpus text).

use std::path::Path;

use pirlint_report::time::DateOrder;
use pirlint_report::*;

fn parse_as(name: &str, src: &str, order: DateOrder) -> Parsed {
    let options = ParseOptions {
        date_order: order,
        ..ParseOptions::default()
    };
    parse(Path::new(name), src, &options)
}

/// (line, date, time, zone, approximate) of every entry.
fn entries(src: &str) -> Vec<(usize, String, String, String, bool)> {
    entries_of("report.md", src, DateOrder::Auto)
}

fn entries_of(name: &str, src: &str, order: DateOrder) -> Vec<(usize, String, String, String, bool)> {
    let p = parse_as(name, src, order);
    p.report
        .timeline
        .iter()
        .zip(&p.readings)
        .map(|(e, r)| {
            let line = src[..e.span.start as usize].matches('\n').count() + 1;
            let t = &e.timestamp;
            let s = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
            (line, s(&t.date), s(&t.time), s(&t.zone), r.approximate)
        })
        .collect()
}

fn e(line: usize, date: &str, time: &str, zone: &str) -> (usize, String, String, String, bool) {
    (line, date.into(), time.into(), zone.into(), false)
}

#[test]
fn table_with_separate_date_and_time_columns_and_a_year_in_the_header() {
    let src = "# Outage\n\n## Timeline\n\n| Date (2024) | Time (UTC) | Event |\n|---|---|---|\n| 03-02 | 09:15 | Deploy starts |\n| 03-02 | 09:40 | Errors rise |\n";
    assert_eq!(
        entries(src),
        [e(7, "2024-03-02", "09:15", "UTC"), e(8, "2024-03-02", "09:40", "UTC")]
    );
}

#[test]
fn list_items_with_bold_times_checkboxes_and_nesting() {
    let src = "# Outage\n\n## Timeline\n\nAll times UTC.\n\n- **14:05** — Alert fires\n- [x] 14:10 Rollback started\n  - detail without a time\n  - 14:12 Rollback done\n";
    let got = entries_of("2024-03-02-outage.md", src, DateOrder::Auto);
    assert_eq!(
        got,
        [
            e(7, "2024-03-02", "14:05", "UTC"),
            e(8, "2024-03-02", "14:10", "UTC"),
            e(10, "2024-03-02", "14:12", "UTC"),
        ]
    );
}

#[test]
fn one_heading_per_entry_with_12_hour_clocks_and_dates_in_headings() {
    let src = "# Hub outage\n\n## Timeline (times in BST)\n\n### July 11, 2025, 12:42 PM\n\nIncident declared.\n\n### 4:27 PM\n\nHub restarted.\n\n- a detail of that entry\n\n### 2025-07-12 09:15\n\nFollow-up deployed.\n";
    assert_eq!(
        entries(src),
        [
            e(5, "2025-07-11", "12:42", "BST"),
            e(9, "2025-07-11", "16:27", "BST"),
            e(15, "2025-07-12", "09:15", "BST"),
        ]
    );
    // A subheading that is not a time stamp is not an entry.
    let near = "# X\n\n## Timeline\n\n### Detection\n\nWe noticed it.\n";
    assert!(entries(near).is_empty());
}

#[test]
fn bare_lines_with_us_dates_and_a_time_alone_on_its_line() {
    let src = "# X\n\n## Timeline\n\n03-14-2024 9:05 am - Pager fires\n11/02/2023 - 16:20 CST - Failover\n\n1:03\nFirst alert fires\n";
    let got = entries(src);
    assert_eq!(got[0], e(5, "2024-03-14", "09:05", "-"));
    assert_eq!(got[1], e(6, "2023-11-02", "16:20", "CST"));
    assert_eq!(got[2], e(8, "2023-11-02", "01:03", "-"));
}

#[test]
fn an_indented_block_of_time_stamped_lines_is_a_timeline_but_a_fenced_one_is_code() {
    let src = "# X\n\n## Timeline\n\n    2024-03-02 10:00 UTC deploy\n    2024-03-02 10:05 UTC errors\n\n```log\n2024-03-02 10:06 UTC this is a log line\n```\n";
    assert_eq!(
        entries(src),
        [e(5, "2024-03-02", "10:00", "UTC"), e(6, "2024-03-02", "10:05", "UTC")]
    );
}

#[test]
fn four_digit_times_only_at_the_start_of_an_entry() {
    let src = "# X\n\n## Timeline\n\n- 2022-02-02 1625 Report received\n- 0940 UTC - Patch deployed\n- 2019 was a quiet year for this service\n";
    let got = entries(src);
    assert_eq!(got[0], e(5, "2022-02-02", "16:25", "-"));
    assert_eq!(got[1], e(6, "2022-02-02", "09:40", "UTC"));
    // The near miss: not an entry at 20:19 (an item without a stamp is a
    // note between entries).
    assert_eq!(got.len(), 2, "{got:?}");
}

#[test]
fn ranges_and_approximate_times() {
    let src = "# X\n\n## Timeline\n\nAll times UTC.\n\n- 2024-05-01 10:15-10:40 Maintenance window\n- ~09:30 Users report errors\n- 14:00ish Rollback\n- approx. 15:10 All clear\n";
    let p = parse_as("r.md", src, DateOrder::Auto);
    let times: Vec<_> = p.report.timeline.iter().map(|e| e.timestamp.time.clone().unwrap_or_default()).collect();
    assert_eq!(times, ["10:15", "09:30", "14:00", "15:10"]);
    let approx: Vec<bool> = p.readings.iter().map(|r| r.approximate).collect();
    assert_eq!(approx, [false, true, true, true]);
    // The end of a range is not a zone.
    assert_eq!(p.report.timeline[0].timestamp.zone.as_deref(), Some("UTC"));
}

#[test]
fn dates_in_every_common_form() {
    for (stamp, date) in [
        ("2026/03/02 10:00", "2026-03-02"),
        ("02.03.2026 10:00", "2026-03-02"),
        ("2 Mar 2026 10:00", "2026-03-02"),
        ("Mar 2, 2026 10:00", "2026-03-02"),
        ("10:00 on 2 March 2026", "2026-03-02"),
    ] {
        let src = format!("# X\n\n## Timeline\n\n- {stamp} — Event\n");
        let got = entries(&src);
        assert_eq!((got[0].1.as_str(), got[0].2.as_str()), (date, "10:00"), "{stamp}");
    }
    // Without a year: the incident's (here from the file name).
    let src = "# X\n\n## Timeline\n\n### March 2nd\n\n- 10:00 Event\n\n### Friday Mar 3rd\n\n- 09:00 Event\n";
    let got = entries_of("2026-03-02-outage.md", src, DateOrder::Auto);
    assert_eq!(got, [e(7, "2026-03-02", "10:00", "-"), e(11, "2026-03-03", "09:00", "-")]);
}

#[test]
fn ambiguous_numeric_dates_follow_the_policy_or_the_report() {
    let src = "# X\n\n## Timeline\n\n- 03/04/2026 10:00 — Event\n";
    assert_eq!(entries_of("r.md", src, DateOrder::Mdy)[0].1, "2026-03-04");
    assert_eq!(entries_of("r.md", src, DateOrder::Dmy)[0].1, "2026-04-03");
    // Under `auto` and no evidence: not read, and said so.
    let p = parse_as("r.md", src, DateOrder::Auto);
    assert_eq!(p.report.timeline[0].timestamp.date, None);
    assert_eq!(p.readings[0].ambiguous_date.as_deref(), Some("03/04/2026"));
    // Evidence in the same report: 25/03/2026 is day-first.
    let src = "# X\n\n## Timeline\n\n- 25/03/2026 09:00 — Event\n- 03/04/2026 10:00 — Event\n";
    assert_eq!(entries(src)[1].1, "2026-04-03");
}

#[test]
fn date_context_from_headings_date_lines_and_the_incident_date() {
    let src = "# X\n\n## Timeline\n\n**Date: 2023-11-22**\n\n- 08:42 Account created\n\n## May 12\n\n- 20:15 Ticket opened\n";
    // "## May 12" after the timeline, at its level, continues it.
    let got = entries_of("2025-05-12-report.md", src, DateOrder::Auto);
    assert_eq!(got[0], e(7, "2023-11-22", "08:42", "-"));
    assert_eq!(got[1], e(11, "2025-05-12", "20:15", "-"));
    let p = parse_as("2025-05-12-report.md", src, DateOrder::Auto);
    assert_eq!(p.readings[0].date_from, "context");
    // A time only, nothing else: the one incident date, said so.
    let src = "---\ntitle: Outage on 2024-06-01\n---\n\n## Timeline\n\n- 10:00 Event\n";
    let p = parse_as("r.md", src, DateOrder::Auto);
    assert_eq!(p.report.timeline[0].timestamp.date.as_deref(), Some("2024-06-01"));
    assert_eq!(p.readings[0].date_from, "incident-date");
    // Past midnight without a new date: the next day.
    let src = "# X\n\n## Timeline\n\n### 2024-06-01\n\n- 23:55 Alert\n- 00:10 Rollback\n";
    assert_eq!(entries(src)[1].1, "2024-06-02");
}

#[test]
fn zones_on_the_entry_in_the_heading_in_a_line_and_in_front_matter() {
    for (zone_text, zone) in [("UTC", "UTC"), ("PST", "PST"), ("CEST", "CEST"), ("GMT+2", "+02:00"), ("UTC+1", "+01:00"), ("+0900", "+09:00")] {
        let src = format!("# X\n\n## Timeline\n\n- 2024-01-10 10:00 {zone_text} — Event\n");
        assert_eq!(entries(&src)[0].3, zone, "{zone_text}");
    }
    let cases = [
        ("## Timeline (all times in CET)\n\n- 2024-01-10 10:00 Event\n", "CET"),
        ("## Timeline (times in ET)\n\n- 2024-01-10 10:00 Event\n", "America/New_York"),
        ("## Timeline\n\nAll times in EST\n\n- 2024-01-10 10:00 Event\n", "EST"),
        ("## Timeline\n\nTimes are approximate and in UTC\n\n- 2024-01-10 10:00 Event\n", "UTC"),
        ("## Timeline\n\nAll events are documented in [UTC](https://example.com/utc) time.\n\n- 2024-01-10 10:00 Event\n", "UTC"),
    ];
    for (body, zone) in cases {
        let src = format!("# X\n\n{body}");
        assert_eq!(entries(&src)[0].3, zone, "{body}");
    }
    // Near miss: a sentence about times is not a zone statement.
    let src = "# X\n\n## Timeline\n\nAll times are approximate.\n\n- 2024-01-10 10:00 Event\n";
    assert_eq!(entries(src)[0].3, "-");
}

#[test]
fn malformed_dates_and_template_residue_are_entries_said_so() {
    let src = "# X\n\n## Timeline\n\n- 2024-13-02 10:00 Bad month\n- 2024-04-31 10:00 Bad day\n- 202-04-01 10:00 Three-digit year\n- 09:?? Unknown minute\n- HH:mm Template row\n";
    let p = parse_as("2024-04-01-x.md", src, DateOrder::Auto);
    assert_eq!(p.report.timeline.len(), 5, "no entry dropped");
    assert!(p.report.timeline.iter().all(|e| e.timestamp.date.is_none() || e.timestamp.time.is_none()));
    assert!(p.readings[0].malformed_date.is_some());
    assert_eq!(p.readings[1].probably_meant.as_deref(), Some("2024-04-30"));
    assert_eq!(p.readings[2].probably_meant.as_deref(), Some("2024-04-01"));
    assert!(p.readings[3].placeholder && p.readings[4].placeholder);
}

#[test]
fn a_timeline_under_another_heading_when_its_items_are_time_stamped() {
    let src = "# X\n\n## What Happened\n\n### Sunday, March 31st, 2024\n\n* 06:20: Emails arrive\n* 08:00: Admins respond\n* 11:00: Fix deployed\n";
    assert_eq!(entries(src).len(), 3);
    // Near miss: a section with one dated sentence is not a timeline.
    let near = "# X\n\n## What Happened\n\n* 06:20: Emails arrive\n* Admins respond\n* A fix was deployed\n";
    assert!(entries(near).is_empty());
}
