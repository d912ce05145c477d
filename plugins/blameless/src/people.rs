//! The people a report names: authors, meeting roles, timeline actors and
//! names that start timeline entries ("Dave Mitchell starts the push").

use pirlint_plugin_sdk::prelude::*;

use crate::lang::{self, Kind, Tok};
use crate::{Family, Hit};

/// Name token sequences, matched case-sensitively on whole tokens.
#[derive(Default, Debug)]
pub struct Names {
    seqs: Vec<Vec<String>>,
    /// Indices into `seqs` in the order of their contents, to find
    /// duplicates without hashing or cloning each candidate.
    sorted: Vec<usize>,
}

/// First or last names that are also common words or months; alone they
/// would match "May", "Will", "Grant access".
const STOP: &[&str] = &[
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday", "Will", "Mark", "Grant", "Bill", "Rich", "Chase", "Hope", "Joy",
    "Faith", "Summer", "Dawn", "Sky", "Rob", "Pat", "Guy", "Frank", "Drew", "Don", "Art", "Ray",
    "Page", "Van", "Von", "De", "Da", "Di", "Le", "La", "Du", "Del", "Team", "The", "Jr", "Sr",
    "Dr", "Mr", "Ms", "Mrs", "Miss", "An", "In", "On", "It", "No", "So", "Is", "As", "At", "Be",
    "We", "Us", "Go", "Do", "If", "Or", "Of", "To", "By", "Up",
];

/// Capitalized words that start timeline entries without being people.
const NOT_A_NAME: &[&str] = &[
    "Incident", "Commander", "Customer", "Customers", "Support", "Security", "Team", "Platform",
    "Engineering", "Operations", "Status", "Service", "Desk", "Network", "Database", "Cloud",
    "Data", "Web", "Site", "Reliability", "On", "Call", "Legal", "Marketing", "Management",
    "The", "New", "First", "Second", "Third", "Last", "All", "Previous", "Next", "Root", "Cause",
    "Change", "Alert", "Pager", "Duty", "Slack", "Teams", "Microsoft", "Google", "Amazon",
];

impl Names {
    fn add(&mut self, seq: Vec<String>) {
        if seq.is_empty() {
            return;
        }
        if let Err(at) = self.sorted.binary_search_by(|&k| self.seqs[k].cmp(&seq)) {
            self.sorted.insert(at, self.seqs.len());
            self.seqs.push(seq);
        }
    }

    /// A person's name as written in a people field; parts and wrappers
    /// ("Priya Raman (IC)", "Ana <ana@x.org>", "A & B") are split off.
    fn add_value(&mut self, value: &str, singles: bool) {
        let mut cleaned = String::new();
        let mut depth = 0i32;
        for c in value.chars() {
            match c {
                '(' | '<' | '[' => depth += 1,
                ')' | '>' | ']' => depth -= 1,
                _ if depth <= 0 => cleaned.push(c),
                _ => {}
            }
        }
        let cleaned = cleaned.replace(" and ", ",");
        for part in cleaned.split([',', ';', '&', '/', '+']) {
            if part.contains('@') {
                continue;
            }
            let toks: Vec<Tok> = lang::tokenize(part, 0, part.len())
                .into_iter()
                .filter(Tok::is_word)
                .collect();
            if toks.is_empty() || toks.len() > 4 {
                continue;
            }
            let looks_like_name = toks.iter().all(|t| {
                t.text.starts_with(|c: char| c.is_uppercase())
                    && !t.text.chars().any(|c| c.is_ascii_digit())
            });
            if !looks_like_name {
                continue;
            }
            self.add(toks.iter().map(|t| t.text.to_string()).collect());
            if singles && toks.len() > 1 {
                for t in &toks {
                    let initials = t.text.len() <= 3 && t.text.chars().all(|c| c.is_uppercase());
                    let word = t.text.chars().count() >= 2
                        && t.text.chars().skip(1).any(char::is_lowercase);
                    if (initials || word) && !STOP.contains(&t.text) {
                        self.add(vec![t.text.to_string()]);
                    }
                }
            }
        }
    }

    /// Span of `seq` matched at token `i` (without a possessive `'s`).
    fn seq_at(seq: &[String], toks: &[Tok], i: usize) -> Option<Span> {
        let n = seq.len();
        if i + n > toks.len() {
            return None;
        }
        let ok = seq.iter().enumerate().all(|(k, w)| {
            let t = &toks[i + k];
            t.is_word() && !t.quoted && (t.text == w.as_str() || (k + 1 == n && t.base() == w.as_str()))
        });
        if !ok {
            return None;
        }
        let last = &toks[i + n - 1];
        Some(Span::from_range(toks[i].start..last.start + last.base().len()))
    }

    /// The longest name starting at token `i`: its span (without a
    /// possessive `'s`) and the index after it.
    pub fn match_at(&self, toks: &[Tok], i: usize) -> Option<(Span, usize)> {
        self.seqs
            .iter()
            .filter_map(|seq| Self::seq_at(seq, toks, i).map(|sp| (sp, i + seq.len())))
            .max_by_key(|(_, e)| *e)
    }

    /// The name ending at token `e - 1`, if any.
    pub fn ending_at(&self, toks: &[Tok], e: usize) -> Option<Span> {
        self.seqs
            .iter()
            .filter(|s| s.len() <= e)
            .filter_map(|s| Self::seq_at(s, toks, e - s.len()))
            .min_by_key(|sp| sp.start)
    }

    pub fn ends_at(&self, toks: &[Tok], e: usize) -> bool {
        self.ending_at(toks, e).is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.seqs.is_empty()
    }
}

pub fn collect<'r>(report: &'r Report, source: &'r str, extra: &'r [String]) -> Names {
    let mut names = Names::default();
    // The same people fill several fields (authors, scribe, attendees,
    // actors); a value seen before adds nothing new, so parse it once.
    let mut values = std::collections::BTreeSet::new();
    let mut add_value = |names: &mut Names, value: &'r str| {
        if values.insert(value) {
            names.add_value(value, true);
        }
    };
    let m = &report.metadata;
    for a in &m.authors {
        add_value(&mut names, pirlint_plugin_sdk::rule::text_of(source, a));
    }
    if let Some(meeting) = &m.meeting {
        for t in meeting
            .moderator
            .iter()
            .chain(meeting.scribe.iter())
            .chain(meeting.attendees.iter())
            .chain(meeting.excused.iter())
        {
            add_value(&mut names, pirlint_plugin_sdk::rule::text_of(source, t));
        }
    }
    for e in &report.timeline {
        if let Some(a) = &e.actor {
            add_value(&mut names, pirlint_plugin_sdk::rule::text_of(source, a));
        }
        leading_names(pirlint_plugin_sdk::rule::text_of(source, &e.text), &mut names);
    }
    for x in extra {
        add_value(&mut names, x);
    }
    names
}

/// "Dave Mitchell starts the push": two capitalized words followed by a
/// lower-case word at the start of an entry or of a clause in it. Only the
/// full name is kept, since a first name alone could be any capitalized
/// word.
fn leading_names(text: &str, names: &mut Names) {
    let toks = lang::tokenize(text, 0, text.len());
    let cap = |t: &Tok| {
        t.is_word()
            && t.text.starts_with(|c: char| c.is_uppercase())
            && t.text.chars().skip(1).any(char::is_lowercase)
            && t.text.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            && !NOT_A_NAME.contains(&t.text)
            && !STOP.contains(&t.text)
    };
    for k in 0..toks.len() {
        let clause_start = k == 0 || matches!(toks[k - 1].kind, Kind::Punct(';' | '.' | ':' | ','));
        if !clause_start || k + 2 >= toks.len() {
            continue;
        }
        let (a, b, c) = (&toks[k], &toks[k + 1], &toks[k + 2]);
        if cap(a) && cap(b) && c.is_word() && c.text.starts_with(|ch: char| ch.is_lowercase()) {
            names.add(vec![a.text.to_string(), b.text.to_string()]);
        }
    }
}

/// Words that report speech: the name before them is the speaker, not the
/// subject of what follows ("Priya noted that we should have ...").
fn is_reporting_verb(w: &str) -> bool {
    matches!(
        w,
        "said" | "says" | "noted" | "notes" | "told" | "asked" | "wrote" | "mentioned" | "explained"
            | "reported" | "confirmed" | "thinks" | "thought" | "believes" | "felt" | "feels"
            | "pointed" | "suggested" | "argued" | "agreed" | "and" | "but" | "so" | "because"
            | "while" | "when" | "since" | "although" | "though" | "after" | "before" | "until"
            | "or" | "whereas"
    )
}

/// The name a hit is about: the possessor in "Dave's fault", the subject
/// before the phrase in the same clause, or the object of "fault of" /
/// "blamed on".
pub fn named_in(toks: &[Tok], hit: &Hit, names: &Names) -> Option<Span> {
    if names.is_empty() {
        return None;
    }
    if let Some(p) = hit.possessor {
        if let Some(span) = names.ending_at(toks, p + 1) {
            return Some(span);
        }
    }
    if hit.family == Family::NamedOnly {
        return names.match_at(toks, hit.first + 1).map(|(s, _)| s);
    }
    let mut k = hit.first;
    while k > 0 {
        let t = &toks[k - 1];
        if matches!(t.kind, Kind::Punct('.' | '!' | '?' | ';' | ':' | '(' | ')' | '—' | '–')) {
            break;
        }
        if t.is_word() && is_reporting_verb(&t.lower) {
            break;
        }
        if let Some(span) = names.ending_at(toks, k) {
            return Some(span);
        }
        k -= 1;
    }
    if hit.key == "fault of" || hit.key == "blame" {
        for j in hit.last..hit.last + 3 {
            let t = toks.get(j)?;
            if !t.is_word() {
                return None;
            }
            if let Some((span, _)) = names.match_at(toks, j) {
                return Some(span);
            }
            if !matches!(t.l(), "on" | "the" | "to" | "it") {
                return None;
            }
        }
    }
    None
}
