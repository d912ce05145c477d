//! Report values shared by rules: draft statuses, placeholder values,
//! calendar dates as day numbers (plain scanning, no date crate: it keeps
//! components small) and the section tree.

use crate::types::Report;

/// Statuses of a report that is still being written. Rules give drafts
/// leniency where the missing data is normally added at the review.
pub fn is_draft_status(status: Option<&str>) -> bool {
    status.is_some_and(|s| {
        let s = s.trim().to_lowercase().replace(['_', ' '], "-");
        matches!(
            s.as_str(),
            "draft" | "in-progress" | "wip" | "in-review" | "open"
        )
    })
}

/// Values that are a placeholder, not an answer. `structure/placeholder`
/// reports them; other rules treat them as "given" so that the same cell
/// is not reported twice.
pub fn is_placeholder(v: &str) -> bool {
    let v = v.trim().trim_end_matches('.').trim();
    [
        "tbd",
        "tba",
        "todo",
        "fixme",
        "xxx",
        "?",
        "??",
        "???",
        "unknown",
        "unassigned",
    ]
    .iter()
    .any(|p| v.eq_ignore_ascii_case(p))
}

/// A timestamp with a part left as template letters or unknown marks
/// ("2023-MM-DD", "HH:mm", "20xx", "09:??", "1X:XX", "22:XX"): reported by
/// `structure/placeholder`, so the timeline rules leave such entries alone.
pub fn is_timestamp_residue(text: &str) -> bool {
    let t = text.trim();
    t.contains("??")
        || t.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| {
            matches!(w, "YYYY" | "yyyy" | "MM" | "DD" | "dd" | "HH" | "hh" | "mm" | "XX" | "xx" | "TBD" | "tbd" | "TODO")
                || (w.len() == 4 && w.starts_with("20") && w[2..].eq_ignore_ascii_case("xx"))
                || (w.len() == 2 && w.starts_with(|c: char| c.is_ascii_digit()) && w[1..].eq_ignore_ascii_case("x"))
        })
}

/// Days since 1970-01-01 of a "YYYY-MM-DD" date (proleptic Gregorian).
pub fn day_number(date: &str) -> Option<i64> {
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = date[0..4].parse().ok()?;
    let m: i64 = date[5..7].parse().ok()?;
    let d: i64 = date[8..10].parse().ok()?;
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1..=12).contains(&m) || d < 1 || d > month_days[(m - 1) as usize] {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// "YYYY-MM-DD" of a day number.
pub fn iso(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Business days (Monday to Friday) after day `from` up to and including
/// day `to`.
pub fn business_days_between(from: i64, to: i64) -> i64 {
    // 1970-01-01 was a Thursday: weekday 3 when Monday is 0.
    ((from + 1)..=to)
        .filter(|d| (d + 3).rem_euclid(7) < 5)
        .count() as i64
}

/// Whether section `section` lies (at any depth) inside section `ancestor`.
/// Walks `parent` links, which always point backwards, so a malformed model
/// cannot make it loop.
pub fn is_descendant(report: &Report, section: usize, ancestor: usize) -> bool {
    let mut j = section;
    for _ in 0..report.sections.len() {
        match report.sections.get(j).and_then(|s| s.parent).map(|p| p as usize) {
            Some(p) if p == ancestor => return true,
            Some(p) if p < j => j = p,
            _ => return false,
        }
    }
    false
}

/// Per section, whether it or a section inside it has content (a body that
/// is not blank: see [`crate::text::is_blank`]). Children follow their
/// parent in document order, so one backward pass carries content upwards;
/// a parent link that does not point backwards is ignored.
pub fn subtree_has_content(report: &Report, source: &str) -> Vec<bool> {
    let mut content: Vec<bool> = report.sections.iter().map(|s| !crate::text::is_blank(crate::rule::body_of(source, s))).collect();
    for i in (0..content.len()).rev() {
        if content[i] {
            if let Some(p) = report.sections[i].parent.map(|p| p as usize).filter(|&p| p < i) {
                content[p] = true;
            }
        }
    }
    content
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip_and_reject_nonsense() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2026-03-02"), Some(20514));
        for date in ["2024-02-29", "2026-12-31", "1999-01-01"] {
            assert_eq!(iso(day_number(date).unwrap()), date);
        }
        assert_eq!(day_number("2026-13-01"), None);
        assert_eq!(day_number("2026-02-30"), None);
        assert_eq!(day_number("2024-02-29"), Some(19_782));
        assert_eq!(day_number("next week"), None);
    }

    #[test]
    fn business_days_skip_weekends() {
        // Friday 2026-03-06 to Monday 2026-03-09: one business day.
        let friday = day_number("2026-03-06").unwrap();
        assert_eq!(business_days_between(friday, friday + 3), 1);
    }

    #[test]
    fn drafts_and_placeholders() {
        assert!(is_draft_status(Some("In progress")));
        assert!(!is_draft_status(Some("final")));
        assert!(is_placeholder("TBD."));
        assert!(!is_placeholder("Ana Silva"));
    }
}
