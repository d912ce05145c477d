//! Calendar days, business days and the US federal holiday table, for
//! rules whose deadlines count days: the SEC's "four business days"
//! (Form 8-K Item 1.05), a review "within 5 business days" of the
//! resolution.
//!
//! Dates are [`jiff::civil::Date`]s: jiff does the calendar arithmetic
//! (month lengths, leap years, weekdays, "one month later"). It is built
//! without its time-zone database (`default-features = false`), so a
//! plugin does not carry the IANA data: zones are resolved by the host's
//! time parser, which gives every timestamp its UTC instant and keeps the
//! date and time as written, so a plugin works with offsets only.
//!
//! Business days are Monday to Friday except the days of a [`Holidays`]
//! table. The built-in one, [`US_FEDERAL_HOLIDAYS`], lists the US federal
//! holidays as observed (5 U.S.C. 6103: a holiday on a Saturday is observed
//! the Friday before, one on a Sunday the Monday after) for
//! 2020–2030; rules take more days (other years, one-off closures) from
//! their options through [`Holidays::with`].

pub use jiff::civil::{Date, Weekday};

/// The first and last year [`US_FEDERAL_HOLIDAYS`] covers.
pub const US_FEDERAL_HOLIDAY_YEARS: (i16, i16) = (2020, 2030);

/// US federal holidays as observed, 2020–2030 (year, month, day, name):
/// the eleven of 5 U.S.C. 6103(a) (Juneteenth from 2021), on the day
/// federal offices close (6103(b); Executive Order 11582). A New Year's
/// Day on a Saturday is observed on December 31 of the year before, so
/// that date is listed under the earlier year. One-off closures ordered by
/// the President (a national day of mourning) are not in the table.
pub const US_FEDERAL_HOLIDAYS: &[(i16, i8, i8, &str)] = &[
    (2020, 1, 1, "New Year's Day"),
    (2020, 1, 20, "Birthday of Martin Luther King, Jr."),
    (2020, 2, 17, "Washington's Birthday"),
    (2020, 5, 25, "Memorial Day"),
    (2020, 7, 3, "Independence Day"),
    (2020, 9, 7, "Labor Day"),
    (2020, 10, 12, "Columbus Day"),
    (2020, 11, 11, "Veterans Day"),
    (2020, 11, 26, "Thanksgiving Day"),
    (2020, 12, 25, "Christmas Day"),
    (2021, 1, 1, "New Year's Day"),
    (2021, 1, 18, "Birthday of Martin Luther King, Jr."),
    (2021, 2, 15, "Washington's Birthday"),
    (2021, 5, 31, "Memorial Day"),
    (2021, 6, 18, "Juneteenth National Independence Day"),
    (2021, 7, 5, "Independence Day"),
    (2021, 9, 6, "Labor Day"),
    (2021, 10, 11, "Columbus Day"),
    (2021, 11, 11, "Veterans Day"),
    (2021, 11, 25, "Thanksgiving Day"),
    (2021, 12, 24, "Christmas Day"),
    (2021, 12, 31, "New Year's Day"),
    (2022, 1, 17, "Birthday of Martin Luther King, Jr."),
    (2022, 2, 21, "Washington's Birthday"),
    (2022, 5, 30, "Memorial Day"),
    (2022, 6, 20, "Juneteenth National Independence Day"),
    (2022, 7, 4, "Independence Day"),
    (2022, 9, 5, "Labor Day"),
    (2022, 10, 10, "Columbus Day"),
    (2022, 11, 11, "Veterans Day"),
    (2022, 11, 24, "Thanksgiving Day"),
    (2022, 12, 26, "Christmas Day"),
    (2023, 1, 2, "New Year's Day"),
    (2023, 1, 16, "Birthday of Martin Luther King, Jr."),
    (2023, 2, 20, "Washington's Birthday"),
    (2023, 5, 29, "Memorial Day"),
    (2023, 6, 19, "Juneteenth National Independence Day"),
    (2023, 7, 4, "Independence Day"),
    (2023, 9, 4, "Labor Day"),
    (2023, 10, 9, "Columbus Day"),
    (2023, 11, 10, "Veterans Day"),
    (2023, 11, 23, "Thanksgiving Day"),
    (2023, 12, 25, "Christmas Day"),
    (2024, 1, 1, "New Year's Day"),
    (2024, 1, 15, "Birthday of Martin Luther King, Jr."),
    (2024, 2, 19, "Washington's Birthday"),
    (2024, 5, 27, "Memorial Day"),
    (2024, 6, 19, "Juneteenth National Independence Day"),
    (2024, 7, 4, "Independence Day"),
    (2024, 9, 2, "Labor Day"),
    (2024, 10, 14, "Columbus Day"),
    (2024, 11, 11, "Veterans Day"),
    (2024, 11, 28, "Thanksgiving Day"),
    (2024, 12, 25, "Christmas Day"),
    (2025, 1, 1, "New Year's Day"),
    (2025, 1, 20, "Birthday of Martin Luther King, Jr."),
    (2025, 2, 17, "Washington's Birthday"),
    (2025, 5, 26, "Memorial Day"),
    (2025, 6, 19, "Juneteenth National Independence Day"),
    (2025, 7, 4, "Independence Day"),
    (2025, 9, 1, "Labor Day"),
    (2025, 10, 13, "Columbus Day"),
    (2025, 11, 11, "Veterans Day"),
    (2025, 11, 27, "Thanksgiving Day"),
    (2025, 12, 25, "Christmas Day"),
    (2026, 1, 1, "New Year's Day"),
    (2026, 1, 19, "Birthday of Martin Luther King, Jr."),
    (2026, 2, 16, "Washington's Birthday"),
    (2026, 5, 25, "Memorial Day"),
    (2026, 6, 19, "Juneteenth National Independence Day"),
    (2026, 7, 3, "Independence Day"),
    (2026, 9, 7, "Labor Day"),
    (2026, 10, 12, "Columbus Day"),
    (2026, 11, 11, "Veterans Day"),
    (2026, 11, 26, "Thanksgiving Day"),
    (2026, 12, 25, "Christmas Day"),
    (2027, 1, 1, "New Year's Day"),
    (2027, 1, 18, "Birthday of Martin Luther King, Jr."),
    (2027, 2, 15, "Washington's Birthday"),
    (2027, 5, 31, "Memorial Day"),
    (2027, 6, 18, "Juneteenth National Independence Day"),
    (2027, 7, 5, "Independence Day"),
    (2027, 9, 6, "Labor Day"),
    (2027, 10, 11, "Columbus Day"),
    (2027, 11, 11, "Veterans Day"),
    (2027, 11, 25, "Thanksgiving Day"),
    (2027, 12, 24, "Christmas Day"),
    (2027, 12, 31, "New Year's Day"),
    (2028, 1, 17, "Birthday of Martin Luther King, Jr."),
    (2028, 2, 21, "Washington's Birthday"),
    (2028, 5, 29, "Memorial Day"),
    (2028, 6, 19, "Juneteenth National Independence Day"),
    (2028, 7, 4, "Independence Day"),
    (2028, 9, 4, "Labor Day"),
    (2028, 10, 9, "Columbus Day"),
    (2028, 11, 10, "Veterans Day"),
    (2028, 11, 23, "Thanksgiving Day"),
    (2028, 12, 25, "Christmas Day"),
    (2029, 1, 1, "New Year's Day"),
    (2029, 1, 15, "Birthday of Martin Luther King, Jr."),
    (2029, 2, 19, "Washington's Birthday"),
    (2029, 5, 28, "Memorial Day"),
    (2029, 6, 19, "Juneteenth National Independence Day"),
    (2029, 7, 4, "Independence Day"),
    (2029, 9, 3, "Labor Day"),
    (2029, 10, 8, "Columbus Day"),
    (2029, 11, 12, "Veterans Day"),
    (2029, 11, 22, "Thanksgiving Day"),
    (2029, 12, 25, "Christmas Day"),
    (2030, 1, 1, "New Year's Day"),
    (2030, 1, 21, "Birthday of Martin Luther King, Jr."),
    (2030, 2, 18, "Washington's Birthday"),
    (2030, 5, 27, "Memorial Day"),
    (2030, 6, 19, "Juneteenth National Independence Day"),
    (2030, 7, 4, "Independence Day"),
    (2030, 9, 2, "Labor Day"),
    (2030, 10, 14, "Columbus Day"),
    (2030, 11, 11, "Veterans Day"),
    (2030, 11, 28, "Thanksgiving Day"),
    (2030, 12, 25, "Christmas Day"),
];

/// A set of non-business days besides weekends.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Holidays {
    /// Sorted, without duplicates.
    days: Vec<Date>,
}

impl Holidays {
    /// No holidays: only weekends are not business days.
    pub fn none() -> Holidays {
        Holidays::default()
    }

    /// The US federal holidays of [`US_FEDERAL_HOLIDAYS`].
    pub fn us_federal() -> Holidays {
        Holidays::none().with(
            US_FEDERAL_HOLIDAYS
                .iter()
                .filter_map(|&(y, m, d, _)| Date::new(y, m, d).ok()),
        )
    }

    /// These holidays and `more`.
    pub fn with(mut self, more: impl IntoIterator<Item = Date>) -> Holidays {
        self.days.extend(more);
        self.days.sort_unstable();
        self.days.dedup();
        self
    }

    /// Whether `day` is one of the holidays.
    pub fn contains(&self, day: Date) -> bool {
        self.days.binary_search(&day).is_ok()
    }

    /// The name of `day` in the built-in table, for messages
    /// ("2026-07-03, Independence Day").
    pub fn name_of(day: Date) -> Option<&'static str> {
        US_FEDERAL_HOLIDAYS
            .iter()
            .find(|&&(y, m, d, _)| (y, m, d) == (day.year(), day.month(), day.day()))
            .map(|&(_, _, _, name)| name)
    }
}

/// A strict `YYYY-MM-DD` date ("2026-02-30" is none).
pub fn date(text: &str) -> Option<Date> {
    date_of(text)
}

/// For `#[serde(deserialize_with = ...)]` on an option listing days
/// (`holidays`): dates written YYYY-MM-DD, each a real calendar date. A day
/// that is not one ("2026-02-30", "2026-7-4") is an error naming it, not a
/// holiday silently left out of the count. The option's schema gives the
/// form (`#[schemars(inner(regex(pattern = ...)))]`), so the host reports
/// a malformed one at its place in `rules.toml`; this catches the rest.
pub fn deserialize_dates<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    let days = <Vec<String> as serde::Deserialize>::deserialize(deserializer)?;
    if let Some(bad) = days.iter().find(|d| date(d).is_none()) {
        return Err(serde::de::Error::custom(format!("`{bad}` is not a calendar date (YYYY-MM-DD)")));
    }
    Ok(days)
}

fn date_of(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i16> {
        let s = &text[r];
        s.bytes().all(|c| c.is_ascii_digit()).then(|| s.parse().ok())?
    };
    Date::new(num(0..4)?, i8::try_from(num(5..7)?).ok()?, i8::try_from(num(8..10)?).ok()?).ok()
}

/// Days since 1970-01-01 (2026-03-02 is 20514): the model's day numbers.
pub fn days_since_epoch(day: Date) -> i64 {
    i64::from(day.since(EPOCH).map_or(0, |span| span.get_days()))
}

/// The date of a day number (days since 1970-01-01), if in jiff's range.
pub fn date_from_days(days: i64) -> Option<Date> {
    EPOCH.checked_add(jiff::Span::new().try_days(days).ok()?).ok()
}

/// `months` calendar months after `day`; a day the month has not (31
/// January plus one month) becomes the month's last day (28 or 29
/// February), as Regulation (EEC, Euratom) No 1182/71 Art. 3(2)(c) ends
/// such a period.
pub fn add_months(day: Date, months: i32) -> Option<Date> {
    day.checked_add(jiff::Span::new().try_months(months).ok()?).ok()
}

const EPOCH: Date = Date::constant(1970, 1, 1);

/// Monday to Friday and not a holiday.
pub fn is_business_day(day: Date, holidays: &Holidays) -> bool {
    !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) && !holidays.contains(day)
}

/// The `n`th business day after `day` (`day` itself for `n = 0`): the
/// last day of a deadline of `n` business days counted from the day after
/// the event, as the SEC counts them (a determination on a Thursday with a
/// four-business-day deadline: Friday, Monday, Tuesday, Wednesday).
pub fn add_business_days(day: Date, n: u32, holidays: &Holidays) -> Date {
    let mut d = day;
    let mut left = n;
    while left > 0 {
        match d.tomorrow() {
            Ok(next) => d = next,
            Err(_) => return d,
        }
        if is_business_day(d, holidays) {
            left -= 1;
        }
    }
    d
}

/// Business days after `from` up to and including `to`; negative (the same
/// count, from `to` to `from`) when `to` is earlier.
pub fn business_days_between(from: Date, to: Date, holidays: &Holidays) -> i64 {
    if to < from {
        return -business_days_between(to, from, holidays);
    }
    let mut count = 0;
    let mut d = from;
    while d < to {
        match d.tomorrow() {
            Ok(next) => d = next,
            Err(_) => break,
        }
        if is_business_day(d, holidays) {
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        date(text).unwrap()
    }

    #[derive(serde::Deserialize, Debug)]
    struct Days {
        #[serde(deserialize_with = "deserialize_dates")]
        holidays: Vec<String>,
    }

    #[test]
    fn a_day_that_is_not_a_calendar_date_is_an_error_naming_it() {
        let ok: Days = serde_json::from_str(r#"{"holidays": ["2026-07-03", "2028-02-29"]}"#).unwrap();
        assert_eq!(ok.holidays, ["2026-07-03", "2028-02-29"]);
        for bad in ["2026-02-30", "2026-7-4", "2027-02-29", "tomorrow"] {
            let e = serde_json::from_str::<Days>(&format!(r#"{{"holidays": ["2026-01-01", "{bad}"]}}"#)).unwrap_err();
            assert!(e.to_string().contains(&format!("`{bad}` is not a calendar date")), "{bad}: {e}");
        }
    }

    /// The table, derived again from the rules of 5 U.S.C. 6103: fixed
    /// dates moved off weekends, and the n-th (or last) weekday of a month.
    #[test]
    fn the_table_follows_the_statute() {
        let observed = |day: Date| match day.weekday() {
            Weekday::Saturday => day.yesterday().unwrap(),
            Weekday::Sunday => day.tomorrow().unwrap(),
            _ => day,
        };
        let nth = |y: i16, m: i8, wd: Weekday, n: i8| {
            let first = Date::new(y, m, 1).unwrap();
            first.nth_weekday_of_month(n, wd).unwrap()
        };
        let mut derived = Vec::new();
        for y in 2020..=2031 {
            let fixed = |m, dd| observed(Date::new(y, m, dd).unwrap());
            derived.extend([
                fixed(1, 1),
                nth(y, 1, Weekday::Monday, 3),
                nth(y, 2, Weekday::Monday, 3),
                nth(y, 5, Weekday::Monday, -1),
                fixed(7, 4),
                nth(y, 9, Weekday::Monday, 1),
                nth(y, 10, Weekday::Monday, 2),
                fixed(11, 11),
                nth(y, 11, Weekday::Thursday, 4),
                fixed(12, 25),
            ]);
            if y >= 2021 {
                derived.push(fixed(6, 19));
            }
        }
        derived.retain(|day| (2020..=2030).contains(&day.year()));
        derived.sort();
        let table: Vec<Date> = US_FEDERAL_HOLIDAYS
            .iter()
            .map(|&(y, m, dd, _)| Date::new(y, m, dd).unwrap())
            .collect();
        assert_eq!(table, derived);
        assert_eq!(table.first().map(|t| t.year()), Some(US_FEDERAL_HOLIDAY_YEARS.0));
        assert_eq!(table.last().map(|t| t.year()), Some(US_FEDERAL_HOLIDAY_YEARS.1));
        // New Year's Day 2022 fell on a Saturday: observed on 2021-12-31.
        assert_eq!(Holidays::name_of(d("2021-12-31")), Some("New Year's Day"));
        assert!(Holidays::us_federal().contains(d("2026-07-03")));
        assert!(!Holidays::us_federal().contains(d("2026-07-04")));
    }

    #[test]
    fn business_days_skip_weekends_and_holidays() {
        let us = Holidays::us_federal();
        // Thursday 2026-07-02: Friday 3 July is Independence Day observed,
        // then a weekend: the fourth business day is Thursday 9 July.
        assert_eq!(add_business_days(d("2026-07-02"), 4, &us), d("2026-07-09"));
        // Without the holiday table, Wednesday 8 July.
        assert_eq!(add_business_days(d("2026-07-02"), 4, &Holidays::none()), d("2026-07-08"));
        // Monday to Friday of a plain week.
        assert_eq!(add_business_days(d("2026-03-02"), 4, &us), d("2026-03-06"));
        // An event on a Saturday: counted from Monday.
        assert_eq!(add_business_days(d("2026-03-07"), 1, &us), d("2026-03-09"));
        assert_eq!(add_business_days(d("2026-03-07"), 0, &us), d("2026-03-07"));
        assert_eq!(business_days_between(d("2026-07-02"), d("2026-07-09"), &us), 4);
        assert_eq!(business_days_between(d("2026-07-09"), d("2026-07-02"), &us), -4);
        assert_eq!(business_days_between(d("2026-03-06"), d("2026-03-09"), &us), 1);
        assert_eq!(business_days_between(d("2026-03-06"), d("2026-03-06"), &us), 0);
        // Thanksgiving week 2026: Thursday 26 November is a holiday.
        assert_eq!(business_days_between(d("2026-11-23"), d("2026-11-30"), &us), 4);
        // Days added through options count too.
        let closed = us.clone().with([d("2025-01-09")]);
        assert_eq!(add_business_days(d("2025-01-06"), 4, &us), d("2025-01-10"));
        assert_eq!(add_business_days(d("2025-01-06"), 4, &closed), d("2025-01-13"));
        assert!(!is_business_day(d("2026-03-07"), &Holidays::none()));
        assert!(is_business_day(d("2026-03-09"), &us));
    }

    #[test]
    fn day_numbers_and_months() {
        assert_eq!(days_since_epoch(d("2026-03-02")), 20514);
        assert_eq!(days_since_epoch(d("1969-12-31")), -1);
        assert_eq!(date_from_days(20514), Some(d("2026-03-02")));
        assert_eq!(add_months(d("2026-01-31"), 1), Some(d("2026-02-28")));
        assert_eq!(add_months(d("2028-01-31"), 1), Some(d("2028-02-29")));
        assert_eq!(add_months(d("2026-03-10"), 1), Some(d("2026-04-10")));
        assert_eq!(add_months(d("2026-12-15"), 1), Some(d("2027-01-15")));
    }

    #[test]
    fn dates_are_strict() {
        assert_eq!(date("2026-02-28"), Date::new(2026, 2, 28).ok());
        for bad in ["2026-02-30", "2026-2-28", "26-02-28", "2026/02/28", "+026-02-28", "2026-02-2x"] {
            assert_eq!(date(bad), None, "{bad}");
        }
    }
}
