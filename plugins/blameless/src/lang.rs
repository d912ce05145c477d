//! Tokens of one prose run, with byte offsets into the report's source.
//!
//! The rules need more than phrase search: who the subject of "failed to"
//! is, whether a phrase is negated, which sentence a name is in. A tiny
//! tokenizer (words and punctuation) is enough for that and keeps the plugin
//! free of a regex engine.

use std::borrow::Cow;

use pirlint_plugin_sdk::text;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    Word,
    Punct(char),
}

#[derive(Clone, Debug)]
pub struct Tok<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    /// Lower-cased text with a curly apostrophe folded to `'`.
    pub lower: Cow<'a, str>,
    /// The text with a curly apostrophe folded to `'` (case kept).
    pub norm: Cow<'a, str>,
    pub kind: Kind,
    /// Inside double quotes or backticks within the run: someone else's
    /// words (a chat line, an error message), never flagged.
    pub quoted: bool,
}

impl<'a> Tok<'a> {
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    pub fn l(&self) -> &str {
        &self.lower
    }

    /// The word without a possessive `'s` (`Dave's` → `Dave`).
    pub fn base(&self) -> &'a str {
        for suffix in ["'s", "’s", "'S"] {
            if let Some(b) = self.text.strip_suffix(suffix) {
                if !b.is_empty() {
                    return b;
                }
            }
        }
        self.text
    }

    pub fn is_possessive(&self) -> bool {
        self.base().len() != self.text.len()
            || (self.lower.ends_with("s'") && self.lower.len() > 2)
    }

    /// Separates clauses: sentence ends and `, ; : ( ) — –` and quotes.
    pub fn ends_clause(&self) -> bool {
        matches!(
            self.kind,
            Kind::Punct(
                '.' | '!' | '?' | ';' | ':' | ',' | '(' | ')' | '—' | '–' | '"' | '“' | '”' | '`'
            )
        )
    }
}

fn joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '.')
}

fn fold(t: &str, lower: bool) -> Cow<'_, str> {
    let curly = t.contains('’');
    let upper = lower && t.chars().any(|c| !c.is_lowercase() && c.to_lowercase().next() != Some(c));
    match (curly, upper) {
        (false, false) => Cow::Borrowed(t),
        _ => {
            let s = if lower { t.to_lowercase() } else { t.to_string() };
            Cow::Owned(s.replace('’', "'"))
        }
    }
}

/// Tokenizes `[start, end)` of `source`.
pub fn tokenize(source: &str, start: usize, end: usize) -> Vec<Tok<'_>> {
    let s = source.get(start..end).unwrap_or("");
    let mut out = Vec::new();
    let mut it = s.char_indices().peekable();
    let mut quote_open: Option<char> = None;
    while let Some((off, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        if text::is_word_char(c) {
            let mut e = off + c.len_utf8();
            loop {
                let rest = &s[e..];
                let mut cs = rest.chars();
                match cs.next() {
                    Some(cj) if text::is_word_char(cj) => e += cj.len_utf8(),
                    Some(cj) if joiner(cj) && cs.next().is_some_and(text::is_word_char) => {
                        e += cj.len_utf8()
                    }
                    _ => break,
                }
            }
            while it.peek().is_some_and(|&(o, _)| o < e) {
                it.next();
            }
            let t = &s[off..e];
            out.push(Tok {
                start: start + off,
                end: start + e,
                text: t,
                lower: fold(t, true),
                norm: fold(t, false),
                kind: Kind::Word,
                quoted: quote_open.is_some(),
            });
            continue;
        }
        // A `.` inside a number or a name was joined above; here it is
        // punctuation. Abbreviations such as "e.g." would end a sentence
        // too early, which only makes the scope of a check smaller.
        let tok_quoted = quote_open.is_some();
        match (quote_open, c) {
            (None, '"' | '“' | '`') => quote_open = Some(c),
            (Some('"'), '"') | (Some('“'), '”') | (Some('`'), '`') => quote_open = None,
            _ => {}
        }
        let t = &s[off..off + c.len_utf8()];
        out.push(Tok {
            start: start + off,
            end: start + off + c.len_utf8(),
            text: t,
            lower: Cow::Borrowed(t),
            norm: Cow::Borrowed(t),
            kind: Kind::Punct(c),
            quoted: tok_quoted,
        });
    }
    // Words after an unmatched opening quote were marked quoted while it was
    // open; a stray quote must not hide the rest of the run, so unmark them.
    if let Some(open) = quote_open {
        let from = out
            .iter()
            .rposition(|t| t.kind == Kind::Punct(open))
            .unwrap_or(0);
        for t in &mut out[from..] {
            t.quoted = false;
        }
    }
    out
}

/// Whether token `i` starts a sentence (so a capital letter is expected).
pub fn at_sentence_start(toks: &[Tok], i: usize) -> bool {
    i == 0
        || matches!(
            toks[i - 1].kind,
            Kind::Punct('.' | '!' | '?' | ':' | '-' | '*' | '"' | '“' | '(' | '|' | '>')
        )
}

/// Whether `found` (as written) may stand for the lower-case phrase word
/// `want`: exactly, or capitalized at the start of a sentence.
pub fn case_ok(found: &str, want: &str, sentence_start: bool) -> bool {
    if found == want {
        return true;
    }
    if !sentence_start {
        return false;
    }
    let (mut f, mut w) = (found.chars(), want.chars());
    match (f.next(), w.next()) {
        (Some(fc), Some(wc)) => {
            fc.is_uppercase() && fc.to_lowercase().eq(std::iter::once(wc)) && f.as_str() == w.as_str()
        }
        _ => false,
    }
}

/// Splits a phrase into the lower-case words the tokenizer would produce.
pub fn phrase_words(phrase: &str) -> Vec<String> {
    tokenize(phrase, 0, phrase.len())
        .into_iter()
        .filter(Tok::is_word)
        .map(|t| t.lower.into_owned())
        .collect()
}

/// Whether `words` match the word tokens starting at `i` (consecutive, no
/// punctuation between). Returns the index one past the match.
pub fn match_words(toks: &[Tok], i: usize, words: &[String]) -> Option<usize> {
    if words.is_empty() {
        return None;
    }
    let start_ok = at_sentence_start(toks, i);
    for (k, w) in words.iter().enumerate() {
        let t = toks.get(i + k)?;
        if !t.is_word() || t.quoted {
            return None;
        }
        if t.lower != *w || !case_ok(&t.norm, w, start_ok && k == 0) {
            return None;
        }
    }
    Some(i + words.len())
}

/// Word tokens before `i` in the same clause, nearest first.
pub fn clause_before<'t, 'a>(toks: &'t [Tok<'a>], i: usize) -> impl Iterator<Item = (usize, &'t Tok<'a>)> {
    toks[..i]
        .iter()
        .enumerate()
        .rev()
        .take_while(|(_, t)| !t.ends_clause())
        .filter(|(_, t)| t.is_word())
}

/// A past participle, as after "should have": "been", a regular `-ed`
/// form, or a common irregular one.
pub fn is_participle(w: &str) -> bool {
    const IRREGULAR: &[&str] = &[
        "been", "known", "seen", "done", "gone", "caught", "taken", "made", "got", "gotten",
        "run", "put", "set", "let", "told", "thought", "kept", "left", "brought", "built", "sent",
        "spent", "understood", "found", "read", "written", "spoken", "given", "held", "hit",
        "shut", "stopped", "paid", "begun", "drawn", "chosen", "woken", "withdrawn", "undone",
        "rolled", "split", "sought", "taught", "won", "felt", "heard", "meant", "led", "spun",
    ];
    (w.len() >= 4 && w.ends_with("ed")) || IRREGULAR.contains(&w)
}

/// "-ly" adverbs that may sit between an auxiliary and its verb.
pub fn is_ly_adverb(w: &str) -> bool {
    w.len() > 4 && w.ends_with("ly") && !matches!(w, "apply" | "reply" | "supply" | "family")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<(String, bool)> {
        tokenize(s, 0, s.len())
            .into_iter()
            .filter(Tok::is_word)
            .map(|t| (t.text.to_string(), t.quoted))
            .collect()
    }

    #[test]
    fn joins_apostrophes_hyphens_and_numbers() {
        let w: Vec<String> = words("Dave's on-call didn't 10.0.0.1 end.").into_iter().map(|x| x.0).collect();
        assert_eq!(w, ["Dave's", "on-call", "didn't", "10.0.0.1", "end"]);
    }

    #[test]
    fn quotes_and_stray_quotes() {
        let w = words("he said \"should have\" then `x` and \"open");
        assert_eq!(
            w,
            [
                ("he".into(), false),
                ("said".into(), false),
                ("should".into(), true),
                ("have".into(), true),
                ("then".into(), false),
                ("x".into(), true),
                ("and".into(), false),
                ("open".into(), false),
            ]
        );
    }

    #[test]
    fn case_rules() {
        assert!(case_ok("human", "human", false));
        assert!(case_ok("Human", "human", true));
        assert!(!case_ok("Human", "human", false));
        assert!(!case_ok("HUMAN", "human", true));
    }
}
