//! Dates, placeholders and person names, by plain string scanning.

/// Statuses of a report that is still being written: the meeting usually
/// comes after the first draft.
pub fn is_draft_status(status: Option<&str>) -> bool {
    status.is_some_and(|s| {
        let s = s.trim().to_lowercase().replace(['_', ' '], "-");
        matches!(
            s.as_str(),
            "draft" | "in-progress" | "wip" | "in-review" | "open"
        )
    })
}

/// Values that are a placeholder (structure/placeholder reports them).
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

/// Days since 1970-01-01 of a "YYYY-MM-DD" date (proleptic Gregorian).
pub fn day_number(date: &str) -> Option<i64> {
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = date[0..4].parse().ok()?;
    let m: i64 = date[5..7].parse().ok()?;
    let d: i64 = date[8..10].parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
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

/// Words that make an actor a system, a team or a role rather than a
/// person, even when capitalized ("Cloud Provider", "Incident Commander").
const NOT_PEOPLE: &[&str] = &[
    "team",
    "provider",
    "service",
    "services",
    "bot",
    "system",
    "center",
    "centre",
    "desk",
    "support",
    "operations",
    "ops",
    "engineering",
    "security",
    "on-call",
    "oncall",
    "customer",
    "customers",
    "vendor",
    "cloud",
    "monitoring",
    "alert",
    "alerts",
    "scheduler",
    "pipeline",
    "manager",
    "commander",
    "engineer",
    "engineers",
    "analyst",
    "analysts",
    "lead",
    "responder",
    "group",
    "department",
    "inc",
    "ltd",
    "gmbh",
    "corp",
    "soc",
    "noc",
    "sre",
    "siem",
    "waf",
    "database",
    "server",
    "cluster",
    "automation",
    "job",
    "cron",
    "script",
    "user",
    "users",
    "attacker",
    "unknown",
    "everyone",
    "staff",
    "management",
    "legal",
    "finance",
    "hr",
];

/// Whether a timeline actor names a person: an `@handle`, or two to four
/// capitalized words of letters ("Wei Zhang", "Anna-Lena de Vries"). Single
/// words are not taken for people: "Patroni" and "Kubernetes" act in
/// timelines too.
pub fn looks_like_person(name: &str) -> bool {
    let name = name.trim();
    if let Some(h) = name.strip_prefix('@') {
        return !h.is_empty() && !h.contains(char::is_whitespace);
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    if !(2..=4).contains(&words.len()) {
        return false;
    }
    let mut capitalized = 0;
    for w in &words {
        if NOT_PEOPLE.contains(&w.to_lowercase().as_str()) {
            return false;
        }
        if !w
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
        {
            return false;
        }
        let first = w.chars().next().unwrap_or(' ');
        if first.is_uppercase() {
            // "AWS" is an acronym, not a name.
            if !w.chars().skip(1).any(char::is_lowercase) && w.chars().count() > 2 {
                return false;
            }
            capitalized += 1;
        } else if !matches!(
            *w,
            "de" | "van" | "von" | "der" | "den" | "da" | "di" | "del" | "la" | "le" | "bin" | "al"
        ) {
            return false;
        }
    }
    capitalized >= 2
}

fn tokens(s: &str) -> Vec<String> {
    s.trim()
        .trim_start_matches('@')
        .split(|c: char| c.is_whitespace() || matches!(c, '.' | '_' | '-' | ','))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether attendee `a` and actor `b` are the same person: equal names, one
/// name's words all in the other ("Dave" / "Dave Mitchell"), initials ("DM"),
/// or a handle holding a surname ("@dmitchell").
pub fn same_person(a: &str, b: &str) -> bool {
    let (ta, tb) = (tokens(a), tokens(b));
    if ta.is_empty() || tb.is_empty() {
        return false;
    }
    if ta == tb {
        return true;
    }
    let (short, long) = if ta.len() <= tb.len() {
        (&ta, &tb)
    } else {
        (&tb, &ta)
    };
    if short.iter().all(|w| long.contains(w)) {
        return true;
    }
    let initials = |t: &[String]| {
        t.iter()
            .filter_map(|w| w.chars().next())
            .collect::<String>()
    };
    for (x, y, raw) in [(&ta, &tb, a), (&tb, &ta, b)] {
        let raw = raw.trim();
        if x.len() == 1
            && (2..=4).contains(&raw.len())
            && raw.chars().all(|c| c.is_ascii_uppercase())
            && x[0] == initials(y)
        {
            return true;
        }
        if x.len() == 1
            && raw.starts_with('@')
            && y.iter()
                .any(|w| w.chars().count() >= 3 && x[0].contains(w.as_str()))
        {
            return true;
        }
    }
    false
}
