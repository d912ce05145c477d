//! Tokens of one prose run, with byte offsets into the report's source.
//!
//! The rules need more than phrase search: who the subject of "failed to"
//! is, whether a phrase is negated, which sentence a name is in. A tiny
//! tokenizer (words and punctuation) is enough for that and keeps the plugin
//! free of a regex engine.

use pirlint_plugin_sdk::text;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    Word,
    Punct(char),
}

#[derive(Clone, Debug)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Lower-cased text with a curly apostrophe folded to `'`.
    pub lower: String,
    pub kind: Kind,
    /// Inside double quotes or backticks within the run: someone else's
    /// words (a chat line, an error message), never flagged.
    pub quoted: bool,
}

impl Tok {
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    /// The word without a possessive `'s` (`Dave's` → `Dave`).
    pub fn base(&self) -> &str {
        for suffix in ["'s", "’s", "'S"] {
            if let Some(b) = self.text.strip_suffix(suffix) {
                if !b.is_empty() {
                    return b;
                }
            }
        }
        &self.text
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

/// Tokenizes `[start, end)` of `source`.
pub fn tokenize(source: &str, start: usize, end: usize) -> Vec<Tok> {
    let s = source.get(start..end).unwrap_or("");
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut quote_open: Option<char> = None;
    while i < chars.len() {
        let (off, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if text::is_word_char(c) {
            let mut j = i + 1;
            while j < chars.len() {
                let cj = chars[j].1;
                if text::is_word_char(cj) {
                    j += 1;
                } else if joiner(cj) && j + 1 < chars.len() && text::is_word_char(chars[j + 1].1) {
                    j += 2;
                } else {
                    break;
                }
            }
            let e = chars.get(j).map_or(s.len(), |x| x.0);
            let t = &s[off..e];
            out.push(Tok {
                start: start + off,
                end: start + e,
                text: t.to_string(),
                lower: t.to_lowercase().replace('’', "'"),
                kind: Kind::Word,
                quoted: quote_open.is_some(),
            });
            i = j;
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
        out.push(Tok {
            start: start + off,
            end: start + off + c.len_utf8(),
            text: c.to_string(),
            lower: c.to_string(),
            kind: Kind::Punct(c),
            quoted: tok_quoted,
        });
        i += 1;
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
    let mut c = want.chars();
    match c.next() {
        Some(f) => {
            let cap: String = f.to_uppercase().chain(c).collect();
            found == cap
        }
        None => false,
    }
}

/// Splits a phrase into the lower-case words the tokenizer would produce.
pub fn phrase_words(phrase: &str) -> Vec<String> {
    tokenize(phrase, 0, phrase.len())
        .into_iter()
        .filter(Tok::is_word)
        .map(|t| t.lower)
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
        if !case_ok(&t.text.replace('’', "'"), w, start_ok && k == 0) {
            return None;
        }
    }
    Some(i + words.len())
}

/// Word tokens before `i` in the same clause, nearest first.
pub fn clause_before(toks: &[Tok], i: usize) -> impl Iterator<Item = (usize, &Tok)> {
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
            .map(|t| (t.text, t.quoted))
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
