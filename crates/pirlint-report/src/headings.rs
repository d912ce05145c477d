//! Heading synonyms: teams name the same section many ways, and rules should
//! ask for "the timeline" rather than for one spelling of it.

use std::collections::BTreeMap;

/// Maps heading text to a canonical section kind ("timeline",
/// "recommendations", ...).
///
/// Matching rule (deliberately conservative, so that prose-like headings such
/// as "Summary of the incident" stay unclassified rather than guessed):
/// 1. the heading is normalized: leading numbering ("1.", "2.3", "IV.", "A)")
///    is dropped, letters are lower-cased, every run of punctuation or
///    whitespace becomes one space (so "TL;DR" and "tl dr", "Follow-ups" and
///    "follow ups" are the same);
/// 2. the normalized heading equals a normalized synonym, or
/// 3. the heading *as written* starts with a synonym immediately followed by
///    punctuation that opens a qualifier — `(`, `[`, `:`, `-`, `–`, `—`, `/`,
///    `,` — e.g. "Timeline (UTC)", "Root cause: expired certificate",
///    "Contributing Factors (findings)". Longer synonyms win.
#[derive(Clone, Debug)]
pub struct HeadingMap {
    /// normalized synonym -> kind
    synonyms: BTreeMap<String, String>,
}

const DEFAULTS: &[(&str, &[&str])] = &[
    (
        "executive-summary",
        &[
            "Executive summary",
            "Summary",
            "TL;DR",
            "TLDR",
            "Overview",
            "Incident summary",
        ],
    ),
    (
        "timeline",
        &[
            "Timeline",
            "Chronology",
            "Sequence of events",
            "Timeline of events",
            "Incident timeline",
        ],
    ),
    (
        "investigation",
        &[
            "Investigation",
            "Analysis",
            "Root cause",
            "Root cause analysis",
            "Root causes",
            "Contributing factors",
            "Technical details",
            "What happened",
        ],
    ),
    ("impact", &["Impact", "Customer impact", "Business impact"]),
    (
        "containment",
        &[
            "Containment",
            "Containment, eradication and recovery",
            "Mitigation",
            "Response",
        ],
    ),
    ("eradication", &["Eradication"]),
    ("recovery", &["Recovery", "Resolution"]),
    ("detection", &["Detection", "How was it detected"]),
    (
        "lessons-learned",
        &[
            "Lessons learned",
            "What went wrong",
            "What went well",
            "Retrospective",
            "Lessons",
            "Reflections",
        ],
    ),
    (
        "recommendations",
        &[
            "Recommendations",
            "Action items",
            "Follow-ups",
            "Follow-up actions",
            "Remediation",
            "Corrective actions",
            "Next steps",
        ],
    ),
];

impl Default for HeadingMap {
    fn default() -> Self {
        let mut map = HeadingMap {
            synonyms: BTreeMap::new(),
        };
        for (kind, names) in DEFAULTS {
            map = map.with_synonyms(kind, names);
        }
        map
    }
}

impl HeadingMap {
    /// A map with no synonyms at all, for organizations that want full control.
    pub fn empty() -> Self {
        HeadingMap {
            synonyms: BTreeMap::new(),
        }
    }

    /// Adds synonyms for `kind`. A synonym already mapped to another kind is
    /// remapped, so an organization's configuration overrides the defaults.
    pub fn with_synonyms(mut self, kind: &str, names: &[&str]) -> Self {
        for name in names {
            let key = normalize(name);
            if !key.is_empty() {
                self.synonyms.insert(key, kind.to_string());
            }
        }
        self
    }

    /// The canonical kind of a heading, if it is recognized.
    pub fn kind_of(&self, heading: &str) -> Option<String> {
        let norm = normalize(heading);
        if norm.is_empty() {
            return None;
        }
        if let Some(kind) = self.synonyms.get(&norm) {
            return Some(kind.clone());
        }
        // Prefix rule: "<synonym><qualifier punctuation>...".
        let stripped = strip_numbering(heading.trim());
        let mut best: Option<(usize, &String)> = None;
        for (syn, kind) in &self.synonyms {
            if let Some(len) = prefix_len(stripped, syn) {
                let rest = stripped[len..].trim_start();
                let opens_qualifier = rest
                    .chars()
                    .next()
                    .is_some_and(|c| matches!(c, '(' | '[' | ':' | '-' | '–' | '—' | '/' | ','));
                if opens_qualifier && best.is_none_or(|(l, _)| syn.len() > l) {
                    best = Some((syn.len(), kind));
                }
            }
        }
        best.map(|(_, k)| k.clone())
    }
}

/// If `text` starts with something that normalizes to `syn`, the byte length
/// of that prefix (ending on a word boundary).
fn prefix_len(text: &str, syn: &str) -> Option<usize> {
    let mut syn_chars = syn.chars().peekable();
    let mut last_space = true;
    for (i, c) in text.char_indices() {
        if syn_chars.peek().is_none() {
            let boundary = !c.is_alphanumeric();
            return boundary.then_some(i);
        }
        if c.is_alphanumeric() {
            for lc in c.to_lowercase() {
                if syn_chars.next() != Some(lc) {
                    return None;
                }
            }
            last_space = false;
        } else if !last_space {
            // A run of punctuation/space in the text is one space in `syn`,
            // unless it is the end of the synonym.
            if syn_chars.peek() == Some(&' ') {
                syn_chars.next();
                last_space = true;
            } else if syn_chars.peek().is_none() {
                return Some(i);
            } else {
                return None;
            }
        }
    }
    syn_chars.peek().is_none().then_some(text.len())
}

fn strip_numbering(s: &str) -> &str {
    // "1.", "1)", "2.3.", "IV.", "A." followed by whitespace.
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
        i += 1;
    }
    if i > 0 && i < bytes.len() && (bytes[i] == b')' || bytes[i] == b'.') {
        i += 1;
    }
    if i > 0 && (i == bytes.len() || bytes[i].is_ascii_whitespace()) {
        return s[i..].trim_start();
    }
    // Roman numerals or a single letter followed by "." or ")" and a space.
    if let Some(pos) = s.find(['.', ')']) {
        let head = &s[..pos];
        let roman =
            !head.is_empty() && head.len() <= 4 && head.chars().all(|c| "IVXivx".contains(c));
        let letter = head.len() == 1 && head.chars().all(|c| c.is_ascii_alphabetic());
        let after = &s[pos + 1..];
        if (roman || letter) && after.starts_with(char::is_whitespace) {
            return after.trim_start();
        }
    }
    s
}

/// Lower-cases, drops numbering and collapses punctuation/whitespace runs to
/// one space.
pub(crate) fn normalize(s: &str) -> String {
    let s = strip_numbering(s.trim());
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_synonyms_with_numbering_and_punctuation() {
        let m = HeadingMap::default();
        assert_eq!(
            m.kind_of("1. Summary").as_deref(),
            Some("executive-summary")
        );
        assert_eq!(m.kind_of("Summary:").as_deref(), Some("executive-summary"));
        assert_eq!(m.kind_of("TL;DR").as_deref(), Some("executive-summary"));
        assert_eq!(m.kind_of("## ignored? no: Action Items").as_deref(), None);
        assert_eq!(
            m.kind_of("Action Items").as_deref(),
            Some("recommendations")
        );
        assert_eq!(m.kind_of("follow ups").as_deref(), Some("recommendations"));
        assert_eq!(
            m.kind_of("IV. Lessons Learned").as_deref(),
            Some("lessons-learned")
        );
        assert_eq!(m.kind_of("Timeline (UTC)").as_deref(), Some("timeline"));
        assert_eq!(
            m.kind_of("Contributing Factors (findings)").as_deref(),
            Some("investigation")
        );
        assert_eq!(
            m.kind_of("Root cause: expired cert").as_deref(),
            Some("investigation")
        );
        assert_eq!(
            m.kind_of("Containment, eradication and recovery")
                .as_deref(),
            Some("containment")
        );
        assert_eq!(m.kind_of("Summary of the incident"), None);
        assert_eq!(m.kind_of("Timelines"), None);
        assert_eq!(m.kind_of("Stats"), None);
        assert_eq!(m.kind_of(""), None);
    }

    #[test]
    fn configurable() {
        let m = HeadingMap::default()
            .with_synonyms("timeline", &["Tijdlijn"])
            .with_synonyms("impact", &["Overview"]);
        assert_eq!(m.kind_of("Tijdlijn").as_deref(), Some("timeline"));
        assert_eq!(m.kind_of("Overview").as_deref(), Some("impact"));
        assert_eq!(HeadingMap::empty().kind_of("Timeline"), None);
    }
}
