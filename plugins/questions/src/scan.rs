//! Text scanning: keyword matching, word counts and question/answer lines.

use pirlint_plugin_sdk::prelude::*;

/// Lower-cases and turns every run of non-alphanumeric characters into one
/// space, so "Follow-ups" and "follow ups", "didn't" and "didn t" compare
/// equal.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// True when `keyword` occurs in `text` starting at a word start; its end
/// need not be a word end, so "contain" matches "contained".
#[cfg(test)]
pub fn matches_keyword(text: &str, keyword: &str) -> bool {
    matches_normalized(&normalize(text), &normalize(keyword))
}

/// `matches_keyword` for a text and keyword already [`normalize`]d, so
/// that a text searched for many keywords is normalized once.
pub fn matches_normalized(t: &str, k: &str) -> bool {
    if k.is_empty() {
        return false;
    }
    t.match_indices(k)
        .any(|(i, _)| i == 0 || t.as_bytes()[i - 1] == b' ')
}

/// True when any of the normalized keywords `ks` matches the normalized `t`.
pub fn matches_any(t: &str, ks: &[String]) -> bool {
    ks.iter().any(|k| matches_normalized(t, k))
}

const PLACEHOLDERS: &[&str] = &["TODO", "TBD", "TBA", "FIXME", "XXX"];
const TEMPLATE_VERBS: &[&str] = &["insert", "add", "enter", "describe", "fill", "your", "placeholder", "replace"];

/// Words of an answer that carry content, and the first placeholder seen.
/// HTML comments, template instructions (`[Insert ...]`) and placeholders
/// (TODO, TBD, N/A, ...) do not count.
pub fn count_words(text: &str) -> (usize, Option<String>) {
    let stripped = text::strip_html_comments(text);
    let stripped = strip_template_brackets(&stripped);
    let mut n = 0;
    let mut ph = None;
    for tok in stripped.split_whitespace() {
        let t = tok.trim_matches(|c: char| !c.is_alphanumeric() && c != '/');
        if !t.chars().any(char::is_alphanumeric) {
            continue;
        }
        let bare = t.trim_end_matches(':');
        // No character outside ASCII lower-cases to `n`, `a` or `/`, so an
        // ASCII comparison is the same as comparing `to_lowercase()`.
        let na = bare.eq_ignore_ascii_case("n/a") || bare.eq_ignore_ascii_case("na");
        if PLACEHOLDERS.contains(&bare) || na {
            ph.get_or_insert_with(|| bare.to_string());
            continue;
        }
        n += 1;
    }
    if stripped.to_lowercase().contains("lorem ipsum") {
        ph.get_or_insert_with(|| "lorem ipsum".to_string());
        n = 0;
    }
    (n, ph)
}

fn strip_template_brackets(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(['[', '<']) {
        out.push_str(&rest[..i]);
        let close = if rest[i..].starts_with('[') { ']' } else { '>' };
        let after = &rest[i + 1..];
        let inner_end = after.find([close, '\n']);
        let is_template = inner_end.is_some_and(|j| {
            after[j..].starts_with(close) && {
                let inner = after[..j].trim_start().to_lowercase();
                TEMPLATE_VERBS.iter().any(|v| {
                    inner.starts_with(v) && !inner[v.len()..].starts_with(char::is_alphanumeric)
                })
            }
        });
        match (is_template, inner_end) {
            (true, Some(j)) => rest = &after[j + 1..],
            _ => {
                out.push_str(&rest[i..i + 1]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A question or label line in a section, with the answer that follows it.
#[derive(Debug, Clone)]
pub struct Marker {
    /// The question or label text ("What could have been done differently?").
    pub label: String,
    /// Its answer: the rest of the line and the lines belonging to it.
    pub answer: String,
    /// The marker line in the source (the section heading when the body is
    /// not verbatim in the source, as in JSON).
    pub span: Span,
}

const INTERROGATIVES: &[&str] = &[
    "what", "who", "how", "when", "where", "why", "which", "did", "do", "does", "were", "was",
    "is", "are", "could", "would", "should", "has", "have", "can",
];

struct Line<'a> {
    text: &'a str,
    start: usize,
    indent: usize,
    blank: bool,
    /// (label, rest of line, is a list item)
    marker: Option<(String, String, bool)>,
}

/// Question/answer markers in every section except the timeline and
/// recommendations. Inside lessons learned (`lessons_scope[i]`), bold labels
/// and short "Label: answer" lines count too; elsewhere only lines that are
/// questions ("**What happened?**", "Who discovered it?").
pub fn markers(report: &Report, source: &str, lessons_scope: &[bool]) -> Vec<Marker> {
    let mut out = Vec::new();
    for (i, s) in report.sections.iter().enumerate() {
        if matches!(s.kind.as_deref(), Some("timeline" | "recommendations")) {
            continue;
        }
        let lessons = lessons_scope.get(i).copied().unwrap_or(false);
        let verbatim = text::slice(source, s.body_span) == s.body;
        let lines = classify(&s.body, lessons);
        for (k, l) in lines.iter().enumerate() {
            let Some((label, rest, item)) = &l.marker else {
                continue;
            };
            let mut answer = rest.clone();
            let mut pending_blank = false;
            for m in &lines[k + 1..] {
                if m.marker.is_some() {
                    break;
                }
                if *item {
                    if m.blank {
                        pending_blank = true;
                        continue;
                    }
                    // Only what is nested under the item belongs to it.
                    if m.indent <= l.indent || (pending_blank && m.indent <= l.indent + 1) {
                        break;
                    }
                }
                answer.push('\n');
                answer.push_str(m.text);
            }
            let span = if verbatim {
                let start = s.body_span.start as usize + l.start;
                text::trim(source, Span::from_range(start..start + l.text.len()))
            } else {
                s.heading_span
            };
            out.push(Marker {
                label: label.clone(),
                answer,
                span,
            });
        }
    }
    out
}

fn classify(body: &str, lessons: bool) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut fence: Option<&str> = None;
    let mut start = 0;
    for raw in body.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let this_start = start;
        start += raw.len();
        let t = line.trim_start();
        let indent = line.len() - t.len();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(&t[..3]);
            continue;
        }
        let blank = text::is_blank(t);
        let marker = if blank || t.starts_with('>') || t.starts_with('|') {
            None
        } else {
            marker_of(t, lessons)
        };
        out.push(Line {
            text: line,
            start: this_start,
            indent,
            blank,
            marker,
        });
    }
    out
}

fn list_content(t: &str) -> Option<&str> {
    let b = t.as_bytes();
    let after = if matches!(b.first(), Some(b'-' | b'*' | b'+')) && matches!(b.get(1), Some(b' ' | b'\t')) {
        1
    } else {
        let d = b.iter().take_while(|c| c.is_ascii_digit()).count();
        if d == 0 || d > 9 || !matches!(b.get(d), Some(b'.' | b')')) || !matches!(b.get(d + 1), Some(b' ' | b'\t')) {
            return None;
        }
        d + 1
    };
    Some(t[after..].trim_start())
}

fn marker_of(t: &str, lessons: bool) -> Option<(String, String, bool)> {
    let (content, item) = match list_content(t) {
        Some(c) => (c, true),
        None => (t, false),
    };
    let question_like = |label: &str| {
        let l = label.trim().trim_end_matches(':').trim_end();
        l.ends_with('?')
            || normalize(l)
                .split(' ')
                .next()
                .is_some_and(|w| INTERROGATIVES.contains(&w))
    };
    // **Bold label** rest / __Bold label__ rest
    for d in ["**", "__"] {
        if let Some(inner) = content.strip_prefix(d) {
            if let Some(j) = inner.find(d) {
                let label = inner[..j].trim();
                let rest = inner[j + 2..].trim_start();
                let rest = rest.strip_prefix(':').unwrap_or(rest).trim();
                // A bold phrase opening a sentence is emphasis, not a label.
                let whole_label = rest.is_empty() || label.ends_with(':') || label.ends_with('?')
                    || inner[j + 2..].trim_start().starts_with(':');
                if !label.is_empty() && whole_label && (lessons || question_like(label)) {
                    return Some((label.to_string(), rest.to_string(), item));
                }
            }
            return None;
        }
    }
    let c = content.trim_end();
    // "Time to detection: ?" is an unanswered stat, not a question.
    let q = c.trim_end_matches('?').trim_end();
    if c.ends_with('?') && !q.ends_with(':') && q.split_whitespace().count() >= 2 && c.split_whitespace().count() <= 30 {
        return Some((c.to_string(), String::new(), item));
    }
    if lessons {
        // "Who discovered it: the checkout alert paged ..."
        if let Some(j) = c.find(':') {
            let label = &c[..j];
            let after = &c[j + 1..];
            let words = label.split_whitespace().count();
            if (1..=8).contains(&words)
                && (after.is_empty() || after.starts_with(char::is_whitespace))
                && label.starts_with(char::is_alphabetic)
                && !label.contains(['.', '(', '`'])
            {
                return Some((label.to_string(), after.trim().to_string(), item));
            }
        }
    }
    None
}

/// `body` without the lines that are only a question ("Were customers
/// notified?"), so that a question left in a template is not its own answer.
pub fn without_questions(body: &str) -> String {
    body.lines()
        .filter(|l| {
            let t = l.trim();
            let t = list_content(t).unwrap_or(t).trim_matches(|c| c == '*' || c == '_' || c == ':' || c == ' ');
            !t.ends_with('?')
        })
        .collect::<Vec<_>>()
        .join("\n")
}
