//! String helpers of the rules: dates, placeholders, ticket references,
//! vague phrases and action normalization. Plain scanning, no regex crate:
//! it keeps the component small.

use std::sync::OnceLock;

use crate::rules::tracking::TrackingOptions;

pub use pirlint_plugin_sdk::values::{is_draft_status, is_placeholder, iso};

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
        // "bug 1234567" (Bugzilla style).
        if boundary && opts.prefixes.is_empty() && b.len() >= i + 8 && b[i..i + 4].eq_ignore_ascii_case(b"bug ") {
            let mut k = i + 4;
            if b.get(k) == Some(&b'#') {
                k += 1;
            }
            let digits = k;
            while k < b.len() && b[k].is_ascii_digit() {
                k += 1;
            }
            if k >= digits + 4 && (k == b.len() || !word(b[k])) {
                return Some(&s[i..k]);
            }
        }
        // "#123", and "org/repo#123" (a GitHub reference to another
        // repository).
        let repo_ref = b[i] == b'#' && i > 0 && {
            let token_start = s[..i].rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '[' | ',')).map_or(0, |p| p + 1);
            let token = &s[token_start..i];
            token.split_once('/').is_some_and(|(org, repo)| {
                !org.is_empty() && !repo.is_empty() && token.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.'))
            })
        };
        if (boundary || repo_ref) && b[i] == b'#' && opts.prefixes.is_empty() {
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
    let allowed = |p: &str| allow.iter().any(|a| a.trim().eq_ignore_ascii_case(p));
    for e in extra {
        let p = self::words(e);
        if contains_words(&words, &p) && !allowed(e) {
            return Some(VagueHit {
                phrase: e.trim().to_string(),
                kind: VagueKind::Exhortation,
            });
        }
    }
    let builtin = builtin_phrases();
    // Only phrases whose first word is in the action can match: test just
    // those, in list order (exhortations first), as testing all would.
    let mut candidates: Vec<usize> = words
        .iter()
        .flat_map(|w| builtin.starting_with(w))
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    for i in candidates {
        let (p, own) = &builtin.phrases[i];
        if i < EXHORTATIONS.len() {
            if contains_words(&words, own) && !allowed(p) {
                return Some(VagueHit {
                    phrase: p.to_string(),
                    kind: VagueKind::Exhortation,
                });
            }
            continue;
        }
        if !contains_words(&words, own) || allowed(p) {
            continue;
        }
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

/// `EXHORTATIONS` then `GENERIC`, each with its words, and where each first
/// word starts a phrase: every item of every report is matched against all
/// of them, so they are split once.
struct Builtin {
    phrases: Vec<(&'static str, Vec<&'static str>)>,
    /// (first word, index into `phrases`), sorted.
    first_words: Vec<(&'static str, usize)>,
}

impl Builtin {
    /// Indices of the phrases that start with `word`.
    fn starting_with<'a>(&'a self, word: &'a str) -> impl Iterator<Item = usize> + 'a {
        let at = self.first_words.partition_point(|&(w, _)| w < word);
        self.first_words[at..]
            .iter()
            .take_while(move |&&(w, _)| w == word)
            .map(|&(_, i)| i)
    }
}

/// The phrases are written in their word form (lower case, one space
/// between words; a test checks it), so splitting them on spaces gives
/// their `words`.
fn builtin_phrases() -> &'static Builtin {
    static BUILTIN: OnceLock<Builtin> = OnceLock::new();
    BUILTIN.get_or_init(|| {
        let phrases: Vec<(&'static str, Vec<&'static str>)> = EXHORTATIONS
            .iter()
            .chain(GENERIC)
            .map(|p| (*p, p.split(' ').collect()))
            .collect();
        let mut first_words: Vec<(&'static str, usize)> = phrases
            .iter()
            .enumerate()
            .map(|(i, (_, words))| (words[0], i))
            .collect();
        first_words.sort_unstable();
        Builtin {
            phrases,
            first_words,
        }
    })
}

/// `phrase` as consecutive words of `words` (both lower-case words).
fn contains_words<S: AsRef<str>>(words: &[String], phrase: &[S]) -> bool {
    let Some(first) = phrase.first() else {
        return false;
    };
    let first = first.as_ref();
    // Most positions fail on the first word: test it before the rest.
    words.iter().enumerate().any(|(i, w)| {
        w == first
            && words.len() - i >= phrase.len()
            && words[i + 1..]
                .iter()
                .zip(&phrase[1..])
                .all(|(a, b)| a == b.as_ref())
    })
}

/// Lower-case words; apostrophes stay inside words ("don't"), other
/// punctuation separates.
pub fn words(s: &str) -> Vec<String> {
    if s.is_ascii() {
        return ascii_words(s);
    }
    s.replace('’', "'")
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .map(|w| w.trim_matches(['\'', '-']).to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// `words` of ASCII text, byte by byte: the same words (an ASCII character
/// is alphanumeric exactly when `is_ascii_alphanumeric`, and lower-cases
/// to `to_ascii_lowercase`), without decoding characters or looking up
/// Unicode tables.
fn ascii_words(s: &str) -> Vec<String> {
    let inside = |b: u8| b.is_ascii_alphanumeric() || b == b'\'' || b == b'-';
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !inside(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && inside(b[i]) {
            i += 1;
        }
        let w = s[start..i].trim_matches(['\'', '-']);
        if !w.is_empty() {
            out.push(w.to_ascii_lowercase());
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `builtin_phrases` splits the built-in phrases on spaces instead of
    /// taking their `words`.
    #[test]
    fn phrases_are_in_word_form() {
        for p in EXHORTATIONS.iter().chain(GENERIC) {
            assert_eq!(words(p).join(" "), *p);
        }
    }

    #[test]
    fn ascii_words_match_unicode_words() {
        for s in [
            "Don't let this happen again!",
            "  -Set up 'alerting'--on KIAM_error rate (P1) #42 a.b,c  ",
            "'-'",
            "",
            "Improve monitoring of ADFS certificate-expiry; OPS-12.",
        ] {
            let slow: Vec<String> = s
                .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
                .map(|w| w.trim_matches(['\'', '-']).to_lowercase())
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(ascii_words(s), slow, "{s:?}");
        }
    }
}
