//! Understanding timestamps as people write them in incident reports.
//!
//! The parser is token based rather than format based, so "Mar 2, 2026 2:05
//! PM PST", "2 March 2026 14:05", "2026-03-02T14:05:00Z" and
//! "2021-12-10   15:40" all go through the same path. Any word it does not
//! know ("later that day", "next morning") makes the whole value "not
//! understood": a guess would be worse than nothing, because rules use these
//! values to order events and measure durations.
//!
//! Zone abbreviations map to one fixed offset each (see [`ZONE_ABBREVIATIONS`]);
//! ambiguous ones take their most common meaning in incident reports.
//! IANA names ("Europe/Oslo") resolve through jiff's bundled database, so
//! results do not depend on the machine's tzdata.
//!
//! The regexes use ASCII digits (`[0-9]`) and ASCII word boundaries
//! (`(?-u:\b)`): the Unicode tables behind `\d` and `\b` doubled their
//! compile time, which every fresh process pays (the pre-commit case: ~6 ms
//! of a 18 ms run), and the values they find are read as ASCII anyway.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Span, Timestamp};

/// What a timestamp inherits from where it is written.
#[derive(Clone, Copy, Debug, Default)]
pub struct TimeContext<'a> {
    /// "YYYY-MM-DD" from a date heading, a date line or the previous entry,
    /// used when the value has a time but no date.
    pub date: Option<&'a str>,
    /// The report-wide zone ("UTC", "CET", "+02:00", "Europe/Oslo"), used
    /// when the value has none.
    pub zone: Option<&'a str>,
}

/// Abbreviation -> offset in minutes east of UTC. Ambiguous abbreviations
/// take one meaning: IST = India (+05:30), CST = US Central (-06:00),
/// BST = British Summer Time (+01:00).
pub const ZONE_ABBREVIATIONS: &[(&str, i32)] = &[
    ("UTC", 0),
    ("UT", 0),
    ("GMT", 0),
    ("Z", 0),
    ("WET", 0),
    ("WEST", 60),
    ("BST", 60),
    ("CET", 60),
    ("CEST", 120),
    ("EET", 120),
    ("EEST", 180),
    ("MSK", 180),
    ("IST", 330),
    ("SGT", 480),
    ("HKT", 480),
    ("AWST", 480),
    ("JST", 540),
    ("KST", 540),
    ("ACST", 570),
    ("AEST", 600),
    ("AEDT", 660),
    ("NZST", 720),
    ("NZDT", 780),
    ("HST", -600),
    ("AKST", -540),
    ("AKDT", -480),
    ("PST", -480),
    ("PDT", -420),
    ("MST", -420),
    ("MDT", -360),
    ("CST", -360),
    ("CDT", -300),
    ("EST", -300),
    ("EDT", -240),
];

#[derive(Clone, Debug, PartialEq)]
enum Zone {
    /// Display name and offset in seconds.
    Fixed(String, i32),
    Iana(String),
}

impl Zone {
    fn name(&self) -> String {
        match self {
            Zone::Fixed(n, _) | Zone::Iana(n) => n.clone(),
        }
    }
    fn time_zone(&self) -> Option<jiff::tz::TimeZone> {
        match self {
            Zone::Fixed(_, secs) => Some(jiff::tz::TimeZone::fixed(
                jiff::tz::Offset::from_seconds(*secs).ok()?,
            )),
            Zone::Iana(name) => jiff::tz::TimeZone::get(name).ok(),
        }
    }
}

fn offset_name(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.abs();
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}

fn abbreviation(word: &str) -> Option<Zone> {
    let upper = word.to_ascii_uppercase();
    ZONE_ABBREVIATIONS
        .iter()
        .find(|(a, _)| *a == upper)
        .map(|(a, m)| {
            let name = if *a == "Z" {
                "UTC".to_string()
            } else {
                a.to_string()
            };
            Zone::Fixed(name, m * 60)
        })
}

fn iana(name: &str) -> Option<Zone> {
    let tz = jiff::tz::TimeZone::get(name).ok()?;
    Some(Zone::Iana(tz.iana_name().unwrap_or(name).to_string()))
}

/// Parses "+02:00", "-0500", "+2" as minutes east of UTC.
fn numeric_offset(s: &str) -> Option<i32> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let (h, m) = if let Some((h, m)) = rest.split_once(':') {
        (h, m)
    } else if rest.len() > 2 {
        rest.split_at(rest.len() - 2)
    } else {
        (rest, "0")
    };
    let h: i32 = h.parse().ok()?;
    let m: i32 = m.parse().ok()?;
    (h <= 14 && m < 60).then_some(sign * (h * 60 + m))
}

/// Normalizes a zone as written ("utc", "Z", "+0200", "UTC+2",
/// "Europe/Oslo") to the name stored in [`Timestamp::zone`], or `None` if it
/// is not a zone this parser knows.
pub fn parse_zone(text: &str) -> Option<String> {
    resolve_zone(text.trim()).map(|z| z.name())
}

fn resolve_zone(text: &str) -> Option<Zone> {
    if text.is_empty() {
        return None;
    }
    if let Some(m) = numeric_offset(text) {
        return Some(Zone::Fixed(offset_name(m), m * 60));
    }
    for prefix in ["UTC", "GMT", "utc", "gmt"] {
        if let Some(rest) = text.strip_prefix(prefix) {
            if !rest.is_empty() {
                let m = numeric_offset(rest.trim())?;
                return Some(Zone::Fixed(offset_name(m), m * 60));
            }
        }
    }
    if text.contains('/') {
        return iana(text);
    }
    abbreviation(text)
}

static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<date>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})
      | (?P<time>[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)(?:[.,][0-9]+)?
      | (?P<offset>[+-][0-9]{1,2}(?::?[0-9]{2})?)
      | (?P<iana>[A-Za-z]+(?:/[A-Za-z0-9_+\-]+)+)
      | (?P<ampm>[AaPp]\.?[Mm]\.?)(?:\W|$)
      | (?P<word>[A-Za-z]+)
      | (?P<num>[0-9]+)(?:st|nd|rd|th)?
      | (?P<other>\S)",
    )
    .unwrap()
});

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const WEEKDAYS: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn month_of(word: &str) -> Option<i8> {
    let w = word.to_ascii_lowercase();
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if let Some(i) = full.iter().position(|f| *f == w) {
        return Some(i as i8 + 1);
    }
    if w == "sept" {
        return Some(9);
    }
    MONTHS.iter().position(|m| *m == w).map(|i| i as i8 + 1)
}

fn is_weekday(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    let full = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    full.contains(&w.as_str())
        || WEEKDAYS.contains(&w.as_str())
        || ["tues", "thur", "thurs"].contains(&w.as_str())
}

#[derive(Debug, Default)]
struct Parts {
    /// (year, month, day); month and day may come without a year.
    year: Option<i16>,
    month: Option<i8>,
    day: Option<i8>,
    time: Option<(i8, i8, Option<i8>)>,
    pm: Option<bool>,
    zone: Option<Zone>,
}

/// Splits `text` into what it says. `None` when a word is not understood.
fn parts(text: &str) -> Option<Parts> {
    let mut p = Parts::default();
    let mut pending_num: Option<i32> = None; // a day number before its month
    let mut last_was_utc = false;
    for cap in TOKEN.captures_iter(text) {
        let mut was_utc = false;
        if let Some(d) = cap.name("date") {
            let mut it = d.as_str().split('-');
            p.year = it.next()?.parse().ok();
            p.month = it.next()?.parse().ok();
            p.day = it.next()?.parse().ok();
        } else if let Some(t) = cap.name("time") {
            // A second time is the end of a range ("09:00 - 11:00"): the
            // entry happened at its start, which is what ordering needs.
            if p.time.is_some() {
                last_was_utc = false;
                continue;
            }
            let mut it = t.as_str().split(':');
            let h: i8 = it.next()?.parse().ok()?;
            let m: i8 = it.next()?.parse().ok()?;
            let s: Option<i8> = it.next().and_then(|s| s.parse().ok());
            p.time = Some((h, m, s));
        } else if let Some(o) = cap.name("offset") {
            // "2026-03-02 14:05 +02:00" or "UTC+2".
            let m = numeric_offset(o.as_str())?;
            if p.time.is_none() && !last_was_utc {
                return None;
            }
            p.zone = Some(Zone::Fixed(offset_name(m), m * 60));
        } else if let Some(z) = cap.name("iana") {
            p.zone = Some(iana(z.as_str())?);
        } else if let Some(a) = cap.name("ampm") {
            p.pm = Some(a.as_str().to_ascii_lowercase().starts_with('p'));
        } else if let Some(w) = cap.name("word") {
            let w = w.as_str();
            let lw = w.to_ascii_lowercase();
            if let Some(m) = month_of(w) {
                p.month = Some(m);
                if let Some(n) = pending_num.take() {
                    p.day = i8::try_from(n).ok();
                }
            } else if is_weekday(w) || matches!(lw.as_str(), "at" | "on" | "of" | "t") {
            } else if let Some(z) = abbreviation(w) {
                was_utc = matches!(lw.as_str(), "utc" | "gmt");
                p.zone = Some(z);
            } else {
                return None;
            }
        } else if let Some(n) = cap.name("num") {
            let n: i32 = n.as_str().parse().ok()?;
            if (1000..=9999).contains(&n) {
                p.year = Some(n as i16);
            } else if p.month.is_some() && p.day.is_none() && (1..=31).contains(&n) {
                p.day = Some(n as i8);
            } else if p.month.is_none() && pending_num.is_none() && (1..=31).contains(&n) {
                pending_num = Some(n);
            } else {
                return None;
            }
        }
        // `other`: punctuation such as ",", "(", "--:--" is ignored.
        last_was_utc = was_utc;
    }
    if pending_num.is_some() {
        return None;
    }
    Some(p)
}

/// Parses a timestamp as written. Never fails: what is not understood is
/// left `None`, and `text`/`span` always record what was written.
pub fn parse_timestamp(text: &str, span: Span, context: &TimeContext<'_>) -> Timestamp {
    let mut ts = Timestamp {
        text: text.to_string(),
        span,
        ..Timestamp::default()
    };
    let Some(p) = parts(text) else { return ts };
    let mut date = None;
    if let (Some(y), Some(m), Some(d)) = (p.year, p.month, p.day) {
        if let Ok(civil) = jiff::civil::Date::new(y, m, d) {
            date = Some(civil);
        }
    }
    let mut time = None;
    if let Some((mut h, m, s)) = p.time {
        let ok = match p.pm {
            Some(pm) => {
                let ok = (1..=12).contains(&h);
                h %= 12;
                if pm {
                    h += 12;
                }
                ok
            }
            None => true,
        };
        if ok {
            time = jiff::civil::Time::new(h, m, s.unwrap_or(0), 0)
                .ok()
                .map(|t| (t, s.is_some()));
        }
    }
    let date_known = date.is_some() || p.year.is_some() || p.month.is_some();
    if date.is_none() && !date_known && time.is_some() {
        date = context
            .date
            .and_then(|d| d.parse::<jiff::civil::Date>().ok());
    }
    let mut zone = p.zone.clone();
    if zone.is_none() && (time.is_some() || date.is_some()) {
        if let Some(z) = context.zone.and_then(resolve_zone) {
            zone = Some(z);
            ts.zone_from_report = true;
        }
    }
    ts.date = date.map(|d| d.to_string());
    ts.time = time.map(|(t, secs)| {
        if secs {
            format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
        } else {
            format!("{:02}:{:02}", t.hour(), t.minute())
        }
    });
    ts.zone = zone.as_ref().map(Zone::name);
    if let (Some(d), Some((t, _)), Some(z)) = (date, time, zone.as_ref()) {
        if let Some(tz) = z.time_zone() {
            ts.utc_seconds = d
                .to_datetime(t)
                .to_zoned(tz)
                .ok()
                .map(|zd| zd.timestamp().as_second());
        }
    }
    ts
}

static TS_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    // Dates (ISO or with month names), times, zones, in any order, at the
    // start of a line. Verified by `parse_timestamp` afterwards.
    let month = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?";
    let weekday =
        r"(?:(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|sday|rsday|urday)?,?\s+)";
    let abbrevs: Vec<&str> = ZONE_ABBREVIATIONS.iter().map(|(a, _)| *a).collect();
    let zone = format!(
        r"(?:(?:UTC|GMT)(?:[+-][0-9]{{1,2}}(?::?[0-9]{{2}})?)?|(?:{})|[A-Za-z]+/[A-Za-z_]+|[+-][0-9]{{2}}:?[0-9]{{2}})",
        abbrevs.join("|")
    );
    let time = r"(?:[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?)";
    let date = format!(
        r"(?:[0-9]{{4}}-[0-9]{{1,2}}-[0-9]{{1,2}}|{weekday}?{month}\s+[0-9]{{1,2}}(?:st|nd|rd|th)?,?\s+[0-9]{{4}}|{weekday}?[0-9]{{1,2}}(?:st|nd|rd|th)?\s+{month},?\s+[0-9]{{4}})"
    );
    Regex::new(&format!(
        r"^(?:{date}(?:(?:T|\s+|,\s*|\s+at\s+){time})?|{time})(?:\s*\(?{zone}\)?)?(?-u:\b)"
    ))
    .unwrap()
});

/// The length of a timestamp at the start of `text` ("2026-03-02 14:05 UTC
/// — ..."), if there is one. Used to split list-style timeline entries.
pub fn timestamp_prefix_len(text: &str) -> Option<usize> {
    let m = TS_PREFIX.find(text)?;
    let mut end = m.end();
    // A closing parenthesis of "(UTC)" is part of the timestamp.
    if text[..end].contains('(') && text[end..].starts_with(')') {
        end += 1;
    }
    Some(end)
}

/// The "YYYY-MM-DD" of a text that is only a date ("2026-03-02",
/// "March 2, 2026", "Monday 2 March 2026"), for date headings.
pub fn parse_date_only(text: &str) -> Option<String> {
    let t = text.trim().trim_end_matches([':', '.']);
    let p = parts(t)?;
    if p.time.is_some() {
        return None;
    }
    let ts = parse_timestamp(t, Span::default(), &TimeContext::default());
    ts.date
}

static ZONE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^[\s*_]*(?:all\s+)?(?:the\s+)?(?:times?|timestamps?)\s+(?:are\s+|is\s+)?(?:(?:given|shown|listed|stated|expressed|reported|written)\s+)?(?:in\s+)?(?:the\s+)?
        (?P<z>[A-Za-z][A-Za-z0-9/_]*(?:[+-][0-9]{1,2}(?::?[0-9]{2})?)?)
        (?:\s+(?:time\s*zone|timezone|time))?\s*[.:;]?[\s*_]*$",
    )
    .unwrap()
});

/// Recognizes a report-wide zone statement such as "All times UTC", "All
/// times in UTC.", "Times are in CET". Returns the normalized zone and the
/// byte range of the zone word within `line`.
pub fn report_zone_line(line: &str) -> Option<(String, std::ops::Range<usize>)> {
    let c = ZONE_LINE.captures(line)?;
    let z = c.name("z")?;
    Some((parse_zone(z.as_str())?, z.range()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Timestamp {
        parse_timestamp(text, Span::new(0, text.len()), &TimeContext::default())
    }

    #[test]
    fn iso_forms() {
        let t = p("2026-03-02T14:05:00Z");
        assert_eq!(t.date.as_deref(), Some("2026-03-02"));
        assert_eq!(t.time.as_deref(), Some("14:05:00"));
        assert_eq!(t.zone.as_deref(), Some("UTC"));
        assert_eq!(t.utc_seconds, Some(1772460300));
        let t = p("2026-03-02T14:05+02:00");
        assert_eq!(t.zone.as_deref(), Some("+02:00"));
        assert_eq!(t.utc_seconds, Some(1772460300 - 7200));
        let t = p("2021-12-10   15:40");
        assert_eq!(
            (t.date.as_deref(), t.time.as_deref()),
            (Some("2021-12-10"), Some("15:40"))
        );
        assert_eq!(t.utc_seconds, None);
        let t = p("2026-03-02 14:05:30 UTC");
        assert_eq!(t.time.as_deref(), Some("14:05:30"));
        assert_eq!(t.utc_seconds, Some(1772460330));
        let t = p("2026-03-02");
        assert_eq!((t.date.as_deref(), t.time), (Some("2026-03-02"), None));
        assert_eq!(p("2026-03-02 14:05 -0500").zone.as_deref(), Some("-05:00"));
        assert_eq!(p("2026-03-02 14:05 UTC+2").zone.as_deref(), Some("+02:00"));
    }

    #[test]
    fn human_forms() {
        let t = p("Mar 2, 2026 2:05 PM PST");
        assert_eq!(t.date.as_deref(), Some("2026-03-02"));
        assert_eq!(t.time.as_deref(), Some("14:05"));
        assert_eq!(t.zone.as_deref(), Some("PST"));
        assert_eq!(t.utc_seconds, Some(1772460300 + 8 * 3600));
        let t = p("2 March 2026 14:05");
        assert_eq!(
            (t.date.as_deref(), t.time.as_deref()),
            (Some("2026-03-02"), Some("14:05"))
        );
        assert_eq!(p("March 2, 2026").date.as_deref(), Some("2026-03-02"));
        assert_eq!(
            p("Monday, March 2nd, 2026").date.as_deref(),
            Some("2026-03-02")
        );
        assert_eq!(p("12:30 am").time.as_deref(), Some("00:30"));
        assert_eq!(p("12:30 PM").time.as_deref(), Some("12:30"));
        assert_eq!(p("13:30 PM").time, None);
        let t = p("2026-03-02 14:05 Europe/Oslo");
        assert_eq!(t.zone.as_deref(), Some("Europe/Oslo"));
        assert_eq!(t.utc_seconds, Some(1772460300 - 3600));
    }

    #[test]
    fn not_understood_and_context() {
        for s in [
            "later that day",
            "Next morning",
            "",
            "20xx-MM-DD HH:mm",
            "25:99",
        ] {
            let t = p(s);
            assert_eq!(
                (t.date.clone(), t.time.clone(), t.utc_seconds),
                (None, None, None),
                "{s}"
            );
            assert_eq!(t.text, s);
        }
        assert_eq!(p("2019-12-03 --:--").date.as_deref(), Some("2019-12-03"));
        assert_eq!(p("2020-10-06 09:00 - 11:00").time.as_deref(), Some("09:00"));
        assert_eq!(p("09:00-11:00 UTC").time.as_deref(), Some("09:00"));
        assert_eq!(p("2026-02-30").date, None);
        let ctx = TimeContext {
            date: Some("2026-03-02"),
            zone: Some("CET"),
        };
        let t = parse_timestamp("14:05", Span::new(0, 5), &ctx);
        assert_eq!(t.date.as_deref(), Some("2026-03-02"));
        assert_eq!(t.zone.as_deref(), Some("CET"));
        assert!(t.zone_from_report);
        assert_eq!(t.utc_seconds, Some(1772460300 - 3600));
        let t = parse_timestamp("14:05 UTC", Span::new(0, 9), &ctx);
        assert!(!t.zone_from_report);
    }

    #[test]
    fn prefixes_and_zone_lines() {
        assert_eq!(
            timestamp_prefix_len("2026-03-02 14:05 UTC — text"),
            Some(20)
        );
        assert_eq!(timestamp_prefix_len("14:05 UTC: text"), Some(9));
        assert_eq!(timestamp_prefix_len("14:05: text"), Some(5));
        assert_eq!(
            timestamp_prefix_len("Mar 2, 2026 2:05 PM PST - x"),
            Some(23)
        );
        assert_eq!(timestamp_prefix_len("14:05 (UTC) x"), Some(11));
        assert_eq!(timestamp_prefix_len("Deployed"), None);
        assert_eq!(
            report_zone_line("All times in UTC.").map(|z| z.0),
            Some("UTC".into())
        );
        assert_eq!(
            report_zone_line("All times UTC").map(|z| z.0),
            Some("UTC".into())
        );
        assert_eq!(
            report_zone_line("Times are in CET").map(|z| z.0),
            Some("CET".into())
        );
        assert_eq!(
            report_zone_line("*All times are Europe/Oslo time.*").map(|z| z.0),
            Some("Europe/Oslo".into())
        );
        assert_eq!(report_zone_line("All times are approximate"), None);
        assert_eq!(
            parse_date_only("March 2, 2026").as_deref(),
            Some("2026-03-02")
        );
        assert_eq!(parse_date_only("2026-03-02").as_deref(), Some("2026-03-02"));
        assert_eq!(parse_date_only("Detection"), None);
    }
}
