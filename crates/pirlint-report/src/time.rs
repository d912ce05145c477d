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
    /// The incident's year, for dates written without one ("May 12",
    /// "Friday Nov 8th").
    pub year: Option<i16>,
    /// The incident's date: a yearless date more than two months after it
    /// belongs to the year before ("[12-05 16:21]" in a March report: the
    /// bug came in the December before).
    pub incident: Option<&'a str>,
    /// How to read an ambiguous numeric date such as `03/04/2026`.
    pub date_order: DateOrder,
    /// Whether a bare four-digit number may be a 24-hour time ("1625",
    /// "0940 UTC"): only at the start of a timeline entry or in a time
    /// column, where "2019 was a quiet year" cannot be meant.
    pub four_digit_times: bool,
    /// The organization's reading of zone abbreviations (`zone-aliases` in
    /// the policy): abbreviation -> zone ("IST" -> "Asia/Kolkata",
    /// "CST" -> "+08:00"), before the built-in table.
    pub zone_aliases: &'a [(String, String)],
}

/// The order of day and month in numeric dates (`date-order` in the
/// policy). `Auto` decides per report from a date whose first or second
/// field is above 12; an ambiguous date it cannot decide stays unread.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DateOrder {
    /// Month first (US): `03/04/2026` is March 4.
    Mdy,
    /// Day first: `03/04/2026` is 3 April.
    Dmy,
    #[default]
    Auto,
}

/// What the parser understood of a timestamp beyond the model's fields.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reading {
    /// "~09:30", "around 14:00", "14:00ish".
    pub approximate: bool,
    /// The date came from the context (a date heading, the previous entry,
    /// the incident date), not from the value.
    pub date_inherited: bool,
    /// A numeric date whose day/month order could not be decided.
    pub ambiguous_date: Option<String>,
    /// A date written but impossible (month 13, 31 April, a three-digit
    /// year), with the date the author probably meant when there is one.
    pub malformed_date: Option<(String, Option<String>)>,
    /// Template residue in place of a part (`09:??`, `HH:mm`, `2024-06-??`,
    /// `20xx-MM-DD`).
    pub placeholder: bool,
}

/// Abbreviation -> offset in minutes east of UTC. Ambiguous abbreviations
/// take one meaning: IST = India (+05:30), CST = US Central (-06:00),
/// BST = British Summer Time (+01:00); `zone-aliases` in the policy picks
/// another, and `timeline/timestamps` asks for one for IST and CST.
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

/// Zones named without saying standard or daylight time: the offset
/// depends on the date, so they resolve through the IANA database.
pub const GENERIC_ZONES: &[(&str, &str)] = &[
    ("ET", "America/New_York"),
    ("PT", "America/Los_Angeles"),
    ("CT", "America/Chicago"),
    ("MT", "America/Denver"),
];

/// The zone the organization means by `word` (`zone-aliases`), if it
/// says.
pub(crate) fn zone_alias<'a>(word: &str, aliases: &'a [(String, String)]) -> Option<&'a str> {
    let word = word.trim();
    aliases.iter().find(|(a, _)| a.eq_ignore_ascii_case(word)).map(|(_, zone)| zone.as_str())
}

fn abbreviation(word: &str, aliases: &[(String, String)]) -> Option<Zone> {
    if let Some(zone) = zone_alias(word, aliases) {
        return resolve_zone(zone, &[]);
    }
    let upper = word.to_ascii_uppercase();
    let upper = match upper.as_str() {
        "EASTERN" => "ET".to_string(),
        "PACIFIC" => "PT".to_string(),
        "CENTRAL" => "CT".to_string(),
        "MOUNTAIN" => "MT".to_string(),
        _ => upper,
    };
    if let Some((_, name)) = GENERIC_ZONES.iter().find(|(a, _)| *a == upper) {
        return iana(name);
    }
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
    resolve_zone(text.trim(), &[]).map(|z| z.name())
}

fn resolve_zone(text: &str, aliases: &[(String, String)]) -> Option<Zone> {
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
    abbreviation(text, aliases)
}

static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<date>[0-9]{3,5}-[0-9]{1,2}-[0-9]{1,2})
      | (?P<ndate>[0-9]{1,4}[/.][0-9]{1,2}[/.][0-9]{2,4}|[0-9]{1,2}-[0-9]{1,2}-[0-9]{4})
      | (?P<mday>[0-9]{2}-[0-9]{2})(?:[^0-9:]|$)
      | (?P<time>[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)(?:[.,][0-9]+)?
      | (?P<residue>[0-9xX]{2,4}-[0-9MmXx?]{1,2}-[0-9DdXx?]{1,2}|[0-9HhXx?]{1,2}:[0-9MmXx?]{2}|[0-9]{1,2}:\?+|\?{2,})
      | (?P<range>(?-u:\s)[-–](?-u:\s)+[0-9]{1,2}(?::[0-9]{2})?(?:(?-u:\s)*[AaPp]\.?[Mm]\.?)?(?:[^0-9]|$)|(?-u:\s)?–(?-u:\s)*[0-9]{1,2}:[0-9]{2})
      | (?P<offset>[+-][0-9]{1,2}(?::?[0-9]{2})?)
      | (?P<iana>[A-Za-z]+(?:/[A-Za-z0-9_+\-]+)+)
      | (?P<ampm>[AaPp]\.?[Mm]\.?)(?:\W|$)
      | (?P<word>[A-Za-z]+)
      | (?P<num>[0-9]+)(?P<ord>st|nd|rd|th)?
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
    approximate: bool,
    placeholder: bool,
    /// A year written with the wrong number of digits ("202", "20202").
    bad_year: Option<i32>,
    ambiguous: Option<String>,
}

/// Words that mark a time as approximate.
const APPROXIMATE: &[&str] = &[
    "approx", "approximately", "around", "about", "circa", "ca", "roughly", "ish", "est",
    "estimated", "c",
];

/// A numeric date `a/b/c`, `a.b.c` or `a-b-YYYY`: (year, month, day), or
/// `Err(text)` when day and month cannot be told apart.
fn numeric_date(text: &str, order: DateOrder) -> Option<Result<(i32, i32, i32), String>> {
    let fields: Vec<&str> = text.split(['/', '.', '-']).collect();
    let [a, b, c] = fields.as_slice() else {
        return None;
    };
    let (na, nb, nc): (i32, i32, i32) = (a.parse().ok()?, b.parse().ok()?, c.parse().ok()?);
    if a.len() == 4 {
        return Some(Ok((na, nb, nc)));
    }
    let year = if c.len() == 2 { 2000 + nc } else { nc };
    // Dots are day-first everywhere they are used for dates.
    let order = if text.contains('.') { DateOrder::Dmy } else { order };
    Some(match order {
        _ if na > 12 && nb <= 12 => Ok((year, nb, na)),
        _ if nb > 12 && na <= 12 => Ok((year, na, nb)),
        _ if na == nb => Ok((year, na, nb)),
        DateOrder::Mdy => Ok((year, na, nb)),
        DateOrder::Dmy => Ok((year, nb, na)),
        DateOrder::Auto => Err(text.to_string()),
    })
}

/// The indices of [`TOKEN`]'s groups, looked up once: `Captures::name`
/// hashes the name on every call, and `parts` asks for a dozen per token.
struct Groups {
    date: usize,
    ndate: usize,
    mday: usize,
    residue: usize,
    time: usize,
    range: usize,
    offset: usize,
    iana: usize,
    ampm: usize,
    word: usize,
    num: usize,
    ord: usize,
    other: usize,
}

static GROUPS: LazyLock<Groups> = LazyLock::new(|| {
    let index = |name: &str| {
        TOKEN
            .capture_names()
            .position(|n| n == Some(name))
            .expect("TOKEN names this group")
    };
    Groups {
        date: index("date"),
        ndate: index("ndate"),
        mday: index("mday"),
        residue: index("residue"),
        time: index("time"),
        range: index("range"),
        offset: index("offset"),
        iana: index("iana"),
        ampm: index("ampm"),
        word: index("word"),
        num: index("num"),
        ord: index("ord"),
        other: index("other"),
    }
});

/// Splits `text` into what it says. `None` when a word is not understood.
fn parts(text: &str, ctx: &TimeContext<'_>) -> Option<Parts> {
    let mut p = Parts::default();
    let mut pending_num: Option<i32> = None; // a day number before its month
    let mut last_was_utc = false;
    let mut first = true;
    let g = &*GROUPS;
    for cap in TOKEN.captures_iter(text) {
        let mut was_utc = false;
        let is_first = std::mem::replace(&mut first, false);
        if let Some(d) = cap.get(g.date) {
            let mut it = d.as_str().split('-');
            let y: i32 = it.next()?.parse().ok()?;
            p.month = it.next()?.parse().ok();
            p.day = it.next()?.parse().ok();
            if (1000..=9999).contains(&y) {
                p.year = Some(y as i16);
            } else {
                p.bad_year = Some(y);
            }
        } else if let Some(d) = cap.get(g.ndate) {
            match numeric_date(d.as_str(), ctx.date_order)? {
                Ok((y, m, dd)) => {
                    if (1000..=9999).contains(&y) {
                        p.year = Some(y as i16);
                    } else {
                        p.bad_year = Some(y);
                    }
                    p.month = i8::try_from(m).ok();
                    p.day = i8::try_from(dd).ok();
                }
                Err(t) => p.ambiguous = Some(t),
            }
        } else if let Some(d) = cap.get(g.mday) {
            // "[03-26 14:00]": month-day of the incident's year.
            let (m, dd) = d.as_str().split_once('-')?;
            p.month = m.parse().ok();
            p.day = dd.parse().ok();
        } else if cap.get(g.residue).is_some() {
            p.placeholder = true;
        } else if let Some(t) = cap.get(g.time) {
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
        } else if let Some(r) = cap.get(g.range) {
            // The end of a range: ignored for the same reason. Without a
            // time before it, it is the time after a date ("11/02/2023 -
            // 16:20").
            if p.time.is_none() && pending_num.is_none() {
                let t = r.as_str().trim_start_matches(|c: char| c.is_whitespace() || c == '-' || c == '–');
                let t = t.trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
                let (clock, ampm) = match t.find(|c: char| c.is_ascii_alphabetic()) {
                    Some(i) => (t[..i].trim(), Some(t[i..].to_ascii_lowercase().starts_with('p'))),
                    None => (t, None),
                };
                let (h, m) = clock.split_once(':').unwrap_or((clock, "0"));
                p.time = Some((h.parse().ok()?, m.parse().ok()?, None));
                if ampm.is_some() {
                    p.pm = ampm;
                }
            }
        } else if let Some(o) = cap.get(g.offset) {
            // "2026-03-02 14:05 +02:00" or "UTC+2"; but "10:15-10:40" is
            // a range (RFC 3339 offsets follow seconds or a `T` form).
            let glued = text[..o.start()].ends_with(|c: char| c.is_ascii_digit());
            if glued
                && o.as_str().starts_with('-')
                && o.as_str().contains(':')
                && p.time.is_some_and(|t| t.2.is_none())
                && !text.contains('T')
            {
                last_was_utc = false;
                continue;
            }
            // "8-9 PM": a range of hours; the entry is at the first.
            if p.time.is_none() && pending_num.is_some() && !o.as_str().contains(':') && o.as_str().starts_with('-') {
                last_was_utc = false;
                continue;
            }
            let m = numeric_offset(o.as_str())?;
            if p.time.is_none() && !last_was_utc {
                return None;
            }
            p.zone = Some(Zone::Fixed(offset_name(m), m * 60));
        } else if let Some(z) = cap.get(g.iana) {
            p.zone = Some(iana(z.as_str())?);
        } else if let Some(a) = cap.get(g.ampm) {
            let pm = a.as_str().to_ascii_lowercase().starts_with('p');
            p.pm = Some(pm);
            // "9am", "9 pm": an hour alone.
            if p.time.is_none() {
                let h = pending_num.take()?;
                p.time = Some((i8::try_from(h).ok()?, 0, None));
            }
        } else if let Some(w) = cap.get(g.word) {
            let w = w.as_str();
            let lw = w.to_ascii_lowercase();
            if let Some(m) = month_of(w) {
                p.month = Some(m);
                if let Some(n) = pending_num.take() {
                    p.day = i8::try_from(n).ok();
                }
            } else if is_weekday(w)
                || matches!(lw.as_str(), "at" | "on" | "of" | "t" | "the" | "and" | "to" | "until")
            {
            } else if APPROXIMATE.contains(&lw.as_str()) {
                p.approximate = true;
            } else if matches!(lw.as_str(), "hh" | "mm" | "ss" | "yyyy" | "dd" | "xx" | "tbd" | "tbc")
            {
                p.placeholder = true;
            } else if let Some(z) = abbreviation(w, ctx.zone_aliases) {
                was_utc = matches!(lw.as_str(), "utc" | "gmt");
                p.zone = Some(z);
            } else if lw == "time" && p.zone.is_some() {
            } else {
                return None;
            }
        } else if let Some(n) = cap.get(g.num) {
            let digits = n.as_str();
            let n: i32 = digits.parse().ok()?;
            let ordinal = cap.get(g.ord).is_some();
            let hhmm_shape = digits.len() == 4 && n / 100 < 24 && n % 100 < 60;
            let as_time = !ordinal
                && hhmm_shape
                && p.time.is_none()
                && (p.year.is_some() || p.bad_year.is_some() || (ctx.four_digit_times && is_first));
            if as_time {
                p.time = Some(((n / 100) as i8, (n % 100) as i8, None));
            } else if (1000..=9999).contains(&n) && !ordinal {
                p.year = Some(n as i16);
            } else if p.month.is_some() && p.day.is_none() && (1..=31).contains(&n) {
                p.day = Some(n as i8);
            } else if p.month.is_none() && pending_num.is_none() && (1..=31).contains(&n) {
                pending_num = Some(n);
            } else {
                return None;
            }
        } else if let Some(o) = cap.get(g.other) {
            // Punctuation such as ",", "(", "--:--" is ignored; "~" marks
            // an approximate time.
            if o.as_str() == "~" {
                p.approximate = true;
            }
        }
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
    read_timestamp(text, span, context).0
}

/// [`parse_timestamp`], with what else the parser understood.
pub fn read_timestamp(text: &str, span: Span, context: &TimeContext<'_>) -> (Timestamp, Reading) {
    let mut ts = Timestamp {
        text: text.to_string(),
        span,
        ..Timestamp::default()
    };
    let mut reading = Reading::default();
    let Some(mut p) = parts(text, context) else {
        return (ts, reading);
    };
    reading.approximate = p.approximate;
    reading.placeholder = p.placeholder;
    reading.ambiguous_date = p.ambiguous.clone();
    let mut date = None;
    if p.year.is_none() && p.bad_year.is_none() && p.month.is_some() && p.day.is_some() {
        p.year = context.year;
        if let (Some(y), Some(m), Some(d), Some(incident)) = (p.year, p.month, p.day, context.incident) {
            let incident = incident.parse::<jiff::civil::Date>().ok();
            let candidate = jiff::civil::Date::new(y, m, d).ok();
            if let (Some(i), Some(c)) = (incident, candidate) {
                if c > i && (c - i).get_days() > 60 {
                    p.year = Some(y - 1);
                }
            }
        }
    }
    if let (Some(m), Some(d)) = (p.month, p.day) {
        match (p.year, p.bad_year) {
            (Some(y), _) => match jiff::civil::Date::new(y, m, d) {
                Ok(civil) => date = Some(civil),
                Err(_) => {
                    let meant = (m <= 12 && d > 0)
                        .then(|| jiff::civil::Date::new(y, m, 1).ok())
                        .flatten()
                        .map(|first| first.last_of_month().to_string());
                    reading.malformed_date = Some((text.to_string(), meant));
                }
            },
            (None, Some(bad)) => {
                // "20202" or "202": the year the author probably meant is
                // the context's, when its digits agree.
                let meant = context
                    .year
                    .filter(|y| {
                        let ys = y.to_string();
                        let bs = bad.to_string();
                        bs.starts_with(&ys) || ys.starts_with(&bs)
                    })
                    .and_then(|y| jiff::civil::Date::new(y, m, d).ok())
                    .map(|d| d.to_string());
                reading.malformed_date = Some((text.to_string(), meant));
            }
            _ => {}
        }
    }
    let mut time = None;
    if let Some((h, m, s)) = p.time {
        let hour = match p.pm {
            // "2:05 PM" is 14:05, "12:30 am" 00:30; "14:07 PM" is a 24-hour
            // time with a stray PM.
            Some(pm) if (1..=12).contains(&h) => Some(h % 12 + if pm { 12 } else { 0 }),
            Some(true) if (13..=23).contains(&h) => Some(h),
            Some(_) => None,
            None => Some(h),
        };
        if let Some(h) = hour {
            time = jiff::civil::Time::new(h, m, s.unwrap_or(0), 0)
                .ok()
                .map(|t| (t, s.is_some()));
        }
    }
    let date_written = date.is_some()
        || p.year.is_some()
        || p.month.is_some()
        || p.bad_year.is_some()
        || p.ambiguous.is_some();
    if date.is_none() && !date_written && time.is_some() {
        date = context
            .date
            .and_then(|d| d.parse::<jiff::civil::Date>().ok());
        reading.date_inherited = date.is_some();
    }
    let mut zone = p.zone.clone();
    if zone.is_none() && (time.is_some() || date.is_some()) {
        if let Some(z) = context.zone.and_then(|z| resolve_zone(z, context.zone_aliases)) {
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
    (ts, reading)
}

static TS_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    // Dates (ISO, numeric, with month names, with or without a year),
    // times (24-hour, 12-hour, four-digit), approximations and zones, at the
    // start of a line. Verified by `parse_timestamp` afterwards.
    let month = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?";
    let weekday =
        r"(?:(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|sday|rsday|urday)?\.?,?(?-u:\s)+)";
    let abbrevs: Vec<&str> = ZONE_ABBREVIATIONS.iter().map(|(a, _)| *a).collect();
    let zone = format!(
        r"(?:(?:UTC|GMT)(?:(?-u:\s)?[+-][0-9]{{1,2}}(?::?[0-9]{{2}})?)?|(?:{})|[A-Za-z]+/[A-Za-z_]+|[+-][0-9]{{2}}:?[0-9]{{2}}|(?:US(?-u:\s)+)?(?:Eastern|Pacific|Central|Mountain)(?:(?-u:\s)+[Tt]ime)?)",
        abbrevs.join("|")
    );
    let approx = r"(?:~(?-u:\s)*|(?:[Aa]pprox(?:imately)?\.?|[Aa]round|[Aa]bout|[Cc]irca|[Cc]a\.|[Rr]oughly)(?-u:\s)+)";
    // "09:??" ends in punctuation, where no word boundary follows: the
    // space after it is taken along.
    let clock = r"(?:[0-9]{1,2}:(?:[0-9]{2}|[Xx]{2}|[Mm]{2})(?::[0-9]{2}(?:[.,][0-9]+)?)?(?:(?-u:\s)*[AaPp]\.?[Mm]\.?)?|[0-9]{1,2}(?:(?-u:\s)*[-–](?-u:\s)*[0-9]{1,2})?(?-u:\s)*[AaPp]\.?[Mm]\.?|[0-9Xx]{1,2}:[Xx]{2}|[0-9Xx]{1,2}:\?\?|[Hh]{2}:[Mm]{2}(?::[Ss]{2})?)";
    let hhmm = r"(?:[01][0-9]|2[0-3])[0-5][0-9]";
    let time_after_date =
        format!(r"(?:{approx}?(?:{clock}|{hhmm})(?:(?-u:\s)*(?:ish|[-–](?-u:\s)*{clock}))?)");
    let time = format!(r"(?:{approx}?(?:{clock}|(?P<hhmm>{hhmm}))(?:(?-u:\s)*(?:ish|[-–](?-u:\s)*{clock}))?)");
    let year = r"[0-9]{4}";
    let date = format!(
        r"(?:[0-9xX]{{3,5}}-(?:[0-9]{{1,2}}|MM|\?\?)-(?:[0-9]{{1,2}}|DD|\?\?)|[0-9]{{4}}/[0-9]{{1,2}}/[0-9]{{1,2}}|[0-9]{{1,2}}[/.][0-9]{{1,2}}[/.][0-9]{{2,4}}|[0-9]{{1,2}}-[0-9]{{1,2}}-[0-9]{{4}}|[0-9]{{2}}-[0-9]{{2}}|{weekday}?{month}(?-u:\s)+[0-9]{{1,2}}(?:st|nd|rd|th)?(?:,?(?-u:\s)+{year})?|{weekday}?[0-9]{{1,2}}(?:st|nd|rd|th)?(?-u:\s)+{month}(?:,?(?-u:\s)+{year})?|YYYY-MM-DD)"
    );
    Regex::new(&format!(
        r"^\[?(?:{date}(?:(?:T|(?-u:\s)+|,(?-u:\s)*|(?-u:\s)+at(?-u:\s)+|(?-u:\s)*[-–](?-u:\s)*)\*{{0,2}}(?:{time_after_date})\*{{0,2}})?|{time}(?:,?(?-u:\s)+(?:on(?-u:\s)+)?{date})?)(?:(?-u:\s)*\(?{zone}\)?)?(?:(?-u:\s)*\((?-u:\s)*{date}(?-u:\s)*\))?(?:(?-u:\b)|(?-u:\s)|$)\]?\)?"
    ))
    .unwrap()
});

/// The length of a timestamp at the start of `text` ("2026-03-02 14:05 UTC
/// — ..."), if there is one. Used to split list-style timeline entries.
/// A bare four-digit time ("1625 — deployed") counts only when something
/// separates it from the entry's text, so "2019 was a quiet year" is not a
/// time.
pub fn timestamp_prefix_len(text: &str) -> Option<usize> {
    let found = TS_PREFIX.find(text)?;
    // Captures are slower: taken only when a bare four-digit time may be
    // in the match.
    let four_digits = found.as_str().as_bytes().windows(4).any(|w| w.iter().all(u8::is_ascii_digit));
    if !four_digits {
        let mut end = found.end();
        end -= text[..end].len() - text[..end].trim_end().len();
        if text[..end].contains('(') && text[end..].starts_with(')') {
            end += 1;
        }
        return Some(end);
    }
    let c = TS_PREFIX.captures(text)?;
    let m = c.get(0)?;
    let mut end = m.end();
    // A space taken after "09:??" is not part of the stamp.
    end -= text[..end].len() - text[..end].trim_end().len();
    // A closing parenthesis of "(UTC)" is part of the timestamp.
    if text[..end].contains('(') && text[end..].starts_with(')') {
        end += 1;
    }
    if let Some(h) = c.name("hhmm") {
        let rest = text[end..].trim_start();
        let separated = rest.is_empty()
            || rest.starts_with(['-', '–', '—', ':', '|', ',', ')', ']'])
            || !text[h.end()..end].trim().is_empty();
        if !separated {
            return None;
        }
    }
    Some(end)
}

/// The "YYYY-MM-DD" of a text that is only a date ("2026-03-02",
/// "March 2, 2026", "Monday 2 March 2026", "May 12" with the incident's
/// year in `ctx`), for date headings and date lines.
pub fn parse_date_only(text: &str, ctx: &TimeContext<'_>) -> Option<String> {
    let t = text.trim().trim_end_matches([':', '.']);
    let p = parts(t, ctx)?;
    if p.time.is_some() || p.month.is_none() {
        return None;
    }
    let ctx = TimeContext { four_digit_times: false, ..*ctx };
    parse_timestamp(t, Span::default(), &ctx).date
}

static FIND_DATE: LazyLock<Regex> = LazyLock::new(|| {
    let month = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?";
    Regex::new(&format!(
        r"(?-u:\b)(?:[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}|{month}(?-u:\s)+[0-9]{{1,2}}(?:st|nd|rd|th)?,?(?-u:\s)+[0-9]{{4}}|[0-9]{{1,2}}(?:st|nd|rd|th)?(?-u:\s)+{month},?(?-u:\s)+[0-9]{{4}})(?-u:\b)|(?:^|[^0-9])(?P<compact>20[0-9]{{2}}[01][0-9][0-3][0-9])(?:[^0-9]|$)"
    ))
    .unwrap()
});

/// The first date written in `text` ("2024-03-02", "March 2nd, 2026",
/// "2 Mar 2026", "20260702" as in file names), as "YYYY-MM-DD".
pub fn find_date(text: &str) -> Option<String> {
    for c in FIND_DATE.captures_iter(text) {
        let found = match c.name("compact") {
            Some(m) => {
                let d = m.as_str();
                format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..])
            }
            None => c.get(0)?.as_str().to_string(),
        };
        let ts = parse_timestamp(&found, Span::default(), &TimeContext::default());
        if ts.date.is_some() {
            return ts.date;
        }
    }
    None
}

static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)([0-9]{1,2})[/-]([0-9]{1,2})[/-][0-9]{4}(?-u:\b)").unwrap()
});

/// The first two fields of every `a/b/YYYY` or `a-b-YYYY` date in `text`.
pub fn numeric_date_fields(text: &str) -> impl Iterator<Item = (u32, u32)> + '_ {
    NUMERIC_DATE.captures_iter(text).filter_map(|c| {
        Some((c.get(1)?.as_str().parse().ok()?, c.get(2)?.as_str().parse().ok()?))
    })
}

static ZONE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^[\s*_>(\[]*(?:note:?(?-u:\s)+)?(?:all(?-u:\s)+)?(?:the(?-u:\s)+)?(?:times?|timestamps?|events|dates?(?-u:\s)+and(?-u:\s)+times?)(?-u:\s)+(?:below(?-u:\s)+|here(?-u:\s)+)?(?:are(?-u:\s)+|is(?-u:\s)+)?(?:(?:approximate|approx\.?)(?-u:\s)+(?:and(?-u:\s)+)?)?(?:(?:given|shown|listed|stated|expressed|reported|written|documented|recorded)(?-u:\s)+)?(?:(?:in|as)(?-u:\s)+)?(?:the(?-u:\s)+)?
        (?P<z>[A-Za-z][A-Za-z0-9/]*(?:_[A-Za-z0-9/]+)*(?:[+-][0-9]{1,2}(?::?[0-9]{2})?)?)
        (?:(?-u:\s)+(?:time(?-u:\s)*zone|timezone|time))?(?:(?-u:\s)*\([^)]*\))?(?:(?-u:\s)+unless(?-u:\s)+(?:otherwise(?-u:\s)+)?(?:noted|stated|specified))?(?:,(?-u:\s)*(?:and(?-u:\s)+)?[^.]*)?(?-u:\s)*[.:;)\]]?(?:(?-u:\s)+[A-Z][^\n]*)?[\s*_]*$",
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

static ZONE_IN_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:all(?-u:\s)+)?(?:times?|timestamps?|events)(?-u:\b)[^.]{0,30}?(?-u:\b)(?:are(?-u:\s)+(?:in(?-u:\s)+)?|in(?-u:\s)+)(?:the(?-u:\s)+)?(?P<z>[A-Za-z][A-Za-z0-9/_]*(?:[+-][0-9]{1,2}(?::?[0-9]{2})?)?)(?-u:\b)",
    )
    .unwrap()
});

/// A zone stated inside a sentence ("Unless otherwise noted all events
/// happened on 2019-10-21, and all times are in UTC."): only read in the
/// prose at the top of a timeline, where nothing else is meant.
pub fn zone_in_sentence(text: &str) -> Option<String> {
    ZONE_IN_SENTENCE
        .captures_iter(text)
        .find_map(|c| parse_zone(c.name("z")?.as_str()))
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
        // A 24-hour time with a stray PM ("14:07 PM") means what it says;
        // one with AM cannot be read.
        assert_eq!(p("13:30 PM").time.as_deref(), Some("13:30"));
        assert_eq!(p("13:30 AM").time, None);
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
            ..TimeContext::default()
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
    fn zone_aliases_choose_what_an_abbreviation_means() {
        let aliases = vec![("IST".to_string(), "+02:00".to_string())];
        let plain = TimeContext { date: Some("2026-03-02"), ..TimeContext::default() };
        let aliased = TimeContext { zone_aliases: &aliases, ..plain };
        let zone = |text: &str, ctx: &TimeContext<'_>| {
            parse_timestamp(text, Span::new(0, text.len()), ctx).zone
        };
        assert_eq!(zone("14:05 IST", &plain).as_deref(), Some("IST"));
        assert_eq!(zone("14:05 IST", &aliased).as_deref(), Some("+02:00"));
        assert_eq!(zone("14:05 ist", &aliased).as_deref(), Some("+02:00"));
        // A zone declared once for the report goes through them too.
        let declared = TimeContext { zone: Some("IST"), ..aliased };
        let t = parse_timestamp("14:05", Span::new(0, 5), &declared);
        assert_eq!((t.zone.as_deref(), t.utc_seconds), (Some("+02:00"), Some(1772460300 - 7200)));
        // Other abbreviations keep their meaning.
        assert_eq!(zone("14:05 CET", &aliased).as_deref(), Some("CET"));
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
            parse_date_only("March 2, 2026", &TimeContext::default()).as_deref(),
            Some("2026-03-02")
        );
        assert_eq!(parse_date_only("2026-03-02", &TimeContext::default()).as_deref(), Some("2026-03-02"));
        assert_eq!(parse_date_only("Detection", &TimeContext::default()), None);
    }
}

#[cfg(test)]
mod zone_statements {
    use super::*;

    #[test]
    fn zone_lines_people_write() {
        for (line, zone) in [
            ("All events are documented in UTC time.", "UTC"),
            ("_all times are in UTC_", "UTC"),
            ("All times in PDT (UTC-7).", "PDT"),
            ("All times in PST, on February 5th 2019", "PST"),
            ("Times are approximate and in UTC", "UTC"),
            ("_All times in EDT_", "EDT"),
            ("All times listed in PST.", "PST"),
        ] {
            assert_eq!(report_zone_line(line).map(|z| z.0).as_deref(), Some(zone), "{line}");
        }
        assert_eq!(report_zone_line("All times are approximate"), None);
        assert_eq!(
            zone_in_sentence("Unless otherwise noted all events happened on 2019-10-21, and all times are in UTC.").as_deref(),
            Some("UTC")
        );
    }
}
