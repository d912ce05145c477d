//! Dates, placeholders and person names, by plain string scanning.

pub use pirlint_plugin_sdk::values::{is_placeholder, iso};

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
