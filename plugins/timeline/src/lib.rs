//! pirlint built-in plugin `timeline`: a timeline exists, its timestamps are
//! complete and in order, it covers the response phases, agrees with the
//! front matter, has no silent gaps and says how the incident was found.

use std::cell::RefCell;

use pirlint_plugin_sdk::prelude::*;
use pirlint_plugin_sdk::rule::title_anchor;
use pirlint_plugin_sdk::{phases, values};

pirlint_plugin_sdk::include_rules!();

// ---------------------------------------------------------------------------
// helpers

/// [`phases::entry_in_phase`] with the default keywords and
/// [`phases::entries_of`], remembering each entry's tag and each keyword
/// verdict: the phases, matches-metadata, gaps and discovery rules ask the
/// same questions of the same entries, and the keyword search is most of
/// this plugin's work.
struct PhaseMemo<'a> {
    source: &'a str,
    timeline: &'a [TimelineEntry],
    tags: &'a [Option<&'static str>],
    /// Per entry, the keyword verdict for each of [`phases::PHASES`].
    keywords: &'a RefCell<Vec<[Option<bool>; 4]>>,
}

/// What the rules that judge entries share in one check: the report without
/// template rows when it has any, and the phase verdicts of its entries.
struct Entries {
    /// The report less its template rows ("20xx-MM-DD HH:mm"), which are
    /// structure/placeholder's business; `None` when it has none.
    filtered: Option<Report>,
    tags: Vec<Option<&'static str>>,
    keywords: RefCell<Vec<[Option<bool>; 4]>>,
}

impl Entries {
    fn new(cx: &Context<'_>) -> Self {
        let filtered = cx.report.timeline.iter().any(|e| is_placeholder(cx.source(), &e.timestamp)).then(|| {
            let mut report = cx.report.clone();
            report.timeline.retain(|e| !is_placeholder(cx.source(), &e.timestamp));
            report
        });
        let timeline = &filtered.as_ref().unwrap_or(cx.report).timeline;
        Entries {
            tags: timeline.iter().map(|e| phases::tagged(cx.source(), e)).collect(),
            keywords: RefCell::new(vec![[None; 4]; timeline.len()]),
            filtered,
        }
    }
}

/// Runs `f` on the report without template rows and the shared phase memo;
/// nothing when no entry is left (then `timeline/present` has said it, and
/// "how was it found" is one of the things a timeline shows).
fn with_entries(cx: &Context<'_>, f: impl FnOnce(&Report, &PhaseMemo<'_>) -> Vec<Diagnostic>) -> Vec<Diagnostic> {
    let entries = cx.shared(Entries::new);
    let report = entries.filtered.as_ref().unwrap_or(cx.report);
    if report.timeline.is_empty() {
        return Vec::new();
    }
    let memo = PhaseMemo { source: cx.source(), timeline: &report.timeline, tags: &entries.tags, keywords: &entries.keywords };
    f(report, &memo)
}

impl PhaseMemo<'_> {
    /// `phases::entry_in_phase(&timeline[i], phase, None)`.
    fn in_phase(&self, i: usize, phase: &str) -> bool {
        if self.tags[i] == Some(phase) {
            return true;
        }
        let text = text_of(self.source, &self.timeline[i].text);
        let Some(k) = phases::PHASES.iter().position(|p| *p == phase) else {
            return phases::has_default_keyword(text, phase);
        };
        if let Some(v) = self.keywords.borrow()[i][k] {
            return v;
        }
        let v = phases::has_default_keyword(text, phase);
        self.keywords.borrow_mut()[i][k] = Some(v);
        v
    }

    /// `phases::entries_of(report, phase)`.
    fn entries_of(&self, phase: &str) -> Vec<usize> {
        let tagged_ix: Vec<usize> = (0..self.timeline.len())
            .filter(|&i| self.tags[i] == Some(phase))
            .collect();
        if !tagged_ix.is_empty() {
            return tagged_ix;
        }
        (0..self.timeline.len())
            .filter(|&i| self.in_phase(i, phase))
            .collect()
    }
}

fn timeline_section<'r>(cx: &Context<'_>, report: &'r Report) -> Option<&'r Section> {
    report.sections.iter().find(|s| cx.is_kind(s, "timeline"))
}

/// Where report-level findings about the timeline go: its heading, else the
/// first entry, else the title or first line.
fn timeline_anchor(cx: &Context<'_>, report: &Report, source: &str) -> Span {
    if let Some(s) = timeline_section(cx, report) {
        return s.heading_span;
    }
    if let Some(e) = report.timeline.first() {
        return entry_span(e);
    }
    title_anchor(report, source)
}

/// A timestamp left from a template ("YYYY-MM-DD", "20xx-MM-DD HH:mm").
fn is_placeholder(source: &str, ts: &Timestamp) -> bool {
    values::is_timestamp_residue(text_of(source, ts))
}


/// The entry's timestamp as written, or the whole entry when it has none.
fn entry_span(e: &TimelineEntry) -> Span {
    if e.timestamp.span.is_empty() {
        e.span
    } else {
        e.timestamp.span
    }
}

fn shown(source: &str, e: &TimelineEntry) -> String {
    let t = text_of(source, &e.timestamp).trim();
    if t.is_empty() {
        let v: String = text_of(source, &e.text).chars().take(40).collect();
        format!("\"{v}\"")
    } else {
        format!("`{t}`")
    }
}

/// Whether the entry's date is written on the entry itself, as the host's
/// parser read it (`timeline-entry.reading`), as opposed to one inherited
/// from a date heading, an earlier entry or the report's incident date. An
/// entry without a reading (a JSON or YAML report's) carries its own date.
fn date_written(e: &TimelineEntry) -> bool {
    e.reading.as_ref().is_none_or(|r| matches!(r.date_from, ReadingSource::Written))
}


#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::chronological::twelve_hour_without_marker;
    use crate::rules::timestamps::{in_daylight_time, Region};

    #[test]
    fn daylight_saving_seasons() {
        // US: 2019-03-10 and 2019-11-03 are the changeover Sundays.
        assert_eq!(in_daylight_time("2019-05-30", Region::Us), Some(true));
        assert_eq!(in_daylight_time("2019-01-23", Region::Us), Some(false));
        assert_eq!(in_daylight_time("2019-03-10", Region::Us), None);
        assert_eq!(in_daylight_time("2019-03-11", Region::Us), Some(true));
        assert_eq!(in_daylight_time("2019-11-04", Region::Us), Some(false));
        // EU: 2020-03-29 and 2020-10-25.
        assert_eq!(in_daylight_time("2020-06-01", Region::Eu), Some(true));
        assert_eq!(in_daylight_time("2020-10-26", Region::Eu), Some(false));
        assert_eq!(in_daylight_time("2020-03-28", Region::Eu), Some(false));
    }

    #[test]
    fn twelve_hour_clocks() {
        let ts = |t: &str, time: &str| Timestamp {
            text: Some(t.into()),
            span: Span::new(0, 0),
            date: None,
            time: Some(time[..2].parse::<u32>().unwrap() * 3600 + time[3..5].parse::<u32>().unwrap() * 60),
            zone: None,
            zone_from_report: false,
            utc_seconds: None,
        };
        assert!(twelve_hour_without_marker("", &ts("12:05", "12:05"), &ts("1:10", "01:10")));
        assert!(twelve_hour_without_marker("", &ts("11:40", "11:40"), &ts("2:15", "02:15")));
        // With a marker, or a real step back of a 24-hour clock: no.
        assert!(!twelve_hour_without_marker("", &ts("12:05 PM", "12:05"), &ts("1:10 PM", "13:10")));
        assert!(!twelve_hour_without_marker("", &ts("18:00", "18:00"), &ts("09:00", "09:00")));
    }

    #[test]
    fn durations_in_words() {
        assert_eq!(human_duration(90 * 60), "1 h 30 min");
        assert_eq!(human_duration(2 * 86400 + 3600 * 5), "2 d 5 h");
    }

    /// The ASCII keyword search agrees with the SDK's phrase search.
    #[test]
    fn ascii_keywords_match_phrase_search() {
        for p in phases::PHASES {
            for w in phases::default_keywords(p) {
                let b = w.as_bytes();
                assert!(b[0].is_ascii_lowercase() && b[b.len() - 1].is_ascii_lowercase(), "{w}");
                assert!(w.is_ascii() && w.trim() == *w, "{w}");
            }
        }
        let mut pieces: Vec<String> = [
            " ", "  ", "\n", "\t", "\r\n", "\u{b}", "\u{c}", "-", "_", "x", "1", ".", ",", "re", "un", "s",
            "ed", "Back", "ROLLED", "roll", "help desk", "desk  ticket", "long-", "term", "fix",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for p in phases::PHASES {
            for w in phases::default_keywords(p) {
                pieces.push(w.to_string());
                pieces.push(w.to_uppercase());
                pieces.push(w.replace(' ', "\n  "));
                pieces.push(w.replace(' ', "\u{b}"));
                pieces.push(w[..w.len() - 1].to_string());
                pieces.push(w[1..].to_string());
            }
        }
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..20_000 {
            let mut hay = String::new();
            for _ in 0..next(6) {
                hay.push_str(&pieces[next(pieces.len())]);
            }
            for p in phases::PHASES.iter().chain(&["analysis"]) {
                let fast = phases::ascii_default_keyword(hay.as_bytes(), p)
                    .unwrap_or_else(|| phases::phrase_set_default_keyword(&hay, p));
                assert_eq!(fast, phases::phrase_set_default_keyword(&hay, p), "{p}: {hay:?}");
            }
        }
    }
}
