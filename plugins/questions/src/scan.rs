//! Text scanning: keyword matching, word counts and question/answer lines.

use std::borrow::Cow;

use pirlint_plugin_sdk::prelude::*;

/// Lower-cases and turns every run of non-alphanumeric characters into one
/// space, so "Follow-ups" and "follow ups", "didn't" and "didn t" compare
/// equal.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        // ASCII first: the Unicode tables behind `is_alphanumeric` and
        // `to_lowercase` are costly, and most text is ASCII.
        let alnum = if c.is_ascii() { c.is_ascii_alphanumeric() } else { c.is_alphanumeric() };
        if alnum {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            space = true;
        }
    }
    out
}

/// [`normalize`]d `s`, borrowed when it is so already (as keywords and
/// section names mostly are): no copy then.
pub fn normalized(s: &str) -> Cow<'_, str> {
    let b = s.as_bytes();
    let done = b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b' ')
        && !b.windows(2).any(|w| w == b"  ");
    if done {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(normalize(s))
    }
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

/// Keywords normalized and prepared to be searched for together: one pass
/// over a normalized text tries, at each word start, only the keywords
/// beginning with its byte, where a substring search per keyword would
/// scan the text once per keyword.
#[derive(Debug)]
pub struct Keywords<'a> {
    /// Keywords found by the word-start scan.
    keys: Vec<Cow<'a, str>>,
    /// Bit `b` is set when one of `keys` starts with byte `b`.
    first: [u64; 4],
    /// By first byte, the indices of the `keys` that start with it: a word
    /// start compares only those (a long list of evidence phrases would
    /// otherwise be compared whole at most words).
    by_first: Vec<Vec<u16>>,
    /// Keywords searched for as [`matches_normalized`] does (see
    /// [`needs_substring_search`]).
    odd: Vec<Cow<'a, str>>,
}

impl<'a> Keywords<'a> {
    pub fn new(ks: &'a [String]) -> Self {
        let mut first = [0u64; 4];
        let mut keys = Vec::with_capacity(ks.len());
        let mut by_first: Vec<Vec<u16>> = vec![Vec::new(); 256];
        let mut odd = Vec::new();
        for k in ks {
            let k = normalized(k);
            let Some(&b) = k.as_bytes().first() else {
                continue; // matches nothing
            };
            if needs_substring_search(k.as_bytes()) {
                odd.push(k);
            } else {
                first[usize::from(b >> 6)] |= 1 << (b & 63);
                by_first[usize::from(b)].push(keys.len() as u16);
                keys.push(k);
            }
        }
        Keywords { keys, first, by_first, odd }
    }

    /// True when `matches_normalized(t, k)` for some keyword `k`.
    pub fn matches(&self, t: &str) -> bool {
        if self.odd.iter().any(|k| matches_normalized(t, k)) {
            return true;
        }
        if self.keys.is_empty() {
            return false;
        }
        let b = t.as_bytes();
        let mut i = 0;
        while let Some(&c) = b.get(i) {
            if self.first[usize::from(c >> 6)] & (1 << (c & 63)) != 0
                && self.by_first[usize::from(c)].iter().any(|&k| b[i..].starts_with(self.keys[usize::from(k)].as_bytes()))
            {
                return true;
            }
            // On to the next word start (a normalized text has single spaces).
            match rest_after_space(&b[i..]) {
                Some(j) => i += j,
                None => break,
            }
        }
        false
    }
}

/// Which questions have evidence in the report's prose: `questions` is
/// (question index, its evidence phrases, the words the sentence holding
/// one needs). One pass of a [`text::PhraseSet`] over the prose finds every
/// phrase (at a word start, case-insensitively); only the sentences around
/// hits are measured, so a 3 MB report costs a few instructions a byte.
pub fn evidence_found(cx: &Context<'_>, questions: &[(usize, &[String], usize)]) -> Vec<usize> {
    let source = cx.source();
    let mut phrases: Vec<(&str, text::Case)> = Vec::new();
    let mut slot_of: Vec<usize> = Vec::new();
    for (slot, (_, list, _)) in questions.iter().enumerate() {
        for p in list.iter() {
            phrases.push((p.as_str(), text::Case::Insensitive));
            slot_of.push(slot);
        }
    }
    let set = text::PhraseSet::prefixes(&phrases);
    let mut found = vec![false; questions.len()];
    let mut left = questions.len();
    for run in cx.prose() {
        set.each(source, run.span, |k, hit| {
            let slot = slot_of[k];
            if !found[slot] && sentence_words(source, run.span, hit) >= questions[slot].2.max(1) {
                found[slot] = true;
                left -= 1;
            }
            left > 0
        });
        if left == 0 {
            break;
        }
    }
    questions.iter().zip(found).filter(|(_, f)| *f).map(|(q, _)| q.0).collect()
}

/// The words of the sentence of `run` that holds `hit` (sentences end at
/// `.`, `!`, `?` and line ends).
fn sentence_words(source: &str, run: Span, hit: Span) -> usize {
    let text = text::slice(source, run);
    let at = (hit.start - run.start) as usize;
    let is_end = |c: char| matches!(c, '.' | '!' | '?' | '\n');
    let start = text[..at].rfind(is_end).map_or(0, |i| i + 1);
    let end = text[at..].find(is_end).map_or(text.len(), |i| at + i);
    text[start..end].split_whitespace().count()
}

fn rest_after_space(b: &[u8]) -> Option<usize> {
    b.iter().position(|&x| x == b' ').map(|j| j + 1)
}

/// `str::match_indices` reports non-overlapping matches, so an occurrence
/// at a word start can hide behind an overlapping one that is not: "ba a a"
/// has "a a" at 1 (hiding 3). The hidden occurrence starts right after a
/// space inside the first, so the keyword has a period `d` with a space at
/// `d - 1`. Any other keyword is found by [`matches_normalized`] exactly
/// when it occurs at a word start.
fn needs_substring_search(k: &[u8]) -> bool {
    (1..k.len()).any(|d| k[d - 1] == b' ' && k[d..] == k[..k.len() - d])
}

const PLACEHOLDERS: &[&str] = &["TODO", "TBD", "TBA", "FIXME", "XXX"];
const TEMPLATE_VERBS: &[&str] = &["insert", "add", "enter", "describe", "fill", "your", "placeholder", "replace"];

/// Words of an answer that carry content, and the first placeholder seen.
/// HTML comments, template instructions (`[Insert ...]`) and placeholders
/// (TODO, TBD, N/A, ...) do not count.
pub fn count_words(text: &str) -> (usize, Option<String>) {
    count_words_upto(text, usize::MAX)
}

/// [`count_words`], except that it may stop counting at `enough` words: a
/// count of `enough` or more means only that, and its placeholder is then
/// meaningless. (An answer is long enough or not: counting all the words
/// of a long section to learn that would be waste.)
pub fn count_words_upto(text: &str, enough: usize) -> (usize, Option<String>) {
    // Most answers have nothing to strip: no copies then. Neither strip
    // does anything to a text without `<` and `[`.
    let stripped: Cow<str> = if !text.bytes().any(|b| b == b'<' || b == b'[') {
        Cow::Borrowed(text)
    } else {
        let s = text::strip_html_comments(text);
        Cow::Owned(strip_template_brackets(&s).unwrap_or(s))
    };
    // "lorem ipsum" anywhere makes it no answer, whatever its length.
    let lorem = contains_lorem_ipsum(&stripped);
    let enough = if lorem { usize::MAX } else { enough };
    let (mut n, mut ph) = (0, None);
    tally(content_tokens(&stripped), enough, &mut n, &mut ph);
    if lorem {
        ph.get_or_insert_with(|| "lorem ipsum".to_string());
        n = 0;
    }
    (n, ph)
}

/// Counts the `tokens` that are not placeholders into `n` (stopping at
/// `enough`) and keeps the first placeholder in `ph`.
fn tally<'a>(tokens: impl Iterator<Item = &'a str>, enough: usize, n: &mut usize, ph: &mut Option<String>) {
    for bare in tokens {
        if *n >= enough {
            break;
        }
        // No character outside ASCII lower-cases to `n`, `a` or `/`, so an
        // ASCII comparison is the same as comparing `to_lowercase()`.
        let na = bare.eq_ignore_ascii_case("n/a") || bare.eq_ignore_ascii_case("na");
        if PLACEHOLDERS.contains(&bare) || na {
            ph.get_or_insert_with(|| bare.to_string());
        } else {
            *n += 1;
        }
    }
}

/// True when `body` has nothing [`count_words`] would strip (no `<`, no
/// `[`) and no "lorem ipsum" (in any case).
pub fn is_plain(body: &str) -> bool {
    const P: &[u8] = b"lorem ipsum";
    let b = body.as_bytes();
    // One pass for both, as most bodies are plain.
    !b.iter().enumerate().any(|(i, &c)| {
        c == b'<' || c == b'[' || (c | 0x20 == b'l' && b[i..].len() >= P.len() && b[i..i + P.len()].eq_ignore_ascii_case(P))
    })
}

/// `count_words_upto` of the [`without_questions`] of each of `bodies`,
/// joined by newlines: the answer a section and its subsections give.
/// `plain` tells whether every body [`is_plain`].
pub fn answer_words_upto(bodies: &[&str], plain: bool, enough: usize) -> (usize, Option<String>) {
    // Without anything to strip and without "lorem ipsum" (which, having no
    // newline, would be in a body if it were in the joined text), the words
    // are those of the kept lines: count them where they are, up to
    // `enough`, instead of copying every body to count a few words.
    if !plain {
        let text = bodies.iter().map(|b| without_questions(b)).collect::<Vec<_>>().join("\n");
        return count_words_upto(&text, enough);
    }
    let (mut n, mut ph) = (0, None);
    let lines = bodies.iter().flat_map(|b| b.lines()).filter(|l| !is_question_line(l));
    tally(lines.flat_map(content_tokens), enough, &mut n, &mut ph);
    (n, ph)
}

/// The whitespace-separated tokens of `s` that have an alphanumeric
/// character, each trimmed of the characters that are neither alphanumeric
/// nor `/` (and so not ending with `:`): what `split_whitespace`,
/// `trim_matches` and a search for an alphanumeric per token give, in one
/// pass over the characters that looks up no Unicode table for ASCII.
fn content_tokens(s: &str) -> impl Iterator<Item = &str> {
    let mut chars = s.char_indices();
    std::iter::from_fn(move || loop {
        // (start, end) of the token's alphanumeric-or-`/` run, and whether it
        // has an alphanumeric.
        let mut keep: Option<(usize, usize)> = None;
        let mut alnum_seen = false;
        let mut in_token = false;
        for (i, c) in chars.by_ref() {
            let (space, alnum) = if c.is_ascii() {
                // `char::is_whitespace` also holds for U+000B.
                (c.is_ascii_whitespace() || c == '\x0B', c.is_ascii_alphanumeric())
            } else {
                (c.is_whitespace(), c.is_alphanumeric())
            };
            if space {
                if in_token {
                    break;
                }
                continue;
            }
            in_token = true;
            if alnum || c == '/' {
                let end = i + c.len_utf8();
                keep = Some((keep.map_or(i, |k| k.0), end));
                alnum_seen |= alnum;
            }
        }
        if !in_token {
            return None;
        }
        if let (true, Some((a, b))) = (alnum_seen, keep) {
            return Some(&s[a..b]);
        }
    })
}

/// `s.to_lowercase().contains("lorem ipsum")` without the copy: the only
/// characters outside ASCII that lower-case to something with ASCII in it
/// are the Kelvin sign (`k`) and `İ` (`i` and then U+0307), neither of
/// which can be part of a match, so an ASCII case-insensitive search is
/// the same.
fn contains_lorem_ipsum(s: &str) -> bool {
    const P: &[u8] = b"lorem ipsum";
    s.as_bytes()
        .windows(P.len())
        .any(|w| w[0] | 0x20 == b'l' && w.eq_ignore_ascii_case(P))
}

/// `s` without template instructions, or `None` when it has no brackets.
fn strip_template_brackets(s: &str) -> Option<String> {
    let first = s.find(['[', '<'])?;
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..first]);
    let mut rest = &s[first..];
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
    Some(out)
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
pub fn markers(cx: &Context<'_>, lessons_scope: &[bool]) -> Vec<Marker> {
    let (report, source) = (cx.report, cx.source());
    let mut out = Vec::new();
    for (i, s) in report.sections.iter().enumerate() {
        if matches!(cx.kind(s), Some("timeline" | "recommendations")) {
            continue;
        }
        let lessons = lessons_scope.get(i).copied().unwrap_or(false);
        // Compared only for a section with a marker: most have none.
        let mut verbatim = None;
        let lines = classify(body_of(source, s), lessons);
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
            let span = if *verbatim.get_or_insert_with(|| s.body.is_none()) {
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
    // (Counting words only as far as the comparisons need.)
    if c.ends_with('?')
        && !q.ends_with(':')
        && q.split_whitespace().nth(1).is_some()
        && c.split_whitespace().take(31).count() <= 30
    {
        return Some((c.to_string(), String::new(), item));
    }
    if lessons {
        // "Who discovered it: the checkout alert paged ..."
        if let Some(j) = c.find(':') {
            let label = &c[..j];
            let after = &c[j + 1..];
            let words = label.split_whitespace().take(9).count();
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
    body.lines().filter(|l| !is_question_line(l)).collect::<Vec<_>>().join("\n")
}

fn is_question_line(l: &str) -> bool {
    let t = l.trim();
    let t = list_content(t).unwrap_or(t).trim_matches(|c| c == '*' || c == '_' || c == ':' || c == ' ');
    t.ends_with('?')
}
