//! String helpers of the rules: dates, placeholders, ticket references,
//! vague phrases and action normalization. Plain scanning, no regex crate:
//! it keeps the component small.

use crate::TrackingOptions;

pub use pirlint_plugin_sdk::values::{day_number, is_draft_status, is_placeholder, iso};

/// Key prefixes shaped like tickets that are not: severities, CVEs,
/// standards (kept in step with the parser's list).
const NOT_TICKETS: &[&str] = &[
    "SEV", "CVE", "CWE", "RFC", "ISO", "GHSA", "UTC", "GMT", "TLS", "SHA", "AES", "IPV", "NIST",
];

/// URL path segments and host parts of issue trackers.
const TRACKER_PATHS: &[&str] = &[
    "issues",
    "issue",
    "pull",
    "pulls",
    "browse",
    "ticket",
    "tickets",
    "jira",
    "work_items",
    "_workitems",
    "merge_requests",
    "show_bug.cgi",
    "bugs",
    "tasks",
    "task",
    "story",
    "stories",
];
const TRACKER_HOSTS: &[&str] = &[
    "jira",
    "linear.app",
    "bugzilla",
    "youtrack",
    "redmine",
    "shortcut.com",
    "app.asana.com",
    "trello.com",
    "atlassian.net",
    "clickup.com",
    "monday.com",
];

/// The first ticket reference in `s`: a key `[A-Z][A-Z0-9]+-[0-9]+` (with a
/// configured prefix when `prefixes` is set), `#123`, or an issue-tracker URL.
pub fn find_ticket<'a>(s: &'a str, opts: &TrackingOptions) -> Option<&'a str> {
    let b = s.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < b.len() {
        let boundary = i == 0 || !word(b[i - 1]);
        if boundary
            && opts.urls
            && (s[i..].starts_with("https://") || s[i..].starts_with("http://"))
        {
            let end = s[i..]
                .find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | ']' | '|' | '"'))
                .map_or(s.len(), |e| i + e);
            let url = &s[i..end];
            if is_tracker_url(url) {
                return Some(url);
            }
            i = end;
            continue;
        }
        if boundary && b[i].is_ascii_uppercase() {
            let mut j = i + 1;
            while j < b.len() && (b[j].is_ascii_uppercase() || b[j].is_ascii_digit()) {
                j += 1;
            }
            if j > i + 1 && j < b.len() && b[j] == b'-' {
                let mut k = j + 1;
                while k < b.len() && b[k].is_ascii_digit() {
                    k += 1;
                }
                if k > j + 1 && (k == b.len() || !word(b[k])) {
                    let prefix = &s[i..j];
                    let ok = if opts.prefixes.is_empty() {
                        !NOT_TICKETS.contains(&prefix)
                    } else {
                        opts.prefixes.iter().any(|p| p == prefix)
                    };
                    if ok {
                        return Some(&s[i..k]);
                    }
                }
            }
        }
        if boundary && b[i] == b'#' && opts.prefixes.is_empty() {
            let mut k = i + 1;
            while k < b.len() && b[k].is_ascii_digit() {
                k += 1;
            }
            if k > i + 1 && (k == b.len() || !word(b[k])) {
                return Some(&s[i..k]);
            }
        }
        i += s[i..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

fn is_tracker_url(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |x| x.1);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_lowercase();
    TRACKER_HOSTS.iter().any(|h| host.contains(h))
        || path
            .split(['/', '?', '#'])
            .any(|seg| TRACKER_PATHS.contains(&seg.to_lowercase().as_str()))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VagueKind {
    /// Asks people to try harder: never an action, whatever follows.
    Exhortation,
    /// Names an area ("improve monitoring"): vague only with nothing
    /// specific next to it.
    Generic,
}

pub struct VagueHit {
    pub phrase: String,
    pub kind: VagueKind,
}

const EXHORTATIONS: &[&str] = &[
    "be more careful",
    "be careful",
    "take more care",
    "pay more attention",
    "pay closer attention",
    "be more vigilant",
    "be more diligent",
    "be more thorough",
    "try harder",
    "don't let this happen again",
    "avoid human error",
    "less error-prone",
    "learn from this",
    "learn from our mistakes",
];

/// Area words with a verb of improving: vague without an object.
const GENERIC: &[&str] = &[
    "this never happens again",
    "this never happen again",
    "this does not happen again",
    "this doesn't happen again",
    "this won't happen again",
    "it never happens again",
    "this from happening again",
    "avoid this in the future",
    "improve monitoring",
    "better monitoring",
    "more monitoring",
    "improve alerting",
    "better alerting",
    "more alerting",
    "improve observability",
    "better observability",
    "improve testing",
    "better testing",
    "more testing",
    "improve communication",
    "better communication",
    "more communication",
    "clearer communication",
    "improve documentation",
    "better documentation",
    "more documentation",
    "improve the process",
    "improve processes",
    "improve our processes",
    "better processes",
    "improve process",
    "improve reliability",
    "improve stability",
    "improve security",
    "improve quality",
    "improve resilience",
    "make it better",
    "improve it",
    "improve things",
];

/// Words that add nothing checkable to a generic phrase.
const FILLER: &[&str] = &[
    "a",
    "an",
    "the",
    "our",
    "we",
    "us",
    "to",
    "and",
    "or",
    "of",
    "for",
    "in",
    "on",
    "at",
    "with",
    "all",
    "more",
    "better",
    "general",
    "overall",
    "generally",
    "process",
    "processes",
    "team",
    "teams",
    "across",
    "around",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "should",
    "must",
    "need",
    "needs",
    "will",
    "shall",
    "be",
    "is",
    "are",
    "further",
    "even",
    "much",
    "some",
    "way",
    "ways",
    "going",
    "forward",
    "future",
    "again",
    "incident",
    "incidents",
    "monitoring",
    "alerting",
    "testing",
    "communication",
    "documentation",
    "observability",
    "improve",
    "improved",
    "improvement",
    "improvements",
    "make",
    "ensure",
    "also",
    "so",
    "sure",
    "prevent",
    "avoid",
    "try",
    "let",
    "from",
    "between",
    "within",
    "among",
    // Labels of inline attributes whose values are cut out of the action.
    "owner",
    "owners",
    "due",
    "deadline",
    "priority",
    "prio",
    "status",
    "ticket",
    "assignee",
    "responsible",
    "eta",
    "target",
    "date",
    "open",
    "done",
    "assigned",
    "area",
    "areas",
    "there",
    "here",
    "lot",
    "lots",
    "things",
    "stuff",
    "etc",
    "reliability",
    "stability",
    "security",
    "quality",
    "resilience",
    "clearer",
    "clear",
    "proper",
    "properly",
    "good",
    "great",
    "robust",
    "everyone",
    "everybody",
    "people",
    "company",
    "organization",
    "organisation",
    "continue",
    "keep",
    "work",
    "working",
    "focus",
    "by",
];

/// The vague phrase `action` is built on, if it is one. `extra` are more
/// exhortations from the options, `allow` phrases never to flag.
pub fn vague_phrase(action: &str, extra: &[String], allow: &[String]) -> Option<VagueHit> {
    let words = words(action);
    let joined = words.join(" ");
    let allowed = |p: &str| allow.iter().any(|a| a.trim().eq_ignore_ascii_case(p));
    for e in extra {
        let p = words_of(e);
        if !p.is_empty() && contains_words(&joined, &p) && !allowed(e) {
            return Some(VagueHit {
                phrase: e.trim().to_string(),
                kind: VagueKind::Exhortation,
            });
        }
    }
    for p in EXHORTATIONS {
        if contains_words(&joined, &words_of(p)) && !allowed(p) {
            return Some(VagueHit {
                phrase: p.to_string(),
                kind: VagueKind::Exhortation,
            });
        }
    }
    for p in GENERIC {
        if !contains_words(&joined, &words_of(p)) || allowed(p) {
            continue;
        }
        let own = words_of(p);
        let own: Vec<&str> = own.split(' ').collect();
        let specific = words.iter().any(|w| {
            w.len() > 1
                && !FILLER.contains(&w.as_str())
                && !own.contains(&w.as_str())
                && !w.chars().all(|c| c.is_ascii_digit())
        });
        if !specific {
            return Some(VagueHit {
                phrase: p.to_string(),
                kind: VagueKind::Generic,
            });
        }
    }
    None
}

fn words_of(p: &str) -> String {
    words(p).join(" ")
}

/// `phrase` as whole words in `hay` (both space-joined lower-case words).
fn contains_words(hay: &str, phrase: &str) -> bool {
    if phrase.is_empty() {
        return false;
    }
    let (h, p) = (format!(" {hay} "), format!(" {phrase} "));
    h.contains(&p)
}

/// Lower-case words; apostrophes stay inside words ("don't"), other
/// punctuation separates.
pub fn words(s: &str) -> Vec<String> {
    s.replace('’', "'")
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .map(|w| w.trim_matches(['\'', '-']).to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Verbs that mean "bring into being"; "Add X" and "Implement X" are the
/// same action. Opposite verbs (remove, disable) are never merged.
const CREATE_VERBS: &[&str] = &[
    "add",
    "create",
    "implement",
    "introduce",
    "setup",
    "build",
    "establish",
];

/// The comparable form of an action: lower-case words without articles,
/// with a leading "set up"/"implement"/... folded into "add".
pub fn normalize_action(action: &str) -> String {
    let mut w: Vec<String> = words(&action.replace('-', " "))
        .into_iter()
        .filter(|x| !matches!(x.as_str(), "a" | "an" | "the"))
        .collect();
    if w.len() >= 2 && w[0] == "set" && w[1] == "up" {
        w.remove(1);
        w[0] = "add".into();
    }
    if let Some(f) = w.first_mut() {
        if CREATE_VERBS.contains(&f.as_str()) {
            *f = "add".into();
        }
    }
    w.join(" ")
}
