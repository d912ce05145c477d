//! Incident-response phases of timeline entries: from explicit phase tags
//! first, from keywords in the entry text otherwise.
//!
//! One vocabulary for every rule (the `timeline` and `metrics` plugins, and
//! yours), so that "a containment entry" means the same thing everywhere.

use crate::text;
use crate::types::{Report, Span, TimelineEntry};

/// The four NIST SP 800-61 / SANS phases a timeline is checked against.
pub const PHASES: &[&str] = &["detection", "containment", "eradication", "recovery"];

/// The canonical phase of a tag as written ("Contain", "mitigation",
/// "Resolved"), or `None` for tags outside the four phases ("analysis").
pub fn phase_of_tag(tag: &str) -> Option<&'static str> {
    let t = tag.trim().to_lowercase();
    let starts = |ps: &[&str]| ps.iter().any(|p| t.starts_with(p));
    if starts(&["detect", "identif", "discover", "alert"]) {
        Some("detection")
    } else if starts(&["contain", "mitigat", "isolat"]) {
        Some("containment")
    } else if starts(&["eradicat", "remediat", "clean"]) {
        Some("eradication")
    } else if starts(&["recover", "resol", "restor"]) {
        Some("recovery")
    } else {
        None
    }
}

/// Default keywords per phase, matched as whole words, case-insensitively.
/// Deliberately concrete verbs: a false match only makes a rule quieter.
pub fn default_keywords(phase: &str) -> &'static [&'static str] {
    match phase {
        "detection" => &[
            "detected",
            "detect",
            "detection",
            "alert",
            "alerts",
            "alerted",
            "alerting",
            "alarm",
            "alarms",
            "paged",
            "noticed",
            "notices",
            "reported",
            "reports",
            "reporting",
            "first report",
            "discovered",
            "became aware",
            "identified",
            "observed",
            "witnessed",
            "notified",
            "monitoring",
            "complained",
            "help desk ticket",
            "warning",
            "warned",
            "informed",
            "inbound report",
            "report from",
            "emailed",
            "receives an email",
            "received an email",
            "received emails",
            "received a report",
            "reported this",
            "reported it",
            "sending alerts",
            "began alerting",
            "bug bounty",
            "support ticket",
            "reached out",
            "let us know",
        ],
        "containment" => &[
            "contained",
            "containment",
            "mitigated",
            "mitigation",
            "isolated",
            "blocked",
            "disabled",
            "rolled back",
            "rollback",
            "roll back",
            "reverted",
            "workaround",
            "downgraded",
            "failed over",
            "failover",
            "quarantined",
            "manual fix",
            "fix applied",
            "hotfix",
            "reattached",
            "scaled down",
            "killed",
            "disable",
            "restarted",
        ],
        "eradication" => &[
            "eradicated",
            "eradication",
            "removed",
            "deleted",
            "patched",
            "rebuilt",
            "reimaged",
            "re-imaged",
            "wiped",
            "terminated",
            "revoked",
            "rotated",
            "permanently fixed",
            "long-term fix",
            "root cause fixed",
        ],
        "recovery" => &[
            "recovered",
            "recovery",
            "restored",
            "resolved",
            "back to normal",
            "operational",
            "verified working",
            "working as intended",
            "healthy",
            "reopened",
            "fully available",
            "closed",
            "fixed",
            "solved",
            "works",
            "working",
        ],
        _ => &[],
    }
}

/// True when one of `default_keywords(phase)` occurs in `hay` (as
/// [`has_phrase`] does), in one pass over `hay`.
pub fn has_default_keyword(hay: &str, phase: &str) -> bool {
    if hay.is_ascii() {
        if let Some(found) = ascii_default_keyword(hay.as_bytes(), phase) {
            return found;
        }
    }
    phrase_set_default_keyword(hay, phase)
}

/// [`has_default_keyword`] for ASCII text, `None` for a phase without
/// default keywords. Timeline entries are nearly always ASCII, and this is
/// several times cheaper than the general search: every keyword is ASCII
/// and starts and ends with a letter, so a match can only start at a word
/// start, and only the keywords with that first letter need comparing. It
/// follows `text::find_phrase` exactly on ASCII: letters compare
/// ASCII-case-insensitively, a space matches a run of whitespace, and the
/// match must end at a word boundary.
pub fn ascii_default_keyword(hay: &[u8], phase: &str) -> Option<bool> {
    use std::sync::OnceLock;
    // Per phase, the keywords grouped by first letter.
    type ByLetter = [Vec<&'static [u8]>; 26];
    static INDEX: OnceLock<Vec<ByLetter>> = OnceLock::new();
    let index = INDEX.get_or_init(|| {
        PHASES
            .iter()
            .map(|&p| {
                let mut by: ByLetter = Default::default();
                for w in default_keywords(p) {
                    by[usize::from(w.as_bytes()[0] - b'a')].push(w.as_bytes());
                }
                by
            })
            .collect()
    });
    let by = &index[PHASES.iter().position(|p| *p == phase)?];
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    Some((0..hay.len()).any(|i| {
        let b = hay[i].to_ascii_lowercase();
        b.is_ascii_lowercase()
            && (i == 0 || !word(hay[i - 1]))
            && by[usize::from(b - b'a')].iter().any(|w| {
                ascii_match_len(&hay[i..], w)
                    .is_some_and(|n| !hay.get(i + n).copied().is_some_and(word))
            })
    }))
}

/// Length of the match of `pattern` at the start of `s`, as the SDK's
/// phrase search compares ASCII text: case-insensitively, a run of
/// whitespace in the pattern matching any run of whitespace.
fn ascii_match_len(s: &[u8], pattern: &[u8]) -> Option<usize> {
    let space = |b: u8| char::from(b).is_whitespace();
    let (mut i, mut p) = (0, 0);
    while p < pattern.len() {
        if space(pattern[p]) {
            while p < pattern.len() && space(pattern[p]) {
                p += 1;
            }
            let start = i;
            while i < s.len() && space(s[i]) {
                i += 1;
            }
            if i == start {
                return None;
            }
            continue;
        }
        if !s.get(i)?.eq_ignore_ascii_case(&pattern[p]) {
            return None;
        }
        i += 1;
        p += 1;
    }
    Some(i)
}

/// [`has_default_keyword`] by the SDK's phrase search.
pub fn phrase_set_default_keyword(hay: &str, phase: &str) -> bool {
    use std::sync::OnceLock;
    static SETS: OnceLock<Vec<(&'static str, text::PhraseSet)>> = OnceLock::new();
    let sets = SETS.get_or_init(|| {
        PHASES
            .iter()
            .map(|&p| {
                let words: Vec<(&str, text::Case)> = default_keywords(p)
                    .iter()
                    .map(|w| (*w, text::Case::Insensitive))
                    .collect();
                (p, text::PhraseSet::new(&words))
            })
            .collect()
    });
    match sets.iter().find(|(p, _)| *p == phase) {
        Some((_, set)) => set.any(hay, Span::from_range(0..hay.len())),
        None => default_keywords(phase).iter().any(|w| has_phrase(hay, w)),
    }
}

/// True when `phrase` occurs in `hay` as whole words (case-insensitive).
pub fn has_phrase(hay: &str, phrase: &str) -> bool {
    !text::find_phrase(hay, Span::from_range(0..hay.len()), phrase).is_empty()
}

/// The canonical phase of the entry's tag, if it has one of the four.
pub fn tagged(source: &str, entry: &TimelineEntry) -> Option<&'static str> {
    entry.phase.as_ref().and_then(|p| phase_of_tag(crate::rule::text_of(source, p)))
}

/// Whether `entry` belongs to `phase`: by its tag, or (when `keywords` is
/// given) by a keyword in its text.
pub fn entry_in_phase(source: &str, entry: &TimelineEntry, phase: &str, keywords: Option<&[String]>) -> bool {
    if tagged(source, entry) == Some(phase) {
        return true;
    }
    let text = crate::rule::text_of(source, &entry.text);
    match keywords {
        Some(k) => k.iter().any(|w| has_phrase(text, w)),
        None => has_default_keyword(text, phase),
    }
}

/// Entries of `phase`: the tagged ones when the report tags any entry with
/// that phase (tags are what the authors meant), else keyword matches.
pub fn entries_of(report: &Report, source: &str, phase: &str) -> Vec<usize> {
    let tagged_ix: Vec<usize> = (0..report.timeline.len())
        .filter(|&i| tagged(source, &report.timeline[i]) == Some(phase))
        .collect();
    if !tagged_ix.is_empty() {
        return tagged_ix;
    }
    (0..report.timeline.len())
        .filter(|&i| entry_in_phase(source, &report.timeline[i], phase, None))
        .collect()
}
