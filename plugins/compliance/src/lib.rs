//! pirlint built-in plugin `compliance`: the notifications a regulation
//! requires after an incident were made in time and recorded what the
//! regulation asks for — GDPR Art. 33, NIS2 Art. 23, DORA (Regulation (EU)
//! 2022/2554 Art. 19 and Delegated Regulation (EU) 2025/301) and the SEC's
//! Form 8-K Item 1.05.
//!
//! A regulation applies to a report only when the report declares it
//! (front matter `regulations`) or the policy applies it (`regulations` in
//! `[[overrides]]`): the host sends the union in `check-context`. Words in
//! the text ("GDPR", "72 hours") never put a report in scope, and the
//! content rules read the structured `notifications` (or sections by kind),
//! never keywords in prose.
//!
//! Deadlines are computed from the report's own times (`aware`,
//! `classified-major`, `materiality-determined`, each notification's `at`)
//! and the run's `now`: a deadline still running is not a finding; one
//! passed with no notification, or a notification made late, is, unless a
//! reason is given (`delay-reason`). A time written without a zone (or
//! without a time) is read at its most lenient: the finding is only raised
//! when the deadline was missed whatever the zone.

use pirlint_plugin_sdk::calendar;
use pirlint_plugin_sdk::prelude::*;

pirlint_plugin_sdk::include_rules!();

/// The regulations this plugin knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Regime {
    Gdpr,
    Nis2,
    Dora,
    Sec8k,
}

impl Regime {
    pub const ALL: [Regime; 4] = [Regime::Gdpr, Regime::Nis2, Regime::Dora, Regime::Sec8k];

    /// The name written in `regulations` and `regime`.
    pub fn id(self) -> &'static str {
        match self {
            Regime::Gdpr => "gdpr",
            Regime::Nis2 => "nis2",
            Regime::Dora => "dora",
            Regime::Sec8k => "sec-8k",
        }
    }

    /// How messages name it.
    pub fn display(self) -> &'static str {
        match self {
            Regime::Gdpr => "GDPR",
            Regime::Nis2 => "NIS2",
            Regime::Dora => "DORA",
            Regime::Sec8k => "SEC Form 8-K",
        }
    }

    /// A regime as written: "GDPR", "nis-2", "NIS 2", "sec", "8-K",
    /// "form 8-k".
    pub fn parse(text: &str) -> Option<Regime> {
        match regulations::regime_id(text)? {
            "gdpr" => Some(Regime::Gdpr),
            "nis2" => Some(Regime::Nis2),
            "dora" => Some(Regime::Dora),
            "sec-8k" => Some(Regime::Sec8k),
            _ => None,
        }
    }

    /// The notification kinds of the regime, canonical first, with the
    /// other spellings accepted for each (compared squashed).
    pub fn kinds(self) -> &'static [(&'static str, &'static [&'static str])] {
        match self {
            Regime::Gdpr => &[("notification", &["notification", "initial", "followup", "update", "phase"])],
            Regime::Nis2 => &[
                ("early-warning", &["earlywarning"]),
                ("incident-notification", &["incidentnotification", "notification"]),
                ("intermediate-report", &["intermediatereport", "intermediate"]),
                ("progress-report", &["progressreport", "progress"]),
                ("final-report", &["finalreport", "final"]),
            ],
            Regime::Dora => &[
                ("initial", &["initial", "initialnotification", "initialreport"]),
                ("intermediate", &["intermediate", "intermediatereport"]),
                ("final", &["final", "finalreport"]),
            ],
            Regime::Sec8k => &[("8-k", &["8k", "form8k", "filing"]), ("8-k/a", &["8ka", "form8ka", "amendment"])],
        }
    }

    /// The canonical kind of `text` under this regime. A notification
    /// without a kind is the regime's first (GDPR's notification, the
    /// 8-K) where the regime has one obvious kind.
    pub fn kind_of(self, text: Option<&str>) -> Option<&'static str> {
        let Some(text) = text else {
            return matches!(self, Regime::Gdpr | Regime::Sec8k).then(|| self.kinds()[0].0);
        };
        let s = squash(text);
        self.kinds().iter().find(|(_, spellings)| spellings.contains(&s.as_str())).map(|(k, _)| *k)
    }
}

pub use pirlint_plugin_sdk::regulations::{self, squash, unanswered};

/// A point in time as the report gives it, with the range of instants it
/// can mean: one instant when date, time and zone are known; a day and a
/// half around the written time when the zone is missing (UTC-12 to
/// UTC+14), the whole day and more when only the date is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Moment {
    pub span: Span,
    /// Earliest and latest UTC seconds the value can mean.
    pub lo: i64,
    pub hi: i64,
    /// The day as written (days since 1970-01-01).
    pub day: i64,
    /// Seconds east of UTC, when the zone is known.
    pub offset: Option<i64>,
}

const WEST: i64 = 12 * 3600;
const EAST: i64 = 14 * 3600;

impl Moment {
    /// The moment of a model timestamp, if it has at least a date.
    pub fn of(ts: &Timestamp) -> Option<Moment> {
        let day = timestamp_day(ts)?;
        let secs = timestamp_seconds(ts);
        let local = secs.map(|s| day * 86_400 + s);
        let (lo, hi, offset) = match (ts.utc_seconds, local) {
            (Some(utc), Some(local)) => (utc, utc, Some(local - utc)),
            (Some(utc), None) => (utc, utc, None),
            (None, Some(local)) => (local - EAST, local + WEST, None),
            (None, None) => (day * 86_400 - EAST, day * 86_400 + 86_399 + WEST, None),
        };
        Some(Moment { span: ts.span, lo, hi, day, offset })
    }

    /// Exact: the report says the instant.
    pub fn exact(&self) -> bool {
        self.lo == self.hi
    }

    /// The offset under which `hi` shows the time as written: the zone's,
    /// or, for a time written without a zone, UTC-12 (the latest reading,
    /// which `hi` is). `None` for an instant known without its zone.
    pub fn wall_offset(&self) -> Option<i64> {
        self.offset.or((!self.exact()).then_some(-WEST))
    }
}

/// The timestamp's calendar day, as days since 1970-01-01.
pub fn timestamp_day(ts: &Timestamp) -> Option<i64> {
    ts.date.map(i64::from)
}

/// The timestamp's time of day, in seconds since midnight.
pub fn timestamp_seconds(ts: &Timestamp) -> Option<i64> {
    ts.time.map(i64::from)
}

/// "2026-03-04 10:00 UTC" of UTC seconds.
pub fn utc_text(seconds: i64) -> String {
    let day = seconds.div_euclid(86_400);
    let tod = seconds.rem_euclid(86_400);
    format!("{} {:02}:{:02} UTC", values::iso(day), tod / 3600, (tod % 3600) / 60)
}

/// How periods are counted, where public readings differ.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PeriodRule {
    /// From the moment of the event: 72 hours after 10:20 is 10:20 three
    /// days later; a month after 10 March 14:00 is 10 April 14:00.
    #[default]
    Exact,
    /// Regulation (EEC, Euratom) No 1182/71 Art. 3: the hour (for periods
    /// in hours) or the day (for periods in days, weeks, months) in which
    /// the event happens is not counted, so 72 hours after 10:20 end at
    /// 11:00 three days later, and a month after 10 March ends at the end
    /// of 10 April. Art. 3(4): a period in days or months whose last day is
    /// a Saturday, a Sunday or a public holiday ends with the last hour of
    /// the next working day. Which days are public holidays depends on the
    /// Member State: the rules take them from their `holidays` option.
    #[serde(rename = "regulation-1182-71")]
    Regulation118271,
}

/// The latest instant a deadline of `hours` from `start` can end (the
/// start read at its latest).
pub fn hours_after(start: &Moment, hours: u32, rule: PeriodRule) -> i64 {
    let base = match rule {
        PeriodRule::Exact => start.hi,
        PeriodRule::Regulation118271 => {
            // The next full hour, in the zone's hours (India's start at :30).
            let off = start.offset.unwrap_or(0);
            let local = start.hi + off;
            local.div_euclid(3600) * 3600 + if local.rem_euclid(3600) == 0 { 0 } else { 3600 } - off
        }
    };
    base + i64::from(hours) * 3600
}

/// The latest instant a deadline of `months` calendar months from
/// `start` can end: the same time of day on the same date `months`
/// later (the month's last day when it has no such date), in the start's
/// offset; with [`PeriodRule::Regulation118271`], the end of that day, or
/// of the next working day when that day is a Saturday, a Sunday or one of
/// `holidays` (Art. 3(4)).
pub fn months_after(start: &Moment, months: i32, rule: PeriodRule, holidays: &calendar::Holidays) -> Option<i64> {
    // The date as written, also without a zone (read at its latest).
    let off = start.wall_offset().unwrap_or(0);
    let local = start.hi + off;
    let day = calendar::date_from_days(local.div_euclid(86_400))?;
    let due = calendar::add_months(day, months)?;
    let local_due = match rule {
        PeriodRule::Exact => calendar::days_since_epoch(due) * 86_400 + local.rem_euclid(86_400),
        PeriodRule::Regulation118271 => {
            let last = if calendar::is_business_day(due, holidays) { due } else { calendar::add_business_days(due, 1, holidays) };
            (calendar::days_since_epoch(last) + 1) * 86_400
        }
    };
    Some(local_due - off)
}

/// Delegated Regulation (EU) 2025/301 Art. 5(4): a time limit `due`, run
/// from `start`, that falls on a Saturday, a Sunday or one of `holidays`
/// may be met by 12:00 of the next working day, both read in the zone of
/// `start`. `None` when `due` falls on a working day. A time written
/// without a zone is read at its latest (`Moment::wall_offset`); an
/// instant known without its zone, in whichever zone gives the latest
/// limit (quarter hours from UTC-12 to UTC+14). A limit at 00:00 that
/// starts a Saturday counts as on the Saturday: the reading that moves it.
pub fn noon_next_working_day(due: i64, start: &Moment, holidays: &calendar::Holidays) -> Option<i64> {
    let moved = |off: i64| -> Option<i64> {
        let day = calendar::date_from_days((due + off).div_euclid(86_400))?;
        if calendar::is_business_day(day, holidays) {
            return None;
        }
        let next = calendar::add_business_days(day, 1, holidays);
        Some(calendar::days_since_epoch(next) * 86_400 + 12 * 3600 - off)
    };
    match start.wall_offset() {
        Some(off) => moved(off),
        None => (-WEST / 900..=EAST / 900).filter_map(|q| moved(q * 900)).max(),
    }
}

/// A notification as the rules read it.
#[derive(Clone, Debug)]
pub struct Notice {
    pub index: usize,
    pub span: Span,
    pub regime: Option<Regime>,
    /// The canonical kind, when the regime and kind are known.
    pub kind: Option<&'static str>,
    pub at: Option<Moment>,
    /// A reason for a delay (or for not notifying) is given.
    pub reason: bool,
    /// Squashed content keys with their value's span ("datasubjectscategories").
    pub contents: Vec<(String, Span)>,
}

/// The notifications of the report, read once per call.
pub fn notices(cx: &Context<'_>) -> std::rc::Rc<Vec<Notice>> {
    cx.shared(|cx| {
        cx.report
            .metadata
            .notifications
            .iter()
            .enumerate()
            .map(|(index, n)| {
                let regime = n.regime.as_ref().and_then(|r| Regime::parse(cx.text(r)));
                let kind = regime.and_then(|r| r.kind_of(n.kind.as_ref().map(|k| cx.text(k))));
                let contents = n
                    .contents
                    .iter()
                    .filter(|c| !unanswered(cx.text(&c.value)))
                    .map(|c| (squash(&c.key), c.value.span))
                    .collect();
                Notice {
                    index,
                    span: n.span,
                    regime,
                    kind,
                    at: n.at.as_ref().and_then(Moment::of),
                    reason: n.delay_reason.as_ref().is_some_and(|r| !unanswered(cx.text(r))),
                    contents,
                }
            })
            .collect()
    })
}

/// Whether the regulation applies to the report (declared or applied by
/// the policy).
pub fn in_scope(cx: &Context<'_>, regime: Regime) -> bool {
    cx.regulations().iter().any(|r| Regime::parse(r) == Some(regime))
}

/// Where a finding about the report as a whole goes: the `regulations`
/// key when the report declares the regime, else the title.
pub fn scope_anchor(cx: &Context<'_>, regime: Regime) -> Span {
    cx.report
        .metadata
        .regulations
        .iter()
        .find(|r| Regime::parse(cx.text(*r)) == Some(regime))
        .map(|r| r.span)
        .unwrap_or_else(|| cx.title_anchor())
}

/// The start of the awareness-based deadlines: `aware`, else (when
/// `detected_counts`) `detected`; with the key it came from.
pub fn awareness(cx: &Context<'_>, detected_counts: bool) -> Option<(Moment, &'static str)> {
    let md = &cx.report.metadata;
    if let Some(m) = md.aware.as_ref().and_then(Moment::of) {
        return Some((m, "aware"));
    }
    if detected_counts {
        if let Some(m) = md.detected.as_ref().and_then(Moment::of) {
            return Some((m, "detected"));
        }
    }
    None
}

/// The notifications of `regime` and `kinds`, earliest first (those
/// without a time last).
pub fn of_kind<'n>(notices: &'n [Notice], regime: Regime, kinds: &[&str]) -> Vec<&'n Notice> {
    let mut out: Vec<&Notice> =
        notices.iter().filter(|n| n.regime == Some(regime) && n.kind.is_some_and(|k| kinds.contains(&k))).collect();
    out.sort_by_key(|n| (n.at.is_none(), n.at.map(|a| a.lo)));
    out
}

/// What became of one deadline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Made in time, still running, or late with a reason given.
    Fine,
    /// Made after the deadline, no reason given: the notification and how
    /// late it was at least (seconds).
    Late { notice: usize, at: Span, by: i64 },
    /// Not made, the deadline passed, no reason given.
    Missing,
}

/// Judges a deadline ending at `due` (UTC seconds, latest reading) against
/// the notifications that meet it (earliest first) and `now`.
pub fn judge(due: i64, candidates: &[&Notice], now: i64) -> Outcome {
    let reason = candidates.iter().any(|n| n.reason);
    match candidates.iter().find_map(|n| n.at.map(|at| (n, at))) {
        Some((n, at)) if at.lo > due && !reason => Outcome::Late { notice: n.index, at: at.span, by: at.lo - due },
        Some(_) => Outcome::Fine,
        None if reason || now <= due => Outcome::Fine,
        None => Outcome::Missing,
    }
}

/// One deadline, described for its finding.
pub struct Due<'a> {
    pub rule: &'static str,
    /// "GDPR notification to the supervisory authority".
    pub what: &'a str,
    /// "72 hours after awareness (`aware`)".
    pub limit: String,
    pub start: Moment,
    /// "aware here".
    pub start_label: String,
    pub due: i64,
    /// "GDPR Art. 33(1)".
    pub source: &'a str,
    /// The regime and kind to write in a new entry.
    pub entry: &'a str,
}

/// The finding for a missed deadline, if any.
pub fn deadline(d: &Due<'_>, candidates: &[&Notice], now: i64) -> Option<Diagnostic> {
    match judge(d.due, candidates, now) {
        Outcome::Fine => None,
        Outcome::Late { at, by, .. } => Some(
            Diagnostic::new(
                d.rule,
                at,
                format!(
                    "{} made late: due {} ({}), made at least {} after",
                    d.what,
                    d.limit,
                    utc_text(d.due),
                    duration_text(by)
                ),
            )
            .label(format!("{} late", duration_text(by)))
            .secondary(d.start.span, d.start_label.clone())
            .help(format!(
                "{} requires the reasons for a delay: give them in this notification's `delay-reason`, or correct the time if it is mistyped.",
                d.source
            )),
        ),
        Outcome::Missing => Some(
            Diagnostic::new(
                d.rule,
                d.start.span,
                format!("no {} is recorded, and its deadline has passed: due {} ({})", d.what, d.limit, utc_text(d.due)),
            )
            .label("the deadline runs from here")
            .help(format!(
                "Record the notification under `notifications` ({}, `authority`, `at`), or, if it was not made, why not in `delay-reason` ({}).",
                d.entry, d.source
            )),
        ),
    }
}

/// The content items of `spec` missing from the notifications given:
/// each item is a list of alternatives, each alternative a list of keys
/// that together answer it (squashed).
pub fn missing_items<'s>(given: &[&Notice], spec: &'s [(&'s str, &'s [&'s [&'s str]])]) -> Vec<&'s str> {
    let has = |key: &str| given.iter().any(|n| n.contents.iter().any(|(k, _)| k == key));
    spec.iter()
        .filter(|(_, alternatives)| !alternatives.iter().any(|keys| keys.iter().all(|k| has(k))))
        .map(|(name, _)| *name)
        .collect()
}

/// "a, b and c".
pub fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// "3 h 20 min" of seconds.
pub fn duration_text(seconds: i64) -> String {
    human_duration(seconds.max(0))
}

#[cfg(test)]
mod tests;
