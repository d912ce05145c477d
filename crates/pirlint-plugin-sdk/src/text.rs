//! Helpers over the report's source text and byte [`Span`]s.
//!
//! All offsets are UTF-8 byte offsets into the source, as in the contract.
//! Functions never panic on bad spans (out of range, inverted, or not on a
//! character boundary): they treat such a span as empty.

use crate::types::Span;

/// Whether a phrase search distinguishes upper and lower case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// `TODO` matches only `TODO`.
    Sensitive,
    /// `lorem ipsum` matches `Lorem Ipsum` (Unicode simple case folding).
    Insensitive,
}

/// The text of `span` in `source`, or `""` if the span is not valid for it.
pub fn slice(source: &str, span: Span) -> &str {
    if span.end < span.start {
        return "";
    }
    source.get(span.range()).unwrap_or("")
}

/// `span` shrunk to exclude leading and trailing whitespace (an empty span
/// at `span.start` if it is all whitespace or invalid).
pub fn trim(source: &str, span: Span) -> Span {
    let s = slice(source, span);
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    if t.is_empty() {
        return Span::new(span.start, span.start);
    }
    let start = span.start as usize + lead;
    Span::from_range(start..start + t.len())
}

/// True for characters that make up words: letters, digits and `_`.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        c.is_alphanumeric()
    }
}

/// Whole-word, case-insensitive matches of `phrase` inside `within`.
///
/// A space in the phrase matches any run of whitespace (including a line
/// break). Word boundaries are honored only at phrase ends that are word
/// characters, like regex `\b`: `"todo"` does not match in `"todos"`, while
/// `"???"` matches wherever it occurs. Matches do not overlap.
///
/// ```
/// use pirlint_plugin_sdk::{text, types::Span};
/// let src = "Root cause: human error. Humanerror is not. HUMAN\nERROR again";
/// let hits = text::find_phrase(src, Span::new(0, src.len() as u32), "human error");
/// assert_eq!(hits.len(), 2);
/// assert_eq!(text::slice(src, hits[0]), "human error");
/// ```
pub fn find_phrase(source: &str, within: Span, phrase: &str) -> Vec<Span> {
    find(source, within, phrase, Case::Insensitive)
}

/// Like [`find_phrase`], with the case sensitivity given.
pub fn find(source: &str, within: Span, phrase: &str, case: Case) -> Vec<Span> {
    let mut out = Vec::new();
    let pchars: Vec<char> = phrase.trim().chars().collect();
    let (Some(&first), Some(&last)) = (pchars.first(), pchars.last()) else {
        return out;
    };
    let hay = slice(source, within);
    if hay.is_empty() {
        return out;
    }
    let base = within.start as usize;
    let bytes = hay.as_bytes();
    // Prefilter on the first character, so that most positions cost one
    // byte comparison instead of a call to `match_at`. When the phrase
    // starts with an ASCII character, a match can only start at that byte
    // (either case when case-insensitive) or, case-insensitively, at a
    // non-ASCII character, which may fold to it (KELVIN SIGN folds to `k`):
    // those still get the full comparison, so the results are unchanged.
    let ascii_first = first.is_ascii();
    let (lower, upper) = match case {
        Case::Insensitive => (first.to_ascii_lowercase() as u32, first.to_ascii_uppercase() as u32),
        Case::Sensitive => (first as u32, first as u32),
    };
    let word_first = is_word_char(first);
    let mut i = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        let candidate = if (0x80..0xC0).contains(&b) {
            false // inside a character
        } else if !ascii_first {
            true
        } else if b < 0x80 {
            b as u32 == lower || b as u32 == upper
        } else {
            case == Case::Insensitive
        };
        // The word-start test does not depend on the match, and most
        // candidates are inside words: test it before comparing.
        if !candidate || (word_first && prev_is_word(source, base, hay, i)) {
            i += 1;
            continue;
        }
        let Some(len) = match_at(&hay[i..], &pchars, case) else {
            i += 1;
            continue;
        };
        let (start, end) = (base + i, base + i + len);
        if is_word_char(last) && source[end..].chars().next().is_some_and(is_word_char) {
            i += 1;
            continue;
        }
        out.push(Span::from_range(start..end));
        i += len;
    }
    out
}

/// [`find`] for several phrases at once, in one pass over the text: the
/// result holds, for each `(phrase, case)` in order, exactly what
/// `find(source, within, phrase, case)` returns. To search many spans for
/// the same phrases, build a [`PhraseSet`] once.
pub fn find_many(source: &str, within: Span, phrases: &[(&str, Case)]) -> Vec<Vec<Span>> {
    PhraseSet::new(phrases).find(source, within)
}

/// Phrases prepared for [`PhraseSet::find`]: one pass over a text finds
/// them all. A table indexed by byte says which phrases can start there, so
/// a position that starts none costs one lookup whatever their number; a
/// second table, on the next byte, and one word-start test per position
/// rule out most of the rest before any comparison.
#[derive(Clone, Debug)]
pub struct PhraseSet {
    phrases: Vec<Prepared>,
    /// One per group of 64 phrases.
    tables: Vec<Group>,
}

/// The tables of a group of 64 phrases: bit `k % 64` stands for phrase `k`.
/// Non-ASCII bytes share one mask each, so that building a set costs a few
/// writes per phrase, not a loop over the bytes.
#[derive(Clone, Debug)]
struct Group {
    /// By ASCII byte, the phrases that can start there (the same candidate
    /// positions as `find`'s prefilter).
    starts: [u64; 128],
    /// The phrases that can start at any character: a non-ASCII first one.
    anywhere: u64,
    /// The phrases that can start at a non-ASCII character.
    starts_non_ascii: u64,
    /// The phrases with an ASCII first and second character (not
    /// whitespace): when the first matched an ASCII byte, the second must
    /// match the next byte. Whitespace and other characters are left to
    /// `match_at`.
    needs_second: u64,
    /// Of `needs_second`, by ASCII byte, those whose second character that
    /// byte can be.
    second: [u64; 128],
    /// Of `needs_second`, those whose second character a non-ASCII
    /// character can be (case-insensitive: it may fold to it).
    second_non_ascii: u64,
    /// The phrases whose first character is a word character: they match
    /// only at a word start.
    word_first: u64,
}

#[derive(Clone, Debug)]
struct Prepared {
    chars: Vec<char>,
    case: Case,
    word_last: bool,
}

impl PhraseSet {
    /// Prepares `phrases` that match at a word start and may end inside a
    /// word: "mitigat" finds "mitigated" and "mitigation".
    pub fn prefixes(phrases: &[(&str, Case)]) -> Self {
        let mut set = PhraseSet::new(phrases);
        for p in &mut set.phrases {
            p.word_last = false;
        }
        set
    }

    /// Prepares `phrases` (as given to [`find`]).
    pub fn new(phrases: &[(&str, Case)]) -> Self {
        let empty = Group {
            starts: [0; 128],
            anywhere: 0,
            starts_non_ascii: 0,
            needs_second: 0,
            second: [0; 128],
            second_non_ascii: 0,
            word_first: 0,
        };
        let mut tables = vec![empty; phrases.len().div_ceil(64)];
        let mut prepared = Vec::with_capacity(phrases.len());
        for (k, &(phrase, case)) in phrases.iter().enumerate() {
            let chars: Vec<char> = phrase.trim().chars().collect();
            let word_last = match (chars.first(), chars.last()) {
                (Some(&first), Some(&last)) => {
                    let g = &mut tables[k / 64];
                    let bit = 1u64 << (k % 64);
                    let insensitive = case == Case::Insensitive;
                    if !first.is_ascii() {
                        g.anywhere |= bit;
                        g.starts_non_ascii |= bit;
                    } else {
                        g.starts[first as usize] |= bit;
                        if insensitive {
                            g.starts[first.to_ascii_lowercase() as usize] |= bit;
                            g.starts[first.to_ascii_uppercase() as usize] |= bit;
                            // A non-ASCII character may fold to it
                            // (KELVIN SIGN to `k`).
                            g.starts_non_ascii |= bit;
                        }
                        if let Some(&c) = chars.get(1).filter(|c| c.is_ascii() && !c.is_whitespace()) {
                            g.needs_second |= bit;
                            g.second[c as usize] |= bit;
                            if insensitive {
                                g.second[c.to_ascii_lowercase() as usize] |= bit;
                                g.second[c.to_ascii_uppercase() as usize] |= bit;
                                g.second_non_ascii |= bit;
                            }
                        }
                    }
                    if is_word_char(first) {
                        g.word_first |= bit;
                    }
                    is_word_char(last)
                }
                _ => false,
            };
            prepared.push(Prepared { chars, case, word_last });
        }
        PhraseSet { phrases: prepared, tables }
    }

    /// For each phrase, in order, what [`find`] returns for it in `within`.
    pub fn find(&self, source: &str, within: Span) -> Vec<Vec<Span>> {
        let mut out: Vec<Vec<Span>> = self.phrases.iter().map(|_| Vec::new()).collect();
        self.scan(source, within, |k, span| {
            out[k].push(span);
            true
        });
        out
    }

    /// Calls `hit(phrase index, span)` for each match in `within` until it
    /// returns false: for callers that need only some of the matches.
    pub fn each(&self, source: &str, within: Span, hit: impl FnMut(usize, Span) -> bool) {
        self.scan(source, within, hit);
    }

    /// True when [`find`] finds any of the phrases in `within`; stops at the
    /// first match.
    pub fn any(&self, source: &str, within: Span) -> bool {
        let mut found = false;
        self.scan(source, within, |_, _| {
            found = true;
            false
        });
        found
    }

    /// Calls `hit(phrase index, span)` for each match, in text order per
    /// group of 64 phrases; stops when it returns false.
    fn scan(&self, source: &str, within: Span, mut hit: impl FnMut(usize, Span) -> bool) {
        let hay = slice(source, within);
        if hay.is_empty() {
            return;
        }
        let base = within.start as usize;
        let bytes = hay.as_bytes();
        // Where each phrase may match again (matches do not overlap);
        // allocated at the first match that does not stop the scan, since
        // most scans find nothing.
        let mut next: Vec<usize> = Vec::new();
        for (g, table) in self.tables.iter().enumerate() {
            for (i, &b) in bytes.iter().enumerate() {
                let mut mask = match b {
                    0..0x80 => table.starts[b as usize] | table.anywhere,
                    0x80..0xC0 => 0, // inside a character
                    _ => table.starts_non_ascii,
                };
                if mask == 0 {
                    continue;
                }
                if b < 0x80 {
                    // The first character is this byte: the second starts
                    // at the next (a character boundary).
                    let second = match bytes.get(i + 1) {
                        Some(&c) if c < 0x80 => table.second[c as usize],
                        Some(_) => table.second_non_ascii,
                        None => 0,
                    };
                    mask &= second | !table.needs_second;
                }
                // One word-start test per position, for all the phrases.
                if mask & table.word_first != 0 && prev_is_word(source, base, hay, i) {
                    mask &= !table.word_first;
                }
                while mask != 0 {
                    let k = g * 64 + mask.trailing_zeros() as usize;
                    mask &= mask - 1;
                    if next.get(k).is_some_and(|&n| i < n) {
                        continue;
                    }
                    let p = &self.phrases[k];
                    let Some(len) = match_at(&hay[i..], &p.chars, p.case) else {
                        continue;
                    };
                    let (start, end) = (base + i, base + i + len);
                    if p.word_last && source[end..].chars().next().is_some_and(is_word_char) {
                        continue;
                    }
                    if !hit(k, Span::from_range(start..end)) {
                        return;
                    }
                    if next.is_empty() {
                        next.resize(self.phrases.len(), 0);
                    }
                    next[k] = i + len;
                }
            }
        }
    }
}

/// Whether the character before offset `i` of `hay` (the text of a span
/// starting at `base` in `source`; `i` on a character boundary) is a word
/// character, looking outside the span at its start.
fn prev_is_word(source: &str, base: usize, hay: &str, i: usize) -> bool {
    if i == 0 {
        return source[..base].chars().next_back().is_some_and(is_word_char);
    }
    let b = hay.as_bytes()[i - 1];
    if b < 0x80 {
        b.is_ascii_alphanumeric() || b == b'_'
    } else {
        hay[..i].chars().next_back().is_some_and(is_word_char)
    }
}

/// Length in bytes of the match of `pattern` at the start of `s`, if any.
fn match_at(s: &str, pattern: &[char], case: Case) -> Option<usize> {
    let mut it = s.char_indices().peekable();
    let mut p = 0;
    while p < pattern.len() {
        let pc = pattern[p];
        if pc.is_whitespace() {
            while p < pattern.len() && pattern[p].is_whitespace() {
                p += 1;
            }
            let mut n = 0;
            while it.next_if(|&(_, c)| c.is_whitespace()).is_some() {
                n += 1;
            }
            if n == 0 {
                return None;
            }
            continue;
        }
        let (_, c) = it.next()?;
        let eq = c == pc
            || (case == Case::Insensitive
                && if c.is_ascii() && pc.is_ascii() {
                    c.eq_ignore_ascii_case(&pc)
                } else {
                    c.to_lowercase().eq(pc.to_lowercase())
                });
        if !eq {
            return None;
        }
        p += 1;
    }
    Some(it.peek().map_or(s.len(), |&(i, _)| i))
}

/// The lines of `span` (without their `\n` or `\r\n`), each as a span.
pub fn lines(source: &str, span: Span) -> Vec<Span> {
    let s = slice(source, span);
    let mut out = Vec::new();
    let mut start = span.start as usize;
    for line in s.split_inclusive('\n') {
        let content = line.strip_suffix('\n').unwrap_or(line);
        let content = content.strip_suffix('\r').unwrap_or(content);
        out.push(Span::from_range(start..start + content.len()));
        start += line.len();
    }
    out
}

/// The span of the first line of `source` that is not blank, trimmed; an
/// empty span at 0 if there is none.
pub fn first_line(source: &str) -> Span {
    lines(source, Span::from_range(0..source.len()))
        .into_iter()
        .map(|l| trim(source, l))
        .find(|l| !l.is_empty())
        .unwrap_or(Span::new(0, 0))
}

/// `text` with HTML comments (`<!-- ... -->`) removed; an unterminated
/// comment runs to the end.
pub fn strip_html_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = find_bytes(rest, b"<!--") {
        out.push_str(&rest[..i]);
        match find_bytes(&rest[i + 4..], b"-->") {
            Some(j) => rest = &rest[i + 4 + j + 3..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// `hay.find(needle)` for a short ASCII needle: a search for its first
/// byte (core's word-at-a-time `memchr`) then a comparison, much cheaper in
/// wasm than the general substring searcher.
fn find_bytes(hay: &str, needle: &[u8]) -> Option<usize> {
    let first = char::from(needle[0]);
    let mut i = 0;
    while let Some(j) = hay[i..].find(first) {
        if hay.as_bytes()[i + j..].starts_with(needle) {
            return Some(i + j);
        }
        i += j + 1;
    }
    None
}

/// True when `text` has no content: only whitespace and HTML comments.
pub fn is_blank(text: &str) -> bool {
    // What precedes the first comment is always kept, so text that does not
    // start with one (after whitespace) is blank only when empty: no search
    // for "<!--" through the whole text, and no copy.
    let rest = text.trim_start();
    if !rest.starts_with("<!--") {
        return rest.is_empty();
    }
    strip_html_comments(rest).trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(s: &str) -> Span {
        Span::from_range(0..s.len())
    }

    #[test]
    fn slice_is_total() {
        assert_eq!(slice("abc", Span::new(1, 2)), "b");
        assert_eq!(slice("abc", Span::new(1, 9)), "");
        assert_eq!(slice("abc", Span::new(2, 1)), "");
        assert_eq!(slice("é", Span::new(1, 2)), "");
    }

    #[test]
    fn trim_spans() {
        let s = "  hi there \n";
        assert_eq!(slice(s, trim(s, all(s))), "hi there");
        assert_eq!(trim("   ", Span::new(1, 3)), Span::new(1, 1));
    }

    #[test]
    fn phrases_honor_word_boundaries() {
        let s = "TODO: fix todos. (todo) xtodo todo_x Todo";
        let hits = find_phrase(s, all(s), "todo");
        let texts: Vec<_> = hits.iter().map(|h| slice(s, *h)).collect();
        assert_eq!(texts, ["TODO", "todo", "Todo"]);
        let cs = find(s, all(s), "TODO", Case::Sensitive);
        assert_eq!(cs, [Span::new(0, 4)]);
    }

    #[test]
    fn phrases_span_whitespace_and_unicode() {
        let s = "Lorem\n  IPSUM dolor; ÉTÉ été";
        assert_eq!(find_phrase(s, all(s), "lorem ipsum"), [Span::new(0, 13)]);
        let e = find_phrase(s, all(s), "été");
        assert_eq!(e.len(), 2);
        assert_eq!(slice(s, e[0]), "ÉTÉ");
    }

    #[test]
    fn punctuation_phrases_match_anywhere() {
        let s = "why???? ok ???";
        assert_eq!(find_phrase(s, all(s), "???").len(), 2);
        assert!(find_phrase(s, Span::new(0, 99), "ok").is_empty());
    }

    /// The straightforward search `find` must agree with: try every
    /// character position, no prefilter.
    fn find_reference(source: &str, within: Span, phrase: &str, case: Case) -> Vec<Span> {
        let mut out = Vec::new();
        let pchars: Vec<char> = phrase.trim().chars().collect();
        let (Some(&first), Some(&last)) = (pchars.first(), pchars.last()) else {
            return out;
        };
        let hay = slice(source, within);
        let base = within.start as usize;
        let mut next = 0usize;
        for (i, _) in hay.char_indices() {
            if i < next {
                continue;
            }
            let Some(len) = match_at(&hay[i..], &pchars, case) else {
                continue;
            };
            let (start, end) = (base + i, base + i + len);
            if is_word_char(first) && source[..start].chars().next_back().is_some_and(is_word_char) {
                continue;
            }
            if is_word_char(last) && source[end..].chars().next().is_some_and(is_word_char) {
                continue;
            }
            out.push(Span::from_range(start..end));
            next = i + len;
        }
        out
    }

    #[test]
    fn prefilter_changes_no_result() {
        let alphabet: Vec<char> = "aAkK\u{212A}ééÉ _x?\n-İi".chars().collect();
        let phrases = ["k", "kk", "a k", "É", "é a", "?", "??", "-", "i", "x_", "\u{212A}a"];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3000 {
            let mut s = String::new();
            for _ in 0..(seed % 17) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            let span = Span::from_range(0..s.len());
            for p in phrases {
                for case in [Case::Sensitive, Case::Insensitive] {
                    assert_eq!(find(&s, span, p, case), find_reference(&s, span, p, case), "{s:?} {p:?} {case:?}");
                }
            }
        }
        assert_eq!(find_phrase("\u{212A}elvin", Span::new(0, 8), "kelvin").len(), 1);
    }

    #[test]
    fn find_many_agrees_with_find() {
        let alphabet: Vec<char> = "aAkK\u{212A}ééÉ _x?\n-İiTOD".chars().collect();
        let words = ["k", "kk", "a k", "É", "é a", "?", "??", "-", "i", "x_", "\u{212A}a", "TODO", "", " ", "a"];
        let mut phrases: Vec<(&str, Case)> = Vec::new();
        for w in words {
            phrases.push((w, Case::Sensitive));
            phrases.push((w, Case::Insensitive));
        }
        // More than 64 phrases: processed in chunks.
        let many: Vec<(&str, Case)> = phrases.iter().cycle().take(70).copied().collect();
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..2000 {
            let mut s = String::new();
            for _ in 0..(seed % 23) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            let spans = [Span::from_range(0..s.len()), Span::new(1, s.len() as u32), Span::new(0, 99)];
            for span in spans {
                for set in [&phrases, &many] {
                    let got = find_many(&s, span, set);
                    for (k, &(p, case)) in set.iter().enumerate() {
                        assert_eq!(got[k], find(&s, span, p, case), "{s:?} {p:?} {case:?}");
                    }
                    let any = PhraseSet::new(&set[3..9]).any(&s, span);
                    assert_eq!(any, set[3..9].iter().any(|&(p, c)| !find(&s, span, p, c).is_empty()));
                }
            }
        }
    }

    #[test]
    fn boundaries_look_outside_the_span() {
        let s = "xTODO";
        assert!(find_phrase(s, Span::new(1, 5), "todo").is_empty());
    }

    #[test]
    fn lines_and_blank() {
        let s = "a\r\nbc\n\nd";
        let l: Vec<_> = lines(s, all(s)).into_iter().map(|x| slice(s, x)).collect();
        assert_eq!(l, ["a", "bc", "", "d"]);
        assert_eq!(first_line("\n  # T \nx"), Span::new(3, 6));
        assert!(is_blank(" <!-- c --> \n <!-- d"));
        assert!(!is_blank("<!-- c --> -"));
        assert_eq!(strip_html_comments("a<!--b-->c"), "ac");
        assert!(is_blank(" \n"));
        assert!(!is_blank(" x <!-- c -->"));
        assert!(!is_blank("<!-- c --><!- d"));
        assert!(is_blank("<!-- c --->\t<!--d--><!---->"));
        for text in [
            "", " \n\t", "<!-- x -->", " <!-- a --> \n<!-- b -->\n", "<!-- open", "x", " x <!-- y -->",
            "<!-- a --> x", "<!-- a -->-->", "\u{a0}<!-- a -->", "<!-<!-- -->", "<!--->",
        ] {
            assert_eq!(is_blank(text), strip_html_comments(text).trim().is_empty(), "{text:?}");
        }
    }

    #[test]
    fn comment_helpers_agree_with_str_search() {
        let alphabet: Vec<char> = "<!-> aé\n".chars().collect();
        let mut seed = 0x1234_5678_9abc_def1u64;
        for _ in 0..5000 {
            let mut s = String::new();
            for _ in 0..(seed % 19) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            for needle in ["<!--", "-->"] {
                assert_eq!(find_bytes(&s, needle.as_bytes()), s.find(needle), "{s:?}");
            }
            // `strip_html_comments` as written with `str::find`.
            let mut want = String::new();
            let mut rest = s.as_str();
            while let Some(i) = rest.find("<!--") {
                want.push_str(&rest[..i]);
                match rest[i + 4..].find("-->") {
                    Some(j) => rest = &rest[i + 4 + j + 3..],
                    None => {
                        rest = "";
                        break;
                    }
                }
            }
            want.push_str(rest);
            assert_eq!(strip_html_comments(&s), want, "{s:?}");
            assert_eq!(is_blank(&s), want.trim().is_empty(), "{s:?}");
        }
    }
}
