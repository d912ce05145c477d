//! `timeline/chronological`.

use pirlint_plugin_sdk::prelude::*;

use crate::*;

const ID: &str = "timeline/chronological";

rule! {
    /// Checks that timeline entries are listed in chronological order. Each entry
    /// is compared with the previous entry that has a date: by absolute time when
    /// both have a date, time and zone, else by date and then time as written. An
    /// entry earlier than its predecessor is reported (primary label), with a
    /// secondary label on the predecessor it is listed after.
    ///
    /// Only the inversion itself is reported: the entry after a misplaced one is
    /// compared with the misplaced one, so one wrong line gives one finding, not a
    /// cascade. Entries without a date are skipped. A time-only entry whose date was
    /// inherited (from a date heading or an earlier entry) and which is 12 hours or
    /// more before its predecessor is taken to have crossed midnight.
    ///
    /// ## Why it matters
    ///
    /// A timeline is read top to bottom as the order of events (NIST SP 800-61:
    /// "exactly what happened, and at what times"). An entry out of place either
    /// misleads the reader about cause and effect or hides a mistyped time, which
    /// then corrupts the response metrics.
    ///
    /// ## How to fix
    ///
    /// Move the entry to its place, or correct its time.
    ///
    /// ```markdown
    /// | Time (UTC)       | Event                               |
    /// |------------------|-------------------------------------|
    /// | 2026-03-02 13:42 | SIEM alert on the failed-login ratio |
    /// | 2026-03-02 14:05 | Blocked the source addresses         |
    /// ```
    ///
    /// ## Options
    ///
    /// None.
    pub struct Chronological;
}

impl Rule for Chronological {
    const ID: &'static str = ID;
    const SUMMARY: &'static str = "Timeline entries are in chronological order";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    type Options = NoOptions;

    fn check(cx: &Context<'_>, _: &NoOptions) -> Vec<Diagnostic> {
        with_entries(cx, |report, memo| chronological(report, memo.source))
    }
}

/// How `cur` compares with `prev` (Less = out of order), when comparable.
fn compare(prev_entry: &TimelineEntry, cur_entry: &TimelineEntry) -> Option<std::cmp::Ordering> {
    let (prev, cur) = (&prev_entry.timestamp, &cur_entry.timestamp);
    let (pd, cd) = (prev.date.as_ref()?, cur.date.as_ref()?);
    let pt = prev.time.map(i64::from);
    let ct = cur.time.map(i64::from);
    // A time-only entry after a late one on an inherited date has most
    // likely crossed midnight ("23:50", then "00:10"): not an inversion.
    if pd == cd && !date_written(cur_entry) {
        if let (Some(p), Some(c)) = (pt, ct) {
            if p - c >= 12 * 3600 {
                return None;
            }
        }
    }
    if let (Some(p), Some(c)) = (prev.utc_seconds, cur.utc_seconds) {
        return Some(c.cmp(&p));
    }
    if pd != cd {
        return Some(cd.cmp(pd));
    }
    match (pt, ct) {
        (Some(p), Some(c)) => Some(c.cmp(&p)),
        _ => Some(std::cmp::Ordering::Equal),
    }
}

/// Entries with a time but no date anywhere (the same date context):
/// compared by the clock, unless the step back is long enough to be the
/// night passing.
fn compare_times(prev: &Timestamp, cur: &Timestamp) -> Option<std::cmp::Ordering> {
    let (p, c) = (i64::from(prev.time?), i64::from(cur.time?));
    if p - c >= 12 * 3600 {
        return None;
    }
    Some(c.cmp(&p))
}

/// "1:10" after "12:05" with no am/pm: a 12-hour clock, not an inversion
/// of eleven hours.
pub(crate) fn twelve_hour_without_marker(source: &str, prev: &Timestamp, cur: &Timestamp) -> bool {
    let marked = |t: &Timestamp| {
        let l = text_of(source, t).to_ascii_lowercase();
        l.contains("am") || l.contains("pm") || l.contains("a.m") || l.contains("p.m")
    };
    let hour = |t: &Timestamp| t.time.map(|x| i64::from(x / 3600));
    match (hour(prev), hour(cur)) {
        (Some(p), Some(c)) => !marked(cur) && !marked(prev) && (1..12).contains(&c) && p >= c && p <= 12 && c + 12 > p,
        _ => false,
    }
}

fn chronological(report: &Report, source: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // A 12-hour clock written without am/pm never shows an hour past 12.
    let twelve_hour_clock = report
        .timeline
        .iter()
        .filter_map(|e| e.timestamp.time)
        .all(|t| t / 3600 <= 12);
    let mut prev: Option<&TimelineEntry> = None;
    for e in &report.timeline {
        let time_only = e.timestamp.date.is_none() && e.timestamp.time.is_some();
        if e.timestamp.date.is_none() && !time_only {
            continue;
        }
        if let Some(p) = prev {
            let order = if time_only {
                if p.timestamp.date.is_none() {
                    compare_times(&p.timestamp, &e.timestamp)
                } else {
                    None
                }
            } else {
                compare(p, e)
            };
            if order == Some(std::cmp::Ordering::Less)
                && twelve_hour_clock
                && twelve_hour_without_marker(source, &p.timestamp, &e.timestamp)
            {
                out.push(
                    Diagnostic::new(
                        ID,
                        entry_span(e),
                        format!(
                            "timeline entry {} goes back in time after {}: a 12-hour clock without am/pm?",
                            shown(source, e),
                            shown(source, p)
                        ),
                    )
                    .label("am or pm?")
                    .secondary(entry_span(p), "the entry before it")
                    .help(
                        "Read as a 24-hour clock these entries go backwards; most likely the                          afternoon is written on a 12-hour clock without am/pm. Write `1:10 PM`                          or `13:10` so that readers and tools order and measure them right.",
                    ),
                );
            } else if order == Some(std::cmp::Ordering::Less) {
                out.push(
                    Diagnostic::new(
                        ID,
                        entry_span(e),
                        format!(
                            "timeline entry {} is listed after a later one ({})",
                            shown(source, e),
                            shown(source, p)
                        ),
                    )
                    .label("out of order")
                    .secondary(entry_span(p), "this later entry comes first")
                    .help(
                        "A timeline is read top to bottom as the order of events: move the \
                         entry to its place, or correct its time if it was mistyped. Readers \
                         and tools measuring response times rely on the order.",
                    ),
                );
            }
        }
        // Compare the next entry with this one, so one misplaced entry gives
        // one finding rather than a cascade.
        prev = Some(e);
    }
    out
}
